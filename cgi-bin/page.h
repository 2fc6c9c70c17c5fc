/* page.h: what the HTML pages share: layout includes, expansion, the texts of statuses and ranges, and the error page. */
#ifndef AIGO_PAGE_H
#define AIGO_PAGE_H

#include "handlers.h"
#include "respond.h"

/* Rows per page of the monitoring page's models table (the page key picks
 * one; docs/usage.md). The headline, charts and provider rows count every
 * model whatever the page. */
#define PAGE_MODELS_ROWS 100

/* Renders the error for status as JSON ({"error": {code, message, field?,
 * accepted?}}) or as a translated HTML page in req->loc: field is
 * req->bad_key, accepted what input_accepted says of it. */
void page_error(struct app *app, struct request *req, struct response *resp,
                int status, int as_json);

/* The name the path of a failed request asks for: the segment after the
 * base path and the first of the two prefixes it starts with, up to the
 * next '/' or suffix (NULL: none), at most SLUG_MAX bytes cut on a UTF-8
 * boundary; "" when there is none. In req's arena. */
const char *page_asked_name(struct request *req, const char *const prefixes[2],
                            const char *suffix);

/* As page_error, with the values req->bad_key accepts given (they depend
 * on the data: the providers there are), NULL for none. Returns status,
 * for a handler to return. */
int page_error_accepting(struct app *app, struct request *req,
                         struct response *resp, int status, int as_json,
                         const char *accepted);

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

/* The texts of statuses, data sources, ranges ("Last 24 hours") and range
 * phrases ("in the last 24 hours"), by enum. */
extern const enum msg page_status_msgs[STATUS__MAX];
extern const enum msg page_source_msgs[SOURCE__MAX];
extern const enum msg page_range_msgs[RANGE__MAX];
extern const enum msg page_range_phrase_msgs[RANGE__MAX];
/* The texts of probe kinds ("Reachability") and error kinds ("Rate
 * limited"), by enum. */
extern const enum msg page_probe_kind_msgs[PROBE_KIND__MAX];
extern const enum msg page_error_kind_msgs[ERROR_KIND__MAX];

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

/* ---- Incidents and maintenance on the pages (page_incidents.c) ---- */

/* The page of incident id under the base path ("/status/en/incidents/7"),
 * in req's arena. */
const char *page_incident_href(const struct request *req, int64_t id);

/* An incident's name: a manual one's title as written, else by its peak
 * severity "Outage of MODEL" / "Degraded performance of MODEL" (of the
 * provider for a provider incident), in req's locale. */
const char *page_incident_name(struct request *req,
                               const struct incident_view *v);

/* Fills row with what a list shows of incident v at now: ID, HREF, NAME,
 * SEVERITY (its name, now for an open incident, else its peak) and
 * SEVERITY_LABEL, SUBJECT (model or provider), STARTED(_ISO), ENDED(_ISO)
 * or the ONGOING section, DURATION, SINCE ("since 20:36, 2 h 20 min";
 * open ones), INCIDENT_SOURCE(_LABEL). */
void page_incident_row(struct request *req, const struct incident_view *v,
                       int64_t now, struct tmpl_dict *row);

/* Fills row with maintenance window m at now: TITLE, NOTE (section),
 * WHEN, STARTS_ISO, ENDS_ISO, the ACTIVE or UPCOMING or ENDED section,
 * and a TARGET section per thing it concerns (NAME, HREF of a model). */
void page_maintenance_row(struct request *req, const struct maintenance_view *m,
                          int64_t now, struct tmpl_dict *row);

/* The site's origin for absolute links ("https://status.example.org"):
 * public_url, else the request's scheme and Host (with the server's port
 * when the Host has none), else http://localhost; in req's arena or
 * app's configuration. */
const char *page_site_origin(const struct app *app, const struct request *req);

/* Fills the include BANNER of d (banner.tpl), the banner of the
 * monitoring and model pages: a section OPEN_INCIDENTS
 * with an INCIDENT per open incident (of model_slug only, unless NULL),
 * a section MAINTENANCE with a WINDOW per window that has not ended (of
 * model_slug's model or provider only, unless NULL); nothing when there
 * is none; the INCIDENTS_UNAVAILABLE section when ds is not the
 * database's. 0, or 500 (logged). */
int page_incident_banner(struct app *app, struct request *req,
                         const struct dataset *ds, const char *model_slug,
                         struct tmpl_dict *d);

#endif
