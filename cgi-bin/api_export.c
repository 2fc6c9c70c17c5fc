/* api_export.c: the data for other tools: per-model metrics for Prometheus (GET /metrics/models) and the daily export (GET /api/v1/export). */
#include <string.h>

#include "api.h"
#include "arena.h"
#include "export.h"
#include "handlers.h"
#include "json.h"
#include "log.h"
#include "timefmt.h"

/* Appends v as a Prometheus label value: backslash, quote and newline
 * escaped. */
static void
prom_label(struct buf *b, const char *v)
{
	for (; *v != '\0'; v++) {
		if (*v == '\\' || *v == '"')
			buf_puts(b, "\\");
		if (*v == '\n') {
			buf_puts(b, "\\n");
			continue;
		}
		buf_append(b, v, 1);
	}
}

/* Appends `name{provider="..",model=".."` (region when not NULL) and the
 * closing brace after extra (`,status="x"` or ""). */
static void
prom_series(struct buf *b, const char *name, const struct dataset *ds, size_t m,
            const char *region, const char *extra)
{
	const struct model *md = &ds->models[m];

	buf_printf(b, "%s{provider=\"", name);
	prom_label(b, ds->providers[md->provider].slug);
	buf_puts(b, "\",model=\"");
	prom_label(b, md->slug);
	if (region != NULL) {
		buf_puts(b, "\",region=\"");
		prom_label(b, region);
	}
	buf_printf(b, "\"%s}", extra);
}

