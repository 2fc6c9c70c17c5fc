/* badge.c: status badges as SVG text in the common flat style, from labels already translated and values already formatted. */
#include "badge.h"

#include <math.h>

#include "escape.h"

const char *const badge_colors[STATUS__MAX] = {
    [STATUS_OPERATIONAL] = "#17702f",
    [STATUS_DEGRADED] = "#8a5a00",
    [STATUS_OUTAGE] = "#c62828",
    [STATUS_UNKNOWN] = "#59636e",
};

/* The advance of c in thousandths of an em, or -1 when the table lacks c. */
static long
advance_of(unsigned long c)
{
	size_t lo = 0, hi = badge_n_advances;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (badge_advances[mid].cp == c)
			return (long)badge_advances[mid].adv;
		if (badge_advances[mid].cp < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

double
badge_text_width(const char *utf8, double font_px)
{
	const unsigned char *p = (const unsigned char *)utf8;
	double em = 0;

	if (utf8 == NULL)
		return 0;
	while (*p != '\0') {
		unsigned long c = utf8_next(&p);
		long adv;
		adv = unicode_full_width(c) ? -1 : advance_of(c);
		em += adv >= 0 ? adv / 1000.0 : 1.0;
	}
	return em * font_px;
}

int
badge_box_width(const char *text)
{
	return (int)ceil(badge_text_width(text, BADGE_FONT_PX)) + 2 * BADGE_PAD;
}

/* Appends x2 / 2 as an SVG number: "30" or "30.5". */
static void
half(struct buf *o, int x2)
{
	if (x2 % 2)
		buf_printf(o, "%d.5", x2 / 2);
	else
		buf_printf(o, "%d", x2 / 2);
}

/* One text centred at x2 / 2 with its shadow 1 px below. */
static void
badge_text(struct buf *o, int x2, const char *text)
{
	buf_puts(o, "<text x=\"");
	half(o, x2);
	buf_puts(o, "\" y=\"15\" fill=\"#010101\" fill-opacity=\".3\">");
	buf_put_xml_escaped(o, text);
	buf_puts(o, "</text><text x=\"");
	half(o, x2);
	buf_puts(o, "\" y=\"14\">");
	buf_put_xml_escaped(o, text);
	buf_puts(o, "</text>");
}

void
badge_svg(struct buf *o, const char *label, const char *value,
          enum status color)
{
	int lw = badge_box_width(label), vw = badge_box_width(value);
	int w = lw + vw;

	if ((int)color < 0 || color >= STATUS__MAX)
		color = STATUS_UNKNOWN;
	buf_printf(o,
	           "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	           "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
	           "aria-label=\"",
	           w, BADGE_HEIGHT, w, BADGE_HEIGHT);
	buf_put_xml_escaped(o, label);
	buf_puts(o, ": ");
	buf_put_xml_escaped(o, value);
	buf_puts(o, "\"><title>");
	buf_put_xml_escaped(o, label);
	buf_puts(o, ": ");
	buf_put_xml_escaped(o, value);
	buf_puts(o, "</title>");
	buf_printf(o,
	           "<linearGradient id=\"s\" x2=\"0\" y2=\"100%%\">"
	           "<stop offset=\"0\" stop-color=\"#bbb\" "
	           "stop-opacity=\".1\"/><stop offset=\"1\" "
	           "stop-opacity=\".1\"/></linearGradient>"
	           "<clipPath id=\"r\"><rect width=\"%d\" height=\"%d\" "
	           "rx=\"%d\" fill=\"#fff\"/></clipPath>"
	           "<g clip-path=\"url(#r)\">"
	           "<rect width=\"%d\" height=\"%d\" fill=\"#555\"/>"
	           "<rect x=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>"
	           "<rect width=\"%d\" height=\"%d\" fill=\"url(#s)\"/></g>",
	           w, BADGE_HEIGHT, BADGE_RADIUS, lw, BADGE_HEIGHT, lw, vw,
	           BADGE_HEIGHT, badge_colors[color], w, BADGE_HEIGHT);
	buf_printf(o,
	           "<g fill=\"#fff\" text-anchor=\"middle\" "
	           "font-family=\"%s\" font-size=\"%d\">",
	           BADGE_FONT_FAMILY, BADGE_FONT_PX);
	badge_text(o, lw, label);
	badge_text(o, 2 * lw + vw, value);
	buf_puts(o, "</g></svg>\n");
}
