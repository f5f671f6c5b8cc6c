/*
 * plan.c - plan data: tiers, strategies, services, drills, contacts, read
 * from every *.yaml file of the plan directory. Each top-level key may
 * appear in one file only. Tiers and strategies start from the defaults of
 * the DR practice (DOMAIN.md) and the files override them field by field.
 */
#include <errno.h>

#include "closest.h"
#include "binder.h"
#include "duration.h"
#include "fields.h"
#include "fsutil.h"

#define MIN(x) ((x) * 60L)
#define HOUR(x) ((x) * 3600L)

static const struct rb_strategy default_strategies[] = {
	{ "backup-restore", "Backup and restore",
	  "Nothing runs in the DR region; snapshots are copied there and the stack is rebuilt from IaC",
	  HOUR(4), HOUR(24), HOUR(1), HOUR(24), 20, 50, { NULL, 0, 0 } },
	{ "pilot-light", "Pilot light",
	  "Cross-region database replica and minimal compute in the DR region",
	  HOUR(1), HOUR(4), MIN(1), MIN(15), 200, 400, { NULL, 0, 0 } },
	{ "warm-standby", "Warm standby",
	  "A reduced-capacity full stack runs in the DR region",
	  MIN(10), MIN(30), MIN(1), MIN(15), 500, 1000, { NULL, 0, 0 } },
	{ "multi-site-active", "Multi-site active",
	  "A full duplicate serves traffic in both regions",
	  0, MIN(1), 0, MIN(1), 1500, 3000, { NULL, 0, 0 } },
};

static const struct rb_tier default_tiers[] = {
	{ "T1", "Core platform", "Multi-AZ with automatic failover",
	  "warm-standby", MIN(15), MIN(5), { NULL, -1 }, NULL, { NULL, 0, 0 } },
	{ "T2", "Customer-facing", "Multi-AZ with manual failover",
	  "pilot-light", HOUR(1), HOUR(1), { NULL, -1 }, NULL, { NULL, 0, 0 } },
	{ "T3", "Analytics and batch", "Backup and restore",
	  "backup-restore", HOUR(4), HOUR(24), { NULL, -1 }, NULL, { NULL, 0, 0 } },
	{ "T4", "Internal and non-production", "Rebuild from IaC and backups",
	  "backup-restore", HOUR(24), HOUR(24), { NULL, -1 }, NULL, { NULL, 0, 0 } },
};

static const char *const plan_keys[] = {
	"tiers", "strategies", "services", "drills", "contacts", NULL,
};
static const char *const tier_keys[] = {
	"name", "rto", "rpo", "strategy", "description", "signoff", NULL,
};
static const char *const strategy_keys[] = {
	"name", "rto", "rpo", "cost", "description", NULL,
};
static const char *const service_keys[] = {
	"id", "name", "tier", "strategy", "rto", "rpo", "owners", "signoff",
	"description", "infra", NULL,
};
static const char *const drill_keys[] = {
	"date", "type", "service", "runbook", "rto", "rpo", "result", "notes",
	NULL,
};
static const char *const contact_keys[] = {
	"id", "name", "role", "phone", "email", "escalation", NULL,
};
static const char *const signoff_keys[] = { "by", "date", NULL };
static const char *const drill_types[] = {
	"backup-restore", "tabletop", "component-failover", "full-drill", NULL,
};
static const char *const drill_results[] = { "pass", "partial", "fail", NULL };

const char *rb_drill_type_name(enum rb_drill_type t)
{
	return t < RB_DRILL_TYPES ? drill_types[t] : "unknown";
}

int rb_drill_period_months(enum rb_drill_type t)
{
	switch (t) {
	case RB_DRILL_BACKUP_RESTORE:
		return 1;
	case RB_DRILL_TABLETOP:
	case RB_DRILL_COMPONENT_FAILOVER:
		return 3;
	default:
		return 6;
	}
}

struct rb_tier *rb_plan_tier(struct rb_plan *p, const char *id)
{
	for (size_t i = 0; id && i < p->tiers_nr; i++)
		if (!strcmp(p->tiers[i].id, id))
			return &p->tiers[i];
	return NULL;
}

struct rb_strategy *rb_plan_strategy(struct rb_plan *p, const char *id)
{
	for (size_t i = 0; id && i < p->strategies_nr; i++)
		if (!strcmp(p->strategies[i].id, id))
			return &p->strategies[i];
	return NULL;
}

