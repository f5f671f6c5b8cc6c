#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"
#include "sha256.h"

bool rb_output_path_safe(const char *rel)
{
	const char *p = rel;

	if (!*rel || *rel == '/')
		return false;
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);

		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)p[i] < 0x20 || p[i] == '\\')
				return false;
		p += n;
		if (*p == '/')
			p++;
		else
			break;
	}
	return rel[strlen(rel) - 1] != '/';
}

static char *parent_of(const char *path)
{
	char *copy = rb_xstrdup(path);
	char *dir = rb_xstrdup(dirname(copy));

	free(copy);
	return dir;
}

static char *base_of(const char *path)
{
	char *copy = rb_xstrdup(path);
	char *b = rb_xstrdup(basename(copy));

	free(copy);
	return b;
}

/* Removes `.NAME.staging-*` and `.NAME.old-*` left by killed builds. */
static void remove_leftovers(const char *parent, const char *name)
{
	char *p1 = rb_xasprintf(".%s.staging-", name);
	char *p2 = rb_xasprintf(".%s.old-", name);
	DIR *dh = opendir(parent);
	struct dirent *e;

	while (dh && (e = readdir(dh))) {
		if (rb_starts_with(e->d_name, p1) || rb_starts_with(e->d_name, p2)) {
			char *full = rb_xasprintf("%s/%s", parent, e->d_name);

			rb_remove_tree(full);
			free(full);
		}
	}
	if (dh)
		closedir(dh);
	free(p1);
	free(p2);
}

/* A link to a directory is followed: the swap happens where it points. */
static char *resolve_final(const char *final_dir)
{
	struct stat st;
	char *real;

	if (lstat(final_dir, &st) < 0 || !S_ISLNK(st.st_mode))
		return rb_xstrdup(final_dir);
	real = realpath(final_dir, NULL);
	if (!real) {
		errno = ENOENT;
		return NULL;
	}
	return real;
}

int rb_output_begin(struct rb_output *o, const char *final_dir, double wait_seconds,
		    const char *who)
{
	char *parent, *name, *tmpl;
	enum rb_lock_result got;
	int e;

	memset(o, 0, sizeof(*o));
	o->lock.fd = -1;
	o->final = resolve_final(final_dir);
	if (!o->final)
		return -1;
	if (access(o->final, F_OK) == 0 && access(o->final, W_OK) < 0) {
		errno = EACCES;
		return -1;
	}
	parent = parent_of(o->final);
	name = base_of(o->final);
	if (rb_mkdirs(parent) < 0)
		goto fail;
	got = rb_writer_lock_take(&o->lock, o->final, wait_seconds, who, &o->holder);
	if (got != RB_LOCK_TAKEN) {
		free(parent);
		free(name);
		return got == RB_LOCK_BUSY ? RB_OUTPUT_BUSY : -1;
	}
	/* with the lock held, a staging directory here is a killed build's */
	remove_leftovers(parent, name);
	{
		struct stat st;

		/* none: no file of it to compare, link or reuse (a cold build) */
		o->previous = stat(o->final, &st) == 0 && S_ISDIR(st.st_mode);
	}
	tmpl = rb_xasprintf("%s/.%s.staging-XXXXXX", parent, name);
	if (!mkdtemp(tmpl)) {
		free(tmpl);
		goto fail;
	}
	chmod(tmpl, 0755);
	o->staging = tmpl;
	free(parent);
	free(name);
	return 0;
fail:
	e = errno;
	rb_writer_lock_release(&o->lock);
	free(parent);
	free(name);
	errno = e;
	return -1;
}

/* A directory of the staging, made once: a mkdir per file written cost a failed call each. */
static int make_dir(struct rb_output *o, const char *dir)
{
	if (rb_strmap_get(&o->dirs, dir) != SIZE_MAX)
		return 0;
	if (rb_mkdirs(dir) < 0)
		return -1;
	rb_strlist_add(&o->dir_names, rb_xstrdup(dir));
	rb_strmap_put(&o->dirs, o->dir_names.items[o->dir_names.nr - 1], 0);
	return 0;
}

static void note_sum(struct rb_output *o, const char *rel, const char *hex)
{
	char *name = rb_xstrdup(rel);

	rb_strlist_add(&o->sum_names, name);
	rb_strlist_add(&o->sum_hex, rb_xstrdup(hex));
	rb_strmap_put(&o->sums, name, o->sum_hex.nr - 1);
}

