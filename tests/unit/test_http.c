/* test_http.c: the request reader and the response: early returns, body limits, header values, whole answers, ETag, 304 and HEAD. */
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>

#include "arena.h"
#include "encoding.h"
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

/* Accept-Encoding headers and the coding answered: q-values (0 refuses),
 * "*", identity's own weight, case, spaces, and hostile or broken headers
 * (a broken element counts as not sent). */
static const struct coding_case {
	const char *header; /* NULL: no header */
	enum coding want;
} coding_cases[] = {
    {NULL, CODING_IDENTITY},
    {"", CODING_IDENTITY},
    {"gzip", CODING_GZIP},
    {"gzip, deflate, br", CODING_GZIP},
    {"br;q=1.0, gzip;q=0.8, *;q=0.1", CODING_GZIP},
    {"GZIP", CODING_GZIP},
    {"x-gzip", CODING_GZIP},
    {"identity", CODING_IDENTITY},
    {"*", CODING_GZIP},
    {"*;q=0", CODING_IDENTITY},
    {"gzip;q=0", CODING_IDENTITY},
    {"gzip;q=0.000", CODING_IDENTITY},
    {"gzip;q=0.001", CODING_GZIP},
    {"gzip;q=0, *", CODING_IDENTITY},
    {"gzip;q=0.5, identity", CODING_IDENTITY},
    {"gzip;q=0.5, identity;q=0.5", CODING_GZIP},
    {"gzip;q=0.5, identity;q=0", CODING_GZIP},
    {"deflate, br", CODING_IDENTITY},
    {"*;q=0.3, identity;q=0.2", CODING_GZIP},
    {"gzip ; q=1", CODING_GZIP},
    {" ,, gzip ,", CODING_GZIP},
    {"gzip;q=1.5", CODING_IDENTITY},
    {"gzip;q=2", CODING_IDENTITY},
    {"gzip;q=-1", CODING_IDENTITY},
    {"gzip;q=", CODING_IDENTITY},
    {"gzip;level=9", CODING_IDENTITY},
    {"gzip;q=0.5;q=1", CODING_IDENTITY},
    {"gzipx", CODING_IDENTITY},
    {"gz ip", CODING_IDENTITY},
    {"\"gzip\"", CODING_IDENTITY},
    {"gzip;q=0.5x, identity;q=0.1", CODING_IDENTITY},
    {"br;q=bad, gzip", CODING_GZIP},
    {"identity;q=0, gzip;q=0", CODING_IDENTITY},
    {"\x01\x02gzip", CODING_IDENTITY},
    {";;;;,,,,====", CODING_IDENTITY},
};

START_TEST(test_coding_negotiate)
{
	const struct coding_case *c = &coding_cases[_i];

	ck_assert_msg(coding_negotiate(c->header) == c->want, "\"%s\": want %s",
	              c->header ? c->header : "(none)",
	              c->want == CODING_GZIP ? "gzip" : "identity");
}
END_TEST

/* Inflates gzip data into out (NUL-terminated); 0 when it is one whole
 * gzip member. */
static int
gunzip(const char *data, size_t len, struct buf *out)
{
	z_stream z;
	char chunk[16384];
	int rc;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 16 + 15) != Z_OK)
		return -1;
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	do {
		z.next_out = (Bytef *)chunk;
		z.avail_out = sizeof(chunk);
		rc = inflate(&z, Z_NO_FLUSH);
		buf_append(out, chunk, sizeof(chunk) - z.avail_out);
	} while (rc == Z_OK);
	inflateEnd(&z);
	buf_append(out, "", 0);
	return rc == Z_STREAM_END && z.avail_in == 0 ? 0 : -1;
}

/* For the page, the JSON and a model page, first answered afresh and then
 * from the kept answer: a client that takes gzip gets the same bytes
 * gzip-encoded, with Content-Encoding, Vary and an ETag of its own; each
 * ETag gives 304 for its own coding only; HEAD has no body and the
 * Content-Length of its coding; a small answer is never encoded. */
