/* test_util.c: the base utilities, as tables of cases: RFC 3339 parsing and formatting, bounded integer parsing, UTF-8, escaping, percentages as shown and decimals that add up, growing arrays, directory walks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "unit.h"
#include "arena.h"
#include "escape.h"
#include "fileutil.h"
#include "fswatch.h"
#include "numfmt.h"
#include "timefmt.h"

static const struct time_case {
	const char *text;
	int ok;
	int64_t want;
} time_cases[] = {
    {"2026-11-28T03:48:39Z", 1, 1795837719},
    {"2026-11-28T03:48:39.250Z", 1, 1795837719},
    {"1970-01-01T00:00:00Z", 1, 0},
    /* Before 1970: refused, so every time read can be written back
     * (found by tests/fuzz/fuzz_snapshot). */
    {"0502-01-01T00:00:00Z", 0, 0},
    {"1969-12-31T23:59:59Z", 0, 0},
    {"1970-01-01T00:00:00+01:00", 0, 0},
    {"2026-02-31T00:00:00Z", 0, 0},
    {"2026-11-28 03:48:39Z", 0, 0},
    {"2026-11-28T12:48:39+09:00", 1, 1795837719},
    {"2026-11-27T22:18:39-05:30", 1, 1795837719},
    {"2026-11-28T03:48:39+00:00", 1, 1795837719},
    {"2026-11-28T03:48:39+09:0", 0, 0},
    {"2026-11-28T03:48:39+24:00", 0, 0},
    {"2026-11-28T03:48:39+09:00x", 0, 0},
    {"2026-11-28T03:48:39", 0, 0},
    {"2026-11-28T25:00:00Z", 0, 0},
    {"", 0, 0},
};

START_TEST(test_time_parse)
{
	const struct time_case *c = &time_cases[_i];
	int64_t t = -1;
	int rc = time_parse_rfc3339(c->text, &t);

	ck_assert_msg((rc == 0) == c->ok, "%s", c->text);
	if (c->ok) {
		char back[21];
		ck_assert_int_eq(t, c->want);
		time_rfc3339(t, back);
		if (strchr(c->text + 19, '+') == NULL &&
		    strchr(c->text + 19, '-') == NULL)
			ck_assert_int_eq(strncmp(back, c->text, 19), 0);
	}
}
END_TEST

static const struct int64_case {
	const char *s;
	int64_t max; /* the minimum is 0 */
	int rc;
	int64_t want; /* when rc is 0 */
} int64_cases[] = {
    {"42", 100, 0, 42},
    {"101", 100, -1, 0},
    {"-1", 100, -1, 0},
    {"4x", 100, -1, 0},
    {"", 100, -1, 0},
    {" 4", 100, -1, 0},
    {"99999999999999999999", INT64_MAX, -1, 0},
};

START_TEST(test_parse_int64_bounds)
{
	const struct int64_case *c = &int64_cases[_i];
	int64_t v;

	ck_assert_int_eq(parse_int64(c->s, 0, c->max, &v), c->rc);
	if (c->rc == 0)
		ck_assert_int_eq(v, c->want);
}
END_TEST

static const struct utf8_case {
	const char *s;
	int ok;
} utf8_cases[] = {
    {"plain", 1},
    {"\xed\x95\x9c\xea\xb5\xad", 1}, /* 한국 */
    {"\xf0\x9f\x98\x80", 1},         /* U+1F600 */
    {"\xc3\x28", 0},                 /* bad continuation */
    {"\xc0\xaf", 0},                 /* overlong '/' */
    {"\xe0\x80\xaf", 0},             /* overlong '/' */
    {"\xed\xa0\x80", 0},             /* surrogate */
    {"\xf4\x90\x80\x80", 0},         /* past U+10FFFF */
    {"\xe2\x82", 0},                 /* cut short */
    {"\xff", 0},
};

