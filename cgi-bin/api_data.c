/* api_data.c: the JSON API for scripts: models, one model, providers, history, and the OpenAPI document. */
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "arena.h"
#include "detail.h"
#include "handlers.h"
#include "json.h"
#include "listing.h"
#include "log.h"
#include "page.h"
#include "pstatus.h"

/* Loads the data for a JSON response; sets X-Data-Source and caching, and
 * returns 200, or 503 when there is no data (the error is rendered). */
static int
load(struct app *app, struct request *req, struct response *resp,
     enum range range, unsigned also, struct dataset *ds, struct stats *st)
{
	source_load(&app->source, req->now, range, also, req->arena, ds, st);
	return respond_data(resp, ds);
}

/* Adds timestamp, dataSource, snapshotAt (fallback) and isDemo. */
static void
add_source(cJSON *root, const struct dataset *ds)
{
	json_add_time(root, "timestamp", ds->now);
	respond_json_source(root, ds, 1);
}

static void
add_time_or_null(cJSON *o, const char *name, int64_t t)
{
	if (t > 0)
		json_add_time(o, name, t);
	else
		cJSON_AddNullToObject(o, name);
}

/* Adds "availability": {"24h", "7d", "30d"}, each null when not known. */
static void
add_availability(cJSON *o, const double pct[WINDOW__MAX],
                 const int has[WINDOW__MAX])
{
	cJSON *av = cJSON_AddObjectToObject(o, "availability");

	for (int w = 0; w < WINDOW__MAX; w++)
		json_add_percent(av, window_names[w], has[w], pct[w]);
}

/* Adds names[i] as field, or null when i is max (none said). */
static void
add_name_or_null(cJSON *o, const char *field, const char *const *names, int max,
                 int i)
{
	if (i >= 0 && i < max)
		cJSON_AddStringToObject(o, field, names[i]);
	else
		cJSON_AddNullToObject(o, field);
}

/* Adds "providerSays" (null when the provider's status API was never
 * read) and "disagreement" ("none", "measured_outage",
 * "provider_reports"): what said (of a model whose status components are
 * the lines of components, or with for_provider of the provider itself)
 * says, as verdict v; the model's components and the open incidents that
 * concern it (all of them for a provider). */
static void
add_provider_says(cJSON *o, const struct provider *pr,
                  const struct pstatus_verdict *v, const char *components,
                  int for_provider)
{
	const struct provider_said *said = pr->said;
	cJSON *ps, *list;

	cJSON_AddStringToObject(o, "disagreement",
	                        pstatus_disagree_names[v->disagree]);
	if (said == NULL) {
		cJSON_AddNullToObject(o, "providerSays");
		return;
	}
	ps = cJSON_AddObjectToObject(o, "providerSays");
	if (v->says)
		cJSON_AddStringToObject(ps, "status",
		                        pstatus_level_names[v->level]);
	else
		cJSON_AddNullToObject(ps, "status");
	cJSON_AddBoolToObject(ps, "stale", said->ok_at > 0 && !v->says);
	cJSON_AddBoolToObject(ps, "openIncident", v->incident);
	if (said->ok_at > 0) {
		cJSON_AddStringToObject(
		    ps, "indicator",
		    pstatus_indicator_names[said->report.indicator]);
		cJSON_AddStringToObject(
		    ps, "description",
		    said->report.description ? said->report.description : "");
	} else {
		cJSON_AddNullToObject(ps, "indicator");
		cJSON_AddNullToObject(ps, "description");
	}
	add_time_or_null(ps, "readAt", said->ok_at);
	add_time_or_null(ps, "checkedAt", said->checked_at);
	if (said->error != NULL)
		cJSON_AddStringToObject(ps, "error", said->error);
	else
		cJSON_AddNullToObject(ps, "error");
	cJSON_AddStringToObject(ps, "statusPage",
	                        pr->status_page ? pr->status_page : "");
	list = cJSON_AddArrayToObject(ps, "components");
	for (size_t i = 0; said->ok_at > 0 && i < said->report.n_components;
	     i++) {
		const struct pstatus_component *c = &said->report.components[i];
		cJSON *co;

		if (!for_provider && !pstatus_lines_have(components, c->name))
			continue;
		co = cJSON_CreateObject();
		cJSON_AddStringToObject(co, "name", c->name);
		cJSON_AddStringToObject(co, "status",
		                        pstatus_level_names[c->status]);
		cJSON_AddItemToArray(list, co);
	}
	list = cJSON_AddArrayToObject(ps, "incidents");
	for (size_t i = 0; said->ok_at > 0 && i < said->report.n_incidents;
	     i++) {
		const struct pstatus_incident *in = &said->report.incidents[i];
		cJSON *io, *names;

		if (!pstatus_incident_concerns(in,
		                               for_provider ? "" : components))
			continue;
		io = cJSON_CreateObject();
		cJSON_AddStringToObject(io, "id", in->id);
		cJSON_AddStringToObject(io, "name", in->name);
		cJSON_AddStringToObject(
		    io, "status", pstatus_incident_status_names[in->status]);
		cJSON_AddStringToObject(io, "impact",
		                        pstatus_indicator_names[in->impact]);
		add_time_or_null(io, "startedAt", in->created_at);
		add_time_or_null(io, "updatedAt", in->updated_at);
		if (in->url != NULL)
			cJSON_AddStringToObject(io, "url", in->url);
		else
			cJSON_AddNullToObject(io, "url");
		names = cJSON_AddArrayToObject(io, "components");
		for (size_t k = 0; k < in->n_components; k++)
			cJSON_AddItemToArray(
			    names, cJSON_CreateString(in->components[k]));
		cJSON_AddItemToArray(list, io);
	}
}

