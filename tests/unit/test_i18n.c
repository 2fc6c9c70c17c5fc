/* test_i18n.c: locale negotiation, formatting, placeholder filling, template translation and check-locales. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "i18n.h"
#include "i18n_check.h"
#include "numfmt.h"
#include "templates.h"
#include "unit.h"

static struct i18n *t;

static void
load_real(void)
{
	char dir[1024], err[256];

	snprintf(dir, sizeof(dir), "%s/locales", unit_root());
	t = i18n_load(dir, "en", err, sizeof(err));
	ck_assert_msg(t != NULL, "%s", err);
}

static void
unload(void)
{
	i18n_free(t);
	t = NULL;
}

static char oversized[8192];

static const struct neg_case {
	const char *name;
	const char *cookie;
	const char *header;
	const char *want;
} neg_cases[] = {
    {"nothing_gives_default", NULL, NULL, "en"},
    {"korean_with_region_and_q", NULL, "ko-KR,ko;q=0.9,en;q=0.8", "ko"},
    {"higher_q_wins_over_order", NULL, "en;q=0.5, ko;q=0.6", "ko"},
    {"first_of_equal_q_wins", NULL, "ko, en", "ko"},
    {"unsupported_skipped", NULL, "fr-FR, fr;q=0.9, ko;q=0.1", "ko"},
    {"only_unsupported_gives_default", NULL, "fr, de;q=0.5", "en"},
    {"star_gives_default", NULL, "*", "en"},
    {"q_zero_means_not_acceptable", NULL, "ko;q=0", "en"},
    {"malformed_q_ignored", NULL, "ko;q=abc, en;q=0.1", "en"},
    {"q_above_one_ignored", NULL, "ko;q=1.5", "en"},
    {"uppercase_tag_matches", NULL, "KO-kr", "ko"},
    {"traditional_chinese_region_is_zh", NULL, "zh-TW,zh;q=0.9", "zh"},
    {"traditional_chinese_script_is_zh", NULL, "zh-Hant", "zh"},
    {"latin_american_spanish_is_es", NULL, "es-419, en;q=0.3", "es"},
    {"japanese_with_region", NULL, "ja-JP", "ja"},
    {"junk_header_gives_default", NULL, ";;;,,,==\x01\xff", "en"},
    {"cookie_beats_header", "ko", "en", "ko"},
    {"unknown_cookie_ignored", "xx", "ko", "ko"},
    {"hostile_cookie_ignored", "../../etc", NULL, "en"},
    {"empty_cookie_ignored", "", "ko", "ko"},
};

START_TEST(test_negotiate)
{
	const struct neg_case *c = &neg_cases[_i];
	const struct locale *loc = i18n_negotiate(t, c->cookie, c->header);

	ck_assert_msg(strcmp(loc->code, c->want) == 0, "%s: got %s", c->name,
	              loc->code);
}
END_TEST

START_TEST(test_negotiate_oversized_header_is_safe)
{
	/* 8 KiB of one tag, then a supported one past the read limit. */
	memset(oversized, 'a', sizeof(oversized) - 8);
	memcpy(oversized + sizeof(oversized) - 8, ",ko", 4);
	ck_assert_str_eq(i18n_negotiate(t, NULL, oversized)->code, "en");
	for (size_t i = 0; i + 3 < sizeof(oversized) - 4; i += 3)
		memcpy(oversized + i, "x,,", 3);
	ck_assert_str_eq(i18n_negotiate(t, NULL, oversized)->code, "en");
}
END_TEST

static const struct fmt_case {
	const char *lang;
	int64_t v;
	const char *want;
} int_cases[] = {
    {"en", 0, "0"},
    {"en", 999, "999"},
    {"en", 1000, "1,000"},
    {"en", 1234567, "1,234,567"},
    {"en", -1234, "-1,234"},
    {"ko", 239961, "239,961"},
    {"ja", 1234567, "1,234,567"},
    {"zh", 1234, "1,234"},
    {"es", 1234567, "1.234.567"},
    {"es", 999, "999"},
};

START_TEST(test_fmt_int)
{
	const struct fmt_case *c = &int_cases[_i];
	struct arena *a = arena_new();

	ck_assert_str_eq(i18n_fmt_int(a, i18n_find(t, c->lang), c->v), c->want);
	arena_free(a);
}
END_TEST

