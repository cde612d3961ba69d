/* cli/main.c - the listdigest command
 *
 *   listdigest [OPTIONS] SOURCE [RANGE]
 *
 * Parses the command line, opens the archive and its index, brings the
 * index up to date, resolves the range, builds the digest and renders it.
 * This is the only place that reads the environment, prints to stderr or
 * decides the exit status:
 *   0 success, 1 success with warnings (unreadable or skipped messages),
 *   2 bad usage or unusable input, 3 internal error.
 */
#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "index/index.h"
#include "model/model.h"
#include "parse/parse.h"
#include "report/report.h"
#include "source/source.h"
#include "util/error.h"

enum { EXIT_WARN = 1, EXIT_USAGE = 2, EXIT_INTERNAL = 3 };

typedef struct options {
	char *format;
	int top;
	char *list_name;
	char *cache_dir;
	gboolean no_cache;
	int jobs;
	gboolean quiet;
	gboolean version;
	char **args;
} options;

typedef struct progress {
	gint64 start;
	bool shown;
} progress;

static int fail(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Print one "listdigest: ..." line and return `status`. */
static int fail(int status, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	fprintf(stderr, "listdigest: %s\n", msg);
	g_free(msg);
	return status;
}

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

static bool parse_options(options *o, int *argc, char ***argv, int *status)
{
	GOptionEntry entries[] = {
		{ "format", 0, 0, G_OPTION_ARG_STRING, &o->format,
		  "Output format: text (default) or json", "FORMAT" },
		{ "top", 0, 0, G_OPTION_ARG_INT, &o->top,
		  "Length of the top-N tables (default 15)", "N" },
		{ "list-name", 0, 0, G_OPTION_ARG_STRING, &o->list_name,
		  "List name for the report's first line", "NAME" },
		{ "cache-dir", 0, 0, G_OPTION_ARG_FILENAME, &o->cache_dir,
		  "Index cache directory (default "
		  "$XDG_CACHE_HOME/listdigest)", "DIR" },
		{ "no-cache", 0, 0, G_OPTION_ARG_NONE, &o->no_cache,
		  "Use a temporary index, keep nothing", NULL },
		{ "jobs", 'j', 0, G_OPTION_ARG_INT, &o->jobs,
		  "Reader threads (default: number of cores)", "N" },
		{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet,
		  "No progress line", NULL },
		{ "version", 0, 0, G_OPTION_ARG_NONE, &o->version,
		  "Print the version and exit", NULL },
		{ G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY,
		  &o->args, NULL, "SOURCE [RANGE]" },
		{ NULL, 0, 0, G_OPTION_ARG_NONE, NULL, NULL, NULL }
	};
	GOptionContext *ctx = g_option_context_new("SOURCE [RANGE] - digest "
						   "a public-inbox archive");
	GError *err = NULL;
	bool ok;

	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx,
		"SOURCE is a public-inbox v2 inbox directory (git/0.git, ...) "
		"or one epoch.\nRANGE is FROM..TO, FROM.. or TO, as in git; "
		"without it the whole archive.\n");
	ok = g_option_context_parse(ctx, argc, argv, &err);
	if (!ok) {
		/* One lower-case line, like every other message of ours. */
		if (g_ascii_isupper(err->message[0]) &&
		    !g_ascii_isupper(err->message[1]))
			err->message[0] = g_ascii_tolower(err->message[0]);
		*status = fail(EXIT_USAGE, "%s", err->message);
		g_error_free(err);
	}
	g_option_context_free(ctx);
	return ok;
}

static bool check_options(options *o, int *status)
{
	guint nargs = o->args ? g_strv_length(o->args) : 0;

	if (!o->format)
		o->format = g_strdup("text");
	if (strcmp(o->format, "text") != 0 && strcmp(o->format, "json") != 0)
		*status = fail(EXIT_USAGE, "unknown format '%s' (use text or "
			       "json)", o->format);
	else if (o->top < 0)
		*status = fail(EXIT_USAGE, "--top must be 0 or more");
	else if (o->jobs < 1)
		*status = fail(EXIT_USAGE, "--jobs must be 1 or more");
	else if (nargs < 1)
		*status = fail(EXIT_USAGE, "no SOURCE given (see --help)");
	else if (nargs > 2)
		*status = fail(EXIT_USAGE, "unexpected argument '%s'",
			       o->args[2]);
	else
		return true;
	return false;
}

/* Resolve `spec` to a position on the indexed history. */
static int resolve(ld_pos *pos, ld_oid *oid, ld_source *src, ld_index *idx,
		   const char *spec)
{
	ld_rev rev;
	int error;

	if ((error = ld_source_resolve(&rev, src, spec)) < 0)
		return error;
	*oid = rev.oid;
	error = ld_index_position(pos, idx, rev.epoch, &rev.oid);
	if (error == LD_ENOTFOUND)
		ld_error_set("revision '%s' is not on the archive's history",
			     spec);
	return error;
}

/* Turn RANGE into the positions after `from` (has_from false: from the
 * start) up to `to`. */
