/*
 * shell_words.c - splits shell code into words and separators.
 */
#include <ctype.h>

#include "buf.h"
#include "shell_words.h"

static void push(struct rb_shell_words *w, struct rb_buf *cur, int line, int col,
		 bool dynamic, bool sep)
{
	if (!sep && !cur->len)
		return;
	RB_GROW(w->items, w->nr + 1, w->alloc);
	w->items[w->nr].text = NULL;
	w->items[w->nr].off = w->pool.len;
	if (!sep) {
		rb_buf_add(&w->pool, cur->ptr, cur->len);
		rb_buf_addch(&w->pool, '\0');
		rb_buf_truncate(cur, 0);
	}
	w->items[w->nr].line = line;
	w->items[w->nr].col = col;
	w->items[w->nr].dynamic = dynamic;
	w->items[w->nr].sep = sep;
	w->nr++;
}

/* A character that means nothing to the shell outside quotes (NUL ends). */
static inline bool plain(unsigned char c)
{
	switch (c) {
	case '\0': case '\\': case '\'': case '"': case '#': case '$': case '`': case '{':
	case ' ': case '\t': case '\n': case '\v': case '\f': case '\r':
	case ';': case '|': case '&': case '(': case ')':
		return false;
	default:
		return true;
	}
}

void rb_shell_split(const char *s, struct rb_shell_words *out)
{
	struct rb_buf cur = RB_BUF_INIT;
	int line = 0, col = 0, wline = 0, wcol = 0;
	bool dynamic = false;
	char quote = 0;

	for (const char *p = s; *p; p++, col++) {
		char ch = *p;

		if (!cur.len && !quote) {
			wline = line;
			wcol = col;
		}
		if (quote) {
			if (ch == quote) {
				quote = 0;
			} else {
				if (ch == '\n') {
					line++;
					col = -1;
				}
				if (quote == '"' && (ch == '$' || ch == '`'))
					dynamic = true;
				if (quote == '"' && ch == '\\' && p[1]) {
					p++;
					col++;
					ch = *p;
				}
				rb_buf_addch(&cur, ch);
			}
			continue;
		}
		if (plain((unsigned char)ch)) {
			/* a run of ordinary characters, appended at once */
			const char *q = p;

			while (plain((unsigned char)q[1]))
				q++;
			rb_buf_add(&cur, p, (size_t)(q - p) + 1);
			col += (int)(q - p);
			p = q;
			continue;
		}
		if (ch == '\\' && p[1] == '\n') {
			/* a continuation: the command goes on on the next line */
			push(out, &cur, wline, wcol, dynamic, false);
			dynamic = false;
			p++;
			line++;
			col = -1;
			continue;
		}
		if (ch == '\\' && p[1]) {
			rb_buf_addch(&cur, *++p);
			col++;
			continue;
		}
		if (ch == '\'' || ch == '"') {
			quote = ch;
			continue;
		}
		if (ch == '#' && !cur.len) {
			while (p[1] && p[1] != '\n')
				p++;
			continue;
		}
		if (ch == '$' && p[1] == '(') {
			push(out, &cur, wline, wcol, dynamic, false);
			push(out, &cur, line, col, false, true);
			dynamic = false;
			p++;
			col++;
			continue;
		}
		if (ch == '$' || ch == '`' || (ch == '{' && p[1] == '{'))
			dynamic = true;
		if (isspace((unsigned char)ch) || strchr(";|&()", ch)) {
			push(out, &cur, wline, wcol, dynamic, false);
			dynamic = false;
			if (ch != ' ' && ch != '\t')
				push(out, &cur, line, col, false, true);
			if (ch == '\n') {
				line++;
				col = -1;
			}
			continue;
		}
		rb_buf_addch(&cur, ch);
	}
	push(out, &cur, wline, wcol, dynamic, false);
	rb_buf_release(&cur);
	/* the pool has stopped moving: offsets become pointers */
	for (size_t k = 0; k < out->nr; k++)
		if (!out->items[k].sep)
			out->items[k].text = out->pool.ptr + out->items[k].off;
}

void rb_shell_words_release(struct rb_shell_words *w)
{
	free(w->items);
	rb_buf_release(&w->pool);
	w->items = NULL;
	w->nr = w->alloc = 0;
}

bool rb_shell_info(const char *info)
{
	size_t len = info ? strcspn(info, " \t{") : 0;

	return len && ((len == 4 && !strncmp(info, "bash", 4)) ||
		       (len == 2 && !strncmp(info, "sh", 2)) ||
		       (len == 5 && !strncmp(info, "shell", 5)) ||
		       (len == 3 && !strncmp(info, "zsh", 3)));
}
