/* test_metrics.c: request counters and latency histograms, and their text at GET /metrics. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
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
	metrics_request(3, 299, 19.0); /* another status, +Inf */
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

/* The value of the sample named exactly series ("name{labels}") in a
 * /metrics body; -1 when it is absent. */
static double
sample(const char *body, const char *series)
{
	size_t n = strlen(series);

	for (const char *p = body; (p = strstr(p, series)) != NULL; p += n)
		if ((p == body || p[-1] == '\n') && p[n] == ' ')
			return strtod(p + n + 1, NULL);
	return -1;
}

/* The index of the route table entry with this pattern (a failure when
 * there is none). */
static int
route_of(const char *pattern)
{
	for (int r = 0; router_pattern(r) != NULL; r++)
		if (strcmp(router_pattern(r), pattern) == 0)
			return r;
	ck_abort_msg("no route %s", pattern);
	return -1;
}

/* Each pattern's group, from the words of metrics.h: ingest is the one
 * POST path of the probe nodes, the rest of /api/ is the API, the three
 * operators' endpoints are ops, no route is none, everything else a page. */
START_TEST(test_metrics_route_group_of_each_kind_of_pattern)
{
	static const struct {
		const char *pattern;
		enum metrics_group group;
	} cases[] = {
	    {"/api/v1/checks", GROUP_INGEST},
	    {"/api/v1/models/{slug}", GROUP_API},
	    {"/api/v1/incidents/{id}/updates", GROUP_API},
	    {"/api/v1/openapi.json", GROUP_API},
	    {"/healthz", GROUP_OPS},
	    {"/readyz", GROUP_OPS},
	    {"/metrics", GROUP_OPS},
	    {"/{lang}/monitoring", GROUP_PAGE},
	    {"/{lang}/feed.atom", GROUP_PAGE},
	    {"/", GROUP_PAGE},
	    {"/apix", GROUP_PAGE},
	    {NULL, GROUP_NONE},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(
		    metrics_route_group(cases[i].pattern) == cases[i].group,
		    "%s", cases[i].pattern ? cases[i].pattern : "NULL");
	/* Every route of the table has a group other than none. */
	for (int r = 0; router_pattern(r) != NULL; r++)
		ck_assert_int_ne(metrics_route_group(router_pattern(r)),
		                 GROUP_NONE);
}
END_TEST

START_TEST(test_metrics_status_class_by_hundreds)
{
	static const struct {
		int status;
		const char *name;
	} cases[] = {
	    {200, "2xx"}, {204, "2xx"}, {299, "2xx"}, {100, "2xx"},
	    {301, "3xx"}, {304, "3xx"}, {400, "4xx"}, {404, "4xx"},
	    {499, "4xx"}, {500, "5xx"}, {502, "5xx"}, {503, "5xx"},
	    {599, "5xx"}, {600, "5xx"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_str_eq(
		    metrics_class_names[metrics_status_class(cases[i].status)],
		    cases[i].name);
}
END_TEST

/* Answers are counted by group and class, every pair is shown (zeros
 * too, so that a rate of errors has its denominator from the start), and
 * a pooled status (502, 403) keeps its class. */
START_TEST(test_metrics_responses_by_group_and_class_at_metrics)
{
	static const char *const series[] = {
	    "aigo_http_responses_total{group=\"api\",class=\"2xx\"}",
	    "aigo_http_responses_total{group=\"api\",class=\"5xx\"}",
	    "aigo_http_responses_total{group=\"ingest\",class=\"5xx\"}",
	    "aigo_http_responses_total{group=\"none\",class=\"4xx\"}",
	    "aigo_http_responses_total{group=\"page\",class=\"4xx\"}",
	    "aigo_http_responses_total{group=\"ops\",class=\"3xx\"}",
	};
	/* What the requests below add, series by series; /metrics itself
	 * answers 200 between the two reads: one more ops 2xx, not listed. */
	static const double added[] = {1, 3, 1, 1, 1, 0};
	struct unit_reply r;
	double before[6];
	int models = route_of("/api/v1/models");
	int model = route_of("/api/v1/models/{slug}");

	unit_request(&r, "GET", "/metrics", "", NULL);
	for (int i = 0; i < 6; i++) {
		before[i] = sample(r.body, series[i]);
		ck_assert_msg(before[i] >= 0, "%s absent", series[i]);
	}
	buf_free(&r.raw);
	metrics_request(models, 200, 0.01);
	metrics_request(models, 500, 0.01);
	metrics_request(model, 503, 0.01);
	metrics_request(model, 502, 0.01); /* not in HTTP_STATUSES */
	metrics_request(route_of("/api/v1/checks"), 503, 0.01);
	metrics_request(-1, 404, 0.01);
	metrics_request(route_of("/{lang}/monitoring"), 403, 0.01);
	unit_request(&r, "GET", "/metrics", "", NULL);
	ck_assert_int_eq(r.status, 200);
	for (int i = 0; i < 6; i++)
		ck_assert_msg(sample(r.body, series[i]) == before[i] + added[i],
		              "%s: %g, expected %g", series[i],
		              sample(r.body, series[i]), before[i] + added[i]);
	/* 5 groups x 4 classes, each once. */
	{
		int n = 0;

		for (const char *p = r.body;
		     (p = strstr(p, "\naigo_http_responses_total{")) != NULL;
		     p++)
			n++;
		ck_assert_int_eq(n, 20);
	}
	buf_free(&r.raw);
}
END_TEST

/* The 2 s bound of the alert on p99 latency is a bucket: 1.5 s counts
 * under le="2", 2.2 s only from le="2.5" on. */
START_TEST(test_metrics_latency_has_a_bucket_at_two_seconds)
{
	const struct metrics *m = metrics();
	struct metrics was = *m;
	int r = route_of("/api/v1/providers");
	int k2 = -1;

	for (int k = 0; k < METRICS_BUCKETS; k++)
		if (metrics_bounds[k] == 2.0)
			k2 = k;
	ck_assert_int_ge(k2, 0);
	ck_assert(metrics_bounds[k2 - 1] == 1.0);
	ck_assert(metrics_bounds[k2 + 1] == 2.5);
	ck_assert(metrics_bounds[METRICS_BUCKETS - 1] == 10.0);
	metrics_request(r, 200, 1.5);
	metrics_request(r, 200, 2.2);
	metrics_request(r, 200, 7.0);
	ck_assert_uint_eq(m->latency[r][k2] - was.latency[r][k2], 1);
	ck_assert_uint_eq(m->latency[r][k2 + 1] - was.latency[r][k2 + 1], 1);
	ck_assert_uint_eq(m->latency[r][k2 + 2] - was.latency[r][k2 + 2], 0);
	ck_assert_uint_eq(m->latency[r][k2 + 3] - was.latency[r][k2 + 3], 1);
}
END_TEST

/* The prober's heartbeat and the settings the rules compare with: shown
 * as set, and put back (the app is shared by the tests). */
START_TEST(test_metrics_prober_tick_and_settings_at_metrics)
{
	struct unit_reply r;
	int probe = unit_app.cfg.probe;
	int64_t interval = unit_app.cfg.snapshot_interval;
	int64_t tick = metrics()->probe_tick_at;

	unit_app.cfg.probe = 0;
	unit_app.cfg.snapshot_interval = 0;
	metrics_probe_tick(0);
	unit_request(&r, "GET", "/metrics", "", NULL);
	ck_assert(sample(r.body, "aigo_probe_enabled") == 0);
	ck_assert(sample(r.body, "aigo_probe_last_tick_timestamp_seconds") ==
	          0);
	ck_assert(sample(r.body, "aigo_snapshot_interval_seconds") == 0);
	ck_assert_ptr_nonnull(strstr(
	    r.body, "# TYPE aigo_probe_last_tick_timestamp_seconds gauge\n"));
	buf_free(&r.raw);
	unit_app.cfg.probe = 1;
	unit_app.cfg.snapshot_interval = 120;
	metrics_probe_tick(1795838399); /* 2026-11-28T03:59:59Z */
	metrics_probe_tick(1795838401); /* the last one wins */
	unit_request(&r, "GET", "/metrics", "", NULL);
	ck_assert(sample(r.body, "aigo_probe_enabled") == 1);
	ck_assert(sample(r.body, "aigo_probe_last_tick_timestamp_seconds") ==
	          1795838401.0);
	ck_assert(sample(r.body, "aigo_snapshot_interval_seconds") == 120);
	buf_free(&r.raw);
	unit_app.cfg.probe = probe;
	unit_app.cfg.snapshot_interval = interval;
	metrics_probe_tick(tick);
}
END_TEST

Suite *
metrics_suite(void)
{
	Suite *s = suite_create("metrics");
	TCase *tc = unit_app_tcase();

	tcase_add_test(tc, test_metrics_count_requests);
	tcase_add_test(tc, test_metrics_probe_lateness_at_metrics);
	tcase_add_test(tc, test_metrics_route_group_of_each_kind_of_pattern);
	tcase_add_test(tc, test_metrics_status_class_by_hundreds);
	tcase_add_test(tc,
	               test_metrics_responses_by_group_and_class_at_metrics);
	tcase_add_test(tc, test_metrics_latency_has_a_bucket_at_two_seconds);
	tcase_add_test(tc, test_metrics_prober_tick_and_settings_at_metrics);
	suite_add_tcase(s, tc);
	return s;
}
