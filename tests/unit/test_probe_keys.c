/* test_probe_keys.c: the prober's key file (probe_keys): what a line may hold, the modes refused, mistakes named by file and line without a value, and the file preferred to the environment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "probe_keys.h"
#include "unit.h"

/* Every value in the files below holds this, so that an error text that
 * quoted a value (or the line) would show it. */
#define SECRET "s3cr3t"

/* Writes text (n bytes) to the test's key file with mode; returns its
 * path (static). */
static const char *
keys_file(const char *text, size_t n, mode_t mode)
{
	static char path[1100];
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests/out/unit-probe-keys",
	         unit_root());
	unlink(path);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, n, f), n);
	fclose(f);
	ck_assert_int_eq(chmod(path, mode), 0);
	return path;
}

static const struct bad_keys_case {
	const char *text;
	mode_t mode;
	const char *err; /* after the path */
} bad_keys_cases[] = {
    {"A_KEY=" SECRET "\n", 0644,
     ": its group or others may read it (mode 644): the mode must be 600"},
    {"A_KEY=" SECRET "\n", 0640, ": its group or others may read it"},
    {"A_KEY=" SECRET "\n", 0604, ": its group or others may read it"},
    {"A_KEY=" SECRET "\n", 0620, ": its group or others may read it"},
    {"A=" SECRET "\nnot a key " SECRET "\n", 0600, ":2: not NAME=value"},
    {"# c\n\n" SECRET "\n", 0600, ":3: not NAME=value"},
    {"1A=" SECRET "\n", 0600, ":1: not NAME=value (a NAME has letters"},
    {"A B=" SECRET "\n", 0600, ":1: not NAME=value"},
    {"A-B=" SECRET "\n", 0600, ":1: not NAME=value"},
    {"=" SECRET "\n", 0600, ":1: not NAME=value"},
    {"A=\n", 0600, ":1: A has no value"},
    {"A=\"\"\n", 0600, ":1: A has no value"},
    {"A=" SECRET "1\nB=2\nA=" SECRET "2\n", 0600, ":3: A is set twice"},
};

START_TEST(test_probe_keys_refused)
{
	const struct bad_keys_case *c = &bad_keys_cases[_i];
	const char *path = keys_file(c->text, strlen(c->text), c->mode);
	struct probe_keys keys = {0};
	char err[512] = "", want[1200];

	ck_assert_int_eq(probe_keys_read(path, &keys, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s%s", path, c->err);
	ck_assert_msg(strncmp(err, want, strlen(want)) == 0,
	              "\"%s\" is not \"%s...\"", err, want);
	ck_assert_msg(strstr(err, SECRET) == NULL, "a value in \"%s\"", err);
	probe_keys_free(&keys);
	ck_assert_uint_eq(keys.n, 0);
}
END_TEST

/* A NUL byte, a line over 4096 bytes, a file that is not there or not a
 * regular file. */
START_TEST(test_probe_keys_refuses_nul_long_missing_and_directories)
{
	static const char nul[] = "A=1\nB=" SECRET "\0x\n";
	struct probe_keys keys = {0};
	char err[512] = "", *lng = xmalloc(5000), dir[1100];
	const char *path = keys_file(nul, sizeof(nul) - 1, 0600);

	ck_assert_int_eq(probe_keys_read(path, &keys, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, ":2: a NUL byte in the line") != NULL, "%s",
	              err);
	probe_keys_free(&keys);
	memset(lng, 'x', 5000);
	memcpy(lng, "A=", 2);
	path = keys_file(lng, 5000, 0600);
	free(lng);
	ck_assert_int_eq(probe_keys_read(path, &keys, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, ":1: line longer than 4096 bytes") != NULL,
	              "%s", err);
	probe_keys_free(&keys);
	ck_assert_int_eq(
	    probe_keys_read("/nonexistent/keys", &keys, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "/nonexistent/keys: cannot read") != NULL,
	              "%s", err);
	snprintf(dir, sizeof(dir), "%s/tests", unit_root());
	ck_assert_int_eq(probe_keys_read(dir, &keys, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, ": not a regular file") != NULL, "%s", err);
	probe_keys_free(&keys);
}
END_TEST

/* Comments, blanks, quotes, CRLF, no final newline, mode 400; the file's
 * value wins over the environment's, which is used for the others. */
START_TEST(test_probe_keys_read_and_preferred_to_the_environment)
{
	static const char text[] = "# the prober's keys\n"
	                           "\n"
	                           "   \t\n"
	                           "UNIT_PK_A=from-file\n"
	                           "  UNIT_PK_B =  two words  \r\n"
	                           "UNIT_PK_C=\"quoted\"\n"
	                           "UNIT_PK_D='single'\n"
	                           "UNIT_PK_E=a=b#c\n"
	                           "_UNIT_PK_F=\"unpaired'";
	struct probe_keys keys = {0};
	char err[512] = "";
	const char *path = keys_file(text, sizeof(text) - 1, 0400);
	int in_file = -1;

	ck_assert_msg(probe_keys_read(path, &keys, err, sizeof(err)) == 0, "%s",
	              err);
	ck_assert_uint_eq(keys.n, 6);
	setenv("UNIT_PK_A", "from-env", 1);
	setenv("UNIT_PK_ENV", "env-only", 1);
	setenv("UNIT_PK_EMPTY", "", 1);
	ck_assert_str_eq(probe_keys_get(&keys, "UNIT_PK_A", &in_file),
	                 "from-file");
	ck_assert_int_eq(in_file, 1);
	ck_assert_str_eq(probe_keys_get(&keys, "UNIT_PK_B", NULL), "two words");
	ck_assert_str_eq(probe_keys_get(&keys, "UNIT_PK_C", NULL), "quoted");
	ck_assert_str_eq(probe_keys_get(&keys, "UNIT_PK_D", NULL), "single");
	ck_assert_str_eq(probe_keys_get(&keys, "UNIT_PK_E", NULL), "a=b#c");
	ck_assert_str_eq(probe_keys_get(&keys, "_UNIT_PK_F", NULL),
	                 "\"unpaired'");
	ck_assert_str_eq(probe_keys_get(&keys, "UNIT_PK_ENV", &in_file),
	                 "env-only");
	ck_assert_int_eq(in_file, 0);
	ck_assert_ptr_null(probe_keys_get(&keys, "UNIT_PK_EMPTY", &in_file));
	ck_assert_ptr_null(probe_keys_get(&keys, "UNIT_PK_NONE", &in_file));
	ck_assert_int_eq(in_file, 0);
	/* Without a file: the environment alone. */
	ck_assert_str_eq(probe_keys_get(NULL, "UNIT_PK_A", NULL), "from-env");
	probe_keys_free(&keys);
	ck_assert_uint_eq(keys.n, 0);
	ck_assert_str_eq(probe_keys_get(&keys, "UNIT_PK_A", NULL), "from-env");
	unsetenv("UNIT_PK_A");
	unsetenv("UNIT_PK_ENV");
	unsetenv("UNIT_PK_EMPTY");
}
END_TEST

Suite *
probe_keys_suite(void)
{
	Suite *s = suite_create("probe_keys");
	TCase *tc = tcase_create("probe_keys");

	tcase_add_loop_test(tc, test_probe_keys_refused, 0,
	                    (int)NELEM(bad_keys_cases));
	tcase_add_test(
	    tc, test_probe_keys_refuses_nul_long_missing_and_directories);
	tcase_add_test(tc,
	               test_probe_keys_read_and_preferred_to_the_environment);
	suite_add_tcase(s, tc);
	return s;
}
