/* import.c: `aigo import FILE`: checks from JSON or CSV through the ingest validation and the one write path. */
#include "import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "escape.h"
#include "fileutil.h"
#include "timefmt.h"

#define IMPORT_BATCH 1000
#define IMPORT_SHOW_PROBLEMS 20

/* What csv_cell returns besides a terminator. */
enum { CSV_OPEN_QUOTE = -1, CSV_AFTER_QUOTE = -2 };

/* Reads one CSV cell at *p (quoted with "" escapes, or bare) into out;
 * advances *p past the cell and returns its terminator: ',', '\n' or '\0'
 * (the end). A line may end in CRLF. Returns CSV_OPEN_QUOTE for a quote
 * left open, CSV_AFTER_QUOTE for anything but a terminator after a closing
 * quote (RFC 4180). */
static int
csv_cell(const char **p, const char *end, long *line, struct buf *out)
{
	const char *s = *p;

	out->len = 0;
	buf_append(out, "", 0);
	if (s < end && *s == '"') {
		s++;
		for (;;) {
			if (s >= end)
				return CSV_OPEN_QUOTE;
			if (*s == '"') {
				if (s + 1 < end && s[1] == '"') {
					buf_append(out, "\"", 1);
					s += 2;
					continue;
				}
				s++;
				break;
			}
			if (*s == '\n')
				(*line)++;
			buf_append(out, s++, 1);
		}
		if (s < end && *s == '\r' && (s + 1 == end || s[1] == '\n'))
			s++;
		if (s < end && *s != ',' && *s != '\n')
			return CSV_AFTER_QUOTE;
	} else {
		const char *start = s;

		while (s < end && *s != ',' && *s != '\n')
			s++;
		buf_append(out, start, (size_t)(s - start));
		if (out->len > 0 && out->data[out->len - 1] == '\r')
			out->data[--out->len] = '\0';
	}
	*p = s < end ? s + 1 : s;
	return s >= end ? '\0' : *s;
}

/* Explains a cell csv_cell could not read, or one holding a NUL byte
 * (which would cut the value), into err; 0 when the cell is fine. */
static int
csv_cell_error(int term, const struct buf *cell, long line, char *err,
               size_t errlen)
{
	if (term == CSV_OPEN_QUOTE)
		snprintf(err, errlen, "line %ld: a quote is never closed",
		         line);
	else if (term == CSV_AFTER_QUOTE)
		snprintf(err, errlen,
		         "line %ld: after a closing quote only a comma or the "
		         "end of the line may follow",
		         line);
	else if (memchr(cell->data, '\0', cell->len) != NULL)
		snprintf(err, errlen, "line %ld: a cell holds a NUL byte",
		         line);
	else
		return 0;
	return -1;
}

/* The columns of a CSV file: the fields of an ingest item, the members
 * of its "timings" flattened (a cell of one goes into the item's
 * "timings"). Those of integers are numbers in the item. */
static const struct column {
	const char *name;
	int is_number;
	int in_timings;
} columns[] = {
    {"model", 0, 0},  {"region", 0, 0},      {"checkedAt", 0, 0},
    {"status", 0, 0}, {"latencyMs", 1, 0},   {"httpStatus", 1, 0},
    {"error", 0, 0},  {"probeKind", 0, 0},   {"errorKind", 0, 0},
    {"ttftMs", 1, 0}, {"dnsMs", 1, 1},       {"connectMs", 1, 1},
    {"tlsMs", 1, 1},  {"firstByteMs", 1, 1},
};

/* Adds the cell of column c to item (to its "timings" when c is one of
 * them): a number when it is all digits (of any size, so that ingest's
 * range check names the range), else the text. */
static void
add_cell(cJSON *item, const struct column *c, const char *cell)
{
	const char *digits = cell + (cell[0] == '-');
	cJSON *to = item;

	if (c->in_timings) {
		to = cJSON_GetObjectItemCaseSensitive(item, "timings");
		if (to == NULL)
			to = cJSON_AddObjectToObject(item, "timings");
	}
	if (c->is_number && digits[0] != '\0' &&
	    strspn(digits, "0123456789") == strlen(digits))
		cJSON_AddNumberToObject(to, c->name, strtod(cell, NULL));
	else
		cJSON_AddStringToObject(to, c->name, cell);
}

int
import_parse_csv(struct ingest_batch *b, const char *text, size_t len,
                 long **lines, char *err, size_t errlen)
{
	const char *p = text + utf8_bom_len(text, len), *end = text + len;
	int col[NELEM(columns)], n_cols = 0, rc = 0;
	long line = 1;
	size_t cap = 0;
	struct buf cell = {0};
	int term;

	*lines = NULL;
	err[0] = '\0';
	/* The header: each name once, every one a field. */
	do {
		size_t f = 0;

		term = csv_cell(&p, end, &line, &cell);
		if (csv_cell_error(term, &cell, 1, err, errlen) != 0) {
			rc = -1;
			goto out;
		}
		while (f < NELEM(columns) &&
		       strcmp(cell.data, columns[f].name) != 0)
			f++;
		if (f == NELEM(columns) || n_cols == (int)NELEM(columns)) {
			snprintf(
			    err, errlen,
			    "line 1: \"%s\" is not a column (model, region, "
			    "checkedAt, status, latencyMs, httpStatus, "
			    "error, probeKind, errorKind, ttftMs, dnsMs, "
			    "connectMs, tlsMs, firstByteMs)",
			    cell.data);
			rc = -1;
			goto out;
		}
		for (int k = 0; k < n_cols; k++)
			if (col[k] == (int)f) {
				snprintf(err, errlen,
				         "line 1: column %s given twice",
				         columns[f].name);
				rc = -1;
				goto out;
			}
		col[n_cols++] = (int)f;
	} while (term == ',');
	line++;
	while (p < end) {
		long start = line;
		cJSON *item = cJSON_CreateObject();
		int k = 0;

		if (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n')) {
			p += *p == '\r' ? 2 : 1; /* a blank line */
			line++;
			cJSON_Delete(item);
			continue;
		}
		do {
			term = csv_cell(&p, end, &line, &cell);
			if (csv_cell_error(term, &cell, start, err, errlen))
				break;
			if (k < n_cols && cell.len > 0)
				add_cell(item, &columns[col[k]], cell.data);
			k++;
		} while (term == ',');
		*lines =
		    arena_grow(b->arena, *lines, b->n, &cap, sizeof(**lines));
		if (err[0] != '\0') {
			cJSON_Delete(item);
			rc = -1;
			goto out;
		}
		(*lines)[b->n] = start;
		ingest_add(b, item);
		cJSON_Delete(item);
		if (k != n_cols) {
			snprintf(err, errlen,
			         "line %ld: %d cells where the header has %d",
			         start, k, n_cols);
			rc = -1;
			goto out;
		}
		line++;
	}
out:
	buf_free(&cell);
	return rc;
}

