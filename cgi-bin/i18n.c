/* i18n.c: translation catalogs, locale negotiation and locale-aware formatting, all on the server. */
#include "i18n.h"

#include "arena.h"
#include "escape.h"
#include "fileutil.h"
#include "json.h"
#include "log.h"
#include "numfmt.h"

#include <cJSON.h>
#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define I18N_KEY(name, key) key,
const char *const i18n_msg_keys[MSG__MAX] = {I18N_MSGS(I18N_KEY)};
#undef I18N_KEY

struct i18n_entry {
	char *key;
	char *value;
	int logged; /* a fallback for this key was logged */
};

/* Locales in the order the switcher shows them; others follow by name. */
static const char *const known_order[] = {"en", "ko", "ja", "zh", "es"};

static int
entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct i18n_entry *)a)->key,
	              ((const struct i18n_entry *)b)->key);
}

static int
valid_code(const char *s, size_t n)
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

		key = malloc(kl);
		if (key == NULL)
			abort();
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
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			*out = realloc(*out, *cap * sizeof(**out));
			if (*out == NULL)
				abort();
		}
		(*out)[*n].key = key;
		(*out)[*n].value = strdup(it->valuestring);
		(*out)[*n].logged = 0;
		(*n)++;
	}
	(void)keys;
	return 0;
}

/* Parses one catalog file into loc. Returns 0 or -1 with err set. */
static int
load_catalog(const char *path, const char *code, struct locale *loc, char *err,
             size_t errlen)
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

static void
locale_clear(struct locale *loc)
{
	for (size_t i = 0; i < loc->n_entries; i++) {
		free(loc->entries[i].key);
		free(loc->entries[i].value);
	}
	free(loc->entries);
	loc->entries = NULL;
	loc->n_entries = 0;
}

static struct i18n_entry *
entry_find(const struct locale *loc, const char *key)
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

struct i18n *
i18n_load(const char *dir, const char *default_code, char *err, size_t errlen)
{
	struct i18n *t = calloc(1, sizeof(*t));
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t cap = 0;

	if (t == NULL)
		abort();
	if (d == NULL) {
		snprintf(err, errlen, "%s: cannot open the locale directory",
		         dir);
		free(t);
		return NULL;
	}
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		char path[4096], why[256], code[I18N_CODE_MAX];

		if (len < 6 || strcmp(de->d_name + len - 5, ".json") != 0 ||
		    !valid_code(de->d_name, len - 5))
			continue;
		snprintf(code, sizeof(code), "%.*s", (int)(len - 5),
		         de->d_name);
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (t->n == cap) {
			cap = cap ? cap * 2 : 8;
			t->locales =
			    realloc(t->locales, cap * sizeof(*t->locales));
			if (t->locales == NULL)
				abort();
		}
		if (load_catalog(path, code, &t->locales[t->n], why,
		                 sizeof(why)) != 0) {
			log_msg("error", "locale %s: %s; not serving it", path,
			        why);
			locale_clear(&t->locales[t->n]);
			continue;
		}
		t->n++;
	}
	closedir(d);
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
		locale_clear(&t->locales[i]);
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
	struct i18n_entry *e = entry_find(loc, key);
	struct i18n_entry *d;

	if (e != NULL && e->value[0] != '\0')
		return e->value;
	d = entry_find(i18n_default(t), key);
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

char *
i18n_fill(struct arena *a, const char *pattern, const char *const names[],
          const char *const values[], size_t n)
{
	struct buf b = {0};
	const char *p = pattern;
	char *out;

	while (*p != '\0') {
		const char *open = strchr(p, '{'), *close;
		size_t i;

		if (open == NULL || (close = strchr(open, '}')) == NULL) {
			buf_puts(&b, p);
			break;
		}
		buf_append(&b, p, (size_t)(open - p));
		for (i = 0; i < n; i++)
			if (strlen(names[i]) == (size_t)(close - open - 1) &&
			    strncmp(open + 1, names[i], strlen(names[i])) == 0)
				break;
		if (i < n)
			buf_puts(&b, values[i]);
		else
			buf_append(&b, open, (size_t)(close - open + 1));
		p = close + 1;
	}
	out = arena_strdup(a, b.data ? b.data : "");
	buf_free(&b);
	return out;
}

