/* chart.c: charts drawn on the server as inline SVG text, pure functions from numbers and labels. */
#include "chart.h"

#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "numfmt.h"

#define CH_PAD 12
#define CH_GAP 8       /* between a label and what it labels */
#define LEG_ROW 32     /* height of one legend row */
#define LEG_KEY 30     /* width of a legend item's key (swatch or line) */
#define LEG_SPACING 22 /* between two legend items of a row */

/* Advance widths in thousandths of an em of ASCII 32..126 in DejaVu Sans,
 * the widest font of the page's stack (Roboto, Segoe UI, Arial and the
 * Apple fonts are narrower), so text measured here fits in all of them. */
static const unsigned short ascii_advance[95] = {
    318, 401, 460, 838, 636,  950, 780, 275, 390, 390, 500, 838, 318, 361,
    318, 337, 636, 636, 636,  636, 636, 636, 636, 636, 636, 636, 337, 337,
    838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295,
    295, 656, 557, 863, 748,  787, 603, 787, 695, 635, 611, 732, 684, 989,
    685, 611, 685, 390, 337,  390, 838, 500, 500, 613, 635, 550, 635, 615,
    352, 635, 634, 278, 278,  579, 278, 974, 634, 612, 635, 635, 411, 521,
    392, 634, 592, 818, 592,  592, 525, 636, 337, 636, 838};

double
chart_text_width(const char *utf8, double font_px)
{
	const unsigned char *p = (const unsigned char *)utf8;
	double em = 0;

	if (utf8 == NULL)
		return 0;
	while (*p != '\0') {
		unsigned long c = utf8_next(&p);

		if (c >= 32 && c < 127)
			em += ascii_advance[c - 32] / 1000.0;
		else if (unicode_full_width(c) || c == 0x2026)
			em += 1.0; /* and the ellipsis: one em there too */
		else if (c >= 0x300 && c <= 0x36f)
			continue; /* combining marks take no room */
		else
			em += 0.7; /* accented Latin and other scripts */
	}
	return em * font_px;
}

int
chart_axis_margin(const char *const *labels, int n, double font_px)
{
	double widest = 0;

	for (int i = 0; i < n; i++) {
		double w = chart_text_width(labels[i], font_px);
		if (w > widest)
			widest = w;
	}
	return CH_PAD + (int)(widest + 0.999) + CH_GAP;
}

int
chart_legend_layout(const double *w, int n, double x0, double x_max, double *x,
                    int *row)
{
	double at = x0;
	int r = 0;

	for (int i = 0; i < n; i++) {
		if (at > x0 && at + w[i] > x_max) {
			r++;
			at = x0;
		}
		x[i] = at;
		row[i] = r;
		at += w[i] + LEG_SPACING;
	}
	return n > 0 ? r + 1 : 0;
}

/* Opens the <svg> with its accessible name and text equivalent, and draws
 * its frame: every chart has one, so no chart is ever a blank box. It
 * fills the width of its column and keeps its proportions. */
static void
svg_open(struct buf *o, const char *id, int w, int h, const char *title,
         const char *desc)
{
	buf_printf(o,
	           "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" "
	           "viewBox=\"0 0 %d %d\" width=\"100%%\" "
	           "preserveAspectRatio=\"xMidYMid meet\" "
	           "role=\"img\" aria-labelledby=\"%s-title %s-desc\">",
	           w, h, id, id);
	buf_printf(o, "<title id=\"%s-title\">", id);
	buf_put_xml_escaped(o, title);
	buf_printf(o, "</title><desc id=\"%s-desc\">", id);
	buf_put_xml_escaped(o, desc);
	buf_printf(o,
	           "</desc><rect class=\"chart-frame\" x=\"0.5\" y=\"0.5\" "
	           "width=\"%d\" height=\"%d\"/>",
	           w - 1, h - 1);
}

static void
svg_text(struct buf *o, int x, int y, const char *anchor, const char *cls,
         const char *text)
{
	buf_printf(o,
	           "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" class=\"%s\">",
	           x, y, anchor, cls);
	buf_put_xml_escaped(o, text);
	buf_puts(o, "</text>");
}

/* Says why a chart has no data, inside its frame, centred on x and y and
 * wrapped at spaces into lines at most max_w wide (one <tspan> per line
 * when it does not fit on one), and closes it. */
