/* tests/source/maildir.c - Maildir sources: order, flags, what is skipped
 *
 * Messages come from cur/ and new/ merged, ordered by file name without
 * the ":2,FLAGS" suffix (digit runs by value, so the delivery time orders
 * them), never from tmp/, dot files or subdirectories.  Each message is
 * read back through the public API and named by its blob id.
 */
#include "source/source.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "util/error.h"

/* Write message `text` as file `name` (e.g. "cur/1.x:2,S") of `box`. */
static void put(const char *box, const char *name, const char *text)
{
	char *path = g_build_filename(box, name, NULL);

	th_write(path, text, strlen(text));
	g_free(path);
}

static void test_order_and_flags(void)
{
	static const th_msg want[] = {
		TH_MSG("Subject: 2001, nine-digit time\n\na\n"),
		TH_MSG("Subject: first, seen and replied\n\nb\n"),
		TH_MSG("Subject: second, new\n\nc\n"),
		TH_MSG("Subject: third, M9\n\nd\n"),
		TH_MSG("Subject: fourth, M10, flagged\n\ne\n"),
		TH_MSG("Subject: fifth, new\n\nf\n"),
	};
	char *box = th_path("order");

	put(box, "cur/1700000001.M5P1.host:2,RS",
	    "Subject: first, seen and replied\n\nb\n");
	put(box, "new/1700000005.M1P1.host",
	    "Subject: fifth, new\n\nf\n");
	put(box, "cur/1700000003.M10P1.host:2,F",
	    "Subject: fourth, M10, flagged\n\ne\n");
	put(box, "new/1700000002.M1P1.host", "Subject: second, new\n\nc\n");
	put(box, "cur/1700000003.M9P1.host:2,", "Subject: third, M9\n\nd\n");
	put(box, "cur/999999999.M1P1.host:2,S",
	    "Subject: 2001, nine-digit time\n\na\n");
	/* never read */
	put(box, "tmp/1700000000.M1P1.host", "Subject: in delivery\n\nx\n");
	put(box, "cur/.hidden", "Subject: dot file\n\nx\n");
	put(box, "new/.1700000000.M1P1.host", "Subject: dot file\n\nx\n");
	put(box, "cur/sub/1700000000.M1P1.host", "Subject: nested\n\nx\n");
	put(box, "new/1700000004.empty", "");

	th_check(box, LD_SOURCE_AUTO, LD_MBOX_AUTO, want, G_N_ELEMENTS(want));
	th_check(box, LD_SOURCE_MAILDIR, LD_MBOX_AUTO, want,
		 G_N_ELEMENTS(want));
	g_free(box);
}

static void test_flags_do_not_move(void)
{
	/* the same name in cur/ with flags and in new/ without: by whole
	 * name, so "x" before "x:2,S"; a flag change keeps the order */
	static const th_msg want[] = {
		TH_MSG("Subject: 1\n\n1\n"),
		TH_MSG("Subject: 2\n\n2\n"),
		TH_MSG("Subject: 3\n\n3\n"),
	};
	char *box = th_path("flags");

	put(box, "cur/1600000000.A.host:2,ZZZZ", "Subject: 1\n\n1\n");
	put(box, "new/1600000000.B.host", "Subject: 2\n\n2\n");
	put(box, "cur/1600000000.C.host:2,", "Subject: 3\n\n3\n");
	th_check(box, LD_SOURCE_AUTO, LD_MBOX_AUTO, want, 3);
	g_free(box);
}

static void test_only_new_and_empty(void)
{
	static const th_msg want[] = { TH_MSG("Subject: n\n\nn\n") };
	char *only_new = th_path("only-new");
	char *empty = th_path("empty");
	char *cur = g_build_filename(empty, "cur", NULL);
	char *new = g_build_filename(empty, "new", NULL);

	put(only_new, "new/1.x", "Subject: n\n\nn\n");
	th_check(only_new, LD_SOURCE_AUTO, LD_MBOX_AUTO, want, 1);
	g_assert_cmpint(g_mkdir_with_parents(cur, 0700), ==, 0);
	g_assert_cmpint(g_mkdir_with_parents(new, 0700), ==, 0);
	th_check(empty, LD_SOURCE_AUTO, LD_MBOX_AUTO, NULL, 0);
	g_free(only_new);
	g_free(empty);
	g_free(cur);
	g_free(new);
}

