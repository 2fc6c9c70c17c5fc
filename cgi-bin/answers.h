/* answers.h: the whole-answer cache of a worker: answers of data routes kept while the data they were made from is the database's current data. */
#ifndef AIGO_ANSWERS_H
#define AIGO_ANSWERS_H

#include <stdint.h>

#include "http.h"

struct answer;

/* The answers kept, all made from one generation of the data. */
struct answers {
	struct answer *v;
	size_t n, bytes;
};

/* The kept answer to GET or HEAD path?query when gen (the generation of
 * the data now; 0: none is current) is the one it was made from, else
 * NULL. A generation other than the kept one drops every kept answer. */
const struct answer *answers_find(struct answers *c, uint64_t gen,
                                  const char *path, const char *query);

/* Fills view with the parts of a kept answer (status, type, headers,
 * body, its gzip encoding, ETag), borrowed without a copy: view is only
 * read (http_response_serialize) and never freed. Returns the route the
 * answer came from. */
int answers_view(const struct answer *a, struct response *view);

/* Keeps resp, the answer to path?query by route, made from the data of
 * resp->data_gen (0: not kept), with its gzip encoding made once at the
 * highest level (into resp->gzip as well). At most 64 answers of 16 MB
 * in all are kept; one of a newer generation replaces them all. */
void answers_keep(struct answers *c, int route, const char *path,
                  const char *query, struct response *resp);

void answers_free(struct answers *c);

#endif
