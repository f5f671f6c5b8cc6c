/*
 * cmd_verify.c - `runbinder verify DIR`: is this binder complete and
 * unchanged since it was built?
 */
#include "cmd.h"
#include "opt.h"
#include "sums.h"

struct verify_opts {
	struct rb_common_opts common;
};

static const char operands[] = "DIR";

static const struct rb_opt verify_opts[] = {
	RB_OPT_HELP(struct verify_opts),
};

void cmd_verify_help(FILE *f)
{
	rb_opt_help(f, "verify", operands,
		    "Checks every file of a binder against its SHA256SUMS: changed, missing\n"
		    "and extra files are listed. Exit 0 when it matches, 1 when not.",
		    verify_opts, RB_ARRAY_SIZE(verify_opts));
}

int cmd_verify(int argc, char **argv)
{
	struct verify_opts o = { RB_COMMON_OPTS_INIT };
	struct rb_cmd cmd;
	int ret;
	int status = RB_EXIT_BAD_INPUT;
	long bad;

	ret = rb_cmd_start(&cmd, "verify", verify_opts, RB_ARRAY_SIZE(verify_opts),
			   cmd_verify_help, &o, true, argc, argv);
	if (ret <= 0) {
		status = ret ? RB_EXIT_BAD_INPUT : RB_EXIT_OK;
		goto done;
	}
	if (cmd.args.nr != 1) {
		rb_opt_usage(stderr, "verify", operands, verify_opts, RB_ARRAY_SIZE(verify_opts));
		goto done;
	}
	bad = rb_sums_verify(cmd.args.items[0], stdout);
	if (bad < 0) {
		fprintf(stderr, "%s/SHA256SUMS: error: cannot read it: is this a binder?\n",
			cmd.args.items[0]);
		goto done;
	}
	if (bad) {
		printf("%s: %ld file%s not match SHA256SUMS\n", cmd.args.items[0], bad,
		       bad == 1 ? " does" : "s do");
		status = RB_EXIT_FINDINGS;
	} else {
		printf("%s: every file matches SHA256SUMS\n", cmd.args.items[0]);
		status = RB_EXIT_OK;
	}
done:
	rb_cmd_release(&cmd);
	return status;
}
