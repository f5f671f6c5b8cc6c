/*
 * infra.h - the inventory: every resource of the infra exports in one
 * table, whatever export it came from.
 *
 *   Terraform state v4           infra_terraform.c
 *   terraform show -json         infra_terraform.c
 *   AWS CLI JSON outputs         infra_awscli.c (normalised to the
 *                                Terraform type they describe)
 *
 * rb_infra_load() (infra_load.c) takes a file or a folder (every *.json, *.tfstate in it,
 * plus an optional manifest.yaml that says what the JSON does not: the
 * region, hosted zone or bucket an AWS CLI output was taken for).
 *
 * Secrets are redacted on load: attributes listed as sensitive by
 * Terraform and values whose name is a secret (redact.h) are replaced by
 * the one shared value rb_redacted(), so that a placeholder reaching one
 * is recognised, and the original bytes are freed.
 *
 * Stacks: every resource belongs to one named stack (the primary and the
 * DR copy of one configuration are two stacks). An address is unique
 * within a stack; two stacks may hold the same address, and a lookup
 * names one with a qualified address `STACK:ADDRESS`. Resources of one
 * address are chained (next_address) from the address index, so a lookup
 * costs one hash probe plus one step per stack that shares the address.
 *
 * Ownership: the inventory owns its resources and their strings, and the
 * stack names the resources point to; the attributes are jansson objects
 * owned by the resource.
 */
#ifndef RB_INFRA_H
#define RB_INFRA_H

#include <jansson.h>

#include "arena.h"
#include "diag.h"
#include "fsutil.h"
#include "json_scan.h"
#include "redact.h"
#include "strmap.h"

/* Largest infra export read (states of hundreds of MB exist). */
#define RB_MAX_EXPORT_SIZE (512u * 1024u * 1024u)

enum rb_origin {
	RB_ORIGIN_TFSTATE,
	RB_ORIGIN_SHOWJSON,
	RB_ORIGIN_AWSCLI,
};

struct rb_resource {
	/* address, index, id and arn are owned by the infra's string arena */
	const char *address; /* module.dr.aws_ecs_service.backend["api"] */
	const char *type, *name; /* interned: shared by the infra's resources */
	const char *module;  /* "module.dr" or "" (interned) */
	const char *index;  /* `0` or `"api"` as in the address, or NULL */
	const char *provider; /* may be "" (interned) */
	const char *region; /* NULL when unknown (interned) */
	const char *id, *arn; /* NULL when absent */
	const char *source; /* display path of its file (owned by the infra) */
	const char *stack;  /* its stack's name (owned by the infra) */
	char *label;        /* "stack:address" when there are several stacks */
	enum rb_origin origin;
	bool data;          /* a data source, not a managed resource */
	json_t *attributes; /* object, redacted: read it with rb_resource_attrs() */
	const char *raw;    /* a state's attributes as the file has them, parsed
			       on first use (owned by the infra), or NULL */
	size_t raw_len;
	json_t *sensitive;  /* Terraform's sensitive paths for `raw`, or NULL */
	struct rb_attr_memo *memo; /* members read from `raw` one by one (infra.c) */
	const char *sensitive_raw; /* ... as the file has them, parsed with raw */
	size_t sensitive_len;
	size_t next_id;     /* next resource with the same id, or SIZE_MAX */
	size_t next_arn;
	size_t next_address; /* same address in another stack, or SIZE_MAX */
};

struct rb_export {
	char *path;         /* display path */
	enum rb_origin origin;
	const char *kind;   /* "terraform state v4", "aws rds describe-db-instances", ... */
	size_t resources;
	char sha256[65];
	/* AWS CLI outputs: the type described, and whether the manifest says
	 * it lists every one in its scope (a region, hosted zone or bucket) */
	const char *type;
	bool complete;
	char *scope;
};

/* A kept export text, and where its lines start (built on first use). */
struct rb_infra_text {
	struct rb_file_text file;
	size_t *line_starts;
	size_t lines_nr;
};

struct rb_infra {
	struct rb_resource *items;
	size_t nr, alloc;
	struct rb_export *exports;
	size_t exports_nr, exports_alloc;
	struct rb_strmap by_address, by_id, by_arn;
	size_t indexed;     /* resources [0, indexed) are in by_id and by_arn */
	bool labelled;      /* several stacks: every resource has its label */
	size_t deposed;     /* deposed objects skipped */
	char **stacks;      /* stack names, in the order first seen */
	size_t stacks_nr, stacks_alloc;
	const char *stack;  /* the stack exports being loaded go to */
	struct rb_strmap interned; /* the strings many resources share */
	char **pool;
	size_t pool_nr, pool_alloc;
	const char *recent[4]; /* the last strings interned, looked at first */
	unsigned recent_next;
	struct rb_arena strings; /* the resources' own strings */
	struct rb_infra_text *texts; /* export texts that resources' `raw` point into */
	size_t texts_nr, texts_alloc;
};

