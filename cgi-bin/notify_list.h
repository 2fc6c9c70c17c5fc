/* notify_list.h: `aigo notify list`: the outbox's state for an operator (docs/notifications.md). */
#ifndef AIGO_NOTIFY_LIST_H
#define AIGO_NOTIFY_LIST_H

#include <stdio.h>

#include "config.h"

/* `aigo notify list [--pending] [--limit N]`: prints to out the queue
 * (depth, oldest event), each channel's counters, and the newest N
 * (default 50, 1..10000) deliveries and events not fanned out yet,
 * newest first; with --pending only those not final. Reads cfg's
 * database. Returns the exit status: 0, 1 when the database cannot be
 * read (the reason on stderr), 2 for a bad argument (said on stderr). */
int notify_list_main(const struct app_config *cfg, int argc, char **argv,
                     FILE *out);

#endif