struct rb_service *rb_plan_service(struct rb_plan *p, const char *id)
{
	for (size_t i = 0; id && i < p->services_nr; i++)
		if (!strcmp(p->services[i].id, id))
			return &p->services[i];
	return NULL;
}

struct rb_contact *rb_plan_contact(struct rb_plan *p, const char *id)
{
	for (size_t i = 0; id && i < p->contacts_nr; i++)
		if (!strcmp(p->contacts[i].id, id))
			return &p->contacts[i];
	return NULL;
}

static void load_signoff(struct rb_signoff *s, struct rb_fields *f,
			 const char *what)
{
	json_t *node = rb_field_map(f, "signoff");
	struct rb_fields sf;
	char *sub;

	if (!node)
		return;
	sub = rb_xasprintf("signoff of %s", what);
	if (rb_fields_init(&sf, f->yaml, node, sub, signoff_keys, f->diags) == 0) {
		s->by = rb_field_str(&sf, "by", true);
		s->date = rb_field_date(&sf, "date", true);
	}
	free(sub);
}

static void load_strategies(struct rb_plan *p, const struct rb_yaml *y,
			    json_t *node, struct rb_diags *d)
{
	const char *key;
	json_t *v;

	if (!json_is_object(node)) {
		rb_error(d, rb_yaml_loc(y, node), "'strategies' must be a mapping of strategy ids");
		return;
	}
	json_object_foreach(node, key, v) {
		struct rb_strategy *s = rb_plan_strategy(p, key);
		struct rb_fields f;
		char *what = rb_xasprintf("strategy '%s'", key);
		const char *str;

		if (!s) {
			if (!rb_id_valid(key)) {
				rb_error(d, rb_yaml_loc_key(y, node, key),
					 "strategy id '%s' must be lowercase letters, digits and '-'",
					 key);
				free(what);
				continue;
			}
			p->strategies = rb_xrealloc(p->strategies,
				(p->strategies_nr + 1) * sizeof(*p->strategies));
			s = &p->strategies[p->strategies_nr++];
			memset(s, 0, sizeof(*s));
			s->id = key;
			s->name = key;
			s->description = "";
		}
		s->loc = rb_yaml_loc_key(y, node, key);
		if (rb_fields_init(&f, y, v, what, strategy_keys, d) == 0) {
			if ((str = rb_field_str(&f, "name", false)))
				s->name = str;
			if ((str = rb_field_str(&f, "description", false)))
				s->description = str;
			rb_field_duration_range(&f, "rto", &s->rto_lo, &s->rto_hi);
			rb_field_duration_range(&f, "rpo", &s->rpo_lo, &s->rpo_hi);
			rb_field_int_range(&f, "cost", &s->cost_lo, &s->cost_hi);
		}
		free(what);
	}
}

static void load_tiers(struct rb_plan *p, const struct rb_yaml *y,
		       json_t *node, struct rb_diags *d)
{
	const char *key;
	json_t *v;

	if (!json_is_object(node)) {
		rb_error(d, rb_yaml_loc(y, node), "'tiers' must be a mapping of tier ids");
		return;
	}
	json_object_foreach(node, key, v) {
		struct rb_tier *t = rb_plan_tier(p, key);
		struct rb_fields f;
		char *what = rb_xasprintf("tier '%s'", key);
		const char *str;

		if (!t) {
			p->tiers = rb_xrealloc(p->tiers,
					       (p->tiers_nr + 1) * sizeof(*p->tiers));
			t = &p->tiers[p->tiers_nr++];
			memset(t, 0, sizeof(*t));
			t->id = key;
			t->name = key;
			t->description = "";
			t->signoff.date = -1;
			t->strategy_id = "backup-restore";
			t->rto = t->rpo = HOUR(24);
		}
		t->loc = rb_yaml_loc_key(y, node, key);
		if (rb_fields_init(&f, y, v, what, tier_keys, d) == 0) {
			if ((str = rb_field_str(&f, "name", false)))
				t->name = str;
			if ((str = rb_field_str(&f, "description", false)))
				t->description = str;
			if ((str = rb_field_str(&f, "strategy", false)))
				t->strategy_id = str;
			t->rto = rb_field_duration(&f, "rto", t->rto);
			t->rpo = rb_field_duration(&f, "rpo", t->rpo);
			load_signoff(&t->signoff, &f, what);
		}
		free(what);
	}
}

