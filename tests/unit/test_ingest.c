/* test_ingest.c: ingest validation as tables of good and bad items, batch shape, duplicates and lookup; POST /api/v1/checks through app_handle. */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "escape.h"
#include "ingest.h"
#include "timefmt.h"
#include "unit.h"

#define NOW 1795838400 /* 2026-11-28T04:00:00Z */
#define KEEP (90 * 86400)

static const struct item_case {
	const char *json;
	const char *field;  /* NULL: the item is valid */
	const char *reason; /* a part of the first problem's reason */
} item_cases[] = {
    /* Good items: the smallest, every field, nulls, offsets, edges. */
    {"{\"model\":\"gpt-4o\",\"checkedAt\":\"2026-11-28T03:59:00Z\","
     "\"status\":\"operational\"}",
     NULL, NULL},
    {"{\"model\":\"gpt-4o\",\"region\":\"eastus\",\"checkedAt\":"
     "\"2026-11-28T03:59:00.5Z\",\"status\":\"degraded\",\"latencyMs\":"
     "6000,\"httpStatus\":429,\"error\":\"429 Too Many Requests\"}",
     NULL, NULL},
    {"{\"model\":\"a\",\"checkedAt\":\"2026-11-28T12:59:00+09:00\","
     "\"status\":\"outage\",\"latencyMs\":null,\"httpStatus\":null,"
     "\"error\":null}",
     NULL, NULL},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T04:05:00Z\",\"status\":"
     "\"outage\",\"latencyMs\":0,\"httpStatus\":599,\"error\":\"\"}",
     NULL, NULL},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-08-30T04:00:01Z\",\"status\":"
     "\"operational\",\"latencyMs\":600000,\"httpStatus\":100,\"error\":"
     "\"d\\u00e9j\\u00e0 vu \\ud55c\\uad6d\"}",
     NULL, NULL},
    /* Not an object. */
    {"[1]", "item", "object"},
    {"\"x\"", "item", "object"},
    /* Each field missing. */
    {"{\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":\"outage\"}", "model",
     "missing"},
    {"{\"model\":\"m\",\"status\":\"outage\"}", "checkedAt", "missing"},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\"}", "status",
     "missing"},
    /* Wrong types. */
    {"{\"model\":7,\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"outage\"}",
     "model", "slug"},
    {"{\"model\":\"m\",\"region\":1,\"checkedAt\":\"2026-11-28T03:59:00Z\","
     "\"status\":\"outage\"}",
     "region", "region"},
    {"{\"model\":\"m\",\"checkedAt\":1795838400,\"status\":\"outage\"}",
     "checkedAt", "RFC 3339"},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "true}",
     "status", "operational, degraded or outage"},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"outage\",\"latencyMs\":\"5\"}",
     "latencyMs", "integer"},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"outage\",\"latencyMs\":1.5}",
     "latencyMs", "integer"},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"outage\",\"httpStatus\":\"200\"}",
     "httpStatus", "integer"},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"outage\",\"error\":42}",
     "error", "string"},
    /* Out of range. */
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T04:05:01Z\",\"status\":"
     "\"outage\"}",
     "checkedAt", "future"},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-08-30T04:00:00Z\",\"status\":"
     "\"outage\"}",
     "checkedAt", "retention"},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-02-30T04:00:00Z\",\"status\":"
     "\"outage\"}",
     "checkedAt", "RFC 3339"},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"outage\",\"latencyMs\":-1}",
     "latencyMs", "0 to 600000"},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"outage\",\"latencyMs\":600001}",
     "latencyMs", "0 to 600000"},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"outage\",\"httpStatus\":99}",
     "httpStatus", "100 to 599"},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"outage\",\"httpStatus\":600}",
     "httpStatus", "100 to 599"},
    /* Unknown status, bad slugs and regions, too long. */
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"unknown\"}",
     "status", "operational, degraded or outage"},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"Operational\"}",
     "status", "operational, degraded or outage"},
    {"{\"model\":\"GPT-4o\",\"checkedAt\":\"2026-11-28T03:59:00Z\","
     "\"status\":\"outage\"}",
     "model", "slug"},
    {"{\"model\":\"\",\"checkedAt\":\"2026-11-28T03:59:00Z\","
     "\"status\":\"outage\"}",
     "model", "slug"},
    {"{\"model\":"
     "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaa\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":\"outage\"}",
     "model", "slug"},
    {"{\"model\":\"m\",\"region\":\"us_east\",\"checkedAt\":"
     "\"2026-11-28T03:59:00Z\",\"status\":\"outage\"}",
     "region", "region"},
    {"{\"model\":\"m\",\"region\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\","
     "\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":\"outage\"}",
     "region", "region"},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"outage\",\"error\":\"line\\nbreak\"}",
     "error", "control"},
    /* The probe's fields (all optional): good ones, null ones. */
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"operational\",\"probeKind\":\"stream\",\"errorKind\":null,"
     "\"ttftMs\":0,\"timings\":{\"dnsMs\":0,\"connectMs\":600000,"
     "\"tlsMs\":null,\"firstByteMs\":12}}",
     NULL, NULL},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"outage\",\"probeKind\":null,\"errorKind\":\"unexpected_status\","
     "\"ttftMs\":null,\"timings\":null}",
     NULL, NULL},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"degraded\",\"probeKind\":\"reachability\",\"errorKind\":"
     "\"rate_limited\",\"timings\":{}}",
     NULL, NULL},
    /* Unknown kinds, wrong types. */
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"outage\",\"probeKind\":\"ping\"}",
     "probeKind", "must be reachability, inference or stream, or null"},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"outage\",\"probeKind\":\"Stream\"}",
     "probeKind", "reachability, inference or stream"},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"outage\",\"probeKind\":3}",
     "probeKind", "reachability, inference or stream"},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"outage\",\"errorKind\":\"slow\"}",
     "errorKind",
     "must be timeout, dns, connect, tls, auth, rate_limited, overloaded, "
     "http_4xx, http_5xx, unexpected_status, empty or malformed, or null"},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"outage\",\"errorKind\":[\"dns\"]}",
     "errorKind", "timeout, dns"},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"operational\",\"errorKind\":\"timeout\"}",
     "errorKind", "null for an operational check"},
    /* Times: integers, not negative, at most 600000 ms. */
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"operational\",\"probeKind\":\"stream\",\"ttftMs\":-1}",
     "ttftMs", "0 to 600000"},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"operational\",\"probeKind\":\"stream\",\"ttftMs\":600001}",
     "ttftMs", "0 to 600000"},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"operational\",\"probeKind\":\"stream\",\"ttftMs\":2.5}",
     "ttftMs", "integer"},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"operational\",\"probeKind\":\"stream\",\"ttftMs\":\"80\"}",
     "ttftMs", "integer"},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"operational\",\"probeKind\":\"inference\",\"ttftMs\":80}",
     "ttftMs", "needs probeKind \"stream\""},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"operational\",\"ttftMs\":80}",
     "ttftMs", "stream probes only"},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"operational\",\"timings\":[1,2]}",
     "timings", "object or null"},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"operational\",\"timings\":{\"dnsMs\":-3}}",
     "timings.dnsMs", "0 to 600000"},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"operational\",\"timings\":{\"connectMs\":1e9}}",
     "timings.connectMs", "0 to 600000"},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"operational\",\"timings\":{\"tlsMs\":0.5}}",
     "timings.tlsMs", "integer"},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"operational\",\"timings\":{\"firstByteMs\":true}}",
     "timings.firstByteMs", "integer"},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"operational\",\"timings\":{\"ttfbMs\":5}}",
     "timings.ttfbMs", "unknown field"},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"operational\",\"timings\":{\"dnsMs\":1,\"dnsMs\":2}}",
     "timings.dnsMs", "twice"},
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"operational\",\"dnsMs\":5}",
     "dnsMs", "unknown field"},
    /* Unknown and repeated members. */
    {"{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\",\"status\":"
     "\"outage\",\"latency\":5}",
     "latency", "unknown field"},
    {"{\"model\":\"m\",\"model\":\"n\",\"checkedAt\":"
     "\"2026-11-28T03:59:00Z\",\"status\":\"outage\"}",
     "model", "twice"},
};

