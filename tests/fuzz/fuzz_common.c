/* fuzz_common.c: what the libFuzzer harnesses share: failing with a reason, a temporary site, a strict JSON reader, the CGI answer. */
#include "fuzz.h"

#include <cJSON.h>
#include <ctype.h>
#include <ftw.h>
#include <libgen.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "catalog.h"
#include "demo.h"
#include "fileutil.h"
#include "hash.h"

void
fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("fuzz: property failed: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
	abort();
}

const char *
fuzz_show(const char *s, size_t n)
{
	static char bufs[4][1300];
	static int next;
	char *out = bufs[next++ % 4];
	size_t o = 0;

	for (size_t i = 0; i < n && i < 300; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			out[o++] = (char)c;
		else
			o += (size_t)sprintf(out + o, "\\x%02x", c);
	}
	if (n > 300)
		o += (size_t)sprintf(out + o, "...");
	out[o] = '\0';
	return out;
}

const char *
fuzz_root(void)
{
	static char root[1024];
	char exe[1024], probe[1100];
	ssize_t n;

	if (root[0] != '\0')
		return root;
	if (getenv("AIGO_ROOT") != NULL && *getenv("AIGO_ROOT") != '\0') {
		snprintf(root, sizeof(root), "%s", getenv("AIGO_ROOT"));
		return root;
	}
	/* build/fuzz/NAME: the checkout is two directories up. */
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		snprintf(root, sizeof(root), "%s",
		         dirname(dirname(dirname(exe))));
		snprintf(probe, sizeof(probe), "%s/templates", root);
		if (access(probe, F_OK) == 0)
			return root;
	}
	snprintf(root, sizeof(root), ".");
	return root;
}

static char tmpdir[512];

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(path);
}

static void
remove_tmpdir(void)
{
	if (tmpdir[0] != '\0')
		nftw(tmpdir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

const char *
fuzz_tmpdir(void)
{
	const char *t = getenv("TMPDIR");

	if (tmpdir[0] != '\0')
		return tmpdir;
	snprintf(tmpdir, sizeof(tmpdir), "%s/aigo-fuzz-XXXXXX",
	         t != NULL && *t != '\0' ? t : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		perror(tmpdir);
		abort();
	}
	atexit(remove_tmpdir);
	return tmpdir;
}

void
fuzz_write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "w");

	if (f == NULL || (len > 0 && fwrite(data, 1, len, f) != len) ||
	    fclose(f) != 0) {
		perror(path);
		abort();
	}
}

void
fuzz_env_defaults(void)
{
	char now[32];

	snprintf(now, sizeof(now), "%lld", (long long)FUZZ_NOW);
	setenv("AIGO_ROOT", fuzz_root(), 1);
	setenv("AIGO_NOW", now, 1);
	setenv("AIGO_LOG_LEVEL", "none", 1);
	setenv("TZ", "UTC", 1);
	unsetenv("AIGO_CONFIG");
	tzset();
}

static struct fuzz_site site;
static int site_ready;
static sqlite3 *site_watch; /* the harness's own look at the database */

/* Makes a database at path: schema, catalog, a day of demo checks. */
static void
make_db(const char *path)
{
	char file[1200], err[512];
	char *schema;
	struct store *s;

	snprintf(file, sizeof(file), "%s/db/schema.sql", fuzz_root());
	schema = file_read_all(file, NULL);
	if (schema == NULL) {
		perror(file);
		abort();
	}
	s = store_open_write(path, schema, err, sizeof(err));
	free(schema);
	snprintf(file, sizeof(file), "%s/db/catalog.json", fuzz_root());
	if (s == NULL || catalog_load(s, file, err, sizeof(err)) <= 0 ||
	    demo_fill(s, 7, 1, FUZZ_NOW, err, sizeof(err)) <= 0) {
		fprintf(stderr, "fuzz: %s: %s\n", path, err);
		abort();
	}
	store_close(s); /* the last connection: the WAL is merged in */
}

