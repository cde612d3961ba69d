/* source/mbox.c - split an mbox file (any variant, gzip, stdin) into items
 *
 * The whole file is read into one buffer (gunzipped first when it starts
 * with the gzip magic 1f 8b, whatever its name), split into messages, and
 * each message is unquoted in place: the buffer is compacted from the front,
 * so an item never moves once made and no message is copied a second time.
 *
 * Splitting.  A message starts with a "From " line at the start of the file
 * or after a blank line ("\n" or "\r\n"); its item is what follows that
 * line up to the next such line, without the blank line the mbox writer
 * puts between messages (and after the last one, when there is one).
 * mboxcl and mboxcl2 messages end where their Content-Length says, when
 * that lands on the end of the file or on a "From " line (right there, or
 * after one "\n" or "\r\n"); a missing, negative or wrong Content-Length
 * falls back to the blank-line rule for that message, as mutt does.
 * LD_MBOX_AUTO is mboxcl2 when every message's Content-Length lands so,
 * else mboxrd.  Blank lines before the first "From " line are skipped, a
 * file of nothing else has no messages, and an empty message (a "From "
 * line, a blank line, a "From " line) is none.  A file that does not start
 * with "From " is one message if its first line is a header ("Name: ..."),
 * else it is not an mbox.
 *
 * Unquoting.  mboxrd: a line matching ">+From " loses one '>'.  mboxo and
 * mboxcl: only ">From " becomes "From ".  mboxcl2: nothing.
 *
 * Owns: src->buffer (NUL-terminated; the items point into it) and fills
 * src->by_id.  Nothing is written after open, so readers on several
 * threads may share the items.
 */
#include "source/source.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source/source_private.h"
#include "util/error.h"

/* A growable byte buffer; GByteArray's guint length would stop at 4 GiB. */
typedef struct {
	char *data;
	size_t len;
	size_t cap;
} bytes;

/* One message: [start, end) of the buffer, before unquoting. */
typedef struct {
	size_t start;
	size_t end;
} region;

/* Converter calls take at most this much at once (zlib counts in uInt). */
#define CHUNK_MAX ((size_t)1 << 30)
#define READ_CHUNK ((size_t)1 << 20)

/* Make room for `more` bytes after b->len. */
static void bytes_reserve(bytes *b, size_t more)
{
	size_t cap = b->cap ? b->cap : MAX(more, READ_CHUNK);

	if (b->cap - b->len >= more)
		return;
	while (cap - b->len < more)
		cap = cap > G_MAXSIZE / 2 ? G_MAXSIZE : cap * 2;
	b->data = g_realloc(b->data, cap);
	b->cap = cap;
}

/* Read all of `fd` into `out`; `name` is for the error message. */
static int read_fd(bytes *out, int fd, const char *name)
{
	struct stat st;
	ssize_t n;

	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		bytes_reserve(out, (size_t)st.st_size + 1);
	for (;;) {
		/* a file read whole still has its +1: EOF without a copy */
		if (out->len == out->cap)
			bytes_reserve(out, READ_CHUNK);
		n = read(fd, out->data + out->len,
			 MIN(out->cap - out->len, CHUNK_MAX));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ld_error_set("%s: %s", name, g_strerror(errno));
			return LD_ERROR;
		}
		if (n == 0)
			return LD_OK;
		out->len += (size_t)n;
	}
}

/* Read `path` ("-": standard input) into `out`. */
static int read_input(bytes *out, const char *path)
{
	int fd, error, saved;

	if (strcmp(path, "-") == 0)
		return read_fd(out, STDIN_FILENO, "standard input");
	if ((fd = g_open(path, O_RDONLY, 0)) < 0) {
		saved = errno;
		ld_error_set("%s: %s", path, g_strerror(saved));
		return saved == ENOENT ? LD_ENOTFOUND : LD_ERROR;
	}
	error = read_fd(out, fd, path);
	close(fd);
	return error;
}

