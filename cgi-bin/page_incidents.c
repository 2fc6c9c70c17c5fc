/* page_incidents.c: incidents on the pages: the history (/{lang}/incidents), one incident with its timeline (/{lang}/incidents/{id}), the banner of open incidents and maintenance, and the Atom feeds. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "chart.h"
#include "listing.h"
#include "log.h"
#include "page.h"
#include "timefmt.h"

/* Incidents per page of the history. */
#define PAGE_INCIDENTS_ROWS 25
/* Entries of a feed: the newest incidents. */
#define FEED_ENTRIES 50
/* Open incidents a banner shows at most. */
#define BANNER_INCIDENTS 20
/* How far back the history lists maintenance windows. */
#define MAINTENANCE_PAST_SECS (90 * 86400)

static const enum msg severity_msgs[SEVERITY__MAX] = {
    MSG_STATUS_OPERATIONAL,
    MSG_INCIDENT_SEV_MINOR,
    MSG_INCIDENT_SEV_MAJOR,
    MSG_INCIDENT_SEV_CRITICAL,
};

static const enum msg state_msgs[UPDATE_STATE__MAX] = {
    MSG_INCIDENT_STATE_INVESTIGATING,
    MSG_INCIDENT_STATE_IDENTIFIED,
    MSG_INCIDENT_STATE_MONITORING,
    MSG_INCIDENT_STATE_RESOLVED,
};

static const enum msg event_msgs[INCIDENT_EVENT__MAX] = {
    MSG_INCIDENT_EVENT_OPENED,
    MSG_INCIDENT_EVENT_ESCALATED,
    MSG_INCIDENT_EVENT_DEESCALATED,
    MSG_INCIDENT_EVENT_RESOLVED,
};

static const char *
severity_label(struct request *req, enum severity s)
{
	return req->loc->msg[severity_msgs[s < SEVERITY__MAX ? s : 0]];
}

/* The severity a list shows: now for an open incident, else its peak. */
static enum severity
shown_severity(const struct incident_view *v)
{
	enum severity s =
	    v->inc.resolved_at == 0 ? v->inc.severity : v->inc.peak;

	return s > SEVERITY_NONE && s < SEVERITY__MAX ? s : SEVERITY_MINOR;
}

/* t as the page shows it: the time and zone when t is on now's date in
 * the display zone ("20:36 UTC"), else the date and time. */
static const char *
incident_time(struct request *req, int64_t t, int64_t now)
{
	time_t a = (time_t)t, b = (time_t)now;
	struct tm ta, tb;

	localtime_r(&a, &ta);
	localtime_r(&b, &tb);
	if (ta.tm_year == tb.tm_year && ta.tm_yday == tb.tm_yday)
		return i18n_fmt_time_pattern(req->arena, req->loc,
		                             MSG_INCIDENT_TIME_TODAY, t);
	return i18n_fmt_datetime(req->arena, req->loc, t);
}

const char *
page_incident_href(const struct request *req, int64_t id)
{
	return arena_printf(req->arena, "%s/%s/incidents/%lld", req->base,
	                    req->loc->code, (long long)id);
}

const char *
page_incident_name(struct request *req, const struct incident_view *v)
{
	const char *names[] = {"model", "provider"};
	const char *values[2];
	int outage = v->inc.peak >= SEVERITY_MAJOR;
	enum msg m;

	if (v->title != NULL && v->title[0] != '\0')
		return v->title;
	values[0] = v->model_name ? v->model_name : "";
	values[1] = v->provider_name ? v->provider_name : "";
	if (v->model_slug != NULL)
		m = outage ? MSG_INCIDENT_NAME_OUTAGE
		           : MSG_INCIDENT_NAME_DEGRADED;
	else
		m = outage ? MSG_INCIDENT_NAME_PROVIDER_OUTAGE
		           : MSG_INCIDENT_NAME_PROVIDER_DEGRADED;
	return i18n_fill(req->arena, req->loc->msg[m], names, values, 2);
}

/* What an incident concerns beside its name: a model's provider, or the
 * models of a provider incident (its details, when read). */
static const char *
incident_subject(struct request *req, const struct incident_view *v)
{
	struct buf b = {0};
	const char *out;

	if (v->model_slug != NULL || v->n_models == 0)
		return v->provider_name ? v->provider_name : "";
	for (size_t i = 0; i < v->n_models; i++)
		buf_printf(&b, "%s%s", i == 0 ? "" : ", ", v->models[i]);
	out = arena_strdup(req->arena, b.data ? b.data : "");
	buf_free(&b);
	return out;
}

static void
set_time(struct request *req, struct tmpl_dict *d, const char *name, int64_t t,
         int64_t now)
{
	char iso[21];

	time_rfc3339(t, iso);
	tmpl_set(d, arena_printf(req->arena, "%s_ISO", name), iso);
	tmpl_set(d, name, incident_time(req, t, now));
}

