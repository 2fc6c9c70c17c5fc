/* model.c: the data vocabulary's tables: status, probe kind, error kind, check source, range, window and data-source names, and the order of latest checks. */
#include "model.h"

#include <string.h>

const char *const status_names[STATUS__MAX] = {
    "operational",
    "degraded",
    "outage",
    "unknown",
};

const char *const probe_kind_names[PROBE_KIND__MAX] = {
    "reachability",
    "inference",
    "stream",
};

const char *const error_kind_names[ERROR_KIND__MAX] = {
    "timeout",      "dns",        "connect",  "tls",      "auth",
    "rate_limited", "overloaded", "http_4xx", "http_5xx", "unexpected_status",
    "empty",        "malformed",
};

const char *const check_source_names[CHECK_SOURCE__MAX] = {
    "probe",
    "ingest",
    "import",
    "demo",
};

const struct range_def ranges[RANGE__MAX] = {
    {"1h", 12, 300},
    {"24h", 24, 3600},
    {"7d", 28, 21600},
    {"30d", 30, 86400},
};

const int64_t window_secs[WINDOW__MAX] = {86400, 7 * 86400, 30 * 86400};
const char *const window_names[WINDOW__MAX] = {"24h", "7d", "30d"};

const char *const data_source_names[SOURCE__MAX] = {
    "database",
    "fallback",
    "none",
};

enum status
status_from_name(const char *s)
{
	for (int i = 0; i < STATUS__MAX; i++)
		if (strcmp(s, status_names[i]) == 0)
			return (enum status)i;
	return STATUS__MAX;
}

/* The index of s in the n names, or n when s (NULL allowed) is none. */
static int
name_index(const char *const *names, int n, const char *s)
{
	int i = 0;

	if (s == NULL)
		return n;
	while (i < n && strcmp(s, names[i]) != 0)
		i++;
	return i;
}

enum probe_kind
probe_kind_from_name(const char *s)
{
	return (enum probe_kind)name_index(probe_kind_names, PROBE_KIND__MAX,
	                                   s);
}

enum error_kind
error_kind_from_name(const char *s)
{
	return (enum error_kind)name_index(error_kind_names, ERROR_KIND__MAX,
	                                   s);
}

void
check_row_clear_probe(struct check_row *c)
{
	c->probe_kind = PROBE_KIND__MAX;
	c->error_kind = ERROR_KIND__MAX;
	c->dns_ms = c->connect_ms = c->tls_ms = c->first_byte_ms = c->ttft_ms =
	    -1;
}

int
region_latest_cmp(const void *a, const void *b)
{
	const struct region_latest *x = a, *y = b;

	if (x->model != y->model)
		return x->model < y->model ? -1 : 1;
	return strcmp(x->region, y->region);
}
