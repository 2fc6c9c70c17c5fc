/* config.c: the configuration in one place: defaults, a `key = value` file, environment overrides, and `aigo config check`. */
#include "config.h"

#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "timefmt.h"

#define CONFIG_LINE_MAX 4096 /* bytes of one line of the file */

enum opt {
	OPT_ROOT,
	OPT_DB,
	OPT_SNAPSHOT,
	OPT_SNAPSHOT_INTERVAL,
	OPT_INGEST_TOKENS,
	OPT_ADMIN_TOKENS,
	OPT_RETENTION_DAYS,
	OPT_FRESHNESS,
	OPT_DEFAULT_LANG,
	OPT_TIMEZONE,
	OPT_LOG_LEVEL,
	OPT_ACCESS_LOG,
	OPT_MAX_REQUESTS,
	OPT_BASE_PATH,
	OPT_CATALOG,
	OPT_PROBE_INTERVAL,
	OPT_PROBE_CONCURRENCY,
	OPT_PROBE_CA_FILE,
	OPT_PROBE,
	OPT_PROBE_KEYS,
	OPT_STATUS_INTERVAL,
	OPT_INCIDENT_OPEN_AFTER,
	OPT_INCIDENT_CLOSE_AFTER,
	OPT_INCIDENT_PROVIDER_SHARE,
	OPT_PUBLIC_URL,
	OPT__MAX
};

/* Each option: its key in the file, its environment variable, and what it
 * is (printed by `aigo config check`). */
