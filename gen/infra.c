/*
 * infra.c - the inventory table, its lookups, redaction of secrets, and
 * reading export files (detecting which kind each is).
 */
#include <ctype.h>
#include <errno.h>
#include <openssl/evp.h>

#include "fields.h"
#include "fsutil.h"
#include "infra.h"
#include "yaml_tree.h"

static json_t *redacted_value;

static void free_redacted(void)
{
	json_decref(redacted_value);
	redacted_value = NULL;
}

json_t *rb_redacted(void)
{
	if (!redacted_value) {
		redacted_value = json_string("(redacted)");
		atexit(free_redacted);
	}
	return redacted_value;
}

static json_t *unbound_value;

static void free_unbound(void)
{
	json_decref(unbound_value);
	unbound_value = NULL;
}

json_t *rb_unbound(void)
{
	if (!unbound_value) {
		unbound_value = json_object();
		atexit(free_unbound);
	}
	return unbound_value;
}

json_t *rb_json_path(json_t *v, const char *path)
{
	char part[256];

	while (v && *path) {
		size_t n = strcspn(path, ".");

		if (n >= sizeof(part))
			return NULL;
		memcpy(part, path, n);
		part[n] = '\0';
		if (json_is_array(v) && n && strspn(part, "0123456789") == n)
			v = json_array_get(v, strtoul(part, NULL, 10));
		else if (json_is_object(v))
			v = json_object_get(v, part);
		else
			return NULL;
		path += n + (path[n] == '.');
	}
	return v;
}

void rb_infra_init(struct rb_infra *inv)
{
	memset(inv, 0, sizeof(*inv));
}

void rb_infra_release(struct rb_infra *inv)
{
	for (size_t i = 0; i < inv->nr; i++) {
		struct rb_resource *r = &inv->items[i];

		free(r->address);
		free(r->type);
		free(r->name);
		free(r->module);
		free(r->index);
		free(r->provider);
		free(r->region);
		free(r->id);
		free(r->arn);
		json_decref(r->attributes);
	}
	free(inv->items);
	for (size_t i = 0; i < inv->exports_nr; i++)
		free(inv->exports[i].path);
	free(inv->exports);
	rb_strmap_release(&inv->by_address);
	rb_strmap_release(&inv->by_id);
	rb_strmap_release(&inv->by_arn);
	memset(inv, 0, sizeof(*inv));
}

/* Keys in the strmaps point into the resources, which move on growth. */
static void reindex(struct rb_infra *inv)
{
	rb_strmap_release(&inv->by_address);
	rb_strmap_release(&inv->by_id);
	rb_strmap_release(&inv->by_arn);
	for (size_t i = 0; i < inv->nr; i++) {
		struct rb_resource *r = &inv->items[i];

		rb_strmap_put(&inv->by_address, r->address, i);
		r->next_id = r->id ? rb_strmap_put(&inv->by_id, r->id, i) : SIZE_MAX;
		r->next_arn = r->arn ? rb_strmap_put(&inv->by_arn, r->arn, i) : SIZE_MAX;
	}
}

struct rb_resource *rb_infra_add(struct rb_infra *inv, const char *address,
				 const char *type, const char *name,
				 const char *module, const char *index,
				 json_t *attributes, enum rb_origin origin,
				 const char *source, struct rb_diags *d)
{
	struct rb_resource *r;
	size_t prev = rb_strmap_get(&inv->by_address, address);

	if (prev != SIZE_MAX) {
		rb_error(d, (struct rb_loc){ source, 0, 0 },
			 "resource '%s' is also in %s: each resource may come from one state only",
			 address, inv->items[prev].source);
		json_decref(attributes);
		return NULL;
	}
	/* strings live in the resources: the strmap keys must follow a move */
	if (inv->nr == inv->alloc) {
		inv->alloc = inv->alloc ? inv->alloc * 2 : 64;
		inv->items = rb_xrealloc(inv->items, inv->alloc * sizeof(*inv->items));
	}
	r = &inv->items[inv->nr++];
	memset(r, 0, sizeof(*r));
	r->address = rb_xstrdup(address);
	r->type = rb_xstrdup(type);
	r->name = rb_xstrdup(name);
	r->module = rb_xstrdup(module ? module : "");
	r->index = index ? rb_xstrdup(index) : NULL;
	r->provider = rb_xstrdup("");
	r->source = source;
	r->origin = origin;
	r->attributes = attributes ? attributes : json_object();
	r->next_id = r->next_arn = SIZE_MAX;
	rb_strmap_put(&inv->by_address, r->address, inv->nr - 1);
	return r;
}

