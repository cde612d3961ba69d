/* cli/cmd_digest.c - listdigest [OPTIONS] SOURCE [RANGE]
 *
 * Resolves SOURCE (a path, "-", or a configured inbox name), opens it and
 * its index, brings the index up to date, turns RANGE, --since, --until
 * and --since-last into a range, builds the digest and writes it.  With
 * --since-last the state moves only after the report was written in full
 * (to -o FILE through a temporary file and a rename), so an interrupted
 * run repeats, never skips.
 */
#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cmd_sync.h"
#include "cli/config.h"
#include "index/index.h"
#include "model/model.h"
#include "parse/parse.h"
#include "report/report.h"
#include "source/source.h"
#include "util/error.h"
#include "util/when.h"

typedef struct options {
	char *format;
	int top;
	char *list_name;
	char *cache_dir;
	gboolean no_cache;
	int jobs;
	char *max_message_size;
	gboolean quiet;
	gboolean version;
	char *since;
	char *until;
	gboolean since_last;
	gboolean sync;
	char *state_key;
	char *output;
	char *source_type;
	char *mbox_format;
	char *orgmap;
	gboolean list_unmapped;
	char *bots;
	gboolean include_bots;
	char *mailmap;
	gboolean suggest_aliases;
	char *archive_url;
	char *color;
	char *from;
	char *to;
	char *cc;
	gboolean html_alternative;
	char **args;
	/* derived */
	ld_source_type type;
	ld_mbox_format mbox;
	int64_t since_t, until_t;
	size_t max_size;
} options;

/* What the command works on, in the order it is set up. */
typedef struct run {
	const options *o;
	ld_inbox_config cfg;   /* when SOURCE named a configured inbox */
	const char *path;
	ld_source *src;
	ld_index *idx;
	ld_state *state;
	ld_state_entry last;   /* --since-last: what the last run covered */
	bool has_last;
	char *state_key;
	ld_pos to;             /* where the range ends */
	ld_digest *digest;
	bool cache_warned;     /* a cache problem was reported on stderr:
				* the exit status is at least 1 */
} run;

typedef struct progress {
	gint64 start;
	bool shown;
} progress;

static void show_progress(size_t done, size_t total, void *payload)
{
	progress *p = payload;
	gint64 now = g_get_monotonic_time();
	double secs = (double)(now - p->start) / G_USEC_PER_SEC;

	/* Short runs stay silent; long ones say how far they are. */
	if (secs < 1.0 && !p->shown)
		return;
	p->shown = true;
	fprintf(stderr, "\rindexing: %zu/%zu messages, %.0f/s", done, total,
		secs > 0 ? (double)done / secs : 0.0);
	if (done == total)
		fputc('\n', stderr);
}