START_TEST(test_ingest_item)
{
	const struct item_case *c = &item_cases[_i];
	struct arena *a = arena_new();
	struct ingest_batch b;
	cJSON *item = cJSON_Parse(c->json);
	int rc;

	ck_assert_msg(item != NULL, "case %d does not parse", _i);
	ingest_begin(&b, a, NOW, KEEP, "ingest");
	rc = ingest_add(&b, item);
	ck_assert_uint_eq(b.n, 1);
	if (c->field == NULL) {
		ck_assert_msg(rc == 0 && b.n_problems == 0, "%s: %s: %s",
		              c->json, b.n_problems ? b.problems[0].field : "",
		              b.n_problems ? b.problems[0].reason : "");
		ck_assert_int_lt(b.checks[0].status, STATUS_UNKNOWN);
		ck_assert_str_eq(b.checks[0].source, "ingest");
	} else {
		ck_assert_msg(rc != 0 && b.n_problems >= 1, "%s passed",
		              c->json);
		ck_assert_int_eq(b.problems[0].index, 0);
		ck_assert_str_eq(b.problems[0].field, c->field);
		ck_assert_msg(strstr(b.problems[0].reason, c->reason) != NULL,
		              "%s: reason \"%s\" lacks \"%s\"", c->json,
		              b.problems[0].reason, c->reason);
	}
	cJSON_Delete(item);
	arena_free(a);
}
END_TEST

