/* templates.h: the page templates: pre-translated per locale at load, into a frozen template cache. */
#ifndef AIGO_TEMPLATES_H
#define AIGO_TEMPLATES_H

#include <stddef.h>

#include "arena.h"
#include "i18n.h"
#include "tmpl.h"

/* Loads every .tpl file of dir into a new template cache once per locale
 * of t, translated (as "<code>/<file name>"), and freezes it. A text that
 * no catalog has is logged and left empty. Returns the cache (free with
 * tmpl_cache_free), or NULL with err set when the directory or a file
 * cannot be read or a template does not parse. */
struct tmpl_cache *templates_load(struct i18n *t, const char *dir, char *err,
                                  size_t errlen);

/* Replaces every {{T_a_b}} marker in template text with the HTML-escaped
 * text of key a.b for loc (braces escaped too, so a text can never form a
 * template marker). Appends to out. Returns the number of markers whose
 * key exists in no catalog (they become empty). */
int i18n_translate_template(struct i18n *t, const struct locale *loc,
                            const char *text, struct buf *out);

/* Collects the translation keys that the template text uses (T_ markers)
 * into out as a NUL-separated list. */
void i18n_template_keys(const char *text, struct buf *out);

#endif
