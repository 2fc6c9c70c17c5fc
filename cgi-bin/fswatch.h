/* fswatch.h: whether a file may have changed since the last look, told by inotify on its directory without a system call per file. */
#ifndef AIGO_FSWATCH_H
#define AIGO_FSWATCH_H

#include <stddef.h>

/* A watch on one file path and the files named after it (PATH-wal,
 * PATH-journal, PATH-shm: SQLite's companions), through an inotify watch
 * on its directory. fd is -1 while there is none. */
struct fswatch {
	int fd;
	int broken;     /* 1: the watch ended (directory moved, overflow) */
	int never;      /* 1: path cannot be watched this way */
	char dir[1200]; /* the directory watched */
	char base[256]; /* the file's name in it */
};

/* Starts watching path. Returns 0, or -1 when no watch can be made: no
 * inotify, a directory that cannot be watched (fswatch_quiet tries again),
 * or never (a path too long, or a symbolic link, whose target's changes a
 * directory watch would not see): fswatch_quiet then always answers 0. */
int fswatch_open(struct fswatch *w, const char *path);

/* 1 when nothing happened to the file or its companions since the previous
 * call (no write, creation, removal, rename, change of owner or mode), 0
 * when something may have (the events are consumed: the next call looks
 * afresh) or when there is no watch. One non-blocking read(2) when quiet.
 * Events are queued by the kernel before the writer's call returns, so a
 * write that finished before this call is seen by it. A watch that ended
 * (its directory moved or removed, the event queue overflowed) is made
 * again, and that call answers 0. */
int fswatch_quiet(struct fswatch *w);

/* Stops the watch; w may be all zero or closed already. */
void fswatch_close(struct fswatch *w);

#endif
