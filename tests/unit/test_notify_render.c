/* test_notify_render.c: the messages of notifications: each channel type's body parsed back, every kind in every locale, limits, escaping, and the webhook signature. */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "notify_render.h"
#include "unit.h"

static struct i18n *cat;

static void
load_catalogs(void)
{
	char dir[1100], err[512] = "";

	snprintf(dir, sizeof(dir), "%s/locales", unit_root());
	cat = i18n_load(dir, "en", err, sizeof(err));
	ck_assert_msg(cat != NULL, "%s", err);
}

static void
free_catalogs(void)
{
	i18n_free(cat);
	cat = NULL;
}

/* Times of the example (python3: calendar.timegm):
 * 2026-12-01T19:00:00Z, 19:23:30Z, 18:40:00Z; 2026-12-02T01:00, 03:00. */
#define T_OCCURRED 1796151600
#define T_RESOLVED 1796153010
#define T_STARTED 1796150400
#define T_MAINT_FROM 1796173200
#define T_MAINT_TO 1796180400

static const struct notify_links links = {"https://status.example.com",
                                          "/status"};

/* An event of kind k about OpenAI GPT-4o (incident 12, major, eastus and
 * global), or maintenance 3. */
static struct notify_event
event(enum notify_kind k)
{
	struct notify_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.id = 7;
	ev.kind = k;
	snprintf(ev.key, sizeof(ev.key), "0123456789abcdef0123456789abcdef");
	ev.occurred_at = T_OCCURRED;
	ev.created_at = T_OCCURRED;
	ev.provider = "openai";
	ev.provider_name = "OpenAI";
	ev.model = "gpt-4o";
	ev.model_name = "GPT-4o";
	ev.title = "";
	ev.regions = "eastus,global";
	ev.update_state = UPDATE_STATE__MAX;
	ev.update_body = "";
	ev.update_author = "";
	ev.maint_title = "";
	ev.maint_targets = "";
	ev.severity = SEVERITY_MAJOR;
	ev.previous = SEVERITY__MAX;
	if (k == NOTIFY_MAINT_START || k == NOTIFY_MAINT_END) {
		ev.maintenance_id = 3;
		ev.provider = ev.provider_name = ev.model = ev.model_name = "";
		ev.regions = "";
		ev.severity = SEVERITY_NONE;
		ev.maint_title = "Database upgrade";
		ev.maint_starts = T_MAINT_FROM;
		ev.maint_ends = T_MAINT_TO;
		ev.maint_targets = "openai,anthropic/claude-x";
		return ev;
	}
	if (k == NOTIFY_TEST) {
		ev.id = 0;
		ev.provider = ev.provider_name = ev.model = ev.model_name = "";
		ev.regions = "";
		ev.severity = SEVERITY_NONE;
		return ev;
	}
	ev.incident_id = 12;
	ev.provider_id = 1;
	ev.model_id = 4;
	ev.started_at = T_STARTED;
	if (k == NOTIFY_ESCALATED)
		ev.previous = SEVERITY_MINOR;
	if (k == NOTIFY_DEESCALATED) {
		ev.severity = SEVERITY_MINOR;
		ev.previous = SEVERITY_MAJOR;
	}
	if (k == NOTIFY_RESOLVED) {
		ev.started_at = T_OCCURRED;
		ev.resolved_at = T_RESOLVED;
	}
	if (k == NOTIFY_UPDATE) {
		ev.manual = 1;
		ev.title = "Elevated errors";
		ev.update_state = UPDATE_IDENTIFIED;
		ev.update_body = "We found it <script>alert(1)</script> & "
		                 "<!channel> *bold*";
		ev.update_author = "ops";
	}
	return ev;
}

