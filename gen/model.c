#include "duration.h"
#include "figure_charts.h"
#include "model.h"
#include "sha256.h"
#include "recovery_time.h"
#include "service_roles.h"
#include "topology.h"

static json_t *dur(long secs)
{
	struct rb_buf b = RB_BUF_INIT;
	json_t *j;

	if (secs < 0)
		return json_string("");
	rb_duration_format(&b, secs);
	j = json_string(b.ptr);
	rb_buf_release(&b);
	return j;
}

static json_t *dur_range(long lo, long hi)
{
	struct rb_buf b = RB_BUF_INIT;
	json_t *j;

	if (lo < 0)
		return json_string("");
	rb_duration_format(&b, lo);
	if (hi != lo) {
		rb_buf_adds(&b, "\u2013");
		rb_duration_format(&b, hi);
	}
	j = json_string(b.ptr);
	rb_buf_release(&b);
	return j;
}

static json_t *date(long days)
{
	struct rb_buf b = RB_BUF_INIT;
	json_t *j;

	if (days < 0)
		return json_string("");
	rb_date_format(&b, days);
	j = json_string(b.ptr);
	rb_buf_release(&b);
	return j;
}

/* 1500 -> "1,500" */
static void add_thousands(struct rb_buf *b, long n)
{
	char tmp[32];
	int len = snprintf(tmp, sizeof(tmp), "%ld", n);

	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			rb_buf_addch(b, ',');
		rb_buf_addch(b, tmp[i]);
	}
}

static json_t *cost(long lo, long hi)
{
	struct rb_buf b = RB_BUF_INIT;
	json_t *j;

	rb_buf_addch(&b, '$');
	add_thousands(&b, lo);
	if (hi != lo) {
		rb_buf_adds(&b, "\u2013");
		add_thousands(&b, hi);
	}
	j = json_string(b.ptr);
	rb_buf_release(&b);
	return j;
}

static const char *kind_label(enum rb_runbook_kind k)
{
	switch (k) {
	case RB_KIND_FAILOVER: return "Failover";
	case RB_KIND_FAILBACK: return "Failback";
	case RB_KIND_RESTORE_TEST: return "Restore test";
	default: return "Procedure";
	}
}

static const char *drill_label(enum rb_drill_type t)
{
	switch (t) {
	case RB_DRILL_BACKUP_RESTORE: return "Backup restore test";
	case RB_DRILL_TABLETOP: return "Tabletop exercise";
	case RB_DRILL_COMPONENT_FAILOVER: return "Component failover";
	default: return "Full DR drill";
	}
}

static const char *period_label(int months)
{
	switch (months) {
	case 1: return "monthly";
	case 3: return "quarterly";
	default: return "twice a year";
	}
}

/*
 * A phone number as a tel: URI: a leading "+" and the digits, the visual
 * separators (spaces, dots, dashes, parentheses) left out (RFC 3966).
 */
static json_t *tel_uri(const char *phone)
{
	struct rb_buf b = RB_BUF_INIT;
	json_t *j;

	rb_buf_adds(&b, "tel:");
	for (const char *s = phone ? phone : ""; *s; s++)
		if ((*s >= '0' && *s <= '9') || (*s == '+' && b.len == 4))
			rb_buf_addch(&b, *s);
	j = json_string(b.len > 4 ? b.ptr : "");
	rb_buf_release(&b);
	return j;
}

/* A phone number that print and text never break across lines: no-break spaces. */
static json_t *unbroken(const char *phone)
{
	struct rb_buf b = RB_BUF_INIT;
	json_t *j;

	for (const char *s = phone ? phone : ""; *s; s++)
		if (*s == ' ')
			rb_buf_adds(&b, "\u00a0");
		else
			rb_buf_addch(&b, *s);
	j = json_string(b.ptr);
	rb_buf_release(&b);
	return j;
}

/* A runbook's or a service's owners, with what it takes to call them. */
static json_t *contact_refs(struct rb_plan *p, json_t *ids)
{
	json_t *list = json_array();
	size_t i;
	json_t *v;

	json_array_foreach(ids, i, v) {
		struct rb_contact *c = rb_plan_contact(p, json_string_value(v));
		const char *phone = c && c->phone ? c->phone : "";

		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:o, s:s, s:b}",
			"id", json_string_value(v),
			"name", c ? c->name : json_string_value(v),
			"role", c && c->role ? c->role : "",
			"phone", phone, "tel", tel_uri(phone),
			"email", c && c->email ? c->email : "",
			"last", i + 1 == json_array_size(ids)));
	}
	return list;
}

