/* report/markdown.c - the digest as GitHub-flavoured Markdown
 *
 * The text report's content in the same order, as GFM: the "top N" lists,
 * the statistics and the patch list as pipe tables, the pull requests,
 * then one "###" heading per series with a "####" heading per printed
 * message (linked to its archive page when --archive-url gives one) and
 * its commit message in a fenced code block, and the "Not counted" list.
 *
 * Every piece of text from a message goes through one of four writers,
 * one per Markdown context: put_text() (inline text: table cells,
 * headings, link text), put_code() (code spans: addresses, Message-IDs,
 * pull URLs), put_fence() (fenced code blocks) and put_dest() (link
 * destinations).  Their rules are above each; control characters become
 * visible escapes (safe.c) in all of them, fences included.  No line
 * outside a fence starts with message text: each starts with the
 * report's own words or markup ("#", "|", "**", "- "), which is what lets
 * put_text() leave "." alone in most places.
 *
 * Owns nothing: what it builds is freed before each writer returns.
 */
#include "report/report.h"
#include "report/report_private.h"

#include <string.h>

#include "util/error.h"

/* Days a per-day table may span; longer ranges are counted by month
 * (as text_stats.c does). */
#define MAX_DAYS 62

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/*
 * Inline text.  CommonMark lets a backslash escape any ASCII punctuation
 * character and then shows the character itself, so the escaping never
 * changes what the reader sees:
 *   - always escaped: \ ` * _ { } [ ] < > ( ) # + - ! | ~ & : @ $, so
 *     that nothing becomes emphasis, strikethrough, a code span, a link or
 *     image, an autolink ("<...>", or GFM's bare "https://..."), raw HTML,
 *     an entity, a table cell boundary (GFM splits rows on "|" before
 *     anything else), a heading's closing "#", or GitHub math ("$...$");
 *   - "." only after a digit ("1." opens a list) or after "www" (GFM's
 *     bare www autolink): elsewhere it means nothing, and escaping every
 *     one would make the Markdown source hard to read;
 *   - a newline becomes a space: a table row and a heading are one line,
 *     and a new line could open a block (a heading, a fence, a list).
 * Then ld_report_safe_append() makes control characters visible.  It runs
 * last so that its escapes read "\u202e" in the source too: a backslash
 * before a letter is literal in CommonMark, and every backslash of the
 * text itself has been doubled already.
 * Not prevented: GFM links bare e-mail addresses in subjects and names
 * ("mailto:") whatever is escaped, and github.com may add its @mention
 * and #123 links to the rendered text; addresses the report shows itself
 * are code spans (put_person()).
 */
static bool is_www(const char *start, const char *p)
{
	return p - start >= 3 && g_ascii_strncasecmp(p - 3, "www", 3) == 0;
}

static void escape_inline(GString *to, const char *text)
{
	const char *p;

	for (p = text; *p; p++) {
		if (*p == '\n') {
			g_string_append_c(to, ' ');
			continue;
		}
		if (strchr("\\`*_{}[]<>()#+-!|~&:@$", *p) ||
		    (*p == '.' && p > text &&
		     (g_ascii_isdigit(p[-1]) || is_www(text, p))))
			g_string_append_c(to, '\\');
		g_string_append_c(to, *p);
	}
}

static void put_text(FILE *out, const char *text)
{
	GString *md = g_string_sized_new(strlen(text) + 16);
	GString *safe = g_string_sized_new(strlen(text) + 16);

	escape_inline(md, text);
	ld_report_safe_append(safe, md->str);
	fwrite(safe->str, 1, safe->len, out);
	g_string_free(md, TRUE);
	g_string_free(safe, TRUE);
}

