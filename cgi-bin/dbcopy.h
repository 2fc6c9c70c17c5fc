/* dbcopy.h: aigo db copy: an install moved between SQLite and PostgreSQL (either way, or SQLite to SQLite) in one transaction, then verified. */
#ifndef AIGO_DBCOPY_H
#define AIGO_DBCOPY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model.h"

/* Rows read at a time when the caller does not say (--batch). */
#define DBCOPY_BATCH_DEFAULT 1000
#define DBCOPY_BATCH_MAX 1000000

struct dbcopy_opts {
	const char *from; /* a SQLite file or a postgresql:// URL */
	const char *to;   /* the same; must hold no AI-GO data */
	/* The schemas' texts (db/schema.sql, db/schema-pg.sql) for an empty
	 * destination of that backend; NULL: such a destination is refused. */
	const char *schema_sqlite;
	const char *schema_pg;
	long batch; /* rows per read, 1..DBCOPY_BATCH_MAX */
	FILE *out;  /* the counts and the verdict (stdout) */
	FILE *errs; /* "aigo db copy: ..." messages and progress (stderr) */
	int tty;    /* errs is a terminal: progress updated in place */
};

/* Copies every table of o->from into o->to and verifies the copy: the
 * source is read in one read transaction (opened read-only, of this
 * schema version), the destination (an empty database, given the schema,
 * or one with the schema and no rows) written in one transaction: all of
 * it or, on any failure, nothing (a SQLite file the copy created is
 * removed). Then the row counts of every table on both, and the
 * datasets of both read by the store (store_read_dataset) at the newest
 * check, field by field (dbcopy_compare). Progress and messages go to
 * o->errs, the table of counts and "copy verified: ..." to o->out; no
 * message holds a password (URLs are printed redacted). Returns 0 (verified), or 1 after
 * saying what was refused, what failed or what differs. */
int dbcopy_run(const struct dbcopy_opts *o);

/* The number of tables the copy moves, and the name of table i (from 0),
 * parents before children: the one list (dbcopy.c) the copy and its
 * checks read. */
size_t dbcopy_n_tables(void);
const char *dbcopy_table(size_t i);

/* Compares two datasets read at the same now, field by field: the
 * providers (and what their status pages said), the models, every
 * latest check, every window's counts and every history range's
 * buckets. Returns the number of fields that differ; *numbers (when not
 * NULL) gets the number of numbers compared. The first differences are
 * written into diffs (difflen bytes, always terminated), one per line,
 * each named ("model openai/gpt-4o: window 7d degraded: 12 vs 13"). */
long dbcopy_compare(const struct dataset *a, const struct dataset *b,
                    char *diffs, size_t difflen, long *numbers);

#endif
