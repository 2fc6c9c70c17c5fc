/* api_common.c: what the JSON API's handlers share. */
#include "api.h"
#include "json.h"

void
api_add_points(cJSON *o, const struct stats *st)
{
	cJSON *points = cJSON_AddArrayToObject(o, "points");

	for (int b = 0; b < st->n_points; b++) {
		const struct bucket_stat *bs = &st->buckets[b];
		cJSON *p = cJSON_CreateObject();

		json_add_time(p, "timestamp", bs->start);
		cJSON_AddBoolToObject(p, "isNow", b == st->n_points - 1);
		/* Means over the sample instants, two decimals; null before
		 * the first check ("no data yet"). */
		cJSON_AddNumberToObject(p, "samples", (double)bs->n_samples);
		json_add_decimals_summing(p, status_names, bs->by_status,
		                          STATUS__MAX, bs->n_samples > 0);
		json_add_percent(p, "availability", bs->has_availability,
		                 bs->availability);
		cJSON_AddItemToArray(points, p);
	}
}
