/* encoding.h: content codings: the one a request's Accept-Encoding prefers, and gzip encoding with zlib. */
#ifndef AIGO_ENCODING_H
#define AIGO_ENCODING_H

#include <stddef.h>

#include "arena.h"

enum coding { CODING_IDENTITY, CODING_GZIP };

/* The coding to answer with, for the value of an Accept-Encoding header
 * (NULL: none was sent, so identity). gzip when the header gives gzip
 * (or x-gzip; else "*") a q-value above 0 and at least the one identity
 * has (identity's own, else "*"'s; unnamed, it yields to any coding named
 * above 0); else identity. Names are case-insensitive; an element that
 * does not parse (a bad name or q-value) counts as not sent. */
enum coding coding_negotiate(const char *accept_encoding);

/* Bodies shorter than this stay as they are: compression would save
 * little and cost a header. */
#define GZIP_MIN_BYTES 1024

/* Appends the gzip encoding (RFC 1952) of data[0..len) at level (1, the
 * fastest, to 9, the smallest) to out. The output depends only on the
 * input and the level (no time or name in the header). Aborts when out of
 * memory, as every allocation does. */
void gzip_encode(const void *data, size_t len, int level, struct buf *out);

#endif