START_TEST(test_utf8_valid)
{
	const struct utf8_case *c = &utf8_cases[_i];

	ck_assert_int_eq(utf8_valid(c->s, strlen(c->s)), c->ok);
}
END_TEST

/* DESIGN 3, shown percentages: rounded, but never 100 below 100, never 0
 * above 0; the JSON shows two decimals, the page one. */
static const struct shown_case {
	double v;
	int decimals;
	double want;
} shown_cases[] = {
    {100, 1, 100},
    {0, 2, 0},
    {99.94, 1, 99.9},
    {99.95, 1, 99.9},
    {99.999, 2, 99.99},
    {21599 * 100.0 / 21600, 2, 99.99},
    {2879 * 100.0 / 2880, 2, 99.97},
    {0.001, 2, 0.01},
    {0.004, 2, 0.01},
    {0.006, 2, 0.01},
    {0.05, 1, 0.1},
    {0.049, 1, 0.1},
    {0.16, 1, 0.2},
    {42.424, 2, 42.42},
};

START_TEST(test_percent_shown)
{
	const struct shown_case *c = &shown_cases[_i];
	double got = percent_shown(c->v, c->decimals);

	ck_assert_msg(got > c->want - 1e-9 && got < c->want + 1e-9,
	              "%g with %d decimals: %g, want %g", c->v, c->decimals,
	              got, c->want);
}
END_TEST

static const struct escape_case {
	const char *in, *xml, *url;
} escape_cases[] = {
    {"plain", "plain", "plain"},
    {"", "", ""},
    {"<a href=\"x\">&'</a>", "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;",
     "%3Ca%20href%3D%22x%22%3E%26%27%3C/a%3E"},
    {"/en/models/gpt-4o?x=1&y=2", "/en/models/gpt-4o?x=1&amp;y=2",
     "/en/models/gpt-4o%3Fx%3D1%26y%3D2"},
    {"A-z_0.9~", "A-z_0.9~", "A-z_0.9~"},
    {"한국어 ü", "한국어 ü", "%ED%95%9C%EA%B5%AD%EC%96%B4%20%C3%BC"},
};

START_TEST(test_escape)
{
	const struct escape_case *c = &escape_cases[_i];
	struct buf x = {0}, u = {0};

	buf_put_xml_escaped(&x, c->in);
	buf_put_url_encoded(&u, c->in);
	buf_append(&x, "", 0);
	buf_append(&u, "", 0);
	ck_assert_str_eq(x.data, c->xml);
	ck_assert_str_eq(u.data, c->url);
	buf_free(&x);
	buf_free(&u);
}
END_TEST

/* Values in percent, and the hundredths each is shown as: every one its
 * floor or ceiling, all adding up to the sum rounded. */
static const struct summing_case {
	int n;
	double v[4];
	int64_t want[4];
} summing_cases[] = {
    {3, {33.333, 33.333, 33.334}, {3333, 3333, 3334}},
    {3, {33.336, 33.332, 33.332}, {3334, 3333, 3333}},
    {2, {0.005, 99.995}, {1, 9999}},
    {4, {25, 25, 25, 25}, {2500, 2500, 2500, 2500}},
    {1, {96.784}, {9678}},
    {2, {0, 0}, {0, 0}},
};

START_TEST(test_hundredths_summing)
{
	const struct summing_case *c = &summing_cases[_i];
	int64_t cents[4], sum = 0;
	double total = 0;

	hundredths_summing(c->v, c->n, cents);
	for (int k = 0; k < c->n; k++) {
		ck_assert_int_eq(cents[k], c->want[k]);
		ck_assert(cents[k] == (int64_t)(c->v[k] * 100) ||
		          cents[k] == (int64_t)(c->v[k] * 100) + 1);
		sum += cents[k];
		total += c->v[k];
	}
	ck_assert_int_eq(sum, (int64_t)(total * 100 + 0.5));
}
END_TEST

/* An array grown one element at a time keeps every element, in the arena
 * and with malloc. */
