/* source.c: where a worker's numbers come from (the database, else the snapshot, else nothing), what it keeps of them for reuse, and its write connection. */
#include "source.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileutil.h"
#include "log.h"
#include "metrics.h"
#include "store_pg.h"
#include "timefmt.h"

void
source_init(struct source *s, const struct app_config *cfg)
{
	memset(s, 0, sizeof(*s));
	snprintf(s->db_path, sizeof(s->db_path), "%s", cfg->db_path);
	snprintf(s->db_shown, sizeof(s->db_shown), "%s", cfg->db_shown);
	snprintf(s->snapshot_path, sizeof(s->snapshot_path), "%s",
	         cfg->snapshot_path);
	s->freshness = cfg->freshness;
	snprintf(s->schema_path, sizeof(s->schema_path), "%s/db/schema.sql",
	         cfg->root);
	s->logged = SOURCE__MAX;
	s->watch.fd = -1;
	s->watch.never = 1;
}

static void
kept_drop(struct kept *k)
{
	arena_free(k->arena);
	memset(k, 0, sizeof(*k));
}

/* The stats of k's dataset with range's history, computed once. 0, or -1
 * with err set when they break an invariant. */
static int
kept_stats(struct kept *k, enum range range, int64_t freshness,
           struct stats *st, char *err, size_t errlen)
{
	const char *broken;

	if (!k->has_st[range]) {
		if (stats_compute(&k->ds, range, freshness, k->arena,
		                  &k->st[range], &broken) != 0) {
			snprintf(err, errlen, "invariant broken: %s", broken);
			return -1;
		}
		k->has_st[range] = 1;
	}
	*st = k->st[range];
	return 0;
}

/* Forgets the snapshot's lists and their database in memory. */
static void
snap_lists_drop(struct source *s)
{
	store_close(s->snap_mem);
	s->snap_mem = NULL;
	memset(&s->snap_lists, 0, sizeof(s->snap_lists));
	s->snap_lists_state = 0;
}

void
source_request_end(struct source *s)
{
	if (s->request_read && s->reader != NULL)
		store_end_read(s->reader);
	s->request_read = 0;
}

void
source_free(struct source *s)
{
	source_request_end(s);
	kept_drop(&s->db);
	snap_lists_drop(s);
	kept_drop(&s->snap_kept);
	snapshot_free(s->snap);
	store_close(s->reader);
	store_close(s->writer);
	fswatch_close(&s->watch);
	s->watch_pid = 0;
	s->snap = NULL;
	s->reader = NULL;
	s->writer = NULL;
}

/* Logs a change of data source or of its reason once, not per request. */
static void
note_source(struct source *s, enum data_source source, const char *reason)
{
	if (s->logged == source && strcmp(s->reason_logged, reason) == 0)
		return;
	if (source == SOURCE_FALLBACK && s->logged != SOURCE_FALLBACK)
		metrics_add(&metrics()->fallback_activations);
	if (source == SOURCE_DATABASE)
		log_msg("info", "data source: database %s", s->db_shown);
	else
		log_msg(source == SOURCE_FALLBACK ? "warn" : "error",
		        "data source: %s (%s)", data_source_names[source],
		        reason);
	s->logged = source;
	snprintf(s->reason_logged, sizeof(s->reason_logged), "%s", reason);
}

/* Closes *st when path now names another file than the one it has open
 * (replaced, moved away), and records the file's identity. Returns 0, or
 * -1 with err set (and *st closed) when path is missing or lacks mode. A
 * connection would go on using a file that was moved away or made
 * unreadable, so this runs on every use (two system calls). */
static int
same_file(const char *path, int mode, struct store **st, dev_t *dev, ino_t *ino,
          char *err, size_t errlen)
{
	struct stat sb;

	if (store_pg_is_url(path))
		return 0; /* a server, not a file */
	if (stat(path, &sb) != 0 || access(path, mode) != 0) {
		snprintf(err, errlen, "%.400s: %s", path,
		         errno == ENOENT ? "missing" : strerror(errno));
		store_close(*st);
		*st = NULL;
		return -1;
	}
	if (*st != NULL && (sb.st_dev != *dev || sb.st_ino != *ino)) {
		store_close(*st);
		*st = NULL;
	}
	*dev = sb.st_dev;
	*ino = sb.st_ino;
	return 0;
}