static void
prom_help(struct buf *b, const char *name, const char *help)
{
	buf_printf(b, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

/* The per-region numbers of one model that need its checks: its region
 * details (the page's availability windows) and the time to first token
 * of each region's newest recent check that measured one (-1: none). From
 * the snapshot, none (n_rd 0). */
struct region_extra {
	struct region_detail *rd;
	long n_rd;
	struct check_row *recent;
	long n_recent;
};

static int
region_extra(struct app *app, struct request *req, const struct dataset *ds,
             size_t m, struct region_extra *x)
{
	struct history layout;
	char err[512];

	memset(x, 0, sizeof(*x));
	x->n_rd =
	    source_model_detail(&app->source, ds, ds->models[m].id, RANGE_1H,
	                        req->arena, &layout, &x->rd, err, sizeof(err));
	if (x->n_rd >= 0)
		x->n_recent = source_recent_checks(
		    &app->source, ds, ds->models[m].id, req->arena, &x->recent,
		    err, sizeof(err));
	if (x->n_rd < 0 || x->n_recent < 0) {
		log_msg("error", "metrics: model %s: %s", ds->models[m].slug,
		        err);
		return -1;
	}
	return 0;
}

/* The metric families of /metrics/models, in order. */
enum family {
	FAM_ACTIVE,
	FAM_STATUS,
	FAM_AVAILABILITY,
	FAM_REGION_STATUS,
	FAM_REGION_AGE,
	FAM_REGION_LATENCY,
	FAM_REGION_TTFT,
	FAM_REGION_AVAILABILITY,
	FAM__MAX
};

static const char *const family_names[FAM__MAX][2] = {
    {"aigo_model_active", "1 when the model is active (counted in the "
                          "status totals), else 0."},
    {"aigo_model_status", "1 for the model's status now (DESIGN 3), 0 for "
                          "the others."},
    {"aigo_model_availability_ratio",
     "(operational + degraded) / all checks of the model in the rolling "
     "window; absent without checks."},
    {"aigo_model_region_status", "1 for the region's status now (its "
                                 "latest check when fresh, else unknown)."},
    {"aigo_model_region_last_check_age_seconds",
     "Seconds from the region's latest check to now."},
    {"aigo_model_region_latency_seconds",
     "Latency of the region's latest check; absent when it has none."},
    {"aigo_model_region_ttft_seconds",
     "Time to first token of the region's newest recent check that "
     "measured one (stream probes); absent when none did."},
    {"aigo_model_region_availability_ratio",
     "(operational + degraded) / all checks of the region in the rolling "
     "window; absent without checks (database only)."},
};

/* Appends family f's samples of model m to b. */
static void
family_model(struct app *app, const struct dataset *ds, const struct stats *st,
             size_t m, const struct region_extra *x, enum family f,
             struct buf *b)
{
	const struct model_stat *ms = &st->models[m];
	char extra[64];

	if (f == FAM_ACTIVE) {
		prom_series(b, family_names[f][0], ds, m, NULL, "");
		buf_printf(b, " %d\n", ds->models[m].is_active ? 1 : 0);
		return;
	}
	if (f == FAM_STATUS) {
		for (int s = 0; s < STATUS__MAX; s++) {
			snprintf(extra, sizeof(extra), ",status=\"%s\"",
			         status_names[s]);
			prom_series(b, family_names[f][0], ds, m, NULL, extra);
			buf_printf(b, " %d\n", (int)ms->status == s);
		}
		return;
	}
	if (f == FAM_AVAILABILITY) {
		for (int w = 0; w < WINDOW__MAX; w++) {
			if (!ms->has_availability[w])
				continue;
			snprintf(extra, sizeof(extra), ",window=\"%s\"",
			         window_names[w]);
			prom_series(b, family_names[f][0], ds, m, NULL, extra);
			buf_printf(b, " %.10g\n", ms->availability[w] / 100.0);
		}
		return;
	}
	for (size_t i = ms->first_region; i < ms->first_region + ms->n_regions;
	     i++) {
		const struct region_latest *r = &ds->latest[i];
		int checked = r->has_check && r->checked_at <= ds->now;

		switch (f) {
		case FAM_REGION_STATUS: {
			enum status rs =
			    stats_region_status(r, ds->now, app->cfg.freshness);

			for (int s = 0; s < STATUS__MAX; s++) {
				snprintf(extra, sizeof(extra), ",status=\"%s\"",
				         status_names[s]);
				prom_series(b, family_names[f][0], ds, m,
				            r->region, extra);
				buf_printf(b, " %d\n", (int)rs == s);
			}
			break;
		}
		case FAM_REGION_AGE:
			if (!checked)
				break;
			prom_series(b, family_names[f][0], ds, m, r->region,
			            "");
			buf_printf(b, " %lld\n",
			           (long long)(ds->now - r->checked_at));
			break;
		case FAM_REGION_LATENCY:
			if (!checked || r->latency_ms < 0)
				break;
			prom_series(b, family_names[f][0], ds, m, r->region,
			            "");
			buf_printf(b, " %.3f\n",
			           (double)r->latency_ms / 1000.0);
			break;
		case FAM_REGION_TTFT:
			/* Recent checks are newest first. */
			for (long k = 0; k < x->n_recent; k++)
				if (strcmp(x->recent[k].region, r->region) ==
				        0 &&
				    x->recent[k].ttft_ms >= 0) {
					prom_series(b, family_names[f][0], ds,
					            m, r->region, "");
					buf_printf(
					    b, " %.3f\n",
					    (double)x->recent[k].ttft_ms /
					        1000.0);
					break;
				}
			break;
		case FAM_REGION_AVAILABILITY:
			for (long k = 0; k < x->n_rd; k++) {
				if (strcmp(x->rd[k].region, r->region) != 0)
					continue;
				for (int w = 0; w < WINDOW__MAX; w++) {
					double pct;

					if (!stats_availability(
					        &x->rd[k].window[w], &pct))
						continue;
					snprintf(extra, sizeof(extra),
					         ",window=\"%s\"",
					         window_names[w]);
					prom_series(b, family_names[f][0], ds,
					            m, r->region, extra);
					buf_printf(b, " %.10g\n", pct / 100.0);
				}
			}
			break;
		default:
			break;
		}
	}
}

int
api_metrics_models(struct app *app, struct request *req, struct response *resp)
{
	struct dataset ds;
	struct stats st;
	struct region_extra *x;
	struct buf *b = &resp->body;

	source_load(&app->source, req->now, RANGE__MAX, WINDOWS_ALL, req->arena,
	            &ds, &st);
	x = arena_alloc(req->arena, sizeof(*x) * (ds.n_models + 1));
	for (size_t m = 0; m < ds.n_models; m++)
		if (region_extra(app, req, &ds, m, &x[m]) != 0)
			return 500;
	prom_help(b, "aigo_models_data_source",
	          "Where these numbers came from (1: in use); from the "
	          "snapshot they are as of its time.");
	for (int s = 0; s < SOURCE__MAX; s++)
		buf_printf(b, "aigo_models_data_source{source=\"%s\"} %d\n",
		           data_source_names[s], (int)ds.source == s);
	for (int f = 0; f < FAM__MAX; f++) {
		prom_help(b, family_names[f][0], family_names[f][1]);
		for (size_t m = 0; m < ds.n_models; m++)
			family_model(app, &ds, &st, m, &x[m], (enum family)f,
			             b);
	}
	resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
	http_header(resp, "Cache-Control", "no-store");
	http_header(resp, "X-Data-Source", data_source_names[ds.source]);
	return 200;
}

int
api_export(struct app *app, struct request *req, struct response *resp)
{
	struct dataset ds;
	struct stats st;
	struct export_list list;
	enum range r = req->in->range;
	char err[512], date[21], disp[128];
	long n;
	int status;

	source_load(&app->source, req->now, RANGE__MAX, 0, req->arena, &ds,
	            &st);
	status = respond_data(resp, &ds);
	if (status != 200)
		return status;
	/* A snapshot of format version 1 holds no export rows: none from
	 * it (version 2 holds each range's, source_export). */
	if (!source_has_incidents(&app->source, &ds)) {
		http_header(resp, "Retry-After", "30");
		return 503;
	}
	n = source_export(&app->source, &ds,
	                  (int64_t)ranges[r].buckets * ranges[r].bucket_secs,
	                  req->arena, &list, err, sizeof(err));
	if (n < 0) {
		log_msg("error", "export: %s", err);
		return 500;
	}
	if (req->in->format == FORMAT_JSON) {
		respond_json(resp, export_json(&ds, &list));
		return 200;
	}
	export_csv(&resp->body, &ds, &list);
	resp->content_type = "text/csv; charset=utf-8; header=present";
	time_rfc3339(ds.now, date);
	date[10] = '\0';
	snprintf(disp, sizeof(disp),
	         "attachment; filename=\"aigo-export-%s-%s.csv\"",
	         ranges[r].name, date);
	http_header(resp, "Content-Disposition", disp);
	return 200;
}