void
page_incident_row(struct request *req, const struct incident_view *v,
                  int64_t now, struct tmpl_dict *row)
{
	const struct locale *loc = req->loc;
	enum severity s = shown_severity(v);
	int64_t end = v->inc.resolved_at ? v->inc.resolved_at : now;

	tmpl_set(row, "ID", arena_printf(req->arena, "%lld", (long long)v->id));
	tmpl_set(row, "HREF", page_incident_href(req, v->id));
	tmpl_set(row, "NAME", page_incident_name(req, v));
	tmpl_set(row, "SEVERITY", severity_names[s]);
	tmpl_set(row, "SEVERITY_LABEL", severity_label(req, s));
	tmpl_set(row, "SUBJECT", incident_subject(req, v));
	set_time(req, row, "STARTED", v->inc.started_at, now);
	if (v->inc.resolved_at != 0)
		set_time(req, tmpl_add_section(row, "ENDED"), "ENDED_AT",
		         v->inc.resolved_at, now);
	else
		tmpl_set(tmpl_add_section(row, "ONGOING"), "ONGOING_LABEL",
		         loc->msg[MSG_INCIDENT_ONGOING]);
	tmpl_set(row, "DURATION",
	         i18n_fmt_duration(req->arena, loc, end - v->inc.started_at));
	tmpl_set(row, "DURATION_SECS",
	         arena_printf(req->arena, "%lld",
	                      (long long)(end - v->inc.started_at)));
	if (v->inc.resolved_at == 0) {
		const char *names[] = {"time", "duration"};
		const char *values[] = {
		    incident_time(req, v->inc.started_at, now),
		    i18n_fmt_duration(req->arena, loc,
		                      now - v->inc.started_at)};

		tmpl_set(row, "SINCE",
		         i18n_fill(req->arena, loc->msg[MSG_INCIDENT_SINCE],
		                   names, values, 2));
	}
	tmpl_set(row, "INCIDENT_SOURCE", v->is_manual ? "manual" : "auto");
	tmpl_set(row, "INCIDENT_SOURCE_LABEL",
	         loc->msg[v->is_manual ? MSG_INCIDENT_SOURCE_MANUAL
	                               : MSG_INCIDENT_SOURCE_AUTO]);
}

void
page_maintenance_row(struct request *req, const struct maintenance_view *m,
                     int64_t now, struct tmpl_dict *row)
{
	const struct locale *loc = req->loc;
	const char *names[] = {"start", "end", "provider"};
	const char *values[3];
	char iso[21];

	tmpl_set(row, "TITLE", m->title ? m->title : "");
	if (m->note != NULL && m->note[0] != '\0')
		tmpl_set(tmpl_add_section(row, "NOTE"), "NOTE", m->note);
	values[0] = i18n_fmt_datetime(req->arena, loc, m->starts_at);
	values[1] = incident_time(req, m->ends_at, m->starts_at);
	tmpl_set(row, "WHEN",
	         i18n_fill(req->arena, loc->msg[MSG_MAINTENANCE_WHEN], names,
	                   values, 2));
	time_rfc3339(m->starts_at, iso);
	tmpl_set(row, "STARTS_ISO", iso);
	time_rfc3339(m->ends_at, iso);
	tmpl_set(row, "ENDS_ISO", iso);
	tmpl_show_section(row, now >= m->ends_at     ? "ENDED"
	                       : now >= m->starts_at ? "ACTIVE"
	                                             : "UPCOMING");
	tmpl_set(row, "STATE",
	         now >= m->ends_at     ? "ended"
	         : now >= m->starts_at ? "active"
	                               : "upcoming");
	for (size_t t = 0; t < m->n_targets; t++) {
		const struct maintenance_target *g = &m->targets[t];
		struct tmpl_dict *td = tmpl_add_section(row, "TARGET");

		if (g->model_slug != NULL) {
			struct tmpl_dict *l = tmpl_add_section(td, "LINK");

			tmpl_set(l, "NAME",
			         g->model_name ? g->model_name : g->model_slug);
			tmpl_set(l, "HREF",
			         arena_printf(req->arena, "%s/%s/models/%s",
			                      req->base, loc->code,
			                      g->model_slug));
		} else {
			values[2] = g->provider_name ? g->provider_name
			                             : g->provider_slug;
			tmpl_set(tmpl_add_section(td, "PLAIN"), "NAME",
			         i18n_fill(req->arena,
			                   loc->msg[MSG_MAINTENANCE_PROVIDER],
			                   names, values, 3));
		}
	}
}

/* Whether window m concerns the model slug of provider provider_slug. */
static int
maintenance_concerns(const struct maintenance_view *m, const char *slug,
                     const char *provider_slug)
{
	for (size_t t = 0; t < m->n_targets; t++) {
		const struct maintenance_target *g = &m->targets[t];

		if (g->model_slug != NULL
		        ? strcmp(g->model_slug, slug) == 0
		        : provider_slug != NULL &&
		              strcmp(g->provider_slug, provider_slug) == 0)
			return 1;
	}
	return 0;
}

