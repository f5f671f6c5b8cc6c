/*
 * page_files.c - what the links and images of runbooks lead to, in the
 * binder: a link to another runbook is made runbinder's own `ID.html`
 * (with its anchor), which every format renders as that runbook (HTML page,
 * PDF page, `see ID` in text); an image or a document of the repository
 * (link_target.c says which) is copied into out/files/ under its path
 * there, and the link leads to the copy; a link to any other file of the
 * repository names its path after its text. Raw HTML is made safe
 * (html_safe.h) with its links and images led the same way, and a link
 * that would run something (javascript:) leads nowhere. Runs before the
 * pages are written; it changes the URLs and raw HTML of the runbooks'
 * trees, nothing else.
 */
#include <errno.h>
#include <strings.h>
#include <sys/stat.h>

#include "html_safe.h"
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

struct links {
	struct rb_page_ctx *c;
	struct rb_runbook *r;
	cmark_node *node;            /* the Markdown link being read, or NULL */
	cmark_node **named;          /* links to files the binder does not carry */
	size_t named_nr, named_alloc;
	struct rb_strmap copied;     /* out/ paths copied */
	struct rb_strlist names;     /* their strings */
	int ret;
};

/*
 * The URL a link (or an image, `image`) leads to in the binder, a new
 * string; NULL to keep it as written.
 */
static char *binder_url(struct links *l, const char *url, bool image)
{
	struct rb_link_target t;
	char *out = NULL;

	rb_link_target(l->c->binder, l->r, url, &t);
	if (t.kind == RB_LINK_FILE && !image && l->node &&
	    !is_carried(l->c->binder, t.path)) {
		RB_GROW(l->named, l->named_nr + 1, l->named_alloc);
		l->named[l->named_nr++] = l->node;
	} else if (t.kind == RB_LINK_RUNBOOK && !image) {
		out = rb_xasprintf("%s.html%s%s", t.runbook->id,
				   t.anchor ? "#" : "", t.anchor ? t.anchor : "");
	} else if (t.kind == RB_LINK_FILE && is_carried(l->c->binder, t.path)) {
		char *rel = rb_xasprintf(RB_FILES_DIR "/%s", t.path);

		if (rb_strmap_get(&l->copied, rel) == SIZE_MAX) {
			rb_strlist_add(&l->names, rel);
			rb_strmap_put(&l->copied, rel, 1);
			if (copy_file(l->c, t.path, rel) < 0)
				l->ret = -1;
		} else {
			free(rel);
		}
		/* pages are one folder down: runbooks/, txt/ */
		out = rb_xasprintf("../" RB_FILES_DIR "/%s", t.path);
	}
	rb_link_target_release(&t);
	return out;
}

/*
 * A link to a file of the repository the binder does not carry: its text,
 * then the path as written, in code: `export (files/export.json)`.
 */
static void name_as_path(cmark_node *link)
{
	cmark_node *open = cmark_node_new(CMARK_NODE_TEXT);
	cmark_node *path = cmark_node_new(CMARK_NODE_CODE);
	cmark_node *close = cmark_node_new(CMARK_NODE_TEXT);
	size_t n = strcspn(cmark_node_get_url(link), "#?");
	char *p = rb_xstrndup(cmark_node_get_url(link), n);

	while (cmark_node_first_child(link))
		cmark_node_insert_before(link, cmark_node_first_child(link));
	cmark_node_set_literal(open, " (");
	cmark_node_set_literal(path, p);
	cmark_node_set_literal(close, ")");
	cmark_node_insert_before(link, open);
	cmark_node_insert_before(link, path);
	cmark_node_insert_before(link, close);
	cmark_node_free(link);
	free(p);
}

/* What runs when opened (cmark's own list): never a link's target. */
static bool is_dangerous(const char *url)
{
	static const char *const schemes[] = { "javascript:", "vbscript:", "file:", "data:" };

	for (size_t i = 0; i < RB_ARRAY_SIZE(schemes); i++)
		if (!strncasecmp(url, schemes[i], strlen(schemes[i])))
			return true;
	return false;
}

/* A raw HTML tag's URL: the binder's, or as written when safe; NULL drops it. */
static char *html_url(void *ctx, const char *tag, const char *url)
{
	bool image = !strcmp(tag, "img");
	char *out = binder_url(ctx, url, image);

	if (out)
		return out;
	/* an image comes from the binder or not at all (offline, and the CSP) */
	if (image || is_dangerous(url))
		return NULL;
	return rb_xstrdup(url);
}

static void runbook_links(struct links *l)
{
	struct rb_html_open open = { 0 };
	cmark_iter *it = cmark_iter_new(l->r->doc);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE && l->ret == 0) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type type = cmark_node_get_type(n);
		char *url;

		if (ev == CMARK_EVENT_EXIT)
			continue;
		if (type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE) {
			const char *lit = cmark_node_get_literal(n);
			struct rb_buf safe = RB_BUF_INIT;

			rb_html_safe(&safe, lit ? lit : "", lit ? strlen(lit) : 0, &open,
				     html_url, l);
			cmark_node_set_literal(n, safe.ptr);
			rb_buf_release(&safe);
			continue;
		}
		if (type != CMARK_NODE_LINK && type != CMARK_NODE_IMAGE)
			continue;
		l->node = n;
		url = binder_url(l, cmark_node_get_url(n), type == CMARK_NODE_IMAGE);
		l->node = NULL;
		if (url)
			cmark_node_set_url(n, url);
		else if (is_dangerous(cmark_node_get_url(n)))
			cmark_node_set_url(n, "");
		free(url);
	}
	cmark_iter_free(it);
	/* changed only now: the tree must not change under the iterator */
	for (size_t i = 0; i < l->named_nr; i++)
		name_as_path(l->named[i]);
	l->named_nr = 0;
	if (open.nr) {
		/* what the page's HTML left open ends with it */
		cmark_node *closing = cmark_node_new(CMARK_NODE_HTML_BLOCK);
		struct rb_buf end = RB_BUF_INIT;

		rb_html_close(&end, &open);
		cmark_node_set_literal(closing, end.ptr);
		cmark_node_append_child(l->r->doc, closing);
		rb_buf_release(&end);
	}
	free(open.names);
}

int rb_pages_files(struct rb_page_ctx *c)
{
	struct links l = { c, NULL, NULL, NULL, 0, 0, RB_STRMAP_INIT, { 0 }, 0 };

	for (size_t i = 0; i < c->binder->runbooks_nr && l.ret == 0; i++) {
		l.r = c->binder->runbooks[i];
		runbook_links(&l);
	}
	rb_strmap_release(&l.copied);
	rb_strlist_release(&l.names);
	free(l.named);
	return l.ret;
}
