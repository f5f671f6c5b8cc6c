/*
 * fuzz_template.c - the Mustache engine: the input is the template, and
 * every partial it names is the input again (recursion is capped).
 */
#include "fuzz.h"
#include "template.h"

struct input {
	const char *text;
	size_t len;
};

static const char *partial(void *ctx, const char *name, size_t *len)
{
	struct input *in = ctx;

	(void)name;
	*len = in->len;
	return in->text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static json_t *model;
	struct input in = { (const char *)data, size };
	struct rb_template *t = NULL;
	struct rb_template_error err;
	struct rb_buf out = RB_BUF_INIT;

	if (!model)
		model = json_loads("{\"site\": {\"title\": \"<b>&\\\"'\", \"n\": 3},"
				   " \"list\": [1, {\"a\": \"x\"}, [], \"\", null, true],"
				   " \"t\": true, \"f\": false, \"e\": \"\", \"z\": 0,"
				   " \"obj\": {\"list\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}}",
				   0, NULL);
	if (rb_template_compile(&t, in.text, in.len, &err) == 0) {
		(void)rb_template_render(t, &out, model, partial, &in, rb_escape_html, &err);
		rb_template_free(t);
	}
	rb_buf_release(&out);
	return 0;
}
