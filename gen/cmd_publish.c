/*
 * cmd_publish.c - `runbinder publish --branch NAME`: commits the binder in
 * out/ as the whole tree of a new commit on branch NAME (its parent: the
 * branch's previous tip), through libgit2, without touching the working
 * tree or the index. Pushing it somewhere outside AWS is left to `git push`.
 */
#include <dirent.h>
#include <errno.h>
#include <git2.h>
#include <sys/stat.h>

#include "cmd.h"
#include "opt.h"
#include "repo.h"
#include "writer_lock.h"

struct publish_opts {
	struct rb_common_opts common;
	const char *branch, *message, *out_dir, *wait;
};

static const struct rb_opt publish_opts[] = {
	RB_OPT_DIR(struct publish_opts),
	RB_OPT_NEEDED(0, "branch", "NAME", "the branch to commit the binder to (required)",
		   struct publish_opts, branch),
	RB_OPT_STR(0, "out", "DIR", "the binder to publish (default: DIR/out)",
		   struct publish_opts, out_dir),
	RB_OPT_STR(0, "message", "MSG", "the commit message (default names the source commit)",
		   struct publish_opts, message),
	RB_OPT_WAIT(struct publish_opts),
	RB_OPT_HELP(struct publish_opts),
};

void cmd_publish_help(FILE *f)
{
	rb_opt_help(f, "publish", NULL,
		    "Commits the binder as the tree of a new commit on branch NAME, without\n"
		    "checking it out; an identical binder makes no new commit. Prints the\n"
		    "commit and the git push command that stores it outside AWS.",
		    publish_opts, RB_ARRAY_SIZE(publish_opts));
}

/* Writes the tree of directory `path` into the repository's objects. */
static int write_tree(git_repository *repo, const char *path, git_oid *out, int depth)
{
	git_treebuilder *tb = NULL;
	DIR *dh;
	struct dirent *e;
	int ret = -1;

	if (depth > 64 || git_treebuilder_new(&tb, repo, NULL) < 0)
		return -1;
	dh = opendir(path);
	if (!dh)
		goto done;
	while ((e = readdir(dh))) {
		char *child;
		struct stat st;
		git_oid oid;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		child = rb_xasprintf("%s/%s", path, e->d_name);
		if (lstat(child, &st) < 0) {
			free(child);
			goto close;
		}
		if (S_ISDIR(st.st_mode)) {
			if (write_tree(repo, child, &oid, depth + 1) < 0 ||
			    git_treebuilder_insert(NULL, tb, e->d_name, &oid, GIT_FILEMODE_TREE) < 0) {
				free(child);
				goto close;
			}
		} else if (S_ISREG(st.st_mode)) {
			if (git_blob_create_from_disk(&oid, repo, child) < 0 ||
			    git_treebuilder_insert(NULL, tb, e->d_name, &oid,
						   (st.st_mode & 0111) ? GIT_FILEMODE_BLOB_EXECUTABLE
								       : GIT_FILEMODE_BLOB) < 0) {
				free(child);
				goto close;
			}
		}
		free(child);
	}
	ret = git_treebuilder_write(out, tb) < 0 ? -1 : 0;
close:
	closedir(dh);
done:
	git_treebuilder_free(tb);
	return ret;
}

