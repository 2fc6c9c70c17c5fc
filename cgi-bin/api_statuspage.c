/* api_statuspage.c: the Statuspage-compatible read API (/api/v2/…json): models as components in provider groups, the page indicator, incidents and scheduled maintenances in Statuspage v2's format (docs/api.md). */
#include <stdint.h>
#include <string.h>

#include "api.h"
#include "arena.h"
#include "handlers.h"
#include "incidents.h"
#include "json.h"
#include "log.h"
#include "page.h"
#include "pstatus.h"
#include "source.h"

/* The most incidents and maintenances a list holds (Statuspage's 50). */
#define SPV2_LIST_MAX 50

/* One component: an active model that has ever been checked. */
struct spv2_component {
	const char *id; /* "model.SLUG" */
	size_t model;   /* index into ds.models */
	size_t group;   /* index into spv2.groups */
	enum pstatus_level status;
	int64_t updated; /* its latest check */
};

/* One component group: a provider with at least one component. */
struct spv2_group {
	const char *id; /* "provider.SLUG" */
	size_t provider;
	enum pstatus_level status; /* its components' worst */
	int64_t updated;
	size_t first, n; /* slice of spv2.comps */
};

/* What every v2 answer is made from. */
struct spv2 {
	struct dataset ds;
	struct stats st;
	int has_db; /* incidents and maintenance can be read */
	struct spv2_component *comps;
	size_t n_comps;
	struct spv2_group *groups;
	size_t n_groups;
	enum pstatus_indicator indicator;
	const char *origin; /* public_url or the request's */
};

/* The Statuspage level of a severity (DESIGN 8's rule: degraded ->
 * minor, outage in some regions -> major, in every one -> critical). */
static enum pstatus_level
level_of(enum severity s)
{
	switch (s) {
	case SEVERITY_NONE:
		return PSTATUS_OPERATIONAL;
	case SEVERITY_MINOR:
		return PSTATUS_DEGRADED_PERFORMANCE;
	case SEVERITY_MAJOR:
		return PSTATUS_PARTIAL_OUTAGE;
	default:
		return PSTATUS_MAJOR_OUTAGE;
	}
}

/* The severity of model m's regions at now when their latest checks are
 * younger than freshness (SEVERITY__MAX: none is). */
static enum severity
model_severity(const struct dataset *ds, const struct model_stat *ms,
               int64_t freshness)
{
	struct counts c = {{0, 0, 0}};

	for (size_t r = ms->first_region; r < ms->first_region + ms->n_regions;
	     r++) {
		enum status s =
		    stats_region_status(&ds->latest[r], ds->now, freshness);

		if (s < STATUS_UNKNOWN)
			c.n[s]++;
	}
	return severity_of_counts(&c);
}

/* Whether an active window of m[0..n) covers model i of ds. */
static int
in_maintenance(const struct dataset *ds, size_t i,
               const struct maintenance_view *m, long n)
{
	const struct model *mo = &ds->models[i];
	const char *pslug = ds->providers[mo->provider].slug;

	for (long k = 0; k < n; k++) {
		if (m[k].starts_at > ds->now || m[k].ends_at <= ds->now)
			continue;
		for (size_t t = 0; t < m[k].n_targets; t++) {
			const struct maintenance_target *g = &m[k].targets[t];

			if (g->model_slug != NULL
			        ? strcmp(g->model_slug, mo->slug) == 0
			        : strcmp(g->provider_slug, pslug) == 0)
				return 1;
		}
	}
	return 0;
}

/* Loads the data and the components; 200, or the status answered. */
static int
spv2_load(struct app *app, struct request *req, struct response *resp,
          struct spv2 *v)
{
	struct maintenance_view *m = NULL;
	enum pstatus_level worst = PSTATUS_OPERATIONAL;
	char err[512];
	long nm = 0;
	int status;

