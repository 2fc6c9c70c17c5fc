/* page_badge.c: the SVG badges of a model or a provider: status now, availability over a window, latency (/badge/...). */
#include <string.h>

#include "badge.h"
#include "handlers.h"
#include "i18n.h"
#include "numfmt.h"
#include "respond.h"
#include "rules.h"
#include "page.h"
#include "source.h"

/* What a badge shows. */
enum badge_kind { BADGE_STATUS, BADGE_AVAILABILITY, BADGE_LATENCY };

static const enum msg availability_labels[WINDOW__MAX] = {
    MSG_BADGE_AVAILABILITY_24H,
    MSG_BADGE_AVAILABILITY_7D,
    MSG_BADGE_AVAILABILITY_30D,
};

static const enum msg status_texts[STATUS__MAX] = {
    MSG_STATUS_OPERATIONAL,
    MSG_STATUS_DEGRADED,
    MSG_STATUS_OUTAGE,
    MSG_STATUS_UNKNOWN,
};

/* Sends the badge as the body with status; badges are short-lived. */
static int
send_badge(struct response *resp, int status, const char *label,
           const char *value, enum status color)
{
	resp->body.len = 0;
	badge_svg(&resp->body, label, value, color);
	resp->content_type = "image/svg+xml; charset=utf-8";
	http_header(resp, "Cache-Control",
	            status == 200 ? "public, max-age=60" : "no-store");
	return status;
}

/* The availability window named by ?range= (24h by default), or
 * WINDOW__MAX for a range that is not one (1h). */
static enum window
window_of(const struct input *in)
{
	if (!in->present[KEY_RANGE])
		return WINDOW_24H;
	for (int w = 0; w < WINDOW__MAX; w++)
		if (strcmp(ranges[in->range].name, window_names[w]) == 0)
			return (enum window)w;
	return WINDOW__MAX;
}

/* The value of a percentage as the API shows it (two decimals, DESIGN's
 * shown-percentage rule), in the locale's words. */
static const char *
percent_text(struct arena *a, const struct locale *loc, double pct)
{
	const char *names[] = {"value"};
	const char *values[] = {
	    i18n_fmt_decimal(a, loc, percent_shown(pct, 2), 2)};

	return i18n_fill(a, loc->msg[MSG_FORMAT_PERCENT], names, values, 1);
}

/* The badge of a model (provider 0) or a provider (1) named by req->slug. */
static int
badge(struct app *app, struct request *req, struct response *resp, int provider,
      enum badge_kind kind)
{
	const struct locale *loc = i18n_default(app->i18n);
	enum window w = window_of(req->in);
	const char *names[] = {"name"}, *label, *value, *nm[1];
	struct dataset ds;
	struct stats st;
	enum status color = STATUS_UNKNOWN, status_now;
	size_t i, n;
	double pct = 0;
	int has, code;
	int64_t ms;

