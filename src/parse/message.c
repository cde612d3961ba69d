/* parse/message.c - one raw message to an ld_mail, through GMime
 *
 * GMime does the MIME work: header unfolding and RFC 2047, addresses,
 * dates, message ids, transfer encodings and charset conversion.  This file
 * walks the MIME tree for the text a human wrote (text/plain, and patches
 * attached as text/x-patch, text/x-diff or "*.patch" files), makes every
 * string valid UTF-8 without control characters, and hands the text to
 * the in-body, commit message, scan (trailers, links, request-pull) and
 * kind code.  The body text is built once per message and never leaves
 * the stage.
 *
 * Charsets lie.  Declared us-ascii or iso-8859-1 text is often UTF-8, and
 * unknown or wrong charsets are common, so text is taken as UTF-8 when it
 * is valid UTF-8 and the declared charset is one of those, and any failed
 * conversion falls back to UTF-8 when valid, else to Latin-1.
 *
 * Most messages skip GMime's parser (see read_message()): their header
 * fields go straight to the GMime decoders GMimeMessage would run, and
 * their one text part to GMime's transfer decoder.
 *
 * Thread-safe once ld_parse_init() has run: the parser options are
 * created there and only read afterwards; each call has its own GMime
 * objects.
 *
 * Owns: one GMimeParserOptions (until ld_parse_shutdown()), and per call
 * GMime's objects (a parser, its stream and message, or the decoded
 * addresses and content type), all dropped before returning.  Hands out:
 * ld_mail, owned by the caller (ld_mail_free()).
 */
#include "parse/parse.h"
#include "parse/parse_private.h"
#include "util/error.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

/* MIME nesting deeper than this is not a human's text. */
#define MAX_DEPTH 64
#define MAX_DATE INT64_C(253402300799) /* 9999-12-31T23:59:59Z */
/* A kept header field longer than this is cut: GMime holds a header in
 * several copies, so a 30 MB Subject would cost a gigabyte. */
#define MAX_FIELD (2 << 20)
#define MAX_HEADERS (8 << 20) /* all kept fields together */

/* UTF-8 of U+FFFD REPLACEMENT CHARACTER */
#define REPLACEMENT "\xef\xbf\xbd"

static GMimeParserOptions *parser_options;

static const char *const fallback_charsets[] = {
	"utf-8", "iso-8859-1", NULL
};

void ld_parse_init(void)
{
	g_mime_init();
	parser_options = g_mime_parser_options_new();
	/* 8-bit header bytes: UTF-8 when valid, else Latin-1 */
	g_mime_parser_options_set_fallback_charsets(parser_options,
		(const char **)fallback_charsets);
}

void ld_parse_shutdown(void)
{
	if (parser_options) {
		g_mime_parser_options_free(parser_options);
		parser_options = NULL;
	}
	g_mime_shutdown();
}

GMimeParserOptions *ld_parse__options(void)
{
	return parser_options;
}

/*
 * Eight bytes at a time: most mail is ASCII text, and asking "is there
 * anything to look at in these eight bytes" costs a fraction of looking
 * at each.  The tests are the classic "has a zero byte" and "has a byte
 * less than n" bit tricks, exact for bytes below 0x80.
 */
#define WORD_ONES UINT64_C(0x0101010101010101)
#define WORD_HIGHS UINT64_C(0x8080808080808080)

static uint64_t load_word(const void *p)
{
	uint64_t word;

	memcpy(&word, p, sizeof(word));
	return word;
}

/* Whether none of the eight bytes of `word` needs a look when cleaning
 * text: all ASCII, none below 0x20 (LF and tab are, but they come once a
 * line and are then looked at byte by byte) and none 0x7f. */
static bool word_is_plain(uint64_t word)
{
	uint64_t del = word ^ (WORD_ONES * 0x7f);

	if (word & WORD_HIGHS)
		return false;
	if ((word - WORD_ONES * 0x20) & ~word & WORD_HIGHS)
		return false;
	return !((del - WORD_ONES) & ~del & WORD_HIGHS);
}

/* Append `len` bytes of `text` (valid UTF-8, possibly holding NULs) to
 * `out` with CRLF and lone CR turned into LF, and control characters other
 * than tab and LF replaced with U+FFFD. */
static void append_clean_text(GString *out, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i, run = 0;

	for (i = 0; i < len; i++) {
		unsigned char c;

		while (len - i >= 8 && word_is_plain(load_word(s + i)))
			i += 8;
		if (i == len)
			break;
		c = s[i];

		if ((c >= 0x20 && c != 0x7f && c != 0xc2) || c == '\n' ||
		    c == '\t')
			continue;
		/* C1 controls are U+0080..U+009F, encoded C2 80..C2 9F */
		if (c == 0xc2 && (i + 1 == len || s[i + 1] < 0x80 ||
				  s[i + 1] > 0x9f))
			continue;
		g_string_append_len(out, text + run, (gssize)(i - run));
		if (c == '\r') {
			if (i + 1 == len || s[i + 1] != '\n')
				g_string_append_c(out, '\n');
		} else {
			g_string_append(out, REPLACEMENT);
			if (c == 0xc2)
				i++;
		}
		run = i + 1;
	}
	g_string_append_len(out, text + run, (gssize)(len - run));
}

