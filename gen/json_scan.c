/*
 * json_scan.c - token starts and repeated keys, from the raw bytes.
 */
#include <ctype.h>

#include "json_scan.h"
#include "util.h"

/* jansson's lexer: a number runs over these, a word over letters */
static bool number_byte(unsigned char c)
{
	return isdigit(c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/*
 * The end of the string whose opening quote is at `i`: memchr finds each
 * quote, and a quote after an odd run of backslashes is escaped.
 */
static size_t skip_string(const char *s, size_t len, size_t i)
{
	for (i++; i < len; i++) {
		const char *q = memchr(s + i, '"', len - i);
		size_t k, at;

		if (!q)
			return len;
		at = (size_t)(q - s);
		for (k = at; k > i && s[k - 1] == '\\'; k--)
			;
		if ((at - k) % 2 == 0)
			return at + 1;
		i = at;
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

/* An open object or list: where its keys start on the shared key stack. */
struct frame {
	bool object, expect_key;
	size_t base;
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

size_t rb_json_duplicate_keys(struct rb_json_dup **out, const char *s, size_t len)
{
	struct frame *stack = NULL;
	struct key *keys = NULL;
	size_t depth = 0, alloc = 0, nkeys = 0, kalloc = 0;
	struct dups dups = { NULL, 0, 0 };

	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		struct frame *top = depth ? &stack[depth - 1] : NULL;

		if (c == '"') {
			size_t end = skip_string(s, len, i);

			if (top && top->expect_key) {
				RB_GROW(keys, nkeys + 1, kalloc);
				keys[nkeys].text = s + i + 1;
				keys[nkeys].len = end > i + 1 ? end - i - 2 : 0;
				keys[nkeys].offset = i;
				nkeys++;
				top->expect_key = false;
			}
			i = end;
		} else if (c == '{' || c == '[') {
			RB_GROW(stack, depth + 1, alloc);
			stack[depth].object = c == '{';
			stack[depth].expect_key = c == '{';
			stack[depth].base = nkeys;
			depth++;
			i++;
		} else if (c == '}' || c == ']') {
			if (!top)
				break;
			if (nkeys - top->base > 1)
				find_repeats(&dups, keys + top->base, nkeys - top->base);
			nkeys = top->base;
			depth--;
			i++;
		} else if (c == ',') {
			if (top && top->object)
				top->expect_key = true;
			i++;
		} else {
			i++;
		}
	}
	free(stack);
	free(keys);
	if (dups.nr > 1)
		qsort(dups.items, dups.nr, sizeof(*dups.items), dup_cmp);
	*out = dups.items;
	return dups.nr;
}

void rb_json_dups_free(struct rb_json_dup *dups, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		free(dups[i].key);
	free(dups);
}
