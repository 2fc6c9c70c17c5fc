/* probe_family.c: the API families' table and what they share: building a request, reading a whole body, and reading a stream (server-sent events, or AWS's binary event stream). */
#include "probe_family.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "json.h"

static const struct probe_family_ops *const families[FAMILY__MAX] = {
    [FAMILY_OPENAI_CHAT] = &probe_openai_ops,
    [FAMILY_AZURE_OPENAI_CHAT] = &probe_azure_ops,
    [FAMILY_ANTHROPIC_MESSAGES] = &probe_anthropic_ops,
    [FAMILY_GEMINI_GENERATE] = &probe_gemini_ops,
    [FAMILY_COHERE_CHAT] = &probe_cohere_ops,
    [FAMILY_BEDROCK_CONVERSE] = &probe_bedrock_ops,
    [FAMILY_CLOVA_CHAT] = &probe_clova_ops,
};

void
probe_add_header(struct probe_request *r, struct arena *a, const char *name,
                 const char *value, int secret)
{
	if (r->n_headers >= PROBE_HEADERS_MAX)
		return; /* the families add at most four */
	r->headers[r->n_headers].name = name;
	r->headers[r->n_headers].value = arena_strdup(a, value);
	r->headers[r->n_headers].secret = secret;
	r->n_headers++;
}

const char *
probe_json_str(const cJSON *o, const char *path)
{
	while (o != NULL && *path != '\0') {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);
		const cJSON *it, *found = NULL;

		if (!cJSON_IsObject(o))
			return NULL;
		cJSON_ArrayForEach(it, o)
		{
			if (strlen(it->string) == n &&
			    memcmp(it->string, path, n) == 0) {
				found = it;
				break;
			}
		}
		o = found;
		path += n + (dot != NULL);
	}
	return cJSON_IsString(o) ? o->valuestring : NULL;
}

enum probe_error
probe_hint_from_text(const char *s)
{
	static const struct {
		const char *word;
		enum probe_error hint;
	} words[] = {
	    {"overload", ERR_OVERLOADED},
	    {"rate_limit", ERR_RATE_LIMITED},
	    {"rate limit", ERR_RATE_LIMITED},
	    {"ratelimit", ERR_RATE_LIMITED},
	    {"throttl", ERR_RATE_LIMITED},
	    {"resource_exhausted", ERR_RATE_LIMITED},
	    {"too many requests", ERR_RATE_LIMITED},
	    {"quota", ERR_RATE_LIMITED},
	    {"authentication", ERR_AUTH},
	    {"unauthenticated", ERR_AUTH},
	    {"unauthorized", ERR_AUTH},
	    {"permission", ERR_AUTH},
	    {"api_key", ERR_AUTH},
	    {"api key", ERR_AUTH},
	    {"api token", ERR_AUTH},
	    {"accessdenied", ERR_AUTH},
	    {"unrecognizedclient", ERR_AUTH},
	};

	if (s == NULL)
		return ERR_NONE;
	for (size_t i = 0; i < NELEM(words); i++)
		if (strcasestr(s, words[i].word) != NULL)
			return words[i].hint;
	return ERR_NONE;
}

cJSON *
probe_user_messages(void)
{
	cJSON *list = cJSON_CreateArray(), *m = cJSON_CreateObject();

	cJSON_AddStringToObject(m, "role", "user");
	cJSON_AddStringToObject(m, "content", PROBE_PROMPT);
	cJSON_AddItemToArray(list, m);
	return list;
}

void
probe_add_json_headers(const struct probe_target *t, struct arena *a,
                       struct probe_request *r)
{
	probe_add_header(r, a, "Content-Type", "application/json", 0);
	if (t->kind == PROBE_KIND_STREAM)
		probe_add_header(r, a, "Accept", "text/event-stream", 0);
}

void
probe_add_bearer(const struct probe_target *t, struct arena *a,
                 struct probe_request *r)
{
	if (t->keys[0] != NULL)
		probe_add_header(r, a, "Authorization",
		                 arena_printf(a, "Bearer %s", t->keys[0]), 1);
}

void
probe_chat_body(const struct probe_target *t, cJSON *body)
{
	if (t->provider_model != NULL)
		cJSON_AddStringToObject(body, "model", t->provider_model);
	cJSON_AddItemToObject(body, "messages", probe_user_messages());
	cJSON_AddNumberToObject(body, "max_tokens", 1);
	cJSON_AddNumberToObject(body, "temperature", 0);
	if (t->kind == PROBE_KIND_STREAM)
		cJSON_AddTrueToObject(body, "stream");
}

