/* store_pg.h: the PostgreSQL backend of the store (issue 21), its first part: connecting, the schema, its version. */
#ifndef AIGO_STORE_PG_H
#define AIGO_STORE_PG_H

#include <stddef.h>

/* The schema version db/schema-pg.sql creates: the twin of db/schema.sql's
 * (store.h's STORE_SCHEMA_VERSION), kept in aigo_meta 'schema_version'. */
#define STORE_PG_SCHEMA_VERSION 9

/* Every statement of a connection is cancelled by the server after this
 * many milliseconds (SET statement_timeout at connect). */
#define STORE_PG_STATEMENT_TIMEOUT_MS 10000

/* Seconds a connection attempt may take, unless the connection string
 * says connect_timeout itself. */
#define STORE_PG_CONNECT_TIMEOUT_S 10

struct store_pg;

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

/* Closes the connection and frees pg. NULL is allowed. */
void store_pg_close(struct store_pg *pg);

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
 * as written and as percent-decoded). For libpq's messages, which may
 * quote the connection string. Returns out. */
char *store_pg_redact(const char *conninfo, const char *msg, char *out,
                      size_t out_len);

#endif
