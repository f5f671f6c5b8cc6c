/*
 * step_code.c - a step's code blocks and gates in order, with the
 * attributes of each block (step_code.h has the conventions).
 */
#include <ctype.h>
#include <cmark-gfm-core-extensions.h>

#include "awscli.h"
#include "duration.h"
#include "shell_words.h"
#include "step_code.h"

static bool info_word(const char *info, size_t len, const char *word)
{
	return len == strlen(word) && !strncmp(info, word, len);
}

/* A shell block's kind: 0 not shell, 1 shell, 2 a transcript by its info string. */
static int shell_kind(const char *info)
{
	size_t len = info ? strcspn(info, " \t{") : 0;

	if (info_word(info, len, "console") || info_word(info, len, "shell-session"))
		return 2;
	return rb_shell_info(info) ? 1 : 0;
}

/*
 * The prompt a transcript line starts with: `$ `, `# `, `host$ `,
 * `user@host:~/x$ `, `host $ `; its length, 0 when the line is output.
 */
static size_t prompt_len(const char *s, size_t n)
{
	size_t i = 0;

	if (n >= 2 && (s[0] == '$' || s[0] == '#') && s[1] == ' ')
		return 2;
	while (i < n && !isspace((unsigned char)s[i]))
		i++;
	if (i >= 1 && i + 1 < n && s[i] == ' ' && (s[i - 1] == '$' || s[i - 1] == '#') &&
	    s[0] != '$' && s[0] != '#')
		return i + 1;
	if (i + 2 < n && s[i] == ' ' && s[i + 1] == '$' && s[i + 2] == ' ')
		return i + 3;
	return 0;
}

/* The indentation every line that is not blank shares (a block pasted indented). */
static size_t common_indent(const char *s)
{
	size_t min = SIZE_MAX;

	while (*s) {
		size_t n = strcspn(s, "\n"), i = 0;

		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i < n && i < min)
			min = i;
		s += n + (s[n] ? 1 : 0);
	}
	return min == SIZE_MAX ? 0 : min;
}

/*
 * Whether one of the lines of code is a user's `$ ` prompt, as the code
 * stands or set back by the indentation all its lines share (a command
 * named `$` is no shell's).
 */
static bool has_user_prompt(const char *s)
{
	size_t indent = common_indent(s);

	while (*s) {
		size_t n = strcspn(s, "\n");

		if (n >= indent + 2 && s[indent] == '$' && s[indent + 1] == ' ')
			return true;
		s += n + (s[n] ? 1 : 0);
	}
	return false;
}

/* Whether bash reads on after a command line: it ends with `\`, or `|`, `&&`, `||`. */
static bool continues(const char *s, size_t n)
{
	if (n && s[n - 1] == '\\')
		return true;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return (n && s[n - 1] == '|') || (n >= 2 && s[n - 1] == '&' && s[n - 2] == '&');
}

/* Whether a command line is `word` alone (words: a command and its arguments). */
static bool word_is(const char *s, size_t n, const char *word)
{
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return n == strlen(word) && !strncmp(s, word, n);
}

/* Whether s (n bytes) starts with the words `prefix` and a blank or its end. */
static bool starts_words(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && !strncmp(s, prefix, k) && (n == k || s[k] == ' ' || s[k] == '\t');
}

/*
 * Whether a transcript's command opens another shell whose prompt may be
 * root's `# `, so that the next `# ` lines are its commands: root's own
 * (`sudo -i`, `sudo -s`, `sudo su`, `su -`, `sudo bash`; a command for
 * sudo to run is not one), a node's or a container's (`oc debug`,
 * `oc rsh`, `kubectl debug`, `kubectl exec -it POD -- bash`), another
 * host's (`ssh HOST` with no command) or another root (`chroot DIR`).
 */
