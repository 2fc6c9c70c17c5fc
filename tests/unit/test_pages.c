/* test_pages.c: the HTML pages through app_handle: translated monitoring and model pages, language redirects, and links that repeat only the validated query. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "page.h"
#include "store.h"
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

#define T0 1795838400 /* 2026-11-28T04:00:00Z, the app's now */

/* A stream probe's check of claude-2-1 in global at T0 + at. */
#define STREAM(at, status, err, kind, ttft)                                    \
	{                                                                      \
		0, "global", T0 + (at), status, 700, 200, err, NULL, "stream", \
		    kind, 3, 10, 20, 300, ttft                                 \
	}

/* "P50 P95": the raw time-to-first-token cells of the series table's row
 * of the bucket starting at iso, into out. */
static const char *
ttft_cells(const char *body, const char *iso, char *out)
{
	char tr[64], p50[16] = "", p95[16] = "";
	const char *row, *end;

	snprintf(tr, sizeof(tr), "<tr data-time=\"%s\">", iso);
	row = strstr(body, tr);
	ck_assert_msg(row != NULL, "no row %s", iso);
	end = strstr(row, "</tr>");
	row = strstr(row, "data-ttft-p50=\"");
	ck_assert_msg(row != NULL && row < end, "no cells %s", iso);
	sscanf(row, "data-ttft-p50=\"%15[0-9]", p50);
	row = strstr(row, "data-ttft-p95=\"");
	ck_assert_msg(row != NULL && row < end, "no p95 %s", iso);
	sscanf(row, "data-ttft-p95=\"%15[0-9]", p95);
	sprintf(out, "%s %s", p50, p95);
	return out;
}

/* Issue 17: the model page says the probe kind of each region, the error
 * kinds of the recent failures (translated, most first) and the kind of
 * each failed check, and for a stream probe draws its time to first token
 * per bucket (nearest rank, DESIGN 3) with a table: in the 02:00 hour
 * 100, 400, 300, 200, 900 ms give p50 300 (rank 3 of 5) and p95 900
 * (rank 5); in the 03:00 hour 250 and 260 give 250 (rank 1 of 2) and 260
 * (rank 2); the hours without one have none. */
static const struct probe_page_case {
	const char *lang, *stream, *timeout, *rate_limited;
} probe_page_cases[] = {
    {"en", "Streaming", "Timeout", "Rate limited"},
    {"ko", "스트리밍", "시간 초과", "요청 한도 초과"},
    {"es", "Streaming", "Tiempo agotado", "Límite de solicitudes"},
};