	memset(v, 0, sizeof(*v));
	source_load(&app->source, req->now, RANGE__MAX, 0, req->arena, &v->ds,
	            &v->st);
	status = respond_data(resp, &v->ds);
	if (status != 200)
		return status;
	v->has_db = source_has_incidents(&app->source, &v->ds);
	if (v->has_db) {
		nm = source_maintenances(&app->source, &v->ds, v->ds.now,
		                         v->ds.now + 1, req->arena, &m, err,
		                         sizeof(err));
		if (nm < 0) {
			log_msg("error", "statuspage api: %s", err);
			return page_error_accepting(app, req, resp, 500, 1,
			                            NULL);
		}
	}
	v->origin = page_site_origin(app, req);
	v->comps =
	    arena_alloc(req->arena, (v->ds.n_models + 1) * sizeof(*v->comps));
	v->groups = arena_alloc(req->arena,
	                        (v->ds.n_providers + 1) * sizeof(*v->groups));
	/* Models are sorted by provider name: a provider's are together. */
	for (size_t i = 0; i < v->ds.n_models; i++) {
		const struct model *mo = &v->ds.models[i];
		const struct model_stat *ms = &v->st.models[i];
		struct spv2_component *c = &v->comps[v->n_comps];
		struct spv2_group *g;
		enum severity sev;

		if (!mo->is_active)
			continue;
		sev = model_severity(&v->ds, ms, app->cfg.freshness);
		/* Unknown (no fresh check): the last known status, from
		 * each region's latest check however old; never checked:
		 * not a component. */
		if (sev == SEVERITY__MAX)
			sev = model_severity(&v->ds, ms, INT64_MAX / 4);
		if (sev == SEVERITY__MAX)
			continue;
		c->id = arena_printf(req->arena, "model.%s", mo->slug);
		c->model = i;
		c->status = level_of(sev);
		if (in_maintenance(&v->ds, i, m, nm))
			c->status = PSTATUS_UNDER_MAINTENANCE;
		c->updated = ms->last_checked;
		if (v->n_groups == 0 ||
		    v->groups[v->n_groups - 1].provider != mo->provider) {
			g = &v->groups[v->n_groups++];
			g->provider = mo->provider;
			g->id =
			    arena_printf(req->arena, "provider.%s",
			                 v->ds.providers[mo->provider].slug);
			g->status = PSTATUS_OPERATIONAL;
			g->updated = 0;
			g->first = v->n_comps;
			g->n = 0;
		}
		g = &v->groups[v->n_groups - 1];
		c->group = v->n_groups - 1;
		g->n++;
		if (c->status > g->status)
			g->status = c->status;
		if (c->updated > g->updated)
			g->updated = c->updated;
		if (c->status > worst)
			worst = c->status;
		v->n_comps++;
	}
	v->indicator = worst == PSTATUS_MAJOR_OUTAGE     ? PSTATUS_IND_CRITICAL
	               : worst == PSTATUS_PARTIAL_OUTAGE ? PSTATUS_IND_MAJOR
	               : worst == PSTATUS_DEGRADED_PERFORMANCE
	                   ? PSTATUS_IND_MINOR
	                   : PSTATUS_IND_NONE;
	return 200;
}

static void
add_time_or_null(cJSON *o, const char *name, int64_t t)
{
	if (t > 0)
		json_add_time(o, name, t);
	else
		cJSON_AddNullToObject(o, name);
}

/* When the page last changed: its newest component's check (the same
 * from the snapshot, which holds the same checks), so the answer and its
 * ETag stay the same between checks; with no component, now. */
static int64_t
page_updated(const struct spv2 *v)
{
	int64_t t = 0;

	for (size_t i = 0; i < v->n_comps; i++)
		if (v->comps[i].updated > t)
			t = v->comps[i].updated;
	return t > 0 ? t : v->ds.now;
}

