/* router.h: the route table, matching a path to a route, 404 and 405, and the security headers of every answer. */
#ifndef AIGO_ROUTER_H
#define AIGO_ROUTER_H

#include <stdio.h>

#include "handlers.h"

/* Routes req (read with read_status: 0, or the status of a request that
 * could not be read) and fills resp: the handler's answer, or the error
 * answer (404 and 405 with Allow before any handler runs; 400 for a query
 * with a bad value), with the security headers. Sets req->loc, req->slug,
 * req->route and req->in. */
void router_dispatch(struct app *app, struct request *req,
                     struct response *resp, int read_status);

/* Whether the answers of route (an index of the table) depend only on the
 * path, the query, the data and the second, so they may be reused while
 * these are the same. */
int router_reusable(int route);

/* The path pattern of route table entry i, or NULL past the end. */
const char *router_pattern(int i);

/* The query keys route table entry i reads (bit 1 << KEY_...; input.h),
 * 0 past the end. */
unsigned router_keys(int i);

/* Prints the route table, one "METHODS PATTERN" line per route
 * ("GET,HEAD /api/v1/models/{slug}"), for the API description's test. */
void router_print(FILE *out);

#endif
