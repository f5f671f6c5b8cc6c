/*
 * page_scripts.c - every step of a runbook with shell code as an
 * executable script, scripts/<id>/NN-<step>.sh, and scripts/<id>/run.sh
 * that runs them in order. Every step has its script, a step without
 * commands too (a manual step: its task items are confirmed), so that the
 * scripts number the steps as the pages do. A script runs its parts in the
 * runbook's order (step_code.h): a task item is a gate the operator
 * confirms; a block runs after its condition is answered and the AWS
 * changes it makes are confirmed; a check block's output must meet its
 * expectation, or the step stops unless the operator types the override;
 * a may-fail block's failures are shown and logged. Every command, gate,
 * check and override goes to the timing log run.sh names. Commands are
 * the rendered ones, byte for byte: the same placeholder values and the
 * same shell-safety rule as the pages.
 */
#include <limits.h>

#include "rules.h"
#include "model.h"
#include "pages.h"
#include "duration.h"
#include "sha256.h"
#include "step_code.h"

/* A here-document delimiter that no line of `code` equals. */
static char *delimiter(const char *code)
{
	for (int i = 0;; i++) {
		char *d = i ? rb_xasprintf("RUNBINDER_COMMANDS_%d", i) : rb_xstrdup("RUNBINDER_COMMANDS");
		char *line = rb_xasprintf("\n%s\n", d);
		char *padded = rb_xasprintf("\n%s", code);
		bool used = strstr(padded, line) != NULL;

		free(line);
		free(padded);
		if (!used)
			return d;
		free(d);
	}
}

/* A comment line: no newline can end it early. */
static void comment(struct rb_buf *b, const char *label, const char *text)
{
	rb_buf_addf(b, "# %s", label);
	for (; *text; text++)
		rb_buf_addch(b, *text == '\n' || *text == '\r' ? ' ' : *text);
	rb_buf_addch(b, '\n');
}

static void quoted(struct rb_buf *b, const char *s)
{
	rb_buf_addch(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			rb_buf_adds(b, "'\\''");
		else if (*s != '\n')
			rb_buf_addch(b, *s);
	}
	rb_buf_addch(b, '\'');
}

/*
 * The first error-level finding that makes a command of step `k` unable to
 * run (an unknown command, option, ...), or NULL.
 */
static const struct rb_diag *blocking_finding(const struct rb_page_ctx *c,
					      const struct rb_runbook *r, size_t k)
{
	int from = r->steps[k].line;
	int to = k + 1 < r->steps_nr ? r->steps[k + 1].line : INT_MAX;

	for (size_t i = 0; c->findings && i < c->findings->nr; i++) {
		const struct rb_diag *g = &c->findings->items[i];

		/* shell code that does not parse cannot go into a script at any severity */
		if ((g->severity == RB_SEV_ERROR ||
		     !strcmp(g->rule, rb_rules[RB_RULE_HYGIENE_STEP_SCRIPT].id)) &&
		    g->path && !strcmp(g->path, r->path) &&
		    g->line > from && g->line < to && rb_rule_blocks_script(g->rule))
			return g;
	}
	return NULL;
}


/*
 * What a step script runs on, in pieces: each script carries the pieces it
 * uses (a step script is a file of its own, it may be copied alone to a
 * jump host). The timing log, the operator's answers and the gates:
 */