/* The page object: id, name, url, time_zone, updated_at. */
static cJSON *
page_json(struct app *app, struct request *req, const struct spv2 *v)
{
	cJSON *o = cJSON_CreateObject();
	const char *name = i18n_lookup(app->i18n, req->loc, "site.name");

	cJSON_AddStringToObject(o, "id", "aigo");
	cJSON_AddStringToObject(o, "name", name ? name : "AI-GO Monitor");
	cJSON_AddStringToObject(
	    o, "url", arena_printf(req->arena, "%s%s/", v->origin, req->base));
	cJSON_AddStringToObject(o, "time_zone", "Etc/UTC");
	json_add_time(o, "updated_at", page_updated(v));
	return o;
}

/* The status object: indicator and its description. */
static cJSON *
status_json(struct app *app, struct request *req, const struct spv2 *v)
{
	cJSON *o = cJSON_CreateObject();
	const char *ind = pstatus_indicator_names[v->indicator];
	/* Nothing checked yet: "none" is the format's only calm
	 * indicator, but the words say what it means here. */
	const char *d = i18n_lookup(
	    app->i18n, req->loc,
	    v->n_comps == 0
	        ? "statusApi.noComponents"
	        : arena_printf(req->arena, "statusApi.indicator.%s", ind));

	cJSON_AddStringToObject(o, "indicator", ind);
	cJSON_AddStringToObject(o, "description", d ? d : "");
	return o;
}

/* The members every component object has. */
static void
component_common(cJSON *o, const char *id, const char *name,
                 enum pstatus_level status, int64_t updated, size_t position)
{
	cJSON_AddStringToObject(o, "id", id);
	cJSON_AddStringToObject(o, "name", name);
	cJSON_AddStringToObject(o, "status", pstatus_level_names[status]);
	add_time_or_null(o, "created_at", updated);
	add_time_or_null(o, "updated_at", updated);
	cJSON_AddNumberToObject(o, "position", (double)position);
	cJSON_AddNullToObject(o, "description");
	cJSON_AddBoolToObject(o, "showcase", 1);
	cJSON_AddNullToObject(o, "start_date");
	cJSON_AddStringToObject(o, "page_id", "aigo");
	cJSON_AddBoolToObject(o, "only_show_if_degraded", 0);
}

static cJSON *
component_json(const struct spv2 *v, size_t k)
{
	const struct spv2_component *c = &v->comps[k];
	cJSON *o = cJSON_CreateObject();

	component_common(o, c->id, v->ds.models[c->model].name, c->status,
	                 c->updated, k - v->groups[c->group].first + 1);
	cJSON_AddStringToObject(o, "group_id", v->groups[c->group].id);
	cJSON_AddBoolToObject(o, "group", 0);
	return o;
}

static cJSON *
group_json(const struct spv2 *v, size_t k)
{
	const struct spv2_group *g = &v->groups[k];
	cJSON *o = cJSON_CreateObject(), *ids;

	component_common(o, g->id, v->ds.providers[g->provider].name, g->status,
	                 g->updated, k + 1);
	cJSON_AddNullToObject(o, "group_id");
	cJSON_AddBoolToObject(o, "group", 1);
	ids = cJSON_AddArrayToObject(o, "components");
	for (size_t i = g->first; i < g->first + g->n; i++)
		cJSON_AddItemToArray(ids, cJSON_CreateString(v->comps[i].id));
	return o;
}

/* Every group followed by its components, in the page's order. */
static void
add_components(cJSON *root, const struct spv2 *v)
{
	cJSON *arr = cJSON_AddArrayToObject(root, "components");

	for (size_t k = 0; k < v->n_groups; k++) {
		cJSON_AddItemToArray(arr, group_json(v, k));
		for (size_t i = v->groups[k].first;
		     i < v->groups[k].first + v->groups[k].n; i++)
			cJSON_AddItemToArray(arr, component_json(v, i));
	}
}

