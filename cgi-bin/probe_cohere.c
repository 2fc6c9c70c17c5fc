/* probe_cohere.c: the cohere-chat family: POST /v2/chat with a bearer key; a streamed answer's text comes in content-delta events. */
#include <string.h>

#include "probe_family.h"

static void
build(const struct probe_target *t, struct arena *a, struct probe_request *r,
      cJSON *body)
{
	probe_add_json_headers(t, a, r);
	probe_add_bearer(t, a, r);
	probe_chat_body(t, body);
}

/* Whether a content item (or list of them) holds text or thinking. */
static int
has_text(const cJSON *c)
{
	const cJSON *it;
	const char *s;

	if (cJSON_IsArray(c)) {
		cJSON_ArrayForEach(it, c) if (has_text(it)) return 1;
		return 0;
	}
	s = probe_json_str(c, "text");
	if (s == NULL)
		s = probe_json_str(c, "thinking");
	return s != NULL && *s != '\0';
}

static enum probe_body
check(const cJSON *body, enum probe_error *hint)
{
	const cJSON *msg = cJSON_GetObjectItemCaseSensitive(body, "message");

	/* An error answer is {"id": ..., "message": "why"}. */
	if (cJSON_IsString(msg)) {
		*hint = probe_hint_from_text(msg->valuestring);
		return BODY_ERROR;
	}
	if (!cJSON_IsObject(msg))
		return BODY_MALFORMED;
	return has_text(cJSON_GetObjectItemCaseSensitive(msg, "content"))
	           ? BODY_OK
	           : BODY_EMPTY;
}

static enum probe_event
event(const char *name, const cJSON *data, const char *raw,
      enum probe_error *hint)
{
	const char *type;

	(void)raw;
	if (data == NULL)
		return EVENT_MALFORMED;
	type = probe_json_str(data, "type");
	if (type == NULL)
		type = name;
	if (strcmp(type, "error") == 0 ||
	    cJSON_IsString(cJSON_GetObjectItemCaseSensitive(data, "message"))) {
		*hint = probe_hint_from_text(probe_json_str(data, "message"));
		return EVENT_ERROR;
	}
	if (strcmp(type, "message-end") == 0)
		return EVENT_DONE;
	if (strcmp(type, "content-delta") != 0)
		return EVENT_OTHER;
	return has_text(cJSON_GetObjectItemCaseSensitive(
	           cJSON_GetObjectItemCaseSensitive(
	               cJSON_GetObjectItemCaseSensitive(data, "delta"),
	               "message"),
	           "content"))
	           ? EVENT_CONTENT
	           : EVENT_OTHER;
}

const struct probe_family_ops probe_cohere_ops = {build, check, event};