static const char runtime_base[] =
	"rb_answer=\n"
	"rb_log() {\n"
	"\t# a record of the timing log run.sh names: UTC time, kind, step, the rest\n"
	"\tif [ -n \"${RUNBINDER_LOG:-}\" ]; then\n"
	"\t\tlocal rest=\"${*:2}\"\n"
	"\t\tprintf '%s %s %s %s\\n' \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\" \"$1\" \"$step\" \"${rest//$'\\n'/ }\" >> \"$RUNBINDER_LOG\"\n"
	"\tfi\n"
	"}\n"
	"rb_stop() {\n"
	"\techo \"Stopped in step $step: $1\" >&2\n"
	"\techo \"Resume with: $(dirname \"$0\")/run.sh --from $step\" >&2\n"
	"\texit 3\n"
	"}\n"
	"rb_ask() {\n"
	"\t# the operator's answer, from stdin; empty at its end\n"
	"\tprintf '%s ' \"$1\"\n"
	"\trb_answer=\n"
	"\tread -r rb_answer || true\n"
	"\t[ -t 0 ] || printf '%s\\n' \"$rb_answer\"\n"
	"}\n"
	"rb_gate() {\n"
	"\tprintf '\\n[ ] %s\\n' \"$1\"\n"
	"\trb_ask 'Confirm: [y]es, anything else stops:'\n"
	"\tcase \"$rb_answer\" in\n"
	"\ty | Y | yes) rb_log gate \"confirmed $1\" ;;\n"
	"\t*)\n"
	"\t\trb_log gate \"stopped $1\"\n"
	"\t\trb_stop \"not confirmed: $1\"\n"
	"\t\t;;\n"
	"\tesac\n"
	"}\n";

/* the ERR trap that tells a failed command, the trace of each command, a block run */
static const char runtime_code[] =
	"rb_mode=stop\n"
	"rb_level=0\n"
	"rb_traced=\n"
	"rb_trace() {\n"
	"\t# each command of a block, shown and logged before it runs\n"
	"\tcase \"${FUNCNAME[1]:-}\" in\n"
	"\trb_b[0-9]*)\n"
	"\t\t# not the block's call, not its closing return, not once more when it fails\n"
	"\t\tcase \"$1\" in 'return 0' | '\"$'[0-9]'\"') return 0 ;; esac\n"
	"\t\t[ \"$BASH_SUBSHELL\" = \"$rb_level\" ] && [ \"${BASH_LINENO[0]} $1\" != \"$rb_traced\" ] || return 0\n"
	"\t\trb_traced=\"${BASH_LINENO[0]} $1\"\n"
	"\t\tprintf '$ %s\\n' \"${1//$'\\n'/ }\" >&2\n"
	"\t\trb_log command \"$1\"\n"
	"\t\t;;\n"
	"\tesac\n"
	"}\n"
	"rb_failed() {\n"
	"\t# the ERR trap: a command failed with status $1\n"
	"\tcase \"$rb_mode\" in\n"
	"\tmay-fail)\n"
	"\t\techo \"Failed with exit status $1 (allowed, the step goes on): ${2//$'\\n'/ }\" >&2\n"
	"\t\trb_log allowed \"$1 $2\"\n"
	"\t\t;;\n"
	"\t*)\n"
	"\t\techo \"Failed with exit status $1: ${2//$'\\n'/ }\" >&2\n"
	"\t\trb_log failed \"$1 $2\"\n"
	"\t\t;;\n"
	"\tesac\n"
	"}\n"
	"trap 'rb_failed $? \"$BASH_COMMAND\"' ERR\n"
	"trap 'rb_trace \"$BASH_COMMAND\"' DEBUG\n"
	"set -o errtrace -o functrace\n"
	"rb_run() {\n"
	"\t# runs block function $2: a failed command stops the step, or is\n"
	"\t# shown and logged when the block may fail ($1)\n"
	"\trb_level=$BASH_SUBSHELL\n"
	"\tif [ \"$1\" = may-fail ]; then\n"
	"\t\trb_mode=may-fail\n"
	"\t\tset +e\n"
	"\t\t\"$2\"\n"
	"\t\tset -e\n"
	"\t\trb_mode=stop\n"
	"\telse\n"
	"\t\t\"$2\"\n"
	"\tfi\n"
	"}\n";

