/* main.c: the aigo program: FastCGI/CGI by default, and the operator's subcommands. */
#include <fcgiapp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "catalog.h"
#include "demo.h"
#include "fileutil.h"
#include "i18n_check.h"
#include "import.h"
#include "probe.h"
#include "router.h"
#include "serve.h"
#include "store.h"
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
    {"db prune", "", "delete checks and rollups older than retention_days"},
    {"db rebuild-rollups", "", "count every rollup afresh from the checks"},
    {"incidents rebuild", "",
     "compute every automatic incident afresh from the checks"},
    {"incidents list", "[--open]",
     "print the newest incidents (--open: those not resolved)"},
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
		char line[128];

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

/* Opens the database for writing, creating it from db/schema.sql. */
static struct store *
open_db_for_writing(const struct app_config *cfg)
{
	char path[1200], err[512];
	char *schema;
	struct store *s;

	snprintf(path, sizeof(path), "%s/db/schema.sql", cfg->root);
	schema = file_read_all(path, NULL);
	if (schema == NULL) {
		fprintf(stderr, "aigo: %s: cannot read the schema\n", path);
		return NULL;
	}
	s = store_open_write(cfg->db_path, schema, err, sizeof(err));
	free(schema);
	if (s == NULL)
		fprintf(stderr, "aigo: %s: %s\n", cfg->db_path, err);
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
		fprintf(stderr, "aigo: %s: upgrade failed: %s\n", cfg->db_path,
		        err);
		rc = 1;
	} else if (applied > 0) {
		printf("%s: upgraded to schema version %d (%d migration%s)\n",
		       cfg->db_path, STORE_SCHEMA_VERSION, applied,
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
	       cfg->db_path, STORE_SCHEMA_VERSION, n);
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
		fprintf(stderr, "aigo: %s: rebuild failed: %s\n", cfg->db_path,
		        err);
		return 1;
	}
	printf("%s: rollups and history samples counted afresh from the "
	       "checks (freshness %lld s)\n",
	       cfg->db_path, (long long)cfg->freshness);
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
		        cfg->db_path, err);
		return 1;
	}
	printf("%s: %ld model and %ld provider incidents computed afresh "
	       "from the checks (open after %lld s, closed after %lld s, "
	       "freshness %lld s, provider share %lld %%)\n",
	       cfg->db_path, nm, np, (long long)r.open_after,
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
		fprintf(stderr, "aigo: %s: %s\n", cfg->db_path, err);
		return 1;
	}
	a = arena_new();
	n = store_list_incidents(s, argc == 1, 100, a, &rows, err, sizeof(err));
	store_close(s);
	if (n < 0) {
		fprintf(stderr, "aigo: %s: %s\n", cfg->db_path, err);
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
		fprintf(stderr, "aigo: %s: %s\n", cfg->db_path, err);
		return 1;
	}
	n = store_prune(s, before, err, sizeof(err));
	store_close(s);
	if (n < 0) {
		fprintf(stderr, "aigo: %s: prune failed: %s\n", cfg->db_path,
		        err);
		return 1;
	}
	time_rfc3339(before - before % 3600, iso);
	printf("%s: %ld checks before %s deleted (retention %lld days)\n",
	       cfg->db_path, n, iso, (long long)(cfg->retention / 86400));
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
		if (access(path, F_OK) != 0)
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

/* Refuses (1, after saying why) to record demo checks into db_path when it
 * holds real checks (probe, ingest or import), so that the demo never
 * mixes with them; 0 when it may. s: the open database, or NULL to look
 * without opening it for writing. */
static int
demo_refused(const char *db_path, struct store *s)
{
	char why[512];
	int rc = real_checks(db_path, s, why, sizeof(why));

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
		fprintf(stderr, "aigo demo --remove: %s: %s\n", cfg->db_path,
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
		        cfg->db_path, err);
		return 1;
	}
	printf("aigo demo --remove: %s: %ld demo checks removed, with their "
	       "rollups and current statuses; real checks left: %s\n",
	       cfg->db_path, n, real[0] ? real : "none");
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

	if (argc == 1 && strcmp(argv[0], "--remove") == 0)
		return cmd_demo_remove(cfg);
	for (int i = 0; i < argc; i++) {
		int64_t *dst = NULL, max = 0;

		if (strcmp(argv[i], "--seed") == 0)
			dst = &seed, max = INT64_MAX;
		else if (strcmp(argv[i], "--days") == 0)
			dst = &days, max = 90;
		else if (strcmp(argv[i], "--follow") == 0)
			dst = &follow, max = 3600;
		if (dst == NULL || i + 1 >= argc ||
		    parse_int64(argv[++i], dst == &seed ? 0 : 1, max, dst))
			return 2;
	}
	/* Before anything is created or upgraded: nothing written. */
	if (demo_refused(cfg->db_path, NULL) || cmd_db_init(cfg) != 0)
		return 1;
	s = open_db_for_writing(cfg);
	if (s == NULL)
		return 1;
	signal(SIGTERM, on_demo_stop);
	signal(SIGINT, on_demo_stop);
	do {
		long n;

		/* Real checks may arrive while the demo keeps going. */
		if (demo_refused(cfg->db_path, s)) {
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

	if (argc == 2 && strcmp(argv[0], "--out") == 0)
		snprintf(cfg->snapshot_path, sizeof(cfg->snapshot_path), "%s",
		         argv[1]);
	else if (argc != 0)
		return 2;
	if (source_write_snapshot(cfg, clock_now(), err, sizeof(err)) != 0) {
		fprintf(stderr, "aigo snapshot: %s (%s left as it was)\n", err,
		        cfg->snapshot_path);
		return 1;
	}
	printf("aigo snapshot: wrote %s\n", cfg->snapshot_path);
	return 0;
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
	app_free(&app);
	return 0;
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
	if (strcmp(name, "import") == 0)
		return n == 1 ? import_file(cfg, args[0]) : 2;
	if (strcmp(name, "probe") == 0)
		return probe_main(cfg, n, args);
	if (strcmp(name, "incidents list") == 0)
		return cmd_incidents_list(cfg, n, args);
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
	if (argc < 2)
		return with_app(&cfg, 0, NULL, 0);
	rc = run(cmd, &cfg, n, argv + argc - n);
	if (rc == 2)
		usage(stderr, cmd->name);
	return rc;
}
