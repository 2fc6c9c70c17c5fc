/* fuzz_query.c: the query string (input_parse): every value in its range, a refusal names a known key, and a query written back from the values reads the same. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "fuzz.h"
#include "input.h"

static int
is_slug(const char *s)
{
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789.-") == strlen(s);
}

/* Every value is one its key allows. */
static void
check_values(const struct input *in)
{
	size_t n;

	FUZZ_ASSERT((unsigned)in->range < RANGE__MAX, "range %d", in->range);
	FUZZ_ASSERT(in->include_history == 0 || in->include_history == 1,
	            "includeHistory %d", in->include_history);
	FUZZ_ASSERT(in->status >= -1 && in->status <= FILTER_INACTIVE,
	            "status %d", in->status);
	FUZZ_ASSERT((unsigned)in->sort < SORT__MAX, "sort %d", in->sort);
	FUZZ_ASSERT(in->active >= -1 && in->active <= 1, "active %d",
	            in->active);
	FUZZ_ASSERT(in->limit >= 1 && in->limit <= INPUT_LIMIT_MAX,
	            "limit %" PRId64, in->limit);
	FUZZ_ASSERT(in->offset >= 0 && in->offset <= INPUT_OFFSET_MAX,
	            "offset %" PRId64, in->offset);
	FUZZ_ASSERT(in->page >= 1 && in->page <= INPUT_PAGE_MAX,
	            "page %" PRId64, in->page);
	FUZZ_ASSERT(memchr(in->provider, '\0', sizeof(in->provider)) &&
	                is_slug(in->provider),
	            "provider \"%s\"",
	            fuzz_show(in->provider, strlen(in->provider)));
	FUZZ_ASSERT(memchr(in->model, '\0', sizeof(in->model)) &&
	                is_slug(in->model),
	            "model \"%s\"", fuzz_show(in->model, strlen(in->model)));
	n = strnlen(in->q, sizeof(in->q));
	FUZZ_ASSERT(n < sizeof(in->q) && fuzz_utf8_ok(in->q, n),
	            "q \"%s\" is not UTF-8", fuzz_show(in->q, n));
	for (size_t i = 0; i < n; i++)
		FUZZ_ASSERT((unsigned char)in->q[i] >= 0x20 && in->q[i] != 0x7f,
		            "q \"%s\" holds a control character",
		            fuzz_show(in->q, n));
	n = strnlen(in->next, sizeof(in->next));
	FUZZ_ASSERT(n < sizeof(in->next), "next is not a string");
	if (n == 0)
		return;
	/* next: a path of this site, which a browser keeps as it is. */
	FUZZ_ASSERT(in->next[0] == '/' && in->next[1] != '/' &&
	                in->next[1] != '\\',
	            "next \"%s\" is not a local path", fuzz_show(in->next, n));
	for (size_t i = 0; i < n; i++)
		FUZZ_ASSERT(in->next[i] > ' ' && in->next[i] < 0x7f &&
		                in->next[i] != '\\',
		            "next \"%s\" holds a byte a URL may not",
		            fuzz_show(in->next, n));
	FUZZ_ASSERT(!fuzz_has_dot_segment(in->next),
	            "next \"%s\" has a dot segment: a browser goes elsewhere",
	            fuzz_show(in->next, n));
}

/* Appends key=value, percent-encoding in the value only what a query value
 * cannot hold as it is ('%', '&', '+', spaces, controls, non-ASCII), so it
 * is no longer than the value was in any query that gave it. */
static void
put(struct buf *b, const char *key, const char *value)
{
	if (b->len > 0)
		buf_puts(b, "&");
	buf_puts(b, key);
	buf_puts(b, "=");
	for (const unsigned char *p = (const unsigned char *)value; *p; p++)
		if (*p > ' ' && *p < 0x7f && strchr("%&+", *p) == NULL)
			buf_append(b, p, 1);
		else
			buf_printf(b, "%%%02X", *p);
}

/* The query that says what in holds, key by key. */
static void
write_back(const struct input *in, struct buf *b)
{
	char num[32];

	for (int k = 0; k < KEY__MAX; k++) {
		const char *v = NULL;

		if (!in->present[k])
			continue;
		switch (k) {
		case KEY_RANGE:
			v = ranges[in->range].name;
			break;
		case KEY_INCLUDE_HISTORY:
			v = in->include_history ? "true" : "false";
			break;
		case KEY_PROVIDER:
			v = in->provider;
			break;
		case KEY_STATUS:
			v = in->status < 0 ? ""
			    : in->status == FILTER_INACTIVE
			        ? "inactive"
			        : status_names[in->status];
			break;
		case KEY_SORT:
			v = sort_names[in->sort];
			break;
		case KEY_ORDER:
			v = in->descending ? "desc" : "asc";
			break;
		case KEY_NEXT:
			v = in->next;
			break;
		case KEY_ACTIVE:
			v = in->active ? "1" : "0";
			break;
		case KEY_Q:
			v = in->q;
			break;
		case KEY_LIMIT:
		case KEY_OFFSET:
		case KEY_PAGE:
			snprintf(num, sizeof(num), "%" PRId64,
			         k == KEY_LIMIT    ? in->limit
			         : k == KEY_OFFSET ? in->offset
			                           : in->page);
			v = num;
			break;
		case KEY_MODEL:
			v = in->model;
			break;
		case KEY_STATE:
			v = state_filter_names[in->state];
			break;
		case KEY_REFRESH:
			snprintf(num, sizeof(num), "%" PRId64, in->refresh);
			v = num;
			break;
		case KEY_LANG:
			v = in->lang;
			break;
		}
		put(b, input_key_names[k], v);
	}
}

static void
assert_same(const struct input *a, const struct input *b, const char *q)
{
	FUZZ_ASSERT(memcmp(a->present, b->present, sizeof(a->present)) == 0 &&
	                a->range == b->range &&
	                a->include_history == b->include_history &&
	                strcmp(a->provider, b->provider) == 0 &&
	                a->status == b->status && a->sort == b->sort &&
	                a->descending == b->descending &&
	                strcmp(a->next, b->next) == 0 &&
	                a->active == b->active && strcmp(a->q, b->q) == 0 &&
	                a->limit == b->limit && a->offset == b->offset &&
	                a->page == b->page && strcmp(a->model, b->model) == 0,
	            "the values written back as \"%s\" read differently",
	            fuzz_show(q, strlen(q)));
	FUZZ_ASSERT(a->refresh == b->refresh && strcmp(a->lang, b->lang) == 0,
	            "refresh or lang written back as \"%s\" read differently",
	            fuzz_show(q, strlen(q)));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *query = strndup((const char *)data, size);
	struct input in, again;
	const char *bad = NULL;
	struct buf b = {0};
	int rc = input_parse(query, INPUT_ALL_KEYS, &in, &bad);

	if (rc != 0) {
		int known = 0;

		FUZZ_ASSERT(rc == -1, "input_parse returned %d", rc);
		for (int k = 0; k < KEY__MAX; k++)
			known |=
			    bad != NULL && strcmp(bad, input_key_names[k]) == 0;
		FUZZ_ASSERT(known, "refused, naming no known key");
		goto out;
	}
	check_values(&in);
	write_back(&in, &b);
	buf_append(&b, "", 0);
	FUZZ_ASSERT(input_parse(b.data, INPUT_ALL_KEYS, &again, &bad) == 0,
	            "the values written back as \"%s\" are refused (%s)",
	            fuzz_show(b.data, b.len), bad);
	assert_same(&in, &again, b.data);
out:
	buf_free(&b);
	free(query);
	return 0;
}
