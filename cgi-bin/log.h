/* log.h: one-line log messages to stderr, filtered by AIGO_LOG_LEVEL. */
#ifndef AIGO_LOG_H
#define AIGO_LOG_H

/* Logs one line to stderr: "ts level msg" (printf-style msg), when level
 * (debug, info, warn, error) is at least AIGO_LOG_LEVEL (default info). */
void log_msg(const char *level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
