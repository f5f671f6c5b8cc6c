/*
 * page_files.c - what the links and images of runbooks lead to, in the
 * binder: a link to another runbook is made runbinder's own `ID.html`
 * (with its anchor), which every format renders as that runbook (HTML page,
 * PDF page, `see ID` in text); an image or a document of the repository
 * (link_target.c says which) is copied into out/files/ under its path
 * there, and the link leads to the copy. Runs before the pages are
 * written; it changes the URLs of the runbooks' trees, nothing else.
 */
#include <errno.h>
#include <sys/stat.h>

#include "link_target.h"
#include "pages.h"

/*
 * Files a binder carries: pictures and documents a reader opens offline.
 * Nothing else is copied (an infra export a page links to would carry
 * secrets), whatever its path.
 */
static const char *const carried[] = {
	".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".pdf", ".txt",
};

static bool is_carried(struct rb_binder *b, const char *path)
{
	const char *dir = b->config.runbooks_dir;
	char *lower = rb_xstrdup(path), *full;
	struct stat st;
	bool ok = false;

	if (!rb_starts_with(path, dir) || path[strlen(dir)] != '/')
		goto done;
	for (char *s = lower; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
	for (size_t i = 0; i < RB_ARRAY_SIZE(carried) && !ok; i++)
		ok = rb_ends_with(lower, carried[i]);
	full = rb_xasprintf("%s/%s", b->root, path);
	/* a link, even inside the repository, may point anywhere: not followed */
	ok = ok && lstat(full, &st) == 0 && S_ISREG(st.st_mode) &&
	     (size_t)st.st_size <= RB_MAX_FILE_SIZE;
	free(full);
done:
	free(lower);
	return ok;
}

static int copy_file(struct rb_page_ctx *c, const char *path, const char *rel)
{
	char *full = rb_xasprintf("%s/%s", c->binder->root, path), *data;
	size_t len;
	int ret;

	if (rb_read_file(full, RB_MAX_FILE_SIZE, &data, &len) < 0) {
		rb_error(c->diags, (struct rb_loc){ path, 0, 0 }, "cannot read: %s",
			 strerror(errno));
		free(full);
		return -1;
	}
	ret = rb_page_write(c, rel, data, len);
	free(data);
	free(full);
	return ret;
}

static int runbook_links(struct rb_page_ctx *c, struct rb_runbook *r,
			 struct rb_strmap *copied, struct rb_strlist *names)
{
	cmark_iter *it = cmark_iter_new(r->doc);
	cmark_event_type ev;
	int ret = 0;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE && ret == 0) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type type = cmark_node_get_type(n);
		struct rb_link_target t;
		char *url = NULL;

		if (ev != CMARK_EVENT_ENTER ||
		    (type != CMARK_NODE_LINK && type != CMARK_NODE_IMAGE))
			continue;
		rb_link_target(c->binder, r, cmark_node_get_url(n), &t);
		if (t.kind == RB_LINK_RUNBOOK && type == CMARK_NODE_LINK) {
			url = rb_xasprintf("%s.html%s%s", t.runbook->id,
					   t.anchor ? "#" : "", t.anchor ? t.anchor : "");
		} else if (t.kind == RB_LINK_FILE && is_carried(c->binder, t.path)) {
			char *rel = rb_xasprintf(RB_FILES_DIR "/%s", t.path);

			if (rb_strmap_get(copied, rel) == SIZE_MAX) {
				rb_strlist_add(names, rel);
				rb_strmap_put(copied, rel, 1);
				ret = copy_file(c, t.path, rel);
			} else {
				free(rel);
			}
			/* pages are one folder down: runbooks/, txt/ */
			url = rb_xasprintf("../" RB_FILES_DIR "/%s", t.path);
		}
		if (url)
			cmark_node_set_url(n, url);
		free(url);
		rb_link_target_release(&t);
	}
	cmark_iter_free(it);
	return ret;
}

int rb_pages_files(struct rb_page_ctx *c)
{
	struct rb_strmap copied = RB_STRMAP_INIT;
	struct rb_strlist names = { 0 };
	int ret = 0;

	for (size_t i = 0; i < c->binder->runbooks_nr && ret == 0; i++)
		ret = runbook_links(c, c->binder->runbooks[i], &copied, &names);
	rb_strmap_release(&copied);
	rb_strlist_release(&names);
	return ret;
}
