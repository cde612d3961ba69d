/* tests/parse/pull.c - pull requests: the kind, and what git request-pull
 * text says (src/parse/pull.c, src/parse/kind.c)
 *
 * Real linux-hyperv pull requests to Linus: one as git request-pull
 * writes it, one whose first line the maintainer edited ("Please pull the
 * following changes since commit" with the commit on the next line), and
 * a "[PATCH net-next v9 0/6]" cover letter that offers a branch too and
 * stays a cover letter.  Hand-written messages cover the subject forms
 * ([GIT PULL], [PULL 00/12], [PULL 03/12] with a diff), untagged requests
 * and replies.
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

#define REQUEST \
	"Hi Linus,\n\n" \
	"The following changes since commit " \
	"d206a76d7d2726f3b096037f2079ce0bd3ba329b:\n\n" \
	"  Linux 6.8-rc6 (2024-02-25 15:46:06 -0800)\n\n" \
	"are available in the Git repository at:\n\n" \
	"  git://git.kernel.org/pub/scm/virt/kvm/kvm.git tags/kvm-6.9-1\n\n" \
	"for you to fetch changes up to " \
	"f2580a907e5c0e8fc9354fd095b011301c64f949:\n\n" \
	"  x86: y (2024-03-18 22:01:52 +0000)\n\n" \
	"----------------------------------------------------------------\n" \
	"KVM for 6.9\n" \
	"----------------------------------------------------------------\n" \
	"Paolo Bonzini (2):\n" \
	"      KVM: a\n" \
	"      KVM: b\n\n" \
	"Sean Christopherson (11):\n" \
	"      KVM: c\n\n" \
	" arch/x86/kvm/x86.c | 2 +-\n" \
	" 1 file changed, 1 insertion(+), 1 deletion(-)\n"

#define BASE "d206a76d7d2726f3b096037f2079ce0bd3ba329b"

#define DIFF "---\n 1 file changed, 1 insertion(+)\n\n" \
	"diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1,2 @@\n x\n+y\n"

/* A message with `headers` (ending in '\n') and `body`. */
static ld_mail *parse_msg(const char *headers, const char *body)
{
	char *raw = g_strconcat("From: A <a@b.org>\nMessage-ID: <m@b.org>\n",
				headers, "\n", body, NULL);
	ld_mail *m = NULL;

	g_assert_cmpint(ld_parse_message(&m, raw, strlen(raw),
					 LD_PARSE_COMMIT_MESSAGE), ==, LD_OK);
	g_free(raw);
	return m;
}

static void check_pull(const ld_mail *m, const char *url, const char *ref,
		       const char *base, int authors)
{
	g_assert_cmpstr(ld_kind_name(m->kind), ==, "pull");
	g_assert_cmpstr(m->pull.url, ==, url);
	g_assert_cmpstr(m->pull.ref, ==, ref);
	g_assert_cmpstr(m->pull.base, ==, base);
	g_assert_cmpint(m->pull.authors, ==, authors);
	/* pulls carry no commit message */
	g_assert_null(m->commit_message);
}

static void check_not_pull(const ld_mail *m, ld_kind kind)
{
	g_assert_cmpstr(ld_kind_name(m->kind), ==, ld_kind_name(kind));
	g_assert_cmpstr(m->pull.url, ==, "");
	g_assert_cmpstr(m->pull.ref, ==, "");
	g_assert_cmpstr(m->pull.base, ==, "");
	g_assert_cmpint(m->pull.authors, ==, 0);
}

static void test_request_pull(void)
{
	ld_mail *m = parse_msg("Subject: [GIT PULL] KVM changes for 6.9\n",
			       REQUEST);

	check_pull(m, "git://git.kernel.org/pub/scm/virt/kvm/kvm.git",
		   "tags/kvm-6.9-1", BASE, 2);
	ld_mail_free(m);
}

