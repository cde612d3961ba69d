/* report/report.h - render an ld_digest
 *
 * Each renderer writes one complete document to a stdio stream.  They read
 * the digest only; all text in it is already valid UTF-8, and renderers
 * still escape or neutralise whatever their format needs (control
 * characters for a terminal, markup for Markdown and HTML, quotes for
 * JSON, header injection for email).
 */
#ifndef LD_REPORT_H
#define LD_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "model/model.h"

typedef struct ld_report_options {
	/* Where messages are read on the web: a message's page is this URL,
	 * "/", its Message-ID (percent-escaped as public-inbox does) and
	 * "/" ("https://lore.kernel.org/kvm" gives
	 * https://lore.kernel.org/kvm/ID/).  NULL, or a URL that is not
	 * http(s): no links. */
	const char *archive_url;
	bool color;               /* text: ANSI colours for headings, labels */
	/* email: header values as given (NULL: none; From is required). */
	const char *from;
	const char *to;
	const char *cc;
	bool html_alternative;    /* email: add the HTML page as an
				   * alternative to the text */
	int64_t now;              /* email: its Date, seconds since the
				   * epoch (0: the current time) */
	int jobs;                 /* threads rendering the series (below
				   * 2: one); the output is the same */
} ld_report_options;

#define LD_REPORT_OPTIONS_INIT { NULL, false, NULL, NULL, NULL, false, 0, 1 }

/* The plain-text digest, in the layout of the historical KVM updates.
 * Returns LD_OK, or LD_ERROR when writing fails. */
int ld_report_text(FILE *out, const ld_digest *digest,
		   const ld_report_options *opts);

/* The digest as one JSON object (documented in docs/json.md); of the
 * options (may be NULL) only `jobs` counts. */
int ld_report_json(FILE *out, const ld_digest *digest,
		   const ld_report_options *opts);

/* GitHub-flavoured Markdown (markdown.c). */
int ld_report_markdown(FILE *out, const ld_digest *digest,
		       const ld_report_options *opts);

/* One self-contained HTML page with inline SVG charts (html.c). */
int ld_report_html(FILE *out, const ld_digest *digest,
		   const ld_report_options *opts);

/* A complete RFC 5322 message built with GMime (email.c).  Returns LD_OK,
 * LD_EINVALID for unusable options (no From, a header value that does not
 * parse as addresses), or LD_ERROR. */
int ld_report_email(FILE *out, const ld_digest *digest,
		    const ld_report_options *opts);

/* Whether the email options can make a message: a From, and header
 * values that parse as addresses.  LD_OK or LD_EINVALID (email.c). */
int ld_report_email_check(const ld_report_options *opts);

/* The archive page of `message_id`, or NULL without an archive URL
 * (links.c).  Returns a new string (g_free). */
char *ld_report_message_url(const ld_report_options *opts,
			    const char *message_id);

/* Append `text` to `out` with every character that could drive a
 * terminal made visible: C0 controls but tab and newline, DEL and C1
 * controls as "\xNN", bidirectional overrides and isolates (U+202A-202E,
 * U+2066-2069) and the invisible marks U+200E, U+200F, U+061C as "\uNNNN",
 * invalid UTF-8 bytes as "\xNN" (safe.c). */
void ld_report_safe_append(GString *out, const char *text);

/* Words the renderers share (words.c). */

/* "YYYY-MM-DD" of `when` (seconds since the epoch) in UTC, or in local time
 * for `local`; "unknown date" for a UTC 0 (a message without a Date). */
void ld_report_day(char out[16], int64_t when, bool local);

/* "3d 04h", "5h 07m", "12m", "40s". */
void ld_report_duration(char out[32], int64_t seconds);

/* The range's ends as the reports' first line names them: commits
 * abbreviated to 9 hex digits for a git range ("(start)" for the
 * beginning; `to` is "" otherwise), and the days the messages (or
 * --since/--until, in local time) span ("(start)"/"(end)" when unknown). */
typedef struct ld_report_range {
	char from[10];
	char to[10];
	char first_day[16];
	char last_day[16];
} ld_report_range;

void ld_report_range_ends(ld_report_range *out, const ld_digest *digest);

/* "mailing list update from X to Y[, dated D1 to D2]": the words after
 * the list name in every report's title (g_free). */
char *ld_report_title_words(const ld_digest *digest);

/* How many of a list of `len` rows a report shows: --top (the JSON report
 * has them all). */
guint ld_report_shown(const ld_digest *digest, guint len);

/* A series' missing numbers as runs joined by `sep`: "1-26 28-30" ("" when
 * none; g_free). */
char *ld_report_missing_runs(const GArray *missing, const char *sep);

/* One row of the messages-per-day chart: a day or a month. */
typedef struct ld_report_period {
	char label[16];        /* "2026-07-01" or "2026-07" */
	size_t messages;
} ld_report_period;

/* The chart's rows from `per_day` (ld_day, days with messages only):
 * every day from the first to the last when they span at most `max_days`
 * days, quiet days at zero; else the months (*by_month set), the quiet
 * ones at zero when there are fewer than `max_months` (0: months with
 * messages only).  A new array (g_array_free). */
GArray *ld_report_periods(const GArray *per_day, int max_days,
			  int max_months, bool *by_month);

/* A person's name, else the address (borrowed). */
const char *ld_report_short_name(const ld_person *person);

/* How a renderer writes one person, and words between them. */
typedef void (*ld_report_name_fn)(const ld_person *person, void *payload);
typedef void (*ld_report_words_fn)(const char *words, void *payload);

/* The names shown for a list of people (ld_person *), "Alice, Bob, Carol,
 * Dan, Erin and 4 more", through the renderer's `name` and `words`: at
 * most five, those a reader tells apart by ld_report_short_name() (a name
 * written with two addresses, not merged without a mailmap, once). */
void ld_report_names(const GPtrArray *people, ld_report_name_fn name,
		     ld_report_words_fn words, void *payload);

#endif
