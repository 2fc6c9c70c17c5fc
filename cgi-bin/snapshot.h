/* snapshot.h: the fallback snapshot (db/fallback.json): rows of a dataset written atomically, and read back. */
#ifndef AIGO_SNAPSHOT_H
#define AIGO_SNAPSHOT_H

#include "model.h"
#include "arena.h"

#define SNAPSHOT_FORMAT "aigo-snapshot"
#define SNAPSHOT_FORMAT_VERSION 1

/* Writes ds (read with every history, RANGES_ALL) as the snapshot at path:
 * to path.tmp, flushed to disk, then renamed over path, so a reader sees
 * the old file or the new one, never a part. Returns 0, or -1 with err set
 * and path untouched. */
int snapshot_write(const struct dataset *ds, int schema_version,
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

#endif
