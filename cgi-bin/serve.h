/* serve.h: the FastCGI request loop, plain CGI, and `aigo serve`. */
#ifndef AIGO_SERVE_H
#define AIGO_SERVE_H

#include "app.h"

/* Serves FastCGI requests accepted on listen_fd until SIGTERM. 0 or 1. */
int serve_fcgi(struct app *app, int listen_fd);

/* Serves the one CGI request of the environment and stdin. 0 or 1. */
int serve_cgi(struct app *app);

/* `aigo serve`: binds --socket PATH or --listen HOST:PORT, pre-forks
 * --workers N workers sharing it, restarts a worker that dies, and stops
 * gracefully on SIGTERM or SIGINT. Returns the exit status. */
int serve_main(struct app *app, int argc, char **argv);

#endif