static const struct option {
	const char *key, *env, *help;
} options[OPT__MAX] = {
    [OPT_ROOT] = {"root", "AIGO_ROOT",
                  "templates/, locales/, static/ and db/ (default: the "
                  "checkout above the program, or PREFIX/share/aigo)"},
    [OPT_DB] = {"db", "AIGO_DB", "the SQLite database (ROOT/db/aigo.db)"},
    [OPT_SNAPSHOT] = {"snapshot", "AIGO_SNAPSHOT",
                      "the fallback snapshot (ROOT/db/fallback.json)"},
    [OPT_SNAPSHOT_INTERVAL] = {"snapshot_interval", "AIGO_SNAPSHOT_INTERVAL",
                               "seconds between snapshots, 0 for never "
                               "(300)"},
    [OPT_INGEST_TOKENS] = {"ingest_tokens", "AIGO_INGEST_TOKENS",
                           "the ingest token file, mode 600 "
                           "(ROOT/db/ingest-tokens)"},
    [OPT_ADMIN_TOKENS] = {"admin_tokens", "AIGO_ADMIN_TOKENS",
                          "the admin token file (incidents and maintenance "
                          "API), mode 600; none: the admin API is off "
                          "(ROOT/db/admin-tokens)"},
    [OPT_RETENTION_DAYS] = {"retention_days", "AIGO_RETENTION_DAYS",
                            "days of checks accepted and kept (aigo db "
                            "prune), 31..36500 (90)"},
    [OPT_FRESHNESS] = {"freshness_seconds", "AIGO_FRESHNESS_SECONDS",
                       "W: a latest check older than this is not fresh, "
                       "60..604800 (1800)"},
    [OPT_DEFAULT_LANG] = {"default_lang", "AIGO_DEFAULT_LANG",
                          "the language when negotiation finds none (en)"},
    [OPT_TIMEZONE] = {"timezone", "AIGO_TIMEZONE",
                      "the zone dates are shown in (UTC)"},
    [OPT_LOG_LEVEL] = {"log_level", "AIGO_LOG_LEVEL",
                       "debug, info, warn, error or none (info)"},
    [OPT_ACCESS_LOG] = {"access_log", "AIGO_ACCESS_LOG",
                        "a log line per request: on or off (off)"},
    [OPT_MAX_REQUESTS] = {"max_requests", "AIGO_MAX_REQUESTS",
                          "requests a worker serves before a fresh one "
                          "replaces it, 0 for never (100000)"},
    [OPT_BASE_PATH] = {"base_path", "AIGO_BASE_PATH",
                       "the URL path the site is served under, such as "
                       "/status (none: the site is at /)"},
    [OPT_CATALOG] = {"catalog", "AIGO_CATALOG",
                     "the provider/model/endpoint catalog that aigo db "
                     "init loads and aigo probe probes "
                     "(ROOT/db/catalog.json)"},
    [OPT_PROBE_INTERVAL] = {"probe_interval", "AIGO_PROBE_INTERVAL",
                            "seconds between two probes of an endpoint "
                            "whose catalog entry has no intervalS, 5..86400 "
                            "(60)"},
    [OPT_PROBE_CONCURRENCY] = {"probe_concurrency", "AIGO_PROBE_CONCURRENCY",
                               "probes in flight at once, 1..1024 (32)"},
    [OPT_PROBE_CA_FILE] = {"probe_ca_file", "AIGO_PROBE_CA_FILE",
                           "a CA certificate file (PEM) the prober trusts "
                           "besides the system's (none)"},
    [OPT_PROBE] = {"probe", "AIGO_PROBE",
                   "aigo serve runs the prober as a supervised child: on "
                   "or off (off)"},
    [OPT_PROBE_KEYS] = {"probe_keys", "AIGO_PROBE_KEYS",
                        "a file of NAME=value provider keys, mode 600, "
                        "that the prober reads at each start and prefers "
                        "to the environment (none)"},
    [OPT_STATUS_INTERVAL] = {"status_interval", "AIGO_STATUS_INTERVAL",
                             "seconds between two reads of a provider's "
                             "status API (the catalog's statusApi), "
                             "10..86400 (300)"},
    [OPT_INCIDENT_OPEN_AFTER] = {"incident_open_after",
                                 "AIGO_INCIDENT_OPEN_AFTER",
                                 "seconds a model is outage or degraded "
                                 "before an incident opens, 30..86400 "
                                 "(180)"},
    [OPT_INCIDENT_CLOSE_AFTER] = {"incident_close_after",
                                  "AIGO_INCIDENT_CLOSE_AFTER",
                                  "seconds of operational that close an "
                                  "incident, 30..86400 (600)"},
    [OPT_INCIDENT_PROVIDER_SHARE] = {"incident_provider_share",
                                     "AIGO_INCIDENT_PROVIDER_SHARE",
                                     "percent of a provider's active models "
                                     "in an incident at once (and at least "
                                     "two) that make a provider incident, "
                                     "1..100 (50)"},
    [OPT_PUBLIC_URL] = {"public_url", "AIGO_PUBLIC_URL",
                        "the site's origin as visitors reach it, such as "
                        "https://status.example.com, for the feeds' "
                        "absolute links and ids (none: from each "
                        "request's Host)"},
};

/* Where each effective value came from, for `aigo config check`. */
static char origin[OPT__MAX][1100];

static int
timezone_exists(const char *zone)
{
	char path[128];

	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", zone);
	return access(path, R_OK) == 0;
}

/* Strips blanks at both ends of s in place. */
static char *
trim(char *s)
{
	char *end;

	s += strspn(s, " \t");
	end = s + strlen(s);
	while (end > s && strchr(" \t\r\n", end[-1]) != NULL)
		*--end = '\0';
	return s;
}

