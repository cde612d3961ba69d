/* report/json.c - the digest as one JSON object
 *
 * Built with json-glib's JsonBuilder and written by its generator, so
 * escaping is the library's job.  The fields are a contract that other
 * tools depend on: docs/json.md documents each one, and fields are only
 * ever added, never renamed.
 *
 * Owns: the builders and the generated text, for one call.
 */
#include "report/report.h"
#include "report/report_private.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "util/error.h"

static void add_str(JsonBuilder *b, const char *key, const char *value)
{
	json_builder_set_member_name(b, key);
	json_builder_add_string_value(b, value ? value : "");
}

static void add_int(JsonBuilder *b, const char *key, gint64 value)
{
	json_builder_set_member_name(b, key);
	json_builder_add_int_value(b, value);
}

static void add_bool(JsonBuilder *b, const char *key, gboolean value)
{
	json_builder_set_member_name(b, key);
	json_builder_add_boolean_value(b, value);
}

static void add_oid(JsonBuilder *b, const char *key, const ld_oid *oid)
{
	char hex[LD_OID_HEXSZ + 1];

	json_builder_set_member_name(b, key);
	if (!oid) {
		json_builder_add_null_value(b);
		return;
	}
	ld_oid_fmt(hex, oid);
	json_builder_add_string_value(b, hex);
}

static void add_person(JsonBuilder *b, const char *key, const ld_person *p)
{
	json_builder_set_member_name(b, key);
	json_builder_begin_object(b);
	add_str(b, "name", p->name);
	add_str(b, "email", p->email);
	json_builder_end_object(b);
}

/* ISO 8601 in UTC, or null for an unknown date. */
static void add_date(JsonBuilder *b, const char *key, gint64 when)
{
	GDateTime *dt = when ? g_date_time_new_from_unix_utc(when) : NULL;

	json_builder_set_member_name(b, key);
	if (!dt) {
		json_builder_add_null_value(b);
		return;
	}
	{
		char *text = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ");

		json_builder_add_string_value(b, text);
		g_free(text);
	}
	g_date_time_unref(dt);
}

/* A date limit: ISO 8601 UTC when set (1970-01-01 included), else null. */
static void add_limit(JsonBuilder *b, const char *key, bool set, gint64 when)
{
	GDateTime *dt = set ? g_date_time_new_from_unix_utc(when) : NULL;
	char *text;

	json_builder_set_member_name(b, key);
	if (!dt) {
		json_builder_add_null_value(b);
		return;
	}
	text = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ");
	json_builder_add_string_value(b, text);
	g_free(text);
	g_date_time_unref(dt);
}

static void add_totals(JsonBuilder *b, const ld_totals *t)
{
	json_builder_set_member_name(b, "totals");
	json_builder_begin_object(b);
	add_int(b, "messages", (gint64)t->messages);
	add_int(b, "patches", (gint64)t->patches);
	add_int(b, "cover_letters", (gint64)t->cover_letters);
	add_int(b, "replies", (gint64)t->replies);
	add_int(b, "other", (gint64)t->other);
	add_int(b, "series", (gint64)t->series);
	add_int(b, "unreadable", (gint64)t->unreadable);
	add_int(b, "purged", (gint64)t->purged);
	add_int(b, "duplicates", (gint64)t->duplicates);
	add_int(b, "removed", (gint64)t->removed);
	add_int(b, "skipped", (gint64)t->skipped);
	add_int(b, "oversized", (gint64)t->oversized);
	add_int(b, "pull_requests", (gint64)t->pull_requests);
	add_int(b, "bots", (gint64)t->bots);
	add_int(b, "series_new", (gint64)t->series_new);
	add_int(b, "series_revisions", (gint64)t->series_revisions);
	add_int(b, "series_resends", (gint64)t->series_resends);
	add_int(b, "authors", (gint64)t->authors);
	add_int(b, "participants", (gint64)t->participants);
	json_builder_end_object(b);
}

