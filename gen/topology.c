/*
 * topology.c - a service's regions, resources, copies and DNS failover,
 * laid out as a figure.
 */
#include <string.h>

#include "recovery_time.h"
#include "service_roles.h"
#include "topology.h"
#include "util.h"

#define WIDTH 440
#define COL_W 170               /* a region's box */
#define RIGHT_X (WIDTH - COL_W)
#define PAD 8                   /* between a region's edge and its resources */
#define BOX_H 30
#define ROW_H 40
#define HEAD_H 26               /* a region's name above its resources */
#define DNS_W 130
#define TYPE_SIZE 8
#define NAME_SIZE 9
#define LABEL_SIZE 8
#define ROLES_MAX 64
/* a copy that may lose more than this is a periodic one (a backup's), drawn dashed */
#define CONTINUOUS_RPO (15 * 60)

enum place { LEFT, RIGHT, GLOBAL, TOP };

struct item {
	const struct rb_role *role;
	enum place place;
	int row;                /* LEFT, RIGHT: the row; GLOBAL: the index */
	int x, y, w;            /* its box, once laid out */
};

/* The address without its type ("module.dr.backend[\"api\"]"), else whole. */
static char *short_name(const struct rb_resource *r)
{
	const char *a = r->address, *t = strstr(a, r->type);
	size_t tl = strlen(r->type);

	if (t && t[tl] == '.' && (t == a || t[-1] == '.'))
		return rb_xasprintf("%.*s%s", (int)(t - a), a, t + tl + 1);
	return rb_xstrdup(a);
}

/* A box with two lines: what it is (small) and its name, shortened to fit. */
static void box(struct rb_figure *f, const char *cls, int x, int y, int w,
		const char *type, const char *name, const char *full)
{
	char *t = rb_figure_fit(type, TYPE_SIZE, w - 2 * 4);
	char *n = rb_figure_fit(name, NAME_SIZE, w - 2 * 4);

	rb_figure_rect(f, cls, x, y, w, BOX_H);
	if (full)
		rb_figure_title(f, full);
	rb_figure_text(f, "type", x + 4, y + 11, RB_ANCHOR_START, TYPE_SIZE, t);
	rb_figure_text(f, "label", x + 4, y + 24, RB_ANCHOR_START, NAME_SIZE, n);
	if (full && strcmp(n, name))
		rb_figure_title(f, full);
	free(t);
	free(n);
}

static void item_box(struct rb_figure *f, const struct item *it)
{
	const struct rb_role *ro = it->role;
	const char *cls = ro->kind == RB_ROLE_DATA || ro->kind == RB_ROLE_COPY ? "store"
			  : ro->kind == RB_ROLE_DNS || ro->kind == RB_ROLE_HEALTH ? "dnsbox" : "res";
	char *name, *type;

	if (!ro->r) {
		/* a copy that is no resource of its own: a global table's replica */
		name = rb_xstrdup(ro->region ? ro->region : "");
		box(f, cls, it->x, it->y, it->w, ro->what ? ro->what : "copy", name, NULL);
		free(name);
		return;
	}
	name = short_name(ro->r);
	if (ro->kind == RB_ROLE_DNS)
		type = rb_xasprintf("DNS %s record", strcmp(ro->side, "dr") ? "PRIMARY" : "SECONDARY");
	else if (ro->kind == RB_ROLE_HEALTH) {
		long interval = rb_resource_num(ro->r, "request_interval", 30);
		long threshold = rb_resource_num(ro->r, "failure_threshold", 3);

		free(name);
		name = rb_xasprintf("%lds \u00d7 %ld failures", interval, threshold);
		type = rb_xstrdup("health check");
	} else
		type = rb_xstrdup(ro->r->type);
	box(f, cls, it->x, it->y, it->w, type, name, rb_resource_label(ro->r));
	free(name);
	free(type);
}

/* The mechanism's words in at most two lines of `room` units, the second shortened. */
static void arrow_label(struct rb_figure *f, int cx, int y, int room, const char *words)
{
	size_t len = strlen(words), cut = len;
	char *one, *two;

	if (rb_figure_text_width(words, LABEL_SIZE) <= room) {
		rb_figure_text(f, "note", cx, y + 7, RB_ANCHOR_MIDDLE, LABEL_SIZE, words);
		return;
	}
	/* the last blank at which the first line still fits */
	for (size_t i = 0; i < len; i++)
		if (words[i] == ' ') {
			char *head = rb_xstrndup(words, i);
			bool fits = rb_figure_text_width(head, LABEL_SIZE) <= room;

			free(head);
			if (!fits)
				break;
			cut = i;
		}
	if (cut == len) {
		one = rb_figure_fit(words, LABEL_SIZE, room);
		rb_figure_text(f, "note", cx, y + 7, RB_ANCHOR_MIDDLE, LABEL_SIZE, one);
		rb_figure_title(f, words);
		free(one);
		return;
	}
	one = rb_xstrndup(words, cut);
	two = rb_figure_fit(words + cut + 1, LABEL_SIZE, room);
	rb_figure_text(f, "note", cx, y - 1, RB_ANCHOR_MIDDLE, LABEL_SIZE, one);
	rb_figure_text(f, "note", cx, y + 9, RB_ANCHOR_MIDDLE, LABEL_SIZE, two);
	if (strcmp(two, words + cut + 1))
		rb_figure_title(f, words);
	free(one);
	free(two);
}

