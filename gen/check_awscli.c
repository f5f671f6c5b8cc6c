/*
 * check_awscli.c - every `aws` command of a runbook's shell code blocks
 * checked against the AWS CLI table (awscli.h), offline: the service, the
 * command or waiter, each option, the required options, and the region.
 *
 * The CLI's own rules decide what is accepted, so that nothing it runs is
 * reported: global options anywhere, an unambiguous prefix of an option,
 * `--opt=value`, a required boolean satisfied by its `--no-` form, required
 * options supplied by --cli-input-json / --cli-input-yaml (or not needed
 * with --generate-cli-skeleton), `help` anywhere. Words holding a shell
 * expansion or an unresolved placeholder are not checked; one in the place
 * of an option may expand to options, so required options are then not
 * checked either. A service the CLI has but the table does not describe
 * (gen/awscli/services.txt) has only its --region checked.
 */
#include "awscli.h"
#include "check.h"
#include "closest.h"
#include "shell_words.h"

/*
 * The rules of this file, registered in check.c's table. Keep the ids in
 * this one place: a script is not runnable when one of these is an error.
 */
/* A required option the CLI also takes as another option (README.md, limits). */
static const struct {
	const char *service, *command, *option, *negative;
} negatives[] = {
	{ "ec2", "create-network-acl-entry", "--egress", "--ingress" },
	{ "ec2", "delete-network-acl-entry", "--egress", "--ingress" },
	{ "ec2", "replace-network-acl-entry", "--egress", "--ingress" },
	{ "ecs", "execute-command", "--interactive", "--non-interactive" },
};

struct cli_ctx {
	struct rb_checker *c;
	struct rb_runbook *r;
	int base_line;
	const struct rb_shell_word *w;
	size_t from, to;                 /* the command: w[from] is "aws" */
	const char **given;              /* full names of the options given */
	size_t given_nr;
};

static struct rb_loc loc_of(struct cli_ctx *x, const struct rb_shell_word *w)
{
	return (struct rb_loc){ x->r->path, x->base_line + w->line, w->col + 1 };
}

/* The words of `s` split at '-', for comparing command names word by word. */
static bool word_in(const char *word, size_t len, const char *name)
{
	for (const char *p = name; *p;) {
		size_t n = strcspn(p, "-");

		if (n == len && !strncmp(p, word, len))
			return true;
		p += n + (p[n] == '-');
	}
	return false;
}

/*
 * The name to suggest for `s`: the closest by edit distance, else the
 * longest name (of two words or more) made only of words `s` has, such as
 * promote-read-replica for promote-read-replica-db-instance.
 */
static const char *suggest(const char *s, const char *const *names, size_t n)
{
	const char *best = rb_closest(s, names, n);
	size_t best_words = 1;

	for (size_t i = 0; !best && i < n; i++) {
		size_t words = 0;
		bool all = true;

		for (const char *p = names[i]; *p && all;) {
			size_t len = strcspn(p, "-");

			if (len)
				words++;
			all = !len || word_in(p, len, s);
			p += len + (p[len] == '-');
		}
		if (all && words > best_words) {
			best_words = words;
			best = names[i];
		}
	}
	return best;
}

static void report_unknown(struct cli_ctx *x, enum rb_rule_id rule, const struct rb_shell_word *at,
			   const char *what, const char *const *names, size_t n,
			   const char *hint)
{
	const char *near = suggest(at->text, names, n);

	rb_report(x->c, rule, loc_of(x, at), near ? NULL : hint,
		  "%s%s%s%s", what, near ? " (did you mean '" : "", near ? near : "",
		  near ? "'?)" : "");
}

