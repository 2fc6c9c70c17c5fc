/* fuzz_config.c: the configuration file (app_config_load with AIGO_CONFIG): every value read is the file's, whole, or the file is refused; what `aigo config check` prints reads back the same, and shows no channel's secret. */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "fuzz.h"
#include "store.h"

/* Every variable that overrides the file. */
static const char *const env_vars[] = {"AIGO_ROOT",
                                       "AIGO_DB",
                                       "AIGO_SNAPSHOT",
                                       "AIGO_SNAPSHOT_INTERVAL",
                                       "AIGO_INGEST_TOKENS",
                                       "AIGO_RETENTION_DAYS",
                                       "AIGO_FRESHNESS_SECONDS",
                                       "AIGO_DEFAULT_LANG",
                                       "AIGO_TIMEZONE",
                                       "AIGO_LOG_LEVEL",
                                       "AIGO_ACCESS_LOG",
                                       "AIGO_MAX_REQUESTS",
                                       "AIGO_BASE_PATH",
                                       "AIGO_CATALOG",
                                       "AIGO_PROBE_INTERVAL",
                                       "AIGO_PROBE_CONCURRENCY",
                                       "AIGO_PROBE_CA_FILE",
                                       "AIGO_PROBE",
                                       "AIGO_PROBE_KEYS",
                                       "AIGO_INCIDENT_OPEN_AFTER",
                                       "AIGO_INCIDENT_CLOSE_AFTER",
                                       "AIGO_INCIDENT_PROVIDER_SHARE",
                                       "AIGO_NOTIFY",
                                       "AIGO_NOTIFY_COOLDOWN",
                                       "AIGO_NOTIFY_MAX_AGE",
                                       "AIGO_NOTIFY_BACKOFF_MAX"};

static char file[1200], printed[1200];
static struct app_config defaults; /* from an empty file */

/* Loads the configuration from path with no variable set. */
static int
load(const char *path, struct app_config *cfg, char *err, size_t errlen)
{
	for (size_t i = 0; i < NELEM(env_vars); i++)
		unsetenv(env_vars[i]);
	setenv("AIGO_CONFIG", path, 1);
	return app_config_load(cfg, err, errlen);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[512];

	(void)argc;
	(void)argv;
	fuzz_env_defaults();
	snprintf(file, sizeof(file), "%s/aigo.conf", fuzz_tmpdir());
	snprintf(printed, sizeof(printed), "%s/printed.conf", fuzz_tmpdir());
	fuzz_write_file(file, "", 0);
	if (load(file, &defaults, err, sizeof(err)) != 0) {
		fprintf(stderr, "fuzz: an empty configuration: %s\n", err);
		abort();
	}
	fuzz_env_defaults();
	return 0;
}

/* The value of key in the text as a reader of "key = value" lines sees it
 * (whole lines, blanks trimmed, '#' lines and blank lines skipped); NULL
 * when absent. Sets *bad when a line is not "key = value". */
static char *
file_value(const char *text, size_t len, const char *key, int *bad)
{
	const char *p = text, *end = text + len;
	char *found = NULL;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end, *eq, *k0, *k1, *v0, *v1;

		k0 = p;
		while (k0 < e && (*k0 == ' ' || *k0 == '\t'))
			k0++;
		p = nl ? nl + 1 : end;
		v1 = e;
		while (v1 > k0 && v1[-1] != 0 &&
		       strchr(" \t\r", v1[-1]) != NULL)
			v1--;
		if (k0 == v1 || *k0 == '#')
			continue;
		eq = memchr(k0, '=', (size_t)(v1 - k0));
		if (eq == NULL) {
			*bad = 1;
			continue;
		}
		k1 = eq;
		while (k1 > k0 && k1[-1] != 0 &&
		       strchr(" \t\r", k1[-1]) != NULL)
			k1--;
		v0 = eq + 1;
		while (v0 < v1 && (*v0 == ' ' || *v0 == '\t'))
			v0++;
		if ((size_t)(k1 - k0) == strlen(key) &&
		    memcmp(k0, key, (size_t)(k1 - k0)) == 0 && found == NULL)
			found = strndup(v0, (size_t)(v1 - v0));
	}
	return found;
}

