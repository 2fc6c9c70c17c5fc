/* test_input.c: query validation and the request reader, as tables of good and bad inputs. */
#include <string.h>

#include "arena.h"
#include "input.h"
#include "timefmt.h"
#include "unit.h"

static const struct input_case {
	const char *name;
	const char *query;
	int ok;
	const char *bad_key;
	enum range range;
	int history;
} input_cases[] = {
    {"empty_query_gives_defaults", "", 1, NULL, RANGE_24H, 0},
    {"range_1h", "range=1h", 1, NULL, RANGE_1H, 0},
    {"range_7d_and_history", "range=7d&includeHistory=true", 1, NULL, RANGE_7D,
     1},
    {"range_30d_history_1", "includeHistory=1&range=30d", 1, NULL, RANGE_30D,
     1},
    {"history_false", "includeHistory=false", 1, NULL, RANGE_24H, 0},
    {"unknown_keys_ignored", "utm_source=x&foo=%zz&range=1h", 1, NULL, RANGE_1H,
     0},
    {"percent_encoded_value", "range=%32%34h", 1, NULL, RANGE_24H, 0},
    {"empty_pairs_ignored", "&&range=1h&", 1, NULL, RANGE_1H, 0},
    {"bad_range", "range=2h", 0, "range", RANGE_24H, 0},
    {"empty_range", "range=", 0, "range", RANGE_24H, 0},
    {"range_without_value", "range", 0, "range", RANGE_24H, 0},
    {"range_case_matters", "range=24H", 0, "range", RANGE_24H, 0},
    {"bad_escape_in_value", "range=%2", 0, "range", RANGE_24H, 0},
    {"nul_escape_rejected", "range=1h%00", 0, "range", RANGE_24H, 0},
    {"script_in_value", "range=<script>", 0, "range", RANGE_24H, 0},
    {"bad_bool", "includeHistory=yes", 0, "includeHistory", RANGE_24H, 0},
    {"filters_and_sort",
     "provider=openai&status=outage&sort=latency&order=desc", 1, NULL,
     RANGE_24H, 0},
    {"empty_filters_mean_all", "provider=&status=", 1, NULL, RANGE_24H, 0},
    {"bad_provider_slug", "provider=Open%20AI", 0, "provider", RANGE_24H, 0},
    {"bad_status", "status=up", 0, "status", RANGE_24H, 0},
    {"bad_sort", "sort=random", 0, "sort", RANGE_24H, 0},
    {"bad_order", "order=up", 0, "order", RANGE_24H, 0},
    {"oversized_value",
     "range=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
     0, "range", RANGE_24H, 0},
    /* next= never steps out of the base path (issue 12). */
    {"next_plain", "next=/status/en/monitoring", 1, NULL, RANGE_24H, 0},
    {"next_dot_dot", "next=/status/../evil", 0, "next", RANGE_24H, 0},
    {"next_dot", "next=/status/./x", 0, "next", RANGE_24H, 0},
    {"next_trailing_dot_dot", "next=/status/..", 0, "next", RANGE_24H, 0},
    {"next_dot_dot_before_query", "next=/status/..?x=1", 0, "next", RANGE_24H,
     0},
    {"next_encoded_dots", "next=/status/%252e%252E/evil", 0, "next", RANGE_24H,
     0},
    {"next_half_encoded_dots", "next=/status/.%252e/evil", 0, "next", RANGE_24H,
     0},
    {"next_three_dots_is_a_name", "next=/status/.../x", 1, NULL, RANGE_24H, 0},
    {"next_dots_in_a_name", "next=/status/..x/a.b", 1, NULL, RANGE_24H, 0},
    {"next_dots_in_its_query", "next=/status/en?x=/../", 1, NULL, RANGE_24H, 0},
};

/* Reads the request of env (no body) into req. */
static int
read_env(struct request *req, const char *const *env)
{
	struct unit_env e = {env, NULL, 0};
	struct http_source src = unit_source(&e);

	return http_request_read(req, &src);
}

