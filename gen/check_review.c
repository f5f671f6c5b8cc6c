/*
 * check_review.c - the review lock against today's infra: every value a
 * runbook was reviewed against that has changed since; and runbooks whose
 * last review is older than review_max_age.
 */
#include "check.h"
#include "duration.h"
#include "review.h"

static void review_age(struct rb_checker *c, struct rb_runbook *r)
{
	long max = c->binder->config.review_max_age / 86400;
	struct rb_loc loc = { r->path, 1, 1 };
	json_t *root = r->front ? rb_yaml_root(r->front) : NULL;
	struct rb_buf when = RB_BUF_INIT, age = RB_BUF_INIT;

	if (r->last_reviewed < 0 || c->today - r->last_reviewed <= max)
		return;
	if (json_object_get(root, "last_reviewed"))
		loc = rb_yaml_loc_val(r->front, root, "last_reviewed");
	rb_date_format(&when, r->last_reviewed);
	rb_duration_format(&age, c->binder->config.review_max_age);
	rb_report(c, RB_RULE_REVIEW_STALE, loc,
		  "review it against the current infra and update last_reviewed",
		  "runbook '%s' was last reviewed on %s, %ld days ago (review_max_age is %s)",
		  r->id, when.ptr, c->today - r->last_reviewed, age.ptr);
	rb_buf_release(&when);
	rb_buf_release(&age);
}

void rb_check_review(struct rb_checker *c)
{
	struct rb_binder *b = c->binder;
	struct rb_yaml *lock = NULL;
	json_t *runbooks;
	const char *id;
	json_t *entry;

	for (size_t i = 0; i < b->runbooks_nr; i++)
		review_age(c, b->runbooks[i]);
	if (rb_review_load(&lock, b->root, c->diags) < 0 || !lock)
		return;
	runbooks = json_object_get(rb_yaml_root(lock), "runbooks");
	json_object_foreach(runbooks, id, entry) {
		struct rb_runbook *r = rb_binder_runbook(b, id);
		json_t *locked = json_object_get(entry, "values");
		const char *when = json_string_value(json_object_get(entry, "reviewed"));
		json_t *now;
		const char *key;
		json_t *v;

		if (!r || !json_is_object(locked))
			continue;
		now = rb_review_values(b, r);
		json_object_foreach(locked, key, v) {
			json_t *cur = json_object_get(now, key);
			char *name = rb_xstrndup(key, strcspn(key, "."));
			struct rb_loc loc = { r->path, 1, 1 };

			/* a binding that is gone is ref-unbound's business */
			if (cur && json_is_string(v) &&
			    strcmp(json_string_value(cur), json_string_value(v))) {
				if (r->requires && json_object_get(r->requires, name))
					loc = rb_yaml_loc_val(r->front, r->requires, name);
				rb_report(c, RB_RULE_REVIEW_CHANGED, loc,
					  "check that the runbook still holds, then run: runbinder review ID",
					  "%s: %s \u2192 %s since the review of %s", key,
					  json_string_value(v), json_string_value(cur),
					  when ? when : "an unknown date");
			}
			free(name);
		}
		json_decref(now);
	}
	rb_yaml_free(lock);
}
