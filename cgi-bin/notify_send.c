/* notify_send.c: the sender: the outbox delivered to every channel at least once, with backoff, each channel on its own, over one libcurl multi (HTTP and SMTP). */
#include "notify_send.h"

#include "arena.h"
#include "fileutil.h"
#include "i18n.h"
#include "log.h"
#include "notify.h"
#include "notify_render.h"
#include "probe.h"
#include "store.h"
#include "store_pg.h"
#include "timefmt.h"

/* The version of the checkout (build/version.h, made by the Makefile). */
#include "version.h"

#include <curl/curl.h>
#include <openssl/evp.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define CONNECT_TIMEOUT_MS 5000L
#define TRANSFER_TIMEOUT_MS 15000L
#define STOP_GRACE_MS 5000    /* transfers in flight at SIGTERM get this */
#define UNFANNED_BATCH 100    /* events fanned out per turn at most */
#define HEADS_PER_TURN 64     /* decisions per channel per turn at most */
#define RECORD_TRIES 20       /* a busy database is tried again this often */
#define SENDER_EXIT_REFUSED 3 /* as the prober's: wait for a reload */
#define ERROR_MAX 300

static volatile sig_atomic_t stopping;

static void
on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

/* One transfer: one attempt of one event to one channel. Its memory
 * (the message, the headers) lives in its arena until it ends. */
struct transfer {
	const struct notify_channel *ch;
	CURL *easy;
	struct arena *a;
	struct curl_slist *headers, *rcpt;
	curl_mime *mime;
	struct notify_event ev; /* what is sent (the head, or a test) */
	int attempts;           /* failed attempts before this one */
	int64_t started_ms;
	char host[256]; /* the URL's host: the one part errors name */
	char curl_err[CURL_ERROR_SIZE];
};

/* The sender's state: one slot per channel, at most one transfer each. */
struct sender {
	const struct app_config *cfg;
	struct store *store;
	struct i18n *t;
	CURLM *multi;
	struct buf ca[NOTIFY_CHANNELS_MAX]; /* the system's CAs + ca_file */
	struct transfer *busy[NOTIFY_CHANNELS_MAX];
	/* Each channel's last failure: the event's key and why. */
	char last_key[NOTIFY_CHANNELS_MAX][33];
	char last_why[NOTIFY_CHANNELS_MAX][ERROR_MAX];
	int64_t maint_since;
	int not_holding; /* PostgreSQL: another sender holds the lock (said) */
};

/* ---- the message on the wire ------------------------------------------ */

/* Appends the base64 of s[0..n) (n <= 48) to out: OpenSSL's encoder. */
static void
base64_append(struct buf *out, const unsigned char *s, size_t n)
{
	unsigned char q[4 * 16 + 1];
	int len = EVP_EncodeBlock(q, s, (int)n);

	buf_append(out, (const char *)q, (size_t)len);
}

/* The RFC 2047 form of a UTF-8 header text: encoded words
 * "=?UTF-8?B?…?=" of at most 45 bytes of text each (75 characters),
 * never cutting a character, separated by a space (which a reader drops
 * between encoded words). In arena a. */
static const char *
rfc2047(struct arena *a, const char *s)
{
	struct buf out = {0};
	size_t n = strlen(s), at = 0;
	const char *r;

	while (at < n) {
		size_t len = n - at > 45 ? 45 : n - at;

		/* Back off to the start of a character. */
		while (at + len < n && len > 0 &&
		       ((unsigned char)s[at + len] & 0xC0) == 0x80)
			len--;
		if (len == 0)
			len = n - at > 45 ? 45 : n - at;
		if (out.len > 0)
			buf_puts(&out, " ");
		buf_puts(&out, "=?UTF-8?B?");
		base64_append(&out, (const unsigned char *)s + at, len);
		buf_puts(&out, "?=");
		at += len;
	}
	r = arena_strndup(a, out.data ? out.data : "", out.len);
	buf_free(&out);
	return r;
}

/* An RFC 5322 date of Unix time t in UTC: "Tue, 01 Dec 2026 19:00:00
 * +0000" (English names whatever the locale). */
static void
rfc5322_date(int64_t t, char out[40])
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed",
	                                   "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr",
	                                     "May", "Jun", "Jul", "Aug",
	                                     "Sep", "Oct", "Nov", "Dec"};
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d +0000",
	         days[tm.tm_wday % 7], tm.tm_mday, months[tm.tm_mon % 12],
	         tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Whether s holds a CR or LF (a header value must not). */
