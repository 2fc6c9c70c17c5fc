/* store_pg.h: the PostgreSQL backend of the store (issue 21): connecting, the schema, its version, and how its statement layer (store_db.h's store_pg_connect) behaves. */
#ifndef AIGO_STORE_PG_H
#define AIGO_STORE_PG_H

#include <stddef.h>
#include <stdint.h>

/* The schema version db/schema-pg.sql creates: the twin of db/schema.sql's
 * (store.h's STORE_SCHEMA_VERSION), kept in aigo_meta 'schema_version'. */
#define STORE_PG_SCHEMA_VERSION 9

/* Every statement of a connection is cancelled by the server after this
 * many milliseconds (SET statement_timeout at connect). */
#define STORE_PG_STATEMENT_TIMEOUT_MS 10000

/* Seconds a connection attempt may take, unless the connection string
 * says connect_timeout itself. */
#define STORE_PG_CONNECT_TIMEOUT_S 10

/* After a reconnection failed, the next attempt waits this long (ms);
 * the statements in between fail at once with the same reason. */
#define STORE_PG_RETRY_MS 1000

/* The statement layer (store_db.h; store_pg_connect opens it), over libpq:
 *
 * - db_prepare keeps the SQL only (it cannot fail but for memory): the
 *   server prepares it at its first step on the connection's current
 *   session (PQprepare under a name aigo_N unique in the connection,
 *   types inferred by the server), so an error in the SQL comes from that
 *   step. Again after a reconnection.
 * - Parameters go as text: an int64 in decimal (printed into the
 *   statement's own slots, reused between runs), a bound text as it is
 *   (kept alive by the caller until the reset), unbound or NULL as NULL.
 * - The first db_step after a reset runs it (PQexecPrepared, results as
 *   text, one PGresult per run, kept until the reset); each step moves to
 *   the next row; DB_DONE after the last one and again at every step
 *   until the reset. A command without rows gives DB_DONE.
 * - Columns: a NULL is 0 and NULL text; an integer's text reads by
 *   strtoll (out of range: the nearest int64); a boolean as 1 ('t') or 0;
 *   any other text (a numeric "1.5", a date) reads as 0 from
 *   db_column_int64. Texts point into the result: valid until the next
 *   reset. Column count and names exist from the first step on (0 and
 *   NULL before), and stay until the finalize.
 * - db_changes: the rows of the last INSERT, UPDATE, DELETE or MERGE run
 *   on the connection (its command tag; with RETURNING too; 0 for an
 *   INSERT ... ON CONFLICT DO NOTHING that inserted nothing); other
 *   statements leave it.
 * - Errors: SQLSTATE 40001, 40P01 DB_RETRY; class 23 DB_CONSTRAINT;
 *   anything else DB_ERROR. db_errmsg is libpq's message on one line,
 *   without the password (store_pg_redact). A COMMIT that the server
 *   answers with ROLLBACK (the transaction had failed) is a DB_ERROR.
 * - db_exec runs a text of several statements (the simple protocol).
 * - The server going away: the next statement outside a transaction
 *   (PQtransactionStatus idle) gets a new session (PQreset, at most the
 *   connect timeout, then the settings again) and prepares its statements
 *   again; when that fails, the statement fails saying the server cannot
 *   be reached (then see STORE_PG_RETRY_MS). Inside a transaction the
 *   failure stays one: every statement fails and db_in_transaction stays
 *   1 until its ROLLBACK (which reconnects) or COMMIT (which fails: none
 *   of it was committed). A dead session is noticed before a statement
 *   is sent into it where the server said so while idle (a terminated
 *   backend, a restart).
 * - db_finalize frees the statement and deallocates it on the server
 *   (outside a transaction; inside one, at the next statement after it).
 *   db_close finalizes the statements still alive (they are then gone:
 *   finalize none of them after it) and closes the connection.
 * - A connection opened with DB_MODE_READ refuses writes
 *   (default_transaction_read_only). One connection, one thread. */

struct store_pg;
struct db;

/* 1 when db (a configured `db` value) names a PostgreSQL database
 * ("postgresql://..." or "postgres://..."), 0 for anything else (a file
 * path: SQLite). NULL is 0. */
int store_pg_is_url(const char *db);

/* Connects to conninfo (a libpq connection string: a postgresql:// URI
 * or key=value words; PGPASSFILE, PGSSLMODE and the other PG* variables
 * apply as libpq says), with a statement timeout of
 * STORE_PG_STATEMENT_TIMEOUT_MS and UTC as the session's time zone.
 * Returns the connection (the caller frees it with store_pg_close), or
 * NULL with a message in err. The message never contains the password of
 * conninfo, not even from libpq's own text (store_pg_redact). */
struct store_pg *store_pg_open(const char *conninfo, char *err, size_t errlen);

/* Closes the connection and frees pg (its statements too). NULL is
 * allowed. */
void store_pg_close(struct store_pg *pg);

/* The PostgreSQL connection of db (one store_pg_connect made), for the
 * calls below; NULL when db is NULL or of another backend. Not a new
 * connection: db_close(db) frees it. */
struct store_pg *store_pg_of(struct db *db);

/* The schema version of pg's database: 0 for a database without the
 * AI-GO schema (no aigo_meta table), the version in aigo_meta otherwise.
 * Returns -1 with err set when the query fails or the database has an
 * aigo_meta table that is not an AI-GO one. */
int store_pg_schema_version(struct store_pg *pg, char *err, size_t errlen);

/* Applies schema_sql (db/schema-pg.sql's text: several statements) to a
 * database without the schema, in one transaction: all of it or nothing.
 * Returns 0, or -1 with err set (nothing changed). */
int store_pg_apply_schema(struct store_pg *pg, const char *schema_sql,
                          char *err, size_t errlen);

/* Copies msg into out (out_len bytes, always terminated) with every
 * occurrence of a secret of conninfo replaced by "***": the password
 * (of a URI's user:password@, of a password= word or query parameter,
 * as written and as percent-decoded). What does not fit is cut, and the
 * cut text ends with "...". For libpq's messages, which may quote the
 * connection string. Returns out. */
char *store_pg_redact(const char *conninfo, const char *msg, char *out,
                      size_t out_len);

/* The number of parameters of sql (a NUL-terminated statement): its
 * highest $N (1 to 65535) outside '…' and "…" (a doubled quote stays
 * inside), -- and non-nested block comments, $tag$ … $tag$ bodies and
 * names ($ inside a name, a$1, is no parameter); 0 when it has none. An
 * unterminated quote, comment or body runs to the end. The first run
 * prepares with this count (tests/fuzz/fuzz_pg_params.c holds a second
 * reading of these rules). */
int store_pg_count_params(const char *sql);

/* A column's text (NULL: SQL NULL) as store_db.h's db_column_int64 reads
 * it, as SQLite would: a decimal integer, the whole text (leading blanks
 * and a sign allowed, as strtoll takes them), as its value, the nearest
 * int64 when out of range; "t" (a boolean true) 1; NULL, "f" and any other
 * text 0. Up to 18 digits are read here, the rest by strtoll
 * (tests/fuzz/fuzz_pg_int.c holds a second reading). */
int64_t store_pg_int64_of(const char *text);

#endif
