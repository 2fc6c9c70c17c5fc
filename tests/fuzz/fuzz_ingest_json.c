/* fuzz_ingest_json.c: the ingest API's JSON body (ingest_parse_body, then the duplicate check): only one strict JSON text of valid checks is accepted, and what is accepted is what was sent. */
#include <cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "fuzz.h"
#include "ingest.h"
#include "timefmt.h"

#define RETENTION (90 * 86400)

/* A kind of the accepted check: the name of names that v holds, or
 * NULL for null or absent. */
static void
check_kind(const char *kind, const cJSON *v, const char *const *names, int n,
           size_t i, const char *field)
{
	int k = 0;

	if (v == NULL || cJSON_IsNull(v)) {
		FUZZ_ASSERT(kind == NULL, "check %zu: %s from none", i, field);
		return;
	}
	while (k < n && kind != names[k])
		k++;
	FUZZ_ASSERT(k < n && cJSON_IsString(v) &&
	                strcmp(v->valuestring, names[k]) == 0,
	            "check %zu: %s is not what was sent", i, field);
}

/* A time in ms of the accepted check: what v holds, 0 to the maximum, or
 * -1 for null or absent. */
static void
check_ms(int64_t ms, const cJSON *v, size_t i, const char *field)
{
	FUZZ_ASSERT(cJSON_IsNumber(v)
	                ? ms == (int64_t)v->valuedouble && ms >= 0 &&
	                      ms <= INGEST_LATENCY_MAX
	                : ms == -1 && (v == NULL || cJSON_IsNull(v)),
	            "check %zu: %s %lld", i, field, (long long)ms);
}

/* The probe's fields of the accepted check i agree with item. */
static void
check_probe(const struct check_in *c, size_t i, const cJSON *item)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(item, "timings");

	check_kind(c->probe_kind,
	           cJSON_GetObjectItemCaseSensitive(item, "probeKind"),
	           probe_kind_names, PROBE_KIND__MAX, i, "probeKind");
	check_kind(c->error_kind,
	           cJSON_GetObjectItemCaseSensitive(item, "errorKind"),
	           error_kind_names, ERROR_KIND__MAX, i, "errorKind");
	FUZZ_ASSERT(c->error_kind == NULL || c->status != STATUS_OPERATIONAL,
	            "check %zu: an operational check with an error kind", i);
	check_ms(c->ttft_ms, cJSON_GetObjectItemCaseSensitive(item, "ttftMs"),
	         i, "ttftMs");
	FUZZ_ASSERT(c->ttft_ms < 0 || (c->probe_kind != NULL &&
	                               strcmp(c->probe_kind, "stream") == 0),
	            "check %zu: a time to first token without a stream", i);
	FUZZ_ASSERT(t == NULL || cJSON_IsNull(t) || cJSON_IsObject(t),
	            "check %zu: timings neither an object nor null", i);
	check_ms(c->dns_ms, cJSON_GetObjectItemCaseSensitive(t, "dnsMs"), i,
	         "dnsMs");
	check_ms(c->connect_ms,
	         cJSON_GetObjectItemCaseSensitive(t, "connectMs"), i,
	         "connectMs");
	check_ms(c->tls_ms, cJSON_GetObjectItemCaseSensitive(t, "tlsMs"), i,
	         "tlsMs");
	check_ms(c->first_byte_ms,
	         cJSON_GetObjectItemCaseSensitive(t, "firstByteMs"), i,
	         "firstByteMs");
}

