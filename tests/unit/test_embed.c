/* test_embed.c: the /embed cards (framing headers per route, content, language, 404), ?refresh= bounds, and the embed_frame_ancestors option. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "config.h"
#include "input.h"
#include "router.h"
#include "unit.h"

/* Which answers may be framed: only what is under /embed/ (the cards, the
 * "not found" card, errors there), whatever their status. */
static const struct frame_case {
	const char *name, *method, *path, *query;
	int frameable;
} frame_cases[] = {
    {"model_card", "GET", "/embed/claude-2-1", "lang=en", 1},
    {"provider_card", "GET", "/embed/provider/anthropic", "", 1},
    {"unknown_card_404", "GET", "/embed/no-such-model", "", 1},
    {"bad_lang_400", "GET", "/embed/claude-2-1", "lang=xx", 1},
    {"monitoring", "GET", "/en/monitoring", "", 0},
    {"model_page", "GET", "/en/models/claude-2-1", "", 0},
    {"api", "GET", "/api/v1/models", "", 0},
    {"metrics", "GET", "/metrics", "", 0},
    {"not_found", "GET", "/en/nope", "", 0},
    {"embed_itself", "GET", "/embed", "", 0},
    {"embed_deeper", "GET", "/embed/claude-2-1/x", "", 1},
    {"not_a_slug_404", "GET", "/embed/GPT-4o", "", 1},
    {"bad_lang_shape_400", "GET", "/embed/claude-2-1", "lang=KO", 1},
    {"post_to_card_405", "POST", "/embed/claude-2-1", "", 1},
    {"badge", "GET", "/badge/claude-2-1.svg", "", 0},
};

START_TEST(test_frame_headers)
{
	const struct frame_case *c = &frame_cases[_i];
	struct unit_reply r;
	char csp[512] = "", xfo[64] = "";

	unit_request(&r, c->method, c->path, c->query, NULL);
	unit_header(&r, "Content-Security-Policy", csp, sizeof(csp));
	unit_header(&r, "X-Frame-Options", xfo, sizeof(xfo));
	ck_assert_int_eq(unit_count(r.head, "Content-Security-Policy:"), 1);
	if (c->frameable) {
		ck_assert_msg(strstr(csp, "; frame-ancestors *") != NULL,
		              "%s: %s", c->name, csp);
		ck_assert_msg(xfo[0] == '\0', "%s: X-Frame-Options %s", c->name,
		              xfo);
	} else {
		ck_assert_msg(strstr(csp, "; frame-ancestors 'none'") != NULL,
		              "%s: %s", c->name, csp);
		ck_assert_str_eq(xfo, "DENY");
	}
	/* The rest of the policy is every page's. */
	ck_assert_msg(
	    strncmp(csp, "default-src 'none'; script-src 'self'; ", 39) == 0,
	    "%s: %s", c->name, csp);
	buf_free(&r.raw);
}
END_TEST

/* embed_frame_ancestors = 'none': the cards refuse framing as every other
 * answer does (X-Frame-Options too). */
START_TEST(test_frame_none)
{
	struct unit_reply r;
	char csp[512] = "", xfo[64] = "", was[512];

	snprintf(was, sizeof(was), "%s", unit_app.cfg.embed_frame_ancestors);
	snprintf(unit_app.cfg.embed_frame_ancestors,
	         sizeof(unit_app.cfg.embed_frame_ancestors), "'none'");
	unit_request(&r, "GET", "/embed/claude-2-1", "", NULL);
	snprintf(unit_app.cfg.embed_frame_ancestors,
	         sizeof(unit_app.cfg.embed_frame_ancestors), "%s", was);
	ck_assert_int_eq(r.status, 200);
	unit_header(&r, "Content-Security-Policy", csp, sizeof(csp));
	unit_header(&r, "X-Frame-Options", xfo, sizeof(xfo));
	ck_assert_ptr_nonnull(strstr(csp, "; frame-ancestors 'none'"));
	ck_assert_str_eq(xfo, "DENY");
	buf_free(&r.raw);
}
END_TEST