static bool parse_options(options *o, char ***args, int *status)
{
	GOptionEntry entries[] = {
		{ "format", 0, 0, G_OPTION_ARG_STRING, &o->format,
		  "Output format: text (default), json, markdown, html or "
		  "email", "FORMAT" },
		{ "archive-url", 0, 0, G_OPTION_ARG_STRING, &o->archive_url,
		  "Link messages to URL/MESSAGE-ID/ (default: the inbox's "
		  "configured url)", "URL" },
		{ "color", 0, 0, G_OPTION_ARG_STRING, &o->color,
		  "Colour the text report: auto (default: on a terminal), "
		  "always or never", "WHEN" },
		{ "from", 0, 0, G_OPTION_ARG_STRING, &o->from,
		  "--format email: the From address (or the inbox's "
		  "configured from)", "ADDRESS" },
		{ "to", 0, 0, G_OPTION_ARG_STRING, &o->to,
		  "--format email: To addresses", "ADDRESSES" },
		{ "cc", 0, 0, G_OPTION_ARG_STRING, &o->cc,
		  "--format email: Cc addresses", "ADDRESSES" },
		{ "html-alternative", 0, 0, G_OPTION_ARG_NONE,
		  &o->html_alternative, "--format email: add the HTML page "
		  "as a multipart/alternative part", NULL },
		{ "top", 0, 0, G_OPTION_ARG_INT, &o->top,
		  "Length of the top-N tables (default 15)", "N" },
		{ "list-name", 0, 0, G_OPTION_ARG_STRING, &o->list_name,
		  "List name for the report's first line", "NAME" },
		{ "since", 0, 0, G_OPTION_ARG_STRING, &o->since,
		  "Only messages dated at or after DATE", "DATE" },
		{ "until", 0, 0, G_OPTION_ARG_STRING, &o->until,
		  "Only messages dated before DATE (a bare day: through it)",
		  "DATE" },
		{ "since-last", 0, 0, G_OPTION_ARG_NONE, &o->since_last,
		  "Start where the last --since-last run of this source ended",
		  NULL },
		{ "sync", 0, 0, G_OPTION_ARG_NONE, &o->sync,
		  "Fetch the archive (listdigest sync) before digesting it",
		  NULL },
		{ "state-key", 0, 0, G_OPTION_ARG_STRING, &o->state_key,
		  "Name of the --since-last state (default: the source path)",
		  "NAME" },
		{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &o->output,
		  "Write the report to FILE (atomically)", "FILE" },
		{ "source-type", 0, 0, G_OPTION_ARG_STRING, &o->source_type,
		  "Force the source type: v2, v1, mbox or maildir", "TYPE" },
		{ "mbox-format", 0, 0, G_OPTION_ARG_STRING, &o->mbox_format,
		  "mbox variant: mboxrd, mboxo, mboxcl or mboxcl2 (default: "
		  "detect)", "VARIANT" },
		{ "orgmap", 0, 0, G_OPTION_ARG_FILENAME, &o->orgmap,
		  "Organisation map (gitdm EmailMap format), or 'default' "
		  "for data/orgmap: adds the organisations table", "FILE" },
		{ "list-unmapped", 0, 0, G_OPTION_ARG_NONE, &o->list_unmapped,
		  "Print the domains the organisation map does not cover, "
		  "with counts, instead of the digest", NULL },
		{ "mailmap", 0, 0, G_OPTION_ARG_FILENAME, &o->mailmap,
		  "Merge identities with a .mailmap file (default: the "
		  "inbox's configured mailmap)", "FILE" },
		{ "suggest-aliases", 0, 0, G_OPTION_ARG_NONE,
		  &o->suggest_aliases, "Print likely same-person address "
		  "pairs as .mailmap lines instead of the digest", NULL },
		{ "bots", 0, 0, G_OPTION_ARG_FILENAME, &o->bots,
		  "More bot addresses or globs, one a line (besides "
		  "data/bots)", "FILE" },
		{ "include-bots", 0, 0, G_OPTION_ARG_NONE, &o->include_bots,
		  "Keep bots' patches in the people tables", NULL },
		{ "cache-dir", 0, 0, G_OPTION_ARG_FILENAME, &o->cache_dir,
		  "Index cache directory (default "
		  "$XDG_CACHE_HOME/listdigest)", "DIR" },
		{ "no-cache", 0, 0, G_OPTION_ARG_NONE, &o->no_cache,
		  "Use a temporary index, keep nothing", NULL },
		{ "jobs", 'j', 0, G_OPTION_ARG_INT, &o->jobs,
		  "Threads reading the archive and rendering the report "
		  "(default: number of cores)", "N" },
		{ "max-message-size", 0, 0, G_OPTION_ARG_STRING,
		  &o->max_message_size, "Read only the headers of larger "
		  "messages (bytes, or with k, M, G; default 32M; 0: no "
		  "limit)", "SIZE" },
		{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet,
		  "No progress line", NULL },
		{ "version", 0, 0, G_OPTION_ARG_NONE, &o->version,
		  "Print the version and exit", NULL },
		{ G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY,
		  &o->args, NULL, "SOURCE [RANGE]" },
		{ NULL, 0, 0, G_OPTION_ARG_NONE, NULL, NULL, NULL }
	};
	GOptionContext *ctx = g_option_context_new("SOURCE [RANGE] - digest "
						   "a mailing-list archive");
	GError *err = NULL;
	bool ok;

	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx,
		"SOURCE is a public-inbox v2 inbox (git/0.git, ...) or epoch, "
		"a v1 inbox, an mbox\n(also .gz; - for standard input), a "
		"Maildir, or the name of a configured inbox.\nRANGE is "
		"FROM..TO, FROM.. or TO, as in git; without it the whole "
		"archive.\n\nCommands: listdigest sync URL DIR | listdigest "
		"sync NAME\n");
	/* _strv frees what it consumes from the vector we own. */
	ok = g_option_context_parse_strv(ctx, args, &err);
	if (!ok)
		*status = ld_cli_option_error(err);
	g_option_context_free(ctx);
	return ok;
}

