/* tests/source/mbox.c - mbox sources: splitting, unquoting, Content-Length,
 * gzip, standard input and hostile files
 *
 * Each case writes an mbox into a scratch directory, opens it through the
 * public API and compares every message's bytes (and blob id) with what the
 * variant's rules say (mbox(5) of mutt/qmail): mboxrd unquotes ">+From "
 * by one '>', mboxo and mboxcl only ">From ", mboxcl2 nothing; cl and cl2
 * honour Content-Length.  The files are hand-written so that the expected
 * bytes do not come from code that could share a bug with the reader.
 */
#include "source/source.h"

#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "util/error.h"

#define FROM "From someone@example.com Thu Jan  1 00:00:00 1970\n"

/* Write `lit` (a string literal, may hold NULs) to scratch file `name`. */
#define WRITE(name, lit) write_file((name), (lit), sizeof(lit) - 1)

static char *write_file(const char *name, const char *data, size_t len)
{
	char *path = th_path(name);

	th_write(path, data, len);
	return path;
}

/* An mbox with every kind of "From " line in a body. */
static const char quoting_mbox[] =
	FROM
	"Subject: one\n"
	"\n"
	">From the start of a line\n"
	">>From quoted twice\n"
	">>>From quoted three times\n"
	" >From not at the start\n"
	"x>From inside a line\n"
	">From\n"
	"From inside, after a line that is not blank\n"
	"\n"
	FROM
	"Subject: two\n"
	"\n"
	"body two\n"
	"\n";

static void test_rd_split_unquote(void)
{
	static const th_msg want[] = {
		TH_MSG("Subject: one\n"
		       "\n"
		       "From the start of a line\n"
		       ">From quoted twice\n"
		       ">>From quoted three times\n"
		       " >From not at the start\n"
		       "x>From inside a line\n"
		       ">From\n"
		       "From inside, after a line that is not blank\n"),
		TH_MSG("Subject: two\n\nbody two\n"),
	};
	char *path = WRITE("rd.mbox", quoting_mbox);

	th_check(path, LD_SOURCE_MBOX, LD_MBOX_RD, want, 2);
	/* no Content-Length: detection says mboxrd */
	th_check(path, LD_SOURCE_AUTO, LD_MBOX_AUTO, want, 2);
	g_free(path);
}

static void test_o_unquote(void)
{
	static const th_msg want[] = {
		TH_MSG("Subject: one\n"
		       "\n"
		       "From the start of a line\n"
		       ">>From quoted twice\n"
		       ">>>From quoted three times\n"
		       " >From not at the start\n"
		       "x>From inside a line\n"
		       ">From\n"
		       "From inside, after a line that is not blank\n"),
		TH_MSG("Subject: two\n\nbody two\n"),
	};
	char *path = WRITE("o.mbox", quoting_mbox);

	th_check(path, LD_SOURCE_MBOX, LD_MBOX_O, want, 2);
	/* without Content-Length, mboxcl splits and unquotes as mboxo */
	th_check(path, LD_SOURCE_MBOX, LD_MBOX_CL, want, 2);
	g_free(path);
}

static void test_cl2_no_quoting(void)
{
	static const th_msg want[] = {
		TH_MSG("Subject: one\n"
		       "\n"
		       ">From the start of a line\n"
		       ">>From quoted twice\n"
		       ">>>From quoted three times\n"
		       " >From not at the start\n"
		       "x>From inside a line\n"
		       ">From\n"
		       "From inside, after a line that is not blank\n"),
		TH_MSG("Subject: two\n\nbody two\n"),
	};
	char *path = WRITE("cl2-noquote.mbox", quoting_mbox);

	/* no Content-Length: split by blank lines, nothing unquoted */
	th_check(path, LD_SOURCE_MBOX, LD_MBOX_CL2, want, 2);
	g_free(path);
}

/* Body of 43 bytes with an unquoted "From " after a blank line. */
#define CL2_BODY "first line\n\nFrom evil\n>From kept\nlast line\n"

static const char cl2_mbox[] =
	FROM
	"Subject: one\n"
	"Content-Length: 43\n"
	"\n"
	CL2_BODY
	"\n"
	FROM
	"Subject: two\n"
	"Content-Length: 9\n"
	"\n"
	"body two\n"
	"\n";

