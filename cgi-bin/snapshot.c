/* snapshot.c: the fallback snapshot (db/fallback.json): rows of a dataset written atomically, and read back. */
#include "snapshot.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileutil.h"
#include "json.h"
#include "rules.h"
#include "stats.h"
#include "timefmt.h"

struct snapshot {
	cJSON *root;
	int64_t generated_at;
	int version; /* formatVersion */
};

static cJSON *
history_json(const struct dataset *ds, const struct history *h)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *series;

	cJSON *inst;

	cJSON_AddNumberToObject(o, "bucketSeconds", (double)h->bucket_secs);
	cJSON_AddNumberToObject(o, "buckets", h->n_buckets);
	json_add_time(o, "firstBucket", h->first_bucket);
	inst = cJSON_AddArrayToObject(o, "instants");
	for (int b = 0; b < h->n_buckets; b++)
		cJSON_AddItemToArray(
		    inst, cJSON_CreateNumber((double)h->n_instants[b]));
	series = cJSON_AddArrayToObject(o, "series");
	for (size_t m = 0; m < ds->n_models; m++) {
		const struct counts *c = &h->counts[m * (size_t)h->n_buckets];
		const struct samples *x = &h->samples[m * (size_t)h->n_buckets];
		int64_t any = 0;
		cJSON *row, *smp;

		for (int b = 0; b < h->n_buckets; b++)
			any += c[b].n[0] + c[b].n[1] + c[b].n[2] + x[b].n[0] +
			       x[b].n[1] + x[b].n[2];
		if (any == 0)
			continue; /* models with neither are implied */
		row = cJSON_CreateObject();
		cJSON_AddStringToObject(row, "model", ds->models[m].slug);
		smp = cJSON_AddObjectToObject(row, "samples");
		for (int k = 0; k < 3; k++) {
			cJSON *arr =
			    cJSON_AddArrayToObject(row, status_names[k]);
			cJSON *sa =
			    cJSON_AddArrayToObject(smp, status_names[k]);

			for (int b = 0; b < h->n_buckets; b++) {
				cJSON_AddItemToArray(
				    arr, cJSON_CreateNumber((double)c[b].n[k]));
				cJSON_AddItemToArray(
				    sa, cJSON_CreateNumber((double)x[b].n[k]));
			}
		}
		cJSON_AddItemToArray(series, row);
	}
	return o;
}

/* Window w of ds: {from, to, counts: [{model, operational, degraded,
 * outage}]} for the models with checks in it. */
static cJSON *
window_json(const struct dataset *ds, enum window w)
{
	cJSON *win = cJSON_CreateObject(), *arr;

	json_add_time(win, "from", ds->now - window_secs[w]);
	json_add_time(win, "to", ds->now);
	arr = cJSON_AddArrayToObject(win, "counts");
	for (size_t i = 0; i < ds->n_models; i++) {
		const struct counts *c = &ds->window[w][i];
		cJSON *o;

		if (c->n[0] + c->n[1] + c->n[2] == 0)
			continue;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "model", ds->models[i].slug);
		for (int k = 0; k < 3; k++)
			cJSON_AddNumberToObject(o, status_names[k],
			                        (double)c->n[k]);
		cJSON_AddItemToArray(arr, o);
	}
	return win;
}

/* Adds names[i] as field, or null when i is max (none). */
static void
add_name_or_null(cJSON *o, const char *field, const char *const *names, int max,
                 int i)
{
	if (i >= 0 && i < max)
		cJSON_AddStringToObject(o, field, names[i]);
	else
		cJSON_AddNullToObject(o, field);
}

/* A time as RFC 3339, or null for 0 (none). */
static cJSON *
time_or_null(int64_t t)
{
	char text[32];

	if (t == 0)
		return cJSON_CreateNull();
	time_rfc3339(t, text);
	return cJSON_CreateString(text);
}

static cJSON *
string_or_null(const char *v)
{
	return v ? cJSON_CreateString(v) : cJSON_CreateNull();
}

/* The columns of an incident in the file, in order (incident_json). */
enum inc_col {
	IC_ID,
	IC_PROVIDER,
	IC_MODEL,
	IC_SOURCE,
	IC_TITLE,
	IC_STARTED,
	IC_OPENED,
	IC_RESOLVED,
	IC_CLOSED,
	IC_SEVERITY,
	IC_PEAK,
	IC_REGIONS,
	IC_ERROR_KINDS,
	IC_EVENTS,
	IC_UPDATES,
	IC_MODELS,
	IC__MAX
};
static const char *const inc_col_names[IC__MAX] = {
    [IC_ID] = "id",
    [IC_PROVIDER] = "provider",
    [IC_MODEL] = "model",
    [IC_SOURCE] = "source",
    [IC_TITLE] = "title",
    [IC_STARTED] = "startedAt",
    [IC_OPENED] = "openedAt",
    [IC_RESOLVED] = "resolvedAt",
    [IC_CLOSED] = "closedAt",
    [IC_SEVERITY] = "severity",
    [IC_PEAK] = "peakSeverity",
    [IC_REGIONS] = "regions",
    [IC_ERROR_KINDS] = "errorKinds",
    [IC_EVENTS] = "events",
    [IC_UPDATES] = "updates",
    [IC_MODELS] = "models",
};

/* One incident with its details (store_incident) as a row of
 * inc_col_names. */
