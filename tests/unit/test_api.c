/* test_api.c: whole requests through app_handle (no nginx): JSON shape, pages, errors, caching. */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "metrics.h"
#include "router.h"
#include "unit.h"

#define NOW 1795838400 /* 2026-11-28T04:00:00Z */

/* An error answer is never cached: a handler that had set caching for its
 * data and then refused the query (an unknown provider) answers with one
 * Cache-Control, no-store, in JSON and in HTML. */
START_TEST(test_errors_after_data_are_not_cached)
{
	static const char *const paths[][2] = {
	    {"/api/v1/models", "provider=nope"},
	    {"/api/v1/history", "provider=nope"},
	    {"/en/monitoring", "provider=nope"},
	    {"/api/v1/models/no-such-model", ""},
	};

	for (size_t i = 0; i < NELEM(paths); i++) {
		struct unit_reply r;
		char v[64];

		unit_request(&r, "GET", paths[i][0], paths[i][1], NULL);
		ck_assert_int_ge(r.status, 400);
		ck_assert_int_eq(unit_count(r.head, "Cache-Control:"), 1);
		unit_header(&r, "Cache-Control", v, sizeof(v));
		ck_assert_str_eq(v, "no-store");
		buf_free(&r.raw);
	}
}
END_TEST

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

START_TEST(test_monitoring_pages_render_translated)
{
	static const char *const langs[] = {"en", "ko"};

	for (size_t i = 0; i < NELEM(langs); i++) {
		struct unit_reply r;
		char path[64], v[128], lang_attr[32];

		snprintf(path, sizeof(path), "/%s/monitoring", langs[i]);
		unit_request(&r, "GET", path, "", NULL);
		ck_assert_int_eq(r.status, 200);
		ck_assert_str_eq(
		    unit_header(&r, "Content-Language", v, sizeof(v)),
		    langs[i]);
		ck_assert_ptr_nonnull(
		    unit_header(&r, "Content-Security-Policy", v, sizeof(v)));
		snprintf(lang_attr, sizeof(lang_attr), "<html lang=\"%s\">",
		         langs[i]);
		ck_assert_ptr_nonnull(strstr(r.body, lang_attr));
		ck_assert_ptr_nonnull(strstr(r.body, "<svg"));
		ck_assert_ptr_nonnull(strstr(r.body, "</html>"));
		ck_assert_ptr_nonnull(strstr(r.body, "class=\"tag demo\""));
		unit_assert_no_raw_keys(r.body);
		buf_free(&r.raw);
	}
}
END_TEST

static const struct error_case {
	const char *name;
	const char *method, *path, *query;
	int status;
	const char *body_has; /* a piece of the body */
	const char *allow;    /* the Allow header, or NULL */
} error_cases[] = {
    {"unknown_page_is_translated_404", "GET", "/nope", "", 404,
     "<html lang=\"en\">", NULL},
    {"unknown_korean_page_is_korean_404", "GET", "/ko/nope", "", 404,
     "페이지를 찾을 수 없음", NULL},
    {"unsupported_prefix_is_default_404", "GET", "/xx/monitoring", "", 404,
     "Page not found", NULL},
    {"unknown_api_path_is_json_404", "GET", "/api/v1/nope", "", 404,
     "{\"error\":{\"code\":\"not_found\"", NULL},
    {"post_to_page_is_405", "POST", "/en/monitoring", "", 405,
     "Method not allowed", "GET, HEAD"},
    {"delete_on_api_is_json_405", "DELETE", "/api/v1/realtime-stats", "", 405,
     "\"code\":\"method_not_allowed\"", "GET, HEAD"},
    {"bad_range_on_page_is_400", "GET", "/ko/monitoring", "range=2y", 400,
     "잘못된 요청", NULL},
    {"bad_range_on_api_names_field", "GET", "/api/v1/realtime-stats",
     "includeHistory=1&range=2y", 400, "\"field\":\"range\"", NULL},
    {"hostile_query_is_escaped", "GET", "/en/monitoring", "range=%3Cscript%3E",
     400, "<code>range</code>", NULL},
};

