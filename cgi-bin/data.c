/* data.c: where the numbers come from: the database, else the snapshot, else nothing, and writing the snapshot. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "arena.h"
#include "detail.h"
#include "log.h"
#include "metrics.h"

/* Logs a change of data source or of its reason once, not per request. */
static void
note_source(struct app *app, enum data_source source, const char *reason)
{
	if (app->source_logged == source &&
	    strcmp(app->reason_logged, reason) == 0)
		return;
	if (source == SOURCE_FALLBACK && app->source_logged != SOURCE_FALLBACK)
		metrics_add(&metrics()->fallback_activations);
	if (source == SOURCE_DATABASE)
		log_msg("info", "data source: database %s", app->cfg.db_path);
	else
		log_msg(source == SOURCE_FALLBACK ? "warn" : "error",
		        "data source: %s (%s)", data_source_names[source],
		        reason);
	app->source_logged = source;
	snprintf(app->reason_logged, sizeof(app->reason_logged), "%s", reason);
}

/* Closes *s when path now names another file than the one it has open
 * (replaced, moved away), and records the file's identity. Returns 0, or
 * -1 with err set (and *s closed) when path is missing or lacks mode. A
 * connection would go on using a file that was moved away or made
 * unreadable, so this runs on every use (two system calls). */
static int
same_file(const char *path, int mode, struct store **s, dev_t *dev, ino_t *ino,
          char *err, size_t errlen)
{
	struct stat sb;

	if (stat(path, &sb) != 0 || access(path, mode) != 0) {
		snprintf(err, errlen, "%.400s: %s", path,
		         errno == ENOENT ? "missing" : strerror(errno));
		store_close(*s);
		*s = NULL;
		return -1;
	}
	if (*s != NULL && (sb.st_dev != *dev || sb.st_ino != *ino)) {
		store_close(*s);
		*s = NULL;
	}
	*dev = sb.st_dev;
	*ino = sb.st_ino;
	return 0;
}

/* Drops what the database last answered. */
static void
cache_drop(struct app *app)
{
	arena_free(app->cache);
	app->cache = NULL;
	memset(app->cache_has_st, 0, sizeof(app->cache_has_st));
}

/* The worker's read-only store, reopened when the file was replaced or the
 * previous read failed. A new connection counts data_version afresh, so
 * nothing read through the old one is reused. */
static struct store *
current_store(struct app *app, char *err, size_t errlen)
{
	if (same_file(app->cfg.db_path, R_OK, &app->store, &app->store_dev,
	              &app->store_ino, err, errlen) != 0) {
		cache_drop(app);
		return NULL;
	}
	if (app->store == NULL) {
		cache_drop(app);
		app->store = store_open_readonly(app->cfg.db_path, err, errlen);
	}
	return app->store;
}

/* The database's dataset (with the histories of mask) and its stats for
 * range: reused from the last read while the data version, the file and
 * the second are the same (DESIGN 4), else read in one transaction. The
 * memory lives until the next call. 0, or -1 with err set. */
static int
database_load(struct app *app, struct store *s, int64_t now, enum range range,
              unsigned mask, struct dataset *ds, struct stats *st, char *err,
              size_t errlen)
{
	int64_t version;
	const char *broken;

	if (store_data_version(s, &version, err, errlen) != 0) {
		cache_drop(app);
		return -1;
	}
	if (app->cache == NULL || version != app->cache_version ||
	    now != app->cache_now || (mask & ~app->cache_mask) != 0) {
		/* Same data and second, another range: read them all. */
		if (app->cache != NULL && version == app->cache_version &&
		    now == app->cache_now)
			mask |= app->cache_mask;
		cache_drop(app);
		app->cache = arena_new();
		if (store_read_dataset(s, now, mask, app->cache, &app->cache_ds,
		                       err, errlen) != 0) {
			cache_drop(app);
			return -1;
		}
		app->cache_version = version;
		app->cache_now = now;
		app->cache_mask = mask;
		app->cache_gen++;
	}
	if (!app->cache_has_st[range]) {
		struct dataset d = app->cache_ds;

		d.range = range;
		if (stats_compute(&d, app->cfg.freshness, app->cache,
		                  &app->cache_st[range], &broken) != 0) {
			snprintf(err, errlen, "invariant broken: %s", broken);
			cache_drop(app);
			return -1;
		}
		app->cache_has_st[range] = 1;
	}
	*ds = app->cache_ds;
	ds->range = range;
	*st = app->cache_st[range];
	return 0;
}

struct store *
app_writer(struct app *app, char *err, size_t errlen)
{
	if (same_file(app->cfg.db_path, R_OK | W_OK, &app->writer,
	              &app->writer_dev, &app->writer_ino, err, errlen) != 0)
		return NULL;
	if (app->writer == NULL) {
		app->writer =
		    store_open_write(app->cfg.db_path, NULL, err, errlen);
		if (app->writer != NULL &&
		    store_set_durable(app->writer, err, errlen) != 0) {
			store_close(app->writer);
			app->writer = NULL;
		}
	}
	return app->writer;
}

