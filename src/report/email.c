/* report/email.c - the digest as one RFC 5322 message (--format email)
 *
 * A message ready for `sendmail -oi -t` or `git send-email`: From, To and
 * Cc as given, the text report's first line as Subject, Date, a fresh
 * Message-ID, MIME-Version, and the text report (without colours) as a
 * text/plain UTF-8 body; with --html-alternative, a multipart/alternative
 * of that text and the HTML page.  GMime builds and writes the message,
 * so folding, RFC 2047 encoding of headers and transfer encodings are the
 * library's job; this file decides what goes in and refuses what could
 * forge a header (line breaks in addresses, controls in the subject).
 *
 * GMime is initialised once by main() (ld_parse_init()); nothing here is
 * global.
 *
 * Owns, per call: the rendered text and HTML, the parsed address lists,
 * the GMimeMessage with its parts and streams, and the format options,
 * all dropped before returning.
 */
#include "report/report.h"

#include <gmime/gmime.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"

typedef int (*renderer)(FILE *out, const ld_digest *digest,
			const ld_report_options *opts);

/* Whether `s` holds a C0 control but tab, or DEL: a CR or LF in a header
 * value would end the header and start one of the sender's choosing. */
static bool has_control(const char *s)
{
	for (; *s; s++)
		if (((unsigned char)*s < 0x20 && *s != '\t') || *s == 0x7f)
			return true;
	return false;
}

/* user@domain, both parts non-empty.  GMime's parser is lenient: it takes
 * a bare word ("garbage") for a local address without a domain. */
static bool valid_mailbox(InternetAddressMailbox *mb)
{
	const char *addr = internet_address_mailbox_get_addr(mb);
	const char *at = addr ? strrchr(addr, '@') : NULL;

	return at && at > addr && at[1];
}

/* Every address in `list` a valid mailbox, or a group (allowed when
 * `groups`) of valid mailboxes: "undisclosed-recipients:;" is a To. */
static bool valid_list(InternetAddressList *list, bool groups)
{
	int i, n = internet_address_list_length(list);

	for (i = 0; i < n; i++) {
		InternetAddress *a = internet_address_list_get_address(list,
								       i);

		if (INTERNET_ADDRESS_IS_MAILBOX(a)) {
			if (!valid_mailbox((InternetAddressMailbox *)a))
				return false;
		} else if (!groups || !INTERNET_ADDRESS_IS_GROUP(a) ||
			   !valid_list(internet_address_group_get_members(
				   (InternetAddressGroup *)a), false)) {
			return false;
		}
	}
	return true;
}

/* Parse the `what` header's `value` (`single`: exactly one mailbox, for
 * From).  Sets *out (NULL for a NULL value; g_object_unref) and returns
 * LD_OK, or LD_EINVALID with a one-line message. */
static int parse_addresses(InternetAddressList **out, const char *what,
			   const char *value, bool single)
{
	GMimeParserOptions *po;
	InternetAddressList *list;
	bool ok;

	*out = NULL;
	if (!value)
		return LD_OK;
	if (has_control(value)) {
		/* The value is not printed: it would be two lines. */
		ld_error_set("--%s (or %s = in the inbox's config) holds a "
			     "line break or control character", what, what);
		return LD_EINVALID;
	}
	po = g_mime_parser_options_new();
	g_mime_parser_options_set_address_compliance_mode(po,
		GMIME_RFC_COMPLIANCE_STRICT);
	list = internet_address_list_parse(po, value);
	g_mime_parser_options_free(po);
	ok = list && internet_address_list_length(list) > 0 &&
	     valid_list(list, !single) &&
	     (!single || internet_address_list_length(list) == 1);
	if (!ok) {
		ld_error_set("--%s (or %s = in the inbox's config): '%s' is "
			     "not %s", what, what, value, single ?
			     "one address (Name <user@domain>)" :
			     "a list of addresses (Name <user@domain>, ...)");
		if (list)
			g_object_unref(list);
		return LD_EINVALID;
	}
	*out = list;
	return LD_OK;
}

/* The From, To and Cc of `opts`, parsed; LD_EINVALID when one is unusable
 * or From is missing. */
static int parse_all(InternetAddressList *lists[3],
		     const ld_report_options *opts)
{
	int error;

	lists[0] = lists[1] = lists[2] = NULL;
	if (!opts->from || !*opts->from) {
		ld_error_set("--format email needs --from (or from = in the "
			     "inbox's config)");
		return LD_EINVALID;
	}
	if ((error = parse_addresses(&lists[0], "from", opts->from,
				     true)) < 0 ||
	    (error = parse_addresses(&lists[1], "to", opts->to, false)) < 0 ||
	    (error = parse_addresses(&lists[2], "cc", opts->cc, false)) < 0)
		return error;
	return LD_OK;
}

