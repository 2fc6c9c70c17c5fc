/* test_serve.c: what the log says of the request a worker died serving: method and path only, bounded and printable. */
#include <string.h>

#include "arena.h"
#include "serve.h"
#include "unit.h"

#define A10 "aaaaaaaaaa"
#define A100 A10 A10 A10 A10 A10 A10 A10 A10 A10 A10

static const struct describe_case {
	const char *name;
	const char *method;
	const char *path;
	size_t outlen;
	const char *want;
} describe_cases[] = {
    {"method_and_path", "GET", "/en/monitoring", SERVE_WHAT_MAX,
     "GET /en/monitoring"},
    {"query_never_shown", "GET", "/api/v1/models?token=s3cret", SERVE_WHAT_MAX,
     "GET /api/v1/models"},
    {"unprintable_bytes_as_question_marks", "POST", "/x\001\x7f\xc3\xa9y",
     SERVE_WHAT_MAX, "POST /x????y"},
    {"path_of_120_bytes_whole", "GET", "/" A100 "aaaaaaaaaaaaaaaaaaa",
     SERVE_WHAT_MAX, "GET /" A100 "aaaaaaaaaaaaaaaaaaa"},
    {"longer_path_cut_at_120_bytes", "GET", "/" A100 A100, SERVE_WHAT_MAX,
     "GET /" A100 "aaaaaaaaaaaaaaaaaaa..."},
    {"long_method_cut", "AAAAAAAAAAAAAAAAAAAAAAAA", "/", SERVE_WHAT_MAX,
     "AAAAAAAAAAAAAAAA /"},
    {"method_stops_at_a_space", "GET /evil", "/", SERVE_WHAT_MAX, "GET /"},
    {"missing_values_as_dashes", NULL, NULL, SERVE_WHAT_MAX, "- -"},
    {"small_buffer_still_terminated", "GET", "/abcdef", 6, "GET /"},
    {"one_byte_buffer_empty", "GET", "/", 1, ""},
};

START_TEST(test_serve_describe)
{
	const struct describe_case *c = &describe_cases[_i];
	char out[SERVE_WHAT_MAX + 8];

	memset(out, 'X', sizeof(out));
	serve_describe(c->method, c->path, out, c->outlen);
	ck_assert_msg(strcmp(out, c->want) == 0, "%s: got \"%s\", want \"%s\"",
	              c->name, out, c->want);
	ck_assert_msg(strlen(out) < c->outlen, "%s: overflow", c->name);
}
END_TEST

Suite *
serve_suite(void)
{
	Suite *s = suite_create("serve");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_serve_describe, 0,
	                    (int)NELEM(describe_cases));
	suite_add_tcase(s, tc);
	return s;
}
