/* report/report.h - render an ld_digest
 *
 * Each renderer writes one complete document to a stdio stream.  They read
 * the digest only; all text in it is already valid UTF-8, and renderers
 * still escape or neutralise whatever their format needs (control
 * characters for a terminal, quotes for JSON).
 */
#ifndef LD_REPORT_H
#define LD_REPORT_H

#include <stdio.h>

#include "model/model.h"

/* The plain-text digest, in the layout of the historical KVM updates.
 * Returns LD_OK, or LD_ERROR when writing fails. */
int ld_report_text(FILE *out, const ld_digest *digest);

/* The digest as one JSON object (documented in docs/json.md). */
int ld_report_json(FILE *out, const ld_digest *digest);

#endif
