/* test_incident_pages.c: incidents on the pages: durations per locale, the timeline's bands computed by hand, incident bands on a line chart, the banner, the history, an incident's page, the 404 of an unknown one, and the Atom feeds' structure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "page.h"
#include "store.h"
#include "unit.h"

/* ---- durations per locale ---- */

static const struct duration_case {
	const char *lang;
	int64_t secs;
	const char *want;
} duration_cases[] = {
    {"en", -5, "under 1 min"},
    {"en", 59, "under 1 min"},
    {"en", 60, "1 min"},
    {"en", 3599, "59 min"},
    {"en", 8400, "2 h 20 min"}, /* 20:36 to 22:56 */
    {"en", 7200, "2 h 0 min"},
    {"en", 90000, "1 d 1 h"},
    {"ko", 8400, "2시간 20분"},
    {"ko", 30, "1분 미만"},
    {"ja", 3600, "1 時間 0 分"},
    {"ja", 2700, "45 分"},
    {"zh", 90000, "1 天 1 小时"},
    {"zh", 600, "10 分钟"},
    {"es", 200000, "2 d 7 h"}, /* 2 d + 27,200 s: 7 h 33 min */
    {"es", 59, "menos de 1 min"},
    {"en", 1000000, "11 d 13 h"}, /* 11 × 86,400 + 49,600 (13.8 h) */
};

START_TEST(test_duration_per_locale)
{
	const struct duration_case *c = &duration_cases[_i];
	char dir[1024], err[256];
	struct i18n *t;
	struct arena *a = arena_new();

	snprintf(dir, sizeof(dir), "%s/locales", unit_root());
	t = i18n_load(dir, "en", err, sizeof(err));
	ck_assert_msg(t != NULL, "%s", err);
	ck_assert_str_eq(i18n_fmt_duration(a, i18n_find(t, c->lang), c->secs),
	                 c->want);
	i18n_free(t);
	arena_free(a);
}
END_TEST

/* ---- the timeline ---- */

/* An incident of 1000..2800 s: minor from 1000, critical from 1600, major
 * from 2200, resolved at 2800; an operator's update at 1900. */
static struct incident_event tl_events[] = {
    {1000, INCIDENT_OPENED, SEVERITY_MINOR},
    {1600, INCIDENT_ESCALATED, SEVERITY_CRITICAL},
    {2200, INCIDENT_DEESCALATED, SEVERITY_MAJOR},
    {2800, INCIDENT_RESOLVED, SEVERITY_MAJOR},
};

static struct incident
tl_incident(void)
{
	struct incident inc = {0};

	inc.started_at = 1000;
	inc.opened_at = 1180;
	inc.resolved_at = 2800;
	inc.closed_at = 3400;
	inc.severity = SEVERITY_MAJOR;
	inc.peak = SEVERITY_CRITICAL;
	inc.regions = "global";
	inc.error_kinds = "timeout";
	inc.events = tl_events;
	inc.n_events = NELEM(tl_events);
	return inc;
}

START_TEST(test_incident_bands_from_events)
{
	struct arena *a = arena_new();
	struct incident inc = tl_incident();
	struct chart_band *b;
	size_t n = chart_incident_bands(&inc, 2800, a, &b);

	ck_assert_uint_eq(n, 3);
	ck_assert(b[0].from == 1000 && b[0].to == 1600 &&
	          b[0].severity == SEVERITY_MINOR);
	ck_assert(b[1].from == 1600 && b[1].to == 2200 &&
	          b[1].severity == SEVERITY_CRITICAL);
	ck_assert(b[2].from == 2200 && b[2].to == 2800 &&
	          b[2].severity == SEVERITY_MAJOR);
	/* An open incident's last band runs to the end given (now). */
	inc.n_events = 3;
	n = chart_incident_bands(&inc, 3000, a, &b);
	ck_assert_uint_eq(n, 3);
	ck_assert(b[2].to == 3000);
	/* Without events (a manual incident): one band of its severity. */
	inc.n_events = 0;
	n = chart_incident_bands(&inc, 2800, a, &b);
	ck_assert_uint_eq(n, 1);
	ck_assert(b[0].from == 1000 && b[0].to == 2800 &&
	          b[0].severity == SEVERITY_MAJOR);
	arena_free(a);
}
END_TEST

