/*
 * cmd_build.c - `runbinder build`: load and check the sources, then write
 * the binder into a staging directory and swap it in. Nothing is written
 * when any source has an error.
 */
#include <ctype.h>
#include <errno.h>
#include <unistd.h>

#include "binder.h"
#include "check.h"
#include "report.h"
#include "sums.h"
#include "cmd.h"
#include "model.h"
#include "opt.h"
#include "output.h"
#include "pages.h"

static const char *dir = ".", *out_dir, *only, *fail_on, *ref;
static struct rb_strlist states;
static bool quiet, verbose, help, timings;

static const struct rb_opt build_opts[] = {
	RB_OPT_DIR(dir),
	RB_OPT_STATE(states),
	{ 0, "ref", "REF", "build the sources of commit REF (branch, tag, id), no checkout", &ref, NULL, NULL },
	{ 0, "out", "DIR", "where to write the binder (default: DIR/out)", &out_dir, NULL, NULL },
	{ 0, "only", "LIST", "formats to write, e.g. html,txt", &only, NULL, NULL },
	{ 0, "fail-on", "LEVEL", "error, warning or never (default: error)", &fail_on, NULL, NULL },
	{ 'q', "quiet", NULL, "print only errors", NULL, &quiet, NULL },
	{ 'v', "verbose", NULL, "print each file written", NULL, &verbose, NULL },
	{ 0, "timings", NULL, "print the time each phase took", NULL, &timings, NULL },
	RB_OPT_HELP(help),
};

