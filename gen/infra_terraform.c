/*
 * infra_terraform.c - Terraform's two exports: the state file (format
 * version 4, as `terraform state pull` prints it) and `terraform show
 * -json` (format_version 0.x and 1.x, from a state or a plan).
 */
#include "aws_types.h"
#include "buf.h"
#include "infra.h"
#include "json_scan.h"
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

/*
 * A v4 state is read in place (json_scan.h): its resources' attributes
 * stay text until a check or a placeholder asks for them, and only the
 * four attributes the indexes need (id, arn, region, availability zone)
 * are decoded on the way. A state of a million resources is mostly
 * attribute text that nothing ever reads.
 */
struct state_walk {
	struct rb_infra *inv;
	const char *display;
	struct rb_diags *d;
	const char *text;
	struct rb_file_text *file; /* the text's file: passed pages go back */
	struct rb_buf key, type, name, module, mode, provider, tmp;
	size_t resource_no;
};

/* A non-empty string or an integer, as text (as string_attr() reads them). */
static char *scalar_text(struct rb_json_scan *sc, struct rb_buf *tmp)
{
	long long v;

	switch (rb_json_peek(sc)) {
	case '"':
		if (!rb_json_string(sc, tmp) || !tmp->len || memchr(tmp->ptr, '\0', tmp->len))
			return NULL;
		return rb_xstrdup(tmp->ptr);
	case '0':
		return rb_json_integer(sc, &v) ? rb_xasprintf("%lld", v) : NULL;
	default:
		rb_json_skip(sc, NULL);
		return NULL;
	}
}

/* `0` or `"api"`, from an instance's index_key. */
static char *scanned_index(struct rb_json_scan *sc, struct rb_buf *tmp)
{
	json_t *key = NULL;
	long long v;
	char *text;

	if (rb_json_peek(sc) == '"' && rb_json_string(sc, tmp))
		key = json_stringn(tmp->ptr, tmp->len);
	else if (rb_json_peek(sc) == '0' && rb_json_integer(sc, &v))
		key = json_integer(v);
	else
		rb_json_skip(sc, NULL);
	text = index_text(key);
	json_decref(key);
	return text;
}

struct scanned_attrs {
	struct rb_json_span span;
	bool object;
	char *id, *arn, *region, *az;
};

static void scanned_attrs_release(struct scanned_attrs *a)
{
	free(a->id);
	free(a->arn);
	free(a->region);
	free(a->az);
	memset(a, 0, sizeof(*a));
}

/* An attributes object: its span, and the four attributes derive needs. */
static void scan_attrs(struct state_walk *w, struct rb_json_scan *sc,
		       struct scanned_attrs *a)
{
	scanned_attrs_release(a);
	if (rb_json_peek(sc) != '{') {
		rb_json_skip(sc, NULL);
		return;
	}
	a->object = true;
	a->span.start = sc->pos;        /* rb_json_peek() stepped to the '{' */
	rb_json_object_begin(sc);
	while (rb_json_object_next(sc, &w->key) > 0) {
		char **slot = !strcmp(w->key.ptr, "id") ? &a->id :
			      !strcmp(w->key.ptr, "arn") ? &a->arn :
			      !strcmp(w->key.ptr, "region") ? &a->region :
			      !strcmp(w->key.ptr, "availability_zone") ? &a->az : NULL;

		if (slot) {
			free(*slot);    /* a key given twice: the last one counts */
			*slot = scalar_text(sc, &w->tmp);
		} else {
			rb_json_skip(sc, NULL);
		}
	}
	a->span.end = sc->pos;
}

/*
 * Does a sensitive path start at one of the attributes read above? The
 * paths are parsed only when their text names one: most resources' paths
 * are never looked at again, and a million small trees cost more than the
 * whole state's indexes.
 */
static bool hides_derived(const char *text, size_t len)
{
	static const char *const keys[] = {
		"\"id\"", "\"arn\"", "\"region\"", "\"availability_zone\"", NULL,
	};
	bool named = false, hides = false;
	json_t *paths, *path;
	size_t i;

	if (!text)
		return false;
	for (i = 0; keys[i] && !named; i++)
		named = memmem(text, len, keys[i], strlen(keys[i])) != NULL;
	if (!named)
		return false;
	paths = rb_sensitive_paths(text, len);
	json_array_foreach(paths, i, path) {
		const char *k = json_string_value(json_object_get(json_array_get(path, 0), "value"));

		if (k && (!strcmp(k, "id") || !strcmp(k, "arn") || !strcmp(k, "region") ||
			  !strcmp(k, "availability_zone")))
			hides = true;
	}
	json_decref(paths);
	return hides;
}