START_TEST(test_arrays_grow_and_keep_their_elements)
{
	static const size_t counts[] = {0, 1, 63, 64, 65, 1000};

	for (size_t k = 0; k < NELEM(counts); k++) {
		struct arena *a = arena_new();
		size_t *v = NULL, *w = NULL, cap = 0, wcap = 0;

		for (size_t i = 0; i < counts[k]; i++) {
			v = arena_grow(a, v, i, &cap, sizeof(*v));
			w = xgrow(w, i, &wcap, sizeof(*w));
			ck_assert_uint_gt(cap, i);
			ck_assert_uint_gt(wcap, i);
			v[i] = w[i] = i * 7;
		}
		for (size_t i = 0; i < counts[k]; i++) {
			ck_assert_uint_eq(v[i], i * 7);
			ck_assert_uint_eq(w[i], i * 7);
		}
		free(w);
		arena_free(a);
	}
}
END_TEST

static int
count_entry(void *ctx, const char *path, const char *name)
{
	struct buf *seen = ctx;

	ck_assert_ptr_nonnull(strstr(path, name));
	buf_printf(seen, "%s;", name);
	return 0;
}

static int
stop_at_once(void *ctx, const char *path, const char *name)
{
	(void)path;
	(void)name;
	++*(int *)ctx;
	return 7;
}

static int
strcmp_ptr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* What a watch on DIR/aigo.db tells after each action: only actions on
 * the file or its SQLite companions break the quiet; each is seen once;
 * a moved directory ends the watch, which is made again. */
static const struct {
	const char *what;
	const char *sh; /* run in DIR */
	int quiet;      /* fswatch_quiet right after */
} watch_cases[] = {
    {"nothing", "true", 1},
    {"another file written", "echo x > other.json", 1},
    {"another file renamed", "mv other.json other2.json", 1},
    {"a name that only starts alike", "echo x > aigo.dbx", 1},
    {"the file written", "echo x >> aigo.db", 0},
    {"seen once", "true", 1},
    {"its -wal written", "echo x >> aigo.db-wal", 0},
    {"its -journal made", "touch aigo.db-journal", 0},
    {"its mode changed", "chmod 600 aigo.db", 0},
    {"its time touched", "touch aigo.db", 0},
    {"replaced by a rename", "cp aigo.db n && mv n aigo.db", 0},
    {"removed", "rm aigo.db", 0},
    {"made again", "echo y > aigo.db", 0},
    {"quiet again", "true", 1},
    {"the directory moved",
     "mv ../w ../w2 && mkdir ../w && cp ../w2/aigo.db ../w/", 0},
    {"watched again (that look answers 0)", "true", 0},
    {"the new directory's file written", "echo z >> aigo.db", 0},
    {"then quiet", "true", 1},
};

START_TEST(test_fswatch)
{
	char dir[1024], path[1100], cmd[4200];
	struct fswatch w;

	snprintf(dir, sizeof(dir), "%s/tests/out/unit-watch/w", unit_root());
	snprintf(cmd, sizeof(cmd),
	         "rm -rf %s/tests/out/unit-watch && mkdir -p %s && touch "
	         "%s/aigo.db",
	         unit_root(), dir, dir);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/aigo.db", dir);
	ck_assert_int_eq(fswatch_open(&w, path), 0);
	for (size_t k = 0; k < NELEM(watch_cases); k++) {
		snprintf(cmd, sizeof(cmd), "cd %s && %s", dir,
		         watch_cases[k].sh);
		ck_assert_msg(system(cmd) == 0, "%s: %s failed",
		              watch_cases[k].what, cmd);
		ck_assert_msg(fswatch_quiet(&w) == watch_cases[k].quiet,
		              "%s: quiet should be %d", watch_cases[k].what,
		              watch_cases[k].quiet);
	}
	fswatch_close(&w);
	ck_assert_int_eq(fswatch_quiet(&w), 0); /* closed: never quiet */
	/* A symbolic link is never watched: its target may be elsewhere. */
	snprintf(cmd, sizeof(cmd), "cd %s && ln -s aigo.db link.db", dir);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/link.db", dir);
	ck_assert_int_eq(fswatch_open(&w, path), -1);
	ck_assert_int_eq(fswatch_quiet(&w), 0);
	ck_assert_int_eq(fswatch_quiet(&w), 0);
	fswatch_close(&w);
}
END_TEST