int
page_incident_banner(struct app *app, struct request *req,
                     const struct dataset *ds, const char *model_slug,
                     struct tmpl_dict *d)
{
	struct incident_filter f = {0};
	struct incident_view *v;
	struct maintenance_view *mv;
	struct tmpl_dict *sec = NULL;
	const char *provider_slug = NULL;
	long n, n_m, total;
	char err[512];

	d = tmpl_add_include(
	    d, "BANNER",
	    arena_printf(req->arena, "%s/banner.tpl", req->loc->code));
	tmpl_set(d, "INCIDENTS_HREF",
	         arena_printf(req->arena, "%s/%s/incidents", req->base,
	                      req->loc->code));
	tmpl_set(d, "FEED_HREF",
	         arena_printf(req->arena, "%s/%s/feed.atom", req->base,
	                      req->loc->code));
	if (!source_has_incidents(&app->source, ds)) {
		/* A model's page says it once, in its list of incidents. */
		if (model_slug == NULL)
			tmpl_show_section(d, "INCIDENTS_UNAVAILABLE");
		return 0;
	}
	f.state = 1;
	f.model = model_slug;
	f.limit = BANNER_INCIDENTS;
	f.details = 1;
	n = source_incidents(&app->source, ds, &f, req->arena, &v, &total, err,
	                     sizeof(err));
	n_m = n < 0 ? 0
	            : source_maintenances(&app->source, ds, ds->now, 0,
	                                  req->arena, &mv, err, sizeof(err));
	if (n < 0 || n_m < 0) {
		log_msg("error", "incident banner: %s", err);
		return 500;
	}
	for (long i = 0; i < n; i++) {
		if (sec == NULL)
			sec = tmpl_add_section(d, "OPEN_INCIDENTS");
		page_incident_row(req, &v[i], ds->now,
		                  tmpl_add_section(sec, "INCIDENT"));
	}
	if (model_slug != NULL)
		for (size_t m = 0; m < ds->n_models; m++)
			if (strcmp(ds->models[m].slug, model_slug) == 0)
				provider_slug =
				    ds->providers[ds->models[m].provider].slug;
	sec = NULL;
	for (long i = 0; i < n_m; i++) {
		if (mv[i].cancelled_at != 0 || mv[i].ends_at <= ds->now ||
		    (model_slug != NULL &&
		     !maintenance_concerns(&mv[i], model_slug, provider_slug)))
			continue;
		if (sec == NULL)
			sec = tmpl_add_section(d, "MAINTENANCE");
		page_maintenance_row(req, &mv[i], ds->now,
		                     tmpl_add_section(sec, "WINDOW"));
	}
	return 0;
}

/* ---- /{lang}/incidents ---- */

/* The link to page `page` of the history, every other key as it is. */
static const char *
history_href(struct request *req, int64_t page)
{
	struct input in = *req->in;

	in.page = page;
	in.present[KEY_PAGE] = page > 1;
	return arena_printf(req->arena, "%s/%s/incidents%s", req->base,
	                    req->loc->code, input_query(&in, req->arena));
}

static void
fill_history_pages(struct request *req, struct tmpl_dict *d, long total)
{
	const struct locale *loc = req->loc;
	struct arena *a = req->arena;
	int64_t page = req->in->page;
	int64_t pages = total == 0 ? 1
	                           : (total + PAGE_INCIDENTS_ROWS - 1) /
	                                 PAGE_INCIDENTS_ROWS;
	int64_t first = (page - 1) * PAGE_INCIDENTS_ROWS;
	const char *names[] = {"from", "to", "count", "page", "pages"};
	const char *values[5];
	struct tmpl_dict *nav;

	if (pages == 1 && page == 1)
		return;
	nav = tmpl_add_section(d, "PAGES");
	values[0] = i18n_fmt_int(a, loc, first + 1);
	values[1] = i18n_fmt_int(a, loc,
	                         first + PAGE_INCIDENTS_ROWS < total
	                             ? first + PAGE_INCIDENTS_ROWS
	                             : total);
	values[2] = i18n_fmt_int(a, loc, total);
	values[3] = i18n_fmt_int(a, loc, page);
	values[4] = i18n_fmt_int(a, loc, pages);
	tmpl_set(nav, "RANGE_TEXT",
	         i18n_fill(a,
	                   loc->msg[page > pages ? MSG_INCIDENTS_PAGES_PAST
	                                         : MSG_INCIDENTS_PAGES_RANGE],
	                   names, values, 5));
	if (page > 1)
		tmpl_set(tmpl_add_section(nav, "PREV"), "HREF",
		         history_href(req, page > pages ? pages : page - 1));
	if (page < pages)
		tmpl_set(tmpl_add_section(nav, "NEXT"), "HREF",
		         history_href(req, page + 1));
}

