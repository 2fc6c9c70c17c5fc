/* i18n.h: translation catalogs, locale negotiation (i18n.c) and locale-aware formatting (i18n_format.c), all on the server. */
#ifndef AIGO_I18N_H
#define AIGO_I18N_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

/* Every key the C code uses, with its catalog key. Adding a text means
 * adding one line here and one entry in every locales/<lang>.json. */
#define I18N_MSGS(X)                                                           \
	X(MSG_MONITORING_TITLE, "monitoring.title")                            \
	X(MSG_STATUS_OPERATIONAL, "status.operational")                        \
	X(MSG_STATUS_DEGRADED, "status.degraded")                              \
	X(MSG_STATUS_OUTAGE, "status.outage")                                  \
	X(MSG_STATUS_UNKNOWN, "status.unknown")                                \
	X(MSG_SOURCE_DATABASE, "source.database")                              \
	X(MSG_SOURCE_FALLBACK, "source.fallback")                              \
	X(MSG_SOURCE_NONE, "source.none")                                      \
	X(MSG_HEADER_UPDATED, "header.updated")                                \
	X(MSG_NOTICE_FALLBACK, "monitoring.fallbackNotice")                    \
	X(MSG_STATS_ACTIVE_OF_TOTAL, "stats.activeOfTotal")                    \
	X(MSG_STATS_NOT_AVAILABLE, "stats.notAvailable")                       \
	X(MSG_CHART_STATUS_TITLE, "charts.statusDistribution.title")           \
	X(MSG_CHART_STATUS_DESC, "charts.statusDistribution.desc")             \
	X(MSG_CHART_STATUS_EMPTY, "charts.statusDistribution.empty")           \
	X(MSG_CHART_UNAVAILABLE, "charts.unavailable")                         \
	X(MSG_MODELS_INACTIVE, "models.inactive")                              \
	X(MSG_MODELS_NEVER, "models.never")                                    \
	X(MSG_MODELS_SHOWN, "models.filters.shown")                            \
	X(MSG_MODELS_PAGES_RANGE, "models.pages.range")                        \
	X(MSG_MODELS_PAGES_PAST, "models.pages.past")                          \
	X(MSG_MODELS_PROVIDER, "models.provider")                              \
	X(MSG_MODELS_MODEL, "models.model")                                    \
	X(MSG_MODELS_STATUS, "models.status")                                  \
	X(MSG_MODELS_LATENCY, "models.latency")                                \
	X(MSG_MODELS_AVAILABILITY, "models.availability")                      \
	X(MSG_MODELS_LAST_CHECKED, "models.lastChecked")                       \
	X(MSG_FOOTER_FRESHNESS, "footer.freshness")                            \
	X(MSG_TIME_JUST_NOW, "time.justNow")                                   \
	X(MSG_TIME_MINUTES_ONE, "time.minutesAgo.one")                         \
	X(MSG_TIME_MINUTES_OTHER, "time.minutesAgo.other")                     \
	X(MSG_TIME_HOURS_ONE, "time.hoursAgo.one")                             \
	X(MSG_TIME_HOURS_OTHER, "time.hoursAgo.other")                         \
	X(MSG_TIME_DAYS_ONE, "time.daysAgo.one")                               \
	X(MSG_TIME_DAYS_OTHER, "time.daysAgo.other")                           \
	X(MSG_FORMAT_GROUP, "format.groupSeparator")                           \
	X(MSG_FORMAT_DECIMAL, "format.decimalSeparator")                       \
	X(MSG_FORMAT_PERCENT, "format.percent")                                \
	X(MSG_FORMAT_MILLISECONDS, "format.milliseconds")                      \
	X(MSG_FORMAT_DATETIME, "format.dateTime")                              \
	X(MSG_FORMAT_TIME, "format.time")                                      \
	X(MSG_FORMAT_SHORT_DATE, "format.shortDate")                           \
	X(MSG_CHART_NOW, "charts.now")                                         \
	X(MSG_CHART_NO_DATA, "charts.noData")                                  \
	X(MSG_CHART_TIME_TITLE, "charts.statusOverTime.title")                 \
	X(MSG_CHART_TIME_DESC, "charts.statusOverTime.desc")                   \
	X(MSG_CHART_TIME_EMPTY, "charts.statusOverTime.empty")                 \
	X(MSG_CHART_AVAILABILITY, "charts.availability")                       \
	X(MSG_CHART_PROVIDERS_TITLE, "charts.providers.title")                 \
	X(MSG_CHART_PROVIDERS_DESC, "charts.providers.desc")                   \
	X(MSG_RANGE_1H, "range.1h")                                            \
	X(MSG_RANGE_24H, "range.24h")                                          \
	X(MSG_RANGE_7D, "range.7d")                                            \
	X(MSG_RANGE_30D, "range.30d")                                          \
	X(MSG_RANGE_IN_1H, "rangePhrase.1h")                                   \
	X(MSG_RANGE_IN_24H, "rangePhrase.24h")                                 \
	X(MSG_RANGE_IN_7D, "rangePhrase.7d")                                   \
	X(MSG_RANGE_IN_30D, "rangePhrase.30d")                                 \
	/* Incidents, maintenance and feeds (page_incidents.c). */             \
	X(MSG_INCIDENTS_TITLE, "incidents.title")                              \
	X(MSG_INCIDENT_SEV_MINOR, "incidents.severity.minor")                  \
	X(MSG_INCIDENT_SEV_MAJOR, "incidents.severity.major")                  \
	X(MSG_INCIDENT_SEV_CRITICAL, "incidents.severity.critical")            \
	X(MSG_INCIDENT_NAME_OUTAGE, "incidents.name.outage")                   \
	X(MSG_INCIDENT_NAME_DEGRADED, "incidents.name.degraded")               \
	X(MSG_INCIDENT_NAME_PROVIDER_OUTAGE, "incidents.name.providerOutage")  \
	X(MSG_INCIDENT_NAME_PROVIDER_DEGRADED,                                 \
	  "incidents.name.providerDegraded")                                   \
	X(MSG_INCIDENT_SINCE, "incidents.since")                               \
	X(MSG_INCIDENT_ONGOING, "incidents.ongoing")                           \
	X(MSG_INCIDENT_SOURCE_AUTO, "incidents.source.auto")                   \
	X(MSG_INCIDENT_SOURCE_MANUAL, "incidents.source.manual")               \
	X(MSG_INCIDENT_STATE_INVESTIGATING, "incidents.state.investigating")   \
	X(MSG_INCIDENT_STATE_IDENTIFIED, "incidents.state.identified")         \
	X(MSG_INCIDENT_STATE_MONITORING, "incidents.state.monitoring")         \
	X(MSG_INCIDENT_STATE_RESOLVED, "incidents.state.resolved")             \
	X(MSG_INCIDENT_EVENT_OPENED, "incidents.event.opened")                 \
	X(MSG_INCIDENT_EVENT_ESCALATED, "incidents.event.escalated")           \
	X(MSG_INCIDENT_EVENT_DEESCALATED, "incidents.event.deescalated")       \
	X(MSG_INCIDENT_EVENT_RESOLVED, "incidents.event.resolved")             \
	X(MSG_INCIDENT_TIME_TODAY, "incidents.timeToday")                      \
	X(MSG_INCIDENTS_PAGES_RANGE, "incidents.pages.range")                  \
	X(MSG_INCIDENTS_PAGES_PAST, "incidents.pages.past")                    \
	X(MSG_INCIDENT_TIMELINE_TITLE, "incidents.timeline.title")             \
	X(MSG_INCIDENT_TIMELINE_DESC, "incidents.timeline.desc")               \
	X(MSG_INCIDENT_TIMELINE_BAND, "incidents.timeline.band")               \
	X(MSG_INCIDENT_TIMELINE_UPDATES, "incidents.timeline.updates")         \
	X(MSG_INCIDENT_TIMELINE_UPDATE, "incidents.timeline.update")           \
	X(MSG_MAINTENANCE_WHEN, "maintenance.when")                            \
	X(MSG_MAINTENANCE_PROVIDER, "maintenance.wholeProvider")               \
	X(MSG_FEED_TITLE, "feed.title")                                        \
	X(MSG_FEED_PROVIDER_TITLE, "feed.providerTitle")                       \
	X(MSG_FEED_SUMMARY_OPEN, "feed.summaryOpen")                           \
	X(MSG_FEED_SUMMARY_RESOLVED, "feed.summaryResolved")                   \
	X(MSG_DURATION_UNDER_MINUTE, "duration.underMinute")                   \
	X(MSG_DURATION_MINUTES, "duration.minutes")                            \
	X(MSG_DURATION_HOURS_MINUTES, "duration.hoursMinutes")                 \
	X(MSG_DURATION_DAYS_HOURS, "duration.daysHours")                       \
	X(MSG_MODEL_LATENCY_TITLE, "modelPage.latencyTitle")                   \
	X(MSG_MODEL_LATENCY_DESC, "modelPage.latencyDesc")                     \
	X(MSG_MODEL_LATENCY_EMPTY, "modelPage.latencyEmpty")                   \
	X(MSG_MODEL_AVAIL_TITLE, "modelPage.availabilityTitle")                \
	X(MSG_MODEL_AVAIL_DESC, "modelPage.availabilityDesc")                  \
	X(MSG_MODEL_AVAIL_EMPTY, "modelPage.availabilityEmpty")                \
	X(MSG_MODEL_OVER_TIME, "modelPage.overTime")                           \
	X(MSG_MODEL_P50, "modelPage.p50")                                      \
	X(MSG_MODEL_P95, "modelPage.p95")                                      \
	X(MSG_MODEL_TTFT_TITLE, "modelPage.ttftTitle")                         \
	X(MSG_MODEL_TTFT_DESC, "modelPage.ttftDesc")                           \
	X(MSG_MODEL_TTFT_EMPTY, "modelPage.ttftEmpty")                         \
	X(MSG_MODEL_TTFT_P50, "modelPage.ttftP50")                             \
	X(MSG_MODEL_TTFT_P95, "modelPage.ttftP95")                             \
	X(MSG_PROBE_REACHABILITY, "probeKind.reachability")                    \
	X(MSG_PROBE_INFERENCE, "probeKind.inference")                          \
	X(MSG_PROBE_STREAM, "probeKind.stream")                                \
	X(MSG_ERROR_KIND_TIMEOUT, "errorKind.timeout")                         \
	X(MSG_ERROR_KIND_DNS, "errorKind.dns")                                 \
	X(MSG_ERROR_KIND_CONNECT, "errorKind.connect")                         \
	X(MSG_ERROR_KIND_TLS, "errorKind.tls")                                 \
	X(MSG_ERROR_KIND_AUTH, "errorKind.auth")                               \
	X(MSG_ERROR_KIND_RATE_LIMITED, "errorKind.rateLimited")                \
	X(MSG_ERROR_KIND_OVERLOADED, "errorKind.overloaded")                   \
	X(MSG_ERROR_KIND_HTTP_4XX, "errorKind.http4xx")                        \
	X(MSG_ERROR_KIND_HTTP_5XX, "errorKind.http5xx")                        \
	X(MSG_ERROR_KIND_UNEXPECTED_STATUS, "errorKind.unexpectedStatus")      \
	X(MSG_ERROR_KIND_EMPTY, "errorKind.empty")                             \
	X(MSG_ERROR_KIND_MALFORMED, "errorKind.malformed")                     \
	X(MSG_ERROR_BAD_REQUEST_TITLE, "error.badRequest.title")               \
	X(MSG_ERROR_BAD_REQUEST_TEXT, "error.badRequest.text")                 \
	X(MSG_ERROR_NOT_FOUND_TITLE, "error.notFound.title")                   \
	X(MSG_ERROR_NOT_FOUND_TEXT, "error.notFound.text")                     \
	X(MSG_ERROR_METHOD_TITLE, "error.methodNotAllowed.title")              \
	X(MSG_ERROR_METHOD_TEXT, "error.methodNotAllowed.text")                \
	X(MSG_ERROR_UNAVAILABLE_TITLE, "error.unavailable.title")              \
	X(MSG_ERROR_UNAVAILABLE_TEXT, "error.unavailable.text")                \
	X(MSG_ERROR_INTERNAL_TITLE, "error.internal.title")                    \
	X(MSG_ERROR_INTERNAL_TEXT, "error.internal.text")                      \
	/* Notifications (notify_render.c). */                                 \
	X(MSG_NOTIFY_TITLE_OPENED, "notify.title.opened")                      \
	X(MSG_NOTIFY_TITLE_ESCALATED, "notify.title.escalated")                \
	X(MSG_NOTIFY_TITLE_DEESCALATED, "notify.title.deescalated")            \
	X(MSG_NOTIFY_TITLE_RESOLVED, "notify.title.resolved")                  \
	X(MSG_NOTIFY_TITLE_UPDATED, "notify.title.updated")                    \
	X(MSG_NOTIFY_TITLE_MAINT_STARTED, "notify.title.maintenanceStarted")   \
	X(MSG_NOTIFY_TITLE_MAINT_ENDED, "notify.title.maintenanceEnded")       \
	X(MSG_NOTIFY_TITLE_TEST, "notify.title.test")                          \
	X(MSG_NOTIFY_TEXT_OPENED, "notify.text.opened")                        \
	X(MSG_NOTIFY_TEXT_ESCALATED, "notify.text.escalated")                  \
	X(MSG_NOTIFY_TEXT_DEESCALATED, "notify.text.deescalated")              \
	X(MSG_NOTIFY_TEXT_RESOLVED, "notify.text.resolved")                    \
	X(MSG_NOTIFY_TEXT_UPDATED, "notify.text.updated")                      \
	X(MSG_NOTIFY_TEXT_MAINT_STARTED, "notify.text.maintenanceStarted")     \
	X(MSG_NOTIFY_TEXT_MAINT_ENDED, "notify.text.maintenanceEnded")         \
	X(MSG_NOTIFY_TEXT_TEST, "notify.text.test")                            \
	X(MSG_NOTIFY_SUBJECT_MODEL, "notify.subject.model")                    \
	X(MSG_NOTIFY_SUBJECT_PROVIDER, "notify.subject.provider")              \
	X(MSG_NOTIFY_SEV_MINOR, "notify.severity.minor")                       \
	X(MSG_NOTIFY_SEV_MAJOR, "notify.severity.major")                       \
	X(MSG_NOTIFY_SEV_CRITICAL, "notify.severity.critical")                 \
	X(MSG_NOTIFY_SEVTEXT_MINOR, "notify.severityText.minor")               \
	X(MSG_NOTIFY_SEVTEXT_MAJOR, "notify.severityText.major")               \
	X(MSG_NOTIFY_SEVTEXT_CRITICAL, "notify.severityText.critical")         \
	X(MSG_NOTIFY_FIELD_SEVERITY, "notify.field.severity")                  \
	X(MSG_NOTIFY_FIELD_SINCE, "notify.field.since")                        \
	X(MSG_NOTIFY_FIELD_ENDED, "notify.field.ended")                        \
	X(MSG_NOTIFY_FIELD_DURATION, "notify.field.duration")                  \
	X(MSG_NOTIFY_FIELD_REGIONS, "notify.field.regions")                    \
	X(MSG_NOTIFY_FIELD_TITLE, "notify.field.title")                        \
	X(MSG_NOTIFY_FIELD_UPDATE, "notify.field.update")                      \
	X(MSG_NOTIFY_FIELD_AUTHOR, "notify.field.author")                      \
	X(MSG_NOTIFY_FIELD_WINDOW, "notify.field.window")                      \
	X(MSG_NOTIFY_FIELD_COVERS, "notify.field.covers")                      \
	X(MSG_NOTIFY_LINK, "notify.link")                                      \
	X(MSG_NOTIFY_OPEN, "notify.open")                                      \
	X(MSG_NOTIFY_OPEN_HISTORY, "notify.openHistory")                       \
	X(MSG_NOTIFY_FOOTER, "notify.footer")                                  \
	X(MSG_BADGE_AVAILABILITY_24H, "badge.availability24h")                 \
	X(MSG_BADGE_AVAILABILITY_7D, "badge.availability7d")                   \
	X(MSG_BADGE_AVAILABILITY_30D, "badge.availability30d")                 \
	X(MSG_BADGE_LATENCY, "badge.latency")                                  \
	X(MSG_BADGE_NOT_FOUND, "badge.notFound")                               \
	X(MSG_BADGE_NO_DATA, "badge.noData")                                   \
	X(MSG_BADGE_BAD_RANGE, "badge.badRange")                               \
	X(MSG_BADGE_BAD_LANG, "badge.badLang")                                 \
	X(MSG_BADGE_ERROR, "badge.error")                                      \
	X(MSG_EMBED_MODELS_OPERATIONAL, "embed.modelsOperational")             \
	X(MSG_EMBED_TITLE, "embed.title")