/* a condition asked before its block */
static const char runtime_if[] =
	"rb_if() {\n"
	"\tprintf '\\nOnly if %s.\\n' \"$1\"\n"
	"\trb_ask 'Is that so? [y]es: run the commands, [n]o: leave them out, anything else stops:'\n"
	"\tcase \"$rb_answer\" in\n"
	"\ty | Y | yes) rb_log if \"yes $1\" ;;\n"
	"\tn | N | no)\n"
	"\t\trb_log if \"no $1\"\n"
	"\t\treturn 1\n"
	"\t\t;;\n"
	"\t*)\n"
	"\t\trb_log if \"stopped $1\"\n"
	"\t\trb_stop \"no answer to: only if $1\"\n"
	"\t\t;;\n"
	"\tesac\n"
	"}\n";

/* the AWS changes of a block, confirmed */
static const char runtime_changes[] =
	"rb_changes() {\n"
	"\t# the AWS changes the next block makes, confirmed unless run.sh --yes\n"
	"\tprintf '\\nThese commands change AWS:\\n'\n"
	"\tprintf '  %s\\n' \"$@\"\n"
	"\tif [ \"${RUNBINDER_YES:-0}\" = 1 ]; then\n"
	"\t\trb_log changes \"yes (--yes)\"\n"
	"\t\treturn 0\n"
	"\tfi\n"
	"\trb_ask 'Run them? [y]es, anything else stops:'\n"
	"\tcase \"$rb_answer\" in\n"
	"\ty | Y | yes) rb_log changes confirmed ;;\n"
	"\t*)\n"
	"\t\trb_log changes stopped\n"
	"\t\trb_stop 'the AWS changes were not confirmed'\n"
	"\t\t;;\n"
	"\tesac\n"
	"}\n";

/* a check on a block's output, waiting or not, and its typed override */
static const char runtime_check[] =
	"rb_holds() {\n"
	"\t# whether value $1 meets \"$2 $3\": = and != compare text, the rest numbers\n"
	"\tcase \"$2\" in\n"
	"\t=) [ \"$1\" = \"$3\" ] ;;\n"
	"\t!=) [ \"$1\" != \"$3\" ] ;;\n"
	"\t*)\n"
	"\t\t[[ $1 =~ ^-?[0-9]+([.][0-9]+)?$ ]] &&\n"
	"\t\t\tawk -v a=\"$1\" -v op=\"$2\" -v b=\"$3\" 'BEGIN {\n"
	"\t\t\t\texit !((op == \"<\" && a + 0 < b + 0) || (op == \"<=\" && a + 0 <= b + 0) ||\n"
	"\t\t\t\t       (op == \">\" && a + 0 > b + 0) || (op == \">=\" && a + 0 >= b + 0))\n"
	"\t\t\t}'\n"
	"\t\t;;\n"
	"\tesac\n"
	"}\n"
	"rb_check() {\n"
	"\t# block function $4 prints a value that must be \"$1 $2\", within $3 seconds\n"
	"\tlocal out until=$((SECONDS + $3)) pause=$(($3 / 10))\n"
	"\t[ \"$pause\" -ge 1 ] || pause=1\n"
	"\t[ \"$pause\" -le 30 ] || pause=30\n"
	"\twhile :; do\n"
	"\t\tset +e\n"
	"\t\tout=$(\n"
	"\t\t\trb_level=$BASH_SUBSHELL\n"
	"\t\t\t\"$4\"\n"
	"\t\t)\n"
	"\t\tset -e\n"
	"\t\tout=${out#\"${out%%[![:space:]]*}\"}\n"
	"\t\tout=${out%\"${out##*[![:space:]]}\"}\n"
	"\t\tif rb_holds \"$out\" \"$1\" \"$2\"; then\n"
	"\t\t\techo \"Check passed: $out $1 $2\"\n"
	"\t\t\trb_log check \"passed $out $1 $2\"\n"
	"\t\t\treturn 0\n"
	"\t\tfi\n"
	"\t\t[ \"$SECONDS\" -lt \"$until\" ] || break\n"
	"\t\techo \"Not yet: '$out' is not $1 $2; again in ${pause}s\"\n"
	"\t\tsleep \"$pause\"\n"
	"\tdone\n"
	"\techo \"Check failed: '$out' is not $1 $2\" >&2\n"
	"\trb_log check \"failed ${out:-(nothing)} $1 $2\"\n"
	"\techo 'To go on anyway, type the word override; anything else stops.' >&2\n"
	"\trb_ask 'Override?'\n"
	"\tif [ \"$rb_answer\" != override ]; then\n"
	"\t\trb_stop \"the check did not hold: '$out' is not $1 $2\"\n"
	"\tfi\n"
	"\trb_ask 'Why (for the log)?'\n"
	"\trb_log override \"'$out' is not $1 $2: ${rb_answer:-no reason given}\"\n"
	"\techo 'Overridden; the step goes on.'\n"
	"}\n";

