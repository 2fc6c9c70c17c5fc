/* metrics.c: request counters and latency histograms shared by every worker, for GET /metrics. */
#include "metrics.h"

#include <string.h>
#include <sys/mman.h>

#include "arena.h"
#include "http.h"

/* The statuses HTTP_STATUSES marks COUNTED, in its order; 0 stands for the
 * others. */
#define COUNTED(status) status,
#define POOLED(status)
#define METRICS_STATUS(status, reason, code, message, counting) counting(status)
const int metrics_statuses[] = {HTTP_STATUSES(METRICS_STATUS) 0};
#undef METRICS_STATUS
#undef POOLED
#undef COUNTED
const size_t metrics_n_statuses = NELEM(metrics_statuses);
const double metrics_bounds[METRICS_BUCKETS] = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
    0.25,   0.5,   1,      2,     2.5,  5,     10};
const char *const metrics_during_names[DURING__MAX] = {"request", "idle"};
const char *const metrics_group_names[GROUP__MAX] = {"page", "api", "ingest",
                                                     "ops", "none"};
const char *const metrics_class_names[CLASS__MAX] = {"2xx", "3xx", "4xx",
                                                     "5xx"};

static struct metrics own;
static struct metrics *shared;

int
metrics_share(void)
{
	void *p = mmap(NULL, sizeof(struct metrics), PROT_READ | PROT_WRITE,
	               MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return -1;
	shared = p; /* mmap gives zeroed memory */
	return 0;
}

struct metrics *
metrics(void)
{
	return shared ? shared : &own;
}

void
metrics_add(uint64_t *counter)
{
	__atomic_fetch_add(counter, 1, __ATOMIC_RELAXED);
}

enum metrics_group
metrics_route_group(const char *pattern)
{
	if (pattern == NULL)
		return GROUP_NONE;
	if (strcmp(pattern, "/api/v1/checks") == 0)
		return GROUP_INGEST;
	if (strncmp(pattern, "/api/", 5) == 0)
		return GROUP_API;
	if (strcmp(pattern, "/healthz") == 0 ||
	    strcmp(pattern, "/readyz") == 0 ||
	    strcmp(pattern, "/metrics") == 0 ||
	    strcmp(pattern, "/metrics/models") == 0)
		return GROUP_OPS;
	return GROUP_PAGE;
}

enum metrics_class
metrics_status_class(int status)
{
	if (status < 300)
		return CLASS_2XX;
	if (status < 400)
		return CLASS_3XX;
	if (status < 500)
		return CLASS_4XX;
	return CLASS_5XX;
}

void
metrics_probe_tick(int64_t now)
{
	__atomic_store_n(&metrics()->probe_tick_at, now, __ATOMIC_RELAXED);
}

void
metrics_request(int route, int status, double seconds)
{
	struct metrics *m = metrics();
	size_t r = route >= 0 && route < METRICS_ROUTES ? (size_t)route
	                                                : METRICS_ROUTES;
	size_t s = 0, b = 0;

	while (s + 1 < metrics_n_statuses && metrics_statuses[s] != status)
		s++;
	while (b < METRICS_BUCKETS && seconds > metrics_bounds[b])
		b++;
	metrics_add(&m->requests[r][s]);
	metrics_add(&m->responses[r][metrics_status_class(status)]);
	metrics_add(&m->latency[r][b]);
	__atomic_fetch_add(&m->latency_sum_us[r], (uint64_t)(seconds * 1e6),
	                   __ATOMIC_RELAXED);
}

void
metrics_probe(int status, int error, double lateness)
{
	struct metrics *m = metrics();
	uint64_t us = lateness > 0 ? (uint64_t)(lateness * 1e6) : 0;
	uint64_t max;
	size_t b = 0;

	if (status < 0 || status >= METRICS_PROBE_STATUSES)
		return;
	if (error < 0 || error >= METRICS_PROBE_ERRORS)
		error = 0;
	while (b < METRICS_BUCKETS && lateness > metrics_bounds[b])
		b++;
	metrics_add(&m->probes[status][error]);
	metrics_add(&m->probe_lateness[b]);
	__atomic_fetch_add(&m->probe_lateness_sum_us, us, __ATOMIC_RELAXED);
	max = __atomic_load_n(&m->probe_lateness_max_us, __ATOMIC_RELAXED);
	while (us > max && !__atomic_compare_exchange_n(
	                       &m->probe_lateness_max_us, &max, us, 0,
	                       __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
}

void
metrics_status_read(int failed, double lateness)
{
	struct metrics *m = metrics();
	uint64_t us = lateness > 0 ? (uint64_t)(lateness * 1e6) : 0;
	uint64_t max;

	metrics_add(&m->status_reads[failed ? 1 : 0]);
	__atomic_fetch_add(&m->status_lateness_sum_us, us, __ATOMIC_RELAXED);
	max = __atomic_load_n(&m->status_lateness_max_us, __ATOMIC_RELAXED);
	while (us > max && !__atomic_compare_exchange_n(
	                       &m->status_lateness_max_us, &max, us, 0,
	                       __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
}