static struct notify_channel
channel(enum notify_type type, const char *lang)
{
	struct notify_channel ch;

	memset(&ch, 0, sizeof(ch));
	snprintf(ch.name, sizeof(ch.name), "ops");
	ch.type = type;
	snprintf(ch.url, sizeof(ch.url), "%s",
	         type == NOTIFY_NTFY    ? "https://ntfy.example.com/aigo-alerts"
	         : type == NOTIFY_EMAIL ? "smtp://mail.example.com:587"
	                                : "https://hooks.example.com/T0/B0/x");
	snprintf(ch.lang, sizeof(ch.lang), "%s", lang);
	ch.min_severity = 1;
	return ch;
}

/* Renders ev for ch with the links l into *m (memory from a), asserting success. */
static void
render_ok(const struct notify_channel *ch, const struct notify_event *ev,
          const struct notify_links *l, struct arena *a,
          struct notify_message *m)
{
	char err[256] = "";

	ck_assert_msg(notify_render(ch, ev, cat, l, a, m, err, sizeof(err)) ==
	                  0,
	              "%s", err);
}

/* Renders and parses the body back (JSON types), asserting success. */
static cJSON *
render_json(enum notify_type type, const char *lang,
            const struct notify_event *ev, const struct notify_links *l,
            struct arena *a, struct notify_message *m)
{
	struct notify_channel ch = channel(type, lang);
	cJSON *root;

	render_ok(&ch, ev, l, a, m);
	ck_assert_str_eq(m->content_type, "application/json");
	ck_assert_uint_eq(m->body_len, strlen(m->body));
	root = cJSON_Parse(m->body);
	ck_assert_msg(root != NULL, "not JSON: %s", m->body);
	return root;
}

static const char *
get_str(const cJSON *o, const char *path)
{
	const cJSON *x = o;
	char buf[256], *save = NULL, *tok;

	snprintf(buf, sizeof(buf), "%s", path);
	for (tok = strtok_r(buf, "/", &save); tok != NULL;
	     tok = strtok_r(NULL, "/", &save)) {
		if (cJSON_IsArray(x))
			x = cJSON_GetArrayItem(x, atoi(tok));
		else
			x = cJSON_GetObjectItemCaseSensitive(x, tok);
		ck_assert_msg(x != NULL, "no %s", path);
	}
	ck_assert_msg(cJSON_IsString(x), "%s is not a string", path);
	return x->valuestring;
}

static const cJSON *
get(const cJSON *o, const char *path)
{
	const cJSON *x = o;
	char buf[256], *save = NULL, *tok;

	snprintf(buf, sizeof(buf), "%s", path);
	for (tok = strtok_r(buf, "/", &save); tok != NULL;
	     tok = strtok_r(NULL, "/", &save)) {
		if (cJSON_IsArray(x))
			x = cJSON_GetArrayItem(x, atoi(tok));
		else
			x = cJSON_GetObjectItemCaseSensitive(x, tok);
		ck_assert_msg(x != NULL, "no %s", path);
	}
	return x;
}

