/* tests/util/when.c - ld_when_parse(): the dates a user types for --since
 * and --until
 *
 * Every case runs in its own subprocess (g_test_trap_subprocess) with TZ
 * set before GLib looks at the local zone, so one zone's cases cannot leak
 * into another's and a GLib-CRITICAL (fatal under GTest) or a crash fails
 * only its own case.  `now` is fixed per case.  Expected instants were
 * computed independently (Python's zoneinfo) and are written as numbers
 * with the instant they stand for in a comment.
 *
 * Zones: UTC (no DST) and Europe/Berlin (CET +01:00 in winter, CEST +02:00
 * from 2025-03-30 01:00Z to 2025-10-26 01:00Z, so 2025-03-30 has 23 hours
 * and 2025-10-26 has 25).
 */
#include "util/error.h"
#include "util/when.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NOW_A INT64_C(1752000000)  /* 2025-07-08T18:40:00Z */
#define NOW_B INT64_C(1752013800)  /* 2025-07-08T22:30:00Z = 07-09 00:30 CEST */
#define NOW_C INT64_C(1743336000)  /* 2025-03-30T12:00:00Z, the DST day */

enum { OK, BAD, EITHER };

typedef struct {
	const char *path;   /* under /util/when/ */
	const char *tz;
	const char *text;
	int64_t now;
	bool end_of_day;
	int want;           /* OK: LD_OK and `out`; BAD: LD_EINVALID;
			     * EITHER: LD_EINVALID, or LD_OK and `out` */
	int64_t out;
} when_case;