/* The listing --dry-run prints: the parts in order, what each does as a comment. */
static void listing(const struct rb_step_parts *parts, struct rb_buf *b)
{
	for (size_t i = 0; i < parts->nr; i++) {
		const struct rb_step_part *p = &parts->items[i];
		struct rb_buf changes = RB_BUF_INIT;

		if (i)
			rb_buf_addch(b, '\n');
		if (p->kind == RB_PART_GATE) {
			comment(b, "[ ] ", p->text);
			continue;
		}
		if (p->cond)
			comment(b, "only if ", p->cond);
		if (p->may_fail)
			rb_buf_adds(b, "# may fail: a failure is shown and logged, the step goes on\n");
		if (p->expect_op) {
			rb_buf_addf(b, "# check: the output must be %s %s", p->expect_op, p->expect_value);
			if (p->wait) {
				rb_buf_adds(b, ", waiting up to ");
				rb_duration_format(b, p->wait);
			}
			rb_buf_adds(b, ", else the step stops\n");
		}
		rb_step_changes(p->text, &changes);
		for (char *save = NULL, *line = strtok_r(changes.ptr, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save))
			comment(b, "changes AWS, asks first: ", line);
		rb_buf_adds(b, p->text);
		rb_buf_release(&changes);
	}
}

/* The functions holding the blocks' code, then the parts run in order. */
static void runnable(const struct rb_step_parts *parts, const char *title, struct rb_buf *b)
{
	bool any = false;

	for (size_t i = 0; i < parts->nr; i++) {
		const struct rb_step_part *p = &parts->items[i];

		if (p->kind != RB_PART_CODE)
			continue;
		/* a may-fail or check block's last failure is already told */
		rb_buf_addf(b, "rb_b%zu() {\n%s%s}\n", i + 1, p->text,
			    p->may_fail || p->expect_op ? "return 0\n" : "");
	}
	for (size_t i = 0; i < parts->nr; i++) {
		const struct rb_step_part *p = &parts->items[i];
		struct rb_buf changes = RB_BUF_INIT;
		const char *indent = p->cond ? "\t" : "";

		rb_buf_addch(b, '\n');
		if (p->kind == RB_PART_GATE) {
			rb_buf_adds(b, "rb_gate ");
			quoted(b, p->text);
			rb_buf_addch(b, '\n');
			any = true;
			continue;
		}
		if (p->cond) {
			rb_buf_adds(b, "if rb_if ");
			quoted(b, p->cond);
			rb_buf_adds(b, "; then\n");
		}
		rb_step_changes(p->text, &changes);
		if (changes.len) {
			/* one argument a command: they are words, no newline to carry */
			rb_buf_addf(b, "%srb_changes", indent);
			for (char *save = NULL, *line = strtok_r(changes.ptr, "\n", &save); line;
			     line = strtok_r(NULL, "\n", &save)) {
				rb_buf_addch(b, ' ');
				quoted(b, line);
			}
			rb_buf_addch(b, '\n');
		}
		if (p->expect_op) {
			rb_buf_addf(b, "%srb_check ", indent);
			quoted(b, p->expect_op);
			rb_buf_addch(b, ' ');
			quoted(b, p->expect_value);
			rb_buf_addf(b, " %ld rb_b%zu\n", p->wait, i + 1);
		} else {
			rb_buf_addf(b, "%srb_run %s rb_b%zu\n", indent, p->may_fail ? "may-fail" : "stop", i + 1);
		}
		if (p->cond)
			rb_buf_adds(b, "fi\n");
		rb_buf_release(&changes);
		any = true;
	}
	if (!any) {
		/* a step of text alone: the operator says when it is done */
		rb_buf_adds(b, "\nrb_gate ");
		quoted(b, title);
		rb_buf_addch(b, '\n');
	}
}