/* The component of model slug (or NULL: not one). */
static const struct spv2_component *
find_model(const struct spv2 *v, const char *slug)
{
	for (size_t i = 0; slug != NULL && i < v->n_comps; i++)
		if (strcmp(v->ds.models[v->comps[i].model].slug, slug) == 0)
			return &v->comps[i];
	return NULL;
}

/* The group of provider slug (or NULL: not one). */
static const struct spv2_group *
find_group(const struct spv2 *v, const char *slug)
{
	for (size_t k = 0; slug != NULL && k < v->n_groups; k++)
		if (strcmp(v->ds.providers[v->groups[k].provider].slug, slug) ==
		    0)
			return &v->groups[k];
	return NULL;
}

/* Adds the component objects an incident or window concerns: a model's,
 * or a provider's group and its components named in names[0..n) (all of
 * them when names is NULL). */
static void
add_affected(cJSON *arr, const struct spv2 *v, const char *model_slug,
             const char *provider_slug, const char **names, size_t n)
{
	const struct spv2_component *c = find_model(v, model_slug);
	const struct spv2_group *g;

	if (model_slug != NULL) {
		if (c != NULL)
			cJSON_AddItemToArray(
			    arr, component_json(v, (size_t)(c - v->comps)));
		return;
	}
	g = find_group(v, provider_slug);
	if (g == NULL)
		return;
	cJSON_AddItemToArray(arr, group_json(v, (size_t)(g - v->groups)));
	for (size_t i = g->first; i < g->first + g->n; i++) {
		const char *name = v->ds.models[v->comps[i].model].name;
		size_t k = 0;

		while (names != NULL && k < n && strcmp(names[k], name) != 0)
			k++;
		if (names == NULL || k < n)
			cJSON_AddItemToArray(arr, component_json(v, i));
	}
}

/* The Statuspage status of incident x: resolved once it ended; a manual
 * one's by its operator's last update; else investigating. */
static enum pstatus_incident_status
incident_status(const struct incident_view *x)
{
	if (x->inc.resolved_at != 0)
		return PSTATUS_INC_RESOLVED;
	if (x->is_manual && x->n_updates > 0)
		switch (x->state) {
		case UPDATE_IDENTIFIED:
			return PSTATUS_INC_IDENTIFIED;
		case UPDATE_MONITORING:
			return PSTATUS_INC_MONITORING;
		case UPDATE_RESOLVED:
			return PSTATUS_INC_RESOLVED;
		default:
			break;
		}
	return PSTATUS_INC_INVESTIGATING;
}

/* When incident x last changed: its last event, update, end or start. */
static int64_t
incident_updated(const struct incident_view *x)
{
	int64_t t = x->inc.started_at;

	if (x->inc.resolved_at > t)
		t = x->inc.resolved_at;
	for (size_t i = 0; i < x->inc.n_events; i++)
		if (x->inc.events[i].at > t)
			t = x->inc.events[i].at;
	for (size_t i = 0; i < x->n_updates; i++)
		if (x->updates[i].at > t)
			t = x->updates[i].at;
	return t;
}

