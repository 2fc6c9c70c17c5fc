/* api_incidents.c: incidents and maintenance windows in JSON: the public lists and one incident, and the admin API that opens, updates and changes them (admin tokens only). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api.h"
#include "arena.h"
#include "handlers.h"
#include "json.h"
#include "listing.h"
#include "log.h"
#include "page.h"
#include "timefmt.h"

/* The largest admin body (a title, a message of 5000 bytes, 100
 * targets, escaped). */
#define ADMIN_BODY_MAX (64 * 1024)

/* ---- JSON of incidents and windows ---- */

static void
add_time_or_null(cJSON *o, const char *name, int64_t t)
{
	if (t > 0)
		json_add_time(o, name, t);
	else
		cJSON_AddNullToObject(o, name);
}

static void
add_string_or_null(cJSON *o, const char *name, const char *s)
{
	if (s != NULL)
		cJSON_AddStringToObject(o, name, s);
	else
		cJSON_AddNullToObject(o, name);
}

/* {"slug", "name"}, or null without a slug. */
static void
add_named(cJSON *o, const char *field, const char *slug, const char *name)
{
	cJSON *x;

	if (slug == NULL) {
		cJSON_AddNullToObject(o, field);
		return;
	}
	x = cJSON_AddObjectToObject(o, field);
	cJSON_AddStringToObject(x, "slug", slug);
	cJSON_AddStringToObject(x, "name", name ? name : slug);
}

/* A comma-separated list ("a,b") as an array of strings. */
static void
add_list(cJSON *o, const char *field, const char *csv)
{
	cJSON *arr = cJSON_AddArrayToObject(o, field);

	while (csv != NULL && *csv != '\0') {
		size_t n = strcspn(csv, ",");
		char one[128];

		if (n > 0 && n < sizeof(one)) {
			memcpy(one, csv, n);
			one[n] = '\0';
			cJSON_AddItemToArray(arr, cJSON_CreateString(one));
		}
		csv += n + (csv[n] == ',');
	}
}

static cJSON *
update_json(const struct incident_update *u)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "id", (double)u->id);
	json_add_time(o, "at", u->at);
	cJSON_AddStringToObject(o, "state",
	                        u->state < UPDATE_STATE__MAX
	                            ? update_state_names[u->state]
	                            : "investigating");
	cJSON_AddStringToObject(o, "message", u->body);
	return o;
}

/* One incident read with its details. */
static cJSON *
incident_json(const struct incident_view *v)
{
	cJSON *o = cJSON_CreateObject(), *arr;

	cJSON_AddNumberToObject(o, "id", (double)v->id);
	cJSON_AddStringToObject(o, "state",
	                        v->inc.resolved_at ? "resolved" : "open");
	cJSON_AddStringToObject(o, "severity", severity_names[v->inc.severity]);
	cJSON_AddStringToObject(o, "peakSeverity", severity_names[v->inc.peak]);
	json_add_time(o, "startedAt", v->inc.started_at);
	add_time_or_null(o, "resolvedAt", v->inc.resolved_at);
	add_named(o, "provider", v->provider_slug, v->provider_name);
	add_named(o, "model", v->model_slug, v->model_name);
	cJSON_AddStringToObject(o, "source", v->is_manual ? "manual" : "auto");
	add_string_or_null(o, "title", v->title);
	add_list(o, "regions", v->inc.regions);
	add_list(o, "errorKinds", v->inc.error_kinds);
	arr = cJSON_AddArrayToObject(o, "events");
	for (size_t i = 0; i < v->inc.n_events; i++) {
		const struct incident_event *e = &v->inc.events[i];
		cJSON *x = cJSON_CreateObject();

		json_add_time(x, "at", e->at);
		cJSON_AddStringToObject(x, "kind",
		                        e->kind < INCIDENT_EVENT__MAX
		                            ? incident_event_names[e->kind]
		                            : "opened");
		cJSON_AddStringToObject(x, "severity",
		                        severity_names[e->severity]);
		cJSON_AddItemToArray(arr, x);
	}
	arr = cJSON_AddArrayToObject(o, "updates");
	for (size_t i = 0; i < v->n_updates; i++)
		cJSON_AddItemToArray(arr, update_json(&v->updates[i]));
	if (v->model_slug == NULL) {
		arr = cJSON_AddArrayToObject(o, "models");
		for (size_t i = 0; i < v->n_models; i++)
			cJSON_AddItemToArray(arr,
			                     cJSON_CreateString(v->models[i]));
	}
	return o;
}

