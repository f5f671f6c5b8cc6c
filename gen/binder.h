/*
 * binder.h - the loaded binder: config, plan data and runbooks.
 *
 * Data flow: rb_binder_load() reads runbinder.yaml, the plan data and the
 * runbooks (front matter + cmark-gfm tree), links services to tiers and
 * strategies and runbooks to services, then resolves placeholders on the
 * parsed documents. Every problem is recorded in `diags`; the binder is
 * usable for rendering only when diags->errors is 0.
 *
 * Ownership: the binder owns everything it points to. Strings taken from
 * YAML are borrowed from the rb_yaml documents the binder keeps alive.
 */
#ifndef RB_BINDER_H
#define RB_BINDER_H

#include <cmark-gfm.h>
#include <jansson.h>

#include "diag.h"
#include "fsutil.h"
#include "infra.h"
#include "strmap.h"
#include "timings.h"
#include "yaml_tree.h"

enum rb_format {
	RB_FMT_HTML = 1 << 0,
	RB_FMT_TXT = 1 << 1,
	RB_FMT_PDF = 1 << 2,
	RB_FMT_SCRIPTS = 1 << 3,
	RB_FMT_RUNBOOK_PDF = 1 << 4,	/* pdf/<id>.pdf: asked for, not made by default */
};

/* The names of the formats, as the config's formats: and --only say them. */
#define RB_FORMAT_NAMES "html, txt, pdf, runbook-pdf, scripts"

/* The format named by the `len` bytes at `name`, or 0 when none is. */
unsigned rb_format_named(const char *name, size_t len);

struct rb_config {
	struct rb_yaml *yaml;
	const char *path;            /* "runbinder.yaml" */
	const char *title;
	const char *organisation;
	const char *classification;
	const char *paper;           /* "A4" or "Letter" */
	const char *theme;
	const char *primary_region;
	const char *dr_region;
	const char *plan_dir;
	const char *runbooks_dir;
	json_t *infra;               /* list of paths and {path, stack}, borrowed */
	bool infra_unsure;           /* paths.infra had an error: exports may be missing */
	unsigned formats;            /* enum rb_format bits */
	json_t *rules;               /* rule id -> severity, borrowed */
	json_t *drift_ignore;        /* drift.ignore entries, checked; borrowed */
	json_t *banned_terms;
	long review_max_age;         /* seconds */
	long rto_margin;             /* percent of an RTO a failover should leave */
	long rpo_margin;             /* percent of an RPO a store's best copy should leave */
	bool ignore_unknown_front_matter; /* adopting another tool's Markdown */
};

struct rb_signoff {
	const char *by;
	long date;                   /* days since epoch, -1 when absent */
};

struct rb_strategy {
	const char *id, *name, *description;
	long rto_lo, rto_hi, rpo_lo, rpo_hi; /* seconds */
	long cost_lo, cost_hi;               /* USD per month */
	struct rb_loc loc;
};

struct rb_tier {
	const char *id, *name, *description, *strategy_id;
	long rto, rpo;
	struct rb_signoff signoff;
	struct rb_strategy *strategy;
	struct rb_loc loc;
};

struct rb_service {
	const char *id, *name, *description;
	const char *tier_id, *strategy_id;
	long rto, rpo;                /* effective targets */
	bool own_targets;             /* rto or rpo set on the service */
	json_t *owners;               /* list of contact ids, borrowed */
	json_t *infra;                /* list of addresses, borrowed */
	struct rb_signoff signoff;
	struct rb_tier *tier;
	struct rb_strategy *strategy;
	struct rb_loc loc;
	struct rb_loc tier_loc, strategy_loc;
	const struct rb_yaml *yaml;  /* the plan file it came from */
};

enum rb_drill_type {
	RB_DRILL_BACKUP_RESTORE,
	RB_DRILL_TABLETOP,
	RB_DRILL_COMPONENT_FAILOVER,
	RB_DRILL_FULL,
	RB_DRILL_TYPES
};

struct rb_drill {
	long date;                   /* days since epoch */
	enum rb_drill_type type;
	const char *service_id, *runbook_id, *result, *notes;
	long rto, rpo;               /* measured seconds, -1 when absent */
	struct rb_loc loc;
};

