/* page_common.c: what the HTML pages share: layout includes, expansion, the texts of statuses and ranges, and the error page (or its JSON twin). */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "escape.h"
#include "handlers.h"
#include "json.h"
#include "log.h"
#include "numfmt.h"
#include "page.h"
#include "slug.h"
#include "timefmt.h"

const enum msg page_status_msgs[STATUS__MAX] = {
    MSG_STATUS_OPERATIONAL,
    MSG_STATUS_DEGRADED,
    MSG_STATUS_OUTAGE,
    MSG_STATUS_UNKNOWN,
};

const enum msg page_source_msgs[SOURCE__MAX] = {
    MSG_SOURCE_DATABASE,
    MSG_SOURCE_FALLBACK,
    MSG_SOURCE_NONE,
};

const enum msg page_range_msgs[RANGE__MAX] = {MSG_RANGE_1H, MSG_RANGE_24H,
                                              MSG_RANGE_7D, MSG_RANGE_30D};

const enum msg page_range_phrase_msgs[RANGE__MAX] = {
    MSG_RANGE_IN_1H, MSG_RANGE_IN_24H, MSG_RANGE_IN_7D, MSG_RANGE_IN_30D};

const enum msg page_probe_kind_msgs[PROBE_KIND__MAX] = {
    MSG_PROBE_REACHABILITY,
    MSG_PROBE_INFERENCE,
    MSG_PROBE_STREAM,
};

const enum msg page_error_kind_msgs[ERROR_KIND__MAX] = {
    MSG_ERROR_KIND_TIMEOUT,    MSG_ERROR_KIND_DNS,
    MSG_ERROR_KIND_CONNECT,    MSG_ERROR_KIND_TLS,
    MSG_ERROR_KIND_AUTH,       MSG_ERROR_KIND_RATE_LIMITED,
    MSG_ERROR_KIND_OVERLOADED, MSG_ERROR_KIND_HTTP_4XX,
    MSG_ERROR_KIND_HTTP_5XX,   MSG_ERROR_KIND_UNEXPECTED_STATUS,
    MSG_ERROR_KIND_EMPTY,      MSG_ERROR_KIND_MALFORMED,
};

void
page_data_header(struct request *req, const struct dataset *ds,
                 struct tmpl_dict *d)
{
	const struct locale *loc = req->loc;
	const char *names[] = {"time", "age"};
	const char *values[2];
	char iso[21];

	tmpl_set(d, "SOURCE", data_source_names[ds->source]);
	tmpl_set(d, "SOURCE_LABEL", loc->msg[page_source_msgs[ds->source]]);
	time_rfc3339(ds->now, iso);
	values[0] = i18n_fmt_datetime(req->arena, loc, ds->now);
	tmpl_set(d, "UPDATED_ISO", iso);
	tmpl_set(d, "UPDATED",
	         i18n_fill(req->arena, loc->msg[MSG_HEADER_UPDATED], names,
	                   values, 1));
	if (ds->is_demo)
		tmpl_show_section(d, "DEMO");
	if (ds->source == SOURCE_NONE)
		tmpl_show_section(d, "UNAVAILABLE");
	if (ds->source == SOURCE_FALLBACK) {
		values[0] = i18n_fmt_datetime(req->arena, loc, ds->snapshot_at);
		values[1] = i18n_fmt_relative(req->arena, loc,
		                              clock_now() - ds->snapshot_at);
		tmpl_set(d, "FALLBACK_NOTICE",
		         i18n_fill(req->arena, loc->msg[MSG_NOTICE_FALLBACK],
		                   names, values, 2));
		tmpl_show_section(d, "FALLBACK");
	}
}

void
page_range_links(struct request *req, struct tmpl_dict *d,
                 const char *path_after_lang)
{
	for (int r = 0; r < RANGE__MAX; r++) {
		struct tmpl_dict *link = tmpl_add_section(d, "RANGE");
		/* The filters and the sort stay as they are. */
		struct input in = *req->in;

		in.range = (enum range)r;
		in.present[KEY_RANGE] = 1;
		tmpl_set(link, "HREF",
		         arena_printf(req->arena, "%s/%s%s%s", req->base,
		                      req->loc->code, path_after_lang,
		                      input_query(&in, req->arena)));
		tmpl_set(link, "LABEL", req->loc->msg[page_range_msgs[r]]);
		if ((enum range)r == req->in->range)
			tmpl_show_section(link, "CURRENT");
	}
}

