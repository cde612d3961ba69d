/* parse/links.c - how a message points at its other versions: b4's
 * change-id and links to earlier versions
 *
 * b4 ends a cover letter (or a lone patch) with "change-id: DATE-NAME-HEX",
 * the same for every version of a series, and lists earlier versions as
 * "- Link to v2: https://lore.kernel.org/r/ID".  People write such links by
 * hand too: "v1: URL", "[v1] URL", "Changes since v3 (URL):", "Previous:
 * URL", "v1: <ID>".  A line counts when its text outside the links names a
 * version (a word "v" + digits, or "prev", "previous", "previously"), so a
 * bare "Link: https://lore.kernel.org/r/...-v2-1-...@x" (a version only
 * inside the id) does not.  A line naming a version and ending in a colon
 * may have its links on the next line, alone ("- Link to v2:\n  URL",
 * "v1:\n- URL").  The text cannot tell an earlier version from a later
 * one, so a reply's "I sent v2:\nURL" is listed too.
 *
 * Links are lore.kernel.org/<list, all or r>/<id>/..., lkml.kernel.org/r/
 * <id>, msgid.link/<id> and patch.msgid.link/<id> (with or without a
 * scheme), and a bare <id> that does not look like a person's address.
 * Ids are URL-decoded and must hold an '@'.
 *
 * Only "change-id:" in lower case counts: Gerrit's "Change-Id: I..."
 * trailer is something else.
 *
 * Owns nothing beyond the ld_parse__links it fills.
 */
#include "parse/parse.h"
#include "parse/parse_private.h"

#include <string.h>

/* At most this many earlier versions per message (hostile input). */
#define MAX_IDS 32

/* Longer is not a Message-ID. */
#define MAX_ID_LEN 512

#define MAX_INDENT 3

/* Hosts whose URLs name a message; `skip` is how many path segments come
 * before the id at most ("lore.kernel.org/all/ID": 1). */
static const struct {
	const char *host;
	int skip;
} link_hosts[] = {
	{ "lore.kernel.org/", 1 },
	{ "lkml.kernel.org/r/", 0 },
	{ "msgid.link/", 1 },   /* also patch.msgid.link, msgid.link/r/ */
};

char *ld_parse__change_id(const char *line, size_t len)
{
	size_t i = 0, n = strlen("change-id:");
	char *raw, *value;

	while (i < len && i <= MAX_INDENT && line[i] == ' ')
		i++;
	if (i > MAX_INDENT || len - i < n ||
	    memcmp(line + i, "change-id:", n) != 0)
		return NULL;
	raw = g_strndup(line + i + n, (gsize)(len - i - n));
	value = ld_parse__clean_header(raw);
	g_free(raw);
	if (!*value) {
		g_free(value);
		return NULL;
	}
	return value;
}

/* Find `needle` in the `len` bytes at `s`. */
static const char *find(const char *s, size_t len, const char *needle)
{
	return memmem(s, len, needle, strlen(needle));
}

/* The value of the hex digit `c`, or -1. */
static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A Message-ID found on a line, not yet added. */
typedef struct {
	const char *s;
	size_t len;
	bool url;               /* %XX-encoded */
} found_id;

/* Add the Message-ID `f` to the list unless it is not one, is our own, or
 * is listed already. */
static void add_id(ld_parse__links *l, const found_id *f)
{
	GString *id;
	const char *p;
	size_t i;
	int hi, lo;

	if (l->count >= MAX_IDS || f->len == 0 || f->len > MAX_ID_LEN)
		return;
	id = g_string_sized_new(f->len);
	for (i = 0; i < f->len; i++) {
		if (f->url && f->s[i] == '%' && i + 2 < f->len &&
		    (hi = hex_value(f->s[i + 1])) >= 0 &&
		    (lo = hex_value(f->s[i + 2])) >= 0) {
			g_string_append_c(id, (char)(hi * 16 + lo));
			i += 2;
		} else {
			g_string_append_c(id, f->s[i]);
		}
	}
	for (i = 0; i < id->len; i++) {
		unsigned char c = (unsigned char)id->str[i];

		if (c <= ' ' || c == 0x7f || c == '<' || c == '>')
			goto cleanup;
	}
	if (!strchr(id->str, '@') || !g_utf8_validate(id->str, -1, NULL) ||
	    (l->self && strcmp(id->str, l->self) == 0))
		goto cleanup;
	for (p = l->ids->str; (p = strstr(p, id->str)) != NULL;
	     p += id->len) {
		if ((p == l->ids->str || p[-1] == ' ') &&
		    (p[id->len] == ' ' || p[id->len] == '\0'))
			goto cleanup;
	}
	if (l->ids->len)
		g_string_append_c(l->ids, ' ');
	g_string_append_len(l->ids, id->str, (gssize)id->len);
	l->count++;

cleanup:
	g_string_free(id, TRUE);
}

/* Whether the word [start, end) holds a message link; if so, *before is
 * set to where the URL starts ("v1:https://...") and *out to the id, its
 * length 0 when the link names no message. */