void rb_output_adopt(struct rb_output *o, const char *rel, const char *hex)
{
	if (hex && strlen(hex) == 64)
		note_sum(o, rel, hex);
	rb_strlist_add(&o->files, rb_xstrdup(rel));
}

const char *rb_output_sum(const struct rb_output *o, const char *rel)
{
	size_t k = rb_strmap_get(&o->sums, rel);

	return k == SIZE_MAX ? NULL : o->sum_hex.items[k];
}

static bool newer(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec > b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec > b->tv_nsec);
}

/*
 * The previous binder's sum of `rel`, whose file there is `st`: only
 * when the file is no newer than the SHA256SUMS that lists it (an edit by
 * hand since would make the listed sum wrong). NULL when not known.
 */
static const char *old_sum(struct rb_output *o, const char *rel, const struct stat *st)
{
	size_t k;

	if (!o->old_read) {
		char *path = rb_xasprintf("%s/SHA256SUMS", o->final);
		struct stat sst;
		size_t len;

		o->old_read = true;
		if (stat(path, &sst) == 0 && S_ISREG(sst.st_mode) &&
		    rb_read_file(path, RB_MAX_FILE_SIZE, &o->old_text, &len) == 0) {
			o->old_time = sst.st_mtim;
			/* "HEX  path" lines: the map points into the text */
			for (char *p = o->old_text; *p;) {
				char *nl = strchr(p, '\n');

				if (nl)
					*nl = '\0';
				if (strlen(p) > 66 && p[64] == ' ' && p[65] == ' ') {
					p[64] = '\0';
					rb_strmap_put(&o->old_sums, p + 66, (size_t)(p - o->old_text));
				}
				p = nl ? nl + 1 : p + strlen(p);
			}
		}
		free(path);
	}
	if (!o->old_text || newer(&st->st_mtim, &o->old_time))
		return NULL;
	k = rb_strmap_get(&o->old_sums, rel);
	return k == SIZE_MAX || strlen(o->old_text + k) != 64 ? NULL : o->old_text + k;
}

/*
 * Whether the file holds exactly `data`, read in pieces into one buffer:
 * a map per file cost a page-table set-up and, at its unmap, a flush of
 * every core's TLB.
 */
static bool same_bytes(struct rb_output *o, int fd, const char *data, size_t len)
{
	size_t at = 0;

	if (!o->cmp)
		o->cmp = rb_xmalloc(RB_OUTPUT_CMP_SIZE);
	while (at < len) {
		size_t n = len - at < RB_OUTPUT_CMP_SIZE ? len - at : RB_OUTPUT_CMP_SIZE;

		if (rb_read_fd(fd, o->cmp, n) != n || memcmp(o->cmp, data + at, n))
			return false;
		at += n;
	}
	return true;
}

/*
 * Whether the previous binder has `rel` with exactly these bytes and
 * mode; then it is linked into the new one rather than written, and its
 * sum noted. A rebuild after a small change so leaves the disk little to
 * flush, and the old binder's removal frees no blocks for those files
 * (on a file system mounted with online discard, removing a file whose
 * blocks are freed cost 1-2.6 ms here).
 */
static bool linked_unchanged(struct rb_output *o, const char *rel, const char *data,
			     size_t len, int mode, const char *path)
{
	char *old;
	struct stat st;
	bool same = false;
	int fd;

	if (!o->previous || !len)
		return false;
	old = rb_xasprintf("%s/%s", o->final, rel);
	fd = open(old, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == len &&
	    (int)(st.st_mode & 07777) == mode)
		same = same_bytes(o, fd, data, len);
	if (fd >= 0)
		close(fd);
	same = same && link(old, path) == 0;
	if (same) {
		const char *known = old_sum(o, rel, &st);
		char hex[65];

		if (!known)
			rb_sha256_hex(data, len, hex);
		note_sum(o, rel, known ? known : hex);
	}
	free(old);
	return same;
}

/* (where a hard link cannot be made: another file system) */
static int copy_file(const char *from, const char *to)
{
	char *data;
	size_t len;
	int ret;

	if (rb_read_file(from, SIZE_MAX, &data, &len) < 0)
		return -1;
	ret = rb_write_file(to, data, len, 0644);
	free(data);
	return ret;
}