static const struct pct_case {
	const char *lang;
	double v;
	const char *want;
} pct_cases[] = {
    {"en", 98.74, "98.7%"},
    {"en", 100.0, "100.0%"},
    {"en", 0.0, "0.0%"},
    {"es", 98.74, "98,7 %"},
    {"ja", 50.0, "50.0%"},
    {"zh", 0.05, "0.1%"},
    /* An outage never shows as 100 %, one success never as 0 % (issue
     * 13): one outage in 2,880 checks, one success in 2,880. */
    {"ko", 99.96, "99.9%"},
    {"en", 2879 * 100.0 / 2880, "99.9%"},
    {"es", 100.0 / 2880, "0,1 %"},
};

START_TEST(test_fmt_percent)
{
	const struct pct_case *c = &pct_cases[_i];
	struct arena *a = arena_new();

	ck_assert_str_eq(i18n_fmt_percent(a, i18n_find(t, c->lang), c->v),
	                 c->want);
	arena_free(a);
}
END_TEST

static const struct fmt_case rel_cases[] = {
    {"en", -30, "just now"},     {"en", 0, "just now"},
    {"en", 59, "just now"},      {"en", 60, "1 minute ago"},
    {"en", 119, "1 minute ago"}, {"en", 120, "2 minutes ago"},
    {"en", 3600, "1 hour ago"},  {"en", 7200 + 59, "2 hours ago"},
    {"en", 86400, "1 day ago"},  {"en", 86400 * 3, "3 days ago"},
    {"ko", 0, "방금 전"},        {"ko", 60, "1분 전"},
    {"ko", 180, "3분 전"},       {"ko", 3600 * 5, "5시간 전"},
    {"ko", 86400 * 2, "2일 전"}, {"ja", 180, "3分前"},
    {"ja", 3600, "1時間前"},     {"zh", 180, "3 分钟前"},
    {"zh", 86400 * 2, "2 天前"}, {"es", 0, "justo ahora"},
    {"es", 60, "hace 1 minuto"}, {"es", 180, "hace 3 minutos"},
    {"es", 3600, "hace 1 hora"}, {"es", 86400 * 5, "hace 5 días"},
};

START_TEST(test_fmt_relative)
{
	const struct fmt_case *c = &rel_cases[_i];
	struct arena *a = arena_new();

	ck_assert_str_eq(i18n_fmt_relative(a, i18n_find(t, c->lang), c->v),
	                 c->want);
	arena_free(a);
}
END_TEST

/* 2026-11-28T03:48:39Z in each language, and in the display time zone,
 * with its name. */
static const struct datetime_case {
	const char *lang, *tz, *want;
} datetime_cases[] = {
    {"en", "UTC", "2026-11-28 03:48 UTC"},
    {"ko", "UTC", "2026년 11월 28일 03:48 UTC"},
    {"es", "UTC", "28/11/2026 03:48 UTC"},
    {"ja", "Asia/Seoul", "2026年11月28日 12:48 KST"},
};

START_TEST(test_fmt_datetime)
{
	const struct datetime_case *c = &datetime_cases[_i];
	struct arena *a = arena_new();

	setenv("TZ", c->tz, 1);
	tzset();
	ck_assert_str_eq(
	    i18n_fmt_datetime(a, i18n_find(t, c->lang), 1795837719), c->want);
	setenv("TZ", "UTC", 1);
	tzset();
	arena_free(a);
}
END_TEST

static const struct fill_case {
	const char *text;
	size_t n; /* of the names and values below */
	const char *want;
} fill_cases[] = {
    {"{active}/{total}", 2, "103/{total}"},
    /* A repeated placeholder is filled each time. */
    {"{active} and {active}", 1, "103 and 103"},
    /* A placeholder without a value stays visible, never half-filled. */
    {"{missing} of {active}", 1, "{missing} of 103"},
    /* An unclosed brace is text. */
    {"50{ %", 1, "50{ %"},
};