START_TEST(test_render_webhook_opened)
{
	struct arena *a = arena_new();
	struct notify_event ev = event(NOTIFY_OPENED);
	struct notify_message m;
	cJSON *r = render_json(NOTIFY_WEBHOOK, "en", &ev, &links, a, &m);
	const cJSON *inc;

	ck_assert_str_eq(get_str(r, "event"), "incident.opened");
	ck_assert_str_eq(get_str(r, "id"), "0123456789abcdef0123456789abcdef");
	ck_assert_str_eq(get_str(r, "occurredAt"), "2026-12-01T19:00:00Z");
	inc = get(r, "incident");
	ck_assert(cJSON_IsNumber(get(inc, "id")));
	ck_assert_int_eq(get(inc, "id")->valueint, 12);
	ck_assert_str_eq(get_str(inc, "url"),
	                 "https://status.example.com/status/en/incidents/12");
	ck_assert_str_eq(get_str(inc, "provider/slug"), "openai");
	ck_assert_str_eq(get_str(inc, "provider/name"), "OpenAI");
	ck_assert_str_eq(get_str(inc, "model/slug"), "gpt-4o");
	ck_assert_str_eq(get_str(inc, "model/name"), "GPT-4o");
	ck_assert_str_eq(get_str(inc, "severity"), "major");
	ck_assert(cJSON_IsNull(get(inc, "previousSeverity")));
	ck_assert(cJSON_IsFalse(get(inc, "manual")));
	ck_assert(cJSON_IsNull(get(inc, "title")));
	ck_assert_str_eq(get_str(inc, "startedAt"), "2026-12-01T18:40:00Z");
	ck_assert(cJSON_IsNull(get(inc, "resolvedAt")));
	ck_assert(cJSON_IsNull(get(inc, "durationSeconds")));
	ck_assert_int_eq(cJSON_GetArraySize(get(inc, "regions")), 2);
	ck_assert_str_eq(get_str(inc, "regions/0"), "eastus");
	ck_assert_str_eq(get_str(inc, "regions/1"), "global");
	ck_assert(cJSON_IsNull(get(r, "update")));
	ck_assert(cJSON_IsNull(get(r, "maintenance")));
	ck_assert_str_eq(get_str(r, "message/locale"), "en");
	ck_assert_str_eq(get_str(r, "message/title"),
	                 "Down: OpenAI GPT-4o (major)");
	ck_assert_str_eq(m.title, "Down: OpenAI GPT-4o (major)");
	ck_assert_ptr_nonnull(
	    strstr(get_str(r, "message/text"), "since 2026-12-01 18:40 UTC"));
	ck_assert_ptr_nonnull(
	    strstr(get_str(r, "message/text"), "Regions: eastus, global"));
	ck_assert_ptr_nonnull(strstr(
	    get_str(r, "message/text"),
	    "Details: https://status.example.com/status/en/incidents/12"));
	ck_assert_str_eq(m.post_url, "https://hooks.example.com/T0/B0/x");
	ck_assert_str_eq(m.link,
	                 "https://status.example.com/status/en/incidents/12");
	/* Exactly the documented fields, no more. */
	ck_assert_int_eq(cJSON_GetArraySize(r), 7);
	ck_assert_int_eq(cJSON_GetArraySize(inc), 12);
	cJSON_Delete(r);
	arena_free(a);
}
END_TEST

