/* app.h: the application of one worker: configuration, catalogs, templates,
 * store, and one request's handling. */
#ifndef AIGO_APP_H
#define AIGO_APP_H

#include "http.h"
#include "i18n.h"
#include "stats.h"
#include "store.h"
#include "tmpl.h"

struct app_config {
	char root[1024];    /* holds templates/, locales/, db/ */
	char db_path[1200]; /* the SQLite file */
	char default_lang[I18N_CODE_MAX];
	int64_t freshness; /* W in seconds */
};

struct app {
	struct app_config cfg;
	struct i18n *i18n;
	struct store *store; /* read-only; opened on first use, reopened after a
	                        failure */
	int db_state;        /* 1 answering, 0 failing, -1 not tried */
};

/* Fills cfg from the environment: AIGO_ROOT (default: the directory above
 * the binary's), AIGO_DB (default ROOT/db/aigo.db), AIGO_DEFAULT_LANG (en),
 * AIGO_FRESHNESS_SECONDS (1800). Returns 0, or -1 with err set. */
int app_config_from_env(struct app_config *cfg, char *err, size_t errlen);

/* Loads the catalogs and templates (translated per locale) once. Returns 0,
 * or -1 with err set. */
int app_init(struct app *app, const struct app_config *cfg, char *err,
             size_t errlen);
void app_free(struct app *app);

/* Serves one request: reads it through getvar, routes, renders, and writes
 * the complete CGI response (headers and body) into out. Never fails: any
 * problem becomes an error response. */
void app_handle(struct app *app, http_getvar getvar, void *ctx,
                struct buf *out);

/* Reads the dataset (history of range, or RANGE__MAX for none) and computes
 * the stats. On a database failure the source is SOURCE_NONE and the stats
 * are all zero. */
void app_load(struct app *app, struct request *req, enum range range,
              struct dataset *ds, struct stats *st);

#endif
