/* hash.h: a stable 64-bit hash of bytes (ETags, the demo data). */
#ifndef AIGO_HASH_H
#define AIGO_HASH_H

#include <stddef.h>
#include <stdint.h>

/* 64-bit FNV-1a over bytes; stable across runs and machines. */
uint64_t hash_fnv1a(const void *data, size_t len, uint64_t seed);

#endif