START_TEST(test_render_webhook_resolved_update_maintenance)
{
	struct arena *a = arena_new();
	struct notify_event ev = event(NOTIFY_RESOLVED);
	struct notify_message m;
	cJSON *r = render_json(NOTIFY_WEBHOOK, "en", &ev, &links, a, &m);

	/* 19:00:00 to 19:23:30: 1410 s, shown cut down to whole minutes. */
	ck_assert_str_eq(get_str(r, "event"), "incident.resolved");
	ck_assert_str_eq(get_str(r, "incident/resolvedAt"),
	                 "2026-12-01T19:23:30Z");
	ck_assert_int_eq(get(r, "incident/durationSeconds")->valueint, 1410);
	ck_assert_str_eq(m.title, "Resolved: OpenAI GPT-4o after 23 min");
	cJSON_Delete(r);

	ev = event(NOTIFY_ESCALATED);
	r = render_json(NOTIFY_WEBHOOK, "en", &ev, &links, a, &m);
	ck_assert_str_eq(get_str(r, "incident/previousSeverity"), "minor");
	ck_assert_str_eq(m.title, "Worse: OpenAI GPT-4o (major, was minor)");
	cJSON_Delete(r);

	ev = event(NOTIFY_UPDATE);
	r = render_json(NOTIFY_WEBHOOK, "en", &ev, &links, a, &m);
	ck_assert_str_eq(get_str(r, "event"), "incident.updated");
	ck_assert(cJSON_IsTrue(get(r, "incident/manual")));
	ck_assert_str_eq(get_str(r, "incident/title"), "Elevated errors");
	ck_assert_str_eq(get_str(r, "update/state"), "identified");
	ck_assert_str_eq(get_str(r, "update/body"), ev.update_body);
	ck_assert_str_eq(get_str(r, "update/author"), "ops");
	ck_assert_str_eq(m.title, "Update on OpenAI GPT-4o: Identified");
	cJSON_Delete(r);

	ev = event(NOTIFY_MAINT_START);
	r = render_json(NOTIFY_WEBHOOK, "ja", &ev, &links, a, &m);
	ck_assert_str_eq(get_str(r, "event"), "maintenance.started");
	ck_assert(cJSON_IsNull(get(r, "incident")));
	ck_assert_int_eq(get(r, "maintenance/id")->valueint, 3);
	ck_assert_str_eq(get_str(r, "maintenance/title"), "Database upgrade");
	ck_assert_str_eq(get_str(r, "maintenance/startsAt"),
	                 "2026-12-02T01:00:00Z");
	ck_assert_str_eq(get_str(r, "maintenance/endsAt"),
	                 "2026-12-02T03:00:00Z");
	ck_assert_str_eq(get_str(r, "maintenance/targets/1"),
	                 "anthropic/claude-x");
	ck_assert_str_eq(get_str(r, "maintenance/url"),
	                 "https://status.example.com/status/ja/incidents");
	ck_assert_str_eq(get_str(r, "message/locale"), "ja");
	ck_assert_str_eq(m.title, "メンテナンス開始: Database upgrade");
	cJSON_Delete(r);

	/* Without a public URL there is no link. */
	ev = event(NOTIFY_OPENED);
	r = render_json(NOTIFY_WEBHOOK, "en", &ev, NULL, a, &m);
	ck_assert(cJSON_IsNull(get(r, "incident/url")));
	ck_assert_str_eq(m.link, "");
	ck_assert_ptr_null(strstr(m.text, "Details"));
	cJSON_Delete(r);
	arena_free(a);
}
END_TEST

/* Slack: fallback text, header/section/actions/context blocks, and the
 * operator's text with &, < and > escaped (no mention, no link). */
START_TEST(test_render_slack)
{
	struct arena *a = arena_new();
	struct notify_event ev = event(NOTIFY_UPDATE);
	struct notify_message m;
	cJSON *r = render_json(NOTIFY_SLACK, "en", &ev, &links, a, &m);
	const char *section;

	ck_assert_str_eq(get_str(r, "text"),
	                 "Update on OpenAI GPT-4o: Identified");
	ck_assert_int_eq(cJSON_GetArraySize(get(r, "blocks")), 4);
	ck_assert_str_eq(get_str(r, "blocks/0/type"), "header");
	ck_assert_str_eq(get_str(r, "blocks/0/text/type"), "plain_text");
	ck_assert_str_eq(get_str(r, "blocks/0/text/text"),
	                 "Update on OpenAI GPT-4o: Identified");
	ck_assert_str_eq(get_str(r, "blocks/1/type"), "section");
	ck_assert_str_eq(get_str(r, "blocks/1/text/type"), "mrkdwn");
	section = get_str(r, "blocks/1/text/text");
	ck_assert_ptr_nonnull(strstr(section,
	                             "&lt;script&gt;alert(1)&lt;/"
	                             "script&gt; &amp; &lt;!channel&gt;"));
	ck_assert_ptr_null(strstr(section, "<!channel>"));
	ck_assert_ptr_null(strstr(section, "<script>"));
	ck_assert_ptr_nonnull(strstr(section, "*Update:* We found it"));
	ck_assert_str_eq(get_str(r, "blocks/2/type"), "actions");
	ck_assert_str_eq(get_str(r, "blocks/2/elements/0/type"), "button");
	ck_assert_str_eq(get_str(r, "blocks/2/elements/0/text/text"),
	                 "Open the incident");
	ck_assert_str_eq(get_str(r, "blocks/2/elements/0/url"),
	                 "https://status.example.com/status/en/incidents/12");
	ck_assert_str_eq(get_str(r, "blocks/3/type"), "context");
	ck_assert_str_eq(get_str(r, "blocks/3/elements/0/type"), "mrkdwn");
	cJSON_Delete(r);
	/* No link: no button. */
	r = render_json(NOTIFY_SLACK, "en", &ev, NULL, a, &m);
	ck_assert_int_eq(cJSON_GetArraySize(get(r, "blocks")), 3);
	ck_assert_str_eq(get_str(r, "blocks/2/type"), "context");
	cJSON_Delete(r);
	arena_free(a);
}
END_TEST