const char *
page_x_label(struct request *req, enum range r, int i, int n, int64_t start)
{
	/* Every how many buckets a label is drawn, per range. */
	static const int every[RANGE__MAX] = {3, 6, 4, 7};

	if (i == n - 1)
		return req->loc->msg[MSG_CHART_NOW];
	if (i % every[r] != 0)
		return NULL;
	return i18n_fmt_time_pattern(req->arena, req->loc,
	                             r == RANGE_1H || r == RANGE_24H
	                                 ? MSG_FORMAT_TIME
	                                 : MSG_FORMAT_SHORT_DATE,
	                             start);
}

void
page_set_percent(struct request *req, struct tmpl_dict *d, const char *name,
                 int has, double v)
{
	tmpl_set(d, name,
	         has ? i18n_fmt_percent(req->arena, req->loc, v)
	             : req->loc->msg[MSG_STATS_NOT_AVAILABLE]);
	tmpl_set(d, arena_printf(req->arena, "%s_RAW", name),
	         has ? arena_printf(req->arena, "%.2f", percent_shown(v, 2))
	             : "");
}

void
page_last_checked(struct request *req, struct tmpl_dict *row, int64_t t,
                  int64_t now)
{
	const struct locale *loc = req->loc;

	if (t > 0) {
		char iso[21];
		struct tmpl_dict *c = tmpl_add_section(row, "CHECKED");

		time_rfc3339(t, iso);
		tmpl_set(c, "CHECKED_ISO", iso);
		tmpl_set(c, "CHECKED_ABS",
		         i18n_fmt_datetime(req->arena, loc, t));
		tmpl_set(c, "CHECKED_REL",
		         i18n_fmt_relative(req->arena, loc, now - t));
	} else {
		tmpl_set(row, "NEVER_LABEL", loc->msg[MSG_MODELS_NEVER]);
		tmpl_show_section(row, "NEVER");
	}
}

const char *
page_home(const struct request *req, const struct locale *loc)
{
	return arena_printf(req->arena, "%s/%s/monitoring", req->base,
	                    loc->code);
}

void
page_layout(struct app *app, struct request *req, struct tmpl_dict *d,
            const char *title, const char *path_after_lang, const char *q,
            int with_data)
{
	const struct locale *loc = req->loc;
	struct tmpl_dict *head = tmpl_add_include(
	    d, "HEAD", arena_printf(req->arena, "%s/head.tpl", loc->code));
	struct tmpl_dict *foot = tmpl_add_include(
	    d, "FOOT", arena_printf(req->arena, "%s/foot.tpl", loc->code));
	const char *names[] = {"minutes"};
	const char *values[] = {
	    i18n_fmt_int(req->arena, loc, app->cfg.freshness / 60)};

	const char *home = page_home(req, loc);

	/* Included templates do not see d's values. */
	tmpl_set(d, "BASE", req->base);
	tmpl_set(head, "BASE", req->base);
	tmpl_set(foot, "BASE", req->base);
	tmpl_set(d, "HOME", home);
	tmpl_set(head, "HOME", home);
	tmpl_set(head, "LANG", loc->code);
	tmpl_set(head, "TITLE", title);
	/* Every page offers the feed of all incidents in its language. */
	tmpl_set(
	    head, "FEED_HREF",
	    arena_printf(req->arena, "%s/%s/feed.atom", req->base, loc->code));
	for (size_t i = 0; i < app->i18n->n; i++) {
		const struct locale *l = &app->i18n->locales[i];
		const char *href =
		    arena_printf(req->arena, "%s/%s%s%s", req->base, l->code,
		                 path_after_lang, q);
		struct tmpl_dict *alt = tmpl_add_section(head, "ALTERNATE");
		struct tmpl_dict *sw = tmpl_add_section(head, "LANGUAGE");

		tmpl_set(alt, "HREFLANG", l->code);
		tmpl_set(alt, "HREF", href);
		struct buf sw_href = {0};

		/* The switcher remembers the choice in the lang cookie. */
		buf_printf(&sw_href, "%s/lang/%s?next=", req->base, l->code);
		buf_put_url_encoded(&sw_href, href);
		tmpl_set(sw, "CODE", l->code);
		tmpl_set(sw, "NAME", l->name);
		tmpl_set(sw, "HREF", sw_href.data);
		buf_free(&sw_href);
		if (l == loc)
			tmpl_show_section(sw, "CURRENT");
	}
	/* ?refresh=N (validated, 30..3600): a wall display reloads the
	 * monitoring page with no script; the page's own links keep it. */
	if (req->in != NULL && req->in->refresh > 0 &&
	    strcmp(path_after_lang, "/monitoring") == 0)
		tmpl_set_int(tmpl_add_section(head, "REFRESH"), "REFRESH",
		             req->in->refresh);
	if (with_data) {
		tmpl_set(foot, "FRESHNESS",
		         i18n_fill(req->arena, loc->msg[MSG_FOOTER_FRESHNESS],
		                   names, values, 1));
		tmpl_show_section(foot, "FRESHNESS_NOTE");
	}
}

