/*
 * figure.c - a picture as shapes: built by the charts and the topology,
 * written as the line format of a ```runbinder-figure block and as the
 * view model of templates/figure.html, read back by the PDF.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "display_width.h"
#include "figure.h"
#include "util.h"

static const char *const kind_names[] = { "rect", "line", "arrow", "text" };
static const char *const anchor_names[] = { "start", "middle", "end" };

void rb_figure_init(struct rb_figure *f, int width, int height)
{
	memset(f, 0, sizeof(*f));
	f->width = width;
	f->height = height;
}

void rb_figure_release(struct rb_figure *f)
{
	for (size_t i = 0; i < f->nr; i++) {
		free(f->shapes[i].text);
		free(f->shapes[i].title);
	}
	free(f->shapes);
	free(f->label);
	memset(f, 0, sizeof(*f));
}

/* One line of text: a control character (a newline too) becomes a space. */
static char *one_line(const char *s)
{
	char *c = rb_xstrdup(s ? s : "");

	for (char *p = c; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return c;
}

/* A class: lowercase letters and dashes, anything else a dash. */
static void set_class(struct rb_shape *s, const char *cls)
{
	size_t i = 0;

	for (; cls[i] && i + 1 < sizeof(s->cls); i++)
		s->cls[i] = (cls[i] >= 'a' && cls[i] <= 'z') ? cls[i] : '-';
	s->cls[i] = '\0';
}

static struct rb_shape *add(struct rb_figure *f, enum rb_shape_kind kind, const char *cls,
			    int x, int y, int w, int h)
{
	struct rb_shape *s;

	RB_GROW(f->shapes, f->nr + 1, f->alloc);
	s = &f->shapes[f->nr++];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	set_class(s, cls);
	s->x = x;
	s->y = y;
	s->w = w;
	s->h = h;
	return s;
}

void rb_figure_label(struct rb_figure *f, const char *label)
{
	free(f->label);
	f->label = one_line(label);
}

void rb_figure_rect(struct rb_figure *f, const char *cls, int x, int y, int w, int h)
{
	add(f, RB_SHAPE_RECT, cls, x, y, w < 0 ? 0 : w, h < 0 ? 0 : h);
}

void rb_figure_line(struct rb_figure *f, const char *cls, int x1, int y1, int x2, int y2)
{
	add(f, RB_SHAPE_LINE, cls, x1, y1, x2, y2);
}

void rb_figure_arrow(struct rb_figure *f, const char *cls, int x1, int y1, int x2, int y2)
{
	add(f, RB_SHAPE_ARROW, cls, x1, y1, x2, y2);
}

void rb_figure_text(struct rb_figure *f, const char *cls, int x, int y,
		    enum rb_anchor anchor, int size, const char *text)
{
	struct rb_shape *s = add(f, RB_SHAPE_TEXT, cls, x, y, 0, 0);

	s->anchor = anchor;
	s->size = size > 0 ? size : 1;
	s->text = one_line(text);
}

void rb_figure_title(struct rb_figure *f, const char *title)
{
	if (!f->nr)
		return;
	free(f->shapes[f->nr - 1].title);
	f->shapes[f->nr - 1].title = one_line(title);
}

int rb_figure_text_width(const char *text, int size)
{
	size_t cols = rb_display_width(text, strlen(text));

	return (int)ceil((double)cols * size * 0.62);
}

/* The byte length of the head of `s` that is at most `cols` columns wide. */
static size_t head_bytes(const char *s, size_t len, size_t cols)
{
	size_t i = 0, used = 0;

	while (i < len) {
		size_t n;
		uint32_t cp = rb_utf8_next(s + i, len - i, &n);
		size_t w = (size_t)(rb_char_width(cp) > 0 ? rb_char_width(cp) : 0);

		if (used + w > cols)
			break;
		used += w;
		i += n;
	}
	return i;
}

/* Where the tail of `s` that is at most `cols` columns wide starts. */
static size_t tail_start(const char *s, size_t len, size_t cols)
{
	size_t best = len;

	for (size_t i = len; i > 0; i--) {
		if (((unsigned char)s[i - 1] & 0xc0) == 0x80)
			continue;
		if (rb_display_width(s + i - 1, len - (i - 1)) > cols)
			break;
		best = i - 1;
	}
	return best;
}

char *rb_figure_fit(const char *text, int size, int room)
{
	size_t len = strlen(text), cols, head, tail;
	struct rb_buf b = RB_BUF_INIT;

	if (rb_figure_text_width(text, size) <= room)
		return rb_xstrdup(text);
	cols = room > 0 ? (size_t)((double)room / (size * 0.62)) : 0;
	if (cols < 2)
		return rb_xstrdup("\u2026");
	head = head_bytes(text, len, (cols - 1 + 1) / 2);
	tail = tail_start(text, len, (cols - 1) / 2);
	if (tail < head)
		tail = head;
	rb_buf_add(&b, text, head);
	rb_buf_adds(&b, "\u2026");
	rb_buf_adds(&b, text + tail);
	return rb_buf_detach(&b, NULL);
}

void rb_figure_arrow_head(const struct rb_shape *s, double out[6])
{
	double dx = s->w - s->x, dy = s->h - s->y;
	double len = sqrt(dx * dx + dy * dy), ux, uy;
	const double long_side = 7, half = 3.5;

	if (len <= 0)
		len = 1;
	ux = dx / len;
	uy = dy / len;
	out[0] = s->w;
	out[1] = s->h;
	out[2] = s->w - ux * long_side - uy * half;
	out[3] = s->h - uy * long_side + ux * half;
	out[4] = s->w - ux * long_side + uy * half;
	out[5] = s->h - uy * long_side - ux * half;
}

void rb_figure_write(struct rb_buf *out, const struct rb_figure *f)
{
	rb_buf_addf(out, "figure %d %d\n", f->width, f->height);
	if (f->label)
		rb_buf_addf(out, "label %s\n", f->label);
	for (size_t i = 0; i < f->nr; i++) {
		const struct rb_shape *s = &f->shapes[i];

		rb_buf_addf(out, "%s %s %d %d", kind_names[s->kind], s->cls, s->x, s->y);
		if (s->kind == RB_SHAPE_TEXT)
			rb_buf_addf(out, " %s %d %s\n", anchor_names[s->anchor], s->size, s->text);
		else
			rb_buf_addf(out, " %d %d\n", s->w, s->h);
		if (s->title)
			rb_buf_addf(out, "title %s\n", s->title);
	}
}

/* The next blank-separated word of a line: its start and length; advances *p. */
static size_t word(const char **p, const char *end, const char **start)
{
	const char *s = *p;

	while (s < end && *s == ' ')
		s++;
	*start = s;
	while (s < end && *s != ' ')
		s++;
	*p = s;
	return (size_t)(s - *start);
}

static bool is(const char *w, size_t n, const char *name)
{
	return n == strlen(name) && !memcmp(w, name, n);
}

/* An integer word, within what a page could hold. */
static bool number(const char **p, const char *end, int *out)
{
	const char *w;
	size_t n = word(p, end, &w);
	char tmp[16];
	char *stop;
	long v;

	if (!n || n >= sizeof(tmp))
		return false;
	memcpy(tmp, w, n);
	tmp[n] = '\0';
	v = strtol(tmp, &stop, 10);
	if (*stop || v < -100000 || v > 100000)
		return false;
	*out = (int)v;
	return true;
}

/* The rest of the line after one blank, as a string. */
static char *rest(const char *p, const char *end)
{
	if (p < end && *p == ' ')
		p++;
	return rb_xstrndup(p, (size_t)(end - p));
}

static int parse_line(struct rb_figure *f, const char *p, const char *end)
{
	const char *w;
	size_t n = word(&p, end, &w);
	int v[4];

	if (is(w, n, "label")) {
		free(f->label);
		f->label = rest(p, end);
		return 0;
	}
	if (is(w, n, "title")) {
		char *t = rest(p, end);

		if (!f->nr) {
			free(t);
			return -1;
		}
		free(f->shapes[f->nr - 1].title);
		f->shapes[f->nr - 1].title = t;
		return 0;
	}
	for (int k = 0; k < 4; k++) {
		const char *cw;
		size_t cn;
		char cls[24];

		if (!is(w, n, kind_names[k]))
			continue;
		cn = word(&p, end, &cw);
		if (!cn || cn >= sizeof(cls))
			return -1;
		memcpy(cls, cw, cn);
		cls[cn] = '\0';
		if (!number(&p, end, &v[0]) || !number(&p, end, &v[1]))
			return -1;
		if (k == RB_SHAPE_TEXT) {
			const char *aw;
			size_t an = word(&p, end, &aw);
			int a = -1, size;

			for (int j = 0; j < 3; j++)
				if (is(aw, an, anchor_names[j]))
					a = j;
			if (a < 0 || !number(&p, end, &size) || size < 1 || size > 200)
				return -1;
			{
				char *t = rest(p, end);

				rb_figure_text(f, cls, v[0], v[1], (enum rb_anchor)a, size, t);
				free(t);
			}
			return 0;
		}
		if (!number(&p, end, &v[2]) || !number(&p, end, &v[3]) || word(&p, end, &cw))
			return -1;
		if (k == RB_SHAPE_RECT && (v[2] < 0 || v[3] < 0))
			return -1;
		add(f, (enum rb_shape_kind)k, cls, v[0], v[1], v[2], v[3]);
		return 0;
	}
	return -1;
}

int rb_figure_parse(struct rb_figure *out, const char *s, size_t len,
		    char *err, size_t errlen)
{
	const char *end = s + len, *p = s;
	int lineno = 0;

	rb_figure_init(out, 0, 0);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		int bad;

		lineno++;
		if (lineno == 1) {
			const char *w, *q = p;
			size_t n = word(&q, le, &w);

			bad = !is(w, n, "figure") || !number(&q, le, &out->width) ||
			      !number(&q, le, &out->height) || out->width <= 0 || out->height <= 0;
		} else {
			bad = le > p && parse_line(out, p, le) < 0;
		}
		if (bad) {
			snprintf(err, errlen, "figure line %d cannot be read: '%.*s'", lineno,
				 (int)(le - p > 60 ? 60 : le - p), p);
			return -1;
		}
		p = nl ? nl + 1 : end;
	}
	if (!lineno) {
		snprintf(err, errlen, "figure is empty");
		return -1;
	}
	return 0;
}

