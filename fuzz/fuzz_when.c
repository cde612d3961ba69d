/* fuzz/fuzz_when.c - ld_when_parse() on arbitrary text
 *
 * The dates a user types for --since and --until, cut at the first NUL,
 * parsed against a fixed `now` both as a start and as an end of day, in
 * TZ=Europe/Berlin (set before GLib first looks at the local zone) so that
 * DST days are reachable.  Either LD_EINVALID, or an instant from 1970 to
 * the end of 9999 (when.c's range), and an end of day never before the
 * start of the same day.
 */
#include "fuzz.h"

#include <time.h>

#include "util/error.h"
#include "util/when.h"

#define NOW INT64_C(1752000000)          /* 2025-07-08T18:40:00Z */
#define WHEN_MAX INT64_C(253402300800)   /* 10000-01-01T00:00:00Z */

void ld_fuzz_when_init(void)
{
	g_setenv("TZ", "Europe/Berlin", TRUE);
	tzset();
}

int ld_fuzz_when(const uint8_t *data, size_t size)
{
	char *text = ld_fuzz_cstring(data, size);
	int64_t start = -1, end = -1;
	int e1, e2;

	e1 = ld_when_parse(&start, text, NOW, false);
	e2 = ld_when_parse(&end, text, NOW, true);
	FUZZ_CHECK(e1 == LD_OK || e1 == LD_EINVALID);
	FUZZ_CHECK(e2 == LD_OK || e2 == LD_EINVALID);
	if (e1 == LD_OK)
		FUZZ_CHECK(start >= 0 && start <= WHEN_MAX);
	if (e2 == LD_OK)
		FUZZ_CHECK(end >= 0 && end <= WHEN_MAX);
	if (e1 == LD_OK && e2 == LD_OK)
		FUZZ_CHECK(end >= start);
	g_free(text);
	return 0;
}

LD_FUZZ_ENTRY(when)
