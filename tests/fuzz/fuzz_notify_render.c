/* fuzz_notify_render.c: the messages of notifications (notify_render) with any operator text and names: valid JSON, the services' limits, escaped text, one-line titles, and the same bytes twice. */
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "arena.h"
#include "escape.h"
#include "fuzz.h"
#include "json.h"
#include "notify_render.h"

static struct i18n *i18n;
static const char *const langs[] = {"en", "ko", "ja", "zh", "es", "xx"};

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

/* Characters as Discord counts them (bytes that do not continue one). */
static size_t
chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static const char *
str_at(const cJSON *o, const char *name)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, name);

	FUZZ_ASSERT(cJSON_IsString(x), "no string %s", name);
	return x->valuestring;
}

static void
check_discord(const cJSON *root)
{
	const cJSON *e = cJSON_GetArrayItem(
	    cJSON_GetObjectItemCaseSensitive(root, "embeds"), 0);
	const cJSON *fields = cJSON_GetObjectItemCaseSensitive(e, "fields");
	size_t total;

	FUZZ_ASSERT(e != NULL && cJSON_IsArray(fields), "no embed");
	total = chars(str_at(e, "title")) + chars(str_at(e, "description")) +
	        chars(str_at(cJSON_GetObjectItemCaseSensitive(e, "footer"),
	                     "text"));
	FUZZ_ASSERT(chars(str_at(e, "title")) <= 256 &&
	                chars(str_at(e, "description")) <= 4096 &&
	                cJSON_GetArraySize(fields) <= 25,
	            "an embed past Discord's limits");
	for (int i = 0; i < cJSON_GetArraySize(fields); i++) {
		const cJSON *f = cJSON_GetArrayItem(fields, i);
		size_t n = chars(str_at(f, "name")),
		       v = chars(str_at(f, "value"));

		FUZZ_ASSERT(n >= 1 && n <= 256 && v >= 1 && v <= 1024,
		            "field %d: name %zu, value %zu characters", i, n,
		            v);
		total += n + v;
	}
	FUZZ_ASSERT(total <= 6000, "an embed of %zu characters", total);
}

static void
check_slack(const cJSON *root)
{
	const cJSON *blocks = cJSON_GetObjectItemCaseSensitive(root, "blocks");
	const char *fallback = str_at(root, "text");

	FUZZ_ASSERT(strpbrk(fallback, "<>") == NULL, "a raw < or > in text");
	for (int i = 0; i < cJSON_GetArraySize(blocks); i++) {
		const cJSON *b = cJSON_GetArrayItem(blocks, i);
		const cJSON *t = cJSON_GetObjectItemCaseSensitive(b, "text");

		if (t == NULL)
			continue;
		if (strcmp(str_at(t, "type"), "mrkdwn") == 0)
			FUZZ_ASSERT(strpbrk(str_at(t, "text"), "<>") == NULL &&
			                chars(str_at(t, "text")) <= 3000,
			            "a section's mrkdwn: \"%s\"",
			            fuzz_show(str_at(t, "text"),
			                      strlen(str_at(t, "text"))));
		else
			FUZZ_ASSERT(chars(str_at(t, "text")) <= 150,
			            "a header of %zu characters",
			            chars(str_at(t, "text")));
	}
}

