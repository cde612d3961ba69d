/* util/oid.h - a 20-byte object id shared by the source and index stages
 *
 * Kept separate from libgit2's git_oid so that headers of stages other than
 * source/ never include <git2.h>.  The layout is the same as SHA-1 git_oid.
 */
#ifndef LD_UTIL_OID_H
#define LD_UTIL_OID_H

#include <stdbool.h>

#define LD_OID_RAWSZ 20
#define LD_OID_HEXSZ 40

typedef struct ld_oid {
	unsigned char id[LD_OID_RAWSZ];
} ld_oid;

/* Write the 40 hex digits of `oid` and a NUL into `out`. */
void ld_oid_fmt(char out[LD_OID_HEXSZ + 1], const ld_oid *oid);

/* Parse exactly 40 hex digits.  Returns false on anything else. */
bool ld_oid_parse(ld_oid *out, const char *hex);

bool ld_oid_equal(const ld_oid *a, const ld_oid *b);
bool ld_oid_is_zero(const ld_oid *oid);

/* GHashTable callbacks for keys that point to an ld_oid. */
unsigned int ld_oid_hash(const void *oid);
int ld_oid_hash_equal(const void *a, const void *b);

#endif