/* The longest run of backticks in `text`. */
static size_t longest_backticks(const char *text)
{
	size_t run = 0, longest = 0;

	for (const char *p = text; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	return longest;
}

static void put_backticks(FILE *out, size_t n)
{
	while (n--)
		fputc('`', out);
}

/*
 * Code spans.  The content is literal (no backslash escapes), so only the
 * delimiters matter: a run of backticks one longer than the longest run
 * inside, and a space inside each end when the content starts or ends
 * with a backtick or a space (CommonMark strips one space from each end,
 * and a backtick there would join the delimiter).  In a table cell "|"
 * still ends the cell, code or not, and is written "\|" (GFM drops the
 * backslash).  Newlines become spaces, as in put_text().
 */
static void put_code(FILE *out, const char *text, bool in_table)
{
	GString *safe = g_string_sized_new(strlen(text) + 16);
	GString *body = g_string_sized_new(strlen(text) + 16);
	size_t ticks;
	bool pad = false;

	ld_report_safe_append(safe, text);
	for (const char *p = safe->str; *p; p++) {
		if (*p == '|' && in_table)
			g_string_append_c(body, '\\');
		g_string_append_c(body, *p == '\n' ? ' ' : *p);
	}
	/* Content of spaces only is kept as it is, and an empty span would
	 * be two literal backticks: write nothing. */
	if (strspn(body->str, " ") < body->len)
		pad = body->str[0] == '`' || body->str[0] == ' ' ||
		      body->str[body->len - 1] == '`' ||
		      body->str[body->len - 1] == ' ';
	ticks = longest_backticks(body->str) + 1;
	if (body->len) {
		put_backticks(out, ticks);
		fputs(pad ? " " : "", out);
		fwrite(body->str, 1, body->len, out);
		fputs(pad ? " " : "", out);
		put_backticks(out, ticks);
	}
	g_string_free(safe, TRUE);
	g_string_free(body, TRUE);
}

/*
 * Fenced code blocks.  The content is literal; a line holding only a run
 * of at least as many backticks as the opening fence would close it, so
 * the fence is one longer than the longest run of backticks anywhere in
 * the content, and at least 3.  The info string stays empty.  Only
 * control characters are replaced (a CR would end a line).
 */
static void put_fence(FILE *out, const char *text)
{
	GString *safe = g_string_sized_new(strlen(text) + 16);
	size_t fence;

	ld_report_safe_append(safe, text);
	fence = longest_backticks(safe->str) + 1;
	if (fence < 3)
		fence = 3;
	put_backticks(out, fence);
	fputc('\n', out);
	fwrite(safe->str, 1, safe->len, out);
	if (safe->len && safe->str[safe->len - 1] != '\n')
		fputc('\n', out);
	put_backticks(out, fence);
	fputs("\n\n", out);
	g_string_free(safe, TRUE);
}

/*
 * Link destinations, written "<...>" so that "(", ")" and spaces cannot
 * end them, with every byte that could still end or change one
 * percent-escaped: controls, space, non-ASCII, "<" and ">", "\" (an
 * escape even there), "&" (an entity would be decoded) and "|" (a table
 * cell boundary even there).  public-inbox decodes the path, so an
 * escaped byte names the same message.
 */
static void put_dest(FILE *out, const char *url)
{
	fputc('<', out);
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		if (*p <= 0x20 || *p >= 0x7f || strchr("<>\\&|", *p))
			fprintf(out, "%%%02X", *p);
		else
			fputc(*p, out);
	}
	fputc('>', out);
}

/* `text` as a link to the archive page of `message_id`, or as plain text
 * without an archive URL; `code`: a code span. */
static void put_link(FILE *out, const ld_report_options *opts,
		     const char *message_id, const char *text, bool code,
		     bool in_table)
{
	char *url = ld_report_message_url(opts, message_id);

	if (url)
		fputc('[', out);
	if (code)
		put_code(out, text, in_table);
	else
		put_text(out, *text ? text : "(no subject)");
	if (url) {
		fputs("](", out);
		put_dest(out, url);
		fputc(')', out);
	}
	g_free(url);
}

/* A person's name; the address's local part stands in for a missing
 * one, as in ld_person_display(). */
static void put_display_name(FILE *out, const ld_person *p)
{
	const char *at = strchr(p->email, '@');
	char *local;

	if (*p->name) {
		put_text(out, p->name);
		return;
	}
	local = g_strndup(p->email, at ? (size_t)(at - p->email) :
			  strlen(p->email));
	put_text(out, *local ? local : "(unknown)");
	g_free(local);
}

/* "Name `<addr>`": the address is a code span, so that GFM does not make
 * it a mailto: link. */