static json_t *strategy_json(struct rb_strategy *s)
{
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o}",
			 "id", s->id, "name", s->name,
			 "description", s->description,
			 "rto", dur_range(s->rto_lo, s->rto_hi),
			 "rpo", dur_range(s->rpo_lo, s->rpo_hi),
			 "cost", cost(s->cost_lo, s->cost_hi));
}

static json_t *runbook_ref(struct rb_runbook *r)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s}",
			 "id", r->id, "title", r->title,
			 "kind", rb_runbook_kind_name(r->kind),
			 "kind_label", kind_label(r->kind),
			 "href", "");
}

/* For each service (by index), the list of its runbooks, in one pass. */
static json_t **service_refs(struct rb_binder *b)
{
	json_t **refs = rb_xcalloc(b->plan.services_nr + 1, sizeof(*refs));

	for (size_t k = 0; k < b->plan.services_nr; k++)
		refs[k] = json_array();
	for (size_t i = 0; i < b->runbooks_nr; i++)
		if (b->runbooks[i]->service)
			json_array_append_new(refs[b->runbooks[i]->service - b->plan.services],
					      runbook_ref(b->runbooks[i]));
	return refs;
}

/*
 * What a failover of the service takes and may lose (recovery_time.h),
 * for the plan page's table and bar: durations as text, the bar as a
 * figure (figure_charts.h).
 */
static json_t *recovery_json(const struct rb_binder *b, const struct rb_service *s)
{
	struct rb_recovery rec;
	struct rb_figure fig;
	json_t *j;

	rb_recovery_compute(b, s, &rec);
	j = json_pack("{s:b, s:b}", "has_rto", rec.rto >= 0 && s->rto > 0,
		      "has_rpo", rec.stores > 0 && s->rpo > 0);
	if (rec.rto >= 0 && s->rto > 0) {
		long spare = s->rto - rec.rto;

		json_object_update_new(j, json_pack("{s:o, s:o, s:b, s:b, s:o, s:I, s:o, s:o, s:o, s:s, s:s, s:b, s:o, s:o}",
			"rto", dur(rec.rto), "rto_target", dur(s->rto), "rto_over", spare < 0,
			"rto_tight", spare >= 0 && spare * 100 < s->rto * b->config.rto_margin,
			"spare", dur(spare >= 0 ? spare : -spare),
			"spare_pct", (json_int_t)(spare * 100 / s->rto),
			"detection", dur(rec.detection), "dns", dur(rec.dns), "steps", dur(rec.steps),
			"runbook_id", rec.failover->id, "runbook_title", rec.failover->title,
			"steps_from_estimate", rec.steps_from_estimate,
			"drill", dur(rec.drill_rto), "drill_date", date(rec.drill_date)));
		rb_chart_rto_bar(&fig, s, &rec);
		json_object_set_new(j, "figure", rb_figure_json(&fig));
		rb_figure_release(&fig);
	}
	if (rec.stores > 0 && s->rpo > 0)
		json_object_update_new(j, json_pack("{s:o, s:o, s:b, s:b, s:s, s:s, s:s}",
			"rpo", dur(rec.rpo), "rpo_target", dur(s->rpo),
			"rpo_none", rec.rpo < 0, "rpo_over", rec.rpo > s->rpo,
			"rpo_store", rb_resource_label(rec.rpo_store),
			"rpo_mechanism", rec.rpo_copy.rel ? rec.rpo_copy.rel->mechanism : "",
			"rpo_by", rec.rpo_copy.by ? rb_resource_label(rec.rpo_copy.by) : ""));
	return j;
}

/* The roles table's first column: "DR copy: replica", "Primary compute". */
static json_t *role_label(const struct rb_role *r)
{
	static const char *const kinds[RB_ROLE_KINDS] = {
		[RB_ROLE_DATA] = "data store", [RB_ROLE_COPY] = "copy",
		[RB_ROLE_COMPUTE] = "compute", [RB_ROLE_DNS] = "DNS record",
		[RB_ROLE_HEALTH] = "health check", [RB_ROLE_KEY] = "KMS key",
		[RB_ROLE_OTHER] = "resource",
	};
	const char *side = !strcmp(r->side, "dr") ? "DR" : !strcmp(r->side, "global") ? "Global"
										 : "Primary";
	const char *what = r->what && rb_starts_with(r->what, "the ") ? r->what + 4 : r->what;

	if (r->kind == RB_ROLE_COPY && what)
		return json_sprintf("DR copy: %s", what);
	if (r->kind == RB_ROLE_HEALTH)
		return json_string("Health check");
	return json_sprintf("%s %s", side, kinds[r->kind]);
}

