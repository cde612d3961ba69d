/* report/text.c - the plain-text digest
 *
 * The layout follows the historical "KVM mailing list update" mails line
 * for line (see docs and tests/cli/expected), fixing their defects: names
 * and subjects are decoded, subjects are whole, the patch list is filled.
 * Text from messages is written through put(), which replaces control
 * characters so that nothing in an archive can drive the reader's terminal.
 *
 * Owns nothing.
 */
#include "report/report.h"

#include <string.h>

#include "util/error.h"

#define RULE "----------------------------------------------------------" \
	     "------------"

/* Write `text` with C0 controls (but tab and newline), DEL and C1 controls
 * replaced by U+FFFD. */
static void put(FILE *out, const char *text)
{
	const char *p = text;

	while (*p) {
		gunichar c = g_utf8_get_char_validated(p, -1);
		const char *next;

		if (c == (gunichar)-1 || c == (gunichar)-2) {
			fputs("\xef\xbf\xbd", out);
			p++;
			continue;
		}
		next = g_utf8_next_char(p);
		if ((c < 0x20 && c != '\t' && c != '\n') ||
		    (c >= 0x7f && c < 0xa0))
			fputs("\xef\xbf\xbd", out);
		else
			fwrite(p, 1, (size_t)(next - p), out);
		p = next;
	}
}

static void put_line(FILE *out, const char *text)
{
	put(out, text);
	fputc('\n', out);
}

static void put_table(FILE *out, const GPtrArray *rows, bool people)
{
	guint i;

	for (i = 0; i < rows->len; i++) {
		const ld_count *c = g_ptr_array_index(rows, i);

		fprintf(out, "%7zu ", c->count);
		if (people) {
			ld_person p = { c->name, c->email };
			char *who = ld_person_display(&p);

			put_line(out, who);
			g_free(who);
		} else {
			put_line(out, c->key);
		}
	}
}

static void put_block(FILE *out, const ld_series_msg *m)
{
	char *who = ld_person_display(&m->sender);

	fputs("New:  ", out);
	put_line(out, m->title);
	put_line(out, m->subject);
	fputs("Author: ", out);
	put_line(out, who);
	fputc('\n', out);
	put_line(out, m->commit_message ? m->commit_message : "");
	fputs("\n" RULE "\n\n", out);
	g_free(who);
}

int ld_report_text(FILE *out, const ld_digest *d)
{
	char from[LD_OID_HEXSZ + 1] = "(start)", to[LD_OID_HEXSZ + 1];
	guint i, j;

	if (d->has_from) {
		ld_oid_fmt(from, &d->from);
		from[9] = '\0';
	}
	ld_oid_fmt(to, &d->to);
	to[9] = '\0';
	put(out, d->list);
	fprintf(out, " mailing list update from %s to %s\n\n", from, to);

	fprintf(out, "Top %d contributor Email domains (Based on Email Body)"
		"\n\n", d->top);
	put_table(out, d->top_domains, false);
	fprintf(out, "\nTop %d contributors (Based on Email Body)\n\n", d->top);
	put_table(out, d->top_contributors, true);

	fputs("\n===== Patch list in this time period =====\n\n", out);
	for (i = 0; i < d->series->len; i++) {
		const ld_series *s = g_ptr_array_index(d->series, i);

		put_line(out, s->subject);
	}
	fputs("\n===== Patch Commit Messages ====\n\n", out);
	for (i = 0; i < d->series->len; i++) {
		const ld_series *s = g_ptr_array_index(d->series, i);

		for (j = 0; j < s->printed->len; j++)
			put_block(out, g_ptr_array_index(s->printed, j));
	}
	if (fflush(out) != 0 || ferror(out)) {
		ld_error_set("cannot write the report");
		return LD_ERROR;
	}
	return LD_OK;
}
