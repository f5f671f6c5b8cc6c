/* fuzz_yaml.c - YAML as runbinder reads config, plan data and front matter. */
#include "fuzz.h"
#include "yaml_tree.h"

static void walk(const struct rb_yaml *y, json_t *v, int depth)
{
	const char *key;
	json_t *child;
	size_t i;

	if (depth > 80)
		abort();                /* deeper than the parser allows */
	if (json_is_object(v)) {
		json_object_foreach(v, key, child) {
			(void)rb_yaml_loc_key(y, v, key);
			(void)rb_yaml_loc_val(y, v, key);
			walk(y, child, depth + 1);
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, child) {
			(void)rb_yaml_loc_at(y, v, i);
			walk(y, child, depth + 1);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rb_diags d = RB_DIAGS_INIT;
	struct rb_yaml *y = NULL;

	if (rb_yaml_parse(&y, "fuzz.yaml", (const char *)data, size, 0, &d) == 0) {
		walk(y, rb_yaml_root(y), 0);
		rb_yaml_free(y);
	}
	rb_diags_release(&d);
	return 0;
}