static cJSON *
incident_json(const struct incident_view *v)
{
	cJSON *o = cJSON_CreateArray(), *arr;

	cJSON_AddItemToArray(o, cJSON_CreateNumber((double)v->id));
	cJSON_AddItemToArray(o, cJSON_CreateString(v->provider_slug));
	cJSON_AddItemToArray(o, string_or_null(v->model_slug));
	cJSON_AddItemToArray(
	    o, cJSON_CreateString(v->is_manual ? "manual" : "auto"));
	cJSON_AddItemToArray(o, string_or_null(v->title));
	cJSON_AddItemToArray(o, time_or_null(v->inc.started_at));
	cJSON_AddItemToArray(o, time_or_null(v->inc.opened_at));
	cJSON_AddItemToArray(o, time_or_null(v->inc.resolved_at));
	cJSON_AddItemToArray(o, time_or_null(v->inc.closed_at));
	cJSON_AddItemToArray(
	    o, cJSON_CreateString(severity_names[v->inc.severity]));
	cJSON_AddItemToArray(o,
	                     cJSON_CreateString(severity_names[v->inc.peak]));
	cJSON_AddItemToArray(
	    o, cJSON_CreateString(v->inc.regions ? v->inc.regions : ""));
	cJSON_AddItemToArray(
	    o,
	    cJSON_CreateString(v->inc.error_kinds ? v->inc.error_kinds : ""));
	/* events: [at, kind, severity] */
	arr = cJSON_CreateArray();
	cJSON_AddItemToArray(o, arr);
	for (size_t k = 0; k < v->inc.n_events; k++) {
		const struct incident_event *e = &v->inc.events[k];
		cJSON *row = cJSON_CreateArray();

		cJSON_AddItemToArray(row, time_or_null(e->at));
		cJSON_AddItemToArray(
		    row, cJSON_CreateString(incident_event_names[e->kind]));
		cJSON_AddItemToArray(
		    row, cJSON_CreateString(severity_names[e->severity]));
		cJSON_AddItemToArray(arr, row);
	}
	arr = cJSON_CreateArray();
	cJSON_AddItemToArray(o, arr);
	for (size_t k = 0; k < v->n_updates; k++) {
		const struct incident_update *u = &v->updates[k];
		cJSON *x = cJSON_CreateObject();

		cJSON_AddNumberToObject(x, "id", (double)u->id);
		cJSON_AddItemToObject(x, "at", time_or_null(u->at));
		cJSON_AddStringToObject(x, "state",
		                        update_state_names[u->state]);
		cJSON_AddStringToObject(x, "body", u->body);
		cJSON_AddStringToObject(x, "author", u->author);
		cJSON_AddItemToArray(arr, x);
	}
	/* As store_incident gave them; the reader computes them again from
	 * the incidents held (docs/snapshot.md). */
	arr = cJSON_CreateArray();
	cJSON_AddItemToArray(o, arr);
	for (size_t k = 0; k < v->n_models; k++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(v->models[k]));
	return o;
}

static cJSON *
maintenance_json(const struct maintenance_view *m)
{
	cJSON *o = cJSON_CreateObject(), *arr;

	cJSON_AddNumberToObject(o, "id", (double)m->id);
	cJSON_AddStringToObject(o, "title", m->title);
	cJSON_AddStringToObject(o, "note", m->note ? m->note : "");
	cJSON_AddItemToObject(o, "startsAt", time_or_null(m->starts_at));
	cJSON_AddItemToObject(o, "endsAt", time_or_null(m->ends_at));
	cJSON_AddItemToObject(o, "createdAt", time_or_null(m->created_at));
	cJSON_AddItemToObject(o, "updatedAt", time_or_null(m->updated_at));
	cJSON_AddItemToObject(o, "cancelledAt", time_or_null(m->cancelled_at));
	/* targets: [provider, model or null] */
	arr = cJSON_AddArrayToObject(o, "targets");
	for (size_t k = 0; k < m->n_targets; k++) {
		cJSON *row = cJSON_CreateArray();

		cJSON_AddItemToArray(
		    row, cJSON_CreateString(m->targets[k].provider_slug));
		cJSON_AddItemToArray(row,
		                     string_or_null(m->targets[k].model_slug));
		cJSON_AddItemToArray(arr, row);
	}
	return o;
}

/* The columns of an export row in the file, in order. */
static const char *const export_file_columns[] = {
    "date",   "model",    "region", "checks", "available",
    "outage", "degraded", "p50_ms", "p95_ms", "ttft_p50_ms"};
#define EXPORT_FILE_COLUMNS                                                    \
	(sizeof(export_file_columns) / sizeof(export_file_columns[0]))

static void
add_int_or_null(cJSON *arr, int64_t v)
{
	cJSON_AddItemToArray(arr, v >= 0 ? cJSON_CreateNumber((double)v)
	                                 : cJSON_CreateNull());
}

/* {columns, rows: [[date, model, region, ...]]} */
static cJSON *
export_list_json(const struct dataset *ds, const struct export_list *list)
{
	cJSON *o = cJSON_CreateObject(), *cols, *rows;

	cols = cJSON_AddArrayToObject(o, "columns");
	for (size_t k = 0; k < EXPORT_FILE_COLUMNS; k++)
		cJSON_AddItemToArray(
		    cols, cJSON_CreateString(export_file_columns[k]));
	rows = cJSON_AddArrayToObject(o, "rows");
	for (size_t i = 0; i < list->n; i++) {
		const struct export_row *r = &list->v[i];
		cJSON *row = cJSON_CreateArray();
		char date[32];

		time_rfc3339(r->day, date);
		date[10] = '\0';
		cJSON_AddItemToArray(row, cJSON_CreateString(date));
		cJSON_AddItemToArray(
		    row, cJSON_CreateString(ds->models[r->model].slug));
		cJSON_AddItemToArray(row, cJSON_CreateString(r->region));
		add_int_or_null(row, r->checks);
		add_int_or_null(row, r->available);
		add_int_or_null(row, r->outage);
		add_int_or_null(row, r->degraded);
		add_int_or_null(row, r->p50_ms);
		add_int_or_null(row, r->p95_ms);
		add_int_or_null(row, r->ttft_p50_ms);
		cJSON_AddItemToArray(rows, row);
	}
	return o;
}

