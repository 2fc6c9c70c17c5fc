/* fuzz.h: what the libFuzzer harnesses share: failing with a reason, a temporary site, a strict JSON reader, the CGI answer. */
#ifndef AIGO_FUZZ_H
#define AIGO_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "app.h"

/* libFuzzer's entry points, defined by each harness. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The fixed clock of every harness (2026-11-28T04:00:00Z), as AIGO_NOW. */
#define FUZZ_NOW INT64_C(1795838400)

/* The base path the whole-request site is served under. */
#define FUZZ_BASE "/status"

/* Prints "fuzz: property failed: <why>" and aborts, so that libFuzzer keeps
 * the input as a crash. */
void fuzz_fail(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

#define FUZZ_ASSERT(cond, ...)                                                 \
	do {                                                                   \
		if (!(cond))                                                   \
			fuzz_fail(__VA_ARGS__);                                \
	} while (0)

/* s[0..n) as printable text (\xNN for other bytes), cut at 300 bytes, in
 * one of four static buffers (for messages). */
const char *fuzz_show(const char *s, size_t n);

/* The checkout (AIGO_ROOT, else two directories above the harness). */
const char *fuzz_root(void);

/* A private directory for the process (under TMPDIR), removed at exit. */
const char *fuzz_tmpdir(void);

/* data[0..size) up to its first NUL, as a C string reads it: a copy the
 * caller frees, its length in *len. NULL when out of memory. */
char *fuzz_cstring(const uint8_t *data, size_t size, size_t *len);

/* Writes data to path (replacing it); fails the harness on error. */
void fuzz_write_file(const char *path, const void *data, size_t len);

/* Sets the environment every harness runs in: AIGO_ROOT, AIGO_NOW, no
 * logging, no configuration file. */
void fuzz_env_defaults(void);

/* A site in fuzz_tmpdir(): a database with the catalog and a day of demo
 * checks up to FUZZ_NOW, an ingest token, base path FUZZ_BASE, and the app
 * loaded from it. Made once; later calls return the same site. */
struct fuzz_site {
	struct app app;
	char db[1100];
	char token[40];
};
struct fuzz_site *fuzz_site(void);

/* The data_version of the site's database as a connection of the harness
 * sees it: it changes exactly when another connection commits a write. */
int64_t fuzz_site_data_version(void);

/* What a strict reading (RFC 8259) found in a JSON text. */
struct fuzz_json {
	int valid;  /* one value, with only JSON whitespace around it */
	int bom;    /* began with a UTF-8 byte order mark (then skipped) */
	int nul;    /* a string holds U+0000 (escaped or raw) */
	int ctl;    /* a string holds a raw control character: not JSON,
	               though valid does not count it */
	int utf8;   /* every string is UTF-8 without lone surrogates */
	size_t end; /* where reading stopped (len when valid) */
};

/* Reads s[0..len) strictly, skipping a leading BOM when allow_bom. */
void fuzz_json_scan(const char *s, size_t len, int allow_bom,
                    struct fuzz_json *out);

/* Where the bytes after the first JSON value of s[0..len) that are not JSON
 * whitespace start (the value as cJSON reads it, after a BOM); 0 when there
 * are none or s does not begin with a value cJSON reads. */
size_t fuzz_json_trailing(const char *s, size_t len);

/* Whether s[0..n) is UTF-8 (no overlong forms, surrogates, > U+10FFFF). */
int fuzz_utf8_ok(const char *s, size_t n);

/* A CGI answer split into its parts. */
struct fuzz_answer {
	int status;
	const char *head; /* the header lines after the Status line */
	size_t head_len;
	const char *body;
	size_t body_len;
};

/* Splits a CGI answer, failing the harness unless it is well framed: a
 * "Status: NNN Reason" line, header lines "Name: value" each ending in CRLF
 * with no other CR, LF or control character, and a blank line. */
void fuzz_answer_parse(const char *data, size_t len, struct fuzz_answer *a);

/* How many header lines named name (any case) a has; the first one's
 * value is copied into out. */
int fuzz_answer_header(const struct fuzz_answer *a, const char *name, char *out,
                       size_t outlen);

/* Reads an HTML page as a browser's tokenizer would and says what is wrong,
 * or NULL: a '<' in text that does not start a tag, a tag or attribute the
 * templates never write (aria-* and data-* are allowed), a quoted
 * attribute value not followed by a space or the tag's end. Input that
 * reached the page unescaped shows as one of these. */
const char *fuzz_html_problem(const char *s, size_t len);

/* Whether a path (before any '?' or '#') has a segment a browser reads as
 * "." or "..": spelt so, or with %2e for a dot (WHATWG URL). */
int fuzz_has_dot_segment(const char *path);

/* Resolves the dot segments of an absolute path (up to '?' or '#') as a
 * browser does, into out. */
void fuzz_resolve_path(const char *path, char *out, size_t outlen);

/* Runs fn with stdout and stderr going nowhere (sanitizer and libFuzzer
 * reports still go to the real stderr). */
void fuzz_quietly(void (*fn)(void *), void *ctx);

#endif
