/*
 * ttf_subset.c - a TrueType font reduced to the glyphs of a set of
 * characters (see ttf_subset.h). Every offset read from the font is
 * checked against the table it lies in before it is used.
 */
#include <errno.h>
#include <stddef.h>

#include "font_cmap.h"
#include "ttf_subset.h"

/* Composite glyph flags (the TrueType glyf table). */
#define ARG_1_AND_2_ARE_WORDS 0x0001
#define WE_HAVE_A_SCALE 0x0008
#define MORE_COMPONENTS 0x0020
#define WE_HAVE_AN_X_AND_Y_SCALE 0x0040
#define WE_HAVE_A_TWO_BY_TWO 0x0080
#define WE_HAVE_INSTRUCTIONS 0x0100

struct span {
	size_t off, len;	/* in the file */
};

struct font {
	const unsigned char *p;
	size_t len;
	struct span head, hhea, maxp, hmtx, loca, glyf, cmap, name, os2, post;
	unsigned glyphs;	/* maxp numGlyphs */
	unsigned metrics;	/* hhea numberOfHMetrics */
	bool long_loca;
	char *err;
	size_t err_len;
};

static int fail(struct font *f, const char *fmt, ...) RB_PRINTF(2, 3);

static int fail(struct font *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->err, f->err_len, fmt, ap);
	va_end(ap);
	return -1;
}

static bool in(const struct font *f, size_t off, size_t n)
{
	return off <= f->len && n <= f->len - off;
}

/* Big-endian numbers; the caller has checked the bytes are there. */
static unsigned get16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put16(struct rb_buf *b, unsigned v)
{
	rb_buf_addch(b, (int)(v >> 8 & 0xff));
	rb_buf_addch(b, (int)(v & 0xff));
}

static void put32(struct rb_buf *b, uint32_t v)
{
	put16(b, v >> 16);
	put16(b, v & 0xffff);
}

static void set16(struct rb_buf *b, size_t at, unsigned v)
{
	b->ptr[at] = (char)(v >> 8 & 0xff);
	b->ptr[at + 1] = (char)(v & 0xff);
}

static void set32(struct rb_buf *b, size_t at, uint32_t v)
{
	set16(b, at, v >> 16);
	set16(b, at + 2, v & 0xffff);
}

/* The table directory of the font at `dir`: finds the tables used. */
static int read_tables(struct font *f, size_t dir)
{
	static const struct {
		const char *tag;
		size_t span_at;	/* offsetof(struct font, ...) */
		size_t least;	/* the bytes read of it without further check */
	} wanted[] = {
		{ "head", offsetof(struct font, head), 54 },
		{ "hhea", offsetof(struct font, hhea), 36 },
		{ "maxp", offsetof(struct font, maxp), 6 },
		{ "hmtx", offsetof(struct font, hmtx), 0 },
		{ "loca", offsetof(struct font, loca), 0 },
		{ "glyf", offsetof(struct font, glyf), 0 },
		{ "cmap", offsetof(struct font, cmap), 4 },
		{ "name", offsetof(struct font, name), 6 },
		{ "OS/2", offsetof(struct font, os2), 78 },
		{ "post", offsetof(struct font, post), 0 },
	};
	unsigned n;

	if (!in(f, dir, 12))
		return fail(f, "not a TrueType font: the file is too short");
	if (get32(f->p + dir) != 0x00010000 && memcmp(f->p + dir, "true", 4))
		return fail(f, "not a TrueType font with glyf outlines");
	n = get16(f->p + dir + 4);
	if (!in(f, dir + 12, (size_t)n * 16))
		return fail(f, "the table directory is cut short");
	for (size_t k = 0; k < RB_ARRAY_SIZE(wanted); k++) {
		struct span *s = (struct span *)((char *)f + wanted[k].span_at);

		s->off = s->len = 0;
		for (unsigned i = 0; i < n; i++) {
			const unsigned char *rec = f->p + dir + 12 + (size_t)i * 16;

			if (memcmp(rec, wanted[k].tag, 4))
				continue;
			s->off = get32(rec + 8);
			s->len = get32(rec + 12);
			if (!in(f, s->off, s->len))
				return fail(f, "the %s table lies outside the file", wanted[k].tag);
			break;
		}
		if (!s->off && strcmp(wanted[k].tag, "post"))
			return fail(f, "the font has no %s table", wanted[k].tag);
		if (s->off && s->len < wanted[k].least)
			return fail(f, "the %s table is too short", wanted[k].tag);
	}
	return 0;
}