static const when_case cases[] = {
	/* --- UTC: calendar dates --- */
	{ "utc/day", "UTC", "2025-07-08", NOW_A, false, OK,
	  1751932800 },                              /* 2025-07-08T00:00Z */
	{ "utc/day-end", "UTC", "2025-07-08", NOW_A, true, OK,
	  1752019200 },                              /* 2025-07-09T00:00Z */
	{ "utc/day-spaces", "UTC", "  2025-07-08 ", NOW_A, false, OK,
	  1751932800 },
	{ "utc/minute", "UTC", "2025-07-08 06:36", NOW_A, false, OK,
	  1751956560 },                              /* 06:36:00Z */
	{ "utc/second", "UTC", "2025-07-08 06:36:10", NOW_A, false, OK,
	  1751956570 },
	/* a time of day makes end_of_day irrelevant */
	{ "utc/second-end", "UTC", "2025-07-08 06:36:10", NOW_A, true, OK,
	  1751956570 },
	{ "utc/zone-plus", "UTC", "2025-07-08 06:36:10 +0200", NOW_A, false,
	  OK, 1751949370 },                          /* 04:36:10Z */
	{ "utc/zone-minus-colon", "UTC", "2025-07-08 06:36 -05:00", NOW_A,
	  false, OK, 1751974560 },                   /* 11:36Z */
	{ "utc/zone-utc", "UTC", "2025-07-08 06:36 UTC", NOW_A, false, OK,
	  1751956560 },
	{ "utc/zone-z", "UTC", "2025-07-08 06:36:10 Z", NOW_A, false, OK,
	  1751956570 },
	{ "utc/zone-gmt", "UTC", "2025-07-08 06:36 GMT", NOW_A, false, OK,
	  1751956560 },
	{ "utc/leap-day", "UTC", "2024-02-29", NOW_A, false, OK,
	  1709164800 },                              /* 2024-02-29T00:00Z */
	{ "utc/year-end", "UTC", "2024-12-31", NOW_A, true, OK,
	  1735689600 },                              /* 2025-01-01T00:00Z */
	/* Mail archives start after 1970: earlier dates are refused. */
	{ "utc/before-epoch", "UTC", "1969-12-31", NOW_A, false, BAD, 0 },
	{ "utc/epoch", "UTC", "1970-01-01", NOW_A, false, OK, 0 },
	/* --- UTC: ISO 8601 --- */
	{ "utc/iso-z", "UTC", "2025-07-08T06:36:10Z", NOW_A, false, OK,
	  1751956570 },
	{ "utc/iso-z-end", "UTC", "2025-07-08T06:36:10Z", NOW_A, true, OK,
	  1751956570 },
	{ "utc/iso-offset", "UTC", "2025-07-08T06:36:10+02:00", NOW_A, false,
	  OK, 1751949370 },
	{ "utc/iso-fraction", "UTC", "2025-07-08T06:36:10.250Z", NOW_A,
	  false, OK, 1751956570 },
	/* --- UTC: relative to now (no DST: a day is 86400 s) --- */
	{ "utc/now", "UTC", "now", NOW_A, false, OK, NOW_A },
	{ "utc/5-minutes-ago", "UTC", "5 minutes ago", NOW_A, false, OK,
	  NOW_A - 300 },
	{ "utc/1-minute-ago", "UTC", "1 minute ago", NOW_A, false, OK,
	  NOW_A - 60 },
	{ "utc/1-hour-ago", "UTC", "1 hour ago", NOW_A, false, OK,
	  NOW_A - 3600 },
	{ "utc/3-hours-ago", "UTC", "3 hours ago", NOW_A, false, OK,
	  NOW_A - 10800 },
	{ "utc/1-day-ago", "UTC", "1 day ago", NOW_A, false, OK,
	  NOW_A - 86400 },
	{ "utc/2-days-ago", "UTC", "2 days ago", NOW_A, false, OK,
	  NOW_A - 172800 },
	/* "N units ago" is an instant: end_of_day does not move it */
	{ "utc/2-days-ago-end", "UTC", "2 days ago", NOW_A, true, OK,
	  NOW_A - 172800 },
	{ "utc/0-days-ago", "UTC", "0 days ago", NOW_A, false, OK, NOW_A },
	{ "utc/1-week-ago", "UTC", "1 week ago", NOW_A, false, OK,
	  NOW_A - 604800 },
	{ "utc/2-weeks-ago", "UTC", "2 weeks ago", NOW_A, false, OK,
	  NOW_A - 1209600 },
	{ "utc/today", "UTC", "today", NOW_A, false, OK,
	  1751932800 },                              /* 2025-07-08T00:00Z */
	{ "utc/today-end", "UTC", "today", NOW_A, true, OK,
	  1752019200 },                              /* 2025-07-09T00:00Z */
	{ "utc/yesterday", "UTC", "yesterday", NOW_A, false, OK,
	  1751846400 },                              /* 2025-07-07T00:00Z */
	{ "utc/yesterday-end", "UTC", "yesterday", NOW_A, true, OK,
	  1751932800 },                              /* 2025-07-08T00:00Z */

	/* --- Europe/Berlin: local time without a zone --- */
	{ "berlin/summer-day", "Europe/Berlin", "2025-07-08", NOW_A, false,
	  OK, 1751925600 },                          /* 2025-07-07T22:00Z */
	{ "berlin/summer-day-end", "Europe/Berlin", "2025-07-08", NOW_A, true,
	  OK, 1752012000 },                          /* 2025-07-08T22:00Z */
	{ "berlin/winter-day", "Europe/Berlin", "2025-01-15", NOW_A, false,
	  OK, 1736895600 },                          /* 2025-01-14T23:00Z */
	{ "berlin/winter-day-end", "Europe/Berlin", "2025-01-15", NOW_A, true,
	  OK, 1736982000 },                          /* 2025-01-15T23:00Z */
	/* 2025-03-30 is 23 hours long, 2025-10-26 25 hours */
	{ "berlin/spring-day", "Europe/Berlin", "2025-03-30", NOW_A, false,
	  OK, 1743289200 },                          /* 2025-03-29T23:00Z */
	{ "berlin/spring-day-end", "Europe/Berlin", "2025-03-30", NOW_A, true,
	  OK, 1743372000 },                          /* 2025-03-30T22:00Z */
	{ "berlin/autumn-day", "Europe/Berlin", "2025-10-26", NOW_A, false,
	  OK, 1761429600 },                          /* 2025-10-25T22:00Z */
	{ "berlin/autumn-day-end", "Europe/Berlin", "2025-10-26", NOW_A, true,
	  OK, 1761519600 },                          /* 2025-10-26T23:00Z */
	{ "berlin/summer-minute", "Europe/Berlin", "2025-07-08 06:36", NOW_A,
	  false, OK, 1751949360 },                   /* 04:36Z */
	{ "berlin/winter-minute", "Europe/Berlin", "2025-01-15 06:36", NOW_A,
	  false, OK, 1736919360 },                   /* 05:36Z */
	{ "berlin/iso-local", "Europe/Berlin", "2025-07-08T06:36:10", NOW_A,
	  false, OK, 1751949370 },                   /* 04:36:10Z */
	/* an explicit zone wins over $TZ */
	{ "berlin/zone-utc", "Europe/Berlin", "2025-07-08 06:36 UTC", NOW_A,
	  false, OK, 1751956560 },
	{ "berlin/zone-plus0000", "Europe/Berlin", "2025-07-08 06:36 +0000",
	  NOW_A, false, OK, 1751956560 },
	{ "berlin/zone-minus", "Europe/Berlin", "2025-07-08 06:36 -05:00",
	  NOW_A, false, OK, 1751974560 },
	{ "berlin/iso-z", "Europe/Berlin", "2025-07-08T06:36:10Z", NOW_A,
	  false, OK, 1751956570 },
	/* today/yesterday are local days: at 00:30 CEST on 07-09 (22:30Z on
	 * 07-08) today is the 9th, not UTC's 8th */
	{ "berlin/today-after-midnight", "Europe/Berlin", "today", NOW_B,
	  false, OK, 1752012000 },                   /* 07-09 00:00 CEST */
	{ "berlin/today-after-midnight-end", "Europe/Berlin", "today", NOW_B,
	  true, OK, 1752098400 },                    /* 07-10 00:00 CEST */
	{ "berlin/yesterday-after-midnight", "Europe/Berlin", "yesterday",
	  NOW_B, false, OK, 1751925600 },            /* 07-08 00:00 CEST */
	{ "berlin/yesterday-after-midnight-end", "Europe/Berlin", "yesterday",
	  NOW_B, true, OK, 1752012000 },             /* 07-09 00:00 CEST */
	/* on the 23-hour day */
	{ "berlin/today-dst", "Europe/Berlin", "today", NOW_C, false, OK,
	  1743289200 },                              /* 03-30 00:00 CET */
	{ "berlin/today-dst-end", "Europe/Berlin", "today", NOW_C, true, OK,
	  1743372000 },                              /* 03-31 00:00 CEST */
	{ "berlin/yesterday-dst", "Europe/Berlin", "yesterday", NOW_C, false,
	  OK, 1743202800 },                          /* 03-29 00:00 CET */
	{ "berlin/yesterday-dst-end", "Europe/Berlin", "yesterday", NOW_C,
	  true, OK, 1743289200 },                    /* 03-30 00:00 CET */
	{ "berlin/hours-ago", "Europe/Berlin", "3 hours ago", NOW_C, false,
	  OK, NOW_C - 10800 },

	/* --- garbage: LD_EINVALID --- */
	{ "bad/empty", "UTC", "", NOW_A, false, BAD, 0 },
	{ "bad/blank", "UTC", "   ", NOW_A, false, BAD, 0 },
	{ "bad/word", "UTC", "garbage", NOW_A, false, BAD, 0 },
	{ "bad/tomorrow", "UTC", "tomorrow", NOW_A, false, BAD, 0 },
	{ "bad/month-13", "UTC", "2025-13-01", NOW_A, false, BAD, 0 },
	{ "bad/month-0", "UTC", "2025-00-10", NOW_A, false, BAD, 0 },
	{ "bad/feb-30", "UTC", "2025-02-30", NOW_A, false, BAD, 0 },
	{ "bad/feb-29-not-leap", "UTC", "2025-02-29", NOW_A, false, BAD, 0 },
	{ "bad/hour-24", "UTC", "2025-07-08 24:01", NOW_A, false, BAD, 0 },
	{ "bad/minute-60", "UTC", "2025-07-08 12:60", NOW_A, false, BAD, 0 },
	{ "bad/hour-only", "UTC", "2025-07-08 10", NOW_A, false, BAD, 0 },
	{ "bad/slashes", "UTC", "2025/07/08", NOW_A, false, BAD, 0 },
	{ "bad/named-zone", "UTC", "2025-07-08 12:00 CEST", NOW_A, false, BAD,
	  0 },
	{ "bad/zone-out-of-range", "UTC", "2025-07-08 12:00 +2500", NOW_A,
	  false, BAD, 0 },
	{ "bad/trailing-word", "UTC", "2025-07-08 junk", NOW_A, false, BAD,
	  0 },
	{ "bad/trailing-after-zone", "UTC", "2025-07-08 12:00 +0200 x", NOW_A,
	  false, BAD, 0 },
	{ "bad/iso-no-time", "UTC", "2025-07-08T", NOW_A, false, BAD, 0 },
	{ "bad/unit", "UTC", "3 fortnights ago", NOW_A, false, BAD, 0 },
	{ "bad/no-ago", "UTC", "1 day", NOW_A, false, BAD, 0 },
	{ "bad/no-count", "UTC", "days ago", NOW_A, false, BAD, 0 },
	{ "bad/ago-alone", "UTC", "ago", NOW_A, false, BAD, 0 },
	{ "bad/negative-count", "UTC", "-1 days ago", NOW_A, false, BAD, 0 },
	/* the whole text must match one shape */
	{ "bad/ago-trailing", "UTC", "2 days ago now", NOW_A, false, BAD, 0 },
	{ "bad/ago-trailing-word", "UTC", "2 days ago please", NOW_A, false,
	  BAD, 0 },

	/* --- overflow: rejected, or (EITHER) a correct value; never a
	 * GLib-CRITICAL, never 0 standing in for "no limit" --- */
	{ "overflow/weeks-int64", "UTC", "9223372036854775807 weeks ago",
	  NOW_A, false, BAD, 0 },
	{ "overflow/days-beyond-int64", "UTC",
	  "99999999999999999999 days ago", NOW_A, false, BAD, 0 },
	{ "overflow/minutes-beyond-int64", "UTC",
	  "9223372036854775808 minutes ago", NOW_A, false, BAD, 0 },
	/* fits in int64 but lies 1.9 million years before year 1 */
	{ "overflow/before-year-1", "UTC", "100000000000 weeks ago", NOW_A,
	  false, BAD, 0 },
	{ "overflow/year-10000", "UTC", "10000-01-01", NOW_A, false, BAD, 0 },
	{ "overflow/year-0", "UTC", "0000-01-01", NOW_A, false, BAD, 0 },
	{ "overflow/last-day", "UTC", "9999-12-31", NOW_A, false, OK,
	  253402214400 },                            /* 9999-12-31T00:00Z */
	/* the end of 9999-12-31 is 10000-01-01, beyond GLib's range */
	{ "overflow/last-day-end", "UTC", "9999-12-31", NOW_A, true, EITHER,
	  253402300800 },
	{ "overflow/last-day-end-berlin", "Europe/Berlin", "9999-12-31",
	  NOW_A, true, EITHER, 253402297200 },       /* 10000-01-01 CET */
	{ "overflow/first-day", "UTC", "0001-01-01", NOW_A, false, BAD, 0 },
};

