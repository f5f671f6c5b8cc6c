/*
 * binder.c - loads a whole binder: config, plan data, runbooks; links
 * runbooks to services and to each other; resolves placeholders.
 */
#include <errno.h>

#include "closest.h"
#include "binder.h"
#include "duration.h"
#include "fields.h"
#include "fsutil.h"
#include "resolve.h"
#include "rules.h"

struct rb_runbook *rb_binder_runbook(struct rb_binder *b, const char *id)
{
	size_t i = id ? rb_strmap_get(&b->runbook_ids, id) : SIZE_MAX;

	return i == SIZE_MAX ? NULL : b->runbooks[i];
}

/* The id a runbook without `id:` gets: its path below the runbooks dir. */
static char *id_from_path(const char *rel)
{
	char *base = rb_xstrdup(rel);
	char *id;

	if (rb_ends_with(base, ".md"))
		base[strlen(base) - 3] = '\0';
	else if (rb_ends_with(base, ".markdown"))
		base[strlen(base) - 9] = '\0';
	/* the whole path, so that files of the same name in two folders differ */
	id = rb_slugify_max(base, SIZE_MAX);
	free(base);
	if (strlen(id) > 100) {
		/* the end of a path says most: keep its last 100 characters */
		size_t n = strlen(id);
		char *tail = id + n - 100;

		while (*tail == '-')
			tail++;
		tail = rb_xstrdup(tail);
		free(id);
		id = tail;
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
			if (!r->service) {
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

			if (rb_plan_contact(&b->plan, id))
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
	return json_pack("{s:s, s:s, s:o, s:o, s:s}",
			 "id", t->id, "name", t->name,
			 "rto", duration_json(t->rto), "rpo", duration_json(t->rpo),
			 "strategy", t->strategy_id);
}

static json_t *service_scope(struct rb_service *s)
{
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:s}",
			 "id", s->id, "name", s->name, "tier", s->tier_id,
			 "rto", duration_json(s->rto), "rpo", duration_json(s->rpo),
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

		/* a file without front matter is adopted as it is: its {{ are text */
		if (!r->doc || !r->front)
			continue;
		bind_runbook(b, r, d);
		scope = json_pack("{s:O, s:{s:s, s:s, s:s}}", "site", b->site,
				  "runbook", "id", r->id, "title", r->title,
				  "kind", rb_runbook_kind_name(r->kind));
		if (r->service && r->service->tier) {
			json_object_set_new(scope, "service", service_scope(r->service));
			json_object_set_new(scope, "tier", tier_scope(r->service->tier));
		}
		for (size_t k = 0; k < r->bindings_nr; k++) {
			if (r->bindings[k].resource == SIZE_MAX)
				json_object_set(scope, r->bindings[k].name, rb_unbound());
			else
				json_object_set_new(scope, r->bindings[k].name,
						    rb_binding_scope(&b->infra.items[r->bindings[k].resource]));
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
	size_t errors = d->errors;

	memset(b, 0, sizeof(*b));
	b->root = rb_xstrdup(root);
	rb_infra_init(&b->infra);
	if (rb_config_load(&b->config, root, d) < 0)
		return -1;
	b->site = site_json(&b->config);
	rb_timings_mark(opts ? opts->timings : NULL, "load sources");
	load_infra(b, opts, d);
	rb_timings_mark(opts ? opts->timings : NULL, "load inventory");
	return d->errors > errors ? -1 : 0;
}

int rb_binder_load(struct rb_binder *b, const char *root,
		   const struct rb_load_opts *opts, struct rb_diags *d)
{
	size_t errors = d->errors;
	bool plan_ok, infra_ok;

	if (rb_binder_load_infra(b, root, opts, d) < 0 && !b->config.yaml)
		return -1;
	infra_ok = d->errors == errors;
	plan_ok = rb_plan_load(&b->plan, root, b->config.plan_dir, d) == 0;
	load_runbooks(b, d);
	/*
	 * A broken plan would make every runbook that names a service fail
	 * too: report the plan's own errors and stop there.
	 */
	if (plan_ok && infra_ok) {
		link_runbooks(b, d);
		resolve_runbooks(b, d);
	}
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
