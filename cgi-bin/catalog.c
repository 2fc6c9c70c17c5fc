/* catalog.c: the provider/model/endpoint catalog (db/catalog.json): read and validated, and loaded into the database. */
#include "catalog.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "fileutil.h"
#include "hash.h"
#include "json.h"

/* What validation knows while it walks the file: where it is, and the
 * first problem. */
struct walk {
	char path[160]; /* the JSON path of the value being read */
	char *err;
	size_t errlen;
	int failed;
};

/* Sets the walk's error: "PATH[.member]: message" (the first one wins). */
static int fail(struct walk *w, const char *member, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(struct walk *w, const char *member, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (w->failed)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(w->err, w->errlen, "%s%s%s: %s", w->path,
	         member && *w->path ? "." : "", member ? member : "", msg);
	w->failed = 1;
	return -1;
}

/* Refuses a member of o not in known (NULL-terminated): a typo such as
 * "providermodel" would otherwise be ignored. */
static int
known_members(struct walk *w, const cJSON *o, const char *const *known)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, o)
	{
		const char *const *k = known;

		while (*k != NULL && strcmp(*k, it->string) != 0)
			k++;
		if (*k == NULL)
			return fail(w, it->string, "unknown member");
	}
	return 0;
}

#define STR_NULL 1  /* null reads as absent */
#define STR_EMPTY 2 /* "" is allowed */

/* A string member: *out is its value, or fallback when absent (or null
 * with STR_NULL in flags). Refuses another type, an empty string (unless
 * STR_EMPTY), or one longer than max bytes. */
static int
str_member(struct walk *w, const cJSON *o, const char *name, int required,
           int flags, size_t max, const char *fallback, const char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	*out = fallback;
	if (v == NULL || ((flags & STR_NULL) && cJSON_IsNull(v))) {
		if (required)
			return fail(w, name, "missing");
		return 0;
	}
	if (!cJSON_IsString(v))
		return fail(w, name, "must be a string");
	if (*v->valuestring == '\0' && !(flags & STR_EMPTY))
		return fail(w, name, "must not be empty");
	if (strlen(v->valuestring) > max)
		return fail(w, name, "longer than %zu bytes", max);
	*out = v->valuestring;
	return 0;
}

/* An integer member in [min, max], or fallback when absent. */
static int
int_member(struct walk *w, const cJSON *o, const char *name, int nullable,
           int64_t min, int64_t max, int64_t fallback, int64_t *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	*out = fallback;
	if (v == NULL || (nullable && cJSON_IsNull(v)))
		return 0;
	if (!cJSON_IsNumber(v) ||
	    v->valuedouble != (double)(int64_t)v->valuedouble)
		return fail(w, name, "must be an integer");
	if (v->valuedouble < (double)min || v->valuedouble > (double)max)
		return fail(w, name, "must be %lld to %lld", (long long)min,
		            (long long)max);
	*out = (int64_t)v->valuedouble;
	return 0;
}

/* Whether every byte of s is in set and its length is in [1, max]. */
static int
in_set(const char *s, const char *set, size_t max)
{
	size_t n = strlen(s);

	return n >= 1 && n <= max && strspn(s, set) == n;
}

#define LOWER_DIGITS "abcdefghijklmnopqrstuvwxyz0123456789"

/* A date "YYYY-MM-DD" or null. */
static int
date_member(struct walk *w, const cJSON *o, const char *name, const char **out)
{
	const char *s;

	if (str_member(w, o, name, 0, STR_NULL, 10, NULL, &s) != 0)
		return -1;
	if (s != NULL && (strlen(s) != 10 || strspn(s, "0123456789-") != 10 ||
	                  s[4] != '-' || s[7] != '-'))
		return fail(w, name, "must be a date YYYY-MM-DD or null");
	*out = s;
	return 0;
}

