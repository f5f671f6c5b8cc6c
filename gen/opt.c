/*
 * opt.c - parsing argv from an option table, and the help made from it.
 */
#include "closest.h"
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

static void *field(void *values, const struct rb_opt *o)
{
	return (char *)values + o->offset;
}

static void set_value(void *values, const struct rb_opt *o, const char *v)
{
	if (o->kind == RB_OPT_LIST)
		rb_strlist_add(field(values, o), rb_xstrdup(v));
	else
		*(const char **)field(values, o) = v;
}

static void set_flag(void *values, const struct rb_opt *o)
{
	*(bool *)field(values, o) = true;
}

/* The long option closest to a mistyped one, for "did you mean". */
static const char *closest_long(const struct rb_opt *opts, size_t nopts,
				const char *typed)
{
	const char **names = rb_xcalloc(nopts + 1, sizeof(*names));
	const char *near;
	size_t n = 0;

	for (size_t i = 0; i < nopts; i++)
		if (opts[i].long_name)
			names[n++] = opts[i].long_name;
	near = rb_closest(typed, names, n);
	free(names);
	return near;
}

int rb_opt_parse(const char *cmd, const struct rb_opt *opts, size_t nopts,
		 void *values, int argc, char **argv, struct rb_strlist *args)
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
				char *typed = rb_xstrndup(a + 2, len);
				const char *near = closest_long(opts, nopts, typed);

				if (near)
					fprintf(stderr, "runbinder %s: error: unknown option '%.*s' (did you mean '--%s'?)\n",
						cmd, (int)len + 2, a, near);
				else
					fprintf(stderr, "runbinder %s: error: unknown option '%.*s' (see 'runbinder help %s')\n",
						cmd, (int)len + 2, a, cmd);
				free(typed);
				return -1;
			}
			if (!o->arg_name) {
				if (eq) {
					fprintf(stderr, "runbinder %s: error: option '--%s' takes no value\n",
						cmd, o->long_name);
					return -1;
				}
				set_flag(values, o);
			} else if (eq) {
				set_value(values, o, eq + 1);
			} else if (i + 1 < argc) {
				set_value(values, o, argv[++i]);
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
				set_flag(values, o);
				continue;
			}
			if (p[1]) {
				set_value(values, o, p + 1);
			} else if (i + 1 < argc) {
				set_value(values, o, argv[++i]);
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

/* " [-C DIR]", " --branch NAME", " [--state PATH]..." */
static void usage_item(FILE *f, const struct rb_opt *o)
{
	fputs(o->required ? " " : " [", f);
	if (o->short_name)
		fprintf(f, "-%c", o->short_name);
	else
		fprintf(f, "--%s", o->long_name);
	if (o->arg_name)
		fprintf(f, " %s", o->arg_name);
	fputs(o->required ? "" : "]", f);
	if (o->kind == RB_OPT_LIST)
		fputs("...", f);
}

void rb_opt_usage(FILE *f, const char *cmd, const char *operands,
		  const struct rb_opt *opts, size_t nopts)
{
	fprintf(f, "usage: runbinder %s", cmd);
	for (size_t i = 0; i < nopts; i++)
		if (!opts[i].long_name || strcmp(opts[i].long_name, "help"))
			usage_item(f, &opts[i]);
	if (operands)
		fprintf(f, " %s", operands);
	fputc('\n', f);
}

void rb_opt_help(FILE *f, const char *cmd, const char *operands,
		 const char *about, const struct rb_opt *opts, size_t nopts)
{
	rb_opt_usage(f, cmd, operands, opts, nopts);
	fprintf(f, "\n%s\n", about);
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
