/* index/update.c - bring the index up to date with the archive
 *
 * Finds the commits each epoch gained since the last run (or all of them),
 * and reads and parses their blobs on `jobs` threads while the calling
 * thread stores the results.
 *
 * Why this shape: reading a blob (inflating it from the pack) and parsing
 * it with GMime cost about the same, and both parallelise; SQLite inserts
 * are cheap but must happen on one thread and in order.  Workers claim
 * commits in order and put results into a ring of WINDOW slots; they wait
 * when they are WINDOW ahead of the writer, which bounds memory whatever the
 * archive's size.
 *
 * An epoch read for the first time is listed from its tip back (the only
 * way a history can be walked), one commit at a time, and the workers
 * start on the newest commits while the main thread is still walking: the
 * walk is a tenth of a whole epoch's time, and it would otherwise leave
 * every other core idle.  Such an epoch is stored newest first, and its
 * positions are set when the walk reaches the root.  Its epochs row is
 * written only once all its commits are stored: an epoch with commits but
 * no epochs row is a fill that did not finish, and is read again whole.
 *
 * Owns: the work list, the ring, one ld_source_reader per worker.
 */
#include "index/index.h"

#include <glib.h>
#include <string.h>

#include "index/index_private.h"
#include "util/error.h"

/* Results in flight, a multiple of CHUNK.  The writer starts once the
 * listing is done, so this is also how far the workers get meanwhile: a
 * fifth of a second of reading on two cores (about 12 MB of results). */
#define WINDOW 4096
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
	bool listing;        /* the main thread may still add jobs */
	bool abort;          /* the update failed: claim nothing more */
	bool writer_waiting; /* the writer sleeps on `ready` */
	int workers_waiting; /* workers sleeping on `space` */
	GMutex lock;         /* guards all of the above and `jobs` */
	GCond ready;         /* a result the writer waits for is there */
	GCond space;         /* the ring has room again */
	GCond more;          /* jobs were added, or the listing ended */
	GArray *roots;       /* epoch_root: epochs listed whole, to record
			      * once stored */
} pipeline;

typedef struct epoch_root {
	size_t epoch;
	ld_oid root;
} epoch_root;

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
	unsigned flags;
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
	flags = ld_parse_limit(LD_PARSE_COMMIT_MESSAGE, &len, max_size);
	r->headers_only = (flags & LD_PARSE_HEADERS_ONLY) != 0;
	if (ld_parse_message(&r->mail, data, len, flags) < 0) {
		r->status = LD_MSG_INVALID;
		r->error = g_strdup(ld_error_last());
		return;
	}
	r->status = LD_MSG_OK;
}

/* Under p->lock: wait until CHUNK jobs (fewer once the listing is done)
 * can be claimed, and copy them to `out`, since `jobs` may grow and move
 * meanwhile.  Returns how many; 0 when there is no more work. */