static const char *const mbox_names[] = {
	[LD_MBOX_AUTO] = "auto", [LD_MBOX_RD] = "mboxrd",
	[LD_MBOX_O] = "mboxo", [LD_MBOX_CL] = "mboxcl",
	[LD_MBOX_CL2] = "mboxcl2",
};

static bool parse_mbox_format(ld_mbox_format *out, const char *name)
{
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(mbox_names); i++)
		if (g_ascii_strcasecmp(name, mbox_names[i]) == 0) {
			*out = (ld_mbox_format)i;
			return true;
		}
	return false;
}

/* Parse --since/--until; false with one line printed when wrong. */
/* "123", "64k", "32M", "1G" (powers of 1024) into bytes. */
static bool parse_size(size_t *out, const char *text)
{
	static const char units[] = "kmg";
	const char *unit;
	char *end;
	guint64 n;
	int shift = 0;

	if (!g_ascii_isdigit(*text))
		return false;
	errno = 0;
	n = g_ascii_strtoull(text, &end, 10);
	if (errno)
		return false;
	if (*end) {
		unit = strchr(units, g_ascii_tolower(*end));
		if (!unit || end[1])
			return false;
		shift = 10 * (int)(unit - units + 1);
	}
	if (n > (G_MAXSIZE >> shift))
		return false;
	*out = (size_t)n << shift;
	return true;
}

static bool check_dates(options *o, int *status)
{
	int64_t now = g_get_real_time() / G_USEC_PER_SEC;

	o->since_t = LD_NO_SINCE;
	o->until_t = LD_NO_UNTIL;
	if ((o->since && ld_when_parse(&o->since_t, o->since, now,
				       false) < 0) ||
	    (o->until && ld_when_parse(&o->until_t, o->until, now,
				       true) < 0)) {
		*status = ld_cli_fail(LD_EXIT_USAGE, "%s", ld_error_last());
		return false;
	}
	if (o->since && o->until && o->since_t >= o->until_t) {
		*status = ld_cli_fail(LD_EXIT_USAGE, "--since is not before "
				      "--until");
		return false;
	}
	return true;
}

static const char *const formats[] = { "text", "json", "markdown", "html",
				       "email", NULL };

static bool check_options(options *o, int *status)
{
	guint nargs = o->args ? g_strv_length(o->args) : 0;

	if (!o->format)
		o->format = g_strdup("text");
	if (!o->color)
		o->color = g_strdup("auto");
	if (!g_strv_contains(formats, o->format))
		*status = ld_cli_fail(LD_EXIT_USAGE, "unknown format '%s' "
				      "(use text, json, markdown, html or "
				      "email)", o->format);
	else if (strcmp(o->color, "auto") && strcmp(o->color, "always") &&
		 strcmp(o->color, "never"))
		*status = ld_cli_fail(LD_EXIT_USAGE, "unknown --color '%s' "
				      "(use auto, always or never)", o->color);
	else if (o->archive_url &&
		 g_ascii_strncasecmp(o->archive_url, "https://", 8) &&
		 g_ascii_strncasecmp(o->archive_url, "http://", 7))
		*status = ld_cli_fail(LD_EXIT_USAGE, "--archive-url must be "
				      "an http:// or https:// URL");
	else if (strcmp(o->format, "email") &&
		 (o->from || o->to || o->cc || o->html_alternative))
		*status = ld_cli_fail(LD_EXIT_USAGE, "--from, --to, --cc and "
				      "--html-alternative need --format email");
	else if (o->top < 0)
		*status = ld_cli_fail(LD_EXIT_USAGE, "--top must be 0 or more");
	else if (o->jobs < 1)
		*status = ld_cli_fail(LD_EXIT_USAGE,
				      "--jobs must be 1 or more");
	else if (o->max_message_size &&
		 !parse_size(&o->max_size, o->max_message_size))
		*status = ld_cli_fail(LD_EXIT_USAGE, "bad --max-message-size "
				      "'%s' (use bytes, or a number with k, "
				      "M or G)", o->max_message_size);
	else if (o->source_type &&
		 (!ld_source_type_parse(&o->type, o->source_type) ||
		  o->type == LD_SOURCE_AUTO))
		*status = ld_cli_fail(LD_EXIT_USAGE, "unknown source type "
				      "'%s' (use v2, v1, mbox or maildir)",
				      o->source_type);
	else if (o->mbox_format && !parse_mbox_format(&o->mbox,
						      o->mbox_format))
		*status = ld_cli_fail(LD_EXIT_USAGE, "unknown mbox variant "
				      "'%s' (use mboxrd, mboxo, mboxcl or "
				      "mboxcl2)", o->mbox_format);
	else if (nargs < 1)
		*status = ld_cli_fail(LD_EXIT_USAGE,
				      "no SOURCE given (see --help)");
	else if (nargs > 2)
		*status = ld_cli_fail(LD_EXIT_USAGE, "unexpected argument "
				      "'%s'", o->args[2]);
	else if (o->since_last && (o->args[1] || o->since || o->until))
		/* With --until, what the run leaves out would be skipped by
		 * the next one: the state can only record where a run
		 * ended. */
		*status = ld_cli_fail(LD_EXIT_USAGE, "--since-last starts "
				      "where the last run ended and runs to "
				      "the end: give no RANGE, --since or "
				      "--until with it");
	else if (o->state_key && !o->since_last)
		*status = ld_cli_fail(LD_EXIT_USAGE,
				      "--state-key needs --since-last");
	else
		return check_dates(o, status);
	return false;
}

