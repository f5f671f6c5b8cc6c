/*
 * fuzz_infra.c - an infra export: Terraform state, `terraform show -json`
 * or AWS CLI JSON, told apart by content as in a binder.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "infra.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rb_diags d = RB_DIAGS_INIT;
	struct rb_infra inv;

	rb_infra_init(&inv);
	if (rb_infra_load_buffer(&inv, "fuzz.json", (const char *)data, size,
				 NULL, &d) == 0) {
		for (size_t i = 0; i < inv.nr; i++)
			(void)rb_infra_get(&inv, inv.items[i].address);
		if (inv.nr)
			(void)rb_infra_closest(&inv, "aws_db_instance.replica");
	}
	if (getenv("FUZZ_VERBOSE"))
		fprintf(stderr, "%zu resources, %zu errors\n", inv.nr, d.errors);
	rb_infra_release(&inv);
	rb_diags_release(&d);
	return 0;
}
