/*
 * banned_terms.c - the wording DR documents must not carry by default:
 * text that credits a writing tool with it, or betrays one, instead of
 * reading as the DR architect's own. The list is kept as 64-bit FNV-1a
 * digests of lowercase phrases of one to four words, so the program itself
 * carries none of that wording; the phrases in plain text are the test data
 * of this check (tests/checks/banned-default/phrases.txt and names.txt,
 * checked against these tables by tests/unit/test_banned_terms.c).
 *
 * It judges authorship, not subject. A telltale phrase is found wherever it
 * is in prose. A name (of a tool, a vendor, a kind of model) is found only
 * where the text credits it with writing: a word such as "drafted",
 * "generated" or "reviewed" among the four before it ("drafted with
 * ChatGPT"), or "wrote", "suggested" among the two after it ("Copilot
 * suggested"). A runbook about a vendor's API gateway names the vendor; a
 * page that spells an acronym out as something else ("Local Links Manager
 * (LLM)") means that thing by it.
 *
 * A document is read as words (runs of ASCII letters and digits, lowered);
 * any other character separates words, so "GPT-4" is "gpt 4". Fenced code
 * blocks, inline code, URLs and link targets are skipped: a command or an
 * address may name a service by its real name.
 */
#include <strings.h>

#include "banned_terms.h"

#define MAX_WORDS 4
/* words kept before a phrase, for a credit in front of a name */
#define CONTEXT_WORDS 4
/* words after a name that may credit it ("ChatGPT wrote") */
#define AFTER_WORDS 2

/* Found wherever they are in prose. */
static const uint64_t telltales[] = {
	0x05f77a92351310d2ULL, 0x08a29f3b013cb14eULL, 0x0de2efbd30a02f91ULL,
	0x2f0585988cd27407ULL, 0x3996a5ebeba5f54aULL, 0x52b4c04daf89967aULL,
	0x5c883eb1254e2387ULL, 0xa4654a258ea043beULL, 0xe89316bceb955da4ULL,
	0xfb4c201cd99bfc38ULL,
};
/* Found where the text credits them with writing it. */
static const uint64_t names[] = {
	0x125b69191db94ab8ULL, 0x158c753a80018556ULL, 0x158c763a80018709ULL,
	0x199de6facf31d52fULL, 0x2480e75f1676c8ffULL, 0x2524b426199611b3ULL,
	0x62a2fa477580fe28ULL, 0x7dd1b2932bd6c5e4ULL, 0x7f7a754786a664b8ULL,
	0x8a1b8f4a0a913503ULL, 0x9f306b6782955fdbULL, 0xa113d2745d706ce3ULL,
	0xad2c1a0278249edfULL, 0xb924d82e11ad8b54ULL, 0xcb9ded5b795b095fULL,
	0xea9e60ad81da16f1ULL,
};
/* Words that credit a name with the text: before it, and after it. */
static const char *const credit_before[] = {
	"drafted", "draft", "drafting", "written", "wrote", "write", "writing",
	"rewritten", "rewrote", "generated", "generate", "created", "produced",
	"authored", "composed", "edited", "assisted", "suggested", "helped",
	"help", "prepared", "summarised", "summarized", "translated",
	"checked", "reviewed", "courtesy", NULL,
};
static const char *const credit_after[] = {
	"wrote", "writes", "generated", "drafted", "suggested", "produced",
	"created", "says", "said", "helped", NULL,
};

size_t rb_banned_default_count(void)
{
	return RB_ARRAY_SIZE(telltales) + RB_ARRAY_SIZE(names);
}

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

static uint64_t fnv_byte(uint64_t h, unsigned char c)
{
	return (h ^ c) * FNV_PRIME;
}

static bool listed(const uint64_t *table, size_t n, uint64_t h)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (table[mid] < h)
			lo = mid + 1;
		else if (table[mid] > h)
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
	uint64_t phrase;             /* the digest of the words from it to the last one read */
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

/* Does [p, p + n) starting a word of `s` begin with `prefix`? */
static bool starts(const char *s, size_t len, size_t p, const char *prefix)
{
	size_t n = strlen(prefix);

	return p + n <= len && !strncasecmp(s + p, prefix, n);
}

