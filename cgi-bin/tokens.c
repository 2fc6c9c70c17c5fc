/* tokens.c: bearer tokens: loading a token file, and authenticating an Authorization header in constant time. */
#include "tokens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "arena.h"
#include "log.h"

#define TOKEN_CHARS                                                            \
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/" \
	"="

/* Parses one "NAME TOKEN" line into t; 0, or -1 when malformed. */
static int
parse_token_line(char *line, struct token *t)
{
	char *name = strtok(line, " \t");
	char *secret = name ? strtok(NULL, " \t") : NULL;
	size_t n;

	if (secret == NULL || strtok(NULL, " \t") != NULL ||
	    strlen(name) >= sizeof(t->name))
		return -1;
	n = strlen(secret);
	if (n < 16 || n > TOKEN_MAX || strspn(secret, TOKEN_CHARS) != n)
		return -1;
	/* The secret is compared over all TOKEN_MAX bytes: zero the rest. */
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "%s", name);
	memcpy(t->secret, secret, n + 1);
	t->len = n;
	return 0;
}

size_t
tokens_load(struct tokens *tk, const char *path)
{
	return tokens_load_for(tk, path, "ingest");
}

size_t
tokens_load_for(struct tokens *tk, const char *path, const char *what)
{
	FILE *f = fopen(path, "r");
	struct stat st;
	char line[512];
	int lineno = 0;
	size_t cap = 0;

	tokens_free(tk);
	if (f == NULL) {
		log_msg("debug", "%s is off: %s: no token file", what, path);
		return 0;
	}
	if (fstat(fileno(f), &st) != 0 || (st.st_mode & 077) != 0) {
		log_msg("error",
		        "%s is off: %s may be read or written by others "
		        "(chmod 600 it)",
		        what, path);
		fclose(f);
		return 0;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		struct token t;
		char *p = line + strspn(line, " \t");

		lineno++;
		p[strcspn(p, "\r\n")] = '\0';
		if (*p == '\0' || *p == '#')
			continue;
		if (parse_token_line(p, &t) != 0) {
			log_msg("error",
			        "%s:%d: not \"NAME TOKEN\" with a token of 16 "
			        "to 256 characters; line ignored",
			        path, lineno);
			continue;
		}
		tk->v = xgrow(tk->v, tk->n, &cap, sizeof(*tk->v));
		tk->v[tk->n++] = t;
	}
	fclose(f);
	log_msg(tk->n ? "debug" : "error", "%s: %zu token%s from %s", what,
	        tk->n, tk->n == 1 ? "" : "s", path);
	return tk->n;
}

/* Compares a presented token with every configured one in time that
 * depends on neither; returns the matching token or NULL. */
static const struct token *
token_find(const struct tokens *tk, const char *given, size_t len)
{
	const struct token *hit = NULL;

	for (size_t k = 0; k < tk->n; k++) {
		const struct token *t = &tk->v[k];
		unsigned diff = (unsigned)(len != t->len);

		for (size_t i = 0; i < TOKEN_MAX; i++) {
			unsigned char a = i < len ? (unsigned char)given[i] : 0;
			diff |= (unsigned)(a ^ (unsigned char)t->secret[i]);
		}
		if (diff == 0)
			hit = t;
	}
	return hit;
}

const struct token *
tokens_authenticate(const struct tokens *tk, const char *header)
{
	size_t n;

	if (header == NULL || strncasecmp(header, "Bearer ", 7) != 0)
		return NULL;
	header += 7;
	header += strspn(header, " ");
	n = strcspn(header, " ");
	if (n == 0 || n > TOKEN_MAX || header[n] != '\0')
		return NULL;
	return token_find(tk, header, n);
}

void
tokens_free(struct tokens *tk)
{
	free(tk->v);
	tk->v = NULL;
	tk->n = 0;
}
