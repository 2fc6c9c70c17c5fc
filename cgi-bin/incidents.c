/* incidents.c: the rules of automatic incidents (DESIGN 8): a model's status over time from its checks, its incidents with their severity changes, and a provider's incidents from its models'. */
#include "incidents.h"

#include <stdlib.h>
#include <string.h>

const char *const severity_names[SEVERITY__MAX] = {"none", "minor", "major",
                                                   "critical"};

const char *const incident_event_names[INCIDENT_EVENT__MAX] = {
    "opened", "escalated", "de-escalated", "resolved"};

const char *const update_state_names[UPDATE_STATE__MAX] = {
    "investigating", "identified", "monitoring", "resolved"};

enum update_state
update_state_from_name(const char *s)
{
	for (int i = 0; s != NULL && i < UPDATE_STATE__MAX; i++)
		if (strcmp(s, update_state_names[i]) == 0)
			return (enum update_state)i;
	return UPDATE_STATE__MAX;
}

enum severity
severity_from_name(const char *s)
{
	for (int i = 0; s != NULL && i < SEVERITY__MAX; i++)
		if (strcmp(s, severity_names[i]) == 0)
			return (enum severity)i;
	return SEVERITY__MAX;
}

enum incident_event_kind
incident_event_from_name(const char *s)
{
	for (int i = 0; s != NULL && i < INCIDENT_EVENT__MAX; i++)
		if (strcmp(s, incident_event_names[i]) == 0)
			return (enum incident_event_kind)i;
	return INCIDENT_EVENT__MAX;
}

enum severity
severity_of_counts(const struct counts *c)
{
	int64_t all = c->n[STATUS_OPERATIONAL] + c->n[STATUS_DEGRADED] +
	              c->n[STATUS_OUTAGE];

	if (all == 0)
		return SEVERITY__MAX;
	if (c->n[STATUS_OPERATIONAL] == all)
		return SEVERITY_NONE;
	if (c->n[STATUS_OUTAGE] == all)
		return SEVERITY_CRITICAL;
	if (c->n[STATUS_OUTAGE] > 0)
		return SEVERITY_MAJOR;
	return SEVERITY_MINOR;
}

/* A region's check starting or ending its reign at t. */
struct reign_edge {
	int64_t t;
	int delta;
	enum status status;
};

static int
edge_order(const void *x, const void *y)
{
	const struct reign_edge *a = x, *b = y;

	return (a->t > b->t) - (a->t < b->t);
}

size_t
incident_segments(const struct check_row *rows, size_t n_rows,
                  int64_t freshness, int64_t from, int64_t to, struct arena *a,
                  struct status_segment **out)
{
	struct reign_edge *e = arena_alloc(a, (2 * n_rows + 1) * sizeof(*e));
	struct status_segment *seg;
	struct counts c = {{0, 0, 0}};
	size_t ne = 0, ns = 0, cap = 16, k = 0;
	int64_t t = from;

	*out = arena_alloc(a, sizeof(**out)); /* empty, never NULL */
	if (from >= to)
		return 0;
	/* A check reigns from its time until its region's next check or W
	 * after it (fresh while younger than W), whichever comes first. */
	for (size_t i = 0; i < n_rows; i++) {
		int64_t s = rows[i].checked_at, u = s + freshness;

		if (rows[i].status >= STATUS_UNKNOWN)
			continue;
		if (i + 1 < n_rows &&
		    strcmp(rows[i + 1].region, rows[i].region) == 0 &&
		    rows[i + 1].checked_at < u)
			u = rows[i + 1].checked_at;
		if (s < from)
			s = from;
		if (u > to)
			u = to;
		if (s >= u)
			continue;
		e[ne++] = (struct reign_edge){s, 1, rows[i].status};
		e[ne++] = (struct reign_edge){u, -1, rows[i].status};
	}
	qsort(e, ne, sizeof(*e), edge_order);
	seg = arena_alloc(a, cap * sizeof(*seg));
	while (t < to) {
		int64_t next;
		enum severity sev;

		for (; k < ne && e[k].t <= t; k++)
			c.n[e[k].status] += e[k].delta;
		next = k < ne && e[k].t < to ? e[k].t : to;
		sev = severity_of_counts(&c);
		if (ns > 0 && seg[ns - 1].unknown == (sev == SEVERITY__MAX) &&
		    (sev == SEVERITY__MAX || seg[ns - 1].severity == sev)) {
			seg[ns - 1].to = next;
		} else {
			seg = arena_grow(a, seg, ns, &cap, sizeof(*seg));
			seg[ns++] = (struct status_segment){
			    t, next, sev == SEVERITY__MAX ? SEVERITY_NONE : sev,
			    sev == SEVERITY__MAX};
		}
		t = next;
	}
	*out = seg;
	return ns;
}

