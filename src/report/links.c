/* report/links.c - links from a report to the archive's message pages
 *
 * public-inbox serves a message at URL/MESSAGE-ID/, with the Message-ID
 * percent-escaped except for RFC 3986's "pchar" characters other than
 * "/" (its mid_escape()); lore.kernel.org is public-inbox.
 *
 * Owns nothing.
 */
#include "report/report.h"

#include <string.h>

char *ld_report_message_url(const ld_report_options *opts,
			    const char *message_id)
{
	const char *base;
	size_t len;
	char *mid, *url;

	if (!opts || !opts->archive_url || !*opts->archive_url ||
	    !message_id || !*message_id)
		return NULL;
	base = opts->archive_url;
	/* Only web archives: a "javascript:" or "data:" URL from a config
	 * file would become a live link in the HTML page. */
	if (g_ascii_strncasecmp(base, "https://", 8) != 0 &&
	    g_ascii_strncasecmp(base, "http://", 7) != 0)
		return NULL;
	len = strlen(base);
	while (len && base[len - 1] == '/')
		len--;
	mid = g_uri_escape_string(message_id,
				  G_URI_RESERVED_CHARS_SUBCOMPONENT_DELIMITERS
				  ":@", FALSE);
	url = g_strdup_printf("%.*s/%s/", (int)len, base, mid);
	g_free(mid);
	return url;
}
