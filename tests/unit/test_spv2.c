/* test_spv2.c: the Statuspage-compatible API (/api/v2/…json) read back with the project's own Statuspage parser (statuspage.c), and its component statuses beside /api/v1/models. */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "arena.h"
#include "pstatus.h"
#include "statuspage.h"
#include "store.h"
#include "unit.h"

/* The non-group components of a v2 body. */
static int
count_components(const cJSON *j)
{
	const cJSON *c;
	int n = 0;

	cJSON_ArrayForEach(c, cJSON_GetObjectItem(j, "components")) n +=
	    !cJSON_IsTrue(cJSON_GetObjectItem(c, "group"));
	return n;
}

START_TEST(test_summary_parses_with_our_statuspage_reader)
{
	struct unit_reply r;
	struct pstatus_report rep;
	struct arena *a = arena_new();
	char err[256] = "";
	const cJSON *c, *inc;
	size_t k = 0;
	cJSON *j;
	int rc;

	unit_request(&r, "GET", "/api/v2/summary.json", "", NULL);
	ck_assert_int_eq(r.status, 200);
	j = cJSON_Parse(r.body);
	ck_assert_ptr_nonnull(j);
	rc = statuspage_parse(r.body, r.body_len, a, &rep, err, sizeof(err));
	ck_assert_msg(rc == 0, "%s", err);
	ck_assert_str_eq(
	    pstatus_indicator_names[rep.indicator],
	    cJSON_GetObjectItem(cJSON_GetObjectItem(j, "status"), "indicator")
	        ->valuestring);
	ck_assert_str_ne(rep.description, "");
	/* The demo has components in every status but maintenance, and
	 * every one is read back with its status (names are unique). */
	ck_assert_int_gt(count_components(j), 60);
	ck_assert_uint_eq(rep.n_components, (size_t)count_components(j));
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(j, "components"))
	{
		if (cJSON_IsTrue(cJSON_GetObjectItem(c, "group")))
			continue;
		ck_assert_str_eq(rep.components[k].name,
		                 cJSON_GetObjectItem(c, "name")->valuestring);
		ck_assert_str_eq(pstatus_level_names[rep.components[k].status],
		                 cJSON_GetObjectItem(c, "status")->valuestring);
		k++;
	}
	/* The unresolved incidents, with their ids, status, impact, link and
	 * the names of what they affect. */
	inc = cJSON_GetObjectItem(j, "incidents");
	ck_assert_int_gt(cJSON_GetArraySize(inc), 0);
	ck_assert_uint_eq(rep.n_incidents, (size_t)cJSON_GetArraySize(inc));
	k = 0;
	cJSON_ArrayForEach(c, inc)
	{
		const struct pstatus_incident *p = &rep.incidents[k++];
		const cJSON *comp =
		    cJSON_GetArrayItem(cJSON_GetObjectItem(c, "components"), 0);

		ck_assert_str_eq(p->id,
		                 cJSON_GetObjectItem(c, "id")->valuestring);
		ck_assert_str_eq(pstatus_incident_status_names[p->status],
		                 "investigating");
		ck_assert_str_eq(pstatus_indicator_names[p->impact],
		                 cJSON_GetObjectItem(c, "impact")->valuestring);
		ck_assert_ptr_nonnull(strstr(p->url, "/en/incidents/"));
		ck_assert_int_gt(p->created_at, 0);
		ck_assert_ptr_nonnull(comp);
		ck_assert_uint_ge(p->n_components, 1);
		ck_assert_str_eq(
		    p->components[0],
		    cJSON_GetObjectItem(comp, "name")->valuestring);
	}
	cJSON_Delete(j);
	arena_free(a);
	buf_free(&r.raw);
}
END_TEST

/* /api/v1's status of a model and the v2 component's agree: operational
 * and operational; outage and major_outage; degraded and
 * degraded_performance or partial_outage; unknown: whatever was last
 * known. */