static void step_script(struct rb_page_ctx *c, struct rb_runbook *r, json_t *rj, size_t k,
			const struct rb_step_parts *parts, struct rb_buf *b)
{
	const struct rb_diag *block = blocking_finding(c, r, k);
	json_t *site = json_object_get(c->model, "site");
	struct rb_step *st = &r->steps[k];
	struct rb_buf list = RB_BUF_INIT;
	char *delim, *title = rb_xasprintf("%zu: %s", k + 1, st->title);

	listing(parts, &list);
	if (!parts->nr)
		comment(&list, "[ ] ", st->title);
	delim = delimiter(list.ptr);
	rb_buf_adds(b, "#!/usr/bin/env bash\n");
	comment(b, "", c->binder->config.title);
	comment(b, "Runbook: ", r->title);
	comment(b, "Step ", title);
	if (st->est_lo >= 0) {
		rb_buf_addf(b, "# Estimate: %ld", st->est_lo / 60);
		if (st->est_hi != st->est_lo)
			rb_buf_addf(b, "-%ld", st->est_hi / 60);
		rb_buf_adds(b, " min\n");
	}
	comment(b, "Source: ", r->path);
	if (json_is_true(json_object_get(rj, "stable"))) {
		/* its own last change, so an unchanged runbook's script stays the same */
		json_t *lc = json_object_get(rj, "last_change");
		char *when = rb_xasprintf("%s in %s", json_string_value(json_object_get(lc, "date")),
					  json_string_value(json_object_get(lc, "short")));

		comment(b, "Runbook changed: ", when);
		free(when);
	} else {
		comment(b, "Built from: ", json_string_value(json_object_get(site, "source")));
	}
	rb_buf_adds(b, "# Made by runbinder from the runbook: change the runbook, not this file.\n"
		       "# Gate texts are text: single-quoted so that nothing in them expands (SC2016);\n"
		       "# the blocks are functions run by name, and may hold functions a trap runs (SC2317).\n"
		       "# shellcheck disable=SC2016,SC2317\n"
		       "set -euo pipefail\n\n"
		       "case \"${1:-}\" in\n"
		       "--help | -h)\n");
	rb_buf_adds(b, "\tcat <<'RUNBINDER_HELP'\n");
	rb_buf_addf(b, "usage: %s-%s [--dry-run]\n", r->id, st->slug);
	rb_buf_adds(b, rb_step_parts_code(parts)
		       ? "Runs this step's commands, asking at its gates. --dry-run prints them instead.\n"
		       : "A manual step: asks the operator to confirm each of its task items.\n");
	rb_buf_adds(b, "RUNBINDER_HELP\n\texit 0\n\t;;\n"
		       "--dry-run)\n");
	rb_buf_addf(b, "\tcat <<'%s'\n%s%s\n\texit 0\n\t;;\n", delim, list.ptr, delim);
	rb_buf_adds(b, "'') ;;\n"
		       "*)\n\techo \"unknown option '$1' (use --dry-run or --help)\" >&2\n\texit 2\n\t;;\n"
		       "esac\n\n");
	if (block) {
		/* as the checks said: a command that cannot run is not run */
		struct rb_buf msg = RB_BUF_INIT;

		rb_buf_addf(&msg, "%s:%d:%d: ", block->path, block->line, block->col);
		rb_escape_controls(&msg, block->message);
		rb_buf_addf(&msg, " [%s]", block->rule);
		rb_buf_addf(b, "echo %s >&2\n", "'This step is not runnable: runbinder check found a command that cannot run.'");
		rb_buf_adds(b, "echo ");
		quoted(b, msg.ptr);
		rb_buf_adds(b, " >&2\n"
			       "echo 'Fix the runbook and build the binder again; --dry-run shows the commands.' >&2\n"
			       "exit 1\n");
		rb_buf_release(&msg);
	} else {
		bool cond = false, changes = false, check = false;

		for (size_t i = 0; i < parts->nr; i++) {
			struct rb_buf ch = RB_BUF_INIT;

			if (parts->items[i].kind != RB_PART_CODE)
				continue;
			cond = cond || parts->items[i].cond;
			check = check || parts->items[i].expect_op;
			rb_step_changes(parts->items[i].text, &ch);
			changes = changes || ch.len;
			rb_buf_release(&ch);
		}
		rb_buf_addf(b, "step=%zu\n", k + 1);
		rb_buf_adds(b, runtime_base);
		if (rb_step_parts_code(parts))
			rb_buf_adds(b, runtime_code);
		if (cond)
			rb_buf_adds(b, runtime_if);
		if (changes)
			rb_buf_adds(b, runtime_changes);
		if (check)
			rb_buf_adds(b, runtime_check);
		rb_buf_addch(b, '\n');
		runnable(parts, st->title, b);
	}
	rb_buf_release(&list);
	free(delim);
	free(title);
}
static const char run_body[] =
	"usage() {\n"
	"\tcat <<'RUNBINDER_HELP'\n"
	"usage: run.sh [--yes] [--dry-run] [--list] [--from N | --only N] [--log FILE]\n"
	"Runs the steps in order, showing each step's commands and asking before it;\n"
	"in a step, asks at each gate, condition and AWS change, and stops at a check\n"
	"that does not hold.\n"
	"  --yes        do not ask before each step nor before AWS changes\n"
	"               (gates, conditions, manual steps and checks still ask)\n"
	"  --dry-run    print every step's commands, run nothing\n"
	"  --list       print the steps with their numbers\n"
	"  --from N     start at step N (to resume after a stop)\n"
	"  --only N     run step N alone\n"
	"  --log FILE   the timing log (default: ./<runbook>-<UTC time>.log)\n"
	"RUNBINDER_HELP\n"
	"}\n\n"
	"yes=0\ndry=0\nlist=0\nfrom=1\nonly=\nlog=\"\"\n"
	"while [ $# -gt 0 ]; do\n"
	"\tcase \"$1\" in\n"
	"\t--yes) yes=1 ;;\n"
	"\t--dry-run) dry=1 ;;\n"
	"\t--list) list=1 ;;\n"
	"\t--from) from=${2:?--from needs a step number}; shift ;;\n"
	"\t--only) only=${2:?--only needs a step number}; shift ;;\n"
	"\t--log) log=${2:?--log needs a file}; shift ;;\n"
	"\t--help | -h) usage; exit 0 ;;\n"
	"\t*) echo \"run.sh: unknown option '$1'\" >&2; usage >&2; exit 2 ;;\n"
	"\tesac\n"
	"\tshift\n"
	"done\n"
	"for n in \"$from\" ${only:+\"$only\"}; do\n"
	"\tcase \"$n\" in\n"
	"\t'' | *[!0-9]*) echo \"run.sh: --from and --only take a step number\" >&2; exit 2 ;;\n"
	"\tesac\n"
	"\tif [ \"$n\" -lt 1 ] || [ \"$n\" -gt \"${#steps[@]}\" ]; then\n"
	"\t\techo \"run.sh: there is no step $n: the steps are 1 to ${#steps[@]} (--list shows them)\" >&2\n"
	"\t\texit 2\n"
	"\tfi\n"
	"done\n"
	"if [ \"$list\" = 1 ]; then\n"
	"\tfor i in \"${!steps[@]}\"; do\n"
	"\t\tprintf '%3s. %s\\n' \"$((i + 1))\" \"${titles[$i]}\"\n"
	"\tdone\n"
	"\texit 0\n"
	"fi\n\n"
	"here=$(cd \"$(dirname \"$0\")\" && pwd)\n"
	"if [ \"$dry\" = 0 ]; then\n"
	"\t[ -n \"$log\" ] || log=\"$PWD/$runbook-$(date -u +%Y%m%dT%H%M%SZ).log\"\n"
	"\tcase \"$(cd \"$(dirname \"$log\")\" && pwd)/\" in\n"
	"\t\"$(cd \"$here/../..\" && pwd)\"/*)\n"
	"\t\techo \"run.sh: the timing log must not go inside the binder; use --log FILE\" >&2\n"
	"\t\texit 2\n"
	"\t\t;;\n"
	"\tesac\n"
	"\tlog=\"$(cd \"$(dirname \"$log\")\" && pwd)/$(basename \"$log\")\"\n"
	"\tprintf '# runbook %s\\n' \"$runbook\" >> \"$log\"\n"
	"fi\n\n"
	"stamp() { date -u +%Y-%m-%dT%H:%M:%SZ; }\n\n"
	"for i in \"${!steps[@]}\"; do\n"
	"\tn=$((i + 1))\n"
	"\tif [ \"$n\" -lt \"$from\" ] || { [ -n \"$only\" ] && [ \"$n\" != \"$only\" ]; }; then\n"
	"\t\tcontinue\n"
	"\tfi\n"
	"\tprintf '\\n== Step %s of %s: %s\\n' \"$n\" \"${#steps[@]}\" \"${titles[$i]}\"\n"
	"\tbash \"$here/${steps[$i]}\" --dry-run | sed 's/^./    &/'\n"
	"\t[ \"$dry\" = 1 ] && continue\n"
	"\tif [ \"$yes\" = 0 ]; then\n"
	"\t\tread -r -p \"Run step $n? [y]es, [s]kip, [q]uit: \" answer || answer=\n"
	"\t\tcase \"$answer\" in\n"
	"\t\ty | Y | yes) ;;\n"
	"\t\ts | S | skip) printf '%s skip %s %s\\n' \"$(stamp)\" \"$n\" \"${steps[$i]}\" >> \"$log\"; continue ;;\n"
	"\t\t*) echo \"Stopped before step $n. Resume with: $0 --from $n\"; exit 1 ;;\n"
	"\t\tesac\n"
	"\tfi\n"
	"\tprintf '%s start %s %s\\n' \"$(stamp)\" \"$n\" \"${steps[$i]}\" >> \"$log\"\n"
	"\tstatus=0\n"
	"\tRUNBINDER_LOG=$log RUNBINDER_YES=$yes bash \"$here/${steps[$i]}\" || status=$?\n"
	"\tprintf '%s end %s %s %s\\n' \"$(stamp)\" \"$n\" \"${steps[$i]}\" \"$status\" >> \"$log\"\n"
	"\tif [ \"$status\" = 3 ]; then\n"
	"\t\techo \"Stopped in step $n. Timing log: $log\" >&2\n"
	"\t\texit 3\n"
	"\telif [ \"$status\" != 0 ]; then\n"
	"\t\techo \"Step $n failed with exit status $status. Fix the cause, then resume with: $0 --from $n\" >&2\n"
	"\t\texit \"$status\"\n"
	"\tfi\n"
	"done\n"
	"[ \"$dry\" = 1 ] || echo \"Done. Timing log: $log\"\n";

