/* index/state.c - what the last --since-last run covered
 *
 * One row per key in state.sqlite under the state directory.  A row is
 * replaced only by ld_state_set(), which the CLI calls after the report
 * was written in full; SQLite's journal makes the replacement atomic, so a
 * run killed at any moment leaves either the old row or the new one.
 *
 * Owns: the sqlite3 handle.
 */
#include "index/index.h"

#include <errno.h>
#include <glib.h>
#include <sqlite3.h>
#include <string.h>

#include "util/error.h"

struct ld_state {
	sqlite3 *db;
	char *path;
};

/* The state is never rebuilt behind the user's back: a damaged file would
 * silently move the next --since-last range.  It is left as it is, and
 * the message says what to do. */
static int state_fail(ld_state *st, const char *what)
{
	int code = st->db ? sqlite3_errcode(st->db) : SQLITE_CANTOPEN;

	if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
		ld_error_set("state %s is locked by another listdigest run; "
			     "try again when it has finished", st->path);
		return LD_EBUSY;
	}
	if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) {
		ld_error_set("state %s is damaged (%s); left as it is: move "
			     "it away to start --since-last afresh", st->path,
			     sqlite3_errmsg(st->db));
		return LD_ECORRUPT;
	}
	ld_error_set("state %s: %s: %s", st->path, what,
		     st->db ? sqlite3_errmsg(st->db) : "cannot open");
	return LD_ERROR;
}

int ld_state_open(ld_state **out, const char *dir)
{
	ld_state *st = g_new0(ld_state, 1);
	int error;

	*out = NULL;
	st->path = g_build_filename(dir, "state.sqlite", NULL);
	if (g_mkdir_with_parents(dir, 0700) < 0) {
		ld_error_set("cannot create state directory %s: %s", dir,
			     g_strerror(errno));
		error = LD_ERROR;
		goto cleanup;
	}
	if (sqlite3_open(st->path, &st->db) != SQLITE_OK) {
		error = state_fail(st, "cannot open");
		goto cleanup;
	}
	sqlite3_busy_timeout(st->db, 10000);
	if (sqlite3_exec(st->db, "PRAGMA synchronous=FULL;"
			 "CREATE TABLE IF NOT EXISTS state("
			 "key TEXT PRIMARY KEY, tip BLOB, epoch INTEGER,"
			 " seq INTEGER, newest INTEGER, updated INTEGER)",
			 NULL, NULL, NULL) != SQLITE_OK) {
		error = state_fail(st, "cannot read");
		goto cleanup;
	}
	*out = st;
	return LD_OK;
cleanup:
	ld_state_free(st);
	return error;
}

void ld_state_free(ld_state *st)
{
	if (!st)
		return;
	sqlite3_close(st->db);
	g_free(st->path);
	g_free(st);
}

int ld_state_get(ld_state_entry *out, ld_state *st, const char *key)
{
	sqlite3_stmt *s = NULL;
	int rc, error = LD_ENOTFOUND;

	memset(out, 0, sizeof(*out));
	if (sqlite3_prepare_v2(st->db, "SELECT tip, newest, epoch, seq, "
			       "updated FROM state WHERE key = ?1", -1, &s,
			       NULL) != SQLITE_OK)
		return state_fail(st, "cannot read");
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		if (sqlite3_column_bytes(s, 0) == LD_OID_RAWSZ) {
			out->has_tip = true;
			memcpy(out->tip.id, sqlite3_column_blob(s, 0),
			       LD_OID_RAWSZ);
		}
		out->newest_date = sqlite3_column_int64(s, 1);
		out->tip_pos.epoch = (size_t)sqlite3_column_int64(s, 2);
		out->tip_pos.seq = sqlite3_column_int64(s, 3);
		out->updated = sqlite3_column_int64(s, 4);
		error = LD_OK;
	} else if (rc != SQLITE_DONE) {
		error = state_fail(st, "cannot read");
	}
	sqlite3_finalize(s);
	return error;
}

int ld_state_set(ld_state *st, const char *key, const ld_state_entry *e)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO state(key, tip,"
			       " newest, updated, epoch, seq) VALUES (?1, ?2,"
			       " ?3, ?4, ?5, ?6)", -1, &s, NULL) != SQLITE_OK)
		return state_fail(st, "cannot write");
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	if (e->has_tip)
		sqlite3_bind_blob(s, 2, e->tip.id, LD_OID_RAWSZ, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, e->newest_date);
	sqlite3_bind_int64(s, 4, g_get_real_time() / G_USEC_PER_SEC);
	sqlite3_bind_int64(s, 5, (sqlite3_int64)e->tip_pos.epoch);
	sqlite3_bind_int64(s, 6, e->tip_pos.seq);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return state_fail(st, "cannot write");
	return LD_OK;
}
