/* unit.h: the Check suites of the unit tests and their shared helpers. */
#ifndef AIGO_UNIT_H
#define AIGO_UNIT_H

#include <check.h>

#include "http.h"

Suite *stats_suite(void);
Suite *i18n_suite(void);
Suite *util_suite(void);
Suite *input_suite(void);
Suite *api_suite(void);
Suite *pages_suite(void);
Suite *router_suite(void);
Suite *http_suite(void);
Suite *source_suite(void);
Suite *metrics_suite(void);
Suite *demo_suite(void);
Suite *store_suite(void);
Suite *snapshot_suite(void);
Suite *chart_suite(void);
Suite *detail_suite(void);
Suite *export_suite(void);
Suite *ingest_suite(void);
Suite *import_suite(void);
Suite *tokens_suite(void);
Suite *config_suite(void);
Suite *notify_render_suite(void);
Suite *embed_suite(void);
Suite *serve_suite(void);
Suite *probe_suite(void);
Suite *probe_keys_suite(void);
Suite *push_suite(void);
Suite *incidents_suite(void);
Suite *incident_pages_suite(void);
Suite *pstatus_suite(void);
Suite *manual_suite(void);
Suite *outbox_suite(void);
Suite *notify_send_suite(void);
/* The PostgreSQL backend (issue 21). */
Suite *store_pg_suite(void);
Suite *spv2_suite(void);
Suite *badge_suite(void);

/* The checkout's root (AIGO_ROOT, set by the Makefile). */
const char *unit_root(void);

/* unit_record_demo_db: makes a fresh database at path with the catalog and
 * `days` of demo checks up to now (seed 7), through the store. Fails the
 * test on error.
 * unit_make_demo_db: the same database, recorded once per run for each
 * (now, days) and backend, then copied (unit_db_copy): the demo is
 * deterministic, and test_demo.c, which proves it, records its own. */
void unit_record_demo_db(const char *path, int64_t now, int days);
void unit_make_demo_db(const char *path, int64_t now, int days);

/* How many times needle occurs in hay (overlaps counted). */
int unit_count(const char *hay, const char *needle);

/* The store's tests on both backends (docs/development.md). A test names
 * its database by a file path; with AIGO_UNIT_PG_URL set (a libpq URL of
 * a database the tests may wipe) that name stands for a schema of that
 * database instead (unit_pg.c), and:
 * unit_pg: 1 in PostgreSQL mode, else 0.
 * unit_db: what to give the store's openers for the database path names:
 *   the path itself (SQLite), or a URL of AIGO_UNIT_PG_URL selecting its
 *   schema; a URL is returned as it is. Valid until the process ends.
 * unit_db_is_pg: whether unit_db(db) is PostgreSQL.
 * unit_db_keep_file: path stays a SQLite file in PostgreSQL mode too (the
 *   whole-request tests' shared app). */
int unit_pg(void);
const char *unit_db(const char *path);
int unit_db_is_pg(const char *db);
void unit_db_keep_file(const char *path);

/* unit_pg.c's halves of the unit_sql_* helpers (url: unit_db's), and
 * unit_pg_reset: the schema of path dropped and made again, empty. */
void unit_pg_reset(const char *path);
void unit_pg_exec(const char *url, const char *sql);
/* Drops every schema of AIGO_UNIT_PG_URL's database whose name starts with
 * prefix; 0, or -1 (callable outside a test: no ck_assert). */
int unit_pg_drop_schemas(const char *prefix);
int64_t unit_pg_int(const char *url, const char *sql);
char *unit_pg_text(const char *url, const char *sql);
int unit_pg_refused(const char *url, const char *sql);
/* unit_pg_copy: the schema of to made afresh from schema_sql and every row
 * of from's tables copied into it, its identities moved past the ids. */
void unit_pg_copy(const char *from, const char *to, const char *schema_sql);

/* Copies the database path from (closed) to path to, an old one replaced:
 * the file (SQLite), or every row into a new schema (PostgreSQL). */
void unit_db_copy(const char *from, const char *to);

/* The name of SQLite's group_concat(X, SEP) on db's backend:
 * "group_concat", or PostgreSQL's "string_agg" (which takes an ORDER BY
 * after SEP where SQLite concatenates in the order rows come). */
