/* app.h: one worker's application: its state (each piece owned by its module), set up and freed, and the handling of one request. */
#ifndef AIGO_APP_H
#define AIGO_APP_H

#include "answers.h"
#include "config.h"
#include "http.h"
#include "i18n.h"
#include "source.h"
#include "tmpl.h"
#include "tokens.h"

/* The state of one worker. Each piece has one owner, the module named
 * beside it; only that module reads or changes it. */
struct app {
	struct app_config cfg;        /* config.c */
	struct i18n *i18n;            /* i18n.c: the catalogs */
	struct tmpl_cache *templates; /* every template, translated per
	                                 locale, in use while the app is */
	struct source source;   /* source.c: the data and its connections */
	struct answers answers; /* answers.c: whole answers kept */
	struct tokens tokens;   /* tokens.c: the ingest tokens */
	struct tokens admin;    /* tokens.c: the admin tokens */
	char *openapi;          /* static/openapi.json, served as is */
	size_t openapi_len;
};

/* Loads the catalogs, the templates (translated per locale, into a cache of
 * its own that it then puts in use), the API description and the ingest
 * tokens. Returns 0, or -1 with err set and the cache in use unchanged. */
int app_init(struct app *app, const struct app_config *cfg, char *err,
             size_t errlen);
void app_free(struct app *app);

/* A worker's start, before its first request: opens the data source
 * (PostgreSQL: the worker's session) and warms it and the renderer with
 * the monitoring page in the default language, rendered and dropped:
 * not answered, counted, logged or kept as an answer; the dataset it read
 * is reused as any request's is (same data version and second). A
 * database that fails is not reported here: the page falls back to the
 * snapshot as a request's would, and the first request tries again. */
void app_start(struct app *app);

/* Serves one request: reads it from src, routes, renders, and writes
 * the complete CGI response (headers and body) into out. Never fails: any
 * problem becomes an error response. */
void app_handle(struct app *app, const struct http_source *src,
                struct buf *out);

#endif
