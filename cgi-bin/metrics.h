/* metrics.h: request counters and latency histograms shared by every worker, for GET /metrics. */
#ifndef AIGO_METRICS_H
#define AIGO_METRICS_H

#include <stddef.h>
#include <stdint.h>

#define METRICS_ROUTES 64 /* route table entries counted; one more: none */
#define METRICS_BUCKETS 15
#define METRICS_PROBE_STATUSES 3 /* operational, degraded, outage */
#define METRICS_PROBE_ERRORS 16  /* error kinds of probes, 0: none */

/* The HTTP statuses counted one by one (others count as the last). */
extern const int metrics_statuses[];
extern const size_t metrics_n_statuses;
/* The upper bounds of the latency buckets, in seconds (+Inf follows). */
extern const double metrics_bounds[METRICS_BUCKETS];

/* Where a worker was when it died (a signal or a non-zero exit): serving a
 * request, or outside one (starting, or waiting for a request). */
enum metrics_during { DURING_REQUEST, DURING_IDLE, DURING__MAX };
extern const char *const metrics_during_names[DURING__MAX];

/* The route groups that aigo_http_responses_total counts apart, for
 * alerting rules that must not depend on the route table's patterns:
 * the pages (HTML and feeds), the JSON API read and written by people
 * and scripts, ingest (POST /api/v1/checks, written by probe nodes), the
 * operators' endpoints (/healthz, /readyz, /metrics), and requests no
 * route matched. */
enum metrics_group {
	GROUP_PAGE,
	GROUP_API,
	GROUP_INGEST,
	GROUP_OPS,
	GROUP_NONE,
	GROUP__MAX
};
extern const char *const metrics_group_names[GROUP__MAX];

/* The classes of HTTP statuses counted apart: 2xx, 3xx, 4xx, 5xx (a
 * status below 200 counts as 2xx, one of 600 or more as 5xx). */
enum metrics_class { CLASS_2XX, CLASS_3XX, CLASS_4XX, CLASS_5XX, CLASS__MAX };
extern const char *const metrics_class_names[CLASS__MAX];

struct metrics {
	uint64_t requests[METRICS_ROUTES + 1][16];
	uint64_t latency[METRICS_ROUTES + 1][METRICS_BUCKETS + 1];
	uint64_t latency_sum_us[METRICS_ROUTES + 1];
	uint64_t fallback_activations; /* a worker turned to the snapshot */
	uint64_t database_errors;      /* reads of the database that failed */
	uint64_t worker_crashes[DURING__MAX]; /* counted by aigo serve */
	/* The prober (aigo probe): probes by status and error kind, how
	 * late each started (actual - planned start, metrics_bounds
	 * buckets), and planned starts skipped because the endpoint's
	 * previous probe was still running. */
	uint64_t probes[METRICS_PROBE_STATUSES][METRICS_PROBE_ERRORS];
	uint64_t probe_lateness[METRICS_BUCKETS + 1];
	uint64_t probe_lateness_sum_us;
	uint64_t probe_lateness_max_us;
	uint64_t probes_skipped;
	/* The prober's reads of the providers' status APIs: by result (0:
	 * read, 1: failed), and how late each started (seconds, summed and
	 * the latest). */
	uint64_t status_reads[2];
	uint64_t status_lateness_sum_us;
	uint64_t status_lateness_max_us;
	/* Answers by route (as requests[][]) and status class; /metrics
	 * sums the routes of a group (metrics_route_group). */
	uint64_t responses[METRICS_ROUTES + 1][CLASS__MAX];
	/* When the scheduled prober last wrote its tick (Unix seconds; 0:
	 * not yet since aigo serve started). */
	int64_t probe_tick_at;
};

/* Puts the counters in memory shared with the processes forked after this
 * call (aigo serve calls it before it starts workers). Without it they are
 * the process's own. Returns 0, or -1 when shared memory is refused. */
int metrics_share(void);

/* The counters (never NULL). */
struct metrics *metrics(void);

/* Counts one request: route index (-1: none matched), HTTP status, and
 * seconds it took. */
void metrics_request(int route, int status, double seconds);

/* Counts one probe: its status (0..2) and error kind (0: none), and how
 * many seconds after its planned start it started. */
void metrics_probe(int status, int error, double lateness);

/* Counts one read of a provider's status API: failed (0: it was read),
 * and how many seconds after its planned start it started. */
void metrics_status_read(int failed, double lateness);

/* The group of a route table pattern ("/api/v1/models/{slug}": api;
 * NULL: none). Pure: only the pattern's text is read. */
enum metrics_group metrics_route_group(const char *pattern);

/* The class of an HTTP status (404: CLASS_4XX). */
enum metrics_class metrics_status_class(int status);

/* Records that the scheduled prober finished a tick at Unix second now
 * (the last one wins). */
void metrics_probe_tick(int64_t now);

/* Adds one to a counter, safely across processes. */
void metrics_add(uint64_t *counter);

#endif