int rb_output_reuse(struct rb_output *o, const char *rel, const char *mark)
{
	char *old, *path, *dir;
	char head[4097];
	struct stat st;
	ssize_t n = -1;
	int fd, ret = 0;

	if (!rb_output_path_safe(rel) || !o->previous)
		return 0;
	old = rb_xasprintf("%s/%s", o->final, rel);
	path = rb_xasprintf("%s/%s", o->staging, rel);
	dir = parent_of(path);
	fd = open(old, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (fstat(fd, &st) == 0)
			n = read(fd, head, sizeof(head) - 1);
		close(fd);
	}
	if (n > 0) {
		head[n] = '\0';
		/* (a PDF has NUL bytes only in its streams, after the mark) */
		if (strstr(head, mark) && make_dir(o, dir) == 0 &&
		    (link(old, path) == 0 || copy_file(old, path) == 0)) {
			const char *known = old_sum(o, rel, &st);

			if (known)
				note_sum(o, rel, known);
			rb_strlist_add(&o->files, rb_xstrdup(rel));
			ret = 1;
		}
	}
	free(dir);
	free(path);
	free(old);
	return ret;
}

int rb_output_write(struct rb_output *o, const char *rel, const void *data,
		    size_t len, int mode)
{
	char *path, *dir;
	int ret;

	if (!rb_output_path_safe(rel)) {
		errno = EINVAL;
		return -1;
	}
	path = rb_xasprintf("%s/%s", o->staging, rel);
	dir = parent_of(path);
	ret = make_dir(o, dir);
	if (ret == 0 && !linked_unchanged(o, rel, data, len, mode, path)) {
		ret = rb_write_file(path, data, len, mode);
		if (ret == 0) {
			char hex[65];

			rb_sha256_hex(data, len, hex);
			note_sum(o, rel, hex);
		}
	}
	if (ret == 0)
		rb_strlist_add(&o->files, rb_xstrdup(rel));
	free(dir);
	free(path);
	return ret;
}

static int fsync_path(const char *path, bool dir)
{
	int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return -1;
	ret = fsync(fd);
	close(fd);
	return ret;
}

int rb_output_commit(struct rb_output *o)
{
	char *parent = parent_of(o->final);
	struct stat st;
	int ret = -1;

	/*
	 * File data must be on disk before the rename makes it visible: one
	 * syncfs() of the staging directory's file system flushes every file
	 * at once (an fsync per file costs seconds at 10,000 runbooks).
	 */
	{
		int fd = open(o->staging, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

		if (fd < 0)
			goto done;
		if (syncfs(fd) < 0) {
			close(fd);
			goto done;
		}
		close(fd);
	}
	if (lstat(o->final, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			errno = ENOTDIR;
			goto done;
		}
		/* atomic: readers see the old binder or the new one */
		if (renameat2(AT_FDCWD, o->staging, AT_FDCWD, o->final,
			      RENAME_EXCHANGE) < 0)
			goto done;
		/* the old binder now sits at the staging name */
		if (rb_remove_tree(o->staging) < 0)
			goto done;
	} else {
		if (rename(o->staging, o->final) < 0)
			goto done;
	}
	fsync_path(parent, true);
	free(o->staging);
	o->staging = NULL;
	ret = 0;
done:
	free(parent);
	return ret;
}

void rb_output_abort(struct rb_output *o)
{
	if (o->staging) {
		rb_remove_tree(o->staging);
		free(o->staging);
	}
	rb_writer_lock_release(&o->lock);
	free(o->final);
	free(o->holder);
	rb_strlist_release(&o->files);
	rb_strmap_release(&o->sums);
	rb_strlist_release(&o->sum_names);
	rb_strlist_release(&o->sum_hex);
	rb_strmap_release(&o->old_sums);
	free(o->old_text);
	free(o->cmp);
	rb_strmap_release(&o->dirs);
	rb_strlist_release(&o->dir_names);
	memset(o, 0, sizeof(*o));
}

void rb_output_done(struct rb_output *o)
{
	if (rb_free_at_exit())
		rb_output_abort(o);
	else
		rb_writer_lock_release(&o->lock);
}
