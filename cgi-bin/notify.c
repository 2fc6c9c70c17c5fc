/* notify.c: the vocabulary of notifications: event and delivery names, an event's payload as JSON and back, a channel's filters, and the retry backoff. */
#include "notify.h"

#include "arena.h"
#include "json.h"

#include <stdlib.h>
#include <string.h>

const char *const notify_kind_names[NOTIFY_KIND__MAX] = {
    [NOTIFY_OPENED] = "incident.opened",
    [NOTIFY_ESCALATED] = "incident.escalated",
    [NOTIFY_DEESCALATED] = "incident.deescalated",
    [NOTIFY_RESOLVED] = "incident.resolved",
    [NOTIFY_UPDATE] = "incident.updated",
    [NOTIFY_MAINT_START] = "maintenance.started",
    [NOTIFY_MAINT_END] = "maintenance.ended",
    [NOTIFY_TEST] = "test",
};

enum notify_kind
notify_kind_from_name(const char *s)
{
	for (int i = 0; s != NULL && i < NOTIFY_KIND__MAX; i++)
		if (strcmp(s, notify_kind_names[i]) == 0)
			return (enum notify_kind)i;
	return NOTIFY_KIND__MAX;
}

const char *const delivery_state_names[DELIVERY_STATE__MAX] = {
    [DELIVERY_PENDING] = "pending",   [DELIVERY_DELIVERED] = "delivered",
    [DELIVERY_GIVEN_UP] = "given_up", [DELIVERY_FILTERED] = "filtered",
    [DELIVERY_SILENCED] = "silenced", [DELIVERY_SUPERSEDED] = "superseded",
    [DELIVERY_EXPIRED] = "expired",
};

enum delivery_state
delivery_state_from_name(const char *s)
{
	for (int i = 0; s != NULL && i < DELIVERY_STATE__MAX; i++)
		if (strcmp(s, delivery_state_names[i]) == 0)
			return (enum delivery_state)i;
	return DELIVERY_STATE__MAX;
}

/* The payload's members: (name, which field). Strings, times, ids and
 * the three enums each have their kind. */
enum pf_kind { PF_STR, PF_INT, PF_SEV, PF_UPD, PF_BOOL };
struct pf {
	const char *name;
	enum pf_kind kind;
	size_t off;
};
#define PF(n, k, f)                                                            \
	{                                                                      \
		n, k, offsetof(struct notify_event, f)                         \
	}
static const struct pf payload_fields[] = {
    PF("incidentId", PF_INT, incident_id),
    PF("maintenanceId", PF_INT, maintenance_id),
    PF("providerId", PF_INT, provider_id),
    PF("modelId", PF_INT, model_id),
    PF("provider", PF_STR, provider),
    PF("providerName", PF_STR, provider_name),
    PF("model", PF_STR, model),
    PF("modelName", PF_STR, model_name),
    PF("severity", PF_SEV, severity),
    PF("previousSeverity", PF_SEV, previous),
    PF("manual", PF_BOOL, manual),
    PF("title", PF_STR, title),
    PF("startedAt", PF_INT, started_at),
    PF("resolvedAt", PF_INT, resolved_at),
    PF("regions", PF_STR, regions),
    PF("updateState", PF_UPD, update_state),
    PF("updateBody", PF_STR, update_body),
    PF("updateAuthor", PF_STR, update_author),
    PF("maintenanceTitle", PF_STR, maint_title),
    PF("maintenanceStartsAt", PF_INT, maint_starts),
    PF("maintenanceEndsAt", PF_INT, maint_ends),
    PF("maintenanceTargets", PF_STR, maint_targets),
};

char *
notify_payload_json(const struct notify_event *ev)
{
	cJSON *o = cJSON_CreateObject();
	char *text;

	if (o == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof(payload_fields) / sizeof(*payload_fields);
	     i++) {
		const struct pf *f = &payload_fields[i];
		const void *p = (const char *)ev + f->off;
		const char *str;
		int v;

		switch (f->kind) {
		case PF_STR:
			str = *(const char *const *)p;
			cJSON_AddStringToObject(o, f->name, str ? str : "");
			break;
		case PF_INT:
			cJSON_AddNumberToObject(o, f->name,
			                        (double)*(const int64_t *)p);
			break;
		case PF_SEV:
			v = (int)*(const enum severity *)p;
			if (v >= 0 && v < SEVERITY__MAX)
				cJSON_AddStringToObject(o, f->name,
				                        severity_names[v]);
			else
				cJSON_AddNullToObject(o, f->name);
			break;
		case PF_UPD:
			v = (int)*(const enum update_state *)p;
			if (v >= 0 && v < UPDATE_STATE__MAX)
				cJSON_AddStringToObject(o, f->name,
				                        update_state_names[v]);
			else
				cJSON_AddNullToObject(o, f->name);
			break;
		case PF_BOOL:
			cJSON_AddBoolToObject(o, f->name, *(const int *)p != 0);
			break;
		}
	}
	text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return text;
}

/* ev's payload fields at their "absent" values. */
static void
payload_clear(struct notify_event *ev)
{
	ev->incident_id = ev->maintenance_id = 0;
	ev->provider_id = ev->model_id = 0;
	ev->provider = ev->provider_name = ev->model = ev->model_name = "";
	ev->severity = SEVERITY_NONE;
	ev->previous = SEVERITY__MAX;
	ev->manual = 0;
	ev->title = ev->regions = "";
	ev->started_at = ev->resolved_at = 0;
	ev->update_state = UPDATE_STATE__MAX;
	ev->update_body = ev->update_author = "";
	ev->maint_title = ev->maint_targets = "";
	ev->maint_starts = ev->maint_ends = 0;
}

