/* test_api.c: the JSON API through app_handle: the shape of realtime-stats and its history, and windows that agree across the list, one model and its page. */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "store.h"
#include "unit.h"

#define NOW 1795838400 /* 2026-11-28T04:00:00Z */

START_TEST(test_realtime_stats_json_shape)
{
	struct unit_reply r;
	cJSON *j;
	static const char *const counts[] = {
	    "totalModels",    "activeModels", "operationalModels",
	    "degradedModels", "outageModels", "unknownModels",
	    "providers"};
	char v[128];

	unit_request(&r, "GET", "/api/v1/realtime-stats", "", NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(unit_header(&r, "Content-Type", v, sizeof(v)),
	                 "application/json");
	ck_assert_str_eq(
	    unit_header(&r, "Access-Control-Allow-Origin", v, sizeof(v)), "*");
	ck_assert_ptr_nonnull(unit_header(&r, "ETag", v, sizeof(v)));
	j = cJSON_Parse(r.body);
	ck_assert_ptr_nonnull(j);
	for (size_t i = 0; i < NELEM(counts); i++)
		ck_assert_msg(cJSON_IsNumber(cJSON_GetObjectItem(j, counts[i])),
		              "%s", counts[i]);
	ck_assert(cJSON_IsNumber(cJSON_GetObjectItem(j, "avgAvailability")));
	ck_assert_str_eq(cJSON_GetObjectItem(j, "timestamp")->valuestring,
	                 "2026-11-28T04:00:00Z");
	ck_assert_str_eq(cJSON_GetObjectItem(j, "dataSource")->valuestring,
	                 "database");
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(j, "isDemo")));
	ck_assert_ptr_null(cJSON_GetObjectItem(j, "history"));
	ck_assert_ptr_null(cJSON_GetObjectItem(j, "snapshotAt"));
	{
		int total = cJSON_GetObjectItem(j, "totalModels")->valueint;
		int active = cJSON_GetObjectItem(j, "activeModels")->valueint;
		int sum = 0;
		for (size_t i = 2; i < 6; i++)
			sum += cJSON_GetObjectItem(j, counts[i])->valueint;
		ck_assert_int_le(active, total);
		ck_assert_int_eq(sum, active);
		ck_assert_int_gt(total, 60);
	}
	cJSON_Delete(j);
	buf_free(&r.raw);
}
END_TEST

START_TEST(test_realtime_stats_history_ends_with_headline)
{
	static const char *const ranges_q[] = {"range=1h", "range=24h",
	                                       "range=7d", "range=30d"};
	static const int points[] = {13, 25, 29, 31};

	for (size_t i = 0; i < NELEM(ranges_q); i++) {
		struct unit_reply r;
		char q[64];
		cJSON *j, *pts, *last;

		snprintf(q, sizeof(q), "includeHistory=true&%s", ranges_q[i]);
		unit_request(&r, "GET", "/api/v1/realtime-stats", q, NULL);
		ck_assert_int_eq(r.status, 200);
		j = cJSON_Parse(r.body);
		pts = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "history"),
		                          "points");
		ck_assert_int_eq(cJSON_GetArraySize(pts), points[i]);
		last = cJSON_GetArrayItem(pts, points[i] - 1);
		ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(last, "isNow")));
		ck_assert_int_eq(
		    cJSON_GetObjectItem(last, "operational")->valueint,
		    cJSON_GetObjectItem(j, "operationalModels")->valueint);
		ck_assert_int_eq(
		    cJSON_GetObjectItem(last, "unknown")->valueint,
		    cJSON_GetObjectItem(j, "unknownModels")->valueint);
		ck_assert_double_eq(
		    cJSON_GetObjectItem(last, "availability")->valuedouble,
		    cJSON_GetObjectItem(j, "avgAvailability")->valuedouble);
		cJSON_Delete(j);
		buf_free(&r.raw);
	}
}
END_TEST

/* Makes a fresh one-day demo database at path the app's, and records
 * checks of claude-2-1 (inactive, one region, never checked by the demo)
 * of the given statuses at NOW + the given offsets (unit_use_db(NULL)
 * goes back). */
