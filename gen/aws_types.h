/*
 * aws_types.h - every fact runbinder knows about an AWS resource type,
 * described once: one row of rb_aws_types[] per Terraform type.
 *
 * A row says how the AWS CLI describes the type (the command, the key
 * holding its list, the field map to Terraform's attribute names), which
 * attributes identify it when two exports are matched, which CLI flags
 * name it in a runbook's commands, how `export-script` exports it and
 * what the manifest must add, what makes one resource a DR copy of
 * another, which attributes hold secrets whatever their name, and which
 * are left out of drift comparisons because they change on their own.
 *
 * Readers: infra_awscli.c (the CLI loader), infra_terraform.c (secrets),
 * cmd_export_script.c, check_drift.c, check_commands.c, check_dr.c,
 * check_plan.c, config.c (the drift ignore list names types) and infra.c
 * (global services).
 *
 * Adding a type is adding a row in aws_types.c; gen/README says how. The
 * table is static data: every pointer is to a string literal or to
 * another row, and lookups never allocate.
 */
#ifndef RB_AWS_TYPES_H
#define RB_AWS_TYPES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* How a CLI value becomes Terraform's value (units and spelling). */
enum rb_aws_xform {
	RB_X_COPY,
	RB_X_ENABLED,   /* "enabled" / "Enabled" -> true */
	RB_X_INTERNAL,  /* Scheme "internal" -> true */
	RB_X_NO_DOT,    /* "app.example.com." -> "app.example.com" */
	RB_X_TAIL,      /* "/hostedzone/Z123" -> "Z123" */
};

struct rb_aws_field {
	const char *tf;    /* Terraform attribute */
	const char *cli;   /* dotted path in the CLI object */
	enum rb_aws_xform x;
};

/* Where the list of a CLI output is. */
enum rb_aws_shape {
	RB_SHAPE_LIST,     /* `key` holds a list of objects */
	RB_SHAPE_OBJECT,   /* `key` holds one object */
	RB_SHAPE_ROOT,     /* the whole output is the one object (`Status`) */
};

/* Attributes a CLI output needs more work for than a field map. */
enum rb_aws_extras {
	RB_EXTRAS_NONE,
	RB_EXTRAS_RECORD,        /* Route 53 alias, records, failover */
	RB_EXTRAS_REPLICATION,   /* S3 replication rules */
	RB_EXTRAS_VERSIONING,    /* S3 versioning_configuration */
};

/*
 * What an export covers, and so what its manifest entry must say and
 * what a complete one vouches for.
 */
enum rb_aws_scope {
	RB_SCOPE_REGION,   /* every resource of the type in `region:` */
	RB_SCOPE_GLOBAL,   /* every resource of the type in the account */
	RB_SCOPE_ZONE,     /* every record of `hosted_zone_id:` */
	RB_SCOPE_BUCKET,   /* the setting of `bucket:` (in `region:`) */
	RB_SCOPE_NAMED,    /* only what the command names: never complete */
};

struct rb_aws_cli {
	const char *command;   /* "rds describe-db-instances"; NULL: none */
	const char *key;       /* top-level key of the output */
	enum rb_aws_shape shape;
	const char *name_path; /* names the resource in its address */
	const char *name_after;/* keep what follows this in the name */
	const char *arn_prefix;/* the ARN is this and the id, when the CLI has none */
	enum rb_aws_extras extras;
	enum rb_aws_scope scope;
	/* NAMED: the flag and attribute naming what it describes */
	const char *name_flag, *name_attr;
	const char *group_flag, *group_attr; /* one export per group (cluster) */
	struct rb_aws_field fields[18];
};

/* A CLI flag whose value names a resource of the type. */
struct rb_aws_ident {
	const char *service, *flag;
	const char *attr;       /* the attribute the value matches */
	bool many;              /* takes several values (--services a b c) */
	bool other_region;      /* may be in another region than --region */
	bool created;           /* a create-*, restore-*, copy-* command names a new one */
	/* the value is looked up within what another flag names (ECS --cluster) */
	const char *scope_flag, *scope_attr;
};

/* What makes a resource a DR copy of another, or have copies elsewhere. */
enum rb_aws_rel_kind {
	RB_REL_NONE,
	RB_REL_SOURCE,        /* a replica: attr names its source (ARN or target_attr) */
	RB_REL_BACKUP_OF,     /* a point-in-time copy of what attr names (ARN or target_attr) */
	RB_REL_GROUP,         /* attr names a group its primary and copies share */
	RB_REL_REGIONS,       /* attr lists blocks whose `key` is a region holding a copy */
	RB_REL_DESTINATION,   /* attr (a path, `*` for every item) leads to blocks whose
			       * `key` names the copy by ARN */
	RB_REL_SAME_NAME,     /* the copy has the same target_attr in the DR region */
	RB_REL_REPLICATES,    /* attr names the store (by target_attr) whose data
			       * this resource copies to its DESTINATION blocks */
};

