/* test_notify_send.c: aigo notify test without a receiver: an unknown channel names the configured ones (exit 2), a refused connection is a failure naming the host only, never the URL's path or the secret (exit 1). */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "config.h"
#include "notify_send.h"
#include "unit.h"

/* A configuration of two webhook channels; the second points at port
 * (where nothing listens), with a token in its path and a secret. */
static void
two_channels(struct app_config *cfg, int port)
{
	char err[512];

	unsetenv("AIGO_CONFIG");
	ck_assert_msg(app_config_load(cfg, err, sizeof(err)) == 0, "%s", err);
	snprintf(cfg->root, sizeof(cfg->root), "%s", unit_root());
	cfg->n_channels = 2;
	memset(cfg->channels, 0, 2 * sizeof(cfg->channels[0]));
	snprintf(cfg->channels[0].name, sizeof(cfg->channels[0].name), "ops");
	snprintf(cfg->channels[0].url, sizeof(cfg->channels[0].url),
	         "https://hooks.example.com/x");
	snprintf(cfg->channels[1].name, sizeof(cfg->channels[1].name), "down");
	snprintf(cfg->channels[1].url, sizeof(cfg->channels[1].url),
	         "http://127.0.0.1:%d/hook/path-token-123?key=q-secret", port);
	snprintf(cfg->channels[1].secret, sizeof(cfg->channels[1].secret),
	         "hmac-secret-456");
	for (int i = 0; i < 2; i++) {
		cfg->channels[i].type = NOTIFY_WEBHOOK;
		snprintf(cfg->channels[i].lang, sizeof(cfg->channels[i].lang),
		         "en");
		cfg->channels[i].min_severity = 1;
	}
}

/* Runs notify_test on name; its output into out (of outlen). */
static int
run_test(const struct app_config *cfg, const char *name, char *out,
         size_t outlen)
{
	FILE *f = fmemopen(out, outlen, "w");
	int rc;

	ck_assert_ptr_nonnull(f);
	rc = notify_test(cfg, name, f);
	fclose(f);
	return rc;
}

START_TEST(test_notify_test_unknown_channel_names_them)
{
	struct app_config cfg;
	char out[512] = {0};

	two_channels(&cfg, 9);
	ck_assert_int_eq(run_test(&cfg, "nosuch", out, sizeof(out)), 2);
	ck_assert_str_eq(out, "aigo notify test: no channel \"nosuch\"; "
	                      "configured: ops, down\n");
}
END_TEST

START_TEST(test_notify_test_refused_names_the_host_only)
{
	struct app_config cfg;
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	char out[512] = {0};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	/* A port bound but not listening: connecting to it is refused. */
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	two_channels(&cfg, ntohs(sa.sin_port));
	ck_assert_int_eq(run_test(&cfg, "down", out, sizeof(out)), 1);
	close(fd);
	ck_assert_str_eq(
	    out, "down: failed: 127.0.0.1: Couldn't connect to server\n");
	ck_assert_ptr_null(strstr(out, "path-token"));
	ck_assert_ptr_null(strstr(out, "q-secret"));
	ck_assert_ptr_null(strstr(out, "hmac-secret"));
}
END_TEST

Suite *
notify_send_suite(void)
{
	Suite *s = suite_create("notify_send");
	TCase *tc = tcase_create("notify_test");

	tcase_add_test(tc, test_notify_test_unknown_channel_names_them);
	tcase_add_test(tc, test_notify_test_refused_names_the_host_only);
	suite_add_tcase(s, tc);
	return s;
}
