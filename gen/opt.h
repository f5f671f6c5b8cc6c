/*
 * opt.h - command-line options from one table per command; the same table
 * prints the command's usage line and help, so they never disagree.
 *
 * A table entry names a field of the command's own options struct by its
 * offset; rb_opt_parse() fills a struct the command keeps on its stack, so
 * nothing persists between two calls of a command. Each options struct
 * starts with the options every command shares:
 *
 *   struct check_opts { struct rb_common_opts common; const char *format; };
 *   static const struct rb_opt check_opts_table[] = {
 *           RB_OPT_DIR(struct check_opts),
 *           RB_OPT_STR(0, "format", "FORMAT", "...", struct check_opts, format),
 *           RB_OPT_HELP(struct check_opts),
 *   };
 */
#ifndef RB_OPT_H
#define RB_OPT_H

#include <stddef.h>

#include "fsutil.h"

enum rb_opt_kind {
	RB_OPT_VALUE,             /* const char *: the last one given */
	RB_OPT_FLAG,              /* bool */
	RB_OPT_LIST,              /* struct rb_strlist: repeatable */
};

struct rb_opt {
	char short_name;          /* 0 for none */
	const char *long_name;    /* without "--"; NULL for none */
	const char *arg_name;     /* NULL for a flag */
	const char *help;
	size_t offset;            /* of the field in the options struct */
	enum rb_opt_kind kind;
	bool required;            /* shown without brackets in the usage */
};

/* The options most commands share; first member of every options struct. */
struct rb_common_opts {
	const char *dir;          /* -C: the binder's directory */
	const char *ref;          /* --ref: a commit to read the sources of */
	struct rb_strlist states; /* --state: infra exports instead of the config's */
	const char *date;         /* --date: the day checks count from */
	bool help;
};

#define RB_COMMON_OPTS_INIT { ".", NULL, { 0 }, NULL, false }

#define RB_OPT_STR(s, l, arg, text, T, field) \
	{ s, l, arg, text, offsetof(T, field), RB_OPT_VALUE, false }
#define RB_OPT_NEEDED(s, l, arg, text, T, field) \
	{ s, l, arg, text, offsetof(T, field), RB_OPT_VALUE, true }
#define RB_OPT_BOOL(s, l, text, T, field) \
	{ s, l, NULL, text, offsetof(T, field), RB_OPT_FLAG, false }
#define RB_OPT_DIR(T) \
	RB_OPT_STR('C', NULL, "DIR", "the binder's directory (default: .)", T, common.dir)
#define RB_OPT_STATE(T) \
	{ 0, "state", "PATH", "an infra export or folder, instead of the config's (repeatable)", \
	  offsetof(T, common.states), RB_OPT_LIST, false }
#define RB_OPT_REF(T, verb) \
	RB_OPT_STR(0, "ref", "REF", verb " the sources of commit REF (branch, tag, id), no checkout", \
		   T, common.ref)
#define RB_OPT_DATE(T) \
	RB_OPT_STR(0, "date", "YYYY-MM-DD", "the day drills and reviews are due against (default: today, UTC)", \
		   T, common.date)
#define RB_OPT_WAIT(T) \
	RB_OPT_STR(0, "wait", "SECONDS", "wait this long for another runbinder writing the binder (default: 300)", \
		   T, wait)
#define RB_OPT_HELP(T) RB_OPT_BOOL('h', "help", "show this help", T, common.help)

/*
 * Parses argv[1..] (argv[0] is the command) into `values`. Positional
 * arguments go to `args`. `--` ends options. On error prints
 * `runbinder CMD: error: ...` to stderr and returns -1.
 */
int rb_opt_parse(const char *cmd, const struct rb_opt *opts, size_t nopts,
		 void *values, int argc, char **argv, struct rb_strlist *args);

/* Prints "usage: runbinder CMD [OPTIONS] OPERANDS", made from the table. */
void rb_opt_usage(FILE *f, const char *cmd, const char *operands,
		  const struct rb_opt *opts, size_t nopts);

/*
 * Prints the usage line, then `about` and the option list. `operands`
 * may be NULL.
 */
void rb_opt_help(FILE *f, const char *cmd, const char *operands,
		 const char *about, const struct rb_opt *opts, size_t nopts);

#endif
