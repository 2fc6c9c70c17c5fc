/* chart.c: charts drawn on the server as inline SVG text, pure functions from
 * numbers and labels. */
#include "chart.h"

#define CH_W 640
#define CH_ROW 40
#define CH_LABEL 170 /* width of the label column */
#define CH_VALUE 60  /* width of the value column */
#define CH_PAD 12

/* Opens the <svg> with its accessible name and text equivalent. */
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
	buf_puts(o, "</desc>");
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
	/* Frame and axis: drawn in every state, so the chart is never blank. */
	buf_printf(o,
	           "<rect class=\"chart-frame\" x=\"0.5\" y=\"0.5\" "
	           "width=\"%d\" height=\"%d\"/>"
	           "<line class=\"chart-axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" "
	           "y2=\"%d\"/>",
	           CH_W - 1, h - 1, x0, CH_PAD, x0, h - CH_PAD);
	if (total == 0) {
		svg_text(o, x0 + bar_w / 2, h / 2 + 5, "middle", "chart-empty",
		         in->empty);
		buf_puts(o, "</svg>");
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
