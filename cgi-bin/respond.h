/* respond.h: the envelope of an answer: where its data came from (X-Data-Source, dataSource, snapshotAt, isDemo), the 503 rule, cache headers, and JSON bodies and errors. */
#ifndef AIGO_RESPOND_H
#define AIGO_RESPOND_H

#include <cJSON.h>

#include "http.h"
#include "model.h"

/* Sets the caching headers of a successful answer (15 seconds, shared). */
void respond_cache(struct response *resp);

/* Sets X-Data-Source from ds, records the generation the answer is made
 * from (resp->data_gen), and the caching headers; returns the status: 200,
 * or 503 with Retry-After and no caching when there is no data. */
int respond_data(struct response *resp, const struct dataset *ds);

/* Adds what a JSON answer says of its data: "dataSource", "snapshotAt"
 * (from the snapshot only) and, with demo, "isDemo". */
void respond_json_source(cJSON *o, const struct dataset *ds, int demo);

/* Sends root as the JSON body (application/json, one line) and frees it. */
void respond_json(struct response *resp, cJSON *root);

/* Sends {"error": {code, message, field?, ...more}} with status: the
 * members of the object more (or NULL), such as items, are moved into the
 * error object; takes more. */
void respond_json_error(struct response *resp, int status, const char *code,
                        const char *message, const char *field, cJSON *more);

#endif
