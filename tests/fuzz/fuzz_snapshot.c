/* fuzz_snapshot.c: the fallback snapshot reader (snapshot_load, snapshot_dataset, snapshot_lists): what it takes gives numbers that hold the invariants and the status rule, writing it back and reading that gives the same data, numbers and lists, and its lists load into the store in memory or are refused whole. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "fileutil.h"
#include "fuzz.h"
#include "stats.h"
#include "snapshot.h"
#include "store.h"

#define FRESHNESS FRESHNESS_DEFAULT_SECS

static char file[1200], again[1200];
static char *schema; /* db/schema.sql, for the store in memory */

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_env_defaults();
	snprintf(file, sizeof(file), "%s/fallback.json", fuzz_tmpdir());
	snprintf(again, sizeof(again), "%s/again.json", fuzz_tmpdir());
	{
		char path[1200];
		const char *root = getenv("AIGO_ROOT");

		snprintf(path, sizeof(path), "%s/db/schema.sql",
		         root ? root : ".");
		schema = file_read_all(path, NULL);
		if (schema == NULL) {
			fprintf(stderr, "fuzz_snapshot: %s missing\n", path);
			abort();
		}
	}
	return 0;
}

/* The lists read back equal the lists written. */
static void
check_same_lists(const struct snapshot_lists *x, const struct snapshot_lists *y)
{
	FUZZ_ASSERT(x->n_incidents == y->n_incidents &&
	                x->n_maintenances == y->n_maintenances,
	            "the lists' lengths changed");
	for (size_t i = 0; i < x->n_incidents; i++) {
		const struct incident_view *a = &x->incidents[i],
		                           *b = &y->incidents[i];

		FUZZ_ASSERT(
		    a->id == b->id && a->inc.started_at == b->inc.started_at &&
		        a->inc.resolved_at == b->inc.resolved_at &&
		        a->inc.n_events == b->inc.n_events &&
		        a->n_updates == b->n_updates &&
		        a->is_manual == b->is_manual &&
		        (a->title == NULL) == (b->title == NULL) &&
		        (a->model_slug == NULL) == (b->model_slug == NULL),
		    "incident %zu changed", i);
	}
	for (size_t i = 0; i < x->n_maintenances; i++)
		FUZZ_ASSERT(x->maintenances[i].id == y->maintenances[i].id &&
		                x->maintenances[i].n_targets ==
		                    y->maintenances[i].n_targets &&
		                strcmp(x->maintenances[i].title,
		                       y->maintenances[i].title) == 0,
		            "maintenance %zu changed", i);
	for (int r = 0; r < RANGE__MAX; r++) {
		FUZZ_ASSERT(x->exports[r].n == y->exports[r].n,
		            "the %s export's length changed", ranges[r].name);
		for (size_t i = 0; i < x->exports[r].n; i++) {
			const struct export_row *a = &x->exports[r].v[i],
			                        *b = &y->exports[r].v[i];

			FUZZ_ASSERT(a->day == b->day && a->model == b->model &&
			                strcmp(a->region, b->region) == 0 &&
			                a->checks == b->checks &&
			                a->outage == b->outage &&
			                a->degraded == b->degraded &&
			                a->p50_ms == b->p50_ms &&
			                a->p95_ms == b->p95_ms &&
			                a->ttft_p50_ms == b->ttft_p50_ms,
			            "%s export row %zu changed", ranges[r].name,
			            i);
		}
	}
}

/* DESIGN 3: a model's status now from its regions' latest checks. */
static enum status
expected_status(const struct dataset *ds, size_t m)
{
	int fresh = 0, by[STATUS__MAX] = {0};

	for (size_t i = 0; i < ds->n_latest; i++) {
		const struct region_latest *r = &ds->latest[i];

		if (r->model != m || !r->has_check || r->checked_at > ds->now ||
		    ds->now - r->checked_at >= FRESHNESS)
			continue;
		fresh++;
		by[r->status]++;
	}
	if (fresh == 0)
		return STATUS_UNKNOWN;
	if (by[STATUS_OPERATIONAL] == fresh)
		return STATUS_OPERATIONAL;
	if (by[STATUS_OUTAGE] == fresh)
		return STATUS_OUTAGE;
	return STATUS_DEGRADED;
}

