/* export.c: the daily aggregates of the export (GET /api/v1/export, aigo export): per UTC day, model and region, from the checks, pure. */
#include "export.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "detail.h"
#include "json.h"
#include "numfmt.h"
#include "stats.h"
#include "timefmt.h"

#define DAY_SECS INT64_C(86400)

const char *const export_columns[EXPORT_COLUMNS] = {
    "date",   "provider", "model",        "region", "checks", "available",
    "outage", "degraded", "availability", "p50_ms", "p95_ms", "ttft_p50_ms"};

static int
int64_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* The UTC day's start of t. */
static int64_t
day_of(int64_t t)
{
	return t - (((t % DAY_SECS) + DAY_SECS) % DAY_SECS);
}

void
export_add_model(struct export_list *list, size_t model,
                 const struct check_row *rows, size_t n, struct arena *a)
{
	int64_t *lat = arena_alloc(a, sizeof(*lat) * (n + 1));
	int64_t *ttft = arena_alloc(a, sizeof(*ttft) * (n + 1));
	size_t i = 0;

	if (list->v == NULL) {
		list->cap = 64;
		list->v = arena_alloc(a, sizeof(*list->v) * list->cap);
	}
	while (i < n) {
		size_t j = i, nl = 0, nt = 0;
		int64_t day = day_of(rows[i].checked_at);
		struct export_row *r;

		list->v = arena_grow(a, list->v, list->n, &list->cap,
		                     sizeof(*list->v));
		r = &list->v[list->n++];
		memset(r, 0, sizeof(*r));
		r->day = day;
		r->model = model;
		r->region = rows[i].region;
		while (j < n && strcmp(rows[j].region, r->region) == 0 &&
		       day_of(rows[j].checked_at) == day) {
			const struct check_row *c = &rows[j++];

			if (c->status >= STATUS_UNKNOWN)
				continue;
			r->checks++;
			if (c->status == STATUS_OUTAGE)
				r->outage++;
			else
				r->available++;
			if (c->status == STATUS_DEGRADED)
				r->degraded++;
			if (c->latency_ms >= 0)
				lat[nl++] = c->latency_ms;
			if (c->ttft_ms >= 0)
				ttft[nt++] = c->ttft_ms;
		}
		qsort(lat, nl, sizeof(*lat), int64_cmp);
		qsort(ttft, nt, sizeof(*ttft), int64_cmp);
		r->p50_ms = detail_percentile(lat, nl, 50);
		r->p95_ms = detail_percentile(lat, nl, 95);
		r->ttft_p50_ms = detail_percentile(ttft, nt, 50);
		i = j;
	}
}

static int
row_cmp(const void *pa, const void *pb)
{
	const struct export_row *a = pa, *b = pb;

	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	if (a->model != b->model)
		return a->model < b->model ? -1 : 1;
	return strcmp(a->region, b->region);
}

void
export_sort(struct export_list *list)
{
	if (list->n > 1)
		qsort(list->v, list->n, sizeof(*list->v), row_cmp);
}

/* The availability of r in percent, as DESIGN 3 defines it. */
static double
row_availability(const struct export_row *r)
{
	struct counts c = {{0}};
	double pct = 0;

	c.n[STATUS_OPERATIONAL] = r->available - r->degraded;
	c.n[STATUS_DEGRADED] = r->degraded;
	c.n[STATUS_OUTAGE] = r->outage;
	stats_availability(&c, &pct);
	return pct;
}

/* The date of day as YYYY-MM-DD into out (11 bytes). */
static void
row_date(int64_t day, char out[11])
{
	char t[21];

	time_rfc3339(day, t);
	memcpy(out, t, 10);
	out[10] = '\0';
}

/* Appends one CSV field: quoted when it holds a comma, quote, CR or LF. */
static void
csv_field(struct buf *b, const char *s, int first)
{
	if (!first)
		buf_puts(b, ",");
	if (strpbrk(s, ",\"\r\n") == NULL) {
		buf_puts(b, s);
		return;
	}
	buf_puts(b, "\"");
	for (; *s != '\0'; s++) {
		if (*s == '"')
			buf_puts(b, "\"");
		buf_append(b, s, 1);
	}
	buf_puts(b, "\"");
}

static void
csv_int(struct buf *b, int64_t v)
{
	if (v >= 0)
		buf_printf(b, ",%" PRId64, v);
	else
		buf_puts(b, ",");
}

void
export_csv(struct buf *b, const struct dataset *ds,
           const struct export_list *list)
{
	for (int k = 0; k < EXPORT_COLUMNS; k++)
		csv_field(b, export_columns[k], k == 0);
	buf_puts(b, "\r\n");
	for (size_t i = 0; i < list->n; i++) {
		const struct export_row *r = &list->v[i];
		const struct model *md = &ds->models[r->model];
		char date[11];

		row_date(r->day, date);
		csv_field(b, date, 1);
		csv_field(b, ds->providers[md->provider].slug, 0);
		csv_field(b, md->slug, 0);
		csv_field(b, r->region, 0);
		csv_int(b, r->checks);
		csv_int(b, r->available);
		csv_int(b, r->outage);
		csv_int(b, r->degraded);
		buf_printf(b, ",%.2f", percent_shown(row_availability(r), 2));
		csv_int(b, r->p50_ms);
		csv_int(b, r->p95_ms);
		csv_int(b, r->ttft_p50_ms);
		buf_puts(b, "\r\n");
	}
}

cJSON *
export_json(const struct dataset *ds, const struct export_list *list)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < list->n; i++) {
		const struct export_row *r = &list->v[i];
		const struct model *md = &ds->models[r->model];
		cJSON *o = cJSON_CreateObject();
		char date[11];

		row_date(r->day, date);
		cJSON_AddStringToObject(o, "date", date);
		cJSON_AddStringToObject(o, "provider",
		                        ds->providers[md->provider].slug);
		cJSON_AddStringToObject(o, "model", md->slug);
		cJSON_AddStringToObject(o, "region", r->region);
		cJSON_AddNumberToObject(o, "checks", (double)r->checks);
		cJSON_AddNumberToObject(o, "available", (double)r->available);
		cJSON_AddNumberToObject(o, "outage", (double)r->outage);
		cJSON_AddNumberToObject(o, "degraded", (double)r->degraded);
		json_add_percent(o, "availability", r->checks > 0,
		                 row_availability(r));
		json_add_int_or_null(o, "p50_ms", r->p50_ms >= 0, r->p50_ms);
		json_add_int_or_null(o, "p95_ms", r->p95_ms >= 0, r->p95_ms);
		json_add_int_or_null(o, "ttft_p50_ms", r->ttft_p50_ms >= 0,
		                     r->ttft_p50_ms);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}