/* The number of UTF-8 characters of s, as Discord counts them. */
static size_t
chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

START_TEST(test_render_discord)
{
	struct arena *a = arena_new();
	struct notify_event ev = event(NOTIFY_OPENED);
	struct notify_message m;
	cJSON *r = render_json(NOTIFY_DISCORD, "en", &ev, &links, a, &m);
	const cJSON *e, *f;
	char *big;
	size_t total;

	ck_assert_int_eq(cJSON_GetArraySize(get(r, "embeds")), 1);
	e = get(r, "embeds/0");
	ck_assert_str_eq(get_str(e, "title"), "Down: OpenAI GPT-4o (major)");
	ck_assert_ptr_nonnull(strstr(get_str(e, "description"), "OpenAI"));
	ck_assert_str_eq(get_str(e, "url"),
	                 "https://status.example.com/status/en/incidents/12");
	ck_assert(cJSON_IsNumber(get(e, "color")));
	ck_assert_int_eq(get(e, "color")->valueint, 0xE8590C);
	ck_assert_str_eq(get_str(e, "timestamp"), "2026-12-01T19:00:00Z");
	f = get(e, "fields");
	ck_assert(cJSON_GetArraySize(f) >= 3);
	for (int i = 0; i < cJSON_GetArraySize(f); i++) {
		const cJSON *x = cJSON_GetArrayItem(f, i);

		ck_assert(cJSON_IsString(get(x, "name")));
		ck_assert(cJSON_IsString(get(x, "value")));
		ck_assert(cJSON_IsBool(get(x, "inline")));
	}
	ck_assert_str_eq(get_str(f, "0/name"), "Severity");
	ck_assert_ptr_nonnull(strstr(get_str(f, "0/value"), "Major"));
	ck_assert(cJSON_IsString(get(e, "footer/text")));
	ck_assert_int_eq(cJSON_GetArraySize(get(r, "allowed_mentions/parse")),
	                 0);
	cJSON_Delete(r);

	/* An update of 5000 two-byte characters: the field is cut at 1024
	 * characters with an ellipsis, the embed within 6000. */
	ev = event(NOTIFY_UPDATE);
	big = malloc(5000 * 2 + 1);
	for (int i = 0; i < 5000; i++)
		memcpy(big + 2 * i, "é", 2);
	big[10000] = '\0';
	ev.update_body = big;
	ev.title = big;
	r = render_json(NOTIFY_DISCORD, "en", &ev, &links, a, &m);
	e = get(r, "embeds/0");
	f = get(e, "fields");
	total = chars(get_str(e, "title")) + chars(get_str(e, "description")) +
	        chars(get_str(e, "footer/text"));
	for (int i = 0; i < cJSON_GetArraySize(f); i++) {
		const char *name = get_str(cJSON_GetArrayItem(f, i), "name");
		const char *value = get_str(cJSON_GetArrayItem(f, i), "value");

		ck_assert_uint_le(chars(name), 256);
		ck_assert_uint_le(chars(value), 1024);
		total += chars(name) + chars(value);
		if (strcmp(name, "Update") == 0) {
			ck_assert_uint_eq(chars(value), 1024);
			ck_assert_str_eq(value + strlen(value) - 3, "…");
			ck_assert(cJSON_IsFalse(
			    get(cJSON_GetArrayItem(f, i), "inline")));
		}
	}
	ck_assert_uint_le(total, 6000);
	cJSON_Delete(r);
	/* A long title and description and four long fields: cut further to
	 * 6000 in all. */
	ev.model_name = big;
	ev.regions = big;
	ev.update_author = big;
	r = render_json(NOTIFY_DISCORD, "en", &ev, &links, a, &m);
	e = get(r, "embeds/0");
	f = get(e, "fields");
	total = chars(get_str(e, "title")) + chars(get_str(e, "description")) +
	        chars(get_str(e, "footer/text"));
	for (int i = 0; i < cJSON_GetArraySize(f); i++)
		total += chars(get_str(cJSON_GetArrayItem(f, i), "name")) +
		         chars(get_str(cJSON_GetArrayItem(f, i), "value"));
	ck_assert_uint_le(total, 6000);
	ck_assert_uint_ge(total, 5000); /* cut, not emptied */
	cJSON_Delete(r);
	free(big);
	arena_free(a);
}
END_TEST

