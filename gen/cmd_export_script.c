/*
 * cmd_export_script.c - `runbinder export-script`: the AWS CLI commands
 * that produce the exports the current runbooks bind to, with the manifest
 * that goes beside them, as one bash script for CI to run on every infra
 * change.
 */
#include "aws_types.h"
#include "binder.h"
#include "cmd.h"
#include "fsutil.h"
#include "opt.h"
#include "resolve.h"

struct export_opts {
	struct rb_common_opts common;
};

static const struct rb_opt export_opts[] = {
	RB_OPT_DIR(struct export_opts),
	RB_OPT_STATE(struct export_opts),
	RB_OPT_HELP(struct export_opts),
};

void cmd_export_script_help(FILE *f)
{
	rb_opt_help(f, "export-script", NULL,
		    "Prints a bash script that runs the AWS CLI commands producing the\n"
		    "exports the runbooks' bindings need, and writes their manifest.yaml.\n"
		    "Run it with the folder to write to (default: the first of the\n"
		    "config's paths.infra, or of --state; a file names its folder).",
		    export_opts, RB_ARRAY_SIZE(export_opts));
}

struct export {
	char *file;
	char *command;      /* without the redirection */
	char *region;       /* for the manifest, or NULL */
	char *zone, *bucket;
	char *services;     /* ECS services appended to the command */
	bool complete;      /* lists every resource of its type in its scope */
};

struct exports {
	struct export *items;
	size_t nr, alloc;
};

static struct export *add(struct exports *e, const char *file, const char *command,
			  const char *region)
{
	struct export *x;

	for (size_t i = 0; i < e->nr; i++)
		if (!strcmp(e->items[i].file, file))
			return NULL;
	RB_GROW(e->items, e->nr + 1, e->alloc);
	x = &e->items[e->nr++];
	memset(x, 0, sizeof(*x));
	x->file = rb_xstrdup(file);
	x->command = rb_xstrdup(command);
	x->region = region ? rb_xstrdup(region) : NULL;
	return x;
}

/* `nw-dr` from `arn:aws:ecs:us-west-2:1:cluster/nw-dr` */
static const char *tail(const char *s)
{
	const char *slash = s ? strrchr(s, '/') : NULL;

	return slash ? slash + 1 : s;
}

static bool safe(const char *s)
{
	return s && rb_shell_word_safe(s);
}

/* Does a resource of type `t` have `attr` equal to `value`? */
static bool named_by(const struct rb_infra *inv, const char *t, const char *attr,
		     const char *value)
{
	for (size_t i = 0; value && i < inv->nr; i++)
		if (!strcmp(inv->items[i].type, t) && rb_resource_str(&inv->items[i], attr) &&
		    !strcmp(rb_resource_str(&inv->items[i], attr), value))
			return true;
	return false;
}

/* Adds `name` to the services an ECS describe-services export names. */
static void add_name(struct export *x, const char *name)
{
	char *padded = rb_xasprintf(" %s ", x->services ? x->services : "");
	char *word = rb_xasprintf(" %s ", name);

	if (!strstr(padded, word)) {
		char *more = x->services ? rb_xasprintf("%s %s", x->services, name)
					 : rb_xstrdup(name);

		free(x->services);
		x->services = more;
	}
	free(padded);
	free(word);
}

/*
 * The export of type `t` that describes resource `r`, as its row says:
 * one per region, per account, per hosted zone or per bucket (complete
 * lists), or one naming the resource (or its group, an ECS cluster).
 */
