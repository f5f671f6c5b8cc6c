/*
 * link_target.c - where a link or an image of a runbook leads (see
 * link_target.h for how a URL is read).
 */
#include <sys/stat.h>

#include "closest.h"
#include "fsutil.h"
#include "link_target.h"

/* A page's name for its folder: what links in other tools' sites mean. */
static const char *const folder_pages[] = {
	"README.md", "readme.md", "index.md", "_index.md", "index.en.md",
	"_index.en.md", "README.markdown", "index.markdown",
};

static char *percent_decode(const char *s, size_t n)
{
	char *out = rb_xmalloc(n + 1), *o = out;

	for (size_t i = 0; i < n; i++) {
		int hi, lo;

		if (s[i] == '%' && i + 2 < n + 1 && (hi = rb_hex_digit(s[i + 1])) >= 0 &&
		    (lo = rb_hex_digit(s[i + 2])) >= 0 && (hi || lo)) {
			*o++ = (char)(hi * 16 + lo);
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

/* A scheme ("https:", "mailto:") before any '/', or "//host". */
static bool has_scheme(const char *url)
{
	size_t n = strspn(url, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");

	return (n > 0 && url[n] == ':') || rb_starts_with(url, "//");
}

/*
 * `dir` + "/" + `rel` with "." and ".." taken away; NULL when ".." climbs
 * above the binder root. A trailing '/' is dropped.
 */
static char *join_path(const char *dir, const char *rel)
{
	char *whole = *dir ? rb_xasprintf("%s/%s", dir, rel) : rb_xstrdup(rel);
	char *out = rb_xmalloc(strlen(whole) + 1);
	size_t len = 0;

	for (char *seg = whole, *next; seg; seg = next) {
		size_t n = strcspn(seg, "/");

		next = seg[n] ? seg + n + 1 : NULL;
		seg[n] = '\0';
		if (!*seg || !strcmp(seg, "."))
			continue;
		if (!strcmp(seg, "..")) {
			if (!len) {
				free(whole);
				free(out);
				return NULL;
			}
			while (len && out[len - 1] != '/')
				len--;
			if (len)
				len--;
			continue;
		}
		if (len)
			out[len++] = '/';
		memcpy(out + len, seg, n);
		len += n;
	}
	out[len] = '\0';
	free(whole);
	return out;
}

static struct rb_runbook *runbook_at(struct rb_binder *b, const char *path)
{
	size_t i = rb_strmap_get(&b->runbook_paths, path);

	return i == SIZE_MAX ? NULL : b->runbooks[i];
}

static struct rb_runbook *runbook_with_suffix(struct rb_binder *b, const char *base,
					      const char *suffix)
{
	char *p = rb_xasprintf("%s%s", base, suffix);
	struct rb_runbook *r = runbook_at(b, p);

	free(p);
	return r;
}

/* The runbook a repository path `p` stands for, or NULL. */
static struct rb_runbook *runbook_of_path(struct rb_binder *b, const char *p)
{
	struct rb_runbook *r;

	if ((r = runbook_at(b, p)) || (r = runbook_with_suffix(b, p, ".md")) ||
	    (r = runbook_with_suffix(b, p, ".markdown")))
		return r;
	if (rb_ends_with(p, ".html")) {
		/* x.html: the page x (x.md, x/index.md...); x/index.html: x */
		char *base = rb_xstrndup(p, strlen(p) - 5);

		if (rb_ends_with(base, "/index"))
			base[strlen(base) - 6] = '\0';
		r = runbook_of_path(b, base);
		free(base);
		if (r)
			return r;
	}
	for (size_t i = 0; i < RB_ARRAY_SIZE(folder_pages) && !r; i++) {
		char *in = *p ? rb_xasprintf("%s/%s", p, folder_pages[i])
			      : rb_xstrdup(folder_pages[i]);

		r = runbook_at(b, in);
		free(in);
	}
	return r;
}

/* runbinder's own `ID.html` (or ID.md) naming a runbook by its id. */
static struct rb_runbook *runbook_by_id(struct rb_binder *b, const char *p)
{
	const char *slash = strrchr(p, '/');
	const char *start = slash ? slash + 1 : p;
	size_t n = strlen(start);
	struct rb_runbook *r = NULL;
	char *id;

	if (n > 5 && rb_ends_with(start, ".html"))
		n -= 5;
	else if (n > 3 && rb_ends_with(start, ".md"))
		n -= 3;
	else
		return NULL;
	id = rb_xstrndup(start, n);
	r = rb_binder_runbook(b, id);
	free(id);
	return r;
}

static char *folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? rb_xstrndup(path, (size_t)(slash - path)) : rb_xstrdup("");
}

/*
 * The repository path of `url`'s target read from folder `dir`, or NULL
 * when it climbs out of the binder.
 */
static char *target_path(const char *dir, const char *url)
{
	size_t n = strcspn(url, "#?");
	char *rel = percent_decode(url, n), *p;

	p = join_path(dir, rel);
	free(rel);
	return p;
}

/* Where `path` leads: a runbook, a file, or nothing. */
static enum rb_link_kind lookup(struct rb_binder *b, const char *path,
				struct rb_runbook **r)
{
	struct stat st;
	char *full;
	bool there;

	if ((*r = runbook_of_path(b, path)) || (*r = runbook_by_id(b, path)))
		return RB_LINK_RUNBOOK;
	full = rb_xasprintf("%s/%s", b->root, path);
	there = *path && stat(full, &st) == 0;
	free(full);
	return there ? RB_LINK_FILE : RB_LINK_MISSING;
}

/*
 * The folders a URL is read from. A relative one: the page's folder. One
 * starting with '/' names a path from the site's root, which is the
 * runbooks folder or one of the page's folders inside it (MkDocs' docs/,
 * Hugo's content/), with or without a leading language ("/en/").
 */
static void url_folders(struct rb_binder *b, const struct rb_runbook *from,
			const char *url, struct rb_strlist *dirs)
{
	const char *root = b->config.runbooks_dir;
	char *page = folder_of(from->path);

	if (url[0] != '/') {
		rb_strlist_add(dirs, page);
		return;
	}
	rb_strlist_add(dirs, rb_xstrdup(root));
	if (rb_starts_with(page, root) && page[strlen(root)] == '/')
		for (const char *s = page + strlen(root) + 1; *s; ) {
			s += strcspn(s, "/");
			rb_strlist_add(dirs, rb_xstrndup(page, (size_t)(s - page)));
			s += *s == '/';
		}
	free(page);
}

void rb_link_target(struct rb_binder *b, const struct rb_runbook *from,
		    const char *url, struct rb_link_target *t)
{
	struct rb_strlist dirs = { 0 };
	const char *hash;

	memset(t, 0, sizeof(*t));
	if (!url || !*url || has_scheme(url) || strstr(url, "{{") || strstr(url, "{%") ||
	    strstr(url, "<%"))
		return;
	hash = strchr(url, '#');
	if (hash && hash[1])
		t->anchor = percent_decode(hash + 1, strlen(hash + 1));
	if (url[0] == '#' || url[0] == '?') {
		t->kind = RB_LINK_HERE;
		return;
	}
	url_folders(b, from, url, &dirs);
	t->kind = RB_LINK_MISSING;
	for (size_t i = 0; i < dirs.nr && t->kind == RB_LINK_MISSING; i++) {
		const char *u = url;

		for (int lang = 0; lang < 2 && t->kind == RB_LINK_MISSING; lang++) {
			char *p;

			/* "/en/x": a language before the path */
			if (lang && !(u[0] == '/' && strlen(u) > 4 && u[3] == '/'))
				break;
			p = target_path(dirs.items[i], lang ? u + 3 : u);
			if (!p)
				continue;
			t->kind = lookup(b, p, &t->runbook);
			if (!t->path || t->kind != RB_LINK_MISSING) {
				free(t->path);
				t->path = p;
			} else {
				free(p);
			}
		}
	}
	rb_strlist_release(&dirs);
	if (!t->path)
		t->path = percent_decode(url, strcspn(url, "#?"));
	if (t->kind == RB_LINK_RUNBOOK) {
		free(t->path);
		t->path = NULL;
	}
}

void rb_link_target_release(struct rb_link_target *t)
{
	free(t->anchor);
	free(t->path);
	memset(t, 0, sizeof(*t));
}

/* `path` as written from folder `dir`: "../x/y.md". */
static char *relative_to(const char *dir, const char *path)
{
	struct rb_buf out = RB_BUF_INIT;
	const char *d = dir, *p = path;

	/* skip the folders both share, whole names only */
	for (;;) {
		size_t dn = strcspn(d, "/"), pn = strcspn(p, "/");

		if (!*d || !p[pn] || dn != pn || strncmp(d, p, dn))
			break;
		d += dn + (d[dn] == '/');
		p += pn + 1;
	}
	while (*d) {
		rb_buf_adds(&out, "../");
		d += strcspn(d, "/");
		d += *d == '/';
	}
	rb_buf_adds(&out, p);
	return rb_buf_detach(&out, NULL);
}

char *rb_link_target_near(struct rb_binder *b, const struct rb_runbook *from,
			  const char *url)
{
	const char **names = rb_xcalloc(b->runbooks_nr + 1, sizeof(*names));
	char *dir = folder_of(from->path), *out = NULL;
	char *p = target_path(url[0] == '/' ? b->config.runbooks_dir : dir, url);
	const char *near;

	for (size_t i = 0; i < b->runbooks_nr; i++)
		names[i] = b->runbooks[i]->path;
	near = p ? rb_closest(p, names, b->runbooks_nr) : NULL;
	if (near)
		out = relative_to(dir, near);
	free(dir);
	free(names);
	free(p);
	return out;
}

size_t rb_link_runbook_id_len(const char *url)
{
	size_t n = url ? strcspn(url, "#") : 0;

	if (n <= 5 || strncmp(url + n - 5, ".html", 5) || memchr(url, '/', n) ||
	    memchr(url, ':', n))
		return 0;
	return n - 5;
}