/* The read-only store, reopened when the file was replaced or the
 * previous read failed. A new connection counts data_version afresh, so
 * nothing read through the old one is reused. snapshot: PostgreSQL opens
 * the request's snapshot (below); without it, a statement is its own
 * (the generation read before a kept answer is reused). */
static struct store *
current_reader(struct source *s, int snapshot, char *err, size_t errlen)
{
	if (same_file(s->db_path, R_OK, &s->reader, &s->reader_dev,
	              &s->reader_ino, err, errlen) != 0) {
		kept_drop(&s->db);
		return NULL;
	}
	if (s->reader == NULL) {
		int64_t t = clock_mono_us() / 1000;

		kept_drop(&s->db);
		/* A server that refused a moment ago is not asked again at
		 * every request: the snapshot answers meanwhile. */
		if (t < s->reader_retry_ms) {
			snprintf(err, errlen, "%s", s->reader_err);
			return NULL;
		}
		s->reader = store_open_readonly(s->db_path, err, errlen);
		if (s->reader == NULL && store_pg_is_url(s->db_path)) {
			s->reader_retry_ms = t + SOURCE_RECONNECT_MS;
			snprintf(s->reader_err, sizeof(s->reader_err), "%s",
			         err);
		}
	}
	/* PostgreSQL: every read of the request in one snapshot (REPEATABLE
	 * READ), from its first read to source_request_end. */
	if (snapshot && s->reader != NULL && !s->request_read &&
	    store_pg_is_url(s->db_path)) {
		if (store_begin_read(s->reader, err, errlen) != 0) {
			store_close(s->reader);
			s->reader = NULL;
			return NULL;
		}
		s->request_read = 1;
	}
	return s->reader;
}

void
source_open(struct source *s)
{
	char err[512];

	/* A failure is not reported here: the first request falls back
	 * and logs it (note_source), after the same pause before the next
	 * attempt (PostgreSQL). */
	(void)current_reader(s, 0, err, sizeof(err));
}

/* The database's dataset (with the histories of mask) and its stats for
 * range: reused from the last read while the data version, the file and
 * the second are the same (DESIGN 4), else read in one transaction. 0, or
 * -1 with err set. */
static int
database_load(struct source *s, struct store *reader, int64_t now,
              enum range range, unsigned mask, struct dataset *ds,
              struct stats *st, char *err, size_t errlen)
{
	int64_t version;
	struct kept *k = &s->db;

	if (store_data_version(reader, &version, err, errlen) != 0) {
		kept_drop(k);
		return -1;
	}
	if (k->arena == NULL || version != s->db_version || now != s->db_now ||
	    (mask & ~k->mask) != 0) {
		/* Same data and second, another range: read them all. */
		if (k->arena != NULL && version == s->db_version &&
		    now == s->db_now)
			mask |= k->mask;
		kept_drop(k);
		k->arena = arena_new();
		if (store_read_dataset(reader, now, mask, k->arena, &k->ds, err,
		                       errlen) != 0) {
			kept_drop(k);
			return -1;
		}
		k->mask = mask;
		s->db_version = version;
		s->db_now = now;
		k->ds.generation = ++s->generation;
	}
	if (kept_stats(k, range, s->freshness, st, err, errlen) != 0) {
		kept_drop(k);
		return -1;
	}
	*ds = k->ds;
	return 0;
}

/* The snapshot's dataset, read and parsed again only when its file
 * changed. NULL with err set when there is none. */