/* An environment variable's name: [A-Z_][A-Z0-9_]*. */
static int
env_name_ok(const char *s)
{
	return in_set(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_", 128) &&
	       !(*s >= '0' && *s <= '9');
}

int
catalog_family_keys(enum probe_family f)
{
	return f == FAMILY_BEDROCK_CONVERSE ? 2 : 1;
}

static int
read_key_env(struct walk *w, const cJSON *jp, struct catalog_provider *p)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(jp, "keyEnv");
	const cJSON *it;

	p->n_key_env = 0;
	if (v == NULL)
		return 0;
	if (cJSON_IsString(v)) {
		if (!env_name_ok(v->valuestring))
			return fail(w, "keyEnv",
			            "\"%.64s\" is not a variable name "
			            "(A-Z, 0-9, _)",
			            v->valuestring);
		p->key_env[p->n_key_env++] = v->valuestring;
		return 0;
	}
	if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) < 1 ||
	    cJSON_GetArraySize(v) > CATALOG_KEYS_MAX)
		return fail(w, "keyEnv",
		            "must be a variable name or a list of 1 to %d",
		            CATALOG_KEYS_MAX);
	cJSON_ArrayForEach(it, v)
	{
		if (!cJSON_IsString(it) || !env_name_ok(it->valuestring))
			return fail(w, "keyEnv",
			            "item %d is not a variable name "
			            "(A-Z, 0-9, _)",
			            p->n_key_env);
		p->key_env[p->n_key_env++] = it->valuestring;
	}
	return 0;
}

/* Whether url is http:// or https:// with a host, and no blank or
 * control byte. */
static int
url_ok(const char *url)
{
	const char *host;

	if (strncmp(url, "https://", 8) == 0)
		host = url + 8;
	else if (strncmp(url, "http://", 7) == 0)
		host = url + 7;
	else
		return 0;
	if (*host == '\0' || *host == '/' || *host == ':' || *host == '?')
		return 0;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p <= ' ' || *p == 0x7f)
			return 0;
	return 1;
}

static const char *const endpoint_members[] = {
    "region",        "url",        "method",       "expectStatus",
    "timeoutMs",     "degradedMs", "probe",        "api",
    "providerModel", "intervalS",  "requestPatch", NULL};

static int
read_endpoint(struct walk *w, const cJSON *je, const struct catalog_provider *p,
              struct catalog_endpoint *e)
{
	const cJSON *v;
	const char *kind, *api;