static void test_cl2_content_length(void)
{
	static const th_msg want[] = {
		TH_MSG("Subject: one\nContent-Length: 43\n\n" CL2_BODY),
		TH_MSG("Subject: two\nContent-Length: 9\n\nbody two\n"),
	};
	char *path = WRITE("cl2.mbox", cl2_mbox);

	g_assert_cmpuint(sizeof(CL2_BODY) - 1, ==, 43);
	th_check(path, LD_SOURCE_MBOX, LD_MBOX_CL2, want, 2);
	/* every Content-Length lands on a From line: mboxcl2 */
	th_check(path, LD_SOURCE_AUTO, LD_MBOX_AUTO, want, 2);
	g_free(path);
}

static void test_cl2_as_rd(void)
{
	/* read as mboxrd, the blank line + "From evil" splits */
	static const th_msg want[] = {
		TH_MSG("Subject: one\nContent-Length: 43\n\nfirst line\n"),
		TH_MSG("From kept\nlast line\n"),
		TH_MSG("Subject: two\nContent-Length: 9\n\nbody two\n"),
	};
	char *path = WRITE("cl2-rd.mbox", cl2_mbox);

	th_check(path, LD_SOURCE_MBOX, LD_MBOX_RD, want, 3);
	g_free(path);
}

static void test_cl_quoted(void)
{
	/* mboxcl: the stored body is mboxo-quoted and Content-Length
	 * counts the stored bytes (45) */
	static const char mbox[] =
		FROM
		"Subject: one\n"
		"Content-Length: 45\n"
		"\n"
		"first line\n"
		"\n"
		">From evil\n"
		">>From kept\n"
		"last line\n"
		"\n"
		FROM
		"Subject: two\n"
		"\n"
		"no length\n"
		"\n";
	static const th_msg want[] = {
		TH_MSG("Subject: one\nContent-Length: 45\n\n"
		       "first line\n\nFrom evil\n>>From kept\nlast line\n"),
		TH_MSG("Subject: two\n\nno length\n"),
	};
	char *path = WRITE("cl.mbox", mbox);

	th_check(path, LD_SOURCE_MBOX, LD_MBOX_CL, want, 2);
	g_free(path);
}

/* Content-Length values that must not be trusted fall back to the blank
 * line rule, one message at a time. */
static void test_cl_bad_lengths(void)
{
	static const char mbox[] =
		FROM
		"Subject: too long\n"
		"Content-Length: 99999\n"
		"\n"
		"a\n"
		"\n"
		FROM
		"Subject: negative\n"
		"Content-Length: -5\n"
		"\n"
		"b\n"
		"\n"
		FROM
		"Subject: overflow\n"
		"Content-Length: 999999999999999999999999999999\n"
		"\n"
		"c\n"
		"\n"
		FROM
		"Subject: mid-line\n"
		"Content-Length: 3\n"
		"\n"
		"dddd\n"
		"\n"
		FROM
		"Subject: not a number\n"
		"Content-Length: 12abc\n"
		"\n"
		"e\n"
		"\n"
		FROM
		"Subject: empty\n"
		"Content-Length:\n"
		"\n"
		"f\n"
		"\n"
		FROM
		"Subject: right, case and blanks\n"
		"content-LENGTH: \t 10 \n"
		"\n"
		"g\n"
		"\n"
		"From g\n"
		"\n"
		FROM
		"Subject: larger than the file\n"
		"Content-Length: 18446744073709551615\n"
		"\n"
		"h\n";
	static const th_msg want[] = {
		TH_MSG("Subject: too long\nContent-Length: 99999\n\na\n"),
		TH_MSG("Subject: negative\nContent-Length: -5\n\nb\n"),
		TH_MSG("Subject: overflow\n"
		       "Content-Length: 999999999999999999999999999999\n"
		       "\nc\n"),
		TH_MSG("Subject: mid-line\nContent-Length: 3\n\ndddd\n"),
		TH_MSG("Subject: not a number\nContent-Length: 12abc\n\ne\n"),
		TH_MSG("Subject: empty\nContent-Length:\n\nf\n"),
		TH_MSG("Subject: right, case and blanks\n"
		       "content-LENGTH: \t 10 \n\ng\n\nFrom g\n"),
		TH_MSG("Subject: larger than the file\n"
		       "Content-Length: 18446744073709551615\n\nh\n"),
	};
	char *path = WRITE("cl-bad.mbox", mbox);

	th_check(path, LD_SOURCE_MBOX, LD_MBOX_CL2, want, G_N_ELEMENTS(want));
	g_free(path);
}

