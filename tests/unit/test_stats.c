/* test_stats.c: the status rules, availability arithmetic and invariants of stats_compute, as tables of cases. */
#include <string.h>

#include "arena.h"
#include "stats.h"
#include "unit.h"

#define NOW 1800000000
#define W 1800
#define NONE (-1) /* a region that was never checked */

/* One region of the model under test: its latest status and age. */
struct region_case {
	enum status status;
	int64_t age; /* seconds before NOW; NONE: never checked */
};

static const struct status_case {
	const char *name;
	struct region_case regions[4];
	int n;
	enum status want;
} status_cases[] = {
    {"all_regions_operational_is_operational",
     {{STATUS_OPERATIONAL, 10}, {STATUS_OPERATIONAL, 200}},
     2,
     STATUS_OPERATIONAL},
    {"all_regions_outage_is_outage",
     {{STATUS_OUTAGE, 10}, {STATUS_OUTAGE, 20}, {STATUS_OUTAGE, 30}},
     3,
     STATUS_OUTAGE},
    {"mixed_operational_and_outage_is_degraded",
     {{STATUS_OPERATIONAL, 10}, {STATUS_OUTAGE, 20}},
     2,
     STATUS_DEGRADED},
    {"one_degraded_region_is_degraded",
     {{STATUS_OPERATIONAL, 10}, {STATUS_DEGRADED, 20}},
     2,
     STATUS_DEGRADED},
    {"all_degraded_is_degraded", {{STATUS_DEGRADED, 10}}, 1, STATUS_DEGRADED},
    {"stale_outage_region_is_ignored",
     {{STATUS_OPERATIONAL, 10}, {STATUS_OUTAGE, W + 5}},
     2,
     STATUS_OPERATIONAL},
    {"stale_operational_region_leaves_outage",
     {{STATUS_OPERATIONAL, 3 * W}, {STATUS_OUTAGE, 60}},
     2,
     STATUS_OUTAGE},
    {"all_regions_stale_is_unknown",
     {{STATUS_OPERATIONAL, W}, {STATUS_OUTAGE, 2 * W}},
     2,
     STATUS_UNKNOWN},
    {"age_just_below_window_is_fresh",
     {{STATUS_OUTAGE, W - 1}},
     1,
     STATUS_OUTAGE},
    {"age_equal_to_window_is_stale", {{STATUS_OUTAGE, W}}, 1, STATUS_UNKNOWN},
    /* Now bounds every view (DESIGN 3): a check later than now counts
     * nowhere until now reaches it (issue 13). */
    {"check_in_future_counts_nowhere",
     {{STATUS_DEGRADED, -60}},
     1,
     STATUS_UNKNOWN},
    {"check_at_now_is_fresh", {{STATUS_DEGRADED, 0}}, 1, STATUS_DEGRADED},
    {"model_with_no_checks_is_unknown",
     {{STATUS_UNKNOWN, NONE}},
     1,
     STATUS_UNKNOWN},
    {"never_checked_region_is_ignored",
     {{STATUS_UNKNOWN, NONE}, {STATUS_OPERATIONAL, 30}},
     2,
     STATUS_OPERATIONAL},
};

static struct provider one_provider[] = {{1, "p", "P", "", "", NULL}};

/* A dataset of one provider and the given models and latest rows. */
static void
make_dataset(struct dataset *ds, struct model *models, size_t n_models,
             struct region_latest *latest, size_t n_latest,
             struct counts *window)
{
	memset(ds, 0, sizeof(*ds));
	ds->now = NOW;
	ds->providers = one_provider;
	ds->n_providers = 1;
	ds->models = models;
	ds->n_models = n_models;
	ds->latest = latest;
	ds->n_latest = n_latest;
	ds->window[WINDOW_24H] = window;
}

