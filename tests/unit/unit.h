/* unit.h: the Check suites of the unit tests and their shared helpers. */
#ifndef AIGO_UNIT_H
#define AIGO_UNIT_H

#include <check.h>

Suite *stats_suite(void);
Suite *i18n_suite(void);
Suite *input_suite(void);
Suite *api_suite(void);
Suite *demo_suite(void);
Suite *snapshot_suite(void);
Suite *chart_suite(void);
Suite *detail_suite(void);

/* The checkout's root (AIGO_ROOT, set by the Makefile). */
const char *unit_root(void);

/* Makes a fresh database at path with the catalog and `days` of demo checks
 * up to now (seed 7). Fails the test on error. */
void unit_make_demo_db(const char *path, int64_t now, int days);

/* A request environment as name/value pairs ending in NULL, NULL: the
 * http_getvar of whole-request tests; ctx is the array. */
const char *unit_getvar(void *ctx, const char *name);

#endif