static void
svg_close_empty(struct buf *o, int x, int y, int max_w, const char *why)
{
	char line[512];
	const char *p = why;
	int n_lines = 0, lines_h;

	if (chart_text_width(why, CHART_TEXT_PX) <= max_w) {
		svg_text(o, x, y, "middle", "chart-empty", why);
		buf_puts(o, "</svg>");
		return;
	}
	/* Count the lines first, to centre them on y. */
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1) {
			lines_h = (n_lines - 1) * (CHART_TEXT_PX + 6);
			buf_printf(
			    o,
			    "<text x=\"%d\" y=\"%d\" "
			    "text-anchor=\"middle\" class=\"chart-empty\">",
			    x, y - lines_h / 2);
		}
		p = why;
		for (int k = 0; *p != '\0'; k++) {
			size_t len = 0, fit = 0;

			/* The longest run of whole words that fits. */
			while (len < sizeof(line) - 1 && p[len] != '\0') {
				size_t end = len;
				while (end < sizeof(line) - 1 && p[end] == ' ')
					end++;
				while (end < sizeof(line) - 1 &&
				       p[end] != '\0' && p[end] != ' ')
					end++;
				memcpy(line, p, end);
				line[end] = '\0';
				if (fit > 0 && chart_text_width(
				                   line, CHART_TEXT_PX) > max_w)
					break;
				fit = len = end;
			}
			memcpy(line, p, fit);
			line[fit] = '\0';
			if (pass == 0)
				n_lines++;
			else {
				buf_printf(o, "<tspan x=\"%d\" dy=\"%d\">", x,
				           k == 0 ? 0 : CHART_TEXT_PX + 6);
				buf_put_xml_escaped(o, line);
				buf_puts(o, "</tspan>");
			}
			p += fit;
			while (*p == ' ')
				p++;
		}
	}
	buf_puts(o, "</text></svg>");
}

/* Draws the marker of a point of class cls ("point-p50", ...): p95 is a
 * hollow square around the spot, the others a dot, so p50 and p95 stay
 * apart when they meet. A legend's key (value NULL) has no data-value. */
static void
marker(struct buf *o, const char *cls, double cx, double cy,
       const double *value)
{
	if (strcmp(cls, "point-p95") == 0)
		buf_printf(o,
		           "<rect class=\"%s%s\" x=\"%.1f\" y=\"%.1f\" "
		           "width=\"9\" height=\"9\"",
		           value ? "" : "key ", cls, cx - 4.5, cy - 4.5);
	else
		buf_printf(o,
		           "<circle class=\"%s%s\" cx=\"%.1f\" cy=\"%.1f\" "
		           "r=\"3\"",
		           value ? "" : "key ", cls, cx, cy);
	if (value != NULL)
		buf_printf(o, " data-value=\"%.2f\"", *value);
	buf_puts(o, "/>");
}

/* One legend entry: a status swatch (status >= 0), or a line of class
 * line with the marker of class mark in its middle. */
struct legend_item {
	const char *label;
	int status;
	const char *line, *mark;
};

#define LEG_MAX (STATUS__MAX + 2)

/* Places the legend's items between x0 and x_max; returns its height. */
static int
legend_place(const struct legend_item *it, int n, int x0, int x_max,
             double x[LEG_MAX], int row[LEG_MAX])
{
	double w[LEG_MAX] = {0};

	for (int i = 0; i < n; i++)
		w[i] =
		    LEG_KEY + 6 + chart_text_width(it[i].label, CHART_TICK_PX);
	return chart_legend_layout(w, n, x0, x_max, x, row) * LEG_ROW;
}

