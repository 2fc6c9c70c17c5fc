/* stats.h: the one computation of every number shown (DESIGN section 3), pure over a dataset. */
#ifndef AIGO_STATS_H
#define AIGO_STATS_H

#include "model.h"
#include "arena.h"
#include "rules.h"

struct model_stat {
	enum status status;
	/* Percent over each rolling window; valid where has_availability
	 * (the window was read and holds checks). */
	double availability[WINDOW__MAX];
	int has_availability[WINDOW__MAX];
	int64_t last_checked; /* latest check of any region; 0 if none */
	int64_t latency_ms;   /* latency of that check; -1 if none */
	/* Some region's latest check is a reachability probe and none is an
	 * inference or stream one: its status shows that the API answers,
	 * not that the model does (DESIGN 2.7). */
	int reachability_only;
	size_t first_region, n_regions; /* slice of dataset.latest */
};

struct provider_stat {
	int total, active;
	int by_status[STATUS__MAX];
};

struct bucket_stat {
	int64_t start;
	/* The mean over the bucket's sample instants of the active models
	 * in each status: decimals that add up to the active models; valid
	 * when n_samples > 0 ("no data yet" otherwise). The "now" point has
	 * the headline's counts and one sample. */
	double by_status[STATUS__MAX];
	int64_t n_samples;
	double availability; /* mean over active models with checks */
	int has_availability;
};

struct stats {
	int total, active;
	int by_status[STATUS__MAX];
	double avg_availability;
	int has_avg_availability;
	int providers;
	struct model_stat *models;          /* per dataset.models */
	struct provider_stat *per_provider; /* per dataset.providers */
	struct bucket_stat *buckets; /* n_buckets + 1: the last one is "now" */
	int n_points;                /* 0 when the dataset has no history */
};

/* A region's status at now: its latest check's status when that check is
 * at or before now and younger than freshness seconds, else unknown. */
enum status stats_region_status(const struct region_latest *r, int64_t now,
                                int64_t freshness);

/* Availability in percent of c: (operational + degraded) / all * 100.
 * Returns 0 and leaves *pct alone when c has no checks. */
int stats_availability(const struct counts *c, double *pct);

/* Computes every number of DESIGN section 3 from ds, with freshness window
 * `freshness` seconds, and the history of range (RANGE__MAX, or a range
 * ds has not read: no history, n_points 0). Memory comes from arena.
 * Returns 0, or -1 when the output breaks an invariant of DESIGN section
 * 2.1 (then *why says which). */
int stats_compute(const struct dataset *ds, enum range range, int64_t freshness,
                  struct arena *arena, struct stats *out, const char **why);

/* Checks the invariants of DESIGN 2.1 on st; returns NULL or what is wrong. */
const char *stats_check_invariants(const struct stats *st);

/* A provider's availability over window w (badges): DESIGN's
 * avgAvailability rule over the provider's models only, the mean of
 * st->models[m].availability[w] over its active models with a check in
 * the window. Returns 0 (and leaves *pct alone) when none has one or the
 * window was not read. */
int stats_provider_availability(const struct dataset *ds,
                                const struct stats *st, size_t provider,
                                enum window w, double *pct);

/* A provider's latency now (badges): the median of the latest latencies
 * (st->models[m].latency_ms, the API's latencyMs) of its active models
 * that have one, the lower of the two middle ones when their number is
 * even; -1 when none has one. */
int64_t stats_provider_latency(const struct dataset *ds, const struct stats *st,
                               size_t provider, struct arena *arena);

#endif
