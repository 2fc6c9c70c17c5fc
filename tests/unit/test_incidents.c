/* test_incidents.c: the rules of automatic incidents as a table of hand-computed cases, late checks through the write path, and the kept incidents equal to a rebuild's after a shuffled ingest. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "config.h"
#include "fileutil.h"
#include "incidents.h"
#include "store.h"
#include "unit.h"

/* The defaults: open after 180 s, close after 600 s, W 1800 s, 50 %. */
static const struct incident_rules rules = {180, 600, 1800, 50};

#define T0 1795800000 /* the cases' time 0 */

/* A run of checks of one region: every 60 s from `from` to `to`
 * (inclusive), all of one status ('o' operational, 'd' degraded, 'x'
 * outage). */
struct run {
	const char *region;
	int from, to;
	char status;
};

/* One case: its runs and the incidents it gives, written by hand from
 * DESIGN 8 and docs/incidents.md, each as "START-END PEAK/NOW REGIONS |
 * EVENTS" (END "open"; EVENTS "AT kind severity", times from T0). */
struct rule_case {
	const char *name;
	struct run runs[8];
	const char *want;
};

static const struct rule_case cases[] = {
    {"a_single_slow_check_opens_nothing",
     {{"global", 0, 240, 'o'},
      {"global", 300, 300, 'd'},
      {"global", 360, 1200, 'o'}},
     ""},
    {"two_failing_minutes_open_nothing",
     {{"global", 0, 240, 'o'},
      {"global", 300, 360, 'x'},
      {"global", 420, 1500, 'o'}},
     ""},
    {"three_failing_minutes_open_one",
     {{"global", 0, 240, 'o'},
      {"global", 300, 420, 'x'},
      {"global", 480, 1500, 'o'}},
     "300-480 critical/critical global | 300 opened critical, 480 "
     "resolved critical"},
    {"five_failing_minutes_open_one_from_the_first",
     {{"global", 0, 240, 'o'},
      {"global", 300, 540, 'x'},
      {"global", 600, 1500, 'o'}},
     "300-600 critical/critical global | 300 opened critical, 600 "
     "resolved critical"},
    {"flapping_below_the_open_delay_opens_nothing",
     {{"global", 0, 0, 'x'},
      {"global", 60, 60, 'o'},
      {"global", 120, 120, 'x'},
      {"global", 180, 180, 'o'},
      {"global", 240, 240, 'x'},
      {"global", 300, 300, 'o'},
      {"global", 360, 360, 'x'},
      {"global", 420, 1200, 'o'}},
     ""},
    {"flapping_inside_an_incident_does_not_split_it",
     {{"global", 0, 300, 'x'},
      {"global", 360, 360, 'o'},
      {"global", 420, 420, 'x'},
      {"global", 480, 480, 'o'},
      {"global", 540, 540, 'x'},
      {"global", 600, 1800, 'o'}},
     "0-600 critical/critical global | 0 opened critical, 600 resolved "
     "critical"},
    {"recovery_shorter_than_the_close_delay_keeps_it_open",
     {{"global", 0, 300, 'x'}, {"global", 360, 900, 'o'}},
     "0-open critical/critical global | 0 opened critical"},
    {"recovery_closes_after_the_close_delay",
     {{"global", 0, 300, 'x'}, {"global", 360, 960, 'o'}},
     "0-360 critical/critical global | 0 opened critical, 360 resolved "
     "critical"},
    {"degraded_is_minor",
     {{"global", 0, 240, 'o'},
      {"global", 300, 600, 'd'},
      {"global", 660, 1500, 'o'}},
     "300-660 minor/minor global | 300 opened minor, 660 resolved minor"},
    {"a_region_only_outage_is_major",
     {{"a", 0, 240, 'o'},
      {"a", 300, 540, 'x'},
      {"a", 600, 1500, 'o'},
      {"b", 0, 1500, 'o'}},
     "300-600 major/major a | 300 opened major, 600 resolved major"},
    {"all_regions_out_is_critical",
     {{"a", 0, 240, 'o'},
      {"a", 300, 900, 'x'},
      {"a", 960, 1800, 'o'},
      {"b", 0, 540, 'o'},
      {"b", 600, 900, 'x'},
      {"b", 960, 1800, 'o'}},
     "300-960 critical/critical a,b | 300 opened major, 600 escalated "
     "critical, 960 resolved critical"},
    {"a_region_back_de_escalates",
     {{"a", 0, 240, 'o'},
      {"a", 300, 1200, 'x'},
      {"a", 1260, 1920, 'o'},
      {"b", 0, 240, 'o'},
      {"b", 300, 600, 'x'},
      {"b", 660, 1920, 'o'}},
     "300-1260 critical/major a,b | 300 opened critical, 660 "
     "de-escalated major, 1260 resolved major"},
    {"an_unknown_gap_shorter_than_the_close_delay_keeps_one",
     /* the outage at 600 is fresh until 2400; unknown until 2800 */
     {{"global", 0, 600, 'x'},
      {"global", 2800, 3100, 'x'},
      {"global", 3160, 3800, 'o'}},
     "0-3160 critical/critical global | 0 opened critical, 3160 resolved "
     "critical"},
    {"an_unknown_gap_of_the_close_delay_ends_it_where_it_began",
     /* unknown from 2400 to 3100: 700 s */
     {{"global", 0, 600, 'x'},
      {"global", 3100, 3400, 'x'},
      {"global", 3460, 4100, 'o'}},
     "0-2400 critical/critical global | 0 opened critical, 2400 resolved "
     "critical; 3100-3460 critical/critical global | 3100 opened "
     "critical, 3460 resolved critical"},
    {"one_failure_stands_while_fresh_then_unknown_ends_it",
     /* outage fresh until 1800, unknown until 4000 */
     {{"global", 0, 0, 'x'}, {"global", 4000, 4600, 'o'}},
     "0-1800 critical/critical global | 0 opened critical, 1800 resolved "
     "critical"},
};

