/* index/update.c - bring the index up to date with the archive
 *
 * Finds the commits each epoch gained since the last run (or all of them),
 * then reads and parses their blobs on `jobs` threads while the calling
 * thread stores the results in archive order.
 *
 * Why this shape: reading a blob (inflating it from the pack) and parsing
 * it with GMime cost about the same, and both parallelise; SQLite inserts
 * are cheap but must happen on one thread and in order.  Workers claim
 * commits in order and put results into a ring of WINDOW slots; they wait
 * when they are WINDOW ahead of the writer, which bounds memory whatever the
 * archive's size.
 *
 * Owns: the work list, the ring, one ld_source_reader per worker.
 */
#include "index/index.h"

#include <glib.h>
#include <string.h>

#include "index/index_private.h"
#include "util/error.h"

#define WINDOW 1024 /* results in flight, a multiple of CHUNK */
#define CHUNK 16
#define BATCH 4096 /* commits per transaction */

typedef struct job {
	ld_pos pos;
	ld_oid commit;
	ld_oid tree;   /* as the listing gave it; zero: unknown */
} job;

typedef struct result {
	bool ready;
	ld_entry_kind kind;
	ld_oid blob;
	ld_msg_status status;
	ld_mail *mail;
	char *error;
	int64_t size;
	bool headers_only;
} result;

typedef struct pipeline {
	ld_source *src;
	size_t max_size;     /* ld_index_update_options.max_message_size */
	GArray *jobs;        /* job */
	result ring[WINDOW];
	size_t next;         /* next job to claim */
	size_t consumed;     /* jobs the writer has taken */
	bool writer_waiting; /* the writer sleeps on `ready` */
	int workers_waiting; /* workers sleeping on `space` */
	GMutex lock;
	GCond ready;         /* a result the writer waits for is there */
	GCond space;         /* the ring has room again */
} pipeline;

static void result_clear(result *r)
{
	ld_mail_free(r->mail);
	g_free(r->error);
	memset(r, 0, sizeof(*r));
}

/* Read and parse one commit's message.  Runs on a worker thread. */
static void process(result *r, ld_source_reader *reader, const job *j,
		    size_t max_size)
{
	unsigned flags = LD_PARSE_COMMIT_MESSAGE;
	const char *data;
	size_t len;

	memset(r, 0, sizeof(*r));
	if (ld_source_read(reader, j->pos.epoch, &j->commit,
			   ld_oid_is_zero(&j->tree) ? NULL : &j->tree,
			   &r->kind, &r->blob,
			   &data, &len) < 0) {
		/* A commit we cannot read at all still adds a message we
		 * must not lose silently. */
		if (r->kind == LD_ENTRY_NONE)
			r->kind = LD_ENTRY_ADD;
		r->status = LD_MSG_UNREADABLE;
		r->error = g_strdup(ld_error_last());
		return;
	}
	if (r->kind != LD_ENTRY_ADD)
		return;
	if (len == 0) {
		r->status = LD_MSG_PURGED;
		return;
	}
	r->size = (int64_t)len;
	/* The time GMime takes grows with the message; past the limit only
	 * the headers (themselves cut at the limit) are looked at. */
	if (max_size && len > max_size) {
		r->headers_only = true;
		flags |= LD_PARSE_HEADERS_ONLY;
		len = max_size;
	}
	if (ld_parse_message(&r->mail, data, len, flags) < 0) {
		r->status = LD_MSG_INVALID;
		r->error = g_strdup(ld_error_last());
		return;
	}
	r->status = LD_MSG_OK;
}

/*
 * Claim CHUNK commits at a time and publish their results together: with
 * one lock round trip and at most one wake-up per chunk, three threads on
 * two cores do not spend their time switching.
 */
