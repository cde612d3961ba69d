/* parse/commitmsg.c - the commit message of a patch or cover letter, and
 * diff detection
 *
 * A format-patch mail reads: in-body headers, a blank line, the message,
 * "---", notes, the diffstat, the diff and the "-- " signature.  The
 * digest shows everything up to the diffstat's summary line, so reviewers
 * see the notes and the touched files but not the diff.  A mail without a
 * diffstat ends at its diff or its signature.  Only "-- " (with the space)
 * is a signature: people write a bare "--" as a separator in cover
 * letters.
 *
 * Owns nothing; returns new strings.
 */
#include "parse/parse.h"
#include "parse/parse_private.h"

#include <string.h>

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The start of the line after the one at `line`, or NULL at the end. */
static const char *next_line(const char *line)
{
	const char *eol = strchr(line, '\n');

	return eol ? eol + 1 : NULL;
}

/* Whether the line at `line` is a diffstat summary such as
 * " 8 files changed, 26 insertions(+), 12 deletions(-)". */
static bool is_diffstat_summary(const char *line)
{
	const char *p = line;

	if (*p++ != ' ' || !g_ascii_isdigit(*p))
		return false;
	while (g_ascii_isdigit(*p))
		p++;
	if (!starts_with(p, " file"))
		return false;
	p += 5;
	if (*p == 's')
		p++;
	return starts_with(p, " changed");
}

/* Whether a "--- " line at `line` is followed by a "+++ " line. */
static bool is_unified_header(const char *line)
{
	const char *next;

	if (!starts_with(line, "--- "))
		return false;
	next = next_line(line);
	return next && starts_with(next, "+++ ");
}

/* Whether the line at `line` starts a diff, in the loose sense used to
 * end a commit message. */
static bool is_diff_start(const char *line)
{
	return starts_with(line, "diff -") || starts_with(line, "Index: ") ||
	       is_unified_header(line);
}

static bool is_signature(const char *line)
{
	return line[0] == '-' && line[1] == '-' && line[2] == ' ' &&
	       (line[3] == '\n' || line[3] == '\0');
}

static bool is_blank(const char *start, const char *end)
{
	for (; start < end; start++) {
		if (*start != ' ' && *start != '\t')
			return false;
	}
	return true;
}

bool ld_parse__has_diff(const char *body)
{
	const char *line;

	for (line = body; line; line = next_line(line)) {
		if (line[0] != 'd' && line[0] != '-')
			continue;
		if (starts_with(line, "diff --git ") ||
		    is_unified_header(line))
			return true;
	}
	return false;
}

char *ld_parse_commit_message(const char *body)
{
	const char *start, *line, *end, *eol, *last;

	if (!body)
		return g_strdup("");
	/* Drop the in-body headers but keep the blank line after them. */
	start = body + ld_parse__inbody_headers(body, NULL, NULL);
	end = start + strlen(start);

	for (line = start; line; line = next_line(line)) {
		if (is_diffstat_summary(line)) {
			eol = strchr(line, '\n');
			end = eol ? eol : line + strlen(line);
			break;
		}
		if (is_signature(line) || is_diff_start(line)) {
			end = line;
			break;
		}
	}

	/* Drop trailing blank lines and the final newline. */
	while (end > start) {
		if (end[-1] == '\n') {
			end--;
			continue;
		}
		for (last = end; last > start && last[-1] != '\n'; last--)
			;
		if (!is_blank(last, end))
			break;
		end = last;
	}
	return g_strndup(start, (gsize)(end - start));
}
