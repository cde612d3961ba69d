/* report/html.c - the digest as one self-contained HTML page
 *
 * One document with its CSS in a single <style> element and nothing
 * else to fetch: no script, no image, no font, no stylesheet, so that it
 * reads the same from a file, a web server or the text/html part of an
 * email (email.c calls ld_report_html() on its own stream).  It shows
 * what the text report shows: the top-N tables as inline SVG bar charts
 * (svg.c) with their numbers in tables, messages per day (or month), the
 * patch list, the pull requests, the statistics, and each series in a
 * <details> with its commit messages in <pre>.  Messages are linked to
 * the archive when the options give its URL.
 *
 * Everything that comes from a message goes through ld_html__text():
 * control characters made visible (safe.c), then g_markup_escape_text(),
 * so no message text can become markup.
 *
 * Owns: the page's GString, for one call.
 */
#include "report/report.h"

#include <stdarg.h>
#include <string.h>

#include "report/html_private.h"
#include "report/report_private.h"
#include "util/error.h"

/* Days a per-day chart may span; longer ranges are charted by month. */
#define MAX_DAYS 400
/* Months a per-month chart fills the quiet ones of; beyond that (bogus
 * dates, 1980 or 2037, in a long range) it shows only months with
 * messages rather than decades of nothing. */
#define MAX_MONTHS 600

/* Light colours, dark ones for prefers-color-scheme: dark; the charts use
 * the same variables through their classes (svg.c). */
static const char css[] =
	":root{color-scheme:light dark;--bg:#fcfcfd;--fg:#1d2127;"
	"--muted:#5d6670;--line:#d7dce2;--head:#eef1f5;--code:#f3f5f8;"
	"--bar:#3069c9;--col:#2a8c7f;--link:#1a5cc0;--new:#1a7f37;"
	"--revision:#8a5a00;--resend:#0b6b8a}\n"
	"@media (prefers-color-scheme:dark){:root{--bg:#15181c;--fg:#e2e6ea;"
	"--muted:#9aa5b0;--line:#353c45;--head:#20262d;--code:#1c2127;"
	"--bar:#6ea2f7;--col:#4fc3b3;--link:#8ab8ff;--new:#5ad16a;"
	"--revision:#e3b341;--resend:#5cc8e0}}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;background:var(--bg);color:var(--fg);"
	"font:16px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,"
	"sans-serif}\n"
	"header,main,footer{max-width:76rem;margin:0 auto;padding:0 1rem}\n"
	"h1{font-size:1.6rem;line-height:1.25;margin:1.5rem 0 .25rem;"
	"overflow-wrap:anywhere}\n"
	"h2{font-size:1.3rem;margin:2.2rem 0 .8rem;padding-bottom:.2rem;"
	"border-bottom:1px solid var(--line)}\n"
	"h3{font-size:1.05rem;margin:1.2rem 0 .4rem;overflow-wrap:anywhere}\n"
	"a{color:var(--link)}\n"
	"code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"
	"monospace}\n"
	"pre{overflow-x:auto;background:var(--code);border-radius:6px;"
	"padding:.75rem;font-size:.85rem;line-height:1.45;margin:.5rem 0}\n"
	".scroll{overflow-x:auto;max-width:100%}\n"
	"table{border-collapse:collapse;font-size:.9rem;width:100%}\n"
	"th,td{text-align:left;vertical-align:top;padding:.3rem .6rem;"
	"border-bottom:1px solid var(--line)}\n"
	"thead th{background:var(--head);white-space:nowrap}\n"
	".n{text-align:right;font-variant-numeric:tabular-nums;"
	"white-space:nowrap}\n"
	".wrap{min-width:16rem;overflow-wrap:anywhere}\n"
	".nowrap{white-space:nowrap}\n"
	".muted,.note{color:var(--muted)}\n"
	".range{color:var(--muted);margin:0 0 1rem}\n"
	".cards{display:grid;gap:.75rem;grid-template-columns:"
	"repeat(auto-fit,minmax(min(100%,12rem),1fr))}\n"
	".card{border:1px solid var(--line);border-radius:8px;"
	"padding:.6rem .8rem}\n"
	".card .num{display:block;font-size:1.7rem;font-weight:600;"
	"line-height:1.2}\n"
	".card small{display:block;color:var(--muted)}\n"
	".charts{display:grid;gap:1.5rem 2.5rem;grid-template-columns:"
	"repeat(auto-fit,minmax(min(100%,28rem),1fr))}\n"
	"figure{margin:0;min-width:0}\n"
	"figure.wide{grid-column:1/-1}\n"
	"figcaption{font-weight:600;margin-bottom:.4rem}\n"
	"svg.chart{display:block;width:100%;height:auto;max-width:48rem;"
	"color:var(--fg);font:13px system-ui,sans-serif}\n"
	"figure.wide svg.chart{max-width:none}\n"
	"svg .bar{fill:var(--bar)}\n"
	"svg .column{fill:var(--col)}\n"
	"svg text{fill:currentColor}\n"
	"svg .tick{fill:var(--muted);font-size:12px}\n"
	"svg .grid{stroke:var(--line)}\n"
	"svg .axis{stroke:var(--muted)}\n"
	"svg.columns .tick{font-size:13px}\n"
	/* A chart's text scales with its viewBox: where a phone shrinks
	 * the charts, make it bigger so that it still reads. */
	"@media (max-width:40rem){svg.bars{font-size:15px}"
	"svg.columns .tick{font-size:26px}}\n"
	"details{margin:.4rem 0}\n"
	"summary{cursor:pointer}\n"
	"details.series{border:1px solid var(--line);border-radius:8px;"
	"padding:.5rem .8rem;margin:.6rem 0}\n"
	"details.series>summary{overflow-wrap:anywhere}\n"
	"details.series[open]>summary{margin-bottom:.5rem}\n"
	"dl.facts{display:grid;grid-template-columns:max-content 1fr;"
	"gap:.15rem 1rem;margin:.5rem 0}\n"
	"dl.facts dt{color:var(--muted)}\n"
	"dl.facts dd{margin:0;overflow-wrap:anywhere}\n"
	"ul.msgs{padding-left:1.2rem;overflow-wrap:anywhere}\n"
	".badge{display:inline-block;font-size:.75rem;font-weight:600;"
	"padding:0 .4rem;border:1px solid currentColor;border-radius:4px;"
	"white-space:nowrap;vertical-align:.1em}\n"
	".new{color:var(--new)}\n"
	".revision{color:var(--revision)}\n"
	".resend{color:var(--resend)}\n"
	".tags{color:var(--muted);white-space:nowrap}\n"
	"footer{color:var(--muted);font-size:.85rem;padding-top:2rem;"
	"padding-bottom:2rem}\n";