static gpointer worker(gpointer data)
{
	pipeline *p = data;
	ld_source_reader *reader;
	result r[CHUNK];
	size_t first, n, k;

	ld_source_reader_new(&reader, p->src);
	for (;;) {
		g_mutex_lock(&p->lock);
		while (p->next < p->jobs->len &&
		       p->next + CHUNK > p->consumed + WINDOW) {
			p->workers_waiting++;
			g_cond_wait(&p->space, &p->lock);
			p->workers_waiting--;
		}
		first = p->next;
		n = MIN(CHUNK, p->jobs->len - first);
		p->next += n;
		g_mutex_unlock(&p->lock);
		if (n == 0)
			break;

		for (k = 0; k < n; k++) {
			process(&r[k], reader,
				&g_array_index(p->jobs, job, first + k),
				p->max_size);
			r[k].ready = true;
		}

		g_mutex_lock(&p->lock);
		for (k = 0; k < n; k++)
			p->ring[(first + k) % WINDOW] = r[k];
		if (p->writer_waiting && p->consumed >= first &&
		    p->consumed < first + n)
			g_cond_signal(&p->ready);
		g_mutex_unlock(&p->lock);
	}
	ld_source_reader_free(reader);
	return NULL;
}

static int store(ld_index *idx, const job *j, const result *r)
{
	int error;

	error = ld_index__add_commit(idx, &j->pos, &j->commit, r->kind,
				     &r->blob,
				     r->status == LD_MSG_UNREADABLE ?
				     r->error : NULL);
	if (error < 0 || r->kind != LD_ENTRY_ADD ||
	    r->status == LD_MSG_UNREADABLE)
		return error;
	return ld_index__add_message(idx, &r->blob, r->status, r->mail,
				     r->error, r->size, r->headers_only);
}

/* Run the pipeline over p->jobs, storing results in order. */
static int run(ld_index *idx, pipeline *p,
	       const ld_index_update_options *opts)
{
	size_t n = p->jobs->len, i, nthreads, t;
	GThread **threads;
	int error = LD_OK;

	nthreads = (size_t)(opts->jobs > 0 ? opts->jobs : 1);
	if (nthreads > n)
		nthreads = n ? n : 1;
	threads = g_new0(GThread *, nthreads);
	for (t = 0; t < nthreads; t++)
		threads[t] = g_thread_new("ld-read", worker, p);

	for (i = 0; i < n; i++) {
		result r;

		g_mutex_lock(&p->lock);
		while (!p->ring[i % WINDOW].ready) {
			p->writer_waiting = true;
			g_cond_wait(&p->ready, &p->lock);
			p->writer_waiting = false;
		}
		r = p->ring[i % WINDOW];
		p->ring[i % WINDOW].ready = false;
		p->consumed = i + 1;
		if (p->workers_waiting && i % CHUNK == CHUNK - 1)
			g_cond_broadcast(&p->space);
		g_mutex_unlock(&p->lock);

		if (error == LD_OK && i % BATCH == 0)
			error = ld_index__begin(idx);
		if (error == LD_OK)
			error = store(idx, &g_array_index(p->jobs, job, i), &r);
		if (error == LD_OK && (i % BATCH == BATCH - 1 || i == n - 1))
			error = ld_index__commit(idx);
		result_clear(&r);
		if (opts->progress && (i % 256 == 0 || i == n - 1))
			opts->progress(i + 1, n, opts->payload);
	}
	for (t = 0; t < nthreads; t++)
		g_thread_join(threads[t]);
	g_free(threads);
	return error;
}

/* `trees` (may be NULL) runs parallel to `list`. */
static void add_jobs(GArray *jobs, size_t epoch, int64_t first,
		     const ld_oid *list, const ld_oid *trees, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		job j = { { epoch, first + (int64_t)i }, list[i], { { 0 } } };

		if (trees)
			j.tree = trees[i];
		g_array_append_val(jobs, j);
	}
}

/*
 * The epoch's history was rewritten (public-inbox-purge rewrites every
 * commit after the purged one).  Keep the indexed commits it still
 * shares, re-read the rest, and record where the histories part, which
 * is the merge base --since-last needs once the old commits are gone.
 */
