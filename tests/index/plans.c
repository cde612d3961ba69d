/* tests/index/plans.c - every lookup of the index goes through an index
 *
 * The history questions (seen before?, earlier version?, first patch of
 * an address?, which commits to read again?) must cost one index search
 * whatever the archive's size.  A statement that SQLite answers with a
 * full table scan gives the same answers, only slower, and only on big
 * archives: no output test can see it.  So this asks SQLite for the plan
 * of every statement the index prepares, on a fresh temporary index and
 * after a bulk fill's drop and rebuild of the lookup indexes, and fails
 * on a full scan of a table or a temporary sort, except in a statement
 * without a WHERE clause (reading the newest commit, which stops at its
 * first row).  Partial indexes make this worth checking: SQLite uses one
 * only when the query repeats its WHERE terms.
 */
#include <glib.h>
#include <string.h>

#include "index/index.h"
#include "index/index_private.h"
#include "util/error.h"

typedef struct plans {
	int lines;
	GString *bad;
} plans;

static int on_line(const char *sql, const char *line, void *payload)
{
	plans *p = payload;
	bool scan = g_str_has_prefix(line, "SCAN ") &&
		    !strstr(line, " USING ");
	bool sort = strstr(line, "TEMP B-TREE") != NULL;

	p->lines++;
	if ((scan || sort) && strstr(sql, "WHERE"))
		g_string_append_printf(p->bad, "%s\n  in: %s\n", line, sql);
	return 0;
}

static void check_plans(ld_index *idx)
{
	plans p = { 0, g_string_new(NULL) };

	g_assert_cmpint(ld_index__plans(idx, on_line, &p), ==, LD_OK);
	/* One line at least per statement: the walk happened. */
	g_assert_cmpint(p.lines, >=, 20);
	if (p.bad->len)
		g_test_message("full scans or sorts:\n%s", p.bad->str);
	g_assert_cmpstr(p.bad->str, ==, "");
	g_string_free(p.bad, TRUE);
}

static void test_fresh(void)
{
	ld_index *idx = NULL;

	g_assert_cmpint(ld_index_open(&idx, NULL, NULL), ==, LD_OK);
	check_plans(idx);
	ld_index_free(idx);
}

/* A bulk fill drops the lookup indexes and builds them again. */
static void test_after_bulk(void)
{
	ld_index *idx = NULL;

	g_assert_cmpint(ld_index_open(&idx, NULL, NULL), ==, LD_OK);
	g_assert_cmpint(ld_index__bulk(idx, true), ==, LD_OK);
	g_assert_cmpint(ld_index__bulk(idx, false), ==, LD_OK);
	check_plans(idx);
	ld_index_free(idx);
}

/* The check itself can fail: with the lookup indexes dropped, the
 * lookups scan. */
static void test_detects_scans(void)
{
	ld_index *idx = NULL;
	plans p = { 0, g_string_new(NULL) };

	g_assert_cmpint(ld_index_open(&idx, NULL, NULL), ==, LD_OK);
	g_assert_cmpint(ld_index__bulk(idx, true), ==, LD_OK);
	g_assert_cmpint(ld_index__plans(idx, on_line, &p), ==, LD_OK);
	g_assert_nonnull(strstr(p.bad->str, "change_id"));
	g_assert_nonnull(strstr(p.bad->str, "title_key"));
	g_string_free(p.bad, TRUE);
	ld_index_free(idx);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/index/plans/fresh", test_fresh);
	g_test_add_func("/index/plans/after-bulk", test_after_bulk);
	g_test_add_func("/index/plans/detects-scans", test_detects_scans);
	return g_test_run();
}