static void test_forms(void)
{
	ld_mail *m;

	/* older git, URL on the same line, no ref, abbreviated commit */
	m = parse_msg("Subject: [GIT PULL] x\n",
		      "The following changes since commit abcdef0:\n"
		      "  x (2011-01-01)\n"
		      "are available in the git repository at:"
		      "  https://github.com/a/b.git\n"
		      "Foo Bar (1):\n      x\n");
	check_pull(m, "https://github.com/a/b.git", "", "abcdef0", 1);
	ld_mail_free(m);

	/* URL on the same line with a branch */
	m = parse_msg("Subject: [GIT PULL] x\n",
		      "The following changes since commit abcdef0123:\n"
		      "are available in the Git repository at: "
		      "git@github.com:a/b.git for-linus\n");
	check_pull(m, "git@github.com:a/b.git", "for-linus", "abcdef0123", 0);
	ld_mail_free(m);

	/* author headers: at column 0, a number in parentheses, a colon */
	m = parse_msg("Subject: [GIT PULL] x\n",
		      "The following changes since commit abcdef0123:\n"
		      "are available in the Git repository at:\n"
		      "  git://x/y.git master\n"
		      "Uwe Kleine-K\xc3\xb6nig (1):\n"
		      "  Indented (2):\n"
		      "No Count ():\n"
		      "Not A Count (x):\n"
		      "No Colon (3)\n"
		      "Trailing Text (3): x\n"
		      "Ok Trailing Space (3): \n"
		      "(4):\n"
		      "Wei Liu (12):\n");
	check_pull(m, "git://x/y.git", "master", "abcdef0123", 3);
	ld_mail_free(m);
}

static void test_kinds(void)
{
	ld_mail *m;

	/* [GIT PULL] without request-pull text: a pull, fields empty */
	m = parse_msg("Subject: [GIT PULL] Please pull\n", "Hi,\n");
	check_pull(m, "", "", "", 0);
	ld_mail_free(m);

	/* the cover of a pull series (qemu) is a pull, not a cover */
	m = parse_msg("Subject: [PULL 00/12] target-arm queue\n", REQUEST);
	check_pull(m, "git://git.kernel.org/pub/scm/virt/kvm/kvm.git",
		   "tags/kvm-6.9-1", BASE, 2);
	ld_mail_free(m);

	/* its patches stay patches */
	m = parse_msg("Subject: [PULL 03/12] target/arm: x\n"
		      "In-Reply-To: <c@d>\n", "x\n" DIFF);
	check_not_pull(m, LD_KIND_PATCH);
	g_assert_nonnull(m->commit_message);
	ld_mail_free(m);

	/* request -p: the diff comes along */
	m = parse_msg("Subject: [GIT PULL] x\n", REQUEST DIFF);
	g_assert_true(m->has_diff);
	g_assert_cmpint(m->kind, ==, LD_KIND_PULL);
	ld_mail_free(m);

	/* untagged request-pull text, threaded or not */
	m = parse_msg("Subject: Please pull hyperv-fixes\n", REQUEST);
	check_pull(m, "git://git.kernel.org/pub/scm/virt/kvm/kvm.git",
		   "tags/kvm-6.9-1", BASE, 2);
	ld_mail_free(m);
	m = parse_msg("Subject: [GIT PULL v2] x\nIn-Reply-To: <c@d>\n",
		      REQUEST);
	g_assert_cmpint(m->kind, ==, LD_KIND_PULL);
	ld_mail_free(m);
	m = parse_msg("Subject: hyperv-fixes\nIn-Reply-To: <c@d>\n", REQUEST);
	g_assert_cmpint(m->kind, ==, LD_KIND_PULL);
	ld_mail_free(m);

	/* replies are replies, whatever they quote or repeat */
	m = parse_msg("Subject: Re: [GIT PULL] KVM changes for 6.9\n",
		      REQUEST);
	check_not_pull(m, LD_KIND_REPLY);
	ld_mail_free(m);

	/* request-pull text that is quoted, or without a URL, or with the
	 * lines out of order, is none */
	m = parse_msg("Subject: hello\n",
		      "> The following changes since commit abcdef0123:\n"
		      "> are available in the Git repository at:\n"
		      ">   git://x/y.git master\n");
	check_not_pull(m, LD_KIND_OTHER);
	ld_mail_free(m);
	m = parse_msg("Subject: hello\n",
		      "The following changes since commit abcdef0123:\n"
		      "are available in the Git repository at:\n\n"
		      "  nowhere\n");
	check_not_pull(m, LD_KIND_OTHER);
	ld_mail_free(m);
	m = parse_msg("Subject: hello\n",
		      "are available in the Git repository at:\n"
		      "  git://x/y.git master\n"
		      "The following changes since commit abcdef0123:\n");
	check_not_pull(m, LD_KIND_OTHER);
	ld_mail_free(m);
	m = parse_msg("Subject: hello\n",
		      "The following changes since commit nothex:\n"
		      "are available in the Git repository at:\n"
		      "  git://x/y.git master\n");
	check_not_pull(m, LD_KIND_OTHER);
	ld_mail_free(m);

	/* a numbered patch whose message quotes request-pull text */
	m = parse_msg("Subject: [PATCH 2/3] x\n", REQUEST DIFF);
	check_not_pull(m, LD_KIND_PATCH);
	ld_mail_free(m);
}