/* The numbers of ds, computed here from what stats_compute gave. */
static void
check_stats(const struct dataset *ds, const struct stats *st)
{
	int active = 0, sum = 0, p_total = 0, p_active = 0;

	for (size_t m = 0; m < ds->n_models; m++) {
		const struct model_stat *ms = &st->models[m];

		active += ds->models[m].is_active != 0;
		if (ds->models[m].is_active)
			FUZZ_ASSERT(ms->status == expected_status(ds, m),
			            "model %s is %s, its checks say %s",
			            ds->models[m].slug,
			            status_names[ms->status],
			            status_names[expected_status(ds, m)]);
		for (int w = 0; w < WINDOW__MAX; w++)
			FUZZ_ASSERT(!ms->has_availability[w] ||
			                (ms->availability[w] >= 0 &&
			                 ms->availability[w] <= 100),
			            "model %s: %s availability %g",
			            ds->models[m].slug, window_names[w],
			            ms->availability[w]);
	}
	FUZZ_ASSERT(st->total == (int)ds->n_models, "total %d of %zu models",
	            st->total, ds->n_models);
	FUZZ_ASSERT(st->active == active, "active %d, %d active models",
	            st->active, active);
	for (int s = 0; s < STATUS__MAX; s++)
		sum += st->by_status[s];
	FUZZ_ASSERT(sum == st->active, "statuses add up to %d of %d active",
	            sum, st->active);
	for (size_t p = 0; p < ds->n_providers; p++) {
		int psum = 0;

		for (int s = 0; s < STATUS__MAX; s++)
			psum += st->per_provider[p].by_status[s];
		FUZZ_ASSERT(psum == st->per_provider[p].active,
		            "provider %s: statuses do not add up",
		            ds->providers[p].slug);
		p_total += st->per_provider[p].total;
		p_active += st->per_provider[p].active;
	}
	FUZZ_ASSERT(p_total == st->total && p_active == st->active,
	            "providers add up to %d/%d of %d/%d", p_active, p_total,
	            st->active, st->total);
	FUZZ_ASSERT(!st->has_avg_availability || (st->avg_availability >= 0 &&
	                                          st->avg_availability <= 100),
	            "average availability %g", st->avg_availability);
	/* Each bucket's means of models per status add up to the active
	 * models (but "no data yet"); the "now" point is the headline. */
	for (int b = 0; b < st->n_points; b++) {
		const struct bucket_stat *k = &st->buckets[b];
		double bsum = 0;

		if (k->n_samples == 0)
			continue;
		for (int s = 0; s < STATUS__MAX; s++) {
			FUZZ_ASSERT(k->by_status[s] >= 0,
			            "bucket %d: %g models %s", b,
			            k->by_status[s], status_names[s]);
			bsum += k->by_status[s];
		}
		FUZZ_ASSERT(fabs(bsum - st->active) < 1e-6,
		            "bucket %d adds up to %g of %d active", b, bsum,
		            st->active);
	}
	for (int s = 0; st->n_points > 0 && s < STATUS__MAX; s++)
		FUZZ_ASSERT(st->buckets[st->n_points - 1].by_status[s] ==
		                st->by_status[s],
		            "the chart's now point is not the headline");
}

/* Orders latest rows by everything they hold. */
static int
row_cmp(const void *x, const void *y)
{
	const struct region_latest *r = x, *s = y;
	int c = (r->model > s->model) - (r->model < s->model);

	if (c == 0)
		c = strcmp(r->region, s->region);
	if (c == 0)
		c = memcmp(&r->has_check, &s->has_check,
		           sizeof(*r) -
		               offsetof(struct region_latest, has_check));
	return c;
}

/* ds's latest rows in row_cmp order (the reader's order leaves rows of the
 * same model and region in any order). */