/* The card: name, status in words and as a class (colour and icon), the
 * three facts, the link in a new tab, translated, no raw key. */
START_TEST(test_model_card_content)
{
	static const char *const want[][2] = {
	    {"en", "Availability (24 h)"},   {"ko", "가용성 (24시간)"},
	    {"ja", "可用性（24時間）"},      {"zh", "可用性（24 小时）"},
	    {"es", "Disponibilidad (24 h)"},
	};

	for (size_t i = 0; i < NELEM(want); i++) {
		struct unit_reply r;
		char q[32], v[32];

		snprintf(q, sizeof(q), "lang=%s", want[i][0]);
		unit_request(&r, "GET", "/embed/claude-2-1", q, NULL);
		ck_assert_int_eq(r.status, 200);
		ck_assert_str_eq(
		    unit_header(&r, "Content-Language", v, sizeof(v)),
		    want[i][0]);
		ck_assert_str_eq(unit_header(&r, "X-Data-Source", v, sizeof(v)),
		                 "database");
		ck_assert_msg(strstr(r.body, want[i][1]) != NULL, "%s", r.body);
		ck_assert_ptr_nonnull(strstr(r.body, "class=\"status s-"));
		ck_assert_ptr_nonnull(strstr(r.body, "<span class=\"icon\""));
		ck_assert_ptr_nonnull(strstr(r.body, "<dd data-raw=\""));
		ck_assert_ptr_nonnull(
		    strstr(r.body, "target=\"_blank\" rel=\"noopener\""));
		unit_assert_no_raw_keys(r.body);
		buf_free(&r.raw);
	}
}
END_TEST

START_TEST(test_unknown_card_is_translated_404)
{
	struct unit_reply r;

	unit_request(&r, "GET", "/embed/no-such-model", "lang=es", NULL);
	ck_assert_int_eq(r.status, 404);
	ck_assert_ptr_nonnull(strstr(r.body, "No encontrado"));
	ck_assert_ptr_nonnull(strstr(r.body, "<code>no-such-model</code>"));
	unit_assert_no_raw_keys(r.body);
	buf_free(&r.raw);
	/* A path no route matches: the card in ?lang='s language too. */
	unit_request(&r, "GET", "/embed/GPT-4o", "lang=es", NULL);
	ck_assert_int_eq(r.status, 404);
	ck_assert_ptr_nonnull(strstr(r.body, "No encontrado"));
	ck_assert_ptr_nonnull(strstr(r.body, "<code>GPT-4o</code>"));
	buf_free(&r.raw);
}
END_TEST

/* ?refresh=: 30..3600 whole seconds, anything else refused. */
static const struct refresh_case {
	const char *query;
	int ok;
	int64_t refresh;
} refresh_cases[] = {
    {"", 1, 0},
    {"refresh=30", 1, 30},
    {"refresh=3600", 1, 3600},
    {"refresh=60", 1, 60},
    {"refresh=29", 0, 0},
    {"refresh=3601", 0, 0},
    {"refresh=0", 0, 0},
    {"refresh=-60", 0, 0},
    {"refresh=6e1", 0, 0},
    {"refresh=60s", 0, 0},
    {"refresh=", 0, 0},
    {"refresh=99999999999999999999", 0, 0},
};

START_TEST(test_refresh_bounds)
{
	const struct refresh_case *c = &refresh_cases[_i];
	struct input in;
	const char *bad = NULL;
	int rc = input_parse(c->query, INPUT_ALL_KEYS, &in, &bad);

	ck_assert_msg((rc == 0) == c->ok, "%s: %d", c->query, rc);
	if (c->ok)
		ck_assert_int_eq(in.refresh, c->refresh);
	else
		ck_assert_str_eq(bad, "refresh");
}
END_TEST