/* "upcoming", "active", "past" or "cancelled" at now. */
static const char *
maintenance_state(const struct maintenance_view *m, int64_t now)
{
	return m->cancelled_at      ? "cancelled"
	       : m->starts_at > now ? "upcoming"
	       : m->ends_at > now   ? "active"
	                            : "past";
}

static cJSON *
maintenance_json(const struct maintenance_view *m, int64_t now)
{
	cJSON *o = cJSON_CreateObject(), *arr;

	cJSON_AddNumberToObject(o, "id", (double)m->id);
	cJSON_AddStringToObject(o, "title", m->title);
	cJSON_AddStringToObject(o, "note", m->note);
	json_add_time(o, "startsAt", m->starts_at);
	json_add_time(o, "endsAt", m->ends_at);
	cJSON_AddStringToObject(o, "state", maintenance_state(m, now));
	add_time_or_null(o, "cancelledAt", m->cancelled_at);
	json_add_time(o, "createdAt", m->created_at);
	json_add_time(o, "updatedAt", m->updated_at);
	arr = cJSON_AddArrayToObject(o, "targets");
	for (size_t i = 0; i < m->n_targets; i++) {
		cJSON *t = cJSON_CreateObject();

		add_named(t, "provider", m->targets[i].provider_slug,
		          m->targets[i].provider_name);
		add_named(t, "model", m->targets[i].model_slug,
		          m->targets[i].model_name);
		cJSON_AddItemToArray(arr, t);
	}
	return o;
}

/* ---- the public lists ---- */

/* Loads the data; 200, or the status answered (503 without the database:
 * the snapshot holds no incidents, and an empty list would say there
 * were none). */
static int
load(struct app *app, struct request *req, struct response *resp,
     struct dataset *ds)
{
	struct stats st;
	int status;