/* The scripts made and not yet written: one buffer, and where each file is in it. */
struct rb_scripts {
	struct rb_buf bytes;
	struct held {
		size_t rel, data, len;	/* offsets into bytes; the path NUL-ended */
	} *files;
	size_t nr, alloc;
};

static void hold(struct rb_scripts *h, const char *rel, const char *data, size_t len)
{
	RB_GROW(h->files, h->nr + 1, h->alloc);
	h->files[h->nr].rel = h->bytes.len;
	rb_buf_add(&h->bytes, rel, strlen(rel) + 1);
	h->files[h->nr].data = h->bytes.len;
	h->files[h->nr].len = len;
	rb_buf_add(&h->bytes, data, len);
	h->nr++;
}

struct rb_scripts *rb_pages_scripts_make(struct rb_page_ctx *c)
{
	struct rb_binder *b = c->binder;
	struct rb_scripts *h = rb_xcalloc(1, sizeof(*h));

	rb_buf_init(&h->bytes, 0);
	for (size_t i = 0; i < b->runbooks_nr; i++) {
		struct rb_runbook *r = b->runbooks[i];
		struct rb_buf run = RB_BUF_INIT, list = RB_BUF_INIT, titles = RB_BUF_INIT;
		struct rb_step_parts *parts = rb_xcalloc(r->steps_nr ? r->steps_nr : 1, sizeof(*parts));
		bool code = false;

		/* a runbook with shell code anywhere gets a script for every step */
		for (size_t k = 0; k < r->steps_nr; k++) {
			rb_step_parts(r, k, &parts[k]);
			code = code || rb_step_parts_code(&parts[k]);
		}
		for (size_t k = 0; code && k < r->steps_nr; k++) {
			struct rb_buf script = RB_BUF_INIT;
			/* pages list every script with its digest, to check a printout */
			json_t *rj = rb_model_runbook(c->model, i);
			json_t *scripts = json_object_get(rj, "scripts");
			char *name, *rel, hex[65];

			step_script(c, r, rj, k, &parts[k], &script);
			name = rb_xasprintf("%s.sh", r->steps[k].slug);
			rel = rb_xasprintf("scripts/%s/%s", r->id, name);
			hold(h, rel, script.ptr, script.len);
			if (!scripts) {
				scripts = json_array();
				json_object_set_new(rj, "scripts", scripts);
				json_object_set_new(rj, "has_scripts", json_true());
			}
			rb_sha256_hex(script.ptr, script.len, hex);
			json_array_append_new(scripts, json_pack("{s:i, s:s, s:s}",
				"step", (int)k + 1, "path", rel, "sha256", hex));
			rb_buf_addf(&list, "\t%s\n", name);
			rb_buf_adds(&titles, "\t");
			quoted(&titles, r->steps[k].title);
			rb_buf_addch(&titles, '\n');
			free(name);
			free(rel);
			rb_buf_release(&script);
		}
		if (code) {
			char *rel = rb_xasprintf("scripts/%s/run.sh", r->id);

			rb_buf_adds(&run, "#!/usr/bin/env bash\n");
			comment(&run, "", b->config.title);
			comment(&run, "Runbook: ", r->title);
			rb_buf_adds(&run, "# Runs the step scripts beside this file in order.\n"
					  "# Made by runbinder from the runbook: change the runbook, not this file.\n"
					  "set -euo pipefail\n\n");
			rb_buf_addf(&run, "runbook=%s\n", r->id);
			rb_buf_addf(&run, "steps=(\n%s)\n", list.ptr);
			/* titles are text: single-quoted so that nothing in them expands */
			rb_buf_addf(&run, "# shellcheck disable=SC2016\ntitles=(\n%s)\n\n", titles.ptr);
			rb_buf_adds(&run, run_body);
			hold(h, rel, run.ptr, run.len);
			free(rel);
		}
		for (size_t k = 0; k < r->steps_nr; k++)
			rb_step_parts_release(&parts[k]);
		free(parts);
		rb_buf_release(&run);
		rb_buf_release(&list);
		rb_buf_release(&titles);
	}
	return h;
}

int rb_pages_scripts_write(struct rb_page_ctx *c, struct rb_scripts *h)
{
	int ret = 0;

	if (!h)
		return 0;
	for (size_t i = 0; i < h->nr && ret == 0; i++) {
		const char *rel = h->bytes.ptr + h->files[i].rel;

		if (rb_output_write(c->out, rel, h->bytes.ptr + h->files[i].data, h->files[i].len,
				    0755) < 0) {
			rb_error(c->diags, (struct rb_loc){ rel, 0, 0 }, "cannot write");
			ret = -1;
		}
	}
	rb_buf_release(&h->bytes);
	free(h->files);
	free(h);
	return ret;
}
