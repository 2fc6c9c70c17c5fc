/* ingest.c: validates batches of checks for the ingest API and `aigo import`, before anything is written. */
#include "ingest.h"

#include "arena.h"
#include "escape.h"
#include "json.h"
#include "slug.h"
#include "timefmt.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
ingest_begin(struct ingest_batch *b, struct arena *a, int64_t now,
             int64_t retention, const char *source)
{
	memset(b, 0, sizeof(*b));
	b->arena = a;
	b->now = now;
	b->retention = retention;
	b->source = source;
}

static void
problem(struct ingest_batch *b, long index, const char *field,
        const char *reason)
{
	b->problems = arena_grow(b->arena, b->problems, b->n_problems,
	                         &b->cap_problems, sizeof(*b->problems));
	b->problems[b->n_problems++] =
	    (struct ingest_problem){index, field, reason};
}

/* Whether s is 1..max of the characters in set. */
static int
token_of(const char *s, size_t max, const char *set)
{
	size_t n = strlen(s);

	return n >= 1 && n <= max && strspn(s, set) == n;
}

/* An optional integer member in [min, max] (null or absent: none). */
static int
optional_int(struct ingest_batch *b, long i, const cJSON *v, const char *name,
             int64_t min, int64_t max, int64_t none, int64_t *out)
{
	*out = none;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble)) {
		problem(b, i, name, "must be an integer");
		return -1;
	}
	if (v->valuedouble < (double)min || v->valuedouble > (double)max) {
		problem(b, i, name,
		        arena_printf(b->arena, "must be %lld to %lld",
		                     (long long)min, (long long)max));
		return -1;
	}
	*out = (int64_t)v->valuedouble;
	return 0;
}

static const char *const fields[] = {
    "model", "region",    "checkedAt", "status", "latencyMs", "httpStatus",
    "error", "probeKind", "errorKind", "ttftMs", "timings"};

/* The members of "timings", and where each goes in a check. */
static const struct timing_field {
	const char *name;
	size_t offset;
} timing_fields[] = {
    {"dnsMs", offsetof(struct check_in, dns_ms)},
    {"connectMs", offsetof(struct check_in, connect_ms)},
    {"tlsMs", offsetof(struct check_in, tls_ms)},
    {"firstByteMs", offsetof(struct check_in, first_byte_ms)},
};

/* A member name as an answer may repeat it: at most 64 bytes, cut at a
 * character boundary, and '?' for every byte when it is not UTF-8. */
static const char *
shown_name(struct arena *a, const char *s)
{
	size_t n = strnlen(s, 65);
	char *out;

	if (n > 64) {
		n = 64;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--; /* s[n] continues a character: cut before it */
	}
	out = arena_strndup(a, s, n);
	if (!utf8_valid(out, n))
		for (size_t k = 0; k < n; k++)
			if ((unsigned char)out[k] >= 0x80)
				out[k] = '?';
	return out;
}

/* Refuses members that are not fields, and fields given twice. */
static int
check_members(struct ingest_batch *b, long i, const cJSON *item)
{
	int seen[NELEM(fields)] = {0};
	int bad = 0;

	for (const cJSON *m = item->child; m != NULL; m = m->next) {
		size_t f = 0;

		while (f < NELEM(fields) && strcmp(m->string, fields[f]) != 0)
			f++;
		if (f == NELEM(fields)) {
			problem(b, i, shown_name(b->arena, m->string),
			        "unknown field");
			bad = 1;
		} else if (seen[f]++) {
			problem(b, i, fields[f], "given twice");
			bad = 1;
		}
	}
	return bad ? -1 : 0;
}

static int
check_time(struct ingest_batch *b, long i, const cJSON *v, int64_t *out)
{
	if (v == NULL) {
		problem(b, i, "checkedAt", "missing");
		return -1;
	}
	if (!cJSON_IsString(v) || time_parse_rfc3339(v->valuestring, out)) {
		problem(b, i, "checkedAt",
		        "must be an RFC 3339 time such as "
		        "2026-11-28T04:00:00Z");
		return -1;
	}
	if (*out > b->now + INGEST_FUTURE_SECS) {
		problem(b, i, "checkedAt", "more than 5 minutes in the future");
		return -1;
	}
	if (*out <= b->now - b->retention) {
		problem(b, i, "checkedAt",
		        arena_printf(b->arena,
		                     "older than the retention (%lld days)",
		                     (long long)(b->retention / 86400)));
		return -1;
	}
	return 0;
}