	source_load(&app->source, req->now, RANGE__MAX, 0, req->arena, ds, &st);
	status = respond_data(resp, ds);
	if (status != 200 || source_has_incidents(&app->source, ds))
		return status;
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

/* A failed read: logged, 500. */
static int
read_failed(struct app *app, struct request *req, struct response *resp,
            const char *err)
{
	log_msg("error", "incidents: %s", err);
	return page_error_accepting(app, req, resp, 500, 1, NULL);
}

/* Adds timestamp, dataSource and isDemo. */
static void
add_source(cJSON *root, const struct dataset *ds)
{
	json_add_time(root, "timestamp", ds->now);
	respond_json_source(root, ds, 1);
}

/* A state the list does not take: 400 naming it, with those it takes. */
static int
bad_state(struct app *app, struct request *req, struct response *resp,
          const char *accepted)
{
	req->bad_key = "state";
	return page_error_accepting(app, req, resp, 400, 1, accepted);
}

int
api_incidents(struct app *app, struct request *req, struct response *resp)
{
	struct incident_filter f = {0};
	struct incident_view *v;
	struct dataset ds;
	const char *accepted;
	char err[512];
	cJSON *root, *list;
	long n, total;
	int status = load(app, req, resp, &ds);

	if (status != 200)
		return status;
	req->bad_key =
	    listing_unknown_filter(req->in, &ds, req->arena, &accepted);
	if (req->bad_key != NULL)
		return page_error_accepting(app, req, resp, 400, 1, accepted);
	if (req->in->state != STATE_ANY && req->in->state != STATE_OPEN &&
	    req->in->state != STATE_RESOLVED)
		return bad_state(app, req, resp, "open, resolved");
	f.state = req->in->state == STATE_OPEN       ? 1
	          : req->in->state == STATE_RESOLVED ? 2
	                                             : 0;
	f.provider = req->in->provider[0] ? req->in->provider : NULL;
	f.model = req->in->model[0] ? req->in->model : NULL;
	f.offset = (long)req->in->offset;
	f.limit = (long)req->in->limit;
	f.details = 1;
	n = source_incidents(&app->source, &ds, &f, req->arena, &v, &total, err,
	                     sizeof(err));
	if (n < 0)
		return read_failed(app, req, resp, err);
	root = cJSON_CreateObject();
	list = cJSON_AddArrayToObject(root, "incidents");
	for (long i = 0; i < n; i++)
		cJSON_AddItemToArray(list, incident_json(&v[i]));
	cJSON_AddNumberToObject(root, "total", (double)total);
	cJSON_AddNumberToObject(root, "limit", (double)req->in->limit);
	cJSON_AddNumberToObject(root, "offset", (double)req->in->offset);
	add_source(root, &ds);
	respond_json(resp, root);
	return 200;
}

int
api_incident(struct app *app, struct request *req, struct response *resp)
{
	struct incident_view v;
	struct dataset ds;
	int64_t id;
	char err[512];
	cJSON *root;
	int rc, status = load(app, req, resp, &ds);

	if (status != 200)
		return status;
	if (parse_int64(req->slug, 1, INT64_MAX, &id) != 0)
		return page_error_accepting(app, req, resp, 404, 1, NULL);
	rc = source_incident(&app->source, &ds, id, req->arena, &v, err,
	                     sizeof(err));
	if (rc < 0)
		return read_failed(app, req, resp, err);
	if (rc == 0)
		return page_error_accepting(app, req, resp, 404, 1, NULL);
	root = cJSON_CreateObject();
	cJSON_AddItemToObject(root, "incident", incident_json(&v));
	add_source(root, &ds);
	respond_json(resp, root);
	return 200;
}

/* Whether window m is in the state filter at now. */
static int
maintenance_selected(const struct maintenance_view *m, enum state_filter s,
                     int64_t now)
{
	switch (s) {
	case STATE_UPCOMING:
		return m->starts_at > now;
	case STATE_ACTIVE:
		return m->starts_at <= now && m->ends_at > now;
	case STATE_PAST:
		return m->ends_at <= now;
	default:
		return 1;
	}
}

int
api_maintenances(struct app *app, struct request *req, struct response *resp)
{
	struct maintenance_view *m;
	struct dataset ds;
	enum state_filter sf = req->in->state;
	char err[512];
	cJSON *root, *list;
	long n, total = 0;
	int status = load(app, req, resp, &ds);

	if (status != 200)
		return status;
	if (sf != STATE_ANY && sf != STATE_UPCOMING && sf != STATE_ACTIVE &&
	    sf != STATE_PAST)
		return bad_state(app, req, resp, "upcoming, active, past");
	/* Those not over: ending after now; past ones: all, filtered. */
	n = source_maintenances(
	    &app->source, &ds,
	    sf == STATE_UPCOMING || sf == STATE_ACTIVE ? ds.now : 0, 0,
	    req->arena, &m, err, sizeof(err));
	if (n < 0)
		return read_failed(app, req, resp, err);
	root = cJSON_CreateObject();
	list = cJSON_AddArrayToObject(root, "maintenances");
	/* By start; past ones newest first. */
	for (long k = 0; k < n; k++) {
		long i = sf == STATE_PAST ? n - 1 - k : k;

		if (!maintenance_selected(&m[i], sf, ds.now))
			continue;
		if (total >= req->in->offset &&
		    total < req->in->offset + req->in->limit)
			cJSON_AddItemToArray(list,
			                     maintenance_json(&m[i], ds.now));
		total++;
	}
	cJSON_AddNumberToObject(root, "total", (double)total);
	cJSON_AddNumberToObject(root, "limit", (double)req->in->limit);
	cJSON_AddNumberToObject(root, "offset", (double)req->in->offset);
	add_source(root, &ds);
	respond_json(resp, root);
	return 200;
}

/* ---- the admin API ---- */

/* Checks the bearer token: 0 with *who for an admin token; else the
 * status answered: 503 when no admin token is configured, 403 for a
 * token that is only an ingest token, 401 for none or a wrong one. */
static int
admin_auth(struct app *app, struct request *req, struct response *resp,
           const struct token **who)
{
	http_header(resp, "Cache-Control", "no-store");
	if (app->admin.n == 0) {
		respond_json_error(resp, 503, "admin_disabled",
		                   "The admin API is off: no admin token is "
		                   "configured (admin_tokens, "
		                   "AIGO_ADMIN_TOKENS).",
		                   NULL, NULL);
		return 503;
	}
	*who = tokens_authenticate(&app->admin, req->authorization);
	if (*who != NULL)
		return 0;
	if (tokens_authenticate(&app->tokens, req->authorization) != NULL) {
		respond_json_error(
		    resp, 403, "forbidden",
		    "This is an ingest token: changing incidents "
		    "and maintenance takes an admin token.",
		    NULL, NULL);
		return 403;
	}
	http_header(resp, "WWW-Authenticate", "Bearer realm=\"aigo\"");
	respond_json_error(resp, 401, "unauthorized",
	                   "A valid \"Authorization: Bearer\" admin token is "
	                   "required.",
	                   NULL, NULL);
	return 401;
}

/* What a member of a body must be. */
enum field_type { F_STRING, F_STRING_OR_NULL, F_TIME, F_STRINGS, F_TRUE };

struct field {
	const char *name;
	enum field_type type;
	int required;
};

static int
invalid(struct response *resp, const char *field, const char *message)
{
	respond_json_error(resp, 400, "invalid_field", message, field, NULL);
	return 400;
}

/* Authenticates, then parses req's body into *out: a JSON object whose
 * members are all in fields, each of its type, the required ones there.
 * 0, or the status answered (the error names the member). */
static int
admin_body(struct app *app, struct request *req, struct response *resp,
           const struct field *fields, size_t n_fields,
           const struct token **who, cJSON **out)
{
	struct json_error je;
	char why[256];
	cJSON *root, *m;
	int status = admin_auth(app, req, resp, who);
	const char *type = req->content_type;

	*out = NULL;
	if (status != 0)
		return status;
	if (type == NULL || strcspn(type, "; ") != 16 ||
	    strncasecmp(type, "application/json", 16) != 0) {
		respond_json_error(resp, 415, "unsupported_media_type",
		                   "The body must be application/json.", NULL,
		                   NULL);
		return 415;
	}
	if (req->body_len > ADMIN_BODY_MAX) {
		respond_json_error(resp, 413, "too_large",
		                   "The body is larger than 64 KiB.", NULL,
		                   NULL);
		return 413;
	}
	root = json_parse(req->body ? req->body : "", req->body_len, &je);
	if (root == NULL) {
		json_error_text(&je, why, sizeof(why));
		respond_json_error(resp, 400, "invalid_json",
		                   arena_strdup(req->arena, why),
		                   je.pointer[0] ? je.pointer : NULL, NULL);
		return 400;
	}
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		respond_json_error(resp, 400, "invalid_json",
		                   "The body must be a JSON object.", NULL,
		                   NULL);
		return 400;
	}
	cJSON_ArrayForEach(m, root)
	{
		size_t k = 0;
		int ok = 1;

		while (k < n_fields && strcmp(m->string, fields[k].name) != 0)
			k++;
		if (k == n_fields) {
			status = invalid(
			    resp, arena_strdup(req->arena, m->string),
			    "This member is not one this endpoint takes.");
			break;
		}
		switch (fields[k].type) {
		case F_STRING:
		case F_TIME:
			ok = cJSON_IsString(m);
			break;
		case F_STRING_OR_NULL:
			ok = cJSON_IsString(m) || cJSON_IsNull(m);
			break;
		case F_STRINGS:
			ok = cJSON_IsArray(m);
			for (cJSON *x = ok ? m->child : NULL; x; x = x->next)
				ok = ok && cJSON_IsString(x);
			break;
		case F_TRUE:
			ok = cJSON_IsTrue(m);
			break;
		}
		if (!ok) {
			status = invalid(
			    resp, fields[k].name,
			    fields[k].type == F_STRINGS ? "Must be an array "
			                                  "of strings."
			    : fields[k].type == F_TRUE  ? "Must be true."
			    : fields[k].type == F_STRING_OR_NULL
			        ? "Must be a string or null."
			        : "Must be a string.");
			break;
		}
		if (fields[k].type == F_TIME) {
			int64_t t;

			if (time_parse_rfc3339(m->valuestring, &t) != 0) {
				status =
				    invalid(resp, fields[k].name,
				            "Must be an RFC 3339 time such "
				            "as 2026-11-28T04:00:00Z.");
				break;
			}
		}
	}
	for (size_t k = 0; status == 0 && k < n_fields; k++)
		if (fields[k].required && cJSON_GetObjectItemCaseSensitive(
		                              root, fields[k].name) == NULL)
			status = invalid(resp, fields[k].name,
			                 "This member is required.");
	if (status != 0) {
		cJSON_Delete(root);
		return status;
	}
	*out = root;
	return 0;
}