void rb_infra_init(struct rb_infra *inv);
void rb_infra_release(struct rb_infra *inv);

/*
 * Loads a file or a folder. `root` is prepended to `rel` to open it;
 * `rel` is what messages show. Returns 0, or -1 with errors in `d`.
 */
int rb_infra_load(struct rb_infra *inv, const char *root, const char *rel,
		  struct rb_diags *d);

/*
 * The same, into the stack `stack`; NULL names it after `rel`
 * (rb_stack_default_name()).
 */
int rb_infra_load_stack(struct rb_infra *inv, const char *root,
			const char *rel, const char *stack,
			struct rb_diags *d);

/*
 * The stack a path gives by default: the last component of `path`
 * without its extension, every character that may not be in a stack name
 * replaced by '-' ("infra/dr.tfstate" -> "dr"). Malloc'd.
 */
char *rb_stack_default_name(const char *path);

/* Is `name` a stack name (letters, digits, '_' and '-', not empty)? */
bool rb_stack_name_valid(const char *name);

/*
 * Makes `name` the stack the next exports load into, and returns the
 * inventory's copy of the name.
 */
const char *rb_infra_set_stack(struct rb_infra *inv, const char *name);

/* The inventory's copy of stack `name`, or NULL when there is none. */
const char *rb_infra_stack_named(const struct rb_infra *inv, const char *name,
				 size_t len);

/*
 * The length of the stack that qualifies `text` (`dr:aws_db_instance.main`
 * -> 2), or 0 when `text` is a plain address. A Terraform address has a
 * '.' before any ':' (a ':' can only be inside an instance key), so the
 * stack is what comes before the first ':' when that is a stack name.
 */
size_t rb_address_stack_len(const char *text);

/* Loads one export from memory (`region` and `extra` from a manifest). */
int rb_infra_load_buffer(struct rb_infra *inv, const char *display,
			 const char *data, size_t len, json_t *manifest_entry,
			 struct rb_diags *d);

/*
 * Adds a resource to the current stack; takes ownership of `attributes`.
 * NULL on a duplicate: an error for a managed resource already in the
 * stack; a data source already in it is the same read twice, skipped.
 */
struct rb_resource *rb_infra_add(struct rb_infra *inv, const char *address,
				 const char *type, const char *name,
				 const char *module, const char *index,
				 json_t *attributes, enum rb_origin origin,
				 const char *source, struct rb_diags *d);

/*
 * Room for `more` resources beyond those there are, in the records and
 * the three lookup maps, made at once: growing them step by step zeroed
 * and copied twice what the final size needs.
 */
void rb_infra_reserve(struct rb_infra *inv, size_t more);

/* Rebuilds the lookup indexes; call after adding resources. */
void rb_infra_index(struct rb_infra *inv);

/*
 * The resource at `text`, a plain or a qualified address; NULL when there
 * is none, or when a plain address is in several stacks.
 */
const struct rb_resource *rb_infra_get(const struct rb_infra *inv,
				       const char *text);

/* The resource at plain `address` in stack `stack` (interned), or NULL. */
const struct rb_resource *rb_infra_get_in(const struct rb_infra *inv,
					  const char *stack,
					  const char *address);

/*
 * Every resource at `text` (plain or qualified): fills up to `max`
 * indexes and returns how many there are. More than one means a plain
 * address several stacks hold.
 */
size_t rb_infra_lookup(const struct rb_infra *inv, const char *text,
		       size_t *out, size_t max);

/*
 * How findings name a resource: its address, qualified by its stack when
 * the inventory has several stacks.
 */
const char *rb_resource_label(const struct rb_resource *r);

/*
 * Resources of `type` (NULL for any) whose attributes equal every
 * key/value of `where` (strings compare to strings, numbers and booleans
 * by their text; `region`, `address` and `stack` compare the resource's
 * own when its attributes have none). Fills up to `max` indexes; returns
 * how many match.
 */
size_t rb_infra_query(const struct rb_infra *inv, const char *type,
		      json_t *where, size_t *out, size_t max);

/*
 * The address closest to `address` (plain or qualified), as
 * rb_resource_label() writes it, or NULL when none is close.
 */
const char *rb_infra_closest(const struct rb_infra *inv, const char *address);

/*
 * The shared value a runbook's scope gives a binding that matched nothing:
 * its placeholders are already reported through the binding.
 */
json_t *rb_unbound(void);

/*
 * The value at a dotted path below `v`: object keys, and list items by
 * number (`alias.0.name`). NULL when absent. Borrowed.
 */
json_t *rb_json_path(json_t *v, const char *path);

