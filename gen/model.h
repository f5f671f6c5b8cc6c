/*
 * model.h - the view model: the loaded binder as one JSON tree for the
 * page templates (HTML and text). Built once per build; pages add their
 * own keys (a runbook's body) to a shallow copy.
 *
 * Top-level keys: site, tiers, strategies, services, runbooks, drills,
 * calendar, contacts, escalation, counts, findings, runbooks_by_kind
 * (failovers first) and runbooks_by_service. See templates/ for their use.
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

/* The model's entry for one runbook (borrowed from `model`). */
json_t *rb_model_runbook(json_t *model, size_t index);

#endif
