/* index/db.c - the SQLite database behind ld_index
 *
 * Tables:
 *   epochs(epoch, root)               the root commit each epoch had
 *   commits(pos, oid, kind, blob, error)
 *                                     pos = epoch << 40 | seq, so one
 *                                     integer orders the whole archive
 *   messages(id, blob, status, ..., pos)
 *                                     one row per distinct message blob;
 *                                     pos: the first commit adding it
 *                                     (NULL once none does), kept by
 *                                     add_message and delete_commits
 *   bodies(id, blob, text)            commit messages of patches, covers
 *   settings(name, value)            e.g. the --max-message-size the
 *                                     messages rows were parsed under
 * PRAGMA user_version holds LD_INDEX_SCHEMA_VERSION; any other value, or a
 * file SQLite cannot read, makes us delete the file and start again.
 *
 * A cache file is named after epoch 0's root commit.  Finding the root
 * needs a walk of the whole history, so a pointer file per archive path
 * (cache_dir/paths/<sha256 of the path>) remembers it.
 *
 * Owns: the sqlite3 handle and its prepared statements.
 */
#include "index/index.h"

#include <errno.h>
#include <git2.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "index/index_private.h"
#include "util/error.h"

#define POS_SHIFT 40

enum {
	ST_EPOCH_GET, ST_EPOCH_SET, ST_ADD_COMMIT, ST_ADD_MESSAGE, ST_ADD_BODY,
	ST_POSITION, ST_LAST, ST_COMMIT_AT, ST_FOREACH, ST_SEEN_BLOB,
	ST_SEEN_MID, ST_BODY, ST_UNREADABLE, ST_FIND_CHANGE_ID, ST_FIND_TITLE,
	ST_FIND_MESSAGE, ST_LIST_ID, ST_FIRST_PATCHES, ST_FIRST_PATCH,
	ST_SETTING_GET, ST_SETTING_SET, ST_COUNT
};

/* Columns of a hit, shared by the ST_FIND_* statements. */
#define HIT_SELECT \
	"SELECT m.pos, m.version, m.date, m.message_id, m.subject, m.tags " \
	"FROM messages m "
/* m.pos (the first commit adding the blob) answers "added before" without
 * a join on the commits: each lookup index ends in pos, so a lookup walks
 * only the copies of its key added after `before`, not every copy. */
#define HIT_HEAD "AND m.status = 1 AND m.kind IN (1, 2) AND m.pos < ?2 "

static const char *const sql_text[ST_COUNT] = {
	[ST_EPOCH_GET] =
	"SELECT e.root, c.oid, c.pos FROM epochs e LEFT JOIN commits c ON "
	"c.pos = (SELECT max(pos) FROM commits WHERE pos >= ?1 AND pos < ?2) "
	"WHERE e.epoch = ?3",
	[ST_EPOCH_SET] =
	"INSERT OR REPLACE INTO epochs(epoch, root) VALUES (?1, ?2)",
	[ST_ADD_COMMIT] =
	"INSERT OR REPLACE INTO commits(pos, oid, kind, blob, error) "
	"VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_ADD_MESSAGE] =
	"INSERT INTO messages(blob, status, error, message_id, date,"
	" tz, sender_name, sender_email, author_name, author_email, subject,"
	" title, tags, version, number, total, flags, kind, has_diff,"
	" in_reply_to, refs, list_id, change_id, prev_ids, trailers, pull_url,"
	" pull_ref, pull_base, pull_authors, title_key, size, headers_only, pos)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
	" ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28,"
	" ?29, ?30, ?31, ?32, ?33)"
	/* The blob again (a redelivery, or a retry): keep what was parsed,
	 * and the earliest position. */
	" ON CONFLICT(blob) DO UPDATE SET pos = excluded.pos"
	" WHERE pos IS NULL OR excluded.pos < pos",
	[ST_ADD_BODY] =
	"INSERT OR IGNORE INTO bodies(blob, text) VALUES (?1, ?2)",
	[ST_POSITION] =
	"SELECT pos FROM commits WHERE oid = ?1 AND pos >= ?2 AND pos < ?3",
	[ST_LAST] =
	"SELECT pos, oid FROM commits ORDER BY pos DESC LIMIT 1",
	[ST_COMMIT_AT] =
	"SELECT oid FROM commits WHERE pos = ?1",
	[ST_FOREACH] =
	"SELECT c.pos, c.oid, c.kind, c.blob, c.error, m.status, m.error,"
	" m.message_id, m.date, m.tz, m.sender_name, m.sender_email,"
	" m.author_name, m.author_email, m.subject, m.title, m.tags,"
	" m.version, m.number, m.total, m.flags, m.kind, m.has_diff,"
	" m.in_reply_to, m.refs, m.list_id, m.change_id, m.prev_ids,"
	" m.trailers, m.pull_url, m.pull_ref, m.pull_base, m.pull_authors,"
	" m.size, m.headers_only "
	"FROM commits c LEFT JOIN messages m ON m.blob = c.blob AND c.kind = 1 "
	"WHERE c.pos > ?1 AND c.pos <= ?2 ORDER BY c.pos",
	[ST_SEEN_BLOB] =
	"SELECT 1 FROM commits WHERE blob = ?1 AND kind = 1 AND +pos < ?2 "
	"LIMIT 1",
	[ST_SEEN_MID] =
	"SELECT 1 FROM messages WHERE message_id = ?1 AND status = 1 "
	"AND pos < ?2 LIMIT 1",
	[ST_BODY] =
	"SELECT text FROM bodies WHERE blob = ?1",
	/* Through commits_todo: a warm run does not scan the history. */
	[ST_UNREADABLE] =
	"SELECT pos, oid FROM commits WHERE error IS NOT NULL ORDER BY pos",
	[ST_FIND_CHANGE_ID] = HIT_SELECT
	"WHERE m.change_id = ?1 AND m.change_id != '' " HIT_HEAD
	"AND m.version <= ?3 "
	"ORDER BY m.version DESC, m.pos DESC LIMIT 1",
	[ST_FIND_TITLE] = HIT_SELECT
	"WHERE m.title_key = ?1 " HIT_HEAD "AND m.version <= ?3 "
	"AND m.number <= 1 AND lower(m.author_email) = lower(?4) "
	"ORDER BY m.version DESC, m.pos DESC LIMIT 1",
	[ST_LIST_ID] =
	"SELECT m.list_id FROM commits c CROSS JOIN messages m "
	"ON m.blob = c.blob "
	"WHERE c.kind = 1 AND c.pos <= ?1 AND m.list_id != '' "
	"ORDER BY c.pos DESC LIMIT 1",
	[ST_FIND_MESSAGE] = HIT_SELECT
	"WHERE m.message_id = ?1 " HIT_HEAD "ORDER BY m.pos LIMIT 1",
	/* One row per address: SQLite takes the bare columns of a min()
	 * aggregate from the row that holds the minimum. */
	[ST_FIRST_PATCHES] =
	"SELECT author_email, author_name, min(pos), message_id "
	"FROM messages WHERE kind = 1 AND status = 1 AND pos IS NOT NULL "
	"AND author_email != '' GROUP BY lower(author_email)",
	[ST_FIRST_PATCH] =
	"SELECT pos, message_id FROM messages WHERE kind = 1 "
	"AND lower(author_email) = lower(?1) AND status = 1 "
	"AND pos IS NOT NULL ORDER BY pos LIMIT 1",
	[ST_SETTING_GET] =
	"SELECT value FROM settings WHERE name = ?1",
	[ST_SETTING_SET] =
	"INSERT OR REPLACE INTO settings(name, value) VALUES (?1, ?2)",
};