/* Reads the font's tables and counts, checking what the rest relies on. */
static int open_font(struct font *f, unsigned index)
{
	size_t dir = 0;

	if (in(f, 0, 12) && !memcmp(f->p, "ttcf", 4)) {
		if (index >= get32(f->p + 8) || !in(f, 12 + 4 * (size_t)index, 4))
			return fail(f, "the collection has no font %u", index);
		dir = get32(f->p + 12 + 4 * (size_t)index);
	} else if (index) {
		return fail(f, "not a font collection: no font %u", index);
	}
	if (read_tables(f, dir) < 0)
		return -1;
	f->glyphs = get16(f->p + f->maxp.off + 4);
	f->metrics = get16(f->p + f->hhea.off + 34);
	f->long_loca = get16(f->p + f->head.off + 50) != 0;
	if (!f->glyphs)
		return fail(f, "the font has no glyphs");
	if (!f->metrics || f->metrics > f->glyphs)
		return fail(f, "hhea counts %u metrics for %u glyphs", f->metrics, f->glyphs);
	if (f->hmtx.len < 4 * (size_t)f->metrics + 2 * (size_t)(f->glyphs - f->metrics))
		return fail(f, "the hmtx table is too short for %u glyphs", f->glyphs);
	if (f->loca.len < (f->long_loca ? 4 : 2) * ((size_t)f->glyphs + 1))
		return fail(f, "the loca table is too short for %u glyphs", f->glyphs);
	return 0;
}

/* Where glyph `g` lies in the file; -1 when loca puts it outside glyf. */
static int glyph_at(struct font *f, unsigned g, struct span *out)
{
	const unsigned char *loca = f->p + f->loca.off;
	size_t start, end;

	if (f->long_loca) {
		start = get32(loca + 4 * (size_t)g);
		end = get32(loca + 4 * (size_t)g + 4);
	} else {
		start = 2 * (size_t)get16(loca + 2 * (size_t)g);
		end = 2 * (size_t)get16(loca + 2 * (size_t)g + 2);
	}
	if (start > end || end > f->glyf.len)
		return fail(f, "glyph %u lies outside the glyf table", g);
	out->off = f->glyf.off + start;
	out->len = end - start;
	if (out->len && out->len < 10)
		return fail(f, "glyph %u is too short", g);
	return 0;
}

/*
 * Walks the components of the composite glyph `g` at `s`: calls `each`
 * with the file offset of each component's glyph index. Returns the
 * length of the components (the instructions that may follow excluded),
 * or -1.
 */
static long components(struct font *f, unsigned g, const struct span *s,
		       void (*each)(void *ctx, size_t at), void *ctx)
{
	size_t at = 10, end = s->len;
	unsigned flags;

	do {
		size_t need = 4;

		if (at + 4 > end)
			return fail(f, "composite glyph %u is cut short", g);
		flags = get16(f->p + s->off + at);
		if (get16(f->p + s->off + at + 2) >= f->glyphs)
			return fail(f, "composite glyph %u names glyph %u of %u", g,
				    get16(f->p + s->off + at + 2), f->glyphs);
		need += flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2;
		if (flags & WE_HAVE_A_SCALE)
			need += 2;
		else if (flags & WE_HAVE_AN_X_AND_Y_SCALE)
			need += 4;
		else if (flags & WE_HAVE_A_TWO_BY_TWO)
			need += 8;
		if (at + need > end)
			return fail(f, "composite glyph %u is cut short", g);
		if (each)
			each(ctx, s->off + at + 2);
		at += need;
	} while (flags & MORE_COMPONENTS);
	return (long)at;
}

static bool is_composite(const struct font *f, const struct span *s)
{
	return s->len && (int16_t)get16(f->p + s->off) < 0;
}

