/* notify_render.c: the message each channel type gets for an event, in the channel's language (webhook, Slack, Discord, Teams, ntfy, email), and the webhook's signature: pure functions, no I/O (docs/notifications.md). */
#include "notify_render.h"

#include <cJSON.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "json.h"
#include "timefmt.h"

/* What each kind of event says: its name in the webhook body (the text
 * of notify_kind_names, which notify.c owns), its title and first
 * sentence, and its ntfy tag. */
static const struct kind_text {
	const char *event;
	enum msg title, lead;
	const char *ntfy_tag; /* an emoji short code ntfy shows */
	int incident;         /* about an incident (else maintenance, test) */
} kinds[NOTIFY_KIND__MAX] = {
    [NOTIFY_OPENED] = {"incident.opened", MSG_NOTIFY_TITLE_OPENED,
                       MSG_NOTIFY_TEXT_OPENED, "rotating_light", 1},
    [NOTIFY_ESCALATED] = {"incident.escalated", MSG_NOTIFY_TITLE_ESCALATED,
                          MSG_NOTIFY_TEXT_ESCALATED, "rotating_light", 1},
    [NOTIFY_DEESCALATED] = {"incident.deescalated",
                            MSG_NOTIFY_TITLE_DEESCALATED,
                            MSG_NOTIFY_TEXT_DEESCALATED, "arrow_heading_down",
                            1},
    [NOTIFY_RESOLVED] = {"incident.resolved", MSG_NOTIFY_TITLE_RESOLVED,
                         MSG_NOTIFY_TEXT_RESOLVED, "white_check_mark", 1},
    [NOTIFY_UPDATE] = {"incident.updated", MSG_NOTIFY_TITLE_UPDATED,
                       MSG_NOTIFY_TEXT_UPDATED, "memo", 1},
    [NOTIFY_MAINT_START] = {"maintenance.started",
                            MSG_NOTIFY_TITLE_MAINT_STARTED,
                            MSG_NOTIFY_TEXT_MAINT_STARTED, "construction", 0},
    [NOTIFY_MAINT_END] = {"maintenance.ended", MSG_NOTIFY_TITLE_MAINT_ENDED,
                          MSG_NOTIFY_TEXT_MAINT_ENDED, "white_check_mark", 0},
    [NOTIFY_TEST] = {"test", MSG_NOTIFY_TITLE_TEST, MSG_NOTIFY_TEXT_TEST,
                     "test_tube", 0},
};

/* Discord's embed colours (integers of 0xRRGGBB) and ntfy's priorities
 * by severity (minor, major, critical). */
static const int sev_color[3] = {0xE3A008, 0xE8590C, 0xC92A2A};
static const int sev_priority[3] = {3, 4, 5};
#define COLOR_RESOLVED 0x2F9E44
#define COLOR_MAINTENANCE 0x1C7ED6
#define COLOR_TEST 0x868E96

/* Discord's documented limits of an embed, in characters. */
#define DISCORD_TITLE_MAX 256
#define DISCORD_DESCRIPTION_MAX 4096
#define DISCORD_FIELDS_MAX 25
#define DISCORD_FIELD_NAME_MAX 256
#define DISCORD_FIELD_VALUE_MAX 1024
#define DISCORD_FOOTER_MAX 2048
#define DISCORD_TOTAL_MAX 6000
/* Slack's: a header's plain text, a section's text, a button's label. */
#define SLACK_HEADER_MAX 150
#define SLACK_SECTION_MAX 3000
#define SLACK_BUTTON_MAX 75
/* ntfy turns a message over 4096 bytes into an attachment. */
#define NTFY_MESSAGE_MAX 4096

#define FACTS_MAX 12

/* One "name: value" line of a message (a Discord field, a Teams fact). */
struct fact {
	const char *name, *value;
	int wide; /* operator text: its own line, never inline */
};

/* What every channel type says, in the channel's language. */
struct parts {
	const struct locale *loc;
	const char *title, *lead, *link, *open_label, *footer;
	struct fact facts[FACTS_MAX];
	size_t n_facts;
	int color, priority;
};

static const char *
str(const char *s)
{
	return s != NULL ? s : "";
}

/* The number of UTF-8 characters of s (bytes that do not continue one). */
static size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* s cut to at most max characters (bytes when bytes is set), with "…"
 * as its last character when cut; never in the middle of a character.
 * s itself when it fits, else arena memory. */