/* The provider and model filter's options, the current ones selected. */
static void
fill_history_filters(struct request *req, const struct dataset *ds,
                     struct tmpl_dict *d)
{
	for (size_t p = 0; p < ds->n_providers; p++) {
		struct tmpl_dict *o = tmpl_add_section(d, "PROVIDER_OPTION");

		tmpl_set(o, "SLUG", ds->providers[p].slug);
		tmpl_set(o, "NAME", ds->providers[p].name);
		if (strcmp(ds->providers[p].slug, req->in->provider) == 0)
			tmpl_show_section(o, "SELECTED");
	}
	for (size_t m = 0; m < ds->n_models; m++) {
		struct tmpl_dict *o = tmpl_add_section(d, "MODEL_OPTION");

		tmpl_set(o, "SLUG", ds->models[m].slug);
		tmpl_set(
		    o, "NAME",
		    arena_printf(req->arena, "%s · %s",
		                 ds->providers[ds->models[m].provider].name,
		                 ds->models[m].name));
		if (strcmp(ds->models[m].slug, req->in->model) == 0)
			tmpl_show_section(o, "SELECTED");
	}
}

/* The feed of a provider under the base path. */
static const char *
provider_feed_path(const struct request *req, const char *slug)
{
	return arena_printf(req->arena, "%s/%s/providers/%s/feed.atom",
	                    req->base, req->loc->code, slug);
}

int
page_incidents(struct app *app, struct request *req, struct response *resp)
{
	const struct locale *loc = req->loc;
	struct dataset ds;
	struct stats st;
	struct tmpl_dict *d;
	const char *accepted;
	int status;

	source_load(&app->source, req->now, RANGE__MAX, 0, req->arena, &ds,
	            &st);
	req->bad_key =
	    listing_unknown_filter(req->in, &ds, req->arena, &accepted);
	if (req->bad_key != NULL)
		return page_error_accepting(app, req, resp, 400, 0, accepted);
	d = tmpl_dict_new();
	page_layout(app, req, d, loc->msg[MSG_INCIDENTS_TITLE], "/incidents",
	            input_query(req->in, req->arena), 1);
	page_data_header(req, &ds, d);
	fill_history_filters(req, &ds, d);
	if (req->in->provider[0] != '\0') {
		struct tmpl_dict *pf = tmpl_add_section(d, "PROVIDER_FEED");

		tmpl_set(pf, "HREF",
		         provider_feed_path(req, req->in->provider));
		for (size_t p = 0; p < ds.n_providers; p++)
			if (strcmp(ds.providers[p].slug, req->in->provider) ==
			    0)
				tmpl_set(pf, "NAME", ds.providers[p].name);
	}
	if (!source_has_incidents(&app->source, &ds)) {
		tmpl_show_section(d, "INCIDENTS_UNAVAILABLE");
	} else {
		struct incident_filter f = {0};
		struct incident_view *v;
		struct maintenance_view *mv;
		long n, total, n_m;
		char err[512];

		f.provider = req->in->provider[0] ? req->in->provider : NULL;
		f.model = req->in->model[0] ? req->in->model : NULL;
		f.offset = (long)(req->in->page - 1) * PAGE_INCIDENTS_ROWS;
		f.limit = PAGE_INCIDENTS_ROWS;
		f.details = 1;
		n = source_incidents(&app->source, &ds, &f, req->arena, &v,
		                     &total, err, sizeof(err));
		n_m = n < 0
		          ? 0
		          : source_maintenances(&app->source, &ds,
		                                ds.now - MAINTENANCE_PAST_SECS,
		                                0, req->arena, &mv, err,
		                                sizeof(err));
		if (n < 0 || n_m < 0) {
			log_msg("error", "incident history: %s", err);
			tmpl_dict_free(d);
			return 500;
		}
		struct tmpl_dict *list = tmpl_add_section(d, "INCIDENT_LIST");
		struct tmpl_dict *ml = tmpl_add_section(d, "MAINTENANCE_LIST");
		long shown_m = 0;

		for (long i = 0; i < n; i++)
			page_incident_row(req, &v[i], ds.now,
			                  tmpl_add_section(list, "INCIDENT"));
		if (n == 0)
			tmpl_show_section(list, "NO_INCIDENTS");
		fill_history_pages(req, d, total);
		/* The latest first: upcoming, then in progress, then past. */
		for (long i = n_m - 1; i >= 0; i--)
			if (mv[i].cancelled_at == 0) {
				page_maintenance_row(
				    req, &mv[i], ds.now,
				    tmpl_add_section(ml, "WINDOW"));
				shown_m++;
			}
		if (shown_m == 0)
			tmpl_show_section(ml, "NO_MAINTENANCE");
	}
	status = page_expand(req, resp, "incidents.tpl", d);
	tmpl_dict_free(d);
	if (status != 0)
		return status;
	return respond_data(resp, &ds);
}

