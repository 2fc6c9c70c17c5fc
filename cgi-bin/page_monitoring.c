/* page_monitoring.c: the monitoring page (/{lang}/monitoring) and the redirects to it. */
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <inttypes.h>
#include <string.h>

#include "arena.h"
#include "chart.h"
#include "page.h"
#include "page_pstatus.h"
#include "listing.h"
#include "numfmt.h"
#include "timefmt.h"

int
page_redirect_monitoring(struct app *app, struct request *req,
                         struct response *resp)
{
	const struct locale *loc =
	    i18n_negotiate(app->i18n, req->cookie_lang, req->accept_language);
	const char *home = page_home(req, loc);
	const char *q = input_query(req->in, req->arena);

	if (http_header(resp, "Location",
	                arena_printf(req->arena, "%s%s", home, q)) != 0)
		return 400;
	http_header(resp, "Vary", "Accept-Language, Cookie");
	http_header(resp, "Cache-Control", "private, max-age=0");
	resp->content_type = "text/plain; charset=utf-8";
	buf_printf(&resp->body, "%s\n", home);
	return 302;
}

/* GET /{lang}, /{lang}/, /{lang}/monitoring/, /{lang}/models,
 * /{lang}/models/ and /{lang}/models/{slug}/: 301 to the page of that
 * language a person meant (the monitoring page, its models table for the
 * models paths, the model's page), with the query's valid keys. */
int
page_redirect_canonical(struct app *app, struct request *req,
                        struct response *resp)
{
	const char *q = input_query(req->in, req->arena);
	const char *to =
	    req->slug != NULL
	        ? arena_printf(req->arena, "%s/%s/models/%s%s", req->base,
	                       req->loc->code, req->slug, q)
	        : arena_printf(
	              req->arena, "%s%s%s", page_home(req, req->loc), q,
	              strstr(req->path + strlen(req->base), "/models") != NULL
	                  ? "#models"
	                  : "");

	(void)app;
	if (http_header(resp, "Location", to) != 0)
		return 400;
	resp->content_type = "text/plain; charset=utf-8";
	buf_printf(&resp->body, "%s\n", to);
	return 301;
}

static const char *const status_markers[STATUS__MAX] = {
    "OPERATIONAL",
    "DEGRADED",
    "OUTAGE",
    "UNKNOWN",
};

int
page_switch_language(struct app *app, struct request *req,
                     struct response *resp)
{
	const char *next =
	    req->in->next[0] != '\0' ? req->in->next : page_home(req, req->loc);
	size_t nb = strlen(req->base);

