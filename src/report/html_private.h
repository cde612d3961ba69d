/* report/html_private.h - what html.c shares with svg.c */
#ifndef LD_REPORT_HTML_PRIVATE_H
#define LD_REPORT_HTML_PRIVATE_H

#include <glib.h>
#include <stddef.h>

/* Append `text` (from a message, or anything else) to `out` for HTML
 * text or a double-quoted attribute value: control characters and bidi
 * overrides made visible (ld_report_safe_append()), then every & < > ' "
 * escaped by g_markup_escape_text() (html.c). */
void ld_html__text(GString *out, const char *text);

/* One bar of a chart. */
typedef struct ld_html__bar {
	const char *label;  /* unescaped (message text, a date, ...);
			     * borrowed */
	size_t value;
} ld_html__bar;

/* An inline <svg> bar chart, one horizontal bar per row of `bars`
 * (ld_html__bar), labels at the left, values at the bars' ends.  Its
 * accessible name is <title id="ID-title"> holding `title`; `id` is the
 * program's (ASCII, no message text) (svg.c). */
void ld_html__svg_bars(GString *out, const char *id, const char *title,
		       const GArray *bars);

/* An inline <svg> column chart of a time series: one column per row of
 * `bars` (ld_html__bar, labels "YYYY-MM-DD" or "YYYY-MM"), oldest at the
 * left, a value axis and the first, middle and last labels under it
 * (svg.c). */
void ld_html__svg_columns(GString *out, const char *id, const char *title,
			  const GArray *bars);

#endif