static int
has_newline(const char *s)
{
	return strpbrk(s, "\r\n") != NULL;
}

/* The host of url into out ("?" when it does not parse): the only part
 * of a channel's URL an error may name (the path and query may hold a
 * token). */
static void
url_host(const char *url, char *out, size_t outlen)
{
	CURLU *u = curl_url();
	char *host = NULL;

	snprintf(out, outlen, "?");
	if (u != NULL && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK)
		snprintf(out, outlen, "%s", host);
	curl_free(host);
	curl_url_cleanup(u);
}

static size_t
discard_body(char *p, size_t size, size_t n, void *data)
{
	(void)p;
	(void)data;
	return size * n;
}

/* Adds the header "name: value" to *list (value from the arena; a value
 * with CR or LF is left out: it would split the header). */
static void
add_header(struct transfer *x, const char *name, const char *value)
{
	if (has_newline(value))
		return;
	x->headers = curl_slist_append(
	    x->headers, arena_printf(x->a, "%s: %s", name, value));
}

/* The MIME message of an email channel on x's handle: multipart/
 * alternative of the text and the HTML, both UTF-8 quoted-printable; the
 * headers From, To, Subject (RFC 2047), Date, Message-ID and the
 * idempotency key. 0, or -1 with err set. */
static int
prepare_mail(struct transfer *x, const struct notify_message *m,
             const char *idem, int64_t now, char *err, size_t errlen)
{
	const struct notify_channel *ch = x->ch;
	char date[40], *list, *tok, *save = NULL;
	curl_mimepart *part;

	x->rcpt = NULL;
	list = arena_strdup(x->a, ch->mail_to);
	for (tok = strtok_r(list, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		while (*tok == ' ')
			tok++;
		if (*tok != '\0')
			x->rcpt = curl_slist_append(
			    x->rcpt, arena_printf(x->a, "<%s>", tok));
	}
	if (x->rcpt == NULL) {
		snprintf(err, errlen, "no recipient");
		return -1;
	}
	curl_easy_setopt(x->easy, CURLOPT_MAIL_FROM,
	                 arena_printf(x->a, "<%s>", ch->mail_from));
	curl_easy_setopt(x->easy, CURLOPT_MAIL_RCPT, x->rcpt);
	if (ch->username[0] != '\0') {
		curl_easy_setopt(x->easy, CURLOPT_USERNAME, ch->username);
		curl_easy_setopt(x->easy, CURLOPT_PASSWORD, ch->password);
	}
	if (strncmp(ch->url, "smtp://", 7) == 0)
		curl_easy_setopt(x->easy, CURLOPT_USE_SSL,
		                 (long)CURLUSESSL_ALL);
	rfc5322_date(now, date);
	/* libcurl takes the mail's headers from CURLOPT_HTTPHEADER; its own
	 * Content-Type (with the boundary) replaces the one given here, so
	 * the top level is multipart/alternative. */
	add_header(x, "Content-Type", "multipart/alternative");
	add_header(x, "From", ch->mail_from);
	add_header(x, "To", ch->mail_to);
	add_header(x, "Subject", rfc2047(x->a, m->title ? m->title : ""));
	add_header(x, "Date", date);
	add_header(x, "Message-ID", arena_printf(x->a, "<%s@aigo>", idem));
	add_header(x, "X-Idempotency-Key", idem);
	add_header(x, "X-Aigo-Event", notify_kind_names[x->ev.kind]);
	curl_easy_setopt(x->easy, CURLOPT_HTTPHEADER, x->headers);
	x->mime = curl_mime_init(x->easy);
	part = curl_mime_addpart(x->mime);
	curl_mime_data(part, m->text ? m->text : "", CURL_ZERO_TERMINATED);
	curl_mime_type(part, "text/plain; charset=utf-8");
	curl_mime_encoder(part, "quoted-printable");
	part = curl_mime_addpart(x->mime);
	curl_mime_data(part, m->html ? m->html : "", CURL_ZERO_TERMINATED);
	curl_mime_type(part, "text/html; charset=utf-8");
	curl_mime_encoder(part, "quoted-printable");
	curl_easy_setopt(x->easy, CURLOPT_MIMEPOST, x->mime);
	return 0;
}

/* A new transfer of event ev (with attempts failed before) to channel
 * ch: rendered and set up on a fresh handle, not yet started. NULL with
 * err set when it cannot be rendered (a fault of the event or the
 * configuration, not of the receiver). */
static struct transfer *
transfer_new(const struct app_config *cfg, struct i18n *t, const struct buf *ca,
             const struct notify_channel *ch, const struct notify_event *ev,
             int attempts, int64_t now, char *err, size_t errlen)
{
	struct transfer *x = xcalloc(1, sizeof(*x));
	struct notify_links links = {cfg->public_url, cfg->base_path};
	struct notify_message m;
	char idem[33 + NOTIFY_NAME_MAX + 2];
	const char *url;

	x->ch = ch;
	x->a = arena_new();
	x->ev = *ev;
	x->attempts = attempts;
	memset(&m, 0, sizeof(m));
	if (notify_render(ch, ev, t, &links, x->a, &m, err, errlen) != 0)
		goto fail;
	url =
	    m.post_url != NULL && m.post_url[0] != '\0' ? m.post_url : ch->url;
	url_host(url, x->host, sizeof(x->host));
	notify_idempotency_key(ev->key, ch->name, idem, sizeof(idem));
	x->easy = curl_easy_init();
	if (x->easy == NULL) {
		snprintf(err, errlen, "libcurl: no handle");
		goto fail;
	}
	curl_easy_setopt(x->easy, CURLOPT_URL, url);
	curl_easy_setopt(x->easy, CURLOPT_PROTOCOLS_STR,
	                 ch->type == NOTIFY_EMAIL ? "smtp,smtps"
	                                          : "http,https");
	curl_easy_setopt(x->easy, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(x->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(x->easy, CURLOPT_CONNECTTIMEOUT_MS,
	                 CONNECT_TIMEOUT_MS);
	curl_easy_setopt(x->easy, CURLOPT_TIMEOUT_MS, TRANSFER_TIMEOUT_MS);
	curl_easy_setopt(x->easy, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(x->easy, CURLOPT_SSL_VERIFYHOST, 2L);
	if (ca != NULL && ca->len > 0) {
		struct curl_blob blob = {ca->data, ca->len, CURL_BLOB_NOCOPY};

		curl_easy_setopt(x->easy, CURLOPT_CAINFO_BLOB, &blob);
	}
	curl_easy_setopt(x->easy, CURLOPT_ERRORBUFFER, x->curl_err);
	curl_easy_setopt(x->easy, CURLOPT_PRIVATE, x);
	if (ch->type == NOTIFY_EMAIL) {
		if (prepare_mail(x, &m, idem, now, err, errlen) != 0)
			goto fail;
		return x;
	}
	{
		char ts[24], sig[72];

		snprintf(ts, sizeof(ts), "%lld", (long long)now);
		add_header(x, "Content-Type",
		           m.content_type ? m.content_type
		                          : "application/json");
		add_header(x, "X-Aigo-Event", notify_kind_names[ev->kind]);
		add_header(x, "X-Aigo-Timestamp", ts);
		if (ch->secret[0] != '\0') {
			notify_sign(ch->secret, now, m.body, m.body_len, sig);
			add_header(x, "X-Aigo-Signature", sig);
		}
		add_header(x, "Idempotency-Key", idem);
		add_header(x, "User-Agent", "aigo-notify/" AIGO_VERSION);
		/* No "Expect: 100-continue" round trip. */
		x->headers = curl_slist_append(x->headers, "Expect:");
	}
	curl_easy_setopt(x->easy, CURLOPT_HTTPHEADER, x->headers);
	curl_easy_setopt(x->easy, CURLOPT_POST, 1L);
	curl_easy_setopt(x->easy, CURLOPT_POSTFIELDSIZE, (long)m.body_len);
	curl_easy_setopt(x->easy, CURLOPT_POSTFIELDS, m.body ? m.body : "");
	curl_easy_setopt(x->easy, CURLOPT_WRITEFUNCTION, discard_body);
	return x;
fail:
	if (x->easy != NULL)
		curl_easy_cleanup(x->easy);
	arena_free(x->a);
	free(x);
	return NULL;
}

static void
transfer_free(struct transfer *x)
{
	if (x == NULL)
		return;
	if (x->easy != NULL)
		curl_easy_cleanup(x->easy);
	curl_mime_free(x->mime);
	curl_slist_free_all(x->headers);
	curl_slist_free_all(x->rcpt);
	arena_free(x->a);
	free(x);
}

/* The outcome of a finished transfer: 1 delivered, 0 failed with a one
 * line reason in why (the host, never the URL's path or a secret), and
 * the HTTP status or SMTP reply code in *status. */
static int
transfer_outcome(struct transfer *x, CURLcode rc, long *status, char *why,
                 size_t whylen)
{
	int mail = x->ch->type == NOTIFY_EMAIL;

	*status = 0;
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, status);
	if (rc == CURLE_OK && !mail && *status >= 200 && *status <= 299)
		return 1;
	if (rc == CURLE_OK && mail)
		return 1; /* libcurl saw 250 to every command */
	if (rc == CURLE_OK)
		snprintf(why, whylen, "HTTP %ld from %s", *status, x->host);
	else if (*status != 0 && mail)
		snprintf(why, whylen, "SMTP %ld from %s: %s", *status, x->host,
		         curl_easy_strerror(rc));
	else
		snprintf(why, whylen, "%s: %s", x->host,
		         curl_easy_strerror(rc));
	return 0;
}

/* ---- the loop ------------------------------------------------------------ */

/* Runs store call f until it is not busy (-2), RECORD_TRIES times at
 * most, 50 ms apart. */
#define STORE_RETRY(rc, call)                                                  \
	do {                                                                   \
		for (int try_ = 0; try_ < RECORD_TRIES; try_++) {              \
			(rc) = (call);                                         \
			if ((rc) != -2)                                        \
				break;                                         \
			usleep(50000);                                         \
		}                                                              \
	} while (0)

/* Whether ev is about an incident (what maintenance silences). */
static int
is_incident_event(const struct notify_event *ev)
{
	return ev->kind == NOTIFY_OPENED || ev->kind == NOTIFY_ESCALATED ||
	       ev->kind == NOTIFY_DEESCALATED || ev->kind == NOTIFY_RESOLVED ||
	       ev->kind == NOTIFY_UPDATE;
}

/* Fans the events not yet fanned out into one delivery per channel:
 * expired when older than notify_max_age, filtered when the channel does
 * not want it, silenced under maintenance, else pending now. */
static void
fan_out(struct sender *sd, int64_t now)
{
	const struct app_config *cfg = sd->cfg;
	struct arena *a = arena_new();
	struct notify_event *evs;
	char err[512];
	long n;

	n = store_outbox_unfanned(sd->store, UNFANNED_BATCH, a, &evs, err,
	                          sizeof(err));
	if (n < 0)
		log_msg("warn", "notify: reading the outbox: %s", err);
	for (long i = 0; i < n; i++) {
		const struct notify_event *ev = &evs[i];
		struct notify_fanout rows[NOTIFY_CHANNELS_MAX];
		int covered = 0, rc;

		if (is_incident_event(ev) &&
		    ev->occurred_at >= now - cfg->notify_max_age) {
			covered = store_maintenance_covers(
			    sd->store, ev->provider_id, ev->model_id,
			    ev->occurred_at, err, sizeof(err));
			if (covered < 0) {
				log_msg("warn", "notify: maintenance: %s", err);
				break; /* again next turn */
			}
		}
		for (size_t c = 0; c < cfg->n_channels; c++) {
			const struct notify_channel *ch = &cfg->channels[c];

			rows[c].channel = ch->name;
			rows[c].next_at = now;
			if (ev->occurred_at < now - cfg->notify_max_age)
				rows[c].state = DELIVERY_EXPIRED;
			else if (!notify_channel_wants(ch, ev))
				rows[c].state = DELIVERY_FILTERED;
			else if (covered)
				rows[c].state = DELIVERY_SILENCED;
			else
				rows[c].state = DELIVERY_PENDING;
		}
		STORE_RETRY(rc, store_outbox_fan_out(sd->store, ev->id, rows,
		                                     cfg->n_channels, now, err,
		                                     sizeof(err)));
		if (rc != 0) {
			log_msg("warn", "notify: fanning out event %s: %s",
			        ev->key, rc == -2 ? "database busy" : err);
			break;
		}
		log_msg("debug", "notify: event %s (%s) fanned out", ev->key,
		        notify_kind_names[ev->kind]);
	}
	arena_free(a);
}

/* Records a decision or an outcome; a record that fails is logged (the
 * delivery stays pending: it is sent again, at least once). 0, or -1
 * when it was not recorded. */
static int
record(struct sender *sd, const struct notify_event *ev,
       const struct notify_channel *ch, enum delivery_state state,
       int64_t next_at, int status, const char *error, int64_t now)
{
	char err[512];
	int rc;

	STORE_RETRY(rc, store_outbox_record(sd->store, ev->id, ch->name, state,
	                                    next_at, status, error, now, err,
	                                    sizeof(err)));
	if (rc != 0)
		log_msg("warn",
		        "notify: %s: event %s: the outcome (%s) was not "
		        "recorded: %s; it is sent again",
		        ch->name, ev->key, delivery_state_names[state],
		        rc == -2 ? "database busy" : err);
	return rc == 0 ? 0 : -1;
}

static int
is_severity_change(enum notify_kind k)
{
	return k == NOTIFY_ESCALATED || k == NOTIFY_DEESCALATED;
}

/* Channel c's turn: decides about its head until one attempt starts or
 * it must wait. */
static void
channel_turn(struct sender *sd, size_t c, int64_t now)
{
	const struct app_config *cfg = sd->cfg;
	const struct notify_channel *ch = &cfg->channels[c];
	char err[512];

	for (int k = 0; k < HEADS_PER_TURN && sd->busy[c] == NULL; k++) {
		struct arena *a = arena_new();
		struct notify_delivery d;
		struct transfer *x;
		int rc = store_outbox_head(sd->store, ch->name, a, &d, err,
		                           sizeof(err));

		if (rc <= 0) {
			if (rc < 0)
				log_msg("warn",
				        "notify: %s: reading its queue: %s",
				        ch->name, err);
			arena_free(a);
			return;
		}
		if (is_severity_change(d.ev.kind) && d.newer) {
			rc = record(sd, &d.ev, ch, DELIVERY_SUPERSEDED, now, 0,
			            "", now);
			arena_free(a);
			if (rc != 0)
				return; /* the next turn tries again */
			continue;
		}
		if (is_severity_change(d.ev.kind) && d.last_sent_at != 0 &&
		    d.last_sent_at + cfg->notify_cooldown > now) {
			arena_free(a);
			return; /* the cooldown: no attempt counted */
		}
		if (d.attempts > 0 &&
		    d.ev.created_at < now - cfg->notify_max_age) {
			log_msg("error",
			        "notify: %s: gave up event %s (%s) after %d "
			        "attempts; last error: %s",
			        ch->name, d.ev.key,
			        notify_kind_names[d.ev.kind], d.attempts,
			        strcmp(sd->last_key[c], d.ev.key) == 0
			            ? sd->last_why[c]
			            : "(before a restart: aigo notify list)");
			rc = record(sd, &d.ev, ch, DELIVERY_GIVEN_UP, now, 0,
			            "given up after notify_max_age", now);
			arena_free(a);
			if (rc != 0)
				return;
			continue;
		}
		if (d.next_at > now) {
			arena_free(a);
			return;
		}
		x = transfer_new(cfg, sd->t, &sd->ca[c], ch, &d.ev, d.attempts,
		                 now, err, sizeof(err));
		if (x == NULL) {
			/* Rendering fails the same way every time. */
			log_msg("error",
			        "notify: %s: event %s cannot be rendered: %s; "
			        "given up",
			        ch->name, d.ev.key, err);
			rc = record(sd, &d.ev, ch, DELIVERY_GIVEN_UP, now, 0,
			            err, now);
			arena_free(a);
			if (rc != 0)
				return;
			continue;
		}
		/* The event's strings are in a, which goes: the transfer
		 * keeps its id, kind and key only. */
		x->ev.provider = x->ev.provider_name = x->ev.model = "";
		x->ev.model_name = x->ev.title = x->ev.regions = "";
		x->ev.update_body = x->ev.update_author = "";
		x->ev.maint_title = x->ev.maint_targets = "";
		arena_free(a);
		x->started_ms = (clock_mono_us() / 1000);
		curl_multi_add_handle(sd->multi, x->easy);
		sd->busy[c] = x;
		log_msg("debug", "notify: %s: sending event %s (attempt %d)",
		        ch->name, x->ev.key, x->attempts + 1);
	}
}

/* Records the transfers that ended. Returns how many. */
static int
collect(struct sender *sd)
{
	CURLMsg *msg;
	int left, n = 0;

	while ((msg = curl_multi_info_read(sd->multi, &left)) != NULL) {
		struct transfer *x = NULL;
		char why[ERROR_MAX];
		long status;
		int64_t now = clock_now();
		size_t c = 0;

		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
		                  (char **)&x);
		curl_multi_remove_handle(sd->multi, msg->easy_handle);
		while (c < sd->cfg->n_channels && sd->busy[c] != x)
			c++;
		if (transfer_outcome(x, msg->data.result, &status, why,
		                     sizeof(why))) {
			record(sd, &x->ev, x->ch, DELIVERY_DELIVERED, now,
			       (int)status, "", now);
			log_msg("info", "notify: %s: delivered event %s (%s)",
			        x->ch->name, x->ev.key,
			        notify_kind_names[x->ev.kind]);
		} else {
			int64_t wait = notify_backoff(
			    x->attempts + 1, sd->cfg->notify_backoff_max);

			record(sd, &x->ev, x->ch, DELIVERY_PENDING, now + wait,
			       (int)status, why, now);
			if (c < sd->cfg->n_channels) {
				snprintf(sd->last_key[c],
				         sizeof(sd->last_key[c]), "%s",
				         x->ev.key);
				snprintf(sd->last_why[c],
				         sizeof(sd->last_why[c]), "%s", why);
			}
			log_msg("warn",
			        "notify: %s: event %s attempt %d failed: %s; "
			        "next try in %lld s",
			        x->ch->name, x->ev.key, x->attempts + 1, why,
			        (long long)wait);
		}
		if (c < sd->cfg->n_channels)
			sd->busy[c] = NULL;
		transfer_free(x);
		n++;
	}
	return n;
}

/* The system's CA bundle and channel ch's ca_file, as one PEM blob in
 * out (empty when ch has no ca_file). 0, or -1 after saying why. */
static int
load_ca(const struct notify_channel *ch, struct buf *out)
{
	if (probe_ca_bundle(ch->ca_file, out) == 0)
		return 0;
	log_msg("error", "notify: %s: ca_file %s: cannot read", ch->name,
	        ch->ca_file);
	return -1;
}

static struct i18n *
load_catalogs(const struct app_config *cfg, char *err, size_t errlen)
{
	char dir[1200];

	snprintf(dir, sizeof(dir), "%s/locales", cfg->root);
	return i18n_load(dir, cfg->default_lang, err, errlen);
}

/* One turn: the maintenance events due, the fan-out, every idle
 * channel's head. */
static void
turn(struct sender *sd)
{
	int64_t now = clock_now();
	char err[512];
	long n;

	n = store_outbox_maintenance(sd->store, sd->maint_since, now, err,
	                             sizeof(err));
	if (n >= 0)
		sd->maint_since = now;
	else if (n == -1)
		log_msg("warn", "notify: maintenance events: %s", err);
	fan_out(sd, now);
	for (size_t c = 0; c < sd->cfg->n_channels; c++)
		if (sd->busy[c] == NULL)
			channel_turn(sd, c, now);
}

static size_t
in_flight(const struct sender *sd)
{
	size_t n = 0;

	for (size_t c = 0; c < sd->cfg->n_channels; c++)
		n += sd->busy[c] != NULL;
	return n;
}

/* Holds the one-sender lock: an exclusive flock on DB.notify-lock beside
 * the database, so that `aigo notify run` beside a serve with notify = on
 * never sends twice. Waits (logged once) while another sender holds it.
 * The open descriptor (kept until exit), or -1 when stopped or refused. */
static int
one_sender_lock(const struct app_config *cfg)
{
	char path[1300];
	int fd, said = 0;

	/* PostgreSQL: a lock in the server instead (store_sender_lock). */
	if (store_pg_is_url(cfg->db_path))
		return INT_MAX;
	snprintf(path, sizeof(path), "%s.notify-lock", cfg->db_path);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		log_msg("error", "notify: %s: %s", path, strerror(errno));
		return -1;
	}
	while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			log_msg("error", "notify: %s: %s", path,
			        strerror(errno));
			close(fd);
			return -1;
		}
		if (!said)
			log_msg("warn",
			        "notify: another sender holds %s; "
			        "waiting for it to stop",
			        path);
		said = 1;
		if (stopping) {
			close(fd);
			return -1;
		}
		sleep(1);
	}
	return fd;
}

