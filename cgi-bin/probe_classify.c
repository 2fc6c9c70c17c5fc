/* probe_classify.c: what libcurl saw of one probe turned into a check status and one error kind (DESIGN 3 and 7), pure. */
#include "probe_classify.h"

static struct probe_verdict
verdict(enum status st, enum probe_error e)
{
	struct probe_verdict v = {st, e};

	return v;
}

static int
expected(const struct probe_seen *s)
{
	for (int i = 0; i < s->n_expect; i++)
		if (s->expect[i] == s->http_status)
			return 1;
	return 0;
}

/* The verdict of an HTTP status a probe does not take as an answer. */
static struct probe_verdict
by_status(int code)
{
	if (code == 401 || code == 403)
		return verdict(STATUS_OUTAGE, ERR_AUTH);
	if (code >= 500 && code <= 599)
		return verdict(STATUS_OUTAGE, ERR_HTTP_5XX);
	if (code >= 400 && code <= 499)
		return verdict(STATUS_OUTAGE, ERR_HTTP_4XX);
	return verdict(STATUS_OUTAGE, ERR_UNEXPECTED_STATUS);
}

struct probe_verdict
probe_classify(const struct probe_seen *s)
{
	int code = s->http_status;

	switch (s->transport) {
	case TRANSPORT_OK:
		break;
	case TRANSPORT_TIMEOUT:
		return verdict(STATUS_OUTAGE, ERR_TIMEOUT);
	case TRANSPORT_DNS:
		return verdict(STATUS_OUTAGE, ERR_DNS);
	case TRANSPORT_CONNECT:
		return verdict(STATUS_OUTAGE, ERR_CONNECT);
	case TRANSPORT_TLS:
		return verdict(STATUS_OUTAGE, ERR_TLS);
	case TRANSPORT_PROTOCOL:
		return verdict(STATUS_OUTAGE, ERR_MALFORMED);
	case TRANSPORT_BROKEN:
	case TRANSPORT__MAX:
		/* Broken before any answer: the connection failed. */
		if (code == 0)
			return verdict(STATUS_OUTAGE, ERR_CONNECT);
		break; /* cut during the body: judged below */
	}
	if (code == 0)
		return verdict(STATUS_OUTAGE, ERR_CONNECT);
	/* Rate limits and overload mean the same wherever they come from. */
	if (code == 429)
		return verdict(STATUS_DEGRADED, ERR_RATE_LIMITED);
	if (code == 529)
		return verdict(STATUS_OUTAGE, ERR_OVERLOADED);
	if (s->kind == PROBE_KIND_REACHABILITY) {
		if (!expected(s))
			return by_status(code);
	} else {
		if (code < 200 || code > 299)
			return by_status(code);
		/* A body cut short never reads whole. */
		if (s->transport == TRANSPORT_BROKEN)
			return verdict(STATUS_OUTAGE, ERR_MALFORMED);
		switch (s->body) {
		case BODY_OK:
			break;
		case BODY_EMPTY:
			return verdict(STATUS_OUTAGE, ERR_EMPTY);
		case BODY_ERROR:
			if (s->body_hint == ERR_RATE_LIMITED)
				return verdict(STATUS_DEGRADED,
				               ERR_RATE_LIMITED);
			if (s->body_hint == ERR_OVERLOADED ||
			    s->body_hint == ERR_AUTH)
				return verdict(STATUS_OUTAGE, s->body_hint);
			return verdict(STATUS_OUTAGE, ERR_MALFORMED);
		case BODY_MALFORMED:
		case BODY__MAX:
			return verdict(STATUS_OUTAGE, ERR_MALFORMED);
		}
	}
	if (s->total_ms > s->degraded_ms)
		return verdict(STATUS_DEGRADED, ERR_NONE);
	return verdict(STATUS_OPERATIONAL, ERR_NONE);
}
