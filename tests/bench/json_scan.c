/*
 * The floor for a streaming parse: read a file and check it with the
 * in-place reader runbinder loads states with, building nothing. Prints
 * the seconds it took.
 */
#include <stdio.h>
#include <time.h>

#include "fsutil.h"
#include "json_scan.h"

int main(int argc, char **argv)
{
	struct timespec a, b;
	struct rb_json_scan sc;
	char *data;
	size_t len;
	bool ok;

	if (argc != 2) {
		fprintf(stderr, "usage: json_scan FILE\n");
		return 2;
	}
	if (rb_read_file(argv[1], (size_t)1 << 30, &data, &len) < 0) {
		perror(argv[1]);
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	rb_json_scan_init(&sc, data, len);
	ok = rb_json_skip(&sc, NULL) && rb_json_end(&sc);
	clock_gettime(CLOCK_MONOTONIC, &b);
	if (!ok) {
		fprintf(stderr, "%s: %s\n", argv[1], sc.error);
		return 1;
	}
	printf("%.3f\n", (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9);
	free(data);
	return 0;
}
