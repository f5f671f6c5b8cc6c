/*
 * page_scripts.c - every runbook step with shell code as an executable
 * script, scripts/<id>/NN-<step>.sh, and scripts/<id>/run.sh that runs
 * the steps in order, asking before each, logging start and end of every
 * step to a timing log. Commands are the rendered ones, byte for byte: the
 * same placeholder values and the same shell-safety rule as the pages.
 * A `console` block gives its `$ ` lines without the prompt and drops the
 * output lines.
 */
#include <limits.h>

#include "rules.h"
#include "model.h"
#include "pages.h"
#include "sha256.h"

static bool shell_info(const char *info, bool *console)
{
	size_t len = info ? strcspn(info, " \t{") : 0;

	*console = len == 7 && !strncmp(info, "console", 7);
	return *console || (len == 4 && !strncmp(info, "bash", 4)) ||
	       (len == 2 && !strncmp(info, "sh", 2)) ||
	       (len == 5 && !strncmp(info, "shell", 5));
}

/* The commands of a console block: prompt lines without "$ ". */
static void console_commands(struct rb_buf *out, const char *s)
{
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);

		if (n >= 2 && s[0] == '$' && s[1] == ' ') {
			rb_buf_add(out, s + 2, n - 2);
			rb_buf_addch(out, '\n');
		}
		s += n + (nl ? 1 : 0);
	}
}

/* The shell code of step `k`: every shell block from its heading to the next. */
static void step_code(struct rb_runbook *r, size_t k, struct rb_buf *out)
{
	cmark_node *end = k + 1 < r->steps_nr ? r->steps[k + 1].heading : NULL;

	for (cmark_node *n = cmark_node_next(r->steps[k].heading); n && n != end;
	     n = cmark_node_next(n)) {
		cmark_iter *it = cmark_iter_new(n);
		cmark_event_type ev;

		while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
			cmark_node *b = cmark_iter_get_node(it);
			bool console;

			if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(b) != CMARK_NODE_CODE_BLOCK ||
			    !shell_info(cmark_node_get_fence_info(b), &console))
				continue;
			if (out->len)
				rb_buf_addch(out, '\n');
			if (console)
				console_commands(out, cmark_node_get_literal(b));
			else
				rb_buf_adds(out, cmark_node_get_literal(b));
		}
		cmark_iter_free(it);
	}
	if (out->len && out->ptr[out->len - 1] != '\n')
		rb_buf_addch(out, '\n');
}

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

		if (g->severity == RB_SEV_ERROR && g->path && !strcmp(g->path, r->path) &&
		    g->line > from && g->line < to && rb_rule_blocks_script(g->rule))
			return g;
	}
	return NULL;
}

static void step_script(struct rb_page_ctx *c, struct rb_runbook *r, size_t k,
			const char *code, struct rb_buf *b)
{
	const struct rb_diag *block = blocking_finding(c, r, k);
	json_t *site = json_object_get(c->model, "site");
	struct rb_step *st = &r->steps[k];
	char *delim = delimiter(code);
	char *title = rb_xasprintf("%zu: %s", k + 1, st->title);

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
	comment(b, "Built from: ", json_string_value(json_object_get(site, "source")));
	rb_buf_adds(b, "# Made by runbinder from the runbook: change the runbook, not this file.\n"
		       "set -euo pipefail\n\n"
		       "case \"${1:-}\" in\n"
		       "--help | -h)\n");
	rb_buf_adds(b, "\tcat <<'RUNBINDER_HELP'\n");
	rb_buf_addf(b, "usage: %s-%s [--dry-run]\n", r->id, st->slug);
	rb_buf_adds(b, "Runs this step's commands. --dry-run prints them instead.\n"
		       "RUNBINDER_HELP\n\texit 0\n\t;;\n"
		       "--dry-run)\n");
	rb_buf_addf(b, "\tcat <<'%s'\n%s%s\n\texit 0\n\t;;\n", delim, code, delim);
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
		rb_buf_adds(b, code);
	}
	free(delim);
	free(title);
}