/* Whether a line that is not a comment holds a NUL byte. */
static int
nul_outside_comment(const char *text, size_t len)
{
	int comment = 0, blank = 1;

	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\n') {
			comment = 0;
			blank = 1;
		} else if (text[i] == '\0' && !comment) {
			return 1;
		} else if (blank && text[i] == '#') {
			comment = 1;
		} else if (text[i] != ' ' && text[i] != '\t') {
			blank = 0;
		}
	}
	return 0;
}

/* Option key reads as the file says, or as its default when the file
 * does not set it: text, or a number (want_num). */
static void
check_option(const char *text, size_t len, const char *key, const char *got,
             const char *def)
{
	int bad = 0;
	char *v = file_value(text, len, key, &bad);
	const char *want = v != NULL && v[0] != '\0' ? v : def;

	FUZZ_ASSERT(strcmp(want, got) == 0,
	            "%s = \"%s\" in the file%s, read as \"%s\"", key,
	            fuzz_show(want, strlen(want)), v ? "" : " (the default)",
	            fuzz_show(got, strlen(got)));
	free(v);
}

static void
check_number(const char *text, size_t len, const char *key, int64_t got,
             int64_t def)
{
	int bad = 0;
	char *v = file_value(text, len, key, &bad);
	int64_t want = v != NULL && v[0] != '\0' ? strtoll(v, NULL, 10) : def;

	FUZZ_ASSERT(want == got, "%s = %lld in the file, read as %lld", key,
	            (long long)want, (long long)got);
	free(v);
}

/* Every option is the file's value, whole, or its default. */
static void
check_values(const char *text, size_t len, const struct app_config *cfg)
{
	char def[1300], *root, *base, *level;
	int bad = 0;

	root = file_value(text, len, "root", &bad);
	if (root == NULL || root[0] == '\0') {
		free(root);
		root = strdup(defaults.root);
	}
	check_option(text, len, "root", cfg->root, root);
	snprintf(def, sizeof(def), "%s/db/aigo.db", root);
	check_option(text, len, "db", cfg->db_path, def);
	snprintf(def, sizeof(def), "%s/db/fallback.json", root);
	check_option(text, len, "snapshot", cfg->snapshot_path, def);
	snprintf(def, sizeof(def), "%s/db/ingest-tokens", root);
	check_option(text, len, "ingest_tokens", cfg->ingest_tokens, def);
	snprintf(def, sizeof(def), "%s/db/catalog.json", root);
	check_option(text, len, "catalog", cfg->catalog_path, def);
	free(root);
	check_option(text, len, "probe_ca_file", cfg->probe_ca_file, "");
	check_option(text, len, "probe_keys", cfg->probe_keys, "");
	check_option(text, len, "probe", cfg->probe ? "on" : "off", "off");
	check_option(text, len, "default_lang", cfg->default_lang, "en");
	check_option(text, len, "timezone", cfg->timezone, "UTC");
	check_option(text, len, "access_log", cfg->access_log ? "on" : "off",
	             "off");
	level = getenv("AIGO_LOG_LEVEL");
	check_option(text, len, "log_level", level ? level : "info", "info");
	check_number(text, len, "snapshot_interval", cfg->snapshot_interval,
	             300);
	check_number(text, len, "retention_days", cfg->retention / 86400, 90);
	check_number(text, len, "freshness_seconds", cfg->freshness, 1800);
	check_number(text, len, "max_requests", cfg->max_requests, 100000);
	check_number(text, len, "probe_interval", cfg->probe_interval, 60);
	check_number(text, len, "probe_concurrency", cfg->probe_concurrency,
	             32);
	check_number(text, len, "incident_open_after", cfg->incident_open_after,
	             180);
	check_number(text, len, "incident_close_after",
	             cfg->incident_close_after, 600);
	check_number(text, len, "incident_provider_share",
	             cfg->incident_provider_share, 50);
	check_option(text, len, "notify", cfg->notify ? "on" : "off", "on");
	check_number(text, len, "notify_cooldown", cfg->notify_cooldown, 600);
	check_number(text, len, "notify_max_age", cfg->notify_max_age, 86400);
	check_number(text, len, "notify_backoff_max", cfg->notify_backoff_max,
	             300);
	/* A base path is read without the '/' it may end with. */
	base = file_value(text, len, "base_path", &bad);
	if (base != NULL) {
		size_t n = strlen(base);

		while (n > 0 && base[n - 1] == '/')
			base[--n] = '\0';
	}
	FUZZ_ASSERT(strcmp(base != NULL ? base : "", cfg->base_path) == 0,
	            "base_path = \"%s\" in the file, read as \"%s\"",
	            base ? fuzz_show(base, strlen(base)) : "",
	            fuzz_show(cfg->base_path, strlen(cfg->base_path)));
	free(base);
}

