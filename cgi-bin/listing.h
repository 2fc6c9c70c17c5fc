/* listing.h: which models a list shows and in what order, shared by the monitoring page and the JSON API. */
#ifndef AIGO_LISTING_H
#define AIGO_LISTING_H

#include "input.h"
#include "stats.h"

/* Selects the models of ds that pass in's filters (provider, status, active,
 * q: a substring of name or slug, ignoring ASCII case) and sorts them by
 * in's sort and order; ties keep the dataset's provider-then-model order.
 * Returns the count and the model indexes in *out (arena memory). */
size_t listing_models(const struct input *in, const struct dataset *ds,
                      const struct stats *st, struct arena *a, size_t **out);

/* Makes sub a copy of ds holding only the models of provider (a slug, or
 * "" for all) and model (a slug, or "" for all), with their providers,
 * latest checks, window counts and histories, so that stats_compute over
 * sub gives the numbers of that selection. Arrays in arena memory. Returns
 * the number of models kept. */
size_t listing_subset(const struct dataset *ds, const char *provider,
                      const char *model, struct arena *a, struct dataset *sub);

/* The rule for a filter that names nothing: in's provider and model
 * filters, where given, must name a provider and a model of ds (any when
 * ds has no data). Returns NULL when they do; else the key at fault
 * ("provider" or "model"), with *accepted set to ds's provider slugs
 * ("anthropic, google, ...", arena a) for a provider, NULL for a model.
 * Every page and endpoint answers it with 400. */
const char *listing_unknown_filter(const struct input *in,
                                   const struct dataset *ds, struct arena *a,
                                   const char **accepted);

#endif
