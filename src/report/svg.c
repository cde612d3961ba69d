/* report/svg.c - the HTML page's charts, drawn as inline SVG
 *
 * Two kinds: horizontal bars for the top-N tables (domains, contributors,
 * organisations, reviewers) and columns for messages over time.  The
 * drawing carries no colour and no font of its own: elements have classes
 * (bar, label, value, grid, axis, tick) that the page's <style> colours,
 * text is fill:currentColor, so the charts follow prefers-color-scheme.
 * Labels are message text like any other and go through ld_html__text().
 * Coordinates are written with g_ascii_formatd(): a locale with a decimal
 * comma must not break the drawing.
 *
 * Owns nothing.
 */
#include <string.h>

#include "report/html_private.h"
#include "report/report.h"

/* Bars: the viewBox is BARS_W wide and scales with the page; labels end
 * at BARS_LABEL_END, bars start at BARS_X, the longest is BARS_LEN long
 * and its value follows it. */
#define BARS_W 480
#define BARS_LABEL_END 190
#define BARS_X 198
#define BARS_LEN 226
#define ROW_H 24
#define BAR_H 16
/* SVG text does not wrap: longer labels are cut (the table under the
 * chart has them whole).  20 characters of a wide sans-serif font
 * (DejaVu Sans, ~0.6 em) at 13-15 px fit the 190 px before the bars. */
#define LABEL_CHARS 20

/* Columns: the plot area is inside these margins of a COLS_W x COLS_H
 * viewBox, flat enough for a wide screen; on a phone the page's CSS
 * enlarges the text (the margins leave room for it). */
#define COLS_W 800
#define COLS_H 220
#define COLS_LEFT 56
#define COLS_RIGHT 8
#define COLS_TOP 14
#define COLS_BOTTOM 36
#define PLOT_W (COLS_W - COLS_LEFT - COLS_RIGHT)
#define PLOT_H (COLS_H - COLS_TOP - COLS_BOTTOM)

static void num(GString *out, double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];

	g_string_append(out, g_ascii_formatd(buf, sizeof(buf), "%.1f", v));
}

/* ` NAME="V"` with a number V. */
static void attr(GString *out, const char *name, double v)
{
	g_string_append_printf(out, " %s=\"", name);
	num(out, v);
	g_string_append_c(out, '"');
}

static size_t max_value(const GArray *bars)
{
	size_t max = 0;

	for (guint i = 0; i < bars->len; i++)
		if (g_array_index(bars, ld_html__bar, i).value > max)
			max = g_array_index(bars, ld_html__bar, i).value;
	return max;
}

/* `kind`: "bars" or "columns", a class for the page's CSS. */
static void open_svg(GString *out, const char *kind, const char *id,
		     const char *title, int width, double height)
{
	g_string_append_printf(out, "<svg class=\"chart %s\" id=\"%s\" "
			       "role=\"img\" aria-labelledby=\"%s-title\" "
			       "viewBox=\"0 0 %d ", kind, id, id, width);
	num(out, height);
	g_string_append_printf(out, "\"><title id=\"%s-title\">", id);
	ld_html__text(out, title);
	g_string_append(out, "</title>");
}

/* A label cut to LABEL_CHARS characters, made safe before it is cut so
 * that the cut cannot split an escape of safe.c's into something else. */
static void put_label(GString *out, const char *text)
{
	GString *safe = g_string_new(NULL);

	ld_report_safe_append(safe, text);
	if (g_utf8_strlen(safe->str, -1) > LABEL_CHARS) {
		char *cut = g_utf8_substring(safe->str, 0, LABEL_CHARS - 1);

		g_string_assign(safe, cut);
		g_string_append(safe, "\xe2\x80\xa6"); /* U+2026 ... */
		g_free(cut);
	}
	ld_html__text(out, safe->str);
	g_string_free(safe, TRUE);
}

/* A bar's tooltip: "label: value", the label whole. */
static void put_tip(GString *out, const ld_html__bar *b)
{
	g_string_append(out, "<title>");
	ld_html__text(out, b->label);
	g_string_append_printf(out, ": %zu</title>", b->value);
}

static void put_bar(GString *out, const ld_html__bar *b, guint row,
		    size_t max)
{
	double y = (double)row * ROW_H, mid = y + ROW_H / 2.0;
	double len = max ? (double)b->value * BARS_LEN / (double)max : 0;

	if (b->value && len < 1)
		len = 1;
	g_string_append_printf(out, "<text class=\"label\" x=\"%d\"",
			       BARS_LABEL_END);
	attr(out, "y", mid);
	g_string_append(out, " text-anchor=\"end\" "
			"dominant-baseline=\"central\">");
	put_label(out, b->label);
	g_string_append_printf(out, "</text><rect class=\"bar\" x=\"%d\"",
			       BARS_X);
	attr(out, "y", y + (ROW_H - BAR_H) / 2.0);
	attr(out, "width", len);
	g_string_append_printf(out, " height=\"%d\" rx=\"2\">", BAR_H);
	put_tip(out, b);
	g_string_append(out, "</rect><text class=\"value\"");
	attr(out, "x", BARS_X + len + 6);
	attr(out, "y", mid);
	g_string_append_printf(out, " dominant-baseline=\"central\">%zu"
			       "</text>", b->value);
}

