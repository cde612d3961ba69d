/* tests/parse/links.c - b4's change-id and links to earlier versions
 * (src/parse/links.c)
 *
 * Every link form people write ("v1: URL", "Link to v1: URL", "[v1]
 * URL", "Changes since v3 (URL):", "Previous: URL", "v1: <id>"), every
 * host that names a message, and what does not count: quoted lines, a
 * version only inside the URL, a person's address.  Real covers: a b4
 * cover with change-id and eight "- Link to vN:" lines, and a cover whose
 * "v1:" link is on the next line.
 */
#include "parse/parse.h"
#include "parse/parse_private.h"
#include "util/error.h"
#include "fixture.h"

#include <glib.h>
#include <string.h>

#ifndef LD_CORPORA_DEFAULT
#define LD_CORPORA_DEFAULT "tests/corpora"
#endif

#define ID "20240101120000.1234-1-someone@example.org"

static void check_ids(const char *body, const char *expected)
{
	ld_mail *m = fixture_scan(body);

	if (strcmp(m->prev_ids, expected) != 0)
		g_error("body:\n%s\ngave \"%s\", expected \"%s\"", body,
			m->prev_ids, expected);
	ld_mail_free(m);
}

static void check_change_id(const char *body, const char *expected)
{
	ld_mail *m = fixture_scan(body);

	g_assert_cmpstr(m->change_id, ==, expected);
	ld_mail_free(m);
}

static void test_change_id(void)
{
	check_change_id("x\n---\n 1 file changed\n---\n"
			"base-commit: 0123456789abcdef\n"
			"change-id: 20231010-foo-bar-v1-abcdef012345\n\n"
			"Best regards,\n-- \nA <a@x.org>\n",
			"20231010-foo-bar-v1-abcdef012345");
	/* trimmed; the first one counts */
	check_change_id("change-id:   20231010-first-0123  \n"
			"change-id: 20231010-second-4567\n",
			"20231010-first-0123");
	/* quoted, after the signature, Gerrit's Change-Id, empty */
	check_change_id("> change-id: 20231010-quoted-0123\n", "");
	check_change_id("-- \nchange-id: 20231010-late-0123\n", "");
	check_change_id("Change-Id: I8a3f4b0d1e2c\n", "");
	check_change_id("change-id:\nchange-id: 20231010-x-1\n",
			"20231010-x-1");
	check_change_id("", "");
	/* after a lone patch's diff, as b4 writes it */
	check_change_id("x\n---\ndiff --git a/x b/x\n--- a/x\n+++ b/x\n"
			"@@ -1 +1 @@\n-a\n+b\n\n---\n"
			"base-commit: 0123456789abcdef\n"
			"change-id: 20240101-single-9876\n",
			"20240101-single-9876");
}

static void test_forms(void)
{
	check_ids("v1: https://lore.kernel.org/all/" ID "/\n", ID);
	check_ids("v2 : https://lore.kernel.org/linux-hyperv/" ID "/T/#u\n",
		  ID);
	check_ids("- Link to v1: https://lore.kernel.org/r/" ID "\n", ID);
	check_ids("Changes since v3 (https://lore.kernel.org/r/" ID "/):\n",
		  ID);
	check_ids("previous version: https://lkml.kernel.org/r/" ID "\n",
		  ID);
	check_ids("Previous: https://patch.msgid.link/" ID "\n", ID);
	check_ids("[v1] https://msgid.link/r/" ID "\n", ID);
	check_ids("[V2]: https://msgid.link/" ID "/#r\n", ID);
	check_ids("- v2: https://lore.kernel.org/lkml/" ID "/raw\n", ID);
	check_ids("v1: <" ID ">\n", ID);
	check_ids("v1:\thttp://lore.kernel.org/kvm/" ID "/#t\n", ID);
	check_ids("v3:https://lore.kernel.org/r/" ID "\n", ID);
	check_ids("v1 link: lkml.kernel.org/r/" ID "\n", ID);
	check_ids("Previously (https://lore.kernel.org/kvm/" ID "/)\n", ID);
	check_ids("v5->v6: https://lore.kernel.org/netdev/" ID "/\n", ID);
	check_ids("See v1 at <https://lore.kernel.org/r/" ID ">.\n", ID);
	check_ids("v1: https://lore.kernel.org/r/" ID ".\n", ID);
	check_ids("  * v4: https://lore.kernel.org/r/" ID "/t.mbox.gz\n", ID);
}