/* A path, "-", or the name of a configured inbox. */
static int resolve_source(run *r)
{
	const char *arg = r->o->args[0];
	int error;

	if (strcmp(arg, "-") == 0 || g_file_test(arg, G_FILE_TEST_EXISTS) ||
	    strchr(arg, '/')) {
		r->path = arg;
		return LD_OK;
	}
	if ((error = ld_config_find_inbox(&r->cfg, arg)) < 0)
		return error;
	if (!r->cfg.path) {
		ld_error_set("inbox '%s' has no local path configured "
			     "(inboxdir or path)", arg);
		return LD_ENOTFOUND;
	}
	r->path = r->cfg.path;
	return LD_OK;
}

/* A cache problem costs speed, never the digest: say so once, go on with
 * a temporary index, and let the exit status show it. */
static int use_temporary_index(run *r)
{
	fprintf(stderr, "listdigest: warning: %s; using a temporary index\n",
		ld_error_last());
	r->cache_warned = true;
	return ld_index_open(&r->idx, NULL, r->src);
}

static int open_index(run *r)
{
	const options *o = r->o;
	char *dir = NULL;
	int error;

	/* Only git archives have stable positions worth caching. */
	if (!o->no_cache && ld_source_is_git(r->src))
		dir = o->cache_dir ? g_strdup(o->cache_dir) :
		      g_build_filename(g_get_user_cache_dir(), "listdigest",
				       NULL);
	error = ld_index_open(&r->idx, dir, r->src);
	if (error < 0 && dir)
		error = use_temporary_index(r);
	g_free(dir);
	return error;
}

/*
 * The cache failed with `why`: another run keeps it locked (LD_EBUSY: left
 * to that run), or it is damaged (LD_ECORRUPT: deleted, so that the next
 * run builds it again).  Either way this run goes on with a temporary
 * index, brought up to date.
 */
static int replace_cache(run *r, int why, const ld_index_update_options *uo)
{
	int error;

	if (why == LD_ECORRUPT) {
		char *msg = g_strdup_printf("%s; removed it", ld_error_last());

		if (ld_index_remove(r->idx) < 0) {
			g_free(msg);
			msg = g_strdup(ld_error_last());
		}
		ld_error_set("%s", msg);
		g_free(msg);
	} else {
		ld_index_free(r->idx);
	}
	r->idx = NULL;
	if ((error = use_temporary_index(r)) < 0)
		return error;
	return ld_index_update(r->idx, r->src, uo);
}

static bool cache_failed(const run *r, int error)
{
	return (error == LD_EBUSY || error == LD_ECORRUPT) &&
	       ld_index_path(r->idx);
}

static int update_index(run *r, const ld_index_update_options *uo)
{
	int error = ld_index_update(r->idx, r->src, uo);

	return cache_failed(r, error) ? replace_cache(r, error, uo) : error;
}

/* Resolve `spec` to a position on the indexed history. */
static int resolve(ld_pos *pos, ld_oid *oid, run *r, const char *spec)
{
	ld_rev rev;
	int error;

	if ((error = ld_source_resolve(&rev, r->src, spec)) < 0)
		return error;
	*oid = rev.oid;
	error = ld_index_position(pos, r->idx, rev.epoch, &rev.oid);
	if (error == LD_ENOTFOUND)
		ld_error_set("revision '%s' is not on the archive's history",
			     spec);
	return error;
}