#define I18N_ENUM(name, key) name,
enum msg { I18N_MSGS(I18N_ENUM) MSG__MAX };
#undef I18N_ENUM

/* The catalog key of each msg. */
extern const char *const i18n_msg_keys[MSG__MAX];

#define I18N_CODE_MAX 8

/* One text of a catalog. */
struct i18n_entry {
	char *key;
	char *value;
	int logged; /* a fallback for this key was logged */
};

/* One loaded catalog. Texts are resolved at load: msg[] never holds NULL
 * (a text missing here holds the default locale's text). */
struct locale {
	char code[I18N_CODE_MAX];   /* "en", "ko", ... */
	const char *name;           /* meta.languageName, in its own language */
	struct i18n_entry *entries; /* flattened, sorted by key */
	size_t n_entries;
	const char *msg[MSG__MAX];
};

struct i18n {
	struct locale *locales; /* in the order of I18N_KNOWN, then others */
	size_t n;
	size_t default_idx;
	long missing; /* texts that fell back to the default locale */
};

/* Loads every locales/<code>.json of dir. A catalog that fails to parse is
 * logged and skipped; the default (default_code) must load. Returns NULL
 * with err set when no usable default exists. Free with i18n_free. */
struct i18n *i18n_load(const char *dir, const char *default_code, char *err,
                       size_t errlen);
