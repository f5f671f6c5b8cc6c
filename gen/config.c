/* config.c - runbinder.yaml: title, banner, paper, theme, paths, rules. */
#include <errno.h>

#include "aws_types.h"
#include "binder.h"
#include "closest.h"
#include "duration.h"
#include "fields.h"
#include "rules.h"

static const char *const config_keys[] = {
	"title", "organisation", "classification", "paper", "theme",
	"regions", "paths", "formats", "rules", "banned_terms",
	"review_max_age", "unknown_front_matter", "drift", "rto_margin", "rpo_margin", NULL,
};
static const char *const drift_keys[] = { "ignore", NULL };
static const char *const drift_ignore_keys[] = {
	"type", "address", "attribute", "reason", NULL,
};
static const char *const region_keys[] = { "primary", "dr", NULL };
static const char *const path_keys[] = { "plan", "runbooks", "infra", NULL };
static const char *const infra_keys[] = { "path", "stack", NULL };
static const char *const papers[] = { "A4", "Letter", NULL };
static const char *const severities[] = { "off", "note", "warning", "error", NULL };

static const struct {
	const char *name;
	unsigned bit;
} format_names[] = {
	{ "html", RB_FMT_HTML },
	{ "txt", RB_FMT_TXT },
	{ "pdf", RB_FMT_PDF },
	{ "scripts", RB_FMT_SCRIPTS },
	{ "runbook-pdf", RB_FMT_RUNBOOK_PDF },
};

unsigned rb_format_named(const char *name, size_t len)
{
	for (size_t k = 0; k < RB_ARRAY_SIZE(format_names); k++)
		if (strlen(format_names[k].name) == len &&
		    !memcmp(name, format_names[k].name, len))
			return format_names[k].bit;
	return 0;
}

static void load_formats(struct rb_config *c, struct rb_fields *f,
			 struct rb_diags *d)
{
	json_t *list = rb_field_str_list(f, "formats");
	size_t i;
	json_t *e;

	if (!list)
		return;
	c->formats = 0;
	json_array_foreach(list, i, e) {
		const char *s = json_string_value(e);
		unsigned bit;

		bit = rb_format_named(s, strlen(s));
		if (!bit) {
			rb_error(d, rb_yaml_loc_at(c->yaml, list, i),
				 "unknown format '%s' (known: " RB_FORMAT_NAMES ")",
				 s);
			continue;
		}
		c->formats |= bit;
	}
}

/*
 * paths.infra: each entry a path (its own stack, named after it) or
 * {path: ..., stack: NAME}. Entries stay as the YAML gave them, checked.
 */
static json_t *load_infra_paths(struct rb_config *c, struct rb_fields *paths,
				struct rb_diags *d)
{
	json_t *list = json_object_get(paths->obj, "infra");
	size_t i, errors = d->errors;
	json_t *e;

	if (!list)
		return NULL;
	if (!json_is_array(list)) {
		rb_error(d, rb_field_loc(paths, "infra"), "'infra' in paths must be a list");
		return NULL;
	}
	json_array_foreach(list, i, e) {
		struct rb_fields f;
		const char *stack;

		if (json_is_string(e))
			continue;
		if (!json_is_object(e)) {
			rb_error(d, rb_yaml_loc_at(c->yaml, list, i),
				 "entries of 'infra' in paths must be paths or {path: ..., stack: ...}");
			continue;
		}
		if (rb_fields_init(&f, c->yaml, e, "infra entry", infra_keys, d) < 0)
			continue;
		rb_field_str(&f, "path", true);
		stack = rb_field_str(&f, "stack", false);
		if (stack && !rb_stack_name_valid(stack))
			rb_error(d, rb_field_loc(&f, "stack"),
				 "stack name '%s' must be letters, digits, '_' and '-'",
				 stack);
	}
	return d->errors > errors ? NULL : list;
}

/* A rule the config names must exist: a typo would silence nothing. */
static void unknown_rule(struct rb_config *c, json_t *rules, const char *key,
			 struct rb_diags *d)
{
	const char *ids[RB_RULE__NR];
	const char *near;

