/* model/tally.c - counting rows of a "top N" table
 *
 * Every people table of the digest (contributors, participants,
 * reviewers) and every plain one (domains, organisations) is a tally:
 * rows keyed by a string, each with a count.  A person is keyed by the
 * lower-cased address (the name when there is none) and shown with the
 * name written most often with that address, the earliest on a tie, so
 * that one odd spelling does not rename somebody.
 *
 * Owns: its rows until ld_model__tally_top() hands them out.
 */
#include <string.h>

#include "model/model_private.h"

/* How often one address was written with one name, and when first. */
typedef struct spelling {
	size_t count;
	size_t first;
} spelling;

struct ld_model__tally {
	GHashTable *rows;      /* key -> ld_count * */
	GHashTable *spellings; /* "key\nname" -> spelling * */
	GHashTable *best;      /* key (borrowed) -> spelling * (borrowed) */
	size_t seq;            /* persons added so far */
};

static void count_free(gpointer data)
{
	ld_count *c = data;

	g_free(c->key);
	g_free(c->name);
	g_free(c->email);
	g_free(c);
}

ld_model__tally *ld_model__tally_new(void)
{
	ld_model__tally *t = g_new0(ld_model__tally, 1);

	t->rows = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
					count_free);
	t->spellings = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					     g_free);
	t->best = g_hash_table_new(g_str_hash, g_str_equal);
	return t;
}

void ld_model__tally_free(ld_model__tally *t)
{
	if (!t)
		return;
	g_hash_table_destroy(t->best);
	g_hash_table_destroy(t->spellings);
	g_hash_table_destroy(t->rows);
	g_free(t);
}

ld_count *ld_model__tally_key(ld_model__tally *t, const char *key)
{
	ld_count *c = g_hash_table_lookup(t->rows, key);

	if (!c) {
		c = g_new0(ld_count, 1);
		c->key = g_strdup(key);
		c->name = g_strdup("");
		c->email = g_strdup("");
		g_hash_table_insert(t->rows, c->key, c);
	}
	c->count++;
	return c;
}

char *ld_model__person_key(const ld_person *p)
{
	return g_ascii_strdown(*p->email ? p->email : p->name, -1);
}

void ld_model__tally_person(ld_model__tally *t, const ld_person *p)
{
	char *key = ld_model__person_key(p);
	ld_count *c = ld_model__tally_key(t, key);
	char *nkey = g_strconcat(c->key, "\n", p->name, NULL);
	spelling *sp = g_hash_table_lookup(t->spellings, nkey);
	spelling *top;

	g_free(key);
	if (!sp) {
		sp = g_new0(spelling, 1);
		sp->first = t->seq;
		g_hash_table_insert(t->spellings, nkey, sp);
	} else {
		g_free(nkey);
	}
	t->seq++;
	sp->count++;
	top = g_hash_table_lookup(t->best, c->key);
	if (!top || sp->count > top->count ||
	    (sp->count == top->count && sp->first < top->first)) {
		g_free(c->name);
		g_free(c->email);
		c->name = g_strdup(p->name);
		c->email = g_strdup(p->email);
		g_hash_table_insert(t->best, c->key, sp);
	}
}

size_t ld_model__tally_size(const ld_model__tally *t)
{
	return g_hash_table_size(t->rows);
}

static gint by_count(gconstpointer a, gconstpointer b)
{
	const ld_count *x = *(ld_count *const *)a;
	const ld_count *y = *(ld_count *const *)b;
	int r;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	/* Ties are ordered by name, as a reader scans them. */
	if ((r = strcmp(x->name, y->name)) != 0)
		return r;
	return strcmp(x->key, y->key);
}

GPtrArray *ld_model__tally_top(ld_model__tally *t, int top)
{
	GPtrArray *rows = g_ptr_array_new_with_free_func(count_free);
	GHashTableIter it;
	gpointer value;

	g_hash_table_iter_init(&it, t->rows);
	while (g_hash_table_iter_next(&it, NULL, &value)) {
		g_hash_table_iter_steal(&it);
		g_ptr_array_add(rows, value);
	}
	/* The rows are gone: nothing may point at their keys any more. */
	g_hash_table_remove_all(t->best);
	g_ptr_array_sort(rows, by_count);
	if (top >= 0 && rows->len > (guint)top)
		g_ptr_array_set_size(rows, (guint)top);
	return rows;
}
