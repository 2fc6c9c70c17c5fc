/* probe_bedrock.c: the bedrock-converse family: POST /model/ID/converse (streamed: /converse-stream, AWS's binary event stream), signed with AWS SigV4 by libcurl. */
#include <string.h>

#include "probe_family.h"

/* Whether s looks like an AWS region ("us-east-1", "ap-northeast-2"). */
static int
aws_region(const char *s, size_t n)
{
	size_t i = 0, dashes = 0;

	for (; i < n; i++) {
		if (s[i] == '-')
			dashes++;
		else if (!(s[i] >= 'a' && s[i] <= 'z') &&
		         !(s[i] >= '0' && s[i] <= '9'))
			return 0;
	}
	return n >= 9 && dashes >= 2 && s[n - 1] >= '0' && s[n - 1] <= '9';
}

/* The region to sign for: the host's (bedrock-runtime.REGION.amazonaws.com),
 * else the endpoint's when it is an AWS region, else us-east-1. */
static const char *
sign_region(const struct probe_target *t, struct arena *a)
{
	const char *host = strstr(t->url, "://");
	const char *dot, *end;

	if (host != NULL && strncmp(host + 3, "bedrock-runtime.", 16) == 0) {
		dot = host + 3 + 16;
		end = strchr(dot, '.');
		if (end != NULL && aws_region(dot, (size_t)(end - dot)))
			return arena_strndup(a, dot, (size_t)(end - dot));
	}
	if (aws_region(t->region, strlen(t->region)))
		return t->region;
	return "us-east-1";
}

static void
build(const struct probe_target *t, struct arena *a, struct probe_request *r,
      cJSON *body)
{
	cJSON *msgs = cJSON_CreateArray(), *m = cJSON_CreateObject();
	cJSON *content = cJSON_CreateArray(), *text = cJSON_CreateObject();
	cJSON *conf = cJSON_CreateObject();
	size_t n = strlen(t->url);

	if (t->kind == PROBE_KIND_STREAM && n > 9 &&
	    strcmp(t->url + n - 9, "/converse") == 0)
		r->url = arena_printf(a, "%s-stream", t->url);
	probe_add_header(r, a, "Content-Type", "application/json", 0);
	if (t->keys[0] != NULL && t->keys[1] != NULL) {
		r->aws_sigv4 =
		    arena_printf(a, "aws:amz:%s:bedrock", sign_region(t, a));
		r->aws_userpwd =
		    arena_printf(a, "%s:%s", t->keys[0], t->keys[1]);
	}
	cJSON_AddStringToObject(m, "role", "user");
	cJSON_AddStringToObject(text, "text", PROBE_PROMPT);
	cJSON_AddItemToArray(content, text);
	cJSON_AddItemToObject(m, "content", content);
	cJSON_AddItemToArray(msgs, m);
	cJSON_AddItemToObject(body, "messages", msgs);
	cJSON_AddNumberToObject(conf, "maxTokens", 1);
	cJSON_AddNumberToObject(conf, "temperature", 0);
	cJSON_AddItemToObject(body, "inferenceConfig", conf);
}

/* A content block's text, or its reasoning text. */
static int
block_text(const cJSON *b)
{
	const char *s = probe_json_str(b, "text");

	if (s == NULL)
		s = probe_json_str(b, "reasoningContent.reasoningText.text");
	if (s == NULL)
		s = probe_json_str(b, "reasoningContent.text");
	return s != NULL && *s != '\0';
}

static enum probe_body
check(const cJSON *body, enum probe_error *hint)
{
	const cJSON *msg = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(body, "output"), "message");
	const cJSON *content = cJSON_GetObjectItemCaseSensitive(msg, "content");
	const cJSON *b;

	/* An error answer is {"message": "why"} (its type in a header). */
	if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(body, "message"))) {
		*hint = probe_hint_from_text(probe_json_str(body, "message"));
		return BODY_ERROR;
	}
	if (!cJSON_IsArray(content))
		return BODY_MALFORMED;
	cJSON_ArrayForEach(b, content) if (block_text(b)) return BODY_OK;
	return BODY_EMPTY;
}

static enum probe_event
event(const char *name, const cJSON *data, const char *raw,
      enum probe_error *hint)
{
	(void)raw;
	(void)hint;
	if (data == NULL)
		return EVENT_MALFORMED;
	if (strcmp(name, "messageStop") == 0)
		return EVENT_DONE;
	if (strcmp(name, "contentBlockDelta") != 0)
		return EVENT_OTHER;
	return block_text(cJSON_GetObjectItemCaseSensitive(data, "delta"))
	           ? EVENT_CONTENT
	           : EVENT_OTHER;
}

const struct probe_family_ops probe_bedrock_ops = {build, check, event};
