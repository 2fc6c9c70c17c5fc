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

struct app_config {
	char root[1024];    /* holds templates/, locales/, db/ */
	char db_path[1200]; /* the SQLite file */
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
	char public_url[256]; /* "" or "https://host[:port]": the origin of
	                         the feeds' absolute links */
};

/* Fills cfg: every option's default, then the file named by AIGO_CONFIG (if
 * set: it must exist), then the environment variable of each option (see
 * docs/operations.md and `aigo config check`). Sets TZ for the process from
 * the time zone, and AIGO_LOG_LEVEL from the file unless the environment
 * has it. Returns 0, or -1 with err set (an unknown key or a bad line names
 * the file and line; a bad value names the option and where it came from). */
int app_config_load(struct app_config *cfg, char *err, size_t errlen);

/* Prints every option's effective value and where it came from, as a
 * configuration file would hold it. */
void app_config_print(const struct app_config *cfg, FILE *out);

#endif
