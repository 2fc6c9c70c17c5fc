/* test_config.c: the configuration file and its environment overrides: values, origins, and refusals with line numbers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "config.h"
#include "unit.h"

static const char *const vars[] = {"AIGO_CONFIG",
                                   "AIGO_DB",
                                   "AIGO_SNAPSHOT",
                                   "AIGO_SNAPSHOT_INTERVAL",
                                   "AIGO_INGEST_TOKENS",
                                   "AIGO_RETENTION_DAYS",
                                   "AIGO_FRESHNESS_SECONDS",
                                   "AIGO_INCIDENT_OPEN_AFTER",
                                   "AIGO_INCIDENT_CLOSE_AFTER",
                                   "AIGO_INCIDENT_PROVIDER_SHARE",
                                   "AIGO_DEFAULT_LANG",
                                   "AIGO_TIMEZONE",
                                   "AIGO_LOG_LEVEL",
                                   "AIGO_BASE_PATH",
                                   "AIGO_PROBE",
                                   "AIGO_PROBE_KEYS",
                                   "AIGO_NOTIFY",
                                   "AIGO_NOTIFY_COOLDOWN",
                                   "AIGO_NOTIFY_MAX_AGE",
                                   "AIGO_NOTIFY_BACKOFF_MAX",
                                   "UNIT_HOOK_SECRET",
                                   "UNIT_SMTP_PASSWORD",
                                   "UNIT_UNSET_VAR"};
static char *saved[NELEM(vars)];

/* The tests set these variables themselves: keep the outer ones. */
static void
save_env(void)
{
	for (size_t i = 0; i < NELEM(vars); i++) {
		const char *v = getenv(vars[i]);

		saved[i] = v ? strdup(v) : NULL;
		unsetenv(vars[i]);
	}
}

static void
restore_env(void)
{
	for (size_t i = 0; i < NELEM(vars); i++) {
		if (saved[i] != NULL)
			setenv(vars[i], saved[i], 1);
		else
			unsetenv(vars[i]);
		free(saved[i]);
		saved[i] = NULL;
	}
	setenv("TZ", "UTC", 1);
}

/* Writes text to the test's configuration file and names it. */
static void
config_file(const char *text)
{
	char path[1100];
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests/out/unit.conf", unit_root());
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	setenv("AIGO_CONFIG", path, 1);
}

START_TEST(test_config_file_and_overrides)
{
	struct app_config cfg;
	char err[512] = "", *text = NULL;
	size_t len;
	FILE *out;

	config_file("# a comment\n"
	            "\n"
	            "  db = /srv/aigo/aigo.db  \n"
	            "snapshot_interval=60\n"
	            "retention_days = 400\n"
	            "timezone = Asia/Seoul\n"
	            "default_lang = ko\n");
	setenv("AIGO_RETENTION_DAYS", "31", 1);
	ck_assert_msg(app_config_load(&cfg, err, sizeof(err)) == 0, "%s", err);
	ck_assert_str_eq(cfg.db_path, "/srv/aigo/aigo.db");
	ck_assert_int_eq(cfg.snapshot_interval, 60);
	ck_assert_int_eq(cfg.retention, 31 * 86400); /* the environment wins */
	ck_assert_str_eq(cfg.timezone, "Asia/Seoul");
	ck_assert_str_eq(getenv("TZ"), "Asia/Seoul");
	ck_assert_str_eq(cfg.default_lang, "ko");
	ck_assert_int_eq(cfg.freshness, 1800); /* the default */
	out = open_memstream(&text, &len);
	app_config_print(&cfg, out);
	fclose(out);
	ck_assert_ptr_nonnull(
	    strstr(text, "unit.conf:3\ndb = /srv/aigo/aigo.db\n"));
	ck_assert_ptr_nonnull(strstr(
	    text, "environment AIGO_RETENTION_DAYS\nretention_days = 31\n"));
	ck_assert_ptr_nonnull(
	    strstr(text, "default\nfreshness_seconds = 1800\n"));
	free(text);
}
END_TEST