/* The axis runs from x 24 (t 1000) to x 696 (t 2800): 672 px over
 * 1800 s. A band of severity s is 120 × s / 3 tall on the bottom (y 136).
 * minor [1000, 1600): x 24, width 224, height 40, y 96; critical
 * [1600, 2200): x 248, width 224, height 120, y 16; major [2200, 2800):
 * x 472, width 224, height 80, y 56. The update at 1900: x 24 + 900 ×
 * 672 / 1800 = 360. */
START_TEST(test_timeline_bands_by_hand)
{
	struct arena *a = arena_new();
	struct incident inc = tl_incident();
	struct chart_band *b;
	int64_t marks[] = {1900};
	struct chart_timeline_input in = {0};
	struct buf out = {0};
	static const char *const want[] = {
	    "<rect class=\"tl-band sev-minor\" x=\"24.0\" y=\"96\" "
	    "width=\"224.0\" height=\"40\"/>",
	    "<rect class=\"tl-band sev-critical\" x=\"248.0\" y=\"16\" "
	    "width=\"224.0\" height=\"120\"/>",
	    "<rect class=\"tl-band sev-major\" x=\"472.0\" y=\"56\" "
	    "width=\"224.0\" height=\"80\"/>",
	    "<line class=\"tl-update\" x1=\"360.0\" y1=\"8\" x2=\"360.0\" "
	    "y2=\"136\"/>",
	    "role=\"img\"",
	    "<title id=\"tl-title\">Timeline &lt;b&gt;</title>",
	    "<desc id=\"tl-desc\">Minor, then critical</desc>",
	    ">20:00 UTC</text>",
	    ">20:30 UTC</text>",
	};

	in.id = "tl";
	in.title = "Timeline <b>";
	in.desc = "Minor, then critical";
	in.t0 = 1000;
	in.t1 = 2800;
	in.n_bands = (int)chart_incident_bands(&inc, 2800, a, &b);
	in.bands = b;
	in.marks = marks;
	in.n_marks = 1;
	in.t_labels[0] = "20:00 UTC";
	in.t_labels[1] = "20:30 UTC";
	in.severity_labels[SEVERITY_MINOR] = "Minor";
	in.severity_labels[SEVERITY_MAJOR] = "Major";
	in.severity_labels[SEVERITY_CRITICAL] = "Critical";
	in.mark_label = "Update";
	chart_incident_timeline_svg(&out, &in);
	for (size_t i = 0; i < NELEM(want); i++)
		ck_assert_msg(strstr(out.data, want[i]) != NULL, "missing %s",
		              want[i]);
	ck_assert_int_eq(unit_count(out.data, "class=\"tl-band "), 3);
	buf_free(&out);
	arena_free(a);
}
END_TEST

/* Never blank: without bands and with an empty span it still draws its
 * frame, axis and legend. */
START_TEST(test_timeline_never_empty)
{
	struct chart_timeline_input in = {0};
	struct buf out = {0};

	in.id = "tl";
	in.title = "t";
	in.desc = "d";
	in.t0 = in.t1 = 5000;
	in.t_labels[0] = in.t_labels[1] = "x";
	in.severity_labels[1] = in.severity_labels[2] = in.severity_labels[3] =
	    "s";
	in.mark_label = "u";
	chart_incident_timeline_svg(&out, &in);
	ck_assert_ptr_nonnull(strstr(out.data, "class=\"chart-frame\""));
	ck_assert_ptr_nonnull(strstr(out.data, "class=\"chart-axis\""));
	ck_assert_int_eq(unit_count(out.data, "class=\"swatch sev-"), 3);
	ck_assert_ptr_nonnull(strstr(out.data, "</svg>"));
	buf_free(&out);
}
END_TEST

/* On a line chart of 4 buckets of [0, 4000): the plot runs from x0 (the
 * axis margin) to 700 (720 - 12 - 8); a band [1000, 2000) covers the
 * second quarter, and one reaching past the axis is cut at its end. */
