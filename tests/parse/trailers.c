/* tests/parse/trailers.c - review trailers and which lines are the
 * sender's own (src/parse/trailers.c, src/parse/scan.c)
 *
 * Hand-written bodies go straight to ld_parse__scan_body(); real
 * linux-hyperv messages (tests/corpora/parse/) go through
 * ld_parse_message(): a Reviewed-by under a quoted patch, an Outlook
 * top-post whose quoted original holds someone else's Reviewed-by, an
 * indented Acked-by with a non-ASCII name, and a pasted "git log" whose
 * indented trailers are not the sender's.
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

/* The trailers of `m` as "Name: name <email>" lines joined by '\n'. */
static char *list(const ld_mail *m)
{
	GString *s = g_string_new(NULL);
	size_t i;

	for (i = 0; i < m->n_trailers; i++)
		g_string_append_printf(s, "%s%s: %s <%s>", i ? "\n" : "",
				       m->trailers[i].name,
				       m->trailers[i].who.name,
				       m->trailers[i].who.email);
	return g_string_free(s, FALSE);
}

/* Scanning `body` gives exactly the trailers `expected` (see list()). */
static void check(const char *body, const char *expected)
{
	ld_mail *m = fixture_scan(body);
	char *got = list(m);

	g_assert_cmpstr(got, ==, expected);
	g_assert_true(m->n_trailers == 0 || m->trailers != NULL);
	g_free(got);
	ld_mail_free(m);
}

static void test_plain(void)
{
	check("Looks good.\n\n"
	      "Reviewed-by: Michael Kelley <mikelley@microsoft.com>\n"
	      "Acked-by: Wei Liu <wei.liu@kernel.org>\n"
	      "Tested-by: Saurabh Sengar <ssengar@linux.microsoft.com>\n"
	      "Nacked-by: Eric W. Biederman <ebiederm@xmission.com>\n"
	      "Signed-off-by: Not Collected <no@example.org>\n"
	      "Suggested-by: Not Collected <no@example.org>\n",
	      "Reviewed-by: Michael Kelley <mikelley@microsoft.com>\n"
	      "Acked-by: Wei Liu <wei.liu@kernel.org>\n"
	      "Tested-by: Saurabh Sengar <ssengar@linux.microsoft.com>\n"
	      "Nacked-by: Eric W. Biederman <ebiederm@xmission.com>");
	/* any case, stored canonically; no line end at the body's end */
	check("ACKED-BY: A <a@x.org>\nreviewed-BY: B <b@x.org>\n"
	      "Tested-By: C <c@x.org>",
	      "Acked-by: A <a@x.org>\nReviewed-by: B <b@x.org>\n"
	      "Tested-by: C <c@x.org>");
	/* not a trailer: no colon right after the name, or empty */
	check("Reviewed-by Michael <m@x.org>\nReviewed-by : M <m@x.org>\n"
	      "Reviewed-by:\nReviewed-by:   \nReviewed-byy: M <m@x.org>\n"
	      "XReviewed-by: M <m@x.org>\n", "");
	check("", "");
}

static void test_quoted(void)
{
	check("> Reviewed-by: Quoted One <q1@x.org>\n"
	      ">> Acked-by: Quoted Two <q2@x.org>\n"
	      "> > Tested-by: Quoted Three <q3@x.org>\n"
	      "| Reviewed-by: Quoted Four <q4@x.org>\n"
	      " > Reviewed-by: Quoted Five <q5@x.org>\n"
	      ">Reviewed-by: Quoted Six <q6@x.org>\n"
	      "\n"
	      "Reviewed-by: Own <own@x.org>\n",
	      "Reviewed-by: Own <own@x.org>");
}

