/* model.h: the plain data every view is computed from: providers, models, latest checks, history counts. */
#ifndef AIGO_MODEL_H
#define AIGO_MODEL_H

#include <stddef.h>
#include <stdint.h>

enum status {
	STATUS_OPERATIONAL,
	STATUS_DEGRADED,
	STATUS_OUTAGE,
	STATUS_UNKNOWN,
	STATUS__MAX
};

/* "operational", "degraded", "outage", "unknown": the names in SQL and JSON. */
extern const char *const status_names[STATUS__MAX];
/* Returns the status named s, or STATUS__MAX when s names none. */
enum status status_from_name(const char *s);

/* The kind of probe that made a check (DESIGN 7): whether it proves that
 * the API answers (reachability) or that the model does (inference,
 * stream). */
enum probe_kind {
	PROBE_KIND_REACHABILITY,
	PROBE_KIND_INFERENCE,
	PROBE_KIND_STREAM,
	PROBE_KIND__MAX /* none said */
};

/* "reachability", "inference", "stream": the names in SQL and JSON. */
extern const char *const probe_kind_names[PROBE_KIND__MAX];
/* Returns the kind named s, or PROBE_KIND__MAX when s (NULL allowed)
 * names none. */
enum probe_kind probe_kind_from_name(const char *s);

/* Why a failed or degraded check failed (DESIGN 7): exactly one. */
enum error_kind {
	ERROR_KIND_TIMEOUT,
	ERROR_KIND_DNS,
	ERROR_KIND_CONNECT,
	ERROR_KIND_TLS,
	ERROR_KIND_AUTH,
	ERROR_KIND_RATE_LIMITED,
	ERROR_KIND_OVERLOADED,
	ERROR_KIND_HTTP_4XX,
	ERROR_KIND_HTTP_5XX,
	ERROR_KIND_UNEXPECTED_STATUS,
	ERROR_KIND_EMPTY,
	ERROR_KIND_MALFORMED,
	ERROR_KIND__MAX /* none */
};

/* "timeout", "dns", …, "malformed": the names in SQL and JSON. */
extern const char *const error_kind_names[ERROR_KIND__MAX];
/* Returns the kind named s, or ERROR_KIND__MAX when s (NULL allowed)
 * names none. */
enum error_kind error_kind_from_name(const char *s);

/* Where a recorded check came from. */
enum check_source {
	CHECK_SOURCE_PROBE,
	CHECK_SOURCE_INGEST,
	CHECK_SOURCE_IMPORT,
	CHECK_SOURCE_DEMO,
	CHECK_SOURCE__MAX
};

/* "probe", "ingest", "import", "demo": the names in SQL. */
extern const char *const check_source_names[CHECK_SOURCE__MAX];

enum range { RANGE_1H, RANGE_24H, RANGE_7D, RANGE_30D, RANGE__MAX };

/* A history range: its name ("24h"), bucket count and bucket width. */
struct range_def {
	const char *name;
	int buckets;
	int64_t bucket_secs;
};
extern const struct range_def ranges[RANGE__MAX];

enum data_source { SOURCE_DATABASE, SOURCE_FALLBACK, SOURCE_NONE, SOURCE__MAX };
extern const char *const data_source_names[SOURCE__MAX];

struct provider_said; /* pstatus.h */

struct provider {
	int64_t id;
	const char *slug;
	const char *name;
	const char *website;
	const char *status_page;
	/* What its own status API said last (provider_status); NULL when it
	 * was never read or the data came from the snapshot. */
	const struct provider_said *said;
};

struct model {
	int64_t id;
	size_t provider; /* index into dataset.providers */
	const char *slug;
	const char *name;
	const char *modalities; /* comma-separated */
	int64_t context_window; /* 0 when unknown */
	int is_active;
	/* The catalog's statusComponents: the provider's status page
	 * components that concern it, one per line; NULL or "" for none. */
	const char *status_components;
};

/* The latest check of one (model, region); has_check is 0 for an endpoint
 * that was never checked. */