	(void)app;
	/* Only a page of this site, under its base path. */
	if (strncmp(next, req->base, nb) != 0 || next[nb] != '/') {
		req->bad_key = "next";
		return 400;
	}
	if (http_header(resp, "Location", next) != 0)
		return 400;
	http_header(resp, "Set-Cookie",
	            arena_printf(req->arena,
	                         "lang=%s; Path=%s/; Max-Age=31536000; "
	                         "SameSite=Lax",
	                         req->loc->code, req->base));
	http_header(resp, "Cache-Control", "no-store");
	resp->content_type = "text/plain; charset=utf-8";
	buf_printf(&resp->body, "%s\n", next);
	return 302;
}

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
		in.labels[s] = loc->msg[page_status_msgs[s]];
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
fill_time_chart(struct request *req, const struct dataset *ds,
                const struct stats *st, struct tmpl_dict *d)
{
	const struct locale *loc = req->loc;
	struct arena *a = req->arena;
	enum range r = req->in->range;
	int n = st->n_points;
	struct chart_time_input in = {0};
	double(*by)[STATUS__MAX] =
	    arena_alloc(a, sizeof(*by) * (size_t)(n + 1));
	int *data = arena_alloc(a, sizeof(*data) * (size_t)(n + 1));
	double *av = arena_alloc(a, sizeof(*av) * (size_t)(n + 1));
	int *has = arena_alloc(a, sizeof(*has) * (size_t)(n + 1));
	const char **xl = arena_alloc(a, sizeof(*xl) * (size_t)(n + 1));
	const char *names[] = {"range", "operational", "degraded", "outage",
	                       "unknown"};
	const char *values[5];
	struct buf svg = {0};

	for (int i = 0; i < n; i++) {
		const struct bucket_stat *b = &st->buckets[i];
		struct tmpl_dict *row = tmpl_add_section(d, "TIME_ROW");
		char iso[21];
		int is_now = i == n - 1;
		int64_t cents[STATUS__MAX];

		memcpy(by[i], b->by_status, sizeof(by[i]));
		data[i] = b->n_samples > 0;
		av[i] = b->availability;
		has[i] = b->has_availability;
		xl[i] = page_x_label(req, r, i, n, b->start);
		time_rfc3339(b->start, iso);
		tmpl_set(row, "ISO", iso);
		tmpl_set(row, "LABEL",
		         is_now ? loc->msg[MSG_CHART_NOW]
		                : i18n_fmt_datetime(a, loc, b->start));
		/* Means over the sample instants, two decimals ("now" is
		 * the headline's whole numbers). */
		hundredths_summing(b->by_status, STATUS__MAX, cents);
		for (int s = 0; s < STATUS__MAX; s++) {
			tmpl_set(
			    row, arena_printf(a, "%s_RAW", status_markers[s]),
			    !data[i] ? ""
			             : arena_printf(a, "%.2f",
			                            (double)cents[s] / 100));
			tmpl_set(row, status_markers[s],
			         !data[i] ? loc->msg[MSG_CHART_NO_DATA]
			         : is_now
			             ? i18n_fmt_int(a, loc, st->by_status[s])
			             : i18n_fmt_decimal(
			                   a, loc, (double)cents[s] / 100, 2));
		}
		page_set_percent(req, row, "AVAILABILITY", b->has_availability,
		                 b->availability);
	}
	values[0] = loc->msg[page_range_phrase_msgs[r]];
	for (int s = 0; s < STATUS__MAX; s++)
		values[s + 1] = i18n_fmt_int(a, loc, st->by_status[s]);
	in.id = "chart-time";
	in.title =
	    i18n_fill(a, loc->msg[MSG_CHART_TIME_TITLE], names, values, 1);
	in.desc = i18n_fill(a, loc->msg[MSG_CHART_TIME_DESC], names, values, 5);
	in.empty = ds->source == SOURCE_NONE
	               ? loc->msg[MSG_CHART_UNAVAILABLE]
	               : i18n_fill(a, loc->msg[MSG_CHART_TIME_EMPTY], names,
	                           values, 1);
	in.n = n;
	in.by_status = (const double(*)[STATUS__MAX])by;
	in.has_data = data;
	in.no_data = loc->msg[MSG_CHART_NO_DATA];
	in.availability = av;
	in.has_availability = has;
	in.y_max = st->active;
	in.avail_min = chart_availability_floor(av, has, n);
	for (int s = 0; s < STATUS__MAX; s++)
		in.labels[s] = loc->msg[page_status_msgs[s]];
	in.availability_label = loc->msg[MSG_CHART_AVAILABILITY];
	in.x_labels = xl;
	in.y_labels[0] = i18n_fmt_int(a, loc, 0);
	in.y_labels[1] = i18n_fmt_int(a, loc, st->active);
	in.avail_labels[0] = i18n_fmt_percent(a, loc, in.avail_min);
	in.avail_labels[1] = i18n_fmt_percent(a, loc, 100);
	chart_status_over_time_svg(&svg, &in);
	tmpl_set(d, "TIME_CHART_SVG", svg.data);
	buf_free(&svg);
}

/* Providers by active models (most first), then by name. */
static int
provider_order(const void *x, const void *y, void *ctx)
{
	const struct stats *st = ((const void *const *)ctx)[0];
	const struct dataset *ds = ((const void *const *)ctx)[1];
	size_t i = *(const size_t *)x, j = *(const size_t *)y;
	int ai = st->per_provider[i].active, aj = st->per_provider[j].active;

	if (ai != aj)
		return aj - ai;
	return strcmp(ds->providers[i].name, ds->providers[j].name);
}