static const char *
cut(struct arena *a, const char *s, size_t max, int bytes)
{
	size_t n = 0, i = 0, keep;

	if ((bytes ? strlen(s) : utf8_chars(s)) <= max)
		return s;
	/* Room for the ellipsis: one character, three bytes. */
	keep = bytes ? (max >= 3 ? max - 3 : 0) : (max >= 1 ? max - 1 : 0);
	for (; s[i] != '\0'; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if ((bytes ? i : n) >= keep)
				break;
			n++;
		}
	}
	return arena_printf(a, "%.*s…", (int)i, s);
}

/* Fills pattern's {name} placeholders from the pairs of nv (NULL-ended
 * name, value list). */
static const char *
fill(struct arena *a, const char *pattern, const char *const *nv)
{
	const char *names[16], *values[16];
	size_t n = 0;

	for (; nv[0] != NULL && n < NELEM(names); nv += 2, n++) {
		names[n] = nv[0];
		values[n] = nv[1] != NULL ? nv[1] : "";
	}
	return i18n_fill(a, pattern, names, values, n);
}

/* s on one line: control characters (a line break in operator text)
 * become blanks, so that a title is a mail's Subject line. */
static const char *
one_line(struct arena *a, const char *s)
{
	char *r = arena_strdup(a, s);

	for (char *p = r; *p != '\0'; p++)
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			*p = ' ';
	return r;
}

/* "a, b" from "a,b". */
static const char *
comma_spaced(struct arena *a, const char *list)
{
	struct buf b = {0};
	const char *r;

	for (const char *p = list; *p != '\0'; p++) {
		if (*p == ',')
			buf_puts(&b, ", ");
		else
			buf_append(&b, p, 1);
	}
	r = arena_strdup(a, b.data != NULL ? b.data : "");
	buf_free(&b);
	return r;
}

static void
add_fact(struct parts *p, const char *name, const char *value, int wide)
{
	if (p->n_facts < FACTS_MAX && value != NULL && *value != '\0')
		p->facts[p->n_facts++] = (struct fact){name, value, wide};
}

/* The link to the incident (or for maintenance and tests the incident
 * history) in the channel's language, or "" without an origin. */
static const char *
link_of(const struct notify_event *ev, const struct notify_links *links,
        const char *code, struct arena *a)
{
	if (links == NULL || links->origin == NULL || *links->origin == '\0')
		return "";
	if (kinds[ev->kind].incident && ev->incident_id > 0)
		return arena_printf(a, "%s%s/%s/incidents/%lld", links->origin,
		                    str(links->base_path), code,
		                    (long long)ev->incident_id);
	return arena_printf(a, "%s%s/%s/incidents", links->origin,
	                    str(links->base_path), code);
}

/* Everything a message says about ev, in locale loc. */
static void
compose(const struct notify_channel *ch, const struct notify_event *ev,
        const struct locale *loc, const struct notify_links *links,
        struct arena *a, struct parts *p)
{
	static const enum msg sev_word[3] = {MSG_NOTIFY_SEV_MINOR,
	                                     MSG_NOTIFY_SEV_MAJOR,
	                                     MSG_NOTIFY_SEV_CRITICAL};
	static const enum msg sev_name[3] = {MSG_INCIDENT_SEV_MINOR,
	                                     MSG_INCIDENT_SEV_MAJOR,
	                                     MSG_INCIDENT_SEV_CRITICAL};
	static const enum msg sev_text[3] = {MSG_NOTIFY_SEVTEXT_MINOR,
	                                     MSG_NOTIFY_SEVTEXT_MAJOR,
	                                     MSG_NOTIFY_SEVTEXT_CRITICAL};
	static const enum msg state_name[UPDATE_STATE__MAX] = {
	    MSG_INCIDENT_STATE_INVESTIGATING, MSG_INCIDENT_STATE_IDENTIFIED,
	    MSG_INCIDENT_STATE_MONITORING, MSG_INCIDENT_STATE_RESOLVED};
	const struct kind_text *k = &kinds[ev->kind];
	int s =
	    ev->severity >= SEVERITY_MINOR && ev->severity <= SEVERITY_CRITICAL
	        ? (int)ev->severity - 1
	        : -1;
	int ps =
	    ev->previous >= SEVERITY_MINOR && ev->previous <= SEVERITY_CRITICAL
	        ? (int)ev->previous - 1
	        : -1;
	int has_update = ev->update_state < UPDATE_STATE__MAX;
	const char *subject = "", *duration = "", *start = "", *end = "";
	const char *window = "";