static int
check_error_text(struct ingest_batch *b, long i, const cJSON *v,
                 const char **out)
{
	size_t n;

	*out = NULL;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsString(v)) {
		problem(b, i, "error", "must be a string or null");
		return -1;
	}
	n = strlen(v->valuestring);
	if (n > INGEST_ERROR_MAX) {
		problem(b, i, "error", "longer than 512 bytes");
		return -1;
	}
	if (!utf8_valid(v->valuestring, n)) {
		problem(b, i, "error", "not valid UTF-8");
		return -1;
	}
	for (size_t k = 0; k < n; k++)
		if ((unsigned char)v->valuestring[k] < ' ' ||
		    v->valuestring[k] == 0x7f) {
			problem(b, i, "error", "has a control character");
			return -1;
		}
	*out = n > 0 ? arena_strndup(b->arena, v->valuestring, n) : NULL;
	return 0;
}

/* One of the names (a kind), or null or absent: NULL. Else a problem
 * saying which names are accepted. */
static int
check_kind(struct ingest_batch *b, long i, const cJSON *v, const char *field,
           const char *const *names, int n, const char **out)
{
	struct buf list = {0};
	int k = 0;

	*out = NULL;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (cJSON_IsString(v))
		for (k = 0; k < n && strcmp(v->valuestring, names[k]) != 0; k++)
			;
	if (cJSON_IsString(v) && k < n) {
		*out = names[k];
		return 0;
	}
	for (k = 0; k < n; k++) {
		const char *sep = k == 0 ? "" : k == n - 1 ? " or " : ", ";

		buf_append(&list, sep, strlen(sep));
		buf_append(&list, names[k], strlen(names[k]));
	}
	buf_append(&list, "", 0);
	problem(b, i, field,
	        arena_printf(b->arena, "must be %s, or null", list.data));
	buf_free(&list);
	return -1;
}

/* "timings": null, absent, or an object of at most the timing fields, each
 * an optional integer of ms. */
static void
check_timings(struct ingest_batch *b, long i, const cJSON *v,
              struct check_in *c)
{
	int seen[NELEM(timing_fields)] = {0};

	if (v == NULL || cJSON_IsNull(v))
		return;
	if (!cJSON_IsObject(v)) {
		problem(b, i, "timings", "must be an object or null");
		return;
	}
	for (const cJSON *m = v->child; m != NULL; m = m->next) {
		size_t f = 0;

		while (f < NELEM(timing_fields) &&
		       strcmp(m->string, timing_fields[f].name) != 0)
			f++;
		if (f == NELEM(timing_fields))
			problem(b, i,
			        arena_printf(b->arena, "timings.%s",
			                     shown_name(b->arena, m->string)),
			        "unknown field");
		else if (seen[f]++)
			problem(b, i,
			        arena_printf(b->arena, "timings.%s",
			                     timing_fields[f].name),
			        "given twice");
	}
	for (size_t f = 0; f < NELEM(timing_fields); f++)
		optional_int(
		    b, i,
		    cJSON_GetObjectItemCaseSensitive(v, timing_fields[f].name),
		    arena_printf(b->arena, "timings.%s", timing_fields[f].name),
		    0, INGEST_LATENCY_MAX, -1,
		    (int64_t *)((char *)c + timing_fields[f].offset));
}

/* The probe's fields of an item (DESIGN 7): its kind, the kind of its
 * failure, its time to first token and its timings, each optional. */
static void
check_probe_fields(struct ingest_batch *b, long i, const cJSON *item,
                   struct check_in *c)
{
	const cJSON *ttft = cJSON_GetObjectItemCaseSensitive(item, "ttftMs");

	check_kind(b, i, cJSON_GetObjectItemCaseSensitive(item, "probeKind"),
	           "probeKind", probe_kind_names, PROBE_KIND__MAX,
	           &c->probe_kind);
	if (check_kind(b, i,
	               cJSON_GetObjectItemCaseSensitive(item, "errorKind"),
	               "errorKind", error_kind_names, ERROR_KIND__MAX,
	               &c->error_kind) == 0 &&
	    c->error_kind != NULL && c->status == STATUS_OPERATIONAL)
		problem(b, i, "errorKind",
		        "must be null for an operational check");
	if (optional_int(b, i, ttft, "ttftMs", 0, INGEST_LATENCY_MAX, -1,
	                 &c->ttft_ms) == 0 &&
	    c->ttft_ms >= 0 &&
	    (c->probe_kind == NULL ||
	     strcmp(c->probe_kind, probe_kind_names[PROBE_KIND_STREAM]) != 0))
		problem(b, i, "ttftMs",
		        "is measured by stream probes only: needs probeKind "
		        "\"stream\"");
	check_timings(b, i, cJSON_GetObjectItemCaseSensitive(item, "timings"),
	              c);
}