/*
 * An address in pieces that end after a '.' or a '_', where the HTML
 * table may break it (a <wbr> after each but the last, `more`) rather
 * than inside a word.
 */
static json_t *break_parts(const char *label)
{
	json_t *parts = json_array();
	const char *from = label;

	for (const char *p = label; *p; p++)
		if ((*p == '.' || *p == '_') && p[1]) {
			json_array_append_new(parts, json_pack("{s:s%, s:b}", "t", from,
							       (size_t)(p + 1 - from), "more", 1));
			from = p + 1;
		}
	if (*from)
		json_array_append_new(parts, json_pack("{s:s, s:b}", "t", from, "more", 0));
	return parts;
}

/* What the counterpart of a store is when it is no resource ("table replica"). */
static const char *counterpart_what(const struct rb_role *roles, size_t n, const struct rb_role *r)
{
	if (r->kind != RB_ROLE_DATA || r->counterpart || !r->mechanism)
		return "";
	for (size_t i = 0; i < n; i++)
		if (roles[i].kind == RB_ROLE_COPY && roles[i].counterpart == r->r && !roles[i].r &&
		    roles[i].what && !strcmp(roles[i].mechanism, r->mechanism))
			return rb_starts_with(roles[i].what, "the ") ? roles[i].what + 4 : roles[i].what;
	return "";
}

/*
 * What each resource of the service is for (service_roles.h), for the
 * plan page's roles table: the role, the resource, its region, its
 * counterpart on the other side, how the data gets there, the key's region.
 */
static json_t *roles_json(const struct rb_role *roles, size_t n)
{
	json_t *list = json_array();

	for (size_t i = 0; i < n; i++) {
		const struct rb_role *r = &roles[i];

		json_array_append_new(list, json_pack("{s:o, s:s, s:s, s:b, s:s, s:s, s:s, s:s, s:s}",
			"role", role_label(r), "kind", rb_role_kind_name(r->kind), "side", r->side,
			"is_resource", r->r != NULL,
			"resource", r->r ? rb_resource_label(r->r) : !r->what ? ""
				    : rb_starts_with(r->what, "the ") ? r->what + 4 : r->what,
			"region", r->region ? r->region : "global",
			"counterpart", r->counterpart ? rb_resource_label(r->counterpart) : "",
			"counterpart_what", counterpart_what(roles, n, r),
			"mechanism", r->mechanism ? r->mechanism : ""));
		json_object_set_new(json_array_get(list, i), "key_region",
				    json_string(r->key_region ? r->key_region : ""));
		json_object_set_new(json_array_get(list, i), "resource_parts",
				    break_parts(r->r ? rb_resource_label(r->r) : ""));
		json_object_set_new(json_array_get(list, i), "counterpart_parts",
				    break_parts(r->counterpart ? rb_resource_label(r->counterpart) : ""));
	}
	return list;
}

/* The service's topology (topology.h), drawn from the roles of its resources. */
static json_t *topology_json(const struct rb_binder *b, const struct rb_service *s,
			     const struct rb_role *roles, size_t n)
{
	struct rb_figure fig;
	json_t *j = NULL;

	if (rb_topology(&fig, b, s, roles, n))
		j = rb_figure_json(&fig);
	rb_figure_release(&fig);
	return j;
}

static json_t *service_json(struct rb_binder *b, struct rb_service *s,
			    json_t *refs)
{
	json_t *runbooks = json_deep_copy(refs);
	json_t *j;

	j = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:b, s:s, s:s, s:o, s:o}",
		      "id", s->id, "name", s->name,
		      "description", s->description,
		      "tier", s->tier_id,
		      "rto", dur(s->rto), "rpo", dur(s->rpo),
		      "own_targets", s->own_targets,
		      "strategy", s->strategy_id ? s->strategy_id : "",
		      "strategy_name", s->strategy ? s->strategy->name : "",
		      "owners", contact_refs(&b->plan, s->owners),
		      "runbooks", runbooks);
	json_object_set_new(j, "recovery", recovery_json(b, s));
	{
		size_t n;
		struct rb_role *list = rb_service_roles_list(b, s, &n);
		json_t *roles = roles_json(list, n), *topo = topology_json(b, s, list, n);
		struct rb_figure fig;

		free(list);
		json_object_set_new(j, "has_roles", json_boolean(json_array_size(roles) > 0));
		json_object_set_new(j, "roles", roles);
		if (rb_chart_drills(&fig, b, s))
			json_object_set_new(j, "drill_chart", rb_figure_json(&fig));
		rb_figure_release(&fig);
		if (topo)
			json_object_set_new(j, "topology", topo);
	}
	return j;
}

