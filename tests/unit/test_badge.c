/* test_badge.c: the badges: the width table of DejaVu Sans, text widths (Latin, CJK, unknown), the SVG's shape, escaping and colours, and the {slug}.svg routes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "badge.h"
#include "unit.h"

/* Sorted, one row per code point, every printable ASCII character in it,
 * and only widths a text font has (combining marks take none). */
START_TEST(test_table_shape)
{
	ck_assert_uint_gt(badge_n_advances, 1000);
	for (size_t i = 1; i < badge_n_advances; i++)
		ck_assert_uint_lt(badge_advances[i - 1].cp,
		                  badge_advances[i].cp);
	for (size_t i = 0; i < badge_n_advances; i++) {
		const struct badge_advance *a = &badge_advances[i];

		ck_assert_uint_le(a->adv, 2100);
		/* Combining marks take no room. */
		if (a->cp >= 0x300 && a->cp <= 0x36f)
			ck_assert_uint_eq(a->adv, 0);
	}
	for (unsigned c = 0x20; c < 0x7f; c++) {
		size_t i = 0;

		while (i < badge_n_advances && badge_advances[i].cp != c)
			i++;
		ck_assert_msg(i < badge_n_advances, "U+%04X missing", c);
		ck_assert_uint_gt(badge_advances[i].adv, 0);
	}
}
END_TEST

/* DejaVu Sans's advances (2048 units per em: space 651, digits 1303, W
 * 2025, m 1995, i 569, as its hmtx says and every DejaVu metric table
 * repeats), in thousandths of an em rounded up. */
START_TEST(test_known_widths)
{
	ck_assert_double_eq_tol(badge_text_width(" ", 1000), 318, 1e-9);
	ck_assert_double_eq_tol(badge_text_width("0", 1000), 637, 1e-9);
	ck_assert_double_eq_tol(badge_text_width("W", 1000), 989, 1e-9);
	ck_assert_double_eq_tol(badge_text_width("m", 1000), 975, 1e-9);
	ck_assert_double_eq_tol(badge_text_width("i", 1000), 278, 1e-9);
	/* A text is the sum of its characters, and scales with the size. */
	ck_assert_double_eq_tol(badge_text_width("Wmi 0", 11),
	                        11 * (989 + 975 + 278 + 318 + 637) / 1000.0,
	                        1e-9);
	ck_assert(badge_text_width(NULL, 11) == 0);
	ck_assert(badge_text_width("", 11) == 0);
}
END_TEST

/* Hangul, kana, ideographs and full-width forms are one em; a character
 * the table lacks (Thai) one em too; accented Latin and Cyrillic come
 * from the table (narrower than an em). */
START_TEST(test_wide_and_unknown)
{
	ck_assert_double_eq_tol(badge_text_width("가용성", 11), 33, 1e-9);
	ck_assert_double_eq_tol(badge_text_width("データなし", 11), 55, 1e-9);
	ck_assert_double_eq_tol(badge_text_width("无数据", 11), 33, 1e-9);
	ck_assert_double_eq_tol(badge_text_width("（", 11), 11, 1e-9);
	ck_assert_double_eq_tol(badge_text_width("\xe0\xb8\x81", 11), 11, 1e-9);
	ck_assert_double_eq_tol(badge_text_width("😀", 11), 11, 1e-9);
	ck_assert(badge_text_width("é", 11) < 11);
	ck_assert(badge_text_width("é", 11) ==
	          badge_text_width("e", 11)); /* same advance in DejaVu */
	ck_assert(badge_text_width("б", 11) > 0 &&
	          badge_text_width("б", 11) < 11);
	/* A broken sequence still counts, never reads past the end. */
	ck_assert(badge_text_width("\xe0\xb8", 11) > 0);
}
END_TEST

START_TEST(test_box_width)
{
	/* "99.95%": four digits, a period, a percent sign. */
	double w = 11 * (4 * 637 + 318 + 951) / 1000.0;

	ck_assert_int_eq(badge_box_width("99.95%"),
	                 (int)ceil(w) + 2 * BADGE_PAD);
	ck_assert_int_eq(badge_box_width(""), 2 * BADGE_PAD);
}
END_TEST

/* The value of attribute name in the first tag that has it, into out. */
static void
attr(const char *svg, const char *name, char *out, size_t n)
{
	char pat[64];
	const char *p;
	size_t len;

	snprintf(pat, sizeof(pat), " %s=\"", name);
	p = strstr(svg, pat);
	ck_assert_ptr_nonnull(p);
	p += strlen(pat);
	len = strcspn(p, "\"");
	ck_assert_uint_lt(len, n);
	memcpy(out, p, len);
	out[len] = '\0';
}