/* ---- /{lang}/incidents/{id} ---- */

static const char *
join_times(struct request *req, const struct incident_update *u, size_t n,
           int64_t now)
{
	struct buf b = {0};
	const char *out;

	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? ", " : "",
		           incident_time(req, u[i].at, now));
	out = arena_strdup(req->arena, b.data ? b.data : "");
	buf_free(&b);
	return out;
}

/* The timeline of v: its severity bands from start to end (or now), its
 * updates marked; the text alternative says each band and the updates. */
static void
fill_timeline(struct request *req, const struct incident_view *v, int64_t now,
              struct tmpl_dict *d)
{
	const struct locale *loc = req->loc;
	struct arena *a = req->arena;
	int64_t end = v->inc.resolved_at ? v->inc.resolved_at : now;
	struct chart_band *bands;
	size_t n = chart_incident_bands(&v->inc, end, a, &bands);
	int64_t *marks = arena_alloc(a, sizeof(*marks) * (v->n_updates + 1));
	struct chart_timeline_input in = {0};
	struct buf text = {0}, svg = {0};
	const char *names[] = {"name",  "severity", "from", "to",
	                       "bands", "updates",  "times"};
	const char *values[7];

	values[0] = page_incident_name(req, v);
	/* Begun this very second: its first minute, so the chart and its
	 * text say its severity. */
	if (n == 0 && v->inc.severity > SEVERITY_NONE &&
	    v->inc.severity < SEVERITY__MAX) {
		bands[0] = (struct chart_band){
		    v->inc.started_at, v->inc.started_at + 60, v->inc.severity};
		n = 1;
	}
	for (size_t b = 0; b < n; b++) {
		values[1] = severity_label(req, bands[b].severity);
		values[2] = incident_time(req, bands[b].from, now);
		values[3] = b == n - 1 && v->inc.resolved_at == 0
		                ? loc->msg[MSG_CHART_NOW]
		                : incident_time(req, bands[b].to, now);
		buf_printf(&text, "%s%s", b ? "; " : "",
		           i18n_fill(a, loc->msg[MSG_INCIDENT_TIMELINE_BAND],
		                     names, values, 4));
	}
	values[4] = text.data ? arena_strdup(a, text.data) : "";
	values[6] = join_times(req, v->updates, v->n_updates, now);
	values[5] = v->n_updates == 0
	                ? ""
	                : i18n_fill(a, loc->msg[MSG_INCIDENT_TIMELINE_UPDATES],
	                            names, values, 7);
	for (size_t u = 0; u < v->n_updates; u++)
		marks[u] = v->updates[u].at;
	in.id = "chart-timeline";
	in.title = i18n_fill(a, loc->msg[MSG_INCIDENT_TIMELINE_TITLE], names,
	                     values, 1);
	{
		char *desc = i18n_fill(a, loc->msg[MSG_INCIDENT_TIMELINE_DESC],
		                       names, values, 7);
		size_t len = strlen(desc);

		/* Without updates the pattern ends in a blank. */
		while (len > 0 && desc[len - 1] == ' ')
			desc[--len] = '\0';
		in.desc = desc;
	}
	in.t0 = v->inc.started_at;
	in.t1 = end;
	/* Updates before the start or after the end widen the axis. */
	for (size_t u = 0; u < v->n_updates; u++) {
		if (marks[u] < in.t0)
			in.t0 = marks[u];
		if (marks[u] > in.t1)
			in.t1 = marks[u];
	}
	in.bands = bands;
	in.n_bands = (int)n;
	in.marks = marks;
	in.n_marks = (int)v->n_updates;
	in.t_labels[0] = incident_time(req, in.t0, now);
	in.t_labels[1] = in.t1 == now && v->inc.resolved_at == 0
	                     ? loc->msg[MSG_CHART_NOW]
	                     : incident_time(req, in.t1, now);
	for (int s = SEVERITY_MINOR; s < SEVERITY__MAX; s++)
		in.severity_labels[s] = severity_label(req, (enum severity)s);
	in.mark_label = loc->msg[MSG_INCIDENT_TIMELINE_UPDATE];
	chart_incident_timeline_svg(&svg, &in);
	tmpl_set(d, "TIMELINE_SVG", svg.data);
	tmpl_set(d, "TIMELINE_TEXT", in.desc);
	buf_free(&svg);
	buf_free(&text);
}

/* A comma-separated list of names ("eastus,global") as the page shows it,
 * or n/a for none. */
static const char *
list_or_none(struct request *req, const char *csv)
{
	struct buf b = {0};
	const char *out;

	if (csv == NULL || csv[0] == '\0')
		return req->loc->msg[MSG_STATS_NOT_AVAILABLE];
	for (const char *p = csv; *p; p++)
		if (*p == ',')
			buf_puts(&b, ", ");
		else
			buf_append(&b, p, 1);
	out = arena_strdup(req->arena, b.data);
	buf_free(&b);
	return out;
}

