/* probe_classify.h: what libcurl saw of one probe turned into a check status and one error kind (DESIGN 3 and 7), pure. */
#ifndef AIGO_PROBE_CLASSIFY_H
#define AIGO_PROBE_CLASSIFY_H

#include <stdint.h>

#include "model.h"
#include "probe_family.h"
#include "probe_names.h"

/* How the transfer itself ended (libcurl's result code, grouped by
 * probe.c). */
enum probe_transport {
	TRANSPORT_OK,
	TRANSPORT_TIMEOUT,  /* the endpoint's timeout passed */
	TRANSPORT_DNS,      /* the host name did not resolve */
	TRANSPORT_CONNECT,  /* refused, unreachable */
	TRANSPORT_TLS,      /* handshake or certificate */
	TRANSPORT_BROKEN,   /* reset or closed after connecting */
	TRANSPORT_PROTOCOL, /* an answer that is not HTTP */
	TRANSPORT__MAX
};

/* What one probe saw. */
struct probe_seen {
	enum probe_kind kind; /* as probed */
	enum probe_transport transport;
	int http_status;            /* 0: no answer */
	enum probe_body body;       /* inference and stream */
	enum probe_error body_hint; /* with BODY_ERROR */
	int64_t total_ms;           /* the whole transfer */
	const int *expect;          /* the statuses a reachability probe */
	int n_expect;               /*   expects */
	int64_t degraded_ms;        /* the endpoint's threshold */
};

struct probe_verdict {
	enum status status; /* operational, degraded or outage */
	enum probe_error error;
};

/* The status and error kind of s (the table is in docs/probing.md):
 * transport failures are outages of their kind (a reset before any answer
 * counts as connect; an inference body cut short as malformed); 429 is degraded/rate_limited and 529 an
 * outage/overloaded wherever they come from; a redirect is not followed
 * and is an outage/unexpected_status; 401 and 403 are outage/auth unless a
 * reachability probe expects them; other 4xx and 5xx are http_4xx and
 * http_5xx; a reachability probe needs an expected status, an inference
 * or stream probe a 2xx and a body that reads (empty, malformed, or the
 * error its error member names: rate_limited is degraded, overloaded and
 * auth outages, another malformed); a check otherwise fine is degraded,
 * with no error kind, when total_ms is over degraded_ms. */
struct probe_verdict probe_classify(const struct probe_seen *s);

#endif
