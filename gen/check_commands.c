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

#include "closest.h"
#include "check.h"
#include "fields.h"
#include "infra_index.h"
#include "shell_words.h"

struct ident_flag {
	const char *service, *flag, *type, *attr;
	bool many;          /* takes several values (--services a b c) */
	bool other_region;  /* may be in another region than --region */
};

static const struct ident_flag flags[] = {
	{ "rds", "--db-instance-identifier", "aws_db_instance", "identifier", false, false },
	/* a cross-region replica's source lives in the other region */
	{ "rds", "--source-db-instance-identifier", "aws_db_instance", "identifier", false, true },
	{ "rds", "--db-cluster-identifier", "aws_rds_cluster", "cluster_identifier", false, false },
	{ "ecs", "--cluster", "aws_ecs_cluster", "name", false, false },
	{ "ecs", "--clusters", "aws_ecs_cluster", "name", true, false },
	{ "ecs", "--service", "aws_ecs_service", "name", false, false },
	{ "ecs", "--services", "aws_ecs_service", "name", true, false },
	{ "route53", "--hosted-zone-id", "aws_route53_zone", "zone_id", false, false },
	{ "route53", "--health-check-id", "aws_route53_health_check", "id", false, false },
	{ "s3api", "--bucket", "aws_s3_bucket", "bucket", false, false },
	{ "elbv2", "--load-balancer-arn", "aws_lb", "arn", false, false },
	{ "elbv2", "--target-group-arn", "aws_lb_target_group", "arn", false, false },
	{ "elbv2", "--names", "aws_lb", "name", true, false },
	{ "elasticache", "--replication-group-id", "aws_elasticache_replication_group", "replication_group_id", false, false },
	{ "elasticache", "--primary-replication-group-id", "aws_elasticache_replication_group", "replication_group_id", false, false },
	{ "secretsmanager", "--secret-id", "aws_secretsmanager_secret", "name", false, false },
	{ "ssm", "--name", "aws_ssm_parameter", "name", false, false },
	{ "kms", "--key-id", "aws_kms_key", "key_id", false, false },
};

static bool resource_matches(const struct rb_resource *r, const char *attr,
			     const char *value)
{
	const char *a = json_string_value(json_object_get(rb_resource_attrs(r), attr));

	if (a && !strcmp(a, value))
		return true;
	/* an ARN names the resource as well as its identifier */
	return (r->arn && !strcmp(r->arn, value)) || (r->id && !strcmp(r->id, value));
}

/* The cluster name of an ECS service's `cluster` attribute (an ARN). */
static bool in_cluster(const struct rb_resource *r, const char *cluster)
{
	const char *c = json_string_value(json_object_get(rb_resource_attrs(r), "cluster"));
	const char *slash;

	if (!cluster || !c)
		return true;
	slash = strrchr(c, '/');
	return !strcmp(c, cluster) || (slash && !strcmp(slash + 1, cluster)) ||
	       (strrchr(cluster, '/') && !strcmp(c, cluster));
}

/*
 * Whether `r` can be addressed in `region`: its own region, or a region it
 * is replicated to by the service itself (a Secrets Manager secret's
 * `replica` blocks).
 */
