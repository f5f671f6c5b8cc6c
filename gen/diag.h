/*
 * diag.h - findings and load errors with a source location.
 *
 * Modules never print: they add to a `struct rb_diags` and return an error.
 * Only main.c and cmd_*.c print, with rb_diags_print(). Locations are
 * 1-based; line 0 means "the whole file" and prints as `path: error: ...`.
 * Every string passed in is copied.
 */
#ifndef RB_DIAG_H
#define RB_DIAG_H

#include "buf.h"

enum rb_severity {
	RB_SEV_NOTE = 0,
	RB_SEV_WARNING = 1,
	RB_SEV_ERROR = 2,
};

struct rb_loc {
	const char *path; /* not owned; NULL for "no file" */
	int line;         /* 1-based, 0 = unknown */
	int col;          /* 1-based, 0 = unknown */
};

struct rb_diag {
	enum rb_severity severity;
	char *rule;    /* NULL for a load error (bad input) */
	char *path;    /* repo-relative, NULL for none */
	int line, col;
	char *message;
	char *hint;    /* NULL when there is none */
	/*
	 * What the finding is about, as an index the reporter chose (the
	 * checks: a resource of the inventory), SIZE_MAX for nothing.
	 */
	size_t about;
};

struct rb_diags {
	struct rb_diag *items;
	size_t nr, alloc;
	size_t errors; /* load errors and error-level findings */
};

#define RB_DIAGS_INIT { NULL, 0, 0, 0 }

/* Records a load error (bad input); returns -1 for `return rb_error(...)`. */
int rb_error(struct rb_diags *d, struct rb_loc loc, const char *fmt, ...)
	RB_PRINTF(3, 4);

/* The same, with a hint on how to fix it (printed as `  hint: ...`). */
int rb_error_hint(struct rb_diags *d, struct rb_loc loc, const char *hint,
		  const char *fmt, ...) RB_PRINTF(4, 5);

/* Records a finding of `rule`; `hint` may be NULL. Returns the new entry. */
struct rb_diag *rb_finding(struct rb_diags *d, enum rb_severity sev,
			   const char *rule, struct rb_loc loc, const char *hint,
			   const char *fmt, ...) RB_PRINTF(6, 7);

/*
 * Advances (line, col) over the first `len` bytes of `s`: a newline
 * starts the next line at column 1; columns count bytes, or characters
 * when `utf8` is set (continuation bytes do not count). The one place an
 * offset becomes a position.
 */
void rb_pos_advance(const char *s, size_t len, bool utf8, int *line, int *col);

/* Moves every entry of `from` to the end of `to`; `from` is left empty. */
void rb_diags_move(struct rb_diags *to, struct rb_diags *from);

/* Sorts by path, line, column, then insertion order (stable). */
void rb_diags_sort(struct rb_diags *d);

/*
 * Prints `path:line:col: error: message` lines (plus `  hint: ...` lines
 * when `hints` is set); control characters in messages are escaped.
 */
void rb_diags_print(const struct rb_diags *d, FILE *f, bool color, bool hints);

void rb_diags_release(struct rb_diags *d);

const char *rb_severity_name(enum rb_severity s);

/* Appends `s` with control characters escaped as \n, \t, \xNN. */
void rb_escape_controls(struct rb_buf *out, const char *s);

#endif
