/*
 * fuzz_build.c - a whole `runbinder build` and `check` of a small binder.
 * The input is the binder as a bundle of files:
 *
 *   === runbinder.yaml
 *   title: ...
 *   === content/runbooks/a.md
 *   ...
 *
 * Paths are kept to [a-z0-9._/-] without "..", below a scratch directory
 * that is emptied before each run. The PDF is left out (it is made in
 * child processes; fuzz_pdf covers its layout).
 */
#include <dirent.h>
#include <stdlib.h>
#include <ftw.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "fsutil.h"
#include "fuzz.h"

/* in memory when the machine has /dev/shm: each build ends with a syncfs() */
static char scratch[] = "/dev/shm/runbinder-fuzz-build-XXXXXX";
static bool created;

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st;
	(void)flag;
	if (ftw->level > 0)
		remove(path);
	return 0;
}

static bool safe_path(const char *p, size_t len)
{
	if (!len || len > 100 || p[0] == '/' || p[0] == '.')
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = p[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '/' || c == '-'))
			return false;
		if (c == '.' && i + 1 < len && p[i + 1] == '.')
			return false;
		if (c == '/' && i + 1 < len && p[i + 1] == '/')
			return false;
	}
	return p[len - 1] != '/';
}

static void remove_scratch(void)
{
	nftw(scratch, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	rmdir(scratch);
}

static void write_file(const char *rel, size_t rel_len, const char *data, size_t len)
{
	char *path = rb_xasprintf("%s/%.*s", scratch, (int)rel_len, rel);
	char *slash = strrchr(path, '/');
	FILE *f;

	*slash = '\0';
	if (rb_mkdirs(path) == 0) {
		*slash = '/';
		f = fopen(path, "wb");
		if (f) {
			fwrite(data, 1, len, f);
			fclose(f);
		}
	}
	free(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size;
	char *argv_build[] = { "build", "-C", scratch, "-q", "--only", "html,txt,scripts",
			       "--fail-on", "never", NULL };
	char *argv_check[] = { "check", "-C", scratch, "-q", "--format", "sarif", NULL };
	FILE *saved_err, *saved_out;

	if (size > 256 * 1024)
		return 0;
	if (!created) {
		if (!mkdtemp(scratch)) {
			memcpy(scratch, "/tmp/runbinder-fuzz-build-XXXXXX",
			       sizeof("/tmp/runbinder-fuzz-build-XXXXXX"));
			if (!mkdtemp(scratch))
				abort();
		}
		created = true;
		atexit(remove_scratch);
	}
	nftw(scratch, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	/* the bundle: "=== path\n" starts a file that runs to the next one */
	while (s < end) {
		const char *nl, *next, *body;

		if (end - s < 4 || memcmp(s, "=== ", 4)) {
			nl = memchr(s, '\n', (size_t)(end - s));
			s = nl ? nl + 1 : end;
			continue;
		}
		nl = memchr(s, '\n', (size_t)(end - s));
		if (!nl)
			break;
		body = nl + 1;
		for (next = body; next < end; next++)
			if ((next == body || next[-1] == '\n') && end - next >= 4 &&
			    !memcmp(next, "=== ", 4))
				break;
		if (safe_path(s + 4, (size_t)(nl - s - 4)))
			write_file(s + 4, (size_t)(nl - s - 4), body, (size_t)(next - body));
		s = next;
	}
	/* the messages are the product's business, not the fuzzer's */
	fflush(stdout);
	saved_err = stderr;
	saved_out = stdout;
	stderr = fopen("/dev/null", "w");
	stdout = fopen("/dev/null", "w");
	if (stderr && stdout) {
		(void)cmd_build(8, argv_build);
		(void)cmd_check(6, argv_check);
	}
	if (stderr)
		fclose(stderr);
	if (stdout)
		fclose(stdout);
	stderr = saved_err;
	stdout = saved_out;
	return 0;
}