/*
 * Where a finding about `r` points: its file, and for a resource read in
 * place from a state the line and column of its attributes; 0:0 for one
 * built from a tree (show -json, AWS CLI).
 */
struct rb_loc rb_resource_loc(const struct rb_infra *inv, const struct rb_resource *r);

/*
 * Where the value of attribute `path` (dotted: `rule.0.status`) of `r` is
 * written in its state; rb_resource_loc() when it is not there or `r` was
 * not read in place.
 */
struct rb_loc rb_resource_attr_loc(const struct rb_infra *inv, const struct rb_resource *r,
				   const char *path);

/*
 * Where the string `value` first appears among `r`'s attributes in its
 * state (a key's ARN in a nested block); rb_resource_loc() when nowhere.
 */
struct rb_loc rb_resource_value_loc(const struct rb_infra *inv, const struct rb_resource *r,
				    const char *value);


/* A state's `sensitive_attributes` text as a list of paths, or NULL. */
json_t *rb_sensitive_paths(const char *text, size_t len);

/*
 * The attributes of `r`, secrets redacted. A state's are parsed from the
 * file's text the first time they are asked for (most resources of a
 * large state never are). Borrowed.
 */
json_t *rb_resource_attrs(const struct rb_resource *r);

/*
 * The one copy of `s` the infra keeps (types, names, modules, providers:
 * a million resources share a few thousand of them). Owned by the infra.
 */
const char *rb_infra_intern(struct rb_infra *inv, const char *s);

/* Drops the resources added after the first `nr` (a load that failed). */
void rb_infra_truncate(struct rb_infra *inv, size_t nr);

/* Keeps `text` (malloc'd) alive as long as the inventory: resources point into it. */
/* Takes the text (moved: `*text` is left empty). */
void rb_infra_keep_text(struct rb_infra *inv, struct rb_file_text *text);

/*
 * Redacts one sensitive path of a v4 state: a list of steps
 * {"type":"get_attr","value":"password"} or {"type":"index",...}.
 * Returns true when something was replaced.
 */
bool rb_redact_path(json_t *attrs, json_t *steps);

/* The text of a scalar (string, number, boolean); NULL for the rest (malloc'd). */
char *rb_json_scalar_text(json_t *v);

/* The string attribute `key` of `r` (top level), or NULL. Borrowed. */
const char *rb_resource_str(const struct rb_resource *r, const char *key);
/*
 * The attribute `key` of `r` (top level), redacted, or NULL. Borrowed: it
 * lives as long as the inventory. A state's resource not parsed yet has
 * the one member read from its text, when no redaction rule can reach it
 * through another member: a check that asks one attribute of every
 * database in a 50,000-resource state builds no 50,000 objects.
 */
json_t *rb_resource_attr(const struct rb_resource *r, const char *key);
/* rb_json_path() of the attributes ("failover_routing_policy.0.type"), read so. */
json_t *rb_resource_path(const struct rb_resource *r, const char *path);

/* Fills resource.region, .id and .arn from its attributes. */
void rb_resource_derive(struct rb_infra *inv, struct rb_resource *r,
			const char *fallback_region);

/* The same from the four attributes, read beforehand (each may be NULL). */
void rb_resource_derive_from(struct rb_infra *inv, struct rb_resource *r,
			     const char *id, const char *arn, const char *region,
			     const char *az, const char *fallback_region);

/* The region in an ARN (`arn:aws:rds:us-east-1:...`), or NULL (malloc'd). */
char *rb_arn_region(const char *arn);

/*
 * The loaders of each kind, called by infra_load.c once it knows the kind:
 * Terraform's (infra_terraform.c) and the AWS CLI's (infra_awscli.c).
 */
/*
 * Reads a file's text (from `skip`, after a byte order mark) in place when
 * it is a Terraform state: 1 when it was one (errors, if any, in `d`; its
 * repeated keys in `dups`), -1 when it was one with errors, 0 when it is
 * not a state or not valid JSON (nothing added: the caller reads it as a
 * tree, which says what is wrong). The text must outlive the inventory;
 * the pages the reader passes are given back as it goes.
 */
int rb_infra_load_tfstate_text(struct rb_infra *inv, const char *display,
			       struct rb_file_text *file, size_t skip,
			       struct rb_json_dup **dups, size_t *dups_nr,
			       struct rb_diags *d);
int rb_infra_load_showjson(struct rb_infra *inv, const char *display,
			   json_t *root, struct rb_diags *d);
/*
 * Returns 1 when `root` is an AWS CLI output it knows, 0 when not, -1 on
 * errors; fills the kind, type and completeness of `e` (its path is what
 * messages show).
 */
int rb_infra_load_awscli(struct rb_infra *inv, struct rb_export *e,
			 json_t *root, json_t *manifest_entry,
			 struct rb_diags *d);

#endif