static void load_services(struct rb_plan *p, const struct rb_yaml *y,
			  json_t *node, struct rb_diags *d)
{
	size_t i;
	json_t *v;

	if (!json_is_array(node)) {
		rb_error(d, rb_yaml_loc(y, node), "'services' must be a list");
		return;
	}
	p->services = rb_xcalloc(json_array_size(node), sizeof(*p->services));
	json_array_foreach(node, i, v) {
		struct rb_service *s = &p->services[p->services_nr];
		struct rb_fields f;
		struct rb_loc loc = rb_yaml_loc_at(y, node, i);

		if (rb_fields_init(&f, y, v, "service", service_keys, d) < 0)
			continue;
		memset(s, 0, sizeof(*s));
		s->loc = loc;
		s->id = rb_field_str(&f, "id", true);
		if (!s->id)
			continue;
		if (!rb_id_valid(s->id)) {
			rb_error(d, rb_field_loc(&f, "id"),
				 "service id '%s' must be lowercase letters, digits, '-', '_' or '.'",
				 s->id);
			continue;
		}
		if (rb_plan_service(p, s->id)) {
			rb_error(d, rb_field_loc(&f, "id"),
				 "duplicate service id '%s'", s->id);
			continue;
		}
		p->services_nr++;
		s->name = rb_field_str(&f, "name", false);
		if (!s->name)
			s->name = s->id;
		s->description = rb_field_str(&f, "description", false);
		if (!s->description)
			s->description = "";
		s->tier_id = rb_field_str(&f, "tier", true);
		s->tier_loc = rb_field_loc(&f, "tier");
		s->strategy_id = rb_field_str(&f, "strategy", false);
		s->strategy_loc = rb_field_loc(&f, "strategy");
		s->yaml = y;
		s->rto = rb_field_duration(&f, "rto", -1);
		s->rpo = rb_field_duration(&f, "rpo", -1);
		s->own_targets = s->rto >= 0 || s->rpo >= 0;
		s->owners = rb_field_str_list(&f, "owners");
		s->infra = rb_field_str_list(&f, "infra");
		s->signoff.date = -1;
		load_signoff(&s->signoff, &f, "service");
	}
}

static void load_drills(struct rb_plan *p, const struct rb_yaml *y,
			json_t *node, struct rb_diags *d)
{
	size_t i;
	json_t *v;

	if (!json_is_array(node)) {
		rb_error(d, rb_yaml_loc(y, node), "'drills' must be a list");
		return;
	}
	p->drills = rb_xcalloc(json_array_size(node), sizeof(*p->drills));
	json_array_foreach(node, i, v) {
		struct rb_drill *dr = &p->drills[p->drills_nr];
		struct rb_fields f;
		const char *type;

		if (rb_fields_init(&f, y, v, "drill", drill_keys, d) < 0)
			continue;
		memset(dr, 0, sizeof(*dr));
		dr->loc = rb_yaml_loc_at(y, node, i);
		dr->date = rb_field_date(&f, "date", true);
		type = rb_field_enum(&f, "type", drill_types, true);
		dr->service_id = rb_field_str(&f, "service", false);
		dr->runbook_id = rb_field_str(&f, "runbook", false);
		dr->result = rb_field_enum(&f, "result", drill_results, true);
		dr->notes = rb_field_str(&f, "notes", false);
		dr->rto = rb_field_duration(&f, "rto", -1);
		dr->rpo = rb_field_duration(&f, "rpo", -1);
		if (dr->date < 0 || !type || !dr->result)
			continue;
		for (int t = 0; t < RB_DRILL_TYPES; t++)
			if (!strcmp(type, drill_types[t]))
				dr->type = (enum rb_drill_type)t;
		p->drills_nr++;
	}
}

