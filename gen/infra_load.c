/*
 * infra_load.c - reading export files and folders: the encoding, which
 * kind of export each is, the manifest of a folder; the loaders of each
 * kind (infra_terraform.c, infra_awscli.c) fill the inventory.
 */
#include <ctype.h>
#include <errno.h>

#include "fields.h"
#include "fsutil.h"
#include "infra.h"
#include "json_scan.h"
#include "rules.h"
#include "sha256.h"
#include "yaml_tree.h"

/*
 * A Terraform state does not record the region of a provider
 * configuration, but its other resources do: a resource whose own
 * attributes say nothing takes the region shared by every resource of
 * the same provider configuration in the same file, when they all agree.
 */
static void infer_provider_regions(struct rb_infra *inv, size_t from)
{
	struct rb_strmap seen = RB_STRMAP_INIT;
	/* a value no resource index reaches (maps hold indexes under 2^32) */
	const size_t conflict = (size_t)UINT32_MAX - 1;

	/* one pass: each provider configuration -> the region of its resources */
	for (size_t i = from; i < inv->nr; i++) {
		struct rb_resource *r = &inv->items[i];
		size_t prev;

		if (!r->region || !*r->provider || !strcmp(r->region, "global"))
			continue;
		prev = rb_strmap_get(&seen, r->provider);
		if (prev == SIZE_MAX)
			rb_strmap_put(&seen, r->provider, i);
		else if (prev != conflict && strcmp(inv->items[prev].region, r->region))
			rb_strmap_put(&seen, r->provider, conflict);
	}
	for (size_t i = from; i < inv->nr; i++) {
		struct rb_resource *r = &inv->items[i];
		size_t k;

		if (r->region || !*r->provider)
			continue;
		k = rb_strmap_get(&seen, r->provider);
		if (k != SIZE_MAX && k != conflict)
			r->region = inv->items[k].region;
	}
	rb_strmap_release(&seen);
}

static struct rb_export *add_export(struct rb_infra *inv, const char *display)
{
	struct rb_export *e;

	RB_GROW(inv->exports, inv->exports_nr + 1, inv->exports_alloc);
	e = &inv->exports[inv->exports_nr++];
	memset(e, 0, sizeof(*e));
	e->path = rb_xstrdup(display);
	return e;
}

/* Refuses what is not UTF-8 JSON text, with a message that says why. */
static int check_encoding(const char *display, const char *data, size_t len,
			  size_t *skip, struct rb_diags *d)
{
	size_t i = 0;
	bool text = false;

	*skip = 0;
	if ((len >= 2 && (((unsigned char)data[0] == 0xff && (unsigned char)data[1] == 0xfe) ||
			  ((unsigned char)data[0] == 0xfe && (unsigned char)data[1] == 0xff))) ||
	    (len >= 2 && (data[0] == '\0' || data[1] == '\0')))
		return rb_error(d, (struct rb_loc){ display, 0, 0 },
				"file is UTF-16 encoded: export it as UTF-8 (in PowerShell: Out-File -Encoding utf8)");
	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3))
		*skip = 3;
	for (i = *skip; i < len && isspace((unsigned char)data[i]); i++)
		;
	if (i == len)
		return rb_error(d, (struct rb_loc){ display, 0, 0 }, "empty file");
	/* hashicorp/setup-terraform's wrapper echoes the command it runs */
	if (len - i >= 9 && !memcmp(data + i, "[command]", 9)) {
		int line = 1, col = 1;

		rb_pos_advance(data + *skip, i - *skip, false, &line, &col);
		return rb_error(d, (struct rb_loc){ display, line, col },
				"not JSON: text before the JSON: a '[command]' line, which the terraform wrapper of the setup-terraform GitHub Action prints in front of the output (give the action 'terraform_wrapper: false', or delete the line)");
	}
	/* `[INFO] ...`: a JSON list goes on with a value, never another word */
	if (data[i] == '[') {
		size_t j = i + 1;

		while (j < len && isspace((unsigned char)data[j]))
			j++;
		text = j < len && isalpha((unsigned char)data[j]) && !strchr("tfn", data[j]);
	}
	if (text || (data[i] != '{' && data[i] != '[')) {
		int line = 1, col = 1;

		rb_pos_advance(data + *skip, i - *skip, false, &line, &col);
		return rb_error(d, (struct rb_loc){ display, line, col },
				"not JSON: an export must start with '{' (is a shell prompt or a warning in front of the output?)");
	}
	return 0;
}

