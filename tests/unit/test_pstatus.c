/* test_pstatus.c: what the providers' status pages say: the Statuspage v2 parser, the rule, the catalog's statusApi and statusComponents, and the store's round trip. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "catalog.h"
#include "fileutil.h"
#include "pstatus.h"
#include "statuspage.h"
#include "store.h"
#include "unit.h"

/* ---- the parser ---- */

static char *
fixture(const char *name, size_t *len)
{
	char path[1100];
	char *text;

	snprintf(path, sizeof(path), "%s/tests/unit/fixtures/statuspage/%s",
	         unit_root(), name);
	text = file_read_all(path, len);
	ck_assert_msg(text != NULL, "%s", path);
	return text;
}

START_TEST(test_statuspage_real_shaped_summary)
{
	size_t len;
	char *text = fixture("major.json", &len);
	struct arena *a = arena_new();
	struct pstatus_report r;
	char err[300];

	ck_assert_msg(statuspage_parse(text, len, a, &r, err, sizeof(err)) == 0,
	              "%s", err);
	free(text);
	ck_assert_int_eq(r.indicator, PSTATUS_IND_CRITICAL);
	ck_assert_str_eq(r.description, "Major System Outage");
	/* The group "API" is skipped; "Embeddings" twice is kept once with
	 * its worse status. */
	ck_assert_uint_eq(r.n_components, 3);
	ck_assert_str_eq(r.components[0].name, "Chat Completions");
	ck_assert_int_eq(r.components[0].status, PSTATUS_MAJOR_OUTAGE);
	ck_assert_str_eq(r.components[1].name, "Embeddings");
	ck_assert_int_eq(r.components[1].status, PSTATUS_DEGRADED_PERFORMANCE);
	ck_assert_str_eq(r.components[2].name, "Playground");
	ck_assert_int_eq(r.components[2].status, PSTATUS_UNDER_MAINTENANCE);
	/* The resolved incident is left out. */
	ck_assert_uint_eq(r.n_incidents, 2);
	ck_assert_str_eq(r.incidents[0].id, "p7zq1");
	ck_assert_str_eq(r.incidents[0].name,
	                 "Elevated error rates on Chat Completions");
	ck_assert_int_eq(r.incidents[0].status, PSTATUS_INC_IDENTIFIED);
	ck_assert_int_eq(r.incidents[0].impact, PSTATUS_IND_CRITICAL);
	/* 2026-12-01T11:58:07.478-07:00 and 2026-12-01T19:00:00Z (python's
	 * datetime.fromisoformat). */
	ck_assert_int_eq(r.incidents[0].created_at, 1796151487);
	ck_assert_int_eq(r.incidents[0].updated_at, 1796151600);
	ck_assert_str_eq(r.incidents[0].url, "https://stspg.io/p7zq1");
	/* Its components, then the names its updates affected. */
	ck_assert_uint_eq(r.incidents[0].n_components, 2);
	ck_assert_str_eq(r.incidents[0].components[0], "Chat Completions");
	ck_assert_str_eq(r.incidents[0].components[1], "Embeddings");
	ck_assert_str_eq(r.incidents[1].id, "q2");
	ck_assert_int_eq(r.incidents[1].impact, PSTATUS_IND_NONE);
	ck_assert_int_eq(r.incidents[1].updated_at, 0);
	/* A link that is not a web link is not kept. */
	ck_assert_ptr_null(r.incidents[1].url);
	ck_assert_uint_eq(r.incidents[1].n_components, 0);
	arena_free(a);
}
END_TEST