static cJSON *
incident_json(struct request *req, const struct spv2 *v,
              const struct incident_view *x)
{
	cJSON *o = cJSON_CreateObject(), *ups, *arr;
	const char *id = arena_printf(req->arena, "%lld", (long long)x->id);
	int64_t monitoring_at = 0;

	cJSON_AddStringToObject(o, "id", id);
	cJSON_AddStringToObject(o, "name", page_incident_name(req, x));
	cJSON_AddStringToObject(
	    o, "status", pstatus_incident_status_names[incident_status(x)]);
	json_add_time(o, "created_at", x->inc.started_at);
	json_add_time(o, "updated_at", incident_updated(x));
	for (size_t i = 0; i < x->n_updates; i++)
		if (x->updates[i].state == UPDATE_MONITORING &&
		    monitoring_at == 0)
			monitoring_at = x->updates[i].at;
	add_time_or_null(o, "monitoring_at", monitoring_at);
	add_time_or_null(o, "resolved_at", x->inc.resolved_at);
	/* Its impact: the worst it was (its peak severity). */
	cJSON_AddStringToObject(o, "impact", severity_names[x->inc.peak]);
	cJSON_AddStringToObject(o, "shortlink",
	                        arena_printf(req->arena, "%s%s", v->origin,
	                                     page_incident_href(req, x->id)));
	json_add_time(o, "started_at", x->inc.started_at);
	cJSON_AddStringToObject(o, "page_id", "aigo");
	/* Newest first, as Statuspage lists them. */
	ups = cJSON_AddArrayToObject(o, "incident_updates");
	for (size_t k = x->n_updates; k-- > 0;) {
		const struct incident_update *u = &x->updates[k];
		cJSON *w = cJSON_CreateObject();

		cJSON_AddStringToObject(
		    w, "id",
		    arena_printf(req->arena, "%lld", (long long)u->id));
		cJSON_AddStringToObject(w, "status",
		                        u->state < UPDATE_STATE__MAX
		                            ? update_state_names[u->state]
		                            : "investigating");
		cJSON_AddStringToObject(w, "body", u->body ? u->body : "");
		cJSON_AddStringToObject(w, "incident_id", id);
		json_add_time(w, "created_at", u->at);
		json_add_time(w, "updated_at", u->at);
		json_add_time(w, "display_at", u->at);
		cJSON_AddNullToObject(w, "affected_components");
		cJSON_AddBoolToObject(w, "deliver_notifications", 0);
		cJSON_AddNullToObject(w, "custom_tweet");
		cJSON_AddNullToObject(w, "tweet_id");
		cJSON_AddItemToArray(ups, w);
	}
	arr = cJSON_AddArrayToObject(o, "components");
	add_affected(arr, v, x->model_slug, x->provider_slug, x->models,
	             x->n_models);
	return o;
}

/* "scheduled", "in_progress" or "completed" of window m at now. */
static const char *
maintenance_status(const struct maintenance_view *m, int64_t now)
{
	return m->starts_at > now ? "scheduled"
	       : m->ends_at > now ? "in_progress"
	                          : "completed";
}

static cJSON *
maintenance_json(struct request *req, const struct spv2 *v,
                 const struct maintenance_view *m)
{
	cJSON *o = cJSON_CreateObject(), *ups, *w, *arr;
	const char *id = arena_printf(req->arena, "m%lld", (long long)m->id);
	const char *st = maintenance_status(m, v->ds.now);
	int started = m->starts_at <= v->ds.now;
	int ended = m->ends_at <= v->ds.now;

	cJSON_AddStringToObject(o, "id", id);
	cJSON_AddStringToObject(o, "name", m->title);
	cJSON_AddStringToObject(o, "status", st);
	json_add_time(o, "created_at", m->created_at);
	json_add_time(o, "updated_at", m->updated_at);
	cJSON_AddNullToObject(o, "monitoring_at");
	add_time_or_null(o, "resolved_at", ended ? m->ends_at : 0);
	cJSON_AddStringToObject(o, "impact", "maintenance");
	cJSON_AddStringToObject(o, "shortlink",
	                        arena_printf(req->arena, "%s%s/%s/incidents",
	                                     v->origin, req->base,
	                                     req->loc->code));
	add_time_or_null(o, "started_at", started ? m->starts_at : 0);
	cJSON_AddStringToObject(o, "page_id", "aigo");
	json_add_time(o, "scheduled_for", m->starts_at);
	json_add_time(o, "scheduled_until", m->ends_at);
	/* One update: the operator's note, as written. */
	ups = cJSON_AddArrayToObject(o, "incident_updates");
	w = cJSON_CreateObject();
	cJSON_AddStringToObject(w, "id", arena_printf(req->arena, "%s-1", id));
	cJSON_AddStringToObject(w, "status", st);
	cJSON_AddStringToObject(w, "body", m->note[0] ? m->note : m->title);
	cJSON_AddStringToObject(w, "incident_id", id);
	json_add_time(w, "created_at", m->created_at);
	json_add_time(w, "updated_at", m->updated_at);
	json_add_time(w, "display_at", m->created_at);
	cJSON_AddNullToObject(w, "affected_components");
	cJSON_AddBoolToObject(w, "deliver_notifications", 0);
	cJSON_AddNullToObject(w, "custom_tweet");
	cJSON_AddNullToObject(w, "tweet_id");
	cJSON_AddItemToArray(ups, w);
	arr = cJSON_AddArrayToObject(o, "components");
	for (size_t t = 0; t < m->n_targets; t++)
		add_affected(arr, v, m->targets[t].model_slug,
		             m->targets[t].provider_slug, NULL, 0);
	return o;
}

