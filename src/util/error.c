/* util/error.c - the per-thread last error message
 *
 * Owns one heap string per thread, replaced by each ld_error_set().
 */
#include "util/error.h"

#include <glib.h>
#include <stdarg.h>

static GPrivate last_error = G_PRIVATE_INIT(g_free);

void ld_error_set(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	g_private_replace(&last_error, g_strdup_vprintf(fmt, ap));
	va_end(ap);
}

const char *ld_error_last(void)
{
	const char *msg = g_private_get(&last_error);

	return msg ? msg : "unknown error";
}

void ld_error_clear(void)
{
	g_private_replace(&last_error, NULL);
}
