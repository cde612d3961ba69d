/* tests/parse/subject.c - ld_subject_parse() on the tag forms kernel lists
 * use
 *
 * One table row per subject form: the flags, version, number, total, tags
 * and title it must give.  The forms come from real lore.kernel.org
 * subjects.
 */
#include "parse/parse.h"

#include <glib.h>

#define P LD_SUBJ_PATCH
#define R LD_SUBJ_REPLY
#define RFC LD_SUBJ_RFC
#define RES LD_SUBJ_RESEND
#define PULL LD_SUBJ_PULL

typedef struct {
	const char *path;     /* test name under /parse/subject/ */
	const char *subject;
	unsigned flags;
	int version;
	int number;
	int total;
	const char *tags;
	const char *title;
} subject_case;

static const subject_case cases[] = {
	{ "plain-patch", "[PATCH] RISC-V: KVM: Use find_vma_intersection()",
	  P, 1, -1, -1, "", "RISC-V: KVM: Use find_vma_intersection()" },
	{ "version-number", "[PATCH v2 3/7] x: y", P, 2, 3, 7, "", "x: y" },
	{ "glued-version", "[PATCHv2 3/7] x: y", P, 2, 3, 7, "", "x: y" },
	{ "upper-version", "[PATCH V6] x: y", P, 6, -1, -1, "", "x: y" },
	{ "spaced-version", "[PATCH v 3] x", P, 3, -1, -1, "", "x" },
	{ "dash-version", "[PATCH-v5 2/2] x", P, 5, 2, 2, "", "x" },
	{ "rfc-cover",
	  "[RFC PATCH 00/11] kvm/arm: trap-me-harder implementation",
	  P | RFC, 1, 0, 11, "", "kvm/arm: trap-me-harder implementation" },
	{ "rfc-tree-version",
	  "[PATCH RFC net-next v4 01/11] selftests/vsock: add NS tests to "
	  "vmtest.sh",
	  P | RFC, 4, 1, 11, "net-next",
	  "selftests/vsock: add NS tests to vmtest.sh" },
	{ "tree-cover",
	  "[PATCH net-next v3 0/3] vsock: Introduce SIOCINQ ioctl support",
	  P, 3, 0, 3, "net-next", "vsock: Introduce SIOCINQ ioctl support" },
	{ "stable-tree", "[PATCH 6.1.y 1/2] KVM: x86: fix", P, 1, 1, 2,
	  "6.1.y", "KVM: x86: fix" },
	{ "resend", "[PATCH RESEND v3 1/3] x", P | RES, 3, 1, 3, "", "x" },
	{ "resend-group", "[RESEND][PATCH] x", P | RES, 1, -1, -1, "", "x" },
	{ "several-groups", "[PATCH] [RFC] [1/2] x", P | RFC, 1, 1, 2, "",
	  "x" },
	{ "mercurial", "[PATCH v2 1 of 3] x", P, 2, 1, 3, "", "x" },
	{ "mercurial-cover", "[PATCH 0 of 2] x", P, 1, 0, 2, "", "x" },
	{ "number-above-total", "[PATCH 3/2] x", P, 1, 3, 2, "", "x" },
	{ "project-prefix", "[kvm-unit-tests PATCH] x86: test", P, 1, -1, -1,
	  "kvm-unit-tests", "x86: test" },
	{ "git-pull", "[GIT PULL] KVM changes for 6.16", PULL, 1, -1, -1, "",
	  "KVM changes for 6.16" },
	{ "git-pull-version", "[GIT PULL v2] x", PULL, 2, -1, -1, "", "x" },
	{ "pull-cover", "[PULL 00/12] target-arm queue", PULL, 1, 0, 12, "",
	  "target-arm queue" },
	{ "zero-padded", "[PATCH 007/120] x", P, 1, 7, 120, "", "x" },
	{ "trailing-version", "[PATCH] x: y (v2)", P, 2, -1, -1, "", "x: y" },
	{ "trailing-version-only-at-end", "[PATCH] x (v2) y", P, 1, -1, -1,
	  "", "x (v2) y" },
	{ "case-insensitive-patch", "[Patch v4 0/3] x", P, 4, 0, 3, "", "x" },
	{ "autosel", "[PATCH AUTOSEL 5.1 024/375] hv_netvsc: fix", P, 1, 24,
	  375, "AUTOSEL 5.1", "hv_netvsc: fix" },
	{ "respin-version", "[PATCH V8.1 5/9] x", P, 8, 5, 9, "V8.1", "x" },
	{ "glued-respin-version", "[PATCHv11.1 10/19] x", P, 11, 10, 19,
	  "v11.1", "x" },
	{ "huge-number-is-tag", "[PATCH 12345678901/2] x", P, 1, -1, -1,
	  "12345678901/2", "x" },
	{ "reply", "Re: [PATCH v2 3/7] x", R | P, 2, 3, 7, "", "x" },
	{ "reply-mix", "RE: Re: AW: Sv: Antw: Fwd: FW: fwd: [PATCH] x",
	  R | P, 1, -1, -1, "", "x" },
	{ "reply-spaced", "Re : [PATCH] x", R | P, 1, -1, -1, "", "x" },
	{ "reply-count", "Re[2]: x", R, 1, -1, -1, "", "x" },
	{ "reply-no-space", "re:x", R, 1, -1, -1, "", "x" },
	{ "reply-after-junk", "[EXTERNAL] Re: [PATCH 2/3] x", R | P, 1, 2, 3,
	  "", "x" },
	{ "junk-after-reply", "RE: [EXTERNAL] [PATCH 1/2] x", R | P, 1, 1, 2,
	  "", "x" },
	{ "list-tag-before-reply", "[Linux-hyperv] Re: [PATCH net] x",
	  R | P, 1, -1, -1, "net", "x" },
	{ "not-a-reply", "Regression: x", 0, 1, -1, -1, "", "Regression: x" },
	{ "later-brackets", "foo [PATCH] bar", 0, 1, -1, -1, "",
	  "foo [PATCH] bar" },
	{ "brackets-in-title", "[PATCH] x: handle [y] z", P, 1, -1, -1, "",
	  "x: handle [y] z" },
	{ "whitespace", "  [PATCH   v2]   x \t  y  ", P, 2, -1, -1, "",
	  "x y" },
	{ "folded", "[PATCH] selftests/vsock: add NS tests to\n vmtest.sh", P,
	  1, -1, -1, "", "selftests/vsock: add NS tests to vmtest.sh" },
	{ "unclosed", "[PATCH 1/2 x", 0, 1, -1, -1, "", "[PATCH 1/2 x" },
	{ "empty", "", 0, 1, -1, -1, "", "" },
	{ "tags-only", "[PATCH]", P, 1, -1, -1, "", "" },
	{ "no-tags", "vmbus CVE-2024-36912", 0, 1, -1, -1, "",
	  "vmbus CVE-2024-36912" },
};

