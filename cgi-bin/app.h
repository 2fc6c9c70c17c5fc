/* app.h: the application of one worker: configuration, catalogs, templates, store, and one request's handling. */
#ifndef AIGO_APP_H
#define AIGO_APP_H

#include <sys/stat.h>

#include "http.h"
#include "i18n.h"
#include "stats.h"
#include "store.h"
#include "snapshot.h"
#include "tmpl.h"

struct app_config {
	char root[1024];    /* holds templates/, locales/, db/ */
	char db_path[1200]; /* the SQLite file */
	char default_lang[I18N_CODE_MAX];
	int64_t freshness;         /* W in seconds */
	char snapshot_path[1200];  /* the fallback snapshot */
	int64_t snapshot_interval; /* seconds between snapshots; 0: never */
	char timezone[64];         /* the zone dates are shown in */
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
};

/* Fills cfg from the environment: AIGO_ROOT (default: the directory above
 * the binary's), AIGO_DB (default ROOT/db/aigo.db), AIGO_DEFAULT_LANG (en),
 * AIGO_FRESHNESS_SECONDS (1800), AIGO_SNAPSHOT (ROOT/db/fallback.json),
 * AIGO_SNAPSHOT_INTERVAL (300), AIGO_TIMEZONE (UTC; sets TZ for the
 * process). Returns 0, or -1 with err set. */
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

/* Reads the dataset (with the history of range, or RANGE__MAX for none)
 * and computes the stats: from the database; when it cannot answer (or its
 * numbers break an invariant), from the snapshot, judged at the snapshot's
 * time; when that fails too, SOURCE_NONE with all-zero stats. Each change
 * of source or reason is logged once. Defined in data.c. */
void app_load(struct app *app, struct request *req, enum range range,
              struct dataset *ds, struct stats *st);

/* Writes the snapshot of the database at db_path, at time now, to path, if
 * the database answers and its numbers hold every invariant; a failing
 * database never replaces a good snapshot. Returns 0, or -1 with err set. */
int app_write_snapshot(const struct app_config *cfg, int64_t now, char *err,
                       size_t errlen);

#endif
