/* import.h: `aigo import FILE`: checks from JSON or CSV through the ingest validation and the one write path. */
#ifndef AIGO_IMPORT_H
#define AIGO_IMPORT_H

#include "app.h"
#include "ingest.h"

/* Parses CSV text whose first line names the columns (the ingest fields)
 * into b, one item per row (empty cells are absent values); (*lines)[i] is
 * the line row i starts on. Returns 0, or -1 with err set when the header
 * is wrong. */
int import_parse_csv(struct ingest_batch *b, const char *text, size_t len,
                     long **lines, char *err, size_t errlen);

/* Imports the checks of path ("-": standard input), JSON or CSV: validates
 * all, then records them in transactions of 1000 with a progress bar on a
 * terminal, and prints a summary. Returns the exit status. */
int import_file(const struct app_config *cfg, const char *path);

#endif
