/* slug.h: the one character set of model and provider slugs (paths, filters, ingest). */
#ifndef AIGO_SLUG_H
#define AIGO_SLUG_H

/* A slug is 1 to SLUG_MAX bytes of SLUG_CHARS: a-z, 0-9, '.', '-'. */
#define SLUG_CHARS "abcdefghijklmnopqrstuvwxyz0123456789.-"
#define SLUG_MAX 64

#endif
