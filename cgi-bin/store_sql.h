/* store_sql.h: the names of the store's statements, and each backend's text for them (store_sql_sqlite.c, store_sql_pg.c). */
#ifndef AIGO_STORE_SQL_H
#define AIGO_STORE_SQL_H

/* store.c runs its statements by these names; each backend gives every
 * name its own text (its dialect). A name a backend has no use for (the
 * _V5/_V7 forms, for SQLite files of older schema versions) is NULL in
 * PostgreSQL's tables, whose schema is always the current one. Parameters
 * are numbered from 1 in both (?N in SQLite, $N in PostgreSQL), with the
 * same meaning; result columns come in the same order with the same
 * types (integers, text, NULL). */

enum sql {
	SQL_PROVIDERS,
	SQL_MODELS,
	SQL_LATEST,
	SQL_LATEST_V5,
	SQL_ENDPOINT_PAIRS,
	SQL_LATEST_BEFORE,
	SQL_LATEST_BEFORE_V5,
	SQL_WINDOW,
	SQL_WINDOW_ROLLUPS,
	SQL_WINDOW_5MIN,
	SQL_WINDOW_MODEL,
	SQL_HIST_CHECKS,
	SQL_HIST_ROLLUPS,
	SQL_HIST_5MIN,
	SQL_IS_DEMO,
	SQL_USER_VERSION,
	SQL_MODEL_CHECKS,
	SQL_MODEL_CHECKS_V5,
	SQL_RECENT_CHECKS,
	SQL_RECENT_CHECKS_V5,
	SQL_UPSERT_PROVIDER,
	SQL_UPSERT_MODEL,
	SQL_UPSERT_ENDPOINT,
	SQL_ENDPOINTS,
	SQL_INSERT_CHECK,
	SQL_INSERT_CHECK_V5,
	SQL_UPSERT_CURRENT,
	SQL_UPSERT_CURRENT_V5,
	SQL_UPSERT_ROLLUP,
	SQL_UPSERT_5MIN,
	SQL_PRUNE_CHECKS,
	SQL_PRUNE_HOURLY,
	SQL_PRUNE_5MIN,
	SQL_FIND_ENDPOINT,
	SQL_MODEL_REGIONS,
	SQL_DATA_VERSION,
	SQL_UPSERT_SLOT,
	SQL_MODEL_SLOTS,
	SQL_UPSERT_MODEL_ROLLUP,
	SQL_HIST_MODEL,
	SQL_PRUNE_MODEL,
	SQL_REBUILD_MODEL,
	SQL_FRESHNESS,
	SQL_LIVE_CHECKS,
	SQL_LIVE_SLOTS,
	SQL_REBUILD_5MIN,
	SQL_REBUILD_HOURLY,
	SQL_REBUILD_SPANS,
	SQL_FIRST_CHECK,
	SQL_COUNT_SOURCES,
	SQL_DELETE_DEMO_CHECKS,
	SQL_DELETE_DEMO_CURRENT,
	SQL_RESTORE_CURRENT,
	SQL_PRUNE_DELIVERIES,
	SQL_PRUNE_OUTBOX,
	SQL_REBUILD_CLEAR,
	SQL_SET_SAMPLES_META,
	SQL_SENDER_LOCK,
	/* The _SET forms: one statement for a whole batch, over arrays
	 * (db_bind_*_array); NULL in SQLite, where store.c runs the one-row
	 * form once per row (no round trip to save). */
	SQL_INSERT_CHECKS_SET,
	SQL_MODEL_SLOTS_SET,
	SQL_UPSERT_ROLLUP_SET,
	SQL_UPSERT_SLOT_SET,
	SQL_UPSERT_CURRENT_SET,
	SQL_UPSERT_MODEL_ROLLUP_SET,
	SQL__MAX
};

enum inc_sql {
	INC_RULES,
	INC_CURRENT,
	INC_IN_EFFECT,
	INC_CHECKS,
	INC_OLD_MODEL,
	INC_OLD_PROVIDER,
	INC_EVENTS,
	INC_INSERT,
	INC_UPDATE,
	INC_DELETE,
	INC_DELETE_EVENTS,
	INC_INSERT_EVENT,
	INC_MODEL_PROVIDER,
	INC_PROVIDER_IN_EFFECT,
	INC_ACTIVE_MODELS,
	INC_PROVIDER_MODEL_INCIDENTS,
	INC_DELETE_AUTO,
	INC_DELETE_AUTO_EVENTS,
	INC_ALL_MODELS,
	INC_ALL_PROVIDERS,
	INC_SET_RULE,
	INC_LIST,
	INC_COUNT,
	/* The _SET forms (NULL in SQLite, as in enum sql): the touched
	 * models' reads of a batch in one statement each. */
	INC_CURRENT_SET,
	INC_IN_EFFECT_SET,
	INC_CHECKS_SET,
	INC_OLD_MODEL_SET,
	INC__MAX
};