static void test_cl_edges(void)
{
	/* length 0; landing on "From " with no blank line; the last
	 * message without a final newline */
	static const char mbox[] =
		FROM
		"Subject: zero\n"
		"Content-Length: 0\n"
		"\n"
		"\n"
		FROM
		"Subject: no separator\n"
		"Content-Length: 6\n"
		"\n"
		"hello\n"
		FROM
		"Subject: unterminated\n"
		"Content-Length: 5\n"
		"\n"
		"world";
	static const th_msg want[] = {
		TH_MSG("Subject: zero\nContent-Length: 0\n\n"),
		TH_MSG("Subject: no separator\nContent-Length: 6\n\nhello\n"),
		TH_MSG("Subject: unterminated\nContent-Length: 5\n\nworld"),
	};
	char *path = WRITE("cl-edges.mbox", mbox);

	th_check(path, LD_SOURCE_MBOX, LD_MBOX_CL2, want, 3);
	th_check(path, LD_SOURCE_AUTO, LD_MBOX_AUTO, want, 3);
	g_free(path);
}

static void test_auto_mixed(void)
{
	/* one message without Content-Length: the whole file is mboxrd, so
	 * the other's unquoted "From " after a blank line splits it */
	static const char mbox[] =
		FROM
		"Subject: one\n"
		"Content-Length: 20\n"
		"\n"
		"a\n"
		"\n"
		"From x\n"
		">From y\n"
		"z\n"
		"\n"
		FROM
		"Subject: two\n"
		"\n"
		"b\n"
		"\n";
	static const th_msg as_rd[] = {
		TH_MSG("Subject: one\nContent-Length: 20\n\na\n"),
		TH_MSG("From y\nz\n"),
		TH_MSG("Subject: two\n\nb\n"),
	};
	static const th_msg as_cl2[] = {
		TH_MSG("Subject: one\nContent-Length: 20\n\n"
		       "a\n\nFrom x\n>From y\nz\n"),
		TH_MSG("Subject: two\n\nb\n"),
	};
	char *path = WRITE("auto-mixed.mbox", mbox);

	th_check(path, LD_SOURCE_AUTO, LD_MBOX_AUTO, as_rd, 3);
	th_check(path, LD_SOURCE_MBOX, LD_MBOX_CL2, as_cl2, 2);
	g_free(path);
}

static void test_crlf(void)
{
	static const char mbox[] =
		"From a@example.com Thu Jan  1 00:00:00 1970\r\n"
		"Subject: one\r\n"
		"\r\n"
		">From the start\r\n"
		"body\r\n"
		"\r\n"
		"From b@example.com Thu Jan  1 00:00:00 1970\r\n"
		"Subject: two\r\n"
		"\r\n"
		"body two\r\n"
		"\r\n";
	static const th_msg want[] = {
		TH_MSG("Subject: one\r\n\r\nFrom the start\r\nbody\r\n"),
		TH_MSG("Subject: two\r\n\r\nbody two\r\n"),
	};
	static const char cl[] =
		"From a@example.com Thu Jan  1 00:00:00 1970\r\n"
		"Subject: one\r\n"
		"Content-Length: 18\r\n"
		"\r\n"
		"x\r\n"
		"\r\n"
		"From inside\r\n"
		"\r\n"
		"From b@example.com Thu Jan  1 00:00:00 1970\r\n"
		"Subject: two\r\n"
		"Content-Length: 3\r\n"
		"\r\n"
		"y\r\n"
		"\r\n";
	static const th_msg want_cl[] = {
		TH_MSG("Subject: one\r\nContent-Length: 18\r\n\r\n"
		       "x\r\n\r\nFrom inside\r\n"),
		TH_MSG("Subject: two\r\nContent-Length: 3\r\n\r\ny\r\n"),
	};
	char *path = WRITE("crlf.mbox", mbox);
	char *path_cl = WRITE("crlf-cl.mbox", cl);

	th_check(path, LD_SOURCE_AUTO, LD_MBOX_AUTO, want, 2);
	th_check(path_cl, LD_SOURCE_AUTO, LD_MBOX_AUTO, want_cl, 2);
	g_free(path);
	g_free(path_cl);
}

