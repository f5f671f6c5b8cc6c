/*
 * check_commands.c - `aws ...` commands written in a runbook's shell code
 * blocks, checked against the inventory: every identifier they name must
 * exist, and a --region must be the region of what they name. Commands are
 * read as the shell would split them (quotes, backslash continuations,
 * `;`, `&&`, `|`, `$(...)`); values holding a shell expansion are dynamic
 * and not checked. An identifier a `create-*`, `restore-*` or `copy-*`
 * command introduces, or a --new-* / --target-* identifier names, is known
 * to the commands after it. A secret replicated to a region may be read
 * there.
 */
#include <ctype.h>

#include "aws_types.h"
#include "closest.h"
#include "check.h"
#include "dr_copies.h"
#include "recovery_time.h"
#include "fields.h"
#include "infra_index.h"
#include "shell_words.h"

static bool resource_matches(const struct rb_resource *r, const char *attr,
			     const char *value)
{
	const char *a = json_string_value(rb_resource_attr(r, attr));

	if (a && !strcmp(a, value))
		return true;
	/* an ARN names the resource as well as its identifier */
	return (r->arn && !strcmp(r->arn, value)) || (r->id && !strcmp(r->id, value));
}

/*
 * Whether `r` is within what the scope flag names: an ECS service's
 * `cluster` attribute (an ARN) against `--cluster NAME` or the ARN.
 */
static bool in_scope(const struct rb_resource *r, const char *attr, const char *scope)
{
	const char *c = attr ? json_string_value(rb_resource_attr(r, attr)) : NULL;
	const char *slash;

	if (!scope || !c)
		return true;
	slash = strrchr(c, '/');
	return !strcmp(c, scope) || (slash && !strcmp(slash + 1, scope)) ||
	       (strrchr(scope, '/') && !strcmp(c, scope));
}

/*
 * Whether `r` can be addressed in `region`: its own region, or a region it
 * is replicated to by the service itself (its type's RB_REL_REGIONS
 * relation: a Secrets Manager secret's `replica` blocks).
 */
static bool addressable_in(const struct rb_resource *r, const char *region)
{
	const struct rb_aws_relation *rel = rb_aws_relation(r->type, RB_REL_REGIONS);
	json_t *rep;
	size_t i;

	if (!strcmp(r->region, region))
		return true;
	json_array_foreach(rel ? rb_resource_attr(r, rel->attr) : NULL, i, rep) {
		const char *rr = json_string_value(json_object_get(rep, rel->key));

		if (rr && !strcmp(rr, region))
			return true;
	}
	return false;
}

/* Flags whose value names a new resource, known to the commands after. */
static const char *const introducing_flags[] = {
	"--new-db-instance-identifier",      /* rds modify-db-instance (rename) */
	"--target-db-instance-identifier",   /* rds restore-db-instance-to-point-in-time */
	"--new-db-cluster-identifier",
	"--target-db-cluster-identifier",
};

struct command_ctx {
	struct rb_checker *c;
	struct rb_runbook *r;
	int base_line;               /* file line of the block's first line */
	int base_col;
	struct rb_strlist *introduced;
	struct rb_infra_index *indexes; /* one per identifier flag, built on first use */
	bool *built;
	/* the words of the runbook's CloudWatch reads so far (its lag checks) */
	struct rb_strlist *reads;
};

/* What a command names, gathered word by word. */
struct named {
	const struct rb_shell_word *region;   /* its --region, or NULL */
	bool creates;                         /* create-*, restore-*, copy-* */
	const char *scope;                    /* the scope flag's value (ECS --cluster) */
	const struct rb_resource *target;     /* the one resource a flag names */
	/* what it changes, and what it reads, in the failed region */
	const struct rb_resource *failed_write, *failed_read;
	const struct rb_shell_word *failed_write_at, *failed_read_at;
	bool write_pinned;   /* the name alone says which one, whatever --region */
};