static void set_zone(const char *tz)
{
	GTimeZone *local;
	GDateTime *jan, *jul;
	int64_t want_jan = 0, want_jul = 0;

	g_setenv("TZ", tz, TRUE);
	tzset();
	/* The zone must really be in effect, else every local case below
	 * tests the wrong thing. */
	local = g_time_zone_new_local();
	jan = g_date_time_new(local, 2025, 1, 15, 12, 0, 0);
	jul = g_date_time_new(local, 2025, 7, 15, 12, 0, 0);
	if (strcmp(tz, "Europe/Berlin") == 0) {
		want_jan = 3600;
		want_jul = 7200;
	}
	g_assert_cmpint(g_date_time_get_utc_offset(jan) / G_TIME_SPAN_SECOND,
			==, want_jan);
	g_assert_cmpint(g_date_time_get_utc_offset(jul) / G_TIME_SPAN_SECOND,
			==, want_jul);
	g_date_time_unref(jan);
	g_date_time_unref(jul);
	g_time_zone_unref(local);
}

static void run_case(const when_case *c)
{
	int64_t out = 0x5eed;
	int rc;

	set_zone(c->tz);
	ld_error_clear();
	rc = ld_when_parse(&out, c->text, c->now, c->end_of_day);
	g_test_message("'%s' (TZ=%s, now=%" G_GINT64_FORMAT "%s): rc %d, "
		       "out %" G_GINT64_FORMAT, c->text, c->tz, c->now,
		       c->end_of_day ? ", end_of_day" : "", rc, out);
	switch (c->want) {
	case OK:
		g_assert_cmpint(rc, ==, LD_OK);
		g_assert_cmpint(out, ==, c->out);
		break;
	case BAD:
		g_assert_cmpint(rc, ==, LD_EINVALID);
		/* one message that quotes what was typed */
		g_assert_nonnull(strstr(ld_error_last(), "date"));
		g_assert_nonnull(strstr(ld_error_last(), c->text));
		g_assert_null(strchr(ld_error_last(), '\n'));
		break;
	case EITHER:
		if (rc == LD_OK)
			g_assert_cmpint(out, ==, c->out);
		else
			g_assert_cmpint(rc, ==, LD_EINVALID);
		break;
	}
}