START_TEST(test_line_chart_marks_incidents)
{
	double v[4] = {100, 200, 300, 400};
	int has[4] = {1, 1, 1, 1};
	const char *xl[4] = {NULL, NULL, NULL, NULL};
	struct chart_line ln = {"p50", "p50", v, has, 0};
	struct chart_lines_input in = {
	    "l", "t", "d", "e", 4, &ln, 1, 0, 1000, {"0 ms", "1,000 ms"}, xl};
	struct chart_band bands[] = {{1000, 2000, SEVERITY_MAJOR},
	                             {3000, 9000, SEVERITY_MINOR},
	                             {-500, -10, SEVERITY_CRITICAL}};
	struct chart_marks marks = {bands, 3, 0, 4000};
	struct buf out = {0};
	int x0 = chart_axis_margin(in.y_labels, 2, CHART_TICK_PX);
	double pw = 700 - x0;
	char want[160];

	chart_lines_marked_svg(&out, &in, &marks);
	snprintf(want, sizeof(want),
	         "<rect class=\"band sev-major\" x=\"%.1f\" y=\"20\" "
	         "width=\"%.1f\" height=\"170\"/>",
	         x0 + pw / 4, pw / 4);
	ck_assert_msg(strstr(out.data, want) != NULL, "missing %s", want);
	snprintf(want, sizeof(want),
	         "<rect class=\"band sev-minor\" x=\"%.1f\" y=\"20\" "
	         "width=\"%.1f\" height=\"170\"/>",
	         x0 + 3 * pw / 4, pw / 4);
	ck_assert_msg(strstr(out.data, want) != NULL, "missing %s", want);
	/* The one before the axis is not drawn. */
	ck_assert_int_eq(unit_count(out.data, "class=\"band "), 2);
	/* Bands lie under the line. */
	ck_assert(strstr(out.data, "class=\"band ") <
	          strstr(out.data, "<polyline"));
	buf_free(&out);
	/* No marks: the plain chart. */
	chart_lines_svg(&out, &in);
	ck_assert_ptr_null(strstr(out.data, "class=\"band "));
	buf_free(&out);
}
END_TEST

/* ---- the pages, through app_handle on the demo database ---- */

static const char *const langs[] = {"en", "ko", "ja", "zh", "es"};

static int64_t
sql(const char *q)
{
	char db[1100];

	snprintf(db, sizeof(db), "%s/tests/out/unit-app.db", unit_root());
	return unit_sql_int(db, q);
}

/* The banner lists exactly the open incidents (up to 20), each linking
 * to its page; the history link and the feed are on the page. */
