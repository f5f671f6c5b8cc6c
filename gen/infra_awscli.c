/*
 * infra_awscli.c - AWS CLI JSON outputs, normalised to the Terraform type
 * each describes, with Terraform's attribute names for what matters to a
 * runbook (identifiers, ARNs, regions, counts, classes, versions, record
 * targets). The original object is kept under the attribute `cli`.
 *
 * What each output holds and how it maps to Terraform's attributes is
 * its type's row in aws_types.c; this file reads that table and builds
 * what a field map cannot (record targets, replication rules).
 *
 * Addresses are `awscli.<type>["<name>"]`. The kind of an output comes
 * from its manifest entry's command when there is one, else from its
 * top-level key. What the output itself does not say (the region, the
 * hosted zone of record sets, the bucket of a bucket setting) comes from
 * the manifest entry.
 */
#include <ctype.h>

#include "aws_types.h"
#include "buf.h"
#include "infra.h"

static json_t *transform(json_t *v, enum rb_aws_xform x)
{
	const char *s = json_string_value(v);

	switch (x) {
	case RB_X_ENABLED:
		return s ? json_boolean(!strcasecmp(s, "enabled") ||
					!strcasecmp(s, "enabling"))
			 : json_incref(v);
	case RB_X_INTERNAL:
		return s ? json_boolean(!strcmp(s, "internal")) : json_incref(v);
	case RB_X_NO_DOT:
		if (s && *s && s[strlen(s) - 1] == '.')
			return json_stringn(s, strlen(s) - 1);
		return json_incref(v);
	case RB_X_TAIL:
		if (s && strrchr(s, '/'))
			return json_string(strrchr(s, '/') + 1);
		return json_incref(v);
	default:
		return json_incref(v);
	}
}

/* Route 53 record targets in Terraform's shape: alias, failover, records. */
static void record_extras(json_t *attrs, json_t *obj, const char *zone)
{
	json_t *alias = json_object_get(obj, "AliasTarget");
	json_t *records = json_object_get(obj, "ResourceRecords");
	const char *failover = json_string_value(json_object_get(obj, "Failover"));

	json_object_set_new(attrs, "zone_id", json_string(zone));
	if (alias) {
		json_t *name = json_object_get(alias, "DNSName");
		json_t *a = json_object();

		json_object_set_new(a, "name", transform(name ? name : json_null(), RB_X_NO_DOT));
		json_object_set(a, "zone_id", json_object_get(alias, "HostedZoneId"));
		json_object_set(a, "evaluate_target_health",
				json_object_get(alias, "EvaluateTargetHealth"));
		json_object_set_new(attrs, "alias", json_pack("[o]", a));
	}
	if (json_is_array(records)) {
		json_t *list = json_array();
		size_t i;
		json_t *r;

		json_array_foreach(records, i, r)
			json_array_append(list, json_object_get(r, "Value"));
		json_object_set_new(attrs, "records", list);
	}
	if (failover)
		json_object_set_new(attrs, "failover_routing_policy",
				    json_pack("[{s:s}]", "type", failover));
}

/* S3 replication rules in Terraform's shape. */
static void replication_extras(json_t *attrs, json_t *obj)
{
	json_t *rules = json_array();
	size_t i;
	json_t *r;

	json_array_foreach(json_object_get(obj, "Rules"), i, r) {
		json_t *dest = json_object_get(r, "Destination");
		json_t *rule = json_object(), *d = json_object();
		json_t *key = rb_json_path(dest, "EncryptionConfiguration.ReplicaKmsKeyID");
		json_t *dm = rb_json_path(r, "DeleteMarkerReplication.Status");

		json_object_set(rule, "id", json_object_get(r, "ID"));
		json_object_set(rule, "status", json_object_get(r, "Status"));
		json_object_set(rule, "priority", json_object_get(r, "Priority"));
		json_object_set(d, "bucket", json_object_get(dest, "Bucket"));
		json_object_set(d, "storage_class", json_object_get(dest, "StorageClass"));
		if (key)
			json_object_set_new(d, "encryption_configuration",
					    json_pack("[{s:O}]", "replica_kms_key_id", key));
		json_object_set_new(rule, "destination", json_pack("[o]", d));
		if (dm)
			json_object_set_new(rule, "delete_marker_replication",
					    json_pack("[{s:O}]", "status", dm));
		json_array_append_new(rules, rule);
	}
	json_object_set_new(attrs, "rule", rules);
}