/*
 * Checked only for a text that is not a state: the state reader refuses a
 * NUL byte wherever it stands, and a large state is not read twice.
 */
static int check_nul(const char *display, const char *data, size_t len,
		     struct rb_diags *d)
{
	if (memchr(data, '\0', len))
		return rb_error(d, (struct rb_loc){ display, 0, 0 },
				"file contains a NUL byte: it must be UTF-8 JSON");
	return 0;
}

/* The digest of a whole text, giving back its pages as they are read. */
static void digest(struct rb_file_text *t, char out[65])
{
	const size_t step = (size_t)16 << 20;
	struct rb_sha256 h;

	rb_sha256_begin(&h);
	for (size_t at = 0; at < t->len; at += step) {
		rb_sha256_add(&h, t->data + at, t->len - at < step ? t->len - at : step);
		rb_file_text_drop(t, at);
	}
	rb_file_text_drop(t, t->len);
	rb_sha256_end_hex(&h, out);
}

/*
 * An error of jansson's, at the start of the bad token (jansson gives its
 * end), and with a hint for the text the setup-terraform wrapper prints
 * after the JSON.
 */
static int json_error(const char *display, const char *s, size_t len,
		      const json_error_t *err, struct rb_diags *d)
{
	enum json_error_code code = json_error_code(err);
	struct rb_loc loc = { display, err->line, err->column };
	size_t start;

	if (code == json_error_premature_end_of_input || !err->position)
		return rb_error(d, loc, "invalid JSON: %s", err->text);
	start = rb_json_token_start(s, len, (size_t)err->position);
	loc.line = loc.col = 1;
	rb_pos_advance(s, start, true, &loc.line, &loc.col);
	if (code == json_error_end_of_input_expected && len - start >= 2 &&
	    !memcmp(s + start, "::", 2))
		return rb_error(d, loc,
				"not JSON: text after the JSON: '::' lines, which the terraform wrapper of the setup-terraform GitHub Action prints after the output (give the action 'terraform_wrapper: false', or delete the lines)");
	return rb_error(d, loc, "invalid JSON: %s", err->text);
}

/*
 * Parses an export as Terraform's decoder does: a key repeated in one
 * object is not an error, the last one wins (jansson without
 * JSON_REJECT_DUPLICATES), with a warning at each repeat. jansson cannot
 * say where a repeat is, so the text is scanned for them: about 0.04 s
 * of CPU for a 50,000-resource state (15 MB), against 0.3 s to parse it.
 * Refusing repeats in jansson and scanning only the files it refuses
 * would cost nothing for most files but a second parse for those.
 */
/* A warning at each key repeated in one object (the last one is used). */
static void report_duplicate_keys(const char *display, const char *s,
				  struct rb_json_dup *dups, size_t nr,
				  struct rb_diags *d)
{
	for (size_t i = 0; i < nr; i++) {
		struct rb_loc loc = { display, 1, 1 };

		rb_pos_advance(s, dups[i].offset, true, &loc.line, &loc.col);
		rb_rule_finding(d, RB_RULE_INVENTORY_DUPLICATE_KEY, loc,
				"remove the repeated key; Terraform reads the last one too",
				"duplicate key '%s' in one object: the last one is used",
				dups[i].key);
	}
	rb_json_dups_free(dups, nr);
}

static void warn_duplicate_keys(const char *display, const char *s, size_t len,
				struct rb_diags *d)
{
	struct rb_json_dup *dups;
	size_t nr = rb_json_duplicate_keys(&dups, s, len);

	report_duplicate_keys(display, s, dups, nr, d);
}

static json_t *load_json(const char *display, const char *s, size_t len,
			 struct rb_diags *d)
{
	json_error_t err;
	json_t *root = json_loadb(s, len, JSON_ALLOW_NUL, &err);

	if (!root) {
		json_error(display, s, len, &err, d);
		return NULL;
	}
	warn_duplicate_keys(display, s, len, d);
	return root;
}

/*
 * Files that are found beside exports but are none: say what they are
 * and what to export instead. Returns true when `root` is one.
 */
static bool not_an_export(const char *display, json_t *root,
			  struct rb_diags *d)
{
	struct rb_loc loc = { display, 0, 0 };
	json_t *backend = json_object_get(root, "backend");