START_TEST(test_status_rules)
{
	const struct status_case *c = &status_cases[_i];
	struct model m = {1, 0, "m", "M", "text", 0, 1, NULL};
	struct region_latest latest[4];
	struct counts window[1] = {{{0}}};
	struct dataset ds;
	struct stats st;
	struct arena *a = arena_new();
	const char *why;

	for (int i = 0; i < c->n; i++) {
		latest[i] = (struct region_latest){0};
		latest[i].model = 0;
		latest[i].region = i == 0 ? "a" : i == 1 ? "b" : "c";
		latest[i].has_check = c->regions[i].age != NONE;
		latest[i].checked_at = NOW - c->regions[i].age;
		latest[i].status = c->regions[i].status;
		latest[i].latency_ms = 100;
	}
	make_dataset(&ds, &m, 1, latest, (size_t)c->n, window);
	ck_assert_int_eq(stats_compute(&ds, RANGE__MAX, W, a, &st, &why), 0);
	ck_assert_msg(st.models[0].status == c->want, "%s: got %s, want %s",
	              c->name, status_names[st.models[0].status],
	              status_names[c->want]);
	ck_assert_int_eq(st.by_status[c->want], 1);
	ck_assert_int_eq(st.active, 1);
	arena_free(a);
}
END_TEST

START_TEST(test_stats_inactive_model_excluded_from_counts)
{
	struct model m[2] = {{1, 0, "a", "A", "text", 0, 1, NULL},
	                     {2, 0, "b", "B", "text", 0, 0, NULL}};
	struct region_latest latest[2] = {
	    {0, "global", 1, NOW - 10, STATUS_OPERATIONAL, 100, 200,
	     PROBE_KIND__MAX, ERROR_KIND__MAX},
	    {1, "global", 1, NOW - 10, STATUS_OUTAGE, -1, 503, PROBE_KIND__MAX,
	     ERROR_KIND__MAX},
	};
	struct counts window[2] = {{{10, 0, 0}}, {{0, 0, 10}}};
	struct dataset ds;
	struct stats st;
	struct arena *a = arena_new();
	const char *why;

	make_dataset(&ds, m, 2, latest, 2, window);
	ck_assert_int_eq(stats_compute(&ds, RANGE__MAX, W, a, &st, &why), 0);
	ck_assert_int_eq(st.total, 2);
	ck_assert_int_eq(st.active, 1);
	ck_assert_int_eq(st.by_status[STATUS_OPERATIONAL], 1);
	ck_assert_int_eq(st.by_status[STATUS_OUTAGE], 0);
	/* The inactive model's 0 % does not pull the average down. */
	ck_assert(st.has_avg_availability);
	ck_assert_double_eq_tol(st.avg_availability, 100.0, 1e-9);
	ck_assert_int_eq(st.per_provider[0].total, 2);
	ck_assert_int_eq(st.per_provider[0].active, 1);
	arena_free(a);
}
END_TEST

static const struct avail_case {
	const char *name;
	struct counts c;
	int has;
	double want;
} avail_cases[] = {
    {"all_operational_is_100", {{12, 0, 0}}, 1, 100.0},
    {"degraded_counts_as_available", {{6, 6, 0}}, 1, 100.0},
    {"one_outage_in_ten_is_90", {{8, 1, 1}}, 1, 90.0},
    {"all_outage_is_0", {{0, 0, 7}}, 1, 0.0},
    {"one_in_three", {{1, 0, 2}}, 1, 100.0 / 3.0},
    {"no_checks_has_no_availability", {{0, 0, 0}}, 0, 0},
};

START_TEST(test_availability_arithmetic)
{
	const struct avail_case *c = &avail_cases[_i];
	double pct = -1;
	int has = stats_availability(&c->c, &pct);

	ck_assert_msg(has == c->has, "%s", c->name);
	if (has)
		ck_assert_double_eq_tol(pct, c->want, 1e-9);
	else
		ck_assert_double_eq(pct, -1);
}
END_TEST

START_TEST(test_avg_availability_is_mean_over_models_with_checks)
{
	struct model m[3] = {{1, 0, "a", "A", "text", 0, 1, NULL},
	                     {2, 0, "b", "B", "text", 0, 1, NULL},
	                     {3, 0, "c", "C", "text", 0, 1, NULL}};
	/* 100 %, 50 %, and no checks (excluded, not counted as 0). */
	struct counts window[3] = {{{4, 0, 0}}, {{1, 1, 2}}, {{0, 0, 0}}};
	struct dataset ds;
	struct stats st;
	struct arena *a = arena_new();
	const char *why;

	make_dataset(&ds, m, 3, NULL, 0, window);
	ck_assert_int_eq(stats_compute(&ds, RANGE__MAX, W, a, &st, &why), 0);
	ck_assert(st.has_avg_availability);
	ck_assert_double_eq_tol(st.avg_availability, 75.0, 1e-9);
	ck_assert_int_eq(st.by_status[STATUS_UNKNOWN], 3);
	arena_free(a);
}
END_TEST

