/* incidents.h: the rules of automatic incidents (DESIGN 8): a model's status over time from its checks, its incidents with their severity changes, and a provider's incidents from its models'. */
#ifndef AIGO_INCIDENTS_H
#define AIGO_INCIDENTS_H

#include "model.h"
#include "arena.h"

/* The thresholds, in seconds (provider_share in percent). */
struct incident_rules {
	int64_t open_after;     /* bad this long (at least) opens */
	int64_t close_after;    /* operational this long closes */
	int64_t freshness;      /* W of DESIGN 3 */
	int64_t provider_share; /* % of a provider's active models at once */
};

/* How bad a model is at an instant: SEVERITY_NONE is operational. */
enum severity {
	SEVERITY_NONE,
	SEVERITY_MINOR,
	SEVERITY_MAJOR,
	SEVERITY_CRITICAL,
	SEVERITY__MAX
};
/* "none", "minor", "major", "critical": the names in SQL and JSON. */
extern const char *const severity_names[SEVERITY__MAX];
/* The severity named s, or SEVERITY__MAX when s (NULL allowed) names
 * none. */
enum severity severity_from_name(const char *s);

enum incident_event_kind {
	INCIDENT_OPENED,
	INCIDENT_ESCALATED,
	INCIDENT_DEESCALATED,
	INCIDENT_RESOLVED,
	INCIDENT_EVENT__MAX
};
/* "opened", "escalated", "de-escalated", "resolved". */
extern const char *const incident_event_names[INCIDENT_EVENT__MAX];
enum incident_event_kind incident_event_from_name(const char *s);

/* The state an operator's update gives an incident (Statuspage's). */
enum update_state {
	UPDATE_INVESTIGATING,
	UPDATE_IDENTIFIED,
	UPDATE_MONITORING,
	UPDATE_RESOLVED,
	UPDATE_STATE__MAX
};
/* "investigating", "identified", "monitoring", "resolved": the names in
 * SQL and JSON. */
extern const char *const update_state_names[UPDATE_STATE__MAX];
/* The state named s, or UPDATE_STATE__MAX when s (NULL allowed) names
 * none. */
enum update_state update_state_from_name(const char *s);

/* A change of an incident: at the instant `at`, its severity became
 * `severity` (for resolved: the last one). */
struct incident_event {
	int64_t at;
	enum incident_event_kind kind;
	enum severity severity;
};

/* One automatic incident. Times are UTC seconds. */
struct incident {
	int64_t started_at;  /* the first instant of its condition */
	int64_t opened_at;   /* when the rule confirmed it (started_at +
	                        open_after for a model) */
	int64_t resolved_at; /* the first instant of the recovery that
	                        closed it; 0: still open */
	int64_t closed_at;   /* when the rule confirmed the recovery; 0: open */
	enum severity severity, peak;  /* the last one, the highest one */
	const char *regions;           /* "eastus,global": sorted, "" none */
	const char *error_kinds;       /* "http_5xx,timeout": sorted, "" none */
	struct incident_event *events; /* opened, changes, resolved */
	size_t n_events;
	size_t model; /* provider incidents: unused; for the caller */
};

/* A run of instants [from, to) over which a model's status is one: its
 * severity, or unknown (no fresh region). */
struct status_segment {
	int64_t from, to;
	enum severity severity;
	int unknown;
};

/* The severity of one instant from its fresh regions by status (c: all
 * fresh regions, none: unknown, returned as SEVERITY__MAX): all
 * operational -> none; any outage -> major, every one outage ->
 * critical; else (degraded, no outage) minor. */
enum severity severity_of_counts(const struct counts *c);

/* The model's status over [from, to) from its checks rows (sorted by
 * region, then time; they must hold every check younger than W at from),
 * as maximal segments (a neighbour always differs), in arena a (*out is
 * never NULL, also for none). Returns
 * the count (0 when from >= to). */
size_t incident_segments(const struct check_row *rows, size_t n_rows,
                         int64_t freshness, int64_t from, int64_t to,
                         struct arena *a, struct status_segment **out);

/* Where the rules can start afresh at or before e, given the segments
 * seg (from some instant lo on) and that no incident is in effect at e:
 * the start of the bad run in progress just before e, or e when the
 * status just before e is not bad. INT64_MIN when that run reaches back
 * to seg[0] (start from the beginning instead). */
int64_t incident_restart_at(const struct status_segment *seg, size_t n,
                            int64_t e);

/* The first instant t in [t_min, t_max) where the rules are at rest
 * given the segments seg and the incidents inc computed from them: the
 * status just before t is not bad and no incident is in effect at t
 * (started at or before t, closed after it or open). Candidates are
 * t_min, the segments' starts and the incidents' closes. INT64_MIN when
 * there is none. */
int64_t incident_settle_at(const struct status_segment *seg, size_t n_seg,
                           const struct incident *inc, size_t n_inc,
                           int64_t t_min, int64_t t_max);

/* The incidents of one model from its segments seg (as
 * incident_segments, from a restart point: nothing bad just before
 * seg[0].from and no incident in effect there), whose last one ends at
 * the horizon (the model's newest check). rows are the checks the
 * segments came from: the regions and error kinds of an incident are
 * those of its bad checks in [started_at, resolved_at or horizon].
 * Incidents in arena a, in time order (*out never NULL, also for none);
 * returns the count. */
size_t incidents_of_model(const struct incident_rules *r,
                          const struct status_segment *seg, size_t n_seg,
                          const struct check_row *rows, size_t n_rows,
                          struct arena *a, struct incident **out);

/* A provider's incidents from the incidents of its n_active active
 * models (inc, any order): in effect while at least
 * max(2, ceil(provider_share% * n_active)) of them are in an incident
 * ([started_at, resolved_at), open ones without end); severity the
 * highest of theirs at each instant; regions and error kinds the union
 * of the model incidents that overlap it. Incidents in arena a, in time
 * order; returns the count. */
size_t incidents_of_provider(const struct incident_rules *r,
                             const struct incident *inc, size_t n,
                             size_t n_active, struct arena *a,
                             struct incident **out);

#endif
