/*
 * cmd.h - the subcommands. Each `cmd_<name>()` gets argv with argv[0] the
 * command's name and returns the process exit status (RB_EXIT_*). main.c
 * dispatches through rb_commands[] and nothing else.
 */
#ifndef RB_CMD_H
#define RB_CMD_H

#include "diag.h"

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
void cmd_help_help(FILE *f);
void cmd_inventory_help(FILE *f);
void cmd_review_help(FILE *f);
void cmd_verify_help(FILE *f);
void cmd_publish_help(FILE *f);
void cmd_drill_report_help(FILE *f);
void cmd_export_script_help(FILE *f);

/* Should diagnostics on stderr be coloured (a terminal, no NO_COLOR)? */
bool rb_use_color(void);

struct rb_repo_info;

/* The build date: SOURCE_DATE_EPOCH, else the commit's time, else 0. */
int rb_build_time(const struct rb_repo_info *repo, long long *out);

/* Prints the run's diagnostics to stderr, sorted. */
void rb_print_diags(struct rb_diags *d);

#endif
