/* config.c: the configuration in one place: defaults, a `key = value` file, environment overrides, and `aigo config check`. */
#include "config.h"

#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "slug.h"
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
	OPT_NOTIFY,
	OPT_NOTIFY_COOLDOWN,
	OPT_NOTIFY_MAX_AGE,
	OPT_NOTIFY_BACKOFF_MAX,
	OPT_EMBED_FRAME_ANCESTORS,
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
    [OPT_NOTIFY] = {"notify", "AIGO_NOTIFY",
                    "aigo serve runs the notification sender as a "
                    "supervised child when a channel (notify.NAME.KEY) is "
                    "configured: on or off (on)"},
    [OPT_NOTIFY_COOLDOWN] = {"notify_cooldown", "AIGO_NOTIFY_COOLDOWN",
                             "seconds within which a newer severity change "
                             "of one incident replaces an undelivered one "
                             "on a channel, 0..86400 (600)"},
    [OPT_NOTIFY_MAX_AGE] = {"notify_max_age", "AIGO_NOTIFY_MAX_AGE",
                            "seconds an event is retried before it is "
                            "given up, and the age beyond which it is not "
                            "news, 60..604800 (86400)"},
    [OPT_NOTIFY_BACKOFF_MAX] = {"notify_backoff_max", "AIGO_NOTIFY_BACKOFF_MAX",
                                "the longest wait between two attempts of "
                                "one delivery, seconds, 1..3600 (300)"},
    [OPT_EMBED_FRAME_ANCESTORS] = {"embed_frame_ancestors",
                                   "AIGO_EMBED_FRAME_ANCESTORS",
                                   "who may frame the /embed cards (CSP "
                                   "frame-ancestors): *, or a "
                                   "space-separated list of 'self' and "
                                   "origins such as https://example.com or "
                                   "https://*.example.com (*)"},
};

const char *const notify_type_names[NOTIFY_TYPE__MAX] = {
    [NOTIFY_WEBHOOK] = "webhook", [NOTIFY_SLACK] = "slack",
    [NOTIFY_DISCORD] = "discord", [NOTIFY_TEAMS] = "teams",
    [NOTIFY_NTFY] = "ntfy",       [NOTIFY_EMAIL] = "email",
};

/* The keys of a channel's `notify.NAME.KEY = value` lines. */
enum nkey {
	NK_TYPE,
	NK_URL,
	NK_SECRET,
	NK_LOCALE,
	NK_PROVIDERS,
	NK_MODELS,
	NK_MIN_SEVERITY,
	NK_FROM,
	NK_TO,
	NK_USERNAME,
	NK_PASSWORD,
	NK_CA_FILE,
	NK__MAX
};
static const char *const nkey_names[NK__MAX] = {
    [NK_TYPE] = "type",
    [NK_URL] = "url",
    [NK_SECRET] = "secret",
    [NK_LOCALE] = "locale",
    [NK_PROVIDERS] = "providers",
    [NK_MODELS] = "models",
    [NK_MIN_SEVERITY] = "min_severity",
    [NK_FROM] = "from",
    [NK_TO] = "to",
    [NK_USERNAME] = "username",
    [NK_PASSWORD] = "password",
    [NK_CA_FILE] = "ca_file",
};

/* The locales a channel may name (the five the project translates). */
static const char *const notify_locales[] = {"en", "ko", "ja", "zh", "es"};

/* A channel as read from the file, before its values are checked: each
 * value (heap, ${VAR} expanded) and the line it is on (0: not given). */