/* The version 2 members: incidents, maintenances, export. */
static void
lists_json(cJSON *root, const struct dataset *ds,
           const struct snapshot_lists *l)
{
	cJSON *inc = cJSON_AddObjectToObject(root, "incidents"), *ex, *arr;

	arr = cJSON_AddArrayToObject(inc, "columns");
	for (int k = 0; k < IC__MAX; k++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(inc_col_names[k]));
	arr = cJSON_AddArrayToObject(inc, "rows");
	for (size_t i = 0; i < l->n_incidents; i++)
		cJSON_AddItemToArray(arr, incident_json(&l->incidents[i]));
	arr = cJSON_AddArrayToObject(root, "maintenances");
	for (size_t i = 0; i < l->n_maintenances; i++)
		cJSON_AddItemToArray(arr,
		                     maintenance_json(&l->maintenances[i]));
	ex = cJSON_AddObjectToObject(root, "export");
	for (int r = 0; r < RANGE__MAX; r++)
		cJSON_AddItemToObject(ex, ranges[r].name,
		                      export_list_json(ds, &l->exports[r]));
}

static cJSON *
snapshot_json(const struct dataset *ds, int schema_version,
              const struct snapshot_lists *lists)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *arr, *win, *hist;

	cJSON_AddStringToObject(root, "format", SNAPSHOT_FORMAT);
	cJSON_AddNumberToObject(root, "formatVersion", SNAPSHOT_FORMAT_VERSION);
	json_add_time(root, "generatedAt", ds->now);
	cJSON_AddNumberToObject(root, "schemaVersion", schema_version);
	cJSON_AddBoolToObject(root, "isDemo", ds->is_demo);

	arr = cJSON_AddArrayToObject(root, "providers");
	for (size_t i = 0; i < ds->n_providers; i++) {
		const struct provider *p = &ds->providers[i];
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "slug", p->slug);
		cJSON_AddStringToObject(o, "name", p->name);
		cJSON_AddStringToObject(o, "website", p->website);
		cJSON_AddStringToObject(o, "statusPage", p->status_page);
		cJSON_AddItemToArray(arr, o);
	}
	arr = cJSON_AddArrayToObject(root, "models");
	for (size_t i = 0; i < ds->n_models; i++) {
		const struct model *m = &ds->models[i];
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "slug", m->slug);
		cJSON_AddStringToObject(o, "provider",
		                        ds->providers[m->provider].slug);
		cJSON_AddStringToObject(o, "name", m->name);
		cJSON_AddStringToObject(o, "modalities", m->modalities);
		json_add_int_or_null(o, "contextWindow", m->context_window > 0,
		                     m->context_window);
		cJSON_AddBoolToObject(o, "isActive", m->is_active);
		cJSON_AddItemToArray(arr, o);
	}
	arr = cJSON_AddArrayToObject(root, "latest");
	for (size_t i = 0; i < ds->n_latest; i++) {
		const struct region_latest *r = &ds->latest[i];
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "model", ds->models[r->model].slug);
		cJSON_AddStringToObject(o, "region", r->region);
		if (r->has_check) {
			json_add_time(o, "checkedAt", r->checked_at);
			cJSON_AddStringToObject(o, "status",
			                        status_names[r->status]);
		} else {
			cJSON_AddNullToObject(o, "checkedAt");
			cJSON_AddNullToObject(o, "status");
		}
		json_add_int_or_null(o, "latencyMs", r->latency_ms >= 0,
		                     r->latency_ms);
		json_add_int_or_null(o, "httpStatus", r->http_status > 0,
		                     r->http_status);
		add_name_or_null(o, "probeKind", probe_kind_names,
		                 PROBE_KIND__MAX, r->probe_kind);
		add_name_or_null(o, "errorKind", error_kind_names,
		                 ERROR_KIND__MAX, r->error_kind);
		cJSON_AddItemToArray(arr, o);
	}
	/* "window" is the 24 h one (format 1); "windows" holds the others
	 * by name. */
	cJSON_AddItemToObject(root, "window", window_json(ds, WINDOW_24H));
	win = cJSON_AddObjectToObject(root, "windows");
	for (int w = 0; w < WINDOW__MAX; w++)
		if (w != WINDOW_24H && ds->window[w] != NULL)
			cJSON_AddItemToObject(win, window_names[w],
			                      window_json(ds, (enum window)w));
	hist = cJSON_AddObjectToObject(root, "history");
	for (int r = 0; r < RANGE__MAX; r++)
		if (ds->hist[r].counts != NULL)
			cJSON_AddItemToObject(hist, ranges[r].name,
			                      history_json(ds, &ds->hist[r]));
	if (lists != NULL)
		lists_json(root, ds, lists);
	return root;
}

/* Writes all of data to fd; 0 or -1 (errno set). */
static int
write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int
snapshot_write(const struct dataset *ds, int schema_version, const char *path,
               char *err, size_t errlen)
{
	return snapshot_write_lists(ds, NULL, schema_version, path, err,
	                            errlen);
}

int
snapshot_write_lists(const struct dataset *ds,
                     const struct snapshot_lists *lists, int schema_version,
                     const char *path, char *err, size_t errlen)
{
	char tmp[4096], dir[4096];
	cJSON *root;
	char *text;
	int fd, rc = -1;

	for (int r = 0; r < RANGE__MAX; r++)
		if (ds->hist[r].counts == NULL) {
			snprintf(err, errlen,
			         "the dataset lacks the %s history",
			         ranges[r].name);
			return -1;
		}
	root = snapshot_json(ds, schema_version, lists);
	text = json_print_indented(root);
	cJSON_Delete(root);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		free(text);
		return -1;
	}
	if (write_all(fd, text, strlen(text)) != 0 || write_all(fd, "\n", 1) ||
	    fsync(fd) != 0) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	close(fd);
	if (rename(tmp, path) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	/* Make the rename itself durable. */
	snprintf(dir, sizeof(dir), "%s", path);
	fd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	rc = 0;
out:
	free(text);
	return rc;
}