struct rb_aws_relation {
	enum rb_aws_rel_kind kind;
	const char *attr, *key;
	const char *target_type, *target_attr;
	/* attributes a copy must share with its primary (dr-drift) */
	const char *same[3];
	/* the KMS key of the copy (in the resource, or in the destination
	 * block), which must be in the copy's region; and the copy's name */
	const char *key_attr, *what;
	/* DESTINATION, REGIONS: the block field holding the copy's region
	 * when the block gives a region rather than an ARN */
	const char *region_key;
	/* DESTINATION: below each block, the copies (a rule's copy actions),
	 * and the block's schedule, which sets how much a copy may lose */
	const char *copy_path, *schedule_attr;
	/* DESTINATION: the block's switch (S3 "Enabled", EFS "ENABLED"); a
	 * block whose switch says otherwise makes no copy */
	const char *enabled_attr;
	/* the copy as a DR mechanism: its name, and the data it may lose
	 * (seconds: the documented typical lag; a schedule gives its own) */
	const char *mechanism;
	long rpo;
	/* the aws commands (service, operations) that promote the copy, and
	 * the CloudWatch metrics that say how far behind it is: a failover
	 * reads one before it promotes (cmd-promote-without-lag) */
	const char *promote_service, *promote_ops[2], *lag_metrics[2];
};

struct rb_aws_type {
	const char *type;              /* "aws_db_instance" */
	struct rb_aws_cli cli;
	/* matching two exports of one resource, after ARN and id */
	const char *match[3];
	struct rb_aws_ident idents[4];
	/* types whose exports also describe this one (a bucket's settings);
	 * `when_named`: only when a resource of that type names it */
	struct {
		const char *type;
		bool when_named;
	} exports_with[2];
	struct rb_aws_relation relations[3];
	/* must exist in the DR region too (dr-missing-secret) */
	bool needed_in_dr;
	/* AWS makes these itself: in no state, and not drift-unmanaged */
	bool unmanaged_ok;
	/* ... nor are those with one of these values of `auto_attr` */
	const char *auto_attr, *auto_values[3];
	/* secret whatever its name says (in addition to the general rule) */
	const char *secrets[4];
	/* change on their own: never compared for drift */
	const char *drift_ignore[6];
	bool application_state; /* holds sessions: a runbook must recover it */
	bool data_store;        /* holds data a service's RPO is about */
	/* the attribute (a dotted path) naming the KMS key that encrypts it */
	const char *kms_key;
	/* compute: the attribute counting what runs, and the commands that
	 * set it (service, command, flag), for dr-capacity */
	struct {
		const char *attr;
		struct { const char *service, *command, *flag; } set[2];
	} capacity;
	/* DNS failover: where its PRIMARY / SECONDARY role is, and the
	 * attribute naming the health check (an id of health_check_type) */
	struct {
		const char *role, *health_check, *health_check_type;
	} failover;
};

extern const struct rb_aws_type rb_aws_types[];
extern const size_t rb_aws_types_nr;

/* The row of a Terraform type, or NULL. */
const struct rb_aws_type *rb_aws_type(const char *type);

/* The row whose CLI command is `command` ("rds describe-db-instances"). */
const struct rb_aws_type *rb_aws_type_by_command(const char *command);

/* The relation of `kind` of a type, or NULL. */
const struct rb_aws_relation *rb_aws_relation(const char *type,
					      enum rb_aws_rel_kind kind);

/* Does `type` belong to a global service (Route 53, CloudFront, IAM)? */
bool rb_aws_type_global(const char *type);

/*
 * The identifier flag `flag` of `service`, or NULL. `*slot` gets a number
 * below RB_AWS_IDENT_SLOTS unique to the flag (for per-flag caches).
 */
#define RB_AWS_IDENT_SLOTS 256
const struct rb_aws_ident *rb_aws_ident_find(const char *service,
					     const char *flag,
					     const struct rb_aws_type **type,
					     size_t *slot);

/* Is `attr` (a dotted path) of `type` left out of drift comparisons? */
bool rb_aws_drift_ignored(const char *type, const char *attr);

/*
 * Replaces by `redacted` the type's secret attributes in `attrs` (those
 * present, not null nor empty). Returns how many it replaced.
 */
size_t rb_aws_redact(const char *type, json_t *attrs, json_t *redacted);

/* The type names, for "did you mean" (NULL-terminated, static). */
const char *const *rb_aws_type_names(void);

#endif
