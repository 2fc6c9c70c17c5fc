/* test_util.c: the utilities, as tables of cases: RFC 3339 parsing and formatting, bounded integer parsing, UTF-8 validation, and percentages as shown. */
#include <string.h>

#include "unit.h"
#include "arena.h"
#include "escape.h"
#include "numfmt.h"
#include "timefmt.h"

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

static const struct int64_case {
	const char *s;
	int64_t max; /* the minimum is 0 */
	int rc;
	int64_t want; /* when rc is 0 */
} int64_cases[] = {
    {"42", 100, 0, 42},
    {"101", 100, -1, 0},
    {"-1", 100, -1, 0},
    {"4x", 100, -1, 0},
    {"", 100, -1, 0},
    {" 4", 100, -1, 0},
    {"99999999999999999999", INT64_MAX, -1, 0},
};

START_TEST(test_parse_int64_bounds)
{
	const struct int64_case *c = &int64_cases[_i];
	int64_t v;

	ck_assert_int_eq(parse_int64(c->s, 0, c->max, &v), c->rc);
	if (c->rc == 0)
		ck_assert_int_eq(v, c->want);
}
END_TEST

static const struct utf8_case {
	const char *s;
	int ok;
} utf8_cases[] = {
    {"plain", 1},
    {"\xed\x95\x9c\xea\xb5\xad", 1}, /* 한국 */
    {"\xf0\x9f\x98\x80", 1},         /* U+1F600 */
    {"\xc3\x28", 0},                 /* bad continuation */
    {"\xc0\xaf", 0},                 /* overlong '/' */
    {"\xe0\x80\xaf", 0},             /* overlong '/' */
    {"\xed\xa0\x80", 0},             /* surrogate */
    {"\xf4\x90\x80\x80", 0},         /* past U+10FFFF */
    {"\xe2\x82", 0},                 /* cut short */
    {"\xff", 0},
};

START_TEST(test_utf8_valid)
{
	const struct utf8_case *c = &utf8_cases[_i];

	ck_assert_int_eq(utf8_valid(c->s, strlen(c->s)), c->ok);
}
END_TEST

/* DESIGN 3, shown percentages: rounded, but never 100 below 100, never 0
 * above 0; the JSON shows two decimals, the page one. */
static const struct shown_case {
	double v;
	int decimals;
	double want;
} shown_cases[] = {
    {100, 1, 100},
    {0, 2, 0},
    {99.94, 1, 99.9},
    {99.95, 1, 99.9},
    {99.999, 2, 99.99},
    {21599 * 100.0 / 21600, 2, 99.99},
    {2879 * 100.0 / 2880, 2, 99.97},
    {0.001, 2, 0.01},
    {0.004, 2, 0.01},
    {0.006, 2, 0.01},
    {0.05, 1, 0.1},
    {0.049, 1, 0.1},
    {0.16, 1, 0.2},
    {42.424, 2, 42.42},
};

START_TEST(test_percent_shown)
{
	const struct shown_case *c = &shown_cases[_i];
	double got = percent_shown(c->v, c->decimals);

	ck_assert_msg(got > c->want - 1e-9 && got < c->want + 1e-9,
	              "%g with %d decimals: %g, want %g", c->v, c->decimals,
	              got, c->want);
}
END_TEST

Suite *
util_suite(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_time_parse, 0, (int)NELEM(time_cases));
	tcase_add_loop_test(tc, test_parse_int64_bounds, 0,
	                    (int)NELEM(int64_cases));
	tcase_add_loop_test(tc, test_utf8_valid, 0, (int)NELEM(utf8_cases));
	tcase_add_loop_test(tc, test_percent_shown, 0, (int)NELEM(shown_cases));
	suite_add_tcase(s, tc);
	return s;
}
