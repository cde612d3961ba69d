/* index/index.h - the SQLite cache of per-message metadata
 *
 * The index records, for every commit of every epoch, what it did (added or
 * removed which blob) and, for every message blob, the decoded facts the
 * model needs (an ld_mail without its body) plus the commit message of
 * patches and cover letters.  It is a cache: it may only make runs faster,
 * never change their output.  A database from another schema version, or
 * one that does not match the archive, is rebuilt.
 *
 * Positions: commit `seq` of epoch `epoch` is the seq-th commit (from 0) on
 * that epoch's first-parent line; positions order the whole archive.
 */
#ifndef LD_INDEX_H
#define LD_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/parse.h"
#include "source/source.h"
#include "util/oid.h"

typedef struct ld_index ld_index;

/* A place in the archive's history. */
typedef struct ld_pos {
	size_t epoch;
	int64_t seq;
} ld_pos;

/* -1, 0 or 1 as a is before, at or after b. */
int ld_pos_cmp(const ld_pos *a, const ld_pos *b);

/*
 * Open the index of `src`.  With `cache_dir` NULL the index lives in memory
 * and is lost at ld_index_free().
 * Otherwise the database is `cache_dir`/<root>.sqlite, where <root> is
 * the root commit of epoch 0; a small pointer file per archive path lets
 * later runs find it without walking the history.  The directory is created
 * when missing.  A file that is not a current, readable index is deleted and
 * built again.  Returns LD_OK, LD_EBUSY (another process keeps the file
 * locked longer than SQLite's 10 s busy timeout) or LD_ERROR.
 */
int ld_index_open(ld_index **out, const char *cache_dir, ld_source *src);
void ld_index_free(ld_index *idx);

/* Close `idx` and delete its database file, so that the next
 * ld_index_open() builds it from scratch: for a cache found damaged
 * (LD_ECORRUPT) in the middle of a run. */
int ld_index_remove(ld_index *idx);

/* The database file, or NULL for an in-memory index.  Borrowed. */
const char *ld_index_path(const ld_index *idx);

typedef void (*ld_index_progress_cb)(size_t done, size_t total,
				     void *payload);

typedef struct ld_index_update_options {
	int jobs;                     /* reader/parser threads, >= 1 */
	size_t max_message_size;      /* bytes; a larger message is parsed
				       * from its header block alone
				       * (LD_PARSE_HEADERS_ONLY); 0: none */
	ld_index_progress_cb progress; /* may be NULL */
	void *payload;
} ld_index_update_options;

#define LD_MAX_MESSAGE_SIZE_DEFAULT ((size_t)32 << 20)
#define LD_INDEX_UPDATE_OPTIONS_INIT \
	{ 1, LD_MAX_MESSAGE_SIZE_DEFAULT, NULL, NULL }

/*
 * Bring the index up to date with every epoch's tip: read and parse only
 * the commits not indexed yet (and retry blobs that could not be read
 * before).  An epoch whose history was rewritten is re-indexed from
 * scratch.  Unreadable blobs are recorded, not fatal.  Messages stored
 * under another max_message_size than this run's are parsed again.
 * Returns LD_OK, LD_EBUSY (the file is locked by another process),
 * LD_ECORRUPT (the file is damaged), LD_EINVALID (the archive's history
 * cannot be walked) or LD_ERROR.
 */
int ld_index_update(ld_index *idx, ld_source *src,
		    const ld_index_update_options *opts);

/* Where `commit` of epoch `epoch` sits.  LD_ENOTFOUND when it is not on the
 * indexed first-parent history. */
int ld_index_position(ld_pos *out, ld_index *idx, size_t epoch,
		      const ld_oid *commit);

/* The newest indexed position.  LD_ENOTFOUND for an empty archive. */
int ld_index_last(ld_pos *out, ld_oid *commit, ld_index *idx);

/* The commit at `pos`.  LD_ENOTFOUND when there is none. */
int ld_index_commit_at(ld_oid *out, ld_index *idx, const ld_pos *pos);

/*
 * Where the epoch of `pos` was last rewritten at or before `pos`, by a
 * rewrite the index noticed after `since` (seconds since the epoch): the
 * first position whose commit changed.  LD_ENOTFOUND when none.
 */
int ld_index_rewritten_at(ld_pos *out, ld_index *idx, const ld_pos *pos,
			  int64_t since);

/* What happened to a message blob. */
typedef enum {
	LD_MSG_UNREADABLE = 0, /* the blob could not be read */
	LD_MSG_OK = 1,
	LD_MSG_PURGED = 2,     /* empty blob */
	LD_MSG_INVALID = 3     /* not a message at all */
} ld_msg_status;

