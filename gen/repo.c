#include <git2.h>

#include "fsutil.h"
#include "repo.h"
#include "strmap.h"

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
	/* an untracked folder is one entry: whether anything differs is all
	   this asks, and a binder left in an untracked out/ is 10,000 files */
	opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED;
	if (git_status_list_new(&status, repo, &opts) == 0)
		out->dirty = git_status_list_entrycount(status) > 0;
done:
	git_status_list_free(status);
	git_commit_free(commit);
	git_reference_free(head);
	git_repository_free(repo);
	git_libgit2_shutdown();
}

void rb_last_change_release(struct rb_last_change *c)
{
	free(c->author);
	free(c->subject);
	memset(c, 0, sizeof(*c));
}

/* `dir` relative to the repository's working directory, with a final '/'. */
static char *prefix_in_repo(git_repository *repo, const char *dir)
{
	const char *wd = git_repository_workdir(repo); /* ends with '/' */
	char *real = realpath(dir, NULL);
	char *with_slash, *prefix = NULL;

	if (!wd || !real) {
		free(real);
		return NULL;
	}
	with_slash = rb_xasprintf("%s/", real);
	if (rb_starts_with(with_slash, wd))
		prefix = rb_xstrdup(with_slash + strlen(wd));
	free(with_slash);
	free(real);
	return prefix;
}

static void date_one(struct rb_last_change *c, git_commit *commit, bool before)
{
	const git_signature *a = git_commit_author(commit);
	const char *msg = git_commit_summary(commit), *nl;

	git_oid_tostr(c->short_id, sizeof(c->short_id), git_commit_id(commit));
	c->time = (long long)git_commit_time(commit);
	c->author = rb_xstrdup(a && a->name ? a->name : "");
	nl = msg ? strchr(msg, '\n') : NULL;
	c->subject = msg ? rb_xstrndup(msg, nl ? (size_t)(nl - msg) : strlen(msg)) : rb_xstrdup("");
	c->before = before;
}

/* What the walk of the history looks for. */
struct walk_ctx {
	git_repository *repo;
	char **full;			/* the runbooks' paths in the repository */
	struct rb_last_change *out;
	size_t n, left;			/* paths, and those not dated yet */
	struct rb_strmap at;		/* path -> index */
	struct rb_strlist dirs;		/* the runbooks' folders */
	bool top;			/* a runbook at the top of the repository */
	const bool *looked;		/* the paths the walk looks for (committed ones) */
};

/* The diff or status options that look in the runbooks' folders only. */
static void limit_to_runbooks(const struct walk_ctx *w, git_strarray *spec)
{
	if (w->dirs.nr && !w->top) {
		spec->strings = w->dirs.items;
		spec->count = w->dirs.nr;
	}
}

/* Dates the paths `commit` changed against `parent` (NULL: it added them). */
static void date_changes(struct walk_ctx *w, git_commit *commit, git_commit *parent)
{
	git_tree *tree = NULL, *ptree = NULL;
	git_diff *diff = NULL;
	git_diff_options opts;

	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH;
	limit_to_runbooks(w, &opts.pathspec);
	if (parent)
		git_commit_tree(&ptree, parent);
	git_commit_tree(&tree, commit);
	if (git_diff_tree_to_tree(&diff, w->repo, ptree, tree, &opts) == 0) {
		for (size_t d = 0; d < git_diff_num_deltas(diff); d++) {
			const git_diff_delta *dd = git_diff_get_delta(diff, d);
			size_t i = rb_strmap_get(&w->at, dd->new_file.path);

			if (i == SIZE_MAX || w->out[i].short_id[0] || !w->looked[i])
				continue;
			date_one(&w->out[i], commit, false);
			w->left--;
		}
	}
	git_diff_free(diff);
	git_tree_free(tree);
	git_tree_free(ptree);
}

/*
 * Whether `tree` has the file `path`. The folder's tree is kept between
 * calls (`*dir`, `*sub`): a path looked up whole reads and parses every
 * tree on its way again, a folder of 1,000 runbooks 1,000 times.
 */
static bool tree_has(git_repository *repo, git_tree *tree, const char *path, char **dir,
		     git_tree **sub)
{
	const char *slash = strrchr(path, '/');
	size_t len = slash ? (size_t)(slash - path) : 0;

	if (!slash)
		return git_tree_entry_byname(tree, path) != NULL;
	if (!*dir || strlen(*dir) != len || memcmp(*dir, path, len)) {
		git_tree_entry *e = NULL;

		free(*dir);
		*dir = rb_xstrndup(path, len);
		git_tree_free(*sub);
		*sub = NULL;
		if (git_tree_entry_bypath(&e, tree, *dir) == 0) {
			if (git_tree_entry_type(e) == GIT_OBJECT_TREE)
				git_tree_lookup(sub, repo, git_tree_entry_id(e));
			git_tree_entry_free(e);
		}
	}
	return *sub && git_tree_entry_byname(*sub, slash + 1) != NULL;
}

