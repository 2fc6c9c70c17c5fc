/* serve.c: the FastCGI request loop, plain CGI, and `aigo serve`: a pre-forking, supervising process manager. */
#include "serve.h"

#include "arena.h"
#include "log.h"
#include "metrics.h"
#include "notify_send.h"
#include "probe.h"
#include "store.h"
#include "timefmt.h"

#include <errno.h>
#include <fcgiapp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *
fcgx_getvar(void *ctx, const char *name)
{
	return FCGX_GetParam(name, ((FCGX_Request *)ctx)->envp);
}

static long
fcgx_read(void *ctx, char *buf, size_t n)
{
	int want = n > INT32_MAX ? INT32_MAX : (int)n;

	return FCGX_GetStr(buf, want, ((FCGX_Request *)ctx)->in);
}

static const char *
cgi_getvar(void *ctx, const char *name)
{
	(void)ctx;
	return getenv(name);
}

static long
cgi_read(void *ctx, char *buf, size_t n)
{
	(void)ctx;
	return (long)fread(buf, 1, n, stdin);
}

/* What the supervisor learns about a worker that died: whether it was
 * serving a request, and which. One per live worker process, in memory
 * shared with it; only that worker writes it, and the supervisor reads it
 * only after waitpid reported the worker dead, so they never race. */
struct serve_cell {
	int busy;                  /* 1 from accept to finish */
	char what[SERVE_WHAT_MAX]; /* serve_describe of that request */
};

/* Appends to out (of outlen, at *at) at most max bytes of s, up to the
 * first byte that is in stop, bytes outside printable ASCII as '?'.
 * Returns 1 when s went on after max bytes. */
