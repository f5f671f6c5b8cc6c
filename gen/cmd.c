/*
 * cmd.c - what the subcommands share: how diagnostics are printed, the
 * build date.
 */
#include <ctype.h>
#include <unistd.h>

#include "cmd.h"
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


/* SOURCE_DATE_EPOCH, else the commit's time, else a fixed 0. */
int rb_build_time(const struct rb_repo_info *repo, long long *out)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");

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
	*out = repo->commit_time;
	return 0;
}

