/* tests/parse/commitmsg.c - ld_parse_commit_message() and diff detection
 *
 * Where a commit message ends: after the diffstat summary, else before the
 * diff or the "-- " signature.  In-body headers go, the blank line after
 * them stays, "---" notes and a bare "--" stay.
 */
#include "parse/parse.h"
#include "parse/parse_private.h"

#include <glib.h>

static void check(const char *body, const char *expected)
{
	char *msg = ld_parse_commit_message(body);

	g_assert_cmpstr(msg, ==, expected);
	g_free(msg);
}

static void test_diffstat(void)
{
	check("From: Mario Limonciello <mario.limonciello@amd.com>\n"
	      "\n"
	      "Introduce a helper.\n"
	      "\n"
	      "Signed-off-by: Mario Limonciello <mario.limonciello@amd.com>\n"
	      "---\n"
	      " include/linux/pci.h | 15 +++++++++++++++\n"
	      " 1 file changed, 15 insertions(+)\n"
	      "\n"
	      "diff --git a/include/linux/pci.h b/include/linux/pci.h\n"
	      "index 05e68f35f3923..e1e5b1b0d1c8a 100644\n"
	      "--- a/include/linux/pci.h\n"
	      "+++ b/include/linux/pci.h\n"
	      "@@ -1,1 +1,2 @@\n"
	      " x\n"
	      "+y\n"
	      "-- \n"
	      "2.43.0\n",
	      "\n"
	      "Introduce a helper.\n"
	      "\n"
	      "Signed-off-by: Mario Limonciello <mario.limonciello@amd.com>\n"
	      "---\n"
	      " include/linux/pci.h | 15 +++++++++++++++\n"
	      " 1 file changed, 15 insertions(+)");
}

static void test_diffstat_forms(void)
{
	check("x\n---\n 1 file changed, 2 deletions(-)\n\ndiff --git a b\n",
	      "x\n---\n 1 file changed, 2 deletions(-)");
	check("x\n 8 files changed, 26 insertions(+), 12 deletions(-)\ny\n",
	      "x\n 8 files changed, 26 insertions(+), 12 deletions(-)");
	check("x\n 2 files changed\ny\n", "x\n 2 files changed");
	/* two spaces, or none, is not a diffstat */
	check("x\n  1 file changed\ny\n", "x\n  1 file changed\ny");
	check("x\n1 file changed\ny\n", "x\n1 file changed\ny");
}

static void test_cover_letter(void)
{
	check("Intro.\n"
	      "\n"
	      "A U Thor (2):\n"
	      "  a: b\n"
	      "  c: d\n"
	      "\n"
	      " a.c | 2 +-\n"
	      " 2 files changed, 1 insertion(+), 1 deletion(-)\n"
	      "\n"
	      "-- \n"
	      "2.39.2\n",
	      "Intro.\n"
	      "\n"
	      "A U Thor (2):\n"
	      "  a: b\n"
	      "  c: d\n"
	      "\n"
	      " a.c | 2 +-\n"
	      " 2 files changed, 1 insertion(+), 1 deletion(-)");
}

static void test_no_diffstat_ends_at_diff(void)
{
	check("Fix it.\n\nSigned-off-by: A <a@b>\n---\n\n"
	      "diff --git a/x b/x\n--- a/x\n+++ b/x\n",
	      "Fix it.\n\nSigned-off-by: A <a@b>\n---");
	check("Fix it.\n\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n", "Fix it.");
	check("Fix it.\nIndex: x.c\n=====\n", "Fix it.");
	check("Fix it.\ndiff -urN a/x b/x\n", "Fix it.");
}

static void test_dashes_without_plus_is_text(void)
{
	check("Fix it.\n--- not a diff\nmore\n",
	      "Fix it.\n--- not a diff\nmore");
}

static void test_signature(void)
{
	check("Hello.\n\nThanks\n-- \nA U Thor\n", "Hello.\n\nThanks");
	check("Hello.\n-- ", "Hello.");
}

static void test_bare_dashes_not_signature(void)
{
	check("Signed-off-by: A <a@b>\n\n--\n\nv1->v2:\n- fix\n",
	      "Signed-off-by: A <a@b>\n\n--\n\nv1->v2:\n- fix");
	check("x\n--  \ny\n", "x\n--  \ny");
}

