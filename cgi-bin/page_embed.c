/* page_embed.c: the cards other sites frame (/embed/{model}, /embed/provider/{slug}): status in words, colour and icon, availability, latency, last check, a link to the full page. */
#include <string.h>

#include "arena.h"
#include "page.h"
#include "router.h"
#include "rules.h"

/* The card's language: ?lang= when it names a served locale, else the
 * cookie and Accept-Language (the answer then varies with them). 0, or -1
 * with req->bad_key set and the served codes in *accepted (req's arena)
 * when ?lang= names none. */
static int
embed_locale(struct app *app, struct request *req, const char **accepted)
{
	struct buf codes = {0};
	const struct locale *loc = NULL;

	if (req->in->lang[0] != '\0')
		loc = i18n_find(app->i18n, req->in->lang);
	if (loc != NULL) {
		req->loc = loc;
		return 0;
	}
	req->loc =
	    i18n_negotiate(app->i18n, req->cookie_lang, req->accept_language);
	if (req->in->lang[0] == '\0')
		return 0;
	for (size_t i = 0; i < app->i18n->n; i++)
		buf_printf(&codes, "%s%s", i ? ", " : "",
		           app->i18n->locales[i].code);
	*accepted = arena_strndup(req->arena, codes.data, codes.len);
	buf_free(&codes);
	req->bad_key = "lang";
	return -1;
}

/* The dictionary every card starts from: language, title, base, where
 * the data came from (the pages' snapshot notice), the full page's link
 * (full_path after the language, "/monitoring"). */
static struct tmpl_dict *
embed_dict(struct request *req, const struct dataset *ds, const char *title,
           const char *full_path)
{
	struct tmpl_dict *d = tmpl_dict_new();

	tmpl_set(d, "LANG", req->loc->code);
	tmpl_set(d, "TITLE", title);
	tmpl_set(d, "BASE", req->base);
	tmpl_set(d, "FULL_HREF",
	         arena_printf(req->arena, "%s/%s%s", req->base, req->loc->code,
	                      full_path));
	page_data_header(req, ds, d);
	return d;
}

/* Expands the card d with status (200 or 404) into resp: X-Data-Source
 * and caching from ds (respond_data), Vary when the language came from
 * the headers. Frees d. */
static int
embed_send(struct request *req, struct response *resp, const struct dataset *ds,
           struct tmpl_dict *d, int status)
{
	int st = page_expand(req, resp, "embed.tpl", d);

	tmpl_dict_free(d);
	if (st != 0)
		return st;
	if (req->in->lang[0] == '\0')
		http_header(resp, "Vary", "Accept-Language, Cookie");
	st = respond_data(resp, ds);
	if (st != 200 || status != 200) {
		/* A card that says "not found" or "no data" is not kept,
		 * as an error badge is not. */
		http_header_remove(resp, "Cache-Control");
		http_header(resp, "Cache-Control", "no-store");
	}
	/* Without any data the card still says so, as a 503. */
	return st != 200 ? st : status;
}

/* The 404 card: "not found" and the slug as written; without any data
 * (no database, no snapshot) only the pages' "unavailable" notice, 503. */
static int
embed_not_found(struct request *req, struct response *resp,
                const struct dataset *ds)
{
	struct tmpl_dict *d = embed_dict(req, ds, req->slug, "/monitoring");

	if (ds->source != SOURCE_NONE)
		tmpl_show_section(d, "NOT_FOUND");
	tmpl_set(d, "SLUG", req->slug);
	tmpl_set(d, "STATUS", "none");
	return embed_send(req, resp, ds, d, 404);
}

int
page_embed_error(struct app *app, struct request *req, struct response *resp,
                 int status)
{
	struct dataset ds;
	struct stats st;
	const char *accepted = NULL;

	if (status == 404 && req->slug == NULL) {
		static const char *const prefixes[] = {"/embed/provider/",
		                                       "/embed/"};
		const char *bad = NULL;

		/* No route read the query: the card's ?lang= counts here
		 * too (one of a bad shape is ignored). */
		input_parse(req->query, 1u << KEY_LANG, req->in, &bad);
		req->slug = page_asked_name(req, prefixes, NULL);
	}
	if (status != 404 || embed_locale(app, req, &accepted) != 0)
		return page_error_accepting(
		    app, req, resp, status, 0,
		    accepted != NULL
		        ? accepted
		        : input_accepted(req->bad_key, req->arena));
	source_load(&app->source, req->now, RANGE__MAX, 0, req->arena, &ds,
	            &st);
	return embed_not_found(req, resp, &ds);
}

