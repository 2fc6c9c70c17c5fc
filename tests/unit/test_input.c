/* test_input.c: query validation and URL decoding, as tables of good and bad inputs. */
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
    {"page_2", "page=2", 1, NULL, RANGE_24H, 0},
    {"page_highest", "page=10000", 1, NULL, RANGE_24H, 0},
    {"page_zero", "page=0", 0, "page", RANGE_24H, 0},
    {"page_past_highest", "page=10001", 0, "page", RANGE_24H, 0},
    {"page_negative", "page=-1", 0, "page", RANGE_24H, 0},
    {"page_not_a_number", "page=2x", 0, "page", RANGE_24H, 0},
    {"page_empty", "page=", 0, "page", RANGE_24H, 0},
};

START_TEST(test_input_parse)
{
	const struct input_case *c = &input_cases[_i];
	struct input in;
	const char *bad = NULL;
	int rc = input_parse(c->query, INPUT_ALL_KEYS, &in, &bad);

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
		ck_assert_int_eq(in.page, 1);
	} else if (strcmp(c->name, "page_2") == 0) {
		ck_assert_int_eq(in.page, 2);
	}
}
END_TEST

/* The page key as links repeat it, and what a 400 says it accepts. */
START_TEST(test_input_page_in_links)
{
	struct arena *a = arena_new();
	struct input in;
	const char *bad = NULL;

	ck_assert_int_eq(input_parse("page=3&sort=model&range=7d",
	                             INPUT_ALL_KEYS, &in, &bad),
	                 0);
	ck_assert_str_eq(input_query(&in, a), "?range=7d&sort=model&page=3");
	ck_assert_str_eq(input_accepted("page", a), "1 to 10000");
	arena_free(a);
}
END_TEST

static const struct decode_case {
	const char *in;
	size_t n;
	int rc;
	const char *want; /* when rc is 0 */
} decode_cases[] = {
    {"a+b%20c%2F", 10, 0, "a b c/"},
    {"%4", 2, -1, NULL},
    {"%g0", 3, -1, NULL},
    {"%00", 3, -1, NULL},
};

START_TEST(test_url_decode)
{
	const struct decode_case *c = &decode_cases[_i];
	char out[32];

	ck_assert_int_eq(input_url_decode(c->in, c->n, out), c->rc);
	if (c->rc == 0)
		ck_assert_str_eq(out, c->want);
}
END_TEST

Suite *
input_suite(void)
{
	Suite *s = suite_create("input");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_input_parse, 0, (int)NELEM(input_cases));
	tcase_add_loop_test(tc, test_url_decode, 0, (int)NELEM(decode_cases));
	tcase_add_test(tc, test_input_page_in_links);
	suite_add_tcase(s, tc);
	return s;
}
