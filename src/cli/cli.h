/* cli/cli.h - what the command files of cli/ share
 *
 * main.c dispatches to one entry point per command; each command parses
 * its own options and returns the process's exit status:
 *   0 success, 1 success with warnings, 2 bad usage or unusable input,
 *   3 internal error.
 */
#ifndef LD_CLI_H
#define LD_CLI_H

#include <glib.h>

enum {
	LD_EXIT_OK = 0,
	LD_EXIT_WARN = 1,
	LD_EXIT_USAGE = 2,
	LD_EXIT_INTERNAL = 3
};

/* Print one "listdigest: ..." line to stderr and return `status`. */
int ld_cli_fail(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ld_error_last() as one "listdigest: ..." line, and the exit status the
 * failed step's code means: LD_ERROR is our own failure or the system's
 * (3); every other code names a problem with what the user gave us, a bad
 * argument or an unusable, damaged or locked archive, cache or state (2).
 * README, "Failure behaviour". */
int ld_cli_fail_code(int error);

/* Report a GOption parse error as one lower-case "listdigest: ..." line
 * (GLib's messages start with a capital), free it, and return
 * LD_EXIT_USAGE. */
int ld_cli_option_error(GError *err);

/* listdigest [OPTIONS] SOURCE [RANGE] */
int ld_cmd_digest(int argc, char **argv);

#endif
