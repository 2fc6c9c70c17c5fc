/* store.h: all SQL of AI-GO Monitor: opening, schema, reading the dataset, the one write path. */
#ifndef AIGO_STORE_H
#define AIGO_STORE_H

#include "model.h"
#include "arena.h"
#include "incidents.h"

#define STORE_SCHEMA_VERSION 9

struct store;

struct app_config;

/* Sets cfg->db_shown to cfg->db_path as it may be printed, logged or
 * shown: a PostgreSQL connection string with its password as "***"
 * (store_pg_redact), a file path as it is. */
void store_config_shown(struct app_config *cfg);

/* Opens path read-only for serving and checks that it is an AI-GO database
 * of this schema version or an older one (they read alike). Returns NULL and a message in err on failure. */
struct store *store_open_readonly(const char *path, char *err, size_t errlen);

/* Creates path if missing, applies schema_sql to a new file, and opens it
 * for writing (WAL). With schema_sql NULL a missing or empty file is an
 * error and nothing is created. Refuses a file that is not an AI-GO database or has a
 * newer schema. Returns NULL and a message in err on failure. */
struct store *store_open_write(const char *path, const char *schema_sql,
                               char *err, size_t errlen);

/* Brings s from its version to STORE_SCHEMA_VERSION: migrations[v] (SQL)
 * turns version v - 1 into v, each in its own transaction. Returns how
 * many were applied, or -1 with err set (the failing one rolled back). */
int store_migrate(struct store *s, const char *const *migrations, char *err,
                  size_t errlen);

/* Finalizes every statement and closes the connection. NULL is allowed. */
void store_close(struct store *s);

/* Fills ds from the database at time now, in one read transaction:
 * providers, models, latest checks at or before now, the counts of the
 * 24 h window and of every window in ranges_mask (WINDOW_BIT(w)), and the
 * history of every range in it (RANGE_BIT(r)). ds->range is left at
 * RANGE__MAX for the caller to choose.
 * Everything is allocated from arena. Returns 0, or -1 with err set. */
int store_read_dataset(struct store *s, int64_t now, unsigned ranges_mask,
                       struct arena *arena, struct dataset *ds, char *err,
                       size_t errlen);

/* A number that stays the same as long as no other connection committed
 * a write (SQLite: PRAGMA data_version; PostgreSQL: the aigo_generation
 * row, which every write transaction advances, as of the current read
 * transaction's snapshot when there is one). 0, or -1 with err set. */
int store_data_version(struct store *s, int64_t *version, char *err,
                       size_t errlen);

/* One recorded check, as the model page shows it. */
/* One model's checks in [from, to), by region then time. Rows in arena
 * memory. Returns the count, or -1 with err set. */
long store_model_checks(struct store *s, int64_t model_id, int64_t from,
                        int64_t to, struct arena *a, struct check_row **out,
                        char *err, size_t errlen);

/* One model's recent checks (DESIGN 3): its newest RECENT_CHECKS at or
 * before now, newest first (ties by region), whatever their age. Rows in
 * arena memory. Returns the count, or -1 with err set. */
long store_recent_checks(struct store *s, int64_t model_id, int64_t now,
                         struct arena *a, struct check_row **out, char *err,
                         size_t errlen);

/* Catalog writes (inside store_begin/store_commit). Each returns the row id
 * (> 0), or -1 with err set. */
int64_t store_upsert_provider(struct store *s, const struct provider *p,
                              char *err, size_t errlen);
struct model_row {
	int64_t provider_id;
	const char *slug, *name, *modalities;
	int64_t context_window;                  /* 0: unknown */
	const char *released_at, *deprecated_at; /* NULL: unknown */
	int is_active;
};
int64_t store_upsert_model(struct store *s, const struct model_row *m,
                           char *err, size_t errlen);
struct endpoint_row {
	int64_t model_id;
	const char *region, *url, *method, *expect_status;
	int64_t timeout_ms, degraded_ms;
};
int64_t store_upsert_endpoint(struct store *s, const struct endpoint_row *e,
                              char *err, size_t errlen);

