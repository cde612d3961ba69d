/* source/source_private.h - what the source backends share
 *
 * source.c detects the kind of archive and dispatches; pinbox.c reads
 * git-based archives (public-inbox v1 and v2); mbox.c and maildir.c turn
 * their containers into a list of items (one message each) that source.c
 * serves as the "commits" of a single epoch.
 */
#ifndef LD_SOURCE_PRIVATE_H
#define LD_SOURCE_PRIVATE_H

#include <glib.h>

#include "source/source.h"

/* One message of an mbox or Maildir. */
typedef struct ld_source__item {
	ld_oid id;          /* SHA-1 of the message's bytes */
	const char *data;   /* mbox: into src->buffer; NULL for Maildir */
	size_t len;
	char *path;         /* Maildir: the file; NULL for mbox */
} ld_source__item;

struct ld_source {
	ld_source_type type;
	char *name;
	/* git sources */
	GPtrArray *paths;          /* char *, one git dir per epoch */
	GPtrArray *repos;          /* git_repository *, opened lazily */
	/* mbox and Maildir */
	GArray *items;             /* ld_source__item */
	GHashTable *by_id;         /* ld_oid * -> index + 1 into items */
	char *buffer;              /* mbox bytes (unquoted in place) */
	size_t buffer_len;
};

struct ld_source_reader {
	ld_source *src;
	GPtrArray *repos;          /* git_repository *, opened lazily */
	void *blob;                /* git_blob *: keeps the bytes alive */
	char *file;                /* Maildir: the last file read */
};

/* Git backends (pinbox.c). */
int ld_source__git_open(ld_source *src, const char *path,
			ld_source_type type);
void ld_source__git_free(ld_source *src);
int ld_source__git_tip(ld_oid *out, ld_source *src, size_t epoch);
int ld_source__git_resolve(ld_rev *out, ld_source *src, const char *spec);
int ld_source__git_merge_base(ld_rev *out, ld_source *src,
			      const ld_oid *commit);
int ld_source__git_walk(ld_source *src, size_t epoch, const ld_oid *stop,
			ld_source_commit_cb cb, void *payload);
int ld_source__git_list(ld_oid **out, ld_oid **trees, size_t *count,
			ld_source *src, size_t epoch, const ld_oid *stop);
void ld_source__git_reader_free(ld_source_reader *reader);
int ld_source__git_read(ld_source_reader *reader, size_t epoch,
			const ld_oid *commit, const ld_oid *tree_hint,
			ld_entry_kind *kind, ld_oid *blob, const char **data,
			size_t *len);

/* Whether `path` is a git repository whose tip tree has "m" or "d" (a
 * v2 epoch) rather than per-message files (v1). */
bool ld_source__git_is_v2(const char *path);
bool ld_source__git_is_repo(const char *path);

/* Item backends: fill src->items (and src->buffer for mbox).  `path` "-"
 * is standard input. */
int ld_source__mbox_open(ld_source *src, const char *path,
			 ld_mbox_format format);
int ld_source__maildir_open(ld_source *src, const char *path);

/* Append an item for `len` bytes at `data` (mbox) or the file `path`
 * (Maildir, whose bytes are hashed from `data` then dropped). */
void ld_source__add_item(ld_source *src, const char *data, size_t len,
			 const char *path);

#endif
