/*
 * service_roles.c - the role of each resource a service depends on
 * (service_roles.h says which roles there are and where each comes from).
 */
#include "service_roles.h"

#include "aws_types.h"
#include "dr_copies.h"
#include "recovery_time.h"
#include "util.h"

/* The copies of one store looked at: more is a table no one reads. */
#define COPIES_MAX 16

struct roles {
	const struct rb_binder *b;
	struct rb_role *all;
	size_t nr, alloc;
};

const char *rb_role_kind_name(enum rb_role_kind kind)
{
	static const char *const names[RB_ROLE_KINDS] = {
		[RB_ROLE_DATA] = "data", [RB_ROLE_COPY] = "copy",
		[RB_ROLE_COMPUTE] = "compute", [RB_ROLE_DNS] = "dns",
		[RB_ROLE_HEALTH] = "health check", [RB_ROLE_KEY] = "key",
		[RB_ROLE_OTHER] = "other",
	};

	return kind < RB_ROLE_KINDS ? names[kind] : "other";
}

static const char *side_of(const struct rb_binder *b, const char *region)
{
	const char *primary = b->config.primary_region, *dr = b->config.dr_region;

	/* global services (Route 53, IAM) have the region "global" */
	if (!region || !strcmp(region, "global"))
		return "global";
	if (dr && !strcmp(region, dr))
		return "dr";
	/* a third region is no primary when the plan names the primary */
	return primary && *primary && strcmp(region, primary) ? "dr" : "primary";
}

static bool seen(const struct roles *rs, const struct rb_resource *r)
{
	for (size_t i = 0; r && i < rs->nr; i++)
		if (rs->all[i].r == r)
			return true;
	return false;
}

static struct rb_role *add(struct roles *rs, const struct rb_resource *r, enum rb_role_kind kind)
{
	struct rb_role *role;

	RB_GROW(rs->all, rs->nr + 1, rs->alloc);
	role = &rs->all[rs->nr++];
	*role = (struct rb_role){ .r = r, .kind = kind, .rpo = -1 };
	if (r) {
		role->side = side_of(rs->b, r->region);
		role->region = strcmp(role->side, "global") ? r->region : NULL;
	}
	return role;
}

/* The key's region, interned in the inventory (NULL when not known). */
static const char *key_region(const struct rb_binder *b, const char *key)
{
	char *region = rb_kms_key_region(&b->infra, key);
	const char *kept = region ? rb_infra_intern((struct rb_infra *)&b->infra, region) : NULL;

	free(region);
	return kept;
}

static void set_key(const struct rb_binder *b, struct rb_role *role, const char *key)
{
	role->key = key && *key ? key : NULL;
	role->key_region = key_region(b, role->key);
}

/* The key that encrypts `r` by its type's `kms_key`, or NULL. */
static const char *own_key(const struct rb_resource *r)
{
	const struct rb_aws_type *t = rb_aws_type(r->type);

	return t && t->kms_key ? json_string_value(rb_resource_path(r, t->kms_key))
			       : NULL;
}

/* Is `r` the written side of its data: no copy of another store? */
static bool writes(const struct rb_binder *b, const struct rb_resource *r)
{
	const struct rb_aws_relation *src = rb_aws_relation(r->type, RB_REL_SOURCE);
	const char *names = src ? rb_resource_str(r, src->attr) : NULL;

	return !(names && *names) && strcmp(side_of(b, r->region), "dr");
}

static bool stores_data(const struct rb_resource *r)
{
	const struct rb_aws_type *t = rb_aws_type(r->type);

	return t && (t->data_store || t->application_state);
}

/* A store on its written side, then each of its copies in other regions. */
static void store(struct roles *rs, const struct rb_resource *r)
{
	struct rb_dr_copy copies[COPIES_MAX];
	size_t n = rb_dr_copies(&rs->b->infra, r, copies, COPIES_MAX), data;
	const struct rb_dr_copy *best = NULL;

	if (n > COPIES_MAX)
		n = COPIES_MAX;
	for (size_t k = 0; k < n; k++)
		if (!best || (copies[k].rpo >= 0 && (best->rpo < 0 || copies[k].rpo < best->rpo)))
			best = &copies[k];
	data = rs->nr;
	{
		struct rb_role *role = add(rs, r, RB_ROLE_DATA);

		set_key(rs->b, role, own_key(r));
		if (best) {
			role->counterpart = best->copy;
			role->mechanism = best->rel->mechanism;
			role->rpo = best->rpo;
		}
	}
	for (size_t k = 0; k < n; k++) {
		const struct rb_dr_copy *c = &copies[k];
		struct rb_role *role;

		add(rs, c->copy, RB_ROLE_COPY);
		role = &rs->all[rs->nr - 1];
		role->side = "dr";
		role->region = c->region;
		role->counterpart = rs->all[data].r;
		role->mechanism = c->rel->mechanism;
		role->what = c->rel->what;
		role->rpo = c->rpo;
		role->by = c->by != c->copy && c->by != r ? c->by : NULL;
		/* a vault's copies: the key of the copy action, else the vault's */
		set_key(rs->b, role, c->key ? c->key : c->copy ? own_key(c->copy) : NULL);
	}
}