/* The value printed on the line "notify.NAME.KEY = " of printed, or
 * NULL (a heap copy). */
static char *
printed_value(const char *printed_text, const char *name, const char *key)
{
	char head[128];
	const char *p;

	snprintf(head, sizeof(head), "\nnotify.%s.%s = ", name, key);
	p = strstr(printed_text, head);
	if (p == NULL)
		return NULL;
	p += strlen(head);
	return strndup(p, strcspn(p, "\n"));
}

/* The channels: each well-formed, and printed as `aigo config check`
 * shows them: the URL as scheme://host[:port] (no user part) and "/…"
 * for the rest, the secret and password as (set) or (not set). */
static void
check_channels(const struct app_config *cfg, const char *printed_text)
{
	FUZZ_ASSERT(cfg->n_channels <= NOTIFY_CHANNELS_MAX, "%zu channels",
	            cfg->n_channels);
	for (size_t i = 0; i < cfg->n_channels; i++) {
		const struct notify_channel *ch = &cfg->channels[i];
		const char *scheme_end = strstr(ch->url, "://"), *host, *rest;
		char want[1200], *got;

		FUZZ_ASSERT(ch->type < NOTIFY_TYPE__MAX && scheme_end != NULL &&
		                ch->min_severity >= 1 &&
		                ch->min_severity <= 3 &&
		                strcspn(ch->url, " \t\r\n") == strlen(ch->url),
		            "channel %s: type %d, url \"%s\"", ch->name,
		            (int)ch->type, fuzz_show(ch->url, strlen(ch->url)));
		FUZZ_ASSERT(
		    ch->type != NOTIFY_EMAIL ||
		        (ch->mail_from[0] != '\0' && ch->mail_to[0] != '\0'),
		    "email channel %s without from or to", ch->name);
		host = scheme_end + 3;
		rest = host + strcspn(host, "/?#");
		for (const char *at = host; at < rest; at++)
			if (*at == '@')
				host = at + 1;
		snprintf(want, sizeof(want), "%.*s%.*s%s",
		         (int)(scheme_end + 3 - ch->url), ch->url,
		         (int)(rest - host), host, *rest ? "/…" : "");
		got = printed_value(printed_text, ch->name, "url");
		FUZZ_ASSERT(got != NULL && strcmp(got, want) == 0,
		            "channel %s: url printed as \"%s\", not \"%s\"",
		            ch->name, got ? fuzz_show(got, strlen(got)) : "",
		            fuzz_show(want, strlen(want)));
		free(got);
		got = printed_value(printed_text, ch->name, "secret");
		FUZZ_ASSERT(ch->type == NOTIFY_WEBHOOK
		                ? got != NULL &&
		                      strcmp(got, ch->secret[0]
		                                      ? "(set)"
		                                      : "(not set)") == 0
		                : got == NULL,
		            "channel %s: secret printed as \"%s\"", ch->name,
		            got ? fuzz_show(got, strlen(got)) : "(no line)");
		free(got);
		got = printed_value(printed_text, ch->name, "password");
		FUZZ_ASSERT(ch->type == NOTIFY_EMAIL
		                ? got != NULL &&
		                      strcmp(got, ch->password[0]
		                                      ? "(set)"
		                                      : "(not set)") == 0
		                : got == NULL,
		            "channel %s: password printed as \"%s\"", ch->name,
		            got ? fuzz_show(got, strlen(got)) : "(no line)");
		free(got);
	}
}

/* Drops the channel lines (notify.NAME.KEY) of the printed file: shown
 * redacted, they are not meant to be read back. */
static void
drop_channel_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text = NULL, *line = NULL;
	size_t cap = 0, len = 0;
	ssize_t n;
	FILE *out = open_memstream(&text, &len);

	if (f == NULL || out == NULL)
		abort();
	while ((n = getline(&line, &cap, f)) >= 0)
		if (strncmp(line, "notify.", 7) != 0)
			fwrite(line, 1, (size_t)n, out);
	free(line);
	fclose(f);
	fclose(out);
	fuzz_write_file(path, text, len);
	free(text);
}

