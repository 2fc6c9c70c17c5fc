/* test_chart.c: the SVG charts: a golden file, empty states, escaping, bars, text widths, legends and axes, bucket edges. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "chart.h"
#include "fileutil.h"
#include "stats.h"
#include "unit.h"

static const char *const labels[STATUS__MAX] = {"Operational", "Degraded",
                                                "Outage", "Unknown"};

/* The distribution chart of fixed numbers is byte-for-byte the checked-in
 * file (regenerate with AIGO_UPDATE_GOLDEN=1 after a deliberate change, and
 * look at the result in a browser before committing it). */
START_TEST(test_status_distribution_golden)
{
	struct chart_status_input in = {
	    "g",
	    "Status now",
	    "97 operational, 3 degraded, 1 outage, 2 unknown",
	    "No active models",
	    {97, 3, 1, 2},
	    {"Operational", "Degraded", "Outage", "Unknown"},
	    {"97", "3", "1", "2"}};
	struct buf out = {0};
	char path[1100];
	char *want;

	chart_status_distribution_svg(&out, &in);
	snprintf(path, sizeof(path), "%s/tests/unit/golden/status.svg",
	         unit_root());
	if (getenv("AIGO_UPDATE_GOLDEN") != NULL) {
		FILE *f = fopen(path, "w");
		ck_assert_ptr_nonnull(f);
		fputs(out.data, f);
		fclose(f);
	}
	want = file_read_all(path, NULL);
	ck_assert_msg(want != NULL, "missing %s", path);
	ck_assert_str_eq(out.data, want);
	free(want);
	buf_free(&out);
}
END_TEST

START_TEST(test_status_distribution_empty_draws_frame_and_reason)
{
	struct chart_status_input in = {"e", "t", "d", "Nothing here",
	                                {0}, {0}, {0}};
	struct buf out = {0};

	for (int s = 0; s < STATUS__MAX; s++) {
		in.labels[s] = labels[s];
		in.values[s] = "0";
	}
	chart_status_distribution_svg(&out, &in);
	ck_assert_int_eq(unit_count(out.data, "class=\"chart-frame\""), 1);
	ck_assert_int_eq(unit_count(out.data, "class=\"chart-axis\""), 1);
	ck_assert_int_eq(unit_count(out.data, "class=\"bar "), 0);
	ck_assert_ptr_nonnull(strstr(out.data, ">Nothing here</text>"));
	buf_free(&out);
}
END_TEST

static const char *const hostile[] = {"<script>alert(1)</script>",
                                      "\"><svg onload=alert(1)>", "a]]>b",
                                      "Tom & Jerry's"};

/* What none of them may leave in the SVG unescaped. */
static const char *const unescaped[] = {"<script", "<svg onload", "]]>",
                                        "Tom & ", "'s"};

START_TEST(test_hostile_labels_are_escaped)
{
	const char *h = hostile[_i];
	struct chart_row row = {h, {1, 1, 1, 1}, h};
	const char *lab[STATUS__MAX] = {h, h, h, h};
	struct chart_status_input in = {
	    "x", h, h, h, {1, 0, 0, 0}, {h, h, h, h}, {h, h, h, h}};
	double by[2][STATUS__MAX] = {{1, 0, 0, 0}, {1, 0, 0, 0}};
	int data[2] = {1, 1};
	double av[2] = {100, 100};
	int has[2] = {1, 1};
	const char *xl[2] = {h, h};
	struct chart_time_input tin = {"y",
	                               h,
	                               h,
	                               h,
	                               2,
	                               (const double(*)[4])by,
	                               data,
	                               "No data yet",
	                               av,
	                               has,
	                               1,
	                               95,
	                               {h, h, h, h},
	                               h,
	                               xl,
	                               {h, h},
	                               {h, h}};
	struct buf out = {0};

	chart_stacked_rows_svg(&out, "z", h, h, h, &row, 1, lab);
	chart_status_distribution_svg(&out, &in);
	chart_status_over_time_svg(&out, &tin);
	for (size_t i = 0; i < NELEM(unescaped); i++)
		ck_assert_ptr_null(strstr(out.data, unescaped[i]));
	ck_assert_int_eq(unit_count(out.data, "<svg "), 3);
	ck_assert_int_eq(unit_count(out.data, "</svg>"), 3);
	buf_free(&out);
}
END_TEST

