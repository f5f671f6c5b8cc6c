#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <jansson.h>

#include "check.h"
#include "report.h"

static void findings(struct rb_diags *d)
{
	rb_finding(d, RB_SEV_ERROR, "cmd-wrong-region",
		   (struct rb_loc){ "content/runbooks/a.md", 12, 5 }, "use {{db.region}}",
		   "'--region us-west-2' but 'db' is in us-east-1");
	rb_finding(d, RB_SEV_WARNING, "drift-attribute",
		   (struct rb_loc){ "content/infra/x.json", 0, 0 }, NULL,
		   "desired_count <is> \"0\" & more");
	rb_error(d, (struct rb_loc){ "runbinder.yaml", 3, 1 }, "unknown key 'x' in config");
}

/* SARIF 2.1.0: the fields code scanning needs, and rules for every result. */
static void sarif_is_complete(void **state)
{
	struct rb_diags d = RB_DIAGS_INIT;
	struct rb_buf out = RB_BUF_INIT;
	json_error_t err;
	json_t *root, *run, *rules, *results, *r;
	size_t i;

	(void)state;
	findings(&d);
	rb_report_sarif(&out, &d, "0.1.0");
	root = json_loads(out.ptr, 0, &err);
	assert_non_null(root);
	assert_string_equal(json_string_value(json_object_get(root, "version")), "2.1.0");
	assert_non_null(json_string_value(json_object_get(root, "$schema")));
	run = json_array_get(json_object_get(root, "runs"), 0);
	assert_string_equal(json_string_value(rb_json_path(run, "tool.driver.name")), "runbinder");
	rules = rb_json_path(run, "tool.driver.rules");
	results = json_object_get(run, "results");
	assert_int_equal(json_array_size(results), 3);
	json_array_foreach(results, i, r) {
		const char *id = json_string_value(json_object_get(r, "ruleId"));
		bool known = false;
		size_t k;
		json_t *rule;

		assert_non_null(id);
		assert_non_null(json_string_value(rb_json_path(r, "message.text")));
		assert_non_null(json_string_value(json_object_get(r, "level")));
		json_array_foreach(rules, k, rule) {
			if (!strcmp(json_string_value(json_object_get(rule, "id")), id))
				known = true;
			assert_non_null(json_string_value(rb_json_path(rule, "shortDescription.text")));
		}
		assert_true(known);
		assert_non_null(json_string_value(rb_json_path(r,
			"locations.0.physicalLocation.artifactLocation.uri")));
	}
	r = json_array_get(results, 0);
	assert_int_equal(json_integer_value(rb_json_path(r,
		"locations.0.physicalLocation.region.startLine")), 12);
	assert_null(rb_json_path(json_array_get(results, 1),
				 "locations.0.physicalLocation.region"));
	json_decref(root);
	rb_buf_release(&out);
	rb_diags_release(&d);
}

static void json_counts_and_fields(void **state)
{
	struct rb_diags d = RB_DIAGS_INIT;
	struct rb_buf out = RB_BUF_INIT;
	json_t *root;

	(void)state;
	findings(&d);
	rb_report_json(&out, &d);
	root = json_loads(out.ptr, 0, NULL);
	assert_int_equal(json_integer_value(rb_json_path(root, "counts.error")), 2);
	assert_int_equal(json_integer_value(rb_json_path(root, "counts.warning")), 1);
	assert_string_equal(json_string_value(rb_json_path(root, "findings.0.hint")), "use {{db.region}}");
	assert_string_equal(json_string_value(rb_json_path(root, "findings.2.rule")), "bad-input");
	json_decref(root);
	rb_buf_release(&out);
	rb_diags_release(&d);
}

static void junit_escapes(void **state)
{
	struct rb_diags d = RB_DIAGS_INIT;
	struct rb_buf out = RB_BUF_INIT;

	(void)state;
	findings(&d);
	rb_report_junit(&out, &d);
	assert_non_null(strstr(out.ptr, "failures=\"3\""));
	assert_non_null(strstr(out.ptr, "desired_count &lt;is&gt; &quot;0&quot; &amp; more"));
	assert_null(strstr(out.ptr, "<is>"));
	rb_buf_release(&out);
	rb_diags_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sarif_is_complete),
		cmocka_unit_test(json_counts_and_fields),
		cmocka_unit_test(junit_escapes),
	};

	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
