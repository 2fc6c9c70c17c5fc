/* listing.c: which models a list shows and in what order, shared by the monitoring page and the JSON API. */
#include "listing.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"

/* Whether model m passes the filters of in. */
static int
model_shown(const struct input *in, const struct dataset *ds,
            const struct stats *st, size_t m)
{
	const struct model *md = &ds->models[m];

	if (in->provider[0] != '\0' &&
	    strcmp(ds->providers[md->provider].slug, in->provider) != 0)
		return 0;
	if (in->active >= 0 && md->is_active != in->active)
		return 0;
	if (in->q[0] != '\0' && strcasestr(md->name, in->q) == NULL &&
	    strcasestr(md->slug, in->q) == NULL)
		return 0;
	if (in->status < 0)
		return 1;
	if (in->status == FILTER_INACTIVE)
		return !md->is_active;
	return md->is_active && (int)st->models[m].status == in->status;
}

struct sort_ctx {
	const struct input *in;
	const struct dataset *ds;
	const struct stats *st;
};

static int
cmp_int64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

/* The list's order; ties fall back to provider, then model order. */
static int
model_order(const void *x, const void *y, void *ctx)
{
	const struct sort_ctx *c = ctx;
	size_t i = *(const size_t *)x, j = *(const size_t *)y;
	const struct model *a = &c->ds->models[i], *b = &c->ds->models[j];
	const struct model_stat *sa = &c->st->models[i],
	                        *sb = &c->st->models[j];
	int r = 0;

	switch (c->in->sort) {
	case SORT_MODEL:
		r = strcasecmp(a->name, b->name);
		break;
	case SORT_STATUS:
		r = (a->is_active ? (int)sa->status : STATUS__MAX) -
		    (b->is_active ? (int)sb->status : STATUS__MAX);
		break;
	case SORT_LATENCY:
		r = cmp_int64(sa->latency_ms, sb->latency_ms);
		break;
	case SORT_AVAILABILITY:
		r = cmp_int64(
		    sa->has_availability[WINDOW_24H]
		        ? (int64_t)(sa->availability[WINDOW_24H] * 1000)
		        : -1,
		    sb->has_availability[WINDOW_24H]
		        ? (int64_t)(sb->availability[WINDOW_24H] * 1000)
		        : -1);
		break;
	case SORT_CHECKED:
		r = cmp_int64(sa->last_checked, sb->last_checked);
		break;
	case SORT_PROVIDER:
	case SORT__MAX:
		break;
	}
	if (c->in->descending)
		r = -r;
	return r != 0 ? r : cmp_int64((int64_t)i, (int64_t)j);
}

size_t
listing_models(const struct input *in, const struct dataset *ds,
               const struct stats *st, struct arena *a, size_t **out)
{
	size_t *order = arena_alloc(a, sizeof(*order) * (ds->n_models + 1));
	size_t n = 0;
	struct sort_ctx ctx = {in, ds, st};

	for (size_t m = 0; m < ds->n_models; m++)
		if (model_shown(in, ds, st, m))
			order[n++] = m;
	qsort_r(order, n, sizeof(*order), model_order, &ctx);
	*out = order;
	return n;
}

size_t
listing_subset(const struct dataset *ds, const char *provider,
               const char *model, struct arena *a, struct dataset *sub)
{
	size_t *pmap = arena_alloc(a, sizeof(*pmap) * (ds->n_providers + 1));
	size_t *mmap = arena_alloc(a, sizeof(*mmap) * (ds->n_models + 1));
	size_t *keep = arena_alloc(a, sizeof(*keep) * (ds->n_models + 1));
	size_t n = 0;

	*sub = *ds;
	sub->providers =
	    arena_alloc(a, sizeof(*sub->providers) * (ds->n_providers + 1));
	sub->models = arena_alloc(a, sizeof(*sub->models) * (ds->n_models + 1));
	sub->latest = arena_alloc(a, sizeof(*sub->latest) * (ds->n_latest + 1));
	for (int w = 0; w < WINDOW__MAX; w++)
		sub->window[w] = ds->window[w]
		                     ? arena_alloc(a, sizeof(*sub->window[w]) *
		                                          (ds->n_models + 1))
		                     : NULL;
	sub->n_providers = sub->n_models = sub->n_latest = 0;
	for (size_t p = 0; p < ds->n_providers; p++)
		pmap[p] = SIZE_MAX;
	for (size_t m = 0; m < ds->n_models; m++) {
		const struct model *md = &ds->models[m];
		const struct provider *pr = &ds->providers[md->provider];

		mmap[m] = SIZE_MAX;
		if ((*provider && strcmp(pr->slug, provider) != 0) ||
		    (*model && strcmp(md->slug, model) != 0))
			continue;
		if (pmap[md->provider] == SIZE_MAX) {
			pmap[md->provider] = sub->n_providers;
			sub->providers[sub->n_providers++] = *pr;
		}
		mmap[m] = n;
		keep[n] = m;
		sub->models[n] = *md;
		sub->models[n].provider = pmap[md->provider];
		for (int w = 0; w < WINDOW__MAX; w++)
			if (ds->window[w] != NULL)
				sub->window[w][n] = ds->window[w][m];
		n++;
	}
	sub->n_models = n;
	for (size_t i = 0; i < ds->n_latest; i++)
		if (mmap[ds->latest[i].model] != SIZE_MAX) {
			sub->latest[sub->n_latest] = ds->latest[i];
			sub->latest[sub->n_latest++].model =
			    mmap[ds->latest[i].model];
		}
	for (int r = 0; r < RANGE__MAX; r++) {
		const struct history *h = &ds->hist[r];
		size_t nb = (size_t)h->n_buckets;

		if (h->counts == NULL)
			continue;
		sub->hist[r].counts =
		    arena_alloc(a, sizeof(*h->counts) * (n * nb + 1));
		sub->hist[r].samples =
		    h->samples
		        ? arena_alloc(a, sizeof(*h->samples) * (n * nb + 1))
		        : NULL;
		for (size_t k = 0; k < n; k++) {
			memcpy(&sub->hist[r].counts[k * nb],
			       &h->counts[keep[k] * nb],
			       sizeof(*h->counts) * nb);
			if (h->samples != NULL)
				memcpy(&sub->hist[r].samples[k * nb],
				       &h->samples[keep[k] * nb],
				       sizeof(*h->samples) * nb);
		}
	}
	return n;
}

const char *
listing_unknown_filter(const struct input *in, const struct dataset *ds,
                       struct arena *a, const char **accepted)
{
	struct buf b = {0};
	size_t p = 0, m = 0;

	*accepted = NULL;
	if (ds->source == SOURCE_NONE)
		return NULL;
	while (in->model[0] != '\0' && m < ds->n_models &&
	       strcmp(ds->models[m].slug, in->model) != 0)
		m++;
	if (in->model[0] != '\0' && m == ds->n_models)
		return "model";
	while (in->provider[0] != '\0' && p < ds->n_providers &&
	       strcmp(ds->providers[p].slug, in->provider) != 0)
		p++;
	if (in->provider[0] == '\0' || p < ds->n_providers)
		return NULL;
	for (p = 0; p < ds->n_providers; p++)
		buf_printf(&b, "%s%s", p ? ", " : "", ds->providers[p].slug);
	*accepted = b.len > 0 ? arena_strndup(a, b.data, b.len) : NULL;
	buf_free(&b);
	return "provider";
}
