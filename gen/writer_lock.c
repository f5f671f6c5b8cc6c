#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"
#include "writer_lock.h"

static char *lock_path(const char *dir)
{
	char *a = rb_xstrdup(dir), *b = rb_xstrdup(dir);
	char *path;
	size_t n = strlen(a);

	/* "out/" names the same directory as "out" */
	while (n > 1 && a[n - 1] == '/') {
		a[--n] = '\0';
		b[n] = '\0';
	}
	path = rb_xasprintf("%s/.%s.lock", dirname(a), basename(b));
	free(a);
	free(b);
	return path;
}

/* "pid 123, started 2026-12-01 15:40:02 UTC", from the file's text. */
static char *describe(const char *text)
{
	long long pid = 0, started = 0;
	char when[32] = "";
	struct tm tm;
	time_t t;

	if (sscanf(text, "%lld %lld", &pid, &started) != 2 || pid <= 0)
		return rb_xstrdup("pid unknown");
	t = (time_t)started;
	if (gmtime_r(&t, &tm))
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm);
	return rb_xasprintf("pid %lld, started %s", pid, when);
}

static char *read_holder(int fd)
{
	char text[128];
	ssize_t n = pread(fd, text, sizeof(text) - 1, 0);

	text[n > 0 ? n : 0] = '\0';
	return rb_xstrdup(text);
}

/* Is the file at `path` still the one open at `fd`? */
static bool same_file(int fd, const char *path)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && stat(path, &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

enum rb_lock_result rb_writer_lock_take(struct rb_writer_lock *l, const char *dir,
					double wait_seconds, const char *who,
					char **holder)
{
	char *path = lock_path(dir);
	double deadline = now_seconds() + wait_seconds;
	bool said = false;

	l->path = NULL;
	l->fd = -1;
	*holder = NULL;
	for (;;) {
		int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
		char *text, *was;

		if (fd < 0) {
			int e = errno;

			free(path);
			errno = e;
			return RB_LOCK_ERROR;
		}
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			/* the last holder removed the file while we opened it */
			if (!same_file(fd, path)) {
				close(fd);
				continue;
			}
			text = read_holder(fd);
			if (*text && who) {
				/* a holder that died left its file */
				was = describe(text);
				fprintf(stderr, "%s: note: took over the lock %s of a runbinder that is gone (%s)\n",
					who, path, was);
				free(was);
			}
			free(text);
			text = rb_xasprintf("%lld %lld\n", (long long)getpid(), (long long)time(NULL));
			if (ftruncate(fd, 0) < 0 || pwrite(fd, text, strlen(text), 0) < 0) {
				int e = errno;

				free(text);
				close(fd);
				unlink(path);
				free(path);
				errno = e;
				return RB_LOCK_ERROR;
			}
			free(text);
			l->path = path;
			l->fd = fd;
			return RB_LOCK_TAKEN;
		}
		if (errno != EWOULDBLOCK && errno != EINTR) {
			int e = errno;

			close(fd);
			free(path);
			errno = e;
			return RB_LOCK_ERROR;
		}
		text = read_holder(fd);
		close(fd);
		if (now_seconds() >= deadline) {
			*holder = describe(text);
			free(text);
			free(path);
			return RB_LOCK_BUSY;
		}
		if (!said && who) {
			was = describe(text);
			fprintf(stderr, "%s: another runbinder (%s) is writing %s: waiting for it (up to %g s, --wait SECONDS)\n",
				who, was, dir, wait_seconds);
			free(was);
			said = true;
		}
		free(text);
		usleep(100 * 1000);
	}
}

void rb_writer_lock_release(struct rb_writer_lock *l)
{
	if (!l->path)
		return;
	/* removed while still held: a waiter that opened it sees it is gone */
	unlink(l->path);
	close(l->fd);
	free(l->path);
	l->path = NULL;
	l->fd = -1;
}
