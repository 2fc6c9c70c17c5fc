/* test_main.c: runs every unit-test suite and prints Check's summary line. */
#include <dirent.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "catalog.h"
#include "demo.h"
#include "fileutil.h"
#include "unit.h"

const char *
unit_root(void)
{
	const char *r = getenv("AIGO_ROOT");

	return r != NULL ? r : ".";
}

static const char *
unit_getvar(void *ctx, const char *name)
{
	const struct unit_env *e = ctx;

	for (const char *const *kv = e->kv; kv[0] != NULL; kv += 2)
		if (strcmp(kv[0], name) == 0)
			return kv[1];
	return NULL;
}

static long
unit_read(void *ctx, char *buf, size_t n)
{
	struct unit_env *e = ctx;
	size_t left = e->body ? strlen(e->body) - e->off : 0;

	if (n > left)
		n = left;
	if (n == 0)
		return 0;
	memcpy(buf, e->body + e->off, n);
	e->off += n;
	return (long)n;
}

struct http_source
unit_source(struct unit_env *e)
{
	struct http_source src = {unit_getvar, unit_read, e};

	return src;
}

/* Removes the SQLite database at path with its -wal and -shm: a WAL left
 * by a connection that never closed (a forked test's) would be replayed
 * into the next file made at path. */