int cmd_publish(int argc, char **argv)
{
	struct publish_opts o = { RB_COMMON_OPTS_INIT, NULL, NULL, NULL, NULL };
	struct rb_writer_lock lock = { NULL, -1 };
	char *holder = NULL;
	double wait;
	struct rb_cmd cmd;
	int ret;
	git_repository *repo = NULL;
	git_reference *ref = NULL;
	git_commit *parent = NULL, *head = NULL;
	git_tree *tree = NULL;
	git_signature *sig = NULL;
	git_oid tree_oid, commit_oid;
	char *refname = NULL, *out = NULL, *msg = NULL;
	char id[GIT_OID_HEXSZ + 1];
	int status = RB_EXIT_BAD_INPUT;
	bool init = false;

	ret = rb_cmd_start(&cmd, "publish", publish_opts, RB_ARRAY_SIZE(publish_opts),
			   cmd_publish_help, &o, true, argc, argv);
	if (ret <= 0) {
		status = ret ? RB_EXIT_BAD_INPUT : RB_EXIT_OK;
		goto done;
	}
	if (!o.branch || cmd.args.nr) {
		rb_opt_usage(stderr, "publish", NULL, publish_opts, RB_ARRAY_SIZE(publish_opts));
		goto done;
	}
	if (rb_cmd_wait_seconds(&cmd, o.wait, &wait) < 0)
		goto done;
	git_libgit2_init();
	init = true;
	refname = rb_xasprintf("refs/heads/%s", o.branch);
	if (!git_reference_is_valid_name(refname)) {
		fprintf(stderr, "runbinder publish: error: '%s' is not a valid branch name\n", o.branch);
		goto done;
	}
	if (git_repository_open_ext(&repo, o.common.dir, 0, NULL) < 0) {
		fprintf(stderr, "runbinder publish: error: '%s' is not in a git repository\n", o.common.dir);
		goto done;
	}
	out = o.out_dir ? rb_xstrdup(o.out_dir) : rb_xasprintf("%s/out", o.common.dir);
	/* a build swapping out/ while it is read would mix two binders */
	if (rb_writer_lock_take(&lock, out, wait, "runbinder publish", &holder) != RB_LOCK_TAKEN) {
		status = rb_cmd_output_error(out, holder, wait);
		goto done;
	}
	if (write_tree(repo, out, &tree_oid, 0) < 0) {
		fprintf(stderr, "runbinder publish: error: cannot store '%s': %s\n", out,
			git_error_last() ? git_error_last()->message : strerror(errno));
		status = RB_EXIT_INTERNAL;
		goto done;
	}
	if (git_tree_lookup(&tree, repo, &tree_oid) < 0 ||
	    (git_signature_default(&sig, repo) < 0 &&
	     git_signature_now(&sig, "runbinder", "runbinder@localhost") < 0))
		goto fail;
	if (o.message) {
		msg = rb_xasprintf("%s\n", o.message);
	} else {
		git_oid hid;

		if (git_reference_name_to_id(&hid, repo, "HEAD") == 0) {
			git_oid_tostr(id, sizeof(id), &hid);
			msg = rb_xasprintf("Binder built from %s\n", id);
		} else {
			msg = rb_xstrdup("Binder\n");
		}
	}
	/*
	 * The branch moves only if it still points where it was read (a
	 * compare-and-swap): a publish that raced another and lost builds its
	 * commit again on the new tip, once, so no commit is ever dropped.
	 */
	for (int round = 0;; round++) {
		git_reference *moved = NULL;
		int r;

		git_commit_free(parent);
		parent = NULL;
		git_reference_free(ref);
		ref = NULL;
		if (git_reference_lookup(&ref, repo, refname) == 0 &&
		    git_commit_lookup(&parent, repo, git_reference_target(ref)) < 0)
			goto fail;
		if (parent && !git_oid_cmp(git_commit_tree_id(parent), &tree_oid)) {
			git_oid_tostr(id, sizeof(id), git_commit_id(parent));
			printf("%s already holds this binder: %s (no new commit)\n", o.branch, id);
			status = RB_EXIT_OK;
			goto done;
		}
		if (git_commit_create(&commit_oid, repo, NULL, sig, sig, NULL, msg, tree,
				      parent ? 1 : 0, (const git_commit **)&parent) < 0)
			goto fail;
		r = parent ? git_reference_create_matching(&moved, repo, refname, &commit_oid, 1,
							   git_commit_id(parent), "runbinder publish")
			   : git_reference_create(&moved, repo, refname, &commit_oid, 0,
						  "runbinder publish");
		git_reference_free(moved);
		if (r == 0)
			break;
		if (r != GIT_EMODIFIED && r != GIT_EEXISTS && r != GIT_ELOCKED)
			goto fail;
		if (round == 1) {
			fprintf(stderr, "runbinder publish: error: branch '%s' moved twice while this binder was being committed (other publish runs?); nothing changed: run it again\n",
				o.branch);
			status = RB_EXIT_BAD_INPUT;
			goto done;
		}
		fprintf(stderr, "runbinder publish: note: branch '%s' moved while committing (another publish?): committing again on its new tip\n",
			o.branch);
	}
	git_oid_tostr(id, sizeof(id), &commit_oid);
	printf("%s: %s\nstore it outside AWS with: git push <remote> %s\n", o.branch, id, o.branch);
	status = RB_EXIT_OK;
	goto done;
fail:
	fprintf(stderr, "runbinder publish: error: %s\n",
		git_error_last() ? git_error_last()->message : "cannot commit");
	status = RB_EXIT_INTERNAL;
done:
	rb_writer_lock_release(&lock);
	free(holder);
	free(msg);
	free(out);
	free(refname);
	git_signature_free(sig);
	git_tree_free(tree);
	git_commit_free(parent);
	git_commit_free(head);
	git_reference_free(ref);
	git_repository_free(repo);
	if (init)
		git_libgit2_shutdown();
	rb_cmd_release(&cmd);
	return status;
}