static void test_trailing_newlines(void)
{
	/* Python's mailbox writes no blank line after the last message;
	 * a message whose own text ends in a blank line keeps one; leading
	 * blank lines before the first From line are skipped */
	static const char mbox[] =
		"\n\n"
		FROM
		"Subject: one\n"
		"\n"
		"ends with a blank line\n"
		"\n"
		"\n"
		FROM
		"Subject: two\n"
		"\n"
		"last, no separator\n";
	static const th_msg want[] = {
		TH_MSG("Subject: one\n\nends with a blank line\n\n"),
		TH_MSG("Subject: two\n\nlast, no separator\n"),
	};
	static const char bare[] = FROM "Subject: x\n\nno newline at all";
	static const th_msg want_bare[] = {
		TH_MSG("Subject: x\n\nno newline at all"),
	};
	char *path = WRITE("trailing.mbox", mbox);
	char *path_bare = WRITE("bare.mbox", bare);

	th_check(path, LD_SOURCE_AUTO, LD_MBOX_AUTO, want, 2);
	th_check(path_bare, LD_SOURCE_AUTO, LD_MBOX_AUTO, want_bare, 1);
	g_free(path);
	g_free(path_bare);
}

static void test_blob_id(void)
{
	/* git hash-object of "hello\n" */
	static const char mbox[] = FROM "hello\n\n";
	static const th_msg want[] = { TH_MSG("hello\n") };
	char *path = WRITE("hello.mbox", mbox);
	char hex[LD_OID_HEXSZ + 1];
	ld_source *src = NULL;
	ld_oid tip;

	th_check(path, LD_SOURCE_AUTO, LD_MBOX_AUTO, want, 1);
	g_assert_cmpint(ld_source_open(&src, path, LD_SOURCE_AUTO,
				       LD_MBOX_AUTO), ==, LD_OK);
	g_assert_cmpint(ld_source_epoch_tip(&tip, src, 0), ==, LD_OK);
	ld_oid_fmt(hex, &tip);
	g_assert_cmpstr(hex, ==, "ce013625030ba8dba906f756967f9e9ca394464a");
	g_assert_cmpstr(ld_source_name(src), ==, "hello");
	g_assert_cmpint(ld_source_get_type(src), ==, LD_SOURCE_MBOX);
	ld_source_free(src);
	g_free(path);
}

static void test_duplicates_and_stop(void)
{
	static const char mbox[] =
		FROM "Subject: a\n\nsame\n\n"
		FROM "Subject: a\n\nsame\n\n"
		FROM "Subject: b\n\nother\n\n";
	static const th_msg want[] = {
		TH_MSG("Subject: a\n\nsame\n"),
		TH_MSG("Subject: a\n\nsame\n"),
		TH_MSG("Subject: b\n\nother\n"),
	};
	char *path = WRITE("dups.mbox", mbox);
	ld_source *src = NULL;
	ld_oid *ids = NULL, *after = NULL;
	size_t n = 0, m = 0;

	th_check(path, LD_SOURCE_AUTO, LD_MBOX_AUTO, want, 3);
	g_assert_cmpint(ld_source_open(&src, path, LD_SOURCE_AUTO,
				       LD_MBOX_AUTO), ==, LD_OK);
	g_assert_cmpint(ld_source_list_commits(&ids, NULL, &n, src, 0, NULL), ==,
			LD_OK);
	g_assert_cmpuint(n, ==, 3);
	g_assert_true(ld_oid_equal(&ids[0], &ids[1]));
	g_assert_cmpint(ld_source_list_commits(&after, NULL, &m, src, 0, &ids[0]),
			==, LD_OK);
	g_assert_cmpuint(m, ==, 1);
	g_assert_true(ld_oid_equal(&after[0], &ids[2]));
	g_free(ids);
	g_free(after);
	ld_source_free(src);
	g_free(path);
}