/* The error kinds of csv in words, each also by name for tools. */
static void
fill_error_kinds(struct request *req, const char *csv, struct tmpl_dict *d)
{
	char name[64];
	const char *p = csv ? csv : "";

	while (*p != '\0') {
		size_t n = strcspn(p, ",");
		enum error_kind k;
		struct tmpl_dict *item;

		snprintf(name, sizeof(name), "%.*s", (int)n, p);
		k = error_kind_from_name(name);
		item = tmpl_add_section(d, "ERROR_KIND");
		tmpl_set(item, "KIND", name);
		tmpl_set(item, "LABEL",
		         k < ERROR_KIND__MAX
		             ? req->loc->msg[page_error_kind_msgs[k]]
		             : name);
		p += n;
		if (*p == ',')
			p++;
	}
	if (csv == NULL || csv[0] == '\0')
		tmpl_show_section(d, "NO_ERROR_KINDS");
}

int
page_incident(struct app *app, struct request *req, struct response *resp)
{
	const struct locale *loc = req->loc;
	struct dataset ds;
	struct stats st;
	struct incident_view v;
	struct tmpl_dict *d;
	int64_t id;
	char err[512];
	int rc, status;

	if (parse_int64(req->slug, 1, INT64_MAX, &id) != 0)
		return 404;
	source_load(&app->source, req->now, RANGE__MAX, 0, req->arena, &ds,
	            &st);
	if (!source_has_incidents(&app->source, &ds))
		return 503;
	rc = source_incident(&app->source, &ds, id, req->arena, &v, err,
	                     sizeof(err));
	if (rc < 0) {
		log_msg("error", "incident %lld: %s", (long long)id, err);
		return 500;
	}
	if (rc == 0)
		return 404;
	d = tmpl_dict_new();
	page_layout(app, req, d, page_incident_name(req, &v),
	            arena_printf(req->arena, "/incidents/%lld", (long long)id),
	            "", 1);
	page_data_header(req, &ds, d);
	tmpl_set(
	    d, "INCIDENTS_HREF",
	    arena_printf(req->arena, "%s/%s/incidents", req->base, loc->code));
	page_incident_row(req, &v, ds.now, d);
	tmpl_set(d, "PEAK",
	         severity_names[v.inc.peak < SEVERITY__MAX ? v.inc.peak
	                                                   : SEVERITY_MINOR]);
	tmpl_set(d, "PEAK_LABEL", severity_label(req, v.inc.peak));
	tmpl_set(d, "PROVIDER", v.provider_name ? v.provider_name : "");
	for (size_t p = 0; p < ds.n_providers; p++)
		if (v.provider_slug != NULL &&
		    strcmp(ds.providers[p].slug, v.provider_slug) == 0 &&
		    ds.providers[p].status_page != NULL &&
		    ds.providers[p].status_page[0] != '\0')
			tmpl_set(tmpl_add_section(d, "STATUS_PAGE"), "HREF",
			         ds.providers[p].status_page);
	tmpl_set(
	    d, "PROVIDER_FEED_HREF",
	    provider_feed_path(req, v.provider_slug ? v.provider_slug : ""));
	if (v.model_slug != NULL) {
		struct tmpl_dict *m = tmpl_add_section(d, "MODEL");

		tmpl_set(m, "MODEL_NAME",
		         v.model_name ? v.model_name : v.model_slug);
		tmpl_set(m, "MODEL_HREF",
		         arena_printf(req->arena, "%s/%s/models/%s", req->base,
		                      loc->code, v.model_slug));
	}
	if (v.n_models > 0) {
		struct tmpl_dict *ms = tmpl_add_section(d, "MODELS");

		for (size_t i = 0; i < v.n_models; i++)
			tmpl_set(tmpl_add_section(ms, "ITEM"), "NAME",
			         v.models[i]);
	}
	tmpl_set(d, "REGIONS", list_or_none(req, v.inc.regions));
	fill_error_kinds(req, v.inc.error_kinds, d);
	if (v.state < UPDATE_STATE__MAX) {
		tmpl_set(d, "STATE", update_state_names[v.state]);
		tmpl_set(tmpl_add_section(d, "STATE_SHOWN"), "STATE_LABEL",
		         loc->msg[state_msgs[v.state]]);
	}
	/* Newest first, as a status page tells its story. */
	for (size_t i = v.n_updates; i-- > 0;) {
		const struct incident_update *u = &v.updates[i];
		struct tmpl_dict *row = tmpl_add_section(d, "UPDATE");

		set_time(req, row, "AT", u->at, ds.now);
		tmpl_set(row, "STATE",
		         u->state < UPDATE_STATE__MAX
		             ? update_state_names[u->state]
		             : "");
		tmpl_set(row, "STATE_LABEL",
		         u->state < UPDATE_STATE__MAX
		             ? loc->msg[state_msgs[u->state]]
		             : "");
		tmpl_set(row, "BODY", u->body ? u->body : "");
	}
	if (v.n_updates == 0)
		tmpl_show_section(d, "NO_UPDATES");
	for (size_t i = 0; i < v.inc.n_events; i++) {
		const struct incident_event *e = &v.inc.events[i];
		struct tmpl_dict *row = tmpl_add_section(d, "EVENT");

		set_time(req, row, "AT", e->at, ds.now);
		tmpl_set(row, "KIND", incident_event_names[e->kind]);
		tmpl_set(row, "KIND_LABEL", loc->msg[event_msgs[e->kind]]);
		tmpl_set(row, "SEVERITY",
		         severity_names[e->severity < SEVERITY__MAX
		                            ? e->severity
		                            : SEVERITY_MINOR]);
		tmpl_set(row, "SEVERITY_LABEL",
		         severity_label(req, e->severity));
	}
	if (v.inc.n_events == 0)
		tmpl_show_section(d, "NO_EVENTS");
	fill_timeline(req, &v, ds.now, d);
	status = page_expand(req, resp, "incident.tpl", d);
	tmpl_dict_free(d);
	if (status != 0)
		return status;
	return respond_data(resp, &ds);
}