/* The checks of c into rows sorted by region, then time (arena a). */
static size_t
case_rows(const struct rule_case *c, struct arena *a, struct check_row **out)
{
	size_t n = 0, cap = 0;
	struct check_row *v = NULL;

	for (size_t r = 0; r < NELEM(c->runs) && c->runs[r].region; r++)
		for (int t = c->runs[r].from; t <= c->runs[r].to; t += 60) {
			v = arena_grow(a, v, n, &cap, sizeof(*v));
			memset(&v[n], 0, sizeof(v[n]));
			v[n].region = c->runs[r].region;
			v[n].checked_at = T0 + t;
			v[n].status =
			    c->runs[r].status == 'o'   ? STATUS_OPERATIONAL
			    : c->runs[r].status == 'd' ? STATUS_DEGRADED
			                               : STATUS_OUTAGE;
			v[n].error_kind =
			    c->runs[r].status == 'x'   ? ERROR_KIND_HTTP_5XX
			    : c->runs[r].status == 'd' ? ERROR_KIND_RATE_LIMITED
			                               : ERROR_KIND__MAX;
			n++;
		}
	/* The runs are written region by region, in time order. */
	*out = v;
	return n;
}

/* inc as the cases write it (times from T0), appended to b. */
static void
describe(const struct incident *inc, size_t n, struct buf *b)
{
	for (size_t i = 0; i < n; i++) {
		const struct incident *x = &inc[i];

		if (i > 0)
			buf_puts(b, "; ");
		buf_printf(b, "%lld-", (long long)(x->started_at - T0));
		if (x->resolved_at == 0)
			buf_puts(b, "open");
		else
			buf_printf(b, "%lld", (long long)(x->resolved_at - T0));
		buf_printf(b, " %s/%s %s |", severity_names[x->peak],
		           severity_names[x->severity], x->regions);
		for (size_t k = 0; k < x->n_events; k++)
			buf_printf(b, "%s %lld %s %s", k > 0 ? "," : "",
			           (long long)(x->events[k].at - T0),
			           incident_event_names[x->events[k].kind],
			           severity_names[x->events[k].severity]);
	}
}

static const char *
model_incidents(const struct rule_case *c, struct arena *a,
                struct incident **inc, size_t *n)
{
	struct check_row *rows;
	struct status_segment *seg;
	size_t nr = case_rows(c, a, &rows), ns;
	int64_t lo = INT64_MAX, hi = 0;
	struct buf b = {0};
	const char *s;

	for (size_t i = 0; i < nr; i++) {
		if (rows[i].checked_at < lo)
			lo = rows[i].checked_at;
		if (rows[i].checked_at > hi)
			hi = rows[i].checked_at;
	}
	ns = incident_segments(rows, nr, rules.freshness, lo, hi, a, &seg);
	*n = incidents_of_model(&rules, seg, ns, rows, nr, a, inc);
	describe(*inc, *n, &b);
	s = arena_strdup(a, b.data ? b.data : "");
	buf_free(&b);
	return s;
}