static struct rb_infra_index *flag_index(struct command_ctx *x, const char *type,
					 const struct rb_aws_ident *f, size_t slot)
{
	if (!x->built[slot]) {
		rb_infra_index_build(&x->indexes[slot], &x->c->binder->infra, type, f->attr);
		x->built[slot] = true;
	}
	return &x->indexes[slot];
}

static struct rb_loc word_loc(struct command_ctx *x, const struct rb_shell_word *w)
{
	return (struct rb_loc){ x->r->path, x->base_line + w->line,
				w->col + x->base_col };
}

static bool introduced(struct rb_strlist *l, const char *v)
{
	for (size_t i = 0; i < l->nr; i++)
		if (!strcmp(l->items[i], v))
			return true;
	return false;
}

/* Is `region` the one a failover runbook leaves (the plan's primary)? */
static bool in_failed_region(const struct command_ctx *x, const char *region)
{
	const char *primary = x->c->binder->config.primary_region;

	return x->r->kind == RB_KIND_FAILOVER && primary && *primary && !strcmp(region, primary);
}

/*
 * Commands that only look: a failover may ask the failed region what it
 * knows (its health, its last metrics); everything else changes something.
 */
static bool observes(const char *service, const char *op)
{
	static const char *const looks[] = {
		"describe-", "list-", "get-", "head-", "search-", "lookup-", "filter-",
		"batch-get-", "test-", "simulate-", "validate-", "estimate-", "preview-",
		"check-", "query", "scan", "wait", "help", "ls", "presign",
	};

	(void)service;
	for (size_t i = 0; i < RB_ARRAY_SIZE(looks); i++)
		if (rb_starts_with(op, looks[i]))
			return true;
	return false;
}

/*
 * The DR side of `r`: a resource of its type in the DR region that copies
 * it (a replica, a member of its group) or has its name.
 */
static const struct rb_resource *dr_counterpart(const struct rb_infra *inv, const char *dr,
						const struct rb_resource *r)
{
	const struct rb_aws_relation *same = rb_aws_relation(r->type, RB_REL_SAME_NAME);
	struct rb_dr_copy copies[16];
	size_t n = rb_dr_copies(inv, r, copies, RB_ARRAY_SIZE(copies));

	for (size_t i = 0; i < n && i < RB_ARRAY_SIZE(copies); i++) {
		const struct rb_resource *cp = copies[i].copy ? copies[i].copy : copies[i].by;

		if (cp != r && !strcmp(cp->type, r->type) && copies[i].region &&
		    !strcmp(copies[i].region, dr))
			return cp;
	}
	for (size_t i = 0; same && i < inv->nr; i++) {
		const struct rb_resource *o = &inv->items[i];
		const char *a = rb_resource_str(o, same->target_attr), *b = rb_resource_str(r, same->target_attr);

		if (o != r && !strcmp(o->type, r->type) && o->region && !strcmp(o->region, dr) &&
		    o->origin != RB_ORIGIN_AWSCLI && a && b && !strcmp(a, b))
			return o;
	}
	return NULL;
}

/*
 * A failover command that changes something in the region the failover
 * leaves: it hangs or fails when that region is down, and a change there
 * is not the recovery (the DR counterpart, when the inventory has one, is
 * what was meant). Global services (Route 53, IAM, CloudFront) are not
 * regional.
 */
