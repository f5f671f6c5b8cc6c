/*
 * binder.c - loads a whole binder: config, plan data, runbooks; links
 * runbooks to services and to each other; resolves placeholders.
 */
#include <errno.h>
#include <unistd.h>

#include "closest.h"
#include "binder.h"
#include "duration.h"
#include "fields.h"
#include "fsutil.h"
#include "resolve.h"
#include "rules.h"
#include "sha256.h"

struct rb_service *rb_drill_failover_of(struct rb_binder *b, const struct rb_drill *d)
{
	struct rb_service *s;

	if (d->type != RB_DRILL_COMPONENT_FAILOVER && d->type != RB_DRILL_FULL)
		return NULL;
	s = d->service_id ? rb_plan_service(&b->plan, d->service_id) : NULL;
	if (!s && d->runbook_id) {
		struct rb_runbook *r = rb_binder_runbook(b, d->runbook_id);

		s = r ? r->service : NULL;
	}
	return s;
}

struct rb_runbook *rb_binder_runbook(struct rb_binder *b, const char *id)
{
	size_t i = id ? rb_strmap_get(&b->runbook_ids, id) : SIZE_MAX;

	return i == SIZE_MAX ? NULL : b->runbooks[i];
}

/*
 * The id a runbook without `id:` gets: its path below the runbooks dir. A
 * path longer than an id may be keeps its start (the area) and its end
 * (the page); the middle gives way to a digest of the whole path, so the
 * id stays readable, stable and unique.
 */
static char *id_from_path(const char *rel)
{
	char *base = rb_xstrdup(rel);
	char *id;
	size_t n;

	if (rb_ends_with(base, ".md"))
		base[strlen(base) - 3] = '\0';
	else if (rb_ends_with(base, ".markdown"))
		base[strlen(base) - 9] = '\0';
	/* the whole path, so that files of the same name in two folders differ */
	id = rb_slugify_max(base, SIZE_MAX);
	free(base);
	n = strlen(id);
	if (n > 100) {
		char hex[65];
		size_t head = 45, tail = 45;
		char *shortened;

		rb_sha256_hex(id, n, hex);
		/* cut between words when a word ends near the cut */
		for (size_t k = head; k > head - 15; k--)
			if (id[k] == '-') {
				head = k;
				break;
			}
		for (size_t k = tail; k > tail - 15; k--)
			if (id[n - k - 1] == '-') {
				tail = k;
				break;
			}
		while (head && id[head - 1] == '-')
			head--;
		while (tail && id[n - tail] == '-')
			tail--;
		shortened = rb_xasprintf("%.*s-%.8s-%s", (int)head, id, hex, id + n - tail);
		free(id);
		id = shortened;
	}
	return id;
}

static struct rb_loc front_loc(struct rb_runbook *r, const char *key)
{
	json_t *root = r->front ? rb_yaml_root(r->front) : NULL;

	if (json_is_object(root) && json_object_get(root, key))
		return rb_yaml_loc_val(r->front, root, key);
	return (struct rb_loc){ r->path, 1, 1 };
}

/* Where a runbook sorts: its folder, then its weight (weighted pages first), then its path. */
struct runbook_place {
	struct rb_runbook *r;
	size_t index;                /* in the order the folder listing gave */
};

static int place_cmp(const void *pa, const void *pb)
{
	const struct runbook_place *a = pa, *b = pb;
	const char *sa = strrchr(a->r->path, '/'), *sb = strrchr(b->r->path, '/');
	size_t la = sa ? (size_t)(sa - a->r->path) : 0;
	size_t lb = sb ? (size_t)(sb - b->r->path) : 0;
	int c = memcmp(a->r->path, b->r->path, la < lb ? la : lb);

	if (c || la != lb)
		return c ? c : (la < lb ? -1 : 1);
	if (a->r->has_order != b->r->has_order)
		return a->r->has_order ? -1 : 1;
	if (a->r->has_order && a->r->order != b->r->order)
		return a->r->order < b->r->order ? -1 : 1;
	return a->index < b->index ? -1 : 1;
}

