/* notify.h: the vocabulary of notifications (DESIGN 8, docs/notifications.md): the events the outbox holds, their payload, and the rule that decides what a channel gets. */
#ifndef AIGO_NOTIFY_H
#define AIGO_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "config.h"
#include "incidents.h"

/* What happened: one row of the outbox. */
enum notify_kind {
	NOTIFY_OPENED,      /* an incident opened (or opened again) */
	NOTIFY_ESCALATED,   /* an open incident's severity rose */
	NOTIFY_DEESCALATED, /* an open incident's severity fell */
	NOTIFY_RESOLVED,    /* an incident resolved (duration known) */
	NOTIFY_UPDATE,      /* an operator's update that does not resolve */
	NOTIFY_MAINT_START, /* a maintenance window began */
	NOTIFY_MAINT_END,   /* a maintenance window ended */
	NOTIFY_TEST,        /* `aigo notify test`: never in the outbox */
	NOTIFY_KIND__MAX
};
/* "incident.opened", "incident.escalated", "incident.deescalated",
 * "incident.resolved", "incident.updated", "maintenance.started",
 * "maintenance.ended", "test": the names in SQL, JSON and the docs. */
extern const char *const notify_kind_names[NOTIFY_KIND__MAX];
/* The kind named s, or NOTIFY_KIND__MAX when s (NULL allowed) names
 * none. */
enum notify_kind notify_kind_from_name(const char *s);

/* One event with the facts as they were when it was written (the
 * incident may change or vanish later; the message does not). Strings
 * are NUL-terminated UTF-8 in the reader's arena, "" when absent, never
 * NULL. Times are UTC seconds, 0 when absent. */
struct notify_event {
	int64_t id; /* the outbox row; 0 for a test */
	enum notify_kind kind;
	char key[33];           /* 32 lower-case hex: the event's random key */
	int64_t occurred_at;    /* the instant of the change itself */
	int64_t created_at;     /* when it was written to the outbox */
	int64_t incident_id;    /* 0 for maintenance and tests */
	int64_t maintenance_id; /* 0 unless a maintenance event */
	int64_t provider_id;    /* the incident's provider; 0 for maintenance */
	int64_t model_id;       /* 0: a provider incident */
	const char *provider, *provider_name; /* slug, display name */
	const char *model, *model_name;       /* "" for a provider incident */
	enum severity severity;         /* now; SEVERITY_NONE for maintenance */
	enum severity previous;         /* before an (de-)escalation, else
	                           SEVERITY__MAX */
	int manual;                     /* an operator's incident */
	const char *title;              /* a manual incident's title, else "" */
	int64_t started_at;             /* the incident's start */
	int64_t resolved_at;            /* its end (resolved), else 0 */
	const char *regions;            /* "eastus,global" or "" */
	enum update_state update_state; /* UPDATE_STATE__MAX: no update */
	const char *update_body, *update_author; /* the operator's text */
	/* Maintenance events: the window and what it covers. */
	const char *maint_title;
	int64_t maint_starts, maint_ends;
	const char *maint_targets; /* "openai,anthropic/claude-x": slugs */
};

/* The event's payload as a JSON object text (the outbox's payload
 * column: every field above but id, kind, key and the two times, which
 * have columns). malloc'd; the caller frees. NULL when out of memory. */
char *notify_payload_json(const struct notify_event *ev);

/* Fills ev's payload fields from payload (as notify_payload_json
 * writes), strings in arena a. 0, or -1 when it is not such an object
 * (ev's payload fields then hold their "absent" values). */
int notify_payload_parse(const char *payload, struct notify_event *ev,
                         struct arena *a);

/* What a channel does with an event (the delivery row's state). */
enum delivery_state {
	DELIVERY_PENDING,    /* to send (again) at next_at */
	DELIVERY_DELIVERED,  /* a receiver took it (2xx / 250) */
	DELIVERY_GIVEN_UP,   /* still failing at notify_max_age */
	DELIVERY_FILTERED,   /* the channel's filters leave it out */
	DELIVERY_SILENCED,   /* a maintenance window covers it */
	DELIVERY_SUPERSEDED, /* a newer change of the same incident came
	                        within the cooldown: only the newest goes */
	DELIVERY_EXPIRED,    /* older than notify_max_age when first seen
	                        (old checks imported late): not news */
	DELIVERY_STATE__MAX
};
/* "pending", "delivered", "given_up", "filtered", "silenced",
 * "superseded", "expired". */
extern const char *const delivery_state_names[DELIVERY_STATE__MAX];
enum delivery_state delivery_state_from_name(const char *s);

/* Whether channel ch takes event ev at all: its providers, models and
 * min_severity filters (maintenance events pass when a target is in
 * the filters, or with none). 1 yes, 0 no. */
int notify_channel_wants(const struct notify_channel *ch,
                         const struct notify_event *ev);

/* The wait before attempt n + 1 after n failed ones (n >= 1): 1 s
 * doubling, at most backoff_max seconds. */
int64_t notify_backoff(int attempts, int64_t backoff_max);

#endif