/* Reads all of path ("-": standard input) into malloc'd memory. */
static char *
read_input(const char *path, size_t *len)
{
	struct buf b = {0};
	char chunk[65536];
	size_t n;

	if (strcmp(path, "-") != 0)
		return file_read_all(path, len);
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		buf_append(&b, chunk, n);
	buf_append(&b, "", 0);
	*len = b.len;
	return b.data;
}

static void
progress(size_t done, size_t total)
{
	int width = 40, full = total ? (int)(done * (size_t)width / total) : 0;

	fprintf(stderr, "\r[%.*s%*s] %3d%% %zu/%zu", full,
	        "########################################", width - full, "",
	        total ? (int)(done * 100 / total) : 100, done, total);
	if (done == total)
		fputc('\n', stderr);
	fflush(stderr);
}

/* Prints the first problems of b, naming CSV lines when there are some. */
static void
print_problems(const char *path, const struct ingest_batch *b,
               const long *lines)
{
	size_t k;

	for (k = 0; k < b->n_problems && k < IMPORT_SHOW_PROBLEMS; k++) {
		const struct ingest_problem *pr = &b->problems[k];

		if (lines != NULL)
			fprintf(stderr, "%s:%ld: %s: %s\n", path,
			        lines[pr->index], pr->field, pr->reason);
		else
			fprintf(stderr, "%s: item %ld: %s: %s\n", path,
			        pr->index, pr->field, pr->reason);
	}
	if (k < b->n_problems)
		fprintf(stderr, "%s: and %zu more problems\n", path,
		        b->n_problems - k);
	fprintf(stderr, "aigo import: nothing was written\n");
}

int
import_file(const struct app_config *cfg, const char *path)
{
	struct arena *a = arena_new();
	struct ingest_batch b;
	struct store *s = NULL;
	int64_t t0;
	long *lines = NULL, n_new = 0, n_dup = 0;
	size_t len = 0, done = 0, bom;
	char err[512];
	char *text = read_input(path, &len);
	int read_errno = errno, rc = 1, tty = isatty(2);

	t0 = clock_mono_us();
	ingest_begin(&b, a, clock_now(), cfg->retention, "import");
	if (text == NULL) {
		fprintf(stderr, "aigo import: %s: cannot read: %s\n", path,
		        strerror(read_errno));
		goto out;
	}
	/* JSON or CSV, each perhaps after a byte order mark. */
	bom = utf8_bom_len(text, len);
	if (text[bom + strspn(text + bom, " \t\r\n")] == '{') {
		const char *field, *why;

		if (ingest_parse_body(&b, text, len, SIZE_MAX, &field, &why)) {
			fprintf(stderr, "aigo import: %s: %s: %s\n", path,
			        field, why);
			goto out;
		}
	} else if (import_parse_csv(&b, text, len, &lines, err, sizeof(err)) !=
	           0) {
		/* "line 2: why" becomes "FILE:2: why". */
		fprintf(stderr, "aigo import: %s:%s\n", path,
		        strncmp(err, "line ", 5) == 0 ? err + 5 : err);
		goto out;
	}
	ingest_find_duplicates(&b);
	/* Every problem of every row in one report: models and regions are
	 * looked up also when some rows are invalid. */
	s = store_open_write(cfg->db_path, NULL, err, sizeof(err));
	if (s == NULL || ingest_resolve(&b, s, err, sizeof(err)) != 0) {
		if (b.n_problems > 0)
			print_problems(path, &b, lines);
		fprintf(stderr, "aigo import: %s: %s\n", cfg->db_shown, err);
		goto out;
	}
	if (b.n_problems > 0) {
		print_problems(path, &b, lines);
		goto out;
	}
	while (done < b.n) {
		size_t n =
		    b.n - done < IMPORT_BATCH ? b.n - done : IMPORT_BATCH;

		if (store_record_checks(s, b.checks + done, n, &n_new, &n_dup,
		                        err, sizeof(err)) != 0) {
			fprintf(stderr,
			        "\naigo import: %s after %zu of %zu checks; "
			        "run the import again to finish\n",
			        err, done, b.n);
			goto out;
		}
		done += n;
		if (tty)
			progress(done, b.n);
	}
	printf("imported %zu check%s: %ld new, %ld duplicate%s in %.2f s\n",
	       b.n, b.n == 1 ? "" : "s", n_new, n_dup, n_dup == 1 ? "" : "s",
	       clock_mono_secs_since(t0));
	rc = 0;
out:
	store_close(s);
	free(text);
	arena_free(a);
	return rc;
}
