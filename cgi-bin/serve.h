/* serve.h: the FastCGI request loop, plain CGI, and `aigo serve`. */
#ifndef AIGO_SERVE_H
#define AIGO_SERVE_H

#include "app.h"

/* Serves FastCGI requests accepted on listen_fd until SIGTERM. 0 or 1. */
int serve_fcgi(struct app *app, int listen_fd);

/* Serves the one CGI request of the environment and stdin. Returns 0 when
 * the whole answer reached stdout, else 1. */
int serve_cgi(struct app *app);

/* `aigo serve`: binds --socket PATH or --listen HOST:PORT and pre-forks
 * --workers N workers sharing it, each with a copy of app.
 * Restarts a worker that ends (at once when recycled after max_requests,
 * after a pause that doubles while it keeps dying); writes the snapshot
 * every snapshot_interval seconds; on SIGHUP reads the configuration,
 * templates and catalogs again and, only if all load, starts new workers
 * before the old ones finish and leave; on SIGTERM or SIGINT stops
 * gracefully. Returns the exit status. */
int serve_main(struct app *app, int argc, char **argv);

#endif
