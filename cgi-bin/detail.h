/* detail.h: the numbers of one model's page: per-region availability windows and per-bucket latency and time-to-first-token percentiles, pure. */
#ifndef AIGO_DETAIL_H
#define AIGO_DETAIL_H

#include "store.h"

/* One region's series over the buckets of a history layout. */
struct region_detail {
	const char *region;
	struct counts window[WINDOW__MAX]; /* checks in (now - w, now] */
	int n_buckets;
	int64_t *p50, *p95; /* latency per bucket in ms; -1: no latency */
	/* Time to first token per bucket in ms (the stream probes' checks
	 * that measured it); -1: none in the bucket. */
	int64_t *ttft_p50, *ttft_p95;
	int has_ttft;         /* some bucket has a time to first token */
	double *availability; /* per bucket, percent */
	int *has_availability;
};

/* Nearest-rank percentile p (0 < p <= 100) of the n sorted values. */
int64_t detail_percentile(const int64_t *sorted, size_t n, int p);

/* Groups rows (sorted by region, then time; covering at least the layout's
 * buckets and the windows that end at now) into one detail per region, in
 * region order: per bucket the nearest-rank p50 and p95 of the latencies
 * and of the times to first token measured in it. Returns the number of
 * regions; *out in arena memory. */
size_t detail_compute(const struct check_row *rows, size_t n,
                      const struct history *layout, int64_t now,
                      struct arena *a, struct region_detail **out);

#endif