static bool opens_shell(const char *s, size_t n)
{
	static const char *const whole[] = {
		"sudo -i", "sudo -s", "sudo su", "sudo su -", "sudo -i -u root", "sudo -u root -i",
		"sudo bash", "sudo -E bash", "su", "su -", "su root", "su - root", "sudo su root",
		"sudo su - root",
	};
	static const char *const starts[] = { "chroot", "nsenter", "toolbox" };
	static const char *const shells[] = { " bash", " sh", " /bin/bash", " /bin/sh" };

	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	for (size_t i = 0; i < RB_ARRAY_SIZE(whole); i++)
		if (word_is(s, n, whole[i]))
			return true;
	for (size_t i = 0; i < RB_ARRAY_SIZE(starts); i++)
		if (starts_words(s, n, starts[i]))
			return true;
	/* a node's or a pod's shell, the subcommand after any options */
	if (starts_words(s, n, "oc") || starts_words(s, n, "kubectl"))
		for (size_t i = 0; i + 1 < n; i++)
			if (s[i] == ' ' && (starts_words(s + i + 1, n - i - 1, "rsh") ||
					    starts_words(s + i + 1, n - i - 1, "debug")))
				return true;
	/* ssh with a host and options only */
	if (starts_words(s, n, "ssh")) {
		size_t words = 0;

		for (size_t i = 3; i < n; i++)
			if (s[i - 1] == ' ' && s[i] != ' ' && s[i] != '-')
				words++;
		return words <= 1 || (words == 2 && memmem(s, n, " -i ", 4));
	}
	/* an interactive shell in a container */
	if ((starts_words(s, n, "kubectl exec") || starts_words(s, n, "oc exec") ||
	     starts_words(s, n, "docker exec") || starts_words(s, n, "podman exec")) &&
	    (memmem(s, n, " -it", 4) || memmem(s, n, " -ti", 4)))
		for (size_t i = 0; i < RB_ARRAY_SIZE(shells); i++) {
			size_t k = strlen(shells[i]);

			if (n >= k && !memcmp(s + n - k, shells[i], k))
				return true;
		}
	return false;
}

/*
 * After a command that opens another shell (the lines from `s` on):
 * whether that shell's prompt is root's `# `, that is whether no user's
 * `$ ` prompt comes before a `# exit` or the block's end. Authors who keep
 * `$ ` inside write `# ` for their comments there.
 */
static bool inner_prompt_is_root(const char *s, size_t indent)
{
	while (*s) {
		size_t n = strcspn(s, "\n");
		const char *t = n >= indent ? s + indent : s;
		size_t k = n >= indent ? n - indent : n;

		if (k >= 2 && t[0] == '$' && t[1] == ' ')
			return false;
		if (k >= 2 && t[0] == '#' && t[1] == ' ' &&
		    (word_is(t + 2, k - 2, "exit") || word_is(t + 2, k - 2, "logout")))
			return true;
		s += n + (s[n] ? 1 : 0);
	}
	return true;
}

/*
 * The delimiter of the first here-document a command line opens
 * (`<<EOF`, `<<-EOF`, `<<'EOF'`, `<<"EOF"`; not `<<<`), into `word`;
 * `tabs` tells whether its lines may be indented with tabs. False when
 * the line opens none (or the delimiter does not fit).
 */
static bool heredoc_word(const char *s, size_t n, char *word, size_t cap, bool *tabs)
{
	char quote = 0;

	for (size_t i = 0; i + 1 < n; i++) {
		size_t k = 0;

		if (quote) {
			if (s[i] == quote)
				quote = 0;
			continue;
		}
		if (s[i] == '\'' || s[i] == '"') {
			quote = s[i];
			continue;
		}
		if (s[i] != '<' || s[i + 1] != '<' || (i + 2 < n && s[i + 2] == '<'))
			continue;
		i += 2;
		*tabs = i < n && s[i] == '-';
		if (*tabs)
			i++;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		while (i < n && !strchr(" \t;|&<>()", s[i])) {
			if (s[i] == '\'' || s[i] == '"' || s[i] == '\\') {
				i++;
				continue;
			}
			if (k + 1 >= cap)
				return false;
			word[k++] = s[i++];
		}
		word[k] = '\0';
		return k > 0;
	}
	return false;
}

/*
 * The commands of a transcript, as if not indented: prompt lines without
 * the prompt, with their continuations (after a `\`, shown or not with
 * bash's `> `) and
 * the lines of a here-document they open, up to its delimiter; `lines`
 * gets the block's line (1 the first) of each line kept. A bare `# `
 * line is root's prompt in a transcript that shows no user's `$ `, or
 * after a command that opens another shell (up to its `exit`); else
 * it is a comment or an elision of output (`# ... lots of loop devices
 * ...`), not a command.
 */