/*
 * The runbooks of a folder in the order their weight (order,
 * sidebar_position, nav_order) gives, as the site they come from shows
 * them; those without one follow by path.
 */
static void order_runbooks(struct rb_binder *b)
{
	struct runbook_place *p = rb_xcalloc(b->runbooks_nr + 1, sizeof(*p));

	for (size_t i = 0; i < b->runbooks_nr; i++)
		p[i] = (struct runbook_place){ b->runbooks[i], i };
	qsort(p, b->runbooks_nr, sizeof(*p), place_cmp);
	rb_strmap_release(&b->runbook_ids);
	memset(&b->runbook_ids, 0, sizeof(b->runbook_ids));
	for (size_t i = 0; i < b->runbooks_nr; i++) {
		b->runbooks[i] = p[i].r;
		if (!rb_binder_runbook(b, p[i].r->id))
			rb_strmap_put(&b->runbook_ids, p[i].r->id, i);
	}
	free(p);
}

static void load_finding(struct rb_binder *b, struct rb_diags *d,
			 enum rb_rule_id id, struct rb_loc loc, const char *hint,
			 const char *fmt, ...) RB_PRINTF(6, 7);

/* A finding of loading, at the severity the config's rules: gives it. */
static void load_finding(struct rb_binder *b, struct rb_diags *d,
			 enum rb_rule_id id, struct rb_loc loc, const char *hint,
			 const char *fmt, ...)
{
	int sev = rb_rule_severity(&rb_rules[id], b->config.rules);
	struct rb_buf msg = RB_BUF_INIT;
	va_list ap;

	if (sev < 0)
		return;
	va_start(ap, fmt);
	rb_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	rb_finding(d, (enum rb_severity)sev, rb_rules[id].id, loc, hint, "%s", msg.ptr);
	rb_buf_release(&msg);
}

/* A key of adopted pages' front matter that runbinder does not read. */
struct ignored_key {
	const char *key;
	struct rb_loc first;
	size_t pages;
};

/*
 * Other tools' front matter: one note per key runbinder does not read, at
 * its first page, however many pages give it (a Hugo site gives `weight`
 * in every page); a warning at each key a page gives twice.
 */
