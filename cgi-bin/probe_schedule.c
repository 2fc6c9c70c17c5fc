/* probe_schedule.c: when each endpoint is probed: spread evenly over its interval by a hash of (model, region), deterministically, pure. */
#include "probe_schedule.h"

#include <string.h>

#include "hash.h"

int64_t
probe_schedule_offset(const char *model, const char *region,
                      int64_t interval_ms)
{
	uint64_t h = hash_fnv1a(model, strlen(model), 0);

	/* The region after a separator no slug holds, so ("a", "bc") and
	 * ("ab", "c") differ. */
	h = hash_fnv1a("/", 1, h);
	h = hash_fnv1a(region, strlen(region), h);
	/* FNV's low bits mix poorly: fold the high ones in. */
	h ^= h >> 29;
	h *= UINT64_C(0xbf58476d1ce4e5b9);
	h ^= h >> 32;
	return interval_ms > 0 ? (int64_t)(h % (uint64_t)interval_ms) : 0;
}

int64_t
probe_schedule_next(int64_t now_ms, int64_t offset_ms, int64_t interval_ms)
{
	int64_t k;

	if (now_ms <= offset_ms)
		return offset_ms;
	k = (now_ms - offset_ms + interval_ms - 1) / interval_ms;
	return offset_ms + k * interval_ms;
}
