/*
 * replay.c - runs a fuzz harness over saved inputs: every file named, and
 * every file in every directory named (not recursive). Used by make test
 * to replay the seed corpora and every crash found so far.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long len;

	if (!f || fseek(f, 0, SEEK_END) < 0 || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) < 0) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		if (f)
			fclose(f);
		return -1;
	}
	buf = malloc((size_t)len + 1);
	if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)len);
	free(buf);
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	size_t runs = 0;
	int failed = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;
		DIR *dir;
		struct dirent *e;
		char **names = NULL;
		size_t n = 0;

		if (stat(argv[i], &st) < 0)
			continue;           /* no crash saved yet */
		if (!S_ISDIR(st.st_mode)) {
			failed |= run_file(argv[i]) < 0;
			runs++;
			continue;
		}
		dir = opendir(argv[i]);
		while (dir && (e = readdir(dir))) {
			if (e->d_name[0] == '.')
				continue;
			names = realloc(names, (n + 1) * sizeof(*names));
			names[n] = malloc(strlen(argv[i]) + strlen(e->d_name) + 2);
			snprintf(names[n], strlen(argv[i]) + strlen(e->d_name) + 2, "%s/%s",
				 argv[i], e->d_name);
			n++;
		}
		if (dir)
			closedir(dir);
		if (n)
			qsort(names, n, sizeof(*names), cmp);
		for (size_t k = 0; k < n; k++) {
			failed |= run_file(names[k]) < 0;
			runs++;
			free(names[k]);
		}
		free(names);
	}
	printf("replayed %zu inputs\n", runs);
	return failed;
}
