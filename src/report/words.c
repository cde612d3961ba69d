/* report/words.c - what every renderer writes the same way
 *
 * Days, durations, the range's two ends, the title's wording, how much of
 * a list --top lets through and the periods of the messages-per-day chart
 * appear in the text, Markdown, HTML and email reports; one definition
 * keeps them saying the same thing.
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
	/* A message without From has neither: say so, as the people tables
	 * do (ld_person_display), rather than print nothing. */
	return *p->name ? p->name : *p->email ? p->email : "(unknown)";
}

/* Names shown in a list of people before "and N more". */
#define MAX_NAMES 5

/* Of `people`, those a reader tells apart by ld_report_short_name().  A
 * new array of borrowed pointers, in order. */
static GPtrArray *distinct_people(const GPtrArray *people)
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

void ld_report_names(const GPtrArray *people, ld_report_name_fn name,
		     ld_report_words_fn words, void *payload)
{
	GPtrArray *names = distinct_people(people);
	guint i, n = MIN(names->len, MAX_NAMES);
	char more[32];

	for (i = 0; i < n; i++) {
		if (i)
			words(i + 1 == names->len ? " and " : ", ", payload);
		name(g_ptr_array_index(names, i), payload);
	}
	if (names->len > n) {
		g_snprintf(more, sizeof(more), " and %u more", names->len - n);
		words(more, payload);
	}
	g_ptr_array_free(names, TRUE);
}

char *ld_report_title_words(const ld_digest *d)
{
	ld_report_range r;

	ld_report_range_ends(&r, d);
	if (!d->is_git)
		return g_strdup_printf("mailing list update from %s to %s",
				       r.first_day, r.last_day);
	if (d->since == LD_NO_SINCE && d->until == LD_NO_UNTIL)
		return g_strdup_printf("mailing list update from %s to %s",
				       r.from, r.to);
	return g_strdup_printf("mailing list update from %s to %s, dated %s "
			       "to %s", r.from, r.to, r.first_day,
			       r.last_day);
}

guint ld_report_shown(const ld_digest *d, guint len)
{
	return d->top >= 0 && len > (guint)d->top ? (guint)d->top : len;
}

static void add_period(GArray *rows, const char *label, size_t messages)
{
	ld_report_period row = { { 0 }, messages };

	g_strlcpy(row.label, label, sizeof(row.label));
	g_array_append_val(rows, row);
}

/* Every day from the first to the last, quiet ones at zero. */
static void fill_days(GArray *rows, const GArray *days)
{
	int64_t last = g_array_index(days, ld_day, days->len - 1).day;
	guint i = 0;
	char label[16];

	for (int64_t day = g_array_index(days, ld_day, 0).day; day <= last;
	     day += 86400) {
		size_t count = 0;

		if (i < days->len && g_array_index(days, ld_day, i).day == day)
			count = g_array_index(days, ld_day, i++).messages;
		ld_report_day(label, day, false);
		add_period(rows, label, count);
	}
}

/* Months as year * 12 + month - 1. */
static int64_t month_of(int64_t day)
{
	GDateTime *dt = g_date_time_new_from_unix_utc(day);
	int64_t m = dt ? g_date_time_get_year(dt) * 12 +
		    g_date_time_get_month(dt) - 1 : 0;

	if (dt)
		g_date_time_unref(dt);
	return m;
}

static void add_month(GArray *rows, int64_t m, size_t count)
{
	char label[16];

	g_snprintf(label, sizeof(label), "%04d-%02d", (int)(m / 12),
		   (int)(m % 12 + 1));
	add_period(rows, label, count);
}

/* The months of `days` (oldest first, so a month's days are together),
 * with the quiet months between them at zero when `max_months` > 0 and
 * they span fewer: a long range's bogus dates (1980, 2037) must not make
 * decades of empty rows. */
static void fill_months(GArray *rows, const GArray *days, int max_months)
{
	int64_t first = month_of(g_array_index(days, ld_day, 0).day);
	int64_t last = month_of(g_array_index(days, ld_day,
					      days->len - 1).day);
	bool quiet = max_months > 0 && last - first < max_months;
	int64_t month = -1;
	size_t count = 0;

	for (guint i = 0; i < days->len; i++) {
		const ld_day *row = &g_array_index(days, ld_day, i);
		int64_t m = month_of(row->day);

		if (m != month && month >= 0) {
			add_month(rows, month, count);
			for (int64_t gap = month + 1; quiet && gap < m; gap++)
				add_month(rows, gap, 0);
			count = 0;
		}
		month = m;
		count += row->messages;
	}
	add_month(rows, month, count);
}

GArray *ld_report_periods(const GArray *per_day, int max_days,
			  int max_months, bool *by_month)
{
	GArray *rows = g_array_new(FALSE, FALSE, sizeof(ld_report_period));
	int64_t span;

	*by_month = false;
	if (!per_day->len)
		return rows;
	span = (g_array_index(per_day, ld_day, per_day->len - 1).day -
		g_array_index(per_day, ld_day, 0).day) / 86400 + 1;
	if (span <= max_days) {
		fill_days(rows, per_day);
	} else {
		*by_month = true;
		fill_months(rows, per_day, max_months);
	}
	return rows;
}

char *ld_report_missing_runs(const GArray *missing, const char *sep)
{
	GString *out = g_string_new(NULL);
	guint i, j;

	for (i = 0; i < missing->len; i = j) {
		int lo = g_array_index(missing, int, i), hi = lo;

		for (j = i + 1; j < missing->len &&
		     g_array_index(missing, int, j) == hi + 1; j++)
			hi++;
		g_string_append_printf(out, "%s%d", i ? sep : "", lo);
		if (hi > lo)
			g_string_append_printf(out, "-%d", hi);
	}
	return g_string_free(out, FALSE);
}
