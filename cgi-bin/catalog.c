/* catalog.c: loads the provider/model/endpoint catalog (db/catalog.json) into the database. */
#include "catalog.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "fileutil.h"
#include "json.h"

static const char *
str_field(const cJSON *o, const char *name, const char *fallback)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : fallback;
}

static int64_t
int_field(const cJSON *o, const char *name, int64_t fallback)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsNumber(v) ? (int64_t)v->valuedouble : fallback;
}

/* Joins a JSON array of strings or numbers with commas into buf. */
static void
join_array(const cJSON *arr, struct buf *b, const char *fallback)
{
	const cJSON *it;

	b->len = 0;
	buf_puts(b, "");
	cJSON_ArrayForEach(it, arr)
	{
		if (b->len > 0)
			buf_puts(b, ",");
		if (cJSON_IsString(it))
			buf_puts(b, it->valuestring);
		else if (cJSON_IsNumber(it))
			buf_printf(b, "%d", it->valueint);
	}
	if (b->len == 0)
		buf_puts(b, fallback);
}

static int
load_model(struct store *s, int64_t provider_id, const cJSON *jm,
           struct buf *mods, struct buf *codes, char *err, size_t errlen)
{
	struct model_row m;
	const cJSON *je;
	int64_t model_id;

	join_array(cJSON_GetObjectItemCaseSensitive(jm, "modalities"), mods,
	           "text");
	m.provider_id = provider_id;
	m.slug = str_field(jm, "slug", NULL);
	m.name = str_field(jm, "name", NULL);
	m.modalities = mods->data;
	m.context_window = int_field(jm, "contextWindow", 0);
	m.released_at = str_field(jm, "releasedAt", NULL);
	m.deprecated_at = str_field(jm, "deprecatedAt", NULL);
	m.is_active =
	    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(jm, "isActive"));
	if (m.slug == NULL || m.name == NULL) {
		snprintf(err, errlen, "a model lacks slug or name");
		return -1;
	}
	model_id = store_upsert_model(s, &m, err, errlen);
	if (model_id < 0)
		return -1;
	cJSON_ArrayForEach(je,
	                   cJSON_GetObjectItemCaseSensitive(jm, "endpoints"))
	{
		struct endpoint_row e;

		join_array(cJSON_GetObjectItemCaseSensitive(je, "expectStatus"),
		           codes, "200");
		e.model_id = model_id;
		e.region = str_field(je, "region", "global");
		e.url = str_field(je, "url", "");
		e.method = str_field(je, "method", "GET");
		e.expect_status = codes->data;
		e.timeout_ms = int_field(je, "timeoutMs", 30000);
		e.degraded_ms = int_field(je, "degradedMs", 5000);
		if (store_upsert_endpoint(s, &e, err, errlen) < 0) {
			size_t used = strlen(err);
			snprintf(err + used, errlen - used, " (model %s)",
			         m.slug);
			return -1;
		}
	}
	return 0;
}

long
catalog_load(struct store *s, const char *path, char *err, size_t errlen)
{
	size_t len = 0;
	char *text = file_read_all(path, &len);
	struct json_error je;
	cJSON *root, *jp;
	struct buf mods = {0}, codes = {0};
	long n_models = 0;

	if (text == NULL) {
		snprintf(err, errlen, "%s: cannot read", path);
		return -1;
	}
	root = json_parse(text, len, &je);
	free(text);
	if (root == NULL) {
		char why[256];

		json_error_text(&je, why, sizeof(why));
		snprintf(err, errlen, "%s: %s", path, why);
		return -1;
	}
	if (!cJSON_IsArray(
	        cJSON_GetObjectItemCaseSensitive(root, "providers"))) {
		snprintf(err, errlen, "%s: not a catalog (no providers array)",
		         path);
		cJSON_Delete(root);
		return -1;
	}
	if (store_begin(s, err, errlen) != 0)
		goto fail;
	cJSON_ArrayForEach(jp,
	                   cJSON_GetObjectItemCaseSensitive(root, "providers"))
	{
		struct provider p = {0};
		const cJSON *jm;
		int64_t pid;

		p.slug = str_field(jp, "slug", NULL);
		p.name = str_field(jp, "name", NULL);
		p.website = str_field(jp, "website", "");
		p.status_page = str_field(jp, "statusPage", "");
		if (p.slug == NULL || p.name == NULL) {
			snprintf(err, errlen, "a provider lacks slug or name");
			goto fail;
		}
		pid = store_upsert_provider(s, &p, err, errlen);
		if (pid < 0)
			goto fail;
		cJSON_ArrayForEach(
		    jm, cJSON_GetObjectItemCaseSensitive(jp, "models"))
		{
			if (load_model(s, pid, jm, &mods, &codes, err, errlen))
				goto fail;
			n_models++;
		}
	}
	if (store_commit(s, err, errlen) != 0)
		goto fail;
	cJSON_Delete(root);
	buf_free(&mods);
	buf_free(&codes);
	return n_models;
fail:
	store_rollback(s);
	cJSON_Delete(root);
	buf_free(&mods);
	buf_free(&codes);
	return -1;
}
