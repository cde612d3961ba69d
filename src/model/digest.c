/* model/digest.c - build an ld_digest from the index rows of a range
 *
 * One pass over the range decides which messages count: a blob or a
 * Message-ID seen before (in the range or earlier in the archive) is a
 * duplicate, an empty blob a purged message, a "d" removes a message added
 * earlier in the range.  Every counted message is copied out of its row
 * (without its body) for the tables, threads and series.
 *
 * Owns: the ld_digest and everything in it.
 */
#include "model/model.h"

#include <string.h>

#include "model/model_private.h"
#include "util/error.h"

typedef struct collect {
	ld_index *idx;
	const ld_pos *from;
	int64_t since, until;
	size_t max_size;       /* ld_model_options.max_message_size */
	ld_digest *digest;
	GHashTable *blobs;     /* ld_oid * -> counted kind + 1 (in range) */
	GHashTable *mids;      /* Message-ID -> 1 (in range) */
	GHashTable *list_ids;  /* List-Id -> count */
	ld_bots *bots;         /* NULL: none */
	const ld_mailmap *mailmap; /* NULL: none */
	GHashTable *bot_blobs; /* ld_oid * (borrowed from blobs): counted
				* messages sent by a bot */
	GPtrArray *msgs;       /* ld_model__msg *: every counted message */
	GHashTable *msg_by_blob;
	/*
	 * Every string of `msgs`, and the keys of `blobs` and `mids`.  A
	 * whole epoch is tens of thousands of messages with twenty strings
	 * each: allocating and freeing them one by one was a tenth of the
	 * model's time, and the same names and addresses repeat, so
	 * people's strings are interned.  All of it is freed at once, with
	 * `msgs`.
	 */
	GStringChunk *strings;
} collect;

/* The strings live in the collect's chunk; only the structs are ours. */
void ld_model__msg_free(gpointer data)
{
	ld_model__msg *m = data;

	g_free(m->trailers);
	g_free(m);
}

void ld_model__person_copy(ld_person *out, const ld_person *in)
{
	out->name = g_strdup(in->name);
	out->email = g_strdup(in->email);
}

/* `text` (NULL stays NULL) in `chunk`. */
static char *chunk_str(GStringChunk *chunk, const char *text)
{
	return text ? g_string_chunk_insert(chunk, text) : NULL;
}

/* A name or address: these repeat from message to message. */
static char *chunk_const(GStringChunk *chunk, const char *text)
{
	return text ? g_string_chunk_insert_const(chunk, text) : NULL;
}

static void person_chunk(ld_person *out, GStringChunk *chunk,
			 const ld_person *in)
{
	out->name = chunk_const(chunk, in->name);
	out->email = chunk_const(chunk, in->email);
}

static ld_model__msg *msg_copy(GStringChunk *chunk, const ld_row *row)
{
	const ld_mail *mail = row->mail;
	ld_model__msg *m = g_new0(ld_model__msg, 1);

	m->blob = row->blob;
	m->kind = mail->kind;
	m->message_id = chunk_str(chunk, mail->message_id);
	m->subject = chunk_str(chunk, mail->subject);
	m->title = chunk_str(chunk, mail->subj.title);
	m->tags = chunk_str(chunk, mail->subj.tags);
	m->in_reply_to = chunk_str(chunk, mail->in_reply_to);
	m->references = chunk_str(chunk, mail->references);
	m->version = mail->subj.version;
	m->number = mail->subj.number;
	m->total = mail->subj.total;
	m->flags = mail->subj.flags;
	person_chunk(&m->author, chunk, &mail->author);
	m->author_address = chunk_const(chunk, mail->author.email);
	person_chunk(&m->sender, chunk, &mail->sender);
	m->date = mail->date;
	m->pos = row->pos;
	m->change_id = chunk_str(chunk, mail->change_id);
	m->prev_ids = chunk_str(chunk, mail->prev_ids);
	m->n_trailers = mail->n_trailers;
	m->trailers = g_new0(ld_trailer, m->n_trailers ? m->n_trailers : 1);
	for (size_t i = 0; i < m->n_trailers; i++) {
		m->trailers[i].name = chunk_const(chunk,
						  mail->trailers[i].name);
		person_chunk(&m->trailers[i].who, chunk,
			     &mail->trailers[i].who);
	}
	m->pull.url = chunk_str(chunk, mail->pull.url);
	m->pull.ref = chunk_str(chunk, mail->pull.ref);
	m->pull.base = chunk_str(chunk, mail->pull.base);
	m->pull.authors = mail->pull.authors;
	return m;
}

static void warn(ld_digest *d, const ld_row *row, const char *what)
{
	char hex[LD_OID_HEXSZ + 1];

	ld_oid_fmt(hex, &row->commit);
	g_ptr_array_add(d->warnings, g_strdup_printf("commit %s: %s%s%s", hex,
			what, row->error && *row->error ? ": " : "",
			row->error ? row->error : ""));
}