START_TEST(test_time_chart_bars_and_line)
{
	/* Means over sample instants: decimals; the middle point has no data. */
	double by[3][STATUS__MAX] = {
	    {8.25, 0.75, 1, 0}, {0, 0, 0, 0}, {7, 2, 0, 1}};
	int data[3] = {1, 0, 1};
	double av[3] = {90, 100, 97.5};
	int has[3] = {1, 1, 1};
	const char *xl[3] = {"00:00", NULL, "Now"};
	struct chart_time_input in = {"t",
	                              "title",
	                              "desc",
	                              "empty",
	                              3,
	                              (const double(*)[4])by,
	                              data,
	                              "No data yet",
	                              av,
	                              has,
	                              10,
	                              chart_availability_floor(av, has, 3),
	                              {"O", "D", "X", "U"},
	                              "Availability",
	                              xl,
	                              {"0", "10"},
	                              {"90.0%", "100.0%"}};
	struct buf out = {0};

	ck_assert(in.avail_min == 90);
	chart_status_over_time_svg(&out, &in);
	ck_assert_int_eq(unit_count(out.data, "<g class=\"point"), 3);
	ck_assert_int_eq(unit_count(out.data, "<g class=\"point now\">"), 1);
	/* Only non-zero statuses are drawn: 3 + 3 bars, and one hollow bar
	 * that says "no data yet". */
	ck_assert_int_eq(unit_count(out.data, "class=\"bar s-"), 6);
	ck_assert_int_eq(unit_count(out.data, "class=\"bar nodata\""), 1);
	ck_assert_ptr_nonnull(strstr(
	    out.data, "<g class=\"point nodata\"><title>No data yet</title>"));
	ck_assert_ptr_nonnull(strstr(out.data, "data-value=\"8.25\""));
	/* Each stack ends at the same height: the active models (10). */
	ck_assert_ptr_nonnull(strstr(out.data, "y=\"20.0\""));
	ck_assert_int_eq(unit_count(out.data, "class=\"avail-point\""), 3);
	ck_assert_ptr_nonnull(strstr(out.data, "data-value=\"97.50\""));
	ck_assert_ptr_nonnull(strstr(out.data, ">Now</text>"));
	ck_assert_ptr_nonnull(strstr(out.data, ">00:00</text>"));
	ck_assert_ptr_null(strstr(out.data, "chart-empty"));
	buf_free(&out);
}
END_TEST

START_TEST(test_time_chart_without_checks_says_why)
{
	double by[2][STATUS__MAX] = {{0, 0, 0, 5}, {0, 0, 0, 5}};
	int data[2] = {1, 1};
	double av[2] = {0, 0};
	int has[2] = {0, 0};
	const char *xl[2] = {NULL, "Now"};
	struct chart_time_input in = {"t",
	                              "title",
	                              "desc",
	                              "No checks recorded in the last 24 hours",
	                              2,
	                              (const double(*)[4])by,
	                              data,
	                              "No data yet",
	                              av,
	                              has,
	                              5,
	                              95,
	                              {"O", "D", "X", "U"},
	                              "A",
	                              xl,
	                              {"0", "5"},
	                              {"95.0%", "100.0%"}};
	struct buf out = {0};

	chart_status_over_time_svg(&out, &in);
	ck_assert_int_eq(unit_count(out.data, "class=\"chart-frame\""), 1);
	ck_assert_int_eq(unit_count(out.data, "class=\"chart-axis\""), 3);
	ck_assert_int_eq(unit_count(out.data, "class=\"bar "), 0);
	ck_assert_ptr_nonnull(strstr(
	    out.data,
	    "class=\"chart-empty\">No checks recorded in the last 24 hours<"));
	buf_free(&out);
}
END_TEST

