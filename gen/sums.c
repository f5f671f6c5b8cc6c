#include <errno.h>
#include <time.h>

#include "fsutil.h"
#include "infra.h"
#include "sha256.h"
#include "sums.h"

static int file_sha(const char *path, char out[65])
{
	char *data;
	size_t len;

	if (rb_read_file(path, RB_MAX_EXPORT_SIZE, &data, &len) < 0)
		return -1;
	rb_sha256_hex(data, len, out);
	free(data);
	return 0;
}

int rb_sums_write(struct rb_output *out, const struct rb_binder *b,
		  const struct rb_repo_info *repo, long long build_time,
		  const char *version, struct rb_diags *d)
{
	struct rb_buf info = RB_BUF_INIT, sums = RB_BUF_INIT;
	struct rb_strlist files = { 0 };
	time_t t = (time_t)build_time;
	struct tm tm;
	char when[32];
	int ret = -1;

	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	rb_buf_addf(&info, "tool: runbinder %s\nbuild_time: %s\n", version, when);
	if (repo->commit[0])
		rb_buf_addf(&info, "source_commit: %s\ndirty: %s\n", repo->commit,
			    repo->dirty ? "yes" : "no");
	else
		rb_buf_adds(&info, "source_commit: none (not a git repository)\n");
	rb_buf_adds(&info, "infra_exports:\n");
	for (size_t i = 0; i < b->infra.exports_nr; i++)
		rb_buf_addf(&info, "  %s  %s\n", b->infra.exports[i].sha256, b->infra.exports[i].path);
	if (rb_output_write(out, "BUILDINFO", info.ptr, info.len, 0644) < 0) {
		rb_error(d, (struct rb_loc){ "BUILDINFO", 0, 0 }, "cannot write: %s", strerror(errno));
		goto done;
	}
	for (size_t i = 0; i < out->files.nr; i++)
		if (strcmp(out->files.items[i], ".gitkeep"))
			rb_strlist_add(&files, rb_xstrdup(out->files.items[i]));
	rb_strlist_sort(&files);
	for (size_t i = 0; i < files.nr; i++) {
		char *path = rb_xasprintf("%s/%s", out->staging, files.items[i]);
		const char *known = rb_output_sum(out, files.items[i]);
		char hex[65];

		if (known)
			memcpy(hex, known, sizeof(hex));
		else if (file_sha(path, hex) < 0) {
			rb_error(d, (struct rb_loc){ files.items[i], 0, 0 }, "cannot read back: %s",
				 strerror(errno));
			free(path);
			goto done;
		}
		rb_buf_addf(&sums, "%s  %s\n", hex, files.items[i]);
		free(path);
	}
	if (rb_output_write(out, "SHA256SUMS", sums.ptr, sums.len, 0644) < 0) {
		rb_error(d, (struct rb_loc){ "SHA256SUMS", 0, 0 }, "cannot write: %s", strerror(errno));
		goto done;
	}
	ret = 0;
done:
	rb_buf_release(&info);
	rb_buf_release(&sums);
	rb_strlist_release(&files);
	return ret;
}

long rb_sums_verify(const char *dir, FILE *f)
{
	char *path = rb_xasprintf("%s/SHA256SUMS", dir);
	char *data, *p;
	size_t len;
	struct rb_strlist listed = { 0 }, present = { 0 };
	long bad = 0;

	if (rb_read_file(path, RB_MAX_FILE_SIZE, &data, &len) < 0) {
		free(path);
		return -1;
	}
	free(path);
	for (p = data; *p;) {
		char *nl = strchr(p, '\n');
		char *name;

		if (nl)
			*nl = '\0';
		if (strlen(p) > 66 && p[64] == ' ' && p[65] == ' ') {
			char hex[65];
			char *full;

			name = p + 66;
			full = rb_xasprintf("%s/%s", dir, name);
			rb_strlist_add(&listed, rb_xstrdup(name));
			if (!rb_output_path_safe(name)) {
				fprintf(f, "%s: unsafe path in SHA256SUMS\n", name);
				bad++;
			} else if (file_sha(full, hex) < 0) {
				fprintf(f, "%s: missing\n", name);
				bad++;
			} else if (strncmp(hex, p, 64)) {
				fprintf(f, "%s: changed\n", name);
				bad++;
			}
			free(full);
		} else if (*p) {
			fprintf(f, "SHA256SUMS: malformed line '%.40s'\n", p);
			bad++;
		}
		p = nl ? nl + 1 : p + strlen(p);
	}
	/* files nobody listed: anything but the sums themselves and .gitkeep */
	rb_list_files(dir, NULL, &present);
	for (size_t i = 0; i < present.nr; i++) {
		bool found = !strcmp(present.items[i], "SHA256SUMS");

		for (size_t k = 0; !found && k < listed.nr; k++)
			found = !strcmp(listed.items[k], present.items[i]);
		if (!found) {
			fprintf(f, "%s: extra (not in SHA256SUMS)\n", present.items[i]);
			bad++;
		}
	}
	rb_strlist_release(&listed);
	rb_strlist_release(&present);
	free(data);
	return bad;
}
