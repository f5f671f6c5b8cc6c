/*
 * display_width.h - how many columns UTF-8 text takes on a terminal or
 * in a monospaced listing, and where CJK text may wrap.
 *
 * East Asian Wide and Fullwidth characters (ideographs, kana, Hangul,
 * fullwidth forms) take two columns, combining marks and invisible
 * format characters none, every other character one; a byte that is not
 * UTF-8 is one column (U+FFFD). The plain text renderer wraps by these
 * widths, and the PDF writer cuts code lines by them.
 */
#ifndef RB_DISPLAY_WIDTH_H
#define RB_DISPLAY_WIDTH_H

#include "util.h"

/*
 * The code point at `s` (`len` > 0 bytes left) and its length in `n`;
 * U+FFFD for a malformed sequence, whose first byte is then consumed.
 */
uint32_t rb_utf8_next(const char *s, size_t len, size_t *n);

/* 0, 1 or 2 columns. */
int rb_char_width(uint32_t cp);

size_t rb_display_width(const char *s, size_t len);

/*
 * Whether a line may end between `before` and `after` where no space
 * separates them: CJK ideographs and kana are written without spaces and
 * wrap between any two characters, except before closing punctuation
 * (、。」ー...) and after an opening bracket. Korean separates its words
 * with spaces and wraps at them.
 */
bool rb_may_break_between(uint32_t before, uint32_t after);

/*
 * The length of the head of `s` (`len` bytes without blanks) up to the
 * first place a line may end inside it, or `len`: the renderers split a
 * word of CJK text into the parts a line may end between.
 */
size_t rb_unbroken_head(const char *s, size_t len);

#endif