static void test_gzip(void)
{
	static const th_msg want[] = {
		TH_MSG("Subject: one\n"
		       "\n"
		       "From the start of a line\n"
		       ">From quoted twice\n"
		       ">>From quoted three times\n"
		       " >From not at the start\n"
		       "x>From inside a line\n"
		       ">From\n"
		       "From inside, after a line that is not blank\n"),
		TH_MSG("Subject: two\n\nbody two\n"),
	};
	size_t len, len2, cut = 100;
	char *gz = th_gzip(quoting_mbox, sizeof(quoting_mbox) - 1, &len);
	/* the magic decides, not the name */
	char *path = write_file("compressed.mbox", gz, len);
	char *part1, *part2, *both, *two, *cut_path, *bad_path, *magic, *msg;

	th_check(path, LD_SOURCE_AUTO, LD_MBOX_AUTO, want, 2);

	/* two gzip members, split in the middle of a line, are one stream */
	g_assert_cmpuint(sizeof(quoting_mbox) - 1, >, cut);
	part1 = th_gzip(quoting_mbox, cut, &len2);
	part2 = th_gzip(quoting_mbox + cut, sizeof(quoting_mbox) - 1 - cut,
			&len);
	both = g_malloc(len + len2);
	memcpy(both, part1, len2);
	memcpy(both + len2, part2, len);
	two = write_file("two-members.mbox.gz", both, len + len2);
	th_check(two, LD_SOURCE_AUTO, LD_MBOX_AUTO, want, 2);

	/* truncated and corrupt data are invalid input, not a crash */
	cut_path = write_file("truncated.mbox.gz", both, len2 - 9);
	msg = th_open_fails(cut_path, LD_SOURCE_AUTO, LD_MBOX_AUTO,
			    LD_EINVALID);
	g_assert_nonnull(strstr(msg, "truncated gzip data"));
	g_assert_nonnull(strstr(msg, cut_path));
	g_free(msg);
	memset(both + 12, 0xff, 20);
	bad_path = write_file("corrupt.mbox.gz", both, len + len2);
	msg = th_open_fails(bad_path, LD_SOURCE_AUTO, LD_MBOX_AUTO,
			    LD_EINVALID);
	g_assert_nonnull(strstr(msg, "gzip"));
	g_free(msg);
	magic = write_file("magic-only.gz", "\x1f\x8b", 2);
	g_free(th_open_fails(magic, LD_SOURCE_AUTO, LD_MBOX_AUTO,
			     LD_EINVALID));
	g_free(magic);

	g_free(gz);
	g_free(part1);
	g_free(part2);
	g_free(both);
	g_free(path);
	g_free(two);
	g_free(cut_path);
	g_free(bad_path);
}

static void test_gzip_empty(void)
{
	size_t len;
	char *gz = th_gzip("", 0, &len);
	char *path = write_file("empty.mbox.gz", gz, len);

	th_check(path, LD_SOURCE_AUTO, LD_MBOX_AUTO, NULL, 0);
	g_free(gz);
	g_free(path);
}

/* Open "-" with the file `path` as standard input. */
static void check_stdin(const char *path, const th_msg *want, size_t n)
{
	int saved = dup(STDIN_FILENO);
	int fd = g_open(path, O_RDONLY, 0);

	g_assert_cmpint(saved, >=, 0);
	g_assert_cmpint(fd, >=, 0);
	g_assert_cmpint(dup2(fd, STDIN_FILENO), ==, STDIN_FILENO);
	close(fd);
	th_check("-", LD_SOURCE_AUTO, LD_MBOX_AUTO, want, n);
	g_assert_cmpint(dup2(saved, STDIN_FILENO), ==, STDIN_FILENO);
	close(saved);
}

static void test_stdin(void)
{
	static const th_msg want[] = {
		TH_MSG("Subject: one\nContent-Length: 43\n\n" CL2_BODY),
		TH_MSG("Subject: two\nContent-Length: 9\n\nbody two\n"),
	};
	size_t len;
	char *gz = th_gzip(cl2_mbox, sizeof(cl2_mbox) - 1, &len);
	char *path = WRITE("stdin.mbox", cl2_mbox);
	char *gz_path = write_file("stdin.mbox.gz", gz, len);
	ld_source *src = NULL;
	int saved, fd;

	check_stdin(path, want, 2);
	check_stdin(gz_path, want, 2);

	saved = dup(STDIN_FILENO);
	fd = g_open(path, O_RDONLY, 0);
	dup2(fd, STDIN_FILENO);
	close(fd);
	g_assert_cmpint(ld_source_open(&src, "-", LD_SOURCE_AUTO,
				       LD_MBOX_AUTO), ==, LD_OK);
	g_assert_cmpstr(ld_source_name(src), ==, "stdin");
	ld_source_free(src);
	dup2(saved, STDIN_FILENO);
	close(saved);
	g_free(gz);
	g_free(path);
	g_free(gz_path);
}