START_TEST(test_model_page_says_what_the_probes_measured)
{
	const struct probe_page_case *k = &probe_page_cases[_i];
	struct check_in c[] = {
	    STREAM(-7200 + 300, STATUS_OPERATIONAL, NULL, NULL, 100),
	    STREAM(-7200 + 900, STATUS_OPERATIONAL, NULL, NULL, 400),
	    STREAM(-7200 + 1500, STATUS_OPERATIONAL, NULL, NULL, 300),
	    STREAM(-7200 + 2100, STATUS_OPERATIONAL, NULL, NULL, 200),
	    STREAM(-7200 + 2700, STATUS_OPERATIONAL, NULL, NULL, 900),
	    STREAM(-3600 + 600, STATUS_OPERATIONAL, NULL, NULL, 250),
	    STREAM(-3600 + 1200, STATUS_OUTAGE, "timeout after 30 s", "timeout",
	           -1),
	    STREAM(-3600 + 1800, STATUS_OUTAGE, NULL, "timeout", -1),
	    STREAM(-3600 + 2400, STATUS_DEGRADED, "429", "rate_limited", -1),
	    STREAM(-3600 + 3000, STATUS_OPERATIONAL, NULL, NULL, 260),
	};
	struct unit_reply r;
	char path[64], want[256];
	const char *list;

	unit_use_db_with_checks("probe-page", "claude-2-1", c, NELEM(c));
	snprintf(path, sizeof(path), "/%s/models/claude-2-1", k->lang);
	unit_request(&r, "GET", path, "range=24h", NULL);
	ck_assert_int_eq(r.status, 200);
	unit_assert_no_raw_keys(r.body);
	snprintf(want, sizeof(want), "data-probe-kind=\"stream\">%s</td>",
	         k->stream);
	ck_assert_msg(strstr(r.body, want) != NULL, "%s", want);
	ck_assert_ptr_null(strstr(r.body, "reachability-only"));
	/* The failures' kinds, most first, and each failed check's. */
	list = strstr(r.body, "<ul class=\"failure-kinds\"");
	ck_assert_ptr_nonnull(list);
	snprintf(want, sizeof(want),
	         "<li data-error-kind=\"timeout\">%s: <strong>2</strong></li>"
	         "<li data-error-kind=\"rate_limited\">%s: <strong>1</strong>"
	         "</li></ul>",
	         k->timeout, k->rate_limited);
	ck_assert_msg(strncmp(strchr(list, '>') + 1, want, strlen(want)) == 0,
	              "%.300s", list);
	snprintf(want, sizeof(want),
	         "<span class=\"tag error-kind\" data-error-kind=\"timeout\">"
	         "%s</span> timeout after 30 s</td>",
	         k->timeout);
	ck_assert_msg(strstr(r.body, want) != NULL, "%s", want);
	ck_assert_int_eq(unit_count(r.body, "class=\"tag error-kind\""), 3);
	/* The time to first token: a chart and its table's columns. */
	ck_assert_int_eq(unit_count(r.body, "aria-labelledby=\"chart-ttft-"
	                                    "global-title chart-ttft-global-"
	                                    "desc\""),
	                 1);
	ck_assert_int_eq(unit_count(r.body, ">TTFT p50</th>"), 1);
	ck_assert_str_eq(ttft_cells(r.body, "2026-11-28T02:00:00Z", want),
	                 "300 900");
	ck_assert_str_eq(ttft_cells(r.body, "2026-11-28T03:00:00Z", want),
	                 "250 260");
	ck_assert_str_eq(ttft_cells(r.body, "2026-11-28T01:00:00Z", want), " ");
	/* 22 hours without one, and the hour holding now. */
	ck_assert_int_eq(unit_count(r.body, "data-ttft-p50=\"\">"), 22);
	buf_free(&r.raw);
	/* A stream probe proves the model answers: no mark in the list. */
	snprintf(path, sizeof(path), "/%s/monitoring", k->lang);
	unit_request(&r, "GET", path, "q=claude-2-1", NULL);
	ck_assert_ptr_nonnull(strstr(r.body, "<tr data-model=\"claude-2-1\""));
	ck_assert_ptr_null(strstr(r.body, "class=\"probe-kind\""));
	buf_free(&r.raw);
	unit_use_db(NULL);
}
END_TEST

/* A model probed by reachability only says so in each language, on its
 * page and in the monitoring list; with no stream probe there is no
 * time-to-first-token chart, not even a frame, nor its columns; without
 * failures no list of their kinds. */
static const struct reach_page_case {
	const char *lang, *notice, *label; /* label: in the monitoring list */
} reach_page_cases[] = {
    {"en",
     "Reachability only: it shows the API answers, not that the "
     "model does.",
     "Reachability only"},
    {"ko",
     "도달성 검사만 함: API가 응답한다는 것을 보여 줄 뿐, 모델이 "
     "응답한다는 것을 보여 주지는 않습니다.",
     "도달성만"},
    {"ja",
     "到達性のみ：API が応答することは示しますが、モデルが応答す"
     "ることは示しません。",
     "到達性のみ"},
    {"zh", "仅可达性探测：它表明 API 有响应，并不表明模型有响应。", "仅可达性"},
    {"es",
     "Solo accesibilidad: muestra que la API responde, no que el "
     "modelo responda.",
     "Solo accesibilidad"},
};

/* The row of slug in the monitoring page's models table, or NULL; it ends
 * at the row's </tr>, which is replaced by a NUL. */
static char *
monitoring_row(char *body, const char *slug)
{
	char want[96];
	char *row, *end;

	snprintf(want, sizeof(want), "<tr data-model=\"%s\"", slug);
	row = strstr(body, want);
	if (row == NULL || (end = strstr(row, "</tr>")) == NULL)
		return NULL;
	*end = '\0';
	return row;
}

