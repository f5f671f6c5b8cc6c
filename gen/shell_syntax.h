/*
 * shell_syntax.h - whether shell code parses, asked of `bash -n` when bash
 * is on PATH; without bash nothing is said (the build does not need it).
 */
#ifndef RB_SHELL_SYNTAX_H
#define RB_SHELL_SYNTAX_H

#include "buf.h"

/*
 * 0 when `code` parses or bash cannot be run; 1 when it does not, with
 * the 1-based line within `code` in *line and bash's message in `msg`.
 */
int rb_shell_syntax(const char *code, int *line, struct rb_buf *msg);

#endif