char *ld_parse__clean_header(const char *text)
{
	GString *out;
	char *valid = NULL;
	const unsigned char *s;
	bool space = false;
	size_t i, len;

	if (!text)
		return g_strdup("");
	len = strlen(text);
	if (!g_utf8_validate(text, (gssize)len, NULL)) {
		valid = g_utf8_make_valid(text, (gssize)len);
		text = valid;
		len = strlen(text);
	}
	s = (const unsigned char *)text;
	out = g_string_sized_new(len);
	for (i = 0; i < len; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
		    s[i] == '\n') {
			space = out->len > 0;
			continue;
		}
		if (space)
			g_string_append_c(out, ' ');
		space = false;
		if (s[i] < 0x20 || s[i] == 0x7f) {
			g_string_append(out, REPLACEMENT);
		} else if (s[i] == 0xc2 && i + 1 < len && s[i + 1] >= 0x80 &&
			   s[i + 1] <= 0x9f) {
			g_string_append(out, REPLACEMENT);
			i++;
		} else {
			g_string_append_c(out, (char)s[i]);
		}
	}
	g_free(valid);
	return g_string_free(out, FALSE);
}

/* The first byte at or after `s` that is not ASCII, or `end`: UTF-8
 * validation is needed only from there on. */
static const char *skip_ascii(const char *s, const char *end)
{
	while (end - s >= 8 && !(load_word(s) & WORD_HIGHS))
		s += 8;
	while (s < end && !(*s & 0x80))
		s++;
	return s;
}

/* Whether `len` bytes at `s` are valid UTF-8, NUL bytes allowed (they are
 * replaced later; g_utf8_validate() would reject them). */
static bool is_utf8(const char *s, size_t len)
{
	const char *end = s + len, *stop;

	s = skip_ascii(s, end);
	while (s < end) {
		if (g_utf8_validate_len(s, (gsize)(end - s), &stop))
			return true;
		if (*stop != '\0')
			return false;
		s = stop + 1;
	}
	return true;
}

static bool has_8bit(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if ((unsigned char)s[i] & 0x80)
			return true;
	}
	return false;
}

/* Whether `charset` (a canonical name) names a subset of UTF-8. */
static bool is_utf8_charset(const char *charset)
{
	return g_ascii_strcasecmp(charset, "utf-8") == 0 ||
	       g_ascii_strcasecmp(charset, "us-ascii") == 0 ||
	       g_ascii_strcasecmp(charset, "ascii") == 0 ||
	       g_ascii_strcasecmp(charset, "ANSI_X3.4-1968") == 0;
}

/* Whether text declared in `charset` that is valid UTF-8 is taken as
 * UTF-8: Western single-byte text is practically never valid UTF-8, while
 * UTF-8 mislabelled as Latin-1 is common. */
static bool is_often_mislabelled(const char *charset)
{
	static const char *const names[] = {
		"iso-8859-1", "latin1", "iso-8859-15", "windows-cp1252",
		"cp1252", "windows-1252", NULL
	};
	int i;

	for (i = 0; names[i]; i++) {
		if (g_ascii_strcasecmp(charset, names[i]) == 0)
			return true;
	}
	return false;
}

/* Whether ASCII text in `charset` may still need converting (7-bit
 * stateful encodings and UTF-16/32). */
static bool is_ascii_incompatible(const char *charset)
{
	return g_ascii_strncasecmp(charset, "iso-2022", 8) == 0 ||
	       g_ascii_strncasecmp(charset, "utf-7", 5) == 0 ||
	       g_ascii_strncasecmp(charset, "utf-16", 6) == 0 ||
	       g_ascii_strncasecmp(charset, "utf-32", 6) == 0 ||
	       g_ascii_strncasecmp(charset, "ucs", 3) == 0 ||
	       g_ascii_strncasecmp(charset, "hz", 2) == 0;
}

/* Convert `len` bytes at `s` from `charset` to UTF-8 and append them to
 * `out` cleaned.  Returns false, appending nothing, when the charset is
 * unknown or the bytes are not valid in it. */
static bool append_converted(GString *out, const char *s, size_t len,
			     const char *charset)
{
	iconv_t cd;
	char *buf, *inbuf = (char *)s, *outbuf;
	size_t inleft = len, outleft, size = len * 2 + 16, done;
	bool ok = true;

	cd = g_mime_iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1)
		return false;
	buf = g_malloc(size);
	outbuf = buf;
	outleft = size;
	while (inleft > 0) {
		if (iconv(cd, &inbuf, &inleft, &outbuf, &outleft) !=
		    (size_t)-1)
			break;
		if (errno != E2BIG) {
			/* EILSEQ, or EINVAL for a truncated sequence */
			ok = false;
			break;
		}
		done = (size_t)(outbuf - buf);
		size = size * 2 + inleft;
		buf = g_realloc(buf, size);
		outbuf = buf + done;
		outleft = size - done;
	}
	/* The result of a stateful decoder needs no flush to UTF-8, but
	 * reset it for the next user of the cached descriptor. */
	iconv(cd, NULL, NULL, NULL, NULL);
	g_mime_iconv_close(cd);
	if (ok && is_utf8(buf, (size_t)(outbuf - buf)))
		append_clean_text(out, buf, (size_t)(outbuf - buf));
	else
		ok = false;
	g_free(buf);
	return ok;
}

/* Append decoded part text, `len` bytes at `s` declared as `charset`
 * (may be NULL), to `out` as clean UTF-8. */
static void append_text(GString *out, const char *s, size_t len,
			const char *charset)
{
	const char *canon = NULL;
	bool utf8 = is_utf8(s, len), convert = false;
	char *valid;

	if (charset)
		canon = g_mime_charset_canon_name(charset);

	if (canon && !is_utf8_charset(canon)) {
		if (has_8bit(s, len))
			convert = !(utf8 && is_often_mislabelled(canon));
		else
			convert = is_ascii_incompatible(canon);
	}
	if (convert && append_converted(out, s, len, canon))
		return;
	if (utf8) {
		append_clean_text(out, s, len);
		return;
	}
	if (append_converted(out, s, len, "iso-8859-1"))
		return;
	/* Latin-1 cannot fail; this is a safety net. */
	valid = g_utf8_make_valid(s, (gssize)len);
	append_clean_text(out, valid, strlen(valid));
	g_free(valid);
}

