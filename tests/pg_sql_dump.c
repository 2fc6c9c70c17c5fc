/* pg_sql_dump.c: prints every statement of the SQLite and PostgreSQL dialects (store_sql.h) as JSON lines, for tests/e2e/pg_sql.py. */
#include "../cgi-bin/store_sql.h"

#include <stdio.h>
#include <string.h>

/* The enums' names, in order: generated from store_sql.h by the Makefile
 * (build/store_sql_names.h: one NAMES_<enum> list per enum). */
#include "store_sql_names.h"

static const char *const sql_names[] = {NAMES_sql};
static const char *const inc_names[] = {NAMES_inc_sql};
static const char *const view_names[] = {NAMES_view_sql};
static const char *const pst_names[] = {NAMES_pst_sql};
static const char *const ob_names[] = {NAMES_ob_sql};
static const char *const tx_names[] = {NAMES_tx_sql};

/* Writes s as a JSON string (null for NULL). */
static void
json_string(const char *s)
{
	if (s == NULL) {
		fputs("null", stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c == '\n')
			fputs("\\n", stdout);
		else if (c == '\t')
			fputs("\\t", stdout);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* A name a PostgreSQL table may leave NULL: SQLite's older schemas, and
 * what store_sql.h says a backend may have nothing to do for. */
static int
old_form(const char *name)
{
	size_t n = strlen(name);

	return (n > 3 && (strcmp(name + n - 3, "_V5") == 0 ||
	                  strcmp(name + n - 3, "_V7") == 0)) ||
	       strcmp(name, "TX_CHECKPOINT") == 0 ||
	       strcmp(name, "TX_DURABLE") == 0;
}

/* A name SQLite leaves NULL: PostgreSQL's set-based forms (_SET), for
 * which store.c runs the one-row form in SQLite, and TX_LOCK_WRITE
 * (SQLite's TX_BEGIN_BATCH locks at once). */
static int
lite_null(const char *name)
{
	size_t n = strlen(name);

	return (n > 4 && strcmp(name + n - 4, "_SET") == 0) ||
	       strcmp(name, "TX_LOCK_WRITE") == 0;
}

/* Prints one block (n statements of both dialects); returns how many
 * are missing (NULL in PostgreSQL where SQLite has a text, not an older
 * form; or a name the enum has and its table lacks in either). */
static int
dump_block(const char *block, const char *const *names, size_t nnames, size_t n,
           const char *const *lite, const char *const *pg)
{
	int missing = 0;
	size_t i;

	if (nnames != n) {
		fprintf(stderr,
		        "pg_sql_dump: %s: %zu names for %zu statements\n",
		        block, nnames, n);
		return 1;
	}
	for (i = 0; i < n; i++) {
		printf("{\"block\":\"%s\",\"name\":\"%s\",\"sqlite\":", block,
		       names[i]);
		json_string(lite[i]);
		fputs(",\"pg\":", stdout);
		json_string(pg[i]);
		fputs("}\n", stdout);
		if (lite[i] != NULL && pg[i] == NULL && !old_form(names[i])) {
			fprintf(stderr,
			        "pg_sql_dump: %s has no PostgreSQL text\n",
			        names[i]);
			missing++;
		}
		if (lite[i] == NULL && !lite_null(names[i])) {
			fprintf(stderr, "pg_sql_dump: %s has no SQLite text\n",
			        names[i]);
			missing++;
		}
	}
	return missing;
}

#define BLOCK(b, names, max)                                                   \
	dump_block(#b, names, sizeof(names) / sizeof(names[0]), max,           \
	           store_sqlite_dialect.b, store_pg_dialect.b)

int
main(void)
{
	int missing = 0;

	missing += BLOCK(sql, sql_names, SQL__MAX);
	missing += BLOCK(inc, inc_names, INC__MAX);
	missing += BLOCK(view, view_names, VIEW__MAX);
	missing += BLOCK(pst, pst_names, PST__MAX);
	missing += BLOCK(ob, ob_names, OB__MAX);
	missing += BLOCK(tx, tx_names, TX__MAX);
	printf("{\"block\":\"copy_done\",\"name\":\"copy_done\",\"sqlite\":");
	json_string(store_sqlite_dialect.copy_done);
	fputs(",\"pg\":", stdout);
	json_string(store_pg_dialect.copy_done);
	printf(",\"param\":[\"%c\",\"%c\"]}\n", store_sqlite_dialect.param,
	       store_pg_dialect.param);
	if (strcmp(store_pg_dialect.name, "PostgreSQL") != 0 ||
	    store_pg_dialect.param != '$') {
		fprintf(stderr, "pg_sql_dump: the PostgreSQL dialect's name or "
		                "parameter sign\n");
		missing++;
	}
	return missing ? 1 : 0;
}