static int
append_printable(char *out, size_t outlen, size_t *at, const char *s,
                 size_t max, const char *stop)
{
	for (size_t i = 0; s[i] != '\0' && strchr(stop, s[i]) == NULL; i++) {
		unsigned char c = (unsigned char)s[i];

		if (i == max)
			return 1;
		if (*at + 1 < outlen)
			out[(*at)++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	return 0;
}

void
serve_describe(const char *method, const char *path, char *out, size_t outlen)
{
	size_t at = 0;

	if (outlen == 0)
		return;
	append_printable(out, outlen, &at, method ? method : "-",
	                 SERVE_METHOD_SHOWN, " ");
	append_printable(out, outlen, &at, " ", 1, "");
	/* The query may hold a token: the description stops before it. */
	if (append_printable(out, outlen, &at, path ? path : "-",
	                     SERVE_PATH_SHOWN, "?"))
		append_printable(out, outlen, &at, "...", 3, "");
	out[at] = '\0';
}

/* Marks the worker's cell busy with request r, or idle (r NULL). */
static void
cell_mark(struct serve_cell *cell, FCGX_Request *r)
{
	if (cell == NULL)
		return;
	if (r != NULL) {
		const char *path = FCGX_GetParam("DOCUMENT_URI", r->envp);

		if (path == NULL || *path == '\0')
			path = FCGX_GetParam("REQUEST_URI", r->envp);
		serve_describe(FCGX_GetParam("REQUEST_METHOD", r->envp), path,
		               cell->what, sizeof(cell->what));
	}
	__atomic_store_n(&cell->busy, r != NULL, __ATOMIC_RELEASE);
}

static volatile sig_atomic_t fcgi_stop;

static void
on_fcgi_stop(int sig)
{
	(void)sig;
	fcgi_stop = 1;
}

int
serve_fcgi(struct app *app, int listen_fd, struct serve_cell *cell)
{
	FCGX_Request r;
	struct sigaction sa;

	if (FCGX_Init() != 0 ||
	    FCGX_InitRequest(&r, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
		log_msg("error", "FastCGI initialisation failed");
		return 1;
	}
	/* SIGTERM interrupts accept(); a request in progress finishes first.
	 * No SA_RESTART, so the blocked accept() returns EINTR. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fcgi_stop;
	sigaction(SIGTERM, &sa, NULL);
	for (int64_t served = 0; !fcgi_stop; served++) {
		struct buf out = {0};
		int rc;

		/* A worker recycled after max_requests exits cleanly; its
		 * supervisor starts a fresh one. */
		if (app->cfg.max_requests > 0 &&
		    served >= app->cfg.max_requests) {
			log_msg("info",
			        "worker %d recycled after %lld requests",
			        (int)getpid(), (long long)served);
			break;
		}
		rc = FCGX_Accept_r(&r);

		if (rc < 0) {
			if (rc == -EINTR && !fcgi_stop)
				continue;
			break;
		}
		struct http_source src = {fcgx_getvar, fcgx_read, &r};

		cell_mark(cell, &r);
		app_handle(app, &src, &out);
		/* A client that went away makes this fail; serve the next. */
		FCGX_PutStr(out.data, (int)out.len, r.out);
		buf_free(&out);
		FCGX_Finish_r(&r);
		cell_mark(cell, NULL);
	}
	FCGX_Free(&r, 0);
	return 0;
}

int
serve_cgi(struct app *app)
{
	struct buf out = {0};
	size_t off = 0;
	int complete;

	struct http_source src = {cgi_getvar, cgi_read, NULL};

	app_handle(app, &src, &out);
	while (off < out.len) {
		size_t n = fwrite(out.data + off, 1, out.len - off, stdout);
		if (n == 0)
			break;
		off += n;
	}
	/* Judged before buf_free, which empties out. */
	complete = fflush(stdout) == 0 && off == out.len;
	buf_free(&out);
	return complete ? 0 : 1;
}

static volatile sig_atomic_t stop_requested, snapshot_due, reload_requested;

static void
on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void
on_alarm(int sig)
{
	(void)sig;
	snapshot_due = 1;
}

static void
on_hup(int sig)
{
	(void)sig;
	reload_requested = 1;
}

/* A worker serves with the application the supervisor loaded (inherited
 * by fork, so a restart never reads the files again) until SIGTERM, and
 * keeps in cell (if any) what it is serving. */
/* The supervisor's process id (serve_main), for its children. */
static pid_t supervisor;

/* In a child of the supervisor: it ends (SIGTERM, as a stop) when the
 * supervisor dies, even by SIGKILL, instead of serving on unsupervised;
 * and at once when the supervisor is already gone. */
static void
end_with_supervisor(void)
{
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != supervisor)
		_exit(0);
}

static void
worker_main(struct app *app, int fd, struct serve_cell *cell)
{
	end_with_supervisor();
	signal(SIGINT, SIG_IGN); /* Ctrl-C goes to the supervisor */
	signal(SIGHUP, SIG_IGN); /* a reload replaces workers */
	signal(SIGCHLD, SIG_DFL);
	/* Connected and warmed before the first request, not by it. */
	app_start(app);
	_exit(serve_fcgi(app, fd, cell));
}

/* Writes the snapshot in a child, so the supervisor never waits on the
 * database; a failing database leaves the previous snapshot in place. */
static pid_t
spawn_snapshot(const struct app_config *cfg)
{
	pid_t pid = fork();

	if (pid == 0) {
		char err[512];

		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_IGN);
		end_with_supervisor();
		if (source_write_snapshot(cfg, clock_now(), err, sizeof(err)) !=
		    0) {
			log_msg("warn", "snapshot not written: %s", err);
			_exit(1);
		}
		_exit(0);
	}
	return pid;
}

/* Workers of this many generations at most are alive at once: the
 * current one and older ones finishing their last request. */
#define POOL_GENERATIONS 64

/* The workers: one slot each, and those of an older generation that are
 * finishing their last request after a reload. */
struct pool {
	int64_t n;
	pid_t *pids;        /* 0: to be started at restart_at */
	time_t *started;    /* when the slot's worker started */
	time_t *restart_at; /* when an empty slot starts again */
	int *fails;         /* quick deaths outside a request in a row */
	pid_t *retiring;    /* older generation, already told to stop */
	int64_t n_retiring;
	/* n * POOL_GENERATIONS cells shared with the workers (NULL when
	 * refused), and the live worker that owns each (0: free). */
	struct serve_cell *cells;
	pid_t *cell_owner;
};