/* One endpoint as the demo generator and the prober need it. */
struct endpoint_info {
	int64_t model_id;
	const char *model_slug;
	const char *region;
	int is_active;
	int64_t degraded_ms;
	int64_t last_checked_at; /* latest recorded check; 0 if none */
};
/* Lists every endpoint, by model slug then region, into arena memory.
 * Returns the count, or -1 with err set. */
long store_list_endpoints(struct store *s, struct arena *arena,
                          struct endpoint_info **out, char *err, size_t errlen);

/* One check to record. The kinds are names of probe_kind_names and
 * error_kind_names (model.h); from version 6 of the schema on, all is
 * stored (an older file keeps what it has columns for). */
struct check_in {
	int64_t model_id;
	const char *region;
	int64_t checked_at;
	enum status status;     /* operational, degraded or outage */
	int64_t latency_ms;     /* -1: none */
	int64_t http_status;    /* 0: none */
	const char *error;      /* NULL: none */
	const char *source;     /* probe, ingest, import, demo */
	const char *probe_kind; /* NULL: not said */
	const char *error_kind; /* NULL: none */
	int64_t dns_ms, connect_ms, tls_ms, first_byte_ms,
	    ttft_ms; /* -1: not measured */
};

/* The one write path: records n checks in one transaction that updates the
 * history, the current status per (model, region), the hourly rollups and
 * (from version 7) the automatic incidents of the models it touches (with
 * the thresholds recorded in the file, docs/incidents.md) together,
 * waiting for other writers for a bounded time (about 4 s). A
 * check already recorded (same model, region, time) is counted in *n_dup
 * and changes nothing. Returns 0 after COMMIT; -2 when the database stayed
 * locked, -1 on another error, both with nothing written and err set. */
int store_record_checks(struct store *s, const struct check_in *checks,
                        size_t n, long *n_new, long *n_dup, char *err,
                        size_t errlen);

/* Counts the recorded checks of each source (CHECK_SOURCE_*) into
 * counts, with one scan of the checks. 0, or -1 with err set. */
int store_count_sources(struct store *s, int64_t counts[CHECK_SOURCE__MAX],
                        char *err, size_t errlen);

/* Deletes every demo check in one transaction, with the current statuses
 * that were demo checks (a region with other checks gets its latest one
 * back), and counts every rollup afresh from the checks left, with
 * freshness W (as store_rebuild_rollups), and the automatic incidents
 * (version 7, with the file's thresholds). Needs a version 6 file. Returns
 * the checks deleted, or -1 with err set and nothing changed. */
long store_remove_demo(struct store *s, int64_t freshness, char *err,
                       size_t errlen);

/* Deletes the checks and rollups older than the hour holding before
 * (before - before % 3600), the rollups first, then (version 9) the
 * outbox events written before it that every channel is done with (fanned
 * out, no delivery pending) with their deliveries, then the checks 10,000 per
 * transaction so that other writers get in between. current_status keeps
 * each region's latest check however old. Returns the checks deleted, or
 * -1 with err set (what was deleted stays deleted; running it again goes
 * on). */
long store_prune(struct store *s, int64_t before, char *err, size_t errlen);

/* Counts the rollups afresh from the checks in one transaction:
 * rollups_hourly, rollups_5min with each slot's statuses, and
 * samples_hourly with freshness W (seconds; recorded in aigo_meta as the W
 * of the counts). For an upgraded file, after a change of W, or to
 * repair; rollups older than the oldest check are gone afterwards. 0, or
 * -1 with err set and nothing changed. */
int store_rebuild_rollups(struct store *s, int64_t freshness, char *err,
                          size_t errlen);

/* Checkpoints the database file at path (it must exist) and closes it:
 * when no other connection has it open, SQLite then removes its -wal and
 * -shm files. For a clean stop; 0, or -1 with err set. */
