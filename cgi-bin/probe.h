/* probe.h: aigo probe: the prober's schedule and its libcurl multi loop, the keys it reads, and what it records through the one write path. */
#ifndef AIGO_PROBE_H
#define AIGO_PROBE_H

#include <stdio.h>

#include "config.h"
#include "probe_classify.h"

/* aigo probe [--once]: probes the active endpoints of the catalog
 * (cfg->catalog_path) and records each result through
 * store_record_checks (source "probe"), one transaction per tick (a
 * second). With once, every endpoint once, as fast as probe_concurrency
 * allows, then one line per endpoint and a summary on stdout; else each
 * endpoint every interval at its planned offset until SIGTERM or SIGINT.
 * Returns the exit status: 0, 1 when the catalog or the database is not
 * usable (said on stderr), 2 for a bad argument. */
int probe_main(const struct app_config *cfg, int argc, char **argv);

/* For aigo config check: reads and validates the catalog and prints how
 * many endpoints of each kind it has and, per key variable the catalog
 * names, whether it is set ("yes"/"no"; never a value). Returns 0, or 1
 * after printing the catalog's mistake to err_out. */
int probe_config_check(const struct app_config *cfg, FILE *out, FILE *err_out);

/* How libcurl's result code (a CURLcode) ended the transfer. */
enum probe_transport probe_transport_of(int curl_code);

#endif