static bool is_gzip(const bytes *b)
{
	return b->len >= 2 && (unsigned char)b->data[0] == 0x1f &&
	       (unsigned char)b->data[1] == 0x8b;
}

/*
 * Decompress gzip data `in` into `out`.  Several gzip members one after
 * the other (as `cat a.gz b.gz` makes) are one stream, as for gzip(1);
 * bytes after the last member are ignored.
 */
static int gunzip(bytes *out, const bytes *in, const char *name)
{
	GZlibDecompressor *z =
		g_zlib_decompressor_new(G_ZLIB_COMPRESSOR_FORMAT_GZIP);
	GConverter *conv = G_CONVERTER(z);
	GError *err = NULL;
	size_t pos = 0;
	int error = LD_OK;

	for (;;) {
		size_t avail = MIN(in->len - pos, CHUNK_MAX);
		GConverterFlags flags = pos + avail == in->len ?
					G_CONVERTER_INPUT_AT_END :
					G_CONVERTER_NO_FLAGS;
		GConverterResult res;
		gsize nread = 0, nwritten = 0;

		bytes_reserve(out, READ_CHUNK);
		res = g_converter_convert(conv, in->data + pos, avail,
					  out->data + out->len,
					  MIN(out->cap - out->len, CHUNK_MAX),
					  flags, &nread, &nwritten, &err);
		if (res == G_CONVERTER_ERROR) {
			if (g_error_matches(err, G_IO_ERROR,
					    G_IO_ERROR_PARTIAL_INPUT))
				ld_error_set("%s: truncated gzip data", name);
			else
				ld_error_set("%s: corrupt gzip data (%s)",
					     name, err->message);
			error = LD_EINVALID;
			goto cleanup;
		}
		pos += nread;
		out->len += nwritten;
		if (res == G_CONVERTER_FINISHED) {
			if (in->len - pos >= 2 &&
			    (unsigned char)in->data[pos] == 0x1f &&
			    (unsigned char)in->data[pos + 1] == 0x8b) {
				g_converter_reset(conv);
				continue;
			}
			break;
		}
		if (nread == 0 && nwritten == 0) {
			ld_error_set("%s: truncated gzip data", name);
			error = LD_EINVALID;
			goto cleanup;
		}
	}
cleanup:
	if (err)
		g_error_free(err);
	g_object_unref(z);
	return error;
}

/* Whether the line at `pos` starts with "From ". */
static bool is_from(const char *buf, size_t len, size_t pos)
{
	return len - pos >= 5 && memcmp(buf + pos, "From ", 5) == 0;
}

/* Whether the line starting at `pos` opens the file or follows a blank
 * line. */
static bool after_blank(const char *buf, size_t pos)
{
	size_t p;

	if (pos == 0)
		return true;
	if (buf[pos - 1] != '\n')
		return false;
	p = pos - 1;
	if (p > 0 && buf[p - 1] == '\r')
		p--;
	return p == 0 || buf[p - 1] == '\n';
}

/* The first "From " line at or after `from` that follows a blank line, or
 * `len`.  memchr rather than memmem: sanitizers check the whole haystack
 * of every memmem call, which makes a scan of many lines quadratic. */
static size_t next_separator(const char *buf, size_t len, size_t from)
{
	size_t pos = from > 0 ? from - 1 : 0;
	const char *nl;

	if (from == 0 && is_from(buf, len, 0))
		return 0;
	while (pos < len) {
		nl = memchr(buf + pos, '\n', len - pos);
		if (!nl)
			break;
		pos = (size_t)(nl - buf) + 1;
		if (pos >= from && is_from(buf, len, pos) &&
		    after_blank(buf, pos))
			return pos;
	}
	return len;
}

/* `end` without the blank line that ends [start, end), if one does. */
static size_t strip_blank(const char *buf, size_t start, size_t end)
{
	size_t e;

	if (end == start || buf[end - 1] != '\n')
		return end;
	e = end - 1;
	if (e > start && buf[e - 1] == '\r')
		e--;
	return e == start || buf[e - 1] == '\n' ? e : end;
}