START_TEST(test_avg_availability_null_without_checks)
{
	struct model m[1] = {{1, 0, "a", "A", "text", 0, 1, NULL}};
	struct counts window[1] = {{{0, 0, 0}}};
	struct dataset ds;
	struct stats st;
	struct arena *a = arena_new();
	const char *why;

	make_dataset(&ds, m, 1, NULL, 0, window);
	ck_assert_int_eq(stats_compute(&ds, RANGE__MAX, W, a, &st, &why), 0);
	ck_assert(!st.has_avg_availability);
	arena_free(a);
}
END_TEST

START_TEST(test_history_buckets_and_now_point)
{
	struct model m[2] = {{1, 0, "a", "A", "text", 0, 1, NULL},
	                     {2, 0, "b", "B", "text", 0, 1, NULL}};
	struct region_latest latest[1] = {{0, "global", 1, NOW - 10,
	                                   STATUS_OUTAGE, -1, 503,
	                                   PROBE_KIND__MAX, ERROR_KIND__MAX}};
	struct counts window[2] = {{{1, 0, 1}}, {{0, 0, 0}}};
	/* Three buckets per model: model a: op, mixed, none; b: out, none, op.
	 */
	struct counts hist[6] = {{{3, 0, 0}}, {{2, 0, 1}}, {{0, 0, 0}},
	                         {{0, 0, 4}}, {{0, 0, 0}}, {{5, 0, 0}}};
	/* Sample instants by status (DESIGN 3): a is operational at all 12
	 * of bucket 0 and at 11 of bucket 1 (an outage at one); b is in
	 * outage at 6 of bucket 0 and unknown at the rest, and at all of
	 * bucket 1. Bucket 2 is before the first check: no data yet. */
	struct samples smp[6] = {{{12, 0, 0, 0}}, {{11, 0, 1, 0}}, {{0}},
	                         {{0, 0, 6, 6}},  {{0, 0, 0, 12}}, {{0}}};
	int64_t inst[3] = {12, 12, 0};
	struct dataset ds;
	struct stats st;
	struct arena *a = arena_new();
	const char *why;

	make_dataset(&ds, m, 2, latest, 1, window);
	ds.hist[RANGE_24H].counts = hist;
	ds.hist[RANGE_24H].samples = smp;
	ds.hist[RANGE_24H].n_instants = inst;
	ds.hist[RANGE_24H].n_buckets = 3;
	ds.hist[RANGE_24H].bucket_secs = 3600;
	ds.hist[RANGE_24H].first_bucket = NOW - NOW % 3600 - 2 * 3600;
	ck_assert_int_eq(stats_compute(&ds, RANGE_24H, W, a, &st, &why), 0);
	ck_assert_int_eq(st.n_points, 4);
	ck_assert_double_eq_tol(st.buckets[0].by_status[STATUS_OPERATIONAL],
	                        1.0, 1e-9);
	ck_assert_double_eq_tol(st.buckets[0].by_status[STATUS_OUTAGE], 0.5,
	                        1e-9);
	ck_assert_double_eq_tol(st.buckets[0].by_status[STATUS_UNKNOWN], 0.5,
	                        1e-9);
	ck_assert_double_eq_tol(st.buckets[0].availability, 50.0, 1e-9);
	/* Up 11 of 12 instants: 0.92 operational, not a whole "degraded". */
	ck_assert_double_eq_tol(st.buckets[1].by_status[STATUS_OPERATIONAL],
	                        11.0 / 12, 1e-9);
	ck_assert_double_eq_tol(st.buckets[1].by_status[STATUS_OUTAGE],
	                        1.0 / 12, 1e-9);
	ck_assert_double_eq_tol(st.buckets[1].by_status[STATUS_DEGRADED], 0,
	                        1e-9);
	ck_assert_double_eq_tol(st.buckets[1].by_status[STATUS_UNKNOWN], 1.0,
	                        1e-9);
	ck_assert_double_eq_tol(st.buckets[1].availability, 200.0 / 3.0, 1e-9);
	ck_assert_int_eq(st.buckets[2].n_samples, 0); /* no data yet */
	ck_assert_int_eq(st.buckets[1].start - st.buckets[0].start, 3600);
	/* The last point is now and equals the headline. */
	ck_assert_int_eq(st.buckets[3].start, NOW);
	ck_assert_int_eq(st.buckets[3].by_status[STATUS_OUTAGE], 1);
	ck_assert_int_eq(st.buckets[3].by_status[STATUS_UNKNOWN], 1);
	ck_assert_int_eq(st.by_status[STATUS_OUTAGE], 1);
	arena_free(a);
}
END_TEST