static const struct bad_case {
	const char *file;
	const char *env, *value; /* an override, or NULL */
	const char *err;
} bad_cases[] = {
    {"db = /x\nlisten = 1\n", NULL, NULL,
     "unit.conf:2: unknown key \"listen\""},
    {"# ok\nretention_days 90\n", NULL, NULL,
     "unit.conf:2: not \"key = value\""},
    {"db = /a\ndb = /b\n", NULL, NULL, "unit.conf:2: db is set twice"},
    {"retention_days = 30\n", NULL, NULL, "retention_days (",
     /* the file and line follow */},
    {"retention_days = 30\n", NULL, NULL, "unit.conf:1): must be 31 to 36500"},
    {"freshness_seconds = 5m\n", NULL, NULL, "freshness_seconds ("},
    {"timezone = Mars/Olympus\n", NULL, NULL, "not a known time zone"},
    {"log_level = loud\n", NULL, NULL, "log_level ("},
    {"base_path = status\n", NULL, NULL, "unit.conf:1): must be a path"},
    {"base_path = /a//b\n", NULL, NULL, "base_path ("},
    {"base_path = /a/../b\n", NULL, NULL, "base_path ("},
    {"base_path = /st atus\n", NULL, NULL, "base_path ("},
    {"base_path = /x\"><script>\n", NULL, NULL, "base_path ("},
    {"", "AIGO_BASE_PATH", "/a?b", "base_path (environment AIGO_BASE_PATH)"},
    {"", "AIGO_SNAPSHOT_INTERVAL", "-1",
     "snapshot_interval (environment AIGO_SNAPSHOT_INTERVAL): must be 0"},
    {"incident_open_after = 10\n", NULL, NULL,
     "unit.conf:1): must be 30 to 86400"},
    {"incident_close_after = 3m\n", NULL, NULL, "incident_close_after ("},
    {"", "AIGO_INCIDENT_PROVIDER_SHARE", "101",
     "incident_provider_share (environment AIGO_INCIDENT_PROVIDER_SHARE): "
     "must be 1 to 100"},
    /* A value is never cut (found by tests/fuzz/fuzz_config). */
    {"default_lang = english-of-a-kind\n", NULL, NULL,
     "unit.conf:1): longer than 7 bytes"},
    {"probe = yes\n", NULL, NULL, "probe (", /* the file and line follow */},
    {"probe = yes\n", NULL, NULL, "unit.conf:1): must be on or off"},
    {"", "AIGO_PROBE", "1",
     "probe (environment AIGO_PROBE): must be on or off"},
    {"access_log = yes\n", NULL, NULL, "access_log ("},
    /* Channels (notify.NAME.KEY): each refusal names the file and line. */
    {"notify.ops.type = webhook\nnotify.ops.colour = red\n", NULL, NULL,
     "unit.conf:2: unknown key \"notify.ops.colour\""},
    {"notify.Ops.type = webhook\n", NULL, NULL,
     "unit.conf:1: \"Ops\" is not a channel name"},
    {"notify.9ops.type = webhook\n", NULL, NULL,
     "unit.conf:1: \"9ops\" is not a channel name"},
    {"notify.abcdefghijklmnopqrstuvwxyz0123456.type = slack\n", NULL, NULL,
     "unit.conf:1: \"abcdefghijklmnopqrstuvwxyz0123456\" is not a channel"},
    {"notify.ops = webhook\n", NULL, NULL, "unit.conf:1: unknown key"},
    {"notify.ops.type = webhook\nnotify.ops.url = https://h/x\n"
     "notify.ops.type = slack\n",
     NULL, NULL, "unit.conf:3: notify.ops.type is set twice"},
    {"db = /x\nnotify.ops.url = https://h/x\n", NULL, NULL,
     "unit.conf:2: notify.ops.type: the channel has no type line"},
    {"notify.ops.type = webhook\n", NULL, NULL,
     "unit.conf:1: notify.ops.url: the channel has no url"},
    {"notify.ops.type = pager\nnotify.ops.url = https://h/x\n", NULL, NULL,
     "unit.conf:1: notify.ops.type: must be webhook, slack"},
    {"notify.ops.type = slack\nnotify.ops.url = ftp://h/x\n", NULL, NULL,
     "unit.conf:2: notify.ops.url: must start with https:// or http://"},
    {"notify.ops.type = email\nnotify.ops.url = https://h/x\n", NULL, NULL,
     "unit.conf:2: notify.ops.url: must start with smtp://"},
    {"notify.ops.type = discord\nnotify.ops.url = https:///x\n", NULL, NULL,
     "unit.conf:2: notify.ops.url: has no host"},
    {"notify.ops.type = ntfy\nnotify.ops.url = https://ntfy.sh/\n", NULL, NULL,
     "unit.conf:2: notify.ops.url: must end in a topic"},
    {"notify.ops.type = email\nnotify.ops.url = smtp://mx:587\n"
     "notify.ops.to = a@example.com\n",
     NULL, NULL, "unit.conf:1: notify.ops.from: an email channel needs"},
    {"notify.ops.type = email\nnotify.ops.url = smtp://mx:587\n"
     "notify.ops.from = aigo@example.com\n",
     NULL, NULL, "unit.conf:1: notify.ops.to: an email channel needs"},
    {"notify.ops.type = email\nnotify.ops.url = smtp://mx:587\n"
     "notify.ops.from = aigo@example.com\nnotify.ops.to = a@x, b\n",
     NULL, NULL, "unit.conf:4: notify.ops.to: must be addresses"},
    {"notify.ops.type = email\nnotify.ops.url = smtps://mx\n"
     "notify.ops.from = aigo@example.com\nnotify.ops.to = a@x\n"
     "notify.ops.username = aigo\n",
     NULL, NULL, "unit.conf:5: notify.ops.username: username and password"},
    {"notify.ops.type = slack\nnotify.ops.url = https://h/x\n"
     "notify.ops.password = p\n",
     NULL, NULL, "unit.conf:3: notify.ops.password: only an email channel"},
    {"notify.ops.type = slack\nnotify.ops.url = https://h/x\n"
     "notify.ops.secret = s\n",
     NULL, NULL, "unit.conf:3: notify.ops.secret: only a webhook channel"},
    {"notify.ops.type = webhook\nnotify.ops.url = https://h/x\n"
     "notify.ops.locale = fr\n",
     NULL, NULL, "unit.conf:3: notify.ops.locale: must be en, ko, ja, zh"},
    {"notify.ops.type = webhook\nnotify.ops.url = https://h/x\n"
     "notify.ops.min_severity = high\n",
     NULL, NULL, "unit.conf:3: notify.ops.min_severity: must be minor"},
    {"notify.ops.type = webhook\nnotify.ops.url = https://h/x\n"
     "notify.ops.providers = openai,,anthropic\n",
     NULL, NULL, "unit.conf:3: notify.ops.providers: must be provider slugs"},
    {"notify.ops.type = webhook\nnotify.ops.url = https://h/x\n"
     "notify.ops.models = GPT-4o\n",
     NULL, NULL, "unit.conf:3: notify.ops.models: must be model slugs"},
    {"notify.ops.type = webhook\nnotify.ops.url = https://h/x\n"
     "notify.ops.secret = ${UNIT_UNSET_VAR}\n",
     NULL, NULL,
     "unit.conf:3: notify.ops.secret: the environment variable "
     "UNIT_UNSET_VAR is not set"},
    {"notify.ops.type = webhook\nnotify.ops.url = https://h/${oops\n", NULL,
     NULL, "unit.conf:2: notify.ops.url: \"${\" must start ${NAME}"},
    {"notify.ops.type = webhook\nnotify.ops.url = https://h/a b\n", NULL, NULL,
     "unit.conf:2: notify.ops.url: must not hold blanks"},
    {"notify.ops.type = webhook\nnotify.ops.url = https://h/x\n"
     "notify.ops.secret = ${UNIT_HOOK_SECRET}\n",
     "UNIT_HOOK_SECRET", "line\nbreak",
     "unit.conf:3: notify.ops.secret: a control character in the value"},
    {"notify.ops.type = email\nnotify.ops.url = smtps://mx\n"
     "notify.ops.from = aigo@example.com\nnotify.ops.to = a@x\n"
     "notify.ops.password = p\n",
     NULL, NULL, "unit.conf:5: notify.ops.password: username and password"},
    {"notify.ops.type = ntfy\nnotify.ops.url = https://ntfy.sh/a?b\n", NULL,
     NULL, "unit.conf:2: notify.ops.url: must be the topic's URL"},
    {"notify = maybe\n", NULL, NULL, "unit.conf:1): must be on or off"},
    {"notify_cooldown = -1\n", NULL, NULL, "unit.conf:1): must be 0 to 86400"},
    {"notify_max_age = 10\n", NULL, NULL, "unit.conf:1): must be 60 to 604800"},
    {"", "AIGO_NOTIFY_BACKOFF_MAX", "0",
     "notify_backoff_max (environment AIGO_NOTIFY_BACKOFF_MAX): must be 1 "
     "to 3600"},
};