struct rb_contact {
	const char *id, *name, *role, *phone, *email;
	long escalation;             /* 0 when not on the escalation list */
	struct rb_loc loc;
};

struct rb_plan {
	struct rb_yaml **files;
	size_t files_nr, files_alloc;
	struct rb_tier *tiers;         size_t tiers_nr;
	struct rb_strategy *strategies; size_t strategies_nr;
	struct rb_service *services;   size_t services_nr;
	struct rb_drill *drills;       size_t drills_nr;
	struct rb_contact *contacts;   size_t contacts_nr;
	/*
	 * A plan file that did not parse may have held any key no other file
	 * gives: a reference into such a part of the plan that finds nothing
	 * is not reported (the file's own error is the one to fix).
	 */
	bool incomplete;
	bool lost_tiers, lost_strategies, lost_services, lost_drills, lost_contacts;
};

struct rb_step {
	char *title;                 /* heading text without the estimate */
	char *slug;                  /* for anchors and script names */
	long est_lo, est_hi;         /* seconds, -1 when none */
	int line;                    /* source line of the heading */
	cmark_node *heading;         /* borrowed from the document */
};

enum rb_runbook_kind {
	RB_KIND_PROCEDURE,
	RB_KIND_FAILOVER,
	RB_KIND_FAILBACK,
	RB_KIND_RESTORE_TEST,
};

struct rb_runbook {
	char *path;                  /* relative to the binder root */
	char *source;                /* whole file */
	size_t source_len;
	struct rb_yaml *front;       /* NULL without front matter */
	int body_line;               /* 1-based line where the body starts */
	char *id;
	char *title;
	/*
	 * Another tool's page (no front matter, or none of runbinder's own
	 * keys): its {{ }} are text and its unknown keys are noted, not refused.
	 */
	bool adopted;
	/*
	 * A name its placeholders use stands for nothing (a binding or its
	 * service did not load, already reported): an attribute a placeholder
	 * left empty is not a finding of its own.
	 */
	bool unbound_names;
	cmark_node *title_heading;   /* a leading "# Title" the title shows, or NULL */
	const char *description;     /* borrowed from the front matter, or NULL */
	double order;                /* weight, order, sidebar_position, nav_order */
	bool has_order;
	json_t *tags, *aliases;      /* lists of strings, borrowed, may be NULL */
	const char *date;            /* as written, borrowed, or NULL */
	const char *service_id, *failback_id;
	enum rb_runbook_kind kind;
	long estimate;               /* seconds, -1 when absent */
	long last_reviewed;          /* days, -1 when absent */
	json_t *requires;            /* borrowed, may be NULL */
	json_t *owners;              /* borrowed, may be NULL */
	struct rb_service *service;  /* NULL when none */
	cmark_node *doc;
	struct rb_step *steps;
	size_t steps_nr;
	struct rb_binding *bindings; /* resolved `requires:` entries */
	size_t bindings_nr;
	json_t *used;                /* binding -> attribute paths used */
	/* inventory indexes its literal aws commands name (the checks fill it) */
	size_t *named;
	size_t named_nr, named_alloc;
};

struct rb_binding {
	const char *name;            /* the local name, e.g. "replica" */
	size_t resource;             /* index in the inventory */
};

struct rb_binder {
	char *root;                  /* directory of runbinder.yaml */
	struct rb_config config;
	struct rb_infra infra;
	struct rb_plan plan;
	struct rb_runbook **runbooks;
	size_t runbooks_nr, runbooks_alloc;
	struct rb_strmap runbook_ids;  /* id -> index in runbooks */
	struct rb_strmap runbook_paths; /* path (as r->path) -> index */
	long long build_time;        /* seconds since epoch, for dates */
	json_t *site;                /* {{site.*}} values */
	/*
	 * An infra export that did not load: a binding that finds nothing may
	 * name a resource of it, so it is left unbound without a finding, and
	 * the checks that need the whole inventory do not run.
	 */
	bool infra_incomplete;
	/* the DNS failover records and their health check, looked for once
	   in the whole inventory (rb_recovery_dns: every service asks) */
	struct {
		bool known;
		const struct rb_resource *record, *health, *secondary;
	} dns;
};

