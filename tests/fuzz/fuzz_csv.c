/* fuzz_csv.c: the CSV reader of `aigo import` (import_parse_csv), checked against a reference reading of RFC 4180: what it accepts is well-formed and read cell for cell. */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "fuzz.h"
#include "import.h"
#include "timefmt.h"

#define RETENTION (90 * 86400)
#define MAX_CELLS 64

/* One record of the reference reading. */
struct record {
	long line; /* where it starts */
	int n;
	char *cell[MAX_CELLS];
	size_t len[MAX_CELLS];
};

/* The reference reading: after a UTF-8 byte order mark, if any, RFC 4180
 * records ending in LF or CRLF, cells
 * quoted (with "" for a quote, followed by a comma or the end of the
 * record) or bare (anything but comma and LF; a CR that ends a bare cell is
 * dropped, as a CRLF's). Blank lines are skipped. Returns the number of
 * records, or -1 when the text is not well-formed (or too wide). */
static long
reference_read(const char *s, size_t len, struct record **out)
{
	struct record *recs = NULL;
	long n = 0, line = 1;
	size_t i = len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;

	while (i < len) {
		struct record *r;

		if (s[i] == '\n' ||
		    (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')) {
			i += s[i] == '\r' ? 2 : 1;
			line++;
			continue;
		}
		recs = realloc(recs, sizeof(*recs) * (size_t)(n + 1));
		r = &recs[n++];
		memset(r, 0, sizeof(*r));
		r->line = line;
		for (;;) {
			char *cell = malloc(len - i + 1);
			size_t cl = 0;

			if (r->n == MAX_CELLS) {
				free(cell);
				goto bad;
			}
			r->cell[r->n] = cell;
			if (i < len && s[i] == '"') {
				for (i++;; i++) {
					if (i >= len)
						goto bad_cell;
					if (s[i] == '"') {
						if (i + 1 < len &&
						    s[i + 1] == '"') {
							cell[cl++] = s[i++];
							continue;
						}
						i++;
						break;
					}
					if (s[i] == '\n')
						line++;
					cell[cl++] = s[i];
				}
				/* After the closing quote: ',' or the end. */
				if (i < len && s[i] != ',' && s[i] != '\n' &&
				    !(s[i] == '\r' && i + 1 < len &&
				      s[i + 1] == '\n') &&
				    !(s[i] == '\r' && i + 1 == len))
					goto bad_cell;
				if (i < len && s[i] == '\r')
					i++;
			} else {
				while (i < len && s[i] != ',' && s[i] != '\n')
					cell[cl++] = s[i++];
				if (cl > 0 && cell[cl - 1] == '\r')
					cl--;
			}
			cell[cl] = '\0';
			r->len[r->n++] = cl;
			if (i < len && s[i] == ',') {
				i++;
				continue;
			}
			if (i < len) { /* '\n' */
				i++;
				line++;
			}
			break;
		bad_cell:
			free(cell);
			goto bad;
		}
	}
	*out = recs;
	return n;
bad:
	*out = recs;
	return -1 - n; /* the records to free */
}

static void
free_records(struct record *recs, long n)
{
	for (long k = 0; k < n; k++)
		for (int c = 0; c < recs[k].n; c++)
			free(recs[k].cell[c]);
	free(recs);
}

/* Whether cell (n bytes) is exactly the string s. */
static int
same(const char *cell, size_t n, const char *s)
{
	return s != NULL && strlen(s) == n && memcmp(cell, s, n) == 0;
}

/* The time in ms of c that the column named col holds, or NULL. */
static const int64_t *
ms_column(const struct check_in *c, const char *col)
{
	return strcmp(col, "ttftMs") == 0        ? &c->ttft_ms
	       : strcmp(col, "dnsMs") == 0       ? &c->dns_ms
	       : strcmp(col, "connectMs") == 0   ? &c->connect_ms
	       : strcmp(col, "tlsMs") == 0       ? &c->tls_ms
	       : strcmp(col, "firstByteMs") == 0 ? &c->first_byte_ms
	                                         : NULL;
}

/* Check i holds what record r says under the header's columns. */
static void
check_record(const struct ingest_batch *b, size_t i, const struct record *hdr,
             const struct record *r)
{
	const struct check_in *c = &b->checks[i];

	FUZZ_ASSERT(r->n == hdr->n, "record %zu has %d cells, the header %d", i,
	            r->n, hdr->n);
	for (int k = 0; k < r->n; k++) {
		const char *col = hdr->cell[k], *v = r->cell[k];
		size_t n = r->len[k];
		int64_t t;
		char *end;

		if (strcmp(col, "model") == 0) {
			FUZZ_ASSERT(same(v, n, b->slugs[i]),
			            "line %ld: model \"%s\" read as \"%s\"",
			            r->line, fuzz_show(v, n),
			            b->slugs[i] ? b->slugs[i] : "(none)");
		} else if (strcmp(col, "region") == 0) {
			FUZZ_ASSERT(n == 0 ? strcmp(c->region, "global") == 0
			                   : same(v, n, c->region),
			            "line %ld: region \"%s\" read as \"%s\"",
			            r->line, fuzz_show(v, n), c->region);
		} else if (strcmp(col, "checkedAt") == 0) {
			FUZZ_ASSERT(memchr(v, '\0', n) == NULL &&
			                time_parse_rfc3339(v, &t) == 0 &&
			                t == c->checked_at,
			            "line %ld: checkedAt \"%s\" read as %lld",
			            r->line, fuzz_show(v, n),
			            (long long)c->checked_at);
		} else if (strcmp(col, "status") == 0) {
			FUZZ_ASSERT(c->status < STATUS__MAX &&
			                same(v, n, status_names[c->status]),
			            "line %ld: status \"%s\" read as %d",
			            r->line, fuzz_show(v, n), (int)c->status);
		} else if (strcmp(col, "latencyMs") == 0) {
			FUZZ_ASSERT(n == 0 ? c->latency_ms == -1
			                   : memchr(v, '\0', n) == NULL &&
			                         strtoll(v, &end, 10) ==
			                             c->latency_ms &&
			                         *end == '\0',
			            "line %ld: latencyMs \"%s\" read as %lld",
			            r->line, fuzz_show(v, n),
			            (long long)c->latency_ms);
		} else if (strcmp(col, "httpStatus") == 0) {
			FUZZ_ASSERT(n == 0 ? c->http_status == 0
			                   : memchr(v, '\0', n) == NULL &&
			                         strtoll(v, &end, 10) ==
			                             c->http_status &&
			                         *end == '\0',
			            "line %ld: httpStatus \"%s\" read as %lld",
			            r->line, fuzz_show(v, n),
			            (long long)c->http_status);
		} else if (strcmp(col, "error") == 0) {
			FUZZ_ASSERT(
			    n == 0 ? c->error == NULL : same(v, n, c->error),
			    "line %ld: error \"%s\" read as \"%s\"", r->line,
			    fuzz_show(v, n),
			    c->error ? fuzz_show(c->error, strlen(c->error))
			             : "(none)");
		} else if (strcmp(col, "probeKind") == 0) {
			FUZZ_ASSERT(n == 0 ? c->probe_kind == NULL
			                   : same(v, n, c->probe_kind),
			            "line %ld: probeKind \"%s\" read as \"%s\"",
			            r->line, fuzz_show(v, n),
			            c->probe_kind ? c->probe_kind : "(none)");
		} else if (strcmp(col, "errorKind") == 0) {
			FUZZ_ASSERT(n == 0 ? c->error_kind == NULL
			                   : same(v, n, c->error_kind),
			            "line %ld: errorKind \"%s\" read as \"%s\"",
			            r->line, fuzz_show(v, n),
			            c->error_kind ? c->error_kind : "(none)");
		} else if (ms_column(c, col) != NULL) {
			int64_t ms = *ms_column(c, col);

			FUZZ_ASSERT(n == 0 ? ms == -1
			                   : memchr(v, '\0', n) == NULL &&
			                         strtoll(v, &end, 10) == ms &&
			                         *end == '\0',
			            "line %ld: %s \"%s\" read as %lld", r->line,
			            col, fuzz_show(v, n), (long long)ms);
		} else {
			fuzz_fail("accepted a header with column \"%s\"",
			          fuzz_show(col, hdr->len[k]));
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct arena *a = arena_new();
	struct ingest_batch b;
	struct record *recs = NULL;
	long *lines = NULL, n_recs;
	char err[512] = "";
	int rc;

	ingest_begin(&b, a, FUZZ_NOW, RETENTION, "import");
	rc = import_parse_csv(&b, text, size, &lines, err, sizeof(err));
	if (rc != 0)
		FUZZ_ASSERT(err[0] != '\0', "refused without saying why");
	for (size_t i = 0; i < b.n; i++)
		FUZZ_ASSERT(lines[i] >= 2 &&
		                (i == 0 || lines[i] > lines[i - 1]),
		            "row %zu starts on line %ld", i, lines[i]);
	for (size_t k = 0; k < b.n_problems; k++)
		FUZZ_ASSERT(b.problems[k].index >= 0 &&
		                (size_t)b.problems[k].index < b.n,
		            "a problem of row %ld of %zu", b.problems[k].index,
		            b.n);
	ingest_find_duplicates(&b);
	if (rc != 0 || b.n_problems > 0)
		goto out;

	/* Accepted: the text is well-formed and each row is its record. */
	n_recs = reference_read(text, size, &recs);
	if (n_recs < 0) {
		free_records(recs, -1 - n_recs);
		recs = NULL;
		fuzz_fail("accepted CSV that is not well-formed (%zu rows)",
		          b.n);
	}
	FUZZ_ASSERT(n_recs >= 1, "accepted CSV without a header");
	FUZZ_ASSERT((size_t)(n_recs - 1) == b.n,
	            "accepted %zu rows of %ld records after the header", b.n,
	            n_recs - 1);
	for (size_t i = 0; i < b.n; i++) {
		FUZZ_ASSERT(lines[i] == recs[i + 1].line,
		            "row %zu said to start on line %ld, not %ld", i,
		            lines[i], recs[i + 1].line);
		check_record(&b, i, &recs[0], &recs[i + 1]);
	}
	free_records(recs, n_recs);
out:
	arena_free(a);
	return 0;
}
