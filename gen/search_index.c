/*
 * search_index.c - the binder's full-text search index, out/search.js.
 *
 * Pages load it with <script src> on first use of the search box: fetch()
 * of a JSON file does not work from file://, a script does. The index is
 * inverted: every term of the binder with the places it occurs. A place
 * (a "target") is a runbook page as a whole or one of its steps, or a
 * section of the plan page (its fifth element names their anchors); targets
 * are numbered in order, page by page, the page first and then its parts.
 *
 *   window.RB_SEARCH = {
 *     "v": 1,
 *     "pages": [["runbooks/x.html", "Title", "Failover · Core API",
 *                ["Step title", ...]], ...,
 *               ["plan.html", "DR plan", "...", ["Contacts", ...],
 *                ["contacts", ...]]],
 *     "terms": "term p,p,p\nterm p,p\n..."
 *   };
 *
 * Terms are sorted byte-wise (prefix search is a binary search). A posting
 * is target * 4 + field (3: the runbook's title; 2: its id, service or
 * kind; 1: a step heading; 0: body text), written as the difference from the
 * previous posting in base 36. The tokenizer here and the one in
 * templates/binder.js must agree: runs of ASCII letters and digits and of
 * bytes >= 0x80, ASCII lowered, tokens longer than 48 bytes dropped.
 */
#include "model.h"
#include "pages.h"
#include "strmap.h"

#define MAX_TOKEN 48

enum field { FIELD_BODY, FIELD_STEP, FIELD_META, FIELD_TITLE };

/* A term and its postings, in target order. */
struct term {
	char *word;
	uint32_t *v;
	size_t nr, alloc;
};

struct index {
	struct rb_strmap by_word;     /* word -> index in `terms` */
	struct term *terms;
	size_t nr, alloc;
	uint32_t target;              /* the target being indexed */
};

static bool token_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c >= 0x80;
}

static void add_term(struct index *ix, const char *term, enum field f)
{
	size_t i = rb_strmap_get(&ix->by_word, term);
	uint32_t p = ix->target * 4 + f;
	struct term *ps;

	if (i == SIZE_MAX) {
		RB_GROW(ix->terms, ix->nr + 1, ix->alloc);
		i = ix->nr++;
		memset(&ix->terms[i], 0, sizeof(ix->terms[i]));
		ix->terms[i].word = rb_xstrdup(term);
		rb_strmap_put(&ix->by_word, ix->terms[i].word, i);
	}
	ps = &ix->terms[i];
	/* targets come in order: the same target again keeps its best field */
	if (ps->nr && ps->v[ps->nr - 1] / 4 == ix->target) {
		if (ps->v[ps->nr - 1] < p)
			ps->v[ps->nr - 1] = p;
		return;
	}
	if (ps->nr == ps->alloc) {
		ps->alloc = ps->alloc ? 2 * ps->alloc : 4;
		ps->v = rb_xrealloc(ps->v, ps->alloc * sizeof(*ps->v));
	}
	ps->v[ps->nr++] = p;
}

static void add_text(struct index *ix, const char *s, size_t len, enum field f)
{
	char tok[MAX_TOKEN + 1];

	for (size_t i = 0; i < len;) {
		size_t n = 0;

		if (!token_byte((unsigned char)s[i])) {
			i++;
			continue;
		}
		for (; i < len && token_byte((unsigned char)s[i]); i++, n++)
			if (n < MAX_TOKEN)
				tok[n] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
		if (n > MAX_TOKEN)
			continue;
		tok[n] = '\0';
		add_term(ix, tok, f);
	}
}

static void add_str(struct index *ix, const char *s, enum field f)
{
	if (s)
		add_text(ix, s, strlen(s), f);
}

