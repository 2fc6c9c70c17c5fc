/* statuspage.c: a Statuspage v2 summary (/api/v2/summary.json) read into a provider status report, pure. */
#include "statuspage.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "json.h"
#include "timefmt.h"

struct sp {
	struct arena *a;
	char *err;
	size_t errlen;
};

static int fail(struct sp *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
fail(struct sp *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->err, s->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* At most 40 bytes of v for an error message, printable ASCII only
 * (others as '?'): the message is one line of text in the log, the
 * database and the JSON, whatever the answer held. */
static const char *
shown(const char *v, char out[41])
{
	size_t i = 0;

	for (; i < 40 && v[i] != '\0'; i++)
		out[i] = v[i] >= 0x20 && v[i] < 0x7f ? v[i] : '?';
	out[i] = '\0';
	return out;
}

/* A string member of o: its arena copy in *out (NULL when absent or null
 * and !required). Refuses another type, "" when required, and more than
 * max bytes. where names o for the error. */
static int
text(struct sp *s, const cJSON *o, const char *where, const char *name,
     int required, size_t max, const char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	*out = NULL;
	if (v == NULL || cJSON_IsNull(v)) {
		if (required)
			return fail(s, "%s%s%s: missing", where,
			            *where ? "." : "", name);
		return 0;
	}
	if (!cJSON_IsString(v))
		return fail(s, "%s%s%s: not a string", where, *where ? "." : "",
		            name);
	if (required && *v->valuestring == '\0')
		return fail(s, "%s%s%s: empty", where, *where ? "." : "", name);
	if (strlen(v->valuestring) > max)
		return fail(s, "%s%s%s: longer than %zu bytes", where,
		            *where ? "." : "", name, max);
	if (!utf8_valid(v->valuestring, strlen(v->valuestring)))
		return fail(s, "%s%s%s: not UTF-8", where, *where ? "." : "",
		            name);
	*out = arena_strdup(s->a, v->valuestring);
	return 0;
}

/* A component's name member: as text, and with no control character
 * (names are kept one per line). */
static int
comp_name(struct sp *s, const cJSON *o, const char *where, const char **out)
{
	if (text(s, o, where, "name", 1, PSTATUS_NAME_MAX, out) != 0)
		return -1;
	for (const unsigned char *p = (const unsigned char *)*out; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return fail(s, "%s.name: holds a control character",
			            where);
	return 0;
}

/* An enumerated string member: its index in names[0..n). */
static int
named(struct sp *s, const cJSON *o, const char *where, const char *name,
      const char *const *names, int n, int *out)
{
	const char *v;

	if (text(s, o, where, name, 1, 64, &v) != 0)
		return -1;
	*out = pstatus_name_index(names, n, v);
	if (*out == n) {
		char buf[41];

		return fail(s, "%s.%s: unknown value \"%s\"", where, name,
		            shown(v, buf));
	}
	return 0;
}

/* A time member (RFC 3339, Statuspage's fractions and offsets): 0 when
 * absent or null. */
static int
when(struct sp *s, const cJSON *o, const char *where, const char *name,
     int64_t *out)
{
	const char *v;

	*out = 0;
	if (text(s, o, where, name, 0, 64, &v) != 0)
		return -1;
	if (v != NULL && time_parse_rfc3339(v, out) != 0)
		return fail(s, "%s.%s: not an RFC 3339 time", where, name);
	return 0;
}

static int
read_status(struct sp *s, const cJSON *root, struct pstatus_report *r)
{
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(root, "status");
	int ind;

	if (!cJSON_IsObject(st))
		return fail(s, "status: missing: not a Statuspage v2 summary");
	if (named(s, st, "status", "indicator", pstatus_indicator_names,
	          PSTATUS_IND__MAX, &ind) != 0 ||
	    text(s, st, "status", "description", 0, PSTATUS_TEXT_MAX,
	         &r->description) != 0)
		return -1;
	r->indicator = (enum pstatus_indicator)ind;
	if (r->description == NULL)
		r->description = "";
	return 0;
}

static int
read_components(struct sp *s, const cJSON *root, struct pstatus_report *r)
{
	const cJSON *cs = cJSON_GetObjectItemCaseSensitive(root, "components");
	const cJSON *c;
	size_t i = 0;

	if (cs == NULL || cJSON_IsNull(cs))
		return 0;
	if (!cJSON_IsArray(cs))
		return fail(s, "components: not a list");
	if (cJSON_GetArraySize(cs) > PSTATUS_COMPONENTS_MAX)
		return fail(s, "components: more than %d",
		            PSTATUS_COMPONENTS_MAX);
	r->components = arena_alloc(s->a, ((size_t)cJSON_GetArraySize(cs) + 1) *
	                                      sizeof(*r->components));
	cJSON_ArrayForEach(c, cs)
	{
		char where[48];
		const cJSON *g;
		const char *name;
		int lv;
		size_t k;

		snprintf(where, sizeof(where), "components[%zu]", i++);
		if (!cJSON_IsObject(c))
			return fail(s, "%s: not an object", where);
		g = cJSON_GetObjectItemCaseSensitive(c, "group");
		if (g != NULL && !cJSON_IsBool(g) && !cJSON_IsNull(g))
			return fail(s, "%s.group: not true or false", where);
		if (comp_name(s, c, where, &name) != 0 ||
		    named(s, c, where, "status", pstatus_level_names,
		          PSTATUS_LEVEL__MAX, &lv) != 0)
			return -1;
		/* A group is a heading over its components, which are
		 * listed too: its status is theirs, summed up. */
		if (cJSON_IsTrue(g))
			continue;
		for (k = 0; k < r->n_components; k++)
			if (strcmp(r->components[k].name, name) == 0)
				break;
		if (k < r->n_components) {
			if ((enum pstatus_level)lv > r->components[k].status)
				r->components[k].status =
				    (enum pstatus_level)lv;
			continue;
		}
		r->components[r->n_components].name = name;
		r->components[r->n_components].status = (enum pstatus_level)lv;
		r->n_components++;
	}
	return 0;
}

/* Adds the names of the component objects of list (NULL allowed; under
 * member "name" of each) to in, once each. */
static int
add_names(struct sp *s, const cJSON *list, const char *where,
          struct pstatus_incident *in)
{
	const cJSON *c;
	size_t i = 0;

	if (list == NULL || cJSON_IsNull(list))
		return 0;
	if (!cJSON_IsArray(list))
		return fail(s, "%s: not a list", where);
	cJSON_ArrayForEach(c, list)
	{
		char at[96];
		const char *name;
		size_t k;

		snprintf(at, sizeof(at), "%s[%zu]", where, i++);
		if (!cJSON_IsObject(c))
			return fail(s, "%s: not an object", at);
		if (comp_name(s, c, at, &name) != 0)
			return -1;
		for (k = 0; k < in->n_components; k++)
			if (strcmp(in->components[k], name) == 0)
				break;
		if (k < in->n_components)
			continue;
		if (in->n_components >= PSTATUS_INCIDENT_COMPONENTS_MAX)
			return fail(s, "%s: more than %d components", at,
			            PSTATUS_INCIDENT_COMPONENTS_MAX);
		in->components[in->n_components++] = name;
	}
	return 0;
}

static int
read_incident(struct sp *s, const cJSON *c, const char *where,
              struct pstatus_incident *in)
{
	const cJSON *ups, *u;
	int st, imp;
	size_t i = 0;

	if (!cJSON_IsObject(c))
		return fail(s, "%s: not an object", where);
	if (text(s, c, where, "id", 1, PSTATUS_ID_MAX, &in->id) != 0 ||
	    text(s, c, where, "name", 1, PSTATUS_TEXT_MAX, &in->name) != 0 ||
	    named(s, c, where, "status", pstatus_incident_status_names,
	          PSTATUS_INC__MAX, &st) != 0 ||
	    named(s, c, where, "impact", pstatus_indicator_names,
	          PSTATUS_IND__MAX, &imp) != 0 ||
	    when(s, c, where, "created_at", &in->created_at) != 0 ||
	    when(s, c, where, "updated_at", &in->updated_at) != 0 ||
	    text(s, c, where, "shortlink", 0, PSTATUS_TEXT_MAX, &in->url) != 0)
		return -1;
	in->status = (enum pstatus_incident_status)st;
	in->impact = (enum pstatus_indicator)imp;
	/* Only a web link is kept: it is shown as one. */
	if (in->url != NULL && strncmp(in->url, "https://", 8) != 0 &&
	    strncmp(in->url, "http://", 7) != 0)
		in->url = NULL;
	in->components = arena_alloc(s->a, PSTATUS_INCIDENT_COMPONENTS_MAX *
	                                       sizeof(*in->components));
	{
		char at[64];

		snprintf(at, sizeof(at), "%s.components", where);
		if (add_names(s,
		              cJSON_GetObjectItemCaseSensitive(c, "components"),
		              at, in) != 0)
			return -1;
	}
	ups = cJSON_GetObjectItemCaseSensitive(c, "incident_updates");
	if (ups == NULL || cJSON_IsNull(ups))
		return 0;
	if (!cJSON_IsArray(ups))
		return fail(s, "%s.incident_updates: not a list", where);
	cJSON_ArrayForEach(u, ups)
	{
		char at[96];

		snprintf(at, sizeof(at), "%s.incident_updates[%zu]", where, i);
		if (!cJSON_IsObject(u))
			return fail(s, "%s: not an object", at);
		snprintf(at, sizeof(at),
		         "%s.incident_updates[%zu].affected_components", where,
		         i++);
		if (add_names(s,
		              cJSON_GetObjectItemCaseSensitive(
		                  u, "affected_components"),
		              at, in) != 0)
			return -1;
	}
	return 0;
}

static int
read_incidents(struct sp *s, const cJSON *root, struct pstatus_report *r)
{
	const cJSON *is = cJSON_GetObjectItemCaseSensitive(root, "incidents");
	const cJSON *c;
	size_t i = 0;

	if (is == NULL || cJSON_IsNull(is))
		return 0;
	if (!cJSON_IsArray(is))
		return fail(s, "incidents: not a list");
	if (cJSON_GetArraySize(is) > PSTATUS_INCIDENTS_MAX)
		return fail(s, "incidents: more than %d",
		            PSTATUS_INCIDENTS_MAX);
	r->incidents = arena_alloc(s->a, ((size_t)cJSON_GetArraySize(is) + 1) *
	                                     sizeof(*r->incidents));
	cJSON_ArrayForEach(c, is)
	{
		char where[48];
		struct pstatus_incident *in = &r->incidents[r->n_incidents];
		size_t k;

		snprintf(where, sizeof(where), "incidents[%zu]", i++);
		memset(in, 0, sizeof(*in));
		if (read_incident(s, c, where, in) != 0)
			return -1;
		if (in->status == PSTATUS_INC_RESOLVED ||
		    in->status == PSTATUS_INC_POSTMORTEM)
			continue;
		for (k = 0; k < r->n_incidents; k++)
			if (strcmp(r->incidents[k].id, in->id) == 0) {
				char buf[41];

				return fail(s, "%s.id: \"%s\" listed twice",
				            where, shown(in->id, buf));
			}
		r->n_incidents++;
	}
	return 0;
}

/* Keeps err one line of printable ASCII (a JSON path may quote a member's
 * name from the answer). */
static int
refused(char *err)
{
	for (unsigned char *p = (unsigned char *)err; *p; p++)
		if (*p < 0x20 || *p >= 0x7f)
			*p = '?';
	return -1;
}

int
statuspage_parse(const char *text_in, size_t len, struct arena *a,
                 struct pstatus_report *out, char *err, size_t errlen)
{
	struct sp s = {a, err, errlen};
	struct json_error je;
	cJSON *root;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (len == 0) {
		snprintf(err, errlen, "empty answer");
		return -1;
	}
	root = json_parse(text_in, len, &je);
	if (root == NULL) {
		char why[200];

		json_error_text(&je, why, sizeof(why));
		snprintf(err, errlen, "%s", why);
		return refused(err);
	}
	if (!cJSON_IsObject(root))
		fail(&s, "not a Statuspage v2 summary (not an object)");
	else if (read_status(&s, root, out) == 0 &&
	         read_components(&s, root, out) == 0 &&
	         read_incidents(&s, root, out) == 0)
		rc = 0;
	cJSON_Delete(root);
	if (rc != 0) {
		memset(out, 0, sizeof(*out));
		return refused(err);
	}
	return 0;
}
