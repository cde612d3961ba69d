/* tests/people/bots.c - the bots matcher: built-in patterns, data/bots and
 * a user's list
 *
 * Addresses are the real senders of linux-hyperv mail (kernel test robot,
 * syzbot, patchwork-bot, pr-tracker-bot, tip-bot) and people's addresses
 * that must not match.
 */
#include "model/model.h"
#include "util/error.h"

#include <glib.h>
#include <glib/gstdio.h>

static void test_builtin(void)
{
	ld_bots *bots = ld_bots_new();

	g_assert_true(ld_bots_match(bots, "lkp@intel.com"));
	g_assert_true(ld_bots_match(bots, "LKP@Intel.COM"));
	g_assert_true(ld_bots_match(bots,
			"syzbot+ad4ea1dd5d26131a58a6@syzkaller.appspotmail.com"));
	g_assert_true(ld_bots_match(bots,
			"patchwork-bot+netdevbpf@kernel.org"));
	g_assert_true(ld_bots_match(bots, "pr-tracker-bot@kernel.org"));
	g_assert_true(ld_bots_match(bots, "noreply@github.com"));
	g_assert_true(ld_bots_match(bots, "no-reply@example.org"));
	g_assert_true(ld_bots_match(bots, "gitlab-noreply@example.org"));
	/* people */
	g_assert_false(ld_bots_match(bots, "oliver.sang@intel.com"));
	g_assert_false(ld_bots_match(bots, "sashal@kernel.org"));
	g_assert_false(ld_bots_match(bots, "syzkaller@googlegroups.com"));
	g_assert_false(ld_bots_match(bots, "patchwork-bot@kernel.org.evil"));
	g_assert_false(ld_bots_match(bots, ""));
	/* not in the built-in list: data/bots has it */
	g_assert_false(ld_bots_match(bots, "tipbot@zytor.com"));
	ld_bots_free(bots);
}

/* Answers are remembered per address: asking again must give the same
 * answer, and adding patterns must not leave a stale "no". */
static void test_memo(void)
{
	ld_bots *bots = ld_bots_new();
	int i;

	for (i = 0; i < 3; i++) {
		g_assert_true(ld_bots_match(bots, "LKP@Intel.COM"));
		g_assert_false(ld_bots_match(bots, "ci@example.com"));
	}
	ld_bots_add(bots, "ci@example.com\n");
	g_assert_true(ld_bots_match(bots, "ci@example.com"));
	g_assert_true(ld_bots_match(bots, "CI@example.com"));
	g_assert_true(ld_bots_match(bots, "lkp@intel.com"));
	g_assert_false(ld_bots_match(bots, "wei.liu@kernel.org"));
	ld_bots_free(bots);
}

static void test_lists(void)
{
	ld_bots *bots = NULL;
	char *path;

	g_assert_cmpint(ld_bots_open(&bots, NULL), ==, LD_OK);
	g_assert_true(ld_bots_match(bots, "tipbot@zytor.com"));
	g_assert_true(ld_bots_match(bots, "sashiko-bot@kernel.org"));
	g_assert_true(ld_bots_match(bots, "bot@kernelci.org"));
	g_assert_true(ld_bots_match(bots, "lkp@intel.com"));
	g_assert_false(ld_bots_match(bots, "wei.liu@kernel.org"));
	g_assert_false(ld_bots_match(bots, "ci@example.com"));
	ld_bots_free(bots);

	path = g_build_filename(g_get_tmp_dir(), "ld-test-bots.XXXXXX", NULL);
	g_close(g_mkstemp(path), NULL);
	g_assert_true(g_file_set_contents(path,
			"# ours\n"
			"ci@example.com   # one address\n"
			"*@robots.example.org\n"
			"build*@example.net\n", -1, NULL));
	g_assert_cmpint(ld_bots_open(&bots, path), ==, LD_OK);
	g_assert_true(ld_bots_match(bots, "CI@example.com"));
	g_assert_true(ld_bots_match(bots, "anything@robots.example.org"));
	g_assert_true(ld_bots_match(bots, "builder-3@example.net"));
	g_assert_false(ld_bots_match(bots, "rebuild@example.net"));
	g_assert_false(ld_bots_match(bots, "x@example.org"));
	g_assert_true(ld_bots_match(bots, "tipbot@zytor.com"));
	ld_bots_free(bots);
	g_unlink(path);
	g_free(path);

	bots = NULL;
	g_assert_cmpint(ld_bots_open(&bots, "/nonexistent/bots"), ==,
			LD_ENOTFOUND);
	g_assert_null(bots);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/people/bots/builtin", test_builtin);
	g_test_add_func("/people/bots/lists", test_lists);
	g_test_add_func("/people/bots/memo", test_memo);
	return g_test_run();
}
