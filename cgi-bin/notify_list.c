/* notify_list.c: `aigo notify list`: the outbox's queue, each channel's counters and the newest deliveries, as text for an operator. */
#include "notify_list.h"

#include <string.h>

#include "arena.h"
#include "notify.h"
#include "store.h"
#include "timefmt.h"

#define LIST_DEFAULT 50
#define LIST_MAX 10000

/* src for a terminal into dst: control characters as '?', cut to fit. */
static const char *
clean(char *dst, size_t dstlen, const char *src)
{
	size_t i = 0;

	for (; src != NULL && src[i] != '\0' && i + 1 < dstlen; i++)
		dst[i] = (unsigned char)src[i] < 0x20 || src[i] == 0x7f
		             ? '?'
		             : src[i];
	dst[i] = '\0';
	return dst;
}

/* t as RFC 3339 UTC, or "-" for 0. */
static const char *
when(int64_t t, char buf[21])
{
	if (t == 0)
		return "-";
	time_rfc3339(t, buf);
	return buf;
}

int
notify_list_main(const struct app_config *cfg, int argc, char **argv, FILE *out)
{
	int64_t limit = LIST_DEFAULT;
	int pending = 0;
	char err[512], t1[21], t2[21], name[NOTIFY_NAME_MAX + 200], line[301];
	char chan[NOTIFY_NAME_MAX + 1];
	struct store *s;
	struct arena *a;
	struct outbox_stats st;
	struct outbox_row *rows;
	long n;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--pending") == 0)
			pending = 1;
		else if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc) {
			if (parse_int64(argv[++i], 1, LIST_MAX, &limit) != 0) {
				fprintf(stderr,
				        "aigo notify list: --limit %s: must be "
				        "a whole number from 1 to %d\n",
				        argv[i], LIST_MAX);
				return 2;
			}
		} else {
			fprintf(stderr,
			        "aigo notify list: %s: unknown argument (use "
			        "[--pending] [--limit N])\n",
			        argv[i]);
			return 2;
		}
	}
	s = store_open_readonly(cfg->db_path, err, sizeof(err));
	if (s == NULL) {
		fprintf(stderr, "aigo: %s: %s\n", cfg->db_path, err);
		return 1;
	}
	a = arena_new();
	if (store_outbox_stats(s, a, &st, err, sizeof(err)) != 0 ||
	    (n = store_outbox_list(s, pending, (long)limit, a, &rows, err,
	                           sizeof(err))) < 0) {
		store_close(s);
		fprintf(stderr, "aigo: %s: %s\n", cfg->db_path, err);
		arena_free(a);
		return 1;
	}
	store_close(s);
	fprintf(out,
	        "queue: %lld (deliveries pending and events not fanned "
	        "out); oldest written: %s\n",
	        (long long)st.queued, when(st.oldest_at, t1));
	fprintf(out, "%-32s %10s %10s %10s %10s\n", "channel", "delivered",
	        "failed", "given_up", "pending");
	for (size_t c = 0; c < st.n_channels; c++)
		fprintf(out, "%-32s %10lld %10lld %10lld %10lld\n",
		        clean(name, sizeof(name), st.channels[c].channel),
		        (long long)st.channels[c].delivered,
		        (long long)st.channels[c].failed,
		        (long long)st.channels[c].given_up,
		        (long long)st.channels[c].pending);
	fprintf(out, "\n%-7s %-20s %-21s %-28s %-16s %-10s %-3s %-20s %s\n",
	        "event", "written (UTC)", "kind", "subject", "channel", "state",
	        "try", "next/done (UTC)", "last answer");
	for (long i = 0; i < n; i++) {
		const struct outbox_row *r = &rows[i];
		int fanned = r->state < DELIVERY_STATE__MAX;

		fprintf(out, "%-7lld %-20s %-21s %-28s %-16s %-10s %-3d %-20s ",
		        (long long)r->event_id, when(r->created_at, t1),
		        r->kind < NOTIFY_KIND__MAX ? notify_kind_names[r->kind]
		                                   : "?",
		        clean(name, sizeof(name), r->subject),
		        fanned ? clean(chan, sizeof(chan), r->channel) : "-",
		        fanned ? delivery_state_names[r->state] : "queued",
		        r->attempts,
		        r->state == DELIVERY_PENDING ? when(r->next_at, t2)
		                                     : when(r->done_at, t2));
		if (r->last_status != 0)
			fprintf(out, "%d ", r->last_status);
		fprintf(out, "%s\n", clean(line, sizeof(line), r->last_error));
	}
	fprintf(out, "%ld row%s\n", n, n == 1 ? "" : "s");
	arena_free(a);
	return 0;
}