static void scan_instance(struct state_walk *w, struct rb_json_scan *sc)
{
	struct scanned_attrs attrs = { { 0, 0 }, false, NULL, NULL, NULL, NULL };
	struct scanned_attrs flat = attrs;
	struct rb_json_span sens = { 0, 0 };
	bool has_attrs = false, deposed = false, data = !strcmp(w->mode.ptr, "data");
	char *index = NULL, *address;
	struct scanned_attrs *use;
	struct rb_resource *r;

	if (rb_json_peek(sc) != '{') {
		rb_json_skip(sc, NULL);
	} else {
		rb_json_object_begin(sc);
		while (rb_json_object_next(sc, &w->key) > 0) {
			if (!strcmp(w->key.ptr, "attributes")) {
				has_attrs = true;
				scan_attrs(w, sc, &attrs);
			} else if (!strcmp(w->key.ptr, "attributes_flat")) {
				scan_attrs(w, sc, &flat);
			} else if (!strcmp(w->key.ptr, "sensitive_attributes")) {
				rb_json_skip(sc, &sens);
			} else if (!strcmp(w->key.ptr, "index_key")) {
				free(index);
				index = scanned_index(sc, &w->tmp);
			} else {
				if (!strcmp(w->key.ptr, "deposed"))
					deposed = true;
				rb_json_skip(sc, NULL);
			}
		}
	}
	if (sc->error || deposed) {
		/* a replaced object awaiting destruction: not the live one */
		if (!sc->error)
			w->inv->deposed++;
		goto done;
	}
	use = has_attrs ? &attrs : &flat;
	address = make_address(w->module.ptr, data, w->type.ptr, w->name.ptr, index);
	r = rb_infra_add(w->inv, address, w->type.ptr, w->name.ptr, w->module.ptr, index,
			 NULL, RB_ORIGIN_TFSTATE, w->display, w->d);
	free(address);
	if (!r)
		goto done;
	r->data = data;
	r->provider = rb_infra_intern(w->inv, w->provider.ptr);
	if (use->object) {
		r->raw = w->text + use->span.start;
		r->raw_len = use->span.end - use->span.start;
	}
	if (sens.end - sens.start > 2) {
		r->sensitive_raw = w->text + sens.start;
		r->sensitive_len = sens.end - sens.start;
	}
	if (hides_derived(r->sensitive_raw, r->sensitive_len)) {
		rb_resource_derive(r, NULL);
	} else {
		rb_resource_derive_from(r, use->id, use->arn, use->region, use->az, NULL);
		use->id = use->arn = use->region = use->az = NULL;
	}
done:
	scanned_attrs_release(&attrs);
	scanned_attrs_release(&flat);
	free(index);
}

static void scan_instances(struct state_walk *w, struct rb_json_scan *sc)
{
	rb_json_array_begin(sc);
	while (rb_json_array_next(sc) > 0)
		scan_instance(w, sc);
}

static void scan_resource(struct state_walk *w, struct rb_json_scan *sc)
{
	struct rb_json_span later = { 0, 0 };
	bool instances = false;
	struct rb_buf *field;

	w->resource_no++;
	rb_buf_reset(&w->type);
	rb_buf_reset(&w->name);
	rb_buf_reset(&w->module);
	rb_buf_reset(&w->mode);
	rb_buf_reset(&w->provider);
	if (rb_json_peek(sc) != '{') {
		rb_json_skip(sc, NULL);
		goto bad;
	}
	rb_json_object_begin(sc);
	while (rb_json_object_next(sc, &w->key) > 0) {
		field = !strcmp(w->key.ptr, "type") ? &w->type :
			!strcmp(w->key.ptr, "name") ? &w->name :
			!strcmp(w->key.ptr, "module") ? &w->module :
			!strcmp(w->key.ptr, "mode") ? &w->mode :
			!strcmp(w->key.ptr, "provider") ? &w->provider : NULL;
		if (field) {
			if (rb_json_peek(sc) != '"' || !rb_json_string(sc, field) ||
			    memchr(field->ptr, '\0', field->len)) {
				rb_json_skip(sc, NULL);
				rb_buf_reset(field);
			}
		} else if (!strcmp(w->key.ptr, "instances") && rb_json_peek(sc) == '[') {
			instances = true;
			/* Terraform writes instances last; if not, come back to them */
			if (w->type.len && w->name.len)
				scan_instances(w, sc);
			else
				rb_json_skip(sc, &later);
		} else {
			if (!strcmp(w->key.ptr, "instances"))
				instances = false;
			rb_json_skip(sc, NULL);
		}
	}
	if (sc->error)
		return;
	if (!w->type.len || !w->name.len || !instances)
		goto bad;
	if (later.end) {
		struct rb_json_scan sub;

		rb_json_scan_init(&sub, w->text, later.end);
		sub.pos = later.start;
		scan_instances(w, &sub);
	}
	return;
bad:
	rb_error(w->d, (struct rb_loc){ w->display, 0, 0 },
		 "resource %zu of the state has no type, name or instances", w->resource_no);
}