/* One model; with n_rd >= 0 (rd: its region details, see
 * source_model_detail), each region also gives its availability over the
 * windows, null where it has no check in one. */
static cJSON *
model_json(const struct app *app, const struct dataset *ds,
           const struct stats *st, size_t m, const struct region_detail *rd,
           long n_rd)
{
	const struct model *md = &ds->models[m];
	const struct model_stat *ms = &st->models[m];
	const struct provider *pr = &ds->providers[md->provider];
	cJSON *o = cJSON_CreateObject(), *p, *mods, *regions;
	const char *mod = md->modalities ? md->modalities : "";

	cJSON_AddStringToObject(o, "slug", md->slug);
	cJSON_AddStringToObject(o, "name", md->name);
	p = cJSON_AddObjectToObject(o, "provider");
	cJSON_AddStringToObject(p, "slug", pr->slug);
	cJSON_AddStringToObject(p, "name", pr->name);
	cJSON_AddBoolToObject(o, "isActive", md->is_active);
	mods = cJSON_AddArrayToObject(o, "modalities");
	while (*mod != '\0') {
		size_t n = strcspn(mod, ",");
		char one[64];

		if (n > 0 && n < sizeof(one)) {
			memcpy(one, mod, n);
			one[n] = '\0';
			cJSON_AddItemToArray(mods, cJSON_CreateString(one));
		}
		mod += n + (mod[n] == ',');
	}
	json_add_int_or_null(o, "contextWindow", md->context_window > 0,
	                     md->context_window);
	cJSON_AddStringToObject(o, "status", status_names[ms->status]);
	add_time_or_null(o, "lastCheckedAt", ms->last_checked);
	json_add_int_or_null(o, "latencyMs", ms->latency_ms >= 0,
	                     ms->latency_ms);
	add_availability(o, ms->availability, ms->has_availability);
	cJSON_AddBoolToObject(o, "reachabilityOnly", ms->reachability_only);
	regions = cJSON_AddArrayToObject(o, "regions");
	for (size_t i = ms->first_region; i < ms->first_region + ms->n_regions;
	     i++) {
		const struct region_latest *r = &ds->latest[i];
		enum status s =
		    stats_region_status(r, ds->now, app->cfg.freshness);
		cJSON *ro = cJSON_CreateObject();

		cJSON_AddStringToObject(ro, "region", r->region);
		cJSON_AddStringToObject(ro, "status", status_names[s]);
		cJSON_AddBoolToObject(ro, "fresh",
		                      r->has_check && s != STATUS_UNKNOWN);
		add_time_or_null(ro, "checkedAt",
		                 r->has_check ? r->checked_at : 0);
		json_add_int_or_null(ro, "latencyMs",
		                     r->has_check && r->latency_ms >= 0,
		                     r->latency_ms);
		json_add_int_or_null(ro, "httpStatus",
		                     r->has_check && r->http_status > 0,
		                     r->http_status);
		add_name_or_null(ro, "probeKind", probe_kind_names,
		                 PROBE_KIND__MAX,
		                 r->has_check ? (int)r->probe_kind : -1);
		add_name_or_null(ro, "errorKind", error_kind_names,
		                 ERROR_KIND__MAX,
		                 r->has_check ? (int)r->error_kind : -1);
		if (n_rd >= 0) {
			double pct[WINDOW__MAX] = {0};
			int has[WINDOW__MAX] = {0};

			for (long k = 0; k < n_rd; k++)
				if (strcmp(rd[k].region, r->region) == 0)
					for (int w = 0; w < WINDOW__MAX; w++)
						has[w] = stats_availability(
						    &rd[k].window[w], &pct[w]);
			add_availability(ro, pct, has);
		}
		cJSON_AddItemToArray(regions, ro);
	}
	{
		struct pstatus_verdict v = pstatus_model_says(
		    pr->said, md->status_components,
		    md->is_active ? ms->status : STATUS_UNKNOWN, ds->now,
		    app->cfg.status_interval);

		add_provider_says(o, pr, &v, md->status_components, 0);
	}
	return o;
}

