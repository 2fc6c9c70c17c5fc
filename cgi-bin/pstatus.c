/* pstatus.c: what a provider's own status page says: Statuspage v2's vocabulary and the rule that sets it beside what we measure, pure. */
#include "pstatus.h"

#include <string.h>

const char *const pstatus_format_names[PSTATUS_FORMAT__MAX] = {
    [PSTATUS_FORMAT_STATUSPAGE_V2] = "statuspage_v2",
};

const char *const pstatus_indicator_names[PSTATUS_IND__MAX] = {
    [PSTATUS_IND_NONE] = "none",
    [PSTATUS_IND_MINOR] = "minor",
    [PSTATUS_IND_MAJOR] = "major",
    [PSTATUS_IND_CRITICAL] = "critical",
    [PSTATUS_IND_MAINTENANCE] = "maintenance",
};

const char *const pstatus_level_names[PSTATUS_LEVEL__MAX] = {
    [PSTATUS_OPERATIONAL] = "operational",
    [PSTATUS_UNDER_MAINTENANCE] = "under_maintenance",
    [PSTATUS_DEGRADED_PERFORMANCE] = "degraded_performance",
    [PSTATUS_PARTIAL_OUTAGE] = "partial_outage",
    [PSTATUS_MAJOR_OUTAGE] = "major_outage",
};

const char *const pstatus_incident_status_names[PSTATUS_INC__MAX] = {
    [PSTATUS_INC_INVESTIGATING] = "investigating",
    [PSTATUS_INC_IDENTIFIED] = "identified",
    [PSTATUS_INC_MONITORING] = "monitoring",
    [PSTATUS_INC_RESOLVED] = "resolved",
    [PSTATUS_INC_POSTMORTEM] = "postmortem",
};

const char *const pstatus_disagree_names[PSTATUS_DISAGREE__MAX] = {
    [PSTATUS_AGREE] = "none",
    [PSTATUS_WE_SEE_OUTAGE] = "measured_outage",
    [PSTATUS_PROVIDER_REPORTS] = "provider_reports",
};

int
pstatus_name_index(const char *const *names, int n, const char *s)
{
	int i = 0;

	if (s == NULL)
		return n;
	while (i < n && strcmp(names[i], s) != 0)
		i++;
	return i;
}

enum pstatus_level
pstatus_level_of_indicator(enum pstatus_indicator i)
{
	switch (i) {
	case PSTATUS_IND_MINOR:
		return PSTATUS_DEGRADED_PERFORMANCE;
	case PSTATUS_IND_MAJOR:
		return PSTATUS_PARTIAL_OUTAGE;
	case PSTATUS_IND_CRITICAL:
		return PSTATUS_MAJOR_OUTAGE;
	case PSTATUS_IND_MAINTENANCE:
		return PSTATUS_UNDER_MAINTENANCE;
	default:
		return PSTATUS_OPERATIONAL;
	}
}

enum pstatus_level
pstatus_level_of_impact(enum pstatus_indicator i)
{
	return i == PSTATUS_IND_NONE ? PSTATUS_DEGRADED_PERFORMANCE
	                             : pstatus_level_of_indicator(i);
}

int
pstatus_fresh(const struct provider_said *s, int64_t now, int64_t interval_s)
{
	if (s == NULL || s->ok_at <= 0)
		return 0;
	return now - s->ok_at <= PSTATUS_STALE_INTERVALS * interval_s;
}

int
pstatus_lines_have(const char *components, const char *name)
{
	size_t n = strlen(name);
	const char *p = components;

	if (p == NULL || n == 0)
		return 0;
	while (*p != '\0') {
		size_t len = strcspn(p, "\n");

		if (len == n && memcmp(p, name, n) == 0)
			return 1;
		p += len + (p[len] == '\n');
	}
	return 0;
}

/* Whether an incident affects one of the lines of components. */
static int
incident_touches(const struct pstatus_incident *in, const char *components)
{
	for (size_t k = 0; k < in->n_components; k++)
		if (pstatus_lines_have(components, in->components[k]))
			return 1;
	return 0;
}

/* The disagreement of a verdict with what we measure. */
static enum pstatus_disagree
disagreement(const struct pstatus_verdict *v, enum status measured)
{
	if (!v->says)
		return PSTATUS_AGREE;
	if (measured == STATUS_OUTAGE && v->level == PSTATUS_OPERATIONAL &&
	    !v->incident)
		return PSTATUS_WE_SEE_OUTAGE;
	if (measured == STATUS_OPERATIONAL &&
	    (v->level >= PSTATUS_DEGRADED_PERFORMANCE || v->incident))
		return PSTATUS_PROVIDER_REPORTS;
	return PSTATUS_AGREE;
}

struct pstatus_verdict
pstatus_model_says(const struct provider_said *s, const char *components,
                   enum status measured, int64_t now, int64_t interval_s)
{
	struct pstatus_verdict v = {0, PSTATUS_OPERATIONAL, 0, PSTATUS_AGREE};
	const struct pstatus_report *r;

	if (!pstatus_fresh(s, now, interval_s))
		return v;
	r = &s->report;
	v.says = 1;
	if (components == NULL || *components == '\0')
		return pstatus_provider_says(s, measured, now, interval_s);
	for (size_t i = 0; i < r->n_components; i++)
		if (pstatus_lines_have(components, r->components[i].name) &&
		    r->components[i].status > v.level)
			v.level = r->components[i].status;
	for (size_t i = 0; i < r->n_incidents; i++) {
		const struct pstatus_incident *in = &r->incidents[i];
		enum pstatus_level l;

		if (in->status == PSTATUS_INC_RESOLVED ||
		    in->status == PSTATUS_INC_POSTMORTEM ||
		    !incident_touches(in, components))
			continue;
		if (in->impact != PSTATUS_IND_MAINTENANCE)
			v.incident = 1;
		l = pstatus_level_of_impact(in->impact);
		if (l > v.level)
			v.level = l;
	}
	v.disagree = disagreement(&v, measured);
	return v;
}

struct pstatus_verdict
pstatus_provider_says(const struct provider_said *s, enum status measured,
                      int64_t now, int64_t interval_s)
{
	struct pstatus_verdict v = {0, PSTATUS_OPERATIONAL, 0, PSTATUS_AGREE};
	const struct pstatus_report *r;

	if (!pstatus_fresh(s, now, interval_s))
		return v;
	r = &s->report;
	v.says = 1;
	v.level = pstatus_level_of_indicator(r->indicator);
	for (size_t i = 0; i < r->n_incidents; i++)
		if (r->incidents[i].status != PSTATUS_INC_RESOLVED &&
		    r->incidents[i].status != PSTATUS_INC_POSTMORTEM &&
		    r->incidents[i].impact != PSTATUS_IND_MAINTENANCE)
			v.incident = 1;
	v.disagree = disagreement(&v, measured);
	return v;
}

enum status
pstatus_provider_measured(const int by_status[STATUS__MAX])
{
	if (by_status[STATUS_OUTAGE] > 0)
		return STATUS_OUTAGE;
	if (by_status[STATUS_DEGRADED] > 0)
		return STATUS_DEGRADED;
	return by_status[STATUS_OPERATIONAL] > 0 ? STATUS_OPERATIONAL
	                                         : STATUS_UNKNOWN;
}

int
pstatus_incident_concerns(const struct pstatus_incident *in,
                          const char *components)
{
	if (in->status == PSTATUS_INC_RESOLVED ||
	    in->status == PSTATUS_INC_POSTMORTEM)
		return 0;
	if (components == NULL || *components == '\0')
		return 1;
	return incident_touches(in, components);
}
