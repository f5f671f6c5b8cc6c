#include "diag.h"

static struct rb_diag *diag_new(struct rb_diags *d, enum rb_severity sev,
				const char *rule, struct rb_loc loc,
				const char *hint, const char *fmt, va_list ap)
	RB_PRINTF(6, 0);

static struct rb_diag *diag_new(struct rb_diags *d, enum rb_severity sev,
				const char *rule, struct rb_loc loc,
				const char *hint, const char *fmt, va_list ap)
{
	struct rb_diag *g;
	struct rb_buf msg = RB_BUF_INIT;

	RB_GROW(d->items, d->nr + 1, d->alloc);
	g = &d->items[d->nr++];
	memset(g, 0, sizeof(*g));
	g->severity = sev;
	g->rule = rule ? rb_xstrdup(rule) : NULL;
	g->path = loc.path ? rb_xstrdup(loc.path) : NULL;
	g->line = loc.line;
	g->col = loc.col;
	rb_buf_vaddf(&msg, fmt, ap);
	g->message = rb_buf_detach(&msg, NULL);
	g->hint = hint ? rb_xstrdup(hint) : NULL;
	g->about = SIZE_MAX;
	if (sev == RB_SEV_ERROR)
		d->errors++;
	return g;
}

int rb_error(struct rb_diags *d, struct rb_loc loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_new(d, RB_SEV_ERROR, NULL, loc, NULL, fmt, ap);
	va_end(ap);
	return -1;
}

int rb_error_hint(struct rb_diags *d, struct rb_loc loc, const char *hint,
		  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_new(d, RB_SEV_ERROR, NULL, loc, hint, fmt, ap);
	va_end(ap);
	return -1;
}

struct rb_diag *rb_finding(struct rb_diags *d, enum rb_severity sev,
			   const char *rule, struct rb_loc loc, const char *hint,
			   const char *fmt, ...)
{
	va_list ap;
	struct rb_diag *g;

	va_start(ap, fmt);
	g = diag_new(d, sev, rule, loc, hint, fmt, ap);
	va_end(ap);
	return g;
}

static int diag_cmp(const void *pa, const void *pb)
{
	const struct rb_diag *a = pa, *b = pb;
	int c = strcmp(a->path ? a->path : "", b->path ? b->path : "");

	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return 0;
}

void rb_diags_sort(struct rb_diags *d)
{
	/* insertion sort keeps equal keys in order; lists are short */
	for (size_t i = 1; i < d->nr; i++) {
		struct rb_diag t = d->items[i];
		size_t j = i;

		while (j > 0 && diag_cmp(&d->items[j - 1], &t) > 0) {
			d->items[j] = d->items[j - 1];
			j--;
		}
		d->items[j] = t;
	}
}

void rb_diags_move(struct rb_diags *to, struct rb_diags *from)
{
	for (size_t i = 0; i < from->nr; i++) {
		RB_GROW(to->items, to->nr + 1, to->alloc);
		to->items[to->nr++] = from->items[i];
	}
	to->errors += from->errors;
	from->nr = 0;
	from->errors = 0;
}

void rb_pos_advance(const char *s, size_t len, bool utf8, int *line, int *col)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (!utf8 || ((unsigned char)s[i] & 0xc0) != 0x80) {
			(*col)++;
		}
	}
}

const char *rb_severity_name(enum rb_severity s)
{
	switch (s) {
	case RB_SEV_ERROR:
		return "error";
	case RB_SEV_WARNING:
		return "warning";
	default:
		return "note";
	}
}

void rb_escape_controls(struct rb_buf *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n')
			rb_buf_adds(out, "\\n");
		else if (c == '\t')
			rb_buf_adds(out, "\\t");
		else if (c < 0x20 || c == 0x7f)
			rb_buf_addf(out, "\\x%02x", c);
		else
			rb_buf_addch(out, c);
	}
}

void rb_diags_print(const struct rb_diags *d, FILE *f, bool color, bool hints)
{
	static const char *colors[] = { "\033[1;36m", "\033[1;35m", "\033[1;31m" };
	struct rb_buf line = RB_BUF_INIT;

	for (size_t i = 0; i < d->nr; i++) {
		const struct rb_diag *g = &d->items[i];

		rb_buf_reset(&line);
		if (g->path) {
			rb_escape_controls(&line, g->path);
			if (g->line > 0) {
				rb_buf_addf(&line, ":%d", g->line);
				if (g->col > 0)
					rb_buf_addf(&line, ":%d", g->col);
			}
			rb_buf_adds(&line, ": ");
		} else {
			rb_buf_adds(&line, "runbinder: ");
		}
		if (color)
			rb_buf_adds(&line, colors[g->severity]);
		rb_buf_adds(&line, rb_severity_name(g->severity));
		if (color)
			rb_buf_adds(&line, "\033[0m");
		rb_buf_adds(&line, ": ");
		rb_escape_controls(&line, g->message);
		if (g->rule)
			rb_buf_addf(&line, " [%s]", g->rule);
		rb_buf_addch(&line, '\n');
		if (hints && g->hint) {
			rb_buf_adds(&line, "  hint: ");
			rb_escape_controls(&line, g->hint);
			rb_buf_addch(&line, '\n');
		}
		fwrite(line.ptr, 1, line.len, f);
	}
	rb_buf_release(&line);
}

void rb_diags_release(struct rb_diags *d)
{
	for (size_t i = 0; i < d->nr; i++) {
		free(d->items[i].rule);
		free(d->items[i].path);
		free(d->items[i].message);
		free(d->items[i].hint);
	}
	free(d->items);
	d->items = NULL;
	d->nr = d->alloc = d->errors = 0;
}
