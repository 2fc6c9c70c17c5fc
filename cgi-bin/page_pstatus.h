/* page_pstatus.h: the pages' part of what the providers' own status pages say: the "Provider says" partial and the providers' section. */
#ifndef AIGO_PAGE_PSTATUS_H
#define AIGO_PAGE_PSTATUS_H

#include "page.h"
#include "pstatus.h"

/* Fills include PROVIDER_SAYS of d (provider_says.tpl) with what the
 * provider of model m of ds says of it, measured as measured, for a
 * status interval of interval_s seconds (stale after 3 intervals); with a
 * link to the provider's status page. detail: also the model's
 * components and the open incidents concerning it (the model page).
 * Leaves d alone when the provider's status API was never read. */
void page_pstatus_model(struct request *req, struct tmpl_dict *d,
                        const struct dataset *ds, size_t m,
                        enum status measured, int64_t interval_s, int detail);

/* Fills include PROVIDER_STATUS of d (provider_status.tpl): each provider
 * with a status page or a status API read: a link to its official status
 * page, and what its status API says of it against its models' measured
 * statuses (st->per_provider). */
void page_pstatus_providers(struct request *req, struct tmpl_dict *d,
                            const struct dataset *ds, const struct stats *st,
                            int64_t interval_s);

#endif
