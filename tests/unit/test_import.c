/* test_import.c: CSV for `aigo import`: cells, quotes, blank lines, a byte order mark and CRLF, problems by line, and refused files. */
#include <string.h>

#include "import.h"
#include "unit.h"

#define NOW 1795838400 /* 2026-11-28T04:00:00Z */
#define KEEP (90 * 86400)

/* Parses a well-formed CSV into b; returns each check's line. */
static long *
parse_csv(struct ingest_batch *b, struct arena *a, const char *csv)
{
	long *lines;
	char err[256] = "";

	ingest_begin(b, a, NOW, KEEP, "import");
	ck_assert_msg(import_parse_csv(b, csv, strlen(csv), &lines, err,
	                               sizeof(err)) == 0,
	              "%s", err);
	return lines;
}

START_TEST(test_import_csv)
{
	static const char csv[] =
	    "model,checkedAt,status,latencyMs,error\r\n"
	    "gpt-4o,2026-11-28T03:00:00Z,operational,812,\r\n"
	    "\r\n"
	    "gpt-4o,2026-11-28T03:05:00Z,outage,,\"503, \"\"busy\"\"\"\n"
	    "gpt-4o,2026-11-28T03:10:00Z,down,12x,\n";
	struct arena *a = arena_new();
	struct ingest_batch b;
	long *lines = parse_csv(&b, a, csv);

	ck_assert_uint_eq(b.n, 3);
	ck_assert_int_eq(lines[0], 2);
	ck_assert_int_eq(lines[1], 4);
	ck_assert_int_eq(lines[2], 5);
	ck_assert_int_eq(b.checks[0].latency_ms, 812);
	ck_assert_ptr_null(b.checks[0].error);
	ck_assert_str_eq(b.checks[0].region, "global");
	ck_assert_int_eq(b.checks[1].latency_ms, -1);
	ck_assert_str_eq(b.checks[1].error, "503, \"busy\"");
	/* Row 3: a bad status and a latency that is no integer. */
	ck_assert_uint_eq(b.n_problems, 2);
	ck_assert_int_eq(b.problems[0].index, 2);
	ck_assert_str_eq(b.problems[0].field, "status");
	ck_assert_str_eq(b.problems[1].field, "latencyMs");
	arena_free(a);
}
END_TEST

/* Excel's "CSV UTF-8": a byte order mark, CRLF lines, a quoted cell at
 * the end of a line; nothing of the next line is lost. */
START_TEST(test_import_csv_bom_and_crlf)
{
	static const char csv[] =
	    "\xEF\xBB\xBFmodel,checkedAt,status,error\r\n"
	    "gpt-4o,2026-11-28T03:00:00Z,outage,\"abc\"\r\n"
	    "gpt-4o,2026-11-28T03:05:00Z,outage,\"d\"\r\n";
	struct arena *a = arena_new();
	struct ingest_batch b;
	long *lines = parse_csv(&b, a, csv);

	ck_assert_uint_eq(b.n, 2);
	ck_assert_uint_eq(b.n_problems, 0);
	ck_assert_str_eq(b.slugs[1], "gpt-4o");
	ck_assert_str_eq(b.checks[0].error, "abc");
	ck_assert_str_eq(b.checks[1].error, "d");
	ck_assert_int_eq(lines[1], 3);
	arena_free(a);
}
END_TEST

/* The probe's columns: the kinds as text, the times as numbers, the
 * phases into the item's timings; an empty cell is not measured, and a
 * bad cell is a problem named by its line. */