/* ---- Atom feeds ---- */

/* The site's origin for absolute links: public_url, else the request's
 * scheme and Host (with the server's port when the Host has none and it
 * is not the scheme's: nginx passes $host without it), else
 * http://localhost. */
static const char *
site_origin(const struct app *app, const struct request *req)
{
	const char *host = req->host ? req->host : "localhost";
	const char *bracket = strrchr(host, ']');
	int has_port = strchr(bracket ? bracket : host, ':') != NULL;
	int usual = req->port == NULL ||
	            strcmp(req->port, req->https ? "443" : "80") == 0;

	if (app->cfg.public_url[0] != '\0')
		return app->cfg.public_url;
	return arena_printf(
	    req->arena, "%s://%s%s%s", req->https ? "https" : "http", host,
	    has_port || usual ? "" : ":", has_port || usual ? "" : req->port);
}

/* The authority of the feed's tag: URIs: the origin's host without its
 * port (lower case as written). */
static const char *
tag_authority(struct request *req, const char *origin)
{
	const char *h = strstr(origin, "://");

	h = h ? h + 3 : origin;
	if (*h == '[')
		return arena_strndup(req->arena, h, strcspn(h, "]") + 1);
	return arena_strndup(req->arena, h, strcspn(h, ":"));
}

/* When entry v last changed: its last event, update, end or start. */
static int64_t
entry_updated(const struct incident_view *v)
{
	int64_t t = v->inc.started_at;

	if (v->inc.resolved_at > t)
		t = v->inc.resolved_at;
	for (size_t i = 0; i < v->inc.n_events; i++)
		if (v->inc.events[i].at > t)
			t = v->inc.events[i].at;
	for (size_t i = 0; i < v->n_updates; i++)
		if (v->updates[i].at > t)
			t = v->updates[i].at;
	return t;
}

/* The feed of the incidents of provider (NULL: all) with title, at
 * self_path (after the base path and language). */
