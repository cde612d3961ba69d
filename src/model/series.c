/* model/series.c - group patches and cover letters into series
 *
 * The rules are patchwork's, tested on real lists:
 * - a message threaded (In-Reply-To, then References, newest first) to a
 *   cover letter or patch of a series joins that series when version and
 *   total match and its number is still free (shallow and deep threading,
 *   "[PATCH 3/2]" included); an unversioned patch under a versioned series
 *   takes the series' version;
 * - a cover letter that arrives after its patches collects the series
 *   whose patches answer it;
 * - a numbered patch threaded to nothing of the range joins the newest
 *   series from the same author with the same version and total whose
 *   first message is at most 20 minutes older;
 * - anything else starts a series of its own: a v2 threaded into the v1
 *   thread, a resend that reuses numbers, an unnumbered patch posted as a
 *   reply.
 *
 * Owns: the ld_series it appends, and their ld_series_msg.
 */
#include "model/model.h"

#include <string.h>

#include "model/model_private.h"

#define UNTHREADED_WINDOW (20 * 60)

/* Working state of one series while it is being assembled. */
typedef struct building {
	ld_series *series;
	const ld_model__msg *first;   /* the earliest message */
	const ld_model__msg *head;    /* the cover, else the lowest number */
	GHashTable *numbers;          /* numbers taken */
	struct building *merged_into; /* a late cover joined it to another */
} building;

/* The building `b` ended up in. */
static building *live(building *b)
{
	while (b && b->merged_into)
		b = b->merged_into;
	return b;
}

static void series_msg_free(gpointer data)
{
	ld_series_msg *m = data;

	g_free(m->message_id);
	g_free(m->subject);
	g_free(m->title);
	ld_person_clear(&m->sender);
	g_free(m->commit_message);
	g_free(m);
}

static void review_free(gpointer data)
{
	ld_review *r = data;

	g_free(r->trailer);
	ld_person_clear(&r->who);
	g_free(r->message_id);
	g_free(r);
}

static void person_free(gpointer data)
{
	ld_person_clear(data);
	g_free(data);
}

ld_review *ld_model__review_new(const ld_trailer *t, const char *message_id,
				int patch_number)
{
	ld_review *r = g_new0(ld_review, 1);

	r->trailer = g_strdup(t->name);
	ld_model__person_copy(&r->who, &t->who);
	r->message_id = g_strdup(message_id);
	r->patch_number = patch_number;
	return r;
}

void ld_model__series_free(gpointer data)
{
	ld_series *s = data;

	if (!s)
		return;
	g_free(s->title);
	g_free(s->subject);
	g_free(s->tags);
	g_free(s->prev_message_id);
	g_free(s->change_id);
	g_free(s->prev_ids);
	ld_person_clear(&s->author);
	g_free(s->author_address);
	ld_person_clear(&s->sender);
	g_ptr_array_free(s->printed, TRUE);
	g_ptr_array_free(s->patches, TRUE);
	g_array_free(s->missing, TRUE);
	g_ptr_array_free(s->participants, TRUE);
	g_ptr_array_free(s->reviews, TRUE);
	g_ptr_array_free(s->history, TRUE);
	if (s->cover)
		series_msg_free(s->cover);
	g_free(s);
}

static int effective_number(const ld_model__msg *m)
{
	if (m->kind == LD_KIND_COVER)
		return 0;
	return m->number > 0 ? m->number : 1;
}

static int effective_total(const ld_model__msg *m)
{
	return m->total > 0 ? m->total : 1;
}

/* Whether `m` may join `b`.  Threaded, an unversioned patch may join a
 * versioned series (people forget "v2" on some patches, not on all). */
static bool fits(const building *b, const ld_model__msg *m, bool threaded)
{
	int number = effective_number(m);
	int version = b->first->version;

	if (m->total <= 0)
		return false; /* unnumbered: always a series of its own */
	if (m->version != version && !(threaded && m->version == 1))
		return false;
	if (effective_total(b->first) != effective_total(m))
		return false;
	return !g_hash_table_contains(b->numbers, GINT_TO_POINTER(number));
}

/* The series one of `ids` (space-separated, oldest first) belongs to,
 * looking at the newest first. */
static building *newest_of(GHashTable *by_mid, const char *ids)
{
	building *b = NULL;
	char **refs = g_strsplit(ids, " ", -1);
	int i;

	for (i = (int)g_strv_length(refs) - 1; i >= 0 && !b; i--)
		if (*refs[i])
			b = g_hash_table_lookup(by_mid, refs[i]);
	g_strfreev(refs);
	return b;
}

/* The series `m` is threaded to, or NULL. */
static building *threaded_to(GHashTable *by_mid, const ld_model__msg *m)
{
	building *b;

	if (*m->in_reply_to &&
	    (b = g_hash_table_lookup(by_mid, m->in_reply_to)) != NULL)
		return live(b);
	return live(newest_of(by_mid, m->references));
}