	if (!cJSON_IsObject(je))
		return fail(w, NULL, "must be an object");
	if (known_members(w, je, endpoint_members) != 0 ||
	    str_member(w, je, "region", 0, 0, 32, "global", &e->region) != 0)
		return -1;
	if (!in_set(e->region, LOWER_DIGITS "-", 32))
		return fail(w, "region", "\"%.40s\": a-z, 0-9 and - only",
		            e->region);
	if (str_member(w, je, "url", 1, 0, 2048, NULL, &e->url) != 0)
		return -1;
	if (!url_ok(e->url))
		return fail(w, "url", "must be an http:// or https:// URL");
	if (str_member(w, je, "method", 0, 0, 8, "GET", &e->method) != 0)
		return -1;
	if (strcmp(e->method, "GET") != 0 && strcmp(e->method, "POST") != 0 &&
	    strcmp(e->method, "HEAD") != 0)
		return fail(w, "method", "must be GET, POST or HEAD");
	v = cJSON_GetObjectItemCaseSensitive(je, "expectStatus");
	e->n_expect = 0;
	if (v == NULL) {
		e->expect[e->n_expect++] = 200;
	} else {
		const cJSON *it;

		if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) < 1 ||
		    cJSON_GetArraySize(v) > CATALOG_EXPECT_MAX)
			return fail(w, "expectStatus",
			            "must be a list of 1 to %d HTTP statuses",
			            CATALOG_EXPECT_MAX);
		cJSON_ArrayForEach(it, v)
		{
			if (!cJSON_IsNumber(it) || it->valuedouble < 100 ||
			    it->valuedouble > 599 ||
			    it->valuedouble != (double)it->valueint)
				return fail(w, "expectStatus",
				            "item %d is not an HTTP status "
				            "(100 to 599)",
				            e->n_expect);
			e->expect[e->n_expect++] = it->valueint;
		}
	}
	if (int_member(w, je, "timeoutMs", 0, 100, 120000, 30000,
	               &e->timeout_ms) != 0 ||
	    int_member(w, je, "degradedMs", 0, 1, 120000, 5000,
	               &e->degraded_ms) != 0 ||
	    int_member(w, je, "intervalS", 0, CATALOG_INTERVAL_MIN,
	               CATALOG_INTERVAL_MAX, 0, &e->interval_s) != 0 ||
	    str_member(w, je, "probe", 0, 0, 32, "reachability", &kind) != 0 ||
	    str_member(w, je, "api", 0, 0, 64, NULL, &api) != 0 ||
	    str_member(w, je, "providerModel", 0, 0, 256, NULL,
	               &e->provider_model) != 0)
		return -1;
	e->kind = (enum probe_kind)probe_name_index(probe_kind_names,
	                                            PROBE_KIND__MAX, kind);
	if (e->kind == PROBE_KIND__MAX)
		return fail(w, "probe",
		            "unknown kind \"%.40s\" (reachability, inference "
		            "or stream)",
		            kind);
	e->family = FAMILY__MAX;
	if (api != NULL) {
		e->family = (enum probe_family)probe_name_index(
		    probe_family_names, FAMILY__MAX, api);
		if (e->family == FAMILY__MAX)
			return fail(w, "api", "unknown family \"%.40s\"", api);
		if (strcmp(e->method, "POST") != 0)
			return fail(w, "method",
			            "must be POST: the family's request is a "
			            "POST");
	}
	if (e->provider_model != NULL && strspn(e->provider_model, "\"\\") != 0)
		return fail(w, "providerModel", "has a quote or backslash");
	if (e->kind != PROBE_KIND_REACHABILITY) {
		if (e->family == FAMILY__MAX)
			return fail(w, "api",
			            "missing: an %s endpoint needs "
			            "its API family",
			            kind);
		if (e->provider_model == NULL)
			return fail(w, "providerModel",
			            "missing: an %s endpoint needs the "
			            "model's id at the provider",
			            kind);
		if (p->n_key_env == 0)
			return fail(w, "probe",
			            "%s needs a key: the provider has no "
			            "keyEnv",
			            kind);
	}
	if (e->family != FAMILY__MAX && p->n_key_env != 0 &&
	    p->n_key_env != catalog_family_keys(e->family))
		return fail(w, "api",
		            "%s takes %d key variable%s; the provider's keyEnv "
		            "names %d",
		            probe_family_names[e->family],
		            catalog_family_keys(e->family),
		            catalog_family_keys(e->family) == 1 ? "" : "s",
		            p->n_key_env);
	v = cJSON_GetObjectItemCaseSensitive(je, "requestPatch");
	e->request_patch = NULL;
	if (v != NULL) {
		if (!cJSON_IsObject(v))
			return fail(w, "requestPatch", "must be an object");
		if (e->family == FAMILY__MAX)
			return fail(
			    w, "requestPatch",
			    "needs api: it changes the family's request");
		e->request_patch = v;
	}
	return 0;
}

static const char *const model_members[] = {
    "slug",         "name",     "modalities", "contextWindow",    "releasedAt",
    "deprecatedAt", "isActive", "endpoints",  "statusComponents", NULL};

/* A model's `statusComponents`: a list of distinct component names, kept
 * one per line in m->status_components ("" when absent). */
static int
read_status_components(struct walk *w, struct arena *a, const cJSON *jm,
                       struct catalog_model *m)
{
	const cJSON *v =
	    cJSON_GetObjectItemCaseSensitive(jm, "statusComponents");
	const cJSON *it;
	struct buf lines = {0};
	size_t i = 0;