/* The value of a Content-Length field at `p` (after the colon) up to
 * `eol`; false when it is not a plain decimal number. */
static bool parse_length(size_t *out, const char *p, const char *eol)
{
	size_t v = 0;
	bool digits = false;

	while (p < eol && (*p == ' ' || *p == '\t'))
		p++;
	for (; p < eol && g_ascii_isdigit(*p); p++) {
		if (v > (G_MAXSIZE - 9) / 10)
			return false;
		v = v * 10 + (size_t)(*p - '0');
		digits = true;
	}
	while (p < eol && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	*out = v;
	return digits && p == eol;
}

/*
 * Where the message whose headers start at `start` ends by its
 * Content-Length (*end) and where the next "From " line starts (*next,
 * `len` at the end of the file).  False when there is no usable
 * Content-Length or it does not land on the end or a "From " line.
 * The header scan stops at a "From " line, so a message without a blank
 * line costs no more than its own bytes.
 */
static bool cl_end(const char *buf, size_t len, size_t start, size_t *end,
		   size_t *next)
{
	size_t line = start, body = 0, cl = 0, e;
	bool have_cl = false;
	const char *eol;

	for (;;) {
		if (line >= len)
			return false;
		if (buf[line] == '\n' ||
		    (buf[line] == '\r' && line + 1 < len &&
		     buf[line + 1] == '\n')) {
			body = line + (buf[line] == '\r' ? 2 : 1);
			break;
		}
		if (line > start && is_from(buf, len, line))
			return false;
		eol = memchr(buf + line, '\n', len - line);
		if (!eol)
			return false;
		if (!have_cl && (size_t)(eol - (buf + line)) >= 15 &&
		    g_ascii_strncasecmp(buf + line, "Content-Length:",
					15) == 0)
			have_cl = parse_length(&cl, buf + line + 15, eol);
		line = (size_t)(eol - buf) + 1;
	}
	if (!have_cl || cl > len - body)
		return false;
	e = body + cl;
	if (e == len)
		*next = len;
	else if (buf[e - 1] == '\n' && is_from(buf, len, e))
		*next = e;
	else if (buf[e] == '\n' && (e + 1 == len || is_from(buf, len, e + 1)))
		*next = e + 1;
	else if (buf[e] == '\r' && e + 1 < len && buf[e + 1] == '\n' &&
		 (e + 2 == len || is_from(buf, len, e + 2)))
		*next = e + 2;
	else
		return false;
	*end = e;
	return true;
}

/*
 * Split `buf`, which starts with a "From " line, into `out`.  `use_cl`:
 * honour Content-Length; `strict`: fail (false) on the first message whose
 * Content-Length is missing or wrong instead of falling back.
 */
static bool split(GArray *out, const char *buf, size_t len, bool use_cl,
		  bool strict)
{
	size_t pos = 0, next;
	const char *nl;
	region r;

	while (pos < len) {
		nl = memchr(buf + pos, '\n', len - pos);
		r.start = nl ? (size_t)(nl - buf) + 1 : len;
		if (use_cl && cl_end(buf, len, r.start, &r.end, &next)) {
			/* the Content-Length delimits the message */
		} else if (strict) {
			return false;
		} else {
			next = next_separator(buf, len, r.start);
			r.end = strip_blank(buf, r.start, next);
		}
		g_array_append_val(out, r);
		pos = next;
	}
	return true;
}

/*
 * Move [start, end) to `to` (<= start), dropping one '>' of each quoted
 * "From " line as `format` says; return the new length.  Only bytes below
 * the line being looked at are written, so the rest stays intact.
 */
static size_t unquote(char *buf, size_t start, size_t end, size_t to,
		      ld_mbox_format format)
{
	size_t line = start, copy = start, out = to, q;
	const char *nl;

	while (format != LD_MBOX_CL2 && line < end) {
		if (buf[line] == '>') {
			for (q = line; q < end && buf[q] == '>'; q++)
				;
			if (end - q >= 5 && memcmp(buf + q, "From ", 5) == 0 &&
			    (format == LD_MBOX_RD || q - line == 1)) {
				if (out != copy)
					memmove(buf + out, buf + copy,
						line - copy);
				out += line - copy;
				copy = line + 1;
			}
		}
		nl = memchr(buf + line, '\n', end - line);
		if (!nl)
			break;
		line = (size_t)(nl - buf) + 1;
	}
	if (out != copy)
		memmove(buf + out, buf + copy, end - copy);
	out += end - copy;
	return out - to;
}

/* Whether the line at `pos` looks like a header field ("Name:"). */
static bool is_header(const char *buf, size_t len, size_t pos)
{
	size_t p;

	for (p = pos; p < len && buf[p] > ' ' && buf[p] < 127 &&
	     buf[p] != ':'; p++)
		;
	return p > pos && p < len && buf[p] == ':';
}

int ld_source__mbox_open(ld_source *src, const char *path,
			 ld_mbox_format format)
{
	const char *name = strcmp(path, "-") == 0 ? "standard input" : path;
	bytes raw = { NULL, 0, 0 }, plain = { NULL, 0, 0 };
	GArray *regions = g_array_new(FALSE, FALSE, sizeof(region));
	size_t first = 0, w = 0, n;
	guint i;
	int error;

	if ((error = read_input(&raw, path)) < 0)
		goto cleanup;
	if (is_gzip(&raw)) {
		if ((error = gunzip(&plain, &raw, name)) < 0)
			goto cleanup;
		g_free(raw.data);
		raw = plain;
		plain.data = NULL;
	}
	/* NUL-terminated, and never reallocated once items point into it */
	bytes_reserve(&raw, 1);
	raw.data[raw.len] = '\0';
	src->buffer = raw.data;
	src->buffer_len = raw.len;
	raw.data = NULL;

	/* leading blank lines, and a file of nothing else */
	while (first < src->buffer_len &&
	       (src->buffer[first] == '\n' || src->buffer[first] == '\r' ||
		src->buffer[first] == ' ' || src->buffer[first] == '\t'))
		first++;
	if (first == src->buffer_len) {
		error = LD_OK;
		goto cleanup;
	}
	if (!is_from(src->buffer, src->buffer_len, first) ||
	    !after_blank(src->buffer, first)) {
		if (!is_header(src->buffer, src->buffer_len, first)) {
			ld_error_set("%s: not an mbox (no \"From \" line at "
				     "the start) nor a message", name);
			error = LD_EINVALID;
			goto cleanup;
		}
		/* a single message file (.eml), taken as it is */
		ld_source__add_item(src, src->buffer + first,
				    src->buffer_len - first, NULL);
		error = LD_OK;
		goto cleanup;
	}

	if (format == LD_MBOX_AUTO) {
		if (split(regions, src->buffer + first,
			  src->buffer_len - first, true, true)) {
			format = LD_MBOX_CL2;
		} else {
			g_array_set_size(regions, 0);
			format = LD_MBOX_RD;
		}
	}
	if (regions->len == 0)
		split(regions, src->buffer + first, src->buffer_len - first,
		      format == LD_MBOX_CL || format == LD_MBOX_CL2, false);

	for (i = 0; i < regions->len; i++) {
		const region *r = &g_array_index(regions, region, i);

		n = unquote(src->buffer, first + r->start, first + r->end, w,
			    format);
		if (n == 0)
			continue;
		ld_source__add_item(src, src->buffer + w, n, NULL);
		w += n;
	}
	src->buffer_len = w;
	error = LD_OK;
cleanup:
	g_array_free(regions, TRUE);
	g_free(raw.data);
	g_free(plain.data);
	return error;
}