START_TEST(test_fill_placeholders)
{
	const struct fill_case *c = &fill_cases[_i];
	struct arena *a = arena_new();
	const char *names[] = {"active", "total"};
	const char *values[] = {"103", "{total}"};

	ck_assert_str_eq(i18n_fill(a, c->text, names, values, c->n), c->want);
	arena_free(a);
}
END_TEST

static const struct plural_case {
	const char *lang;
	int n, one;
} plural_cases[] = {
    {"en", 1, 1}, {"en", 0, 0}, {"en", 2, 0}, {"es", 1, 1},
    {"ko", 1, 0}, {"ja", 1, 0}, {"zh", 1, 0},
};

START_TEST(test_plural_rules)
{
	const struct plural_case *c = &plural_cases[_i];

	ck_assert((i18n_plural_is_one(c->lang, c->n) != 0) == c->one);
}
END_TEST

START_TEST(test_every_code_text_is_resolved)
{
	for (size_t i = 0; i < t->n; i++)
		for (int m = 0; m < MSG__MAX; m++)
			ck_assert_msg(t->locales[i].msg[m][0] != '\0',
			              "%s: %s is empty", t->locales[i].code,
			              i18n_msg_keys[m]);
}
END_TEST

/* The "missing" fixture: ko lacks page.title, ja.json is not JSON. */
static struct i18n *
load_fixture(const char *which)
{
	char dir[1024], err[256];
	struct i18n *f;

	snprintf(dir, sizeof(dir), "%s/tests/unit/fixtures/%s/locales",
	         unit_root(), which);
	f = i18n_load(dir, "en", err, sizeof(err));
	ck_assert_msg(f != NULL, "%s", err);
	return f;
}

START_TEST(test_missing_key_falls_back_to_default_never_the_key)
{
	struct i18n *f = load_fixture("missing");
	const struct locale *ko = i18n_find(f, "ko");
	long before = f->missing; /* the fixture lacks the code's texts */

	ck_assert_ptr_nonnull(ko);
	ck_assert_str_eq(i18n_lookup(f, ko, "page.greeting"), "안녕 {name}");
	ck_assert_int_eq(f->missing, before);
	ck_assert_str_eq(i18n_lookup(f, ko, "page.title"), "Hello");
	ck_assert_int_eq(f->missing, before + 1);
	ck_assert_ptr_null(i18n_lookup(f, ko, "page.nowhere"));
	ck_assert_int_eq(f->missing, before + 2);
	i18n_free(f);
}
END_TEST

START_TEST(test_invalid_catalog_is_skipped_others_served)
{
	struct i18n *f = load_fixture("missing");

	ck_assert_ptr_null(i18n_find(f, "ja"));
	ck_assert_ptr_nonnull(i18n_find(f, "en"));
	ck_assert_ptr_nonnull(i18n_find(f, "ko"));
	i18n_free(f);
}
END_TEST

START_TEST(test_translate_template)
{
	struct i18n *f = load_fixture("missing");
	struct buf out = {0};
	int unknown = i18n_translate_template(
	    f, i18n_find(f, "ko"),
	    "<h1>{{T_page_title}}</h1><p>{{T_page_greeting}}</p>"
	    "{{T_page_nowhere}}{{NOT_A_T}}{{T_}}",
	    &out);

	/* Fallback text, braces escaped so no template marker can form,
	 * the unknown key empty, other markers untouched. */
	ck_assert_int_eq(unknown, 1);
	ck_assert_str_eq(out.data, "<h1>Hello</h1><p>안녕 &#123;name&#125;</p>"
	                           "{{NOT_A_T}}{{T_}}");
	buf_free(&out);
	i18n_free(f);
}
END_TEST

START_TEST(test_translate_template_escapes_html)
{
	char dir[1024], err[256], path[1100];
	struct i18n *f;
	struct buf out = {0};
	FILE *fp;

	snprintf(dir, sizeof(dir), "%s/tests/out/unit-hostile", unit_root());
	snprintf(path, sizeof(path), "mkdir -p %s", dir);
	ck_assert_int_eq(system(path), 0);
	snprintf(path, sizeof(path), "%s/en.json", dir);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs("{\"x\": {\"y\": \"<script>alert('x')</script> & \\\"q\\\"\"}}",
	      fp);
	fclose(fp);
	f = i18n_load(dir, "en", err, sizeof(err));
	ck_assert_msg(f != NULL, "%s", err);
	i18n_translate_template(f, i18n_default(f), "<p title=\"{{T_x_y}}\">",
	                        &out);
	ck_assert_str_eq(out.data, "<p title=\"&lt;script&gt;alert(&#39;x&#39;)"
	                           "&lt;/script&gt; &amp; &quot;q&quot;\">");
	buf_free(&out);
	i18n_free(f);
}
END_TEST

