/*
 * json_scan.c - the in-place JSON reader, and the two things jansson does
 * not tell (where a bad token starts, which keys repeat). Strings are the
 * hot path of a state (most of its bytes), so a byte table says which
 * bytes need a look and the rest are passed over a whole run at a time.
 */
#include <ctype.h>
#include <limits.h>

#include "diag.h"
#include "json_scan.h"

/* 0: an ordinary byte of a string; 1: '"' or '\\'; 2: control; 3: non-ASCII */
static unsigned char string_class[256];

static void init_classes(void)
{
	if (string_class['"'])
		return;
	for (int c = 0; c < 0x20; c++)
		string_class[c] = 2;
	for (int c = 0x80; c < 0x100; c++)
		string_class[c] = 3;
	string_class['\\'] = 1;
	string_class['"'] = 1;
}

void rb_json_scan_init(struct rb_json_scan *sc, const char *s, size_t len)
{
	init_classes();
	sc->s = s;
	sc->len = len;
	sc->pos = 0;
	sc->depth = 0;
	sc->error = NULL;
	sc->error_at = 0;
	sc->keys = NULL;
}

static void object_opened(struct rb_json_scan *sc);
static void key_read(struct rb_json_scan *sc, size_t at);
static void object_closed(struct rb_json_scan *sc);

static bool fail(struct rb_json_scan *sc, size_t at, const char *msg)
{
	if (!sc->error) {
		sc->error = msg;
		sc->error_at = at;
	}
	return false;
}

static void skip_ws(struct rb_json_scan *sc)
{
	const char *s = sc->s;
	size_t p = sc->pos;

	while (p < sc->len && (s[p] == ' ' || s[p] == '\n' || s[p] == '\r' || s[p] == '\t'))
		p++;
	sc->pos = p;
}

int rb_json_peek(struct rb_json_scan *sc)
{
	unsigned char c;

	if (sc->error)
		return 0;
	skip_ws(sc);
	if (sc->pos >= sc->len)
		return 0;
	c = (unsigned char)sc->s[sc->pos];
	if (c == '-' || (c >= '0' && c <= '9'))
		return '0';
	return c;
}