static json_t *steps_json(struct rb_runbook *r)
{
	json_t *list = json_array();

	for (size_t i = 0; i < r->steps_nr; i++) {
		struct rb_step *st = &r->steps[i];

		json_array_append_new(list, json_pack("{s:i, s:s, s:s, s:o}",
			"number", (int)(i + 1), "title", st->title,
			"anchor", st->slug,
			"estimate", dur_range(st->est_lo, st->est_hi)));
	}
	return list;
}

/* Whether runbook `r` binds resource `k` (a placeholder resolves to it) or names it. */
static bool uses_resource(const struct rb_runbook *r, size_t k)
{
	for (size_t i = 0; i < r->bindings_nr; i++)
		if (r->bindings[i].resource == k)
			return true;
	for (size_t i = 0; i < r->named_nr; i++)
		if (r->named[i] == k)
			return true;
	return false;
}

/*
 * The findings of the checks: all of them (`r` NULL), or those of one
 * runbook's banner: found in its file, or about a resource it binds or
 * whose identifier one of its literal commands names. `where` says the
 * place: "line 14" in the runbook itself, "path:line" elsewhere.
 */
static json_t *findings_of(const struct rb_diags *d, const struct rb_runbook *r)
{
	json_t *list = json_array();
	struct rb_buf where = RB_BUF_INIT;

	for (size_t i = 0; d && i < d->nr; i++) {
		const struct rb_diag *g = &d->items[i];
		bool own = r && g->path && !strcmp(g->path, r->path);

		if (!g->rule || (r && !own && (g->about == SIZE_MAX || !uses_resource(r, g->about))))
			continue;
		rb_buf_reset(&where);
		if (own)
			rb_buf_addf(&where, "line %d", g->line);
		else if (g->line)
			rb_buf_addf(&where, "%s:%d", g->path ? g->path : "", g->line);
		else
			rb_buf_adds(&where, g->path ? g->path : "");
		/* a finding about a whole file or folder has no line: null, not 0 */
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:o, s:s, s:s, s:b, s:b}",
			"rule", g->rule, "severity", rb_severity_name(g->severity),
			"path", g->path ? g->path : "",
			"line", g->line > 0 ? json_integer(g->line) : json_null(),
			"where", where.ptr, "message", g->message,
			"error", g->severity == RB_SEV_ERROR, "elsewhere", r && !own));
	}
	rb_buf_release(&where);
	return list;
}

static json_t *last_change(const struct rb_last_change *c)
{
	struct rb_buf when = RB_BUF_INIT;
	json_t *j;

	if (!c || !c->short_id[0])
		return json_pack("{s:b}", "dirty", c && c->dirty);
	rb_date_format(&when, (long)(c->time / 86400));
	j = json_pack("{s:s, s:s, s:s, s:s, s:b, s:b, s:b, s:b}", "date", when.ptr,
		      "author", c->author, "short", c->short_id, "subject", c->subject,
		      "dirty", c->dirty, "known", 1, "before", c->before, "exact", !c->before);
	rb_buf_release(&when);
	return j;
}