	if (req->in->lang[0] != '\0') {
		loc = i18n_find(app->i18n, req->in->lang);
		if (loc == NULL) {
			loc = i18n_default(app->i18n);
			return send_badge(resp, 400, "lang",
			                  loc->msg[MSG_BADGE_BAD_LANG],
			                  STATUS_UNKNOWN);
		}
	}
	req->loc = loc;
	if (kind == BADGE_AVAILABILITY && w == WINDOW__MAX)
		return send_badge(resp, 400, "range",
		                  loc->msg[MSG_BADGE_BAD_RANGE],
		                  STATUS_UNKNOWN);
	source_load(&app->source, req->now, RANGE__MAX,
	            kind == BADGE_AVAILABILITY ? WINDOW_BIT(w) : 0, req->arena,
	            &ds, &st);
	code = respond_data(resp, &ds);
	http_header_remove(resp, "Cache-Control");
	if (code != 200)
		return send_badge(resp, code, req->slug,
		                  loc->msg[MSG_BADGE_NO_DATA], STATUS_UNKNOWN);
	n = provider ? ds.n_providers : ds.n_models;
	for (i = 0; i < n; i++)
		if (strcmp(provider ? ds.providers[i].slug : ds.models[i].slug,
		           req->slug) == 0)
			break;
	if (i == n)
		return send_badge(resp, 404, req->slug,
		                  loc->msg[MSG_BADGE_NOT_FOUND],
		                  STATUS_UNKNOWN);
	if (provider) {
		const struct provider_stat *ps = &st.per_provider[i];
		struct counts known = {{0}};

		for (int s = 0; s < 3; s++)
			known.n[s] = ps->by_status[s];
		status_now = status_of_counts(&known);
		nm[0] = ds.providers[i].name;
		has = stats_provider_availability(&ds, &st, i, w, &pct);
		ms = stats_provider_latency(&ds, &st, i, req->arena);
	} else {
		const struct model_stat *ms_ = &st.models[i];

		status_now = ms_->status;
		nm[0] = ds.models[i].name;
		has = ms_->has_availability[w];
		pct = ms_->availability[w];
		ms = ms_->latency_ms;
	}
	switch (kind) {
	case BADGE_STATUS:
		label = nm[0];
		/* An inactive model says so, as its card and embed do. */
		if (!provider && !ds.models[i].is_active) {
			value = loc->msg[MSG_MODELS_INACTIVE];
			color = STATUS_UNKNOWN;
			break;
		}
		value = loc->msg[status_texts[status_now]];
		color = status_now;
		break;
	case BADGE_AVAILABILITY:
		label = i18n_fill(req->arena, loc->msg[availability_labels[w]],
		                  names, nm, 1);
		value = has ? percent_text(req->arena, loc, pct)
		            : loc->msg[MSG_BADGE_NO_DATA];
		color = has ? status_now : STATUS_UNKNOWN;
		break;
	default:
		label = i18n_fill(req->arena, loc->msg[MSG_BADGE_LATENCY],
		                  names, nm, 1);
		value = ms >= 0 ? i18n_fmt_ms(req->arena, loc, ms)
		                : loc->msg[MSG_BADGE_NO_DATA];
		color = ms >= 0 ? status_now : STATUS_UNKNOWN;
		break;
	}
	return send_badge(resp, 200, label, value, color);
}

int
badge_error(struct app *app, struct request *req, struct response *resp,
            int status)
{
	static const char *const prefixes[] = {"/badge/provider/", "/badge/"};
	const struct locale *loc = i18n_default(app->i18n);
	const char *key = req->bad_key;
	const char *name = page_asked_name(req, prefixes, ".svg");

	if (*name == '\0')
		name = "badge";
	req->loc = loc;
	if (status == 400 && key != NULL && strcmp(key, "range") == 0)
		return send_badge(resp, status, key,
		                  loc->msg[MSG_BADGE_BAD_RANGE],
		                  STATUS_UNKNOWN);
	if (status == 400 && key != NULL && strcmp(key, "lang") == 0)
		return send_badge(resp, status, key,
		                  loc->msg[MSG_BADGE_BAD_LANG], STATUS_UNKNOWN);
	if (status == 404)
		return send_badge(resp, status, name,
		                  loc->msg[MSG_BADGE_NOT_FOUND],
		                  STATUS_UNKNOWN);
	return send_badge(resp, status, key != NULL ? key : name,
	                  loc->msg[MSG_BADGE_ERROR], STATUS_UNKNOWN);
}

int
badge_model_status(struct app *app, struct request *req, struct response *resp)
{
	return badge(app, req, resp, 0, BADGE_STATUS);
}

int
badge_model_availability(struct app *app, struct request *req,
                         struct response *resp)
{
	return badge(app, req, resp, 0, BADGE_AVAILABILITY);
}

int
badge_model_latency(struct app *app, struct request *req, struct response *resp)
{
	return badge(app, req, resp, 0, BADGE_LATENCY);
}

int
badge_provider_status(struct app *app, struct request *req,
                      struct response *resp)
{
	return badge(app, req, resp, 1, BADGE_STATUS);
}

int
badge_provider_availability(struct app *app, struct request *req,
                            struct response *resp)
{
	return badge(app, req, resp, 1, BADGE_AVAILABILITY);
}

int
badge_provider_latency(struct app *app, struct request *req,
                       struct response *resp)
{
	return badge(app, req, resp, 1, BADGE_LATENCY);
}
