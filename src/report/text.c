/* report/text.c - the plain-text digest
 *
 * The layout follows the historical "KVM mailing list update" mails line
 * for line (see docs and tests/cli/expected), fixing their defects: names
 * and subjects are decoded, subjects are whole, the patch list is filled.
 * Text from messages is written through ld_text__put(), which makes
 * control characters visible (safe.c) so that nothing in an archive can
 * drive the reader's terminal; --color adds ANSI colours to headings and
 * labels only.  The statistics section is text_stats.c's.
 *
 * Owns nothing.
 */
#include "report/report.h"

#include <stdarg.h>
#include <string.h>

#include "report/report_private.h"
#include "report/text_private.h"
#include "util/error.h"

#define RULE "----------------------------------------------------------" \
	     "------------"

void ld_text__put(FILE *out, const char *text)
{
	GString *safe = g_string_sized_new(strlen(text) + 16);

	ld_report_safe_append(safe, text);
	fwrite(safe->str, 1, safe->len, out);
	g_string_free(safe, TRUE);
}

void ld_text__heading(FILE *out, bool color, const char *fmt, ...)
{
	va_list ap;

	if (color)
		fputs("\033[1m", out);
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	if (color)
		fputs("\033[0m", out);
	fputc('\n', out);
}

/* A label before message text: "New:  ", "Author: ", ... */
static void label(FILE *out, bool color, const char *sgr, const char *text)
{
	if (color)
		fprintf(out, "\033[%sm%s\033[0m", sgr, text);
	else
		fputs(text, out);
}

void ld_text__put_line(FILE *out, const char *text)
{
	ld_text__put(out, text);
	fputc('\n', out);
}

void ld_text__table(FILE *out, const GPtrArray *rows, bool people)
{
	guint i;

	for (i = 0; i < rows->len; i++) {
		const ld_count *c = g_ptr_array_index(rows, i);

		fprintf(out, "%7zu ", c->count);
		if (people) {
			ld_person p = { c->name, c->email };
			char *who = ld_person_display(&p);

			ld_text__put_line(out, who);
			g_free(who);
		} else {
			ld_text__put_line(out, c->key);
		}
	}
}



static const char *const labels[] = {
	[LD_SERIES_NEW] = "New:  ",
	[LD_SERIES_REVISION] = "Revision:  ",
	[LD_SERIES_RESEND] = "Resend:  ",
};

static const char *const label_colors[] = {
	[LD_SERIES_NEW] = "1;32",
	[LD_SERIES_REVISION] = "1;33",
	[LD_SERIES_RESEND] = "1;36",
};

static void put_block(FILE *out, const ld_series *s, const ld_series_msg *m,
		      bool color)
{
	char *who = ld_person_display(&m->sender);
	char day[16];

	label(out, color, label_colors[s->status], labels[s->status]);
	ld_text__put_line(out, m->title);
	if (s->matched_by) {
		ld_report_day(day, s->prev_date, false);
		label(out, color, "2", "Previous:");
		fprintf(out, " v%d of %s, <", s->prev_version, day);
		ld_text__put(out, s->prev_message_id);
		fprintf(out, "> (matched by %s)\n", s->matched_by);
	}
	ld_text__put_line(out, m->subject);
	label(out, color, "1", "Author:");
	fputc(' ', out);
	ld_text__put_line(out, who);
	fputc('\n', out);
	ld_text__put_line(out, m->commit_message ? m->commit_message : "");
	fputs("\n" RULE "\n\n", out);
	g_free(who);
}

static size_t count_reviews(const ld_series *s)
{
	return s->reviews->len;
}

/* "[RFC net-next v4, 11 patches] title | author | revision of v3 |
 * 10/11 received, missing 7 | 4 replies, 2 reviews" */
static void put_series_line(FILE *out, const ld_series *s)
{
	size_t received = s->patches->len;
	char *missing = ld_report_missing_runs(s->missing, " ");

	fputc('[', out);
	if (s->rfc)
		fputs("RFC ", out);
	if (s->resend)
		fputs("RESEND ", out);
	if (*s->tags) {
		ld_text__put(out, s->tags);
		fputc(' ', out);
	}
	fprintf(out, "v%d, %d patch%s] ", s->version, s->total,
		s->total == 1 ? "" : "es");
	ld_text__put(out, s->title);
	fputs(" | ", out);
	ld_text__put(out, *s->author.name ? s->author.name : s->author.email);
	fprintf(out, " | %s", ld_series_status_name(s->status));
	if (s->matched_by)
		fprintf(out, " of v%d", s->prev_version);
	fprintf(out, " | %zu/%d received", received, s->total);
	if (s->missing->len)
		fprintf(out, ", missing %s", missing);
	g_free(missing);
	fprintf(out, " | %zu repl%s, %zu review%s\n", s->replies,
		s->replies == 1 ? "y" : "ies", count_reviews(s),
		count_reviews(s) == 1 ? "" : "s");
}