static void test_indent(void)
{
	check(" Reviewed-by: One <1@x.org>\n"
	      "  Reviewed-by: Two <2@x.org>\n"
	      "   Reviewed-by: Three <3@x.org>\n"
	      "    Reviewed-by: Four <4@x.org>\n"
	      "\tReviewed-by: Tab <tab@x.org>\n"
	      "Reviewed-by:\tTabbed <t@x.org>\n",
	      "Reviewed-by: One <1@x.org>\n"
	      "Reviewed-by: Two <2@x.org>\n"
	      "Reviewed-by: Three <3@x.org>\n"
	      "Reviewed-by: Tabbed <t@x.org>");
}

static void test_comment(void)
{
	check("Acked-by: Name <a@b.org> # for the foo part\n"
	      "Reviewed-by: Name2 <c@d.org> (For fpga)\n"
	      "Acked-by: Name3 <e@f.org>\t# PCI\n"
	      "Tested-by: g@h.org # build-tested\n"
	      "Reviewed-by: Name4 <i@j.org> # see <https://x.org/y>\n",
	      "Acked-by: Name <a@b.org>\n"
	      "Reviewed-by: Name2 <c@d.org>\n"
	      "Acked-by: Name3 <e@f.org>\n"
	      "Tested-by:  <g@h.org>\n"
	      "Reviewed-by: Name4 <i@j.org>");
}

static void test_names(void)
{
	check("Reviewed-by: \"Name, Jr.\" <a@b.org>\n"
	      "Acked-by: =?UTF-8?q?Alex=20Benn=C3=A9e?= <alex@x.org>\n"
	      "Tested-by: =?iso-8859-1?q?J=F6rg_R=F6del?= <j@x.org>\n"
	      "Reviewed-by: Krzysztof Wilczy\xc5\x84ski <kw@linux.com>\n",
	      "Reviewed-by: Name, Jr. <a@b.org>\n"
	      "Acked-by: Alex Benn\xc3\xa9" "e <alex@x.org>\n"
	      "Tested-by: J\xc3\xb6rg R\xc3\xb6" "del <j@x.org>\n"
	      "Reviewed-by: Krzysztof Wilczy\xc5\x84ski <kw@linux.com>");
}

static void test_address_only(void)
{
	check("Tested-by: a@b.org\nReviewed-by: <c@d.org>\n"
	      "Acked-by: e@f.org (Old Style)\n",
	      "Tested-by:  <a@b.org>\nReviewed-by:  <c@d.org>\n"
	      "Acked-by: Old Style <e@f.org>");
}

static void test_odd_values(void)
{
	/* what GMime refuses, split at the address */
	check("Reviewed-by: Jake Oshins (jakeo@microsoft.com)\n"
	      "Acked-by: Erni Sri Satya Vennela ernis@linux.microsoft.com\n",
	      "Reviewed-by: Jake Oshins <jakeo@microsoft.com>\n"
	      "Acked-by: Erni Sri Satya Vennela <ernis@linux.microsoft.com>");
	/* a name alone is kept; prose is not */
	check("Reviewed-by: Michael Kelley\n"
	      "Acked-by: Wei\n"
	      "Reviewed-by: lines should not be added to patches until the "
	      "reviewer\n"
	      "Reviewed-by: for this patch?  ;-)\n"
	      "Acked-by: 42\n"
	      "Tested-by: me\n",
	      "Reviewed-by: Michael Kelley <>\nAcked-by: Wei <>");
}

static void test_outlook_original(void)
{
	static const char *const tops[] = {
		"-----Original Message-----\n",
		"----- Original Message -----\n",
		"-----original message-----\n",
		"From: Dexuan Cui <decui@microsoft.com>\n"
		"Sent: Wednesday, March 25, 2020 11:46 AM\n",
		"________________________________________\n"
		"From: Roman Kisel <romank@linux.microsoft.com>\n"
		"Sent: Friday, December 13, 2024 8:11 PM\n",
		"From: Dexuan Cui <decui@microsoft.com> Sent: Wednesday\n"
		"To: Wei Liu <wei.liu@kernel.org>\n",
	};
	char *body;
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(tops); i++) {
		body = g_strconcat("Tested-by: Top <top@x.org>\n\n", tops[i],
				   "To: someone\nSubject: [PATCH] x\n\n"
				   "Reviewed-by: Inside <in@x.org>\n", NULL);
		check(body, "Tested-by: Top <top@x.org>");
		g_free(body);
	}
}

