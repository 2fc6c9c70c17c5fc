/* test_probe.c: the prober's pure parts: the classification table, the schedule's spreading, each family's requests and answers, and the catalog's validation with the JSON path of each mistake. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "arena.h"
#include "catalog.h"
#include "metrics.h"
#include "probe.h"
#include "probe_classify.h"
#include "probe_family.h"
#include "probe_schedule.h"
#include "unit.h"

/* ---- classification ---------------------------------------------------- */

static const int expect_401[] = {200, 401};

static const struct classify_case {
	const char *name;
	enum probe_kind kind;
	enum probe_transport transport;
	int http;
	enum probe_body body;
	enum probe_error hint;
	int64_t total_ms;
	enum status want;
	enum probe_error want_error;
} classify_cases[] = {
    /* name, kind, transport, http, body, hint, ms: status, error */
    {"inference_ok_is_operational", PROBE_KIND_INFERENCE, TRANSPORT_OK, 200,
     BODY_OK, ERR_NONE, 300, STATUS_OPERATIONAL, ERR_NONE},
    {"inference_any_2xx_is_operational", PROBE_KIND_INFERENCE, TRANSPORT_OK,
     201, BODY_OK, ERR_NONE, 300, STATUS_OPERATIONAL, ERR_NONE},
    {"inference_at_threshold_is_operational", PROBE_KIND_INFERENCE,
     TRANSPORT_OK, 200, BODY_OK, ERR_NONE, 5000, STATUS_OPERATIONAL, ERR_NONE},
    {"inference_slow_is_degraded_without_kind", PROBE_KIND_INFERENCE,
     TRANSPORT_OK, 200, BODY_OK, ERR_NONE, 5001, STATUS_DEGRADED, ERR_NONE},
    {"stream_slow_is_degraded", PROBE_KIND_STREAM, TRANSPORT_OK, 200, BODY_OK,
     ERR_NONE, 9000, STATUS_DEGRADED, ERR_NONE},
    {"timeout_is_outage", PROBE_KIND_INFERENCE, TRANSPORT_TIMEOUT, 0,
     BODY_EMPTY, ERR_NONE, 30000, STATUS_OUTAGE, ERR_TIMEOUT},
    {"timeout_after_headers_is_timeout", PROBE_KIND_STREAM, TRANSPORT_TIMEOUT,
     200, BODY_EMPTY, ERR_NONE, 30000, STATUS_OUTAGE, ERR_TIMEOUT},
    {"dns_is_outage", PROBE_KIND_REACHABILITY, TRANSPORT_DNS, 0, BODY_EMPTY,
     ERR_NONE, 5, STATUS_OUTAGE, ERR_DNS},
    {"refused_is_connect", PROBE_KIND_REACHABILITY, TRANSPORT_CONNECT, 0,
     BODY_EMPTY, ERR_NONE, 1, STATUS_OUTAGE, ERR_CONNECT},
    {"tls_is_outage", PROBE_KIND_INFERENCE, TRANSPORT_TLS, 0, BODY_EMPTY,
     ERR_NONE, 20, STATUS_OUTAGE, ERR_TLS},
    {"reset_before_answer_is_connect", PROBE_KIND_INFERENCE, TRANSPORT_BROKEN,
     0, BODY_EMPTY, ERR_NONE, 20, STATUS_OUTAGE, ERR_CONNECT},
    {"cut_body_is_malformed", PROBE_KIND_INFERENCE, TRANSPORT_BROKEN, 200,
     BODY_OK, ERR_NONE, 20, STATUS_OUTAGE, ERR_MALFORMED},
    {"cut_after_expected_status_reachability_ok", PROBE_KIND_REACHABILITY,
     TRANSPORT_BROKEN, 401, BODY_EMPTY, ERR_NONE, 20, STATUS_OPERATIONAL,
     ERR_NONE},
    {"not_http_is_malformed", PROBE_KIND_REACHABILITY, TRANSPORT_PROTOCOL, 0,
     BODY_EMPTY, ERR_NONE, 20, STATUS_OUTAGE, ERR_MALFORMED},
    {"429_is_degraded_rate_limited", PROBE_KIND_INFERENCE, TRANSPORT_OK, 429,
     BODY_ERROR, ERR_NONE, 20, STATUS_DEGRADED, ERR_RATE_LIMITED},
    {"429_reachability_too", PROBE_KIND_REACHABILITY, TRANSPORT_OK, 429,
     BODY_EMPTY, ERR_NONE, 20, STATUS_DEGRADED, ERR_RATE_LIMITED},
    {"529_is_outage_overloaded", PROBE_KIND_INFERENCE, TRANSPORT_OK, 529,
     BODY_ERROR, ERR_NONE, 20, STATUS_OUTAGE, ERR_OVERLOADED},
    {"529_reachability_too", PROBE_KIND_REACHABILITY, TRANSPORT_OK, 529,
     BODY_EMPTY, ERR_NONE, 20, STATUS_OUTAGE, ERR_OVERLOADED},
    {"401_inference_is_auth", PROBE_KIND_INFERENCE, TRANSPORT_OK, 401,
     BODY_ERROR, ERR_NONE, 20, STATUS_OUTAGE, ERR_AUTH},
    {"403_inference_is_auth", PROBE_KIND_STREAM, TRANSPORT_OK, 403, BODY_ERROR,
     ERR_NONE, 20, STATUS_OUTAGE, ERR_AUTH},
    {"401_expected_by_reachability", PROBE_KIND_REACHABILITY, TRANSPORT_OK, 401,
     BODY_EMPTY, ERR_NONE, 20, STATUS_OPERATIONAL, ERR_NONE},
    {"401_expected_but_slow", PROBE_KIND_REACHABILITY, TRANSPORT_OK, 401,
     BODY_EMPTY, ERR_NONE, 6000, STATUS_DEGRADED, ERR_NONE},
    {"403_unexpected_reachability_is_auth", PROBE_KIND_REACHABILITY,
     TRANSPORT_OK, 403, BODY_EMPTY, ERR_NONE, 20, STATUS_OUTAGE, ERR_AUTH},
    {"404_is_http_4xx", PROBE_KIND_INFERENCE, TRANSPORT_OK, 404, BODY_ERROR,
     ERR_NONE, 20, STATUS_OUTAGE, ERR_HTTP_4XX},
    {"400_reachability_unexpected_is_4xx", PROBE_KIND_REACHABILITY,
     TRANSPORT_OK, 400, BODY_EMPTY, ERR_NONE, 20, STATUS_OUTAGE, ERR_HTTP_4XX},
    {"500_is_http_5xx", PROBE_KIND_INFERENCE, TRANSPORT_OK, 500, BODY_ERROR,
     ERR_NONE, 20, STATUS_OUTAGE, ERR_HTTP_5XX},
    {"503_is_http_5xx", PROBE_KIND_REACHABILITY, TRANSPORT_OK, 503, BODY_EMPTY,
     ERR_NONE, 20, STATUS_OUTAGE, ERR_HTTP_5XX},
    {"302_is_unexpected_status", PROBE_KIND_INFERENCE, TRANSPORT_OK, 302,
     BODY_EMPTY, ERR_NONE, 20, STATUS_OUTAGE, ERR_UNEXPECTED_STATUS},
    {"302_reachability_is_unexpected_status", PROBE_KIND_REACHABILITY,
     TRANSPORT_OK, 302, BODY_EMPTY, ERR_NONE, 20, STATUS_OUTAGE,
     ERR_UNEXPECTED_STATUS},
    {"204_reachability_not_expected", PROBE_KIND_REACHABILITY, TRANSPORT_OK,
     204, BODY_EMPTY, ERR_NONE, 20, STATUS_OUTAGE, ERR_UNEXPECTED_STATUS},
    {"200_reachability_expected", PROBE_KIND_REACHABILITY, TRANSPORT_OK, 200,
     BODY_MALFORMED, ERR_NONE, 20, STATUS_OPERATIONAL, ERR_NONE},
    {"empty_body_is_empty", PROBE_KIND_INFERENCE, TRANSPORT_OK, 200, BODY_EMPTY,
     ERR_NONE, 20, STATUS_OUTAGE, ERR_EMPTY},
    {"malformed_body_is_malformed", PROBE_KIND_INFERENCE, TRANSPORT_OK, 200,
     BODY_MALFORMED, ERR_NONE, 20, STATUS_OUTAGE, ERR_MALFORMED},
    {"error_member_is_malformed", PROBE_KIND_INFERENCE, TRANSPORT_OK, 200,
     BODY_ERROR, ERR_NONE, 20, STATUS_OUTAGE, ERR_MALFORMED},
    {"error_member_overloaded", PROBE_KIND_STREAM, TRANSPORT_OK, 200,
     BODY_ERROR, ERR_OVERLOADED, 20, STATUS_OUTAGE, ERR_OVERLOADED},
    {"error_member_rate_limit_is_degraded", PROBE_KIND_INFERENCE, TRANSPORT_OK,
     200, BODY_ERROR, ERR_RATE_LIMITED, 20, STATUS_DEGRADED, ERR_RATE_LIMITED},
    {"error_member_auth", PROBE_KIND_INFERENCE, TRANSPORT_OK, 200, BODY_ERROR,
     ERR_AUTH, 20, STATUS_OUTAGE, ERR_AUTH},
    {"slow_and_empty_is_empty", PROBE_KIND_INFERENCE, TRANSPORT_OK, 200,
     BODY_EMPTY, ERR_NONE, 9000, STATUS_OUTAGE, ERR_EMPTY},
    {"slow_and_rate_limited_is_rate_limited", PROBE_KIND_INFERENCE,
     TRANSPORT_OK, 429, BODY_ERROR, ERR_NONE, 9000, STATUS_DEGRADED,
     ERR_RATE_LIMITED},
};