static void test_empty_and_blank(void)
{
	char *empty = WRITE("empty.mbox", "");
	char *blank = WRITE("blank.mbox", "\n\r\n \t\n\n");
	char *from_only = WRITE("from-only.mbox", "From x");
	char *from_lines = WRITE("from-lines.mbox", "From x\n\nFrom y\n\n");

	th_check(empty, LD_SOURCE_AUTO, LD_MBOX_AUTO, NULL, 0);
	th_check(blank, LD_SOURCE_AUTO, LD_MBOX_AUTO, NULL, 0);
	th_check(from_only, LD_SOURCE_AUTO, LD_MBOX_AUTO, NULL, 0);
	th_check(from_lines, LD_SOURCE_AUTO, LD_MBOX_AUTO, NULL, 0);
	th_check(from_lines, LD_SOURCE_MBOX, LD_MBOX_CL, NULL, 0);
	g_free(empty);
	g_free(blank);
	g_free(from_only);
	g_free(from_lines);
}

static void test_single_message(void)
{
	/* an .eml: one message, not split at its own "From " lines and
	 * not unquoted */
	static const char eml[] =
		"Return-Path: <a@example.com>\n"
		"Subject: one\n"
		"\n"
		"text\n"
		"\n"
		"From the start of a line\n"
		">From quoted\n";
	static const th_msg want[] = { TH_MSG(eml) };
	char *path = WRITE("one.eml", eml);

	th_check(path, LD_SOURCE_AUTO, LD_MBOX_AUTO, want, 1);
	th_check(path, LD_SOURCE_MBOX, LD_MBOX_RD, want, 1);
	g_free(path);
}

static void test_not_mbox(void)
{
	char *text = WRITE("readme.txt", "This is not mail.\n\nFrom me\n");
	char *nul = WRITE("nul.bin", "\0\0\0\0From x\n");
	char *spaced = WRITE("spaced.mbox", "  From x\nSubject: y\n\nz\n");
	char *dir = th_path("a-directory");
	char *msg;

	msg = th_open_fails(text, LD_SOURCE_AUTO, LD_MBOX_AUTO, LD_EINVALID);
	g_assert_nonnull(strstr(msg, text));
	g_assert_nonnull(strstr(msg, "not an mbox"));
	g_free(msg);
	g_free(th_open_fails(nul, LD_SOURCE_AUTO, LD_MBOX_AUTO, LD_EINVALID));
	g_free(th_open_fails(spaced, LD_SOURCE_AUTO, LD_MBOX_AUTO,
			     LD_EINVALID));
	/* a directory forced to be an mbox */
	g_assert_cmpint(g_mkdir_with_parents(dir, 0700), ==, 0);
	msg = th_open_fails(dir, LD_SOURCE_MBOX, LD_MBOX_AUTO, LD_ERROR);
	g_assert_nonnull(strstr(msg, dir));
	g_free(msg);
	g_free(th_open_fails("/nonexistent/x.mbox", LD_SOURCE_MBOX,
			     LD_MBOX_AUTO, LD_ENOTFOUND));
	g_free(text);
	g_free(nul);
	g_free(spaced);
	g_free(dir);
}

static void test_nul_bytes(void)
{
	static const char mbox[] =
		FROM
		"Subject: \0nul\n"
		"\n"
		"a\0b\n"
		">From \0\n"
		"\0\n"
		"\n"
		FROM
		"\0\0\0"
		"\n";
	static const th_msg want[] = {
		TH_MSG("Subject: \0nul\n\na\0b\nFrom \0\n\0\n"),
		TH_MSG("\0\0\0\n"),
	};
	char *path = WRITE("nul.mbox", mbox);

	th_check(path, LD_SOURCE_AUTO, LD_MBOX_AUTO, want, 2);
	g_free(path);
}

/* A 50 MB message with quoted From lines every other line, then a small
 * one; and 100,000 "From " lines without blank lines, one message. */
