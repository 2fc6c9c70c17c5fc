/* store_sqlite.c: the SQLite backend of the store: its statement layer (store_db.h), opening a file, and a probe node's spool. */
#include "store.h"
#include "store_db.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STORE_BUSY_READ_MS 1000
#define STORE_BUSY_WRITE_MS 2000

struct sqlite_db {
	struct db base;
	sqlite3 *h;
	char msg[512]; /* the last failure of exec (sqlite3_exec's text) */
	int msg_set;   /* msg is newer than sqlite3_errmsg */
};

struct sqlite_stmt {
	struct db_stmt base;
	sqlite3_stmt *st;
	struct sqlite_db *db;
};

static struct sqlite_db *
sdb(struct db *db)
{
	return (struct sqlite_db *)db;
}

static struct sqlite_stmt *
sst(struct db_stmt *st)
{
	return (struct sqlite_stmt *)st;
}

/* SQLite's result code as the statement layer's. */
static int
rc_of(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
		return DB_OK;
	case SQLITE_ROW:
		return DB_ROW;
	case SQLITE_DONE:
		return DB_DONE;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return DB_RETRY;
	case SQLITE_CONSTRAINT:
		return DB_CONSTRAINT;
	default:
		return DB_ERROR;
	}
}

static int
lite_exec(struct db *db, const char *sql)
{
	struct sqlite_db *d = sdb(db);
	char *msg = NULL;
	int rc = sqlite3_exec(d->h, sql, NULL, NULL, &msg);

	d->msg_set = 0;
	if (rc != SQLITE_OK) {
		snprintf(d->msg, sizeof(d->msg), "%s",
		         msg ? msg : sqlite3_errmsg(d->h));
		d->msg_set = 1;
		sqlite3_free(msg);
	}
	return rc_of(rc);
}

static const struct db_ops lite_ops;

static struct db_stmt *
lite_prepare(struct db *db, const char *sql)
{
	struct sqlite_db *d = sdb(db);
	struct sqlite_stmt *s;
	sqlite3_stmt *st;

	d->msg_set = 0;
	if (sqlite3_prepare_v3(d->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
	                       NULL) != SQLITE_OK)
		return NULL;
	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		sqlite3_finalize(st);
		snprintf(d->msg, sizeof(d->msg), "out of memory");
		d->msg_set = 1;
		return NULL;
	}
	s->base.ops = &lite_ops;
	s->st = st;
	s->db = d;
	return &s->base;
}

static int
lite_step(struct db_stmt *st)
{
	sst(st)->db->msg_set = 0;
	return rc_of(sqlite3_step(sst(st)->st));
}

static void
lite_reset(struct db_stmt *st)
{
	sqlite3_reset(sst(st)->st);
}

static void
lite_clear(struct db_stmt *st)
{
	sqlite3_clear_bindings(sst(st)->st);
}

static void
lite_finalize(struct db_stmt *st)
{
	sqlite3_finalize(sst(st)->st);
	free(st);
}

static void
lite_bind_int64(struct db_stmt *st, int i, int64_t v)
{
	sqlite3_bind_int64(sst(st)->st, i, v);
}

static void
lite_bind_text(struct db_stmt *st, int i, const char *text)
{
	sqlite3_bind_text(sst(st)->st, i, text, -1, SQLITE_STATIC);
}

static void
lite_bind_null(struct db_stmt *st, int i)
{
	sqlite3_bind_null(sst(st)->st, i);
}

static int
lite_column_count(struct db_stmt *st)
{
	return sqlite3_column_count(sst(st)->st);
}

static const char *
lite_column_name(struct db_stmt *st, int i)
{
	return sqlite3_column_name(sst(st)->st, i);
}

static int
lite_column_is_null(struct db_stmt *st, int i)
{
	return sqlite3_column_type(sst(st)->st, i) == SQLITE_NULL;
}

static int64_t
lite_column_int64(struct db_stmt *st, int i)
{
	return sqlite3_column_int64(sst(st)->st, i);
}

static const char *
lite_column_text(struct db_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(sst(st)->st, i);
}

static int64_t
lite_changes(struct db *db)
{
	return sqlite3_changes64(sdb(db)->h);
}

static const char *
lite_errmsg(struct db *db)
{
	struct sqlite_db *d = sdb(db);

	return d->msg_set ? d->msg : sqlite3_errmsg(d->h);
}

