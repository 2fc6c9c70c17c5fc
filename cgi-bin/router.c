/* router.c: the route table, matching a path to a route, 404 and 405, and the security headers of every answer. */
#include "router.h"

#include <string.h>

#include "input.h"
#include "metrics.h"
#include "page.h"
#include "slug.h"

/* HTML pages; JSON for scripts (CORS on GET); text for operators (no
 * CORS); badges; embed cards. JSON and text answer errors in JSON, a badge
 * with an error badge, a card with the "not found" card or the error page
 * (framed as the cards are). */
enum route_kind { KIND_HTML, KIND_JSON, KIND_TEXT, KIND_BADGE, KIND_EMBED };

#define M_GET (1u << METHOD_GET)
#define M_HEAD (1u << METHOD_HEAD)
#define M_POST (1u << METHOD_POST)
#define M_PATCH (1u << METHOD_PATCH)
#define KB(k) (1u << (k))

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
	/* The query keys the handler reads (KB(KEY_...) bits): only these
	 * are validated; any other key is ignored, as unknown keys are. */
	unsigned keys;
} routes[] = {
    {M_GET | M_HEAD, "/", KIND_HTML, page_redirect_monitoring, 0,
     INPUT_ALL_KEYS},
    {M_GET | M_HEAD, "/monitoring", KIND_HTML, page_redirect_monitoring, 0,
     INPUT_ALL_KEYS},
    {M_GET | M_HEAD, "/{lang}/monitoring", KIND_HTML, page_monitoring, 1,
     KB(KEY_RANGE) | KB(KEY_PROVIDER) | KB(KEY_STATUS) | KB(KEY_SORT) |
         KB(KEY_ORDER) | KB(KEY_Q) | KB(KEY_ACTIVE) | KB(KEY_MODEL) |
         KB(KEY_PAGE) | KB(KEY_REFRESH)},
    {M_GET | M_HEAD, "/{lang}/models/{slug}", KIND_HTML, page_model, 1,
     KB(KEY_RANGE)},
    {M_GET | M_HEAD, "/lang/{lang}", KIND_HTML, page_switch_language, 0,
     KB(KEY_NEXT)},
    /* Incidents and their feeds (page_incidents.c); a feed's links are
     * absolute, made from the request's Host without public_url: not
     * reused. */
    {M_GET | M_HEAD, "/{lang}/incidents", KIND_HTML, page_incidents, 1,
     KB(KEY_PROVIDER) | KB(KEY_MODEL) | KB(KEY_PAGE)},
    {M_GET | M_HEAD, "/{lang}/incidents/{slug}", KIND_HTML, page_incident, 1,
     0},
    {M_GET | M_HEAD, "/{lang}/feed.atom", KIND_HTML, page_feed, 0, 0},
    {M_GET | M_HEAD, "/{lang}/providers/{slug}/feed.atom", KIND_HTML,
     page_provider_feed, 0, 0},
    /* Paths a person types: to the canonical page. */
    {M_GET | M_HEAD, "/monitoring/", KIND_HTML, page_redirect_monitoring, 0,
     INPUT_ALL_KEYS},
    {M_GET | M_HEAD, "/{lang}", KIND_HTML, page_redirect_canonical, 0,
     INPUT_ALL_KEYS},
    {M_GET | M_HEAD, "/{lang}/", KIND_HTML, page_redirect_canonical, 0,
     INPUT_ALL_KEYS},
    {M_GET | M_HEAD, "/{lang}/monitoring/", KIND_HTML, page_redirect_canonical,
     0, INPUT_ALL_KEYS},
    {M_GET | M_HEAD, "/{lang}/models", KIND_HTML, page_redirect_canonical, 0,
     INPUT_ALL_KEYS},
    {M_GET | M_HEAD, "/{lang}/models/", KIND_HTML, page_redirect_canonical, 0,
     INPUT_ALL_KEYS},
    {M_GET | M_HEAD, "/{lang}/models/{slug}/", KIND_HTML,
     page_redirect_canonical, 0, INPUT_ALL_KEYS},
    {M_GET | M_HEAD, "/api/v1/realtime-stats", KIND_JSON, api_realtime_stats, 1,
     KB(KEY_RANGE) | KB(KEY_INCLUDE_HISTORY)},
    {M_GET | M_HEAD, "/api/v1/models", KIND_JSON, api_models, 1,
     KB(KEY_PROVIDER) | KB(KEY_STATUS) | KB(KEY_SORT) | KB(KEY_ORDER) |
         KB(KEY_Q) | KB(KEY_ACTIVE) | KB(KEY_MODEL) | KB(KEY_LIMIT) |
         KB(KEY_OFFSET)},
    {M_GET | M_HEAD, "/api/v1/models/{slug}", KIND_JSON, api_model, 1,
     KB(KEY_RANGE)},
    {M_GET | M_HEAD, "/api/v1/providers", KIND_JSON, api_providers, 1, 0},
    {M_GET | M_HEAD, "/api/v1/history", KIND_JSON, api_history, 1,
     KB(KEY_RANGE) | KB(KEY_PROVIDER) | KB(KEY_MODEL)},
    {M_GET | M_HEAD, "/api/v1/openapi.json", KIND_JSON, api_openapi, 0, 0},
    {M_POST, "/api/v1/checks", KIND_JSON, api_ingest, 0, 0},
    {M_GET | M_HEAD, "/healthz", KIND_JSON, api_healthz, 0, 0},
    {M_GET | M_HEAD, "/readyz", KIND_JSON, api_readyz, 0, 0},
    /* Incidents and maintenance (api_incidents.c): read by anyone,
     * written with an admin token. */
    {M_GET | M_HEAD, "/api/v1/incidents", KIND_JSON, api_incidents, 1,
     KB(KEY_STATE) | KB(KEY_PROVIDER) | KB(KEY_MODEL) | KB(KEY_LIMIT) |
         KB(KEY_OFFSET)},
    {M_POST, "/api/v1/incidents", KIND_JSON, api_incident_open, 0, 0},
    {M_GET | M_HEAD, "/api/v1/incidents/{id}", KIND_JSON, api_incident, 1, 0},
    {M_PATCH, "/api/v1/incidents/{id}", KIND_JSON, api_incident_change, 0, 0},
    {M_POST, "/api/v1/incidents/{id}/updates", KIND_JSON, api_incident_update,
     0, 0},
    {M_GET | M_HEAD, "/api/v1/maintenances", KIND_JSON, api_maintenances, 1,
     KB(KEY_STATE) | KB(KEY_LIMIT) | KB(KEY_OFFSET)},
    {M_POST, "/api/v1/maintenances", KIND_JSON, api_maintenance_add, 0, 0},
    {M_PATCH, "/api/v1/maintenances/{id}", KIND_JSON, api_maintenance_change, 0,
     0},
    {M_GET | M_HEAD, "/metrics", KIND_TEXT, api_metrics, 0, 0},
    /* The Statuspage-compatible read API (api_statuspage.c); the page's
     * url and the shortlinks are made from the request's Host without
     * public_url: not reused. */
    {M_GET | M_HEAD, "/api/v2/summary.json", KIND_JSON, api_v2_summary, 0, 0},
    {M_GET | M_HEAD, "/api/v2/status.json", KIND_JSON, api_v2_status, 0, 0},
    {M_GET | M_HEAD, "/api/v2/components.json", KIND_JSON, api_v2_components, 0,
     0},
    {M_GET | M_HEAD, "/api/v2/incidents.json", KIND_JSON, api_v2_incidents, 0,
     0},
    {M_GET | M_HEAD, "/api/v2/incidents/unresolved.json", KIND_JSON,
     api_v2_incidents_unresolved, 0, 0},
    {M_GET | M_HEAD, "/api/v2/scheduled-maintenances.json", KIND_JSON,
     api_v2_maintenances, 0, 0},
    {M_GET | M_HEAD, "/api/v2/scheduled-maintenances/upcoming.json", KIND_JSON,
     api_v2_maintenances_upcoming, 0, 0},
    {M_GET | M_HEAD, "/api/v2/scheduled-maintenances/active.json", KIND_JSON,
     api_v2_maintenances_active, 0, 0},
    /* For other tools (api_export.c): per-model metrics, and the daily
     * export (CSV or JSON). */
    {M_GET | M_HEAD, "/metrics/models", KIND_TEXT, api_metrics_models, 0, 0},
    {M_GET | M_HEAD, "/api/v1/export", KIND_JSON, api_export, 1,
     KB(KEY_RANGE) | KB(KEY_FORMAT)},
    /* Badges (page_badge.c): the provider routes first, so that
     * /badge/provider/... never names a model "provider". */
    {M_GET | M_HEAD, "/badge/provider/{slug}.svg", KIND_BADGE,
     badge_provider_status, 1, KB(KEY_LANG)},
    {M_GET | M_HEAD, "/badge/provider/{slug}/availability.svg", KIND_BADGE,
     badge_provider_availability, 1, KB(KEY_LANG) | KB(KEY_RANGE)},
    {M_GET | M_HEAD, "/badge/provider/{slug}/latency.svg", KIND_BADGE,
     badge_provider_latency, 1, KB(KEY_LANG)},
    {M_GET | M_HEAD, "/badge/{slug}.svg", KIND_BADGE, badge_model_status, 1,
     KB(KEY_LANG)},
    {M_GET | M_HEAD, "/badge/{slug}/availability.svg", KIND_BADGE,
     badge_model_availability, 1, KB(KEY_LANG) | KB(KEY_RANGE)},
    {M_GET | M_HEAD, "/badge/{slug}/latency.svg", KIND_BADGE,
     badge_model_latency, 1, KB(KEY_LANG)},
    /* Cards for other sites' pages (page_embed.c): the only routes that
     * may be framed (embed_frame_ancestors); their language may come
     * from the request's headers: not reused. */
    {M_GET | M_HEAD, "/embed/provider/{slug}", KIND_EMBED, page_embed_provider,
     0, KB(KEY_LANG)},
    {M_GET | M_HEAD, "/embed/{slug}", KIND_EMBED, page_embed, 0, KB(KEY_LANG)},
};

