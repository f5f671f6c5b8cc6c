/*
 * infra_terraform.c - Terraform's two exports: the state file (format
 * version 4, as `terraform state pull` prints it) and `terraform show
 * -json` (format_version 0.x and 1.x, from a state or a plan).
 */
#include "aws_types.h"
#include "buf.h"
#include "infra.h"
#include "rules.h"

/* `[0]` or `["api"]` as Terraform writes an instance key. */
static char *index_text(json_t *key)
{
	struct rb_buf b = RB_BUF_INIT;
	char *quoted;

	if (json_is_integer(key))
		return rb_xasprintf("%lld", (long long)json_integer_value(key));
	if (!json_is_string(key))
		return NULL;
	quoted = json_dumps(key, JSON_ENCODE_ANY);
	rb_buf_adds(&b, quoted);
	free(quoted);
	return rb_buf_detach(&b, NULL);
}

static char *make_address(const char *module, bool data, const char *type,
			  const char *name, const char *index)
{
	struct rb_buf b = RB_BUF_INIT;

	if (module && *module)
		rb_buf_addf(&b, "%s.", module);
	if (data)
		rb_buf_adds(&b, "data.");
	rb_buf_addf(&b, "%s.%s", type, name);
	if (index)
		rb_buf_addf(&b, "[%s]", index);
	return rb_buf_detach(&b, NULL);
}

/*
 * Redacts one sensitive path of a v4 state: a list of steps
 * {"type":"get_attr","value":"password"} or {"type":"index","value":
 * {"value":0,"type":"number"}}. Returns true when something was replaced.
 */
static bool redact_path(json_t *attrs, json_t *steps)
{
	json_t *cur = attrs, *parent = NULL;
	const char *last_key = NULL;
	size_t last_index = 0;
	size_t i;
	json_t *step;

	if (!json_is_array(steps) || !json_array_size(steps))
		return false;
	json_array_foreach(steps, i, step) {
		const char *kind = json_string_value(json_object_get(step, "type"));
		json_t *val = json_object_get(step, "value");

		parent = cur;
		last_key = NULL;
		if (kind && !strcmp(kind, "get_attr") && json_is_string(val)) {
			last_key = json_string_value(val);
			cur = json_object_get(cur, last_key);
		} else if (kind && !strcmp(kind, "index")) {
			json_t *k = json_object_get(val, "value");

			if (json_is_integer(k) && json_is_array(cur)) {
				last_index = (size_t)json_integer_value(k);
				cur = json_array_get(cur, last_index);
			} else if (json_is_string(k) && json_is_object(cur)) {
				last_key = json_string_value(k);
				cur = json_object_get(cur, last_key);
			} else {
				return false;
			}
		} else {
			return false;
		}
		if (!cur)
			return false;
	}
	if (json_is_null(cur))
		return false;
	if (last_key)
		json_object_set(parent, last_key, rb_redacted());
	else
		json_array_set(parent, last_index, rb_redacted());
	return true;
}

/* Redacts what a show -json `sensitive_values` mirror marks true. */
static void redact_mirror(json_t *values, json_t *mirror)
{
	const char *key;
	json_t *m;
	size_t i;

	if (json_is_object(mirror) && json_is_object(values)) {
		json_object_foreach(mirror, key, m) {
			json_t *v = json_object_get(values, key);

			if (!v || json_is_null(v))
				continue;
			if (json_is_true(m))
				json_object_set(values, key, rb_redacted());
			else
				redact_mirror(v, m);
		}
	} else if (json_is_array(mirror) && json_is_array(values)) {
		json_array_foreach(mirror, i, m) {
			json_t *v = json_array_get(values, i);

			if (!v || json_is_null(v))
				continue;
			if (json_is_true(m))
				json_array_set(values, i, rb_redacted());
			else
				redact_mirror(v, m);
		}
	}
}

static const char *str(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s ? s : "";
}

