/* util/when.c - parse --since and --until dates
 *
 * GLib's GDateTime does the calendar and time-zone work; this file only
 * recognises the shapes people type.  Each shape is tried in turn and the
 * whole text must match one.
 */
#include "util/when.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "util/error.h"

/* A zone written after a time: "+0200", "-05:00", "UTC", "Z", "GMT". */
static GTimeZone *parse_zone(const char *text)
{
	char buf[8];
	size_t n = strlen(text);

	if (n == 0)
		return g_time_zone_new_local();
	if (g_ascii_strcasecmp(text, "utc") == 0 ||
	    g_ascii_strcasecmp(text, "gmt") == 0 || strcmp(text, "Z") == 0)
		return g_time_zone_new_utc();
	if ((text[0] == '+' || text[0] == '-') && (n == 5 || n == 6)) {
		/* GLib wants "+HH:MM". */
		if (n == 5)
			g_snprintf(buf, sizeof(buf), "%.3s:%.2s", text,
				   text + 3);
		else
			g_strlcpy(buf, text, sizeof(buf));
		if (g_ascii_isdigit(buf[1]) && g_ascii_isdigit(buf[2]) &&
		    buf[3] == ':' && g_ascii_isdigit(buf[4]) &&
		    g_ascii_isdigit(buf[5]))
			return g_time_zone_new_identifier(buf);
	}
	return NULL;
}

/* Dates we accept: mail archives start after 1970, and GLib ends at 9999. */
#define WHEN_MIN 0                  /* 1970-01-01T00:00:00Z */
#define WHEN_MAX 253402300799LL     /* 9999-12-31T23:59:59Z */

/* The start of `dt`'s day moved by `add_days`, in `dt`'s zone.  False when
 * that is not a representable time. */
static bool day_start(int64_t *out, GDateTime *dt, int add_days)
{
	GDateTime *start = g_date_time_new(g_date_time_get_timezone(dt),
					   g_date_time_get_year(dt),
					   g_date_time_get_month(dt),
					   g_date_time_get_day_of_month(dt),
					   0, 0, 0);
	GDateTime *moved = start ? g_date_time_add_days(start, add_days) :
			   NULL;

	if (moved)
		*out = g_date_time_to_unix(moved);
	if (moved)
		g_date_time_unref(moved);
	if (start)
		g_date_time_unref(start);
	return moved != NULL;
}

/* "YYYY-MM-DD[ HH:MM[:SS]][ ZONE]" */
static bool parse_calendar(int64_t *out, const char *text, bool end_of_day)
{
	int y, mo, d, h = 0, mi = 0, s = 0, used = 0, n;
	GTimeZone *tz;
	GDateTime *dt;
	const char *rest;
	bool ok;

	n = sscanf(text, "%4d-%2d-%2d%n", &y, &mo, &d, &used);
	if (n != 3)
		return false;
	rest = text + used;
	if (*rest == ' ' || *rest == 'T') {
		int u2 = 0;

		if (sscanf(rest + 1, "%2d:%2d%n", &h, &mi, &u2) != 2)
			return false;
		rest += 1 + u2;
		if (*rest == ':') {
			if (sscanf(rest + 1, "%2d%n", &s, &u2) != 1)
				return false;
			rest += 1 + u2;
		}
		end_of_day = false;
	}
	while (*rest == ' ')
		rest++;
	if (!(tz = parse_zone(rest)))
		return false;
	dt = g_date_time_new(tz, y, mo, d, h, mi, s);
	g_time_zone_unref(tz);
	if (!dt)
		return false;
	ok = end_of_day ? day_start(out, dt, 1) :
	     (*out = g_date_time_to_unix(dt), true);
	g_date_time_unref(dt);
	return ok;
}

/* "N units ago", "yesterday", "today", "now" */
static bool parse_relative(int64_t *out, const char *text, int64_t now,
			   bool end_of_day)
{
	static const struct {
		const char *unit;
		int64_t seconds;
	} units[] = {
		{ "minute", 60 }, { "hour", 3600 }, { "day", 86400 },
		{ "week", 7 * 86400 },
	};
	GDateTime *dt = g_date_time_new_from_unix_local(now);
	char unit[16], ago[8];
	long long count;
	size_t i, len;
	int used = 0;
	bool ok = false;

	if (!dt)
		return false;
	if (g_ascii_strcasecmp(text, "now") == 0) {
		*out = now;
		ok = true;
	} else if (g_ascii_strcasecmp(text, "today") == 0) {
		ok = day_start(out, dt, end_of_day ? 1 : 0);
	} else if (g_ascii_strcasecmp(text, "yesterday") == 0) {
		ok = day_start(out, dt, end_of_day ? 0 : -1);
	} else if (sscanf(text, "%lld %15s %7s%n", &count, unit, ago,
			  &used) == 3 && text[used] == '\0' &&
		   g_ascii_strcasecmp(ago, "ago") == 0 && count >= 0) {
		len = strlen(unit);
		if (len > 1 && unit[len - 1] == 's')
			unit[len - 1] = '\0';
		for (i = 0; i < G_N_ELEMENTS(units); i++)
			if (g_ascii_strcasecmp(unit, units[i].unit) == 0 &&
			    count < INT64_MAX / units[i].seconds) {
				*out = now - count * units[i].seconds;
				ok = true;
			}
	}
	g_date_time_unref(dt);
	return ok;
}

int ld_when_parse(int64_t *out, const char *text, int64_t now,
		  bool end_of_day)
{
	char *clean = g_strstrip(g_strdup(text));
	GDateTime *iso;
	bool ok;

	ok = parse_calendar(out, clean, end_of_day) ||
	     parse_relative(out, clean, now, end_of_day);
	if (!ok && (iso = g_date_time_new_from_iso8601(clean, NULL))) {
		*out = g_date_time_to_unix(iso);
		g_date_time_unref(iso);
		ok = true;
	}
	g_free(clean);
	if (ok && (*out < WHEN_MIN || *out > WHEN_MAX + 1)) {
		ld_error_set("the date '%s' is outside 1970 to 9999", text);
		return LD_EINVALID;
	}
	if (!ok) {
		ld_error_set("cannot read the date '%s' (use YYYY-MM-DD, "
			     "'YYYY-MM-DD HH:MM +0200', ISO 8601 or "
			     "'N days ago')", text);
		return LD_EINVALID;
	}
	return LD_OK;
}