/* Marker names are T_ followed by the key with '.' written as '_'. */
static const char *
next_marker(const char *s, const char **name, size_t *name_len)
{
	const char *m;

	while ((m = strstr(s, "{{T_")) != NULL) {
		const char *n = m + 4, *e = n;

		while (isalnum((unsigned char)*e) || *e == '_')
			e++;
		if (e > n && e[0] == '}' && e[1] == '}') {
			*name = n;
			*name_len = (size_t)(e - n);
			return m;
		}
		s = m + 4;
	}
	return NULL;
}

static void
marker_key(const char *name, size_t len, char *key, size_t keylen)
{
	size_t i;

	for (i = 0; i < len && i < keylen - 1; i++)
		key[i] = name[i] == '_' ? '.' : name[i];
	key[i] = '\0';
}

int
i18n_translate_template(struct i18n *t, const struct locale *loc,
                        const char *text, struct buf *out)
{
	const char *p = text, *m, *name;
	size_t nlen;
	int unknown = 0;

	while ((m = next_marker(p, &name, &nlen)) != NULL) {
		char key[256];
		const char *v;

		buf_append(out, p, (size_t)(m - p));
		marker_key(name, nlen, key, sizeof(key));
		v = i18n_lookup(t, loc, key);
		if (v == NULL) {
			unknown++;
		} else {
			for (const char *c = v; *c; c++) {
				if (*c == '{')
					buf_puts(out, "&#123;");
				else if (*c == '}')
					buf_puts(out, "&#125;");
				else {
					char one[2] = {*c, '\0'};
					buf_put_xml_escaped(out, one);
				}
			}
		}
		p = name + nlen + 2;
	}
	buf_puts(out, p);
	return unknown;
}

void
i18n_template_keys(const char *text, struct buf *out)
{
	const char *p = text, *name;
	size_t nlen;

	while ((p = next_marker(p, &name, &nlen)) != NULL) {
		char key[256];

		marker_key(name, nlen, key, sizeof(key));
		buf_append(out, key, strlen(key) + 1);
		p = name + nlen + 2;
	}
}

int
i18n_plural_is_one(const char *code, int64_t n)
{
	/* Korean, Japanese and Chinese have one form; English and Spanish
	 * use "one" for exactly 1. */
	static const char *const no_plural[] = {"ko", "ja", "zh"};

	for (size_t i = 0; i < NELEM(no_plural); i++)
		if (strcmp(code, no_plural[i]) == 0)
			return 0;
	return n == 1;
}

const char *
i18n_fmt_int(struct arena *a, const struct locale *loc, int64_t v)
{
	char digits[32], out[64];
	const char *sep = loc->msg[MSG_FORMAT_GROUP];
	size_t sl = strlen(sep), o = 0;
	int neg = v < 0;
	int n =
	    snprintf(digits, sizeof(digits), "%llu",
	             (unsigned long long)(neg ? -(v + 1) + 1ULL : (uint64_t)v));

	if (neg)
		out[o++] = '-';
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0 && o + sl < sizeof(out)) {
			memcpy(out + o, sep, sl);
			o += sl;
		}
		if (o < sizeof(out) - 1)
			out[o++] = digits[i];
	}
	out[o] = '\0';
	return arena_strdup(a, out);
}

const char *
i18n_fmt_decimal(struct arena *a, const struct locale *loc, double v,
                 int decimals)
{
	char num[48];
	char *dot;

	snprintf(num, sizeof(num), "%.*f", decimals, v);
	dot = strchr(num, '.');
	if (dot == NULL)
		return arena_strdup(a, num);
	*dot = '\0';
	return arena_printf(a, "%s%s%s", num, loc->msg[MSG_FORMAT_DECIMAL],
	                    dot + 1);
}

