#include <ctype.h>
#include <strings.h>

#include "dr_copies.h"
#include "util.h"

struct found {
	struct rb_dr_copy *out;
	size_t max, nr;
	const struct rb_resource *store;
};

static void add(struct found *f, const struct rb_aws_relation *rel,
		const struct rb_resource *by, const char *region, const char *key, long rpo,
		const struct rb_resource *copy)
{
	/* a copy in the store's own region, or in none known, is no DR copy */
	if (f->store && (!region || (f->store->region && !strcmp(region, f->store->region))))
		return;
	if (f->nr < f->max)
		f->out[f->nr] = (struct rb_dr_copy){ rel, by, region, key, rpo, copy };
	f->nr++;
}

/* Does `o`'s `attr` (a string or a list of them) name `p`, by ARN or by
 * `p`'s target_attr? */
static bool names(const struct rb_resource *o, const char *attr,
		  const struct rb_resource *p, const char *target_attr)
{
	json_t *v = rb_resource_attr(o, attr);
	const char *by = target_attr ? rb_resource_str(p, target_attr) : NULL;
	size_t i;
	json_t *e;

	if (json_is_string(v))
		v = json_pack("[O]", v);
	else
		json_incref(v);
	json_array_foreach(v, i, e) {
		const char *s = json_string_value(e);

		if (s && *s && ((p->arn && !strcmp(s, p->arn)) || (by && !strcmp(s, by)))) {
			json_decref(v);
			return true;
		}
	}
	json_decref(v);
	return false;
}

/* The blocks at `path` below `v` (`*` standing for every list item). */
static void blocks_at(json_t *v, const char *path, json_t *out)
{
	const char *dot = strchr(path, '.');
	size_t n = dot ? (size_t)(dot - path) : strlen(path);
	size_t i;
	json_t *e;

	if (!v)
		return;
	if (!*path) {
		json_array_append(out, v);
		return;
	}
	if (n == 1 && *path == '*') {
		json_array_foreach(v, i, e)
			blocks_at(e, dot ? dot + 1 : "", out);
		return;
	}
	{
		char *part = rb_xstrndup(path, n);

		v = rb_json_path(v, part);     /* a key, or a list index */
		free(part);
	}
	blocks_at(v, dot ? dot + 1 : "", out);
}

/* The resource an ARN names (of `type` when given), or NULL. */
static const struct rb_resource *by_arn(const struct rb_infra *inv, const char *arn,
					const char *type)
{
	for (size_t k = arn ? rb_strmap_get(&inv->by_arn, arn) : SIZE_MAX; k != SIZE_MAX;
	     k = inv->items[k].next_arn)
		if (!type || !strcmp(inv->items[k].type, type))
			return &inv->items[k];
	return NULL;
}

/* The resource of `type` a destination names by ARN, else by id (an EFS
 * replica's file system id), or NULL. */
static const struct rb_resource *by_arn_or_id(const struct rb_infra *inv, const char *v,
					      const char *type)
{
	const struct rb_resource *r = by_arn(inv, v, type);

	for (size_t k = v && !r ? rb_strmap_get(&inv->by_id, v) : SIZE_MAX; k != SIZE_MAX && !r;
	     k = inv->items[k].next_id)
		if (!type || !strcmp(inv->items[k].type, type))
			r = &inv->items[k];
	return r;
}

/* A destination block's copy: where, and under which key. */
static void destination(struct found *f, const struct rb_infra *inv,
			const struct rb_aws_relation *rel, const struct rb_resource *by,
			json_t *block, long rpo)
{
	const char *region = rel->region_key ? json_string_value(json_object_get(block, rel->region_key))
					     : NULL;
	const char *arn = json_string_value(json_object_get(block, rel->key));
	const char *key = rel->key_attr ? json_string_value(rb_json_path(block, rel->key_attr)) : NULL;
	const struct rb_resource *copy = by_arn_or_id(inv, arn, rel->target_type);
	char *arn_region = NULL;

	if (!region && copy)
		region = copy->region;
	if (!region && arn)
		region = arn_region = rb_arn_region(arn);
	/* a vault's copies are encrypted with the vault's key */
	if (!key && copy)
		key = rb_resource_str(copy, "kms_key_arn");
	if (region)
		region = rb_infra_intern((struct rb_infra *)inv, region);
	free(arn_region);
	add(f, rel, by, region, key && *key ? key : NULL, rpo, copy);
}

