/* page_model.c: one model's page (/{lang}/models/{slug}): status and probe kind per region, availability, charts, recent checks and the kinds of their failures. */
#include <string.h>

#include "arena.h"
#include "chart.h"
#include "detail.h"
#include "handlers.h"
#include "log.h"
#include "page.h"
#include "page_pstatus.h"
#include "timefmt.h"

static void
set_window(struct request *req, struct tmpl_dict *row, const char *name,
           const struct counts *c)
{
	double pct = 0;
	int has = stats_availability(c, &pct);

	page_set_percent(req, row, name, has, pct);
}

static const char *
status_label(struct request *req, enum status s)
{
	return req->loc->msg[page_status_msgs[s]];
}

/* The kind of probe of a region's latest check: its name for tools
 * ("" when not said) and its text. */
static void
set_probe_kind(struct request *req, struct tmpl_dict *row,
               const struct region_latest *r)
{
	int said = r->has_check && r->probe_kind < PROBE_KIND__MAX;

	tmpl_set(row, "PROBE_KIND",
	         said ? probe_kind_names[r->probe_kind] : "");
	tmpl_set(row, "PROBE_LABEL",
	         said ? req->loc->msg[page_probe_kind_msgs[r->probe_kind]]
	              : req->loc->msg[MSG_STATS_NOT_AVAILABLE]);
}

/* The table of regions: status now, probe kind, last check, windows
 * 24h/7d/30d. */
static void
fill_regions(struct request *req, const struct dataset *ds,
             const struct model_stat *ms, int64_t freshness,
             const struct region_detail *rd, size_t n_rd, struct tmpl_dict *d)
{
	for (size_t i = ms->first_region; i < ms->first_region + ms->n_regions;
	     i++) {
		const struct region_latest *r = &ds->latest[i];
		struct tmpl_dict *row = tmpl_add_section(d, "REGION");
		enum status s = stats_region_status(r, ds->now, freshness);
		struct counts none = {{0}};
		const struct counts *w[WINDOW__MAX] = {&none, &none, &none};

		for (size_t k = 0; k < n_rd; k++)
			if (strcmp(rd[k].region, r->region) == 0)
				for (int x = 0; x < WINDOW__MAX; x++)
					w[x] = &rd[k].window[x];
		tmpl_set(row, "REGION", r->region);
		tmpl_set(row, "STATUS", status_names[s]);
		tmpl_set(row, "STATUS_LABEL", status_label(req, s));
		set_probe_kind(req, row, r);
		page_last_checked(req, row, r->has_check ? r->checked_at : 0,
		                  ds->now);
		tmpl_set(row, "LATENCY",
		         r->has_check && r->latency_ms >= 0
		             ? i18n_fmt_ms(req->arena, req->loc, r->latency_ms)
		             : req->loc->msg[MSG_STATS_NOT_AVAILABLE]);
		set_window(req, row, "A24H", w[WINDOW_24H]);
		set_window(req, row, "A7D", w[WINDOW_7D]);
		set_window(req, row, "A30D", w[WINDOW_30D]);
	}
}

/* A line chart's top for values up to max: 1000 ms, or max rounded up to
 * the next whole second. */
static double
ms_axis_top(double max)
{
	return max < 1000 ? 1000 : (double)((int64_t)max / 1000 + 1) * 1000;
}

/* Sets name (formatted, or n/a when v < 0) and name_RAW (digits, or "")
 * of ms v in d. */
static void
set_ms(struct request *req, struct tmpl_dict *d, const char *name, int64_t v)
{
	tmpl_set(d, name,
	         v >= 0 ? i18n_fmt_ms(req->arena, req->loc, v)
	                : req->loc->msg[MSG_STATS_NOT_AVAILABLE]);
	tmpl_set(d, arena_printf(req->arena, "%s_RAW", name),
	         v >= 0 ? arena_printf(req->arena, "%lld", (long long)v) : "");
}