struct snapshot *
snapshot_load(const char *path, char *err, size_t errlen)
{
	size_t len = 0;
	char *text = file_read_all(path, &len);
	struct snapshot *snap;
	struct json_error je;
	const cJSON *v;

	if (text == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	snap = xcalloc(1, sizeof(*snap));
	snap->root = json_parse(text, len, &je);
	free(text);
	if (snap->root == NULL) {
		char why[256];

		json_error_text(&je, why, sizeof(why));
		snprintf(err, errlen, "%s: %s", path, why);
		goto fail;
	}
	v = cJSON_GetObjectItemCaseSensitive(snap->root, "format");
	if (!cJSON_IsString(v) ||
	    strcmp(v->valuestring, SNAPSHOT_FORMAT) != 0) {
		snprintf(err, errlen, "%s: not an AI-GO snapshot", path);
		goto fail;
	}
	v = cJSON_GetObjectItemCaseSensitive(snap->root, "formatVersion");
	if (!cJSON_IsNumber(v) || v->valuedouble < 1 ||
	    v->valuedouble > SNAPSHOT_FORMAT_VERSION ||
	    v->valuedouble != (double)v->valueint) {
		snprintf(err, errlen, "%s: snapshot format version not 1 to %d",
		         path, SNAPSHOT_FORMAT_VERSION);
		goto fail;
	}
	snap->version = v->valueint;
	v = cJSON_GetObjectItemCaseSensitive(snap->root, "generatedAt");
	if (!cJSON_IsString(v) ||
	    time_parse_rfc3339(v->valuestring, &snap->generated_at) != 0) {
		snprintf(err, errlen, "%s: no valid generatedAt", path);
		goto fail;
	}
	/* Everything else is checked by building a dataset once. */
	{
		struct arena *a = arena_new();
		struct dataset ds;
		struct snapshot_lists l;
		int rc = snapshot_dataset(snap, a, &ds, err, errlen);

		if (rc == 0 &&
		    snapshot_lists(snap, &ds, a, &l, err, errlen) < 0)
			rc = -1;

		arena_free(a);
		if (rc != 0)
			goto fail;
	}
	return snap;
fail:
	snapshot_free(snap);
	return NULL;
}

void
snapshot_free(struct snapshot *snap)
{
	if (snap == NULL)
		return;
	cJSON_Delete(snap->root);
	free(snap);
}

int64_t
snapshot_time(const struct snapshot *snap)
{
	return snap->generated_at;
}

/* Model slugs in file order, sorted for lookup. */
struct slug_index {
	const char *slug;
	size_t idx;
};

static int
slug_cmp(const void *a, const void *b)
{
	return strcmp(((const struct slug_index *)a)->slug,
	              ((const struct slug_index *)b)->slug);
}

static long
slug_find(const struct slug_index *ix, size_t n, const cJSON *o,
          const char *field)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, field);
	struct slug_index key = {NULL, 0};
	const struct slug_index *hit;

	if (!cJSON_IsString(v))
		return -1;
	key.slug = v->valuestring;
	hit = bsearch(&key, ix, n, sizeof(key), slug_cmp);
	return hit ? (long)hit->idx : -1;
}

static const char *
str(const cJSON *o, const char *field)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, field);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A whole number >= 0 held by field, or -1. */
static int64_t
count(const cJSON *v)
{
	if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 1e15 ||
	    v->valuedouble != (double)(int64_t)v->valuedouble)
		return -1;
	return (int64_t)v->valuedouble;
}

static int
read_counts(const cJSON *o, struct counts *c)
{
	for (int k = 0; k < 3; k++) {
		int64_t n =
		    count(cJSON_GetObjectItemCaseSensitive(o, status_names[k]));
		if (n < 0)
			return -1;
		c->n[k] += n;
	}
	return 0;
}

static int
read_providers_models(const cJSON *root, struct arena *a, struct dataset *ds,
                      struct slug_index **mix, char *err, size_t errlen)
{
	const cJSON *ps = cJSON_GetObjectItemCaseSensitive(root, "providers");
	const cJSON *ms = cJSON_GetObjectItemCaseSensitive(root, "models");
	const cJSON *it;
	struct slug_index *pix;
	size_t i = 0;

	if (!cJSON_IsArray(ps) || !cJSON_IsArray(ms)) {
		snprintf(err, errlen, "snapshot: providers or models missing");
		return -1;
	}
	ds->n_providers = (size_t)cJSON_GetArraySize(ps);
	ds->providers =
	    arena_alloc(a, (ds->n_providers + 1) * sizeof(*ds->providers));
	pix = arena_alloc(a, (ds->n_providers + 1) * sizeof(*pix));
	cJSON_ArrayForEach(it, ps)
	{
		struct provider *p = &ds->providers[i];

		p->id = (int64_t)i + 1;
		p->slug = str(it, "slug");
		p->name = str(it, "name");
		p->website = str(it, "website");
		p->status_page = str(it, "statusPage");
		p->said = NULL; /* not in the snapshot (docs/snapshot.md) */
		if (!p->slug || !p->name || !p->website || !p->status_page) {
			snprintf(err, errlen,
			         "snapshot: provider %zu incomplete", i);
			return -1;
		}
		pix[i] = (struct slug_index){p->slug, i};
		i++;
	}
	qsort(pix, ds->n_providers, sizeof(*pix), slug_cmp);
	ds->n_models = (size_t)cJSON_GetArraySize(ms);
	ds->models = arena_alloc(a, (ds->n_models + 1) * sizeof(*ds->models));
	*mix = arena_alloc(a, (ds->n_models + 1) * sizeof(**mix));
	i = 0;
	cJSON_ArrayForEach(it, ms)
	{
		struct model *m = &ds->models[i];
		long pi = slug_find(pix, ds->n_providers, it, "provider");
		const cJSON *cw =
		    cJSON_GetObjectItemCaseSensitive(it, "contextWindow");
		const cJSON *act =
		    cJSON_GetObjectItemCaseSensitive(it, "isActive");

		m->id = (int64_t)i + 1;
		m->slug = str(it, "slug");
		m->name = str(it, "name");
		m->modalities = str(it, "modalities");
		m->context_window = cJSON_IsNumber(cw) ? count(cw) : 0;
		m->is_active = cJSON_IsTrue(act);
		m->status_components = NULL;
		if (pi < 0 || !m->slug || !m->name || !m->modalities ||
		    !cJSON_IsBool(act) || m->context_window < 0) {
			snprintf(err, errlen, "snapshot: model %zu incomplete",
			         i);
			return -1;
		}
		m->provider = (size_t)pi;
		(*mix)[i] = (struct slug_index){m->slug, i};
		i++;
	}
	qsort(*mix, ds->n_models, sizeof(**mix), slug_cmp);
	for (i = 1; i < ds->n_models; i++)
		if (strcmp((*mix)[i].slug, (*mix)[i - 1].slug) == 0) {
			snprintf(err, errlen, "snapshot: model %s twice",
			         (*mix)[i].slug);
			return -1;
		}
	return 0;
}