/* Whether this sender may send now: 1 with SQLite (the lock file is
 * held), or PostgreSQL's sender lock held by this connection (checked at
 * every turn: a reconnect loses it, and another node may have it then). */
static int
holds_lock(struct sender *sd)
{
	char err[512];
	int rc = store_sender_lock(sd->store, err, sizeof(err));

	if (rc == 1) {
		if (sd->not_holding)
			log_msg("info",
			        "notify: the sender lock is ours again");
		sd->not_holding = 0;
		return 1;
	}
	if (!sd->not_holding && rc == 0)
		log_msg("warn", "notify: another sender holds the lock; "
		                "waiting for it to stop");
	else if (!sd->not_holding)
		log_msg("warn", "notify: the sender lock: %s", err);
	sd->not_holding = 1;
	return 0;
}

int
notify_main(const struct app_config *cfg)
{
	int lock_fd = -1;
	struct sender sd;
	char err[512];
	int rc = 1;

	memset(&sd, 0, sizeof(sd));
	sd.cfg = cfg;
	if (cfg->n_channels == 0) {
		log_msg("error", "notify: no channel is configured "
		                 "(notify.NAME.type lines)");
		return SENDER_EXIT_REFUSED;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		log_msg("error", "notify: libcurl did not start");
		return 1;
	}
	for (size_t c = 0; c < cfg->n_channels; c++)
		if (load_ca(&cfg->channels[c], &sd.ca[c]) != 0) {
			rc = SENDER_EXIT_REFUSED;
			goto out;
		}
	sd.t = load_catalogs(cfg, err, sizeof(err));
	if (sd.t == NULL) {
		log_msg("error", "notify: locales: %s", err);
		rc = SENDER_EXIT_REFUSED;
		goto out;
	}
	sd.store = store_open_write(cfg->db_path, NULL, err, sizeof(err));
	if (sd.store == NULL) {
		log_msg("error", "notify: %s: %s (run aigo db init)",
		        cfg->db_shown, err);
		goto out;
	}
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, on_stop);
	signal(SIGINT, on_stop);
	lock_fd = one_sender_lock(cfg);
	if (lock_fd < 0) {
		rc = stopping ? 0 : 1;
		goto out;
	}
	sd.multi = xnonnull(curl_multi_init());
	sd.maint_since = clock_now() - cfg->notify_max_age;
	log_msg("info", "notify: sending to %zu channel%s", cfg->n_channels,
	        cfg->n_channels == 1 ? "" : "s");
	{
		int64_t last_turn = 0;
		int ended = 1;

		while (!stopping) {
			int running = 0;
			int64_t ms = (clock_mono_us() / 1000);

			if ((ended || ms - last_turn >= 1000) &&
			    holds_lock(&sd)) {
				turn(&sd);
				last_turn = ms;
			} else if (ended || ms - last_turn >= 1000) {
				last_turn = ms;
			}
			curl_multi_perform(sd.multi, &running);
			ended = collect(&sd) > 0;
			if (!ended && !stopping) {
				int64_t wait =
				    1000 -
				    ((clock_mono_us() / 1000) - last_turn);

				/* A transfer's progress or end wakes it. */
				curl_multi_poll(sd.multi, NULL, 0,
				                (int)(wait > 0 ? wait : 1),
				                NULL);
			}
		}
	}
	/* Stop: no new work; the transfers in flight get 5 s. */
	{
		int64_t until = (clock_mono_us() / 1000) + STOP_GRACE_MS;
		size_t left = in_flight(&sd);

		if (left > 0)
			log_msg("info",
			        "notify: stopping; %zu transfer%s in "
			        "flight get up to 5 s",
			        left, left == 1 ? "" : "s");
		while (in_flight(&sd) > 0 && (clock_mono_us() / 1000) < until) {
			int running = 0;

			curl_multi_perform(sd.multi, &running);
			collect(&sd);
			if (in_flight(&sd) > 0)
				curl_multi_poll(sd.multi, NULL, 0, 100, NULL);
		}
		for (size_t c = 0; c < cfg->n_channels; c++)
			if (sd.busy[c] != NULL) {
				log_msg(
				    "warn",
				    "notify: %s: event %s cut off by the stop; "
				    "sent again after the restart",
				    cfg->channels[c].name, sd.busy[c]->ev.key);
				curl_multi_remove_handle(sd.multi,
				                         sd.busy[c]->easy);
				transfer_free(sd.busy[c]);
				sd.busy[c] = NULL;
			}
	}
	log_msg("info", "notify: stopped");
	rc = 0;