static void add_counts(JsonBuilder *b, const char *key, const GPtrArray *rows,
		       bool people)
{
	guint i;

	json_builder_set_member_name(b, key);
	json_builder_begin_array(b);
	for (i = 0; i < rows->len; i++) {
		const ld_count *c = g_ptr_array_index(rows, i);

		json_builder_begin_object(b);
		if (people) {
			add_str(b, "name", c->name);
			add_str(b, "email", c->email);
		} else {
			add_str(b, "domain", c->key);
		}
		add_int(b, "count", (gint64)c->count);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
}

/* "top_organisations": [{organisation, count}], with an orgmap only. */
static void add_orgs(JsonBuilder *b, const GPtrArray *rows)
{
	guint i;

	json_builder_set_member_name(b, "top_organisations");
	json_builder_begin_array(b);
	for (i = 0; i < rows->len; i++) {
		const ld_count *c = g_ptr_array_index(rows, i);

		json_builder_begin_object(b);
		add_str(b, "organisation", c->key);
		add_int(b, "count", (gint64)c->count);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
}

static void add_reviews(JsonBuilder *b, const char *key,
			const GPtrArray *reviews)
{
	guint i;

	json_builder_set_member_name(b, key);
	json_builder_begin_array(b);
	for (i = 0; i < reviews->len; i++) {
		const ld_review *r = g_ptr_array_index(reviews, i);

		json_builder_begin_object(b);
		add_str(b, "trailer", r->trailer);
		add_str(b, "name", r->who.name);
		add_str(b, "email", r->who.email);
		add_str(b, "message_id", r->message_id);
		add_int(b, "patch_number", r->patch_number);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
}

static void add_previous(JsonBuilder *b, const ld_series *s)
{
	json_builder_set_member_name(b, "previous");
	if (!s->matched_by) {
		json_builder_add_null_value(b);
		return;
	}
	json_builder_begin_object(b);
	add_int(b, "version", s->prev_version);
	add_date(b, "date", s->prev_date);
	add_str(b, "message_id", s->prev_message_id);
	add_str(b, "matched_by", s->matched_by);
	json_builder_end_object(b);
}

static void add_progress(JsonBuilder *b, const ld_series *s)
{
	guint i;

	add_str(b, "status", ld_series_status_name(s->status));
	add_previous(b, s);
	json_builder_set_member_name(b, "missing");
	json_builder_begin_array(b);
	for (i = 0; i < s->missing->len; i++)
		json_builder_add_int_value(b, g_array_index(s->missing, int,
							    i));
	json_builder_end_array(b);
	add_bool(b, "complete", s->complete);
	add_int(b, "replies", (gint64)s->replies);
	json_builder_set_member_name(b, "participants");
	json_builder_begin_array(b);
	for (i = 0; i < s->participants->len; i++) {
		const ld_person *p = g_ptr_array_index(s->participants, i);

		json_builder_begin_object(b);
		add_str(b, "name", p->name);
		add_str(b, "email", p->email);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	add_reviews(b, "reviews", s->reviews);
	add_reviews(b, "patch_trailers", s->history);
	add_str(b, "change_id", s->change_id);
	json_builder_set_member_name(b, "first_response_seconds");
	if (ld_series_first_response(s) < 0)
		json_builder_add_null_value(b);
	else
		json_builder_add_int_value(b, ld_series_first_response(s));
}

/* The Message-ID of a series' cover, else of its first patch. */
static const char *head_mid(const ld_series *s)
{
	const ld_series_msg *m = s->printed->len ?
				 g_ptr_array_index(s->printed, 0) : NULL;

	return m ? m->message_id : "";
}

static void add_newcomers(JsonBuilder *b, const GPtrArray *rows)
{
	json_builder_set_member_name(b, "first_time_authors");
	json_builder_begin_array(b);
	for (guint i = 0; i < rows->len; i++) {
		const ld_newcomer *n = g_ptr_array_index(rows, i);

		json_builder_begin_object(b);
		add_str(b, "name", n->who.name);
		add_str(b, "email", n->who.email);
		add_str(b, "first_message_id", n->message_id);
		add_str(b, "subject", n->subject);
		add_date(b, "date", n->date);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
}

static void add_threads(JsonBuilder *b, const GPtrArray *rows)
{
	json_builder_set_member_name(b, "busiest_threads");
	json_builder_begin_array(b);
	for (guint i = 0; i < rows->len; i++) {
		const ld_thread *t = g_ptr_array_index(rows, i);

		json_builder_begin_object(b);
		add_str(b, "subject", t->subject);
		add_str(b, "message_id", t->message_id);
		add_int(b, "replies", (gint64)t->replies);
		add_int(b, "messages", (gint64)t->messages);
		json_builder_set_member_name(b, "participants");
		json_builder_begin_array(b);
		for (guint k = 0; k < t->participants->len; k++) {
			const ld_person *p =
				g_ptr_array_index(t->participants, k);

			json_builder_begin_object(b);
			add_str(b, "name", p->name);
			add_str(b, "email", p->email);
			json_builder_end_object(b);
		}
		json_builder_end_array(b);
		add_date(b, "first_date", t->first_date);
		add_date(b, "last_date", t->last_date);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
}

static void add_per_day(JsonBuilder *b, const GArray *days)
{
	json_builder_set_member_name(b, "per_day");
	json_builder_begin_array(b);
	for (guint i = 0; i < days->len; i++) {
		const ld_day *day = &g_array_index(days, ld_day, i);
		GDateTime *dt = g_date_time_new_from_unix_utc(day->day);
		char *text = dt ? g_date_time_format(dt, "%Y-%m-%d") : NULL;

		json_builder_begin_object(b);
		add_str(b, "date", text ? text : "");
		add_int(b, "messages", (gint64)day->messages);
		json_builder_end_object(b);
		g_free(text);
		if (dt)
			g_date_time_unref(dt);
	}
	json_builder_end_array(b);
}

/* The statistics of stats.c, people.c and threads.c. */
static void add_stats(JsonBuilder *b, const ld_digest *d)
{
	const ld_stats *st = &d->stats;
	guint i;

	add_counts(b, "top_reviewers", st->top_reviewers, true);
	add_counts(b, "top_participants", st->top_participants, true);
	add_newcomers(b, st->first_time_authors);
	add_threads(b, st->busiest_threads);
	json_builder_set_member_name(b, "unanswered_series");
	json_builder_begin_array(b);
	for (i = 0; i < st->unanswered->len; i++) {
		const ld_series *s = g_ptr_array_index(st->unanswered, i);

		json_builder_begin_object(b);
		add_str(b, "title", s->title);
		add_str(b, "subject", s->subject);
		add_str(b, "message_id", head_mid(s));
		add_person(b, "author", &s->author);
		add_date(b, "date", s->date);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "first_response");
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "median_seconds");
	if (st->median_response < 0)
		json_builder_add_null_value(b);
	else
		json_builder_add_int_value(b, st->median_response);
	json_builder_set_member_name(b, "slowest");
	json_builder_begin_array(b);
	for (i = 0; i < st->slowest->len; i++) {
		const ld_series *s = g_ptr_array_index(st->slowest, i);

		json_builder_begin_object(b);
		add_str(b, "title", s->title);
		add_str(b, "message_id", head_mid(s));
		add_int(b, "seconds", ld_series_first_response(s));
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	add_int(b, "answered", (gint64)st->answered);
	add_int(b, "unanswered", (gint64)st->unanswered->len);
	json_builder_end_object(b);
	add_per_day(b, st->per_day);
}

static void add_pulls(JsonBuilder *b, const GPtrArray *pulls)
{
	guint i;

	json_builder_set_member_name(b, "pull_requests");
	json_builder_begin_array(b);
	for (i = 0; i < pulls->len; i++) {
		const ld_pull_request *p = g_ptr_array_index(pulls, i);

		json_builder_begin_object(b);
		add_str(b, "message_id", p->message_id);
		add_str(b, "subject", p->subject);
		add_person(b, "sender", &p->sender);
		add_date(b, "date", p->date);
		add_str(b, "url", p->url);
		add_str(b, "ref", p->ref);
		add_str(b, "base", p->base);
		add_int(b, "authors", p->authors);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
}

static void add_series(JsonBuilder *b, const ld_series *s)
{
	guint i;

	json_builder_begin_object(b);
	add_str(b, "title", s->title);
	add_str(b, "subject", s->subject);
	add_int(b, "version", s->version);
	add_int(b, "total", s->total);
	add_bool(b, "rfc", s->rfc);
	add_bool(b, "resend", s->resend);
	add_str(b, "tags", s->tags);
	add_person(b, "author", &s->author);
	add_person(b, "sender", &s->sender);
	add_date(b, "date", s->date);
	json_builder_set_member_name(b, "cover");
	if (s->cover) {
		json_builder_begin_object(b);
		add_str(b, "message_id", s->cover->message_id);
		add_str(b, "subject", s->cover->subject);
		json_builder_end_object(b);
	} else {
		json_builder_add_null_value(b);
	}
	json_builder_set_member_name(b, "patches");
	json_builder_begin_array(b);
	for (i = 0; i < s->patches->len; i++) {
		const ld_series_msg *m = g_ptr_array_index(s->patches, i);

		json_builder_begin_object(b);
		add_int(b, "number", m->number);
		add_str(b, "message_id", m->message_id);
		add_str(b, "subject", m->subject);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "commit_messages");
	json_builder_begin_array(b);
	for (i = 0; i < s->printed->len; i++) {
		const ld_series_msg *m = g_ptr_array_index(s->printed, i);

		json_builder_begin_object(b);
		add_str(b, "message_id", m->message_id);
		add_str(b, "text", m->commit_message);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	add_progress(b, s);
	json_builder_end_object(b);
}

/* json-glib's text of `root`, pretty-printed as the whole report is; a
 * new string. */
static char *generate(JsonNode *root)
{
	JsonGenerator *gen = json_generator_new();
	char *text;

	json_generator_set_root(gen, root);
	json_generator_set_pretty(gen, TRUE);
	json_generator_set_indent(gen, 2);
	text = json_generator_to_data(gen, NULL);
	g_object_unref(gen);
	return text;
}

/* One series as json-glib writes it at the top level. */
static char *series_text(const ld_series *s)
{
	JsonBuilder *b = json_builder_new();
	JsonNode *root;
	char *text;

	add_series(b, s);
	root = json_builder_get_root(b);
	text = generate(root);
	json_node_unref(root);
	g_object_unref(b);
	return text;
}

/* Write `text` with `indent` put before each of its lines. */
static void write_indented(FILE *out, const char *text, const char *indent)
{
	const char *eol;

	while ((eol = strchr(text, '\n')) != NULL) {
		fputs(indent, out);
		fwrite(text, 1, (size_t)(eol + 1 - text), out);
		text = eol + 1;
	}
	fputs(indent, out);
	fputs(text, out);
}

/* Where "series" sits in the document built with an empty array: a
 * newline never occurs raw inside a JSON string, so this text is only
 * ever json-glib's own member line. */
#define SERIES_PLACE "\n  \"series\" : []"

/* Series `i` of the digest `ctx`, with the separator before it. */
static void put_series(FILE *out, guint i, const void *ctx)
{
	const ld_digest *d = ctx;
	char *text = series_text(g_ptr_array_index(d->series, i));

	fputs(i ? ",\n" : "\n", out);
	write_indented(out, text, "    ");
	g_free(text);
}

/*
 * The series are written one at a time.  json-glib builds a whole
 * document as one tree, then one string; for a whole year of a busy list
 * that is hundreds of megabytes (280 MB of heap for 200,000 messages).
 * So the document is built with "series" empty, and each series is built
 * alone and put in its place, indented two levels as json-glib would
 * have.  Re-indenting is safe for the reason given at SERIES_PLACE, and
 * the bytes are the same as generating the whole tree.  The series render
 * on opts->jobs threads (ld_report__each()).
 */
static int write_document(FILE *out, const char *doc, const ld_digest *d,
			  const ld_report_options *opts)
{
	const char *place = strstr(doc, SERIES_PLACE);
	size_t head;
	int error;

	if (d->series->len == 0) {
		fputs(doc, out);
		return LD_OK;
	}
	/* Only another json-glib layout could do this; never drop the
	 * series silently. */
	if (!place) {
		ld_error_set("internal error: no place for the series in "
			     "json-glib's output");
		return LD_ERROR;
	}
	head = (size_t)(place - doc) + strlen(SERIES_PLACE) - 1;
	fwrite(doc, 1, head, out);              /* up to the '[' */
	error = ld_report__each(out, d->series->len, put_series, d, opts);
	fputs("\n  ", out);
	fputs(doc + head, out);                 /* from the ']' */
	return error;
}

int ld_report_json(FILE *out, const ld_digest *d,
		   const ld_report_options *opts)
{
	JsonBuilder *b = json_builder_new();
	JsonNode *root;
	char *text;
	guint i;
	int error = LD_OK;

	json_builder_begin_object(b);
	add_str(b, "list", d->list);
	json_builder_set_member_name(b, "range");
	json_builder_begin_object(b);
	add_oid(b, "from", d->is_git && d->has_from ? &d->from : NULL);
	add_oid(b, "to", d->is_git ? &d->to : NULL);
	add_limit(b, "since", d->since != LD_NO_SINCE, d->since);
	add_limit(b, "until", d->until != LD_NO_UNTIL, d->until);
	json_builder_end_object(b);
	add_totals(b, &d->totals);
	add_counts(b, "top_domains", d->top_domains, false);
	add_counts(b, "top_contributors", d->top_contributors, true);
	if (d->top_organisations)
		add_orgs(b, d->top_organisations);
	/* filled in by write_document() */
	json_builder_set_member_name(b, "series");
	json_builder_begin_array(b);
	json_builder_end_array(b);
	add_pulls(b, d->pulls);
	add_stats(b, d);
	json_builder_set_member_name(b, "warnings");
	json_builder_begin_array(b);
	for (i = 0; i < d->warnings->len; i++)
		json_builder_add_string_value(b,
				g_ptr_array_index(d->warnings, i));
	json_builder_end_array(b);
	json_builder_end_object(b);

	root = json_builder_get_root(b);
	text = generate(root);
	error = write_document(out, text, d, opts);
	if (error == LD_OK && (fputc('\n', out) == EOF || fflush(out) != 0 ||
			       ferror(out))) {
		ld_error_set("cannot write the report");
		error = LD_ERROR;
	}
	g_free(text);
	json_node_unref(root);
	g_object_unref(b);
	return error;
}