START_TEST(test_ingest_item_values)
{
	struct arena *a = arena_new();
	struct ingest_batch b;
	cJSON *item = cJSON_Parse(item_cases[1].json);
	cJSON *bare = cJSON_Parse(item_cases[2].json);

	ingest_begin(&b, a, NOW, KEEP, "import");
	ck_assert_int_eq(ingest_add(&b, item), 0);
	ck_assert_int_eq(ingest_add(&b, bare), 0);
	ck_assert_str_eq(b.slugs[0], "gpt-4o");
	ck_assert_str_eq(b.checks[0].region, "eastus");
	ck_assert_int_eq(b.checks[0].checked_at, NOW - 60);
	ck_assert_int_eq(b.checks[0].status, STATUS_DEGRADED);
	ck_assert_int_eq(b.checks[0].latency_ms, 6000);
	ck_assert_int_eq(b.checks[0].http_status, 429);
	ck_assert_str_eq(b.checks[0].error, "429 Too Many Requests");
	ck_assert_str_eq(b.checks[0].source, "import");
	/* Absent and null: the defaults the store writes as NULL. */
	ck_assert_str_eq(b.checks[1].region, "global");
	ck_assert_int_eq(b.checks[1].checked_at, NOW - 60);
	ck_assert_int_eq(b.checks[1].latency_ms, -1);
	ck_assert_int_eq(b.checks[1].http_status, 0);
	ck_assert_ptr_null(b.checks[1].error);
	/* Without the probe's fields: not said, none, not measured. */
	for (int k = 0; k < 2; k++) {
		const struct check_in *c = &b.checks[k];

		ck_assert_ptr_null(c->probe_kind);
		ck_assert_ptr_null(c->error_kind);
		ck_assert_int_eq(c->dns_ms, -1);
		ck_assert_int_eq(c->connect_ms, -1);
		ck_assert_int_eq(c->tls_ms, -1);
		ck_assert_int_eq(c->first_byte_ms, -1);
		ck_assert_int_eq(c->ttft_ms, -1);
	}
	cJSON_Delete(item);
	cJSON_Delete(bare);
	arena_free(a);
}
END_TEST