static void failed_region(struct command_ctx *x, struct rb_shell_word *w, size_t from,
			  const struct named *nm)
{
	struct rb_binder *b = x->c->binder;
	const char *service = w[from + 1].text, *op = w[from + 2].text;
	const struct rb_shell_word *region = nm->region;
	const struct rb_resource *named = nm->failed_write, *dr;
	struct rb_buf what = RB_BUF_INIT;

	if (x->r->kind != RB_KIND_FAILOVER || observes(service, op) ||
	    !strcmp(service, "route53") || !strcmp(service, "iam") || !strcmp(service, "cloudfront") ||
	    !strcmp(service, "health"))
		return;
	if (nm->failed_read && !named) {
		/* it changes the DR side from what the failed region holds */
		dr = dr_counterpart(&b->infra, b->config.dr_region, nm->failed_read);
		rb_report(x->c, RB_RULE_CMD_FAILED_REGION, word_loc(x, nm->failed_read_at),
			  dr ? NULL : "read from the DR region's copy, best through a placeholder like {{name.region}}",
			  "'aws %s %s' in a failover reads %s in %s, the region the failover leaves: it fails while that region is down%s%s",
			  service, op, rb_resource_label(nm->failed_read), b->config.primary_region,
			  dr ? "; its DR copy is " : "", dr ? rb_resource_label(dr) : "");
		return;
	}
	if (region && !in_failed_region(x, region->text) && !nm->write_pinned)
		return;         /* it says its region, and that is not the failed one */
	if (!region && !named)
		return;
	dr = named ? dr_counterpart(&b->infra, b->config.dr_region, named) : NULL;
	if (named)
		rb_buf_addf(&what, " on %s", rb_resource_label(named));
	rb_report(x->c, RB_RULE_CMD_FAILED_REGION,
		  word_loc(x, nm->write_pinned ? nm->failed_write_at : region ? region : &w[from + 2]),
		  dr ? NULL : "act on the DR region's resource, best through a placeholder like {{name.region}}",
		  "'aws %s %s'%s in a failover changes something in %s, the region the failover leaves%s%s",
		  service, op, what.ptr, b->config.primary_region,
		  dr ? ": its DR counterpart is " : "", dr ? rb_resource_label(dr) : "");
	rb_buf_release(&what);
}

/* Has the runbook read one of `metrics` before this command? */
static bool lag_read(const struct command_ctx *x, const char *const *metrics, size_t n)
{
	for (size_t i = 0; i < x->reads->nr; i++)
		for (size_t k = 0; k < n && metrics[k]; k++)
			if (strstr(x->reads->items[i], metrics[k]))
				return true;
	return false;
}

/*
 * What a failover must do before a command: read the copy's lag before
 * promoting it (the type table's promote operations and lag metrics), and
 * leave the DNS switch to the health check where the state fails DNS over
 * by itself (a change of records by hand needs Route 53's control plane,
 * in us-east-1, during the outage). Records the runbook's CloudWatch reads.
 */
static void failover_order(struct command_ctx *x, struct rb_shell_word *w, size_t from, size_t to)
{
	const char *service = w[from + 1].text, *op = w[from + 2].text;
	const struct rb_resource *record, *health, *secondary;

	if (!strcmp(service, "cloudwatch") && rb_starts_with(op, "get-metric-")) {
		for (size_t i = from + 3; i < to; i++)
			rb_strlist_add(x->reads, rb_xstrdup(w[i].text));
		return;
	}
	if (x->r->kind != RB_KIND_FAILOVER)
		return;
	for (size_t t = 0; t < rb_aws_types_nr; t++)
		for (size_t k = 0; k < RB_ARRAY_SIZE(rb_aws_types[t].relations); k++) {
			const struct rb_aws_relation *rel = &rb_aws_types[t].relations[k];
			bool promotes = false;

			for (size_t m = 0; rel->promote_service && m < RB_ARRAY_SIZE(rel->promote_ops); m++)
				promotes |= rel->promote_ops[m] && !strcmp(service, rel->promote_service) &&
					    !strcmp(op, rel->promote_ops[m]);
			if (promotes && !lag_read(x, rel->lag_metrics, RB_ARRAY_SIZE(rel->lag_metrics)))
				rb_report(x->c, RB_RULE_CMD_PROMOTE_WITHOUT_LAG, word_loc(x, &w[from + 2]),
					  "read the lag first (aws cloudwatch get-metric-statistics --metric-name ...) and compare it with the RPO",
					  "'aws %s %s' promotes %s (%s) with no earlier read of its lag (%s): what it has not received is lost",
					  service, op, rel->what ? rel->what : "the copy", rel->mechanism,
					  rel->lag_metrics[0]);
		}
	if (strcmp(service, "route53") || strcmp(op, "change-resource-record-sets"))
		return;
	rb_recovery_dns(x->c->binder, &record, &health, &secondary);
	if (record && health && secondary)
		rb_report(x->c, RB_RULE_CMD_MANUAL_DNS, word_loc(x, &w[from + 2]),
			  "let the health check fail the record over (or invert the health check: aws route53 update-health-check --inverted)",
			  "'aws route53 change-resource-record-sets' in a failover changes DNS by hand, but %s fails over by itself with its health check; a change of records needs Route 53's control plane during the outage",
			  rb_resource_label(record));
}