/* Whether a leaf part of content type `ct` (NULL: none given, which GMime
 * takes as text/plain) and file name `name` (may be NULL) carries text we
 * show: text/plain (attachments too) and patches, sent as text/x-patch,
 * text/x-diff, or with any type under a "*.patch" or "*.diff" file name. */
static bool is_wanted_type(GMimeContentType *ct, const char *name)
{
	if (!ct || g_mime_content_type_is_type(ct, "text", "plain") ||
	    g_mime_content_type_is_type(ct, "text", "x-patch") ||
	    g_mime_content_type_is_type(ct, "text", "x-diff"))
		return true;
	if (g_mime_content_type_is_type(ct, "text", "html"))
		return false;
	return name && (g_str_has_suffix(name, ".patch") ||
			g_str_has_suffix(name, ".diff"));
}

static bool is_wanted_text(GMimePart *part)
{
	return is_wanted_type(g_mime_object_get_content_type(
				      GMIME_OBJECT(part)),
			      g_mime_part_get_filename(part));
}

/* Append the transfer-decoded content of a leaf part in `charset` (may be
 * NULL), `len` bytes at `s`, to `out`; parts are joined by newlines. */
static void append_content(GString *out, const char *charset, const char *s,
			   size_t len)
{
	if (len == 0)
		return;
	if (out->len > 0 && out->str[out->len - 1] != '\n')
		g_string_append_c(out, '\n');
	append_text(out, s, len, charset);
}

/* Decode one leaf part (transfer encoding, then charset) onto `out`. */
static void append_part(GString *out, GMimePart *part)
{
	GMimeDataWrapper *content = g_mime_part_get_content(part);
	GMimeStream *mem;
	GByteArray *bytes;

	if (!content)
		return;
	mem = g_mime_stream_mem_new();
	if (g_mime_data_wrapper_write_to_stream(content, mem) >= 0 &&
	    (bytes = g_mime_stream_mem_get_byte_array(
		     GMIME_STREAM_MEM(mem))) != NULL)
		append_content(out, g_mime_object_get_content_type_parameter(
				       GMIME_OBJECT(part), "charset"),
			       (const char *)bytes->data, bytes->len);
	g_object_unref(mem);
}

/* Append the text of `obj` and its children to `out`, in order. */
static void collect_text(GString *out, GMimeObject *obj, int depth)
{
	GMimeMultipart *multi;
	GMimeObject *child, *pick;
	int i, n;

	if (!obj || depth > MAX_DEPTH)
		return;
	if (GMIME_IS_MULTIPART(obj)) {
		multi = GMIME_MULTIPART(obj);
		n = g_mime_multipart_get_count(multi);
		if (!g_mime_content_type_is_type(
			    g_mime_object_get_content_type(obj), "multipart",
			    "alternative")) {
			for (i = 0; i < n; i++)
				collect_text(out, g_mime_multipart_get_part(
						     multi, i), depth + 1);
			return;
		}
		/* alternative: the first text/plain, else the first
		 * multipart that may hold one; never HTML */
		pick = NULL;
		for (i = 0; i < n && !pick; i++) {
			child = g_mime_multipart_get_part(multi, i);
			if (GMIME_IS_PART(child) &&
			    is_wanted_text(GMIME_PART(child)))
				pick = child;
		}
		for (i = 0; i < n && !pick; i++) {
			child = g_mime_multipart_get_part(multi, i);
			if (GMIME_IS_MULTIPART(child))
				pick = child;
		}
		collect_text(out, pick, depth + 1);
	} else if (GMIME_IS_PART(obj) && is_wanted_text(GMIME_PART(obj))) {
		append_part(out, GMIME_PART(obj));
	}
	/* message/rfc822 and other containers hold someone else's mail */
}

/* The ids of a References or In-Reply-To value, space-separated; at most
 * `max` of them (0: all). */
static char *parse_ids(const char *value, int max)
{
	GMimeReferences *refs;
	GString *ids;
	char *id, *joined;
	int i, n;

	if (!value)
		return g_strdup("");
	refs = g_mime_references_parse(ld_parse__options(), value);
	n = refs ? g_mime_references_length(refs) : 0;
	if (max > 0 && n > max)
		n = max;
	ids = g_string_new(NULL);
	for (i = 0; i < n; i++) {
		id = ld_parse__clean_header(
			g_mime_references_get_message_id(refs, i));
		if (*id) {
			if (ids->len)
				g_string_append_c(ids, ' ');
			g_string_append(ids, id);
		}
		g_free(id);
	}
	if (refs)
		g_mime_references_free(refs);
	if (ids->len == 0 && strchr(value, '@') && !strchr(value, '<')) {
		/* a bare "id@host" without angle brackets */
		joined = ld_parse__clean_header(value);
		if (!strchr(joined, ' ')) {
			g_string_free(ids, TRUE);
			return joined;
		}
		g_free(joined);
	}
	return g_string_free(ids, FALSE);
}

/*
 * What we read of a message's top-level header, as GMime's message gives
 * it: the decoded value of the first field of each name we look up
 * (g_mime_object_get_header()), the last Subject, Date and Message-ID
 * (GMime's message keeps the last), and every From field's addresses.
 * Filled either from GMime's message (facts_from_message()) or straight
 * from the fields with GMime's own decoders (facts_from_fields()); each
 * member is owned, NULL when the field is missing.
 */