START_TEST(test_svg_shape)
{
	struct buf o = {0};
	char v[256], want[256];
	int lw = badge_box_width("GPT-4o"), vw = badge_box_width("Operational");

	badge_svg(&o, "GPT-4o", "Operational", STATUS_OPERATIONAL);
	ck_assert(strncmp(o.data, "<svg xmlns=\"http://www.w3.org/2000/svg\"",
	                  39) == 0);
	attr(o.data, "width", v, sizeof(v));
	snprintf(want, sizeof(want), "%d", lw + vw);
	ck_assert_str_eq(v, want);
	attr(o.data, "height", v, sizeof(v));
	ck_assert_str_eq(v, "20");
	attr(o.data, "role", v, sizeof(v));
	ck_assert_str_eq(v, "img");
	attr(o.data, "aria-label", v, sizeof(v));
	ck_assert_str_eq(v, "GPT-4o: Operational");
	ck_assert_ptr_nonnull(
	    strstr(o.data, "<title>GPT-4o: Operational</title>"));
	ck_assert_ptr_nonnull(strstr(o.data, "rx=\"3\""));
	attr(o.data, "font-family", v, sizeof(v));
	ck_assert_str_eq(v, "DejaVu Sans,Verdana,Geneva,sans-serif");
	attr(o.data, "font-size", v, sizeof(v));
	ck_assert_str_eq(v, "11");
	/* Label on grey, value on the status colour, from the label's end. */
	snprintf(want, sizeof(want),
	         "<rect width=\"%d\" height=\"20\" fill=\"#555\"/>", lw);
	ck_assert_ptr_nonnull(strstr(o.data, want));
	snprintf(want, sizeof(want),
	         "<rect x=\"%d\" width=\"%d\" height=\"20\" fill=\"#17702f\"/>",
	         lw, vw);
	ck_assert_ptr_nonnull(strstr(o.data, want));
	/* Each text twice (shadow 1 px lower), centred in its box. */
	snprintf(want, sizeof(want), "x=\"%g\" y=\"15\"", lw / 2.0);
	ck_assert_ptr_nonnull(strstr(o.data, want));
	snprintf(want, sizeof(want), "x=\"%g\" y=\"14\">GPT-4o<", lw / 2.0);
	ck_assert_ptr_nonnull(strstr(o.data, want));
	snprintf(want, sizeof(want), "x=\"%g\" y=\"14\">Operational<",
	         lw + vw / 2.0);
	ck_assert_ptr_nonnull(strstr(o.data, want));
	ck_assert_str_eq(o.data + o.len - 7, "</svg>\n");
	free(o.data);
}
END_TEST

/* The status colours: the pages' (style.css), and an out-of-range
 * colour draws as unknown. */
START_TEST(test_svg_colors)
{
	static const char *const want[STATUS__MAX] = {"#17702f", "#8a5a00",
	                                              "#c62828", "#59636e"};

	for (int s = 0; s <= STATUS__MAX; s++) {
		struct buf o = {0};
		char fill[64];

		badge_svg(&o, "a", "b", (enum status)s);
		snprintf(fill, sizeof(fill), "fill=\"%s\"/>",
		         want[s < STATUS__MAX ? s : STATUS_UNKNOWN]);
		ck_assert_ptr_nonnull(strstr(o.data, fill));
		free(o.data);
	}
}
END_TEST

/* Operator-named models and any text are escaped everywhere they show. */
START_TEST(test_svg_escapes)
{
	struct buf o = {0};

	badge_svg(&o, "<b>\"x\" & 'y'", "99%<", STATUS_OUTAGE);
	ck_assert_ptr_null(strstr(o.data, "<b>"));
	ck_assert_ptr_null(strstr(o.data, "99%<"));
	ck_assert_ptr_nonnull(strstr(
	    o.data, "aria-label=\"&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;: "
	            "99%&lt;\""));
	free(o.data);
}
END_TEST

/* A CJK label's box holds its five Hangul syllables at one em each and
 * its space, parentheses and digits at their advances. */
START_TEST(test_svg_cjk_box)
{
	struct buf o = {0};
	char want[128];

	badge_svg(&o, "가용성 (24시간)", "데이터 없음", STATUS_UNKNOWN);
	snprintf(want, sizeof(want), "<rect width=\"%d\" height=\"20\"",
	         (int)ceil(5 * 11 + 11 * (318 + 2 * 391 + 2 * 637) / 1000.0) +
	             2 * BADGE_PAD);
	ck_assert_ptr_nonnull(strstr(o.data, want));
	free(o.data);
}
END_TEST

/* Whole requests: the {slug}.svg routes match the slug before ".svg",
 * and every answer, also an error, is a badge with its data source. */
