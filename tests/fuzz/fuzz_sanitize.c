/*
 * fuzz_sanitize.c: the promises of sanitize.h over arbitrary bytes. The
 * output is valid UTF-8 with no C0, C1, bidi, separator or invisible
 * character and no character of unknown width; its width is the sum of
 * wcwidth() of its characters; sanitizing it again changes nothing; a
 * fitted or cut cell is no wider than asked.
 *
 * Input: a flags byte, a columns byte, then the text.
 */
#include "config.h"
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "sanitize.h"
#include "utf8.h"

static bool
forbidden(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0xad ||
	    cp == 0x61c || cp == 0x115f || cp == 0x1160 || cp == 0x3164 ||
	    cp == 0xffa0 || cp == 0xfeff ||
	    (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x2028 && cp <= 0x202e) ||
	    (cp >= 0x2060 && cp <= 0x2069) ||
	    (cp >= 0xe0000 && cp <= 0xe007f);
}

/* Check one output; returns its width by wcwidth(). */
static size_t
check_text(const char *what, const char *s, size_t len, int flags)
{
	size_t		i = 0, n, w = 0;
	uint32_t	cp;
	int		cw;

	if (s[len] != '\0')
		fuzz_fail("%s: output not NUL-terminated", what);
	if (!utf8_valid(s, len))
		fuzz_fail("%s: output is not valid UTF-8", what);
	while (i < len) {
		n = utf8_decode(s + i, len - i, &cp);
		if (forbidden(cp))
			fuzz_fail("%s: output holds U+%04X at byte %zu", what,
			    (unsigned)cp, i);
		if ((flags & SANITIZE_ASCII) && cp >= 0x80)
			fuzz_fail("%s: ASCII output holds U+%04X", what,
			    (unsigned)cp);
		if ((cw = wcwidth((wchar_t)cp)) < 0)
			fuzz_fail("%s: output holds U+%04X of unknown width",
			    what, (unsigned)cp);
		if (i == 0 && cw == 0)
			fuzz_fail("%s: output starts with zero-width U+%04X",
			    what, (unsigned)cp);
		w += (size_t)cw;
		i += n;
	}
	return w;
}

static void
check_sanitize(const char *s, size_t len, int flags)
{
	struct buf	out = BUF_INIT, again = BUF_INIT;
	size_t		w;

	w = sanitize(s, len, flags, &out);
	if (out.data == NULL)
		buf_adds(&out, "");
	if (check_text("sanitize", out.data, out.len, flags) != w)
		fuzz_fail("sanitize: width %zu is not the sum of its "
		    "characters' widths", w);
	if (sanitize_width(s, len, flags) != w)
		fuzz_fail("sanitize_width %zu != sanitize %zu",
		    sanitize_width(s, len, flags), w);
	if (sanitize(out.data, out.len, flags, &again) != w ||
	    again.len != out.len ||
	    (out.len > 0 && memcmp(again.data, out.data, out.len) != 0))
		fuzz_fail("sanitizing the output again changed it");
	if (sanitize_is_clean(s, len) && (flags & SANITIZE_ASCII) == 0 &&
	    (flags & SANITIZE_ONELINE) == 0 &&
	    (out.len != len || memcmp(out.data, s, len) != 0))
		fuzz_fail("sanitize_is_clean() but sanitize changed it");
	buf_free(&out);
	buf_free(&again);
}

static void
check_fit(const char *s, size_t len, int flags, size_t cols)
{
	struct buf	out = BUF_INIT, prefix = BUF_INIT;
	size_t		w, used = 0;

	w = sanitize_fit(s, len, flags, cols, &out);
	if (out.data == NULL)
		buf_adds(&out, "");
	if (w > cols || ((flags & SANITIZE_PAD) && w != cols && cols > 0))
		fuzz_fail("sanitize_fit: width %zu for %zu columns", w, cols);
	if (check_text("sanitize_fit", out.data, out.len, flags) != w)
		fuzz_fail("sanitize_fit: width %zu is not the sum", w);
	buf_clear(&out);

	w = sanitize_cut(s, len, flags & ~SANITIZE_PAD, cols, &out, &used);
	if (out.data == NULL)
		buf_adds(&out, "");
	if (w > cols || used > len)
		fuzz_fail("sanitize_cut: width %zu for %zu columns, used %zu "
		    "of %zu", w, cols, used, len);
	if (used == 0 && len > 0 && cols >= 10)
		fuzz_fail("sanitize_cut used nothing with %zu columns", cols);
	if (check_text("sanitize_cut", out.data, out.len, flags) != w)
		fuzz_fail("sanitize_cut: width %zu is not the sum", w);
	sanitize(s, used, flags & ~SANITIZE_PAD, &prefix);
	if (prefix.data == NULL)
		buf_adds(&prefix, "");
	if (prefix.len != out.len || memcmp(prefix.data, out.data,
	    out.len) != 0)
		fuzz_fail("sanitize_cut differs from sanitize of the %zu "
		    "bytes it used", used);
	buf_free(&out);
	buf_free(&prefix);
}

static void
check_lines(const char *s, size_t len)
{
	size_t	off = 0, n, next;

	while (off < len) {
		n = sanitize_line(s + off, len - off, &next);
		if (n > next || next > len - off || next == 0)
			fuzz_fail("sanitize_line: line %zu, next %zu of %zu",
			    n, next, len - off);
		off += next;
	}
}

void
fuzz_sanitize(const uint8_t *data, size_t size)
{
	struct fuzz_in	 in = { data, size };
	int		 flags;
	size_t		 cols;
	const char	*s;

	fuzz_locale();
	flags = fuzz_byte(&in) & (SANITIZE_ONELINE | SANITIZE_ASCII |
	    SANITIZE_PAD);
	cols = fuzz_byte(&in);
	s = (const char *)in.p;
	check_sanitize(s, in.n, flags & ~SANITIZE_PAD);
	check_fit(s, in.n, flags, cols);
	check_lines(s, in.n);
}
