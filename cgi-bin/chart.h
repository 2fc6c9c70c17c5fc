/* chart.h: charts drawn on the server as inline SVG text, pure functions from
 * numbers and labels. */
#ifndef AIGO_CHART_H
#define AIGO_CHART_H

#include "model.h"
#include "util.h"

/* What the status-distribution chart shows; every text is already
 * translated and formatted, and is escaped by the chart. */
struct chart_status_input {
	const char *id;    /* unique id prefix within the page */
	const char *title; /* accessible name */
	const char *desc;  /* text equivalent of the numbers */
	const char *empty; /* shown instead of bars when total is 0 */
	int counts[STATUS__MAX];
	const char *labels[STATUS__MAX];
	const char *values[STATUS__MAX]; /* formatted counts */
};

/* Appends an <svg> of one horizontal bar per status, scaled to the total
 * of counts, with a <title>, <desc> and role="img". With a zero total it
 * draws the frame and axis and says `empty` inside. */
void chart_status_distribution_svg(struct buf *out,
                                   const struct chart_status_input *in);

#endif
