/* json.h: cJSON helpers shared by the JSON API and the snapshot. */
#ifndef AIGO_JSON_H
#define AIGO_JSON_H

#include <cJSON.h>
#include <stdint.h>

/* Adds t as an RFC 3339 UTC string ("2026-11-28T04:00:00Z"). */
void json_add_time(cJSON *o, const char *name, int64_t t);
/* Adds v as a number when has, else null. */
void json_add_int_or_null(cJSON *o, const char *name, int has, int64_t v);

/* Adds a percentage with two decimals when has, else null. */
void json_add_percent(cJSON *o, const char *name, int has, double v);

#endif
