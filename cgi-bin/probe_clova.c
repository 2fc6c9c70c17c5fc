/* probe_clova.c: the clova-chat family: NAVER HyperCLOVA X, POST /v3/chat-completions/MODEL with a bearer key; streamed with Accept: text/event-stream. */
#include <string.h>

#include "probe_family.h"

static void
build(const struct probe_target *t, struct arena *a, struct probe_request *r,
      cJSON *body)
{
	probe_add_json_headers(t, a, r);
	probe_add_bearer(t, a, r);
	cJSON_AddItemToObject(body, "messages", probe_user_messages());
	cJSON_AddNumberToObject(body, "maxTokens", 1);
	cJSON_AddNumberToObject(body, "temperature", 0);
}

/* Whether a message holds content or thinking content. */
static int
has_text(const cJSON *msg)
{
	const char *s = probe_json_str(msg, "content");
	const char *th = probe_json_str(msg, "thinkingContent");

	return (s != NULL && *s) || (th != NULL && *th);
}

static enum probe_body
check(const cJSON *body, enum probe_error *hint)
{
	const char *code = probe_json_str(body, "status.code");

	if (code == NULL)
		return BODY_MALFORMED;
	/* Every answer has status.code; 20000 is success. */
	if (strcmp(code, "20000") != 0) {
		*hint = strcmp(code, "42900") == 0 ? ERR_RATE_LIMITED
		        : code[0] == '4' && code[1] == '0' &&
		                (code[2] == '1' || code[2] == '3')
		            ? ERR_AUTH
		            : ERR_NONE;
		return BODY_ERROR;
	}
	return has_text(cJSON_GetObjectItemCaseSensitive(
	           cJSON_GetObjectItemCaseSensitive(body, "result"), "message"))
	           ? BODY_OK
	           : BODY_EMPTY;
}

static enum probe_event
event(const char *name, const cJSON *data, const char *raw,
      enum probe_error *hint)
{
	(void)raw;
	if (strcmp(name, "signal") == 0)
		return EVENT_OTHER; /* {"data": "[DONE]"} */
	if (data == NULL)
		return EVENT_MALFORMED;
	if (strcmp(name, "error") == 0) {
		const char *code = probe_json_str(data, "status.code");

		*hint = code != NULL && strcmp(code, "42900") == 0
		            ? ERR_RATE_LIMITED
		            : ERR_NONE;
		return EVENT_ERROR;
	}
	if (strcmp(name, "result") == 0)
		return EVENT_DONE;
	if (strcmp(name, "token") != 0)
		return EVENT_OTHER;
	return has_text(cJSON_GetObjectItemCaseSensitive(data, "message"))
	           ? EVENT_CONTENT
	           : EVENT_OTHER;
}

const struct probe_family_ops probe_clova_ops = {build, check, event};