static const struct bad_case {
	const char *name, *text, *want;
} bad_cases[] = {
    {"empty", "", "empty answer"},
    {"not_json", "{\"status\": {\"indicator\": ", "not valid JSON"},
    {"html", "<html>Status</html>", "not valid JSON"},
    {"array", "[]", "not a Statuspage v2 summary"},
    {"no_status", "{\"components\": []}", "status: missing"},
    {"status_not_object", "{\"status\": \"fine\"}", "status: missing"},
    {"no_indicator", "{\"status\": {\"description\": \"x\"}}",
     "status.indicator: missing"},
    {"unknown_indicator", "{\"status\": {\"indicator\": \"purple\"}}",
     "status.indicator: unknown value \"purple\""},
    {"indicator_number", "{\"status\": {\"indicator\": 3}}",
     "status.indicator: not a string"},
    {"components_not_list",
     "{\"status\": {\"indicator\": \"none\"}, \"components\": {}}",
     "components: not a list"},
    {"component_not_object",
     "{\"status\": {\"indicator\": \"none\"}, \"components\": [1]}",
     "components[0]: not an object"},
    {"component_no_name",
     "{\"status\": {\"indicator\": \"none\"}, \"components\": "
     "[{\"status\": \"operational\"}]}",
     "components[0].name: missing"},
    {"component_unknown_status",
     "{\"status\": {\"indicator\": \"none\"}, \"components\": "
     "[{\"name\": \"API\", \"status\": \"broken\"}]}",
     "components[0].status: unknown value \"broken\""},
    {"component_name_newline",
     "{\"status\": {\"indicator\": \"none\"}, \"components\": "
     "[{\"name\": \"A\\nB\", \"status\": \"operational\"}]}",
     "components[0].name: holds a control character"},
    {"component_group_string",
     "{\"status\": {\"indicator\": \"none\"}, \"components\": "
     "[{\"name\": \"A\", \"status\": \"operational\", \"group\": \"yes\"}]}",
     "components[0].group: not true or false"},
    {"incidents_not_list",
     "{\"status\": {\"indicator\": \"none\"}, \"incidents\": 1}",
     "incidents: not a list"},
    {"incident_no_id",
     "{\"status\": {\"indicator\": \"none\"}, \"incidents\": [{\"name\": "
     "\"x\", \"status\": \"investigating\", \"impact\": \"minor\"}]}",
     "incidents[0].id: missing"},
    {"incident_bad_time",
     "{\"status\": {\"indicator\": \"none\"}, \"incidents\": [{\"id\": "
     "\"i\", \"name\": \"x\", \"status\": \"investigating\", \"impact\": "
     "\"minor\", \"created_at\": \"yesterday\"}]}",
     "incidents[0].created_at: not an RFC 3339 time"},
    {"incident_unknown_impact",
     "{\"status\": {\"indicator\": \"none\"}, \"incidents\": [{\"id\": "
     "\"i\", \"name\": \"x\", \"status\": \"investigating\", \"impact\": "
     "\"huge\"}]}",
     "incidents[0].impact: unknown value \"huge\""},
    {"incident_twice",
     "{\"status\": {\"indicator\": \"none\"}, \"incidents\": [{\"id\": "
     "\"i\", \"name\": \"x\", \"status\": \"investigating\", \"impact\": "
     "\"minor\"}, {\"id\": \"i\", \"name\": \"y\", \"status\": "
     "\"identified\", \"impact\": \"minor\"}]}",
     "incidents[1].id: \"i\" listed twice"},
    {"affected_not_list",
     "{\"status\": {\"indicator\": \"none\"}, \"incidents\": [{\"id\": "
     "\"i\", \"name\": \"x\", \"status\": \"investigating\", \"impact\": "
     "\"minor\", \"incident_updates\": [{\"affected_components\": 7}]}]}",
     "incidents[0].incident_updates[0].affected_components: not a list"},
    /* Found by the fuzzer: the message quoted the value with its
     * newline. */
    {"error_one_printable_line",
     "{\"status\": {\"indicator\": \"none\\nx\\u00e9\"}}",
     "status.indicator: unknown value \"none?x??\""},
    {"trailing_bytes", "{\"status\": {\"indicator\": \"none\"}} x",
     "more data after the JSON value"},
};

START_TEST(test_statuspage_malformed_refused)
{
	const struct bad_case *c = &bad_cases[_i];
	struct arena *a = arena_new();
	struct pstatus_report r;
	char err[300] = "";

	ck_assert_msg(statuspage_parse(c->text, strlen(c->text), a, &r, err,
	                               sizeof(err)) == -1,
	              "%s: accepted", c->name);
	ck_assert_msg(strstr(err, c->want) != NULL,
	              "%s: said \"%s\", want \"%s\"", c->name, err, c->want);
	ck_assert_uint_eq(r.n_components, 0);
	ck_assert_uint_eq(r.n_incidents, 0);
	arena_free(a);
}
END_TEST

