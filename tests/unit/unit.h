/* unit.h: the Check suites of the unit tests and their shared helpers. */
#ifndef AIGO_UNIT_H
#define AIGO_UNIT_H

#include <check.h>

#include "http.h"

Suite *stats_suite(void);
Suite *i18n_suite(void);
Suite *input_suite(void);
Suite *api_suite(void);
Suite *demo_suite(void);
Suite *snapshot_suite(void);
Suite *chart_suite(void);
Suite *detail_suite(void);
Suite *ingest_suite(void);
Suite *config_suite(void);
Suite *serve_suite(void);

/* The checkout's root (AIGO_ROOT, set by the Makefile). */
const char *unit_root(void);

/* Makes a fresh database at path with the catalog and `days` of demo checks
 * up to now (seed 7). Fails the test on error. */
void unit_make_demo_db(const char *path, int64_t now, int days);

/* How many times needle occurs in hay (overlaps counted). */
int unit_count(const char *hay, const char *needle);

/* Runs one query over db that returns one integer (-1 when no row). */
int64_t unit_sql_int(const char *db, const char *sql);

/* A request of whole-request tests: environment as name/value pairs
 * ending in NULL, NULL, and a body (NULL for none) read from off. */
struct unit_env {
	const char *const *kv;
	const char *body;
	size_t off;
};
/* The http_source reading e. */
struct http_source unit_source(struct unit_env *e);

#endif