/* The row of `it`'s side to put it in: by its counterpart, else the first free. */
static int pick_row(const struct item *items, size_t self, int rows)
{
	const struct rb_role *ro = items[self].role;
	enum place side = items[self].place;

	for (size_t k = 0; k < self; k++) {
		bool taken = false;

		if (!ro->counterpart || items[k].role->r != ro->counterpart ||
		    (items[k].place != LEFT && items[k].place != RIGHT) || items[k].place == side)
			continue;
		for (size_t j = 0; j < self; j++)
			taken |= items[j].place == side && items[j].row == items[k].row;
		if (!taken)
			return items[k].row;
		/* its counterpart's row is full: a row of its own below it */
		return -1 - items[k].row;
	}
	/* a store starts a row, so that its copies' rows are its own */
	if (ro->kind == RB_ROLE_DATA)
		return rows;
	for (int r = 0; r < rows; r++) {
		bool taken = false;

		for (size_t j = 0; j < self; j++)
			taken |= items[j].place == side && items[j].row == r;
		if (!taken)
			return r;
	}
	return rows;
}

/* Every item at or below row `from` one row down. */
static void shift_rows(struct item *items, size_t n, int from)
{
	for (size_t j = 0; j < n; j++)
		if ((items[j].place == LEFT || items[j].place == RIGHT) && items[j].row >= from)
			items[j].row++;
}

static void add_words(struct rb_buf *w, const struct item *items, size_t n, enum place side,
		      const char *where)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++)
		count += items[i].place == side;
	if (!count)
		return;
	rb_buf_addf(w, "; %s: ", where);
	for (size_t i = 0, k = 0; i < n; i++)
		if (items[i].place == side)
			rb_buf_addf(w, "%s%s", k++ ? ", " : "",
				    items[i].role->r ? rb_resource_label(items[i].role->r)
						     : (items[i].role->what ? items[i].role->what : "copy"));
}

