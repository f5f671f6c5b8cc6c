/*
 * check_drift.c - one resource seen by two sources (a Terraform state and
 * an AWS CLI export): every attribute both carry is compared, region
 * included; resources the CLI sees that no state manages; and state
 * resources a complete export of their type and scope does not list.
 *
 * Values are compared after normalisation: numbers, booleans and their
 * text are one; strings lose case (AWS names, DNS names and enums are
 * case-insensitive), a DNS name's final dot and an alias target's
 * `dualstack.`; an ARN equals the identifier that ends it; lists of
 * plain values are sets. Objects compare on the keys both carry: an
 * export holds a subset of what the state holds, in Terraform's units
 * (aws_types.c converts them on load). Attributes that change on their
 * own are left out by their type's row (drift_ignore), and the config's
 * `drift: { ignore: [...] }` silences known differences with a reason.
 */
#include <ctype.h>
#include <strings.h>

#include "aws_types.h"
#include "binder.h"
#include "check.h"

struct drift {
	struct rb_checker *c;
	const struct rb_resource *tf, *cli;
	json_t *ignore;          /* the config's drift.ignore entries */
};

/* Is `path` of the state resource silenced by its type or the config? */
static bool ignored(const struct drift *x, const char *path)
{
	size_t i;
	json_t *e;

	if (rb_aws_drift_ignored(x->tf->type, path))
		return true;
	json_array_foreach(x->ignore, i, e) {
		const char *type = json_string_value(json_object_get(e, "type"));
		const char *addr = json_string_value(json_object_get(e, "address"));
		const char *attr = json_string_value(json_object_get(e, "attribute"));
		size_t n = attr ? strlen(attr) : 0;

		if ((type && strcmp(type, x->tf->type)) || (addr && strcmp(addr, x->tf->address)))
			continue;
		if (attr && !strncmp(path, attr, n) && (path[n] == '\0' || path[n] == '.'))
			return true;
	}
	return false;
}

/* The text a scalar compares by (NULL for null, objects and lists). */
static char *norm(json_t *v)
{
	struct rb_buf b = RB_BUF_INIT;
	const char *t;

	switch (json_typeof(v)) {
	case JSON_STRING:
		t = json_string_value(v);
		if (!strncasecmp(t, "dualstack.", 10))
			t += 10;
		rb_buf_adds(&b, t);
		if (b.len && b.ptr[b.len - 1] == '.')
			rb_buf_truncate(&b, b.len - 1);
		for (size_t i = 0; i < b.len; i++)
			b.ptr[i] = (char)tolower((unsigned char)b.ptr[i]);
		return rb_buf_detach(&b, NULL);
	default:
		return rb_json_scalar_text(v);
	}
}

/* `b` ends `arn` after its last ':' or '/'. */
static bool arn_names(const char *arn, const char *b)
{
	const char *colon = strrchr(arn, ':'), *slash = strrchr(arn, '/');

	return (colon && !strcmp(colon + 1, b)) || (slash && !strcmp(slash + 1, b));
}

static bool same(const char *a, const char *b)
{
	if (!strcmp(a, b))
		return true;
	/* an ARN on one side, the identifier it ends with on the other */
	return (!strncmp(a, "arn:", 4) && strncmp(b, "arn:", 4) && arn_names(a, b)) ||
	       (!strncmp(b, "arn:", 4) && strncmp(a, "arn:", 4) && arn_names(b, a));
}