/* Reads `key = value` lines of path into values (heap copies). */
static int
read_file(const char *path, char **values, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int n = 0;

	if (f == NULL) {
		snprintf(err, errlen, "%s: cannot read the configuration file",
		         path);
		return -1;
	}
	/* A whole line at a time: a long one is refused, never read as
	 * two, and a NUL byte would cut it, so it is refused too. */
	while ((len = getline(&line, &cap, f)) >= 0) {
		char *p, *eq, *key, *value;
		int k = 0;

		n++;
		if (len > CONFIG_LINE_MAX ||
		    memchr(line, '\0', (size_t)len) != NULL) {
			snprintf(err, errlen, "%s:%d: %s", path, n,
			         len > CONFIG_LINE_MAX
			             ? "line longer than 4096 bytes"
			             : "a NUL byte in the line");
			free(line);
			fclose(f);
			return -1;
		}
		p = trim(line);
		if (*p == '\0' || *p == '#')
			continue;
		eq = strchr(p, '=');
		if (eq == NULL) {
			snprintf(err, errlen, "%s:%d: not \"key = value\"",
			         path, n);
			free(line);
			fclose(f);
			return -1;
		}
		*eq = '\0';
		key = trim(p);
		value = trim(eq + 1);
		while (k < OPT__MAX && strcmp(key, options[k].key) != 0)
			k++;
		if (k == OPT__MAX) {
			snprintf(err, errlen, "%s:%d: unknown key \"%.64s\"",
			         path, n, key);
			free(line);
			fclose(f);
			return -1;
		}
		if (values[k] != NULL) {
			snprintf(err, errlen, "%s:%d: %s is set twice", path, n,
			         key);
			free(line);
			fclose(f);
			return -1;
		}
		values[k] = xstrdup(value);
		snprintf(origin[k], sizeof(origin[k]), "%.1000s:%d", path, n);
	}
	free(line);
	fclose(f);
	return 0;
}

/* A number option in [min, max] (v NULL or empty: def). */
static int
number(char **values, enum opt o, int64_t min, int64_t max, int64_t def,
       int64_t *out, char *err, size_t errlen)
{
	*out = def;
	if (values[o] == NULL || *values[o] == '\0')
		return 0;
	if (parse_int64(values[o], min, max, out) == 0)
		return 0;
	snprintf(err, errlen, "%s (%s): must be %lld to %lld", options[o].key,
	         origin[o], (long long)min, (long long)max);
	return -1;
}

/* An on/off option (unset or empty: off). */
static int
on_off(char **values, enum opt o, int *out, char *err, size_t errlen)
{
	*out = 0;
	if (values[o] == NULL || *values[o] == '\0')
		return 0;
	if (strcmp(values[o], "on") != 0 && strcmp(values[o], "off") != 0) {
		snprintf(err, errlen, "%s (%s): must be on or off",
		         options[o].key, origin[o]);
		return -1;
	}
	*out = values[o][1] == 'n';
	return 0;
}

/* The base path: empty, or "/" and segments of URL-safe characters with no
 * trailing "/" (one given is dropped), so that base + "/en/monitoring" is a
 * path and the value needs no escaping in HTML or headers. */
static int
base_path(const char *v, struct app_config *cfg, char *err, size_t errlen)
{
	size_t n = v ? strlen(v) : 0;

	while (n > 0 && v[n - 1] == '/')
		n--;
	if (n > 0 &&
	    (v[0] != '/' || n >= sizeof(cfg->base_path) ||
	     strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstu"
	               "vwxyz0123456789/-._~") < n ||
	     memmem(v, n, "//", 2) != NULL || memmem(v, n, "/.", 2) != NULL)) {
		snprintf(err, errlen,
		         "base_path (%s): must be a path such as /status "
		         "(letters, digits, - . _ ~ and /)",
		         origin[OPT_BASE_PATH]);
		return -1;
	}
	memcpy(cfg->base_path, v ? v : "", n);
	cfg->base_path[n] = '\0';
	return 0;
}

/* The public URL: empty, or http(s)://host[:port] with no path (the base
 * path is added to it) and no character that needs escaping. */
static int
public_url(const char *v, struct app_config *cfg, char *err, size_t errlen)
{
	size_t n = v ? strlen(v) : 0;
	const char *host = NULL;

	while (n > 0 && v[n - 1] == '/')
		n--;
	if (n > 0 && strncmp(v, "https://", 8) == 0)
		host = v + 8;
	else if (n > 0 && strncmp(v, "http://", 7) == 0)
		host = v + 7;
	if (n > 0 &&
	    (host == NULL || host >= v + n || n >= sizeof(cfg->public_url) ||
	     strspn(host, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstu"
	                  "vwxyz0123456789-.:[]") < (size_t)(v + n - host))) {
		snprintf(
		    err, errlen,
		    "public_url (%s): must be such as "
		    "https://status.example.com (scheme and host, no path)",
		    origin[OPT_PUBLIC_URL]);
		return -1;
	}
	memcpy(cfg->public_url, v ? v : "", n);
	cfg->public_url[n] = '\0';
	return 0;
}