static void test_large(void)
{
	GString *mbox = g_string_new(FROM "Subject: big\n\n");
	GString *big = g_string_new("Subject: big\n\n");
	GString *many = g_string_new(NULL);
	th_msg want[2];
	char *path, *many_path;
	gint64 start;
	size_t i;

	while (big->len < 50u * 1024 * 1024) {
		g_string_append(mbox, "0123456789 abcdefghijklmnopqrstuvwxyz "
			"0123456789 abcdefghijklmnopqrstuvwxyz\n>>From x\n");
		g_string_append(big, "0123456789 abcdefghijklmnopqrstuvwxyz "
			"0123456789 abcdefghijklmnopqrstuvwxyz\n>From x\n");
	}
	g_string_append(mbox, "\n" FROM "Subject: small\n\nsmall\n\n");
	want[0].data = big->str;
	want[0].len = big->len;
	want[1].data = "Subject: small\n\nsmall\n";
	want[1].len = strlen(want[1].data);
	path = write_file("large.mbox", mbox->str, mbox->len);
	start = g_get_monotonic_time();
	th_check(path, LD_SOURCE_AUTO, LD_MBOX_AUTO, want, 2);
	g_test_message("50 MB message: %.2f s",
		       (double)(g_get_monotonic_time() - start) / 1e6);

	g_string_append(many, FROM);
	for (i = 0; i < 100000; i++)
		g_string_append(many, "From x\nContent-Length: 1\n");
	many_path = write_file("many.mbox", many->str, many->len);
	want[0].data = many->str + strlen(FROM);
	want[0].len = many->len - strlen(FROM);
	start = g_get_monotonic_time();
	th_check(many_path, LD_SOURCE_AUTO, LD_MBOX_AUTO, want, 1);
	th_check(many_path, LD_SOURCE_MBOX, LD_MBOX_CL, want, 1);
	/* linear: well under a second even with sanitizers */
	g_assert_cmpint(g_get_monotonic_time() - start, <,
			20 * G_USEC_PER_SEC);

	g_string_free(mbox, TRUE);
	g_string_free(big, TRUE);
	g_string_free(many, TRUE);
	g_free(path);
	g_free(many_path);
}

/* Lines random messages are made of: every kind of "From " line. */
static const char *const vocab[] = {
	"", "", "From x", "From x", ">From x", ">>From x", ">>>From x",
	"From", ">From", " From x", "From: a@example.com", "x", "text \r",
	"\r", "Content-Length: 3", ">", "From  x", "\tFrom x", "F",
};

/* A random message: headers, a blank line, body lines; `plain`: no line
 * that mboxo would change (">From "). */
static char *random_message(bool plain, GString **body_out)
{
	GString *m = g_string_new(NULL), *body = g_string_new(NULL);
	int i, n = g_test_rand_int_range(0, 12);

	g_string_append_printf(m, "Subject: %d\n",
			       g_test_rand_int_range(0, 1000));
	if (g_test_rand_bit())
		g_string_append(m, "X-Header: From x\n");
	for (i = 0; i < n; i++) {
		const char *line;

		do
			line = vocab[g_test_rand_int_range(
				0, G_N_ELEMENTS(vocab))];
		while (plain && g_str_has_prefix(line, ">From "));
		g_string_append_printf(body, "%s\n", line);
	}
	*body_out = body;
	return g_string_free(m, FALSE);
}

/* Append `body` with each "From " line quoted as `format` writes it. */
static void append_quoted(GString *out, const char *body,
			  ld_mbox_format format)
{
	char **lines = g_strsplit(body, "\n", -1);
	size_t i, q;

	for (i = 0; lines[i]; i++) {
		if (!lines[i + 1] && !lines[i][0])
			break;
		for (q = 0; lines[i][q] == '>'; q++)
			;
		if (format != LD_MBOX_CL2 &&
		    g_str_has_prefix(lines[i] + q, "From ") &&
		    (q == 0 || format == LD_MBOX_RD))
			g_string_append_c(out, '>');
		g_string_append_printf(out, "%s\n", lines[i]);
	}
	g_strfreev(lines);
}

/* Write random messages in `format` as mbox(5) says, read them back (also
 * with detection, and gzipped): the same messages, byte for byte. */
