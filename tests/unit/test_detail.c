/* test_detail.c: the model page's numbers: nearest-rank percentiles of latency and time to first token, and checks grouped by region and bucket. */
#include "detail.h"
#include "unit.h"

static const struct pct_case {
	int64_t v[6];
	size_t n;
	int p;
	int64_t want;
} pct_cases[] = {
    {{0}, 0, 50, -1},
    {{7}, 1, 50, 7},
    {{7}, 1, 95, 7},
    {{1, 2}, 2, 50, 1},
    {{1, 2}, 2, 95, 2},
    {{10, 20, 30, 40, 50}, 5, 50, 30},
    {{10, 20, 30, 40, 50}, 5, 95, 50},
    {{1, 2, 3, 4, 5, 6}, 6, 50, 3},
};

START_TEST(test_percentile_nearest_rank)
{
	const struct pct_case *c = &pct_cases[_i];

	ck_assert_int_eq(detail_percentile(c->v, c->n, c->p), c->want);
}
END_TEST

/* What a check_row without a probe's fields holds in their place. */
#define NO_PROBE PROBE_KIND__MAX, ERROR_KIND__MAX, -1, -1, -1, -1, -1

START_TEST(test_detail_groups_regions_and_buckets)
{
	/* Two regions; buckets of an hour from 0. */
	struct check_row rows[] = {
	    {"eu", 3600 * 0 + 10, STATUS_OPERATIONAL, 100, 200, NULL, NO_PROBE},
	    {"eu", 3600 * 0 + 20, STATUS_OUTAGE, -1, 0, "timeout", NO_PROBE},
	    {"eu", 3600 * 2 + 10, STATUS_DEGRADED, 9000, 200, NULL, NO_PROBE},
	    {"us", 3600 * 1 + 10, STATUS_OPERATIONAL, 300, 200, NULL, NO_PROBE},
	    {"us", 3600 * 1 + 20, STATUS_OPERATIONAL, 100, 200, NULL, NO_PROBE},
	};
	struct history h = {3, 3600, 0, NULL, NULL, NULL};
	struct arena *a = arena_new();
	struct region_detail *d;
	size_t n = detail_compute(rows, NELEM(rows), &h, 3 * 3600, a, &d);

	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(d[0].region, "eu");
	ck_assert_int_eq(d[0].p50[0], 100); /* the outage has no latency */
	ck_assert(d[0].availability[0] == 50.0);
	ck_assert_int_eq(d[0].has_availability[1], 0);
	ck_assert_int_eq(d[0].p50[1], -1);
	ck_assert(d[0].availability[2] == 100.0); /* degraded is available */
	ck_assert_int_eq(d[0].window[WINDOW_24H].n[STATUS_OUTAGE], 1);
	ck_assert_str_eq(d[1].region, "us");
	ck_assert_int_eq(d[1].p50[1], 100);
	ck_assert_int_eq(d[1].p95[1], 300);
	ck_assert_int_eq(d[1].window[WINDOW_30D].n[STATUS_OPERATIONAL], 2);
	arena_free(a);
}
END_TEST

/* A stream check at t with time to first token ttft (-1: none). */
#define TTFT(t, ttft)                                                          \
	{                                                                      \
		"eu", t, STATUS_OPERATIONAL, 900, 200, NULL,                   \
		    PROBE_KIND_STREAM, ERROR_KIND__MAX, -1, -1, -1, -1, ttft   \
	}

/* Time to first token per bucket, nearest rank (rank ceil(p n / 100)):
 * bucket 0: 40, 10, 30, 20 sorted 10 20 30 40: p50 rank 2 = 20, p95 rank
 * 4 = 40; bucket 1: none measured (the checks without one do not count);
 * bucket 2: 21 values 1..21: p50 rank 11 = 11, p95 rank 20 = 20. */
START_TEST(test_detail_ttft_percentiles_per_bucket)
{
	struct check_row rows[4 + 2 + 21] = {
	    TTFT(10, 40), TTFT(20, 10),        TTFT(30, 30),
	    TTFT(40, 20), TTFT(3600 + 10, -1), TTFT(3600 + 20, -1),
	};
	struct history h = {3, 3600, 0, NULL, NULL, NULL};
	struct arena *a = arena_new();
	struct region_detail *d;

	for (int k = 0; k < 21; k++)
		rows[6 + k] = (struct check_row)TTFT(7200 + 100 * k, 21 - k);
	ck_assert_uint_eq(
	    detail_compute(rows, NELEM(rows), &h, 3 * 3600, a, &d), 1);
	ck_assert_int_eq(d->has_ttft, 1);
	ck_assert_int_eq(d->ttft_p50[0], 20);
	ck_assert_int_eq(d->ttft_p95[0], 40);
	ck_assert_int_eq(d->ttft_p50[1], -1);
	ck_assert_int_eq(d->ttft_p95[1], -1);
	ck_assert_int_eq(d->ttft_p50[2], 11);
	ck_assert_int_eq(d->ttft_p95[2], 20);
	/* The latency beside it is its own series. */
	ck_assert_int_eq(d->p50[1], 900);
	arena_free(a);
}
END_TEST

/* A region whose checks measured no time to first token has none. */
START_TEST(test_detail_no_ttft)
{
	struct check_row rows[] = {TTFT(10, -1), TTFT(3700, -1)};
	struct history h = {2, 3600, 0, NULL, NULL, NULL};
	struct arena *a = arena_new();
	struct region_detail *d;

	ck_assert_uint_eq(detail_compute(rows, NELEM(rows), &h, 7200, a, &d),
	                  1);
	ck_assert_int_eq(d->has_ttft, 0);
	ck_assert_int_eq(d->ttft_p50[0], -1);
	ck_assert_int_eq(d->ttft_p95[1], -1);
	arena_free(a);
}
END_TEST

Suite *
detail_suite(void)
{
	Suite *s = suite_create("detail");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_percentile_nearest_rank, 0,
	                    (int)NELEM(pct_cases));
	tcase_add_test(tc, test_detail_groups_regions_and_buckets);
	tcase_add_test(tc, test_detail_ttft_percentiles_per_bucket);
	tcase_add_test(tc, test_detail_no_ttft);
	suite_add_tcase(s, tc);
	return s;
}