static int
lite_in_transaction(struct db *db)
{
	return !sqlite3_get_autocommit(sdb(db)->h);
}

static int
lite_retryable(struct db *db)
{
	return rc_of(sqlite3_extended_errcode(sdb(db)->h)) == DB_RETRY;
}

static void
lite_close(struct db *db)
{
	sqlite3_close(sdb(db)->h);
	free(db);
}

/* SQLite sends nothing ahead: the step runs it (store_db.h). */
static int
lite_send(struct db_stmt *st)
{
	(void)st;
	return DB_OK;
}

/* SQLite runs a deferred write now (store_db.h). */
static int
lite_defer(struct db_stmt *st)
{
	int rc = lite_step(st);

	sqlite3_reset(sst(st)->st);
	return rc == DB_DONE || rc == DB_ROW ? DB_OK : rc;
}

static int
lite_sync(struct db *db)
{
	(void)db;
	return DB_OK;
}

static const struct db_ops lite_ops = {
    .name = "SQLite",
    .exec = lite_exec,
    .prepare = lite_prepare,
    .step = lite_step,
    .reset = lite_reset,
    .clear = lite_clear,
    .finalize = lite_finalize,
    .bind_int64 = lite_bind_int64,
    .bind_text = lite_bind_text,
    .bind_null = lite_bind_null,
    .column_count = lite_column_count,
    .column_name = lite_column_name,
    .column_is_null = lite_column_is_null,
    .column_int64 = lite_column_int64,
    .column_text = lite_column_text,
    .changes = lite_changes,
    .errmsg = lite_errmsg,
    .in_transaction = lite_in_transaction,
    .retryable = lite_retryable,
    .close = lite_close,
    .defer = lite_defer,
    .send = lite_send,
    .sync = lite_sync,
};

/* Column i of st as text in arena a ("" for NULL). */
static const char *
col_text(sqlite3_stmt *st, int i, struct arena *a)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return arena_strdup(a, t ? (const char *)t : "");
}

static void
set_err(char *err, size_t errlen, const char *what, sqlite3 *db)
{
	snprintf(err, errlen, "%s: %s", what,
	         db ? sqlite3_errmsg(db) : "out of memory");
}

/* Before the first connection: no count of SQLite's memory (no program
 * reads it), which spares a global mutex on every allocation. Once
 * SQLite has started, sqlite3_config refuses, harmlessly. */
static void
sqlite_setup(void)
{
	static int done;

	if (!done) {
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
		done = 1;
	}
}