	memset(p, 0, sizeof(*p));
	p->loc = loc;
	if (*str(ev->model) != '\0') {
		const char *nv[] = {
		    "provider",
		    *str(ev->provider_name) ? ev->provider_name
		                            : str(ev->provider),
		    "model", *str(ev->model_name) ? ev->model_name : ev->model,
		    NULL};
		subject = fill(a, loc->msg[MSG_NOTIFY_SUBJECT_MODEL], nv);
	} else if (k->incident) {
		const char *nv[] = {"provider",
		                    *str(ev->provider_name) ? ev->provider_name
		                                            : str(ev->provider),
		                    NULL};
		subject = fill(a, loc->msg[MSG_NOTIFY_SUBJECT_PROVIDER], nv);
	}
	if (k->incident) {
		start = i18n_fmt_datetime(a, loc, ev->started_at);
		if (ev->resolved_at > 0) {
			end = i18n_fmt_datetime(a, loc, ev->resolved_at);
			duration = i18n_fmt_duration(
			    a, loc, ev->resolved_at - ev->started_at);
		}
	} else if (ev->kind != NOTIFY_TEST) {
		const char *nv[] = {
		    "start", i18n_fmt_datetime(a, loc, ev->maint_starts), "end",
		    i18n_fmt_datetime(a, loc, ev->maint_ends), NULL};
		window = fill(a, loc->msg[MSG_MAINTENANCE_WHEN], nv);
	}
	{
		const char *nv[] = {
		    "subject",
		    subject,
		    "severity",
		    s >= 0 ? loc->msg[sev_word[s]] : "",
		    "previous",
		    ps >= 0 ? loc->msg[sev_word[ps]] : "",
		    "severityText",
		    s >= 0 ? loc->msg[sev_text[s]] : "",
		    "duration",
		    duration,
		    "start",
		    start,
		    "end",
		    end,
		    "state",
		    has_update ? loc->msg[state_name[ev->update_state]] : "",
		    "title",
		    str(ev->maint_title),
		    "channel",
		    ch->name,
		    NULL};

		p->title = one_line(a, fill(a, loc->msg[k->title], nv));
		p->lead = fill(a, loc->msg[k->lead], nv);
	}
	if (k->incident) {
		if (ev->manual)
			add_fact(p, loc->msg[MSG_NOTIFY_FIELD_TITLE],
			         str(ev->title), 0);
		if (s >= 0 && ev->kind != NOTIFY_RESOLVED)
			add_fact(p, loc->msg[MSG_NOTIFY_FIELD_SEVERITY],
			         arena_printf(a, "%s (%s)",
			                      loc->msg[sev_name[s]],
			                      loc->msg[sev_text[s]]),
			         0);
		add_fact(p, loc->msg[MSG_NOTIFY_FIELD_SINCE], start, 0);
		add_fact(p, loc->msg[MSG_NOTIFY_FIELD_ENDED], end, 0);
		add_fact(p, loc->msg[MSG_NOTIFY_FIELD_DURATION], duration, 0);
		add_fact(p, loc->msg[MSG_NOTIFY_FIELD_REGIONS],
		         comma_spaced(a, str(ev->regions)), 0);
		if (has_update) {
			add_fact(p, loc->msg[MSG_NOTIFY_FIELD_UPDATE],
			         str(ev->update_body), 1);
			add_fact(p, loc->msg[MSG_NOTIFY_FIELD_AUTHOR],
			         str(ev->update_author), 0);
		}
	} else if (ev->kind != NOTIFY_TEST) {
		add_fact(p, loc->msg[MSG_NOTIFY_FIELD_WINDOW], window, 0);
		add_fact(p, loc->msg[MSG_NOTIFY_FIELD_COVERS],
		         comma_spaced(a, str(ev->maint_targets)), 0);
	}
	p->link = link_of(ev, links, loc->code, a);
	p->open_label =
	    loc->msg[k->incident ? MSG_NOTIFY_OPEN : MSG_NOTIFY_OPEN_HISTORY];
	p->footer = loc->msg[MSG_NOTIFY_FOOTER];
	if (ev->kind == NOTIFY_TEST) {
		p->color = COLOR_TEST;
		p->priority = 2;
	} else if (!k->incident) {
		p->color = COLOR_MAINTENANCE;
		p->priority = 3;
	} else if (ev->kind == NOTIFY_RESOLVED || s < 0) {
		p->color = COLOR_RESOLVED;
		p->priority = 3;
	} else {
		p->color = sev_color[s];
		p->priority = sev_priority[s];
	}
}