static void
fill_provider_chart(struct request *req, const struct dataset *ds,
                    const struct stats *st, struct tmpl_dict *d)
{
	const struct locale *loc = req->loc;
	struct arena *a = req->arena;
	size_t n = ds->n_providers;
	size_t *order = arena_alloc(a, sizeof(*order) * (n + 1));
	struct chart_row *rows = arena_alloc(a, sizeof(*rows) * (n + 1));
	const char *labels[STATUS__MAX];
	struct buf svg = {0};

	for (size_t i = 0; i < n; i++)
		order[i] = i;
	const void *ctx[2] = {st, ds};
	qsort_r(order, n, sizeof(*order), provider_order, ctx);
	for (size_t k = 0; k < n; k++) {
		const struct provider *p = &ds->providers[order[k]];
		const struct provider_stat *ps = &st->per_provider[order[k]];
		struct tmpl_dict *row = tmpl_add_section(d, "PROVIDER_ROW");

		rows[k].label = p->name;
		memcpy(rows[k].counts, ps->by_status, sizeof(rows[k].counts));
		rows[k].value = i18n_fmt_int(a, loc, ps->active);
		tmpl_set(row, "SLUG", p->slug);
		tmpl_set(row, "NAME", p->name);
		tmpl_set(row, "TOTAL", i18n_fmt_int(a, loc, ps->total));
		tmpl_set(row, "ACTIVE", rows[k].value);
		for (int s = 0; s < STATUS__MAX; s++)
			tmpl_set(row, status_markers[s],
			         i18n_fmt_int(a, loc, ps->by_status[s]));
	}
	for (int s = 0; s < STATUS__MAX; s++)
		labels[s] = loc->msg[page_status_msgs[s]];
	chart_stacked_rows_svg(
	    &svg, "chart-providers", loc->msg[MSG_CHART_PROVIDERS_TITLE],
	    loc->msg[MSG_CHART_PROVIDERS_DESC],
	    loc->msg[ds->source == SOURCE_NONE ? MSG_CHART_UNAVAILABLE
	                                       : MSG_CHART_STATUS_EMPTY],
	    rows, (int)n, labels);
	tmpl_set(d, "PROVIDER_CHART_SVG", svg.data);
	buf_free(&svg);
}

/* The filter form's options, with the current choices selected. */
static void
fill_filters(struct request *req, const struct dataset *ds, struct tmpl_dict *d)
{
	const struct locale *loc = req->loc;
	static const enum msg sort_msgs[SORT__MAX] = {
	    MSG_MODELS_PROVIDER,     MSG_MODELS_MODEL,
	    MSG_MODELS_STATUS,       MSG_MODELS_LATENCY,
	    MSG_MODELS_AVAILABILITY, MSG_MODELS_LAST_CHECKED};

	tmpl_set(d, "RANGE_NAME", ranges[req->in->range].name);
	/* A wall display keeps reloading after a filter change. */
	if (req->in->refresh > 0)
		tmpl_set(
		    tmpl_add_section(d, "REFRESH_KEPT"), "SECONDS",
		    arena_printf(req->arena, "%" PRId64, req->in->refresh));
	for (size_t p = 0; p < ds->n_providers; p++) {
		struct tmpl_dict *o = tmpl_add_section(d, "PROVIDER_OPTION");

		tmpl_set(o, "SLUG", ds->providers[p].slug);
		tmpl_set(o, "NAME", ds->providers[p].name);
		if (strcmp(ds->providers[p].slug, req->in->provider) == 0)
			tmpl_show_section(o, "SELECTED");
	}
	for (int s = 0; s <= STATUS__MAX; s++) {
		struct tmpl_dict *o = tmpl_add_section(d, "STATUS_OPTION");

		tmpl_set(o, "VALUE",
		         s < STATUS__MAX ? status_names[s] : "inactive");
		tmpl_set(o, "LABEL",
		         loc->msg[s < STATUS__MAX ? page_status_msgs[s]
		                                  : MSG_MODELS_INACTIVE]);
		if (s == req->in->status)
			tmpl_show_section(o, "SELECTED");
	}
	for (int s = 0; s < SORT__MAX; s++) {
		struct tmpl_dict *o = tmpl_add_section(d, "SORT_OPTION");

		tmpl_set(o, "VALUE", sort_names[s]);
		tmpl_set(o, "LABEL", loc->msg[sort_msgs[s]]);
		if ((enum sort)s == req->in->sort)
			tmpl_show_section(o, "SELECTED");
	}
	if (req->in->descending)
		tmpl_show_section(d, "DESCENDING");
	/* Column headers sort by their column; the current one flips order. */
	const char *home = page_home(req, loc);
	for (int s = 0; s < SORT__MAX; s++) {
		static const char *const keys[SORT__MAX] = {
		    "PROVIDER", "MODEL",        "STATUS",
		    "LATENCY",  "AVAILABILITY", "CHECKED"};
		int current = (enum sort)s == req->in->sort;
		const char *order =
		    current && !req->in->descending ? "desc" : "asc";
		char name[40];

		struct input in = *req->in;

		/* The range and filters stay; land on the table. */
		in.sort = (enum sort)s;
		in.descending = order[0] == 'd';
		in.present[KEY_SORT] = in.present[KEY_ORDER] = 1;
		/* Another order starts at its first page. */
		in.page = 1;
		in.present[KEY_PAGE] = 0;
		snprintf(name, sizeof(name), "SORT_%s_HREF", keys[s]);
		tmpl_set(d, name,
		         arena_printf(req->arena, "%s%s#models", home,
		                      input_query(&in, req->arena)));
		if (current) {
			snprintf(name, sizeof(name), "SORTED_%s", keys[s]);
			tmpl_show_section(d, name);
			tmpl_set(d, "ARIA_SORT",
			         req->in->descending ? "descending"
			                             : "ascending");
		}
	}
}

