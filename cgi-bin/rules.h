/* rules.h: the status rules the store, the snapshot and the stats share (DESIGN 3): a status from counts, the status at sample instants, the bucket layout. */
#ifndef AIGO_RULES_H
#define AIGO_RULES_H

#include "model.h"
#include "arena.h"

/* Status of a set of checks by counts: all operational -> operational, all
 * outage -> outage, none -> unknown, anything else -> degraded. */
enum status status_of_counts(const struct counts *c);

/* The sample instants of history buckets: the 5-minute boundaries. */
#define SAMPLE_SECS 300

/* The status of one model at each of the n instants first + k * step
 * (DESIGN 3, status at an instant): over its regions whose latest check at
 * or before the instant is younger than freshness. rows are the model's
 * checks sorted by region, then time, covering (first - freshness, last
 * instant] (or stand-ins that give the same latest check at each instant).
 * Writes out[0..n). O(rows + n). */
void status_at_instants(const struct check_row *rows, size_t n_rows,
                        int64_t first, int64_t step, size_t n,
                        int64_t freshness, enum status *out, struct arena *a);

/* Sets the unknown samples of every model and bucket of h: the bucket's
 * instants less those counted in a status (never below 0). */
void history_fill_unknown(struct history *h, size_t n_models);

/* Lays out the buckets of range r ending with the bucket that holds now:
 * buckets are aligned to multiples of their width (UTC). Leaves counts. */
void history_layout(enum range r, int64_t now, struct history *h);

#endif
