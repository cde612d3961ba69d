/* parse/subject.c - split a subject into reply prefixes, bracket tags and
 * title
 *
 * Kernel lists tag subjects as git format-patch and its users do:
 * "[PATCH RFC net-next v4 01/11] title", "[PATCHv2 3/7]", "[RESEND][PATCH]",
 * "[PATCH v2 1 of 3]" (Mercurial), "[GIT PULL]", and replies put "Re:",
 * "AW:", "Sv:" and friends in front.  Mail systems add their own brackets
 * ("[EXTERNAL] Re: [PATCH] ..."), so any bracket group seen before a reply
 * prefix is dropped as noise: only the groups after the last prefix count.
 * Brackets after the first word of the title belong to the title.
 *
 * Owns nothing; ld_subject's strings belong to the caller.
 */
#include "parse/parse.h"
#include "parse/parse_private.h"

#include <string.h>

/* Longer digit strings are not counts but text ("[12345678901]"). */
#define MAX_DIGITS 9

static const char *const reply_words[] = {
	"re", "fwd", "fw", "aw", "sv", "antw", "wg", "odp", NULL
};

/* The length of the reply prefix ("Re:", "RE :", "Re[2]:", "Fwd:") at `p`,
 * or 0. */
static size_t reply_prefix_len(const char *p)
{
	const char *q;
	size_t n;
	int i;

	for (i = 0; reply_words[i]; i++) {
		n = strlen(reply_words[i]);
		if (g_ascii_strncasecmp(p, reply_words[i], n) == 0)
			break;
	}
	if (!reply_words[i])
		return 0;
	q = p + n;
	/* "Re[2]:" and "Re^2:" count replies; skip the count. */
	if (*q == '[' || *q == '^') {
		const char *d = q + 1;

		while (g_ascii_isdigit(*d))
			d++;
		if (d > q + 1 && (*q == '^' || *d == ']'))
			q = *q == '^' ? d : d + 1;
	}
	while (*q == ' ')
		q++;
	if (*q != ':')
		return 0;
	return (size_t)(q + 1 - p);
}

/* Parse the `len` digits at `s` into *out; false when there are none, too
 * many, or other characters. */
