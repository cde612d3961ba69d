/* parse/trailers.c - review trailers ("Reviewed-by: Name <addr>") on the
 * sender's own lines
 *
 * Kernel reviewers answer a patch with a trailer line that the maintainer
 * copies into the commit: Reviewed-by, Acked-by, Tested-by or Nacked-by,
 * a colon and a person.  People indent them by a space or two, write the
 * name in any case ("Acked-By"), add a comment after the address
 * ("<a@b> # for the foo part", "<a@b> (For fpga)"), or give only an
 * address or only a name.  The person is parsed by GMime, so RFC 2047
 * words and quoted names ("Name, Jr.") come out right; GMime refuses
 * "Name addr" and "Name (addr)", which are split at the address instead,
 * and takes a lone word for an address, which is a name.
 * A value without an address is kept as a name only when it looks like one,
 * since prose also starts lines with "Reviewed-by: " ("Reviewed-by: lines
 * should not be added ...").
 *
 * Which lines are the sender's own (not quoted, not in a diff) is decided
 * by scan.c.  Four or more spaces or a tab of indentation is not a
 * reviewer's indent but pasted "git log" output or code.
 *
 * Owns nothing beyond the ld_parse__trailers it fills; ld_trailer strings
 * move to the ld_mail.
 */
#include "parse/parse.h"
#include "parse/parse_private.h"

#include <string.h>

/* Hostile input: at most this many trailers per message, and at most this
 * many trailer lines parsed (repeats are parsed before they are dropped). */
#define MAX_TRAILERS 256
#define MAX_LINES (4 * MAX_TRAILERS)

/* A reviewer's indent; more is code or pasted "git log" output. */
#define MAX_INDENT 3

/* A name without an address has at most this many words. */
#define MAX_NAME_WORDS 6

static const char *const trailer_names[] = {
	"Reviewed-by", "Acked-by", "Tested-by", "Nacked-by"
};

void ld_parse__trailers_init(ld_parse__trailers *t)
{
	t->items = g_array_new(FALSE, FALSE, sizeof(ld_trailer));
	t->lines = 0;
}

void ld_parse__trailers_take(ld_parse__trailers *t, ld_trailer **out,
			     size_t *n)
{
	*n = t->items->len;
	if (*n) {
		*out = (ld_trailer *)(void *)g_array_free(t->items, FALSE);
	} else {
		*out = NULL;
		g_array_free(t->items, TRUE);
	}
	t->items = NULL;
}

/* The canonical trailer name that `line` opens with (after the indent),
 * with *value set after its colon and blanks; NULL when there is none. */
static const char *trailer_name(const char *line, size_t len,
				const char **value)
{
	size_t i = 0, n, k;

	while (i < len && i <= MAX_INDENT && line[i] == ' ')
		i++;
	/* most lines: no need to compare names */
	if (i > MAX_INDENT || i == len || !strchr("RrAaTtNn", line[i]))
		return NULL;
	for (k = 0; k < G_N_ELEMENTS(trailer_names); k++) {
		n = strlen(trailer_names[k]);
		if (len - i > n && line[i + n] == ':' &&
		    g_ascii_strncasecmp(line + i, trailer_names[k], n) == 0)
			break;
	}
	if (k == G_N_ELEMENTS(trailer_names))
		return NULL;
	i += n + 1;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	*value = line + i;
	return trailer_names[k];
}

/* Whether `text`, a value without an address, reads like a name: a few
 * words, not starting with a lower-case ASCII letter, without sentence
 * punctuation. */
static bool looks_like_name(const char *text)
{
	const char *p;
	int words = 0;
	bool in_word = false;

	if (!*text || g_ascii_islower(*text) || g_ascii_isdigit(*text))
		return false;
	for (p = text; *p; p++) {
		if (strchr("?!;:=<>()[]{}", *p))
			return false;
		if (*p == ' ' || *p == '\t') {
			in_word = false;
		} else if (!in_word) {
			in_word = true;
			if (++words > MAX_NAME_WORDS)
				return false;
		}
	}
	return true;
}