out:
	if (sd.multi != NULL)
		curl_multi_cleanup(sd.multi);
	if (sd.store != NULL)
		store_close(sd.store);
	if (sd.t != NULL)
		i18n_free(sd.t);
	for (size_t c = 0; c < NOTIFY_CHANNELS_MAX; c++)
		buf_free(&sd.ca[c]);
	curl_global_cleanup();
	if (lock_fd >= 0 && lock_fd != INT_MAX)
		close(lock_fd);
	return rc;
}

/* ---- aigo notify test -------------------------------------------------- */

/* A random 32-hex key (from /dev/urandom; the time and pid if missing). */
static void
random_key(char out[33])
{
	unsigned char r[16];
	FILE *f = fopen("/dev/urandom", "rb");
	size_t got = f ? fread(r, 1, sizeof(r), f) : 0;

	if (f != NULL)
		fclose(f);
	if (got != sizeof(r)) {
		struct timeval tv;

		gettimeofday(&tv, NULL);
		for (size_t i = 0; i < sizeof(r); i++)
			r[i] =
			    (unsigned char)((tv.tv_usec >> (i % 3 * 8)) ^
			                    (getpid() >> (i % 2 * 8)) ^ i * 37);
	}
	for (size_t i = 0; i < sizeof(r); i++)
		snprintf(out + 2 * i, 3, "%02x", r[i]);
}