/* The index of field's name among the n names: n when it is null or
 * absent (a snapshot of an older version has none), -1 when it is
 * anything else. */
static int
read_name(const cJSON *o, const char *field, const char *const *names, int n)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, field);

	if (v == NULL || cJSON_IsNull(v))
		return n;
	for (int i = 0; cJSON_IsString(v) && i < n; i++)
		if (strcmp(v->valuestring, names[i]) == 0)
			return i;
	return -1;
}

static int
read_latest(const cJSON *root, struct arena *a, struct dataset *ds,
            const struct slug_index *mix, char *err, size_t errlen)
{
	const cJSON *ls = cJSON_GetObjectItemCaseSensitive(root, "latest");
	const cJSON *it;

	if (!cJSON_IsArray(ls)) {
		snprintf(err, errlen, "snapshot: latest missing");
		return -1;
	}
	ds->latest = arena_alloc(a, ((size_t)cJSON_GetArraySize(ls) + 1) *
	                                sizeof(*ds->latest));
	cJSON_ArrayForEach(it, ls)
	{
		struct region_latest *r = &ds->latest[ds->n_latest];
		long mi = slug_find(mix, ds->n_models, it, "model");
		const char *at = str(it, "checkedAt");
		const char *status = str(it, "status");
		const cJSON *lat =
		    cJSON_GetObjectItemCaseSensitive(it, "latencyMs");
		const cJSON *http =
		    cJSON_GetObjectItemCaseSensitive(it, "httpStatus");
		int pk = read_name(it, "probeKind", probe_kind_names,
		                   PROBE_KIND__MAX);
		int ek = read_name(it, "errorKind", error_kind_names,
		                   ERROR_KIND__MAX);

		r->region = str(it, "region");
		r->has_check = at != NULL;
		r->status = status ? status_from_name(status) : STATUS_UNKNOWN;
		r->latency_ms = cJSON_IsNumber(lat) ? count(lat) : -1;
		r->http_status = cJSON_IsNumber(http) ? count(http) : 0;
		r->probe_kind =
		    (enum probe_kind)(pk < 0 ? PROBE_KIND__MAX : pk);
		r->error_kind =
		    (enum error_kind)(ek < 0 ? ERROR_KIND__MAX : ek);
		if (mi < 0 || r->region == NULL || pk < 0 || ek < 0 ||
		    (at && time_parse_rfc3339(at, &r->checked_at) != 0) ||
		    (at && r->status >= STATUS_UNKNOWN) || r->http_status < 0) {
			snprintf(err, errlen,
			         "snapshot: latest row %zu invalid",
			         ds->n_latest);
			return -1;
		}
		r->model = (size_t)mi;
		ds->n_latest++;
	}
	qsort(ds->latest, ds->n_latest, sizeof(*ds->latest), region_latest_cmp);
	return 0;
}

/* Reads arr, n counts (each >= 0), into out; with optional set, a missing
 * arr reads as zeros. 0, or -1 when it is not such an array. */
static int
read_counts_array(const cJSON *arr, int n, int64_t *out, int optional)
{
	const cJSON *v;
	int b = 0;

	memset(out, 0, sizeof(*out) * (size_t)n);
	if (arr == NULL && optional)
		return 0;
	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) != n)
		return -1;
	cJSON_ArrayForEach(v, arr)
	{
		int64_t c = count(v);

		if (c < 0 || b >= n)
			return -1;
		out[b++] = c;
	}
	return 0;
}