static struct region_latest *
sorted_rows(const struct dataset *ds, struct arena *a)
{
	struct region_latest *rows =
	    arena_alloc(a, (ds->n_latest + 1) * sizeof(*rows));

	for (size_t i = 0; i < ds->n_latest; i++) {
		/* Compare fields, not padding: copy them one by one. */
		memset(&rows[i], 0, sizeof(rows[i]));
		rows[i].model = ds->latest[i].model;
		rows[i].region = ds->latest[i].region;
		rows[i].has_check = ds->latest[i].has_check;
		rows[i].checked_at =
		    ds->latest[i].has_check ? ds->latest[i].checked_at : 0;
		rows[i].status =
		    ds->latest[i].has_check ? ds->latest[i].status : 0;
		rows[i].latency_ms = ds->latest[i].latency_ms;
		rows[i].http_status = ds->latest[i].http_status;
		rows[i].probe_kind = ds->latest[i].probe_kind;
		rows[i].error_kind = ds->latest[i].error_kind;
	}
	qsort(rows, ds->n_latest, sizeof(*rows), row_cmp);
	return rows;
}

/* Whether a and b (either may be NULL when n is 0) hold the same n bytes. */
static int
same_mem(const void *a, const void *b, size_t n)
{
	return n == 0 || (a != NULL && b != NULL && memcmp(a, b, n) == 0);
}

