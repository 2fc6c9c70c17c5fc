/* app.c: the application of one worker: configuration, catalogs, templates, store, the route table and dispatch. */
#include "app.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "fileutil.h"
#include "handlers.h"
#include "input.h"
#include "log.h"
#include "metrics.h"
#include "slug.h"
#include "templates.h"
#include "timefmt.h"

/* HTML pages; JSON for scripts (CORS on GET); text for operators (no
 * CORS). JSON and text answer errors in JSON. */
enum route_kind { KIND_HTML, KIND_JSON, KIND_TEXT };

#define M_GET (1u << METHOD_GET)
#define M_HEAD (1u << METHOD_HEAD)
#define M_POST (1u << METHOD_POST)

/* The route table: method set, path pattern ("{lang}" matches a served
 * locale), kind of response, handler. The dispatcher answers 404 and 405
 * (with Allow) before any handler runs. */
static const struct route {
	unsigned methods;
	const char *pattern;
	enum route_kind kind;
	handler_fn handler;
	/* The answer depends only on the path, the query, the data and the
	 * second, so it may be reused while they are the same. */
	int reusable;
} routes[] = {
    {M_GET | M_HEAD, "/", KIND_HTML, page_redirect_monitoring, 0},
    {M_GET | M_HEAD, "/monitoring", KIND_HTML, page_redirect_monitoring, 0},
    {M_GET | M_HEAD, "/{lang}/monitoring", KIND_HTML, page_monitoring, 1},
    {M_GET | M_HEAD, "/{lang}/models/{slug}", KIND_HTML, page_model, 1},
    {M_GET | M_HEAD, "/lang/{lang}", KIND_HTML, page_switch_language, 0},
    /* Paths a person types: to the canonical page. */
    {M_GET | M_HEAD, "/monitoring/", KIND_HTML, page_redirect_monitoring, 0},
    {M_GET | M_HEAD, "/{lang}", KIND_HTML, page_redirect_canonical, 0},
    {M_GET | M_HEAD, "/{lang}/", KIND_HTML, page_redirect_canonical, 0},
    {M_GET | M_HEAD, "/{lang}/monitoring/", KIND_HTML, page_redirect_canonical,
     0},
    {M_GET | M_HEAD, "/{lang}/models", KIND_HTML, page_redirect_canonical, 0},
    {M_GET | M_HEAD, "/{lang}/models/", KIND_HTML, page_redirect_canonical, 0},
    {M_GET | M_HEAD, "/{lang}/models/{slug}/", KIND_HTML,
     page_redirect_canonical, 0},
    {M_GET | M_HEAD, "/api/v1/realtime-stats", KIND_JSON, api_realtime_stats,
     1},
    {M_GET | M_HEAD, "/api/v1/models", KIND_JSON, api_models, 1},
    {M_GET | M_HEAD, "/api/v1/models/{slug}", KIND_JSON, api_model, 1},
    {M_GET | M_HEAD, "/api/v1/providers", KIND_JSON, api_providers, 1},
    {M_GET | M_HEAD, "/api/v1/history", KIND_JSON, api_history, 1},
    {M_GET | M_HEAD, "/api/v1/openapi.json", KIND_JSON, api_openapi, 0},
    {M_POST, "/api/v1/checks", KIND_JSON, api_ingest, 0},
    {M_GET | M_HEAD, "/healthz", KIND_JSON, api_healthz, 0},
    {M_GET | M_HEAD, "/readyz", KIND_JSON, api_readyz, 0},
    {M_GET | M_HEAD, "/metrics", KIND_TEXT, api_metrics, 0},
};

const char *
app_route_pattern(int i)
{
	return i >= 0 && (size_t)i < NELEM(routes) ? routes[i].pattern : NULL;
}

/* Joins the names of the methods in the set with sep into out (64 bytes). */
static void
method_list(unsigned methods, const char *sep, char out[64])
{
	static const char *const names[] = {"GET", "HEAD", "POST"};

	out[0] = '\0';
	for (int m = METHOD_GET; m <= METHOD_POST; m++)
		if (methods & (1u << m)) {
			if (out[0] != '\0')
				strcat(out, sep);
			strcat(out, names[m]);
		}
}

