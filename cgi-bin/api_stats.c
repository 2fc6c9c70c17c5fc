/* api_stats.c: the headline and the operators' endpoints: /api/v1/realtime-stats, /healthz, /readyz, /metrics. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "api.h"
#include "arena.h"
#include "handlers.h"
#include "json.h"
#include "log.h"
#include "metrics.h"
#include "probe_names.h"
#include "router.h"

static void
add_history(cJSON *root, const struct dataset *ds, enum range r,
            const struct stats *st)
{
	cJSON *h = cJSON_AddObjectToObject(root, "history");

	cJSON_AddStringToObject(h, "range", ranges[r].name);
	cJSON_AddNumberToObject(h, "bucketSeconds",
	                        (double)ds->hist[r].bucket_secs);
	api_add_points(h, st);
}

int
api_realtime_stats(struct app *app, struct request *req, struct response *resp)
{
	struct dataset ds;
	struct stats st;
	cJSON *root;
	int history = req->in->include_history;

	int status;

	source_load(&app->source, req->now,
	            history ? req->in->range : RANGE__MAX, 0, req->arena, &ds,
	            &st);
	status = respond_data(resp, &ds);
	if (status != 200)
		return status;
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
	respond_json_source(root, &ds, 1);
	cJSON_AddNumberToObject(root, "freshnessSeconds",
	                        (double)app->cfg.freshness);
	if (history)
		add_history(root, &ds, req->in->range, &st);
	respond_json(resp, root);
	return 200;
}

int
api_readyz(struct app *app, struct request *req, struct response *resp)
{
	struct dataset ds;
	struct stats st;
	cJSON *root = cJSON_CreateObject();

	source_load(&app->source, req->now, RANGE__MAX, 0, req->arena, &ds,
	            &st);
	cJSON_AddStringToObject(
	    root, "status", ds.source == SOURCE_NONE ? "unavailable" : "ready");
	respond_json_source(root, &ds, 0);
	json_add_time(root, "timestamp", req->now);
	respond_json(resp, root);
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
	respond_json(resp, root);
	http_header(resp, "Cache-Control", "no-store");
	return 200;
}

/* The requests and latency histograms of the route table, in Prometheus
 * text. */
static void
metrics_requests(struct buf *b)
{
	const struct metrics *m = metrics();

	buf_puts(b, "# HELP aigo_requests_total Requests answered, by route "
	            "and status (status 0: another).\n"
	            "# TYPE aigo_requests_total counter\n");
	for (int r = 0; r <= METRICS_ROUTES; r++) {
		const char *route = router_pattern(r);

		if (route == NULL && r < METRICS_ROUTES)
			continue;
		for (size_t s = 0; s < metrics_n_statuses; s++)
			if (m->requests[r][s] > 0)
				buf_printf(
				    b,
				    "aigo_requests_total{route=\"%s\","
				    "status=\"%d\"} %llu\n",
				    route ? route : "none", metrics_statuses[s],
				    (unsigned long long)m->requests[r][s]);
	}
	buf_puts(b, "# HELP aigo_request_duration_seconds Time a worker took "
	            "to answer, by route.\n"
	            "# TYPE aigo_request_duration_seconds histogram\n");
	for (int r = 0; r <= METRICS_ROUTES; r++) {
		const char *route = router_pattern(r);
		unsigned long long sum = 0;

		if (route == NULL && r < METRICS_ROUTES)
			continue;
		route = route ? route : "none";
		for (int k = 0; k <= METRICS_BUCKETS; k++)
			sum += m->latency[r][k];
		if (sum == 0)
			continue;
		sum = 0;
		for (int k = 0; k <= METRICS_BUCKETS; k++) {
			sum += m->latency[r][k];
			if (k < METRICS_BUCKETS)
				buf_printf(
				    b,
				    "aigo_request_duration_seconds_bucket{"
				    "route=\"%s\",le=\"%g\"} %llu\n",
				    route, metrics_bounds[k], sum);
			else
				buf_printf(
				    b,
				    "aigo_request_duration_seconds_bucket{"
				    "route=\"%s\",le=\"+Inf\"} %llu\n",
				    route, sum);
		}
		buf_printf(b,
		           "aigo_request_duration_seconds_sum{route=\"%s\"} "
		           "%.6f\n"
		           "aigo_request_duration_seconds_count{route=\"%s\"} "
		           "%llu\n",
		           route, (double)m->latency_sum_us[r] / 1e6, route,
		           sum);
	}
}