static void put_person(FILE *out, const ld_person *p, bool in_table)
{
	char *addr;

	put_display_name(out, p);
	if (!*p->email)
		return;
	addr = g_strdup_printf("<%s>", p->email);
	fputc(' ', out);
	put_code(out, addr, in_table);
	g_free(addr);
}

/* A name, else the address as a code span (the text report shows the
 * address then). */
static void put_name(FILE *out, const ld_person *p, bool in_table)
{
	if (*p->name || !*p->email)
		put_display_name(out, p);
	else
		put_code(out, p->email, in_table);
}

static void put_heading(FILE *out, int level, const char *title)
{
	fprintf(out, "%.*s %s\n\n", level, "######", title);
}

/* The range of the first line, worded as the text report's. */
static void put_title(FILE *out, const ld_digest *d)
{
	char *words = ld_report_title_words(d);

	fputs("# ", out);
	put_text(out, d->list);
	/* Our own words (hex, days, "(start)"): nothing to escape. */
	fprintf(out, " %s\n\n", words);
	g_free(words);
}

/* A "top N" table: domains, organisations or people. */
static void put_counts(FILE *out, const char *heading, const char *column,
		       const GPtrArray *rows, bool people)
{
	put_heading(out, 2, heading);
	if (!rows->len) {
		fputs("None.\n\n", out);
		return;
	}
	if (people)
		fputs("| Count | Name | Address |\n| ---: | --- | --- |\n", out);
	else
		fprintf(out, "| Count | %s |\n| ---: | --- |\n", column);
	for (guint i = 0; i < rows->len; i++) {
		const ld_count *c = g_ptr_array_index(rows, i);

		fprintf(out, "| %zu | ", c->count);
		if (people) {
			ld_person p = { c->name, c->email };

			put_display_name(out, &p);
			fputs(" | ", out);
			put_code(out, c->email, true);
		} else {
			put_text(out, c->key);
		}
		fputs(" |\n", out);
	}
	fputc('\n', out);
}

/* The five "top N" tables, in the text report's order. */
static void put_tops(FILE *out, const ld_digest *d)
{
	char *h;

	h = g_strdup_printf("Top %d contributor email domains (based on "
			    "email body)", d->top);
	put_counts(out, h, "Domain", d->top_domains, false);
	g_free(h);
	h = g_strdup_printf("Top %d contributors (based on email body)",
			    d->top);
	put_counts(out, h, NULL, d->top_contributors, true);
	g_free(h);
	if (d->top_organisations) {
		h = g_strdup_printf("Top %d organisations (based on email "
				    "body)", d->top);
		put_counts(out, h, "Organisation", d->top_organisations,
			   false);
		g_free(h);
	}
	h = g_strdup_printf("Top %d reviewers (Reviewed-by, Acked-by, "
			    "Tested-by given in replies)", d->top);
	put_counts(out, h, NULL, d->stats.top_reviewers, true);
	g_free(h);
	h = g_strdup_printf("Top %d participants (messages sent)", d->top);
	put_counts(out, h, NULL, d->stats.top_participants, true);
	g_free(h);
}

/* The message a series' links point to: its cover, else patch 1. */
static const char *head_mid(const ld_series *s)
{
	const ld_series_msg *m = s->printed->len ?
				 g_ptr_array_index(s->printed, 0) : NULL;

	return m ? m->message_id : "";
}

/* "RFC RESEND net-next v4, 11 patches" */
static void put_series_kind(FILE *out, const ld_series *s)
{
	fputs(s->rfc ? "RFC " : "", out);
	fputs(s->resend ? "RESEND " : "", out);
	if (*s->tags) {
		put_text(out, s->tags);
		fputc(' ', out);
	}
	fprintf(out, "v%d, %d %s", s->version, s->total,
		plural((size_t)s->total, "patch", "patches"));
}

/* "10/11, missing 7 9-11": runs of missing numbers as ranges. */
static void put_received(FILE *out, const ld_series *s)
{
	char *runs = ld_report_missing_runs(s->missing, " ");

	fprintf(out, "%u/%d%s%s", s->patches->len, s->total,
		*runs ? ", missing " : "", runs);
	g_free(runs);
}