/* Input: a byte each for the channel type, the event kind and the
 * locale, then the event's texts separated by 0x01 bytes. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct notify_channel ch;
	struct notify_event ev;
	struct notify_links links = {"https://status.example.com", "/status"};
	const char *field[9] = {"", "", "", "", "", "", "", "", ""};
	char *copy, *p, err[256];
	struct arena *a, *b;
	struct notify_message m1, m2;
	size_t nf = 0;

	if (size < 3)
		return 0;
	copy = strndup((const char *)data + 3, size - 3);
	if (copy == NULL)
		abort();
	if (!utf8_valid(copy, strlen(copy))) {
		/* The admin API and the catalog take UTF-8 only. */
		free(copy);
		return 0;
	}
	for (p = copy; nf < NELEM(field); nf++) {
		char *sep = strchr(p, '\x01');

		field[nf] = p;
		if (sep == NULL)
			break;
		*sep = '\0';
		p = sep + 1;
	}
	memset(&ch, 0, sizeof(ch));
	snprintf(ch.name, sizeof(ch.name), "ops");
	ch.type = (enum notify_type)(data[0] % NOTIFY_TYPE__MAX);
	snprintf(ch.url, sizeof(ch.url), "%s",
	         ch.type == NOTIFY_NTFY ? "https://ntfy.sh/aigo"
	                                : "https://h/x");
	snprintf(ch.lang, sizeof(ch.lang), "%s", langs[data[2] % NELEM(langs)]);
	memset(&ev, 0, sizeof(ev));
	ev.kind = (enum notify_kind)(data[1] % NOTIFY_KIND__MAX);
	snprintf(ev.key, sizeof(ev.key), "0123456789abcdef0123456789abcdef");
	ev.occurred_at = FUZZ_NOW;
	ev.incident_id = ev.kind <= NOTIFY_UPDATE ? 12 : 0;
	ev.maintenance_id = ev.incident_id ? 0 : 3;
	ev.provider = "openai";
	ev.provider_name = field[0];
	ev.model = *field[1] ? "gpt-4o" : "";
	ev.model_name = field[1];
	ev.severity = (enum severity)(data[1] / NOTIFY_KIND__MAX % 4);
	ev.previous = (enum severity)(data[2] / NELEM(langs) % 5);
	ev.manual = *field[2] != '\0';
	ev.title = field[2];
	ev.started_at = FUZZ_NOW - 3600;
	ev.resolved_at = ev.kind == NOTIFY_RESOLVED ? FUZZ_NOW : 0;
	ev.regions = field[3];
	ev.update_state = (enum update_state)(data[0] / NOTIFY_TYPE__MAX % 5);
	ev.update_body = field[4];
	ev.update_author = field[5];
	ev.maint_title = field[6];
	ev.maint_starts = FUZZ_NOW;
	ev.maint_ends = FUZZ_NOW + 7200;
	ev.maint_targets = field[7];
	a = arena_new();
	b = arena_new();
	FUZZ_ASSERT(notify_render(&ch, &ev, i18n, &links, a, &m1, err,
	                          sizeof(err)) == 0,
	            "refused: %s", err);
	FUZZ_ASSERT(notify_render(&ch, &ev, i18n, &links, b, &m2, err,
	                          sizeof(err)) == 0,
	            "refused the second time: %s", err);
	FUZZ_ASSERT(m1.body_len == m2.body_len &&
	                memcmp(m1.body, m2.body, m1.body_len) == 0,
	            "two renderings differ");
	FUZZ_ASSERT(strpbrk(m1.title, "\r\n") == NULL, "a title of two lines");
	if (ch.type == NOTIFY_EMAIL) {
		FUZZ_ASSERT(m1.html != NULL &&
		                strstr(m1.html, "<script") == NULL,
		            "operator text is raw in the mail's HTML");
	} else {
		struct json_error je;
		cJSON *root = json_parse(m1.body, m1.body_len, &je);

		FUZZ_ASSERT(root != NULL, "not JSON: %s",
		            fuzz_show(m1.body, m1.body_len));
		if (ch.type == NOTIFY_DISCORD)
			check_discord(root);
		else if (ch.type == NOTIFY_SLACK)
			check_slack(root);
		else if (ch.type == NOTIFY_NTFY)
			FUZZ_ASSERT(strlen(str_at(root, "message")) <= 4096,
			            "an ntfy message over 4096 bytes");
		cJSON_Delete(root);
	}
	arena_free(a);
	arena_free(b);
	free(copy);
	return 0;
}
