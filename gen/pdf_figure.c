/*
 * pdf_figure.c - figures drawn in the PDF with libharu's path operators.
 */
#include <string.h>

#include "figure.h"
#include "pdf_figure.h"
#include "util.h"

#define NONE (-1)

/*
 * What each class looks like: the same as svg.figure in style.css, the
 * colours by the names pdf.yaml's `colours` gives them.
 */
static const struct look {
	const char *cls;
	int fill, stroke;         /* enum rb_pdf_colour, or NONE */
	float width;              /* stroke width */
	bool dashed;
	enum rb_pdf_font font;    /* text */
} looks[] = {
	{ "det", RB_COLOUR_MUTED, NONE, 0, false, RB_FONT_REGULAR },
	{ "rpo", RB_COLOUR_MUTED, NONE, 0, false, RB_FONT_REGULAR },
	{ "steps", RB_COLOUR_ACCENT, NONE, 0, false, RB_FONT_REGULAR },
	{ "rto", RB_COLOUR_ACCENT, NONE, 0, false, RB_FONT_REGULAR },
	{ "dns", RB_COLOUR_WARN, NONE, 0, false, RB_FONT_REGULAR },
	{ "over", RB_COLOUR_WARN, NONE, 0, false, RB_FONT_BOLD },
	{ "target", NONE, RB_COLOUR_INK, 2, false, RB_FONT_REGULAR },
	{ "region", RB_COLOUR_BAND, RB_COLOUR_LINE, 1, false, RB_FONT_BOLD },
	{ "res", RB_COLOUR_PAPER, RB_COLOUR_MUTED, 1, false, RB_FONT_REGULAR },
	{ "store", RB_COLOUR_PAPER, RB_COLOUR_ACCENT, 2, false, RB_FONT_REGULAR },
	{ "dnsbox", RB_COLOUR_PAPER, RB_COLOUR_MUTED, 1, true, RB_FONT_REGULAR },
	{ "repl", RB_COLOUR_ACCENT, RB_COLOUR_ACCENT, 1.5f, false, RB_FONT_REGULAR },
	{ "copy", RB_COLOUR_WARN, RB_COLOUR_WARN, 1.5f, true, RB_FONT_REGULAR },
	{ "switch", RB_COLOUR_MUTED, RB_COLOUR_MUTED, 1, false, RB_FONT_REGULAR },
	{ "head", RB_COLOUR_INK, NONE, 0, false, RB_FONT_BOLD },
	{ "note", RB_COLOUR_MUTED, NONE, 0, false, RB_FONT_REGULAR },
	{ "type", RB_COLOUR_MUTED, NONE, 0, false, RB_FONT_REGULAR },
};

static const struct look plain = { "", RB_COLOUR_INK, RB_COLOUR_INK, 1, false, RB_FONT_REGULAR };

static const struct look *look_of(const struct rb_shape *s)
{
	for (size_t i = 0; i < RB_ARRAY_SIZE(looks); i++)
		if (!strcmp(looks[i].cls, s->cls))
			return &looks[i];
	return &plain;
}

static void set_fill(struct rb_pdf *p, int colour)
{
	const float *c = p->style.colours[colour];

	HPDF_Page_SetRGBFill(p->page, c[0], c[1], c[2]);
}

static void set_stroke(struct rb_pdf *p, const struct look *l, float scale)
{
	const float *c = p->style.colours[l->stroke];
	const HPDF_UINT16 dash[] = { 5, 3 };

	HPDF_Page_SetRGBStroke(p->page, c[0], c[1], c[2]);
	HPDF_Page_SetLineWidth(p->page, l->width * scale);
	if (l->dashed)
		HPDF_Page_SetDash(p->page, dash, 2, 0);
	else
		HPDF_Page_SetDash(p->page, NULL, 0, 0);
}

struct place {
	float x0, top, scale;
};

static float px(const struct place *pl, double x)
{
	return pl->x0 + (float)x * pl->scale;
}