void i18n_free(struct i18n *t);

/* The locale with this exact code, or NULL. */
const struct locale *i18n_find(const struct i18n *t, const char *code);
const struct locale *i18n_default(const struct i18n *t);

/* The text of key in loc, else in the default locale (counted and logged
 * once), else NULL. Never returns the key itself. */
const char *i18n_lookup(struct i18n *t, const struct locale *loc,
                        const char *key);

/* The i-th key (of n_entries) of loc, in sorted order. */
const char *i18n_key_at(const struct locale *loc, size_t i);

/* Picks a locale: the lang cookie if it names one, else the best match of
 * Accept-Language (q-values, region subtags, '*'), else the default. Both
 * inputs may be NULL or malformed. */
const struct locale *i18n_negotiate(const struct i18n *t, const char *cookie,
                                    const char *accept_language);

/* Fills {name} placeholders of pattern with values (n pairs); unknown
 * placeholders stay as written. Returns arena memory. */
char *i18n_fill(struct arena *a, const char *pattern, const char *const names[],
                const char *const values[], size_t n);

/* Locale-aware formatting into arena memory. */
const char *i18n_fmt_int(struct arena *a, const struct locale *loc, int64_t v);
/* v with `decimals` decimals and the locale's decimal mark ("0,96"). */
const char *i18n_fmt_decimal(struct arena *a, const struct locale *loc,
                             double v, int decimals);
