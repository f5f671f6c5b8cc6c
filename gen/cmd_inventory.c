/*
 * cmd_inventory.c - `runbinder inventory`: what the infra exports hold,
 * as the runbooks see it (secrets already redacted).
 */
#include "binder.h"
#include "cmd.h"
#include "opt.h"

static const char *dir = ".";
static struct rb_strlist states;
static bool help;

static const struct rb_opt inventory_opts[] = {
	RB_OPT_DIR(dir),
	RB_OPT_STATE(states),
	RB_OPT_HELP(help),
};

void cmd_inventory_help(FILE *f)
{
	rb_opt_help(f, "runbinder inventory [-C DIR] [--state PATH]... list [TYPE] | show ADDRESS | find KEY=VALUE...",
		    "Loads the infra exports named in runbinder.yaml (or given with --state)\n"
		    "into one inventory and prints it:\n"
		    "  list [TYPE]        every resource (of TYPE): address, region, id, source\n"
		    "  show ADDRESS       one resource with its attributes, secrets redacted\n"
		    "  find KEY=VALUE...  resources whose attributes match (type=... filters\n"
		    "                     the type), as a runbook's `requires:` query would",
		    inventory_opts, RB_ARRAY_SIZE(inventory_opts));
}

static const char *origin_name(enum rb_origin o)
{
	switch (o) {
	case RB_ORIGIN_TFSTATE: return "state";
	case RB_ORIGIN_SHOWJSON: return "show-json";
	default: return "aws-cli";
	}
}

static void print_row(const struct rb_resource *r)
{
	printf("%s\t%s\t%s\t%s\t%s\n", r->address, r->region ? r->region : "-",
	       r->id ? r->id : "-", origin_name(r->origin), r->source);
}

static int list(struct rb_infra *inv, const char *type)
{
	size_t n = 0;

	for (size_t i = 0; i < inv->nr; i++) {
		if (type && strcmp(inv->items[i].type, type))
			continue;
		print_row(&inv->items[i]);
		n++;
	}
	fprintf(stderr, "%zu resource%s from %zu export%s\n", n, n == 1 ? "" : "s",
		inv->exports_nr, inv->exports_nr == 1 ? "" : "s");
	return RB_EXIT_OK;
}

static int show(struct rb_infra *inv, const char *address)
{
	const struct rb_resource *r = rb_infra_get(inv, address);
	json_t *o;
	char *text;

	if (!r) {
		const char *near = rb_infra_closest(inv, address);

		fprintf(stderr, "runbinder inventory: error: no resource '%s'%s%s%s\n",
			address, near ? " (did you mean '" : "", near ? near : "",
			near ? "'?)" : "");
		return RB_EXIT_BAD_INPUT;
	}
	o = json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s, s:s, s:O}",
		      "address", r->address, "type", r->type, "name", r->name,
		      "region", r->region, "id", r->id, "arn", r->arn,
		      "origin", origin_name(r->origin), "source", r->source,
		      "attributes", r->attributes);
	text = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS);
	printf("%s\n", text);
	free(text);
	json_decref(o);
	return RB_EXIT_OK;
}

static int find(struct rb_infra *inv, struct rb_strlist *args)
{
	json_t *where = json_object();
	const char *type = NULL;
	size_t *idx = rb_xcalloc(inv->nr + 1, sizeof(*idx)), n;

	for (size_t i = 1; i < args->nr; i++) {
		char *eq = strchr(args->items[i], '=');

		if (!eq || eq == args->items[i]) {
			fprintf(stderr, "runbinder inventory: error: '%s' is not KEY=VALUE\n",
				args->items[i]);
			json_decref(where);
			free(idx);
			return RB_EXIT_BAD_INPUT;
		}
		*eq = '\0';
		if (!strcmp(args->items[i], "type"))
			type = eq + 1;
		else
			json_object_set_new(where, args->items[i], json_string(eq + 1));
	}
	n = rb_infra_query(inv, type, where, idx, inv->nr);
	for (size_t i = 0; i < n; i++)
		print_row(&inv->items[idx[i]]);
	fprintf(stderr, "%zu match%s\n", n, n == 1 ? "" : "es");
	json_decref(where);
	free(idx);
	return n ? RB_EXIT_OK : RB_EXIT_FINDINGS;
}

int cmd_inventory(int argc, char **argv)
{
	struct rb_strlist args = { 0 };
	struct rb_diags d = RB_DIAGS_INIT;
	struct rb_binder b;
	int status = RB_EXIT_BAD_INPUT;
	bool loaded = false;

	if (rb_opt_parse("inventory", inventory_opts, RB_ARRAY_SIZE(inventory_opts),
			 argc, argv, &args) < 0)
		goto done;
	if (help) {
		cmd_inventory_help(stdout);
		status = RB_EXIT_OK;
		goto done;
	}
	if (!args.nr || (strcmp(args.items[0], "list") && strcmp(args.items[0], "show") &&
			 strcmp(args.items[0], "find")) ||
	    (!strcmp(args.items[0], "show") && args.nr != 2) ||
	    (!strcmp(args.items[0], "list") && args.nr > 2) ||
	    (!strcmp(args.items[0], "find") && args.nr < 2)) {
		fprintf(stderr, "usage: runbinder inventory [-C DIR] [--state PATH]... list [TYPE] | show ADDRESS | find KEY=VALUE...\n");
		goto done;
	}
	loaded = true;
	if (rb_binder_load_infra(&b, dir, &(struct rb_load_opts){ &states, NULL }, &d) < 0) {
		rb_print_diags(&d);
		goto done;
	}
	if (!strcmp(args.items[0], "list"))
		status = list(&b.infra, args.nr > 1 ? args.items[1] : NULL);
	else if (!strcmp(args.items[0], "show"))
		status = show(&b.infra, args.items[1]);
	else
		status = find(&b.infra, &args);
done:
	if (loaded)
		rb_binder_release(&b);
	rb_diags_release(&d);
	rb_strlist_release(&args);
	rb_strlist_release(&states);
	return status;
}
