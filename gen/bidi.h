/*
 * bidi.h - right-to-left words (Arabic, Hebrew) on a left-to-right page.
 *
 * Not the Unicode bidirectional algorithm: a paragraph is taken as
 * left-to-right, and a run of consecutive right-to-left words in one of
 * its lines is drawn in reverse order, each word's letters reversed, so
 * that the run reads from right to left as written. Letters are not
 * joined (no shaping: libharu draws one glyph per character).
 */
#ifndef RB_BIDI_H
#define RB_BIDI_H

#include "util.h"

/* Whether the first letter of `s` is of a right-to-left script. */
bool rb_bidi_word_is_rtl(const char *s);

/* `s` with its characters in reverse order, combining marks after their base. */
char *rb_bidi_reversed(const char *s);

#endif
