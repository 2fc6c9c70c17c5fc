/* probe_names.c: the prober's vocabulary: API families and the error kinds of a classification, with their names in the catalog, SQL and JSON (probe kinds are model.c's). */
#include "probe_names.h"

#include <string.h>

const char *const probe_family_names[FAMILY__MAX] = {
    [FAMILY_OPENAI_CHAT] = "openai-chat",
    [FAMILY_AZURE_OPENAI_CHAT] = "azure-openai-chat",
    [FAMILY_ANTHROPIC_MESSAGES] = "anthropic-messages",
    [FAMILY_GEMINI_GENERATE] = "gemini-generate",
    [FAMILY_COHERE_CHAT] = "cohere-chat",
    [FAMILY_BEDROCK_CONVERSE] = "bedrock-converse",
    [FAMILY_CLOVA_CHAT] = "clova-chat",
};

const char *const probe_error_names[ERR__MAX] = {
    [ERR_NONE] = NULL,
    [ERR_TIMEOUT] = "timeout",
    [ERR_DNS] = "dns",
    [ERR_CONNECT] = "connect",
    [ERR_TLS] = "tls",
    [ERR_AUTH] = "auth",
    [ERR_RATE_LIMITED] = "rate_limited",
    [ERR_OVERLOADED] = "overloaded",
    [ERR_HTTP_4XX] = "http_4xx",
    [ERR_HTTP_5XX] = "http_5xx",
    [ERR_UNEXPECTED_STATUS] = "unexpected_status",
    [ERR_EMPTY] = "empty",
    [ERR_MALFORMED] = "malformed",
};

int
probe_name_index(const char *const *names, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (names[i] != NULL && strcmp(names[i], name) == 0)
			return i;
	return n;
}