struct chan_raw {
	char name[NOTIFY_NAME_MAX + 1];
	int first_line;
	char *v[NK__MAX];
	int line[NK__MAX];
};
struct chans_raw {
	struct chan_raw c[NOTIFY_CHANNELS_MAX];
	size_t n;
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

/* The characters of an environment variable's name in ${VAR}. */
#define ENV_NAME_CHARS                                                         \
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_"

/* v with each ${VAR} replaced by the environment variable VAR: a heap
 * string the caller frees, or NULL with err set (naming where, key and
 * VAR, never a value) when VAR is unset or "${" is not a ${NAME}. */
static char *
expand_env(const char *v, const char *where, const char *key, char *err,
           size_t errlen)
{
	struct buf b = {0};
	const char *p = v;

	for (;;) {
		const char *d = strstr(p, "${"), *end, *e;
		char var[128];
		size_t n;

		if (d == NULL) {
			buf_puts(&b, p);
			break;
		}
		buf_append(&b, p, (size_t)(d - p));
		end = strchr(d + 2, '}');
		n = end != NULL ? (size_t)(end - (d + 2)) : 0;
		if (end == NULL || n == 0 || n >= sizeof(var) ||
		    strspn(d + 2, ENV_NAME_CHARS) < n ||
		    (d[2] >= '0' && d[2] <= '9')) {
			snprintf(err, errlen,
			         "%s: %s: \"${\" must start ${NAME} (an "
			         "environment variable: letters, digits, _)",
			         where, key);
			buf_free(&b);
			return NULL;
		}
		memcpy(var, d + 2, n);
		var[n] = '\0';
		e = getenv(var);
		if (e == NULL) {
			snprintf(
			    err, errlen,
			    "%s: %s: the environment variable %s is not set",
			    where, key, var);
			buf_free(&b);
			return NULL;
		}
		buf_puts(&b, e);
		p = end + 1;
	}
	return b.data != NULL ? b.data : xstrdup("");
}

/* Whether s[0..n) is a channel name: [a-z][a-z0-9-]{0,31}. */
static int
channel_name_ok(const char *s, size_t n)
{
	if (n == 0 || n > NOTIFY_NAME_MAX || s[0] < 'a' || s[0] > 'z')
		return 0;
	for (size_t i = 1; i < n; i++)
		if (strchr("abcdefghijklmnopqrstuvwxyz0123456789-", s[i]) ==
		        NULL ||
		    s[i] == '\0')
			return 0;
	return 1;
}

/* One `notify.NAME.KEY = value` line (line n of path) into chans. 0, or
 * -1 with err set: a bad name or key, a key given twice, too many
 * channels, an unset ${VAR}. */
static int
channel_line(const char *path, int n, const char *key, const char *value,
             struct chans_raw *chans, char *err, size_t errlen)
{
	const char *name = key + strlen("notify."), *dot = strrchr(name, '.');
	struct chan_raw *c = NULL;
	char where[1100];
	size_t len;
	int k = 0;