static void transcript_commands(struct rb_buf *out, const char *s, int **lines, size_t *lines_nr)
{
	size_t alloc = 0;
	/* a user's transcript, unless it shows root's prompt alone */
	bool user = has_user_prompt(s), root = !user;
	bool continued = false, in_doc = false, tabs = false;
	size_t indent = common_indent(s);
	char word[64];
	int line = 0;

	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		size_t p;
		bool command = false;

		line++;
		/* a transcript pasted indented: as if it were not */
		if (n >= indent) {
			s += indent;
			n -= indent;
		}
		p = continued || in_doc ? 0 : prompt_len(s, n);
		if (!continued && !in_doc && p == 2 && s[0] == '#' && !root)
			p = 0;
		if ((continued || in_doc) && n >= 2 && s[0] == '>' && s[1] == ' ')
			p = 2;
		if (in_doc) {
			size_t t = p;

			while (tabs && t < n && s[t] == '\t')
				t++;
			in_doc = !(n - t == strlen(word) && !strncmp(s + t, word, n - t));
		} else if (continued || p) {
			command = !continued;
		} else {
			s += n + (nl ? 1 : 0);
			continue;
		}
		rb_buf_add(out, s + p, n - p);
		rb_buf_addch(out, '\n');
		RB_GROW(*lines, *lines_nr + 1, alloc);
		(*lines)[(*lines_nr)++] = line;
		if (command && opens_shell(s + p, n - p))
			root = inner_prompt_is_root(nl ? nl + 1 : "", indent);
		else if (command && user && root && (word_is(s + p, n - p, "exit") || word_is(s + p, n - p, "logout")))
			root = false;
		if (command || continued) {
			continued = continues(s + p, n - p);
			if (heredoc_word(s + p, n - p, word, sizeof(word), &tabs))
				in_doc = true;
		}
		s += n + (nl ? 1 : 0);
	}
}

char *rb_code_block_commands(const char *info, const char *code)
{
	struct rb_buf text = RB_BUF_INIT;
	int *lines = NULL;
	size_t lines_nr = 0;
	if (shell_kind(info) != 2 && !has_user_prompt(code))
		return NULL;
	transcript_commands(&text, code, &lines, &lines_nr);
	free(lines);
	while (text.len && text.ptr[text.len - 1] == '\n')
		text.ptr[--text.len] = '\0';
	if (!text.len) {
		rb_buf_release(&text);
		return NULL;
	}
	return rb_buf_detach(&text, NULL);
}

int rb_step_part_line(const struct rb_step_part *p, int k)
{
	size_t i;

	if (!p->lines || !p->lines_nr || k < 1)
		return p->line + k - 1;
	i = (size_t)k <= p->lines_nr ? (size_t)k - 1 : p->lines_nr - 1;
	return p->line + p->lines[i] - 1;
}

static void set_error(struct rb_step_part *p, char *msg)
{
	if (!p->error)
		p->error = msg;
	else
		free(msg);
}

static void set_expect(struct rb_step_part *p, const char *v)
{
	static const char *const ops[] = { "<=", ">=", "!=", "=", "<", ">" };

	while (isspace((unsigned char)*v))
		v++;
	for (size_t i = 0; i < RB_ARRAY_SIZE(ops); i++) {
		size_t n = strlen(ops[i]);
		const char *rest = v + n;

		if (strncmp(v, ops[i], n))
			continue;
		while (isspace((unsigned char)*rest))
			rest++;
		if (!*rest)
			break;
		p->expect_op = rb_xstrdup(ops[i]);
		p->expect_value = rb_xstrdup(rest);
		return;
	}
	set_error(p, rb_xasprintf("expect=\"%s\" is not OPERATOR VALUE (=, !=, <, <=, >, >=), "
				  "e.g. expect=\"<= 300\" or expect=\"= available\"", v));
}