/*
 * A line with its addresses blanked: link targets `](...)`, the target of a
 * reference definition `[x]: ...`, and bare URLs, so a word in an address
 * is never read as prose.
 */
static void blank_addresses(char *s, size_t len)
{
	size_t i = 0;

	while (i < len && i < 3 && s[i] == ' ')
		i++;
	if (i < len && s[i] == '[') {
		char *close = memchr(s + i, ']', len - i);

		if (close && (size_t)(close - s) + 1 < len && close[1] == ':') {
			memset(close + 2, ' ', len - (size_t)(close - s) - 2);
			return;
		}
	}
	for (i = 0; i < len; i++) {
		size_t end = i;

		if (s[i] == ']' && i + 1 < len && s[i + 1] == '(') {
			int depth = 0;

			for (end = i + 1; end < len; end++) {
				depth += s[end] == '(' ? 1 : s[end] == ')' ? -1 : 0;
				if (!depth)
					break;
			}
			memset(s + i + 1, ' ', (end < len ? end + 1 : len) - i - 1);
			i = end;
			continue;
		}
		if ((i && word_byte(s[i - 1])) ||
		    !(starts(s, len, i, "http://") || starts(s, len, i, "https://") ||
		      starts(s, len, i, "www.")))
			continue;
		while (end < len && s[end] != ' ' && s[end] != '\t' && !strchr(")>\"'", s[end]))
			end++;
		memset(s + i, ' ', end - i);
		i = end;
	}
}

/* Is the word [w.start, w.end) of `text` one of `list`, in any case? */
static bool word_in(const char *text, const struct word *w,
		    const char *const *list)
{
	size_t n = w->end - w->start;

	for (size_t i = 0; list[i]; i++)
		if (strlen(list[i]) == n && !strncasecmp(text + w->start, list[i], n))
			return true;
	return false;
}

/* The first letters of the `n` words before (dir -1) or after (dir 1) `pos`. */
static bool initials_match(const char *text, size_t len, size_t pos, int dir,
			   const char *letters, size_t n)
{
	size_t got = 0;
	size_t p = pos;

	while (got < n) {
		size_t start, end;

		if (dir < 0) {
			while (p > 0 && !word_byte(text[p - 1]))
				p--;
			if (!p)
				return false;
			end = p;
			while (p > 0 && word_byte(text[p - 1]))
				p--;
			start = p;
			/* read backwards: the last letter first */
			if (lower(text[start]) != lower(letters[n - 1 - got]))
				return false;
		} else {
			while (p < len && !word_byte(text[p]))
				p++;
			if (p >= len)
				return false;
			start = p;
			while (p < len && word_byte(text[p]))
				p++;
			end = p;
			if (lower(text[start]) != lower(letters[got]))
				return false;
		}
		(void)end;
		got++;
	}
	return true;
}

/*
 * Does the text spell the acronym `w` out as something else: "Local Links
 * Manager (LLM)" or "LLM (Local Links Manager)"? Only for a word written in
 * capitals (an "s" may follow: LLMs).
 */
static bool acronym_spelt_out(const char *text, size_t len, const struct word *w)
{
	size_t n = w->end - w->start;
	const char *acr = text + w->start;

	if (n > 1 && acr[n - 1] == 's')
		n--;
	if (n < 2)
		return false;
	for (size_t i = 0; i < n; i++)
		if (acr[i] < 'A' || acr[i] > 'Z')
			return false;
	for (size_t p = 0; p + n <= len; p++) {
		if (memcmp(text + p, acr, n) || (p && word_byte(text[p - 1])))
			continue;
		if (p && text[p - 1] == '(' && p + n < len &&
		    (text[p + n] == ')' || (text[p + n] == 's' && p + n + 1 < len && text[p + n + 1] == ')')) &&
		    initials_match(text, len, p - 1, -1, acr, n))
			return true;
		if (p + n + 2 < len && !strncmp(text + p + n, " (", 2) &&
		    initials_match(text, len, p + n + 2, 1, acr, n))
			return true;
	}
	return false;
}

