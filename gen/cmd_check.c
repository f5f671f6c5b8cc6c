/*
 * cmd_check.c - `runbinder check`: load every source and report what is
 * wrong, compiler-style, without writing anything.
 */
#include "binder.h"
#include "check.h"
#include "repo.h"
#include "report.h"
#include "fsutil.h"
#include "cmd.h"
#include "opt.h"

static const char *dir = ".", *fail_on, *format, *ref;
static struct rb_strlist states;
static bool quiet, help, timings;

static const struct rb_opt check_opts[] = {
	RB_OPT_DIR(dir),
	RB_OPT_STATE(states),
	{ 0, "ref", "REF", "check the sources of commit REF (branch, tag, id), no checkout", &ref, NULL, NULL },
	{ 0, "format", "FORMAT", "text (default, on stderr), json, sarif or junit (on stdout)", &format, NULL, NULL },
	{ 0, "fail-on", "LEVEL", "error, warning or never (default: error)", &fail_on, NULL, NULL },
	{ 'q', "quiet", NULL, "print only findings", NULL, &quiet, NULL },
	{ 0, "timings", NULL, "print the time each phase took", NULL, &timings, NULL },
	RB_OPT_HELP(help),
};

void cmd_check_help(FILE *f)
{
	rb_opt_help(f, "runbinder check [-C DIR] [--ref REF] [--state PATH]... [--format text|json|sarif|junit] [--fail-on LEVEL] [-q] [--timings]",
		    "Loads runbinder.yaml, the plan data and the runbooks and reports every\n"
		    "problem as `path:line:col: error: message`. Writes nothing.\n"
		    "Exit status: 0 clean, 1 findings at or above --fail-on, 2 bad input.",
		    check_opts, RB_ARRAY_SIZE(check_opts));
}

int cmd_check(int argc, char **argv)
{
	struct rb_strlist args = { 0 };
	struct rb_diags d = RB_DIAGS_INIT;
	struct rb_binder b;
	struct rb_repo_info repo;
	long long now = 0;
	int status = RB_EXIT_BAD_INPUT;
	char *src = NULL, *ref_tmp = NULL;
	struct rb_timings tm;

	if (rb_opt_parse("check", check_opts, RB_ARRAY_SIZE(check_opts), argc,
			 argv, &args) < 0)
		goto done;
	if (help) {
		cmd_check_help(stdout);
		status = RB_EXIT_OK;
		goto done;
	}
	if (args.nr) {
		fprintf(stderr, "runbinder check: error: unexpected argument '%s'\n",
			args.items[0]);
		goto done;
	}
	if (format && strcmp(format, "text") && strcmp(format, "json") &&
	    strcmp(format, "sarif") && strcmp(format, "junit")) {
		fprintf(stderr, "runbinder check: error: unknown format '%s' (known: text, json, sarif, junit)\n",
			format);
		goto done;
	}
	if (ref) {
		char err[256];

		if (rb_repo_extract(dir, ref, &repo, &ref_tmp, &src, err, sizeof(err)) < 0) {
			fprintf(stderr, "runbinder check: error: %s\n", err);
			goto done;
		}
	} else {
		rb_repo_info(&repo, dir);
		src = rb_xstrdup(dir);
	}
	if (rb_build_time(&repo, &now) < 0)
		goto done;
	if (fail_on && strcmp(fail_on, "error") && strcmp(fail_on, "warning") &&
	    strcmp(fail_on, "never")) {
		fprintf(stderr, "runbinder check: error: --fail-on takes error, warning or never, not '%s'\n",
			fail_on);
		goto done;
	}
	rb_timings_start(&tm, timings);
	rb_binder_load(&b, src, &(struct rb_load_opts){ &states, &tm }, &d);
	/* drift (a resource gone) still lets every other check run */
	if (!rb_diags_bad_input(&d))
		rb_check_binder(&b, (long)(now / 86400), &d);
	rb_timings_mark(&tm, "checks");
	if (rb_diags_bad_input(&d))
		status = RB_EXIT_BAD_INPUT;
	else
		status = rb_findings_fail(&d, fail_on) ? RB_EXIT_FINDINGS : RB_EXIT_OK;
	rb_diags_sort(&d);
	if (!format || !strcmp(format, "text")) {
		size_t n[3] = { 0, 0, 0 };

		rb_print_diags(&d);
		for (size_t i = 0; i < d.nr; i++)
			n[d.items[i].severity]++;
		if (!quiet || d.nr)
			fprintf(stderr, "runbinder check: %zu runbook%s, %zu service%s, %zu resource%s: %zu error%s, %zu warning%s, %zu note%s\n",
				b.runbooks_nr, b.runbooks_nr == 1 ? "" : "s",
				b.plan.services_nr, b.plan.services_nr == 1 ? "" : "s",
				b.infra.nr, b.infra.nr == 1 ? "" : "s",
				n[2], n[2] == 1 ? "" : "s", n[1], n[1] == 1 ? "" : "s",
				n[0], n[0] == 1 ? "" : "s");
	} else {
		struct rb_buf out = RB_BUF_INIT;

		if (!strcmp(format, "json"))
			rb_report_json(&out, &d);
		else if (!strcmp(format, "sarif"))
			rb_report_sarif(&out, &d, RB_VERSION);
		else
			rb_report_junit(&out, &d);
		fwrite(out.ptr, 1, out.len, stdout);
		rb_buf_release(&out);
	}
	rb_timings_mark(&tm, "report");
	rb_timings_print(&tm, stderr);
	rb_binder_release(&b);
done:
	if (ref_tmp)
		rb_remove_tree(ref_tmp);
	free(ref_tmp);
	free(src);
	rb_diags_release(&d);
	rb_strlist_release(&args);
	rb_strlist_release(&states);
	return status;
}