static void
unit_file_remove(const char *path)
{
	char side[1100];

	remove(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	remove(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	remove(side);
}

void
unit_record_demo_db(const char *path, int64_t now, int days)
{
	char err[512];
	struct store *s = unit_store_create(path, "db/schema.sql");
	struct timespec t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_msg(demo_fill(s, 7, days, now, err, sizeof(err)) > 0, "%s",
	              err);
	store_close(s);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (getenv("AIGO_UNIT_TIMING") != NULL)
		fprintf(stderr, "unit_make_demo_db: %s %.1f ms for %d days\n",
		        unit_db_is_pg(path) ? "PostgreSQL" : "SQLite",
		        (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
		            (double)(t1.tv_nsec - t0.tv_nsec) / 1e6,
		        days);
}

/* The process that runs the suites (the tests run in its forks): the
 * demo cache's names carry it, so that two runs over one tests/out (make
 * test's unit and PostgreSQL passes) never share an entry. */
static pid_t run_pid;

/* The cache entry of (now, days) for a database like path (a file, or a
 * PostgreSQL schema in that pass), into name[len]; its ".done" beside it
 * says it was recorded whole. */
static void
demo_cache_name(const char *path, int64_t now, int days, char *name, size_t len)
{
	int pg = unit_db_is_pg(path);

	snprintf(name, len, "%s/tests/out/unit-demo-%ld-%s-%lld-%d.db",
	         unit_root(), (long)run_pid, pg ? "pg" : "file", (long long)now,
	         days);
	/* A file beside a PostgreSQL pass's schemas stays a file (a test
	 * that keeps its database a file, app_fixture's, asks for one). */
	if (!pg && unit_pg())
		unit_db_keep_file(name);
}

void
unit_make_demo_db(const char *path, int64_t now, int days)
{
	char cache[1100], done[1120];
	FILE *f;

	demo_cache_name(path, now, days, cache, sizeof(cache));
	snprintf(done, sizeof(done), "%s.done", cache);
	if (access(done, F_OK) != 0) {
		unit_record_demo_db(cache, now, days);
		f = fopen(done, "w");
		ck_assert_msg(f != NULL, "%s: cannot write", done);
		fclose(f);
	}
	unit_db_copy(cache, path);
}

/* Removes this run's demo cache: its files and, in the PostgreSQL pass,
 * its schemas. */
static void
demo_cache_free(void)
{
	char dir[1100], prefix[64], file[1400];
	size_t n;
	struct dirent *e;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/tests/out", unit_root());
	n = (size_t)snprintf(prefix, sizeof(prefix), "unit-demo-%ld-",
	                     (long)run_pid);
	d = opendir(dir);
	while (d != NULL && (e = readdir(d)) != NULL)
		if (strncmp(e->d_name, prefix, n) == 0) {
			snprintf(file, sizeof(file), "%s/%s", dir, e->d_name);
			remove(file);
		}
	if (d != NULL)
		closedir(d);
	snprintf(prefix, sizeof(prefix), "t_unit_demo_%ld_", (long)run_pid);
	if (unit_pg() && unit_pg_drop_schemas(prefix) != 0)
		fprintf(stderr, "unit: the demo cache's schemas %s* are left\n",
		        prefix);
}

struct store *
unit_store_create(const char *path, const char *schema_file)
{
	char file[1100], err[512];
	char *schema;
	struct store *s;
	int pg = unit_db_is_pg(path);
	struct timespec t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (pg) {
		/* An old version's schema is SQLite's: only the SQLite pass
		 * runs the tests that need one. */
		ck_assert_str_eq(schema_file, "db/schema.sql");
		schema_file = "db/schema-pg.sql";
		unit_pg_reset(path);
	} else {
		unit_file_remove(path);
	}
	snprintf(file, sizeof(file), "%s/%s", unit_root(), schema_file);
	schema = file_read_all(file, NULL);
	ck_assert_msg(schema != NULL, "%s: cannot read", file);
	s = store_open_write(unit_db(path), schema, err, sizeof(err));
	free(schema);
	ck_assert_msg(s != NULL, "%s", err);
	snprintf(file, sizeof(file), "%s/db/catalog.json", unit_root());
	ck_assert_msg(catalog_load(s, file, err, sizeof(err)) > 0, "%s", err);
	/* What a new database costs (unit-pg.sh sums it). */
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (getenv("AIGO_UNIT_TIMING") != NULL)
		fprintf(stderr, "unit_store_create: %s %.1f ms\n",
		        pg ? "PostgreSQL" : "SQLite",
		        (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
		            (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
	return s;
}

void
unit_sql_exec(const char *db, const char *sql)
{
	sqlite3 *h;
	char *msg = NULL;

	if (unit_db_is_pg(db)) {
		unit_pg_exec(unit_db(db), sql);
		return;
	}
	ck_assert_int_eq(sqlite3_open(db, &h), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(h, sql, NULL, NULL, &msg) == SQLITE_OK,
	              "%s: %s", sql, msg ? msg : "?");
	sqlite3_free(msg);
	sqlite3_close(h);
}

int
unit_sql_refused(const char *db, const char *sql)
{
	sqlite3 *h;
	char *msg = NULL;
	int rc;

	if (unit_db_is_pg(db))
		return unit_pg_refused(unit_db(db), sql);
	ck_assert_int_eq(sqlite3_open(db, &h), SQLITE_OK);
	ck_assert_int_eq(
	    sqlite3_exec(h, "PRAGMA foreign_keys = ON", NULL, NULL, NULL),
	    SQLITE_OK);
	rc = sqlite3_exec(h, sql, NULL, NULL, &msg);
	ck_assert_msg(rc == SQLITE_OK || rc == SQLITE_CONSTRAINT, "%s: %s", sql,
	              msg ? msg : "?");
	sqlite3_free(msg);
	sqlite3_close(h);
	return rc == SQLITE_CONSTRAINT;
}

char *
unit_sql_text(const char *db, const char *sql)
{
	struct buf b = {0};
	sqlite3 *h;
	sqlite3_stmt *st;

	if (unit_db_is_pg(db))
		return unit_pg_text(unit_db(db), sql);
	ck_assert_int_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL),
	                 SQLITE_OK);
	ck_assert_msg(sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK,
	              "%s: %s", sql, sqlite3_errmsg(h));
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const char *t =
			    (const char *)sqlite3_column_text(st, i);

			buf_printf(&b, "%s%s", i ? "|" : "", t ? t : "NULL");
		}
		buf_puts(&b, "\n");
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	if (b.data == NULL)
		buf_puts(&b, "");
	return b.data;
}

void
unit_db_copy(const char *from, const char *to)
{
	size_t len;
	char *bytes;
	FILE *f;

	if (unit_db_is_pg(from)) {
		char file[1100];
		char *schema;

		snprintf(file, sizeof(file), "%s/db/schema-pg.sql",
		         unit_root());
		schema = file_read_all(file, NULL);
		ck_assert_msg(schema != NULL, "%s: cannot read", file);
		unit_pg_copy(from, to, schema);
		free(schema);
		return;
	}
	bytes = file_read_all(from, &len);
	ck_assert_ptr_nonnull(bytes);
	unit_file_remove(to);
	f = fopen(to, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(bytes, 1, len, f), len);
	fclose(f);
	free(bytes);
}

const char *
unit_sql_concat(const char *db)
{
	return unit_db_is_pg(db) ? "string_agg" : "group_concat";
}

int
unit_count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

int64_t
unit_sql_int(const char *db, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	int64_t v = -1;

	if (unit_db_is_pg(db))
		return unit_pg_int(unit_db(db), sql);
	ck_assert_int_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL),
	                 SQLITE_OK);
	ck_assert_msg(sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK,
	              "%s: %s", sql, sqlite3_errmsg(h));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

int64_t
unit_checks_digest(const char *db, int64_t from)
{
	char sql[512];

	snprintf(sql, sizeof(sql),
	         "SELECT count(*) * 1000003 + "
	         "sum((checked_at %% 1000003) * (model_id + 7) + "
	         "coalesce(latency_ms, 13) + length(status) * 31 + "
	         "coalesce(http_status, 0)) FROM checks "
	         "WHERE checked_at > %lld",
	         (long long)from);
	return unit_sql_int(db, sql);
}

/* Every suite, by the name it gives suite_create. */
static const struct {
	const char *name;
	Suite *(*make)(void);
} suites[] = {
    {"stats", stats_suite},
    {"i18n", i18n_suite},
    {"util", util_suite},
    {"input", input_suite},
    {"chart", chart_suite},
    {"detail", detail_suite},
    {"demo", demo_suite},
    {"store", store_suite},
    {"snapshot", snapshot_suite},
    {"api", api_suite},
    {"pages", pages_suite},
    {"router", router_suite},
    {"http", http_suite},
    {"source", source_suite},
    {"metrics", metrics_suite},
    {"ingest", ingest_suite},
    {"import", import_suite},
    {"tokens", tokens_suite},
    {"config", config_suite},
    {"notify_render", notify_render_suite},
    {"badge", badge_suite},
    {"embed", embed_suite},
    {"serve", serve_suite},
    {"probe", probe_suite},
    {"probe_keys", probe_keys_suite},
    {"push", push_suite},
    {"incidents", incidents_suite},
    {"incident_pages", incident_pages_suite},
    {"pstatus", pstatus_suite},
    {"manual", manual_suite},
    {"outbox", outbox_suite},
    {"notify_send", notify_send_suite},
    {"spv2", spv2_suite},
    {"export", export_suite},
    {"store_pg", store_pg_suite},
};

/* The suites of the PostgreSQL pass (AIGO_UNIT_PG_URL without
 * AIGO_UNIT_SUITES): those that test the store's behaviour. */
#define UNIT_PG_SUITES "store incidents manual outbox demo pstatus"

/* Whether the suite name is a word of list (words split by spaces or
 * commas). */
static int
listed(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; *p;) {
		size_t w = strcspn(p, " ,");

		if (w == n && strncmp(p, name, n) == 0)
			return 1;
		p += w;
		p += strspn(p, " ,");
	}
	return 0;
}

/* Runs the suites AIGO_UNIT_SUITES names (all when unset; with
 * AIGO_UNIT_PG_URL, UNIT_PG_SUITES) and prints Check's summary line. An
 * unknown name is an error (exit 2), so that a renamed suite is not
 * silently left out. */
int
main(void)
{
	const char *only = getenv("AIGO_UNIT_SUITES");
	SRunner *sr = NULL;
	int failed;

	if ((only == NULL || only[0] == '\0') && unit_pg())
		only = UNIT_PG_SUITES;
	if (only != NULL && only[0] != '\0')
		for (const char *p = only + strspn(only, " ,"); *p;) {
			size_t w = strcspn(p, " ,"), i;

			for (i = 0; i < NELEM(suites); i++)
				if (strlen(suites[i].name) == w &&
				    strncmp(p, suites[i].name, w) == 0)
					break;
			if (i == NELEM(suites)) {
				fprintf(stderr,
				        "AIGO_UNIT_SUITES: no suite %.*s\n",
				        (int)w, p);
				return 2;
			}
			p += w;
			p += strspn(p, " ,");
		}
	/* Dates are formatted in TZ: fix it, as app_config_load does. */
	setenv("TZ", "UTC", 1);
	tzset();
	for (size_t i = 0; i < NELEM(suites); i++) {
		if (only != NULL && only[0] != '\0' &&
		    !listed(only, suites[i].name))
			continue;
		if (sr == NULL)
			sr = srunner_create(suites[i].make());
		else
			srunner_add_suite(sr, suites[i].make());
	}
	if (sr == NULL)
		sr = srunner_create(NULL);
	run_pid = getpid();
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	unit_app_free();
	demo_cache_free();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
