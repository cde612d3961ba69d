/* cli/main.c - the listdigest command: dispatch to a subcommand
 *
 *   listdigest [OPTIONS] SOURCE [RANGE]     cmd_digest.c
 *   listdigest sync URL DIR | sync NAME     cmd_sync.c
 *
 * Initialises the libraries once for every command and returns the
 * command's exit status (see cli.h).
 */
#include <glib.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd_sync.h"
#include "parse/parse.h"
#include "source/source.h"
#include "util/error.h"

typedef struct command {
	const char *name;
	int (*run)(int argc, char **argv);
} command;

static const command commands[] = {
	{ "digest", ld_cmd_digest },
	{ "sync", ld_cmd_sync },
};

int ld_cli_fail_code(int error)
{
	return ld_cli_fail(error == LD_ERROR ? LD_EXIT_INTERNAL :
			   LD_EXIT_USAGE, "%s", ld_error_last());
}

int ld_cli_fail(int status, const char *fmt, ...)
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

int ld_cli_option_error(GError *err)
{
	if (g_ascii_isupper(err->message[0]) &&
	    !g_ascii_isupper(err->message[1]))
		err->message[0] = g_ascii_tolower(err->message[0]);
	ld_cli_fail(LD_EXIT_USAGE, "%s", err->message);
	g_error_free(err);
	return LD_EXIT_USAGE;
}

int main(int argc, char **argv)
{
	int (*run)(int, char **) = ld_cmd_digest;
	size_t i;
	int status;

	for (i = 0; argc > 1 && i < G_N_ELEMENTS(commands); i++)
		if (strcmp(argv[1], commands[i].name) == 0) {
			run = commands[i].run;
			argc--;
			argv++;
		}
	/* GOption converts option values from the locale's character set:
	 * without this, the C locale's ASCII refuses "--list-name Jösé".
	 * Only LC_CTYPE: numbers and dates are printed the same everywhere. */
	setlocale(LC_CTYPE, "");
	ld_parse_init();
	ld_source_init();
	status = run(argc, argv);
	ld_source_shutdown();
	ld_parse_shutdown();
	return status;
}