static void
use_db_with_checks(const char *name, size_t n, const int64_t *at,
                   const enum status *status)
{
	char path[1100], err[256];
	struct check_in c[8];
	long n_new, n_dup;
	struct store *s;

	snprintf(path, sizeof(path), "%s/tests/out/unit-%s.db", unit_root(),
	         name);
	unit_make_demo_db(path, NOW, 1);
	memset(c, 0, sizeof(c));
	for (size_t i = 0; i < n; i++) {
		c[i].model_id = unit_sql_int(
		    path, "SELECT id FROM models WHERE slug = 'claude-2-1'");
		c[i].region = "global";
		c[i].checked_at = NOW + at[i];
		c[i].status = status[i];
		c[i].latency_ms = 500;
		c[i].source = "ingest";
		c[i].dns_ms = c[i].connect_ms = c[i].tls_ms =
		    c[i].first_byte_ms = c[i].ttft_ms = -1;
	}
	s = store_open_write(path, NULL, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_msg(
	    store_record_checks(s, c, n, &n_new, &n_dup, err, sizeof(err)) == 0,
	    "%s", err);
	store_close(s);
	unit_use_db(path);
}

/* The availability, status, lastCheckedAt and number of recent checks of
 * claude-2-1 in the JSON of one model, and its availability in the list,
 * as one line. */
static void
model_line(char *out, size_t outlen)
{
	struct unit_reply one, list;
	cJSON *a, *b, *m, *av, *ra, *la;
	char v[3][3][16];

	unit_request(&one, "GET", "/api/v1/models/claude-2-1", "", NULL);
	unit_request(&list, "GET", "/api/v1/models", "q=claude-2-1", NULL);
	ck_assert_int_eq(one.status, 200);
	a = cJSON_ParseWithLength(one.body, one.body_len);
	b = cJSON_ParseWithLength(list.body, list.body_len);
	m = cJSON_GetObjectItem(a, "model");
	av = cJSON_GetObjectItem(m, "availability");
	ra = cJSON_GetObjectItem(
	    cJSON_GetArrayItem(cJSON_GetObjectItem(m, "regions"), 0),
	    "availability");
	la = cJSON_GetObjectItem(
	    cJSON_GetArrayItem(cJSON_GetObjectItem(b, "models"), 0),
	    "availability");
	for (int w = 0; w < WINDOW__MAX; w++) {
		const cJSON *x[3] = {cJSON_GetObjectItem(av, window_names[w]),
		                     cJSON_GetObjectItem(ra, window_names[w]),
		                     cJSON_GetObjectItem(la, window_names[w])};

		for (int k = 0; k < 3; k++) {
			ck_assert_ptr_nonnull(x[k]);
			snprintf(v[w][k], sizeof(v[w][k]), "%g",
			         cJSON_IsNumber(x[k]) ? x[k]->valuedouble : -1);
		}
		/* The model, its one region and the list say the same. */
		ck_assert_str_eq(v[w][0], v[w][1]);
		ck_assert_str_eq(v[w][0], v[w][2]);
	}
	snprintf(out, outlen, "%s %s %s %s %s %d", v[0][0], v[1][0], v[2][0],
	         cJSON_GetObjectItem(m, "status")->valuestring,
	         cJSON_IsNull(cJSON_GetObjectItem(m, "lastCheckedAt"))
	             ? "never"
	             : "checked",
	         cJSON_GetArraySize(cJSON_GetObjectItem(a, "checks")));
	cJSON_Delete(a);
	cJSON_Delete(b);
	buf_free(&one.raw);
	buf_free(&list.raw);
}

/* Issue 13, fault 1: every 7d and 30d is the rolling window (now - w,
 * now], in the list, the model, its region and the page: operational at
 * now - 1 h, outage at now - 6.9 d and now - 29.5 d. (UTC-aligned buckets
 * said 7d 100 and 30d 50.) Fault 5: the recent checks are the newest 50
 * whatever their age, so all three are listed. */
START_TEST(test_windows_are_rolling_everywhere)
{
	static const int64_t at[] = {-3600, -596160, -2548800};
	static const enum status st[] = {STATUS_OPERATIONAL, STATUS_OUTAGE,
	                                 STATUS_OUTAGE};
	char line[128];
	struct unit_reply page;

	use_db_with_checks("windows", 3, at, st);
	model_line(line, sizeof(line));
	ck_assert_str_eq(line, "100 50 33.33 unknown checked 3");
	unit_request(&page, "GET", "/en/models/claude-2-1", "", NULL);
	ck_assert_ptr_nonnull(strstr(page.body, "data-window=\"7d\">50.0%<"));
	ck_assert_ptr_nonnull(strstr(page.body, "data-window=\"30d\">33.3%<"));
	ck_assert_int_eq(
	    unit_count(page.body, "<tr data-status=\"outage\"><td><time"), 2);
	buf_free(&page.raw);
	unit_use_db(NULL);
}
END_TEST

/* Issue 13, fault 3: now bounds every view. A check stamped 5 minutes
 * ahead (as ingest allows) counts nowhere: not in the status, a window,
 * lastCheckedAt or the recent checks; when now reaches it, everywhere. */
START_TEST(test_a_future_check_counts_nowhere_until_its_time)
{
	static const int64_t at[] = {300};
	static const enum status st[] = {STATUS_OUTAGE};
	char line[128], later[24];

	use_db_with_checks("future", 1, at, st);
	model_line(line, sizeof(line));
	ck_assert_str_eq(line, "-1 -1 -1 unknown never 0");
	snprintf(later, sizeof(later), "%lld", (long long)NOW + 300);
	setenv("AIGO_NOW", later, 1);
	model_line(line, sizeof(line));
	ck_assert_str_eq(line, "0 0 0 outage checked 1");
	setenv("AIGO_NOW", "1795838400", 1);
	unit_use_db(NULL);
}
END_TEST

/* The JSON text of member name of o ("null" for null, "absent"). */
static const char *
member(const cJSON *o, const char *name, char *out, size_t outlen)
{
	const cJSON *v = cJSON_GetObjectItem(o, name);

	if (v == NULL)
		snprintf(out, outlen, "absent");
	else if (cJSON_IsString(v))
		snprintf(out, outlen, "%s", v->valuestring);
	else if (cJSON_IsNumber(v))
		snprintf(out, outlen, "%lld", (long long)v->valuedouble);
	else if (cJSON_IsBool(v))
		snprintf(out, outlen, "%s", cJSON_IsTrue(v) ? "true" : "false");
	else
		snprintf(out, outlen, "%s", cJSON_IsNull(v) ? "null" : "other");
	return out;
}

/* A check's probe fields as one line: kind, error kind, ttft, then dns,
 * connect, tls and first byte of its timings. */
static void
probe_line(const cJSON *c, char *out, size_t outlen)
{
	const cJSON *t = cJSON_GetObjectItem(c, "timings");
	char v[7][24];

	snprintf(out, outlen, "%s %s %s %s %s %s %s",
	         member(c, "probeKind", v[0], 24),
	         member(c, "errorKind", v[1], 24),
	         member(c, "ttftMs", v[2], 24), member(t, "dnsMs", v[3], 24),
	         member(t, "connectMs", v[4], 24), member(t, "tlsMs", v[5], 24),
	         member(t, "firstByteMs", v[6], 24));
}

/* Issue 17: each recent check says its probe kind, error kind, time to
 * first token and timings, null where not measured; each region the kinds
 * of its latest check; the model whether it is probed by reachability
 * only. The list's regions say the same. */
START_TEST(test_model_json_says_what_each_probe_measured)
{
	struct check_in c[3] = {
	    {0, "global", NOW - 600, STATUS_OPERATIONAL, 800, 200, NULL, NULL,
	     "stream", NULL, 1, 2, 3, 250, 300},
	    {0, "global", NOW - 300, STATUS_OUTAGE, -1, 0, "timeout", NULL,
	     "reachability", "timeout", -1, -1, -1, -1, -1},
	    {0, "global", NOW - 120, STATUS_DEGRADED, 900, 429, NULL, NULL,
	     "inference", "rate_limited", 5, -1, -1, -1, -1},
	};
	static const char *const want[] = {
	    "inference rate_limited null 5 null null null",
	    "reachability timeout null null null null null",
	    "stream null 300 1 2 3 250",
	};
	struct unit_reply one, list;
	cJSON *a, *b, *checks, *region, *listed;
	char line[256], v[2][24];

	unit_use_db_with_checks("probe-json", "claude-2-1", c, NELEM(c));
	unit_request(&one, "GET", "/api/v1/models/claude-2-1", "", NULL);
	unit_request(&list, "GET", "/api/v1/models", "q=claude-2-1", NULL);
	ck_assert_int_eq(one.status, 200);
	a = cJSON_ParseWithLength(one.body, one.body_len);
	b = cJSON_ParseWithLength(list.body, list.body_len);
	checks = cJSON_GetObjectItem(a, "checks");
	ck_assert_int_eq(cJSON_GetArraySize(checks), 3);
	for (int i = 0; i < 3; i++) {
		probe_line(cJSON_GetArrayItem(checks, i), line, sizeof(line));
		ck_assert_str_eq(line, want[i]);
	}
	region = cJSON_GetArrayItem(
	    cJSON_GetObjectItem(cJSON_GetObjectItem(a, "model"), "regions"), 0);
	listed = cJSON_GetArrayItem(
	    cJSON_GetObjectItem(
	        cJSON_GetArrayItem(cJSON_GetObjectItem(b, "models"), 0),
	        "regions"),
	    0);
	for (int k = 0; k < 2; k++) {
		const cJSON *r = k == 0 ? region : listed;

		ck_assert_str_eq(member(r, "probeKind", v[0], 24), "inference");
		ck_assert_str_eq(member(r, "errorKind", v[1], 24),
		                 "rate_limited");
	}
	ck_assert_str_eq(member(cJSON_GetObjectItem(a, "model"),
	                        "reachabilityOnly", v[0], 24),
	                 "false");
	cJSON_Delete(a);
	cJSON_Delete(b);
	buf_free(&one.raw);
	buf_free(&list.raw);
	unit_use_db(NULL);
}
END_TEST

/* A model whose latest checks are reachability probes only is said to be
 * so; one whose latest check does not say its kind is not, and its kinds
 * are null. */
static const struct reach_case {
	const char *kind;
	const char *want; /* reachabilityOnly, region probeKind */
} reach_cases[] = {
    {"reachability", "true reachability"},
    {"stream", "false stream"},
    {NULL, "false null"},
};

START_TEST(test_model_json_reachability_only)
{
	struct check_in c = {0,    "global", NOW - 60, STATUS_OPERATIONAL,
	                     120,  401,      NULL,     NULL,
	                     NULL, NULL,     -1,       -1,
	                     -1,   -1,       -1};
	struct unit_reply one;
	cJSON *a, *m;
	char line[64], v[2][24];

	c.probe_kind = reach_cases[_i].kind;
	unit_use_db_with_checks("probe-reach", "claude-2-1", &c, 1);
	unit_request(&one, "GET", "/api/v1/models/claude-2-1", "", NULL);
	a = cJSON_ParseWithLength(one.body, one.body_len);
	m = cJSON_GetObjectItem(a, "model");
	snprintf(
	    line, sizeof(line), "%s %s",
	    member(m, "reachabilityOnly", v[0], 24),
	    member(cJSON_GetArrayItem(cJSON_GetObjectItem(m, "regions"), 0),
	           "probeKind", v[1], 24));
	ck_assert_str_eq(line, reach_cases[_i].want);
	cJSON_Delete(a);
	buf_free(&one.raw);
	unit_use_db(NULL);
}
END_TEST

Suite *
api_suite(void)
{
	Suite *s = suite_create("api");
	TCase *tc = unit_app_tcase();

	tcase_add_test(tc, test_realtime_stats_json_shape);
	tcase_add_test(tc, test_realtime_stats_history_ends_with_headline);
	tcase_add_test(tc, test_windows_are_rolling_everywhere);
	tcase_add_test(tc, test_a_future_check_counts_nowhere_until_its_time);
	tcase_add_test(tc, test_model_json_says_what_each_probe_measured);
	tcase_add_loop_test(tc, test_model_json_reachability_only, 0,
	                    (int)NELEM(reach_cases));
	suite_add_tcase(s, tc);
	return s;
}