/*
 * messages and bodies are rowid tables with a separate unique index on
 * the blob id, not WITHOUT ROWID tables keyed by it.  Rows arrive in
 * archive order (an epoch read whole arrives in reverse, see update.c)
 * but blob ids are random: a B-tree keyed by them takes
 * every insert at a random page, and once the table (about 2 kB per
 * message) outgrows SQLite's page cache each insert and each read of the
 * range costs a page from disk; 200,000 messages ran at two thirds of
 * the rate of 26,000.  Appended rows stay in (either) order, and the
 * random-keyed part is only the blob index (about 30 bytes a row), which
 * stays in the cache.
 */
static const char schema_sql[] =
	"CREATE TABLE IF NOT EXISTS epochs(epoch INTEGER PRIMARY KEY,"
	" root BLOB NOT NULL);"
	"CREATE TABLE IF NOT EXISTS commits(pos INTEGER PRIMARY KEY,"
	" oid BLOB NOT NULL, kind INTEGER NOT NULL, blob BLOB, error TEXT);"
	/* The commits to read again: those whose blob could not be read,
	 * and those a new size limit made stale.  Tiny, so never dropped. */
	"CREATE INDEX IF NOT EXISTS commits_todo ON commits(pos)"
	" WHERE error IS NOT NULL;"
	"CREATE TABLE IF NOT EXISTS messages(id INTEGER PRIMARY KEY,"
	" blob BLOB NOT NULL UNIQUE,"
	" status INTEGER NOT NULL, error TEXT, message_id TEXT, date INTEGER,"
	" tz INTEGER, sender_name TEXT, sender_email TEXT, author_name TEXT,"
	" author_email TEXT, subject TEXT, title TEXT, tags TEXT,"
	" version INTEGER, number INTEGER, total INTEGER, flags INTEGER,"
	" kind INTEGER, has_diff INTEGER, in_reply_to TEXT, refs TEXT,"
	" list_id TEXT, change_id TEXT, prev_ids TEXT, trailers TEXT,"
	" pull_url TEXT, pull_ref TEXT, pull_base TEXT, pull_authors INTEGER,"
	" title_key TEXT, size INTEGER, headers_only INTEGER, pos INTEGER);"
	"CREATE TABLE IF NOT EXISTS bodies(id INTEGER PRIMARY KEY,"
	" blob BLOB NOT NULL UNIQUE, text TEXT);"
	"CREATE TABLE IF NOT EXISTS rewrites(pos INTEGER, at INTEGER);"
	"CREATE TABLE IF NOT EXISTS settings(name TEXT PRIMARY KEY, value)"
	" WITHOUT ROWID;";

/* The lookup indexes, apart from the tables: a first fill builds them
 * once at the end, which is much cheaper than keeping them up to date row
 * by row. */
static const char indexes_sql[] =
	"CREATE INDEX IF NOT EXISTS commits_oid ON commits(oid);"
	"CREATE INDEX IF NOT EXISTS commits_blob ON commits(blob);"
	"CREATE INDEX IF NOT EXISTS messages_mid ON messages(message_id, pos);"
	/* The next three are partial: each holds only the rows its queries
	 * can match (a change-id, series heads, patches), which makes them a
	 * fraction of the table to build and keep.  SQLite uses a partial
	 * index only for a query whose WHERE holds the index's terms as
	 * written: ST_FIND_CHANGE_ID says "change_id != ''" though its
	 * caller never asks for an empty one, and without it SQLite scans
	 * the whole table. */
	"CREATE INDEX IF NOT EXISTS messages_change_id ON messages(change_id,"
	" version, pos) WHERE change_id != '';"
	/* Title lookups name the author too (ST_FIND_TITLE): with the
	 * address in the index they touch only that author's copies, not
	 * every message of a popular title. */
	"CREATE INDEX IF NOT EXISTS messages_title_author ON messages("
	" title_key, lower(author_email), version, pos)"
	" WHERE kind IN (1, 2) AND number <= 1;"
	/* First patches by address (ST_FIRST_PATCH, ST_FIRST_PATCHES). */
	"CREATE INDEX IF NOT EXISTS messages_author ON messages("
	" lower(author_email), pos) WHERE kind = 1;";

static const char drop_indexes_sql[] =
	"DROP INDEX IF EXISTS commits_oid; DROP INDEX IF EXISTS commits_blob;"
	"DROP INDEX IF EXISTS messages_mid;"
	"DROP INDEX IF EXISTS messages_change_id;"
	"DROP INDEX IF EXISTS messages_title_author;"
	"DROP INDEX IF EXISTS messages_author;";

