/*
 * banned_terms.h - the default list of wording DR documents must not
 * carry (banned_terms.c); a binder's config adds its own terms.
 */
#ifndef RB_BANNED_TERMS_H
#define RB_BANNED_TERMS_H

#include "util.h"

/* Called for each phrase found: where it starts and its text as written. */
typedef void (*rb_banned_hit_fn)(void *ctx, int line, int col,
				 const char *text, size_t len);

/*
 * Finds the default list's phrases in Markdown `text`, outside code and
 * addresses: a telltale anywhere in prose, a name where the text credits it.
 */
void rb_banned_default_scan(const char *text, size_t len,
			    rb_banned_hit_fn hit, void *ctx);

/* How many phrases the default list holds. */
size_t rb_banned_default_count(void);

#endif
