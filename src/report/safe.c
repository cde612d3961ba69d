/* report/safe.c - text from messages made safe for a terminal
 *
 * Anything an archive holds reaches the reader's terminal through the
 * text and Markdown reports.  An ESC could recolour or retitle the
 * terminal, a CR or backspace overwrite what was printed, a bidi override
 * make a subject read differently from what it is (CVE-2021-42574).  They
 * are shown as visible escapes, so the reader sees that they are there.
 *
 * Owns nothing.
 */
#include "report/report.h"

static bool is_bidi(gunichar c)
{
	return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) ||
	       c == 0x200e || c == 0x200f || c == 0x061c;
}

void ld_report_safe_append(GString *out, const char *text)
{
	const char *p = text;

	while (*p) {
		gunichar c = g_utf8_get_char_validated(p, -1);
		const char *next;

		if (c == (gunichar)-1 || c == (gunichar)-2) {
			g_string_append_printf(out, "\\x%02x",
					       (unsigned char)*p);
			p++;
			continue;
		}
		next = g_utf8_next_char(p);
		if ((c < 0x20 && c != '\t' && c != '\n') ||
		    (c >= 0x7f && c < 0xa0))
			g_string_append_printf(out, "\\x%02x", (unsigned)c);
		else if (is_bidi(c))
			g_string_append_printf(out, "\\u%04x", (unsigned)c);
		else
			g_string_append_len(out, p, next - p);
		p = next;
	}
}