	snprintf(where, sizeof(where), "%.1000s:%d", path, n);
	if (dot == NULL) {
		snprintf(err, errlen,
		         "%s: unknown key \"%.64s\" (channels take "
		         "notify.NAME.KEY)",
		         where, key);
		return -1;
	}
	len = (size_t)(dot - name);
	if (!channel_name_ok(name, len)) {
		snprintf(err, errlen,
		         "%s: \"%.*s\" is not a channel name (a-z, 0-9 and -, "
		         "starting with a letter, at most 32)",
		         where, (int)(len < 64 ? len : 64), name);
		return -1;
	}
	while (k < NK__MAX && strcmp(dot + 1, nkey_names[k]) != 0)
		k++;
	if (k == NK__MAX) {
		snprintf(
		    err, errlen,
		    "%s: unknown key \"%.64s\" (a channel takes type, url, "
		    "secret, locale, providers, models, min_severity, "
		    "from, to, username, password, ca_file)",
		    where, key);
		return -1;
	}
	for (size_t i = 0; i < chans->n && c == NULL; i++)
		if (strlen(chans->c[i].name) == len &&
		    memcmp(chans->c[i].name, name, len) == 0)
			c = &chans->c[i];
	if (c == NULL) {
		if (chans->n == NOTIFY_CHANNELS_MAX) {
			snprintf(err, errlen, "%s: more than %d channels",
			         where, NOTIFY_CHANNELS_MAX);
			return -1;
		}
		c = &chans->c[chans->n++];
		memcpy(c->name, name, len);
		c->name[len] = '\0';
		c->first_line = n;
	}
	if (c->v[k] != NULL) {
		snprintf(err, errlen, "%s: %.100s is set twice", where, key);
		return -1;
	}
	c->v[k] = expand_env(value, where, key, err, errlen);
	if (c->v[k] == NULL)
		return -1;
	c->line[k] = n;
	return 0;
}

/* Reads `key = value` lines of path into values (heap copies), and the
 * notify.NAME.KEY lines into chans. */
static int
read_file(const char *path, char **values, struct chans_raw *chans, char *err,
          size_t errlen)
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
		if (strncmp(key, "notify.", 7) == 0) {
			if (channel_line(path, n, key, value, chans, err,
			                 errlen) != 0) {
				free(line);
				fclose(f);
				return -1;
			}
			continue;
		}
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

/* One source of embed_frame_ancestors: 'self', or an origin
 * http(s)://host[:port] whose host may start with "*." (no path). */
static int
frame_source_valid(const char *s, size_t n)
{
	const char *host;
	size_t hn;

	if (n == 6 && strncmp(s, "'self'", 6) == 0)
		return 1;
	if (n > 8 && strncmp(s, "https://", 8) == 0)
		host = s + 8;
	else if (n > 7 && strncmp(s, "http://", 7) == 0)
		host = s + 7;
	else
		return 0;
	hn = (size_t)(s + n - host);
	if (hn > 2 && strncmp(host, "*.", 2) == 0) {
		host += 2;
		hn -= 2;
	}
	while (hn > 0 && host[hn - 1] == '/')
		hn--; /* "https://example.com/" is that origin */
	if (hn == 0 || host[0] == '.' || host[0] == ':' || host[0] == '-')
		return 0;
	for (size_t i = 0; i < hn; i++)
		if (strchr(
		        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		        "0123456789-.:[]",
		        host[i]) == NULL ||
		    host[i] == '\0')
			return 0;
	return 1;
}

int
config_frame_ancestors(const char *v, char *out, size_t n)
{
	struct buf b = {0};
	int ok = 1, words = 0, star = 0;

	if (v == NULL || v[strspn(v, " \t")] == '\0')
		v = "*";
	while (ok && *v != '\0') {
		size_t w;

		v += strspn(v, " \t");
		w = strcspn(v, " \t");
		if (w == 0)
			break;
		if ((w == 1 && v[0] == '*') ||
		    (w == 6 && strncmp(v, "'none'", 6) == 0))
			star = 1; /* a whole policy of its own */
		else if (!frame_source_valid(v, w))
			ok = 0;
		if (words++ > 0)
			buf_puts(&b, " ");
		buf_append(&b, v, w);
		v += w;
	}
	/* "*" is everyone, 'none' no one (embedding off): beside anything
	 * else either is a mistake. */
	if (star && words > 1)
		ok = 0;
	ok = ok && b.len > 0 && b.len < n;
	if (ok)
		memcpy(out, b.data, b.len + 1);
	buf_free(&b);
	return ok ? 0 : -1;
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
	/* A connection string may hold a password: never shown as it is
	 * (store_config_shown shows it with the password hidden). */
	snprintf(cfg->db_shown, sizeof(cfg->db_shown), "%s",
	         config_db_is_postgresql(cfg->db_path)
	             ? "(a PostgreSQL connection string)"
	             : cfg->db_path);
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
	if (config_frame_ancestors(values[OPT_EMBED_FRAME_ANCESTORS],
	                           cfg->embed_frame_ancestors,
	                           sizeof(cfg->embed_frame_ancestors)) != 0) {
		snprintf(
		    err, errlen,
		    "embed_frame_ancestors (%s): must be *, 'none', or a "
		    "space-separated list of 'self' and origins such as "
		    "https://example.com or https://*.example.com (at most "
		    "%zu bytes)",
		    origin[OPT_EMBED_FRAME_ANCESTORS],
		    sizeof(cfg->embed_frame_ancestors) - 1);
		return -1;
	}
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
	if (on_off(values, OPT_NOTIFY, &cfg->notify, err, errlen) != 0 ||
	    number(values, OPT_NOTIFY_COOLDOWN, 0, 86400,
	           NOTIFY_COOLDOWN_DEFAULT, &cfg->notify_cooldown, err,
	           errlen) != 0 ||
	    number(values, OPT_NOTIFY_MAX_AGE, 60, 86400 * 7,
	           NOTIFY_MAX_AGE_DEFAULT, &cfg->notify_max_age, err,
	           errlen) != 0 ||
	    number(values, OPT_NOTIFY_BACKOFF_MAX, 1, 3600,
	           NOTIFY_BACKOFF_MAX_DEFAULT, &cfg->notify_backoff_max, err,
	           errlen) != 0)
		return -1;
	if (values[OPT_NOTIFY] == NULL || *values[OPT_NOTIFY] == '\0')
		cfg->notify = 1; /* on unless turned off */
	return 0;
}

/* Refuses channel c's key k: "FILE:LINE: notify.NAME.KEY: why" (the
 * line of the key, or of the channel's first line when it is missing).
 * Never shows the value: it may be a secret. Returns -1. */
static int
channel_refuse(const char *path, const struct chan_raw *c, enum nkey k,
               const char *why, char *err, size_t errlen)
{
	snprintf(err, errlen, "%.1000s:%d: notify.%s.%s: %s", path,
	         c->line[k] ? c->line[k] : c->first_line, c->name,
	         nkey_names[k], why);
	return -1;
}

/* Whether s[0..n) is an e-mail address as a channel takes it: local@host,
 * no blanks, quotes, angle brackets or commas. */
static int
mail_address_ok(const char *s, size_t n)
{
	const char *at = memchr(s, '@', n);

	if (at == NULL || at == s || at == s + n - 1 ||
	    memchr(at + 1, '@', (size_t)(s + n - at - 1)) != NULL)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || strchr("<>\"(),;\\", s[i]))
			return 0;
	return 1;
}