	m->status_components = "";
	if (v == NULL)
		return 0;
	if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) < 1 ||
	    cJSON_GetArraySize(v) > CATALOG_STATUS_COMPONENTS_MAX)
		return fail(w, "statusComponents",
		            "must be a list of 1 to %d component names",
		            CATALOG_STATUS_COMPONENTS_MAX);
	cJSON_ArrayForEach(it, v)
	{
		const unsigned char *p;
		size_t n;

		if (!cJSON_IsString(it) || *it->valuestring == '\0' ||
		    strlen(it->valuestring) > PSTATUS_NAME_MAX) {
			buf_free(&lines);
			return fail(w, "statusComponents",
			            "item %zu is not a name of 1 to %d bytes",
			            i, PSTATUS_NAME_MAX);
		}
		for (p = (const unsigned char *)it->valuestring; *p; p++)
			if (*p < 0x20 || *p == 0x7f) {
				buf_free(&lines);
				return fail(
				    w, "statusComponents",
				    "item %zu holds a control character", i);
			}
		n = strlen(it->valuestring);
		if (lines.len > 0 &&
		    pstatus_lines_have(lines.data, it->valuestring)) {
			buf_free(&lines);
			return fail(w, "statusComponents",
			            "\"%.64s\" listed twice", it->valuestring);
		}
		if (lines.len > 0)
			buf_puts(&lines, "\n");
		buf_append(&lines, it->valuestring, n);
		i++;
	}
	m->status_components = arena_strdup(a, lines.data);
	buf_free(&lines);
	return 0;
}

static int
read_model(struct walk *w, struct arena *a, const cJSON *jm,
           const struct catalog_provider *p, struct catalog_model *m)
{
	const cJSON *v, *it;
	size_t at = strlen(w->path), i = 0;
	struct buf mods = {0};

	if (!cJSON_IsObject(jm))
		return fail(w, NULL, "must be an object");
	if (known_members(w, jm, model_members) != 0 ||
	    str_member(w, jm, "slug", 1, 0, 64, NULL, &m->slug) != 0 ||
	    str_member(w, jm, "name", 1, 0, 128, NULL, &m->name) != 0 ||
	    int_member(w, jm, "contextWindow", 1, 1, INT64_C(1) << 40, 0,
	               &m->context_window) != 0 ||
	    date_member(w, jm, "releasedAt", &m->released_at) != 0 ||
	    date_member(w, jm, "deprecatedAt", &m->deprecated_at) != 0 ||
	    read_status_components(w, a, jm, m) != 0)
		return -1;
	if (!in_set(m->slug, LOWER_DIGITS ".-", 64))
		return fail(w, "slug", "\"%.64s\": a-z, 0-9, . and - only",
		            m->slug);
	v = cJSON_GetObjectItemCaseSensitive(jm, "isActive");
	if (v != NULL && !cJSON_IsBool(v))
		return fail(w, "isActive", "must be true or false");
	m->is_active = v == NULL || cJSON_IsTrue(v);
	v = cJSON_GetObjectItemCaseSensitive(jm, "modalities");
	if (v != NULL && !cJSON_IsArray(v))
		return fail(w, "modalities", "must be a list of names");
	cJSON_ArrayForEach(it, v)
	{
		if (!cJSON_IsString(it) ||
		    !in_set(it->valuestring, LOWER_DIGITS "-", 32)) {
			buf_free(&mods);
			return fail(w, "modalities",
			            "item %zu is not a name (a-z, 0-9, -)", i);
		}
		buf_printf(&mods, "%s%s", mods.len ? "," : "", it->valuestring);
		i++;
	}
	m->modalities = arena_strdup(a, mods.len ? mods.data : "text");
	buf_free(&mods);
	v = cJSON_GetObjectItemCaseSensitive(jm, "endpoints");
	if (v == NULL || !cJSON_IsArray(v))
		return fail(w, "endpoints", "must be a list");
	m->n_endpoints = (size_t)cJSON_GetArraySize(v);
	m->endpoints = arena_alloc(a, (m->n_endpoints ? m->n_endpoints : 1) *
	                                  sizeof(*m->endpoints));
	i = 0;
	cJSON_ArrayForEach(it, v)
	{
		snprintf(w->path + at, sizeof(w->path) - at, ".endpoints[%zu]",
		         i);
		if (read_endpoint(w, it, p, &m->endpoints[i]) != 0)
			return -1;
		for (size_t k = 0; k < i; k++)
			if (strcmp(m->endpoints[k].region,
			           m->endpoints[i].region) == 0)
				return fail(w, "region",
				            "\"%s\" used twice in model %s "
				            "(also endpoints[%zu])",
				            m->endpoints[i].region, m->slug, k);
		i++;
	}
	w->path[at] = '\0';
	return 0;
}

