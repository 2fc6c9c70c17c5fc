/* log.c: one-line log messages to stderr, filtered by AIGO_LOG_LEVEL. */
#include "log.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "timefmt.h"

/* The rank of a level name; AIGO_LOG_LEVEL (info by default) sets the
 * lowest rank printed, "none" prints nothing. */
static int
log_rank(const char *level)
{
	static const char *const names[] = {"debug", "info", "warn", "error",
	                                    "none"};

	for (size_t i = 0; i < NELEM(names); i++)
		if (strcmp(level, names[i]) == 0)
			return (int)i;
	return 1;
}

void
log_msg(const char *level, const char *fmt, ...)
{
	static int min_rank = -1;
	char ts[21];
	char line[2048];
	va_list ap;

	if (min_rank < 0) {
		const char *env = getenv("AIGO_LOG_LEVEL");
		min_rank = log_rank(env != NULL ? env : "info");
	}
	if (log_rank(level) < min_rank)
		return;

	time_rfc3339((int64_t)time(NULL), ts);
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s %s %s\n", ts, level, line);
}
