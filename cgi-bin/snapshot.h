/* snapshot.h: the fallback snapshot (db/fallback.json): rows of a dataset written atomically, and read back. */
#ifndef AIGO_SNAPSHOT_H
#define AIGO_SNAPSHOT_H

#include "model.h"
#include "arena.h"
#include "export.h"
#include "store.h"

#define SNAPSHOT_FORMAT "aigo-snapshot"
/* Version 2 adds the lists (struct snapshot_lists); a version 1 file
 * still reads, with none. */
#define SNAPSHOT_FORMAT_VERSION 2

/* What the fallback answers beside the dataset (docs/snapshot.md): the
 * incidents (every open one, then the newest resolved ones that ended
 * within SNAPSHOT_LIST_SECS, SNAPSHOT_INCIDENTS_MAX in all, open ones
 * always kept) with their details (store_incident), the windows that
 * stand and end after the snapshot's time minus SNAPSHOT_LIST_SECS, and
 * the export rows (export.h) of every range as at the snapshot's time.
 * Model indexes are into the snapshot's dataset. */
#define SNAPSHOT_INCIDENTS_MAX 1000
#define SNAPSHOT_LIST_SECS (30 * 86400)
struct snapshot_lists {
	struct incident_view *incidents;
	size_t n_incidents;
	struct maintenance_view *maintenances;
	size_t n_maintenances;
	struct export_list exports[RANGE__MAX];
};

/* Writes ds (read with every history, RANGES_ALL) as the snapshot at path:
 * to path.tmp, flushed to disk, then renamed over path, so a reader sees
 * the old file or the new one, never a part. Returns 0, or -1 with err set
 * and path untouched. */
int snapshot_write(const struct dataset *ds, int schema_version,
                   const char *path, char *err, size_t errlen);

/* As snapshot_write, with lists (NULL: none, as a version 1 file) as
 * well. */
int snapshot_write_lists(const struct dataset *ds,
                         const struct snapshot_lists *lists, int schema_version,
                         const char *path, char *err, size_t errlen);

/* A snapshot file read into memory, valid as a whole. */
struct snapshot;

/* Reads and validates the snapshot at path. NULL with err set on failure. */
struct snapshot *snapshot_load(const char *path, char *err, size_t errlen);
void snapshot_free(struct snapshot *snap);

/* The time the snapshot was taken. */
int64_t snapshot_time(const struct snapshot *snap);

/* Fills ds from snap, as store_read_dataset does from the database: now is
 * the snapshot's time, the source SOURCE_FALLBACK, every history present.
 * Memory from arena. Returns 0, or -1 with err set. */
int snapshot_dataset(const struct snapshot *snap, struct arena *arena,
                     struct dataset *ds, char *err, size_t errlen);

/* Fills *out from snap's lists, for ds (snapshot_dataset of snap);
 * memory from arena. Returns 1, 0 when the file holds no lists (version
 * 1), or -1 with err set when they are not valid. */
int snapshot_lists(const struct snapshot *snap, const struct dataset *ds,
                   struct arena *arena, struct snapshot_lists *out, char *err,
                   size_t errlen);

#endif