void
app_routes(FILE *out)
{
	for (size_t i = 0; i < NELEM(routes); i++) {
		char list[64];

		method_list(routes[i].methods, ",", list);
		fprintf(out, "%s %s\n", list, routes[i].pattern);
	}
}

/* Under a base path, the OpenAPI document's paths are relative to a server
 * at that path. Replaces app->openapi (kept as is if it does not parse). */
static void
openapi_set_base(struct app *app)
{
	cJSON *doc, *server;
	char *text;

	if (app->openapi == NULL || app->cfg.base_path[0] == '\0')
		return;
	doc = cJSON_ParseWithLength(app->openapi, app->openapi_len);
	cJSON_DeleteItemFromObject(doc, "servers");
	server = cJSON_CreateObject();
	cJSON_AddStringToObject(server, "url", app->cfg.base_path);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(doc, "servers"), server);
	text = cJSON_PrintUnformatted(doc);
	if (cJSON_GetObjectItem(doc, "servers") == NULL)
		cJSON_Delete(server);
	cJSON_Delete(doc);
	if (text == NULL) {
		log_msg("warn", "openapi.json: does not parse; served as is");
		return;
	}
	free(app->openapi);
	app->openapi = text;
	app->openapi_len = strlen(text);
}

int
app_init(struct app *app, const struct app_config *cfg, char *err,
         size_t errlen)
{
	char dir[1100];

	memset(app, 0, sizeof(*app));
	app->cfg = *cfg;
	/* A page's buffers (100 KB to a few MB) are freed after every
	 * request. Above glibc's default thresholds each would be a fresh
	 * mmap and the next request would fault its pages in again; kept in
	 * the heap they are reused. */
	mallopt(M_MMAP_THRESHOLD, 16 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 32 * 1024 * 1024);
	app->source_logged = SOURCE__MAX;
	snprintf(dir, sizeof(dir), "%s/locales", cfg->root);
	app->i18n = i18n_load(dir, cfg->default_lang, err, errlen);
	if (app->i18n == NULL)
		return -1;
	snprintf(dir, sizeof(dir), "%s/templates", cfg->root);
	app->templates = templates_load(app->i18n, dir, err, errlen);
	if (app->templates == NULL) {
		i18n_free(app->i18n);
		app->i18n = NULL;
		return -1;
	}
	tmpl_cache_use(app->templates);
	snprintf(dir, sizeof(dir), "%s/static/openapi.json", cfg->root);
	app->openapi = file_read_all(dir, &app->openapi_len);
	if (app->openapi == NULL)
		log_msg("warn", "%s: not readable; /api/v1/openapi.json is 404",
		        dir);
	openapi_set_base(app);
	app_load_tokens(app);
	return 0;
}

void
app_free(struct app *app)
{
	app_answers_free(app);
	app_cache_free(app);
	store_close(app->store);
	store_close(app->writer);
	free(app->tokens);
	free(app->openapi);
	snapshot_free(app->snap);
	i18n_free(app->i18n);
	tmpl_cache_free(app->templates);
	app->templates = NULL;
	app->store = NULL;
	app->writer = NULL;
	app->tokens = NULL;
	app->n_tokens = 0;
	app->openapi = NULL;
	app->snap = NULL;
	app->i18n = NULL;
}

/* Matches path against pattern; {lang} must name a served locale, {slug}
 * is 1..64 of a-z, 0-9, '.', '-' (copied to *slug). */
static int
route_match(const struct app *app, struct request *req, const char *pattern,
            const char *path, const struct locale **loc)
{
	while (*pattern != '\0') {
		if (strncmp(pattern, "{slug}", 6) == 0) {
			size_t n = strspn(path, SLUG_CHARS);

			if (n == 0 || n > 64)
				return 0;
			req->slug = arena_strndup(req->arena, path, n);
			pattern += 6;
			path += n;
			continue;
		}
		if (strncmp(pattern, "{lang}", 6) == 0) {
			size_t n = strcspn(path, "/");
			char code[I18N_CODE_MAX];

			if (n == 0 || n >= sizeof(code))
				return 0;
			memcpy(code, path, n);
			code[n] = '\0';
			*loc = i18n_find(app->i18n, code);
			if (*loc == NULL)
				return 0;
			pattern += 6;
			path += n;
			continue;
		}
		if (*pattern++ != *path++)
			return 0;
	}
	return *path == '\0';
}