/* Which incidents a list holds. */
enum spv2_incidents { SPV2_ALL, SPV2_UNRESOLVED };

/* Adds "incidents": the newest 50 (all), or every unresolved one. 0, or
 * -1 with err set. */
static int
add_incidents(struct app *app, struct request *req, cJSON *root,
              const struct spv2 *v, enum spv2_incidents which, char *err,
              size_t errlen)
{
	cJSON *arr = cJSON_AddArrayToObject(root, "incidents");
	struct incident_filter f = {0};
	struct incident_view *x;
	long n, total;

	if (!v->has_db)
		return 0;
	f.state = which == SPV2_UNRESOLVED ? 1 : 0;
	f.limit = SPV2_LIST_MAX;
	f.details = 1;
	n = source_incidents(&app->source, &v->ds, &f, req->arena, &x, &total,
	                     err, errlen);
	if (n < 0)
		return -1;
	for (long i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, incident_json(req, v, &x[i]));
	return 0;
}

/* Which windows a list holds. */
enum spv2_windows { SPV2_W_ALL, SPV2_W_UPCOMING, SPV2_W_ACTIVE, SPV2_W_NOW };

/* Adds "scheduled_maintenances": all (the newest 50 by start), upcoming,
 * active, or those not over (upcoming and active). 0, or -1 with err. */
static int
add_maintenances(struct app *app, struct request *req, cJSON *root,
                 const struct spv2 *v, enum spv2_windows which, char *err,
                 size_t errlen)
{
	cJSON *arr = cJSON_AddArrayToObject(root, "scheduled_maintenances");
	struct maintenance_view *m;
	long n, shown = 0;

	if (!v->has_db)
		return 0;
	n = source_maintenances(&app->source, &v->ds,
	                        which == SPV2_W_ALL ? 0 : v->ds.now, 0,
	                        req->arena, &m, err, errlen);
	if (n < 0)
		return -1;
	/* By start: all of them newest first, the others soonest first. */
	for (long k = 0; k < n && shown < SPV2_LIST_MAX; k++) {
		long i = which == SPV2_W_ALL ? n - 1 - k : k;
		int upcoming = m[i].starts_at > v->ds.now;

		if ((which == SPV2_W_UPCOMING && !upcoming) ||
		    (which == SPV2_W_ACTIVE && upcoming))
			continue;
		cJSON_AddItemToArray(arr, maintenance_json(req, v, &m[i]));
		shown++;
	}
	return 0;
}

/* The lists answer 503 from a snapshot that holds none (format version
 * 1), as /api/v1/incidents does: an empty list would say there were
 * none. A version 2 snapshot holds them (source_has_incidents). */
static int
need_db(struct response *resp, const struct spv2 *v)
{
	if (v->has_db)
		return 200;
	http_header_remove(resp, "Cache-Control");
	http_header(resp, "Cache-Control", "no-store");
	http_header(resp, "Retry-After", "30");
	respond_json_error(resp, 503, "unavailable",
	                   "Incidents and maintenance are kept in the "
	                   "database, which cannot answer now; the fallback "
	                   "snapshot (an older format) holds none.",
	                   NULL, NULL);
	return 503;
}

