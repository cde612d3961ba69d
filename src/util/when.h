/* util/when.h - the dates a user may type for --since and --until
 *
 * Accepted: "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS]" with an optional zone
 * ("+0200", "-05:00", "UTC", "Z"), ISO 8601 ("2025-07-08T06:36:10Z"),
 * "N hours|days|weeks ago" (also singular, and minutes), "yesterday",
 * "today", "now".  Times without a zone are local time ($TZ).
 */
#ifndef LD_UTIL_WHEN_H
#define LD_UTIL_WHEN_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Parse `text` relative to `now` (seconds since the epoch).  A bare date
 * ("2025-07-08", "yesterday", "today") means the start of that day, or
 * with `end_of_day` the start of the next day, so that "--until
 * 2025-07-08" includes the whole 8th.  Returns LD_OK with *out in seconds
 * since the epoch, or LD_EINVALID with a message.
 */
int ld_when_parse(int64_t *out, const char *text, int64_t now,
		  bool end_of_day);

#endif
