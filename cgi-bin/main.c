/* main.c: the aigo program: FastCGI/CGI by default, and the operator's subcommands. */
#include <errno.h>
#include <fcgiapp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "catalog.h"
#include "dbcopy.h"
#include "demo.h"
#include "fileutil.h"
#include "i18n_check.h"
#include "import.h"
#include "notify_list.h"
#include "notify_send.h"
#include "probe.h"
#include "router.h"
#include "serve.h"
#include "store.h"
#include "store_pg.h"
#include "timefmt.h"
#include "version.h"

#define DEMO_SEED_DEFAULT 20261128
#define DEMO_DAYS_DEFAULT 7

/* The subcommands, in the order the usage lists them: the one usage text
 * (aigo --help, aigo COMMAND --help and every usage error print from it). */
static const struct command {
	const char *name; /* "db init": two words where there are two */
	const char *args;
	const char *what;
} commands[] = {
    {"", "", "serve FastCGI on stdin, or answer one CGI request"},
    {"serve", "(--socket PATH | --listen HOST:PORT) [--workers N]",
     "serve FastCGI with N workers (default: one per CPU), and run the "
     "prober when probe = on"},
    {"db init", "", "create or upgrade the database, load the catalog"},
    {"db copy", "--from SRC --to DST [--batch N]",
     "copy every table of SRC into DST, a new or empty database (each a "
     "SQLite file or a postgresql:// URL, either way), N rows at a time "
     "(default 1000) in one transaction, then verify the copy"},
    {"db prune", "", "delete checks and rollups older than retention_days"},
    {"db rebuild-rollups", "", "count every rollup afresh from the checks"},
    {"incidents rebuild", "",
     "compute every automatic incident afresh from the checks"},
    {"incidents list", "[--open]",
     "print the newest incidents (--open: those not resolved)"},
    {"incident open",
     "--provider SLUG [--model SLUG] --title TEXT --severity "
     "minor|major|critical [--started TIME] [--state STATE] --message TEXT",
     "open a manual incident with its first update (STATE: investigating "
     "(default), identified, monitoring, resolved; TIME: ISO 8601 UTC, "
     "default now)"},
    {"incident update", "ID --state STATE --message TEXT",
     "add an update to an incident, automatic or manual"},
    {"incident resolve", "ID --message TEXT",
     "add an update of state resolved (a manual incident is resolved now)"},
    {"incident edit", "ID [--title TEXT] [--severity SEVERITY]",
     "change a manual incident's title or severity"},
    {"incident show", "ID", "print an incident with its events and updates"},
    {"maintenance add",
     "--title TEXT --starts TIME --ends TIME (--provider SLUG | --model "
     "SLUG)... [--note TEXT]",
     "plan a maintenance window of whole providers and/or models"},
    {"maintenance update",
     "ID [--title TEXT] [--starts TIME] [--ends TIME] [--note TEXT] "
     "[(--provider SLUG | --model SLUG)...]",
     "change a maintenance window (targets given replace its targets)"},
    {"maintenance cancel", "ID", "call a maintenance window off"},
    {"maintenance list", "[--all]",
     "print the maintenance windows not yet over (--all: also past and "
     "cancelled ones)"},
    {"notify run", "",
     "deliver the notification outbox to every channel until SIGTERM "
     "(what aigo serve runs when notify = on and a channel is "
     "configured)"},
    {"notify test", "NAME",
     "send a test message to channel NAME now and print the outcome"},
    {"notify list", "[--pending] [--limit N]",
     "print the outbox: the queue, each channel's counters and the newest "
     "N deliveries (--pending: those not final; N: 1..10000, default 50)"},
    {"demo", "[--seed N] [--days N] [--follow SECONDS] | --remove",
     "record labelled demo checks up to now (and keep going); --remove "
     "deletes them"},
    {"import", "FILE", "record checks from JSON or CSV (- for stdin)"},
    {"probe",
     "[--once] [--push URL --token-file FILE --region REGION "
     "[--spool FILE]]",
     "probe the catalog's endpoints on their schedule (--once: each "
     "once, then a table; --push: send the checks to another AI-GO's "
     "ingest API through a spool)"},
    {"snapshot", "[--out FILE]",
     "write the fallback snapshot from the database"},
    {"export", "[--range 1h|24h|7d|30d] [--format csv|json] [--out FILE]",
     "print the daily aggregates per model and region of the checks in "
     "the range (default 24h, csv; --out: write FILE whole, or leave it "
     "as it was)"},
    {"check-locales", "", "check every catalog against the keys in use"},
    {"routes", "", "print the route table"},
    {"config check", "", "print the effective configuration and load it"},
};
#define N_COMMANDS (sizeof(commands) / sizeof(*commands))

/* Prints the usage of every command (only NULL) or of the one named only,
 * and how configuration works, to f. */
static void
usage(FILE *f, const char *only)
{
	int first = 1;

	for (size_t i = 0; i < N_COMMANDS; i++) {
		const struct command *c = &commands[i];
		char line[256];

		if (only != NULL && strcmp(only, c->name) != 0)
			continue;
		snprintf(line, sizeof(line), "aigo%s%s%s%s",
		         *c->name ? " " : "", c->name, *c->args ? " " : "",
		         c->args);
		fprintf(f, "%s%s\n%11s%s\n", first ? "usage: " : "       ",
		        line, "", c->what);
		first = 0;
	}
	if (only == NULL)
		fputs("       aigo --help | --version\n"
		      "configuration: the file named by AIGO_CONFIG, then "
		      "AIGO_* variables\n"
		      "               (aigo config check lists them); AIGO_NOW "
		      "fixes the clock for tests\n",
		      f);
}

/* The command argv[1] (and argv[2] for two-word ones) names, or NULL. */
static const struct command *
find_command(int argc, char **argv)
{
	for (size_t i = 1; i < N_COMMANDS; i++) {
		const char *n = commands[i].name, *sp = strchr(n, ' ');

		if (sp == NULL
		        ? strcmp(argv[1], n) == 0
		        : argc > 2 &&
		              strncmp(argv[1], n, (size_t)(sp - n)) == 0 &&
		              argv[1][sp - n] == '\0' &&
		              strcmp(argv[2], sp + 1) == 0)
			return &commands[i];
	}
	return NULL;
}

/* Opens the database for writing, creating its schema in an empty one
 * from db/schema.sql (SQLite) or db/schema-pg.sql (PostgreSQL). */
