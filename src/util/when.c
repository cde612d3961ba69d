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

static int64_t day_start(GDateTime *dt, int add_days)
{
	GDateTime *start = g_date_time_new(g_date_time_get_timezone(dt),
					   g_date_time_get_year(dt),
					   g_date_time_get_month(dt),
					   g_date_time_get_day_of_month(dt),
					   0, 0, 0);
	GDateTime *moved = g_date_time_add_days(start, add_days);
	int64_t t = g_date_time_to_unix(moved);

	g_date_time_unref(moved);
	g_date_time_unref(start);
	return t;
}

/* "YYYY-MM-DD[ HH:MM[:SS]][ ZONE]" */
static bool parse_calendar(int64_t *out, const char *text, bool end_of_day)
{
	int y, mo, d, h = 0, mi = 0, s = 0, used = 0, n;
	GTimeZone *tz;
	GDateTime *dt;
	const char *rest;

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
	*out = end_of_day ? day_start(dt, 1) : g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	return true;
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
	bool ok = false;

	if (!dt)
		return false;
	if (g_ascii_strcasecmp(text, "now") == 0) {
		*out = now;
		ok = true;
	} else if (g_ascii_strcasecmp(text, "today") == 0) {
		*out = day_start(dt, end_of_day ? 1 : 0);
		ok = true;
	} else if (g_ascii_strcasecmp(text, "yesterday") == 0) {
		*out = day_start(dt, end_of_day ? 0 : -1);
		ok = true;
	} else if (sscanf(text, "%lld %15s %7s", &count, unit, ago) == 3 &&
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
	if (!ok) {
		ld_error_set("cannot read the date '%s' (use YYYY-MM-DD, "
			     "'YYYY-MM-DD HH:MM +0200', ISO 8601 or "
			     "'N days ago')", text);
		return LD_EINVALID;
	}
	return LD_OK;
}
