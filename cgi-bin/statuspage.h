/* statuspage.h: a Statuspage v2 summary (/api/v2/summary.json) read into a provider status report, pure. */
#ifndef AIGO_STATUSPAGE_H
#define AIGO_STATUSPAGE_H

#include <stddef.h>

#include "arena.h"
#include "pstatus.h"

/* Reads text[0..len) as a Statuspage v2 summary into out: the page's
 * status.indicator and status.description; the components (group
 * containers, "group": true, skipped; a name listed twice kept once with
 * its worst status); the incidents that are not resolved (id, name,
 * status, impact, created_at, updated_at, shortlink, and the names of the
 * components they affect: their "components", and the
 * affected_components of their updates). Bounds: at most
 * PSTATUS_COMPONENTS_MAX components, PSTATUS_INCIDENTS_MAX incidents of
 * at most PSTATUS_INCIDENT_COMPONENTS_MAX components each, names of at
 * most PSTATUS_NAME_MAX bytes, texts of at most PSTATUS_TEXT_MAX. Every
 * string of out is a copy in a (the caller frees the arena). Returns 0,
 * or -1 with err set to one line naming the JSON path ("components[3].
 * status: unknown status \"broken\"") and out zeroed. Never reads past
 * len; text need not end in NUL. */
int statuspage_parse(const char *text, size_t len, struct arena *a,
                     struct pstatus_report *out, char *err, size_t errlen);

#endif