static void check_region(struct cli_ctx *x, const struct rb_shell_word *opt, const char *eq)
{
	const struct rb_shell_word *v = opt + 1;
	struct rb_shell_word tmp;
	const char **names;
	char *what;
	size_t n;

	if (eq) {
		tmp = *opt;
		tmp.text = (char *)eq + 1;
		v = &tmp;
	} else if ((size_t)(opt - x->w) + 1 >= x->to) {
		return;
	}
	if (v->dynamic || !v->text[0] || v->text[0] == '-' || rb_awscli_region(v->text))
		return;
	names = rb_awscli_region_names(&n);
	what = rb_xasprintf("'--region %s' is not an AWS region", v->text);
	report_unknown(x, RB_RULE_CMD_UNKNOWN_REGION, v, what, names, n,
		       "name a region like us-east-1, best through a placeholder like {{site.dr_region}}");
	free(what);
	free(names);
}

static bool given(const struct cli_ctx *x, const char *name)
{
	for (size_t i = 0; i < x->given_nr; i++)
		if (!strcmp(x->given[i], name))
			return true;
	return false;
}

/* Is required option `o` of `svc cmd` given, itself or by its negative? */
static bool satisfied(const struct cli_ctx *x, const char *svc, const char *cmd,
		      const char *o)
{
	char *other;
	bool ok;

	if (given(x, o))
		return true;
	other = rb_starts_with(o, "--no-") ? rb_xasprintf("--%s", o + 5)
					   : rb_xasprintf("--no-%s", o + 2);
	ok = given(x, other);
	free(other);
	for (size_t i = 0; !ok && i < RB_ARRAY_SIZE(negatives); i++)
		ok = !strcmp(negatives[i].service, svc) && !strcmp(negatives[i].command, cmd) &&
		     !strcmp(negatives[i].option, o) && given(x, negatives[i].negative);
	return ok;
}

static void check_required(struct cli_ctx *x, const char *svc,
			   const struct rb_awscli_command *cmd, const struct rb_shell_word *at)
{
	const char *name = rb_awscli_str(cmd->name);
	struct rb_buf missing = RB_BUF_INIT;
	size_t n = 0;

	for (size_t i = 0; i < cmd->opts_nr; i++) {
		const struct rb_awscli_option *o = &rb_awscli.options[cmd->opts + i];

		if (!(o->flags & RB_AWSCLI_REQUIRED) ||
		    satisfied(x, svc, name, rb_awscli_str(o->name)))
			continue;
		rb_buf_addf(&missing, "%s'%s'", n ? ", " : "", rb_awscli_str(o->name));
		n++;
	}
	if (n)
		rb_report(x->c, RB_RULE_CMD_MISSING_OPTION, loc_of(x, at),
			  "give it, or every option at once with --cli-input-json",
			  "'aws %s %s' needs %s %s", svc, name, missing.ptr,
			  n == 1 ? "and it is not given" : "and they are not given");
	rb_buf_release(&missing);
}

/* The global option `word` is (exact or prefix) takes a value to skip. */
static bool global_takes_value(const char *word)
{
	const char *full, *other;
	const struct rb_awscli_option *g;

	if (strchr(word, '=') || rb_awscli_option(NULL, word, &full, &other) == RB_AWSCLI_UNKNOWN ||
	    !full || other)
		return false;
	g = rb_awscli_global(full);
	return g && (g->flags & RB_AWSCLI_VALUE_MASK) == 1;
}

