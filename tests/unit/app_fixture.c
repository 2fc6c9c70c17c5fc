/* app_fixture.c: the one app that whole-request tests share (built once, before the tests fork), and helpers to send it a request and read its answer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "store.h"
#include "unit.h"

#define NOW 1795838400 /* 2026-11-28T04:00:00Z */

struct app unit_app;
char unit_app_snap[1100];
static char db[1100];
static int built;

void
unit_use_db(const char *path)
{
	snprintf(unit_app.cfg.db_path, sizeof(unit_app.cfg.db_path), "%s",
	         path != NULL ? path : db);
	source_free(&unit_app.source);
	source_init(&unit_app.source, &unit_app.cfg);
}

void
unit_use_db_with_checks(const char *name, const char *slug, struct check_in *c,
                        size_t n)
{
	char path[1100], err[256], sql[256];
	long n_new = 0, n_dup = 0;
	struct store *s;

	snprintf(path, sizeof(path), "%s/tests/out/unit-%s.db", unit_root(),
	         name);
	/* The app reads it: a file in the PostgreSQL pass too. */
	unit_db_keep_file(path);
	snprintf(sql, sizeof(sql), "SELECT id FROM models WHERE slug = '%s'",
	         slug);
	unit_make_demo_db(path, NOW, 1);
	for (size_t i = 0; i < n; i++) {
		c[i].model_id = unit_sql_int(path, sql);
		c[i].source = "ingest";
	}
	s = store_open_write(path, NULL, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_msg(
	    store_record_checks(s, c, n, &n_new, &n_dup, err, sizeof(err)) == 0,
	    "%s", err);
	store_close(s);
	unit_use_db(path);
}

/* Built once, before the tests fork: ctemplate's cache is per process. */
static void
setup_app(void)
{
	struct app_config cfg;
	char err[512];

	if (built)
		return;
	snprintf(db, sizeof(db), "%s/tests/out/unit-app.db", unit_root());
	/* Shared by the tests, which each empty their PostgreSQL schema:
	 * a file in the PostgreSQL pass too. */
	unit_db_keep_file(db);
	snprintf(unit_app_snap, sizeof(unit_app_snap),
	         "%s/tests/out/unit-app-fallback.json", unit_root());
	setenv("AIGO_NOW", "1795838400", 1);
	unit_make_demo_db(db, NOW, 2);
	setenv("AIGO_ROOT", unit_root(), 1);
	setenv("AIGO_DB", db, 1);
	setenv("AIGO_SNAPSHOT", unit_app_snap, 1);
	ck_assert_int_eq(app_config_load(&cfg, err, sizeof(err)), 0);
	remove(unit_app_snap);
	ck_assert_msg(app_init(&unit_app, &cfg, err, sizeof(err)) == 0, "%s",
	              err);
	built = 1;
}

void
unit_app_free(void)
{
	if (built)
		app_free(&unit_app);
	built = 0;
}

TCase *
unit_app_tcase(void)
{
	TCase *tc = tcase_create("requests");

	tcase_set_timeout(tc, 120);
	tcase_add_unchecked_fixture(tc, setup_app, NULL);
	return tc;
}

void
unit_request_body(struct unit_reply *r, const char *method, const char *path,
                  const char *query, const char *const *extra, const char *body)
{
	const char *env[32] = {"REQUEST_METHOD", method, "DOCUMENT_URI", path,
	                       "QUERY_STRING",   query};
	size_t n = 6;
	char *sep;

	for (; extra != NULL && extra[0] != NULL && n < 28; extra += 2) {
		env[n++] = extra[0];
		env[n++] = extra[1];
	}
	env[n] = env[n + 1] = NULL;
	memset(r, 0, sizeof(*r));
	struct unit_env e = {env, body, 0};
	struct http_source src = unit_source(&e);

	app_handle(&unit_app, &src, &r->raw);
	ck_assert_int_eq(sscanf(r->raw.data, "Status: %d", &r->status), 1);
	sep = strstr(r->raw.data, "\r\n\r\n");
	ck_assert_ptr_nonnull(sep);
	*sep = '\0';
	r->head = r->raw.data;
	r->body = sep + 4;
	r->body_len = r->raw.len - (size_t)(r->body - r->raw.data);
}

void
unit_request(struct unit_reply *r, const char *method, const char *path,
             const char *query, const char *const *extra)
{
	unit_request_body(r, method, path, query, extra, NULL);
}

const char *
unit_header(const struct unit_reply *r, const char *name, char *out,
            size_t outlen)
{
	char key[128];
	const char *p;

	snprintf(key, sizeof(key), "\r\n%s: ", name);
	p = strstr(r->head, key);
	if (p == NULL)
		return NULL;
	p += strlen(key);
	snprintf(out, outlen, "%.*s", (int)strcspn(p, "\r"), p);
	return out;
}

void
unit_assert_no_raw_keys(const char *body)
{
	ck_assert_ptr_null(strstr(body, "{{"));
	for (size_t i = 0; i < unit_app.i18n->n; i++) {
		const struct locale *loc = &unit_app.i18n->locales[i];

		for (size_t k = 0; k < loc->n_entries; k++)
			ck_assert_msg(strstr(body, i18n_key_at(loc, k)) == NULL,
			              "raw key %s in the page",
			              i18n_key_at(loc, k));
	}
}

char *
unit_repeat(struct arena *a, const char *prefix, char c, size_t n)
{
	size_t pl = strlen(prefix);
	char *s = arena_alloc(a, pl + n + 1);

	memcpy(s, prefix, pl);
	memset(s + pl, c, n);
	s[pl + n] = '\0';
	return s;
}
