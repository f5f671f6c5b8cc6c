/*
 * step_code.h - what a runbook step gives its script, in the author's
 * order: shell code blocks with their attributes, and the task items
 * around them as gates.
 *
 * A block's info string may carry attributes after the language, as
 * ```` ```bash {may-fail} ````, ```` ```bash {if="the automatic failover did
 * not happen"} ````, ```` ```bash {expect="<= 300" wait="10m"} ```` or
 * ```` ```bash {illustrative} ```` (GitHub reads only the first word, so the
 * page still highlights it as shell). A `console` or `shell-session`
 * block, or a shell block whose first line starts with a `$ ` prompt, is a
 * transcript: its prompt lines are the commands, without the prompt, and
 * the lines after them are output, left out.
 */
#ifndef RB_STEP_CODE_H
#define RB_STEP_CODE_H

#include "binder.h"

enum rb_part_kind {
	RB_PART_CODE,
	RB_PART_GATE,    /* a task item: the operator confirms it */
};

struct rb_step_part {
	enum rb_part_kind kind;
	char *text;          /* the commands, or the gate's words */
	int line, col;       /* in the file: the block's first code line, or the item */
	int *lines;          /* a transcript: the block's line (1 the first) of each */
	size_t lines_nr;     /* line of text; NULL: text is the block's lines */
	/* RB_PART_CODE only */
	char *cond;          /* if="...": asked before the block runs, or NULL */
	bool may_fail;       /* its commands' failures are shown and logged, not fatal */
	char *expect_op;     /* "=", "!=", "<", "<=", ">", ">=", or NULL: no check */
	char *expect_value;
	long wait;           /* seconds to wait for the check to hold, 0: check once */
	char *error;         /* an attribute that cannot be understood, or NULL */
};

struct rb_step_parts {
	struct rb_step_part *items;
	size_t nr, alloc;
};

/* The parts of step `k` of `r`, appended to `out` (zeroed). */
void rb_step_parts(const struct rb_runbook *r, size_t k, struct rb_step_parts *out);

/*
 * The commands of a code block that is a console transcript (its info
 * string `console` or `shell-session`, or its first line a `$ ` prompt),
 * as the step's script holds them, without the last newline: what a copy
 * button copies. NULL when the block is no transcript, or shows no command.
 */
char *rb_code_block_commands(const char *info, const char *code);

/* The file's line of line `k` (1 the first) of a part's text. */
int rb_step_part_line(const struct rb_step_part *p, int k);

/* Whether any part of the step is code. */
bool rb_step_parts_code(const struct rb_step_parts *p);

void rb_step_parts_release(struct rb_step_parts *p);

/*
 * A value left for the reader to fill in, `<chapter>` or `<KEYID>`, outside
 * quotes in shell code (the shell would read it as redirections): the
 * token, malloc'ed, with its 1-based line in the code; NULL when none.
 */
char *rb_step_reader_placeholder(const char *code, int *line);

/*
 * The `aws SERVICE COMMAND` of each command in `code` that changes
 * something (not describe-, get-, list-, wait, ...), one a line, appended to `out`.
 */
void rb_step_changes(const char *code, struct rb_buf *out);

#endif