void cmd_build_help(FILE *f)
{
	rb_opt_help(f, "runbinder build [-C DIR] [--ref REF] [--state PATH]... [--out DIR] [--only html,txt,pdf,scripts] [--fail-on LEVEL] [-q] [-v] [--timings]",
		    "Loads runbinder.yaml, the plan data and the runbooks, checks them, and\n"
		    "writes the binder: index.html, plan.html, runbooks/<id>.html,\n"
		    "txt/<id>.txt, txt/binder.txt, binder.pdf, pdf/<id>.pdf and reports/.\n"
		    "The binder is written to a staging\n"
		    "directory and swapped in at the end: a failed build leaves the\n"
		    "previous one as it was. Dates come from SOURCE_DATE_EPOCH, else the\n"
		    "source commit's time, so the same sources give the same bytes.",
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
			fprintf(stderr, "runbinder build: error: unknown format '%.*s' in --only (known: " RB_FORMAT_NAMES ")\n",
				(int)n, p);
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

int cmd_build(int argc, char **argv)
{
	struct rb_strlist args = { 0 };
	struct rb_diags d = RB_DIAGS_INIT, pd = RB_DIAGS_INIT;
	struct rb_binder b;
	struct rb_build_meta meta = { 0, { 0 }, RB_VERSION, NULL, NULL };
	const char **paths = NULL;
	struct rb_last_change *changes = NULL;
	char *src = NULL, *ref_tmp = NULL;
	struct rb_output out = { 0 };
	struct rb_page_ctx ctx;
	struct rb_timings tm;
	char *final = NULL, *gitkeep;
	unsigned formats;
	int status = RB_EXIT_BAD_INPUT;
	bool loaded = false;

	rb_timings_start(&tm, false);
	if (rb_opt_parse("build", build_opts, RB_ARRAY_SIZE(build_opts), argc,
			 argv, &args) < 0)
		goto done;
	if (help) {
		cmd_build_help(stdout);
		status = RB_EXIT_OK;
		goto done;
	}
	if (args.nr) {
		fprintf(stderr, "runbinder build: error: unexpected argument '%s'\n",
			args.items[0]);
		goto done;
	}
	if (fail_on && strcmp(fail_on, "error") && strcmp(fail_on, "warning") &&
	    strcmp(fail_on, "never")) {
		fprintf(stderr, "runbinder build: error: --fail-on takes error, warning or never, not '%s'\n",
			fail_on);
		goto done;
	}
	if (ref) {
		char err[256];

		if (rb_repo_extract(dir, ref, &meta.repo, &ref_tmp, &src, err, sizeof(err)) < 0) {
			fprintf(stderr, "runbinder build: error: %s\n", err);
			goto done;
		}
	} else {
		rb_repo_info(&meta.repo, dir);
		src = rb_xstrdup(dir);
	}
	if (rb_build_time(&meta.repo, &meta.time) < 0)
		goto done;
	loaded = true;
	rb_timings_start(&tm, timings);
	rb_binder_load(&b, src, &(struct rb_load_opts){ &states, &tm }, &d);
	if (!rb_diags_bad_input(&d))
		rb_check_binder(&b, (long)(meta.time / 86400), &d);
	rb_diags_sort(&d);
	rb_timings_mark(&tm, "checks");
	/* unresolved references cannot be rendered, whatever --fail-on says */
	if (rb_diags_bad_input(&d) || d.errors > count_checks_errors(&d) ||
	    rb_findings_fail(&d, fail_on)) {
		rb_print_diags(&d);
		fprintf(stderr, "runbinder build: %zu error%s, nothing written\n",
			d.errors, d.errors == 1 ? "" : "s");
		status = rb_diags_bad_input(&d) ? RB_EXIT_BAD_INPUT : RB_EXIT_FINDINGS;
		goto done;
	}
	if (!quiet)
		rb_print_diags(&d);
	meta.findings = &d;
	/* each runbook's last commit, in one walk of the history */
	paths = rb_xcalloc(b.runbooks_nr + 1, sizeof(*paths));
	changes = rb_xcalloc(b.runbooks_nr + 1, sizeof(*changes));
	for (size_t i = 0; i < b.runbooks_nr; i++)
		paths[i] = b.runbooks[i]->path;
	rb_repo_last_changes(dir, ref, paths, b.runbooks_nr, changes);
	meta.changes = changes;
	rb_timings_mark(&tm, "git history");
	formats = b.config.formats;
	if (only) {
		unsigned want;

		if (parse_formats(only, &want) < 0)
			goto done;
		formats = want;
	}
	final = out_dir ? rb_xstrdup(out_dir) : rb_xasprintf("%s/out", dir);
	if (rb_output_begin(&out, final) < 0) {
		fprintf(stderr, "runbinder build: error: cannot create a staging directory beside '%s': %s\n",
			final, strerror(errno));
		goto done;
	}
	ctx.binder = &b;
	ctx.findings = &d;
	ctx.build_time = meta.time;
	ctx.model = rb_model_new(&b, &meta);
	ctx.templates = rb_templates_new(src, b.config.theme);
	ctx.out = &out;
	rb_timings_mark(&tm, "view model");
	/* errors of writing the pages, apart from the findings printed above */
	ctx.diags = &pd;
	status = RB_EXIT_OK;
	if (write_reports(&ctx, &d) < 0)
		status = RB_EXIT_INTERNAL;
	rb_timings_mark(&tm, "reports");
	/* scripts first: the pages list them with their digests */
	if (status == RB_EXIT_OK && (formats & RB_FMT_SCRIPTS) && rb_pages_scripts(&ctx) < 0)
		status = RB_EXIT_BAD_INPUT;
	rb_timings_mark(&tm, "scripts");
	if (status == RB_EXIT_OK && (formats & RB_FMT_HTML) && rb_pages_html(&ctx) < 0)
		status = RB_EXIT_BAD_INPUT;
	rb_timings_mark(&tm, "html");
	if (status == RB_EXIT_OK && (formats & RB_FMT_TXT) && rb_pages_text(&ctx) < 0)
		status = RB_EXIT_BAD_INPUT;
	rb_timings_mark(&tm, "text");
	if (status == RB_EXIT_OK && (formats & RB_FMT_PDF) && rb_pages_pdf(&ctx) < 0)
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
	json_decref(ctx.model);
	rb_templates_free(ctx.templates);
	if (status != RB_EXIT_OK) {
		rb_print_diags(&pd);
		fprintf(stderr, "runbinder build: nothing written\n");
		rb_output_abort(&out);
		goto done;
	}
	if (verbose)
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
	rb_timings_print(&tm, stderr);
	if (!quiet)
		fprintf(stderr, "runbinder: %zu runbook%s, %zu file%s written to %s/\n",
			b.runbooks_nr, b.runbooks_nr == 1 ? "" : "s",
			out.files.nr, out.files.nr == 1 ? "" : "s", final);
	rb_output_abort(&out);
done:
	for (size_t i = 0; changes && i < b.runbooks_nr; i++)
		rb_last_change_release(&changes[i]);
	free(changes);
	free(paths);
	if (ref_tmp)
		rb_remove_tree(ref_tmp);
	free(ref_tmp);
	free(src);
	if (loaded)
		rb_binder_release(&b);
	rb_diags_release(&d);
	rb_diags_release(&pd);
	rb_strlist_release(&args);
	rb_strlist_release(&states);
	free(final);
	return status;
}
