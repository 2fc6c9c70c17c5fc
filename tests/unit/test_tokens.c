/* test_tokens.c: the ingest token file: only a private file counts, malformed lines are skipped. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "unit.h"

/* Token files: only private files count; malformed lines are skipped. */
START_TEST(test_tokens_file)
{
	struct app app;
	char path[1100];
	FILE *f;

	memset(&app, 0, sizeof(app));
	snprintf(path, sizeof(path), "%s/tests/out/unit-tokens", unit_root());
	snprintf(app.cfg.ingest_tokens, sizeof(app.cfg.ingest_tokens), "%s",
	         path);
	remove(path);
	ck_assert_uint_eq(tokens_load(&app.tokens, app.cfg.ingest_tokens),
	                  0); /* no file */
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("# probes\n"
	      "probe-a abcdefghijklmnop0123456789\n"
	      "\n"
	      "short 0123456789\n"
	      "spaces in the middle 0123456789abcdef\n"
	      "probe-b   ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ+/=\n",
	      f);
	fclose(f);
	chmod(path, 0644);
	ck_assert_uint_eq(tokens_load(&app.tokens, app.cfg.ingest_tokens),
	                  0); /* others may read */
	chmod(path, 0600);
	ck_assert_uint_eq(tokens_load(&app.tokens, app.cfg.ingest_tokens), 2);
	ck_assert_str_eq(app.tokens.v[0].name, "probe-a");
	ck_assert_str_eq(app.tokens.v[1].secret,
	                 "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ+/=");
	tokens_free(&app.tokens);
}
END_TEST

Suite *
tokens_suite(void)
{
	Suite *s = suite_create("tokens");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_tokens_file);
	suite_add_tcase(s, tc);
	return s;
}