static int
read_history(const cJSON *hs, enum range range, struct arena *a,
             struct dataset *ds, const struct slug_index *mix, char *err,
             size_t errlen)
{
	const cJSON *o =
	    cJSON_GetObjectItemCaseSensitive(hs, ranges[range].name);
	struct history *h = &ds->hist[range];
	const cJSON *row;
	const char *first = str(o, "firstBucket");
	int64_t first_t;

	history_layout(range, ds->now, h);
	if (first == NULL || time_parse_rfc3339(first, &first_t) != 0 ||
	    first_t != h->first_bucket ||
	    !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(o, "series"))) {
		snprintf(err, errlen, "snapshot: %s history invalid",
		         ranges[range].name);
		return -1;
	}
	h->counts = arena_alloc(a, (ds->n_models * (size_t)h->n_buckets + 1) *
	                               sizeof(*h->counts));
	h->samples = arena_alloc(a, (ds->n_models * (size_t)h->n_buckets + 1) *
	                                sizeof(*h->samples));
	h->n_instants =
	    arena_alloc(a, ((size_t)h->n_buckets + 1) * sizeof(*h->n_instants));
	/* A snapshot older than the sample instants has none: no data. */
	if (read_counts_array(cJSON_GetObjectItemCaseSensitive(o, "instants"),
	                      h->n_buckets, h->n_instants, 1) != 0) {
		snprintf(err, errlen, "snapshot: %s instants invalid",
		         ranges[range].name);
		return -1;
	}
	cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(o, "series"))
	{
		long mi = slug_find(mix, ds->n_models, row, "model");
		const cJSON *smp =
		    cJSON_GetObjectItemCaseSensitive(row, "samples");

		for (int k = 0; mi >= 0 && k < 3; k++) {
			size_t at = (size_t)mi * (size_t)h->n_buckets;
			int64_t c[64], x[64];

			if (read_counts_array(cJSON_GetObjectItemCaseSensitive(
			                          row, status_names[k]),
			                      h->n_buckets, c, 0) != 0 ||
			    read_counts_array(cJSON_GetObjectItemCaseSensitive(
			                          smp, status_names[k]),
			                      h->n_buckets, x, 1) != 0) {
				mi = -1;
				break;
			}
			for (int b = 0; b < h->n_buckets; b++) {
				h->counts[at + (size_t)b].n[k] = c[b];
				h->samples[at + (size_t)b].n[k] = x[b];
			}
		}
		if (mi < 0) {
			snprintf(err, errlen, "snapshot: %s series invalid",
			         ranges[range].name);
			return -1;
		}
	}
	history_fill_unknown(h, ds->n_models);
	return 0;
}

int
snapshot_dataset(const struct snapshot *snap, struct arena *a,
                 struct dataset *ds, char *err, size_t errlen)
{
	const cJSON *root = snap->root, *it, *win, *hs;
	struct slug_index *mix;

	memset(ds, 0, sizeof(*ds));
	ds->now = snap->generated_at;
	ds->snapshot_at = snap->generated_at;
	ds->source = SOURCE_FALLBACK;
	ds->is_demo =
	    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "isDemo"));
	if (read_providers_models(root, a, ds, &mix, err, errlen) ||
	    read_latest(root, a, ds, mix, err, errlen))
		return -1;
	/* The 24 h window is required; the others are there when the
	 * writer read them (a snapshot of an older version has none). */
	for (int w = 0; w < WINDOW__MAX; w++) {
		win =
		    w == WINDOW_24H
		        ? cJSON_GetObjectItemCaseSensitive(root, "window")
		        : cJSON_GetObjectItemCaseSensitive(
		              cJSON_GetObjectItemCaseSensitive(root, "windows"),
		              window_names[w]);
		win = cJSON_GetObjectItemCaseSensitive(win, "counts");
		if (win == NULL && w != WINDOW_24H)
			continue;
		if (!cJSON_IsArray(win)) {
			snprintf(err, errlen, "snapshot: window %s missing",
			         window_names[w]);
			return -1;
		}
		ds->window[w] =
		    arena_alloc(a, (ds->n_models + 1) * sizeof(*ds->window[w]));
		cJSON_ArrayForEach(it, win)
		{
			long mi = slug_find(mix, ds->n_models, it, "model");

			if (mi < 0 ||
			    read_counts(it, &ds->window[w][mi]) != 0) {
				snprintf(err, errlen,
				         "snapshot: window %s row invalid",
				         window_names[w]);
				return -1;
			}
		}
	}
	hs = cJSON_GetObjectItemCaseSensitive(root, "history");
	for (int r = 0; r < RANGE__MAX; r++)
		if (read_history(hs, (enum range)r, a, ds, mix, err, errlen))
			return -1;
	return 0;
}

/* ---- The lists of version 2 ---- */

/* The index of the model named slug in ds, or -1. */
static long
model_index(const struct dataset *ds, const char *slug)
{
	for (size_t i = 0; slug != NULL && i < ds->n_models; i++)
		if (strcmp(ds->models[i].slug, slug) == 0)
			return (long)i;
	return -1;
}

static long
provider_index(const struct dataset *ds, const char *slug)
{
	for (size_t i = 0; slug != NULL && i < ds->n_providers; i++)
		if (strcmp(ds->providers[i].slug, slug) == 0)
			return (long)i;
	return -1;
}

/* A time held by v (RFC 3339) into *t; null gives 0 when nullable. 0, or
 * -1 when it is neither. */
static int
read_time(const cJSON *v, int nullable, int64_t *t)
{
	*t = 0;
	if (cJSON_IsNull(v))
		return nullable ? 0 : -1;
	if (!cJSON_IsString(v) || time_parse_rfc3339(v->valuestring, t) != 0 ||
	    *t <= 0)
		return -1;
	return 0;
}

static int
field_time(const cJSON *o, const char *field, int nullable, int64_t *t)
{
	return read_time(cJSON_GetObjectItemCaseSensitive(o, field), nullable,
	                 t);
}

/* A whole id > 0, or -1. */
static int64_t
read_id(const cJSON *o, const char *field)
{
	int64_t id = count(cJSON_GetObjectItemCaseSensitive(o, field));

	return id > 0 ? id : -1;
}

/* A string of row, or NULL when it is null (nullable) or absent; *bad is
 * set when it is something else. */
static const char *
col_str(const cJSON *row, enum inc_col c, int nullable, int *bad)
{
	const cJSON *v = cJSON_GetArrayItem(row, c);

	if (cJSON_IsString(v))
		return v->valuestring;
	if (!nullable || !cJSON_IsNull(v))
		*bad = 1;
	return NULL;
}

static int
read_incident(const cJSON *o, const struct dataset *ds, struct arena *a,
              struct incident_view *v)
{
	const cJSON *evs = cJSON_GetArrayItem(o, IC_EVENTS);
	const cJSON *ups = cJSON_GetArrayItem(o, IC_UPDATES);
	const cJSON *it;
	const char *src;
	long pi, mi = -1;
	int bad = 0;