static struct kept *
current_snapshot(struct source *s, char *err, size_t errlen)
{
	struct stat sb;
	const struct stat *o = &s->snap_stat;

	if (stat(s->snapshot_path, &sb) != 0) {
		snprintf(err, errlen, "%.400s: missing", s->snapshot_path);
		snap_lists_drop(s);
		kept_drop(&s->snap_kept);
		snapshot_free(s->snap);
		s->snap = NULL;
		memset(&s->snap_stat, 0, sizeof(s->snap_stat));
		return NULL;
	}
	if (sb.st_ino == o->st_ino && sb.st_dev == o->st_dev &&
	    sb.st_size == o->st_size &&
	    sb.st_mtim.tv_sec == o->st_mtim.tv_sec &&
	    sb.st_mtim.tv_nsec == o->st_mtim.tv_nsec) {
		if (s->snap_kept.arena != NULL)
			return &s->snap_kept;
		snprintf(err, errlen, "%s", s->snap_err);
		return NULL;
	}
	snap_lists_drop(s);
	kept_drop(&s->snap_kept);
	snapshot_free(s->snap);
	s->snap_stat = sb;
	s->snap =
	    snapshot_load(s->snapshot_path, s->snap_err, sizeof(s->snap_err));
	if (s->snap != NULL) {
		s->snap_kept.arena = arena_new();
		if (snapshot_dataset(s->snap, s->snap_kept.arena,
		                     &s->snap_kept.ds, s->snap_err,
		                     sizeof(s->snap_err)) != 0)
			kept_drop(&s->snap_kept);
	}
	if (s->snap_kept.arena == NULL) {
		snprintf(err, errlen, "%s", s->snap_err);
		return NULL;
	}
	return &s->snap_kept;
}

uint64_t
source_generation(struct source *s, int64_t now)
{
	char err[512];
	int64_t version;
	struct store *reader;

	if (s->db.arena == NULL || now != s->db_now)
		return 0;
	/* Nothing touched the file since the last look: what it gave stands
	 * (no stat, no read transaction: the cheapest reuse). */
	if (fswatch_quiet(&s->watch))
		return s->generation;
	/* One statement, its own snapshot, one round trip: a generation
	 * equal to the one the kept dataset was read at means no write
	 * since (a write between this read and the dataset's snapshot made
	 * that dataset's generation older, so it is not equal). */
	reader = current_reader(s, 0, err, sizeof(err));
	if (reader == NULL || s->db.arena == NULL ||
	    store_data_version(reader, &version, err, sizeof(err)) != 0 ||
	    version != s->db_version)
		return 0;
	return s->generation;
}

void
source_load(struct source *s, int64_t now, enum range range, unsigned also,
            struct arena *a, struct dataset *ds, struct stats *st)
{
	unsigned mask = (range < RANGE__MAX ? RANGE_BIT(range) : 0) | also;
	char db_err[512] = "", snap_err[512] = "", why[1030];
	const char *broken = NULL;
	struct store *reader;
	struct kept *snap;

	/* The watch starts before the first read, so no write after that
	 * read goes unseen. */
	if (s->watch_pid != getpid()) {
		fswatch_close(&s->watch); /* another process's, if any */
		if (!store_pg_is_url(s->db_path))
			fswatch_open(&s->watch, s->db_path);
		s->watch_pid = getpid();
	}
	reader = current_reader(s, 1, db_err, sizeof(db_err));

	if (reader != NULL && database_load(s, reader, now, range, mask, ds, st,
	                                    db_err, sizeof(db_err)) == 0) {
		note_source(s, SOURCE_DATABASE, "");
		return;
	}
	metrics_add(&metrics()->database_errors);
	if (reader != NULL) {
		/* Start afresh next time: the file may be repaired in place. */
		store_close(s->reader);
		s->reader = NULL;
		s->request_read = 0;
	}
	snap = current_snapshot(s, snap_err, sizeof(snap_err));
	if (snap != NULL) {
		char err[512];

		if (kept_stats(snap, range, s->freshness, st, err,
		               sizeof(err)) == 0) {
			*ds = snap->ds;
			note_source(s, SOURCE_FALLBACK, db_err);
			return;
		}
		snprintf(snap_err, sizeof(snap_err), "snapshot %.400s", err);
	}
	snprintf(why, sizeof(why), "%s; %s", db_err, snap_err);
	note_source(s, SOURCE_NONE, why);
	memset(ds, 0, sizeof(*ds));
	ds->now = now;
	ds->source = SOURCE_NONE;
	stats_compute(ds, RANGE__MAX, s->freshness, a, st, &broken);
}