int
notify_payload_parse(const char *payload, struct notify_event *ev,
                     struct arena *a)
{
	struct json_error je;
	cJSON *o;
	int rc = 0;

	payload_clear(ev);
	if (payload == NULL)
		return -1;
	o = json_parse(payload, strlen(payload), &je);
	if (o == NULL || !cJSON_IsObject(o)) {
		cJSON_Delete(o);
		return -1;
	}
	for (size_t i = 0; i < sizeof(payload_fields) / sizeof(*payload_fields);
	     i++) {
		const struct pf *f = &payload_fields[i];
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, f->name);
		void *p = (char *)ev + f->off;

		if (v == NULL || cJSON_IsNull(v))
			continue;
		switch (f->kind) {
		case PF_STR:
			if (!cJSON_IsString(v)) {
				rc = -1;
				break;
			}
			*(const char **)p = arena_strdup(a, v->valuestring);
			break;
		case PF_INT:
			if (!cJSON_IsNumber(v)) {
				rc = -1;
				break;
			}
			*(int64_t *)p = (int64_t)v->valuedouble;
			break;
		case PF_SEV:
			if (!cJSON_IsString(v) ||
			    severity_from_name(v->valuestring) ==
			        SEVERITY__MAX) {
				rc = -1;
				break;
			}
			*(enum severity *)p =
			    severity_from_name(v->valuestring);
			break;
		case PF_UPD:
			if (!cJSON_IsString(v) ||
			    update_state_from_name(v->valuestring) ==
			        UPDATE_STATE__MAX) {
				rc = -1;
				break;
			}
			*(enum update_state *)p =
			    update_state_from_name(v->valuestring);
			break;
		case PF_BOOL:
			if (!cJSON_IsBool(v)) {
				rc = -1;
				break;
			}
			*(int *)p = cJSON_IsTrue(v);
			break;
		}
		if (rc != 0)
			break;
	}
	cJSON_Delete(o);
	if (rc != 0)
		payload_clear(ev);
	return rc;
}

/* Whether the comma list `list` names word[0..n). */
static int
list_has(const char *list, const char *word, size_t n)
{
	const char *p = list;

	if (n == 0)
		return 0;
	while (*p != '\0') {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		/* Spaces around an item are allowed. */
		const char *q = p;
		size_t l = len;
		while (l > 0 && *q == ' ')
			q++, l--;
		while (l > 0 && q[l - 1] == ' ')
			l--;
		if (l == n && memcmp(q, word, n) == 0)
			return 1;
		if (e == NULL)
			break;
		p = e + 1;
	}
	return 0;
}

/* Whether ch's providers and models filters let through a subject: a
 * provider's slug and a model's ("" for the provider as a whole). A
 * model passes when its provider is in providers (or providers is empty)
 * and it is in models (or models is empty); a provider as a whole passes
 * when it is in providers (or providers is empty), and a models filter
 * lets it through only when providers names it. */
static int
subject_wanted(const struct notify_channel *ch, const char *provider,
               const char *model)
{
	int has_p = ch->providers[0] != '\0', has_m = ch->models[0] != '\0';
	int pass_p =
	    !has_p || list_has(ch->providers, provider, strlen(provider));

	if (model[0] == '\0')
		return pass_p && (!has_m || has_p);
	return pass_p && (!has_m || list_has(ch->models, model, strlen(model)));
}

int
notify_channel_wants(const struct notify_channel *ch,
                     const struct notify_event *ev)
{
	if (ev->kind == NOTIFY_TEST)
		return 1;
	if (ev->kind == NOTIFY_MAINT_START || ev->kind == NOTIFY_MAINT_END) {
		const char *p = ev->maint_targets;

		if (ch->providers[0] == '\0' && ch->models[0] == '\0')
			return 1;
		/* Any target ("provider" or "provider/model") that passes. */
		while (p != NULL && *p != '\0') {
			const char *e = strchr(p, ',');
			size_t len = e ? (size_t)(e - p) : strlen(p);
			const char *slash = memchr(p, '/', len);
			char prov[256], model[256];
			size_t pl = slash ? (size_t)(slash - p) : len;
			size_t ml = slash ? len - pl - 1 : 0;

			if (pl < sizeof(prov) && ml < sizeof(model)) {
				memcpy(prov, p, pl);
				prov[pl] = '\0';
				memcpy(model, slash ? slash + 1 : "", ml);
				model[ml] = '\0';
				/* A target is in the filters when providers
				 * names its provider or models its model. */
				if (list_has(ch->providers, prov, pl) ||
				    list_has(ch->models, model, ml))
					return 1;
			}
			if (e == NULL)
				break;
			p = e + 1;
		}
		return 0;
	}
	if (!subject_wanted(ch, ev->provider ? ev->provider : "",
	                    ev->model ? ev->model : ""))
		return 0;
	/* Updates always pass the severity filter; the others compare the
	 * severity they carry (a resolved one: the last before it). */
	if (ev->kind == NOTIFY_UPDATE)
		return 1;
	return (int)ev->severity >= ch->min_severity;
}

int64_t
notify_backoff(int attempts, int64_t backoff_max)
{
	int64_t wait = 1;

	if (backoff_max < 1)
		backoff_max = 1;
	for (int i = 1; i < attempts && wait < backoff_max; i++)
		wait *= 2;
	return wait < backoff_max ? wait : backoff_max;
}
