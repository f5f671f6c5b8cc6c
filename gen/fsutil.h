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

/* Removes a directory tree; returns 0 or -1. */
int rb_remove_tree(const char *path);

bool rb_is_dir(const char *path);

#endif