	if (!json_is_object(root))
		return false;
	/* OpenTofu's state encryption: {"meta", "encrypted_data", "encryption_version"} */
	if (json_object_get(root, "encrypted_data") &&
	    json_object_get(root, "encryption_version")) {
		rb_error(d, loc,
			 "an OpenTofu encrypted state: its resources cannot be read without the key; export it where the key is configured, with 'tofu show -json > NAME.json'");
		return true;
	}
	/* .terraform/terraform.tfstate: where the state is, not the state */
	if (json_is_object(backend) &&
	    !json_array_size(json_object_get(root, "resources"))) {
		const char *type = json_string_value(json_object_get(backend, "type"));

		rb_error(d, loc,
			 "backend settings of a working directory (.terraform/terraform.tfstate), not a state: they say where the state is kept (backend '%s'); export the state itself with 'terraform state pull > NAME.tfstate'",
			 type ? type : "?");
		return true;
	}
	return false;
}

/*
 * Reads one export, taking `data` (malloc'd). A Terraform state is read
 * in place and keeps `data`: its resources' attributes are parsed when a
 * check or a placeholder asks for them. The other exports are read whole
 * with jansson.
 */
static int load_text(struct rb_infra *inv, const char *display,
		     struct rb_file_text *file, json_t *manifest_entry,
		     struct rb_diags *d)
{
	json_t *root;
	size_t skip, before = inv->nr, dups_nr;
	struct rb_export *e;
	struct rb_json_dup *dups;
	const char *kind = NULL, *shown = display;
	const char *data = file->data;
	size_t len = file->len;
	int ret = -1, state;

	if (check_encoding(display, data, len, &skip, d) < 0) {
		rb_file_text_release(file);
		return -1;
	}
	e = add_export(inv, display);
	digest(file, e->sha256);
	display = e->path;
	state = rb_infra_load_tfstate_text(inv, display, file, skip, &dups, &dups_nr, d);
	if (state) {
		report_duplicate_keys(display, data + skip, dups, dups_nr, d);
		rb_infra_keep_text(inv, file);  /* the resources point into it */
		e->origin = RB_ORIGIN_TFSTATE;
		e->kind = "terraform state";
		ret = state > 0 ? 0 : -1;
		goto done;
	}
	if (check_nul(display, data, len, d) < 0) {
		rb_file_text_release(file);
		free(e->path);
		inv->exports_nr--;
		return -1;
	}
	root = load_json(shown, data + skip, len - skip, d);
	rb_file_text_release(file);
	if (!root) {
		/* not an export after all */
		free(e->path);
		inv->exports_nr--;
		return -1;
	}
	if (not_an_export(display, root, d)) {
		e->kind = "unknown";
		json_decref(root);
		return -1;
	}
	if (json_is_object(root) && json_is_string(json_object_get(root, "format_version")) &&
	    (json_object_get(root, "values") || json_object_get(root, "prior_state") ||
	     json_object_get(root, "planned_values") ||
	     json_object_get(root, "terraform_version") || json_object_size(root) == 1)) {
		e->origin = RB_ORIGIN_SHOWJSON;
		kind = "terraform show -json";
		ret = rb_infra_load_showjson(inv, display, root, d);
	} else {
		int r = rb_infra_load_awscli(inv, e, root, manifest_entry, d);

		kind = e->kind;
		e->origin = RB_ORIGIN_AWSCLI;
		if (r == 0)
			rb_error(d, (struct rb_loc){ display, 0, 0 },
				 "unknown export format: not a Terraform state, a terraform show -json output or a known AWS CLI output");
		ret = r > 0 ? 0 : -1;
	}
	e->kind = kind ? kind : "unknown";
	json_decref(root);
done:
	e->resources = inv->nr - before;
	if (e->origin != RB_ORIGIN_AWSCLI)
		infer_provider_regions(inv, before);
	rb_infra_index(inv);
	return ret;
}

int rb_infra_load_buffer(struct rb_infra *inv, const char *display,
			 const char *data, size_t len, json_t *manifest_entry,
			 struct rb_diags *d)
{
	struct rb_file_text t;
	char *copy = rb_xmalloc(len + 1);

	memcpy(copy, data, len);
	copy[len] = '\0';
	rb_file_text_adopt(&t, copy, len);
	return load_text(inv, display, &t, manifest_entry, d);
}