/* The copies a DESTINATION relation of `by` makes (a backup plan's rules). */
static void destinations(struct found *f, const struct rb_infra *inv,
			 const struct rb_aws_relation *rel, const struct rb_resource *by)
{
	json_t *blocks = json_array();
	size_t i;
	json_t *b;

	blocks_at(rb_resource_attrs(by), rel->attr, blocks);
	json_array_foreach(blocks, i, b) {
		const char *on = rel->enabled_attr ? json_string_value(json_object_get(b, rel->enabled_attr))
						   : NULL;
		long rpo = rel->rpo;

		/* switched off (Disabled, PAUSED, DELETING, ERROR): no copy */
		if (on && strncasecmp(on, "enabl", 5))
			continue;

		if (rel->schedule_attr)
			rpo = rb_backup_schedule_period(json_string_value(json_object_get(b, rel->schedule_attr)));
		if (rel->copy_path) {
			json_t *copies = json_array();
			size_t k;
			json_t *c;

			blocks_at(b, rel->copy_path, copies);
			json_array_foreach(copies, k, c)
				destination(f, inv, rel, by, c, rpo);
			json_decref(copies);
		} else {
			destination(f, inv, rel, by, b, rpo);
		}
	}
	json_decref(blocks);
}

/* The plans a backup selection puts the store in, and their copies. */
static void backup_plans(struct found *f, const struct rb_infra *inv,
			 const struct rb_resource *sel)
{
	const struct rb_aws_relation *grp = rb_aws_relation(sel->type, RB_REL_GROUP);
	const char *plan_id = grp ? rb_resource_str(sel, grp->attr) : NULL;

	for (size_t p = 0; plan_id && p < inv->nr; p++) {
		const struct rb_resource *plan = &inv->items[p];
		const struct rb_aws_relation *dest = rb_aws_relation(plan->type, RB_REL_DESTINATION);
		const char *id = rb_resource_str(plan, grp->target_attr);

		if (dest && !strcmp(plan->type, grp->target_type) && id && !strcmp(id, plan_id))
			destinations(f, inv, dest, plan);
	}
}

/* A REGIONS relation's blocks: the copies a resource keeps of itself. */
static void own_regions(struct found *f, const struct rb_infra *inv,
			const struct rb_aws_relation *own, const struct rb_resource *r)
{
	size_t i;
	json_t *b;

	/* `attr` is the list of blocks (as the command and DR checks read it) */
	json_array_foreach(rb_resource_attr(r, own->attr), i, b) {
		const char *region = json_string_value(json_object_get(b, own->key));
		const char *key = own->key_attr ? json_string_value(json_object_get(b, own->key_attr)) : NULL;

		add(f, own, r, region ? rb_infra_intern((struct rb_infra *)inv, region) : NULL,
		    key && *key ? key : NULL, own->rpo, NULL);
	}
}

/*
 * The copies that `o`'s relations make of the store, or of whatever they
 * copy when there is no store.
 */