/* The merge base of the last run's end and the current history, as the
 * index recorded it when it noticed the rewrite: the commit before the
 * first that changed.  It works when the old commits are gone (a purge
 * prunes them), as long as the cache saw the rewrite. */
static int rewritten_base(ld_rev *out, run *r)
{
	ld_pos at;

	if (ld_index_rewritten_at(&at, r->idx, &r->last.tip_pos,
				  r->last.updated) < 0 || at.seq == 0)
		return LD_ENOTFOUND;
	at.seq--;
	out->epoch = at.epoch;
	return ld_index_commit_at(&out->oid, r->idx, &at);
}

/* Where the last --since-last run ended, as a position: its tip, or the
 * merge base when history was rewritten since, or nothing. */
static int last_position(ld_pos *from, ld_oid *from_oid, bool *has_from,
			 run *r)
{
	char hex[LD_OID_HEXSZ + 1], bhex[LD_OID_HEXSZ + 1];
	size_t epoch;
	ld_rev base;

	for (epoch = 0; epoch < ld_source_epoch_count(r->src); epoch++)
		if (ld_index_position(from, r->idx, epoch,
				      &r->last.tip) == LD_OK) {
			*from_oid = r->last.tip;
			*has_from = true;
			return LD_OK;
		}
	ld_oid_fmt(hex, &r->last.tip);
	if (rewritten_base(&base, r) == LD_OK ||
	    (ld_source_merge_base(&base, r->src, &r->last.tip) == LD_OK &&
	     ld_index_position(from, r->idx, base.epoch, &base.oid) ==
	     LD_OK)) {
		ld_index_position(from, r->idx, base.epoch, &base.oid);
		*from_oid = base.oid;
		*has_from = true;
		ld_oid_fmt(bhex, &base.oid);
		fprintf(stderr, "listdigest: history was rewritten after the "
			"last run's end %.9s; starting from the merge base "
			"%.9s\n", hex, bhex);
		return LD_OK;
	}
	fprintf(stderr, "listdigest: the last run's end %.9s is gone from "
		"the archive; starting from the beginning\n", hex);
	return LD_OK;
}

/* Turn RANGE (or --since-last) into the positions after `from` (has_from
 * false: from the start) up to `to`. */
static int resolve_range(ld_pos *from, ld_oid *from_oid, bool *has_from,
			 ld_pos *to, ld_oid *to_oid, run *r)
{
	const char *range = r->o->args[1];
	const char *dots = range ? strstr(range, "..") : NULL;
	char *from_spec = NULL;
	const char *to_spec = range;
	int error;

	*has_from = false;
	if (dots) {
		from_spec = g_strndup(range, (gsize)(dots - range));
		to_spec = dots[2] ? dots + 2 : NULL;
		if (dots[2] == '.') {
			ld_error_set("symmetric ranges (A...B) are not "
				     "supported");
			error = LD_EINVALID;
			goto cleanup;
		}
	}
	if (to_spec)
		error = resolve(to, to_oid, r, to_spec);
	else
		error = ld_index_last(to, to_oid, r->idx);
	if (error < 0)
		goto cleanup;
	if (from_spec && *from_spec) {
		if ((error = resolve(from, from_oid, r, from_spec)) < 0)
			goto cleanup;
		if (ld_pos_cmp(from, to) > 0) {
			ld_error_set("'%s' is not an ancestor of '%s'",
				     from_spec, to_spec ? to_spec : "HEAD");
			error = LD_EINVALID;
			goto cleanup;
		}
		*has_from = true;
	} else if (r->has_last && r->last.has_tip) {
		error = last_position(from, from_oid, has_from, r);
	}
cleanup:
	g_free(from_spec);
	return error;
}

static int open_state(run *r)
{
	char *dir = g_build_filename(g_get_user_state_dir(), "listdigest",
				     NULL);
	int error;

	r->state_key = r->o->state_key ? g_strdup(r->o->state_key) :
		       strcmp(r->path, "-") == 0 ? g_strdup("-") :
		       g_canonicalize_filename(r->path, NULL);
	error = ld_state_open(&r->state, dir);
	g_free(dir);
	if (error < 0)
		return error;
	error = ld_state_get(&r->last, r->state, r->state_key);
	r->has_last = error == LD_OK;
	return error == LD_ENOTFOUND ? LD_OK : error;
}