/* The glyphs kept, in old numbering, and the way to the new one. */
struct keep {
	struct font *f;
	unsigned *list;		/* old glyph ids: in the order found, then sorted */
	size_t nr;
	uint16_t *new_id;	/* by old id; 0xffff: dropped */
};

static void keep_glyph(struct keep *k, unsigned g)
{
	if (k->new_id[g] != 0xffff)
		return;
	k->new_id[g] = 0;	/* marked; numbered once all are found */
	k->list[k->nr++] = g;
}

static void keep_component(void *ctx, size_t at)
{
	struct keep *k = ctx;

	keep_glyph(k, get16(k->f->p + at));
}

static int cmp_unsigned(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return x < y ? -1 : x > y;
}

/*
 * The glyphs of the characters asked for (`asked`: their glyphs, 0 for
 * the others), .notdef, and every component of those.
 */
static int choose_glyphs(struct keep *k, const uint16_t *asked)
{
	struct font *f = k->f;

	keep_glyph(k, 0);
	for (unsigned c = 0; c < 0x10000; c++)
		if (asked[c])
			keep_glyph(k, asked[c]);
	/* the list grows as composites name their parts: each is looked at once */
	for (size_t i = 0; i < k->nr; i++) {
		struct span s;

		if (glyph_at(f, k->list[i], &s) < 0)
			return -1;
		if (is_composite(f, &s) && components(f, k->list[i], &s, keep_component, k) < 0)
			return -1;
	}
	qsort(k->list, k->nr, sizeof(*k->list), cmp_unsigned);
	for (size_t i = 0; i < k->nr; i++)
		k->new_id[k->list[i]] = (uint16_t)i;
	return 0;
}

/* A composite glyph being copied: its components' new numbers. */
struct renumber {
	const struct keep *k;
	struct rb_buf *out;
	size_t from;		/* the glyph's offset in the file */
	size_t to;		/* and in `out` */
};

static void renumber_component(void *ctx, size_t at)
{
	struct renumber *r = ctx;
	const unsigned char *p = r->k->f->p;

	set16(r->out, r->to + (at - r->from), r->k->new_id[get16(p + at)]);
	/* no instructions follow the last component */
	set16(r->out, r->to + (at - 2 - r->from),
	      get16(p + at - 2) & ~(unsigned)WE_HAVE_INSTRUCTIONS);
}

/* Glyph `g` without its instructions, components renumbered, onto `out`. */
static int copy_glyph(const struct keep *k, unsigned g, struct rb_buf *out)
{
	struct font *f = k->f;
	struct span s;
	size_t to = out->len;

	if (glyph_at(f, g, &s) < 0)
		return -1;
	if (!s.len)
		return 0;
	if (is_composite(f, &s)) {
		struct renumber r = { k, out, s.off, to };
		long len = components(f, g, &s, NULL, NULL);

		if (len < 0)
			return -1;
		rb_buf_add(out, f->p + s.off, (size_t)len);
		(void)components(f, g, &s, renumber_component, &r);
	} else {
		size_t contours = get16(f->p + s.off);
		size_t ins = 10 + 2 * contours;	/* the instructions' length */
		size_t rest;

		if (ins + 2 > s.len)
			return fail(f, "glyph %u is cut short", g);
		rest = ins + 2 + get16(f->p + s.off + ins);
		if (rest > s.len)
			return fail(f, "glyph %u is cut short", g);
		rb_buf_add(out, f->p + s.off, ins);
		put16(out, 0);
		rb_buf_add(out, f->p + s.off + rest, s.len - rest);
	}
	while (out->len % 4)
		rb_buf_addch(out, 0);
	return 0;
}

/* glyf and loca (`offsets`: one per kept glyph and the end). */
static int write_glyf(const struct keep *k, struct rb_buf *glyf, uint32_t *offsets)
{
	for (size_t i = 0; i < k->nr; i++) {
		offsets[i] = (uint32_t)glyf->len;
		if (copy_glyph(k, k->list[i], glyf) < 0)
			return -1;
	}
	offsets[k->nr] = (uint32_t)glyf->len;
	return 0;
}