START_TEST(test_model_page_reachability_only)
{
	const struct reach_page_case *k = &reach_page_cases[_i];
	struct check_in c = {0,
	                     "global",
	                     T0 - 60,
	                     STATUS_OPERATIONAL,
	                     90,
	                     401,
	                     NULL,
	                     NULL,
	                     "reachability",
	                     NULL,
	                     2,
	                     5,
	                     9,
	                     88,
	                     -1};
	struct unit_reply r;
	char path[64], want[512], *row;

	unit_use_db_with_checks("probe-reach-page", "claude-2-1", &c, 1);
	snprintf(path, sizeof(path), "/%s/models/claude-2-1", k->lang);
	unit_request(&r, "GET", path, "", NULL);
	ck_assert_int_eq(r.status, 200);
	unit_assert_no_raw_keys(r.body);
	snprintf(want, sizeof(want),
	         "<p class=\"notice reachability-only\" role=\"note\">%s</p>",
	         k->notice);
	ck_assert_msg(strstr(r.body, want) != NULL, "%s", k->lang);
	ck_assert_ptr_nonnull(
	    strstr(r.body, "data-probe-kind=\"reachability\">"));
	ck_assert_ptr_null(strstr(r.body, "chart-ttft"));
	ck_assert_ptr_null(strstr(r.body, "TTFT"));
	ck_assert_ptr_null(strstr(r.body, "data-ttft"));
	ck_assert_ptr_null(strstr(r.body, "failure-kinds"));
	buf_free(&r.raw);
	/* The monitoring page's row says so too, its title the notice. */
	snprintf(path, sizeof(path), "/%s/monitoring", k->lang);
	unit_request(&r, "GET", path, "q=claude-2-1", NULL);
	ck_assert_int_eq(r.status, 200);
	row = monitoring_row(r.body, "claude-2-1");
	ck_assert_ptr_nonnull(row);
	snprintf(want, sizeof(want),
	         "<small class=\"probe-kind\" title=\"%s\">%s</small>",
	         k->notice, k->label);
	ck_assert_msg(strstr(row, want) != NULL, "%s: %s", k->lang, row);
	buf_free(&r.raw);
	unit_use_db(NULL);
}
END_TEST

/* Now bounds every view (DESIGN 3): a check stamped a minute after now
 * (ingest allows 5) counts in no bucket of the model page, not in its
 * latency, its time to first token nor its availability, until now
 * reaches it. */
START_TEST(test_model_page_series_end_at_now)
{
	struct check_in c[] = {
	    STREAM(-120, STATUS_OPERATIONAL, NULL, NULL, 111),
	    {0, "global", T0 + 60, STATUS_OUTAGE, 7777, 503, NULL, NULL,
	     "stream", "http_5xx", -1, -1, -1, -1, 6666},
	};
	struct unit_reply r;

	unit_use_db_with_checks("probe-future", "claude-2-1", c, NELEM(c));
	unit_request(&r, "GET", "/en/models/claude-2-1", "range=1h", NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_null(strstr(r.body, "7,777"));
	ck_assert_ptr_null(strstr(r.body, "6,666"));
	ck_assert_ptr_null(strstr(r.body, "data-availability=\"0.00\""));
	ck_assert_ptr_nonnull(strstr(r.body, "data-ttft-p50=\"111\""));
	buf_free(&r.raw);
	setenv("AIGO_NOW", "1795838460", 1);
	unit_request(&r, "GET", "/en/models/claude-2-1", "range=1h", NULL);
	ck_assert_ptr_nonnull(strstr(r.body, "data-ttft-p95=\"6666\""));
	ck_assert_ptr_nonnull(strstr(r.body, "data-availability=\"0.00\""));
	buf_free(&r.raw);
	setenv("AIGO_NOW", "1795838400", 1);
	unit_use_db(NULL);
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
	tcase_add_loop_test(tc, test_model_page_says_what_the_probes_measured,
	                    0, (int)NELEM(probe_page_cases));
	tcase_add_loop_test(tc, test_model_page_reachability_only, 0,
	                    (int)NELEM(reach_page_cases));
	tcase_add_test(tc, test_model_page_series_end_at_now);
	tcase_add_test(tc, test_monitoring_table_pages);
	tcase_add_test(tc, test_links_carry_only_validated_query);
	tcase_add_test(tc, test_redirects_negotiate);
	suite_add_tcase(s, tc);
	return s;
}