/* Every route is counted apart in /metrics. */
_Static_assert(NELEM(routes) <= METRICS_ROUTES, "metrics.h: METRICS_ROUTES");

const char *
router_pattern(int i)
{
	return i >= 0 && (size_t)i < NELEM(routes) ? routes[i].pattern : NULL;
}

unsigned
router_keys(int i)
{
	return i >= 0 && (size_t)i < NELEM(routes) ? routes[i].keys : 0;
}

/* Joins the names of the methods in the set with sep into out (64 bytes). */
static void
method_list(unsigned methods, const char *sep, char out[64])
{
	static const char *const names[] = {"GET", "HEAD", "POST", "PATCH"};

	out[0] = '\0';
	for (int m = METHOD_GET; m <= METHOD_PATCH; m++)
		if (methods & (1u << m)) {
			if (out[0] != '\0')
				strcat(out, sep);
			strcat(out, names[m]);
		}
}

void
router_print(FILE *out)
{
	for (size_t i = 0; i < NELEM(routes); i++) {
		char list[64];

		method_list(routes[i].methods, ",", list);
		fprintf(out, "%s %s\n", list, routes[i].pattern);
	}
}

/* Matches path against pattern; {lang} must name a served locale, {slug}
 * is 1..64 of a-z, 0-9, '.', '-' (copied to *slug), {id} 1..18 digits
 * (copied to *slug too). */