static void load_contacts(struct rb_plan *p, const struct rb_yaml *y,
			  json_t *node, struct rb_diags *d)
{
	size_t i;
	json_t *v;

	if (!json_is_array(node)) {
		rb_error(d, rb_yaml_loc(y, node), "'contacts' must be a list");
		return;
	}
	p->contacts = rb_xcalloc(json_array_size(node), sizeof(*p->contacts));
	json_array_foreach(node, i, v) {
		struct rb_contact *c = &p->contacts[p->contacts_nr];
		struct rb_fields f;

		if (rb_fields_init(&f, y, v, "contact", contact_keys, d) < 0)
			continue;
		memset(c, 0, sizeof(*c));
		c->loc = rb_yaml_loc_at(y, node, i);
		c->id = rb_field_str(&f, "id", true);
		c->name = rb_field_str(&f, "name", true);
		c->role = rb_field_str(&f, "role", false);
		c->phone = rb_field_str(&f, "phone", false);
		c->email = rb_field_str(&f, "email", false);
		c->escalation = rb_field_int(&f, "escalation", 0);
		if (!c->id || !c->name)
			continue;
		if (rb_plan_contact(p, c->id)) {
			rb_error(d, rb_field_loc(&f, "id"),
				 "duplicate contact id '%s'", c->id);
			continue;
		}
		if (!c->role)
			c->role = "";
		if (!c->phone)
			c->phone = "";
		if (!c->email)
			c->email = "";
		p->contacts_nr++;
	}
}

/* Appends ", "-joined ids of a list of names, for error messages. */
static void join_ids(struct rb_buf *b, const char *const *ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rb_buf_addf(b, "%s%s", i ? ", " : "", ids[i]);
}

/* "unknown X 'y' (did you mean 'z'?)" with the closest of `ids`. */
static void unknown(struct rb_diags *d, struct rb_loc loc, const char *what,
		    const char *name, const char *const *ids, size_t n,
		    bool list_known)
{
	const char *near = rb_closest(name, ids, n);
	struct rb_buf known = RB_BUF_INIT;

	if (near)
		rb_buf_addf(&known, " (did you mean '%s'?)", near);
	else if (list_known && n) {
		rb_buf_adds(&known, " (known: ");
		join_ids(&known, ids, n);
		rb_buf_addch(&known, ')');
	}
	rb_error(d, loc, "%s '%s'%s", what, name, known.ptr);
	rb_buf_release(&known);
}

/* Links services to tiers and strategies; checks owner ids. */
static void link_plan(struct rb_plan *p, struct rb_diags *d)
{
	/* a name found nowhere may be in a plan file that did not parse */
	struct rb_diags dropped = RB_DIAGS_INIT;
	struct rb_diags *d_tiers = p->lost_tiers ? &dropped : d;
	struct rb_diags *d_strategies = p->lost_strategies ? &dropped : d;
	struct rb_diags *d_contacts = p->lost_contacts ? &dropped : d;
	size_t cap = p->tiers_nr + p->strategies_nr + p->contacts_nr + 1;
	const char **tiers = rb_xcalloc(cap, sizeof(*tiers));
	const char **strategies = rb_xcalloc(cap, sizeof(*strategies));
	const char **contacts = rb_xcalloc(cap, sizeof(*contacts));

	for (size_t i = 0; i < p->tiers_nr; i++)
		tiers[i] = p->tiers[i].id;
	for (size_t i = 0; i < p->strategies_nr; i++)
		strategies[i] = p->strategies[i].id;
	for (size_t i = 0; i < p->contacts_nr; i++)
		contacts[i] = p->contacts[i].id;
	for (size_t i = 0; i < p->tiers_nr; i++) {
		struct rb_tier *t = &p->tiers[i];

		t->strategy = rb_plan_strategy(p, t->strategy_id);
		if (!t->strategy)
			unknown(d_strategies, t->loc, "unknown strategy", t->strategy_id,
				strategies, p->strategies_nr, true);
	}
	for (size_t i = 0; i < p->services_nr; i++) {
		struct rb_service *s = &p->services[i];
		size_t k;
		json_t *o;

		json_array_foreach(s->owners, k, o) {
			if (!rb_plan_contact(p, json_string_value(o)))
				unknown(d_contacts, rb_yaml_loc_at(s->yaml, s->owners, k),
					"unknown owner",
					json_string_value(o), contacts,
					p->contacts_nr, false);
		}
		s->tier = rb_plan_tier(p, s->tier_id);
		if (!s->tier) {
			if (s->tier_id)
				unknown(d_tiers, s->tier_loc, "unknown tier", s->tier_id,
					tiers, p->tiers_nr, true);
			continue;
		}
		if (!s->strategy_id)
			s->strategy_id = s->tier->strategy_id;
		s->strategy = rb_plan_strategy(p, s->strategy_id);
		if (!s->strategy)
			unknown(d_strategies, s->strategy_loc, "unknown strategy", s->strategy_id,
				strategies, p->strategies_nr, true);
		if (s->rto < 0)
			s->rto = s->tier->rto;
		if (s->rpo < 0)
			s->rpo = s->tier->rpo;
	}
	free(tiers);
	free(strategies);
	free(contacts);
	rb_diags_release(&dropped);
}

