/* probe_keys.h: the prober's key file (probe_keys): NAME=value lines, mode 600 or stricter, read at each start of the prober and preferred to the environment. */
#ifndef AIGO_PROBE_KEYS_H
#define AIGO_PROBE_KEYS_H

#include <stddef.h>

/* The variables of one key file. Only the prober holds one. */
struct probe_keys {
	size_t n, cap;
	char **names;  /* heap copies */
	char **values; /* heap copies, wiped when freed */
};

/* Reads the key file at path into keys (which must be empty: zeroed or
 * freed). A line is NAME=value: NAME of letters, digits and _, not
 * starting with a digit; blanks around the name and the value are dropped,
 * and so are quotes around the whole value ("v" or 'v'), as systemd's
 * EnvironmentFile= reads them. Blank lines and lines starting with # are
 * skipped. Refused: a file that cannot be read or is not a regular file,
 * one that its group or others may read or write (the mode must be 600 or
 * stricter), a line that is not NAME=value, an empty value, a NAME given
 * twice, a line over 4096 bytes or with a NUL byte. Returns 0, or -1 with
 * err set to "PATH: what" or "PATH:LINE: what", which never holds a value
 * (nor the line). The caller frees keys with probe_keys_free, also after
 * -1. */
int probe_keys_read(const char *path, struct probe_keys *keys, char *err,
                    size_t errlen);

/* The value of the variable name: the file's (keys may be NULL or empty)
 * when it has the name, else the environment's; NULL when neither has a
 * non-empty value. Borrowed from keys or the environment. When from_file
 * is not NULL, it is set to 1 when the value is the file's, else 0. */
const char *probe_keys_get(const struct probe_keys *keys, const char *name,
                           int *from_file);

/* Wipes the values, frees everything; keys is empty after. */
void probe_keys_free(struct probe_keys *keys);

#endif