static void test_real_pull(void)
{
	ld_mail *m = fixture_parse_file("pull-hyperv-next.eml");

	g_assert_cmpstr(m->subject, ==, "[GIT PULL] Hyper-V commits for 6.9");
	g_assert_cmpstr(m->sender.name, ==, "Wei Liu");
	check_pull(m, "ssh://git@gitolite.kernel.org/pub/scm/linux/kernel/"
		   "git/hyperv/linux.git",
		   "tags/hyperv-next-signed-20240320",
		   "d206a76d7d2726f3b096037f2079ce0bd3ba329b", 5);
	g_assert_cmpuint(m->n_trailers, ==, 0);
	ld_mail_free(m);
}

static void test_real_edited_pull(void)
{
	/* "Please pull the following changes since commit\n<hex>:" */
	ld_mail *m = fixture_parse_file("pull-edited-since.eml");

	check_pull(m, "ssh://git@gitolite.kernel.org/pub/scm/linux/kernel/"
		   "git/hyperv/linux.git", "tags/hyperv-fixes-signed",
		   "f3a99e761efa616028b255b4de58e9b5b87c5545", 3);
	ld_mail_free(m);
}

static void test_real_cover_with_branch(void)
{
	/* a patch series' cover letter that also offers its branch stays
	 * the cover letter of its series */
	ld_mail *m = fixture_parse_file("cover-request-pull.eml");

	g_assert_cmpint(m->subj.number, ==, 0);
	g_assert_cmpint(m->subj.version, ==, 9);
	check_not_pull(m, LD_KIND_COVER);
	ld_mail_free(m);
}

static void test_scan_found(void)
{
	ld_mail *m = g_new0(ld_mail, 1);

	m->message_id = g_strdup("");
	g_assert_true(ld_parse__scan_body(m, REQUEST));
	g_assert_cmpstr(m->pull.ref, ==, "tags/kvm-6.9-1");
	ld_mail_free(m);
	m = g_new0(ld_mail, 1);
	m->message_id = g_strdup("");
	g_assert_false(ld_parse__scan_body(m, "Hi,\n"));
	g_assert_cmpstr(m->pull.url, ==, "");
	ld_mail_free(m);
}

int main(int argc, char **argv)
{
	int rc;

	g_test_init(&argc, &argv, NULL);
	ld_parse_init();

	g_test_add_func("/parse/pull/request-pull", test_request_pull);
	g_test_add_func("/parse/pull/forms", test_forms);
	g_test_add_func("/parse/pull/kinds", test_kinds);
	g_test_add_func("/parse/pull/scan-found", test_scan_found);
	g_test_add_func("/parse/pull/real/pull", test_real_pull);
	g_test_add_func("/parse/pull/real/edited-pull",
			test_real_edited_pull);
	g_test_add_func("/parse/pull/real/cover-with-branch",
			test_real_cover_with_branch);

	rc = g_test_run();
	ld_parse_shutdown();
	return rc;
}