/* The parts of an answer. */
enum spv2_part {
	PART_STATUS = 1,
	PART_COMPONENTS = 2,
	PART_INCIDENTS = 4,
	PART_UNRESOLVED = 8,
	PART_MAINT_ALL = 16,
	PART_MAINT_UPCOMING = 32,
	PART_MAINT_ACTIVE = 64,
	PART_MAINT_NOW = 128,
	PART_DB = 256 /* answered from the database only */
};

static int
answer(struct app *app, struct request *req, struct response *resp,
       unsigned parts)
{
	struct spv2 v;
	char err[512] = "";
	cJSON *root;
	int status = spv2_load(app, req, resp, &v), rc = 0;

	if (status != 200)
		return status;
	if ((parts & PART_DB) && (status = need_db(resp, &v)) != 200)
		return status;
	root = cJSON_CreateObject();
	cJSON_AddItemToObject(root, "page", page_json(app, req, &v));
	if (parts & PART_COMPONENTS)
		add_components(root, &v);
	if (parts & PART_INCIDENTS)
		rc |= add_incidents(app, req, root, &v, SPV2_ALL, err,
		                    sizeof(err));
	if (parts & PART_UNRESOLVED)
		rc |= add_incidents(app, req, root, &v, SPV2_UNRESOLVED, err,
		                    sizeof(err));
	if (parts & PART_MAINT_ALL)
		rc |= add_maintenances(app, req, root, &v, SPV2_W_ALL, err,
		                       sizeof(err));
	if (parts & PART_MAINT_UPCOMING)
		rc |= add_maintenances(app, req, root, &v, SPV2_W_UPCOMING, err,
		                       sizeof(err));
	if (parts & PART_MAINT_ACTIVE)
		rc |= add_maintenances(app, req, root, &v, SPV2_W_ACTIVE, err,
		                       sizeof(err));
	if (parts & PART_MAINT_NOW)
		rc |= add_maintenances(app, req, root, &v, SPV2_W_NOW, err,
		                       sizeof(err));
	if (parts & PART_STATUS)
		cJSON_AddItemToObject(root, "status",
		                      status_json(app, req, &v));
	if (rc != 0) {
		cJSON_Delete(root);
		log_msg("error", "statuspage api: %s", err);
		return page_error_accepting(app, req, resp, 500, 1, NULL);
	}
	/* Beyond Statuspage's members: where the numbers came from. */
	respond_json_source(root, &v.ds, 1);
	respond_json(resp, root);
	return 200;
}

int
api_v2_summary(struct app *app, struct request *req, struct response *resp)
{
	return answer(app, req, resp,
	              PART_STATUS | PART_COMPONENTS | PART_UNRESOLVED |
	                  PART_MAINT_NOW);
}

int
api_v2_status(struct app *app, struct request *req, struct response *resp)
{
	return answer(app, req, resp, PART_STATUS);
}

int
api_v2_components(struct app *app, struct request *req, struct response *resp)
{
	return answer(app, req, resp, PART_COMPONENTS);
}

int
api_v2_incidents(struct app *app, struct request *req, struct response *resp)
{
	return answer(app, req, resp, PART_INCIDENTS | PART_DB);
}

int
api_v2_incidents_unresolved(struct app *app, struct request *req,
                            struct response *resp)
{
	return answer(app, req, resp, PART_UNRESOLVED | PART_DB);
}

int
api_v2_maintenances(struct app *app, struct request *req, struct response *resp)
{
	return answer(app, req, resp, PART_MAINT_ALL | PART_DB);
}

int
api_v2_maintenances_upcoming(struct app *app, struct request *req,
                             struct response *resp)
{
	return answer(app, req, resp, PART_MAINT_UPCOMING | PART_DB);
}

int
api_v2_maintenances_active(struct app *app, struct request *req,
                           struct response *resp)
{
	return answer(app, req, resp, PART_MAINT_ACTIVE | PART_DB);
}
