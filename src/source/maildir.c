/* source/maildir.c - list the messages of a Maildir
 *
 * A Maildir keeps one message per file in cur/ (seen by a mail reader) and
 * new/ (not yet); tmp/ holds deliveries in progress and is never read.  A
 * file's name starts with its delivery time ("1700000000.M1P2.host") and
 * may end in ":2,FLAGS", which a mail reader changes; the flags are
 * ignored.  Messages are served oldest first: cur/ and new/ merged, by name
 * without the flags, runs of digits compared as numbers (so a 9-digit time
 * before 2001 sorts before a 10-digit one), then by whole name, then cur/
 * before new/.  Dot files, subdirectories and other non-regular files are
 * skipped; empty files are no messages.
 *
 * Each file is read once here to name it by the SHA-1 of its bytes, which
 * are then dropped; source.c reads the file again when a reader asks.
 *
 * Owns: nothing after open (the items own their paths); fills src->by_id,
 * so that readers on several threads only read the source.
 */
#include "source/source.h"

#include <glib.h>
#include <string.h>

#include "source/source_private.h"
#include "util/error.h"

typedef struct {
	char *path;        /* the file */
	const char *name;  /* its base name, inside path */
	size_t key_len;    /* length of name without ":2,FLAGS" */
	int dir;           /* 0: cur/, 1: new/ */
} entry;

static void entry_free(gpointer p)
{
	entry *e = p;

	g_free(e->path);
	g_free(e);
}

/* Compare a[0..alen) and b[0..blen), digit runs by their value. */
static int natural_cmp(const char *a, size_t alen, const char *b,
		       size_t blen)
{
	size_t i = 0, j = 0, si, sj;
	int c;

	while (i < alen && j < blen) {
		if (g_ascii_isdigit(a[i]) && g_ascii_isdigit(b[j])) {
			while (i < alen && a[i] == '0')
				i++;
			while (j < blen && b[j] == '0')
				j++;
			for (si = i; i < alen && g_ascii_isdigit(a[i]); i++)
				;
			for (sj = j; j < blen && g_ascii_isdigit(b[j]); j++)
				;
			if (i - si != j - sj)
				return i - si < j - sj ? -1 : 1;
			if ((c = memcmp(a + si, b + sj, i - si)) != 0)
				return c;
			continue;
		}
		if (a[i] != b[j])
			return (unsigned char)a[i] < (unsigned char)b[j] ?
			       -1 : 1;
		i++;
		j++;
	}
	if (alen - i != blen - j)
		return alen - i < blen - j ? -1 : 1;
	return 0;
}

static int entry_cmp(gconstpointer pa, gconstpointer pb)
{
	const entry *a = *(const entry *const *)pa;
	const entry *b = *(const entry *const *)pb;
	int c;

	if ((c = natural_cmp(a->name, a->key_len, b->name, b->key_len)) != 0)
		return c;
	if ((c = strcmp(a->name, b->name)) != 0)
		return c;
	return a->dir - b->dir;
}

/* Add the regular, non-dot files of `dir` (index `which`) to `out`. */
static int list_dir(GPtrArray *out, const char *dir, int which)
{
	GError *err = NULL;
	GDir *d = g_dir_open(dir, 0, &err);
	const char *name;
	entry *e;

	if (!d) {
		ld_error_set("%s", err->message);
		g_error_free(err);
		return LD_ERROR;
	}
	while ((name = g_dir_read_name(d)) != NULL) {
		char *path;

		if (name[0] == '.')
			continue;
		path = g_build_filename(dir, name, NULL);
		if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
			g_free(path);
			continue;
		}
		e = g_new0(entry, 1);
		e->path = path;
		e->name = path + strlen(path) - strlen(name);
		e->key_len = strcspn(name, ":");
		e->dir = which;
		g_ptr_array_add(out, e);
	}
	g_dir_close(d);
	return LD_OK;
}

int ld_source__maildir_open(ld_source *src, const char *path)
{
	static const char *const subdirs[] = { "cur", "new" };
	GPtrArray *files = g_ptr_array_new_with_free_func(entry_free);
	GError *err = NULL;
	bool found = false;
	char *data = NULL;
	gsize len;
	guint i;
	int error = LD_OK;

	for (i = 0; i < G_N_ELEMENTS(subdirs); i++) {
		char *dir = g_build_filename(path, subdirs[i], NULL);

		if (g_file_test(dir, G_FILE_TEST_IS_DIR)) {
			found = true;
			error = list_dir(files, dir, (int)i);
		}
		g_free(dir);
		if (error < 0)
			goto cleanup;
	}
	if (!found) {
		ld_error_set("%s: not a Maildir (no cur/ or new/)", path);
		error = LD_EINVALID;
		goto cleanup;
	}
	g_ptr_array_sort(files, entry_cmp);
	for (i = 0; i < files->len; i++) {
		const entry *e = g_ptr_array_index(files, i);

		if (!g_file_get_contents(e->path, &data, &len, &err)) {
			ld_error_set("%s", err->message);
			g_error_free(err);
			error = LD_ERROR;
			goto cleanup;
		}
		if (len > 0)
			ld_source__add_item(src, data, len, e->path);
		g_free(data);
		data = NULL;
	}
cleanup:
	g_free(data);
	g_ptr_array_free(files, TRUE);
	return error;
}
