/* source.h: where a worker's numbers come from (the database, else the snapshot, else nothing), what it keeps of them for reuse, and its write connection. */
#ifndef AIGO_SOURCE_H
#define AIGO_SOURCE_H

#include <sys/stat.h>
#include <sys/types.h>

#include "config.h"
#include "detail.h"
#include "export.h"
#include "fswatch.h"
#include "snapshot.h"
#include "stats.h"
#include "store.h"

/* One read kept for reuse: its dataset, and its stats per history range
 * (RANGE__MAX: none) computed on first use. All memory in arena. */
struct kept {
	struct arena *arena; /* NULL: nothing kept */
	struct dataset ds;
	unsigned mask; /* the histories and windows read (store_read_dataset) */
	struct stats st[RANGE__MAX + 1];
	int has_st[RANGE__MAX + 1];
};

/* The data source of one worker. Every field is the source's own; the
 * functions below are the only way in. */
/* How long (ms) a worker serves the snapshot after PostgreSQL refused a
 * connection before it asks again. */
#define SOURCE_RECONNECT_MS 1000

struct source {
	char db_path[1200];
	char db_shown[1200]; /* db_path as logged (no password) */
	/* PostgreSQL: after a failed connection, none before this instant
	 * (monotonic ms), and why it failed. */
	int64_t reader_retry_ms;
	char reader_err[512];
	int request_read; /* PostgreSQL: the request's read transaction is
	                     open on reader (source_request_end ends it) */
	char snapshot_path[1200];
	int64_t freshness;
	/* The read-only connection: opened on first use, reopened after a
	 * failure or when the file is replaced. */
	struct store *reader;
	dev_t reader_dev;
	ino_t reader_ino;
	/* What the database last answered, while its data_version, the file
	 * and the second are the same; generation counts these reads. */
	struct kept db;
	/* Tells when nothing touched the file since the last look, so that
	 * reuse needs no stat and no read transaction; opened by the process
	 * that loads (a worker, after fork: watch_pid). */
	struct fswatch watch;
	pid_t watch_pid;
	int64_t db_version, db_now;
	uint64_t generation;
	/* The snapshot file read, and its dataset, kept until the file
	 * changes (its numbers are judged at its own time). */
	struct snapshot *snap;
	struct stat snap_stat;
	struct kept snap_kept;
	char snap_err[512]; /* why the file at snap_stat gave no dataset */
	/* Its lists (version 2), read on first use into snap_lists (in
	 * snap_kept's arena) and a database in memory (snap_mem) that
	 * answers the incidents and maintenance; snap_lists_state: 0 not
	 * read yet, 1 read, -1 none (version 1, or invalid: logged). */
	struct snapshot_lists snap_lists;
	struct store *snap_mem;
	int snap_lists_state;
	char schema_path[1200]; /* db/schema.sql, for snap_mem */
	/* The write connection (durable commits), opened on first use. */
	struct store *writer;
	dev_t writer_dev;
	ino_t writer_ino;
	/* The last source and reason logged. */
	enum data_source logged;
	char reason_logged[1100];
};

/* Sets s up for the database and snapshot of cfg (copied); opens nothing. */
void source_init(struct source *s, const struct app_config *cfg);

/* Closes the connections and frees everything s keeps. */
void source_free(struct source *s);

/* Opens the database's read connection ahead of the first request (a
 * worker at its start, after the fork: a connection is not shared
 * between processes), so that no request waits for it. Nothing is read
 * or prepared. A database that cannot be opened is left for the first
 * request (the snapshot answers; the next attempt waits as a failed one
 * does). */
void source_open(struct source *s);

/* Ends the read transaction of the request (PostgreSQL: every read of
 * one request sees one snapshot, from its first read until this call);
 * nothing when there is none. Called once at the end of every request. */
void source_request_end(struct source *s);

/* Fills ds (with the history of range, or RANGE__MAX for none, and the
 * histories and windows in the mask also: RANGE_BIT, WINDOW_BIT; see
 * store_read_dataset) and st (with range's history): from the database;
 * when it cannot answer (or its numbers break an invariant), from the
 * snapshot, judged at the snapshot's time; when that fails too,
 * SOURCE_NONE with all-zero stats (memory from a). ds->generation says
 * which read of the database ds is (0: not the database). Each change of
 * source or reason is logged once. ds and st point into memory s keeps
 * until the next call. */
