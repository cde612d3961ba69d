/* model/series.c - group patches and cover letters into series
 *
 * The rules are patchwork's, simplified to what the digest needs:
 * - a message threaded (In-Reply-To, then References, newest first) to a
 *   cover letter or patch of a series joins that series when version and
 *   total match and its number is still free;
 * - a numbered patch that is not threaded to any series of the range joins
 *   the newest series from the same author with the same version and total
 *   whose first message is at most 20 minutes older;
 * - anything else (a v2 threaded into the v1 thread, a resend reusing
 *   taken numbers, an unnumbered patch) starts a series of its own.
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
} building;

static void person_copy(ld_person *out, const ld_person *in)
{
	out->name = g_strdup(in->name);
	out->email = g_strdup(in->email);
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

void ld_model__series_free(gpointer data)
{
	ld_series *s = data;

	if (!s)
		return;
	g_free(s->title);
	g_free(s->subject);
	g_free(s->tags);
	ld_person_clear(&s->author);
	ld_person_clear(&s->sender);
	g_ptr_array_free(s->printed, TRUE);
	g_ptr_array_free(s->patches, TRUE);
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

static bool fits(const building *b, const ld_model__msg *m)
{
	int number = effective_number(m);

	if (m->total <= 0)
		return false; /* unnumbered: always a series of its own */
	if (b->first->version != m->version ||
	    effective_total(b->first) != effective_total(m))
		return false;
	return !g_hash_table_contains(b->numbers, GINT_TO_POINTER(number));
}

/* The series `m` is threaded to, or NULL. */
static building *threaded_to(GHashTable *by_mid, const ld_model__msg *m)
{
	building *b = NULL;
	char **refs;
	int i;

	if (*m->in_reply_to &&
	    (b = g_hash_table_lookup(by_mid, m->in_reply_to)) != NULL)
		return b;
	refs = g_strsplit(m->references, " ", -1);
	for (i = (int)g_strv_length(refs) - 1; i >= 0 && !b; i--)
		if (*refs[i])
			b = g_hash_table_lookup(by_mid, refs[i]);
	g_strfreev(refs);
	return b;
}

/* The newest open series `m` may join without threading, or NULL. */
static building *unthreaded_match(GPtrArray *open, const ld_model__msg *m)
{
	guint i = open->len;

	while (i-- > 0) {
		building *b = g_ptr_array_index(open, i);

		if (m->date - b->first->date > UNTHREADED_WINDOW)
			break;
		if (g_ascii_strcasecmp(b->first->author.email,
				       m->author.email) == 0 && fits(b, m))
			return b;
	}
	return NULL;
}

static ld_series_msg *series_msg_new(const ld_model__msg *m)
{
	ld_series_msg *sm = g_new0(ld_series_msg, 1);

	sm->message_id = g_strdup(m->message_id);
	sm->subject = g_strdup(m->subject);
	sm->title = g_strdup(m->title);
	person_copy(&sm->sender, &m->sender);
	sm->number = effective_number(m);
	sm->blob = m->blob;
	return sm;
}

static building *building_new(const ld_model__msg *m)
{
	building *b = g_new0(building, 1);

	b->series = g_new0(ld_series, 1);
	b->series->patches = g_ptr_array_new_with_free_func(series_msg_free);
	b->series->printed = g_ptr_array_new();
	b->first = m;
	b->numbers = g_hash_table_new(g_direct_hash, g_direct_equal);
	return b;
}

static void building_add(building *b, const ld_model__msg *m)
{
	int number = effective_number(m);

	g_hash_table_add(b->numbers, GINT_TO_POINTER(number));
	if (number == 0)
		b->series->cover = series_msg_new(m);
	else
		g_ptr_array_add(b->series->patches, series_msg_new(m));
	if (!b->head || number < effective_number(b->head))
		b->head = m;
	if (m->date && (!b->series->date || m->date < b->series->date))
		b->series->date = m->date;
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

	g_ptr_array_sort(s->patches, by_number);
	s->title = g_strdup(h->title);
	s->subject = g_strdup(h->subject);
	s->tags = g_strdup(h->tags);
	s->version = h->version;
	s->total = effective_total(h);
	s->rfc = (h->flags & LD_SUBJ_RFC) != 0;
	s->resend = (h->flags & LD_SUBJ_RESEND) != 0;
	person_copy(&s->author, &h->author);
	person_copy(&s->sender, &h->sender);
	if (s->cover)
		g_ptr_array_add(s->printed, s->cover);
	if (s->patches->len)
		g_ptr_array_add(s->printed, g_ptr_array_index(s->patches, 0));
	g_hash_table_destroy(b->numbers);
	g_free(b);
}

void ld_model__assemble(GPtrArray *series, GPtrArray *msgs)
{
	GHashTable *by_mid = g_hash_table_new(g_str_hash, g_str_equal);
	GPtrArray *open = g_ptr_array_new();
	guint i;

	for (i = 0; i < msgs->len; i++) {
		const ld_model__msg *m = g_ptr_array_index(msgs, i);
		building *b = threaded_to(by_mid, m);

		if (b && !fits(b, m))
			b = NULL;
		if (!b && m->kind == LD_KIND_PATCH)
			b = unthreaded_match(open, m);
		if (!b) {
			b = building_new(m);
			g_ptr_array_add(open, b);
		}
		building_add(b, m);
		if (*m->message_id)
			g_hash_table_insert(by_mid, m->message_id, b);
	}
	for (i = 0; i < open->len; i++) {
		building *b = g_ptr_array_index(open, i);

		g_ptr_array_add(series, b->series);
		building_finish(b);
	}
	g_ptr_array_free(open, TRUE);
	g_hash_table_destroy(by_mid);
}
