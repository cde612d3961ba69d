/* report/words.c - the words every renderer writes the same way
 *
 * Days, durations and the range's two ends appear in the text, Markdown,
 * HTML and email reports; one definition keeps them saying the same thing.
 *
 * Owns nothing.
 */
#include "report/report.h"

void ld_report_day(char out[16], int64_t when, bool local)
{
	/* A message's Date of 0 is "none"; a --since of 0 is a real day. */
	GDateTime *dt = local ? g_date_time_new_from_unix_local(when) :
			when ? g_date_time_new_from_unix_utc(when) : NULL;
	char *text;

	if (!dt) {
		g_strlcpy(out, "unknown date", 16);
		return;
	}
	text = g_date_time_format(dt, "%Y-%m-%d");
	g_strlcpy(out, text, 16);
	g_free(text);
	g_date_time_unref(dt);
}

void ld_report_duration(char out[32], int64_t s)
{
	if (s >= 86400)
		g_snprintf(out, 32, "%" G_GINT64_FORMAT "d %02dh", s / 86400,
			   (int)(s % 86400 / 3600));
	else if (s >= 3600)
		g_snprintf(out, 32, "%dh %02dm", (int)(s / 3600),
			   (int)(s % 3600 / 60));
	else if (s >= 60)
		g_snprintf(out, 32, "%dm", (int)(s / 60));
	else
		g_snprintf(out, 32, "%ds", (int)s);
}

void ld_report_range_ends(ld_report_range *out, const ld_digest *d)
{
	g_strlcpy(out->from, "(start)", sizeof(out->from));
	g_strlcpy(out->to, "", sizeof(out->to));
	g_strlcpy(out->first_day, "(start)", sizeof(out->first_day));
	g_strlcpy(out->last_day, "(end)", sizeof(out->last_day));
	/* --since and --until were typed in local time: show their days so;
	 * the messages' own dates are UTC days, as everywhere else. */
	if (d->since != LD_NO_SINCE)
		ld_report_day(out->first_day, d->since, true);
	else if (d->first_date)
		ld_report_day(out->first_day, d->first_date, false);
	if (d->until != LD_NO_UNTIL)
		ld_report_day(out->last_day, d->until - 1, true);
	else if (d->last_date)
		ld_report_day(out->last_day, d->last_date, false);
	if (!d->is_git)
		return;
	if (d->has_from) {
		char hex[LD_OID_HEXSZ + 1];

		ld_oid_fmt(hex, &d->from);
		g_strlcpy(out->from, hex, 10);
	}
	{
		char hex[LD_OID_HEXSZ + 1];

		ld_oid_fmt(hex, &d->to);
		g_strlcpy(out->to, hex, 10);
	}
}

const char *ld_report_short_name(const ld_person *p)
{
	return *p->name ? p->name : p->email;
}

GPtrArray *ld_report_distinct_people(const GPtrArray *people)
{
	GPtrArray *out = g_ptr_array_new();
	guint i, k;

	for (i = 0; i < people->len; i++) {
		const ld_person *p = g_ptr_array_index(people, i);
		const char *name = ld_report_short_name(p);

		for (k = 0; k < out->len; k++)
			if (g_utf8_collate(ld_report_short_name(
					g_ptr_array_index(out, k)), name) == 0)
				break;
		if (k == out->len)
			g_ptr_array_add(out, (gpointer)p);
	}
	return out;
}
