/*
 * sanitize.h: make hostile case text safe to show, and measure it.
 *
 * Names, bios and posts in a case are written by the accounts under
 * investigation. Every piece of case text on its way to the screen or an
 * export goes through this module, which promises that its output:
 *
 *  - is valid UTF-8 (invalid input bytes become U+FFFD, one per bad byte);
 *  - holds no C0 control or DEL: they are shown in caret form, two ASCII
 *    characters ("^[" for ESC, "^M" for CR, "^H" for BS, "^@" for NUL,
 *    "^?" for DEL);
 *  - holds no C1 control (U+0080-009F), bidi control, line or paragraph
 *    separator, or invisible character: they are shown as "<U+XXXX>"
 *    (uppercase hex, at least four digits). The invisible set is Unicode's
 *    Default_Ignorable_Code_Point (soft hyphen, zero-width space, joiners,
 *    word joiner, BOM, Hangul fillers, tag characters, ...) except the
 *    variation selectors, which pick glyph forms in emoji, CJK and
 *    Mongolian and are kept. The zero-width joiners U+200C/U+200D are
 *    shown too: they hide differences between look-alike names, and
 *    terminals disagree on the width of joined emoji;
 *  - holds no character whose width the C library does not know
 *    (wcwidth() < 0: unassigned, noncharacters, emoji newer than the
 *    locale's tables): shown as "<U+XXXX>", so a column never depends on
 *    a guess about what the terminal will draw;
 *  - never starts with a combining (zero-width) character, nor has one
 *    right after a caret or <U+XXXX> marker: such an orphan mark would
 *    join a neighbouring cell or our marker, so it is shown as <U+XXXX>.
 *    Marks after a real character are kept, however many there are;
 *  - has a display width, returned by the functions below, equal to the
 *    sum of wcwidth() of its characters.
 *
 * Widths come from wcwidth(), so the program must have set a UTF-8
 * LC_CTYPE (setlocale(LC_CTYPE, "")). In a locale that is not UTF-8 the
 * caller passes SANITIZE_ASCII; without it, wcwidth() knows no non-ASCII
 * character there and all of them come out as <U+XXXX> anyway.
 *
 * Flags:
 *   SANITIZE_ONELINE  for list cells: a tab becomes one space, and a line
 *                     end (LF or CR LF) becomes one "⏎" (U+23CE, width 1;
 *                     "^J" with SANITIZE_ASCII). A lone CR stays "^M".
 *                     Without this flag tab and LF are "^I" and "^J",
 *                     like every other control.
 *   SANITIZE_ASCII    output is printable ASCII only: every non-ASCII
 *                     character (including U+FFFD for bad bytes) is shown
 *                     as <U+XXXX>, so look-alike letters stay apart.
 *   SANITIZE_PAD      sanitize_fit() only: pad with spaces to exactly
 *                     cols columns.
 *
 * Memory: output is appended to a caller-owned struct buf (util.h), which
 * stays NUL-terminated; nothing else is allocated and no state is kept, so
 * every function is safe to call from any thread that has the locale set.
 * Input is (pointer, length): NUL bytes inside it are shown as "^@".
 * Sanitizing sanitized text (with the same flags) changes nothing.
 */
#ifndef CIB_SANITIZE_H
#define CIB_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

#define SANITIZE_ONELINE	0x1
#define SANITIZE_ASCII		0x2
#define SANITIZE_PAD		0x4

/* Append the sanitized form of s[0..len) to out. Returns its display
 * width in terminal columns. */
size_t	sanitize(const char *s, size_t len, int flags, struct buf *out);

/* The display width sanitize() would return, without building the text. */
size_t	sanitize_width(const char *s, size_t len, int flags);

/*
 * Append the sanitized form of s[0..len) fitted to cols columns. Text
 * wider than cols is cut and ends with "…" (U+2026; "~" with
 * SANITIZE_ASCII) so that the whole is at most cols wide. A wide
 * character, caret or <U+XXXX> marker is never split: if it does not fit
 * it is left out whole, and the result may be a column short of cols
 * (SANITIZE_PAD fills it with spaces). Combining marks stay with their
 * base character. Returns the width appended (<= cols; == cols with
 * SANITIZE_PAD). cols == 0 appends nothing.
 */
size_t	sanitize_fit(const char *s, size_t len, int flags, size_t cols,
	    struct buf *out);

/*
 * Append the sanitized form of the longest prefix of s[0..len) that fits
 * in cols columns, without an ellipsis, never splitting a character or
 * marker nor separating a base from its marks. Stores in *used how many
 * input bytes that prefix took, so the caller can continue from s + *used
 * (to wrap text over rows, or to scroll it sideways). Returns the width
 * appended. *used is 0 only when len is 0 or the first character is wider
 * than cols.
 */
size_t	sanitize_cut(const char *s, size_t len, int flags, size_t cols,
	    struct buf *out, size_t *used);

/*
 * True when sanitize(s, len, 0, ...) would copy s unchanged (valid UTF-8,
 * no control, marker or orphan mark), so it may be drawn as it is. Cheap
 * for printable ASCII, which is also the only case where the width is len.
 */
bool	sanitize_is_clean(const char *s, size_t len);

/*
 * For multi-line text (a bio in the detail pane): the length of the first
 * line of s[0..len), without its line end, and in *next the offset where
 * the next line starts (len if there is none). A line end is LF or CR LF.
 * Sanitize each line on its own.
 */
size_t	sanitize_line(const char *s, size_t len, size_t *next);

#endif
