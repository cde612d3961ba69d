/* tests/report/each.c - ld_report__each(): items rendered on several
 * threads come out exactly as a plain loop writes them
 *
 * The renderers' only guarantee about -j is that it never changes a
 * report; these cases hold ld_report__each() to it with item sizes that
 * vary (empty, short, 100 kB), item counts around its batch size, slow
 * early items that finish last, and more threads than batches.
 */
#include "report/report_private.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"

typedef struct ctx {
	GThread *main;
	gint other_thread;   /* items rendered off the calling thread */
	bool slow_start;     /* the first items sleep */
} ctx;

/* Item i: its number, then i % 7 lines, every 97th item 100 kB. */
static void item(FILE *out, guint i, const void *data)
{
	ctx *c = (ctx *)data;
	guint k;

	if (g_thread_self() != c->main)
		g_atomic_int_inc(&c->other_thread);
	if (c->slow_start && i < 4)
		g_usleep(20000);
	fprintf(out, "<%u>", i);
	for (k = 0; k < i % 7; k++)
		fprintf(out, " line %u of %u\n", k, i);
	if (i % 97 == 1)
		for (k = 0; k < 100 * 1024; k++)
			fputc('a' + (int)((i + k) % 26), out);
}

static char *render(guint n, int jobs, ctx *c, int *error)
{
	ld_report_options opts = LD_REPORT_OPTIONS_INIT;
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);

	g_assert_nonnull(mem);
	opts.jobs = jobs;
	*error = ld_report__each(mem, n, item, c, &opts);
	g_assert_cmpint(fclose(mem), ==, 0);
	return text;
}

static char *plain_loop(guint n, ctx *c)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	guint i;

	for (i = 0; i < n; i++)
		item(mem, i, c);
	fclose(mem);
	return text;
}

static void test_same_bytes(void)
{
	static const guint counts[] = { 0, 1, 7, 8, 9, 16, 17, 50, 1000 };
	static const int jobs[] = { 1, 2, 3, 8, 64 };
	gsize a, b;

	for (a = 0; a < G_N_ELEMENTS(counts); a++) {
		ctx c = { g_thread_self(), 0, false };
		char *want = plain_loop(counts[a], &c);

		for (b = 0; b < G_N_ELEMENTS(jobs); b++) {
			int error;
			char *got = render(counts[a], jobs[b], &c, &error);

			g_assert_cmpint(error, ==, LD_OK);
			if (strcmp(got, want) != 0)
				g_error("%u items, %d jobs: output differs",
					counts[a], jobs[b]);
			free(got);
		}
		free(want);
	}
}

/* Batches that finish out of order are still written in order. */
static void test_slow_first(void)
{
	ctx c = { g_thread_self(), 0, true };
	char *want = plain_loop(200, &c), *got;
	int error;

	got = render(200, 4, &c, &error);
	g_assert_cmpint(error, ==, LD_OK);
	g_assert_cmpstr(got, ==, want);
	free(got);
	free(want);
}

/* With several jobs the work really leaves the calling thread, and with
 * one it never does. */
static void test_threads_used(void)
{
	ctx c = { g_thread_self(), 0, false };
	int error;
	char *got = render(1000, 4, &c, &error);

	g_assert_cmpint(error, ==, LD_OK);
	g_assert_cmpint(g_atomic_int_get(&c.other_thread), >, 0);
	free(got);
	c.other_thread = 0;
	got = render(1000, 1, &c, &error);
	g_assert_cmpint(g_atomic_int_get(&c.other_thread), ==, 0);
	free(got);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/report/each/same-bytes", test_same_bytes);
	g_test_add_func("/report/each/slow-first", test_slow_first);
	g_test_add_func("/report/each/threads-used", test_threads_used);
	return g_test_run();
}
