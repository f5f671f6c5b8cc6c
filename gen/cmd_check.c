/*
 * cmd_check.c - `runbinder check`: load every source and report what is
 * wrong, compiler-style, without writing anything.
 */
#include "big_alloc.h"
#include "binder.h"
#include "check.h"
#include "closest.h"
#include "recovery_time.h"
#include "repo.h"
#include "report.h"
#include "fsutil.h"
#include "cmd.h"
#include "opt.h"

struct check_opts {
	struct rb_common_opts common;
	const char *fail_on, *format;
	bool quiet, timings, verbose;
};

static const struct rb_opt check_opts[] = {
	RB_OPT_DIR(struct check_opts),
	RB_OPT_DATE(struct check_opts),
	RB_OPT_STATE(struct check_opts),
	RB_OPT_REF(struct check_opts, "check"),
	RB_OPT_STR(0, "format", "FORMAT", "text (default, on stderr), json, sarif or junit (on stdout)",
		   struct check_opts, format),
	RB_OPT_STR(0, "fail-on", "LEVEL", "error, warning or never (default: error)",
		   struct check_opts, fail_on),
	RB_OPT_BOOL('q', "quiet", "print only findings", struct check_opts, quiet),
	RB_OPT_BOOL('v', "verbose", "also print each service's achievable RTO and RPO against its targets",
		    struct check_opts, verbose),
	RB_OPT_BOOL(0, "timings", "print the time each phase took", struct check_opts, timings),
	RB_OPT_HELP(struct check_opts),
};

void cmd_check_help(FILE *f)
{
	rb_opt_help(f, "check", NULL,
		    "Loads runbinder.yaml, the plan data and the runbooks and reports every\n"
		    "problem as `path:line:col: error: message`. Writes nothing.\n"
		    "Exit status: 0 clean, 1 findings at or above --fail-on, 2 bad input.",
		    check_opts, RB_ARRAY_SIZE(check_opts));
}

int cmd_check(int argc, char **argv)
{
	struct check_opts o = { RB_COMMON_OPTS_INIT, NULL, NULL, false, false, false };
	struct rb_cmd cmd;
	struct rb_diags d = RB_DIAGS_INIT;
	struct rb_binder b;
	int status = RB_EXIT_BAD_INPUT, ret;
	struct rb_timings tm;

	ret = rb_cmd_start(&cmd, "check", check_opts, RB_ARRAY_SIZE(check_opts),
			   cmd_check_help, &o, false, argc, argv);
	if (ret <= 0) {
		status = ret ? RB_EXIT_BAD_INPUT : RB_EXIT_OK;
		goto done;
	}
	if (o.format && strcmp(o.format, "text") && strcmp(o.format, "json") &&
	    strcmp(o.format, "sarif") && strcmp(o.format, "junit")) {
		static const char *const names[] = { "text", "json", "sarif", "junit" };
		const char *near = rb_closest(o.format, names, RB_ARRAY_SIZE(names));

		if (near)
			fprintf(stderr, "runbinder check: error: unknown format '%s' (did you mean '%s'?)\n",
				o.format, near);
		else
			fprintf(stderr, "runbinder check: error: unknown format '%s' (known: text, json, sarif, junit)\n",
				o.format);
		goto done;
	}
	if (rb_cmd_sources(&cmd) < 0 || rb_cmd_fail_level(&cmd, o.fail_on) < 0)
		goto done;
	rb_timings_start(&tm, o.timings);
	rb_binder_load(&b, cmd.src, &(struct rb_load_opts){ &o.common.states, &tm, false }, &d);
	/* a large state may have grown the heap past what was advised at start */
	rb_heap_huge_pages();
	/* a source that did not load still lets every other check run */
	rb_check_binder(&b, (long)(cmd.now / 86400), &d);
	rb_timings_mark(&tm, "checks");
	if (rb_diags_bad_input(&d))
		status = RB_EXIT_BAD_INPUT;
	else
		status = rb_findings_fail(&d, o.fail_on) ? RB_EXIT_FINDINGS : RB_EXIT_OK;
	rb_diags_sort(&d);
	if (!o.format || !strcmp(o.format, "text")) {
		size_t n[3] = { 0, 0, 0 };

		rb_print_diags(&d);
		for (size_t i = 0; o.verbose && !rb_diags_bad_input(&d) && i < b.plan.services_nr; i++) {
			struct rb_buf line = RB_BUF_INIT;

			rb_recovery_describe(&b, &b.plan.services[i], &line);
			fprintf(stderr, "recovery: %s\n", line.ptr);
			rb_buf_release(&line);
		}
		for (size_t i = 0; i < d.nr; i++)
			n[d.items[i].severity]++;
		if (!o.quiet || d.nr)
			fprintf(stderr, "runbinder check: %zu runbook%s, %zu service%s, %zu resource%s: %zu error%s, %zu warning%s, %zu note%s\n",
				b.runbooks_nr, b.runbooks_nr == 1 ? "" : "s",
				b.plan.services_nr, b.plan.services_nr == 1 ? "" : "s",
				b.infra.nr, b.infra.nr == 1 ? "" : "s",
				n[2], n[2] == 1 ? "" : "s", n[1], n[1] == 1 ? "" : "s",
				n[0], n[0] == 1 ? "" : "s");
	} else {
		struct rb_buf out = RB_BUF_INIT;

		if (!strcmp(o.format, "json"))
			rb_report_json(&out, &d);
		else if (!strcmp(o.format, "sarif"))
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
	rb_cmd_release(&cmd);
	rb_diags_release(&d);
	return status;
}
