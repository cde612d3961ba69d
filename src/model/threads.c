/* model/threads.c - the busiest threads of a range
 *
 * A message joins the thread of the message it answers when that one is
 * in the range (In-Reply-To first, then its References, newest first).
 * Otherwise its thread is named by the oldest of its References (else its
 * In-Reply-To): the root, which may lie before the range, so that replies
 * to an old thread still gather under one root.  A message that answers
 * nothing starts a thread of its own.  Threads are ranked by the replies
 * (messages of kind reply) they got in the range, then by their messages,
 * then by age.
 *
 * Owns: the ld_thread rows it hands to the digest.
 */
#include <string.h>

#include "model/model_private.h"

static void thread_free(gpointer data)
{
	ld_thread *t = data;

	g_free(t->subject);
	g_free(t->message_id);
	g_ptr_array_free(t->participants, TRUE);
	g_free(t);
}

static void person_free(gpointer data)
{
	ld_person *p = data;

	ld_person_clear(p);
	g_free(p);
}

static ld_thread *thread_new(const char *root)
{
	ld_thread *t = g_new0(ld_thread, 1);

	t->message_id = g_strdup(root);
	t->participants = g_ptr_array_new_with_free_func(person_free);
	return t;
}

/* The thread of a message of the range that `m` answers, or NULL. */
static ld_thread *parent_thread(GHashTable *by_mid, const ld_model__msg *m)
{
	ld_thread *t = NULL;
	char **refs;
	int i;

	if (*m->in_reply_to &&
	    (t = g_hash_table_lookup(by_mid, m->in_reply_to)) != NULL)
		return t;
	refs = g_strsplit(m->references, " ", -1);
	for (i = (int)g_strv_length(refs) - 1; i >= 0 && !t; i--)
		if (*refs[i])
			t = g_hash_table_lookup(by_mid, refs[i]);
	g_strfreev(refs);
	return t;
}

/* The root's Message-ID: the oldest reference, else In-Reply-To, else the
 * message itself.  Returns a new string. */
static char *root_id(const ld_model__msg *m)
{
	const char *p = m->references;

	while (*p == ' ')
		p++;
	if (*p)
		return g_strndup(p, strcspn(p, " "));
	return g_strdup(*m->in_reply_to ? m->in_reply_to : m->message_id);
}

static void add_participant(ld_thread *t, const ld_person *who)
{
	ld_person *p;

	for (guint i = 0; i < t->participants->len; i++) {
		p = g_ptr_array_index(t->participants, i);
		if (g_ascii_strcasecmp(p->email, who->email) == 0)
			return;
	}
	p = g_new0(ld_person, 1);
	ld_model__person_copy(p, who);
	g_ptr_array_add(t->participants, p);
}

static void count_message(ld_thread *t, const ld_model__msg *m)
{
	t->messages++;
	if (m->kind == LD_KIND_REPLY && strcmp(m->message_id, t->message_id))
		t->replies++;
	add_participant(t, &m->sender);
	if (m->date && (!t->first_date || m->date < t->first_date))
		t->first_date = m->date;
	if (m->date > t->last_date)
		t->last_date = m->date;
}

static gint by_replies(gconstpointer a, gconstpointer b)
{
	const ld_thread *x = *(ld_thread *const *)a;
	const ld_thread *y = *(ld_thread *const *)b;

	if (x->replies != y->replies)
		return x->replies < y->replies ? 1 : -1;
	if (x->messages != y->messages)
		return x->messages < y->messages ? 1 : -1;
	if (x->first_date != y->first_date)
		return x->first_date < y->first_date ? -1 : 1;
	return strcmp(x->message_id, y->message_id);
}

void ld_model__threads(ld_digest *d, GPtrArray *msgs, ld_bots *bots)
{
	/* Message-ID -> ld_thread * (borrowed from `roots`) */
	GHashTable *by_mid = g_hash_table_new(g_str_hash, g_str_equal);
	/* root Message-ID -> ld_thread * (both owned) */
	GHashTable *roots = g_hash_table_new_full(g_str_hash, g_str_equal,
						  g_free, thread_free);
	GPtrArray *busy = g_ptr_array_new_with_free_func(thread_free);
	GHashTableIter it;
	gpointer key, value;
	guint i;

	for (i = 0; i < msgs->len; i++) {
		const ld_model__msg *m = g_ptr_array_index(msgs, i);
		ld_thread *t;

		if (m->removed)
			continue;
		if (!(t = parent_thread(by_mid, m))) {
			char *root = root_id(m);

			if (!(t = g_hash_table_lookup(roots, root))) {
				t = thread_new(root);
				/* Messages without any Message-ID are
				 * threads of their own, not one. */
				if (!*root) {
					g_free(root);
					root = g_strdup_printf("\n%u", i);
				}
				g_hash_table_insert(roots, root, t);
			} else {
				g_free(root);
			}
		}
		if (*m->message_id)
			g_hash_table_insert(by_mid, m->message_id, t);
		if (!t->subject || (*m->message_id &&
				    strcmp(m->message_id, t->message_id) == 0)) {
			g_free(t->subject);
			t->subject = g_strdup(ld_subject_skip_replies(m->subject));
		}
		/* A bot's message still links its thread together. */
		if (!(bots && ld_bots_match(bots, m->sender.email)))
			count_message(t, m);
	}
	g_hash_table_iter_init(&it, roots);
	while (g_hash_table_iter_next(&it, &key, &value)) {
		ld_thread *t = value;

		if (!t->replies)
			continue;
		g_hash_table_iter_steal(&it);
		g_free(key);
		g_ptr_array_add(busy, t);
	}
	g_ptr_array_sort(busy, by_replies);
	if (d->top >= 0 && busy->len > (guint)d->top)
		g_ptr_array_set_size(busy, (guint)d->top);
	d->stats.busiest_threads = busy;
	g_hash_table_destroy(by_mid);
	g_hash_table_destroy(roots);
}