START_TEST(test_probe_classify_table)
{
	const struct classify_case *c = &classify_cases[_i];
	struct probe_seen s = {0};
	struct probe_verdict v;

	s.kind = c->kind;
	s.transport = c->transport;
	s.http_status = c->http;
	s.body = c->body;
	s.body_hint = c->hint;
	s.total_ms = c->total_ms;
	s.expect = expect_401;
	s.n_expect = 2;
	s.degraded_ms = 5000;
	v = probe_classify(&s);
	ck_assert_msg(
	    v.status == c->want && v.error == c->want_error,
	    "%s: got %s/%s, want %s/%s", c->name, status_names[v.status],
	    v.error ? probe_error_names[v.error] : "none",
	    status_names[c->want],
	    c->want_error ? probe_error_names[c->want_error] : "none");
}
END_TEST

START_TEST(test_probe_transport_of_curl_codes)
{
	static const struct {
		CURLcode code;
		enum probe_transport want;
	} rows[] = {
	    {CURLE_OK, TRANSPORT_OK},
	    {CURLE_OPERATION_TIMEDOUT, TRANSPORT_TIMEOUT},
	    {CURLE_COULDNT_RESOLVE_HOST, TRANSPORT_DNS},
	    {CURLE_COULDNT_CONNECT, TRANSPORT_CONNECT},
	    {CURLE_PEER_FAILED_VERIFICATION, TRANSPORT_TLS},
	    {CURLE_SSL_CONNECT_ERROR, TRANSPORT_TLS},
	    {CURLE_RECV_ERROR, TRANSPORT_BROKEN},
	    {CURLE_GOT_NOTHING, TRANSPORT_BROKEN},
	    {CURLE_PARTIAL_FILE, TRANSPORT_BROKEN},
	    {CURLE_WEIRD_SERVER_REPLY, TRANSPORT_PROTOCOL},
	};

	for (size_t i = 0; i < NELEM(rows); i++)
		ck_assert_msg(probe_transport_of(rows[i].code) == rows[i].want,
		              "curl code %d", (int)rows[i].code);
}
END_TEST

/* ---- the schedule ------------------------------------------------------ */