#define LONG_WINDOWS (WINDOW_BIT(WINDOW_7D) | WINDOW_BIT(WINDOW_30D))

int
api_models(struct app *app, struct request *req, struct response *resp)
{
	struct dataset ds;
	struct stats st;
	size_t *order, n;
	const char *accepted;
	cJSON *root, *list;
	int status = load(app, req, resp, RANGE__MAX, LONG_WINDOWS, &ds, &st);

	if (status != 200)
		return status;
	req->bad_key =
	    listing_unknown_filter(req->in, &ds, req->arena, &accepted);
	if (req->bad_key != NULL)
		return page_error_accepting(app, req, resp, 400, 1, accepted);
	n = listing_models(req->in, &ds, &st, req->arena, &order);
	root = cJSON_CreateObject();
	list = cJSON_AddArrayToObject(root, "models");
	for (size_t k = (size_t)req->in->offset;
	     k < n && k < (size_t)(req->in->offset + req->in->limit); k++)
		cJSON_AddItemToArray(
		    list, model_json(app, &ds, &st, order[k], NULL, -1));
	cJSON_AddNumberToObject(root, "total", (double)n);
	cJSON_AddNumberToObject(root, "limit", (double)req->in->limit);
	cJSON_AddNumberToObject(root, "offset", (double)req->in->offset);
	add_source(root, &ds);
	respond_json(resp, root);
	return 200;
}

/* The index of the model named slug, or ds->n_models. */
static size_t
find_model(const struct dataset *ds, const char *slug)
{
	size_t m = 0;

	while (m < ds->n_models && strcmp(ds->models[m].slug, slug) != 0)
		m++;
	return m;
}

