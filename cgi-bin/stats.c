/* stats.c: the one computation of every number shown (DESIGN section 3), pure over a dataset. */
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int
stats_availability(const struct counts *c, double *pct)
{
	int64_t up = c->n[STATUS_OPERATIONAL] + c->n[STATUS_DEGRADED];
	int64_t all = up + c->n[STATUS_OUTAGE];

	if (all == 0)
		return 0;
	*pct = (double)up * 100.0 / (double)all;
	return 1;
}

enum status
stats_region_status(const struct region_latest *r, int64_t now,
                    int64_t freshness)
{
	/* Now bounds every view: a check later than now counts nowhere. */
	if (r->has_check && r->checked_at <= now &&
	    now - r->checked_at < freshness && r->status < STATUS_UNKNOWN)
		return r->status;
	return STATUS_UNKNOWN;
}

/* The status now of one model over its regions' fresh latest checks: the
 * same rule as buckets, counting one latest check per fresh region. */
static void
model_now(const struct dataset *ds, size_t first, size_t n, int64_t freshness,
          struct model_stat *ms)
{
	struct counts fresh = {{0}};
	int kinds[PROBE_KIND__MAX + 1] = {0};

	ms->last_checked = 0;
	ms->latency_ms = -1;
	for (size_t i = first; i < first + n; i++) {
		const struct region_latest *r = &ds->latest[i];

		if (!r->has_check)
			continue;
		kinds[r->probe_kind <= PROBE_KIND__MAX ? r->probe_kind
		                                       : PROBE_KIND__MAX]++;
		if (r->checked_at > ms->last_checked) {
			ms->last_checked = r->checked_at;
			ms->latency_ms = r->latency_ms;
		}
		enum status rs = stats_region_status(r, ds->now, freshness);
		if (rs < STATUS_UNKNOWN)
			fresh.n[rs]++;
	}
	ms->status = status_of_counts(&fresh);
	ms->reachability_only = kinds[PROBE_KIND_REACHABILITY] > 0 &&
	                        kinds[PROBE_KIND_INFERENCE] == 0 &&
	                        kinds[PROBE_KIND_STREAM] == 0;
}

static void
compute_history(const struct dataset *ds, const struct history *h,
                struct stats *st, struct arena *arena)
{
	int nb = h->n_buckets;

	st->n_points = nb + 1;
	st->buckets =
	    arena_alloc(arena, sizeof(*st->buckets) * (size_t)(nb + 1));
	for (int b = 0; b < nb; b++) {
		struct bucket_stat *bs = &st->buckets[b];
		int64_t sum[STATUS__MAX] = {0};
		double avail = 0;
		int n = 0;

		memset(bs, 0, sizeof(*bs));
		bs->start = h->first_bucket + (int64_t)b * h->bucket_secs;
		bs->n_samples = h->n_instants[b];
		for (size_t m = 0; m < ds->n_models; m++) {
			size_t i = m * (size_t)nb + (size_t)b;
			double pct;

			if (!ds->models[m].is_active)
				continue;
			for (int s = 0; s < STATUS__MAX; s++)
				sum[s] += h->samples[i].n[s];
			if (stats_availability(&h->counts[i], &pct)) {
				avail += pct;
				n++;
			}
		}
		for (int s = 0; s < STATUS__MAX && bs->n_samples > 0; s++)
			bs->by_status[s] =
			    (double)sum[s] / (double)bs->n_samples;
		bs->has_availability = n > 0;
		bs->availability = n > 0 ? avail / n : 0;
	}
	/* The last point is "now": the headline itself. */
	struct bucket_stat *now = &st->buckets[nb];
	memset(now, 0, sizeof(*now));
	now->start = ds->now;
	now->n_samples = 1;
	for (int s = 0; s < STATUS__MAX; s++)
		now->by_status[s] = st->by_status[s];
	now->availability = st->avg_availability;
	now->has_availability = st->has_avg_availability;
}

int
stats_compute(const struct dataset *ds, enum range range, int64_t freshness,
              struct arena *arena, struct stats *st, const char **why)
{
	size_t li = 0;
	double sum = 0;
	int n_avail = 0;

