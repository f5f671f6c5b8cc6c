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
/* The four attributes derive needs, as text. */
enum { ATTR_ID, ATTR_ARN, ATTR_REGION, ATTR_AZ, ATTRS_DERIVED };

static const char *const derived_keys[ATTRS_DERIVED] = {
	"id", "arn", "region", "availability_zone",
};

/* An attributes object: its span, and the attributes derive needs. */
struct scanned_attrs {
	struct rb_json_span span;
	bool object;
	bool has[ATTRS_DERIVED];
	struct rb_buf text[ATTRS_DERIVED];
};

struct state_walk {
	struct rb_infra *inv;
	const char *display;
	struct rb_diags *d;
	const char *text;
	struct rb_file_text *file; /* the text's file: passed pages go back */
	struct rb_buf key, type, name, module, mode, provider, tmp;
	size_t resource_no;
	/* an instance's parts, kept from one instance to the next */
	struct rb_buf address, index;
	struct scanned_attrs attrs, flat;
};

/*
 * A non-empty string or an integer as text in `out` (as derive reads
 * them); false for anything else.
 */
static bool scalar_text(struct rb_json_scan *sc, struct rb_buf *out)
{
	long long v;

	switch (rb_json_peek(sc)) {
	case '"':
		return rb_json_string(sc, out) && out->len && !memchr(out->ptr, '\0', out->len);
	case '0':
		if (!rb_json_integer(sc, &v))
			return false;
		rb_buf_reset(out);
		rb_buf_addf(out, "%lld", v);
		return true;
	default:
		rb_json_skip(sc, NULL);
		return false;
	}
}

/* `0` or `"api"` in `out`, from an instance's index_key; false if none. */
static bool scanned_index(struct rb_json_scan *sc, struct rb_buf *out)
{
	json_t *key;
	char *quoted;
	long long v;

	rb_buf_reset(out);
	if (rb_json_peek(sc) == '0' && rb_json_integer(sc, &v)) {
		rb_buf_addf(out, "%lld", v);
		return true;
	}
	if (rb_json_peek(sc) != '"') {
		rb_json_skip(sc, NULL);
		return false;
	}
	if (!rb_json_string(sc, out))
		return false;
	/* quoted as Terraform writes it in an address */
	key = json_stringn(out->ptr, out->len);
	quoted = key ? json_dumps(key, JSON_ENCODE_ANY) : NULL;
	json_decref(key);
	rb_buf_reset(out);
	if (quoted)
		rb_buf_adds(out, quoted);
	free(quoted);
	return quoted != NULL;
}

static void scanned_attrs_reset(struct scanned_attrs *a)
{
	a->span = (struct rb_json_span){ 0, 0 };
	a->object = false;
	memset(a->has, 0, sizeof(a->has));
}

static void scanned_attrs_release(struct scanned_attrs *a)
{
	for (int i = 0; i < ATTRS_DERIVED; i++)
		rb_buf_release(&a->text[i]);
}

static const char *scanned(const struct scanned_attrs *a, int which)
{
	return a->has[which] ? a->text[which].ptr : NULL;
}

