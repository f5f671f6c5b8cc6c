/*
 * infra_index.h - the inventory indexed by one attribute of one resource
 * type, for the checks' lookups: "the aws_ecs_service named api" without a
 * walk of 50,000 resources for every question.
 */
#ifndef RB_INFRA_INDEX_H
#define RB_INFRA_INDEX_H

#include "infra.h"

struct rb_infra_index {
	struct rb_strmap first;      /* value -> first resource with it */
	size_t *next;                /* next resource with the same value */
	const char **values;         /* every value, in inventory order */
	size_t values_nr;
};

/* Indexes the resources of `type` by their string attribute `attr`. */
void rb_infra_index_build(struct rb_infra_index *ix, const struct rb_infra *inv,
			  const char *type, const char *attr);
/* The first resource whose attribute is `value`, or SIZE_MAX. */
size_t rb_infra_index_first(const struct rb_infra_index *ix, const char *value);
/* The next one after `i`, in inventory order, or SIZE_MAX. */
size_t rb_infra_index_next(const struct rb_infra_index *ix, size_t i);
void rb_infra_index_release(struct rb_infra_index *ix);

#endif
