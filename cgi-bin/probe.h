/* probe.h: aigo probe: the prober's schedule and its libcurl multi loop, the keys it reads, and what it records through the one write path. */
#ifndef AIGO_PROBE_H
#define AIGO_PROBE_H

#include <stdio.h>

#include "arena.h"
#include "config.h"
#include "probe_classify.h"

/* aigo probe [--once]: probes the active endpoints of the catalog
 * (cfg->catalog_path) and records each result through
 * store_record_checks (source "probe"), one transaction per tick (a
 * second). With once, every endpoint once, as fast as probe_concurrency
 * allows, then one line per endpoint and a summary on stdout; else each
 * endpoint every interval at its planned offset until SIGTERM or SIGINT.
 * The keys are the probe_keys file's (cfg->probe_keys, read here, at each
 * start), else the environment's. Returns the exit status: 0;
 * PROBE_EXIT_REFUSED when the configuration is refused: the catalog, the
 * probe_keys file, the CA file, or an endpoint not in the database (said
 * on stderr, never with a key); 1 when the database cannot be opened or
 * results were left unwritten; 2 for a bad argument. */
int probe_main(const struct app_config *cfg, int argc, char **argv);

/* probe_main's exit status for a configuration it refuses: retrying
 * cannot help until the configuration changes (aigo serve waits for a
 * reload). */
#define PROBE_EXIT_REFUSED 3

/* For aigo config check: reads and validates the catalog and the
 * probe_keys file (when set) and prints how many endpoints of each kind
 * the catalog has and, per key variable it names, whether it is set in
 * the file or the environment ("yes", "yes, from probe_keys" or "no";
 * never a value). Returns 0, or 1 after printing the catalog's or the
 * file's mistake to err_out. */
int probe_config_check(const struct app_config *cfg, FILE *out, FILE *err_out);

/* How libcurl's result code (a CURLcode) ended the transfer. */
enum probe_transport probe_transport_of(int curl_code);

/* The system's CA bundle (libcurl's CAINFO) and the PEM file ca_file
 * together, appended to out as one blob for CURLOPT_CAINFO_BLOB
 * (libcurl's CAINFO replaces the bundle; this adds to it); nothing for
 * ca_file "". 0, or -1 when ca_file cannot be read (out unchanged; the
 * caller says so). Used by the prober and the sender. */
int probe_ca_bundle(const char *ca_file, struct buf *out);

#endif