static bool scalar(json_t *v)
{
	return !json_is_object(v) && !json_is_array(v);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists of plain values are sets: the same texts in any order. */
static bool same_set(json_t *a, json_t *b)
{
	size_t n = json_array_size(a), i;
	char **ta, **tb;
	bool eq = n == json_array_size(b);

	if (!eq)
		return false;
	ta = rb_xcalloc(n + 1, sizeof(*ta));
	tb = rb_xcalloc(n + 1, sizeof(*tb));
	for (i = 0; i < n; i++) {
		ta[i] = norm(json_array_get(a, i));
		tb[i] = norm(json_array_get(b, i));
		if (!ta[i])
			ta[i] = rb_xstrdup("");
		if (!tb[i])
			tb[i] = rb_xstrdup("");
	}
	qsort(ta, n, sizeof(*ta), cmp_str);
	qsort(tb, n, sizeof(*tb), cmp_str);
	for (i = 0; i < n; i++)
		if (!same(ta[i], tb[i]))
			eq = false;
	for (i = 0; i < n; i++) {
		free(ta[i]);
		free(tb[i]);
	}
	free(ta);
	free(tb);
	return eq;
}

static bool all_scalars(json_t *list)
{
	size_t i;
	json_t *v;

	json_array_foreach(list, i, v)
		if (!scalar(v))
			return false;
	return true;
}

static void report(struct drift *x, const char *path, json_t *aws, json_t *state)
{
	char *b = json_is_string(aws) ? rb_xstrdup(json_string_value(aws))
		: json_dumps(aws, JSON_ENCODE_ANY | JSON_COMPACT | JSON_SORT_KEYS);
	char *a = json_is_string(state) ? rb_xstrdup(json_string_value(state))
		: json_dumps(state, JSON_ENCODE_ANY | JSON_COMPACT | JSON_SORT_KEYS);

	rb_report_about(x->c, RB_RULE_DRIFT_ATTRIBUTE, x->tf, rb_resource_loc(&x->c->binder->infra, x->cli),
		  "apply Terraform (or update it) so that the state and AWS agree, then re-export",
		  "%s: %s is %s in AWS but %s in the Terraform state (%s)",
		  rb_resource_label(x->tf), path, b, a, x->tf->source);
	free(a);
	free(b);
}

/* Compares the state's `a` with AWS's `b` at `path`. */
static void compare(struct drift *x, struct rb_buf *path, json_t *a, json_t *b)
{
	size_t len = path->len;

	if (!a || !b || json_is_null(a) || json_is_null(b) || ignored(x, path->ptr) ||
	    a == rb_redacted() || b == rb_redacted())
		return;
	/* a Terraform block is a list of one */
	if (json_is_array(a) && json_array_size(a) == 1 && json_is_object(b))
		a = json_array_get(a, 0);
	if (json_is_array(b) && json_array_size(b) == 1 && json_is_object(a))
		b = json_array_get(b, 0);
	if (json_is_object(a) && json_is_object(b)) {
		const char *key;
		json_t *v;

		json_object_foreach(b, key, v) {
			rb_buf_addf(path, "%s%s", len ? "." : "", key);
			compare(x, path, json_object_get(a, key), v);
			rb_buf_truncate(path, len);
		}
		return;
	}
	if (json_is_array(a) && json_is_array(b)) {
		if (all_scalars(a) && all_scalars(b)) {
			if (!same_set(a, b))
				report(x, path->ptr, b, a);
			return;
		}
		if (json_array_size(a) != json_array_size(b)) {
			report(x, path->ptr, b, a);
			return;
		}
		for (size_t i = 0; i < json_array_size(a); i++) {
			rb_buf_addf(path, ".%zu", i);
			compare(x, path, json_array_get(a, i), json_array_get(b, i));
			rb_buf_truncate(path, len);
		}
		return;
	}
	if (scalar(a) && scalar(b)) {
		char *na = norm(a), *nb = norm(b);

		if (na && nb && !same(na, nb))
			report(x, path->ptr, b, a);
		free(na);
		free(nb);
		return;
	}
	report(x, path->ptr, b, a);
}

/* Every attribute the CLI resource carries that the state has too. */
static void compare_all(struct drift *x)
{
	struct rb_buf path = RB_BUF_INIT;
	const char *key;
	json_t *v;

	json_object_foreach(rb_resource_attrs(x->cli), key, v) {
		if (!strcmp(key, "cli"))
			continue;
		rb_buf_reset(&path);
		rb_buf_adds(&path, key);
		compare(x, &path, rb_resource_attr(x->tf, key), v);
	}
	if (x->tf->region && x->cli->region && strcmp(x->tf->region, x->cli->region) &&
	    !ignored(x, "region"))
		rb_report_about(x->c, RB_RULE_DRIFT_ATTRIBUTE, x->tf, rb_resource_loc(&x->c->binder->infra, x->cli),
			  "the export was taken in another region than the state says: check the manifest's region, then the provider's",
			  "%s: region is %s in AWS but %s in the Terraform state (%s)",
			  rb_resource_label(x->tf), x->cli->region, x->tf->region, x->tf->source);
	rb_buf_release(&path);
}

/* Do the type's identifying attributes agree (absent is empty)? */
static bool same_identity(const struct rb_aws_type *t, const struct rb_resource *a,
			  const struct rb_resource *b)
{
	if (!t || !t->match[0])
		return false;
	for (size_t k = 0; k < RB_ARRAY_SIZE(t->match) && t->match[k]; k++) {
		json_t *va = rb_resource_attr(a, t->match[k]);
		json_t *vb = rb_resource_attr(b, t->match[k]);
		char *na = va ? norm(va) : NULL, *nb = vb ? norm(vb) : NULL;
		bool eq = !strcmp(na ? na : "", nb ? nb : "");

		free(na);
		free(nb);
		if (!eq)
			return false;
	}
	return true;
}

/*
 * The state resource that is this CLI resource: same ARN, id or
 * identifying attributes; one in the same region first, as names repeat
 * across regions (a DR stack's parameters).
 */
static size_t counterpart(const struct rb_infra *inv, const struct rb_resource *cli)
{
	const struct rb_aws_type *t = rb_aws_type(cli->type);
	size_t other = SIZE_MAX;

	for (size_t i = 0; i < inv->nr; i++) {
		const struct rb_resource *r = &inv->items[i];

		if (r->origin == RB_ORIGIN_AWSCLI || r->data || strcmp(r->type, cli->type))
			continue;
		if (!(cli->arn && r->arn && !strcmp(cli->arn, r->arn)) &&
		    !(cli->id && r->id && !strcmp(cli->id, r->id)) && !same_identity(t, r, cli))
			continue;
		if (!r->region || !cli->region || !strcmp(r->region, cli->region))
			return i;
		if (other == SIZE_MAX)
			other = i;
	}
	return other;
}

/* What AWS makes by itself, or Route 53 with every zone: in no state. */
static bool made_by_aws(const struct rb_resource *r)
{
	const struct rb_aws_type *t = rb_aws_type(r->type);
	const char *v;

	if (!t)
		return false;
	if (t->unmanaged_ok)
		return true;
	v = t->auto_attr ? rb_resource_str(r, t->auto_attr) : NULL;
	for (size_t k = 0; v && k < RB_ARRAY_SIZE(t->auto_values) && t->auto_values[k]; k++)
		if (!strcmp(v, t->auto_values[k]))
			return true;
	return false;
}

/* Is the state resource in what a complete export covers? */
static bool in_scope(const struct rb_export *e, const struct rb_resource *r)
{
	const struct rb_aws_type *t = rb_aws_type(e->type);
	const char *v;

	switch (t ? t->cli.scope : RB_SCOPE_NAMED) {
	case RB_SCOPE_GLOBAL:
		return true;
	case RB_SCOPE_REGION:
		v = r->region;
		break;
	case RB_SCOPE_ZONE:
		v = rb_resource_str(r, "zone_id");
		break;
	case RB_SCOPE_BUCKET:
		v = rb_resource_str(r, "bucket");
		break;
	default:
		return false;
	}
	return v && !strcmp(v, e->scope);
}

/* State resources a complete export of their type and scope lacks. */
static void missing(struct rb_checker *c, const size_t *cp)
{
	struct rb_infra *inv = &c->binder->infra;
	size_t *seen = rb_xcalloc(inv->nr ? inv->nr : 1, sizeof(*seen));

	for (size_t k = 0; k < inv->exports_nr; k++) {
		const struct rb_export *e = &inv->exports[k];

		if (!e->complete || !e->type || !e->scope)
			continue;
		for (size_t i = 0; i < inv->nr; i++)
			if (cp[i] != SIZE_MAX && !strcmp(inv->items[i].source, e->path))
				seen[cp[i]] = k + 1;
		for (size_t i = 0; i < inv->nr; i++) {
			const struct rb_resource *r = &inv->items[i];

			if (r->origin == RB_ORIGIN_AWSCLI || r->data || strcmp(r->type, e->type) ||
			    seen[i] == k + 1 || !in_scope(e, r))
				continue;
			rb_report_about(c, RB_RULE_DRIFT_MISSING, r, rb_resource_loc(&c->binder->infra, r),
				  "it was deleted outside Terraform: re-create it (terraform apply) or remove it from the state, then re-export",
				  "%s is in the Terraform state but not in %s, which lists every %s of %s",
				  rb_resource_label(r), e->path, r->type, e->scope);
		}
	}
	free(seen);
}

void rb_check_drift(struct rb_checker *c)
{
	struct rb_infra *inv = &c->binder->infra;
	bool have_state = false;
	size_t *cp;

	for (size_t i = 0; i < inv->nr; i++)
		if (inv->items[i].origin != RB_ORIGIN_AWSCLI)
			have_state = true;
	if (!have_state)
		return;
	cp = rb_xcalloc(inv->nr, sizeof(*cp));
	for (size_t i = 0; i < inv->nr; i++) {
		const struct rb_resource *cli = &inv->items[i];
		struct drift x = { c, NULL, cli, c->binder->config.drift_ignore };

		cp[i] = SIZE_MAX;
		if (cli->origin != RB_ORIGIN_AWSCLI)
			continue;
		cp[i] = counterpart(inv, cli);
		if (cp[i] == SIZE_MAX) {
			if (!made_by_aws(cli))
				rb_report_about(c, RB_RULE_DRIFT_UNMANAGED, cli, rb_resource_loc(&c->binder->infra, cli),
					  "import it into Terraform, or remove it if nothing needs it",
					  "%s '%s' is in the AWS CLI export but in no Terraform state",
					  cli->type, cli->name);
			continue;
		}
		x.tf = &inv->items[cp[i]];
		compare_all(&x);
	}
	missing(c, cp);
	free(cp);
}
