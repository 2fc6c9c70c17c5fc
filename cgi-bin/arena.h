/* arena.h: memory: the per-request arena, the growable byte buffer, and the aborting allocator. */
#ifndef AIGO_ARENA_H
#define AIGO_ARENA_H

#include <stddef.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The out-of-memory policy, one for the whole program: an allocation that
 * fails prints "aigo: out of memory" and aborts (a worker is restarted by
 * its supervisor), so no caller checks for NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* Returns p, the result of an allocation made elsewhere (a library's), or
 * aborts as above when it is NULL. */
void *xnonnull(void *p);

/* Returns v, a malloc'd array of *cap elements of size of which n are
 * used, with room for at least n + 1: v itself while there is room, else
 * v reallocated to twice the capacity (16 elements the first time, v NULL
 * and *cap 0), *cap updated. Never NULL; the caller frees. */
void *xgrow(void *v, size_t n, size_t *cap, size_t size);

/* Arena: all memory of one request (or one job) freed by one call. */
struct arena;

/* Returns a new arena; aborts only when the process is out of memory. */
struct arena *arena_new(void);
/* Frees every block the arena handed out, and the arena. NULL is allowed. */
void arena_free(struct arena *a);
/* Returns zeroed memory owned by the arena (never NULL). */
void *arena_alloc(struct arena *a, size_t size);
/* Returns a copy of s (or of its first n bytes) owned by the arena. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* printf into arena memory. */
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Returns v, an arena array of *cap elements of size of which n are used,
 * with room for at least n + 1: v itself while there is room, else a copy
 * in a with twice the capacity (64 elements the first time, v NULL and *cap
 * 0, as an ingest batch's arrays start), *cap updated. Never NULL; the old
 * array stays in the arena. */
void *arena_grow(struct arena *a, void *v, size_t n, size_t *cap, size_t size);

/* Growable buffer; always NUL-terminated after the first append. */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};

/* Makes room for extra more bytes (and the NUL after them) without
 * changing len, for writers that fill data + len themselves. */
void buf_reserve(struct buf *b, size_t extra);
void buf_append(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_free(struct buf *b);

#endif