/* Checks one command: words [from, to) with w[from] == "aws". */
static void check_cli(struct cli_ctx *x)
{
	const struct rb_shell_word *w = x->w;
	const struct rb_shell_word *svc_w = NULL, *cmd_w = NULL, *sub_w = NULL;
	const struct rb_awscli_service *svc = NULL;
	const struct rb_awscli_command *cmd = NULL;
	bool maybe_options = false, input = false, help = false, unknown = false;
	const char *given_buf[32];
	char *name = NULL;

	/* the service and command: the first words that are no option or its value */
	for (size_t i = x->from + 1; i < x->to && !sub_w; i++) {
		const char *t = w[i].text;

		if (t[0] == '-') {
			if (!strcmp(t, "--"))
				break;
			if (global_takes_value(t))
				i++;
			continue;
		}
		if (!svc_w)
			svc_w = &w[i];
		else if (!cmd_w)
			cmd_w = &w[i];
		else if (!strcmp(cmd_w->text, "wait") || !strcmp(cmd_w->text, "wizard"))
			sub_w = &w[i];
		else
			break;
	}
	if (svc_w && !svc_w->dynamic && !rb_awscli_service_known(svc_w->text)) {
		size_t n;
		const char **names = rb_awscli_service_names(&n);
		char *what = rb_xasprintf("'aws %s': the AWS CLI has no service '%s'",
					  svc_w->text, svc_w->text);

		report_unknown(x, RB_RULE_CMD_UNKNOWN_SERVICE, svc_w, what, names, n,
			       "'aws help' lists the services");
		free(what);
		free(names);
	} else if (svc_w && !svc_w->dynamic) {
		svc = rb_awscli_service(svc_w->text);
	}
	if (svc && cmd_w && !cmd_w->dynamic && strcmp(cmd_w->text, "help")) {
		bool waiter = !strcmp(cmd_w->text, "wait"), wizard = !strcmp(cmd_w->text, "wizard");
		const struct rb_shell_word *at = waiter || wizard ? sub_w : cmd_w;

		if (at && !at->dynamic && strcmp(at->text, "help")) {
			name = at == sub_w ? rb_xasprintf("%s %s", cmd_w->text, at->text)
					   : rb_xstrdup(at->text);
			cmd = rb_awscli_command(svc, name);
			if (!cmd) {
				size_t n;
				const char **names = rb_awscli_command_names(svc, waiter, &n);
				char *what = waiter
					? rb_xasprintf("'aws %s wait %s': %s has no waiter '%s'",
						       svc_w->text, at->text, svc_w->text, at->text)
					: rb_xasprintf("'aws %s %s': %s has no command '%s'",
						       svc_w->text, name, svc_w->text, name);
				char *hint = rb_xasprintf("'aws %s%s help' lists its %s", svc_w->text,
							  waiter ? " wait" : "",
							  waiter ? "waiters" : "commands");

				report_unknown(x, waiter ? RB_RULE_CMD_UNKNOWN_WAITER : RB_RULE_CMD_UNKNOWN_COMMAND,
					       at, what, names, n, hint);
				free(hint);
				free(what);
				free(names);
			}
		}
	}
	/* the options: each known to the command, or at least to the CLI */
	x->given = x->to - x->from <= RB_ARRAY_SIZE(given_buf) ? given_buf
		   : rb_xcalloc(x->to - x->from, sizeof(*x->given));
	x->given_nr = 0;
	for (size_t i = x->from + 1; i < x->to; i++) {
		const struct rb_shell_word *o = &w[i];
		const char *full = NULL, *other = NULL;
		const char *eq, *word;
		char *dup;
		enum rb_awscli_match m;

		if (!o->dynamic && !strcmp(o->text, "help") && i + 1 == x->to)
			help = true;
		if (o->dynamic && (i == x->from + 1 || !rb_starts_with(w[i - 1].text, "--") ||
				   strchr(w[i - 1].text, '=')))
			maybe_options = true;
		if (o->dynamic || !rb_starts_with(o->text, "--") || !strcmp(o->text, "--"))
			continue;
		eq = strchr(o->text, '=');
		dup = eq ? rb_xstrndup(o->text, (size_t)(eq - o->text)) : NULL;
		word = dup ? dup : o->text;
		m = rb_awscli_option(cmd, word, &full, &other);
		if (m == RB_AWSCLI_EXACT || m == RB_AWSCLI_PREFIX) {
			x->given[x->given_nr++] = full;
			if (!strcmp(full, "--cli-input-json") || !strcmp(full, "--cli-input-yaml") ||
			    !strcmp(full, "--generate-cli-skeleton"))
				input = true;
			if (!strcmp(full, "--region"))
				check_region(x, o, eq);
		} else if (cmd) {
			unknown = true;
		}
		if (cmd && m == RB_AWSCLI_AMBIGUOUS) {
			rb_report(x->c, RB_RULE_CMD_UNKNOWN_OPTION, loc_of(x, o),
				  "write the option out in full",
				  "'%s' is ambiguous for 'aws %s %s': it could be '%s' or '%s'",
				  word, svc_w->text, name, full, other);
		} else if (cmd && m == RB_AWSCLI_UNKNOWN) {
			size_t n;
			const char **names = rb_awscli_option_names(cmd, &n);
			struct rb_shell_word tmp = *o;
			char *what = rb_xasprintf("'aws %s %s' has no option '%s'", svc_w->text, name,
						  word);
			char *hint = rb_xasprintf("'aws %s %s help' lists its options", svc_w->text,
						  name);

			tmp.text = dup ? dup : o->text;
			report_unknown(x, RB_RULE_CMD_UNKNOWN_OPTION, &tmp, what, names, n, hint);
			free(hint);
			free(what);
			free(names);
		}
		free(dup);
	}
	/* a misspelt option is often the required one: one finding is enough */
	if (cmd && !input && !help && !maybe_options && !unknown)
		check_required(x, svc_w->text, cmd, sub_w ? sub_w : cmd_w);
	if (x->given != given_buf)
		free(x->given);
	x->given = NULL;
	free(name);
}