const char *unit_sql_concat(const char *db);

/* The unit_sql_* helpers take a test's database name (a path, mapped by
 * unit_db) and run on its backend: write their SQL so that both SQLite
 * and PostgreSQL read it alike (docs/development.md lists what differs).
 */
/* Runs one query over db that returns one integer (-1 when no row; a NULL
 * reads as 0, a boolean as 1 or 0). */
int64_t unit_sql_int(const char *db, const char *sql);

/* Runs sql (any number of statements) over the database file db; fails
 * the test on an error. */
void unit_sql_exec(const char *db, const char *sql);

/* Every row of sql over db (read-only), columns joined by '|', rows ended
 * by '\n', NULL as "NULL", a boolean as 1 or 0: a heap string the caller
 * frees. */
char *unit_sql_text(const char *db, const char *sql);

/* Runs the one statement sql over db (foreign keys on): 1 when the
 * database refused it for a constraint or a value of the wrong type
 * (SQLite: SQLITE_CONSTRAINT; PostgreSQL: SQLSTATE class 23 or 22), 0
 * when it ran (and committed); fails the test on any other error. */
int unit_sql_refused(const char *db, const char *sql);

/* A new database at path (an old one removed) from schema_file (relative
 * to the root) with db/catalog.json loaded, open for writing: the caller
 * closes it with store_close. In PostgreSQL mode, path's schema emptied
 * and db/schema-pg.sql for "db/schema.sql" (another schema file is
 * SQLite's: an old version's, which only the SQLite pass tests). */
struct store *unit_store_create(const char *path, const char *schema_file);

/* A digest of every check row of db after from, for comparing two files. */
int64_t unit_checks_digest(const char *db, int64_t from);

/* A request of whole-request tests: environment as name/value pairs
 * ending in NULL, NULL, and a body (NULL for none) read from off. */
struct unit_env {
	const char *const *kv;
	const char *body;
	size_t off;
};
/* The http_source reading e. */
struct http_source unit_source(struct unit_env *e);

/* The app of whole-request tests (app_fixture.c): a demo database of two
 * days up to 2026-11-28T04:00:00Z (AIGO_NOW), no ingest token, and no
 * snapshot yet at unit_app_snap. A test that changes it puts it back, also
 * for runs that do not fork (CK_FORK=no). */
struct app;
extern struct app unit_app;
extern char unit_app_snap[1100];

/* A test case whose tests share unit_app, built before the first of them
 * forks (ctemplate's cache is per process), kept until unit_app_free. */
TCase *unit_app_tcase(void);
void unit_app_free(void);

/* Points unit_app at the database file path (NULL: the fixture's own),
 * with a data source started afresh (it reads the path when set up). */
void unit_use_db(const char *path);

/* Makes a fresh one-day demo database tests/out/unit-NAME.db, records
 * the checks c[0..n) for the model of slug (their model_id and source,
 * "ingest", are set here), and points unit_app at it (unit_use_db(NULL)
 * goes back). */
struct check_in;
void unit_use_db_with_checks(const char *name, const char *slug,
                             struct check_in *c, size_t n);

/* One answer of unit_app, split at the blank line; free raw. */
struct unit_reply {
	int status;
	char *head; /* header lines */
	char *body;
	size_t body_len;
	struct buf raw;
};

/* Serves one request with body (NULL: none); extra holds more name/value
 * pairs (NULL-ended). */
void unit_request_body(struct unit_reply *r, const char *method,
                       const char *path, const char *query,
                       const char *const *extra, const char *body);
void unit_request(struct unit_reply *r, const char *method, const char *path,
                  const char *query, const char *const *extra);

/* The value of header name in r, copied into out; NULL when absent. */
const char *unit_header(const struct unit_reply *r, const char *name, char *out,
                        size_t outlen);

/* Fails if body holds a template marker or a key of any catalog. */
void unit_assert_no_raw_keys(const char *body);

/* A string of n copies of c in arena memory, with prefix before it. */
char *unit_repeat(struct arena *a, const char *prefix, char c, size_t n);

#endif