/* Reads `{if="..." may-fail expect="..." wait="..." illustrative}`; false for illustrative. */
static bool read_attributes(struct rb_step_part *p, const char *info)
{
	const char *s = strchr(info, '{');
	bool runnable = true;
	char *wait = NULL;

	if (!s)
		return true;
	for (s++; *s && *s != '}';) {
		size_t n;
		char *key, *value = NULL;

		if (isspace((unsigned char)*s)) {
			s++;
			continue;
		}
		n = strcspn(s, " \t=}");
		key = rb_xstrndup(s, n);
		s += n;
		if (*s == '=') {
			char q = s[1];

			if (q == '"' || q == '\'') {
				const char *end = strchr(s + 2, q);

				if (!end) {
					set_error(p, rb_xasprintf("attribute %s has no closing %c", key, q));
					free(key);
					break;
				}
				value = rb_xstrndup(s + 2, (size_t)(end - s - 2));
				s = end + 1;
			} else {
				n = strcspn(s + 1, " \t}");
				value = rb_xstrndup(s + 1, n);
				s += 1 + n;
			}
		}
		if (!strcmp(key, "may-fail") && !value) {
			p->may_fail = true;
		} else if (!strcmp(key, "illustrative") && !value) {
			runnable = false;
		} else if (!strcmp(key, "if") && value && *value) {
			free(p->cond);
			p->cond = value;
			value = NULL;
		} else if (!strcmp(key, "expect") && value) {
			set_expect(p, value);
		} else if (!strcmp(key, "wait") && value) {
			free(wait);
			wait = value;
			value = NULL;
		} else if (key[0] != '.' && key[0] != '#') {
			/* .class and #id are for other tools: left alone */
			set_error(p, rb_xasprintf("unknown block attribute '%s%s' (known: if=\"...\", "
						  "may-fail, expect=\"OP VALUE\", wait=\"DURATION\", illustrative)",
						  key, value ? "=..." : ""));
		}
		free(key);
		free(value);
	}
	if (wait) {
		if (rb_duration_parse(wait, &p->wait) < 0 || p->wait <= 0)
			set_error(p, rb_xasprintf("wait=\"%s\" is not a duration like 90s or 10m", wait));
		else if (!p->expect_op)
			set_error(p, rb_xasprintf("wait=\"%s\" needs expect=\"OP VALUE\": what to wait for", wait));
		free(wait);
	}
	if (p->expect_op && p->may_fail)
		set_error(p, rb_xstrdup("a block with expect= is a check: it cannot also be may-fail"));
	return runnable;
}

/* A task item's words: its text, soft breaks as spaces. */
static char *item_text(cmark_node *item)
{
	struct rb_buf b = RB_BUF_INIT;
	cmark_iter *it = cmark_iter_new(item);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);

		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE)
			rb_buf_adds(&b, cmark_node_get_literal(n));
		else if ((t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK ||
			  t == CMARK_NODE_PARAGRAPH) && b.len && b.ptr[b.len - 1] != ' ')
			rb_buf_addch(&b, ' ');
	}
	cmark_iter_free(it);
	while (b.len && b.ptr[b.len - 1] == ' ')
		b.ptr[--b.len] = '\0';
	return rb_buf_detach(&b, NULL);
}

static void part_free(struct rb_step_part *p)
{
	free(p->text);
	free(p->lines);
	free(p->cond);
	free(p->expect_op);
	free(p->expect_value);
	free(p->error);
}

static struct rb_step_part *add(struct rb_step_parts *out, enum rb_part_kind kind, int line)
{
	struct rb_step_part *p;

	RB_GROW(out->items, out->nr + 1, out->alloc);
	p = &out->items[out->nr++];
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->line = line;
	p->col = 1;
	return p;
}

static void code_block(struct rb_step_parts *out, cmark_node *b, int line_base)
{
	const char *info = cmark_node_get_fence_info(b);
	const char *code = cmark_node_get_literal(b);
	int kind = shell_kind(info);
	struct rb_step_part *p;
	struct rb_buf text = RB_BUF_INIT;

	if (!kind)
		return;
	p = add(out, RB_PART_CODE, cmark_node_get_start_line(b) + 1 + line_base);
	if (!read_attributes(p, info ? info : "")) {
		/* illustrative: shown on the page, never run */
		part_free(p);
		out->nr--;
		return;
	}
	if (kind == 2 || has_user_prompt(code))
		transcript_commands(&text, code, &p->lines, &p->lines_nr);
	else
		rb_buf_adds(&text, code);
	if (text.len && text.ptr[text.len - 1] != '\n')
		rb_buf_addch(&text, '\n');
	p->text = rb_buf_detach(&text, NULL);
	if (!p->text[0] && !p->error) {
		/* nothing to run: a transcript of output only */
		part_free(p);
		out->nr--;
	}
}