/* The literal text under `n`: text, inline code and code blocks. */
static void add_node_text(struct index *ix, cmark_node *n, enum field f)
{
	cmark_iter *it = cmark_iter_new(n);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *cur = cmark_iter_get_node(it);
		const char *lit;

		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(cur)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_CODE_BLOCK:
			lit = cmark_node_get_literal(cur);
			add_str(ix, lit, f);
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

static void index_runbook(struct index *ix, struct rb_runbook *r, json_t *rj,
			  json_t *page)
{
	json_t *steps = json_array();
	const char *meta_kind = json_string_value(json_object_get(rj, "kind_label"));
	json_t *svc = json_object_get(rj, "service");
	const char *svc_name = json_string_value(json_object_get(svc, "name"));
	size_t step = 0;

	add_str(ix, r->title, FIELD_TITLE);
	add_str(ix, r->id, FIELD_META);
	add_str(ix, meta_kind, FIELD_META);
	add_str(ix, svc_name, FIELD_META);
	add_str(ix, r->service_id, FIELD_META);
	for (cmark_node *n = cmark_node_first_child(r->doc); n; n = cmark_node_next(n)) {
		if (step < r->steps_nr && n == r->steps[step].heading) {
			ix->target++;
			add_str(ix, r->steps[step].title, FIELD_STEP);
			json_array_append_new(steps, json_string(r->steps[step].title));
			step++;
			continue;
		}
		add_node_text(ix, n, FIELD_BODY);
	}
	{
		char *meta = svc_name
			? rb_xasprintf("%s · %s", meta_kind ? meta_kind : "", svc_name)
			: rb_xstrdup(meta_kind ? meta_kind : "");

		json_array_append_new(page, json_string(meta));
		free(meta);
	}
	json_array_append_new(page, steps);
	ix->target++;
}

/* Every string under a view-model value, as body text. */
static void add_json_text(struct index *ix, json_t *v)
{
	const char *key;
	json_t *child;
	size_t i;

	if (json_is_string(v))
		add_str(ix, json_string_value(v), FIELD_BODY);
	else if (json_is_object(v))
		json_object_foreach(v, key, child) {
			/* what the plan page shows: a link's target is no text, and
			   the services name their owners without their phones */
			if (!strcmp(key, "tel") || !strcmp(key, "phone_unbroken"))
				continue;
			/* a figure's drawing (figure.h): its words are its label */
			if (!strcmp(key, "shapes") || !strcmp(key, "lines"))
				continue;
			if (!strcmp(key, "owners") && json_is_array(child)) {
				json_t *owner;

				json_array_foreach(child, i, owner)
					add_json_text(ix, json_object_get(owner, "name"));
				continue;
			}
			add_json_text(ix, child);
		}
	else if (json_is_array(v))
		json_array_foreach(v, i, child)
			add_json_text(ix, child);
}

/*
 * The plan page: its sections are the targets, so a search for a contact,
 * a phone number, a service or a tier lands on the right part of it.
 */
static void index_plan(struct index *ix, json_t *model, json_t *pages)
{
	static const struct { const char *anchor, *title, *key; } sections[] = {
		{ "tiers", "Service tiers", "tiers" },
		{ "strategies", "Strategies and cost", "strategies" },
		{ "services", "Services", "services" },
		{ "calendar", "Drill calendar", "calendar" },
		{ "contacts", "Contacts", "contacts" },
	};
	json_t *titles = json_array(), *anchors = json_array();

	add_str(ix, "DR plan", FIELD_TITLE);
	for (size_t k = 0; k < RB_ARRAY_SIZE(sections); k++) {
		ix->target++;
		add_str(ix, sections[k].title, FIELD_STEP);
		add_json_text(ix, json_object_get(model, sections[k].key));
		if (!strcmp(sections[k].key, "contacts")) {
			/* a person is found where their phone number is */
			json_t *who;
			size_t i;

			json_array_foreach(json_object_get(model, "contacts"), i, who) {
				add_str(ix, json_string_value(json_object_get(who, "name")), FIELD_META);
				add_str(ix, json_string_value(json_object_get(who, "role")), FIELD_META);
			}
		}
		json_array_append_new(titles, json_string(sections[k].title));
		json_array_append_new(anchors, json_string(sections[k].anchor));
	}
	json_array_append_new(pages, json_pack("[s, s, s, o, o]", "plan.html", "DR plan",
					       "Tiers, strategies, services, drills, contacts",
					       titles, anchors));
	ix->target++;
}

static int cmp_term(const void *a, const void *b)
{
	return strcmp(((const struct term *)a)->word, ((const struct term *)b)->word);
}

static void base36(struct rb_buf *out, uint32_t v)
{
	char tmp[8];
	size_t n = 0;

	do {
		tmp[n++] = "0123456789abcdefghijklmnopqrstuvwxyz"[v % 36];
		v /= 36;
	} while (v);
	while (n)
		rb_buf_addch(out, tmp[--n]);
}

int rb_search_index(struct rb_page_ctx *c)
{
	struct rb_binder *b = c->binder;
	struct index ix = { RB_STRMAP_INIT, NULL, 0, 0, 0 };
	json_t *pages = json_array(), *root;
	struct rb_buf terms = RB_BUF_INIT, js = RB_BUF_INIT;
	char *dump;
	int ret;

	/* pages in the index's order, failovers first: an equal score goes to
	   what an outage needs */
	for (size_t k = 0; k < RB_KINDS; k++)
		for (size_t i = 0; i < b->runbooks_nr; i++) {
			struct rb_runbook *r = b->runbooks[i];
			char *url;
			json_t *page;

			if (r->kind != rb_kind_order[k])
				continue;
			url = rb_xasprintf("runbooks/%s.html", r->id);
			page = json_pack("[s, s]", url, r->title);
			index_runbook(&ix, r, rb_model_runbook(c->model, i), page);
			json_array_append_new(pages, page);
			free(url);
		}

	index_plan(&ix, c->model, pages);

	/* the lookup is done with; sorted, the terms are the index */
	rb_strmap_release(&ix.by_word);
	if (ix.nr)
		qsort(ix.terms, ix.nr, sizeof(*ix.terms), cmp_term);
	for (size_t i = 0; i < ix.nr; i++) {
		struct term *ps = &ix.terms[i];
		uint32_t prev = 0;

		rb_buf_adds(&terms, ps->word);
		rb_buf_addch(&terms, ' ');
		for (size_t k = 0; k < ps->nr; k++) {
			if (k)
				rb_buf_addch(&terms, ',');
			base36(&terms, ps->v[k] - prev);
			prev = ps->v[k];
		}
		if (i + 1 < ix.nr)
			rb_buf_addch(&terms, '\n');
	}

	root = json_pack("{s:i, s:o, s:s#}", "v", 1, "pages", pages,
			 "terms", terms.ptr, terms.len);
	dump = root ? json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	if (!dump) {
		/* sources are checked to be UTF-8 when they are read */
		rb_error(c->diags, (struct rb_loc){ "search.js", 0, 0 },
			 "cannot encode the search index");
		ret = -1;
		goto done;
	}
	rb_buf_adds(&js, "window.RB_SEARCH=");
	rb_buf_adds(&js, dump);
	rb_buf_adds(&js, ";\n");
	ret = rb_page_write(c, "search.js", js.ptr, js.len);
done:
	free(dump);
	json_decref(root);
	rb_buf_release(&js);
	rb_buf_release(&terms);
	for (size_t i = 0; i < ix.nr; i++) {
		free(ix.terms[i].word);
		free(ix.terms[i].v);
	}
	free(ix.terms);
	return ret;
}