/* Copies option o's value v into out (n bytes), or says it is too long:
 * a value is never cut. 0 or -1 with err set. */
static int
fits(enum opt o, const char *v, char *out, size_t n, char *err, size_t errlen)
{
	if ((size_t)snprintf(out, n, "%s", v) < n)
		return 0;
	snprintf(err, errlen, "%s (%s): longer than %zu bytes", options[o].key,
	         origin[o], n - 1);
	return -1;
}

/* A path option, or ROOT/rel when unset; 0, or -1 when too long. */
static int
path(char **values, enum opt o, const char *root, const char *rel, char *out,
     size_t n, char *err, size_t errlen)
{
	char joined[4200];

	if (values[o] != NULL && *values[o] != '\0')
		return fits(o, values[o], out, n, err, errlen);
	snprintf(joined, sizeof(joined), "%s/%s", root, rel);
	return fits(OPT_ROOT, joined, out, n, err, errlen);
}

static int
apply(struct app_config *cfg, char **values, char *err, size_t errlen)
{
	const char *zone = values[OPT_TIMEZONE];
	const char *level = values[OPT_LOG_LEVEL];
	int64_t days;

	if (values[OPT_ROOT] != NULL && *values[OPT_ROOT] != '\0') {
		if (fits(OPT_ROOT, values[OPT_ROOT], cfg->root,
		         sizeof(cfg->root), err, errlen) != 0)
			return -1;
	} else {
		/* A checkout has the binary in ROOT/cgi-bin/; `make install`
		 * puts it in PREFIX/bin/ and the files in PREFIX/share/aigo/. */
		char exe[1024], probe[1100];
		ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		const char *base;

		if (n <= 0) {
			snprintf(err, errlen,
			         "cannot find the program's directory; set "
			         "root (AIGO_ROOT)");
			return -1;
		}
		exe[n] = '\0';
		base = dirname(dirname(exe));
		snprintf(probe, sizeof(probe), "%s/templates", base);
		if (access(probe, F_OK) == 0)
			snprintf(cfg->root, sizeof(cfg->root), "%s", base);
		else
			snprintf(cfg->root, sizeof(cfg->root),
			         "%.1000s/share/aigo", base);
	}
	if (path(values, OPT_DB, cfg->root, "db/aigo.db", cfg->db_path,
	         sizeof(cfg->db_path), err, errlen) != 0)
		return -1;
	if (path(values, OPT_SNAPSHOT, cfg->root, "db/fallback.json",
	         cfg->snapshot_path, sizeof(cfg->snapshot_path), err,
	         errlen) != 0 ||
	    path(values, OPT_INGEST_TOKENS, cfg->root, "db/ingest-tokens",
	         cfg->ingest_tokens, sizeof(cfg->ingest_tokens), err,
	         errlen) != 0 ||
	    path(values, OPT_ADMIN_TOKENS, cfg->root, "db/admin-tokens",
	         cfg->admin_tokens, sizeof(cfg->admin_tokens), err,
	         errlen) != 0)
		return -1;
	/* The 30-day history needs 31 days of checks. */
	if (number(values, OPT_RETENTION_DAYS, 31, 36500, 90, &days, err,
	           errlen) != 0 ||
	    number(values, OPT_SNAPSHOT_INTERVAL, 0, 86400, 300,
	           &cfg->snapshot_interval, err, errlen) != 0 ||
	    number(values, OPT_FRESHNESS, 60, 86400 * 7, FRESHNESS_DEFAULT_SECS,
	           &cfg->freshness, err, errlen) != 0)
		return -1;
	cfg->retention = days * 86400;
	if (path(values, OPT_CATALOG, cfg->root, "db/catalog.json",
	         cfg->catalog_path, sizeof(cfg->catalog_path), err,
	         errlen) != 0 ||
	    number(values, OPT_PROBE_INTERVAL, 5, 86400, 60,
	           &cfg->probe_interval, err, errlen) != 0 ||
	    number(values, OPT_PROBE_CONCURRENCY, 1, 1024, 32,
	           &cfg->probe_concurrency, err, errlen) != 0 ||
	    fits(OPT_PROBE_CA_FILE,
	         values[OPT_PROBE_CA_FILE] ? values[OPT_PROBE_CA_FILE] : "",
	         cfg->probe_ca_file, sizeof(cfg->probe_ca_file), err,
	         errlen) != 0)
		return -1;
	if (on_off(values, OPT_PROBE, &cfg->probe, err, errlen) != 0 ||
	    fits(OPT_PROBE_KEYS,
	         values[OPT_PROBE_KEYS] ? values[OPT_PROBE_KEYS] : "",
	         cfg->probe_keys, sizeof(cfg->probe_keys), err, errlen) != 0 ||
	    number(values, OPT_STATUS_INTERVAL, 10, 86400, 300,
	           &cfg->status_interval, err, errlen) != 0 ||
	    number(values, OPT_INCIDENT_OPEN_AFTER, 30, 86400,
	           INCIDENT_OPEN_AFTER_DEFAULT, &cfg->incident_open_after, err,
	           errlen) != 0 ||
	    number(values, OPT_INCIDENT_CLOSE_AFTER, 30, 86400,
	           INCIDENT_CLOSE_AFTER_DEFAULT, &cfg->incident_close_after,
	           err, errlen) != 0 ||
	    number(values, OPT_INCIDENT_PROVIDER_SHARE, 1, 100,
	           INCIDENT_PROVIDER_SHARE_DEFAULT,
	           &cfg->incident_provider_share, err, errlen) != 0)
		return -1;
	if (base_path(values[OPT_BASE_PATH], cfg, err, errlen) != 0)
		return -1;
	if (public_url(values[OPT_PUBLIC_URL], cfg, err, errlen) != 0)
		return -1;
	if (number(values, OPT_MAX_REQUESTS, 0, INT64_C(1) << 40, 100000,
	           &cfg->max_requests, err, errlen) != 0)
		return -1;
	if (on_off(values, OPT_ACCESS_LOG, &cfg->access_log, err, errlen) != 0)
		return -1;
	if (fits(OPT_DEFAULT_LANG,
	         values[OPT_DEFAULT_LANG] && *values[OPT_DEFAULT_LANG]
	             ? values[OPT_DEFAULT_LANG]
	             : "en",
	         cfg->default_lang, sizeof(cfg->default_lang), err,
	         errlen) != 0)
		return -1;
	/* Dates on the pages are shown in one zone for the whole process. */
	if (zone == NULL || *zone == '\0')
		zone = "UTC";
	if (strlen(zone) >= sizeof(cfg->timezone) ||
	    strspn(zone, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	                 "0123456789_/+-") != strlen(zone) ||
	    strstr(zone, "..") != NULL ||
	    (strcmp(zone, "UTC") != 0 && !timezone_exists(zone))) {
		snprintf(err, errlen,
		         "timezone (%s): %.64s is not a known time zone (such "
		         "as UTC or Asia/Seoul)",
		         origin[OPT_TIMEZONE], zone);
		return -1;
	}
	snprintf(cfg->timezone, sizeof(cfg->timezone), "%s", zone);
	setenv("TZ", cfg->timezone, 1);
	tzset();
	if (level != NULL && *level != '\0') {
		if (strcmp(level, "debug") != 0 && strcmp(level, "info") != 0 &&
		    strcmp(level, "warn") != 0 && strcmp(level, "error") != 0 &&
		    strcmp(level, "none") != 0) {
			snprintf(err, errlen,
			         "log_level (%s): must be debug, info, warn, "
			         "error or none",
			         origin[OPT_LOG_LEVEL]);
			return -1;
		}
		setenv("AIGO_LOG_LEVEL", level, 1);
	}
	return 0;
}

