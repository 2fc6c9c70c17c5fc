/* notify_send.h: the sender: delivers the outbox to every channel, at least once, with backoff, each channel on its own (docs/notifications.md). */
#ifndef AIGO_NOTIFY_SEND_H
#define AIGO_NOTIFY_SEND_H

#include "config.h"

/* `aigo notify run`: the sender's loop until SIGTERM/SIGINT (what
 * `aigo serve` runs as a supervised child when notify = on and a channel
 * is configured). Each second: writes the maintenance events due, fans
 * out new events (filters, maintenance silencing, expiry), and keeps one
 * attempt in flight per channel (libcurl multi; a slow or failing
 * channel holds up only itself). Returns the exit status. */
int notify_main(const struct app_config *cfg);

/* `aigo notify test NAME`: sends a test message to one channel now and
 * prints the outcome (status, time) to out. 0 delivered, 1 failed (the
 * reason printed), 2 no such channel. */
int notify_test(const struct app_config *cfg, const char *name, FILE *out);

#endif
