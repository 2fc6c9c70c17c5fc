/* ingest.h: validates batches of checks for the ingest API and `aigo import`, before anything is written. */
#ifndef AIGO_INGEST_H
#define AIGO_INGEST_H

#include <cJSON.h>

#include "store.h"

#define INGEST_MAX_CHECKS 1000    /* per API request */
#define INGEST_FUTURE_SECS 300    /* how far ahead checkedAt may be */
#define INGEST_LATENCY_MAX 600000 /* ms */
#define INGEST_ERROR_MAX 512      /* bytes of error text */

/* One thing wrong with item `index` (its field, and why). */
struct ingest_problem {
	long index;
	const char *field;
	const char *reason;
};

/* A batch being validated: the checks (model_id 0 until resolved), their
 * model slugs, and every problem found. Arrays live in the arena. */
struct ingest_batch {
	struct arena *arena;
	int64_t now, retention; /* checkedAt must be in (now - retention,
	                           now + INGEST_FUTURE_SECS] */
	const char *source;     /* "ingest" or "import" */
	struct check_in *checks;
	const char **slugs;
	unsigned char *region_given; /* 1: the item named its region */
	size_t n, cap; /* of checks, slugs and region_given alike */
	struct ingest_problem *problems;
	size_t n_problems, cap_problems;
};

/* Starts an empty batch in arena a. */
void ingest_begin(struct ingest_batch *b, struct arena *a, int64_t now,
                  int64_t retention, const char *source);

/* Validates item (a JSON object with the fields of docs/api.md) and appends
 * it to b as the next check, recording any problem under its index.
 * Returns 0 when the item is valid. */
int ingest_add(struct ingest_batch *b, const cJSON *item);

/* Parses an ingest body {"checks": [...]} of at most max_checks items into
 * b. Returns 0 when the body has the right shape (items may still have
 * problems), or -1 with the offending member in *field ("body" when it is
 * not JSON) and the reason in *why. */
int ingest_parse_body(struct ingest_batch *b, const char *body, size_t len,
                      size_t max_checks, const char **field, const char **why);

/* Records a problem for every check that repeats the (model, region,
 * checkedAt) of an earlier one. */
void ingest_find_duplicates(struct ingest_batch *b);

/* Looks up the model and region of every check whose model and region are
 * valid in s, filling model_id; each unknown one becomes a problem (a
 * region's names the model's regions, and says when "global" was
 * assumed), so that one answer lists every problem of every item, in
 * item order. Returns 0, or -1 with err set. */
int ingest_resolve(struct ingest_batch *b, struct store *s, char *err,
                   size_t errlen);

/* How many problems an answer lists; the rest are only counted. */
#define INGEST_PROBLEMS_SHOWN 100

/* Adds the first max of b's problems to arr as {index, field, reason}
 * objects; returns how many it added. */
size_t ingest_problems_json(const struct ingest_batch *b, cJSON *arr,
                            size_t max);

#endif