static int
is_bad(const struct status_segment *s)
{
	return !s->unknown && s->severity > SEVERITY_NONE;
}

int64_t
incident_restart_at(const struct status_segment *seg, size_t n, int64_t e)
{
	size_t j = n;

	/* The segment holding the instant just before e. */
	while (j > 0 && seg[j - 1].from >= e)
		j--;
	if (j == 0 || !is_bad(&seg[j - 1]))
		return e;
	j--;
	while (j > 0 && is_bad(&seg[j - 1]))
		j--;
	return j == 0 ? INT64_MIN : seg[j].from;
}

/* Whether t is a point of rest: see incident_settle_at. */
static int
at_rest(const struct status_segment *seg, size_t n_seg,
        const struct incident *inc, size_t n_inc, int64_t t)
{
	size_t lo = 0, hi = n_seg;

	/* The segment holding the instant t - 1 (they are in order). */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (seg[mid].from <= t - 1)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || seg[lo - 1].to <= t - 1 || is_bad(&seg[lo - 1]))
		return 0;
	for (size_t i = 0; i < n_inc; i++)
		if (inc[i].started_at <= t &&
		    (inc[i].closed_at == 0 || inc[i].closed_at > t))
			return 0;
	return 1;
}

int64_t
incident_settle_at(const struct status_segment *seg, size_t n_seg,
                   const struct incident *inc, size_t n_inc, int64_t t_min,
                   int64_t t_max)
{
	size_t j = 0, i = 0;

	if (t_min < t_max && at_rest(seg, n_seg, inc, n_inc, t_min))
		return t_min;
	/* The segments' starts and the closes, each in time order. */
	for (;;) {
		int64_t t;

		while (j < n_seg && seg[j].from <= t_min)
			j++;
		while (i < n_inc && inc[i].closed_at <= t_min)
			i++;
		if (j < n_seg &&
		    (i == n_inc || seg[j].from <= inc[i].closed_at))
			t = seg[j++].from;
		else if (i < n_inc)
			t = inc[i++].closed_at;
		else
			return INT64_MIN;
		if (t >= t_max)
			return INT64_MIN;
		if (at_rest(seg, n_seg, inc, n_inc, t))
			return t;
	}
}

/* Events of an incident under construction. */
struct event_vec {
	struct incident_event *v;
	size_t n, cap;
	struct arena *a;
};

static void
event_push(struct event_vec *ev, int64_t at, enum incident_event_kind kind,
           enum severity sev)
{
	ev->v = arena_grow(ev->a, ev->v, ev->n, &ev->cap, sizeof(*ev->v));
	ev->v[ev->n++] = (struct incident_event){at, kind, sev};
}

/* The incident's severity becomes sev at `at`: an event when it changes. */
static void
severity_to(struct incident *inc, struct event_vec *ev, int64_t at,
            enum severity sev)
{
	if (ev->n == 0)
		event_push(ev, at, INCIDENT_OPENED, sev);
	else if (sev != inc->severity)
		event_push(ev, at,
		           sev > inc->severity ? INCIDENT_ESCALATED
		                               : INCIDENT_DEESCALATED,
		           sev);
	inc->severity = sev;
	if (sev > inc->peak)
		inc->peak = sev;
}

static int
str_order(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The n names (duplicates allowed) sorted, without repeats, joined by
 * ","; "" for none. */
static const char *
join_sorted(const char **names, size_t n, struct arena *a)
{
	struct buf b = {0};
	const char *out;

	qsort(names, n, sizeof(*names), str_order);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(names[i], names[i - 1]) != 0) {
			if (b.len > 0)
				buf_puts(&b, ",");
			buf_puts(&b, names[i]);
		}
	out = arena_strdup(a, b.len > 0 ? b.data : "");
	buf_free(&b);
	return out;
}