/*
 * A command that sets how many of `target` run (ecs update-service
 * --desired-count, autoscaling ... --desired-capacity), with a literal
 * count, or the class of a database (rds modify-db-instance
 * --db-instance-class): noted for dr-capacity.
 */
static void scale_action(struct command_ctx *x, struct rb_shell_word *w, size_t from,
			 size_t to, const struct rb_resource *target)
{
	const struct rb_aws_type *t = rb_aws_type(target->type);
	struct rb_checker *c = x->c;

	for (size_t k = 0; k < RB_ARRAY_SIZE(t->capacity.set) && t->capacity.set[k].service; k++) {
		if (strcmp(w[from + 1].text, t->capacity.set[k].service) ||
		    strcmp(w[from + 2].text, t->capacity.set[k].command))
			continue;
		for (size_t i = from + 3; i + 1 < to; i++) {
			char *end;
			long n;

			if (strcmp(w[i].text, t->capacity.set[k].flag) || w[i + 1].dynamic)
				continue;
			n = strtol(w[i + 1].text, &end, 10);
			if (end == w[i + 1].text || *end || n < 0)
				continue;
			RB_GROW(c->scales, c->scales_nr + 1, c->scales_alloc);
			c->scales[c->scales_nr++] = (struct rb_scale_action){
				x->r, (size_t)(target - c->binder->infra.items), n, word_loc(x, &w[i + 1]), NULL };
		}
	}
	/* a database's class (rds modify-db-instance --db-instance-class) */
	for (size_t k = 0; k < RB_ARRAY_SIZE(t->size.set) && t->size.set[k].service; k++) {
		if (strcmp(w[from + 1].text, t->size.set[k].service) ||
		    strcmp(w[from + 2].text, t->size.set[k].command))
			continue;
		for (size_t i = from + 3; i + 1 < to; i++) {
			if (strcmp(w[i].text, t->size.set[k].flag) || w[i + 1].dynamic || !*w[i + 1].text)
				continue;
			RB_GROW(c->scales, c->scales_nr + 1, c->scales_alloc);
			c->scales[c->scales_nr++] = (struct rb_scale_action){
				x->r, (size_t)(target - c->binder->infra.items), -1, word_loc(x, &w[i + 1]),
				rb_infra_intern(&c->binder->infra, w[i + 1].text) };
		}
	}
}

/*
 * One identifier the command names, `value` as written at word `at`: it
 * must be in the inventory (or made by an earlier command), in the
 * command's region; noted in the runbook's named resources, and as a
 * change or a read in the failed region.
 */