static int
exec_sql(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "%s", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int
query_int(sqlite3 *db, const char *sql, int64_t *out)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else if (rc == SQLITE_DONE)
		*out = 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* Checks that db holds an AI-GO database. Returns its schema version, 0
 * for an empty file, or -1 with err set when it is something else. */
static int64_t
schema_version(sqlite3 *db, char *err, size_t errlen)
{
	int64_t version, tables, ours;

	if (query_int(db, "PRAGMA user_version", &version) != 0 ||
	    query_int(db, "SELECT count(*) FROM sqlite_schema", &tables) != 0) {
		set_err(err, errlen, "not a readable SQLite database", db);
		return -1;
	}
	if (tables == 0 && version == 0)
		return 0;
	if (query_int(db,
	              "SELECT count(*) FROM aigo_meta "
	              "WHERE key = 'application' AND value = 'aigo'",
	              &ours) != 0 ||
	    ours != 1) {
		snprintf(err, errlen,
		         "not an AI-GO database (it has %lld tables but no "
		         "aigo_meta marker)",
		         (long long)tables);
		return -1;
	}
	return version;
}

struct db *
store_sqlite_open(const char *path, enum db_mode mode, int64_t *version,
                  char *err, size_t errlen)
{
	struct sqlite_db *d = calloc(1, sizeof(*d));
	int flags = mode == DB_MODE_READ ? SQLITE_OPEN_READONLY
	            : mode == DB_MODE_WRITE
	                ? SQLITE_OPEN_READWRITE
	                : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;

	if (d == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	d->base.ops = &lite_ops;
	sqlite_setup();
	if (sqlite3_open_v2(path, &d->h, flags | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		set_err(err, errlen, path, d->h);
		goto fail;
	}
	sqlite3_busy_timeout(d->h, mode == DB_MODE_READ ? STORE_BUSY_READ_MS
	                                                : STORE_BUSY_WRITE_MS);
	*version = schema_version(d->h, err, errlen);
	if (*version < 0)
		goto fail;
	/* (A database in memory, the snapshot's, needs none of these.) A
	 * writer's page cache is up to 32 MiB, not SQLite's 2: a bulk write
	 * (aigo demo, import, db copy) re-read evicted index pages, a
	 * month of demo a quarter less processor time with it. */
	if (mode != DB_MODE_READ && strcmp(path, ":memory:") != 0 &&
	    exec_sql(d->h,
	             "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
	             "PRAGMA cache_size = -32768; "
	             "PRAGMA foreign_keys = ON",
	             err, errlen) != 0)
		goto fail;
	return &d->base;
fail:
	sqlite3_close(d->h);
	free(d);
	return NULL;
}

/* ---- a probe node's spool ---- */

#define SPOOL_VERSION 1

enum spool_sql {
	SPOOL_INSERT,
	SPOOL_PEEK,
	SPOOL_DELETE,
	SPOOL_COUNT,
	SPOOL__MAX
};

static const char *const spool_sqls[SPOOL__MAX] = {
    /* SPOOL_INSERT: a check already spooled (its key) is left as it is */
    [SPOOL_INSERT] = "INSERT OR IGNORE INTO spool(model, region, checked_at, "
                     "item) VALUES (?1, ?2, ?3, ?4)",
    [SPOOL_PEEK] = "SELECT id, model, region, checked_at, item FROM spool "
                   "ORDER BY id LIMIT ?1",
    [SPOOL_DELETE] = "DELETE FROM spool WHERE id BETWEEN ?1 AND ?2",
    [SPOOL_COUNT] = "SELECT count(*) FROM spool",
};

/* The spool's own schema: a marker, and the checks by the order of adding
 * (AUTOINCREMENT: an id is never reused, so the order holds after
 * deletes), one per key. */
static const char spool_schema[] =
    "CREATE TABLE spool_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "INSERT INTO spool_meta VALUES ('application', 'aigo-spool');"
    "CREATE TABLE spool (id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " model TEXT NOT NULL, region TEXT NOT NULL,"
    " checked_at INTEGER NOT NULL, item TEXT NOT NULL,"
    " UNIQUE (model, region, checked_at));"
    "PRAGMA user_version = 1;";

struct store_spool {
	sqlite3 *db;
	sqlite3_stmt *stmt[SPOOL__MAX];
};

/* Checks that the open file is a spool of this version, or creates the
 * schema in an empty one. 0, or -1 with err set. */
static int
spool_schema_check(sqlite3 *db, const char *path, char *err, size_t errlen)
{
	int64_t version, tables, ours;

	if (query_int(db, "PRAGMA user_version", &version) != 0 ||
	    query_int(db, "SELECT count(*) FROM sqlite_schema", &tables) != 0) {
		set_err(err, errlen, "not a readable SQLite database", db);
		return -1;
	}
	if (tables == 0 && version == 0) {
		if (exec_sql(db, "BEGIN IMMEDIATE", err, errlen) != 0)
			return -1;
		if (exec_sql(db, spool_schema, err, errlen) != 0 ||
		    exec_sql(db, "COMMIT", err, errlen) != 0) {
			exec_sql(db, "ROLLBACK", err + strlen(err), 0);
			return -1;
		}
		return 0;
	}
	if (query_int(db,
	              "SELECT count(*) FROM spool_meta "
	              "WHERE key = 'application' AND value = 'aigo-spool'",
	              &ours) != 0 ||
	    ours != 1) {
		snprintf(err, errlen,
		         "%s: not a spool of aigo probe --push (it has %lld "
		         "tables but no spool_meta marker)",
		         path, (long long)tables);
		return -1;
	}
	if (version != SPOOL_VERSION) {
		snprintf(err, errlen,
		         "%s: spool version %lld, this program reads %d", path,
		         (long long)version, SPOOL_VERSION);
		return -1;
	}
	return 0;
}

struct store_spool *
store_spool_open(const char *path, char *err, size_t errlen)
{
	struct store_spool *sp = xcalloc(1, sizeof(*sp));

	sqlite_setup();
	if (sqlite3_open_v2(path, &sp->db,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	                        SQLITE_OPEN_NOMUTEX,
	                    NULL) != SQLITE_OK) {
		set_err(err, errlen, path, sp->db);
		goto fail;
	}
	sqlite3_busy_timeout(sp->db, STORE_BUSY_WRITE_MS);
	/* The file is checked before a pragma changes it: another database
	 * (in WAL mode, in use) is left as it is. One file (no -wal beside
	 * it), so that an operator can copy or remove the spool as one;
	 * each commit is on disk when it returns. */
	if (spool_schema_check(sp->db, path, err, errlen) != 0 ||
	    exec_sql(sp->db,
	             "PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL",
	             err, errlen) != 0)
		goto fail;
	for (int i = 0; i < SPOOL__MAX; i++)
		if (sqlite3_prepare_v3(sp->db, spool_sqls[i], -1,
		                       SQLITE_PREPARE_PERSISTENT, &sp->stmt[i],
		                       NULL) != SQLITE_OK) {
			set_err(err, errlen, "prepare", sp->db);
			goto fail;
		}
	return sp;
fail:
	store_spool_close(sp);
	return NULL;
}

void
store_spool_close(struct store_spool *sp)
{
	if (sp == NULL)
		return;
	for (int i = 0; i < SPOOL__MAX; i++)
		sqlite3_finalize(sp->stmt[i]);
	sqlite3_close(sp->db);
	free(sp);
}

/* Steps the write st once to its end and resets it. 0, or -1 with err. */
static int
spool_step(struct store_spool *sp, sqlite3_stmt *st, const char *what,
           char *err, size_t errlen)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE) {
		set_err(err, errlen, what, sp->db);
		return -1;
	}
	return 0;
}

int
store_spool_append(struct store_spool *sp, const struct spool_item *items,
                   size_t n, long *n_added, long *n_dup, char *err,
                   size_t errlen)
{
	sqlite3_stmt *st = sp->stmt[SPOOL_INSERT];
	long added = 0, dups = 0;

	if (exec_sql(sp->db, "BEGIN IMMEDIATE", err, errlen) != 0)
		return sqlite3_errcode(sp->db) == SQLITE_BUSY ? -2 : -1;
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_text(st, 1, items[i].model, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, items[i].region, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, items[i].checked_at);
		sqlite3_bind_text(st, 4, items[i].item, -1, SQLITE_STATIC);
		if (spool_step(sp, st, "spool append", err, errlen) != 0) {
			exec_sql(sp->db, "ROLLBACK", err + strlen(err), 0);
			return -1;
		}
		if (sqlite3_changes(sp->db) > 0)
			added++;
		else
			dups++;
	}
	if (exec_sql(sp->db, "COMMIT", err, errlen) != 0) {
		exec_sql(sp->db, "ROLLBACK", err + strlen(err), 0);
		return -1;
	}
	*n_added += added;
	*n_dup += dups;
	return 0;
}