/* The texts of one chart of p50 and p95 times. */
struct percentile_msgs {
	enum msg p50, p95, title, desc, empty;
};

static const struct percentile_msgs latency_msgs = {
    MSG_MODEL_P50, MSG_MODEL_P95, MSG_MODEL_LATENCY_TITLE,
    MSG_MODEL_LATENCY_DESC, MSG_MODEL_LATENCY_EMPTY};
static const struct percentile_msgs ttft_msgs = {
    MSG_MODEL_TTFT_P50, MSG_MODEL_TTFT_P95, MSG_MODEL_TTFT_TITLE,
    MSG_MODEL_TTFT_DESC, MSG_MODEL_TTFT_EMPTY};

/* Draws into svg (emptied first) the chart id of p50 and p95 ms per
 * bucket (n of each; -1: none in that bucket) from 0 to the largest p95,
 * rounded up; its texts are m's, filled from the 3 names and values, its
 * x labels xl. The latency and the time-to-first-token charts. */
static void
draw_percentiles(struct request *req, const char *id, const int64_t *v50,
                 const int64_t *v95, int n, const struct percentile_msgs *m,
                 const char *const *names, const char *const *values,
                 const char *const *xl, const struct chart_marks *marks,
                 struct buf *svg)
{
	const struct locale *loc = req->loc;
	struct arena *a = req->arena;
	double *p50 = arena_alloc(a, sizeof(double) * (size_t)(n + 1));
	double *p95 = arena_alloc(a, sizeof(double) * (size_t)(n + 1));
	int *has50 = arena_alloc(a, sizeof(int) * (size_t)(n + 1));
	int *has95 = arena_alloc(a, sizeof(int) * (size_t)(n + 1));
	double max = 0;
	struct chart_line lines[2];
	struct chart_lines_input in;

	for (int b = 0; b < n; b++) {
		p50[b] = (double)v50[b];
		p95[b] = (double)v95[b];
		has50[b] = v50[b] >= 0;
		has95[b] = v95[b] >= 0;
		if (has95[b] && p95[b] > max)
			max = p95[b];
	}
	max = ms_axis_top(max);
	lines[0] = (struct chart_line){loc->msg[m->p50], "p50", p50, has50, 0};
	lines[1] = (struct chart_line){loc->msg[m->p95], "p95", p95, has95, 0};
	in = (struct chart_lines_input){
	    id,
	    i18n_fill(a, loc->msg[m->title], names, values, 3),
	    i18n_fill(a, loc->msg[m->desc], names, values, 3),
	    i18n_fill(a, loc->msg[m->empty], names, values, 3),
	    n,
	    lines,
	    2,
	    0,
	    max,
	    {i18n_fmt_ms(a, loc, 0), i18n_fmt_ms(a, loc, (int64_t)max)},
	    xl};
	svg->len = 0;
	chart_lines_marked_svg(svg, &in, marks);
}

/* One region's latency, time-to-first-token (stream probes) and
 * availability charts with their table; the availability axis starts at
 * avail_min, shared by all regions. */
static void
fill_series(struct request *req, const struct model *md,
            const struct history *h, const struct region_detail *rd,
            double avail_min, const struct chart_marks *marks,
            struct tmpl_dict *d)
{
	const struct locale *loc = req->loc;
	struct arena *a = req->arena;
	int n = h->n_buckets;
	struct tmpl_dict *sec = tmpl_add_section(d, "SERIES");
	const char **xl = arena_alloc(a, sizeof(*xl) * (size_t)(n + 1));
	const char *names[] = {"model", "region", "range"};
	const char *values[] = {
	    md->name, rd->region,
	    loc->msg[page_range_phrase_msgs[req->in->range]]};
	struct chart_line av;
	struct chart_lines_input in;
	struct buf svg = {0};