	memset(v, 0, sizeof(*v));
	if (!cJSON_IsArray(o) || cJSON_GetArraySize(o) != IC__MAX)
		return -1;
	v->id = count(cJSON_GetArrayItem(o, IC_ID));
	v->provider_slug = col_str(o, IC_PROVIDER, 0, &bad);
	v->model_slug = col_str(o, IC_MODEL, 1, &bad);
	src = col_str(o, IC_SOURCE, 0, &bad);
	v->title = col_str(o, IC_TITLE, 1, &bad);
	v->inc.severity = severity_from_name(col_str(o, IC_SEVERITY, 0, &bad));
	v->inc.peak = severity_from_name(col_str(o, IC_PEAK, 0, &bad));
	v->inc.regions = col_str(o, IC_REGIONS, 0, &bad);
	v->inc.error_kinds = col_str(o, IC_ERROR_KINDS, 0, &bad);
	v->state = UPDATE_STATE__MAX;
	if (bad)
		return -1;
	pi = provider_index(ds, v->provider_slug);
	if (v->model_slug != NULL)
		mi = model_index(ds, v->model_slug);
	if (v->id <= 0 || pi < 0 || (v->model_slug && mi < 0) ||
	    (strcmp(src, "auto") != 0 && strcmp(src, "manual") != 0) ||
	    v->inc.severity >= SEVERITY__MAX || v->inc.peak >= SEVERITY__MAX ||
	    read_time(cJSON_GetArrayItem(o, IC_STARTED), 0,
	              &v->inc.started_at) ||
	    read_time(cJSON_GetArrayItem(o, IC_OPENED), 0, &v->inc.opened_at) ||
	    read_time(cJSON_GetArrayItem(o, IC_RESOLVED), 1,
	              &v->inc.resolved_at) ||
	    read_time(cJSON_GetArrayItem(o, IC_CLOSED), 1, &v->inc.closed_at) ||
	    !cJSON_IsArray(evs) || !cJSON_IsArray(ups) ||
	    !cJSON_IsArray(cJSON_GetArrayItem(o, IC_MODELS)))
		return -1;
	v->is_manual = src[0] == 'm';
	v->provider_name = ds->providers[pi].name;
	if (mi >= 0) {
		v->model_name = ds->models[mi].name;
		if (ds->models[mi].provider != (size_t)pi)
			return -1;
	}
	v->inc.events = arena_alloc(a, ((size_t)cJSON_GetArraySize(evs) + 1) *
	                                   sizeof(*v->inc.events));
	cJSON_ArrayForEach(it, evs)
	{
		struct incident_event *e = &v->inc.events[v->inc.n_events];

		if (!cJSON_IsArray(it) || cJSON_GetArraySize(it) != 3 ||
		    read_time(cJSON_GetArrayItem(it, 0), 0, &e->at) != 0)
			return -1;
		e->kind = incident_event_from_name(
		    cJSON_GetStringValue(cJSON_GetArrayItem(it, 1)));
		e->severity = severity_from_name(
		    cJSON_GetStringValue(cJSON_GetArrayItem(it, 2)));
		if (e->kind >= INCIDENT_EVENT__MAX ||
		    e->severity >= SEVERITY__MAX)
			return -1;
		v->inc.n_events++;
	}
	v->updates = arena_alloc(a, ((size_t)cJSON_GetArraySize(ups) + 1) *
	                                sizeof(*v->updates));
	cJSON_ArrayForEach(it, ups)
	{
		struct incident_update *u = &v->updates[v->n_updates];

		u->id = read_id(it, "id");
		u->state = update_state_from_name(str(it, "state"));
		u->body = str(it, "body");
		u->author = str(it, "author");
		if (u->id < 0 || u->state >= UPDATE_STATE__MAX || !u->body ||
		    !u->author || field_time(it, "at", 0, &u->at) != 0)
			return -1;
		v->n_updates++;
	}
	if (v->n_updates > 0)
		v->state = v->updates[v->n_updates - 1].state;
	return 0;
}

static int
read_maintenance(const cJSON *o, const struct dataset *ds, struct arena *a,
                 struct maintenance_view *m)
{
	const cJSON *ts = cJSON_GetObjectItemCaseSensitive(o, "targets");
	const cJSON *it;

	memset(m, 0, sizeof(*m));
	m->id = read_id(o, "id");
	m->title = str(o, "title");
	m->note = str(o, "note");
	if (m->id < 0 || !m->title || !m->note || !cJSON_IsArray(ts) ||
	    field_time(o, "startsAt", 0, &m->starts_at) ||
	    field_time(o, "endsAt", 0, &m->ends_at) ||
	    field_time(o, "createdAt", 0, &m->created_at) ||
	    field_time(o, "updatedAt", 0, &m->updated_at) ||
	    field_time(o, "cancelledAt", 1, &m->cancelled_at))
		return -1;
	m->targets = arena_alloc(a, ((size_t)cJSON_GetArraySize(ts) + 1) *
	                                sizeof(*m->targets));
	cJSON_ArrayForEach(it, ts)
	{
		struct maintenance_target *t = &m->targets[m->n_targets];
		const cJSON *mv = cJSON_GetArrayItem(it, 1);
		long pi, mi = -1;

		if (!cJSON_IsArray(it) || cJSON_GetArraySize(it) != 2 ||
		    !(cJSON_IsString(mv) || cJSON_IsNull(mv)))
			return -1;
		t->provider_slug =
		    cJSON_GetStringValue(cJSON_GetArrayItem(it, 0));
		t->model_slug = cJSON_GetStringValue(mv);
		pi = provider_index(ds, t->provider_slug);
		if (t->model_slug != NULL)
			mi = model_index(ds, t->model_slug);
		if (pi < 0 ||
		    (t->model_slug &&
		     (mi < 0 || ds->models[mi].provider != (size_t)pi)))
			return -1;
		t->provider_name = ds->providers[pi].name;
		t->model_name = mi >= 0 ? ds->models[mi].name : NULL;
		m->n_targets++;
	}
	return 0;
}