static void test_case(gconstpointer data)
{
	const subject_case *c = data;
	ld_subject s;

	ld_subject_parse(&s, c->subject);
	g_assert_cmpstr(s.title, ==, c->title);
	g_assert_cmpstr(s.tags, ==, c->tags);
	g_assert_cmpuint(s.flags, ==, c->flags);
	g_assert_cmpint(s.version, ==, c->version);
	g_assert_cmpint(s.number, ==, c->number);
	g_assert_cmpint(s.total, ==, c->total);
	ld_subject_clear(&s);
}

static void test_null(void)
{
	ld_subject s;

	ld_subject_parse(&s, NULL);
	g_assert_cmpstr(s.title, ==, "");
	g_assert_cmpstr(s.tags, ==, "");
	ld_subject_clear(&s);
	g_assert_null(s.title);
	ld_subject_clear(NULL);
}

static void test_control_characters(void)
{
	ld_subject s;

	/* invalid UTF-8 and a BEL never reach the title */
	ld_subject_parse(&s, "[PATCH] a\x07" "b \xff");
	g_assert_true(g_utf8_validate(s.title, -1, NULL));
	g_assert_cmpstr(s.title, ==, "a\xef\xbf\xbd" "b \xef\xbf\xbd");
	ld_subject_clear(&s);
}

/* Real reply subjects of the linux-hyperv archive: the prefixes go, the
 * bracket tags stay (the busiest threads show them). */
static void test_skip_replies(void)
{
	g_assert_cmpstr(ld_subject_skip_replies("Re: RE: [PATCH 1/2] hv: x"),
			==, "[PATCH 1/2] hv: x");
	g_assert_cmpstr(ld_subject_skip_replies("RE : Re[2]: AW: Fwd: [GIT "
						"PULL] y"), ==, "[GIT PULL] y");
	g_assert_cmpstr(ld_subject_skip_replies("  Re:Re:z"), ==, "z");
	g_assert_cmpstr(ld_subject_skip_replies("Regression: z"), ==,
			"Regression: z");
	g_assert_cmpstr(ld_subject_skip_replies("[PATCH] Re: z"), ==,
			"[PATCH] Re: z");
	g_assert_cmpstr(ld_subject_skip_replies(""), ==, "");
}

int main(int argc, char **argv)
{
	char *path;
	size_t i;
	int rc;

	g_test_init(&argc, &argv, NULL);
	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		path = g_strconcat("/parse/subject/", cases[i].path, NULL);
		g_test_add_data_func(path, &cases[i], test_case);
		g_free(path);
	}
	g_test_add_func("/parse/subject/null", test_null);
	g_test_add_func("/parse/subject/control-characters",
			test_control_characters);
	g_test_add_func("/parse/subject/skip-replies", test_skip_replies);
	rc = g_test_run();
	return rc;
}