int
ingest_add(struct ingest_batch *b, const cJSON *item)
{
	long i = (long)b->n;
	struct check_in c = {0};
	const char *slug = NULL;
	const cJSON *v;
	size_t before = b->n_problems;

	/* The three arrays share one capacity: each grows as the first. */
	size_t old = b->cap, cap;

	b->checks =
	    arena_grow(b->arena, b->checks, b->n, &b->cap, sizeof(*b->checks));
	cap = old;
	b->slugs =
	    arena_grow(b->arena, b->slugs, b->n, &cap, sizeof(*b->slugs));
	cap = old;
	b->region_given = arena_grow(b->arena, b->region_given, b->n, &cap,
	                             sizeof(*b->region_given));
	b->region_given[i] = 0;
	b->n++;
	c.source = b->source;
	c.region = "global";
	c.latency_ms = -1;
	c.dns_ms = c.connect_ms = c.tls_ms = c.first_byte_ms = c.ttft_ms = -1;
	if (!cJSON_IsObject(item)) {
		problem(b, i, "item", "must be an object");
		goto done;
	}
	check_members(b, i, item);
	v = cJSON_GetObjectItemCaseSensitive(item, "model");
	if (v == NULL)
		problem(b, i, "model", "missing");
	else if (!cJSON_IsString(v) ||
	         !token_of(v->valuestring, SLUG_MAX, SLUG_CHARS))
		problem(b, i, "model",
		        "must be a model slug (1-64 of a-z, 0-9, '.', '-')");
	else
		slug = arena_strdup(b->arena, v->valuestring);
	v = cJSON_GetObjectItemCaseSensitive(item, "region");
	if (v != NULL) {
		if (!cJSON_IsString(v) ||
		    !token_of(v->valuestring, 32,
		              "abcdefghijklmnopqrstuvwxyz0123456789-")) {
			problem(b, i, "region",
			        "must be a region (1-32 of a-z, 0-9, '-')");
			slug = NULL; /* nothing to look up */
		} else {
			c.region = arena_strdup(b->arena, v->valuestring);
			b->region_given[i] = 1;
		}
	}
	check_time(b, i, cJSON_GetObjectItemCaseSensitive(item, "checkedAt"),
	           &c.checked_at);
	v = cJSON_GetObjectItemCaseSensitive(item, "status");
	c.status = STATUS__MAX;
	if (v == NULL)
		problem(b, i, "status", "missing");
	else if (cJSON_IsString(v))
		c.status = status_from_name(v->valuestring);
	if (v != NULL && c.status >= STATUS_UNKNOWN)
		problem(b, i, "status",
		        "must be operational, degraded or outage");
	optional_int(b, i, cJSON_GetObjectItemCaseSensitive(item, "latencyMs"),
	             "latencyMs", 0, INGEST_LATENCY_MAX, -1, &c.latency_ms);
	optional_int(b, i, cJSON_GetObjectItemCaseSensitive(item, "httpStatus"),
	             "httpStatus", 100, 599, 0, &c.http_status);
	check_error_text(b, i, cJSON_GetObjectItemCaseSensitive(item, "error"),
	                 &c.error);
	check_probe_fields(b, i, item, &c);
done:
	b->checks[i] = c;
	b->slugs[i] = slug;
	return b->n_problems == before ? 0 : -1;
}

int
ingest_parse_body(struct ingest_batch *b, const char *body, size_t len,
                  size_t max_checks, const char **field, const char **why)
{
	struct json_error e;
	cJSON *root = json_parse(body, len, &e);
	const cJSON *checks, *item;
	int rc = -1;

	*field = "body";
	if (root == NULL) {
		if (e.pointer[0] != '\0')
			*field = arena_strdup(b->arena, e.pointer);
		*why = e.offset > 0 ? arena_printf(b->arena, "%s at byte %zu",
		                                   e.reason, e.offset)
		                    : e.reason;
		return -1;
	}
	checks = cJSON_GetObjectItemCaseSensitive(root, "checks");
	if (!cJSON_IsObject(root)) {
		*why = "the body must be an object with a member \"checks\"";
	} else if (root->child != NULL &&
	           (root->child->next != NULL || checks == NULL)) {
		*why = "the body must have one member, \"checks\"";
	} else if (!cJSON_IsArray(checks)) {
		*field = "checks";
		*why = "\"checks\" must be an array of checks";
	} else if (cJSON_GetArraySize(checks) < 1 ||
	           (size_t)cJSON_GetArraySize(checks) > max_checks) {
		*field = "checks";
		*why = arena_printf(b->arena,
		                    "\"checks\" must hold 1 to %zu items",
		                    max_checks);
	} else {
		for (item = checks->child; item != NULL; item = item->next)
			ingest_add(b, item);
		rc = 0;
	}
	cJSON_Delete(root);
	return rc;
}

