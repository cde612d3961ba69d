/* cli/cmd_sync.c - listdigest sync URL DIR | sync NAME | sync DIR
 *
 * Creates or updates a local mirror of a public-inbox v2 archive
 * (source/sync.h does the work) and reports one line per epoch:
 * "git/0.git: 12 new messages", "... (new clone)" for an epoch cloned now,
 * "git/0.git: history rewritten, 3 new commits" when the server rewrote
 * it (public-inbox-purge): the commits the old history lacks.  NAME takes
 * url and path from the configuration (cli/config.h); DIR alone syncs a
 * mirror from the URL it recorded.  ld_cmd_sync_source() is the same for
 * `listdigest --sync SOURCE`, with its lines on stderr.
 *
 * While objects arrive, a progress line is drawn on stderr when it is a
 * terminal, and erased before the epoch's line.
 */
#include "cli/cmd_sync.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/config.h"
#include "source/sync.h"
#include "util/error.h"

/* Where the lines go. */
typedef struct report {
	FILE *out;        /* the per-epoch lines, or NULL (quiet) */
	bool shown;       /* a progress line is on stderr */
	gint64 drawn;     /* when it was drawn last */
	size_t received;  /* the count it showed */
} report;

static void clear_progress(report *rep)
{
	if (rep->shown)
		fputs("\r\033[K", stderr);
	rep->shown = false;
}

static void on_progress(size_t epoch, size_t received, size_t total,
			size_t bytes, void *payload)
{
	report *rep = payload;
	gint64 now = g_get_monotonic_time();

	/* Ten times a second is enough for the eye, and the last count
	 * once (indexing calls back with it many times). */
	if (rep->shown && (received == total ? rep->received == total :
			   now - rep->drawn < G_USEC_PER_SEC / 10))
		return;
	rep->drawn = now;
	rep->received = received;
	rep->shown = true;
	fprintf(stderr, "\rgit/%zu.git: receiving objects: %3u%% "
		"(%zu/%zu), %.1f MiB", epoch,
		total ? (unsigned)(received * 100 / total) : 0u, received,
		total, (double)bytes / (1024.0 * 1024.0));
	fflush(stderr);
}

static void on_epoch(const ld_sync_epoch *e, void *payload)
{
	report *rep = payload;

	clear_progress(rep);
	if (!rep->out)
		return;
	if (e->rewritten)
		/* Not all of them are new messages: say what we know. */
		fprintf(rep->out, "git/%zu.git: history rewritten, %zu new "
			"commit%s\n", e->epoch, e->new_commits,
			e->new_commits == 1 ? "" : "s");
	else
		fprintf(rep->out, "git/%zu.git: %zu new message%s%s\n",
			e->epoch, e->new_commits,
			e->new_commits == 1 ? "" : "s",
			e->cloned ? " (new clone)" : "");
	fflush(rep->out);
}

/* Sync `dir` from `url` (NULL: the URL it recorded); lines to `out`
 * (NULL: none).  Returns the exit status, the error printed. */
static int run_sync(const char *dir, const char *url, FILE *out,
		    bool no_manifest)
{
	ld_sync_options o = LD_SYNC_OPTIONS_INIT;
	report rep = { out, false, 0, 0 };
	char *recorded = NULL;
	int error, status;

	if (!url) {
		if (ld_source_sync_url(&recorded, dir) < 0)
			return ld_cli_fail(LD_EXIT_USAGE, "%s; give the "
					   "archive's URL", ld_error_last());
		url = recorded;
	}
	o.no_manifest = no_manifest;
	o.epoch_done = on_epoch;
	if (out && isatty(STDERR_FILENO))
		o.progress = on_progress;
	o.payload = &rep;
	error = ld_source_sync(dir, url, &o);
	clear_progress(&rep);
	if (error == LD_OK)
		status = LD_EXIT_OK;
	else
		/* LD_ERROR: the network or a repository; else our input. */
		status = ld_cli_fail_code(error);
	g_free(recorded);
	return status;
}