int store_checkpoint(const char *path, char *err, size_t errlen);

/* The regions model_id has endpoints in, as "eastus, japaneast" ("" for
 * none), in arena a; NULL with err set on failure. */
const char *store_model_regions(struct store *s, int64_t model_id,
                                struct arena *a, char *err, size_t errlen);

/* Finds the model of slug and checks that it has an endpoint in region.
 * Returns 0 with *model_id set, STORE_NO_MODEL, STORE_NO_REGION (with
 * *model_id set), or -1 with err set. */
#define STORE_NO_MODEL 1
#define STORE_NO_REGION 2
int store_find_endpoint(struct store *s, const char *slug, const char *region,
                        int64_t *model_id, char *err, size_t errlen);

/* Makes every later COMMIT of s survive a power loss (synchronous = FULL),
 * as the ingest API promises before it answers. 0 or -1 with err set. */
int store_set_durable(struct store *s, char *err, size_t errlen);

/* The notification sender's lock, so that one sender sends at a time.
 * SQLite: always 1 (the sender's lock file beside the database does it).
 * PostgreSQL: a session advisory lock of the server, taken when free;
 * call it before every turn, since a reconnect loses it. 1: this
 * connection holds it; 0: another does; -1 with err set. */
int store_sender_lock(struct store *s, char *err, size_t errlen);

/* Transactions for multi-statement writes (catalog loading): one writer
 * at a time in both backends. 0; -2 when another writer held the
 * database too long or the backend asks for the transaction to be run
 * again (SQLite busy, PostgreSQL serialization failure); -1 otherwise;
 * err set when not 0. */
int store_begin(struct store *s, char *err, size_t errlen);
int store_commit(struct store *s, char *err, size_t errlen);
void store_rollback(struct store *s);

/* ---- a probe node's spool (aigo probe --push): its own small file ---- */

/* The checks a probe node made and the central server has not yet
 * acknowledged: a SQLite file of its own (not an AI-GO database), one row
 * per check, in the order they were added. */
struct store_spool;

/* One check in the spool: its key (model slug, region, checked_at in
 * seconds) and its ingest item as JSON text. id is set by the spool
 * (ascending in the order of adding; never reused). */
struct spool_item {
	int64_t id;
	const char *model, *region;
	int64_t checked_at;
	const char *item;
};

/* Opens the spool at path, creating the file and its schema when missing
 * (mode 600 by the umask the caller sets). Refuses a file that is another
 * SQLite database (such as an AI-GO database) or a newer spool. Every later
 * write is durable when it returns (synchronous = FULL, rollback journal).
 * Returns NULL with err set on failure; store_spool_close frees. */
struct store_spool *store_spool_open(const char *path, char *err,
                                     size_t errlen);

/* Closes sp (NULL allowed). */
void store_spool_close(struct store_spool *sp);

/* Adds items[0..n) in one transaction, committed before it returns; an
 * item whose key (model, region, checked_at) is already in the spool is
 * ignored and counted in *n_dup. Returns 0; -2 when the file stayed locked
 * (about 2 s), -1 on another error, both with nothing added and err
 * set. */
int store_spool_append(struct store_spool *sp, const struct spool_item *items,
                       size_t n, long *n_added, long *n_dup, char *err,
                       size_t errlen);

/* The oldest max items (at most), oldest first, with their strings in
 * arena memory, into *out. Returns how many, or -1 with err set. */
long store_spool_peek(struct store_spool *sp, size_t max, struct arena *a,
                      struct spool_item **out, char *err, size_t errlen);

/* Deletes the items with first_id <= id <= last_id (those acknowledged)
 * in one durable transaction. Returns how many, or -1 with err set. */
long store_spool_delete(struct store_spool *sp, int64_t first_id,
                        int64_t last_id, char *err, size_t errlen);

/* How many items the spool holds, or -1 with err set. */
long store_spool_count(struct store_spool *sp, char *err, size_t errlen);
/* ---- Automatic incidents (version 7, docs/incidents.md) ---- */