int
page_expand(struct request *req, struct response *resp, const char *file,
            struct tmpl_dict *d)
{
	size_t len;
	char *html = tmpl_expand(
	    arena_printf(req->arena, "%s/%s", req->loc->code, file), d, &len);

	if (html == NULL) {
		log_msg("error", "template %s/%s failed to expand",
		        req->loc->code, file);
		return 500;
	}
	resp->body.len = 0;
	buf_append(&resp->body, html, len);
	free(html);
	resp->content_type = "text/html; charset=utf-8";
	http_header(resp, "Content-Language", req->loc->code);
	return 0;
}

/* The error page's translated title and text per status; the JSON error's
 * code and message are the status's in HTTP_STATUSES. A status not here
 * answers as the last row. */
static const struct {
	int status;
	enum msg title, text;
} errors[] = {
    {400, MSG_ERROR_BAD_REQUEST_TITLE, MSG_ERROR_BAD_REQUEST_TEXT},
    {404, MSG_ERROR_NOT_FOUND_TITLE, MSG_ERROR_NOT_FOUND_TEXT},
    {405, MSG_ERROR_METHOD_TITLE, MSG_ERROR_METHOD_TEXT},
    {413, MSG_ERROR_BAD_REQUEST_TITLE, MSG_ERROR_BAD_REQUEST_TEXT},
    {414, MSG_ERROR_BAD_REQUEST_TITLE, MSG_ERROR_BAD_REQUEST_TEXT},
    {503, MSG_ERROR_UNAVAILABLE_TITLE, MSG_ERROR_UNAVAILABLE_TEXT},
    {500, MSG_ERROR_INTERNAL_TITLE, MSG_ERROR_INTERNAL_TEXT},
};

const char *
page_asked_name(struct request *req, const char *const prefixes[2],
                const char *suffix)
{
	const char *p = req->path + strlen(req->base), *end;
	size_t n;

	for (int i = 0; i < 2; i++)
		if (strncmp(p, prefixes[i], strlen(prefixes[i])) == 0) {
			p += strlen(prefixes[i]);
			break;
		}
	n = strcspn(p, "/");
	end = suffix != NULL ? strstr(p, suffix) : NULL;
	if (end != NULL && (size_t)(end - p) < n)
		n = (size_t)(end - p);
	while (n > SLUG_MAX || (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80))
		n--;
	return arena_strndup(req->arena, p, n);
}

void
page_error(struct app *app, struct request *req, struct response *resp,
           int status, int as_json)
{
	page_error_accepting(app, req, resp, status, as_json,
	                     input_accepted(req->bad_key, req->arena));
}

int
page_error_accepting(struct app *app, struct request *req,
                     struct response *resp, int status, int as_json,
                     const char *accepted)
{
	size_t e = NELEM(errors) - 1;

	for (size_t i = 0; i < NELEM(errors); i++)
		if (errors[i].status == status)
			e = i;
	resp->status = status;
	resp->body.len = 0;
	/* An error is never cached, whatever the handler had set. */
	http_header_remove(resp, "Cache-Control");
	http_header(resp, "Cache-Control", "no-store");
	if (as_json) {
		/* JSON messages are for scripts: always the default locale. */
		cJSON *more = NULL;

		if (accepted != NULL) {
			more = cJSON_CreateObject();
			cJSON_AddStringToObject(more, "accepted", accepted);
		}
		const struct http_status *info =
		    http_status_info(errors[e].status);

		respond_json_error(resp, status, info->code, info->message,
		                   req->bad_key, more);
		return status;
	}
	struct tmpl_dict *d = tmpl_dict_new();
	const char *title = req->loc->msg[errors[e].title];

	/* The links of an error page carry no query: what was refused is
	 * not repeated. */
	page_layout(app, req, d, title, "/monitoring", "", 0);
	tmpl_set(d, "ERROR_TITLE", title);
	tmpl_set(d, "ERROR_TEXT", req->loc->msg[errors[e].text]);
	if (req->bad_key != NULL) {
		tmpl_set(d, "FIELD", req->bad_key);
		tmpl_show_section(d, "FIELD");
		if (accepted != NULL) {
			tmpl_set(d, "ACCEPTED", accepted);
			tmpl_show_section(d, "ACCEPTED");
		}
	}
	if (page_expand(req, resp, "error.tpl", d) != 0) {
		/* The last resort: plain text that needs no template. */
		resp->body.len = 0;
		buf_puts(&resp->body, http_reason(status));
		buf_puts(&resp->body, "\n");
		resp->content_type = "text/plain; charset=utf-8";
	}
	tmpl_dict_free(d);
	return status;
}