static struct store *
open_db_for_writing(const struct app_config *cfg)
{
	char path[1200], err[512];
	char *schema;
	struct store *s;

	snprintf(path, sizeof(path), "%s/db/%s", cfg->root,
	         store_pg_is_url(cfg->db_path) ? "schema-pg.sql"
	                                       : "schema.sql");
	schema = file_read_all(path, NULL);
	if (schema == NULL) {
		fprintf(stderr, "aigo: %s: cannot read the schema\n", path);
		return NULL;
	}
	s = store_open_write(cfg->db_path, schema, err, sizeof(err));
	free(schema);
	if (s == NULL)
		fprintf(stderr, "aigo: %s: %s\n", cfg->db_shown, err);
	return s;
}

/* The incident thresholds of the configuration. */
static struct incident_rules
incident_rules_of(const struct app_config *cfg)
{
	return (struct incident_rules){
	    cfg->incident_open_after, cfg->incident_close_after, cfg->freshness,
	    cfg->incident_provider_share};
}

/* Upgrades the database with db/migrations/NNN.sql (version NNN from
 * NNN - 1). Returns 0, or 1 after saying why. */
static int
migrate(const struct app_config *cfg, struct store *s)
{
	char *m[STORE_SCHEMA_VERSION + 1] = {0};
	char path[1200], err[512];
	int applied, rc = 0;

	for (int v = 2; v <= STORE_SCHEMA_VERSION; v++) {
		snprintf(path, sizeof(path), "%s/db/migrations/%03d.sql",
		         cfg->root, v);
		m[v] = file_read_all(path, NULL);
	}
	applied = store_migrate(s, (const char *const *)m, err, sizeof(err));
	/* Version 4's sample counts are made in C from the checks. */
	if (applied > 0 && STORE_SCHEMA_VERSION - applied < 4 &&
	    store_rebuild_rollups(s, cfg->freshness, err, sizeof(err)) != 0)
		applied = -1;
	/* Version 7's incidents are computed in C from the checks. */
	if (applied > 0 && STORE_SCHEMA_VERSION - applied < 7) {
		struct incident_rules r = incident_rules_of(cfg);
		long nm = 0, np = 0;

		if (store_rebuild_incidents(s, &r, &nm, &np, err,
		                            sizeof(err)) != 0)
			applied = -1;
	}
	if (applied < 0) {
		fprintf(stderr, "aigo: %s: upgrade failed: %s\n", cfg->db_shown,
		        err);
		rc = 1;
	} else if (applied > 0) {
		printf("%s: upgraded to schema version %d (%d migration%s)\n",
		       cfg->db_shown, STORE_SCHEMA_VERSION, applied,
		       applied == 1 ? "" : "s");
	}
	for (int v = 0; v <= STORE_SCHEMA_VERSION; v++)
		free(m[v]);
	return rc;
}

/* Creates or upgrades the database and loads the catalog into it. The
 * catalog is read and validated first: a catalog with a mistake is
 * refused, naming the JSON path, before the database is opened, so
 * nothing changes. */
static int
cmd_db_init(const struct app_config *cfg)
{
	char err[512];
	struct catalog cat;
	struct store *s;
	long n;

	if (catalog_read(cfg->catalog_path, &cat, err, sizeof(err)) != 0) {
		fprintf(stderr, "aigo: catalog: %s\n", err);
		return 1;
	}
	s = open_db_for_writing(cfg);
	if (s == NULL || migrate(cfg, s) != 0) {
		store_close(s);
		catalog_free(&cat);
		return 1;
	}
	n = catalog_store(s, &cat, err, sizeof(err));
	store_close(s);
	catalog_free(&cat);
	if (n < 0) {
		fprintf(stderr, "aigo: catalog: %s\n", err);
		return 1;
	}
	printf("%s: schema version %d, %ld models in the catalog\n",
	       cfg->db_shown, STORE_SCHEMA_VERSION, n);
	return 0;
}

/* Counts the rollups afresh from the checks with the configured W. */
static int
cmd_db_rebuild(const struct app_config *cfg)
{
	char err[512];
	struct store *s =
	    store_open_write(cfg->db_path, NULL, err, sizeof(err));
	int rc = s == NULL ? -1
	                   : store_rebuild_rollups(s, cfg->freshness, err,
	                                           sizeof(err));

	store_close(s);
	if (rc != 0) {
		fprintf(stderr, "aigo: %s: rebuild failed: %s\n", cfg->db_shown,
		        err);
		return 1;
	}
	printf("%s: rollups and history samples counted afresh from the "
	       "checks (freshness %lld s)\n",
	       cfg->db_shown, (long long)cfg->freshness);
	return 0;
}

/* Computes the automatic incidents afresh with the configured rules. */
static int
cmd_incidents_rebuild(const struct app_config *cfg)
{
	char err[512];
	struct incident_rules r = incident_rules_of(cfg);
	struct store *s =
	    store_open_write(cfg->db_path, NULL, err, sizeof(err));
	long nm = 0, np = 0;
	int rc = s == NULL ? -1
	                   : store_rebuild_incidents(s, &r, &nm, &np, err,
	                                             sizeof(err));

	store_close(s);
	if (rc != 0) {
		fprintf(stderr, "aigo: %s: incidents rebuild failed: %s\n",
		        cfg->db_shown, err);
		return 1;
	}
	printf("%s: %ld model and %ld provider incidents computed afresh "
	       "from the checks (open after %lld s, closed after %lld s, "
	       "freshness %lld s, provider share %lld %%)\n",
	       cfg->db_shown, nm, np, (long long)r.open_after,
	       (long long)r.close_after, (long long)r.freshness,
	       (long long)r.provider_share);
	return 0;
}

/* Prints the newest incidents as a table. */
static int
cmd_incidents_list(const struct app_config *cfg, int argc, char **argv)
{
	char err[512], from[21], to[21];
	struct store *s;
	struct arena *a;
	struct incident_row *rows;
	long n;

	if (argc > 1 || (argc == 1 && strcmp(argv[0], "--open") != 0))
		return 2;
	s = store_open_readonly(cfg->db_path, err, sizeof(err));
	if (s == NULL) {
		fprintf(stderr, "aigo: %s: %s\n", cfg->db_shown, err);
		return 1;
	}
	a = arena_new();
	n = store_list_incidents(s, argc == 1, 100, a, &rows, err, sizeof(err));
	store_close(s);
	if (n < 0) {
		fprintf(stderr, "aigo: %s: %s\n", cfg->db_shown, err);
		arena_free(a);
		return 1;
	}
	printf("%-6s %-8s %-28s %-20s %-20s %-8s %-8s %s\n", "id", "source",
	       "provider/model", "started (UTC)", "resolved (UTC)", "severity",
	       "peak", "regions; error kinds");
	for (long i = 0; i < n; i++) {
		const struct incident_row *r = &rows[i];
		char who[160];

		snprintf(who, sizeof(who), "%s/%s", r->provider_slug,
		         r->model_slug ? r->model_slug : "*");
		time_rfc3339(r->inc.started_at, from);
		if (r->inc.resolved_at != 0)
			time_rfc3339(r->inc.resolved_at, to);
		else
			snprintf(to, sizeof(to), "open");
		printf("%-6lld %-8s %-28s %-20s %-20s %-8s %-8s %s; %s\n",
		       (long long)r->id, r->source, who, from, to,
		       severity_names[r->inc.severity],
		       severity_names[r->inc.peak], r->inc.regions,
		       r->inc.error_kinds);
	}
	printf("%ld incident%s\n", n, n == 1 ? "" : "s");
	arena_free(a);
	return 0;
}

