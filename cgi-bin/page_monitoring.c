/* page_monitoring.c: the monitoring page (/{lang}/monitoring) and the redirects
 * to it. */
#include <string.h>

#include "chart.h"
#include "handlers.h"

int
page_redirect_monitoring(struct app *app, struct request *req,
                         struct response *resp)
{
	const struct locale *loc =
	    i18n_negotiate(app->i18n, req->cookie_lang, req->accept_language);
	const char *q = req->query[0] != '\0'
	                    ? arena_printf(req->arena, "?%s", req->query)
	                    : "";

	if (http_header(resp, "Location",
	                arena_printf(req->arena, "/%s/monitoring%s", loc->code,
	                             q)) != 0)
		return 400;
	http_header(resp, "Vary", "Accept-Language, Cookie");
	http_header(resp, "Cache-Control", "private, max-age=0");
	resp->content_type = "text/plain; charset=utf-8";
	buf_printf(&resp->body, "/%s/monitoring\n", loc->code);
	return 302;
}

static const enum msg status_msgs[STATUS__MAX] = {
    MSG_STATUS_OPERATIONAL,
    MSG_STATUS_DEGRADED,
    MSG_STATUS_OUTAGE,
    MSG_STATUS_UNKNOWN,
};

static const enum msg source_msgs[SOURCE__MAX] = {
    MSG_SOURCE_DATABASE,
    MSG_SOURCE_FALLBACK,
    MSG_SOURCE_NONE,
};

static const char *const status_markers[STATUS__MAX] = {
    "OPERATIONAL",
    "DEGRADED",
    "OUTAGE",
    "UNKNOWN",
};

static void
fill_chart(struct request *req, const struct dataset *ds,
           const struct stats *st, struct tmpl_dict *d)
{
	const struct locale *loc = req->loc;
	struct chart_status_input in = {0};
	struct buf svg = {0};
	const char *names[] = {"operational", "degraded", "outage", "unknown",
	                       "active"};
	const char *values[5];

	for (int s = 0; s < STATUS__MAX; s++) {
		struct tmpl_dict *row = tmpl_add_section(d, "DIST_ROW");

		in.counts[s] = st->by_status[s];
		in.labels[s] = loc->msg[status_msgs[s]];
		in.values[s] = i18n_fmt_int(req->arena, loc, st->by_status[s]);
		values[s] = in.values[s];
		tmpl_set(row, "LABEL", in.labels[s]);
		tmpl_set(row, "STATUS", status_names[s]);
		tmpl_set(row, "COUNT", in.values[s]);
	}
	values[4] = i18n_fmt_int(req->arena, loc, st->active);
	in.id = "chart-status";
	in.title = loc->msg[MSG_CHART_STATUS_TITLE];
	in.desc = i18n_fill(req->arena, loc->msg[MSG_CHART_STATUS_DESC], names,
	                    values, 5);
	/* An empty chart says why: no data at all, or no active model. */
	in.empty = loc->msg[ds->source == SOURCE_NONE ? MSG_CHART_UNAVAILABLE
	                                              : MSG_CHART_STATUS_EMPTY];
	chart_status_distribution_svg(&svg, &in);
	tmpl_set(d, "STATUS_CHART_SVG", svg.data);
	buf_free(&svg);
}

static void
fill_models(struct request *req, const struct dataset *ds,
            const struct stats *st, struct tmpl_dict *d)
{
	const struct locale *loc = req->loc;

	for (size_t m = 0; m < ds->n_models; m++) {
		const struct model *md = &ds->models[m];
		const struct model_stat *ms = &st->models[m];
		struct tmpl_dict *row = tmpl_add_section(d, "MODEL");
		struct buf regions = {0};

		tmpl_set(row, "SLUG", md->slug);
		tmpl_set(row, "NAME", md->name);
		tmpl_set(row, "PROVIDER", ds->providers[md->provider].name);
		if (md->is_active) {
			tmpl_set(row, "STATUS", status_names[ms->status]);
			tmpl_set(row, "STATUS_LABEL",
			         loc->msg[status_msgs[ms->status]]);
		} else {
			tmpl_set(row, "STATUS", "inactive");
			tmpl_set(row, "STATUS_LABEL",
			         loc->msg[MSG_MODELS_INACTIVE]);
			tmpl_show_section(row, "INACTIVE");
		}
		for (size_t r = 0; r < ms->n_regions; r++) {
			if (r > 0)
				buf_puts(&regions, ", ");
			buf_puts(&regions,
			         ds->latest[ms->first_region + r].region);
		}
		tmpl_set(row, "REGIONS", regions.data ? regions.data : "");
		buf_free(&regions);
		tmpl_set(row, "LATENCY",
		         ms->latency_ms >= 0
		             ? i18n_fmt_ms(req->arena, loc, ms->latency_ms)
		             : loc->msg[MSG_STATS_NOT_AVAILABLE]);
		tmpl_set(
		    row, "AVAILABILITY",
		    ms->has_availability
		        ? i18n_fmt_percent(req->arena, loc, ms->availability)
		        : loc->msg[MSG_STATS_NOT_AVAILABLE]);
		if (ms->last_checked > 0) {
			char iso[21];
			struct tmpl_dict *c = tmpl_add_section(row, "CHECKED");

			time_rfc3339(ms->last_checked, iso);
			tmpl_set(c, "CHECKED_ISO", iso);
			tmpl_set(c, "CHECKED_ABS",
			         i18n_fmt_datetime(req->arena, loc,
			                           ms->last_checked));
			tmpl_set(c, "CHECKED_REL",
			         i18n_fmt_relative(req->arena, loc,
			                           ds->now - ms->last_checked));
		} else {
			tmpl_set(row, "NEVER_LABEL",
			         loc->msg[MSG_MODELS_NEVER]);
			tmpl_show_section(row, "NEVER");
		}
	}
}