/* The snapshot, read again whenever its file changed. */
static struct snapshot *
current_snapshot(struct app *app, char *err, size_t errlen)
{
	struct stat sb;

	if (stat(app->cfg.snapshot_path, &sb) != 0) {
		snprintf(err, errlen, "%.400s: missing",
		         app->cfg.snapshot_path);
		snapshot_free(app->snap);
		app->snap = NULL;
		return NULL;
	}
	if (app->snap != NULL && sb.st_ino == app->snap_stat.st_ino &&
	    sb.st_dev == app->snap_stat.st_dev &&
	    sb.st_size == app->snap_stat.st_size &&
	    sb.st_mtim.tv_sec == app->snap_stat.st_mtim.tv_sec &&
	    sb.st_mtim.tv_nsec == app->snap_stat.st_mtim.tv_nsec)
		return app->snap;
	snapshot_free(app->snap);
	app->snap = snapshot_load(app->cfg.snapshot_path, err, errlen);
	app->snap_stat = sb;
	return app->snap;
}

uint64_t
app_data_generation(struct app *app, int64_t now)
{
	char err[512];
	int64_t version;
	struct store *s;

	if (app->cache == NULL || now != app->cache_now)
		return 0;
	s = current_store(app, err, sizeof(err));
	if (s == NULL || app->cache == NULL ||
	    store_data_version(s, &version, err, sizeof(err)) != 0 ||
	    version != app->cache_version)
		return 0;
	return app->cache_gen;
}

void
app_cache_free(struct app *app)
{
	cache_drop(app);
}

void
app_load(struct app *app, struct request *req, enum range range, unsigned also,
         struct dataset *ds, struct stats *st)
{
	unsigned mask = (range < RANGE__MAX ? RANGE_BIT(range) : 0) | also;
	char db_err[512] = "", snap_err[512] = "", why[1030];
	const char *broken = NULL;
	struct store *s = current_store(app, db_err, sizeof(db_err));
	struct snapshot *snap;

	req->data_gen = 0;
	if (s != NULL && database_load(app, s, req->now, range, mask, ds, st,
	                               db_err, sizeof(db_err)) == 0) {
		req->data_gen = app->cache_gen;
		note_source(app, SOURCE_DATABASE, "");
		return;
	}
	metrics_add(&metrics()->database_errors);
	if (s != NULL) {
		/* Start afresh next time: the file may be repaired in place. */
		store_close(app->store);
		app->store = NULL;
	}
	snap = current_snapshot(app, snap_err, sizeof(snap_err));
	if (snap != NULL && snapshot_dataset(snap, req->arena, ds, snap_err,
	                                     sizeof(snap_err)) == 0) {
		ds->range = range;
		if (stats_compute(ds, app->cfg.freshness, req->arena, st,
		                  &broken) == 0) {
			note_source(app, SOURCE_FALLBACK, db_err);
			return;
		}
		snprintf(snap_err, sizeof(snap_err),
		         "snapshot invariant broken: %s", broken);
	}
	snprintf(why, sizeof(why), "%s; %s", db_err, snap_err);
	note_source(app, SOURCE_NONE, why);
	memset(ds, 0, sizeof(*ds));
	ds->now = req->now;
	ds->source = SOURCE_NONE;
	ds->range = RANGE__MAX;
	stats_compute(ds, app->cfg.freshness, req->arena, st, &broken);
}

int
app_write_snapshot(const struct app_config *cfg, int64_t now, char *err,
                   size_t errlen)
{
	struct store *s = store_open_readonly(cfg->db_path, err, errlen);
	struct arena *a;
	struct dataset ds;
	int rc = -1;

	if (s == NULL)
		return -1;
	a = arena_new();
	if (store_read_dataset(s, now, RANGES_ALL | WINDOWS_ALL, a, &ds, err,
	                       errlen) != 0)
		goto out;
	/* Every range's numbers must hold before they may become the
	 * fallback. */
	for (int r = 0; r < RANGE__MAX; r++) {
		struct stats st;
		const char *broken;

		ds.range = (enum range)r;
		if (stats_compute(&ds, cfg->freshness, a, &st, &broken) != 0) {
			snprintf(err, errlen, "invariant broken (%s): %s",
			         ranges[r].name, broken);
			goto out;
		}
	}
	rc = snapshot_write(&ds, STORE_SCHEMA_VERSION, cfg->snapshot_path, err,
	                    errlen);
out:
	arena_free(a);
	store_close(s);
	return rc;
}

long
app_model_detail(struct app *app, const struct dataset *ds, int64_t model_id,
                 enum range range, struct arena *a, struct history *h,
                 struct region_detail **out, char *err, size_t errlen)
{
	int64_t from = ds->now - window_secs[WINDOW_30D] + 1;
	struct check_row *rows;
	long n;

	stats_history_layout(range, ds->now, h);
	*out = NULL;
	if (ds->source != SOURCE_DATABASE || app->store == NULL)
		return 0;
	if (h->first_bucket < from)
		from = h->first_bucket;
	n = store_model_checks(app->store, model_id, from,
	                       h->first_bucket + h->n_buckets * h->bucket_secs,
	                       a, &rows, err, errlen);
	if (n < 0)
		return -1;
	return (long)detail_compute(rows, (size_t)n, h, ds->now, a, out);
}
