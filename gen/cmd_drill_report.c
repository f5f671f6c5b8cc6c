/*
 * cmd_drill_report.c - `runbinder drill-report LOG`: how long each step of
 * a drill took against its estimate, and the whole against the service's
 * RTO, from the timing log run.sh writes, with what happened inside each
 * step: gates confirmed, conditions answered, checks passed or failed,
 * overrides typed, commands allowed to fail. `--yaml` prints the entry to
 * add to the plan's drills list on stdout, alone: the table goes to stderr.
 */
#include <ctype.h>
#include <errno.h>

#include "binder.h"
#include "cmd.h"
#include "duration.h"
#include "opt.h"

struct drill_opts {
	struct rb_common_opts common;
	const char *runbook_id, *type;
	bool yaml;
};

static const char operands[] = "LOG";

static const struct rb_opt drill_opts[] = {
	RB_OPT_DIR(struct drill_opts),
	RB_OPT_STR(0, "runbook", "ID", "the runbook, when the log does not name it",
		   struct drill_opts, runbook_id),
	RB_OPT_STR(0, "type", "TYPE", "drill type for --yaml (default from the runbook's kind)",
		   struct drill_opts, type),
	RB_OPT_BOOL(0, "yaml", "print the drills entry to add to the plan",
		    struct drill_opts, yaml),
	RB_OPT_HELP(struct drill_opts),
};

void cmd_drill_report_help(FILE *f)
{
	rb_opt_help(f, "drill-report", operands,
		    "Reads the timing log of a run.sh, prints each step's time against its\n"
		    "estimate and the total against the service's RTO. Exit status 1 when a\n"
		    "step failed or the RTO was missed.",
		    drill_opts, RB_ARRAY_SIZE(drill_opts));
}

struct record {
	long long start, end;   /* seconds, -1 when absent */
	int status;             /* -1 when it did not end */
	bool skipped;
	struct rb_buf events;   /* the step's gates, checks, ...: one line each */
};

/* Records inside a step that the report shows, and how it names them. */
static const char *const event_kinds[][2] = {
	{ "gate", "gate" }, { "if", "only if" }, { "check", "check" },
	{ "override", "OVERRIDE" }, { "allowed", "allowed to fail, exit status" },
	{ "failed", "failed, exit status" }, { "changes", "AWS changes" },
};

/* An event line: its time into the step, what it is, the rest of the record. */
static void add_event(struct record *r, long long at, const char *what, const char *rest)
{
	for (size_t i = 0; i < RB_ARRAY_SIZE(event_kinds); i++) {
		if (strcmp(what, event_kinds[i][0]))
			continue;
		rb_buf_adds(&r->events, "        +");
		rb_duration_format(&r->events, r->start >= 0 && at >= r->start ? (long)(at - r->start) : 0);
		if (rb_ends_with(event_kinds[i][1], "status"))
			/* "255 aws health ...": the status, then the command */
			rb_buf_addf(&r->events, " %s %.*s: %s\n", event_kinds[i][1],
				    (int)strcspn(rest, " "), rest, rest + strcspn(rest, " ") + (strchr(rest, ' ') != NULL));
		else
			rb_buf_addf(&r->events, " %s: %s\n", event_kinds[i][1], rest);
	}
}

/* `2026-11-24T14:20:45Z` in seconds since the epoch; -1 when malformed. */
static long long parse_stamp(const char *s)
{
	char date[11];
	long days;
	int h, m, sec;

	if (strlen(s) != 20 || s[10] != 'T' || s[19] != 'Z')
		return -1;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (rb_date_parse(date, &days) < 0 || sscanf(s + 11, "%2d:%2d:%2d", &h, &m, &sec) != 3)
		return -1;
	return (long long)days * 86400 + h * 3600 + m * 60 + sec;
}

static void dur(struct rb_buf *b, long long secs)
{
	rb_duration_format(b, (long)secs);
}

