/* model/bots.c - glob patterns for the addresses of automation
 *
 * Patterns are GLib globs (g_pattern_match_simple: "*" and "?") matched
 * against the whole lower-cased address.
 *
 * Owns: the ld_bots, its patterns and its memo of answers.
 */
#include "model/model.h"

#include <glib.h>
#include <string.h>

#include "util/error.h"

#ifndef LD_DATADIR
#define LD_DATADIR "data"
#endif

struct ld_bots {
	GPtrArray *patterns;  /* GPatternSpec * */
	/*
	 * Address -> answer.  The model asks about every message several
	 * times (threads, people, reviews), and a list's few thousand
	 * addresses would otherwise each be lower-cased and run past every
	 * glob hundreds of times.  The model runs on one thread.
	 */
	GHashTable *seen;
};

static const char builtin[] =
	"lkp@intel.com\n"                        /* kernel test robot */
	"syzbot*@syzkaller.appspotmail.com\n"
	"patchwork-bot+*@kernel.org\n"
	"pr-tracker-bot@kernel.org\n"
	"noreply*@*\n" "*-noreply@*\n" "*.noreply@*\n"
	"no-reply*@*\n" "*-no-reply@*\n";

ld_bots *ld_bots_new(void)
{
	ld_bots *bots = g_new0(ld_bots, 1);

	bots->patterns = g_ptr_array_new_with_free_func(
				(GDestroyNotify)g_pattern_spec_free);
	bots->seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					   NULL);
	ld_bots_add(bots, builtin);
	return bots;
}

void ld_bots_add(ld_bots *bots, const char *text)
{
	char **lines = g_strsplit(text, "\n", -1);
	guint i;

	/* New patterns may turn a remembered "no" into "yes". */
	g_hash_table_remove_all(bots->seen);
	for (i = 0; lines[i]; i++) {
		char *line = lines[i], *hash = strchr(line, '#'), *low;

		if (hash)
			*hash = '\0';
		line = g_strstrip(line);
		if (!*line)
			continue;
		low = g_ascii_strdown(line, -1);
		g_ptr_array_add(bots->patterns, g_pattern_spec_new(low));
		g_free(low);
	}
	g_strfreev(lines);
}

int ld_bots_open(ld_bots **out, const char *extra)
{
	ld_bots *bots = ld_bots_new();
	char *file = g_build_filename(LD_DATADIR, "bots", NULL), *text = NULL;
	GError *err = NULL;
	int error;

	if (g_file_get_contents(file, &text, NULL, NULL))
		ld_bots_add(bots, text);
	g_free(text);
	text = NULL;
	if (extra) {
		if (!g_file_get_contents(extra, &text, NULL, &err)) {
			ld_error_set("cannot read bots list %s: %s", extra,
				     err->message);
			g_error_free(err);
			error = LD_ENOTFOUND;
			goto cleanup;
		}
		ld_bots_add(bots, text);
	}
	*out = bots;
	bots = NULL;
	error = LD_OK;
cleanup:
	g_free(text);
	g_free(file);
	ld_bots_free(bots);
	return error;
}

bool ld_bots_match(ld_bots *bots, const char *email)
{
	gpointer answer;
	char *low;
	bool hit = false;
	guint i;

	if (g_hash_table_lookup_extended(bots->seen, email, NULL, &answer))
		return answer != NULL;
	low = g_ascii_strdown(email, -1);
	for (i = 0; !hit && *low && i < bots->patterns->len; i++)
		hit = g_pattern_spec_match_string(
				g_ptr_array_index(bots->patterns, i), low);
	g_free(low);
	g_hash_table_insert(bots->seen, g_strdup(email),
			    hit ? GINT_TO_POINTER(1) : NULL);
	return hit;
}

void ld_bots_free(ld_bots *bots)
{
	if (!bots)
		return;
	g_ptr_array_free(bots->patterns, TRUE);
	g_hash_table_destroy(bots->seen);
	g_free(bots);
}