/* The string member name of o, or NULL (absent or null). */
static const char *
str(const cJSON *o, const char *name)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(m) ? m->valuestring : NULL;
}

/* The time member name of o (checked by admin_body), or 0. */
static int64_t
time_of(const cJSON *o, const char *name)
{
	const char *s = str(o, name);
	int64_t t = 0;

	if (s != NULL && time_parse_rfc3339(s, &t) != 0)
		t = 0;
	return t;
}

/* The strings of the array member name into *out (arena a). */
static size_t
strings(const cJSON *o, const char *name, struct arena *a,
        const char *const **out)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, name);
	const char **v;
	size_t n = 0;

	v = arena_alloc(a, ((size_t)cJSON_GetArraySize(m) + 1) * sizeof(*v));
	for (const cJSON *x = cJSON_IsArray(m) ? m->child : NULL; x;
	     x = x->next)
		v[n++] = arena_strdup(a, x->valuestring);
	*out = v;
	return n;
}

/* Answers what a store write gave (rc != 0): 400 naming the field, 404,
 * 409, or 503 (busy: try again; else the database failed). */
static int
store_failed(struct app *app, struct request *req, struct response *resp,
             int rc, const char *field, const char *err)
{
	size_t n = field ? strlen(field) : 0;
	/* The field is named apart: the message without it. */
	const char *msg =
	    arena_strdup(req->arena, n > 0 && strncmp(err, field, n) == 0 &&
	                                     err[n] == ':' && err[n + 1] == ' '
	                                 ? err + n + 2
	                                 : err);

	if (rc == STORE_INVALID)
		return invalid(resp, field, msg);
	if (rc == STORE_NOT_FOUND) {
		respond_json_error(resp, 404, "not_found", msg, NULL, NULL);
		return 404;
	}
	if (rc == STORE_CONFLICT) {
		respond_json_error(resp, 409, "conflict", msg, NULL, NULL);
		return 409;
	}
	log_msg(rc == -2 ? "warn" : "error", "admin: %s", err);
	if (rc != -2)
		source_writer_failed(&app->source);
	http_header(resp, "Retry-After", rc == -2 ? "1" : "30");
	respond_json_error(resp, 503, rc == -2 ? "busy" : "unavailable",
	                   rc == -2 ? "The database is busy; nothing was "
	                              "written. Send it again."
	                            : "The database cannot be written now; "
	                              "nothing was written.",
	                   NULL, NULL);
	return 503;
}

