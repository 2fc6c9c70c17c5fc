/* probe_push.h: aigo probe --push: a probe node's checks, spooled durably and posted in order to a central server's ingest API, with backoff. */
#ifndef AIGO_PROBE_PUSH_H
#define AIGO_PROBE_PUSH_H

#include <curl/curl.h>
#include <stdint.h>

#include "arena.h"
#include "store.h"

#define PUSH_BACKOFF_MIN_MS 1000  /* the first retry waits 1 to 2 s */
#define PUSH_BACKOFF_MAX_MS 60000 /* and no retry waits longer */
#define PUSH_BATCH_MAX 1000       /* checks per POST (the API's limit) */

struct probe_push;

/* What aigo probe --push was given. */
struct probe_push_options {
	const char *url;        /* central's base URL or its ingest URL */
	const char *token_file; /* the bearer token (a line of it) */
	const char *region;     /* the region every check is recorded in */
	const char *spool;      /* the spool file; NULL: the default */
	const struct buf *ca;   /* CAs to trust (empty: the system's); read
	                           at each POST, so it may be filled later */
};

/* Reads the token, opens (or creates) the spool and makes the POST's
 * headers. Returns NULL with err set (never holding the token) when the
 * URL is not http(s) or holds a user name, the region is not 1-32 of
 * a-z 0-9 '-', the token file is missing, empty or not one token, or the
 * spool does not open. probe_push_close frees. */
struct probe_push *probe_push_open(const struct probe_push_options *o,
                                   char *err, size_t errlen);

/* Removes a POST in flight from multi (its checks stay spooled) and frees
 * pp. NULL allowed. */
void probe_push_close(struct probe_push *pp, CURLM *multi);

/* Appends the n checks (slugs[i] the model of checks[i]; region and
 * model_id are ignored: every check is for the node's region) to the
 * spool as ingest items, in one durable transaction. A check already
 * spooled counts in *n_dup. Returns 0; else -2 (spool locked) or -1 with
 * nothing added and err set, as store_spool_append. */
int probe_push_record(struct probe_push *pp, const struct check_in *checks,
                      const char *const *slugs, size_t n, long *n_new,
                      long *n_dup, char *err, size_t errlen);

/* Starts a POST of the oldest spooled checks (at most PUSH_BATCH_MAX) in
 * multi, unless one is in flight, the spool is empty, or a retry is not
 * due yet. Never blocks. */
void probe_push_send(struct probe_push *pp, CURLM *multi);

/* For each finished transfer of multi: when easy is the push's POST,
 * reads its answer, deletes the checks a 2xx acknowledged or schedules a
 * retry (logging why), and returns 1; else returns 0 (not its). */
int probe_push_finish(struct probe_push *pp, CURLM *multi, CURL *easy,
                      CURLcode code);

/* How many checks wait in the spool (the last count seen), whether a
 * POST is in flight, and how many ms until a retry is due (0: now). */
long probe_push_waiting(const struct probe_push *pp);
int probe_push_in_flight(const struct probe_push *pp);
int64_t probe_push_retry_in_ms(const struct probe_push *pp);

/* Whether the last answer was a refusal that a retry does not change by
 * itself (400, 401, 403, 404, 413, 415, 422): an operator must act. */
int probe_push_refused(const struct probe_push *pp);

/* The spool's path (for messages). */
const char *probe_push_spool_path(const struct probe_push *pp);

/* The wait before retry number failures (1, 2, ...) in ms: uniformly in
 * [b/2, b] for b = min(2^failures s, PUSH_BACKOFF_MAX_MS), taking the
 * point from random (any 32 bits): 1-2 s, 2-4 s, 4-8 s, ... up to
 * 30-60 s. Pure. */
int64_t probe_push_backoff_ms(unsigned failures, uint32_t random);

/* The ingest URL for url: url itself when it ends in /api/v1/checks, else
 * url (one trailing '/' dropped) + "/api/v1/checks". Returns 0, or -1 when
 * url is not http:// or https:// with a host, holds a user name ('@'
 * before the path), a space or a control character, or does not fit out.
 * Pure. */
int probe_push_ingest_url(const char *url, char *out, size_t outlen);

/* Reads the token of the file at path into out (NUL-terminated): the
 * first line that is not empty or a '#' comment, either "TOKEN" or
 * "NAME TOKEN" (the line of central's token file); a token is 16 to 256
 * of A-Z a-z 0-9 - . _ ~ + / =. Returns 0, or -1 with err set (never
 * holding a token). Warns in the log when the file is readable by group or
 * others. */
int probe_push_read_token(const char *path, char *out, size_t outlen, char *err,
                          size_t errlen);

#endif