struct region_latest {
	size_t model; /* index into dataset.models */
	const char *region;
	int has_check;
	int64_t checked_at;
	enum status status;
	int64_t latency_ms;         /* -1 when none */
	int64_t http_status;        /* 0 when none */
	enum probe_kind probe_kind; /* PROBE_KIND__MAX: not said */
	enum error_kind error_kind; /* ERROR_KIND__MAX: none */
};

/* One recorded check of a model, as read back. */
struct check_row {
	const char *region;
	int64_t checked_at;
	enum status status;
	int64_t latency_ms;         /* -1: none */
	int64_t http_status;        /* 0: none */
	const char *error;          /* NULL: none */
	enum probe_kind probe_kind; /* PROBE_KIND__MAX: not said */
	enum error_kind error_kind; /* ERROR_KIND__MAX: none */
	/* The phases of the request, in ms; -1: not measured. */
	int64_t dns_ms, connect_ms, tls_ms, first_byte_ms, ttft_ms;
};

/* Clears what a version 6 check adds: no probe kind, no error kind, no
 * timing measured. */
void check_row_clear_probe(struct check_row *c);

/* qsort order of dataset.latest: by model index, then region. */
int region_latest_cmp(const void *a, const void *b);

/* Check counts by status (operational, degraded, outage). */
struct counts {
	int64_t n[3];
};

/* Sample instants by status, unknown included (DESIGN 3, history
 * buckets). */
struct samples {
	int64_t n[STATUS__MAX];
};

/* The buckets of one range: n_buckets of bucket_secs from first_bucket.
 * Per model per bucket, at [model * n_buckets + bucket]: counts, the
 * checks in [start, end) and at or before now; samples, the bucket's
 * sample instants by the model's status at each. n_instants: per bucket,
 * its sample instants (the 5-minute boundaries in (start, end] at or
 * before now, in the last bucket also now, none before the first check of
 * the data: 0 is "no data yet"). */
struct history {
	int n_buckets;
	int64_t bucket_secs;
	int64_t first_bucket;
	struct counts *counts;
	struct samples *samples;
	int64_t *n_instants;
};

/* How many checks a model's "recent checks" are (DESIGN 3). */
#define RECENT_CHECKS 50

/* The rolling availability windows (DESIGN 3): (now - w, now]. */
enum window { WINDOW_24H, WINDOW_7D, WINDOW_30D, WINDOW__MAX };
extern const int64_t window_secs[WINDOW__MAX];
extern const char *const window_names[WINDOW__MAX]; /* "24h", "7d", "30d" */

/* A mask of what to read besides the 24 h window: histories by range and
 * windows (WINDOW_24H is always read). */
#define RANGE_BIT(r) (1u << (r))
#define RANGES_ALL (RANGE_BIT(RANGE__MAX) - 1)
#define WINDOW_BIT(w) (1u << (8 + (w)))
#define WINDOWS_ALL (WINDOW_BIT(WINDOW__MAX) - WINDOW_BIT(0))

/* Everything read for one response, from the database or the snapshot.
 * Arrays are owned by the request's arena. */
struct dataset {
	int64_t now; /* the reference time: the clock, or the snapshot's time */
	enum data_source source;
	int64_t snapshot_at; /* fallback only */
	int is_demo;
	/* Which read of the database this is (source_load counts them); 0
	 * when the data came from elsewhere. Answers made from it may be
	 * reused while the database still holds this generation. */
	uint64_t generation;

	struct provider *providers;
	size_t n_providers;
	struct model *models; /* sorted by provider name, then model name */
	size_t n_models;
	struct region_latest *latest; /* grouped by model, in model order */
	size_t n_latest;

	/* Per window, per model: counts of the checks in (now - w, now];
	 * NULL for a window not read (WINDOW_24H is always read). */
	struct counts *window[WINDOW__MAX];

	/* The histories read, by range (counts NULL when not read). */
	struct history hist[RANGE__MAX];
};

#endif
