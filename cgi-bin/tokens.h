/* tokens.h: bearer tokens: loading a token file, and authenticating an Authorization header in constant time. */
#ifndef AIGO_TOKENS_H
#define AIGO_TOKENS_H

#include <stddef.h>

#define TOKEN_MAX 256 /* bytes of a secret */

/* One token: a name for the log and the secret. */
struct token {
	char name[65];
	char secret[TOKEN_MAX + 1]; /* zero-padded to TOKEN_MAX */
	size_t len;
};

/* The tokens of one file. */
struct tokens {
	struct token *v;
	size_t n;
};

/* Replaces t's tokens by those of the file at path: lines "NAME TOKEN"
 * (a token of 16 to 256 characters of A-Z a-z 0-9 - . _ ~ + / =), '#'
 * comments; a bad line is logged with path:line and skipped. A missing
 * file, or one readable or writable by group or others, gives none
 * (logged). Returns the number of tokens. */
size_t tokens_load(struct tokens *t, const char *path);

/* tokens_load for the API named what ("ingest", "admin"): the log lines
 * say that it is off, and why, in its name. */
size_t tokens_load_for(struct tokens *t, const char *path, const char *what);

/* The token of an "Authorization: Bearer TOKEN" header (NULL: none), or
 * NULL when it names none of t. Every token is compared over all its
 * bytes, in time that depends on neither the header nor the tokens. */
const struct token *tokens_authenticate(const struct tokens *t,
                                        const char *authorization);

void tokens_free(struct tokens *t);

#endif