/* ---- aigo incident …, aigo maintenance … ---- */

/* The options of one command: which take a value, which may repeat. */
struct cli_opt {
	const char *name; /* "--title" */
	int repeat;
	int flag;          /* takes no value: value is "" when given */
	const char *value; /* the last one given, or NULL */
	const char *values[MAINTENANCE_TARGETS_MAX + 1];
	size_t n;
};

/* Says that arg is not one of opts, and lists them. */
static void
cli_unknown(const char *cmd, const char *arg, const char *what,
            const struct cli_opt *opts, size_t n_opts)
{
	fprintf(stderr, "aigo %s: %s: %s (", cmd, arg, what);
	if (n_opts == 0)
		fprintf(stderr, "it takes no options");
	for (size_t k = 0; k < n_opts; k++)
		fprintf(stderr, "%s%s",
		        k ? ", " : "its options: ", opts[k].name);
	fprintf(stderr, ")\n");
}

/* Parses args into opts ("--name value" or "--name=value"; a flag takes
 * none), with *id from a leading ID when id is not NULL. 0, or 1 after
 * saying which argument is wrong. */
static int
cli_parse(const char *cmd, int argc, char **argv, struct cli_opt *opts,
          size_t n_opts, int64_t *id)
{
	int i = 0;

	if (id != NULL) {
		if (argc < 1 || parse_int64(argv[0], 1, INT64_MAX, id) != 0) {
			fprintf(stderr,
			        "aigo %s: ID: %s is not an incident or window "
			        "number\n",
			        cmd, argc < 1 ? "(missing)" : argv[0]);
			return 1;
		}
		i = 1;
	}
	while (i < argc) {
		const char *arg = argv[i], *eq = strchr(arg, '='), *v;
		size_t len = eq ? (size_t)(eq - arg) : strlen(arg), k = 0;

		while (k < n_opts && (strncmp(arg, opts[k].name, len) != 0 ||
		                      opts[k].name[len] != '\0'))
			k++;
		if (k == n_opts) {
			cli_unknown(cmd, arg,
			            strncmp(arg, "--", 2) == 0
			                ? "not an option of this command"
			                : "an argument this command does not "
			                  "take",
			            opts, n_opts);
			return 1;
		}
		if (opts[k].flag && eq != NULL) {
			fprintf(stderr, "aigo %s: %s: takes no value\n", cmd,
			        opts[k].name);
			return 1;
		}
		v = opts[k].flag   ? ""
		    : eq           ? eq + 1
		    : i + 1 < argc ? argv[i + 1]
		                   : NULL;
		if (v == NULL) {
			fprintf(stderr, "aigo %s: %s: a value is missing\n",
			        cmd, arg);
			return 1;
		}
		if (opts[k].value != NULL && !opts[k].repeat) {
			fprintf(stderr, "aigo %s: %s: given twice\n", cmd,
			        opts[k].name);
			return 1;
		}
		if (opts[k].n >= MAINTENANCE_TARGETS_MAX) {
			fprintf(stderr, "aigo %s: %s: at most %d\n", cmd,
			        opts[k].name, MAINTENANCE_TARGETS_MAX);
			return 1;
		}
		opts[k].value = v;
		opts[k].values[opts[k].n++] = v;
		i += opts[k].flag || eq != NULL ? 1 : 2;
	}
	return 0;
}

/* The value of a required option, or NULL after saying it is missing. */
static const char *
cli_required(const char *cmd, const struct cli_opt *o)
{
	if (o->value == NULL)
		fprintf(stderr, "aigo %s: %s is required\n", cmd, o->name);
	return o->value;
}

/* An ISO 8601 UTC time of option o into *t (o absent: kept). 0, or 1
 * after saying why. */
static int
cli_time(const char *cmd, const struct cli_opt *o, int64_t *t)
{
	if (o->value == NULL)
		return 0;
	if (time_parse_rfc3339(o->value, t) != 0) {
		fprintf(stderr,
		        "aigo %s: %s: %s is not an ISO 8601 time such as "
		        "2026-11-28T04:00:00Z\n",
		        cmd, o->name, o->value);
		return 1;
	}
	return 0;
}

/* Says what a store write refused (field: the option it came from) or
 * why it failed; returns 1. */
static int
cli_store_error(const struct app_config *cfg, const char *cmd, int rc,
                const char *field, const char *err)
{
	static const char *const map[][2] = {
	    {"provider", "--provider"},  {"model", "--model"},
	    {"title", "--title"},        {"severity", "--severity"},
	    {"startedAt", "--started"},  {"state", "--state"},
	    {"message", "--message"},    {"startsAt", "--starts"},
	    {"endsAt", "--ends"},        {"note", "--note"},
	    {"providers", "--provider"}, {"models", "--model"},
	};

	if (rc == STORE_INVALID && field != NULL) {
		const char *opt = field;
		size_t n = strlen(field);

		for (size_t k = 0; k < NELEM(map); k++)
			if (strcmp(map[k][0], field) == 0)
				opt = map[k][1];
		fprintf(stderr, "aigo %s: %s: %s\n", cmd, opt,
		        strncmp(err, field, n) == 0 && err[n] == ':'
		            ? err + n + 2
		            : err);
	} else if (rc == STORE_NOT_FOUND || rc == STORE_CONFLICT)
		fprintf(stderr, "aigo %s: %s\n", cmd, err);
	else
		fprintf(stderr, "aigo %s: %s: %s%s\n", cmd, cfg->db_shown, err,
		        rc == -2 ? " (busy: nothing was written; try again)"
		                 : "");
	return 1;
}

static struct store *
cli_open_write(const struct app_config *cfg)
{
	char err[512];
	struct store *s =
	    store_open_write(cfg->db_path, NULL, err, sizeof(err));

	if (s == NULL)
		fprintf(stderr, "aigo: %s: %s\n", cfg->db_shown, err);
	return s;
}