static void free_all(InternetAddressList *lists[3])
{
	int i;

	for (i = 0; i < 3; i++)
		if (lists[i])
			g_object_unref(lists[i]);
}

int ld_report_email_check(const ld_report_options *opts)
{
	InternetAddressList *lists[3];
	int error = parse_all(lists, opts);

	free_all(lists);
	return error;
}

/* Run `render` into memory: *buf (free(), not g_free: open_memstream's)
 * of *len bytes. */
static int render_to_memory(char **buf, size_t *len, renderer render,
			    const ld_digest *d, const ld_report_options *opts)
{
	char *data = NULL;
	size_t size = 0;
	FILE *mem = open_memstream(&data, &size);
	int error;

	if (!mem) {
		ld_error_set("cannot render the email: out of memory");
		return LD_ERROR;
	}
	error = render(mem, d, opts);
	if (fclose(mem) != 0 && error == LD_OK) {
		ld_error_set("cannot render the email: out of memory");
		error = LD_ERROR;
	}
	if (error < 0) {
		free(data);
		return error;
	}
	*buf = data;
	*len = size;
	return LD_OK;
}

/*
 * The Subject: the text report's first line, the list name as that report
 * writes it (controls made visible, ld_report_safe_append()) and the
 * range's words.  The model already turned the name's line breaks into
 * spaces; GMime folds and RFC 2047-encodes the value.
 */
static char *make_subject(const ld_digest *d)
{
	GString *subject = g_string_new(NULL);
	char *words = ld_report_title_words(d);

	ld_report_safe_append(subject, d->list ? d->list : "");
	g_string_append_printf(subject, " %s", words);
	g_free(words);
	return g_string_free(subject, FALSE);
}

/* A text/SUBTYPE; charset=utf-8 part of `len` bytes of `data`. */
static GMimeObject *text_part(const char *subtype, const char *data,
			      size_t len)
{
	GMimeTextPart *part = g_mime_text_part_new_with_subtype(subtype);
	GMimeStream *stream = g_mime_stream_mem_new_with_buffer(data, len);
	GMimeDataWrapper *content = g_mime_data_wrapper_new_with_stream(
		stream, GMIME_CONTENT_ENCODING_DEFAULT);
	GMimeContentEncoding enc;

	/* Not g_mime_text_part_set_text(): it would declare ASCII text
	 * us-ascii and recode Latin-1-only text to iso-8859-1. */
	g_mime_part_set_content((GMimePart *)part, content);
	g_mime_text_part_set_charset(part, "utf-8");
	/* 8bit keeps the body readable as it is.  But SMTP (RFC 5321
	 * 4.5.3.1.6) and RFC 5322 (2.1.1) allow at most 998 octets on a line
	 * before its CRLF, and servers break or refuse longer ones; a longer
	 * line (a build log, a long URL in a commit message) makes GMime
	 * choose quoted-printable, whose soft line breaks decode back to the
	 * same text.  A NUL would make it base64.  GMime does not look for
	 * CRs, which mail software takes for line ends; the text report has
	 * none (ld_report_safe_append()), but should a renderer write one,
	 * quoted-printable keeps it as =0D. */
	enc = g_mime_part_get_best_content_encoding((GMimePart *)part,
		GMIME_ENCODING_CONSTRAINT_8BIT);
	if (enc == GMIME_CONTENT_ENCODING_DEFAULT ||
	    enc == GMIME_CONTENT_ENCODING_7BIT)
		enc = memchr(data, '\r', len) ?
		      GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE :
		      GMIME_CONTENT_ENCODING_8BIT;
	g_mime_part_set_content_encoding((GMimePart *)part, enc);
	g_object_unref(content);
	g_object_unref(stream);
	return (GMimeObject *)part;
}

/* The body: the text report, and the HTML page as an alternative. */
static int make_body(GMimeObject **out, const char *text, size_t text_len,
		     const ld_digest *d, const ld_report_options *opts)
{
	GMimeMultipart *alt;
	GMimeObject *part;
	char *html;
	size_t html_len;
	int error;

	*out = text_part("plain", text, text_len);
	if (!opts->html_alternative)
		return LD_OK;
	if ((error = render_to_memory(&html, &html_len, ld_report_html, d,
				      opts)) < 0) {
		g_object_unref(*out);
		*out = NULL;
		return error;
	}
	/* RFC 2046 5.1.4: the richest alternative last. */
	alt = g_mime_multipart_new_with_subtype("alternative");
	g_mime_multipart_add(alt, *out);
	g_object_unref(*out);
	part = text_part("html", html, html_len);
	g_mime_multipart_add(alt, part);
	g_object_unref(part);
	free(html);
	*out = (GMimeObject *)alt;
	return LD_OK;
}