/* RFC 7386: merges patch into *target (replaced where it is not an
 * object); a null member of patch removes that member. */
static void
merge_patch(cJSON **target, const cJSON *patch)
{
	const cJSON *it;

	if (!cJSON_IsObject(patch)) {
		cJSON_Delete(*target);
		*target = xnonnull(cJSON_Duplicate(patch, 1));
		return;
	}
	if (!cJSON_IsObject(*target)) {
		cJSON_Delete(*target);
		*target = cJSON_CreateObject();
	}
	cJSON_ArrayForEach(it, patch)
	{
		cJSON *old = cJSON_DetachItemFromObjectCaseSensitive(
		    *target, it->string);

		if (cJSON_IsNull(it)) {
			cJSON_Delete(old);
			continue;
		}
		if (old == NULL)
			old = cJSON_CreateNull();
		merge_patch(&old, it);
		cJSON_AddItemToObject(*target, it->string, old);
	}
}

void
probe_build_request(const struct probe_target *t, struct arena *a,
                    struct probe_request *r)
{
	cJSON *body;
	char *text;

	memset(r, 0, sizeof(*r));
	r->url = t->url;
	r->method = t->method;
	if (t->family >= FAMILY__MAX) {
		if (strcmp(t->method, "POST") == 0) {
			probe_add_header(r, a, "Content-Type",
			                 "application/json", 0);
			r->body = "{}";
			r->body_len = 2;
		}
		return;
	}
	r->method = "POST";
	body = cJSON_CreateObject();
	families[t->family]->build(t, a, r, body);
	if (t->request_patch != NULL)
		merge_patch(&body, t->request_patch);
	text = json_print(body);
	r->body = arena_strdup(a, text);
	r->body_len = strlen(text);
	free(text);
	cJSON_Delete(body);
}

enum probe_body
probe_check_body(enum probe_family f, const char *body, size_t len,
                 enum probe_error *hint)
{
	struct json_error je;
	cJSON *root;
	enum probe_body v;
	size_t i = 0;

	*hint = ERR_NONE;
	while (i < len && strchr(" \t\r\n", body[i]) != NULL)
		i++;
	if (i == len)
		return BODY_EMPTY;
	if (f >= FAMILY__MAX || len > PROBE_BODY_MAX)
		return BODY_MALFORMED;
	root = json_parse(body, len, &je);
	if (root == NULL)
		return BODY_MALFORMED;
	v = cJSON_IsObject(root) ? families[f]->check(root, hint)
	                         : BODY_MALFORMED;
	cJSON_Delete(root);
	return v;
}

/* Hands one complete event to the family and records what it said.
 * Returns 1 for the first content token. */
static int
dispatch(struct probe_stream *st, const char *name, const char *raw,
         size_t raw_len)
{
	struct json_error je;
	cJSON *data = raw_len ? json_parse(raw, raw_len, &je) : NULL;
	enum probe_error hint = ERR_NONE;
	enum probe_event ev =
	    families[st->family]->event(name, data, raw, &hint);
	int first = 0;

	cJSON_Delete(data);
	switch (ev) {
	case EVENT_CONTENT:
		first = !st->content;
		st->content = 1;
		break;
	case EVENT_DONE:
		st->done = 1;
		break;
	case EVENT_ERROR:
		if (!st->error)
			st->hint = hint;
		st->error = 1;
		break;
	case EVENT_MALFORMED:
		st->malformed = 1;
		break;
	case EVENT_OTHER:
		break;
	}
	return first;
}

/* Server-sent events: complete lines of st->pending, an event at each
 * blank line. */
