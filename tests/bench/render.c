/* render.c: in-process render time of the monitoring page and of /api/v1/realtime-stats (no nginx, no socket), for `make bench`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <time.h>

#include "app.h"
#include "arena.h"
#include "timefmt.h"

struct env {
	const char *const *kv;
};

static const char *
getvar(void *ctx, const char *name)
{
	const struct env *e = ctx;

	for (const char *const *kv = e->kv; kv[0] != NULL; kv += 2)
		if (strcmp(kv[0], name) == 0)
			return kv[1];
	return NULL;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Writes a row of aigo_meta through a connection of its own, as ingest
 * does between requests: SQLite then drops every page the worker's
 * connection had cached. Exits on failure. */
static void
write_between(void)
{
	static sqlite3 *db;
	static long n;
	char sql[128];

	if (db == NULL &&
	    sqlite3_open_v2(getenv("AIGO_DB"), &db, SQLITE_OPEN_READWRITE,
	                    NULL) != SQLITE_OK) {
		fprintf(stderr, "render: %s\n", sqlite3_errmsg(db));
		exit(1);
	}
	snprintf(sql, sizeof(sql),
	         "INSERT OR REPLACE INTO aigo_meta(key, value) "
	         "VALUES ('bench_render', '%ld')",
	         ++n);
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "render: %s\n", sqlite3_errmsg(db));
		exit(1);
	}
}

/* The median of n timed requests for path, in microseconds. cold: each
 * request is one second after the one before (AIGO_NOW), so the worker's
 * reuse of what it read is dropped and every request reads the database,
 * as the first request of each second does; cold 2: and a write comes
 * before each, so SQLite reads every page afresh too, as after ingest. */
static double
time_path(struct app *app, const char *path, int n, int cold)
{
	char uri[128];
	const char *q = strchr(path, '?');
	const char *kv[] = {"REQUEST_METHOD",
	                    "GET",
	                    "DOCUMENT_URI",
	                    uri,
	                    "QUERY_STRING",
	                    q != NULL ? q + 1 : "",
	                    NULL,
	                    NULL};
	struct env e = {kv};
	struct http_source src = {getvar, http_read_none, &e};
	double *us = malloc(sizeof(double) * (size_t)n), median;

	snprintf(uri, sizeof(uri), "%.*s",
	         (int)(q != NULL ? (size_t)(q - path) : strlen(path)), path);

	for (int i = 0; i < n; i++) {
		struct buf out = {0};
		struct timespec t0, t1;

		if (cold) {
			char now[32];

			snprintf(now, sizeof(now), "%lld",
			         (long long)(clock_now() + 1));
			setenv("AIGO_NOW", now, 1);
			if (cold == 2)
				write_between();
		}
		clock_gettime(CLOCK_MONOTONIC, &t0);
		app_handle(app, &src, &out);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (strncmp(out.data, "Status: 200", 11) != 0) {
			fprintf(stderr, "render: %s: %.40s\n", path, out.data);
			exit(1);
		}
		buf_free(&out);
		us[i] = (double)(t1.tv_sec - t0.tv_sec) * 1e6 +
		        (double)(t1.tv_nsec - t0.tv_nsec) / 1e3;
	}
	qsort(us, (size_t)n, sizeof(*us), cmp_double);
	median = us[n / 2];
	free(us);
	return median;
}

/* render LABEL first PATH N: prints "LABEL PATH first_us warm_us
 * connect_us start_us": the database opened as a worker of aigo serve
 * opens it at its start (connect_us: source_open alone, PostgreSQL's new
 * session with its password exchange; SQLite's file opened), or its whole
 * start (start_us: app_start, the connection and the warm-up page; run
 * with START=connect for the connection alone, as before 2026-12-02),
 * then the first request of this process, a second later (it reads the
 * database afresh; run it in a fresh process each time), then the median
 * of N more, each a second after the one before (connection and
 * statements kept, the answer not: every one reads the database and
 * renders). Exits when a request does not answer 200 (time_path). */
static void
first_and_warm(struct app *app, const char *label, const char *path, int n)
{
	const char *how = getenv("START");
	struct timespec t0, t1, t2;
	double connect, start = 0, first;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	source_open(&app->source);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (how == NULL || strcmp(how, "connect") != 0)
		app_start(app); /* the connection is open: the warm-up alone */
	clock_gettime(CLOCK_MONOTONIC, &t2);
	connect = (double)(t1.tv_sec - t0.tv_sec) * 1e6 +
	          (double)(t1.tv_nsec - t0.tv_nsec) / 1e3;
	start = (double)(t2.tv_sec - t0.tv_sec) * 1e6 +
	        (double)(t2.tv_nsec - t0.tv_nsec) / 1e3;
	first = time_path(app, path, 1, 1);
	printf("%s %s %.0f %.0f %.0f %.0f\n", label, path, first,
	       time_path(app, path, n, 1), connect, start);
}

/* Usage: render LABEL [N [RANGE...]], with AIGO_* naming the database and
 * AIGO_NOW set. Without RANGE: prints "LABEL page_us json_us page_cold_us
 * json_cold_us" for the default range. With RANGEs (1h, 24h, 7d, 30d):
 * prints "LABEL RANGE page_cold_us json_cold_us page_written_us
 * json_written_us" per range, the JSON with its history: cold, then cold
 * after a write (time_path; SQLite only). Or render LABEL first PATH N
 * (first_and_warm; SQLite or PostgreSQL). */
int
main(int argc, char **argv)
{
	struct app_config cfg;
	struct app app;
	char err[512] = "";
	int first = argc == 5 && strcmp(argv[2], "first") == 0;
	int n = argc > 2 ? atoi(argv[first ? 4 : 2]) : 50;

	if (argc < 2 || n < 1 || app_config_load(&cfg, err, sizeof(err)) != 0 ||
	    app_init(&app, &cfg, err, sizeof(err)) != 0) {
		fprintf(stderr,
		        "usage: render LABEL [N [RANGE...]] | "
		        "LABEL first PATH N (%s)\n",
		        err);
		return 2;
	}
	if (first) {
		first_and_warm(&app, argv[1], argv[3], n);
		app_free(&app);
		return 0;
	}
	/* One request first: the connection and statements are prepared. */
	time_path(&app, "/en/monitoring", 1, 0);
	if (argc > 3) {
		for (int i = 3; i < argc; i++) {
			char page[64], json[96];

			snprintf(page, sizeof(page), "/en/monitoring?range=%s",
			         argv[i]);
			snprintf(json, sizeof(json),
			         "/api/v1/realtime-stats?includeHistory=true&"
			         "range=%s",
			         argv[i]);
			printf("%s %s %.0f %.0f", argv[1], argv[i],
			       time_path(&app, page, n, 1),
			       time_path(&app, json, n, 1));
			printf(" %.0f %.0f\n", time_path(&app, page, n, 2),
			       time_path(&app, json, n, 2));
		}
		app_free(&app);
		return 0;
	}
	printf("%s %.0f %.0f", argv[1], time_path(&app, "/en/monitoring", n, 0),
	       time_path(&app, "/api/v1/realtime-stats", n, 0));
	printf(" %.0f %.0f\n", time_path(&app, "/en/monitoring", n, 1),
	       time_path(&app, "/api/v1/realtime-stats", n, 1));
	app_free(&app);
	return 0;
}
