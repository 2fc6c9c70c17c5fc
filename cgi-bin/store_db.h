/* store_db.h: the statement layer under store.c: one connection and its prepared statements, the same calls for SQLite (store_sqlite.c) and PostgreSQL (store_pg.c). */
#ifndef AIGO_STORE_DB_H
#define AIGO_STORE_DB_H

#include <stddef.h>
#include <stdint.h>

/* store.c runs every statement through these calls and never knows which
 * backend answers. A backend gives a struct db_ops; a connection and a
 * statement start with a pointer to their backend's (so that the inline
 * calls below dispatch without a lookup).
 *
 * Errors: a call that fails returns DB_ERROR (or NULL) and leaves its
 * message in the connection (db_errmsg), never with a password in it.
 * DB_RETRY is a failure of a transaction that the same transaction can
 * succeed at when run again from its BEGIN (SQLite: SQLITE_BUSY;
 * PostgreSQL: SQLSTATE 40001 serialization failure, 40P01 deadlock);
 * DB_CONSTRAINT a row a constraint refused (the transaction goes on in
 * SQLite and is aborted in PostgreSQL: store.c rolls back either way). */
enum db_rc {
	DB_OK = 0,
	DB_ROW = 1,        /* db_step: a row is there to read */
	DB_DONE = 2,       /* db_step: no (more) rows */
	DB_ERROR = -1,     /* any other failure */
	DB_RETRY = -2,     /* run the transaction again */
	DB_CONSTRAINT = -3 /* a constraint refused a row */
};

struct db;
struct db_stmt;

struct db_ops {
	const char *name; /* "SQLite", "PostgreSQL" */
	/* Runs sql, which may hold several statements (no parameters, rows
	 * ignored). DB_OK or an error rc. */
	int (*exec)(struct db *db, const char *sql);
	/* A statement of sql (one statement; parameters ?N in SQLite, $N in
	 * PostgreSQL) for db, kept until db_finalize; NULL on failure
	 * (PostgreSQL prepares at the first step: there only out of memory,
	 * and a mistake in the SQL comes from that step). */
	struct db_stmt *(*prepare)(struct db *db, const char *sql);
	/* Runs st (the first call after a reset executes it) and moves to
	 * its next row: DB_ROW, DB_DONE or an error rc. After DB_DONE, reset
	 * it before running it again. */
	int (*step)(struct db_stmt *st);
	/* Makes st ready to run again; its bound values stay (as SQLite's
	 * sqlite3_reset). */
	void (*reset)(struct db_stmt *st);
	/* Forgets st's bound values: every parameter is NULL again. */
	void (*clear)(struct db_stmt *st);
	void (*finalize)(struct db_stmt *st);
	/* Parameter i (from 1) of st's next runs. Text: the caller keeps
	 * the bytes alive until st runs (its first step), or the backend
	 * copies them. */
	void (*bind_int64)(struct db_stmt *st, int i, int64_t v);
	void (*bind_text)(struct db_stmt *st, int i, const char *text);
	void (*bind_null)(struct db_stmt *st, int i);
	/* The number of result columns of st, and the name of column i
	 * (from 0; valid while st lives). After a prepare in SQLite; after
	 * the first step in PostgreSQL. */
	int (*column_count)(struct db_stmt *st);
	const char *(*column_name)(struct db_stmt *st, int i);
	/* Column i (from 0) of the current row (after DB_ROW). NULL reads as
	 * 0 and as NULL text; text is valid until the next step or reset. */
	int (*column_is_null)(struct db_stmt *st, int i);
	int64_t (*column_int64)(struct db_stmt *st, int i);
	const char *(*column_text)(struct db_stmt *st, int i);
	/* Rows the last INSERT, UPDATE or DELETE of db changed. */
	int64_t (*changes)(struct db *db);
	/* The message of db's last failure (never NULL). */
	const char *(*errmsg)(struct db *db);
	/* 1 while db is inside a transaction (BEGIN without its end). */
	int (*in_transaction)(struct db *db);
	/* 1 when db's last failure was DB_RETRY (the transaction it broke
	 * can succeed when run again from its BEGIN), 0 otherwise. */
	int (*retryable)(struct db *db);
	/* Closes db: finalizes what is left, frees it (finalize no
	 * statement of db after this). */
	void (*close)(struct db *db);
	/* Runs st, a write whose rows nobody reads, where its outcome may
	 * come later (the statement may be reset, rebound and run again at
	 * once). SQLite runs it now: DB_OK or its rc. PostgreSQL queues it
	 * (libpq's pipeline mode) and returns DB_OK, or an rc when it
	 * cannot be sent; the queue goes to the server at the next call that
	 * needs an answer (a step, an exec, a finalize, sync). The first
	 * queued statement that fails makes that call fail with its rc and
	 * a message naming it ("… (queued: INSERT INTO t …)"); the
	 * statements after it are not run (the transaction is aborted). Not
	 * for db_changes: that says nothing of a queued statement. Meant
	 * for inside a transaction: outside one, PostgreSQL runs what is
	 * queued as one implicit transaction (all or nothing). */
	int (*defer)(struct db_stmt *st);
	/* Sends what defer queued and waits for it: DB_OK or the first
	 * failure's rc (as above). SQLite: DB_OK. */
	int (*sync)(struct db *db);
	/* Sends a run of st ahead of its step, with the values bound now
	 * (a reset or a clear after it changes nothing of that run), so
	 * that several reads go to the server in one round trip. SQLite:
	 * nothing (DB_OK); its step runs it then, so bind the same values
	 * before the step. PostgreSQL queues it as defer does; its answer
	 * arrives with the next call that needs one, and st's next step
	 * reads its rows from it. A failure of it (or of something queued
	 * before it) fails that call as defer's does. An answer no step
	 * read is dropped by the next exec (the transaction's end) and by
	 * the finalize: meant for inside a transaction. st may be sent
	 * several times (other values bound each time): its next steps
	 * read the answers in the order sent (each run's rows until the
	 * reset), so step it as many times, in that order; answers sent in
	 * an earlier queue that no step read are dropped by a send of st.
	 * DB_OK or an rc when it cannot be sent. */
	int (*send)(struct db_stmt *st);
	/* An array as parameter i (from 1) of a dialect's set-based
	 * statement ($i::bigint[], $i::text[] in PostgreSQL; v[k] NULL binds
	 * a NULL element); the backend copies the values. NULL in SQLite,
	 * whose dialect has no such statement. */
	void (*bind_int64_array)(struct db_stmt *st, int i, const int64_t *v,
	                         size_t n);
	void (*bind_text_array)(struct db_stmt *st, int i, const char *const *v,
	                        size_t n);
};