/* The plain text: the first sentence, the facts, and the link (with_link). */
static const char *
plain_text(const struct parts *p, int with_link, struct arena *a)
{
	struct buf b = {0};
	const char *r;

	buf_puts(&b, p->lead);
	if (p->n_facts > 0)
		buf_puts(&b, "\n");
	for (size_t i = 0; i < p->n_facts; i++)
		buf_printf(&b, "\n%s: %s", p->facts[i].name, p->facts[i].value);
	if (with_link && *p->link != '\0') {
		const char *nv[] = {"url", p->link, NULL};

		buf_printf(&b, "\n\n%s",
		           fill(a, p->loc->msg[MSG_NOTIFY_LINK], nv));
	}
	r = arena_strdup(a, b.data);
	buf_free(&b);
	return r;
}

/* The mail's HTML part: a small, plain page, every text escaped. */
static const char *
html_text(const struct parts *p, struct arena *a)
{
	struct buf b = {0};
	const char *r;

	buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"");
	buf_put_xml_escaped(&b, p->loc->code);
	buf_puts(&b, "\"><head><meta charset=\"utf-8\"><title>");
	buf_put_xml_escaped(&b, p->title);
	buf_puts(&b, "</title></head>\n<body style=\"font-family:sans-serif;"
	             "line-height:1.4\">\n<h1 style=\"font-size:1.25em\">");
	buf_put_xml_escaped(&b, p->title);
	buf_puts(&b, "</h1>\n<p>");
	buf_put_xml_escaped(&b, p->lead);
	buf_puts(&b, "</p>\n");
	if (p->n_facts > 0) {
		buf_puts(&b, "<table>\n");
		for (size_t i = 0; i < p->n_facts; i++) {
			buf_puts(&b, "<tr><th style=\"text-align:left;"
			             "vertical-align:top;padding-right:1em\">");
			buf_put_xml_escaped(&b, p->facts[i].name);
			buf_puts(
			    &b, p->facts[i].wide
			            ? "</th><td style=\"white-space:pre-wrap\">"
			            : "</th><td>");
			buf_put_xml_escaped(&b, p->facts[i].value);
			buf_puts(&b, "</td></tr>\n");
		}
		buf_puts(&b, "</table>\n");
	}
	if (*p->link != '\0') {
		buf_puts(&b, "<p><a href=\"");
		buf_put_xml_escaped(&b, p->link);
		buf_puts(&b, "\">");
		buf_put_xml_escaped(&b, p->open_label);
		buf_puts(&b, "</a></p>\n");
	}
	buf_puts(&b, "<p style=\"color:#666;font-size:0.875em\">");
	buf_put_xml_escaped(&b, p->footer);
	buf_puts(&b, "</p>\n</body></html>\n");
	r = arena_strdup(a, b.data);
	buf_free(&b);
	return r;
}

/* s with &, < and > written as Slack's mrkdwn wants them (&amp; &lt;
 * &gt;): operator text cannot make a link or a mention (<!channel>). */
static const char *
slack_escaped(const char *s, struct arena *a)
{
	struct buf b = {0};
	const char *r;

	for (; *s != '\0'; s++) {
		if (*s == '&')
			buf_puts(&b, "&amp;");
		else if (*s == '<')
			buf_puts(&b, "&lt;");
		else if (*s == '>')
			buf_puts(&b, "&gt;");
		else
			buf_append(&b, s, 1);
	}
	r = arena_strdup(a, b.data != NULL ? b.data : "");
	buf_free(&b);
	return r;
}

/* cJSON helpers: a string, or null for "". */
static void
add_str_or_null(cJSON *o, const char *name, const char *s)
{
	if (s != NULL && *s != '\0')
		cJSON_AddStringToObject(o, name, s);
	else
		cJSON_AddNullToObject(o, name);
}

/* "a,b" as ["a", "b"] ("" as []). */
static void
add_list(cJSON *o, const char *name, const char *list)
{
	cJSON *arr = cJSON_AddArrayToObject(o, name);
	const char *p = str(list);

	while (*p != '\0') {
		size_t n = strcspn(p, ",");
		char *item = strndup(p, n);

		cJSON_AddItemToArray(arr, cJSON_CreateString(xnonnull(item)));
		free(item);
		p += n;
		if (*p == ',')
			p++;
	}
}