static void export_as(struct exports *e, const struct rb_resource *r,
		      const struct rb_aws_type *t)
{
	const struct rb_aws_cli *k = &t->cli;
	const char *region = r->region;
	struct rb_buf dashed = RB_BUF_INIT;
	char *file = NULL, *cmd = NULL;
	struct export *x = NULL;

	for (const char *p = k->command; *p; p++)
		rb_buf_addch(&dashed, *p == ' ' ? '-' : *p);
	switch (k->scope) {
	case RB_SCOPE_REGION:
		if (!safe(region) || !strcmp(region, "global"))
			break;
		file = rb_xasprintf("%s.%s.json", dashed.ptr, region);
		cmd = rb_xasprintf("aws %s --region %s", k->command, region);
		if ((x = add(e, file, cmd, region)))
			x->complete = true;
		break;
	case RB_SCOPE_GLOBAL:
		file = rb_xasprintf("%s.json", dashed.ptr);
		cmd = rb_xasprintf("aws %s", k->command);
		if ((x = add(e, file, cmd, NULL)))
			x->complete = true;
		break;
	case RB_SCOPE_ZONE: {
		const char *zone = rb_resource_str(r, "zone_id");

		if (!safe(zone))
			break;
		file = rb_xasprintf("%s.%s.json", dashed.ptr, zone);
		cmd = rb_xasprintf("aws %s --hosted-zone-id %s", k->command, zone);
		if ((x = add(e, file, cmd, NULL))) {
			x->zone = rb_xstrdup(zone);
			x->complete = true;
		}
		break;
	}
	case RB_SCOPE_BUCKET: {
		const char *b = rb_resource_str(r, "bucket");

		if (!safe(b))
			break;
		file = rb_xasprintf("%s.%s.json", dashed.ptr, b);
		cmd = rb_xasprintf("aws %s --bucket %s", k->command, b);
		if ((x = add(e, file, cmd, region))) {
			x->bucket = rb_xstrdup(b);
			x->complete = true;
		}
		break;
	}
	case RB_SCOPE_NAMED: {
		const char *value = rb_resource_str(r, k->name_attr);
		const char *group = k->group_attr ? tail(rb_resource_str(r, k->group_attr)) : NULL;

		if (!safe(region) || !safe(value) || (k->group_attr && !safe(group)))
			break;
		if (!group) {
			file = rb_xasprintf("%s.%s.%s.json", dashed.ptr, tail(value), region);
			cmd = rb_xasprintf("aws %s %s %s --region %s", k->command, k->name_flag,
					   value, region);
			add(e, file, cmd, region);
			break;
		}
		/* one call per group, naming each resource the runbooks use */
		file = rb_xasprintf("%s.%s.%s.json", dashed.ptr, group, region);
		cmd = rb_xasprintf("aws %s %s %s --region %s %s", k->command, k->group_flag,
				   group, region, k->name_flag);
		add(e, file, cmd, region);
		for (size_t i = 0; i < e->nr; i++)
			if (!strcmp(e->items[i].file, file))
				add_name(&e->items[i], value);
		break;
	}
	}
	free(file);
	free(cmd);
	rb_buf_release(&dashed);
}

/* The exports that describe resource `r`, if the AWS CLI has them. */
static void export_for(struct exports *e, const struct rb_infra *inv,
		       const struct rb_resource *r)
{
	const struct rb_aws_type *t = rb_aws_type(r->type);

	if (!t || (!safe(r->region) && strcmp(r->region ? r->region : "", "global")))
		return;
	if (t->cli.command)
		export_as(e, r, t);
	for (size_t i = 0; i < RB_ARRAY_SIZE(t->exports_with) && t->exports_with[i].type; i++) {
		const struct rb_aws_type *w = rb_aws_type(t->exports_with[i].type);
		const char *key = w ? w->match[0] : NULL;

		if (!w || !w->cli.command)
			continue;
		if (t->exports_with[i].when_named &&
		    !(key && named_by(inv, w->type, key, rb_resource_str(r, key))))
			continue;
		export_as(e, r, w);
	}
}

static int cmp_export(const void *a, const void *b)
{
	return strcmp(((const struct export *)a)->file, ((const struct export *)b)->file);
}

/*
 * Where the exports go by default: where the binder reads them from, the
 * first path of --state or of the config's paths.infra; a file (a state)
 * names its folder.
 */
static struct rb_buf default_folder(const struct rb_binder *b, const struct rb_strlist *states)
{
	struct rb_buf out = RB_BUF_INIT;
	json_t *first = json_array_get(b->config.infra, 0);
	const char *path = NULL;
	char *full;
	const char *slash;

