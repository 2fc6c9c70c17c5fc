/* tmpl.h: the C API of the ctemplate bridge (tmpl.cc): a template cache and dictionaries. */
#ifndef AIGO_TMPL_H
#define AIGO_TMPL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct tmpl_dict;

/* Adds template text under name (e.g. "en/monitoring.tpl") to the process's
 * template cache, replacing nothing. Returns 0, or -1 if it does not parse. */
int tmpl_cache_add(const char *name, const char *text, size_t len);
/* Freezes the cache: no more additions, faster expansion. */
void tmpl_cache_freeze(void);

/* A new top-level dictionary; free with tmpl_dict_free. */
struct tmpl_dict *tmpl_dict_new(void);
void tmpl_dict_free(struct tmpl_dict *d);
/* Sets marker name to value (copied). Values are escaped by the template. */
void tmpl_set(struct tmpl_dict *d, const char *name, const char *value);
void tmpl_set_int(struct tmpl_dict *d, const char *name, int64_t value);
/* Shows section name once (with d's values). */
void tmpl_show_section(struct tmpl_dict *d, const char *name);
/* Adds one repetition of section name; the returned dictionary belongs to
 * d and sees d's values. */
struct tmpl_dict *tmpl_add_section(struct tmpl_dict *d, const char *name);
/* Fills include marker name with the cached template `file`; the returned
 * dictionary belongs to d and does not see d's values. */
struct tmpl_dict *tmpl_add_include(struct tmpl_dict *d, const char *name,
                                   const char *file);

/* Expands cached template name with d into malloc'd memory (*len bytes,
 * NUL-terminated). Returns NULL when the template is missing or fails. */
char *tmpl_expand(const char *name, const struct tmpl_dict *d, size_t *len);

#ifdef __cplusplus
}
#endif

#endif