/* Records the thresholds r in the file (aigo_meta: the write path keeps
 * the incidents with them from then on) and computes every automatic
 * incident afresh from the checks alone, in one transaction; manual
 * incidents are left alone. Counts the model and provider incidents into
 * *n_model and *n_provider. 0, or -1 with err set and nothing changed
 * (also for a file older than version 7). */
int store_rebuild_incidents(struct store *s, const struct incident_rules *r,
                            long *n_model, long *n_provider, char *err,
                            size_t errlen);

/* A kept incident as listed (events not read). */
struct incident_row {
	int64_t id;
	const char *provider_slug;
	const char *model_slug; /* NULL: a provider incident */
	const char *source;     /* "auto" or "manual" */
	struct incident inc;
};

/* The newest `limit` incidents (open_only: those not resolved), newest
 * first, into arena a; none for a file older than version 7. The count,
 * or -1 with err set. */
long store_list_incidents(struct store *s, int open_only, long limit,
                          struct arena *a, struct incident_row **out, char *err,
                          size_t errlen);

/* ---- Reading incidents and maintenance (version 8) ----------------------
 * The pages, feeds and the JSON API read incidents through these. On a
 * file older than version 8 they give what it holds: no updates, no
 * titles, no maintenance. All memory is from arena a. */

/* An operator's update of an incident, as written (body unescaped). */
struct incident_update {
	int64_t id;
	int64_t at;
	enum update_state state;
	const char *body;
	const char *author; /* the admin token's name, or "cli" */
};

/* One incident as shown. inc.events holds its changes (opened …
 * resolved) when details were asked for, else none. */
struct incident_view {
	int64_t id;
	const char *provider_slug, *provider_name;
	const char *model_slug, *model_name; /* NULL: a provider incident */
	int is_manual;                       /* source 'manual' */
	const char *title;                   /* a manual one's; NULL: auto */
	struct incident inc;
	/* Details: operators' updates, oldest first; state is the last
	 * one's (UPDATE_STATE__MAX: none). */
	struct incident_update *updates;
	size_t n_updates;
	enum update_state state;
	/* Details of a provider incident: the names of the models whose own
	 * incidents overlap it, sorted; none for a model's. */
	const char **models;
	size_t n_models;
};

/* Which incidents to list. */
struct incident_filter {
	int state;            /* 0: any, 1: open, 2: resolved */
	const char *provider; /* a provider's slug: its own incidents and its
	                         models'; NULL: all */
	const char *model;    /* a model's slug; NULL: all */
	int64_t from, to;     /* in effect at some instant of [from, to);
	                         0: unbounded */
	long offset, limit;   /* a page of them; limit <= 0: all */
	int details;          /* also events, updates and models */
};

/* The incidents f selects, newest first (started_at, then id, both
 * descending), the page [offset, offset + limit) into *out (never NULL),
 * and how many f selects in all into *total. The count on the page, or -1
 * with err set. */
long store_incidents(struct store *s, const struct incident_filter *f,
                     struct arena *a, struct incident_view **out, long *total,
                     char *err, size_t errlen);

/* Incident id with its details into *out. 1, 0 when there is none, or -1
 * with err set. */
int store_incident(struct store *s, int64_t id, struct arena *a,
                   struct incident_view *out, char *err, size_t errlen);

/* What a maintenance window concerns: a model, or (model_slug NULL) a
 * whole provider. */
struct maintenance_target {
	const char *provider_slug, *provider_name;
	const char *model_slug, *model_name;
};

/* A maintenance window [starts_at, ends_at), as written. */
struct maintenance_view {
	int64_t id;
	const char *title, *note; /* note "" when none */
	int64_t starts_at, ends_at, created_at, updated_at;
	int64_t cancelled_at; /* 0: it stands */
	struct maintenance_target *targets;
	size_t n_targets;
};

