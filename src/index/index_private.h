/* index/index_private.h - what db.c shares with update.c
 *
 * db.c owns the SQLite handle and every SQL statement; update.c decides
 * what to read and calls these to store it.
 */
#ifndef LD_INDEX_PRIVATE_H
#define LD_INDEX_PRIVATE_H

#include <glib.h>

#include "index/index.h"

/* Bumped whenever the tables or what parse/ stores in them change: an old
 * cache is then rebuilt instead of trusted. */
#define LD_INDEX_SCHEMA_VERSION 9

/* What one epoch's indexed history looks like. */
typedef struct ld_index__epoch {
	bool known;     /* the index has rows for this epoch */
	ld_oid root;
	ld_oid tip;
	int64_t count;  /* commits indexed: seqs 0 .. count - 1 */
} ld_index__epoch;

int ld_index__epoch_get(ld_index__epoch *out, ld_index *idx, size_t epoch);
int ld_index__epoch_set(ld_index *idx, size_t epoch, const ld_oid *root);

/* Forget the commits of epoch `epoch`, whose first fill did not finish
 * (it has commits but no epochs row). */
int ld_index__epoch_clear(ld_index *idx, size_t epoch);

/* Forget epochs >= `epoch` entirely (the archive no longer has them). */
int ld_index__epoch_drop_from(ld_index *idx, size_t epoch);

/* History changed from `pos` on: forget the commits of its epoch from
 * there, and record when and where it happened. */
int ld_index__rewritten(ld_index *idx, const ld_pos *pos);

/* Before (start true) and after a large fill: drop the lookup indexes,
 * then build them again.  A run killed in between leaves them missing;
 * the next ld_index_open() builds them. */
int ld_index__bulk(ld_index *idx, bool start);

int ld_index__begin(ld_index *idx);
int ld_index__commit(ld_index *idx);

/* Store commit `pos`.  `error` is why its blob could not be read, or NULL;
 * a commit stored with an error is read again by the next update. */
int ld_index__add_commit(ld_index *idx, const ld_pos *pos,
			 const ld_oid *commit, ld_entry_kind kind,
			 const ld_oid *blob, const char *error);

/* Store a message blob added by commit `pos` (once: a second store of the
 * same blob keeps what the first stored, and the lower position).
 * `mail` is NULL unless status is LD_MSG_OK.  `size` is the blob's length;
 * `headers_only` whether it was over the size limit, so parsed from its
 * header block alone. */
int ld_index__add_message(ld_index *idx, const ld_pos *pos,
			  const ld_oid *blob, ld_msg_status status,
			  const ld_mail *mail, const char *error, int64_t size,
			  bool headers_only);

/* Make the stored messages agree with the size limit `max` (0: none): when
 * the last update used another limit, forget the messages parsed from
 * their headers alone and those over `max`, so that the update reads them
 * again like unreadable ones, and record `max`. */
int ld_index__set_max_size(ld_index *idx, size_t max);

/* The commits to read again: their blob was unreadable last time, or
 * ld_index__set_max_size() made their message stale.  Both are the
 * commits stored with an error. */
typedef struct ld_index__todo {
	ld_pos pos;
	ld_oid commit;
} ld_index__todo;

int ld_index__unreadable(GArray **out, ld_index *idx);

/* For tests: SQLite's query plan of every statement the index prepares,
 * one call of `cb` per line of the plan ("SEARCH m USING INDEX ...") with
 * the statement's SQL.  A non-zero return from `cb` stops and is
 * returned.  Returns LD_OK or LD_ERROR. */
typedef int (*ld_index__plan_cb)(const char *sql, const char *line,
				 void *payload);
int ld_index__plans(ld_index *idx, ld_index__plan_cb cb, void *payload);

#endif
