/* parse/parse_private.h - helpers shared by the files of the parse stage
 *
 * Only files under src/parse/ include this header; it may name GMime types
 * because GMime never leaves the stage.  Every function here is
 * thread-safe: none keeps state between calls.
 */
#ifndef LD_PARSE_PRIVATE_H
#define LD_PARSE_PRIVATE_H

#include "parse/parse.h"

#include <gmime/gmime.h>

/* The parser options made by ld_parse_init(); read-only afterwards, so
 * every thread may pass them to GMime.  Borrowed. */
GMimeParserOptions *ld_parse__options(void);

/* A header value made presentable: invalid UTF-8 repaired, tabs, CR and
 * LF turned into spaces, other C0 controls, DEL and C1 controls replaced
 * with U+FFFD, runs of spaces collapsed to one and both ends trimmed.
 * `text` may be NULL (gives "").  Returns a new string (g_free). */
char *ld_parse__clean_header(const char *text);

/* Fill *out with the cleaned name and address of the first mailbox in
 * `list`, looking inside groups.  Returns false, leaving *out untouched,
 * when the list (which may be NULL) holds no mailbox. */
bool ld_parse__person_from_list(ld_person *out, InternetAddressList *list);

/* GMime's address list of `text` (an address header value, raw or
 * unfolded, RFC 2047 allowed), or NULL when it holds no address.  Our way
 * into GMime's address parser, whose leak in GMime 3.2.13 the sanitizer
 * runs suppress there (inbody.c).  Returns a new reference
 * (g_object_unref). */
InternetAddressList *ld_parse__address_list(const char *text);

/* Parse `text` (an address header value, RFC 2047 allowed) with GMime's
 * address parser and fill *out as ld_parse__person_from_list() does.
 * Returns false, leaving *out untouched, when no mailbox is found. */
bool ld_parse__person_from_text(ld_person *out, const char *text);

/*
 * Measure the in-body header block at the top of `body`, as git's
 * mailinfo.c reads it: leading empty lines are skipped, then each of
 * "From:", "Subject:" and "Date:" may appear once (case-insensitive), each
 * possibly continued on lines that start with a space or a tab.  The block
 * ends at the first other line, which is not part of it.
 *
 * Returns the length of the block including the skipped empty lines, or 0
 * when the body does not open with an in-body header.  When `from` is not
 * NULL, *from and *from_len are set to the From value (after "From:" and
 * its blanks, continuation lines included), or NULL and 0 when the block
 * has no From line.
 */
size_t ld_parse__inbody_headers(const char *body, const char **from,
				size_t *from_len);

/* Whether `body` (UTF-8, LF line ends) holds a unified diff: a line
 * starting "diff --git ", or a "--- " line directly followed by a "+++ "
 * line. */
bool ld_parse__has_diff(const char *body);

/* The text ld_parse_message() reads from the raw message of `len` bytes
 * at `data`: text/plain and patch parts in order, decoded to UTF-8 with
 * LF line ends.  With `whole`, GMime's parser always reads the whole
 * message, never skipped as read_message() in message.c skips it for one
 * leaf part in identity, base64 or quoted-printable encoding; the results
 * must be equal, and *direct (may be NULL) says whether the parser was
 * skipped.  For tests and tools; returns LD_OK and a new string (g_free)
 * in *out, or LD_EINVALID and NULL as ld_parse_message() does. */
int ld_parse__body_text(char **out, const char *data, size_t len,
			bool whole, bool *direct);

/* ld_parse_message(), with `whole` as in ld_parse__body_text(): GMime's
 * parser reads every message whole, header fields included.  The two
 * must agree; for tests. */
int ld_parse__message(ld_mail **out, const char *data, size_t len,
		      unsigned flags, bool whole);

/* The kind of a message from its subject tags, whether its body holds a
 * diff, whether it has In-Reply-To or References, and whether its body
 * holds git request-pull text (ld_parse__scan_body()). */
ld_kind ld_parse__kind(const ld_subject *subj, bool has_diff,
		       bool threaded, bool pull_text);

/*
 * One pass over `body` (UTF-8, LF line ends) for what its sender wrote
 * (scan.c): fills mail->trailers and n_trailers, change_id, prev_ids (never
 * listing mail->message_id, which must be set) and pull, every string ""
 * when absent.  Quoted lines, diffs, and whatever follows a "-- "
 * signature or the start of an Outlook-style quoted original are not the
 * sender's text.  Returns whether the body holds git request-pull text:
 * the "since commit" line, the "available in the Git repository" line and
 * a URL.
 */
bool ld_parse__scan_body(ld_mail *mail, const char *body);

/* Review trailers collected from the lines of one body (trailers.c). */
typedef struct ld_parse__trailers {
	GArray *items;          /* of ld_trailer, deduplicated, capped */
	unsigned lines;         /* trailer lines parsed so far */
} ld_parse__trailers;

/* Start and finish a collection; ld_parse__trailers_take() moves the
 * items into *out and *n (*out NULL when there are none) and frees the
 * rest. */
void ld_parse__trailers_init(ld_parse__trailers *t);
void ld_parse__trailers_take(ld_parse__trailers *t, ld_trailer **out,
			     size_t *n);

/* Add the trailer on the sender's own line `line` (`len` bytes, no LF),
 * if it holds one: up to three spaces, Reviewed-by, Acked-by, Tested-by or
 * Nacked-by in any case, a colon, and a person. */
void ld_parse__trailers_line(ld_parse__trailers *t, const char *line,
			     size_t len);

/* Links to earlier versions collected from the lines of one body
 * (links.c). */
typedef struct ld_parse__links {
	GString *ids;           /* space-separated Message-IDs */
	unsigned count;
	bool pending;           /* the last line named a version and ended in
				 * ':' without a link: "Link to v2:" */
	const char *self;       /* the message's own id, never listed;
				 * borrowed */
} ld_parse__links;

/* Add the ids that the sender's own line `line` (`len` bytes, no LF)
 * links to when it names a version ("v2:", "[v1]", "previous"), or when
 * it holds nothing but links after a line that named a version and ended
 * in a colon. */
void ld_parse__links_line(ld_parse__links *l, const char *line, size_t len);

/* The value of a b4 "change-id: X" line (`len` bytes, no LF) as a new
 * string (g_free), or NULL when the line is not one. */
char *ld_parse__change_id(const char *line, size_t len);

/* What the request-pull text of one body says so far (pull.c). */
typedef struct ld_parse__pull {
	int state;              /* where in the request-pull text we are */
	ld_pull pull;           /* strings NULL until found */
} ld_parse__pull;

/* Feed the next unquoted line `line` (`len` bytes, no LF) of a body, in
 * order, blank lines included.  Zero-initialise the struct first. */
void ld_parse__pull_line(ld_parse__pull *p, const char *line, size_t len);

/* Whether the lines fed so far held request-pull text (see
 * ld_parse__scan_body()). */
bool ld_parse__pull_found(const ld_parse__pull *p);

#endif