static int
same_str(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	       (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* b (read back from what a wrote) holds a's data. */
static void
check_same(const struct dataset *a, const struct dataset *b,
           struct arena *arena)
{
	const struct region_latest *ra, *rb;

	FUZZ_ASSERT(a->now == b->now && a->is_demo == b->is_demo,
	            "time or demo flag changed");
	FUZZ_ASSERT(a->n_providers == b->n_providers &&
	                a->n_models == b->n_models &&
	                a->n_latest == b->n_latest,
	            "%zu/%zu/%zu providers/models/rows became %zu/%zu/%zu",
	            a->n_providers, a->n_models, a->n_latest, b->n_providers,
	            b->n_models, b->n_latest);
	for (size_t i = 0; i < a->n_providers; i++) {
		const struct provider *p = &a->providers[i],
		                      *q = &b->providers[i];

		FUZZ_ASSERT(same_str(p->slug, q->slug) &&
		                same_str(p->name, q->name) &&
		                same_str(p->website, q->website) &&
		                same_str(p->status_page, q->status_page),
		            "provider %zu changed", i);
	}
	for (size_t i = 0; i < a->n_models; i++) {
		const struct model *m = &a->models[i], *n = &b->models[i];

		FUZZ_ASSERT(same_str(m->slug, n->slug) &&
		                m->provider == n->provider &&
		                same_str(m->name, n->name) &&
		                same_str(m->modalities, n->modalities) &&
		                m->context_window == n->context_window &&
		                m->is_active == n->is_active,
		            "model %s changed", m->slug);
	}
	for (int w = 0; w < WINDOW__MAX; w++) {
		FUZZ_ASSERT((a->window[w] == NULL) == (b->window[w] == NULL),
		            "the %s window came or went", window_names[w]);
		FUZZ_ASSERT(a->window[w] == NULL ||
		                memcmp(a->window[w], b->window[w],
		                       a->n_models * sizeof(*a->window[w])) ==
		                    0,
		            "the %s window's counts changed", window_names[w]);
	}
	ra = sorted_rows(a, arena);
	rb = sorted_rows(b, arena);
	for (size_t i = 0; i < a->n_latest; i++)
		FUZZ_ASSERT(row_cmp(&ra[i], &rb[i]) == 0,
		            "latest row of %s in %s changed",
		            a->models[ra[i].model].slug, ra[i].region);
	for (int r = 0; r < RANGE__MAX; r++) {
		const struct history *h = &a->hist[r], *g = &b->hist[r];

		size_t cells = a->n_models * (size_t)h->n_buckets;

		FUZZ_ASSERT(
		    h->n_buckets == g->n_buckets &&
		        h->bucket_secs == g->bucket_secs &&
		        h->first_bucket == g->first_bucket &&
		        same_mem(h->counts, g->counts,
		                 cells * sizeof(*h->counts)) &&
		        same_mem(h->samples, g->samples,
		                 cells * sizeof(*h->samples)) &&
		        same_mem(h->n_instants, g->n_instants,
		                 (size_t)h->n_buckets * sizeof(*h->n_instants)),
		    "the %s history changed", ranges[r].name);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[1400] = "";
	struct snapshot *snap, *snap2;
	struct arena *a;
	struct dataset ds, ds2;
	struct stats st, st2;
	struct snapshot_lists l, l2;
	int has_lists;
	const char *why;

	fuzz_write_file(file, data, size);
	snap = snapshot_load(file, err, sizeof(err));
	if (snap == NULL) {
		FUZZ_ASSERT(err[0] != '\0', "refused without saying why");
		return 0;
	}
	/* What is taken is one JSON document, nothing after it. */
	FUZZ_ASSERT(fuzz_json_trailing((const char *)data, size) == 0,
	            "took a snapshot with data after its JSON (from byte %zu)",
	            fuzz_json_trailing((const char *)data, size));
	a = arena_new();
	FUZZ_ASSERT(snapshot_dataset(snap, a, &ds, err, sizeof(err)) == 0,
	            "a loaded snapshot gives no dataset: %s", err);
	FUZZ_ASSERT(ds.now == snapshot_time(snap) &&
	                ds.source == SOURCE_FALLBACK,
	            "the dataset's time or source");
	has_lists = snapshot_lists(snap, &ds, a, &l, err, sizeof(err));
	FUZZ_ASSERT(has_lists >= 0, "a loaded snapshot's lists: %s", err);
	/* The lists into the store in memory: all of them, or none (a
	 * constraint of the schema may refuse them), never a crash. */
	if (has_lists == 1) {
		struct store *mem = store_open_memory(schema, err, sizeof(err));
		struct incident_view *v;
		long total;

		FUZZ_ASSERT(mem != NULL, "no store in memory: %s", err);
		if (store_fill_memory(mem, &ds, l.incidents, l.n_incidents,
		                      l.maintenances, l.n_maintenances, err,
		                      sizeof(err)) == 0) {
			struct incident_filter f = {0};

			FUZZ_ASSERT(store_incidents(mem, &f, a, &v, &total, err,
			                            sizeof(err)) ==
			                    (long)l.n_incidents &&
			                total == (long)l.n_incidents,
			            "the store in memory lost incidents");
		}
		store_close(mem);
	}
	/* Written back and read again: the same data, the same numbers. */
	FUZZ_ASSERT(snapshot_write_lists(&ds, has_lists == 1 ? &l : NULL,
	                                 STORE_SCHEMA_VERSION, again, err,
	                                 sizeof(err)) == 0,
	            "a loaded snapshot cannot be written: %s", err);
	snap2 = snapshot_load(again, err, sizeof(err));
	FUZZ_ASSERT(snap2 != NULL, "a written snapshot is refused: %s", err);
	FUZZ_ASSERT(snapshot_dataset(snap2, a, &ds2, err, sizeof(err)) == 0,
	            "a written snapshot gives no dataset: %s", err);
	check_same(&ds, &ds2, a);
	FUZZ_ASSERT(snapshot_lists(snap2, &ds2, a, &l2, err, sizeof(err)) ==
	                has_lists,
	            "the lists of the copy: %s", err);
	if (has_lists == 1)
		check_same_lists(&l, &l2);
	for (int r = 0; r <= RANGE__MAX; r++) {
		int rc, rc2;

		rc = stats_compute(&ds, (enum range)r, FRESHNESS, a, &st, &why);
		rc2 = stats_compute(&ds2, (enum range)r, FRESHNESS, a, &st2,
		                    &why);
		FUZZ_ASSERT(rc == rc2,
		            "the numbers of the copy differ (%d, %d)", rc, rc2);
		if (rc != 0)
			continue; /* served as "no data", which is allowed */
		check_stats(&ds, &st);
		FUZZ_ASSERT(st.active == st2.active &&
		                memcmp(st.by_status, st2.by_status,
		                       sizeof(st.by_status)) == 0 &&
		                st.has_avg_availability ==
		                    st2.has_avg_availability &&
		                (!st.has_avg_availability ||
		                 st.avg_availability == st2.avg_availability),
		            "the numbers of the copy differ");
	}
	snapshot_free(snap2);
	snapshot_free(snap);
	arena_free(a);
	return 0;
}