	for (int b = 0; b < n; b++) {
		struct tmpl_dict *row = tmpl_add_section(sec, "ROW");
		int64_t start = h->first_bucket + b * h->bucket_secs;
		char iso[21];

		int has50 = rd->p50[b] >= 0, has95 = rd->p95[b] >= 0;

		/* The model page has no "now" point: every bucket is a time. */
		xl[b] = page_x_label(req, req->in->range, b, n + 1, start);
		time_rfc3339(start, iso);
		tmpl_set(row, "ISO", iso);
		tmpl_set(row, "LABEL", i18n_fmt_datetime(a, loc, start));
		tmpl_set(row, "P50",
		         has50 ? i18n_fmt_ms(a, loc, rd->p50[b])
		               : loc->msg[MSG_STATS_NOT_AVAILABLE]);
		tmpl_set(row, "P95",
		         has95 ? i18n_fmt_ms(a, loc, rd->p95[b])
		               : loc->msg[MSG_STATS_NOT_AVAILABLE]);
		tmpl_set(row, "P50_RAW",
		         has50 ? arena_printf(a, "%lld", (long long)rd->p50[b])
		               : "");
		tmpl_set(row, "P95_RAW",
		         has95 ? arena_printf(a, "%lld", (long long)rd->p95[b])
		               : "");
		page_set_percent(req, row, "AVAILABILITY",
		                 rd->has_availability[b], rd->availability[b]);
		if (rd->has_ttft) {
			struct tmpl_dict *cells =
			    tmpl_add_section(row, "TTFT_CELLS");

			set_ms(req, cells, "TTFT_P50", rd->ttft_p50[b]);
			set_ms(req, cells, "TTFT_P95", rd->ttft_p95[b]);
		}
	}
	tmpl_set(sec, "REGION", rd->region);
	draw_percentiles(req, arena_printf(a, "chart-latency-%s", rd->region),
	                 rd->p50, rd->p95, n, &latency_msgs, names, values, xl,
	                 marks, &svg);
	tmpl_set(sec, "LATENCY_SVG", svg.data);
	/* Time to first token: only for a region with some; a region
	 * without one gets no chart, not an empty frame. */
	if (rd->has_ttft) {
		draw_percentiles(req,
		                 arena_printf(a, "chart-ttft-%s", rd->region),
		                 rd->ttft_p50, rd->ttft_p95, n, &ttft_msgs,
		                 names, values, xl, marks, &svg);
		tmpl_set(tmpl_add_section(sec, "TTFT"), "TTFT_SVG", svg.data);
		tmpl_show_section(sec, "TTFT_HEAD");
	}
	av = (struct chart_line){loc->msg[MSG_CHART_AVAILABILITY], "avail",
	                         rd->availability, rd->has_availability, 1};
	in = (struct chart_lines_input){
	    arena_printf(a, "chart-availability-%s", rd->region),
	    i18n_fill(a, loc->msg[MSG_MODEL_AVAIL_TITLE], names, values, 3),
	    i18n_fill(a, loc->msg[MSG_MODEL_AVAIL_DESC], names, values, 3),
	    i18n_fill(a, loc->msg[MSG_MODEL_AVAIL_EMPTY], names, values, 3),
	    n,
	    &av,
	    1,
	    avail_min,
	    100,
	    {i18n_fmt_percent(a, loc, avail_min),
	     i18n_fmt_percent(a, loc, 100)},
	    xl};
	svg.len = 0;
	chart_lines_marked_svg(&svg, &in, marks);
	tmpl_set(sec, "AVAILABILITY_SVG", svg.data);
	buf_free(&svg);
}

/* The one bottom of the availability axes of the model's regions, so
 * regions can be compared by eye (README, "The model page"). */
static double
shared_availability_floor(struct request *req, const struct region_detail *rd,
                          long n_rd, int n)
{
	const double **v =
	    arena_alloc(req->arena, sizeof(*v) * (size_t)(n_rd + 1));
	const int **has =
	    arena_alloc(req->arena, sizeof(*has) * (size_t)(n_rd + 1));

	for (long k = 0; k < n_rd; k++) {
		v[k] = rd[k].availability;
		has[k] = rd[k].has_availability;
	}
	return chart_availability_floor_shared(v, has, (int)n_rd, n);
}