int
app_config_load(struct app_config *cfg, char *err, size_t errlen)
{
	char *values[OPT__MAX] = {0};
	const char *file = getenv("AIGO_CONFIG");
	int rc = -1;

	memset(cfg, 0, sizeof(*cfg));
	for (int k = 0; k < OPT__MAX; k++)
		snprintf(origin[k], sizeof(origin[k]), "default");
	if (file != NULL && *file != '\0') {
		snprintf(cfg->file, sizeof(cfg->file), "%s", file);
		if (read_file(file, values, err, errlen) != 0)
			goto out;
	}
	for (int k = 0; k < OPT__MAX; k++) {
		const char *v = getenv(options[k].env);

		if (v == NULL || *v == '\0')
			continue; /* empty is unset */
		free(values[k]);
		values[k] = xstrdup(v);
		snprintf(origin[k], sizeof(origin[k]), "environment %s",
		         options[k].env);
	}
	rc = apply(cfg, values, err, errlen);
out:
	for (int k = 0; k < OPT__MAX; k++)
		free(values[k]);
	return rc;
}

void
app_config_print(const struct app_config *cfg, FILE *out)
{
	const char *level = getenv("AIGO_LOG_LEVEL");
	const char *shown[OPT__MAX];
	char num[10][32];

	snprintf(num[0], sizeof(num[0]), "%lld",
	         (long long)cfg->snapshot_interval);
	snprintf(num[1], sizeof(num[1]), "%lld",
	         (long long)(cfg->retention / 86400));
	snprintf(num[2], sizeof(num[2]), "%lld", (long long)cfg->freshness);
	shown[OPT_ROOT] = cfg->root;
	shown[OPT_DB] = cfg->db_path;
	shown[OPT_SNAPSHOT] = cfg->snapshot_path;
	shown[OPT_SNAPSHOT_INTERVAL] = num[0];
	shown[OPT_INGEST_TOKENS] = cfg->ingest_tokens;
	shown[OPT_ADMIN_TOKENS] = cfg->admin_tokens;
	shown[OPT_RETENTION_DAYS] = num[1];
	shown[OPT_FRESHNESS] = num[2];
	shown[OPT_DEFAULT_LANG] = cfg->default_lang;
	shown[OPT_TIMEZONE] = cfg->timezone;
	shown[OPT_LOG_LEVEL] = level && *level ? level : "info";
	snprintf(num[3], sizeof(num[3]), "%lld", (long long)cfg->max_requests);
	shown[OPT_MAX_REQUESTS] = num[3];
	shown[OPT_ACCESS_LOG] = cfg->access_log ? "on" : "off";
	shown[OPT_BASE_PATH] = cfg->base_path;
	shown[OPT_CATALOG] = cfg->catalog_path;
	snprintf(num[4], sizeof(num[4]), "%lld",
	         (long long)cfg->probe_interval);
	shown[OPT_PROBE_INTERVAL] = num[4];
	snprintf(num[5], sizeof(num[5]), "%lld",
	         (long long)cfg->probe_concurrency);
	shown[OPT_PROBE_CONCURRENCY] = num[5];
	shown[OPT_PROBE_CA_FILE] = cfg->probe_ca_file;
	shown[OPT_PROBE] = cfg->probe ? "on" : "off";
	shown[OPT_PROBE_KEYS] = cfg->probe_keys;
	snprintf(num[6], sizeof(num[6]), "%lld",
	         (long long)cfg->incident_open_after);
	snprintf(num[7], sizeof(num[7]), "%lld",
	         (long long)cfg->incident_close_after);
	snprintf(num[8], sizeof(num[8]), "%lld",
	         (long long)cfg->incident_provider_share);
	shown[OPT_INCIDENT_OPEN_AFTER] = num[6];
	shown[OPT_INCIDENT_CLOSE_AFTER] = num[7];
	shown[OPT_INCIDENT_PROVIDER_SHARE] = num[8];
	shown[OPT_PUBLIC_URL] = cfg->public_url;
	snprintf(num[9], sizeof(num[9]), "%lld",
	         (long long)cfg->status_interval);
	shown[OPT_STATUS_INTERVAL] = num[9];
	fprintf(out, "# the effective configuration (file: %s)\n",
	        cfg->file[0] ? cfg->file : "none; set AIGO_CONFIG");
	for (int k = 0; k < OPT__MAX; k++)
		fprintf(out, "\n# %s; from %s\n%s = %s\n", options[k].help,
		        origin[k], options[k].key, shown[k]);
}