static void test_attribution(void)
{
	/* one "From: X Sent: Y" line above '>' quotes only attributes
	 * them (Michael Kelley's replies): the rest is the sender's */
	check("From: Dexuan Cui <decui@microsoft.com> Sent: Friday, June 14, "
	      "2019 11:42 AM\n"
	      ">\n> Signed-off-by: Dexuan Cui <decui@microsoft.com>\n"
	      "> Reviewed-by: Quoted <q@x.org>\n\n"
	      "Reviewed-by: Michael Kelley <mikelley@microsoft.com>\n",
	      "Reviewed-by: Michael Kelley <mikelley@microsoft.com>");
}

static void test_signature(void)
{
	check("Reviewed-by: Before <b@x.org>\n-- \n"
	      "Reviewed-by: After <a@x.org>\n",
	      "Reviewed-by: Before <b@x.org>");
	/* only "-- " with the space is a signature */
	check("x\n--\nReviewed-by: A <a@x.org>\n---\n"
	      "Reviewed-by: B <b@x.org>\n",
	      "Reviewed-by: A <a@x.org>\nReviewed-by: B <b@x.org>");
}

static void test_diff(void)
{
	/* a patch to a document that holds trailers in its context */
	check("Reviewed-by: Own <own@x.org>\n---\n"
	      "diff --git a/Documentation/x.rst b/Documentation/x.rst\n"
	      "index 1..2 100644\n"
	      "--- a/Documentation/x.rst\n"
	      "+++ b/Documentation/x.rst\n"
	      "@@ -1,3 +1,3 @@\n"
	      " Reviewed-by: Context <ctx@x.org>\n"
	      "\n"
	      "-Acked-by: Removed <rm@x.org>\n"
	      "+Acked-by: Added <add@x.org>\n"
	      "Tested-by: After Diff <after@x.org>\n",
	      "Reviewed-by: Own <own@x.org>\n"
	      "Tested-by: After Diff <after@x.org>");
}

static void test_dedup(void)
{
	check("Reviewed-by: A <a@x.org>\nReviewed-by: A <a@x.org>\n"
	      "reviewed-by: A <A@X.org>\n"
	      "Acked-by: A <a@x.org>\nReviewed-by: A. <a@x.org>\n"
	      "Reviewed-by: A <a@x.org> # again\n",
	      "Reviewed-by: A <a@x.org>\nAcked-by: A <a@x.org>\n"
	      "Reviewed-by: A. <a@x.org>");
}

static void test_cap(void)
{
	GString *body = g_string_new(NULL);
	ld_mail *m;
	int i;

	for (i = 0; i < 300; i++)
		g_string_append_printf(body, "Acked-by: P%d <p%d@x.org>\n", i,
				       i);
	m = fixture_scan(body->str);
	g_assert_cmpuint(m->n_trailers, ==, 256);
	g_assert_cmpstr(m->trailers[255].who.email, ==, "p255@x.org");
	ld_mail_free(m);

	/* repeats cost a parse each, so they are bounded too */
	g_string_truncate(body, 0);
	for (i = 0; i < 100000; i++)
		g_string_append(body, "Acked-by: Same <same@x.org>\n");
	g_string_append(body, "Acked-by: Late <late@x.org>\n");
	m = fixture_scan(body->str);
	g_assert_cmpuint(m->n_trailers, ==, 1);
	ld_mail_free(m);
	g_string_free(body, TRUE);
}