static void
print_cfg(void *ctx)
{
	FILE *f = fopen(printed, "w");

	if (f == NULL)
		abort();
	app_config_print(ctx, f);
	fclose(f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct app_config cfg, again;
	char err[512] = "", err2[512] = "";
	int rc, bad = 0;
	char *v;

	fuzz_write_file(file, data, size);
	rc = load(file, &cfg, err, sizeof(err));
	if (rc != 0) {
		FUZZ_ASSERT(rc == -1 && err[0] != '\0',
		            "refused (%d) without saying why", rc);
		goto out;
	}
	/* A file with a line that is not "key = value", or with a NUL
	 * byte outside a comment, is refused. */
	FUZZ_ASSERT(!nul_outside_comment(text, size),
	            "a line with a NUL byte was taken");
	v = file_value(text, size, "", &bad);
	free(v);
	FUZZ_ASSERT(!bad, "a line that is not \"key = value\" was taken");
	check_values(text, size, &cfg);
	/* Ranges the rest of the program relies on. */
	FUZZ_ASSERT(cfg.freshness >= 60 && cfg.freshness <= 7 * 86400,
	            "freshness %lld", (long long)cfg.freshness);
	FUZZ_ASSERT(cfg.retention >= 31 * 86400 &&
	                cfg.retention <= INT64_C(36500) * 86400,
	            "retention %lld", (long long)cfg.retention);
	FUZZ_ASSERT(cfg.snapshot_interval >= 0 && cfg.max_requests >= 0,
	            "a negative interval or count");
	FUZZ_ASSERT(cfg.base_path[0] == '\0' ||
	                (cfg.base_path[0] == '/' &&
	                 cfg.base_path[strlen(cfg.base_path) - 1] != '/' &&
	                 strstr(cfg.base_path, "//") == NULL &&
	                 !fuzz_has_dot_segment(cfg.base_path) &&
	                 strcspn(cfg.base_path, "\"'<>&?#% \t\r\n") ==
	                     strlen(cfg.base_path)),
	            "base_path \"%s\"",
	            fuzz_show(cfg.base_path, strlen(cfg.base_path)));
	/* What `aigo config check` prints is a file that reads the same,
	 * the db as it shows it (a PostgreSQL password hidden). */
	FUZZ_ASSERT(config_db_is_postgresql(cfg.db_path) ||
	                strcmp(cfg.db_shown, cfg.db_path) == 0,
	            "a file path shown as \"%s\"",
	            fuzz_show(cfg.db_shown, strlen(cfg.db_shown)));
	store_config_shown(&cfg);
	fuzz_quietly(print_cfg, &cfg);
	{
		FILE *f = fopen(printed, "r");
		char *all = NULL;
		size_t cap = 0;

		if (f == NULL || getdelim(&all, &cap, '\0', f) < 0)
			abort();
		fclose(f);
		check_channels(&cfg, all);
		free(all);
	}
	drop_channel_lines(printed);
	FUZZ_ASSERT(load(printed, &again, err2, sizeof(err2)) == 0,
	            "the printed configuration is refused: %s", err2);
	memcpy(again.file, cfg.file, sizeof(cfg.file));
	store_config_shown(&again);
	FUZZ_ASSERT(strcmp(again.db_path, cfg.db_shown) == 0,
	            "db shown as \"%s\", read back as \"%s\"",
	            fuzz_show(cfg.db_shown, strlen(cfg.db_shown)),
	            fuzz_show(again.db_path, strlen(again.db_path)));
	memcpy(again.db_path, cfg.db_path, sizeof(cfg.db_path));
	memcpy(again.db_shown, cfg.db_shown, sizeof(cfg.db_shown));
	/* The channels are compared above, not read back. */
	again.n_channels = cfg.n_channels;
	memcpy(again.channels, cfg.channels, sizeof(cfg.channels));
	FUZZ_ASSERT(memcmp(&cfg, &again, sizeof(cfg)) == 0,
	            "the printed configuration reads differently");
out:
	fuzz_env_defaults();
	return 0;
}