/* The writer, or NULL after answering 503. */
static struct store *
writer(struct app *app, struct response *resp)
{
	char err[512];
	struct store *s = source_writer(&app->source, err, sizeof(err));

	if (s == NULL) {
		log_msg("error", "admin: %s", err);
		http_header(resp, "Retry-After", "30");
		respond_json_error(
		    resp, 503, "unavailable",
		    "The database cannot be written now; nothing "
		    "was written.",
		    NULL, NULL);
	}
	return s;
}

/* Answers status with {"incident": incident id as now written}, and with
 * the update uid ("update") when not 0. */
static int
answer_incident(struct app *app, struct request *req, struct response *resp,
                struct store *s, int64_t id, int64_t uid, int status)
{
	struct incident_view v;
	char err[512];
	cJSON *root;

	if (store_incident(s, id, req->arena, &v, err, sizeof(err)) != 1)
		return read_failed(app, req, resp, err);
	root = cJSON_CreateObject();
	for (size_t i = 0; uid != 0 && i < v.n_updates; i++)
		if (v.updates[i].id == uid)
			cJSON_AddItemToObject(root, "update",
			                      update_json(&v.updates[i]));
	cJSON_AddItemToObject(root, "incident", incident_json(&v));
	if (status == 201)
		http_header(resp, "Location",
		            arena_printf(req->arena, "%s/api/v1/incidents/%lld",
		                         req->base, (long long)id));
	respond_json(resp, root);
	return status;
}