START_TEST(test_refresh_meta_on_monitoring_only)
{
	struct unit_reply r;

	unit_request(&r, "GET", "/en/monitoring", "refresh=120", NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_nonnull(
	    strstr(r.body, "<meta http-equiv=\"refresh\" content=\"120\">"));
	ck_assert_ptr_nonnull(strstr(r.body, "?range=7d&amp;refresh=120\""));
	/* The filter form keeps it too. */
	ck_assert_ptr_nonnull(strstr(
	    r.body, "<input type=\"hidden\" name=\"refresh\" value=\"120\">"));
	buf_free(&r.raw);
	unit_request(&r, "GET", "/en/monitoring", "", NULL);
	ck_assert_ptr_null(strstr(r.body, "http-equiv=\"refresh\""));
	buf_free(&r.raw);
	unit_request(&r, "GET", "/en/models/claude-2-1", "refresh=120", NULL);
	ck_assert_ptr_null(strstr(r.body, "http-equiv=\"refresh\""));
	buf_free(&r.raw);
	unit_request(&r, "GET", "/en/monitoring", "refresh=10", NULL);
	ck_assert_int_eq(r.status, 400);
	ck_assert_ptr_nonnull(strstr(r.body, "30 to 3600"));
	buf_free(&r.raw);
	/* A refused query leaves nothing half-read: the error page does not
	 * reload itself with the value that was valid. */
	unit_request(&r, "GET", "/en/monitoring", "refresh=60&refresh=10",
	             NULL);
	ck_assert_int_eq(r.status, 400);
	ck_assert_ptr_null(strstr(r.body, "http-equiv=\"refresh\""));
	buf_free(&r.raw);
	/* Pages that do not reload ignore the key, a bad value too. */
	unit_request(&r, "GET", "/en/models/claude-2-1", "refresh=abc", NULL);
	ck_assert_int_eq(r.status, 200);
	buf_free(&r.raw);
}
END_TEST

/* embed_frame_ancestors: what is accepted, and as what. */
static const struct fa_case {
	const char *in, *out; /* out NULL: refused */
} fa_cases[] = {
    {NULL, "*"},
    {"", "*"},
    {"*", "*"},
    {"'self'", "'self'"},
    {"  'self'   https://example.com  ", "'self' https://example.com"},
    {"https://*.example.com http://localhost:8080",
     "https://*.example.com http://localhost:8080"},
    {"https://[::1]:8443", "https://[::1]:8443"},
    {"* 'self'", NULL},
    {"example.com", NULL},
    {"https://", NULL},
    {"https://a.example; script-src *", NULL},
    {"https://a.example,https://b.example", NULL},
    {"'none'", "'none'"},
    {"'none' 'self'", NULL},
    {"* 'none'", NULL},
    {"'unsafe-inline'", NULL},
    {"https://a.example\r\nX: y", NULL},
    {"javascript:alert(1)", NULL},
    {"https://a.example/path", NULL},
};

START_TEST(test_frame_ancestors_option)
{
	const struct fa_case *c = &fa_cases[_i];
	char out[512];
	int rc = config_frame_ancestors(c->in, out, sizeof(out));

	if (c->out == NULL) {
		ck_assert_msg(rc == -1, "%s accepted as %s", c->in, out);
	} else {
		ck_assert_msg(rc == 0, "%s refused", c->in ? c->in : "NULL");
		ck_assert_str_eq(out, c->out);
	}
}
END_TEST

Suite *
embed_suite(void)
{
	Suite *s = suite_create("embed");
	TCase *tc = unit_app_tcase();
	TCase *pure = tcase_create("pure");

	tcase_add_loop_test(tc, test_frame_headers, 0, (int)NELEM(frame_cases));
	tcase_add_test(tc, test_model_card_content);
	tcase_add_test(tc, test_unknown_card_is_translated_404);
	tcase_add_test(tc, test_frame_none);
	tcase_add_test(tc, test_refresh_meta_on_monitoring_only);
	suite_add_tcase(s, tc);
	tcase_add_loop_test(pure, test_refresh_bounds, 0,
	                    (int)NELEM(refresh_cases));
	tcase_add_loop_test(pure, test_frame_ancestors_option, 0,
	                    (int)NELEM(fa_cases));
	suite_add_tcase(s, pure);
	return s;
}