static void write_loca(struct rb_buf *loca, const uint32_t *offsets, size_t n, bool long_loca)
{
	for (size_t i = 0; i <= n; i++) {
		if (long_loca)
			put32(loca, offsets[i]);
		else
			put16(loca, offsets[i] / 2);
	}
}

/* hmtx: the kept glyphs' metrics; a run of equal advances at the end is kept once. */
static unsigned write_hmtx(const struct keep *k, struct rb_buf *hmtx)
{
	const struct font *f = k->f;
	const unsigned char *m = f->p + f->hmtx.off;
	unsigned *advance = rb_xmalloc(k->nr * sizeof(*advance));
	unsigned metrics = (unsigned)k->nr;

	for (size_t i = 0; i < k->nr; i++) {
		unsigned g = k->list[i];

		advance[i] = get16(m + 4 * (size_t)(g < f->metrics ? g : f->metrics - 1));
	}
	while (metrics > 1 && advance[metrics - 2] == advance[metrics - 1])
		metrics--;
	for (size_t i = 0; i < k->nr; i++) {
		unsigned g = k->list[i];
		size_t lsb = g < f->metrics ? 4 * (size_t)g + 2
					    : 4 * (size_t)f->metrics + 2 * (size_t)(g - f->metrics);

		if (i < metrics)
			put16(hmtx, advance[i]);
		put16(hmtx, get16(m + lsb));
	}
	free(advance);
	return metrics;
}

/*
 * cmap: one format 4 subtable (3,1) for the characters asked for (`gids`:
 * their old glyphs), a segment per run of consecutive characters and glyphs.
 */
static void write_cmap(const struct keep *k, const uint16_t *gids, struct rb_buf *cmap)
{
	unsigned *start = rb_xmalloc(0x10001 * sizeof(*start));
	unsigned *end = rb_xmalloc(0x10001 * sizeof(*end));
	unsigned *delta = rb_xmalloc(0x10001 * sizeof(*delta));
	size_t segs = 0, pow = 1, log = 0;

	for (unsigned c = 0; c < 0xffff; c++) {
		unsigned g = gids[c] ? k->new_id[gids[c]] : 0;

		if (!g)
			continue;
		if (segs && end[segs - 1] + 1 == c && ((c + delta[segs - 1]) & 0xffff) == g) {
			end[segs - 1] = c;
			continue;
		}
		start[segs] = end[segs] = c;
		delta[segs++] = (g - c) & 0xffff;
	}
	start[segs] = end[segs] = 0xffff;
	delta[segs++] = 1;
	while (pow * 2 <= segs) {
		pow *= 2;
		log++;
	}
	put16(cmap, 0);
	put16(cmap, 1);
	put16(cmap, 3);
	put16(cmap, 1);
	put32(cmap, 12);
	put16(cmap, 4);
	put16(cmap, (unsigned)(16 + 8 * segs));
	put16(cmap, 0);
	put16(cmap, (unsigned)(2 * segs));
	put16(cmap, (unsigned)(2 * pow));
	put16(cmap, (unsigned)log);
	put16(cmap, (unsigned)(2 * segs - 2 * pow));
	for (size_t i = 0; i < segs; i++)
		put16(cmap, end[i]);
	put16(cmap, 0);
	for (size_t i = 0; i < segs; i++)
		put16(cmap, start[i]);
	for (size_t i = 0; i < segs; i++)
		put16(cmap, delta[i]);
	for (size_t i = 0; i < segs; i++)
		put16(cmap, 0);
	free(start);
	free(end);
	free(delta);
}

/* Whether name record `rec` is one kept: IDs 0 to 6 of one platform. */
static bool name_kept(const unsigned char *rec, bool windows)
{
	unsigned platform = get16(rec), encoding = get16(rec + 2);
	unsigned language = get16(rec + 4), id = get16(rec + 6);

	if (id > 6)
		return false;
	if (windows)
		return platform == 3 && encoding == 1 && language == 0x409;
	return platform == 1 && encoding == 0 && language == 0;
}

/*
 * name: the records 0 to 6 of the Windows English names, else of the
 * Macintosh ones, with `suffix` after the PostScript name.
 */
