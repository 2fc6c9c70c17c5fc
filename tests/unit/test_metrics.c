/* test_metrics.c: request counters and latency histograms, and their text at GET /metrics. */
#include <stdio.h>
#include <string.h>

#include "metrics.h"
#include "router.h"
#include "unit.h"

/* Requests land in their route's status slot and latency bucket (counts
 * are compared as differences: without forking, earlier tests count too). */
START_TEST(test_metrics_count_requests)
{
	const struct metrics *m = metrics();
	struct metrics was = *m;
	struct unit_reply r;
	char v[128], line[200];
	uint64_t le5 = 0, all = 0;

	metrics_request(3, 200, 0.003); /* bucket <= 0.005 */
	metrics_request(3, 200, 0.003);
	metrics_request(3, 299, 9.0); /* another status, +Inf */
	metrics_request(-1, 404, 0.0001);
	ck_assert_uint_eq(m->requests[3][0] - was.requests[3][0], 2);
	ck_assert_uint_eq(m->requests[3][metrics_n_statuses - 1] -
	                      was.requests[3][metrics_n_statuses - 1],
	                  1);
	ck_assert_uint_eq(m->latency[3][3] - was.latency[3][3], 2);
	ck_assert_uint_eq(m->latency[3][METRICS_BUCKETS] -
	                      was.latency[3][METRICS_BUCKETS],
	                  1);
	ck_assert_uint_eq(m->requests[METRICS_ROUTES][5] -
	                      was.requests[METRICS_ROUTES][5],
	                  1);
	for (int k = 0; k <= METRICS_BUCKETS; k++) {
		if (k <= 3)
			le5 += m->latency[3][k];
		all += m->latency[3][k];
	}
	unit_request(&r, "GET", "/metrics", "", NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(unit_header(&r, "Content-Type", v, sizeof(v)),
	                 "text/plain; version=0.0.4; charset=utf-8");
	/* Buckets are cumulative; +Inf is the count. */
	snprintf(line, sizeof(line),
	         "aigo_request_duration_seconds_bucket{route=\"%s\","
	         "le=\"0.005\"} %llu\n",
	         router_pattern(3), (unsigned long long)le5);
	ck_assert_msg(strstr(r.body, line) != NULL, "%s", line);
	snprintf(line, sizeof(line),
	         "aigo_request_duration_seconds_count{route=\"%s\"} %llu\n",
	         router_pattern(3), (unsigned long long)all);
	ck_assert_msg(strstr(r.body, line) != NULL, "%s", line);
	ck_assert_ptr_nonnull(strstr(
	    r.body, "aigo_requests_total{route=\"none\",status=\"404\"}"));
	ck_assert_ptr_nonnull(
	    strstr(r.body, "aigo_models{status=\"total\"} 118\n"));
	buf_free(&r.raw);
}
END_TEST

/* The prober's counters at GET /metrics: probes by status and error
 * kind, the lateness histogram (cumulative), its count and maximum. */
START_TEST(test_metrics_probe_lateness_at_metrics)
{
	const struct metrics *m = metrics();
	struct unit_reply r;
	char line[200];
	uint64_t le05 = 0, all = 0;

	metrics_probe(2, 1, 0.3); /* outage, timeout, 300 ms late */
	metrics_probe(0, 0, 0.0);
	for (int k = 0; k <= METRICS_BUCKETS; k++) {
		if (metrics_bounds[k < METRICS_BUCKETS ? k : 0] <= 0.5 &&
		    k < METRICS_BUCKETS)
			le05 += m->probe_lateness[k];
		all += m->probe_lateness[k];
	}
	unit_request(&r, "GET", "/metrics", "", NULL);
	ck_assert_int_eq(r.status, 200);
	snprintf(line, sizeof(line),
	         "aigo_probe_lateness_seconds_bucket{le=\"0.5\"} %llu\n",
	         (unsigned long long)le05);
	ck_assert_msg(strstr(r.body, line) != NULL, "%s", line);
	snprintf(line, sizeof(line), "aigo_probe_lateness_seconds_count %llu\n",
	         (unsigned long long)all);
	ck_assert_msg(strstr(r.body, line) != NULL, "%s", line);
	snprintf(line, sizeof(line),
	         "aigo_probes_total{status=\"outage\",error=\"timeout\"} "
	         "%llu\n",
	         (unsigned long long)m->probes[2][1]);
	ck_assert_msg(strstr(r.body, line) != NULL, "%s", line);
	ck_assert_ptr_nonnull(
	    strstr(r.body, "aigo_probe_lateness_max_seconds "));
	ck_assert_ptr_nonnull(strstr(r.body, "aigo_probes_skipped_total "));
	buf_free(&r.raw);
}
END_TEST

Suite *
metrics_suite(void)
{
	Suite *s = suite_create("metrics");
	TCase *tc = unit_app_tcase();

	tcase_add_test(tc, test_metrics_count_requests);
	tcase_add_test(tc, test_metrics_probe_lateness_at_metrics);
	suite_add_tcase(s, tc);
	return s;
}
