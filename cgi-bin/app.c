/* app.c: one worker's application: set up and freed, and one request handled: read, answered from the kept answers or routed, logged. */
#include "app.h"

#include <cJSON.h>
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
#include "json.h"
#include "log.h"
#include "metrics.h"
#include "router.h"
#include "templates.h"
#include "timefmt.h"

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
	if (!cJSON_IsObject(doc)) {
		cJSON_Delete(doc);
		log_msg("warn", "openapi.json: does not parse; served as is");
		return;
	}
	cJSON_DeleteItemFromObject(doc, "servers");
	server = cJSON_CreateObject();
	cJSON_AddStringToObject(server, "url", app->cfg.base_path);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(doc, "servers"), server);
	text = json_print(doc);
	cJSON_Delete(doc);
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
	source_init(&app->source, cfg);
	tokens_load(&app->tokens, cfg->ingest_tokens);
	tokens_load_for(&app->admin, cfg->admin_tokens, "the admin API");
	return 0;
}

void
app_free(struct app *app)
{
	answers_free(&app->answers);
	source_free(&app->source);
	tokens_free(&app->tokens);
	tokens_free(&app->admin);
	free(app->openapi);
	i18n_free(app->i18n);
	tmpl_cache_free(app->templates);
	app->templates = NULL;
	app->openapi = NULL;
	app->i18n = NULL;
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

/* Reads a request from src into req (its arena new: the caller frees
 * it) and clears resp; returns http_request_read's status. */
static int
request_begin(struct app *app, const struct http_source *src,
              struct request *req, struct response *resp)
{
	memset(req, 0, sizeof(*req));
	memset(resp, 0, sizeof(*resp));
	req->arena = arena_new();
	req->now = clock_now();
	req->route = -1;
	req->base = app->cfg.base_path;
	req->in = arena_alloc(req->arena, sizeof(*req->in));
	/* Every key at its default until a route reads the query. */
	input_parse("", 0, req->in, &req->bad_key);
	return http_request_read(req, src);
}

/* The warm-up request's CGI variables (ctx: its DOCUMENT_URI). */
static const char *
warm_getvar(void *ctx, const char *name)
{
	if (strcmp(name, "REQUEST_METHOD") == 0)
		return "GET";
	if (strcmp(name, "DOCUMENT_URI") == 0)
		return ctx;
	return NULL;
}

void
app_start(struct app *app)
{
	char uri[300];
	struct http_source src = {warm_getvar, http_read_none, uri};
	struct request req;
	struct response resp;

	source_open(&app->source);
	snprintf(uri, sizeof(uri), "%s/%s/monitoring", app->cfg.base_path,
	         app->cfg.default_lang);
	if (request_begin(app, &src, &req, &resp) == 0) {
		struct answers scratch = {0};
		struct buf out = {0};

		router_dispatch(app, &req, &resp, 0);
		/* Kept and written as a request's answer would be, then
		 * dropped: the first request finds zlib's and the output's
		 * memory already taken from the system. */
		if (resp.status == 200 && router_reusable(req.route))
			answers_keep(&scratch, req.route, req.path, req.query,
			             &resp);
		http_response_serialize(&resp, &req, &out);
		answers_free(&scratch);
		buf_free(&out);
	}
	http_response_free(&resp);
	source_request_end(&app->source);
	arena_free(req.arena);
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
	read_status = request_begin(app, src, &req, &resp);
	/* Whether the data is still current costs a read: only when there
	 * are answers to reuse. */
	if (read_status == 0 && app->answers.n > 0 &&
	    (req.method == METHOD_GET || req.method == METHOD_HEAD))
		kept = answers_find(&app->answers,
		                    source_generation(&app->source, req.now),
		                    req.path, req.query);
	if (kept != NULL) {
		/* Sent from the kept bytes as they are, without a copy. */
		struct response view;

		req.route = answers_view(kept, &view);
		http_response_serialize(&view, &req, out);
		resp.status = view.status;
	} else {
		router_dispatch(app, &req, &resp, read_status);
		if (read_status == 0 && req.method == METHOD_GET &&
		    resp.status == 200 && router_reusable(req.route))
			answers_keep(&app->answers, req.route, req.path,
			             req.query, &resp);
		http_response_serialize(&resp, &req, out);
	}
	http_response_free(&resp);
	source_request_end(&app->source);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	metrics_request(req.route, resp.status, secs);
	if (app->cfg.access_log)
		access_log(&req, resp.status, out->len, secs);
	arena_free(req.arena);
}
