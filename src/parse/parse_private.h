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
 * LF line ends.  For tests and tools; returns LD_OK and a new string
 * (g_free) in *out, or LD_EINVALID and NULL as ld_parse_message() does. */
int ld_parse__body_text(char **out, const char *data, size_t len);

/* The kind of a message from its subject tags, whether its body holds a
 * diff and whether it has In-Reply-To or References. */
ld_kind ld_parse__kind(const ld_subject *subj, bool has_diff,
		       bool threaded);

#endif
