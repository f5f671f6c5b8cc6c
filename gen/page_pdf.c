/*
 * page_pdf.c - the printable binder: binder.pdf (cover, contents with page
 * numbers and links, the plan, every runbook from a new page, the checks'
 * findings) and pdf/<id>.pdf for each runbook alone. Every page but the
 * cover has a running header (binder, section) and footer
 * (classification, page n of N, source commit); the outline has the plan,
 * each runbook and its steps.
 */
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "pdf_code.h"
#include "duration.h"
#include "fields.h"
#include "figure.h"
#include "link_target.h"
#include "model.h"
#include "pages.h"
#include "pdf_figure.h"
#include "render_pdf.h"
#include "sha256.h"

struct mark {
	char *title;
	size_t page;        /* index in pdf.pages */
	float y;
	int level;          /* 0 section or runbook, 1 step */
	const char *id;     /* a runbook's first page: its id */
};

struct marks {
	struct mark *items;
	size_t nr, alloc;
};

static void add_mark(struct marks *m, const char *title, size_t page, float y,
		     int level)
{
	RB_GROW(m->items, m->nr + 1, m->alloc);
	m->items[m->nr].title = rb_xstrdup(title);
	m->items[m->nr].page = page;
	m->items[m->nr].y = y;
	m->items[m->nr].level = level;
	m->items[m->nr].id = NULL;
	m->nr++;
}

static void marks_release(struct marks *m)
{
	for (size_t i = 0; i < m->nr; i++)
		free(m->items[i].title);
	free(m->items);
	memset(m, 0, sizeof(*m));
}

struct step_ctx {
	struct rb_pdf *pdf;
	struct marks *marks;
	struct rb_runbook *runbook;
	size_t next_step;
};

/* Each step heading becomes an outline entry under its runbook. */
static void on_step(void *ctx, cmark_node *heading, HPDF_Page page, float y)
{
	struct step_ctx *s = ctx;
	size_t idx = s->pdf->pages_nr - 1;
	char *title;

	for (size_t i = 0; i < s->runbook->steps_nr; i++) {
		if (s->runbook->steps[i].heading != heading)
			continue;
		(void)page;
		title = rb_xasprintf("%zu. %s", i + 1, s->runbook->steps[i].title);
		add_mark(s->marks, title, idx, y, 1);
		free(title);
	}
}

/* The plan's contacts get an entry of their own in the contents and outline. */
static void on_plan_heading(void *ctx, cmark_node *heading, HPDF_Page page, float y)
{
	struct step_ctx *s = ctx;
	cmark_node *text = cmark_node_first_child(heading);
	const char *lit = text ? cmark_node_get_literal(text) : NULL;

	(void)page;
	if (lit && !strcmp(lit, "Contacts"))
		add_mark(s->marks, "Contacts", s->pdf->pages_nr - 1, y, 0);
}

static const char *str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

