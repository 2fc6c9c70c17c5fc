/* serve.h: the FastCGI request loop, plain CGI, and `aigo serve`. */
#ifndef AIGO_SERVE_H
#define AIGO_SERVE_H

#include "app.h"

/* What a worker of `aigo serve` tells its supervisor (see serve.c). */
struct serve_cell;

/* Serves FastCGI requests accepted on listen_fd until SIGTERM (or
 * max_requests). While it serves one, cell (if not NULL) says so and
 * which. Returns 0, or 1 when FastCGI cannot start. */
int serve_fcgi(struct app *app, int listen_fd, struct serve_cell *cell);

/* Serves the one CGI request of the environment and stdin. Returns 0 when
 * the whole answer reached stdout, else 1. */
int serve_cgi(struct app *app);

/* The longest method and path serve_describe shows, and its whole size. */
#define SERVE_METHOD_SHOWN 16
#define SERVE_PATH_SHOWN 120
#define SERVE_WHAT_MAX (SERVE_METHOD_SHOWN + SERVE_PATH_SHOWN + 8)

/* Writes into out (of outlen > 0) "METHOD /path" for the log: at most
 * SERVE_METHOD_SHOWN bytes of the method and SERVE_PATH_SHOWN of the path
 * ("..." marks a cut), the path cut at a '?', bytes outside printable
 * ASCII as '?'; NULL shows as "-". Never anything else of the request. */
void serve_describe(const char *method, const char *path, char *out,
                    size_t outlen);

/* `aigo serve`: binds --socket PATH or --listen HOST:PORT and pre-forks
 * --workers N workers sharing it, each with a copy of app.
 * Restarts a worker that ends: at once when recycled after max_requests
 * or when it died serving a request (logged with the request), after a
 * pause that doubles while it keeps dying outside one; writes the snapshot
 * every snapshot_interval seconds; on SIGHUP reads the configuration,
 * templates and catalogs again and, only if all load, starts new workers
 * before the old ones finish and leave; on SIGTERM or SIGINT stops
 * gracefully. With probe = on it also runs the prober (probe_main) as a
 * child: restarted when it dies (at once, or after a pause that doubles
 * while it keeps dying within 10 s), not until a reload when it refuses
 * its configuration, replaced with the new configuration (or stopped, for
 * probe = off) after a reload, stopped with the workers. Returns the exit
 * status: 2, with a message, for arguments it does not take. */
int serve_main(struct app *app, int argc, char **argv);

#endif