/* Without a check in the range (an inactive model), the chart section
 * still draws a frame and says why. */
static void
fill_no_series(struct request *req, const struct model *md, struct tmpl_dict *d)
{
	const struct locale *loc = req->loc;
	struct arena *a = req->arena;
	const char *names[] = {"model", "region", "range"};
	const char *values[] = {
	    md->name, "", loc->msg[page_range_phrase_msgs[req->in->range]]};
	const char *why =
	    i18n_fill(a, loc->msg[MSG_MODEL_AVAIL_EMPTY], names, values, 3);
	struct chart_line av = {loc->msg[MSG_CHART_AVAILABILITY], "avail", NULL,
	                        NULL, 1};
	struct chart_lines_input in = {
	    "chart-history",
	    loc->msg[MSG_MODEL_OVER_TIME],
	    why,
	    why,
	    0,
	    &av,
	    1,
	    95,
	    100,
	    {i18n_fmt_percent(a, loc, 95), i18n_fmt_percent(a, loc, 100)},
	    NULL};
	struct tmpl_dict *sec = tmpl_add_section(d, "NO_SERIES");
	struct buf svg = {0};

	chart_lines_svg(&svg, &in);
	tmpl_set(sec, "SVG", svg.data);
	buf_free(&svg);
}

/* The error kinds of the recent checks that failed or were degraded,
 * each with how many, most first (ties in the order of the kinds): the
 * FAILURE_KINDS section, shown only when some failure says its kind. */
static void
fill_failure_kinds(struct request *req, const struct check_row *rows, long n,
                   struct tmpl_dict *d)
{
	int64_t count[ERROR_KIND__MAX] = {0};
	int order[ERROR_KIND__MAX] = {0}, n_kinds = 0;
	struct tmpl_dict *sec;

	for (long i = 0; i < n; i++)
		if (rows[i].status != STATUS_OPERATIONAL &&
		    rows[i].error_kind < ERROR_KIND__MAX)
			count[rows[i].error_kind]++;
	for (int k = 0; k < ERROR_KIND__MAX; k++) {
		int j;

		if (count[k] == 0)
			continue;
		/* Insertion: after every kind with as many or more. */
		for (j = n_kinds++; j > 0 && count[order[j - 1]] < count[k];
		     j--)
			order[j] = order[j - 1];
		order[j] = k;
	}
	if (n_kinds == 0)
		return;
	sec = tmpl_add_section(d, "FAILURE_KINDS");
	for (int j = 0; j < n_kinds; j++) {
		struct tmpl_dict *item = tmpl_add_section(sec, "KIND");

		tmpl_set(item, "KIND", error_kind_names[order[j]]);
		tmpl_set(item, "LABEL",
		         req->loc->msg[page_error_kind_msgs[order[j]]]);
		tmpl_set(item, "COUNT",
		         i18n_fmt_int(req->arena, req->loc, count[order[j]]));
	}
}

static void
fill_recent(struct request *req, const struct check_row *rows, long n,
            struct tmpl_dict *d)
{
	const struct locale *loc = req->loc;