static void put_pulls(FILE *out, const GPtrArray *pulls, bool color)
{
	guint i;

	if (!pulls->len)
		return;
	ld_text__heading(out, color, "===== Pull requests =====");
	fputc('\n', out);
	for (i = 0; i < pulls->len; i++) {
		const ld_pull_request *p = g_ptr_array_index(pulls, i);
		char *who = ld_person_display(&p->sender);
		char day[16];

		ld_report_day(day, p->date, false);
		ld_text__put_line(out, p->subject);
		fputs("  From: ", out);
		ld_text__put(out, who);
		fprintf(out, ", %s\n", day);
		if (*p->url) {
			fputs("  Pull: ", out);
			ld_text__put(out, p->url);
			if (*p->ref) {
				fputc(' ', out);
				ld_text__put(out, p->ref);
			}
			fputc('\n', out);
		}
		if (*p->base) {
			fputs("  Since: ", out);
			ld_text__put(out, p->base);
			fprintf(out, " (%d author%s)\n", p->authors,
				p->authors == 1 ? "" : "s");
		}
		fputc('\n', out);
		g_free(who);
	}
}

/* A footer naming every blob that was not counted and why (the same
 * lines go to stderr), so that no message is lost without a word even
 * when only the report is kept. */
static void put_skipped(FILE *out, const ld_digest *d, bool color)
{
	guint i;

	if (!d->warnings->len)
		return;
	ld_text__heading(out, color, "===== Not counted =====");
	fputc('\n', out);
	for (i = 0; i < d->warnings->len; i++)
		ld_text__put_line(out, g_ptr_array_index(d->warnings, i));
	fputc('\n', out);
}

/* What the ld_report__item_fn()s below need: the digest, and whether
 * in colour. */
typedef struct text_ctx {
	const ld_digest *d;
	bool color;
} text_ctx;

/* The patch-list line of series `i`. */
static void series_line(FILE *out, guint i, const void *ctx)
{
	const text_ctx *c = ctx;

	put_series_line(out, g_ptr_array_index(c->d->series, i));
}

/* The commit-message blocks of series `i`. */
static void series_blocks(FILE *out, guint i, const void *ctx)
{
	const text_ctx *c = ctx;
	const ld_series *s = g_ptr_array_index(c->d->series, i);
	guint j;

	for (j = 0; j < s->printed->len; j++)
		put_block(out, s, g_ptr_array_index(s->printed, j), c->color);
}

/* The first line's range: commits for git archives, dates otherwise or
 * in addition when --since or --until narrowed it. */
static void put_range(FILE *out, const ld_digest *d)
{
	char *words = ld_report_title_words(d);

	fprintf(out, " %s\n\n", words);
	g_free(words);
}

int ld_report_text(FILE *out, const ld_digest *d,
		   const ld_report_options *opts)
{
	bool color = opts && opts->color;
	text_ctx c = { d, color };
	int error;

	ld_text__put(out, d->list);
	put_range(out, d);

	ld_text__heading(out, color, "Top %d contributor Email domains "
			 "(Based on Email Body)", d->top);
	fputc('\n', out);
	ld_text__table(out, d->top_domains, false);
	fputc('\n', out);
	ld_text__heading(out, color, "Top %d contributors (Based on Email Body)",
			 d->top);
	fputc('\n', out);
	ld_text__table(out, d->top_contributors, true);
	if (d->top_organisations) {
		fputc('\n', out);
		ld_text__heading(out, color, "Top %d organisations (Based on "
				 "Email Body)", d->top);
		fputc('\n', out);
		ld_text__table(out, d->top_organisations, false);
	}
	ld_text__people(out, d, color);

	fputc('\n', out);
	ld_text__heading(out, color, "===== Patch list in this time period "
			 "=====");
	fputc('\n', out);
	error = ld_report__each(out, d->series->len, series_line, &c, opts);
	fputc('\n', out);
	put_pulls(out, d->pulls, color);
	ld_text__stats(out, d, color);
	ld_text__heading(out, color, "===== Patch Commit Messages ====");
	fputc('\n', out);
	if (ld_report__each(out, d->series->len, series_blocks, &c, opts) < 0)
		error = LD_ERROR;
	put_skipped(out, d, color);
	if (error < 0)
		return error;
	if (fflush(out) != 0 || ferror(out)) {
		ld_error_set("cannot write the report");
		return LD_ERROR;
	}
	return LD_OK;
}