/* Prints incident id with its details. 0, or 1. */
static int
cli_show(const struct app_config *cfg, struct store *s, int64_t id)
{
	struct arena *a = arena_new();
	struct incident_view v;
	char err[512], t1[21], t2[21];
	int rc = store_incident(s, id, a, &v, err, sizeof(err));

	if (rc <= 0) {
		if (rc < 0)
			fprintf(stderr, "aigo: %s: %s\n", cfg->db_shown, err);
		else
			fprintf(stderr,
			        "aigo incident show: there is no "
			        "incident %lld\n",
			        (long long)id);
		arena_free(a);
		return 1;
	}
	time_rfc3339(v.inc.started_at, t1);
	if (v.inc.resolved_at != 0)
		time_rfc3339(v.inc.resolved_at, t2);
	printf("incident %lld (%s)\n", (long long)v.id,
	       v.is_manual ? "manual" : "auto");
	printf("  title:       %s\n", v.title ? v.title : "-");
	printf("  of:          %s (%s)%s%s\n", v.provider_name, v.provider_slug,
	       v.model_slug ? ", model " : "",
	       v.model_slug ? v.model_slug : "");
	printf("  severity:    %s (peak %s)\n", severity_names[v.inc.severity],
	       severity_names[v.inc.peak]);
	printf("  started:     %s\n  resolved:    %s\n", t1,
	       v.inc.resolved_at ? t2 : "open");
	printf("  regions:     %s\n  error kinds: %s\n",
	       *v.inc.regions ? v.inc.regions : "-",
	       *v.inc.error_kinds ? v.inc.error_kinds : "-");
	for (size_t i = 0; i < v.n_models; i++)
		printf("%s%s", i == 0 ? "  models:      " : ", ", v.models[i]);
	if (v.n_models > 0)
		printf("\n");
	for (size_t i = 0; i < v.inc.n_events; i++) {
		time_rfc3339(v.inc.events[i].at, t1);
		printf("  event  %s %s %s\n", t1,
		       incident_event_names[v.inc.events[i].kind],
		       severity_names[v.inc.events[i].severity]);
	}
	for (size_t i = 0; i < v.n_updates; i++) {
		time_rfc3339(v.updates[i].at, t1);
		printf("  update %lld %s %s by %s\n    %s\n",
		       (long long)v.updates[i].id, t1,
		       v.updates[i].state < UPDATE_STATE__MAX
		           ? update_state_names[v.updates[i].state]
		           : "?",
		       v.updates[i].author, v.updates[i].body);
	}
	arena_free(a);
	return 0;
}

/* aigo incident open|update|resolve|edit|show. */
static int
cmd_incident(const struct app_config *cfg, const char *verb, int argc,
             char **argv)
{
	enum {
		O_PROVIDER,
		O_MODEL,
		O_TITLE,
		O_SEVERITY,
		O_STARTED,
		O_STATE,
		O_MESSAGE,
		O__MAX
	};
	struct cli_opt o[O__MAX];
	char cmd[32], err[512];
	const char *field = NULL;
	struct store *s;
	int64_t id = 0, uid = 0, now = clock_now();
	int rc;

	memset(o, 0, sizeof(o));
	o[O_PROVIDER].name = "--provider";
	o[O_MODEL].name = "--model";
	o[O_TITLE].name = "--title";
	o[O_SEVERITY].name = "--severity";
	o[O_STARTED].name = "--started";
	o[O_STATE].name = "--state";
	o[O_MESSAGE].name = "--message";
	snprintf(cmd, sizeof(cmd), "incident %s", verb);
	if (strcmp(verb, "show") == 0) {
		if (cli_parse(cmd, argc, argv, o, 0, &id) != 0)
			return 1;
		s = store_open_readonly(cfg->db_path, err, sizeof(err));
		if (s == NULL) {
			fprintf(stderr, "aigo: %s: %s\n", cfg->db_shown, err);
			return 1;
		}
		rc = cli_show(cfg, s, id);
		store_close(s);
		return rc;
	}
	if (strcmp(verb, "open") == 0) {
		struct incident_open io = {0};

		if (cli_parse(cmd, argc, argv, o, O__MAX, NULL) != 0)
			return 1;
		io.provider = cli_required(cmd, &o[O_PROVIDER]);
		io.model = o[O_MODEL].value;
		io.title = io.provider ? cli_required(cmd, &o[O_TITLE]) : NULL;
		io.body = io.title ? cli_required(cmd, &o[O_MESSAGE]) : NULL;
		if (io.body == NULL ||
		    cli_required(cmd, &o[O_SEVERITY]) == NULL)
			return 1;
		io.severity = severity_from_name(o[O_SEVERITY].value);
		io.state = o[O_STATE].value
		               ? update_state_from_name(o[O_STATE].value)
		               : UPDATE_INVESTIGATING;
		io.started_at = now;
		io.author = "cli";
		io.at = now;
		if (cli_time(cmd, &o[O_STARTED], &io.started_at) != 0)
			return 1;
		if ((s = cli_open_write(cfg)) == NULL)
			return 1;
		rc = store_incident_open(s, &io, &id, &field, err, sizeof(err));
	} else if (strcmp(verb, "update") == 0 ||
	           strcmp(verb, "resolve") == 0) {
		int resolve = verb[0] == 'r';
		enum update_state st = UPDATE_RESOLVED;

		if (cli_parse(cmd, argc, argv,
		              resolve ? o + O_MESSAGE : o + O_STATE,
		              resolve ? 1 : 2, &id) != 0)
			return 1;
		if ((!resolve && cli_required(cmd, &o[O_STATE]) == NULL) ||
		    cli_required(cmd, &o[O_MESSAGE]) == NULL)
			return 1;
		if (!resolve)
			st = update_state_from_name(o[O_STATE].value);
		if ((s = cli_open_write(cfg)) == NULL)
			return 1;
		rc = store_incident_update(s, id, st, o[O_MESSAGE].value, "cli",
		                           now, &uid, &field, err, sizeof(err));
	} else {
		enum severity sev = SEVERITY__MAX;

		if (cli_parse(cmd, argc, argv, o + O_TITLE, 2, &id) != 0)
			return 1;
		if (o[O_SEVERITY].value != NULL) {
			sev = severity_from_name(o[O_SEVERITY].value);
			if (sev == SEVERITY__MAX)
				sev = SEVERITY_NONE; /* refused as invalid */
		}
		if ((s = cli_open_write(cfg)) == NULL)
			return 1;
		rc = store_incident_change(s, id, o[O_TITLE].value, sev, now,
		                           &field, err, sizeof(err));
	}
	store_close(s);
	if (rc != 0)
		return cli_store_error(cfg, cmd, rc, field, err);
	if (strcmp(verb, "open") == 0)
		printf("incident %lld opened\n", (long long)id);
	else if (strcmp(verb, "edit") == 0)
		printf("incident %lld changed\n", (long long)id);
	else
		printf("update %lld added to incident %lld\n", (long long)uid,
		       (long long)id);
	return 0;
}

