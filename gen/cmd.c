/*
 * cmd.c - the table of subcommands and what they share: how diagnostics
 * are printed.
 */
#include <ctype.h>
#include <unistd.h>

#include "cmd.h"
#include "repo.h"

const struct rb_command rb_commands[] = {
	{ "build", cmd_build, "check the sources and write the binder", cmd_build_help },
	{ "check", cmd_check, "check the sources and report findings", cmd_check_help },
	{ "inventory", cmd_inventory, "list, show and find resources of the infra exports", cmd_inventory_help },
	{ "review", cmd_review, "record the infra values runbooks are reviewed against", cmd_review_help },
	{ "publish", cmd_publish, "commit the binder to a branch, for storage outside AWS", cmd_publish_help },
	{ "verify", cmd_verify, "check a binder against its SHA256SUMS", cmd_verify_help },
	{ "drill-report", cmd_drill_report, "time a drill's steps against estimates and the RTO", cmd_drill_report_help },
	{ "export-script", cmd_export_script, "print the AWS CLI commands that refresh the exports", cmd_export_script_help },
	{ "new", cmd_new, "scaffold a new runbook", cmd_new_help },
	{ "help", cmd_help, "show help for a command", cmd_help_help },
	{ NULL, NULL, NULL, NULL },
};

const struct rb_command *rb_command_find(const char *name)
{
	for (const struct rb_command *c = rb_commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

bool rb_use_color(void)
{
	const char *nc = getenv("NO_COLOR");

	return isatty(STDERR_FILENO) && !(nc && *nc);
}

void rb_print_diags(struct rb_diags *d)
{
	rb_diags_sort(d);
	rb_diags_print(d, stderr, rb_use_color(), true);
}


/* SOURCE_DATE_EPOCH, else the commit's time, else a fixed 0. */
int rb_build_time(const struct rb_repo_info *repo, long long *out)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");

	if (s && *s) {
		long long v = 0;

		for (const char *p = s; *p; p++) {
			if (!isdigit((unsigned char)*p) || v > 100000000000LL) {
				fprintf(stderr, "runbinder: error: SOURCE_DATE_EPOCH must be seconds since 1970, not '%s'\n",
					s);
				return -1;
			}
			v = v * 10 + (*p - '0');
		}
		*out = v;
		return 0;
	}
	*out = repo->commit_time;
	return 0;
}