START_TEST(test_incident_rule_table)
{
	const struct rule_case *c = &cases[_i];
	struct arena *a = arena_new();
	struct incident *inc;
	size_t n;
	const char *got = model_incidents(c, a, &inc, &n);

	ck_assert_msg(strcmp(got, c->want) == 0, "%s:\n got  %s\n want %s",
	              c->name, got, c->want);
	/* Opened when confirmed; closed when confirmed. */
	for (size_t i = 0; i < n; i++) {
		ck_assert_int_eq(inc[i].opened_at,
		                 inc[i].started_at + rules.open_after);
		if (inc[i].resolved_at != 0)
			ck_assert_int_ge(inc[i].closed_at,
			                 inc[i].resolved_at +
			                     rules.close_after);
		ck_assert_str_eq(inc[i].error_kinds,
		                 inc[i].peak == SEVERITY_MINOR ? "rate_limited"
		                                               : "http_5xx");
	}
	arena_free(a);
}
END_TEST

/* A model incident for the provider cases: [from, to) (to 0: open) with
 * its events. */
static struct incident
model_inc(struct arena *a, int from, int to, const char *regions,
          enum severity first, int change_at, enum severity changed)
{
	struct incident x = {0};
	size_t n = 0;

	x.events = arena_alloc(a, 3 * sizeof(*x.events));
	x.started_at = T0 + from;
	x.resolved_at = to ? T0 + to : 0;
	x.regions = regions;
	x.error_kinds = "timeout";
	x.events[n++] =
	    (struct incident_event){T0 + from, INCIDENT_OPENED, first};
	x.severity = x.peak = first;
	if (change_at) {
		x.events[n++] = (struct incident_event){
		    T0 + change_at,
		    changed > first ? INCIDENT_ESCALATED : INCIDENT_DEESCALATED,
		    changed};
		x.severity = changed;
	}
	if (to)
		x.events[n++] = (struct incident_event){
		    T0 + to, INCIDENT_RESOLVED, x.severity};
	x.n_events = n;
	return x;
}

/* Half of four active models at once (two) make a provider incident,
 * with the highest severity of theirs; not with five (three needed), nor
 * with one model alone. */
START_TEST(test_incident_provider_rule)
{
	struct arena *a = arena_new();
	struct incident m[3], *p;
	struct buf b = {0};
	size_t n;

	m[0] = model_inc(a, 100, 500, "a", SEVERITY_MINOR, 0, SEVERITY_NONE);
	m[1] =
	    model_inc(a, 300, 900, "b", SEVERITY_MAJOR, 600, SEVERITY_CRITICAL);
	m[2] = model_inc(a, 800, 0, "a,c", SEVERITY_MINOR, 0, SEVERITY_NONE);
	n = incidents_of_provider(&rules, m, 3, 4, a, &p);
	describe(p, n, &b);
	ck_assert_str_eq(b.data,
	                 "300-500 major/major a,b | 300 opened major, 500 "
	                 "resolved major; 800-900 critical/critical a,b,c | "
	                 "800 opened critical, 900 resolved critical");
	ck_assert_str_eq(p[0].error_kinds, "timeout");
	buf_free(&b);
	ck_assert_uint_eq(incidents_of_provider(&rules, m, 3, 5, a, &p), 0);
	ck_assert_uint_eq(incidents_of_provider(&rules, m, 1, 1, a, &p), 0);
	/* Two of three (67 %), the second one still open: open too. */
	m[0] = model_inc(a, 100, 0, "a", SEVERITY_MINOR, 0, SEVERITY_NONE);
	n = incidents_of_provider(&rules, m, 3, 3, a, &p);
	memset(&b, 0, sizeof(b));
	describe(p, n, &b);
	ck_assert_str_eq(b.data, "300-open critical/minor a,b,c | 300 opened "
	                         "major, 600 escalated critical, 900 "
	                         "de-escalated minor");
	buf_free(&b);
	arena_free(a);
}
END_TEST

/* ---- through the write path ---- */

static char db_path[1100], db_copy[1100];

/* A new database with the catalog and no checks; the ids of the active
 * models of a provider with 3 to 5 of them into ids (at most 8). */
static struct store *
fresh_db(int64_t *ids, int *n_ids)
{
	char sql[256];
	struct store *s;

	snprintf(db_path, sizeof(db_path), "%s/tests/out/unit-incidents.db",
	         unit_root());
	snprintf(db_copy, sizeof(db_copy),
	         "%s/tests/out/unit-incidents-rebuilt.db", unit_root());
	s = unit_store_create(db_path, "db/schema.sql");
	*n_ids = 0;
	for (int k = 0; k < 8; k++) {
		snprintf(sql, sizeof(sql),
		         "SELECT id FROM models WHERE is_active = 1 AND "
		         "provider_id = (SELECT provider_id FROM models WHERE "
		         "is_active = 1 GROUP BY provider_id HAVING count(*) "
		         "BETWEEN 3 AND 5 ORDER BY provider_id LIMIT 1) "
		         "ORDER BY id LIMIT 1 OFFSET %d",
		         k);
		ids[k] = unit_sql_int(db_path, sql);
		if (ids[k] < 0)
			break;
		(*n_ids)++;
	}
	ck_assert_int_ge(*n_ids, 3);
	return s;
}