static const struct floor_case {
	double v[3];
	int has[3];
	double want;
} floor_cases[] = {
    {{99.9, 100, 99.5}, {1, 1, 1}, 95}, {{97.4, 100, 99}, {1, 1, 1}, 95},
    {{91.2, 100, 99}, {1, 1, 1}, 90},   {{0, 50, 100}, {1, 1, 1}, 0},
    {{10, 99, 99}, {0, 1, 1}, 95},      {{0, 0, 0}, {0, 0, 0}, 95},
    {{85, 99, 99}, {1, 1, 1}, 80},      {{60, 99, 99}, {1, 1, 1}, 50},
    {{49.9, 99, 99}, {1, 1, 1}, 0},
};

START_TEST(test_availability_floor)
{
	const struct floor_case *c = &floor_cases[_i];

	ck_assert(chart_availability_floor(c->v, c->has, 3) == c->want);
}
END_TEST

static const struct layout_case {
	enum range r;
	int64_t now, want_first;
} layout_cases[] = {
    /* On a bucket edge, now opens the last bucket. */
    {RANGE_24H, 1795838400, 1795838400 - 23 * 3600},
    {RANGE_24H, 1795838399, 1795834800 - 23 * 3600},
    {RANGE_1H, 1795838400 + 299, 1795838400 - 11 * 300},
    {RANGE_7D, 1795838400, 1795824000 - 27 * 21600},
    {RANGE_30D, 1795838400, 1795824000 - 29 * 86400},
};

START_TEST(test_text_width_cjk_is_full_width)
{
	const double px = 10;

	static const struct {
		const char *text;
		double want;
	} widths[] = {
	    {NULL, 0},
	    {"", 0},
	    /* Hangul, kana and ideographs: one em each. */
	    {"정상", 20},
	    {"稼働中", 30},
	};
	/* ASCII is narrower than CJK, wider for wide letters. */
	static const char *const narrower[][2] = {
	    {"ab", "정상"},
	    {"il", "mw"},
	    {"i", "é"},
	};

	for (size_t i = 0; i < NELEM(widths); i++)
		ck_assert(chart_text_width(widths[i].text, px) ==
		          widths[i].want);
	for (size_t i = 0; i < NELEM(narrower); i++)
		ck_assert(chart_text_width(narrower[i][0], px) <
		          chart_text_width(narrower[i][1], px));
	/* And it scales. */
	ck_assert(chart_text_width("0", 20) == 2 * chart_text_width("0", 10));
}
END_TEST

/* Adding a character never makes a text narrower. */
START_TEST(test_text_width_is_monotonic)
{
	const char *s =
	    "Microsoft (Azure OpenAI / Phi) 가용성 稼働 ñ 10,000 ms";
	double last = 0;

	for (size_t n = 1; n <= strlen(s); n++) {
		char prefix[128];
		double w;

		if (((unsigned char)s[n] & 0xc0) == 0x80)
			continue; /* whole characters only */
		memcpy(prefix, s, n);
		prefix[n] = '\0';
		w = chart_text_width(prefix, 14);
		ck_assert_msg(w >= last, "narrower at %zu", n);
		last = w;
	}
}
END_TEST

static const struct legend_case {
	double w[6];
	int n;
	double x_max;
	int rows;
} legend_cases[] = {
    {{100, 100, 100}, 3, 700, 1},      /* all on one row */
    {{200, 200, 200, 200}, 4, 400, 4}, /* each on its own row */
    {{300, 300, 100, 100, 100, 100}, 6, 700, 2},
    {{800, 100}, 2, 700, 2}, /* wider than the row: alone on it */
};

