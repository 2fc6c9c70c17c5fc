/* i18n.c: translation catalogs, their lookup, and locale negotiation, all on the server. */
#include "i18n.h"

#include <cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "fileutil.h"
#include "json.h"
#include "log.h"

#define I18N_KEY(name, key) key,
const char *const i18n_msg_keys[MSG__MAX] = {I18N_MSGS(I18N_KEY)};
#undef I18N_KEY

/* Locales in the order the switcher shows them; others follow by name. */
static const char *const known_order[] = {"en", "ko", "ja", "zh", "es"};

static int
entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct i18n_entry *)a)->key,
	              ((const struct i18n_entry *)b)->key);
}

int
i18n_code_valid(const char *s, size_t n)
{
	if (n < 2 || n >= I18N_CODE_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!islower((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Flattens nested objects into dotted keys. Non-string leaves are errors. */
static int
flatten(const cJSON *obj, const char *prefix, struct buf *keys,
        struct i18n_entry **out, size_t *n, size_t *cap, char *err,
        size_t errlen)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, obj)
	{
		char *key;
		size_t kl = strlen(prefix) + strlen(it->string) + 2;

		key = xmalloc(kl);
		snprintf(key, kl, "%s%s%s", prefix, *prefix ? "." : "",
		         it->string);
		if (cJSON_IsObject(it)) {
			int rc =
			    flatten(it, key, keys, out, n, cap, err, errlen);
			free(key);
			if (rc)
				return rc;
			continue;
		}
		if (!cJSON_IsString(it)) {
			snprintf(err, errlen, "%s: value is not a string", key);
			free(key);
			return -1;
		}
		*out = xgrow(*out, *n, cap, sizeof(**out));
		(*out)[*n].key = key;
		(*out)[*n].value = xstrdup(it->valuestring);
		(*out)[*n].logged = 0;
		(*n)++;
	}
	(void)keys;
	return 0;
}

int
i18n_catalog_load(const char *path, const char *code, struct locale *loc,
                  char *err, size_t errlen)
{
	size_t len = 0, cap = 0;
	char *text = file_read_all(path, &len);
	struct json_error je;
	cJSON *root;
	int rc;

	memset(loc, 0, sizeof(*loc));
	snprintf(loc->code, sizeof(loc->code), "%s", code);
	if (text == NULL) {
		snprintf(err, errlen, "cannot read");
		return -1;
	}
	root = json_parse(text, len, &je);
	free(text);
	if (root == NULL) {
		json_error_text(&je, err, errlen);
		return -1;
	}
	if (!cJSON_IsObject(root)) {
		snprintf(err, errlen,
		         "not valid JSON (an object of objects "
		         "and strings)");
		cJSON_Delete(root);
		return -1;
	}
	rc = flatten(root, "", NULL, &loc->entries, &loc->n_entries, &cap, err,
	             errlen);
	cJSON_Delete(root);
	if (rc)
		return -1;
	qsort(loc->entries, loc->n_entries, sizeof(*loc->entries), entry_cmp);
	for (size_t i = 1; i < loc->n_entries; i++)
		if (strcmp(loc->entries[i].key, loc->entries[i - 1].key) == 0) {
			snprintf(err, errlen, "%s: duplicate key",
			         loc->entries[i].key);
			return -1;
		}
	return 0;
}

void
i18n_locale_clear(struct locale *loc)
{
	for (size_t i = 0; i < loc->n_entries; i++) {
		free(loc->entries[i].key);
		free(loc->entries[i].value);
	}
	free(loc->entries);
	loc->entries = NULL;
	loc->n_entries = 0;
}

struct i18n_entry *
i18n_entry_find(const struct locale *loc, const char *key)
{
	struct i18n_entry k = {(char *)key, NULL, 0};

	return bsearch(&k, loc->entries, loc->n_entries, sizeof(k), entry_cmp);
}

static int
order_of(const char *code)
{
	for (size_t i = 0; i < NELEM(known_order); i++)
		if (strcmp(code, known_order[i]) == 0)
			return (int)i;
	return (int)NELEM(known_order);
}

static int
locale_order_cmp(const void *a, const void *b)
{
	const struct locale *x = a, *y = b;
	int ox = order_of(x->code), oy = order_of(y->code);

	return ox != oy ? ox - oy : strcmp(x->code, y->code);
}

struct catalog_load {
	struct i18n *t;
	size_t cap;
};

/* Loads one locale file of the directory (others are skipped). */
static int
load_one(void *ctx, const char *path, const char *name)
{
	struct catalog_load *cl = ctx;
	struct i18n *t = cl->t;
	size_t len = strlen(name);
	char why[256], code[I18N_CODE_MAX];

	if (!i18n_code_valid(name, len - 5))
		return 0;
	snprintf(code, sizeof(code), "%.*s", (int)(len - 5), name);
	t->locales = xgrow(t->locales, t->n, &cl->cap, sizeof(*t->locales));
	if (i18n_catalog_load(path, code, &t->locales[t->n], why,
	                      sizeof(why)) != 0) {
		log_msg("error", "locale %s: %s; not serving it", path, why);
		i18n_locale_clear(&t->locales[t->n]);
		return 0;
	}
	t->n++;
	return 0;
}

struct i18n *
i18n_load(const char *dir, const char *default_code, char *err, size_t errlen)
{
	struct catalog_load cl = {xcalloc(1, sizeof(struct i18n)), 0};
	struct i18n *t = cl.t;

	if (dir_each_entry(dir, ".json", load_one, &cl, err, errlen) != 0) {
		snprintf(err, errlen, "%s: cannot open the locale directory",
		         dir);
		free(t);
		return NULL;
	}
	qsort(t->locales, t->n, sizeof(*t->locales), locale_order_cmp);
	const struct locale *def = i18n_find(t, default_code);
	if (def == NULL) {
		snprintf(err, errlen,
		         "%s/%s.json: the default locale's catalog "
		         "is missing or invalid",
		         dir, default_code);
		i18n_free(t);
		return NULL;
	}
	t->default_idx = (size_t)(def - t->locales);
	/* Resolve the code's texts once, so a request never looks them up. */
	for (size_t i = 0; i < t->n; i++) {
		struct locale *loc = &t->locales[i];
		const char *name = i18n_lookup(t, loc, "meta.languageName");

		loc->name = name ? name : loc->code;
		for (int m = 0; m < MSG__MAX; m++) {
			const char *v = i18n_lookup(t, loc, i18n_msg_keys[m]);
			loc->msg[m] = v ? v : "";
		}
	}
	return t;
}

void
i18n_free(struct i18n *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->n; i++)
		i18n_locale_clear(&t->locales[i]);
	free(t->locales);
	free(t);
}

const struct locale *
i18n_find(const struct i18n *t, const char *code)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->locales[i].code, code) == 0)
			return &t->locales[i];
	return NULL;
}