START_TEST(test_render_teams)
{
	struct arena *a = arena_new();
	struct notify_event ev = event(NOTIFY_RESOLVED);
	struct notify_message m;
	cJSON *r = render_json(NOTIFY_TEAMS, "es", &ev, &links, a, &m);
	const cJSON *c;

	ck_assert_str_eq(get_str(r, "type"), "message");
	ck_assert_int_eq(cJSON_GetArraySize(get(r, "attachments")), 1);
	ck_assert_str_eq(get_str(r, "attachments/0/contentType"),
	                 "application/vnd.microsoft.card.adaptive");
	ck_assert(cJSON_IsNull(get(r, "attachments/0/contentUrl")));
	c = get(r, "attachments/0/content");
	ck_assert_str_eq(get_str(c, "$schema"),
	                 "http://adaptivecards.io/schemas/adaptive-card.json");
	ck_assert_str_eq(get_str(c, "type"), "AdaptiveCard");
	ck_assert_str_eq(get_str(c, "version"), "1.4");
	ck_assert_str_eq(get_str(c, "body/0/type"), "TextBlock");
	ck_assert_str_eq(get_str(c, "body/0/text"),
	                 "Resuelto: OpenAI GPT-4o tras 23 min");
	ck_assert_str_eq(get_str(c, "body/1/type"), "TextBlock");
	ck_assert(cJSON_IsTrue(get(c, "body/1/wrap")));
	ck_assert_str_eq(get_str(c, "body/2/type"), "FactSet");
	ck_assert(cJSON_IsString(get(c, "body/2/facts/0/title")));
	ck_assert(cJSON_IsString(get(c, "body/2/facts/0/value")));
	ck_assert_str_eq(get_str(c, "actions/0/type"), "Action.OpenUrl");
	ck_assert_str_eq(get_str(c, "actions/0/url"),
	                 "https://status.example.com/status/es/incidents/12");
	cJSON_Delete(r);
	arena_free(a);
}
END_TEST

