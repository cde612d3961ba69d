/* parse/scan.c - one pass over a body for what its sender wrote: review
 * trailers, b4's change-id, links to earlier versions and request-pull
 * text
 *
 * Parsing runs at some 10,000 messages a second per core, so the body
 * text is read here once, line by line, and each line that is the
 * sender's own goes to trailers.c, links.c and pull.c.  A line is not the
 * sender's own when it is:
 *
 *  - quoted: its first non-blank character is '>' or '|';
 *  - part of a diff: from "diff --git " or a "--- " line followed by
 *    "+++ ", through the lines that start with ' ', '+', '-', '@' or '\',
 *    or are empty (mailers strip the context lines' space);
 *  - after a "-- " signature line;
 *  - after the start of an Outlook-style quoted original, which quotes
 *    without '>': a "-----Original Message-----" line, or a "From:" line
 *    followed by a "Sent:" line, or a "From: ... Sent: ..." line followed
 *    by a "To:", "Cc:" or "Subject:" line.  A lone "From: X Sent: Y" line
 *    above '>' quotes is only an attribution (Michael Kelley's replies);
 *    what follows it is still the sender's own.
 *
 * Owns nothing; fills the ld_mail it is given.
 */
#include "parse/parse.h"
#include "parse/parse_private.h"

#include <string.h>

static bool starts_with(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(s, prefix, n) == 0;
}

static bool is_signature(const char *line, size_t len)
{
	return len == 3 && memcmp(line, "-- ", 3) == 0;
}

static bool is_quoted(const char *line, size_t len)
{
	size_t i = 0;

	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	return i < len && (line[i] == '>' || line[i] == '|');
}

/* Whether the line at `line` starts an Outlook-style quoted original;
 * `next` is the next line (NUL-terminated at the body's end). */
static bool starts_original(const char *line, size_t len, const char *next)
{
	size_t i = 0;

	if (starts_with(line, len, "-----")) {
		while (i < len && (line[i] == '-' || line[i] == ' '))
			i++;
		return len - i >= 16 &&
		       g_ascii_strncasecmp(line + i, "Original Message",
					   16) == 0;
	}
	if (!starts_with(line, len, "From:"))
		return false;
	if (strncmp(next, "Sent:", 5) == 0)
		return true;
	return memmem(line, len, " Sent: ", 7) &&
	       (strncmp(next, "To:", 3) == 0 || strncmp(next, "Cc:", 3) == 0 ||
		strncmp(next, "Subject:", 8) == 0);
}

/* Whether the line at `line` starts a diff. */
static bool starts_diff(const char *line, size_t len, const char *next)
{
	return starts_with(line, len, "diff --git ") ||
	       (starts_with(line, len, "--- ") &&
		strncmp(next, "+++ ", 4) == 0);
}

/* Whether the line at `line` may belong to the diff before it. */
static bool continues_diff(const char *line, size_t len)
{
	return len == 0 || strchr(" +-@\\", line[0]) != NULL;
}

static char *or_empty(char *s)
{
	return s ? s : g_strdup("");
}

bool ld_parse__scan_body(ld_mail *mail, const char *body)
{
	ld_parse__trailers trailers;
	ld_parse__links links;
	ld_parse__pull pull;
	const char *line, *eol, *next;
	char *change_id = NULL;
	bool in_diff = false;
	size_t len;

	ld_parse__trailers_init(&trailers);
	memset(&links, 0, sizeof(links));
	links.ids = g_string_new(NULL);
	links.self = mail->message_id;
	memset(&pull, 0, sizeof(pull));

	for (line = body; *line; line = next) {
		eol = strchr(line, '\n');
		len = eol ? (size_t)(eol - line) : strlen(line);
		next = eol ? eol + 1 : line + len;
		if (is_signature(line, len) ||
		    starts_original(line, len, next))
			break;
		if (in_diff && continues_diff(line, len))
			continue;
		in_diff = starts_diff(line, len, next);
		if (in_diff || is_quoted(line, len)) {
			links.pending = false;
			continue;
		}
		ld_parse__pull_line(&pull, line, len);
		if (!change_id)
			change_id = ld_parse__change_id(line, len);
		ld_parse__trailers_line(&trailers, line, len);
		ld_parse__links_line(&links, line, len);
	}

	ld_parse__trailers_take(&trailers, &mail->trailers,
				&mail->n_trailers);
	mail->change_id = or_empty(change_id);
	mail->prev_ids = g_string_free(links.ids, FALSE);
	mail->pull.url = or_empty(pull.pull.url);
	mail->pull.ref = or_empty(pull.pull.ref);
	mail->pull.base = or_empty(pull.pull.base);
	mail->pull.authors = pull.pull.authors;
	return ld_parse__pull_found(&pull);
}