/* The locale of a path that matched no route: its prefix if served. */
static const struct locale *
prefix_locale(const struct app *app, const char *path)
{
	char code[I18N_CODE_MAX];
	size_t n;

	if (*path != '/')
		return NULL;
	n = strcspn(path + 1, "/");
	if (n == 0 || n >= sizeof(code))
		return NULL;
	memcpy(code, path + 1, n);
	code[n] = '\0';
	return i18n_find(app->i18n, code);
}

static void
allow_header(struct response *resp, unsigned methods)
{
	char allow[64];

	method_list(methods, ", ", allow);
	http_header(resp, "Allow", allow);
}

static void
security_headers(struct response *resp)
{
	http_header(resp, "Content-Security-Policy",
	            "default-src 'none'; script-src 'self'; style-src 'self'; "
	            "img-src 'self' data:; connect-src 'self'; "
	            "base-uri 'none'; form-action 'self'; "
	            "frame-ancestors 'none'");
	http_header(resp, "X-Content-Type-Options", "nosniff");
	http_header(resp, "X-Frame-Options", "DENY");
	http_header(resp, "Referrer-Policy", "strict-origin-when-cross-origin");
}

/* Routes req and fills resp. */
static void
dispatch(struct app *app, struct request *req, struct response *resp,
         int read_status)
{
	const struct route *hit = NULL;
	unsigned allowed = 0;
	size_t nb = strlen(req->base);
	/* The route's path: after the base path; the base itself is "/". */
	const char *path = strncmp(req->path, req->base, nb) != 0 ? NULL
	                   : req->path[nb] == '\0'                ? "/"
	                   : req->path[nb] == '/' ? req->path + nb
	                                          : NULL;
	int as_json = path != NULL && strncmp(path, "/api/", 5) == 0;
	int status;

	req->loc = i18n_default(app->i18n);
	if (read_status != 0 || path == NULL) {
		page_error(app, req, resp, read_status ? read_status : 404,
		           as_json);
		return;
	}
	for (size_t i = 0; i < NELEM(routes); i++) {
		const struct locale *loc = NULL;

		if (!route_match(app, req, routes[i].pattern, path, &loc))
			continue;
		if (loc != NULL)
			req->loc = loc;
		as_json = routes[i].kind != KIND_HTML;
		allowed |= routes[i].methods;
		if (routes[i].methods & (1u << req->method)) {
			hit = &routes[i];
			req->route = (int)i;
			break;
		}
	}
	if (hit == NULL && allowed == 0) {
		const struct locale *loc = prefix_locale(app, path);
		if (loc != NULL)
			req->loc = loc;
		page_error(app, req, resp, 404, as_json);
		return;
	}
	if (hit == NULL) {
		allow_header(resp, allowed);
		page_error(app, req, resp, 405, as_json);
		return;
	}
	/* Scripts on other sites may read what GET answers (not ingest). */
	if (hit->kind == KIND_JSON && req->method != METHOD_POST)
		http_header(resp, "Access-Control-Allow-Origin", "*");
	if (input_parse(req->query, &req->in, &req->bad_key) != 0) {
		page_error(app, req, resp, 400, as_json);
		return;
	}
	status = hit->handler(app, req, resp);
	if (status >= 400 && resp->body.len == 0) {
		page_error(app, req, resp, status, as_json);
		return;
	}
	resp->status = status;
}

/* One line per request: method, path (unprintable bytes as '?'), status,
 * bytes sent, milliseconds in the worker. */
static void
access_log(const struct request *req, int status, size_t bytes, double secs)
{
	char path[256];
	size_t n = 0;

	for (const char *p = req->path ? req->path : "";
	     *p != '\0' && n + 1 < sizeof(path); p++)
		path[n++] = (unsigned char)*p > ' ' && *p != 0x7f ? *p : '?';
	path[n] = '\0';
	log_msg("info", "request method=%s path=%s status=%d bytes=%zu ms=%.2f",
	        req->method_name ? req->method_name : "-", path, status, bytes,
	        secs * 1000);
}

/* A whole answer kept for reuse while the data it was made from is the
 * data of the database (DESIGN 4). */
struct answer {
	uint64_t gen; /* app->cache_gen it was made from */
	int route;
	char *key; /* "path?query" */
	int status;
	const char *content_type; /* the handlers' static strings */
	struct buf headers, body;
	char etag[24]; /* of body, computed once */
};