struct rb_load_opts {
	/* --state PATH...: replaces the config's export list when non-empty */
	const struct rb_strlist *states;
	struct rb_timings *timings;  /* NULL, or phases to time */
	/* with --state, a missing runbinder.yaml means the defaults (inventory) */
	bool need_no_config;
};

/* Loads the binder in `root`; returns 0, or -1 with errors in `d`. */
int rb_binder_load(struct rb_binder *b, const char *root,
		   const struct rb_load_opts *opts, struct rb_diags *d);

/* Loads only the config and the inventory (for `inventory` commands). */
int rb_binder_load_infra(struct rb_binder *b, const char *root,
			 const struct rb_load_opts *opts, struct rb_diags *d);
void rb_binder_release(struct rb_binder *b);

/* What `{{name.*}}` sees of a bound resource (a new object). */
json_t *rb_binding_scope(const struct rb_resource *r);

/* Lookups by id; NULL when absent. */
struct rb_tier *rb_plan_tier(struct rb_plan *p, const char *id);
struct rb_strategy *rb_plan_strategy(struct rb_plan *p, const char *id);
struct rb_service *rb_plan_service(struct rb_plan *p, const char *id);

/*
 * The service whose failover drill `d` was: a component failover or a
 * full DR drill, of its `service:` or of its runbook's service. NULL for
 * any other drill (a restore test, a tabletop measures no failover).
 */
struct rb_service *rb_drill_failover_of(struct rb_binder *b, const struct rb_drill *d);
struct rb_contact *rb_plan_contact(struct rb_plan *p, const char *id);
struct rb_runbook *rb_binder_runbook(struct rb_binder *b, const char *id);

const char *rb_drill_type_name(enum rb_drill_type t);
const char *rb_runbook_kind_name(enum rb_runbook_kind k);
/* Every kind, in the order lists show them: failovers first, what an outage needs. */
#define RB_KINDS 4
extern const enum rb_runbook_kind rb_kind_order[RB_KINDS];

/* Months between drills of each type (monthly 1, quarterly 3, ...). */
int rb_drill_period_months(enum rb_drill_type t);

/* Loaders, one per input kind (config.c, plan.c, runbook.c). */
int rb_config_load(struct rb_config *c, const char *root, struct rb_diags *d);
/* What a binder without runbinder.yaml gets: every setting at its default. */
void rb_config_defaults(struct rb_config *c);
void rb_config_release(struct rb_config *c);
int rb_plan_load(struct rb_plan *p, const char *root, const char *dir,
		 struct rb_diags *d);
void rb_plan_release(struct rb_plan *p);
/* Parses one runbook file; `rel` is its path relative to the binder root. */
struct rb_runbook *rb_runbook_parse(const char *rel, char *source, size_t len,
				    const char *id_fallback, bool ignore_unknown,
				    struct rb_diags *d);
void rb_runbook_free(struct rb_runbook *r);

/* Parses Markdown with the GFM extensions this product uses. */
cmark_node *rb_markdown_parse(const char *text, size_t len);
/* Deepest container nesting a runbook may use. */
#define RB_MARKDOWN_MAX_DEPTH 64
int rb_markdown_check_depth(cmark_node *doc, const char *path, int line_offset,
			    struct rb_diags *d);
/* The extension list to pass to cmark renderers. */
cmark_llist *rb_markdown_extensions(void);

/* Is `key` one runbinder reads in front matter? */
bool rb_front_key_known(const char *key);
/* The key an adopted page may give that is closest to `key`, or NULL. */
const char *rb_adopted_key_closest(const char *key);

/* Lowercase id from any text: [a-z0-9] runs joined by '-', at most 60. */
char *rb_slugify(const char *s);
char *rb_slugify_max(const char *s, size_t max);
/* Is `s` a valid id (output file name): [a-z0-9][a-z0-9._-]*, ≤ 100 bytes. */
bool rb_id_valid(const char *s);

#endif
