/* tests/parse/fixture.c - load real messages and scan bodies for tests */
#include "fixture.h"

#include <glib.h>

#include "parse/parse_private.h"
#include "util/error.h"

#ifndef LD_CORPORA_DEFAULT
#define LD_CORPORA_DEFAULT "tests/corpora"
#endif

ld_mail *fixture_parse_file(const char *name)
{
	const char *dir = g_getenv("LD_CORPORA");
	GError *err = NULL;
	ld_mail *m = NULL;
	char *path, *data;
	gsize len;

	path = g_build_filename(dir ? dir : LD_CORPORA_DEFAULT, "parse", name,
				NULL);
	if (!g_file_get_contents(path, &data, &len, &err))
		g_error("%s: %s", path, err->message);
	if (ld_parse_message(&m, data, len, 0) != LD_OK)
		g_error("%s: %s", path, ld_error_last());
	g_free(data);
	g_free(path);
	return m;
}

ld_mail *fixture_scan(const char *body)
{
	ld_mail *m = g_new0(ld_mail, 1);

	m->message_id = g_strdup("self@example.org");
	ld_parse__scan_body(m, body);
	return m;
}
