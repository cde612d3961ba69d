/* bench/stages.c - the first stages of a cold digest alone, for `make bench`
 *
 * Usage: ld-bench-stages read|parse JOBS ARCHIVE
 *
 * "read" lists every epoch of ARCHIVE and reads every message blob on JOBS
 * threads through the source stage, exactly as a cold digest does, and
 * throws the bytes away.  "parse" also parses each one (ld_parse_message()
 * with the flags the index uses) and frees the result.  Neither touches
 * the index, the model or a report.
 *
 * Why: a cold digest is read + parse + index + model + report.  Timed
 * beside the full run and the `git cat-file` baseline, these two rows say
 * which part of listdigest's time is the reading that the baseline also
 * does, and which is the work it adds per message; without them that split
 * could only be guessed from a profile.
 *
 * Prints "MESSAGES BYTES" on stdout; exits non-zero when anything could not
 * be read, so that the benchmark never times a run that skipped work.
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index/index.h"
#include "parse/parse.h"
#include "source/source.h"
#include "util/error.h"

#define CHUNK 16 /* commits a thread claims at once, as the index does */

typedef struct job {
	size_t epoch;
	ld_oid commit, tree;
} job;

typedef struct run {
	ld_source *src;
	GArray *jobs;     /* job */
	bool parse;
	gint next;        /* next job to claim (atomic) */
	gint failed;      /* a read failed (atomic) */
	GMutex lock;      /* guards the totals */
	guint64 messages, bytes;
} run;

/* Add every commit of `epoch` to `jobs`, with its tree when the source
 * gives one (git only). */
static int list_epoch(GArray *jobs, ld_source *src, size_t epoch)
{
	ld_oid *commits = NULL, *trees = NULL;
	size_t count = 0, k;
	int error = ld_source_list_commits(&commits, &trees, &count, src,
					   epoch, NULL);

	for (k = 0; error == LD_OK && k < count; k++) {
		job j = { epoch, commits[k], { { 0 } } };

		if (trees)
			j.tree = trees[k];
		g_array_append_val(jobs, j);
	}
	g_free(commits);
	g_free(trees);
	return error;
}

/* What the index's workers do with a message (update.c's process()),
 * with the digest's default size limit. */
static void parse(const char *data, size_t len)
{
	unsigned flags = ld_parse_limit(LD_PARSE_COMMIT_MESSAGE, &len,
					LD_MAX_MESSAGE_SIZE_DEFAULT);
	ld_mail *mail = NULL;

	if (ld_parse_message(&mail, data, len, flags) == 0)
		ld_mail_free(mail);
}

static gpointer worker(gpointer data)
{
	run *r = data;
	ld_source_reader *reader;
	guint64 messages = 0, bytes = 0;
	gint first;

	if (ld_source_reader_new(&reader, r->src) < 0) {
		g_atomic_int_set(&r->failed, 1);
		return NULL;
	}
	while ((first = g_atomic_int_add(&r->next, CHUNK)) <
	       (gint)r->jobs->len) {
		guint k, end = MIN((guint)first + CHUNK, r->jobs->len);

		for (k = (guint)first; k < end; k++) {
			const job *j = &g_array_index(r->jobs, job, k);
			ld_entry_kind kind = LD_ENTRY_NONE;
			const char *bytes_at;
			size_t len = 0;
			ld_oid blob;

			if (ld_source_read(reader, j->epoch, &j->commit,
					   ld_oid_is_zero(&j->tree) ? NULL :
					   &j->tree, &kind, &blob, &bytes_at,
					   &len) < 0) {
				g_atomic_int_set(&r->failed, 1);
				continue;
			}
			if (kind != LD_ENTRY_ADD)
				continue;
			messages++;
			bytes += len;
			if (r->parse && len > 0)
				parse(bytes_at, len);
		}
	}
	ld_source_reader_free(reader);
	g_mutex_lock(&r->lock);
	r->messages += messages;
	r->bytes += bytes;
	g_mutex_unlock(&r->lock);
	return NULL;
}

int main(int argc, char **argv)
{
	run r = { 0 };
	GThread **threads;
	long jobs = 0;
	size_t epoch, i;
	int status = 0;
	char *end = NULL;

	if (argc == 4)
		jobs = strtol(argv[2], &end, 10);
	if (argc != 4 || (strcmp(argv[1], "read") != 0 &&
			  strcmp(argv[1], "parse") != 0) ||
	    !end || *end || jobs < 1 || jobs > 256) {
		fprintf(stderr, "usage: %s read|parse JOBS ARCHIVE\n",
			argv[0]);
		return 2;
	}
	r.parse = strcmp(argv[1], "parse") == 0;
	ld_source_init();
	ld_parse_init();
	if (ld_source_open(&r.src, argv[3], LD_SOURCE_AUTO,
			   LD_MBOX_AUTO) < 0) {
		fprintf(stderr, "%s: %s\n", argv[0], ld_error_last());
		return 1;
	}
	r.jobs = g_array_new(FALSE, FALSE, sizeof(job));
	g_mutex_init(&r.lock);
	/* Listed first, then read: the digest overlaps the two, but the
	 * listing is a small part and this keeps the tool simple. */
	for (epoch = 0; epoch < ld_source_epoch_count(r.src); epoch++) {
		if (list_epoch(r.jobs, r.src, epoch) < 0) {
			fprintf(stderr, "%s: %s\n", argv[0], ld_error_last());
			status = 1;
		}
	}
	threads = g_new(GThread *, (gsize)jobs);
	for (i = 0; i < (size_t)jobs; i++)
		threads[i] = g_thread_new("bench-read", worker, &r);
	for (i = 0; i < (size_t)jobs; i++)
		g_thread_join(threads[i]);
	g_free(threads);
	if (g_atomic_int_get(&r.failed)) {
		fprintf(stderr, "%s: some messages could not be read\n",
			argv[0]);
		status = 1;
	}
	printf("%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT "\n", r.messages,
	       r.bytes);
	g_array_free(r.jobs, TRUE);
	g_mutex_clear(&r.lock);
	ld_source_free(r.src);
	ld_parse_shutdown();
	ld_source_shutdown();
	return status;
}