/* Length of the UTF-8 sequence at p (0 when it is not one). */
static size_t utf8_length(const unsigned char *p, size_t avail, unsigned *cp)
{
	unsigned c = p[0], need, min;

	if (c >= 0xc2 && c <= 0xdf) {
		need = 1;
		min = 0x80;
		*cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		min = 0x800;
		*cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		min = 0x10000;
		*cp = c & 0x07;
	} else {
		return 0;
	}
	if (avail < need + 1)
		return 0;
	for (unsigned i = 1; i <= need; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (p[i] & 0x3f);
	}
	if (*cp < min || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return need + 1;
}

static int hex4(const char *p)
{
	int v = 0;

	for (int i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

static void add_utf8(struct rb_buf *out, unsigned cp)
{
	if (cp < 0x80) {
		rb_buf_addch(out, (int)cp);
	} else if (cp < 0x800) {
		rb_buf_addch(out, (int)(0xc0 | (cp >> 6)));
		rb_buf_addch(out, (int)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		rb_buf_addch(out, (int)(0xe0 | (cp >> 12)));
		rb_buf_addch(out, (int)(0x80 | ((cp >> 6) & 0x3f)));
		rb_buf_addch(out, (int)(0x80 | (cp & 0x3f)));
	} else {
		rb_buf_addch(out, (int)(0xf0 | (cp >> 18)));
		rb_buf_addch(out, (int)(0x80 | ((cp >> 12) & 0x3f)));
		rb_buf_addch(out, (int)(0x80 | ((cp >> 6) & 0x3f)));
		rb_buf_addch(out, (int)(0x80 | (cp & 0x3f)));
	}
}

/* A \uXXXX escape at p (the backslash), maybe a surrogate pair; its length. */
static size_t unicode_escape(struct rb_json_scan *sc, size_t p, unsigned *cp)
{
	int hi = p + 6 <= sc->len ? hex4(sc->s + p + 2) : -1, lo;

	if (hi < 0)
		return fail(sc, p, "invalid \\u escape in a string"), 0;
	if (hi >= 0xdc00 && hi <= 0xdfff)
		return fail(sc, p, "invalid Unicode escape: a lone low surrogate"), 0;
	if (hi < 0xd800 || hi > 0xdbff) {
		*cp = (unsigned)hi;
		return 6;
	}
	lo = p + 12 <= sc->len && sc->s[p + 6] == '\\' && sc->s[p + 7] == 'u'
		     ? hex4(sc->s + p + 8) : -1;
	if (lo < 0xdc00 || lo > 0xdfff)
		return fail(sc, p, "invalid Unicode escape: a high surrogate without its low half"), 0;
	*cp = 0x10000 + (((unsigned)hi - 0xd800) << 10) + ((unsigned)lo - 0xdc00);
	return 12;
}

/* Reads the string at pos (on its '"'), decoding it into `out` when set. */
static bool string(struct rb_json_scan *sc, struct rb_buf *out)
{
	const unsigned char *s = (const unsigned char *)sc->s;
	size_t start = sc->pos, p = start + 1, run = p;

	for (;;) {
		unsigned cp;
		size_t n;

		while (p < sc->len && !string_class[s[p]])
			p++;
		if (p >= sc->len)
			return fail(sc, start, "unterminated string");
		if (out)
			rb_buf_add(out, s + run, p - run);
		switch (string_class[s[p]]) {
		case 1:
			if (s[p] == '"') {
				sc->pos = p + 1;
				return true;
			}
			if (p + 1 >= sc->len)
				return fail(sc, p, "unterminated string");
			switch (s[p + 1]) {
			case '"': case '\\': case '/':
				cp = s[p + 1];
				n = 2;
				break;
			case 'b': cp = '\b'; n = 2; break;
			case 'f': cp = '\f'; n = 2; break;
			case 'n': cp = '\n'; n = 2; break;
			case 'r': cp = '\r'; n = 2; break;
			case 't': cp = '\t'; n = 2; break;
			case 'u':
				n = unicode_escape(sc, p, &cp);
				if (!n)
					return false;
				break;
			default:
				return fail(sc, p, "invalid escape in a string");
			}
			if (out)
				add_utf8(out, cp);
			p += n;
			break;
		case 2:
			return fail(sc, p, "control character in a string: write it as an escape");
		default:
			n = utf8_length(s + p, sc->len - p, &cp);
			if (!n)
				return fail(sc, p, "invalid UTF-8 in a string");
			if (out)
				rb_buf_add(out, s + p, n);
			p += n;
			break;
		}
		run = p;
	}
}

static bool digits(struct rb_json_scan *sc, size_t *p)
{
	size_t q = *p;

	while (q < sc->len && sc->s[q] >= '0' && sc->s[q] <= '9')
		q++;
	if (q == *p)
		return false;
	*p = q;
	return true;
}

static bool number(struct rb_json_scan *sc)
{
	size_t start = sc->pos, p = start;

	if (p < sc->len && sc->s[p] == '-')
		p++;
	if (p < sc->len && sc->s[p] == '0')
		p++;
	else if (!digits(sc, &p))
		return fail(sc, start, "invalid number");
	if (p < sc->len && sc->s[p] == '.') {
		p++;
		if (!digits(sc, &p))
			return fail(sc, start, "invalid number");
	}
	if (p < sc->len && (sc->s[p] == 'e' || sc->s[p] == 'E')) {
		p++;
		if (p < sc->len && (sc->s[p] == '+' || sc->s[p] == '-'))
			p++;
		if (!digits(sc, &p))
			return fail(sc, start, "invalid number");
	}
	sc->pos = p;
	return true;
}

static bool literal(struct rb_json_scan *sc, const char *word, size_t n)
{
	if (sc->len - sc->pos < n || memcmp(sc->s + sc->pos, word, n))
		return fail(sc, sc->pos, "invalid literal: expected true, false or null");
	sc->pos += n;
	return true;
}

static int container_next(struct rb_json_scan *sc, char open, char close)
{
	size_t back = sc->pos;

	if (sc->error)
		return -1;
	/* right after the opening bracket no comma is wanted */
	while (back > 0 && (sc->s[back - 1] == ' ' || sc->s[back - 1] == '\n' ||
			    sc->s[back - 1] == '\r' || sc->s[back - 1] == '\t'))
		back--;
	skip_ws(sc);
	if (sc->pos >= sc->len)
		return fail(sc, sc->pos, open == '{' ? "unterminated object" : "unterminated array"), -1;
	if (sc->s[sc->pos] == close) {
		sc->pos++;
		sc->depth--;
		if (close == '}' && sc->keys)
			object_closed(sc);
		return 0;
	}
	if (back == 0 || sc->s[back - 1] != open) {
		if (sc->s[sc->pos] != ',')
			return fail(sc, sc->pos, open == '{' ? "expected ',' or '}' after a member"
							     : "expected ',' or ']' after an item"), -1;
		sc->pos++;
		skip_ws(sc);
	}
	return 1;
}

static bool begin(struct rb_json_scan *sc, char open, const char *what)
{
	if (rb_json_peek(sc) != open)
		return fail(sc, sc->pos, what);
	if (++sc->depth > RB_JSON_MAX_DEPTH)
		return fail(sc, sc->pos, "nested deeper than 512 levels");
	sc->pos++;
	if (open == '{' && sc->keys)
		object_opened(sc);
	return true;
}

bool rb_json_object_begin(struct rb_json_scan *sc)
{
	return begin(sc, '{', "expected an object");
}

bool rb_json_array_begin(struct rb_json_scan *sc)
{
	return begin(sc, '[', "expected a list");
}

int rb_json_object_next(struct rb_json_scan *sc, struct rb_buf *key)
{
	int r = container_next(sc, '{', '}');
	size_t at = sc->pos;

	if (r <= 0)
		return r;
	if (sc->pos >= sc->len || sc->s[sc->pos] != '"')
		return fail(sc, sc->pos, "expected a string as the key of a member"), -1;
	if (key) {
		rb_buf_reset(key);
		if (!string(sc, key))
			return -1;
		if (memchr(key->ptr, '\0', key->len))
			return fail(sc, at, "a key holds a NUL character"), -1;
	} else {
		/* a skipped member: decode the key only when it has escapes */
		if (!string(sc, NULL))
			return -1;
		if (memchr(sc->s + at, '\\', sc->pos - at)) {
			struct rb_buf tmp = RB_BUF_INIT;
			bool nul;

			sc->pos = at;
			string(sc, &tmp);
			nul = memchr(tmp.ptr, '\0', tmp.len) != NULL;
			rb_buf_release(&tmp);
			if (nul)
				return fail(sc, at, "a key holds a NUL character"), -1;
		}
	}
	if (sc->keys)
		key_read(sc, at);
	skip_ws(sc);
	if (sc->pos >= sc->len || sc->s[sc->pos] != ':')
		return fail(sc, sc->pos, "expected ':' after a key"), -1;
	sc->pos++;
	return 1;
}

int rb_json_array_next(struct rb_json_scan *sc)
{
	return container_next(sc, '[', ']');
}

bool rb_json_skip(struct rb_json_scan *sc, struct rb_json_span *out)
{
	int kind = rb_json_peek(sc);
	size_t start = sc->pos;
	bool ok;

	switch (kind) {
	case '{':
		ok = rb_json_object_begin(sc);
		while (ok && rb_json_object_next(sc, NULL) > 0)
			ok = rb_json_skip(sc, NULL);
		ok = ok && !sc->error;
		break;
	case '[':
		ok = rb_json_array_begin(sc);
		while (ok && rb_json_array_next(sc) > 0)
			ok = rb_json_skip(sc, NULL);
		ok = ok && !sc->error;
		break;
	case '"': ok = string(sc, NULL); break;
	case '0': ok = number(sc); break;
	case 't': ok = literal(sc, "true", 4); break;
	case 'f': ok = literal(sc, "false", 5); break;
	case 'n': ok = literal(sc, "null", 4); break;
	case 0:
		ok = sc->error ? false : fail(sc, sc->pos, "unexpected end of the text: a value is missing");
		break;
	default:
		ok = fail(sc, sc->pos, "unexpected character: a value was expected");
	}
	if (ok && out) {
		out->start = start;
		out->end = sc->pos;
	}
	return ok;
}

bool rb_json_string(struct rb_json_scan *sc, struct rb_buf *out)
{
	if (rb_json_peek(sc) != '"')
		return fail(sc, sc->pos, "expected a string");
	rb_buf_reset(out);
	return string(sc, out);
}

bool rb_json_integer(struct rb_json_scan *sc, long long *out)
{
	size_t start;
	long long v = 0;
	bool neg;

	if (rb_json_peek(sc) != '0')
		return rb_json_skip(sc, NULL) && false;
	start = sc->pos;
	if (!number(sc))
		return false;
	neg = sc->s[start] == '-';
	for (size_t p = start + neg; p < sc->pos; p++) {
		if (sc->s[p] < '0' || sc->s[p] > '9' || v > (LLONG_MAX - 9) / 10)
			return false;
		v = v * 10 + (sc->s[p] - '0');
	}
	*out = neg ? -v : v;
	return true;
}

bool rb_json_end(struct rb_json_scan *sc)
{
	if (sc->error)
		return false;
	skip_ws(sc);
	if (sc->pos < sc->len)
		return fail(sc, sc->pos, "text after the end of the JSON document");
	return true;
}

void rb_json_scan_pos(const struct rb_json_scan *sc, int *line, int *col)
{
	*line = 1;
	*col = 1;
	rb_pos_advance(sc->s, sc->error_at, true, line, col);
}

/* What jansson does not tell: token starts and repeated keys. */

static bool number_byte(unsigned char c)
{
	return isdigit(c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/*
 * The end of the string whose opening quote is at `i`; a backslash takes
 * the byte after it. A byte loop, not memchr: most strings of a state are
 * short keys, where memchr's set-up cost more than the search (a tenth of
 * a million-resource load).
 */
static size_t skip_string(const char *s, size_t len, size_t i)
{
	for (i++; i < len; i++) {
		if (s[i] == '"')
			return i + 1;
		if (s[i] == '\\')
			i++;
	}
	return len;
}

size_t rb_json_token_start(const char *s, size_t len, size_t end)
{
	size_t i = 0, start;

	if (end > len)
		end = len;
	while (i < end) {
		while (i < end && isspace((unsigned char)s[i]))
			i++;
		if (i >= end)
			break;
		start = i;
		if (s[i] == '"')
			i = skip_string(s, len, i);
		else if (s[i] == '-' || isdigit((unsigned char)s[i]))
			while (i < len && number_byte((unsigned char)s[i]))
				i++;
		else if (isalpha((unsigned char)s[i]))
			while (i < len && isalpha((unsigned char)s[i]))
				i++;
		else
			i++;
		if (i >= end)
			return start;
	}
	return end ? end - 1 : 0;
}

struct key {
	const char *text;
	size_t len, offset;
};


static int key_cmp(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->text, y->text, n);

	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static int dup_cmp(const void *a, const void *b)
{
	const struct rb_json_dup *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static bool same_key(const struct key *x, const struct key *y)
{
	return x->len == y->len && !memcmp(x->text, y->text, x->len);
}

struct dups {
	struct rb_json_dup *items;
	size_t nr, alloc;
};

static void add_dup(struct dups *out, const struct key *k)
{
	RB_GROW(out->items, out->nr + 1, out->alloc);
	out->items[out->nr].offset = k->offset;
	out->items[out->nr].key = rb_xstrndup(k->text, k->len);
	out->nr++;
}

/* The repeats among the `n` keys of one object. */
static void find_repeats(struct dups *out, struct key *keys, size_t n)
{
	/* most objects are small: compare each key with those before it */
	if (n <= 16) {
		for (size_t k = 1; k < n; k++)
			for (size_t j = 0; j < k; j++)
				if (same_key(&keys[j], &keys[k])) {
					add_dup(out, &keys[k]);
					break;
				}
		return;
	}
	/* sorted by text, then offset: a repeat follows its first */
	qsort(keys, n, sizeof(*keys), key_cmp);
	for (size_t k = 1; k < n; k++)
		if (same_key(&keys[k - 1], &keys[k]))
			add_dup(out, &keys[k]);
}

/* The keys of the open objects, innermost last, and the repeats found. */
struct rb_json_keys {
	struct key *keys;
	size_t nr, alloc;
	size_t *bases;      /* where each open object's keys start */
	size_t depth, bases_alloc;
	struct dups dups;
};

void rb_json_scan_track_keys(struct rb_json_scan *sc)
{
	if (!sc->keys)
		sc->keys = rb_xcalloc(1, sizeof(*sc->keys));
}

static void object_opened(struct rb_json_scan *sc)
{
	struct rb_json_keys *k = sc->keys;

	RB_GROW(k->bases, k->depth + 1, k->bases_alloc);
	k->bases[k->depth++] = k->nr;
}

static void key_read(struct rb_json_scan *sc, size_t at)
{
	struct rb_json_keys *k = sc->keys;

	RB_GROW(k->keys, k->nr + 1, k->alloc);
	k->keys[k->nr].text = sc->s + at + 1;
	k->keys[k->nr].len = sc->pos - at - 2;
	k->keys[k->nr].offset = at;
	k->nr++;
}

static void object_closed(struct rb_json_scan *sc)
{
	struct rb_json_keys *k = sc->keys;
	size_t base;

	if (!k->depth)
		return;
	base = k->bases[--k->depth];
	if (k->nr - base > 1)
		find_repeats(&k->dups, k->keys + base, k->nr - base);
	k->nr = base;
}

size_t rb_json_scan_dups(struct rb_json_scan *sc, struct rb_json_dup **out)
{
	struct dups *d;
	size_t nr;

	*out = NULL;
	if (!sc->keys)
		return 0;
	d = &sc->keys->dups;
	if (d->nr > 1)
		qsort(d->items, d->nr, sizeof(*d->items), dup_cmp);
	*out = d->items;
	nr = d->nr;
	memset(d, 0, sizeof(*d));
	return nr;
}

void rb_json_scan_release(struct rb_json_scan *sc)
{
	struct rb_json_keys *k = sc->keys;

	if (!k)
		return;
	rb_json_dups_free(k->dups.items, k->dups.nr);
	free(k->keys);
	free(k->bases);
	free(k);
	sc->keys = NULL;
}

size_t rb_json_duplicate_keys(struct rb_json_dup **out, const char *s, size_t len)
{
	struct rb_json_scan sc;
	size_t nr;

	rb_json_scan_init(&sc, s, len);
	rb_json_scan_track_keys(&sc);
	rb_json_skip(&sc, NULL);
	nr = rb_json_scan_dups(&sc, out);
	rb_json_scan_release(&sc);
	return nr;
}

void rb_json_dups_free(struct rb_json_dup *dups, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		free(dups[i].key);
	free(dups);
}
