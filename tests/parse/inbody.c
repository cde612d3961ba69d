/* tests/parse/inbody.c - ld_parse_inbody_from(), git am's in-body From
 *
 * The in-body From credits the patch author when someone else sends the
 * mail.  Cases follow git's mailinfo.c: leading empty lines are skipped,
 * the From may follow an in-body Subject or Date, header names are
 * case-insensitive and values may be folded and RFC 2047 encoded.
 */
#include "parse/parse.h"

#include <glib.h>

/* Parse `body`; assert the outcome and, when found, the person. */
static void check(const char *body, const char *name, const char *email)
{
	ld_person p = { NULL, NULL };
	bool found = ld_parse_inbody_from(&p, body);

	if (!name) {
		g_assert_false(found);
		g_assert_null(p.name);
		g_assert_null(p.email);
		return;
	}
	g_assert_true(found);
	g_assert_cmpstr(p.name, ==, name);
	g_assert_cmpstr(p.email, ==, email);
	ld_person_clear(&p);
	g_assert_null(p.name);
}

static void test_plain(void)
{
	check("From: Mario Limonciello <mario.limonciello@amd.com>\n\n"
	      "Several places in the kernel do class shifting\n",
	      "Mario Limonciello", "mario.limonciello@amd.com");
}

static void test_rfc2047(void)
{
	check("From: =?UTF-8?q?Alex=20Benn=C3=A9e?= <alex.bennee@linaro.org>"
	      "\n\nBefore this we suppress\n",
	      "Alex Benn\xc3\xa9" "e", "alex.bennee@linaro.org");
	check("From: =?UTF-8?B?SsO8cmdlbiBHcm/Dnw==?= <jgross@suse.com>\n\n"
	      "x\n", "J\xc3\xbcrgen Gro\xc3\x9f", "jgross@suse.com");
}

static void test_raw_utf8(void)
{
	check("From: J\xc3\xbcrgen Gro\xc3\x9f <jgross@suse.com>\n\nx\n",
	      "J\xc3\xbcrgen Gro\xc3\x9f", "jgross@suse.com");
}

static void test_quoted_name(void)
{
	check("From: \"Xin Li (Intel)\" <xin@zytor.com>\n\nx\n",
	      "Xin Li (Intel)", "xin@zytor.com");
}

static void test_bare_address(void)
{
	check("From: lantianyu1986@gmail.com\n\nx\n", "",
	      "lantianyu1986@gmail.com");
}

static void test_leading_blank_lines(void)
{
	check("\n\nFrom: Tianyu Lan <Tianyu.Lan@microsoft.com>\n\nx\n",
	      "Tianyu Lan", "Tianyu.Lan@microsoft.com");
}

static void test_after_subject_and_date(void)
{
	check("Subject: [PATCH] x\nDate: Mon, 1 Jul 2019 10:00:00 +0000\n"
	      "From: A U Thor <author@example.org>\n\nx\n",
	      "A U Thor", "author@example.org");
}

static void test_case_insensitive(void)
{
	check("from: A U Thor <author@example.org>\n\nx\n", "A U Thor",
	      "author@example.org");
}

static void test_folded(void)
{
	check("From: A Very Long Name Indeed\n <author@example.org>\n\nx\n",
	      "A Very Long Name Indeed", "author@example.org");
}

static void test_no_blank_line_after(void)
{
	/* git takes the From even when text follows at once */
	check("From: A U Thor <author@example.org>\nx\n", "A U Thor",
	      "author@example.org");
}

static void test_not_at_top(void)
{
	check("Hello,\nFrom: A U Thor <author@example.org>\n", NULL, NULL);
	check("> From: A U Thor <author@example.org>\n", NULL, NULL);
	check(" From: A U Thor <author@example.org>\n", NULL, NULL);
}

static void test_second_block_ignored(void)
{
	/* a Subject block without From: the later From is body text */
	check("Subject: x\n\nFrom: A U Thor <author@example.org>\n", NULL,
	      NULL);
}

static void test_not_a_header(void)
{
	check("From A U Thor <author@example.org>\n", NULL, NULL);
	check("Fromage: cheese\n", NULL, NULL);
	check("", NULL, NULL);
	check("\n\n\n", NULL, NULL);
	check(NULL, NULL, NULL);
}

static void test_garbage(void)
{
	check("From:\n\nx\n", NULL, NULL);
	check("From: <<<>>>\n", NULL, NULL);
	/* GMime's loose mode salvages what it can */
	check("From: \"unterminated <a@b\n", "unterminated", "a@b");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	ld_parse_init();
	g_test_add_func("/parse/inbody/plain", test_plain);
	g_test_add_func("/parse/inbody/rfc2047", test_rfc2047);
	g_test_add_func("/parse/inbody/raw-utf8", test_raw_utf8);
	g_test_add_func("/parse/inbody/quoted-name", test_quoted_name);
	g_test_add_func("/parse/inbody/bare-address", test_bare_address);
	g_test_add_func("/parse/inbody/leading-blank-lines",
			test_leading_blank_lines);
	g_test_add_func("/parse/inbody/after-subject-and-date",
			test_after_subject_and_date);
	g_test_add_func("/parse/inbody/case-insensitive",
			test_case_insensitive);
	g_test_add_func("/parse/inbody/folded", test_folded);
	g_test_add_func("/parse/inbody/no-blank-line-after",
			test_no_blank_line_after);
	g_test_add_func("/parse/inbody/not-at-top", test_not_at_top);
	g_test_add_func("/parse/inbody/second-block-ignored",
			test_second_block_ignored);
	g_test_add_func("/parse/inbody/not-a-header", test_not_a_header);
	g_test_add_func("/parse/inbody/garbage", test_garbage);
	return g_test_run();
}
