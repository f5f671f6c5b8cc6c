/*
 * opt.h - command-line options from one table per command; the same table
 * prints the command's help, so the two never disagree.
 */
#ifndef RB_OPT_H
#define RB_OPT_H

#include "fsutil.h"

struct rb_opt {
	char short_name;          /* 0 for none */
	const char *long_name;    /* without "--" */
	const char *arg_name;     /* NULL for a flag */
	const char *help;
	const char **value;       /* for options with an argument */
	bool *flag;               /* for flags */
	struct rb_strlist *list;  /* for repeatable options with an argument */
};

/* The options most commands share, for their tables. */
#define RB_OPT_DIR(var) \
	{ 'C', NULL, "DIR", "the binder's directory (default: .)", &(var), NULL, NULL }
#define RB_OPT_STATE(list) \
	{ 0, "state", "PATH", "an infra export or folder, instead of the config's (repeatable)", NULL, NULL, &(list) }
#define RB_OPT_HELP(flag) \
	{ 'h', "help", NULL, "show this help", NULL, &(flag), NULL }

/*
 * Parses argv[1..] (argv[0] is the command). Positional arguments go to
 * `args`. `--` ends options. On error prints `runbinder CMD: error: ...`
 * to stderr and returns -1.
 */
int rb_opt_parse(const char *cmd, const struct rb_opt *opts, size_t nopts,
		 int argc, char **argv, struct rb_strlist *args);

/* Prints "usage: ..." and the option list. */
void rb_opt_help(FILE *f, const char *usage, const char *about,
		 const struct rb_opt *opts, size_t nopts);

#endif
