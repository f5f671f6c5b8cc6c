#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "infra.h"

/* Loads `path`; returns the first error as text (or NULL). */
static char *load(struct rb_infra *inv, const char *path)
{
	struct rb_diags d = RB_DIAGS_INIT;
	char *err = NULL;

	rb_infra_init(inv);
	if (rb_infra_load(inv, NULL, path, &d) < 0) {
		assert_true(d.nr > 0);
		if (d.items[0].line)
			err = rb_xasprintf("%s:%d:%d: %s", d.items[0].path,
					   d.items[0].line, d.items[0].col,
					   d.items[0].message);
		else
			err = rb_xasprintf("%s: %s", d.items[0].path,
					   d.items[0].message);
	}
	rb_diags_release(&d);
	return err;
}

static void state_v4_with_modules_and_keys(void **state)
{
	struct rb_infra inv;
	const struct rb_resource *r;

	(void)state;
	assert_null(load(&inv, "tests/inventory/v4-modules.tfstate"));
	assert_int_equal(inv.nr, 4);
	r = rb_infra_get(&inv, "module.modB.null_resource.bar[\"a\"]");
	assert_non_null(r);
	assert_string_equal(r->module, "module.modB");
	assert_string_equal(r->index, "\"a\"");
	assert_string_equal(r->id, "8212585058302700791");
	assert_non_null(rb_infra_get(&inv, "module.modA.null_resource.resource"));
	rb_infra_release(&inv);
	assert_null(load(&inv, "tests/inventory/v4-foreach.tfstate"));
	assert_int_equal(inv.nr, 1);
	rb_infra_release(&inv);
}

static void old_and_bad_files_are_refused(void **state)
{
	struct rb_infra inv;
	char *err;

	(void)state;
	err = load(&inv, "tests/inventory/v3-simple.tfstate");
	assert_string_equal(err, "tests/inventory/v3-simple.tfstate: Terraform state version 3 is not supported: upgrade it with Terraform 0.12 or later (terraform state pull > terraform.tfstate)");
	free(err);
	rb_infra_release(&inv);
	err = load(&inv, "tests/inventory/v1-simple.tfstate");
	assert_non_null(strstr(err, "version 1 is not supported"));
	free(err);
	rb_infra_release(&inv);
	err = load(&inv, "tests/inventory/rds-describe-db-instances.invalid.json");
	assert_string_equal(err, "tests/inventory/rds-describe-db-instances.invalid.json:14:13: invalid JSON: string or '}' expected near '.'");
	free(err);
	rb_infra_release(&inv);
}

static void buffers(void **state)
{
	struct rb_diags d = RB_DIAGS_INIT;
	struct rb_infra inv;
	static const char utf16[] = "\xff\xfe{\0}\0";

	(void)state;
	rb_infra_init(&inv);
	assert_int_equal(rb_infra_load_buffer(&inv, "a.json", "", 0, NULL, &d), -1);
	assert_string_equal(d.items[0].message, "empty file");
	assert_int_equal(rb_infra_load_buffer(&inv, "b.json", utf16, sizeof(utf16) - 1, NULL, &d), -1);
	assert_string_equal(d.items[1].message, "file is UTF-16 encoded: export it as UTF-8 (in PowerShell: Out-File -Encoding utf8)");
	assert_int_equal(rb_infra_load_buffer(&inv, "c.json", "$ aws rds x\n{}", 14, NULL, &d), -1);
	assert_int_equal(d.items[2].line, 1);
	assert_string_equal(d.items[2].message, "not JSON: an export must start with '{' (is a shell prompt or a warning in front of the output?)");
	assert_int_equal(rb_infra_load_buffer(&inv, "d.json", "{\"Foo\": []}", 11, NULL, &d), -1);
	assert_string_equal(d.items[3].message, "unknown export format: not a Terraform state, a terraform show -json output or a known AWS CLI output");
	assert_int_equal(rb_infra_load_buffer(&inv, "e.json", "{\"version\": 5, \"resources\": []}", 31, NULL, &d), -1);
	assert_string_equal(d.items[4].message, "Terraform state version 5 is newer than the version 4 this runbinder reads");
	assert_int_equal(rb_infra_load_buffer(&inv, "f.json", "{\"format_version\": \"2.0\"}", 25, NULL, &d), -1);
	assert_string_equal(d.items[5].message, "terraform show -json format_version 2.0 is newer than the 1.x this runbinder reads");
	/* a log line in brackets is text before the JSON, a list is not */
	assert_int_equal(rb_infra_load_buffer(&inv, "g.json", "[INFO] exporting\n{}", 19, NULL, &d), -1);
	assert_int_equal(d.items[6].line, 1);
	assert_int_equal(d.items[6].col, 1);
	assert_string_equal(d.items[6].message, "not JSON: an export must start with '{' (is a shell prompt or a warning in front of the output?)");
	assert_int_equal(rb_infra_load_buffer(&inv, "h.json", "[ true ]", 8, NULL, &d), -1);
	assert_string_equal(d.items[7].message, "unknown export format: not a Terraform state, a terraform show -json output or a known AWS CLI output");
	rb_infra_release(&inv);
	rb_diags_release(&d);
}