static int write_name(struct font *f, const char *suffix, struct rb_buf *name)
{
	const unsigned char *t = f->p + f->name.off;
	size_t count = get16(t + 2), strings = get16(t + 4), kept = 0;
	bool windows = false;
	struct rb_buf text = RB_BUF_INIT;

	if (6 + 12 * count > f->name.len)
		return fail(f, "the name table is cut short");
	for (size_t i = 0; i < count; i++)
		if (name_kept(t + 6 + 12 * i, true) && get16(t + 6 + 12 * i + 6) == 6)
			windows = true;
	for (size_t i = 0; i < count; i++)
		kept += name_kept(t + 6 + 12 * i, windows);
	put16(name, 0);
	put16(name, (unsigned)kept);
	put16(name, (unsigned)(6 + 12 * kept));
	for (size_t i = 0; i < count; i++) {
		const unsigned char *rec = t + 6 + 12 * i;
		size_t len = get16(rec + 8), off = strings + get16(rec + 10);

		if (!name_kept(rec, windows))
			continue;
		if (off > f->name.len || len > f->name.len - off) {
			rb_buf_release(&text);
			return fail(f, "a name lies outside the name table");
		}
		rb_buf_add(name, rec, 8);
		put16(name, (unsigned)(len + (get16(rec + 6) == 6 ? strlen(suffix) * (windows ? 2 : 1) : 0)));
		put16(name, (unsigned)text.len);
		rb_buf_add(&text, t + off, len);
		for (const char *c = suffix; get16(rec + 6) == 6 && *c; c++) {
			if (windows)
				rb_buf_addch(&text, 0);
			rb_buf_addch(&text, *c);
		}
	}
	rb_buf_add(name, text.ptr, text.len);
	rb_buf_release(&text);
	return 0;
}

/* A table of the font being written. */
struct table {
	const char *tag;
	struct rb_buf data;
};

static uint32_t checksum(const char *p, size_t len)
{
	uint32_t sum = 0;

	for (size_t i = 0; i < len; i += 4) {
		unsigned char word[4] = { 0 };

		memcpy(word, p + i, len - i < 4 ? len - i : 4);
		sum += get32(word);
	}
	return sum;
}

/* The font file: the tables (sorted by tag) after their directory. */
static void write_font(struct rb_buf *out, struct table *t, size_t n, size_t head)
{
	size_t pow = 1, log = 0, at = 12 + 16 * n, head_at = 0;

	while (pow * 2 <= n) {
		pow *= 2;
		log++;
	}
	put32(out, 0x00010000);
	put16(out, (unsigned)n);
	put16(out, (unsigned)(16 * pow));
	put16(out, (unsigned)log);
	put16(out, (unsigned)(16 * n - 16 * pow));
	for (size_t i = 0; i < n; i++) {
		rb_buf_add(out, t[i].tag, 4);
		put32(out, checksum(t[i].data.ptr, t[i].data.len));
		put32(out, (uint32_t)at);
		put32(out, (uint32_t)t[i].data.len);
		at += (t[i].data.len + 3) & ~(size_t)3;
	}
	for (size_t i = 0; i < n; i++) {
		if (i == head)
			head_at = out->len;
		rb_buf_add(out, t[i].data.ptr, t[i].data.len);
		while (out->len % 4)
			rb_buf_addch(out, 0);
	}
	set32(out, head_at + 8, 0xB1B0AFBAu - checksum(out->ptr, out->len));
}