int ld_cmd_sync_source(const char *dir, const char *url, bool quiet)
{
	return run_sync(dir, url, quiet ? NULL : stderr, false);
}

typedef struct options {
	gboolean quiet;
	gboolean no_manifest;
	char **args;
} options;

static bool parse_options(options *o, int *argc, char ***argv, int *status)
{
	GOptionEntry entries[] = {
		{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet,
		  "Print nothing but errors", NULL },
		{ "no-manifest", 0, 0, G_OPTION_ARG_NONE, &o->no_manifest,
		  "Find the epochs by trying URL/0, URL/1, ... even where "
		  "the server has a manifest.js.gz", NULL },
		{ G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY,
		  &o->args, NULL, "URL DIR | NAME | DIR" },
		{ NULL, 0, 0, G_OPTION_ARG_NONE, NULL, NULL, NULL }
	};
	GOptionContext *ctx = g_option_context_new(
		"- mirror a public-inbox v2 archive");
	GError *err = NULL;
	bool ok;

	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx,
		"Creates or updates DIR/git/0.git, 1.git, ... as bare mirrors "
		"of the epochs of the\npublic-inbox v2 archive at URL (e.g. "
		"https://lore.kernel.org/kvm, whose epochs\nare URL/0, URL/1, "
		"...) and prints how many messages each epoch received.\n"
		"NAME is an inbox configured with url and path; DIR alone "
		"is a mirror to update\nfrom the URL it was last synced "
		"from.\n\nExit status: 0 synced, 2 bad usage, 3 the network "
		"or a repository failed.\n");
	ok = g_option_context_parse(ctx, argc, argv, &err);
	if (!ok)
		*status = ld_cli_option_error(err);
	g_option_context_free(ctx);
	return ok;
}

/* sync NAME or sync DIR. */
static int sync_one(const char *arg, FILE *out, bool no_manifest)
{
	ld_inbox_config cfg = { 0 };
	int status;

	if (strstr(arg, "://"))
		return ld_cli_fail(LD_EXIT_USAGE, "no DIR given to mirror %s "
				   "into (listdigest sync URL DIR)", arg);
	/* A path, as for digest's SOURCE: it exists or has a '/'. */
	if (g_file_test(arg, G_FILE_TEST_EXISTS) || strchr(arg, '/'))
		return run_sync(arg, NULL, out, no_manifest);
	if (ld_config_find_inbox(&cfg, arg) < 0)
		return ld_cli_fail(LD_EXIT_USAGE, "%s", ld_error_last());
	if (!cfg.path)
		status = ld_cli_fail(LD_EXIT_USAGE, "inbox '%s' has no local "
				     "path configured (path or inboxdir)",
				     arg);
	else if (!cfg.url)
		status = ld_cli_fail(LD_EXIT_USAGE, "inbox '%s' has no url "
				     "configured", arg);
	else
		status = run_sync(cfg.path, cfg.url, out, no_manifest);
	ld_inbox_config_clear(&cfg);
	return status;
}

int ld_cmd_sync(int argc, char **argv)
{
	options o = { FALSE, FALSE, NULL };
	FILE *out;
	guint nargs;
	int status = LD_EXIT_OK;

	if (!parse_options(&o, &argc, &argv, &status))
		goto cleanup;
	nargs = o.args ? g_strv_length(o.args) : 0;
	out = o.quiet ? NULL : stdout;
	if (nargs == 0)
		status = ld_cli_fail(LD_EXIT_USAGE, "sync needs URL DIR, or a "
				     "configured inbox NAME (see sync --help)");
	else if (nargs > 2)
		status = ld_cli_fail(LD_EXIT_USAGE, "unexpected argument '%s'",
				     o.args[2]);
	else if (nargs == 1)
		status = sync_one(o.args[0], out, o.no_manifest);
	else
		status = run_sync(o.args[1], o.args[0], out, o.no_manifest);
cleanup:
	g_strfreev(o.args);
	return status;
}