const struct rb_resource *rb_infra_get(const struct rb_infra *inv,
				       const char *address)
{
	size_t i = rb_strmap_get(&inv->by_address, address);

	return i == SIZE_MAX ? NULL : &inv->items[i];
}

/* The text form of a scalar, for comparisons with query values. */
static bool scalar_text(json_t *v, char *buf, size_t size)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		snprintf(buf, size, "%s", json_string_value(v));
		return true;
	case JSON_INTEGER:
		snprintf(buf, size, "%lld", (long long)json_integer_value(v));
		return true;
	case JSON_REAL:
		snprintf(buf, size, "%.15g", json_real_value(v));
		return true;
	case JSON_TRUE:
		snprintf(buf, size, "true");
		return true;
	case JSON_FALSE:
		snprintf(buf, size, "false");
		return true;
	default:
		return false;
	}
}

/* The value of a resource field: attributes first, then derived fields. */
static json_t *field_of(const struct rb_resource *r, const char *key,
			json_t **tmp)
{
	json_t *v = json_object_get(r->attributes, key);

	*tmp = NULL;
	if (v)
		return v;
	if (!strcmp(key, "region") && r->region)
		return *tmp = json_string(r->region);
	if (!strcmp(key, "address"))
		return *tmp = json_string(r->address);
	return NULL;
}

size_t rb_infra_query(const struct rb_infra *inv, const char *type,
		      json_t *where, size_t *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < inv->nr; i++) {
		const struct rb_resource *r = &inv->items[i];
		const char *key;
		json_t *want;
		bool ok = true;

		if (type && strcmp(r->type, type))
			continue;
		json_object_foreach(where, key, want) {
			char a[512], b[512];
			json_t *tmp, *have = field_of(r, key, &tmp);
			bool same = have && scalar_text(have, a, sizeof(a)) &&
				    scalar_text(want, b, sizeof(b)) && !strcmp(a, b);

			/* Route 53 names are written with or without the final dot */
			if (!same && have && json_is_string(have) && json_is_string(want)) {
				size_t la = strlen(a), lb = strlen(b);

				if (la && lb && (la == lb + 1 || lb == la + 1) &&
				    !strncmp(a, b, la < lb ? la : lb) &&
				    (a[la - 1] == '.' || b[lb - 1] == '.'))
					same = true;
			}
			json_decref(tmp);
			if (!same) {
				ok = false;
				break;
			}
		}
		if (!ok)
			continue;
		if (n < max)
			out[n] = i;
		n++;
	}
	return n;
}

const char *rb_infra_closest(const struct rb_infra *inv, const char *address)
{
	const char *best = NULL;
	size_t best_d = SIZE_MAX;
	size_t cap = strlen(address) / 3 + 1;
	const char *dot = strrchr(address, '.');
	size_t type_len = dot ? (size_t)(dot - address) : 0;

	if (cap > 6)
		cap = 6;
	for (size_t i = 0; i < inv->nr; i++) {
		const char *a = inv->items[i].address;
		size_t d;

		/*
		 * Compare only addresses that share the type part, or all of
		 * them when the inventory is small: keeps a million-resource
		 * inventory fast.
		 */
		if (inv->nr > 5000 && type_len &&
		    strncmp(a, address, type_len < 8 ? type_len : 8))
			continue;
		d = rb_edit_distance(address, a, cap);
		if (d <= cap && d < best_d) {
			best = a;
			best_d = d;
		}
	}
	return best;
}

/*
 * A key names a secret when one of its words is a secret word and its
 * last word does not say it is only a reference to one (`secret_arn`,
 * `token_ttl`, `SecretList`). Words are split on `_`, `-`, `.` and
 * lowercase-to-uppercase steps.
 */