static void
add_slug_name(cJSON *o, const char *name, const char *slug, const char *display)
{
	cJSON *x;

	if (*str(slug) == '\0') {
		cJSON_AddNullToObject(o, name);
		return;
	}
	x = cJSON_AddObjectToObject(o, name);
	cJSON_AddStringToObject(x, "slug", slug);
	cJSON_AddStringToObject(x, "name", *str(display) ? display : slug);
}

/* The generic webhook's body (docs/notifications.md): the same bytes for
 * the same event and channel. */
static cJSON *
webhook_body(const struct notify_event *ev, const struct parts *p,
             const char *text)
{
	const struct kind_text *k = &kinds[ev->kind];
	cJSON *root = cJSON_CreateObject(), *o;

	cJSON_AddStringToObject(root, "event", k->event);
	cJSON_AddStringToObject(root, "id", ev->key);
	json_add_time(root, "occurredAt", ev->occurred_at);
	if (k->incident) {
		o = cJSON_AddObjectToObject(root, "incident");
		cJSON_AddNumberToObject(o, "id", (double)ev->incident_id);
		add_str_or_null(o, "url", p->link);
		add_slug_name(o, "provider", ev->provider, ev->provider_name);
		add_slug_name(o, "model", ev->model, ev->model_name);
		if (ev->severity < SEVERITY__MAX)
			cJSON_AddStringToObject(o, "severity",
			                        severity_names[ev->severity]);
		else
			cJSON_AddNullToObject(o, "severity");
		if (ev->previous < SEVERITY__MAX &&
		    (ev->kind == NOTIFY_ESCALATED ||
		     ev->kind == NOTIFY_DEESCALATED))
			cJSON_AddStringToObject(o, "previousSeverity",
			                        severity_names[ev->previous]);
		else
			cJSON_AddNullToObject(o, "previousSeverity");
		cJSON_AddBoolToObject(o, "manual", ev->manual != 0);
		add_str_or_null(o, "title", ev->title);
		json_add_time(o, "startedAt", ev->started_at);
		if (ev->resolved_at > 0)
			json_add_time(o, "resolvedAt", ev->resolved_at);
		else
			cJSON_AddNullToObject(o, "resolvedAt");
		json_add_int_or_null(o, "durationSeconds", ev->resolved_at > 0,
		                     ev->resolved_at - ev->started_at);
		add_list(o, "regions", ev->regions);
	} else {
		cJSON_AddNullToObject(root, "incident");
	}
	if (k->incident && ev->update_state < UPDATE_STATE__MAX) {
		o = cJSON_AddObjectToObject(root, "update");
		cJSON_AddStringToObject(o, "state",
		                        update_state_names[ev->update_state]);
		cJSON_AddStringToObject(o, "body", str(ev->update_body));
		cJSON_AddStringToObject(o, "author", str(ev->update_author));
	} else {
		cJSON_AddNullToObject(root, "update");
	}
	if (ev->kind == NOTIFY_MAINT_START || ev->kind == NOTIFY_MAINT_END) {
		o = cJSON_AddObjectToObject(root, "maintenance");
		cJSON_AddNumberToObject(o, "id", (double)ev->maintenance_id);
		cJSON_AddStringToObject(o, "title", str(ev->maint_title));
		json_add_time(o, "startsAt", ev->maint_starts);
		json_add_time(o, "endsAt", ev->maint_ends);
		add_list(o, "targets", ev->maint_targets);
		add_str_or_null(o, "url", p->link);
	} else {
		cJSON_AddNullToObject(root, "maintenance");
	}
	o = cJSON_AddObjectToObject(root, "message");
	cJSON_AddStringToObject(o, "locale", p->loc->code);
	cJSON_AddStringToObject(o, "title", p->title);
	cJSON_AddStringToObject(o, "text", text);
	return root;
}

/* Slack's incoming-webhook message: a fallback text and blocks (header,
 * section in mrkdwn, a link button, context). */
