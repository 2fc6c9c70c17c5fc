/* probe_gemini.c: the gemini-generate family: models/MODEL:generateContent (streamed: :streamGenerateContent?alt=sse), the key in x-goog-api-key, never in the URL. */
#include <string.h>

#include "probe_family.h"

static void
build(const struct probe_target *t, struct arena *a, struct probe_request *r,
      cJSON *body)
{
	cJSON *contents = cJSON_CreateArray(), *c = cJSON_CreateObject();
	cJSON *parts = cJSON_CreateArray(), *part = cJSON_CreateObject();
	cJSON *gen = cJSON_CreateObject();
	const char *at = strstr(t->url, ":generateContent");

	/* The catalog names the unstreamed method; a stream probe asks for
	 * the streamed one as server-sent events. */
	if (t->kind == PROBE_KIND_STREAM && at != NULL)
		r->url = arena_printf(a, "%.*s:streamGenerateContent%s%s",
		                      (int)(at - t->url), t->url,
		                      at[16] == '?' ? at + 16 : "?",
		                      at[16] == '?' ? "&alt=sse" : "alt=sse");
	probe_add_header(r, a, "Content-Type", "application/json", 0);
	if (t->keys[0] != NULL)
		probe_add_header(r, a, "x-goog-api-key", t->keys[0], 1);
	cJSON_AddStringToObject(c, "role", "user");
	cJSON_AddStringToObject(part, "text", PROBE_PROMPT);
	cJSON_AddItemToArray(parts, part);
	cJSON_AddItemToObject(c, "parts", parts);
	cJSON_AddItemToArray(contents, c);
	cJSON_AddItemToObject(body, "contents", contents);
	cJSON_AddNumberToObject(gen, "maxOutputTokens", 1);
	cJSON_AddNumberToObject(gen, "temperature", 0);
	cJSON_AddItemToObject(body, "generationConfig", gen);
}

static enum probe_error
error_hint(const cJSON *err)
{
	enum probe_error h =
	    probe_hint_from_text(probe_json_str(err, "status"));

	return h != ERR_NONE
	           ? h
	           : probe_hint_from_text(probe_json_str(err, "message"));
}

/* 1: a candidate has a part with text; 0: none; -1: not the shape. */
static int
candidate_text(const cJSON *o)
{
	const cJSON *cands = cJSON_GetObjectItemCaseSensitive(o, "candidates");
	const cJSON *cand, *part;

	if (cands == NULL)
		return 0; /* a chunk with usage only, or a blocked prompt */
	if (!cJSON_IsArray(cands))
		return -1;
	cJSON_ArrayForEach(cand, cands)
	{
		const cJSON *content =
		    cJSON_GetObjectItemCaseSensitive(cand, "content");

		cJSON_ArrayForEach(
		    part, cJSON_GetObjectItemCaseSensitive(content, "parts"))
		{
			const char *text = probe_json_str(part, "text");

			if (text != NULL && *text)
				return 1;
		}
	}
	return 0;
}

static enum probe_body
check(const cJSON *body, enum probe_error *hint)
{
	const cJSON *err = cJSON_GetObjectItemCaseSensitive(body, "error");
	int text;

	if (err != NULL) {
		*hint = error_hint(err);
		return BODY_ERROR;
	}
	if (cJSON_GetObjectItemCaseSensitive(body, "candidates") == NULL &&
	    cJSON_GetObjectItemCaseSensitive(body, "promptFeedback") == NULL)
		return BODY_MALFORMED;
	text = candidate_text(body);
	return text < 0 ? BODY_MALFORMED : text ? BODY_OK : BODY_EMPTY;
}

static enum probe_event
event(const char *name, const cJSON *data, const char *raw,
      enum probe_error *hint)
{
	const cJSON *err;
	int text;

	(void)name;
	(void)raw;
	if (!cJSON_IsObject(data))
		return EVENT_MALFORMED;
	err = cJSON_GetObjectItemCaseSensitive(data, "error");
	if (err != NULL) {
		*hint = error_hint(err);
		return EVENT_ERROR;
	}
	text = candidate_text(data);
	return text < 0 ? EVENT_MALFORMED : text ? EVENT_CONTENT : EVENT_OTHER;
}

const struct probe_family_ops probe_gemini_ops = {build, check, event};
