/* report/report_private.h - what the renderers share inside src/report/ */
#ifndef LD_REPORT_PRIVATE_H
#define LD_REPORT_PRIVATE_H

#include <glib.h>
#include <stdio.h>

#include "report/report.h"

/* Write item `index` of the caller's list to `out`.  Called on worker
 * threads: it may only read `ctx` and the digest. */
typedef void (*ld_report__item_fn)(FILE *out, guint index, const void *ctx);

/* Write fn(out, i, ctx) for i = 0 .. n-1, in that order, with up to
 * opts->jobs threads rendering batches of items into memory (each.c).
 * The output is the same for every `jobs`; below 2 (or with no `opts`)
 * the items are written directly.  Returns LD_OK, or LD_ERROR when a
 * batch could not be rendered (then the output is incomplete). */
int ld_report__each(FILE *out, guint n, ld_report__item_fn fn,
		    const void *ctx, const ld_report_options *opts);

#endif
