/* infra_index.c - the inventory by one attribute (see infra_index.h). */
#include "infra_index.h"

void rb_infra_index_build(struct rb_infra_index *ix, const struct rb_infra *inv,
			  const char *type, const char *attr)
{
	struct rb_strmap m = RB_STRMAP_INIT;

	ix->first = m;
	ix->next = rb_xmalloc((inv->nr ? inv->nr : 1) * sizeof(*ix->next));
	ix->values = rb_xmalloc((inv->nr ? inv->nr : 1) * sizeof(*ix->values));
	ix->values_nr = 0;
	/* backwards, so that each chain runs in inventory order */
	for (size_t i = inv->nr; i-- > 0;) {
		const struct rb_resource *r = &inv->items[i];
		const char *v;

		ix->next[i] = SIZE_MAX;
		if (strcmp(r->type, type))
			continue;
		v = json_string_value(rb_resource_attr(r, attr));
		if (v) {
			ix->next[i] = rb_strmap_put(&ix->first, v, i);
			ix->values[ix->values_nr++] = v;
		}
	}
	/* collected backwards */
	for (size_t i = 0, k = ix->values_nr; i < k / 2; i++) {
		const char *t = ix->values[i];

		ix->values[i] = ix->values[k - 1 - i];
		ix->values[k - 1 - i] = t;
	}
}

size_t rb_infra_index_first(const struct rb_infra_index *ix, const char *value)
{
	return value ? rb_strmap_get(&ix->first, value) : SIZE_MAX;
}

size_t rb_infra_index_next(const struct rb_infra_index *ix, size_t i)
{
	return ix->next[i];
}

void rb_infra_index_release(struct rb_infra_index *ix)
{
	rb_strmap_release(&ix->first);
	free(ix->next);
	free(ix->values);
	ix->next = NULL;
	ix->values = NULL;
}
