/*
 * sanitize.c: the one routine through which case text reaches the screen
 * and every export. It walks the input one display unit at a time (a run
 * of printable ASCII, a character, a caret or <U+XXXX> marker), appends
 * each unit's safe form and adds up widths, stopping early when a column
 * budget is reached. See sanitize.h for what the output promises.
 */
#include "config.h"

#include "sanitize.h"

#include <stdint.h>
#include <string.h>
#include <wchar.h>

#include "utf8.h"
#include "util.h"

/* The state of one pass over the input. */
struct run {
	int		 flags;
	struct buf	*out;		/* NULL when only measuring */
	size_t		 limit;		/* never pass this width */
	size_t		 keep;		/* remember the last cut at or below */
	size_t		 width;
	size_t		 used;		/* input bytes consumed */
	bool		 base;		/* a combining mark may follow */
	bool		 stopped;	/* a unit did not fit in limit */
	size_t		 ck_len;	/* out->len at the remembered cut */
	size_t		 ck_width;
};

/*
 * Characters that draw nothing (Default_Ignorable_Code_Point less the
 * variation selectors), the bidi controls among them, and the line and
 * paragraph separators. Sorted, for the binary search in san_hidden().
 */
static const struct {
	uint32_t	lo, hi;
} san_hidden_ranges[] = {
	{ 0x00AD, 0x00AD },	/* soft hyphen */
	{ 0x034F, 0x034F },	/* combining grapheme joiner */
	{ 0x061C, 0x061C },	/* Arabic letter mark */
	{ 0x115F, 0x1160 },	/* Hangul choseong and jungseong fillers */
	{ 0x17B4, 0x17B5 },	/* Khmer inherent vowels */
	{ 0x180E, 0x180E },	/* Mongolian vowel separator */
	{ 0x200B, 0x200F },	/* zero-width space, joiners, LRM, RLM */
	{ 0x2028, 0x202E },	/* separators, bidi embeddings, overrides */
	{ 0x2060, 0x206F },	/* word joiner, invisible operators, isolates */
	{ 0x3164, 0x3164 },	/* Hangul filler */
	{ 0xFEFF, 0xFEFF },	/* BOM, zero-width no-break space */
	{ 0xFFA0, 0xFFA0 },	/* halfwidth Hangul filler */
	{ 0xFFF0, 0xFFFB },	/* unassigned specials, interlinear annotation */
	{ 0x1BCA0, 0x1BCA3 },	/* shorthand format controls */
	{ 0x1D173, 0x1D17A },	/* musical symbol format controls */
	{ 0xE0000, 0xE00FF },	/* tag characters */
	{ 0xE01F0, 0xE0FFF },	/* reserved default ignorables */
};