/* A NUL byte, or a line over 4096 bytes (once read as two lines, the tail
 * of a comment setting db), refuses the file with its line. */
START_TEST(test_config_refuses_nul_and_long_lines)
{
	static const char nul[] = "# x\ndb = /a\0/b\n";
	char path[1100], err[512] = "";
	struct app_config cfg;
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests/out/unit-nul.conf", unit_root());
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fwrite(nul, 1, sizeof(nul) - 1, f);
	fclose(f);
	setenv("AIGO_CONFIG", path, 1);
	ck_assert_int_eq(app_config_load(&cfg, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "unit-nul.conf:2: a NUL byte") != NULL, "%s",
	              err);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputc('#', f);
	for (int i = 0; i < 2047; i++)
		fputc('x', f);
	fputs("db = /evil\n", f);
	fclose(f);
	ck_assert_int_eq(app_config_load(&cfg, err, sizeof(err)), 0);
	ck_assert_ptr_null(strstr(cfg.db_path, "evil"));
	f = fopen(path, "w");
	for (int i = 0; i < 5000; i++)
		fputc('#', f);
	fputc('\n', f);
	fclose(f);
	ck_assert_int_eq(app_config_load(&cfg, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "unit-nul.conf:1: line longer") != NULL, "%s",
	              err);
}
END_TEST

