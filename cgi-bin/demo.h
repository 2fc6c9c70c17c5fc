/* demo.h: deterministic demo checks for the catalog, recorded through the one write path. */
#ifndef AIGO_DEMO_H
#define AIGO_DEMO_H

#include "store.h"

#define DEMO_INTERVAL 300 /* seconds between two checks of one endpoint */

/* The demo check of one endpoint at time t: a pure function of (seed, model
 * slug, region, t), so a top-up a week later continues the same story.
 * Fills c (status, latency, HTTP status, error, probe kind, error kind,
 * timings; source "demo"). */
void demo_check_at(uint64_t seed, const char *model_slug, const char *region,
                   int64_t degraded_ms, int64_t t, struct check_in *c);

/* The kind of probe the demo says it made of a model: the seed picks
 * about 3 in 10 models for reachability, 4 for inference, 3 for stream. */
enum probe_kind demo_probe_kind(uint64_t seed, const char *model_slug);

/* Whether the demo checks this model only every 6 hours (so its status is
 * mostly unknown): the two active models the seed picks. */
int demo_is_sparse(uint64_t seed, const char *model_slug,
                   const struct endpoint_info *eps, long n_eps);

/* Records the demo checks of every active endpoint from the later of its
 * last check and now - days, up to now. Returns the number of new checks,
 * or -1 with err set (whatever batches committed before stay). */
long demo_fill(struct store *s, uint64_t seed, int days, int64_t now, char *err,
               size_t errlen);

#endif
