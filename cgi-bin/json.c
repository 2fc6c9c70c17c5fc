/* json.c: cJSON helpers shared by the JSON API and the snapshot. */
#include "json.h"

#include <math.h>

#include "util.h"

void
json_add_time(cJSON *o, const char *name, int64_t t)
{
	char iso[21];

	time_rfc3339(t, iso);
	cJSON_AddStringToObject(o, name, iso);
}

void
json_add_int_or_null(cJSON *o, const char *name, int has, int64_t v)
{
	if (has)
		cJSON_AddNumberToObject(o, name, (double)v);
	else
		cJSON_AddNullToObject(o, name);
}

void
json_add_percent(cJSON *o, const char *name, int has, double v)
{
	if (has)
		cJSON_AddNumberToObject(o, name, round(v * 100) / 100);
	else
		cJSON_AddNullToObject(o, name);
}
