/* report/text_private.h - what text.c shares with text_stats.c */
#ifndef LD_REPORT_TEXT_PRIVATE_H
#define LD_REPORT_TEXT_PRIVATE_H

#include <stdio.h>

#include "model/model.h"

/* Write `text` with C0 controls (but tab and newline), DEL and C1
 * controls replaced by U+FFFD. */
void ld_text__put(FILE *out, const char *text);
void ld_text__put_line(FILE *out, const char *text);

/* Rows "   count key" or, for `people`, "   count Name <addr>". */
void ld_text__table(FILE *out, const GPtrArray *rows, bool people);

/* "YYYY-MM-DD" of a Date, in UTC, or "unknown date" for none. */
void ld_text__day(char out[16], int64_t when);

/* The reviewers and participants tables, after the contributors'. */
void ld_text__people(FILE *out, const ld_digest *d);

/* The "===== Statistics =====" section (text_stats.c). */
void ld_text__stats(FILE *out, const ld_digest *d);

#endif