/* Starts the worker of slot i with a cleared cell of its own. A cell is
 * freed only when its worker was reaped, so a worker of an older
 * generation never writes into the cell of its slot's successor. A fork
 * that fails is tried again 1 s later. */
static void
slot_start(struct pool *p, int64_t i, struct app *app, int fd)
{
	int64_t n_cells = p->cells ? p->n * POOL_GENERATIONS : 0, c = 0;
	time_t now = time(NULL);
	pid_t pid;

	while (c < n_cells && p->cell_owner[c] != 0)
		c++;
	if (c < n_cells)
		memset(&p->cells[c], 0, sizeof(p->cells[c]));
	pid = fork();
	if (pid == 0)
		worker_main(app, fd, c < n_cells ? &p->cells[c] : NULL);
	p->started[i] = now;
	if (pid < 0) {
		log_msg("error", "fork: %s; trying again in 1 s",
		        strerror(errno));
		p->pids[i] = 0;
		p->restart_at[i] = now + 1;
		return;
	}
	p->pids[i] = pid;
	if (c < n_cells)
		p->cell_owner[c] = pid;
}

/* Frees the cell of the reaped worker pid. Returns 1 with the request it
 * was serving in what (of whatlen), or 0 when it was serving none. */
static int
cell_release(struct pool *p, pid_t pid, char *what, size_t whatlen)
{
	int64_t n_cells = p->cells ? p->n * POOL_GENERATIONS : 0;
	size_t at = 0;

	what[0] = '\0';
	for (int64_t c = 0; c < n_cells; c++) {
		const struct serve_cell *cell = &p->cells[c];

		if (p->cell_owner[c] != pid)
			continue;
		p->cell_owner[c] = 0;
		if (__atomic_load_n(&cell->busy, __ATOMIC_ACQUIRE) != 1)
			return 0;
		/* A crashing worker may have scribbled over it: copy text. */
		append_printable(what, whatlen, &at, cell->what,
		                 sizeof(cell->what) - 1, "");
		what[at] = '\0';
		return 1;
	}
	return 0;
}

/* Starts the workers of a new generation; the old ones, if any, are then
 * told to finish their request and leave. */
static void
start_generation(struct pool *p, struct app *app, int fd)
{
	for (int64_t i = 0; i < p->n; i++) {
		pid_t old = p->pids[i];

		slot_start(p, i, app, fd);
		p->fails[i] = 0;
		if (old > 0)
			p->retiring[p->n_retiring++] = old;
	}
	for (int64_t i = 0; i < p->n_retiring; i++)
		kill(p->retiring[i], SIGTERM);
}

/* The pause, in seconds, before the next start of a child that died
 * quickly (within 10 s of its start) fails times in a row: 0, 1, 2, 4 …
 * up to 32 s. */
static int
backoff_delay(int fails)
{
	return fails < 2 ? 0 : 1 << (fails < 7 ? fails - 2 : 5);
}

/* How a child ended, for the log: "died of signal 9", "exited with 1". */
static void
describe_end(int st, char *how, size_t howlen)
{
	if (WIFSIGNALED(st))
		snprintf(how, howlen, "died of signal %d", WTERMSIG(st));
	else
		snprintf(how, howlen, "exited with %d", WEXITSTATUS(st));
}

/* Bookkeeping for a child that ended. A worker that died serving a
 * request is restarted at once and counts toward no pause: that request's
 * input is the likely cause, and the service must stay up for the others.
 * One that died outside a request (it cannot start, or fails waiting)
 * keeps dying whatever the clients do, so its restarts pause longer and
 * longer; one recycled after max_requests is replaced at once. */
