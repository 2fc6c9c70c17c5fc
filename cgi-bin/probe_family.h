/* probe_family.h: the API families: the request each sends (one token, temperature 0, a fixed prompt) and how each reads the answer, whole or streamed. */
#ifndef AIGO_PROBE_FAMILY_H
#define AIGO_PROBE_FAMILY_H

#include <cJSON.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "probe_names.h"

/* The prompt every inference and stream probe sends. */
#define PROBE_PROMPT "Reply with the single word OK."
/* Bytes of an answer kept for reading: a one-token answer is far
 * smaller; a longer one is read as malformed. */
#define PROBE_BODY_MAX (256 * 1024)
#define PROBE_HEADERS_MAX 8

/* What a probe is about to send: one endpoint, with its kind as probed
 * (an inference endpoint without its key is probed as reachability). */
struct probe_target {
	enum probe_family family;   /* FAMILY__MAX: a bare request */
	enum probe_kind kind;       /* as probed */
	const char *url, *method;   /* from the catalog */
	const char *provider_model; /* NULL for none */
	const char *region;         /* the endpoint's region */
	const char *keys[2];        /* the key values (inference and stream
	                               only; NULL otherwise) */
	const cJSON *request_patch; /* merged into the body, or NULL */
};

struct probe_header {
	const char *name;
	const char *value;
	int secret; /* holds a key: never logged */
};

/* The request of one probe, in the arena it was built in. */
struct probe_request {
	const char *url;
	const char *method;
	struct probe_header headers[PROBE_HEADERS_MAX];
	int n_headers;
	const char *body; /* NULL: none */
	size_t body_len;
	const char *aws_sigv4;   /* libcurl's CURLOPT_AWS_SIGV4 provider
	                          string ("aws:amz:REGION:bedrock"), or NULL */
	const char *aws_userpwd; /* "KEYID:SECRET" for it (secret), or NULL */
};

/* Builds the request of t in a: the family's URL (a stream probe's own
 * where the family has one), headers with the key where the family puts
 * it (only for inference and stream), and the body with request_patch
 * merged in (RFC 7386: a null member removes). A reachability probe of a
 * family sends the same body without any key; one without a family sends
 * the catalog's method with "{}" for a POST. Never fails. */
void probe_build_request(const struct probe_target *t, struct arena *a,
                         struct probe_request *r);

/* How a body read. */
enum probe_body {
	BODY_OK,        /* the family's shape with a non-empty completion */
	BODY_EMPTY,     /* no bytes, or no completion in them */
	BODY_MALFORMED, /* not the family's shape (or not JSON, or cut) */
	BODY_ERROR,     /* an error member */
	BODY__MAX
};

/* Reads a whole (unstreamed) answer body of family f. For BODY_ERROR,
 * *hint is what the error member names where it names something the
 * classification knows (ERR_RATE_LIMITED, ERR_OVERLOADED, ERR_AUTH),
 * else ERR_NONE. */
enum probe_body probe_check_body(enum probe_family f, const char *body,
                                 size_t len, enum probe_error *hint);

/* A streamed answer read as it arrives (server-sent events, or AWS's
 * binary event stream for bedrock-converse). Zero it, then feed it. */
struct probe_stream {
	enum probe_family family;
	struct buf pending; /* bytes of an event not complete yet */
	struct buf data;    /* the data lines of the current SSE event */
	char event[64];     /* its event name */
	size_t bytes;       /* bytes fed */
	int content;        /* a content token was seen */
	int done;           /* the end event was seen */
	int malformed;
	int error;
	enum probe_error hint; /* with error */
};

/* Feeds n bytes of the answer to st. Returns 1 when these bytes held the
 * first content token (the moment of TTFT), else 0. */
int probe_stream_feed(struct probe_stream *st, const char *p, size_t n);

/* The verdict on a whole stream (st->hint is the hint of BODY_ERROR). */
enum probe_body probe_stream_verdict(const struct probe_stream *st);

/* Frees the stream's buffers (st stays usable after zeroing). */
void probe_stream_free(struct probe_stream *st);

/* ---- what each family file provides (probe_<family>.c) ---- */

/* What one streamed event said. */
enum probe_event {
	EVENT_OTHER,     /* nothing the probe needs */
	EVENT_CONTENT,   /* a non-empty content (or reasoning) token */
	EVENT_DONE,      /* the end of the answer */
	EVENT_ERROR,     /* an error event or member */
	EVENT_MALFORMED, /* not the family's shape */
};

struct probe_family_ops {
	/* Fills r's url, headers and body (a JSON object built by the
	 * family, before the patch is merged) for t. */
	void (*build)(const struct probe_target *t, struct arena *a,
	              struct probe_request *r, cJSON *body);
	/* Reads a parsed whole body. */
	enum probe_body (*check)(const cJSON *body, enum probe_error *hint);
	/* Reads one streamed event: its name ("" for none) and its data,
	 * parsed (NULL when the data was not JSON: "[DONE]", or garbage). */
	enum probe_event (*event)(const char *name, const cJSON *data,
	                          const char *raw, enum probe_error *hint);
};

extern const struct probe_family_ops probe_openai_ops, probe_azure_ops,
    probe_anthropic_ops, probe_gemini_ops, probe_cohere_ops, probe_bedrock_ops,
    probe_clova_ops;

/* Helpers the family files share. */

/* Adds a header to r (the value copied into a). */
void probe_add_header(struct probe_request *r, struct arena *a,
                      const char *name, const char *value, int secret);
/* The string at path, object member names joined by dots ("error.type"),
 * or NULL when a member is missing or not a string. */
const char *probe_json_str(const cJSON *o, const char *path);
/* The hint an error text names: rate limits and quotas
 * (ERR_RATE_LIMITED), overload (ERR_OVERLOADED), keys and permissions
 * (ERR_AUTH), else ERR_NONE. */
enum probe_error probe_hint_from_text(const char *s);
/* A user message {"role": "user", "content": PROMPT} in a list. */
cJSON *probe_user_messages(void);
/* Content-Type: application/json, and for a stream probe Accept:
 * text/event-stream. */
void probe_add_json_headers(const struct probe_target *t, struct arena *a,
                            struct probe_request *r);
/* Authorization: Bearer KEY, when t has its key (a secret header). */
void probe_add_bearer(const struct probe_target *t, struct arena *a,
                      struct probe_request *r);
/* The chat body the OpenAI-shaped APIs share, into body: model (when
 * known), the user message, max_tokens 1, temperature 0, and stream: true
 * for a stream probe. */
void probe_chat_body(const struct probe_target *t, cJSON *body);

#endif