	memset(st, 0, sizeof(*st));
	st->models =
	    arena_alloc(arena, sizeof(*st->models) * (ds->n_models + 1));
	st->per_provider = arena_alloc(arena, sizeof(*st->per_provider) *
	                                          (ds->n_providers + 1));
	st->providers = (int)ds->n_providers;
	st->total = (int)ds->n_models;

	for (size_t m = 0; m < ds->n_models; m++) {
		const struct model *md = &ds->models[m];
		struct model_stat *ms = &st->models[m];
		struct provider_stat *ps = &st->per_provider[md->provider];

		/* dataset.latest is grouped by model in model order. */
		while (li < ds->n_latest && ds->latest[li].model < m)
			li++;
		ms->first_region = li;
		while (li < ds->n_latest && ds->latest[li].model == m)
			li++;
		ms->n_regions = li - ms->first_region;

		model_now(ds, ms->first_region, ms->n_regions, freshness, ms);
		for (int w = 0; w < WINDOW__MAX; w++)
			ms->has_availability[w] =
			    ds->window[w] != NULL &&
			    stats_availability(&ds->window[w][m],
			                       &ms->availability[w]);
		ps->total++;
		if (!md->is_active)
			continue;
		st->active++;
		st->by_status[ms->status]++;
		ps->active++;
		ps->by_status[ms->status]++;
		if (ms->has_availability[WINDOW_24H]) {
			sum += ms->availability[WINDOW_24H];
			n_avail++;
		}
	}
	st->has_avg_availability = n_avail > 0;
	st->avg_availability = n_avail > 0 ? sum / n_avail : 0;
	if (range < RANGE__MAX && ds->hist[range].counts != NULL &&
	    ds->hist[range].samples != NULL)
		compute_history(ds, &ds->hist[range], st, arena);

	*why = stats_check_invariants(st);
	return *why == NULL ? 0 : -1;
}

const char *
stats_check_invariants(const struct stats *st)
{
	int sum = 0;

	for (int s = 0; s < STATUS__MAX; s++) {
		if (st->by_status[s] < 0)
			return "negative status count";
		sum += st->by_status[s];
	}
	if (st->active > st->total)
		return "active > total";
	if (sum != st->active)
		return "statuses do not add up to active";
	if (st->has_avg_availability &&
	    !(st->avg_availability >= 0 && st->avg_availability <= 100))
		return "availability outside [0, 100]";
	if (st->n_points > 0) {
		const struct bucket_stat *now = &st->buckets[st->n_points - 1];

		for (int s = 0; s < STATUS__MAX; s++)
			if (now->by_status[s] != st->by_status[s])
				return "chart's now point differs from the "
				       "headline";
		for (int b = 0; b < st->n_points; b++) {
			double bsum = 0;

			if (st->buckets[b].n_samples == 0)
				continue; /* no data yet */
			for (int s = 0; s < STATUS__MAX; s++)
				bsum += st->buckets[b].by_status[s];
			if (fabs(bsum - st->active) > 1e-6)
				return "a bucket's statuses do not add up to "
				       "active";
		}
	}
	return NULL;
}

int
stats_provider_availability(const struct dataset *ds, const struct stats *st,
                            size_t provider, enum window w, double *pct)
{
	double sum = 0;
	int n = 0;

	for (size_t m = 0; m < ds->n_models; m++) {
		const struct model_stat *ms = &st->models[m];

		if (ds->models[m].provider != provider ||
		    !ds->models[m].is_active || !ms->has_availability[w])
			continue;
		sum += ms->availability[w];
		n++;
	}
	if (n == 0)
		return 0;
	*pct = sum / n;
	return 1;
}

static int
cmp_int64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

int64_t
stats_provider_latency(const struct dataset *ds, const struct stats *st,
                       size_t provider, struct arena *arena)
{
	int64_t *v = arena_alloc(arena, sizeof(*v) * (ds->n_models + 1));
	size_t n = 0;

	for (size_t m = 0; m < ds->n_models; m++)
		if (ds->models[m].provider == provider &&
		    ds->models[m].is_active && st->models[m].latency_ms >= 0)
			v[n++] = st->models[m].latency_ms;
	if (n == 0)
		return -1;
	qsort(v, n, sizeof(*v), cmp_int64);
	return v[(n - 1) / 2];
}