static void
child_ended(struct pool *p, pid_t pid, int st)
{
	time_t now = time(NULL);
	char what[SERVE_WHAT_MAX], how[64];
	int in_request = cell_release(p, pid, what, sizeof(what));
	int crashed = !WIFEXITED(st) || WEXITSTATUS(st) != 0;
	int64_t i = 0, r = 0;
	int delay;

	while (i < p->n && p->pids[i] != pid)
		i++;
	while (r < p->n_retiring && p->retiring[r] != pid)
		r++;
	if (i == p->n && r == p->n_retiring)
		return; /* a snapshot writer */
	describe_end(st, how, sizeof(how));
	if (crashed)
		metrics_add(
		    &metrics()->worker_crashes[in_request ? DURING_REQUEST
		                                          : DURING_IDLE]);
	if (r < p->n_retiring) {
		p->retiring[r] = p->retiring[--p->n_retiring];
		if (!crashed)
			log_msg("info", "worker %d of the old generation left",
			        (int)pid);
		else
			log_msg("error",
			        "worker %d of the old generation %s%s%s",
			        (int)pid, how,
			        in_request ? " while serving " : "", what);
		return;
	}
	p->pids[i] = 0;
	p->restart_at[i] = now;
	if (!crashed) {
		p->fails[i] = 0; /* recycled */
		return;
	}
	if (in_request) {
		log_msg("error",
		        "worker %d %s while serving %s; restarted at once",
		        (int)pid, how, what);
		return;
	}
	log_msg(WIFSIGNALED(st) ? "error" : "warn", "worker %d %s", (int)pid,
	        how);
	/* A worker that lived 10 s or more comes back at once; quick
	 * deaths in a row pause 0, 1, 2, 4 … up to 32 s. */
	p->fails[i] = now - p->started[i] < 10 ? p->fails[i] + 1 : 0;
	delay = backoff_delay(p->fails[i]);
	if (delay > 0)
		log_msg("warn",
		        "worker slot %lld failed %d times in a row; "
		        "restarting in %d s",
		        (long long)i, p->fails[i], delay);
	p->restart_at[i] = now + delay;
}

/* A supervised child of `aigo serve` besides the workers: the prober
 * (probe = on) and the notification sender (notify = on with a channel).
 * Each is forked after the metrics are shared so that its counters are in
 * /metrics, restarted with a backoff when it dies, replaced on a reload
 * and stopped with the workers. */
struct supervised {
	const char *name; /* "prober": the log's word for it */
	int (*run)(const struct app_config *cfg);    /* the child's main */
	int (*wanted)(const struct app_config *cfg); /* whether it runs */
	const char *off;   /* why it does not: "probe = off" */
	pid_t pid;         /* 0: none running */
	time_t started;    /* when it started */
	time_t restart_at; /* when the next one may start */
	int fails;         /* quick deaths in a row */
	int refused;       /* it refused its configuration: none until a
	                      reload */
	time_t stop_sent;  /* when a reload told it to stop; 0: not told */
	int killed;        /* SIGKILL sent after 10 s of stop_sent */
};

static int
prober_run(const struct app_config *cfg)
{
	return probe_main(cfg, 0, NULL);
}

static int
prober_wanted(const struct app_config *cfg)
{
	return cfg->probe;
}

/* The sender runs in `aigo serve`, not in the prober, so that push-only
 * probe nodes never send (docs/notifications.md). */
static int
sender_wanted(const struct app_config *cfg)
{
	return cfg->notify && cfg->n_channels > 0;
}

#define N_SUPERVISED 2

/* Starts child ch with app's configuration. It reads its secrets itself
 * (probe_keys, the environment): the supervisor never holds them. A fork
 * that fails is tried again 1 s later. */
static void
child_start(struct supervised *ch, struct app *app, int fd)
{
	time_t now = time(NULL);
	pid_t pid = fork();

	if (pid == 0) {
		close(fd);
		/* Until the child's main takes SIGTERM, there is nothing to
		 * write: it may end the process as it is. */
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_IGN); /* Ctrl-C goes to the supervisor */
		signal(SIGHUP, SIG_IGN); /* a reload replaces the child */
		signal(SIGALRM, SIG_DFL);
		signal(SIGCHLD, SIG_DFL);
		end_with_supervisor();
		_exit(ch->run(&app->cfg));
	}
	ch->started = now;
	if (pid < 0) {
		log_msg("error", "fork: %s; the %s tries again in 1 s",
		        strerror(errno), ch->name);
		ch->restart_at = now + 1;
		return;
	}
	ch->pid = pid;
	log_msg("info", "%s %d started", ch->name, (int)pid);
}