static int build(run *r)
{
	const options *o = r->o;
	ld_model_options mo = LD_MODEL_OPTIONS_INIT;
	ld_pos from, to;
	ld_oid from_oid, to_oid;
	bool has_from = false;
	ld_orgmap *orgmap = NULL;
	ld_bots *bots = NULL;
	ld_mailmap *mailmap = NULL;
	const char *mailmap_path, *orgmap_path;
	int error;

	memset(&to_oid, 0, sizeof(to_oid));
	if (ld_source_is_git(r->src))
		error = resolve_range(&from, &from_oid, &has_from, &to,
				      &to_oid, r);
	else if (o->args[1])
		error = ld_source_resolve(NULL, r->src, o->args[1]);
	else if ((error = ld_index_last(&to, &to_oid, r->idx)) ==
		 LD_ENOTFOUND) {
		/* An empty mbox or Maildir has an empty digest. */
		to.epoch = 0;
		to.seq = 0;
		error = LD_OK;
	}
	if (error < 0)
		return error;
	r->to = to;
	mo.top = o->top;
	mo.is_git = ld_source_is_git(r->src);
	mo.since = o->since_t;
	mo.until = o->until_t;
	/* Without commits, the last run is remembered by its newest Date. */
	if (!mo.is_git && r->has_last && r->last.newest_date)
		mo.since = r->last.newest_date + 1;
	mo.list_name = o->list_name ? o->list_name : r->cfg.list_name;
	mo.archive_name = ld_source_name(r->src);
	/* --list-unmapped without a map checks the default one. */
	orgmap_path = o->orgmap ? o->orgmap : r->cfg.orgmap ? r->cfg.orgmap :
		      o->list_unmapped ? "default" : NULL;
	if ((orgmap_path &&
	     (error = ld_orgmap_open(&orgmap, orgmap_path)) < 0) ||
	    (error = ld_bots_open(&bots, o->bots)) < 0)
		goto cleanup;
	mailmap_path = o->mailmap ? o->mailmap : r->cfg.mailmap;
	if (mailmap_path &&
	    (error = ld_mailmap_open(&mailmap, mailmap_path)) < 0) {
		/* A map that is unreadable or malformed is the user's. */
		error = LD_EINVALID;
		goto cleanup;
	}
	mo.mailmap = mailmap;
	mo.suggest_aliases = o->suggest_aliases;
	mo.orgmap = orgmap;
	mo.bots = bots;
	mo.include_bots = o->include_bots;
	mo.max_message_size = o->max_size;
	error = ld_model_build(&r->digest, r->idx, has_from ? &from : NULL,
			       has_from ? &from_oid : NULL, &to, &to_oid, &mo);
cleanup:
	ld_mailmap_free(mailmap);
	ld_bots_free(bots);
	ld_orgmap_free(orgmap);
	return error;
}

/* --list-unmapped: "count domain" per line, most frequent first. */
static int list_unmapped(FILE *out, const ld_digest *d)
{
	guint i;

	for (i = 0; i < d->unmapped_domains->len; i++) {
		const ld_count *c = g_ptr_array_index(d->unmapped_domains, i);

		fprintf(out, "%7zu %s\n", c->count, c->key);
	}
	if (fflush(out) != 0 || ferror(out)) {
		ld_error_set("cannot write the report");
		return LD_ERROR;
	}
	return LD_OK;
}

/* --suggest-aliases: one .mailmap line per line. */
static int suggest_aliases(FILE *out, const ld_digest *d)
{
	guint i;

	for (i = 0; i < d->aliases->len; i++)
		fprintf(out, "%s\n",
			(const char *)g_ptr_array_index(d->aliases, i));
	if (fflush(out) != 0 || ferror(out)) {
		ld_error_set("cannot write the report");
		return LD_ERROR;
	}
	return LD_OK;
}

/* What the renderers need from the options and the inbox's config. */
static void report_options(ld_report_options *ro, const run *r, FILE *out)
{
	const options *o = r->o;

	ro->archive_url = o->archive_url ? o->archive_url : r->cfg.url;
	/* NO_COLOR (https://no-color.org) and TERM=dumb turn "auto" off. */
	ro->color = strcmp(o->color, "always") == 0 ||
		    (strcmp(o->color, "auto") == 0 && out == stdout &&
		     isatty(fileno(out)) && !g_getenv("NO_COLOR") &&
		     g_strcmp0(g_getenv("TERM"), "dumb") != 0);
	ro->from = o->from ? o->from : r->cfg.from;
	ro->to = o->to ? o->to : r->cfg.to;
	ro->cc = o->cc ? o->cc : r->cfg.cc;
	ro->html_alternative = o->html_alternative;
	ro->jobs = o->jobs;
}

