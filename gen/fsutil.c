#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"

void rb_strlist_add(struct rb_strlist *l, char *owned)
{
	RB_GROW(l->items, l->nr + 1, l->alloc);
	l->items[l->nr++] = owned;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void rb_strlist_sort(struct rb_strlist *l)
{
	if (l->nr)
		qsort(l->items, l->nr, sizeof(*l->items), cmp_str);
}

void rb_strlist_release(struct rb_strlist *l)
{
	for (size_t i = 0; i < l->nr; i++)
		free(l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

static bool has_suffix(const char *name, const char *const *suffixes)
{
	if (!suffixes)
		return true;
	for (; *suffixes; suffixes++)
		if (rb_ends_with(name, *suffixes))
			return true;
	return false;
}

static int list_into(const char *dir, const char *rel,
		     const char *const *suffixes, struct rb_strlist *out,
		     int depth)
{
	char *path = rel[0] ? rb_xasprintf("%s/%s", dir, rel) : rb_xstrdup(dir);
	DIR *dh = opendir(path);
	struct dirent *e;
	int ret = 0;

	if (!dh) {
		free(path);
		return -1;
	}
	if (depth > 32) {
		closedir(dh);
		free(path);
		errno = ELOOP;
		return -1;
	}
	while ((e = readdir(dh))) {
		char *child, *full;
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		child = rel[0] ? rb_xasprintf("%s/%s", rel, e->d_name)
			       : rb_xstrdup(e->d_name);
		full = rb_xasprintf("%s/%s", path, e->d_name);
		if (stat(full, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (list_into(dir, child, suffixes, out, depth + 1) < 0)
				ret = -1;
			free(child);
		} else if (has_suffix(e->d_name, suffixes)) {
			rb_strlist_add(out, child);
		} else {
			free(child);
		}
		free(full);
		if (ret < 0)
			break;
	}
	closedir(dh);
	free(path);
	return ret;
}

int rb_list_files(const char *dir, const char *const *suffixes,
		  struct rb_strlist *out)
{
	int ret = list_into(dir, "", suffixes, out, 0);

	rb_strlist_sort(out);
	return ret;
}

int rb_mkdirs(const char *path)
{
	char *parent, *slash;
	int ret;

	/* the parents usually exist: one call, not one per component */
	if (mkdir(path, 0755) == 0 || errno == EEXIST)
		return 0;
	if (errno != ENOENT)
		return -1;
	parent = rb_xstrdup(path);
	slash = strrchr(parent, '/');
	while (slash && slash > parent && slash[-1] == '/')
		slash--;
	if (!slash || slash == parent) {
		free(parent);
		errno = ENOENT;
		return -1;
	}
	*slash = '\0';
	ret = rb_mkdirs(parent);
	free(parent);
	if (ret < 0)
		return -1;
	return mkdir(path, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

int rb_write_fd(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

size_t rb_read_fd(int fd, void *to, size_t want)
{
	size_t got = 0;

	while (got < want) {
		ssize_t n = read(fd, (char *)to + got, want - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	return got;
}

void rb_read_fd_all(int fd, struct rb_buf *b)
{
	char chunk[65536];
	size_t n;

	while ((n = rb_read_fd(fd, chunk, sizeof(chunk))) > 0) {
		rb_buf_add(b, chunk, n);
		if (n < sizeof(chunk))
			break;
	}
}

/*
 * The process's file mode creation mask. Asked each time (two calls that
 * touch no file, cheaper than an fchmod of each new file), so a caller
 * that changes it is never answered from a stale copy.
 */
static mode_t process_umask(void)
{
	mode_t m = umask(077);

	umask(m);
	return m;
}

int rb_write_file(const char *path, const void *data, size_t len, int mode)
{
	/* made here, the file has the mode asked for unless the umask narrows it */
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	bool made = fd >= 0;

	if (fd < 0 && errno == EEXIST)
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0)
		return -1;
	if (rb_write_fd(fd, data, len) < 0) {
		close(fd);
		return -1;
	}
	if ((!made || ((mode_t)mode & process_umask())) && fchmod(fd, (mode_t)mode) < 0) {
		close(fd);
		return -1;
	}
	return close(fd);
}

int rb_remove_tree(const char *path)
{
	DIR *dh = opendir(path);
	struct dirent *e;
	int ret = 0;

	if (!dh)
		return unlink(path) == 0 || errno == ENOENT ? 0 : -1;
	while ((e = readdir(dh))) {
		char *child;
		struct stat st;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		child = rb_xasprintf("%s/%s", path, e->d_name);
		if (lstat(child, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (rb_remove_tree(child) < 0)
				ret = -1;
		} else if (unlink(child) < 0) {
			ret = -1;
		}
		free(child);
	}
	closedir(dh);
	if (rmdir(path) < 0)
		ret = -1;
	return ret;
}

bool rb_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Below this a file is read: mapping costs more than the copy saves. */
#define MAP_AT_LEAST ((size_t)4 << 20)
/* Pages are given back in steps at least this large. */
#define DROP_STEP ((size_t)16 << 20)

int rb_file_text_open(struct rb_file_text *t, const char *path, size_t limit)
{
	struct stat st;
	int fd, e;
	void *p;

	memset(t, 0, sizeof(*t));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (uintmax_t)st.st_size > limit ||
	    (size_t)st.st_size < MAP_AT_LEAST) {
		close(fd);
		if (rb_read_file(path, limit, &t->data, &t->len) < 0)
			return -1;
		return 0;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	e = errno;
	close(fd);
	if (p == MAP_FAILED) {
		errno = e;
		return rb_read_file(path, limit, &t->data, &t->len);
	}
	madvise(p, (size_t)st.st_size, MADV_SEQUENTIAL);
	t->data = p;
	t->len = t->mapped = (size_t)st.st_size;
	return 0;
}

void rb_file_text_adopt(struct rb_file_text *t, char *data, size_t len)
{
	memset(t, 0, sizeof(*t));
	t->data = data;
	t->len = len;
}

void rb_file_text_drop(struct rb_file_text *t, size_t offset)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), end;

	if (!t->mapped)
		return;
	/* a new pass from the start: give back what it passes from here */
	if (offset < t->dropped)
		t->dropped = offset / page * page;
	if (offset < t->dropped + DROP_STEP)
		return;
	end = offset / page * page;
	madvise(t->data + t->dropped, end - t->dropped, MADV_DONTNEED);
	t->dropped = end;
}

void rb_file_text_release(struct rb_file_text *t)
{
	if (t->mapped)
		munmap(t->data, t->mapped);
	else
		free(t->data);
	memset(t, 0, sizeof(*t));
}