	if (states->nr)
		path = states->items[0];
	else if (json_is_string(first))
		path = json_string_value(first);
	else if (json_is_object(first))
		path = json_string_value(json_object_get(first, "path"));
	if (!path || !*path) {
		rb_buf_adds(&out, "content/infra");
		return out;
	}
	/* --state paths are as typed; the config's are below the binder */
	full = states->nr ? rb_xstrdup(path) : rb_xasprintf("%s/%s", b->root, path);
	slash = strrchr(path, '/');
	if (rb_is_dir(full) || !strchr(slash ? slash : path, '.'))
		rb_buf_adds(&out, path);        /* a folder, or one not made yet */
	else if (slash)
		rb_buf_add(&out, path, (size_t)(slash - path));
	else
		rb_buf_adds(&out, ".");
	free(full);
	return out;
}

int cmd_export_script(int argc, char **argv)
{
	struct export_opts o = { RB_COMMON_OPTS_INIT };
	struct rb_cmd cmd;
	int ret;
	struct rb_diags d = RB_DIAGS_INIT;
	struct exports e = { 0 };
	struct rb_binder b;
	struct rb_buf folder = RB_BUF_INIT;
	int status = RB_EXIT_BAD_INPUT;
	bool loaded = false;

	ret = rb_cmd_start(&cmd, "export-script", export_opts, RB_ARRAY_SIZE(export_opts),
			   cmd_export_script_help, &o, false, argc, argv);
	if (ret <= 0) {
		status = ret ? RB_EXIT_BAD_INPUT : RB_EXIT_OK;
		goto done;
	}
	if (cmd.args.nr) {
		fprintf(stderr, "runbinder export-script: error: unexpected argument '%s'\n",
			cmd.args.items[0]);
		goto done;
	}
	loaded = true;
	if (rb_binder_load(&b, o.common.dir, &(struct rb_load_opts){ &o.common.states, NULL, false }, &d) < 0 || d.errors) {
		rb_print_diags(&d);
		goto done;
	}
	for (size_t i = 0; i < b.runbooks_nr; i++) {
		struct rb_runbook *r = b.runbooks[i];

		for (size_t k = 0; k < r->bindings_nr; k++)
			if (r->bindings[k].resource != SIZE_MAX)
				export_for(&e, &b.infra, &b.infra.items[r->bindings[k].resource]);
	}
	if (e.nr)
		qsort(e.items, e.nr, sizeof(*e.items), cmp_export);
	folder = default_folder(&b, &o.common.states);
	if (!rb_shell_word_safe(folder.ptr)) {
		struct rb_buf quoted = RB_BUF_INIT;

		rb_shell_quote(&quoted, folder.ptr);
		rb_buf_release(&folder);
		folder = quoted;
	}
	printf("#!/usr/bin/env bash\n"
	       "# Refreshes the AWS CLI exports that the runbooks of this binder bind to,\n"
	       "# and their manifest. Usage: export.sh [FOLDER]  (default %s)\n"
	       "set -euo pipefail\n"
	       "out=${1:-%s}\n"
	       "mkdir -p \"$out\"\n", folder.ptr, folder.ptr);
	for (size_t i = 0; i < e.nr; i++) {
		if (e.items[i].services) {
			char *full = rb_xasprintf("%s %s", e.items[i].command, e.items[i].services);

			free(e.items[i].command);
			e.items[i].command = full;
		}
		printf("%s --output json > \"$out/%s\"\n", e.items[i].command, e.items[i].file);
	}
	printf("cat > \"$out/manifest.yaml\" <<'MANIFEST'\nexports:\n");
	for (size_t i = 0; i < e.nr; i++) {
		printf("  - file: %s\n    command: %s\n", e.items[i].file, e.items[i].command);
		if (e.items[i].region && strcmp(e.items[i].region, "global"))
			printf("    region: %s\n", e.items[i].region);
		if (e.items[i].zone)
			printf("    hosted_zone_id: %s\n", e.items[i].zone);
		if (e.items[i].bucket)
			printf("    bucket: %s\n", e.items[i].bucket);
		if (e.items[i].complete)
			printf("    complete: true\n");
	}
	printf("MANIFEST\n");
	status = RB_EXIT_OK;
done:
	for (size_t i = 0; i < e.nr; i++) {
		free(e.items[i].file);
		free(e.items[i].command);
		free(e.items[i].region);
		free(e.items[i].zone);
		free(e.items[i].bucket);
		free(e.items[i].services);
	}
	free(e.items);
	rb_buf_release(&folder);
	if (loaded)
		rb_binder_release(&b);
	rb_diags_release(&d);
	rb_cmd_release(&cmd);
	return status;
}