/* Draws the legend from y_top down, wrapping rows before x_max. */
static void
legend_draw(struct buf *o, const struct legend_item *it, int n, int x0,
            int x_max, int y_top)
{
	double x[LEG_MAX];
	int row[LEG_MAX];

	legend_place(it, n, x0, x_max, x, row);
	for (int i = 0; i < n; i++) {
		int kx = (int)x[i],
		    mid = y_top + row[i] * LEG_ROW + LEG_ROW / 2;

		buf_puts(o, "<g class=\"legend-item\">");
		if (it[i].status >= 0) {
			buf_printf(
			    o,
			    "<rect class=\"swatch s-%s\" x=\"%d\" y=\"%d\" "
			    "width=\"16\" height=\"16\"/>",
			    status_names[it[i].status], kx + 7, mid - 8);
		} else {
			buf_printf(o,
			           "<line class=\"%s\" x1=\"%d\" y1=\"%d\" "
			           "x2=\"%d\" y2=\"%d\"/>",
			           it[i].line, kx, mid, kx + LEG_KEY, mid);
			marker(o, it[i].mark, kx + LEG_KEY / 2.0, mid, NULL);
		}
		svg_text(o, kx + LEG_KEY + 6, mid + 7, "start", "chart-legend",
		         it[i].label);
		buf_puts(o, "</g>");
	}
}

/* The legend of the four statuses, then maybe one line. */
static int
status_legend(struct legend_item it[LEG_MAX],
              const char *const labels[STATUS__MAX], const char *line_label)
{
	int n = 0;

	for (int s = 0; s < STATUS__MAX; s++)
		it[n++] = (struct legend_item){labels[s], s, NULL, NULL};
	if (line_label != NULL)
		it[n++] = (struct legend_item){line_label, -1, "avail-line",
		                               "avail-point"};
	return n;
}

/* Draws the tick labels under the x axis, centred on their points, kept
 * inside [x_lo, x_hi] and skipped where one would touch the one before. */
static void
x_ticks(struct buf *o, const char *const *labels, int n, double x0, double slot,
        double x_lo, double x_hi, int y)
{
	double last_right = -1e9;

	for (int i = 0; i < n; i++) {
		double cx = x0 + (i + 0.5) * slot, w;

		if (labels[i] == NULL)
			continue;
		w = chart_text_width(labels[i], CHART_TICK_PX);
		if (cx - w / 2 < x_lo)
			cx = x_lo + w / 2;
		if (cx + w / 2 > x_hi)
			cx = x_hi - w / 2;
		if (cx - w / 2 < last_right + CH_GAP && i != n - 1)
			continue;
		last_right = cx + w / 2;
		svg_text(o, (int)cx, y, "middle", "chart-tick", labels[i]);
	}
}

#define CH_W 720
#define CH_ROW 44

void
chart_status_distribution_svg(struct buf *o,
                              const struct chart_status_input *in)
{
	int total = 0;
	const int h = CH_PAD * 2 + CH_ROW * STATUS__MAX;
	const int x0 =
	    chart_axis_margin(in->labels, STATUS__MAX, CHART_TEXT_PX);
	int value_w = 0, bar_w;

	for (int s = 0; s < STATUS__MAX; s++) {
		/* Values are bold: a tenth wider than the table says. */
		int v = (int)(1.1 *
		              chart_text_width(in->values[s], CHART_TEXT_PX)) +
		        CH_GAP;

		total += in->counts[s] > 0 ? in->counts[s] : 0;
		if (v > value_w)
			value_w = v;
	}
	bar_w = CH_W - x0 - CH_PAD - value_w;
	svg_open(o, in->id, CH_W, h, in->title, in->desc);
	/* The axis is drawn in every state, like the frame. */
	buf_printf(o,
	           "<line class=\"chart-axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" "
	           "y2=\"%d\"/>",
	           x0, CH_PAD, x0, h - CH_PAD);
	if (total == 0) {
		svg_close_empty(o, x0 + bar_w / 2, h / 2 + 8, bar_w, in->empty);
		return;
	}
	for (int s = 0; s < STATUS__MAX; s++) {
		int y = CH_PAD + s * CH_ROW;
		int c = in->counts[s] > 0 ? in->counts[s] : 0;
		/* Round to the nearest pixel; a non-zero count stays visible.
		 */
		int w = (int)(((long)c * bar_w * 2 + total) / (2L * total));

		if (c > 0 && w < 2)
			w = 2;
		svg_text(o, x0 - CH_GAP, y + CH_ROW / 2 + 8, "end",
		         "chart-label", in->labels[s]);
		buf_printf(o,
		           "<rect class=\"bar s-%s\" x=\"%d\" y=\"%d\" "
		           "width=\"%d\" height=\"%d\" data-value=\"%d\"/>",
		           status_names[s], x0, y + 6, w, CH_ROW - 12, c);
		svg_text(o, x0 + w + CH_GAP, y + CH_ROW / 2 + 8, "start",
		         "chart-value", in->values[s]);
	}
	buf_puts(o, "</svg>");
}