/*
 * A shallow clone (CI's default checkout fetches one commit) ends at
 * commits whose parents are not there, and libgit2's walk stops at the
 * first of them. Follow first parents while they exist; a path the
 * present history does not date was last changed at or before the oldest
 * commit there, which is what it gets, marked so.
 */
static void walk_shallow(struct walk_ctx *w, const git_oid *start)
{
	git_commit *commit = NULL, *parent = NULL;
	git_tree *tree = NULL;

	if (git_commit_lookup(&commit, w->repo, start) < 0)
		return;
	while (w->left) {
		bool cut = git_commit_parentcount(commit) > 0 &&
			   git_commit_parent(&parent, commit, 0) < 0;

		if (cut)
			break;
		date_changes(w, commit, parent);
		git_commit_free(commit);
		commit = parent;
		parent = NULL;
		if (!commit)
			return;
	}
	if (w->left && git_commit_tree(&tree, commit) == 0) {
		git_tree *sub = NULL;
		char *dir = NULL;

		for (size_t i = 0; i < w->n; i++) {
			if (w->out[i].short_id[0] || !w->looked[i] ||
			    !tree_has(w->repo, tree, w->full[i], &dir, &sub))
				continue;
			date_one(&w->out[i], commit, true);
			w->left--;
		}
		free(dir);
		git_tree_free(sub);
	}
	git_tree_free(tree);
	git_commit_free(commit);
}

/*
 * A path the walk's first commit does not have (a runbook not committed
 * yet) is not looked for: no commit would date it, and looking would walk
 * the whole history.
 */
static void skip_uncommitted(struct walk_ctx *w, const git_oid *start, bool *looked)
{
	git_commit *commit = NULL;
	git_tree *tree = NULL, *sub = NULL;
	char *dir = NULL;

	for (size_t i = 0; i < w->n; i++)
		looked[i] = true;
	if (git_commit_lookup(&commit, w->repo, start) < 0 || git_commit_tree(&tree, commit) < 0)
		goto done;
	for (size_t i = 0; i < w->n; i++) {
		if (tree_has(w->repo, tree, w->full[i], &dir, &sub))
			continue;
		looked[i] = false;
		w->left--;
	}
done:
	free(dir);
	git_tree_free(sub);
	git_tree_free(tree);
	git_commit_free(commit);
}

int rb_repo_last_changes(const char *dir, const char *ref,
			 const char *const *paths, size_t n,
			 struct rb_last_change *out)
{
	struct walk_ctx w = { .out = out, .n = n, .left = n, .at = RB_STRMAP_INIT };
	git_revwalk *walk = NULL;
	git_status_list *status = NULL;
	git_oid oid, start;
	bool *looked = NULL;
	char *prefix = NULL;
	int shallow = 0;

