/* chart.c: charts drawn on the server as inline SVG text, pure functions from numbers and labels. */
#include "chart.h"

#include <string.h>

#define CH_W 640
#define CH_ROW 40
#define CH_LABEL 170 /* width of the label column */
#define CH_VALUE 60  /* width of the value column */
#define CH_PAD 12

/* Opens the <svg> with its accessible name and text equivalent, and draws
 * its frame: every chart has one, so no chart is ever a blank box. */
static void
svg_open(struct buf *o, const char *id, int w, int h, const char *title,
         const char *desc)
{
	buf_printf(o,
	           "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" "
	           "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
	           "role=\"img\" aria-labelledby=\"%s-title %s-desc\">",
	           w, h, w, h, id, id);
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

/* Says why a chart has no data, inside its frame, and closes it. */
static void
svg_close_empty(struct buf *o, int x, int y, const char *why)
{
	svg_text(o, x, y, "middle", "chart-empty", why);
	buf_puts(o, "</svg>");
}

void
chart_status_distribution_svg(struct buf *o,
                              const struct chart_status_input *in)
{
	int total = 0;
	const int h = CH_PAD * 2 + CH_ROW * STATUS__MAX;
	const int x0 = CH_LABEL, bar_w = CH_W - CH_LABEL - CH_VALUE - CH_PAD;

	for (int s = 0; s < STATUS__MAX; s++)
		total += in->counts[s] > 0 ? in->counts[s] : 0;
	svg_open(o, in->id, CH_W, h, in->title, in->desc);
	/* The axis is drawn in every state, like the frame. */
	buf_printf(o,
	           "<line class=\"chart-axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" "
	           "y2=\"%d\"/>",
	           x0, CH_PAD, x0, h - CH_PAD);
	if (total == 0) {
		svg_close_empty(o, x0 + bar_w / 2, h / 2 + 5, in->empty);
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
		svg_text(o, x0 - 10, y + CH_ROW / 2 + 5, "end", "chart-label",
		         in->labels[s]);
		buf_printf(o,
		           "<rect class=\"bar s-%s\" x=\"%d\" y=\"%d\" "
		           "width=\"%d\" height=\"%d\" data-value=\"%d\"/>",
		           status_names[s], x0, y + 6, w, CH_ROW - 12, c);
		svg_text(o, x0 + w + 8, y + CH_ROW / 2 + 5, "start",
		         "chart-value", in->values[s]);
	}
	buf_puts(o, "</svg>");
}

/* The legend: a swatch and a label per status, then maybe the line. */
static void
legend(struct buf *o, int x, int y, const char *const labels[STATUS__MAX],
       const char *line_label)
{
	for (int s = 0; s < STATUS__MAX; s++) {
		buf_printf(o,
		           "<rect class=\"swatch s-%s\" x=\"%d\" y=\"%d\" "
		           "width=\"12\" height=\"12\"/>",
		           status_names[s], x, y - 10);
		svg_text(o, x + 16, y, "start", "chart-legend", labels[s]);
		x += 24 + 8 * (int)strlen(labels[s]) / 1 + 8;
	}
	if (line_label != NULL) {
		buf_printf(o,
		           "<line class=\"avail-line\" x1=\"%d\" y1=\"%d\" "
		           "x2=\"%d\" y2=\"%d\"/>",
		           x, y - 4, x + 16, y - 4);
		svg_text(o, x + 20, y, "start", "chart-legend", line_label);
	}
}

double
chart_availability_floor(const double *v, const int *has, int n)
{
	double lo = 100;

	for (int i = 0; i < n; i++)
		if (has[i] && v[i] < lo)
			lo = v[i];
	lo = (double)((int)(lo / 5) * 5);
	if (lo > 95)
		lo = 95;
	return lo < 0 ? 0 : lo;
}

#define TW 720
#define TH 280
#define TX0 56
#define TX1 (TW - 64)
#define TY0 20
#define TY1 (TH - 60)

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
	const int pw = TX1 - TX0, ph = TY1 - TY0;
	int any = 0;

	for (int i = 0; i < in->n; i++)
		for (int s = 0; s < STATUS_UNKNOWN; s++)
			any |= in->has_data[i] && in->by_status[i][s] > 0;
	svg_open(o, in->id, TW, TH, in->title, in->desc);
	buf_printf(o,
	           "<line class=\"chart-axis\" x1=\"%d\" y1=\"%d\" "
	           "x2=\"%d\" y2=\"%d\"/>"
	           "<line class=\"chart-axis\" x1=\"%d\" y1=\"%d\" "
	           "x2=\"%d\" y2=\"%d\"/>"
	           "<line class=\"chart-axis\" x1=\"%d\" y1=\"%d\" "
	           "x2=\"%d\" y2=\"%d\"/>",
	           TX0, TY0, TX0, TY1, TX0, TY1, TX1, TY1, TX1, TY0, TX1, TY1);
	svg_text(o, TX0 - 6, TY1 + 4, "end", "chart-tick", in->y_labels[0]);
	svg_text(o, TX0 - 6, TY0 + 8, "end", "chart-tick", in->y_labels[1]);
	svg_text(o, TX1 + 6, TY1 + 4, "start", "chart-tick",
	         in->avail_labels[0]);
	svg_text(o, TX1 + 6, TY0 + 8, "start", "chart-tick",
	         in->avail_labels[1]);
	legend(o, TX0, TH - 12, in->labels, in->availability_label);
	if (!any || in->n == 0 || in->y_max <= 0) {
		svg_close_empty(o, (TX0 + TX1) / 2, (TY0 + TY1) / 2, in->empty);
		return;
	}
	for (int i = 0; i < in->n; i++) {
		/* Bars in tenths of a pixel, so 30 buckets fit exactly. */
		int slot = pw * 10 / in->n, x = TX0 * 10 + i * slot + slot / 8;
		int w = slot * 3 / 4, y = TY1 * 10;

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
			    x / 10, x % 10, TY0, w / 10, w % 10, ph);
		}
		for (int s = 0; s < STATUS__MAX && in->has_data[i]; s++) {
			double c = in->by_status[i][s];
			/* The bar's top in tenths of a pixel, rounded, so the
			 * stack always ends at the same height. */
			int top =
			    TY1 * 10 - (int)((y_sum(in->by_status[i], s + 1) *
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
		if (in->x_labels[i] != NULL)
			svg_text(o, (x + w / 2) / 10, TY1 + 18, "middle",
			         "chart-tick", in->x_labels[i]);
	}
	/* The availability line over the bars' centres. */
	buf_puts(o, "<polyline class=\"avail-line\" points=\"");
	for (int i = 0, first = 1; i < in->n; i++) {
		int slot = pw * 10 / in->n;
		double a = in->availability[i];

		if (!in->has_availability[i])
			continue;
		buf_printf(o, "%s%.1f,%.1f", first ? "" : " ",
		           (TX0 * 10 + i * slot + slot / 2) / 10.0,
		           TY1 - (a - in->avail_min) / (100 - in->avail_min) *
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
		           (TX0 * 10 + i * slot + slot / 2) / 10.0,
		           TY1 -
		               (a - in->avail_min) / (100 - in->avail_min) * ph,
		           percent_shown(a, 2));
	}
	buf_puts(o, "</svg>");
}

#define RW 720
#define RROW 28
#define RLABEL 250

void
chart_stacked_rows_svg(struct buf *o, const char *id, const char *title,
                       const char *desc, const char *empty,
                       const struct chart_row *rows, int n,
                       const char *const labels[STATUS__MAX])
{
	const int h = 16 + RROW * (n > 0 ? n : 3) + 36;
	const int bar_w = RW - RLABEL - 70;
	int max = 0;

	for (int r = 0; r < n; r++) {
		int t = 0;
		for (int s = 0; s < STATUS__MAX; s++)
			t += rows[r].counts[s];
		if (t > max)
			max = t;
	}
	svg_open(o, id, RW, h, title, desc);
	buf_printf(o,
	           "<line class=\"chart-axis\" x1=\"%d\" y1=\"8\" "
	           "x2=\"%d\" y2=\"%d\"/>",
	           RLABEL, RLABEL, h - 36);
	legend(o, RLABEL, h - 12, labels, NULL);
	if (max == 0) {
		svg_close_empty(o, RLABEL + bar_w / 2, (h - 36) / 2 + 5, empty);
		return;
	}
	for (int r = 0; r < n; r++) {
		int y = 12 + r * RROW, x = RLABEL * 10;

		svg_text(o, RLABEL - 8, y + RROW / 2 + 4, "end", "chart-label",
		         rows[r].label);
		for (int s = 0; s < STATUS__MAX; s++) {
			int c = rows[r].counts[s];
			int w = (int)((long)c * bar_w * 10 / max);

			if (c <= 0)
				continue;
			buf_printf(o,
			           "<rect class=\"bar s-%s\" x=\"%d.%d\" "
			           "y=\"%d\" width=\"%d.%d\" height=\"%d\" "
			           "data-value=\"%d\"/>",
			           status_names[s], x / 10, x % 10, y + 4,
			           w / 10, w % 10, RROW - 8, c);
			x += w;
		}
		svg_text(o, x / 10 + 6, y + RROW / 2 + 4, "start",
		         "chart-value", rows[r].value);
	}
	buf_puts(o, "</svg>");
}

#define LW 720
#define LH 240
#define LX0 64
#define LX1 (LW - 24)
#define LY0 16
#define LY1 (LH - 56)

void
chart_lines_svg(struct buf *o, const struct chart_lines_input *in)
{
	const double pw = LX1 - LX0, ph = LY1 - LY0;
	double span = in->y_max > in->y_min ? in->y_max - in->y_min : 1;
	int any = 0, lx = LX0;

	for (int l = 0; l < in->n_lines; l++)
		for (int i = 0; i < in->n; i++)
			any |= in->lines[l].has[i];
	svg_open(o, in->id, LW, LH, in->title, in->desc);
	buf_printf(o,
	           "<line class=\"chart-axis\" x1=\"%d\" y1=\"%d\" "
	           "x2=\"%d\" y2=\"%d\"/>"
	           "<line class=\"chart-axis\" x1=\"%d\" y1=\"%d\" "
	           "x2=\"%d\" y2=\"%d\"/>",
	           LX0, LY0, LX0, LY1, LX0, LY1, LX1, LY1);
	svg_text(o, LX0 - 6, LY1 + 4, "end", "chart-tick", in->y_labels[0]);
	svg_text(o, LX0 - 6, LY0 + 8, "end", "chart-tick", in->y_labels[1]);
	for (int l = 0; l < in->n_lines; l++) {
		buf_printf(o,
		           "<line class=\"line-%s\" x1=\"%d\" y1=\"%d\" "
		           "x2=\"%d\" y2=\"%d\"/>",
		           in->lines[l].cls, lx, LH - 16, lx + 16, LH - 16);
		svg_text(o, lx + 20, LH - 12, "start", "chart-legend",
		         in->lines[l].label);
		lx += 40 + 8 * (int)strlen(in->lines[l].label);
	}
	if (!any || in->n == 0) {
		svg_close_empty(o, (LX0 + LX1) / 2, (LY0 + LY1) / 2, in->empty);
		return;
	}
	for (int i = 0; i < in->n; i++)
		if (in->x_labels[i] != NULL)
			svg_text(o, (int)(LX0 + (i + 0.5) * pw / in->n),
			         LY1 + 18, "middle", "chart-tick",
			         in->x_labels[i]);
	for (int l = 0; l < in->n_lines; l++) {
		const struct chart_line *ln = &in->lines[l];
		int first = 1;

		buf_printf(o, "<polyline class=\"line-%s\" points=\"", ln->cls);
		for (int i = 0; i < in->n; i++) {
			if (!ln->has[i])
				continue;
			buf_printf(o, "%s%.1f,%.1f", first ? "" : " ",
			           LX0 + (i + 0.5) * pw / in->n,
			           LY1 - (ln->v[i] - in->y_min) / span * ph);
			first = 0;
		}
		buf_puts(o, "\"/>");
		for (int i = 0; i < in->n; i++)
			if (ln->has[i])
				buf_printf(
				    o,
				    "<circle class=\"point-%s\" "
				    "cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" "
				    "data-value=\"%.2f\"/>",
				    ln->cls, LX0 + (i + 0.5) * pw / in->n,
				    LY1 - (ln->v[i] - in->y_min) / span * ph,
				    ln->is_percent ? percent_shown(ln->v[i], 2)
				                   : ln->v[i]);
	}
	buf_puts(o, "</svg>");
}