START_TEST(test_errors)
{
	const struct error_case *c = &error_cases[_i];
	struct unit_reply r;
	char v[128];

	unit_request(&r, c->method, c->path, c->query, NULL);
	ck_assert_msg(r.status == c->status, "%s: status %d", c->name,
	              r.status);
	ck_assert_msg(strstr(r.body, c->body_has) != NULL, "%s: %s", c->name,
	              r.body);
	ck_assert_ptr_null(strstr(r.body, "<script>"));
	if (c->allow != NULL)
		ck_assert_str_eq(unit_header(&r, "Allow", v, sizeof(v)),
		                 c->allow);
	unit_assert_no_raw_keys(r.body);
	buf_free(&r.raw);
}
END_TEST

/* Bodies are read only up to 1 MiB and only as long as announced. */
START_TEST(test_request_body_limits)
{
	static const struct {
		const char *length;
		int status;
		const char *body_has;
	} cases[] = {
	    {"1048577", 413, "\"code\":\"too_large\""},
	    {"12x", 400, "\"code\":\"bad_request\""},
	    {"-1", 400, "\"code\":\"bad_request\""},
	    {"10", 400, "\"code\":\"bad_request\""}, /* none sent */
	};

	for (size_t i = 0; i < NELEM(cases); i++) {
		const char *extra[] = {"CONTENT_LENGTH",
		                       cases[i].length,
		                       "CONTENT_TYPE",
		                       "application/json",
		                       NULL,
		                       NULL};
		struct unit_reply r;

		unit_request(&r, "POST", "/api/v1/checks", "", extra);
		ck_assert_msg(r.status == cases[i].status, "%s: %d",
		              cases[i].length, r.status);
		ck_assert_msg(strstr(r.body, cases[i].body_has) != NULL, "%s",
		              r.body);
		buf_free(&r.raw);
	}
}
END_TEST

/* Makes "unit-token-0123456789" the one ingest token (file mode 600). */
static void
use_ingest_token(void)
{
	char tokens[1100];
	FILE *f;

	snprintf(tokens, sizeof(tokens), "%s/tests/out/unit-ingest-tokens",
	         unit_root());
	f = fopen(tokens, "w");
	ck_assert_ptr_nonnull(f);
	fputs("unit unit-token-0123456789\n", f);
	fclose(f);
	chmod(tokens, 0600);
	snprintf(unit_app.cfg.ingest_tokens, sizeof(unit_app.cfg.ingest_tokens),
	         "%s", tokens);
	ck_assert_uint_eq(
	    tokens_load(&unit_app.tokens, unit_app.cfg.ingest_tokens), 1);
}

/* No ingest token again, as the fixture has it. */
static void
drop_ingest_token(void)
{
	unit_app.cfg.ingest_tokens[0] = '\0';
	tokens_load(&unit_app.tokens, unit_app.cfg.ingest_tokens);
}

/* Posts body to the ingest API with the token; returns the status. */
static int
post_json(struct unit_reply *r, const char *body)
{
	char len[24];
	const char *extra[] = {"CONTENT_LENGTH",
	                       len,
	                       "CONTENT_TYPE",
	                       "application/json",
	                       "HTTP_AUTHORIZATION",
	                       "Bearer unit-token-0123456789",
	                       NULL,
	                       NULL};

	snprintf(len, sizeof(len), "%zu", strlen(body));
	unit_request_body(r, "POST", "/api/v1/checks", "", extra, body);
	return r->status;
}

/* Posts one check of gpt-4o at time t; returns the reply's status. */
static int
post_check(struct unit_reply *r, int64_t t)
{
	char body[256], when[21];

	time_rfc3339(t, when);
	snprintf(body, sizeof(body),
	         "{\"checks\":[{\"model\":\"gpt-4o\",\"checkedAt\":\"%s\","
	         "\"status\":\"outage\"}]}",
	         when);
	return post_json(r, body);
}

/* The write connection never acknowledges into a file that is no longer
 * the database: moved away, the next batch is a 503 and goes nowhere. */