static int
route_match(const struct app *app, struct request *req, const char *pattern,
            const char *path, const struct locale **loc)
{
	while (*pattern != '\0') {
		if (strncmp(pattern, "{slug}", 6) == 0) {
			size_t n = strspn(path, SLUG_CHARS);

			/* A suffix that slugs may hold (".svg"): the slug ends
			 * before the suffix. */
			if (pattern[6] == '.') {
				size_t sl = strcspn(pattern + 6, "/{");

				if (n <= sl || strncmp(path + n - sl,
				                       pattern + 6, sl) != 0)
					return 0;
				n -= sl;
			}

			if (n == 0 || n > SLUG_MAX)
				return 0;
			req->slug = arena_strndup(req->arena, path, n);
			pattern += 6;
			path += n;
			continue;
		}
		if (strncmp(pattern, "{id}", 4) == 0) {
			size_t n = strspn(path, "0123456789");

			if (n == 0 || n > 18)
				return 0;
			req->slug = arena_strndup(req->arena, path, n);
			pattern += 4;
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

/* The policy of every answer but an embed card's. */
#define CSP_COMMON                                                             \
	"default-src 'none'; script-src 'self'; style-src 'self'; "            \
	"img-src 'self' data:; connect-src 'self'; "                           \
	"base-uri 'none'; form-action 'self'; "

/* The kind of answer a path that matched no route gets: by its first
 * segment. */
static enum route_kind
kind_of_path(const char *path)
{
	return strncmp(path, "/api/", 5) == 0     ? KIND_JSON
	       : strncmp(path, "/badge/", 7) == 0 ? KIND_BADGE
	       : strncmp(path, "/embed/", 7) == 0 ? KIND_EMBED
	                                          : KIND_HTML;
}

/* Answers status (an error) in the form of kind. */
static void
route_error(struct app *app, struct request *req, struct response *resp,
            int status, enum route_kind kind)
{
	if (kind == KIND_BADGE)
		resp->status = badge_error(app, req, resp, status);
	else if (kind == KIND_EMBED)
		resp->status = page_embed_error(app, req, resp, status);
	else
		page_error(app, req, resp, status, kind != KIND_HTML);
}

/* frame_ancestors: NULL for every route that must not be framed (CSP
 * 'none' and X-Frame-Options DENY), else the embed cards' sources. */
static void
security_headers(struct response *resp, const char *frame_ancestors)
{
	if (frame_ancestors == NULL) {
		http_header(resp, "Content-Security-Policy",
		            CSP_COMMON "frame-ancestors 'none'");
		http_header(resp, "X-Frame-Options", "DENY");
	} else {
		/* X-Frame-Options cannot name origins: left out, the
		 * CSP says who may frame. */
		struct buf csp = {0};

		buf_printf(&csp, "%sframe-ancestors %s", CSP_COMMON,
		           frame_ancestors);
		http_header(resp, "Content-Security-Policy", csp.data);
		buf_free(&csp);
	}
	http_header(resp, "X-Content-Type-Options", "nosniff");
	http_header(resp, "Referrer-Policy", "strict-origin-when-cross-origin");
}

/* Routes req and fills resp (without the security headers). Returns the
 * kind of answer given (errors too). */
static enum route_kind
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
	enum route_kind kind = path != NULL ? kind_of_path(path) : KIND_HTML;
	int status;

	req->loc = i18n_default(app->i18n);
	if (read_status != 0 || path == NULL) {
		route_error(app, req, resp, read_status ? read_status : 404,
		            kind);
		return kind;
	}
	for (size_t i = 0; i < NELEM(routes); i++) {
		const struct locale *loc = NULL;

		if (!route_match(app, req, routes[i].pattern, path, &loc))
			continue;
		if (loc != NULL)
			req->loc = loc;
		kind = routes[i].kind;
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
		route_error(app, req, resp, 404, kind);
		return kind;
	}
	if (hit == NULL) {
		allow_header(resp, allowed);
		route_error(app, req, resp, 405, kind);
		return kind;
	}
	/* Scripts on other sites may read what GET answers (not ingest). */
	if (hit->kind == KIND_JSON &&
	    (req->method == METHOD_GET || req->method == METHOD_HEAD))
		http_header(resp, "Access-Control-Allow-Origin", "*");
	if (input_parse(req->query, hit->keys, req->in, &req->bad_key) != 0) {
		route_error(app, req, resp, 400, kind);
		return kind;
	}
	status = hit->handler(app, req, resp);
	if (status >= 400 && resp->body.len == 0) {
		route_error(app, req, resp, status, kind);
		return kind;
	}
	resp->status = status;
	return kind;
}

void
router_dispatch(struct app *app, struct request *req, struct response *resp,
                int read_status)
{
	enum route_kind kind = dispatch(app, req, resp, read_status);

	/* 'none' turns embedding off: the cards refuse framing as every
	 * other answer does. */
	int framed = kind == KIND_EMBED &&
	             strcmp(app->cfg.embed_frame_ancestors, "'none'") != 0;

	security_headers(resp, framed ? app->cfg.embed_frame_ancestors : NULL);
}

int
router_reusable(int route)
{
	return route >= 0 && (size_t)route < NELEM(routes) &&
	       routes[route].reusable;
}