START_TEST(test_probe_schedule_offsets_spread_evenly)
{
	enum { N = 10000, INTERVAL = 10000, BINS = 10 };
	int bins[BINS] = {0};
	char model[32];

	for (int i = 0; i < N; i++) {
		int64_t o;

		snprintf(model, sizeof(model), "model-%d", i);
		o = probe_schedule_offset(model, "global", INTERVAL);
		ck_assert_int_ge(o, 0);
		ck_assert_int_lt(o, INTERVAL);
		/* The same for the same endpoint, every time. */
		ck_assert_int_eq(
		    o, probe_schedule_offset(model, "global", INTERVAL));
		bins[o * BINS / INTERVAL]++;
	}
	/* 1,000 expected per second; a uniform spread stays within 15 %. */
	for (int b = 0; b < BINS; b++)
		ck_assert_msg(bins[b] > 850 && bins[b] < 1150, "second %d: %d",
		              b, bins[b]);
	/* Regions of one model spread too, and the separator counts. */
	ck_assert_int_ne(probe_schedule_offset("a", "bc", 60000),
	                 probe_schedule_offset("ab", "c", 60000));
	ck_assert_int_ne(probe_schedule_offset("gpt-4o", "eastus", 60000),
	                 probe_schedule_offset("gpt-4o", "japaneast", 60000));
}
END_TEST

START_TEST(test_probe_schedule_next_table)
{
	static const struct {
		int64_t now, offset, interval, want;
	} rows[] = {
	    {0, 500, 1000, 500},     /* before the first */
	    {500, 500, 1000, 500},   /* exactly at a start */
	    {501, 500, 1000, 1500},  /* just after */
	    {1499, 500, 1000, 1500}, /* just before the next */
	    {1700000000123, 0, 60000, 1700000040000},
	    {1700000040000, 0, 60000, 1700000040000},
	    {1700000000000, 59999, 60000, 1700000039999},
	};

	for (size_t i = 0; i < NELEM(rows); i++)
		ck_assert_int_eq(probe_schedule_next(rows[i].now,
		                                     rows[i].offset,
		                                     rows[i].interval),
		                 rows[i].want);
}
END_TEST

/* ---- the families ------------------------------------------------------ */

/* The value of header name in r, or NULL. */
static const char *
header(const struct probe_request *r, const char *name)
{
	for (int i = 0; i < r->n_headers; i++)
		if (strcasecmp(r->headers[i].name, name) == 0)
			return r->headers[i].value;
	return NULL;
}

START_TEST(test_probe_requests_carry_the_key_where_the_family_puts_it)
{
	static const struct {
		enum probe_family f;
		const char *header, *value; /* where the key goes */
	} rows[] = {
	    {FAMILY_OPENAI_CHAT, "Authorization", "Bearer K1"},
	    {FAMILY_AZURE_OPENAI_CHAT, "api-key", "K1"},
	    {FAMILY_ANTHROPIC_MESSAGES, "x-api-key", "K1"},
	    {FAMILY_GEMINI_GENERATE, "x-goog-api-key", "K1"},
	    {FAMILY_COHERE_CHAT, "Authorization", "Bearer K1"},
	    {FAMILY_CLOVA_CHAT, "Authorization", "Bearer K1"},
	};

	for (size_t i = 0; i < NELEM(rows); i++)
		for (int kind = 0; kind < PROBE_KIND__MAX; kind++) {
			struct arena *a = arena_new();
			struct probe_target t = {0};
			struct probe_request r;
			int secret = 0;

			t.family = rows[i].f;
			t.kind = (enum probe_kind)kind;
			t.url = "https://api.example/v1/x:generateContent";
			t.method = "POST";
			t.provider_model = "pm-1";
			t.region = "global";
			if (kind != PROBE_KIND_REACHABILITY)
				t.keys[0] = "K1";
			probe_build_request(&t, a, &r);
			for (int h = 0; h < r.n_headers; h++)
				secret += r.headers[h].secret;
			if (kind == PROBE_KIND_REACHABILITY) {
				/* No key at all, not even empty. */
				ck_assert_ptr_null(header(&r, rows[i].header));
				ck_assert_int_eq(secret, 0);
			} else {
				ck_assert_str_eq(header(&r, rows[i].header),
				                 rows[i].value);
				ck_assert_int_eq(secret, 1);
			}
			ck_assert_ptr_null(strstr(r.url, "K1"));
			ck_assert_ptr_null(strstr(r.body, "K1"));
			ck_assert_str_eq(header(&r, "Content-Type"),
			                 "application/json");
			arena_free(a);
		}
}
END_TEST

START_TEST(test_probe_request_bodies_and_stream_urls)
{
	static const struct {
		enum probe_family f;
		enum probe_kind kind;
		const char *url, *want_url;
		const char *want[3]; /* substrings of the body */
	} rows[] = {
	    {FAMILY_OPENAI_CHAT,
	     PROBE_KIND_INFERENCE,
	     "http://h/v1/chat/completions",
	     "http://h/v1/chat/completions",
	     {"\"model\":\"pm-1\"", "\"max_tokens\":1", "\"temperature\":0"}},
	    {FAMILY_OPENAI_CHAT,
	     PROBE_KIND_STREAM,
	     "http://h/v1/chat/completions",
	     "http://h/v1/chat/completions",
	     {"\"stream\":true", "", ""}},
	    {FAMILY_ANTHROPIC_MESSAGES,
	     PROBE_KIND_STREAM,
	     "http://h/v1/messages",
	     "http://h/v1/messages",
	     {"\"max_tokens\":1", "\"stream\":true", "\"model\":\"pm-1\""}},
	    {FAMILY_GEMINI_GENERATE,
	     PROBE_KIND_STREAM,
	     "http://h/v1beta/models/g:generateContent",
	     "http://h/v1beta/models/g:streamGenerateContent?alt=sse",
	     {"\"maxOutputTokens\":1", "\"temperature\":0", "\"contents\""}},
	    {FAMILY_GEMINI_GENERATE,
	     PROBE_KIND_INFERENCE,
	     "http://h/v1beta/models/g:generateContent",
	     "http://h/v1beta/models/g:generateContent",
	     {"", "", ""}},
	    {FAMILY_COHERE_CHAT,
	     PROBE_KIND_STREAM,
	     "http://h/v2/chat",
	     "http://h/v2/chat",
	     {"\"stream\":true", "\"max_tokens\":1", ""}},
	    {FAMILY_BEDROCK_CONVERSE,
	     PROBE_KIND_STREAM,
	     "http://h/model/amazon.nova-pro-v1:0/converse",
	     "http://h/model/amazon.nova-pro-v1:0/converse-stream",
	     {"\"maxTokens\":1", "\"inferenceConfig\"", ""}},
	    {FAMILY_CLOVA_CHAT,
	     PROBE_KIND_INFERENCE,
	     "http://h/v3/chat-completions/HCX-005",
	     "http://h/v3/chat-completions/HCX-005",
	     {"\"maxTokens\":1", "\"messages\"", ""}},
	};

	for (size_t i = 0; i < NELEM(rows); i++) {
		struct arena *a = arena_new();
		struct probe_target t = {0};
		struct probe_request r;

		t.family = rows[i].f;
		t.kind = rows[i].kind;
		t.url = rows[i].url;
		t.method = "POST";
		t.provider_model = "pm-1";
		t.region = "global";
		t.keys[0] = "K1";
		t.keys[1] = "S1";
		probe_build_request(&t, a, &r);
		ck_assert_str_eq(r.url, rows[i].want_url);
		ck_assert_str_eq(r.method, "POST");
		for (int k = 0; k < 3; k++)
			ck_assert_msg(strstr(r.body, rows[i].want[k]) != NULL,
			              "row %zu: %s not in %s", i,
			              rows[i].want[k], r.body);
		ck_assert_ptr_nonnull(strstr(r.body, PROBE_PROMPT));
		arena_free(a);
	}
}
END_TEST

