/* test_source.c: where the numbers come from when the database is missing: the snapshot, telling the same story, else a translated 503; recovery needs no restart. */
#include <cJSON.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "unit.h"

#define NOW 1795838400 /* 2026-11-28T04:00:00Z */

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

Suite *
source_suite(void)
{
	Suite *s = suite_create("source");
	TCase *tc = unit_app_tcase();

	tcase_add_test(tc,
	               test_database_and_snapshot_missing_give_translated_503);
	tcase_add_test(tc, test_database_missing_falls_back_to_snapshot);
	suite_add_tcase(s, tc);
	return s;
}