static size_t claim(pipeline *p, job *out, size_t *first)
{
	size_t n, k;

	for (;;) {
		if (p->abort)
			return 0;
		n = p->jobs->len - p->next;
		if (n == 0 && !p->listing)
			return 0;
		if (n < CHUNK && p->listing) {
			g_cond_wait(&p->more, &p->lock);
			continue;
		}
		if (p->next + CHUNK > p->consumed + WINDOW) {
			p->workers_waiting++;
			g_cond_wait(&p->space, &p->lock);
			p->workers_waiting--;
			continue;
		}
		break;
	}
	n = MIN(CHUNK, n);
	*first = p->next;
	for (k = 0; k < n; k++)
		out[k] = g_array_index(p->jobs, job, *first + k);
	p->next += n;
	return n;
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
	job js[CHUNK];
	size_t first, n, k;

	ld_source_reader_new(&reader, p->src);
	for (;;) {
		g_mutex_lock(&p->lock);
		n = claim(p, js, &first);
		g_mutex_unlock(&p->lock);
		if (n == 0)
			break;

		for (k = 0; k < n; k++) {
			process(&r[k], reader, &js[k], p->max_size);
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
	return ld_index__add_message(idx, &j->pos, &r->blob, r->status,
				     r->mail, r->error, r->size,
				     r->headers_only);
}

/* Store every job's result in job order, as the workers deliver them. */
static int write_all(ld_index *idx, pipeline *p,
		     const ld_index_update_options *opts)
{
	size_t n = p->jobs->len, i;
	int error = LD_OK;

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
	return error;
}

/* The listing is over: with `failed`, the workers stop claiming and the
 * results they already made are dropped.  Calling it again is harmless. */
static void end_listing(pipeline *p, bool failed)
{
	g_mutex_lock(&p->lock);
	p->listing = false;
	p->abort = failed;
	g_cond_broadcast(&p->more);
	g_cond_broadcast(&p->space);
	g_mutex_unlock(&p->lock);
}

static void join_workers(pipeline *p, GThread **threads, size_t nthreads)
{
	size_t t;

	for (t = 0; t < nthreads; t++)
		g_thread_join(threads[t]);
	for (t = 0; t < WINDOW; t++)
		if (p->ring[t].ready)
			result_clear(&p->ring[t]);
}

/* The job for `commit` at `seq` of `epoch`; `tree` may be NULL. */
static job job_at(size_t epoch, int64_t seq, const ld_oid *commit,
		  const ld_oid *tree)
{
	job j = { { epoch, seq }, *commit, { { 0 } } };

	if (tree)
		j.tree = *tree;
	return j;
}

/* `trees` (may be NULL) runs parallel to `list`. */
static void add_jobs(pipeline *p, size_t epoch, int64_t first,
		     const ld_oid *list, const ld_oid *trees, size_t n)
{
	size_t i;

	g_mutex_lock(&p->lock);
	for (i = 0; i < n; i++) {
		job j = job_at(epoch, first + (int64_t)i, &list[i],
			       trees ? &trees[i] : NULL);

		g_array_append_val(p->jobs, j);
	}
	g_cond_broadcast(&p->more);
	g_mutex_unlock(&p->lock);
}

typedef struct walk {
	pipeline *p;
	size_t epoch;
	size_t start;        /* the epoch's first job */
} walk;

static int walk_add(const ld_oid *commit, const ld_oid *tree, void *payload)
{
	walk *w = payload;
	pipeline *p = w->p;
	job j = job_at(w->epoch, 0, commit, tree); /* numbered at the root */

	g_mutex_lock(&p->lock);
	g_array_append_val(p->jobs, j);
	if ((p->jobs->len - w->start) % CHUNK == 0)
		g_cond_broadcast(&p->more);
	g_mutex_unlock(&p->lock);
	return 0;
}

/*
 * Epoch `epoch`, never indexed (or its first fill did not finish): hand
 * its commits to the workers as the walk finds them, newest first, then
 * number them once the root is reached.  The epoch is recorded in
 * p->roots, to be written once its commits are stored.
 */
static int plan_whole(ld_index *idx, ld_source *src, size_t epoch,
		      pipeline *p)
{
	/* Only this thread adds jobs: reading the length needs no lock. */
	walk w = { p, epoch, p->jobs->len };
	size_t n, k;
	int error;

	if ((error = ld_index__epoch_clear(idx, epoch)) < 0 ||
	    (error = ld_source_walk_commits(src, epoch, walk_add, &w)) < 0)
		return error;
	g_mutex_lock(&p->lock);
	n = p->jobs->len - w.start;
	for (k = 0; k < n; k++)
		g_array_index(p->jobs, job, w.start + k).pos.seq =
			(int64_t)(n - 1 - k);
	g_cond_broadcast(&p->more);
	g_mutex_unlock(&p->lock);
	if (n > 0) {
		/* The walk ended at the root. */
		epoch_root e = { epoch, g_array_index(p->jobs, job,
						      w.start + n - 1).commit };

		g_array_append_val(p->roots, e);
	}
	return LD_OK;
}

/*
 * The epoch's history was rewritten (public-inbox-purge rewrites every
 * commit after the purged one).  Keep the indexed commits it still
 * shares, re-read the rest, and record where the histories part, which
 * is the merge base --since-last needs once the old commits are gone.
 */
static int plan_rewritten(ld_index *idx, ld_source *src, size_t epoch,
			  pipeline *p)
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
		add_jobs(p, epoch, pos.seq, list + pos.seq,
			 trees ? trees + pos.seq : NULL, n - (size_t)pos.seq);
	g_free(list);
	g_free(trees);
	return error;
}

/* Queue the commits epoch `epoch` gained since it was last indexed. */
static int plan_epoch(ld_index *idx, ld_source *src, size_t epoch,
		      pipeline *p)
{
	ld_index__epoch state;
	ld_oid *list = NULL, *trees = NULL;
	size_t n;
	int error;

	if ((error = ld_index__epoch_get(&state, idx, epoch)) < 0)
		return error;
	if (!state.known || state.count == 0)
		return plan_whole(idx, src, epoch, p);
	error = ld_source_list_commits(&list, &trees, &n, src, epoch,
				       &state.tip);
	if (error == LD_OK) {
		add_jobs(p, epoch, state.count, list, trees, n);
		g_free(list);
		g_free(trees);
		return LD_OK;
	}
	if (error != LD_ENOTFOUND)
		return error;
	return plan_rewritten(idx, src, epoch, p);
}

/* Queue the commits whose blobs could not be read last time.  After the
 * epochs: those read again whole have no commits left to retry. */
static int plan_retries(ld_index *idx, pipeline *p)
{
	GArray *retry;
	guint i;
	int error;

	if ((error = ld_index__unreadable(&retry, idx)) < 0)
		return error;
	for (i = 0; i < retry->len; i++) {
		ld_index__todo *t = &g_array_index(retry, ld_index__todo, i);

		add_jobs(p, t->pos.epoch, t->pos.seq, &t->commit, NULL, 1);
	}
	g_array_free(retry, TRUE);
	return LD_OK;
}

/* The epochs listed whole, now that all their commits are stored. */
static int record_roots(ld_index *idx, const GArray *roots)
{
	guint i;
	int error = LD_OK;

	for (i = 0; i < roots->len && error == LD_OK; i++) {
		const epoch_root *e = &g_array_index(roots, epoch_root, i);

		error = ld_index__epoch_set(idx, e->epoch, &e->root);
	}
	return error;
}

int ld_index_update(ld_index *idx, ld_source *src,
		    const ld_index_update_options *opts)
{
	pipeline *p = g_new0(pipeline, 1);
	GThread **threads = NULL;
	size_t epoch, i, nthreads = 0;
	bool bulk;
	int error;

	p->src = src;
	p->max_size = opts->max_message_size;
	p->jobs = g_array_new(FALSE, FALSE, sizeof(job));
	p->roots = g_array_new(FALSE, FALSE, sizeof(epoch_root));
	p->listing = true;
	g_mutex_init(&p->lock);
	g_cond_init(&p->ready);
	g_cond_init(&p->space);
	g_cond_init(&p->more);

	/* Epochs the archive no longer has are forgotten. */
	error = ld_index__epoch_drop_from(idx, ld_source_epoch_count(src));
	if (error < 0)
		goto cleanup;
	if ((error = ld_index__set_max_size(idx, opts->max_message_size)) < 0)
		goto cleanup;
	/* The workers start on the first jobs while the rest are listed. */
	nthreads = (size_t)(opts->jobs > 0 ? opts->jobs : 1);
	threads = g_new0(GThread *, nthreads);
	for (i = 0; i < nthreads; i++)
		threads[i] = g_thread_new("ld-read", worker, p);
	for (epoch = 0; epoch < ld_source_epoch_count(src); epoch++)
		if ((error = plan_epoch(idx, src, epoch, p)) < 0)
			break;
	if (error == LD_OK)
		error = plan_retries(idx, p);
	end_listing(p, error < 0);
	if (error < 0)
		goto cleanup;
	/* Rebuilding the indexes costs about as much as 10,000 rows. */
	bulk = p->jobs->len > 10000;
	if (bulk && (error = ld_index__bulk(idx, true)) < 0)
		goto cleanup;
	error = write_all(idx, p, opts);
	if (error == LD_OK)
		error = record_roots(idx, p->roots);
	if (bulk && error == LD_OK)
		error = ld_index__bulk(idx, false);
cleanup:
	if (threads) {
		/* After a failure the workers may still have jobs left. */
		end_listing(p, error < 0);
		join_workers(p, threads, nthreads);
		g_free(threads);
	}
	g_array_free(p->jobs, TRUE);
	g_array_free(p->roots, TRUE);
	g_mutex_clear(&p->lock);
	g_cond_clear(&p->ready);
	g_cond_clear(&p->space);
	g_cond_clear(&p->more);
	g_free(p);
	return error;
}
