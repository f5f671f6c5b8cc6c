/*
 * cmd_build.c - `runbinder build`: load and check the sources, then write
 * the binder into a staging directory and swap it in. Nothing is written
 * when any source has an error.
 */
#include <ctype.h>
#include <errno.h>
#include <unistd.h>

#include "big_alloc.h"
#include "binder.h"
#include "check.h"
#include "closest.h"
#include "report.h"
#include "sums.h"
#include "cmd.h"
#include "model.h"
#include "opt.h"
#include "output.h"
#include "pages.h"

struct build_opts {
	struct rb_common_opts common;
	const char *out_dir, *only, *fail_on, *wait;
	bool quiet, verbose, timings;
};

static const struct rb_opt build_opts[] = {
	RB_OPT_DIR(struct build_opts),
	RB_OPT_DATE(struct build_opts),
	RB_OPT_STATE(struct build_opts),
	RB_OPT_REF(struct build_opts, "build"),
	RB_OPT_STR(0, "out", "DIR", "where to write the binder (default: DIR/out)",
		   struct build_opts, out_dir),
	RB_OPT_STR(0, "only", "LIST", "formats to write, e.g. html,txt",
		   struct build_opts, only),
	RB_OPT_STR(0, "fail-on", "LEVEL", "error, warning or never (default: error)",
		   struct build_opts, fail_on),
	RB_OPT_WAIT(struct build_opts),
	RB_OPT_BOOL('q', "quiet", "print only errors", struct build_opts, quiet),
	RB_OPT_BOOL('v', "verbose", "print each file written", struct build_opts, verbose),
	RB_OPT_BOOL(0, "timings", "print the time each phase took", struct build_opts, timings),
	RB_OPT_HELP(struct build_opts),
};

void cmd_build_help(FILE *f)
{
	rb_opt_help(f, "build", NULL,
		    "Loads runbinder.yaml, the plan data and the runbooks, checks them, and\n"
		    "writes the binder: index.html, plan.html, runbooks/<id>.html,\n"
		    "txt/<id>.txt, txt/binder.txt, binder.pdf, scripts/ and reports/\n"
		    "(pdf/<id>.pdf too when the config's formats: has runbook-pdf).\n"
		    "The binder is written to a staging\n"
		    "directory and swapped in at the end: a failed build leaves the\n"
		    "previous one as it was. The date is today (UTC), or --date, or\n"
		    "SOURCE_DATE_EPOCH: the same sources and date give the same bytes.",
		    build_opts, RB_ARRAY_SIZE(build_opts));
}

