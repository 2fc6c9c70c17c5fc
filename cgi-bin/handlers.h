/* handlers.h: the request handlers named by the route table, and the shared page pieces. */
#ifndef AIGO_HANDLERS_H
#define AIGO_HANDLERS_H

#include <cJSON.h>

#include "app.h"
#include "input.h"

/* A handler fills resp and returns the HTTP status; a status >= 400 with an
 * empty body is rendered by the error path. */
typedef int (*handler_fn)(struct app *app, struct request *req,
                          struct response *resp);

int page_redirect_monitoring(struct app *app, struct request *req,
                             struct response *resp);
int page_redirect_canonical(struct app *app, struct request *req,
                            struct response *resp);
int page_monitoring(struct app *app, struct request *req,
                    struct response *resp);
int page_model(struct app *app, struct request *req, struct response *resp);
/* /lang/{lang}?next=PATH: sets the lang cookie and goes back to PATH. */
int page_switch_language(struct app *app, struct request *req,
                         struct response *resp);
int api_realtime_stats(struct app *app, struct request *req,
                       struct response *resp);
int api_healthz(struct app *app, struct request *req, struct response *resp);
int api_models(struct app *app, struct request *req, struct response *resp);
int api_model(struct app *app, struct request *req, struct response *resp);
int api_providers(struct app *app, struct request *req, struct response *resp);
int api_history(struct app *app, struct request *req, struct response *resp);
int api_openapi(struct app *app, struct request *req, struct response *resp);
/* Adds "points": one per bucket of st's history, then "now" (isNow). */
void api_add_points(cJSON *o, const struct stats *st);
/* GET /metrics: Prometheus text. */
int api_metrics(struct app *app, struct request *req, struct response *resp);
/* POST /api/v1/checks: authenticated, validated, all-or-nothing ingest. */
int api_ingest(struct app *app, struct request *req, struct response *resp);
int api_readyz(struct app *app, struct request *req, struct response *resp);

/* Renders the error for status as JSON ({"error": {code, message, field?,
 * accepted?}}) or as a translated HTML page in req->loc: field is
 * req->bad_key, accepted what input_accepted says of it. */
void page_error(struct app *app, struct request *req, struct response *resp,
                int status, int as_json);

/* As page_error, with the values req->bad_key accepts given (they depend
 * on the data: the providers there are), NULL for none. Returns status,
 * for a handler to return. */
int page_error_accepting(struct app *app, struct request *req,
                         struct response *resp, int status, int as_json,
                         const char *accepted);

/* Sends root as the JSON body (application/json) and frees it. */
void page_json_body(struct response *resp, cJSON *root);

/* Sends {"error": {code, message, field?, ...more}} with status: the
 * members of the object more (or NULL), such as items, are moved into the
 * error object; takes more. */
void page_json_error(struct response *resp, int status, const char *code,
                     const char *message, const char *field, cJSON *more);

/* The monitoring page of loc under the base path ("/status/en/monitoring"),
 * in req's arena. */
const char *page_home(const struct request *req, const struct locale *loc);

/* Fills the HEAD and FOOT includes of a page dictionary: language, title,
 * alternates and switcher for path_after_lang ("/monitoring") with query q
 * ("" or "?..."; see input_query); sets BASE (the base path) and HOME in d
 * and both includes. with_data: the page shows statuses, and the footer
 * says how freshness makes them (not on an error page). */
void page_layout(struct app *app, struct request *req, struct tmpl_dict *d,
                 const char *title, const char *path_after_lang, const char *q,
                 int with_data);

/* Expands "<lang>/<file>" with d into resp's body as HTML; 0 or 500. */
int page_expand(struct request *req, struct response *resp, const char *file,
                struct tmpl_dict *d);

/* Sets the caching headers of a successful response. */
void page_cache_headers(struct response *resp);

/* The texts of statuses, data sources, ranges ("Last 24 hours") and range
 * phrases ("in the last 24 hours"), by enum. */
extern const enum msg page_status_msgs[STATUS__MAX];
extern const enum msg page_source_msgs[SOURCE__MAX];
extern const enum msg page_range_msgs[RANGE__MAX];
extern const enum msg page_range_phrase_msgs[RANGE__MAX];

/* Sets X-Data-Source and the caching headers of a data page, and returns
 * its status: 200, or 503 (with Retry-After) when there is no data. */
int page_data_status(struct response *resp, const struct dataset *ds);

/* Fills SOURCE, SOURCE_LABEL, UPDATED(_ISO) and the DEMO, UNAVAILABLE and
 * FALLBACK (with FALLBACK_NOTICE) sections from ds. */
void page_data_header(struct request *req, const struct dataset *ds,
                      struct tmpl_dict *d);

/* Adds a RANGE section per range linking to /{lang}{path}?range=... */
void page_range_links(struct request *req, struct tmpl_dict *d,
                      const char *path_after_lang);

/* The x-axis label of point i of n of range r ("Now" for the last), or
 * NULL when this point has none. */
const char *page_x_label(struct request *req, enum range r, int i, int n,
                         int64_t start);

/* Sets name to v as a percentage in the locale ("n/a" without has), and
 * name_RAW to v with two decimals ("" without has) for tools and tests. */
void page_set_percent(struct request *req, struct tmpl_dict *d,
                      const char *name, int has, double v);

/* Fills the CHECKED section (time, absolute and relative) of row for t, or
 * NEVER when t is 0. */
void page_last_checked(struct request *req, struct tmpl_dict *row, int64_t t,
                       int64_t now);

#endif