static cJSON *
slack_body(const struct parts *p, struct arena *a)
{
	cJSON *root = cJSON_CreateObject(), *blocks, *b, *t, *el, *btn;
	struct buf m = {0};

	cJSON_AddStringToObject(root, "text", slack_escaped(p->title, a));
	blocks = cJSON_AddArrayToObject(root, "blocks");
	b = cJSON_CreateObject();
	cJSON_AddStringToObject(b, "type", "header");
	t = cJSON_AddObjectToObject(b, "text");
	cJSON_AddStringToObject(t, "type", "plain_text");
	cJSON_AddStringToObject(t, "text",
	                        cut(a, p->title, SLACK_HEADER_MAX, 0));
	cJSON_AddBoolToObject(t, "emoji", 1);
	cJSON_AddItemToArray(blocks, b);
	buf_puts(&m, slack_escaped(p->lead, a));
	for (size_t i = 0; i < p->n_facts; i++)
		buf_printf(&m, "%s*%s:* %s", i == 0 ? "\n\n" : "\n",
		           slack_escaped(p->facts[i].name, a),
		           slack_escaped(p->facts[i].value, a));
	b = cJSON_CreateObject();
	cJSON_AddStringToObject(b, "type", "section");
	t = cJSON_AddObjectToObject(b, "text");
	cJSON_AddStringToObject(t, "type", "mrkdwn");
	cJSON_AddStringToObject(t, "text",
	                        cut(a, m.data, SLACK_SECTION_MAX, 0));
	buf_free(&m);
	cJSON_AddItemToArray(blocks, b);
	if (*p->link != '\0') {
		b = cJSON_CreateObject();
		cJSON_AddStringToObject(b, "type", "actions");
		el = cJSON_AddArrayToObject(b, "elements");
		btn = cJSON_CreateObject();
		cJSON_AddStringToObject(btn, "type", "button");
		t = cJSON_AddObjectToObject(btn, "text");
		cJSON_AddStringToObject(t, "type", "plain_text");
		cJSON_AddStringToObject(
		    t, "text", cut(a, p->open_label, SLACK_BUTTON_MAX, 0));
		cJSON_AddStringToObject(btn, "url", p->link);
		cJSON_AddItemToArray(el, btn);
		cJSON_AddItemToArray(blocks, b);
	}
	b = cJSON_CreateObject();
	cJSON_AddStringToObject(b, "type", "context");
	el = cJSON_AddArrayToObject(b, "elements");
	t = cJSON_CreateObject();
	cJSON_AddStringToObject(t, "type", "mrkdwn");
	cJSON_AddStringToObject(t, "text", slack_escaped(p->footer, a));
	cJSON_AddItemToArray(el, t);
	cJSON_AddItemToArray(blocks, b);
	return root;
}

/* Discord's webhook message: one embed within Discord's limits (each
 * text cut with "…", the longest ones cut further while the embed's
 * characters add up to more than 6000), and no mentions. */
static cJSON *
discord_body(const struct notify_event *ev, const struct parts *p,
             struct arena *a)
{
	cJSON *root = cJSON_CreateObject(), *embeds, *e, *fields, *f, *o;
	const char *title = cut(a, p->title, DISCORD_TITLE_MAX, 0);
	const char *desc = cut(a, p->lead, DISCORD_DESCRIPTION_MAX, 0);
	const char *footer = cut(a, p->footer, DISCORD_FOOTER_MAX, 0);
	const char *names[FACTS_MAX], *values[FACTS_MAX];
	size_t n =
	    p->n_facts < DISCORD_FIELDS_MAX ? p->n_facts : DISCORD_FIELDS_MAX;
	char ts[21];