/* Parses "html,txt" into format bits; -1 when a name is unknown. */
static int parse_formats(const char *list, unsigned *out)
{
	const char *p = list;

	*out = 0;
	while (*p) {
		size_t n = strcspn(p, ",");
		unsigned bit = rb_format_named(p, n);

		if (!bit) {
			static const char *const names[] = { "html", "txt", "pdf", "runbook-pdf",
							      "scripts" };
			char *typed = rb_xstrndup(p, n);
			const char *near = rb_closest(typed, names, RB_ARRAY_SIZE(names));

			if (near)
				fprintf(stderr, "runbinder build: error: unknown format '%s' in --only (did you mean '%s'?)\n",
					typed, near);
			else
				fprintf(stderr, "runbinder build: error: unknown format '%s' in --only (known: " RB_FORMAT_NAMES ")\n",
					typed);
			free(typed);
			return -1;
		}
		*out |= bit;
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* Errors that --fail-on may let through: findings of the checks, not references. */
static size_t count_checks_errors(const struct rb_diags *d)
{
	size_t n = 0;

	for (size_t i = 0; i < d->nr; i++)
		if (d->items[i].severity == RB_SEV_ERROR && d->items[i].rule &&
		    rb_rule_find(d->items[i].rule)->family != RB_FAMILY_REF)
			n++;
	return n;
}

/* out/reports/: the checks' findings for CI, whatever the formats. */
static int write_reports(struct rb_page_ctx *ctx, const struct rb_diags *d)
{
	struct rb_buf b = RB_BUF_INIT;
	int ret;

	rb_report_json(&b, d);
	ret = rb_page_write(ctx, "reports/check.json", b.ptr, b.len);
	rb_buf_reset(&b);
	rb_report_sarif(&b, d, RB_VERSION);
	if (ret == 0)
		ret = rb_page_write(ctx, "reports/check.sarif", b.ptr, b.len);
	rb_buf_reset(&b);
	rb_report_junit(&b, d);
	if (ret == 0)
		ret = rb_page_write(ctx, "reports/junit.xml", b.ptr, b.len);
	rb_buf_release(&b);
	return ret;
}

/* Said once: a shallow clone dates runbooks only as "at or before". */
static void warn_shallow(const struct rb_last_change *changes, size_t n)
{
	size_t cut = 0;

	for (size_t i = 0; i < n; i++)
		cut += changes[i].before;
	if (!cut)
		return;
	fprintf(stderr,
		"runbinder: warning: the git history is shallow: the last change of %zu runbook%s is known only as 'at or before' the oldest commit present; fetch the whole history (git fetch --unshallow; in GitHub Actions, actions/checkout with fetch-depth: 0)\n",
		cut, cut == 1 ? "" : "s");
}

int cmd_build(int argc, char **argv)
{
	struct build_opts o = { RB_COMMON_OPTS_INIT, NULL, NULL, NULL, NULL, false, false, false };
	struct rb_cmd cmd;
	struct rb_diags d = RB_DIAGS_INIT, pd = RB_DIAGS_INIT;
	struct rb_binder b;
	struct rb_build_meta meta = { 0, { 0 }, RB_VERSION, NULL, NULL };
	const char **paths = NULL;
	struct rb_last_change *changes = NULL;
	struct rb_output out = { 0 };
	struct rb_page_ctx ctx;
	struct rb_pdf_jobs *pdf_jobs = NULL;
	struct rb_scripts *scripts = NULL;
	struct rb_timings tm;
	char *final = NULL, *gitkeep;
	unsigned formats, only = 0;
	int status = RB_EXIT_BAD_INPUT, ret;
	bool loaded = false;
	double wait = RB_WAIT_DEFAULT;

	rb_timings_start(&tm, false);
	ret = rb_cmd_start(&cmd, "build", build_opts, RB_ARRAY_SIZE(build_opts),
			   cmd_build_help, &o, false, argc, argv);
	if (ret <= 0) {
		status = ret ? RB_EXIT_BAD_INPUT : RB_EXIT_OK;
		goto done;
	}
	/* a usage mistake is said before the sources are loaded and checked */
	if (rb_cmd_fail_level(&cmd, o.fail_on) < 0 ||
	    rb_cmd_wait_seconds(&cmd, o.wait, &wait) < 0 ||
	    (o.only && parse_formats(o.only, &only) < 0) || rb_cmd_sources(&cmd) < 0)
		goto done;
	meta.repo = cmd.repo;
	meta.time = cmd.now;
	loaded = true;
	rb_timings_start(&tm, o.timings);
	rb_binder_load(&b, cmd.src, &(struct rb_load_opts){ &o.common.states, &tm, false }, &d);
	/* a large state may have grown the heap past what was advised at start */
	rb_heap_huge_pages();
	/* every problem in one run, even when the build will stop */
	rb_check_binder(&b, (long)(meta.time / 86400), &d);
	rb_diags_sort(&d);
	rb_timings_mark(&tm, "checks");
	/* unresolved references cannot be rendered, whatever --fail-on says */
	if (rb_diags_bad_input(&d) || d.errors > count_checks_errors(&d) ||
	    rb_findings_fail(&d, o.fail_on)) {
		rb_print_diags(&d);
		fprintf(stderr, "runbinder build: %zu error%s, nothing written\n",
			d.errors, d.errors == 1 ? "" : "s");
		status = rb_diags_bad_input(&d) ? RB_EXIT_BAD_INPUT : RB_EXIT_FINDINGS;
		goto done;
	}
	if (!o.quiet)
		rb_print_diags(&d);
	meta.findings = &d;
	/* each runbook's last commit, in one walk of the history */
	paths = rb_xcalloc(b.runbooks_nr + 1, sizeof(*paths));
	changes = rb_xcalloc(b.runbooks_nr + 1, sizeof(*changes));
	for (size_t i = 0; i < b.runbooks_nr; i++)
		paths[i] = b.runbooks[i]->path;
	if (rb_repo_last_changes(o.common.dir, o.common.ref, paths, b.runbooks_nr, changes) == 1 &&
	    !o.quiet)
		warn_shallow(changes, b.runbooks_nr);
	meta.changes = changes;
	rb_timings_mark(&tm, "git history");
	formats = o.only ? only : b.config.formats;
	final = o.out_dir ? rb_xstrdup(o.out_dir) : rb_xasprintf("%s/out", o.common.dir);
	ret = rb_output_begin(&out, final, wait, o.quiet ? NULL : "runbinder build");
	if (ret < 0) {
		status = rb_cmd_output_error(final, ret == RB_OUTPUT_BUSY ? out.holder : NULL, wait);
		rb_output_abort(&out);
		goto done;
	}
	ctx.binder = &b;
	ctx.findings = &d;
	ctx.build_time = meta.time;
	ctx.model = rb_model_new(&b, &meta);
	ctx.templates = rb_templates_new(cmd.src, b.config.theme);
	ctx.out = &out;
	ctx.print = NULL;
	rb_timings_mark(&tm, "view model");
	/* errors of writing the pages, apart from the findings printed above */
	ctx.diags = &pd;
	status = RB_EXIT_OK;
	if (write_reports(&ctx, &d) < 0)
		status = RB_EXIT_INTERNAL;
	rb_timings_mark(&tm, "reports");
	if (status == RB_EXIT_OK && rb_pages_files(&ctx) < 0)
		status = RB_EXIT_BAD_INPUT;
	/* scripts first: the pages list them with their digests */
	if (status == RB_EXIT_OK && (formats & RB_FMT_SCRIPTS))
		scripts = rb_pages_scripts_make(&ctx);
	/*
	 * The PDFs are made beside the text and the HTML, by other
	 * processes; the HTML waits for binder.pdf's layout (a runbook's page
	 * says which pages of binder.pdf print it).
	 */
	rb_timings_mark(&tm, "scripts");
	if (status == RB_EXIT_OK && (formats & (RB_FMT_PDF | RB_FMT_RUNBOOK_PDF)))
		pdf_jobs = rb_pages_pdf_start(&ctx, formats);
	/* (binder.pdf itself when no helper makes it) */
	rb_timings_mark(&tm, "pdf start");
	if (rb_pages_scripts_write(&ctx, scripts) < 0 && status == RB_EXIT_OK)
		status = RB_EXIT_BAD_INPUT;
	scripts = NULL;
	rb_timings_mark(&tm, "scripts written");
	if (status == RB_EXIT_OK && (formats & RB_FMT_TXT) && rb_pages_text(&ctx) < 0)
		status = RB_EXIT_BAD_INPUT;
	rb_timings_mark(&tm, "text");
	if (status == RB_EXIT_OK && (formats & RB_FMT_HTML) &&
	    (rb_pages_pdf_pages(&ctx, pdf_jobs) < 0 || rb_pages_html(&ctx) < 0))
		status = RB_EXIT_BAD_INPUT;
	rb_timings_mark(&tm, "html");
	if (pdf_jobs && rb_pages_pdf_finish(&ctx, pdf_jobs, status != RB_EXIT_OK) < 0 &&
	    status == RB_EXIT_OK)
		status = RB_EXIT_BAD_INPUT;
	rb_timings_mark(&tm, "pdf");
	/* keep the placeholder that lets git track an empty out/ */
	gitkeep = rb_xasprintf("%s/.gitkeep", final);
	if (status == RB_EXIT_OK && access(gitkeep, F_OK) == 0 &&
	    rb_output_write(&out, ".gitkeep", "", 0, 0644) < 0)
		status = RB_EXIT_INTERNAL;
	free(gitkeep);
	if (status == RB_EXIT_OK &&
	    rb_sums_write(&out, &b, &meta.repo, meta.time, RB_VERSION, &pd) < 0)
		status = RB_EXIT_INTERNAL;
	if (status != RB_EXIT_OK || rb_free_at_exit()) {
		json_decref(ctx.model);
		rb_templates_free(ctx.templates);
	}
	if (status != RB_EXIT_OK) {
		rb_print_diags(&pd);
		fprintf(stderr, "runbinder build: nothing written\n");
		rb_output_abort(&out);
		goto done;
	}
	if (o.verbose)
		for (size_t i = 0; i < out.files.nr; i++)
			fprintf(stderr, "  wrote %s/%s\n", final, out.files.items[i]);
	if (rb_output_commit(&out) < 0) {
		fprintf(stderr, "runbinder build: error: cannot move the new binder into '%s': %s\n",
			final, strerror(errno));
		rb_output_abort(&out);
		status = RB_EXIT_INTERNAL;
		goto done;
	}
	rb_timings_mark(&tm, "write");
	/* what the writers warned of (a character no font has) */
	rb_print_diags(&pd);
	rb_timings_print(&tm, stderr);
	if (!o.quiet)
		fprintf(stderr, "runbinder: %zu runbook%s, %zu file%s written to %s/\n",
			b.runbooks_nr, b.runbooks_nr == 1 ? "" : "s",
			out.files.nr, out.files.nr == 1 ? "" : "s", final);
	rb_output_done(&out);
done:
	for (size_t i = 0; changes && i < b.runbooks_nr; i++)
		rb_last_change_release(&changes[i]);
	free(changes);
	free(paths);
	/* (the binder lives until the process ends: see rb_free_at_exit) */
	if (loaded && (status != RB_EXIT_OK || rb_free_at_exit()))
		rb_binder_release(&b);
	rb_cmd_release(&cmd);
	rb_diags_release(&d);
	rb_diags_release(&pd);
	free(final);
	return status;
}
