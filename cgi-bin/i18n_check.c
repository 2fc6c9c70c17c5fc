/* i18n_check.c: the locale checker (aigo check-locales): every catalog against the keys the templates and the code use. */
#include "i18n_check.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "fileutil.h"
#include "i18n.h"
#include "templates.h"

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
	const struct i18n_entry *e = i18n_entry_find(loc, key);

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

struct check_ctx {
	const char *locale_dir, *default_code;
	const struct buf *keys;   /* the keys used, NUL-separated */
	const struct locale *def; /* the default catalog */
	FILE *report;
	int problems;
};

/* Checks one catalog file of the locale directory against the keys used
 * and the default catalog. */
static int
check_one(void *ctx, const char *path, const char *name)
{
	struct check_ctx *c = ctx;
	size_t len = strlen(name);
	struct locale loc;
	char code[I18N_CODE_MAX], why[256];

	if (!i18n_code_valid(name, len - 5)) {
		fprintf(c->report,
		        "%s/%s: not a locale file name "
		        "(<lowercase code>.json)\n",
		        c->locale_dir, name);
		c->problems++;
		return 0;
	}
	snprintf(code, sizeof(code), "%.*s", (int)(len - 5), name);
	if (i18n_catalog_load(path, code, &loc, why, sizeof(why)) != 0) {
		fprintf(c->report, "%s: %s\n", path, why);
		i18n_locale_clear(&loc);
		c->problems++;
		return 0;
	}
	for (size_t o = 0; o < c->keys->len; o += strlen(c->keys->data + o) + 1)
		c->problems += check_used_key(&loc, c->locale_dir,
		                              c->keys->data + o, c->report);
	for (size_t i = 0; i < loc.n_entries; i++) {
		const struct i18n_entry *e = &loc.entries[i];
		const struct i18n_entry *de2 = i18n_entry_find(c->def, e->key);
		char p1[512], p2[512];

		if (strchr(e->key, '_') != NULL) {
			fprintf(c->report, "%s: %s: key has an underscore\n",
			        path, e->key);
			c->problems++;
		}
		if (de2 == NULL) {
			fprintf(c->report,
			        "%s: %s: not in the default "
			        "catalog %s.json\n",
			        path, e->key, c->default_code);
			c->problems++;
			continue;
		}
		placeholders(e->value, p1, sizeof(p1));
		placeholders(de2->value, p2, sizeof(p2));
		if (strcmp(p1, p2) != 0) {
			fprintf(c->report,
			        "%s: %s: placeholders {%s} "
			        "differ from %s.json's {%s}\n",
			        path, e->key, p1, c->default_code, p2);
			c->problems++;
		}
	}
	for (size_t i = 0; i < c->def->n_entries; i++)
		if (i18n_entry_find(&loc, c->def->entries[i].key) == NULL) {
			fprintf(c->report,
			        "%s: %s: missing (the default "
			        "catalog has it)\n",
			        path, c->def->entries[i].key);
			c->problems++;
		}
	i18n_locale_clear(&loc);
	return 0;
}

int
i18n_check(const char *locale_dir, const char *template_dir,
           const char *default_code, int with_code_keys, FILE *report)
{
	struct buf keys = {0};
	struct stat sb;
	struct locale def;
	char path[4096], why[256];
	int problems = 0;

	if (stat(locale_dir, &sb) != 0 || !S_ISDIR(sb.st_mode) ||
	    access(locale_dir, R_OK | X_OK) != 0) {
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
	if (i18n_catalog_load(path, default_code, &def, why, sizeof(why)) !=
	    0) {
		fprintf(report, "%s: %s\n", path, why);
		i18n_locale_clear(&def);
		buf_free(&keys);
		return problems + 1;
	}
	struct check_ctx c = {locale_dir, default_code, &keys, &def, report, 0};

	if (dir_each_entry(locale_dir, ".json", check_one, &c, why,
	                   sizeof(why)) != 0) {
		fprintf(report, "%s\n", why);
		problems++;
	}
	problems += c.problems;
	i18n_locale_clear(&def);
	buf_free(&keys);
	return problems;
}
