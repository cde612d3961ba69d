/* report/each.c - render the items of a long list on several threads
 *
 * A digest of a whole archive prints thousands of series, and turning them
 * into text (json-glib's generator, escaping, commit messages) is most of a
 * renderer's time, spent after everything else is done and on one core.
 * Each series renders independently of the others, so ld_report__each()
 * renders batches of them on worker threads into memory and writes the
 * batches in order: the bytes are those of a plain loop over the items,
 * whatever the number of threads.
 *
 * Owns: the thread pool and the batch buffers of one call.
 */
#include "report/report_private.h"

#include <stdio.h>
#include <stdlib.h>

#include "util/error.h"

/* Items per batch: large enough that a batch costs far more than its
 * hand-over, small enough that a few series do not end up on one thread. */
#define BATCH_ITEMS 8
/* Batches in flight per thread: bounds the memory held by rendered text
 * that waits for its turn to be written. */
#define AHEAD 4

typedef struct batch {
	guint first, n;
	char *text;         /* open_memstream()'s buffer; NULL: failed */
	size_t len;
	bool done;
} batch;

typedef struct each_run {
	ld_report__item_fn fn;
	const void *ctx;
	GMutex lock;
	GCond done;
} each_run;

/* A pool worker: render one batch into memory. */
static void render_batch(gpointer data, gpointer user)
{
	batch *b = data;
	each_run *run = user;
	FILE *mem = open_memstream(&b->text, &b->len);
	guint i;

	if (mem) {
		for (i = b->first; i < b->first + b->n; i++)
			run->fn(mem, i, run->ctx);
		if (fclose(mem) != 0) {
			free(b->text);
			b->text = NULL;
		}
	}
	g_mutex_lock(&run->lock);
	b->done = true;
	g_cond_broadcast(&run->done);
	g_mutex_unlock(&run->lock);
}

int ld_report__each(FILE *out, guint n, ld_report__item_fn fn,
		    const void *ctx, const ld_report_options *opts)
{
	int jobs = opts ? opts->jobs : 1;
	guint nb = (n + BATCH_ITEMS - 1) / BATCH_ITEMS, ahead, i, pushed = 0;
	each_run run = { fn, ctx, { 0 }, { 0 } };
	GThreadPool *pool;
	batch *b;
	int error = LD_OK;

	if (jobs < 2 || nb < 2) {
		for (i = 0; i < n; i++)
			fn(out, i, ctx);
		return LD_OK;
	}
	/* A shared (non-exclusive) pool: GLib documents that its creation
	 * cannot fail. */
	pool = g_thread_pool_new(render_batch, &run, jobs, FALSE, NULL);
	g_mutex_init(&run.lock);
	g_cond_init(&run.done);
	b = g_new0(batch, nb);
	for (i = 0; i < nb; i++) {
		b[i].first = i * BATCH_ITEMS;
		b[i].n = MIN(BATCH_ITEMS, n - b[i].first);
	}
	ahead = (guint)jobs * AHEAD;
	for (i = 0; i < nb; i++) {
		while (pushed < nb && pushed < i + ahead)
			g_thread_pool_push(pool, &b[pushed++], NULL);
		g_mutex_lock(&run.lock);
		while (!b[i].done)
			g_cond_wait(&run.done, &run.lock);
		g_mutex_unlock(&run.lock);
		if (b[i].text)
			fwrite(b[i].text, 1, b[i].len, out);
		else if (error == LD_OK) {
			/* Never a report with a hole in it. */
			ld_error_set("out of memory rendering the report");
			error = LD_ERROR;
		}
		free(b[i].text);
		b[i].text = NULL;
	}
	/* Every batch was waited for: the pool is idle. */
	g_thread_pool_free(pool, FALSE, TRUE);
	g_free(b);
	g_mutex_clear(&run.lock);
	g_cond_clear(&run.done);
	return error;
}
