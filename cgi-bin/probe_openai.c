/* probe_openai.c: the openai-chat family (OpenAI and the OpenAI-compatible APIs: DeepSeek, Mistral, xAI, Moonshot, Upstage, DashScope, Friendli, Llama API) and azure-openai-chat (the same body, the key in api-key). */
#include <string.h>

#include "probe_family.h"

static void
build_openai(const struct probe_target *t, struct arena *a,
             struct probe_request *r, cJSON *body)
{
	probe_add_json_headers(t, a, r);
	probe_add_bearer(t, a, r);
	probe_chat_body(t, body);
}

/* Azure OpenAI: the deployment and api-version are in the catalog's URL,
 * the key in the api-key header. */
static void
build_azure(const struct probe_target *t, struct arena *a,
            struct probe_request *r, cJSON *body)
{
	probe_add_json_headers(t, a, r);
	if (t->keys[0] != NULL)
		probe_add_header(r, a, "api-key", t->keys[0], 1);
	probe_chat_body(t, body);
}

/* The text of a message or delta: its content (a string, or a list of
 * parts with text or thinking, as Mistral's reasoning models answer), or
 * the reasoning some compatible APIs return beside it (DeepSeek,
 * DashScope, CLOVA). */
static int
has_text(const cJSON *m)
{
	static const char *const fields[] = {"content", "reasoning_content",
	                                     "reasoning", "thinking_content"};
	const cJSON *parts = cJSON_GetObjectItemCaseSensitive(m, "content");
	const cJSON *part;

	if (!cJSON_IsArray(parts))
		parts = NULL;

	for (size_t i = 0; i < NELEM(fields); i++) {
		const char *s = probe_json_str(m, fields[i]);

		if (s != NULL && *s != '\0')
			return 1;
	}
	cJSON_ArrayForEach(part, parts)
	{
		const char *s = probe_json_str(part, "text");

		if (s == NULL)
			s = probe_json_str(part, "thinking");
		if (s != NULL && *s != '\0')
			return 1;
	}
	return 0;
}

static enum probe_error
error_hint(const cJSON *err)
{
	enum probe_error h;

	if (cJSON_IsString(err))
		return probe_hint_from_text(err->valuestring);
	h = probe_hint_from_text(probe_json_str(err, "type"));
	if (h == ERR_NONE)
		h = probe_hint_from_text(probe_json_str(err, "code"));
	return h;
}

static enum probe_body
check(const cJSON *body, enum probe_error *hint)
{
	const cJSON *err = cJSON_GetObjectItemCaseSensitive(body, "error");
	const cJSON *choices, *first;

	if (err != NULL && !cJSON_IsNull(err)) {
		*hint = error_hint(err);
		return BODY_ERROR;
	}
	choices = cJSON_GetObjectItemCaseSensitive(body, "choices");
	if (!cJSON_IsArray(choices))
		return BODY_MALFORMED;
	first = cJSON_GetArrayItem(choices, 0);
	if (first == NULL)
		return BODY_EMPTY;
	if (!cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(first, "message")))
		return BODY_MALFORMED;
	return has_text(cJSON_GetObjectItemCaseSensitive(first, "message"))
	           ? BODY_OK
	           : BODY_EMPTY;
}

static enum probe_event
event(const char *name, const cJSON *data, const char *raw,
      enum probe_error *hint)
{
	const cJSON *err, *choices;

	(void)name;
	if (data == NULL)
		return strcmp(raw, "[DONE]") == 0 ? EVENT_DONE
		                                  : EVENT_MALFORMED;
	err = cJSON_GetObjectItemCaseSensitive(data, "error");
	if (err != NULL && !cJSON_IsNull(err)) {
		*hint = error_hint(err);
		return EVENT_ERROR;
	}
	choices = cJSON_GetObjectItemCaseSensitive(data, "choices");
	if (!cJSON_IsArray(choices))
		return EVENT_MALFORMED;
	if (cJSON_GetArraySize(choices) == 0)
		return EVENT_OTHER; /* a usage chunk */
	return has_text(cJSON_GetObjectItemCaseSensitive(
	           cJSON_GetArrayItem(choices, 0), "delta"))
	           ? EVENT_CONTENT
	           : EVENT_OTHER;
}

const struct probe_family_ops probe_openai_ops = {build_openai, check, event};
const struct probe_family_ops probe_azure_ops = {build_azure, check, event};
