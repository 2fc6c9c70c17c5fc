/* api.h: what the JSON API's handlers share. */
#ifndef AIGO_API_H
#define AIGO_API_H

#include <cJSON.h>

#include "handlers.h"
#include "respond.h"
#include "stats.h"

/* Adds "points": one per bucket of st's history, then "now" (isNow). */
void api_add_points(cJSON *o, const struct stats *st);

#endif