/* A hash of what the site's database is made from. */
static uint64_t
site_db_version(void)
{
	static const char *const files[] = {"db/schema.sql", "db/catalog.json"};
	uint64_t h = 0;

	for (size_t i = 0; i < NELEM(files); i++) {
		char path[1200];
		size_t len = 0;
		char *text;

		snprintf(path, sizeof(path), "%s/%s", fuzz_root(), files[i]);
		text = file_read_all(path, &len);
		h = hash_fnv1a(text ? text : "", text ? len : 0, h);
		free(text);
	}
	return h;
}

/* Makes the site's database at path as a copy of one made once for all
 * the processes of a run (libFuzzer's fork mode starts many), kept in
 * TMPDIR under a name that changes with the schema and the catalog. */
static void
site_db(const char *path)
{
	const char *t = getenv("TMPDIR");
	char shared[1200], tmp[1300];
	char *data;
	size_t len;

	snprintf(shared, sizeof(shared), "%s/aigo-fuzz-site-%016llx.db",
	         t != NULL && *t != '\0' ? t : "/tmp",
	         (unsigned long long)site_db_version());
	data = file_read_all(shared, &len);
	if (data == NULL) {
		/* Made aside and renamed: a reader sees all of it or none. */
		snprintf(tmp, sizeof(tmp), "%s/made.db", fuzz_tmpdir());
		make_db(tmp);
		data = file_read_all(tmp, &len);
		if (data == NULL) {
			perror(tmp);
			abort();
		}
		remove(tmp);
		snprintf(tmp, sizeof(tmp), "%s.%d", shared, (int)getpid());
		fuzz_write_file(tmp, data, len);
		rename(tmp, shared);
	}
	fuzz_write_file(path, data, len);
	free(data);
}

struct fuzz_site *
fuzz_site(void)
{
	struct app_config cfg;
	char path[1200], err[512], line[128];

	if (site_ready)
		return &site;
	fuzz_env_defaults();
	snprintf(site.db, sizeof(site.db), "%s/aigo.db", fuzz_tmpdir());
	site_db(site.db);
	snprintf(site.token, sizeof(site.token), "fuzz-token-0123456789abcdef");
	snprintf(path, sizeof(path), "%s/ingest-tokens", fuzz_tmpdir());
	snprintf(line, sizeof(line), "fuzz %s\n", site.token);
	fuzz_write_file(path, line, strlen(line));
	chmod(path, 0600);
	setenv("AIGO_INGEST_TOKENS", path, 1);
	setenv("AIGO_DB", site.db, 1);
	snprintf(path, sizeof(path), "%s/fallback.json", fuzz_tmpdir());
	setenv("AIGO_SNAPSHOT", path, 1);
	setenv("AIGO_BASE_PATH", FUZZ_BASE, 1);
	if (app_config_load(&cfg, err, sizeof(err)) != 0 ||
	    app_init(&site.app, &cfg, err, sizeof(err)) != 0) {
		fprintf(stderr, "fuzz: the site does not start: %s\n", err);
		abort();
	}
	if (site.app.tokens.n != 1) {
		fprintf(stderr, "fuzz: the ingest token was not loaded\n");
		abort();
	}
	if (sqlite3_open_v2(site.db, &site_watch, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "fuzz: %s: cannot open\n", site.db);
		abort();
	}
	site_ready = 1;
	return &site;
}

int64_t
fuzz_site_data_version(void)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	if (sqlite3_prepare_v2(site_watch, "PRAGMA data_version", -1, &st,
	                       NULL) != SQLITE_OK)
		fuzz_fail("PRAGMA data_version: %s",
		          sqlite3_errmsg(site_watch));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The length of the UTF-8 sequence at s (n bytes left), or 0 if invalid. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t len;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

int
fuzz_utf8_ok(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq(p + i, n - i);

		if (k == 0)
			return 0;
		i += k;
	}
	return 1;
}

