/* stats.h: the one computation of every number shown (DESIGN section 3), pure over a dataset. */
#ifndef AIGO_STATS_H
#define AIGO_STATS_H

#include "model.h"
#include "arena.h"

struct model_stat {
	enum status status;
	/* Percent over each rolling window; valid where has_availability
	 * (the window was read and holds checks). */
	double availability[WINDOW__MAX];
	int has_availability[WINDOW__MAX];
	int64_t last_checked; /* latest check of any region; 0 if none */
	int64_t latency_ms;   /* latency of that check; -1 if none */
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

/* Status of a set of checks by counts: all operational -> operational, all
 * outage -> outage, none -> unknown, anything else -> degraded. */
enum status stats_status_of_counts(const struct counts *c);

/* A region's status at now: its latest check's status when that check is
 * at or before now and younger than freshness seconds, else unknown. */
enum status stats_region_status(const struct region_latest *r, int64_t now,
                                int64_t freshness);

/* The sample instants of history buckets: the 5-minute boundaries. */
#define STATS_SAMPLE_SECS 300

/* The status of one model at each of the n instants first + k * step
 * (DESIGN 3, status at an instant): over its regions whose latest check at
 * or before the instant is younger than freshness. rows are the model's
 * checks sorted by region, then time, covering (first - freshness, last
 * instant] (or stand-ins that give the same latest check at each instant).
 * Writes out[0..n). O(rows + n). */
void stats_status_at_instants(const struct check_row *rows, size_t n_rows,
                              int64_t first, int64_t step, size_t n,
                              int64_t freshness, enum status *out,
                              struct arena *a);

/* Availability in percent of c: (operational + degraded) / all * 100.
 * Returns 0 and leaves *pct alone when c has no checks. */
int stats_availability(const struct counts *c, double *pct);

/* Sets the unknown samples of every model and bucket of h: the bucket's
 * instants less those counted in a status (never below 0). */
void stats_samples_fill_unknown(struct history *h, size_t n_models);

/* Lays out the buckets of range r ending with the bucket that holds now:
 * buckets are aligned to multiples of their width (UTC). Leaves counts. */
void stats_history_layout(enum range r, int64_t now, struct history *h);

/* Computes every number of DESIGN section 3 from ds, with freshness window
 * `freshness` seconds. Memory comes from arena. Returns 0, or -1 when the
 * output breaks an invariant of DESIGN section 2.1 (then *why says which). */
int stats_compute(const struct dataset *ds, int64_t freshness,
                  struct arena *arena, struct stats *out, const char **why);

/* Checks the invariants of DESIGN 2.1 on st; returns NULL or what is wrong. */
const char *stats_check_invariants(const struct stats *st);

#endif
