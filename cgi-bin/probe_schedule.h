/* probe_schedule.h: when each endpoint is probed: spread evenly over its interval by a hash of (model, region), deterministically, pure. */
#ifndef AIGO_PROBE_SCHEDULE_H
#define AIGO_PROBE_SCHEDULE_H

#include <stdint.h>

/* The endpoint's offset in its interval, in ms in [0, interval_ms): the
 * same for the same (model, region) and interval on every machine and
 * run, spread evenly over many endpoints. */
int64_t probe_schedule_offset(const char *model, const char *region,
                              int64_t interval_ms);

/* The first planned start at or after now_ms (ms since the epoch): the
 * instants offset + k * interval_ms, so that the plan does not depend on
 * when the prober started. */
int64_t probe_schedule_next(int64_t now_ms, int64_t offset_ms,
                            int64_t interval_ms);

#endif
