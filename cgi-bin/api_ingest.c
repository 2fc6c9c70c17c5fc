/* api_ingest.c: POST /api/v1/checks: bearer tokens, validation of the whole batch, one durable transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "arena.h"
#include "handlers.h"
#include "ingest.h"
#include "json.h"
#include "log.h"

#define TOKEN_CHARS                                                            \
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/" \
	"="

/* Parses one "NAME TOKEN" line into t; 0, or -1 when malformed. */
static int
parse_token_line(char *line, struct ingest_token *t)
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
app_load_tokens(struct app *app)
{
	const char *path = app->cfg.ingest_tokens;
	FILE *f = fopen(path, "r");
	struct stat st;
	char line[512];
	int lineno = 0;

	free(app->tokens);
	app->tokens = NULL;
	app->n_tokens = 0;
	if (f == NULL) {
		log_msg("debug", "ingest is off: %s: no token file", path);
		return 0;
	}
	if (fstat(fileno(f), &st) != 0 || (st.st_mode & 077) != 0) {
		log_msg("error",
		        "ingest is off: %s may be read or written by others "
		        "(chmod 600 it)",
		        path);
		fclose(f);
		return 0;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		struct ingest_token t;
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
		struct ingest_token *more =
		    realloc(app->tokens, (app->n_tokens + 1) * sizeof(*more));
		if (more == NULL)
			break;
		app->tokens = more;
		app->tokens[app->n_tokens++] = t;
	}
	fclose(f);
	log_msg(app->n_tokens ? "debug" : "error",
	        "ingest: %zu token%s from %s", app->n_tokens,
	        app->n_tokens == 1 ? "" : "s", path);
	return app->n_tokens;
}

/* Compares a presented token with every configured one in time that
 * depends on neither; returns the matching token or NULL. */