/* The prober's counters (aigo probe; shared when aigo serve runs it). */
static void
metrics_probes(struct buf *b)
{
	const struct metrics *m = metrics();
	uint64_t sum = 0;

	buf_puts(b, "# HELP aigo_probes_total Probes made, by the status and "
	            "error kind of their check.\n"
	            "# TYPE aigo_probes_total counter\n");
	for (int s = 0; s < METRICS_PROBE_STATUSES; s++)
		for (int e = 0; e < ERR__MAX; e++)
			if (m->probes[s][e] > 0 || e == 0)
				buf_printf(b,
				           "aigo_probes_total{status=\"%s\","
				           "error=\"%s\"} %llu\n",
				           status_names[s],
				           e ? probe_error_names[e] : "none",
				           (unsigned long long)m->probes[s][e]);
	buf_puts(b, "# HELP aigo_probe_lateness_seconds How late each probe "
	            "started after its planned start.\n"
	            "# TYPE aigo_probe_lateness_seconds histogram\n");
	for (int k = 0; k <= METRICS_BUCKETS; k++) {
		sum += m->probe_lateness[k];
		if (k < METRICS_BUCKETS)
			buf_printf(
			    b,
			    "aigo_probe_lateness_seconds_bucket{le=\"%g\"} "
			    "%llu\n",
			    metrics_bounds[k], (unsigned long long)sum);
		else
			buf_printf(
			    b,
			    "aigo_probe_lateness_seconds_bucket{le=\"+Inf\"} "
			    "%llu\n",
			    (unsigned long long)sum);
	}
	buf_printf(b,
	           "aigo_probe_lateness_seconds_sum %.6f\n"
	           "aigo_probe_lateness_seconds_count %llu\n"
	           "# HELP aigo_probe_lateness_max_seconds The latest start "
	           "after its plan so far.\n"
	           "# TYPE aigo_probe_lateness_max_seconds gauge\n"
	           "aigo_probe_lateness_max_seconds %.6f\n"
	           "# HELP aigo_probes_skipped_total Planned starts skipped: "
	           "the endpoint's previous probe was still running.\n"
	           "# TYPE aigo_probes_skipped_total counter\n"
	           "aigo_probes_skipped_total %llu\n",
	           (double)m->probe_lateness_sum_us / 1e6,
	           (unsigned long long)sum,
	           (double)m->probe_lateness_max_us / 1e6,
	           (unsigned long long)m->probes_skipped);
	buf_printf(b,
	           "# HELP aigo_status_reads_total Reads of the providers' "
	           "status APIs, by result.\n"
	           "# TYPE aigo_status_reads_total counter\n"
	           "aigo_status_reads_total{result=\"ok\"} %llu\n"
	           "aigo_status_reads_total{result=\"failed\"} %llu\n"
	           "# HELP aigo_status_read_lateness_seconds_total How late "
	           "the reads of status APIs started, summed.\n"
	           "# TYPE aigo_status_read_lateness_seconds_total counter\n"
	           "aigo_status_read_lateness_seconds_total %.6f\n"
	           "# HELP aigo_status_read_lateness_max_seconds The latest "
	           "start of a status API read after its plan so far.\n"
	           "# TYPE aigo_status_read_lateness_max_seconds gauge\n"
	           "aigo_status_read_lateness_max_seconds %.6f\n",
	           (unsigned long long)m->status_reads[0],
	           (unsigned long long)m->status_reads[1],
	           (double)m->status_lateness_sum_us / 1e6,
	           (double)m->status_lateness_max_us / 1e6);
}

/* Whether name is safe as a label value as it is: [a-z0-9-], 1 to
 * NOTIFY_NAME_MAX bytes (a channel's name; anything else is left out). */
static int
label_safe(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > NOTIFY_NAME_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		      (name[i] >= '0' && name[i] <= '9') || name[i] == '-'))
			return 0;
	return 1;
}

/* The notification outbox (docs/notifications.md), from the database
 * only: per channel (those configured, and those the database has
 * counted) deliveries, failed attempts and deliveries given up; the
 * queue's depth and its oldest event's age. Without the database (the
 * snapshot or nothing) only the HELP and TYPE lines. */
static void
metrics_outbox(struct app *app, struct request *req, const struct dataset *ds,
               struct buf *b)
{
	static const char *const series[3][2] = {
	    {"aigo_notify_deliveries_total",
	     "Events a channel's receiver took."},
	    {"aigo_notify_failures_total",
	     "Attempts to deliver to a channel that failed."},
	    {"aigo_notify_given_up_total",
	     "Events given up on a channel after failing for "
	     "notify_max_age."}};
	struct outbox_stats os;
	char err[512];
	int got = source_outbox_stats(&app->source, ds, req->arena, &os, err,
	                              sizeof(err));

