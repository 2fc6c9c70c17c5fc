/* fswatch.c: whether a file may have changed since the last look, told by inotify on its directory without a system call per file. */
#include "fswatch.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

/* What changes a file's bytes, name or access: on the directory, every
 * event about its entries; on the directory itself, its end. */
#define WATCH_MASK                                                             \
	(IN_MODIFY | IN_ATTRIB | IN_CREATE | IN_DELETE | IN_MOVED_FROM |       \
	 IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF)

/* (Re)makes w's inotify watch on its directory: 0, or -1 with none. */
static int
watch(struct fswatch *w)
{
	fswatch_close(w);
	w->broken = 0;
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->fd < 0)
		return -1;
	if (inotify_add_watch(w->fd, w->dir, WATCH_MASK) < 0) {
		fswatch_close(w);
		return -1;
	}
	return 0;
}

int
fswatch_open(struct fswatch *w, const char *path)
{
	const char *slash = strrchr(path, '/');
	struct stat sb;
	int n;

	memset(w, 0, sizeof(*w));
	w->fd = -1;
	w->never = 1;
	if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode))
		return -1;
	if (slash == NULL)
		n = snprintf(w->dir, sizeof(w->dir), ".");
	else if (slash == path)
		n = snprintf(w->dir, sizeof(w->dir), "/");
	else
		n = snprintf(w->dir, sizeof(w->dir), "%.*s",
		             (int)(slash - path), path);
	if (n < 0 || (size_t)n >= sizeof(w->dir) ||
	    (size_t)snprintf(w->base, sizeof(w->base), "%s",
	                     slash ? slash + 1 : path) >= sizeof(w->base) ||
	    w->base[0] == '\0')
		return -1;
	w->never = 0;
	return watch(w);
}

/* Whether an event's name is the file or one of its companions
 * (base-wal, base-journal, base-shm). */
static int
names_file(const struct fswatch *w, const struct inotify_event *ev)
{
	size_t n = strlen(w->base);

	if (ev->len == 0)
		return 0;
	return strncmp(ev->name, w->base, n) == 0 &&
	       (ev->name[n] == '\0' || ev->name[n] == '-');
}

int
fswatch_quiet(struct fswatch *w)
{
	/* Aligned for struct inotify_event, as inotify(7) shows. */
	char buf[4096]
	    __attribute__((aligned(__alignof__(struct inotify_event))));
	int quiet = 1;
	ssize_t len;

	if (w->never)
		return 0;
	if (w->fd < 0 || w->broken) {
		watch(w);
		return 0;
	}
	while ((len = read(w->fd, buf, sizeof(buf))) > 0) {
		for (char *p = buf; p < buf + len;) {
			const struct inotify_event *ev = (const void *)p;

			if (ev->mask & (IN_Q_OVERFLOW | IN_IGNORED |
			                IN_DELETE_SELF | IN_MOVE_SELF))
				w->broken = 1;
			else if (names_file(w, ev))
				quiet = 0;
			p += sizeof(*ev) + ev->len;
		}
	}
	if (len < 0 && errno != EAGAIN && errno != EINTR)
		w->broken = 1;
	return quiet && !w->broken;
}

void
fswatch_close(struct fswatch *w)
{
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
}
