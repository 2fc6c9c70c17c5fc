/* chart.h: charts drawn on the server as inline SVG text, pure functions from numbers and labels. */
#ifndef AIGO_CHART_H
#define AIGO_CHART_H

#include "model.h"
#include "arena.h"
#include "incidents.h"

/* The font sizes, in the SVG's own units, the layout makes room for: the
 * largest style.css gives chart text at any screen width (its phone
 * sizes), so no text is cut at any width. */
#define CHART_TEXT_PX 24 /* labels, values, "why empty" */
#define CHART_TICK_PX 22 /* axis ticks and legends */

/* The width in px of utf8 drawn at font_px, from a table of advance
 * widths of the widest font of the page's stack (DejaVu Sans); Hangul,
 * kana and CJK characters are one em. An estimate that errs on the wide
 * side; 0 for NULL. */
double chart_text_width(const char *utf8, double font_px);

/* The room left of an axis for its n tick labels at font_px: the widest
 * label plus the padding and the gap to the axis. */
int chart_axis_margin(const char *const *labels, int n, double font_px);

/* Places n legend items of widths w left to right from x0, starting a new
 * row where an item would pass x_max; writes each item's x and row.
 * Returns the number of rows. */
int chart_legend_layout(const double *w, int n, double x0, double x_max,
                        double *x, int *row);

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

/* What the status-over-time chart shows: one stacked bar per point (the
 * mean number of active models in each status over the bucket's sample
 * instants; a point with no sample is "no data yet") and the mean
 * availability as a line on its own axis. Texts are translated and
 * formatted. */
struct chart_time_input {
	const char *id, *title, *desc;
	const char *empty; /* said inside the frame when no bucket has checks */
	int n;             /* points; the last is "now" */
	const double (*by_status)[STATUS__MAX]; /* per point */
	const int *has_data;                    /* per point: 0, no data yet */
	const char *no_data;                    /* says so on such a bar */
	const double *availability;             /* per point */
	const int *has_availability;            /* per point */
	int y_max;                              /* the active models */
	double avail_min;                       /* bottom of the right axis */
	const char *labels[STATUS__MAX];        /* legend */
	const char *availability_label;         /* legend of the line */
	const char *const *x_labels;            /* per point; NULL: no label */
	const char *y_labels[2];                /* 0 and y_max, formatted */
	const char *avail_labels[2]; /* avail_min and 100, formatted */
};

/* Appends the status-over-time <svg>; never blank: with no checks in any
 * bucket it draws the frame and axes and says `empty`. */
void chart_status_over_time_svg(struct buf *out,
                                const struct chart_time_input *in);

/* The bottom of an availability axis for values v (where has): the
 * highest of the steps 95, 90, 80, 50 and 0 % at or below the lowest
 * value (95 without any value). A few fixed steps, so charts can be
 * compared by eye. */
double chart_availability_floor(const double *v, const int *has, int n);

/* The one bottom of the availability axes of n_series series of n points
 * each (a model page's regions): the lowest of their floors. */
double chart_availability_floor_shared(const double *const *v,
                                       const int *const *has, int n_series,
                                       int n);

/* One row of a stacked horizontal bar chart. */
struct chart_row {
	const char *label;
	int counts[STATUS__MAX];
	const char *value; /* formatted total, shown after the bar */
};

/* Appends a stacked bar per row (in the order given), scaled to the
 * largest row total, with the status legend. */
void chart_stacked_rows_svg(struct buf *out, const char *id, const char *title,
                            const char *desc, const char *empty,
                            const struct chart_row *rows, int n,
                            const char *const labels[STATUS__MAX]);

/* One line of a line chart: values per point (where has). */
struct chart_line {
	const char *label; /* legend */
	const char *cls;   /* CSS class of the line: "p50", "p95", "avail" */
	const double *v;
	const int *has;
	int is_percent; /* values are percentages: shown by percent_shown */
};

/* What a line chart shows; y runs from y_min to y_max. */
struct chart_lines_input {
	const char *id, *title, *desc, *empty;
	int n; /* points */
	const struct chart_line *lines;
	int n_lines;
	double y_min, y_max;
	const char *y_labels[2];     /* y_min and y_max, formatted */
	const char *const *x_labels; /* per point; NULL: no label */
};

/* Appends a line chart, p50 points as dots and p95 points as hollow
 * squares, its legend showing both; never blank: without any value it draws the frame
 * and axes and says `empty`. */
void chart_lines_svg(struct buf *out, const struct chart_lines_input *in);

/* ---- Incidents over time (docs/incidents.md) ---- */

/* A run [from, to) of one severity of an incident, in UTC seconds. */
struct chart_band {
	int64_t from, to;
	enum severity severity; /* MINOR..CRITICAL */
};

/* The bands of incident inc from its events (each severity from its event
 * to the next; the resolved event ends them), up to end (its end, or now
 * for an open one). Without events (a manual incident): one band
 * [started_at, end) of its severity. Bands of zero length are left out.
 * Arena memory (*out never NULL); returns the count. */
size_t chart_incident_bands(const struct incident *inc, int64_t end,
                            struct arena *a, struct chart_band **out);

/* The geometry of the timeline, in its own units: the time axis runs
 * from x0 (t0) to x1 (t1); a band of severity s is s/3 of the plot's
 * height tall, standing on its bottom. */
#define CHART_TL_W 720
#define CHART_TL_X0 24
#define CHART_TL_X1 696
#define CHART_TL_TOP 16
#define CHART_TL_PLOT 120

/* What an incident's timeline shows. Texts are translated and formatted;
 * the chart escapes them. */
struct chart_timeline_input {
	const char *id, *title, *desc;
	int64_t t0, t1; /* the axis (t1 <= t0 draws one minute) */
	const struct chart_band *bands;
	int n_bands;
	const int64_t *marks; /* the operators' updates, drawn as lines */
	int n_marks;
	const char *t_labels[2];                    /* t0 and t1, formatted */
	const char *severity_labels[SEVERITY__MAX]; /* legend; [NONE] unused */
	const char *mark_label;                     /* legend of the marks */
};

/* Appends the timeline <svg>: severity bands over time (class
 * "tl-band sev-minor|major|critical", height by severity, so colour is not
 * the only cue), an update mark per time, the two axis times and a
 * legend; with role="img", <title> and <desc>. Never blank: without
 * bands it draws the frame and the axis. */
void chart_incident_timeline_svg(struct buf *out,
                                 const struct chart_timeline_input *in);

/* Incidents to mark on a line chart whose points are n equal buckets of
 * [t0, t1): each band shaded over the plot's full height (clipped to the
 * axis), behind the lines. */
struct chart_marks {
	const struct chart_band *bands;
	int n_bands;
	int64_t t0, t1;
};

/* chart_lines_svg with the incidents of marks (NULL: none) shaded as
 * rects of class "band sev-...". Bands are not drawn on an empty chart. */
void chart_lines_marked_svg(struct buf *out, const struct chart_lines_input *in,
                            const struct chart_marks *marks);

#endif
