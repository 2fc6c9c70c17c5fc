/* fuzz_lang.c: the Cookie, Accept-Language and Accept-Encoding headers as the request reader takes them, the locale negotiation (i18n_negotiate) and the coding negotiation (coding_negotiate) against reference readings of RFC 9110 and RFC 6265. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "encoding.h"
#include "fuzz.h"

static struct i18n *i18n;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char dir[1100], err[512];

	(void)argc;
	(void)argv;
	fuzz_env_defaults();
	snprintf(dir, sizeof(dir), "%s/locales", fuzz_root());
	i18n = i18n_load(dir, "en", err, sizeof(err));
	if (i18n == NULL) {
		fprintf(stderr, "fuzz: %s\n", err);
		abort();
	}
	return 0;
}

struct headers {
	const char *cookie, *accept_language, *accept_encoding;
};

static const char *
getvar(void *ctx, const char *name)
{
	const struct headers *h = ctx;

	if (strcmp(name, "HTTP_COOKIE") == 0)
		return h->cookie;
	if (strcmp(name, "HTTP_ACCEPT_LANGUAGE") == 0)
		return h->accept_language;
	if (strcmp(name, "HTTP_ACCEPT_ENCODING") == 0)
		return h->accept_encoding;
	if (strcmp(name, "REQUEST_METHOD") == 0)
		return "GET";
	if (strcmp(name, "DOCUMENT_URI") == 0)
		return "/";
	return NULL;
}

/* The value of the first "lang" pair of a Cookie header (RFC 6265:
 * "name=value" pairs separated by "; "), or NULL. */
static char *
reference_cookie(const char *h)
{
	while (*h != '\0') {
		size_t n;

		h += strspn(h, " ;");
		n = strcspn(h, ";");
		if (n >= 5 && strncmp(h, "lang=", 5) == 0)
			return strndup(h + 5, n - 5);
		h += n;
	}
	return NULL;
}

/* A q-value of RFC 9110 ("0", "0.5", "1.000"), in thousandths; -1 if not. */
static int
qvalue(const char *s, size_t n)
{
	int v = 0;

	if (n == 0 || (s[0] != '0' && s[0] != '1') || n > 5 ||
	    (n > 1 && s[1] != '.'))
		return -1;
	for (size_t i = 2; i < 5; i++) {
		int d = i < n ? s[i] - '0' : 0;

		if (d < 0 || d > 9 || (s[0] == '1' && d != 0))
			return -1;
		v = v * 10 + d;
	}
	return (s[0] - '0') * 1000 + v;
}

/* The locale RFC 9110 gives for an Accept-Language header made only of
 * "tag" and "tag;q=v" items (tag: "*" or up to 35 characters of 1-8
 * letters, then "-" and 1-8 letters or digits, repeated) separated by
 * commas with spaces around: the served language (by its primary subtag,
 * "*" for the default) of the highest q above 0, the first one of equal q.
 * *ok is 0 when the header is not of that form (or too long). */
static const struct locale *
reference_negotiate(const char *h, int *ok)
{
	const struct locale *best = i18n_default(i18n), *none = best;
	int best_q = 0, items = 0;

	*ok = 0;
	if (strlen(h) > 4000)
		return NULL;
	for (;;) {
		size_t tl, pl;
		int q = 1000;
		char primary[9];
		const struct locale *loc;

		h += strspn(h, " ");
		tl = 0;
		if (*h == '*') {
			tl = 1;
		} else {
			for (;;) {
				size_t n = 0;

				while (isalpha((unsigned char)h[tl + n]) ||
				       (tl > 0 &&
				        isdigit((unsigned char)h[tl + n])))
					n++;
				if (n < 1 || n > 8)
					return NULL;
				tl += n;
				if (h[tl] != '-')
					break;
				tl++;
			}
		}
		if (tl > 35)
			return NULL;
		pl = strcspn(h, "-");
		if (pl > tl)
			pl = tl;
		snprintf(primary, sizeof(primary), "%.*s", (int)pl, h);
		for (char *p = primary; *p != '\0'; p++)
			*p = (char)tolower((unsigned char)*p);
		h += tl;
		h += strspn(h, " ");
		if (*h == ';') {
			size_t n;

			h++;
			h += strspn(h, " ");
			if ((h[0] != 'q' && h[0] != 'Q') || h[1] != '=')
				return NULL;
			h += 2;
			n = strcspn(h, " ,");
			q = qvalue(h, n);
			if (q < 0)
				return NULL;
			h += n;
			h += strspn(h, " ");
		}
		if (++items > 32)
			return NULL;
		loc = strcmp(primary, "*") == 0 ? i18n_default(i18n)
		                                : i18n_find(i18n, primary);
		if (loc != NULL && q > best_q) {
			best = loc;
			best_q = q;
		}
		if (*h == '\0')
			break;
		if (*h != ',')
			return NULL;
		h++;
	}
	*ok = 1;
	return best_q > 0 ? best : none;
}

/* The weight of one Accept-Encoding element's parameters p (after the
 * name's ';', OWS trimmed at both ends), in thousandths, or -1. Read on
 * its own from RFC 9110's grammar: exactly one parameter, "q=" qvalue. */