typedef struct head_facts {
	char *message_id;         /* first Message-ID */
	char *last_message_id;    /* g_mime_message_get_message_id() */
	char *in_reply_to;        /* first In-Reply-To */
	char *references;         /* first References */
	char *list_id;            /* first List-Id */
	char *from_text;          /* first From, for when no address parses */
	char *subject;            /* last Subject */
	GDateTime *date;          /* last Date, decoded */
	InternetAddressList *from; /* every From field's addresses */
} head_facts;

static void head_facts_clear(head_facts *hf)
{
	g_free(hf->message_id);
	g_free(hf->last_message_id);
	g_free(hf->in_reply_to);
	g_free(hf->references);
	g_free(hf->list_id);
	g_free(hf->from_text);
	g_free(hf->subject);
	if (hf->date)
		g_date_time_unref(hf->date);
	if (hf->from)
		g_object_unref(hf->from);
	memset(hf, 0, sizeof(*hf));
}

static void facts_from_message(head_facts *hf, GMimeMessage *msg)
{
	GMimeObject *obj = GMIME_OBJECT(msg);
	GDateTime *date = g_mime_message_get_date(msg);  /* borrowed */

	hf->message_id = g_strdup(g_mime_object_get_header(obj, "Message-ID"));
	hf->last_message_id = g_strdup(g_mime_message_get_message_id(msg));
	hf->in_reply_to = g_strdup(g_mime_object_get_header(obj,
							    "In-Reply-To"));
	hf->references = g_strdup(g_mime_object_get_header(obj,
							   "References"));
	hf->list_id = g_strdup(g_mime_object_get_header(obj, "List-Id"));
	hf->from_text = g_strdup(g_mime_object_get_header(obj, "From"));
	hf->subject = g_strdup(g_mime_message_get_subject(msg));
	hf->date = date ? g_date_time_ref(date) : NULL;
	hf->from = g_object_ref(g_mime_message_get_from(msg));
}

/* The id inside the angle brackets of a List-Id value, else the value. */
static char *parse_list_id(const char *raw)
{
	char *value = ld_parse__clean_header(raw);
	char *open = strrchr(value, '<'), *close, *id;

	if (!open || !(close = strchr(open, '>')))
		return value;
	id = g_strndup(open + 1, (gsize)(close - open - 1));
	g_free(value);
	return id;
}

static void parse_date(ld_mail *mail, GDateTime *date)
{
	gint64 t;

	if (!date)
		return;
	t = g_date_time_to_unix(date);
	/* Before 1970 is a broken clock or a broken header; past 9999 in
	 * UTC (9999-12-31 23:59 -2359 is) no calendar can print. */
	if (t <= 0 || t > MAX_DATE)
		return;
	mail->date = t;
	mail->tz_offset = (int)(g_date_time_get_utc_offset(date) /
				G_TIME_SPAN_MINUTE);
}

static void parse_sender(ld_person *out, const head_facts *hf)
{
	char *text;

	if (ld_parse__person_from_list(out, hf->from))
		return;
	/* GMime gives up on control characters and stray brackets; try
	 * again on the cleaned text, else keep the text as the name. */
	text = ld_parse__clean_header(hf->from_text);
	if (*text && ld_parse__person_from_text(out, text)) {
		g_free(text);
		return;
	}
	out->name = text;
	out->email = g_strdup("");
}

static void parse_headers(ld_mail *mail, const head_facts *hf)
{
	/*
	 * The first Message-ID header, not GMime's (the last one): when a
	 * Message-ID is reused for other content, public-inbox keeps the
	 * original header and appends a generated one after it.
	 */
	mail->message_id = parse_ids(hf->message_id, 1);
	if (!*mail->message_id) {
		g_free(mail->message_id);
		mail->message_id = ld_parse__clean_header(hf->last_message_id);
	}
	parse_date(mail, hf->date);
	parse_sender(&mail->sender, hf);
	mail->subject = ld_parse__clean_header(hf->subject);
	mail->in_reply_to = parse_ids(hf->in_reply_to, 1);
	mail->references = parse_ids(hf->references, 0);
	mail->list_id = parse_list_id(hf->list_id);
}

static void copy_person(ld_person *dst, const ld_person *src)
{
	dst->name = g_strdup(src->name);
	dst->email = g_strdup(src->email);
}

/* Whether GMime found any header: Content-* headers live in the
 * message's MIME part, the others in the message. */
static bool has_headers(GMimeMessage *msg)
{
	GMimeObject *part = g_mime_message_get_mime_part(msg);

	return g_mime_header_list_get_count(g_mime_object_get_header_list(
			GMIME_OBJECT(msg))) > 0 ||
	       (part && g_mime_header_list_get_count(
			g_mime_object_get_header_list(part)) > 0);
}

/* Empty the request-pull facts of a message that is no pull request. */
static void clear_pull(ld_pull *pull)
{
	g_free(pull->url);
	g_free(pull->ref);
	g_free(pull->base);
	pull->url = g_strdup("");
	pull->ref = g_strdup("");
	pull->base = g_strdup("");
	pull->authors = 0;
}

/* The top-level header fields we read; any Content-* field too. */
static bool wanted_field(const char *name, size_t len)
{
	static const char *const names[] = {
		"from", "subject", "date", "message-id", "in-reply-to",
		"references", "list-id", "mime-version",
	};
	size_t i;

	if (len > 8 && g_ascii_strncasecmp(name, "content-", 8) == 0)
		return true;
	for (i = 0; i < G_N_ELEMENTS(names); i++)
		if (strlen(names[i]) == len &&
		    g_ascii_strncasecmp(name, names[i], len) == 0)
			return true;
	return false;
}