START_TEST(test_render_ntfy)
{
	static const struct {
		enum notify_kind kind;
		int priority;
		const char *tag;
	} cases[] = {
	    {NOTIFY_OPENED, 4, "rotating_light"},
	    {NOTIFY_RESOLVED, 3, "white_check_mark"},
	    {NOTIFY_MAINT_START, 3, "construction"},
	    {NOTIFY_TEST, 2, "test_tube"},
	};
	struct arena *a = arena_new();

	for (size_t i = 0; i < NELEM(cases); i++) {
		struct notify_event ev = event(cases[i].kind);
		struct notify_message m;
		cJSON *r = render_json(NOTIFY_NTFY, "ko", &ev, &links, a, &m);

		ck_assert_str_eq(m.post_url, "https://ntfy.example.com");
		ck_assert_str_eq(get_str(r, "topic"), "aigo-alerts");
		ck_assert_str_eq(get_str(r, "title"), m.title);
		ck_assert(cJSON_IsString(get(r, "message")));
		ck_assert(cJSON_IsNumber(get(r, "priority")));
		ck_assert_int_eq(get(r, "priority")->valueint,
		                 cases[i].priority);
		ck_assert_str_eq(get_str(r, "tags/0"), cases[i].tag);
		ck_assert_str_eq(get_str(r, "click"), m.link);
		cJSON_Delete(r);
	}
	{
		struct notify_event ev = event(NOTIFY_ESCALATED);
		struct notify_message m;
		cJSON *r;

		ev.severity = SEVERITY_CRITICAL;
		r = render_json(NOTIFY_NTFY, "ko", &ev, &links, a, &m);
		ck_assert_int_eq(get(r, "priority")->valueint, 5);
		ck_assert_str_eq(m.title,
		                 "악화: OpenAI GPT-4o (심각, 이전 경미)");
		cJSON_Delete(r);
	}
	arena_free(a);
}
END_TEST

/* Email: the subject is the title; the text part; the HTML part with
 * the operator's text escaped. */
START_TEST(test_render_email)
{
	struct arena *a = arena_new();
	struct notify_event ev = event(NOTIFY_UPDATE);
	struct notify_channel ch = channel(NOTIFY_EMAIL, "zh");
	struct notify_message m;

	render_ok(&ch, &ev, &links, a, &m);
	ck_assert_str_eq(m.title, "OpenAI GPT-4o 的更新：已查明");
	ck_assert_ptr_nonnull(m.text);
	ck_assert_ptr_nonnull(strstr(m.text, ev.update_body));
	ck_assert_ptr_nonnull(m.html);
	ck_assert_ptr_nonnull(strstr(m.html, "&lt;script&gt;alert(1)"));
	ck_assert_ptr_null(strstr(m.html, "<script>"));
	ck_assert_ptr_nonnull(strstr(
	    m.html,
	    "<a href=\"https://status.example.com/status/zh/incidents/12\">"));
	ck_assert_ptr_nonnull(strstr(m.html, "<html lang=\"zh\">"));
	ck_assert_str_eq(m.post_url, "smtp://mail.example.com:587");
	ck_assert_str_eq(m.content_type, "text/plain; charset=utf-8");
	ck_assert_str_eq(m.body, m.text);
	/* A subject is one line, whatever the operator wrote. */
	ev = event(NOTIFY_MAINT_END);
	ev.maint_title = "Upgrade\r\nBcc: victim@example.com";
	render_ok(&ch, &ev, &links, a, &m);
	ck_assert_str_eq(m.title, "维护结束：Upgrade  Bcc: victim@example.com");
	arena_free(a);
}
END_TEST

/* Kind k for type t in lang: a title and text with no catalog key and no
 * placeholder left, the same bytes twice, and (other than en) a title
 * that differs from the English one. */
static void
check_kind(const char *lang, enum notify_kind k, enum notify_type t)
{
	struct arena *a = arena_new(), *b = arena_new();
	struct notify_event ev = event(k);
	struct notify_channel ch = channel(t, lang);
	struct notify_message m1, m2, m3;

	render_ok(&ch, &ev, &links, a, &m1);
	render_ok(&ch, &ev, &links, b, &m2);
	ck_assert_uint_eq(m1.body_len, m2.body_len);
	ck_assert(memcmp(m1.body, m2.body, m1.body_len) == 0);
	ck_assert_msg(*m1.title != '\0', "%s %d %d", lang, k, t);
	ck_assert_msg(strstr(m1.body, "notify.") == NULL &&
	                  strstr(m1.text, "notify.") == NULL &&
	                  strstr(m1.title, "{") == NULL &&
	                  strstr(m1.text, "{") == NULL,
	              "%s %d %d: %s / %s", lang, k, t, m1.title, m1.text);
	if (strcmp(lang, "en") != 0) {
		struct notify_channel en = channel(t, "en");

		render_ok(&en, &ev, &links, b, &m3);
		ck_assert_str_ne(m1.title, m3.title);
	}
	arena_free(a);
	arena_free(b);
}