static bool word_link(found_id *out, const char *start, const char *end,
		      const char **before)
{
	const char *host = NULL, *p = NULL, *seg, *q;
	size_t k, n = (size_t)(end - start);
	int skip = 0, i;

	for (k = 0; k < G_N_ELEMENTS(link_hosts) && !host; k++) {
		host = find(start, n, link_hosts[k].host);
		skip = link_hosts[k].skip;
		if (host)
			p = host + strlen(link_hosts[k].host);
	}
	if (!host)
		return false;
	q = find(start, (size_t)(host - start), "http");
	*before = q ? q : host;
	out->s = NULL;
	out->len = 0;
	out->url = true;
	/* the first segment holding '@' (perhaps as "%40"), at most `skip`
	 * segments in */
	for (i = 0; i <= skip && p < end; i++) {
		seg = p;
		while (p < end && *p != '/' && *p != '#' && *p != '?')
			p++;
		if (memchr(seg, '@', (size_t)(p - seg)) ||
		    find(seg, (size_t)(p - seg), "%40")) {
			/* the end of a sentence, or brackets around the URL */
			while (p == end && end > seg && end[-1] &&
			       strchr(")]>,.;:'\"", end[-1]))
				p = --end;
			out->s = seg;
			out->len = (size_t)(p - seg);
			break;
		}
		if (p == end || *p != '/')
			break;
		p++;
	}
	return true;
}

/* Whether the `len` bytes at `s` hold a digit. */
static bool has_digit(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (g_ascii_isdigit(s[i]))
			return true;
	}
	return false;
}

/* Whether the word [start, end) holds a bare "<id>"; if so, *out is the
 * id, its length 0 when it looks like a person's address: a word
 * "<addr>" right after a word ending in a letter ("Dexuan Cui
 * <decui@microsoft.com>"), or without a digit before the '@' ("Cc:
 * <stable@vger.kernel.org> # v5.14+"); generated ids always hold one.
 * `prev` is the last character of the word before, or '\0'. */
static bool word_bare_id(found_id *out, const char *start, const char *end,
			 char prev)
{
	const char *open = memchr(start, '<', (size_t)(end - start));
	const char *close, *at;

	if (!open || !(close = memchr(open, '>', (size_t)(end - open))) ||
	    !(at = memchr(open, '@', (size_t)(close - open))))
		return false;
	out->s = open + 1;
	out->len = (size_t)(close - open - 1);
	out->url = false;
	if ((open == start && g_ascii_isalpha(prev)) ||
	    !has_digit(open + 1, (size_t)(at - open - 1)))
		out->len = 0;
	return true;
}

/* Whether the `len` bytes at `s` name a version: "v2", "V10" not inside
 * a word, or the words "prev", "previous", "previously". */
static bool names_version(const char *s, size_t len)
{
	static const char *const words[] = {
		"previously", "previous", "prev"
	};
	size_t i, k, n;

	for (i = 0; i < len; i++) {
		if (i > 0 && g_ascii_isalnum(s[i - 1]))
			continue;
		if ((s[i] == 'v' || s[i] == 'V') && i + 1 < len &&
		    g_ascii_isdigit(s[i + 1])) {
			for (n = i + 1; n < len && g_ascii_isdigit(s[n]); n++)
				;
			if (n == len || !g_ascii_isalpha(s[n]))
				return true;
		}
		for (k = 0; k < G_N_ELEMENTS(words); k++) {
			n = strlen(words[k]);
			if (len - i >= n &&
			    g_ascii_strncasecmp(s + i, words[k], n) == 0 &&
			    (len - i == n || !g_ascii_isalpha(s[i + n])))
				return true;
		}
	}
	return false;
}

void ld_parse__links_line(ld_parse__links *l, const char *line, size_t len)
{
	found_id ids[MAX_IDS], f;
	const char *p = line, *end = line + len, *start, *before;
	bool version = false, other = false, pending = l->pending;
	size_t n = 0, i;
	char prev = '\0';

	l->pending = false;
	if (l->count >= MAX_IDS || len == 0)
		return;
	/* most lines hold no link and no bare id */
	if (!memchr(line, '<', len) && (!memchr(line, '/', len) ||
	    (!find(line, len, ".org/") && !find(line, len, ".link/")))) {
		while (end > line && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		l->pending = end > line && end[-1] == ':' &&
			     names_version(line, (size_t)(end - line));
		return;
	}
	while (p < end) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end)
			break;
		start = p;
		while (p < end && *p != ' ' && *p != '\t')
			p++;
		before = start;
		if (word_link(&f, start, p, &before) ||
		    word_bare_id(&f, start, p, prev)) {
			if (f.len && n < G_N_ELEMENTS(ids))
				ids[n++] = f;
			else if (!f.len)
				other = true;
			/* the text glued before a URL: "v1:https://" */
			version |= names_version(start,
						 (size_t)(before - start));
		} else if (names_version(start, (size_t)(p - start))) {
			version = true;
		} else if (p - start > 1 || (*start != '-' && *start != '*')) {
			other = true;
		}
		prev = p[-1];
	}
	if (n > 0 && (version || (pending && !other))) {
		for (i = 0; i < n; i++)
			add_id(l, &ids[i]);
	}
	/* "- Link to v2:" with its link on the next line */
	l->pending = version && n == 0 && prev == ':';
}