static int
render_feed(struct app *app, struct request *req, struct response *resp,
            const struct dataset *ds, const char *provider, const char *title,
            const char *self_path)
{
	const struct locale *loc = req->loc;
	struct arena *a = req->arena;
	struct incident_filter f = {0};
	struct incident_view *v;
	long n, total;
	char err[512], iso[21];
	const char *origin = site_origin(app, req);
	const char *auth = tag_authority(req, origin);
	struct tmpl_dict *d;
	int64_t updated = 0;
	int status;

	f.provider = provider;
	f.limit = FEED_ENTRIES;
	f.details = 1;
	n = source_incidents(&app->source, ds, &f, a, &v, &total, err,
	                     sizeof(err));
	if (n < 0) {
		log_msg("error", "feed: %s", err);
		return 500;
	}
	d = tmpl_dict_new();
	tmpl_set(d, "LANG", loc->code);
	tmpl_set(d, "TITLE", title);
	tmpl_set(d, "FEED_ID",
	         arena_printf(a, "tag:%s,2026:%s/%s%s", auth, req->base,
	                      loc->code, self_path));
	tmpl_set(d, "SELF",
	         arena_printf(a, "%s%s/%s%s", origin, req->base, loc->code,
	                      self_path));
	tmpl_set(d, "ALTERNATE",
	         arena_printf(a, "%s%s/%s/incidents%s%s", origin, req->base,
	                      loc->code, provider ? "?provider=" : "",
	                      provider ? provider : ""));
	for (long i = 0; i < n; i++) {
		struct tmpl_dict *e = tmpl_add_section(d, "ENTRY");
		int64_t up = entry_updated(&v[i]);
		const char *names[] = {"severity", "subject", "start", "end",
		                       "duration"};
		const char *values[5];
		int64_t end =
		    v[i].inc.resolved_at ? v[i].inc.resolved_at : ds->now;

		if (up > updated)
			updated = up;
		time_rfc3339(up, iso);
		tmpl_set(e, "UPDATED", iso);
		time_rfc3339(v[i].inc.started_at, iso);
		tmpl_set(e, "PUBLISHED", iso);
		tmpl_set(e, "ID",
		         arena_printf(a, "tag:%s,2026:%s/incidents/%lld", auth,
		                      req->base, (long long)v[i].id));
		tmpl_set(e, "TITLE", page_incident_name(req, &v[i]));
		tmpl_set(e, "LINK",
		         arena_printf(a, "%s%s/%s/incidents/%lld", origin,
		                      req->base, loc->code,
		                      (long long)v[i].id));
		values[0] = severity_label(req, v[i].inc.peak);
		values[1] =
		    v[i].model_slug != NULL
		        ? arena_printf(a, "%s (%s)",
		                       v[i].model_name ? v[i].model_name
		                                       : v[i].model_slug,
		                       v[i].provider_name ? v[i].provider_name
		                                          : "")
		    : v[i].n_models > 0
		        ? arena_printf(a, "%s (%s)",
		                       v[i].provider_name ? v[i].provider_name
		                                          : "",
		                       incident_subject(req, &v[i]))
		        : incident_subject(req, &v[i]);
		values[2] = i18n_fmt_datetime(a, loc, v[i].inc.started_at);
		values[3] = i18n_fmt_datetime(a, loc, end);
		values[4] =
		    i18n_fmt_duration(a, loc, end - v[i].inc.started_at);
		tmpl_set(e, "SUMMARY",
		         i18n_fill(a,
		                   loc->msg[v[i].inc.resolved_at
		                                ? MSG_FEED_SUMMARY_RESOLVED
		                                : MSG_FEED_SUMMARY_OPEN],
		                   names, values, 5));
		/* The operators' updates, newest first, as the content. */
		struct tmpl_dict *content =
		    v[i].n_updates > 0 ? tmpl_add_section(e, "CONTENT") : NULL;

		for (size_t u = v[i].n_updates; u-- > 0;) {
			struct tmpl_dict *ud =
			    tmpl_add_section(content, "UPDATE");
			const struct incident_update *up_ = &v[i].updates[u];

			tmpl_set(ud, "AT", i18n_fmt_datetime(a, loc, up_->at));
			tmpl_set(ud, "STATE",
			         up_->state < UPDATE_STATE__MAX
			             ? loc->msg[state_msgs[up_->state]]
			             : "");
			tmpl_set(ud, "BODY", up_->body ? up_->body : "");
		}
	}
	/* Without an entry, the feed is as new as the data it was read
	 * from. */
	time_rfc3339(updated ? updated : ds->now, iso);
	tmpl_set(d, "UPDATED", iso);
	status = page_expand(req, resp, "feed.tpl", d);
	tmpl_dict_free(d);
	if (status != 0)
		return status;
	resp->content_type = "application/atom+xml; charset=utf-8";
	return respond_data(resp, ds);
}

int
page_feed(struct app *app, struct request *req, struct response *resp)
{
	struct dataset ds;
	struct stats st;

	source_load(&app->source, req->now, RANGE__MAX, 0, req->arena, &ds,
	            &st);
	if (!source_has_incidents(&app->source, &ds))
		return 503;
	return render_feed(app, req, resp, &ds, NULL,
	                   req->loc->msg[MSG_FEED_TITLE], "/feed.atom");
}

int
page_provider_feed(struct app *app, struct request *req, struct response *resp)
{
	struct dataset ds;
	struct stats st;
	const char *names[] = {"provider"};
	const char *values[1] = {NULL};

	source_load(&app->source, req->now, RANGE__MAX, 0, req->arena, &ds,
	            &st);
	for (size_t p = 0; p < ds.n_providers; p++)
		if (strcmp(ds.providers[p].slug, req->slug) == 0)
			values[0] = ds.providers[p].name;
	if (ds.source != SOURCE_NONE && values[0] == NULL)
		return 404;
	if (!source_has_incidents(&app->source, &ds))
		return 503;
	return render_feed(
	    app, req, resp, &ds, req->slug,
	    i18n_fill(req->arena, req->loc->msg[MSG_FEED_PROVIDER_TITLE], names,
	              values, 1),
	    arena_printf(req->arena, "/providers/%s/feed.atom", req->slug));
}

const char *
page_site_origin(const struct app *app, const struct request *req)
{
	return site_origin(app, req);
}