/* The availability steps an axis may start at, highest first. */
static const double avail_steps[] = {95, 90, 80, 50, 0};

double
chart_availability_floor(const double *v, const int *has, int n)
{
	double lo = 100;
	size_t k = 0;

	for (int i = 0; i < n; i++)
		if (has[i] && v[i] < lo)
			lo = v[i];
	while (k + 1 < sizeof(avail_steps) / sizeof(avail_steps[0]) &&
	       avail_steps[k] > lo)
		k++;
	return avail_steps[k];
}

double
chart_availability_floor_shared(const double *const *v, const int *const *has,
                                int n_series, int n)
{
	double lo = avail_steps[0];

	for (int k = 0; k < n_series; k++) {
		double f = chart_availability_floor(v[k], has[k], n);
		if (f < lo)
			lo = f;
	}
	return lo;
}

#define TW 720
#define TPLOT 200 /* height of the plot area */

/* The sum of the first n values of v. */
static double
y_sum(const double *v, int n)
{
	double s = 0;

	for (int i = 0; i < n; i++)
		s += v[i];
	return s;
}

void
chart_status_over_time_svg(struct buf *o, const struct chart_time_input *in)
{
	struct legend_item it[LEG_MAX] = {{0}};
	double lx[LEG_MAX];
	int lrow[LEG_MAX];
	const int n_it = status_legend(it, in->labels, in->availability_label);
	const int x0 = chart_axis_margin(in->y_labels, 2, CHART_TICK_PX);
	const int x1 =
	    TW - chart_axis_margin(in->avail_labels, 2, CHART_TICK_PX);
	const int y0 = CH_PAD + 8, y1 = y0 + TPLOT;
	const int th = y1 + 36 +
	               legend_place(it, n_it, CH_PAD, TW - CH_PAD, lx, lrow) +
	               CH_PAD;
	const int pw = x1 - x0, ph = y1 - y0;
	int any = 0;

	for (int i = 0; i < in->n; i++)
		for (int s = 0; s < STATUS_UNKNOWN; s++)
			any |= in->has_data[i] && in->by_status[i][s] > 0;
	svg_open(o, in->id, TW, th, in->title, in->desc);
	buf_printf(o,
	           "<line class=\"chart-axis\" x1=\"%d\" y1=\"%d\" "
	           "x2=\"%d\" y2=\"%d\"/>"
	           "<line class=\"chart-axis\" x1=\"%d\" y1=\"%d\" "
	           "x2=\"%d\" y2=\"%d\"/>"
	           "<line class=\"chart-axis\" x1=\"%d\" y1=\"%d\" "
	           "x2=\"%d\" y2=\"%d\"/>",
	           x0, y0, x0, y1, x0, y1, x1, y1, x1, y0, x1, y1);
	svg_text(o, x0 - CH_GAP, y1 + 7, "end", "chart-tick", in->y_labels[0]);
	svg_text(o, x0 - CH_GAP, y0 + 7, "end", "chart-tick", in->y_labels[1]);
	svg_text(o, x1 + CH_GAP, y1 + 7, "start", "chart-tick",
	         in->avail_labels[0]);
	svg_text(o, x1 + CH_GAP, y0 + 7, "start", "chart-tick",
	         in->avail_labels[1]);
	legend_draw(o, it, n_it, CH_PAD, TW - CH_PAD, y1 + 36);
	if (!any || in->n == 0 || in->y_max <= 0) {
		svg_close_empty(o, (x0 + x1) / 2, (y0 + y1) / 2, x1 - x0 - 16,
		                in->empty);
		return;
	}
	for (int i = 0; i < in->n; i++) {
		/* Bars in tenths of a pixel, so 30 buckets fit exactly. */
		int slot = pw * 10 / in->n, x = x0 * 10 + i * slot + slot / 8;
		int w = slot * 3 / 4, y = y1 * 10;

		buf_printf(o, "<g class=\"point%s%s\">",
		           i == in->n - 1 ? " now" : "",
		           in->has_data[i] ? "" : " nodata");
		if (!in->has_data[i]) {
			/* Before the first check: a hollow bar that says so. */
			buf_puts(o, "<title>");
			buf_put_xml_escaped(o, in->no_data);
			buf_printf(
			    o,
			    "</title><rect class=\"bar nodata\" x=\"%d.%d\" "
			    "y=\"%d\" width=\"%d.%d\" height=\"%d\"/>",
			    x / 10, x % 10, y0, w / 10, w % 10, ph);
		}
		for (int s = 0; s < STATUS__MAX && in->has_data[i]; s++) {
			double c = in->by_status[i][s];
			/* The bar's top in tenths of a pixel, rounded, so the
			 * stack always ends at the same height. */
			int top =
			    y1 * 10 - (int)((y_sum(in->by_status[i], s + 1) *
			                     ph * 10 / in->y_max) +
			                    0.5);
			int h = y - top;

			if (c <= 0)
				continue;
			buf_printf(o,
			           "<rect class=\"bar s-%s\" x=\"%d.%d\" "
			           "y=\"%d.%d\" width=\"%d.%d\" "
			           "height=\"%d.%d\" data-value=\"%.2f\"/>",
			           status_names[s], x / 10, x % 10, top / 10,
			           top % 10, w / 10, w % 10, h / 10, h % 10, c);
			y = top;
		}
		buf_puts(o, "</g>");
	}
	x_ticks(o, in->x_labels, in->n, x0, (double)pw / in->n, CH_PAD,
	        TW - CH_PAD, y1 + 24);
	/* The availability line over the bars' centres. */
	buf_puts(o, "<polyline class=\"avail-line\" points=\"");
	for (int i = 0, first = 1; i < in->n; i++) {
		int slot = pw * 10 / in->n;
		double a = in->availability[i];

		if (!in->has_availability[i])
			continue;
		buf_printf(o, "%s%.1f,%.1f", first ? "" : " ",
		           (x0 * 10 + i * slot + slot / 2) / 10.0,
		           y1 - (a - in->avail_min) / (100 - in->avail_min) *
		                    ph);
		first = 0;
	}
	buf_puts(o, "\"/>");
	for (int i = 0; i < in->n; i++) {
		int slot = pw * 10 / in->n;
		double a = in->availability[i];

		if (!in->has_availability[i])
			continue;
		buf_printf(o,
		           "<circle class=\"avail-point\" cx=\"%.1f\" "
		           "cy=\"%.1f\" r=\"2.5\" data-value=\"%.2f\"/>",
		           (x0 * 10 + i * slot + slot / 2) / 10.0,
		           y1 -
		               (a - in->avail_min) / (100 - in->avail_min) * ph,
		           percent_shown(a, 2));
	}
	buf_puts(o, "</svg>");
}