START_TEST(test_legend_items_never_overlap)
{
	const struct legend_case *c = &legend_cases[_i];
	double x[6];
	int row[6];

	ck_assert_int_eq(chart_legend_layout(c->w, c->n, 10, c->x_max, x, row),
	                 c->rows);
	for (int i = 0; i < c->n; i++) {
		/* Inside the row unless it is alone on it and too wide. */
		ck_assert(x[i] >= 10);
		ck_assert(x[i] + c->w[i] <= c->x_max ||
		          (x[i] == 10 && c->w[i] > c->x_max - 10));
		for (int j = 0; j < i; j++)
			ck_assert(row[j] != row[i] || x[j] + c->w[j] < x[i]);
	}
}
END_TEST

START_TEST(test_axis_margin_fits_widest_tick)
{
	const char *narrow[2] = {"0 ms", "1,000 ms"};
	const char *wide[2] = {"0 ms", "10,000 ms"};
	const char *ko[2] = {"0밀리초", "10,000밀리초"};
	const char *const *sets[3] = {narrow, wide, ko};

	for (int k = 0; k < 3; k++) {
		int m = chart_axis_margin(sets[k], 2, CHART_TICK_PX);

		for (int i = 0; i < 2; i++)
			ck_assert(m >=
			          chart_text_width(sets[k][i], CHART_TICK_PX) +
			              8);
	}
	ck_assert(chart_axis_margin(wide, 2, 22) >
	          chart_axis_margin(narrow, 2, 22));
	ck_assert(chart_axis_margin(ko, 2, 22) >
	          chart_axis_margin(wide, 2, 22));
}
END_TEST

/* The line chart's y axis sits at the margin, so the tick label right of
 * nothing starts inside the SVG. */
START_TEST(test_lines_chart_axis_leaves_room_for_ticks)
{
	double v[1] = {12000};
	int has[1] = {1};
	const char *xl[1] = {"12:00"};
	struct chart_line ln = {"p50", "p50", v, has, 0};
	struct chart_lines_input in = {
	    "l", "t", "d", "e", 1, &ln, 1, 0, 13000, {"0 ms", "13,000 ms"}, xl};
	struct buf out = {0};
	char want[64];

	chart_lines_svg(&out, &in);
	snprintf(want, sizeof(want), "<line class=\"chart-axis\" x1=\"%d\"",
	         chart_axis_margin(in.y_labels, 2, CHART_TICK_PX));
	ck_assert_ptr_nonnull(strstr(out.data, want));
	buf_free(&out);
}
END_TEST

/* One sample in a bucket: p50 = p95, drawn as a dot inside a hollow
 * square, and the legend shows both shapes. */
START_TEST(test_p50_and_p95_have_their_own_shapes)
{
	double v[2] = {800, 900};
	int has[2] = {1, 1};
	const char *xl[2] = {NULL, NULL};
	struct chart_line ln[2] = {{"p50", "p50", v, has, 0},
	                           {"p95", "p95", v, has, 0}};
	struct chart_lines_input in = {
	    "l", "t", "d", "e", 2, ln, 2, 0, 1000, {"0 ms", "1,000 ms"}, xl};
	struct buf out = {0};

	static const struct {
		const char *shape;
		int n;
	} shapes[] = {
	    {"<circle class=\"point-p50\"", 2},
	    {"<rect class=\"point-p95\"", 2},
	    {"<circle class=\"point-p95\"", 0},
	    {"<circle class=\"key point-p50\"", 1},
	    {"<rect class=\"key point-p95\"", 1},
	};

	chart_lines_svg(&out, &in);
	for (size_t i = 0; i < NELEM(shapes); i++)
		ck_assert_int_eq(unit_count(out.data, shapes[i].shape),
		                 shapes[i].n);
	buf_free(&out);
}
END_TEST