	memset(out, 0, n * sizeof(*out));
	git_libgit2_init();
	if (git_repository_open_ext(&w.repo, dir, 0, NULL) < 0 ||
	    !(prefix = prefix_in_repo(w.repo, dir)))
		goto done;
	w.full = rb_xcalloc(n + 1, sizeof(*w.full));
	rb_strmap_reserve(&w.at, n);
	for (size_t i = 0; i < n; i++) {
		char *slash, *d;
		bool seen;

		w.full[i] = rb_xasprintf("%s%s", prefix, paths[i]);
		rb_strmap_put(&w.at, w.full[i], i);
		slash = strrchr(w.full[i], '/');
		d = slash ? rb_xstrndup(w.full[i], (size_t)(slash - w.full[i])) : NULL;
		seen = !d;
		w.top = w.top || !d;
		for (size_t k = 0; d && !seen && k < w.dirs.nr; k++)
			seen = !strcmp(w.dirs.items[k], d);
		if (seen)
			free(d);
		else
			rb_strlist_add(&w.dirs, d);
	}
	/*
	 * Files changed in the working tree (a --ref build reads none of it),
	 * looked for in the runbooks' folders only: the rest of the
	 * repository (a binder of 10,000 files left untracked in out/) is not
	 * walked. So is each commit's diff below.
	 */
	if (!ref) {
		git_status_options opts;

		git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
		opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
		opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
			     GIT_STATUS_OPT_DISABLE_PATHSPEC_MATCH;
		limit_to_runbooks(&w, &opts.pathspec);
		if (git_status_list_new(&status, w.repo, &opts) == 0) {
			for (size_t k = 0; k < git_status_list_entrycount(status); k++) {
				const git_status_entry *e = git_status_byindex(status, k);
				const git_diff_delta *dd = e->index_to_workdir ? e->index_to_workdir : e->head_to_index;
				size_t i = dd ? rb_strmap_get(&w.at, dd->new_file.path) : SIZE_MAX;

				if (i != SIZE_MAX)
					out[i].dirty = true;
			}
		}
	}
	if (ref) {
		git_object *obj = NULL;
		int r = git_revparse_single(&obj, w.repo, ref);

		if (r == 0)
			git_oid_cpy(&start, git_object_id(obj));
		git_object_free(obj);
		if (r < 0)
			goto done;
	} else if (git_reference_name_to_id(&start, w.repo, "HEAD") < 0) {
		goto done;
	}
	looked = rb_xcalloc(n + 1, sizeof(*looked));
	skip_uncommitted(&w, &start, looked);
	w.looked = looked;
	if (git_repository_is_shallow(w.repo) == 1) {
		shallow = 1;
		walk_shallow(&w, &start);
		goto done;
	}
	/* one walk, newest first: a commit touching a path not yet dated dates it */
	if (git_revwalk_new(&walk, w.repo) < 0 || git_revwalk_push(walk, &start) < 0)
		goto done;
	git_revwalk_sorting(walk, GIT_SORT_TIME);
	while (w.left && git_revwalk_next(&oid, walk) == 0) {
		git_commit *commit = NULL, *parent = NULL;

		if (git_commit_lookup(&commit, w.repo, &oid) < 0)
			continue;
		if (git_commit_parentcount(commit) > 0)
			git_commit_parent(&parent, commit, 0);
		date_changes(&w, commit, parent);
		git_commit_free(parent);
		git_commit_free(commit);
	}
done:
	for (size_t i = 0; w.full && i < n; i++)
		free(w.full[i]);
	free(w.full);
	free(looked);
	rb_strmap_release(&w.at);
	for (size_t k = 0; k < w.dirs.nr; k++)
		free(w.dirs.items[k]);
	free(w.dirs.items);
	free(prefix);
	git_status_list_free(status);
	git_revwalk_free(walk);
	git_repository_free(w.repo);
	git_libgit2_shutdown();
	return shallow;
}

int rb_repo_extract(const char *dir, const char *ref, struct rb_repo_info *info,
		    char **tmp, char **root, char *err, size_t errlen)
{
	git_repository *repo = NULL;
	git_object *obj = NULL;
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	git_checkout_options opts;
	char *prefix = NULL;
	char tmpl[] = "/tmp/runbinder-ref-XXXXXX";
	int ret = -1;

	*tmp = *root = NULL;
	memset(info, 0, sizeof(*info));
	git_libgit2_init();
	if (git_repository_open_ext(&repo, dir, 0, NULL) < 0) {
		snprintf(err, errlen, "--ref needs a git repository, and '%s' is in none", dir);
		goto done;
	}
	if (!(prefix = prefix_in_repo(repo, dir))) {
		snprintf(err, errlen, "'%s' is not inside the repository's working tree", dir);
		goto done;
	}
	if (git_revparse_single(&obj, repo, ref) < 0 ||
	    git_object_peel((git_object **)&commit, obj, GIT_OBJECT_COMMIT) < 0) {
		snprintf(err, errlen, "no commit '%s' in the repository", ref);
		goto done;
	}
	if (git_commit_tree(&tree, commit) < 0 || !mkdtemp(tmpl)) {
		snprintf(err, errlen, "cannot read the tree of '%s'", ref);
		goto done;
	}
	git_checkout_options_init(&opts, GIT_CHECKOUT_OPTIONS_VERSION);
	/* into a directory of our own: the working tree and index stay as they are */
	opts.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_DONT_UPDATE_INDEX;
	opts.target_directory = tmpl;
	if (git_checkout_tree(repo, (git_object *)tree, &opts) < 0) {
		snprintf(err, errlen, "cannot extract '%s': %s", ref,
			 git_error_last() ? git_error_last()->message : "unknown error");
		goto done;
	}
	info->in_repo = true;
	git_oid_tostr(info->commit, sizeof(info->commit), git_commit_id(commit));
	memcpy(info->short_id, info->commit, 12);
	info->short_id[12] = '\0';
	info->commit_time = (long long)git_commit_time(commit);
	*tmp = rb_xstrdup(tmpl);
	*root = *prefix ? rb_xasprintf("%s/%s", tmpl, prefix) : rb_xstrdup(tmpl);
	ret = 0;
done:
	free(prefix);
	git_tree_free(tree);
	git_commit_free(commit);
	git_object_free(obj);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return ret;
}
