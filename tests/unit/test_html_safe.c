#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "callout.h"
#include "html_safe.h"
#include "util.h"

/* Relative URLs go to "B/" + url; a javascript: one is dropped. */
static char *url_of(void *ctx, const char *tag, const char *url)
{
	(void)ctx;
	(void)tag;
	if (!strncmp(url, "javascript:", 11) || !strncmp(url, "https:", 6))
		return NULL;
	return rb_xasprintf("B/%s", url);
}

static char *safe(const char *html)
{
	struct rb_buf out = RB_BUF_INIT;
	struct rb_html_open open = { 0 };

	rb_html_safe(&out, html, strlen(html), &open, url_of, NULL);
	rb_html_close(&out, &open);
	free(open.names);
	return rb_buf_detach(&out, NULL);
}

static void check_safe(const char *html, const char *want)
{
	char *got = safe(html);

	assert_string_equal(got, want);
	free(got);
}

/* The subset is kept with its meaningful attributes; the rest is text. */
static void subset(void **state)
{
	(void)state;
	check_safe("<td colspan=\"2\" onclick=\"x()\" class=c>a</td>", "<td colspan=\"2\">a</td>");
	check_safe("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
	check_safe("Replace <namespace> here", "Replace &lt;namespace&gt; here");
	check_safe("<img src=\"x.png\" alt=\"X\" onerror=\"y()\">", "<img src=\"B/x.png\" alt=\"X\">");
	check_safe("<img src=\"https://e/x.png\" alt=\"far\">", "[image: far]");
	check_safe("<a href=\"javascript:alert(1)\">bad</a>", "<a>bad</a>");
	check_safe("<!-- hidden -->shown", "shown");
	/* closes only what it opened, and what is left open at the end */
	check_safe("</details><details><summary>S</summary>", "<details><summary>S</summary></details>");
	check_safe("<b>a <i>b</b>", "<b>a <i>b</i></b>");
}

static void check_markdown(const char *html, const char *want)
{
	struct rb_buf out = RB_BUF_INIT;

	rb_html_markdown(&out, html, strlen(html));
	assert_string_equal(out.ptr, want);
	rb_buf_release(&out);
}

/* Text and PDF read safe HTML back: a table becomes a GFM table. */
static void read_back(void **state)
{
	struct rb_buf out = RB_BUF_INIT;

	(void)state;
	check_markdown("<table><tr><th>A</th><th>B|C</th></tr><tr><td>1<br>2</td></tr></table>",
		       "\n\n| A | B\\|C |\n| --- | --- |\n| 1 2 | |\n\n");
	check_markdown("<p>x &amp; y</p>", "\n\nx \\& y\n\n");
	rb_html_text(&out, "a&lt;b&gt;<br>c &#8212; d", strlen("a&lt;b&gt;<br>c &#8212; d"));
	assert_string_equal(out.ptr, "a<b>\nc \u2014 d");
	rb_buf_release(&out);
}

static void check_callout(const char *md, const char *want)
{
	struct rb_buf out = RB_BUF_INIT;
	bool any = rb_callout_source(&out, md, strlen(md));

	if (!want) {
		assert_false(any);
	} else {
		assert_true(any);
		assert_string_equal(out.ptr, want);
	}
	rb_buf_release(&out);
}

/* MkDocs and Docusaurus blocks as GitHub alerts, line for line. */
static void callouts(void **state)
{
	(void)state;
	check_callout("!!! warning \"Mind\"\n    body\n\n    more\n\nafter\n",
		      "> [!warning] Mind\n> body\n>\n> more\n\nafter\n");
	check_callout(":::danger Stop\ntext\n```\n:::\n```\n:::\nafter",
		      "> [!danger] Stop\n> text\n> ```\n> :::\n> ```\n\nafter");
	check_callout("```\n!!! note\n```\n", NULL);
	check_callout("plain text\n", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(subset),
		cmocka_unit_test(read_back),
		cmocka_unit_test(callouts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