static cJSON *
checks_json(struct app *app, struct request *req, const struct dataset *ds,
            int64_t model_id)
{
	cJSON *arr = cJSON_CreateArray();
	struct check_row *rows = NULL;
	char err[512];
	long n;

	n = source_recent_checks(&app->source, ds, model_id, req->arena, &rows,
	                         err, sizeof(err));
	if (n < 0) {
		log_msg("error", "model checks: %s", err);
		cJSON_Delete(arr);
		return NULL;
	}
	for (long i = 0; i < n; i++) {
		const struct check_row *c = &rows[i];
		cJSON *o = cJSON_CreateObject(), *t;

		cJSON_AddStringToObject(o, "region", c->region);
		json_add_time(o, "checkedAt", c->checked_at);
		cJSON_AddStringToObject(o, "status", status_names[c->status]);
		json_add_int_or_null(o, "latencyMs", c->latency_ms >= 0,
		                     c->latency_ms);
		json_add_int_or_null(o, "httpStatus", c->http_status > 0,
		                     c->http_status);
		if (c->error != NULL)
			cJSON_AddStringToObject(o, "error", c->error);
		else
			cJSON_AddNullToObject(o, "error");
		add_name_or_null(o, "probeKind", probe_kind_names,
		                 PROBE_KIND__MAX, (int)c->probe_kind);
		add_name_or_null(o, "errorKind", error_kind_names,
		                 ERROR_KIND__MAX, (int)c->error_kind);
		json_add_int_or_null(o, "ttftMs", c->ttft_ms >= 0, c->ttft_ms);
		t = cJSON_AddObjectToObject(o, "timings");
		json_add_int_or_null(t, "dnsMs", c->dns_ms >= 0, c->dns_ms);
		json_add_int_or_null(t, "connectMs", c->connect_ms >= 0,
		                     c->connect_ms);
		json_add_int_or_null(t, "tlsMs", c->tls_ms >= 0, c->tls_ms);
		json_add_int_or_null(t, "firstByteMs", c->first_byte_ms >= 0,
		                     c->first_byte_ms);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

int
api_model(struct app *app, struct request *req, struct response *resp)
{
	struct dataset ds;
	struct stats st;
	enum range r = req->in->range;
	int status = load(app, req, resp, r, LONG_WINDOWS, &ds, &st);
	const struct history *h = &ds.hist[r];
	cJSON *root, *hist, *points, *checks;
	struct region_detail *rd;
	struct history layout;
	char err[512];
	long n_rd;
	size_t m;

	if (status != 200)
		return status;
	m = find_model(&ds, req->slug);
	if (m == ds.n_models)
		return 404;
	n_rd = source_model_detail(&app->source, &ds, ds.models[m].id, r,
	                           req->arena, &layout, &rd, err, sizeof(err));
	if (n_rd < 0) {
		log_msg("error", "model %s: %s", ds.models[m].slug, err);
		return 500;
	}
	checks = checks_json(app, req, &ds, ds.models[m].id);
	if (checks == NULL)
		return 500;
	root = cJSON_CreateObject();
	/* From the snapshot, no single checks: regions without windows. */
	cJSON_AddItemToObject(
	    root, "model",
	    model_json(app, &ds, &st, m, rd,
	               ds.source == SOURCE_DATABASE ? n_rd : -1));
	cJSON_AddItemToObject(root, "checks", checks);
	hist = cJSON_AddObjectToObject(root, "history");
	cJSON_AddStringToObject(hist, "range", ranges[r].name);
	cJSON_AddNumberToObject(hist, "bucketSeconds", (double)h->bucket_secs);
	points = cJSON_AddArrayToObject(hist, "points");
	for (int b = 0; b < h->n_buckets; b++) {
		size_t i = m * (size_t)h->n_buckets + (size_t)b;
		const struct counts *c = &h->counts[i];
		const struct samples *x = &h->samples[i];
		int64_t n = h->n_instants[b];
		cJSON *p = cJSON_CreateObject(), *ck;
		double pct = 0, share[STATUS__MAX];
		int has = stats_availability(c, &pct);

		json_add_time(p, "timestamp",
		              h->first_bucket + (int64_t)b * h->bucket_secs);
		cJSON_AddBoolToObject(p, "isNow", b == h->n_buckets - 1);
		/* The share of the bucket's sample instants the model spent
		 * in each status (DESIGN 3), and the checks in it. */
		cJSON_AddNumberToObject(p, "samples", (double)n);
		for (int s = 0; s < STATUS__MAX; s++)
			share[s] = n > 0 ? (double)x->n[s] / (double)n : 0;
		json_add_decimals_summing(p, status_names, share, STATUS__MAX,
		                          n > 0);
		ck = cJSON_AddObjectToObject(p, "checks");
		for (int s = 0; s < 3; s++)
			cJSON_AddNumberToObject(ck, status_names[s],
			                        (double)c->n[s]);
		json_add_percent(p, "availability", has, pct);
		cJSON_AddItemToArray(points, p);
	}
	add_source(root, &ds);
	respond_json(resp, root);
	return 200;
}

int
api_providers(struct app *app, struct request *req, struct response *resp)
{
	struct dataset ds;
	struct stats st;
	cJSON *root, *list;
	int status = load(app, req, resp, RANGE__MAX, 0, &ds, &st);

	if (status != 200)
		return status;
	root = cJSON_CreateObject();
	list = cJSON_AddArrayToObject(root, "providers");
	for (size_t p = 0; p < ds.n_providers; p++) {
		const struct provider *pr = &ds.providers[p];
		const struct provider_stat *ps = &st.per_provider[p];
		struct counts known = {{0}};
		cJSON *o = cJSON_CreateObject();

		for (int s = 0; s < 3; s++)
			known.n[s] = ps->by_status[s];
		cJSON_AddStringToObject(o, "slug", pr->slug);
		cJSON_AddStringToObject(o, "name", pr->name);
		cJSON_AddStringToObject(o, "website",
		                        pr->website ? pr->website : "");
		cJSON_AddStringToObject(o, "statusPage",
		                        pr->status_page ? pr->status_page : "");
		cJSON_AddNumberToObject(o, "totalModels", ps->total);
		cJSON_AddNumberToObject(o, "activeModels", ps->active);
		cJSON_AddStringToObject(o, "status",
		                        status_names[status_of_counts(&known)]);
		for (int s = 0; s < STATUS__MAX; s++)
			cJSON_AddNumberToObject(o, status_names[s],
			                        ps->by_status[s]);
		{
			struct pstatus_verdict v = pstatus_provider_says(
			    pr->said, pstatus_provider_measured(ps->by_status),
			    ds.now, app->cfg.status_interval);

			add_provider_says(o, pr, &v, "", 1);
		}
		cJSON_AddItemToArray(list, o);
	}
	cJSON_AddNumberToObject(root, "total", (double)ds.n_providers);
	add_source(root, &ds);
	respond_json(resp, root);
	return 200;
}

int
api_history(struct app *app, struct request *req, struct response *resp)
{
	struct dataset ds, sub;
	struct stats st, sst;
	enum range r = req->in->range;
	const char *broken, *accepted;
	cJSON *root;
	int status = load(app, req, resp, r, 0, &ds, &st);

	if (status != 200)
		return status;
	req->bad_key =
	    listing_unknown_filter(req->in, &ds, req->arena, &accepted);
	if (req->bad_key != NULL)
		return page_error_accepting(app, req, resp, 400, 1, accepted);
	listing_subset(&ds, req->in->provider, req->in->model, req->arena,
	               &sub);
	if (stats_compute(&sub, r, app->cfg.freshness, req->arena, &sst,
	                  &broken) != 0) {
		log_msg("error", "history of a selection: %s", broken);
		return 500;
	}
	root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "range", ranges[r].name);
	cJSON_AddNumberToObject(root, "bucketSeconds",
	                        (double)ds.hist[r].bucket_secs);
	if (req->in->model[0] != '\0')
		cJSON_AddStringToObject(root, "model", req->in->model);
	if (req->in->provider[0] != '\0')
		cJSON_AddStringToObject(root, "provider", req->in->provider);
	api_add_points(root, &sst);
	add_source(root, &ds);
	respond_json(resp, root);
	return 200;
}

int
api_openapi(struct app *app, struct request *req, struct response *resp)
{
	(void)req;
	if (app->openapi == NULL)
		return 404;
	buf_append(&resp->body, app->openapi, app->openapi_len);
	resp->content_type = "application/json";
	http_header(resp, "Cache-Control", "public, max-age=300");
	return 200;
}
