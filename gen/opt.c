#include "opt.h"

static const struct rb_opt *find_long(const struct rb_opt *opts, size_t n,
				      const char *name, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (opts[i].long_name && strlen(opts[i].long_name) == len &&
		    !strncmp(opts[i].long_name, name, len))
			return &opts[i];
	return NULL;
}

static const struct rb_opt *find_short(const struct rb_opt *opts, size_t n,
				       char c)
{
	for (size_t i = 0; i < n; i++)
		if (opts[i].short_name == c)
			return &opts[i];
	return NULL;
}

static void set_value(const struct rb_opt *o, const char *v)
{
	if (o->list)
		rb_strlist_add(o->list, rb_xstrdup(v));
	else
		*o->value = v;
}

int rb_opt_parse(const char *cmd, const struct rb_opt *opts, size_t nopts,
		 int argc, char **argv, struct rb_strlist *args)
{
	bool only_args = false;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const struct rb_opt *o;

		if (only_args || a[0] != '-' || !a[1]) {
			rb_strlist_add(args, rb_xstrdup(a));
			continue;
		}
		if (!strcmp(a, "--")) {
			only_args = true;
			continue;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);

			o = find_long(opts, nopts, a + 2, len);
			if (!o) {
				fprintf(stderr, "runbinder %s: error: unknown option '%.*s' (see 'runbinder help %s')\n",
					cmd, (int)len + 2, a, cmd);
				return -1;
			}
			if (!o->arg_name) {
				if (eq) {
					fprintf(stderr, "runbinder %s: error: option '--%s' takes no value\n",
						cmd, o->long_name);
					return -1;
				}
				*o->flag = true;
			} else if (eq) {
				set_value(o, eq + 1);
			} else if (i + 1 < argc) {
				set_value(o, argv[++i]);
			} else {
				fprintf(stderr, "runbinder %s: error: option '--%s' needs a value (%s)\n",
					cmd, o->long_name, o->arg_name);
				return -1;
			}
			continue;
		}
		for (const char *p = a + 1; *p; p++) {
			o = find_short(opts, nopts, *p);
			if (!o) {
				fprintf(stderr, "runbinder %s: error: unknown option '-%c' (see 'runbinder help %s')\n",
					cmd, *p, cmd);
				return -1;
			}
			if (!o->arg_name) {
				*o->flag = true;
				continue;
			}
			if (p[1]) {
				set_value(o, p + 1);
			} else if (i + 1 < argc) {
				set_value(o, argv[++i]);
			} else {
				fprintf(stderr, "runbinder %s: error: option '-%c' needs a value (%s)\n",
					cmd, *p, o->arg_name);
				return -1;
			}
			break;
		}
	}
	return 0;
}

void rb_opt_help(FILE *f, const char *usage, const char *about,
		 const struct rb_opt *opts, size_t nopts)
{
	fprintf(f, "usage: %s\n\n%s\n", usage, about);
	if (nopts)
		fputs("\noptions:\n", f);
	for (size_t i = 0; i < nopts; i++) {
		const struct rb_opt *o = &opts[i];
		char left[64];

		if (o->short_name && o->long_name)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", o->short_name,
				 o->long_name, o->arg_name ? " " : "",
				 o->arg_name ? o->arg_name : "");
		else if (o->short_name)
			snprintf(left, sizeof(left), "-%c%s%s", o->short_name,
				 o->arg_name ? " " : "", o->arg_name ? o->arg_name : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->long_name,
				 o->arg_name ? " " : "", o->arg_name ? o->arg_name : "");
		fprintf(f, "  %-24s %s\n", left, o->help);
	}
}
