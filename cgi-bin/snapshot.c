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

static cJSON *
snapshot_json(const struct dataset *ds, int schema_version)
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
	root = snapshot_json(ds, schema_version);
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
	if (!cJSON_IsNumber(v) || v->valueint != SNAPSHOT_FORMAT_VERSION) {
		snprintf(err, errlen, "%s: snapshot format version not %d",
		         path, SNAPSHOT_FORMAT_VERSION);
		goto fail;
	}
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
		int rc = snapshot_dataset(snap, a, &ds, err, errlen);

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