START_TEST(test_ingest_refuses_a_moved_database)
{
	char path[1100], moved[1100];
	char saved[sizeof(unit_app.cfg.db_path)];
	struct unit_reply r;

	snprintf(path, sizeof(path), "%s/tests/out/unit-ingest-a.db",
	         unit_root());
	snprintf(moved, sizeof(moved), "%s/tests/out/unit-ingest-moved.db",
	         unit_root());
	unit_make_demo_db(path, NOW, 1);
	memcpy(saved, unit_app.cfg.db_path, sizeof(saved));
	snprintf(unit_app.cfg.db_path, sizeof(unit_app.cfg.db_path), "%s",
	         path);
	unit_source_reset();
	use_ingest_token();

	ck_assert_int_eq(post_check(&r, NOW - 60), 200);
	ck_assert_ptr_nonnull(strstr(r.body, "\"new\":1"));
	buf_free(&r.raw);
	ck_assert_int_eq(post_check(&r, NOW - 60), 200);
	ck_assert_ptr_nonnull(strstr(r.body, "\"duplicates\":1"));
	buf_free(&r.raw);
	ck_assert_int_eq(rename(path, moved), 0);
	ck_assert_int_eq(post_check(&r, NOW - 30), 503);
	ck_assert_ptr_nonnull(strstr(r.body, "\"code\":\"unavailable\""));
	buf_free(&r.raw);
	ck_assert_ptr_null(unit_app.source.writer);
	/* Nothing was created at the path. (What the moved file holds is
	 * SQLite's business: a live WAL database must not be moved; see
	 * docs/database.md.) */
	ck_assert_int_eq(access(path, F_OK), -1);

	/* Back as it was, also when tests do not fork. */
	memcpy(unit_app.cfg.db_path, saved, sizeof(saved));
	unit_source_reset();
	drop_ingest_token();
}
END_TEST

/* Makes a fresh one-day demo database at path the app's, and records
 * checks of claude-2-1 (inactive, one region, never checked by the demo)
 * of the given statuses at NOW + the given offsets; saved gets the old
 * path back. */
static void
use_db_with_checks(const char *name, char *saved, size_t n, const int64_t *at,
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
	}
	s = store_open_write(path, NULL, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_msg(
	    store_record_checks(s, c, n, &n_new, &n_dup, err, sizeof(err)) == 0,
	    "%s", err);
	store_close(s);
	memcpy(saved, unit_app.cfg.db_path, sizeof(unit_app.cfg.db_path));
	snprintf(unit_app.cfg.db_path, sizeof(unit_app.cfg.db_path), "%s",
	         path);
	unit_source_reset();
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
	char saved[sizeof(unit_app.cfg.db_path)], line[128];
	struct unit_reply page;

	use_db_with_checks("windows", saved, 3, at, st);
	model_line(line, sizeof(line));
	ck_assert_str_eq(line, "100 50 33.33 unknown checked 3");
	unit_request(&page, "GET", "/en/models/claude-2-1", "", NULL);
	ck_assert_ptr_nonnull(strstr(page.body, "data-window=\"7d\">50.0%<"));
	ck_assert_ptr_nonnull(strstr(page.body, "data-window=\"30d\">33.3%<"));
	ck_assert_int_eq(
	    unit_count(page.body, "<tr data-status=\"outage\"><td><time"), 2);
	buf_free(&page.raw);
	memcpy(unit_app.cfg.db_path, saved, sizeof(saved));
	unit_source_reset();
}
END_TEST

/* Issue 13, fault 3: now bounds every view. A check stamped 5 minutes
 * ahead (as ingest allows) counts nowhere: not in the status, a window,
 * lastCheckedAt or the recent checks; when now reaches it, everywhere. */