#define RW 720
#define RBAR 18 /* height of a row's bar */

/* Shortens text with an ellipsis until it is at most max_w wide at
 * font_px; returns text itself when it fits, else a copy in buf. */
static const char *
text_fit(const char *text, double max_w, double font_px, char *buf, size_t size)
{
	size_t len;

	if (chart_text_width(text, font_px) <= max_w)
		return text;
	len = strlen(text);
	if (len + 4 > size)
		len = size - 4;
	while (len > 0) {
		/* Cut at a character boundary. */
		while (len > 0 && ((unsigned char)text[len] & 0xc0) == 0x80)
			len--;
		memcpy(buf, text, len);
		memcpy(buf + len, "\xe2\x80\xa6", 4);
		if (chart_text_width(buf, font_px) <= max_w)
			return buf;
		len--;
	}
	return "\xe2\x80\xa6";
}

void
chart_stacked_rows_svg(struct buf *o, const char *id, const char *title,
                       const char *desc, const char *empty,
                       const struct chart_row *rows, int n,
                       const char *const labels[STATUS__MAX])
{
	/* Each row: its label on a line of its own, the bar under it, so a
	 * long name has the whole width at any screen size. */
	const int row_h = CHART_TEXT_PX + 8 + RBAR + 12;
	struct legend_item it[LEG_MAX] = {{0}};
	double lx[LEG_MAX];
	int lrow[LEG_MAX], value_w = 0, max = 0;
	const int n_it = status_legend(it, labels, NULL);
	const int plot_h = CH_PAD + row_h * (n > 0 ? n : 3);
	const int h = plot_h +
	              legend_place(it, n_it, CH_PAD, RW - CH_PAD, lx, lrow) +
	              CH_PAD;
	const int x0 = CH_PAD;
	int bar_w;

	for (int r = 0; r < n; r++) {
		int t = 0, v = (int)(1.1 * chart_text_width(rows[r].value,
		                                            CHART_TEXT_PX)) +
		               CH_GAP;
		for (int s = 0; s < STATUS__MAX; s++)
			t += rows[r].counts[s];
		if (t > max)
			max = t;
		if (v > value_w)
			value_w = v;
	}
	bar_w = RW - x0 - CH_PAD - value_w;
	svg_open(o, id, RW, h, title, desc);
	buf_printf(o,
	           "<line class=\"chart-axis\" x1=\"%d\" y1=\"%d\" "
	           "x2=\"%d\" y2=\"%d\"/>",
	           x0, CH_PAD, x0, plot_h);
	legend_draw(o, it, n_it, CH_PAD, RW - CH_PAD, plot_h);
	if (max == 0) {
		svg_close_empty(o, RW / 2, plot_h / 2 + 8, RW - 2 * CH_PAD,
		                empty);
		return;
	}
	for (int r = 0; r < n; r++) {
		int y = CH_PAD + r * row_h, x = x0 * 10;
		int bar_y = y + CHART_TEXT_PX + 8;
		char cut[256];

		svg_text(o, x0 + 6, y + CHART_TEXT_PX, "start", "chart-label",
		         text_fit(rows[r].label, RW - x0 - 6 - CH_PAD,
		                  CHART_TEXT_PX, cut, sizeof(cut)));
		for (int s = 0; s < STATUS__MAX; s++) {
			int c = rows[r].counts[s];
			int w = (int)((long)c * bar_w * 10 / max);

			if (c <= 0)
				continue;
			buf_printf(o,
			           "<rect class=\"bar s-%s\" x=\"%d.%d\" "
			           "y=\"%d\" width=\"%d.%d\" height=\"%d\" "
			           "data-value=\"%d\"/>",
			           status_names[s], x / 10, x % 10, bar_y,
			           w / 10, w % 10, RBAR, c);
			x += w;
		}
		svg_text(o, x / 10 + CH_GAP, bar_y + RBAR - 1, "start",
		         "chart-value", rows[r].value);
	}
	buf_puts(o, "</svg>");
}