bool rb_secret_key(const char *key)
{
	static const char *const secret_words[] = {
		"password", "passwd", "passphrase", "secret", "token",
		"credential", "credentials", "privatekey", "apikey",
	};
	static const char *const reference_words[] = {
		"id", "ids", "arn", "arns", "name", "names", "list", "version",
		"versions", "stage", "stages", "type", "enabled", "rotation",
		"ttl", "validity", "expiration", "expiry", "length", "count",
		"policy", "status", "region", "kms", "path", "duration",
		"endpoint", "url", "uri", "date", "time", "filters",
	};
	char words[16][32];
	size_t n = 0, len = 0;
	bool secret = false;

	memset(words, 0, sizeof(words));
	for (const char *p = key; *p && n < 16; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '_' || c == '-' || c == '.' || c == ' ') {
			if (len) {
				n++;
				len = 0;
			}
			continue;
		}
		/* camelCase: a capital after a lowercase letter starts a word */
		if (isupper(c) && len && p > key && islower((unsigned char)p[-1])) {
			n++;
			len = 0;
			if (n == 16)
				break;
		}
		if (len < 31)
			words[n][len++] = (char)tolower(c);
	}
	if (len && n < 16)
		n++;
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < RB_ARRAY_SIZE(secret_words); k++)
			if (!strcmp(words[i], secret_words[k]))
				secret = true;
		/* private_key, api_key, access_token are two words */
		if (i + 1 < n && !strcmp(words[i + 1], "key") &&
		    (!strcmp(words[i], "private") || !strcmp(words[i], "api") ||
		     !strcmp(words[i], "signing")))
			secret = true;
	}
	if (!secret)
		return false;
	for (size_t k = 0; k < RB_ARRAY_SIZE(reference_words); k++)
		if (!strcmp(words[n - 1], reference_words[k]))
			return false;
	return true;
}

size_t rb_redact_secret_keys(json_t *v)
{
	size_t n = 0;
	const char *key;
	json_t *child;
	size_t i;

	if (json_is_object(v)) {
		void *tmp;

		json_object_foreach_safe(v, tmp, key, child) {
			if (rb_secret_key(key) && !json_is_null(child) &&
			    child != rb_redacted() &&
			    !(json_is_string(child) && !json_string_length(child))) {
				json_object_set(v, key, rb_redacted());
				n++;
			} else {
				n += rb_redact_secret_keys(child);
			}
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, child)
			n += rb_redact_secret_keys(child);
	}
	return n;
}

char *rb_arn_region(const char *arn)
{
	const char *p = arn;
	const char *start, *end;

	/* arn:partition:service:region:account:resource */
	if (!arn || strncmp(arn, "arn:", 4))
		return NULL;
	for (int field = 0; field < 3; field++) {
		p = strchr(p, ':');
		if (!p)
			return NULL;
		p++;
	}
	start = p;
	end = strchr(start, ':');
	if (!end || end == start)
		return NULL;
	return rb_xstrndup(start, (size_t)(end - start));
}

static char *string_attr(json_t *attrs, const char *key)
{
	json_t *v = json_object_get(attrs, key);

	if (json_is_string(v) && json_string_length(v))
		return rb_xstrdup(json_string_value(v));
	if (json_is_integer(v))
		return rb_xasprintf("%lld", (long long)json_integer_value(v));
	return NULL;
}

void rb_resource_derive(struct rb_resource *r, const char *fallback_region)
{
	char *az;

	free(r->id);
	free(r->arn);
	free(r->region);
	r->id = string_attr(r->attributes, "id");
	r->arn = string_attr(r->attributes, "arn");
	r->region = string_attr(r->attributes, "region");
	if (!r->region && r->arn)
		r->region = rb_arn_region(r->arn);
	if (!r->region && r->id)
		r->region = rb_arn_region(r->id);
	if (!r->region && (az = string_attr(r->attributes, "availability_zone"))) {
		size_t n = strlen(az);

		/* us-east-1a -> us-east-1 */
		if (n > 1 && isalpha((unsigned char)az[n - 1]) &&
		    isdigit((unsigned char)az[n - 2]))
			az[n - 1] = '\0';
		r->region = az;
	}
	if (!r->region && fallback_region)
		r->region = rb_xstrdup(fallback_region);
	/* Route 53, CloudFront and IAM are global services */
	if (!r->region && (rb_starts_with(r->type, "aws_route53") ||
			   rb_starts_with(r->type, "aws_cloudfront") ||
			   rb_starts_with(r->type, "aws_iam_")))
		r->region = rb_xstrdup("global");
}

/*
 * A Terraform state does not record the region of a provider
 * configuration, but its other resources do: a resource whose own
 * attributes say nothing takes the region shared by every resource of
 * the same provider configuration in the same file, when they all agree.
 */