static int
feed_sse(struct probe_stream *st)
{
	size_t start = 0;
	int first = 0;
	char *nl;

	while ((nl = memchr(st->pending.data + start, '\n',
	                    st->pending.len - start)) != NULL) {
		char *line = st->pending.data + start;
		size_t n = (size_t)(nl - line);

		start += n + 1;
		if (n > 0 && line[n - 1] == '\r')
			n--;
		line[n] = '\0';
		if (n == 0) {
			if (st->data.len > 0 || st->event[0] != '\0')
				first |=
				    dispatch(st, st->event,
				             st->data.len ? st->data.data : "",
				             st->data.len);
			st->data.len = 0;
			st->event[0] = '\0';
		} else if (line[0] == ':') {
			continue; /* a comment, such as a keep-alive */
		} else if (strncmp(line, "data:", 5) == 0) {
			const char *v = line + 5 + (line[5] == ' ');

			if (st->data.len > 0)
				buf_puts(&st->data, "\n");
			buf_puts(&st->data, v);
			if (st->data.len > PROBE_BODY_MAX)
				st->malformed = 1, st->data.len = 0;
		} else if (strncmp(line, "event:", 6) == 0) {
			snprintf(st->event, sizeof(st->event), "%s",
			         line + 6 + (line[6] == ' '));
		} else if (strncmp(line, "id:", 3) != 0 &&
		           strncmp(line, "retry:", 6) != 0) {
			st->malformed = 1; /* not an event stream */
		}
	}
	memmove(st->pending.data, st->pending.data + start,
	        st->pending.len - start);
	st->pending.len -= start;
	if (st->pending.len > PROBE_BODY_MAX)
		st->malformed = 1, st->pending.len = 0;
	return first;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* The string value of header name in an event-stream message's headers,
 * copied into out ("" when absent). Returns -1 when the headers do not
 * read. */
static int
es_header(const unsigned char *h, size_t n, const char *name, char *out,
          size_t outlen)
{
	static const int fixed[] = {0, 0, 1, 2, 4, 8, -1, -1, 8, 16};
	size_t i = 0;

	out[0] = '\0';
	while (i < n) {
		size_t nl = h[i], vl;
		const unsigned char *nm = h + i + 1;
		int type;

		if (i + 1 + nl + 1 > n)
			return -1;
		type = h[i + 1 + nl];
		i += 1 + nl + 1;
		if (type < 0 || type > 9)
			return -1;
		if (fixed[type] >= 0) {
			vl = (size_t)fixed[type];
		} else {
			if (i + 2 > n)
				return -1;
			vl = (size_t)h[i] << 8 | h[i + 1];
			i += 2;
		}
		if (i + vl > n)
			return -1;
		if (type == 7 && nl == strlen(name) &&
		    memcmp(nm, name, nl) == 0)
			snprintf(out, outlen, "%.*s", (int)vl, h + i);
		i += vl;
	}
	return 0;
}

/* AWS's event stream (application/vnd.amazon.eventstream): messages of
 * [total length, headers length, prelude CRC, headers, payload, CRC]. */
static int
feed_event_stream(struct probe_stream *st)
{
	const unsigned char *p = (const unsigned char *)st->pending.data;
	size_t start = 0;
	int first = 0;

	while (st->pending.len - start >= 12) {
		const unsigned char *m = p + start;
		uint32_t total = be32(m), hlen = be32(m + 4);
		char type[64], ev[64];

		if (total < 16 || hlen > total - 16 || total > PROBE_BODY_MAX ||
		    crc32(0, m, 8) != be32(m + 8)) {
			st->malformed = 1;
			st->pending.len = 0;
			return first;
		}
		if (st->pending.len - start < total)
			break;
		if (crc32(0, m, total - 4) != be32(m + total - 4) ||
		    es_header(m + 12, hlen, ":message-type", type,
		              sizeof(type)) != 0) {
			st->malformed = 1;
			st->pending.len = 0;
			return first;
		}
		if (strcmp(type, "event") == 0)
			es_header(m + 12, hlen, ":event-type", ev, sizeof(ev));
		else
			es_header(m + 12, hlen, ":exception-type", ev,
			          sizeof(ev));
		if (strcmp(type, "event") != 0) {
			/* An exception: its type names the error. */
			if (!st->error)
				st->hint = probe_hint_from_text(ev);
			st->error = 1;
		} else {
			struct buf payload = {0};

			buf_append(&payload, m + 12 + hlen, total - 16 - hlen);
			first |=
			    dispatch(st, ev, payload.data ? payload.data : "",
			             payload.len);
			buf_free(&payload);
		}
		start += total;
	}
	memmove(st->pending.data, st->pending.data + start,
	        st->pending.len - start);
	st->pending.len -= start;
	return first;
}

int
probe_stream_feed(struct probe_stream *st, const char *p, size_t n)
{
	if (n == 0 || st->family >= FAMILY__MAX)
		return 0;
	st->bytes += n;
	buf_append(&st->pending, p, n);
	return st->family == FAMILY_BEDROCK_CONVERSE ? feed_event_stream(st)
	                                             : feed_sse(st);
}

enum probe_body
probe_stream_verdict(const struct probe_stream *st)
{
	if (st->error)
		return BODY_ERROR;
	if (st->malformed)
		return BODY_MALFORMED;
	if (st->content)
		return BODY_OK;
	/* Bytes that never made an event: not an event stream, or cut. */
	return st->pending.len > 0 ? BODY_MALFORMED : BODY_EMPTY;
}

void
probe_stream_free(struct probe_stream *st)
{
	buf_free(&st->pending);
	buf_free(&st->data);
}
