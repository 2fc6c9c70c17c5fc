/* api_ingest.c: POST /api/v1/checks: authenticated, validated as a whole batch, written in one durable transaction. */
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "handlers.h"
#include "ingest.h"
#include "json.h"
#include "respond.h"
#include "log.h"

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
	respond_json_error(
	    resp, status, code,
	    arena_printf(b->arena, "%zu check%s %s; nothing was written.", bad,
	                 bad == 1 ? "" : "s", bad == 1 ? one : many),
	    NULL, more);
	return status;
}

int
api_ingest(struct app *app, struct request *req, struct response *resp)
{
	const struct token *who;
	struct ingest_batch b;
	const char *field, *why;
	struct store *s;
	char err[512];
	long n_new = 0, n_dup = 0;
	size_t invalid;
	int rc;

	http_header(resp, "Cache-Control", "no-store");
	if (app->tokens.n == 0) {
		respond_json_error(
		    resp, 503, "ingest_disabled",
		    "Ingest is disabled: no token is configured.", NULL, NULL);
		return 503;
	}
	who = tokens_authenticate(&app->tokens, req->authorization);
	if (who == NULL) {
		http_header(resp, "WWW-Authenticate", "Bearer realm=\"aigo\"");
		respond_json_error(resp, 401, "unauthorized",
		                   "A valid \"Authorization: Bearer\" token is "
		                   "required.",
		                   NULL, NULL);
		return 401;
	}
	if (!is_json(req->content_type)) {
		respond_json_error(resp, 415, "unsupported_media_type",
		                   "The body must be application/json.", NULL,
		                   NULL);
		return 415;
	}
	ingest_begin(&b, req->arena, req->now, app->cfg.retention, "ingest");
	if (ingest_parse_body(&b, req->body ? req->body : "", req->body_len,
	                      INGEST_MAX_CHECKS, &field, &why) != 0) {
		respond_json_error(resp, 400, "invalid_json", why, field, NULL);
		return 400;
	}
	ingest_find_duplicates(&b);
	invalid = b.n_problems;
	/* Every problem of every item in one answer: the models and regions
	 * are looked up also when some items are invalid. */
	s = source_writer(&app->source, err, sizeof(err));
	if (s == NULL || ingest_resolve(&b, s, err, sizeof(err)) != 0) {
		if (invalid > 0) {
			log_msg("warn", "ingest: %s", err);
			return problems_error(resp, &b, 400, "invalid_checks",
			                      "is invalid", "are invalid");
		}
		log_msg("error", "ingest: %s", err);
		source_writer_failed(&app->source);
		respond_json_error(
		    resp, 503, "unavailable",
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
		respond_json_error(resp, 503, rc == -2 ? "busy" : "unavailable",
		                   rc == -2
		                       ? "The database is busy; nothing was "
		                         "written. Send the batch again."
		                       : "The database cannot be written "
		                         "now; nothing was written.",
		                   NULL, NULL);
		if (rc != -2) {
			source_writer_failed(&app->source);
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
	respond_json(resp, root);
	return 200;
}