static int
json_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int
hex4(const char *s, unsigned *out)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		int c = (unsigned char)s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* Reads the string at s[*i] == '"'; 0, or -1 when malformed. */
static int
json_string(const char *s, size_t len, size_t *i, struct fuzz_json *out)
{
	size_t p = *i + 1;

	for (;;) {
		unsigned char c;

		if (p >= len)
			return -1;
		c = (unsigned char)s[p];
		if (c == '"')
			break;
		if (c < 0x20) {
			out->ctl = 1;
			out->nul |= c == 0;
			p++;
			continue;
		}
		if (c != '\\') {
			size_t k =
			    utf8_seq((const unsigned char *)s + p, len - p);

			if (k == 0) {
				out->utf8 = 0;
				k = 1;
			}
			p += k;
			continue;
		}
		if (p + 1 >= len)
			return -1;
		c = (unsigned char)s[p + 1];
		if (c != 'u') {
			if (strchr("\"\\/bfnrt", c) == NULL || c == '\0')
				return -1;
			p += 2;
			continue;
		}
		unsigned u, lo;

		if (len - p < 6 || hex4(s + p + 2, &u) != 0)
			return -1;
		p += 6;
		if (u == 0)
			out->nul = 1;
		if (u >= 0xdc00 && u <= 0xdfff) {
			out->utf8 = 0; /* a low surrogate alone */
		} else if (u >= 0xd800 && u <= 0xdbff) {
			if (len - p >= 6 && s[p] == '\\' && s[p + 1] == 'u' &&
			    hex4(s + p + 2, &lo) == 0 && lo >= 0xdc00 &&
			    lo <= 0xdfff)
				p += 6;
			else
				out->utf8 = 0; /* a high surrogate alone */
		}
	}
	*i = p + 1;
	return 0;
}

/* Reads the number at s[*i]; 0, or -1 when malformed. */
static int
json_number(const char *s, size_t len, size_t *i)
{
	size_t p = *i;

#define DIGIT(k) ((k) < len && s[k] >= '0' && s[k] <= '9')
	if (p < len && s[p] == '-')
		p++;
	if (!DIGIT(p))
		return -1;
	if (s[p] == '0')
		p++;
	else
		while (DIGIT(p))
			p++;
	if (p < len && s[p] == '.') {
		p++;
		if (!DIGIT(p))
			return -1;
		while (DIGIT(p))
			p++;
	}
	if (p < len && (s[p] == 'e' || s[p] == 'E')) {
		p++;
		if (p < len && (s[p] == '+' || s[p] == '-'))
			p++;
		if (!DIGIT(p))
			return -1;
		while (DIGIT(p))
			p++;
	}
#undef DIGIT
	*i = p;
	return 0;
}

static void
skip_space(const char *s, size_t len, size_t *i)
{
	while (*i < len && json_space(s[*i]))
		(*i)++;
}

void
fuzz_json_scan(const char *s, size_t len, int allow_bom, struct fuzz_json *out)
{
	/* Open containers: 'a' or 'o'; at most one per byte. */
	char *stack = malloc(len + 1);
	size_t sp = 0, i = 0;

	memset(out, 0, sizeof(*out));
	out->utf8 = 1;
	if (allow_bom && len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		out->bom = 1;
		i = 3;
	}
	skip_space(s, len, &i);
	for (;;) {
		/* A value at s[i]. */
		if (i >= len)
			goto done;
		if (s[i] == '{' || s[i] == '[') {
			stack[sp++] = s[i] == '{' ? 'o' : 'a';
			i++;
			skip_space(s, len, &i);
			if (i < len &&
			    s[i] == (stack[sp - 1] == 'o' ? '}' : ']')) {
				sp--;
				i++;
				goto after;
			}
			if (stack[sp - 1] == 'a')
				continue;
			goto member;
		}
		if (s[i] == '"') {
			if (json_string(s, len, &i, out) != 0)
				goto done;
		} else if (s[i] == '-' || (s[i] >= '0' && s[i] <= '9')) {
			if (json_number(s, len, &i) != 0)
				goto done;
		} else if (len - i >= 4 && memcmp(s + i, "true", 4) == 0) {
			i += 4;
		} else if (len - i >= 5 && memcmp(s + i, "false", 5) == 0) {
			i += 5;
		} else if (len - i >= 4 && memcmp(s + i, "null", 4) == 0) {
			i += 4;
		} else {
			goto done;
		}
	after:
		skip_space(s, len, &i);
		if (sp == 0) {
			out->valid = i == len;
			goto done;
		}
		if (i < len && s[i] == ',') {
			i++;
			skip_space(s, len, &i);
			if (stack[sp - 1] == 'a')
				continue;
			goto member;
		}
		if (i < len && s[i] == (stack[sp - 1] == 'o' ? '}' : ']')) {
			sp--;
			i++;
			goto after;
		}
		goto done;
	member:
		/* A member name and its ':' at s[i]; then its value. */
		if (i >= len || s[i] != '"' ||
		    json_string(s, len, &i, out) != 0)
			goto done;
		skip_space(s, len, &i);
		if (i >= len || s[i] != ':')
			goto done;
		i++;
		skip_space(s, len, &i);
	}
done:
	out->end = i;
	free(stack);
}

