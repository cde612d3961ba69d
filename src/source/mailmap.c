/* source/mailmap.c - .mailmap files through libgit2's git_mailmap
 *
 * libgit2 (1.5) matches a map's addresses exactly, git case-insensitively.
 * Before parsing, the matching address of each line (its last <...>) is
 * lower-cased, and so is every queried address: the canonical address a
 * line gives (its first <...> of two) keeps its spelling.
 *
 * Owns: the ld_mailmap (a git_mailmap).
 */
#include "source/mailmap.h"

#include <git2.h>
#include <glib.h>
#include <string.h>

#include "util/error.h"

struct ld_mailmap {
	git_mailmap *map;
};

/* Lower-case the last <...> of every line of `text`, in place. */
static void fold_match_addresses(char *text)
{
	char *line = text;

	while (line && *line) {
		char *end = strchr(line, '\n'), *open = NULL, *p;

		for (p = line; *p && p != end; p++)
			if (*p == '<')
				open = p;
		for (p = open; p && *p && p != end && *p != '>'; p++)
			*p = g_ascii_tolower(*p);
		line = end ? end + 1 : NULL;
	}
}

int ld_mailmap_parse(ld_mailmap **out, const char *buf, size_t len)
{
	char *text = g_strndup(buf, len);
	ld_mailmap *mm = g_new0(ld_mailmap, 1);
	int error;

	git_libgit2_init();
	fold_match_addresses(text);
	if (git_mailmap_from_buffer(&mm->map, text, strlen(text)) < 0) {
		const git_error *e = git_error_last();

		ld_error_set("cannot parse mailmap: %s",
			     e ? e->message : "unknown error");
		error = LD_ERROR;
		goto cleanup;
	}
	*out = mm;
	mm = NULL;
	error = LD_OK;
cleanup:
	ld_mailmap_free(mm);
	g_free(text);
	return error;
}

int ld_mailmap_open(ld_mailmap **out, const char *path)
{
	char *text = NULL;
	gsize len = 0;
	GError *err = NULL;
	int error;

	if (!g_file_get_contents(path, &text, &len, &err)) {
		ld_error_set("cannot read mailmap %s: %s", path,
			     err->message);
		g_error_free(err);
		return LD_ENOTFOUND;
	}
	error = ld_mailmap_parse(out, text, len);
	g_free(text);
	return error;
}

int ld_mailmap_resolve(const ld_mailmap *mm, const char *name,
		       const char *email, char **out_name, char **out_email)
{
	char *low = g_ascii_strdown(email ? email : "", -1);
	const char *real_name = NULL, *real_email = NULL;
	int error;

	if (git_mailmap_resolve(&real_name, &real_email, mm->map,
				name ? name : "", low) < 0) {
		ld_error_set("cannot resolve a mailmap entry");
		error = LD_ERROR;
		goto cleanup;
	}
	*out_name = g_strdup(real_name);
	/* Unmapped: the address as it was written. */
	*out_email = g_strdup(strcmp(real_email, low) == 0 && email ?
			      email : real_email);
	error = LD_OK;
cleanup:
	g_free(low);
	return error;
}

void ld_mailmap_free(ld_mailmap *mm)
{
	if (!mm)
		return;
	git_mailmap_free(mm->map);
	git_libgit2_shutdown();  /* each ld_mailmap_parse() initialised it */
	g_free(mm);
}
