/* encoding.c: content codings: the one a request's Accept-Encoding prefers, and gzip encoding with zlib. */
#include "encoding.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

/* Reads one optional weight of an element, s at what follows its name:
 * OWS [";" OWS "q=" qvalue] OWS, then "," or the end. Returns the weight
 * in thousandths (1000 without one), or -1 when it does not parse; *end
 * is where the next element starts. */
static int
weight(const char *s, const char **end)
{
	int q = 1000;

	s += strspn(s, " \t");
	if (*s == ';') {
		s++;
		s += strspn(s, " \t");
		if ((s[0] != 'q' && s[0] != 'Q') || s[1] != '=')
			return -1;
		s += 2;
		if (*s == '0' || *s == '1') {
			int whole = *s++ - '0', frac = 0, digits = 0;

			if (*s == '.') {
				s++;
				while (*s >= '0' && *s <= '9' && digits < 3) {
					frac = frac * 10 + (*s++ - '0');
					digits++;
				}
			}
			while (digits++ < 3)
				frac *= 10;
			q = whole * 1000 + frac;
			if (q > 1000)
				return -1;
		} else {
			return -1;
		}
		s += strspn(s, " \t");
	}
	if (*s != ',' && *s != '\0')
		return -1;
	*end = *s == ',' ? s + 1 : s;
	return q;
}

enum coding
coding_negotiate(const char *h)
{
	/* Weights in thousandths; -1: not named. */
	int gzip = -1, identity = -1, any = -1;

	if (h == NULL)
		return CODING_IDENTITY;
	while (*h != '\0') {
		const char *end;
		size_t n;
		int q;

		h += strspn(h, " \t,");
		if (*h == '\0')
			break;
		n = strspn(
		    h, "abcdefghijklmnopqrstuvwxyz"
		       "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~");
		q = n > 0 ? weight(h + n, &end) : -1;
		if (q < 0) {
			/* Skip the element that does not parse. */
			h += strcspn(h, ",");
			continue;
		}
		if ((n == 4 && strncasecmp(h, "gzip", 4) == 0) ||
		    (n == 6 && strncasecmp(h, "x-gzip", 6) == 0))
			gzip = q > gzip ? q : gzip;
		else if (n == 8 && strncasecmp(h, "identity", 8) == 0)
			identity = q > identity ? q : identity;
		else if (n == 1 && *h == '*')
			any = q > any ? q : any;
		h = end;
	}
	if (gzip < 0)
		gzip = any;
	/* identity not named (nor "*"): acceptable, but any coding the
	 * client names with a weight above 0 is preferred to it. */
	if (identity < 0)
		identity = any >= 0 ? any : 1;
	return gzip > 0 && gzip >= identity ? CODING_GZIP : CODING_IDENTITY;
}

void
gzip_encode(const void *data, size_t len, int level, struct buf *out)
{
	z_stream z;
	size_t start = out->len, room;
	int rc;

	memset(&z, 0, sizeof(z));
	/* 15 + 16: a gzip header and trailer around the deflate data; 8:
	 * zlib's default memory level. */
	if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8,
	                 Z_DEFAULT_STRATEGY) != Z_OK) {
		fputs("aigo: out of memory\n", stderr);
		abort();
	}
	room = deflateBound(&z, (uLong)len);
	buf_reserve(out, room);
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out->data + start;
	z.avail_out = (uInt)room;
	rc = deflate(&z, Z_FINISH);
	if (rc != Z_STREAM_END) {
		/* deflateBound is an upper bound: this cannot happen. */
		fputs("aigo: gzip: deflate did not finish\n", stderr);
		abort();
	}
	out->len = start + z.total_out;
	out->data[out->len] = '\0';
	deflateEnd(&z);
}