struct db {
	const struct db_ops *ops;
};

struct db_stmt {
	const struct db_ops *ops;
};

/* How a backend opens its database. */
enum db_mode {
	DB_MODE_READ,   /* reads only */
	DB_MODE_WRITE,  /* reads and writes; the database must exist */
	DB_MODE_CREATE, /* as WRITE; SQLite makes a missing file */
};

/* Opens the SQLite file path (":memory:": a database in memory) in mode,
 * with a busy timeout (a reader waits up to 1 s, a writer 2 s for another
 * writer), WAL and foreign keys on when writing. Sets *version to the
 * file's schema version (PRAGMA user_version), 0 for an empty file.
 * Returns the connection (db_close frees it), or NULL with err set: not
 * SQLite, or a database that is not AI-GO's (tables but no aigo_meta
 * marker). */
struct db *store_sqlite_open(const char *path, enum db_mode mode,
                             int64_t *version, char *err, size_t errlen);

/* Connects to the PostgreSQL database of conninfo (libpq's connection
 * string; store_pg.h says how), in any mode (the database always exists).
 * Sets *version to its schema version (aigo_meta 'schema_version'), 0
 * for a database without the schema. The connection reconnects by itself
 * at the next statement outside a transaction after the server went away.
 * Returns it (db_close frees it), or NULL with err set (no password in
 * it). */
struct db *store_pg_connect(const char *conninfo, enum db_mode mode,
                            int64_t *version, char *err, size_t errlen);

static inline int
db_exec(struct db *db, const char *sql)
{
	return db->ops->exec(db, sql);
}

static inline struct db_stmt *
db_prepare(struct db *db, const char *sql)
{
	return db->ops->prepare(db, sql);
}

static inline int
db_step(struct db_stmt *st)
{
	return st->ops->step(st);
}

static inline void
db_reset(struct db_stmt *st)
{
	st->ops->reset(st);
}

static inline void
db_clear(struct db_stmt *st)
{
	st->ops->clear(st);
}

/* NULL is allowed. */
static inline void
db_finalize(struct db_stmt *st)
{
	if (st)
		st->ops->finalize(st);
}

static inline void
db_bind_int64(struct db_stmt *st, int i, int64_t v)
{
	st->ops->bind_int64(st, i, v);
}

/* text NULL binds NULL. */
static inline void
db_bind_text(struct db_stmt *st, int i, const char *text)
{
	if (text)
		st->ops->bind_text(st, i, text);
	else
		st->ops->bind_null(st, i);
}

static inline void
db_bind_null(struct db_stmt *st, int i)
{
	st->ops->bind_null(st, i);
}

static inline int
db_column_is_null(struct db_stmt *st, int i)
{
	return st->ops->column_is_null(st, i);
}

static inline int
db_column_count(struct db_stmt *st)
{
	return st->ops->column_count(st);
}

static inline const char *
db_column_name(struct db_stmt *st, int i)
{
	return st->ops->column_name(st, i);
}

static inline int64_t
db_column_int64(struct db_stmt *st, int i)
{
	return st->ops->column_int64(st, i);
}

static inline const char *
db_column_text(struct db_stmt *st, int i)
{
	return st->ops->column_text(st, i);
}

static inline int64_t
db_changes(struct db *db)
{
	return db->ops->changes(db);
}

static inline const char *
db_errmsg(struct db *db)
{
	return db->ops->errmsg(db);
}

static inline int
db_in_transaction(struct db *db)
{
	return db->ops->in_transaction(db);
}

static inline int
db_retryable(struct db *db)
{
	return db->ops->retryable(db);
}

static inline int
db_defer(struct db_stmt *st)
{
	return st->ops->defer(st);
}

static inline int
db_send(struct db_stmt *st)
{
	return st->ops->send(st);
}

static inline int
db_sync(struct db *db)
{
	return db->ops->sync(db);
}

/* A backend without arrays binds NULL (its dialect has no statement that
 * takes one). */
static inline void
db_bind_int64_array(struct db_stmt *st, int i, const int64_t *v, size_t n)
{
	if (st->ops->bind_int64_array)
		st->ops->bind_int64_array(st, i, v, n);
	else
		st->ops->bind_null(st, i);
}

static inline void
db_bind_text_array(struct db_stmt *st, int i, const char *const *v, size_t n)
{
	if (st->ops->bind_text_array)
		st->ops->bind_text_array(st, i, v, n);
	else
		st->ops->bind_null(st, i);
}

/* NULL is allowed. */
static inline void
db_close(struct db *db)
{
	if (db)
		db->ops->close(db);
}

#endif