static void copies_by(struct found *f, const struct rb_infra *inv, const struct rb_resource *o)
{
	const struct rb_resource *store = f->store;
	const struct rb_aws_type *t = rb_aws_type(o->type);

	if (!store) {
		for (size_t k = 0; t && k < RB_ARRAY_SIZE(t->relations); k++) {
			const struct rb_aws_relation *rel = &t->relations[k];
			const char *key = rel->key_attr ? rb_resource_str(o, rel->key_attr) : NULL;

			if (!rel->mechanism)
				continue;
			if (rel->kind == RB_REL_DESTINATION)
				destinations(f, inv, rel, o);
			else if (rel->kind == RB_REL_REGIONS)
				own_regions(f, inv, rel, o);
			else
				add(f, rel, o, o->region, key, rel->rpo, o);
		}
		return;
	}

	for (size_t k = 0; t && k < RB_ARRAY_SIZE(t->relations); k++) {
		const struct rb_aws_relation *rel = &t->relations[k];
		const char *key = rel->key_attr ? rb_resource_str(o, rel->key_attr) : NULL;
		const char *gv, *mine;

		switch (rel->kind) {
		case RB_REL_SOURCE:
			if (rel->target_type && !strcmp(rel->target_type, store->type) &&
			    names(o, rel->attr, store, rel->target_attr))
				add(f, rel, o, o->region, key, rel->rpo, o);
			break;
		case RB_REL_GROUP:
			gv = rb_resource_str(o, rel->attr);
			mine = rb_resource_str(store, rel->attr);
			if (!strcmp(o->type, store->type) && gv && *gv && mine && !strcmp(gv, mine))
				add(f, rel, o, o->region, key, rel->rpo, o);
			break;
		case RB_REL_BACKUP_OF:
			if (rel->target_type && !strcmp(rel->target_type, store->type) &&
			    names(o, rel->attr, store, rel->target_attr))
				add(f, rel, o, o->region, key, rel->rpo, o);
			else if (!rel->target_type && names(o, rel->attr, store, rel->target_attr))
				backup_plans(f, inv, o);
			break;
		case RB_REL_REPLICATES:
			if (!strcmp(rel->target_type, store->type) &&
			    names(o, rel->attr, store, rel->target_attr)) {
				const struct rb_aws_relation *dest = rb_aws_relation(o->type, RB_REL_DESTINATION);

				if (dest)
					destinations(f, inv, dest, o);
			}
			break;
		default:
			break;
		}
	}
}

bool rb_dr_is_replica(const struct rb_resource *r)
{
	const struct rb_aws_relation *rel = rb_aws_relation(r->type, RB_REL_SOURCE);
	const char *v = rel ? rb_resource_str(r, rel->attr) : NULL;

	return v && *v;
}

bool rb_dr_primary_store(const struct rb_resource *r, const char *dr_region)
{
	const struct rb_aws_type *t = rb_aws_type(r->type);

	return t && t->data_store && r->origin != RB_ORIGIN_AWSCLI && !rb_dr_is_replica(r) &&
	       !(dr_region && *dr_region && r->region && !strcmp(r->region, dr_region));
}

size_t rb_dr_best_copy(const struct rb_infra *inv, const struct rb_resource *store,
		       struct rb_dr_copy *best)
{
	struct rb_dr_copy copies[16];
	size_t n = rb_dr_copies(inv, store, copies, RB_ARRAY_SIZE(copies));

	memset(best, 0, sizeof(*best));
	for (size_t m = 0; m < n && m < RB_ARRAY_SIZE(copies); m++)
		if (copies[m].rpo >= 0 && (!best->rel || copies[m].rpo < best->rpo))
			*best = copies[m];
	return n;
}

size_t rb_dr_copies_made_by(const struct rb_infra *inv, const struct rb_resource *by,
			    struct rb_dr_copy *out, size_t max)
{
	struct found f = { out, max, 0, NULL };

	copies_by(&f, inv, by);
	return f.nr;
}

size_t rb_dr_copies(const struct rb_infra *inv, const struct rb_resource *store,
		    struct rb_dr_copy *out, size_t max)
{
	struct found f = { out, max, 0, store };
	const struct rb_aws_relation *own = rb_aws_relation(store->type, RB_REL_REGIONS);

	if (own && own->mechanism)
		own_regions(&f, inv, own, store);
	for (size_t i = 0; i < inv->nr; i++) {
		const struct rb_resource *o = &inv->items[i];

		if (o != store && o->origin != RB_ORIGIN_AWSCLI)
			copies_by(&f, inv, o);
	}
	return f.nr;
}

