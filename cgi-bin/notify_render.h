/* notify_render.h: the message each channel type gets for an event, in the channel's language: pure functions, no I/O (docs/notifications.md). */
#ifndef AIGO_NOTIFY_RENDER_H
#define AIGO_NOTIFY_RENDER_H

#include "i18n.h"
#include "notify.h"

/* Where messages link to: "https://status.example.com" (public_url, no
 * slash at the end) and the base path ("" or "/status"). Links are
 * origin + base + "/{lang}/incidents/{id}" (maintenance:
 * "/{lang}/incidents"). With no origin the links are left out. */
struct notify_links {
	const char *origin;
	const char *base_path;
};

/* A rendered message. Strings in the arena; NULL when not used. */
struct notify_message {
	const char *content_type; /* the HTTP body's, e.g. "application/json" */
	const char *body;         /* the HTTP body (NUL-terminated) */
	size_t body_len;
	const char *title; /* one line: also the mail's subject */
	const char *text;  /* plain text (the mail's text part) */
	const char *html;  /* the mail's HTML part (escaped) */
	const char *link;  /* the incident page, or "" */
	const char *
	    post_url; /* where to POST the body: the channel's url, or for ntfy the server root */
};

/* Renders ev for channel ch (its type and lang; an unknown lang uses the
 * default locale) with the catalogs t. 0, or -1 with err set (a missing
 * translation is never an error: i18n falls back like the pages). */
int notify_render(const struct notify_channel *ch,
                  const struct notify_event *ev, struct i18n *t,
                  const struct notify_links *links, struct arena *a,
                  struct notify_message *out, char *err, size_t errlen);

/* The webhook signature header value "sha256=" + 64 lower-case hex:
 * HMAC-SHA256 with key secret over "TIMESTAMP.BODY" (TIMESTAMP the
 * decimal Unix seconds of X-Aigo-Timestamp). out holds 72 bytes. */
void notify_sign(const char *secret, int64_t timestamp, const char *body,
                 size_t body_len, char out[72]);

/* HMAC-SHA256 of data[0..n) with key as 64 lower-case hex digits and a
 * NUL in out (what notify_sign writes after "sha256="). */
void notify_hmac_sha256_hex(const char *key, const void *data, size_t n,
                            char out[65]);

/* The Idempotency-Key of (event key, channel): "KEY-CHANNEL"; the same
 * for every attempt. out holds 33 + NOTIFY_NAME_MAX + 1 bytes. */
void notify_idempotency_key(const char *event_key, const char *channel,
                            char *out, size_t outlen);

#endif
