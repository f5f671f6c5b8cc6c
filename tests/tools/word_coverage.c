/*
 * word_coverage: how much of a page's visible text each output keeps.
 *
 *   word_coverage < LIST
 *
 * Each line of LIST is four paths separated by tabs: a Markdown source
 * page, and its text, HTML and PDF-as-text (pdftotext) outputs. The
 * visible text of the source (after its front matter, which no output
 * shows as text) is what cmark-gfm reads as text, code and
 * raw HTML (its tags, comments and the alt text of images left out); a
 * word is a run of ASCII letters and digits or one other character that
 * is not a space or punctuation (so a CJK line is a row of words). A word
 * of the source is kept when the output has it, ignoring case; a word the
 * output wraps across two lines counts as kept. For each page below 1 it
 * prints "text html pdf path"; then "min text html pdf" over all pages.
 * With WORD_COVERAGE_MISSING=1 it lists the words lost on standard error.
 * Used by tests/t-corpus.sh.
 */
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct words {
	char **items;
	size_t nr, alloc;
};

struct set {
	char **slots;
	size_t cap, nr;
};

static unsigned long hash(const char *s)
{
	unsigned long h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static void set_add(struct set *s, const char *w);

static void set_grow(struct set *s)
{
	struct set n = { calloc(s->cap ? s->cap * 2 : 1024, sizeof(char *)),
			 s->cap ? s->cap * 2 : 1024, 0 };

	for (size_t i = 0; i < s->cap; i++)
		if (s->slots[i]) {
			set_add(&n, s->slots[i]);
			free(s->slots[i]);
		}
	free(s->slots);
	*s = n;
}

static void set_add(struct set *s, const char *w)
{
	size_t i;

	if ((s->nr + 1) * 2 > s->cap)
		set_grow(s);
	for (i = hash(w) & (s->cap - 1); s->slots[i]; i = (i + 1) & (s->cap - 1))
		if (!strcmp(s->slots[i], w))
			return;
	s->slots[i] = strdup(w);
	s->nr++;
}

static int set_has(const struct set *s, const char *w)
{
	if (!s->cap)
		return 0;
	for (size_t i = hash(w) & (s->cap - 1); s->slots[i]; i = (i + 1) & (s->cap - 1))
		if (!strcmp(s->slots[i], w))
			return 1;
	return 0;
}

static void set_free(struct set *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->slots[i]);
	free(s->slots);
}

static void words_add(struct words *w, const char *s, size_t n)
{
	if (w->nr == w->alloc) {
		w->alloc = w->alloc ? w->alloc * 2 : 256;
		w->items = realloc(w->items, w->alloc * sizeof(char *));
	}
	w->items[w->nr] = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		w->items[w->nr][i] = (char)tolower((unsigned char)s[i]);
	w->items[w->nr][n] = '\0';
	w->nr++;
}

static void words_free(struct words *w)
{
	for (size_t i = 0; i < w->nr; i++)
		free(w->items[i]);
	free(w->items);
	memset(w, 0, sizeof(*w));
}

/* A code point that separates words: spaces and punctuation, any script. */
static int separates(unsigned long cp)
{
	return (cp >= 0x2000 && cp <= 0x206f) || (cp >= 0x3000 && cp <= 0x303f) ||
	       (cp >= 0xff00 && cp <= 0xff0f) || (cp >= 0xff1a && cp <= 0xff20) ||
	       (cp >= 0xff3b && cp <= 0xff40) || (cp >= 0xff5b && cp <= 0xff65) ||
	       cp == 0xa0 || cp == 0xfeff || (cp >= 0x80 && cp <= 0xbf) ||
	       (cp >= 0x2190 && cp <= 0x2bff) || cp == 0xfffd || cp == 0xb7 ||
	       cp == 0xab || cp == 0xbb || cp == 0xa9 || cp == 0xae ||
	       /* symbols and pictographs (emoji): no words */
	       (cp >= 0x2600 && cp <= 0x27bf) || (cp >= 0x1f000 && cp <= 0x1faff) ||
	       (cp >= 0xfe00 && cp <= 0xfe0f);
}