/* Bookkeeping for the child that ended. One that a reload stopped is
 * replaced at once (if still wanted); one that refused its configuration
 * (exit PROBE_EXIT_REFUSED, the sender's too) waits for a reload; one
 * that died is restarted like a worker that dies outside a request: at
 * once, or after a pause that doubles while it keeps dying within 10 s
 * of its start. */
static void
supervised_ended(struct supervised *ch, int st)
{
	time_t now = time(NULL);
	pid_t pid = ch->pid;
	char how[64];
	int delay;

	describe_end(st, how, sizeof(how));
	ch->pid = 0;
	ch->killed = 0;
	if (ch->stop_sent != 0) {
		ch->stop_sent = 0;
		ch->fails = 0;
		ch->restart_at = now;
		log_msg("info", "%s %d stopped (%s) for the reload", ch->name,
		        (int)pid, how);
		return;
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) == PROBE_EXIT_REFUSED) {
		ch->refused = 1;
		log_msg("error",
		        "%s %d refused its configuration (said above); "
		        "not started again until a reload (SIGHUP)",
		        ch->name, (int)pid);
		return;
	}
	ch->fails = now - ch->started < 10 ? ch->fails + 1 : 0;
	delay = backoff_delay(ch->fails);
	ch->restart_at = now + delay;
	if (delay == 0)
		log_msg("error", "%s %d %s; restarted at once", ch->name,
		        (int)pid, how);
	else
		log_msg("error",
		        "%s %d %s; failed %d times in a row; restarting "
		        "in %d s",
		        ch->name, (int)pid, how, ch->fails, delay);
}

/* After a reload: the child running is told to stop, and the one of the
 * new configuration starts once it is gone (if still wanted). A child
 * that refused its configuration, or kept dying, starts afresh. */
static void
supervised_reloaded(struct supervised *ch, int on)
{
	ch->refused = 0;
	ch->fails = 0;
	ch->restart_at = time(NULL);
	if (ch->pid > 0 && ch->stop_sent == 0) {
		kill(ch->pid, SIGTERM);
		ch->stop_sent = time(NULL);
		log_msg("info", "%s %d told to stop: %s", ch->name,
		        (int)ch->pid,
		        on ? "a new one starts with the reloaded "
		             "configuration"
		           : ch->off);
	}
}

/* Kills the child a reload told to stop 10 s ago and that is still
 * there; the supervisor reaps it as any child. */
static void
supervised_hurry(struct supervised *ch)
{
	if (ch->pid > 0 && ch->stop_sent != 0 && !ch->killed &&
	    time(NULL) - ch->stop_sent >= 10) {
		log_msg("warn", "%s %d did not stop; killing it", ch->name,
		        (int)ch->pid);
		kill(ch->pid, SIGKILL);
		ch->killed = 1;
	}
}

/* SIGHUP: reads the configuration, templates and catalogs again; only
 * when all of it loads does a new generation of workers replace the old
 * one, else everything stays as it was. Returns 0 when reloaded. */
static int
reload(struct pool *p, struct app *app, int fd)
{
	struct app_config cfg;
	struct app next, old;
	char err[512];

	int rc = app_config_load(&cfg, err, sizeof(err));

	if (rc == 0) {
		store_config_shown(&cfg);
		rc = app_init(&next, &cfg, err, sizeof(err));
	}
	if (rc != 0) {
		log_msg("error",
		        "reload refused: %s; the workers keep the old "
		        "configuration, templates and catalogs",
		        err);
		return -1;
	}
	old = *app;
	*app = next;
	app_free(&old);
	start_generation(p, app, fd);
	log_msg("info",
	        "reloaded: %lld new workers serve; the old ones "
	        "finish their requests",
	        (long long)p->n);
	return 0;
}

/* Stops every worker and the supervised children gracefully: SIGTERM,
 * 10 s to finish (the prober writes the results it has, the sender
 * records its transfers), then SIGKILL. */