/* The probe's fields go where the store reads them; a null or absent one
 * is not measured. */
START_TEST(test_ingest_probe_fields)
{
	static const char *const items[] = {
	    "{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\","
	    "\"status\":\"degraded\",\"probeKind\":\"stream\",\"errorKind\":"
	    "\"overloaded\",\"ttftMs\":480,\"timings\":{\"firstByteMs\":410,"
	    "\"tlsMs\":25,\"connectMs\":0,\"dnsMs\":3}}",
	    "{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:58:00Z\","
	    "\"status\":\"outage\",\"probeKind\":\"reachability\","
	    "\"errorKind\":\"dns\",\"timings\":{\"dnsMs\":null,\"tlsMs\":7}}",
	};
	struct arena *a = arena_new();
	struct ingest_batch b;
	const struct check_in *c;

	ingest_begin(&b, a, NOW, KEEP, "ingest");
	for (size_t i = 0; i < NELEM(items); i++) {
		cJSON *item = cJSON_Parse(items[i]);

		ck_assert_int_eq(ingest_add(&b, item), 0);
		cJSON_Delete(item);
	}
	c = &b.checks[0];
	ck_assert_str_eq(c->probe_kind, "stream");
	ck_assert_str_eq(c->error_kind, "overloaded");
	ck_assert_int_eq(c->ttft_ms, 480);
	ck_assert_int_eq(c->dns_ms, 3);
	ck_assert_int_eq(c->connect_ms, 0);
	ck_assert_int_eq(c->tls_ms, 25);
	ck_assert_int_eq(c->first_byte_ms, 410);
	c = &b.checks[1];
	ck_assert_str_eq(c->probe_kind, "reachability");
	ck_assert_str_eq(c->error_kind, "dns");
	ck_assert_int_eq(c->ttft_ms, -1);
	ck_assert_int_eq(c->dns_ms, -1);
	ck_assert_int_eq(c->connect_ms, -1);
	ck_assert_int_eq(c->tls_ms, 7);
	ck_assert_int_eq(c->first_byte_ms, -1);
	arena_free(a);
}
END_TEST

/* One item with a problem in each of the probe's fields gets one problem
 * for each, in field order. */
START_TEST(test_ingest_probe_fields_every_problem)
{
	static const char *const want[] = {"probeKind", "errorKind", "ttftMs",
	                                   "timings.dnsMs", "timings.tlsMs"};
	struct arena *a = arena_new();
	struct ingest_batch b;
	cJSON *item = cJSON_Parse(
	    "{\"model\":\"m\",\"checkedAt\":\"2026-11-28T03:59:00Z\","
	    "\"status\":\"outage\",\"probeKind\":\"x\",\"errorKind\":\"y\","
	    "\"ttftMs\":-5,\"timings\":{\"tlsMs\":\"z\",\"dnsMs\":700000}}");

	ingest_begin(&b, a, NOW, KEEP, "ingest");
	ck_assert_int_ne(ingest_add(&b, item), 0);
	ck_assert_uint_eq(b.n_problems, NELEM(want));
	for (size_t k = 0; k < NELEM(want); k++)
		ck_assert_str_eq(b.problems[k].field, want[k]);
	cJSON_Delete(item);
	arena_free(a);
}
END_TEST

