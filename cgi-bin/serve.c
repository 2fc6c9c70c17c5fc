/* serve.c: the FastCGI request loop, plain CGI, and `aigo serve`: a pre-forking, supervising process manager. */
#include "serve.h"

#include "metrics.h"

#include <errno.h>
#include <fcgiapp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static volatile sig_atomic_t fcgi_stop;

static void
on_fcgi_stop(int sig)
{
	(void)sig;
	fcgi_stop = 1;
}

int
serve_fcgi(struct app *app, int listen_fd)
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
	while (!fcgi_stop) {
		struct buf out = {0};
		int rc = FCGX_Accept_r(&r);

		if (rc < 0) {
			if (rc == -EINTR && !fcgi_stop)
				continue;
			break;
		}
		struct http_source src = {fcgx_getvar, fcgx_read, &r};

		app_handle(app, &src, &out);
		/* A client that went away makes this fail; serve the next. */
		FCGX_PutStr(out.data, (int)out.len, r.out);
		buf_free(&out);
		FCGX_Finish_r(&r);
	}
	FCGX_Free(&r, 0);
	return 0;
}

int
serve_cgi(struct app *app)
{
	struct buf out = {0};
	size_t off = 0;

	struct http_source src = {cgi_getvar, cgi_read, NULL};

	app_handle(app, &src, &out);
	while (off < out.len) {
		size_t n = fwrite(out.data + off, 1, out.len - off, stdout);
		if (n == 0)
			break;
		off += n;
	}
	fflush(stdout);
	buf_free(&out);
	return off == out.len ? 0 : 1;
}

static volatile sig_atomic_t stop_requested, snapshot_due;

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

/* Writes the snapshot in a child, so the supervisor never waits on the
 * database; a failing database leaves the previous snapshot in place. */
static pid_t
spawn_snapshot(const struct app *app)
{
	pid_t pid = fork();

	if (pid == 0) {
		char err[512];

		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_IGN);
		if (app_write_snapshot(&app->cfg, clock_now(), err,
		                       sizeof(err)) != 0) {
			log_msg("warn", "snapshot not written: %s", err);
			_exit(1);
		}
		_exit(0);
	}
	return pid;
}

/* The worker: the request loop, which stops on SIGTERM. */
static void
worker_main(struct app *app, int fd)
{
	signal(SIGINT, SIG_IGN); /* Ctrl-C goes to the supervisor */
	signal(SIGCHLD, SIG_DFL);
	_exit(serve_fcgi(app, fd));
}

static pid_t
spawn(struct app *app, int fd)
{
	pid_t pid = fork();

	if (pid == 0)
		worker_main(app, fd);
	if (pid < 0)
		log_msg("error", "fork: %s", strerror(errno));
	return pid;
}

static void
usage_serve(void)
{
	fputs("usage: aigo serve [--socket PATH | --listen HOST:PORT] "
	      "[--workers N]\n",
	      stderr);
}

int
serve_main(struct app *app, int argc, char **argv)
{
	const char *where = NULL;
	int is_path = 0;
	int64_t workers = sysconf(_SC_NPROCESSORS_ONLN);
	pid_t *pids;
	time_t *started;
	int fd;

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
			usage_serve();
			return 2;
		}
	}
	if (where == NULL) {
		usage_serve();
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

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);

	/* Every worker counts into the same /metrics. */
	if (metrics_share() != 0)
		log_msg("warn", "no shared memory: each worker's /metrics "
		                "counts only its own requests");
	pids = calloc((size_t)workers, sizeof(*pids));
	started = calloc((size_t)workers, sizeof(*started));
	if (pids == NULL || started == NULL)
		abort();
	for (int64_t i = 0; i < workers; i++) {
		pids[i] = spawn(app, fd);
		started[i] = time(NULL);
	}
	log_msg("info", "serving FastCGI on %s with %lld workers", where,
	        (long long)workers);
	snapshot_due = app->cfg.snapshot_interval > 0;
	while (!stop_requested) {
		int st;
		pid_t pid;

		if (snapshot_due) {
			snapshot_due = 0;
			spawn_snapshot(app);
			alarm((unsigned)app->cfg.snapshot_interval);
		}
		pid = waitpid(-1, &st, 0);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int64_t i = 0; i < workers; i++) {
			if (pids[i] != pid)
				continue;
			if (WIFSIGNALED(st))
				log_msg("error", "worker %d died of signal %d",
				        (int)pid, WTERMSIG(st));
			else
				log_msg("warn", "worker %d exited with %d",
				        (int)pid, WEXITSTATUS(st));
			if (stop_requested)
				break;
			/* A worker that keeps dying is restarted slowly. */
			if (time(NULL) - started[i] < 2)
				sleep(1);
			pids[i] = spawn(app, fd);
			started[i] = time(NULL);
		}
	}
	alarm(0);
	/* Graceful stop: each worker finishes its request, then exits. */
	for (int64_t i = 0; i < workers; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGTERM);
	for (int waited = 0; waited < 100; waited++) {
		int alive = 0;
		for (int64_t i = 0; i < workers; i++) {
			if (pids[i] > 0 && waitpid(pids[i], NULL, WNOHANG) == 0)
				alive++;
			else
				pids[i] = 0;
		}
		if (alive == 0)
			break;
		usleep(100000);
	}
	for (int64_t i = 0; i < workers; i++)
		if (pids[i] > 0) {
			log_msg("warn", "worker %d did not stop; killing it",
			        (int)pids[i]);
			kill(pids[i], SIGKILL);
			waitpid(pids[i], NULL, 0);
		}
	close(fd);
	if (is_path)
		unlink(where);
	free(pids);
	free(started);
	log_msg("info", "stopped");
	return 0;
}