/* Shell keywords and prefixes after which a command starts. */
static bool command_prefix(const char *t)
{
	static const char *const words[] = { "!", "do", "then", "else", "elif", "time", "{" };

	for (size_t i = 0; i < RB_ARRAY_SIZE(words); i++)
		if (!strcmp(words[i], t))
			return true;
	return false;
}

/*
 * The block after `n` in document order below `root`, going only into the
 * containers that may hold a code block: most nodes of a runbook are
 * inlines and table cells, not worth a visit.
 */
static cmark_node *next_block(cmark_node *n, cmark_node *root)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_DOCUMENT:
	case CMARK_NODE_BLOCK_QUOTE:
	case CMARK_NODE_LIST:
	case CMARK_NODE_ITEM:
	case CMARK_NODE_CUSTOM_BLOCK:
	case CMARK_NODE_FOOTNOTE_DEFINITION:
		if (cmark_node_first_child(n))
			return cmark_node_first_child(n);
		break;
	default:
		break;
	}
	for (; n && n != root; n = cmark_node_parent(n))
		if (cmark_node_next(n))
			return cmark_node_next(n);
	return NULL;
}

void rb_check_awscli(struct rb_checker *c)
{
	struct rb_binder *b = c->binder;

	for (size_t i = 0; i < b->runbooks_nr; i++) {
		struct rb_runbook *r = b->runbooks[i];

		/* a page that did not parse has its own error and nothing to check */
		if (!r->doc)
			continue;
		for (cmark_node *n = r->doc; n; n = next_block(n, r->doc)) {
			struct rb_shell_words w = { 0 };
			struct cli_ctx x = { c, r, 0, NULL, 0, 0, NULL, 0 };
			size_t start = 0;

			if (cmark_node_get_type(n) != CMARK_NODE_CODE_BLOCK ||
			    !rb_shell_info(cmark_node_get_fence_info(n)))
				continue;
			/* cheap: most blocks hold no aws command at all */
			if (!strstr(cmark_node_get_literal(n), "aws"))
				continue;
			x.base_line = cmark_node_get_start_line(n) + 1 + r->body_line - 1;
			rb_shell_split(cmark_node_get_literal(n), &w);
			x.w = w.items;
			for (size_t k = 0; k <= w.nr; k++) {
				if (k < w.nr && !w.items[k].sep)
					continue;
				/* a command: skip keywords and VAR=value prefixes, then look for aws */
				while (start < k && (command_prefix(w.items[start].text) ||
						     (strchr(w.items[start].text, '=') &&
						      w.items[start].text[0] != '-')))
					start++;
				if (start < k && !strcmp(w.items[start].text, "aws")) {
					x.from = start;
					x.to = k;
					check_cli(&x);
				}
				start = k + 1;
			}
			rb_shell_words_release(&w);
		}
	}
}