/*
 * The message with only the top-level header fields we read.  Mail from
 * lore carries 40 to 80 header lines (Received, ARC, DKIM, X-...) of which
 * we use ten, and GMime builds an object for every one: building and
 * freeing them cost more than parsing the body.  Dropping whole fields by
 * name is not MIME parsing; GMime still parses everything we keep, and at
 * the first line that is not a well-formed field the rest is kept as is.
 */
static void append_field_bytes(GByteArray *out, const char *p, size_t len)
{
	static const guint8 replacement[] = { 0xEF, 0xBF, 0xBD }; /* U+FFFD */
	const char *nul;

	/* A NUL would end the value for GMime, which works on C strings;
	 * it becomes U+FFFD like every other control character. */
	while ((nul = memchr(p, '\0', len)) != NULL) {
		g_byte_array_append(out, (const guint8 *)p, (guint)(nul - p));
		g_byte_array_append(out, replacement, sizeof(replacement));
		len -= (size_t)(nul + 1 - p);
		p = nul + 1;
	}
	g_byte_array_append(out, (const guint8 *)p, (guint)len);
}

/* Append the line [p, eol) of a kept field that already holds `*used`
 * bytes, up to MAX_FIELD, always ending in a newline. */
static void append_field_line(GByteArray *out, const char *p,
			      const char *eol, size_t *used)
{
	size_t len = (size_t)(eol - p);

	if (*used >= MAX_FIELD)
		return;
	if (len > MAX_FIELD - *used)
		len = MAX_FIELD - *used;
	append_field_bytes(out, p, len);
	*used += len;
	if (len == 0 || p[len - 1] != '\n')
		g_byte_array_append(out, (const guint8 *)"\n", 1);
}

/* Whether the line at `p` is empty: the end of a header block. */
static bool is_blank_line(const char *p, const char *end)
{
	return p < end && (*p == '\n' ||
			   (*p == '\r' && p + 1 < end && p[1] == '\n'));
}

/* Only the kept fields go into the array returned; *rest is where the
 * rest of the message starts (the blank line, a line that is no field,
 * or the end), and *blank whether it is the blank line. */
static GByteArray *wanted_headers(const char *data, size_t len,
				  size_t *rest, bool *blank)
{
	GByteArray *out = g_byte_array_sized_new(
		(guint)MIN(len, (size_t)64 << 10));
	const char *p = data, *end = data + len, *eol, *colon, *first = NULL;
	size_t first_len = 0, used = 0;
	bool keep = false, kept = false;

	*blank = false;

	while (p < end) {
		eol = memchr(p, '\n', (size_t)(end - p));
		eol = eol ? eol + 1 : end;
		if (is_blank_line(p, end)) {    /* the blank line: body next */
			*blank = true;
			break;
		}
		if (*p == ' ' || *p == '\t') {
			if (keep)               /* a folded continuation */
				append_field_line(out, p, eol, &used);
			p = eol;
			continue;
		}
		colon = memchr(p, ':', (size_t)(eol - p));
		if (!colon || colon == p || memchr(p, ' ', (size_t)(colon - p))) {
			/* Not a field: the rest is kept as it is, unless it
			 * is the unfinished last line of a header block cut
			 * short (--max-message-size), which GMime would take
			 * for a broken message. */
			if (eol == end && end[-1] != '\n')
				p = end;
			break;
		}
		if (!first) {
			first = p;
			first_len = (size_t)(eol - p);
		}
		keep = wanted_field(p, (size_t)(colon - p)) &&
		       out->len < MAX_HEADERS;
		if (keep) {
			used = 0;
			append_field_line(out, p, eol, &used);
			kept = true;
		}
		p = eol;
	}
	/* A message must still look like one to GMime. */
	if (!kept && first)
		append_field_bytes(out, first, MIN(first_len, MAX_FIELD));
	*rest = (size_t)(p - data);
	return out;
}

/* Whether `enc` is a transfer encoding GMime's decoder takes in one step
 * over the raw body: identity, base64 or quoted-printable. */
static bool is_raw_encoding(GMimeContentEncoding enc)
{
	switch (enc) {
	case GMIME_CONTENT_ENCODING_DEFAULT:
	case GMIME_CONTENT_ENCODING_7BIT:
	case GMIME_CONTENT_ENCODING_8BIT:
	case GMIME_CONTENT_ENCODING_BINARY:
	case GMIME_CONTENT_ENCODING_BASE64:
	case GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE:
		return true;
	default:
		return false;
	}
}

/* One header field as GMime's parser splits it: the name before the
 * colon and the raw value after it, folded lines and the final newline
 * included (GMimeHeader's raw_value).  Both point into the header block. */
typedef struct field {
	const char *name;
	size_t name_len;
	const char *raw;
	size_t raw_len;
} field;

/*
 * Split the kept header block `head` (from wanted_headers(): whole lines,
 * each ending in a newline, no NUL) into fields as GMime's parser would.
 * Returns false when the block holds what GMime treats in ways of its
 * own: a CR, a line folded onto no field, or a field name with blanks,
 * control characters or 8-bit bytes.  GMime then parses the message.
 */
