/* rules.c: the status rules the store, the snapshot and the stats share (DESIGN 3): a status from counts, the status at sample instants, the bucket layout. */
#include "rules.h"

#include <string.h>

enum status
status_of_counts(const struct counts *c)
{
	int64_t all = c->n[STATUS_OPERATIONAL] + c->n[STATUS_DEGRADED] +
	              c->n[STATUS_OUTAGE];

	if (all == 0)
		return STATUS_UNKNOWN;
	if (c->n[STATUS_OPERATIONAL] == all)
		return STATUS_OPERATIONAL;
	if (c->n[STATUS_OUTAGE] == all)
		return STATUS_OUTAGE;
	return STATUS_DEGRADED;
}

void
status_at_instants(const struct check_row *rows, size_t n_rows, int64_t first,
                   int64_t step, size_t n, int64_t freshness, enum status *out,
                   struct arena *a)
{
	/* Per instant, its fresh regions by status. */
	struct counts *fresh = arena_alloc(a, sizeof(*fresh) * (n + 1));

	memset(fresh, 0, sizeof(*fresh) * (n + 1));
	for (size_t i = 0; i < n_rows; i++) {
		size_t j = i + 1;
		int64_t from, until, k0, k1;

		if (rows[i].status >= STATUS_UNKNOWN)
			continue;
		/* The next check of the region ends this one's reign. */
		from = rows[i].checked_at;
		until = from + freshness; /* fresh while t - from < W */
		if (j < n_rows && strcmp(rows[j].region, rows[i].region) == 0 &&
		    rows[j].checked_at < until)
			until = rows[j].checked_at;
		/* Instants k with from <= first + k * step < until. */
		k0 = from <= first ? 0 : (from - first + step - 1) / step;
		k1 = until <= first ? 0 : (until - first + step - 1) / step;
		if (k1 > (int64_t)n)
			k1 = (int64_t)n;
		for (int64_t k = k0; k < k1; k++)
			fresh[k].n[rows[i].status]++;
	}
	for (size_t k = 0; k < n; k++)
		out[k] = status_of_counts(&fresh[k]);
}

void
history_layout(enum range r, int64_t now, struct history *h)
{
	h->n_buckets = ranges[r].buckets;
	h->bucket_secs = ranges[r].bucket_secs;
	h->first_bucket = now - now % h->bucket_secs -
	                  (int64_t)(h->n_buckets - 1) * h->bucket_secs;
}

void
history_fill_unknown(struct history *h, size_t n_models)
{
	for (size_t m = 0; m < n_models; m++)
		for (int b = 0; b < h->n_buckets; b++) {
			struct samples *x =
			    &h->samples[m * (size_t)h->n_buckets + (size_t)b];
			int64_t u = h->n_instants[b] -
			            x->n[STATUS_OPERATIONAL] -
			            x->n[STATUS_DEGRADED] - x->n[STATUS_OUTAGE];

			x->n[STATUS_UNKNOWN] = u > 0 ? u : 0;
		}
}