typedef struct page {
	GString *h;
	const ld_digest *d;
	const ld_report_options *o;
} page;

void ld_html__text(GString *out, const char *text)
{
	GString *safe = g_string_sized_new(strlen(text) + 16);
	char *escaped;

	ld_report_safe_append(safe, text);
	escaped = g_markup_escape_text(safe->str, (gssize)safe->len);
	g_string_append(out, escaped);
	g_free(escaped);
	g_string_free(safe, TRUE);
}

/* Message text, escaped. */
static void text(page *p, const char *s)
{
	ld_html__text(p->h, s ? s : "");
}

/* Markup: the program's own, never message text. */
static void raw(page *p, const char *s)
{
	g_string_append(p->h, s);
}

static void rawf(page *p, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void rawf(page *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	g_string_append_vprintf(p->h, fmt, ap);
	va_end(ap);
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* `label` linked to the archive's page of `message_id`, or plain text
 * without an archive URL.  The URL is escaped like text: a Message-ID
 * may hold & and ' (public-inbox leaves sub-delimiters unescaped). */
static void put_link(page *p, const char *message_id, const char *label)
{
	char *url = ld_report_message_url(p->o, message_id);

	if (url) {
		raw(p, "<a href=\"");
		text(p, url);
		raw(p, "\">");
	}
	text(p, label);
	if (url)
		raw(p, "</a>");
	g_free(url);
}

static void put_person(page *p, const ld_person *who)
{
	char *display = ld_person_display(who);

	text(p, display);
	g_free(display);
}

static void put_day(page *p, int64_t when)
{
	char day[16];

	ld_report_day(day, when, false);
	raw(p, day);
}

/* After a list cut at --top: how many more the JSON report holds. */
static void put_more(page *p, guint len, guint n)
{
	if (len > n)
		rawf(p, "<p class=\"note\">&#8230; and %u more (--top, or "
		     "--format json)</p>\n", len - n);
}

/* The range's two ends as the text report's first line has them: commits
 * for a git archive, the days of the messages, or those of --since and
 * --until (typed in local time, so shown in local time). */
static void put_range(page *p)
{
	const ld_digest *d = p->d;
	ld_report_range r;

	ld_report_range_ends(&r, d);
	raw(p, "<p class=\"range\">");
	if (d->is_git)
		rawf(p, "Commits <code>%s</code> to <code>%s</code>, ", r.from,
		     r.to);
	rawf(p, "%s %s to %s</p>\n", d->is_git ? "messages dated" :
	     "Messages dated", r.first_day, r.last_day);
}

static void put_head(page *p)
{
	raw(p, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n"
	    "<meta name=\"color-scheme\" content=\"light dark\">\n"
	    "<meta name=\"generator\" content=\"listdigest " LD_VERSION
	    "\">\n<title>");
	text(p, p->d->list);
	raw(p, " mailing list update</title>\n<style>\n");
	raw(p, css);
	raw(p, "</style>\n</head>\n<body>\n<header>\n<h1>");
	text(p, p->d->list);
	raw(p, " mailing list update</h1>\n");
	put_range(p);
	raw(p, "</header>\n<main>\n");
}

static void card_open(page *p, const char *id, const char *num,
		      const char *what)
{
	rawf(p, "<div class=\"card\" id=\"total-%s\"><span class=\"num\">"
	     "%s</span> %s", id, num, what);
}

static void put_cards(page *p)
{
	const ld_totals *t = &p->d->totals;
	const ld_stats *st = &p->d->stats;
	char n[32];

	raw(p, "<section id=\"summary\">\n<h2>Summary</h2>\n"
	    "<div class=\"cards\">\n");
	g_snprintf(n, sizeof(n), "%zu", t->messages);
	card_open(p, "messages", n, plural(t->messages, "message",
					   "messages"));
	rawf(p, "<small>%zu %s, %zu cover %s, %zu %s, %zu pull %s, %zu "
	     "other", t->patches, plural(t->patches, "patch", "patches"),
	     t->cover_letters, plural(t->cover_letters, "letter", "letters"),
	     t->replies, plural(t->replies, "reply", "replies"),
	     t->pull_requests, plural(t->pull_requests, "request",
				      "requests"), t->other);
	if (t->bots)
		rawf(p, "; %zu from bots", t->bots);
	raw(p, "</small></div>\n");
	g_snprintf(n, sizeof(n), "%zu", t->series);
	card_open(p, "series", n, "series");
	rawf(p, "<small>%zu new, %zu %s, %zu %s</small></div>\n",
	     t->series_new, t->series_revisions,
	     plural(t->series_revisions, "revision", "revisions"),
	     t->series_resends, plural(t->series_resends, "resend",
				       "resends"));
	g_snprintf(n, sizeof(n), "%zu", t->authors);
	card_open(p, "authors", n, plural(t->authors, "author", "authors"));
	rawf(p, "<small>%zu %s, %u first-time</small></div>\n",
	     t->participants, plural(t->participants, "participant",
				     "participants"),
	     st->first_time_authors->len);
	if (st->median_response < 0)
		g_strlcpy(n, "none", sizeof(n));
	else
		ld_report_duration(n, st->median_response);
	card_open(p, "response", n, "median first response");
	rawf(p, "<small>%zu answered, %u unanswered</small></div>\n",
	     st->answered, st->unanswered->len);
	raw(p, "</div>\n</section>\n");
}

/* A chart's <figure>; `wide` spans the whole width of the grid. */
static void figure_open(page *p, const char *id, const char *caption,
			bool wide)
{
	rawf(p, "<figure id=\"fig-%s\"%s>\n<figcaption>", id,
	     wide ? " class=\"wide\"" : "");
	text(p, caption);
	raw(p, "</figcaption>\n");
}

/* The numbers of a chart, for screen readers and for copying. */
static void numbers_open(page *p)
{
	raw(p, "<details class=\"numbers\"><summary>Numbers</summary>\n"
	    "<div class=\"scroll\"><table>\n");
}

static void numbers_close(page *p)
{
	raw(p, "</tbody></table></div>\n</details>\n");
}

/* A scrolling table (of class `cls`, or none) with the header cells
 * `columns`; when there are no `rows`, the note `none` instead, and false:
 * nothing to fill or close. */
static bool table_open(page *p, guint rows, const char *cls,
		       const char *columns, const char *none)
{
	if (!rows) {
		rawf(p, "<p class=\"note\">%s</p>\n", none);
		return false;
	}
	rawf(p, "<div class=\"scroll\"><table%s%s%s>\n<thead><tr>%s</tr>"
	     "</thead>\n<tbody>\n", cls ? " class=\"" : "", cls ? cls : "",
	     cls ? "\"" : "", columns);
	return true;
}

static void table_close(page *p)
{
	raw(p, "</tbody></table></div>\n");
}

/* Rows of a top-N table: `key_heading` names the key column, NULL for
 * people (name and address columns). */
static void put_count_rows(page *p, const GPtrArray *rows,
			   const char *key_heading, const char *count_heading)
{
	numbers_open(p);
	if (key_heading)
		rawf(p, "<thead><tr><th>%s</th>", key_heading);
	else
		raw(p, "<thead><tr><th>Name</th><th>Address</th>");
	rawf(p, "<th class=\"n\">%s</th></tr></thead>\n<tbody>\n",
	     count_heading);
	for (guint i = 0; i < rows->len; i++) {
		const ld_count *c = g_ptr_array_index(rows, i);

		raw(p, "<tr><td>");
		text(p, key_heading ? c->key : c->name);
		if (!key_heading) {
			raw(p, "</td><td>");
			text(p, c->email);
		}
		rawf(p, "</td><td class=\"n\">%zu</td></tr>\n", c->count);
	}
	numbers_close(p);
}

/* A top-N table as a bar chart and its numbers. */
static void chart_counts(page *p, const char *id, const char *caption,
			 const GPtrArray *rows, const char *key_heading,
			 const char *count_heading)
{
	GArray *bars = g_array_new(FALSE, FALSE, sizeof(ld_html__bar));
	char *svg_id = g_strconcat("chart-", id, NULL);

	figure_open(p, id, caption, false);
	for (guint i = 0; i < rows->len; i++) {
		const ld_count *c = g_ptr_array_index(rows, i);
		ld_html__bar bar = { key_heading ? c->key :
				     *c->name ? c->name : c->email,
				     c->count };

		g_array_append_val(bars, bar);
	}
	if (rows->len) {
		ld_html__svg_bars(p->h, svg_id, caption, bars);
		raw(p, "\n");
		put_count_rows(p, rows, key_heading, count_heading);
	} else {
		raw(p, "<p class=\"note\">None in this period.</p>\n");
	}
	raw(p, "</figure>\n");
	g_array_free(bars, TRUE);
	g_free(svg_id);
}

static void put_period_rows(page *p, const GArray *bars, bool months)
{
	numbers_open(p);
	rawf(p, "<thead><tr><th>%s</th><th class=\"n\">Messages</th></tr>"
	     "</thead>\n<tbody>\n", months ? "Month" : "Day");
	for (guint i = 0; i < bars->len; i++) {
		const ld_html__bar *b = &g_array_index(bars, ld_html__bar, i);

		raw(p, "<tr><td>");
		text(p, b->label);
		rawf(p, "</td><td class=\"n\">%zu</td></tr>\n", b->value);
	}
	numbers_close(p);
}

/* per_day lists only days with messages: the chart fills the gaps
 * (ld_report_periods()). */
static void chart_days(page *p)
{
	bool months;
	GArray *rows = ld_report_periods(p->d->stats.per_day, MAX_DAYS,
					 MAX_MONTHS, &months);
	GArray *bars = g_array_sized_new(FALSE, FALSE, sizeof(ld_html__bar),
					 rows->len);
	const char *caption = months ? "Messages per month" :
			      "Messages per day";

	for (guint i = 0; i < rows->len; i++) {
		ld_report_period *row = &g_array_index(rows, ld_report_period,
						       i);
		ld_html__bar bar = { row->label, row->messages };

		g_array_append_val(bars, bar);
	}
	figure_open(p, "days", caption, true);
	if (bars->len) {
		ld_html__svg_columns(p->h, "chart-days", caption, bars);
		raw(p, "\n");
		put_period_rows(p, bars, months);
	} else {
		raw(p, "<p class=\"note\">No dated messages.</p>\n");
	}
	raw(p, "</figure>\n");
	g_array_free(bars, TRUE);
	g_array_free(rows, TRUE);
}

static void put_charts(page *p)
{
	const ld_digest *d = p->d;
	char *caption;

	raw(p, "<section id=\"activity\">\n<h2>Activity</h2>\n"
	    "<div class=\"charts\">\n");
	chart_days(p);
	caption = g_strdup_printf("Top %d contributor email domains "
				  "(patches and cover letters, by in-body "
				  "author)", d->top);
	chart_counts(p, "domains", caption, d->top_domains, "Domain",
		     "Messages");
	g_free(caption);
	caption = g_strdup_printf("Top %d contributors (patches and cover "
				  "letters)", d->top);
	chart_counts(p, "contributors", caption, d->top_contributors, NULL,
		     "Messages");
	g_free(caption);
	if (d->top_organisations) {
		caption = g_strdup_printf("Top %d organisations", d->top);
		chart_counts(p, "organisations", caption,
			     d->top_organisations, "Organisation",
			     "Messages");
		g_free(caption);
	}
	caption = g_strdup_printf("Top %d reviewers (Reviewed-by, Acked-by, "
				  "Tested-by given in replies)", d->top);
	chart_counts(p, "reviewers", caption, d->stats.top_reviewers, NULL,
		     "Trailers");
	g_free(caption);
	raw(p, "</div>\n</section>\n");
}

static void put_participants(page *p)
{
	const GPtrArray *rows = p->d->stats.top_participants;

	rawf(p, "<section id=\"participants\">\n<h2>Top %d participants "
	     "(messages sent)</h2>\n", p->d->top);
	if (table_open(p, rows->len, NULL, "<th>Name</th><th>Address</th>"
		       "<th class=\"n\">Messages</th>", "None.")) {
		for (guint i = 0; i < rows->len; i++) {
			const ld_count *c = g_ptr_array_index(rows, i);

			raw(p, "<tr><td>");
			text(p, c->name);
			raw(p, "</td><td>");
			text(p, c->email);
			rawf(p, "</td><td class=\"n\">%zu</td></tr>\n",
			     c->count);
		}
		table_close(p);
	}
	raw(p, "</section>\n");
}

/* The Message-ID of a series' cover, else of its first patch. */
static const char *head_mid(const ld_series *s)
{
	const ld_series_msg *m = s->printed->len ?
				 g_ptr_array_index(s->printed, 0) : NULL;

	return m ? m->message_id : "";
}

/* "[RFC RESEND net-next v4, 11 patches]" */
static void put_tags(page *p, const ld_series *s)
{
	raw(p, "<span class=\"tags\">[");
	if (s->rfc)
		raw(p, "RFC ");
	if (s->resend)
		raw(p, "RESEND ");
	if (*s->tags) {
		text(p, s->tags);
		raw(p, " ");
	}
	rawf(p, "v%d, %d patch%s]</span>", s->version, s->total,
	     s->total == 1 ? "" : "es");
}

/* "new", "revision of v3", "resend of v2" in the status's colour. */
static void put_status(page *p, const ld_series *s)
{
	const char *name = ld_series_status_name(s->status);

	rawf(p, "<span class=\"badge %s\">%s", name, name);
	if (s->matched_by)
		rawf(p, " of v%d", s->prev_version);
	raw(p, "</span>");
}

/* Runs of missing numbers as ranges: "missing 1-26, 28-30". */
static void put_missing(page *p, const GArray *missing)
{
	char *runs = ld_report_missing_runs(missing, ", ");

	if (*runs)
		rawf(p, "missing %s", runs);
	g_free(runs);
}

static void put_series_row(page *p, const ld_series *s)
{
	raw(p, "<tr><td class=\"wrap\">");
	put_tags(p, s);
	raw(p, " ");
	put_link(p, head_mid(s), s->title);
	raw(p, "</td><td>");
	text(p, ld_report_short_name(&s->author));
	raw(p, "</td><td>");
	put_status(p, s);
	rawf(p, "</td><td class=\"n\">%u/%d", s->patches->len, s->total);
	if (s->missing->len) {
		raw(p, "<br><span class=\"muted\">");
		put_missing(p, s->missing);
		raw(p, "</span>");
	}
	rawf(p, "</td><td class=\"n\">%zu</td><td class=\"n\">%u</td>"
	     "<td class=\"nowrap\">", s->replies, s->reviews->len);
	put_day(p, s->date);
	raw(p, "</td></tr>\n");
}

static void put_patch_list(page *p)
{
	const GPtrArray *series = p->d->series;

	raw(p, "<section id=\"patches\">\n<h2>Patch list</h2>\n");
	if (table_open(p, series->len, "patch-list", "<th>Series</th>"
		       "<th>Author</th><th>Status</th>"
		       "<th class=\"n\">Received</th><th class=\"n\">Replies</th>"
		       "<th class=\"n\">Reviews</th><th>Date</th>",
		       "No patches in this period.")) {
		for (guint i = 0; i < series->len; i++)
			put_series_row(p, g_ptr_array_index(series, i));
		table_close(p);
	}
	raw(p, "</section>\n");
}

static void put_pull(page *p, const ld_pull_request *r)
{
	raw(p, "<tr><td class=\"wrap\">");
	put_link(p, r->message_id, r->subject);
	raw(p, "</td><td>");
	put_person(p, &r->sender);
	raw(p, "</td><td class=\"nowrap\">");
	put_day(p, r->date);
	raw(p, "</td><td>");
	if (*r->url) {
		raw(p, "<code>");
		text(p, r->url);
		if (*r->ref) {
			raw(p, " ");
			text(p, r->ref);
		}
		raw(p, "</code>");
	}
	raw(p, "</td><td>");
	if (*r->base) {
		raw(p, "<code>");
		text(p, r->base);
		rawf(p, "</code> (%d %s)", r->authors,
		     plural((size_t)r->authors, "author", "authors"));
	}
	raw(p, "</td></tr>\n");
}

static void put_pulls(page *p)
{
	const GPtrArray *pulls = p->d->pulls;

	if (!pulls->len)
		return;
	raw(p, "<section id=\"pulls\">\n<h2>Pull requests</h2>\n");
	table_open(p, pulls->len, "pulls", "<th>Subject</th><th>From</th>"
		   "<th>Date</th><th>Pull</th><th>Since</th>", "None.");
	for (guint i = 0; i < pulls->len; i++)
		put_pull(p, g_ptr_array_index(pulls, i));
	table_close(p);
	raw(p, "</section>\n");
}

static void put_newcomers(page *p)
{
	const GPtrArray *rows = p->d->stats.first_time_authors;
	guint n = ld_report_shown(p->d, rows->len);

	rawf(p, "<h3 id=\"first-time-authors\">First-time authors: %u</h3>\n",
	     rows->len);
	if (!table_open(p, rows->len, NULL, "<th>Name</th><th>Address</th>"
			"<th>First patch</th><th>Date</th>", "None."))
		return;
	for (guint i = 0; i < n; i++) {
		const ld_newcomer *c = g_ptr_array_index(rows, i);

		raw(p, "<tr><td>");
		text(p, c->who.name);
		raw(p, "</td><td>");
		text(p, c->who.email);
		raw(p, "</td><td class=\"wrap\">");
		put_link(p, c->message_id, c->subject);
		raw(p, "</td><td class=\"nowrap\">");
		put_day(p, c->date);
		raw(p, "</td></tr>\n");
	}
	table_close(p);
	put_more(p, rows->len, n);
}

static void name_html(const ld_person *who, void *payload)
{
	text(payload, ld_report_short_name(who));
}

static void words_html(const char *words, void *payload)
{
	raw(payload, words);
}

static void put_names(page *p, const GPtrArray *people)
{
	ld_report_names(people, name_html, words_html, p);
}

static void put_threads(page *p)
{
	const GPtrArray *rows = p->d->stats.busiest_threads;

	raw(p, "<h3 id=\"busiest-threads\">Busiest threads (replies in this "
	    "period)</h3>\n");
	if (!table_open(p, rows->len, NULL, "<th class=\"n\">Replies</th>"
			"<th class=\"n\">Messages</th><th>Thread</th>"
			"<th>Participants</th>", "None."))
		return;
	for (guint i = 0; i < rows->len; i++) {
		const ld_thread *t = g_ptr_array_index(rows, i);

		rawf(p, "<tr><td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
		     "<td class=\"wrap\">", t->replies, t->messages);
		put_link(p, t->message_id, t->subject);
		raw(p, "</td><td>");
		put_names(p, t->participants);
		raw(p, "</td></tr>\n");
	}
	table_close(p);
}

static void put_unanswered(page *p)
{
	const GPtrArray *rows = p->d->stats.unanswered;
	guint n = ld_report_shown(p->d, rows->len);

	rawf(p, "<h3 id=\"unanswered\">Unanswered series: %u</h3>\n",
	     rows->len);
	if (!table_open(p, rows->len, NULL, "<th>Series</th><th>Author</th>"
			"<th>Date</th>", "None."))
		return;
	for (guint i = 0; i < n; i++) {
		const ld_series *s = g_ptr_array_index(rows, i);

		raw(p, "<tr><td class=\"wrap\">");
		put_link(p, head_mid(s), s->subject);
		raw(p, "</td><td>");
		text(p, ld_report_short_name(&s->author));
		raw(p, "</td><td class=\"nowrap\">");
		put_day(p, s->date);
		raw(p, "</td></tr>\n");
	}
	table_close(p);
	put_more(p, rows->len, n);
}

static void put_response(page *p)
{
	const ld_stats *st = &p->d->stats;
	char when[32];

	raw(p, "<h3 id=\"first-response\">Time to first response</h3>\n"
	    "<p>");
	if (st->median_response < 0) {
		raw(p, "No series answered");
	} else {
		ld_report_duration(when, st->median_response);
		rawf(p, "Median %s", when);
	}
	rawf(p, " (%zu answered, %u unanswered)%s</p>\n", st->answered,
	     st->unanswered->len, st->slowest->len ? "; the slowest:" : "");
	if (!st->slowest->len)
		return;
	table_open(p, st->slowest->len, NULL, "<th class=\"n\">Time</th>"
		   "<th>Series</th>", "None.");
	for (guint i = 0; i < st->slowest->len; i++) {
		const ld_series *s = g_ptr_array_index(st->slowest, i);

		ld_report_duration(when, ld_series_first_response(s));
		rawf(p, "<tr><td class=\"n\">%s</td><td class=\"wrap\">",
		     when);
		put_link(p, head_mid(s), s->title);
		raw(p, "</td></tr>\n");
	}
	table_close(p);
}

static void put_stats(page *p)
{
	raw(p, "<section id=\"statistics\">\n<h2>Statistics</h2>\n");
	put_newcomers(p);
	put_threads(p);
	put_unanswered(p);
	put_response(p);
	raw(p, "</section>\n");
}

static void put_previous(page *p, const ld_series *s)
{
	char day[16];

	ld_report_day(day, s->prev_date, false);
	rawf(p, "<dt>Previous</dt><dd>v%d of %s, ", s->prev_version, day);
	put_link(p, s->prev_message_id, s->prev_message_id);
	raw(p, " (matched by ");
	text(p, s->matched_by);
	raw(p, ")</dd>\n");
}

static void put_reviews(page *p, const GPtrArray *reviews)
{
	raw(p, "<dt>Reviews</dt><dd>");
	if (!reviews->len)
		raw(p, "none");
	for (guint i = 0; i < reviews->len; i++) {
		const ld_review *r = g_ptr_array_index(reviews, i);
		char *what = g_strdup_printf("%s: %s", r->trailer,
					     ld_report_short_name(&r->who));

		raw(p, i ? "<br>" : "");
		put_link(p, r->message_id, what);
		if (r->patch_number)
			rawf(p, " (patch %d)", r->patch_number);
		g_free(what);
	}
	raw(p, "</dd>\n");
}

static void put_facts(page *p, const ld_series *s)
{
	int64_t response = ld_series_first_response(s);
	char when[32] = "none";

	raw(p, "<dl class=\"facts\">\n<dt>Author</dt><dd>");
	put_person(p, &s->author);
	raw(p, "</dd>\n<dt>Date</dt><dd>");
	put_day(p, s->date);
	raw(p, "</dd>\n");
	if (s->matched_by)
		put_previous(p, s);
	rawf(p, "<dt>Received</dt><dd>%u of %d%s", s->patches->len,
	     s->total, s->missing->len ? ", " : "");
	put_missing(p, s->missing);
	rawf(p, "</dd>\n<dt>Replies</dt><dd>%zu %s", s->replies,
	     plural(s->replies, "reply", "replies"));
	if (s->participants->len) {
		raw(p, ", from ");
		put_names(p, s->participants);
	}
	raw(p, "</dd>\n");
	put_reviews(p, s->reviews);
	if (response >= 0)
		ld_report_duration(when, response);
	rawf(p, "<dt>First response</dt><dd>%s</dd>\n</dl>\n", when);
}

/* Every message of the series, linked. */
static void put_messages(page *p, const ld_series *s)
{
	raw(p, "<ul class=\"msgs\">\n");
	if (s->cover) {
		raw(p, "<li>");
		put_link(p, s->cover->message_id, s->cover->subject);
		raw(p, "</li>\n");
	}
	for (guint i = 0; i < s->patches->len; i++) {
		const ld_series_msg *m = g_ptr_array_index(s->patches, i);

		raw(p, "<li>");
		put_link(p, m->message_id, m->subject);
		raw(p, "</li>\n");
	}
	raw(p, "</ul>\n");
}

/* A message the report prints: its subject, author and commit message.
 * The <pre> holds message text only, escaped: "</pre>" in it is text.
 * HTML parsers drop a newline right after <pre>: one is written there so
 * that a commit message's own leading newline survives. */
static void put_block(page *p, const ld_series_msg *m)
{
	raw(p, "<article class=\"msg\">\n<h3>");
	put_link(p, m->message_id, m->subject);
	raw(p, "</h3>\n<p class=\"muted\">Author: ");
	put_person(p, &m->sender);
	raw(p, "</p>\n<pre>\n");
	text(p, m->commit_message);
	raw(p, "</pre>\n</article>\n");
}

static void put_series(page *p, const ld_series *s, guint index)
{
	rawf(p, "<details class=\"series\" id=\"series-%u\">\n<summary>",
	     index + 1);
	put_status(p, s);
	raw(p, " ");
	put_tags(p, s);
	raw(p, " <strong>");
	text(p, s->title);
	raw(p, "</strong> <span class=\"muted\">&#8212; ");
	text(p, ld_report_short_name(&s->author));
	raw(p, "</span></summary>\n");
	put_facts(p, s);
	put_messages(p, s);
	for (guint j = 0; j < s->printed->len; j++)
		put_block(p, g_ptr_array_index(s->printed, j));
	raw(p, "</details>\n");
}

/* An ld_report__item_fn(): series `i` of the page `ctx`, written
 * through a page of its own. */
static void series_item(FILE *out, guint i, const void *ctx)
{
	const page *whole = ctx;
	page p = { g_string_sized_new(16 * 1024), whole->d, whole->o };

	put_series(&p, g_ptr_array_index(p.d->series, i), i);
	fwrite(p.h->str, 1, p.h->len, out);
	g_string_free(p.h, TRUE);
}

/* The longest part of the page, rendered on -j threads: what was
 * built so far goes out first. */
static int put_commit_messages(page *p, FILE *out)
{
	const GPtrArray *series = p->d->series;
	int error;

	if (!series->len)
		return LD_OK;
	raw(p, "<section id=\"series\">\n<h2>Series and commit messages</h2>"
	    "\n");
	fwrite(p->h->str, 1, p->h->len, out);
	g_string_truncate(p->h, 0);
	error = ld_report__each(out, series->len, series_item, p, p->o);
	raw(p, "</section>\n");
	return error;
}

int ld_report_html(FILE *out, const ld_digest *d,
		   const ld_report_options *opts)
{
	ld_report_options none = LD_REPORT_OPTIONS_INIT;
	page p = { g_string_sized_new(64 * 1024), d, opts ? opts : &none };
	int error = LD_OK;

	put_head(&p);
	put_cards(&p);
	put_charts(&p);
	put_participants(&p);
	put_patch_list(&p);
	put_pulls(&p);
	put_stats(&p);
	error = put_commit_messages(&p, out);
	raw(&p, "</main>\n<footer>Made by listdigest " LD_VERSION
	    ": one file, no scripts, nothing fetched.</footer>\n"
	    "</body>\n</html>\n");
	if (error == LD_OK &&
	    (fwrite(p.h->str, 1, p.h->len, out) != p.h->len ||
	     fflush(out) != 0 || ferror(out))) {
		ld_error_set("cannot write the report");
		error = LD_ERROR;
	}
	g_string_free(p.h, TRUE);
	return error;
}