/* Every kind for every type in every locale (check_kind). */
START_TEST(test_render_every_kind_and_locale)
{
	static const char *const langs[] = {"en", "ko", "ja", "zh", "es"};

	for (size_t l = 0; l < NELEM(langs); l++)
		for (int k = 0; k < NOTIFY_KIND__MAX; k++)
			for (int t = 0; t < NOTIFY_TYPE__MAX; t++)
				check_kind(langs[l], (enum notify_kind)k,
				           (enum notify_type)t);
}
END_TEST

START_TEST(test_render_refuses_bad_input)
{
	struct arena *a = arena_new();
	struct notify_event ev = event(NOTIFY_OPENED);
	struct notify_channel ch = channel(NOTIFY_WEBHOOK, "xx");
	struct notify_message m;
	char err[256] = "";

	/* An unknown language: the default locale. */
	render_ok(&ch, &ev, &links, a, &m);
	ck_assert_str_eq(m.title, "Down: OpenAI GPT-4o (major)");
	ev.kind = NOTIFY_KIND__MAX;
	ck_assert_int_eq(
	    notify_render(&ch, &ev, cat, &links, a, &m, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "unknown kind"));
	ev.kind = NOTIFY_OPENED;
	ch.type = NOTIFY_TYPE__MAX;
	ck_assert_int_eq(
	    notify_render(&ch, &ev, cat, &links, a, &m, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "unknown channel type"));
	arena_free(a);
}
END_TEST

/* HMAC-SHA256: RFC 4231 test case 2, and the signature of a body against
 * `openssl dgst -sha256 -hmac` over "TIMESTAMP.BODY". */
START_TEST(test_sign)
{
	static const char body[] = "{\"event\": \"test\", \"x\": \"é\"}";
	char hex[65], sig[72], cmd[512], expect[200] = "", key[80];
	FILE *p;

	notify_hmac_sha256_hex("Jefe", "what do ya want for nothing?", 28, hex);
	ck_assert_str_eq(hex, "5bdcc146bf60754e6a042426089575c7"
	                      "5a003f089d2739839dec58b964ec3843");
	notify_sign("s3cret-key", 1796151600, body, strlen(body), sig);
	snprintf(cmd, sizeof(cmd),
	         "printf '%%s' '1796151600.%s' | openssl dgst -sha256 -hmac "
	         "'s3cret-key' -r",
	         body);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(fgets(expect, sizeof(expect), p));
	ck_assert_int_eq(pclose(p), 0);
	expect[64] = '\0'; /* "HEX *stdin" */
	ck_assert_uint_eq(strlen(sig), 71);
	ck_assert(strncmp(sig, "sha256=", 7) == 0);
	ck_assert_str_eq(sig + 7, expect);
	notify_idempotency_key("0123456789abcdef0123456789abcdef", "ops", key,
	                       sizeof(key));
	ck_assert_str_eq(key, "0123456789abcdef0123456789abcdef-ops");
}
END_TEST

Suite *
notify_render_suite(void)
{
	Suite *s = suite_create("notify_render");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, load_catalogs, free_catalogs);
	tcase_add_test(tc, test_render_webhook_opened);
	tcase_add_test(tc, test_render_webhook_resolved_update_maintenance);
	tcase_add_test(tc, test_render_slack);
	tcase_add_test(tc, test_render_discord);
	tcase_add_test(tc, test_render_teams);
	tcase_add_test(tc, test_render_ntfy);
	tcase_add_test(tc, test_render_email);
	tcase_add_test(tc, test_render_every_kind_and_locale);
	tcase_add_test(tc, test_render_refuses_bad_input);
	tcase_add_test(tc, test_sign);
	suite_add_tcase(s, tc);
	return s;
}
