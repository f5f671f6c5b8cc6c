/*
 * infra.c - the inventory table, its lookups and redaction of secrets.
 * Reading export files is infra_load.c's.
 */
#include <ctype.h>

#include "aws_types.h"
#include "closest.h"
#include "infra.h"

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

const char *rb_resource_str(const struct rb_resource *r, const char *key)
{
	return json_string_value(json_object_get(r->attributes, key));
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
	for (size_t i = 0; i < inv->exports_nr; i++) {
		free(inv->exports[i].path);
		free(inv->exports[i].scope);
	}
	free(inv->exports);
	rb_strmap_release(&inv->by_address);
	rb_strmap_release(&inv->by_id);
	rb_strmap_release(&inv->by_arn);
	memset(inv, 0, sizeof(*inv));
}

/* Keys in the strmaps point into the resources, which move on growth. */
void rb_infra_index(struct rb_infra *inv)
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
	if (!r->region && rb_aws_type_global(r->type))
		r->region = rb_xstrdup("global");
}