long
source_model_detail(struct source *s, const struct dataset *ds,
                    int64_t model_id, enum range range, struct arena *a,
                    struct history *h, struct region_detail **out, char *err,
                    size_t errlen)
{
	int64_t from = ds->now - window_secs[WINDOW_30D] + 1, to;
	struct check_row *rows;
	long n;

	history_layout(range, ds->now, h);
	*out = NULL;
	if (ds->source != SOURCE_DATABASE || s->reader == NULL)
		return 0;
	if (h->first_bucket < from)
		from = h->first_bucket;
	/* Now bounds every view (DESIGN 3): the last bucket holds now, and a
	 * check stamped later counts in none. */
	to = h->first_bucket + h->n_buckets * h->bucket_secs;
	if (to > ds->now + 1)
		to = ds->now + 1;
	n = store_model_checks(s->reader, model_id, from, to, a, &rows, err,
	                       errlen);
	if (n < 0)
		return -1;
	return (long)detail_compute(rows, (size_t)n, h, ds->now, a, out);
}

long
source_recent_checks(struct source *s, const struct dataset *ds,
                     int64_t model_id, struct arena *a, struct check_row **out,
                     char *err, size_t errlen)
{
	*out = NULL;
	if (ds->source != SOURCE_DATABASE || s->reader == NULL)
		return 0;
	return store_recent_checks(s->reader, model_id, ds->now, a, out, err,
	                           errlen);
}

/* The export of ds's models from the checks of store st (the database
 * ds was read from). */
static long
export_from_store(struct store *st, const struct dataset *ds, int64_t secs,
                  struct arena *a, struct export_list *list, char *err,
                  size_t errlen)
{
	memset(list, 0, sizeof(*list));
	for (size_t m = 0; m < ds->n_models; m++) {
		struct check_row *rows;
		/* Now bounds every view (DESIGN 3): (now - secs, now]. */
		long n =
		    store_model_checks(st, ds->models[m].id, ds->now - secs + 1,
		                       ds->now + 1, a, &rows, err, errlen);

		if (n < 0)
			return -1;
		export_add_model(list, m, rows, (size_t)n, a);
	}
	export_sort(list);
	return (long)list->n;
}

/* The export of every range at once (the snapshot's): each model's
 * checks of the longest range read once (into memory freed per model),
 * and each range's rows made from those in it, as export_from_store
 * would. 0, or -1 with err set. */
static int
exports_from_store(struct store *st, const struct dataset *ds, struct arena *a,
                   struct export_list lists[RANGE__MAX], char *err,
                   size_t errlen)
{
	int64_t secs[RANGE__MAX], longest = 0;

	for (int r = 0; r < RANGE__MAX; r++) {
		secs[r] = (int64_t)ranges[r].buckets * ranges[r].bucket_secs;
		if (secs[r] > longest)
			longest = secs[r];
		memset(&lists[r], 0, sizeof(lists[r]));
	}
	for (size_t m = 0; m < ds->n_models; m++) {
		struct arena *tmp = arena_new();
		struct check_row *rows, *in;
		long n = store_model_checks(st, ds->models[m].id,
		                            ds->now - longest + 1, ds->now + 1,
		                            tmp, &rows, err, errlen);

		if (n < 0) {
			arena_free(tmp);
			return -1;
		}
		in = arena_alloc(tmp, ((size_t)n + 1) * sizeof(*in));
		for (int r = 0; r < RANGE__MAX; r++) {
			size_t k = 0, before = lists[r].n;

			/* Still by region, then time: (now - secs, now]. */
			for (long i = 0; i < n; i++)
				if (rows[i].checked_at > ds->now - secs[r])
					in[k++] = rows[i];
			export_add_model(&lists[r], m, in, k, a);
			for (size_t i = before; i < lists[r].n; i++)
				lists[r].v[i].region =
				    arena_strdup(a, lists[r].v[i].region);
		}
		arena_free(tmp);
	}
	for (int r = 0; r < RANGE__MAX; r++)
		export_sort(&lists[r]);
	return 0;
}

/* Whether ds came from the snapshot s holds now and that has lists:
 * they are read, and loaded into the database in memory, on first use
 * (once per snapshot file; a failure is logged once and the lists are
 * then taken as absent). */