long
store_spool_peek(struct store_spool *sp, size_t max, struct arena *a,
                 struct spool_item **out, char *err, size_t errlen)
{
	sqlite3_stmt *st = sp->stmt[SPOOL_PEEK];
	struct spool_item *v = NULL;
	size_t n = 0, cap = 0;
	int rc;

	sqlite3_bind_int64(st, 1, (sqlite3_int64)max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = arena_grow(a, v, n, &cap, sizeof(*v));
		v[n].id = sqlite3_column_int64(st, 0);
		v[n].model = col_text(st, 1, a);
		v[n].region = col_text(st, 2, a);
		v[n].checked_at = sqlite3_column_int64(st, 3);
		v[n].item = col_text(st, 4, a);
		n++;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE) {
		set_err(err, errlen, "spool peek", sp->db);
		return -1;
	}
	*out = v;
	return (long)n;
}

long
store_spool_delete(struct store_spool *sp, int64_t first_id, int64_t last_id,
                   char *err, size_t errlen)
{
	sqlite3_stmt *st = sp->stmt[SPOOL_DELETE];

	sqlite3_bind_int64(st, 1, first_id);
	sqlite3_bind_int64(st, 2, last_id);
	if (spool_step(sp, st, "spool delete", err, errlen) != 0)
		return -1;
	return (long)sqlite3_changes(sp->db);
}

long
store_spool_count(struct store_spool *sp, char *err, size_t errlen)
{
	sqlite3_stmt *st = sp->stmt[SPOOL_COUNT];
	long n = -1;

	if (sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	else
		set_err(err, errlen, "spool count", sp->db);
	sqlite3_reset(st);
	return n;
}