static const struct ingest_token *
token_find(const struct app *app, const char *given, size_t len)
{
	const struct ingest_token *hit = NULL;

	for (size_t k = 0; k < app->n_tokens; k++) {
		const struct ingest_token *t = &app->tokens[k];
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

/* The token of an "Authorization: Bearer TOKEN" header, or NULL. */
static const struct ingest_token *
authenticate(const struct app *app, const char *header)
{
	size_t n;

	if (header == NULL || strncasecmp(header, "Bearer ", 7) != 0)
		return NULL;
	header += 7;
	header += strspn(header, " ");
	n = strcspn(header, " ");
	if (n == 0 || n > TOKEN_MAX || header[n] != '\0')
		return NULL;
	return token_find(app, header, n);
}

/* Whether the media type of a Content-Type header is application/json. */
static int
is_json(const char *type)
{
	size_t n;

	if (type == NULL)
		return 0;
	n = strcspn(type, "; ");
	return n == 16 && strncasecmp(type, "application/json", 16) == 0;
}

/* Answers status with the first INGEST_PROBLEMS_SHOWN problems of b in
 * "items" and the number of the others in "itemsOmitted", so that the
 * answer stays small whatever the batch. The message is "N checks " and
 * one (N = 1) or many (else). */
static int
problems_error(struct response *resp, const struct ingest_batch *b, int status,
               const char *code, const char *one, const char *many)
{
	cJSON *more = cJSON_CreateObject();
	cJSON *items = cJSON_AddArrayToObject(more, "items");
	char *seen = arena_alloc(b->arena, b->n + 1);
	size_t bad = 0,
	       shown = ingest_problems_json(b, items, INGEST_PROBLEMS_SHOWN);

	memset(seen, 0, b->n + 1);
	for (size_t k = 0; k < b->n_problems; k++)
		if (!seen[b->problems[k].index]) {
			seen[b->problems[k].index] = 1;
			bad++;
		}
	if (shown < b->n_problems)
		cJSON_AddNumberToObject(more, "itemsOmitted",
		                        (double)(b->n_problems - shown));
	page_json_error(
	    resp, status, code,
	    arena_printf(b->arena, "%zu check%s %s; nothing was written.", bad,
	                 bad == 1 ? "" : "s", bad == 1 ? one : many),
	    NULL, more);
	return status;
}

int
api_ingest(struct app *app, struct request *req, struct response *resp)
{
	const struct ingest_token *who;
	struct ingest_batch b;
	const char *field, *why;
	struct store *s;
	char err[512];
	long n_new = 0, n_dup = 0;
	size_t invalid;
	int rc;

	http_header(resp, "Cache-Control", "no-store");
	if (app->n_tokens == 0) {
		page_json_error(resp, 503, "ingest_disabled",
		                "Ingest is disabled: no token is configured.",
		                NULL, NULL);
		return 503;
	}
	who = authenticate(app, req->authorization);
	if (who == NULL) {
		http_header(resp, "WWW-Authenticate", "Bearer realm=\"aigo\"");
		page_json_error(resp, 401, "unauthorized",
		                "A valid \"Authorization: Bearer\" token is "
		                "required.",
		                NULL, NULL);
		return 401;
	}
	if (!is_json(req->content_type)) {
		page_json_error(resp, 415, "unsupported_media_type",
		                "The body must be application/json.", NULL,
		                NULL);
		return 415;
	}
	ingest_begin(&b, req->arena, req->now, app->cfg.retention, "ingest");
	if (ingest_parse_body(&b, req->body ? req->body : "", req->body_len,
	                      INGEST_MAX_CHECKS, &field, &why) != 0) {
		page_json_error(resp, 400, "invalid_json", why, field, NULL);
		return 400;
	}
	ingest_find_duplicates(&b);
	invalid = b.n_problems;
	/* Every problem of every item in one answer: the models and regions
	 * are looked up also when some items are invalid. */
	s = app_writer(app, err, sizeof(err));
	if (s == NULL || ingest_resolve(&b, s, err, sizeof(err)) != 0) {
		if (invalid > 0) {
			log_msg("warn", "ingest: %s", err);
			return problems_error(resp, &b, 400, "invalid_checks",
			                      "is invalid", "are invalid");
		}
		log_msg("error", "ingest: %s", err);
		store_close(app->writer);
		app->writer = NULL;
		page_json_error(resp, 503, "unavailable",
		                "The database cannot be written now; nothing "
		                "was written.",
		                NULL, NULL);
		http_header(resp, "Retry-After", "30");
		return 503;
	}
	if (invalid > 0)
		return problems_error(resp, &b, 400, "invalid_checks",
		                      "is invalid", "are invalid");
	if (b.n_problems > 0)
		return problems_error(
		    resp, &b, 422, "unknown_model",
		    "names a model or region that is not in the catalog",
		    "name a model or region that is not in the catalog");
	rc = store_record_checks(s, b.checks, b.n, &n_new, &n_dup, err,
	                         sizeof(err));
	if (rc != 0) {
		log_msg(rc == -2 ? "warn" : "error", "ingest from %s: %s",
		        who->name, err);
		http_header(resp, "Retry-After", rc == -2 ? "1" : "30");
		page_json_error(resp, 503, rc == -2 ? "busy" : "unavailable",
		                rc == -2 ? "The database is busy; nothing was "
		                           "written. Send the batch again."
		                         : "The database cannot be written "
		                           "now; nothing was written.",
		                NULL, NULL);
		if (rc != -2) {
			store_close(app->writer);
			app->writer = NULL;
		}
		return 503;
	}
	log_msg("debug", "ingest from %s: %ld new, %ld duplicates", who->name,
	        n_new, n_dup);
	cJSON *root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "accepted", (double)b.n);
	cJSON_AddNumberToObject(root, "new", (double)n_new);
	cJSON_AddNumberToObject(root, "duplicates", (double)n_dup);
	json_add_time(root, "timestamp", req->now);
	page_json_body(resp, root);
	return 200;
}