static void adopted_front_matter(struct rb_binder *b, struct rb_diags *d)
{
	struct rb_strmap names = RB_STRMAP_INIT;
	struct ignored_key *keys = NULL;
	size_t nr = 0, alloc = 0;

	if (b->config.ignore_unknown_front_matter)
		return;
	for (size_t i = 0; i < b->runbooks_nr; i++) {
		struct rb_runbook *r = b->runbooks[i];
		json_t *root = r->front ? rb_yaml_root(r->front) : NULL;
		const struct rb_yaml_repeat *rep;
		size_t nrep;
		const char *key;
		json_t *v;

		if (!r->adopted || !json_is_object(root))
			continue;
		nrep = rb_yaml_repeats(r->front, &rep);
		for (size_t k = 0; k < nrep; k++)
			load_finding(b, d, RB_RULE_FRONT_MATTER_REPEATED_KEY,
				     (struct rb_loc){ r->path, rep[k].line, rep[k].col },
				     "remove one of them", "key '%s' is given again: the last value is used",
				     rep[k].key);
		json_object_foreach(root, key, v) {
			size_t at;

			(void)v;
			if (rb_front_key_known(key))
				continue;
			at = rb_strmap_get(&names, key);
			if (at != SIZE_MAX) {
				keys[at].pages++;
				continue;
			}
			RB_GROW(keys, nr + 1, alloc);
			keys[nr] = (struct ignored_key){ key, rb_yaml_loc_key(r->front, root, key), 1 };
			rb_strmap_put(&names, key, nr++);
		}
	}
	for (size_t k = 0; k < nr; k++) {
		const char *near = rb_adopted_key_closest(keys[k].key);

		load_finding(b, d, RB_RULE_FRONT_MATTER_IGNORED, keys[k].first,
			     "runbinder reads another tool's title, description, weight, tags, aliases and date; "
			     "a page with service:, kind: or requires: is a runbinder runbook",
			     "front matter key '%s' is ignored (%zu page%s)%s%s%s", keys[k].key,
			     keys[k].pages, keys[k].pages == 1 ? "" : "s",
			     near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
	}
	free(keys);
	rb_strmap_release(&names);
}

static void load_runbooks(struct rb_binder *b, struct rb_diags *d)
{
	static const char *const suffixes[] = { ".md", ".markdown", NULL };
	const char *dir = b->config.runbooks_dir;
	char *full = rb_xasprintf("%s/%s", b->root, dir);
	struct rb_strlist files = { 0 };

	if (!rb_is_dir(full)) {
		rb_error(d, (struct rb_loc){ b->config.path, 0, 0 },
			 "runbooks directory '%s' does not exist", dir);
		free(full);
		return;
	}
	if (rb_list_files(full, suffixes, &files) < 0)
		rb_error(d, (struct rb_loc){ dir, 0, 0 },
			 "cannot list runbooks: %s", strerror(errno));
	for (size_t i = 0; i < files.nr; i++) {
		char *rel = rb_xasprintf("%s/%s", dir, files.items[i]);
		char *path = rb_xasprintf("%s/%s", b->root, rel);
		char *id = id_from_path(files.items[i]);
		char *src;
		size_t len;
		struct rb_runbook *r, *other;

		if (rb_read_file(path, RB_MAX_FILE_SIZE, &src, &len) < 0) {
			rb_error(d, (struct rb_loc){ rel, 0, 0 }, "cannot read: %s",
				 errno == EFBIG ? "file is larger than 16 MiB"
						: strerror(errno));
		} else {
			r = rb_runbook_parse(rel, src, len, id,
					     b->config.ignore_unknown_front_matter, d);
			if ((other = rb_binder_runbook(b, r->id)))
				rb_error(d, front_loc(r, "id"),
					 "duplicate runbook id '%s' (also used by %s)",
					 r->id, other->path);
			RB_GROW(b->runbooks, b->runbooks_nr + 1, b->runbooks_alloc);
			if (!other)
				rb_strmap_put(&b->runbook_ids, r->id, b->runbooks_nr);
			rb_strmap_put(&b->runbook_paths, r->path, b->runbooks_nr);
			b->runbooks[b->runbooks_nr++] = r;
		}
		free(id);
		free(path);
		free(rel);
	}
	rb_strlist_release(&files);
	free(full);
	order_runbooks(b);
	adopted_front_matter(b, d);
}

static void link_runbooks(struct rb_binder *b, struct rb_diags *d)
{
	const char **names = rb_xcalloc(b->plan.services_nr + b->runbooks_nr + b->plan.contacts_nr + 1,
					sizeof(*names));

	for (size_t i = 0; i < b->runbooks_nr; i++) {
		struct rb_runbook *r = b->runbooks[i];
		size_t n = 0, k;
		json_t *o;
		const char *near;

		if (r->service_id) {
			r->service = rb_plan_service(&b->plan, r->service_id);
			if (!r->service && !b->plan.lost_services) {
				for (size_t s = 0; s < b->plan.services_nr; s++)
					names[n++] = b->plan.services[s].id;
				near = rb_closest(r->service_id, names, n);
				rb_error(d, front_loc(r, "service"),
					 "unknown service '%s'%s%s%s", r->service_id,
					 near ? " (did you mean '" : "",
					 near ? near : "", near ? "'?)" : "");
			}
		}
		if (r->failback_id && !rb_binder_runbook(b, r->failback_id)) {
			n = 0;
			for (size_t s = 0; s < b->runbooks_nr; s++)
				names[n++] = b->runbooks[s]->id;
			near = rb_closest(r->failback_id, names, n);
			rb_error(d, front_loc(r, "failback"),
				 "unknown failback runbook '%s'%s%s%s",
				 r->failback_id, near ? " (did you mean '" : "",
				 near ? near : "", near ? "'?)" : "");
		}
		json_array_foreach(r->owners, k, o) {
			const char *id = json_string_value(o);

			if (rb_plan_contact(&b->plan, id) || b->plan.lost_contacts)
				continue;
			n = 0;
			for (size_t c = 0; c < b->plan.contacts_nr; c++)
				names[n++] = b->plan.contacts[c].id;
			near = rb_closest(id, names, n);
			rb_error(d, rb_yaml_loc_at(r->front, r->owners, k),
				 "unknown owner '%s'%s%s%s", id,
				 near ? " (did you mean '" : "", near ? near : "",
				 near ? "'?)" : "");
		}
	}
	free(names);
}

static json_t *duration_json(long secs)
{
	struct rb_buf b = RB_BUF_INIT;
	json_t *j;

	rb_duration_format(&b, secs);
	j = json_string(b.ptr);
	rb_buf_release(&b);
	return j;
}

static json_t *site_json(struct rb_config *c)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}",
			 "title", c->title,
			 "organisation", c->organisation,
			 "classification", c->classification,
			 "paper", c->paper,
			 "primary_region", c->primary_region,
			 "dr_region", c->dr_region);
}

