/* handlers.h: the request handlers named by the route table, and the shared page pieces. */
#ifndef AIGO_HANDLERS_H
#define AIGO_HANDLERS_H

#include "app.h"

/* A handler fills resp and returns the HTTP status; a status >= 400 with an
 * empty body is rendered by the error path. */
typedef int (*handler_fn)(struct app *app, struct request *req,
                          struct response *resp);

int page_redirect_monitoring(struct app *app, struct request *req,
                             struct response *resp);
int page_monitoring(struct app *app, struct request *req,
                    struct response *resp);
int api_realtime_stats(struct app *app, struct request *req,
                       struct response *resp);
int api_healthz(struct app *app, struct request *req, struct response *resp);
int api_readyz(struct app *app, struct request *req, struct response *resp);

/* Renders the error for status as JSON ({"error": {code, message, field?}})
 * or as a translated HTML page in req->loc. */
void page_error(struct app *app, struct request *req, struct response *resp,
                int status, int as_json);

/* Fills the HEAD and FOOT includes of a page dictionary: language, title,
 * alternates and switcher for path_after_lang ("/monitoring"). */
void page_layout(struct app *app, struct request *req, struct tmpl_dict *d,
                 const char *title, const char *path_after_lang);

/* Expands "<lang>/<file>" with d into resp's body as HTML; 0 or 500. */
int page_expand(struct request *req, struct response *resp, const char *file,
                struct tmpl_dict *d);

/* Sets the caching headers of a successful response. */
void page_cache_headers(struct response *resp);

#endif