/* The Route 53 failover records and health check, when the service has them. */
static void dns(struct roles *rs, const struct rb_service *s)
{
	const struct rb_resource *rec, *health, *secondary;
	bool failover = false, listed = false;
	size_t k;
	json_t *a;

	for (size_t i = 0; i < rs->b->runbooks_nr && !failover; i++)
		failover = rs->b->runbooks[i]->kind == RB_KIND_FAILOVER && rs->b->runbooks[i]->service == s;
	rb_recovery_dns(rs->b, &rec, &health, &secondary);
	json_array_foreach(s->infra, k, a) {
		const struct rb_resource *r = rb_infra_get(&rs->b->infra, json_string_value(a));

		listed |= r && (r == rec || r == health || r == secondary);
	}
	if (!failover && !listed)
		return;
	if (rec && !seen(rs, rec)) {
		struct rb_role *role = add(rs, rec, RB_ROLE_DNS);

		role->side = "primary";
		role->counterpart = secondary;
		role->mechanism = "Route 53 failover";
	}
	if (secondary && !seen(rs, secondary)) {
		struct rb_role *role = add(rs, secondary, RB_ROLE_DNS);

		role->side = "dr";
		role->counterpart = rec;
		role->mechanism = "Route 53 failover";
	}
	if (health && !seen(rs, health))
		add(rs, health, RB_ROLE_HEALTH)->counterpart = rec;
}

/* The keys that the stores and copies found name, when the inventory has them. */
static void keys(struct roles *rs)
{
	size_t n = rs->nr;

	for (size_t i = 0; i < n; i++) {
		const struct rb_resource *key = rb_kms_key_find(&rs->b->infra, rs->all[i].key);

		if (key && !seen(rs, key))
			add(rs, key, RB_ROLE_KEY);
	}
}

const struct rb_resource *rb_service_counterpart(const struct rb_infra *inv,
						 const struct rb_service *s,
						 const struct rb_resource *r,
						 const char *region)
{
	const struct rb_aws_relation *same = rb_aws_relation(r->type, RB_REL_SAME_NAME);
	const char *want = same && same->target_attr ? rb_resource_str(r, same->target_attr) : NULL;
	const struct rb_resource *best = NULL;
	int best_score = -1;
	size_t k;
	json_t *a;

	if (!region)
		return NULL;
	json_array_foreach(s->infra, k, a) {
		const struct rb_resource *o = rb_infra_get(inv, json_string_value(a));
		const char *name;
		int score = 0;

		if (!o || o == r || strcmp(o->type, r->type) || !o->region || strcmp(o->region, region))
			continue;
		name = want ? rb_resource_str(o, same->target_attr) : NULL;
		if (name && !strcmp(name, want))
			score = 2;
		else if (!strcmp(o->name, r->name) && !o->index == !r->index &&
			 (!o->index || !strcmp(o->index, r->index)))
			score = 1;    /* the same address but for the module */
		if (score > best_score) {
			best = o;
			best_score = score;
		}
	}
	return best;
}

/* The service's resource playing `r`'s part on the other side, or NULL. */
static const struct rb_resource *other_side(const struct rb_binder *b, const struct rb_service *s,
					    const struct rb_resource *r)
{
	const char *side = side_of(b, r->region);

	if (!strcmp(side, "global"))
		return NULL;
	return rb_service_counterpart(&b->infra, s, r, !strcmp(side, "dr") ? b->config.primary_region
									   : b->config.dr_region);
}

/* Every role of `s`, into rs->all (malloc'd, rs->nr of them). */
static void collect(const struct rb_binder *b, const struct rb_service *s, struct roles *rs_out)
{
	const struct rb_infra *inv = &b->infra;
	struct roles rs = { b, NULL, 0, 0 };
	size_t k;
	json_t *a;

	/* the stores on their written side, with their copies */
	json_array_foreach(s->infra, k, a) {
		const struct rb_resource *r = rb_infra_get(inv, json_string_value(a));

		if (r && stores_data(r) && writes(b, r) && !seen(&rs, r))
			store(&rs, r);
	}
	/* a store of the DR side whose primary the service does not list */
	json_array_foreach(s->infra, k, a) {
		const struct rb_resource *r = rb_infra_get(inv, json_string_value(a));

		if (r && stores_data(r) && !seen(&rs, r)) {
			struct rb_role *role = add(&rs, r, RB_ROLE_DATA);

			set_key(b, role, own_key(r));
		}
	}
	json_array_foreach(s->infra, k, a) {
		const struct rb_resource *r = rb_infra_get(inv, json_string_value(a));
		const struct rb_aws_type *t = r ? rb_aws_type(r->type) : NULL;

		if (t && t->capacity.attr && !seen(&rs, r))
			add(&rs, r, RB_ROLE_COMPUTE)->counterpart = other_side(b, s, r);
	}
	dns(&rs, s);
	keys(&rs);
	json_array_foreach(s->infra, k, a) {
		const struct rb_resource *r = rb_infra_get(inv, json_string_value(a));

		if (r && !seen(&rs, r))
			add(&rs, r, RB_ROLE_OTHER)->counterpart = other_side(b, s, r);
	}
	*rs_out = rs;
}

size_t rb_service_roles(const struct rb_binder *b, const struct rb_service *s,
			struct rb_role *out, size_t max)
{
	struct roles rs;
	size_t n;

	collect(b, s, &rs);
	n = rs.nr;
	if (out && n && max)
		memcpy(out, rs.all, (n < max ? n : max) * sizeof(*out));
	free(rs.all);
	return n;
}

struct rb_role *rb_service_roles_list(const struct rb_binder *b, const struct rb_service *s,
				      size_t *nr)
{
	struct roles rs;

	collect(b, s, &rs);
	*nr = rs.nr;
	return rs.all ? rs.all : rb_xcalloc(1, sizeof(struct rb_role));
}