void ld_html__svg_bars(GString *out, const char *id, const char *title,
		       const GArray *bars)
{
	size_t max = max_value(bars);

	open_svg(out, "bars", id, title, BARS_W, (double)bars->len * ROW_H);
	for (guint i = 0; i < bars->len; i++)
		put_bar(out, &g_array_index(bars, ld_html__bar, i), i, max);
	g_string_append(out, "</svg>");
}

/* The top of the value axis: 1, 2 or 5 times a power of ten, at least
 * `max`, so that its ticks are round numbers. */
static size_t axis_top(size_t max)
{
	size_t step = 1;

	for (;;) {
		if (max <= step)
			return step;
		if (max <= 2 * step)
			return 2 * step;
		if (max <= 5 * step)
			return 5 * step;
		step *= 10;
	}
}

static double value_y(size_t value, size_t top)
{
	return COLS_TOP + PLOT_H - (double)value * PLOT_H / (double)top;
}

/* Grid lines and their values at 0, half the top (when a whole number)
 * and the top. */
static void put_grid(GString *out, size_t top)
{
	size_t ticks[3] = { 0, top / 2, top };

	for (int i = 0; i < 3; i++) {
		double y = value_y(ticks[i], top);

		if (i == 1 && top % 2)
			continue;
		g_string_append_printf(out, "<line class=\"%s\" x1=\"%d\" "
				       "x2=\"%d\"", i ? "grid" : "axis",
				       COLS_LEFT, COLS_W - COLS_RIGHT);
		attr(out, "y1", y);
		attr(out, "y2", y);
		g_string_append_printf(out, "/><text class=\"tick\" "
				       "x=\"%d\"", COLS_LEFT - 6);
		attr(out, "y", y);
		g_string_append_printf(out, " text-anchor=\"end\" "
				       "dominant-baseline=\"central\">%zu"
				       "</text>", ticks[i]);
	}
}

/* Columns of quiet periods are not drawn; their gap is the chart. */
static void put_columns(GString *out, const GArray *bars, size_t top)
{
	double width = (double)PLOT_W / bars->len;
	/* A gap between columns while they are wide enough to show one. */
	double gap = width >= 4 ? 1 : width >= 2 ? 0.5 : 0;

	for (guint i = 0; i < bars->len; i++) {
		const ld_html__bar *b = &g_array_index(bars, ld_html__bar, i);
		double y = value_y(b->value, top);

		if (!b->value)
			continue;
		g_string_append(out, "<rect class=\"column\"");
		attr(out, "x", COLS_LEFT + i * width + gap / 2);
		attr(out, "y", y);
		attr(out, "width", width - gap);
		attr(out, "height", COLS_TOP + PLOT_H - y);
		g_string_append_c(out, '>');
		put_tip(out, b);
		g_string_append(out, "</rect>");
	}
}

static void put_date(GString *out, const GArray *bars, guint i,
		     const char *anchor)
{
	double width = (double)PLOT_W / bars->len;
	double x = strcmp(anchor, "start") == 0 ? COLS_LEFT + i * width :
		   strcmp(anchor, "end") == 0 ? COLS_LEFT + (i + 1) * width :
		   COLS_LEFT + (i + 0.5) * width;

	g_string_append(out, "<text class=\"tick\"");
	attr(out, "x", x);
	g_string_append_printf(out, " y=\"%d\" text-anchor=\"%s\">",
			       COLS_H - 6, anchor);
	ld_html__text(out, g_array_index(bars, ld_html__bar, i).label);
	g_string_append(out, "</text>");
}

/* The first, middle and last labels: three dates always fit the width. */
static void put_dates(GString *out, const GArray *bars)
{
	guint n = bars->len;

	if (n == 1) {
		put_date(out, bars, 0, "middle");
		return;
	}
	put_date(out, bars, 0, "start");
	if (n >= 5)
		put_date(out, bars, (n - 1) / 2, "middle");
	put_date(out, bars, n - 1, "end");
}

void ld_html__svg_columns(GString *out, const char *id, const char *title,
			  const GArray *bars)
{
	size_t top = axis_top(max_value(bars));

	open_svg(out, "columns", id, title, COLS_W, COLS_H);
	put_grid(out, top);
	if (bars->len) {
		put_columns(out, bars, top);
		put_dates(out, bars);
	}
	g_string_append(out, "</svg>");
}