static bool parse_count(const char *s, size_t len, int *out)
{
	size_t i;
	int v = 0;

	if (len == 0 || len > MAX_DIGITS)
		return false;
	for (i = 0; i < len; i++) {
		if (!g_ascii_isdigit(s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* Whether `tok` (of `len` bytes) is a version: "v2", "V2", or a respin
 * such as "v8.1" or "v4A", which counts as its leading number and sets
 * *loose. */
static bool parse_version(const char *tok, size_t len, int *out,
			  bool *loose)
{
	size_t n = 1;

	if (len < 2 || (tok[0] != 'v' && tok[0] != 'V'))
		return false;
	while (n < len && g_ascii_isdigit(tok[n]))
		n++;
	if (n < len && tok[n] != '.' && !g_ascii_isalpha(tok[n]))
		return false;
	if (!parse_count(tok + 1, n - 1, out))
		return false;
	*loose = n < len;
	return true;
}

/* Whether `tok` is "N/M"; sets *number and *total. */
static bool parse_fraction(const char *tok, size_t len, int *number,
			   int *total)
{
	const char *slash = memchr(tok, '/', len);
	int n, m;

	if (!slash)
		return false;
	if (!parse_count(tok, (size_t)(slash - tok), &n) ||
	    !parse_count(slash + 1, len - (size_t)(slash + 1 - tok), &m))
		return false;
	*number = n;
	*total = m;
	return true;
}

static void add_tag(GString *tags, const char *tok, size_t len)
{
	if (tags->len)
		g_string_append_c(tags, ' ');
	g_string_append_len(tags, tok, (gssize)len);
}

/* Set out->version from the version token `tok`; a loose one ("v8.1")
 * also stays visible among the tags. */
static bool take_version(ld_subject *out, GString *tags, const char *tok,
			 size_t len)
{
	bool loose;
	int v;

	if (!parse_version(tok, len, &v, &loose))
		return false;
	out->version = v;
	if (loose)
		add_tag(tags, tok, len);
	return true;
}

/* Whether `tok` is `word` (case-insensitive), possibly glued to a version
 * ("PATCHv2", "PATCH-v2", "RFCv3"), which then goes to out->version. */
static bool is_word(ld_subject *out, GString *tags, const char *tok,
		    size_t len, const char *word)
{
	size_t n = strlen(word);

	if (len < n || g_ascii_strncasecmp(tok, word, n) != 0)
		return false;
	if (len == n)
		return true;
	tok += n;
	len -= n;
	if (*tok == '-') {
		tok++;
		len--;
	}
	return take_version(out, tags, tok, len);
}

/* Mail systems' markers, not the author's tags. */
static bool is_noise(const char *tok, size_t len)
{
	return (len == 8 && g_ascii_strncasecmp(tok, "EXTERNAL", 8) == 0) ||
	       (len == 3 && g_ascii_strncasecmp(tok, "EXT", 3) == 0);
}

/* Read the tokens of one bracket group, [start, end), into *out and
 * `tags`. */
static void parse_group(ld_subject *out, GString *tags, const char *start,
			const char *end)
{
	const char *toks[64];
	size_t lens[64];
	size_t ntok = 0, i, len;
	const char *p = start;
	int a, b;

	while (p < end && ntok < G_N_ELEMENTS(toks)) {
		while (p < end && (*p == ' ' || *p == ','))
			p++;
		if (p == end)
			break;
		toks[ntok] = p;
		while (p < end && *p != ' ' && *p != ',')
			p++;
		lens[ntok] = (size_t)(p - toks[ntok]);
		/* "[PATCH v2:" and "[RFC:" carry a stray colon. */
		if (lens[ntok] > 1 && toks[ntok][lens[ntok] - 1] == ':')
			lens[ntok]--;
		ntok++;
	}

	for (i = 0; i < ntok; i++) {
		const char *tok = toks[i];

		len = lens[i];
		if (is_word(out, tags, tok, len, "PATCH")) {
			out->flags |= LD_SUBJ_PATCH;
		} else if (is_word(out, tags, tok, len, "RFC")) {
			out->flags |= LD_SUBJ_RFC;
		} else if (is_word(out, tags, tok, len, "RESEND")) {
			out->flags |= LD_SUBJ_RESEND;
		} else if (is_word(out, tags, tok, len, "PULL")) {
			out->flags |= LD_SUBJ_PULL;
		} else if (len == 3 &&
			   g_ascii_strncasecmp(tok, "GIT", 3) == 0 &&
			   i + 1 < ntok && lens[i + 1] == 4 &&
			   g_ascii_strncasecmp(toks[i + 1], "PULL", 4) == 0) {
			out->flags |= LD_SUBJ_PULL;
			i++;
		} else if (take_version(out, tags, tok, len)) {
			/* "v2" */
		} else if (len == 1 && (*tok == 'v' || *tok == 'V') &&
			   i + 1 < ntok &&
			   parse_count(toks[i + 1], lens[i + 1], &a)) {
			/* "v 2" */
			out->version = a;
			i++;
		} else if (parse_fraction(tok, len, &a, &b)) {
			out->number = a;
			out->total = b;
		} else if (i + 2 < ntok && parse_count(tok, len, &a) &&
			   lens[i + 1] == 2 &&
			   g_ascii_strncasecmp(toks[i + 1], "of", 2) == 0 &&
			   parse_count(toks[i + 2], lens[i + 2], &b)) {
			/* Mercurial's "1 of 3" */
			out->number = a;
			out->total = b;
			i += 2;
		} else if (!is_noise(tok, len)) {
			add_tag(tags, tok, len);
		}
	}
}

/* Strip a trailing "(v2)" from `title` (in place) into *version. */
static void strip_version_suffix(char *title, int *version)
{
	size_t len = strlen(title);
	bool loose;
	char *open;
	int v;

	if (len < 4 || title[len - 1] != ')')
		return;
	open = strrchr(title, '(');
	if (!open || !parse_version(open + 1, (size_t)(title + len - 1 -
							(open + 1)),
				    &v, &loose) || loose)
		return;
	*version = v;
	while (open > title && open[-1] == ' ')
		open--;
	*open = '\0';
}

void ld_subject_parse(ld_subject *out, const char *subject)
{
	char *clean = ld_parse__clean_header(subject);
	GString *tags = g_string_new(NULL);
	const char *p = clean, *close;
	size_t n;

	out->version = 1;
	out->number = -1;
	out->total = -1;
	out->flags = 0;

	for (;;) {
		while (*p == ' ')
			p++;
		if ((n = reply_prefix_len(p)) > 0) {
			/* Whatever came before a reply prefix was added by
			 * some mail system, not by the author. */
			out->flags = LD_SUBJ_REPLY;
			out->version = 1;
			out->number = -1;
			out->total = -1;
			g_string_truncate(tags, 0);
			p += n;
			continue;
		}
		if (*p == '[' && (close = strchr(p, ']')) != NULL) {
			parse_group(out, tags, p + 1, close);
			p = close + 1;
			continue;
		}
		break;
	}

	out->title = g_strdup(p);
	strip_version_suffix(out->title, &out->version);
	out->tags = g_string_free(tags, FALSE);
	g_free(clean);
}

const char *ld_subject_skip_replies(const char *subject)
{
	const char *p = subject;
	size_t n;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if ((n = reply_prefix_len(p)) == 0)
			return p;
		p += n;
	}
}

void ld_subject_clear(ld_subject *subj)
{
	if (!subj)
		return;
	g_free(subj->title);
	g_free(subj->tags);
	subj->title = NULL;
	subj->tags = NULL;
}
