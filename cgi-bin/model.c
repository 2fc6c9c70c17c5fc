/* model.c: the data vocabulary's tables: status, range, window and data-source names, and the order of latest checks. */
#include "model.h"

#include <string.h>

const char *const status_names[STATUS__MAX] = {
    "operational",
    "degraded",
    "outage",
    "unknown",
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

int
region_latest_cmp(const void *a, const void *b)
{
	const struct region_latest *x = a, *y = b;

	if (x->model != y->model)
		return x->model < y->model ? -1 : 1;
	return strcmp(x->region, y->region);
}