START_TEST(test_input_parse)
{
	const struct input_case *c = &input_cases[_i];
	struct input in;
	const char *bad = NULL;
	int rc = input_parse(c->query, &in, &bad);

	ck_assert_msg((rc == 0) == c->ok, "%s: rc %d", c->name, rc);
	if (!c->ok) {
		ck_assert_msg(bad != NULL && strcmp(bad, c->bad_key) == 0,
		              "%s: bad key %s", c->name, bad ? bad : "(none)");
		return;
	}
	ck_assert_msg(in.range == c->range, "%s: range %d", c->name, in.range);
	ck_assert_int_eq(in.include_history, c->history);
	if (strcmp(c->name, "filters_and_sort") == 0) {
		ck_assert_str_eq(in.provider, "openai");
		ck_assert_int_eq(in.status, STATUS_OUTAGE);
		ck_assert_int_eq(in.sort, SORT_LATENCY);
		ck_assert_int_eq(in.descending, 1);
	} else if (strcmp(c->name, "empty_filters_mean_all") == 0 ||
	           strcmp(c->name, "empty_query_gives_defaults") == 0) {
		ck_assert_str_eq(in.provider, "");
		ck_assert_int_eq(in.status, -1);
		ck_assert_int_eq(in.sort, SORT_PROVIDER);
		ck_assert_int_eq(in.descending, 0);
	}
}
END_TEST

START_TEST(test_url_decode)
{
	char out[32];

	ck_assert_int_eq(input_url_decode("a+b%20c%2F", 10, out), 0);
	ck_assert_str_eq(out, "a b c/");
	ck_assert_int_eq(input_url_decode("%4", 2, out), -1);
	ck_assert_int_eq(input_url_decode("%g0", 3, out), -1);
	ck_assert_int_eq(input_url_decode("%00", 3, out), -1);
}
END_TEST

START_TEST(test_request_read_cookie_and_path)
{
	const char *env[] = {"REQUEST_METHOD",
	                     "HEAD",
	                     "REQUEST_URI",
	                     "/ko/monitoring?range=1h",
	                     "HTTP_COOKIE",
	                     "a=1; lang=ko; b=2",
	                     NULL,
	                     NULL};
	struct request req;

	memset(&req, 0, sizeof(req));
	req.arena = arena_new();
	ck_assert_int_eq(read_env(&req, env), 0);
	ck_assert_int_eq(req.method, METHOD_HEAD);
	ck_assert_str_eq(req.path, "/ko/monitoring");
	ck_assert_str_eq(req.cookie_lang, "ko");
	arena_free(req.arena);
}
END_TEST

/* Every early return of the request reader leaves a whole request: the
 * steps after it (error page, access log, metrics) read every field. */
START_TEST(test_request_read_early_returns)
{
	static char long_path[HTTP_PATH_MAX + 2],
	    long_query[HTTP_QUERY_MAX + 2];
	static const struct {
		const char *name, *method, *path, *query, *length;
		int status;
	} cases[] = {
	    {"long_path", "GET", long_path, "range=1h", NULL, 414},
	    {"long_query", "GET", "/en/monitoring", long_query, NULL, 414},
	    {"long_path_post", "POST", long_path, "", "2", 414},
	    {"bad_length", "POST", "/api/v1/checks", "", "12x", 400},
	    {"negative_length", "POST", "/api/v1/checks", "", "-1", 400},
	    {"too_large", "POST", "/api/v1/checks", "", "1048577", 413},
	    {"short_body", "POST", "/api/v1/checks", "", "10", 400},
	};
	const char *c_path = cases[_i].path, *c_query = cases[_i].query;
	const char *env[] = {"REQUEST_METHOD",
	                     cases[_i].method,
	                     "DOCUMENT_URI",
	                     c_path,
	                     "QUERY_STRING",
	                     c_query,
	                     "HTTP_ACCEPT_LANGUAGE",
	                     "ko",
	                     "CONTENT_LENGTH",
	                     cases[_i].length,
	                     NULL,
	                     NULL};
	struct request req;

	memset(long_path, 'a', sizeof(long_path) - 1);
	long_path[0] = '/';
	memset(long_query, 'q', sizeof(long_query) - 1);
	if (cases[_i].length == NULL)
		env[8] = NULL;
	memset(&req, 0, sizeof(req));
	req.arena = arena_new();
	ck_assert_int_eq(read_env(&req, env), cases[_i].status);
	ck_assert_ptr_nonnull(req.method_name);
	ck_assert_ptr_nonnull(req.path);
	ck_assert_ptr_nonnull(req.query);
	ck_assert_ptr_null(req.body);
	ck_assert_str_eq(req.accept_language, "ko");
	if (cases[_i].status == 414) {
		/* A refused query is not kept; a path only cut. */
		ck_assert_uint_le(strlen(req.path), HTTP_PATH_MAX);
		ck_assert_int_eq(strncmp(req.path, c_path, strlen(req.path)),
		                 0);
		ck_assert_str_eq(req.query, "");
	} else {
		ck_assert_str_eq(req.path, c_path);
	}
	arena_free(req.arena);
}
END_TEST

