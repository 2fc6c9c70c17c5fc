/* test_http.c: the request reader and the response: early returns, body limits, header values, whole answers, ETag, 304 and HEAD. */
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "unit.h"

/* Reads the request of env (no body) into req. */
static int
read_env(struct request *req, const char *const *env)
{
	struct unit_env e = {env, NULL, 0};
	struct http_source src = unit_source(&e);

	return http_request_read(req, &src);
}

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

static char long_path[HTTP_PATH_MAX + 2], long_query[HTTP_QUERY_MAX + 2];

/* Every early return of the request reader leaves a whole request: the
 * steps after it (error page, access log, metrics) read every field. */
static const struct early_case {
	const char *name, *method, *path, *query, *length;
	int status;
} early_cases[] = {
    {"long_path", "GET", long_path, "range=1h", NULL, 414},
    {"long_query", "GET", "/en/monitoring", long_query, NULL, 414},
    {"long_path_post", "POST", long_path, "", "2", 414},
    {"bad_length", "POST", "/api/v1/checks", "", "12x", 400},
    {"negative_length", "POST", "/api/v1/checks", "", "-1", 400},
    {"too_large", "POST", "/api/v1/checks", "", "1048577", 413},
    {"short_body", "POST", "/api/v1/checks", "", "10", 400},
};

START_TEST(test_request_read_early_returns)
{
	const struct early_case *c = &early_cases[_i];
	const char *c_path = c->path, *c_query = c->query;
	const char *env[] = {"REQUEST_METHOD",
	                     c->method,
	                     "DOCUMENT_URI",
	                     c_path,
	                     "QUERY_STRING",
	                     c_query,
	                     "HTTP_ACCEPT_LANGUAGE",
	                     "ko",
	                     "CONTENT_LENGTH",
	                     c->length,
	                     NULL,
	                     NULL};
	struct request req;

	memset(long_path, 'a', sizeof(long_path) - 1);
	long_path[0] = '/';
	memset(long_query, 'q', sizeof(long_query) - 1);
	if (c->length == NULL)
		env[8] = NULL;
	memset(&req, 0, sizeof(req));
	req.arena = arena_new();
	ck_assert_int_eq(read_env(&req, env), c->status);
	ck_assert_ptr_nonnull(req.method_name);
	ck_assert_ptr_nonnull(req.path);
	ck_assert_ptr_nonnull(req.query);
	ck_assert_ptr_null(req.body);
	ck_assert_str_eq(req.accept_language, "ko");
	if (c->status == 414) {
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

/* Header values reject CR and LF: the refused ones add nothing. */
START_TEST(test_header_refuses_crlf)
{
	static const struct {
		const char *name, *value;
		int rc;
	} cases[] = {
	    {"Location", "/a\r\nSet-Cookie: x", -1},
	    {"X\nY", "v", -1},
	    {"Location", "/en/monitoring", 0},
	};
	struct response resp;

	memset(&resp, 0, sizeof(resp));
	for (size_t i = 0; i < NELEM(cases); i++)
		ck_assert_int_eq(
		    http_header(&resp, cases[i].name, cases[i].value),
		    cases[i].rc);
	ck_assert_str_eq(resp.headers.data, "Location: /en/monitoring\r\n");
	http_response_free(&resp);
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

Suite *
http_suite(void)
{
	Suite *s = suite_create("http");
	TCase *core = tcase_create("core");
	TCase *tc = unit_app_tcase();

	tcase_add_test(tc, test_request_body_limits);
	tcase_add_test(tc, test_hostile_requests_answer_whole_and_small);
	tcase_add_test(tc, test_etag_gives_304_and_head_has_no_body);
	tcase_add_test(core, test_request_read_cookie_and_path);
	tcase_add_loop_test(core, test_request_read_early_returns, 0,
	                    (int)NELEM(early_cases));
	tcase_add_test(core, test_header_refuses_crlf);
	suite_add_tcase(s, core);
	suite_add_tcase(s, tc);
	return s;
}
