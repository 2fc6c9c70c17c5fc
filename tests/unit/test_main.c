/* test_main.c: runs every unit-test suite and prints Check's summary line. */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

void
unit_make_demo_db(const char *path, int64_t now, int days)
{
	char err[512];
	struct store *s = unit_store_create(path, "db/schema.sql");

	ck_assert_msg(demo_fill(s, 7, days, now, err, sizeof(err)) > 0, "%s",
	              err);
	store_close(s);
}

struct store *
unit_store_create(const char *path, const char *schema_file)
{
	char file[1100], err[512];
	char *schema;
	struct store *s;

	remove(path);
	snprintf(file, sizeof(file), "%s/%s", unit_root(), schema_file);
	schema = file_read_all(file, NULL);
	ck_assert_msg(schema != NULL, "%s: cannot read", file);
	s = store_open_write(path, schema, err, sizeof(err));
	free(schema);
	ck_assert_msg(s != NULL, "%s", err);
	snprintf(file, sizeof(file), "%s/db/catalog.json", unit_root());
	ck_assert_msg(catalog_load(s, file, err, sizeof(err)) > 0, "%s", err);
	return s;
}

void
unit_sql_exec(const char *db, const char *sql)
{
	sqlite3 *h;
	char *msg = NULL;

	ck_assert_int_eq(sqlite3_open(db, &h), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(h, sql, NULL, NULL, &msg) == SQLITE_OK,
	              "%s: %s", sql, msg ? msg : "?");
	sqlite3_free(msg);
	sqlite3_close(h);
}

char *
unit_sql_text(const char *db, const char *sql)
{
	struct buf b = {0};
	sqlite3 *h;
	sqlite3_stmt *st;

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

int
main(void)
{
	SRunner *sr;
	int failed;

	/* Dates are formatted in TZ: fix it, as app_config_load does. */
	setenv("TZ", "UTC", 1);
	tzset();
	sr = srunner_create(stats_suite());
	srunner_add_suite(sr, i18n_suite());
	srunner_add_suite(sr, util_suite());
	srunner_add_suite(sr, input_suite());
	srunner_add_suite(sr, chart_suite());
	srunner_add_suite(sr, detail_suite());
	srunner_add_suite(sr, demo_suite());
	srunner_add_suite(sr, store_suite());
	srunner_add_suite(sr, snapshot_suite());
	srunner_add_suite(sr, api_suite());
	srunner_add_suite(sr, pages_suite());
	srunner_add_suite(sr, router_suite());
	srunner_add_suite(sr, http_suite());
	srunner_add_suite(sr, source_suite());
	srunner_add_suite(sr, metrics_suite());
	srunner_add_suite(sr, ingest_suite());
	srunner_add_suite(sr, import_suite());
	srunner_add_suite(sr, tokens_suite());
	srunner_add_suite(sr, config_suite());
	srunner_add_suite(sr, notify_render_suite());
	srunner_add_suite(sr, badge_suite());
	srunner_add_suite(sr, embed_suite());
	srunner_add_suite(sr, serve_suite());
	srunner_add_suite(sr, probe_suite());
	srunner_add_suite(sr, probe_keys_suite());
	srunner_add_suite(sr, push_suite());
	srunner_add_suite(sr, incidents_suite());
	srunner_add_suite(sr, incident_pages_suite());
	srunner_add_suite(sr, pstatus_suite());
	srunner_add_suite(sr, manual_suite());
	srunner_add_suite(sr, outbox_suite());
	srunner_add_suite(sr, notify_send_suite());
	srunner_add_suite(sr, spv2_suite());
	srunner_add_suite(sr, export_suite());
	srunner_add_suite(sr, store_pg_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	unit_app_free();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