static void test_first_stop_wins(void)
{
	/* a signature before the diffstat ends the message */
	check("x\n-- \nsig\n 1 file changed\n", "x");
	/* a diffstat-looking context line inside the diff does not count */
	check("x\ndiff --git a/t b/t\n 1 file changed\n", "x");
}

static void test_inbody_headers_removed(void)
{
	check("From: A <a@b>\nSubject: [PATCH] x\nDate: Mon, 1 Jul 2019\n"
	      "\nBody.\n", "\nBody.");
	check("\n\nFrom: A <a@b>\n\nBody.\n", "\nBody.");
	check("From: A\n <a@b>\nBody.\n", "Body.");
}

static void test_no_inbody_headers(void)
{
	check("Body.\n\nSigned-off-by: A <a@b>\n", "Body.\n\nSigned-off-by: "
	      "A <a@b>");
	/* leading blank lines stay when there is no in-body header */
	check("\nBody.\n", "\nBody.");
}

static void test_keeps_notes_and_ids(void)
{
	check("Body.\n"
	      "Message-ID: <20250507165840.401623-1-alex.bennee@linaro.org>\n"
	      "\n"
	      "---\n"
	      "vRFC\n"
	      "  - notes\n"
	      "---\n"
	      " a.c | 6 +++++-\n"
	      " 1 file changed, 5 insertions(+), 1 deletion(-)\n",
	      "Body.\n"
	      "Message-ID: <20250507165840.401623-1-alex.bennee@linaro.org>\n"
	      "\n"
	      "---\n"
	      "vRFC\n"
	      "  - notes\n"
	      "---\n"
	      " a.c | 6 +++++-\n"
	      " 1 file changed, 5 insertions(+), 1 deletion(-)");
}

static void test_trailing_blank_lines(void)
{
	check("Body.\n\n \n\t\n\n", "Body.");
	check("Body.  \n", "Body.  ");
	check("", "");
	check("\n\n", "");
	check(NULL, "");
}

static void test_has_diff(void)
{
	g_assert_true(ld_parse__has_diff("x\ndiff --git a/x b/x\n"));
	g_assert_true(ld_parse__has_diff("--- a/x\n+++ b/x\n@@ -1 +1 @@\n"));
	g_assert_false(ld_parse__has_diff("x\n> diff --git a/x b/x\n"));
	g_assert_false(ld_parse__has_diff("> --- a/x\n> +++ b/x\n"));
	g_assert_false(ld_parse__has_diff("---\n 1 file changed\n"));
	g_assert_false(ld_parse__has_diff("--- a/x\nno plus\n"));
	g_assert_false(ld_parse__has_diff("--- a/x"));
	g_assert_false(ld_parse__has_diff(""));
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	ld_parse_init();
	g_test_add_func("/parse/commitmsg/diffstat", test_diffstat);
	g_test_add_func("/parse/commitmsg/diffstat-forms",
			test_diffstat_forms);
	g_test_add_func("/parse/commitmsg/cover-letter", test_cover_letter);
	g_test_add_func("/parse/commitmsg/no-diffstat-ends-at-diff",
			test_no_diffstat_ends_at_diff);
	g_test_add_func("/parse/commitmsg/dashes-without-plus-is-text",
			test_dashes_without_plus_is_text);
	g_test_add_func("/parse/commitmsg/signature", test_signature);
	g_test_add_func("/parse/commitmsg/bare-dashes-not-signature",
			test_bare_dashes_not_signature);
	g_test_add_func("/parse/commitmsg/first-stop-wins",
			test_first_stop_wins);
	g_test_add_func("/parse/commitmsg/inbody-headers-removed",
			test_inbody_headers_removed);
	g_test_add_func("/parse/commitmsg/no-inbody-headers",
			test_no_inbody_headers);
	g_test_add_func("/parse/commitmsg/keeps-notes-and-ids",
			test_keeps_notes_and_ids);
	g_test_add_func("/parse/commitmsg/trailing-blank-lines",
			test_trailing_blank_lines);
	g_test_add_func("/parse/commitmsg/has-diff", test_has_diff);
	return g_test_run();
}