struct ld_index {
	sqlite3 *db;
	char *path;                 /* NULL for a temporary index */
	sqlite3_stmt *st[ST_COUNT];
};

/* What a failed SQLite call means to the caller: another run holds the
 * file (LD_EBUSY), the file is damaged (LD_ECORRUPT), or anything else. */
static int db_code(sqlite3 *db)
{
	switch (db ? sqlite3_errcode(db) : SQLITE_ERROR) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return LD_EBUSY;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return LD_ECORRUPT;
	default:
		return LD_ERROR;
	}
}

static int db_fail(ld_index *idx, const char *what)
{
	const char *path = idx->path ? idx->path : "(temporary)";
	int code = db_code(idx->db);

	if (code == LD_EBUSY)
		ld_error_set("index %s is locked by another process", path);
	else
		ld_error_set("index %s: %s: %s", path, what,
			     idx->db ? sqlite3_errmsg(idx->db) :
			     "no database");
	return code;
}

int ld_pos_cmp(const ld_pos *a, const ld_pos *b)
{
	if (a->epoch != b->epoch)
		return a->epoch < b->epoch ? -1 : 1;
	if (a->seq != b->seq)
		return a->seq < b->seq ? -1 : 1;
	return 0;
}

static sqlite3_int64 pos_key(const ld_pos *pos)
{
	return (sqlite3_int64)pos->epoch << POS_SHIFT | pos->seq;
}

static void pos_from_key(ld_pos *out, sqlite3_int64 key)
{
	out->epoch = (size_t)(key >> POS_SHIFT);
	out->seq = key & (((sqlite3_int64)1 << POS_SHIFT) - 1);
}

static sqlite3_stmt *stmt(ld_index *idx, int which)
{
	sqlite3_stmt *s = idx->st[which];

	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return s;
}

static void bind_oid(sqlite3_stmt *s, int col, const ld_oid *oid)
{
	sqlite3_bind_blob(s, col, oid->id, LD_OID_RAWSZ, SQLITE_STATIC);
}

static void column_oid(ld_oid *out, sqlite3_stmt *s, int col)
{
	const void *p = sqlite3_column_blob(s, col);

	if (p && sqlite3_column_bytes(s, col) == LD_OID_RAWSZ)
		memcpy(out->id, p, LD_OID_RAWSZ);
	else
		memset(out->id, 0, LD_OID_RAWSZ);
}

static const char *column_str(sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);

	return t ? (const char *)t : "";
}

static void close_db(ld_index *idx)
{
	int i;

	for (i = 0; i < ST_COUNT; i++) {
		sqlite3_finalize(idx->st[i]);
		idx->st[i] = NULL;
	}
	sqlite3_close(idx->db);
	idx->db = NULL;
}

/* Why a step of try_open() failed: another run holds the file (then it
 * must not be rebuilt under that run's feet), or it must be rebuilt. */
static int open_fail(ld_index *idx)
{
	return db_code(idx->db) == LD_EBUSY ? LD_EBUSY : LD_EINVALID;
}

/* Open the file and check it is ours and current.  Returns LD_EINVALID
 * when it exists but must be rebuilt, LD_EBUSY when another process keeps
 * it locked. */