static void check_value(struct command_ctx *x, const struct rb_aws_type *t,
			const struct rb_aws_ident *f, size_t slot, const char *value,
			const struct rb_shell_word *at, bool writes, struct named *nm)
{
	struct rb_infra *inv = &x->c->binder->infra;
	const struct rb_shell_word *region = nm->region;
	bool found = false, region_ok = false, region_known = false;
	const char *first_region = NULL;
	const char *type = t->type;

	if (nm->creates && f->created) {
		rb_strlist_add(x->introduced, rb_xstrdup(value));
		return;
	}
	if (introduced(x->introduced, value))
		return;
	/* what could match: by the attribute, by ARN, by id */
	for (int by = 0; by < 3; by++) {
		size_t k = by == 0 ? rb_infra_index_first(flag_index(x, type, f, slot), value)
			 : by == 1 ? rb_strmap_get(&inv->by_arn, value)
				   : rb_strmap_get(&inv->by_id, value);

		for (; k != SIZE_MAX;
		     k = by == 0 ? rb_infra_index_next(flag_index(x, type, f, slot), k)
		       : by == 1 ? inv->items[k].next_arn : inv->items[k].next_id) {
			const struct rb_resource *res = &inv->items[k];

			if (strcmp(res->type, type) || !resource_matches(res, f->attr, value) ||
			    !in_scope(res, f->scope_attr, nm->scope))
				continue;
			found = true;
			RB_GROW(x->r->named, x->r->named_nr + 1, x->r->named_alloc);
			x->r->named[x->r->named_nr++] = k;
			if (!f->many && !f->uri && (rb_aws_type(res->type)->capacity.attr ||
						    rb_aws_type(res->type)->size.attr))
				nm->target = res;
			if (res->region && in_failed_region(x, res->region)) {
				if (writes && !nm->failed_write) {
					nm->failed_write = res;
					nm->failed_write_at = at;
					nm->write_pinned = f->other_region;
				} else if (!writes && !nm->failed_read) {
					nm->failed_read = res;
					nm->failed_read_at = at;
				}
			}
			if (res->region && strcmp(res->region, "global")) {
				region_known = true;
				if (!first_region)
					first_region = res->region;
				if (region && addressable_in(res, region->text))
					region_ok = true;
			}
		}
	}
	if (!found && rb_dr_copy_named(inv, type, value, &first_region)) {
		/* a replica its source's replication made */
		found = true;
		region_known = first_region != NULL;
		region_ok = region && first_region && !strcmp(region->text, first_region);
	}
	if (!found) {
		const struct rb_infra_index *ix = flag_index(x, type, f, slot);
		const char *near = rb_closest(value, ix->values, ix->values_nr);

		rb_report(x->c, RB_RULE_CMD_UNKNOWN_IDENTIFIER, word_loc(x, at),
			  near ? NULL : "bind it with requires: and use a placeholder, or refresh the exports",
			  "'%s%s%s' names no %s in the infra exports%s%s%s",
			  f->uri ? "" : f->flag, f->uri ? "" : " ", f->uri ? at->text : value, type,
			  near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
	} else if (region && region_known && !region_ok && !f->other_region) {
		rb_report(x->c, RB_RULE_CMD_WRONG_REGION, word_loc(x, region),
			  "use the resource's region, best through a placeholder like {{name.region}}",
			  "'--region %s' but %s '%s' is in %s", region->text,
			  type, value, first_region);
	}
}

/*
 * The positional words of a command (after service and operation, before
 * its first --flag) that name a resource by URI (s3://bucket/key): the
 * last positional word is what it writes, the others what it reads.
 */
static void check_uris(struct command_ctx *x, struct rb_shell_word *w, size_t from, size_t to,
		       bool observing, struct named *nm)
{
	size_t end = from + 3;

	while (end < to && !rb_starts_with(w[end].text, "--"))
		end++;
	for (size_t i = from + 3; i < end; i++) {
		const struct rb_aws_type *t;
		size_t slot;
		const struct rb_aws_ident *f = rb_aws_ident_find(w[from + 1].text, w[i].text, &t, &slot);
		const char *name;
		char *value;

		if (!f || !f->uri)
			continue;
		name = w[i].text + strlen(f->flag);
		value = rb_xstrndup(name, strcspn(name, "/"));
		/* the key may be an expansion; the bucket must be as written */
		if (*value && !strpbrk(value, "$`{"))
			check_value(x, t, f, slot, value, &w[i], !observing && i + 1 == end, nm);
		free(value);
	}
}

/* Checks one command: words [from, to) with words[from] == "aws". */
static void check_command(struct command_ctx *x, struct rb_shell_word *w, size_t from,
			  size_t to)
{
	const char *service, *op;
	struct named nm = { 0 };
	bool observing;

	if (to - from < 3 || !w[from + 1].text || !w[from + 2].text)
		return;
	service = w[from + 1].text;
	op = w[from + 2].text;
	observing = observes(service, op);
	nm.creates = rb_starts_with(op, "create-") || rb_starts_with(op, "restore-") ||
		     rb_starts_with(op, "copy-");
	for (size_t i = from + 3; i < to; i++) {
		for (size_t k = 0; k < RB_ARRAY_SIZE(introducing_flags); k++)
			if (!strcmp(w[i].text, introducing_flags[k]) && i + 1 < to &&
			    !w[i + 1].dynamic)
				rb_strlist_add(x->introduced, rb_xstrdup(w[i + 1].text));
		if (!strcmp(w[i].text, "--region") && i + 1 < to && !w[i + 1].dynamic)
			nm.region = &w[i + 1];
	}
	check_uris(x, w, from, to, observing, &nm);
	for (size_t i = from + 3; i < to; i++) {
		const struct rb_aws_type *t;
		size_t slot;
		const struct rb_aws_ident *f = rb_aws_ident_find(service, w[i].text, &t, &slot);

		if (!f || f->uri)
			continue;
		/* the value of the flag that scopes the lookup (ECS --cluster) */
		nm.scope = NULL;
		for (size_t k = from + 3; f->scope_flag && k + 1 < to; k++)
			if (!strcmp(w[k].text, f->scope_flag) && !w[k + 1].dynamic)
				nm.scope = w[k + 1].text;
		for (size_t v = i + 1; v < to && !rb_starts_with(w[v].text, "--"); v++) {
			if (!w[v].dynamic)
				check_value(x, t, f, slot, w[v].text, &w[v], !observing && !f->reads, &nm);
			if (!f->many)
				break;
		}
	}
	if (nm.target)
		scale_action(x, w, from, to, nm.target);
	failed_region(x, w, from, &nm);
	failover_order(x, w, from, to);
}

void rb_check_commands(struct rb_checker *c)
{
	struct rb_binder *b = c->binder;
	struct rb_infra_index indexes[RB_AWS_IDENT_SLOTS];
	bool built[RB_AWS_IDENT_SLOTS] = { false };

	if (!b->infra.nr)
		return;
	for (size_t i = 0; i < b->runbooks_nr; i++) {
		struct rb_runbook *r = b->runbooks[i];
		struct rb_strlist intro = { 0 }, reads = { 0 };
		cmark_iter *it;
		cmark_event_type ev;

		/* a page that did not parse has its own error and nothing to check */
		if (!r->doc)
			continue;
		it = cmark_iter_new(r->doc);
		while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
			cmark_node *n = cmark_iter_get_node(it);
			struct rb_shell_words w = { 0 };
			struct command_ctx x = { c, r, 0, 0, &intro, indexes, built, &reads };
			size_t start = 0;

			if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_CODE_BLOCK ||
			    !rb_shell_info(cmark_node_get_fence_info(n)))
				continue;
			x.base_line = cmark_node_get_start_line(n) + 1 + r->body_line - 1;
			x.base_col = 1;
			rb_shell_split(cmark_node_get_literal(n), &w);
			for (size_t k = 0; k <= w.nr; k++) {
				if (k < w.nr && !w.items[k].sep)
					continue;
				/* a command: skip VAR=value prefixes, then look for aws */
				while (start < k && strchr(w.items[start].text, '=') &&
				       w.items[start].text[0] != '-')
					start++;
				if (start < k && !strcmp(w.items[start].text, "aws"))
					check_command(&x, w.items, start, k);
				start = k + 1;
			}
			rb_shell_words_release(&w);
		}
		cmark_iter_free(it);
		rb_strlist_release(&intro);
		rb_strlist_release(&reads);
	}
	for (size_t k = 0; k < RB_AWS_IDENT_SLOTS; k++)
		if (built[k])
			rb_infra_index_release(&indexes[k]);
}