/* The maintenance windows that end after from and start before to (to 0:
 * any time after from), cancelled ones only with cancelled set, by
 * start then id, into *out (never NULL). The count, or -1 with err set. */
long store_maintenances(struct store *s, int64_t from, int64_t to,
                        int cancelled, struct arena *a,
                        struct maintenance_view **out, char *err,
                        size_t errlen);

/* ---- What the providers' own status pages say (version 8) ---- */
#include "pstatus.h"

/* Sets a model's statusComponents (one name per line, "" for none), in
 * the caller's transaction. 0, or -1 with err set. */
int store_set_status_components(struct store *s, int64_t model_id,
                                const char *components, char *err,
                                size_t errlen);

/* Deletes what is kept of a provider's status API (a provider whose
 * catalog entry no longer names one), in the caller's transaction. 0, or
 * -1 with err set. */
int store_forget_provider_status(struct store *s, int64_t provider_id,
                                 char *err, size_t errlen);

/* The id of the provider named slug: 0, 1 when there is none, -1 with err
 * set. */
int store_find_provider(struct store *s, const char *slug, int64_t *id,
                        char *err, size_t errlen);

/* Records one read of a provider's status API at checked_at (UTC s), in
 * one transaction: with r, the answer replaces the provider's row, its
 * components and its unresolved incidents; without (r NULL), the attempt
 * failed: its time and error (cut at 500 bytes) are recorded and the last
 * answer read stays. Returns 0; -2 when the database is locked; -1 with
 * err set (nothing written). */
int store_record_provider_status(struct store *s, int64_t provider_id,
                                 enum pstatus_format format, int64_t checked_at,
                                 const struct pstatus_report *r,
                                 const char *error, char *err, size_t errlen);
/* ---- Writing manual incidents, updates and maintenance (version 8) -----
 * (docs/incidents.md). Each write is one transaction: all or nothing.
 * Values are checked here, before anything is written, so that the CLI
 * and the admin API refuse the same things with the same words. Besides
 * 0, -1 (the database failed: err) and -2 (busy: nothing written, try
 * again), these return: */
#define STORE_INVALID                                                          \
	-3                 /* a value is refused: *field names it (the \
                              admin API's JSON name), err says why */
#define STORE_NOT_FOUND -4 /* no such incident or window */
#define STORE_CONFLICT                                                         \
	-5 /* it does not apply to the incident or window \
                              as it is now: err says why */

/* The limits of what an operator writes (bytes of UTF-8; the schema's). */
#define INCIDENT_TITLE_MAX 200
#define UPDATE_BODY_MAX 5000
#define AUTHOR_MAX 64
#define MAINTENANCE_NOTE_MAX 5000
#define MAINTENANCE_TARGETS_MAX 100
#define MAINTENANCE_LENGTH_MAX (31 * 86400)

/* A manual incident to open with its first update. */
struct incident_open {
	const char *provider;    /* a provider's slug */
	const char *model;       /* a model of it, or NULL: the provider */
	const char *title;       /* 1..INCIDENT_TITLE_MAX */
	enum severity severity;  /* minor, major or critical */
	int64_t started_at;      /* > 0 and not after at */
	enum update_state state; /* the first update's */
	const char *body;        /* 1..UPDATE_BODY_MAX */
	const char *author;      /* 1..AUTHOR_MAX: a token's name, "cli" */
	int64_t at;              /* now: the first update's time */
};

/* Opens the manual incident o (its event "opened" at started_at; with
 * state resolved it is resolved at `at` at once). Its id into *id. */
int store_incident_open(struct store *s, const struct incident_open *o,
                        int64_t *id, const char **field, char *err,
                        size_t errlen);

/* Adds an update (state, body, author, at now) to incident id, automatic
 * or manual; its id into *update_id. On a manual incident its state is
 * the incident's: resolved resolves it (resolved_at = closed_at = at,
 * event "resolved"). On a resolved incident (either kind) only an update
 * of state resolved is taken (a follow-up, nothing else changes); any
 * other state is STORE_CONFLICT: open a new incident instead. */
