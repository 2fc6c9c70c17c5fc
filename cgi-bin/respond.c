/* respond.c: the envelope of an answer: where its data came from (X-Data-Source, dataSource, snapshotAt, isDemo), the 503 rule, cache headers, and JSON bodies and errors. */
#include "respond.h"

#include <stdlib.h>

#include "json.h"

void
respond_cache(struct response *resp)
{
	http_header(resp, "Cache-Control", "public, max-age=15");
}

int
respond_data(struct response *resp, const struct dataset *ds)
{
	http_header(resp, "X-Data-Source", data_source_names[ds->source]);
	if (ds->source == SOURCE_NONE) {
		/* The answer is complete, but has no data. */
		http_header(resp, "Retry-After", "30");
		http_header(resp, "Cache-Control", "no-store");
		return 503;
	}
	resp->data_gen = ds->generation;
	respond_cache(resp);
	return 200;
}

void
respond_json_source(cJSON *o, const struct dataset *ds, int demo)
{
	cJSON_AddStringToObject(o, "dataSource", data_source_names[ds->source]);
	if (ds->source == SOURCE_FALLBACK)
		json_add_time(o, "snapshotAt", ds->snapshot_at);
	if (demo)
		cJSON_AddBoolToObject(o, "isDemo", ds->is_demo);
}

void
respond_json(struct response *resp, cJSON *root)
{
	char *text = json_print(root);

	buf_puts(&resp->body, text);
	buf_puts(&resp->body, "\n");
	free(text);
	cJSON_Delete(root);
	resp->content_type = "application/json";
}

void
respond_json_error(struct response *resp, int status, const char *code,
                   const char *message, const char *field, cJSON *more)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *err = cJSON_AddObjectToObject(root, "error");

	resp->status = status;
	resp->body.len = 0;
	cJSON_AddStringToObject(err, "code", code);
	cJSON_AddStringToObject(err, "message", message);
	if (field != NULL)
		cJSON_AddStringToObject(err, "field", field);
	if (more != NULL) {
		cJSON *m;

		while ((m = more->child) != NULL)
			cJSON_AddItemToObject(
			    err, m->string,
			    cJSON_DetachItemViaPointer(more, m));
		cJSON_Delete(more);
	}
	respond_json(resp, root);
}