static const char *const provider_members[] = {
    "slug",   "name",   "website",   "statusPage",
    "keyEnv", "models", "statusApi", NULL};

/* A provider's `statusApi`: {"format": NAME, "url": URL}. */
static int
read_status_api(struct walk *w, const cJSON *jp, struct catalog_provider *p)
{
	static const char *const members[] = {"format", "url", NULL};
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(jp, "statusApi");
	size_t at = strlen(w->path);
	const char *format, *url;

	p->status_api_format = PSTATUS_FORMAT__MAX;
	p->status_api_url = NULL;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsObject(v))
		return fail(w, "statusApi",
		            "must be an object {\"format\", \"url\"}");
	snprintf(w->path + at, sizeof(w->path) - at, ".statusApi");
	if (known_members(w, v, members) != 0 ||
	    str_member(w, v, "format", 1, 0, 64, NULL, &format) != 0 ||
	    str_member(w, v, "url", 1, 0, 2048, NULL, &url) != 0)
		return -1;
	p->status_api_format = (enum pstatus_format)pstatus_name_index(
	    pstatus_format_names, PSTATUS_FORMAT__MAX, format);
	if (p->status_api_format == PSTATUS_FORMAT__MAX)
		return fail(w, "format", "unknown format \"%.40s\" (%s)",
		            format, pstatus_format_names[0]);
	if (!url_ok(url))
		return fail(w, "url", "must be an http:// or https:// URL");
	p->status_api_url = url;
	w->path[at] = '\0';
	return 0;
}

/* The model slugs read so far, each with where it was: one lookup per
 * model (comparing each with every earlier one took 40 s at 100,000
 * models, in aigo db init and at every start of aigo probe). */
struct slug_set {
	struct slug_at {
		const char *slug;
		size_t pi, mi; /* providers[pi].models[mi] */
	} * v;
	size_t n, cap; /* cap: 0 or a power of 2, at least twice n */
};

/* The earlier entry of slug, or NULL after adding it as (pi, mi). */
static const struct slug_at *
slug_set_add(struct slug_set *s, const char *slug, size_t pi, size_t mi)
{
	uint64_t h;
	size_t i;

	if (2 * (s->n + 1) > s->cap) {
		struct slug_set g = {NULL, 0, s->cap ? 2 * s->cap : 256};

		g.v = xcalloc(g.cap, sizeof(*g.v));
		for (size_t k = 0; k < s->cap; k++)
			if (s->v[k].slug != NULL)
				slug_set_add(&g, s->v[k].slug, s->v[k].pi,
				             s->v[k].mi);
		free(s->v);
		*s = g;
	}
	h = hash_fnv1a(slug, strlen(slug), 0);
	for (i = (size_t)(h ^ (h >> 32)) & (s->cap - 1); s->v[i].slug != NULL;
	     i = (i + 1) & (s->cap - 1))
		if (strcmp(s->v[i].slug, slug) == 0)
			return &s->v[i];
	s->v[i] = (struct slug_at){slug, pi, mi};
	s->n++;
	return NULL;
}