#define LW 720
#define LPLOT 170 /* height of the plot area */

/* The x of t on an axis from x0 (t0) to x1 (t1), clipped to it. */
static double
time_x(int64_t t, int64_t t0, int64_t t1, double x0, double x1)
{
	if (t < t0)
		t = t0;
	if (t > t1)
		t = t1;
	return x0 + (double)(t - t0) * (x1 - x0) / (double)(t1 - t0);
}

void
chart_lines_svg(struct buf *o, const struct chart_lines_input *in)
{
	chart_lines_marked_svg(o, in, NULL);
}

void
chart_lines_marked_svg(struct buf *o, const struct chart_lines_input *in,
                       const struct chart_marks *marks)
{
	struct legend_item it[LEG_MAX] = {{0}};
	double lx[LEG_MAX];
	int lrow[LEG_MAX], n_it = 0;
	const int x0 = chart_axis_margin(in->y_labels, 2, CHART_TICK_PX);
	const int x1 = LW - CH_PAD - 8, y0 = CH_PAD + 8, y1 = y0 + LPLOT;
	const double pw = x1 - x0, ph = y1 - y0;
	double span = in->y_max > in->y_min ? in->y_max - in->y_min : 1;
	int any = 0, lh;

	char line_cls[LEG_MAX][32], mark_cls[LEG_MAX][32];

	for (int l = 0; l < in->n_lines && n_it < LEG_MAX; l++, n_it++) {
		snprintf(line_cls[l], sizeof(line_cls[l]), "line-%s",
		         in->lines[l].cls);
		snprintf(mark_cls[l], sizeof(mark_cls[l]), "point-%s",
		         in->lines[l].cls);
		it[l] = (struct legend_item){in->lines[l].label, -1,
		                             line_cls[l], mark_cls[l]};
	}
	lh = legend_place(it, n_it, CH_PAD, LW - CH_PAD, lx, lrow);
	for (int l = 0; l < in->n_lines; l++)
		for (int i = 0; i < in->n; i++)
			any |= in->lines[l].has[i];
	svg_open(o, in->id, LW, y1 + 36 + lh + CH_PAD, in->title, in->desc);
	buf_printf(o,
	           "<line class=\"chart-axis\" x1=\"%d\" y1=\"%d\" "
	           "x2=\"%d\" y2=\"%d\"/>"
	           "<line class=\"chart-axis\" x1=\"%d\" y1=\"%d\" "
	           "x2=\"%d\" y2=\"%d\"/>",
	           x0, y0, x0, y1, x0, y1, x1, y1);
	svg_text(o, x0 - CH_GAP, y1 + 7, "end", "chart-tick", in->y_labels[0]);
	svg_text(o, x0 - CH_GAP, y0 + 7, "end", "chart-tick", in->y_labels[1]);
	legend_draw(o, it, n_it, CH_PAD, LW - CH_PAD, y1 + 36);
	if (!any || in->n == 0) {
		svg_close_empty(o, (x0 + x1) / 2, (y0 + y1) / 2, x1 - x0 - 16,
		                in->empty);
		return;
	}
	x_ticks(o, in->x_labels, in->n, x0, pw / in->n, CH_PAD, LW - CH_PAD,
	        y1 + 24);
	for (int b = 0;
	     marks != NULL && marks->t1 > marks->t0 && b < marks->n_bands;
	     b++) {
		const struct chart_band *bd = &marks->bands[b];
		double bx0, bx1;

		if (bd->to <= marks->t0 || bd->from >= marks->t1 ||
		    bd->severity >= SEVERITY__MAX)
			continue;
		bx0 = time_x(bd->from, marks->t0, marks->t1, x0, x1);
		bx1 = time_x(bd->to, marks->t0, marks->t1, x0, x1);
		buf_printf(o,
		           "<rect class=\"band sev-%s\" x=\"%.1f\" y=\"%d\" "
		           "width=\"%.1f\" height=\"%d\"/>",
		           severity_names[bd->severity], bx0, y0,
		           bx1 - bx0 < 1 ? 1 : bx1 - bx0, y1 - y0);
	}
	for (int l = 0; l < in->n_lines; l++) {
		const struct chart_line *ln = &in->lines[l];
		int first = 1;

		buf_printf(o, "<polyline class=\"line-%s\" points=\"", ln->cls);
		for (int i = 0; i < in->n; i++) {
			if (!ln->has[i])
				continue;
			buf_printf(o, "%s%.1f,%.1f", first ? "" : " ",
			           x0 + (i + 0.5) * pw / in->n,
			           y1 - (ln->v[i] - in->y_min) / span * ph);
			first = 0;
		}
		buf_puts(o, "\"/>");
	}
	for (int l = 0; l < n_it; l++) {
		const struct chart_line *ln = &in->lines[l];

		for (int i = 0; i < in->n; i++) {
			double v = ln->is_percent ? percent_shown(ln->v[i], 2)
			                          : ln->v[i];

			if (ln->has[i])
				marker(o, it[l].mark,
				       x0 + (i + 0.5) * pw / in->n,
				       y1 - (ln->v[i] - in->y_min) / span * ph,
				       &v);
		}
	}
	buf_puts(o, "</svg>");
}