static int
snap_lists_ready(struct source *s, const struct dataset *ds)
{
	char err[512];
	size_t len = 0;
	char *schema;
	int rc;

	if (ds->source != SOURCE_FALLBACK || s->snap == NULL ||
	    s->snap_kept.arena == NULL ||
	    ds->snapshot_at != snapshot_time(s->snap))
		return 0;
	if (s->snap_lists_state != 0)
		return s->snap_lists_state > 0;
	s->snap_lists_state = -1;
	rc = snapshot_lists(s->snap, &s->snap_kept.ds, s->snap_kept.arena,
	                    &s->snap_lists, err, sizeof(err));
	if (rc <= 0) {
		if (rc < 0)
			log_msg("error", "snapshot %s: %s", s->snapshot_path,
			        err);
		return 0;
	}
	schema = file_read_all(s->schema_path, &len);
	if (schema == NULL) {
		log_msg("error", "snapshot lists: %s: %s", s->schema_path,
		        strerror(errno));
		return 0;
	}
	s->snap_mem = store_open_memory(schema, err, sizeof(err));
	free(schema);
	if (s->snap_mem == NULL ||
	    store_fill_memory(
	        s->snap_mem, &s->snap_kept.ds, s->snap_lists.incidents,
	        s->snap_lists.n_incidents, s->snap_lists.maintenances,
	        s->snap_lists.n_maintenances, err, sizeof(err)) != 0) {
		log_msg("error", "snapshot lists %s: %s", s->snapshot_path,
		        err);
		store_close(s->snap_mem);
		s->snap_mem = NULL;
		return 0;
	}
	s->snap_lists_state = 1;
	return 1;
}

/* The store that answers incidents and maintenance for ds: the
 * database's reader, the snapshot's database in memory, or NULL. */
static struct store *
incident_store(struct source *s, const struct dataset *ds)
{
	if (ds->source == SOURCE_DATABASE && s->reader != NULL)
		return s->reader;
	return snap_lists_ready(s, ds) ? s->snap_mem : NULL;
}

long
source_export(struct source *s, const struct dataset *ds, int64_t secs,
              struct arena *a, struct export_list *list, char *err,
              size_t errlen)
{
	memset(list, 0, sizeof(*list));
	if (ds->source == SOURCE_DATABASE && s->reader != NULL)
		return export_from_store(s->reader, ds, secs, a, list, err,
		                         errlen);
	if (!snap_lists_ready(s, ds))
		return 0;
	/* The rows of the range as at the snapshot's time, as they are. */
	for (int r = 0; r < RANGE__MAX; r++) {
		const struct export_list *x = &s->snap_lists.exports[r];

		if ((int64_t)ranges[r].buckets * ranges[r].bucket_secs != secs)
			continue;
		list->n = list->cap = x->n;
		list->v = arena_alloc(a, (x->n + 1) * sizeof(*list->v));
		if (x->n > 0)
			memcpy(list->v, x->v, x->n * sizeof(*list->v));
		return (long)list->n;
	}
	snprintf(err, errlen, "the snapshot holds no export of %lld s",
	         (long long)secs);
	return -1;
}

int
source_has_incidents(struct source *s, const struct dataset *ds)
{
	return incident_store(s, ds) != NULL;
}

long
source_incidents(struct source *s, const struct dataset *ds,
                 const struct incident_filter *f, struct arena *a,
                 struct incident_view **out, long *total, char *err,
                 size_t errlen)
{
	struct store *st = incident_store(s, ds);

	*out = arena_alloc(a, sizeof(**out));
	*total = 0;
	if (st == NULL)
		return 0;
	return store_incidents(st, f, a, out, total, err, errlen);
}

int
source_incident(struct source *s, const struct dataset *ds, int64_t id,
                struct arena *a, struct incident_view *out, char *err,
                size_t errlen)
{
	struct store *st = incident_store(s, ds);

	memset(out, 0, sizeof(*out));
	if (st == NULL)
		return 0;
	return store_incident(st, id, a, out, err, errlen);
}

int
source_outbox_stats(struct source *s, const struct dataset *ds, struct arena *a,
                    struct outbox_stats *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	/* The database's only: the snapshot holds no outbox. */
	if (ds->source != SOURCE_DATABASE || s->reader == NULL)
		return 0;
	return store_outbox_stats(s->reader, a, out, err, errlen) == 0 ? 1 : -1;
}

long
source_maintenances(struct source *s, const struct dataset *ds, int64_t from,
                    int64_t to, struct arena *a, struct maintenance_view **out,
                    char *err, size_t errlen)
{
	struct store *st = incident_store(s, ds);

	*out = arena_alloc(a, sizeof(**out));
	if (st == NULL)
		return 0;
	return store_maintenances(st, from, to, 0, a, out, err, errlen);
}