static const struct body_case {
	const char *body;
	const char *field; /* NULL: the shape is right */
	size_t len;        /* of body, when it holds a NUL; else 0 */
	const char *why;   /* a piece of the reason, or NULL */
} body_cases[] = {
    {"{\"checks\":[{}]}", NULL, 0, NULL},
    {"", "body", 0, NULL},
    {"nope", "body", 0, NULL},
    {"[]", "body", 0, NULL},
    {"{\"checks\":[{}],\"more\":1}", "body", 0, NULL},
    {"{\"check\":[{}]}", "body", 0, NULL},
    {"{\"checks\":{}}", "checks", 0, NULL},
    {"{\"checks\":[]}", "checks", 0, NULL},
    {"{\"checks\":[{},{},{},{}]}", "checks", 0, NULL}, /* max 3 below */
    /* Only whitespace may follow the value (issue 12). */
    {"{\"checks\":[{}]}{\"checks\":[{}]}", "body", 0,
     "more data after the JSON value at byte 15"},
    {"{\"checks\":[{}]}xyz", "body", 0, "more data"},
    {"{\"checks\":[{}]}\0garbage", "body", 23, "more data"},
    {"{\"checks\":[{}]} \r\n\t", NULL, 0, NULL},
    /* A byte order mark before the value is skipped. */
    {"\xEF\xBB\xBF{\"checks\":[{}]}", NULL, 0, NULL},
    /* No string may hold a NUL: the field says where it is. */
    {"{\"checks\":[{\"error\":\"abc\\u0000<script>\"}]}", "/checks/0/error", 0,
     "NUL"},
    {"{\"checks\":[{},{\"status\":\"operational\\u0000zz\"}]}",
     "/checks/1/status", 0, "NUL"},
    {"{\"checks\":[{\"error\\u0000x\":1}]}", "/checks/0/error\\u0000x", 0,
     "NUL"},
    {"{\"checks\":[{\"a/b~\":[1,\"x\\u0000\"]}]}", "/checks/0/a~1b~0/1", 0,
     "NUL"},
    {"{\"checks\":[{\"error\":\"ab\0c\"}]}", "/checks/0/error", 29, "NUL"},
    /* An escaped backslash before "u0000" is text, not a NUL. */
    {"{\"checks\":[{\"error\":\"a\\\\u0000\"}]}", NULL, 0, NULL},
};

/* An unknown member's name, repeated in the answer, stays UTF-8: cut at a
 * character boundary after 64 bytes, '?' for bytes of a name that is not
 * UTF-8 (found by tests/fuzz/fuzz_ingest_json). */
START_TEST(test_ingest_unknown_member_name_stays_utf8)
{
	/* 63 'a' and a 3-byte character across the 64-byte cut; then a name
	 * with a byte that is no UTF-8. */
	static const char *const bodies[] = {
	    "{\"checks\":[{"
	    "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaa\xED\x95\x9C\":1}]}",
	    "{\"checks\":[{\"ab\xFF\xC3\":1}]}"};
	static const char *const want[] = {
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	    "ab??"};

	for (size_t i = 0; i < NELEM(bodies); i++) {
		struct arena *a = arena_new();
		struct ingest_batch b;
		const char *field, *why;
		const char *got = NULL;

		ingest_begin(&b, a, NOW, KEEP, "ingest");
		ck_assert_int_eq(ingest_parse_body(&b, bodies[i],
		                                   strlen(bodies[i]), 3, &field,
		                                   &why),
		                 0);
		for (size_t k = 0; k < b.n_problems; k++)
			if (strcmp(b.problems[k].reason, "unknown field") == 0)
				got = b.problems[k].field;
		ck_assert_ptr_nonnull(got);
		ck_assert_str_eq(got, want[i]);
		ck_assert(utf8_valid(got, strlen(got)));
		arena_free(a);
	}
}
END_TEST

START_TEST(test_ingest_body_shape)
{
	const struct body_case *c = &body_cases[_i];
	struct arena *a = arena_new();
	struct ingest_batch b;
	const char *field = NULL, *why = NULL;
	int rc;

	ingest_begin(&b, a, NOW, KEEP, "ingest");
	rc = ingest_parse_body(&b, c->body, c->len ? c->len : strlen(c->body),
	                       3, &field, &why);
	if (c->field == NULL) {
		ck_assert_msg(rc == 0, "%s refused: %s", c->body, why);
	} else {
		ck_assert_msg(rc == -1, "%s accepted", c->body);
		ck_assert_str_eq(field, c->field);
		ck_assert_ptr_nonnull(why);
		if (c->why != NULL)
			ck_assert_msg(strstr(why, c->why) != NULL, "%s", why);
	}
	arena_free(a);
}
END_TEST

