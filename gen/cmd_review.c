/*
 * cmd_review.c - `runbinder review ID...`: records in review.lock.yaml the
 * infra values the named runbooks are reviewed against today.
 */
#include "binder.h"
#include "check.h"
#include "cmd.h"
#include "opt.h"
#include "repo.h"
#include "review.h"

struct review_opts {
	struct rb_common_opts common;
};

static const char operands[] = "ID...";

static const struct rb_opt review_opts[] = {
	RB_OPT_DIR(struct review_opts),
	RB_OPT_DATE(struct review_opts),
	RB_OPT_STATE(struct review_opts),
	RB_OPT_HELP(struct review_opts),
};

void cmd_review_help(FILE *f)
{
	rb_opt_help(f, "review", operands,
		    "Records in review.lock.yaml, for each runbook named, today's date and\n"
		    "the infra values its placeholders use. `check` then reports every one\n"
		    "of them that changes (rule review-changed). Commit the lock file.",
		    review_opts, RB_ARRAY_SIZE(review_opts));
}

int cmd_review(int argc, char **argv)
{
	struct review_opts o = { RB_COMMON_OPTS_INIT };
	struct rb_cmd cmd;
	int ret;
	struct rb_diags d = RB_DIAGS_INIT;
	struct rb_binder b;
	long long now = 0;
	int status = RB_EXIT_BAD_INPUT;
	bool loaded = false;

	ret = rb_cmd_start(&cmd, "review", review_opts, RB_ARRAY_SIZE(review_opts),
			   cmd_review_help, &o, true, argc, argv);
	if (ret <= 0) {
		status = ret ? RB_EXIT_BAD_INPUT : RB_EXIT_OK;
		goto done;
	}
	if (!cmd.args.nr) {
		rb_opt_usage(stderr, "review", operands, review_opts, RB_ARRAY_SIZE(review_opts));
		goto done;
	}
	if (rb_build_time(o.common.date, &now) < 0)
		goto done;
	loaded = true;
	if (rb_binder_load(&b, o.common.dir, &(struct rb_load_opts){ &o.common.states, NULL, false }, &d) < 0 || d.errors) {
		rb_print_diags(&d);
		fprintf(stderr, "runbinder review: fix the errors first: a runbook is reviewed against infra it can bind\n");
		status = rb_diags_bad_input(&d) ? RB_EXIT_BAD_INPUT : RB_EXIT_FINDINGS;
		goto done;
	}
	for (size_t i = 0; i < cmd.args.nr; i++) {
		if (!rb_binder_runbook(&b, cmd.args.items[i])) {
			fprintf(stderr, "runbinder review: error: no runbook '%s'\n", cmd.args.items[i]);
			goto done;
		}
	}
	if (rb_review_write(&b, &cmd.args, (long)(now / 86400), &d) < 0) {
		rb_print_diags(&d);
		goto done;
	}
	for (size_t i = 0; i < cmd.args.nr; i++) {
		json_t *v = rb_review_values(&b, rb_binder_runbook(&b, cmd.args.items[i]));

		printf("reviewed %s against %zu infra value%s\n", cmd.args.items[i],
		       json_object_size(v), json_object_size(v) == 1 ? "" : "s");
		json_decref(v);
	}
	status = RB_EXIT_OK;
done:
	if (loaded)
		rb_binder_release(&b);
	rb_diags_release(&d);
	rb_cmd_release(&cmd);
	return status;
}
