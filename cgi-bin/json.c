/* json.c: cJSON helpers shared by the JSON API, ingest and the files the program reads: strict parsing, times, numbers. */
#include "json.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "escape.h"
#include "numfmt.h"
#include "timefmt.h"

char *
json_print(const cJSON *root)
{
	return xnonnull(cJSON_PrintUnformatted(root));
}

char *
json_print_indented(const cJSON *root)
{
	return xnonnull(cJSON_Print(root));
}

void
json_add_time(cJSON *o, const char *name, int64_t t)
{
	char iso[21];

	time_rfc3339(t, iso);
	cJSON_AddStringToObject(o, name, iso);
}

void
json_add_int_or_null(cJSON *o, const char *name, int has, int64_t v)
{
	if (has)
		cJSON_AddNumberToObject(o, name, (double)v);
	else
		cJSON_AddNullToObject(o, name);
}

void
json_add_decimals_summing(cJSON *o, const char *const *names, const double *v,
                          int n, int has)
{
	int64_t cents[8];

	hundredths_summing(v, n < 8 ? n : 8, cents);
	for (int k = 0; k < n && k < 8; k++)
		if (has)
			cJSON_AddNumberToObject(o, names[k],
			                        (double)cents[k] / 100);
		else
			cJSON_AddNullToObject(o, names[k]);
}

void
json_add_percent(cJSON *o, const char *name, int has, double v)
{
	if (has)
		cJSON_AddNumberToObject(o, name, percent_shown(v, 2));
	else
		cJSON_AddNullToObject(o, name);
}

/* One open container while scanning: an array and the index of the current
 * element, or an object and the name of the current member (raw text). */
struct json_seg {
	int is_array;
	long index;
	const char *key;
	size_t key_len;
};

#define JSON_SEGS_MAX 64

static int
json_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Writes the JSON Pointer of segs[0..depth) into out: names as their raw
 * text with ~ and / escaped (~0, ~1) and bytes outside printable ASCII as
 * '?', so the pointer is plain text; cut to fit out. */
static void
json_pointer(const struct json_seg *segs, int depth, char *out, size_t outlen)
{
	size_t o = 0;

	out[0] = '\0';
	for (int k = 0; k < depth && k < JSON_SEGS_MAX; k++) {
		char num[24];
		const char *t = num;
		size_t n;

		if (segs[k].is_array)
			n = (size_t)snprintf(num, sizeof(num), "%ld",
			                     segs[k].index);
		else
			t = segs[k].key, n = segs[k].key_len;
		if (o + 1 < outlen)
			out[o++] = '/';
		for (size_t i = 0; i < n && o + 2 < outlen; i++) {
			unsigned char c = (unsigned char)t[i];

			if (c == '~' || c == '/') {
				out[o++] = '~';
				out[o++] = c == '~' ? '0' : '1';
			} else {
				out[o++] = c >= ' ' && c < 0x7f ? (char)c : '?';
			}
		}
		out[o] = '\0';
	}
}

/* Finds the first string of the valid JSON text s[0..len) that holds a NUL
 * (a \u0000 escape or a raw NUL byte): 1 with its JSON Pointer in pointer,
 * else 0. */
static int
json_find_nul(const char *s, size_t len, char *pointer, size_t plen)
{
	struct json_seg segs[JSON_SEGS_MAX];
	int depth = 0;
	size_t i = 0;

	while (i < len) {
		char c = s[i];

		if (c == '"') {
			size_t start = ++i, j;
			int nul = 0;

			while (i < len && s[i] != '"') {
				if (s[i] == '\0')
					nul = 1;
				if (s[i] == '\\') {
					if (len - i >= 6 && s[i + 1] == 'u' &&
					    memcmp(s + i + 2, "0000", 4) == 0)
						nul = 1;
					i++;
				}
				i++;
			}
			/* A member name is a string followed by ':'. */
			for (j = i + 1; j < len && json_space(s[j]); j++)
				;
			if (j < len && s[j] == ':' && depth > 0 &&
			    depth <= JSON_SEGS_MAX &&
			    !segs[depth - 1].is_array) {
				segs[depth - 1].key = s + start;
				segs[depth - 1].key_len = i - start;
			}
			if (nul) {
				json_pointer(segs, depth, pointer, plen);
				return 1;
			}
		} else if (c == '{' || c == '[') {
			if (depth < JSON_SEGS_MAX)
				segs[depth] =
				    (struct json_seg){c == '[', 0, "", 0};
			depth++;
		} else if (c == '}' || c == ']') {
			depth--;
		} else if (c == ',' && depth > 0 && depth <= JSON_SEGS_MAX &&
		           segs[depth - 1].is_array) {
			segs[depth - 1].index++;
		}
		i++;
	}
	return 0;
}

cJSON *
json_parse(const char *text, size_t len, struct json_error *e)
{
	size_t bom = utf8_bom_len(text, len);
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(text + bom, len - bom, &end, 0);

	memset(e, 0, sizeof(*e));
	if (root == NULL) {
		e->reason = "not valid JSON";
		e->offset =
		    end != NULL && end >= text ? (size_t)(end - text) : 0;
		return NULL;
	}
	e->offset = (size_t)(end - text);
	while (e->offset < len && json_space(text[e->offset]))
		e->offset++;
	if (e->offset < len) {
		e->reason = "more data after the JSON value";
	} else if ((memchr(text, '\0', len) != NULL ||
	            memmem(text, len, "\\u0000", 6) != NULL) &&
	           json_find_nul(text, len, e->pointer, sizeof(e->pointer))) {
		e->reason = "a string holds a NUL character (\\u0000)";
		e->offset = 0;
	} else {
		return root;
	}
	cJSON_Delete(root);
	return NULL;
}

void
json_error_text(const struct json_error *e, char *out, size_t outlen)
{
	if (e->pointer[0] != '\0')
		snprintf(out, outlen, "%s: %s", e->pointer, e->reason);
	else if (e->offset > 0)
		snprintf(out, outlen, "%s at byte %zu", e->reason, e->offset);
	else
		snprintf(out, outlen, "%s", e->reason);
}