/* Runs check-locales over a fixture; returns its report. */
static char *
check_fixture(const char *which, int *problems)
{
	char loc[1024], tpl[1024];
	char *report = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&report, &len);

	snprintf(loc, sizeof(loc), "%s/tests/unit/fixtures/%s/locales",
	         unit_root(), which);
	snprintf(tpl, sizeof(tpl), "%s/tests/unit/fixtures/%s/templates",
	         unit_root(), which);
	*problems = i18n_check(loc, tpl, "en", 0, fp);
	fclose(fp);
	return report;
}

/* Fails, showing report, unless it holds each of the n lines. */
static void
assert_report_has(const char *report, const char *const *lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(strstr(report, lines[i]) != NULL, "%s", report);
}

START_TEST(test_check_locales_names_each_problem)
{
	int problems;
	char *r = check_fixture("bad", &problems);

	static const char *const lines[] = {
	    "ko.json: page.title: empty",
	    "ko.json: page.greeting: placeholders {nmae} differ from "
	    "en.json's {name}",
	    "ko.json: page.extra: not in the default catalog en.json",
	};

	ck_assert_int_eq(problems, 3);
	assert_report_has(r, lines, NELEM(lines));
	free(r);
}
END_TEST

START_TEST(test_check_locales_names_missing_and_invalid)
{
	int problems;
	char *r = check_fixture("missing", &problems);

	static const char *const lines[] = {
	    "ko.json: page.title: missing",
	    "en.json: page.nowhere: missing",
	    "ja.json: not valid JSON",
	};

	assert_report_has(r, lines, NELEM(lines));
	ck_assert_int_ge(problems, 4);
	free(r);
}
END_TEST

START_TEST(test_check_locales_real_catalogs_clean)
{
	char loc[1024], tpl[1024];

	snprintf(loc, sizeof(loc), "%s/locales", unit_root());
	snprintf(tpl, sizeof(tpl), "%s/templates", unit_root());
	ck_assert_int_eq(i18n_check(loc, tpl, "en", 1, stderr), 0);
}
END_TEST

Suite *
i18n_suite(void)
{
	Suite *s = suite_create("i18n");
	TCase *tc = tcase_create("real catalogs");
	TCase *fx = tcase_create("fixtures");

	tcase_add_checked_fixture(tc, load_real, unload);
	tcase_add_loop_test(tc, test_negotiate, 0, (int)NELEM(neg_cases));
	tcase_add_test(tc, test_negotiate_oversized_header_is_safe);
	tcase_add_loop_test(tc, test_fmt_int, 0, (int)NELEM(int_cases));
	tcase_add_loop_test(tc, test_fmt_percent, 0, (int)NELEM(pct_cases));
	tcase_add_loop_test(tc, test_fmt_relative, 0, (int)NELEM(rel_cases));
	tcase_add_loop_test(tc, test_fmt_datetime, 0,
	                    (int)NELEM(datetime_cases));
	tcase_add_loop_test(tc, test_fill_placeholders, 0,
	                    (int)NELEM(fill_cases));
	tcase_add_loop_test(tc, test_plural_rules, 0, (int)NELEM(plural_cases));
	tcase_add_test(tc, test_every_code_text_is_resolved);
	tcase_add_test(fx,
	               test_missing_key_falls_back_to_default_never_the_key);
	tcase_add_test(fx, test_invalid_catalog_is_skipped_others_served);
	tcase_add_test(fx, test_translate_template);
	tcase_add_test(fx, test_translate_template_escapes_html);
	tcase_add_test(fx, test_check_locales_names_each_problem);
	tcase_add_test(fx, test_check_locales_names_missing_and_invalid);
	tcase_add_test(fx, test_check_locales_real_catalogs_clean);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, fx);
	return s;
}