static size_t *kind_total(ld_totals *t, ld_kind kind)
{
	switch (kind) {
	case LD_KIND_PATCH:
		return &t->patches;
	case LD_KIND_COVER:
		return &t->cover_letters;
	case LD_KIND_REPLY:
		return &t->replies;
	case LD_KIND_PULL:
		return &t->pull_requests;
	default:
		return &t->other;
	}
}

/* A "d": the message added earlier in the range no longer counts. */
static void remove_blob(collect *c, const ld_oid *blob)
{
	gpointer key, value;
	ld_model__msg *m;
	ld_totals *t = &c->digest->totals;

	if (!g_hash_table_lookup_extended(c->blobs, blob, &key, &value) ||
	    !value)
		return;
	(*kind_total(t, (ld_kind)(GPOINTER_TO_INT(value) - 1)))--;
	t->messages--;
	if (g_hash_table_remove(c->bot_blobs, key))
		t->bots--;
	t->removed++;
	/* Keep the blob known (a redelivery is still a duplicate) but no
	 * longer counted.  Steal first: inserting would free our key. */
	g_hash_table_steal(c->blobs, key);
	g_hash_table_insert(c->blobs, key, NULL);
	if ((m = g_hash_table_lookup(c->msg_by_blob, blob)) != NULL)
		m->removed = true;
}

/* Replace `p` by its canonical identity in the mailmap. */
static void map_person(ld_person *p, GStringChunk *chunk,
		       const ld_mailmap *mm)
{
	char *name, *email;

	if (ld_mailmap_resolve(mm, p->name, p->email, &name, &email) < 0)
		return;
	p->name = chunk_const(chunk, name);
	p->email = chunk_const(chunk, email);
	g_free(name);
	g_free(email);
}

static void map_msg(ld_model__msg *m, GStringChunk *chunk,
		    const ld_mailmap *mm)
{
	map_person(&m->author, chunk, mm);
	map_person(&m->sender, chunk, mm);
	for (size_t i = 0; i < m->n_trailers; i++)
		map_person(&m->trailers[i].who, chunk, mm);
}

static int on_row(const ld_row *row, void *payload)
{
	collect *c = payload;
	ld_totals *t = &c->digest->totals;
	const ld_mail *mail = row->mail;
	ld_oid *key;
	int seen;

	if (row->entry == LD_ENTRY_DEL) {
		remove_blob(c, &row->blob);
		return 0;
	}
	if (row->entry != LD_ENTRY_ADD)
		return 0;
	switch (row->status) {
	case LD_MSG_UNREADABLE:
		t->unreadable++;
		warn(c->digest, row, "unreadable message");
		return 0;
	case LD_MSG_PURGED:
		t->purged++;
		return 0;
	case LD_MSG_INVALID:
		t->skipped++;
		warn(c->digest, row, "skipped");
		return 0;
	case LD_MSG_OK:
		break;
	}
	/* A date range counts only messages whose Date falls inside it;
	 * an undated message cannot be placed and is left out. */
	if (mail->date < c->since || mail->date >= c->until ||
	    (!mail->date && (c->since != LD_NO_SINCE ||
			     c->until != LD_NO_UNTIL)))
		return 0;
	/* Seen in the range, else (for a range with a start) before it. */
	seen = g_hash_table_contains(c->blobs, &row->blob) ||
	       (*mail->message_id &&
		g_hash_table_contains(c->mids, mail->message_id));
	if (!seen && c->from &&
	    (seen = ld_index_seen_before(c->idx, &row->pos, &row->blob,
					 mail->message_id)) < 0)
		return seen;
	if (seen) {
		t->duplicates++;
		return 0;
	}
	key = (ld_oid *)g_string_chunk_insert_len(c->strings,
						  (const char *)row->blob.id,
						  sizeof(row->blob.id));
	g_hash_table_insert(c->blobs, key, GINT_TO_POINTER(mail->kind + 1));
	if (*mail->message_id)
		g_hash_table_add(c->mids, g_string_chunk_insert(
						c->strings, mail->message_id));
	t->messages++;
	(*kind_total(t, mail->kind))++;
	if (mail->headers_only) {
		char *what = g_strdup_printf("counted from its headers alone: "
					     "%" G_GINT64_FORMAT " bytes, over "
					     "--max-message-size %" G_GSIZE_FORMAT,
					     row->size, c->max_size);

		t->oversized++;
		warn(c->digest, row, what);
		g_free(what);
	}
	if (c->bots && ld_bots_match(c->bots, mail->sender.email)) {
		t->bots++;
		g_hash_table_add(c->bot_blobs, key);
	}
	if (mail->date) {
		ld_digest *d = c->digest;

		if (!d->first_date || mail->date < d->first_date)
			d->first_date = mail->date;
		if (mail->date > d->last_date)
			d->last_date = mail->date;
	}
	if (*mail->list_id) {
		gpointer n = g_hash_table_lookup(c->list_ids, mail->list_id);

		g_hash_table_insert(c->list_ids, g_strdup(mail->list_id),
				    GINT_TO_POINTER(GPOINTER_TO_INT(n) + 1));
	}
	{
		ld_model__msg *m = msg_copy(c->strings, row);

		if (c->mailmap)
			map_msg(m, c->strings, c->mailmap);
		g_ptr_array_add(c->msgs, m);
		g_hash_table_insert(c->msg_by_blob, &m->blob, m);
	}
	return 0;
}

