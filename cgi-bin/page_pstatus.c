/* page_pstatus.c: the pages' part of what the providers' own status pages say: the "Provider says" partial and the providers' section. */
#include "page_pstatus.h"

#include <string.h>

#include "arena.h"
#include "stats.h"
#include "timefmt.h"

/* Sets the ISO and the shown time of t as NAME_ISO and NAME_ABS. */
static void
set_time(struct request *req, struct tmpl_dict *d, const char *name, int64_t t)
{
	char iso[21];

	time_rfc3339(t, iso);
	tmpl_set(d, arena_printf(req->arena, "%s_ISO", name),
	         arena_strdup(req->arena, iso));
	tmpl_set(d, arena_printf(req->arena, "%s_ABS", name),
	         i18n_fmt_datetime(req->arena, req->loc, t));
}

/* Fills the provider_says.tpl dictionary sd with verdict v of said. */
static void
fill_says(struct request *req, struct tmpl_dict *sd,
          const struct provider_said *said, const struct pstatus_verdict *v,
          const char *link)
{
	const char *level = v->says ? pstatus_level_names[v->level] : "none";

	tmpl_set(sd, "LEVEL", level);
	tmpl_show_section(sd, arena_printf(req->arena, "L_%s", level));
	if (v->incident)
		tmpl_show_section(sd, "INCIDENT");
	if (v->disagree != PSTATUS_AGREE) {
		struct tmpl_dict *x = tmpl_add_section(sd, "DISAGREES");

		tmpl_set(x, "DISAGREE", pstatus_disagree_names[v->disagree]);
		tmpl_show_section(
		    sd, arena_printf(req->arena, "D_%s",
		                     pstatus_disagree_names[v->disagree]));
	}
	if (said->ok_at > 0)
		set_time(req, tmpl_add_section(sd, "READ"), "READ",
		         said->ok_at);
	if (said->ok_at > 0 && !v->says)
		tmpl_show_section(sd, "STALE");
	if (said->error != NULL && said->checked_at > 0)
		set_time(req, tmpl_add_section(sd, "FAILED"), "FAILED",
		         said->checked_at);
	if (link != NULL && *link != '\0')
		tmpl_set(tmpl_add_section(sd, "LINK"), "HREF", link);
}

void
page_pstatus_model(struct request *req, struct tmpl_dict *d,
                   const struct dataset *ds, size_t m, enum status measured,
                   int64_t interval_s, int detail)
{
	const struct model *md = &ds->models[m];
	const struct provider *pr = &ds->providers[md->provider];
	const struct provider_said *said = pr->said;
	struct pstatus_verdict v;
	struct tmpl_dict *sd, *x;

	if (said == NULL)
		return;
	v = pstatus_model_says(said, md->status_components, measured, ds->now,
	                       interval_s);
	sd = tmpl_add_include(
	    d, "PROVIDER_SAYS",
	    arena_printf(req->arena, "%s/provider_says.tpl", req->loc->code));
	fill_says(req, sd, said, &v, pr->status_page);
	if (!detail || !v.says)
		return;
	x = tmpl_add_section(sd, "DETAIL");
	for (size_t i = 0; i < said->report.n_components; i++) {
		const struct pstatus_component *c = &said->report.components[i];
		struct tmpl_dict *row;

		if (!pstatus_lines_have(md->status_components, c->name))
			continue;
		row = tmpl_add_section(x, "COMPONENT");
		tmpl_show_section(x, "COMPONENTS");
		tmpl_set(row, "NAME", c->name);
		tmpl_set(row, "STATUS", pstatus_level_names[c->status]);
		tmpl_show_section(row,
		                  arena_printf(req->arena, "C_%s",
		                               pstatus_level_names[c->status]));
	}
	for (size_t i = 0; i < said->report.n_incidents; i++) {
		const struct pstatus_incident *in = &said->report.incidents[i];
		struct tmpl_dict *row;

		if (!pstatus_incident_concerns(in, md->status_components))
			continue;
		tmpl_show_section(x, "INCIDENTS");
		row = tmpl_add_section(x, "INCIDENT_ITEM");
		tmpl_set(row, "ID", in->id);
		tmpl_set(row, "NAME", in->name);
		if (in->url != NULL)
			tmpl_set(tmpl_add_section(row, "URL"), "HREF", in->url);
		else
			tmpl_set(tmpl_add_section(row, "NO_URL"), "NAME",
			         in->name);
		tmpl_show_section(
		    row,
		    arena_printf(req->arena, "S_%s",
		                 pstatus_incident_status_names[in->status]));
		if (in->created_at > 0)
			set_time(req, tmpl_add_section(row, "STARTED"),
			         "STARTED", in->created_at);
	}
}

void
page_pstatus_providers(struct request *req, struct tmpl_dict *d,
                       const struct dataset *ds, const struct stats *st,
                       int64_t interval_s)
{
	struct tmpl_dict *pd = NULL;

	for (size_t p = 0; p < ds->n_providers; p++) {
		const struct provider *pr = &ds->providers[p];
		struct tmpl_dict *row, *says;
		struct pstatus_verdict v;

		if ((pr->status_page == NULL || *pr->status_page == '\0') &&
		    pr->said == NULL)
			continue;
		if (pd == NULL)
			pd = tmpl_add_include(
			    d, "PROVIDER_STATUS",
			    arena_printf(req->arena, "%s/provider_status.tpl",
			                 req->loc->code));
		row = tmpl_add_section(pd, "PROVIDER");
		tmpl_set(row, "SLUG", pr->slug);
		tmpl_set(row, "NAME", pr->name);
		if (pr->status_page != NULL && *pr->status_page != '\0')
			tmpl_set(tmpl_add_section(row, "STATUS_PAGE"), "HREF",
			         pr->status_page);
		if (pr->said == NULL)
			continue;
		v = pstatus_provider_says(
		    pr->said,
		    pstatus_provider_measured(st->per_provider[p].by_status),
		    ds->now, interval_s);
		says = tmpl_add_include(
		    tmpl_add_section(row, "SAYS"), "PROVIDER_SAYS",
		    arena_printf(req->arena, "%s/provider_says.tpl",
		                 req->loc->code));
		fill_says(req, says, pr->said, &v, NULL);
	}
}
