/* escape.h: escaping text for HTML, SVG and URLs, and checking UTF-8. */
#ifndef AIGO_ESCAPE_H
#define AIGO_ESCAPE_H

#include <stddef.h>

#include "arena.h"

/* Appends s with &, <, >, " and ' replaced by entities (HTML, SVG text). */
void buf_put_xml_escaped(struct buf *b, const char *s);
/* Appends s percent-encoded for a URL query value (all but A-Z a-z 0-9
 * - . _ ~ and /). */
void buf_put_url_encoded(struct buf *b, const char *s);

/* Whether s[0..n) is well-formed UTF-8 (no overlong forms, surrogates or
 * values past U+10FFFF). */
int utf8_valid(const char *s, size_t n);

/* The number of bytes of a UTF-8 byte order mark at the start of s[0..n)
 * (spreadsheets write one before CSV and JSON): 3 or 0. */
size_t utf8_bom_len(const char *s, size_t n);

/* The code point that starts at *p (which must not be at the NUL), moving
 * *p past it; a malformed sequence gives what its bytes hold and never
 * moves past a NUL. For text widths, not for validation (utf8_valid). */
unsigned long utf8_next(const unsigned char **p);

/* Whether code point c is drawn one em wide in CJK fonts: Hangul, kana,
 * CJK ideographs (also past U+20000) and punctuation, full-width forms. */
int unicode_full_width(unsigned long c);

#endif