size_t
fuzz_json_trailing(const char *s, size_t len)
{
	size_t skip = len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	const char *end = NULL;
	cJSON *doc = cJSON_ParseWithLengthOpts(s + skip, len - skip, &end, 0);
	size_t i;

	cJSON_Delete(doc);
	if (doc == NULL || end == NULL)
		return 0;
	i = (size_t)(end - s);
	skip_space(s, len, &i);
	return i < len ? i : 0;
}

/* A header name: RFC 9110 token characters. */
static int
token_char(int c)
{
	return isalnum(c) || (c != '\0' && strchr("!#$%&'*+-.^_`|~", c));
}

void
fuzz_answer_parse(const char *data, size_t len, struct fuzz_answer *a)
{
	const char *p = data, *end = data + len;
	int first = 1;

	memset(a, 0, sizeof(*a));
	for (;;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n;

		FUZZ_ASSERT(nl != NULL, "the answer's head does not end");
		FUZZ_ASSERT(nl > p && nl[-1] == '\r',
		            "a header line ends in LF without CR: \"%s\"",
		            fuzz_show(p, (size_t)(nl - p)));
		n = (size_t)(nl - 1 - p);
		for (size_t k = 0; k < n; k++) {
			unsigned char c = (unsigned char)p[k];

			FUZZ_ASSERT((c >= 0x20 || c == '\t') && c != 0x7f,
			            "a header line holds control byte 0x%02x: "
			            "\"%s\"",
			            c, fuzz_show(p, n));
		}
		if (first) {
			FUZZ_ASSERT(n > 12 && memcmp(p, "Status: ", 8) == 0 &&
			                isdigit((unsigned char)p[8]) &&
			                isdigit((unsigned char)p[9]) &&
			                isdigit((unsigned char)p[10]) &&
			                p[11] == ' ',
			            "the first line is not \"Status: NNN "
			            "Reason\": \"%s\"",
			            fuzz_show(p, n));
			a->status = atoi(p + 8);
			FUZZ_ASSERT(a->status >= 100 && a->status <= 599,
			            "status %d", a->status);
			a->head = nl + 1;
			first = 0;
		} else if (n == 0) {
			a->head_len = (size_t)(p - a->head);
			a->body = nl + 1;
			a->body_len = (size_t)(end - a->body);
			return;
		} else {
			size_t k = 0;

			while (k < n && token_char((unsigned char)p[k]))
				k++;
			FUZZ_ASSERT(k > 0 && k < n && p[k] == ':',
			            "not a \"Name: value\" header line: "
			            "\"%s\"",
			            fuzz_show(p, n));
		}
		p = nl + 1;
	}
}

int
fuzz_answer_header(const struct fuzz_answer *a, const char *name, char *out,
                   size_t outlen)
{
	size_t nl = strlen(name);
	int found = 0;

	for (const char *p = a->head; p < a->head + a->head_len;) {
		const char *eol =
		    memchr(p, '\r', a->head_len - (size_t)(p - a->head));

		if (eol == NULL)
			break;
		if ((size_t)(eol - p) > nl && strncasecmp(p, name, nl) == 0 &&
		    p[nl] == ':') {
			const char *v = p + nl + 1;

			while (v < eol && (*v == ' ' || *v == '\t'))
				v++;
			if (found++ == 0 && out != NULL)
				snprintf(out, outlen, "%.*s", (int)(eol - v),
				         v);
		}
		p = eol + 2;
	}
	return found;
}

