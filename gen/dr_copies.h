/*
 * dr_copies.h - the ways a data store's data reaches another region, read
 * from the inventory through the type table's relations (aws_types.h):
 * a replica that names it as its source, a member of its global group,
 * the replica blocks of a global table, a replication configuration and
 * its destinations, an AWS Backup plan's copy actions, an automated
 * backups replication.
 *
 * Each copy says where it is, which KMS key encrypts it (resolved from an
 * ARN, a key id or an alias), which resource makes it, and how much data
 * it may lose: the mechanism's documented lag, or a backup schedule's
 * period. The plan checks read them (check_plan.c).
 */
#ifndef RB_DR_COPIES_H
#define RB_DR_COPIES_H

#include "aws_types.h"
#include "infra.h"

struct rb_dr_copy {
	const struct rb_aws_relation *rel;   /* the mechanism (its name, `what`) */
	const struct rb_resource *by;        /* the resource that makes the copy */
	const char *region;                  /* where the copy is; NULL: unknown */
	const char *key;                     /* its KMS key as written, or NULL */
	long rpo;                            /* seconds it may lose */
	/* the copy itself when the inventory has it as a resource (the
	 * replica, the destination bucket or vault); NULL for a block of its
	 * store (a global table's replica) or one the exports do not hold */
	const struct rb_resource *copy;
};

/*
 * The copies of `store` in other regions than its own, at most `max` in
 * `out`; returns how many there are (may exceed `max`).
 */
size_t rb_dr_copies(const struct rb_infra *inv, const struct rb_resource *store,
		    struct rb_dr_copy *out, size_t max);

/*
 * The copies resource `by` makes, whatever they are copies of (its own
 * replica blocks, a replica's self, a configuration's destinations).
 */
size_t rb_dr_copies_made_by(const struct rb_infra *inv, const struct rb_resource *by,
			    struct rb_dr_copy *out, size_t max);

/*
 * A copy of `type` that the inventory knows only through its source's
 * replication (an EFS replica's file system id in the replication's
 * destination): true when a destination names `value`, with its region
 * in `*region` (NULL when the block has none).
 */
bool rb_dr_copy_named(const struct rb_infra *inv, const char *type, const char *value,
		      const char **region);

/*
 * The region of a KMS key given as an ARN, a key id, or `alias/NAME`
 * (through the inventory's keys and aliases); NULL when it cannot tell.
 * Malloc'd.
 */
char *rb_kms_key_region(const struct rb_infra *inv, const char *key);

/*
 * The KMS key resource (aws_kms_key) that `key` names, as an ARN, a key id
 * or `alias/NAME` through an aws_kms_alias; NULL when the inventory has none.
 */
const struct rb_resource *rb_kms_key_find(const struct rb_infra *inv, const char *key);

/*
 * The period of an AWS Backup schedule in seconds: `rate(1 hour)`,
 * `cron(0 2 * * ? *)` (daily), `cron(0 0/4 * * ? *)` (every 4 hours, also
 * written with a star before the slash),
 * `cron(0 2 ? * SUN *)` (weekly); -1 when it cannot tell.
 */
long rb_backup_schedule_period(const char *schedule);

#endif