static int
reference_weight(const char *p)
{
	int q = 0, digits = 0;

	if (*p == '\0')
		return 1000;
	if (strncasecmp(p, "q=", 2) != 0)
		return -1;
	p += 2;
	if (p[0] != '0' && p[0] != '1')
		return -1;
	q = (p[0] - '0') * 1000;
	p++;
	if (*p == '.') {
		int scale = 100;

		for (p++; isdigit((unsigned char)*p); p++, digits++) {
			if (digits == 3)
				return -1;
			q += (*p - '0') * scale;
			scale /= 10;
		}
	}
	return *p == '\0' && q <= 1000 ? q : -1;
}

/* The coding a reference reading of Accept-Encoding h chooses: elements
 * split at ',', trimmed; a name of token characters, then at most one
 * ";q=" weight; a broken element ignored; a name's highest weight counts;
 * gzip (or x-gzip, else "*") if above 0 and not below identity (its own,
 * else "*", else the least weight above 0). */
static enum coding
reference_coding(const char *h)
{
	char *copy = strdup(h), *save = NULL, *el;
	int gzip = -1, identity = -1, any = -1;

	for (el = strtok_r(copy, ",", &save); el != NULL;
	     el = strtok_r(NULL, ",", &save)) {
		char none[1] = "";
		char *semi = strchr(el, ';'), *name = el, *params = none;
		char *end;
		int q;

		if (semi != NULL) {
			*semi = '\0';
			params = semi + 1;
		}
		while (*name == ' ' || *name == '\t')
			name++;
		end = name + strlen(name);
		while (end > name && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		while (*params == ' ' || *params == '\t')
			params++;
		end = params + strlen(params);
		while (end > params && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		if (*name == '\0' && semi == NULL)
			continue; /* an empty element */
		if (*name == '\0' ||
		    strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"
		                 "RSTUVWXYZ0123456789!#$%&'*+-.^_`|~") !=
		        strlen(name))
			continue;
		q = semi != NULL && *params == '\0' ? -1
		                                    : reference_weight(params);
		if (q < 0)
			continue;
		if (strcasecmp(name, "gzip") == 0 ||
		    strcasecmp(name, "x-gzip") == 0)
			gzip = q > gzip ? q : gzip;
		else if (strcasecmp(name, "identity") == 0)
			identity = q > identity ? q : identity;
		else if (strcmp(name, "*") == 0)
			any = q > any ? q : any;
	}
	free(copy);
	if (gzip < 0)
		gzip = any;
	if (identity < 0)
		identity = any >= 0 ? any : 1;
	return gzip > 0 && gzip >= identity ? CODING_GZIP : CODING_IDENTITY;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The input: the Cookie header, a newline, the Accept-Language, and
	 * after another newline the Accept-Encoding. */
	const char *nl = memchr(data, '\n', size);
	size_t cl = nl ? (size_t)(nl - (const char *)data) : size;
	char *cookie = strndup((const char *)data, cl);
	char *al = nl ? strndup(nl + 1, size - cl - 1) : NULL;
	char *nl2 = al ? strchr(al, '\n') : NULL;
	char *ae = nl2 ? nl2 + 1 : NULL;
	struct headers h;

	if (nl2 != NULL)
		*nl2 = '\0';
	h.cookie = cookie;
	h.accept_language = al;
	h.accept_encoding = ae;
	struct http_source src = {getvar, http_read_none, &h};
	struct request req;
	const struct locale *loc, *want;
	char *ref;
	int ok;

	memset(&req, 0, sizeof(req));
	req.arena = arena_new();
	FUZZ_ASSERT(http_request_read(&req, &src) == 0,
	            "a GET with these headers is refused");
	loc = i18n_negotiate(i18n, req.cookie_lang, req.accept_language);
	FUZZ_ASSERT(loc != NULL && loc >= i18n->locales &&
	                loc < i18n->locales + i18n->n,
	            "negotiated a locale that is not loaded");

	/* A lang cookie naming a served language wins. */
	ref = reference_cookie(cookie);
	want = ref != NULL ? i18n_find(i18n, ref) : NULL;
	if (want != NULL) {
		FUZZ_ASSERT(loc == want, "cookie lang=%s, but %s chosen", ref,
		            loc->code);
	} else if (al != NULL) {
		want = reference_negotiate(al, &ok);
		if (ok)
			FUZZ_ASSERT(loc == want,
			            "Accept-Language \"%s\" gives %s, not %s",
			            fuzz_show(al, strlen(al)), loc->code,
			            want->code);
	} else {
		FUZZ_ASSERT(loc == i18n_default(i18n),
		            "no language asked for, but %s chosen", loc->code);
	}
	free(ref);

	/* The coding: what the reader took is the header, and the choice is
	 * the reference's. */
	FUZZ_ASSERT(req.accept_encoding == ae,
	            "the reader did not take Accept-Encoding as sent");
	if (ae != NULL)
		FUZZ_ASSERT(
		    coding_negotiate(ae) == reference_coding(ae),
		    "Accept-Encoding \"%s\" gives %s, the reference %s",
		    fuzz_show(ae, strlen(ae)),
		    coding_negotiate(ae) == CODING_GZIP ? "gzip" : "identity",
		    reference_coding(ae) == CODING_GZIP ? "gzip" : "identity");
	free(cookie);
	free(al);
	arena_free(req.arena);
	return 0;
}