/* Too long, too many: each bound refused by name, never past it. */
START_TEST(test_statuspage_bounds)
{
	struct arena *a = arena_new();
	struct pstatus_report r;
	struct buf b = {0};
	char err[300];

	buf_puts(&b,
	         "{\"status\": {\"indicator\": \"none\"}, \"components\": [");
	for (int i = 0; i <= PSTATUS_COMPONENTS_MAX; i++)
		buf_printf(&b,
		           "%s{\"name\": \"c%d\", \"status\": "
		           "\"operational\"}",
		           i ? "," : "", i);
	buf_puts(&b, "]}");
	ck_assert_int_eq(
	    statuspage_parse(b.data, b.len, a, &r, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "components: more than 500");
	b.len = 0;
	buf_puts(&b, "{\"status\": {\"indicator\": \"none\"}, \"components\": "
	             "[{\"name\": \"");
	for (int i = 0; i <= PSTATUS_NAME_MAX; i++)
		buf_puts(&b, "x");
	buf_puts(&b, "\", \"status\": \"operational\"}]}");
	ck_assert_int_eq(
	    statuspage_parse(b.data, b.len, a, &r, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "components[0].name: longer than 200 bytes");
	/* Not NUL-terminated: only len bytes are read. */
	ck_assert_int_eq(statuspage_parse("{\"status\": {\"indicator\": "
	                                  "\"none\"}}GARBAGE",
	                                  33, a, &r, err, sizeof(err)),
	                 0);
	ck_assert_str_eq(r.description, "");
	buf_free(&b);
	arena_free(a);
}
END_TEST

/* ---- the rule ---- */

#define NOW 1796151600
#define IV 300

static struct pstatus_component comps[] = {
    {"Chat Completions", PSTATUS_OPERATIONAL},
    {"Embeddings", PSTATUS_OPERATIONAL},
    {"Playground", PSTATUS_OPERATIONAL},
};
static const char *chat_only[] = {"Chat Completions"};
static const char *playground_only[] = {"Playground"};

enum said_kind { NEVER, OK, STALE_ONE, FRESH_EDGE };

static const struct rule_case {
	const char *name;
	enum said_kind when;
	enum pstatus_indicator indicator;
	int chat_status, emb_status; /* enum pstatus_level */
	int incident;                /* 0 none, 1 on chat, 2 on playground,
	                                3 on chat but resolved, 4 maintenance
	                                on chat */
	const char *components;      /* the model's */
	enum status measured;
	/* expected */
	int says;
	enum pstatus_level level;
	int open_incident;
	enum pstatus_disagree disagree;
} rule_cases[] = {
    {"never_read_says_nothing", NEVER, PSTATUS_IND_MAJOR, 0, 0, 0,
     "Chat Completions", STATUS_OUTAGE, 0, PSTATUS_OPERATIONAL, 0,
     PSTATUS_AGREE},
    {"stale_says_nothing", STALE_ONE, PSTATUS_IND_NONE, 0, 0, 0,
     "Chat Completions", STATUS_OUTAGE, 0, PSTATUS_OPERATIONAL, 0,
     PSTATUS_AGREE},
    {"read_exactly_three_intervals_ago_still_says", FRESH_EDGE,
     PSTATUS_IND_NONE, 0, 0, 0, "Chat Completions", STATUS_OUTAGE, 1,
     PSTATUS_OPERATIONAL, 0, PSTATUS_WE_SEE_OUTAGE},
    {"we_measure_outage_provider_operational", OK, PSTATUS_IND_NONE, 0, 0, 0,
     "Chat Completions", STATUS_OUTAGE, 1, PSTATUS_OPERATIONAL, 0,
     PSTATUS_WE_SEE_OUTAGE},
    {"both_operational_agree", OK, PSTATUS_IND_NONE, 0, 0, 0,
     "Chat Completions", STATUS_OPERATIONAL, 1, PSTATUS_OPERATIONAL, 0,
     PSTATUS_AGREE},
    {"both_outage_agree", OK, PSTATUS_IND_MAJOR, PSTATUS_MAJOR_OUTAGE, 0, 0,
     "Chat Completions", STATUS_OUTAGE, 1, PSTATUS_MAJOR_OUTAGE, 0,
     PSTATUS_AGREE},
    {"component_major_outage_we_measure_fine", OK, PSTATUS_IND_MAJOR,
     PSTATUS_MAJOR_OUTAGE, 0, 0, "Chat Completions", STATUS_OPERATIONAL, 1,
     PSTATUS_MAJOR_OUTAGE, 0, PSTATUS_PROVIDER_REPORTS},
    {"other_component_down_is_not_ours", OK, PSTATUS_IND_MAJOR, 0,
     PSTATUS_MAJOR_OUTAGE, 0, "Chat Completions", STATUS_OPERATIONAL, 1,
     PSTATUS_OPERATIONAL, 0, PSTATUS_AGREE},
    {"worst_of_two_components", OK, PSTATUS_IND_MINOR,
     PSTATUS_DEGRADED_PERFORMANCE, PSTATUS_PARTIAL_OUTAGE, 0,
     "Chat Completions\nEmbeddings", STATUS_DEGRADED, 1, PSTATUS_PARTIAL_OUTAGE,
     0, PSTATUS_AGREE},
    {"incident_on_our_component_counts", OK, PSTATUS_IND_MINOR, 0, 0, 1,
     "Chat Completions", STATUS_OPERATIONAL, 1, PSTATUS_PARTIAL_OUTAGE, 1,
     PSTATUS_PROVIDER_REPORTS},
    {"incident_elsewhere_does_not", OK, PSTATUS_IND_MINOR, 0, 0, 2,
     "Chat Completions", STATUS_OPERATIONAL, 1, PSTATUS_OPERATIONAL, 0,
     PSTATUS_AGREE},
    {"resolved_incident_does_not", OK, PSTATUS_IND_NONE, 0, 0, 3,
     "Chat Completions", STATUS_OPERATIONAL, 1, PSTATUS_OPERATIONAL, 0,
     PSTATUS_AGREE},
    {"maintenance_is_not_a_problem", OK, PSTATUS_IND_MAINTENANCE, 0, 0, 4,
     "Chat Completions", STATUS_OPERATIONAL, 1, PSTATUS_UNDER_MAINTENANCE, 0,
     PSTATUS_AGREE},
    {"maintenance_against_our_outage_is_no_flag", OK, PSTATUS_IND_MAINTENANCE,
     0, 0, 4, "Chat Completions", STATUS_OUTAGE, 1, PSTATUS_UNDER_MAINTENANCE,
     0, PSTATUS_AGREE},
    {"no_components_named_uses_indicator", OK, PSTATUS_IND_MINOR, 0, 0, 0, "",
     STATUS_OPERATIONAL, 1, PSTATUS_DEGRADED_PERFORMANCE, 0,
     PSTATUS_PROVIDER_REPORTS},
    {"no_components_indicator_none_our_outage", OK, PSTATUS_IND_NONE, 0, 0, 0,
     "", STATUS_OUTAGE, 1, PSTATUS_OPERATIONAL, 0, PSTATUS_WE_SEE_OUTAGE},
    {"no_components_any_incident_counts", OK, PSTATUS_IND_NONE, 0, 0, 2, "",
     STATUS_OPERATIONAL, 1, PSTATUS_OPERATIONAL, 1, PSTATUS_PROVIDER_REPORTS},
    {"named_component_missing_from_page", OK, PSTATUS_IND_CRITICAL, 0, 0, 0,
     "Gone", STATUS_OUTAGE, 1, PSTATUS_OPERATIONAL, 0, PSTATUS_WE_SEE_OUTAGE},
    {"degraded_measured_never_disagrees", OK, PSTATUS_IND_NONE, 0, 0, 0,
     "Chat Completions", STATUS_DEGRADED, 1, PSTATUS_OPERATIONAL, 0,
     PSTATUS_AGREE},
    {"unknown_measured_never_disagrees", OK, PSTATUS_IND_CRITICAL,
     PSTATUS_MAJOR_OUTAGE, 0, 0, "Chat Completions", STATUS_UNKNOWN, 1,
     PSTATUS_MAJOR_OUTAGE, 0, PSTATUS_AGREE},
};

START_TEST(test_pstatus_rule_table)
{
	const struct rule_case *c = &rule_cases[_i];
	struct pstatus_component cs[3];
	struct pstatus_incident in = {0};
	struct provider_said said = {0};
	struct pstatus_verdict v;

	memcpy(cs, comps, sizeof(cs));
	cs[0].status = (enum pstatus_level)c->chat_status;
	cs[1].status = (enum pstatus_level)c->emb_status;
	said.checked_at = NOW;
	said.ok_at = c->when == NEVER        ? 0
	             : c->when == STALE_ONE  ? NOW - 3 * IV - 1
	             : c->when == FRESH_EDGE ? NOW - 3 * IV
	                                     : NOW - 10;
	said.report.indicator = c->indicator;
	said.report.description = "";
	said.report.components = cs;
	said.report.n_components = 3;
	if (c->incident) {
		in.id = "i1";
		in.name = "Trouble";
		in.status = c->incident == 3 ? PSTATUS_INC_RESOLVED
		                             : PSTATUS_INC_INVESTIGATING;
		in.impact = c->incident == 4 ? PSTATUS_IND_MAINTENANCE
		                             : PSTATUS_IND_MAJOR;
		in.components = c->incident == 2 ? playground_only : chat_only;
		in.n_components = 1;
		said.report.incidents = &in;
		said.report.n_incidents = 1;
	}
	v = pstatus_model_says(&said, c->components, c->measured, NOW, IV);
	ck_assert_msg(v.says == c->says, "%s: says %d", c->name, v.says);
	ck_assert_msg(v.level == c->level, "%s: level %s", c->name,
	              pstatus_level_names[v.level]);
	ck_assert_msg(v.incident == c->open_incident, "%s: incident %d",
	              c->name, v.incident);
	ck_assert_msg(v.disagree == c->disagree, "%s: disagree %s", c->name,
	              pstatus_disagree_names[v.disagree]);
}
END_TEST

/* The provider's level: its page's indicator against its models. */
START_TEST(test_pstatus_provider_rule)
{
	struct provider_said said = {0};
	int all_ok[STATUS__MAX] = {3, 0, 0, 1};
	int one_down[STATUS__MAX] = {2, 0, 1, 0};
	int none[STATUS__MAX] = {0, 0, 0, 2};
	struct pstatus_verdict v;

	ck_assert_int_eq(pstatus_provider_measured(all_ok), STATUS_OPERATIONAL);
	ck_assert_int_eq(pstatus_provider_measured(one_down), STATUS_OUTAGE);
	ck_assert_int_eq(pstatus_provider_measured(none), STATUS_UNKNOWN);
	said.ok_at = NOW;
	said.checked_at = NOW;
	said.report.indicator = PSTATUS_IND_NONE;
	v = pstatus_provider_says(&said, STATUS_OUTAGE, NOW, IV);
	ck_assert_int_eq(v.disagree, PSTATUS_WE_SEE_OUTAGE);
	said.report.indicator = PSTATUS_IND_MAJOR;
	v = pstatus_provider_says(&said, STATUS_OPERATIONAL, NOW, IV);
	ck_assert_int_eq(v.level, PSTATUS_PARTIAL_OUTAGE);
	ck_assert_int_eq(v.disagree, PSTATUS_PROVIDER_REPORTS);
	v = pstatus_provider_says(&said, STATUS_OUTAGE, NOW, IV);
	ck_assert_int_eq(v.disagree, PSTATUS_AGREE);
	v = pstatus_provider_says(&said, STATUS_OPERATIONAL, NOW + 3 * IV + 1,
	                          IV);
	ck_assert_int_eq(v.says, 0);
	ck_assert_int_eq(v.disagree, PSTATUS_AGREE);
	ck_assert_int_eq(
	    pstatus_provider_says(NULL, STATUS_OUTAGE, NOW, IV).says, 0);
}
END_TEST

/* ---- the catalog ---- */

#define CP "{'providers': [{'slug': 'p', 'name': 'P', "
#define CM                                                                     \
	"'models': [{'slug': 'm', 'name': 'M', 'endpoints': [{'url': "         \
	"'http://x/'}]"

static const struct bad_case catalog_cases[] = {
    {"good",
     CP "'statusApi': {'format': 'statuspage_v2', 'url': "
        "'https://status.x/api/v2/summary.json'}, " CM
        ", 'statusComponents': ['API', 'Chat']}]}]}",
     NULL},
    {"api_not_object", CP "'statusApi': 'https://s/', " CM "}]}]}",
     "providers[0].statusApi: must be an object"},
    {"unknown_format",
     CP "'statusApi': {'format': 'rss', 'url': 'https://s/'}, " CM "}]}]}",
     "providers[0].statusApi.format: unknown format \"rss\""},
    {"format_missing", CP "'statusApi': {'url': 'https://s/'}, " CM "}]}]}",
     "providers[0].statusApi.format: missing"},
    {"url_not_http",
     CP "'statusApi': {'format': 'statuspage_v2', 'url': "
        "'file:///etc/passwd'}, " CM "}]}]}",
     "providers[0].statusApi.url: must be an http:// or https:// URL"},
    {"url_number",
     CP "'statusApi': {'format': 'statuspage_v2', 'url': 5}, " CM "}]}]}",
     "providers[0].statusApi.url: must be a string"},
    {"api_unknown_member",
     CP "'statusApi': {'format': 'statuspage_v2', 'url': 'https://s/', "
        "'key': 'x'}, " CM "}]}]}",
     "providers[0].statusApi.key: unknown member"},
    {"components_not_list", CP CM ", 'statusComponents': 'API'}]}]}",
     "providers[0].models[0].statusComponents: must be a list"},
    {"components_empty_list", CP CM ", 'statusComponents': []}]}]}",
     "providers[0].models[0].statusComponents: must be a list"},
    {"component_number", CP CM ", 'statusComponents': ['API', 3]}]}]}",
     "providers[0].models[0].statusComponents: item 1 is not a name"},
    {"component_empty", CP CM ", 'statusComponents': ['']}]}]}",
     "providers[0].models[0].statusComponents: item 0 is not a name"},
    {"component_twice", CP CM ", 'statusComponents': ['A', 'A']}]}]}",
     "providers[0].models[0].statusComponents: \"A\" listed twice"},
    {"component_newline", CP CM ", 'statusComponents': ['A\\nB']}]}]}",
     "providers[0].models[0].statusComponents: item 0 holds a control"},
};

START_TEST(test_catalog_status_keys)
{
	const struct bad_case *c = &catalog_cases[_i];
	char path[1100], err[512] = "";
	char *text = strdup(c->text);
	struct catalog cat;
	FILE *f;
	int rc;

	for (char *p = text; *p; p++)
		if (*p == '\'')
			*p = '"';
	snprintf(path, sizeof(path), "%s/tests/out/unit-pstatus-catalog.json",
	         unit_root());
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	free(text);
	rc = catalog_read(path, &cat, err, sizeof(err));
	if (c->want == NULL) {
		ck_assert_msg(rc == 0, "%s: refused: %s", c->name, err);
		ck_assert_int_eq(cat.providers[0].status_api_format,
		                 PSTATUS_FORMAT_STATUSPAGE_V2);
		ck_assert_str_eq(cat.providers[0].status_api_url,
		                 "https://status.x/api/v2/summary.json");
		ck_assert_str_eq(cat.providers[0].models[0].status_components,
		                 "API\nChat");
	} else {
		ck_assert_msg(rc == -1, "%s: accepted", c->name);
		ck_assert_msg(strstr(err, c->want) != NULL,
		              "%s: said \"%s\", want \"%s\"", c->name, err,
		              c->want);
	}
	catalog_free(&cat);
}
END_TEST

/* ---- the store ---- */

START_TEST(test_store_provider_status_round_trip)
{
	char db[1100], err[512];
	size_t len;
	char *text = fixture("major.json", &len);
	struct arena *a = arena_new();
	struct pstatus_report r;
	struct store *s;
	struct dataset ds;
	const struct provider_said *said = NULL;
	int64_t pid;
	size_t p;

	snprintf(db, sizeof(db), "%s/tests/out/unit-pstatus.db", unit_root());
	unit_make_demo_db(db, NOW, 1);
	ck_assert_int_eq(statuspage_parse(text, len, a, &r, err, sizeof(err)),
	                 0);
	free(text);
	s = store_open_write(unit_db(db), NULL, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_int_eq(
	    store_find_provider(s, "openai", &pid, err, sizeof(err)), 0);
	ck_assert_int_eq(
	    store_find_provider(s, "nobody", &pid, err, sizeof(err)), 1);
	ck_assert_int_eq(
	    store_find_provider(s, "openai", &pid, err, sizeof(err)), 0);
	ck_assert_msg(store_record_provider_status(
	                  s, pid, PSTATUS_FORMAT_STATUSPAGE_V2, NOW - 60, &r,
	                  NULL, err, sizeof(err)) == 0,
	              "%s", err);
	/* Counted with plain SQL (unit_sql_int), not the store's. */
	ck_assert_int_eq(
	    unit_sql_int(db, "SELECT count(*) FROM provider_components"), 3);
	ck_assert_int_eq(
	    unit_sql_int(db, "SELECT count(*) FROM provider_incidents"), 2);
	ck_assert_int_eq(unit_sql_int(db, "SELECT ok_at FROM provider_status"),
	                 NOW - 60);
	/* A failed read keeps the answer, records its time and error. */
	ck_assert_int_eq(store_record_provider_status(
	                     s, pid, PSTATUS_FORMAT_STATUSPAGE_V2, NOW, NULL,
	                     "HTTP 503", err, sizeof(err)),
	                 0);
	ck_assert_int_eq(unit_sql_int(db, "SELECT ok_at FROM provider_status"),
	                 NOW - 60);
	ck_assert_int_eq(
	    unit_sql_int(db, "SELECT checked_at FROM provider_status"), NOW);
	ck_assert_int_eq(
	    unit_sql_int(db, "SELECT count(*) FROM provider_incidents"), 2);
	ck_assert_int_eq(
	    store_read_dataset(s, NOW, 0, a, &ds, err, sizeof(err)), 0);
	for (p = 0; p < ds.n_providers; p++)
		if (strcmp(ds.providers[p].slug, "openai") == 0)
			said = ds.providers[p].said;
		else
			ck_assert_ptr_null(ds.providers[p].said);
	ck_assert_ptr_nonnull(said);
	ck_assert_int_eq(said->ok_at, NOW - 60);
	ck_assert_int_eq(said->checked_at, NOW);
	ck_assert_str_eq(said->error, "HTTP 503");
	ck_assert_int_eq(said->report.indicator, PSTATUS_IND_CRITICAL);
	ck_assert_str_eq(said->report.description, "Major System Outage");
	ck_assert_uint_eq(said->report.n_components, 3);
	ck_assert_str_eq(said->report.components[0].name, "Chat Completions");
	ck_assert_int_eq(said->report.components[0].status,
	                 PSTATUS_MAJOR_OUTAGE);
	ck_assert_uint_eq(said->report.n_incidents, 2);
	/* Newest first: q2 started 2024, p7zq1 2026. */
	ck_assert_str_eq(said->report.incidents[0].id, "p7zq1");
	ck_assert_int_eq(said->report.incidents[0].created_at, 1796151487);
	ck_assert_uint_eq(said->report.incidents[0].n_components, 2);
	ck_assert_str_eq(said->report.incidents[0].components[1], "Embeddings");
	ck_assert_ptr_null(said->report.incidents[1].url);
	/* A new answer replaces the old rows. */
	r.n_incidents = 0;
	r.n_components = 1;
	ck_assert_int_eq(
	    store_record_provider_status(s, pid, PSTATUS_FORMAT_STATUSPAGE_V2,
	                                 NOW + 1, &r, NULL, err, sizeof(err)),
	    0);
	ck_assert_int_eq(
	    unit_sql_int(db, "SELECT count(*) FROM provider_incidents"), 0);
	ck_assert_int_eq(
	    unit_sql_int(db, "SELECT count(*) FROM provider_components"), 1);
	ck_assert_int_eq(
	    unit_sql_int(db, "SELECT count(*) FROM provider_status WHERE "
	                     "error IS NULL AND ok_at = checked_at"),
	    1);
	store_close(s);
	arena_free(a);
}
END_TEST

Suite *
pstatus_suite(void)
{
	Suite *s = suite_create("pstatus");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_statuspage_real_shaped_summary);
	tcase_add_loop_test(tc, test_statuspage_malformed_refused, 0,
	                    (int)NELEM(bad_cases));
	tcase_add_test(tc, test_statuspage_bounds);
	tcase_add_loop_test(tc, test_pstatus_rule_table, 0,
	                    (int)NELEM(rule_cases));
	tcase_add_test(tc, test_pstatus_provider_rule);
	tcase_add_loop_test(tc, test_catalog_status_keys, 0,
	                    (int)NELEM(catalog_cases));
	tcase_add_test(tc, test_store_provider_status_round_trip);
	suite_add_tcase(s, tc);
	return s;
}