static void roundtrip_one(ld_mbox_format format)
{
	bool cl = format == LD_MBOX_CL || format == LD_MBOX_CL2;
	GString *mbox = g_string_new(NULL);
	GPtrArray *keep = g_ptr_array_new_with_free_func(g_free);
	size_t i, n = (size_t)g_test_rand_int_range(1, 6), gz_len;
	th_msg *want = g_new0(th_msg, n);
	char *path, *gz, *gz_path;

	for (i = 0; i < n; i++) {
		GString *body, *stored = g_string_new(NULL);
		char *head = random_message(format != LD_MBOX_RD, &body);
		char *len_line = NULL, *msg;

		append_quoted(stored, body->str, format);
		if (cl)
			len_line = g_strdup_printf("Content-Length: %zu\n",
						   stored->len);
		g_string_append_printf(mbox, "From a@b %zu\n%s%s\n%s\n", i,
				       head, cl ? len_line : "", stored->str);
		msg = g_strconcat(head, cl ? len_line : "", "\n", body->str,
				  NULL);
		want[i].data = msg;
		want[i].len = strlen(msg);
		g_ptr_array_add(keep, msg);
		g_free(len_line);
		g_free(head);
		g_string_free(body, TRUE);
		g_string_free(stored, TRUE);
	}
	path = write_file("roundtrip.mbox", mbox->str, mbox->len);
	th_check(path, LD_SOURCE_MBOX, format, want, n);
	if (format == LD_MBOX_RD || format == LD_MBOX_CL2)
		th_check(path, LD_SOURCE_AUTO, LD_MBOX_AUTO, want, n);
	gz = th_gzip(mbox->str, mbox->len, &gz_len);
	gz_path = write_file("roundtrip.mbox.gz", gz, gz_len);
	th_check(gz_path, LD_SOURCE_MBOX, format, want, n);
	g_free(gz);
	g_free(gz_path);
	g_free(path);
	g_free(want);
	g_ptr_array_free(keep, TRUE);
	g_string_free(mbox, TRUE);
}

static void test_roundtrip(void)
{
	static const ld_mbox_format formats[] = {
		LD_MBOX_RD, LD_MBOX_O, LD_MBOX_CL, LD_MBOX_CL2
	};
	int round;
	size_t f;

	for (round = 0; round < 50; round++)
		for (f = 0; f < G_N_ELEMENTS(formats); f++)
			roundtrip_one(formats[f]);
}

static void test_threads(void)
{
	GString *mbox = g_string_new(NULL);
	GPtrArray *want = g_ptr_array_new_with_free_func(
		(GDestroyNotify)g_bytes_unref);
	char *path;
	size_t i;

	for (i = 0; i < 20000; i++) {
		char *m = g_strdup_printf("Subject: %zu\n\nbody %zu\n", i, i);

		g_string_append_printf(mbox, FROM "%s\n", m);
		g_ptr_array_add(want, g_bytes_new_take(m, strlen(m)));
	}
	path = write_file("threads.mbox", mbox->str, mbox->len);
	th_check_threads(path, want);
	g_ptr_array_free(want, TRUE);
	g_string_free(mbox, TRUE);
	g_free(path);
}

int main(int argc, char **argv)
{
	int rc;

	g_test_init(&argc, &argv, NULL);
	ld_source_init();
	g_test_add_func("/source/mbox/rd/split-unquote",
			test_rd_split_unquote);
	g_test_add_func("/source/mbox/o/unquote", test_o_unquote);
	g_test_add_func("/source/mbox/cl2/no-quoting", test_cl2_no_quoting);
	g_test_add_func("/source/mbox/cl2/content-length",
			test_cl2_content_length);
	g_test_add_func("/source/mbox/cl2/read-as-rd", test_cl2_as_rd);
	g_test_add_func("/source/mbox/cl/quoted", test_cl_quoted);
	g_test_add_func("/source/mbox/cl/bad-lengths", test_cl_bad_lengths);
	g_test_add_func("/source/mbox/cl/edges", test_cl_edges);
	g_test_add_func("/source/mbox/auto/mixed", test_auto_mixed);
	g_test_add_func("/source/mbox/crlf", test_crlf);
	g_test_add_func("/source/mbox/trailing-newlines",
			test_trailing_newlines);
	g_test_add_func("/source/mbox/blob-id", test_blob_id);
	g_test_add_func("/source/mbox/duplicates-and-stop",
			test_duplicates_and_stop);
	g_test_add_func("/source/mbox/gzip", test_gzip);
	g_test_add_func("/source/mbox/gzip-empty", test_gzip_empty);
	g_test_add_func("/source/mbox/stdin", test_stdin);
	g_test_add_func("/source/mbox/hostile/empty-and-blank",
			test_empty_and_blank);
	g_test_add_func("/source/mbox/hostile/single-message",
			test_single_message);
	g_test_add_func("/source/mbox/hostile/not-mbox", test_not_mbox);
	g_test_add_func("/source/mbox/hostile/nul-bytes", test_nul_bytes);
	g_test_add_func("/source/mbox/hostile/large", test_large);
	g_test_add_func("/source/mbox/threads", test_threads);
	g_test_add_func("/source/mbox/roundtrip", test_roundtrip);
	rc = g_test_run();
	th_cleanup();
	ld_source_shutdown();
	return rc;
}
