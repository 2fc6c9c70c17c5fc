/* catalog.h: the provider/model/endpoint catalog (db/catalog.json): read and validated, and loaded into the database. */
#ifndef AIGO_CATALOG_H
#define AIGO_CATALOG_H

#include <cJSON.h>

#include "probe_names.h"
#include "pstatus.h"
#include "store.h"

#define CATALOG_KEYS_MAX 2    /* key variables of one provider */
#define CATALOG_EXPECT_MAX 16 /* expected statuses of one endpoint */
#define CATALOG_INTERVAL_MIN 5
#define CATALOG_INTERVAL_MAX 86400
#define CATALOG_STATUS_COMPONENTS_MAX 50 /* statusComponents of a model */

struct catalog_endpoint {
	const char *region;             /* "global" when the file names none */
	const char *url;                /* http:// or https:// */
	const char *method;             /* GET, POST or HEAD */
	int expect[CATALOG_EXPECT_MAX]; /* statuses a reachability probe
	                                   expects */
	int n_expect;
	int64_t timeout_ms, degraded_ms;
	enum probe_kind kind;       /* `probe`; reachability by default */
	enum probe_family family;   /* `api`; FAMILY__MAX for none */
	const char *provider_model; /* `providerModel`; NULL for none */
	int64_t interval_s;         /* `intervalS`; 0: probe_interval */
	const cJSON *request_patch; /* `requestPatch` (an object merged
	                                  into the family's body, RFC 7386),
	                                  or NULL */
};

struct catalog_model {
	const char *slug, *name;
	const char *modalities;                  /* comma-separated */
	int64_t context_window;                  /* 0: unknown */
	const char *released_at, *deprecated_at; /* NULL: unknown */
	int is_active;
	struct catalog_endpoint *endpoints;
	size_t n_endpoints;
	/* `statusComponents`: the names of the provider's status page
	 * components that concern the model, one per line; "" for none. */
	const char *status_components;
};

struct catalog_provider {
	const char *slug, *name, *website, *status_page;
	/* `keyEnv`: the environment variables holding the provider's key
	 * (two where the family needs two, such as AWS's key id and
	 * secret); n_key_env 0 for none. */
	const char *key_env[CATALOG_KEYS_MAX];
	int n_key_env;
	/* `statusApi`: the provider's machine-readable status API, read by
	 * the prober; status_api_url NULL for none. */
	enum pstatus_format status_api_format;
	const char *status_api_url;
	struct catalog_model *models;
	size_t n_models;
};

struct catalog {
	struct catalog_provider *providers;
	size_t n_providers;
	size_t n_models, n_endpoints;
	cJSON *root;         /* the parsed file: every string points in */
	struct arena *arena; /* the arrays */
};

/* Reads and validates the catalog at path into c. Returns 0, or -1 with
 * err set to "PATH: JSON.PATH: what is wrong" (such as
 * `providers[3].models[0].endpoints[1].api: unknown family "foo"`) and c
 * empty. Refused: a member that is not known or of the wrong type, an
 * unknown family or probe kind, an inference or stream endpoint without
 * api, providerModel or the provider's keyEnv, a keyEnv count the family
 * does not take, a URL that is not http(s), a slug used twice, a region
 * used twice in a model, a value out of range, a statusApi that is not
 * {"format": a known format, "url": an http(s) URL}, statusComponents
 * that are not a list of 1 to CATALOG_STATUS_COMPONENTS_MAX distinct
 * names (1 to PSTATUS_NAME_MAX bytes, no control character). The caller frees c with
 * catalog_free (also after a failure). */
int catalog_read(const char *path, struct catalog *c, char *err, size_t errlen);

/* Frees what catalog_read made; c may be empty (zeroed). */
void catalog_free(struct catalog *c);

/* The number of key variables a family's request needs: 2 for
 * bedrock-converse (AWS's access key id and secret key), else 1. */
int catalog_family_keys(enum probe_family f);

/* Upserts every provider, model and endpoint of c in one transaction.
 * Returns the number of models, or -1 with err set and nothing changed. */
long catalog_store(struct store *s, const struct catalog *c, char *err,
                   size_t errlen);

/* catalog_read, then catalog_store: the catalog at path into the
 * database. Returns the number of models, or -1 with err set and nothing
 * changed. */
long catalog_load(struct store *s, const char *path, char *err, size_t errlen);

#endif