static void infer_provider_regions(struct rb_infra *inv, size_t from)
{
	struct rb_strmap seen = RB_STRMAP_INIT;
	const size_t conflict = SIZE_MAX - 1;

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
			r->region = rb_xstrdup(inv->items[k].region);
	}
	rb_strmap_release(&seen);
}

static void digest(const char *data, size_t len, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	EVP_Digest(data, len, md, &n, EVP_sha256(), NULL);
	for (unsigned int i = 0; i < n && i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
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
	if (data[i] != '{' && data[i] != '[') {
		int line = 1, col = 1;

		for (size_t k = *skip; k < i; k++) {
			if (data[k] == '\n') {
				line++;
				col = 1;
			} else {
				col++;
			}
		}
		return rb_error(d, (struct rb_loc){ display, line, col },
				"not JSON: an export must start with '{' (is a shell prompt or a warning in front of the output?)");
	}
	if (memchr(data, '\0', len))
		return rb_error(d, (struct rb_loc){ display, 0, 0 },
				"file contains a NUL byte: it must be UTF-8 JSON");
	return 0;
}

int rb_infra_load_buffer(struct rb_infra *inv, const char *display,
			 const char *data, size_t len, json_t *manifest_entry,
			 struct rb_diags *d)
{
	json_error_t err;
	json_t *root;
	size_t skip, before = inv->nr;
	struct rb_export *e;
	const char *kind = NULL;
	int ret = -1;

	if (check_encoding(display, data, len, &skip, d) < 0)
		return -1;
	root = json_loadb(data + skip, len - skip,
			  JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &err);
	if (!root)
		return rb_error(d, (struct rb_loc){ display, err.line, err.column },
				"invalid JSON: %s", err.text);
	e = add_export(inv, display);
	digest(data, len, e->sha256);
	display = e->path;
	if (json_is_object(root) && json_object_get(root, "version") &&
	    (json_object_get(root, "resources") || json_object_get(root, "modules") ||
	     json_object_get(root, "lineage") || json_object_get(root, "serial"))) {
		e->origin = RB_ORIGIN_TFSTATE;
		kind = "terraform state";
		ret = rb_infra_load_tfstate(inv, display, root, d);
	} else if (json_is_object(root) && json_is_string(json_object_get(root, "format_version")) &&
		   (json_object_get(root, "values") || json_object_get(root, "prior_state") ||
		    json_object_get(root, "planned_values") ||
		    json_object_get(root, "terraform_version") || json_object_size(root) == 1)) {
		e->origin = RB_ORIGIN_SHOWJSON;
		kind = "terraform show -json";
		ret = rb_infra_load_showjson(inv, display, root, d);
	} else {
		int r = rb_infra_load_awscli(inv, display, root, manifest_entry,
					     &kind, d);

		e->origin = RB_ORIGIN_AWSCLI;
		if (r == 0)
			rb_error(d, (struct rb_loc){ display, 0, 0 },
				 "unknown export format: not a Terraform state, a terraform show -json output or a known AWS CLI output");
		ret = r > 0 ? 0 : -1;
	}
	e->kind = kind ? kind : "unknown";
	e->resources = inv->nr - before;
	if (e->origin != RB_ORIGIN_AWSCLI)
		infer_provider_regions(inv, before);
	json_decref(root);
	reindex(inv);
	return ret;
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
	char *data;
	size_t len;
	int ret;

	if (rb_read_file(full, RB_MAX_EXPORT_SIZE, &data, &len) < 0) {
		ret = rb_error(d, (struct rb_loc){ rel, 0, 0 }, "cannot read: %s",
			       errno == EFBIG ? "file is larger than 512 MiB"
					      : strerror(errno));
		free(full);
		return ret;
	}
	ret = rb_infra_load_buffer(inv, rel, data, len, manifest_entry, d);
	free(data);
	free(full);
	return ret;
}

static const char *const manifest_keys[] = { "exports", NULL };
static const char *const entry_keys[] = {
	"file", "command", "region", "hosted_zone_id", "bucket", "cluster",
	NULL,
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
		if (rb_fields_init(&ef, y, e, "export entry", entry_keys, d) == 0)
			rb_field_str(&ef, "file", true);
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
	static const char *const suffixes[] = { ".json", ".tfstate", NULL };
	char *full = root ? rb_xasprintf("%s/%s", root, rel) : rb_xstrdup(rel);
	struct rb_strlist files = { 0 };
	struct rb_yaml *manifest;
	json_t *entries;
	size_t errors = d->errors;

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