	fill_failure_kinds(req, rows, n, d);
	for (long i = 0; i < n; i++) {
		struct tmpl_dict *row = tmpl_add_section(d, "CHECK");
		char iso[21];

		time_rfc3339(rows[i].checked_at, iso);
		tmpl_set(row, "ISO", iso);
		tmpl_set(
		    row, "TIME",
		    i18n_fmt_datetime(req->arena, loc, rows[i].checked_at));
		tmpl_set(row, "REGION", rows[i].region);
		tmpl_set(row, "STATUS", status_names[rows[i].status]);
		tmpl_set(row, "STATUS_LABEL",
		         status_label(req, rows[i].status));
		tmpl_set(row, "LATENCY",
		         rows[i].latency_ms >= 0
		             ? i18n_fmt_ms(req->arena, loc, rows[i].latency_ms)
		             : loc->msg[MSG_STATS_NOT_AVAILABLE]);
		tmpl_set(row, "HTTP",
		         rows[i].http_status > 0
		             ? arena_printf(req->arena, "%lld",
		                            (long long)rows[i].http_status)
		             : loc->msg[MSG_STATS_NOT_AVAILABLE]);
		if (rows[i].error_kind < ERROR_KIND__MAX) {
			struct tmpl_dict *k =
			    tmpl_add_section(row, "ERROR_KIND");

			tmpl_set(k, "KIND",
			         error_kind_names[rows[i].error_kind]);
			tmpl_set(
			    k, "LABEL",
			    loc->msg[page_error_kind_msgs[rows[i].error_kind]]);
		}
		tmpl_set(row, "ERROR", rows[i].error ? rows[i].error : "");
	}
	if (n == 0)
		tmpl_show_section(d, "NO_CHECKS");
}

/* The model's incidents (page_incidents.c): the banner of its open ones
 * and the maintenance that concerns it, the list of its recent ones
 * (include MODEL_INCIDENTS), and into *marks the bands of those in the
 * charts' range [first bucket, last bucket's end), from their events. 0,
 * or 500 (logged). */
static int
fill_model_incidents(struct app *app, struct request *req,
                     const struct dataset *ds, const struct model *md,
                     const struct history *h, struct chart_marks *marks,
                     struct tmpl_dict *d)
{
	struct incident_filter f = {0};
	struct incident_view *v;
	struct tmpl_dict *inc = tmpl_add_include(
	    d, "MODEL_INCIDENTS",
	    arena_printf(req->arena, "%s/model_incidents.tpl", req->loc->code));
	struct chart_band *all = NULL;
	size_t n_all = 0;
	long n, total;
	char err[512];

	if (page_incident_banner(app, req, ds, md->slug, d) != 0)
		return 500;
	tmpl_set(inc, "INCIDENTS_HREF",
	         arena_printf(req->arena, "%s/%s/incidents?model=%s", req->base,
	                      req->loc->code, md->slug));
	tmpl_set(inc, "FEED_HREF",
	         arena_printf(req->arena, "%s/%s/providers/%s/feed.atom",
	                      req->base, req->loc->code,
	                      ds->providers[md->provider].slug));
	tmpl_set(inc, "PROVIDER", ds->providers[md->provider].name);
	if (!source_has_incidents(&app->source, ds)) {
		tmpl_show_section(inc, "UNAVAILABLE");
		return 0;
	}
	f.model = md->slug;
	f.limit = 10;
	n = source_incidents(&app->source, ds, &f, req->arena, &v, &total, err,
	                     sizeof(err));
	if (n < 0) {
		log_msg("error", "model page %s incidents: %s", md->slug, err);
		return 500;
	}
	for (long i = 0; i < n; i++)
		page_incident_row(req, &v[i], ds->now,
		                  tmpl_add_section(inc, "INCIDENT"));
	if (n == 0)
		tmpl_show_section(inc, "NONE");
	if (h->n_buckets <= 0)
		return 0;
	/* Those in the charts' range, with their events, for the bands. */
	f.limit = 0;
	f.details = 1;
	f.from = h->first_bucket;
	f.to = h->first_bucket + h->n_buckets * h->bucket_secs;
	n = source_incidents(&app->source, ds, &f, req->arena, &v, &total, err,
	                     sizeof(err));
	if (n < 0) {
		log_msg("error", "model page %s incidents: %s", md->slug, err);
		return 500;
	}
	for (long i = 0; i < n; i++) {
		struct chart_band *b;
		size_t nb = chart_incident_bands(
		    &v[i].inc,
		    v[i].inc.resolved_at ? v[i].inc.resolved_at : ds->now,
		    req->arena, &b);
		struct chart_band *grown =
		    arena_alloc(req->arena, sizeof(*grown) * (n_all + nb + 1));

		if (n_all > 0)
			memcpy(grown, all, sizeof(*grown) * n_all);
		memcpy(grown + n_all, b, sizeof(*grown) * nb);
		all = grown;
		n_all += nb;
	}
	marks->bands = all;
	marks->n_bands = (int)n_all;
	marks->t0 = f.from;
	marks->t1 = f.to;
	if (n > 0)
		tmpl_show_section(inc, "MARKED");
	return 0;
}

