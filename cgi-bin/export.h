/* export.h: the daily aggregates of the export (GET /api/v1/export, aigo export): per UTC day, model and region, from the checks, pure. */
#ifndef AIGO_EXPORT_H
#define AIGO_EXPORT_H

#include <cJSON.h>

#include "arena.h"
#include "model.h"

/* One day of one model in one region (docs/api.md, "Export"). */
struct export_row {
	int64_t day;        /* the UTC day's start, seconds */
	size_t model;       /* index into dataset.models */
	const char *region; /* the rows' memory */
	int64_t checks;     /* operational + degraded + outage */
	int64_t available;  /* operational + degraded (DESIGN 3) */
	int64_t outage, degraded;
	/* Nearest-rank percentiles (detail_percentile) in ms; -1: no value
	 * measured that day. */
	int64_t p50_ms, p95_ms, ttft_p50_ms;
};

/* A growing list of export rows in arena memory. */
struct export_list {
	struct export_row *v;
	size_t n, cap;
};

/* Adds to list the daily aggregates of model's n rows (sorted by region,
 * then time, as store_model_checks gives them), one per (region, UTC day)
 * that has a check. Memory from a. */
void export_add_model(struct export_list *list, size_t model,
                      const struct check_row *rows, size_t n, struct arena *a);

/* Sorts list by day, then model index, then region. */
void export_sort(struct export_list *list);

/* The column names, in order (the CSV header and the JSON members). */
#define EXPORT_COLUMNS 12
extern const char *const export_columns[EXPORT_COLUMNS];

/* Appends list as RFC 4180 CSV to b: a header row, then one record per
 * row, CRLF line ends, fields quoted when they hold a comma, quote, CR or
 * LF (quotes doubled); an empty field where a value is not measured. */
void export_csv(struct buf *b, const struct dataset *ds,
                const struct export_list *list);

/* The list as a JSON array of objects with the same columns (null where a
 * value is not measured). The caller frees it (cJSON_Delete). */
cJSON *export_json(const struct dataset *ds, const struct export_list *list);

#endif
