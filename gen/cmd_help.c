#include "cmd.h"

void cmd_help_help(FILE *f)
{
	fputs("usage: runbinder help [COMMAND]\n\nShows the list of commands, or one command's options.\n", f);
}

int cmd_help(int argc, char **argv)
{
	const struct rb_command *c;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		cmd_help_help(stdout);
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
	       "that works when the cloud does not: offline HTML and plain text.\n\n"
	       "commands:\n");
	for (c = rb_commands; c->name; c++)
		printf("  %-8s %s\n", c->name, c->summary);
	printf("\n'runbinder help COMMAND' or 'runbinder COMMAND --help' shows a command's options.\n"
	       "'runbinder --version' prints the version.\n"
	       "\nexit status: 0 ok, 1 findings, 2 bad input or usage, 3 internal fault\n");
	return RB_EXIT_OK;
}