	for (size_t i = 0; i < RB_RULE__NR; i++)
		ids[i] = rb_rules[i].id;
	near = rb_closest(key, ids, RB_RULE__NR);
	if (near)
		rb_error(d, rb_yaml_loc_key(c->yaml, rules, key),
			 "unknown rule '%s' (did you mean '%s'?)", key, near);
	else
		rb_error(d, rb_yaml_loc_key(c->yaml, rules, key),
			 "unknown rule '%s' (runbinder help rules lists them)", key);
}

static void load_rules(struct rb_config *c, struct rb_fields *f,
		       struct rb_diags *d)
{
	json_t *rules = rb_field_map(f, "rules");
	const char *key;
	json_t *v;

	c->rules = rules;
	if (!rules)
		return;
	json_object_foreach(rules, key, v) {
		size_t k = 0;

		if (json_is_string(v))
			for (k = 0; severities[k]; k++)
				if (!strcmp(json_string_value(v), severities[k]))
					break;
		if (!rb_rule_find(key))
			unknown_rule(c, rules, key, d);
		else if (!json_is_string(v) || !severities[k])
			rb_error(d, rb_yaml_loc_val(c->yaml, rules, key),
				 "rule '%s' must be set to off, note, warning or error",
				 key);
	}
}

/*
 * drift: { ignore: [{ type, address, attribute, reason }] }: known
 * differences between the state and AWS, each with its reason. The type
 * must be one drift compares (a typo would silence nothing).
 */
static void load_drift(struct rb_config *c, struct rb_fields *f,
		       struct rb_diags *d)
{
	json_t *node = rb_field_map(f, "drift");
	struct rb_fields sub, ef;
	json_t *list, *e;
	size_t i;