START_TEST(test_header_refuses_crlf)
{
	struct response resp;

	memset(&resp, 0, sizeof(resp));
	ck_assert_int_eq(http_header(&resp, "Location", "/a\r\nSet-Cookie: x"),
	                 -1);
	ck_assert_int_eq(http_header(&resp, "X\nY", "v"), -1);
	ck_assert_int_eq(http_header(&resp, "Location", "/en/monitoring"), 0);
	ck_assert_str_eq(resp.headers.data, "Location: /en/monitoring\r\n");
	http_response_free(&resp);
}
END_TEST

static const struct time_case {
	const char *text;
	int ok;
	int64_t want;
} time_cases[] = {
    {"2026-11-28T03:48:39Z", 1, 1795837719},
    {"2026-11-28T03:48:39.250Z", 1, 1795837719},
    {"1970-01-01T00:00:00Z", 1, 0},
    /* Before 1970: refused, so every time read can be written back
     * (found by tests/fuzz/fuzz_snapshot). */
    {"0502-01-01T00:00:00Z", 0, 0},
    {"1969-12-31T23:59:59Z", 0, 0},
    {"1970-01-01T00:00:00+01:00", 0, 0},
    {"2026-02-31T00:00:00Z", 0, 0},
    {"2026-11-28 03:48:39Z", 0, 0},
    {"2026-11-28T12:48:39+09:00", 1, 1795837719},
    {"2026-11-27T22:18:39-05:30", 1, 1795837719},
    {"2026-11-28T03:48:39+00:00", 1, 1795837719},
    {"2026-11-28T03:48:39+09:0", 0, 0},
    {"2026-11-28T03:48:39+24:00", 0, 0},
    {"2026-11-28T03:48:39+09:00x", 0, 0},
    {"2026-11-28T03:48:39", 0, 0},
    {"2026-11-28T25:00:00Z", 0, 0},
    {"", 0, 0},
};

START_TEST(test_time_parse)
{
	const struct time_case *c = &time_cases[_i];
	int64_t t = -1;
	int rc = time_parse_rfc3339(c->text, &t);

	ck_assert_msg((rc == 0) == c->ok, "%s", c->text);
	if (c->ok) {
		char back[21];
		ck_assert_int_eq(t, c->want);
		time_rfc3339(t, back);
		if (strchr(c->text + 19, '+') == NULL &&
		    strchr(c->text + 19, '-') == NULL)
			ck_assert_int_eq(strncmp(back, c->text, 19), 0);
	}
}
END_TEST

START_TEST(test_parse_int64_bounds)
{
	int64_t v;

	ck_assert_int_eq(parse_int64("42", 0, 100, &v), 0);
	ck_assert_int_eq(v, 42);
	ck_assert_int_eq(parse_int64("101", 0, 100, &v), -1);
	ck_assert_int_eq(parse_int64("-1", 0, 100, &v), -1);
	ck_assert_int_eq(parse_int64("4x", 0, 100, &v), -1);
	ck_assert_int_eq(parse_int64("", 0, 100, &v), -1);
	ck_assert_int_eq(parse_int64(" 4", 0, 100, &v), -1);
	ck_assert_int_eq(parse_int64("99999999999999999999", 0, INT64_MAX, &v),
	                 -1);
}
END_TEST

Suite *
input_suite(void)
{
	Suite *s = suite_create("input");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_input_parse, 0, (int)NELEM(input_cases));
	tcase_add_test(tc, test_url_decode);
	tcase_add_test(tc, test_request_read_cookie_and_path);
	tcase_add_loop_test(tc, test_request_read_early_returns, 0, 7);
	tcase_add_test(tc, test_header_refuses_crlf);
	tcase_add_loop_test(tc, test_time_parse, 0, (int)NELEM(time_cases));
	tcase_add_test(tc, test_parse_int64_bounds);
	suite_add_tcase(s, tc);
	return s;
}