START_TEST(test_import_csv_probe_columns)
{
	static const char csv[] =
	    "model,checkedAt,status,probeKind,errorKind,ttftMs,dnsMs,"
	    "connectMs,tlsMs,firstByteMs\n"
	    "gpt-4o,2026-11-28T03:00:00Z,operational,stream,,480,3,0,25,410\n"
	    "gpt-4o,2026-11-28T03:05:00Z,outage,reachability,timeout,,,,,\n"
	    "gpt-4o,2026-11-28T03:10:00Z,outage,ping,slow,-1,x,,,\n";
	struct arena *a = arena_new();
	struct ingest_batch b;
	long *lines = parse_csv(&b, a, csv);
	const struct check_in *c = &b.checks[0];

	ck_assert_uint_eq(b.n, 3);
	ck_assert_str_eq(c->probe_kind, "stream");
	ck_assert_ptr_null(c->error_kind);
	ck_assert_int_eq(c->ttft_ms, 480);
	ck_assert_int_eq(c->dns_ms, 3);
	ck_assert_int_eq(c->connect_ms, 0);
	ck_assert_int_eq(c->tls_ms, 25);
	ck_assert_int_eq(c->first_byte_ms, 410);
	c = &b.checks[1];
	ck_assert_str_eq(c->probe_kind, "reachability");
	ck_assert_str_eq(c->error_kind, "timeout");
	ck_assert_int_eq(c->ttft_ms, -1);
	ck_assert_int_eq(c->dns_ms, -1);
	ck_assert_int_eq(c->first_byte_ms, -1);
	/* Line 4: each of its bad cells. */
	ck_assert_uint_eq(b.n_problems, 4);
	ck_assert_int_eq(lines[b.problems[0].index], 4);
	ck_assert_str_eq(b.problems[0].field, "probeKind");
	ck_assert_str_eq(b.problems[1].field, "errorKind");
	ck_assert_str_eq(b.problems[2].field, "ttftMs");
	ck_assert_str_eq(b.problems[3].field, "timings.dnsMs");
	ck_assert_str_eq(b.problems[3].reason, "must be an integer");
	arena_free(a);
}
END_TEST

static const struct csv_bad {
	const char *csv;
	const char *err;
	size_t len; /* of csv, when it holds a NUL; else 0 */
} csv_bad[] = {
    {"model,when,status\n", "\"when\" is not a column", 0},
    {"model,status,model\n", "model given twice", 0},
    {"model,status,timings\n", "\"timings\" is not a column", 0},
    {"model,status,dnsMs,dnsMs\n", "dnsMs given twice", 0},
    {"model,checkedAt,status\na,2026-11-28T03:00:00Z\n",
     "line 2: 2 cells where the header has 3", 0},
    {"model,checkedAt,status,error\na,2026-11-28T03:00:00Z,outage,\"open\n",
     "line 2: a quote is never closed", 0},
    /* After a closing quote: a comma, a line end or the end (issue 12). */
    {"model,checkedAt,status,error\n"
     "gpt-4o,2026-11-28T03:00:00Z,outage,\"abc\"Xgpt-4o,"
     "2026-11-28T03:01:00Z,outage,def\n",
     "line 2: after a closing quote only a comma", 0},
    {"model,checkedAt,status,error\n"
     "gpt-4o,2026-11-28T03:00:00Z,outage,\"abc\"\rgpt-4o,"
     "2026-11-28T03:01:00Z,outage,def\n",
     "line 2: after a closing quote only a comma", 0},
    {"model,\"status\" ,checkedAt\n", "line 1: after a closing quote", 0},
    /* A NUL byte would cut the cell: refused with its line. */
    {"model,checkedAt,status,error\n"
     "gpt-4o,2026-11-28T03:00:00Z,outage,ab\0c\n",
     "line 2: a cell holds a NUL byte", 69},
    {"model\0x,checkedAt,status\n", "line 1: a cell holds a NUL byte", 25},
};

START_TEST(test_import_csv_refused)
{
	struct arena *a = arena_new();
	struct ingest_batch b;
	long *lines;
	char err[256] = "";

	ingest_begin(&b, a, NOW, KEEP, "import");
	ck_assert_int_eq(import_parse_csv(&b, csv_bad[_i].csv,
	                                  csv_bad[_i].len
	                                      ? csv_bad[_i].len
	                                      : strlen(csv_bad[_i].csv),
	                                  &lines, err, sizeof(err)),
	                 -1);
	ck_assert_msg(strstr(err, csv_bad[_i].err) != NULL, "%s", err);
	arena_free(a);
}
END_TEST

Suite *
import_suite(void)
{
	Suite *s = suite_create("import");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_import_csv);
	tcase_add_test(tc, test_import_csv_bom_and_crlf);
	tcase_add_test(tc, test_import_csv_probe_columns);
	tcase_add_loop_test(tc, test_import_csv_refused, 0,
	                    (int)NELEM(csv_bad));
	suite_add_tcase(s, tc);
	return s;
}