static void
stop_all(struct pool *p, struct supervised *kids, size_t n_kids)
{
	int kids_left = 0;

	for (int64_t i = 0; i < p->n; i++)
		if (p->pids[i] > 0)
			p->retiring[p->n_retiring++] = p->pids[i];
	for (int64_t i = 0; i < p->n_retiring; i++)
		kill(p->retiring[i], SIGTERM);
	for (size_t k = 0; k < n_kids; k++)
		if (kids[k].pid > 0) {
			kill(kids[k].pid, SIGTERM);
			kids_left++;
		}
	for (int waited = 0; waited < 100 && (p->n_retiring > 0 || kids_left);
	     waited++) {
		int st;

		for (int64_t i = 0; i < p->n_retiring;)
			if (waitpid(p->retiring[i], NULL, WNOHANG) != 0)
				p->retiring[i] = p->retiring[--p->n_retiring];
			else
				i++;
		kids_left = 0;
		for (size_t k = 0; k < n_kids; k++) {
			struct supervised *ch = &kids[k];

			if (ch->pid > 0 &&
			    waitpid(ch->pid, &st, WNOHANG) != 0) {
				char how[64];

				describe_end(st, how, sizeof(how));
				log_msg("info", "%s %d stopped (%s)", ch->name,
				        (int)ch->pid, how);
				ch->pid = 0;
			}
			kids_left += ch->pid > 0;
		}
		if (p->n_retiring > 0 || kids_left)
			usleep(100000);
	}
	for (size_t k = 0; k < n_kids; k++)
		if (kids[k].pid > 0) {
			log_msg("warn", "%s %d did not stop; killing it",
			        kids[k].name, (int)kids[k].pid);
			kill(kids[k].pid, SIGKILL);
			waitpid(kids[k].pid, NULL, 0);
			kids[k].pid = 0;
		}
	for (int64_t i = 0; i < p->n_retiring; i++) {
		log_msg("warn", "worker %d did not stop; killing it",
		        (int)p->retiring[i]);
		kill(p->retiring[i], SIGKILL);
		waitpid(p->retiring[i], NULL, 0);
	}
}