/* The words of `s`; a line's last word glued to the next line's first goes to `glued`. */
static void split(const char *s, size_t len, struct words *w, struct words *glued)
{
	size_t i = 0;
	const char *last = NULL;
	size_t last_n = 0;
	int after_newline = 0;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {
			if (isalnum(c)) {
				size_t j = i;

				while (j < len && (unsigned char)s[j] < 0x80 && isalnum((unsigned char)s[j]))
					j++;
				if (after_newline && last && glued) {
					char *both = malloc(last_n + (j - i) + 1);

					memcpy(both, last, last_n);
					memcpy(both + last_n, s + i, j - i);
					words_add(glued, both, last_n + (j - i));
					free(both);
				}
				words_add(w, s + i, j - i);
				last = s + i;
				last_n = j - i;
				after_newline = 0;
				i = j;
				continue;
			}
			if (c == '\n')
				after_newline = 1;
			else if (c != ' ' && c != '\t' && c != '-' && c != '\f' && c != '\\' && c != '\r')
				after_newline = 0, last = NULL;
			i++;
			continue;
		}
		{
			size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
			unsigned long cp = n == 1 ? c : c & (0xff >> (n + 1));

			if (i + n > len)
				n = len - i;
			for (size_t k = 1; k < n; k++)
				cp = cp << 6 | ((unsigned char)s[i + k] & 0x3f);
			/* a mark between (a wrapped line's continuation arrow) keeps the glue */
			if (!separates(cp)) {
				words_add(w, s + i, n);
				last = NULL;
				after_newline = 0;
			}
			i += n;
		}
	}
}

/* Raw HTML's visible text: tags and comments gone, a few entities read. */
static void html_text(FILE *out, const char *s)
{
	while (*s) {
		if (!strncmp(s, "<!--", 4)) {
			const char *e = strstr(s, "-->");

			s = e ? e + 3 : s + strlen(s);
			fputc(' ', out);
			continue;
		}
		if (*s == '<' && (isalpha((unsigned char)s[1]) || s[1] == '/')) {
			const char *e = strchr(s, '>');

			if (e) {
				s = e + 1;
				fputc(' ', out);
				continue;
			}
		}
		if (*s == '&' && s[1] == '#' && strchr(s, ';') && strchr(s, ';') - s < 10) {
			/* a character by number: punctuation in practice, no word */
			s = strchr(s, ';') + 1;
			fputc(' ', out);
			continue;
		}
		if (*s == '&') {
			static const char *const ents[][2] = {
				{ "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" },
				{ "&nbsp;", " " },
			};
			size_t k;

			for (k = 0; k < sizeof(ents) / sizeof(ents[0]); k++)
				if (!strncmp(s, ents[k][0], strlen(ents[k][0])))
					break;
			if (k < sizeof(ents) / sizeof(ents[0])) {
				fputs(ents[k][1], out);
				s += strlen(ents[k][0]);
				continue;
			}
		}
		fputc(*s++, out);
	}
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, r;

	if (!f) {
		fprintf(stderr, "word_coverage: cannot read %s\n", path);
		exit(2);
	}
	do {
		if (n + 65536 > cap)
			buf = realloc(buf, cap = (n + 65536) * 2);
		r = fread(buf + n, 1, 65536, f);
		n += r;
	} while (r);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/*
 * What MkDocs and Docusaurus show of their admonitions: the title, not
 * the kind; an MkDocs body is its lines less four columns of indent.
 */
static char *admonitions(const char *src, size_t *len)
{
	char *out = NULL;
	size_t n = 0;
	FILE *o = open_memstream(&out, &n);
	int body = 0;

	for (const char *s = src; *s; ) {
		size_t l = strcspn(s, "\n");
		int blank = strspn(s, " \t") >= l;

		if (body && !blank && strncmp(s, "    ", 4))
			body = 0;
		if (!strncmp(s, "!!!", 3) || !strncmp(s, "???", 3) ||
		    (!strncmp(s, ":::", 3) && isalpha((unsigned char)s[3]))) {
			const char *q = memchr(s, '"', l), *sp = memchr(s, ' ', l);

			if (s[0] != ':')
				fprintf(o, "%.*s", q ? (int)(s + l - q) : 0, q ? q : "");
			else if (sp)
				fprintf(o, "%.*s", (int)(s + l - sp), sp);
			body = s[0] != ':';
		} else if (body && !blank) {
			fprintf(o, "%.*s", (int)(l - 4), s + 4);
		} else {
			fprintf(o, "%.*s", (int)l, s);
		}
		fputc('\n', o);
		s += l + (s[l] == '\n');
	}
	fclose(o);
	*len = n;
	return out;
}

/* Is the line at s (of n bytes) the fence `f`, trailing blanks allowed? */
static int fence_line(const char *s, size_t n, const char *f)
{
	size_t i = 3;

	if (n < 3 || strncmp(s, f, 3))
		return 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
		i++;
	return i == n || s[i] == '\n';
}

/* Where the page's Markdown starts: after YAML (---) or TOML (+++) front matter. */
static size_t body_start(const char *s, size_t len)
{
	const char *f = fence_line(s, len, "---") ? "---" : fence_line(s, len, "+++") ? "+++" : NULL;
	const char *nl;

	for (const char *p = f ? memchr(s, '\n', len) : NULL; p; p = nl) {
		p++;
		nl = memchr(p, '\n', len - (size_t)(p - s));
		if (fence_line(p, len - (size_t)(p - s), f))
			return nl ? (size_t)(nl - s) + 1 : len;
	}
	return 0;
}

static void source_words(const char *path, struct words *w)
{
	size_t len, tlen = 0;
	char *raw = read_all(path, &len), *src = admonitions(raw, &len), *text = NULL;
	cmark_parser *parser = cmark_parser_new(CMARK_OPT_DEFAULT);
	const char *exts[] = { "table", "strikethrough", "autolink", "tasklist" };
	FILE *t = open_memstream(&text, &tlen);
	cmark_node *doc;
	cmark_iter *it;
	cmark_event_type ev;

	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension(exts[i]));
	{
		size_t skip = body_start(src, len);

		cmark_parser_feed(parser, src + skip, len - skip);
	}
	doc = cmark_parser_finish(parser);
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node *p;
		const char *lit;
		int in_image = 0;

		if (ev != CMARK_EVENT_ENTER)
			continue;
		for (p = cmark_node_parent(n); p; p = cmark_node_parent(p))
			in_image |= cmark_node_get_type(p) == CMARK_NODE_IMAGE;
		if (in_image)
			continue;
		lit = cmark_node_get_literal(n);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_CODE_BLOCK:
			fprintf(t, "%s ", lit ? lit : "");
			break;
		case CMARK_NODE_HTML_BLOCK:
		case CMARK_NODE_HTML_INLINE:
			html_text(t, lit ? lit : "");
			fputc(' ', t);
			break;
		default:
			fputc(' ', t);
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	cmark_parser_free(parser);
	fclose(t);
	split(text, tlen, w, NULL);
	free(text);
	free(src);
	free(raw);
}