struct store *
source_writer(struct source *s, char *err, size_t errlen)
{
	if (same_file(s->db_path, R_OK | W_OK, &s->writer, &s->writer_dev,
	              &s->writer_ino, err, errlen) != 0)
		return NULL;
	if (s->writer == NULL) {
		s->writer = store_open_write(s->db_path, NULL, err, errlen);
		if (s->writer != NULL &&
		    store_set_durable(s->writer, err, errlen) != 0) {
			store_close(s->writer);
			s->writer = NULL;
		}
	}
	return s->writer;
}

void
source_writer_failed(struct source *s)
{
	store_close(s->writer);
	s->writer = NULL;
}

/* The lists of the snapshot (snapshot.h) from the database at ds->now,
 * in one read transaction: the incidents, the windows, the export of
 * every range. 0, or -1 with err set. */
static int
snapshot_lists_read(struct store *reader, const struct dataset *ds,
                    struct arena *a, struct snapshot_lists *l, char *err,
                    size_t errlen)
{
	struct incident_filter f = {0};
	struct incident_view *open, *resolved;
	long n_open, n_res = 0, total;
	int rc = -1;

	memset(l, 0, sizeof(*l));
	if (store_begin_read(reader, err, errlen) != 0)
		return -1;
	/* Every open incident, then the newest resolved ones that ended
	 * within the last 30 days, up to the cap in all. */
	f.state = 1;
	f.details = 1;
	n_open = store_incidents(reader, &f, a, &open, &total, err, errlen);
	if (n_open < 0)
		goto out;
	if (n_open < SNAPSHOT_INCIDENTS_MAX) {
		f.state = 2;
		f.from = ds->now - SNAPSHOT_LIST_SECS;
		f.limit = SNAPSHOT_INCIDENTS_MAX - n_open;
		n_res = store_incidents(reader, &f, a, &resolved, &total, err,
		                        errlen);
		if (n_res < 0)
			goto out;
	}
	l->n_incidents = (size_t)(n_open + n_res);
	l->incidents =
	    arena_alloc(a, (l->n_incidents + 1) * sizeof(*l->incidents));
	if (n_open > 0)
		memcpy(l->incidents, open, (size_t)n_open * sizeof(*open));
	if (n_res > 0)
		memcpy(l->incidents + n_open, resolved,
		       (size_t)n_res * sizeof(*resolved));
	n_res = store_maintenances(reader, ds->now - SNAPSHOT_LIST_SECS, 0, 0,
	                           a, &l->maintenances, err, errlen);
	if (n_res < 0)
		goto out;
	l->n_maintenances = (size_t)n_res;
	if (exports_from_store(reader, ds, a, l->exports, err, errlen) != 0)
		goto out;
	rc = 0;
out:
	store_end_read(reader);
	return rc;
}

int
source_write_snapshot(const struct app_config *cfg, int64_t now, char *err,
                      size_t errlen)
{
	struct store *reader = store_open_readonly(cfg->db_path, err, errlen);
	struct arena *a;
	struct dataset ds;
	struct snapshot_lists lists;
	int rc = -1;

	if (reader == NULL)
		return -1;
	a = arena_new();
	if (store_read_dataset(reader, now, RANGES_ALL | WINDOWS_ALL, a, &ds,
	                       err, errlen) != 0)
		goto out;
	/* Every range's numbers must hold before they may become the
	 * fallback. */
	for (int r = 0; r < RANGE__MAX; r++) {
		struct stats st;
		const char *broken;

		if (stats_compute(&ds, (enum range)r, cfg->freshness, a, &st,
		                  &broken) != 0) {
			snprintf(err, errlen, "invariant broken (%s): %s",
			         ranges[r].name, broken);
			goto out;
		}
	}
	if (snapshot_lists_read(reader, &ds, a, &lists, err, errlen) != 0)
		goto out;
	rc = snapshot_write_lists(&ds, &lists, STORE_SCHEMA_VERSION,
	                          cfg->snapshot_path, err, errlen);
out:
	arena_free(a);
	store_close(reader);
	return rc;
}