static void show_json_state_and_plan(void **state)
{
	struct rb_infra inv;

	(void)state;
	assert_null(load(&inv, "tests/inventory/show-json-state-basic.json"));
	assert_int_equal(inv.nr, 2);
	assert_non_null(rb_infra_get(&inv, "test_instance.example[0]"));
	rb_infra_release(&inv);
	assert_null(load(&inv, "tests/inventory/show-json-sensitive-values.json"));
	assert_int_equal(inv.nr, 7);
	assert_non_null(rb_infra_get(&inv, "module.foo.null_resource.aliased"));
	rb_infra_release(&inv);
	/* a saved plan: the resources of the state it was planned against */
	assert_null(load(&inv, "tests/inventory/show-json-plan-no-changes.json"));
	assert_non_null(rb_infra_get(&inv, "null_resource.baz[2]"));
	assert_non_null(rb_infra_get(&inv, "module.foo.null_resource.foo"));
	rb_infra_release(&inv);
}

static void aws_cli_outputs_are_normalised(void **state)
{
	struct rb_infra inv;
	const struct rb_resource *r;

	(void)state;
	assert_null(load(&inv, "tests/inventory/awscli"));
	assert_int_equal(inv.nr, 17);
	r = rb_infra_get(&inv, "awscli.aws_ecs_service[\"my-http-service\"]");
	assert_non_null(r);
	assert_string_equal(r->region, "us-west-2");
	assert_int_equal(json_integer_value(json_object_get(rb_resource_attrs(r), "desired_count")), 10);
	r = rb_infra_get(&inv, "awscli.aws_rds_cluster[\"mydbcluster\"]");
	assert_string_equal(json_string_value(json_object_get(rb_resource_attrs(r), "engine")), "aurora-mysql");
	r = rb_infra_get(&inv, "awscli.aws_s3_bucket_versioning[\"amzn-s3-demo-bucket\"]");
	assert_non_null(r);
	assert_string_equal(r->region, "us-east-1");
	r = rb_infra_get(&inv, "awscli.aws_ssm_parameter[\"MyStringParameter\"]");
	assert_string_equal(r->region, "us-east-2");
	r = rb_infra_get(&inv, "awscli.aws_kms_key[\"1234abcd-12ab-34cd-56ef-1234567890ab\"]");
	assert_string_equal(r->arn, "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
	rb_infra_release(&inv);
}

static void secrets_are_redacted(void **state)
{
	static const char state_json[] =
		"{\"version\":4,\"resources\":[{\"mode\":\"managed\",\"type\":\"aws_db_instance\","
		"\"name\":\"db\",\"provider\":\"p\",\"instances\":[{\"attributes\":{"
		"\"identifier\":\"db1\",\"password\":\"hunter2-secret\",\"nested\":[{\"x\":\"sens-1\"}],"
		"\"auth_token\":\"tok-secret\",\"secret_arn\":\"arn:aws:secretsmanager:us-east-1:1:secret:s\","
		"\"master_user_secret\":[{\"secret_string\":\"ms-secret\"}],\"PrivateKey\":\"pk-secret\"},"
		"\"sensitive_attributes\":[[{\"type\":\"get_attr\",\"value\":\"nested\"},"
		"{\"type\":\"index\",\"value\":{\"value\":0,\"type\":\"number\"}},"
		"{\"type\":\"get_attr\",\"value\":\"x\"}]]}]}]}";
	struct rb_diags d = RB_DIAGS_INIT;
	struct rb_infra inv;
	const struct rb_resource *r;
	char *dump;

	(void)state;
	rb_infra_init(&inv);
	assert_int_equal(rb_infra_load_buffer(&inv, "s.tfstate", state_json,
					      sizeof(state_json) - 1, NULL, &d), 0);
	r = rb_infra_get(&inv, "aws_db_instance.db");
	dump = json_dumps(rb_resource_attrs(r), JSON_SORT_KEYS);
	assert_null(strstr(dump, "hunter2"));
	assert_null(strstr(dump, "sens-1"));
	assert_null(strstr(dump, "tok-secret"));
	assert_null(strstr(dump, "ms-secret"));
	assert_null(strstr(dump, "pk-secret"));
	assert_non_null(strstr(dump, "\"secret_arn\": \"arn:aws:secretsmanager"));
	assert_ptr_equal(json_object_get(rb_resource_attrs(r), "password"), rb_redacted());
	free(dump);
	rb_infra_release(&inv);
	rb_diags_release(&d);
}

/*
 * A state's attributes stay text until asked for; the indexes are built
 * from the four attributes read on the way; a repeated key keeps the last.
 */
static void states_are_read_in_place(void **state)
{
	static const char state_json[] =
		"{\"version\":4,\"serial\":1,\"resources\":[{\"mode\":\"managed\",\"type\":\"aws_db_instance\","
		"\"name\":\"db\",\"provider\":\"p\",\"instances\":[{\"index_key\":\"a\\\"b\","
		"\"attributes\":{\"id\":\"db-1\",\"arn\":\"arn:aws:rds:eu-west-1:1:db:db-1\","
		"\"engine\":\"old\",\"engine\":\"postgres\",\"password\":\"pw-secret\"},"
		"\"sensitive_attributes\":[[{\"type\":\"get_attr\",\"value\":\"password\"}]]}]},"
		"{\"instances\":[{\"attributes\":{\"id\":\"x\"}}],\"type\":\"aws_s3_bucket\",\"name\":\"late\"}]}";
	struct rb_diags d = RB_DIAGS_INIT;
	struct rb_infra inv;
	const struct rb_resource *r;

	(void)state;
	rb_infra_init(&inv);
	assert_int_equal(rb_infra_load_buffer(&inv, "s.tfstate", state_json,
					      sizeof(state_json) - 1, NULL, &d), 0);
	assert_int_equal(inv.nr, 2);
	r = rb_infra_get(&inv, "aws_db_instance.db[\"a\\\"b\"]");
	assert_non_null(r);
	assert_null(r->attributes);             /* not parsed yet */
	assert_string_equal(r->id, "db-1");
	assert_string_equal(r->region, "eu-west-1");
	assert_string_equal(rb_resource_str(r, "engine"), "postgres");
	assert_ptr_equal(json_object_get(rb_resource_attrs(r), "password"), rb_redacted());
	/* instances before the type and name: read after them */
	r = rb_infra_get(&inv, "aws_s3_bucket.late");
	assert_non_null(r);
	assert_string_equal(r->id, "x");
	/* one warning for the repeated key, at the repeat */
	assert_int_equal(d.nr, 1);
	assert_string_equal(d.items[0].rule, "inventory-duplicate-key");
	rb_infra_release(&inv);
	rb_diags_release(&d);
}

/*
 * A member read from the state's text alone is what the whole object,
 * parsed and redacted, has at that key: secrets named, inside JSON text,
 * on a sensitive path, repeated keys, every kind of value. Each key is
 * asked first of a resource nothing was read from yet.
 */
static void members_read_alone_are_the_parse(void **state)
{
	static const char attrs[] =
		"{\"engine\":\"old\",\"engine\":\"postgres\",\"num\":5,\"ratio\":1.5,\"flag\":true,"
		"\"nothing\":null,\"tags\":{\"Name\":\"t\",\"token\":\"tag-secret\"},"
		"\"container_definitions\":\"[{\\\"environment\\\":[{\\\"name\\\":\\\"DB_PASSWORD\\\","
		"\\\"value\\\":\\\"pw-in-json\\\"}]}]\",\"policy\":\"{\\\"Version\\\":\\\"2012\\\"}\","
		"\"master_user_secret\":[{\"secret_string\":\"ms\"}],\"password\":\"pw\",\"auth_token\":\"tok\","
		"\"nested\":[{\"x\":\"sens-1\"}],\"value\":\"v\",\"name\":\"db_password\"}";
	static const char sens[] =
		"[[{\"type\":\"get_attr\",\"value\":\"nested\"},"
		"{\"type\":\"index\",\"value\":{\"value\":0,\"type\":\"number\"}},{\"type\":\"get_attr\",\"value\":\"x\"}]]";
	static const char *const keys[] = {
		"engine", "num", "ratio", "flag", "nothing", "tags", "container_definitions", "missing",
		"policy", "master_user_secret", "password", "auth_token", "nested", "value", "name",
	};
	struct rb_buf text = RB_BUF_INIT;
	struct rb_diags d = RB_DIAGS_INIT;
	struct rb_infra inv;
	const struct rb_resource *whole, *r;
	char *dump;

	(void)state;
	/*
	 * Two resources parsed whole (with the sensitive path, without), one
	 * per key (the path only for the key it names), one asked many keys
	 */
	rb_buf_adds(&text, "{\"version\":4,\"resources\":[");
	for (size_t i = 0; i <= RB_ARRAY_SIZE(keys) + 2; i++) {
		bool path = i == 0 || (i >= 2 && i - 2 < RB_ARRAY_SIZE(keys) && !strcmp(keys[i - 2], "nested"));

		rb_buf_addf(&text, "%s{\"mode\":\"managed\",\"type\":\"aws_db_instance\",\"name\":\"r%zu\","
			    "\"provider\":\"p\",\"instances\":[{\"attributes\":%s,\"sensitive_attributes\":%s}]}",
			    i ? "," : "", i, attrs, path ? sens : "[]");
	}
	/* a type's secret under a name that is not one */
	rb_buf_adds(&text, ",{\"mode\":\"managed\",\"type\":\"aws_kms_ciphertext\",\"name\":\"c\","
		    "\"instances\":[{\"attributes\":{\"plaintext\":\"plain-secret\"}}]}]}");
	rb_infra_init(&inv);
	assert_int_equal(rb_infra_load_buffer(&inv, "s.tfstate", text.ptr, text.len, NULL, &d), 0);
	assert_ptr_equal(rb_resource_attr(rb_infra_get(&inv, "aws_kms_ciphertext.c"), "plaintext"),
			 rb_redacted());
	for (size_t i = 0; i < RB_ARRAY_SIZE(keys); i++) {
		json_t *alone, *parsed;

		whole = &inv.items[strcmp(keys[i], "nested") ? 1 : 0];
		parsed = json_object_get(rb_resource_attrs(whole), keys[i]);
		r = &inv.items[i + 2];
		assert_null(r->attributes);
		alone = rb_resource_attr(r, keys[i]);
		assert_true(alone ? json_equal(alone, parsed) : !parsed);
		if (alone && json_equal(parsed, rb_redacted()))
			assert_ptr_equal(alone, rb_redacted());
		/* asked again: the same value */
		assert_ptr_equal(rb_resource_attr(r, keys[i]), alone);
	}
	/* one resource, eight members read alone, then the whole object */
	r = &inv.items[RB_ARRAY_SIZE(keys) + 2];
	for (size_t i = 0; i < 8; i++)
		(void)rb_resource_attr(r, keys[i]);
	assert_null(r->attributes);
	assert_string_equal(rb_resource_str(r, "engine"), "postgres");
	assert_string_equal(json_string_value(rb_resource_path(r, "tags.Name")), "t");
	assert_ptr_equal(rb_resource_path(r, "tags.token"), rb_redacted());
	dump = json_dumps(rb_resource_attr(r, "container_definitions"), JSON_ENCODE_ANY);
	assert_null(strstr(dump, "pw-in-json"));
	free(dump);
	assert_null(r->attributes);
	assert_string_equal(json_string_value(rb_resource_path(r, "nested.0.x")), "sens-1");
	assert_non_null(r->attributes);
	assert_ptr_equal(rb_resource_path(&inv.items[0], "nested.0.x"), rb_redacted());
	rb_infra_release(&inv);
	rb_diags_release(&d);
	rb_buf_release(&text);
}

static void secret_key_names(void **state)
{
	(void)state;
	assert_true(rb_secret_key("password"));
	assert_true(rb_secret_key("master_password"));
	assert_true(rb_secret_key("MasterUserPassword"));
	assert_true(rb_secret_key("auth_token"));
	assert_true(rb_secret_key("secret_string"));
	assert_true(rb_secret_key("private_key"));
	assert_true(rb_secret_key("client-secret"));
	assert_false(rb_secret_key("secret_arn"));
	assert_false(rb_secret_key("SecretList"));
	assert_false(rb_secret_key("token_ttl"));
	assert_false(rb_secret_key("kms_key_id"));
	assert_false(rb_secret_key("identifier"));
	assert_false(rb_secret_key("auth_token_enabled"));
	/* words run together: a secret word at the end of a lowercase run */
	assert_true(rb_secret_key("dbpassword"));
	assert_true(rb_secret_key("DBPASSWORD"));
	assert_true(rb_secret_key("apitoken"));
	assert_true(rb_secret_key("APIToken"));
	assert_true(rb_secret_key("clientsecret"));
	assert_true(rb_secret_key("MYAPIKEY"));
	assert_true(rb_secret_key("DB_PASS"));
	assert_true(rb_secret_key("StripeApiKey"));
	assert_false(rb_secret_key("passwordless"));
	assert_false(rb_secret_key("tokenizer"));
	assert_false(rb_secret_key("secretsmanager"));
	assert_false(rb_secret_key("bypass"));
	assert_false(rb_secret_key("compass_heading"));
	assert_false(rb_secret_key("dbpassword_arn"));
	/* what describes a secret, not the secret */
	assert_false(rb_secret_key("password_length"));
	assert_false(rb_secret_key("max_password_age"));
	assert_false(rb_secret_key("password_encryption"));
	assert_false(rb_secret_key("auth_token_update_strategy"));
	assert_false(rb_secret_key("api_key_source"));
	assert_false(rb_secret_key(""));
	assert_false(rb_secret_key("___"));
}

/* Redacts a copy of `text` and returns it as compact JSON (malloc'd). */
static char *redacted(const char *text, size_t *n)
{
	json_t *v = json_loads(text, 0, NULL);
	char *out;

	assert_non_null(v);
	*n = rb_redact_secret_keys(v);
	out = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(v);
	return out;
}

static void secrets_by_meaning(void **state)
{
	static const struct {
		const char *in, *out;
		size_t n;
	} cases[] = {
		/* a name beside the value, any case */
		{ "[{\"Key\":\"Owner\",\"Value\":\"ops\"},{\"Key\":\"DbPassword\",\"Value\":\"x1\"}]",
		  "[{\"Key\":\"Owner\",\"Value\":\"ops\"},{\"Key\":\"DbPassword\",\"Value\":\"(redacted)\"}]", 1 },
		{ "{\"NAME\":\"api_token\",\"VALUE\":\"x2\"}",
		  "{\"NAME\":\"api_token\",\"VALUE\":\"(redacted)\"}", 1 },
		{ "{\"ParameterKey\":\"MasterPassword\",\"ParameterValue\":\"x3\"}",
		  "{\"ParameterKey\":\"MasterPassword\",\"ParameterValue\":\"(redacted)\"}", 1 },
		/* a reference beside a secret name stays */
		{ "{\"name\":\"DB_PASSWORD\",\"valueFrom\":\"arn:aws:ssm:x\"}",
		  "{\"name\":\"DB_PASSWORD\",\"valueFrom\":\"arn:aws:ssm:x\"}", 0 },
		/* SSM SecureString, whatever its name */
		{ "{\"Name\":\"/app/url\",\"Type\":\"SecureString\",\"Value\":\"x4\"}",
		  "{\"Name\":\"/app/url\",\"Type\":\"SecureString\",\"Value\":\"(redacted)\"}", 1 },
		{ "{\"name\":\"/app/url\",\"type\":\"String\",\"value\":\"plain\"}",
		  "{\"name\":\"/app/url\",\"type\":\"String\",\"value\":\"plain\"}", 0 },
		/* flags and numbers under a secret name stay */
		{ "{\"get_password_data\":false,\"api_key_required\":true,\"token\":3,\"secret\":\"false\",\"password\":null,\"passwd\":\"\"}",
		  "{\"api_key_required\":true,\"get_password_data\":false,\"passwd\":\"\",\"password\":null,\"secret\":\"false\",\"token\":3}", 0 },
		/* JSON inside a string, inside JSON inside a string */
		{ "{\"container_definitions\":\"[{\\\"environment\\\":[{\\\"name\\\":\\\"TOKEN\\\",\\\"value\\\":\\\"x5\\\"}],\\\"name\\\":\\\"web\\\"}]\"}",
		  "{\"container_definitions\":\"[{\\\"environment\\\":[{\\\"name\\\":\\\"TOKEN\\\",\\\"value\\\":\\\"(redacted)\\\"}],\\\"name\\\":\\\"web\\\"}]\"}", 1 },
		{ "{\"a\":\"{\\\"b\\\":\\\"{\\\\\\\"secret\\\\\\\":\\\\\\\"x6\\\\\\\"}\\\"}\"}",
		  "{\"a\":\"{\\\"b\\\":\\\"{\\\\\\\"secret\\\\\\\":\\\\\\\"(redacted)\\\\\\\"}\\\"}\"}", 1 },
		/* a JSON-looking string that names a secret and cannot be read */
		{ "{\"user_data\":\"[ -n \\\"$TOKEN\\\" ] && echo x7\"}",
		  "{\"user_data\":\"(redacted)\"}", 1 },
		/* an unchanged JSON string keeps its bytes */
		{ "{\"policy\":\"{ \\\"Version\\\": \\\"2012-10-17\\\" }\"}",
		  "{\"policy\":\"{ \\\"Version\\\": \\\"2012-10-17\\\" }\"}", 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n;
		char *out = redacted(cases[i].in, &n);

		assert_string_equal(out, cases[i].out);
		assert_int_equal(n, cases[i].n);
		free(out);
	}
}

static void lookups_and_queries(void **state)
{
	struct rb_infra inv;
	size_t idx[4];
	json_t *where;

	(void)state;
	assert_null(load(&inv, "content/infra"));
	assert_string_equal(rb_infra_get(&inv, "module.dr.aws_ecs_service.backend[\"api\"]")->region,
			    "us-west-2");
	assert_string_equal(rb_infra_get(&inv, "aws_db_instance.dr_replica")->region, "us-west-2");
	assert_string_equal(rb_infra_get(&inv, "aws_route53_record.app_primary")->region, "global");
	where = json_pack("{s:s, s:s}", "name", "app.northwind-pay.com", "set_identifier", "secondary");
	assert_int_equal(rb_infra_query(&inv, "aws_route53_record", where, idx, 4), 2);
	json_decref(where);
	assert_string_equal(rb_infra_closest(&inv, "aws_db_instance.dr_replika"),
			    "aws_db_instance.dr_replica");
	assert_null(rb_infra_closest(&inv, "something.else.entirely"));
	assert_int_equal(rb_strmap_get(&inv.by_id, "db-Q4M8TN1ZC6XR2PLK9WBV3HYJ7E") == SIZE_MAX, 0);
	rb_infra_release(&inv);
}

static void arn_regions(void **state)
{
	char *r;

	(void)state;
	r = rb_arn_region("arn:aws:rds:eu-west-1:123:db:x");
	assert_string_equal(r, "eu-west-1");
	free(r);
	assert_null(rb_arn_region("arn:aws:s3:::bucket"));
	assert_null(rb_arn_region("not-an-arn"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(state_v4_with_modules_and_keys),
		cmocka_unit_test(old_and_bad_files_are_refused),
		cmocka_unit_test(buffers),
		cmocka_unit_test(show_json_state_and_plan),
		cmocka_unit_test(aws_cli_outputs_are_normalised),
		cmocka_unit_test(secrets_are_redacted),
		cmocka_unit_test(secret_key_names),
		cmocka_unit_test(secrets_by_meaning),
		cmocka_unit_test(lookups_and_queries),
		cmocka_unit_test(arn_regions),
		cmocka_unit_test(states_are_read_in_place),
		cmocka_unit_test(members_read_alone_are_the_parse),
	};

	return cmocka_run_group_tests_name("infra", tests, NULL, NULL);
}