/* Parses a well-shaped body into b (items may still have problems). */
static void
parse_batch(struct ingest_batch *b, struct arena *a, const char *body)
{
	const char *field, *why;

	ingest_begin(b, a, NOW, KEEP, "ingest");
	ck_assert_int_eq(
	    ingest_parse_body(b, body, strlen(body), 1000, &field, &why), 0);
}

START_TEST(test_ingest_duplicates_in_batch)
{
	static const char body[] =
	    "{\"checks\":["
	    "{\"model\":\"a\",\"checkedAt\":\"2026-11-28T03:00:00Z\","
	    "\"status\":\"outage\"},"
	    "{\"model\":\"a\",\"region\":\"eu\",\"checkedAt\":"
	    "\"2026-11-28T03:00:00Z\",\"status\":\"outage\"},"
	    "{\"model\":\"b\",\"checkedAt\":\"2026-11-28T03:00:00Z\","
	    "\"status\":\"outage\"},"
	    "{\"model\":\"a\",\"checkedAt\":\"2026-11-28T12:00:00+09:00\","
	    "\"status\":\"operational\"}]}";
	struct arena *a = arena_new();
	struct ingest_batch b;

	parse_batch(&b, a, body);
	ck_assert_uint_eq(b.n_problems, 0);
	ingest_find_duplicates(&b);
	/* Item 3 is item 0 at the same instant, written in another zone. */
	ck_assert_uint_eq(b.n_problems, 1);
	ck_assert_int_eq(b.problems[0].index, 3);
	ck_assert_str_eq(b.problems[0].field, "checkedAt");
	ck_assert_ptr_nonnull(strstr(b.problems[0].reason, "item 0"));
	arena_free(a);
}
END_TEST

START_TEST(test_ingest_every_bad_item_listed)
{
	static const char body[] =
	    "{\"checks\":["
	    "{\"model\":\"a\",\"checkedAt\":\"2026-11-28T03:00:00Z\","
	    "\"status\":\"outage\"},"
	    "{\"model\":\"a\",\"checkedAt\":\"x\",\"status\":\"down\"},"
	    "{\"model\":\"b\",\"checkedAt\":\"2026-11-28T03:00:00Z\","
	    "\"status\":\"outage\"},"
	    "{\"checkedAt\":\"2026-11-28T03:00:00Z\",\"status\":\"outage\"}]}";
	/* The problems, in order: item and field. */
	static const struct {
		int index;
		const char *field;
	} want[] = {{1, "checkedAt"}, {1, "status"}, {3, "model"}};
	struct arena *a = arena_new();
	struct ingest_batch b;

	parse_batch(&b, a, body);
	ck_assert_uint_eq(b.n, 4);
	ck_assert_uint_eq(b.n_problems, NELEM(want));
	for (size_t i = 0; i < NELEM(want); i++) {
		ck_assert_int_eq(b.problems[i].index, want[i].index);
		ck_assert_str_eq(b.problems[i].field, want[i].field);
	}
	arena_free(a);
}
END_TEST

