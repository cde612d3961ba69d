/* source/mailmap.h - git's .mailmap: one person, several identities
 *
 * A map in git's .mailmap format, applied through libgit2's mailmap
 * support.  Addresses compare case-insensitively (git's rule; libgit2
 * compares them exactly, so the map's matching addresses and the queried
 * ones are lower-cased first).
 */
#ifndef LD_SOURCE_MAILMAP_H
#define LD_SOURCE_MAILMAP_H

#include <stddef.h>

typedef struct ld_mailmap ld_mailmap;

/* Parse the .mailmap text `buf` of `len` bytes.  Returns LD_OK or
 * LD_ERROR. */
int ld_mailmap_parse(ld_mailmap **out, const char *buf, size_t len);

/* Read the .mailmap file at `path`.  Returns LD_OK, LD_ENOTFOUND or
 * LD_ERROR. */
int ld_mailmap_open(ld_mailmap **out, const char *path);

/* The canonical name and address of `name` <`email`> (either may be "");
 * both results are new strings (g_free), the inputs when nothing maps. */
int ld_mailmap_resolve(const ld_mailmap *mm, const char *name,
		       const char *email, char **out_name, char **out_email);

void ld_mailmap_free(ld_mailmap *mm);

#endif
