/* handlers.h: the request handlers named by the route table. */
#ifndef AIGO_HANDLERS_H
#define AIGO_HANDLERS_H

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
/* /{lang}/incidents, /{lang}/incidents/{id} and the Atom feeds
 * /{lang}/feed.atom, /{lang}/providers/{slug}/feed.atom
 * (page_incidents.c). */
int page_incidents(struct app *app, struct request *req, struct response *resp);
int page_incident(struct app *app, struct request *req, struct response *resp);
int page_feed(struct app *app, struct request *req, struct response *resp);
int page_provider_feed(struct app *app, struct request *req,
                       struct response *resp);
/* /embed/{slug} and /embed/provider/{slug} (page_embed.c): a small card
 * other sites may frame, in the language of ?lang= or the negotiated one;
 * 404 is a card too. */
/* The answer of a failed /embed/ request: for 404 the "not found" card
 * (the name from the path), else the translated error page; both may be
 * framed as the cards are. Returns status. */
int page_embed_error(struct app *app, struct request *req,
                     struct response *resp, int status);
int page_embed(struct app *app, struct request *req, struct response *resp);
int page_embed_provider(struct app *app, struct request *req,
                        struct response *resp);
int api_realtime_stats(struct app *app, struct request *req,
                       struct response *resp);
int api_healthz(struct app *app, struct request *req, struct response *resp);
int api_models(struct app *app, struct request *req, struct response *resp);
int api_model(struct app *app, struct request *req, struct response *resp);
int api_providers(struct app *app, struct request *req, struct response *resp);
int api_history(struct app *app, struct request *req, struct response *resp);
int api_openapi(struct app *app, struct request *req, struct response *resp);
/* The Statuspage-compatible read API (api_statuspage.c):
 * /api/v2/summary.json, status.json, components.json, incidents.json,
 * incidents/unresolved.json, scheduled-maintenances.json and its
 * upcoming.json and active.json, in Statuspage v2's format. */
int api_v2_summary(struct app *app, struct request *req, struct response *resp);
int api_v2_status(struct app *app, struct request *req, struct response *resp);
int api_v2_components(struct app *app, struct request *req,
                      struct response *resp);
int api_v2_incidents(struct app *app, struct request *req,
                     struct response *resp);
int api_v2_incidents_unresolved(struct app *app, struct request *req,
                                struct response *resp);
int api_v2_maintenances(struct app *app, struct request *req,
                        struct response *resp);
int api_v2_maintenances_upcoming(struct app *app, struct request *req,
                                 struct response *resp);
int api_v2_maintenances_active(struct app *app, struct request *req,
                               struct response *resp);
/* GET /metrics: Prometheus text. */
int api_metrics(struct app *app, struct request *req, struct response *resp);
/* GET /metrics/models: per model and region gauges for Prometheus;
 * GET /api/v1/export: daily aggregates as CSV or JSON (api_export.c). */
int api_metrics_models(struct app *app, struct request *req,
                       struct response *resp);
int api_export(struct app *app, struct request *req, struct response *resp);
/* POST /api/v1/checks: authenticated, validated, all-or-nothing ingest. */
int api_ingest(struct app *app, struct request *req, struct response *resp);
int api_readyz(struct app *app, struct request *req, struct response *resp);
/* Incidents and maintenance (api_incidents.c): GET lists and one
 * incident, public; POST and PATCH with an admin token. */
int api_incidents(struct app *app, struct request *req, struct response *resp);
int api_incident(struct app *app, struct request *req, struct response *resp);
int api_incident_open(struct app *app, struct request *req,
                      struct response *resp);
int api_incident_update(struct app *app, struct request *req,
                        struct response *resp);
int api_incident_change(struct app *app, struct request *req,
                        struct response *resp);
int api_maintenances(struct app *app, struct request *req,
                     struct response *resp);
int api_maintenance_add(struct app *app, struct request *req,
                        struct response *resp);
int api_maintenance_change(struct app *app, struct request *req,
                           struct response *resp);

/* The SVG badges (page_badge.c): /badge/{model}.svg, .../availability.svg
 * (?range=24h|7d|30d), .../latency.svg, and the same under
 * /badge/provider/{provider}; ?lang= picks the labels' language. An
 * unknown name answers a 404 badge. */
/* The badge that says what went wrong with a badge request (status 400
 * with req->bad_key, 404, or another error status): in the default
 * language, never cached. Returns status. */
int badge_error(struct app *app, struct request *req, struct response *resp,
                int status);
int badge_model_status(struct app *app, struct request *req,
                       struct response *resp);
int badge_model_availability(struct app *app, struct request *req,
                             struct response *resp);
int badge_model_latency(struct app *app, struct request *req,
                        struct response *resp);
int badge_provider_status(struct app *app, struct request *req,
                          struct response *resp);
int badge_provider_availability(struct app *app, struct request *req,
                                struct response *resp);
int badge_provider_latency(struct app *app, struct request *req,
                           struct response *resp);

#endif
