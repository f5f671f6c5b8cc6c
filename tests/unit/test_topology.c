#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "buf.h"
#include "topology.h"

/* The service's topology as its line format (figure.h). */
static char *topology_of(const char *root, const char *service, size_t *drawn)
{
	struct rb_binder b;
	struct rb_diags d = RB_DIAGS_INIT;
	struct rb_figure f;
	struct rb_buf out = RB_BUF_INIT;
	const struct rb_service *s = NULL;
	struct rb_role *roles;
	size_t nr;

	memset(&b, 0, sizeof(b));
	assert_int_equal(rb_binder_load(&b, root, &(struct rb_load_opts){ 0 }, &d), 0);
	rb_diags_release(&d);
	for (size_t i = 0; i < b.plan.services_nr; i++)
		if (!strcmp(b.plan.services[i].id, service))
			s = &b.plan.services[i];
	assert_non_null(s);
	roles = rb_service_roles_list(&b, s, &nr);
	*drawn = rb_topology(&f, &b, s, roles, nr);
	free(roles);
	rb_figure_write(&out, &f);
	rb_figure_release(&f);
	rb_binder_release(&b);
	return rb_buf_detach(&out, NULL);
}

static bool has_line(const char *text, const char *line)
{
	const char *p = strstr(text, line);

	return p && (p == text || p[-1] == '\n') && (p[strlen(line)] == '\n');
}

/*
 * A store and its first copy on one row, the arrow straight across; its
 * second copy a row below, reached along the primary region's edge.
 */
static void store_and_copies(void **state)
{
	size_t n;
	char *t = topology_of(".", "db", &n);

	(void)state;
	assert_int_equal((int)n, 5);
	assert_true(has_line(t, "rect store 8 28 154 30"));
	assert_true(has_line(t, "title aws_db_instance.primary"));
	assert_true(has_line(t, "rect store 278 28 154 30"));
	assert_true(has_line(t, "title aws_db_instance.dr_replica"));
	assert_true(has_line(t, "arrow repl 162 43 278 43"));
	assert_true(has_line(t, "title cross-region read replica"));
	assert_true(has_line(t, "text note 222 54 middle 8 key in us-west-2"));
	/* the automated backups' replication: the elbow, then the arrow */
	assert_true(has_line(t, "line repl 162 43 172 43"));
	assert_true(has_line(t, "line repl 172 43 172 83"));
	assert_true(has_line(t, "arrow repl 172 83 278 83"));
	free(t);
}

/* A backup copy, which may lose hours, is dashed; DNS sits above the regions. */
static void backup_copy_and_dns(void **state)
{
	size_t n;
	char *t = topology_of("tests/examples/orders", "orders-db", &n);

	(void)state;
	assert_non_null(strstr(t, "\narrow copy "));
	assert_non_null(strstr(t, "\ntitle AWS Backup copy\n"));
	free(t);
	t = topology_of("tests/examples/orders", "orders-api", &n);
	assert_true(has_line(t, "text type 24 13 start 8 DNS PRIMARY record"));
	assert_true(has_line(t, "text type 294 13 start 8 DNS SECONDARY record"));
	assert_true(has_line(t, "text label 164 26 start 9 10s \u00d7 3 failures"));
	assert_true(has_line(t, "arrow switch 85 32 85 56"));
	free(t);
}

/* A service without resources in the inventory has no topology. */
static void nothing_to_draw(void **state)
{
	size_t n;
	char *t = topology_of(".", "cdn", &n);

	(void)state;
	assert_int_equal((int)n, 0);
	assert_string_equal(t, "figure 440 0\n");
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(store_and_copies),
		cmocka_unit_test(backup_copy_and_dns),
		cmocka_unit_test(nothing_to_draw),
	};

	return cmocka_run_group_tests_name("topology", tests, NULL, NULL);
}