int
serve_main(struct app *app, int argc, char **argv)
{
	const char *where = NULL;
	int is_path = 0;
	int64_t workers = sysconf(_SC_NPROCESSORS_ONLN);
	struct pool p;
	struct supervised kids[N_SUPERVISED] = {
	    {.name = "prober",
	     .run = prober_run,
	     .wanted = prober_wanted,
	     .off = "probe = off"},
	    {.name = "sender",
	     .run = notify_main,
	     .wanted = sender_wanted,
	     .off = "notify = off or no channel"},
	};
	struct sigaction sa;
	size_t cells_size;
	char err[512];
	int fd;

	supervisor = getpid();

	if (workers < 1)
		workers = 1;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--socket") == 0 && i + 1 < argc) {
			where = argv[++i];
			is_path = 1;
		} else if (strcmp(argv[i], "--listen") == 0 && i + 1 < argc) {
			where = argv[++i];
		} else if (strcmp(argv[i], "--workers") == 0 && i + 1 < argc) {
			if (parse_int64(argv[++i], 1, 256, &workers) != 0) {
				fputs("aigo serve: --workers takes 1..256\n",
				      stderr);
				return 2;
			}
		} else {
			fprintf(stderr,
			        "aigo serve: %s is not an argument of "
			        "serve\n",
			        argv[i]);
			return 2;
		}
	}
	if (where == NULL) {
		fputs("aigo serve: --socket or --listen is needed\n", stderr);
		return 2;
	}
	if (is_path) {
		struct stat sb;
		/* A socket left by a previous run would make bind fail. */
		if (stat(where, &sb) == 0 && S_ISSOCK(sb.st_mode))
			unlink(where);
	}
	if (FCGX_Init() != 0) {
		log_msg("error", "FastCGI initialisation failed");
		return 1;
	}
	fd = FCGX_OpenSocket(where, 128);
	if (fd < 0) {
		log_msg("error", "cannot listen on %s: %s", where,
		        strerror(errno));
		return 1;
	}
	if (is_path)
		chmod(where, 0660);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	sa.sa_handler = on_hup;
	sigaction(SIGHUP, &sa, NULL);

	/* Every worker counts into the same /metrics. */
	if (metrics_share() != 0)
		log_msg("warn", "no shared memory: each worker's /metrics "
		                "counts only its own requests");
	memset(&p, 0, sizeof(p));
	p.n = workers;
	cells_size = (size_t)workers * POOL_GENERATIONS * sizeof(*p.cells);
	p.pids = xcalloc((size_t)workers, sizeof(*p.pids));
	p.started = xcalloc((size_t)workers, sizeof(*p.started));
	p.restart_at = xcalloc((size_t)workers, sizeof(*p.restart_at));
	p.fails = xcalloc((size_t)workers, sizeof(*p.fails));
	/* Room for the older generations still finishing, and for the
	 * current one at stop. */
	p.retiring =
	    xcalloc((size_t)workers * POOL_GENERATIONS, sizeof(*p.retiring));
	p.cell_owner =
	    xcalloc((size_t)workers * POOL_GENERATIONS, sizeof(*p.cell_owner));
	p.cells = mmap(NULL, cells_size, PROT_READ | PROT_WRITE,
	               MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p.cells == MAP_FAILED) {
		p.cells = NULL;
		log_msg("warn", "no shared memory: a worker that dies serving "
		                "a request is restarted like one that cannot "
		                "start");
	}
	start_generation(&p, app, fd);
	log_msg("info", "serving FastCGI on %s with %lld workers%s%s", where,
	        (long long)workers, app->cfg.probe ? " and the prober" : "",
	        sender_wanted(&app->cfg) ? " and the notification sender" : "");
	snapshot_due = app->cfg.snapshot_interval > 0;
	while (!stop_requested) {
		struct timespec pause = {0, 100 * 1000 * 1000};
		time_t now;
		int st;
		pid_t pid;

		/* A reload waits while too many older workers are still
		 * busy: a new generation, the current one and those must all
		 * fit in POOL_GENERATIONS. */
		if (reload_requested &&
		    p.n_retiring <= workers * (POOL_GENERATIONS - 2)) {
			reload_requested = 0;
			if (reload(&p, app, fd) == 0)
				for (size_t k = 0; k < N_SUPERVISED; k++)
					supervised_reloaded(
					    &kids[k],
					    kids[k].wanted(&app->cfg));
		}
		if (snapshot_due) {
			snapshot_due = 0;
			spawn_snapshot(&app->cfg);
			alarm((unsigned)app->cfg.snapshot_interval);
		}
		pid = waitpid(-1, &st, WNOHANG);
		if (pid > 0) {
			size_t k = 0;

			while (k < N_SUPERVISED && kids[k].pid != pid)
				k++;
			if (k < N_SUPERVISED) {
				supervised_ended(&kids[k], st);
				continue;
			}
			child_ended(&p, pid, st);
			continue;
		}
		now = time(NULL);
		for (int64_t i = 0; i < p.n; i++)
			if (p.pids[i] == 0 && p.restart_at[i] <= now)
				slot_start(&p, i, app, fd);
		for (size_t k = 0; k < N_SUPERVISED; k++) {
			struct supervised *ch = &kids[k];

			if (ch->wanted(&app->cfg) && ch->pid == 0 &&
			    !ch->refused && ch->restart_at <= now)
				child_start(ch, app, fd);
			supervised_hurry(ch);
		}
		nanosleep(&pause, NULL); /* a signal ends it early */
	}
	alarm(0);
	stop_all(&p, kids, N_SUPERVISED);
	close(fd);
	/* The workers are gone: the last connection leaves no -wal or -shm
	 * file beside the database (a file that cannot be written stays as
	 * it is; the next writer carries on from its WAL). */
	if (store_checkpoint(app->cfg.db_path, err, sizeof(err)) != 0)
		log_msg("info", "stop: no checkpoint: %s", err);
	if (is_path)
		unlink(where);
	free(p.pids);
	free(p.started);
	free(p.restart_at);
	free(p.fails);
	free(p.retiring);
	free(p.cell_owner);
	if (p.cells != NULL)
		munmap(p.cells, cells_size);
	log_msg("info", "stopped");
	return 0;
}