/* A model page's regions share one availability floor, the lowest. */
START_TEST(test_availability_floor_shared_by_regions)
{
	double a[3] = {99, 100, 98}, b[3] = {100, 85, 99}, c[3] = {0, 0, 0};
	int has[3] = {1, 1, 1}, none[3] = {0, 0, 0};
	const double *v[3] = {a, b, c};
	const int *h[3] = {has, has, none};

	/* The floor of the first n regions. */
	static const struct {
		int n;
		double want;
	} cases[] = {{1, 95}, {2, 80}, {3, 80}, {0, 95}};

	for (size_t i = 0; i < NELEM(cases); i++)
		ck_assert(chart_availability_floor_shared(v, h, cases[i].n,
		                                          3) == cases[i].want);
}
END_TEST

/* A reason too long for one line wraps into lines that fit. */
START_TEST(test_long_empty_reason_wraps)
{
	const char *why =
	    "Los datos en vivo no están disponibles en este momento y "
	    "las cifras estarán vacías hasta que la base responda.";
	struct chart_line ln = {"p50", "p50", NULL, NULL, 0};
	struct chart_lines_input in = {"l", "t", "d", why,          0,   &ln,
	                               1,   0,   100, {"0", "100"}, NULL};
	struct buf out = {0};
	const char *p;
	int lines = 0;

	chart_lines_svg(&out, &in);
	for (p = strstr(out.data, "<tspan"); p != NULL;
	     p = strstr(p + 1, "<tspan")) {
		const char *a = strchr(p, '>') + 1, *b = strstr(a, "</tspan>");
		char line[256];

		snprintf(line, sizeof(line), "%.*s", (int)(b - a), a);
		ck_assert(chart_text_width(line, CHART_TEXT_PX) <= 720);
		lines++;
	}
	ck_assert_int_ge(lines, 2);
	buf_free(&out);
}
END_TEST

START_TEST(test_history_layout_edges)
{
	const struct layout_case *c = &layout_cases[_i];
	struct history h;
	int64_t last;

	history_layout(c->r, c->now, &h);
	ck_assert_int_eq(h.first_bucket, c->want_first);
	ck_assert_int_eq(h.n_buckets, ranges[c->r].buckets);
	last = h.first_bucket + (h.n_buckets - 1) * h.bucket_secs;
	ck_assert_int_le(last, c->now);
	ck_assert_int_gt(last + h.bucket_secs, c->now);
	ck_assert_int_eq(h.first_bucket % h.bucket_secs, 0);
}
END_TEST

Suite *
chart_suite(void)
{
	Suite *s = suite_create("chart");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_status_distribution_golden);
	tcase_add_test(tc,
	               test_status_distribution_empty_draws_frame_and_reason);
	tcase_add_loop_test(tc, test_hostile_labels_are_escaped, 0,
	                    (int)NELEM(hostile));
	tcase_add_test(tc, test_time_chart_bars_and_line);
	tcase_add_test(tc, test_time_chart_without_checks_says_why);
	tcase_add_loop_test(tc, test_availability_floor, 0,
	                    (int)NELEM(floor_cases));
	tcase_add_test(tc, test_text_width_cjk_is_full_width);
	tcase_add_test(tc, test_text_width_is_monotonic);
	tcase_add_loop_test(tc, test_legend_items_never_overlap, 0,
	                    (int)NELEM(legend_cases));
	tcase_add_test(tc, test_axis_margin_fits_widest_tick);
	tcase_add_test(tc, test_lines_chart_axis_leaves_room_for_ticks);
	tcase_add_test(tc, test_p50_and_p95_have_their_own_shapes);
	tcase_add_test(tc, test_availability_floor_shared_by_regions);
	tcase_add_test(tc, test_long_empty_reason_wraps);
	tcase_add_loop_test(tc, test_history_layout_edges, 0,
	                    (int)NELEM(layout_cases));
	suite_add_tcase(s, tc);
	return s;
}