static void put_author_cell(FILE *out, const ld_series *s)
{
	if (*s->author.name)
		put_text(out, s->author.name);
	else
		put_code(out, s->author.email, true);
}

static void put_patch_list(FILE *out, const ld_digest *d,
			   const ld_report_options *opts)
{
	put_heading(out, 2, "Patch list in this time period");
	if (!d->series->len) {
		fputs("None.\n\n", out);
		return;
	}
	fputs("| Series | Title | Author | Status | Received | Replies | "
	      "Reviews |\n| --- | --- | --- | --- | --- | ---: | ---: |\n",
	      out);
	for (guint i = 0; i < d->series->len; i++) {
		const ld_series *s = g_ptr_array_index(d->series, i);

		fputs("| ", out);
		put_series_kind(out, s);
		fputs(" | ", out);
		put_link(out, opts, head_mid(s), s->title, false, true);
		fputs(" | ", out);
		put_author_cell(out, s);
		fprintf(out, " | %s", ld_series_status_name(s->status));
		if (s->matched_by)
			fprintf(out, " of v%d", s->prev_version);
		fputs(" | ", out);
		put_received(out, s);
		fprintf(out, " | %zu | %u |\n", s->replies, s->reviews->len);
	}
	fputc('\n', out);
}

/* "`URL ref`" and "`base` (N authors)" of a pull request. */
static void put_pull_cells(FILE *out, const ld_pull_request *p)
{
	char *pull = g_strdup_printf("%s%s%s", p->url, *p->ref ? " " : "",
				     p->ref);

	fputs(" | ", out);
	put_code(out, *p->url ? pull : "", true);
	fputs(" | ", out);
	if (*p->base) {
		put_code(out, p->base, true);
		fprintf(out, " (%d %s)", p->authors,
			plural((size_t)p->authors, "author", "authors"));
	}
	fputs(" |\n", out);
	g_free(pull);
}

static void put_pulls(FILE *out, const ld_digest *d,
		      const ld_report_options *opts)
{
	if (!d->pulls->len)
		return;
	put_heading(out, 2, "Pull requests");
	fputs("| Date | Subject | From | Pull | Since |\n"
	      "| --- | --- | --- | --- | --- |\n", out);
	for (guint i = 0; i < d->pulls->len; i++) {
		const ld_pull_request *p = g_ptr_array_index(d->pulls, i);
		char day[16];

		ld_report_day(day, p->date, false);
		fprintf(out, "| %s | ", day);
		put_link(out, opts, p->message_id, p->subject, false, true);
		fputs(" | ", out);
		put_person(out, &p->sender, true);
		put_pull_cells(out, p);
	}
	fputc('\n', out);
}

static void put_total(FILE *out, const char *what, size_t n)
{
	fprintf(out, "| %s | %zu |\n", what, n);
}

static void put_totals(FILE *out, const ld_totals *t)
{
	put_heading(out, 3, "Totals");
	fputs("| Counted | Number |\n| --- | ---: |\n", out);
	put_total(out, "Messages", t->messages);
	put_total(out, "Patches", t->patches);
	put_total(out, "Cover letters", t->cover_letters);
	put_total(out, "Replies", t->replies);
	put_total(out, "Pull requests", t->pull_requests);
	put_total(out, "Other", t->other);
	put_total(out, "From bots", t->bots);
	put_total(out, "Series", t->series);
	put_total(out, "New series", t->series_new);
	put_total(out, "Revisions", t->series_revisions);
	put_total(out, "Resends", t->series_resends);
	put_total(out, "Authors", t->authors);
	put_total(out, "Participants", t->participants);
	fputc('\n', out);
}

/* How many rows of `len` a list shows (--top), as text_stats.c. */
/* After a table cut at --top; "None." for an empty list. */
static void put_more(FILE *out, guint len, guint n)
{
	if (!len)
		fputs("None.\n\n", out);
	else if (len > n)
		fprintf(out, "... and %u more (--top, or --format json)\n\n",
			len - n);
}