/* Walks the providers of root into c; seen holds the model slugs (the
 * caller frees seen->v). */
static int
read_providers(struct walk *w, const cJSON *root, struct catalog *c,
               struct slug_set *seen)
{
	const cJSON *jps, *jp;
	size_t i = 0;

	if (!cJSON_IsObject(root))
		return fail(w, NULL, "not a catalog (not an object)");
	if (known_members(w, root, (const char *const[]){"providers", NULL}))
		return -1;
	jps = cJSON_GetObjectItemCaseSensitive(root, "providers");
	if (!cJSON_IsArray(jps))
		return fail(w, "providers",
		            "missing: not a catalog (no providers list)");
	c->n_providers = (size_t)cJSON_GetArraySize(jps);
	c->providers =
	    arena_alloc(c->arena, (c->n_providers ? c->n_providers : 1) *
	                              sizeof(*c->providers));
	cJSON_ArrayForEach(jp, jps)
	{
		struct catalog_provider *p = &c->providers[i];
		const cJSON *jms, *jm;
		const struct slug_at *twice;
		size_t j = 0;
		int at;

		at = snprintf(w->path, sizeof(w->path), "providers[%zu]", i);
		if (!cJSON_IsObject(jp))
			return fail(w, NULL, "must be an object");
		if (known_members(w, jp, provider_members) != 0 ||
		    str_member(w, jp, "slug", 1, 0, 64, NULL, &p->slug) != 0 ||
		    str_member(w, jp, "name", 1, 0, 128, NULL, &p->name) != 0 ||
		    str_member(w, jp, "website", 0, STR_NULL | STR_EMPTY, 256,
		               "", &p->website) ||
		    str_member(w, jp, "statusPage", 0, STR_NULL | STR_EMPTY,
		               256, "", &p->status_page) != 0 ||
		    read_key_env(w, jp, p) != 0 ||
		    read_status_api(w, jp, p) != 0)
			return -1;
		if (!in_set(p->slug, LOWER_DIGITS "-", 64))
			return fail(w, "slug", "\"%.64s\": a-z, 0-9 and - only",
			            p->slug);
		for (size_t k = 0; k < i; k++)
			if (strcmp(c->providers[k].slug, p->slug) == 0)
				return fail(w, "slug",
				            "\"%s\" used twice (also "
				            "providers[%zu])",
				            p->slug, k);
		jms = cJSON_GetObjectItemCaseSensitive(jp, "models");
		if (!cJSON_IsArray(jms))
			return fail(w, "models", "must be a list");
		p->n_models = (size_t)cJSON_GetArraySize(jms);
		p->models =
		    arena_alloc(c->arena, (p->n_models ? p->n_models : 1) *
		                              sizeof(*p->models));
		cJSON_ArrayForEach(jm, jms)
		{
			struct catalog_model *m = &p->models[j];

			snprintf(w->path + at, sizeof(w->path) - (size_t)at,
			         ".models[%zu]", j);
			if (read_model(w, c->arena, jm, p, m) != 0)
				return -1;
			/* A slug names one model in the whole catalog. */
			twice = slug_set_add(seen, m->slug, i, j);
			if (twice != NULL)
				return fail(w, "slug",
				            "\"%s\" used twice (also "
				            "providers[%zu].models[%zu])",
				            m->slug, twice->pi, twice->mi);
			c->n_endpoints += m->n_endpoints;
			j++;
		}
		c->n_models += p->n_models;
		i++;
	}
	w->path[0] = '\0';
	return 0;
}