static void test_bytes_kept(void)
{
	/* CRLF, NUL bytes and a "From " line are the file's bytes, as they
	 * are */
	static const char text[] = "Subject: x\r\n\r\nFrom a\r\n\0b\r\n";
	static const th_msg want[] = { TH_MSG(text) };
	char *box = th_path("bytes");
	char *file = g_build_filename(box, "cur", "1.x:2,S", NULL);

	th_write(file, text, sizeof(text) - 1);
	th_check(box, LD_SOURCE_AUTO, LD_MBOX_AUTO, want, 1);
	g_free(box);
	g_free(file);
}

static void test_not_maildir(void)
{
	char *dir = th_path("plain-dir");
	char *msg;

	g_assert_cmpint(g_mkdir_with_parents(dir, 0700), ==, 0);
	msg = th_open_fails(dir, LD_SOURCE_MAILDIR, LD_MBOX_AUTO,
			    LD_EINVALID);
	g_assert_nonnull(strstr(msg, "not a Maildir"));
	g_free(msg);
	g_free(th_open_fails(dir, LD_SOURCE_AUTO, LD_MBOX_AUTO,
			     LD_EINVALID));
	g_free(dir);
}

static void test_unreadable(void)
{
	char *box = th_path("unreadable");
	char *file = g_build_filename(box, "new", "1700000000.x", NULL);
	char *msg;

	if (geteuid() == 0) {
		g_test_skip("root reads any file");
		g_free(box);
		g_free(file);
		return;
	}
	put(box, "new/1700000000.x", "Subject: x\n\nx\n");
	put(box, "cur/1600000000.y:2,S", "Subject: y\n\ny\n");
	g_assert_cmpint(g_chmod(file, 0), ==, 0);
	msg = th_open_fails(box, LD_SOURCE_AUTO, LD_MBOX_AUTO, LD_ERROR);
	g_assert_nonnull(strstr(msg, file));
	g_free(msg);
	g_chmod(file, 0600);
	g_free(box);
	g_free(file);
}

static void test_threads(void)
{
	char *box = th_path("threads");
	GPtrArray *want = g_ptr_array_new_with_free_func(
		(GDestroyNotify)g_bytes_unref);
	size_t i;

	for (i = 0; i < 1000; i++) {
		char *name = g_strdup_printf("%s/%zu.M1P1.host%s",
					     i % 2 ? "cur" : "new",
					     1500000000 + i,
					     i % 2 ? ":2,S" : "");
		char *text = g_strdup_printf("Subject: %zu\n\n%zu\n", i, i);

		put(box, name, text);
		g_ptr_array_add(want, g_bytes_new_take(text, strlen(text)));
		g_free(name);
	}
	th_check_threads(box, want);
	g_ptr_array_free(want, TRUE);
	g_free(box);
}

int main(int argc, char **argv)
{
	int rc;

	g_test_init(&argc, &argv, NULL);
	ld_source_init();
	g_test_add_func("/source/maildir/order-and-flags",
			test_order_and_flags);
	g_test_add_func("/source/maildir/flags-do-not-move",
			test_flags_do_not_move);
	g_test_add_func("/source/maildir/only-new-and-empty",
			test_only_new_and_empty);
	g_test_add_func("/source/maildir/bytes-kept", test_bytes_kept);
	g_test_add_func("/source/maildir/not-maildir", test_not_maildir);
	g_test_add_func("/source/maildir/unreadable", test_unreadable);
	g_test_add_func("/source/maildir/threads", test_threads);
	rc = g_test_run();
	th_cleanup();
	ld_source_shutdown();
	return rc;
}