void source_load(struct source *s, int64_t now, enum range range, unsigned also,
                 struct arena *a, struct dataset *ds, struct stats *st);

/* The generation of the data source_load keeps, when it is still what the
 * database holds at now (same file, data_version and second); else 0. */
uint64_t source_generation(struct source *s, int64_t now);

/* The per-region details of model (its id) that ds was read for: the
 * rolling windows ending at ds->now and the series over the buckets of
 * range (laid out into *h), from the model's checks in the database. The
 * snapshot holds no single checks: from it, none. Returns the number of
 * regions (*out in a's memory), or -1 with err set. */
long source_model_detail(struct source *s, const struct dataset *ds,
                         int64_t model_id, enum range range, struct arena *a,
                         struct history *h, struct region_detail **out,
                         char *err, size_t errlen);

/* The recent checks of model (store_recent_checks) when ds came from the
 * database; none from the snapshot. Returns their number (*out in a's
 * memory), or -1 with err set. */
long source_recent_checks(struct source *s, const struct dataset *ds,
                          int64_t model_id, struct arena *a,
                          struct check_row **out, char *err, size_t errlen);

/* The export (export.h) of the checks in (ds->now - secs, ds->now], per
 * UTC day, model and region, sorted, into *list (arena a): from the
 * database, or from a version 2 snapshot the rows it holds for the range
 * of secs (computed at its time). Returns the number of rows, 0 when
 * there are none to give (see source_has_incidents), -1 with err set. */
long source_export(struct source *s, const struct dataset *ds, int64_t secs,
                   struct arena *a, struct export_list *list, char *err,
                   size_t errlen);

/* ---- Incidents and maintenance (docs/incidents.md) ----
 * Read from the database, or from the lists of a version 2 snapshot
 * (loaded on first use into a database in memory that the same store
 * functions read: the same SQL and filters, as of the snapshot's time). A
 * version 1 snapshot holds none, so then these give nothing and the pages
 * say that incidents are not available (never an empty history as if
 * there had been none). */

/* Whether incidents, maintenance and the export can be read for ds: it
 * came from the database, or from a snapshot with lists (version 2). */
int source_has_incidents(struct source *s, const struct dataset *ds);

/* The incidents f selects (store_incidents) into *out (never NULL) and
 * their number in all into *total. The count on the page (0 without the
 * database), or -1 with err set. */
long source_incidents(struct source *s, const struct dataset *ds,
                      const struct incident_filter *f, struct arena *a,
                      struct incident_view **out, long *total, char *err,
                      size_t errlen);

/* Incident id with its details (store_incident): 1, 0 when there is none
 * (or no database), -1 with err set. */
int source_incident(struct source *s, const struct dataset *ds, int64_t id,
                    struct arena *a, struct incident_view *out, char *err,
                    size_t errlen);

/* The maintenance windows that stand (not cancelled) and end after from
 * and start before to (0: any time), by start (store_maintenances).
 * The count (0 without the database), or -1 with err set. */
long source_maintenances(struct source *s, const struct dataset *ds,
                         int64_t from, int64_t to, struct arena *a,
                         struct maintenance_view **out, char *err,
                         size_t errlen);

/* What /metrics shows of the notification outbox (store_outbox_stats),
 * read from the database only: 1 read into *out, 0 when ds did not come
 * from the database (nothing to show), -1 with err set. */
int source_outbox_stats(struct source *s, const struct dataset *ds,
                        struct arena *a, struct outbox_stats *out, char *err,
                        size_t errlen);

/* The write connection (durable commits), opened on first use and again
 * when the file at db_path was replaced; a missing file is not created.
 * Returns NULL with err set when the database cannot be written. */
struct store *source_writer(struct source *s, char *err, size_t errlen);

/* Closes the write connection after a write failed on it: the next
 * source_writer opens a new one. */
void source_writer_failed(struct source *s);

/* Writes the snapshot of the database at cfg's db_path, at time now, to
 * cfg's snapshot_path, if the database answers and its numbers hold every
 * invariant; a failing database never replaces a good snapshot. Returns 0,
 * or -1 with err set. */
int source_write_snapshot(const struct app_config *cfg, int64_t now, char *err,
                          size_t errlen);

#endif