static int resolve_range(ld_pos *from, ld_oid *from_oid, bool *has_from,
			 ld_pos *to, ld_oid *to_oid, ld_source *src,
			 ld_index *idx, const char *range)
{
	const char *dots = range ? strstr(range, "..") : NULL;
	char *from_spec = NULL;
	const char *to_spec = NULL;
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
	} else {
		to_spec = range;
	}
	if (to_spec)
		error = resolve(to, to_oid, src, idx, to_spec);
	else
		error = ld_index_last(to, to_oid, idx);
	if (error < 0)
		goto cleanup;
	if (from_spec && *from_spec) {
		if ((error = resolve(from, from_oid, src, idx, from_spec)) < 0)
			goto cleanup;
		if (ld_pos_cmp(from, to) > 0) {
			ld_error_set("'%s' is not an ancestor of '%s'",
				     from_spec, to_spec ? to_spec : "HEAD");
			error = LD_EINVALID;
			goto cleanup;
		}
		*has_from = true;
	}
	error = LD_OK;
cleanup:
	g_free(from_spec);
	return error;
}

static char *default_cache_dir(void)
{
	return g_build_filename(g_get_user_cache_dir(), "listdigest", NULL);
}

static int open_index(ld_index **idx, ld_source *src, const options *o)
{
	char *dir = NULL;
	int error;

	if (!o->no_cache)
		dir = o->cache_dir ? g_strdup(o->cache_dir) :
		      default_cache_dir();
	error = ld_index_open(idx, dir, src);
	if (error < 0 && dir) {
		/* An unusable cache only costs speed. */
		fprintf(stderr, "listdigest: warning: %s; using a temporary "
			"index\n", ld_error_last());
		error = ld_index_open(idx, NULL, src);
	}
	g_free(dir);
	return error;
}

static int digest(const options *o)
{
	ld_source *src = NULL;
	ld_index *idx = NULL;
	ld_digest *d = NULL;
	ld_index_update_options uo = LD_INDEX_UPDATE_OPTIONS_INIT;
	ld_model_options mo = LD_MODEL_OPTIONS_INIT;
	progress prog = { g_get_monotonic_time(), false };
	ld_pos from, to;
	ld_oid from_oid, to_oid;
	bool has_from;
	int status = 0, error;
	guint i;

	if (ld_source_open(&src, o->args[0]) < 0) {
		status = fail(EXIT_USAGE, "%s", ld_error_last());
		goto cleanup;
	}
	if (open_index(&idx, src, o) < 0) {
		status = fail(EXIT_INTERNAL, "%s", ld_error_last());
		goto cleanup;
	}
	uo.jobs = o->jobs;
	if (!o->quiet && isatty(STDERR_FILENO)) {
		uo.progress = show_progress;
		uo.payload = &prog;
	}
	if (ld_index_update(idx, src, &uo) < 0) {
		status = fail(EXIT_INTERNAL, "%s", ld_error_last());
		goto cleanup;
	}
	error = resolve_range(&from, &from_oid, &has_from, &to, &to_oid, src,
			      idx, o->args[1]);
	if (error < 0) {
		status = fail(error == LD_ERROR ? EXIT_INTERNAL : EXIT_USAGE,
			      "%s", ld_error_last());
		goto cleanup;
	}
	mo.top = o->top;
	mo.list_name = o->list_name;
	mo.archive_name = ld_source_name(src);
	if (ld_model_build(&d, idx, has_from ? &from : NULL,
			   has_from ? &from_oid : NULL, &to, &to_oid,
			   &mo) < 0) {
		status = fail(EXIT_INTERNAL, "%s", ld_error_last());
		goto cleanup;
	}
	error = strcmp(o->format, "json") == 0 ? ld_report_json(stdout, d) :
		ld_report_text(stdout, d);
	if (error < 0) {
		status = fail(EXIT_INTERNAL, "%s", ld_error_last());
		goto cleanup;
	}
	for (i = 0; i < d->warnings->len; i++)
		fprintf(stderr, "listdigest: warning: %s\n",
			(const char *)g_ptr_array_index(d->warnings, i));
	status = d->warnings->len ? EXIT_WARN : 0;
cleanup:
	ld_digest_free(d);
	ld_index_free(idx);
	ld_source_free(src);
	return status;
}

int main(int argc, char **argv)
{
	options o = { 0 };
	int status = 0;

	o.top = 15;
	o.jobs = (int)g_get_num_processors();
	if (!parse_options(&o, &argc, &argv, &status) ||
	    (!o.version && !check_options(&o, &status)))
		goto cleanup;
	if (o.version) {
		printf("listdigest %s\n", LD_VERSION);
		goto cleanup;
	}
	ld_parse_init();
	ld_source_init();
	status = digest(&o);
	ld_source_shutdown();
	ld_parse_shutdown();
cleanup:
	g_free(o.format);
	g_free(o.list_name);
	g_free(o.cache_dir);
	g_strfreev(o.args);
	return status;
}
