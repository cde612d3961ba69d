/* report/text_private.h - what text.c shares with text_stats.c */
#ifndef LD_REPORT_TEXT_PRIVATE_H
#define LD_REPORT_TEXT_PRIVATE_H

#include <stdio.h>

#include "report/report.h"

/* Write `text` with control characters made visible
 * (ld_report_safe_append()). */
void ld_text__put(FILE *out, const char *text);
void ld_text__put_line(FILE *out, const char *text);

/* A heading line (printf format; no message text in it), bold when
 * `color`. */
void ld_text__heading(FILE *out, bool color, const char *fmt, ...)
	G_GNUC_PRINTF(3, 4);

/* Rows "   count key" or, for `people`, "   count Name <addr>". */
void ld_text__table(FILE *out, const GPtrArray *rows, bool people);

/* The reviewers and participants tables, after the contributors'. */
void ld_text__people(FILE *out, const ld_digest *d, bool color);

/* The "===== Statistics =====" section (text_stats.c). */
void ld_text__stats(FILE *out, const ld_digest *d, bool color);

#endif