int rb_infra_load_tfstate(struct rb_infra *inv, const char *display,
			  json_t *root, struct rb_diags *d)
{
	json_t *version = json_object_get(root, "version");
	json_t *resources = json_object_get(root, "resources");
	struct rb_loc loc = { display, 0, 0 };
	size_t i, errors = d->errors;
	json_t *res;
	size_t deposed = inv->deposed;

	if (!json_is_integer(version))
		return rb_error(d, loc, "Terraform state 'version' must be a number");
	if (json_integer_value(version) < 4)
		return rb_error(d, loc,
				"Terraform state version %lld is not supported: upgrade it with Terraform 0.12 or later (terraform state pull > terraform.tfstate)",
				(long long)json_integer_value(version));
	if (json_integer_value(version) > 4)
		return rb_error(d, loc,
				"Terraform state version %lld is newer than the version 4 this runbinder reads",
				(long long)json_integer_value(version));
	/* a state with nothing in it has no "resources" at all */
	if (resources && !json_is_array(resources))
		return rb_error(d, loc, "Terraform state 'resources' must be a list");
	json_array_foreach(resources, i, res) {
		const char *type = str(res, "type"), *name = str(res, "name");
		const char *module = str(res, "module"), *mode = str(res, "mode");
		json_t *instances = json_object_get(res, "instances");
		size_t k;
		json_t *inst;

		if (!*type || !*name || !json_is_array(instances)) {
			rb_error(d, loc, "resource %zu of the state has no type, name or instances", i + 1);
			continue;
		}
		json_array_foreach(instances, k, inst) {
			json_t *attrs = json_object_get(inst, "attributes");
			char *index, *address;
			struct rb_resource *r;
			size_t p;
			json_t *path;

			if (json_object_get(inst, "deposed")) {
				/* a replaced object awaiting destruction: not the live one */
				inv->deposed++;
				continue;
			}
			if (!attrs)
				attrs = json_object_get(inst, "attributes_flat");
			attrs = json_is_object(attrs) ? json_incref(attrs) : json_object();
			json_array_foreach(json_object_get(inst, "sensitive_attributes"), p, path)
				redact_path(attrs, path);
			rb_redact_secret_keys(attrs);
			rb_aws_redact(type, attrs, rb_redacted());
			index = index_text(json_object_get(inst, "index_key"));
			address = make_address(module, !strcmp(mode, "data"), type, name, index);
			r = rb_infra_add(inv, address, type, name, module, index, attrs,
					 RB_ORIGIN_TFSTATE, display, d);
			if (r) {
				r->data = !strcmp(mode, "data");
				free(r->provider);
				r->provider = rb_xstrdup(str(res, "provider"));
				rb_resource_derive(r, NULL);
			}
			free(index);
			free(address);
		}
	}
	if (inv->deposed > deposed)
		rb_rule_finding(d, RB_RULE_INVENTORY_DEPOSED, loc, NULL,
			   "%zu deposed object%s skipped: only the current object of a resource is in the inventory",
			   inv->deposed - deposed, inv->deposed - deposed == 1 ? "" : "s");
	return d->errors > errors ? -1 : 0;
}

static void load_module(struct rb_infra *inv, const char *display,
			json_t *module, int depth, struct rb_diags *d)
{
	const char *maddr = str(module, "address");
	size_t i;
	json_t *res;

	if (depth > 1000) {
		rb_error(d, (struct rb_loc){ display, 0, 0 },
			 "modules nested deeper than 1000 levels");
		return;
	}
	json_array_foreach(json_object_get(module, "resources"), i, res) {
		const char *type = str(res, "type"), *name = str(res, "name");
		const char *address = str(res, "address");
		json_t *values = json_object_get(res, "values");
		char *index = index_text(json_object_get(res, "index"));
		struct rb_resource *r;
		char *made = NULL;

		if (!*type || !*name) {
			free(index);
			continue;
		}
		if (!*address)
			address = made = make_address(maddr, !strcmp(str(res, "mode"), "data"),
						      type, name, index);
		else if (*maddr && !rb_starts_with(address, maddr))
			/* early formats wrote child-module addresses without the module */
			address = made = make_address(maddr, !strcmp(str(res, "mode"), "data"),
						      type, name, index);
		else if (index && address[strlen(address) - 1] != ']')
			/* format 0.1 gave the index beside the address, not in it */
			address = made = rb_xasprintf("%s[%s]", address, index);
		values = json_is_object(values) ? json_incref(values) : json_object();
		redact_mirror(values, json_object_get(res, "sensitive_values"));
		rb_redact_secret_keys(values);
		rb_aws_redact(type, values, rb_redacted());
		r = rb_infra_add(inv, address, type, name, maddr, index, values,
				 RB_ORIGIN_SHOWJSON, display, d);
		if (r) {
			r->data = !strcmp(str(res, "mode"), "data");
			free(r->provider);
			r->provider = rb_xstrdup(str(res, "provider_name"));
			rb_resource_derive(r, NULL);
		}
		free(index);
		free(made);
	}
	json_array_foreach(json_object_get(module, "child_modules"), i, res)
		load_module(inv, display, res, depth + 1, d);
}

int rb_infra_load_showjson(struct rb_infra *inv, const char *display,
			   json_t *root, struct rb_diags *d)
{
	const char *fv = json_string_value(json_object_get(root, "format_version"));
	json_t *values = json_object_get(root, "values");
	size_t errors = d->errors;

	if (!fv)
		return rb_error(d, (struct rb_loc){ display, 0, 0 },
				"'format_version' must be a string");
	if (atoi(fv) > 1)
		return rb_error(d, (struct rb_loc){ display, 0, 0 },
				"terraform show -json format_version %s is newer than the 1.x this runbinder reads",
				fv);
	/* a saved plan: the state it was planned against is the live infra */
	if (!values)
		values = json_object_get(json_object_get(root, "prior_state"), "values");
	if (values)
		load_module(inv, display, json_object_get(values, "root_module"), 0, d);
	return d->errors > errors ? -1 : 0;
}
