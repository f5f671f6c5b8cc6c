/*
 * The floor for inventory loading: read a file and parse it with jansson,
 * nothing else. Prints the seconds it took.
 */
#include <jansson.h>
#include <stdio.h>
#include <time.h>

int main(int argc, char **argv)
{
	struct timespec a, b;
	json_error_t err;
	json_t *root;

	if (argc != 2) {
		fprintf(stderr, "usage: json_load FILE\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	root = json_load_file(argv[1], 0, &err);
	clock_gettime(CLOCK_MONOTONIC, &b);
	if (!root) {
		fprintf(stderr, "%s:%d: %s\n", argv[1], err.line, err.text);
		return 1;
	}
	printf("%.3f\n", (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9);
	json_decref(root);
	return 0;
}