/* Copies the comma list v into out (n bytes) with the blanks around its
 * items dropped, each item checked by ok (slug or address). 0, or -1
 * when an item is empty or not ok, or the list is too long. */
static int
comma_list(const char *v, int (*ok)(const char *, size_t), char *out, size_t n)
{
	size_t len = 0;

	out[0] = '\0';
	while (*v != '\0') {
		size_t item, end;

		v += strspn(v, " \t");
		item = strcspn(v, ",");
		end = item;
		while (end > 0 && (v[end - 1] == ' ' || v[end - 1] == '\t'))
			end--;
		if (end == 0 || !ok(v, end) || len + end + 2 > n)
			return -1;
		if (len > 0)
			out[len++] = ',';
		memcpy(out + len, v, end);
		len += end;
		out[len] = '\0';
		v += item;
		if (*v == ',' && *++v == '\0')
			return -1; /* a trailing comma */
	}
	return 0;
}

static int
slug_ok(const char *s, size_t n)
{
	if (n > SLUG_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\0' || strchr(SLUG_CHARS, s[i]) == NULL)
			return 0;
	return 1;
}

/* Checks a channel's url against its type: the scheme (http/https for
 * the HTTP types; smtp (STARTTLS is required) or smtps for email), a
 * host, no blanks; ntfy: a topic as the last path segment. NULL, or
 * the reason. */
static const char *
channel_url_bad(enum notify_type type, const char *url)
{
	const char *host, *path;

	if (type == NOTIFY_EMAIL) {
		if (strncmp(url, "smtp://", 7) == 0)
			host = url + 7;
		else if (strncmp(url, "smtps://", 8) == 0)
			host = url + 8;
		else
			return "must start with smtp:// (STARTTLS) or smtps://";
	} else if (strncmp(url, "https://", 8) == 0) {
		host = url + 8;
	} else if (strncmp(url, "http://", 7) == 0) {
		host = url + 7;
	} else {
		return "must start with https:// or http://";
	}
	for (const char *p = url; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return "must not hold blanks or control characters";
	path = host + strcspn(host, "/?#");
	if (path == host || *host == '@' || *host == ':')
		return "has no host";
	if (type == NOTIFY_NTFY) {
		const char *slash = strrchr(url, '/'), *topic;
		size_t n;

		if (*path != '/' || strpbrk(path, "?#") != NULL)
			return "must be the topic's URL, such as "
			       "https://ntfy.sh/my-topic";
		topic = slash + 1;
		n = strlen(topic);
		if (n == 0 || n > 64 || strspn(topic, ENV_NAME_CHARS "-") != n)
			return "must end in a topic (letters, digits, _ and -, "
			       "at most 64), such as https://ntfy.sh/my-topic";
	}
	return NULL;
}

/* Checks the channels read from path and fills cfg->channels: 0, or -1
 * with err naming the file, line and key. */
static int
apply_channels(struct app_config *cfg, const char *path,
               const struct chans_raw *chans, char *err, size_t errlen)
{
	static const char *const sev[] = {"minor", "major", "critical"};

	for (size_t i = 0; i < chans->n; i++) {
		const struct chan_raw *c = &chans->c[i];
		struct notify_channel *ch = &cfg->channels[i];
		const char *bad;
		int t = 0, email;

		memset(ch, 0, sizeof(*ch));
		snprintf(ch->name, sizeof(ch->name), "%s", c->name);
		if (c->v[NK_TYPE] == NULL)
			return channel_refuse(
			    path, c, NK_TYPE,
			    "the channel has no type line (webhook, slack, "
			    "discord, teams, ntfy or email)",
			    err, errlen);
		while (t < NOTIFY_TYPE__MAX &&
		       strcmp(c->v[NK_TYPE], notify_type_names[t]) != 0)
			t++;
		if (t == NOTIFY_TYPE__MAX)
			return channel_refuse(
			    path, c, NK_TYPE,
			    "must be webhook, slack, discord, "
			    "teams, ntfy or email",
			    err, errlen);
		ch->type = (enum notify_type)t;
		email = ch->type == NOTIFY_EMAIL;
		snprintf(ch->where, sizeof(ch->where), "%.1000s:%d", path,
		         c->line[NK_TYPE]);
		for (int k = 0; k < NK__MAX; k++) {
			const char *v = c->v[k];

			if (v == NULL)
				continue;
			for (const char *p = v; *p != '\0'; p++)
				if ((unsigned char)*p < ' ' || *p == 0x7f)
					return channel_refuse(
					    path, c, (enum nkey)k,
					    "a control character in the value",
					    err, errlen);
			if (!email && (k == NK_FROM || k == NK_TO ||
			               k == NK_USERNAME || k == NK_PASSWORD))
				return channel_refuse(
				    path, c, (enum nkey)k,
				    "only an email channel takes it", err,
				    errlen);
			if (k == NK_SECRET && ch->type != NOTIFY_WEBHOOK)
				return channel_refuse(
				    path, c, NK_SECRET,
				    "only a webhook channel is signed", err,
				    errlen);
		}
		if (c->v[NK_URL] == NULL || *c->v[NK_URL] == '\0')
			return channel_refuse(path, c, NK_URL,
			                      "the channel has no url", err,
			                      errlen);
		if (strlen(c->v[NK_URL]) >= sizeof(ch->url))
			return channel_refuse(path, c, NK_URL,
			                      "longer than 1023 bytes", err,
			                      errlen);
		if ((bad = channel_url_bad(ch->type, c->v[NK_URL])) != NULL)
			return channel_refuse(path, c, NK_URL, bad, err,
			                      errlen);
		snprintf(ch->url, sizeof(ch->url), "%s", c->v[NK_URL]);
		if (c->v[NK_SECRET] != NULL &&
		    (size_t)snprintf(ch->secret, sizeof(ch->secret), "%s",
		                     c->v[NK_SECRET]) >= sizeof(ch->secret))
			return channel_refuse(path, c, NK_SECRET,
			                      "longer than 255 bytes", err,
			                      errlen);
		snprintf(ch->lang, sizeof(ch->lang), "%s", cfg->default_lang);
		if (c->v[NK_LOCALE] != NULL) {
			size_t l = 0;

			while (l < NELEM(notify_locales) &&
			       strcmp(c->v[NK_LOCALE], notify_locales[l]) != 0)
				l++;
			if (l == NELEM(notify_locales))
				return channel_refuse(
				    path, c, NK_LOCALE,
				    "must be en, ko, ja, zh or es", err,
				    errlen);
			snprintf(ch->lang, sizeof(ch->lang), "%s",
			         notify_locales[l]);
		}
		if (c->v[NK_PROVIDERS] != NULL &&
		    comma_list(c->v[NK_PROVIDERS], slug_ok, ch->providers,
		               sizeof(ch->providers)) != 0)
			return channel_refuse(
			    path, c, NK_PROVIDERS,
			    "must be provider slugs separated by commas (a-z, "
			    "0-9, . and -)",
			    err, errlen);
		if (c->v[NK_MODELS] != NULL &&
		    comma_list(c->v[NK_MODELS], slug_ok, ch->models,
		               sizeof(ch->models)) != 0)
			return channel_refuse(
			    path, c, NK_MODELS,
			    "must be model slugs separated by "
			    "commas (a-z, 0-9, . and -)",
			    err, errlen);
		/* 1..3: the values of enum severity (incidents.h). */
		ch->min_severity = 1;
		if (c->v[NK_MIN_SEVERITY] != NULL) {
			int s = 0;

			while (s < 3 &&
			       strcmp(c->v[NK_MIN_SEVERITY], sev[s]) != 0)
				s++;
			if (s == 3)
				return channel_refuse(
				    path, c, NK_MIN_SEVERITY,
				    "must be minor, major or critical", err,
				    errlen);
			ch->min_severity = s + 1;
		}
		if (email) {
			const char *from = c->v[NK_FROM];

			if (from == NULL ||
			    !mail_address_ok(from, strlen(from)) ||
			    strlen(from) >= sizeof(ch->mail_from))
				return channel_refuse(
				    path, c, NK_FROM,
				    from == NULL
				        ? "an email channel needs a "
				          "from address"
				        : "must be one address such as "
				          "aigo@example.com",
				    err, errlen);
			snprintf(ch->mail_from, sizeof(ch->mail_from), "%s",
			         from);
			if (c->v[NK_TO] == NULL)
				return channel_refuse(
				    path, c, NK_TO,
				    "an email channel needs to "
				    "addresses",
				    err, errlen);
			if (comma_list(c->v[NK_TO], mail_address_ok,
			               ch->mail_to, sizeof(ch->mail_to)) != 0)
				return channel_refuse(
				    path, c, NK_TO,
				    "must be addresses separated by commas",
				    err, errlen);
			if ((c->v[NK_USERNAME] == NULL) !=
			    (c->v[NK_PASSWORD] == NULL))
				return channel_refuse(
				    path, c,
				    c->v[NK_USERNAME] ? NK_USERNAME
				                      : NK_PASSWORD,
				    "username and password go together", err,
				    errlen);
			if (c->v[NK_USERNAME] != NULL &&
			    ((size_t)snprintf(
			         ch->username, sizeof(ch->username), "%s",
			         c->v[NK_USERNAME]) >= sizeof(ch->username) ||
			     (size_t)snprintf(
			         ch->password, sizeof(ch->password), "%s",
			         c->v[NK_PASSWORD]) >= sizeof(ch->password)))
				return channel_refuse(path, c, NK_PASSWORD,
				                      "username or password "
				                      "longer than 255 bytes",
				                      err, errlen);
		}
		if (c->v[NK_CA_FILE] != NULL &&
		    (size_t)snprintf(ch->ca_file, sizeof(ch->ca_file), "%s",
		                     c->v[NK_CA_FILE]) >= sizeof(ch->ca_file))
			return channel_refuse(path, c, NK_CA_FILE,
			                      "longer than 1199 bytes", err,
			                      errlen);
		cfg->n_channels = i + 1;
	}
	return 0;
}

int
app_config_load(struct app_config *cfg, char *err, size_t errlen)
{
	char *values[OPT__MAX] = {0};
	const char *file = getenv("AIGO_CONFIG");
	struct chans_raw *chans = xcalloc(1, sizeof(*chans));
	int rc = -1;

	memset(cfg, 0, sizeof(*cfg));
	for (int k = 0; k < OPT__MAX; k++)
		snprintf(origin[k], sizeof(origin[k]), "default");
	if (file != NULL && *file != '\0') {
		snprintf(cfg->file, sizeof(cfg->file), "%s", file);
		if (read_file(file, values, chans, err, errlen) != 0)
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
	if (rc == 0)
		rc = apply_channels(cfg, cfg->file, chans, err, errlen);
out:
	for (int k = 0; k < OPT__MAX; k++)
		free(values[k]);
	for (size_t i = 0; i < chans->n; i++)
		for (int k = 0; k < NK__MAX; k++)
			free(chans->c[i].v[k]);
	free(chans);
	return rc;
}

/* url as scheme://host[:port] with any user information left out and
 * the path and query shown as "/…": a Slack or Discord URL carries its
 * token in the path, a URL may carry a password before the host. */
static void
url_redacted(const char *url, char *out, size_t n)
{
	const char *s = strstr(url, "://"), *host, *end, *at;

	if (s == NULL) {
		snprintf(out, n, "…");
		return;
	}
	host = s + 3;
	end = host + strcspn(host, "/?#");
	while ((at = memchr(host, '@', (size_t)(end - host))) != NULL)
		host = at + 1;
	snprintf(out, n, "%.*s%.*s%s", (int)(s + 3 - url), url,
	         (int)(end - host), host, *end != '\0' ? "/…" : "");
}

/* A channel as `aigo config check` shows it: secrets redacted. */
static void
channel_print(const struct notify_channel *ch, FILE *out)
{
	static const char *const sev[] = {"minor", "major", "critical"};
	char url[1100];

	url_redacted(ch->url, url, sizeof(url));
	fprintf(out,
	        "\n# channel %s (%s); from %s\nnotify.%s.type = %s\n"
	        "notify.%s.url = %s\nnotify.%s.locale = %s\n"
	        "notify.%s.providers = %s\nnotify.%s.models = %s\n"
	        "notify.%s.min_severity = %s\n",
	        ch->name, notify_type_names[ch->type], ch->where, ch->name,
	        notify_type_names[ch->type], ch->name, url, ch->name, ch->lang,
	        ch->name, ch->providers, ch->name, ch->models, ch->name,
	        sev[ch->min_severity >= 1 && ch->min_severity <= 3
	                ? ch->min_severity - 1
	                : 0]);
	if (ch->type == NOTIFY_WEBHOOK)
		fprintf(out, "notify.%s.secret = %s\n", ch->name,
		        ch->secret[0] ? "(set)" : "(not set)");
	if (ch->type == NOTIFY_EMAIL)
		fprintf(out,
		        "notify.%s.from = %s\nnotify.%s.to = %s\n"
		        "notify.%s.username = %s\nnotify.%s.password = %s\n",
		        ch->name, ch->mail_from, ch->name, ch->mail_to,
		        ch->name, ch->username, ch->name,
		        ch->password[0] ? "(set)" : "(not set)");
	if (ch->ca_file[0])
		fprintf(out, "notify.%s.ca_file = %s\n", ch->name, ch->ca_file);
}

int
config_db_is_postgresql(const char *db)
{
	return db != NULL && (strncmp(db, "postgresql://", 13) == 0 ||
	                      strncmp(db, "postgres://", 11) == 0);
}

void
app_config_print(const struct app_config *cfg, FILE *out)
{
	const char *level = getenv("AIGO_LOG_LEVEL");
	const char *shown[OPT__MAX];
	char num[13][32];

	snprintf(num[0], sizeof(num[0]), "%lld",
	         (long long)cfg->snapshot_interval);
	snprintf(num[1], sizeof(num[1]), "%lld",
	         (long long)(cfg->retention / 86400));
	snprintf(num[2], sizeof(num[2]), "%lld", (long long)cfg->freshness);
	shown[OPT_ROOT] = cfg->root;
	shown[OPT_DB] = cfg->db_shown;
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
	shown[OPT_NOTIFY] = cfg->notify ? "on" : "off";
	snprintf(num[10], sizeof(num[10]), "%lld",
	         (long long)cfg->notify_cooldown);
	snprintf(num[11], sizeof(num[11]), "%lld",
	         (long long)cfg->notify_max_age);
	snprintf(num[12], sizeof(num[12]), "%lld",
	         (long long)cfg->notify_backoff_max);
	shown[OPT_NOTIFY_COOLDOWN] = num[10];
	shown[OPT_NOTIFY_MAX_AGE] = num[11];
	shown[OPT_NOTIFY_BACKOFF_MAX] = num[12];
	shown[OPT_EMBED_FRAME_ANCESTORS] = cfg->embed_frame_ancestors;
	fprintf(out, "# the effective configuration (file: %s)\n",
	        cfg->file[0] ? cfg->file : "none; set AIGO_CONFIG");
	for (int k = 0; k < OPT__MAX; k++)
		fprintf(out, "\n# %s; from %s\n%s = %s\n", options[k].help,
		        origin[k], options[k].key, shown[k]);
	for (size_t i = 0; i < cfg->n_channels; i++)
		channel_print(&cfg->channels[i], out);
}