int store_incident_update(struct store *s, int64_t id, enum update_state state,
                          const char *body, const char *author, int64_t at,
                          int64_t *update_id, const char **field, char *err,
                          size_t errlen);

/* Changes a manual incident's title (NULL: kept) and severity
 * (SEVERITY__MAX: kept; an event "escalated" or "de-escalated" at `at`,
 * only while it is open). An automatic incident is STORE_CONFLICT: the
 * checks say its severity. */
int store_incident_change(struct store *s, int64_t id, const char *title,
                          enum severity severity, int64_t at,
                          const char **field, char *err, size_t errlen);

/* A maintenance window written: for store_maintenance_add every field but
 * note is required; for store_maintenance_change NULL or 0 keeps a field,
 * and the targets are replaced when set_targets is. */
struct maintenance_in {
	const char *title;            /* 1..INCIDENT_TITLE_MAX */
	const char *note;             /* 0..MAINTENANCE_NOTE_MAX */
	int64_t starts_at;            /* > 0 */
	int64_t ends_at;              /* after starts_at, by at most
	                            MAINTENANCE_LENGTH_MAX */
	const char *const *providers; /* slugs of whole providers */
	size_t n_providers;
	const char *const *models; /* slugs of models */
	size_t n_models;           /* with n_providers: 1..TARGETS_MAX */
	int set_targets;
	int cancel; /* change: call it off (cancelled_at = at) */
};

/* Adds the window m by author at `at`; its id into *id. */
int store_maintenance_add(struct store *s, const struct maintenance_in *m,
                          const char *author, int64_t at, int64_t *id,
                          const char **field, char *err, size_t errlen);

/* Changes (or cancels) window id at `at`. A cancelled window is
 * STORE_CONFLICT. */
int store_maintenance_change(struct store *s, int64_t id,
                             const struct maintenance_in *m, int64_t at,
                             const char **field, char *err, size_t errlen);

/* ---- The notification outbox (version 9, docs/notifications.md) ------
 * Every change of an incident is written as one outbox event in the
 * same transaction as the change: automatic incidents by the one write
 * path (store_record_checks, rebuild excepted: a rebuild writes none),
 * manual ones by the writes above; maintenance starts and ends by
 * store_outbox_maintenance. The sender fans each event out into one
 * delivery per configured channel and records every attempt. */
#include "notify.h"

/* Up to limit events not yet fanned out, oldest first, into *out (arena
 * a, never NULL). The count, or -1 with err set. */
long store_outbox_unfanned(struct store *s, long limit, struct arena *a,
                           struct notify_event **out, char *err, size_t errlen);

/* One channel's first decision about an event. */
struct notify_fanout {
	const char *channel;
	enum delivery_state state; /* pending, or a final state that is not
	                              delivered/given_up */
	int64_t next_at;           /* pending: when to try first */
};

/* Writes event_id's deliveries rows[0..n) and marks it fanned out, in one
 * transaction (again for the same event: nothing). 0; -2 busy; -1 err. */
int store_outbox_fan_out(struct store *s, int64_t event_id,
                         const struct notify_fanout *rows, size_t n,
                         int64_t now, char *err, size_t errlen);

/* A pending delivery with its event, and what the cooldown needs. */
struct notify_delivery {
	struct notify_event ev;
	const char *channel;
	int attempts; /* failed attempts so far */
	int64_t next_at;
	int64_t last_sent_at; /* the latest delivered event of the same
	                           incident on this channel; 0 none */
	int newer;            /* a later event of the same incident is
	                           queued for this channel */
};

/* The head of channel's queue: its oldest pending delivery (by event id),
 * whatever its next_at, into *out (arena a). 1 found, 0 none, -1 err. */
int store_outbox_head(struct store *s, const char *channel, struct arena *a,
                      struct notify_delivery *out, char *err, size_t errlen);