START_TEST(test_a_future_check_counts_nowhere_until_its_time)
{
	static const int64_t at[] = {300};
	static const enum status st[] = {STATUS_OUTAGE};
	char saved[sizeof(unit_app.cfg.db_path)], line[128], later[24];

	use_db_with_checks("future", saved, 1, at, st);
	model_line(line, sizeof(line));
	ck_assert_str_eq(line, "-1 -1 -1 unknown never 0");
	snprintf(later, sizeof(later), "%lld", (long long)NOW + 300);
	setenv("AIGO_NOW", later, 1);
	model_line(line, sizeof(line));
	ck_assert_str_eq(line, "0 0 0 outage checked 1");
	setenv("AIGO_NOW", "1795838400", 1);
	memcpy(unit_app.cfg.db_path, saved, sizeof(saved));
	unit_source_reset();
}
END_TEST

/* The body of r holds a whole answer: Content-Length says its length. */
static void
assert_whole(const struct unit_reply *r)
{
	char v[32];

	ck_assert_ptr_nonnull(unit_header(r, "Content-Length", v, sizeof(v)));
	ck_assert_uint_eq(strtoull(v, NULL, 10), r->body_len);
}

/* Issue 12: every early return of the request reader gives a whole,
 * small answer that repeats nothing it refused (a path over 1024 bytes
 * once killed the worker). */
START_TEST(test_hostile_requests_answer_whole_and_small)
{
	struct arena *a = arena_new();
	const struct {
		const char *path, *query, *type;
		int status;
	} cases[] = {
	    {unit_repeat(a, "/", 'a', 1100), "", "text/html", 414},
	    {unit_repeat(a, "/en/", 'a', 5000), "range=1h", "text/html", 414},
	    {unit_repeat(a, "/api/v1/", 'a', 1100), "", "application/json",
	     414},
	    {"/en/monitoring", unit_repeat(a, "x=", 'a', 7000), "text/html",
	     414},
	    {"/api/v1/models", unit_repeat(a, "q=", 'a', 7000),
	     "application/json", 414},
	};

	for (size_t i = 0; i < NELEM(cases); i++) {
		struct unit_reply r;
		char v[64];

		unit_request(&r, "GET", cases[i].path, cases[i].query, NULL);
		ck_assert_int_eq(r.status, cases[i].status);
		assert_whole(&r);
		ck_assert_ptr_nonnull(
		    unit_header(&r, "Content-Type", v, sizeof(v)));
		ck_assert_msg(
		    strncmp(v, cases[i].type, strlen(cases[i].type)) == 0,
		    "%zu: %s", i, v);
		ck_assert_ptr_null(strstr(r.body, "aaaaaaaaaaaaaaaa"));
		ck_assert_uint_lt(r.body_len, 8192);
		buf_free(&r.raw);
	}
	arena_free(a);
}
END_TEST

/* Links repeat the validated state, never the raw query: 4000 bytes of an
 * unknown key do not reach the page, and known keys keep their values. */
START_TEST(test_links_carry_only_validated_query)
{
	struct arena *a = arena_new();
	struct unit_reply plain, junk;

	unit_request(&plain, "GET", "/en/monitoring", "range=7d", NULL);
	unit_request(&junk, "GET", "/en/monitoring",
	             unit_repeat(a, "range=7d&utm=", 'a', 4000), NULL);
	ck_assert_int_eq(junk.status, 200);
	ck_assert_ptr_null(strstr(junk.body, "aaaaaaaaaaaaaaaa"));
	/* The same page: only the Updated time may differ, not the size. */
	ck_assert_uint_eq(junk.body_len, plain.body_len);
	ck_assert_ptr_nonnull(strstr(junk.body, "/ko/monitoring?range=7d\""));
	buf_free(&plain.raw);
	buf_free(&junk.raw);
	/* Error pages and redirects repeat nothing of it either. */
	const struct {
		const char *path, *prefix;
		int status;
	} more[] = {
	    {"/en/monitoring", "range=bogus&utm=", 400},
	    {"/en/nope", "utm=", 404},
	    {"/", "range=7d&utm=", 302},
	};
	for (size_t i = 0; i < NELEM(more); i++) {
		struct unit_reply r;
		char v[8192];

		unit_request(&r, "GET", more[i].path,
		             unit_repeat(a, more[i].prefix, 'a', 4000), NULL);
		ck_assert_int_eq(r.status, more[i].status);
		ck_assert_msg(strstr(r.body, "aaaaaaaaaaaaaaaa") == NULL,
		              "%zu: body repeats the query", i);
		ck_assert_msg(strstr(r.head, "aaaaaaaaaaaaaaaa") == NULL,
		              "%zu: headers repeat the query", i);
		if (more[i].status == 302)
			ck_assert_str_eq(
			    unit_header(&r, "Location", v, sizeof(v)),
			    "/en/monitoring?range=7d");
		buf_free(&r.raw);
	}
	arena_free(a);
}
END_TEST

