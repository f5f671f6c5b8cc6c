/*
 * front_toml.c - Hugo's TOML front matter as YAML, line for line.
 */
#include "front_toml.h"

static bool key_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

/* Does [p, e) hold `"""` or `'''`, a multi-line string's delimiter? */
static const char *multiline(const char *p, const char *e)
{
	for (; p + 3 <= e; p++)
		if ((p[0] == '"' || p[0] == '\'') && p[1] == p[0] && p[2] == p[0])
			return p;
	return NULL;
}

void rb_front_toml_as_yaml(const char *s, size_t len, struct rb_buf *out)
{
	const char *end = s + len;
	bool in_table = false;
	char open_string = 0;        /* the quote of a multi-line string */

	for (const char *ls = s; ls < end;) {
		const char *nl = memchr(ls, '\n', (size_t)(end - ls));
		const char *le = nl ? nl : end;
		const char *p = ls, *k, *ke, *v, *m;

		if (le > ls && le[-1] == '\r')
			le--;
		while (p < le && (*p == ' ' || *p == '\t'))
			p++;
		if (open_string) {
			/* the line that closes it ends the value too */
			for (m = p; (m = multiline(m, le)); m += 3)
				if (*m == open_string) {
					open_string = 0;
					break;
				}
		} else if (p < le && *p == '[') {
			in_table = true;
		} else if (!in_table && p < le && *p != '#') {
			k = p;
			if (*p == '"') {
				ke = memchr(p + 1, '"', (size_t)(le - p - 1));
				ke = ke ? ke + 1 : NULL;
			} else {
				for (ke = p; ke < le && key_byte(*ke); ke++)
					;
				if (ke == k)
					ke = NULL;
			}
			v = ke;
			while (v && v < le && (*v == ' ' || *v == '\t'))
				v++;
			if (v && v < le && *v == '=') {
				v++;
				while (v < le && (*v == ' ' || *v == '\t'))
					v++;
				if ((m = multiline(v, le)) && m == v) {
					/* a value over several lines: left out */
					open_string = *m;
					if (multiline(m + 3, le))
						open_string = 0;
				} else if (v < le) {
					rb_buf_add(out, k, (size_t)(ke - k));
					rb_buf_adds(out, ": ");
					rb_buf_add(out, v, (size_t)(le - v));
				}
			}
		}
		rb_buf_addch(out, '\n');
		ls = nl ? nl + 1 : end;
	}
}