/* One short digest of all the infra exports, for the cover. */
static void infra_digest(struct rb_binder *b, char out[17])
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char h[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	EVP_DigestInit_ex(md, EVP_sha256(), NULL);
	for (size_t i = 0; i < b->infra.exports_nr; i++) {
		EVP_DigestUpdate(md, b->infra.exports[i].sha256, 64);
		EVP_DigestUpdate(md, b->infra.exports[i].path, strlen(b->infra.exports[i].path));
	}
	EVP_DigestFinal_ex(md, h, &n);
	EVP_MD_CTX_free(md);
	for (int i = 0; i < 8; i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
}

static void cover(struct rb_page_ctx *c, struct rb_pdf *p)
{
	struct rb_binder *b = c->binder;
	json_t *site = json_object_get(c->model, "site");
	const char *cls = b->config.classification;
	size_t errors = 0, warnings = 0;
	char digest[17] = "none";
	char status[96];
	const char *labels[6], *values[6];
	char *exports;

	p->section = "";
	rb_pdf_new_page(p);
	if (*cls) {
		float w = rb_pdf_width(rb_pdf_font(p, RB_FONT_BOLD), 12, cls);

		HPDF_Page_SetLineWidth(p->page, 1.5f);
		HPDF_Page_Rectangle(p->page, (p->width - w) / 2 - 12, p->height - 70, w + 24, 24);
		HPDF_Page_Stroke(p->page);
		rb_pdf_text_at(p, p->page, rb_pdf_font(p, RB_FONT_BOLD), 12, (p->width - w) / 2, p->height - 62, cls);
	}
	p->y = p->height - 200;
	rb_pdf_title(p, b->config.title, rb_pdf_font(p, RB_FONT_BOLD), 26, 14, 32 / 26.0f);
	p->y -= 6;
	if (*b->config.organisation)
		rb_pdf_paragraph(p, b->config.organisation, rb_pdf_font(p, RB_FONT_REGULAR), 14, 20);
	rb_pdf_paragraph(p, "Disaster-recovery binder: print it, keep it in the incident room, "
			 "check the date below against the latest build.", rb_pdf_font(p, RB_FONT_ITALIC), 10, 14);
	p->y -= 30;
	for (size_t i = 0; c->findings && i < c->findings->nr; i++) {
		if (!c->findings->items[i].rule)
			continue;
		if (c->findings->items[i].severity == RB_SEV_ERROR)
			errors++;
		else if (c->findings->items[i].severity == RB_SEV_WARNING)
			warnings++;
	}
	if (errors || warnings)
		snprintf(status, sizeof(status), "%zu error%s, %zu warning%s (see the last pages)",
			 errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
	else
		snprintf(status, sizeof(status), "no findings");
	if (b->infra.exports_nr)
		infra_digest(b, digest);
	exports = rb_xasprintf("%s (%zu export%s, %zu resources)", digest,
			       b->infra.exports_nr, b->infra.exports_nr == 1 ? "" : "s",
			       b->infra.nr);
	labels[0] = "Built";
	values[0] = str(site, "build_date");
	labels[1] = "Source";
	values[1] = str(site, "source");
	labels[2] = "Infra exports";
	values[2] = exports;
	labels[3] = "Checks";
	values[3] = status;
	labels[4] = "Regions";
	values[4] = *b->config.primary_region ? b->config.primary_region : "-";
	labels[5] = "DR region";
	values[5] = *b->config.dr_region ? b->config.dr_region : "-";
	rb_pdf_facts(p, labels, values, 6);
	free(exports);
}

/* Contents: the plan, the runbooks, the findings, with their pages. */
static size_t contents_pages(size_t entries)
{
	size_t per_page = 38;

	return (entries + per_page - 1) / per_page;
}

static void contents(struct rb_pdf *p, size_t first, struct marks *m)
{
	size_t page = first, line = 0;
	float y = p->top - 40;

	rb_pdf_text_at(p, p->pages[page].page, rb_pdf_font(p, RB_FONT_BOLD), 16, p->left, p->top - 18, "Contents");
	for (size_t i = 0; i < m->nr; i++) {
		struct mark *e = &m->items[i];
		HPDF_Font font = rb_pdf_font(p, RB_FONT_REGULAR);
		char num[16], *title;
		float nw, tw;
		HPDF_Rect rect;
		HPDF_Destination dst;
		HPDF_Annotation link;
		HPDF_Page pg;

		if (e->level)
			continue;
		if (line == 38) {
			page++;
			line = 0;
			y = p->top - 10;
		}
		pg = p->pages[page].page;
		snprintf(num, sizeof(num), "%zu", e->page + 1);
		nw = rb_pdf_width(font, 10.5f, num);
		/* a title too long for its line ends in an ellipsis before the number */
		title = rb_pdf_ellipsis(font, 10.5f, e->title, p->right - p->left - nw - 18);
		tw = rb_pdf_width(font, 10.5f, title);
		rb_pdf_text_at(p, pg, font, 10.5f, p->left, y, title);
		rb_pdf_text_at(p, pg, font, 10.5f, p->right - nw, y, num);
		free(title);
		/* dotted leader between title and page number */
		HPDF_Page_SetGrayStroke(pg, 0.6f);
		HPDF_Page_SetDash(pg, (const HPDF_UINT16[]){ 1, 3 }, 2, 0);
		HPDF_Page_MoveTo(pg, p->left + tw + 6, y + 1);
		HPDF_Page_LineTo(pg, p->right - nw - 6, y + 1);
		HPDF_Page_Stroke(pg);
		HPDF_Page_SetDash(pg, NULL, 0, 0);
		HPDF_Page_SetGrayStroke(pg, 0);
		rect.left = p->left;
		rect.right = p->right;
		rect.bottom = y - 3;
		rect.top = y + 11;
		dst = HPDF_Page_CreateDestination(p->pages[e->page].page);
		HPDF_Destination_SetFitH(dst, e->y + 20);
		link = HPDF_Page_CreateLinkAnnot(pg, rect, dst);
		HPDF_LinkAnnot_SetBorderStyle(link, 0, 0, 0);
		y -= 18;
		line++;
	}
}

/* Links to runbooks lead to their first page, when the document has it. */
static void runbook_links(struct rb_pdf *p, struct marks *m)
{
	struct rb_strmap ids = RB_STRMAP_INIT;

	for (size_t i = 0; i < m->nr; i++)
		if (m->items[i].id)
			rb_strmap_put(&ids, m->items[i].id, i);
	for (size_t i = 0; i < p->links_nr; i++) {
		size_t k = rb_strmap_get(&ids, p->links[i].id);
		HPDF_Destination dst;
		HPDF_Annotation link;

		if (k == SIZE_MAX)
			continue;
		dst = HPDF_Page_CreateDestination(p->pages[m->items[k].page].page);
		HPDF_Destination_SetFitH(dst, m->items[k].y + 20);
		link = HPDF_Page_CreateLinkAnnot(p->pages[p->links[i].page].page,
						 p->links[i].rect, dst);
		HPDF_LinkAnnot_SetBorderStyle(link, 0, 0, 0);
	}
	rb_strmap_release(&ids);
}

static void outline(struct rb_pdf *p, struct marks *m)
{
	/* the UTF-8 encoder (two 128 KB tables) only for a title that needs it */
	HPDF_Encoder utf8 = NULL;
	HPDF_Outline parent = NULL;

	for (size_t i = 0; i < m->nr; i++) {
		struct mark *e = &m->items[i];
		bool ascii = true;
		HPDF_Outline o;

		for (const char *s = e->title; *s && ascii; s++)
			ascii = (unsigned char)*s < 0x80;
		if (!ascii && !utf8)
			utf8 = HPDF_GetEncoder(p->doc, "UTF-8");
		o = HPDF_CreateOutline(p->doc, e->level ? parent : NULL, e->title,
				       ascii ? NULL : utf8);
		HPDF_Destination dst = HPDF_Page_CreateDestination(p->pages[e->page].page);

		HPDF_Destination_SetFitH(dst, e->y + 20);
		HPDF_Outline_SetDestination(o, dst);
		if (!e->level) {
			parent = o;
			HPDF_Outline_SetOpened(o, HPDF_FALSE);
		}
	}
}

/*
 * The running header: the binder's title on the left, the section on the
 * right, never over each other. When both do not fit, the section (where
 * the reader is) keeps at least half the line, and what does not fit of
 * either ends in an ellipsis.
 */
static void running_header(struct rb_pdf *p, HPDF_Page pg, const char *title,
			   const char *section)
{
	HPDF_Font regular = rb_pdf_font(p, RB_FONT_REGULAR), bold = rb_pdf_font(p, RB_FONT_BOLD);
	float room = p->right - p->left, gap = 12, y = p->height - 36;
	float tw = rb_pdf_width(regular, 8, title), sw = rb_pdf_width(bold, 8, section);
	char *t, *sec;

	if (tw + gap + sw > room) {
		float keep = room - gap - tw > room / 2 ? room - gap - tw : room / 2;

		if (sw > keep)
			sw = keep;
		tw = room - gap - sw;
	}
	t = rb_pdf_ellipsis(regular, 8, title, tw);
	sec = rb_pdf_ellipsis(bold, 8, section, sw);
	rb_pdf_text_at(p, pg, regular, 8, p->left, y, t);
	rb_pdf_text_at(p, pg, bold, 8, p->right - rb_pdf_width(bold, 8, sec), y, sec);
	free(t);
	free(sec);
}

/* Running header and footer on every page from `from` on. */
static void furniture(struct rb_page_ctx *c, struct rb_pdf *p, size_t from)
{
	struct rb_binder *b = c->binder;
	json_t *site = json_object_get(c->model, "site");
	size_t total = p->pages_nr;

	for (size_t i = from; i < total; i++) {
		HPDF_Page pg = p->pages[i].page;
		char num[64];
		const char *commit = str(site, "short_commit");
		float w;

		running_header(p, pg, b->config.title, p->pages[i].header);
		HPDF_Page_SetLineWidth(pg, 0.5f);
		HPDF_Page_SetGrayStroke(pg, 0.5f);
		HPDF_Page_MoveTo(pg, p->left, p->height - 42);
		HPDF_Page_LineTo(pg, p->right, p->height - 42);
		HPDF_Page_MoveTo(pg, p->left, 46);
		HPDF_Page_LineTo(pg, p->right, 46);
		HPDF_Page_Stroke(pg);
		HPDF_Page_SetGrayStroke(pg, 0);
		rb_pdf_text_at(p, pg, rb_pdf_font(p, RB_FONT_BOLD), 8, p->left, 34, b->config.classification);
		snprintf(num, sizeof(num), "page %zu of %zu", i + 1, total);
		w = rb_pdf_width(rb_pdf_font(p, RB_FONT_REGULAR), 8, num);
		rb_pdf_text_at(p, pg, rb_pdf_font(p, RB_FONT_REGULAR), 8, (p->width - w) / 2, 34, num);
		{
			/* a runbook's pages name its own last change, which a rebuild does not move */
			char *src = *p->pages[i].footer ? rb_xstrdup(p->pages[i].footer)
				  : rb_xasprintf("%s %s", *commit ? "commit" : "built",
						 *commit ? commit : str(site, "build_date"));

			w = rb_pdf_width(rb_pdf_font(p, RB_FONT_REGULAR), 8, src);
			rb_pdf_text_at(p, pg, rb_pdf_font(p, RB_FONT_REGULAR), 8, p->right - w, 34, src);
			free(src);
		}
	}
}

/* A runbook from a new page: title, facts, findings, steps. */
static void runbook(struct rb_page_ctx *c, struct rb_pdf *p, size_t index,
		    struct marks *m)
{
	struct rb_runbook *r = c->binder->runbooks[index];
	json_t *rj = rb_model_runbook(c->model, index);
	json_t *svc = json_object_get(rj, "service");
	size_t facts_max = 8 + json_array_size(json_object_get(rj, "owners"));
	const char **labels = rb_xcalloc(facts_max, sizeof(*labels));
	const char **values = rb_xcalloc(facts_max, sizeof(*values));
	struct rb_buf owners = RB_BUF_INIT, service = RB_BUF_INIT, changed = RB_BUF_INIT;
	struct rb_buf footer = RB_BUF_INIT;
	struct step_ctx sc = { p, m, r, 0 };
	HPDF_Page banner_page = NULL;
	float banner_top = 0;
	size_t n = 0, k;
	json_t *o;
	char *kind;

	p->section = r->title;
	p->source = r->path;
	{
		json_t *lc = json_object_get(rj, "last_change");

		if (json_is_true(json_object_get(lc, "known"))) {
			rb_buf_addf(&footer, "changed %s%s %s%s",
				    json_is_true(json_object_get(lc, "before")) ? "by " : "",
				    str(lc, "date"), str(lc, "short"),
				    json_is_true(json_object_get(lc, "dirty")) ? " + edits" : "");
			p->footer = footer.ptr;
		}
	}
	rb_pdf_new_page(p);
	add_mark(m, r->title, p->pages_nr - 1, p->y, 0);
	m->items[m->nr - 1].id = r->id;
	rb_pdf_title(p, r->title, rb_pdf_font(p, RB_FONT_BOLD), p->style.title, 10, 1.3f);
	p->y -= 6;
	kind = rb_xasprintf("%s (%s)", str(rj, "kind_label"), r->id);
	labels[n] = "Runbook";
	values[n++] = kind;
	if (svc) {
		rb_buf_addf(&service, "%s, tier %s: RTO %s, RPO %s, %s", str(svc, "name"),
			    str(svc, "tier"), str(svc, "rto"), str(svc, "rpo"),
			    str(svc, "strategy_name"));
		labels[n] = "Service";
		values[n++] = service.ptr;
	}
	if (*str(rj, "estimate")) {
		labels[n] = "Estimate";
		values[n++] = str(rj, "estimate");
	}
	/* whom to call: each owner on a line of its own, with a phone number */
	json_array_foreach(json_object_get(rj, "owners"), k, o) {
		rb_buf_addf(&owners, "%s%s%s", str(o, "name"),
			    *str(o, "phone") ? ", " : "", str(o, "phone"));
		rb_buf_addch(&owners, '\0');
	}
	labels[n] = "Owners";
	values[n++] = owners.len ? owners.ptr : "none named";
	for (size_t at = owners.len ? strlen(owners.ptr) + 1 : 0; at < owners.len;
	     at += strlen(owners.ptr + at) + 1) {
		labels[n] = "";
		values[n++] = owners.ptr + at;
	}
	if (json_object_get(rj, "failback")) {
		labels[n] = "Failback";
		values[n++] = str(json_object_get(rj, "failback"), "title");
	}
	if (*str(rj, "last_reviewed")) {
		labels[n] = "Last reviewed";
		values[n++] = str(rj, "last_reviewed");
	}
	labels[n] = "Source";
	values[n++] = r->path;
	{
		json_t *lc = json_object_get(rj, "last_change");

		if (json_is_true(json_object_get(lc, "known"))) {
			if (json_is_true(json_object_get(lc, "before")))
				rb_buf_addf(&changed, "at or before %s (shallow clone, cut at %s)",
					    str(lc, "date"), str(lc, "short"));
			else
				rb_buf_addf(&changed, "%s by %s (%s)", str(lc, "date"),
					    str(lc, "author"), str(lc, "short"));
			if (json_is_true(json_object_get(lc, "dirty")))
				rb_buf_adds(&changed, ", with uncommitted changes");
			labels[n] = "Last change";
			values[n++] = changed.ptr;
		}
	}
	rb_pdf_facts(p, labels, values, n);
	json_array_foreach(json_object_get(rj, "findings"), k, o) {
		char *line = rb_xasprintf("%s, %s: %s [%s]", str(o, "severity"),
					  str(o, "where"), str(o, "message"), str(o, "rule"));

		if (!k) {
			/* the checks' banner: framed on every side, unlike a callout's bar;
			   on one page when it fits one (a finding takes about two lines) */
			float h = 23 + 24 * (float)json_array_size(json_object_get(rj, "findings"));

			rb_pdf_need(p, h < p->top - p->bottom ? h : p->top - p->bottom);
			banner_page = p->page;
			p->y -= 6;
			banner_top = p->y;
			p->indent += 8;
			rb_pdf_paragraph(p, "FINDINGS: check this runbook against the infra before you rely on it",
					 rb_pdf_font(p, RB_FONT_BOLD), 9.5f, 13);
		}
		rb_pdf_paragraph(p, line, rb_pdf_font(p, RB_FONT_REGULAR), 9, 12);
		free(line);
	}
	if (banner_page) {
		p->indent -= 8;
		p->y -= 4;
		if (p->page == banner_page) {
			HPDF_Page_SetLineWidth(p->page, 1.5f);
			HPDF_Page_Rectangle(p->page, p->left, p->y, p->right - p->left, banner_top - p->y + 4);
			HPDF_Page_Stroke(p->page);
			HPDF_Page_SetLineWidth(p->page, 1);
		}
		p->y -= 6;
	}
	p->on_heading = on_step;
	p->on_heading_ctx = &sc;
	rb_pdf_markdown(p, r->doc, r->title_heading != NULL);
	p->on_heading = NULL;
	p->on_heading_ctx = NULL;       /* `sc` is about to go */
	p->source = NULL;
	p->footer = NULL;
	rb_buf_release(&footer);
	rb_buf_release(&owners);
	rb_buf_release(&service);
	rb_buf_release(&changed);
	free(kind);
	free(labels);
	free(values);
}

/* pdf.yaml's `colours`: "#rrggbb" for each name style.css has. */
static void load_colours(struct rb_yaml *y, struct rb_pdf_style *s, struct rb_diags *d)
{
	static const char *names[RB_COLOURS + 1];
	json_t *node = json_object_get(rb_yaml_root(y), "colours");
	struct rb_fields sub;

	if (!node)
		return;
	for (int i = 0; i < RB_COLOURS; i++)
		names[i] = rb_pdf_colour_names[i];
	if (rb_fields_init(&sub, y, node, "colours", names, d) < 0)
		return;
	for (int i = 0; i < RB_COLOURS; i++) {
		json_t *v = json_object_get(node, names[i]);

		if (v && rb_pdf_colour_parse(s->colours[i], json_string_value(v)) < 0)
			rb_error(d, rb_yaml_loc_val(y, node, names[i]),
				 "'%s' in colours must be a colour written #rrggbb", names[i]);
	}
}

/*
 * The theme's pdf.yaml over the defaults. The style's strings stay in the
 * YAML tree, which the caller frees after the document is made.
 */
static int read_style(struct rb_page_ctx *c, const char *text, size_t len,
		      struct rb_pdf_style *s, struct rb_yaml **out);

/*
 * The theme's print style, read once per process for each text of its
 * pdf.yaml: every runbook PDF asks for it, and reading it parses the
 * YAML and tries each font. `*out` is set to NULL: the cache keeps the
 * YAML the style points into until exit. A style with errors is read
 * again, so that each asking says them.
 */
static struct {
	char *text;
	size_t len;
	struct rb_pdf_style style;
	struct rb_yaml *yaml;
} style_cache;

static void free_style_cache(void)
{
	free(style_cache.text);
	rb_yaml_free(style_cache.yaml);
	memset(&style_cache, 0, sizeof(style_cache));
}

static int load_style(struct rb_page_ctx *c, struct rb_pdf_style *s, struct rb_yaml **out)
{
	static bool registered;
	size_t len;
	const char *text;
	struct rb_yaml *y = NULL;

	*out = NULL;
	text = rb_templates_theme_file(c->templates, "pdf.yaml", &len, c->diags);
	if (!text) {
		rb_pdf_style_default(s);
		return -1;
	}
	if (style_cache.text && style_cache.len == len && !memcmp(style_cache.text, text, len)) {
		*s = style_cache.style;
		return 0;
	}
	if (read_style(c, text, len, s, &y) < 0) {
		*out = y;
		return -1;
	}
	if (!registered)
		atexit(free_style_cache);
	registered = true;
	free_style_cache();
	style_cache.text = rb_xstrndup(text, len);
	style_cache.len = len;
	style_cache.style = *s;
	style_cache.yaml = y;
	return 0;
}

static int read_style(struct rb_page_ctx *c, const char *text, size_t len,
		      struct rb_pdf_style *s, struct rb_yaml **out)
{
	static const char *const top[] = { "fonts", "sizes", "margins", "greys", "colours", NULL };
	static const char *const fonts[] = { "regular", "bold", "italic", "mono", "mono_bold",
					     "fallback", NULL };
	static const char *const sizes[] = { "body", "code", "table", "title", "heading1",
					     "heading2", "heading3", NULL };
	static const char *const margins[] = { "left", "right", "top", "bottom", NULL };
	static const char *const greys[] = { "code_band", "table_header", NULL };
	const char **fdst[] = { &s->font_regular, &s->font_bold, &s->font_italic,
				&s->font_mono, &s->font_mono_bold, &s->font_fallback };
	/* (fallback: one font for what the others lack, instead of the Debian ones) */
	float *sdst[] = { &s->body, &s->code, &s->table, &s->title, &s->heading1,
			  &s->heading2, &s->heading3 };
	float *mdst[] = { &s->margin_left, &s->margin_right, &s->margin_top, &s->margin_bottom };
	float *gdst[] = { &s->code_band, &s->table_header };
	struct rb_fields f, sub;
	size_t errors = c->diags->errors;
	char *path;

	rb_pdf_style_default(s);
	*out = NULL;
	path = rb_xasprintf("themes/%s/pdf.yaml", c->binder->config.theme);
	if (rb_yaml_parse(out, path, text, len, 0, c->diags) < 0) {
		free(path);
		return -1;
	}
	free(path);
	if (json_is_null(rb_yaml_root(*out)))
		return 0;
	if (rb_fields_init(&f, *out, rb_yaml_root(*out), "pdf style", top, c->diags) < 0)
		return -1;
	if (json_object_get(rb_yaml_root(*out), "fonts") &&
	    rb_fields_init(&sub, *out, json_object_get(rb_yaml_root(*out), "fonts"),
			   "fonts", fonts, c->diags) == 0)
		for (size_t i = 0; fonts[i]; i++) {
			const char *v = rb_field_str(&sub, fonts[i], false);

			if (v && !rb_pdf_font_loads(v))
				rb_error(c->diags, rb_field_loc(&sub, fonts[i]),
					 "font '%s' cannot be embedded: the PDF needs a TrueType (.ttf) font",
					 v);
			else if (v)
				*fdst[i] = v;
		}
	{
		struct { const char *key; const char *const *names; float **dst; float lo, hi; } groups[] = {
			{ "sizes", sizes, sdst, 4, 40 },
			{ "margins", margins, mdst, 5, 60 },
			{ "greys", greys, gdst, 0, 1 },
		};

		for (size_t g = 0; g < RB_ARRAY_SIZE(groups); g++) {
			json_t *node = json_object_get(rb_yaml_root(*out), groups[g].key);

			if (!node)
				continue;
			if (rb_fields_init(&sub, *out, node, groups[g].key, groups[g].names, c->diags) < 0)
				continue;
			for (size_t i = 0; groups[g].names[i]; i++) {
				json_t *v = json_object_get(node, groups[g].names[i]);

				if (!v)
					continue;
				if (!json_is_number(v) || json_number_value(v) < groups[g].lo ||
				    json_number_value(v) > groups[g].hi) {
					rb_error(c->diags, rb_yaml_loc_val(*out, node, groups[g].names[i]),
						 "'%s' in %s must be a number from %g to %g",
						 groups[g].names[i], groups[g].key,
						 (double)groups[g].lo, (double)groups[g].hi);
					continue;
				}
				*groups[g].dst[i] = (float)json_number_value(v);
			}
		}
	}
	load_colours(*out, s, c->diags);
	return c->diags->errors > errors ? -1 : 0;
}

/* The plan's ```runbinder-figure blocks drawn; one that cannot be read shows as code. */
static bool draw_figure(struct rb_pdf *p, const char *info, const char *literal)
{
	return !strcmp(info, RB_FIGURE_INFO) && rb_pdf_figure(p, literal) == 0;
}

static float figure_height(const struct rb_pdf *p, const char *info, const char *literal)
{
	return strcmp(info, RB_FIGURE_INFO) ? 0 : rb_pdf_figure_height(p, literal);
}

static int save(struct rb_page_ctx *c, struct rb_pdf *p, const char *rel)
{
	struct rb_buf out = RB_BUF_INIT;
	int ret;

	if (rb_pdf_save(p, &out) < 0) {
		rb_buf_release(&out);
		return rb_error(c->diags, (struct rb_loc){ rel, 0, 0 },
				"cannot make the PDF: %s", p->error);
	}
	ret = rb_page_write(c, rel, out.ptr, out.len);
	rb_buf_release(&out);
	return ret;
}

int rb_page_binder_pdf(struct rb_page_ctx *c)
{
	struct rb_binder *b = c->binder;
	struct rb_pdf_style style;
	struct rb_yaml *sy = NULL;
	struct rb_pdf p = { 0 };
	struct marks m = { 0 };
	size_t toc_first, toc_n, n_findings = 0, *order = NULL;
	cmark_node *plan;
	int ret = -1;

	if (load_style(c, &style, &sy) < 0 ||
	    rb_pdf_init(&p, b->config.paper, c->build_time, b->config.title, &style, c->diags) < 0)
		goto done;
	p.image_root = b->root;
	cover(c, &p);
	for (size_t i = 0; c->findings && i < c->findings->nr; i++)
		n_findings += c->findings->items[i].rule != NULL;
	toc_n = contents_pages(3 + b->runbooks_nr + (n_findings > 0));
	toc_first = p.pages_nr;
	p.section = "Contents";
	for (size_t i = 0; i < toc_n; i++)
		rb_pdf_new_page(&p);
	p.section = "Disaster-recovery plan";
	rb_pdf_new_page(&p);
	add_mark(&m, "Disaster-recovery plan", p.pages_nr - 1, p.y, 0);
	plan = rb_markdown_template(c, "plan.md", c->model);
	if (!plan)
		goto done;
	{
		struct step_ctx sc = { &p, &m, NULL, 0 };

		p.on_heading = on_plan_heading;
		p.on_heading_ctx = &sc;
		p.on_fence = draw_figure;
		p.fence_height = figure_height;
		rb_pdf_markdown(&p, plan, false);
		p.on_heading = NULL;
		p.on_fence = NULL;
		p.fence_height = NULL;
		p.on_heading_ctx = NULL;
	}
	cmark_node_free(plan);
	/* the runbooks in the order of the index: the failovers first */
	order = rb_model_order(b);
	for (size_t k = 0; k < b->runbooks_nr; k++) {
		unsigned before = (unsigned)p.pages_nr;

		/* a runbook starts a page of its own: the next after `before` */
		runbook(c, &p, order[k], &m);
		if (c->print) {
			c->print[order[k]].first = before + 1;
			c->print[order[k]].last = (unsigned)p.pages_nr;
		}
	}
	{
		/* script index: every step script with its digest, to check a copy */
		bool any = false;

		for (size_t o = 0; o < b->runbooks_nr; o++) {
			size_t i = order[o];
			json_t *scripts = json_object_get(rb_model_runbook(c->model, i), "scripts");
			size_t k;
			json_t *sc;

			if (!json_array_size(scripts))
				continue;
			if (!any) {
				p.section = "Step scripts";
				rb_pdf_new_page(&p);
				add_mark(&m, "Step scripts and their SHA-256", p.pages_nr - 1, p.y, 0);
				rb_pdf_paragraph(&p, "Step scripts and their SHA-256",
						 rb_pdf_font(&p, RB_FONT_BOLD), 15, 20);
				p.y -= 4;
				any = true;
			}
			p.y -= 4;
			rb_pdf_paragraph(&p, b->runbooks[i]->title, rb_pdf_font(&p, RB_FONT_BOLD), 10, 14);
			json_array_foreach(scripts, k, sc) {
				/* the path, then its digest under it: one shape for every entry */
				char *digest = rb_xasprintf("sha256 %s",
					json_string_value(json_object_get(sc, "sha256")));

				rb_pdf_need(&p, 24);
				rb_pdf_paragraph(&p, json_string_value(json_object_get(sc, "path")),
						 rb_pdf_font(&p, RB_FONT_MONO_BOLD), 7.5f, 10);
				p.indent = 12;
				rb_pdf_paragraph(&p, digest, rb_pdf_font(&p, RB_FONT_MONO), 7, 10);
				p.indent = 0;
				p.y -= 2;
				free(digest);
			}
		}
	}
	if (n_findings) {
		p.section = "Findings";
		rb_pdf_new_page(&p);
		add_mark(&m, "Findings of the checks", p.pages_nr - 1, p.y, 0);
		rb_pdf_paragraph(&p, "Findings of the checks", rb_pdf_font(&p, RB_FONT_BOLD), 15, 20);
		p.y -= 4;
		for (size_t i = 0; i < c->findings->nr; i++) {
			const struct rb_diag *g = &c->findings->items[i];
			char *line;

			if (!g->rule)
				continue;
			/* a finding about a whole file or folder has no line to print */
			line = rb_xasprintf("%s  %s%s%.*d: %s [%s]", rb_severity_name(g->severity),
					    g->path ? g->path : "", g->line ? ":" : "", g->line ? 1 : 0,
					    g->line, g->message, g->rule);
			rb_pdf_paragraph(&p, line, rb_pdf_font(&p, RB_FONT_REGULAR), 9, 12);
			p.y -= 3;
			free(line);
		}
	}
	furniture(c, &p, 1);
	contents(&p, toc_first, &m);
	runbook_links(&p, &m);
	outline(&p, &m);
	ret = save(c, &p, "binder.pdf");
done:
	free(order);
	marks_release(&m);
	rb_pdf_release(&p);
	rb_yaml_free(sy);
	return ret;
}

/* The digest of a file's name, size and time: a font, the program. */
static void add_file_stamp(struct rb_sha256 *h, const char *path)
{
	struct stat st;
	char stamp[96];

	if (stat(path, &st) < 0)
		memset(&st, 0, sizeof(st));
	snprintf(stamp, sizeof(stamp), "%lld %lld.%09ld\n", (long long)st.st_size,
		 (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	rb_sha256_add(h, path, strlen(path) + 1);
	rb_sha256_add(h, stamp, strlen(stamp));
}

static void add_str(struct rb_sha256 *h, const char *s)
{
	s = s ? s : "";
	rb_sha256_add(h, s, strlen(s) + 1);
}

/* The pictures a runbook draws (render_pdf.c reads `../files/PATH`), by content. */
static void add_images(struct rb_sha256 *h, const char *root, cmark_node *doc)
{
	static const char prefix[] = "../" RB_FILES_DIR "/";
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		const char *url = cmark_node_get_url(n);
		char *path, *data;
		size_t len;

		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_IMAGE ||
		    !url || strncmp(url, prefix, sizeof(prefix) - 1))
			continue;
		path = rb_xasprintf("%s/%s", root, url + sizeof(prefix) - 1);
		add_str(h, path);
		if (rb_read_file(path, SIZE_MAX, &data, &len) == 0) {
			rb_sha256_add(h, data, len);
			free(data);
		}
		free(path);
	}
	cmark_iter_free(it);
}

/*
 * The key of a runbook's PDF: the SHA-256 of everything its bytes come
 * from (the program's version, its PDF drawing code (Makefile:
 * PDF_CODE) and libharu's version, the style and fonts, the binder's title,
 * classification and paper, the runbook's model, its resolved Markdown
 * and pictures), so that a build can take the file over from the binder
 * it replaces when nothing of that changed (rb_output_reuse). Without
 * a last change from git, the build's date and commit are in it too. Its
 * `scripts` are left out: they name the build's commit, and the runbook
 * PDF does not show them.
 */
static void common_key(struct rb_page_ctx *c, const struct rb_pdf *p, char out[65])
{
	const struct rb_pdf_style *s = &p->style;
	struct rb_sha256 h;
	char sizes[256];

	rb_sha256_begin(&h);
	/* the version, the drawing code (Makefile: PDF_CODE) and libharu */
	add_str(&h, "runbinder " RB_VERSION " " RB_PDF_CODE " libharu " HPDF_VERSION_TEXT);
	for (int k = 0; k < RB_FONTS; k++)
		add_file_stamp(&h, p->font_paths[k]);
	for (size_t k = 0; k < p->fallbacks_nr; k++)
		add_file_stamp(&h, p->fallback_paths[k] ? p->fallback_paths[k] : "");
	snprintf(sizes, sizeof(sizes), "%a %a %a %a %a %a %a %a %a %a %a %a %a %a %g %g",
		 s->body, s->code, s->table, s->title, s->heading1, s->heading2,
		 s->heading3, s->margin_left, s->margin_right, s->margin_top,
		 s->margin_bottom, s->code_band, s->table_header, p->width,
		 (double)p->height, (double)p->left);
	add_str(&h, sizes);
	for (int k = 0; k < RB_COLOURS; k++) {
		snprintf(sizes, sizeof(sizes), "%a %a %a", (double)s->colours[k][0],
			 (double)s->colours[k][1], (double)s->colours[k][2]);
		add_str(&h, sizes);
	}
	add_str(&h, c->binder->config.title);
	add_str(&h, c->binder->config.classification);
	add_str(&h, c->binder->config.paper);
	rb_sha256_end_hex(&h, out);
}

static void runbook_key(struct rb_page_ctx *c, const char *common, size_t i,
			long long when, char out[65])
{
	struct rb_runbook *r = c->binder->runbooks[i];
	json_t *rj = json_copy(rb_model_runbook(c->model, i));
	struct rb_sha256 h;
	char *text, sizes[64];

	rb_sha256_begin(&h);
	add_str(&h, common);
	/* the document's dates; and what its footer says when git knows no last change */
	snprintf(sizes, sizeof(sizes), "%lld", when);
	add_str(&h, sizes);
	if (!json_is_true(json_object_get(json_object_get(rj, "last_change"), "known"))) {
		json_t *site = json_object_get(c->model, "site");

		add_str(&h, str(site, "short_commit"));
		add_str(&h, str(site, "build_date"));
	}
	json_object_del(rj, "scripts");
	text = json_dumps(rj, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENCODE_ANY);
	add_str(&h, text);
	free(text);
	json_decref(rj);
	add_str(&h, r->title_heading ? "titled" : "untitled");
	text = cmark_render_xml(r->doc, CMARK_OPT_DEFAULT);
	add_str(&h, text);
	free(text);
	text = cmark_render_commonmark(r->doc, CMARK_OPT_DEFAULT, 0);
	add_str(&h, text);
	free(text);
	add_images(&h, c->binder->root, r->doc);
	rb_sha256_end_hex(&h, out);
}

/*
 * A runbook's PDF, or its copy in the binder this build replaces when
 * its key is the same. Its dates are the runbook's last change, and its
 * pages name that change rather than the build, so an unchanged
 * runbook gives the same bytes in every build.
 */
int rb_page_runbook_pdf(struct rb_page_ctx *c, size_t i)
{
	struct rb_pdf_style style;
	struct rb_yaml *sy = NULL;
	struct rb_pdf p = { 0 };
	struct marks m = { 0 };
	char *rel = rb_xasprintf("pdf/%s.pdf", c->binder->runbooks[i]->id);
	json_t *lc = json_object_get(rb_model_runbook(c->model, i), "last_change");
	long long when = c->build_time;
	static char common[65];	/* the part of every key this process shares */
	char key[65], *mark = NULL;
	struct rb_buf written = RB_BUF_INIT;
	long days;
	int ret = -1;

	if (json_is_true(json_object_get(lc, "known")) && rb_date_parse(str(lc, "date"), &days) == 0)
		when = (long long)days * 86400;

	if (!common[0] && load_style(c, &style, &sy) == 0 &&
	    rb_pdf_init(&p, c->binder->config.paper, when, "", &style, c->diags) == 0)
		common_key(c, &p, common);
	rb_pdf_release(&p);
	rb_yaml_free(sy);
	sy = NULL;
	if (common[0]) {
		runbook_key(c, common, i, when, key);
		mark = rb_xasprintf("runbinder-input sha256:%s", key);
		/* as libharu writes it: a literal string (no encoder is current) */
		rb_buf_addf(&written, "(%s)", mark);
		if (rb_output_reuse(c->out, rel, written.ptr) == 1) {
			free(mark);
			rb_buf_release(&written);
			free(rel);
			return 0;
		}
	}
	if (load_style(c, &style, &sy) == 0 &&
	    rb_pdf_init(&p, c->binder->config.paper, when,
			c->binder->runbooks[i]->title, &style, c->diags) == 0) {
		if (mark)
			rb_pdf_keywords(&p, mark);
		p.image_root = c->binder->root;
		runbook(c, &p, i, &m);
		furniture(c, &p, 0);
		outline(&p, &m);
		ret = save(c, &p, rel);
	}
	free(mark);
	rb_buf_release(&written);
	marks_release(&m);
	rb_pdf_release(&p);
	rb_yaml_free(sy);
	free(rel);
	return ret;
}