const char *
i18n_fmt_percent(struct arena *a, const struct locale *loc, double v)
{
	const char *names[] = {"value"};
	const char *values[] = {
	    i18n_fmt_decimal(a, loc, percent_shown(v, 1), 1)};

	return i18n_fill(a, loc->msg[MSG_FORMAT_PERCENT], names, values, 1);
}

const char *
i18n_fmt_ms(struct arena *a, const struct locale *loc, int64_t ms)
{
	const char *names[] = {"ms"};
	const char *values[] = {i18n_fmt_int(a, loc, ms)};

	return i18n_fill(a, loc->msg[MSG_FORMAT_MILLISECONDS], names, values,
	                 1);
}

const char *
i18n_fmt_relative(struct arena *a, const struct locale *loc, int64_t ago)
{
	static const struct {
		int64_t unit;
		enum msg one, other;
	} units[] = {
	    {86400, MSG_TIME_DAYS_ONE, MSG_TIME_DAYS_OTHER},
	    {3600, MSG_TIME_HOURS_ONE, MSG_TIME_HOURS_OTHER},
	    {60, MSG_TIME_MINUTES_ONE, MSG_TIME_MINUTES_OTHER},
	};

	for (size_t i = 0; i < NELEM(units); i++) {
		if (ago >= units[i].unit) {
			int64_t n = ago / units[i].unit;
			const char *names[] = {"n"};
			const char *values[] = {i18n_fmt_int(a, loc, n)};
			enum msg m = i18n_plural_is_one(loc->code, n)
			                 ? units[i].one
			                 : units[i].other;
			return i18n_fill(a, loc->msg[m], names, values, 1);
		}
	}
	return loc->msg[MSG_TIME_JUST_NOW];
}

const char *
i18n_fmt_datetime(struct arena *a, const struct locale *loc, int64_t t)
{
	return i18n_fmt_time_pattern(a, loc, MSG_FORMAT_DATETIME, t);
}

const char *
i18n_fmt_time_pattern(struct arena *a, const struct locale *loc,
                      enum msg pattern, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	const char *names[] = {"year", "month",  "day",
	                       "hour", "minute", "zone"};
	const char *values[6];

	/* In the display time zone (TZ, set from AIGO_TIMEZONE; UTC by
	 * default), with its abbreviation shown. */
	localtime_r(&tt, &tm);
	values[0] = arena_printf(a, "%04d", tm.tm_year + 1900);
	values[1] = arena_printf(a, "%02d", tm.tm_mon + 1);
	values[2] = arena_printf(a, "%02d", tm.tm_mday);
	values[3] = arena_printf(a, "%02d", tm.tm_hour);
	values[4] = arena_printf(a, "%02d", tm.tm_min);
	values[5] = tm.tm_zone != NULL ? arena_strdup(a, tm.tm_zone) : "UTC";
	return i18n_fill(a, loc->msg[pattern], names, values, 6);
}

/* Appends the sorted set of {placeholder} names of s to out, ','-joined. */
static void
placeholders(const char *s, char *out, size_t outlen)
{
	char names[16][64];
	int n = 0;

	while ((s = strchr(s, '{')) != NULL && n < 16) {
		const char *e = strchr(s, '}');
		if (e == NULL)
			break;
		snprintf(names[n], sizeof(names[n]), "%.*s", (int)(e - s - 1),
		         s + 1);
		int dup = 0;
		for (int i = 0; i < n; i++)
			dup |= strcmp(names[i], names[n]) == 0;
		if (!dup)
			n++;
		s = e + 1;
	}
	qsort(names, (size_t)n, sizeof(names[0]),
	      (int (*)(const void *, const void *))strcmp);
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		size_t l = strlen(out);
		snprintf(out + l, outlen - l, "%s%s", i ? "," : "", names[i]);
	}
}

static int
collect_keys(void *ctx, const char *path, const char *name, const char *text)
{
	(void)path;
	(void)name;
	i18n_template_keys(text, ctx);
	return 0;
}