static void
record(struct store *s, struct check_in *c, size_t n)
{
	char err[256];
	long n_new = 0, n_dup = 0;

	ck_assert_msg(
	    store_record_checks(s, c, n, &n_new, &n_dup, err, sizeof(err)) == 0,
	    "%s", err);
}

/* The runs of c as checks of model id (source ingest). */
static size_t
run_checks(int64_t id, const struct run *runs, size_t n_runs,
           struct check_in *out, size_t max)
{
	size_t n = 0;

	for (size_t r = 0; r < n_runs && runs[r].region; r++)
		for (int t = runs[r].from; t <= runs[r].to && n < max;
		     t += 60) {
			struct check_in *c = &out[n++];

			memset(c, 0, sizeof(*c));
			c->model_id = id;
			c->region = runs[r].region;
			c->checked_at = T0 + t;
			c->status = runs[r].status == 'o'   ? STATUS_OPERATIONAL
			            : runs[r].status == 'd' ? STATUS_DEGRADED
			                                    : STATUS_OUTAGE;
			c->latency_ms = 100;
			c->source = "ingest";
			c->error_kind =
			    runs[r].status == 'x' ? "http_5xx" : NULL;
			c->dns_ms = c->connect_ms = c->tls_ms =
			    c->first_byte_ms = c->ttft_ms = -1;
		}
	return n;
}

/* Every column of every incident and event of db but the ids, one line
 * per incident, in a heap string. */
static char *
incidents_dump(const char *db)
{
	char sql[1024];
	int pg = unit_db_is_pg(db);

	snprintf(sql, sizeof(sql),
	         "SELECT provider_id, model_id, source, started_at, opened_at, "
	         "resolved_at, closed_at, severity, peak_severity, regions, "
	         "error_kinds, (SELECT %s(seq || ':' || at || ':' || kind || "
	         "':' || severity, ' '%s) FROM (SELECT * FROM incident_events "
	         "e WHERE e.incident_id = i.id ORDER BY seq) AS e) FROM "
	         "incidents i ORDER BY provider_id, model_id, started_at",
	         unit_sql_concat(db), pg ? " ORDER BY seq" : "");
	return unit_sql_text(db, sql);
}

/* The model incidents of db for model id, as the cases write them
 * (without events): "START-END PEAK/NOW REGIONS; ...". */
static char *
model_rows(const char *db, int64_t id)
{
	char sql[512];
	struct buf b = {0};
	char *rows, *line, *next;

	snprintf(sql, sizeof(sql),
	         "SELECT started_at - %d, coalesce(CAST(resolved_at - %d AS "
	         "TEXT), 'open'), peak_severity, severity, regions FROM "
	         "incidents WHERE model_id = %lld ORDER BY started_at",
	         T0, T0, (long long)id);
	rows = unit_sql_text(db, sql);
	for (line = rows; *line; line = next) {
		char *f[5];

		next = strchr(line, '\n');
		*next++ = '\0';
		f[0] = line;
		for (int i = 1; i < 5; i++) {
			f[i] = strchr(f[i - 1], '|');
			ck_assert_ptr_nonnull(f[i]);
			*f[i]++ = '\0';
		}
		buf_printf(&b, "%s%s-%s %s/%s %s", b.len ? "; " : "", f[0],
		           f[1], f[2], f[3], f[4]);
	}
	free(rows);
	if (b.data == NULL)
		buf_puts(&b, "");
	return b.data;
}

/* Copies db_path (closed) to db_copy, rebuilds the copy's incidents and
 * checks that they equal the kept ones, column by column. */