size_t rb_topology(struct rb_figure *out, const struct rb_binder *b,
		   const struct rb_service *s, const struct rb_role *roles, size_t nr)
{
	size_t globals = 0;
	struct item *items = rb_xcalloc(nr + 1, sizeof(*items));
	const char *primary = b->config.primary_region, *dr = b->config.dr_region;
	struct rb_buf words = RB_BUF_INIT;
	int rows = 0, top_y = 2, region_y, rows_y, bottom;
	bool dns = false;

	rb_figure_init(out, WIDTH, 0);
	if (nr > ROLES_MAX)
		nr = ROLES_MAX;
	if (!nr) {
		free(items);
		return 0;
	}
	for (size_t i = 0; i < nr; i++) {
		const struct rb_role *ro = &roles[i];

		items[i].role = ro;
		if (ro->kind == RB_ROLE_DNS || ro->kind == RB_ROLE_HEALTH) {
			items[i].place = TOP;
			dns = true;
		} else if (!strcmp(ro->side, "global")) {
			items[i].place = GLOBAL;
			items[i].row = (int)globals++;
		} else {
			items[i].place = !strcmp(ro->side, "dr") ? RIGHT : LEFT;
		}
	}
	/* rows: a store and its copy side by side, compute and its counterpart */
	for (size_t i = 0; i < nr; i++) {
		int r;

		if (items[i].place != LEFT && items[i].place != RIGHT)
			continue;
		r = pick_row(items, i, rows);
		if (r < 0) {
			r = -r;
			shift_rows(items, i, r);
			rows++;
		}
		items[i].row = r;
		if (r >= rows)
			rows = r + 1;
	}
	/* DNS: PRIMARY over the primary region, SECONDARY over the DR one */
	region_y = top_y;
	if (dns) {
		int hx = (WIDTH - 120) / 2;

		for (size_t i = 0; i < nr; i++) {
			struct item *it = &items[i];

			if (it->place != TOP)
				continue;
			it->y = top_y;
			if (it->role->kind == RB_ROLE_HEALTH) {
				it->x = hx;
				it->w = 120;
			} else {
				it->x = !strcmp(it->role->side, "dr") ? RIGHT_X + (COL_W - DNS_W) / 2
								      : (COL_W - DNS_W) / 2;
				it->w = DNS_W;
			}
		}
		region_y = top_y + BOX_H + 24;
	}
	rows_y = region_y + HEAD_H;
	bottom = rows_y + (rows ? rows : 1) * ROW_H;
	/* the regions */
	{
		char *head = rb_xasprintf("primary region %s", primary ? primary : "");

		rb_figure_rect(out, "region", 0, region_y, COL_W, bottom - region_y);
		rb_figure_text(out, "head", PAD, region_y + 16, RB_ANCHOR_START, 10, head);
		free(head);
		head = rb_xasprintf("DR region %s", dr ? dr : "");
		rb_figure_rect(out, "region", RIGHT_X, region_y, COL_W, bottom - region_y);
		rb_figure_text(out, "head", RIGHT_X + PAD, region_y + 16, RB_ANCHOR_START, 10, head);
		free(head);
	}
	for (size_t i = 0; i < nr; i++) {
		struct item *it = &items[i];

		if (it->place == LEFT || it->place == RIGHT) {
			it->x = (it->place == LEFT ? 0 : RIGHT_X) + PAD;
			it->y = rows_y + it->row * ROW_H;
			it->w = COL_W - 2 * PAD;
		} else if (it->place == GLOBAL) {
			it->x = (it->row % 2) * (WIDTH / 2 + 4);
			it->y = bottom + 30 + (it->row / 2) * ROW_H;
			it->w = WIDTH / 2 - 4;
		}
	}
	if (globals)
		rb_figure_text(out, "head", 0, bottom + 20, RB_ANCHOR_START, 10, "no region");
	for (size_t i = 0; i < nr; i++)
		item_box(out, &items[i]);
	/* arrows: DNS to the region it sends traffic to; a store to its copies */
	for (size_t i = 0; i < nr; i++) {
		const struct item *it = &items[i];
		const struct rb_role *ro = it->role;

		if (it->place == TOP && ro->kind == RB_ROLE_DNS)
			rb_figure_arrow(out, "switch", it->x + it->w / 2, it->y + BOX_H,
					it->x + it->w / 2, region_y);
		if (it->place == TOP && ro->kind == RB_ROLE_HEALTH)
			for (size_t k = 0; k < nr; k++)
				if (items[k].place == TOP && items[k].role->kind == RB_ROLE_DNS &&
				    strcmp(items[k].role->side, "dr"))
					rb_figure_line(out, "switch", it->x, it->y + BOX_H / 2,
						       items[k].x + items[k].w, it->y + BOX_H / 2);
		if (ro->kind != RB_ROLE_COPY || it->place != RIGHT)
			continue;
		for (size_t k = 0; k < nr; k++) {
			const struct item *from = &items[k];
			struct rb_buf label = RB_BUF_INIT;
			int y1, y2, lx = COL_W + (RIGHT_X - COL_W) / 2 + 2;

			if (from->place != LEFT || from->role->kind != RB_ROLE_DATA || !ro->counterpart ||
			    from->role->r != ro->counterpart)
				continue;
			y1 = from->y + BOX_H / 2;
			y2 = it->y + BOX_H / 2;
			if (y1 != y2) {
				/* a copy rows below its store: along the region's edge, then across */
				rb_figure_line(out, ro->rpo > CONTINUOUS_RPO ? "copy" : "repl",
					       from->x + from->w, y1, COL_W + 2, y1);
				rb_figure_line(out, ro->rpo > CONTINUOUS_RPO ? "copy" : "repl",
					       COL_W + 2, y1, COL_W + 2, y2);
			}
			rb_figure_arrow(out, ro->rpo > CONTINUOUS_RPO ? "copy" : "repl",
					y1 != y2 ? COL_W + 2 : from->x + from->w, y2, it->x, y2);
			rb_buf_addf(&label, "%s", ro->mechanism ? ro->mechanism : "copy");
			rb_figure_title(out, label.ptr);
			arrow_label(out, lx, y2 - 13, RIGHT_X - COL_W - 12, label.ptr);
			rb_buf_reset(&label);
			if (ro->key_region)
				rb_buf_addf(&label, "key in %s", ro->key_region);
			else
				rb_buf_adds(&label, ro->key ? "key region not known" : "no key named");
			rb_figure_text(out, "note", lx, y2 + 11, RB_ANCHOR_MIDDLE, LABEL_SIZE, label.ptr);
			rb_buf_addf(&words, "; %s copied to %s by %s, %s",
				    rb_resource_label(from->role->r),
				    ro->r ? rb_resource_label(ro->r) : (ro->region ? ro->region : "another region"),
				    ro->mechanism ? ro->mechanism : "a copy", label.ptr);
			rb_buf_release(&label);
		}
	}
	/* the words: what it shows */
	{
		struct rb_buf all = RB_BUF_INIT;

		rb_buf_addf(&all, "%s topology", s->name);
		{
			char *p = rb_xasprintf("primary region %s", primary ? primary : "");
			char *d = rb_xasprintf("DR region %s", dr ? dr : "");

			add_words(&all, items, nr, LEFT, p);
			add_words(&all, items, nr, RIGHT, d);
			add_words(&all, items, nr, GLOBAL, "no region");
			free(p);
			free(d);
		}
		rb_buf_add(&all, words.ptr, words.len);
		if (dns)
			rb_buf_adds(&all, "; DNS failover records switched by a health check");
		rb_figure_label(out, all.ptr);
		rb_buf_release(&all);
	}
	out->height = globals ? bottom + 30 + (int)((globals + 1) / 2) * ROW_H : bottom + 4;
	rb_buf_release(&words);
	free(items);
	return nr;
}