/* Fills the regions and error kinds of inc from its bad checks. */
static void
incident_sources(struct incident *inc, const struct check_row *rows,
                 size_t n_rows, struct arena *a)
{
	const char **regions = arena_alloc(a, (n_rows + 1) * sizeof(char *));
	const char *kinds[ERROR_KIND__MAX] = {0};
	size_t nr = 0, nk = 0;
	int seen[ERROR_KIND__MAX] = {0};

	for (size_t i = 0; i < n_rows; i++) {
		const struct check_row *c = &rows[i];

		if (c->status != STATUS_DEGRADED && c->status != STATUS_OUTAGE)
			continue;
		if (c->checked_at < inc->started_at ||
		    (inc->resolved_at != 0 &&
		     c->checked_at >= inc->resolved_at))
			continue;
		regions[nr++] = c->region;
		if (c->error_kind < ERROR_KIND__MAX && !seen[c->error_kind]) {
			seen[c->error_kind] = 1;
			kinds[nk++] = error_kind_names[c->error_kind];
		}
	}
	inc->regions = join_sorted(regions, nr, a);
	inc->error_kinds = join_sorted(kinds, nk, a);
}

size_t
incidents_of_model(const struct incident_rules *r,
                   const struct status_segment *seg, size_t n_seg,
                   const struct check_row *rows, size_t n_rows, struct arena *a,
                   struct incident **out)
{
	struct incident *v = NULL, *inc = NULL;
	struct event_vec ev = {0};
	size_t n = 0, cap = 0, cand_seg = 0;
	int have_cand = 0, have_rec = 0, have_op = 0, have_unk = 0;
	int64_t cand = 0, rec = 0, op_from = 0, unk_from = 0;

	*out = arena_alloc(a, sizeof(**out)); /* empty, never NULL */
	ev.a = a;
	for (size_t i = 0; i < n_seg; i++) {
		const struct status_segment *s = &seg[i];

		if (inc == NULL) {
			if (!is_bad(s)) {
				have_cand = 0;
				continue;
			}
			if (!have_cand) {
				have_cand = 1;
				cand = s->from;
				cand_seg = i;
			}
			if (s->to - cand < r->open_after)
				continue;
			/* Bad long enough: the incident starts with its
			 * condition, with the run's severities so far. */
			v = arena_grow(a, v, n, &cap, sizeof(*v));
			inc = &v[n++];
			memset(inc, 0, sizeof(*inc));
			inc->started_at = cand;
			inc->opened_at = cand + r->open_after;
			ev = (struct event_vec){NULL, 0, 0, a};
			for (size_t j = cand_seg; j < i; j++)
				severity_to(inc, &ev, seg[j].from,
				            seg[j].severity);
			have_cand = have_rec = have_op = have_unk = 0;
		}
		if (is_bad(s)) {
			severity_to(inc, &ev, s->from, s->severity);
			have_rec = have_op = have_unk = 0;
			continue;
		}
		/* Not bad: a recovery, confirmed by close_after of
		 * operational, or ended by close_after of unknown. */
		if (!have_rec) {
			have_rec = 1;
			rec = s->from;
		}
		if (s->unknown) {
			have_op = 0;
			if (!have_unk) {
				have_unk = 1;
				unk_from = s->from;
			}
		} else {
			have_unk = 0;
			if (!have_op) {
				have_op = 1;
				op_from = s->from;
			}
		}
		if ((have_op && s->to - op_from >= r->close_after) ||
		    (have_unk && s->to - unk_from >= r->close_after)) {
			inc->resolved_at = rec;
			inc->closed_at =
			    (have_op ? op_from : unk_from) + r->close_after;
			event_push(&ev, rec, INCIDENT_RESOLVED, inc->severity);
			inc->events = ev.v;
			inc->n_events = ev.n;
			inc = NULL;
			have_cand = 0;
		}
	}
	if (inc != NULL) {
		inc->events = ev.v;
		inc->n_events = ev.n;
	}
	for (size_t i = 0; i < n; i++)
		incident_sources(&v[i], rows, n_rows, a);
	if (v != NULL)
		*out = v;
	return n;
}

/* A change in the set of model incidents in effect, at t. */
struct provider_point {
	int64_t t;
	size_t inc;
	int kind; /* 0: severity change, 1: start, -1: end */
	enum severity severity;
};

static int
point_order(const void *x, const void *y)
{
	const struct provider_point *a = x, *b = y;

	return (a->t > b->t) - (a->t < b->t);
}

/* Appends the comma list s split into arena strings to names. */
static size_t
split_into(const char *s, const char **names, size_t n, struct arena *a)
{
	while (s != NULL && *s != '\0') {
		size_t len = strcspn(s, ",");

		names[n++] = arena_strndup(a, s, len);
		s += len + (s[len] == ',');
	}
	return n;
}

