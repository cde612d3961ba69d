/* source/source.c - open any archive and serve its messages in order
 *
 * Detects what a path is (a public-inbox v2 inbox or epoch, a v1
 * repository, an mbox file, a Maildir) and dispatches to the backend.
 * mbox and Maildir messages are served as the "commits" of one epoch, each
 * named by the SHA-1 of its bytes (as git would name the blob), so that the
 * index and everything after it treat every container alike: the same
 * messages give the same digest whatever they came in.
 *
 * Owns: the source and its items; readers' per-thread state.
 */
#include "source/source.h"

#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "source/source_private.h"
#include "util/error.h"

static const char *const type_names[] = {
	[LD_SOURCE_AUTO] = "auto",
	[LD_SOURCE_V2] = "v2",
	[LD_SOURCE_V1] = "v1",
	[LD_SOURCE_MBOX] = "mbox",
	[LD_SOURCE_MAILDIR] = "maildir",
};

const char *ld_source_type_name(ld_source_type type)
{
	return type_names[type];
}

bool ld_source_type_parse(ld_source_type *out, const char *name)
{
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(type_names); i++)
		if (g_ascii_strcasecmp(name, type_names[i]) == 0) {
			*out = (ld_source_type)i;
			return true;
		}
	*out = LD_SOURCE_AUTO;
	return false;
}

static bool is_dir(const char *path)
{
	return g_file_test(path, G_FILE_TEST_IS_DIR);
}

static bool is_maildir(const char *path)
{
	char *cur = g_build_filename(path, "cur", NULL);
	char *new = g_build_filename(path, "new", NULL);
	bool yes = is_dir(cur) || is_dir(new);

	g_free(cur);
	g_free(new);
	return yes;
}

static bool is_v2_inbox(const char *path)
{
	char *first = g_build_filename(path, "git", "0.git", NULL);
	bool yes = is_dir(first);

	g_free(first);
	return yes;
}

/* What `path` holds, or LD_SOURCE_AUTO when nothing we read. */
static ld_source_type detect(const char *path)
{
	if (strcmp(path, "-") == 0)
		return LD_SOURCE_MBOX;
	if (!is_dir(path))
		return g_file_test(path, G_FILE_TEST_IS_REGULAR) ?
		       LD_SOURCE_MBOX : LD_SOURCE_AUTO;
	if (is_v2_inbox(path))
		return LD_SOURCE_V2;
	if (is_maildir(path))
		return LD_SOURCE_MAILDIR;
	if (ld_source__git_is_repo(path))
		return ld_source__git_is_v2(path) ? LD_SOURCE_V2 :
		       LD_SOURCE_V1;
	return LD_SOURCE_AUTO;
}

/* "kvm" for ".../kvm.mbox.gz" or a Maildir ".../kvm/". */
static char *file_name(const char *path)
{
	char *base;
	static const char *const suffixes[] = { ".gz", ".mbox", ".mboxrd",
						".mbx" };
	size_t i;

	if (strcmp(path, "-") == 0)
		return g_strdup("stdin");
	{
		char *clean = g_canonicalize_filename(path, NULL);

		base = g_path_get_basename(clean);
		g_free(clean);
	}
	for (i = 0; i < G_N_ELEMENTS(suffixes); i++)
		if (g_str_has_suffix(base, suffixes[i]) &&
		    strlen(base) > strlen(suffixes[i]))
			base[strlen(base) - strlen(suffixes[i])] = '\0';
	return base;
}

/*
 * Index the items by id while the source has one thread: readers are made
 * on the index stage's worker threads, and after open the source is only
 * ever read.
 */
static void index_items(ld_source *src)
{
	guint i;

	src->by_id = g_hash_table_new(ld_oid_hash, ld_oid_hash_equal);
	for (i = 0; i < src->items->len; i++)
		g_hash_table_insert(src->by_id,
				    &g_array_index(src->items,
						   ld_source__item, i).id,
				    GUINT_TO_POINTER(i + 1));
}

