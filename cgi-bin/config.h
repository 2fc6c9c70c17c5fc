/* config.h: the configuration in one place: defaults, a `key = value` file, environment overrides, and `aigo config check`. */
#ifndef AIGO_CONFIG_H
#define AIGO_CONFIG_H

#include <stdint.h>
#include <stdio.h>

#include "i18n.h"

/* The freshness window W when none is configured, in seconds. */
#define FRESHNESS_DEFAULT_SECS 1800

/* The incident thresholds when none are configured (docs/incidents.md):
 * seconds of bad status that open one, of operational that close one,
 * and the percentage of a provider's active models in one at once that
 * makes a provider incident. */
#define INCIDENT_OPEN_AFTER_DEFAULT 180
#define INCIDENT_CLOSE_AFTER_DEFAULT 600
#define INCIDENT_PROVIDER_SHARE_DEFAULT 50

/* Notification channels (docs/notifications.md): `notify.NAME.KEY = value`
 * lines of the configuration file. */
#define NOTIFY_CHANNELS_MAX 16
#define NOTIFY_NAME_MAX 32 /* [a-z0-9-], starting with a letter */
#define NOTIFY_COOLDOWN_DEFAULT 600
#define NOTIFY_MAX_AGE_DEFAULT 86400
#define NOTIFY_BACKOFF_MAX_DEFAULT 300

enum notify_type {
	NOTIFY_WEBHOOK, /* our JSON, signed (X-Aigo-Signature) */
	NOTIFY_SLACK,   /* Slack incoming webhook */
	NOTIFY_DISCORD, /* Discord webhook */
	NOTIFY_TEAMS,   /* Microsoft Teams workflow webhook */
	NOTIFY_NTFY,    /* ntfy topic URL */
	NOTIFY_EMAIL,   /* SMTP with STARTTLS and login, by libcurl */
	NOTIFY_TYPE__MAX
};
/* "webhook", "slack", "discord", "teams", "ntfy", "email". */
extern const char *const notify_type_names[NOTIFY_TYPE__MAX];

/* One channel. Values are as configured after ${VAR} expansion from the
 * environment; url, secret and password are secrets: never logged or
 * printed (`aigo config check` shows them redacted). */
struct notify_channel {
	char name[NOTIFY_NAME_MAX + 1];
	enum notify_type type;
	char url[1024];           /* https://… (smtp://host:port for email) */
	char secret[256];         /* webhook: the HMAC key; "" unsigned */
	char lang[I18N_CODE_MAX]; /* the messages' locale */
	char providers[512];      /* "openai,anthropic": only these; "" all */
	char models[1024];        /* "gpt-4o,claude-x": only these; "" all */
	int min_severity;         /* 1 minor (default), 2 major, 3 critical: the
	                        values of enum severity */
	char mail_from[256];      /* email: the From address */
	char mail_to[1024];       /* email: "a@x,b@y" */
	char username[256];       /* email: SMTP login; "" none */
	char password[256];       /* email: SMTP password */
	char ca_file[1200];       /* a CA (PEM) trusted besides the system's */
	char where[1100]; /* "FILE:LINE" of its type line, for messages */
};

struct app_config {
	char root[1024];     /* holds templates/, locales/, db/ */
	char db_path[1200];  /* the SQLite file, or a PostgreSQL connection
	                       string (with its password, if it has one) */
	char db_shown[1200]; /* db_path as printed: no password (set by
	                        store_config_shown; db_path until then) */
	char default_lang[I18N_CODE_MAX];
	int64_t freshness;         /* W in seconds */
	char snapshot_path[1200];  /* the fallback snapshot */
	int64_t snapshot_interval; /* seconds between snapshots; 0: never */
	char timezone[64];         /* the zone dates are shown in */
	char ingest_tokens[1200];  /* the file of ingest tokens */
	char admin_tokens[1200];   /* the file of admin tokens */
	int64_t retention;         /* seconds of checks kept and accepted */
	int64_t max_requests;      /* a worker's requests before it is
	                              replaced; 0: never */
	int access_log;            /* one log line per request */
	char base_path[128];       /* "" or "/status": the URL path prefix of
	                              every route, link and redirect */
	char file[1024];           /* the configuration file read, or "" */
	char catalog_path[1200];   /* the provider/model/endpoint catalog */
	int64_t probe_interval;    /* seconds between probes of an endpoint
	                              whose catalog entry names none */
	int64_t probe_concurrency; /* probes in flight at once */
	char probe_ca_file[1200];  /* a CA (PEM) trusted besides the
	                              system's, or "" */
	int probe;                 /* aigo serve supervises a prober */
	char probe_keys[1200];     /* the prober's NAME=value key file, or "" */
	int64_t status_interval;   /* seconds between reads of a provider's
	                              status API */
	int64_t incident_open_after;     /* seconds */
	int64_t incident_close_after;    /* seconds */
	int64_t incident_provider_share; /* percent */
	char public_url[256];    /* "" or "https://host[:port]": the origin of
	                         the feeds' absolute links */
	int notify;              /* aigo serve supervises the sender (when
	                               a channel is configured) */
	int64_t notify_cooldown; /* seconds between two severity changes
	                               of one incident on one channel */
	int64_t notify_max_age;  /* seconds an event is retried, and the
	                               age beyond which it is not news */
	int64_t notify_backoff_max; /* the longest wait between retries, s */
	char embed_frame_ancestors[512]; /* the CSP frame-ancestors of the
	                                    /embed cards: "*" or sources */
	size_t n_channels;
	struct notify_channel channels[NOTIFY_CHANNELS_MAX];
};

/* Fills cfg: every option's default, then the file named by AIGO_CONFIG (if
 * set: it must exist), then the environment variable of each option (see
 * docs/operations.md and `aigo config check`). Sets TZ for the process from
 * the time zone, and AIGO_LOG_LEVEL from the file unless the environment
 * has it. Returns 0, or -1 with err set (an unknown key or a bad line names
 * the file and line; a bad value names the option and where it came from). */
int app_config_load(struct app_config *cfg, char *err, size_t errlen);

/* Validates v, the embed_frame_ancestors option (NULL or blank: "*"):
 * "*" alone, "'none'" alone (embedding off), or space-separated sources each 'self' or an origin
 * http(s)://host[:port] (host may start with "*."), and writes it with
 * single spaces into out (n bytes). 0, or -1 when a source is none of
 * these or the list does not fit. */
int config_frame_ancestors(const char *v, char *out, size_t n);

/* 1 when db (a `db` value) names a PostgreSQL database: a connection URI,
 * "postgresql://..." or "postgres://..."; 0 for anything else (a SQLite
 * file path, even one named "postgres.db"), and for NULL. */
int config_db_is_postgresql(const char *db);

/* Prints every option's effective value and where it came from, as a
 * configuration file would hold it: one that reads the same, except that
 * the db is cfg->db_shown (a PostgreSQL password as ***). */
void app_config_print(const struct app_config *cfg, FILE *out);

#endif
