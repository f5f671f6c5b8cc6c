/*
 * mustache.h - finding Mustache tags in text: the one scanner that both
 * templates (template.c) and runbook placeholders (resolve.c) read tags
 * with, so that the two agree on what a tag is.
 *
 *   struct rb_mustache_delims dl = RB_MUSTACHE_DELIMS_INIT;
 *   struct rb_mustache_tag t;
 *   while ((found = rb_mustache_next(s, len, pos, &dl, &t)) > 0) {
 *           ... text before t.start, then the tag ...
 *           pos = t.end;
 *   }
 *
 * Offsets are into `s`; the text may hold NUL bytes. Delimiters are C
 * strings of at most 31 bytes with no NUL, no '=' and no white space.
 */
#ifndef RB_MUSTACHE_H
#define RB_MUSTACHE_H

#include <stdbool.h>
#include <stddef.h>

struct rb_mustache_delims {
	char open[32], close[32];
};

#define RB_MUSTACHE_DELIMS_INIT { "{{", "}}" }

struct rb_mustache_tag {
	size_t start;        /* the opening delimiter */
	size_t end;          /* just after the closing delimiter */
	char sigil;          /* '{' (triple), '#', '^', '/', '!', '>', '&', '=', or 0 */
	const char *content; /* between the delimiters (inside a triple's braces) */
	size_t content_len;
	const char *name;    /* the content after the sigil, not trimmed */
	size_t name_len;
};

/*
 * Finds the first tag at or after `pos`: 1 when found, 0 when there is no
 * opening delimiter, -1 when the tag at `tag->start` is not closed. The
 * closing delimiter is searched after the sigil ("<%>%>" is a partial).
 */
int rb_mustache_next(const char *s, size_t len, size_t pos,
		     const struct rb_mustache_delims *dl,
		     struct rb_mustache_tag *tag);

/*
 * Applies a set-delimiter tag: `name` is what follows its '=' up to the
 * closing delimiter ("<% %>="). False, delimiters unchanged, when it is
 * not two delimiters and a final '='.
 */
bool rb_mustache_set_delims(struct rb_mustache_delims *dl, const char *name,
			    size_t len);

#endif
