/* test_export.c: the export's daily aggregates (per UTC day and region, nearest-rank percentiles, availability), its RFC 4180 CSV and JSON, and the format key. */
#include <string.h>

#include "export.h"
#include "input.h"
#include "unit.h"

/* What a check_row without a probe's fields holds in their place, and one
 * with a time to first token t. */
#define NO_PROBE PROBE_KIND__MAX, ERROR_KIND__MAX, -1, -1, -1, -1, -1
#define TTFT(t) PROBE_KIND_STREAM, ERROR_KIND__MAX, -1, -1, -1, -1, t

#define D0 INT64_C(1795824000) /* 2026-11-28T00:00:00Z */
#define DAY INT64_C(86400)

/* One model's checks, by region then time (as store_model_checks). */
static const struct check_row rows[] = {
    {"eu", D0 - 10, STATUS_OUTAGE, -1, 0, "timeout", NO_PROBE},
    {"eu", D0 + 0, STATUS_OPERATIONAL, 300, 200, NULL, TTFT(90)},
    {"eu", D0 + 60, STATUS_DEGRADED, 6000, 429, NULL, NO_PROBE},
    {"eu", D0 + 120, STATUS_OPERATIONAL, 100, 200, NULL, TTFT(30)},
    {"eu", D0 + 180, STATUS_OUTAGE, 200, 503, NULL, NO_PROBE},
    {"us", D0 + DAY - 1, STATUS_OPERATIONAL, 50, 200, NULL, NO_PROBE},
};

/* What each row of the export of rows must hold, worked out by hand: the
 * day before D0 has eu's outage alone; D0 in eu has 4 checks, 3 available
 * (one degraded), latencies 100 200 300 6000 (p50 rank 2 = 200, p95 rank 4
 * = 6000), TTFTs 30 90 (p50 rank 1 = 30); us has one check. */
static const struct export_row want[] = {
    {D0 - DAY, 0, "eu", 1, 0, 1, 0, -1, -1, -1},
    {D0, 0, "eu", 4, 3, 1, 1, 200, 6000, 30},
    {D0, 0, "us", 1, 1, 0, 0, 50, 50, -1},
};

static struct provider providers[] = {{1, "acme", "Acme", "", "", NULL}};
static struct model models[] = {
    {1, 0, "m-1", "M 1", "text", 0, 1, NULL},
    {2, 0, "m-2", "M 2", "text", 0, 1, NULL},
};

static void
dataset(struct dataset *ds)
{
	memset(ds, 0, sizeof(*ds));
	ds->providers = providers;
	ds->n_providers = 1;
	ds->models = models;
	ds->n_models = 2;
}

START_TEST(test_export_groups_by_region_and_utc_day)
{
	struct arena *a = arena_new();
	struct export_list l = {0};

	export_add_model(&l, 0, rows, NELEM(rows), a);
	export_sort(&l);
	ck_assert_uint_eq(l.n, NELEM(want));
	for (size_t i = 0; i < l.n; i++) {
		const struct export_row *g = &l.v[i], *w = &want[i];

		ck_assert_int_eq(g->day, w->day);
		ck_assert_str_eq(g->region, w->region);
		ck_assert_int_eq(g->checks, w->checks);
		ck_assert_int_eq(g->available, w->available);
		ck_assert_int_eq(g->outage, w->outage);
		ck_assert_int_eq(g->degraded, w->degraded);
		ck_assert_int_eq(g->p50_ms, w->p50_ms);
		ck_assert_int_eq(g->p95_ms, w->p95_ms);
		ck_assert_int_eq(g->ttft_p50_ms, w->ttft_p50_ms);
	}
	arena_free(a);
}
END_TEST

START_TEST(test_export_sorts_by_day_then_model_then_region)
{
	struct arena *a = arena_new();
	struct export_list l = {0};
	const struct check_row other[] = {
	    {"ap", D0 + 5, STATUS_OPERATIONAL, 10, 200, NULL, NO_PROBE},
	};

	export_add_model(&l, 1, other, NELEM(other), a);
	export_add_model(&l, 0, rows, NELEM(rows), a);
	export_sort(&l);
	ck_assert_uint_eq(l.n, 4);
	ck_assert(l.v[0].day == D0 - DAY);
	ck_assert(l.v[1].model == 0 && strcmp(l.v[1].region, "eu") == 0);
	ck_assert(l.v[2].model == 0 && strcmp(l.v[2].region, "us") == 0);
	ck_assert(l.v[3].model == 1);
	arena_free(a);
}
END_TEST

