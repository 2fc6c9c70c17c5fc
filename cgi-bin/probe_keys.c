/* probe_keys.c: the prober's key file (probe_keys): NAME=value lines, mode 600 or stricter, read at each start of the prober and preferred to the environment. */
#include "probe_keys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"

#define KEYS_FILE_MAX 65536 /* bytes of the whole file */
#define KEYS_LINE_MAX 4096  /* bytes of one line */

/* Strips blanks at both ends of the n bytes at s; returns the start and
 * sets *n to what is left. */
static char *
trim(char *s, size_t *n)
{
	while (*n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		(*n)--;
	}
	while (*n > 0 && strchr(" \t\r", s[*n - 1]) != NULL)
		(*n)--;
	return s;
}

static int
is_name(const char *s, size_t n)
{
	if (n == 0 || (s[0] >= '0' && s[0] <= '9'))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (strchr(
		        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		        "0123456789_",
		        s[i]) == NULL ||
		    s[i] == '\0')
			return 0;
	return 1;
}

static char *
copy(const char *s, size_t n)
{
	char *c = xmalloc(n + 1);

	memcpy(c, s, n);
	c[n] = '\0';
	return c;
}

/* Reads the whole file (at most KEYS_FILE_MAX bytes) into buf after
 * checking what it is; returns its length, or -1 with err set. */
static long
read_whole(const char *path, char *buf, char *err, size_t errlen)
{
	struct stat sb;
	size_t len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot read: %s", path,
		         strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		close(fd);
		return -1;
	}
	if ((sb.st_mode & 077) != 0) {
		snprintf(err, errlen,
		         "%s: its group or others may read it (mode %03o): "
		         "the mode must be 600 or stricter (chmod 600)",
		         path, (unsigned)(sb.st_mode & 0777));
		close(fd);
		return -1;
	}
	for (;;) {
		ssize_t got = read(fd, buf + len, KEYS_FILE_MAX + 1 - len);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			snprintf(err, errlen, "%s: cannot read: %s", path,
			         strerror(errno));
			close(fd);
			return -1;
		}
		if (got == 0)
			break;
		len += (size_t)got;
		if (len > KEYS_FILE_MAX) {
			snprintf(err, errlen, "%s: longer than %d bytes", path,
			         KEYS_FILE_MAX);
			close(fd);
			return -1;
		}
	}
	close(fd);
	return (long)len;
}

/* Parses the line s (n bytes, no newline), the lineno-th of path, into
 * keys. 0, or -1 with err set (never with the line's text). */
static int
parse_line(const char *path, int lineno, char *s, size_t n,
           struct probe_keys *keys, char *err, size_t errlen)
{
	char *eq, *name, *value;
	size_t name_n, value_n;

	if (n > KEYS_LINE_MAX || memchr(s, '\0', n) != NULL) {
		snprintf(err, errlen, "%s:%d: %s", path, lineno,
		         n > KEYS_LINE_MAX ? "line longer than 4096 bytes"
		                           : "a NUL byte in the line");
		return -1;
	}
	s = trim(s, &n);
	if (n == 0 || s[0] == '#')
		return 0;
	eq = memchr(s, '=', n);
	if (eq == NULL) {
		snprintf(err, errlen, "%s:%d: not NAME=value", path, lineno);
		return -1;
	}
	name_n = (size_t)(eq - s);
	name = trim(s, &name_n);
	value_n = n - (size_t)(eq - s) - 1;
	value = trim(eq + 1, &value_n);
	if (!is_name(name, name_n)) {
		snprintf(err, errlen,
		         "%s:%d: not NAME=value (a NAME has letters, digits "
		         "and _)",
		         path, lineno);
		return -1;
	}
	if (value_n >= 2 && (value[0] == '"' || value[0] == '\'') &&
	    value[value_n - 1] == value[0]) {
		value++;
		value_n -= 2;
	}
	if (value_n == 0) {
		snprintf(err, errlen, "%s:%d: %.*s has no value", path, lineno,
		         (int)name_n, name);
		return -1;
	}
	for (size_t i = 0; i < keys->n; i++)
		if (strlen(keys->names[i]) == name_n &&
		    memcmp(keys->names[i], name, name_n) == 0) {
			snprintf(err, errlen, "%s:%d: %.*s is set twice", path,
			         lineno, (int)name_n, name);
			return -1;
		}
	if (keys->n == keys->cap) {
		size_t cap = keys->cap;

		keys->names =
		    xgrow(keys->names, keys->n, &cap, sizeof(*keys->names));
		keys->values = xgrow(keys->values, keys->n, &keys->cap,
		                     sizeof(*keys->values));
	}
	keys->names[keys->n] = copy(name, name_n);
	keys->values[keys->n] = copy(value, value_n);
	keys->n++;
	return 0;
}

int
probe_keys_read(const char *path, struct probe_keys *keys, char *err,
                size_t errlen)
{
	char *buf = xmalloc(KEYS_FILE_MAX + 1);
	long len = read_whole(path, buf, err, errlen);
	size_t at = 0;
	int lineno = 0, rc = 0;

	while (len >= 0 && rc == 0 && at < (size_t)len) {
		char *nl = memchr(buf + at, '\n', (size_t)len - at);
		size_t n = nl ? (size_t)(nl - (buf + at)) : (size_t)len - at;

		rc = parse_line(path, ++lineno, buf + at, n, keys, err, errlen);
		at += n + 1;
	}
	explicit_bzero(buf, KEYS_FILE_MAX + 1);
	free(buf);
	return len < 0 || rc != 0 ? -1 : 0;
}

const char *
probe_keys_get(const struct probe_keys *keys, const char *name, int *from_file)
{
	const char *v;

	if (from_file != NULL)
		*from_file = 0;
	for (size_t i = 0; keys != NULL && i < keys->n; i++)
		if (strcmp(keys->names[i], name) == 0) {
			if (from_file != NULL)
				*from_file = 1;
			return keys->values[i];
		}
	v = getenv(name);
	return v != NULL && *v != '\0' ? v : NULL;
}

void
probe_keys_free(struct probe_keys *keys)
{
	for (size_t i = 0; i < keys->n; i++) {
		explicit_bzero(keys->values[i], strlen(keys->values[i]));
		free(keys->values[i]);
		free(keys->names[i]);
	}
	free(keys->names);
	free(keys->values);
	memset(keys, 0, sizeof(*keys));
}
