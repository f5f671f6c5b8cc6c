/*
 * commands.c - the table of subcommands (main.c dispatches through it and
 * nothing else) and `runbinder help`, which lists it and the rules.
 */
#include "cmd.h"
#include "rules.h"

const struct rb_command rb_commands[] = {
	{ "build", cmd_build, "check the sources and write the binder", cmd_build_help },
	{ "check", cmd_check, "check the sources and report findings", cmd_check_help },
	{ "inventory", cmd_inventory, "list, show and find resources of the infra exports", cmd_inventory_help },
	{ "review", cmd_review, "record the infra values runbooks are reviewed against", cmd_review_help },
	{ "publish", cmd_publish, "commit the binder to a branch, for storage outside AWS", cmd_publish_help },
	{ "verify", cmd_verify, "check a binder against its SHA256SUMS", cmd_verify_help },
	{ "drill-report", cmd_drill_report, "time a drill's steps against estimates and the RTO", cmd_drill_report_help },
	{ "export-script", cmd_export_script, "print the AWS CLI commands that refresh the exports", cmd_export_script_help },
	{ "init", cmd_init, "write a minimal working binder to start from", cmd_init_help },
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


void cmd_help_help(FILE *f)
{
	fputs("usage: runbinder help [COMMAND | rules]\n\n"
	      "Shows the list of commands, one command's options, or the rules\n"
	      "findings are reported under, with their default severity.\n\n"
	      "options:\n"
	      "  -h, --help               show this help\n", f);
}

int cmd_help(int argc, char **argv)
{
	const struct rb_command *c;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		cmd_help_help(stdout);
		return RB_EXIT_OK;
	}
	if (argc > 1 && !strcmp(argv[1], "rules")) {
		for (size_t i = 0; i < RB_RULE_CHECKS_NR; i++)
			printf("%-30s %-8s %s\n", rb_rules[i].id,
			       rb_severity_name(rb_rules[i].severity), rb_rules[i].summary);
		return RB_EXIT_OK;
	}
	if (argc > 1) {
		c = rb_command_find(argv[1]);
		if (!c) {
			fprintf(stderr, "runbinder help: error: unknown command '%s'\n", argv[1]);
			return RB_EXIT_BAD_INPUT;
		}
		c->help(stdout);
		return RB_EXIT_OK;
	}
	printf("usage: runbinder COMMAND [OPTIONS]\n\n"
	       "Turns a disaster-recovery plan kept as Markdown and YAML into a binder\n"
	       "that works when the cloud does not: offline HTML, a printable PDF,\n"
	       "plain text and step scripts, each runbook checked against the infra.\n\n"
	       "commands:\n");
	for (c = rb_commands; c->name; c++)
		printf("  %-14s %s\n", c->name, c->summary);
	printf("\n'runbinder help COMMAND' or 'runbinder COMMAND --help' shows a command's options.\n"
	       "'runbinder --version' prints the version.\n"
	       "\nexit status: 0 ok, 1 findings, 2 bad input or usage, 3 internal fault\n");
	return RB_EXIT_OK;
}
