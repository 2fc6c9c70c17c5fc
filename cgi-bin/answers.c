/* answers.c: the whole-answer cache of a worker: answers of data routes kept while the data they were made from is the database's current data. */
#include "answers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A whole answer kept for reuse while the data it was made from is the
 * data of the database (DESIGN 4). */
struct answer {
	uint64_t gen; /* the generation of the data it was made from */
	int route;
	char *key; /* "path?query" */
	int status;
	const char *content_type; /* the handlers' static strings */
	struct buf headers, body;
	struct buf gzip; /* body gzip-encoded once, at the highest level;
	                    empty for a body not worth it */
	char etag[24];   /* of body, computed once */
};

#define ANSWERS_MAX 64
#define ANSWER_BYTES_MAX (16 * 1024 * 1024)

void
answers_free(struct answers *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].key);
		buf_free(&c->v[i].headers);
		buf_free(&c->v[i].body);
		buf_free(&c->v[i].gzip);
	}
	free(c->v);
	c->v = NULL;
	c->n = 0;
	c->bytes = 0;
}

/* "path?query" in malloc'd memory. */
static char *
answer_key(const char *path, const char *query)
{
	size_t n = strlen(path) + strlen(query) + 2;
	char *key = xmalloc(n);

	snprintf(key, n, "%s?%s", path, query);
	return key;
}

const struct answer *
answers_find(struct answers *c, uint64_t gen, const char *path,
             const char *query)
{
	char *key;
	const struct answer *hit = NULL;

	if (c->n == 0)
		return NULL;
	if (gen == 0 || gen != c->v[0].gen) {
		answers_free(c);
		return NULL;
	}
	key = answer_key(path, query);
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->v[i].key, key) == 0)
			hit = &c->v[i];
	free(key);
	return hit;
}

int
answers_view(const struct answer *a, struct response *view)
{
	memset(view, 0, sizeof(*view));
	view->status = a->status;
	view->content_type = a->content_type;
	view->headers = a->headers;
	view->body = a->body;
	view->gzip = a->gzip;
	memcpy(view->etag, a->etag, sizeof(view->etag));
	return a->route;
}

void
answers_keep(struct answers *c, int route, const char *path, const char *query,
             struct response *resp)
{
	struct answer *a;

	if (resp->data_gen == 0)
		return;
	if (c->n > 0 && c->v[0].gen != resp->data_gen)
		answers_free(c);
	if (c->n >= ANSWERS_MAX || c->bytes + resp->body.len > ANSWER_BYTES_MAX)
		return;
	c->v = xrealloc(c->v, (c->n + 1) * sizeof(*c->v));
	a = &c->v[c->n];
	memset(a, 0, sizeof(*a));
	a->key = answer_key(path, query);
	a->gen = resp->data_gen;
	a->route = route;
	a->status = resp->status;
	a->content_type = resp->content_type;
	memcpy(a->etag, http_response_etag(resp), sizeof(a->etag));
	buf_append(&a->headers, resp->headers.data, resp->headers.len);
	buf_append(&a->body, resp->body.data, resp->body.len);
	/* Compressed once for every client that takes gzip. */
	http_response_gzip(resp, 9);
	if (resp->gzip.len > 0)
		buf_append(&a->gzip, resp->gzip.data, resp->gzip.len);
	c->bytes += resp->body.len + resp->gzip.len;
	c->n++;
}