static json_t *manifest_entry_for(json_t *manifest, const char *name)
{
	size_t i;
	json_t *e;

	json_array_foreach(manifest, i, e) {
		const char *f = json_string_value(json_object_get(e, "file"));

		if (f && !strcmp(f, name))
			return e;
	}
	return NULL;
}

static int load_file(struct rb_infra *inv, const char *root, const char *rel,
		     json_t *manifest_entry, struct rb_diags *d)
{
	char *full = root ? rb_xasprintf("%s/%s", root, rel) : rb_xstrdup(rel);
	struct rb_file_text t;
	int ret;

	if (rb_file_text_open(&t, full, RB_MAX_EXPORT_SIZE) < 0) {
		ret = rb_error(d, (struct rb_loc){ rel, 0, 0 }, "cannot read: %s",
			       errno == EFBIG ? "file is larger than 512 MiB"
					      : strerror(errno));
		free(full);
		return ret;
	}
	free(full);
	return load_text(inv, rel, &t, manifest_entry, d);
}

static const char *const manifest_keys[] = { "exports", NULL };
static const char *const entry_keys[] = {
	"file", "command", "region", "hosted_zone_id", "bucket", "cluster",
	"complete", NULL,
};

/* Reads DIR/manifest.yaml into a list of entries (or NULL). */
static struct rb_yaml *load_manifest(const char *full, const char *rel,
				     json_t **entries, struct rb_diags *d)
{
	char *path = rb_xasprintf("%s/manifest.yaml", full);
	char *shown = rb_xasprintf("%s/manifest.yaml", rel);
	char *data;
	size_t len;
	struct rb_yaml *y = NULL;
	struct rb_fields f, ef;
	json_t *list;
	size_t i;
	json_t *e;

	*entries = NULL;
	if (rb_read_file(path, RB_MAX_FILE_SIZE, &data, &len) < 0)
		goto done;
	if (rb_yaml_parse(&y, shown, data, len, 0, d) < 0) {
		free(data);
		goto done;
	}
	free(data);
	if (json_is_null(rb_yaml_root(y)) ||
	    rb_fields_init(&f, y, rb_yaml_root(y), "export manifest", manifest_keys, d) < 0)
		goto done;
	list = json_object_get(rb_yaml_root(y), "exports");
	if (list && !json_is_array(list)) {
		rb_error(d, rb_field_loc(&f, "exports"), "'exports' must be a list");
		goto done;
	}
	json_array_foreach(list, i, e) {
		if (rb_fields_init(&ef, y, e, "export entry", entry_keys, d) == 0) {
			rb_field_str(&ef, "file", true);
			if (json_object_get(e, "complete") &&
			    !json_is_boolean(json_object_get(e, "complete")))
				rb_error(d, rb_field_loc(&ef, "complete"),
					 "'complete' must be true or false");
		}
	}
	*entries = list;
done:
	free(path);
	free(shown);
	return y;
}

int rb_infra_load(struct rb_infra *inv, const char *root, const char *rel,
		  struct rb_diags *d)
{
	return rb_infra_load_stack(inv, root, rel, NULL, d);
}

int rb_infra_load_stack(struct rb_infra *inv, const char *root,
			const char *rel, const char *stack,
			struct rb_diags *d)
{
	static const char *const suffixes[] = { ".json", ".tfstate", NULL };
	char *full = root ? rb_xasprintf("%s/%s", root, rel) : rb_xstrdup(rel);
	struct rb_strlist files = { 0 };
	struct rb_yaml *manifest;
	json_t *entries;
	size_t errors = d->errors;

	if (stack) {
		rb_infra_set_stack(inv, stack);
	} else {
		char *name = rb_stack_default_name(rel);

		rb_infra_set_stack(inv, name);
		free(name);
	}

	if (!rb_is_dir(full)) {
		load_file(inv, root, rel, NULL, d);
		free(full);
		return d->errors > errors ? -1 : 0;
	}
	manifest = load_manifest(full, rel, &entries, d);
	if (rb_list_files(full, suffixes, &files) < 0)
		rb_error(d, (struct rb_loc){ rel, 0, 0 }, "cannot list: %s",
			 strerror(errno));
	for (size_t i = 0; i < files.nr; i++) {
		char *child = rb_xasprintf("%s/%s", rel, files.items[i]);

		load_file(inv, root, child, manifest_entry_for(entries, files.items[i]), d);
		free(child);
	}
	rb_strlist_release(&files);
	rb_yaml_free(manifest);
	free(full);
	return d->errors > errors ? -1 : 0;
}
