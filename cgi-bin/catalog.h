/* catalog.h: loads the provider/model/endpoint catalog (db/catalog.json) into the database. */
#ifndef AIGO_CATALOG_H
#define AIGO_CATALOG_H

#include "store.h"

/* Reads the catalog at path and upserts every provider, model and endpoint
 * in one transaction. Returns the number of models, or -1 with err set and
 * nothing changed. */
long catalog_load(struct store *s, const char *path, char *err, size_t errlen);

#endif
