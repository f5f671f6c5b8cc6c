/*
 * fsutil.h - directory listing, directory creation and file writing.
 */
#ifndef RB_FSUTIL_H
#define RB_FSUTIL_H

#include "buf.h"

struct rb_strlist {
	char **items;
	size_t nr, alloc;
};

void rb_strlist_add(struct rb_strlist *l, char *owned);
void rb_strlist_sort(struct rb_strlist *l);
void rb_strlist_release(struct rb_strlist *l);

/*
 * Lists regular files below `dir` (recursively, skipping names starting
 * with '.') whose name ends with one of `suffixes` (NULL-terminated), as
 * paths relative to `dir`, sorted bytewise. Returns 0, or -1 with errno.
 */
int rb_list_files(const char *dir, const char *const *suffixes,
		  struct rb_strlist *out);

/* Creates `path` and its missing parents with mode 0755. */
int rb_mkdirs(const char *path);

/* Writes a whole file (created with `mode`, truncated). */
int rb_write_file(const char *path, const void *data, size_t len, int mode);
/* Writes all of `data` to `fd`, again after a signal; 0 or -1. */
int rb_write_fd(int fd, const void *data, size_t len);
/* Reads up to `want` bytes, again after a signal; how many came before the end or an error. */
size_t rb_read_fd(int fd, void *to, size_t want);
/* Adds what `fd` holds up to its end (or an error) to `b`. */
void rb_read_fd_all(int fd, struct rb_buf *b);

/* Removes a directory tree; returns 0 or -1. */
int rb_remove_tree(const char *path);

bool rb_is_dir(const char *path);

/*
 * A file's bytes, read whole. A large file is mapped, not copied: a state
 * of hundreds of MB is read in place, and the pages a reader has passed
 * can be given back (rb_file_text_drop), so the file never needs to be
 * resident whole; a later look at a span faults it in again from the page
 * cache. Small files are read into memory (NUL-terminated).
 */
struct rb_file_text {
	char *data;
	size_t len;
	size_t mapped;      /* length of the mapping, 0 when read */
	size_t dropped;     /* bytes before this offset were given back */
};

#define RB_FILE_TEXT_INIT { NULL, 0, 0, 0 }

/* Returns 0, or -1 with errno (EISDIR: not a regular file; EFBIG: > limit). */
int rb_file_text_open(struct rb_file_text *t, const char *path, size_t limit);
/* Takes a malloc'd buffer (the text of a file read another way). */
void rb_file_text_adopt(struct rb_file_text *t, char *data, size_t len);
/*
 * Gives back the pages wholly before `offset` that this pass has read (a
 * pass starts again at a lower offset than the last one). A no-op when
 * the text was read, not mapped.
 */
void rb_file_text_drop(struct rb_file_text *t, size_t offset);
void rb_file_text_release(struct rb_file_text *t);

#endif