START_TEST(test_probe_bedrock_signs_in_the_hosts_region)
{
	static const struct {
		const char *url, *region, *want;
	} rows[] = {
	    {"https://bedrock-runtime.eu-central-1.amazonaws.com/model/m/"
	     "converse",
	     "global", "aws:amz:eu-central-1:bedrock"},
	    {"http://127.0.0.1:9/model/m/converse", "ap-northeast-2",
	     "aws:amz:ap-northeast-2:bedrock"},
	    {"http://127.0.0.1:9/model/m/converse", "global",
	     "aws:amz:us-east-1:bedrock"},
	};

	for (size_t i = 0; i < NELEM(rows); i++) {
		struct arena *a = arena_new();
		struct probe_target t = {0};
		struct probe_request r;

		t.family = FAMILY_BEDROCK_CONVERSE;
		t.kind = PROBE_KIND_INFERENCE;
		t.url = rows[i].url;
		t.method = "POST";
		t.provider_model = "m";
		t.region = rows[i].region;
		t.keys[0] = "AKIDEXAMPLE";
		t.keys[1] = "SECRET";
		probe_build_request(&t, a, &r);
		ck_assert_str_eq(r.aws_sigv4, rows[i].want);
		ck_assert_str_eq(r.aws_userpwd, "AKIDEXAMPLE:SECRET");
		/* The secret only reaches libcurl's signer, no header. */
		for (int h = 0; h < r.n_headers; h++)
			ck_assert_ptr_null(
			    strstr(r.headers[h].value, "SECRET"));
		arena_free(a);
	}
}
END_TEST

START_TEST(test_probe_request_patch_merges)
{
	struct arena *a = arena_new();
	struct probe_target t = {0};
	struct probe_request r;
	cJSON *patch =
	    cJSON_Parse("{\"max_tokens\": null, \"temperature\": null,"
	                " \"max_completion_tokens\": 64, \"x\": {\"y\": 1}}");

	t.family = FAMILY_OPENAI_CHAT;
	t.kind = PROBE_KIND_INFERENCE;
	t.url = "http://h/v1/chat/completions";
	t.method = "POST";
	t.provider_model = "o4-mini";
	t.region = "global";
	t.request_patch = patch;
	probe_build_request(&t, a, &r);
	ck_assert_ptr_null(strstr(r.body, "\"max_tokens\""));
	ck_assert_ptr_null(strstr(r.body, "\"temperature\""));
	ck_assert_ptr_nonnull(strstr(r.body, "\"max_completion_tokens\":64"));
	ck_assert_ptr_nonnull(strstr(r.body, "\"x\":{\"y\":1}"));
	ck_assert_ptr_nonnull(strstr(r.body, "\"model\":\"o4-mini\""));
	cJSON_Delete(patch);
	arena_free(a);
}
END_TEST

