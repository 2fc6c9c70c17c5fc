/* input.c: validates every query key once, up front, into typed fields of struct input. */
#include "input.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "escape.h"
#include "i18n.h"
#include "slug.h"
#include "timefmt.h"

typedef int (*validator)(const char *value, struct input *in);

static int
valid_range(const char *v, struct input *in)
{
	for (int r = 0; r < RANGE__MAX; r++)
		if (strcmp(v, ranges[r].name) == 0) {
			in->range = (enum range)r;
			return 0;
		}
	return -1;
}

static int
valid_bool(const char *v, int *out)
{
	if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
		*out = 1;
	else if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
		*out = 0;
	else
		return -1;
	return 0;
}

static int
valid_include_history(const char *v, struct input *in)
{
	return valid_bool(v, &in->include_history);
}

const char *const sort_names[SORT__MAX] = {
    "provider", "model", "status", "latency", "availability", "checked",
};

/* A slug filter into out (65 bytes); empty (the form's "All") is none. */
static int
valid_slug(const char *v, char *out)
{
	size_t n = strlen(v);

	if (n > SLUG_MAX || strspn(v, SLUG_CHARS) != n)
		return -1;
	memcpy(out, v, n + 1);
	return 0;
}

static int
valid_provider(const char *v, struct input *in)
{
	return valid_slug(v, in->provider);
}

static int
valid_model(const char *v, struct input *in)
{
	return valid_slug(v, in->model);
}

static int
valid_active(const char *v, struct input *in)
{
	return valid_bool(v, &in->active);
}

/* A search: 1..64 bytes of printable text (UTF-8 allowed). */
static int
valid_q(const char *v, struct input *in)
{
	size_t n = strlen(v);

	if (n == 0 || n >= sizeof(in->q) || !utf8_valid(v, n))
		return -1;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)v[i] < ' ' || v[i] == 0x7f)
			return -1;
	memcpy(in->q, v, n + 1);
	return 0;
}

static int
valid_limit(const char *v, struct input *in)
{
	return parse_int64(v, 1, INPUT_LIMIT_MAX, &in->limit);
}

static int
valid_offset(const char *v, struct input *in)
{
	return parse_int64(v, 0, INPUT_OFFSET_MAX, &in->offset);
}

static int
valid_page(const char *v, struct input *in)
{
	return parse_int64(v, 1, INPUT_PAGE_MAX, &in->page);
}

static int
valid_refresh(const char *v, struct input *in)
{
	return parse_int64(v, INPUT_REFRESH_MIN, INPUT_REFRESH_MAX,
	                   &in->refresh);
}

const char *const state_filter_names[STATE__MAX] = {
    "", "open", "resolved", "upcoming", "active", "past"};

/* A state filter; empty (the form's "All") is any. */
static int
valid_state(const char *v, struct input *in)
{
	for (int i = 0; i < STATE__MAX; i++)
		if (strcmp(v, state_filter_names[i]) == 0) {
			in->state = (enum state_filter)i;
			return 0;
		}
	return -1;
}

/* A locale code's shape (the handler checks that it is served). */
static int
valid_lang(const char *v, struct input *in)
{
	size_t n = strlen(v);

	if (n >= sizeof(in->lang) || !i18n_code_valid(v, n))
		return -1;
	memcpy(in->lang, v, n + 1);
	return 0;
}

static int
valid_status(const char *v, struct input *in)
{
	if (*v == '\0') {
		in->status = -1; /* the form's "All" */
		return 0;
	}
	if (strcmp(v, "inactive") == 0) {
		in->status = FILTER_INACTIVE;
		return 0;
	}
	in->status = (int)status_from_name(v);
	return in->status == STATUS__MAX ? -1 : 0;
}

static int
valid_sort(const char *v, struct input *in)
{
	for (int i = 0; i < SORT__MAX; i++)
		if (strcmp(v, sort_names[i]) == 0) {
			in->sort = (enum sort)i;
			return 0;
		}
	return -1;
}

static int
valid_order(const char *v, struct input *in)
{
	if (strcmp(v, "asc") != 0 && strcmp(v, "desc") != 0)
		return -1;
	in->descending = v[0] == 'd';
	return 0;
}

/* Whether the path part of p (up to '?' or '#') has a segment that a
 * browser resolves as "." or "..": spelt so, or with %2e for a dot. */
static int
has_dot_segment(const char *p)
{
	size_t end = strcspn(p, "?#");

	for (size_t i = 0; i < end;) {
		size_t seg = strcspn(p + i, "/?#"), dots = 0, k = 0;

		while (k < seg) {
			if (p[i + k] == '.')
				k++;
			else if (seg - k >= 3 && p[i + k] == '%' &&
			         p[i + k + 1] == '2' &&
			         (p[i + k + 2] == 'e' || p[i + k + 2] == 'E'))
				k += 3;
			else
				break;
			dots++;
		}
		if (k == seg && (dots == 1 || dots == 2))
			return 1;
		i += seg + 1;
	}
	return 0;
}