/* The tags and attributes the templates and the charts write. */
static const char *const html_tags[] = {
    "a",       "body",  "button", "circle", "code",       "dd",     "desc",
    "details", "div",   "dl",     "dt",     "figcaption", "figure", "footer",
    "form",    "g",     "h1",     "h2",     "h3",         "head",   "header",
    "html",    "input", "label",  "li",     "line",       "link",   "main",
    "meta",    "nav",   "option", "p",      "polyline",   "rect",   "section",
    "select",  "small", "span",   "strong", "summary",    "svg",    "table",
    "tbody",   "td",    "text",   "tspan",  "th",         "thead",  "time",
    "title",   "tr",    "ul",     NULL};
static const char *const html_attrs[] = {"action",      "charset",
                                         "class",       "colspan",
                                         "content",     "cx",
                                         "cy",          "datetime",
                                         "dy",          "height",
                                         "href",        "hreflang",
                                         "id",          "preserveaspectratio",
                                         "lang",        "method",
                                         "name",        "points",
                                         "r",           "rel",
                                         "role",        "scope",
                                         "selected",    "tabindex",
                                         "text-anchor", "title",
                                         "type",        "value",
                                         "viewbox",     "width",
                                         "x",           "x1",
                                         "x2",          "xmlns",
                                         "y",           "y1",
                                         "y2",          "http-equiv",
                                         "target",      NULL};

/* Whether the name s[0..n) (any case) is one of list. */
static int
html_known(const char *const *list, const char *s, size_t n)
{
	for (; *list != NULL; list++)
		if (strlen(*list) == n && strncasecmp(*list, s, n) == 0)
			return 1;
	return 0;
}

static int
html_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

const char *
fuzz_html_problem(const char *s, size_t len)
{
	static char why[400];
	size_t i = 0;

#define HTML_FAIL(...)                                                         \
	do {                                                                   \
		snprintf(why, sizeof(why), __VA_ARGS__);                       \
		return why;                                                    \
	} while (0)
	for (;;) {
		const char *lt = i < len ? memchr(s + i, '<', len - i) : NULL;
		size_t n;
		int closing = 0;

		if (lt == NULL)
			break;
		i = (size_t)(lt - s);
		if (i + 1 < len && s[i + 1] == '!') {
			/* <!DOCTYPE ...> or <!-- ... --> */
			const char *end =
			    i + 4 <= len && memcmp(s + i, "<!--", 4) == 0
			        ? memmem(s + i + 4, len - i - 4, "-->", 3)
			        : memchr(s + i, '>', len - i);

			if (end == NULL)
				HTML_FAIL("an unclosed <! at byte %zu", i);
			i = (size_t)(end - s) + 1;
			continue;
		}
		i++;
		if (i < len && s[i] == '/') {
			closing = 1;
			i++;
		}
		if (i >= len || !isalpha((unsigned char)s[i]))
			HTML_FAIL("a '<' in text at byte %zu: \"%s\"", i - 1,
			          fuzz_show(s + i - 1, len - i + 1 < 60
			                                   ? len - i + 1
			                                   : 60));
		for (n = 0; i + n < len && (isalnum((unsigned char)s[i + n]) ||
		                            s[i + n] == '-');
		     n++)
			;
		if (!html_known(html_tags, s + i, n))
			HTML_FAIL("a <%s> tag", fuzz_show(s + i, n));
		i += n;
		/* Attributes, up to the tag's end. */
		for (;;) {
			while (i < len && html_space(s[i]))
				i++;
			if (i < len && s[i] == '>')
				break;
			if (i + 1 < len && s[i] == '/' && s[i + 1] == '>') {
				i++;
				break;
			}
			if (i >= len)
				HTML_FAIL("a tag that does not end");
			for (n = 0; i + n < len && !html_space(s[i + n]) &&
			            strchr("/>=\"'<", s[i + n]) == NULL;
			     n++)
				;
			if (n == 0 || closing)
				HTML_FAIL("a tag broken at byte %zu: \"%s\"", i,
				          fuzz_show(s + i, len - i < 60
				                               ? len - i
				                               : 60));
			if (!html_known(html_attrs, s + i, n) &&
			    !(n > 5 && (strncasecmp(s + i, "aria-", 5) == 0 ||
			                strncasecmp(s + i, "data-", 5) == 0)))
				HTML_FAIL("an attribute %s",
				          fuzz_show(s + i, n));
			i += n;
			while (i < len && html_space(s[i]))
				i++;
			if (i >= len || s[i] != '=')
				continue;
			i++;
			while (i < len && html_space(s[i]))
				i++;
			if (i < len && (s[i] == '"' || s[i] == '\'')) {
				const char *q =
				    memchr(s + i + 1, s[i], len - i - 1);

				if (q == NULL)
					HTML_FAIL(
					    "an attribute value that does "
					    "not end");
				i = (size_t)(q - s) + 1;
				if (i < len && !html_space(s[i]) &&
				    s[i] != '>' && s[i] != '/')
					HTML_FAIL("a quoted value followed by "
					          "\"%s\"",
					          fuzz_show(s + i, len - i < 60
					                               ? len - i
					                               : 60));
			} else {
				while (i < len && !html_space(s[i]) &&
				       s[i] != '>')
					i++;
			}
		}
		i++;
	}
#undef HTML_FAIL
	return NULL;
}

