/* hash.c: a stable 64-bit hash of bytes (ETags, the demo data). */
#include "hash.h"

uint64_t
hash_fnv1a(const void *data, size_t len, uint64_t seed)
{
	const unsigned char *p = data;
	uint64_t h = UINT64_C(1469598103934665603) ^ seed;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= UINT64_C(1099511628211);
	}
	return h;
}