static int plan_rewritten(ld_index *idx, ld_source *src, size_t epoch,
			  GArray *jobs)
{
	ld_oid *list = NULL, *trees = NULL, old;
	ld_pos pos = { epoch, 0 };
	size_t n;
	int error;

	if ((error = ld_source_list_commits(&list, &trees, &n, src, epoch,
					    NULL)) < 0)
		return error;
	while ((size_t)pos.seq < n &&
	       ld_index_commit_at(&old, idx, &pos) == LD_OK &&
	       ld_oid_equal(&old, &list[pos.seq]))
		pos.seq++;
	error = ld_index__rewritten(idx, &pos);
	if (error == LD_OK && pos.seq == 0 && n > 0)
		error = ld_index__epoch_set(idx, epoch, &list[0]);
	if (error == LD_OK)
		add_jobs(jobs, epoch, pos.seq, list + pos.seq,
			 trees ? trees + pos.seq : NULL, n - (size_t)pos.seq);
	g_free(list);
	g_free(trees);
	return error;
}

/* Queue the commits epoch `epoch` gained since it was last indexed. */
static int plan_epoch(ld_index *idx, ld_source *src, size_t epoch,
		      GArray *jobs)
{
	ld_index__epoch state;
	ld_oid *list = NULL, *trees = NULL;
	size_t n;
	int error;

	if ((error = ld_index__epoch_get(&state, idx, epoch)) < 0)
		return error;
	if (state.known && state.count > 0) {
		error = ld_source_list_commits(&list, &trees, &n, src, epoch,
					       &state.tip);
		if (error == LD_OK) {
			add_jobs(jobs, epoch, state.count, list, trees, n);
			g_free(list);
			g_free(trees);
			return LD_OK;
		}
		if (error != LD_ENOTFOUND)
			return error;
		return plan_rewritten(idx, src, epoch, jobs);
	}
	if ((error = ld_source_list_commits(&list, &trees, &n, src, epoch,
					    NULL)) < 0)
		return error;
	if (n > 0)
		error = ld_index__epoch_set(idx, epoch, &list[0]);
	add_jobs(jobs, epoch, 0, list, trees, n);
	g_free(list);
	g_free(trees);
	return error;
}

int ld_index_update(ld_index *idx, ld_source *src,
		    const ld_index_update_options *opts)
{
	pipeline *p = g_new0(pipeline, 1);
	GArray *retry = NULL;
	size_t epoch, i;
	bool bulk;
	int error;

	p->src = src;
	p->max_size = opts->max_message_size;
	p->jobs = g_array_new(FALSE, FALSE, sizeof(job));
	g_mutex_init(&p->lock);
	g_cond_init(&p->ready);
	g_cond_init(&p->space);

	/* Epochs the archive no longer has are forgotten. */
	error = ld_index__epoch_drop_from(idx, ld_source_epoch_count(src));
	if (error < 0)
		goto cleanup;
	if ((error = ld_index__set_max_size(idx, opts->max_message_size)) < 0 ||
	    (error = ld_index__unreadable(&retry, idx)) < 0)
		goto cleanup;
	for (i = 0; i < retry->len; i++) {
		ld_index__todo *t = &g_array_index(retry, ld_index__todo, i);

		add_jobs(p->jobs, t->pos.epoch, t->pos.seq, &t->commit, NULL,
			 1);
	}
	for (epoch = 0; epoch < ld_source_epoch_count(src); epoch++)
		if ((error = plan_epoch(idx, src, epoch, p->jobs)) < 0)
			goto cleanup;
	/* Rebuilding the indexes costs about as much as 10,000 rows. */
	bulk = p->jobs->len > 10000;
	if (bulk && (error = ld_index__bulk(idx, true)) < 0)
		goto cleanup;
	error = run(idx, p, opts);
	if (bulk && error == LD_OK)
		error = ld_index__bulk(idx, false);
cleanup:
	if (retry)
		g_array_free(retry, TRUE);
	g_array_free(p->jobs, TRUE);
	g_mutex_clear(&p->lock);
	g_cond_clear(&p->ready);
	g_cond_clear(&p->space);
	g_free(p);
	return error;
}