/* An attributes object: its span, and the four attributes derive needs. */
static void scan_attrs(struct state_walk *w, struct rb_json_scan *sc,
		       struct scanned_attrs *a)
{
	scanned_attrs_reset(a);
	if (rb_json_peek(sc) != '{') {
		rb_json_skip(sc, NULL);
		return;
	}
	a->object = true;
	a->span.start = sc->pos;        /* rb_json_peek() stepped to the '{' */
	rb_json_object_begin(sc);
	while (rb_json_object_next(sc, &w->key) > 0) {
		int which = 0;

		while (which < ATTRS_DERIVED && strcmp(w->key.ptr, derived_keys[which]))
			which++;
		/* a key given twice: the last one counts */
		if (which < ATTRS_DERIVED)
			a->has[which] = scalar_text(sc, &a->text[which]);
		else
			rb_json_skip(sc, NULL);
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
	bool named = false, hides = false;
	json_t *paths, *path;
	char quoted[32];
	size_t i;

	if (!text)
		return false;
	for (i = 0; i < ATTRS_DERIVED && !named; i++) {
		snprintf(quoted, sizeof(quoted), "\"%s\"", derived_keys[i]);
		named = memmem(text, len, quoted, strlen(quoted)) != NULL;
	}
	if (!named)
		return false;
	paths = rb_sensitive_paths(text, len);
	json_array_foreach(paths, i, path) {
		const char *k = json_string_value(json_object_get(json_array_get(path, 0), "value"));

		for (int which = 0; k && which < ATTRS_DERIVED; which++)
			if (!strcmp(k, derived_keys[which]))
				hides = true;
	}
	json_decref(paths);
	return hides;
}

static void scan_instance(struct state_walk *w, struct rb_json_scan *sc)
{
	struct scanned_attrs *attrs = &w->attrs, *flat = &w->flat, *use;
	struct rb_json_span sens = { 0, 0 };
	bool has_attrs = false, deposed = false, data = !strcmp(w->mode.ptr, "data");
	bool has_index = false;
	struct rb_resource *r;

	scanned_attrs_reset(attrs);
	scanned_attrs_reset(flat);
	if (rb_json_peek(sc) != '{') {
		rb_json_skip(sc, NULL);
	} else {
		rb_json_object_begin(sc);
		while (rb_json_object_next(sc, &w->key) > 0) {
			if (!strcmp(w->key.ptr, "attributes")) {
				has_attrs = true;
				scan_attrs(w, sc, attrs);
			} else if (!strcmp(w->key.ptr, "attributes_flat")) {
				scan_attrs(w, sc, flat);
			} else if (!strcmp(w->key.ptr, "sensitive_attributes")) {
				rb_json_skip(sc, &sens);
			} else if (!strcmp(w->key.ptr, "index_key")) {
				has_index = scanned_index(sc, &w->index);
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
		return;
	}
	use = has_attrs ? attrs : flat;
	rb_buf_reset(&w->address);
	if (w->module.len)
		rb_buf_addf(&w->address, "%s.", w->module.ptr);
	if (data)
		rb_buf_adds(&w->address, "data.");
	rb_buf_addf(&w->address, "%s.%s", w->type.ptr, w->name.ptr);
	if (has_index)
		rb_buf_addf(&w->address, "[%s]", w->index.ptr);
	r = rb_infra_add(w->inv, w->address.ptr, w->type.ptr, w->name.ptr, w->module.ptr,
			 has_index ? w->index.ptr : NULL, NULL, RB_ORIGIN_TFSTATE, w->display, w->d);
	if (!r)
		return;
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
	if (hides_derived(r->sensitive_raw, r->sensitive_len))
		rb_resource_derive(w->inv, r, NULL);
	else
		rb_resource_derive_from(w->inv, r, scanned(use, ATTR_ID), scanned(use, ATTR_ARN),
					scanned(use, ATTR_REGION), scanned(use, ATTR_AZ), NULL);
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

/*
 * How many resource instances a state of `len` bytes may hold, to size
 * the inventory once: one per 256 bytes. Measured: the public states in
 * the corpus take 480 to 1,700 bytes per instance, the bench's compact
 * generated states 290. A state of bigger resources reserves more than it
 * uses (records never touched cost no memory); a denser one grows as
 * before.
 */
static size_t resources_in(size_t len)
{
	return len / 256;
}

int rb_infra_load_tfstate_text(struct rb_infra *inv, const char *display,
			       struct rb_file_text *file, size_t skip,
			       struct rb_json_dup **dups, size_t *dups_nr,
			       struct rb_diags *d)
{
	const char *text = file->data + skip;
	size_t len = file->len - skip;
	struct rb_diags found = RB_DIAGS_INIT;
	struct state_walk w = {
		.inv = inv, .display = display, .d = &found, .text = text, .file = file,
		.key = RB_BUF_INIT, .type = RB_BUF_INIT, .name = RB_BUF_INIT,
		.module = RB_BUF_INIT, .mode = RB_BUF_INIT, .provider = RB_BUF_INIT,
		.tmp = RB_BUF_INIT, .address = RB_BUF_INIT, .index = RB_BUF_INIT,
	};
	struct rb_json_scan sc;
	struct rb_json_span resources = { 0, 0 };
	size_t before = inv->nr, deposed = inv->deposed, before_diags = d->errors;
	struct rb_loc loc = { display, 0, 0 };
	bool has_version = false, version_int = false, state_key = false, done = false;
	bool backend = false;
	long long version = 0;
	int ret = 0;

	for (int i = 0; i < ATTRS_DERIVED; i++) {
		rb_buf_init(&w.attrs.text[i], 0);
		rb_buf_init(&w.flat.text[i], 0);
	}
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
				rb_infra_reserve(inv, resources_in(len));
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
	rb_buf_release(&w.address);
	rb_buf_release(&w.index);
	scanned_attrs_release(&w.attrs);
	scanned_attrs_release(&w.flat);
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
			rb_resource_derive(inv, r, NULL);
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