/* Prints the maintenance windows (all: also past and cancelled). */
static int
cli_maintenance_list(const struct app_config *cfg, int all)
{
	struct arena *a = arena_new();
	struct maintenance_view *m;
	char err[512], t1[21], t2[21];
	int64_t now = clock_now();
	struct store *s = store_open_readonly(cfg->db_path, err, sizeof(err));
	long n = s == NULL ? -1
	                   : store_maintenances(s, all ? 0 : now, 0, all, a, &m,
	                                        err, sizeof(err));

	store_close(s);
	if (n < 0) {
		fprintf(stderr, "aigo: %s: %s\n", cfg->db_shown, err);
		arena_free(a);
		return 1;
	}
	printf("%-6s %-20s %-20s %-9s %s\n", "id", "starts (UTC)", "ends (UTC)",
	       "state", "title; targets");
	for (long i = 0; i < n; i++) {
		time_rfc3339(m[i].starts_at, t1);
		time_rfc3339(m[i].ends_at, t2);
		printf("%-6lld %-20s %-20s %-9s %s;", (long long)m[i].id, t1,
		       t2,
		       m[i].cancelled_at      ? "cancelled"
		       : m[i].starts_at > now ? "upcoming"
		       : m[i].ends_at > now   ? "active"
		                              : "past",
		       m[i].title);
		for (size_t k = 0; k < m[i].n_targets; k++)
			printf(" %s/%s", m[i].targets[k].provider_slug,
			       m[i].targets[k].model_slug
			           ? m[i].targets[k].model_slug
			           : "*");
		printf("\n");
	}
	printf("%ld window%s\n", n, n == 1 ? "" : "s");
	arena_free(a);
	return 0;
}

/* aigo maintenance add|update|cancel|list. */
static int
cmd_maintenance(const struct app_config *cfg, const char *verb, int argc,
                char **argv)
{
	enum { O_TITLE, O_STARTS, O_ENDS, O_NOTE, O_PROVIDER, O_MODEL, O__MAX };
	struct cli_opt o[O__MAX];
	struct maintenance_in m = {0};
	char cmd[32], err[512];
	const char *field = NULL;
	struct store *s;
	int64_t id = 0, now = clock_now();
	int rc, add = strcmp(verb, "add") == 0;

	snprintf(cmd, sizeof(cmd), "maintenance %s", verb);
	if (strcmp(verb, "list") == 0) {
		if (argc > 1 || (argc == 1 && strcmp(argv[0], "--all") != 0)) {
			fprintf(
			    stderr,
			    "aigo %s: %s: not an option of this "
			    "command\n",
			    cmd,
			    argv[argc > 1 && strcmp(argv[0], "--all") == 0]);
			return 1;
		}
		return cli_maintenance_list(cfg, argc == 1);
	}
	memset(o, 0, sizeof(o));
	o[O_TITLE].name = "--title";
	o[O_STARTS].name = "--starts";
	o[O_ENDS].name = "--ends";
	o[O_NOTE].name = "--note";
	o[O_PROVIDER].name = "--provider";
	o[O_PROVIDER].repeat = 1;
	o[O_MODEL].name = "--model";
	o[O_MODEL].repeat = 1;
	if (strcmp(verb, "cancel") == 0) {
		if (cli_parse(cmd, argc, argv, o, 0, &id) != 0)
			return 1;
		m.cancel = 1;
	} else {
		if (cli_parse(cmd, argc, argv, o, O__MAX, add ? NULL : &id) !=
		    0)
			return 1;
		if (add && (cli_required(cmd, &o[O_TITLE]) == NULL ||
		            cli_required(cmd, &o[O_STARTS]) == NULL ||
		            cli_required(cmd, &o[O_ENDS]) == NULL))
			return 1;
		if (add && o[O_PROVIDER].n + o[O_MODEL].n == 0) {
			fprintf(stderr,
			        "aigo %s: --provider or --model is required\n",
			        cmd);
			return 1;
		}
		if (cli_time(cmd, &o[O_STARTS], &m.starts_at) != 0 ||
		    cli_time(cmd, &o[O_ENDS], &m.ends_at) != 0)
			return 1;
		m.title = o[O_TITLE].value;
		m.note = o[O_NOTE].value;
		m.providers = o[O_PROVIDER].values;
		m.n_providers = o[O_PROVIDER].n;
		m.models = o[O_MODEL].values;
		m.n_models = o[O_MODEL].n;
		m.set_targets = m.n_providers + m.n_models > 0;
	}
	if ((s = cli_open_write(cfg)) == NULL)
		return 1;
	rc = add ? store_maintenance_add(s, &m, "cli", now, &id, &field, err,
	                                 sizeof(err))
	         : store_maintenance_change(s, id, &m, now, &field, err,
	                                    sizeof(err));
	store_close(s);
	if (rc != 0)
		return cli_store_error(cfg, cmd, rc, field, err);
	printf("maintenance window %lld %s\n", (long long)id,
	       add                           ? "added"
	       : strcmp(verb, "cancel") == 0 ? "cancelled"
	                                     : "changed");
	return 0;
}

/* Deletes what is older than the retention (retention_days). */
static int
cmd_db_prune(const struct app_config *cfg)
{
	char err[512], iso[21];
	int64_t before = clock_now() - cfg->retention;
	struct store *s =
	    store_open_write(cfg->db_path, NULL, err, sizeof(err));
	long n;

	if (s == NULL) {
		fprintf(stderr, "aigo: %s: %s\n", cfg->db_shown, err);
		return 1;
	}
	n = store_prune(s, before, err, sizeof(err));
	store_close(s);
	if (n < 0) {
		fprintf(stderr, "aigo: %s: prune failed: %s\n", cfg->db_shown,
		        err);
		return 1;
	}
	time_rfc3339(before - before % 3600, iso);
	printf("%s: %ld checks before %s deleted (retention %lld days)\n",
	       cfg->db_shown, n, iso, (long long)(cfg->retention / 86400));
	return 0;
}

static volatile sig_atomic_t demo_stop;

static void
on_demo_stop(int sig)
{
	(void)sig;
	demo_stop = 1;
}

/* The real (not demo) checks of the database at path (s, when open), by
 * source, as "probe 3, ingest 5" into out; 0 when there are none (or no
 * database that opens yet: `aigo db init` creates it or says why not), 1
 * when there are some, -1 with out the reason it cannot tell. */
