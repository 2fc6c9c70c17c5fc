/* test_router.c: the dispatcher and the one error path, through app_handle: 404, 405 and 400 as translated pages or JSON errors, never cached. */
#include <stdio.h>
#include <string.h>

#include "input.h"
#include "router.h"
#include "unit.h"

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

/* A path route pattern matches: {lang} en, {slug} gpt-4o, {id} 1. */
static void
path_of(const char *pattern, char *out, size_t n)
{
	size_t o = 0;

	while (*pattern != '\0' && o + 8 < n) {
		const char *fill = strncmp(pattern, "{lang}", 6) == 0 ? "en"
		                   : strncmp(pattern, "{slug}", 6) == 0
		                       ? "gpt-4o"
		                   : strncmp(pattern, "{id}", 4) == 0 ? "1"
		                                                      : NULL;

		if (fill == NULL) {
			out[o++] = *pattern++;
			continue;
		}
		o += (size_t)snprintf(out + o, n - o, "%s", fill);
		pattern = strchr(pattern, '}') + 1;
	}
	out[o] = '\0';
}

/* Every route reads only its own query keys: a bad value (a broken
 * escape) of a key it reads is a 400 naming the key; of any other key,
 * it is ignored as an unknown key is (no 400). Routes GET reaches. */
START_TEST(test_only_keys_read_are_checked)
{
	const char *pattern = router_pattern(_i);
	char path[256], query[64], want[80];

	/* A pattern's second entry (POST beside GET) is the first's. */
	for (int j = 0; j < _i; j++)
		if (strcmp(router_pattern(j), pattern) == 0)
			return;
	path_of(pattern, path, sizeof(path));
	for (int k = 0; k < KEY__MAX; k++) {
		struct unit_reply r;
		int reads = (router_keys(_i) >> k) & 1;

		snprintf(query, sizeof(query), "%s=%%ZZ", input_key_names[k]);
		unit_request(&r, "GET", path, query, NULL);
		if (r.status == 405) { /* a POST or PATCH route */
			buf_free(&r.raw);
			return;
		}
		if (reads) {
			ck_assert_msg(r.status == 400, "%s?%s: %d", path, query,
			              r.status);
			snprintf(want, sizeof(want), "%s", input_key_names[k]);
			ck_assert_msg(strstr(r.body, want) != NULL, "%s?%s: %s",
			              path, query, r.body);
		} else {
			ck_assert_msg(r.status != 400, "%s?%s: 400", path,
			              query);
		}
		buf_free(&r.raw);
	}
}
END_TEST

static int
route_count(void)
{
	int n = 0;

	while (router_pattern(n) != NULL)
		n++;
	return n;
}

Suite *
router_suite(void)
{
	Suite *s = suite_create("router");
	TCase *tc = unit_app_tcase();

	tcase_add_test(tc, test_errors_after_data_are_not_cached);
	tcase_add_loop_test(tc, test_errors, 0, (int)NELEM(error_cases));
	tcase_add_loop_test(tc, test_only_keys_read_are_checked, 0,
	                    route_count());
	suite_add_tcase(s, tc);
	return s;
}