/* Date: `now` (seconds since the epoch; 0: the current time), local. */
static int set_date(GMimeMessage *msg, int64_t now)
{
	GDateTime *dt = now ? g_date_time_new_from_unix_local(now) :
			g_date_time_new_now_local();

	if (!dt) {
		ld_error_set("cannot write the date %" G_GINT64_FORMAT, now);
		return LD_EINVALID;
	}
	g_mime_message_set_date(msg, dt);
	g_date_time_unref(dt);
	return LD_OK;
}

/* A fresh Message-ID in the From address's domain (its ASCII form:
 * a message id must be ASCII). */
static void set_message_id(GMimeMessage *msg, InternetAddressList *from)
{
	InternetAddressMailbox *mb = (InternetAddressMailbox *)
		internet_address_list_get_address(from, 0);
	const char *addr = internet_address_mailbox_get_idn_addr(mb);
	char *id;

	if (!addr)
		addr = internet_address_mailbox_get_addr(mb);
	/* valid_mailbox() made sure of the '@' and a domain after it */
	id = g_mime_utils_generate_message_id(strrchr(addr, '@') + 1);
	g_mime_message_set_message_id(msg, id);
	g_free(id);
}

static void add_addresses(InternetAddressList *dest, InternetAddressList *l)
{
	if (l)
		internet_address_list_append(dest, l);
}

/* Write `msg` to `out` with LF line endings: the message goes to a local
 * program (sendmail -t, git send-email, a file), which expects the local
 * convention and adds CRLF itself for SMTP; CRLF here would reach
 * mailboxes as stray CRs. */
static int write_message(FILE *out, GMimeMessage *msg)
{
	GMimeFormatOptions *fmt = g_mime_format_options_new();
	GMimeStream *mem = g_mime_stream_mem_new();
	GByteArray *bytes;
	int error = LD_OK;

	g_mime_format_options_set_newline_format(fmt,
		GMIME_NEWLINE_FORMAT_UNIX);
	if (g_mime_object_write_to_stream((GMimeObject *)msg, fmt, mem) < 0) {
		ld_error_set("cannot build the email");
		error = LD_ERROR;
	} else {
		bytes = g_mime_stream_mem_get_byte_array((GMimeStreamMem *)mem);
		if (fwrite(bytes->data, 1, bytes->len, out) != bytes->len ||
		    fflush(out) != 0 || ferror(out)) {
			ld_error_set("cannot write the report");
			error = LD_ERROR;
		}
	}
	g_object_unref(mem);
	g_mime_format_options_free(fmt);
	return error;
}

/* Fill `msg`'s headers and body. */
static int build(GMimeMessage *msg, InternetAddressList *lists[3],
		 const ld_digest *d, const ld_report_options *opts)
{
	ld_report_options plain = *opts;
	GMimeObject *body;
	char *text, *subject;
	size_t text_len;
	int error;

	add_addresses(g_mime_message_get_from(msg), lists[0]);
	add_addresses(g_mime_message_get_to(msg), lists[1]);
	add_addresses(g_mime_message_get_cc(msg), lists[2]);
	plain.color = false;
	if ((error = render_to_memory(&text, &text_len, ld_report_text, d,
				      &plain)) < 0)
		return error;
	subject = make_subject(d);
	g_mime_message_set_subject(msg, subject, "utf-8");
	g_free(subject);
	if ((error = set_date(msg, opts->now)) == LD_OK) {
		set_message_id(msg, lists[0]);
		g_mime_object_set_header((GMimeObject *)msg, "MIME-Version",
					 "1.0", NULL);
		error = make_body(&body, text, text_len, d, opts);
	}
	free(text);
	if (error < 0)
		return error;
	g_mime_message_set_mime_part(msg, body);
	g_object_unref(body);
	return LD_OK;
}

int ld_report_email(FILE *out, const ld_digest *d,
		    const ld_report_options *opts)
{
	InternetAddressList *lists[3];
	GMimeMessage *msg;
	int error;

	if ((error = parse_all(lists, opts)) < 0) {
		free_all(lists);
		return error;
	}
	/* No "pretty headers" (slots GMime fills in its own order): the
	 * headers come in the order build() sets them. */
	msg = g_mime_message_new(FALSE);
	error = build(msg, lists, d, opts);
	if (error == LD_OK)
		error = write_message(out, msg);
	g_object_unref(msg);
	free_all(lists);
	return error;
}