static const struct rb_aws_type *kind_of(json_t *root, json_t *entry)
{
	const char *cmd = json_string_value(json_object_get(entry, "command"));

	if (cmd) {
		/* "aws rds describe-db-instances --region x" names its kind */
		for (size_t i = 0; i < rb_aws_types_nr; i++) {
			const char *c = rb_aws_types[i].cli.command;
			const char *hit = c ? strstr(cmd, c) : NULL;

			if (hit && (hit[strlen(c)] == '\0' || isspace((unsigned char)hit[strlen(c)])))
				return &rb_aws_types[i];
		}
	}
	if (!json_is_object(root))
		return NULL;
	for (size_t i = 0; i < rb_aws_types_nr; i++) {
		const struct rb_aws_cli *k = &rb_aws_types[i].cli;
		json_t *v = k->command ? json_object_get(root, k->key) : NULL;

		if (!v)
			continue;
		if (k->shape == RB_SHAPE_ROOT) {
			/* many outputs have a Status: this one has nothing else */
			const char *st = json_string_value(v);
			size_t n = json_object_size(root);

			if (st && (!strcmp(st, "Enabled") || !strcmp(st, "Suspended")) &&
			    (n == 1 || (n == 2 && json_object_get(root, "MFADelete"))))
				return &rb_aws_types[i];
			continue;
		}
		if (k->shape == RB_SHAPE_OBJECT ? json_is_object(v) : json_is_array(v))
			return &rb_aws_types[i];
	}
	return NULL;
}

static void add_one(struct rb_infra *inv, const struct rb_aws_type *t, json_t *obj,
		    const char *display, json_t *entry, const char *extra,
		    struct rb_diags *d)
{
	const struct rb_aws_cli *k = &t->cli;
	const char *region = json_string_value(json_object_get(entry, "region"));
	json_t *attrs = json_object();
	struct rb_buf name = RB_BUF_INIT;
	struct rb_resource *r;
	char *index, *address;
	json_t *qname;

	for (const struct rb_aws_field *f = k->fields;
	     f < k->fields + RB_ARRAY_SIZE(k->fields) && f->tf; f++) {
		json_t *v = rb_json_path(obj, f->cli);

		if (v && !json_is_null(v))
			json_object_set_new(attrs, f->tf, transform(v, f->x));
	}
	switch (k->extras) {
	case RB_EXTRAS_RECORD:
		record_extras(attrs, obj, extra);
		rb_buf_addf(&name, "%s_%s_%s", extra,
			    json_string_value(json_object_get(attrs, "name")) ?: "",
			    json_string_value(json_object_get(attrs, "type")) ?: "");
		if (json_object_get(attrs, "set_identifier"))
			rb_buf_addf(&name, "_%s", json_string_value(json_object_get(attrs, "set_identifier")));
		json_object_set_new(attrs, "id", json_string(name.ptr));
		break;
	case RB_EXTRAS_REPLICATION:
	case RB_EXTRAS_VERSIONING:
		/* a bucket setting is named after its bucket */
		if (k->extras == RB_EXTRAS_REPLICATION)
			replication_extras(attrs, obj);
		json_object_set_new(attrs, "bucket", json_string(extra));
		json_object_set_new(attrs, "id", json_string(extra));
		if (k->extras == RB_EXTRAS_VERSIONING)
			json_object_set_new(attrs, "versioning_configuration",
					    json_pack("[{s:O, s:O}]",
						      "status", json_object_get(obj, "Status") ?: json_null(),
						      "mfa_delete", json_object_get(obj, "MFADelete") ?: json_null()));
		rb_buf_adds(&name, extra);
		break;
	case RB_EXTRAS_NONE: {
		json_t *n = rb_json_path(obj, k->name_path);
		const char *after;

		if (json_is_string(n))
			rb_buf_adds(&name, json_string_value(n));
		if (k->name_after && (after = strstr(name.ptr, k->name_after))) {
			char *tail = rb_xstrdup(after + strlen(k->name_after));

			rb_buf_reset(&name);
			rb_buf_adds(&name, tail);
			free(tail);
		}
		break;
	}
	}
	if (k->arn_prefix && json_is_string(json_object_get(attrs, "id"))) {
		char *arn = rb_xasprintf("%s%s", k->arn_prefix,
					 json_string_value(json_object_get(attrs, "id")));

		json_object_set_new(attrs, "arn", json_string(arn));
		free(arn);
	}
	if (!name.len) {
		rb_error(d, (struct rb_loc){ display, 0, 0 },
			 "an entry of this %s output has no '%s'", k->command,
			 k->name_path ? k->name_path : "name");
		json_decref(attrs);
		rb_buf_release(&name);
		return;
	}
	json_object_set(attrs, "cli", obj);
	rb_redact_secret_keys(attrs);
	rb_aws_redact(t->type, attrs, rb_redacted());
	qname = json_string(name.ptr);
	index = json_dumps(qname, JSON_ENCODE_ANY);
	json_decref(qname);
	address = rb_xasprintf("awscli.%s[%s]", t->type, index);
	/* the same resource in two CLI outputs (or twice in one) is one resource */
	if (rb_infra_get_in(inv, inv->stack, address)) {
		json_decref(attrs);
		free(index);
		free(address);
		rb_buf_release(&name);
		return;
	}
	r = rb_infra_add(inv, address, t->type, name.ptr, "awscli", index, attrs,
			 RB_ORIGIN_AWSCLI, display, d);
	if (r)
		rb_resource_derive(inv, r, region);
	free(index);
	free(address);
	rb_buf_release(&name);
}