	for (size_t i = 0; i < n; i++) {
		names[i] = cut(a, p->facts[i].name, DISCORD_FIELD_NAME_MAX, 0);
		values[i] =
		    cut(a, p->facts[i].value, DISCORD_FIELD_VALUE_MAX, 0);
	}
	for (;;) {
		size_t total = utf8_chars(title) + utf8_chars(desc) +
		               utf8_chars(footer),
		       longest, excess;
		const char **victim = &desc, *before;

		for (size_t i = 0; i < n; i++)
			total += utf8_chars(names[i]) + utf8_chars(values[i]);
		if (total <= DISCORD_TOTAL_MAX)
			break;
		longest = utf8_chars(desc);
		for (size_t i = 0; i < n; i++)
			if (utf8_chars(values[i]) > longest) {
				longest = utf8_chars(values[i]);
				victim = &values[i];
			}
		excess = total - DISCORD_TOTAL_MAX;
		before = *victim;
		*victim = cut(a, *victim,
		              longest > excess + 1 ? longest - excess : 1, 0);
		if (*victim == before)
			break; /* nothing left to cut (never with our texts) */
	}
	/* No text pings anyone (an operator's "@everyone"). */
	o = cJSON_AddObjectToObject(root, "allowed_mentions");
	cJSON_AddArrayToObject(o, "parse");
	embeds = cJSON_AddArrayToObject(root, "embeds");
	e = cJSON_CreateObject();
	cJSON_AddStringToObject(e, "title", title);
	cJSON_AddStringToObject(e, "description", desc);
	if (*p->link != '\0')
		cJSON_AddStringToObject(e, "url", p->link);
	cJSON_AddNumberToObject(e, "color", p->color);
	time_rfc3339(ev->occurred_at, ts);
	cJSON_AddStringToObject(e, "timestamp", ts);
	fields = cJSON_AddArrayToObject(e, "fields");
	for (size_t i = 0; i < n; i++) {
		f = cJSON_CreateObject();
		cJSON_AddStringToObject(f, "name", names[i]);
		cJSON_AddStringToObject(f, "value", values[i]);
		cJSON_AddBoolToObject(f, "inline", !p->facts[i].wide);
		cJSON_AddItemToArray(fields, f);
	}
	o = cJSON_AddObjectToObject(e, "footer");
	cJSON_AddStringToObject(o, "text", footer);
	cJSON_AddItemToArray(embeds, e);
	return root;
}

/* A Teams workflow webhook's message: one Adaptive Card (title, text,
 * facts, a link). */
static cJSON *
teams_body(const struct parts *p)
{
	cJSON *root = cJSON_CreateObject(), *atts, *att, *card, *body, *x,
	      *facts, *f, *actions;

	cJSON_AddStringToObject(root, "type", "message");
	atts = cJSON_AddArrayToObject(root, "attachments");
	att = cJSON_CreateObject();
	cJSON_AddStringToObject(att, "contentType",
	                        "application/vnd.microsoft.card.adaptive");
	cJSON_AddNullToObject(att, "contentUrl");
	card = cJSON_AddObjectToObject(att, "content");
	cJSON_AddStringToObject(card, "$schema",
	                        "http://adaptivecards.io/schemas/"
	                        "adaptive-card.json");
	cJSON_AddStringToObject(card, "type", "AdaptiveCard");
	cJSON_AddStringToObject(card, "version", "1.4");
	body = cJSON_AddArrayToObject(card, "body");
	x = cJSON_CreateObject();
	cJSON_AddStringToObject(x, "type", "TextBlock");
	cJSON_AddStringToObject(x, "text", p->title);
	cJSON_AddStringToObject(x, "size", "Medium");
	cJSON_AddStringToObject(x, "weight", "Bolder");
	cJSON_AddBoolToObject(x, "wrap", 1);
	cJSON_AddItemToArray(body, x);
	x = cJSON_CreateObject();
	cJSON_AddStringToObject(x, "type", "TextBlock");
	cJSON_AddStringToObject(x, "text", p->lead);
	cJSON_AddBoolToObject(x, "wrap", 1);
	cJSON_AddItemToArray(body, x);
	x = cJSON_CreateObject();
	cJSON_AddStringToObject(x, "type", "FactSet");
	facts = cJSON_AddArrayToObject(x, "facts");
	for (size_t i = 0; i < p->n_facts; i++) {
		f = cJSON_CreateObject();
		cJSON_AddStringToObject(f, "title", p->facts[i].name);
		cJSON_AddStringToObject(f, "value", p->facts[i].value);
		cJSON_AddItemToArray(facts, f);
	}
	cJSON_AddItemToArray(body, x);
	actions = cJSON_AddArrayToObject(card, "actions");
	if (*p->link != '\0') {
		x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "type", "Action.OpenUrl");
		cJSON_AddStringToObject(x, "title", p->open_label);
		cJSON_AddStringToObject(x, "url", p->link);
		cJSON_AddItemToArray(actions, x);
	}
	cJSON_AddItemToArray(atts, att);
	return root;
}

/* ntfy's JSON publishing: posted to the server root with the topic (the
 * url's last path segment) in the body. */