static int load_file(struct rb_plan *p, const char *root, const char *dir,
		     const char *name, bool seen[5], struct rb_diags *d)
{
	char *rel = rb_xasprintf("%s/%s", dir, name);
	char *full = rb_xasprintf("%s/%s", root, rel);
	char *data = NULL;
	size_t len;
	struct rb_yaml *y;
	struct rb_fields f;
	json_t *root_node;
	int ret = -1;

	if (rb_read_file(full, RB_MAX_FILE_SIZE, &data, &len) < 0) {
		rb_error(d, (struct rb_loc){ rel, 0, 0 }, "cannot read: %s",
			 errno == EFBIG ? "file is larger than 16 MiB" : strerror(errno));
		p->incomplete = true;
		goto done;
	}
	if (rb_yaml_parse(&y, rel, data, len, 0, d) < 0) {
		p->incomplete = true;
		goto done;
	}
	RB_GROW(p->files, p->files_nr + 1, p->files_alloc);
	p->files[p->files_nr++] = y;
	root_node = rb_yaml_root(y);
	if (json_is_null(root_node)) {
		ret = 0;
		goto done;
	}
	if (rb_fields_init(&f, y, root_node, "plan data", plan_keys, d) < 0) {
		p->incomplete = true;
		goto done;
	}
	for (int k = 0; plan_keys[k]; k++) {
		json_t *node = json_object_get(root_node, plan_keys[k]);

		if (!node)
			continue;
		if (seen[k]) {
			rb_error(d, rb_yaml_loc_key(y, root_node, plan_keys[k]),
				 "'%s' is already defined in another plan file",
				 plan_keys[k]);
			continue;
		}
		seen[k] = true;
		switch (k) {
		case 0: load_tiers(p, y, node, d); break;
		case 1: load_strategies(p, y, node, d); break;
		case 2: load_services(p, y, node, d); break;
		case 3: load_drills(p, y, node, d); break;
		case 4: load_contacts(p, y, node, d); break;
		}
	}
	ret = 0;
done:
	free(data);
	free(full);
	free(rel);
	return ret;
}

int rb_plan_load(struct rb_plan *p, const char *root, const char *dir,
		 struct rb_diags *d)
{
	static const char *const suffixes[] = { ".yaml", ".yml", NULL };
	struct rb_strlist files = { 0 };
	char *full = rb_xasprintf("%s/%s", root, dir);
	bool seen[5] = { false };
	size_t errors = d->errors;

	memset(p, 0, sizeof(*p));
	p->strategies_nr = RB_ARRAY_SIZE(default_strategies);
	p->strategies = rb_xmalloc(sizeof(default_strategies));
	memcpy(p->strategies, default_strategies, sizeof(default_strategies));
	p->tiers_nr = RB_ARRAY_SIZE(default_tiers);
	p->tiers = rb_xmalloc(sizeof(default_tiers));
	memcpy(p->tiers, default_tiers, sizeof(default_tiers));

	if (rb_is_dir(full)) {
		if (rb_list_files(full, suffixes, &files) < 0)
			rb_error(d, (struct rb_loc){ dir, 0, 0 },
				 "cannot list plan directory: %s", strerror(errno));
		/* plan files are loaded in name order, so errors come in order */
		for (size_t i = 0; i < files.nr; i++)
			load_file(p, root, dir, files.items[i], seen, d);
	}
	if (p->incomplete) {
		p->lost_tiers = !seen[0];
		p->lost_strategies = !seen[1];
		p->lost_services = !seen[2];
		p->lost_drills = !seen[3];
		p->lost_contacts = !seen[4];
	}
	/*
	 * The rb_fields getters store some converted values into the YAML
	 * tree, but strings stay owned by their file's rb_yaml.
	 */
	link_plan(p, d);
	rb_strlist_release(&files);
	free(full);
	return d->errors > errors ? -1 : 0;
}

void rb_plan_release(struct rb_plan *p)
{
	for (size_t i = 0; i < p->files_nr; i++)
		rb_yaml_free(p->files[i]);
	free(p->files);
	free(p->tiers);
	free(p->strategies);
	free(p->services);
	free(p->drills);
	free(p->contacts);
	memset(p, 0, sizeof(*p));
}