static const struct invariant_case {
	const char *name;
	int total, active;
	int by_status[STATUS__MAX];
	int has_avg;
	double avg;
	const char *want; /* NULL: holds */
} invariant_cases[] = {
    {"consistent_numbers_hold", 5, 4, {1, 1, 1, 1}, 1, 99.5, NULL},
    {"active_above_total_breaks",
     74,
     128,
     {128, 0, 0, 0},
     0,
     0,
     "active > total"},
    {"statuses_not_adding_up_break",
     10,
     9,
     {4, 0, 0, 0},
     0,
     0,
     "statuses do not add up to active"},
    {"availability_above_100_breaks",
     1,
     1,
     {1, 0, 0, 0},
     1,
     100.5,
     "availability outside [0, 100]"},
    {"negative_availability_breaks",
     1,
     1,
     {1, 0, 0, 0},
     1,
     -0.1,
     "availability outside [0, 100]"},
    {"nan_availability_breaks",
     1,
     1,
     {1, 0, 0, 0},
     1,
     __builtin_nan(""),
     "availability outside [0, 100]"},
};

START_TEST(test_invariants)
{
	const struct invariant_case *c = &invariant_cases[_i];
	struct stats st;
	const char *got;

	memset(&st, 0, sizeof(st));
	st.total = c->total;
	st.active = c->active;
	memcpy(st.by_status, c->by_status, sizeof(st.by_status));
	st.has_avg_availability = c->has_avg;
	st.avg_availability = c->avg;
	got = stats_check_invariants(&st);
	if (c->want == NULL)
		ck_assert_msg(got == NULL, "%s: %s", c->name, got);
	else
		ck_assert_msg(got != NULL && strcmp(got, c->want) == 0,
		              "%s: got %s", c->name, got ? got : "(holds)");
}
END_TEST

START_TEST(test_invariant_now_point_must_equal_headline)
{
	struct stats st;
	struct bucket_stat b[2];

	memset(&st, 0, sizeof(st));
	memset(b, 0, sizeof(b));
	st.total = st.active = 2;
	st.by_status[STATUS_OPERATIONAL] = 2;
	b[0].by_status[STATUS_OPERATIONAL] = 2;
	b[1].by_status[STATUS_OPERATIONAL] = 1;
	b[1].by_status[STATUS_OUTAGE] = 1;
	st.buckets = b;
	st.n_points = 2;
	ck_assert_str_eq(stats_check_invariants(&st),
	                 "chart's now point differs from the headline");
}
END_TEST

Suite *
stats_suite(void)
{
	Suite *s = suite_create("stats");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_status_rules, 0, (int)NELEM(status_cases));
	tcase_add_test(tc, test_stats_inactive_model_excluded_from_counts);
	tcase_add_loop_test(tc, test_availability_arithmetic, 0,
	                    (int)NELEM(avail_cases));
	tcase_add_test(tc,
	               test_avg_availability_is_mean_over_models_with_checks);
	tcase_add_test(tc, test_avg_availability_null_without_checks);
	tcase_add_test(tc, test_history_buckets_and_now_point);
	tcase_add_loop_test(tc, test_invariants, 0,
	                    (int)NELEM(invariant_cases));
	tcase_add_test(tc, test_invariant_now_point_must_equal_headline);
	suite_add_tcase(s, tc);
	return s;
}
