/* fileutil.h: reading whole files and the files of a directory. */
#ifndef AIGO_FILEUTIL_H
#define AIGO_FILEUTIL_H

#include <stddef.h>

/* Reads a whole file into malloc'd memory (NUL-terminated); NULL on error
 * with errno set. The caller frees. */
char *file_read_all(const char *path, size_t *len);

/* Calls fn(ctx, path, name) for every entry of dir whose name is longer
 * than suffix and ends in it ("" for all), in the directory's order;
 * path is "dir/name". Stops at the first non-zero return and returns it;
 * returns -1 with err set when the directory cannot be opened. */
typedef int (*dir_entry_fn)(void *ctx, const char *path, const char *name);
int dir_each_entry(const char *dir, const char *suffix, dir_entry_fn fn,
                   void *ctx, char *err, size_t errlen);

/* Calls fn(ctx, path, name, text) for every file of dir whose name ends in
 * suffix, with the file's text (freed after the call). Stops at the first
 * non-zero return and returns it; returns -1 with err set when the
 * directory or a file cannot be read. */
typedef int (*dir_file_fn)(void *ctx, const char *path, const char *name,
                           const char *text);
int dir_each_file(const char *dir, const char *suffix, dir_file_fn fn,
                  void *ctx, char *err, size_t errlen);

#endif