void rb_step_parts(const struct rb_runbook *r, size_t k, struct rb_step_parts *out)
{
	cmark_node *end = k + 1 < r->steps_nr ? r->steps[k + 1].heading : NULL;
	int line_base = r->body_line - 1;

	for (cmark_node *n = cmark_node_next(r->steps[k].heading); n && n != end;
	     n = cmark_node_next(n)) {
		cmark_iter *it = cmark_iter_new(n);
		cmark_event_type ev;

		while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
			cmark_node *b = cmark_iter_get_node(it);
			const char *type = cmark_node_get_type_string(b);

			if (ev != CMARK_EVENT_ENTER)
				continue;
			if (cmark_node_get_type(b) == CMARK_NODE_CODE_BLOCK) {
				code_block(out, b, line_base);
			} else if (type && !strcmp(type, "tasklist") &&
				   !cmark_gfm_extensions_get_tasklist_item_checked(b)) {
				struct rb_step_part *p = add(out, RB_PART_GATE,
							     cmark_node_get_start_line(b) + line_base);

				p->text = item_text(b);
			}
		}
		cmark_iter_free(it);
	}
}

bool rb_step_parts_code(const struct rb_step_parts *p)
{
	for (size_t i = 0; i < p->nr; i++)
		if (p->items[i].kind == RB_PART_CODE)
			return true;
	return false;
}

void rb_step_parts_release(struct rb_step_parts *p)
{
	for (size_t i = 0; i < p->nr; i++)
		part_free(&p->items[i]);
	free(p->items);
	memset(p, 0, sizeof(*p));
}

char *rb_step_reader_placeholder(const char *code, int *line)
{
	char quote = 0;

	*line = 1;
	for (const char *s = code; *s; s++) {
		size_t n;

		if (*s == '\n')
			(*line)++;
		if (quote) {
			quote = *s == quote ? 0 : quote;
			continue;
		}
		if (*s == '\\' && s[1]) {
			*line += s[1] == '\n';
			s++;
			continue;
		}
		if (*s == '\'' || *s == '"') {
			quote = *s;
			continue;
		}
		if (*s == '#' && (s == code || isspace((unsigned char)s[-1]))) {
			/* a comment, to the end of its line */
			s += strcspn(s, "\n") - 1;
			continue;
		}
		if (*s != '<' || (s > code && (s[-1] == '<' || isdigit((unsigned char)s[-1]))) ||
		    !isalpha((unsigned char)s[1]))
			continue;
		n = 1 + strspn(s + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.");
		if (s[n] == '>')
			return rb_xstrndup(s, n + 1);
	}
	return NULL;
}

/* Words [from, to) are a command; from the `aws` word on, lists it when it changes something. */
static void change(const struct rb_shell_word *w, size_t from, size_t to, struct rb_buf *out)
{
	size_t i = from + 1;
	char *line;

	/* global options before the service: --region x, --debug */
	while (i < to && w[i].text && w[i].text[0] == '-') {
		const struct rb_awscli_option *g = rb_awscli_global(w[i].text);

		i += g && (g->flags & RB_AWSCLI_VALUE_MASK) == 1 && !strchr(w[i].text, '=') ? 2 : 1;
	}
	if (i + 1 >= to || !w[i].text || !w[i + 1].text || rb_awscli_read_only(w[i + 1].text))
		return;
	line = rb_xasprintf("aws %s %s\n", w[i].text, w[i + 1].text);
	/* each command once: three update-service calls are one kind of change */
	if (!strstr(out->ptr, line))
		rb_buf_adds(out, line);
	free(line);
}

void rb_step_changes(const char *code, struct rb_buf *out)
{
	struct rb_shell_words w = { 0 };
	size_t start = 0;

	rb_shell_split(code, &w);
	for (size_t k = 0; k <= w.nr; k++) {
		if (k < w.nr && !w.items[k].sep)
			continue;
		while (start < k && strchr(w.items[start].text, '=') && w.items[start].text[0] != '-')
			start++;
		if (start < k && !strcmp(w.items[start].text, "aws"))
			change(w.items, start, k, out);
		start = k + 1;
	}
	rb_shell_words_release(&w);
}
