/* pstatus.h: what a provider's own status page says (Statuspage v2's vocabulary, a report read from it) and the rule that sets it beside what we measure. */
#ifndef AIGO_PSTATUS_H
#define AIGO_PSTATUS_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

/* Bounds of one report: more components or incidents than these are not
 * kept (the first ones are); longer texts are refused by the parser. */
#define PSTATUS_COMPONENTS_MAX 500
#define PSTATUS_INCIDENTS_MAX 50
#define PSTATUS_INCIDENT_COMPONENTS_MAX 50
#define PSTATUS_NAME_MAX 200       /* a component's name, bytes */
#define PSTATUS_TEXT_MAX 500       /* descriptions, incident names, URLs */
#define PSTATUS_ID_MAX 100         /* an incident's id */
#define PSTATUS_STALE_INTERVALS 3  /* no good read for 3 intervals: stale */
#define PSTATUS_BODY_MAX (4 << 20) /* bytes of a summary read, at most */

/* The formats of a machine-readable status API (the catalog's
 * statusApi.format). */
enum pstatus_format { PSTATUS_FORMAT_STATUSPAGE_V2, PSTATUS_FORMAT__MAX };
extern const char *const pstatus_format_names[PSTATUS_FORMAT__MAX];

/* The page's indicator: "none", "minor", "major", "critical",
 * "maintenance" (Statuspage's status.indicator). */
enum pstatus_indicator {
	PSTATUS_IND_NONE,
	PSTATUS_IND_MINOR,
	PSTATUS_IND_MAJOR,
	PSTATUS_IND_CRITICAL,
	PSTATUS_IND_MAINTENANCE,
	PSTATUS_IND__MAX
};
extern const char *const pstatus_indicator_names[PSTATUS_IND__MAX];

/* A component's status, in order of gravity (maintenance is not a
 * problem): "operational", "under_maintenance", "degraded_performance",
 * "partial_outage", "major_outage". */
enum pstatus_level {
	PSTATUS_OPERATIONAL,
	PSTATUS_UNDER_MAINTENANCE,
	PSTATUS_DEGRADED_PERFORMANCE,
	PSTATUS_PARTIAL_OUTAGE,
	PSTATUS_MAJOR_OUTAGE,
	PSTATUS_LEVEL__MAX
};
extern const char *const pstatus_level_names[PSTATUS_LEVEL__MAX];

/* An incident's status: "investigating", "identified", "monitoring",
 * "resolved", "postmortem". */
enum pstatus_incident_status {
	PSTATUS_INC_INVESTIGATING,
	PSTATUS_INC_IDENTIFIED,
	PSTATUS_INC_MONITORING,
	PSTATUS_INC_RESOLVED,
	PSTATUS_INC_POSTMORTEM,
	PSTATUS_INC__MAX
};
extern const char *const pstatus_incident_status_names[PSTATUS_INC__MAX];

/* The index of s in names[0..n), or n when s (NULL allowed) is none. */
int pstatus_name_index(const char *const *names, int n, const char *s);

struct pstatus_component {
	const char *name;
	enum pstatus_level status;
};

struct pstatus_incident {
	const char *id, *name;
	enum pstatus_incident_status status;
	enum pstatus_indicator impact;
	int64_t created_at, updated_at; /* UTC seconds; 0: not said */
	const char *url;                /* its shortlink; NULL: none */
	const char **components;        /* names of the affected components */
	size_t n_components;
};

/* One answer of a provider's status API. */
struct pstatus_report {
	enum pstatus_indicator indicator;
	const char *description; /* "" when none */
	struct pstatus_component *components;
	size_t n_components;
	struct pstatus_incident *incidents; /* unresolved only */
	size_t n_incidents;
};

/* What the database holds of a provider's status API (provider_status and
 * the rows beside it). */
struct provider_said {
	int64_t checked_at; /* the last attempt */
	int64_t ok_at;      /* the last answer read; 0: never */
	const char *error;  /* why the last attempt failed; NULL: it did not */
	struct pstatus_report report; /* the last answer read (if ok_at) */
};

/* What a provider says about one model (or about itself), and whether it
 * disagrees with what we measure. */
enum pstatus_disagree {
	PSTATUS_AGREE,
	PSTATUS_WE_SEE_OUTAGE, /* we measure an outage; it says operational */
	PSTATUS_PROVIDER_REPORTS, /* it reports a problem; we measure
	                             operational */
	PSTATUS_DISAGREE__MAX
};
/* "none", "measured_outage", "provider_reports": the names in JSON. */
extern const char *const pstatus_disagree_names[PSTATUS_DISAGREE__MAX];

struct pstatus_verdict {
	int says;                 /* 0: nothing said (none, never, stale) */
	enum pstatus_level level; /* what it says (when says) */
	int incident;             /* an open incident concerns it */
	enum pstatus_disagree disagree;
};

/* The level an indicator says of the whole page: none → operational,
 * minor → degraded performance, major → partial outage, critical → major
 * outage, maintenance → under maintenance. */
enum pstatus_level pstatus_level_of_indicator(enum pstatus_indicator i);

/* The level an open incident's impact counts as for the components it
 * affects: as pstatus_level_of_indicator, except that impact "none" counts
 * as degraded performance (an open incident is a problem reported). */
enum pstatus_level pstatus_level_of_impact(enum pstatus_indicator i);

/* Whether s (NULL: none) is read recently enough to be said, at now, for
 * a status interval of interval_s seconds: a successful read in the last
 * PSTATUS_STALE_INTERVALS intervals. */
int pstatus_fresh(const struct provider_said *s, int64_t now,
                  int64_t interval_s);

/* The rule (docs/probing.md, "Provider-reported status"): what s says of
 * a model whose status components are the lines of components ("" or NULL:
 * none named), measured as status. With components named: the worst
 * status among those of them the report lists, and the impact of each
 * open incident affecting one of them; else the page's indicator. Nothing
 * is said when s is NULL or not fresh. Disagreement: we measure an outage
 * while it says operational with no incident; or it says degraded or worse
 * (or an incident concerns the model) while we measure operational. Pure. */
struct pstatus_verdict pstatus_model_says(const struct provider_said *s,
                                          const char *components,
                                          enum status measured, int64_t now,
                                          int64_t interval_s);

/* The same on the provider's level: the page's indicator (and any open
 * incident), against measured: the provider's measured status (outage
 * when one of its models is measured outage, operational when all its
 * models with a status are operational). */
struct pstatus_verdict pstatus_provider_says(const struct provider_said *s,
                                             enum status measured, int64_t now,
                                             int64_t interval_s);

/* The measured status of a provider from its models' statuses (counts
 * by status): outage when one is measured outage, operational when all
 * that have a status are operational (and one has), else degraded, or
 * unknown when none has a status. */
enum status pstatus_provider_measured(const int by_status[STATUS__MAX]);

/* Whether an open incident concerns a model whose status components are
 * the lines of components: it affects one of them, or the model names
 * none (the page's indicator speaks for it). */
int pstatus_incident_concerns(const struct pstatus_incident *in,
                              const char *components);

/* Whether the line list components ("a\nb") holds name. */
int pstatus_lines_have(const char *components, const char *name);

#endif