/*
 * The phrase of the window that ends with its last word, if any is
 * listed. Each word's digest of the phrase from it on is carried on by
 * the word just read, so a word's letters are hashed once per phrase it
 * ends rather than once per phrase and word.
 */
static int phrase_at(const char *text, struct word *win, size_t nwin,
		     size_t *first)
{
	const struct word *w = &win[nwin - 1];

	for (size_t f = 0; f < nwin; f++) {
		uint64_t h = f + 1 == nwin ? FNV_OFFSET : fnv_byte(win[f].phrase, ' ');

		for (size_t p = w->start; p < w->end; p++)
			h = fnv_byte(h, (unsigned char)lower(text[p]));
		win[f].phrase = h;
	}
	for (size_t f = 0; f < nwin; f++) {
		uint64_t h = win[f].phrase;

		*first = f;
		if (listed(telltales, RB_ARRAY_SIZE(telltales), h))
			return 1;
		if (listed(names, RB_ARRAY_SIZE(names), h))
			return 2;
	}
	return 0;
}

/* A name that waits for a crediting word after it. */
struct pending {
	struct word from;
	size_t end;
	int words_left;              /* 0: none waits */
};

void rb_banned_default_scan(const char *text, size_t len,
			    rb_banned_hit_fn hit, void *ctx)
{
	/* the phrase's words and the context words before them */
	struct word win[MAX_WORDS + CONTEXT_WORDS];
	size_t nwin = 0;
	struct pending wait = { { 0, 0, 0, 0, 0 }, 0, 0 };
	char fence = 0;
	size_t fence_len = 0;
	int line = 1;
	/* the text with code and addresses blanked, line by line as it is reached */
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
			wait.words_left = 0;
			ls = le + 1;
			continue;
		}
		if (fence) {
			ls = le + 1;
			continue;
		}
		blank_code_spans(copy + ls, le - ls);
		blank_addresses(copy + ls, le - ls);
		for (size_t i = 0; i < le - ls;) {
			struct word w;
			size_t first, ctx_words;
			int kind;

			if (!word_byte(copy[ls + i])) {
				if (((unsigned char)copy[ls + i] & 0xc0) != 0x80)
					col++;
				i++;
				continue;
			}
			w.start = ls + i;
			w.phrase = FNV_OFFSET;
			w.line = line;
			w.col = col;
			while (i < le - ls && word_byte(copy[ls + i])) {
				i++;
				col++;
			}
			w.end = ls + i;
			if (wait.words_left) {
				if (word_in(text, &w, credit_after)) {
					hit(ctx, wait.from.line, wait.from.col, text + wait.from.start,
					    wait.end - wait.from.start);
					wait.words_left = 0;
					nwin = 0;
					continue;
				}
				wait.words_left--;
			}
			if (nwin == RB_ARRAY_SIZE(win)) {
				memmove(win, win + 1, (RB_ARRAY_SIZE(win) - 1) * sizeof(*win));
				nwin--;
			}
			win[nwin++] = w;
			/* every phrase that ends with this word: the last MAX_WORDS words */
			ctx_words = nwin > MAX_WORDS ? nwin - MAX_WORDS : 0;
			kind = phrase_at(text, win + ctx_words, nwin - ctx_words, &first);
			first += ctx_words;
			if (kind == 2) {
				bool credited = false;
				size_t from = first > CONTEXT_WORDS ? first - CONTEXT_WORDS : 0;

				for (size_t k = from; k < first && !credited; k++)
					credited = word_in(text, &win[k], credit_before);
				if (first + 1 == nwin && acronym_spelt_out(text, len, &w))
					kind = 0;
				else if (!credited) {
					wait = (struct pending){ win[first], w.end, AFTER_WORDS };
					kind = 0;
				}
			}
			if (kind) {
				hit(ctx, win[first].line, win[first].col, text + win[first].start,
				    w.end - win[first].start);
				nwin = 0;
				wait.words_left = 0;
			}
		}
		ls = le + 1;
	}
	free(copy);
}