static const char run_body[] =
	"usage() {\n"
	"\tcat <<'RUNBINDER_HELP'\n"
	"usage: run.sh [--yes] [--dry-run] [--from N | --only N] [--log FILE]\n"
	"Runs the steps in order, showing each step's commands and asking before it.\n"
	"  --yes        do not ask before each step\n"
	"  --dry-run    print every step's commands, run nothing\n"
	"  --from N     start at step N (to resume after a failure)\n"
	"  --only N     run step N alone\n"
	"  --log FILE   the timing log (default: ./<runbook>-<UTC time>.log)\n"
	"RUNBINDER_HELP\n"
	"}\n\n"
	"yes=0\ndry=0\nfrom=1\nonly=0\nlog=\"\"\n"
	"while [ $# -gt 0 ]; do\n"
	"\tcase \"$1\" in\n"
	"\t--yes) yes=1 ;;\n"
	"\t--dry-run) dry=1 ;;\n"
	"\t--from) from=${2:?--from needs a step number}; shift ;;\n"
	"\t--only) only=${2:?--only needs a step number}; shift ;;\n"
	"\t--log) log=${2:?--log needs a file}; shift ;;\n"
	"\t--help | -h) usage; exit 0 ;;\n"
	"\t*) echo \"run.sh: unknown option '$1'\" >&2; usage >&2; exit 2 ;;\n"
	"\tesac\n"
	"\tshift\n"
	"done\n"
	"case \"$from$only\" in\n"
	"*[!0-9]*) echo \"run.sh: --from and --only take a step number\" >&2; exit 2 ;;\n"
	"esac\n\n"
	"here=$(cd \"$(dirname \"$0\")\" && pwd)\n"
	"if [ \"$dry\" = 0 ]; then\n"
	"\t[ -n \"$log\" ] || log=\"$PWD/$runbook-$(date -u +%Y%m%dT%H%M%SZ).log\"\n"
	"\tcase \"$(cd \"$(dirname \"$log\")\" && pwd)/\" in\n"
	"\t\"$(cd \"$here/../..\" && pwd)\"/*)\n"
	"\t\techo \"run.sh: the timing log must not go inside the binder; use --log FILE\" >&2\n"
	"\t\texit 2\n"
	"\t\t;;\n"
	"\tesac\n"
	"\tprintf '# runbook %s\\n' \"$runbook\" >> \"$log\"\n"
	"fi\n\n"
	"stamp() { date -u +%Y-%m-%dT%H:%M:%SZ; }\n\n"
	"for i in \"${!steps[@]}\"; do\n"
	"\tn=$((i + 1))\n"
	"\tif [ \"$n\" -lt \"$from\" ] || { [ \"$only\" != 0 ] && [ \"$n\" != \"$only\" ]; }; then\n"
	"\t\tcontinue\n"
	"\tfi\n"
	"\tprintf '\\n== Step %s of %s: %s\\n' \"$n\" \"${#steps[@]}\" \"${titles[$i]}\"\n"
	"\tbash \"$here/${steps[$i]}\" --dry-run | sed 's/^./    &/'\n"
	"\t[ \"$dry\" = 1 ] && continue\n"
	"\tif [ \"$yes\" = 0 ]; then\n"
	"\t\tread -r -p \"Run step $n? [y]es, [s]kip, [q]uit: \" answer\n"
	"\t\tcase \"$answer\" in\n"
	"\t\ty | Y | yes) ;;\n"
	"\t\ts | S | skip) printf '%s skip %s %s\\n' \"$(stamp)\" \"$n\" \"${steps[$i]}\" >> \"$log\"; continue ;;\n"
	"\t\t*) echo \"Stopped before step $n. Resume with: $0 --from $n\"; exit 1 ;;\n"
	"\t\tesac\n"
	"\tfi\n"
	"\tprintf '%s start %s %s\\n' \"$(stamp)\" \"$n\" \"${steps[$i]}\" >> \"$log\"\n"
	"\tstatus=0\n"
	"\tbash \"$here/${steps[$i]}\" || status=$?\n"
	"\tprintf '%s end %s %s %s\\n' \"$(stamp)\" \"$n\" \"${steps[$i]}\" \"$status\" >> \"$log\"\n"
	"\tif [ \"$status\" != 0 ]; then\n"
	"\t\techo \"Step $n failed with exit status $status. Fix the cause, then resume with: $0 --from $n\" >&2\n"
	"\t\texit \"$status\"\n"
	"\tfi\n"
	"done\n"
	"[ \"$dry\" = 1 ] || echo \"Done. Timing log: $log\"\n";

int rb_pages_scripts(struct rb_page_ctx *c)
{
	struct rb_binder *b = c->binder;

	for (size_t i = 0; i < b->runbooks_nr; i++) {
		struct rb_runbook *r = b->runbooks[i];
		struct rb_buf run = RB_BUF_INIT, list = RB_BUF_INIT, titles = RB_BUF_INIT;
		size_t made = 0;

		for (size_t k = 0; k < r->steps_nr; k++) {
			struct rb_buf code = RB_BUF_INIT, script = RB_BUF_INIT;
			char *name, *rel;

			step_code(r, k, &code);
			if (!code.len) {
				rb_buf_release(&code);
				continue;
			}
			step_script(c, r, k, code.ptr, &script);
			name = rb_xasprintf("%s.sh", r->steps[k].slug);
			rel = rb_xasprintf("scripts/%s/%s", r->id, name);
			if (rb_output_write(c->out, rel, script.ptr, script.len, 0755) < 0) {
				rb_error(c->diags, (struct rb_loc){ rel, 0, 0 }, "cannot write");
				free(name);
				free(rel);
				rb_buf_release(&code);
				rb_buf_release(&script);
				return -1;
			}
			{
				/* pages list every script with its digest, to check a printout */
				json_t *rj = rb_model_runbook(c->model, i);
				json_t *scripts = json_object_get(rj, "scripts");
				char hex[65];

				if (!scripts) {
					scripts = json_array();
					json_object_set_new(rj, "scripts", scripts);
					json_object_set_new(rj, "has_scripts", json_true());
				}
				rb_sha256_hex(script.ptr, script.len, hex);
				json_array_append_new(scripts, json_pack("{s:i, s:s, s:s}",
					"step", (int)k + 1, "path", rel, "sha256", hex));
			}
			rb_buf_addf(&list, "\t%s\n", name);
			rb_buf_adds(&titles, "\t");
			quoted(&titles, r->steps[k].title);
			rb_buf_addch(&titles, '\n');
			made++;
			free(name);
			free(rel);
			rb_buf_release(&code);
			rb_buf_release(&script);
		}
		if (made) {
			char *rel = rb_xasprintf("scripts/%s/run.sh", r->id);
			int ret;

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
			ret = rb_output_write(c->out, rel, run.ptr, run.len, 0755);
			free(rel);
			if (ret < 0) {
				rb_buf_release(&run);
				rb_buf_release(&list);
				rb_buf_release(&titles);
				return -1;
			}
		}
		rb_buf_release(&run);
		rb_buf_release(&list);
		rb_buf_release(&titles);
	}
	return 0;
}