int ld_source_open(ld_source **out, const char *path, ld_source_type type,
		   ld_mbox_format mbox_format)
{
	ld_source *src = g_new0(ld_source, 1);
	int error;

	*out = NULL;
	src->paths = g_ptr_array_new_with_free_func(g_free);
	src->items = g_array_new(FALSE, TRUE, sizeof(ld_source__item));
	if (strcmp(path, "-") != 0 && !g_file_test(path, G_FILE_TEST_EXISTS)) {
		ld_error_set("%s: no such file or directory", path);
		error = LD_ENOTFOUND;
		goto cleanup;
	}
	/* Whatever it is, it must be readable: otherwise libgit2 and the
	 * type detection below would each blame something else. */
	if (strcmp(path, "-") != 0 && g_access(path, R_OK) < 0) {
		ld_error_set("cannot read %s: %s", path, g_strerror(errno));
		error = LD_EINVALID;
		goto cleanup;
	}
	if (type == LD_SOURCE_AUTO && (type = detect(path)) == LD_SOURCE_AUTO) {
		ld_error_set("%s is not a public-inbox inbox or epoch, an mbox "
			     "or a Maildir", path);
		error = LD_EINVALID;
		goto cleanup;
	}
	src->type = type;
	switch (type) {
	case LD_SOURCE_V1:
	case LD_SOURCE_V2:
		error = ld_source__git_open(src, path, type);
		break;
	case LD_SOURCE_MBOX:
		src->name = file_name(path);
		error = ld_source__mbox_open(src, path, mbox_format);
		break;
	case LD_SOURCE_MAILDIR:
		src->name = file_name(path);
		error = ld_source__maildir_open(src, path);
		break;
	default:
		error = LD_EINVALID;
		break;
	}
	if (error < 0)
		goto cleanup;
	if (!ld_source_is_git(src))
		index_items(src);
	*out = src;
	return LD_OK;
cleanup:
	ld_source_free(src);
	return error;
}

static void item_clear(ld_source__item *item)
{
	g_free(item->path);
}

void ld_source_free(ld_source *src)
{
	guint i;

	if (!src)
		return;
	ld_source__git_free(src);
	for (i = 0; i < src->items->len; i++)
		item_clear(&g_array_index(src->items, ld_source__item, i));
	g_array_free(src->items, TRUE);
	if (src->by_id)
		g_hash_table_destroy(src->by_id);
	g_ptr_array_free(src->paths, TRUE);
	g_free(src->buffer);
	g_free(src->name);
	g_free(src);
}

ld_source_type ld_source_get_type(const ld_source *src)
{
	return src->type;
}

bool ld_source_is_git(const ld_source *src)
{
	return src->type == LD_SOURCE_V1 || src->type == LD_SOURCE_V2;
}

size_t ld_source_epoch_count(const ld_source *src)
{
	return ld_source_is_git(src) ? src->paths->len : 1;
}

const char *ld_source_name(const ld_source *src)
{
	return src->name;
}

const char *ld_source_epoch_path(const ld_source *src, size_t epoch)
{
	if (!ld_source_is_git(src))
		return src->name;
	return g_ptr_array_index(src->paths, epoch);
}

int ld_source_epoch_tip(ld_oid *out, ld_source *src, size_t epoch)
{
	guint n = src->items->len;

	if (ld_source_is_git(src))
		return ld_source__git_tip(out, src, epoch);
	if (n == 0) {
		ld_error_set("%s holds no messages", src->name);
		return LD_ENOTFOUND;
	}
	*out = g_array_index(src->items, ld_source__item, n - 1).id;
	return LD_OK;
}

int ld_source_resolve(ld_rev *out, ld_source *src, const char *spec)
{
	if (ld_source_is_git(src))
		return ld_source__git_resolve(out, src, spec);
	ld_error_set("%s sources have no revisions ('%s'); use --since and "
		     "--until", ld_source_type_name(src->type), spec);
	return LD_EINVALID;
}

int ld_source_merge_base(ld_rev *out, ld_source *src, const ld_oid *commit)
{
	if (ld_source_is_git(src))
		return ld_source__git_merge_base(out, src, commit);
	ld_error_set("%s sources have no history", ld_source_type_name(
			     src->type));
	return LD_ENOTFOUND;
}