/* A count held by v, or -1 for null (not measured) when nullable; -2
 * when it is neither. */
static int64_t
count_or_null(const cJSON *v, int nullable)
{
	if (cJSON_IsNull(v))
		return nullable ? -1 : -2;
	return count(v) >= 0 ? count(v) : -2;
}

static int
read_export_list(const cJSON *o, const struct dataset *ds, struct arena *a,
                 struct export_list *list)
{
	const cJSON *cols = cJSON_GetObjectItemCaseSensitive(o, "columns");
	const cJSON *rows = cJSON_GetObjectItemCaseSensitive(o, "rows");
	const cJSON *it;
	size_t k = 0;

	memset(list, 0, sizeof(*list));
	if (!cJSON_IsArray(cols) || !cJSON_IsArray(rows) ||
	    cJSON_GetArraySize(cols) != (int)EXPORT_FILE_COLUMNS)
		return -1;
	cJSON_ArrayForEach(it, cols)
	{
		if (!cJSON_IsString(it) ||
		    strcmp(it->valuestring, export_file_columns[k++]) != 0)
			return -1;
	}
	list->cap = (size_t)cJSON_GetArraySize(rows) + 1;
	list->v = arena_alloc(a, list->cap * sizeof(*list->v));
	cJSON_ArrayForEach(it, rows)
	{
		struct export_row *r = &list->v[list->n];
		const char *date, *slug;
		char day[32];
		int64_t x[7];
		long mi;

		if (!cJSON_IsArray(it) ||
		    cJSON_GetArraySize(it) != (int)EXPORT_FILE_COLUMNS)
			return -1;
		date = cJSON_GetStringValue(cJSON_GetArrayItem(it, 0));
		slug = cJSON_GetStringValue(cJSON_GetArrayItem(it, 1));
		r->region = cJSON_GetStringValue(cJSON_GetArrayItem(it, 2));
		mi = model_index(ds, slug);
		if (date == NULL || strlen(date) != 10 || mi < 0 ||
		    r->region == NULL)
			return -1;
		snprintf(day, sizeof(day), "%sT00:00:00Z", date);
		if (time_parse_rfc3339(day, &r->day) != 0)
			return -1;
		for (int c = 0; c < 7; c++) {
			x[c] = count_or_null(cJSON_GetArrayItem(it, 3 + c),
			                     c >= 4);
			if (x[c] == -2)
				return -1;
		}
		r->model = (size_t)mi;
		r->checks = x[0];
		r->available = x[1];
		r->outage = x[2];
		r->degraded = x[3];
		r->p50_ms = x[4];
		r->p95_ms = x[5];
		r->ttft_p50_ms = x[6];
		if (r->available + r->outage != r->checks ||
		    r->degraded > r->available)
			return -1;
		list->n++;
	}
	return 0;
}

int
snapshot_lists(const struct snapshot *snap, const struct dataset *ds,
               struct arena *a, struct snapshot_lists *out, char *err,
               size_t errlen)
{
	const cJSON *root = snap->root, *it;
	const cJSON *inc = cJSON_GetObjectItemCaseSensitive(root, "incidents");
	const cJSON *mnt =
	    cJSON_GetObjectItemCaseSensitive(root, "maintenances");
	const cJSON *ex = cJSON_GetObjectItemCaseSensitive(root, "export");

	memset(out, 0, sizeof(*out));
	if (snap->version < 2 || (inc == NULL && mnt == NULL && ex == NULL))
		return 0;
	if (!cJSON_IsObject(inc) || !cJSON_IsArray(mnt) ||
	    !cJSON_IsObject(ex)) {
		snprintf(err, errlen,
		         "snapshot: incidents, maintenances or export missing");
		return -1;
	}
	{
		const cJSON *cols =
		    cJSON_GetObjectItemCaseSensitive(inc, "columns");
		int k = 0;

		inc = cJSON_GetObjectItemCaseSensitive(inc, "rows");
		if (!cJSON_IsArray(cols) || !cJSON_IsArray(inc) ||
		    cJSON_GetArraySize(cols) != IC__MAX) {
			snprintf(err, errlen, "snapshot: incidents invalid");
			return -1;
		}
		cJSON_ArrayForEach(it, cols)
		{
			if (!cJSON_IsString(it) ||
			    strcmp(it->valuestring, inc_col_names[k++]) != 0) {
				snprintf(err, errlen,
				         "snapshot: incidents' columns not %s",
				         "those of this version");
				return -1;
			}
		}
	}
	out->incidents = arena_alloc(a, ((size_t)cJSON_GetArraySize(inc) + 1) *
	                                    sizeof(*out->incidents));
	cJSON_ArrayForEach(it, inc)
	{
		if (read_incident(it, ds, a,
		                  &out->incidents[out->n_incidents]) != 0) {
			snprintf(err, errlen, "snapshot: incident %zu invalid",
			         out->n_incidents);
			return -1;
		}
		out->n_incidents++;
	}
	out->maintenances =
	    arena_alloc(a, ((size_t)cJSON_GetArraySize(mnt) + 1) *
	                       sizeof(*out->maintenances));
	cJSON_ArrayForEach(it, mnt)
	{
		if (read_maintenance(it, ds, a,
		                     &out->maintenances[out->n_maintenances]) !=
		    0) {
			snprintf(err, errlen,
			         "snapshot: maintenance %zu invalid",
			         out->n_maintenances);
			return -1;
		}
		out->n_maintenances++;
	}
	for (int r = 0; r < RANGE__MAX; r++)
		if (read_export_list(
		        cJSON_GetObjectItemCaseSensitive(ex, ranges[r].name),
		        ds, a, &out->exports[r]) != 0) {
			snprintf(err, errlen, "snapshot: %s export invalid",
			         ranges[r].name);
			return -1;
		}
	return 1;
}