static void put_newcomers(FILE *out, const ld_digest *d,
			  const ld_report_options *opts)
{
	const GPtrArray *rows = d->stats.first_time_authors;
	guint n = ld_report_shown(d, rows->len);
	char *h = g_strdup_printf("First-time authors: %u", rows->len);

	put_heading(out, 3, h);
	g_free(h);
	if (n)
		fputs("| Author | Address | First patch | Date |\n"
		      "| --- | --- | --- | --- |\n", out);
	for (guint i = 0; i < n; i++) {
		const ld_newcomer *c = g_ptr_array_index(rows, i);
		char day[16];

		fputs("| ", out);
		put_display_name(out, &c->who);
		fputs(" | ", out);
		put_code(out, c->who.email, true);
		fputs(" | ", out);
		put_link(out, opts, c->message_id, c->subject, false, true);
		ld_report_day(day, c->date, false);
		fprintf(out, " | %s |\n", day);
	}
	if (n)
		fputc('\n', out);
	put_more(out, rows->len, n);
}

static void name_md(const ld_person *who, void *out)
{
	put_name(out, who, true);
}

static void words_md(const char *words, void *out)
{
	fputs(words, out);
}

static void put_names(FILE *out, const GPtrArray *people)
{
	ld_report_names(people, name_md, words_md, out);
}

static void put_threads(FILE *out, const ld_digest *d,
			const ld_report_options *opts)
{
	const GPtrArray *rows = d->stats.busiest_threads;

	put_heading(out, 3, "Busiest threads (replies in this period)");
	if (!rows->len) {
		fputs("None.\n\n", out);
		return;
	}
	fputs("| Replies | Messages | Thread | Participants |\n"
	      "| ---: | ---: | --- | --- |\n", out);
	for (guint i = 0; i < rows->len; i++) {
		const ld_thread *t = g_ptr_array_index(rows, i);

		fprintf(out, "| %zu | %zu | ", t->replies, t->messages);
		put_link(out, opts, t->message_id, t->subject, false, true);
		fputs(" | ", out);
		put_names(out, t->participants);
		fputs(" |\n", out);
	}
	fputc('\n', out);
}

static void put_unanswered(FILE *out, const ld_digest *d,
			   const ld_report_options *opts)
{
	const GPtrArray *rows = d->stats.unanswered;
	guint n = ld_report_shown(d, rows->len);
	char *h = g_strdup_printf("Unanswered series: %u", rows->len);

	put_heading(out, 3, h);
	g_free(h);
	if (n)
		fputs("| Series | Author | Date |\n| --- | --- | --- |\n",
		      out);
	for (guint i = 0; i < n; i++) {
		const ld_series *s = g_ptr_array_index(rows, i);
		char day[16];

		fputs("| ", out);
		put_link(out, opts, head_mid(s), s->subject, false, true);
		fputs(" | ", out);
		put_author_cell(out, s);
		ld_report_day(day, s->date, false);
		fprintf(out, " | %s |\n", day);
	}
	if (n)
		fputc('\n', out);
	put_more(out, rows->len, n);
}

static void put_response(FILE *out, const ld_digest *d,
			 const ld_report_options *opts)
{
	const ld_stats *st = &d->stats;
	char when[32];

	put_heading(out, 3, "Time to first response");
	if (st->median_response < 0) {
		fputs("No series answered", out);
	} else {
		ld_report_duration(when, st->median_response);
		fprintf(out, "Median %s", when);
	}
	fprintf(out, " (%zu answered, %u unanswered).\n\n", st->answered,
		st->unanswered->len);
	if (!st->slowest->len)
		return;
	fputs("| Slowest | Series |\n| ---: | --- |\n", out);
	for (guint i = 0; i < st->slowest->len; i++) {
		const ld_series *s = g_ptr_array_index(st->slowest, i);

		ld_report_duration(when, ld_series_first_response(s));
		fprintf(out, "| %s | ", when);
		put_link(out, opts, head_mid(s), s->title, false, true);
		fputs(" |\n", out);
	}
	fputc('\n', out);
}

/* A row per day, quiet days included, or per month (months with
 * messages only) beyond MAX_DAYS, as the text report: ld_report_periods(). */