static bool addressable_in(const struct rb_resource *r, const char *region)
{
	json_t *replicas = json_object_get(rb_resource_attrs(r), "replica");
	json_t *rep;
	size_t i;

	if (!strcmp(r->region, region))
		return true;
	json_array_foreach(replicas, i, rep) {
		const char *rr = json_string_value(json_object_get(rep, "region"));

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
	struct rb_infra_index *indexes; /* one per flags[] entry, built on first use */
	bool *built;
};

static struct rb_infra_index *flag_index(struct command_ctx *x, const struct ident_flag *f)
{
	size_t i = (size_t)(f - flags);

	if (!x->built[i]) {
		rb_infra_index_build(&x->indexes[i], &x->c->binder->infra, f->type, f->attr);
		x->built[i] = true;
	}
	return &x->indexes[i];
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

/* Checks one command: words [from, to) with words[from] == "aws". */
static void check_command(struct command_ctx *x, struct rb_shell_word *w, size_t from,
			  size_t to)
{
	struct rb_infra *inv = &x->c->binder->infra;
	const char *service, *op, *cluster = NULL;
	const struct rb_shell_word *region = NULL;
	bool creates;

	if (to - from < 3 || !w[from + 1].text || !w[from + 2].text)
		return;
	service = w[from + 1].text;
	op = w[from + 2].text;
	creates = rb_starts_with(op, "create-") || rb_starts_with(op, "restore-") ||
		  rb_starts_with(op, "copy-");
	for (size_t i = from + 3; i < to; i++) {
		for (size_t k = 0; k < RB_ARRAY_SIZE(introducing_flags); k++)
			if (!strcmp(w[i].text, introducing_flags[k]) && i + 1 < to &&
			    !w[i + 1].dynamic)
				rb_strlist_add(x->introduced, rb_xstrdup(w[i + 1].text));
		if (!strcmp(w[i].text, "--region") && i + 1 < to && !w[i + 1].dynamic)
			region = &w[i + 1];
		if (!strcmp(w[i].text, "--cluster") && i + 1 < to && !w[i + 1].dynamic)
			cluster = w[i + 1].text;
	}
	for (size_t i = from + 3; i < to; i++) {
		const struct ident_flag *f = NULL;

		for (size_t k = 0; k < RB_ARRAY_SIZE(flags); k++)
			if (!strcmp(flags[k].service, service) && !strcmp(flags[k].flag, w[i].text))
				f = &flags[k];
		if (!f)
			continue;
		for (size_t v = i + 1; v < to && !rb_starts_with(w[v].text, "--"); v++) {
			const char *value = w[v].text;
			bool found = false, region_ok = false, region_known = false;
			const char *first_region = NULL;

			if (w[v].dynamic)
				goto next;
			if (creates && !strcmp(f->flag, "--db-instance-identifier")) {
				rb_strlist_add(x->introduced, rb_xstrdup(value));
				goto next;
			}
			if (introduced(x->introduced, value))
				goto next;
			/* what could match: by the attribute, by ARN, by id */
			for (int by = 0; by < 3; by++) {
				size_t k = by == 0 ? rb_infra_index_first(flag_index(x, f), value)
					 : by == 1 ? rb_strmap_get(&inv->by_arn, value)
						   : rb_strmap_get(&inv->by_id, value);

				for (; k != SIZE_MAX;
				     k = by == 0 ? rb_infra_index_next(flag_index(x, f), k)
				       : by == 1 ? inv->items[k].next_arn : inv->items[k].next_id) {
					const struct rb_resource *res = &inv->items[k];

					if (strcmp(res->type, f->type) || !resource_matches(res, f->attr, value))
						continue;
					if (!strcmp(f->type, "aws_ecs_service") && !in_cluster(res, cluster))
						continue;
					found = true;
					if (res->region && strcmp(res->region, "global")) {
						region_known = true;
						if (!first_region)
							first_region = res->region;
						if (region && addressable_in(res, region->text))
							region_ok = true;
					}
				}
			}
			if (!found) {
				const struct rb_infra_index *ix = flag_index(x, f);
				const char *near = rb_closest(value, ix->values, ix->values_nr);

				rb_report(x->c, RB_RULE_CMD_UNKNOWN_IDENTIFIER, word_loc(x, &w[v]),
					  near ? NULL : "bind it with requires: and use a placeholder, or refresh the exports",
					  "'%s %s' names no %s in the infra exports%s%s%s", f->flag,
					  value, f->type, near ? " (did you mean '" : "",
					  near ? near : "", near ? "'?)" : "");
			} else if (region && region_known && !region_ok && !f->other_region) {
				rb_report(x->c, RB_RULE_CMD_WRONG_REGION, word_loc(x, region),
					  "use the resource's region, best through a placeholder like {{name.region}}",
					  "'--region %s' but %s '%s' is in %s", region->text,
					  f->type, value, first_region);
			}
next:
			if (!f->many)
				break;
		}
	}
}

void rb_check_commands(struct rb_checker *c)
{
	struct rb_binder *b = c->binder;
	struct rb_infra_index indexes[RB_ARRAY_SIZE(flags)];
	bool built[RB_ARRAY_SIZE(flags)] = { false };

	if (!b->infra.nr)
		return;
	for (size_t i = 0; i < b->runbooks_nr; i++) {
		struct rb_runbook *r = b->runbooks[i];
		struct rb_strlist intro = { 0 };
		cmark_iter *it = cmark_iter_new(r->doc);
		cmark_event_type ev;

		while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
			cmark_node *n = cmark_iter_get_node(it);
			struct rb_shell_words w = { 0 };
			struct command_ctx x = { c, r, 0, 0, &intro, indexes, built };
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
	}
	for (size_t k = 0; k < RB_ARRAY_SIZE(flags); k++)
		if (built[k])
			rb_infra_index_release(&indexes[k]);
}
