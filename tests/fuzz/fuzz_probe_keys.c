/* fuzz_probe_keys.c: the prober's key file (probe_keys_read) against a reference reading of its own: what is accepted is exactly what the rules allow, with the same names and values, and an error never holds a value. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "probe_keys.h"

#define MAX_LINE 4096

static char file[1200];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_env_defaults();
	snprintf(file, sizeof(file), "%s/probe-keys", fuzz_tmpdir());
	return 0;
}

/* Blanks dropped before a name or a value: spaces and tabs; after one
 * also a carriage return (a CRLF file). */
static int
is_lead_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int
is_trail_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int
is_name(const char *s, size_t n)
{
	if (n == 0 || (s[0] >= '0' && s[0] <= '9'))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!(s[i] == '_' || (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9')))
			return 0;
	return 1;
}

/* One variable as the reference reads it. */
struct ref_var {
	const char *name, *value;
	size_t name_len, value_len;
};

/* Reads data as the rules of probe_keys.h say; returns the number of
 * variables (into vars, of room max), -1 when the file is refused, -2 when
 * it holds more than max. */
static long
ref_read(const char *data, size_t size, struct ref_var *vars, size_t max)
{
	size_t n = 0, at = 0;

	if (memchr(data, '\0', size) != NULL)
		return -1;
	while (at < size) {
		const char *line = data + at,
		           *nl = memchr(line, '\n', size - at);
		size_t len = nl ? (size_t)(nl - line) : size - at;
		size_t a = 0, b = len, eq;

		at += len + (nl != NULL);
		if (len > MAX_LINE)
			return -1;
		while (a < b && is_lead_blank(line[a]))
			a++;
		while (b > a && is_trail_blank(line[b - 1]))
			b--;
		if (a == b || line[a] == '#')
			continue;
		for (eq = a; eq < b && line[eq] != '='; eq++)
			;
		if (eq == b)
			return -1;
		{
			size_t na = a, nb = eq, va = eq + 1, vb = b;

			while (nb > na && is_trail_blank(line[nb - 1]))
				nb--;
			while (va < vb && is_lead_blank(line[va]))
				va++;
			if (!is_name(line + na, nb - na))
				return -1;
			if (vb - va >= 2 &&
			    (line[va] == '"' || line[va] == '\'') &&
			    line[vb - 1] == line[va]) {
				va++;
				vb--;
			}
			if (va == vb)
				return -1;
			for (size_t k = 0; k < n; k++)
				if (vars[k].name_len == nb - na &&
				    memcmp(vars[k].name, line + na, nb - na) ==
				        0)
					return -1;
			if (n == max)
				return -2;
			vars[n++] = (struct ref_var){line + na, line + va,
			                             nb - na, vb - va};
		}
	}
	return (long)n;
}

/* Whether the error (after the file's path) is one of the reader's
 * fixed texts, or names a NAME: then it holds no value. */
static int
error_is_safe(const char *e)
{
	static const char *const fixed[] = {
	    "not NAME=value",
	    "not NAME=value (a NAME has letters, digits and _)",
	    "line longer than 4096 bytes",
	    "a NUL byte in the line",
	    "longer than 65536 bytes",
	    "not a regular file",
	};
	const char *sp;

	if (e[0] == ':' && e[1] >= '0' && e[1] <= '9') {
		e++;
		while (*e >= '0' && *e <= '9')
			e++;
	}
	if (e[0] != ':' || e[1] != ' ')
		return 0;
	e += 2;
	for (size_t i = 0; i < NELEM(fixed); i++)
		if (strcmp(e, fixed[i]) == 0)
			return 1;
	sp = strchr(e, ' ');
	return sp != NULL && is_name(e, (size_t)(sp - e)) &&
	       (strcmp(sp, " has no value") == 0 ||
	        strcmp(sp, " is set twice") == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct probe_keys keys = {0};
	struct ref_var vars[64];
	char err[512];
	const char *text = (const char *)data;
	long want;
	int rc;

	if (size > 16384)
		return 0;
	fuzz_write_file(file, data, size);
	chmod(file, 0600);
	want = ref_read(text, size, vars, NELEM(vars));
	if (want == -2)
		return 0; /* more variables than the reference holds */
	rc = probe_keys_read(file, &keys, err, sizeof(err));
	FUZZ_ASSERT((rc == 0) == (want >= 0), "read %d, the rules say %s: %s",
	            rc, want >= 0 ? "accepted" : "refused",
	            fuzz_show(text, size));
	if (rc == 0) {
		FUZZ_ASSERT(keys.n == (size_t)want, "%zu variables, want %ld",
		            keys.n, want);
		for (long i = 0; i < want; i++) {
			char name[MAX_LINE + 1];
			int from_file = 0;
			const char *v;

			memcpy(name, vars[i].name, vars[i].name_len);
			name[vars[i].name_len] = '\0';
			v = probe_keys_get(&keys, name, &from_file);
			FUZZ_ASSERT(
			    v != NULL && from_file &&
			        strlen(v) == vars[i].value_len &&
			        memcmp(v, vars[i].value, vars[i].value_len) ==
			            0,
			    "%s: %s, want %s", name,
			    v ? fuzz_show(v, strlen(v)) : "(none)",
			    fuzz_show(vars[i].value, vars[i].value_len));
		}
	} else {
		/* The error names the file and says what, never a value. */
		FUZZ_ASSERT(strncmp(err, file, strlen(file)) == 0 &&
		                error_is_safe(err + strlen(file)),
		            "an error that may hold a value: %s", err);
	}
	probe_keys_free(&keys);
	return 0;
}