START_TEST(test_gzip_is_the_same_answer)
{
	static const char *const paths[] = {"/en/monitoring", "/api/v1/models",
	                                    "/api/v1/realtime-stats",
	                                    "/ko/models/gpt-4o"};
	const char *gz[] = {"HTTP_ACCEPT_ENCODING", "gzip, deflate, br", NULL,
	                    NULL};

	for (size_t i = 0; i < NELEM(paths); i++)
		for (int round = 0; round < 2; round++) {
			struct unit_reply id, z, head, nm;
			struct buf plain = {0};
			char e_id[64], e_gz[64], v[64], len[32];
			const char *inm_gz[] = {"HTTP_IF_NONE_MATCH",
			                        e_gz,
			                        "HTTP_ACCEPT_ENCODING",
			                        "gzip",
			                        NULL,
			                        NULL};
			const char *inm_id[] = {"HTTP_IF_NONE_MATCH",
			                        e_id,
			                        "HTTP_ACCEPT_ENCODING",
			                        "gzip",
			                        NULL,
			                        NULL};

			unit_request(&id, "GET", paths[i], "", NULL);
			unit_request(&z, "GET", paths[i], "", gz);
			ck_assert_int_eq(id.status, 200);
			ck_assert_int_eq(z.status, 200);
			ck_assert_ptr_null(
			    unit_header(&id, "Content-Encoding", v, sizeof(v)));
			if (id.body_len < GZIP_MIN_BYTES) {
				/* realtime-stats is small: never encoded. */
				ck_assert_ptr_null(unit_header(
				    &z, "Content-Encoding", v, sizeof(v)));
				ck_assert_ptr_null(
				    unit_header(&z, "Vary", v, sizeof(v)));
				buf_free(&id.raw);
				buf_free(&z.raw);
				continue;
			}
			ck_assert_str_eq(
			    unit_header(&z, "Content-Encoding", v, sizeof(v)),
			    "gzip");
			ck_assert_str_eq(unit_header(&z, "Vary", v, sizeof(v)),
			                 "Accept-Encoding");
			ck_assert_str_eq(unit_header(&id, "Vary", v, sizeof(v)),
			                 "Accept-Encoding");
			unit_header(&z, "Content-Length", len, sizeof(len));
			ck_assert_int_eq(atol(len), (long)z.body_len);
			ck_assert_int_lt(z.body_len, id.body_len);
			ck_assert_int_eq(gunzip(z.body, z.body_len, &plain), 0);
			ck_assert_uint_eq(plain.len, id.body_len);
			ck_assert(memcmp(plain.data, id.body, id.body_len) ==
			          0);
			unit_header(&id, "ETag", e_id, sizeof(e_id));
			unit_header(&z, "ETag", e_gz, sizeof(e_gz));
			ck_assert_str_ne(e_id, e_gz);
			/* HEAD: the gzip answer's length, no body. */
			unit_request(&head, "HEAD", paths[i], "", gz);
			ck_assert_int_eq(head.body_len, 0);
			ck_assert_str_eq(
			    unit_header(&head, "Content-Length", v, sizeof(v)),
			    len);
			/* 304 for the coding's own ETag, 200 for the other's. */
			unit_request(&nm, "GET", paths[i], "", inm_gz);
			ck_assert_int_eq(nm.status, 304);
			ck_assert_int_eq(nm.body_len, 0);
			buf_free(&nm.raw);
			unit_request(&nm, "GET", paths[i], "", inm_id);
			ck_assert_int_eq(nm.status, 200);
			ck_assert_uint_eq(nm.body_len, z.body_len);
			buf_free(&nm.raw);
			buf_free(&plain);
			buf_free(&head.raw);
			buf_free(&id.raw);
			buf_free(&z.raw);
		}
}
END_TEST

/* An error page is encoded like any answer, and stays an error. */
START_TEST(test_gzip_error_answers)
{
	const char *gz[] = {"HTTP_ACCEPT_ENCODING", "gzip", NULL, NULL};
	struct unit_reply id, z;
	struct buf plain = {0};
	char v[64];

	unit_request(&id, "GET", "/en/no-such-page", "", NULL);
	unit_request(&z, "GET", "/en/no-such-page", "", gz);
	ck_assert_int_eq(id.status, 404);
	ck_assert_int_eq(z.status, 404);
	ck_assert_uint_ge(id.body_len, GZIP_MIN_BYTES);
	ck_assert_str_eq(unit_header(&z, "Content-Encoding", v, sizeof(v)),
	                 "gzip");
	ck_assert_int_eq(gunzip(z.body, z.body_len, &plain), 0);
	ck_assert_str_eq(plain.data, id.body);
	buf_free(&plain);
	buf_free(&id.raw);
	buf_free(&z.raw);
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
	tcase_add_test(tc, test_gzip_is_the_same_answer);
	tcase_add_test(tc, test_gzip_error_answers);
	tcase_add_loop_test(core, test_coding_negotiate, 0,
	                    (int)NELEM(coding_cases));
	tcase_add_test(core, test_request_read_cookie_and_path);
	tcase_add_loop_test(core, test_request_read_early_returns, 0,
	                    (int)NELEM(early_cases));
	tcase_add_test(core, test_header_refuses_crlf);
	suite_add_tcase(s, core);
	suite_add_tcase(s, tc);
	return s;
}