int
page_monitoring(struct app *app, struct request *req, struct response *resp)
{
	const struct locale *loc = req->loc;
	struct dataset ds;
	struct stats st;
	struct tmpl_dict *d;
	char iso[21];
	const char *names[] = {"active", "total", "time"};
	const char *values[3];
	int status;

	app_load(app, req, RANGE__MAX, &ds, &st);
	d = tmpl_dict_new();
	page_layout(app, req, d, loc->msg[MSG_MONITORING_TITLE], "/monitoring");

	tmpl_set(d, "SOURCE", data_source_names[ds.source]);
	tmpl_set(d, "SOURCE_LABEL", loc->msg[source_msgs[ds.source]]);
	time_rfc3339(ds.now, iso);
	values[2] = i18n_fmt_datetime(req->arena, loc, ds.now);
	tmpl_set(d, "UPDATED_ISO", iso);
	tmpl_set(d, "UPDATED",
	         i18n_fill(req->arena, loc->msg[MSG_HEADER_UPDATED], names + 2,
	                   values + 2, 1));
	if (ds.is_demo)
		tmpl_show_section(d, "DEMO");
	if (ds.source == SOURCE_NONE)
		tmpl_show_section(d, "UNAVAILABLE");
	if (ds.source == SOURCE_FALLBACK) {
		const char *fn[] = {"time", "age"};
		const char *fv[] = {
		    i18n_fmt_datetime(req->arena, loc, ds.snapshot_at),
		    i18n_fmt_relative(req->arena, loc,
		                      clock_now() - ds.snapshot_at)};

		tmpl_set(d, "FALLBACK_NOTICE",
		         i18n_fill(req->arena, loc->msg[MSG_NOTICE_FALLBACK],
		                   fn, fv, 2));
		tmpl_show_section(d, "FALLBACK");
	}

	values[0] = i18n_fmt_int(req->arena, loc, st.active);
	values[1] = i18n_fmt_int(req->arena, loc, st.total);
	tmpl_set(d, "TOTAL", values[1]);
	tmpl_set(d, "ACTIVE", values[0]);
	tmpl_set(d, "ACTIVE_OF_TOTAL",
	         i18n_fill(req->arena, loc->msg[MSG_STATS_ACTIVE_OF_TOTAL],
	                   names, values, 2));
	for (int s = 0; s < STATUS__MAX; s++)
		tmpl_set(d, status_markers[s],
		         i18n_fmt_int(req->arena, loc, st.by_status[s]));
	tmpl_set(d, "AVAILABILITY",
	         st.has_avg_availability
	             ? i18n_fmt_percent(req->arena, loc, st.avg_availability)
	             : loc->msg[MSG_STATS_NOT_AVAILABLE]);
	tmpl_set(d, "PROVIDERS", i18n_fmt_int(req->arena, loc, st.providers));
	fill_chart(req, &ds, &st, d);
	fill_models(req, &ds, &st, d);

	status = page_expand(req, resp, "monitoring.tpl", d);
	tmpl_dict_free(d);
	if (status != 0)
		return status;
	http_header(resp, "X-Data-Source", data_source_names[ds.source]);
	if (ds.source == SOURCE_NONE) {
		/* The page is complete and translated, but has no data. */
		http_header(resp, "Retry-After", "30");
		http_header(resp, "Cache-Control", "no-store");
		return 503;
	}
	page_cache_headers(resp);
	return 200;
}