static void test_real_reply(void)
{
	/* base64, an attribution line, the quoted patch, then the review */
	ld_mail *m = fixture_parse_file("reply-reviewed-by.eml");

	g_assert_cmpint(m->kind, ==, LD_KIND_REPLY);
	g_assert_cmpuint(m->n_trailers, ==, 1);
	g_assert_cmpstr(m->trailers[0].name, ==, "Reviewed-by");
	g_assert_cmpstr(m->trailers[0].who.name, ==, "Michael Kelley");
	g_assert_cmpstr(m->trailers[0].who.email, ==,
			"mikelley@microsoft.com");
	g_assert_cmpstr(m->change_id, ==, "");
	g_assert_cmpstr(m->prev_ids, ==, "");
	ld_mail_free(m);
}

static void test_real_outlook_original(void)
{
	/* Stephen Hemminger top-posts above Haiyang Zhang's reply, which
	 * holds Haiyang's Reviewed-by: not Stephen's */
	ld_mail *m = fixture_parse_file("reply-outlook-original.eml");

	g_assert_cmpstr(m->sender.name, ==, "Stephen Hemminger");
	g_assert_cmpuint(m->n_trailers, ==, 0);
	g_assert_null(m->trailers);
	ld_mail_free(m);
}

static void test_real_indented(void)
{
	/* "For PCI changes:\n  Acked-by: Krzysztof Wilczyński <...>" */
	ld_mail *m = fixture_parse_file("reply-indented-acked.eml");

	g_assert_cmpuint(m->n_trailers, ==, 1);
	g_assert_cmpstr(m->trailers[0].name, ==, "Acked-by");
	g_assert_cmpstr(m->trailers[0].who.name, ==,
			"Krzysztof Wilczy\xc5\x84ski");
	g_assert_cmpstr(m->trailers[0].who.email, ==, "kw@linux.com");
	ld_mail_free(m);
}

static void test_real_git_log(void)
{
	/* "git log" output pasted into a reply: its trailers are indented
	 * four spaces and belong to old commits */
	ld_mail *m = fixture_parse_file("reply-git-log-paste.eml");

	g_assert_cmpint(m->kind, ==, LD_KIND_REPLY);
	g_assert_cmpuint(m->n_trailers, ==, 0);
	ld_mail_free(m);
}

static void test_real_patch(void)
{
	/* a patch's own trailers are collected too; Signed-off-by and
	 * Suggested-by are not, and GMime reads "(Intel)" as a comment */
	ld_mail *m = fixture_parse_file("kvm-x86-dr6.eml");
	char *got = list(m);

	g_assert_cmpint(m->kind, ==, LD_KIND_PATCH);
	g_assert_cmpstr(got, ==,
			"Reviewed-by: H. Peter Anvin <hpa@zytor.com>");
	g_free(got);
	ld_mail_free(m);
}

int main(int argc, char **argv)
{
	int rc;

	g_test_init(&argc, &argv, NULL);
	ld_parse_init();

	g_test_add_func("/parse/trailers/plain", test_plain);
	g_test_add_func("/parse/trailers/quoted", test_quoted);
	g_test_add_func("/parse/trailers/indent", test_indent);
	g_test_add_func("/parse/trailers/comment", test_comment);
	g_test_add_func("/parse/trailers/names", test_names);
	g_test_add_func("/parse/trailers/address-only", test_address_only);
	g_test_add_func("/parse/trailers/odd-values", test_odd_values);
	g_test_add_func("/parse/trailers/outlook-original",
			test_outlook_original);
	g_test_add_func("/parse/trailers/attribution", test_attribution);
	g_test_add_func("/parse/trailers/signature", test_signature);
	g_test_add_func("/parse/trailers/diff", test_diff);
	g_test_add_func("/parse/trailers/dedup", test_dedup);
	g_test_add_func("/parse/trailers/cap", test_cap);
	g_test_add_func("/parse/trailers/real/reply", test_real_reply);
	g_test_add_func("/parse/trailers/real/outlook-original",
			test_real_outlook_original);
	g_test_add_func("/parse/trailers/real/indented", test_real_indented);
	g_test_add_func("/parse/trailers/real/git-log", test_real_git_log);
	g_test_add_func("/parse/trailers/real/patch", test_real_patch);

	rc = g_test_run();
	ld_parse_shutdown();
	return rc;
}