/* The accepted check i agrees with item, the object it came from. */
static void
check_item(const struct ingest_batch *b, size_t i, const cJSON *item)
{
	const struct check_in *c = &b->checks[i];
	const cJSON *v;
	int64_t t;

	v = cJSON_GetObjectItemCaseSensitive(item, "model");
	FUZZ_ASSERT(cJSON_IsString(v) &&
	                strcmp(b->slugs[i], v->valuestring) == 0,
	            "check %zu: model \"%s\"", i,
	            fuzz_show(b->slugs[i], strlen(b->slugs[i])));
	v = cJSON_GetObjectItemCaseSensitive(item, "region");
	FUZZ_ASSERT(strcmp(c->region,
	                   cJSON_IsString(v) ? v->valuestring : "global") == 0,
	            "check %zu: region \"%s\"", i, c->region);
	v = cJSON_GetObjectItemCaseSensitive(item, "checkedAt");
	FUZZ_ASSERT(cJSON_IsString(v) &&
	                time_parse_rfc3339(v->valuestring, &t) == 0 &&
	                t == c->checked_at,
	            "check %zu: checkedAt", i);
	FUZZ_ASSERT(c->checked_at > FUZZ_NOW - RETENTION &&
	                c->checked_at <= FUZZ_NOW + INGEST_FUTURE_SECS,
	            "check %zu: checkedAt %lld outside the accepted window", i,
	            (long long)c->checked_at);
	v = cJSON_GetObjectItemCaseSensitive(item, "status");
	FUZZ_ASSERT(c->status < STATUS_UNKNOWN &&
	                strcmp(v->valuestring, status_names[c->status]) == 0,
	            "check %zu: status \"%s\"", i,
	            fuzz_show(v->valuestring, strlen(v->valuestring)));
	v = cJSON_GetObjectItemCaseSensitive(item, "latencyMs");
	FUZZ_ASSERT(cJSON_IsNumber(v)
	                ? c->latency_ms == (int64_t)v->valuedouble &&
	                      c->latency_ms >= 0 &&
	                      c->latency_ms <= INGEST_LATENCY_MAX
	                : c->latency_ms == -1,
	            "check %zu: latencyMs %lld", i, (long long)c->latency_ms);
	v = cJSON_GetObjectItemCaseSensitive(item, "httpStatus");
	FUZZ_ASSERT(cJSON_IsNumber(v)
	                ? c->http_status == (int64_t)v->valuedouble &&
	                      c->http_status >= 100 && c->http_status <= 599
	                : c->http_status == 0,
	            "check %zu: httpStatus %lld", i, (long long)c->http_status);
	v = cJSON_GetObjectItemCaseSensitive(item, "error");
	if (cJSON_IsString(v) && v->valuestring[0] != '\0') {
		FUZZ_ASSERT(c->error != NULL &&
		                strcmp(c->error, v->valuestring) == 0,
		            "check %zu: error text", i);
		FUZZ_ASSERT(fuzz_utf8_ok(c->error, strlen(c->error)) &&
		                strlen(c->error) <= INGEST_ERROR_MAX,
		            "check %zu: error text not UTF-8 or too long", i);
		for (const char *p = c->error; *p != '\0'; p++)
			FUZZ_ASSERT((unsigned char)*p >= 0x20 && *p != 0x7f,
			            "check %zu: error text with a control "
			            "character",
			            i);
	} else {
		FUZZ_ASSERT(c->error == NULL, "check %zu: error text from none",
		            i);
	}
	check_probe(c, i, item);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data, *field = NULL, *why = NULL;
	struct arena *a = arena_new();
	struct ingest_batch b;
	struct fuzz_json j;
	int rc;

	ingest_begin(&b, a, FUZZ_NOW, RETENTION, "ingest");
	rc = ingest_parse_body(&b, body, size, INGEST_MAX_CHECKS, &field, &why);
	fuzz_json_scan(body, size, 1, &j);
	if (rc != 0) {
		FUZZ_ASSERT(field != NULL && why != NULL && *why != '\0',
		            "a refused body without a reason");
		FUZZ_ASSERT(b.n == 0, "a refused body left %zu checks", b.n);
		goto out;
	}
	/* A body read as JSON is one JSON value and nothing more. */
	FUZZ_ASSERT(fuzz_json_trailing(body, size) == 0,
	            "data after the JSON value (from byte %zu of %zu) was "
	            "ignored",
	            fuzz_json_trailing(body, size), size);
	FUZZ_ASSERT(b.n >= 1 && b.n <= INGEST_MAX_CHECKS, "%zu checks", b.n);
	ingest_find_duplicates(&b);
	for (size_t k = 0; k < b.n_problems; k++) {
		const struct ingest_problem *p = &b.problems[k];

		FUZZ_ASSERT(p->index >= 0 && (size_t)p->index < b.n,
		            "problem %zu names check %ld of %zu", k, p->index,
		            b.n);
		FUZZ_ASSERT(p->field != NULL && p->reason != NULL,
		            "problem %zu without a field or a reason", k);
		/* They are sent back in JSON: text, not bytes. */
		FUZZ_ASSERT(fuzz_utf8_ok(p->field, strlen(p->field)) &&
		                fuzz_utf8_ok(p->reason, strlen(p->reason)),
		            "problem %zu is not UTF-8: field \"%s\"", k,
		            fuzz_show(p->field, strlen(p->field)));
	}
	if (b.n_problems > 0)
		goto out;

	/* Accepted: every string whole, every check what its item says. */
	FUZZ_ASSERT(!j.nul, "accepted a string that holds U+0000");
	FUZZ_ASSERT(!j.ctl, "accepted a string with a raw control character");
	FUZZ_ASSERT(j.utf8, "accepted a string that is not UTF-8");
	{
		cJSON *doc = cJSON_ParseWithLength(body, size);
		const cJSON *item;
		size_t i = 0;

		cJSON_ArrayForEach(
		    item, cJSON_GetObjectItemCaseSensitive(doc, "checks"))
		{
			FUZZ_ASSERT(i < b.n, "more items than checks");
			check_item(&b, i++, item);
		}
		FUZZ_ASSERT(i == b.n, "%zu items, %zu checks", i, b.n);
		cJSON_Delete(doc);
	}
out:
	arena_free(a);
	return 0;
}