static const struct body_case {
	enum probe_family f;
	const char *body;
	enum probe_body want;
	enum probe_error hint;
} body_cases[] = {
    {FAMILY_OPENAI_CHAT,
     "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"OK\"}}"
     "]}",
     BODY_OK, ERR_NONE},
    {FAMILY_OPENAI_CHAT,
     "{\"choices\":[{\"message\":{\"content\":\"\",\"reasoning_content\":"
     "\"Hm\"}}]}",
     BODY_OK, ERR_NONE},
    {FAMILY_OPENAI_CHAT, "{\"choices\":[{\"message\":{\"content\":\"\"}}]}",
     BODY_EMPTY, ERR_NONE},
    {FAMILY_OPENAI_CHAT, "{\"choices\":[]}", BODY_EMPTY, ERR_NONE},
    {FAMILY_OPENAI_CHAT,
     "{\"choices\":[{\"message\":{\"content\":[{\"type\":\"thinking\","
     "\"thinking\":\"Hm\"}]}}]}",
     BODY_OK, ERR_NONE},
    {FAMILY_OPENAI_CHAT, "", BODY_EMPTY, ERR_NONE},
    {FAMILY_OPENAI_CHAT, "  \n", BODY_EMPTY, ERR_NONE},
    {FAMILY_OPENAI_CHAT, "{\"choices\": [", BODY_MALFORMED, ERR_NONE},
    {FAMILY_OPENAI_CHAT, "[1]", BODY_MALFORMED, ERR_NONE},
    {FAMILY_OPENAI_CHAT, "{\"id\":\"x\"}", BODY_MALFORMED, ERR_NONE},
    {FAMILY_OPENAI_CHAT,
     "{\"error\":{\"type\":\"rate_limit_exceeded\",\"message\":\"m\"}}",
     BODY_ERROR, ERR_RATE_LIMITED},
    {FAMILY_OPENAI_CHAT,
     "{\"error\":{\"type\":\"invalid_request_error\",\"code\":"
     "\"invalid_api_key\"}}",
     BODY_ERROR, ERR_AUTH},
    {FAMILY_AZURE_OPENAI_CHAT,
     "{\"error\":{\"code\":\"429\",\"message\":\"Rate limit is exceeded\"}}",
     BODY_ERROR, ERR_NONE},
    {FAMILY_ANTHROPIC_MESSAGES,
     "{\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"OK\"}"
     "]}",
     BODY_OK, ERR_NONE},
    {FAMILY_ANTHROPIC_MESSAGES, "{\"type\":\"message\",\"content\":[]}",
     BODY_EMPTY, ERR_NONE},
    {FAMILY_ANTHROPIC_MESSAGES,
     "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}",
     BODY_ERROR, ERR_OVERLOADED},
    {FAMILY_GEMINI_GENERATE,
     "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"OK\"}]}}]}",
     BODY_OK, ERR_NONE},
    {FAMILY_GEMINI_GENERATE,
     "{\"candidates\":[{\"content\":{\"role\":\"model\"},"
     "\"finishReason\":\"MAX_TOKENS\"}]}",
     BODY_EMPTY, ERR_NONE},
    {FAMILY_GEMINI_GENERATE,
     "{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\"}}", BODY_ERROR,
     ERR_RATE_LIMITED},
    {FAMILY_COHERE_CHAT,
     "{\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"OK\"}]}}",
     BODY_OK, ERR_NONE},
    {FAMILY_COHERE_CHAT, "{\"id\":\"1\",\"message\":\"invalid api token\"}",
     BODY_ERROR, ERR_AUTH},
    {FAMILY_BEDROCK_CONVERSE,
     "{\"output\":{\"message\":{\"content\":[{\"text\":\"OK\"}]}}}", BODY_OK,
     ERR_NONE},
    {FAMILY_BEDROCK_CONVERSE, "{\"output\":{\"message\":{\"content\":[]}}}",
     BODY_EMPTY, ERR_NONE},
    {FAMILY_BEDROCK_CONVERSE, "{\"message\":\"Too many requests\"}", BODY_ERROR,
     ERR_RATE_LIMITED},
    {FAMILY_CLOVA_CHAT,
     "{\"status\":{\"code\":\"20000\"},\"result\":{\"message\":{"
     "\"content\":\"OK\"}}}",
     BODY_OK, ERR_NONE},
    {FAMILY_CLOVA_CHAT,
     "{\"status\":{\"code\":\"42900\",\"message\":\"Too many requests\"}}",
     BODY_ERROR, ERR_RATE_LIMITED},
    {FAMILY_CLOVA_CHAT, "{\"result\":{}}", BODY_MALFORMED, ERR_NONE},
};

START_TEST(test_probe_check_body_table)
{
	const struct body_case *c = &body_cases[_i];
	enum probe_error hint;
	enum probe_body got =
	    probe_check_body(c->f, c->body, strlen(c->body), &hint);

	ck_assert_msg(got == c->want, "case %d (%s): got %d, want %d", _i,
	              probe_family_names[c->f], (int)got, (int)c->want);
	if (got == BODY_ERROR)
		ck_assert_int_eq(hint, c->hint);
}
END_TEST

static const struct stream_case {
	const char *name;
	enum probe_family f;
	const char *text;
	enum probe_body want;
	int token; /* holds a content token */
} stream_cases[] = {
    {"openai", FAMILY_OPENAI_CHAT,
     "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\","
     "\"content\":\"\"}}]}\n\n"
     "data: {\"choices\":[{\"delta\":{\"content\":\"OK\"}}]}\n\n"
     "data: [DONE]\n\n",
     BODY_OK, 1},
    {"openai_crlf", FAMILY_OPENAI_CHAT,
     ": keep-alive\r\n\r\ndata: {\"choices\":[{\"delta\":{\"content\":"
     "\"OK\"}}]}\r\n\r\n",
     BODY_OK, 1},
    {"openai_error", FAMILY_OPENAI_CHAT,
     "data: {\"error\":{\"type\":\"server_error\"}}\n\n", BODY_ERROR, 0},
    {"openai_no_token", FAMILY_OPENAI_CHAT, "data: [DONE]\n\n", BODY_EMPTY, 0},
    {"not_events", FAMILY_OPENAI_CHAT, "{\"choices\": []}\n", BODY_MALFORMED,
     0},
    {"cut_mid_event", FAMILY_OPENAI_CHAT, "data: {\"choi", BODY_MALFORMED, 0},
    {"anthropic", FAMILY_ANTHROPIC_MESSAGES,
     "event: message_start\ndata: {\"type\":\"message_start\"}\n\n"
     "event: content_block_delta\ndata: {\"type\":\"content_block_delta\","
     "\"delta\":{\"type\":\"text_delta\",\"text\":\"OK\"}}\n\n",
     BODY_OK, 1},
    {"anthropic_overloaded_midstream", FAMILY_ANTHROPIC_MESSAGES,
     "event: message_start\ndata: {\"type\":\"message_start\"}\n\n"
     "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":"
     "\"overloaded_error\"}}\n\n",
     BODY_ERROR, 0},
    {"gemini", FAMILY_GEMINI_GENERATE,
     "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"OK\"}]}}"
     "]}\r\n\r\n",
     BODY_OK, 1},
    {"cohere", FAMILY_COHERE_CHAT,
     "event: message-start\ndata: {\"type\":\"message-start\"}\n\n"
     "event: content-delta\ndata: {\"type\":\"content-delta\",\"delta\":{"
     "\"message\":{\"content\":{\"text\":\"OK\"}}}}\n\n",
     BODY_OK, 1},
    {"clova", FAMILY_CLOVA_CHAT,
     "id: 1\nevent: token\ndata: {\"message\":{\"role\":\"assistant\","
     "\"content\":\"OK\"}}\n\n",
     BODY_OK, 1},
    {"clova_error", FAMILY_CLOVA_CHAT,
     "event: error\ndata: {\"status\":{\"code\":\"42900\"}}\n\n", BODY_ERROR,
     0},
};