START_TEST(test_components_agree_with_api_v1)
{
	struct unit_reply r1, r2;
	const cJSON *m;
	cJSON *j1, *j2;
	int seen = 0;

	unit_request(&r1, "GET", "/api/v1/models", "limit=500&active=true",
	             NULL);
	unit_request(&r2, "GET", "/api/v2/components.json", "", NULL);
	ck_assert_int_eq(r1.status, 200);
	ck_assert_int_eq(r2.status, 200);
	j1 = cJSON_Parse(r1.body);
	j2 = cJSON_Parse(r2.body);
	cJSON_ArrayForEach(m, cJSON_GetObjectItem(j1, "models"))
	{
		const char *slug = cJSON_GetObjectItem(m, "slug")->valuestring;
		const char *s1 = cJSON_GetObjectItem(m, "status")->valuestring;
		const char *s2 = NULL;
		const cJSON *c;
		char id[128];

		snprintf(id, sizeof(id), "model.%s", slug);
		cJSON_ArrayForEach(
		    c,
		    cJSON_GetObjectItem(
		        j2,
		        "components")) if (strcmp(cJSON_GetObjectItem(c, "id")
		                                      ->valuestring,
		                                  id) == 0) s2 =
		    cJSON_GetObjectItem(c, "status")->valuestring;
		if (strcmp(s1, "unknown") == 0)
			continue;
		ck_assert_msg(s2 != NULL, "%s missing", id);
		seen++;
		if (strcmp(s1, "operational") == 0)
			ck_assert_str_eq(s2, "operational");
		else if (strcmp(s1, "outage") == 0)
			ck_assert_str_eq(s2, "major_outage");
		else
			ck_assert_msg(strcmp(s2, "degraded_performance") == 0 ||
			                  strcmp(s2, "partial_outage") == 0,
			              "%s: %s", id, s2);
	}
	ck_assert_int_gt(seen, 60);
	cJSON_Delete(j1);
	cJSON_Delete(j2);
	buf_free(&r1.raw);
	buf_free(&r2.raw);
}
END_TEST

/* A database with the catalog and no check: no component, the calm
 * indicator, but words that do not claim the models are fine; the page's
 * updated_at is now. */
START_TEST(test_nothing_checked_yet)
{
	char path[1100];
	struct unit_reply r;
	cJSON *j;

	snprintf(path, sizeof(path), "%s/tests/out/unit-spv2-empty.db",
	         unit_root());
	store_close(unit_store_create(path, "db/schema.sql"));
	unit_use_db(path);
	unit_request(&r, "GET", "/api/v2/summary.json", "", NULL);
	unit_use_db(NULL);
	ck_assert_int_eq(r.status, 200);
	j = cJSON_Parse(r.body);
	ck_assert_ptr_nonnull(j);
	ck_assert_int_eq(count_components(j), 0);
	ck_assert_str_eq(
	    cJSON_GetObjectItem(cJSON_GetObjectItem(j, "status"), "indicator")
	        ->valuestring,
	    "none");
	ck_assert_str_eq(
	    cJSON_GetObjectItem(cJSON_GetObjectItem(j, "status"), "description")
	        ->valuestring,
	    "No model has been checked yet");
	ck_assert_str_eq(
	    cJSON_GetObjectItem(cJSON_GetObjectItem(j, "page"), "updated_at")
	        ->valuestring,
	    "2026-11-28T04:00:00Z");
	cJSON_Delete(j);
	buf_free(&r.raw);
}
END_TEST

Suite *
spv2_suite(void)
{
	Suite *s = suite_create("spv2");
	TCase *tc = unit_app_tcase();

	tcase_add_test(tc, test_summary_parses_with_our_statuspage_reader);
	tcase_add_test(tc, test_components_agree_with_api_v1);
	tcase_add_test(tc, test_nothing_checked_yet);
	suite_add_tcase(s, tc);
	return s;
}
