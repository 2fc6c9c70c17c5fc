/* fuzz_pg_params.c: the PostgreSQL statements' parameter count (store_pg_count_params) against a second reading of its rules written as a state machine, on any text. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "store_pg.h"

enum state { PLAIN, QUOTED, LINE_COMMENT, BLOCK_COMMENT, DOLLAR_BODY, NAME };

static int
name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* The same rules as store_pg.h says, one character at a time: a state,
 * the quote or the body's tag, and the highest $N seen in PLAIN. */
static int
reference(const char *s, size_t n)
{
	enum state st = PLAIN;
	char quote = 0;
	size_t tag_at = 0, tag_len = 0;
	int max = 0;

	for (size_t i = 0; i < n;) {
		char c = s[i];

		switch (st) {
		case QUOTED:
			if (c == quote && i + 1 < n && s[i + 1] == quote)
				i += 2;
			else {
				st = c == quote ? PLAIN : QUOTED;
				i++;
			}
			break;
		case LINE_COMMENT:
			if (c == '\n')
				st = PLAIN; /* the newline is read again */
			else
				i++;
			break;
		case BLOCK_COMMENT:
			if (c == '*' && i + 1 < n && s[i + 1] == '/') {
				st = PLAIN;
				i += 2;
			} else
				i++;
			break;
		case DOLLAR_BODY:
			if (i + tag_len <= n &&
			    memcmp(s + i, s + tag_at, tag_len) == 0) {
				st = PLAIN;
				i += tag_len;
			} else
				i++;
			break;
		case NAME:
			if (name_char(c) || c == '$')
				i++;
			else
				st = PLAIN;
			break;
		case PLAIN:
			if (c == '\'' || c == '"') {
				quote = c;
				st = QUOTED;
				i++;
			} else if (c == '-' && i + 1 < n && s[i + 1] == '-') {
				st = LINE_COMMENT;
				i += 2;
			} else if (c == '/' && i + 1 < n && s[i + 1] == '*') {
				st = BLOCK_COMMENT;
				i += 2;
			} else if (c == '$' && i + 1 < n &&
			           isdigit((unsigned char)s[i + 1])) {
				long v = 0;

				for (i++; i < n && isdigit((unsigned char)s[i]);
				     i++)
					if (v < 65536)
						v = v * 10 + (s[i] - '0');
				if (v < 65536 && v > max)
					max = (int)v;
			} else if (c == '$') {
				size_t j = i + 1;

				while (j < n && name_char(s[j]))
					j++;
				if (j < n && s[j] == '$' && j - i + 1 < 64) {
					tag_at = i;
					tag_len = j - i + 1;
					st = DOLLAR_BODY;
					i = j + 1;
				} else
					i++;
			} else if (name_char(c)) {
				st = NAME;
				i++;
			} else
				i++;
			break;
		}
	}
	return max;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The statement ends at its first NUL, as a C string does. */
	size_t n;
	char *sql = fuzz_cstring(data, size, &n);
	int got, want;

	if (sql == NULL)
		return 0;
	got = store_pg_count_params(sql);
	want = reference(sql, n);
	FUZZ_ASSERT(got >= 0 && got < 65536, "count %d out of range", got);
	FUZZ_ASSERT(got == want, "count %d, the rules say %d: %.200s", got,
	            want, sql);
	free(sql);
	return 0;
}