static bool
san_hidden(uint32_t cp)
{
	size_t	lo = 0, hi = nitems(san_hidden_ranges), mid;

	if (cp < san_hidden_ranges[0].lo)
		return false;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (cp < san_hidden_ranges[mid].lo)
			hi = mid;
		else if (cp > san_hidden_ranges[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

/*
 * wcwidth() of a code point. Where wchar_t is known to hold UCS-4 the
 * code point is the wide character; elsewhere the locale converts it.
 */
static int
san_wcwidth(uint32_t cp)
{
#ifdef __STDC_ISO_10646__
	return wcwidth((wchar_t)cp);
#else
	char		b[4];
	size_t		n;
	wchar_t		wc;
	mbstate_t	ps;

	n = utf8_encode(cp, b);
	memset(&ps, 0, sizeof ps);
	if (mbrtowc(&wc, b, n, &ps) != n)
		return -1;
	return wcwidth(wc);
#endif
}

/*
 * True when utf8_decode() gave U+FFFD for bad bytes rather than for a
 * U+FFFD in the text.
 */
static bool
san_invalid(const char *p, size_t n, uint32_t cp)
{
	return cp == 0xFFFD && (n != 3 || memcmp(p, "\xef\xbf\xbd", 3) != 0);
}

/* How a non-ASCII code point is shown. */
enum san_kind {
	SAN_TEXT,		/* as itself, width >= 1 */
	SAN_MARK,		/* as itself, width 0, joins the previous char */
	SAN_HEX			/* as <U+XXXX> */
};

static enum san_kind
san_classify(uint32_t cp, int flags, bool base, int *width)
{
	int	w;

	if ((flags & SANITIZE_ASCII) || cp <= 0x9F || san_hidden(cp))
		return SAN_HEX;
	w = san_wcwidth(cp);
	if (w < 0)
		return SAN_HEX;
	if (w == 0)
		return base ? SAN_MARK : SAN_HEX;
	*width = w;
	return SAN_TEXT;
}

/* Write "<U+XXXX>" for cp into b (12 bytes room); returns its length. */
static size_t
san_hex(uint32_t cp, char *b)
{
	static const char	 hex[] = "0123456789ABCDEF";
	size_t			 n = 0;
	int			 digits, shift;

	digits = cp > 0xFFFFF ? 6 : cp > 0xFFFF ? 5 : 4;
	b[n++] = '<';
	b[n++] = 'U';
	b[n++] = '+';
	for (shift = (digits - 1) * 4; shift >= 0; shift -= 4)
		b[n++] = hex[(cp >> shift) & 0xF];
	b[n++] = '>';
	return n;
}

/*
 * Add one unit: n output bytes of width w standing for consumed input
 * bytes; base says whether a combining mark may follow it. Returns false,
 * adding nothing, when the unit would pass the width limit.
 */
static bool
run_emit(struct run *r, const char *p, size_t n, size_t w, size_t consumed,
    bool base)
{
	if (w > r->limit - r->width) {
		r->stopped = true;
		return false;
	}
	if (r->out != NULL)
		buf_add(r->out, p, n);
	r->width += w;
	r->used += consumed;
	r->base = base;
	if (r->width <= r->keep && r->out != NULL) {
		r->ck_len = r->out->len;
		r->ck_width = r->width;
	}
	return true;
}

/*
 * Add a run of n printable ASCII bytes, as many as fit. Each is one
 * column, so the fit and the remembered cut are arithmetic. Returns false
 * when not all of them fit.
 */
static bool
run_ascii(struct run *r, const char *p, size_t n)
{
	size_t	room = r->limit - r->width, take = n, w0 = r->width;

	if (take > room)
		take = room;
	if (take != 0) {
		if (r->out != NULL) {
			buf_add(r->out, p, take);
			if (w0 + take <= r->keep) {
				r->ck_len = r->out->len;
				r->ck_width = w0 + take;
			} else if (w0 < r->keep) {
				r->ck_len = r->out->len - take + (r->keep - w0);
				r->ck_width = r->keep;
			}
		}
		r->width += take;
		r->used += take;
		r->base = true;
	}
	if (take < n) {
		r->stopped = true;
		return false;
	}
	return true;
}

/* Handle one C0 control or DEL at s[i]. */
static bool
run_control(struct run *r, const char *s, size_t len, size_t i)
{
	unsigned char	c = (unsigned char)s[i];
	char		b[2];

	if (r->flags & SANITIZE_ONELINE) {
		if (c == '\t')
			return run_emit(r, " ", 1, 1, 1, true);
		if (c == '\n' || (c == '\r' && i + 1 < len && s[i + 1] == '\n')) {
			if (r->flags & SANITIZE_ASCII)
				return run_emit(r, "^J", 2, 2, c == '\r' ? 2 : 1,
				    false);
			return run_emit(r, "\xe2\x8f\x8e", 3, 1,
			    c == '\r' ? 2 : 1, true);
		}
	}
	b[0] = '^';
	b[1] = c == 0x7F ? '?' : (char)(c + 0x40);
	return run_emit(r, b, 2, 2, 1, false);
}

/* Handle the (possibly invalid) UTF-8 sequence starting at s[i]. */
static bool
run_utf8(struct run *r, const char *s, size_t len, size_t i)
{
	uint32_t	cp;
	size_t		n, hn;
	char		b[12];
	int		w = 1;

	n = utf8_decode(s + i, len - i, &cp);
	if (san_invalid(s + i, n, cp)) {
		if (r->flags & SANITIZE_ASCII) {
			hn = san_hex(cp, b);
			return run_emit(r, b, hn, hn, n, false);
		}
		return run_emit(r, "\xef\xbf\xbd", 3, 1, n, true);
	}
	switch (san_classify(cp, r->flags, r->base, &w)) {
	case SAN_TEXT:
		return run_emit(r, s + i, n, (size_t)w, n, true);
	case SAN_MARK:
		return run_emit(r, s + i, n, 0, n, true);
	case SAN_HEX:
		break;
	}
	hn = san_hex(cp, b);
	return run_emit(r, b, hn, hn, n, false);
}

/* Sanitize s[0..len) into r until the input ends or a unit does not fit. */
static void
run_text(struct run *r, const char *s, size_t len)
{
	size_t		i, j;
	unsigned char	c;
	bool		ok;

	if (r->out != NULL) {
		/* Leave out NUL-terminated even when nothing is added. */
		buf_add(r->out, "", 0);
		if (r->limit == SIZE_MAX)
			buf_grow(r->out, len);
		r->ck_len = r->out->len;
	}
	while (r->used < len) {
		i = r->used;
		c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7F) {
			for (j = i + 1; j < len; j++) {
				c = (unsigned char)s[j];
				if (c < 0x20 || c >= 0x7F)
					break;
			}
			ok = run_ascii(r, s + i, j - i);
		} else if (c < 0x80)
			ok = run_control(r, s, len, i);
		else
			ok = run_utf8(r, s, len, i);
		if (!ok)
			break;
	}
}

static void
run_init(struct run *r, int flags, struct buf *out, size_t limit,
    size_t keep)
{
	memset(r, 0, sizeof *r);
	r->flags = flags;
	r->out = out;
	r->limit = limit;
	r->keep = keep;
}

size_t
sanitize(const char *s, size_t len, int flags, struct buf *out)
{
	struct run	r;

	run_init(&r, flags, out, SIZE_MAX, 0);
	run_text(&r, s, len);
	return r.width;
}

size_t
sanitize_width(const char *s, size_t len, int flags)
{
	struct run	r;

	run_init(&r, flags, NULL, SIZE_MAX, 0);
	run_text(&r, s, len);
	return r.width;
}

size_t
sanitize_fit(const char *s, size_t len, int flags, size_t cols,
    struct buf *out)
{
	struct run	r;
	size_t		width;

	if (cols == 0) {
		buf_add(out, "", 0);
		return 0;
	}

	/* The ellipsis is one column in either form. */
	run_init(&r, flags, out, cols, cols - 1);
	run_text(&r, s, len);
	width = r.width;
	if (r.stopped) {
		out->len = r.ck_len;
		out->data[out->len] = '\0';
		if (flags & SANITIZE_ASCII)
			buf_addc(out, '~');
		else
			buf_adds(out, "\xe2\x80\xa6");
		width = r.ck_width + 1;
	}
	if (flags & SANITIZE_PAD) {
		for (; width < cols; width++)
			buf_addc(out, ' ');
	}
	return width;
}

size_t
sanitize_cut(const char *s, size_t len, int flags, size_t cols,
    struct buf *out, size_t *used)
{
	struct run	r;

	run_init(&r, flags, out, cols, 0);
	run_text(&r, s, len);
	*used = r.used;
	return r.width;
}

bool
sanitize_is_clean(const char *s, size_t len)
{
	size_t		i = 0, n;
	unsigned char	c;
	uint32_t	cp;
	bool		base = false;
	int		w;

	while (i < len) {
		c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7F) {
			base = true;
			i++;
			continue;
		}
		if (c < 0x80)
			return false;
		n = utf8_decode(s + i, len - i, &cp);
		if (san_invalid(s + i, n, cp))
			return false;
		switch (san_classify(cp, 0, base, &w)) {
		case SAN_TEXT:
			base = true;
			break;
		case SAN_MARK:
			break;
		case SAN_HEX:
			return false;
		}
		i += n;
	}
	return true;
}

size_t
sanitize_line(const char *s, size_t len, size_t *next)
{
	const char	*nl;
	size_t		 n;

	nl = memchr(s, '\n', len);
	if (nl == NULL) {
		*next = len;
		return len;
	}
	n = (size_t)(nl - s);
	*next = n + 1;
	if (n > 0 && s[n - 1] == '\r')
		n--;
	return n;
}