static json_t *tier_scope(struct rb_tier *t)
{
	return json_pack("{s:s, s:s, s:o, s:o, s:I, s:I, s:s}",
			 "id", t->id, "name", t->name,
			 "rto", duration_json(t->rto), "rpo", duration_json(t->rpo),
			 /* for checks that compare a number: replica lag <= RPO */
			 "rto_seconds", (json_int_t)t->rto, "rpo_seconds", (json_int_t)t->rpo,
			 "strategy", t->strategy_id);
}

static json_t *service_scope(struct rb_service *s)
{
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:I, s:I, s:s}",
			 "id", s->id, "name", s->name, "tier", s->tier_id,
			 "rto", duration_json(s->rto), "rpo", duration_json(s->rpo),
			 "rto_seconds", (json_int_t)s->rto, "rpo_seconds", (json_int_t)s->rpo,
			 "strategy", s->strategy_id ? s->strategy_id : "");
}

/* The value a placeholder `{{name.attr}}` sees for a bound resource. */
json_t *rb_binding_scope(const struct rb_resource *r)
{
	json_t *o = json_copy(rb_resource_attrs(r));

	/* the attributes win; these fill in what an export does not say */
	if (!json_object_get(o, "address"))
		json_object_set_new(o, "address", json_string(r->address));
	if (r->region && !json_object_get(o, "region"))
		json_object_set_new(o, "region", json_string(r->region));
	if (r->id && !json_object_get(o, "id"))
		json_object_set_new(o, "id", json_string(r->id));
	if (r->arn && !json_object_get(o, "arn"))
		json_object_set_new(o, "arn", json_string(r->arn));
	if (r->stack && !json_object_get(o, "stack"))
		json_object_set_new(o, "stack", json_string(r->stack));
	return o;
}

/* Text of the matches of a query, for "matches N resources: ..." */
static void list_matches(struct rb_buf *b, const struct rb_infra *inv,
			 const size_t *idx, size_t n, size_t shown)
{
	for (size_t i = 0; i < n && i < shown; i++)
		rb_buf_addf(b, "%s%s", i ? ", " : "", rb_resource_label(&inv->items[idx[i]]));
	if (n > shown)
		rb_buf_addf(b, " and %zu more", n - shown);
}

/*
 * Binds each `requires:` entry to one resource: by address, or by a query
 * `{type: ..., attr: value}`. A query that matches resources of Terraform
 * state and of AWS CLI exports alike binds the Terraform one (the CLI
 * export is the same resource seen from outside).
 */
static void bind_runbook(struct rb_binder *b, struct rb_runbook *r,
			 struct rb_diags *d)
{
	const char *name;
	json_t *v;
	size_t n = 0;

