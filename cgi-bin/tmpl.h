/* tmpl.h: the C API of the ctemplate bridge (tmpl.cc): a template cache and dictionaries. */
#ifndef AIGO_TMPL_H
#define AIGO_TMPL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct tmpl_dict;

struct tmpl_cache;

/* A new, empty template cache; free it with tmpl_cache_free. */
struct tmpl_cache *tmpl_cache_new(void);

/* Adds template text under name (e.g. "en/monitoring.tpl") to c, replacing
 * nothing. Returns 0, or -1 if it does not parse. */
int tmpl_cache_add(struct tmpl_cache *c, const char *name, const char *text,
                   size_t len);

/* Freezes c: no more additions, faster expansion. */
void tmpl_cache_freeze(struct tmpl_cache *c);

/* Makes c the cache that tmpl_expand reads (NULL: none), so that a reload
 * can build a new cache while the old one serves. */
void tmpl_cache_use(struct tmpl_cache *c);

/* Frees c (NULL is allowed); if it is in use, no cache is. */
void tmpl_cache_free(struct tmpl_cache *c);

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

/* Expands template name of the cache in use with d into malloc'd memory (*len bytes,
 * NUL-terminated). Returns NULL when the template is missing or fails. */
char *tmpl_expand(const char *name, const struct tmpl_dict *d, size_t *len);

#ifdef __cplusplus
}
#endif

#endif