/* Run the current test in a subprocess; a failure there fails this test
 * only, not the whole program. */
static void trap_case(void)
{
	g_test_set_nonfatal_assertions();
	g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
	g_test_trap_assert_passed();
}

static void test_case(gconstpointer data)
{
	const when_case *c = data;

	if (g_test_subprocess()) {
		run_case(c);
		return;
	}
	trap_case();
}

/* The error message of one failure does not survive into a later
 * success's caller: a good date after a bad one parses normally. */
static void test_bad_then_good(void)
{
	int64_t out = 0;

	if (g_test_subprocess()) {
		set_zone("UTC");
		g_assert_cmpint(ld_when_parse(&out, "nonsense", NOW_A, false),
				==, LD_EINVALID);
		g_assert_cmpint(ld_when_parse(&out, "2025-07-08", NOW_A, true),
				==, LD_OK);
		g_assert_cmpint(out, ==, 1752019200);
		return;
	}
	trap_case();
}

/* One process, two zones in turn: GLib must not keep the first zone. */
static void test_zone_switch(void)
{
	int64_t out = 0;

	if (g_test_subprocess()) {
		set_zone("UTC");
		g_assert_cmpint(ld_when_parse(&out, "2025-07-08", NOW_A, false),
				==, LD_OK);
		g_assert_cmpint(out, ==, 1751932800);
		set_zone("Europe/Berlin");
		g_assert_cmpint(ld_when_parse(&out, "2025-07-08", NOW_A, false),
				==, LD_OK);
		g_assert_cmpint(out, ==, 1751925600);
		return;
	}
	trap_case();
}

int main(int argc, char **argv)
{
	size_t i;

	g_test_init(&argc, &argv, NULL);
	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *path = g_strconcat("/util/when/", cases[i].path, NULL);

		g_test_add_data_func(path, &cases[i], test_case);
		g_free(path);
	}
	g_test_add_func("/util/when/bad-then-good", test_bad_then_good);
	g_test_add_func("/util/when/zone-switch", test_zone_switch);
	return g_test_run();
}