START_TEST(test_probe_stream_table)
{
	const struct stream_case *c = &stream_cases[_i];
	struct probe_stream st;
	size_t n = strlen(c->text), first = 0, want = 0;
	const char *ok = strstr(c->text, "\"OK\"");

	/* The first token counts when the blank line ending its event
	 * arrives, not before. */
	if (c->token) {
		const char *lf = strstr(ok, "\n\n"),
		           *crlf = strstr(ok, "\r\n\r\n");

		want = crlf != NULL && (lf == NULL || crlf < lf)
		           ? (size_t)(crlf - c->text) + 4
		           : (size_t)(lf - c->text) + 2;
	}

	/* Fed a byte at a time: events split anywhere still read. */
	memset(&st, 0, sizeof(st));
	st.family = c->f;
	for (size_t i = 0; i < n; i++)
		if (probe_stream_feed(&st, c->text + i, 1))
			first = i + 1;
	ck_assert_msg(probe_stream_verdict(&st) == c->want, "%s: got %d",
	              c->name, (int)probe_stream_verdict(&st));
	ck_assert_msg(first == want, "%s: first token at %zu, want %zu",
	              c->name, first, want);
	probe_stream_free(&st);
}
END_TEST

/* Appends one AWS event-stream message (CRC32 as zlib computes it). */
static void
es_message(struct buf *b, const char *mtype, const char *etype,
           const char *payload)
{
	unsigned char h[256], pre[12], crc[4];
	size_t hn = 0, total;
	const char *names[2] = {":message-type", strcmp(mtype, "event") == 0
	                                             ? ":event-type"
	                                             : ":exception-type"};
	const char *vals[2] = {mtype, etype};
	unsigned long c;
	size_t start = b->len;

	for (int i = 0; i < 2; i++) {
		size_t nl = strlen(names[i]), vl = strlen(vals[i]);

		h[hn++] = (unsigned char)nl;
		memcpy(h + hn, names[i], nl);
		hn += nl;
		h[hn++] = 7;
		h[hn++] = (unsigned char)(vl >> 8);
		h[hn++] = (unsigned char)vl;
		memcpy(h + hn, vals[i], vl);
		hn += vl;
	}
	total = 12 + hn + strlen(payload) + 4;
	for (int i = 0; i < 4; i++) {
		pre[i] = (unsigned char)(total >> (24 - 8 * i));
		pre[4 + i] = (unsigned char)(hn >> (24 - 8 * i));
	}
	c = crc32(0, pre, 8);
	for (int i = 0; i < 4; i++)
		pre[8 + i] = (unsigned char)(c >> (24 - 8 * i));
	buf_append(b, pre, 12);
	buf_append(b, h, hn);
	buf_append(b, payload, strlen(payload));
	c = crc32(0, (const unsigned char *)b->data + start,
	          (uInt)(b->len - start));
	for (int i = 0; i < 4; i++)
		crc[i] = (unsigned char)(c >> (24 - 8 * i));
	buf_append(b, crc, 4);
}

START_TEST(test_probe_bedrock_event_stream)
{
	struct buf b = {0};
	struct probe_stream st;
	int first = 0;

	es_message(&b, "event", "messageStart", "{\"role\":\"assistant\"}");
	es_message(&b, "event", "contentBlockDelta",
	           "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"OK\"}}");
	es_message(&b, "event", "messageStop",
	           "{\"stopReason\":\"max_tokens\"}");
	memset(&st, 0, sizeof(st));
	st.family = FAMILY_BEDROCK_CONVERSE;
	for (size_t i = 0; i < b.len; i += 7)
		first += probe_stream_feed(&st, b.data + i,
		                           b.len - i < 7 ? b.len - i : 7);
	ck_assert_int_eq(first, 1);
	ck_assert_int_eq(probe_stream_verdict(&st), BODY_OK);
	ck_assert_int_eq(st.done, 1);
	probe_stream_free(&st);

	/* An exception message: an error, named by its type. */
	b.len = 0;
	es_message(&b, "exception", "throttlingException",
	           "{\"message\":\"x\"}");
	memset(&st, 0, sizeof(st));
	st.family = FAMILY_BEDROCK_CONVERSE;
	probe_stream_feed(&st, b.data, b.len);
	ck_assert_int_eq(probe_stream_verdict(&st), BODY_ERROR);
	ck_assert_int_eq(st.hint, ERR_RATE_LIMITED);
	probe_stream_free(&st);

	/* A damaged CRC is not the family's stream. */
	b.len = 0;
	es_message(&b, "event", "contentBlockDelta",
	           "{\"delta\":{\"text\":\"OK\"}}");
	b.data[b.len - 1] ^= 1;
	memset(&st, 0, sizeof(st));
	st.family = FAMILY_BEDROCK_CONVERSE;
	probe_stream_feed(&st, b.data, b.len);
	ck_assert_int_eq(probe_stream_verdict(&st), BODY_MALFORMED);
	probe_stream_free(&st);
	buf_free(&b);
}
END_TEST

START_TEST(test_probe_metrics_count_status_kind_and_lateness)
{
	struct metrics *m = metrics();
	struct metrics before = *m;

	metrics_probe(STATUS_OUTAGE, ERR_TIMEOUT, 0.0002);
	metrics_probe(STATUS_OPERATIONAL, ERR_NONE, 1.7);
	metrics_probe(STATUS_DEGRADED, ERR__MAX + 3, 0); /* counted as none */
	ck_assert_int_eq(m->probes[STATUS_OUTAGE][ERR_TIMEOUT] -
	                     before.probes[STATUS_OUTAGE][ERR_TIMEOUT],
	                 1);
	ck_assert_int_eq(m->probes[STATUS_DEGRADED][0] -
	                     before.probes[STATUS_DEGRADED][0],
	                 1);
	/* 0.2 ms and 0 in the first bucket (0.5 ms), 1.7 s in the 2 s one
	 * (the bucket after 1 s). */
	ck_assert_int_eq(m->probe_lateness[0] - before.probe_lateness[0], 2);
	for (int k = 0; k < METRICS_BUCKETS; k++)
		ck_assert_int_eq(m->probe_lateness[k] -
		                     before.probe_lateness[k],
		                 k == 0                     ? 2
		                 : metrics_bounds[k] == 2.0 ? 1
		                                            : 0);
	ck_assert_int_ge(m->probe_lateness_max_us, 1700000);
}
END_TEST

