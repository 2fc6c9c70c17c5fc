/* test_pages.c: the HTML pages through app_handle: translated monitoring and model pages, language redirects, and links that repeat only the validated query. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "page.h"
#include "unit.h"

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

/* Issue 16: the models table in pages of PAGE_MODELS_ROWS; together they
 * list every model once; the cards count every model on every page; a
 * page past the end shows none and links to the last. */
START_TEST(test_monitoring_table_pages)
{
	struct unit_reply one, two, past;
	const char *p;
	int models;

	unit_request(&one, "GET", "/en/monitoring", "", NULL);
	unit_request(&two, "GET", "/en/monitoring", "page=2", NULL);
	unit_request(&past, "GET", "/en/monitoring", "page=9", NULL);
	ck_assert_int_eq(one.status, 200);
	ck_assert_int_eq(two.status, 200);
	ck_assert_int_eq(past.status, 200);
	p = strstr(one.body, "data-stat=\"total\"><dt>");
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(sscanf(strstr(p, "<dd>") + 4, "%d", &models), 1);
	ck_assert_int_gt(models, PAGE_MODELS_ROWS);
	ck_assert_int_le(models, 2 * PAGE_MODELS_ROWS);
	ck_assert_int_eq(unit_count(one.body, "<tr data-model="),
	                 PAGE_MODELS_ROWS);
	ck_assert_int_eq(unit_count(two.body, "<tr data-model="),
	                 models - PAGE_MODELS_ROWS);
	ck_assert_int_eq(unit_count(past.body, "<tr data-model="), 0);
	ck_assert_ptr_nonnull(
	    strstr(one.body,
	           "<a rel=\"next\" href=\"/en/monitoring?page=2#models\">"));
	ck_assert_ptr_null(strstr(one.body, "rel=\"prev\""));
	ck_assert_ptr_nonnull(strstr(
	    two.body, "<a rel=\"prev\" href=\"/en/monitoring#models\">"));
	ck_assert_ptr_null(strstr(two.body, "rel=\"next\""));
	ck_assert_ptr_nonnull(strstr(past.body, "No models on page 9; the last "
	                                        "page is 2."));
	ck_assert_ptr_nonnull(
	    strstr(past.body,
	           "<a rel=\"prev\" href=\"/en/monitoring?page=2#models\">"));
	/* Each model on one page only. */
	for (const char *r = one.body;
	     (r = strstr(r, "<tr data-model=\"")) != NULL; r++) {
		char row[128];

		ck_assert_int_eq(sscanf(r, "%127[^>]", row), 1);
		ck_assert_msg(strstr(two.body, row) == NULL, "%s on both pages",
		              row);
	}
	/* The cards count every model, whatever the page. */
	p = strstr(two.body, "data-stat=\"total\"><dt>");
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(atoi(strstr(p, "<dd>") + 4), models);
	unit_assert_no_raw_keys(past.body);
	buf_free(&one.raw);
	buf_free(&two.raw);
	buf_free(&past.raw);
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
	static const struct {
		const char *path, *query;
		const char *const *extra;
		const char *location;
		const char *vary; /* NULL: not checked */
	} cases[] = {
	    {"/", "", with_header, "/ko/monitoring", "Accept-Language, Cookie"},
	    {"/monitoring", "range=7d", with_cookie, "/en/monitoring?range=7d",
	     NULL},
	};

	for (size_t i = 0; i < NELEM(cases); i++) {
		struct unit_reply r;
		char v[128];

		unit_request(&r, "GET", cases[i].path, cases[i].query,
		             cases[i].extra);
		ck_assert_int_eq(r.status, 302);
		ck_assert_str_eq(unit_header(&r, "Location", v, sizeof(v)),
		                 cases[i].location);
		if (cases[i].vary != NULL)
			ck_assert_str_eq(unit_header(&r, "Vary", v, sizeof(v)),
			                 cases[i].vary);
		buf_free(&r.raw);
	}
}
END_TEST

Suite *
pages_suite(void)
{
	Suite *s = suite_create("pages");
	TCase *tc = unit_app_tcase();

	tcase_add_test(tc, test_monitoring_pages_render_translated);
	tcase_add_test(tc, test_model_page);
	tcase_add_test(tc, test_monitoring_table_pages);
	tcase_add_test(tc, test_links_carry_only_validated_query);
	tcase_add_test(tc, test_redirects_negotiate);
	suite_add_tcase(s, tc);
	return s;
}