/* v with one decimal and the locale's percent pattern ("99.5%"). */
const char *i18n_fmt_percent(struct arena *a, const struct locale *loc,
                             double v);
const char *i18n_fmt_ms(struct arena *a, const struct locale *loc, int64_t ms);
/* "3 minutes ago" for `ago` seconds (negative: just now). */
const char *i18n_fmt_relative(struct arena *a, const struct locale *loc,
                              int64_t ago);
/* The length of `secs` seconds as a person reads it, in the locale's
 * words, whole units cut down (never rounded up): under a minute; from
 * 60 s minutes ("47 min"); from an hour hours and minutes ("2 h 20 min",
 * also "2 h 0 min"); from a day days and hours ("3 d 4 h"). A negative
 * length counts as 0. Arena memory. */
const char *i18n_fmt_duration(struct arena *a, const struct locale *loc,
                              int64_t secs);
/* Date and time of t in UTC with the locale's pattern. */
const char *i18n_fmt_datetime(struct arena *a, const struct locale *loc,
                              int64_t t);

/* t in UTC with the pattern text `pattern` ({year} {month} {day} {hour}
 * {minute} {zone}), e.g. MSG_FORMAT_TIME. */
const char *i18n_fmt_time_pattern(struct arena *a, const struct locale *loc,
                                  enum msg pattern, int64_t t);

/* Whether n takes the "one" plural form in the language of code. */
int i18n_plural_is_one(const char *code, int64_t n);

/* One catalog by itself, for the checker (i18n_check.c). */

/* Whether s[0..n) is a locale code: 2 to 7 lowercase letters. */
int i18n_code_valid(const char *s, size_t n);
/* Parses the catalog file path (locale code) into loc, its texts flattened
 * to dotted keys and sorted; msg[] and name are left unset. Returns 0, or
 * -1 with err set (clear loc with i18n_locale_clear either way). */
int i18n_catalog_load(const char *path, const char *code, struct locale *loc,
                      char *err, size_t errlen);
/* Frees the texts of loc. */
void i18n_locale_clear(struct locale *loc);
/* The entry of key in loc, or NULL. */
struct i18n_entry *i18n_entry_find(const struct locale *loc, const char *key);

#endif