int
notify_test(const struct app_config *cfg, const char *name, FILE *out)
{
	const struct notify_channel *ch = NULL;
	struct notify_event ev;
	struct transfer *x;
	struct buf ca = {0};
	struct i18n *t;
	char err[512], why[ERROR_MAX];
	long status = 0;
	CURLcode rc;
	int ok;

	for (size_t c = 0; c < cfg->n_channels; c++)
		if (strcmp(cfg->channels[c].name, name) == 0)
			ch = &cfg->channels[c];
	if (ch == NULL) {
		fprintf(out, "aigo notify test: no channel \"%s\"; configured:",
		        name);
		for (size_t c = 0; c < cfg->n_channels; c++)
			fprintf(out, "%s %s", c ? "," : "",
			        cfg->channels[c].name);
		fputs(cfg->n_channels ? "\n" : " none\n", out);
		return 2;
	}
	t = load_catalogs(cfg, err, sizeof(err));
	if (t == NULL) {
		fprintf(out, "%s: failed: locales: %s\n", name, err);
		return 1;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
	    load_ca(ch, &ca) != 0) {
		fprintf(out, "%s: failed: libcurl or ca_file\n", name);
		i18n_free(t);
		buf_free(&ca);
		return 1;
	}
	memset(&ev, 0, sizeof(ev));
	ev.kind = NOTIFY_TEST;
	random_key(ev.key);
	ev.occurred_at = ev.created_at = clock_now();
	ev.provider = ev.provider_name = ev.model = ev.model_name = "";
	ev.title = ev.regions = ev.update_body = ev.update_author = "";
	ev.maint_title = ev.maint_targets = "";
	ev.severity = SEVERITY_NONE;
	ev.previous = SEVERITY__MAX;
	ev.update_state = UPDATE_STATE__MAX;
	x = transfer_new(cfg, t, &ca, ch, &ev, 0, clock_now(), err,
	                 sizeof(err));
	if (x == NULL) {
		fprintf(out, "%s: failed: %s\n", name, err);
		ok = 0;
	} else {
		int64_t t0 = (clock_mono_us() / 1000);

		signal(SIGPIPE, SIG_IGN);
		rc = curl_easy_perform(x->easy);
		ok = transfer_outcome(x, rc, &status, why, sizeof(why));
		if (ok)
			fprintf(out, "%s: delivered (%s %ld, %lld ms)\n", name,
			        ch->type == NOTIFY_EMAIL ? "SMTP" : "HTTP",
			        status,
			        (long long)((clock_mono_us() / 1000) - t0));
		else
			fprintf(out, "%s: failed: %s\n", name, why);
		transfer_free(x);
	}
	i18n_free(t);
	buf_free(&ca);
	curl_global_cleanup();
	return ok ? 0 : 1;
}