START_TEST(test_export_csv_rfc4180)
{
	struct arena *a = arena_new();
	struct export_list l = {0};
	struct dataset ds;
	struct buf b = {0};
	const struct check_row odd[] = {
	    {"a,\"b\"", D0 + 5, STATUS_OPERATIONAL, 10, 200, NULL, NO_PROBE},
	    {"a,\"b\"", D0 + 6, STATUS_OPERATIONAL, 10, 200, NULL, NO_PROBE},
	    {"a,\"b\"", D0 + 7, STATUS_OUTAGE, -1, 0, NULL, NO_PROBE},
	};

	dataset(&ds);
	export_add_model(&l, 0, odd, NELEM(odd), a);
	export_csv(&b, &ds, &l);
	buf_puts(&b, ""); /* NUL-terminated */
	/* 2 of 3 available: 66.666...% shows as 66.67. */
	ck_assert_str_eq(b.data,
	                 "date,provider,model,region,checks,available,outage,"
	                 "degraded,availability,p50_ms,p95_ms,ttft_p50_ms\r\n"
	                 "2026-11-28,acme,m-1,\"a,\"\"b\"\"\",3,2,1,0,66.67,10,"
	                 "10,\r\n");
	buf_free(&b);
	arena_free(a);
}
END_TEST

START_TEST(test_export_csv_percentage_never_100_below_100)
{
	struct arena *a = arena_new();
	struct export_list l = {0};
	struct dataset ds;
	struct buf b = {0};
	size_t n = 30000;
	struct check_row *many = arena_alloc(a, sizeof(*many) * n);

	for (size_t i = 0; i < n; i++)
		many[i] = (struct check_row){
		    "eu",
		    D0 + (int64_t)i,
		    i == 0 ? STATUS_OUTAGE : STATUS_OPERATIONAL,
		    5,
		    200,
		    NULL,
		    NO_PROBE};
	dataset(&ds);
	export_add_model(&l, 0, many, n, a);
	export_csv(&b, &ds, &l);
	buf_puts(&b, "");
	/* 29999 / 30000 = 99.9967%, rounded 100.00: shown as 99.99. */
	ck_assert_ptr_nonnull(
	    strstr(b.data, ",30000,29999,1,0,99.99,5,5,\r\n"));
	buf_free(&b);
	arena_free(a);
}
END_TEST

START_TEST(test_export_json_nulls_where_not_measured)
{
	struct arena *a = arena_new();
	struct export_list l = {0};
	struct dataset ds;
	cJSON *j;
	char *text;

	dataset(&ds);
	export_add_model(&l, 0, rows, 1, a); /* the outage alone */
	j = export_json(&ds, &l);
	text = cJSON_PrintUnformatted(j);
	ck_assert_str_eq(text,
	                 "[{\"date\":\"2026-11-27\",\"provider\":\"acme\","
	                 "\"model\":\"m-1\",\"region\":\"eu\",\"checks\":1,"
	                 "\"available\":0,\"outage\":1,\"degraded\":0,"
	                 "\"availability\":0,\"p50_ms\":null,\"p95_ms\":null,"
	                 "\"ttft_p50_ms\":null}]");
	cJSON_free(text);
	cJSON_Delete(j);
	arena_free(a);
}
END_TEST

static const struct format_case {
	const char *query;
	int ok;
	enum export_format want;
} format_cases[] = {
    {"", 1, FORMAT_JSON},           {"format=json", 1, FORMAT_JSON},
    {"format=csv", 1, FORMAT_CSV},  {"format=CSV", 0, FORMAT_JSON},
    {"format=xml", 0, FORMAT_JSON}, {"format=", 0, FORMAT_JSON},
};

START_TEST(test_export_format_key)
{
	const struct format_case *c = &format_cases[_i];
	struct input in;
	const char *bad = NULL;
	int rc = input_parse(c->query, INPUT_ALL_KEYS, &in, &bad);

	ck_assert_int_eq(rc == 0, c->ok);
	if (c->ok)
		ck_assert_int_eq(in.format, c->want);
	else
		ck_assert_str_eq(bad, "format");
}
END_TEST

Suite *
export_suite(void)
{
	Suite *s = suite_create("export");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_export_groups_by_region_and_utc_day);
	tcase_add_test(tc, test_export_sorts_by_day_then_model_then_region);
	tcase_add_test(tc, test_export_csv_rfc4180);
	tcase_add_test(tc, test_export_csv_percentage_never_100_below_100);
	tcase_add_test(tc, test_export_json_nulls_where_not_measured);
	tcase_add_loop_test(tc, test_export_format_key, 0,
	                    (int)NELEM(format_cases));
	suite_add_tcase(s, tc);
	return s;
}