static json_t *runbook_json(struct rb_binder *b, struct rb_runbook *r,
			    const struct rb_diags *findings,
			    const struct rb_last_change *change)
{
	json_t *j = runbook_ref(r);
	struct rb_service *s = r->service;
	json_t *owners = r->owners ? r->owners : (s ? s->owners : NULL);

	json_object_set_new(j, "path", json_string(r->path));
	/* what another tool's front matter said of the page */
	json_object_set_new(j, "description", json_string(r->description ? r->description : ""));
	json_object_set_new(j, "tags", r->tags ? json_copy(r->tags) : json_array());
	json_object_set_new(j, "aliases", r->aliases ? json_copy(r->aliases) : json_array());
	json_object_set_new(j, "date", json_string(r->date ? r->date : ""));
	json_object_set_new(j, "estimate", dur(r->estimate));
	json_object_set_new(j, "last_reviewed", date(r->last_reviewed));
	json_object_set_new(j, "owners", contact_refs(&b->plan, owners));
	json_object_set_new(j, "steps", steps_json(r));
	json_object_set_new(j, "steps_count", json_integer((json_int_t)r->steps_nr));
	json_object_set_new(j, "has_steps", json_boolean(r->steps_nr > 0));
	json_object_set_new(j, "findings", findings_of(findings, r));
	json_object_set_new(j, "last_change", last_change(change));
	/*
	 * A runbook whose last change is a commit and that has no change
	 * beside it names that change, not the build, on its own pages and
	 * scripts: an unchanged runbook then gives the same bytes at the next
	 * build (cheap to publish, linked rather than written), and the ticks
	 * a browser keeps for it survive a rebuild (they key on its text).
	 */
	{
		char hex[65];
		bool stable = change && change->short_id[0] && !change->dirty;

		rb_sha256_hex(r->source, strlen(r->source), hex);
		hex[12] = '\0';
		json_object_set_new(j, "content_id", json_string(hex));
		json_object_set_new(j, "stable", json_boolean(stable));
	}
	json_object_set_new(j, "has_findings",
			    json_boolean(json_array_size(json_object_get(j, "findings")) > 0));
	if (r->failback_id) {
		struct rb_runbook *fb = rb_binder_runbook(b, r->failback_id);

		json_object_set_new(j, "failback", json_pack("{s:s, s:s}",
			"id", r->failback_id, "title", fb ? fb->title : r->failback_id));
	}
	if (s) {
		json_object_set_new(j, "service", json_pack("{s:s, s:s, s:s, s:o, s:o, s:I, s:s}",
			"id", s->id, "name", s->name, "tier", s->tier_id,
			"rto", dur(s->rto), "rpo", dur(s->rpo),
			"rto_seconds", (json_int_t)s->rto,
			"strategy_name", s->strategy ? s->strategy->name : ""));
	}
	return j;
}

/* Drill calendar: for each type, the last drill and the next due date. */
static json_t *calendar_json(struct rb_binder *b, long today)
{
	json_t *list = json_array();

	for (int t = 0; t < RB_DRILL_TYPES; t++) {
		long last = -1, due;
		const char *result = "";
		int months = rb_drill_period_months((enum rb_drill_type)t);
		bool overdue;

		for (size_t i = 0; i < b->plan.drills_nr; i++) {
			struct rb_drill *dr = &b->plan.drills[i];

			if ((int)dr->type == t && dr->date > last) {
				last = dr->date;
				result = dr->result;
			}
		}
		due = last >= 0 ? rb_date_add_months(last, months) : today;
		overdue = due < today || last < 0;
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:o, s:s, s:o, s:b, s:i}",
			"type", rb_drill_type_name((enum rb_drill_type)t),
			"label", drill_label((enum rb_drill_type)t),
			"period", period_label(months),
			"last", date(last), "last_result", result,
			"due", last >= 0 ? date(due) : json_string("now"),
			"overdue", overdue,
			"days_overdue", overdue && last >= 0 ? (int)(today - due) : 0));
	}
	return list;
}

static const struct rb_drill *sort_base;

/* newest first; equal dates keep file order */
static int drill_cmp(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	long da = sort_base[a].date, db = sort_base[b].date;

	if (da != db)
		return da > db ? -1 : 1;
	return a < b ? -1 : a > b;
}

static json_t *drills_json(struct rb_binder *b)
{
	json_t *list = json_array();
	size_t *order = rb_xcalloc(b->plan.drills_nr, sizeof(*order));

	for (size_t i = 0; i < b->plan.drills_nr; i++)
		order[i] = i;
	sort_base = b->plan.drills;
	qsort(order, b->plan.drills_nr, sizeof(*order), drill_cmp);
	for (size_t i = 0; i < b->plan.drills_nr; i++) {
		struct rb_drill *dr = &b->plan.drills[order[i]];

		json_array_append_new(list, json_pack("{s:o, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:s}",
			"date", date(dr->date),
			"type", rb_drill_type_name(dr->type),
			"label", drill_label(dr->type),
			"service", dr->service_id ? dr->service_id : "",
			"runbook", dr->runbook_id ? dr->runbook_id : "",
			"rto", dur(dr->rto), "rpo", dur(dr->rpo),
			"result", dr->result, "notes", dr->notes ? dr->notes : ""));
	}
	free(order);
	return list;
}