static void scan_resources(struct state_walk *w, struct rb_json_scan *sc)
{
	if (rb_json_peek(sc) != '[') {
		rb_json_skip(sc, NULL);
		if (!sc->error)
			rb_error(w->d, (struct rb_loc){ w->display, 0, 0 },
				 "Terraform state 'resources' must be a list");
		return;
	}
	rb_json_array_begin(sc);
	while (rb_json_array_next(sc) > 0) {
		scan_resource(w, sc);
		rb_file_text_drop(w->file, (size_t)(w->text - w->file->data) + sc->pos);
	}
}

int rb_infra_load_tfstate_text(struct rb_infra *inv, const char *display,
			       struct rb_file_text *file, size_t skip,
			       struct rb_json_dup **dups, size_t *dups_nr,
			       struct rb_diags *d)
{
	const char *text = file->data + skip;
	size_t len = file->len - skip;
	struct rb_diags found = RB_DIAGS_INIT;
	struct state_walk w = { inv, display, &found, text, file, RB_BUF_INIT, RB_BUF_INIT,
				RB_BUF_INIT, RB_BUF_INIT, RB_BUF_INIT, RB_BUF_INIT,
				RB_BUF_INIT, 0 };
	struct rb_json_scan sc;
	struct rb_json_span resources = { 0, 0 };
	size_t before = inv->nr, deposed = inv->deposed, before_diags = d->errors;
	struct rb_loc loc = { display, 0, 0 };
	bool has_version = false, version_int = false, state_key = false, done = false;
	bool backend = false;
	long long version = 0;
	int ret = 0;

	*dups = NULL;
	*dups_nr = 0;
	rb_json_scan_init(&sc, text, len);
	/* the repeated keys of the whole text, noted in the one pass */
	rb_json_scan_track_keys(&sc);
	if (!rb_json_object_begin(&sc))
		goto not_state;
	while (rb_json_object_next(&sc, &w.key) > 0) {
		if (!strcmp(w.key.ptr, "version")) {
			has_version = true;
			version_int = rb_json_peek(&sc) == '0' && rb_json_integer(&sc, &version);
			if (!version_int)
				rb_json_skip(&sc, NULL);
		} else if (!strcmp(w.key.ptr, "resources")) {
			state_key = true;
			if (has_version && version_int && version == 4 && !done) {
				scan_resources(&w, &sc);
				done = true;
			} else {
				rb_json_skip(&sc, &resources);
				done = false;
			}
		} else {
			if (!strcmp(w.key.ptr, "lineage") || !strcmp(w.key.ptr, "serial") ||
			    !strcmp(w.key.ptr, "modules"))
				state_key = true;
			if (!strcmp(w.key.ptr, "backend") && rb_json_peek(&sc) == '{')
				backend = true;
			rb_json_skip(&sc, NULL);
		}
	}
	if (!rb_json_end(&sc) || !has_version || !state_key)
		goto not_state;
	/* a working directory's backend settings: the tree reader says so */
	if (backend && inv->nr == before && (!resources.end || resources.end - resources.start <= 2))
		goto not_state;
	rb_diags_move(d, &found);
	if (!version_int) {
		ret = rb_error(d, loc, "Terraform state 'version' must be a number");
	} else if (version < 4) {
		ret = rb_error(d, loc,
			       "Terraform state version %lld is not supported: upgrade it with Terraform 0.12 or later (terraform state pull > terraform.tfstate)",
			       version);
	} else if (version > 4) {
		ret = rb_error(d, loc,
			       "Terraform state version %lld is newer than the version 4 this runbinder reads",
			       version);
	} else if (resources.end) {
		struct rb_json_scan sub;

		w.d = d;
		rb_json_scan_init(&sub, text, resources.end);
		sub.pos = resources.start;
		scan_resources(&w, &sub);
	}
	if (inv->deposed > deposed)
		rb_rule_finding(d, RB_RULE_INVENTORY_DEPOSED, loc, NULL,
				"%zu deposed object%s skipped: only the current object of a resource is in the inventory",
				inv->deposed - deposed, inv->deposed - deposed == 1 ? "" : "s");
	ret = ret < 0 || d->errors > before_diags ? -1 : 1;
	*dups_nr = rb_json_scan_dups(&sc, dups);
	goto out;
not_state:
	/* not a state, or not JSON: the tree reader says which, as before */
	rb_infra_truncate(inv, before);
	inv->deposed = deposed;
	ret = 0;
out:
	rb_json_scan_release(&sc);
	rb_diags_release(&found);
	rb_buf_release(&w.key);
	rb_buf_release(&w.type);
	rb_buf_release(&w.name);
	rb_buf_release(&w.module);
	rb_buf_release(&w.mode);
	rb_buf_release(&w.provider);
	rb_buf_release(&w.tmp);
	return ret;
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
			r->provider = rb_infra_intern(inv, str(res, "provider_name"));
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