/* Whether segment s[0..n) is "." or ".." with dots spelt '.' or %2e. */
static int
dot_segment(const char *s, size_t n)
{
	int dots = 0;

	for (size_t k = 0; k < n;) {
		if (s[k] == '.') {
			k++;
		} else if (n - k >= 3 && s[k] == '%' && s[k + 1] == '2' &&
		           (s[k + 2] == 'e' || s[k + 2] == 'E')) {
			k += 3;
		} else {
			return 0;
		}
		dots++;
	}
	return dots == 1 || dots == 2 ? dots : 0;
}

int
fuzz_has_dot_segment(const char *path)
{
	size_t end = strcspn(path, "?#");

	for (size_t i = 0; i <= end;) {
		size_t seg = strcspn(path + i, "/?#");

		if (i + seg > end)
			seg = end - i;
		if (dot_segment(path + i, seg))
			return 1;
		i += seg + 1;
	}
	return 0;
}

void
fuzz_resolve_path(const char *path, char *out, size_t outlen)
{
	size_t end = strcspn(path, "?#"), o = 0;

	/* Segments after the leading '/', each appended as "/seg". */
	out[0] = '\0';
	for (size_t i = path[0] == '/' ? 1 : 0; i <= end;) {
		size_t seg = strcspn(path + i, "/?#");
		int last;

		if (i + seg > end)
			seg = end - i;
		last = i + seg >= end;
		switch (dot_segment(path + i, seg)) {
		case 1:
			if (last && o + 2 <= outlen)
				out[o++] = '/';
			break;
		case 2:
			while (o > 0 && out[--o] != '/')
				;
			if (last && o + 2 <= outlen)
				out[o++] = '/';
			break;
		default:
			if (o + seg + 2 <= outlen) {
				out[o++] = '/';
				memcpy(out + o, path + i, seg);
				o += seg;
			}
		}
		out[o] = '\0';
		i += seg + 1;
	}
	if (o == 0 && outlen > 1) {
		out[0] = '/';
		out[1] = '\0';
	}
}

void
fuzz_quietly(void (*fn)(void *), void *ctx)
{
	static FILE *null;
	FILE *out = stdout, *err = stderr;

	if (null == NULL)
		null = fopen("/dev/null", "w");
	fflush(stdout);
	fflush(stderr);
	stdout = null;
	stderr = null;
	fn(ctx);
	fflush(null);
	stdout = out;
	stderr = err;
}

char *
fuzz_cstring(const uint8_t *data, size_t size, size_t *len)
{
	size_t n = strnlen((const char *)data, size);
	char *s = malloc(n + 1);

	if (s == NULL)
		return NULL;
	memcpy(s, data, n);
	s[n] = '\0';
	*len = n;
	return s;
}

/* The start of a harness that needs only the fixed environment; a harness
 * with more to prepare defines its own, which wins over this weak one. */
__attribute__((weak)) int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_env_defaults();
	return 0;
}