/* Issue 12: errors of one batch are listed up to a bound and counted per
 * check: 70,000 unknown members answer in kilobytes, and one check with
 * 257 problems is one check, not two (a char once counted them). */
START_TEST(test_ingest_problems_are_bounded_and_counted)
{
	struct arena *a = arena_new();
	const int members[] = {254, 70000};

	use_ingest_token();
	for (size_t t = 0; t < NELEM(members); t++) {
		struct buf body = {0};
		struct unit_reply r;
		cJSON *j, *e;
		/* The unknown members, and model, checkedAt, status missing. */
		int problems = members[t] + 3;

		buf_puts(&body, "{\"checks\":[{");
		for (int k = 0; k < members[t]; k++)
			buf_printf(&body, "%s\"m%d\":1", k ? "," : "", k);
		buf_puts(&body, "}]}");
		ck_assert_int_eq(post_json(&r, body.data), 400);
		ck_assert_uint_lt(r.body_len, 16384);
		j = cJSON_ParseWithLength(r.body, r.body_len);
		e = cJSON_GetObjectItem(j, "error");
		ck_assert_str_eq(cJSON_GetObjectItem(e, "message")->valuestring,
		                 "1 check is invalid; nothing was written.");
		ck_assert_int_eq(
		    cJSON_GetArraySize(cJSON_GetObjectItem(e, "items")), 100);
		ck_assert_int_eq(
		    cJSON_GetObjectItem(e, "itemsOmitted")->valueint,
		    problems - 100);
		cJSON_Delete(j);
		buf_free(&r.raw);
		buf_free(&body);
	}
	drop_ingest_token();
	arena_free(a);
}
END_TEST

/* Requests land in their route's status slot and latency bucket (counts
 * are compared as differences: without forking, earlier tests count too). */