/* A decoded, cleaned phrase (display name) of `len` bytes at `text`. */
static char *decode_name(const char *text, size_t len)
{
	char *raw = g_strndup(text, len), *decoded, *clean;

	g_strstrip(raw);
	decoded = g_mime_utils_header_decode_phrase(ld_parse__options(), raw);
	clean = ld_parse__clean_header(decoded ? decoded : raw);
	g_free(decoded);
	g_free(raw);
	return clean;
}

/* What GMime refuses: "Name addr", "Name (addr)", or a bare name.  Split
 * at the last word holding '@'; fill *out and return true, or false. */
static bool parse_fallback(ld_person *out, const char *value)
{
	const char *at = strrchr(value, '@'), *start, *end;
	char *word;
	bool found;

	if (!at) {
		if (!looks_like_name(value))
			return false;
		out->name = decode_name(value, strlen(value));
		out->email = g_strdup("");
		return true;
	}
	for (start = at; start > value && start[-1] != ' ' &&
	     start[-1] != '\t'; start--)
		;
	for (end = at; *end && *end != ' ' && *end != '\t'; end++)
		;
	while (start < at && strchr("(<[", *start))
		start++;
	while (end > at + 1 && strchr(")>],.;", end[-1]))
		end--;
	word = g_strndup(start, (gsize)(end - start));
	found = ld_parse__person_from_text(out, word);
	g_free(word);
	if (!found)
		return false;
	/* the name is what precedes the address word */
	for (end = at; end > value && end[-1] != ' ' && end[-1] != '\t';
	     end--)
		;
	g_free(out->name);
	out->name = decode_name(value, (size_t)(end - value));
	return true;
}

/* Parse the person in `value` (the rest of a trailer line) into *out. */
static bool parse_person(ld_person *out, const char *value, size_t len)
{
	const char *open, *close;
	char *text;
	bool found;

	/* Drop a comment after the address: "<a@b> # for foo", "<a@b>
	 * (For fpga)"; without brackets, after " #". */
	open = memchr(value, '<', len);
	close = open ? memchr(open, '>', len - (size_t)(open - value)) : NULL;
	if (close) {
		len = (size_t)(close + 1 - value);
	} else {
		for (close = value; close < value + len; close++) {
			if (*close == '#' && close > value &&
			    (close[-1] == ' ' || close[-1] == '\t'))
				break;
		}
		len = (size_t)(close - value);
	}
	text = g_strndup(value, len);
	g_strstrip(text);
	found = *text && ld_parse__person_from_text(out, text);
	/* GMime takes a lone word for an address ("Acked-by: Wei") */
	if (found && !strchr(out->email, '@')) {
		ld_person_clear(out);
		found = false;
	}
	if (!found && *text)
		found = parse_fallback(out, text);
	g_free(text);
	return found;
}

static bool same_trailer(const ld_trailer *a, const ld_trailer *b)
{
	return strcmp(a->name, b->name) == 0 &&
	       strcmp(a->who.name, b->who.name) == 0 &&
	       g_ascii_strcasecmp(a->who.email, b->who.email) == 0;
}

void ld_parse__trailers_line(ld_parse__trailers *t, const char *line,
			     size_t len)
{
	ld_trailer tr;
	const char *name, *value;
	guint i;

	if (t->items->len >= MAX_TRAILERS || t->lines >= MAX_LINES)
		return;
	name = trailer_name(line, len, &value);
	if (!name)
		return;
	t->lines++;
	memset(&tr, 0, sizeof(tr));
	if (!parse_person(&tr.who, value, len - (size_t)(value - line)))
		return;
	/* borrowed for the comparison, copied when kept */
	tr.name = (char *)name;
	for (i = 0; i < t->items->len; i++) {
		if (same_trailer(&g_array_index(t->items, ld_trailer, i),
				 &tr)) {
			ld_person_clear(&tr.who);
			return;
		}
	}
	tr.name = g_strdup(name);
	g_array_append_val(t->items, tr);
}