static int
real_checks(const char *path, struct store *s, char *out, size_t outlen)
{
	int64_t n[CHECK_SOURCE__MAX];
	struct store *own = NULL;
	size_t len = 0;
	int rc = 0;

	out[0] = '\0';
	if (s == NULL) {
		if (!store_pg_is_url(path) && access(path, F_OK) != 0)
			return 0; /* a new database */
		s = own = store_open_readonly(path, out, outlen);
		if (s == NULL) {
			out[0] = '\0';
			return 0;
		}
	}
	if (store_count_sources(s, n, out, outlen) != 0)
		rc = -1;
	for (int i = 0; rc >= 0 && i < CHECK_SOURCE__MAX; i++)
		if (i != CHECK_SOURCE_DEMO && n[i] > 0) {
			len += (size_t)snprintf(out + len, outlen - len,
			                        "%s%s %lld", rc ? ", " : "",
			                        check_source_names[i],
			                        (long long)n[i]);
			if (len >= outlen)
				len = outlen - 1;
			rc = 1;
		}
	store_close(own);
	return rc;
}

/* Refuses (1, after saying why) to record demo checks into cfg's db when it
 * holds real checks (probe, ingest or import), so that the demo never
 * mixes with them; 0 when it may. s: the open database, or NULL to look
 * without opening it for writing. */
static int
demo_refused(const struct app_config *cfg, struct store *s)
{
	char why[512];
	int rc = real_checks(cfg->db_path, s, why, sizeof(why));
	const char *db_path = cfg->db_shown;

	if (rc == 0)
		return 0;
	if (rc < 0)
		fprintf(stderr, "aigo demo: %s: %s\n", db_path, why);
	else
		fprintf(stderr,
		        "aigo demo: %s holds real checks (%s): demo checks "
		        "would mix with them, so nothing was written; record "
		        "the demo into a database of its own "
		        "(AIGO_DB=/path/to/demo.db aigo demo)\n",
		        db_path, why);
	return 1;
}

/* aigo demo --remove: deletes the demo checks, the current statuses
 * that were demo checks and counts the rollups afresh, so that a tried-out
 * database goes on with real checks only; then writes the snapshot again
 * when there is one, so that the fallback shows no demo either. */
static int
cmd_demo_remove(const struct app_config *cfg)
{
	char err[512], real[512];
	struct store *s =
	    store_open_write(cfg->db_path, NULL, err, sizeof(err));
	long n;

	if (s == NULL) {
		fprintf(stderr, "aigo demo --remove: %s: %s\n", cfg->db_shown,
		        err);
		return 1;
	}
	if (migrate(cfg, s) != 0) {
		store_close(s);
		return 1;
	}
	n = store_remove_demo(s, cfg->freshness, err, sizeof(err));
	if (n >= 0 && real_checks(cfg->db_path, s, real, sizeof(real)) < 0)
		snprintf(real, sizeof(real), "?");
	store_close(s);
	if (n < 0) {
		fprintf(stderr,
		        "aigo demo --remove: %s: %s (nothing was removed)\n",
		        cfg->db_shown, err);
		return 1;
	}
	printf("aigo demo --remove: %s: %ld demo checks removed, with their "
	       "rollups and current statuses; real checks left: %s\n",
	       cfg->db_shown, n, real[0] ? real : "none");
	if (access(cfg->snapshot_path, F_OK) == 0) {
		if (source_write_snapshot(cfg, clock_now(), err, sizeof(err)) !=
		    0) {
			fprintf(stderr,
			        "aigo demo --remove: %s still holds the demo: "
			        "%s (write it with aigo snapshot)\n",
			        cfg->snapshot_path, err);
			return 1;
		}
		printf("aigo demo --remove: wrote %s\n", cfg->snapshot_path);
	}
	return 0;
}

static int
cmd_demo(const struct app_config *cfg, int argc, char **argv)
{
	int64_t seed = DEMO_SEED_DEFAULT, days = DEMO_DAYS_DEFAULT, follow = 0;
	char err[512];
	struct store *s;

	struct cli_opt o[4] = {{.name = "--seed"},
	                       {.name = "--days"},
	                       {.name = "--follow"},
	                       {.name = "--remove", .flag = 1}};
	static const int64_t min[3] = {0, 1, 1}, max[3] = {INT64_MAX, 90, 3600};
	int64_t *dst[3] = {&seed, &days, &follow};

	if (cli_parse("demo", argc, argv, o, 4, NULL) != 0)
		return 2;
	if (o[3].value != NULL) {
		if (argc != 1) {
			fprintf(stderr, "aigo demo: --remove: alone\n");
			return 2;
		}
		return cmd_demo_remove(cfg);
	}
	for (int k = 0; k < 3; k++)
		if (o[k].value != NULL &&
		    parse_int64(o[k].value, min[k], max[k], dst[k]) != 0) {
			fprintf(stderr,
			        "aigo demo: %s %s: not a whole number from "
			        "%lld to %lld\n",
			        o[k].name, o[k].value, (long long)min[k],
			        (long long)max[k]);
			return 2;
		}
	/* Before anything is created or upgraded: nothing written. */
	if (demo_refused(cfg, NULL) || cmd_db_init(cfg) != 0)
		return 1;
	s = open_db_for_writing(cfg);
	if (s == NULL)
		return 1;
	signal(SIGTERM, on_demo_stop);
	signal(SIGINT, on_demo_stop);
	do {
		long n;

		/* Real checks may arrive while the demo keeps going. */
		if (demo_refused(cfg, s)) {
			store_close(s);
			return 1;
		}
		n = demo_fill(s, (uint64_t)seed, (int)days, clock_now(), err,
		              sizeof(err));
		if (n < 0) {
			fprintf(stderr, "aigo demo: %s\n", err);
			store_close(s);
			return 1;
		}
		if (n > 0 || !follow)
			printf(
			    "aigo demo: recorded %ld demo checks (seed %lld)\n",
			    n, (long long)seed);
		fflush(stdout);
		for (int64_t w = 0; follow && w < follow && !demo_stop; w++)
			sleep(1);
	} while (follow && !demo_stop);
	store_close(s);
	return 0;
}

static int
cmd_snapshot(struct app_config *cfg, int argc, char **argv)
{
	char err[512];

	struct cli_opt o[1] = {{.name = "--out"}};

	if (cli_parse("snapshot", argc, argv, o, 1, NULL) != 0)
		return 2;
	if (o[0].value != NULL)
		snprintf(cfg->snapshot_path, sizeof(cfg->snapshot_path), "%s",
		         o[0].value);
	if (source_write_snapshot(cfg, clock_now(), err, sizeof(err)) != 0) {
		fprintf(stderr, "aigo snapshot: %s (%s left as it was)\n", err,
		        cfg->snapshot_path);
		return 1;
	}
	printf("aigo snapshot: wrote %s\n", cfg->snapshot_path);
	return 0;
}