/* The key `by_author` files series under: the first author's address,
 * ASCII case folded (addresses are compared so everywhere).  A new
 * string. */
static char *author_key(const ld_model__msg *m)
{
	return g_ascii_strdown(m->author.email, -1);
}

/*
 * The newest open series `m` may join without threading, or NULL.
 * Looking only at the series of the same author keeps this linear in the
 * range: a scan of every open series made whole-archive digests quadratic
 * (200,000 messages took seconds here alone).
 */
static building *unthreaded_match(GHashTable *by_author,
				  const ld_model__msg *m)
{
	char *key = author_key(m);
	GPtrArray *list = g_hash_table_lookup(by_author, key);
	guint i = list ? list->len : 0;

	g_free(key);
	while (i-- > 0) {
		building *b = g_ptr_array_index(list, i);
		int64_t age = m->date - b->first->date;

		if (b->merged_into)
			continue;
		if (age > UNTHREADED_WINDOW || age < -UNTHREADED_WINDOW)
			continue;
		if (fits(b, m, false))
			return b;
	}
	return NULL;
}

/* File `b` under its first author in `by_author`. */
static void index_author(GHashTable *by_author, building *b)
{
	char *key = author_key(b->first);
	GPtrArray *list = g_hash_table_lookup(by_author, key);

	if (!list) {
		list = g_ptr_array_new();
		g_hash_table_insert(by_author, key, list);
	} else {
		g_free(key);
	}
	g_ptr_array_add(list, b);
}

static ld_series_msg *series_msg_new(ld_series *s, const ld_model__msg *m)
{
	ld_series_msg *sm = g_new0(ld_series_msg, 1);

	sm->series = s;
	sm->message_id = g_strdup(m->message_id);
	sm->subject = g_strdup(m->subject);
	sm->title = g_strdup(m->title);
	ld_model__person_copy(&sm->sender, &m->sender);
	sm->number = effective_number(m);
	sm->blob = m->blob;
	return sm;
}

static building *building_new(const ld_model__msg *m)
{
	building *b = g_new0(building, 1);
	ld_series *s = g_new0(ld_series, 1);

	s->patches = g_ptr_array_new_with_free_func(series_msg_free);
	s->printed = g_ptr_array_new();
	s->missing = g_array_new(FALSE, FALSE, sizeof(int));
	s->participants = g_ptr_array_new_with_free_func(person_free);
	s->reviews = g_ptr_array_new_with_free_func(review_free);
	s->history = g_ptr_array_new_with_free_func(review_free);
	s->first_pos = m->pos;
	b->series = s;
	b->first = m;
	b->numbers = g_hash_table_new(g_direct_hash, g_direct_equal);
	return b;
}

static void building_add(building *b, GHashTable *members,
			 const ld_model__msg *m)
{
	ld_series *s = b->series;
	int number = effective_number(m);
	ld_series_msg *sm = series_msg_new(s, m);
	size_t i;

	g_hash_table_add(b->numbers, GINT_TO_POINTER(number));
	if (number == 0)
		s->cover = sm;
	else
		g_ptr_array_add(s->patches, sm);
	if (*m->message_id)
		g_hash_table_insert(members, sm->message_id, sm);
	if (!b->head || number < effective_number(b->head))
		b->head = m;
	if (m->date && (!s->date || m->date < s->date))
		s->date = m->date;
	if (ld_pos_cmp(&m->pos, &s->first_pos) < 0)
		s->first_pos = m->pos;
	/* Trailers inside a patch are its history, not a review. */
	for (i = 0; i < m->n_trailers; i++)
		g_ptr_array_add(s->history, ld_model__review_new(
				&m->trailers[i], m->message_id, number));
}

static gint by_number(gconstpointer a, gconstpointer b)
{
	const ld_series_msg *x = *(ld_series_msg *const *)a;
	const ld_series_msg *y = *(ld_series_msg *const *)b;

	return (x->number > y->number) - (x->number < y->number);
}

/* Fill the series' descriptive fields from its head message. */
static void building_finish(building *b)
{
	ld_series *s = b->series;
	const ld_model__msg *h = b->head;
	int n;

	g_ptr_array_sort(s->patches, by_number);
	s->title = g_strdup(h->title);
	s->subject = g_strdup(h->subject);
	s->tags = g_strdup(h->tags);
	s->version = b->first->version;
	s->total = effective_total(h);
	s->rfc = (h->flags & LD_SUBJ_RFC) != 0;
	s->resend = (h->flags & LD_SUBJ_RESEND) != 0;
	s->change_id = g_strdup(h->change_id);
	s->prev_ids = g_strdup(h->prev_ids);
	ld_model__person_copy(&s->author, &h->author);
	s->author_address = g_strdup(h->author_address);
	ld_model__person_copy(&s->sender, &h->sender);
	for (n = 1; n <= s->total; n++)
		if (!g_hash_table_contains(b->numbers, GINT_TO_POINTER(n)))
			g_array_append_val(s->missing, n);
	s->complete = s->missing->len == 0;
	if (s->cover)
		g_ptr_array_add(s->printed, s->cover);
	if (s->patches->len)
		g_ptr_array_add(s->printed, g_ptr_array_index(s->patches, 0));
	g_hash_table_destroy(b->numbers);
	g_free(b);
}