static void pull_free(gpointer data)
{
	ld_pull_request *p = data;

	g_free(p->message_id);
	g_free(p->subject);
	ld_person_clear(&p->sender);
	g_free(p->url);
	g_free(p->ref);
	g_free(p->base);
	g_free(p);
}

static ld_pull_request *pull_new(const ld_model__msg *m)
{
	ld_pull_request *p = g_new0(ld_pull_request, 1);

	p->message_id = g_strdup(m->message_id);
	p->subject = g_strdup(m->subject);
	ld_model__person_copy(&p->sender, &m->sender);
	p->date = m->date;
	p->url = g_strdup(m->pull.url);
	p->ref = g_strdup(m->pull.ref);
	p->base = g_strdup(m->pull.base);
	p->authors = m->pull.authors;
	return p;
}

char *ld_person_display(const ld_person *p)
{
	const char *at;
	int local;

	if (*p->name)
		return g_strdup_printf("%s <%s>", p->name, p->email);
	if (!*p->email)
		return g_strdup("(unknown)");
	at = strchr(p->email, '@');
	local = at ? (int)(at - p->email) : (int)strlen(p->email);
	return g_strdup_printf("%.*s <%s>", local, p->email, p->email);
}

/* The list's name: the option, else the first label of the most common
 * List-Id of the range (`fallback`, the newest message's before it, for a
 * range without one), upper-cased, else the archive's name. */