int
page_model(struct app *app, struct request *req, struct response *resp)
{
	const struct locale *loc = req->loc;
	struct dataset ds;
	struct stats st;
	struct tmpl_dict *d;
	size_t m;
	int status;

	source_load(&app->source, req->now, RANGE__MAX, 0, req->arena, &ds,
	            &st);
	for (m = 0; m < ds.n_models; m++)
		if (strcmp(ds.models[m].slug, req->slug) == 0)
			break;
	if (ds.source != SOURCE_NONE && m == ds.n_models)
		return 404;
	if (ds.source == SOURCE_NONE)
		return 503;

	const struct model *md = &ds.models[m];
	const struct model_stat *ms = &st.models[m];
	struct history h;
	struct check_row *recent = NULL;
	long n_recent = 0;
	struct region_detail *rd = NULL;
	long n_rd;
	char err[512];

	n_rd = source_model_detail(&app->source, &ds, md->id, req->in->range,
	                           req->arena, &h, &rd, err, sizeof(err));
	if (n_rd >= 0)
		n_recent =
		    source_recent_checks(&app->source, &ds, md->id, req->arena,
		                         &recent, err, sizeof(err));
	if (n_rd < 0 || n_recent < 0) {
		log_msg("error", "model page %s: %s", md->slug, err);
		return 500;
	}

	d = tmpl_dict_new();
	page_layout(app, req, d, md->name,
	            arena_printf(req->arena, "/models/%s", md->slug),
	            input_query(req->in, req->arena), 1);
	page_data_header(req, &ds, d);
	tmpl_set(d, "NAME", md->name);
	tmpl_set(d, "PROVIDER", ds.providers[md->provider].name);
	if (md->is_active) {
		tmpl_set(d, "STATUS", status_names[ms->status]);
		tmpl_set(d, "STATUS_LABEL", status_label(req, ms->status));
	} else {
		tmpl_set(d, "STATUS", "inactive");
		tmpl_set(d, "STATUS_LABEL", loc->msg[MSG_MODELS_INACTIVE]);
		tmpl_set(d, "INACTIVE_LABEL", loc->msg[MSG_MODELS_INACTIVE]);
		tmpl_show_section(d, "INACTIVE");
	}
	if (ds.source != SOURCE_DATABASE)
		tmpl_show_section(d, "NO_HISTORY");
	/* DESIGN 2.7: never a reachability probe as proof of the model. */
	if (ms->reachability_only)
		tmpl_show_section(d, "REACHABILITY_ONLY");
	if (md->is_active)
		page_pstatus_model(req, d, &ds, (size_t)(md - ds.models),
		                   ms->status, app->cfg.status_interval, 1);
	fill_regions(req, &ds, ms, app->cfg.freshness, rd, (size_t)n_rd, d);
	page_range_links(req, d,
	                 arena_printf(req->arena, "/models/%s", md->slug));
	double avail_min =
	    shared_availability_floor(req, rd, n_rd, h.n_buckets);

	struct chart_marks marks = {0};

	/* The model's incidents: listed, and shaded on its charts. */
	if (fill_model_incidents(app, req, &ds, md, &h, &marks, d) != 0) {
		tmpl_dict_free(d);
		return 500;
	}
	for (long k = 0; k < n_rd; k++)
		fill_series(req, md, &h, &rd[k], avail_min, &marks, d);
	if (n_rd == 0)
		fill_no_series(req, md, d);
	fill_recent(req, recent, n_recent, d);

	status = page_expand(req, resp, "model.tpl", d);
	tmpl_dict_free(d);
	if (status != 0)
		return status;
	return respond_data(resp, &ds);
}