START_TEST(test_banner_lists_open_incidents)
{
	struct unit_reply r;
	int64_t open = sql("SELECT count(*) FROM incidents WHERE resolved_at "
	                   "IS NULL AND started_at <= 1795838400");
	int64_t newest = sql("SELECT id FROM incidents WHERE resolved_at IS "
	                     "NULL ORDER BY started_at DESC, id DESC LIMIT 1");
	char want[128];

	ck_assert_int_gt(open, 0);
	unit_request(&r, "GET", "/en/monitoring", "", NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_nonnull(strstr(r.body, "class=\"incident-banner\""));
	ck_assert_int_eq(unit_count(r.body, "<li class=\"incident sev-"),
	                 open < 20 ? open : 20);
	snprintf(want, sizeof(want), "href=\"/en/incidents/%lld\"",
	         (long long)newest);
	ck_assert_ptr_nonnull(strstr(r.body, want));
	ck_assert_ptr_nonnull(strstr(r.body, "since "));
	ck_assert_ptr_nonnull(strstr(r.body, "href=\"/en/incidents\""));
	ck_assert_ptr_nonnull(strstr(r.body, "<link rel=\"alternate\" "
	                                     "type=\"application/atom+xml\" "
	                                     "href=\"/en/feed.atom\""));
	/* No maintenance planned: no empty box. */
	ck_assert_ptr_null(strstr(r.body, "maintenance-banner"));
	buf_free(&r.raw);
}
END_TEST

/* The history: newest first, 25 a page, filtered by model; in every
 * locale without a raw key. */
START_TEST(test_history_pages_and_filters)
{
	struct unit_reply r;
	int64_t total = sql("SELECT count(*) FROM incidents");
	int64_t first = sql("SELECT id FROM incidents ORDER BY started_at "
	                    "DESC, id DESC LIMIT 1");
	int64_t of_model =
	    sql("SELECT count(*) FROM incidents i JOIN models m ON m.id = "
	        "i.model_id WHERE m.slug = 'gpt-4o'");
	char want[128];

	for (size_t i = 0; i < NELEM(langs); i++) {
		char path[64];

		snprintf(path, sizeof(path), "/%s/incidents", langs[i]);
		unit_request(&r, "GET", path, "", NULL);
		ck_assert_int_eq(r.status, 200);
		unit_assert_no_raw_keys(r.body);
		ck_assert_int_eq(unit_count(r.body, "<tr data-incident="),
		                 total < 25 ? total : 25);
		buf_free(&r.raw);
	}
	unit_request(&r, "GET", "/en/incidents", "", NULL);
	snprintf(want, sizeof(want), "<tr data-incident=\"%lld\"",
	         (long long)first);
	/* The newest is the first row. */
	ck_assert(strstr(r.body, want) == strstr(r.body, "<tr data-incident="));
	ck_assert_ptr_nonnull(strstr(r.body, "id=\"maintenance-list\""));
	buf_free(&r.raw);
	unit_request(&r, "GET", "/en/incidents", "model=gpt-4o", NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert_int_eq(unit_count(r.body, "<tr data-incident="),
	                 of_model < 25 ? of_model : 25);
	buf_free(&r.raw);
	if (total > 25) {
		unit_request(&r, "GET", "/en/incidents", "page=2", NULL);
		ck_assert_int_eq(unit_count(r.body, "<tr data-incident="),
		                 total - 25 < 25 ? total - 25 : 25);
		ck_assert_ptr_nonnull(strstr(r.body, "rel=\"prev\""));
		buf_free(&r.raw);
	}
	/* Filters are validated like the monitoring page's. */
	unit_request(&r, "GET", "/en/incidents", "provider=nobody", NULL);
	ck_assert_int_eq(r.status, 400);
	buf_free(&r.raw);
	unit_request(&r, "GET", "/en/incidents", "page=0", NULL);
	ck_assert_int_eq(r.status, 400);
	buf_free(&r.raw);
}
END_TEST

/* One incident's page in every locale: its facts, timeline and events;
 * an unknown id is the translated 404. */
START_TEST(test_incident_page)
{
	struct unit_reply r;
	int64_t id = sql("SELECT id FROM incidents WHERE model_id IS NOT NULL "
	                 "AND resolved_at IS NOT NULL ORDER BY id LIMIT 1");
	int64_t n_events =
	    sql("SELECT count(*) FROM incident_events WHERE incident_id = "
	        "(SELECT id FROM incidents WHERE model_id IS NOT NULL AND "
	        "resolved_at IS NOT NULL ORDER BY id LIMIT 1)");
	int64_t dur = sql("SELECT resolved_at - started_at FROM incidents "
	                  "WHERE model_id IS NOT NULL AND resolved_at IS NOT "
	                  "NULL ORDER BY id LIMIT 1");
	char path[64], want[96], v[64];

	for (size_t i = 0; i < NELEM(langs); i++) {
		snprintf(path, sizeof(path), "/%s/incidents/%lld", langs[i],
		         (long long)id);
		unit_request(&r, "GET", path, "", NULL);
		ck_assert_int_eq(r.status, 200);
		unit_assert_no_raw_keys(r.body);
		ck_assert_ptr_nonnull(strstr(r.body, "<svg"));
		ck_assert_ptr_nonnull(strstr(r.body, "class=\"tl-band sev-"));
		ck_assert_int_eq(unit_count(r.body, "<tr data-kind="),
		                 n_events);
		snprintf(want, sizeof(want), "data-duration=\"%lld\"",
		         (long long)dur);
		ck_assert_ptr_nonnull(strstr(r.body, want));
		ck_assert_ptr_nonnull(strstr(r.body, "id=\"incident-ended\""));
		buf_free(&r.raw);
	}
	unit_request(&r, "GET", "/ko/incidents/999999", "", NULL);
	ck_assert_int_eq(r.status, 404);
	ck_assert_str_eq(unit_header(&r, "Content-Language", v, sizeof(v)),
	                 "ko");
	ck_assert_ptr_nonnull(strstr(r.body, "<html lang=\"ko\">"));
	unit_assert_no_raw_keys(r.body);
	buf_free(&r.raw);
	unit_request(&r, "GET", "/en/incidents/x1", "", NULL);
	ck_assert_int_eq(r.status, 404);
	buf_free(&r.raw);
}
END_TEST

/* The model page lists the model's incidents and shades them on its
 * charts. */
START_TEST(test_model_page_incidents)
{
	struct unit_reply r;
	const char *slug = NULL;
	static const char *const slugs[] = {"gpt-4o", "claude-sonnet-4",
	                                    "gemini-2-5-pro", "mistral-large"};
	char q[256], path[96];

	for (size_t i = 0; i < NELEM(slugs) && slug == NULL; i++) {
		snprintf(q, sizeof(q),
		         "SELECT count(*) FROM incidents i JOIN models m ON "
		         "m.id = i.model_id WHERE m.slug = '%s' AND "
		         "i.started_at > 1795838400 - 86400",
		         slugs[i]);
		if (sql(q) > 0)
			slug = slugs[i];
	}
	if (slug == NULL)
		return; /* the demo gave none of them an incident */
	snprintf(path, sizeof(path), "/en/models/%s", slug);
	unit_request(&r, "GET", path, "", NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_nonnull(strstr(r.body, "id=\"model-incidents\""));
	ck_assert_ptr_nonnull(strstr(r.body, "class=\"band sev-"));
	ck_assert_ptr_nonnull(strstr(r.body, "href=\"/en/incidents/"));
	buf_free(&r.raw);
}
END_TEST

/* The feeds: Atom's required elements, absolute links from the Host, and
 * the content type. */
START_TEST(test_feed_structure)
{
	struct unit_reply r;
	const char *const host[] = {
	    "HTTP_HOST", "status.example:8443", "HTTPS", "on", NULL, NULL};
	int64_t total = sql("SELECT count(*) FROM incidents");
	char v[128];
	static const char *const want[] = {
	    "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"es\">",
	    "<id>tag:status.example,2026:/es/feed.atom</id>",
	    "<link rel=\"self\" type=\"application/atom+xml\" "
	    "href=\"https://status.example:8443/es/feed.atom\"/>",
	    "<link rel=\"alternate\" type=\"text/html\" "
	    "href=\"https://status.example:8443/es/incidents\"/>",
	    "<title>Incidentes de AI-GO Monitor</title>",
	    "<updated>20",
	    "<id>tag:status.example,2026:/incidents/",
	    "<link rel=\"alternate\" type=\"text/html\" "
	    "href=\"https://status.example:8443/es/incidents/",
	};

	unit_request(&r, "GET", "/es/feed.atom", "", host);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(unit_header(&r, "Content-Type", v, sizeof(v)),
	                 "application/atom+xml; charset=utf-8");
	ck_assert(strncmp(r.body, want[0], strlen(want[0])) == 0);
	for (size_t i = 0; i < NELEM(want); i++)
		ck_assert_msg(strstr(r.body, want[i]) != NULL, "missing %s",
		              want[i]);
	ck_assert_int_eq(unit_count(r.body, "<entry>"),
	                 total < 50 ? total : 50);
	ck_assert_int_eq(unit_count(r.body, "<updated>"),
	                 (total < 50 ? total : 50) + 1);
	buf_free(&r.raw);
	unit_request(&r, "GET", "/en/providers/openai/feed.atom", "", NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_nonnull(
	    strstr(r.body, "<title>OpenAI incidents · AI-GO Monitor</title>"));
	ck_assert_ptr_nonnull(strstr(r.body, "/en/incidents?provider=openai"));
	buf_free(&r.raw);
	unit_request(&r, "GET", "/en/providers/nobody/feed.atom", "", NULL);
	ck_assert_int_eq(r.status, 404);
	buf_free(&r.raw);
}
END_TEST

/* In fallback mode with a version 1 snapshot (which holds no incidents)
 * the pages say that incidents are not available, never an empty
 * history; an incident's page and the feeds are 503. */
START_TEST(test_fallback_says_incidents_unavailable)
{
	struct unit_reply r;
	char err[256];
	static const struct {
		const char *path;
		int status;
		const char *has;
	} cases[] = {
	    {"/en/monitoring", 200,
	     "Incidents are read from the live database"},
	    {"/en/incidents", 200, "id=\"incidents-unavailable\""},
	    {"/en/models/gpt-4o", 200, "Incidents are read from the live"},
	    {"/en/incidents/1", 503, NULL},
	    {"/en/feed.atom", 503, NULL},
	    {"/en/providers/openai/feed.atom", 503, NULL},
	};

	char cmd[6000];

	ck_assert_int_eq(
	    source_write_snapshot(&unit_app.cfg, 1795838400, err, sizeof(err)),
	    0);
	/* The same snapshot as version 1 wrote it: without the lists. */
	snprintf(cmd, sizeof(cmd),
	         "jq '.formatVersion = 1 | del(.incidents, .maintenances, "
	         ".export)' '%s' > '%s.v1' && mv '%s.v1' '%s'",
	         unit_app_snap, unit_app_snap, unit_app_snap, unit_app_snap);
	ck_assert_int_eq(system(cmd), 0);
	unit_use_db("/nonexistent/aigo.db");
	for (size_t i = 0; i < NELEM(cases); i++) {
		unit_request(&r, "GET", cases[i].path, "", NULL);
		ck_assert_msg(r.status == cases[i].status, "%s: %d",
		              cases[i].path, r.status);
		if (cases[i].has != NULL)
			ck_assert_msg(strstr(r.body, cases[i].has) != NULL,
			              "%s lacks %s", cases[i].path,
			              cases[i].has);
		ck_assert_ptr_null(strstr(r.body, "id=\"no-incidents\""));
		ck_assert_ptr_null(strstr(r.body, "incident-banner"));
		unit_assert_no_raw_keys(r.body);
		buf_free(&r.raw);
	}
	unit_use_db(NULL);
	remove(unit_app_snap);
}
END_TEST

/* With a version 2 snapshot the pages list its incidents, as of its time
 * (the snapshot notice says which), and an incident's page and the feeds
 * answer from it. */
START_TEST(test_fallback_lists_the_snapshots_incidents)
{
	struct unit_reply r;
	char err[256], path[64];
	int64_t open_id, total;
	static const char *const pages[] = {
	    "/en/incidents", "/en/feed.atom", "/en/providers/openai/feed.atom",
	    "/ko/incidents", "/en/models/gpt-4o"};

	ck_assert_int_eq(
	    source_write_snapshot(&unit_app.cfg, 1795838400, err, sizeof(err)),
	    0);
	open_id = unit_sql_int(unit_app.cfg.db_path,
	                       "SELECT max(id) FROM incidents WHERE "
	                       "started_at <= 1795838400");
	total = unit_sql_int(unit_app.cfg.db_path,
	                     "SELECT count(*) FROM incidents");
	ck_assert_int_gt(open_id, 0);
	unit_use_db("/nonexistent/aigo.db");
	for (size_t i = 0; i < NELEM(pages); i++) {
		unit_request(&r, "GET", pages[i], "", NULL);
		ck_assert_msg(r.status == 200, "%s: %d", pages[i], r.status);
		ck_assert_ptr_null(strstr(r.body, "incidents-unavailable"));
		ck_assert_ptr_null(
		    strstr(r.body, "Incidents are read from the live"));
		unit_assert_no_raw_keys(r.body);
		buf_free(&r.raw);
	}
	unit_request(&r, "GET", "/en/incidents", "", NULL);
	ck_assert_ptr_nonnull(strstr(r.body, "showing the snapshot from"));
	ck_assert_int_eq(unit_count(r.body, "<tr data-incident="),
	                 total < 25 ? total : 25);
	buf_free(&r.raw);
	snprintf(path, sizeof(path), "/en/incidents/%lld", (long long)open_id);
	unit_request(&r, "GET", path, "", NULL);
	ck_assert_msg(r.status == 200, "%s: %d", path, r.status);
	ck_assert_ptr_nonnull(strstr(r.body, "showing the snapshot from"));
	unit_assert_no_raw_keys(r.body);
	buf_free(&r.raw);
	unit_use_db(NULL);
	remove(unit_app_snap);
}
END_TEST

Suite *
incident_pages_suite(void)
{
	Suite *s = suite_create("incident_pages");
	TCase *pure = tcase_create("pure");
	TCase *tc = unit_app_tcase();

	tcase_add_loop_test(pure, test_duration_per_locale, 0,
	                    (int)NELEM(duration_cases));
	tcase_add_test(pure, test_incident_bands_from_events);
	tcase_add_test(pure, test_timeline_bands_by_hand);
	tcase_add_test(pure, test_timeline_never_empty);
	tcase_add_test(pure, test_line_chart_marks_incidents);
	suite_add_tcase(s, pure);
	tcase_add_test(tc, test_banner_lists_open_incidents);
	tcase_add_test(tc, test_history_pages_and_filters);
	tcase_add_test(tc, test_incident_page);
	tcase_add_test(tc, test_model_page_incidents);
	tcase_add_test(tc, test_feed_structure);
	tcase_add_test(tc, test_fallback_says_incidents_unavailable);
	tcase_add_test(tc, test_fallback_lists_the_snapshots_incidents);
	suite_add_tcase(s, tc);
	return s;
}