static void test_decoding(void)
{
	check_ids("v1: https://lore.kernel.org/r/abc%2Bdef%40x.org/\n",
		  "abc+def@x.org");
	check_ids("v1: https://lore.kernel.org/r/20240101.1-1-a%40b.org\n",
		  "20240101.1-1-a@b.org");
	/* a stray '%' stays */
	check_ids("v1: https://lore.kernel.org/r/50%zz-1@x.org/\n",
		  "50%zz-1@x.org");
	/* decoded controls and spaces are not an id */
	check_ids("v1: https://lore.kernel.org/r/a%20b@x.org/\n", "");
	check_ids("v1: https://lore.kernel.org/r/a%0Ab@x.org/\n", "");
}

static void test_not_links(void)
{
	/* the version is only inside the URL */
	check_ids("Link: https://lore.kernel.org/r/20250313-x-v2-2-96@w.net\n",
		  "");
	check_ids("[1]. https://lore.kernel.org/all/2025-t-v1-1-a9@i.com/\n",
		  "");
	/* quoted */
	check_ids("> v1: https://lore.kernel.org/r/" ID "\n", "");
	check_ids(">> - Link to v1: https://lore.kernel.org/r/" ID "\n", "");
	/* no '@': a list, a search */
	check_ids("v1: https://lore.kernel.org/linux-hyperv/\n", "");
	check_ids("v2: https://lore.kernel.org/all/?q=foo\n", "");
	/* other hosts */
	check_ids("v1: https://example.org/r/" ID "\n", "");
	check_ids("v1: https://patchwork.kernel.org/project/x/" ID "\n", "");
	/* people's addresses */
	check_ids("v2: Updates suggested by Dexuan Cui "
		  "<decui@microsoft.com>\n", "");
	check_ids("Cc: <stable@vger.kernel.org> # v5.14+\n", "");
	/* words that are no version */
	check_ids("prevent: https://lore.kernel.org/r/" ID "\n", "");
	check_ids("dev2: https://lore.kernel.org/r/" ID "\n", "");
	check_ids("V4L2: https://lore.kernel.org/r/" ID "\n", "");
	/* our own id */
	check_ids("v1: https://lore.kernel.org/r/self@example.org/\n", "");
	/* inside a diff, after the signature */
	check_ids("diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n"
		  " v1: https://lore.kernel.org/r/" ID "\n", "");
	check_ids("-- \nv1: https://lore.kernel.org/r/" ID "\n", "");
}

static void test_next_line(void)
{
	check_ids("- Link to v2:\n  https://lore.kernel.org/kvm/" ID "\n",
		  ID);
	check_ids("v2:\n - https://lore.kernel.org/all/" ID "\n", ID);
	/* the link line must hold nothing else, and follow at once */
	check_ids("v2:\nsee https://lore.kernel.org/all/" ID "\n", "");
	check_ids("v2:\n\nhttps://lore.kernel.org/all/" ID "\n", "");
	check_ids("v2\nhttps://lore.kernel.org/all/" ID "\n", "");
	check_ids("Link:\nhttps://lore.kernel.org/all/" ID "\n", "");
	check_ids("v2:\n> https://lore.kernel.org/all/" ID "\n", "");
}