/* Remember which series answer `id`, for a cover letter still to come. */
static void expect_cover(GHashTable *awaiting, const ld_model__msg *m,
			 building *b)
{
	GPtrArray *list;

	if (!*m->in_reply_to)
		return;
	if (!(list = g_hash_table_lookup(awaiting, m->in_reply_to))) {
		list = g_ptr_array_new();
		g_hash_table_insert(awaiting, m->in_reply_to, list);
	}
	g_ptr_array_add(list, b);
}

/* Whether `from` can join `into`: same version and total, and no number
 * in both. */
static bool mergeable(const building *into, const building *from)
{
	GHashTableIter it;
	gpointer n;

	if (into == from || from->series->cover ||
	    into->first->version != from->first->version ||
	    effective_total(into->first) != effective_total(from->first))
		return false;
	g_hash_table_iter_init(&it, from->numbers);
	while (g_hash_table_iter_next(&it, &n, NULL))
		if (g_hash_table_contains(into->numbers, n))
			return false;
	return true;
}

/* Move everything of `from` into `into`. */
static void merge(building *into, building *from)
{
	ld_series *a = into->series, *b = from->series;
	GHashTableIter it;
	gpointer n;

	while (b->patches->len) {
		ld_series_msg *sm = g_ptr_array_steal_index(b->patches, 0);

		sm->series = a;
		g_ptr_array_add(a->patches, sm);
	}
	while (b->history->len)
		g_ptr_array_add(a->history,
				g_ptr_array_steal_index(b->history, 0));
	g_hash_table_iter_init(&it, from->numbers);
	while (g_hash_table_iter_next(&it, &n, NULL))
		g_hash_table_add(into->numbers, n);
	if (effective_number(from->head) < effective_number(into->head))
		into->head = from->head;
	if (b->date && (!a->date || b->date < a->date))
		a->date = b->date;
	if (ld_pos_cmp(&b->first_pos, &a->first_pos) < 0)
		a->first_pos = b->first_pos;
	from->merged_into = into;
}

/* The series a late cover letter `m` collects: every series whose
 * patches answer it and that fit together, merged into one. */
static building *collect_for_cover(GHashTable *awaiting,
				   const ld_model__msg *m)
{
	GPtrArray *list = g_hash_table_lookup(awaiting, m->message_id);
	building *b = NULL;
	guint i;

	for (i = 0; list && i < list->len && !b; i++) {
		building *c = live(g_ptr_array_index(list, i));

		if (!c->series->cover && fits(c, m, true))
			b = c;
	}
	for (; b && i < list->len; i++) {
		building *c = live(g_ptr_array_index(list, i));

		if (mergeable(b, c))
			merge(b, c);
	}
	return b;
}

void ld_model__assemble(GPtrArray *series, GHashTable *members,
			GPtrArray *msgs)
{
	GHashTable *by_mid = g_hash_table_new(g_str_hash, g_str_equal);
	GHashTable *awaiting = g_hash_table_new_full(g_str_hash, g_str_equal,
						     NULL, (GDestroyNotify)
						     g_ptr_array_unref);
	/* first author's address, folded -> GPtrArray of building * */
	GHashTable *by_author = g_hash_table_new_full(
		g_str_hash, g_str_equal, g_free,
		(GDestroyNotify)g_ptr_array_unref);
	GPtrArray *open = g_ptr_array_new();
	guint i;

	for (i = 0; i < msgs->len; i++) {
		const ld_model__msg *m = g_ptr_array_index(msgs, i);
		building *b = threaded_to(by_mid, m);

		if (b && !fits(b, m, true))
			b = NULL;
		if (!b && m->kind == LD_KIND_COVER && *m->message_id)
			b = collect_for_cover(awaiting, m);
		if (!b && m->kind == LD_KIND_PATCH)
			b = unthreaded_match(by_author, m);
		if (!b) {
			b = building_new(m);
			g_ptr_array_add(open, b);
			index_author(by_author, b);
		}
		building_add(b, members, m);
		if (*m->message_id)
			g_hash_table_insert(by_mid, m->message_id, b);
		if (m->kind == LD_KIND_PATCH && !b->series->cover)
			expect_cover(awaiting, m, b);
	}
	for (i = 0; i < open->len; i++) {
		building *b = g_ptr_array_index(open, i);

		if (b->merged_into) {
			ld_model__series_free(b->series);
			g_hash_table_destroy(b->numbers);
			g_free(b);
			continue;
		}
		g_ptr_array_add(series, b->series);
		building_finish(b);
	}
	g_ptr_array_free(open, TRUE);
	g_hash_table_destroy(by_author);
	g_hash_table_destroy(awaiting);
	g_hash_table_destroy(by_mid);
}
