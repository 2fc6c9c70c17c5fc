/* api_stats.c: the JSON endpoints for scripts: /api/v1/realtime-stats and /healthz. */
#include <stdlib.h>

#include "handlers.h"
#include "json.h"

static void
add_history(cJSON *root, const struct dataset *ds, const struct stats *st)
{
	cJSON *h = cJSON_AddObjectToObject(root, "history");

	cJSON_AddStringToObject(h, "range", ranges[ds->range].name);
	cJSON_AddNumberToObject(h, "bucketSeconds",
	                        (double)ds->hist[ds->range].bucket_secs);
	api_add_points(h, st);
}

void
api_add_points(cJSON *o, const struct stats *st)
{
	cJSON *points = cJSON_AddArrayToObject(o, "points");

	for (int b = 0; b < st->n_points; b++) {
		const struct bucket_stat *bs = &st->buckets[b];
		cJSON *p = cJSON_CreateObject();

		json_add_time(p, "timestamp", bs->start);
		cJSON_AddBoolToObject(p, "isNow", b == st->n_points - 1);
		for (int s = 0; s < STATUS__MAX; s++)
			cJSON_AddNumberToObject(p, status_names[s],
			                        bs->by_status[s]);
		json_add_percent(p, "availability", bs->has_availability,
		                 bs->availability);
		cJSON_AddItemToArray(points, p);
	}
}

int
api_realtime_stats(struct app *app, struct request *req, struct response *resp)
{
	struct dataset ds;
	struct stats st;
	cJSON *root;
	int history = req->in.include_history;

	app_load(app, req, history ? req->in.range : RANGE__MAX, 0, &ds, &st);
	http_header(resp, "X-Data-Source", data_source_names[ds.source]);
	if (ds.source == SOURCE_NONE) {
		http_header(resp, "Retry-After", "30");
		return 503;
	}
	root = cJSON_CreateObject();
	json_add_time(root, "timestamp", ds.now);
	cJSON_AddNumberToObject(root, "totalModels", st.total);
	cJSON_AddNumberToObject(root, "activeModels", st.active);
	cJSON_AddNumberToObject(root, "operationalModels",
	                        st.by_status[STATUS_OPERATIONAL]);
	cJSON_AddNumberToObject(root, "degradedModels",
	                        st.by_status[STATUS_DEGRADED]);
	cJSON_AddNumberToObject(root, "outageModels",
	                        st.by_status[STATUS_OUTAGE]);
	cJSON_AddNumberToObject(root, "unknownModels",
	                        st.by_status[STATUS_UNKNOWN]);
	json_add_percent(root, "avgAvailability", st.has_avg_availability,
	                 st.avg_availability);
	cJSON_AddNumberToObject(root, "providers", st.providers);
	cJSON_AddStringToObject(root, "dataSource",
	                        data_source_names[ds.source]);
	if (ds.source == SOURCE_FALLBACK)
		json_add_time(root, "snapshotAt", ds.snapshot_at);
	cJSON_AddBoolToObject(root, "isDemo", ds.is_demo);
	cJSON_AddNumberToObject(root, "freshnessSeconds",
	                        (double)app->cfg.freshness);
	if (history)
		add_history(root, &ds, &st);
	page_json_body(resp, root);
	page_cache_headers(resp);
	return 200;
}

int
api_readyz(struct app *app, struct request *req, struct response *resp)
{
	struct dataset ds;
	struct stats st;
	cJSON *root = cJSON_CreateObject();

	app_load(app, req, RANGE__MAX, 0, &ds, &st);
	cJSON_AddStringToObject(
	    root, "status", ds.source == SOURCE_NONE ? "unavailable" : "ready");
	cJSON_AddStringToObject(root, "dataSource",
	                        data_source_names[ds.source]);
	if (ds.source == SOURCE_FALLBACK)
		json_add_time(root, "snapshotAt", ds.snapshot_at);
	json_add_time(root, "timestamp", req->now);
	page_json_body(resp, root);
	http_header(resp, "X-Data-Source", data_source_names[ds.source]);
	http_header(resp, "Cache-Control", "no-store");
	if (ds.source == SOURCE_NONE) {
		http_header(resp, "Retry-After", "30");
		return 503;
	}
	return 200;
}

int
api_healthz(struct app *app, struct request *req, struct response *resp)
{
	cJSON *root = cJSON_CreateObject();

	(void)app;
	cJSON_AddStringToObject(root, "status", "ok");
	json_add_time(root, "timestamp", req->now);
	page_json_body(resp, root);
	http_header(resp, "Cache-Control", "no-store");
	return 200;
}