int
api_incident_open(struct app *app, struct request *req, struct response *resp)
{
	static const struct field fields[] = {
	    {"provider", F_STRING, 1}, {"model", F_STRING_OR_NULL, 0},
	    {"title", F_STRING, 1},    {"severity", F_STRING, 1},
	    {"startedAt", F_TIME, 0},  {"state", F_STRING, 0},
	    {"message", F_STRING, 1},
	};
	const struct token *who;
	struct incident_open o = {0};
	const char *field = NULL;
	char err[512];
	struct store *s;
	int64_t id = 0;
	cJSON *b;
	int rc = admin_body(app, req, resp, fields, NELEM(fields), &who, &b);

	if (rc != 0)
		return rc;
	o.provider = str(b, "provider");
	o.model = str(b, "model");
	o.title = str(b, "title");
	o.severity = severity_from_name(str(b, "severity"));
	o.started_at = str(b, "startedAt") ? time_of(b, "startedAt") : req->now;
	o.state = str(b, "state") ? update_state_from_name(str(b, "state"))
	                          : UPDATE_INVESTIGATING;
	o.body = str(b, "message");
	o.author = who->name;
	o.at = req->now;
	if ((s = writer(app, resp)) == NULL) {
		cJSON_Delete(b);
		return 503;
	}
	rc = store_incident_open(s, &o, &id, &field, err, sizeof(err));
	cJSON_Delete(b);
	if (rc != 0)
		return store_failed(app, req, resp, rc, field, err);
	log_msg("info", "admin %s: incident %lld opened", who->name,
	        (long long)id);
	return answer_incident(app, req, resp, s, id, 0, 201);
}

/* The {id} of the path, or 0 (none such: 404). */
static int64_t
path_id(const struct request *req)
{
	int64_t id;

	return req->slug && parse_int64(req->slug, 1, INT64_MAX, &id) == 0 ? id
	                                                                   : 0;
}

int
api_incident_update(struct app *app, struct request *req, struct response *resp)
{
	static const struct field fields[] = {
	    {"state", F_STRING, 1},
	    {"message", F_STRING, 1},
	};
	const struct token *who;
	const char *field = NULL;
	char err[512];
	struct store *s;
	int64_t id = path_id(req), uid = 0;
	cJSON *b;
	int rc = admin_body(app, req, resp, fields, NELEM(fields), &who, &b);

	if (rc != 0)
		return rc;
	if ((s = writer(app, resp)) == NULL) {
		cJSON_Delete(b);
		return 503;
	}
	rc = store_incident_update(
	    s, id, update_state_from_name(str(b, "state")), str(b, "message"),
	    who->name, req->now, &uid, &field, err, sizeof(err));
	cJSON_Delete(b);
	if (rc != 0)
		return store_failed(app, req, resp, rc, field, err);
	log_msg("info", "admin %s: update %lld of incident %lld", who->name,
	        (long long)uid, (long long)id);
	return answer_incident(app, req, resp, s, id, uid, 201);
}

int
api_incident_change(struct app *app, struct request *req, struct response *resp)
{
	static const struct field fields[] = {
	    {"title", F_STRING, 0},
	    {"severity", F_STRING, 0},
	};
	const struct token *who;
	const char *field = NULL, *sev;
	char err[512];
	struct store *s;
	int64_t id = path_id(req);
	enum severity severity = SEVERITY__MAX;
	cJSON *b;
	int rc = admin_body(app, req, resp, fields, NELEM(fields), &who, &b);

	if (rc != 0)
		return rc;
	sev = str(b, "severity");
	if (sev != NULL) {
		severity = severity_from_name(sev);
		if (severity == SEVERITY__MAX)
			severity = SEVERITY_NONE; /* refused by the store */
	}
	if ((s = writer(app, resp)) == NULL) {
		cJSON_Delete(b);
		return 503;
	}
	rc = store_incident_change(s, id, str(b, "title"), severity, req->now,
	                           &field, err, sizeof(err));
	cJSON_Delete(b);
	if (rc != 0)
		return store_failed(app, req, resp, rc, field, err);
	log_msg("info", "admin %s: incident %lld changed", who->name,
	        (long long)id);
	return answer_incident(app, req, resp, s, id, 0, 200);
}

