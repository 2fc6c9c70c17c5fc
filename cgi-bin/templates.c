/* templates.c: the page templates: pre-translated per locale at load, into a frozen template cache. */
#include "templates.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "fileutil.h"
#include "log.h"

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

struct tpl_load {
	struct i18n *t;
	struct tmpl_cache *cache;
	char *err;
	size_t errlen;
};

/* Adds one template file to the cache once per locale, translated. */
static int
load_template(void *ctx, const char *path, const char *name, const char *text)
{
	struct tpl_load *tl = ctx;
	struct i18n *t = tl->t;

	for (size_t i = 0; i < t->n; i++) {
		struct buf out = {0};
		char key[300];
		int rc;

		if (i18n_translate_template(t, &t->locales[i], text, &out) != 0)
			log_msg("warn",
			        "%s: a text is missing in every catalog", path);
		snprintf(key, sizeof(key), "%s/%s", t->locales[i].code, name);
		rc = tmpl_cache_add(tl->cache, key, out.data, out.len);
		buf_free(&out);
		if (rc != 0) {
			snprintf(tl->err, tl->errlen,
			         "%s: template does not parse", path);
			return -1;
		}
	}
	return 0;
}

struct tmpl_cache *
templates_load(struct i18n *t, const char *dir, char *err, size_t errlen)
{
	struct tpl_load tl = {t, xnonnull(tmpl_cache_new()), err, errlen};

	if (dir_each_file(dir, ".tpl", load_template, &tl, err, errlen) != 0) {
		tmpl_cache_free(tl.cache);
		return NULL;
	}
	tmpl_cache_freeze(tl.cache);
	return tl.cache;
}