static size_t
count_items(const char *s)
{
	size_t n = 0;

	for (; s != NULL && *s != '\0'; s++)
		n += *s == ',';
	return s == NULL ? 0 : n + 1;
}

/* The union of the regions and error kinds of the model incidents that
 * overlap p. */
static void
provider_sources(struct incident *p, const struct incident *inc, size_t n,
                 struct arena *a)
{
	size_t nr = 0, nk = 0, cr = 0, ck = 0;
	const char **r, **k;

	for (size_t i = 0; i < n; i++) {
		cr += count_items(inc[i].regions) + 1;
		ck += count_items(inc[i].error_kinds) + 1;
	}
	r = arena_alloc(a, (cr + 1) * sizeof(*r));
	k = arena_alloc(a, (ck + 1) * sizeof(*k));
	for (size_t i = 0; i < n; i++) {
		const struct incident *m = &inc[i];

		if ((p->resolved_at != 0 && m->started_at >= p->resolved_at) ||
		    (m->resolved_at != 0 && m->resolved_at <= p->started_at))
			continue;
		nr = split_into(m->regions, r, nr, a);
		nk = split_into(m->error_kinds, k, nk, a);
	}
	p->regions = join_sorted(r, nr, a);
	p->error_kinds = join_sorted(k, nk, a);
}

size_t
incidents_of_provider(const struct incident_rules *r,
                      const struct incident *inc, size_t n, size_t n_active,
                      struct arena *a, struct incident **out)
{
	struct provider_point *pt;
	enum severity *cur = arena_alloc(a, (n + 1) * sizeof(*cur));
	size_t np = 0, nv = 0, cap = 0, active = 0, need;
	size_t by_sev[SEVERITY__MAX] = {0};
	struct incident *v = NULL, *p = NULL;
	struct event_vec ev = {0};

	*out = arena_alloc(a, sizeof(**out)); /* empty, never NULL */
	need = (size_t)(((int64_t)n_active * r->provider_share + 99) / 100);
	if (need < 2)
		need = 2;
	if (n_active < need)
		return 0;
	for (size_t i = 0; i < n; i++)
		np += inc[i].n_events + 1;
	pt = arena_alloc(a, (np + 1) * sizeof(*pt));
	np = 0;
	for (size_t i = 0; i < n; i++) {
		const struct incident *m = &inc[i];

		for (size_t j = 0; j < m->n_events; j++) {
			const struct incident_event *e = &m->events[j];

			if (e->kind == INCIDENT_RESOLVED)
				continue;
			pt[np++] = (struct provider_point){
			    e->at, i, e->kind == INCIDENT_OPENED ? 1 : 0,
			    e->severity};
		}
		if (m->resolved_at != 0)
			pt[np++] = (struct provider_point){m->resolved_at, i,
			                                   -1, SEVERITY_NONE};
	}
	qsort(pt, np, sizeof(*pt), point_order);
	ev.a = a;
	for (size_t k = 0; k < np;) {
		int64_t t = pt[k].t;
		enum severity top = SEVERITY_NONE;

		for (; k < np && pt[k].t == t; k++) {
			size_t i = pt[k].inc;

			if (pt[k].kind <= 0 && cur[i] != SEVERITY_NONE) {
				by_sev[cur[i]]--;
				active--;
				cur[i] = SEVERITY_NONE;
			}
			if (pt[k].kind >= 0) {
				cur[i] = pt[k].severity;
				by_sev[cur[i]]++;
				active++;
			}
		}
		for (int s = SEVERITY_CRITICAL; s > SEVERITY_NONE; s--)
			if (by_sev[s] > 0) {
				top = (enum severity)s;
				break;
			}
		if (p == NULL && active >= need) {
			v = arena_grow(a, v, nv, &cap, sizeof(*v));
			p = &v[nv++];
			memset(p, 0, sizeof(*p));
			p->started_at = p->opened_at = t;
			ev = (struct event_vec){NULL, 0, 0, a};
		}
		if (p != NULL && active >= need)
			severity_to(p, &ev, t, top);
		else if (p != NULL) {
			p->resolved_at = p->closed_at = t;
			event_push(&ev, t, INCIDENT_RESOLVED, p->severity);
			p->events = ev.v;
			p->n_events = ev.n;
			p = NULL;
		}
	}
	if (p != NULL) {
		p->events = ev.v;
		p->n_events = ev.n;
	}
	for (size_t i = 0; i < nv; i++)
		provider_sources(&v[i], inc, n, a);
	if (v != NULL)
		*out = v;
	return nv;
}
