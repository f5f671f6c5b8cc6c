/*
 * cmd.h - the subcommands. Each `cmd_<name>()` gets argv with argv[0] the
 * command's name and returns the process exit status (RB_EXIT_*). main.c
 * dispatches through rb_commands[] and nothing else.
 */
#ifndef RB_CMD_H
#define RB_CMD_H

#include "diag.h"
#include "opt.h"
#include "repo.h"

#define RB_VERSION "0.1.0"

struct rb_command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
	void (*help)(FILE *f);
};

extern const struct rb_command rb_commands[];
const struct rb_command *rb_command_find(const char *name);

int cmd_build(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_new(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_inventory(int argc, char **argv);
int cmd_review(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_publish(int argc, char **argv);
int cmd_drill_report(int argc, char **argv);
int cmd_export_script(int argc, char **argv);
void cmd_build_help(FILE *f);
void cmd_check_help(FILE *f);
void cmd_new_help(FILE *f);
void cmd_init_help(FILE *f);
void cmd_help_help(FILE *f);
void cmd_inventory_help(FILE *f);
void cmd_review_help(FILE *f);
void cmd_verify_help(FILE *f);
void cmd_publish_help(FILE *f);
void cmd_drill_report_help(FILE *f);
void cmd_export_script_help(FILE *f);

/*
 * What every command does before its own work, in one place (as git's
 * RUN_SETUP): parse the options into the command's own struct, answer
 * --help, refuse operands where it takes none; then, for the commands
 * that read sources, find them (-C, or a checkout of --ref) and the
 * build date.
 */
struct rb_cmd {
	const char *name;            /* "check" */
	struct rb_common_opts *opts; /* the first member of the options struct */
	struct rb_strlist args;      /* the operands */
	struct rb_repo_info repo;    /* set by rb_cmd_sources() */
	char *src;                   /* the sources' directory */
	char *ref_tmp;               /* a checkout of --ref to remove, or NULL */
	long long now;               /* the build date, seconds since 1970 */
};

/*
 * Parses argv into `values`, whose first member is a struct
 * rb_common_opts. Returns 1 to go on, 0 when --help was answered (exit
 * 0), -1 after a usage error was printed (exit 2). Call rb_cmd_release()
 * whatever it returns.
 */
int rb_cmd_start(struct rb_cmd *c, const char *name, const struct rb_opt *opts,
		 size_t nopts, void (*help)(FILE *f), void *values,
		 bool takes_operands, int argc, char **argv);

/* Finds the sources and the build date; -1 after printing why not. */
int rb_cmd_sources(struct rb_cmd *c);

/* Checks a --fail-on level; -1 after printing why it is not one. */
int rb_cmd_fail_level(const struct rb_cmd *c, const char *level);

/* --wait SECONDS: how long to wait for another runbinder writing the binder. */
#define RB_WAIT_DEFAULT 300.0
int rb_cmd_wait_seconds(const struct rb_cmd *c, const char *text, double *out);

/*
 * Says why the binder directory `final` could not be written or locked
 * (`holder`: who holds its lock; else errno); returns the exit status.
 */
int rb_cmd_output_error(const char *final, const char *holder, double waited);

void rb_cmd_release(struct rb_cmd *c);

/* Should diagnostics on stderr be coloured (a terminal, no NO_COLOR)? */
bool rb_use_color(void);

/* The build date: --date `date`, else SOURCE_DATE_EPOCH, else now. */
int rb_build_time(const char *date, long long *out);

/* Prints the run's diagnostics to stderr, sorted. */
void rb_print_diags(struct rb_diags *d);

#endif