void ld_source__add_item(ld_source *src, const char *data, size_t len,
			 const char *path)
{
	ld_source__item item = { { { 0 } }, NULL, 0, NULL };
	GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA1);
	gsize digest_len = LD_OID_RAWSZ;
	char header[64];

	/* Name the message as git names a blob, so an mbox and an archive
	 * holding the same bytes agree on what is a duplicate. */
	g_snprintf(header, sizeof(header), "blob %zu", len);
	g_checksum_update(sum, (const guchar *)header, strlen(header) + 1);
	g_checksum_update(sum, (const guchar *)data, (gssize)len);
	g_checksum_get_digest(sum, item.id.id, &digest_len);
	g_checksum_free(sum);
	item.data = path ? NULL : data;
	item.len = len;
	item.path = g_strdup(path);
	g_array_append_val(src->items, item);
}

/* The items serve as commits: list them, or those after `stop`. */
static int items_list(ld_oid **out, size_t *count, ld_source *src,
		      const ld_oid *stop)
{
	guint i, first = 0, n = src->items->len;

	if (stop) {
		for (i = n; i-- > 0;)
			if (ld_oid_equal(&g_array_index(src->items,
					 ld_source__item, i).id, stop))
				break;
		if (i == (guint)-1) {
			ld_error_set("%s changed", src->name);
			return LD_ENOTFOUND;
		}
		first = i + 1;
	}
	*count = n - first;
	*out = g_new(ld_oid, *count ? *count : 1);
	for (i = first; i < n; i++)
		(*out)[i - first] = g_array_index(src->items, ld_source__item,
						  i).id;
	return LD_OK;
}

int ld_source_list_commits(ld_oid **out, ld_oid **trees, size_t *count,
			   ld_source *src, size_t epoch, const ld_oid *stop)
{
	*out = NULL;
	if (trees)
		*trees = NULL;
	*count = 0;
	if (ld_source_is_git(src))
		return ld_source__git_list(out, trees, count, src, epoch,
					   stop);
	return items_list(out, count, src, stop);
}

int ld_source_walk_commits(ld_source *src, size_t epoch,
			   ld_source_commit_cb cb, void *payload)
{
	ld_oid *list;
	size_t n, i;
	int error;

	if (ld_source_is_git(src))
		return ld_source__git_walk(src, epoch, NULL, cb, payload);
	if ((error = items_list(&list, &n, src, NULL)) < 0)
		return error;
	for (i = n; i-- > 0 && error == 0;)
		error = cb(&list[i], NULL, payload);
	g_free(list);
	return error;
}

int ld_source_reader_new(ld_source_reader **out, ld_source *src)
{
	ld_source_reader *r = g_new0(ld_source_reader, 1);

	r->src = src;
	r->repos = g_ptr_array_new();
	*out = r;
	return LD_OK;
}

void ld_source_reader_free(ld_source_reader *reader)
{
	if (!reader)
		return;
	ld_source__git_reader_free(reader);
	g_ptr_array_free(reader->repos, TRUE);
	g_free(reader->file);
	g_free(reader);
}

static int items_read(ld_source_reader *r, const ld_oid *id,
		      ld_entry_kind *kind, ld_oid *blob, const char **data,
		      size_t *len)
{
	guint i = GPOINTER_TO_UINT(g_hash_table_lookup(r->src->by_id, id));
	const ld_source__item *item;
	GError *err = NULL;
	gsize flen;

	if (i == 0) {
		ld_error_set("%s: no such message", r->src->name);
		return LD_ERROR;
	}
	item = &g_array_index(r->src->items, ld_source__item, i - 1);
	*kind = LD_ENTRY_ADD;
	*blob = item->id;
	if (!item->path) {
		*data = item->data;
		*len = item->len;
		return LD_OK;
	}
	g_free(r->file);
	r->file = NULL;
	if (!g_file_get_contents(item->path, &r->file, &flen, &err)) {
		ld_error_set("%s", err->message);
		g_error_free(err);
		return LD_ERROR;
	}
	*data = r->file;
	*len = flen;
	return LD_OK;
}

int ld_source_read(ld_source_reader *reader, size_t epoch,
		   const ld_oid *commit, const ld_oid *tree,
		   ld_entry_kind *kind, ld_oid *blob, const char **data,
		   size_t *len)
{
	*kind = LD_ENTRY_NONE;
	*data = NULL;
	*len = 0;
	memset(blob, 0, sizeof(*blob));
	if (ld_source_is_git(reader->src))
		return ld_source__git_read(reader, epoch, commit, tree, kind,
					   blob, data, len);
	return items_read(reader, commit, kind, blob, data, len);
}
