/* model/stats.c - statistics of a range: series by status, top reviewers,
 * unanswered series, the time to a first response and messages per day
 *
 * A series is answered once someone other than its author and sender
 * replies to one of its messages in the range (reviews.c records the
 * earliest such reply's Date).  Its first response time is that Date
 * less the series' date; the median of an even count is the lower of the
 * two middle values.  Reviewers are counted by the review trailers they
 * gave in replies (a people tally: tally.c).  Messages are counted per UTC
 * day of their Date.
 *
 * Owns: the ld_count rows of top_reviewers and the per_day rows; the
 * series arrays borrow.
 */
#include "model/model.h"

#include <string.h>

#include "model/model_private.h"

static int64_t response(const ld_series *s)
{
	int64_t dt = s->first_reply - s->date;

	return dt < 0 ? 0 : dt;
}

static gint by_slowest(gconstpointer a, gconstpointer b)
{
	const ld_series *x = *(ld_series *const *)a;
	const ld_series *y = *(ld_series *const *)b;
	int64_t rx = response(x), ry = response(y);

	if (rx != ry)
		return rx < ry ? 1 : -1;
	return x->date < y->date ? -1 : x->date > y->date;
}

static gint by_int64(gconstpointer a, gconstpointer b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Whether the series has a measurable first response. */
static bool timed(const ld_series *s)
{
	return s->answered && s->first_reply && s->date;
}

static void count_reviewers(ld_digest *d)
{
	ld_model__tally *t = ld_model__tally_new();
	guint i, k;

	for (i = 0; i < d->series->len; i++) {
		const ld_series *s = g_ptr_array_index(d->series, i);

		for (k = 0; k < s->reviews->len; k++) {
			const ld_review *r = g_ptr_array_index(s->reviews, k);

			ld_model__tally_person(t, &r->who);
		}
	}
	d->stats.top_reviewers = ld_model__tally_top(t, d->top);
	ld_model__tally_free(t);
}

static gint by_day(gconstpointer a, gconstpointer b)
{
	const ld_day *x = a, *y = b;

	return x->day < y->day ? -1 : x->day > y->day;
}

void ld_model__per_day(ld_digest *d, GPtrArray *msgs)
{
	GHashTable *days = g_hash_table_new(g_int64_hash, g_int64_equal);
	GArray *rows = g_array_new(FALSE, FALSE, sizeof(ld_day));
	GHashTableIter it;
	gpointer value;
	guint i;

	for (i = 0; i < msgs->len; i++) {
		const ld_model__msg *m = g_ptr_array_index(msgs, i);
		ld_day *day;
		int64_t start;

		if (m->removed || !m->date)
			continue;
		/* Floor division: dates before 1970 are refused by parse/,
		 * but a negative one must still land on its own day. */
		start = m->date / 86400 - (m->date % 86400 < 0);
		start *= 86400;
		if (!(day = g_hash_table_lookup(days, &start))) {
			day = g_new0(ld_day, 1);
			day->day = start;
			g_hash_table_insert(days, &day->day, day);
		}
		day->messages++;
	}
	g_hash_table_iter_init(&it, days);
	while (g_hash_table_iter_next(&it, NULL, &value)) {
		g_array_append_val(rows, *(ld_day *)value);
		g_free(value);
	}
	g_hash_table_destroy(days);
	g_array_sort(rows, by_day);
	d->stats.per_day = rows;
}

void ld_model__stats(ld_digest *d)
{
	GArray *times = g_array_new(FALSE, FALSE, sizeof(int64_t));
	guint i;

	d->stats.unanswered = g_ptr_array_new();
	d->stats.slowest = g_ptr_array_new();
	d->stats.median_response = -1;
	for (i = 0; i < d->series->len; i++) {
		ld_series *s = g_ptr_array_index(d->series, i);

		switch (s->status) {
		case LD_SERIES_NEW:
			d->totals.series_new++;
			break;
		case LD_SERIES_REVISION:
			d->totals.series_revisions++;
			break;
		case LD_SERIES_RESEND:
			d->totals.series_resends++;
			break;
		}
		if (!s->answered) {
			g_ptr_array_add(d->stats.unanswered, s);
			continue;
		}
		d->stats.answered++;
		if (timed(s)) {
			int64_t dt = response(s);

			g_array_append_val(times, dt);
			g_ptr_array_add(d->stats.slowest, s);
		}
	}
	if (times->len) {
		g_array_sort(times, by_int64);
		d->stats.median_response =
			g_array_index(times, int64_t, (times->len - 1) / 2);
	}
	g_array_free(times, TRUE);
	g_ptr_array_sort(d->stats.slowest, by_slowest);
	if (d->top >= 0 && d->stats.slowest->len > (guint)d->top)
		g_ptr_array_set_size(d->stats.slowest, (guint)d->top);
	count_reviewers(d);
}

int64_t ld_series_first_response(const ld_series *s)
{
	return timed(s) ? response(s) : -1;
}

void ld_model__stats_clear(ld_stats *stats)
{
	if (stats->top_reviewers)
		g_ptr_array_free(stats->top_reviewers, TRUE);
	if (stats->unanswered)
		g_ptr_array_free(stats->unanswered, TRUE);
	if (stats->slowest)
		g_ptr_array_free(stats->slowest, TRUE);
	if (stats->top_participants)
		g_ptr_array_free(stats->top_participants, TRUE);
	if (stats->first_time_authors)
		g_ptr_array_free(stats->first_time_authors, TRUE);
	if (stats->busiest_threads)
		g_ptr_array_free(stats->busiest_threads, TRUE);
	if (stats->per_day)
		g_array_free(stats->per_day, TRUE);
	memset(stats, 0, sizeof(*stats));
}