static void test_order_dedup_cap(void)
{
	GString *body = g_string_new(NULL);
	ld_mail *m;
	char **ids;
	int i;

	check_ids("v3: https://lore.kernel.org/r/3@x\n"
		  "v1: https://lore.kernel.org/r/1@x\n"
		  "v2: https://lore.kernel.org/r/2@x "
		  "https://lore.kernel.org/r/2b@x\n"
		  "v1 again: https://lore.kernel.org/all/1@x/\n"
		  "v1 bare: <1@x>\n",
		  "3@x 1@x 2@x 2b@x");
	/* one id is not a prefix of another */
	check_ids("v1: https://lore.kernel.org/r/12@x\n"
		  "v2: https://lore.kernel.org/r/2@x\n", "12@x 2@x");

	for (i = 0; i < 40; i++)
		g_string_append_printf(body, "v%d: https://lore.kernel.org/r/"
				       "%d-1-a@x.org/\n", i + 1, i);
	m = fixture_scan(body->str);
	ids = g_strsplit(m->prev_ids, " ", -1);
	g_assert_cmpuint(g_strv_length(ids), ==, 32);
	g_assert_cmpstr(ids[0], ==, "0-1-a@x.org");
	g_assert_cmpstr(ids[31], ==, "31-1-a@x.org");
	g_strfreev(ids);
	ld_mail_free(m);
	g_string_free(body, TRUE);
}

static void test_real_b4_cover(void)
{
	ld_mail *m = fixture_parse_file("cover-b4-links.eml");

	g_assert_cmpint(m->kind, ==, LD_KIND_COVER);
	g_assert_cmpint(m->subj.version, ==, 9);
	g_assert_cmpstr(m->change_id, ==,
			"20250602-rneri-wakeup-mailbox-328efe72803f");
	/* "- Link to v8: ..." down to v1; "[1]. https://..." is no
	 * version link */
	g_assert_cmpstr(m->prev_ids, ==,
		"20260107-rneri-wakeup-mailbox-v8-0-2f5b6785f2f5"
		"@linux.intel.com "
		"20251117-rneri-wakeup-mailbox-v7-0-4a8b82ab7c2c"
		"@linux.intel.com "
		"20251016-rneri-wakeup-mailbox-v6-0-40435fb9305e"
		"@linux.intel.com "
		"20250627-rneri-wakeup-mailbox-v5-0-df547b1d196e"
		"@linux.intel.com "
		"20250603-rneri-wakeup-mailbox-v4-0-d533272b7232"
		"@linux.intel.com "
		"20250503191515.24041-1-ricardo.neri-calderon@linux.intel.com "
		"20240823232327.2408869-1-yunhong.jiang@linux.intel.com "
		"20240806221237.1634126-1-yunhong.jiang@linux.intel.com");
	g_assert_cmpuint(m->n_trailers, ==, 0);
	ld_mail_free(m);
}

static void test_real_wrapped_link(void)
{
	/* "v1:\nhttps://lore.kernel.org/linux-mm/cover....@kernel.org/" */
	ld_mail *m = fixture_parse_file("cover-wrapped-link.eml");

	g_assert_cmpint(m->kind, ==, LD_KIND_COVER);
	g_assert_cmpstr(m->prev_ids, ==,
			"cover.1773346620.git.ljs@kernel.org");
	g_assert_cmpstr(m->change_id, ==, "");
	ld_mail_free(m);
}

int main(int argc, char **argv)
{
	int rc;

	g_test_init(&argc, &argv, NULL);
	ld_parse_init();

	g_test_add_func("/parse/links/change-id", test_change_id);
	g_test_add_func("/parse/links/forms", test_forms);
	g_test_add_func("/parse/links/decoding", test_decoding);
	g_test_add_func("/parse/links/not-links", test_not_links);
	g_test_add_func("/parse/links/next-line", test_next_line);
	g_test_add_func("/parse/links/order-dedup-cap",
			test_order_dedup_cap);
	g_test_add_func("/parse/links/real/b4-cover", test_real_b4_cover);
	g_test_add_func("/parse/links/real/wrapped-link",
			test_real_wrapped_link);

	rc = g_test_run();
	ld_parse_shutdown();
	return rc;
}