static int render(FILE *out, const run *r)
{
	const char *format = r->o->format;
	ld_report_options ro = LD_REPORT_OPTIONS_INIT;

	if (r->o->suggest_aliases)
		return suggest_aliases(out, r->digest);
	if (r->o->list_unmapped)
		return list_unmapped(out, r->digest);
	report_options(&ro, r, out);
	if (strcmp(format, "json") == 0)
		return ld_report_json(out, r->digest, &ro);
	if (strcmp(format, "markdown") == 0)
		return ld_report_markdown(out, r->digest, &ro);
	if (strcmp(format, "html") == 0)
		return ld_report_html(out, r->digest, &ro);
	if (strcmp(format, "email") == 0)
		return ld_report_email(out, r->digest, &ro);
	return ld_report_text(out, r->digest, &ro);
}

/* Write the report to a device, FIFO or other non-regular `path` as it
 * is: renaming over it would replace, say, /dev/stdout with a file. */
static int write_special(const run *r, const char *path)
{
	FILE *out = fopen(path, "w");
	int error;

	if (!out) {
		ld_error_set("cannot open %s: %s", path, g_strerror(errno));
		return LD_ERROR;
	}
	error = render(out, r);
	if (fclose(out) != 0 && error == LD_OK) {
		ld_error_set("cannot write %s: %s", path, g_strerror(errno));
		error = LD_ERROR;
	}
	return error;
}

/* Write the report to `path` through a temporary file in the same
 * directory and a rename, so that `path` is always a whole report. */
static int write_file(const run *r, const char *path)
{
	char *tmp = g_strconcat(path, ".XXXXXX", NULL);
	GStatBuf st;
	FILE *out = NULL;
	mode_t mask;
	int fd, error = LD_OK;

	if (g_stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		g_free(tmp);
		return write_special(r, path);
	}
	fd = g_mkstemp(tmp);
	/* mkstemp makes 0600; give the mode a plain "> FILE" would. */
	mask = umask(0);
	umask(mask);
	if (fd >= 0 && fchmod(fd, 0666 & ~mask) == 0)
		out = fdopen(fd, "w");
	if (!out) {
		ld_error_set("cannot create %s: %s", tmp, g_strerror(errno));
		if (fd >= 0) {
			close(fd);
			g_unlink(tmp);
		}
		error = LD_ERROR;
		goto cleanup;
	}
	error = render(out, r);
	if (error == LD_OK && (fflush(out) != 0 || fsync(fileno(out)) != 0)) {
		ld_error_set("cannot write %s: %s", tmp, g_strerror(errno));
		error = LD_ERROR;
	}
	if (fclose(out) != 0 && error == LD_OK) {
		ld_error_set("cannot write %s: %s", tmp, g_strerror(errno));
		error = LD_ERROR;
	}
	if (error == LD_OK && g_rename(tmp, path) < 0) {
		ld_error_set("cannot rename %s to %s: %s", tmp, path,
			     g_strerror(errno));
		error = LD_ERROR;
	}
	if (error < 0)
		g_unlink(tmp);
cleanup:
	g_free(tmp);
	return error;
}

/* Remember what this run covered, after its report is out. */
static int save_state(run *r)
{
	ld_state_entry e = r->last;

	if (ld_source_is_git(r->src)) {
		e.has_tip = true;
		e.tip = r->digest->to;
		e.tip_pos = r->to;
	}
	e.newest_date = MAX(e.newest_date, r->digest->last_date);
	return ld_state_set(r->state, r->state_key, &e);
}

static void run_clear(run *r)
{
	ld_digest_free(r->digest);
	ld_state_free(r->state);
	g_free(r->state_key);
	ld_index_free(r->idx);
	ld_source_free(r->src);
	ld_inbox_config_clear(&r->cfg);
}

