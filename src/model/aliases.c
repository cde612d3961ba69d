/* model/aliases.c - likely same-person pairs, as .mailmap lines
 *
 * Every author and sender of the range's patches, cover letters, replies
 * and pull requests is an identity (a lower-cased address, shown with the
 * name written most often with it).  Two addresses are one person when
 *   1. the same name of two words or more (case and spacing folded) was
 *      written with both, or
 *   2. their local parts are equal and one domain is a subdomain of the
 *      other (foo@linux.microsoft.com, foo@microsoft.com);
 * and the relation is closed transitively.  Each group of two or more
 * becomes lines "Name <canonical> <other>", the canonical address being
 * the one used most (then the first in byte order).
 *
 * Owns: nothing beyond the returned array.
 */
#include <string.h>

#include "model/model_private.h"

typedef struct ident {
	char *key;           /* lower-cased address */
	char *email;         /* as first written */
	char *name;          /* most frequent name */
	size_t count;
	GHashTable *names;   /* name -> count */
	struct ident *parent;/* union-find */
} ident;

static void ident_free(gpointer p)
{
	ident *id = p;

	g_free(id->key);
	g_free(id->email);
	g_free(id->name);
	g_hash_table_destroy(id->names);
	g_free(id);
}

static ident *root(ident *id)
{
	while (id->parent != id)
		id = id->parent = id->parent->parent;
	return id;
}

/* Is `a` better as the canonical address than `b`? */
static bool better(const ident *a, const ident *b)
{
	return a->count != b->count ? a->count > b->count :
	       strcmp(a->key, b->key) < 0;
}

static void join(ident *a, ident *b)
{
	a = root(a);
	b = root(b);
	if (a == b)
		return;
	if (better(a, b))
		b->parent = a;
	else
		a->parent = b;
}

static void add(GHashTable *ids, const ld_person *p)
{
	char *key;
	ident *id;
	gpointer n;

	if (!p->email || !strchr(p->email, '@'))
		return;
	key = g_ascii_strdown(p->email, -1);
	if (!(id = g_hash_table_lookup(ids, key))) {
		id = g_new0(ident, 1);
		id->key = key;
		id->email = g_strdup(p->email);
		id->names = g_hash_table_new_full(g_str_hash, g_str_equal,
						  g_free, NULL);
		id->parent = id;
		g_hash_table_insert(ids, id->key, id);
	} else {
		g_free(key);
	}
	id->count++;
	if (!p->name || !*p->name)
		return;
	n = g_hash_table_lookup(id->names, p->name);
	g_hash_table_insert(id->names, g_strdup(p->name),
			    GSIZE_TO_POINTER(GPOINTER_TO_SIZE(n) + 1));
}

/* The name written most often (the first in byte order on a tie). */
static void pick_name(ident *id)
{
	GHashTableIter it;
	gpointer k, v;
	size_t best = 0;

	g_hash_table_iter_init(&it, id->names);
	while (g_hash_table_iter_next(&it, &k, &v))
		if (GPOINTER_TO_SIZE(v) > best ||
		    (GPOINTER_TO_SIZE(v) == best && strcmp(k, id->name) < 0)) {
			best = GPOINTER_TO_SIZE(v);
			g_free(id->name);
			id->name = g_strdup(k);
		}
	if (!id->name)
		id->name = g_strdup("");
}

/* The name folded for comparison, or NULL when it has fewer than two
 * words. */
static char *fold_name(const char *name)
{
	char *folded = g_utf8_casefold(name, -1);
	char **words = g_strsplit_set(g_strstrip(folded), " \t", -1);
	GString *out = g_string_new(NULL);
	int n = 0;

	for (char **w = words; *w; w++) {
		if (!**w)
			continue;
		if (n++)
			g_string_append_c(out, ' ');
		g_string_append(out, *w);
	}
	g_strfreev(words);
	g_free(folded);
	if (n < 2) {
		g_string_free(out, TRUE);
		return NULL;
	}
	return g_string_free(out, FALSE);
}

/* Whether `sub` is a subdomain of `dom`. */
static bool subdomain(const char *sub, const char *dom)
{
	size_t ls = strlen(sub), ld = strlen(dom);

	return ls > ld + 1 && sub[ls - ld - 1] == '.' &&
	       strcmp(sub + ls - ld, dom) == 0;
}

static gint by_str(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static gint by_key(gconstpointer a, gconstpointer b)
{
	return strcmp((*(ident *const *)a)->key, (*(ident *const *)b)->key);
}

GPtrArray *ld_model__aliases(GPtrArray *msgs)
{
	GHashTable *ids = g_hash_table_new_full(g_str_hash, g_str_equal,
						NULL, ident_free);
	GHashTable *by_name = g_hash_table_new_full(g_str_hash, g_str_equal,
						    g_free, NULL);
	GPtrArray *all = g_ptr_array_new(), *lines;
	GHashTableIter it;
	gpointer v;
	guint i, j;

	for (i = 0; i < msgs->len; i++) {
		const ld_model__msg *m = g_ptr_array_index(msgs, i);

		if (m->removed)
			continue;
		add(ids, &m->author);
		if (g_ascii_strcasecmp(m->author.email, m->sender.email) != 0)
			add(ids, &m->sender);
	}
	g_hash_table_iter_init(&it, ids);
	while (g_hash_table_iter_next(&it, NULL, &v))
		g_ptr_array_add(all, v);
	g_ptr_array_sort(all, by_key);
	for (i = 0; i < all->len; i++) {
		ident *id = g_ptr_array_index(all, i);
		GHashTableIter nt;
		gpointer name;

		pick_name(id);
		/* rule 1: every name written with it */
		g_hash_table_iter_init(&nt, id->names);
		while (g_hash_table_iter_next(&nt, &name, NULL)) {
			char *f = fold_name(name);
			ident *other;

			if (!f)
				continue;
			if ((other = g_hash_table_lookup(by_name, f))) {
				join(id, other);
				g_free(f);
			} else {
				g_hash_table_insert(by_name, f, id);
			}
		}
	}
	/* rule 2: same local part, one domain under the other */
	for (i = 0; i < all->len; i++)
		for (j = 0; j < all->len; j++) {
			ident *a = g_ptr_array_index(all, i);
			ident *b = g_ptr_array_index(all, j);
			const char *at_a = strrchr(a->key, '@');
			const char *at_b = strrchr(b->key, '@');

			if (i != j && at_a - a->key == at_b - b->key &&
			    strncmp(a->key, b->key,
				    (size_t)(at_a - a->key)) == 0 &&
			    subdomain(at_a + 1, at_b + 1))
				join(a, b);
		}
	lines = g_ptr_array_new_with_free_func(g_free);
	for (i = 0; i < all->len; i++) {
		ident *id = g_ptr_array_index(all, i), *r = root(id);

		if (r != id)
			g_ptr_array_add(lines, g_strdup_printf("%s%s<%s> <%s>",
					r->name, *r->name ? " " : "",
					r->email, id->email));
	}
	g_ptr_array_sort(lines, by_str);
	g_ptr_array_free(all, TRUE);
	g_hash_table_destroy(by_name);
	g_hash_table_destroy(ids);
	return lines;
}
