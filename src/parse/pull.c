/* parse/pull.c - what git request-pull text says
 *
 * "git request-pull" writes, at the start of lines:
 *
 *   The following changes since commit d206a76d...:
 *     Linux 6.8-rc6 (2024-02-25 15:46:06 -0800)
 *   are available in the Git repository at:
 *     git://git.kernel.org/pub/scm/.../linux.git tags/hyperv-next-20240320
 *   for you to fetch changes up to f2580a90...:
 *   ...
 *   Michael Kelley (1):
 *         x86/hyperv: Use Hyper-V entropy to seed ...
 *
 * (older git says "git repository").  The URL and the branch or tag may
 * also follow the colon on the same line.  Maintainers edit the first line
 * ("Please pull the following changes since commit" with the commit on
 * the next line), so it is found anywhere in a line.  The shortlog's
 * author headers, "Name (N):" at column 0, count the authors.  The text
 * fed here is already unquoted (scan.c), so a quoted request in a reply
 * is never read.
 *
 * Owns nothing beyond the ld_parse__pull it fills.
 */
#include "parse/parse.h"
#include "parse/parse_private.h"

#include <string.h>

enum {
	PULL_NONE = 0,          /* no "since commit" line yet */
	PULL_BASE,              /* "since commit" ended its line: the commit
				 * is on the next */
	PULL_SINCE,             /* wait for "are available in ..." */
	PULL_AVAILABLE,         /* wait for the URL line */
	PULL_REF,               /* a URL without a ref: it may follow */
	PULL_FOUND,             /* a URL: request-pull text */
	PULL_BROKEN             /* no URL after "are available"; give up */
};

#define SINCE "following changes since commit"
#define AVAILABLE "are available in the git repository at:"

/* An abbreviated or full object name. */
#define MIN_HEX 7
#define MAX_HEX 64

/* The length of the word at `s` (`len` bytes), up to a blank. */
static size_t word_len(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && s[n] != ' ' && s[n] != '\t')
		n++;
	return n;
}

static size_t skip_blanks(const char *s, size_t len, size_t i)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* The commit at the start of the `len` bytes at `s` (after blanks), with
 * its ':', or NULL when there is none. */
static char *since_commit(const char *s, size_t len)
{
	size_t i = skip_blanks(s, len, 0), n = word_len(s + i, len - i), k;

	if (n > 0 && s[i + n - 1] == ':')
		n--;
	if (n < MIN_HEX || n > MAX_HEX)
		return NULL;
	for (k = 0; k < n; k++) {
		if (!g_ascii_isxdigit(s[i + k]))
			return NULL;
	}
	return g_strndup(s + i, (gsize)n);
}

/* Read "URL [ref]" from the `len` bytes at `s` into p->pull; false when
 * the first word is not a URL (a scheme, "host:path" or a path). */
static bool take_url(ld_parse__pull *p, const char *s, size_t len)
{
	size_t i = skip_blanks(s, len, 0), n, r;

	n = word_len(s + i, len - i);
	if (n == 0 || (!memchr(s + i, ':', n) && s[i] != '/'))
		return false;
	p->pull.url = g_strndup(s + i, (gsize)n);
	r = skip_blanks(s, len, i + n);
	n = word_len(s + r, len - r);
	if (n > 0)
		p->pull.ref = g_strndup(s + r, (gsize)n);
	return true;
}

/* The state after reading the URL line. */
static int after_url(const ld_parse__pull *p, bool found)
{
	if (!found)
		return PULL_BROKEN;
	return p->pull.ref ? PULL_FOUND : PULL_REF;
}

/* Whether `line` is a shortlog author header, "Name (N):", at column 0. */
static bool is_author(const char *line, size_t len)
{
	size_t i;

	while (len > 0 && line[len - 1] == ' ')
		len--;
	if (len < 5 || line[len - 1] != ':' || line[len - 2] != ')' ||
	    !(g_ascii_isalpha(line[0]) || (unsigned char)line[0] >= 0x80))
		return false;
	i = len - 3;
	if (!g_ascii_isdigit(line[i]))
		return false;
	while (i > 0 && g_ascii_isdigit(line[i]))
		i--;
	return line[i] == '(' && i >= 2 && line[i - 1] == ' ';
}

void ld_parse__pull_line(ld_parse__pull *p, const char *line, size_t len)
{
	const char *since;
	size_t i;

	switch (p->state) {
	case PULL_NONE:
		/* the line ends with "X:" or with "commit" (X on the next
		 * line); most lines do not, and need no search */
		for (i = len; i > 0 && line[i - 1] == ' '; i--)
			;
		if (i == 0 || (line[i - 1] != ':' && line[i - 1] != 't'))
			return;
		since = memmem(line, len, SINCE, strlen(SINCE));
		if (!since)
			return;
		i = (size_t)(since - line) + strlen(SINCE);
		if (skip_blanks(line, len, i) == len)
			p->state = PULL_BASE;
		else if ((p->pull.base = since_commit(line + i, len - i)))
			p->state = PULL_SINCE;
		return;
	case PULL_BASE:
		p->pull.base = since_commit(line, len);
		p->state = p->pull.base ? PULL_SINCE : PULL_NONE;
		return;
	case PULL_SINCE:
		i = skip_blanks(line, len, 0);
		if (len - i >= strlen(AVAILABLE) &&
		    g_ascii_strncasecmp(line + i, AVAILABLE,
					strlen(AVAILABLE)) == 0) {
			i += strlen(AVAILABLE);
			if (skip_blanks(line, len, i) == len)
				p->state = PULL_AVAILABLE;
			else
				p->state = after_url(p, take_url(p, line + i,
								 len - i));
			return;
		}
		break;
	case PULL_AVAILABLE:
		if (skip_blanks(line, len, 0) == len)
			return;
		p->state = after_url(p, take_url(p, line, len));
		return;
	case PULL_REF:
		/* git wraps a long "URL tag" line: the ref, alone on the
		 * next line ("tags/hyperv-fixes-signed") */
		i = skip_blanks(line, len, 0);
		if (i < len && word_len(line + i, len - i) == len - i &&
		    !memchr(line + i, ':', len - i))
			p->pull.ref = g_strndup(line + i, (gsize)(len - i));
		p->state = PULL_FOUND;
		break;
	case PULL_FOUND:
		break;
	default:
		return;
	}
	if (is_author(line, len))
		p->pull.authors++;
}

bool ld_parse__pull_found(const ld_parse__pull *p)
{
	return p->state == PULL_FOUND || p->state == PULL_REF;
}