	if (!r->requires)
		return;
	r->bindings = rb_xcalloc(json_object_size(r->requires), sizeof(*r->bindings));
	json_object_foreach(r->requires, name, v) {
		struct rb_loc loc = rb_yaml_loc_val(r->front, r->requires, name);
		size_t idx = SIZE_MAX;

		/* until bound, the name exists but stands for nothing */
		r->bindings[n].name = name;
		r->bindings[n].resource = SIZE_MAX;

		n++;
		if (!strcmp(name, "site") || !strcmp(name, "service") ||
		    !strcmp(name, "tier") || !strcmp(name, "runbook")) {
			r->bindings[--n].name = NULL;
			rb_error(d, rb_yaml_loc_key(r->front, r->requires, name),
				 "'%s' is a built-in name: choose another name for this binding",
				 name);
			continue;
		}
		if (json_is_string(v)) {
			const char *addr = json_string_value(v);
			size_t found[8];
			size_t m = rb_infra_lookup(&b->infra, addr, found, RB_ARRAY_SIZE(found));
			struct rb_buf list = RB_BUF_INIT;

			if (m > 1) {
				/* the same address in several stacks: the qualified forms say which */
				list_matches(&list, &b->infra, found, m, RB_ARRAY_SIZE(found));
				rb_rule_finding(d, RB_RULE_REF_AMBIGUOUS, loc,
					   "qualify the address with its stack: STACK:ADDRESS",
					   "'%s' requires '%s', which is in %zu stacks: %s",
					   name, addr, m, list.ptr);
				rb_buf_release(&list);
				continue;
			}
			if (!m && b->infra_incomplete)
				continue;
			if (!m) {
				const char *near = rb_infra_closest(&b->infra, addr);

				rb_rule_finding(d, RB_RULE_REF_UNBOUND, loc,
					   "refresh the infra exports, or fix the address",
					   "'%s' requires '%s', which is in no infra export%s%s%s",
					 name, addr, near ? " (did you mean '" : "",
					 near ? near : "", near ? "'?)" : "");
				continue;
			}
			idx = found[0];
		} else if (json_is_object(v)) {
			json_t *where = json_deep_copy(v);
			const char *type = json_string_value(json_object_get(v, "type"));
			size_t found[8], m, tf = 0, tf_idx = 0;
			struct rb_buf list = RB_BUF_INIT;

			json_object_del(where, "type");
			m = rb_infra_query(&b->infra, type, where, found, RB_ARRAY_SIZE(found));
			json_decref(where);
			for (size_t k = 0; k < m && k < RB_ARRAY_SIZE(found); k++)
				if (b->infra.items[found[k]].origin != RB_ORIGIN_AWSCLI) {
					tf++;
					tf_idx = found[k];
				}
			if (m == 1) {
				idx = found[0];
			} else if (m > 1 && m <= RB_ARRAY_SIZE(found) && tf == 1) {
				idx = tf_idx;
			} else if (m == 0 && b->infra_incomplete) {
				/* it may be in the export that did not load */
			} else if (m == 0) {
				rb_rule_finding(d, RB_RULE_REF_UNBOUND, loc, NULL,
					   "'%s' matches no resource in the infra exports", name);
			} else {
				list_matches(&list, &b->infra, found, m, RB_ARRAY_SIZE(found));
				rb_rule_finding(d, RB_RULE_REF_AMBIGUOUS, loc,
					   "add attributes to the query to tell them apart",
					   "'%s' matches %zu resources: %s", name, m, list.ptr);
			}
			rb_buf_release(&list);
			if (idx == SIZE_MAX)
				continue;
		} else {
			rb_error(d, loc, "'%s' must be a resource address or a mapping {type: ..., attribute: value}",
				 name);
			continue;
		}
		r->bindings[n - 1].resource = idx;
	}
	r->bindings_nr = n;
}

static void resolve_runbooks(struct rb_binder *b, struct rb_diags *d)
{
	for (size_t i = 0; i < b->runbooks_nr; i++) {
		struct rb_runbook *r = b->runbooks[i];
		json_t *scope;

		/* another tool's page is adopted as it is: its {{ }} are text */
		if (!r->doc || r->adopted)
			continue;
		bind_runbook(b, r, d);
		scope = json_pack("{s:O, s:{s:s, s:s, s:s}}", "site", b->site,
				  "runbook", "id", r->id, "title", r->title,
				  "kind", rb_runbook_kind_name(r->kind));
		if (r->service && r->service->tier) {
			json_object_set_new(scope, "service", service_scope(r->service));
			json_object_set_new(scope, "tier", tier_scope(r->service->tier));
		} else if (r->service_id) {
			/* the service's own error says it: no second one per placeholder */
			json_object_set(scope, "service", rb_unbound());
			json_object_set(scope, "tier", rb_unbound());
			r->unbound_names = true;
		}
		for (size_t k = 0; k < r->bindings_nr; k++) {
			if (r->bindings[k].resource == SIZE_MAX) {
				json_object_set(scope, r->bindings[k].name, rb_unbound());
				r->unbound_names = true;
			} else {
				json_object_set_new(scope, r->bindings[k].name,
						    rb_binding_scope(&b->infra.items[r->bindings[k].resource]));
			}
		}
		r->used = json_object();
		rb_resolve_doc_used(r->doc, scope, r->path, r->body_line - 1, r->used, d);
		json_decref(scope);
	}
}