int rb_ttf_subset(struct rb_buf *out, const unsigned char *data, size_t len,
		  unsigned index, const uint32_t *chars, size_t n, const char *suffix,
		  char *err, size_t err_len)
{
	struct font f = { .p = data, .len = len, .err = err, .err_len = err_len };
	/* sorted by tag, as the directory lists them */
	struct table t[] = {
		{ "OS/2", RB_BUF_INIT }, { "cmap", RB_BUF_INIT }, { "cvt ", RB_BUF_INIT },
		{ "fpgm", RB_BUF_INIT }, { "glyf", RB_BUF_INIT }, { "head", RB_BUF_INIT },
		{ "hhea", RB_BUF_INIT }, { "hmtx", RB_BUF_INIT }, { "loca", RB_BUF_INIT },
		{ "maxp", RB_BUF_INIT }, { "name", RB_BUF_INIT }, { "post", RB_BUF_INIT },
		{ "prep", RB_BUF_INIT },
	};
	enum { OS2, CMAP, CVT, FPGM, GLYF, HEAD, HHEA, HMTX, LOCA, MAXP, NAME, POST, PREP };
	uint16_t *gids = NULL, *asked = NULL;
	struct keep k = { &f, NULL, 0, NULL };
	uint32_t *offsets = NULL;
	bool long_loca;
	unsigned metrics;
	int ret = -1;

	rb_buf_reset(out);
	if (err_len)
		err[0] = 0;
	if (open_font(&f, index) < 0)
		goto done;
	gids = rb_xmalloc(0x10000 * sizeof(*gids));
	if (rb_font_cmap_glyphs(gids, data, len, index) < 0) {
		fail(&f, "the font has no Unicode cmap of format 4");
		goto done;
	}
	asked = rb_xcalloc(0x10000, sizeof(*asked));
	for (size_t i = 0; i < n; i++)
		if (chars[i] < 0x10000 && gids[chars[i]] < f.glyphs)
			asked[chars[i]] = gids[chars[i]];
	k.list = rb_xmalloc((size_t)f.glyphs * sizeof(*k.list));
	k.new_id = rb_xmalloc((size_t)f.glyphs * sizeof(*k.new_id));
	memset(k.new_id, 0xff, (size_t)f.glyphs * sizeof(*k.new_id));
	if (choose_glyphs(&k, asked) < 0)
		goto done;
	offsets = rb_xmalloc((k.nr + 1) * sizeof(*offsets));
	if (write_glyf(&k, &t[GLYF].data, offsets) < 0)
		goto done;
	long_loca = t[GLYF].data.len > 0x1fffe;
	write_loca(&t[LOCA].data, offsets, k.nr, long_loca);
	metrics = write_hmtx(&k, &t[HMTX].data);
	write_cmap(&k, asked, &t[CMAP].data);
	if (write_name(&f, suffix, &t[NAME].data) < 0)
		goto done;
	rb_buf_add(&t[OS2].data, f.p + f.os2.off, f.os2.len);
	rb_buf_add(&t[HEAD].data, f.p + f.head.off, 54);
	set32(&t[HEAD].data, 8, 0);
	set16(&t[HEAD].data, 50, long_loca);
	rb_buf_add(&t[HHEA].data, f.p + f.hhea.off, 36);
	set16(&t[HHEA].data, 34, metrics);
	rb_buf_add(&t[MAXP].data, f.p + f.maxp.off, f.maxp.len < 32 ? f.maxp.len : 32);
	set16(&t[MAXP].data, 4, (unsigned)k.nr);
	if (t[MAXP].data.len >= 28)
		set16(&t[MAXP].data, 26, 0);	/* maxSizeOfInstructions */
	/* post format 3: the header, no glyph names */
	if (f.post.len >= 16)
		rb_buf_add(&t[POST].data, f.p + f.post.off, 16);
	else
		rb_buf_addchars(&t[POST].data, 0, 16);
	rb_buf_addchars(&t[POST].data, 0, 16);
	set32(&t[POST].data, 0, 0x00030000);
	write_font(out, t, RB_ARRAY_SIZE(t), HEAD);
	ret = 0;
done:
	if (ret < 0)
		rb_buf_reset(out);
	for (size_t i = 0; i < RB_ARRAY_SIZE(t); i++)
		rb_buf_release(&t[i].data);
	free(offsets);
	free(k.list);
	free(k.new_id);
	free(gids);
	free(asked);
	return ret;
}

int rb_ttf_subset_file(struct rb_buf *out, const char *path, unsigned index,
		       const uint32_t *chars, size_t n, const char *suffix, char *err,
		       size_t err_len)
{
	char *data;
	size_t len;
	int ret;

	rb_buf_reset(out);
	if (rb_read_file(path, RB_FONT_FILE_LIMIT, &data, &len) < 0) {
		snprintf(err, err_len, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	ret = rb_ttf_subset(out, (const unsigned char *)data, len, index, chars, n, suffix,
			    err, err_len);
	free(data);
	return ret;
}
