/* app.h: the application of one worker: configuration, catalogs, templates, store, and one request's handling. */
#ifndef AIGO_APP_H
#define AIGO_APP_H

#include <stdio.h>
#include <sys/stat.h>

#include "config.h"
#include "http.h"
#include "i18n.h"
#include "stats.h"
#include "store.h"
#include "snapshot.h"
#include "tmpl.h"

struct answer;

/* One ingest token: a name for the log and the secret. */
#define TOKEN_MAX 256
struct ingest_token {
	char name[65];
	char secret[TOKEN_MAX + 1];
	size_t len;
};

struct app {
	struct app_config cfg;
	struct i18n *i18n;
	struct store *store; /* read-only; opened on first use, reopened after
	                        a failure or when the file is replaced */
	dev_t store_dev;     /* the file the store has open */
	ino_t store_ino;
	struct snapshot *snap; /* the snapshot, read when first needed */
	struct stat snap_stat; /* the file it was read from */
	enum data_source source_logged; /* the last state logged */
	char reason_logged[1100];
	struct ingest_token *tokens; /* none: ingest is off */
	size_t n_tokens;
	struct store *writer; /* the ingest connection, opened on first use */
	dev_t writer_dev;     /* the file it has open */
	ino_t writer_ino;
	struct tmpl_cache *templates; /* every template, translated per
	                                 locale, in use while the app is */
	/* What the database last answered, reused while its data_version,
	 * the file and the second are the same: the dataset of the ranges in
	 * cache_mask, and its stats per history range (RANGE__MAX: none). */
	struct arena *cache;
	int64_t cache_version, cache_now;
	unsigned cache_mask;
	struct dataset cache_ds;
	struct stats cache_st[RANGE__MAX + 1];
	int cache_has_st[RANGE__MAX + 1];
	uint64_t cache_gen; /* counts the reads; 0: nothing kept */
	/* Whole answers of data routes made from cache_gen's data. */
	struct answer *answers;
	size_t n_answers, answer_bytes;
	char *openapi; /* static/openapi.json, served as is */
	size_t openapi_len;
};

/* Prints the route table, one "METHODS PATTERN" line per route
 * ("GET,HEAD /api/v1/models/{slug}"), for the API description's test. */
void app_routes(FILE *out);

/* The path pattern of route table entry i, or NULL past the end. */
const char *app_route_pattern(int i);

/* Loads the catalogs, the templates (translated per locale, into a cache of
 * its own that it then puts in use), the API description and the ingest
 * tokens. Returns 0, or -1 with err set and the cache in use unchanged. */
int app_init(struct app *app, const struct app_config *cfg, char *err,
             size_t errlen);
void app_free(struct app *app);

/* Serves one request: reads it from src, routes, renders, and writes
 * the complete CGI response (headers and body) into out. Never fails: any
 * problem becomes an error response. */
void app_handle(struct app *app, const struct http_source *src,
                struct buf *out);

/* Loads the ingest tokens of cfg.ingest_tokens into app: lines "NAME
 * TOKEN", '#' comments. A missing file, or one readable or writable by group
 * or others, leaves ingest off (logged). Returns the number of tokens.
 * Defined in api_ingest.c. */
size_t app_load_tokens(struct app *app);

/* Reads the dataset (with the history of range, or RANGE__MAX for none,
 * and the histories and windows in the mask also: RANGE_BIT, WINDOW_BIT;
 * see store_read_dataset) and computes the stats
 * (with range's history): from the database; when it cannot answer (or its
 * numbers break an invariant), from the snapshot, judged at the snapshot's
 * time; when that fails too, SOURCE_NONE with all-zero stats. Each change
 * of source or reason is logged once. What the database answered is reused
 * while its data_version, the file and the second (req->now) are the same;
 * ds and st then point into memory that lives until the next call.
 * Defined in data.c. */
void app_load(struct app *app, struct request *req, enum range range,
              unsigned also, struct dataset *ds, struct stats *st);

struct region_detail;

/* The per-region details of model (its id) that ds was read for: the
 * rolling windows ending at ds->now and the series over the buckets of
 * range (laid out into *h), from the model's checks in the database.
 * The snapshot holds no single checks: from it, none. Returns the number
 * of regions (*out in arena memory), or -1 with err set. Defined in
 * data.c. */
long app_model_detail(struct app *app, const struct dataset *ds,
                      int64_t model_id, enum range range, struct arena *a,
                      struct history *h, struct region_detail **out, char *err,
                      size_t errlen);

/* Frees the whole answers kept for reuse. */
void app_answers_free(struct app *app);

/* Frees what app_load keeps for reuse. Defined in data.c. */
void app_cache_free(struct app *app);

/* The generation of the data app_load keeps, when it is still what the
 * database holds at now (same file, data_version and second); else 0.
 * Defined in data.c. */
uint64_t app_data_generation(struct app *app, int64_t now);

/* The worker's write connection (durable commits), opened on first use and
 * again when the file at db_path was replaced; a missing file is not
 * created. Returns NULL with err set when the database cannot be written.
 * Defined in data.c. */
struct store *app_writer(struct app *app, char *err, size_t errlen);

/* Writes the snapshot of the database at db_path, at time now, to path, if
 * the database answers and its numbers hold every invariant; a failing
 * database never replaces a good snapshot. Returns 0, or -1 with err set. */
int app_write_snapshot(const struct app_config *cfg, int64_t now, char *err,
                       size_t errlen);

#endif
