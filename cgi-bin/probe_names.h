/* probe_names.h: the prober's vocabulary: API families and the error kinds of a classification, with their names in the catalog, SQL and JSON (probe kinds are model.h's). */
#ifndef AIGO_PROBE_NAMES_H
#define AIGO_PROBE_NAMES_H

/* What a probe proves (DESIGN 7) is the data vocabulary's: enum
 * probe_kind and probe_kind_names (model.h), which the checks store. */
#include "model.h"

/* The API families: the request a probe sends and how it reads the answer
 * (one probe_<family>.c each). */
enum probe_family {
	FAMILY_OPENAI_CHAT,       /* OpenAI and OpenAI-compatible APIs */
	FAMILY_AZURE_OPENAI_CHAT, /* the same body; api-key header */
	FAMILY_ANTHROPIC_MESSAGES,
	FAMILY_GEMINI_GENERATE,
	FAMILY_COHERE_CHAT,
	FAMILY_BEDROCK_CONVERSE,
	FAMILY_CLOVA_CHAT,
	FAMILY__MAX
};
/* "openai-chat", "azure-openai-chat", "anthropic-messages",
 * "gemini-generate", "cohere-chat", "bedrock-converse", "clova-chat". */
extern const char *const probe_family_names[FAMILY__MAX];

/* Why a check is not operational: exactly one per failed check, and per
 * check degraded by an error (a check degraded only by its latency has
 * ERR_NONE). docs/probing.md has the table. */
enum probe_error {
	ERR_NONE,
	ERR_TIMEOUT,
	ERR_DNS,
	ERR_CONNECT,
	ERR_TLS,
	ERR_AUTH,
	ERR_RATE_LIMITED,
	ERR_OVERLOADED,
	ERR_HTTP_4XX,
	ERR_HTTP_5XX,
	ERR_UNEXPECTED_STATUS,
	ERR_EMPTY,
	ERR_MALFORMED,
	ERR__MAX
};
/* NULL for ERR_NONE, then "timeout", "dns", "connect", "tls", "auth",
 * "rate_limited", "overloaded", "http_4xx", "http_5xx",
 * "unexpected_status", "empty", "malformed": ERR_x is error kind x - 1 of
 * model.h's error_kind_names, which a unit test keeps so. */
extern const char *const probe_error_names[ERR__MAX];

/* The index of name in names[0..n) (NULL entries never match), or n. */
int probe_name_index(const char *const *names, int n, const char *name);

#endif