	if (got < 0)
		log_msg("error", "metrics: outbox: %s", err);
	for (int k = 0; k < 3; k++) {
		buf_printf(b, "# HELP %s %s\n# TYPE %s counter\n", series[k][0],
		           series[k][1], series[k][0]);
		if (got <= 0)
			continue;
		for (size_t c = 0; c < os.n_channels; c++) {
			const struct outbox_channel_stats *ch = &os.channels[c];
			int64_t v = k == 0   ? ch->delivered
			            : k == 1 ? ch->failed
			                     : ch->given_up;

			if (label_safe(ch->channel))
				buf_printf(b, "%s{channel=\"%s\"} %lld\n",
				           series[k][0], ch->channel,
				           (long long)v);
		}
		/* Configured channels the database has not counted yet. */
		for (size_t c = 0; c < app->cfg.n_channels; c++) {
			const char *name = app->cfg.channels[c].name;
			size_t i = 0;

			while (i < os.n_channels &&
			       strcmp(os.channels[i].channel, name) != 0)
				i++;
			if (i == os.n_channels && label_safe(name))
				buf_printf(b, "%s{channel=\"%s\"} 0\n",
				           series[k][0], name);
		}
	}
	buf_puts(b, "# HELP aigo_notify_queue_depth Deliveries pending and "
	            "events not fanned out to the channels yet.\n"
	            "# TYPE aigo_notify_queue_depth gauge\n");
	if (got > 0)
		buf_printf(b, "aigo_notify_queue_depth %lld\n",
		           (long long)os.queued);
	buf_puts(b, "# HELP aigo_notify_oldest_event_age_seconds Seconds since "
	            "the oldest event still queued was written (0: none).\n"
	            "# TYPE aigo_notify_oldest_event_age_seconds gauge\n");
	/* created_at is the writer's clock_now(), like req->now. */
	if (got > 0)
		buf_printf(
		    b, "aigo_notify_oldest_event_age_seconds %lld\n",
		    (long long)(os.oldest_at == 0 || os.oldest_at > req->now
		                    ? 0
		                    : req->now - os.oldest_at));
}

int
api_metrics(struct app *app, struct request *req, struct response *resp)
{
	struct dataset ds;
	struct stats st;
	struct stat sb;
	struct buf *b = &resp->body;
	const struct metrics *m = metrics();

	source_load(&app->source, req->now, RANGE__MAX, 0, req->arena, &ds,
	            &st);
	metrics_requests(b);
	metrics_probes(b);
	buf_printf(b,
	           "# HELP aigo_fallback_activations_total Times a worker "
	           "turned to the snapshot.\n"
	           "# TYPE aigo_fallback_activations_total counter\n"
	           "aigo_fallback_activations_total %llu\n"
	           "# HELP aigo_database_errors_total Reads of the database "
	           "that failed.\n"
	           "# TYPE aigo_database_errors_total counter\n"
	           "aigo_database_errors_total %llu\n"
	           "# HELP aigo_missing_translations Texts of the loaded "
	           "catalogs shown in the default language instead.\n"
	           "# TYPE aigo_missing_translations gauge\n"
	           "aigo_missing_translations %ld\n",
	           (unsigned long long)m->fallback_activations,
	           (unsigned long long)m->database_errors, app->i18n->missing);
	buf_puts(b, "# HELP aigo_worker_crashes_total Workers that died of a "
	            "signal or a non-zero exit, serving a request or not.\n"
	            "# TYPE aigo_worker_crashes_total counter\n");
	for (int d = 0; d < DURING__MAX; d++)
		buf_printf(b, "aigo_worker_crashes_total{during=\"%s\"} %llu\n",
		           metrics_during_names[d],
		           (unsigned long long)m->worker_crashes[d]);
	buf_puts(b, "# HELP aigo_data_source Where this answer's numbers came "
	            "from (1: in use).\n"
	            "# TYPE aigo_data_source gauge\n");
	for (int s = 0; s < SOURCE__MAX; s++)
		buf_printf(b, "aigo_data_source{source=\"%s\"} %d\n",
		           data_source_names[s], (int)ds.source == s);
	if (stat(app->cfg.snapshot_path, &sb) == 0)
		buf_printf(b,
		           "# HELP aigo_snapshot_age_seconds Seconds since the "
		           "snapshot file was written (wall clock).\n"
		           "# TYPE aigo_snapshot_age_seconds gauge\n"
		           "aigo_snapshot_age_seconds %lld\n",
		           (long long)(time(NULL) - sb.st_mtime));
	buf_printf(b,
	           "# HELP aigo_models Models in the catalog, and active "
	           "models by status now.\n"
	           "# TYPE aigo_models gauge\n"
	           "aigo_models{status=\"total\"} %d\n"
	           "aigo_models{status=\"active\"} %d\n",
	           st.total, st.active);
	for (int s = 0; s < STATUS__MAX; s++)
		buf_printf(b, "aigo_models{status=\"%s\"} %d\n",
		           status_names[s], st.by_status[s]);
	buf_puts(b, "# HELP aigo_provider_models Active models of a provider "
	            "by status now.\n"
	            "# TYPE aigo_provider_models gauge\n");
	for (size_t p = 0; p < ds.n_providers; p++)
		for (int s = 0; s < STATUS__MAX; s++)
			buf_printf(b,
			           "aigo_provider_models{provider=\"%s\","
			           "status=\"%s\"} %d\n",
			           ds.providers[p].slug, status_names[s],
			           st.per_provider[p].by_status[s]);
	metrics_outbox(app, req, &ds, b);
	resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
	http_header(resp, "Cache-Control", "no-store");
	http_header(resp, "X-Data-Source", data_source_names[ds.source]);
	return 200;
}
