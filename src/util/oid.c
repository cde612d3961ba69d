/* util/oid.c - hex formatting and comparison of ld_oid */
#include "util/oid.h"

#include <glib.h>
#include <string.h>

void ld_oid_fmt(char out[LD_OID_HEXSZ + 1], const ld_oid *oid)
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 0; i < LD_OID_RAWSZ; i++) {
		out[2 * i] = hex[oid->id[i] >> 4];
		out[2 * i + 1] = hex[oid->id[i] & 0xf];
	}
	out[LD_OID_HEXSZ] = '\0';
}

bool ld_oid_parse(ld_oid *out, const char *hex)
{
	int i, hi, lo;

	if (strlen(hex) != LD_OID_HEXSZ)
		return false;
	for (i = 0; i < LD_OID_RAWSZ; i++) {
		hi = g_ascii_xdigit_value(hex[2 * i]);
		lo = g_ascii_xdigit_value(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		out->id[i] = (unsigned char)(hi << 4 | lo);
	}
	return true;
}

bool ld_oid_equal(const ld_oid *a, const ld_oid *b)
{
	return memcmp(a->id, b->id, LD_OID_RAWSZ) == 0;
}

bool ld_oid_is_zero(const ld_oid *oid)
{
	static const ld_oid zero;

	return ld_oid_equal(oid, &zero);
}

unsigned int ld_oid_hash(const void *oid)
{
	unsigned int h;

	/* SHA-1 bytes are already uniformly spread. */
	memcpy(&h, ((const ld_oid *)oid)->id, sizeof(h));
	return h;
}

int ld_oid_hash_equal(const void *a, const void *b)
{
	return ld_oid_equal(a, b);
}