static int digest(const options *o)
{
	run r = { 0 };
	ld_index_update_options uo = LD_INDEX_UPDATE_OPTIONS_INIT;
	progress prog = { g_get_monotonic_time(), false };
	int status, error;
	guint i;

	r.o = o;
	if ((error = resolve_source(&r)) < 0) {
		status = ld_cli_fail_code(error);
		goto cleanup;
	}
	if (strcmp(o->format, "email") == 0) {
		ld_report_options ro = LD_REPORT_OPTIONS_INIT;

		/* Refuse unusable headers before reading the archive. */
		report_options(&ro, &r, stdout);
		if ((error = ld_report_email_check(&ro)) < 0) {
			status = ld_cli_fail_code(error);
			goto cleanup;
		}
	}
	/* A failed fetch leaves the mirror as it was; still, a digest of
	 * stale mail would look like news, so stop. */
	if (o->sync && (status = ld_cmd_sync_source(r.path, r.cfg.url,
						    o->quiet)) != 0)
		goto cleanup;
	if ((error = ld_source_open(&r.src, r.path, o->type, o->mbox)) < 0) {
		status = ld_cli_fail_code(error);
		goto cleanup;
	}
	uo.jobs = o->jobs;
	uo.max_message_size = o->max_size;
	if (!o->quiet && isatty(STDERR_FILENO)) {
		uo.progress = show_progress;
		uo.payload = &prog;
	}
	if ((error = open_index(&r)) < 0 ||
	    (error = update_index(&r, &uo)) < 0 ||
	    (o->since_last && (error = open_state(&r)) < 0)) {
		status = ld_cli_fail_code(error);
		goto cleanup;
	}
	/* Damage the update did not meet can still show when the model
	 * reads the cache. */
	if (cache_failed(&r, error = build(&r)) &&
	    (error = replace_cache(&r, error, &uo)) == LD_OK)
		error = build(&r);
	if (error < 0) {
		status = ld_cli_fail_code(error);
		goto cleanup;
	}
	error = o->output ? write_file(&r, o->output) : render(stdout, &r);
	if (error < 0 || (o->since_last && (error = save_state(&r)) < 0)) {
		status = ld_cli_fail_code(error);
		goto cleanup;
	}
	for (i = 0; i < r.digest->warnings->len; i++)
		fprintf(stderr, "listdigest: warning: %s\n",
			(const char *)g_ptr_array_index(r.digest->warnings,
							i));
	status = r.digest->warnings->len || r.cache_warned ? LD_EXIT_WARN :
		 LD_EXIT_OK;
cleanup:
	run_clear(&r);
	return status;
}

static void options_clear(options *o)
{
	g_free(o->format);
	g_free(o->list_name);
	g_free(o->cache_dir);
	g_free(o->since);
	g_free(o->until);
	g_free(o->state_key);
	g_free(o->max_message_size);
	g_free(o->output);
	g_free(o->source_type);
	g_free(o->mbox_format);
	g_free(o->orgmap);
	g_free(o->bots);
	g_free(o->mailmap);
	g_free(o->archive_url);
	g_free(o->color);
	g_free(o->from);
	g_free(o->to);
	g_free(o->cc);
	g_strfreev(o->args);
}

/*
 * GOption reads "-j2" as the options -j and -2, not as -j with 2.  Split
 * "-jN" and "-oFILE" in two, as getopt users expect.  Returns a new vector
 * (g_strfreev) and sets *argc.
 */
static char **split_short_values(int *argc, char **argv)
{
	GPtrArray *out = g_ptr_array_new();
	int i;

	for (i = 0; i < *argc; i++) {
		const char *a = argv[i];

		if (i > 0 && a[0] == '-' && (a[1] == 'j' || a[1] == 'o') &&
		    a[2]) {
			g_ptr_array_add(out, g_strndup(a, 2));
			g_ptr_array_add(out, g_strdup(a + 2));
		} else {
			g_ptr_array_add(out, g_strdup(a));
		}
	}
	*argc = (int)out->len;
	g_ptr_array_add(out, NULL);
	return (char **)g_ptr_array_free(out, FALSE);
}

int ld_cmd_digest(int argc, char **argv)
{
	options o = { 0 };
	int status = LD_EXIT_OK;
	char **args = split_short_values(&argc, argv);

	o.top = 15;
	o.jobs = (int)g_get_num_processors();
	o.max_size = LD_MAX_MESSAGE_SIZE_DEFAULT;
	if (!parse_options(&o, &args, &status))
		goto cleanup;
	if (o.version) {
		printf("listdigest %s\n", LD_VERSION);
		goto cleanup;
	}
	if (check_options(&o, &status))
		status = digest(&o);
cleanup:
	options_clear(&o);
	g_strfreev(args);
	return status;
}
