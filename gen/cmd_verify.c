/*
 * cmd_verify.c - `runbinder verify DIR`: is this binder complete and
 * unchanged since it was built?
 */
#include "cmd.h"
#include "opt.h"
#include "sums.h"

static bool help;

static const struct rb_opt verify_opts[] = {
	RB_OPT_HELP(help),
};

void cmd_verify_help(FILE *f)
{
	rb_opt_help(f, "runbinder verify DIR",
		    "Checks every file of a binder against its SHA256SUMS: changed, missing\n"
		    "and extra files are listed. Exit 0 when it matches, 1 when not.",
		    verify_opts, RB_ARRAY_SIZE(verify_opts));
}

int cmd_verify(int argc, char **argv)
{
	struct rb_strlist args = { 0 };
	int status = RB_EXIT_BAD_INPUT;
	long bad;

	if (rb_opt_parse("verify", verify_opts, RB_ARRAY_SIZE(verify_opts), argc, argv,
			 &args) < 0)
		goto done;
	if (help) {
		cmd_verify_help(stdout);
		status = RB_EXIT_OK;
		goto done;
	}
	if (args.nr != 1) {
		fprintf(stderr, "usage: runbinder verify DIR\n");
		goto done;
	}
	bad = rb_sums_verify(args.items[0], stdout);
	if (bad < 0) {
		fprintf(stderr, "%s/SHA256SUMS: error: cannot read it: is this a binder?\n",
			args.items[0]);
		goto done;
	}
	if (bad) {
		printf("%s: %ld file%s do not match SHA256SUMS\n", args.items[0], bad,
		       bad == 1 ? "" : "s");
		status = RB_EXIT_FINDINGS;
	} else {
		printf("%s: every file matches SHA256SUMS\n", args.items[0]);
		status = RB_EXIT_OK;
	}
done:
	rb_strlist_release(&args);
	return status;
}
