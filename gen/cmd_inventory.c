/*
 * cmd_inventory.c - `runbinder inventory`: what the infra exports hold,
 * as the runbooks see it (secrets already redacted).
 */
#include "binder.h"
#include "cmd.h"
#include "opt.h"

struct inventory_opts {
	struct rb_common_opts common;
};

static const char operands[] = "list [TYPE] | show ADDRESS | find KEY=VALUE...";

static const struct rb_opt inventory_opts[] = {
	RB_OPT_DIR(struct inventory_opts),
	RB_OPT_STATE(struct inventory_opts),
	RB_OPT_HELP(struct inventory_opts),
};

void cmd_inventory_help(FILE *f)
{
	rb_opt_help(f, "inventory", operands,
		    "Loads the infra exports named in runbinder.yaml (or given with --state,\n"
		    "which needs no runbinder.yaml) into one inventory and prints it:\n"
		    "  list [TYPE]        every resource (of TYPE): address, region, id, source\n"
		    "                     (and its stack first, when there are several)\n"
		    "  show ADDRESS       one resource with its attributes, secrets redacted;\n"
		    "                     STACK:ADDRESS names it in one stack\n"
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

static void print_row(const struct rb_infra *inv, const struct rb_resource *r)
{
	/* a binder of one stack lists what it always listed */
	if (inv->stacks_nr > 1)
		printf("%s\t", r->stack);
	printf("%s\t%s\t%s\t%s\t%s\n", r->address, r->region ? r->region : "-",
	       r->id ? r->id : "-", origin_name(r->origin), r->source);
}

static int list(struct rb_infra *inv, const char *type)
{
	size_t n = 0;

	for (size_t i = 0; i < inv->nr; i++) {
		if (type && strcmp(inv->items[i].type, type))
			continue;
		print_row(inv, &inv->items[i]);
		n++;
	}
	fprintf(stderr, "%zu resource%s from %zu export%s", n, n == 1 ? "" : "s",
		inv->exports_nr, inv->exports_nr == 1 ? "" : "s");
	if (inv->stacks_nr > 1)
		fprintf(stderr, " in %zu stacks", inv->stacks_nr);
	fputc('\n', stderr);
	return RB_EXIT_OK;
}

static int show(struct rb_infra *inv, const char *address)
{
	size_t found[8];
	size_t n = rb_infra_lookup(inv, address, found, RB_ARRAY_SIZE(found));
	const struct rb_resource *r;
	json_t *o;
	char *text;

	if (n > 1) {
		fprintf(stderr, "runbinder inventory: error: '%s' is in %zu stacks:",
			address, n);
		for (size_t i = 0; i < n && i < RB_ARRAY_SIZE(found); i++)
			fprintf(stderr, "%s %s", i ? "," : "",
				rb_resource_label(&inv->items[found[i]]));
		fprintf(stderr, "%s (name one as STACK:ADDRESS)\n",
			n > RB_ARRAY_SIZE(found) ? " ..." : "");
		return RB_EXIT_BAD_INPUT;
	}
	if (!n) {
		const char *near = rb_infra_closest(inv, address);

		fprintf(stderr, "runbinder inventory: error: no resource '%s'%s%s%s\n",
			address, near ? " (did you mean '" : "", near ? near : "",
			near ? "'?)" : "");
		return RB_EXIT_BAD_INPUT;
	}
	r = &inv->items[found[0]];
	o = json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s, s:s, s:O}",
		      "address", r->address, "type", r->type, "name", r->name,
		      "region", r->region, "id", r->id, "arn", r->arn,
		      "origin", origin_name(r->origin), "source", r->source,
		      "attributes", rb_resource_attrs(r));
	if (inv->stacks_nr > 1)
		json_object_set_new(o, "stack", json_string(r->stack));
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
		print_row(inv, &inv->items[idx[i]]);
	fprintf(stderr, "%zu match%s\n", n, n == 1 ? "" : "es");
	json_decref(where);
	free(idx);
	return n ? RB_EXIT_OK : RB_EXIT_FINDINGS;
}

int cmd_inventory(int argc, char **argv)
{
	struct inventory_opts o = { RB_COMMON_OPTS_INIT };
	struct rb_cmd cmd;
	int ret;
	struct rb_diags d = RB_DIAGS_INIT;
	struct rb_binder b;
	int status = RB_EXIT_BAD_INPUT;
	bool loaded = false;

	ret = rb_cmd_start(&cmd, "inventory", inventory_opts, RB_ARRAY_SIZE(inventory_opts),
			   cmd_inventory_help, &o, true, argc, argv);
	if (ret <= 0) {
		status = ret ? RB_EXIT_BAD_INPUT : RB_EXIT_OK;
		goto done;
	}
	if (!cmd.args.nr || (strcmp(cmd.args.items[0], "list") && strcmp(cmd.args.items[0], "show") &&
			 strcmp(cmd.args.items[0], "find")) ||
	    (!strcmp(cmd.args.items[0], "show") && cmd.args.nr != 2) ||
	    (!strcmp(cmd.args.items[0], "list") && cmd.args.nr > 2) ||
	    (!strcmp(cmd.args.items[0], "find") && cmd.args.nr < 2)) {
		rb_opt_usage(stderr, "inventory", operands, inventory_opts, RB_ARRAY_SIZE(inventory_opts));
		goto done;
	}
	loaded = true;
	if (rb_binder_load_infra(&b, o.common.dir, &(struct rb_load_opts){ &o.common.states, NULL, true }, &d) < 0) {
		rb_print_diags(&d);
		goto done;
	}
	/* warnings of loading (a repeated key) are worth seeing here too */
	if (d.nr)
		rb_print_diags(&d);
	if (!strcmp(cmd.args.items[0], "list"))
		status = list(&b.infra, cmd.args.nr > 1 ? cmd.args.items[1] : NULL);
	else if (!strcmp(cmd.args.items[0], "show"))
		status = show(&b.infra, cmd.args.items[1]);
	else
		status = find(&b.infra, &cmd.args);
done:
	if (loaded)
		rb_binder_release(&b);
	rb_diags_release(&d);
	rb_cmd_release(&cmd);
	return status;
}