static void
assert_rebuild_equal(void)
{
	char err[256];
	char *kept, *rebuilt;
	struct store *s;
	long nm = -1, np = -1;

	unit_db_copy(db_path, db_copy);
	s = store_open_write(unit_db(db_copy), NULL, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_msg(
	    store_rebuild_incidents(s, &rules, &nm, &np, err, sizeof(err)) == 0,
	    "%s", err);
	store_close(s);
	kept = incidents_dump(db_path);
	rebuilt = incidents_dump(db_copy);
	ck_assert_int_eq(nm + np, unit_count(rebuilt, "\n"));
	ck_assert_str_eq(kept, rebuilt);
	free(kept);
	free(rebuilt);
}

/* A late case: `before` recorded in one batch, then `late` in one (out
 * of order); the incidents of each moment, hand-computed. */
struct late_case {
	const char *name;
	struct run before[6], late[4];
	const char *want_before, *want_after;
};

static const struct late_case late_cases[] = {
    {"a_late_check_opens_one",
     /* bad 120 s, operational, bad 120 s; late failures fill the gap */
     {{"global", 0, 60, 'x'},
      {"global", 120, 120, 'o'},
      {"global", 300, 360, 'x'},
      {"global", 420, 1500, 'o'}},
     {{"global", 180, 240, 'x'}},
     "",
     "180-420 critical/critical global"},
    {"late_recovery_checks_split_one",
     /* the outage at 240 stands until the next check, at 960 */
     {{"global", 0, 240, 'x'},
      {"global", 960, 1200, 'x'},
      {"global", 1260, 2000, 'o'}},
     {{"global", 300, 900, 'o'}},
     "0-1260 critical/critical global",
     "0-300 critical/critical global; 960-1260 critical/critical global"},
    {"a_late_failure_merges_two",
     {{"global", 0, 240, 'x'},
      {"global", 300, 900, 'o'},
      {"global", 960, 1200, 'x'},
      {"global", 1260, 2000, 'o'}},
     {{"global", 630, 630, 'x'}},
     "0-300 critical/critical global; 960-1260 critical/critical global",
     "0-1260 critical/critical global"},
    {"late_recovery_checks_close_one_earlier",
     {{"global", 0, 240, 'x'},
      {"global", 1200, 1200, 'x'},
      {"global", 1260, 2000, 'o'}},
     {{"global", 300, 1140, 'o'}},
     "0-1260 critical/critical global",
     "0-300 critical/critical global"},
    {"checks_an_hour_late_open_one_read_around_them_only",
     {{"global", 0, 240, 'o'},
      {"global", 300, 540, 'x'},
      {"global", 600, 2940, 'o'},
      {"global", 3600, 9000, 'o'}},
     {{"global", 3000, 3300, 'x'}},
     "300-600 critical/critical global",
     "300-600 critical/critical global; 3000-3600 critical/critical "
     "global"},
    {"a_late_region_escalates_one",
     {{"a", 0, 600, 'x'}, {"a", 660, 1500, 'o'}, {"b", 0, 1500, 'o'}},
     {{"b", 30, 30, 'x'}},
     "0-660 major/major a",
     "0-660 critical/major a,b"},
    /* Not late: the next batch in time order, after a gap longer than
     * W. The failure is the newest check (bad for 0 s: nothing yet); it
     * stands until it goes stale, W later, and so opens one. */
    {"a_failure_gone_stale_before_the_next_check_opens_one",
     {{"global", 0, 600, 'o'}, {"global", 660, 660, 'x'}},
     {{"global", 3600, 3600, 'o'}},
     "",
     "660-2460 critical/critical global"},
    /* The same in one region of two: the other's newer checks make its
     * newest old check (1020), at which the failure had stood 120 s. */
    {"a_region_gone_stale_before_the_next_check_opens_one",
     {{"a", 0, 840, 'o'}, {"a", 900, 900, 'x'}, {"b", 0, 1020, 'o'}},
     {{"a", 3600, 3600, 'o'}, {"b", 3600, 3600, 'o'}},
     "",
     "900-2700 major/major a"},
};

START_TEST(test_incident_late_checks)
{
	const struct late_case *c = &late_cases[_i];
	struct check_in checks[256];
	int64_t ids[8];
	int n_ids;
	struct store *s = fresh_db(ids, &n_ids);
	char *got;
	size_t n;

	n = run_checks(ids[0], c->before, NELEM(c->before), checks,
	               NELEM(checks));
	record(s, checks, n);
	got = model_rows(db_path, ids[0]);
	ck_assert_msg(strcmp(got, c->want_before) == 0,
	              "%s before:\n got  %s\n want %s", c->name, got,
	              c->want_before);
	free(got);
	n = run_checks(ids[0], c->late, NELEM(c->late), checks, NELEM(checks));
	record(s, checks, n);
	store_close(s);
	got = model_rows(db_path, ids[0]);
	ck_assert_msg(strcmp(got, c->want_after) == 0,
	              "%s after:\n got  %s\n want %s", c->name, got,
	              c->want_after);
	free(got);
	assert_rebuild_equal();
}
END_TEST

/* A small deterministic generator (xorshift). */
static uint64_t
next_rand(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* Eight hours of checks a minute apart for the provider's models in two
 * regions, with outages of one region, of a model and of the whole
 * provider, recorded in batches of up to 50 where a fifth of the checks
 * come late (up to two hours) and batches arrive out of order, and the
 * last model is checked only every 40 minutes: the incidents kept equal
 * a rebuild's, row for row (three fixed seeds). */
START_TEST(test_incident_rebuild_equals_kept)
{
	static const char *const regions[] = {"r1", "r2"};
	int64_t ids[8];
	int n_ids;
	struct store *s = fresh_db(ids, &n_ids);
	uint64_t seed = 0x9e3779b97f4a7c15u + (uint64_t)_i * 7919;
	size_t cap = 0, n = 0, cap_late = 0, n_late = 0;
	struct check_in *all = NULL, *late = NULL;
	int64_t provider_down_until = 0;
	int64_t down_until[8][2] = {{0}};
	char sql[128];
	int slow[8] = {0};

	for (int t = 0; t < 8 * 3600; t += 60) {
		if (next_rand(&seed) % 400 == 0)
			provider_down_until = t + 300 + next_rand(&seed) % 1800;
		for (int m = 0; m < n_ids; m++) {
			if (next_rand(&seed) % 150 == 0)
				slow[m] = !slow[m];
			for (int r = 0; r < 2; r++) {
				struct check_in c = {0};
				uint64_t x = next_rand(&seed);

				if (x % 200 == 0)
					down_until[m][r] =
					    t + 60 + (int64_t)(x / 200 % 1200);
				/* Now and then a region is not checked; the
				 * last model is checked every 40 minutes, so
				 * its failures go stale (W) before the next. */
				if (x % 97 == 0 ||
				    (m == n_ids - 1 && t % 2400 != 0))
					continue;
				c.model_id = ids[m];
				c.region = regions[r];
				c.checked_at = T0 + t + (int)(x % 7);
				c.status = STATUS_OPERATIONAL;
				if (t < provider_down_until && m < 3)
					c.status = STATUS_OUTAGE;
				else if (t < down_until[m][r])
					c.status = x % 5 ? STATUS_OUTAGE
					                 : STATUS_DEGRADED;
				else if (slow[m] && x % 3 == 0)
					c.status = STATUS_DEGRADED;
				else if (x % 61 == 0)
					c.status = STATUS_OUTAGE;
				c.latency_ms = 100;
				c.source = "ingest";
				c.error_kind =
				    c.status == STATUS_OUTAGE
				        ? (x % 2 ? "http_5xx" : "timeout")
				    : c.status == STATUS_DEGRADED
				        ? "rate_limited"
				        : NULL;
				c.dns_ms = c.connect_ms = c.tls_ms =
				    c.first_byte_ms = c.ttft_ms = -1;
				if (next_rand(&seed) % 5 == 0) {
					late = xgrow(late, n_late, &cap_late,
					             sizeof(*late));
					late[n_late++] = c;
				} else {
					all = xgrow(all, n, &cap, sizeof(*all));
					all[n++] = c;
				}
			}
		}
		/* Late checks join the stream up to two hours later. */
		for (size_t i = 0; i < n_late;) {
			if (next_rand(&seed) % 60 == 0) {
				all = xgrow(all, n, &cap, sizeof(*all));
				all[n++] = late[i];
				late[i] = late[--n_late];
			} else
				i++;
		}
	}
	for (size_t i = 0; i < n_late; i++) {
		all = xgrow(all, n, &cap, sizeof(*all));
		all[n++] = late[i];
	}
	/* Batches of 1 to 50; now and then two swap places. */
	for (size_t i = 0; i < n;) {
		size_t len = 1 + next_rand(&seed) % 50;
		size_t j = i + len < n ? i + len : n;

		if (j < n && next_rand(&seed) % 4 == 0) {
			size_t len2 = 1 + next_rand(&seed) % 50;
			size_t k = j + len2 < n ? j + len2 : n;

			record(s, &all[j], k - j);
			record(s, &all[i], j - i);
			i = k;
		} else {
			record(s, &all[i], j - i);
			i = j;
		}
	}
	store_close(s);
	free(all);
	free(late);
	ck_assert_int_gt(unit_sql_int(db_path, "SELECT count(*) FROM "
	                                       "incidents WHERE model_id IS "
	                                       "NOT NULL"),
	                 10);
	ck_assert_int_gt(unit_sql_int(db_path, "SELECT count(*) FROM "
	                                       "incidents WHERE model_id IS "
	                                       "NULL"),
	                 1);
	ck_assert_int_gt(unit_sql_int(db_path,
	                              "SELECT count(*) FROM incident_events "
	                              "WHERE kind = 'escalated'"),
	                 0);
	assert_rebuild_equal();
	/* The sparse model's failures opened incidents of their own. */
	snprintf(sql, sizeof(sql),
	         "SELECT count(*) FROM incidents WHERE model_id = %lld",
	         (long long)ids[n_ids - 1]);
	ck_assert_int_gt(unit_sql_int(db_path, sql), 0);
}
END_TEST

/* The schema text of db's incident tables and indexes, for comparing two
 * files. */
static char *
schema_shape(const char *db)
{
	struct buf b = {0};
	sqlite3 *h;
	sqlite3_stmt *st;

	ck_assert_int_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL),
	                 SQLITE_OK);
	/* Columns rather than the CREATE text: a migration adds a column
	 * with ALTER TABLE, which the text of a new file says in CREATE. */
	ck_assert_int_eq(
	    sqlite3_prepare_v2(
	        h,
	        "SELECT m.type || ' ' || m.name || ': ' || CASE m.type WHEN "
	        "'table' THEN (SELECT group_concat(c.name || ' ' || c.type || "
	        "' ' || c.\"notnull\" || ' ' || ifnull(c.dflt_value, '-') || "
	        "' ' || c.pk, ', ') FROM pragma_table_info(m.name) c) ELSE "
	        "ifnull(m.sql, '-') END FROM sqlite_schema m WHERE m.name NOT "
	        "GLOB 'sqlite_*' ORDER BY m.name",
	        -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		buf_printf(&b, "%s\n", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(h);
	if (b.data == NULL)
		buf_puts(&b, "");
	return b.data;
}

/* A version 6 file (as shipped) with checks, upgraded in place by
 * migrations 7 and 8, twice (the second does nothing): the tables and
 * indexes of a new file, the incidents empty, the default thresholds recorded, their
 * rules refusing bad rows; the rebuild then finds the checks' incident,
 * and the write path keeps it from then on. */
START_TEST(test_incident_migration_from_version_6)
{
	static const struct run runs[] = {{"global", 0, 240, 'o'},
	                                  {"global", 300, 540, 'x'},
	                                  {"global", 600, 1500, 'o'}};
	static const char *const refused[] = {
	    "INSERT INTO incidents(provider_id, source, started_at, opened_at, "
	    "severity, peak_severity) VALUES (1, 'guess', 10, 10, 'minor', "
	    "'minor')",
	    "INSERT INTO incidents(provider_id, source, started_at, opened_at, "
	    "severity, peak_severity) VALUES (1, 'auto', 10, 10, 'bad', "
	    "'minor')",
	    "INSERT INTO incidents(provider_id, source, started_at, opened_at, "
	    "severity, peak_severity) VALUES (1, 'auto', 10, 5, 'minor', "
	    "'minor')",
	    "INSERT INTO incidents(provider_id, source, started_at, opened_at, "
	    "resolved_at, closed_at, severity, peak_severity) VALUES (1, "
	    "'auto', 10, 10, 10, 10, 'minor', 'minor')",
	    "INSERT INTO incidents(provider_id, source, started_at, opened_at, "
	    "closed_at, severity, peak_severity) VALUES (1, 'auto', 10, 10, "
	    "20, 'minor', 'minor')",
	    "INSERT INTO incidents(provider_id, source, started_at, opened_at, "
	    "severity, peak_severity, regions) VALUES (1, 'auto', 10, 10, "
	    "'minor', 'minor', 'EU West')",
	    "INSERT INTO incident_events(incident_id, seq, at, kind, severity) "
	    "VALUES (1, 0, 10, 'reopened', 'minor')",
	};
	char path[1100], fresh[1100], err[256];
	char *v6, *m[STORE_SCHEMA_VERSION + 1] = {0}, *got, *want;
	struct check_in checks[64];
	int64_t ids[8];
	int n_ids;
	struct store *s = fresh_db(ids, &n_ids);
	long nm = 0, np = 0;
	size_t n;
	sqlite3 *h;

	store_close(s);
	snprintf(fresh, sizeof(fresh), "%s/tests/out/unit-incidents-new.db",
	         unit_root());
	remove(fresh);
	ck_assert_int_eq(rename(db_path, fresh), 0);
	snprintf(path, sizeof(path), "%s/tests/unit/fixtures/schema-v6.sql",
	         unit_root());
	v6 = file_read_all(path, NULL);
	ck_assert_ptr_nonnull(v6);
	for (int v = 2; v <= STORE_SCHEMA_VERSION; v++) {
		snprintf(path, sizeof(path), "%s/db/migrations/%03d.sql",
		         unit_root(), v);
		m[v] = file_read_all(path, NULL);
		ck_assert_ptr_nonnull(m[v]);
	}
	s = store_open_write(db_path, v6, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	snprintf(path, sizeof(path), "%s/db/catalog.json", unit_root());
	ck_assert_int_gt(catalog_load(s, path, err, sizeof(err)), 0);
	n = run_checks(ids[0], runs, NELEM(runs), checks, NELEM(checks));
	record(s, checks, n);
	ck_assert_int_eq(unit_sql_int(db_path, "PRAGMA user_version"), 6);
	ck_assert_int_eq(unit_sql_int(db_path, "SELECT count(*) FROM "
	                                       "sqlite_schema WHERE name GLOB "
	                                       "'incident*'"),
	                 0);
	ck_assert_int_eq(
	    store_migrate(s, (const char *const *)m, err, sizeof(err)),
	    STORE_SCHEMA_VERSION - 6);
	ck_assert_int_eq(
	    store_migrate(s, (const char *const *)m, err, sizeof(err)), 0);
	ck_assert_int_eq(unit_sql_int(db_path, "PRAGMA user_version"),
	                 STORE_SCHEMA_VERSION);
	ck_assert_int_eq(
	    unit_sql_int(db_path, "SELECT count(*) FROM incidents"), 0);
	ck_assert_int_eq(unit_sql_int(db_path,
	                              "SELECT count(*) FROM aigo_meta WHERE "
	                              "key GLOB 'incident_*'"),
	                 4);
	got = schema_shape(db_path);
	want = schema_shape(fresh);
	ck_assert_str_eq(got, want);
	/* Version 7's two tables and three indexes are there. */
	ck_assert_int_eq(unit_count(got, "table incident"), 3);
	ck_assert_int_eq(unit_count(got, "index incidents_"), 3);
	free(got);
	free(want);
	ck_assert_msg(
	    store_rebuild_incidents(s, &rules, &nm, &np, err, sizeof(err)) == 0,
	    "%s", err);
	ck_assert_int_eq(nm, 1);
	ck_assert_int_eq(np, 0);
	got = model_rows(db_path, ids[0]);
	ck_assert_str_eq(got, "300-600 critical/critical global");
	free(got);
	/* Kept by the write path from now on: a late failure during the
	 * recovery (at 630) makes it last until 660. */
	checks[0].checked_at = T0 + 630;
	checks[0].status = STATUS_OUTAGE;
	record(s, checks, 1);
	store_close(s);
	got = model_rows(db_path, ids[0]);
	ck_assert_str_eq(got, "300-660 critical/critical global");
	free(got);
	ck_assert_int_eq(sqlite3_open(db_path, &h), SQLITE_OK);
	for (size_t i = 0; i < NELEM(refused); i++)
		ck_assert_msg(sqlite3_exec(h, refused[i], NULL, NULL, NULL) ==
		                  SQLITE_CONSTRAINT,
		              "not refused: %s", refused[i]);
	sqlite3_close(h);
	assert_rebuild_equal();
	free(v6);
	for (int v = 2; v <= STORE_SCHEMA_VERSION; v++)
		free(m[v]);
}
END_TEST

/* aigo demo --remove takes the demo's incidents with its checks and keeps
 * the others. */
START_TEST(test_incident_remove_demo)
{
	static const struct run runs[] = {{"global", 0, 240, 'o'},
	                                  {"global", 300, 540, 'x'},
	                                  {"global", 600, 1500, 'o'}};
	struct check_in checks[64];
	int64_t ids[8];
	int n_ids;
	struct store *s = fresh_db(ids, &n_ids);
	char err[256], *got;
	size_t n = run_checks(ids[0], runs, NELEM(runs), checks, NELEM(checks));

	record(s, checks, n);
	for (size_t i = 0; i < n; i++) {
		checks[i].model_id = ids[1];
		checks[i].source = "demo";
	}
	record(s, checks, n);
	ck_assert_int_eq(unit_sql_int(db_path, "SELECT count(*) FROM incidents "
	                                       "WHERE model_id IS NOT NULL"),
	                 2);
	ck_assert_int_eq(store_remove_demo(s, 1800, err, sizeof(err)), (long)n);
	store_close(s);
	got = model_rows(db_path, ids[0]);
	ck_assert_str_eq(got, "300-600 critical/critical global");
	free(got);
	got = model_rows(db_path, ids[1]);
	ck_assert_str_eq(got, "");
	free(got);
	assert_rebuild_equal();
}
END_TEST

Suite *
incidents_suite(void)
{
	Suite *s = suite_create("incidents");
	TCase *tc = tcase_create("rules");

	tcase_add_loop_test(tc, test_incident_rule_table, 0, (int)NELEM(cases));
	tcase_add_test(tc, test_incident_provider_rule);
	suite_add_tcase(s, tc);
	tc = tcase_create("write path");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_incident_late_checks, 0,
	                    (int)NELEM(late_cases));
	tcase_add_loop_test(tc, test_incident_rebuild_equals_kept, 0, 3);
	/* SQLite's own: an old version's file, its migrations and its
	 * catalog (sqlite_schema, pragmas); PostgreSQL starts at version 9. */
	if (!unit_pg())
		tcase_add_test(tc, test_incident_migration_from_version_6);
	tcase_add_test(tc, test_incident_remove_demo);
	suite_add_tcase(s, tc);
	return s;
}