/* Lookup against a real catalog: ids as SQLite has them. */
START_TEST(test_ingest_resolve)
{
	static const char body[] =
	    "{\"checks\":["
	    "{\"model\":\"azure-gpt-4o\",\"region\":\"japaneast\","
	    "\"checkedAt\":\"2026-11-28T03:00:00Z\",\"status\":\"outage\"},"
	    "{\"model\":\"azure-gpt-4o\",\"region\":\"japaneast\","
	    "\"checkedAt\":\"2026-11-28T03:01:00Z\",\"status\":\"outage\"},"
	    "{\"model\":\"azure-gpt-4o\",\"checkedAt\":"
	    "\"2026-11-28T03:00:00Z\",\"status\":\"outage\"},"
	    "{\"model\":\"no-such-model\",\"checkedAt\":"
	    "\"2026-11-28T03:00:00Z\",\"status\":\"outage\"},"
	    "{\"model\":\"gpt-4o\",\"checkedAt\":\"2026-11-28T03:00:00Z\","
	    "\"status\":\"outage\"}]}";
	char db[1100], err[256];
	struct arena *a = arena_new();
	struct ingest_batch b;
	struct store *s;

	snprintf(db, sizeof(db), "%s/tests/out/unit-ingest.db", unit_root());
	unit_make_demo_db(db, NOW, 1);
	s = store_open_write(db, NULL, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	parse_batch(&b, a, body);
	ck_assert_int_eq(ingest_resolve(&b, s, err, sizeof(err)), 0);
	ck_assert_uint_eq(b.n_problems, 2);
	ck_assert_int_eq(b.problems[0].index, 2);
	ck_assert_str_eq(b.problems[0].field, "region");
	ck_assert_int_eq(b.problems[1].index, 3);
	ck_assert_str_eq(b.problems[1].field, "model");
	ck_assert_int_gt(b.checks[0].model_id, 0);
	ck_assert_int_eq(b.checks[1].model_id, b.checks[0].model_id);
	ck_assert_int_gt(b.checks[4].model_id, 0);
	ck_assert_int_ne(b.checks[4].model_id, b.checks[0].model_id);
	store_close(s);
	arena_free(a);
}
END_TEST

/* Makes "unit-token-0123456789" the one ingest token (file mode 600). */
static void
use_ingest_token(void)
{
	char tokens[1100];
	FILE *f;

	snprintf(tokens, sizeof(tokens), "%s/tests/out/unit-ingest-tokens",
	         unit_root());
	f = fopen(tokens, "w");
	ck_assert_ptr_nonnull(f);
	fputs("unit unit-token-0123456789\n", f);
	fclose(f);
	chmod(tokens, 0600);
	snprintf(unit_app.cfg.ingest_tokens, sizeof(unit_app.cfg.ingest_tokens),
	         "%s", tokens);
	ck_assert_uint_eq(
	    tokens_load(&unit_app.tokens, unit_app.cfg.ingest_tokens), 1);
}

/* No ingest token again, as the fixture has it. */
static void
drop_ingest_token(void)
{
	unit_app.cfg.ingest_tokens[0] = '\0';
	tokens_load(&unit_app.tokens, unit_app.cfg.ingest_tokens);
}

/* Posts body to the ingest API with the token; returns the status. */
static int
post_json(struct unit_reply *r, const char *body)
{
	char len[24];
	const char *extra[] = {"CONTENT_LENGTH",
	                       len,
	                       "CONTENT_TYPE",
	                       "application/json",
	                       "HTTP_AUTHORIZATION",
	                       "Bearer unit-token-0123456789",
	                       NULL,
	                       NULL};

	snprintf(len, sizeof(len), "%zu", strlen(body));
	unit_request_body(r, "POST", "/api/v1/checks", "", extra, body);
	return r->status;
}

/* Posts one check of gpt-4o at time t; returns the reply's status. */
static int
post_check(struct unit_reply *r, int64_t t)
{
	char body[256], when[21];

	time_rfc3339(t, when);
	snprintf(body, sizeof(body),
	         "{\"checks\":[{\"model\":\"gpt-4o\",\"checkedAt\":\"%s\","
	         "\"status\":\"outage\"}]}",
	         when);
	return post_json(r, body);
}

/* The write connection never acknowledges into a file that is no longer
 * the database: moved away, the next batch is a 503 and goes nowhere. */
START_TEST(test_ingest_refuses_a_moved_database)
{
	char path[1100], moved[1100];
	struct unit_reply r;

	snprintf(path, sizeof(path), "%s/tests/out/unit-ingest-a.db",
	         unit_root());
	snprintf(moved, sizeof(moved), "%s/tests/out/unit-ingest-moved.db",
	         unit_root());
	unit_make_demo_db(path, NOW, 1);
	unit_use_db(path);
	use_ingest_token();

	ck_assert_int_eq(post_check(&r, NOW - 60), 200);
	ck_assert_ptr_nonnull(strstr(r.body, "\"new\":1"));
	buf_free(&r.raw);
	ck_assert_int_eq(post_check(&r, NOW - 60), 200);
	ck_assert_ptr_nonnull(strstr(r.body, "\"duplicates\":1"));
	buf_free(&r.raw);
	ck_assert_int_eq(rename(path, moved), 0);
	ck_assert_int_eq(post_check(&r, NOW - 30), 503);
	ck_assert_ptr_nonnull(strstr(r.body, "\"code\":\"unavailable\""));
	buf_free(&r.raw);
	ck_assert_ptr_null(unit_app.source.writer);
	/* Nothing was created at the path. (What the moved file holds is
	 * SQLite's business: a live WAL database must not be moved; see
	 * docs/database.md.) */
	ck_assert_int_eq(access(path, F_OK), -1);

	/* Back as it was, also when tests do not fork. */
	unit_use_db(NULL);
	drop_ingest_token();
}
END_TEST

/* Issue 12: errors of one batch are listed up to a bound and counted per
 * check: 70,000 unknown members answer in kilobytes, and one check with
 * 257 problems is one check, not two (a char once counted them). */
START_TEST(test_ingest_problems_are_bounded_and_counted)
{
	struct arena *a = arena_new();
	const int members[] = {254, 70000};

	use_ingest_token();
	for (size_t t = 0; t < NELEM(members); t++) {
		struct buf body = {0};
		struct unit_reply r;
		cJSON *j, *e;
		/* The unknown members, and model, checkedAt, status missing. */
		int problems = members[t] + 3;

		buf_puts(&body, "{\"checks\":[{");
		for (int k = 0; k < members[t]; k++)
			buf_printf(&body, "%s\"m%d\":1", k ? "," : "", k);
		buf_puts(&body, "}]}");
		ck_assert_int_eq(post_json(&r, body.data), 400);
		ck_assert_uint_lt(r.body_len, 16384);
		j = cJSON_ParseWithLength(r.body, r.body_len);
		e = cJSON_GetObjectItem(j, "error");
		ck_assert_str_eq(cJSON_GetObjectItem(e, "message")->valuestring,
		                 "1 check is invalid; nothing was written.");
		ck_assert_int_eq(
		    cJSON_GetArraySize(cJSON_GetObjectItem(e, "items")), 100);
		ck_assert_int_eq(
		    cJSON_GetObjectItem(e, "itemsOmitted")->valueint,
		    problems - 100);
		cJSON_Delete(j);
		buf_free(&r.raw);
		buf_free(&body);
	}
	drop_ingest_token();
	arena_free(a);
}
END_TEST

Suite *
ingest_suite(void)
{
	Suite *s = suite_create("ingest");
	TCase *tc = tcase_create("core");
	TCase *rq = unit_app_tcase();

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_ingest_item, 0, (int)NELEM(item_cases));
	tcase_add_test(tc, test_ingest_item_values);
	tcase_add_test(tc, test_ingest_probe_fields);
	tcase_add_test(tc, test_ingest_probe_fields_every_problem);
	tcase_add_test(tc, test_ingest_unknown_member_name_stays_utf8);
	tcase_add_loop_test(tc, test_ingest_body_shape, 0,
	                    (int)NELEM(body_cases));
	tcase_add_test(tc, test_ingest_duplicates_in_batch);
	tcase_add_test(tc, test_ingest_every_bad_item_listed);
	tcase_add_test(tc, test_ingest_resolve);
	tcase_add_test(rq, test_ingest_refuses_a_moved_database);
	tcase_add_test(rq, test_ingest_problems_are_bounded_and_counted);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, rq);
	return s;
}