static char *list_name(collect *c, const char *fallback,
		       const ld_model_options *opts)
{
	GHashTableIter it;
	gpointer k, v;
	const char *best = NULL;
	char *label, *name;
	int best_n = 0;

	if (opts->list_name) {
		/* It goes into first lines and mail headers: no line
		 * breaks or other controls, whatever was typed. */
		name = g_strdup(opts->list_name);
		for (char *p = name; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = ' ';
		return name;
	}
	g_hash_table_iter_init(&it, c->list_ids);
	while (g_hash_table_iter_next(&it, &k, &v))
		if (GPOINTER_TO_INT(v) > best_n ||
		    (GPOINTER_TO_INT(v) == best_n && strcmp(k, best) < 0)) {
			best = k;
			best_n = GPOINTER_TO_INT(v);
		}
	if (!best)
		best = fallback;
	if (!best)
		return g_ascii_strup(opts->archive_name ?
				     opts->archive_name : "ARCHIVE", -1);
	label = g_strndup(best, strcspn(best, "."));
	name = g_ascii_strup(label, -1);
	g_free(label);
	return name;
}

static int load_commit_messages(ld_digest *d, ld_index *idx)
{
	guint i, j;
	int error;

	for (i = 0; i < d->series->len; i++) {
		ld_series *s = g_ptr_array_index(d->series, i);

		for (j = 0; j < s->printed->len; j++) {
			ld_series_msg *m = g_ptr_array_index(s->printed, j);

			if ((error = ld_index_commit_message(
				     &m->commit_message, idx, &m->blob)) < 0)
				return error;
			if (!m->commit_message)
				m->commit_message = g_strdup("");
		}
	}
	return LD_OK;
}

/* Alias suggestions leave out messages of kind "other": list spam comes
 * from throwaway addresses under recurring names, and pairing those up
 * is noise. */
static GPtrArray *suggest(GPtrArray *msgs)
{
	GPtrArray *some = g_ptr_array_new();
	GPtrArray *lines;

	for (guint i = 0; i < msgs->len; i++) {
		ld_model__msg *m = g_ptr_array_index(msgs, i);

		if (m->kind != LD_KIND_OTHER)
			g_ptr_array_add(some, m);
	}
	lines = ld_model__aliases(some);
	g_ptr_array_free(some, TRUE);
	return lines;
}

int ld_model_build(ld_digest **out, ld_index *idx, const ld_pos *from,
		   const ld_oid *from_oid, const ld_pos *to,
		   const ld_oid *to_oid, const ld_model_options *opts)
{
	ld_digest *d = g_new0(ld_digest, 1);
	collect c = { 0 };
	GPtrArray *heads, *replies;
	GHashTable *members;
	char *list_id = NULL;  /* when the range has none: the newest before */
	guint i;
	int error;

	*out = NULL;
	d->series = g_ptr_array_new_with_free_func(ld_model__series_free);
	d->warnings = g_ptr_array_new_with_free_func(g_free);
	d->pulls = g_ptr_array_new_with_free_func(pull_free);
	d->top = opts->top;
	d->is_git = opts->is_git;
	d->since = opts->since;
	d->until = opts->until;
	d->has_from = from_oid != NULL;
	if (from_oid)
		d->from = *from_oid;
	d->to = *to_oid;
	c.idx = idx;
	c.from = from;
	c.since = opts->since;
	c.max_size = opts->max_message_size;
	c.until = opts->until;
	c.digest = d;
	c.strings = g_string_chunk_new(64 * 1024);
	c.blobs = g_hash_table_new(ld_oid_hash, ld_oid_hash_equal);
	c.mids = g_hash_table_new(g_str_hash, g_str_equal);
	c.list_ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					   NULL);
	c.msgs = g_ptr_array_new_with_free_func(ld_model__msg_free);
	c.msg_by_blob = g_hash_table_new(ld_oid_hash, ld_oid_hash_equal);
	c.bots = opts->bots;
	c.mailmap = opts->mailmap;
	c.bot_blobs = g_hash_table_new(ld_oid_hash, ld_oid_hash_equal);

	if ((error = ld_index_foreach(idx, from, to, on_row, &c)) < 0)
		goto cleanup;
	heads = g_ptr_array_new();
	replies = g_ptr_array_new();
	for (i = 0; i < c.msgs->len; i++) {
		ld_model__msg *m = g_ptr_array_index(c.msgs, i);

		if (m->removed)
			continue;
		if (m->kind == LD_KIND_PATCH || m->kind == LD_KIND_COVER)
			g_ptr_array_add(heads, m);
		else if (m->kind == LD_KIND_REPLY)
			g_ptr_array_add(replies, m);
		else if (m->kind == LD_KIND_PULL)
			g_ptr_array_add(d->pulls, pull_new(m));
	}
	if (opts->suggest_aliases)
		d->aliases = suggest(c.msgs);
	if ((error = ld_model__people(d, c.msgs, idx, opts,
				      opts->include_bots ? NULL :
				      opts->bots)) < 0) {
		g_ptr_array_free(replies, TRUE);
		g_ptr_array_free(heads, TRUE);
		goto cleanup;
	}
	ld_model__threads(d, c.msgs, opts->include_bots ? NULL : opts->bots);
	ld_model__per_day(d, c.msgs);
	members = g_hash_table_new(g_str_hash, g_str_equal);
	ld_model__assemble(d->series, members, heads);
	ld_model__reviews(members, replies, opts->bots);
	g_hash_table_destroy(members);
	g_ptr_array_free(replies, TRUE);
	g_ptr_array_free(heads, TRUE);
	if ((error = ld_model__revisions(d->series, idx)) < 0)
		goto cleanup;
	d->totals.series = d->series->len;
	ld_model__stats(d);
	if ((!opts->list_name && !g_hash_table_size(c.list_ids) &&
	     (error = ld_index_list_id(&list_id, idx, to)) < 0) ||
	    (error = load_commit_messages(d, idx)) < 0)
		goto cleanup;
	d->list = list_name(&c, list_id, opts);
	*out = d;
	d = NULL;
	error = LD_OK;
cleanup:
	g_free(list_id);
	ld_digest_free(d);
	g_hash_table_destroy(c.msg_by_blob);
	g_ptr_array_free(c.msgs, TRUE);
	g_hash_table_destroy(c.list_ids);
	g_hash_table_destroy(c.mids);
	g_hash_table_destroy(c.bot_blobs);
	g_hash_table_destroy(c.blobs);
	g_string_chunk_free(c.strings);
	return error;
}

void ld_digest_free(ld_digest *d)
{
	if (!d)
		return;
	g_free(d->list);
	if (d->top_domains)
		g_ptr_array_free(d->top_domains, TRUE);
	if (d->top_contributors)
		g_ptr_array_free(d->top_contributors, TRUE);
	if (d->top_organisations)
		g_ptr_array_free(d->top_organisations, TRUE);
	if (d->unmapped_domains)
		g_ptr_array_free(d->unmapped_domains, TRUE);
	if (d->aliases)
		g_ptr_array_free(d->aliases, TRUE);
	g_ptr_array_free(d->series, TRUE);
	g_ptr_array_free(d->pulls, TRUE);
	g_ptr_array_free(d->warnings, TRUE);
	ld_model__stats_clear(&d->stats);
	g_free(d);
}