const struct locale *
i18n_default(const struct i18n *t)
{
	return &t->locales[t->default_idx];
}

const char *
i18n_lookup(struct i18n *t, const struct locale *loc, const char *key)
{
	struct i18n_entry *e = i18n_entry_find(loc, key);
	struct i18n_entry *d;

	if (e != NULL && e->value[0] != '\0')
		return e->value;
	d = i18n_entry_find(i18n_default(t), key);
	t->missing++;
	if (e == NULL || !e->logged) {
		log_msg("warn", "locale %s: no text for %s; using %s",
		        loc->code, key, d ? i18n_default(t)->code : "nothing");
		if (e != NULL)
			e->logged = 1;
	}
	return d != NULL && d->value[0] != '\0' ? d->value : NULL;
}

const char *
i18n_key_at(const struct locale *loc, size_t i)
{
	return loc->entries[i].key;
}

/* Parses a q-value ("1", "0.8", "0.125"); -1 when malformed. */
static double
parse_q(const char *s, size_t n)
{
	double q = 0, scale = 1;
	size_t i = 0;

	if (n == 0 || n > 5 || (s[0] != '0' && s[0] != '1'))
		return -1;
	q = s[0] - '0';
	if (n == 1)
		return q;
	if (s[1] != '.')
		return -1;
	for (i = 2; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		scale /= 10;
		q += (s[i] - '0') * scale;
	}
	return q > 1 ? -1 : q;
}

const struct locale *
i18n_negotiate(const struct i18n *t, const char *cookie,
               const char *accept_language)
{
	const struct locale *best = NULL;
	double best_q = 0;
	const char *p = accept_language;
	int items = 0;

	if (cookie != NULL && *cookie != '\0') {
		const struct locale *loc = i18n_find(t, cookie);
		if (loc != NULL)
			return loc;
	}
	/* Read at most 32 items of at most 4 KiB of header. */
	while (p != NULL && *p != '\0' && items++ < 32 &&
	       p - accept_language < 4096) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char tag[36], primary[I18N_CODE_MAX];
		size_t tl = 0, pl = 0;
		const char *c = p, *stop = p + len;
		double q = 1;

		while (c < stop && (*c == ' ' || *c == '\t'))
			c++;
		while (c < stop && tl < sizeof(tag) - 1 &&
		       (isalnum((unsigned char)*c) || *c == '-' || *c == '*'))
			tag[tl++] = (char)tolower((unsigned char)*c++);
		tag[tl] = '\0';
		while (c < stop && (*c == ' ' || *c == '\t'))
			c++;
		if (c < stop && *c == ';') {
			c++;
			while (c < stop && *c == ' ')
				c++;
			if (stop - c >= 2 && (c[0] == 'q' || c[0] == 'Q') &&
			    c[1] == '=') {
				const char *qs = c + 2, *qe = qs;
				while (qe < stop && *qe != ' ' && *qe != ';')
					qe++;
				q = parse_q(qs, (size_t)(qe - qs));
			} else {
				q = -1;
			}
		} else if (c < stop) {
			q = -1; /* junk after the tag */
		}
		p = end ? end + 1 : NULL;
		if (tl == 0 || q <= 0)
			continue;
		while (pl < tl && tag[pl] != '-' && pl < sizeof(primary) - 1) {
			primary[pl] = tag[pl];
			pl++;
		}
		primary[pl] = '\0';
		const struct locale *loc = strcmp(primary, "*") == 0
		                               ? i18n_default(t)
		                               : i18n_find(t, primary);
		if (loc != NULL && q > best_q) {
			best = loc;
			best_q = q;
		}
	}
	return best ? best : i18n_default(t);
}