static int
check_used_key(const struct locale *loc, const char *dir, const char *key,
               FILE *report)
{
	const struct i18n_entry *e = entry_find(loc, key);

	if (e == NULL) {
		fprintf(report, "%s/%s.json: %s: missing\n", dir, loc->code,
		        key);
		return 1;
	}
	if (e->value[0] == '\0') {
		fprintf(report, "%s/%s.json: %s: empty\n", dir, loc->code, key);
		return 1;
	}
	return 0;
}

int
i18n_check(const char *locale_dir, const char *template_dir,
           const char *default_code, int with_code_keys, FILE *report)
{
	struct buf keys = {0};
	DIR *d = opendir(locale_dir);
	struct dirent *de;
	struct locale def;
	char path[4096], why[256];
	int problems = 0;

	if (d == NULL) {
		fprintf(report, "%s: cannot open the locale directory\n",
		        locale_dir);
		return 1;
	}
	if (dir_each_file(template_dir, ".tpl", collect_keys, &keys, why,
	                  sizeof(why)) != 0) {
		fprintf(report, "%s\n", why);
		problems++;
	}
	for (int m = 0; with_code_keys && m < MSG__MAX; m++)
		buf_append(&keys, i18n_msg_keys[m],
		           strlen(i18n_msg_keys[m]) + 1);
	buf_append(&keys, "meta.languageName", sizeof("meta.languageName"));

	snprintf(path, sizeof(path), "%s/%s.json", locale_dir, default_code);
	if (load_catalog(path, default_code, &def, why, sizeof(why)) != 0) {
		fprintf(report, "%s: %s\n", path, why);
		closedir(d);
		locale_clear(&def);
		buf_free(&keys);
		return problems + 1;
	}
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		struct locale loc;
		char code[I18N_CODE_MAX];

		if (len < 6 || strcmp(de->d_name + len - 5, ".json") != 0)
			continue;
		if (!valid_code(de->d_name, len - 5)) {
			fprintf(report,
			        "%s/%s: not a locale file name "
			        "(<lowercase code>.json)\n",
			        locale_dir, de->d_name);
			problems++;
			continue;
		}
		snprintf(code, sizeof(code), "%.*s", (int)(len - 5),
		         de->d_name);
		snprintf(path, sizeof(path), "%s/%s", locale_dir, de->d_name);
		if (load_catalog(path, code, &loc, why, sizeof(why)) != 0) {
			fprintf(report, "%s: %s\n", path, why);
			locale_clear(&loc);
			problems++;
			continue;
		}
		for (size_t o = 0; o < keys.len; o += strlen(keys.data + o) + 1)
			problems += check_used_key(&loc, locale_dir,
			                           keys.data + o, report);
		for (size_t i = 0; i < loc.n_entries; i++) {
			const struct i18n_entry *e = &loc.entries[i];
			const struct i18n_entry *de2 = entry_find(&def, e->key);
			char p1[512], p2[512];

			if (strchr(e->key, '_') != NULL) {
				fprintf(report,
				        "%s: %s: key has an underscore\n", path,
				        e->key);
				problems++;
			}
			if (de2 == NULL) {
				fprintf(report,
				        "%s: %s: not in the default "
				        "catalog %s.json\n",
				        path, e->key, default_code);
				problems++;
				continue;
			}
			placeholders(e->value, p1, sizeof(p1));
			placeholders(de2->value, p2, sizeof(p2));
			if (strcmp(p1, p2) != 0) {
				fprintf(report,
				        "%s: %s: placeholders {%s} "
				        "differ from %s.json's {%s}\n",
				        path, e->key, p1, default_code, p2);
				problems++;
			}
		}
		for (size_t i = 0; i < def.n_entries; i++)
			if (entry_find(&loc, def.entries[i].key) == NULL) {
				fprintf(report,
				        "%s: %s: missing (the default "
				        "catalog has it)\n",
				        path, def.entries[i].key);
				problems++;
			}
		locale_clear(&loc);
	}
	closedir(d);
	locale_clear(&def);
	buf_free(&keys);
	return problems;
}
