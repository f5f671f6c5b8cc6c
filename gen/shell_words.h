/*
 * shell_words.h - a shell code block split into words as the shell would
 * split them: quotes, backslash escapes and continuations, comments, and
 * the separators `;`, `&`, `|`, `(`, `)`, newline and `$(` as entries of
 * their own. A word holding `$`, a backtick or `{{` is dynamic: its value
 * is only known when the shell runs it.
 *
 * Used by the checks that read the `aws` commands of a runbook.
 */
#ifndef RB_SHELL_WORDS_H
#define RB_SHELL_WORDS_H

#include "buf.h"

struct rb_shell_word {
	char *text;         /* in the words' pool; NULL for a separator */
	int line, col;      /* within the code block's literal, 0-based line */
	bool dynamic;       /* holds $, ` or {{ */
	bool sep;           /* a command separator, not a word */
	size_t off;         /* where text is in the pool */
};

struct rb_shell_words {
	struct rb_shell_word *items;
	size_t nr, alloc;
	struct rb_buf pool;  /* every word's text, NUL-terminated: one allocation, not one a word */
};

/*
 * Appends the words and separators of shell code `s` to `out` (zeroed, or
 * filled by an earlier call).
 */
void rb_shell_split(const char *s, struct rb_shell_words *out);

/* Whether a code block's info string (`bash`, `sh {.x}`) names shell code: bash, sh, shell, zsh. */
bool rb_shell_info(const char *info);

/* Frees the words; `w` is empty and reusable. */
void rb_shell_words_release(struct rb_shell_words *w);

#endif