int cmd_drill_report(int argc, char **argv)
{
	struct drill_opts o = { RB_COMMON_OPTS_INIT, NULL, NULL, false };
	struct rb_cmd cmd;
	int ret;
	struct rb_diags d = RB_DIAGS_INIT;
	struct rb_binder b;
	struct record *rec = NULL;
	char *data = NULL, *id = NULL;
	size_t len, nsteps = 0;
	long long first = -1, last = -1;
	int status = RB_EXIT_BAD_INPUT, line = 0;
	bool loaded = false, failed = false;
	size_t overrides = 0;
	struct rb_runbook *r;
	FILE *tab;
	char *p;

	ret = rb_cmd_start(&cmd, "drill-report", drill_opts, RB_ARRAY_SIZE(drill_opts),
			   cmd_drill_report_help, &o, true, argc, argv);
	if (ret <= 0) {
		status = ret ? RB_EXIT_BAD_INPUT : RB_EXIT_OK;
		goto done;
	}
	if (cmd.args.nr != 1) {
		rb_opt_usage(stderr, "drill-report", operands, drill_opts, RB_ARRAY_SIZE(drill_opts));
		goto done;
	}
	if (rb_read_file(cmd.args.items[0], RB_MAX_FILE_SIZE, &data, &len) < 0) {
		fprintf(stderr, "%s: error: cannot read: %s\n", cmd.args.items[0], strerror(errno));
		goto done;
	}
	loaded = true;
	if (rb_binder_load(&b, o.common.dir, NULL, &d) < 0 || d.errors) {
		rb_print_diags(&d);
		goto done;
	}
	/*
	 * records: "<stamp> start|end|skip N <script> [status]", "# runbook ID",
	 * and inside a step "<stamp> KIND N TEXT" (gate, if, check, override,
	 * allowed, failed, changes, command)
	 */
	for (p = data; *p;) {
		char *nl = strchr(p, '\n');
		char stamp[32], what[16], script[256];
		int n = 0, st = 0, got;

		if (nl)
			*nl = '\0';
		line++;
		if (!strncmp(p, "# runbook ", 10)) {
			free(id);
			id = rb_xstrdup(p + 10);
		} else if (*p) {
			got = sscanf(p, "%31s %15s %d %255s %d", stamp, what, &n, script, &st);
			if (got < 4 || n < 1 || n > 1000 || parse_stamp(stamp) < 0) {
				fprintf(stderr, "%s:%d: error: not a timing record: '%s'\n", cmd.args.items[0], line, p);
				goto done;
			}
			if ((size_t)n > nsteps) {
				rec = rb_xrealloc(rec, (size_t)n * sizeof(*rec));
				for (size_t k = nsteps; k < (size_t)n; k++)
					rec[k] = (struct record){ -1, -1, -1, false, RB_BUF_INIT };
				nsteps = (size_t)n;
			}
			if (!strcmp(what, "start")) {
				rec[n - 1].start = parse_stamp(stamp);
				if (first < 0)
					first = rec[n - 1].start;
			} else if (!strcmp(what, "end")) {
				rec[n - 1].end = parse_stamp(stamp);
				rec[n - 1].status = got == 5 ? st : -1;
				last = rec[n - 1].end;
			} else if (!strcmp(what, "skip")) {
				rec[n - 1].skipped = true;
			} else {
				/* the text after the step number */
				const char *rest = p + strlen(stamp) + 1 + strlen(what) + 1;

				rest += strspn(rest, "0123456789");
				rest += *rest == ' ';
				add_event(&rec[n - 1], parse_stamp(stamp), what, rest);
				overrides += !strcmp(what, "override");
			}
		}
		p = nl ? nl + 1 : p + strlen(p);
	}
	if (o.runbook_id) {
		free(id);
		id = rb_xstrdup(o.runbook_id);
	}
	if (!id || !(r = rb_binder_runbook(&b, id))) {
		fprintf(stderr, "runbinder drill-report: error: %s '%s'\n",
			id ? "no runbook" : "the log names no runbook; use --runbook ID for",
			id ? id : "");
		goto done;
	}
	/* with --yaml, stdout holds the YAML alone */
	tab = o.yaml ? stderr : stdout;
	fprintf(tab, "Drill of %s (%s)\n\n", r->id, r->title);
	fprintf(tab, "%-5s %-44s %9s %11s  %s\n", "step", "title", "took", "estimate", "");
	for (size_t k = 0; k < nsteps && k < r->steps_nr + 50; k++) {
		struct rb_buf took = RB_BUF_INIT, est = RB_BUF_INIT, verdict = RB_BUF_INIT;
		const char *title = k < r->steps_nr ? r->steps[k].title : "(not in the runbook)";
		struct rb_step *st = k < r->steps_nr ? &r->steps[k] : NULL;

		if (rec[k].skipped) {
			rb_buf_adds(&took, "skipped");
		} else if (rec[k].start < 0) {
			rb_buf_adds(&took, "-");
		} else if (rec[k].end < 0) {
			rb_buf_adds(&took, "unfinished");
			failed = true;
		} else {
			dur(&took, rec[k].end - rec[k].start);
			if (rec[k].status == 3) {
				/* a gate not confirmed or a check that did not hold */
				rb_buf_adds(&verdict, "STOPPED");
				failed = true;
			} else if (rec[k].status != 0) {
				rb_buf_addf(&verdict, "FAILED (exit status %d)", rec[k].status);
				failed = true;
			} else if (st && st->est_hi >= 0 && rec[k].end - rec[k].start > st->est_hi) {
				rb_buf_adds(&verdict, "over by ");
				dur(&verdict, rec[k].end - rec[k].start - st->est_hi);
			} else if (st && st->est_hi >= 0) {
				rb_buf_adds(&verdict, "within");
			}
		}
		if (st && st->est_lo >= 0) {
			dur(&est, st->est_lo);
			if (st->est_hi != st->est_lo) {
				rb_buf_adds(&est, "-");
				dur(&est, st->est_hi);
			}
		}
		fprintf(tab, "%-5zu %-44.44s %9s %11s  %s\n", k + 1, title, took.ptr, est.ptr, verdict.ptr);
		fputs(rec[k].events.ptr, tab);
		rb_buf_release(&took);
		rb_buf_release(&est);
		rb_buf_release(&verdict);
	}
	status = failed ? RB_EXIT_FINDINGS : RB_EXIT_OK;
	if (first >= 0 && last >= first) {
		struct rb_buf total = RB_BUF_INIT, rto = RB_BUF_INIT, diff = RB_BUF_INIT;

		dur(&total, last - first);
		fprintf(tab, "\ntotal %s, from the first step's start to the last step's end", total.ptr);
		if (failed) {
			/* a run that stopped or failed measured no RTO */
			fprintf(tab, ": the run did not finish, no RTO measured");
		} else if (r->service) {
			dur(&rto, r->service->rto);
			if (last - first > r->service->rto) {
				dur(&diff, last - first - r->service->rto);
				fprintf(tab, ": RTO of %s MISSED by %s", rto.ptr, diff.ptr);
				status = RB_EXIT_FINDINGS;
			} else {
				dur(&diff, r->service->rto - (last - first));
				fprintf(tab, ": RTO of %s met with %s to spare", rto.ptr, diff.ptr);
			}
		}
		fprintf(tab, "\n");
		if (overrides)
			fprintf(tab, "%zu check%s overridden\n", overrides, overrides == 1 ? "" : "s");
		if (o.yaml) {
			static const char *const by_kind[] = {
				"component-failover", "full-drill", "full-drill", "backup-restore",
			};
			struct rb_buf day = RB_BUF_INIT;

			rb_date_format(&day, (long)(first / 86400));
			printf("  - date: %s\n    type: %s\n    runbook: %s\n", day.ptr,
			       o.type ? o.type : by_kind[r->kind], r->id);
			if (r->service)
				printf("    service: %s\n", r->service->id);
			/* a drill that went on past a failed check did not pass */
			printf("    rto: %s\n    result: %s\n", total.ptr,
			       failed ? "fail" : status || overrides ? "partial" : "pass");
			if (overrides)
				printf("    # %zu check%s overridden: see the timing log\n", overrides,
				       overrides == 1 ? "" : "s");
			rb_buf_release(&day);
		}
		rb_buf_release(&total);
		rb_buf_release(&rto);
		rb_buf_release(&diff);
	}
done:
	if (loaded)
		rb_binder_release(&b);
	rb_diags_release(&d);
	rb_cmd_release(&cmd);
	for (size_t k = 0; k < nsteps; k++)
		rb_buf_release(&rec[k].events);
	free(rec);
	free(data);
	free(id);
	return status;
}