size_t
chart_incident_bands(const struct incident *inc, int64_t end, struct arena *a,
                     struct chart_band **out)
{
	size_t n = 0;

	*out = arena_alloc(a, sizeof(**out) * (inc->n_events + 1));
	if (inc->n_events == 0) {
		if (end > inc->started_at && inc->severity > SEVERITY_NONE &&
		    inc->severity < SEVERITY__MAX)
			(*out)[n++] = (struct chart_band){inc->started_at, end,
			                                  inc->severity};
		return n;
	}
	for (size_t i = 0; i < inc->n_events; i++) {
		const struct incident_event *e = &inc->events[i];
		int64_t to =
		    i + 1 < inc->n_events ? inc->events[i + 1].at : end;

		if (e->kind == INCIDENT_RESOLVED)
			break;
		if (to > end)
			to = end;
		if (to <= e->at || e->severity <= SEVERITY_NONE ||
		    e->severity >= SEVERITY__MAX)
			continue;
		(*out)[n++] = (struct chart_band){e->at, to, e->severity};
	}
	return n;
}

#define TL_LEG_MAX SEVERITY__MAX

void
chart_incident_timeline_svg(struct buf *o,
                            const struct chart_timeline_input *in)
{
	const int x0 = CHART_TL_X0, x1 = CHART_TL_X1, y0 = CHART_TL_TOP,
	          y1 = CHART_TL_TOP + CHART_TL_PLOT;
	int64_t t0 = in->t0, t1 = in->t1 > in->t0 ? in->t1 : in->t0 + 60;
	const char *labels[TL_LEG_MAX];
	double w[TL_LEG_MAX], lx[TL_LEG_MAX];
	int row[TL_LEG_MAX], n_leg = 0, rows, ly = y1 + 40;

	/* The legend: the three severities and the update mark. */
	for (int s = SEVERITY_MINOR; s < SEVERITY__MAX; s++)
		labels[n_leg++] = in->severity_labels[s];
	labels[n_leg++] = in->mark_label;
	for (int i = 0; i < n_leg; i++)
		w[i] = LEG_KEY + 6 + chart_text_width(labels[i], CHART_TICK_PX);
	rows =
	    chart_legend_layout(w, n_leg, CH_PAD, CHART_TL_W - CH_PAD, lx, row);
	svg_open(o, in->id, CHART_TL_W, ly + rows * LEG_ROW + CH_PAD, in->title,
	         in->desc);
	for (int b = 0; b < in->n_bands; b++) {
		const struct chart_band *bd = &in->bands[b];
		double bx0, bx1;
		int h;

		if (bd->to <= t0 || bd->from >= t1 ||
		    bd->severity <= SEVERITY_NONE ||
		    bd->severity >= SEVERITY__MAX)
			continue;
		bx0 = time_x(bd->from, t0, t1, x0, x1);
		bx1 = time_x(bd->to, t0, t1, x0, x1);
		h = CHART_TL_PLOT * (int)bd->severity / 3;
		buf_printf(o,
		           "<rect class=\"tl-band sev-%s\" x=\"%.1f\" y=\"%d\" "
		           "width=\"%.1f\" height=\"%d\"/>",
		           severity_names[bd->severity], bx0, y1 - h,
		           bx1 - bx0 < 1 ? 1 : bx1 - bx0, h);
	}
	for (int m = 0; m < in->n_marks; m++) {
		double mx;

		if (in->marks[m] < t0 || in->marks[m] > t1)
			continue;
		mx = time_x(in->marks[m], t0, t1, x0, x1);
		buf_printf(o,
		           "<line class=\"tl-update\" x1=\"%.1f\" y1=\"%d\" "
		           "x2=\"%.1f\" y2=\"%d\"/>",
		           mx, y0 - 8, mx, y1);
	}
	buf_printf(o,
	           "<line class=\"chart-axis\" x1=\"%d\" y1=\"%d\" "
	           "x2=\"%d\" y2=\"%d\"/>",
	           x0, y1, x1, y1);
	svg_text(o, x0, y1 + 26, "start", "chart-tick", in->t_labels[0]);
	svg_text(o, x1, y1 + 26, "end", "chart-tick", in->t_labels[1]);
	for (int i = 0; i < n_leg; i++) {
		int kx = (int)lx[i], mid = ly + row[i] * LEG_ROW + LEG_ROW / 2;

		buf_puts(o, "<g class=\"legend-item\">");
		if (i < n_leg - 1)
			buf_printf(o,
			           "<rect class=\"swatch sev-%s\" x=\"%d\" "
			           "y=\"%d\" width=\"16\" height=\"16\"/>",
			           severity_names[SEVERITY_MINOR + i], kx + 7,
			           mid - 8);
		else
			buf_printf(o,
			           "<line class=\"tl-update\" x1=\"%d\" "
			           "y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
			           kx + 15, mid - 10, kx + 15, mid + 10);
		svg_text(o, kx + LEG_KEY + 6, mid + 7, "start", "chart-legend",
		         labels[i]);
		buf_puts(o, "</g>");
	}
	buf_puts(o, "</svg>");
}