static const struct route_case {
	const char *path, *query;
	int status;
	const char *body_has; /* a piece of the body */
} route_cases[] = {
    {"/badge/gpt-4o.svg", "", 200, "aria-label=\"GPT-4o: "},
    {"/badge/gpt-4o.svg", "lang=ko", 200, "aria-label=\"GPT-4o: "},
    /* An inactive model's status badge says so, as its card does. */
    {"/badge/claude-3-5-sonnet.svg", "", 200,
     "aria-label=\"Claude 3.5 Sonnet: Inactive\""},
    {"/badge/claude-3-5-sonnet.svg", "lang=ko", 200,
     "aria-label=\"Claude 3.5 Sonnet: 비활성\""},
    {"/badge/gpt-4o/availability.svg", "range=7d", 200,
     "GPT-4o availability (7 days): "},
    {"/badge/gpt-4o/latency.svg", "lang=ja", 200, "GPT-4o レイテンシ: "},
    {"/badge/provider/openai.svg", "", 200, "aria-label=\"OpenAI: "},
    {"/badge/provider/openai/availability.svg", "range=30d", 200,
     "OpenAI availability (30 days): "},
    {"/badge/provider/openai/latency.svg", "", 200, "OpenAI latency: "},
    {"/badge/no-such-model.svg", "lang=zh", 404, "no-such-model: 未找到"},
    {"/badge/provider/nope/latency.svg", "lang=es", 404, "nope: no encontrado"},
    {"/badge/gpt-4o/availability.svg", "range=1h", 400, "24h, 7d or 30d"},
    {"/badge/gpt-4o.svg", "lang=xx", 400, "lang: unknown language"},
    /* Refused by the query's rules, before the badge: still a badge. */
    {"/badge/gpt-4o.svg", "lang=KO", 400, "lang: unknown language"},
    {"/badge/gpt-4o/availability.svg", "range=1y", 400, "24h, 7d or 30d"},
    {"/badge/gpt-4o/availability.svg", "range=", 400, "24h, 7d or 30d"},
    /* A key the badge does not read is ignored, as unknown keys are. */
    {"/badge/gpt-4o.svg", "range=1y&refresh=abc", 200, "<title>"},
};

START_TEST(test_routes)
{
	const struct route_case *c = &route_cases[_i];
	struct unit_reply r;
	char v[64];

	unit_request(&r, "GET", c->path, c->query, NULL);
	ck_assert_int_eq(r.status, c->status);
	unit_header(&r, "Content-Type", v, sizeof(v));
	ck_assert_str_eq(v, "image/svg+xml; charset=utf-8");
	ck_assert_msg(strstr(r.body, c->body_has) != NULL, "%s?%s: %s", c->path,
	              c->query, r.body);
	unit_header(&r, "Cache-Control", v, sizeof(v));
	ck_assert_str_eq(v,
	                 c->status == 200 ? "public, max-age=60" : "no-store");
	ck_assert_int_eq(unit_count(r.head, "Cache-Control:"), 1);
	if (c->status != 400) {
		unit_header(&r, "X-Data-Source", v, sizeof(v));
		ck_assert_str_eq(v, "database");
	}
	unit_assert_no_raw_keys(r.body);
	buf_free(&r.raw);
}
END_TEST

/* Paths near a badge's are no badge route, but a README's <img> still
 * gets a 404 badge naming what was asked for. */
START_TEST(test_not_badges)
{
	static const char *const paths[][2] = {
	    {"/badge/gpt-4o", "gpt-4o: not found"},
	    {"/badge/.svg", "badge: not found"},
	    {"/badge/gpt-4o.svg/", "gpt-4o: not found"},
	    {"/badge/gpt-4o.png", "gpt-4o.png: not found"},
	    {"/badge/provider/.svg", "badge: not found"},
	    {"/badge/gpt-4o/uptime.svg", "gpt-4o: not found"},
	    {"/badge/GPT-4o.svg", "GPT-4o: not found"},
	    {"/badge/%3Cb%3E.svg", "%3Cb%3E: not found"},
	    {"/badge/a<b>&amp;.svg", "a&lt;b&gt;&amp;amp;: not found"}};

	for (size_t i = 0; i < NELEM(paths); i++) {
		struct unit_reply r;
		char v[64];

		unit_request(&r, "GET", paths[i][0], "", NULL);
		ck_assert_msg(r.status == 404, "%s: %d", paths[i][0], r.status);
		unit_header(&r, "Content-Type", v, sizeof(v));
		ck_assert_str_eq(v, "image/svg+xml; charset=utf-8");
		ck_assert_msg(strstr(r.body, paths[i][1]) != NULL, "%s: %s",
		              paths[i][0], r.body);
		unit_header(&r, "Cache-Control", v, sizeof(v));
		ck_assert_str_eq(v, "no-store");
		buf_free(&r.raw);
	}
}
END_TEST

Suite *
badge_suite(void)
{
	Suite *s = suite_create("badge");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_table_shape);
	tcase_add_test(tc, test_known_widths);
	tcase_add_test(tc, test_wide_and_unknown);
	tcase_add_test(tc, test_box_width);
	tcase_add_test(tc, test_svg_shape);
	tcase_add_test(tc, test_svg_colors);
	tcase_add_test(tc, test_svg_escapes);
	tcase_add_test(tc, test_svg_cjk_box);
	suite_add_tcase(s, tc);
	tc = unit_app_tcase();
	tcase_add_loop_test(tc, test_routes, 0, (int)NELEM(route_cases));
	tcase_add_test(tc, test_not_badges);
	suite_add_tcase(s, tc);
	return s;
}