	if (!node || rb_fields_init(&sub, c->yaml, node, "drift", drift_keys, d) < 0)
		return;
	list = json_object_get(node, "ignore");
	if (!list)
		return;
	if (!json_is_array(list)) {
		rb_error(d, rb_field_loc(&sub, "ignore"),
			 "'ignore' must be a list of { type, attribute, reason }");
		return;
	}
	json_array_foreach(list, i, e) {
		const char *type, *reason;

		if (rb_fields_init(&ef, c->yaml, e, "drift ignore entry", drift_ignore_keys, d) < 0)
			continue;
		type = rb_field_str(&ef, "type", false);
		rb_field_str(&ef, "address", false);
		rb_field_str(&ef, "attribute", true);
		reason = rb_field_str(&ef, "reason", true);
		if (reason && !*reason)
			rb_error(d, rb_field_loc(&ef, "reason"),
				 "say why the difference is expected: 'reason' is empty");
		if (type && (!rb_aws_type(type) || !rb_aws_type(type)->cli.command)) {
			const char *const *names = rb_aws_type_names();
			size_t n = 0;
			const char *near;

			while (names[n])
				n++;
			near = rb_closest(type, names, n);
			rb_error(d, rb_field_loc(&ef, "type"),
				 "drift compares no '%s'%s%s%s", type,
				 near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
		}
	}
	c->drift_ignore = list;
}

void rb_config_defaults(struct rb_config *c)
{
	memset(c, 0, sizeof(*c));
	c->path = "runbinder.yaml";
	c->title = "Disaster Recovery Binder";
	c->organisation = "";
	c->classification = "";
	c->paper = "A4";
	c->theme = "default";
	c->primary_region = "";
	c->dr_region = "";
	c->plan_dir = "content/plan";
	c->runbooks_dir = "content/runbooks";
	c->formats = RB_FMT_HTML | RB_FMT_TXT | RB_FMT_PDF | RB_FMT_SCRIPTS;
	c->review_max_age = 180L * 86400;
	c->rto_margin = 20;
	c->rpo_margin = 20;
}

int rb_config_load(struct rb_config *c, const char *root, struct rb_diags *d)
{
	char *path = rb_xasprintf("%s/runbinder.yaml", root);
	char *data = NULL;
	size_t len;
	struct rb_fields f, sub;
	json_t *node;
	size_t errors = d->errors;
	int ret = -1;

	rb_config_defaults(c);

	if (rb_read_file(path, RB_MAX_FILE_SIZE, &data, &len) < 0) {
		if (errno == ENOENT)
			rb_error(d, (struct rb_loc){ c->path, 0, 0 },
				 "no runbinder.yaml in '%s' (use -C DIR to name the binder's directory, or runbinder init to start one)",
				 root);
		else if (errno == EFBIG)
			rb_error(d, (struct rb_loc){ c->path, 0, 0 },
				 "file is larger than %u MiB",
				 RB_MAX_FILE_SIZE >> 20);
		else
			rb_error(d, (struct rb_loc){ c->path, 0, 0 },
				 "cannot read: %s", strerror(errno));
		goto done;
	}
	if (rb_yaml_parse(&c->yaml, c->path, data, len, 0, d) < 0)
		goto done;
	c->path = rb_yaml_path(c->yaml);
	if (json_is_null(rb_yaml_root(c->yaml))) {
		ret = 0;
		goto done;
	}
	if (rb_fields_init(&f, c->yaml, rb_yaml_root(c->yaml), "config",
			   config_keys, d) < 0)
		goto done;
	c->title = rb_field_str(&f, "title", false);
	if (!c->title)
		c->title = "Disaster Recovery Binder";
	c->organisation = rb_field_str(&f, "organisation", false);
	if (!c->organisation)
		c->organisation = "";
	c->classification = rb_field_str(&f, "classification", false);
	if (!c->classification)
		c->classification = "";
	c->paper = rb_field_enum(&f, "paper", papers, false);
	if (!c->paper)
		c->paper = "A4";
	c->theme = rb_field_str(&f, "theme", false);
	if (!c->theme)
		c->theme = "default";
	else if (!rb_id_valid(c->theme))
		rb_error(d, rb_field_loc(&f, "theme"),
			 "theme name '%s' must be lowercase letters, digits and '-'",
			 c->theme);
	if ((node = rb_field_map(&f, "regions")) &&
	    rb_fields_init(&sub, c->yaml, node, "regions", region_keys, d) == 0) {
		const char *s;

		if ((s = rb_field_str(&sub, "primary", false)))
			c->primary_region = s;
		if ((s = rb_field_str(&sub, "dr", false)))
			c->dr_region = s;
	}
	if ((node = rb_field_map(&f, "paths")) &&
	    rb_fields_init(&sub, c->yaml, node, "paths", path_keys, d) == 0) {
		const char *s;
		size_t before;

		if ((s = rb_field_str(&sub, "plan", false)))
			c->plan_dir = s;
		if ((s = rb_field_str(&sub, "runbooks", false)))
			c->runbooks_dir = s;
		before = d->errors;
		c->infra = load_infra_paths(c, &sub, d);
		c->infra_unsure = d->errors > before;
	}
	load_formats(c, &f, d);
	load_rules(c, &f, d);
	load_drift(c, &f, d);
	c->banned_terms = rb_field_str_list(&f, "banned_terms");
	c->review_max_age = rb_field_duration(&f, "review_max_age",
					      c->review_max_age);
	c->rto_margin = rb_field_percent(&f, "rto_margin", c->rto_margin);
	c->rpo_margin = rb_field_percent(&f, "rpo_margin", c->rpo_margin);
	{
		static const char *const modes[] = { "error", "ignore", NULL };
		const char *m = rb_field_enum(&f, "unknown_front_matter", modes, false);

		c->ignore_unknown_front_matter = m && !strcmp(m, "ignore");
	}
	ret = d->errors > errors ? -1 : 0;
done:
	free(data);
	free(path);
	return ret;
}

void rb_config_release(struct rb_config *c)
{
	if (c->yaml)
		rb_yaml_free(c->yaml);
	memset(c, 0, sizeof(*c));
}