static bool split_fields(GArray *out, const GByteArray *head)
{
	const char *p = (const char *)head->data, *end = p + head->len;
	const char *eol, *colon, *c;
	field f;

	if (memchr(p, '\r', head->len))
		return false;
	while (p < end) {
		eol = memchr(p, '\n', (size_t)(end - p));
		eol = eol ? eol + 1 : end;
		if (*p == ' ' || *p == '\t') {        /* folded */
			if (out->len == 0)
				return false;
			g_array_index(out, field, out->len - 1).raw_len +=
				(size_t)(eol - p);
			p = eol;
			continue;
		}
		colon = memchr(p, ':', (size_t)(eol - p));
		if (!colon || colon == p)
			return false;
		for (c = p; c < colon; c++)
			if (*c <= ' ' || *c > '~')
				return false;
		f.name = p;
		f.name_len = (size_t)(colon - p);
		f.raw = colon + 1;
		f.raw_len = (size_t)(eol - colon - 1);
		g_array_append_val(out, f);
		p = eol;
	}
	return out->len > 0;
}

static bool field_is(const field *f, const char *name)
{
	return f->name_len == strlen(name) &&
	       g_ascii_strncasecmp(f->name, name, f->name_len) == 0;
}

/*
 * Whether GMime's RFC 2047 decoder would return `text` unchanged: it
 * copies every whitespace run and every word that is not an encoded word
 * and has no 8-bit byte as it is (tokenize_rfc2047_text() and
 * rfc2047_decode_tokens() in gmime-utils.c).  Most values are such text:
 * Message-IDs, References, dates, most names and subjects; skipping the
 * decoder for them saves a tokenised copy of every field.
 */
static bool decodes_to_itself(const char *text)
{
	const unsigned char *s = (const unsigned char *)text;

	for (; *s; s++)
		if (*s >= 0x80 || (s[0] == '=' && s[1] == '?'))
			return false;
	return true;
}

/* The value of `f` unfolded by GMime, not yet decoded. */
static char *field_unfolded(const field *f)
{
	char *raw = g_strndup(f->raw, f->raw_len);
	char *unfolded = g_mime_utils_header_unfold(raw);

	g_free(raw);
	return unfolded;
}

/* GMime's decoded value of `f` (g_mime_header_get_value()): unfolded,
 * then RFC 2047 and 8-bit text decoded. */
static char *field_value(const field *f)
{
	char *unfolded = field_unfolded(f);
	char *value;

	if (decodes_to_itself(unfolded))
		return unfolded;
	value = g_mime_utils_header_decode_text(ld_parse__options(),
						unfolded);
	g_free(unfolded);
	return value;
}

/* The first (`last` false) or last field named `name`, or NULL. */
static const field *find_field(const GArray *fields, const char *name,
			       bool last)
{
	const field *found = NULL;
	guint i;

	for (i = 0; i < fields->len; i++) {
		const field *f = &g_array_index(fields, field, i);

		if (field_is(f, name)) {
			found = f;
			if (!last)
				break;
		}
	}
	return found;
}

static char *find_value(const GArray *fields, const char *name, bool last)
{
	const field *f = find_field(fields, name, last);

	return f ? field_value(f) : NULL;
}

/* Every From field's addresses, in order, as GMime's message collects
 * them (each raw value through GMime's address parser). */
static InternetAddressList *from_addresses(const GArray *fields)
{
	InternetAddressList *all = NULL, *list;
	guint i;

	for (i = 0; i < fields->len; i++) {
		const field *f = &g_array_index(fields, field, i);
		char *raw;

		if (!field_is(f, "From"))
			continue;
		raw = g_strndup(f->raw, f->raw_len);
		list = ld_parse__address_list(raw);
		g_free(raw);
		if (!list)
			continue;
		if (!all) {
			all = list;
			continue;
		}
		internet_address_list_append(all, list);
		g_object_unref(list);
	}
	return all;
}

/* head_facts from the fields, with the GMime decoders its message would
 * run on them (see GMimeMessage's process_header()). */
static void facts_from_fields(head_facts *hf, const GArray *fields)
{
	char *value;

	hf->message_id = find_value(fields, "Message-ID", false);
	if ((value = find_value(fields, "Message-ID", true)) != NULL) {
		hf->last_message_id = g_mime_utils_decode_message_id(value);
		g_free(value);
	}
	hf->in_reply_to = find_value(fields, "In-Reply-To", false);
	hf->references = find_value(fields, "References", false);
	hf->list_id = find_value(fields, "List-Id", false);
	hf->from_text = find_value(fields, "From", false);
	hf->subject = find_value(fields, "Subject", true);
	if ((value = find_value(fields, "Date", true)) != NULL) {
		hf->date = g_mime_utils_header_decode_date(value);
		g_free(value);
	}
	hf->from = from_addresses(fields);
}

/* The one leaf part of a message whose body is its raw content. */
typedef struct leaf {
	GMimeContentType *type;        /* NULL: no Content-Type */
	GMimeContentDisposition *disposition; /* NULL: none */
	GMimeContentEncoding encoding;
} leaf;

static void leaf_clear(leaf *l)
{
	if (l->type)
		g_object_unref(l->type);
	if (l->disposition)
		g_object_unref(l->disposition);
	memset(l, 0, sizeof(*l));
}

/* The only field named `name` through *out (NULL when none); false when
 * there are several, which GMime's parser and its part read differently
 * (the first decides the MIME structure, the last the part's type). */
static bool only_field(const field **out, const GArray *fields,
		       const char *name)
{
	*out = find_field(fields, name, false);
	return !*out || *out == find_field(fields, name, true);
}

/*
 * The leaf part GMime would make of the Content-* fields, or false when
 * the message may be anything else: multipart or message/ types, a
 * transfer encoding not decoded in one step (uuencode), repeated Content-*
 * fields, or a Content-Type that RFC 2047 decoding would change (8-bit
 * bytes or "=?"), which GMime's parser and its part might read
 * differently.  Decoded as GMimeObject's
 * header_changed() and GMimePart's process_header() decode them.
 */
