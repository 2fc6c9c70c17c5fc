/* i18n_check.h: the locale checker (aigo check-locales): every catalog against the keys the templates and the code use. */
#ifndef AIGO_I18N_CHECK_H
#define AIGO_I18N_CHECK_H

#include <stdio.h>

/* Checks every catalog of locale_dir against the keys the templates in
 * template_dir use (and the code's, with_code_keys): each key present and
 * non-empty in every catalog, no extra keys, the same placeholders, valid
 * JSON. Prints each problem as "file: key: problem" to report; returns the
 * number of problems. */
int i18n_check(const char *locale_dir, const char *template_dir,
               const char *default_code, int with_code_keys, FILE *report);

#endif
