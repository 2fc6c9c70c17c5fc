/* probe_anthropic.c: the anthropic-messages family: POST /v1/messages with x-api-key and anthropic-version. */
#include <string.h>

#include "probe_family.h"

/* The API version every probe names (Anthropic's stable version). */
#define ANTHROPIC_VERSION "2023-06-01"

static void
build(const struct probe_target *t, struct arena *a, struct probe_request *r,
      cJSON *body)
{
	probe_add_header(r, a, "Content-Type", "application/json", 0);
	probe_add_header(r, a, "anthropic-version", ANTHROPIC_VERSION, 0);
	if (t->keys[0] != NULL)
		probe_add_header(r, a, "x-api-key", t->keys[0], 1);
	probe_chat_body(t, body);
}

/* {"type": "error", "error": {"type": "overloaded_error", ...}} */
static int
is_error(const cJSON *o, enum probe_error *hint)
{
	const char *type = probe_json_str(o, "type");
	const cJSON *err = cJSON_GetObjectItemCaseSensitive(o, "error");

	if ((type == NULL || strcmp(type, "error") != 0) && err == NULL)
		return 0;
	*hint = probe_hint_from_text(probe_json_str(o, "error.type"));
	return 1;
}

static enum probe_body
check(const cJSON *body, enum probe_error *hint)
{
	const cJSON *content, *block;
	const char *type = probe_json_str(body, "type");

	if (is_error(body, hint))
		return BODY_ERROR;
	content = cJSON_GetObjectItemCaseSensitive(body, "content");
	if (type == NULL || strcmp(type, "message") != 0 ||
	    !cJSON_IsArray(content))
		return BODY_MALFORMED;
	cJSON_ArrayForEach(block, content)
	{
		const char *text = probe_json_str(block, "text");
		const char *thinking = probe_json_str(block, "thinking");

		if ((text != NULL && *text) || (thinking != NULL && *thinking))
			return BODY_OK;
	}
	return BODY_EMPTY;
}

static enum probe_event
event(const char *name, const cJSON *data, const char *raw,
      enum probe_error *hint)
{
	const char *type, *text;

	(void)raw;
	if (data == NULL)
		return EVENT_MALFORMED;
	if (strcmp(name, "error") == 0 || is_error(data, hint)) {
		*hint =
		    probe_hint_from_text(probe_json_str(data, "error.type"));
		return EVENT_ERROR;
	}
	type = probe_json_str(data, "type");
	if (type == NULL)
		return EVENT_MALFORMED;
	if (strcmp(type, "message_stop") == 0)
		return EVENT_DONE;
	if (strcmp(type, "content_block_delta") != 0)
		return EVENT_OTHER;
	text = probe_json_str(data, "delta.text");
	if (text == NULL)
		text = probe_json_str(data, "delta.thinking");
	return text != NULL && *text ? EVENT_CONTENT : EVENT_OTHER;
}

const struct probe_family_ops probe_anthropic_ops = {build, check, event};