static bool direct_leaf(leaf *out, const GArray *fields)
{
	const field *type, *encoding, *disposition;
	const char *major;
	char *value;

	memset(out, 0, sizeof(*out));
	if (!only_field(&type, fields, "Content-Type") ||
	    !only_field(&encoding, fields, "Content-Transfer-Encoding") ||
	    !only_field(&disposition, fields, "Content-Disposition"))
		return false;
	if (type) {
		value = field_unfolded(type);
		if (!decodes_to_itself(value)) {
			g_free(value);
			return false;
		}
		out->type = g_mime_content_type_parse(ld_parse__options(),
						      value);
		g_free(value);
		major = g_mime_content_type_get_media_type(out->type);
		if (!major || g_ascii_strcasecmp(major, "multipart") == 0 ||
		    g_ascii_strcasecmp(major, "message") == 0) {
			leaf_clear(out);
			return false;
		}
	}
	if (encoding) {
		value = field_value(encoding);
		out->encoding = g_mime_content_encoding_from_string(value);
		g_free(value);
		if (!is_raw_encoding(out->encoding)) {
			leaf_clear(out);
			return false;
		}
	}
	if (disposition) {
		value = field_value(disposition);
		out->disposition = g_mime_content_disposition_parse(
			ld_parse__options(), value);
		g_free(value);
	}
	return true;
}

/* Append the raw body `raw` (`len` bytes) of the leaf `l` to `out`, as
 * collect_text() does for GMime's part: transfer-decoded by GMime's own
 * decoder (the one its data wrapper runs), then from the charset. */
static void append_raw_leaf(GString *out, const leaf *l, const char *raw,
			    size_t len)
{
	const char *charset = l->type ? g_mime_content_type_get_parameter(
		l->type, "charset") : NULL;
	const char *name = NULL;
	GMimeEncoding state;
	char *buf;

	if (l->disposition)
		name = g_mime_content_disposition_get_parameter(
			l->disposition, "filename");
	if (!name && l->type)
		name = g_mime_content_type_get_parameter(l->type, "name");
	if (!is_wanted_type(l->type, name))
		return;
	if (l->encoding != GMIME_CONTENT_ENCODING_BASE64 &&
	    l->encoding != GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE) {
		append_content(out, charset, raw, len);
		return;
	}
	g_mime_encoding_init_decode(&state, l->encoding);
	buf = g_malloc(g_mime_encoding_outlen(&state, len) + 1);
	append_content(out, charset, buf,
		       g_mime_encoding_flush(&state, raw, len, buf));
	g_free(buf);
}

/* GMime's message from `bytes`, which the stream takes over. */
static GMimeMessage *parse_bytes(GByteArray *bytes)
{
	GMimeStream *stream = g_mime_stream_mem_new_with_byte_array(bytes);
	GMimeParser *parser = g_mime_parser_new_with_stream(stream);
	GMimeMessage *msg;

	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	msg = g_mime_parser_construct_message(parser, parser_options);
	/* The message keeps its own references to the stream. */
	g_object_unref(parser);
	g_object_unref(stream);
	return msg;
}

/*
 * The block GMime parses for the MIME structure when head_facts came from
 * `fields`: the same fields, except that From is renamed.  GMime's
 * message parses every From field as it is added, and through that
 * parser it can leak (ld_parse__address_list()); the name keeps the
 * fields' count and order, so GMime still sees a header block.
 */
static GByteArray *structure_block(const GArray *fields)
{
	GByteArray *out = g_byte_array_new();
	guint i;

	for (i = 0; i < fields->len; i++) {
		const field *f = &g_array_index(fields, field, i);

		if (field_is(f, "From"))
			g_byte_array_append(out, (const guint8 *)"X-From", 6);
		else
			g_byte_array_append(out, (const guint8 *)f->name,
					    (guint)f->name_len);
		g_byte_array_append(out, (const guint8 *)":", 1);
		g_byte_array_append(out, (const guint8 *)f->raw,
				    (guint)f->raw_len);
	}
	return out;
}

/*
 * Parse the message of `len` bytes at `data` into its header facts and
 * body text.  Most list mail is read without GMime's parser: when the
 * header block ends at a blank line and its kept fields split cleanly
 * (split_fields()), GMime's decoders read them directly, and when the
 * message is one leaf part (direct_leaf()), its content is the bytes
 * after the blank line.  A GMimeMessage costs about 27 objects to build
 * and free, more than all the rest of the parse.  Multipart and uuencoded
 * mail still goes through GMime's parser for its structure, and so does
 * every message with `whole`, or whose fields do not split cleanly.
 * *direct (may be NULL) says whether the parser was skipped.
 */