static double coverage(const struct words *src, const char *out_path, int html)
{
	size_t len, kept = 0;
	char *out = read_all(out_path, &len);
	struct words ow = { 0 }, glued = { 0 };
	struct set s = { 0 };

	if (html) {
		/* the visible text of the page: its body, tags gone */
		char *text = NULL;
		size_t tlen = 0;
		FILE *t = open_memstream(&text, &tlen);
		char *body = strstr(out, "<body");

		html_text(t, body ? body : out);
		fclose(t);
		free(out);
		out = text;
		len = tlen;
	}
	split(out, len, &ow, &glued);
	for (size_t i = 0; i < ow.nr; i++)
		set_add(&s, ow.items[i]);
	for (size_t i = 0; i < glued.nr; i++)
		set_add(&s, glued.items[i]);
	for (size_t i = 0; i < src->nr; i++) {
		int has = set_has(&s, src->items[i]);

		/* WORD_COVERAGE_MISSING=1: say which words an output lost */
		if (!has && getenv("WORD_COVERAGE_MISSING"))
			fprintf(stderr, "%s: %s\n", out_path, src->items[i]);
		kept += has;
	}
	set_free(&s);
	words_free(&ow);
	words_free(&glued);
	free(out);
	return src->nr ? (double)kept / (double)src->nr : 1.0;
}

int main(void)
{
	char line[8192];
	double min[3] = { 1, 1, 1 };
	size_t pages = 0;

	cmark_gfm_core_extensions_ensure_registered();
	while (fgets(line, sizeof(line), stdin)) {
		char *f[4];
		struct words w = { 0 };
		double c[3];

		line[strcspn(line, "\n")] = '\0';
		f[0] = strtok(line, "\t");
		for (int i = 1; i < 4; i++)
			f[i] = strtok(NULL, "\t");
		if (!f[3])
			continue;
		source_words(f[0], &w);
		for (int i = 0; i < 3; i++) {
			c[i] = coverage(&w, f[i + 1], i == 1);
			if (c[i] < min[i])
				min[i] = c[i];
		}
		if (c[0] < 1 || c[1] < 1 || c[2] < 1)
			printf("%.4f %.4f %.4f %s\n", c[0], c[1], c[2], f[0]);
		words_free(&w);
		pages++;
	}
	printf("min %.4f %.4f %.4f over %zu pages\n", min[0], min[1], min[2], pages);
	return 0;
}
