#include <git2.h>

#include "repo.h"

void rb_repo_info(struct rb_repo_info *out, const char *dir)
{
	git_repository *repo = NULL;
	git_reference *head = NULL;
	git_commit *commit = NULL;
	git_status_list *status = NULL;
	git_status_options opts;
	const git_oid *oid;

	memset(out, 0, sizeof(*out));
	git_libgit2_init();
	if (git_repository_open_ext(&repo, dir, 0, NULL) < 0)
		goto done;
	out->in_repo = true;
	if (git_repository_head(&head, repo) < 0)
		goto done;
	oid = git_reference_target(head);
	if (!oid || git_commit_lookup(&commit, repo, oid) < 0)
		goto done;
	git_oid_tostr(out->commit, sizeof(out->commit), oid);
	memcpy(out->short_id, out->commit, 12);
	out->short_id[12] = '\0';
	out->commit_time = (long long)git_commit_time(commit);
	git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
	opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED |
		     GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS;
	if (git_status_list_new(&status, repo, &opts) == 0)
		out->dirty = git_status_list_entrycount(status) > 0;
done:
	git_status_list_free(status);
	git_commit_free(commit);
	git_reference_free(head);
	git_repository_free(repo);
	git_libgit2_shutdown();
}