int
catalog_read(const char *path, struct catalog *c, char *err, size_t errlen)
{
	size_t len = 0;
	char *text = file_read_all(path, &len);
	struct json_error je;
	struct walk w = {{0}, NULL, 0, 0};
	struct slug_set seen = {NULL, 0, 0};
	char why[400];
	int rc;

	memset(c, 0, sizeof(*c));
	if (text == NULL) {
		snprintf(err, errlen, "%s: cannot read", path);
		return -1;
	}
	c->root = json_parse(text, len, &je);
	free(text);
	if (c->root == NULL) {
		json_error_text(&je, why, sizeof(why));
		snprintf(err, errlen, "%s: %s", path, why);
		return -1;
	}
	c->arena = arena_new();
	w.err = why;
	w.errlen = sizeof(why);
	rc = read_providers(&w, c->root, c, &seen);
	free(seen.v);
	if (rc != 0) {
		snprintf(err, errlen, "%s: %s", path, why);
		catalog_free(c);
		return -1;
	}
	return 0;
}

void
catalog_free(struct catalog *c)
{
	cJSON_Delete(c->root);
	arena_free(c->arena);
	memset(c, 0, sizeof(*c));
}

long
catalog_store(struct store *s, const struct catalog *c, char *err,
              size_t errlen)
{
	struct buf codes = {0};

	if (store_begin(s, err, errlen) != 0)
		return -1;
	for (size_t i = 0; i < c->n_providers; i++) {
		const struct catalog_provider *cp = &c->providers[i];
		struct provider p = {0};
		int64_t pid;

		p.slug = cp->slug;
		p.name = cp->name;
		p.website = cp->website;
		p.status_page = cp->status_page;
		pid = store_upsert_provider(s, &p, err, errlen);
		if (pid < 0)
			goto fail;
		/* What its status API said is dropped with the API. */
		if (cp->status_api_url == NULL &&
		    store_forget_provider_status(s, pid, err, errlen) != 0)
			goto fail;
		for (size_t j = 0; j < cp->n_models; j++) {
			const struct catalog_model *cm = &cp->models[j];
			struct model_row m;
			int64_t model_id;

			m.provider_id = pid;
			m.slug = cm->slug;
			m.name = cm->name;
			m.modalities = cm->modalities;
			m.context_window = cm->context_window;
			m.released_at = cm->released_at;
			m.deprecated_at = cm->deprecated_at;
			m.is_active = cm->is_active;
			model_id = store_upsert_model(s, &m, err, errlen);
			if (model_id < 0 ||
			    store_set_status_components(s, model_id,
			                                cm->status_components,
			                                err, errlen) != 0)
				goto fail;
			for (size_t k = 0; k < cm->n_endpoints; k++) {
				const struct catalog_endpoint *ce =
				    &cm->endpoints[k];
				struct endpoint_row e;

				codes.len = 0;
				buf_puts(&codes, "");
				for (int x = 0; x < ce->n_expect; x++)
					buf_printf(&codes, "%s%d", x ? "," : "",
					           ce->expect[x]);
				e.model_id = model_id;
				e.region = ce->region;
				e.url = ce->url;
				e.method = ce->method;
				e.expect_status = codes.data;
				e.timeout_ms = ce->timeout_ms;
				e.degraded_ms = ce->degraded_ms;
				if (store_upsert_endpoint(s, &e, err, errlen) <
				    0) {
					size_t used = strlen(err);
					snprintf(err + used, errlen - used,
					         " (model %s)", cm->slug);
					goto fail;
				}
			}
		}
	}
	if (store_commit(s, err, errlen) != 0)
		goto fail;
	buf_free(&codes);
	return (long)c->n_models;
fail:
	store_rollback(s);
	buf_free(&codes);
	return -1;
}

long
catalog_load(struct store *s, const char *path, char *err, size_t errlen)
{
	struct catalog c;
	long n;

	if (catalog_read(path, &c, err, errlen) != 0)
		return -1;
	n = catalog_store(s, &c, err, errlen);
	catalog_free(&c);
	return n;
}