START_TEST(test_config_refused)
{
	const struct bad_case *c = &bad_cases[_i];
	struct app_config cfg;
	char err[512] = "";

	config_file(c->file);
	if (c->env != NULL)
		setenv(c->env, c->value, 1);
	ck_assert_int_eq(app_config_load(&cfg, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, c->err) != NULL, "\"%s\" lacks \"%s\"", err,
	              c->err);
}
END_TEST

START_TEST(test_config_file_missing)
{
	struct app_config cfg;
	char err[512] = "";

	setenv("AIGO_CONFIG", "/nonexistent/aigo.conf", 1);
	ck_assert_int_eq(app_config_load(&cfg, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(
	    strstr(err, "/nonexistent/aigo.conf: cannot read"));
}
END_TEST

/* A base path is kept without its trailing slashes; "/" is the root. */
static const char *const base_cases[][2] = {
    {"", ""},
    {"/", ""},
    {"/status", "/status"},
    {"/status/", "/status"},
    {"/tools/ai-go_status.v2~x//", "/tools/ai-go_status.v2~x"},
};

START_TEST(test_config_base_path)
{
	struct app_config cfg;
	char err[512] = "";

	setenv("AIGO_BASE_PATH", base_cases[_i][0], 1);
	ck_assert_msg(app_config_load(&cfg, err, sizeof(err)) == 0, "%s", err);
	ck_assert_str_eq(cfg.base_path, base_cases[_i][1]);
}
END_TEST

/* The prober is off unless probe = on; probe_keys names a file (read by
 * the prober, never here). */
START_TEST(test_config_probe_and_probe_keys)
{
	struct app_config cfg;
	char err[512] = "", *text = NULL;
	size_t len;
	FILE *out;

	ck_assert_msg(app_config_load(&cfg, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(cfg.probe, 0);
	ck_assert_str_eq(cfg.probe_keys, "");
	config_file("probe = on\nprobe_keys = /etc/aigo/probe-keys\n");
	ck_assert_msg(app_config_load(&cfg, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(cfg.probe, 1);
	ck_assert_str_eq(cfg.probe_keys, "/etc/aigo/probe-keys");
	out = open_memstream(&text, &len);
	app_config_print(&cfg, out);
	fclose(out);
	ck_assert_ptr_nonnull(strstr(text, "unit.conf:1\nprobe = on\n"));
	ck_assert_ptr_nonnull(
	    strstr(text, "unit.conf:2\nprobe_keys = /etc/aigo/probe-keys\n"));
	free(text);
	setenv("AIGO_PROBE", "off", 1);
	ck_assert_msg(app_config_load(&cfg, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(cfg.probe, 0);
}
END_TEST

/* Channels: values after ${VAR}, lists without blanks, defaults; `aigo
 * config check` shows where each came from and never a secret: no token
 * in a URL's path or user part, no webhook secret, no SMTP password. */
START_TEST(test_config_channels)
{
	static const char *const secrets[] = {
	    "s3cr3t-hook-value", "smtp-pass-value", "XXXXSECRETPATH", "user:pw",
	    "token="};
	struct app_config cfg;
	char err[512] = "", *text = NULL;
	size_t len;
	FILE *out;

	setenv("UNIT_HOOK_SECRET", "s3cr3t-hook-value", 1);
	setenv("UNIT_SMTP_PASSWORD", "smtp-pass-value", 1);
	config_file("notify.ops.type = webhook\n"
	            "notify.ops.url = https://hooks.example.com/aigo?token=x\n"
	            "notify.ops.secret = ${UNIT_HOOK_SECRET}\n"
	            "notify.ops.providers = openai , anthropic\n"
	            "notify.ops.min_severity = major\n"
	            "notify.team.type = slack\n"
	            "notify.team.url = https://hooks.slack.com/services/T0/B0/"
	            "XXXXSECRETPATH\n"
	            "notify.team.locale = ko\n"
	            "notify.mail.type = email\n"
	            "notify.mail.url = smtp://user:pw@mail.example.com:587\n"
	            "notify.mail.from = aigo@example.com\n"
	            "notify.mail.to = a@example.com , b@example.com\n"
	            "notify.mail.username = aigo\n"
	            "notify.mail.password = pre-${UNIT_SMTP_PASSWORD}-post\n"
	            "notify.push.type = ntfy\n"
	            "notify.push.url = https://ntfy.sh/aigo-alerts\n"
	            "notify.push.ca_file = /etc/aigo/ca.pem\n"
	            "notify_cooldown = 120\n");
	ck_assert_msg(app_config_load(&cfg, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(cfg.n_channels, 4);
	ck_assert_int_eq(cfg.notify, 1); /* on by default */
	ck_assert_int_eq(cfg.notify_cooldown, 120);
	ck_assert_int_eq(cfg.notify_max_age, 86400);
	ck_assert_int_eq(cfg.notify_backoff_max, 300);
	ck_assert_str_eq(cfg.channels[0].name, "ops");
	ck_assert_int_eq(cfg.channels[0].type, NOTIFY_WEBHOOK);
	ck_assert_str_eq(cfg.channels[0].secret, "s3cr3t-hook-value");
	ck_assert_str_eq(cfg.channels[0].providers, "openai,anthropic");
	ck_assert_str_eq(cfg.channels[0].models, "");
	ck_assert_int_eq(cfg.channels[0].min_severity, 2);
	ck_assert_str_eq(cfg.channels[0].lang, "en"); /* default_lang */
	ck_assert_ptr_nonnull(strstr(cfg.channels[0].where, "unit.conf:1"));
	ck_assert_int_eq(cfg.channels[1].type, NOTIFY_SLACK);
	ck_assert_str_eq(cfg.channels[1].lang, "ko");
	ck_assert_int_eq(cfg.channels[1].min_severity, 1);
	ck_assert_int_eq(cfg.channels[2].type, NOTIFY_EMAIL);
	ck_assert_str_eq(cfg.channels[2].mail_to,
	                 "a@example.com,b@example.com");
	ck_assert_str_eq(cfg.channels[2].password, "pre-smtp-pass-value-post");
	ck_assert_int_eq(cfg.channels[3].type, NOTIFY_NTFY);
	ck_assert_str_eq(cfg.channels[3].ca_file, "/etc/aigo/ca.pem");
	out = open_memstream(&text, &len);
	app_config_print(&cfg, out);
	fclose(out);
	ck_assert_ptr_nonnull(strstr(text, "\nnotify = on\n"));
	ck_assert_ptr_nonnull(
	    strstr(text, "unit.conf:18\nnotify_cooldown = 120\n"));
	ck_assert_ptr_nonnull(strstr(text, "# channel ops (webhook); from "));
	ck_assert_ptr_nonnull(
	    strstr(text, "notify.ops.url = https://hooks.example.com/…\n"));
	ck_assert_ptr_nonnull(strstr(text, "notify.ops.secret = (set)\n"));
	ck_assert_ptr_nonnull(
	    strstr(text, "notify.ops.providers = openai,anthropic\n"));
	ck_assert_ptr_nonnull(
	    strstr(text, "notify.ops.min_severity = major\n"));
	ck_assert_ptr_nonnull(
	    strstr(text, "notify.team.url = https://hooks.slack.com/…\n"));
	ck_assert_ptr_nonnull(strstr(text, "notify.team.locale = ko\n"));
	ck_assert_ptr_nonnull(
	    strstr(text, "notify.mail.url = smtp://mail.example.com:587\n"));
	ck_assert_ptr_nonnull(strstr(text, "notify.mail.password = (set)\n"));
	ck_assert_ptr_nonnull(strstr(text, "notify.mail.username = aigo\n"));
	ck_assert_ptr_nonnull(
	    strstr(text, "notify.push.url = https://ntfy.sh/…\n"));
	for (size_t i = 0; i < NELEM(secrets); i++)
		ck_assert_msg(strstr(text, secrets[i]) == NULL,
		              "config check shows \"%s\"", secrets[i]);
	free(text);
	/* A refused value is never repeated in the message. */
	config_file("notify.ops.type = slack\n"
	            "notify.ops.url = ftp://${UNIT_HOOK_SECRET}/x\n");
	ck_assert_int_eq(app_config_load(&cfg, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "unit.conf:2: notify.ops.url") != NULL, "%s",
	              err);
	ck_assert_ptr_null(strstr(err, "s3cr3t"));
	/* notify = off; no file: no channel. */
	setenv("AIGO_NOTIFY", "off", 1);
	unsetenv("AIGO_CONFIG");
	ck_assert_msg(app_config_load(&cfg, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(cfg.notify, 0);
	ck_assert_int_eq(cfg.n_channels, 0);
}
END_TEST

/* At most NOTIFY_CHANNELS_MAX channels: the next one's line is refused. */
START_TEST(test_config_too_many_channels)
{
	struct app_config cfg;
	char err[512] = "", *text;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	for (int i = 0; i <= NOTIFY_CHANNELS_MAX; i++)
		fprintf(f,
		        "notify.c%d.type = ntfy\nnotify.c%d.url = "
		        "https://ntfy.sh/t%d\n",
		        i, i, i);
	fclose(f);
	config_file(text);
	free(text);
	ck_assert_int_eq(app_config_load(&cfg, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "unit.conf:33: more than 16 channels") !=
	                  NULL,
	              "%s", err);
}
END_TEST

/* The example shipped in contrib/ is a valid file. */
START_TEST(test_config_example_is_valid)
{
	struct app_config cfg;
	char path[1100], err[512] = "";

	snprintf(path, sizeof(path), "%s/contrib/aigo.conf.example",
	         unit_root());
	setenv("AIGO_CONFIG", path, 1);
	ck_assert_msg(app_config_load(&cfg, err, sizeof(err)) == 0, "%s", err);
	ck_assert_str_eq(cfg.db_path, "/var/lib/aigo/aigo.db");
	ck_assert_int_eq(cfg.retention, 90 * 86400);
	ck_assert_int_eq(cfg.incident_open_after, 180);
	ck_assert_int_eq(cfg.incident_close_after, 600);
	ck_assert_int_eq(cfg.incident_provider_share, 50);
}
END_TEST

Suite *
config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, save_env, restore_env);
	tcase_add_test(tc, test_config_file_and_overrides);
	tcase_add_loop_test(tc, test_config_refused, 0, (int)NELEM(bad_cases));
	tcase_add_test(tc, test_config_refuses_nul_and_long_lines);
	tcase_add_test(tc, test_config_file_missing);
	tcase_add_loop_test(tc, test_config_base_path, 0,
	                    (int)NELEM(base_cases));
	tcase_add_test(tc, test_config_example_is_valid);
	tcase_add_test(tc, test_config_probe_and_probe_keys);
	tcase_add_test(tc, test_config_channels);
	tcase_add_test(tc, test_config_too_many_channels);
	suite_add_tcase(s, tc);
	return s;
}