static cJSON *
ntfy_body(const struct notify_channel *ch, const struct notify_event *ev,
          const struct parts *p, const char *text, struct arena *a)
{
	cJSON *root = cJSON_CreateObject(), *tags;
	const char *slash = strrchr(ch->url, '/');

	cJSON_AddStringToObject(root, "topic", slash ? slash + 1 : "");
	cJSON_AddStringToObject(root, "title", p->title);
	cJSON_AddStringToObject(root, "message",
	                        cut(a, text, NTFY_MESSAGE_MAX, 1));
	cJSON_AddNumberToObject(root, "priority", p->priority);
	tags = cJSON_AddArrayToObject(root, "tags");
	cJSON_AddItemToArray(tags,
	                     cJSON_CreateString(kinds[ev->kind].ntfy_tag));
	if (*p->link != '\0')
		cJSON_AddStringToObject(root, "click", p->link);
	return root;
}

/* root printed into the arena as the message's body; root is freed. */
static void
set_json_body(struct notify_message *out, cJSON *root, struct arena *a)
{
	char *s = json_print(root);

	out->content_type = "application/json";
	out->body_len = strlen(s);
	out->body = arena_strndup(a, s, out->body_len);
	free(s);
	cJSON_Delete(root);
}

int
notify_render(const struct notify_channel *ch, const struct notify_event *ev,
              struct i18n *t, const struct notify_links *links, struct arena *a,
              struct notify_message *out, char *err, size_t errlen)
{
	const struct locale *loc;
	struct parts p;
	const char *text;

	memset(out, 0, sizeof(*out));
	if (ch == NULL || ev == NULL || t == NULL ||
	    (unsigned)ch->type >= NOTIFY_TYPE__MAX ||
	    (unsigned)ev->kind >= NOTIFY_KIND__MAX) {
		snprintf(err, errlen, "notify_render: %s",
		         ch == NULL || ev == NULL || t == NULL
		             ? "no channel, event or catalogs"
		         : (unsigned)ch->type >= NOTIFY_TYPE__MAX
		             ? "an unknown channel type"
		             : "an unknown kind of event");
		return -1;
	}
	loc = i18n_find(t, ch->lang);
	if (loc == NULL)
		loc = i18n_default(t);
	compose(ch, ev, loc, links, a, &p);
	text = plain_text(&p, 1, a);
	out->title = p.title;
	out->text = text;
	out->link = p.link;
	out->post_url = ch->url;
	switch (ch->type) {
	case NOTIFY_WEBHOOK:
		set_json_body(out, webhook_body(ev, &p, text), a);
		break;
	case NOTIFY_SLACK:
		set_json_body(out, slack_body(&p, a), a);
		break;
	case NOTIFY_DISCORD:
		set_json_body(out, discord_body(ev, &p, a), a);
		break;
	case NOTIFY_TEAMS:
		set_json_body(out, teams_body(&p), a);
		break;
	case NOTIFY_NTFY: {
		const char *slash = strrchr(ch->url, '/');

		set_json_body(
		    out, ntfy_body(ch, ev, &p, plain_text(&p, 0, a), a), a);
		out->post_url =
		    slash != NULL
		        ? arena_strndup(a, ch->url, (size_t)(slash - ch->url))
		        : ch->url;
		break;
	}
	case NOTIFY_EMAIL:
		out->content_type = "text/plain; charset=utf-8";
		out->body = text;
		out->body_len = strlen(text);
		out->html = html_text(&p, a);
		break;
	case NOTIFY_TYPE__MAX:
		break;
	}
	return 0;
}

void
notify_hmac_sha256_hex(const char *key, const void *data, size_t n,
                       char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;

	/* HMAC fails only without memory or with an unknown digest; an empty
	 * digest then, which no receiver accepts. */
	if (HMAC(EVP_sha256(), key, (int)strlen(key), data, n, md, &md_len) ==
	        NULL ||
	    md_len != 32)
		md_len = 0;
	for (unsigned int i = 0; i < md_len; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	out[2 * md_len] = '\0';
}

void
notify_sign(const char *secret, int64_t timestamp, const char *body,
            size_t body_len, char out[72])
{
	char prefix[32];
	int n = snprintf(prefix, sizeof(prefix), "%lld.", (long long)timestamp);
	char *msg = xmalloc((size_t)n + body_len + 1);

	memcpy(msg, prefix, (size_t)n);
	if (body_len > 0)
		memcpy(msg + n, body, body_len);
	memcpy(out, "sha256=", 7);
	notify_hmac_sha256_hex(secret, msg, (size_t)n + body_len, out + 7);
	free(msg);
}

void
notify_idempotency_key(const char *event_key, const char *channel, char *out,
                       size_t outlen)
{
	snprintf(out, outlen, "%s-%s", event_key, channel);
}