static int read_message(head_facts *hf, GString **body, const char *data,
			size_t len, bool whole, bool *direct)
{
	GArray *fields = g_array_new(FALSE, FALSE, sizeof(field));
	GByteArray *head, *block;
	GMimeMessage *msg = NULL;
	const char *eol, *raw;
	size_t rest;
	bool blank, clean;
	leaf l;
	int error = LD_OK;

	memset(hf, 0, sizeof(*hf));
	*body = NULL;
	if (direct)
		*direct = false;
	/* An mbox "From " line is not a header; GMime would stop there. */
	if (len >= 5 && memcmp(data, "From ", 5) == 0) {
		eol = memchr(data, '\n', len);
		len = eol ? len - (size_t)(eol + 1 - data) : 0;
		data = eol ? eol + 1 : data;
	}
	if (len == 0) {
		g_array_free(fields, TRUE);
		ld_error_set("empty message");
		return LD_EINVALID;
	}
	head = wanted_headers(data, len, &rest, &blank);
	/* Without the blank line, GMime reads fields past the line that
	 * ended ours: only GMime's message has them all. */
	clean = !whole && blank && split_fields(fields, head);
	if (clean && direct_leaf(&l, fields)) {
		facts_from_fields(hf, fields);
		raw = data + rest + (data[rest] == '\r' ? 2 : 1);
		*body = g_string_sized_new((size_t)(data + len - raw) + 1);
		append_raw_leaf(*body, &l, raw, (size_t)(data + len - raw));
		leaf_clear(&l);
		if (direct)
			*direct = true;
		goto cleanup;
	}
	block = clean ? structure_block(fields) : head;
	g_byte_array_append(block, (const guint8 *)data + rest,
			    (guint)(len - rest));
	if (!clean)
		head = NULL;           /* the stream owns it now */
	msg = parse_bytes(block);
	if (!msg || !has_headers(msg)) {
		ld_error_set("not a message: no headers");
		error = LD_EINVALID;
		goto cleanup;
	}
	if (clean)
		facts_from_fields(hf, fields);   /* fields point into head */
	else
		facts_from_message(hf, msg);
	*body = g_string_sized_new(1024);
	collect_text(*body, g_mime_message_get_mime_part(msg), 0);
cleanup:
	if (msg)
		g_object_unref(msg);
	if (head)
		g_byte_array_unref(head);
	g_array_free(fields, TRUE);
	return error;
}

int ld_parse__body_text(char **out, const char *data, size_t len,
			bool whole, bool *direct)
{
	head_facts hf;
	GString *body;
	int error;

	*out = NULL;
	if ((error = read_message(&hf, &body, data, len, whole,
				  direct)) < 0)
		return error;
	*out = g_string_free(body, FALSE);
	head_facts_clear(&hf);
	return LD_OK;
}

/* The length of the header block at `data`: up to and including the
 * first empty line, or all of it when there is none. */
static size_t header_block(const char *data, size_t len)
{
	const char *p = data, *end = data + len, *eol;

	while (p < end && (eol = memchr(p, '\n', (size_t)(end - p)))) {
		if (is_blank_line(eol + 1, end))
			return (size_t)(eol + 1 - data) +
			       (eol[1] == '\r' ? 2 : 1);
		p = eol + 1;
	}
	return len;
}

unsigned ld_parse_limit(unsigned flags, size_t *len, size_t max)
{
	if (!max || *len <= max)
		return flags;
	*len = max;
	return flags | LD_PARSE_HEADERS_ONLY;
}

int ld_parse__message(ld_mail **out, const char *data, size_t len,
		      unsigned flags, bool whole)
{
	head_facts hf = { 0 };
	GString *body = NULL;
	ld_mail *mail = NULL;
	bool headers_only = (flags & LD_PARSE_HEADERS_ONLY) != 0;
	bool pull_text;
	int error;

	*out = NULL;
	/* The header block alone, with its blank line: an empty body. */
	if (headers_only)
		len = header_block(data, len);
	if ((error = read_message(&hf, &body, data, len, whole, NULL)) < 0)
		goto cleanup;

	mail = g_new0(ld_mail, 1);
	mail->headers_only = headers_only;
	parse_headers(mail, &hf);
	ld_subject_parse(&mail->subj, mail->subject);

	mail->has_diff = ld_parse__has_diff(body->str);
	pull_text = ld_parse__scan_body(mail, body->str);
	/* Without the body, a diff is presumed where the subject promises
	 * one: a huge patch is still a patch. */
	mail->kind = ld_parse__kind(&mail->subj,
				    mail->has_diff || headers_only,
				    *mail->in_reply_to || *mail->references,
				    pull_text);
	if (mail->kind != LD_KIND_PULL)
		clear_pull(&mail->pull);

	/* A reply that opens with "From:" quotes someone else's headers
	 * (Outlook's "From: X Sent: ...", or "From: X\nDate: Y" above a
	 * quote); only other mail carries an author that way. */
	if (mail->kind == LD_KIND_REPLY ||
	    !ld_parse_inbody_from(&mail->author, body->str))
		copy_person(&mail->author, &mail->sender);
	if ((flags & LD_PARSE_COMMIT_MESSAGE) && !headers_only &&
	    (mail->kind == LD_KIND_PATCH || mail->kind == LD_KIND_COVER))
		mail->commit_message = ld_parse_commit_message(body->str);

	*out = mail;
	mail = NULL;

cleanup:
	if (body)
		g_string_free(body, TRUE);
	head_facts_clear(&hf);
	ld_mail_free(mail);
	return error;
}

int ld_parse_message(ld_mail **out, const char *data, size_t len,
		     unsigned flags)
{
	return ld_parse__message(out, data, len, flags, false);
}

void ld_person_clear(ld_person *person)
{
	if (!person)
		return;
	g_free(person->name);
	g_free(person->email);
	person->name = NULL;
	person->email = NULL;
}

void ld_mail_free(ld_mail *mail)
{
	size_t i;

	if (!mail)
		return;
	g_free(mail->message_id);
	ld_person_clear(&mail->sender);
	ld_person_clear(&mail->author);
	g_free(mail->subject);
	ld_subject_clear(&mail->subj);
	g_free(mail->in_reply_to);
	g_free(mail->references);
	g_free(mail->list_id);
	g_free(mail->commit_message);
	g_free(mail->change_id);
	g_free(mail->prev_ids);
	for (i = 0; i < mail->n_trailers; i++) {
		g_free(mail->trailers[i].name);
		ld_person_clear(&mail->trailers[i].who);
	}
	g_free(mail->trailers);
	g_free(mail->pull.url);
	g_free(mail->pull.ref);
	g_free(mail->pull.base);
	g_free(mail);
}
