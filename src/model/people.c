/* model/people.c - who posted: the people and organisation tables
 *
 * Patches and cover letters are counted by their in-body author: by the
 * author's domain, by the author, and with an organisation map by the
 * organisation the address maps to on the message's date.  Domains and
 * organisations go by the address written on the message, people by
 * their canonical (mailmap) identity.  Every message
 * counts for its sender in the participants table.  A first-time author is
 * someone whose earliest patch in the whole archive (by arrival, over all
 * the addresses the mailmap gives them) is one of the range's patches.
 * Bots are left out of all of it unless the caller keeps them.
 *
 * Owns: the tables and newcomers it hands to the digest.
 */
#include <string.h>

#include "model/model_private.h"
#include "util/error.h"

static bool counted(const ld_model__msg *m, ld_bots *bots)
{
	return !m->removed && !(bots && ld_bots_match(bots, m->sender.email));
}

static bool is_head(const ld_model__msg *m)
{
	return m->kind == LD_KIND_PATCH || m->kind == LD_KIND_COVER;
}

/* An unmapped domain counts as "(unknown: domain)" and is remembered. */
static void count_org(ld_model__tally *orgs, ld_model__tally *unmapped,
		      const ld_orgmap *orgmap, const ld_model__msg *m,
		      const char *domain)
{
	const char *org = ld_orgmap_lookup(orgmap, m->author_address,
					   m->date);
	char *unknown;

	if (org) {
		ld_model__tally_key(orgs, org);
		return;
	}
	unknown = g_strconcat("(unknown: ", domain, ")", NULL);
	ld_model__tally_key(orgs, unknown);
	g_free(unknown);
	ld_model__tally_key(unmapped, domain);
}

/* A patch authored by a bot is a bot's too (the kernel test robot sends
 * patches in its own name). */
static bool by_bot(const ld_model__msg *m, ld_bots *bots)
{
	return bots && ld_bots_match(bots, m->author.email);
}

static void count_authors(ld_digest *d, GPtrArray *msgs,
			  const ld_orgmap *orgmap, ld_bots *bots)
{
	ld_model__tally *domains = ld_model__tally_new();
	ld_model__tally *people = ld_model__tally_new();
	ld_model__tally *orgs = ld_model__tally_new();
	ld_model__tally *unmapped = ld_model__tally_new();
	guint i;

	for (i = 0; i < msgs->len; i++) {
		const ld_model__msg *m = g_ptr_array_index(msgs, i);
		const char *at;
		char *domain;

		if (!is_head(m) || m->removed || by_bot(m, bots))
			continue;
		at = strrchr(m->author_address, '@');
		domain = g_ascii_strdown(at ? at + 1 : "(none)", -1);
		ld_model__tally_key(domains, domain);
		if (orgmap)
			count_org(orgs, unmapped, orgmap, m, domain);
		g_free(domain);
		ld_model__tally_person(people, &m->author);
	}
	d->totals.authors = ld_model__tally_size(people);
	d->top_domains = ld_model__tally_top(domains, d->top);
	d->top_contributors = ld_model__tally_top(people, d->top);
	if (orgmap) {
		d->top_organisations = ld_model__tally_top(orgs, d->top);
		d->unmapped_domains = ld_model__tally_top(unmapped, -1);
	}
	ld_model__tally_free(domains);
	ld_model__tally_free(people);
	ld_model__tally_free(orgs);
	ld_model__tally_free(unmapped);
}

static void count_participants(ld_digest *d, GPtrArray *msgs,
			       ld_bots *bots)
{
	ld_model__tally *people = ld_model__tally_new();
	guint i;

	for (i = 0; i < msgs->len; i++) {
		const ld_model__msg *m = g_ptr_array_index(msgs, i);

		if (counted(m, bots))
			ld_model__tally_person(people, &m->sender);
	}
	d->totals.participants = ld_model__tally_size(people);
	d->stats.top_participants = ld_model__tally_top(people, d->top);
	ld_model__tally_free(people);
}

/* The earliest patch of one person over all their addresses. */
typedef struct first_patch {
	ld_pos pos;
	char *message_id;
} first_patch;

static void first_patch_free(gpointer data)
{
	first_patch *f = data;

	g_free(f->message_id);
	g_free(f);
}

typedef struct first_walk {
	const ld_mailmap *mailmap;
	GHashTable *wanted;  /* person key -> 1: authors of the range */
	GHashTable *first;   /* person key -> first_patch * */
} first_walk;