static float py(const struct place *pl, double y)
{
	return pl->top - (float)y * pl->scale;
}

static void draw(struct rb_pdf *p, const struct place *pl, const struct rb_shape *s)
{
	const struct look *l = look_of(s);
	HPDF_Page page = p->page;

	switch (s->kind) {
	case RB_SHAPE_RECT:
		/* the colours first: libharu takes none while a path is open */
		if (l->fill != NONE)
			set_fill(p, l->fill);
		if (l->stroke != NONE)
			set_stroke(p, l, pl->scale);
		HPDF_Page_Rectangle(page, px(pl, s->x), py(pl, s->y + s->h),
				    (float)s->w * pl->scale, (float)s->h * pl->scale);
		if (l->fill != NONE && l->stroke != NONE)
			HPDF_Page_FillStroke(page);
		else if (l->fill != NONE)
			HPDF_Page_Fill(page);
		else
			HPDF_Page_Stroke(page);
		break;
	case RB_SHAPE_LINE:
	case RB_SHAPE_ARROW:
		if (l->stroke == NONE)
			l = &plain;
		set_stroke(p, l, pl->scale);
		HPDF_Page_MoveTo(page, px(pl, s->x), py(pl, s->y));
		HPDF_Page_LineTo(page, px(pl, s->w), py(pl, s->h));
		HPDF_Page_Stroke(page);
		if (s->kind == RB_SHAPE_ARROW) {
			double h[6];

			rb_figure_arrow_head(s, h);
			set_fill(p, l->stroke);
			HPDF_Page_MoveTo(page, px(pl, h[0]), py(pl, h[1]));
			HPDF_Page_LineTo(page, px(pl, h[2]), py(pl, h[3]));
			HPDF_Page_LineTo(page, px(pl, h[4]), py(pl, h[5]));
			HPDF_Page_ClosePath(page);
			HPDF_Page_Fill(page);
		}
		break;
	case RB_SHAPE_TEXT: {
		HPDF_Font font = rb_pdf_font(p, l->font);
		float size = (float)s->size * pl->scale;
		float w = rb_pdf_width(font, size, s->text), x = px(pl, s->x);

		if (s->anchor == RB_ANCHOR_MIDDLE)
			x -= w / 2;
		else if (s->anchor == RB_ANCHOR_END)
			x -= w;
		set_fill(p, l->fill != NONE ? l->fill : RB_COLOUR_INK);
		rb_pdf_text_at(p, page, font, size, x, py(pl, s->y), s->text);
		break;
	}
	}
}

float rb_pdf_figure_height(const struct rb_pdf *p, const char *body)
{
	struct rb_figure f;
	char error[160];
	float room = p->right - (p->left + p->indent), h = 0;

	if (rb_figure_parse(&f, body, strlen(body), error, sizeof(error)) == 0)
		h = (float)f.height * ((float)f.width > room ? room / (float)f.width : 1) + 10;
	rb_figure_release(&f);
	return h;
}

int rb_pdf_figure(struct rb_pdf *p, const char *body)
{
	struct rb_figure f;
	struct place pl;
	float room = p->right - (p->left + p->indent);

	if (rb_figure_parse(&f, body, strlen(body), p->error, sizeof(p->error)) < 0) {
		rb_figure_release(&f);
		return -1;
	}
	pl.scale = (float)f.width > room ? room / (float)f.width : 1;
	rb_pdf_need(p, (float)f.height * pl.scale + 10);
	p->y -= 4;
	pl.x0 = p->left + p->indent;
	pl.top = p->y;
	HPDF_Page_GSave(p->page);
	HPDF_Page_SetLineJoin(p->page, HPDF_MITER_JOIN);
	for (size_t i = 0; i < f.nr; i++)
		draw(p, &pl, &f.shapes[i]);
	HPDF_Page_GRestore(p->page);
	HPDF_Page_SetGrayFill(p->page, 0);
	p->y -= (float)f.height * pl.scale + 6;
	rb_figure_release(&f);
	return 0;
}
