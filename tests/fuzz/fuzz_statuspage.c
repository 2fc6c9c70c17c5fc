/* fuzz_statuspage.c: a provider's Statuspage v2 summary (statuspage_parse): never a crash; what is accepted holds the bounds and rules of statuspage.h; a refusal is one line and leaves nothing. */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "fuzz.h"
#include "statuspage.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_env_defaults();
	return 0;
}

/* A name as the report may hold one: 1..max bytes of UTF-8, and with
 * no_control no byte below 0x20 nor 0x7f. */
static void
check_text(const char *what, const char *s, size_t max, int empty_ok,
           int no_control)
{
	size_t n;

	FUZZ_ASSERT(s != NULL, "%s is NULL", what);
	n = strlen(s);
	FUZZ_ASSERT(n <= max, "%s longer than %zu: %s", what, max,
	            fuzz_show(s, n));
	FUZZ_ASSERT(empty_ok || n > 0, "%s empty", what);
	FUZZ_ASSERT(fuzz_utf8_ok(s, n), "%s not UTF-8: %s", what,
	            fuzz_show(s, n));
	for (size_t i = 0; no_control && i < n; i++)
		FUZZ_ASSERT((unsigned char)s[i] >= 0x20 && s[i] != 0x7f,
		            "%s holds a control byte: %s", what,
		            fuzz_show(s, n));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct pstatus_report r;
	char err[300] = "";
	int rc;

	/* The parser must not read past size: the input has no NUL. */
	char *copy = malloc(size ? size : 1);

	if (size)
		memcpy(copy, data, size);
	rc = statuspage_parse(copy, size, a, &r, err, sizeof(err));
	free(copy);
	if (rc != 0) {
		FUZZ_ASSERT(rc == -1, "returned %d", rc);
		FUZZ_ASSERT(err[0] != '\0', "refused without a reason");
		FUZZ_ASSERT(strchr(err, '\n') == NULL,
		            "reason of two lines: %s",
		            fuzz_show(err, strlen(err)));
		FUZZ_ASSERT(r.n_components == 0 && r.n_incidents == 0 &&
		                r.components == NULL && r.incidents == NULL,
		            "a refusal left a report");
		arena_free(a);
		return 0;
	}
	FUZZ_ASSERT(r.indicator < PSTATUS_IND__MAX, "indicator %d",
	            (int)r.indicator);
	check_text("description", r.description, PSTATUS_TEXT_MAX, 1, 0);
	FUZZ_ASSERT(r.n_components <= PSTATUS_COMPONENTS_MAX, "%zu components",
	            r.n_components);
	for (size_t i = 0; i < r.n_components; i++) {
		check_text("component name", r.components[i].name,
		           PSTATUS_NAME_MAX, 0, 1);
		FUZZ_ASSERT(r.components[i].status < PSTATUS_LEVEL__MAX,
		            "component status %d", (int)r.components[i].status);
		for (size_t k = 0; k < i; k++)
			FUZZ_ASSERT(strcmp(r.components[k].name,
			                   r.components[i].name) != 0,
			            "component %s twice", r.components[i].name);
	}
	FUZZ_ASSERT(r.n_incidents <= PSTATUS_INCIDENTS_MAX, "%zu incidents",
	            r.n_incidents);
	for (size_t i = 0; i < r.n_incidents; i++) {
		const struct pstatus_incident *in = &r.incidents[i];

		check_text("incident id", in->id, PSTATUS_ID_MAX, 0, 0);
		check_text("incident name", in->name, PSTATUS_TEXT_MAX, 0, 0);
		FUZZ_ASSERT(in->status < PSTATUS_INC__MAX &&
		                in->status != PSTATUS_INC_RESOLVED &&
		                in->status != PSTATUS_INC_POSTMORTEM,
		            "incident status %d kept", (int)in->status);
		FUZZ_ASSERT(in->impact < PSTATUS_IND__MAX, "impact %d",
		            (int)in->impact);
		FUZZ_ASSERT(in->created_at >= 0 && in->updated_at >= 0,
		            "negative time");
		FUZZ_ASSERT(in->url == NULL ||
		                strncmp(in->url, "https://", 8) == 0 ||
		                strncmp(in->url, "http://", 7) == 0,
		            "a link that is not a web link: %s",
		            fuzz_show(in->url, strlen(in->url)));
		if (in->url != NULL)
			check_text("incident link", in->url, PSTATUS_TEXT_MAX,
			           0, 0);
		FUZZ_ASSERT(in->n_components <= PSTATUS_INCIDENT_COMPONENTS_MAX,
		            "%zu components of an incident", in->n_components);
		for (size_t k = 0; k < in->n_components; k++) {
			check_text("affected component", in->components[k],
			           PSTATUS_NAME_MAX, 0, 1);
			for (size_t j = 0; j < k; j++)
				FUZZ_ASSERT(strcmp(in->components[j],
				                   in->components[k]) != 0,
				            "affected component twice");
		}
		for (size_t k = 0; k < i; k++)
			FUZZ_ASSERT(strcmp(r.incidents[k].id, in->id) != 0,
			            "incident %s twice", in->id);
	}
	arena_free(a);
	return 0;
}