/* Records the outcome of an attempt (or a decision) on (event_id,
 * channel) at now, with the channel's counters, in one transaction:
 * state delivered, given_up or superseded is final; pending counts a
 * failed attempt and waits until next_at. status: the HTTP status or
 * SMTP reply code (0: none); error: one line, no secret ("" none; cut at
 * 300 bytes). 0; -2 busy; -1 err. */
int store_outbox_record(struct store *s, int64_t event_id, const char *channel,
                        enum delivery_state state, int64_t next_at, int status,
                        const char *error, int64_t now, char *err,
                        size_t errlen);

/* Whether a maintenance window that is not cancelled covers the model
 * (model_id 0: the provider as a whole) at instant at: one naming the
 * model or its provider. 1 yes, 0 no, -1 err. */
int store_maintenance_covers(struct store *s, int64_t provider_id,
                             int64_t model_id, int64_t at, char *err,
                             size_t errlen);

/* Writes the maintenance.started / maintenance.ended events of the
 * windows (not cancelled) that began or ended in (since, now], once each
 * (a second call writes none). The number written, or -1/-2. */
long store_outbox_maintenance(struct store *s, int64_t since, int64_t now,
                              char *err, size_t errlen);

/* One row of `aigo notify list`. */
struct outbox_row {
	int64_t event_id, created_at, occurred_at;
	enum notify_kind kind;
	const char *subject;       /* "openai/gpt-4o #12", "maintenance #3" */
	const char *channel;       /* "" when not fanned out yet */
	enum delivery_state state; /* DELIVERY_STATE__MAX when not fanned */
	int attempts;
	int64_t next_at, done_at;
	int last_status;
	const char *last_error;
};

/* The newest limit deliveries (and events not fanned out), newest first;
 * only those not final with pending_only. The count, or -1. */
long store_outbox_list(struct store *s, int pending_only, long limit,
                       struct arena *a, struct outbox_row **out, char *err,
                       size_t errlen);

/* What /metrics shows of the outbox. */
struct outbox_channel_stats {
	const char *channel;
	int64_t delivered, failed, given_up; /* counters since the database
	                                        was made (failed: attempts) */
	int64_t pending;
};
struct outbox_stats {
	int64_t queued;    /* pending deliveries + events not fanned out */
	int64_t oldest_at; /* created_at of the oldest of those; 0 none */
	struct outbox_channel_stats *channels; /* arena a */
	size_t n_channels;
};
int store_outbox_stats(struct store *s, struct arena *a,
                       struct outbox_stats *out, char *err, size_t errlen);

/* ---- The fallback snapshot's incidents and maintenance (snapshot.h) ----
 * Held in a database in memory with the schema of the file, so that
 * store_incidents, store_incident and store_maintenances answer from it
 * with the same SQL and filters. */

/* One read transaction around several reads (the views' functions and
 * store_read_dataset join it), so that they see one state of the
 * database (PostgreSQL: REPEATABLE READ, READ ONLY): 0, or -1 with err
 * set. Calls nest: the transaction ends at the store_end_read of the
 * outermost store_begin_read, which must be called even after a failed
 * read. */
int store_begin_read(struct store *s, char *err, size_t errlen);
void store_end_read(struct store *s);

/* A new database in memory made with schema_sql (db/schema.sql), which
 * must be of STORE_SCHEMA_VERSION. NULL with err set on failure;
 * store_close frees. */
struct store *store_open_memory(const char *schema_sql, char *err,
                                size_t errlen);

/* Writes into s (store_open_memory) the providers and models of ds and
 * the incidents inc (with their events and updates) and windows m (with
 * their targets), all with their ids, in one transaction. Incidents and
 * targets name providers and models of ds by slug. 0, or -1 with err set
 * and nothing written. */
int store_fill_memory(struct store *s, const struct dataset *ds,
                      const struct incident_view *inc, size_t n_inc,
                      const struct maintenance_view *m, size_t n_m, char *err,
                      size_t errlen);

#endif
