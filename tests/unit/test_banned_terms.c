#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

#include "banned_terms.h"

#define PHRASES "tests/checks/banned-default/phrases.txt"

struct hits {
	int n;
	int line, col;
	char text[128];
};

static void on_hit(void *ctx, int line, int col, const char *text, size_t len)
{
	struct hits *h = ctx;

	h->n++;
	h->line = line;
	h->col = col;
	snprintf(h->text, sizeof(h->text), "%.*s", (int)len, text);
}

static struct hits scan(const char *text)
{
	struct hits h = { 0, 0, 0, "" };

	rb_banned_default_scan(text, strlen(text), on_hit, &h);
	return h;
}

/* Every phrase of the plain-text list is found, upper-cased and in prose. */
static void finds_every_listed_phrase(void **state)
{
	FILE *f = fopen(PHRASES, "r");
	char line[256];
	size_t n = 0;

	(void)state;
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		char doc[512];
		struct hits h;

		line[strcspn(line, "\n")] = '\0';
		if (!*line || *line == '#')
			continue;
		for (char *p = line; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 32);
		snprintf(doc, sizeof(doc), "Intro line.\nThe text: %s, and more.\n", line);
		h = scan(doc);
		assert_int_equal(h.n, 1);
		assert_int_equal(h.line, 2);
		assert_int_equal(h.col, 11);
		assert_string_equal(h.text, line);
		n++;
	}
	fclose(f);
	/* the table and the plain-text list hold the same phrases */
	assert_int_equal(n, rb_banned_default_count());
}

static void reads_punctuation_as_a_space(void **state)
{
	struct hits h;

	(void)state;
	h = scan("Checked with GPT-4 by the team.");
	assert_int_equal(h.n, 1);
	assert_string_equal(h.text, "GPT-4");
	h = scan("Reviewed as an\nAI would.");
	assert_int_equal(h.n, 1);
	assert_int_equal(h.line, 1);
	assert_int_equal(h.col, 10);
	assert_string_equal(h.text, "as an\nAI");
}

static void leaves_code_and_longer_words_alone(void **state)
{
	(void)state;
	assert_int_equal(scan("```bash\naws bedrock list-foundation-models --by-provider anthropic\n```\n").n, 0);
	assert_int_equal(scan("~~~~\nchatgpt\n~~~\nstill code\n~~~~\n").n, 0);
	assert_int_equal(scan("Run `openai-proxy restart` first.").n, 0);
	assert_int_equal(scan("The ``llm`` flag and `x`.").n, 0);
	assert_int_equal(scan("Open the allm and copilots pages; tools of the AI team.").n, 0);
	assert_int_equal(scan("Restore the GPT partition table.").n, 0);
	assert_int_equal(scan("An unclosed ` tick then chatgpt").n, 1);
	assert_int_equal(scan("```\ncode\n```\nAfter the fence: openai.").n, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_every_listed_phrase),
		cmocka_unit_test(reads_punctuation_as_a_space),
		cmocka_unit_test(leaves_code_and_longer_words_alone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