/* A local path to go back to: starts with one '/', printable ASCII, and
 * no "." or ".." segment, so that it cannot step out of the base path. */
static int
valid_next(const char *v, struct input *in)
{
	size_t n = strlen(v);

	if (n == 0 || n >= sizeof(in->next) || v[0] != '/' || v[1] == '/' ||
	    v[1] == '\\' || has_dot_segment(v))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (v[i] <= ' ' || v[i] > '~' || v[i] == '\\')
			return -1;
	memcpy(in->next, v, n + 1);
	return 0;
}

const char *const export_format_names[FORMAT__MAX] = {"json", "csv"};

static int
valid_format(const char *v, struct input *in)
{
	for (int i = 0; i < FORMAT__MAX; i++)
		if (strcmp(v, export_format_names[i]) == 0) {
			in->format = (enum export_format)i;
			return 0;
		}
	return -1;
}

const char *const input_key_names[KEY__MAX] = {
    [KEY_RANGE] = "range",
    [KEY_INCLUDE_HISTORY] = "includeHistory",
    [KEY_PROVIDER] = "provider",
    [KEY_STATUS] = "status",
    [KEY_SORT] = "sort",
    [KEY_ORDER] = "order",
    [KEY_NEXT] = "next",
    [KEY_ACTIVE] = "active",
    [KEY_Q] = "q",
    [KEY_LIMIT] = "limit",
    [KEY_OFFSET] = "offset",
    [KEY_MODEL] = "model",
    [KEY_PAGE] = "page",
    [KEY_STATE] = "state",
    [KEY_FORMAT] = "format",
    [KEY_REFRESH] = "refresh",
    [KEY_LANG] = "lang",
};

static const validator validators[KEY__MAX] = {
    [KEY_RANGE] = valid_range,
    [KEY_INCLUDE_HISTORY] = valid_include_history,
    [KEY_PROVIDER] = valid_provider,
    [KEY_STATUS] = valid_status,
    [KEY_SORT] = valid_sort,
    [KEY_ORDER] = valid_order,
    [KEY_NEXT] = valid_next,
    [KEY_ACTIVE] = valid_active,
    [KEY_Q] = valid_q,
    [KEY_LIMIT] = valid_limit,
    [KEY_OFFSET] = valid_offset,
    [KEY_MODEL] = valid_model,
    [KEY_PAGE] = valid_page,
    [KEY_STATE] = valid_state,
    [KEY_FORMAT] = valid_format,
    [KEY_REFRESH] = valid_refresh,
    [KEY_LANG] = valid_lang,
};

int
input_url_decode(const char *s, size_t n, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '+') {
			c = ' ';
		} else if (c == '%') {
			int v = 0;

			if (n - i < 3)
				return -1;
			for (size_t k = i + 1; k <= i + 2; k++) {
				char h = s[k];

				v <<= 4;
				if (h >= '0' && h <= '9')
					v |= h - '0';
				else if (h >= 'a' && h <= 'f')
					v |= h - 'a' + 10;
				else if (h >= 'A' && h <= 'F')
					v |= h - 'A' + 10;
				else
					return -1;
			}
			if (v == 0)
				return -1;
			c = (char)v;
			i += 2;
		}
		out[o++] = c;
	}
	out[o] = '\0';
	return 0;
}

/* in at the defaults of every key, none present. */
static void
input_defaults(struct input *in)
{
	memset(in, 0, sizeof(*in));
	in->range = RANGE_24H;
	in->status = -1;
	in->active = -1;
	in->limit = INPUT_LIMIT_DEFAULT;
	in->page = 1;
}

int
input_parse(const char *query, unsigned keys, struct input *in,
            const char **bad_key)
{
	const char *p = query;

	input_defaults(in);
	while (p != NULL && *p != '\0') {
		const char *end = strchr(p, '&');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		const char *eq = memchr(p, '=', len);
		size_t kl = eq ? (size_t)(eq - p) : len;
		size_t vl = eq ? len - kl - 1 : 0;
		char key[64], value[INPUT_VALUE_MAX + 1];
		int k;

		if (kl == 0 || kl >= sizeof(key) ||
		    input_url_decode(p, kl, key) != 0)
			goto next;
		for (k = 0; k < KEY__MAX; k++)
			if (strcmp(key, input_key_names[k]) == 0)
				break;
		if (k == KEY__MAX || !(keys & (1u << k)))
			goto next; /* unknown keys, and keys not read */
		if (vl > INPUT_VALUE_MAX ||
		    input_url_decode(eq ? eq + 1 : "", vl, value) != 0 ||
		    validators[k](value, in) != 0) {
			*bad_key = input_key_names[k];
			input_defaults(in);
			return -1;
		}
		in->present[k] = 1;
	next:
		p = end ? end + 1 : NULL;
	}
	return 0;
}