static json_t *contacts_json(struct rb_plan *p, bool escalation_only)
{
	json_t *list = json_array();

	for (long level = escalation_only ? 1 : 0; level <= (escalation_only ? 99 : 0); level++) {
		for (size_t i = 0; i < p->contacts_nr; i++) {
			struct rb_contact *c = &p->contacts[i];

			if (escalation_only && c->escalation != level)
				continue;
			json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:I}",
				"id", c->id, "name", c->name, "role", c->role,
				"phone", c->phone, "tel", tel_uri(c->phone),
				"phone_unbroken", unbroken(c->phone), "email", c->email,
				"escalation", (json_int_t)c->escalation));
		}
	}
	return list;
}

/* "1 runbook", "3 runbooks" (a static buffer per call site is enough) */
static const char *count_label(size_t n, const char *noun)
{
	static char bufs[2][64];
	static int which;
	char *b = bufs[which++ & 1];

	snprintf(b, sizeof(bufs[0]), "%zu %s%s", n, noun, n == 1 ? "" : "s");
	return b;
}

/* Each service's place in the lists: by tier, then as the plan lists them. */
static size_t *service_ranks(struct rb_binder *b)
{
	size_t *rank = rb_xcalloc(b->plan.services_nr + 1, sizeof(*rank));
	size_t next = 0;

	for (size_t t = 0; t <= b->plan.tiers_nr; t++)
		for (size_t k = 0; k < b->plan.services_nr; k++) {
			struct rb_service *s = &b->plan.services[k];

			if (t < b->plan.tiers_nr ? s->tier == &b->plan.tiers[t] : s->tier == NULL)
				rank[k] = next++;
		}
	return rank;
}

struct order_key {
	size_t failover_last;   /* 0 for a failover */
	size_t service;         /* the service's rank; past them all for none */
	size_t kind;            /* place in rb_kind_order */
	size_t index;           /* in b->runbooks */
};

