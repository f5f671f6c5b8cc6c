/*
 * model.h - the view model: the loaded binder as one JSON tree for the
 * page templates (HTML and text). Built once per build; pages add their
 * own keys (a runbook's body) to a shallow copy.
 *
 * Top-level keys: site, tiers, strategies, services, runbooks, drills,
 * calendar, contacts, escalation, counts, findings, runbooks_by_kind
 * (failovers first), runbooks_by_service, failovers_by_service and
 * others_by_service (the index's two lists), runbooks_in_order (as the
 * index lists them: what print and text follow). See templates/ for their use.
 */
#ifndef RB_MODEL_H
#define RB_MODEL_H

#include <jansson.h>

#include "binder.h"
#include "repo.h"

struct rb_build_meta {
	long long time;          /* build time, seconds since epoch */
	struct rb_repo_info repo;
	const char *version;
	const struct rb_diags *findings; /* the checks' findings, or NULL */
	const struct rb_last_change *changes; /* per runbook, or NULL */
};

json_t *rb_model_new(struct rb_binder *b, const struct rb_build_meta *m);

/*
 * The order of the runbooks in the index, the PDF and the text binder:
 * the failovers first, then the others; inside each, by service (in the
 * order of the tiers, then of the plan; runbooks of no service last) and
 * by kind. Returns b->runbooks_nr indexes into b->runbooks; free() it.
 */
size_t *rb_model_order(struct rb_binder *b);

/* The model's entry for one runbook (borrowed from `model`). */
json_t *rb_model_runbook(json_t *model, size_t index);

#endif
