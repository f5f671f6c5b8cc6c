/*
 * banned_terms.c - the wording DR documents must not carry by default:
 * text that names a writing tool instead of reading as the DR architect's
 * own. The list is kept as 64-bit FNV-1a digests of lowercase phrases of
 * one to four words, so the program itself carries none of that wording;
 * the phrases in plain text are the test data of this check
 * (tests/checks/banned-default/phrases.txt, checked against this table by
 * tests/unit/test_banned_terms.c).
 *
 * A document is read as words (runs of ASCII letters and digits, lowered);
 * any other character separates words, so "GPT-4" is "gpt 4". Fenced code
 * blocks and inline code are skipped: a command may name a cloud service
 * by its real name.
 */
#include "banned_terms.h"

#define MAX_WORDS 4

static const uint64_t digests[] = {
	0x05f77a92351310d2ULL, 0x08a29f3b013cb14eULL, 0x0de2efbd30a02f91ULL,
	0x125b69191db94ab8ULL, 0x158c753a80018556ULL, 0x158c763a80018709ULL,
	0x199de6facf31d52fULL, 0x2480e75f1676c8ffULL, 0x2524b426199611b3ULL,
	0x2f0585988cd27407ULL, 0x3996a5ebeba5f54aULL, 0x52b4c04daf89967aULL,
	0x5c883eb1254e2387ULL, 0x62a2fa477580fe28ULL, 0x7dd1b2932bd6c5e4ULL,
	0x7f7a754786a664b8ULL, 0x8a1b8f4a0a913503ULL, 0x9f306b6782955fdbULL,
	0xa113d2745d706ce3ULL, 0xa4654a258ea043beULL, 0xad2c1a0278249edfULL,
	0xb924d82e11ad8b54ULL, 0xcb9ded5b795b095fULL, 0xe89316bceb955da4ULL,
	0xea9e60ad81da16f1ULL, 0xfb4c201cd99bfc38ULL,
};

size_t rb_banned_default_count(void)
{
	return RB_ARRAY_SIZE(digests);
}

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

static uint64_t fnv_byte(uint64_t h, unsigned char c)
{
	return (h ^ c) * FNV_PRIME;
}

static bool listed(uint64_t h)
{
	size_t lo = 0, hi = RB_ARRAY_SIZE(digests);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (digests[mid] < h)
			lo = mid + 1;
		else if (digests[mid] > h)
			hi = mid;
		else
			return true;
	}
	return false;
}

static bool word_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

struct word {
	size_t start, end;           /* offsets in the text */
	int line, col;
};

/* A line with inline code blanked out, so it holds no words. */
static void blank_code_spans(char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		size_t ticks = 0, j;

		if (s[i] != '`')
			continue;
		while (i + ticks < len && s[i + ticks] == '`')
			ticks++;
		/* the closing run of the same length */
		for (j = i + ticks; j < len; j++) {
			size_t n = 0;

			while (j + n < len && s[j + n] == '`')
				n++;
			if (n == ticks)
				break;
			j += n ? n - 1 : 0;
		}
		if (j >= len) {
			i += ticks - 1;
			continue;
		}
		memset(s + i, ' ', j + ticks - i);
		i = j + ticks - 1;
	}
}

static bool is_fence(const char *s, size_t len, char *fence_char, size_t *fence_len)
{
	size_t i = 0, n = 0;

	while (i < len && i < 3 && s[i] == ' ')
		i++;
	if (i >= len || (s[i] != '`' && s[i] != '~'))
		return false;
	while (i + n < len && s[i + n] == s[i])
		n++;
	if (n < 3)
		return false;
	*fence_char = s[i];
	*fence_len = n;
	return true;
}

void rb_banned_default_scan(const char *text, size_t len,
			    rb_banned_hit_fn hit, void *ctx)
{
	struct word win[MAX_WORDS];
	size_t nwin = 0;
	char fence = 0;
	size_t fence_len = 0;
	int line = 1;
	/* the text with inline code blanked, line by line as it is reached */
	char *copy = rb_xstrndup(text, len);

	for (size_t ls = 0; ls < len; line++) {
		const char *nl = memchr(text + ls, '\n', len - ls);
		size_t le = nl ? (size_t)(nl - text) : len;
		char fc;
		size_t fl;
		int col = 1;

		if (is_fence(text + ls, le - ls, &fc, &fl)) {
			if (!fence) {
				fence = fc;
				fence_len = fl;
			} else if (fc == fence && fl >= fence_len) {
				fence = 0;
			}
			nwin = 0;
			ls = le + 1;
			continue;
		}
		if (fence) {
			ls = le + 1;
			continue;
		}
		blank_code_spans(copy + ls, le - ls);
		for (size_t i = 0; i < le - ls;) {
			struct word w;

			if (!word_byte(copy[ls + i])) {
				if (((unsigned char)copy[ls + i] & 0xc0) != 0x80)
					col++;
				i++;
				continue;
			}
			w.start = ls + i;
			w.line = line;
			w.col = col;
			while (i < le - ls && word_byte(copy[ls + i])) {
				i++;
				col++;
			}
			w.end = ls + i;
			if (nwin == MAX_WORDS) {
				memmove(win, win + 1, (MAX_WORDS - 1) * sizeof(*win));
				nwin--;
			}
			win[nwin++] = w;
			/* every phrase that ends with this word */
			for (size_t first = 0; first < nwin; first++) {
				uint64_t h = FNV_OFFSET;

				for (size_t k = first; k < nwin; k++) {
					if (k > first)
						h = fnv_byte(h, ' ');
					for (size_t p = win[k].start; p < win[k].end; p++)
						h = fnv_byte(h, (unsigned char)lower(text[p]));
				}
				if (listed(h)) {
					hit(ctx, win[first].line, win[first].col,
					    text + win[first].start,
					    w.end - win[first].start);
					nwin = 0;
					break;
				}
			}
		}
		ls = le + 1;
	}
	free(copy);
}