static int order_cmp(const void *pa, const void *pb)
{
	const struct order_key *a = pa, *b = pb;

	if (a->failover_last != b->failover_last)
		return a->failover_last < b->failover_last ? -1 : 1;
	if (a->service != b->service)
		return a->service < b->service ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

size_t *rb_model_order(struct rb_binder *b)
{
	size_t *rank = service_ranks(b), *order;
	struct order_key *keys = rb_xcalloc(b->runbooks_nr + 1, sizeof(*keys));

	for (size_t i = 0; i < b->runbooks_nr; i++) {
		struct rb_runbook *r = b->runbooks[i];

		keys[i].failover_last = r->kind != RB_KIND_FAILOVER;
		keys[i].service = r->service ? rank[r->service - b->plan.services]
					     : b->plan.services_nr;
		for (size_t k = 0; k < RB_KINDS; k++)
			if (rb_kind_order[k] == r->kind)
				keys[i].kind = k;
		keys[i].index = i;
	}
	qsort(keys, b->runbooks_nr, sizeof(*keys), order_cmp);
	order = rb_xcalloc(b->runbooks_nr + 1, sizeof(*order));
	for (size_t i = 0; i < b->runbooks_nr; i++)
		order[i] = keys[i].index;
	free(keys);
	free(rank);
	return order;
}

enum which_runbooks { ALL_RUNBOOKS, FAILOVERS, NOT_FAILOVERS };

/*
 * The runbooks in groups, one per service in the order of the tiers, then
 * the runbooks of no service; failovers first inside a group. `which`
 * keeps the failovers only, or all but them.
 */
static json_t *by_service(struct rb_binder *b, json_t *runbooks,
			  enum which_runbooks which)
{
	size_t n = b->plan.services_nr;
	json_t **lists = rb_xcalloc(n + 1, sizeof(*lists));
	json_t *groups = json_array();

	for (size_t i = 0; i <= n; i++)
		lists[i] = json_array();
	for (size_t k = 0; k < RB_KINDS; k++)
		for (size_t i = 0; i < b->runbooks_nr; i++) {
			struct rb_runbook *r = b->runbooks[i];

			if ((which == FAILOVERS && r->kind != RB_KIND_FAILOVER) ||
			    (which == NOT_FAILOVERS && r->kind == RB_KIND_FAILOVER))
				continue;
			if (r->kind == rb_kind_order[k])
				json_array_append(lists[r->service ? (size_t)(r->service - b->plan.services) : n],
						  json_array_get(runbooks, i));
		}
	for (size_t t = 0; t <= b->plan.tiers_nr; t++)
		for (size_t k = 0; k < n; k++) {
			struct rb_service *s = &b->plan.services[k];

			if (t < b->plan.tiers_nr ? s->tier != &b->plan.tiers[t] : s->tier != NULL)
				continue;
			if (!json_array_size(lists[k]))
				continue;
			json_array_append_new(groups, json_pack("{s:s, s:s, s:s?, s:o, s:o, s:b, s:O}",
				"id", s->id, "name", s->name,
				"tier", s->tier ? s->tier->id : NULL,
				"rto", dur(s->rto), "rpo", dur(s->rpo), "targets", 1,
				"runbooks", lists[k]));
		}
	if (json_array_size(lists[n]))
		json_array_append_new(groups, json_pack("{s:s, s:s, s:O}",
			"id", "", "name", "Not tied to a service", "runbooks", lists[n]));
	for (size_t i = 0; i <= n; i++)
		json_decref(lists[i]);
	free(lists);
	return groups;
}

json_t *rb_model_new(struct rb_binder *b, const struct rb_build_meta *m)
{
	json_t *model, *site, *tiers = json_array(), *strategies = json_array();
	json_t *services = json_array(), *runbooks = json_array();
	long today = (long)(m->time / 86400);
	struct rb_buf when = RB_BUF_INIT;
	size_t overdue = 0;
	json_t *calendar;
	json_t **refs = service_refs(b);

	rb_date_format(&when, today);
	site = json_deep_copy(b->site);
	json_object_set_new(site, "build_date", json_string(when.ptr));
	rb_buf_reset(&when);
	json_object_set_new(site, "commit", json_string(m->repo.commit[0] ? m->repo.commit : "not a git repository"));
	json_object_set_new(site, "short_commit", json_string(m->repo.commit[0] ? m->repo.short_id : ""));
	if (m->repo.commit[0])
		rb_buf_addf(&when, "commit %s%s", m->repo.short_id,
			    m->repo.dirty ? " with uncommitted changes" : "");
	else
		rb_buf_adds(&when, "a directory outside git");
	json_object_set_new(site, "source", json_string(when.ptr));
	json_object_set_new(site, "dirty", json_boolean(m->repo.dirty));
	/* what the browser keeps a runbook's ticks and clock under */
	rb_buf_reset(&when);
	if (m->repo.commit[0])
		rb_buf_addf(&when, "%s%s", m->repo.short_id, m->repo.dirty ? "+" : "");
	else
		rb_date_format(&when, today);
	json_object_set_new(site, "build_id", json_string(when.ptr));
	json_object_set_new(site, "version", json_string(m->version));
	rb_buf_release(&when);

	for (size_t i = 0; i < b->plan.tiers_nr; i++) {
		struct rb_tier *t = &b->plan.tiers[i];
		json_t *svc = json_array();

		for (size_t k = 0; k < b->plan.services_nr; k++)
			if (b->plan.services[k].tier == t)
				json_array_append_new(svc, service_json(b, &b->plan.services[k], refs[k]));
		json_array_append_new(tiers, json_pack("{s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:o, s:o, s:b}",
			"id", t->id, "name", t->name, "description", t->description,
			"rto", dur(t->rto), "rpo", dur(t->rpo),
			"strategy", t->strategy_id,
			"signoff_by", t->signoff.by ? t->signoff.by : "",
			"signoff_date", date(t->signoff.date),
			"services", svc,
			"has_services", json_array_size(svc) > 0));
	}
	for (size_t i = 0; i < b->plan.strategies_nr; i++)
		json_array_append_new(strategies, strategy_json(&b->plan.strategies[i]));
	for (size_t i = 0; i < b->plan.services_nr; i++)
		json_array_append_new(services, service_json(b, &b->plan.services[i], refs[i]));
	for (size_t i = 0; i < b->plan.services_nr; i++)
		json_decref(refs[i]);
	free(refs);
	for (size_t i = 0; i < b->runbooks_nr; i++)
		json_array_append_new(runbooks, runbook_json(b, b->runbooks[i], m->findings,
							     m->changes ? &m->changes[i] : NULL));
	calendar = calendar_json(b, today);
	for (size_t i = 0; i < json_array_size(calendar); i++)
		if (json_is_true(json_object_get(json_array_get(calendar, i), "overdue")))
			overdue++;
	model = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:{s:I, s:I, s:I, s:s, s:s}}",
			  "site", site, "tiers", tiers, "strategies", strategies,
			  "services", services, "runbooks", runbooks,
			  "drills", drills_json(b), "calendar", calendar,
			  "contacts", contacts_json(&b->plan, false),
			  "escalation", contacts_json(&b->plan, true),
			  "counts",
			  "runbooks", (json_int_t)b->runbooks_nr,
			  "services", (json_int_t)b->plan.services_nr,
			  "overdue", (json_int_t)overdue,
			  "runbooks_label", count_label(b->runbooks_nr, "runbook"),
			  "services_label", count_label(b->plan.services_nr, "service"));
	if (!model)
		rb_die("cannot build the view model");
	json_object_set_new(model, "findings", findings_of(m->findings, NULL));
	{
		/* the plan's roles section, when some service has a resource */
		bool roles = false;

		for (size_t i = 0; i < json_array_size(services); i++)
			roles |= json_is_true(json_object_get(json_array_get(services, i), "has_roles"));
		json_object_set_new(model, "has_roles", json_boolean(roles));
	}
	{
		/* the index lists failovers first: what an outage needs */
		json_t *sorted = json_array();

		for (size_t k = 0; k < RB_KINDS; k++)
			for (size_t i = 0; i < b->runbooks_nr; i++)
				if (b->runbooks[i]->kind == rb_kind_order[k])
					json_array_append(sorted, json_array_get(runbooks, i));
		json_object_set_new(model, "runbooks_by_kind", sorted);
		json_object_set_new(model, "runbooks_by_service",
				    by_service(b, runbooks, ALL_RUNBOOKS));
		/* the index: the failovers first, then the rest */
		json_object_set_new(model, "failovers_by_service",
				    by_service(b, runbooks, FAILOVERS));
		json_object_set_new(model, "others_by_service",
				    by_service(b, runbooks, NOT_FAILOVERS));
	}
	{
		/* print and text: the order of the index */
		size_t *order = rb_model_order(b);
		json_t *ordered = json_array();

		for (size_t i = 0; i < b->runbooks_nr; i++)
			json_array_append(ordered, json_array_get(runbooks, order[i]));
		json_object_set_new(model, "runbooks_in_order", ordered);
		free(order);
	}
	json_object_set_new(json_object_get(model, "counts"), "findings",
			    json_integer((json_int_t)json_array_size(json_object_get(model, "findings"))));
	{
		/* the index's one line: "1 error, 2 warnings" */
		size_t sev[3] = { 0, 0, 0 }, failovers = 0;
		struct rb_buf label = RB_BUF_INIT;
		static const char *const nouns[3] = { "note", "warning", "error" };

		for (size_t i = 0; m->findings && i < m->findings->nr; i++)
			if (m->findings->items[i].rule)
				sev[m->findings->items[i].severity]++;
		for (int s = 2; s >= 0; s--)
			if (sev[s])
				rb_buf_addf(&label, "%s%s", label.len ? ", " : "",
					    count_label(sev[s], nouns[s]));
		json_object_set_new(json_object_get(model, "counts"), "findings_label",
				    json_string(label.ptr));
		json_object_set_new(json_object_get(model, "counts"), "overdue_label",
				    json_string(count_label(overdue, "drill")));
		json_object_set_new(json_object_get(model, "counts"), "escalation",
				    json_integer((json_int_t)json_array_size(json_object_get(model, "escalation"))));
		for (size_t i = 0; i < b->runbooks_nr; i++)
			failovers += b->runbooks[i]->kind == RB_KIND_FAILOVER;
		json_object_set_new(json_object_get(model, "counts"), "failovers",
				    json_integer((json_int_t)failovers));
		json_object_set_new(json_object_get(model, "counts"), "drills",
				    json_integer((json_int_t)b->plan.drills_nr));
		{
			size_t topologies = 0, k;
			json_t *sv;

			json_array_foreach(services, k, sv)
				topologies += json_object_get(sv, "topology") != NULL;
			json_object_set_new(json_object_get(model, "counts"), "topologies",
					    json_integer((json_int_t)topologies));
		}
		json_object_set_new(json_object_get(model, "counts"), "others",
				    json_integer((json_int_t)(b->runbooks_nr - failovers)));
		rb_buf_release(&label);
	}
	return model;
}

json_t *rb_model_runbook(json_t *model, size_t index)
{
	return json_array_get(json_object_get(model, "runbooks"), index);
}
