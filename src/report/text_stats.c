/* report/text_stats.c - the statistics of the plain-text digest
 *
 * Two more people tables follow the contributors (reviewers, participants)
 * and a "===== Statistics =====" section follows the patch list: totals,
 * first-time authors, busiest threads, unanswered series, the time to a
 * first response and messages per day.  Lists are cut at --top with a
 * line saying how many more the JSON report holds.
 *
 * Owns nothing.
 */
#include <string.h>

#include "report/text_private.h"

/* Days a per-day chart may span; longer ranges are charted by month. */
#define MAX_DAYS 62
/* Width of the longest bar of a chart. */
#define BAR_WIDTH 40

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

void ld_text__people(FILE *out, const ld_digest *d, bool color)
{
	fputc('\n', out);
	ld_text__heading(out, color, "Top %d reviewers (Reviewed-by, "
			 "Acked-by, Tested-by given in replies)", d->top);
	fputc('\n', out);
	ld_text__table(out, d->stats.top_reviewers, true);
	fputc('\n', out);
	ld_text__heading(out, color, "Top %d participants (messages sent)",
			 d->top);
	fputc('\n', out);
	ld_text__table(out, d->stats.top_participants, true);
}

static void put_totals(FILE *out, const ld_digest *d)
{
	const ld_totals *t = &d->totals;

	fprintf(out, "Messages: %zu (%zu %s, %zu cover %s, %zu %s, "
		"%zu pull %s, %zu other)", t->messages, t->patches,
		plural(t->patches, "patch", "patches"), t->cover_letters,
		plural(t->cover_letters, "letter", "letters"), t->replies,
		plural(t->replies, "reply", "replies"), t->pull_requests,
		plural(t->pull_requests, "request", "requests"), t->other);
	if (t->bots)
		fprintf(out, ", %zu from bots", t->bots);
	fprintf(out, "\nSeries: %zu (%zu new, %zu %s, %zu %s)\n", t->series,
		t->series_new, t->series_revisions,
		plural(t->series_revisions, "revision", "revisions"),
		t->series_resends, plural(t->series_resends, "resend",
					  "resends"));
	fprintf(out, "People: %zu %s, %zu %s\n\n", t->authors,
		plural(t->authors, "author", "authors"), t->participants,
		plural(t->participants, "participant", "participants"));
}

/* After a list cut at --top: how many more the JSON report holds. */
static void put_more(FILE *out, guint len, guint n)
{
	if (len > n)
		fprintf(out, "  ... and %u more (--top, or --format json)\n",
			len - n);
}

static void put_newcomers(FILE *out, const ld_digest *d)
{
	const GPtrArray *rows = d->stats.first_time_authors;
	guint i, n = ld_report_shown(d, rows->len);

	fprintf(out, "First-time authors: %u\n\n", rows->len);
	for (i = 0; i < n; i++) {
		const ld_newcomer *c = g_ptr_array_index(rows, i);
		char *who = ld_person_display(&c->who);
		char day[16];

		ld_report_day(day, c->date, false);
		fputs("  ", out);
		ld_text__put_line(out, who);
		fputs("    ", out);
		ld_text__put(out, c->subject);
		fprintf(out, " (%s)\n", day);
		g_free(who);
	}
	put_more(out, rows->len, n);
	fputs(rows->len ? "\n" : "  (none)\n\n", out);
}

static void name_text(const ld_person *who, void *out)
{
	ld_text__put(out, ld_report_short_name(who));
}

static void words_text(const char *words, void *out)
{
	fputs(words, out);
}

static void put_names(FILE *out, const GPtrArray *people)
{
	ld_report_names(people, name_text, words_text, out);
}

static void put_threads(FILE *out, const ld_digest *d)
{
	const GPtrArray *rows = d->stats.busiest_threads;
	guint i;

	fprintf(out, "Busiest threads (replies in this period)\n\n");
	for (i = 0; i < rows->len; i++) {
		const ld_thread *t = g_ptr_array_index(rows, i);

		fprintf(out, "%7zu ", t->replies);
		ld_text__put_line(out, t->subject);
		fputs("        participants: ", out);
		put_names(out, t->participants);
		fputc('\n', out);
	}
	fputs(rows->len ? "\n" : "  (none)\n\n", out);
}

static void put_unanswered(FILE *out, const ld_digest *d)
{
	const GPtrArray *rows = d->stats.unanswered;
	guint i, n = ld_report_shown(d, rows->len);

	fprintf(out, "Unanswered series: %u\n\n", rows->len);
	for (i = 0; i < n; i++) {
		const ld_series *s = g_ptr_array_index(rows, i);
		char day[16];

		ld_report_day(day, s->date, false);
		fputs("  ", out);
		ld_text__put(out, s->subject);
		fputs(" | ", out);
		ld_text__put(out, *s->author.name ? s->author.name :
			     s->author.email);
		fprintf(out, " | %s\n", day);
	}
	put_more(out, rows->len, n);
	fputs(rows->len ? "\n" : "  (none)\n\n", out);
}

static void put_response(FILE *out, const ld_digest *d)
{
	const ld_stats *st = &d->stats;
	char when[32];
	guint i;

	fputs("Time to first response: ", out);
	if (st->median_response < 0) {
		fputs("no series answered", out);
	} else {
		ld_report_duration(when, st->median_response);
		fprintf(out, "median %s", when);
	}
	fprintf(out, " (%zu answered, %u unanswered)%s\n\n", st->answered,
		st->unanswered->len, st->slowest->len ? "; slowest:" : "");
	for (i = 0; i < st->slowest->len; i++) {
		const ld_series *s = g_ptr_array_index(st->slowest, i);

		ld_report_duration(when, ld_series_first_response(s));
		fprintf(out, "%9s  ", when);
		ld_text__put_line(out, s->title);
	}
	if (st->slowest->len)
		fputc('\n', out);
}

static void put_bar(FILE *out, const char *label, size_t count, size_t max)
{
	size_t width = max ? (count * BAR_WIDTH + max - 1) / max : 0;

	fprintf(out, "  %-10s %6zu%s", label, count, width ? " " : "");
	for (size_t i = 0; i < width; i++)
		fputc('#', out);
	fputc('\n', out);
}

/* A bar per day, quiet days included, or per month (months with
 * messages only) beyond MAX_DAYS: ld_report_periods(). */
static void put_per_day(FILE *out, const ld_digest *d)
{
	bool by_month;
	GArray *rows = ld_report_periods(d->stats.per_day, MAX_DAYS, 0,
					 &by_month);
	size_t max = 0;
	guint i;

	if (!rows->len) {
		g_array_free(rows, TRUE);
		return;
	}
	for (i = 0; i < rows->len; i++)
		max = MAX(max, g_array_index(rows, ld_report_period,
					     i).messages);
	fputs(by_month ? "Messages per month\n\n" : "Messages per day\n\n",
	      out);
	for (i = 0; i < rows->len; i++) {
		const ld_report_period *row =
			&g_array_index(rows, ld_report_period, i);

		put_bar(out, row->label, row->messages, max);
	}
	fputc('\n', out);
	g_array_free(rows, TRUE);
}

void ld_text__stats(FILE *out, const ld_digest *d, bool color)
{
	ld_text__heading(out, color, "===== Statistics =====");
	fputc('\n', out);
	put_totals(out, d);
	put_newcomers(out, d);
	put_threads(out, d);
	put_unanswered(out, d);
	put_response(out, d);
	put_per_day(out, d);
}