/* The link to page `page` of the models table: every other key as it is,
 * landing on the table (page 1 without the key). */
static const char *
page_href(struct request *req, int64_t page)
{
	struct input in = *req->in;

	in.page = page;
	in.present[KEY_PAGE] = page > 1;
	return arena_printf(req->arena, "%s%s#models", page_home(req, req->loc),
	                    input_query(&in, req->arena));
}

/* The PAGES section under the table when the rows fill more than one page
 * or the page asked for is not the first: which rows these are, previous
 * and next, and the numbers of the first, the last and the pages near this
 * one (a GAP between). A page past the end shows none and says so. */
static void
fill_pages(struct request *req, struct tmpl_dict *d, size_t shown)
{
	const struct locale *loc = req->loc;
	struct arena *a = req->arena;
	int64_t page = req->in->page;
	int64_t pages =
	    shown == 0
	        ? 1
	        : (int64_t)((shown + PAGE_MODELS_ROWS - 1) / PAGE_MODELS_ROWS);
	int64_t first = (page - 1) * PAGE_MODELS_ROWS;
	struct tmpl_dict *nav, *link;
	const char *names[] = {"from", "to", "count", "page", "pages"};
	const char *values[5];

	if (pages == 1 && page == 1)
		return;
	nav = tmpl_add_section(d, "PAGES");
	values[0] = i18n_fmt_int(a, loc, first + 1);
	values[1] = i18n_fmt_int(a, loc,
	                         first + PAGE_MODELS_ROWS < (int64_t)shown
	                             ? first + PAGE_MODELS_ROWS
	                             : (int64_t)shown);
	values[2] = i18n_fmt_int(a, loc, (int64_t)shown);
	values[3] = i18n_fmt_int(a, loc, page);
	values[4] = i18n_fmt_int(a, loc, pages);
	tmpl_set(nav, "RANGE_TEXT",
	         i18n_fill(a,
	                   loc->msg[page > pages ? MSG_MODELS_PAGES_PAST
	                                         : MSG_MODELS_PAGES_RANGE],
	                   names, values, 5));
	if (page > 1)
		tmpl_set(tmpl_add_section(nav, "PREV"), "HREF",
		         page_href(req, page > pages ? pages : page - 1));
	for (int64_t p = 1; p <= pages; p++) {
		int near = p >= page - 2 && p <= page + 2;

		if (p != 1 && p != pages && !near) {
			/* One gap for each run of pages left out. */
			if (p == 2 || p == page + 3)
				tmpl_show_section(tmpl_add_section(nav, "PAGE"),
				                  "GAP");
			continue;
		}
		link = tmpl_add_section(tmpl_add_section(nav, "PAGE"), "LINK");
		tmpl_set(link, "HREF", page_href(req, p));
		tmpl_set(link, "NUMBER", i18n_fmt_int(a, loc, p));
		if (p == page)
			tmpl_show_section(link, "CURRENT");
	}
	if (page < pages)
		tmpl_set(tmpl_add_section(nav, "NEXT"), "HREF",
		         page_href(req, page + 1));
}

