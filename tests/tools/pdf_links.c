/*
 * pdf_links: prints, for the link annotations of one page of a PDF, the
 * page number each one leads to, top to bottom. Reads the output of
 *   qpdf --json --json-key=pages --json-key=qpdf FILE
 * on standard input; the page is the first argument (1-based).
 * Used by tests/t-example.sh to check that the contents' links land where the
 * contents say.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *object(json_t *objects, const char *ref)
{
	char key[64];

	snprintf(key, sizeof(key), "obj:%s", ref);
	return json_object_get(json_object_get(objects, key), "value");
}

struct link {
	double top;
	long page;
};

static int by_top(const void *a, const void *b)
{
	double x = ((const struct link *)a)->top, y = ((const struct link *)b)->top;

	return x < y ? 1 : x > y ? -1 : 0;
}

int main(int argc, char **argv)
{
	json_error_t err;
	json_t *root = json_loadf(stdin, 0, &err);
	json_t *pages, *objects, *annots, *page;
	struct link links[512];
	size_t n = 0, i;
	long want;

	if (!root || argc != 2) {
		fprintf(stderr, "usage: qpdf --json --json-key=pages --json-key=qpdf F | pdf_links PAGE\n");
		return 2;
	}
	want = strtol(argv[1], NULL, 10);
	pages = json_object_get(root, "pages");
	objects = json_array_get(json_object_get(root, "qpdf"), 1);
	page = object(objects, json_string_value(json_object_get(json_array_get(pages, (size_t)want - 1), "object")));
	annots = json_object_get(page, "/Annots");
	if (json_is_string(annots))
		annots = object(objects, json_string_value(annots));
	json_array_foreach(annots, i, page) {
		json_t *a = object(objects, json_string_value(page));
		json_t *dest = json_object_get(a, "/Dest");
		json_t *rect = json_object_get(a, "/Rect");
		const char *target;
		size_t k;
		json_t *p;

		if (json_is_string(dest))
			dest = object(objects, json_string_value(dest));
		target = json_string_value(json_array_get(dest, 0));
		if (!target || n == 512)
			continue;
		links[n].top = json_number_value(json_array_get(rect, 3));
		links[n].page = 0;
		json_array_foreach(pages, k, p)
			if (!strcmp(json_string_value(json_object_get(p, "object")), target))
				links[n].page = (long)k + 1;
		n++;
	}
	qsort(links, n, sizeof(*links), by_top);
	for (i = 0; i < n; i++)
		printf("%ld\n", links[i].page);
	json_decref(root);
	return 0;
}
