/* fileutil.c: reading whole files and the files of a directory. */
#include "fileutil.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

char *
file_read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b = {0};
	char chunk[8192];
	size_t n;

	if (f == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&b, chunk, n);
	if (ferror(f)) {
		int e = errno;
		fclose(f);
		buf_free(&b);
		errno = e;
		return NULL;
	}
	fclose(f);
	if (b.data == NULL)
		buf_append(&b, "", 0);
	if (len != NULL)
		*len = b.len;
	return b.data;
}

int
dir_each_entry(const char *dir, const char *suffix, dir_entry_fn fn, void *ctx,
               char *err, size_t errlen)
{
	DIR *d = opendir(dir);
	size_t sl = strlen(suffix);
	struct dirent *de;
	int rc = 0;

	if (d == NULL) {
		snprintf(err, errlen, "%s: cannot open the directory", dir);
		return -1;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		char path[4096];

		if (len <= sl || strcmp(de->d_name + len - sl, suffix) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		rc = fn(ctx, path, de->d_name);
	}
	closedir(d);
	return rc;
}

struct each_file {
	dir_file_fn fn;
	void *ctx;
	char *err;
	size_t errlen;
};

/* Reads one file of dir_each_file and hands its text on. */
static int
read_one(void *ctx, const char *path, const char *name)
{
	struct each_file *ef = ctx;
	char *text = file_read_all(path, NULL);
	int rc;

	if (text == NULL) {
		snprintf(ef->err, ef->errlen, "%s: cannot read", path);
		return -1;
	}
	rc = ef->fn(ef->ctx, path, name, text);
	free(text);
	return rc;
}

int
dir_each_file(const char *dir, const char *suffix, dir_file_fn fn, void *ctx,
              char *err, size_t errlen)
{
	struct each_file ef = {fn, ctx, err, errlen};

	return dir_each_entry(dir, suffix, read_one, &ef, err, errlen);
}