/* ---- the catalog's validation ------------------------------------------ */

/* A valid catalog with one provider, two models and three endpoints;
 * each case replaces one piece of it (written with ' for "). */
#define P_OPEN "{'providers': [{'slug': 'p', 'name': 'P', "
#define M_OPEN "'models': [{'slug': 'm', 'name': 'M', 'endpoints': ["
#define E_GOOD                                                                 \
	"{'url': 'https://api.x/v1/chat/completions', 'method': 'POST', "      \
	"'probe': 'inference', 'api': 'openai-chat', 'providerModel': 'm1'}"
#define M2 "{'slug': 'm2', 'name': 'M2', 'endpoints': [{'url': 'http://x/'}]}"

static const struct catalog_case {
	const char *name, *text, *want; /* want: NULL for valid */
} catalog_cases[] = {
    {"valid", P_OPEN "'keyEnv': 'P_KEY', " M_OPEN E_GOOD "]}, " M2 "]}]}",
     NULL},
    {"valid_two_keys_for_bedrock",
     P_OPEN "'keyEnv': ['A_ID', 'A_SECRET'], " M_OPEN
            "{'url': 'https://b/model/x/converse', 'method': 'POST', "
            "'probe': 'stream', 'api': 'bedrock-converse', "
            "'providerModel': 'x'}]}]}]}",
     NULL},
    {"model_slug_twice_in_provider",
     P_OPEN "'keyEnv': 'P_KEY', " M_OPEN E_GOOD "]}, " M2 ", " M2 "]}]}",
     "providers[0].models[2].slug: \"m2\" used twice (also "
     "providers[0].models[1])"},
    {"unknown_api",
     P_OPEN "'keyEnv': 'P_KEY', " M_OPEN
            "{'url': 'http://x/', 'method': 'POST', 'probe': 'inference', "
            "'api': 'foo', 'providerModel': 'm'}]}]}]}",
     "providers[0].models[0].endpoints[0].api: unknown family \"foo\""},
    {"unknown_kind",
     P_OPEN M_OPEN "{'url': 'http://x/', 'probe': 'ping'}]}]}]}",
     "providers[0].models[0].endpoints[0].probe: unknown kind \"ping\""},
    {"inference_without_provider_model",
     P_OPEN "'keyEnv': 'P_KEY', " M_OPEN
            "{'url': 'http://x/', 'method': 'POST', 'probe': 'inference', "
            "'api': 'openai-chat'}]}]}]}",
     "providers[0].models[0].endpoints[0].providerModel: missing"},
    {"stream_without_api",
     P_OPEN "'keyEnv': 'P_KEY', " M_OPEN
            "{'url': 'http://x/', 'probe': 'stream', 'providerModel': "
            "'m'}]}]}]}",
     "providers[0].models[0].endpoints[0].api: missing"},
    {"inference_without_key_env", P_OPEN M_OPEN E_GOOD "]}]}]}",
     "providers[0].models[0].endpoints[0].probe: inference needs a key"},
    {"url_not_http", P_OPEN M_OPEN "{'url': 'ftp://x/'}]}]}]}",
     "providers[0].models[0].endpoints[0].url: must be an http:// or "
     "https:// URL"},
    {"url_without_host", P_OPEN M_OPEN "{'url': 'https:///v1'}]}]}]}",
     "providers[0].models[0].endpoints[0].url: must be"},
    {"url_missing", P_OPEN M_OPEN "{'method': 'GET'}]}]}]}",
     "providers[0].models[0].endpoints[0].url: missing"},
    {"region_twice",
     P_OPEN M_OPEN "{'url': 'http://x/', 'region': 'eu'}, {'url': "
                   "'http://y/', 'region': 'eu'}]}]}]}",
     "providers[0].models[0].endpoints[1].region: \"eu\" used twice"},
    {"default_region_twice",
     P_OPEN M_OPEN "{'url': 'http://x/'}, {'url': 'http://y/'}]}]}]}",
     "providers[0].models[0].endpoints[1].region: \"global\" used twice"},
    {"model_slug_twice_across_providers",
     "{'providers': [{'slug': 'a', 'name': 'A', " M_OPEN
     "{'url': 'http://x/'}]}]}, {'slug': 'b', 'name': 'B', " M_OPEN
     "{'url': 'http://x/'}]}]}]}",
     "providers[1].models[0].slug: \"m\" used twice (also "
     "providers[0].models[0])"},
    {"provider_slug_twice",
     "{'providers': [{'slug': 'a', 'name': 'A', 'models': []}, {'slug': "
     "'a', 'name': 'A2', 'models': []}]}",
     "providers[1].slug: \"a\" used twice"},
    {"unknown_member",
     P_OPEN M_OPEN "{'url': 'http://x/', 'providermodel': 'x'}]}]}]}",
     "providers[0].models[0].endpoints[0].providermodel: unknown member"},
    {"bad_status",
     P_OPEN M_OPEN "{'url': 'http://x/', 'expectStatus': "
                   "[200, 700]}]}]}]}",
     "providers[0].models[0].endpoints[0].expectStatus: item 1"},
    {"interval_too_short",
     P_OPEN M_OPEN "{'url': 'http://x/', 'intervalS': 1}]}]}]}",
     "providers[0].models[0].endpoints[0].intervalS: must be 5 to 86400"},
    {"timeout_not_integer",
     P_OPEN M_OPEN "{'url': 'http://x/', 'timeoutMs': 1.5}]}]}]}",
     "providers[0].models[0].endpoints[0].timeoutMs: must be an integer"},
    {"bedrock_needs_two_keys",
     P_OPEN "'keyEnv': 'AWS_KEY', " M_OPEN
            "{'url': 'https://b/converse', 'method': 'POST', 'probe': "
            "'inference', 'api': 'bedrock-converse', 'providerModel': "
            "'x'}]}]}]}",
     "providers[0].models[0].endpoints[0].api: bedrock-converse takes 2 "
     "key variables"},
    {"key_env_not_a_name", P_OPEN "'keyEnv': 'sk-abc', 'models': []}]}",
     "providers[0].keyEnv: \"sk-abc\" is not a variable name"},
    {"family_needs_post",
     P_OPEN "'keyEnv': 'K', " M_OPEN
            "{'url': 'http://x/', 'probe': 'inference', 'api': "
            "'openai-chat', 'providerModel': 'm'}]}]}]}",
     "providers[0].models[0].endpoints[0].method: must be POST"},
    {"patch_not_object",
     P_OPEN "'keyEnv': 'K', " M_OPEN
            "{'url': 'http://x/', 'method': 'POST', 'api': 'openai-chat', "
            "'requestPatch': [1]}]}]}]}",
     "providers[0].models[0].endpoints[0].requestPatch: must be an object"},
    {"slug_bad_characters",
     "{'providers': [{'slug': 'A B', 'name': 'A', 'models': []}]}",
     "providers[0].slug: \"A B\": a-z, 0-9 and - only"},
    {"no_providers", "{'models': []}", "models: unknown member"},
    {"not_json", "{'providers': [", "not valid JSON"},
};