bool rb_dr_copy_named(const struct rb_infra *inv, const char *type, const char *value,
		      const char **region)
{
	for (size_t i = 0; i < inv->nr; i++) {
		const struct rb_resource *o = &inv->items[i];
		const struct rb_aws_relation *rel = rb_aws_relation(o->type, RB_REL_DESTINATION);
		json_t *blocks;
		bool named = false;
		size_t k;
		json_t *b;

		if (!rel || !rel->target_type || strcmp(rel->target_type, type) || rel->copy_path)
			continue;
		blocks = json_array();
		blocks_at(rb_resource_attrs(o), rel->attr, blocks);
		json_array_foreach(blocks, k, b) {
			const char *v = json_string_value(json_object_get(b, rel->key));

			if (v && !strcmp(v, value) && !named) {
				named = true;
				*region = rel->region_key ? json_string_value(json_object_get(b, rel->region_key))
							  : NULL;
			}
		}
		json_decref(blocks);
		if (named)
			return true;
	}
	return false;
}

const struct rb_resource *rb_kms_key_find(const struct rb_infra *inv, const char *key)
{
	if (!key || !*key)
		return NULL;
	if (!strncmp(key, "arn:", 4))
		return by_arn(inv, key, "aws_kms_key");
	for (size_t i = 0; i < inv->nr; i++) {
		const struct rb_resource *r = &inv->items[i];
		const char *name = rb_resource_str(r, "name");

		if (!strncmp(key, "alias/", 6) && !strcmp(r->type, "aws_kms_alias") && name &&
		    !strcmp(name, key))
			return by_arn(inv, rb_resource_str(r, "target_key_arn"), "aws_kms_key");
	}
	return by_arn_or_id(inv, key, "aws_kms_key");
}

char *rb_kms_key_region(const struct rb_infra *inv, const char *key)
{
	if (!key || !*key)
		return NULL;
	if (!strncmp(key, "arn:", 4))
		return rb_arn_region(key);
	for (size_t i = 0; i < inv->nr; i++) {
		const struct rb_resource *r = &inv->items[i];

		if (!strncmp(key, "alias/", 6) && !strcmp(r->type, "aws_kms_alias") &&
		    rb_resource_str(r, "name") && !strcmp(rb_resource_str(r, "name"), key)) {
			const char *target = rb_resource_str(r, "target_key_arn");

			if (target)
				return rb_arn_region(target);
			return r->region ? rb_xstrdup(r->region) : NULL;
		}
		if (!strcmp(r->type, "aws_kms_key") && r->region &&
		    ((r->id && !strcmp(r->id, key)) ||
		     (rb_resource_str(r, "key_id") && !strcmp(rb_resource_str(r, "key_id"), key))))
			return rb_xstrdup(r->region);
	}
	return NULL;
}

/* The number in a cron field `*` (every), `N`, `A/N` or `*` + `/N`. */
static long cron_step(const char *field, bool *every)
{
	const char *slash = strchr(field, '/');

	*every = !strcmp(field, "*") || !strcmp(field, "?");
	return slash ? atol(slash + 1) : 0;
}

long rb_backup_schedule_period(const char *schedule)
{
	char fields[6][32];
	long n, step;
	bool every;
	char unit[16];

	if (!schedule)
		return -1;
	if (sscanf(schedule, "rate(%ld %15[a-z])", &n, unit) == 2 && n > 0) {
		if (!strncmp(unit, "minute", 6))
			return n * 60;
		if (!strncmp(unit, "hour", 4))
			return n * 3600;
		if (!strncmp(unit, "day", 3))
			return n * 86400;
		return -1;
	}
	if (sscanf(schedule, "cron(%31s %31s %31s %31s %31s %31[^)])", fields[0], fields[1],
		   fields[2], fields[3], fields[4], fields[5]) != 6)
		return -1;
	/* minutes, hours, day of month, month, day of week, year */
	step = cron_step(fields[0], &every);
	if (every || step)
		return step ? step * 60 : 60;
	step = cron_step(fields[1], &every);
	if (every || step)
		return step ? step * 3600 : 3600;
	if (strchr(fields[1], ','))
		return -1;      /* several hours a day: not one period */
	/* one day of the week or of the month; several: cannot tell */
	cron_step(fields[4], &every);
	if (!every)
		return strpbrk(fields[4], ",-#L") ? -1 : 7 * 86400;
	cron_step(fields[2], &every);
	if (!every)
		return strpbrk(fields[2], ",-LW") ? -1 : 31 * 86400;
	return 86400;
}