/* The longest value of a key, decoded (next and q are the longest). */
#define VALUE_OUT_MAX sizeof(((struct input *)0)->next)

/* The value of key k in in, as input_parse reads it back, into out. */
static void
value_of(const struct input *in, enum key k, char out[VALUE_OUT_MAX])
{
	size_t n = VALUE_OUT_MAX;

	switch (k) {
	case KEY_RANGE:
		snprintf(out, n, "%s", ranges[in->range].name);
		break;
	case KEY_INCLUDE_HISTORY:
		snprintf(out, n, "%d", in->include_history);
		break;
	case KEY_PROVIDER:
		snprintf(out, n, "%s", in->provider);
		break;
	case KEY_STATUS:
		snprintf(out, n, "%s",
		         in->status < 0 ? ""
		         : in->status == FILTER_INACTIVE
		             ? "inactive"
		             : status_names[in->status]);
		break;
	case KEY_SORT:
		snprintf(out, n, "%s", sort_names[in->sort]);
		break;
	case KEY_ORDER:
		snprintf(out, n, "%s", in->descending ? "desc" : "asc");
		break;
	case KEY_NEXT:
		snprintf(out, n, "%s", in->next);
		break;
	case KEY_ACTIVE:
		snprintf(out, n, "%d", in->active);
		break;
	case KEY_Q:
		snprintf(out, n, "%s", in->q);
		break;
	case KEY_LIMIT:
		snprintf(out, n, "%" PRId64, in->limit);
		break;
	case KEY_OFFSET:
		snprintf(out, n, "%" PRId64, in->offset);
		break;
	case KEY_MODEL:
		snprintf(out, n, "%s", in->model);
		break;
	case KEY_PAGE:
		snprintf(out, n, "%" PRId64, in->page);
		break;
	case KEY_STATE:
		snprintf(out, n, "%s", state_filter_names[in->state]);
		break;
	case KEY_FORMAT:
		snprintf(out, n, "%s", export_format_names[in->format]);
		break;
	case KEY_REFRESH:
		snprintf(out, n, "%" PRId64, in->refresh);
		break;
	case KEY_LANG:
		snprintf(out, n, "%s", in->lang);
		break;
	case KEY__MAX:
		out[0] = '\0';
		break;
	}
}

const char *
input_query(const struct input *in, struct arena *a)
{
	struct buf b = {0};
	const char *q;

	for (int k = 0; k < KEY__MAX; k++) {
		char v[VALUE_OUT_MAX];

		if (!in->present[k])
			continue;
		value_of(in, (enum key)k, v);
		buf_puts(&b, b.len == 0 ? "?" : "&");
		buf_puts(&b, input_key_names[k]);
		buf_puts(&b, "=");
		buf_put_url_encoded(&b, v);
	}
	q = b.len > 0 ? arena_strndup(a, b.data, b.len) : "";
	buf_free(&b);
	return q;
}

const char *
input_accepted(const char *key, struct arena *a)
{
	struct buf b = {0};
	const char *out;

	if (key == NULL)
		return NULL;
	if (strcmp(key, "range") == 0)
		for (int r = 0; r < RANGE__MAX; r++)
			buf_printf(&b, "%s%s", r ? ", " : "", ranges[r].name);
	else if (strcmp(key, "format") == 0)
		for (int i = 0; i < FORMAT__MAX; i++)
			buf_printf(&b, "%s%s", i ? ", " : "",
			           export_format_names[i]);
	else if (strcmp(key, "sort") == 0)
		for (int i = 0; i < SORT__MAX; i++)
			buf_printf(&b, "%s%s", i ? ", " : "", sort_names[i]);
	else if (strcmp(key, "status") == 0) {
		for (int i = 0; i < STATUS__MAX; i++)
			buf_printf(&b, "%s, ", status_names[i]);
		buf_puts(&b, "inactive");
	} else if (strcmp(key, "order") == 0)
		buf_puts(&b, "asc, desc");
	else if (strcmp(key, "includeHistory") == 0 ||
	         strcmp(key, "active") == 0)
		buf_puts(&b, "true, false");
	else if (strcmp(key, "limit") == 0)
		buf_printf(&b, "1 to %d", INPUT_LIMIT_MAX);
	else if (strcmp(key, "offset") == 0)
		buf_printf(&b, "0 to %d", INPUT_OFFSET_MAX);
	else if (strcmp(key, "page") == 0)
		buf_printf(&b, "1 to %d", INPUT_PAGE_MAX);
	else if (strcmp(key, "refresh") == 0)
		buf_printf(&b, "%d to %d", INPUT_REFRESH_MIN,
		           INPUT_REFRESH_MAX);
	else if (strcmp(key, "state") == 0)
		for (int i = 1; i < STATE__MAX; i++)
			buf_printf(&b, "%s%s", i > 1 ? ", " : "",
			           state_filter_names[i]);
	out = b.len > 0 ? arena_strndup(a, b.data, b.len) : NULL;
	buf_free(&b);
	return out;
}