static void put_per_day(FILE *out, const ld_digest *d)
{
	bool by_month;
	GArray *rows = ld_report_periods(d->stats.per_day, MAX_DAYS, 0,
					 &by_month);

	if (rows->len) {
		put_heading(out, 3, by_month ? "Messages per month" :
			    "Messages per day");
		fprintf(out, "| %s | Messages |\n| --- | ---: |\n",
			by_month ? "Month" : "Day");
	}
	for (guint i = 0; i < rows->len; i++) {
		const ld_report_period *row =
			&g_array_index(rows, ld_report_period, i);

		fprintf(out, "| %s | %zu |\n", row->label, row->messages);
	}
	if (rows->len)
		fputc('\n', out);
	g_array_free(rows, TRUE);
}

static void put_stats(FILE *out, const ld_digest *d,
		      const ld_report_options *opts)
{
	put_heading(out, 2, "Statistics");
	put_totals(out, &d->totals);
	put_newcomers(out, d, opts);
	put_threads(out, d, opts);
	put_unanswered(out, d, opts);
	put_response(out, d, opts);
	put_per_day(out, d);
}

static const char *const labels[] = {
	[LD_SERIES_NEW] = "New",
	[LD_SERIES_REVISION] = "Revision",
	[LD_SERIES_RESEND] = "Resend",
};

/* "**Previous:** v2 of 2023-03-10, `<id>` (matched by title)" */
static void put_previous(FILE *out, const ld_series *s,
			 const ld_report_options *opts)
{
	char *mid = g_strdup_printf("<%s>", s->prev_message_id);
	char day[16];

	ld_report_day(day, s->prev_date, false);
	fprintf(out, "**Previous:** v%d of %s, ", s->prev_version, day);
	put_link(out, opts, s->prev_message_id, mid, true, false);
	fprintf(out, " (matched by %s)\n\n", s->matched_by);
	g_free(mid);
}

/* "### New: title", then per printed message (cover, first patch) its
 * subject as a "####" heading linked to the archive, its sender and its
 * commit message. */
static void put_series_messages(FILE *out, const ld_series *s,
				const ld_report_options *opts)
{
	fprintf(out, "### %s: ", labels[s->status]);
	put_text(out, *s->title ? s->title : "(no subject)");
	fputs("\n\n", out);
	if (s->matched_by)
		put_previous(out, s, opts);
	for (guint j = 0; j < s->printed->len; j++) {
		const ld_series_msg *m = g_ptr_array_index(s->printed, j);

		fputs("#### ", out);
		put_link(out, opts, m->message_id, m->subject, false, false);
		fputs("\n\n**Author:** ", out);
		put_person(out, &m->sender, false);
		fputs("\n\n", out);
		put_fence(out, m->commit_message ? m->commit_message : "");
	}
}

/* Every blob that was not counted and why, as the text report's footer
 * (the same lines go to stderr). */
static void put_skipped(FILE *out, const ld_digest *d)
{
	if (!d->warnings->len)
		return;
	put_heading(out, 2, "Not counted");
	for (guint i = 0; i < d->warnings->len; i++) {
		fputs("- ", out);
		put_text(out, g_ptr_array_index(d->warnings, i));
		fputc('\n', out);
	}
	fputc('\n', out);
}

typedef struct messages_ctx {
	const ld_digest *d;
	const ld_report_options *opts;
} messages_ctx;

/* An ld_report__item_fn(): the commit messages of series `i`. */
static void series_messages(FILE *out, guint i, const void *ctx)
{
	const messages_ctx *c = ctx;

	put_series_messages(out, g_ptr_array_index(c->d->series, i), c->opts);
}

int ld_report_markdown(FILE *out, const ld_digest *d,
		       const ld_report_options *opts)
{
	messages_ctx c = { d, opts };
	int error;

	put_title(out, d);
	put_tops(out, d);
	put_patch_list(out, d, opts);
	put_pulls(out, d, opts);
	put_stats(out, d, opts);
	put_heading(out, 2, "Patch commit messages");
	error = ld_report__each(out, d->series->len, series_messages, &c,
				opts);
	put_skipped(out, d);
	if (error < 0)
		return error;
	if (fflush(out) != 0 || ferror(out)) {
		ld_error_set("cannot write the report");
		return LD_ERROR;
	}
	return LD_OK;
}