START_TEST(test_metrics_count_requests)
{
	const struct metrics *m = metrics();
	struct metrics was = *m;
	struct unit_reply r;
	char v[128], line[200];
	uint64_t le5 = 0, all = 0;

	metrics_request(3, 200, 0.003); /* bucket <= 0.005 */
	metrics_request(3, 200, 0.003);
	metrics_request(3, 299, 9.0); /* another status, +Inf */
	metrics_request(-1, 404, 0.0001);
	ck_assert_uint_eq(m->requests[3][0] - was.requests[3][0], 2);
	ck_assert_uint_eq(m->requests[3][metrics_n_statuses - 1] -
	                      was.requests[3][metrics_n_statuses - 1],
	                  1);
	ck_assert_uint_eq(m->latency[3][3] - was.latency[3][3], 2);
	ck_assert_uint_eq(m->latency[3][METRICS_BUCKETS] -
	                      was.latency[3][METRICS_BUCKETS],
	                  1);
	ck_assert_uint_eq(m->requests[METRICS_ROUTES][5] -
	                      was.requests[METRICS_ROUTES][5],
	                  1);
	for (int k = 0; k <= METRICS_BUCKETS; k++) {
		if (k <= 3)
			le5 += m->latency[3][k];
		all += m->latency[3][k];
	}
	unit_request(&r, "GET", "/metrics", "", NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(unit_header(&r, "Content-Type", v, sizeof(v)),
	                 "text/plain; version=0.0.4; charset=utf-8");
	/* Buckets are cumulative; +Inf is the count. */
	snprintf(line, sizeof(line),
	         "aigo_request_duration_seconds_bucket{route=\"%s\","
	         "le=\"0.005\"} %llu\n",
	         router_pattern(3), (unsigned long long)le5);
	ck_assert_msg(strstr(r.body, line) != NULL, "%s", line);
	snprintf(line, sizeof(line),
	         "aigo_request_duration_seconds_count{route=\"%s\"} %llu\n",
	         router_pattern(3), (unsigned long long)all);
	ck_assert_msg(strstr(r.body, line) != NULL, "%s", line);
	ck_assert_ptr_nonnull(strstr(
	    r.body, "aigo_requests_total{route=\"none\",status=\"404\"}"));
	ck_assert_ptr_nonnull(
	    strstr(r.body, "aigo_models{status=\"total\"} 118\n"));
	buf_free(&r.raw);
}
END_TEST

START_TEST(test_model_page)
{
	static const char *const ranges_q[] = {"range=1h", "range=24h",
	                                       "range=7d", "range=30d"};
	struct unit_reply r;

	for (size_t i = 0; i < NELEM(ranges_q); i++) {
		unit_request(&r, "GET", "/ko/models/azure-gpt-4o", ranges_q[i],
		             NULL);
		ck_assert_int_eq(r.status, 200);
		/* Three regions, two charts each, and the recent checks. */
		ck_assert_ptr_nonnull(strstr(r.body, "chart-latency-eastus"));
		ck_assert_ptr_nonnull(
		    strstr(r.body, "chart-availability-japaneast"));
		ck_assert_ptr_nonnull(strstr(r.body, "id=\"recent-table\""));
		unit_assert_no_raw_keys(r.body);
		buf_free(&r.raw);
	}
	unit_request(&r, "GET", "/en/models/text-davinci-003", "", NULL);
	ck_assert_int_eq(r.status, 200); /* inactive: listed, no checks */
	ck_assert_ptr_nonnull(strstr(r.body, "No checks recorded"));
	buf_free(&r.raw);
	unit_request(&r, "GET", "/en/models/no-such-model", "", NULL);
	ck_assert_int_eq(r.status, 404);
	buf_free(&r.raw);
}
END_TEST

START_TEST(test_redirects_negotiate)
{
	static const char *const with_header[] = {
	    "HTTP_ACCEPT_LANGUAGE", "ko-KR,ko;q=0.9,en;q=0.8", NULL, NULL};
	static const char *const with_cookie[] = {"HTTP_ACCEPT_LANGUAGE",
	                                          "ko-KR",
	                                          "HTTP_COOKIE",
	                                          "lang=en",
	                                          NULL,
	                                          NULL};
	struct unit_reply r;
	char v[128];

	unit_request(&r, "GET", "/", "", with_header);
	ck_assert_int_eq(r.status, 302);
	ck_assert_str_eq(unit_header(&r, "Location", v, sizeof(v)),
	                 "/ko/monitoring");
	ck_assert_str_eq(unit_header(&r, "Vary", v, sizeof(v)),
	                 "Accept-Language, Cookie");
	buf_free(&r.raw);
	unit_request(&r, "GET", "/monitoring", "range=7d", with_cookie);
	ck_assert_int_eq(r.status, 302);
	ck_assert_str_eq(unit_header(&r, "Location", v, sizeof(v)),
	                 "/en/monitoring?range=7d");
	buf_free(&r.raw);
}
END_TEST

START_TEST(test_etag_gives_304_and_head_has_no_body)
{
	struct unit_reply r, h, c;
	char etag[64], len_get[32], len_head[32];
	const char *inm[] = {"HTTP_IF_NONE_MATCH", etag, NULL, NULL};

	unit_request(&r, "GET", "/en/monitoring", "", NULL);
	ck_assert_ptr_nonnull(unit_header(&r, "ETag", etag, sizeof(etag)));
	unit_header(&r, "Content-Length", len_get, sizeof(len_get));
	ck_assert_int_eq(atol(len_get), (long)r.body_len);
	unit_request(&h, "HEAD", "/en/monitoring", "", NULL);
	ck_assert_int_eq(h.status, 200);
	ck_assert_int_eq(h.body_len, 0);
	unit_header(&h, "Content-Length", len_head, sizeof(len_head));
	ck_assert_str_eq(len_head, len_get);
	unit_request(&c, "GET", "/en/monitoring", "", inm);
	ck_assert_int_eq(c.status, 304);
	ck_assert_int_eq(c.body_len, 0);
	buf_free(&r.raw);
	buf_free(&h.raw);
	buf_free(&c.raw);
}
END_TEST

START_TEST(test_database_and_snapshot_missing_give_translated_503)
{
	struct unit_reply r;
	char saved[sizeof(unit_app.cfg.db_path)], v[64];

	memcpy(saved, unit_app.cfg.db_path, sizeof(saved));
	snprintf(unit_app.cfg.db_path, sizeof(unit_app.cfg.db_path), "%s",
	         "/nonexistent/aigo.db");
	unit_source_reset();
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
	memcpy(unit_app.cfg.db_path, saved, sizeof(saved));
	unit_source_reset();
	unit_request(&r, "GET", "/api/v1/realtime-stats", "", NULL);
	ck_assert_int_eq(r.status, 200);
	buf_free(&r.raw);
}
END_TEST

START_TEST(test_database_missing_falls_back_to_snapshot)
{
	struct unit_reply live, fb, page;
	char saved[sizeof(unit_app.cfg.db_path)], err[256], v[64];
	cJSON *a, *b;
	static const char *const same[] = {
	    "totalModels",     "activeModels", "operationalModels",
	    "degradedModels",  "outageModels", "unknownModels",
	    "avgAvailability", "providers",    "isDemo",
	    "timestamp"};

	unit_request(&live, "GET", "/api/v1/realtime-stats", "", NULL);
	ck_assert_int_eq(
	    source_write_snapshot(&unit_app.cfg, NOW, err, sizeof(err)), 0);
	memcpy(saved, unit_app.cfg.db_path, sizeof(saved));
	snprintf(unit_app.cfg.db_path, sizeof(unit_app.cfg.db_path), "%s",
	         "/nonexistent/aigo.db");
	unit_source_reset();
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
	memcpy(unit_app.cfg.db_path, saved, sizeof(saved));
	unit_source_reset();
	remove(unit_app_snap);
	buf_free(&live.raw);
	buf_free(&fb.raw);
	buf_free(&page.raw);
}
END_TEST
Suite *
api_suite(void)
{
	Suite *s = suite_create("api");
	TCase *tc = unit_app_tcase();

	tcase_add_test(tc, test_realtime_stats_json_shape);
	tcase_add_test(tc, test_errors_after_data_are_not_cached);
	tcase_add_test(tc, test_realtime_stats_history_ends_with_headline);
	tcase_add_test(tc, test_monitoring_pages_render_translated);
	tcase_add_loop_test(tc, test_errors, 0, (int)NELEM(error_cases));
	tcase_add_test(tc, test_model_page);
	tcase_add_test(tc, test_metrics_count_requests);
	tcase_add_test(tc, test_request_body_limits);
	tcase_add_test(tc, test_ingest_refuses_a_moved_database);
	tcase_add_test(tc, test_hostile_requests_answer_whole_and_small);
	tcase_add_test(tc, test_links_carry_only_validated_query);
	tcase_add_test(tc, test_ingest_problems_are_bounded_and_counted);
	tcase_add_test(tc, test_windows_are_rolling_everywhere);
	tcase_add_test(tc, test_a_future_check_counts_nowhere_until_its_time);
	tcase_add_test(tc, test_redirects_negotiate);
	tcase_add_test(tc, test_etag_gives_304_and_head_has_no_body);
	tcase_add_test(tc,
	               test_database_and_snapshot_missing_give_translated_503);
	tcase_add_test(tc, test_database_missing_falls_back_to_snapshot);
	suite_add_tcase(s, tc);
	return s;
}