enum view_sql {
	VIEW_LIST_V7,
	VIEW_LIST,
	VIEW_LIST_OPEN,
	VIEW_COUNT,
	VIEW_UPDATES,
	VIEW_MODELS,
	VIEW_MAINT,
	VIEW_MAINT_TARGETS,
	VIEW_PROVIDER_ID,
	VIEW_MODEL_ID,
	VIEW_INSERT_MANUAL,
	VIEW_INSERT_EVENT,
	VIEW_INSERT_UPDATE,
	VIEW_INCIDENT,
	VIEW_RESOLVE,
	VIEW_SET_TITLE,
	VIEW_SET_SEVERITY,
	VIEW_MAINT_INSERT,
	VIEW_MAINT_ONE,
	VIEW_MAINT_UPDATE,
	VIEW_TARGETS_DELETE,
	VIEW_TARGET_INSERT,
	VIEW_UPDATES_OF,
	VIEW_FOLLOW_TARGET,
	VIEW_MOVE_UPDATE,
	VIEW_TO_MANUAL,
	VIEW_DELETE_AUTO_EVENTS_FREE,
	VIEW_DELETE_AUTO_FREE,
	VIEW_STALE_TO_MANUAL,
	VIEW_SNAP_INCIDENT,
	VIEW_SNAP_EVENT,
	VIEW_SNAP_UPDATE,
	VIEW_SNAP_MAINT,
	VIEW_SNAP_TARGET,
	VIEW__MAX
};

enum pst_sql {
	PST_FIND_PROVIDER,
	PST_SET_COMPONENTS,
	PST_FORGET_STATUS,
	PST_FORGET_COMPONENTS,
	PST_FORGET_INCIDENTS,
	PST_UPSERT_OK,
	PST_UPSERT_FAILED,
	PST_INSERT_COMPONENT,
	PST_INSERT_INCIDENT,
	PST_READ_STATUS,
	PST_READ_COMPONENTS,
	PST_READ_INCIDENTS,
	PST_READ_MODEL_COMPONENTS,
	PST__MAX
};

enum ob_sql {
	OB_NAMES,
	OB_INSERT,
	OB_INSERT_ONCE,
	OB_INCIDENT,
	OB_UNFANNED,
	OB_FANNED,
	OB_DELIVERY_INSERT,
	OB_MARK_FANNED,
	OB_HEAD,
	OB_LAST_SENT,
	OB_NEWER,
	OB_RECORD,
	OB_COUNT,
	OB_COVERS,
	OB_MAINT_DUE,
	OB_LIST,
	OB_QUEUE,
	OB_CHANNELS,
	OB__MAX
};
/* The statements store.c runs that are not in a block above: the
 * transactions, and what a backend does in its own way. */
enum tx_sql {
	TX_BEGIN_READ,   /* a read transaction: one state for all its reads */
	TX_BEGIN_WRITE,  /* a write transaction: writers one at a time */
	TX_COMMIT_READ,  /* the end of a read transaction */
	TX_COMMIT_WRITE, /* the end of a write (PostgreSQL: the generation
	                    advances first) */
	TX_ROLLBACK,
	TX_BEGIN_SCHEMA, /* creating the schema in an empty database */
	TX_CHECKPOINT,   /* SQLite: the WAL into the file; NULL: nothing */
	TX_DURABLE,      /* SQLite: every commit synced; NULL: nothing */
	TX_BEGIN_BATCH,  /* a batch of checks: its new checks may be inserted
	                    before TX_LOCK_WRITE, beside other batches */
	TX_LOCK_WRITE,   /* after TX_BEGIN_BATCH's insert: writers one at a
	                    time from here; NULL: TX_BEGIN_BATCH locked */
	TX__MAX
};

/* One backend's statements, each table indexed by its enum. */
struct store_dialect {
	const char *name;        /* "SQLite", "PostgreSQL" */
	const char *const *sql;  /* [SQL__MAX] */
	const char *const *inc;  /* [INC__MAX] */
	const char *const *view; /* [VIEW__MAX] */
	const char *const *pst;  /* [PST__MAX] */
	const char *const *ob;   /* [OB__MAX] */
	const char *const *tx;   /* [TX__MAX] */
	char param;              /* a parameter's sign: ?1 in SQLite, $1 */
	/* Run on a database a copy (aigo db copy) has just filled, in its
	 * transaction (PostgreSQL: each identity moves past the largest id
	 * copied); NULL: nothing to do. */
	const char *copy_done;
};

extern const struct store_dialect store_sqlite_dialect;
extern const struct store_dialect store_pg_dialect;

#endif