/* The rows of the models table on the page asked for (PAGE_MODELS_ROWS at
 * most), the line of how many pass the filters, and the pages. */
static void
fill_models(struct request *req, const struct dataset *ds,
            const struct stats *st, struct tmpl_dict *d,
            int64_t status_interval)
{
	const struct locale *loc = req->loc;
	size_t *order;
	size_t shown = listing_models(req->in, ds, st, req->arena, &order);
	size_t first = (size_t)(req->in->page - 1) * PAGE_MODELS_ROWS;
	const char *names[] = {"shown", "total"};
	const char *values[2];

	values[0] = i18n_fmt_int(req->arena, loc, (int64_t)shown);
	values[1] = i18n_fmt_int(req->arena, loc, (int64_t)ds->n_models);
	tmpl_set(d, "SHOWN",
	         i18n_fill(req->arena, loc->msg[MSG_MODELS_SHOWN], names,
	                   values, 2));
	fill_pages(req, d, shown);
	for (size_t k = first; k < shown && k < first + PAGE_MODELS_ROWS; k++) {
		size_t m = order[k];
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
			         loc->msg[page_status_msgs[ms->status]]);
		} else {
			tmpl_set(row, "STATUS", "inactive");
			tmpl_set(row, "STATUS_LABEL",
			         loc->msg[MSG_MODELS_INACTIVE]);
			tmpl_show_section(row, "INACTIVE");
		}
		if (ms->reachability_only)
			tmpl_show_section(row, "REACHABILITY_ONLY");
		if (md->is_active)
			page_pstatus_model(req, row, ds, m, ms->status,
			                   status_interval, 0);
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
		page_set_percent(req, row, "AVAILABILITY",
		                 ms->has_availability[WINDOW_24H],
		                 ms->availability[WINDOW_24H]);
		page_last_checked(req, row, ms->last_checked, ds->now);
	}
}

int
page_monitoring(struct app *app, struct request *req, struct response *resp)
{
	const struct locale *loc = req->loc;
	struct dataset ds;
	struct stats st;
	struct tmpl_dict *d;
	const char *names[] = {"active", "total"};
	const char *values[2], *accepted;
	int status;

	source_load(&app->source, req->now, req->in->range, 0, req->arena, &ds,
	            &st);
	req->bad_key =
	    listing_unknown_filter(req->in, &ds, req->arena, &accepted);
	if (req->bad_key != NULL)
		return page_error_accepting(app, req, resp, 400, 0, accepted);
	d = tmpl_dict_new();
	page_layout(app, req, d, loc->msg[MSG_MONITORING_TITLE], "/monitoring",
	            input_query(req->in, req->arena), 1);

	page_data_header(req, &ds, d);
	/* Open incidents and maintenance (page_incidents.c). */
	if (page_incident_banner(app, req, &ds, NULL, d) != 0) {
		tmpl_dict_free(d);
		return 500;
	}
	tmpl_set(d, "LANG", loc->code);
	tmpl_set(d, "RANGE_LABEL", loc->msg[page_range_msgs[req->in->range]]);

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
	page_set_percent(req, d, "AVAILABILITY", st.has_avg_availability,
	                 st.avg_availability);
	tmpl_set(d, "PROVIDERS", i18n_fmt_int(req->arena, loc, st.providers));
	fill_chart(req, &ds, &st, d);
	page_range_links(req, d, "/monitoring");
	fill_time_chart(req, &ds, &st, d);
	fill_provider_chart(req, &ds, &st, d);
	fill_filters(req, &ds, d);
	fill_models(req, &ds, &st, d, app->cfg.status_interval);
	page_pstatus_providers(req, d, &ds, &st, app->cfg.status_interval);

	status = page_expand(req, resp, "monitoring.tpl", d);
	tmpl_dict_free(d);
	if (status != 0)
		return status;
	return respond_data(resp, &ds);
}