/* One commit of the range, as the index knows it. */
typedef struct ld_row {
	ld_pos pos;
	ld_oid commit;
	ld_entry_kind entry;
	ld_oid blob;
	ld_msg_status status;  /* for LD_ENTRY_ADD */
	const char *error;     /* why, for UNREADABLE and INVALID */
	int64_t size;          /* the blob's length, for OK and INVALID */
	const ld_mail *mail;   /* LD_MSG_OK only; commit_message is NULL */
} ld_row;

typedef int (*ld_index_row_cb)(const ld_row *row, void *payload);

/*
 * Call `cb` for every commit after `from` (NULL: from the start) up to and
 * including `to`, oldest first.  The row and everything it points to are
 * borrowed for the duration of the call.  A non-zero return from `cb` stops
 * the walk and is returned.
 */
int ld_index_foreach(ld_index *idx, const ld_pos *from, const ld_pos *to,
		     ld_index_row_cb cb, void *payload);

/* Whether the blob, or a message with this Message-ID, was added by a
 * commit before `pos`: 1 or 0, or a negative error code (a damaged cache
 * answers LD_ECORRUPT, never a silent "no"). */
int ld_index_seen_before(ld_index *idx, const ld_pos *pos,
			 const ld_oid *blob, const char *message_id);

/* In *out, the List-Id of the newest message at or before `pos` that has
 * one, or NULL (g_free).  Returns LD_OK or an error code. */
int ld_index_list_id(char **out, ld_index *idx, const ld_pos *pos);

/* In *out, the commit message of the patch or cover letter stored as
 * `blob`, or NULL (g_free).  Returns LD_OK or an error code. */
int ld_index_commit_message(char **out, ld_index *idx, const ld_oid *blob);

/* An earlier message found by one of the ld_index_find_* queries. */
typedef struct ld_index_hit {
	ld_pos pos;
	int version;
	int64_t date;
	char *message_id;
	char *subject;
	char *tags;
} ld_index_hit;

void ld_index_hit_clear(ld_index_hit *hit);

/* The key titles are compared by: case-folded, whitespace collapsed,
 * trimmed.  Returns a new string (g_free). */
char *ld_index_title_key(const char *title);

/*
 * Look for an earlier version of a series among the patches and cover
 * letters added before `before`, with version <= `max_version`; the highest
 * version wins, then the latest.  Each returns LD_OK with *out filled, or
 * LD_ENOTFOUND (*out zeroed), or LD_ERROR.
 *   _change_id: the same b4 change-id;
 *   _title: the same author address (any case) and title key, counting
 *           only series heads (cover letters, patch 1, unnumbered patches).
 */
int ld_index_find_change_id(ld_index_hit *out, ld_index *idx,
			    const char *change_id, const ld_pos *before,
			    int max_version);
int ld_index_find_title(ld_index_hit *out, ld_index *idx,
			const char *author_email, const char *title,
			const ld_pos *before, int max_version);

/* The first patch or cover letter with `message_id` added before
 * `before` (a duplicate's later copies never count). */
int ld_index_find_message(ld_index_hit *out, ld_index *idx,
			  const char *message_id, const ld_pos *before);

/*
 * Call `cb` once for every in-body author address (any case) of a patch
 * anywhere in the index, with the address and name as written on its
 * earliest patch, that patch's position and Message-ID.  The arguments
 * are borrowed for the call; a non-zero return from `cb` stops the walk
 * and is returned.  Returns LD_OK or LD_ERROR.  It reads every patch's
 * row: for a few addresses known beforehand, ld_index_first_patch().
 */
typedef int (*ld_index_first_cb)(const ld_person *author, const ld_pos *pos,
				 const char *message_id, void *payload);
int ld_index_first_patches(ld_index *idx, ld_index_first_cb cb,
			   void *payload);

/* The earliest patch anywhere in the index whose in-body author address
 * is `address` (any case): its position in *pos and its Message-ID in
 * *message_id (g_free).  One index search.  Returns LD_OK, LD_ENOTFOUND
 * (*message_id NULL) or LD_ERROR. */
int ld_index_first_patch(ld_pos *pos, char **message_id, ld_index *idx,
			 const char *address);

/*
 * The --since-last state: per key (the source's path or --state-key), what
 * the last successful digest covered.  One SQLite file in `dir`
 * (state.sqlite), written in one transaction per run so a killed run
 * leaves the previous state intact.
 */
typedef struct ld_state ld_state;

typedef struct ld_state_entry {
	bool has_tip;         /* git sources: the range ended at `tip`, */
	ld_oid tip;
	ld_pos tip_pos;       /* which sat there */
	int64_t newest_date;  /* the newest Date covered (all sources), or 0 */
	int64_t updated;      /* when the entry was written (ld_state_get) */
} ld_state_entry;

int ld_state_open(ld_state **out, const char *dir);
void ld_state_free(ld_state *st);

/* LD_OK with *out filled, LD_ENOTFOUND when `key` has no state yet. */
int ld_state_get(ld_state_entry *out, ld_state *st, const char *key);
int ld_state_set(ld_state *st, const char *key, const ld_state_entry *e);

#endif
