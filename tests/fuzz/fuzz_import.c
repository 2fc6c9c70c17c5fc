/* fuzz_import.c: `aigo import FILE` (import_file) on the input as a file, JSON or CSV, into a database: a refused file writes nothing, a byte order mark changes nothing. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "import.h"

static struct fuzz_site *site;
static char file[1200], other[1200];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	site = fuzz_site();
	snprintf(file, sizeof(file), "%s/import", fuzz_tmpdir());
	snprintf(other, sizeof(other), "%s/import-other", fuzz_tmpdir());
	return 0;
}

struct run {
	const char *path;
	int rc;
};

static void
run_import(void *ctx)
{
	struct run *r = ctx;

	r->rc = import_file(&site->app.cfg, r->path);
}

/* Imports path quietly; returns its exit status, checking that a refused
 * import wrote nothing. */
static int
import_checked(const char *path, const char *what)
{
	struct run r = {path, -1};
	int64_t before = fuzz_site_data_version(), after;

	fuzz_quietly(run_import, &r);
	after = fuzz_site_data_version();
	FUZZ_ASSERT(r.rc == 0 || r.rc == 1, "import of %s exited %d", what,
	            r.rc);
	FUZZ_ASSERT(r.rc == 0 || before == after,
	            "a refused import (%s) wrote to the database", what);
	return r.rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int rc, rc_other;

	fuzz_write_file(file, data, size);
	rc = import_checked(file, "the file");
	/* No field of a check can hold a NUL: a file with one in a JSON
	 * string or in a CSV cell (which is every byte of CSV) is refused. */
	if (rc == 0 && memchr(data, '\0', size) != NULL) {
		const char *t = (const char *)data;
		size_t skip =
		    size >= 3 && memcmp(t, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
		struct fuzz_json j;

		while (skip < size && strchr(" \t\r\n", t[skip]) && t[skip])
			skip++;
		FUZZ_ASSERT(skip < size && t[skip] == '{',
		            "imported a CSV file with a NUL byte");
		fuzz_json_scan(t, size, 1, &j);
		FUZZ_ASSERT(!j.nul, "imported a JSON file with a NUL in a "
		                    "string");
	}
	/* A JSON file is one JSON value and nothing more. */
	FUZZ_ASSERT(rc != 0 ||
	                fuzz_json_trailing((const char *)data, size) == 0,
	            "imported a JSON file with data after its value (from byte "
	            "%zu)",
	            fuzz_json_trailing((const char *)data, size));
	/* The same text with a UTF-8 byte order mark before it (as editors
	 * write it), or without the one it has, imports the same way (again,
	 * so only duplicates). A second mark is text, which may be refused. */
	if (size >= 6 && memcmp(data, "\xef\xbb\xbf\xef\xbb\xbf", 6) == 0)
		return 0;
	if (size >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		fuzz_write_file(other, data + 3, size - 3);
	} else {
		char *with = malloc(size + 3);

		memcpy(with, "\xef\xbb\xbf", 3);
		if (size > 0)
			memcpy(with + 3, data, size);
		fuzz_write_file(other, with, size + 3);
		free(with);
	}
	rc_other = import_checked(other, "the file with its BOM toggled");
	FUZZ_ASSERT(
	    rc_other == rc,
	    "import exits %d for the file but %d with a byte order mark "
	    "%s",
	    rc, rc_other,
	    size >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0
	        ? "taken away"
	        : "put before it");
	return 0;
}