static void load_infra(struct rb_binder *b, const struct rb_load_opts *opts,
		       struct rb_diags *d)
{
	size_t i;
	json_t *p;

	if (opts && opts->states && opts->states->nr) {
		/* --state paths are as the user typed them, not below the root */
		for (i = 0; i < opts->states->nr; i++)
			rb_infra_load(&b->infra, NULL, opts->states->items[i], d);
		return;
	}
	/* each entry is a stack of its own unless it names one */
	json_array_foreach(b->config.infra, i, p) {
		if (json_is_string(p))
			rb_infra_load(&b->infra, b->root, json_string_value(p), d);
		else
			rb_infra_load_stack(&b->infra, b->root,
					    json_string_value(json_object_get(p, "path")),
					    json_string_value(json_object_get(p, "stack")), d);
	}
}

int rb_binder_load_infra(struct rb_binder *b, const char *root,
			 const struct rb_load_opts *opts, struct rb_diags *d)
{
	size_t errors = d->errors, before;

	memset(b, 0, sizeof(*b));
	b->root = rb_xstrdup(root);
	rb_infra_init(&b->infra);
	/* exports named with --state need no binder around them */
	if (opts && opts->need_no_config && opts->states && opts->states->nr) {
		char *path = rb_xasprintf("%s/runbinder.yaml", root);
		bool none = access(path, F_OK) < 0 && errno == ENOENT;

		free(path);
		if (none)
			rb_config_defaults(&b->config);
		else if (rb_config_load(&b->config, root, d) < 0 && !b->config.yaml)
			return -1;
	} else if (rb_config_load(&b->config, root, d) < 0 && !b->config.yaml) {
		/* no config, or one that does not parse: nothing says where the rest is */
		return -1;
	}
	b->site = site_json(&b->config);
	rb_timings_mark(opts ? opts->timings : NULL, "load sources");
	before = d->errors;
	load_infra(b, opts, d);
	b->infra_incomplete = d->errors > before || b->config.infra_unsure;
	rb_timings_mark(opts ? opts->timings : NULL, "load inventory");
	return d->errors > errors ? -1 : 0;
}

int rb_binder_load(struct rb_binder *b, const char *root,
		   const struct rb_load_opts *opts, struct rb_diags *d)
{
	size_t errors = d->errors;

	if (rb_binder_load_infra(b, root, opts, d) < 0 && !b->config.yaml)
		return -1;
	/*
	 * Every file loads whatever another one did, so that one run reports
	 * every problem; what a file that did not load may have held is not
	 * reported missing (see rb_plan.incomplete, infra_incomplete).
	 */
	rb_plan_load(&b->plan, root, b->config.plan_dir, d);
	load_runbooks(b, d);
	link_runbooks(b, d);
	resolve_runbooks(b, d);
	rb_timings_mark(opts ? opts->timings : NULL, "load sources");
	return d->errors > errors ? -1 : 0;
}

void rb_binder_release(struct rb_binder *b)
{
	for (size_t i = 0; i < b->runbooks_nr; i++)
		rb_runbook_free(b->runbooks[i]);
	free(b->runbooks);
	rb_strmap_release(&b->runbook_ids);
	rb_strmap_release(&b->runbook_paths);
	rb_plan_release(&b->plan);
	rb_infra_release(&b->infra);
	rb_config_release(&b->config);
	json_decref(b->site);
	free(b->root);
	memset(b, 0, sizeof(*b));
}