struct dup_ctx {
	const struct ingest_batch *b;
};

static int
same_key_order(const void *x, const void *y, void *ctx)
{
	const struct ingest_batch *b = ((const struct dup_ctx *)ctx)->b;
	size_t i = *(const size_t *)x, j = *(const size_t *)y;
	const struct check_in *p = &b->checks[i], *q = &b->checks[j];
	int r = strcmp(b->slugs[i], b->slugs[j]);

	if (r == 0)
		r = strcmp(p->region, q->region);
	if (r == 0)
		r = (p->checked_at > q->checked_at) -
		    (p->checked_at < q->checked_at);
	/* Equal keys stay in batch order, so the later one is reported. */
	return r != 0 ? r : (i > j) - (i < j);
}

void
ingest_find_duplicates(struct ingest_batch *b)
{
	size_t *order = arena_alloc(b->arena, (b->n + 1) * sizeof(*order));
	size_t n = 0;
	struct dup_ctx ctx = {b};

	for (size_t i = 0; i < b->n; i++)
		if (b->slugs[i] != NULL && b->checks[i].checked_at != 0)
			order[n++] = i;
	qsort_r(order, n, sizeof(*order), same_key_order, &ctx);
	for (size_t k = 1; k < n; k++) {
		size_t i = order[k - 1], j = order[k];

		if (strcmp(b->slugs[i], b->slugs[j]) == 0 &&
		    strcmp(b->checks[i].region, b->checks[j].region) == 0 &&
		    b->checks[i].checked_at == b->checks[j].checked_at)
			problem(b, (long)j, "checkedAt",
			        arena_printf(b->arena,
			                     "repeats the model, region and "
			                     "checkedAt of item %zu",
			                     i));
	}
}

/* Puts the problems back in item order: [0, mid) and [mid, n) are each in
 * item order; the first run's go first within an item. */
static void
merge_problems(struct ingest_batch *b, size_t mid)
{
	struct ingest_problem *out;
	size_t i = 0, j = mid, k = 0;

	if (mid == 0 || mid == b->n_problems)
		return;
	out = arena_alloc(b->arena, b->n_problems * sizeof(*out));
	while (i < mid || j < b->n_problems)
		out[k++] =
		    j == b->n_problems || (i < mid && b->problems[i].index <=
		                                          b->problems[j].index)
		        ? b->problems[i++]
		        : b->problems[j++];
	b->problems = out;
	b->cap_problems = b->n_problems;
}

int
ingest_resolve(struct ingest_batch *b, struct store *s, char *err,
               size_t errlen)
{
	const char *last_slug = NULL, *last_region = NULL;
	int64_t last_id = 0;
	size_t before = b->n_problems;

	for (size_t i = 0; i < b->n; i++) {
		struct check_in *c = &b->checks[i];
		int rc;

		if (b->slugs[i] == NULL)
			continue; /* already a problem */
		/* Batches are usually grouped by model: reuse the last answer. */
		if (last_slug != NULL && strcmp(b->slugs[i], last_slug) == 0 &&
		    strcmp(c->region, last_region) == 0) {
			c->model_id = last_id;
			continue;
		}
		rc = store_find_endpoint(s, b->slugs[i], c->region,
		                         &c->model_id, err, errlen);
		if (rc < 0)
			return -1;
		if (rc == STORE_NO_MODEL) {
			problem(b, (long)i, "model", "no such model");
			continue;
		}
		if (rc == STORE_NO_REGION) {
			const char *regions = store_model_regions(
			    s, c->model_id, b->arena, err, errlen);

			if (regions == NULL)
				return -1;
			problem(
			    b, (long)i, "region",
			    b->region_given[i]
			        ? arena_printf(b->arena,
			                       "the model has no endpoint in "
			                       "region \"%s\"; its regions: %s",
			                       c->region, regions)
			        : arena_printf(b->arena,
			                       "no region was given, so "
			                       "\"global\" was assumed, and "
			                       "the model has no endpoint "
			                       "there; its regions: %s",
			                       regions));
			continue;
		}
		last_slug = b->slugs[i];
		last_region = c->region;
		last_id = c->model_id;
	}
	merge_problems(b, before);
	return 0;
}

size_t
ingest_problems_json(const struct ingest_batch *b, cJSON *arr, size_t max)
{
	size_t k;

	for (k = 0; k < b->n_problems && k < max; k++) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddNumberToObject(o, "index",
		                        (double)b->problems[k].index);
		cJSON_AddStringToObject(o, "field", b->problems[k].field);
		cJSON_AddStringToObject(o, "reason", b->problems[k].reason);
		cJSON_AddItemToArray(arr, o);
	}
	return k;
}