/* A directory walk gives each name with the suffix (and longer than it)
 * with its path, stops at the first non-zero return, and says when the
 * directory cannot be opened. */
START_TEST(test_dir_each_entry)
{
	static const struct {
		const char *suffix;
		const char *want; /* sorted names seen */
	} cases[] = {
	    {".json", "en.json;ko.json;"},
	    {".tpl", "page.tpl;"},
	    {"", ".json;en.json;ko.json;notes.txt;page.tpl;"},
	};
	char dir[1024], err[256];

	snprintf(dir, sizeof(dir), "%s/tests/out/unit-dir", unit_root());
	mkdir(dir, 0755);
	for (size_t k = 0; k < 5; k++) {
		static const char *const names[] = {
		    "en.json", "ko.json", ".json", "page.tpl", "notes.txt"};
		char path[1100];
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", dir, names[k]);
		f = fopen(path, "w");
		ck_assert_ptr_nonnull(f);
		fclose(f);
	}
	for (size_t k = 0; k < NELEM(cases); k++) {
		struct buf seen = {0};
		char *names[8], *p, *save = NULL;
		int n = 0;
		struct buf sorted = {0};

		ck_assert_int_eq(dir_each_entry(dir, cases[k].suffix,
		                                count_entry, &seen, err,
		                                sizeof(err)),
		                 0);
		buf_append(&seen, "", 0);
		/* readdir's order is the file system's: compare sorted. */
		for (p = strtok_r(seen.data, ";", &save); p != NULL && n < 8;
		     p = strtok_r(NULL, ";", &save))
			names[n++] = p;
		qsort(names, (size_t)n, sizeof(*names), strcmp_ptr);
		for (int i = 0; i < n; i++)
			buf_printf(&sorted, "%s;", names[i]);
		buf_append(&sorted, "", 0);
		if (strcmp(cases[k].suffix, "") == 0) {
			/* "." and ".." are entries too. */
			ck_assert_ptr_nonnull(
			    strstr(sorted.data, cases[k].want));
		} else {
			ck_assert_str_eq(sorted.data, cases[k].want);
		}
		buf_free(&seen);
		buf_free(&sorted);
	}
	int calls = 0;

	ck_assert_int_eq(dir_each_entry(dir, ".json", stop_at_once, &calls, err,
	                                sizeof(err)),
	                 7);
	ck_assert_int_eq(calls, 1);
	ck_assert_int_eq(dir_each_entry("/nonexistent-aigo-dir", "",
	                                count_entry, NULL, err, sizeof(err)),
	                 -1);
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent-aigo-dir"));
}
END_TEST

Suite *
util_suite(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_time_parse, 0, (int)NELEM(time_cases));
	tcase_add_loop_test(tc, test_parse_int64_bounds, 0,
	                    (int)NELEM(int64_cases));
	tcase_add_loop_test(tc, test_utf8_valid, 0, (int)NELEM(utf8_cases));
	tcase_add_loop_test(tc, test_percent_shown, 0, (int)NELEM(shown_cases));
	tcase_add_loop_test(tc, test_escape, 0, (int)NELEM(escape_cases));
	tcase_add_loop_test(tc, test_hundredths_summing, 0,
	                    (int)NELEM(summing_cases));
	tcase_add_test(tc, test_arrays_grow_and_keep_their_elements);
	tcase_add_test(tc, test_dir_each_entry);
	tcase_add_test(tc, test_fswatch);
	suite_add_tcase(s, tc);
	return s;
}
