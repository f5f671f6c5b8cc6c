/*
 * service_roles.h - what each resource a service depends on is for, read
 * from the inventory and the type table (aws_types.h), never from names:
 *
 *   data      a data store (the type's `data_store` or `application_state`)
 *             on the side that is written; its counterpart is its first
 *             DR copy, and the mechanism is that copy's
 *   copy      a DR copy of a data store, found by rb_dr_copies() from the
 *             type table's relations: a read replica, a member of a global
 *             cluster or datastore, a global table's replica, an S3 or EFS
 *             replication destination, an AWS Backup copy's vault, an
 *             automated backups replication; counterpart: the store
 *   compute   what runs the service (a type with a `capacity` attribute);
 *             counterpart: the same-shaped resource of the service in the
 *             other region (rb_service_counterpart())
 *   dns       a Route 53 failover record (PRIMARY: side "primary",
 *             SECONDARY: side "dr"); counterpart: the other record
 *   health    the health check of the PRIMARY record; counterpart: it
 *   key       a KMS key (the inventory's) that encrypts a store or a copy,
 *             by ARN, key id or alias; no counterpart
 *   other     anything else the service lists, on the side of its region;
 *             counterpart: as for compute
 *
 * The records and the health check belong to every service with a
 * failover runbook (as rb_recovery_compute() counts them), and to one that
 * lists them in `infra:`. The side comes from the plan's primary_region
 * and dr_region: "primary", "dr", or "global" for a resource of no
 * region. A copy is on side "dr" whatever region it is in.
 *
 * A new replication mechanism is a relation row in aws_types.c, a new
 * kind of compute a `capacity` attribute: nothing here names a type.
 *
 * Readers: model.c (the roles table of the plan page), the topology
 * figure. All pointers are borrowed from the inventory or the type table
 * and live as long as the binder; strings are interned in the inventory.
 */
#ifndef RB_SERVICE_ROLES_H
#define RB_SERVICE_ROLES_H

#include "binder.h"

enum rb_role_kind {
	RB_ROLE_DATA,
	RB_ROLE_COPY,
	RB_ROLE_COMPUTE,
	RB_ROLE_DNS,
	RB_ROLE_HEALTH,
	RB_ROLE_KEY,
	RB_ROLE_OTHER,
	RB_ROLE_KINDS
};

struct rb_role {
	/* the resource; NULL for a copy that is no resource of its own (a
	 * global table's replica block): then `what` and `region` say it */
	const struct rb_resource *r;
	enum rb_role_kind kind;
	const char *side;       /* "primary" | "dr" | "global" */
	const char *region;     /* where it is; NULL: global or not known */
	/* the other side: a store's DR copy, a copy's store, DR compute's
	 * production resource, the other failover record; NULL: none known */
	const struct rb_resource *counterpart;
	/* data, copy: how the data reaches the DR side ("cross-region read
	 * replica"), NULL when no copy is known; dns: "Route 53 failover" */
	const char *mechanism;
	/* the KMS key that encrypts it (as written) and the key's region;
	 * NULL when none or not known */
	const char *key, *key_region;
	/* copy: the resource that makes it when that is neither the copy nor
	 * the store (a replication configuration, a backup plan), else NULL */
	const struct rb_resource *by;
	const char *what;       /* copy: "the replica", "the backup copy" */
	long rpo;               /* data, copy: seconds the copy may lose; -1 */
};

/* "data", "copy", "compute", "dns", "health check", "key", "other" */
const char *rb_role_kind_name(enum rb_role_kind kind);

/*
 * The roles of the resources `s` depends on, at most `max` in `out`, in
 * this order: its data stores each followed by their copies, compute,
 * DNS and health check, keys, others. A resource appears once, but for a
 * copy that holds several of the service's stores (a backup vault): once
 * per store. Returns
 * how many there are (may exceed `max`).
 */
size_t rb_service_roles(const struct rb_binder *b, const struct rb_service *s,
			struct rb_role *out, size_t max);

/* The same, all of them, in a malloc'd array (free it); `*nr` of them. */
struct rb_role *rb_service_roles_list(const struct rb_binder *b, const struct rb_service *s,
				      size_t *nr);

/*
 * The resource of `s` (its `infra:`) in `region` that plays the part `r`
 * plays in its own region: of r's type, preferring one with the same value
 * of the type's SAME_NAME attribute, then one at r's address without its
 * module, then the first. NULL when none.
 */
const struct rb_resource *rb_service_counterpart(const struct rb_infra *inv,
						 const struct rb_service *s,
						 const struct rb_resource *r,
						 const char *region);

#endif
