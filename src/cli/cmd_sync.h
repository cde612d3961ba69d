/* cli/cmd_sync.h - listdigest sync, and syncing before a digest
 *
 * Both report per epoch ("git/0.git: 12 new messages", "(new clone)" for
 * an epoch cloned just now) and print errors as one "listdigest: ..."
 * line.  Exit statuses: 0 synced, 2 bad usage (wrong arguments, an
 * unknown inbox name, one without path or url, DIR not a mirror),
 * 3 the network or a repository failed (LD_EXIT_INTERNAL's value).
 */
#ifndef LD_CLI_CMD_SYNC_H
#define LD_CLI_CMD_SYNC_H

#include <stdbool.h>

/*
 * listdigest sync [-q] [--no-manifest] URL DIR
 * listdigest sync [-q] [--no-manifest] NAME|DIR
 *
 * main.c's entry for the "sync" subcommand; argv[0] is "sync".  NAME is a
 * configured inbox (its url and path); DIR (a path: it exists or has a
 * '/') is a mirror synced before, whose URL it recorded.  The per-epoch
 * lines go to stdout.  Returns the exit status.
 */
int ld_cmd_sync(int argc, char **argv);

/*
 * For `listdigest --sync SOURCE`: bring the mirror `dir` up to date from
 * `url` (NULL: the URL the mirror recorded on its last sync) before the
 * digest reads it.  The per-epoch lines go to stderr, since stdout carries
 * the report; `quiet` drops them (errors are always printed).  Returns the
 * exit status: 0, 2 or 3 as above.
 */
int ld_cmd_sync_source(const char *dir, const char *url, bool quiet);

#endif
