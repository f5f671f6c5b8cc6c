/*
 * cmd.c - what the subcommands share: their start-up, how diagnostics
 * are printed, the build date.
 */
#include <ctype.h>
#include <errno.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "duration.h"
#include "repo.h"

bool rb_use_color(void)
{
	const char *nc = getenv("NO_COLOR");

	return isatty(STDERR_FILENO) && !(nc && *nc);
}

void rb_print_diags(struct rb_diags *d)
{
	rb_diags_sort(d);
	rb_diags_print(d, stderr, rb_use_color(), true);
}


/*
 * The build date: --date, else SOURCE_DATE_EPOCH (the reproducible-builds
 * convention), else now. Overdue drills and stale reviews count from it
 * and the pages print it, so a pinned date gives the same bytes.
 */
int rb_build_time(const char *date, long long *out)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	long days;

	if (date) {
		if (rb_date_parse(date, &days) < 0) {
			fprintf(stderr, "runbinder: error: --date takes a day as YYYY-MM-DD, not '%s'\n", date);
			return -1;
		}
		*out = (long long)days * 86400;
		return 0;
	}
	if (s && *s) {
		long long v = 0;

		for (const char *p = s; *p; p++) {
			if (!isdigit((unsigned char)*p) || v > 100000000000LL) {
				fprintf(stderr, "runbinder: error: SOURCE_DATE_EPOCH must be seconds since 1970, not '%s'\n",
					s);
				return -1;
			}
			v = v * 10 + (*p - '0');
		}
		*out = v;
		return 0;
	}
	*out = (long long)time(NULL);
	return 0;
}

int rb_cmd_start(struct rb_cmd *c, const char *name, const struct rb_opt *opts,
		 size_t nopts, void (*help)(FILE *f), void *values,
		 bool takes_operands, int argc, char **argv)
{
	memset(c, 0, sizeof(*c));
	c->name = name;
	c->opts = values;
	if (rb_opt_parse(name, opts, nopts, values, argc, argv, &c->args) < 0)
		return -1;
	if (c->opts->help) {
		help(stdout);
		return 0;
	}
	if (!takes_operands && c->args.nr) {
		fprintf(stderr, "runbinder %s: error: unexpected argument '%s'\n",
			name, c->args.items[0]);
		return -1;
	}
	return 1;
}

int rb_cmd_sources(struct rb_cmd *c)
{
	if (c->opts->ref) {
		char err[256];

		if (rb_repo_extract(c->opts->dir, c->opts->ref, &c->repo, &c->ref_tmp,
				    &c->src, err, sizeof(err)) < 0) {
			fprintf(stderr, "runbinder %s: error: %s\n", c->name, err);
			return -1;
		}
	} else {
		rb_repo_info(&c->repo, c->opts->dir);
		c->src = rb_xstrdup(c->opts->dir);
	}
	return rb_build_time(c->opts->date, &c->now);
}

int rb_cmd_fail_level(const struct rb_cmd *c, const char *level)
{
	if (level && strcmp(level, "error") && strcmp(level, "warning") &&
	    strcmp(level, "never")) {
		fprintf(stderr, "runbinder %s: error: --fail-on takes error, warning or never, not '%s'\n",
			c->name, level);
		return -1;
	}
	return 0;
}

int rb_cmd_wait_seconds(const struct rb_cmd *c, const char *text, double *out)
{
	char *end;
	double v;

	*out = RB_WAIT_DEFAULT;
	if (!text)
		return 0;
	errno = 0;
	v = strtod(text, &end);
	if (end == text || *end || errno || !(v >= 0) || v > 86400) {
		fprintf(stderr, "runbinder %s: error: --wait takes a number of seconds from 0 to 86400, not '%s'\n",
			c->name, text);
		return -1;
	}
	*out = v;
	return 0;
}

int rb_cmd_output_error(const char *final, const char *holder, double waited)
{
	if (holder)
		fprintf(stderr, "%s: error: another runbinder (%s) is writing %s; gave up after waiting %g s (--wait SECONDS waits longer)\n",
			final, holder, final, waited);
	else if (errno == EACCES)
		fprintf(stderr, "%s: error: the binder directory is read-only, or so is the directory it is in: make them writable, or write elsewhere with --out DIR\n",
			final);
	else if (errno == ENOENT)
		fprintf(stderr, "%s: error: no such directory (or a symbolic link to one that does not exist): create it, or remove the link\n",
			final);
	else
		fprintf(stderr, "%s: error: cannot write the binder here: %s\n", final, strerror(errno));
	return RB_EXIT_BAD_INPUT;
}

void rb_cmd_release(struct rb_cmd *c)
{
	if (c->ref_tmp)
		rb_remove_tree(c->ref_tmp);
	free(c->ref_tmp);
	free(c->src);
	rb_strlist_release(&c->args);
	if (c->opts)
		rb_strlist_release(&c->opts->states);
}
