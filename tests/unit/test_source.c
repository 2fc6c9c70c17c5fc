/* test_source.c: where the numbers come from when the database is missing: the snapshot, telling the same story, else a translated 503; recovery needs no restart. */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "metrics.h"
#include "unit.h"

#define NOW 1795838400 /* 2026-11-28T04:00:00Z */

/* A kept answer is reused while nothing touches the database, and a
 * check written through another connection is in the very next answer:
 * reuse never outlives a write (DESIGN 4, caching). */
START_TEST(test_write_is_seen_by_the_next_request)
{
	char db[1100], cmd[4800], err[256];
	struct unit_reply a, b, c, d;
	struct check_in ck = {0};
	const struct dataset *ds;
	struct store *s;
	long n_new = 0, n_dup = 0;

	snprintf(db, sizeof(db), "%s/tests/out/unit-write-seen.db",
	         unit_root());
	snprintf(cmd, sizeof(cmd), "cp %s %s && rm -f %s-wal %s-shm",
	         unit_app.cfg.db_path, db, db, db);
	ck_assert_int_eq(system(cmd), 0);
	unit_use_db(db);
	unit_request(&a, "GET", "/api/v1/realtime-stats", "", NULL);
	unit_request(&b, "GET", "/api/v1/realtime-stats", "", NULL);
	ck_assert_int_eq(a.status, 200);
	ck_assert_str_eq(a.body, b.body);
	/* An outage now in a region of the first model with a check. */
	ds = &unit_app.source.db.ds;
	ck_assert_uint_gt(ds->n_latest, 0);
	ck.model_id = ds->models[ds->latest[0].model].id;
	ck.region = ds->latest[0].region;
	ck.checked_at = NOW;
	ck.status = STATUS_OUTAGE;
	ck.latency_ms = -1;
	ck.source = "ingest";
	s = store_open_write(db, NULL, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_int_eq(
	    store_record_checks(s, &ck, 1, &n_new, &n_dup, err, sizeof(err)),
	    0);
	ck_assert_int_eq(n_new, 1);
	store_close(s);
	unit_request(&c, "GET", "/api/v1/realtime-stats", "", NULL);
	ck_assert_int_eq(c.status, 200);
	ck_assert_str_ne(c.body, b.body);
	unit_request(&d, "GET", "/api/v1/realtime-stats", "", NULL);
	ck_assert_str_eq(d.body, c.body);
	buf_free(&a.raw);
	buf_free(&b.raw);
	buf_free(&c.raw);
	buf_free(&d.raw);
	unit_use_db(NULL);
}
END_TEST

START_TEST(test_database_and_snapshot_missing_give_translated_503)
{
	struct unit_reply r;
	char v[64];

	unit_use_db("/nonexistent/aigo.db");
	unit_request(&r, "GET", "/readyz", "", NULL);
	ck_assert_int_eq(r.status, 503);
	ck_assert_str_eq(unit_header(&r, "X-Data-Source", v, sizeof(v)),
	                 "none");
	buf_free(&r.raw);
	unit_request(&r, "GET", "/ko/monitoring", "", NULL);
	ck_assert_int_eq(r.status, 503);
	ck_assert_str_eq(unit_header(&r, "Retry-After", v, sizeof(v)), "30");
	ck_assert_ptr_nonnull(strstr(r.body, "role=\"alert\""));
	ck_assert_ptr_nonnull(strstr(r.body, "</html>"));
	ck_assert_ptr_nonnull(strstr(r.body, "class=\"chart-frame\""));
	ck_assert_ptr_nonnull(strstr(
	    r.body,
	    "class=\"chart-empty\">실시간 데이터를 사용할 수 없습니다<"));
	unit_assert_no_raw_keys(r.body);
	buf_free(&r.raw);
	unit_request(&r, "GET", "/api/v1/realtime-stats", "", NULL);
	ck_assert_int_eq(r.status, 503);
	ck_assert_ptr_nonnull(strstr(r.body, "\"code\":\"unavailable\""));
	buf_free(&r.raw);
	/* Recovery needs no restart. */
	unit_use_db(NULL);
	unit_request(&r, "GET", "/api/v1/realtime-stats", "", NULL);
	ck_assert_int_eq(r.status, 200);
	buf_free(&r.raw);
}
END_TEST

START_TEST(test_database_missing_falls_back_to_snapshot)
{
	struct unit_reply live, fb, page;
	char err[256], v[64];
	cJSON *a, *b;
	static const char *const same[] = {
	    "totalModels",     "activeModels", "operationalModels",
	    "degradedModels",  "outageModels", "unknownModels",
	    "avgAvailability", "providers",    "isDemo",
	    "timestamp"};

	unit_request(&live, "GET", "/api/v1/realtime-stats", "", NULL);
	ck_assert_int_eq(
	    source_write_snapshot(&unit_app.cfg, NOW, err, sizeof(err)), 0);
	unit_use_db("/nonexistent/aigo.db");
	unit_request(&fb, "GET", "/api/v1/realtime-stats", "", NULL);
	ck_assert_int_eq(fb.status, 200);
	ck_assert_str_eq(unit_header(&fb, "X-Data-Source", v, sizeof(v)),
	                 "fallback");
	a = cJSON_Parse(live.body);
	b = cJSON_Parse(fb.body);
	/* The snapshot of the database, read back at its time, tells the
	 * same story. */
	for (size_t i = 0; i < NELEM(same); i++)
		ck_assert_msg(cJSON_Compare(cJSON_GetObjectItem(a, same[i]),
		                            cJSON_GetObjectItem(b, same[i]), 1),
		              "%s differs", same[i]);
	ck_assert_str_eq(cJSON_GetObjectItem(b, "dataSource")->valuestring,
	                 "fallback");
	ck_assert_str_eq(cJSON_GetObjectItem(b, "snapshotAt")->valuestring,
	                 "2026-11-28T04:00:00Z");
	unit_request(&page, "GET", "/en/monitoring", "", NULL);
	ck_assert_int_eq(page.status, 200);
	ck_assert_ptr_nonnull(strstr(
	    page.body, "Live data is unavailable — showing the snapshot from "
	               "2026-11-28 04:00 UTC (just now)."));
	buf_free(&page.raw);
	unit_request(&page, "GET", "/readyz", "", NULL);
	ck_assert_int_eq(page.status, 200);
	ck_assert_ptr_nonnull(strstr(page.body, "\"dataSource\":\"fallback\""));
	cJSON_Delete(a);
	cJSON_Delete(b);
	unit_use_db(NULL);
	remove(unit_app_snap);
	buf_free(&live.raw);
	buf_free(&fb.raw);
	buf_free(&page.raw);
}
END_TEST

/* A worker's start (app_start) reads and renders the page once, and
 * nothing of it is seen: no request counted, no answer kept; the dataset
 * it read is kept for the requests of the same second; a database that
 * is missing at the start is no failure, and the next request falls back
 * as any (here: no snapshot either, the translated 503). */
START_TEST(test_worker_start_warms_and_answers_nothing)
{
	struct metrics was;
	struct unit_reply r;

	unit_use_db(NULL);
	answers_free(&unit_app.answers); /* none kept (CK_FORK=no: others') */
	ck_assert_ptr_null(unit_app.source.db.arena);
	was = *metrics();
	app_start(&unit_app);
	ck_assert_ptr_nonnull(unit_app.source.db.arena);
	ck_assert_int_eq(unit_app.source.db_now, NOW);
	ck_assert_uint_eq(unit_app.answers.n, 0);
	ck_assert_int_eq(
	    memcmp(metrics()->requests, was.requests, sizeof(was.requests)), 0);
	ck_assert_int_eq(
	    memcmp(metrics()->latency, was.latency, sizeof(was.latency)), 0);
	unit_request(&r, "GET", "/en/monitoring", "", NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert_uint_eq(unit_app.answers.n, 1);
	buf_free(&r.raw);
	unit_use_db("/nonexistent/aigo.db");
	app_start(&unit_app);
	ck_assert_ptr_null(unit_app.source.db.arena);
	unit_request(&r, "GET", "/api/v1/realtime-stats", "", NULL);
	ck_assert_int_eq(r.status, 503);
	buf_free(&r.raw);
	unit_use_db(NULL);
}
END_TEST

Suite *
source_suite(void)
{
	Suite *s = suite_create("source");
	TCase *tc = unit_app_tcase();

	tcase_add_test(tc,
	               test_database_and_snapshot_missing_give_translated_503);
	tcase_add_test(tc, test_database_missing_falls_back_to_snapshot);
	tcase_add_test(tc, test_write_is_seen_by_the_next_request);
	tcase_add_test(tc, test_worker_start_warms_and_answers_nothing);
	suite_add_tcase(s, tc);
	return s;
}