/* The manifest key naming what an output of this scope covers. */
static const char *scope_key(enum rb_aws_scope scope)
{
	switch (scope) {
	case RB_SCOPE_ZONE:
		return "hosted_zone_id";
	case RB_SCOPE_BUCKET:
		return "bucket";
	case RB_SCOPE_REGION:
		return "region";
	default:
		return NULL;
	}
}

/*
 * `complete: true` in the manifest: the output lists every resource of
 * its type in what it covers, so a state resource it lacks is missing.
 */
static int completeness(struct rb_export *e, const struct rb_aws_type *t,
			json_t *entry, struct rb_diags *d)
{
	const char *key = scope_key(t->cli.scope);
	const char *scope = key ? json_string_value(json_object_get(entry, key)) : "global";

	if (!json_is_true(json_object_get(entry, "complete")))
		return 0;
	if (t->cli.scope == RB_SCOPE_NAMED)
		return rb_error(d, (struct rb_loc){ e->path, 0, 0 },
				"the manifest says this %s output is complete, but it holds only what its command names (%s)",
				t->cli.command, t->cli.name_flag);
	if (!scope)
		return rb_error(d, (struct rb_loc){ e->path, 0, 0 },
				"the manifest says this %s output is complete: add '%s:' for this file, what it lists",
				t->cli.command, key);
	e->complete = true;
	e->scope = rb_xstrdup(scope);
	return 0;
}

int rb_infra_load_awscli(struct rb_infra *inv, struct rb_export *e,
			 json_t *root, json_t *entry, struct rb_diags *d)
{
	const struct rb_aws_type *t = kind_of(root, entry);
	const struct rb_aws_cli *k;
	const char *display = e->path;
	const char *extra = NULL, *needs;
	json_t *list;
	size_t i;
	json_t *obj;

	if (!t)
		return 0;
	k = &t->cli;
	e->kind = k->command;
	e->type = t->type;
	needs = k->scope == RB_SCOPE_ZONE || k->scope == RB_SCOPE_BUCKET ? scope_key(k->scope) : NULL;
	if (needs) {
		extra = json_string_value(json_object_get(entry, needs));
		if (!extra) {
			rb_error(d, (struct rb_loc){ display, 0, 0 },
				 "a %s output does not say its %s: add '%s:' for this file in the folder's manifest.yaml",
				 k->command, k->scope == RB_SCOPE_BUCKET ? "bucket" : "hosted zone",
				 needs);
			return -1;
		}
	}
	if (completeness(e, t, entry, d) < 0)
		return -1;
	if (k->shape == RB_SHAPE_ROOT) {
		add_one(inv, t, root, display, entry, extra, d);
		return 1;
	}
	list = json_object_get(root, k->key);
	if (k->shape == RB_SHAPE_OBJECT) {
		if (!json_is_object(list)) {
			rb_error(d, (struct rb_loc){ display, 0, 0 },
				 "'%s' of a %s output must be an object", k->key,
				 k->command);
			return -1;
		}
		add_one(inv, t, list, display, entry, extra, d);
		return 1;
	}
	if (!json_is_array(list)) {
		rb_error(d, (struct rb_loc){ display, 0, 0 },
			 "'%s' of a %s output must be a list", k->key, k->command);
		return -1;
	}
	json_array_foreach(list, i, obj) {
		if (json_is_object(obj))
			add_one(inv, t, obj, display, entry, extra, d);
	}
	return 1;
}