static int try_open(ld_index *idx)
{
	/* "": SQLite's private temporary database, kept in its page cache
	 * and spilled to a temporary file beyond it, so that a temporary
	 * index of a huge archive does not have to fit in memory. */
	const char *name = idx->path ? idx->path : "";
	sqlite3_stmt *s = NULL;
	int version = -1, error, i;

	if (sqlite3_open_v2(name, &idx->db, SQLITE_OPEN_READWRITE |
			    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
		return idx->db ? LD_EINVALID : LD_ERROR;
	sqlite3_busy_timeout(idx->db, 10000);
	if (sqlite3_prepare_v2(idx->db, "PRAGMA user_version", -1, &s,
			       NULL) != SQLITE_OK ||
	    sqlite3_step(s) != SQLITE_ROW) {
		error = open_fail(idx);
		sqlite3_finalize(s);
		return error;
	}
	version = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (version != 0 && version != LD_INDEX_SCHEMA_VERSION)
		return LD_EINVALID;
	/* A temporary index never needs to survive a crash. */
	error = sqlite3_exec(idx->db, idx->path ?
			     "PRAGMA journal_mode=WAL;"
			     "PRAGMA synchronous=NORMAL;"
			     "PRAGMA mmap_size=1073741824;" :
			     "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
			     "PRAGMA cache_size=-32768;",
			     NULL, NULL, NULL);
	if (error != SQLITE_OK ||
	    sqlite3_exec(idx->db, schema_sql, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(idx->db, indexes_sql, NULL, NULL, NULL) != SQLITE_OK)
		return open_fail(idx);
	if (version == 0) {
		char *pragma = g_strdup_printf("PRAGMA user_version=%d",
					       LD_INDEX_SCHEMA_VERSION);

		error = sqlite3_exec(idx->db, pragma, NULL, NULL, NULL);
		g_free(pragma);
		if (error != SQLITE_OK)
			return open_fail(idx);
	}
	for (i = 0; i < ST_COUNT; i++)
		if (sqlite3_prepare_v3(idx->db, sql_text[i], -1,
				       SQLITE_PREPARE_PERSISTENT, &idx->st[i],
				       NULL) != SQLITE_OK)
			return open_fail(idx);
	return LD_OK;
}

/* Delete the database file and its WAL companions. */
static int remove_files(const char *path)
{
	char *wal = g_strconcat(path, "-wal", NULL);
	char *shm = g_strconcat(path, "-shm", NULL);
	int error = LD_OK;

	if (g_unlink(path) < 0 && errno != ENOENT) {
		ld_error_set("cannot remove stale index %s: %s", path,
			     g_strerror(errno));
		error = LD_ERROR;
	}
	g_unlink(wal);
	g_unlink(shm);
	g_free(wal);
	g_free(shm);
	return error;
}

static int open_db(ld_index *idx)
{
	int error = try_open(idx);

	if (error == LD_EBUSY) {
		ld_error_set("index %s is locked by another process",
			     idx->path ? idx->path : "(temporary)");
		return LD_EBUSY;
	}
	if (error != LD_EINVALID || !idx->path)
		return error < 0 ? db_fail(idx, "cannot open") : LD_OK;
	/* Not ours, another schema, or corrupt: a cache is rebuilt, never
	 * trusted. */
	close_db(idx);
	if ((error = remove_files(idx->path)) < 0)
		return error;
	error = try_open(idx);
	return error < 0 ? db_fail(idx, "cannot create") : LD_OK;
}

int ld_index_remove(ld_index *idx)
{
	int error = LD_OK;

	if (!idx)
		return LD_OK;
	close_db(idx);
	if (idx->path)
		error = remove_files(idx->path);
	ld_index_free(idx);
	return error;
}

/* The root of epoch 0's first-parent history. */
static int epoch0_root(ld_oid *out, ld_source *src)
{
	ld_oid *list;
	size_t n;
	int error;

	if ((error = ld_source_list_commits(&list, NULL, &n, src, 0, NULL)) < 0)
		return error;
	if (n == 0) {
		memset(out, 0, sizeof(*out));
	} else {
		*out = list[0];
	}
	g_free(list);
	return LD_OK;
}

/* The cache file for `src` in `dir`, found through the pointer file of the
 * archive's path or, failing that, by walking epoch 0. */
static int cache_file(char **out, const char *dir, ld_source *src)
{
	char *canon = g_canonicalize_filename(ld_source_epoch_path(src, 0),
					      NULL);
	char *key = g_compute_checksum_for_string(G_CHECKSUM_SHA256, canon, -1);
	char *pdir = g_build_filename(dir, "paths", NULL);
	char *pointer = g_build_filename(pdir, key, NULL);
	char *text = NULL, hex[LD_OID_HEXSZ + 1], *name;
	ld_oid root;
	int error = LD_OK;

	*out = NULL;
	if (g_mkdir_with_parents(pdir, 0700) < 0) {
		ld_error_set("cannot create cache directory %s: %s", pdir,
			     g_strerror(errno));
		error = LD_ERROR;
		goto cleanup;
	}
	if (!g_file_get_contents(pointer, &text, NULL, NULL) ||
	    !ld_oid_parse(&root, g_strstrip(text))) {
		if ((error = epoch0_root(&root, src)) < 0)
			goto cleanup;
		ld_oid_fmt(hex, &root);
		/* Losing the pointer only costs a walk next time. */
		g_file_set_contents(pointer, hex, -1, NULL);
	}
	ld_oid_fmt(hex, &root);
	name = g_strconcat(hex, ".sqlite", NULL);
	*out = g_build_filename(dir, name, NULL);
	g_free(name);
cleanup:
	g_free(text);
	g_free(pointer);
	g_free(pdir);
	g_free(key);
	g_free(canon);
	return error;
}

int ld_index_open(ld_index **out, const char *cache_dir, ld_source *src)
{
	ld_index *idx = g_new0(ld_index, 1);
	int error;

	*out = NULL;
	if (cache_dir && (error = cache_file(&idx->path, cache_dir, src)) < 0)
		goto cleanup;
	if ((error = open_db(idx)) < 0)
		goto cleanup;
	*out = idx;
	return LD_OK;
cleanup:
	ld_index_free(idx);
	return error;
}

void ld_index_free(ld_index *idx)
{
	if (!idx)
		return;
	close_db(idx);
	g_free(idx->path);
	g_free(idx);
}

const char *ld_index_path(const ld_index *idx)
{
	return idx->path;
}

int ld_index__bulk(ld_index *idx, bool start)
{
	if (sqlite3_exec(idx->db, start ? drop_indexes_sql : indexes_sql,
			 NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(idx, start ? "cannot drop indexes" :
			       "cannot build indexes");
	return LD_OK;
}

int ld_index__begin(ld_index *idx)
{
	if (sqlite3_exec(idx->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return db_fail(idx, "cannot begin");
	return LD_OK;
}

int ld_index__commit(ld_index *idx)
{
	if (sqlite3_exec(idx->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(idx, "cannot commit");
	return LD_OK;
}

int ld_index__epoch_get(ld_index__epoch *out, ld_index *idx, size_t epoch)
{
	ld_pos lo = { epoch, 0 }, hi = { epoch + 1, 0 };
	sqlite3_stmt *s = stmt(idx, ST_EPOCH_GET);
	int rc;

	memset(out, 0, sizeof(*out));
	sqlite3_bind_int64(s, 1, pos_key(&lo));
	sqlite3_bind_int64(s, 2, pos_key(&hi));
	sqlite3_bind_int64(s, 3, (sqlite3_int64)epoch);
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE)
		return LD_OK;
	if (rc != SQLITE_ROW)
		return db_fail(idx, "cannot read epochs");
	out->known = true;
	column_oid(&out->root, s, 0);
	if (sqlite3_column_type(s, 2) != SQLITE_NULL) {
		ld_pos last;

		column_oid(&out->tip, s, 1);
		pos_from_key(&last, sqlite3_column_int64(s, 2));
		out->count = last.seq + 1;
	}
	return LD_OK;
}

int ld_index__epoch_set(ld_index *idx, size_t epoch, const ld_oid *root)
{
	sqlite3_stmt *s = stmt(idx, ST_EPOCH_SET);

	sqlite3_bind_int64(s, 1, (sqlite3_int64)epoch);
	bind_oid(s, 2, root);
	if (sqlite3_step(s) != SQLITE_DONE)
		return db_fail(idx, "cannot store epoch");
	return LD_OK;
}

/*
 * The commits from `lo` up to `hi` (excluded) are gone: the
 * messages first added there take the position of their next remaining
 * copy, or none.  It scans every message, so it runs only when commits
 * were deleted: after a purge, a dropped epoch or a fill that did not
 * finish, not on every update.
 */
static const char repos_sql[] =
	"UPDATE messages SET pos = (SELECT min(c.pos) FROM commits c"
	" WHERE c.blob = messages.blob AND c.kind = 1)"
	" WHERE pos >= %lld AND pos < %lld;";

/* Delete the commits from position key `lo` up to `hi`, excluded. */
static int delete_commits(ld_index *idx, int64_t lo, int64_t hi)
{
	char *sql = g_strdup_printf("DELETE FROM commits WHERE pos >= %lld "
				    "AND pos < %lld;", (long long)lo,
				    (long long)hi);
	int rc = sqlite3_exec(idx->db, sql, NULL, NULL, NULL);

	g_free(sql);
	if (rc == SQLITE_OK && sqlite3_changes(idx->db) > 0) {
		sql = g_strdup_printf(repos_sql, (long long)lo, (long long)hi);
		rc = sqlite3_exec(idx->db, sql, NULL, NULL, NULL);
		g_free(sql);
	}
	if (rc != SQLITE_OK)
		return db_fail(idx, "cannot delete commits");
	return LD_OK;
}

int ld_index__epoch_drop_from(ld_index *idx, size_t epoch)
{
	ld_pos lo = { epoch, 0 };
	char *sql = g_strdup_printf("DELETE FROM epochs WHERE epoch >= %zu;",
				    epoch);
	int rc = sqlite3_exec(idx->db, sql, NULL, NULL, NULL);

	g_free(sql);
	if (rc != SQLITE_OK)
		return db_fail(idx, "cannot drop rewritten epochs");
	return delete_commits(idx, pos_key(&lo), INT64_MAX);
}

/* Delete the commits of `pos`'s epoch from `pos` on. */
static int delete_commits_from(ld_index *idx, const ld_pos *pos)
{
	ld_pos end = { pos->epoch + 1, 0 };

	return delete_commits(idx, pos_key(pos), pos_key(&end));
}

int ld_index__epoch_clear(ld_index *idx, size_t epoch)
{
	ld_pos start = { epoch, 0 };

	return delete_commits_from(idx, &start);
}

int ld_index__rewritten(ld_index *idx, const ld_pos *pos)
{
	char *sql;
	int rc, error;

	if ((error = delete_commits_from(idx, pos)) < 0)
		return error;
	sql = g_strdup_printf("INSERT INTO rewrites(pos, at) VALUES "
			      "(%lld, %lld);", (long long)pos_key(pos),
			      (long long)(g_get_real_time() / G_USEC_PER_SEC));
	rc = sqlite3_exec(idx->db, sql, NULL, NULL, NULL);
	g_free(sql);
	if (rc != SQLITE_OK)
		return db_fail(idx, "cannot record a rewritten history");
	return LD_OK;
}

int ld_index_rewritten_at(ld_pos *out, ld_index *idx, const ld_pos *pos,
			  int64_t since)
{
	ld_pos start = { pos->epoch, 0 };
	sqlite3_stmt *s = NULL;
	int rc;

	if (sqlite3_prepare_v2(idx->db, "SELECT min(pos) FROM rewrites "
			       "WHERE pos >= ?1 AND pos <= ?2 AND at >= ?3",
			       -1, &s, NULL) != SQLITE_OK)
		return db_fail(idx, "cannot read rewrites");
	sqlite3_bind_int64(s, 1, pos_key(&start));
	sqlite3_bind_int64(s, 2, pos_key(pos));
	sqlite3_bind_int64(s, 3, since);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
		pos_from_key(out, sqlite3_column_int64(s, 0));
		rc = LD_OK;
	} else {
		rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? LD_ENOTFOUND :
		     db_fail(idx, "cannot read rewrites");
	}
	sqlite3_finalize(s);
	return rc;
}

int ld_index__add_commit(ld_index *idx, const ld_pos *pos,
			 const ld_oid *commit, ld_entry_kind kind,
			 const ld_oid *blob, const char *error)
{
	sqlite3_stmt *s = stmt(idx, ST_ADD_COMMIT);

	sqlite3_bind_int64(s, 1, pos_key(pos));
	bind_oid(s, 2, commit);
	sqlite3_bind_int(s, 3, (int)kind);
	if (kind != LD_ENTRY_NONE && !ld_oid_is_zero(blob))
		bind_oid(s, 4, blob);
	if (error)
		sqlite3_bind_text(s, 5, error, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		return db_fail(idx, "cannot store commit");
	return LD_OK;
}

static void bind_text(sqlite3_stmt *s, int col, const char *text)
{
	sqlite3_bind_text(s, col, text ? text : "", -1, SQLITE_STATIC);
}

/* Append `text` with the separators of the trailer encoding blanked. */
static void append_field(GString *out, const char *text, char end)
{
	const char *p;

	for (p = text ? text : ""; *p; p++)
		g_string_append_c(out, *p == '\t' || *p == '\n' ? ' ' : *p);
	g_string_append_c(out, end);
}

/* Trailers are stored as "Name-by\tname\temail\n" lines. */
static char *encode_trailers(const ld_mail *m)
{
	GString *out = g_string_new(NULL);
	size_t i;

	for (i = 0; i < m->n_trailers; i++) {
		append_field(out, m->trailers[i].name, '\t');
		append_field(out, m->trailers[i].who.name, '\t');
		append_field(out, m->trailers[i].who.email, '\n');
	}
	return g_string_free(out, FALSE);
}

/* Split `text` (modified in place) into `out` (ld_trailer, pointing into
 * `text`). */
static void decode_trailers(GArray *out, char *text)
{
	char *line = text, *next, *f[3];
	int i;

	g_array_set_size(out, 0);
	for (; *line; line = next) {
		ld_trailer t;

		next = strchr(line, '\n');
		next = next ? next + 1 : line + strlen(line);
		if (next[-1] == '\n')
			next[-1] = '\0';
		f[0] = line;
		for (i = 1; i < 3; i++) {
			f[i] = strchr(f[i - 1], '\t');
			if (!f[i])
				break;
			*f[i]++ = '\0';
		}
		if (i < 3)
			continue;
		t.name = f[0];
		t.who.name = f[1];
		t.who.email = f[2];
		g_array_append_val(out, t);
	}
}

char *ld_index_title_key(const char *title)
{
	char *folded = g_utf8_casefold(title, -1);
	GString *key = g_string_new(NULL);
	const char *p;
	bool space = false;

	for (p = folded; *p; p++) {
		if (g_ascii_isspace(*p)) {
			space = key->len > 0;
			continue;
		}
		if (space)
			g_string_append_c(key, ' ');
		space = false;
		g_string_append_c(key, *p);
	}
	g_free(folded);
	return g_string_free(key, FALSE);
}

void ld_index_hit_clear(ld_index_hit *hit)
{
	g_free(hit->message_id);
	g_free(hit->subject);
	g_free(hit->tags);
	memset(hit, 0, sizeof(*hit));
}

/* Step a ST_FIND_* statement once into `out`. */
static int find_hit(ld_index_hit *out, ld_index *idx, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);

	memset(out, 0, sizeof(*out));
	if (rc == SQLITE_ROW) {
		pos_from_key(&out->pos, sqlite3_column_int64(s, 0));
		out->version = sqlite3_column_int(s, 1);
		out->date = sqlite3_column_int64(s, 2);
		out->message_id = g_strdup(column_str(s, 3));
		out->subject = g_strdup(column_str(s, 4));
		out->tags = g_strdup(column_str(s, 5));
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return LD_OK;
	if (rc != SQLITE_DONE)
		return db_fail(idx, "cannot search earlier versions");
	return LD_ENOTFOUND;
}

int ld_index_find_change_id(ld_index_hit *out, ld_index *idx,
			    const char *change_id, const ld_pos *before,
			    int max_version)
{
	sqlite3_stmt *s = stmt(idx, ST_FIND_CHANGE_ID);

	sqlite3_bind_text(s, 1, change_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, pos_key(before));
	sqlite3_bind_int(s, 3, max_version);
	return find_hit(out, idx, s);
}

int ld_index_find_title(ld_index_hit *out, ld_index *idx,
			const char *author_email, const char *title,
			const ld_pos *before, int max_version)
{
	sqlite3_stmt *s = stmt(idx, ST_FIND_TITLE);
	char *key = ld_index_title_key(title);
	int error;

	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, pos_key(before));
	sqlite3_bind_int(s, 3, max_version);
	sqlite3_bind_text(s, 4, author_email, -1, SQLITE_STATIC);
	error = find_hit(out, idx, s);
	g_free(key);
	return error;
}

int ld_index_find_message(ld_index_hit *out, ld_index *idx,
			  const char *message_id, const ld_pos *before)
{
	sqlite3_stmt *s = stmt(idx, ST_FIND_MESSAGE);

	sqlite3_bind_text(s, 1, message_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, pos_key(before));
	return find_hit(out, idx, s);
}

int ld_index_first_patches(ld_index *idx, ld_index_first_cb cb,
			    void *payload)
{
	sqlite3_stmt *s = stmt(idx, ST_FIRST_PATCHES);
	int rc = SQLITE_DONE, error = 0;

	while (!error && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		ld_person who = { (char *)column_str(s, 1),
				  (char *)column_str(s, 0) };
		ld_pos pos;

		pos_from_key(&pos, sqlite3_column_int64(s, 2));
		error = cb(&who, &pos, column_str(s, 3), payload);
	}
	sqlite3_reset(s);
	if (error)
		return error;
	if (rc != SQLITE_DONE)
		return db_fail(idx, "cannot list first patches");
	return LD_OK;
}

int ld_index__add_message(ld_index *idx, const ld_pos *pos,
			  const ld_oid *blob, ld_msg_status status,
			  const ld_mail *m, const char *error, int64_t size,
			  bool headers_only)
{
	sqlite3_stmt *s = stmt(idx, ST_ADD_MESSAGE);
	char *trailers = NULL, *key = NULL;
	int rc;

	bind_oid(s, 1, blob);
	sqlite3_bind_int(s, 2, (int)status);
	if (error)
		bind_text(s, 3, error);
	if (m) {
		bind_text(s, 4, m->message_id);
		sqlite3_bind_int64(s, 5, m->date);
		sqlite3_bind_int(s, 6, m->tz_offset);
		bind_text(s, 7, m->sender.name);
		bind_text(s, 8, m->sender.email);
		bind_text(s, 9, m->author.name);
		bind_text(s, 10, m->author.email);
		bind_text(s, 11, m->subject);
		bind_text(s, 12, m->subj.title);
		bind_text(s, 13, m->subj.tags);
		sqlite3_bind_int(s, 14, m->subj.version);
		sqlite3_bind_int(s, 15, m->subj.number);
		sqlite3_bind_int(s, 16, m->subj.total);
		sqlite3_bind_int(s, 17, (int)m->subj.flags);
		sqlite3_bind_int(s, 18, (int)m->kind);
		sqlite3_bind_int(s, 19, m->has_diff);
		bind_text(s, 20, m->in_reply_to);
		bind_text(s, 21, m->references);
		bind_text(s, 22, m->list_id);
		bind_text(s, 23, m->change_id);
		bind_text(s, 24, m->prev_ids);
		trailers = encode_trailers(m);
		bind_text(s, 25, trailers);
		bind_text(s, 26, m->pull.url);
		bind_text(s, 27, m->pull.ref);
		bind_text(s, 28, m->pull.base);
		sqlite3_bind_int(s, 29, m->pull.authors);
		key = ld_index_title_key(m->subj.title ? m->subj.title : "");
		bind_text(s, 30, key);
	}
	sqlite3_bind_int64(s, 31, size);
	sqlite3_bind_int(s, 32, headers_only);
	sqlite3_bind_int64(s, 33, pos_key(pos));
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	g_free(trailers);
	g_free(key);
	if (rc != SQLITE_DONE)
		return db_fail(idx, "cannot store message");
	if (m && m->commit_message) {
		s = stmt(idx, ST_ADD_BODY);
		bind_oid(s, 1, blob);
		bind_text(s, 2, m->commit_message);
		if (sqlite3_step(s) != SQLITE_DONE)
			return db_fail(idx, "cannot store commit message");
	}
	return LD_OK;
}

/* The messages a new limit ?1 makes stale, and their commits. */
#define STALE_UNDER_LIMIT \
	"status != 2 AND (headers_only = 1 OR (?1 > 0 AND size > ?1))"
static const char *const limit_sql[] = {
	"UPDATE commits SET error = 'to be read again: the size limit "
	"changed' WHERE kind = 1 AND blob IN (SELECT blob FROM messages "
	"WHERE " STALE_UNDER_LIMIT ")",
	"DELETE FROM messages WHERE " STALE_UNDER_LIMIT,
};

int ld_index__set_max_size(ld_index *idx, size_t max)
{
	sqlite3_stmt *s = stmt(idx, ST_SETTING_GET);
	sqlite3_stmt *del = NULL;
	bool same;
	size_t i;
	int rc;

	sqlite3_bind_text(s, 1, "max_message_size", -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	same = rc == SQLITE_ROW &&
	       sqlite3_column_int64(s, 0) == (sqlite3_int64)max;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(idx, "cannot read settings");
	if (same)
		return LD_OK;
	/* Rarely run (only when the limit changes), so not prepared once.
	 * Every header-only row goes: its header block was cut at the old
	 * limit.  Its commits are marked first, which is how the update
	 * finds what to read again (ST_UNREADABLE). */
	for (i = 0; i < G_N_ELEMENTS(limit_sql); i++) {
		if (sqlite3_prepare_v2(idx->db, limit_sql[i], -1, &del,
				       NULL) != SQLITE_OK)
			return db_fail(idx, "cannot apply the size limit");
		sqlite3_bind_int64(del, 1, (sqlite3_int64)max);
		rc = sqlite3_step(del);
		sqlite3_finalize(del);
		if (rc != SQLITE_DONE)
			return db_fail(idx, "cannot apply the size limit");
	}
	if (sqlite3_exec(idx->db, "DELETE FROM bodies WHERE blob NOT IN "
			 "(SELECT blob FROM messages)", NULL, NULL,
			 NULL) != SQLITE_OK)
		return db_fail(idx, "cannot apply the size limit");
	s = stmt(idx, ST_SETTING_SET);
	sqlite3_bind_text(s, 1, "max_message_size", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)max);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? LD_OK :
	       db_fail(idx, "cannot store settings");
}

int ld_index__unreadable(GArray **out, ld_index *idx)
{
	sqlite3_stmt *s = stmt(idx, ST_UNREADABLE);
	GArray *list = g_array_new(FALSE, FALSE, sizeof(ld_index__todo));
	int rc;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ld_index__todo t;

		pos_from_key(&t.pos, sqlite3_column_int64(s, 0));
		column_oid(&t.commit, s, 1);
		g_array_append_val(list, t);
	}
	if (rc != SQLITE_DONE) {
		g_array_free(list, TRUE);
		*out = NULL;
		return db_fail(idx, "cannot list unreadable messages");
	}
	*out = list;
	return LD_OK;
}

int ld_index_position(ld_pos *out, ld_index *idx, size_t epoch,
		      const ld_oid *commit)
{
	ld_pos lo = { epoch, 0 }, hi = { epoch + 1, 0 };
	sqlite3_stmt *s = stmt(idx, ST_POSITION);
	int rc;

	bind_oid(s, 1, commit);
	sqlite3_bind_int64(s, 2, pos_key(&lo));
	sqlite3_bind_int64(s, 3, pos_key(&hi));
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		pos_from_key(out, sqlite3_column_int64(s, 0));
		return LD_OK;
	}
	if (rc != SQLITE_DONE)
		return db_fail(idx, "cannot look up commit");
	{
		char hex[LD_OID_HEXSZ + 1];

		ld_oid_fmt(hex, commit);
		ld_error_set("commit %s is not on the archive's history", hex);
	}
	return LD_ENOTFOUND;
}

int ld_index_last(ld_pos *out, ld_oid *commit, ld_index *idx)
{
	sqlite3_stmt *s = stmt(idx, ST_LAST);
	int rc = sqlite3_step(s);

	if (rc == SQLITE_DONE) {
		ld_error_set("the archive has no commits");
		return LD_ENOTFOUND;
	}
	if (rc != SQLITE_ROW)
		return db_fail(idx, "cannot find the last commit");
	pos_from_key(out, sqlite3_column_int64(s, 0));
	column_oid(commit, s, 1);
	return LD_OK;
}

int ld_index_commit_at(ld_oid *out, ld_index *idx, const ld_pos *pos)
{
	sqlite3_stmt *s = stmt(idx, ST_COMMIT_AT);
	int rc;

	sqlite3_bind_int64(s, 1, pos_key(pos));
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		column_oid(out, s, 0);
		return LD_OK;
	}
	if (rc != SQLITE_DONE)
		return db_fail(idx, "cannot look up position");
	return LD_ENOTFOUND;
}

/* Fill `m` with pointers into the current row of ST_FOREACH (from column
 * 7 on).  Borrowed: valid until the statement steps again. */
static void row_mail(ld_mail *m, sqlite3_stmt *s)
{
	m->message_id = (char *)column_str(s, 7);
	m->date = sqlite3_column_int64(s, 8);
	m->tz_offset = sqlite3_column_int(s, 9);
	m->sender.name = (char *)column_str(s, 10);
	m->sender.email = (char *)column_str(s, 11);
	m->author.name = (char *)column_str(s, 12);
	m->author.email = (char *)column_str(s, 13);
	m->subject = (char *)column_str(s, 14);
	m->subj.title = (char *)column_str(s, 15);
	m->subj.tags = (char *)column_str(s, 16);
	m->subj.version = sqlite3_column_int(s, 17);
	m->subj.number = sqlite3_column_int(s, 18);
	m->subj.total = sqlite3_column_int(s, 19);
	m->subj.flags = (unsigned)sqlite3_column_int(s, 20);
	m->kind = (ld_kind)sqlite3_column_int(s, 21);
	m->has_diff = sqlite3_column_int(s, 22) != 0;
	m->in_reply_to = (char *)column_str(s, 23);
	m->references = (char *)column_str(s, 24);
	m->list_id = (char *)column_str(s, 25);
	m->change_id = (char *)column_str(s, 26);
	m->prev_ids = (char *)column_str(s, 27);
	m->pull.url = (char *)column_str(s, 29);
	m->pull.ref = (char *)column_str(s, 30);
	m->pull.base = (char *)column_str(s, 31);
	m->pull.authors = sqlite3_column_int(s, 32);
	m->headers_only = sqlite3_column_int(s, 34) != 0;
	m->commit_message = NULL;
}

int ld_index_foreach(ld_index *idx, const ld_pos *from, const ld_pos *to,
		     ld_index_row_cb cb, void *payload)
{
	sqlite3_stmt *s = stmt(idx, ST_FOREACH);
	GArray *trailers = g_array_new(FALSE, FALSE, sizeof(ld_trailer));
	GString *scratch = g_string_new(NULL);
	ld_mail mail;
	ld_row row;
	int rc, ret = 0;

	sqlite3_bind_int64(s, 1, from ? pos_key(from) : -1);
	sqlite3_bind_int64(s, 2, pos_key(to));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		memset(&row, 0, sizeof(row));
		pos_from_key(&row.pos, sqlite3_column_int64(s, 0));
		column_oid(&row.commit, s, 1);
		row.entry = (ld_entry_kind)sqlite3_column_int(s, 2);
		column_oid(&row.blob, s, 3);
		if (row.entry == LD_ENTRY_ADD) {
			if (sqlite3_column_type(s, 5) == SQLITE_NULL) {
				row.status = LD_MSG_UNREADABLE;
				row.error = column_str(s, 4);
			} else {
				row.status = sqlite3_column_int(s, 5);
				row.error = column_str(s, 6);
				row.size = sqlite3_column_int64(s, 33);
			}
			if (row.status == LD_MSG_OK) {
				row_mail(&mail, s);
				g_string_assign(scratch, column_str(s, 28));
				decode_trailers(trailers, scratch->str);
				mail.trailers = (ld_trailer *)trailers->data;
				mail.n_trailers = trailers->len;
				row.mail = &mail;
			}
		}
		if ((ret = cb(&row, payload)) != 0)
			break;
	}
	/* Finish the statement so that it holds no read lock. */
	sqlite3_reset(s);
	g_array_free(trailers, TRUE);
	g_string_free(scratch, TRUE);
	if (ret)
		return ret;
	if (rc != SQLITE_DONE)
		return db_fail(idx, "cannot read commits");
	return LD_OK;
}

/* Step a prepared statement that yields at most one row: 1 with a row,
 * 0 without, or the error, recorded.  The caller resets it. */
static int step_one(ld_index *idx, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : db_fail(idx, what);
}

/* A one-row query's first column as a new string in *out (NULL: no
 * row), then the statement reset. */
static int one_text(char **out, ld_index *idx, sqlite3_stmt *s,
		    const char *what)
{
	int found = step_one(idx, s, what);

	*out = found == 1 ? g_strdup(column_str(s, 0)) : NULL;
	sqlite3_reset(s);
	return found < 0 ? found : LD_OK;
}

int ld_index__plans(ld_index *idx, ld_index__plan_cb cb, void *payload)
{
	int i, rc = SQLITE_OK, ret = 0;

	for (i = 0; i < ST_COUNT && rc == SQLITE_OK && !ret; i++) {
		char *sql = g_strconcat("EXPLAIN QUERY PLAN ", sql_text[i],
					NULL);
		sqlite3_stmt *s = NULL;

		rc = sqlite3_prepare_v2(idx->db, sql, -1, &s, NULL);
		/* Columns: id, parent, notused, detail. */
		while (rc == SQLITE_OK && !ret &&
		       sqlite3_step(s) == SQLITE_ROW)
			ret = cb(sql_text[i], column_str(s, 3), payload);
		sqlite3_finalize(s);
		g_free(sql);
	}
	if (ret)
		return ret;
	return rc == SQLITE_OK ? LD_OK : db_fail(idx, "cannot explain");
}

int ld_index_first_patch(ld_pos *pos, char **message_id, ld_index *idx,
			 const char *address)
{
	sqlite3_stmt *s = stmt(idx, ST_FIRST_PATCH);
	int found;

	*message_id = NULL;
	sqlite3_bind_text(s, 1, address, -1, SQLITE_STATIC);
	found = step_one(idx, s, "cannot look up a first patch");
	if (found == 1) {
		pos_from_key(pos, sqlite3_column_int64(s, 0));
		*message_id = g_strdup(column_str(s, 1));
	}
	sqlite3_reset(s);
	if (found < 0)
		return found;
	return found ? LD_OK : LD_ENOTFOUND;
}

int ld_index_seen_before(ld_index *idx, const ld_pos *pos,
			 const ld_oid *blob, const char *message_id)
{
	sqlite3_stmt *s = stmt(idx, ST_SEEN_BLOB);
	int seen;

	bind_oid(s, 1, blob);
	sqlite3_bind_int64(s, 2, pos_key(pos));
	seen = step_one(idx, s, "cannot look up earlier messages");
	sqlite3_reset(s);
	if (seen || !message_id || !*message_id)
		return seen;
	s = stmt(idx, ST_SEEN_MID);
	sqlite3_bind_text(s, 1, message_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, pos_key(pos));
	seen = step_one(idx, s, "cannot look up earlier messages");
	sqlite3_reset(s);
	return seen;
}

int ld_index_list_id(char **out, ld_index *idx, const ld_pos *pos)
{
	sqlite3_stmt *s = stmt(idx, ST_LIST_ID);

	sqlite3_bind_int64(s, 1, pos_key(pos));
	return one_text(out, idx, s, "cannot look up the List-Id");
}

int ld_index_commit_message(char **out, ld_index *idx, const ld_oid *blob)
{
	sqlite3_stmt *s = stmt(idx, ST_BODY);

	bind_oid(s, 1, blob);
	return one_text(out, idx, s, "cannot read a commit message");
}