json_t *rb_figure_json(const struct rb_figure *f)
{
	json_t *shapes = json_array();
	struct rb_buf lines = RB_BUF_INIT;
	json_t *j;

	for (size_t i = 0; i < f->nr; i++) {
		const struct rb_shape *s = &f->shapes[i];
		json_t *o = json_pack("{s:s, s:i, s:i, s:s?, s:b}", "class", s->cls,
				      "x", s->x, "y", s->y, "title", s->title,
				      "has_title", s->title != NULL);

		if (s->kind == RB_SHAPE_TEXT) {
			json_object_set_new(o, "anchor", json_string(anchor_names[s->anchor]));
			json_object_set_new(o, "size", json_integer(s->size));
			json_object_set_new(o, "text", json_string(s->text));
		} else if (s->kind == RB_SHAPE_RECT) {
			json_object_set_new(o, "w", json_integer(s->w));
			json_object_set_new(o, "h", json_integer(s->h));
		} else {
			json_object_set_new(o, "x2", json_integer(s->w));
			json_object_set_new(o, "y2", json_integer(s->h));
		}
		if (s->kind == RB_SHAPE_ARROW) {
			double h[6];
			char pts[96];

			rb_figure_arrow_head(s, h);
			snprintf(pts, sizeof(pts), "%.1f,%.1f %.1f,%.1f %.1f,%.1f",
				 h[0], h[1], h[2], h[3], h[4], h[5]);
			json_object_set_new(o, "head", json_string(pts));
		}
		json_array_append_new(shapes, json_pack("{s:o}", kind_names[s->kind], o));
	}
	rb_figure_write(&lines, f);
	/* on screen at 1.5 units a pixel: its text as large as the page's small print */
	j = json_pack("{s:i, s:i, s:i, s:i, s:s, s:o, s:s}", "width", f->width, "height", f->height,
		      "px_width", f->width * 3 / 2, "px_height", f->height * 3 / 2,
		      "label", f->label ? f->label : "", "shapes", shapes, "lines", lines.ptr);
	rb_buf_release(&lines);
	return j;
}
