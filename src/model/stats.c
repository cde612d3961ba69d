/* model/stats.c - statistics of a range: series by status, top reviewers,
 * unanswered series and the time to a first response
 *
 * A series is answered once someone other than its author and sender
 * replies to one of its messages in the range (reviews.c records the
 * earliest such reply's Date).  Its first response time is that Date
 * less the series' date; the median of an even count is the lower of the
 * two middle values.  Reviewers are counted by the review trailers they
 * gave in replies, keyed on the lower-cased address and shown with the
 * name first written with it.
 *
 * Owns: the ld_count rows of top_reviewers; the series arrays borrow.
 */
#include "model/model.h"

#include <string.h>

#include "model/model_private.h"

static void count_free(gpointer data)
{
	ld_count *c = data;

	g_free(c->key);
	g_free(c->name);
	g_free(c->email);
	g_free(c);
}

static gint by_count(gconstpointer a, gconstpointer b)
{
	const ld_count *x = *(ld_count *const *)a;
	const ld_count *y = *(ld_count *const *)b;
	int r;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	if ((r = strcmp(x->name, y->name)) != 0)
		return r;
	return strcmp(x->key, y->key);
}

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
	GHashTable *table = g_hash_table_new(g_str_hash, g_str_equal);
	GHashTableIter it;
	gpointer value;
	guint i, k;

	for (i = 0; i < d->series->len; i++) {
		const ld_series *s = g_ptr_array_index(d->series, i);

		for (k = 0; k < s->reviews->len; k++) {
			const ld_review *r = g_ptr_array_index(s->reviews, k);
			char *key = g_ascii_strdown(*r->who.email ?
						    r->who.email :
						    r->who.name, -1);
			ld_count *c = g_hash_table_lookup(table, key);

			if (!c) {
				c = g_new0(ld_count, 1);
				c->key = key;
				c->name = g_strdup(r->who.name);
				c->email = g_strdup(r->who.email);
				g_hash_table_insert(table, c->key, c);
			} else {
				g_free(key);
			}
			c->count++;
		}
	}
	d->stats.top_reviewers = g_ptr_array_new_with_free_func(count_free);
	g_hash_table_iter_init(&it, table);
	while (g_hash_table_iter_next(&it, NULL, &value))
		g_ptr_array_add(d->stats.top_reviewers, value);
	g_hash_table_destroy(table);
	g_ptr_array_sort(d->stats.top_reviewers, by_count);
	if (d->top >= 0 && d->stats.top_reviewers->len > (guint)d->top)
		g_ptr_array_set_size(d->stats.top_reviewers, (guint)d->top);
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
	memset(stats, 0, sizeof(*stats));
}