START_TEST(test_catalog_mistakes_named_by_json_path)
{
	const struct catalog_case *c = &catalog_cases[_i];
	char path[1100], err[512] = "";
	char *text = strdup(c->text);
	struct catalog cat;
	FILE *f;
	int rc;

	for (char *p = text; *p; p++)
		if (*p == '\'')
			*p = '"';
	snprintf(path, sizeof(path), "%s/tests/out/unit-catalog.json",
	         unit_root());
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	free(text);
	rc = catalog_read(path, &cat, err, sizeof(err));
	if (c->want == NULL) {
		ck_assert_msg(rc == 0, "%s: refused: %s", c->name, err);
		ck_assert_int_gt(cat.n_endpoints, 0);
	} else {
		ck_assert_msg(rc == -1, "%s: accepted", c->name);
		ck_assert_msg(strstr(err, c->want) != NULL,
		              "%s: said \"%s\", want \"%s\"", c->name, err,
		              c->want);
		/* The file is named first. */
		ck_assert_int_eq(strncmp(err, path, strlen(path)), 0);
	}
	catalog_free(&cat);
}
END_TEST

START_TEST(test_catalog_shipped_is_valid_and_complete)
{
	char path[1100], err[512];
	struct catalog cat;
	size_t keyed = 0;

	snprintf(path, sizeof(path), "%s/db/catalog.json", unit_root());
	ck_assert_msg(catalog_read(path, &cat, err, sizeof(err)) == 0, "%s",
	              err);
	/* Every active model's endpoints name their family and the
	 * model's id at the provider. */
	for (size_t i = 0; i < cat.n_providers; i++)
		for (size_t j = 0; j < cat.providers[i].n_models; j++) {
			const struct catalog_model *m =
			    &cat.providers[i].models[j];

			for (size_t k = 0; m->is_active && k < m->n_endpoints;
			     k++) {
				const struct catalog_endpoint *e =
				    &m->endpoints[k];

				keyed += e->kind != PROBE_KIND_REACHABILITY;
				if (e->kind != PROBE_KIND_REACHABILITY)
					ck_assert_msg(e->provider_model != NULL,
					              "%s", m->slug);
			}
		}
	ck_assert_int_gt(keyed, 0);
	catalog_free(&cat);
}
END_TEST

/* The classification's error kinds are the stored ones (model.h), one
 * place apart (ERR_NONE first): the names the write path checks. */
START_TEST(test_probe_error_names_are_the_stored_kinds)
{
	ck_assert_int_eq(ERR__MAX, ERROR_KIND__MAX + 1);
	ck_assert_ptr_null(probe_error_names[ERR_NONE]);
	for (int k = 0; k < ERROR_KIND__MAX; k++)
		ck_assert_str_eq(probe_error_names[k + 1], error_kind_names[k]);
	ck_assert_int_eq(
	    error_kind_from_name(probe_error_names[ERR_OVERLOADED]),
	    ERROR_KIND_OVERLOADED);
}
END_TEST

Suite *
probe_suite(void)
{
	Suite *s = suite_create("probe");
	TCase *tc = tcase_create("probe");

	tcase_add_loop_test(tc, test_probe_classify_table, 0,
	                    (int)NELEM(classify_cases));
	tcase_add_test(tc, test_probe_transport_of_curl_codes);
	tcase_add_test(tc, test_probe_error_names_are_the_stored_kinds);
	tcase_add_test(tc, test_probe_schedule_offsets_spread_evenly);
	tcase_add_test(tc, test_probe_schedule_next_table);
	tcase_add_test(
	    tc, test_probe_requests_carry_the_key_where_the_family_puts_it);
	tcase_add_test(tc, test_probe_request_bodies_and_stream_urls);
	tcase_add_test(tc, test_probe_bedrock_signs_in_the_hosts_region);
	tcase_add_test(tc, test_probe_request_patch_merges);
	tcase_add_loop_test(tc, test_probe_check_body_table, 0,
	                    (int)NELEM(body_cases));
	tcase_add_loop_test(tc, test_probe_stream_table, 0,
	                    (int)NELEM(stream_cases));
	tcase_add_test(tc, test_probe_bedrock_event_stream);
	tcase_add_test(tc, test_probe_metrics_count_status_kind_and_lateness);
	tcase_add_loop_test(tc, test_catalog_mistakes_named_by_json_path, 0,
	                    (int)NELEM(catalog_cases));
	tcase_add_test(tc, test_catalog_shipped_is_valid_and_complete);
	suite_add_tcase(s, tc);
	return s;
}
