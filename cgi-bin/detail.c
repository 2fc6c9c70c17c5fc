/* detail.c: the numbers of one model's page: per-region availability windows and per-bucket latency and time-to-first-token percentiles, pure. */
#include "detail.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "stats.h"

int64_t
detail_percentile(const int64_t *sorted, size_t n, int p)
{
	size_t rank;

	if (n == 0)
		return -1;
	/* ceil(p / 100 * n), at least 1 */
	rank = ((size_t)p * n + 99) / 100;
	if (rank < 1)
		rank = 1;
	return sorted[rank - 1];
}

static int
int64_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Fills one region's details from its rows (sorted by time). */
static void
region_fill(const struct check_row *rows, size_t n, const struct history *h,
            int64_t now, struct arena *a, struct region_detail *d)
{
	int nb = h->n_buckets;
	int64_t *lat = arena_alloc(a, sizeof(*lat) * (n + 1));
	int64_t *ttft = arena_alloc(a, sizeof(*ttft) * (n + 1));
	struct counts *bc = arena_alloc(a, sizeof(*bc) * (size_t)(nb + 1));
	size_t i = 0;

	d->region = rows[0].region;
	d->n_buckets = nb;
	d->p50 = arena_alloc(a, sizeof(*d->p50) * (size_t)(nb + 1));
	d->p95 = arena_alloc(a, sizeof(*d->p95) * (size_t)(nb + 1));
	d->ttft_p50 = arena_alloc(a, sizeof(*d->ttft_p50) * (size_t)(nb + 1));
	d->ttft_p95 = arena_alloc(a, sizeof(*d->ttft_p95) * (size_t)(nb + 1));
	d->has_ttft = 0;
	d->availability =
	    arena_alloc(a, sizeof(*d->availability) * (size_t)(nb + 1));
	d->has_availability =
	    arena_alloc(a, sizeof(*d->has_availability) * (size_t)(nb + 1));
	for (size_t k = 0; k < n; k++)
		for (int w = 0; w < WINDOW__MAX; w++)
			if (rows[k].checked_at > now - window_secs[w] &&
			    rows[k].checked_at <= now)
				d->window[w].n[rows[k].status]++;
	for (int b = 0; b < nb; b++) {
		int64_t start = h->first_bucket + b * h->bucket_secs;
		size_t nl = 0, nt = 0;

		while (i < n && rows[i].checked_at < start)
			i++;
		for (; i < n && rows[i].checked_at < start + h->bucket_secs;
		     i++) {
			bc[b].n[rows[i].status]++;
			if (rows[i].latency_ms >= 0)
				lat[nl++] = rows[i].latency_ms;
			if (rows[i].ttft_ms >= 0)
				ttft[nt++] = rows[i].ttft_ms;
		}
		qsort(lat, nl, sizeof(*lat), int64_cmp);
		d->p50[b] = detail_percentile(lat, nl, 50);
		d->p95[b] = detail_percentile(lat, nl, 95);
		qsort(ttft, nt, sizeof(*ttft), int64_cmp);
		d->ttft_p50[b] = detail_percentile(ttft, nt, 50);
		d->ttft_p95[b] = detail_percentile(ttft, nt, 95);
		d->has_ttft |= nt > 0;
		d->has_availability[b] =
		    stats_availability(&bc[b], &d->availability[b]);
	}
}

size_t
detail_compute(const struct check_row *rows, size_t n,
               const struct history *layout, int64_t now, struct arena *a,
               struct region_detail **out)
{
	size_t regions = 0, start = 0;
	struct region_detail *d;

	for (size_t k = 0; k < n; k++)
		if (k == 0 || strcmp(rows[k].region, rows[k - 1].region) != 0)
			regions++;
	d = arena_alloc(a, sizeof(*d) * (regions + 1));
	regions = 0;
	for (size_t k = 1; k <= n; k++)
		if (k == n || strcmp(rows[k].region, rows[k - 1].region) != 0) {
			region_fill(rows + start, k - start, layout, now, a,
			            &d[regions++]);
			start = k;
		}
	*out = d;
	return regions;
}