static int on_first(const ld_person *author, const ld_pos *pos,
		    const char *message_id, void *payload)
{
	first_walk *w = payload;
	ld_person p = { (char *)author->name, (char *)author->email };
	char *name = NULL, *email = NULL, *key;
	first_patch *f;

	if (w->mailmap &&
	    ld_mailmap_resolve(w->mailmap, p.name, p.email, &name,
			       &email) == 0) {
		p.name = name;
		p.email = email;
	}
	key = ld_model__person_key(&p);
	g_free(name);
	g_free(email);
	if (!g_hash_table_contains(w->wanted, key)) {
		g_free(key);
		return 0;
	}
	f = g_hash_table_lookup(w->first, key);
	if (f && ld_pos_cmp(&f->pos, pos) <= 0) {
		g_free(key);
		return 0;
	}
	if (!f) {
		f = g_new0(first_patch, 1);
		g_hash_table_insert(w->first, key, f);
	} else {
		g_free(key);
		g_free(f->message_id);
	}
	f->pos = *pos;
	f->message_id = g_strdup(message_id);
	return 0;
}

/* w->first for each of w->wanted, a lower-case address (no mailmap). */
static int first_by_address(first_walk *w, ld_index *idx)
{
	GHashTableIter it;
	gpointer key;
	int error = LD_OK;

	g_hash_table_iter_init(&it, w->wanted);
	while (error == LD_OK && g_hash_table_iter_next(&it, &key, NULL)) {
		first_patch *f = g_new0(first_patch, 1);

		error = ld_index_first_patch(&f->pos, &f->message_id, idx,
					     key);
		if (error == LD_OK) {
			g_hash_table_insert(w->first, g_strdup(key), f);
		} else {
			first_patch_free(f);
			if (error == LD_ENOTFOUND)
				error = LD_OK;
		}
	}
	return error;
}

static void newcomer_free(gpointer data)
{
	ld_newcomer *n = data;

	ld_person_clear(&n->who);
	g_free(n->message_id);
	g_free(n->subject);
	g_free(n);
}

static int find_newcomers(ld_digest *d, GPtrArray *msgs, ld_index *idx,
			  const ld_mailmap *mailmap, ld_bots *bots)
{
	first_walk w = { mailmap, NULL, NULL };
	guint i;
	int error = LD_OK;

	d->stats.first_time_authors =
		g_ptr_array_new_with_free_func(newcomer_free);
	w.wanted = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					 NULL);
	w.first = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					first_patch_free);
	for (i = 0; i < msgs->len; i++) {
		const ld_model__msg *m = g_ptr_array_index(msgs, i);

		if (m->kind == LD_KIND_PATCH && !m->removed &&
		    *m->author.email && !by_bot(m, bots))
			g_hash_table_add(w.wanted,
					 ld_model__person_key(&m->author));
	}
	/* Without a mailmap a person is one address: one index search each.
	 * With one, any address in the archive may map to a person of the
	 * range, so every patch's author is walked (one indexed scan, but
	 * of the whole history). */
	if (!mailmap)
		error = first_by_address(&w, idx);
	else if (g_hash_table_size(w.wanted))
		error = ld_index_first_patches(idx, on_first, &w);
	for (i = 0; error == LD_OK && i < msgs->len; i++) {
		const ld_model__msg *m = g_ptr_array_index(msgs, i);
		char *key;
		first_patch *f;
		ld_newcomer *n;

		if (m->kind != LD_KIND_PATCH || m->removed ||
		    !*m->author.email || by_bot(m, bots))
			continue;
		key = ld_model__person_key(&m->author);
		f = g_hash_table_lookup(w.first, key);
		g_free(key);
		if (!f || ld_pos_cmp(&f->pos, &m->pos) != 0)
			continue;
		n = g_new0(ld_newcomer, 1);
		ld_model__person_copy(&n->who, &m->author);
		n->message_id = g_strdup(m->message_id);
		n->subject = g_strdup(m->subject);
		n->date = m->date;
		g_ptr_array_add(d->stats.first_time_authors, n);
		/* Once only, should the same blob come twice. */
		f->pos.epoch = SIZE_MAX;
	}
	g_hash_table_destroy(w.first);
	g_hash_table_destroy(w.wanted);
	return error;
}

int ld_model__people(ld_digest *d, GPtrArray *msgs, ld_index *idx,
		     const ld_model_options *opts, ld_bots *bots)
{
	count_authors(d, msgs, opts->orgmap, bots);
	count_participants(d, msgs, bots);
	return find_newcomers(d, msgs, idx, opts->mailmap, bots);
}