/* The fields of a maintenance window's body (required when adding). */
#define MAINTENANCE_FIELDS(REQ)                                                \
	{"title", F_STRING, REQ}, {"note", F_STRING_OR_NULL, 0},               \
	    {"startsAt", F_TIME, REQ}, {"endsAt", F_TIME, REQ},                \
	    {"providers", F_STRINGS, 0},                                       \
	{                                                                      \
		"models", F_STRINGS, 0                                         \
	}

/* Reads the window of body b into *m (arena a). */
static void
maintenance_of(const cJSON *b, struct arena *a, struct maintenance_in *m)
{
	memset(m, 0, sizeof(*m));
	m->title = str(b, "title");
	m->note = str(b, "note");
	m->starts_at = time_of(b, "startsAt");
	m->ends_at = time_of(b, "endsAt");
	m->n_providers = strings(b, "providers", a, &m->providers);
	m->n_models = strings(b, "models", a, &m->models);
	m->set_targets = cJSON_GetObjectItemCaseSensitive(b, "providers") ||
	                 cJSON_GetObjectItemCaseSensitive(b, "models");
}

/* Answers status with {"maintenance": window id as now written}. */
static int
answer_maintenance(struct app *app, struct request *req, struct response *resp,
                   struct store *s, int64_t id, int status)
{
	struct maintenance_view *m;
	char err[512];
	cJSON *root;
	long n =
	    store_maintenances(s, 0, 0, 1, req->arena, &m, err, sizeof(err));

	if (n < 0)
		return read_failed(app, req, resp, err);
	root = cJSON_CreateObject();
	for (long i = 0; i < n; i++)
		if (m[i].id == id)
			cJSON_AddItemToObject(
			    root, "maintenance",
			    maintenance_json(&m[i], req->now));
	if (status == 201)
		http_header(resp, "Location",
		            arena_printf(req->arena,
		                         "%s/api/v1/maintenances/%lld",
		                         req->base, (long long)id));
	respond_json(resp, root);
	return status;
}

int
api_maintenance_add(struct app *app, struct request *req, struct response *resp)
{
	static const struct field fields[] = {MAINTENANCE_FIELDS(1)};
	const struct token *who;
	struct maintenance_in m;
	const char *field = NULL;
	char err[512];
	struct store *s;
	int64_t id = 0;
	cJSON *b;
	int rc = admin_body(app, req, resp, fields, NELEM(fields), &who, &b);

	if (rc != 0)
		return rc;
	maintenance_of(b, req->arena, &m);
	if ((s = writer(app, resp)) == NULL) {
		cJSON_Delete(b);
		return 503;
	}
	rc = store_maintenance_add(s, &m, who->name, req->now, &id, &field, err,
	                           sizeof(err));
	cJSON_Delete(b);
	if (rc != 0)
		return store_failed(app, req, resp, rc, field, err);
	log_msg("info", "admin %s: maintenance window %lld added", who->name,
	        (long long)id);
	return answer_maintenance(app, req, resp, s, id, 201);
}

int
api_maintenance_change(struct app *app, struct request *req,
                       struct response *resp)
{
	static const struct field fields[] = {MAINTENANCE_FIELDS(0),
	                                      {"cancelled", F_TRUE, 0}};
	const struct token *who;
	struct maintenance_in m;
	const char *field = NULL;
	char err[512];
	struct store *s;
	int64_t id = path_id(req);
	cJSON *b;
	int rc = admin_body(app, req, resp, fields, NELEM(fields), &who, &b);

	if (rc != 0)
		return rc;
	maintenance_of(b, req->arena, &m);
	m.cancel =
	    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(b, "cancelled"));
	if ((s = writer(app, resp)) == NULL) {
		cJSON_Delete(b);
		return 503;
	}
	rc = store_maintenance_change(s, id, &m, req->now, &field, err,
	                              sizeof(err));
	cJSON_Delete(b);
	if (rc != 0)
		return store_failed(app, req, resp, rc, field, err);
	log_msg("info", "admin %s: maintenance window %lld %s", who->name,
	        (long long)id, m.cancel ? "cancelled" : "changed");
	return answer_maintenance(app, req, resp, s, id, 200);
}