int
page_embed(struct app *app, struct request *req, struct response *resp)
{
	struct dataset ds;
	struct stats st;
	struct tmpl_dict *d, *f;
	const struct model_stat *ms;
	const struct model *md;
	const char *names[] = {"name"};
	const char *values[1], *accepted = NULL;
	size_t m;

	if (embed_locale(app, req, &accepted) != 0)
		return page_error_accepting(app, req, resp, 400, 0, accepted);
	source_load(&app->source, req->now, RANGE__MAX, 0, req->arena, &ds,
	            &st);
	for (m = 0; m < ds.n_models; m++)
		if (strcmp(ds.models[m].slug, req->slug) == 0)
			break;
	if (m == ds.n_models)
		return embed_not_found(req, resp, &ds);
	md = &ds.models[m];
	ms = &st.models[m];
	values[0] = md->name;
	d = embed_dict(req, &ds,
	               i18n_fill(req->arena, req->loc->msg[MSG_EMBED_TITLE],
	                         names, values, 1),
	               arena_printf(req->arena, "/models/%s", md->slug));
	f = tmpl_add_section(d, "FOUND");
	tmpl_set(f, "NAME", md->name);
	tmpl_set(tmpl_add_section(f, "PROVIDER_NAME"), "PROVIDER",
	         ds.providers[md->provider].name);
	if (md->is_active) {
		tmpl_set(d, "STATUS", status_names[ms->status]);
		tmpl_set(f, "STATUS", status_names[ms->status]);
		tmpl_set(f, "STATUS_LABEL",
		         req->loc->msg[page_status_msgs[ms->status]]);
	} else {
		tmpl_set(d, "STATUS", "inactive");
		tmpl_set(f, "STATUS", "inactive");
		tmpl_set(f, "STATUS_LABEL", req->loc->msg[MSG_MODELS_INACTIVE]);
	}
	/* The monitoring page's numbers (its models table): the same
	 * fields of the same stats. */
	{
		struct tmpl_dict *mf = tmpl_add_section(f, "MODEL_FACTS");

		page_set_percent(req, mf, "AVAILABILITY",
		                 ms->has_availability[WINDOW_24H],
		                 ms->availability[WINDOW_24H]);
		tmpl_set(mf, "LATENCY",
		         ms->latency_ms >= 0
		             ? i18n_fmt_ms(req->arena, req->loc, ms->latency_ms)
		             : req->loc->msg[MSG_STATS_NOT_AVAILABLE]);
		tmpl_set(mf, "LATENCY_RAW",
		         ms->latency_ms >= 0
		             ? arena_printf(req->arena, "%lld",
		                            (long long)ms->latency_ms)
		             : "");
	}
	page_last_checked(req, f, ms->last_checked, ds.now);
	return embed_send(req, resp, &ds, d, 200);
}

int
page_embed_provider(struct app *app, struct request *req, struct response *resp)
{
	struct dataset ds;
	struct stats st;
	struct tmpl_dict *d, *f, *pf;
	const struct provider_stat *ps;
	struct counts known = {{0}};
	enum status s;
	const char *names[] = {"name", "operational", "active"};
	const char *values[3], *accepted = NULL;
	int64_t last = 0;
	size_t p;

	if (embed_locale(app, req, &accepted) != 0)
		return page_error_accepting(app, req, resp, 400, 0, accepted);
	source_load(&app->source, req->now, RANGE__MAX, 0, req->arena, &ds,
	            &st);
	for (p = 0; p < ds.n_providers; p++)
		if (strcmp(ds.providers[p].slug, req->slug) == 0)
			break;
	if (p == ds.n_providers)
		return embed_not_found(req, resp, &ds);
	ps = &st.per_provider[p];
	/* As /api/v1/providers says it: the rule of DESIGN 3 over the
	 * provider's active models' statuses. */
	for (int k = 0; k < 3; k++)
		known.n[k] = ps->by_status[k];
	s = status_of_counts(&known);
	for (size_t m = 0; m < ds.n_models; m++)
		if ((size_t)ds.models[m].provider == p &&
		    st.models[m].last_checked > last)
			last = st.models[m].last_checked;
	values[0] = ds.providers[p].name;
	values[1] = i18n_fmt_int(req->arena, req->loc,
	                         ps->by_status[STATUS_OPERATIONAL]);
	values[2] = i18n_fmt_int(req->arena, req->loc, ps->active);
	d = embed_dict(req, &ds,
	               i18n_fill(req->arena, req->loc->msg[MSG_EMBED_TITLE],
	                         names, values, 1),
	               arena_printf(req->arena, "/monitoring?provider=%s",
	                            ds.providers[p].slug));
	f = tmpl_add_section(d, "FOUND");
	tmpl_set(f, "NAME", ds.providers[p].name);
	tmpl_set(d, "STATUS", status_names[s]);
	tmpl_set(f, "STATUS", status_names[s]);
	tmpl_set(f, "STATUS_LABEL", req->loc->msg[page_status_msgs[s]]);
	pf = tmpl_add_section(f, "PROVIDER_FACTS");
	tmpl_set(pf, "MODELS_OPERATIONAL",
	         i18n_fill(req->arena,
	                   req->loc->msg[MSG_EMBED_MODELS_OPERATIONAL], names,
	                   values, 3));
	tmpl_set(
	    pf, "OPERATIONAL_RAW",
	    arena_printf(req->arena, "%d", ps->by_status[STATUS_OPERATIONAL]));
	tmpl_set(pf, "ACTIVE_RAW", arena_printf(req->arena, "%d", ps->active));
	page_last_checked(req, f, last, ds.now);
	return embed_send(req, resp, &ds, d, 200);
}