#define ANSWERS_MAX 64
#define ANSWER_BYTES_MAX (16 * 1024 * 1024)

void
app_answers_free(struct app *app)
{
	for (size_t i = 0; i < app->n_answers; i++) {
		free(app->answers[i].key);
		buf_free(&app->answers[i].headers);
		buf_free(&app->answers[i].body);
	}
	free(app->answers);
	app->answers = NULL;
	app->n_answers = 0;
	app->answer_bytes = 0;
}

static char *
answer_key(const struct request *req)
{
	char *key = NULL;

	if (asprintf(&key, "%s?%s", req->path, req->query) < 0)
		return NULL;
	return key;
}

/* The kept answer to req, if the data it was made from is still current. */
static const struct answer *
answer_find(struct app *app, const struct request *req)
{
	uint64_t gen;
	char *key;
	const struct answer *hit = NULL;

	if (app->n_answers == 0 ||
	    (req->method != METHOD_GET && req->method != METHOD_HEAD))
		return NULL;
	gen = app_data_generation(app, req->now);
	if (gen == 0 || gen != app->answers[0].gen) {
		app_answers_free(app);
		return NULL;
	}
	key = answer_key(req);
	for (size_t i = 0; key != NULL && i < app->n_answers; i++)
		if (strcmp(app->answers[i].key, key) == 0)
			hit = &app->answers[i];
	free(key);
	return hit;
}

/* Keeps resp for reuse when its route allows it and it was made from the
 * database's current data. */
static void
answer_keep(struct app *app, const struct request *req, struct response *resp)
{
	struct answer *a;
	struct answer *more;

	/* Only an answer made wholly from the data app_load keeps: its
	 * generation is checked against the file on the next request. */
	if (req->route < 0 || !routes[req->route].reusable ||
	    resp->status != 200 || req->method != METHOD_GET ||
	    req->data_gen == 0 || req->data_gen != app->cache_gen ||
	    app->n_answers >= ANSWERS_MAX ||
	    app->answer_bytes + resp->body.len > ANSWER_BYTES_MAX)
		return;
	if (app->n_answers > 0 && app->answers[0].gen != app->cache_gen)
		app_answers_free(app);
	more = realloc(app->answers, (app->n_answers + 1) * sizeof(*more));
	if (more == NULL)
		return;
	app->answers = more;
	a = &app->answers[app->n_answers];
	memset(a, 0, sizeof(*a));
	a->key = answer_key(req);
	if (a->key == NULL)
		return;
	a->gen = app->cache_gen;
	a->route = req->route;
	a->status = resp->status;
	a->content_type = resp->content_type;
	memcpy(a->etag, http_response_etag(resp), sizeof(a->etag));
	buf_append(&a->headers, resp->headers.data, resp->headers.len);
	buf_append(&a->body, resp->body.data, resp->body.len);
	app->answer_bytes += resp->body.len;
	app->n_answers++;
}

void
app_handle(struct app *app, const struct http_source *src, struct buf *out)
{
	struct request req;
	struct response resp;
	const struct answer *kept = NULL;
	int read_status;

	struct timespec t0, t1;
	double secs;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(&req, 0, sizeof(req));
	memset(&resp, 0, sizeof(resp));
	req.arena = arena_new();
	req.now = clock_now();
	req.route = -1;
	req.base = app->cfg.base_path;
	read_status = http_request_read(&req, src);
	if (read_status == 0)
		kept = answer_find(app, &req);
	if (kept != NULL) {
		req.route = kept->route;
		resp.status = kept->status;
		resp.content_type = kept->content_type;
		buf_append(&resp.headers, kept->headers.data,
		           kept->headers.len);
		buf_append(&resp.body, kept->body.data, kept->body.len);
		memcpy(resp.etag, kept->etag, sizeof(resp.etag));
	} else {
		dispatch(app, &req, &resp, read_status);
		security_headers(&resp);
		if (read_status == 0)
			answer_keep(app, &req, &resp);
	}
	http_response_serialize(&resp, &req, out);
	http_response_free(&resp);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	metrics_request(req.route, resp.status, secs);
	if (app->cfg.access_log)
		access_log(&req, resp.status, out->len, secs);
	arena_free(req.arena);
}