/* Writes len bytes of data to path through a temporary file renamed over
 * it, so that path is whole or as it was. 0, or -1 with errno. */
static int
write_whole(const char *path, const char *data, size_t len)
{
	char tmp[1300];
	FILE *f;
	int ok;

	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	f = fopen(tmp, "wb");
	if (f == NULL)
		return -1;
	ok = fwrite(data, 1, len, f) == len;
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* `aigo db copy --from SRC --to DST [--batch N]` (issue 21): dbcopy.c
 * copies and verifies; here the options, the schemas' texts and whether
 * stderr is a terminal (progress in place). 0 verified, 1 refused, failed
 * or different, 2 for wrong arguments. */
static int
cmd_db_copy(const struct app_config *cfg, int argc, char **argv)
{
	struct cli_opt o[3] = {
	    {.name = "--from"}, {.name = "--to"}, {.name = "--batch"}};
	struct dbcopy_opts c = {.batch = DBCOPY_BATCH_DEFAULT,
	                        .out = stdout,
	                        .errs = stderr,
	                        .tty = isatty(fileno(stderr))};
	char path[1200], *sqlite_schema, *pg_schema;
	int64_t batch;
	int rc;

	/* A URL holds a password: one where no option takes it is refused
	 * without being quoted (cli_parse would quote it). */
	for (int i = 0; i < argc; i++) {
		const char *eq = strncmp(argv[i], "--", 2) == 0
		                     ? strchr(argv[i], '=')
		                     : NULL;
		int taken =
		    eq != NULL ? strncmp(argv[i], "--from=", 7) == 0 ||
		                     strncmp(argv[i], "--to=", 5) == 0
		               : i > 0 && (strcmp(argv[i - 1], "--from") == 0 ||
		                           strcmp(argv[i - 1], "--to") == 0);

		if (store_pg_is_url(eq != NULL ? eq + 1 : argv[i]) && !taken) {
			fprintf(stderr,
			        "aigo db copy: argument %d: a "
			        "postgresql:// URL goes after --from or "
			        "--to\n",
			        i + 1);
			return 2;
		}
	}
	if (cli_parse("db copy", argc, argv, o, 3, NULL) != 0)
		return 2;
	if ((c.from = cli_required("db copy", &o[0])) == NULL ||
	    (c.to = cli_required("db copy", &o[1])) == NULL)
		return 2;
	if (*c.from == '\0' || *c.to == '\0') {
		fprintf(stderr, "aigo db copy: %s: an empty name\n",
		        *c.from == '\0' ? "--from" : "--to");
		return 2;
	}
	if (o[2].value != NULL) {
		if (parse_int64(o[2].value, 1, DBCOPY_BATCH_MAX, &batch) != 0) {
			fprintf(stderr,
			        "aigo db copy: --batch %.20s: not a number "
			        "from 1 to %d\n",
			        store_pg_is_url(o[2].value) ? "(a URL)"
			                                    : o[2].value,
			        DBCOPY_BATCH_MAX);
			return 2;
		}
		c.batch = (long)batch;
	}
	snprintf(path, sizeof(path), "%s/db/schema.sql", cfg->root);
	sqlite_schema = file_read_all(path, NULL);
	snprintf(path, sizeof(path), "%s/db/schema-pg.sql", cfg->root);
	pg_schema = file_read_all(path, NULL);
	c.schema_sqlite = sqlite_schema;
	c.schema_pg = pg_schema;
	rc = dbcopy_run(&c);
	free(sqlite_schema);
	free(pg_schema);
	return rc;
}

/* aigo export: the same rows as GET /api/v1/export, from the database
 * (or, while it cannot be read, from a snapshot that holds them). */
static int
cmd_export(const struct app_config *cfg, int argc, char **argv)
{
	enum range range = RANGE_24H;
	int csv = 1;
	const char *out = NULL;
	struct source src;
	struct dataset ds;
	struct stats st;
	struct export_list list;
	struct arena *a;
	struct buf b = {0};
	char err[512];
	int rc = 0;

	struct cli_opt o[3] = {
	    {.name = "--range"}, {.name = "--format"}, {.name = "--out"}};
	int r = 0;

	if (cli_parse("export", argc, argv, o, 3, NULL) != 0)
		return 2;
	if (o[0].value != NULL) {
		while (r < RANGE__MAX &&
		       strcmp(o[0].value, ranges[r].name) != 0)
			r++;
		if (r == RANGE__MAX) {
			fprintf(stderr,
			        "aigo export: --range %s: not one of 1h, 24h, "
			        "7d, 30d\n",
			        o[0].value);
			return 2;
		}
		range = (enum range)r;
	}
	if (o[1].value != NULL) {
		if (strcmp(o[1].value, "csv") != 0 &&
		    strcmp(o[1].value, "json") != 0) {
			fprintf(stderr,
			        "aigo export: --format %s: not csv or json\n",
			        o[1].value);
			return 2;
		}
		csv = o[1].value[0] == 'c';
	}
	if (o[2].value != NULL && o[2].value[0] == '\0') {
		fprintf(stderr, "aigo export: --out: an empty file name\n");
		return 2;
	}
	out = o[2].value;
	a = arena_new();
	source_init(&src, cfg);
	source_load(&src, clock_now(), RANGE__MAX, 0, a, &ds, &st);
	if (!source_has_incidents(&src, &ds)) {
		fprintf(stderr,
		        "aigo export: %s: the database cannot be read (the "
		        "export needs its checks, or a snapshot that holds "
		        "its rows)\n",
		        cfg->db_shown);
		rc = 1;
	} else if (source_export(&src, &ds,
	                         (int64_t)ranges[range].buckets *
	                             ranges[range].bucket_secs,
	                         a, &list, err, sizeof(err)) < 0) {
		fprintf(stderr, "aigo export: %s: %s\n", cfg->db_shown, err);
		rc = 1;
	} else if (csv) {
		export_csv(&b, &ds, &list);
	} else {
		cJSON *j = export_json(&ds, &list);
		char *text = cJSON_PrintUnformatted(j);

		buf_puts(&b, text ? text : "[]");
		buf_puts(&b, "\n");
		cJSON_free(text);
		cJSON_Delete(j);
	}
	if (rc == 0 && ds.source == SOURCE_FALLBACK) {
		char when[21];

		/* The last-known rows: say so, where the rows do not go. */
		time_rfc3339(ds.snapshot_at, when);
		fprintf(stderr,
		        "aigo export: %s cannot be read: the rows are from the "
		        "snapshot of %s\n",
		        cfg->db_shown, when);
	}
	if (rc == 0 && out != NULL && write_whole(out, b.data, b.len) != 0) {
		fprintf(stderr, "aigo export: %s: %s (left as it was)\n", out,
		        strerror(errno));
		rc = 1;
	} else if (rc == 0 && out == NULL) {
		fwrite(b.data, 1, b.len, stdout);
	}
	buf_free(&b);
	source_free(&src);
	arena_free(a);
	return rc;
}

static int
cmd_check_locales(const struct app_config *cfg)
{
	char locales[1200], templates[1200];
	int problems;

	snprintf(locales, sizeof(locales), "%s/locales", cfg->root);
	snprintf(templates, sizeof(templates), "%s/templates", cfg->root);
	problems = i18n_check(locales, templates, cfg->default_lang, 1, stderr);
	if (problems > 0) {
		fprintf(stderr, "aigo check-locales: %d problem%s\n", problems,
		        problems == 1 ? "" : "s");
		return 1;
	}
	printf("aigo check-locales: every key in every catalog\n");
	return 0;
}

static int
with_app(const struct app_config *cfg, int argc, char **argv, int serve)
{
	struct app app;
	char err[512];
	int rc;

	if (app_init(&app, cfg, err, sizeof(err)) != 0) {
		fprintf(stderr, "aigo: %s\n", err);
		return 1;
	}
	if (serve)
		rc = serve_main(&app, argc, argv);
	else if (FCGX_IsCGI())
		rc = serve_cgi(&app);
	else
		rc = serve_fcgi(&app, 0, NULL);
	app_free(&app);
	return rc;
}

/* Prints the effective configuration, then loads what it names. */
static int
cmd_config_check(const struct app_config *cfg)
{
	struct app app;
	char err[512];

	app_config_print(cfg, stdout);
	if (probe_config_check(cfg, stdout, stderr) != 0)
		return 1;
	if (app_init(&app, cfg, err, sizeof(err)) != 0) {
		fprintf(stderr, "aigo config check: %s\n", err);
		return 1;
	}
	printf("\n# templates, %zu locales and %zu ingest token%s loaded\n",
	       app.i18n->n, app.tokens.n, app.tokens.n == 1 ? "" : "s");
	printf("# %zu admin token%s loaded%s\n", app.admin.n,
	       app.admin.n == 1 ? "" : "s",
	       app.admin.n == 0 ? " (the admin API is off)" : "");
	app_free(&app);
	return 0;
}

/* ---- aigo notify … ---- */

/* Set when a command said what is wrong itself: no usage after it. */
static int said_why;

/* aigo notify run|test|list. */
static int
cmd_notify(const struct app_config *cfg, const char *verb, int argc,
           char **argv)
{
	if (strcmp(verb, "list") == 0) {
		int rc = notify_list_main(cfg, argc, argv, stdout);

		said_why = rc == 2; /* it said which argument */
		return rc;
	}
	if (strcmp(verb, "test") == 0) {
		int rc;

		if (argc != 1)
			return 2;
		rc = notify_test(cfg, argv[0], stdout);
		said_why = rc == 2;
		return rc;
	}
	return argc == 0 ? notify_main(cfg) : 2; /* run */
}

/* Runs cmd with its n arguments args; 2 for arguments it does not take. */
static int
run(const struct command *cmd, struct app_config *cfg, int n, char **args)
{
	const char *name = cmd->name;

	if (strcmp(name, "serve") == 0)
		return with_app(cfg, n, args, 1);
	if (strcmp(name, "demo") == 0)
		return cmd_demo(cfg, n, args);
	if (strcmp(name, "snapshot") == 0)
		return cmd_snapshot(cfg, n, args);
	if (strcmp(name, "export") == 0)
		return cmd_export(cfg, n, args);
	if (strcmp(name, "import") == 0)
		return n == 1 ? import_file(cfg, args[0]) : 2;
	if (strcmp(name, "probe") == 0)
		return probe_main(cfg, n, args);
	if (strcmp(name, "incidents list") == 0)
		return cmd_incidents_list(cfg, n, args);
	if (strncmp(name, "incident ", 9) == 0)
		return cmd_incident(cfg, name + 9, n, args);
	if (strncmp(name, "maintenance ", 12) == 0)
		return cmd_maintenance(cfg, name + 12, n, args);
	if (strncmp(name, "notify ", 7) == 0)
		return cmd_notify(cfg, name + 7, n, args);
	if (strcmp(name, "db copy") == 0)
		return cmd_db_copy(cfg, n, args);
	if (n != 0)
		return 2;
	if (strcmp(name, "db init") == 0)
		return cmd_db_init(cfg);
	if (strcmp(name, "db prune") == 0)
		return cmd_db_prune(cfg);
	if (strcmp(name, "db rebuild-rollups") == 0)
		return cmd_db_rebuild(cfg);
	if (strcmp(name, "incidents rebuild") == 0)
		return cmd_incidents_rebuild(cfg);
	if (strcmp(name, "check-locales") == 0)
		return cmd_check_locales(cfg);
	if (strcmp(name, "config check") == 0)
		return cmd_config_check(cfg);
	router_print(stdout); /* routes */
	return 0;
}

int
main(int argc, char **argv)
{
	struct app_config cfg;
	const struct command *cmd;
	char err[512];
	int n, rc;

	/* Help and the version need no configuration. */
	if (argc == 2 &&
	    (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	     strcmp(argv[1], "help") == 0)) {
		usage(stdout, NULL);
		return 0;
	}
	if (argc == 2 && (strcmp(argv[1], "--version") == 0 ||
	                  strcmp(argv[1], "version") == 0)) {
		printf("aigo %s\n", AIGO_VERSION);
		return 0;
	}
	cmd = argc < 2 ? &commands[0] : find_command(argc, argv);
	if (cmd == NULL) {
		fprintf(stderr, "aigo: no command \"%s\"\n", argv[1]);
		usage(stderr, NULL);
		return 2;
	}
	n = argc < 2 ? 0 : argc - 2 - (strchr(cmd->name, ' ') != NULL);
	for (int i = argc - n; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			usage(stdout, cmd->name);
			return 0;
		}
	if (app_config_load(&cfg, err, sizeof(err)) != 0) {
		fprintf(stderr, "aigo: %s\n", err);
		return 2;
	}
	store_config_shown(&cfg);
	if (argc < 2)
		return with_app(&cfg, 0, NULL, 0);
	rc = run(cmd, &cfg, n, argv + argc - n);
	if (rc == 2 && !said_why)
		usage(stderr, cmd->name);
	return rc;
}
