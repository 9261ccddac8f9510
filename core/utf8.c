/*
 * utf8.c: validation and repair of UTF-8 for everything that enters a case.
 *
 * Invalid input is replaced following the Unicode "maximal subpart"
 * practice (as in the WHATWG encoding standard): each maximal prefix of a
 * would-be sequence that cannot be completed becomes one U+FFFD, and every
 * byte that can never start a sequence (0x80-0xBF alone, 0xC0, 0xC1,
 * 0xF5-0xFF) becomes its own U+FFFD. Overlong forms and surrogates are
 * caught at their second byte, so "\xC0\xAF" (an overlong '/') gives two
 * replacements and never a '/'.
 */
#include "config.h"
#include "utf8.h"

#include <string.h>

#include "util.h"

#define UTF8_REPLACEMENT	"\xEF\xBF\xBD"
#define HIGH_BITS		0x8080808080808080ULL

/*
 * Read one sequence at s (len > 0). On success return its length and set
 * *cp. On failure set *cp to U+FFFD and return the length of the maximal
 * subpart to replace (1 to 3 bytes), with *bad set.
 */
static size_t
decode_one(const unsigned char *s, size_t len, uint32_t *cp, bool *bad)
{
	unsigned char	c = s[0];
	unsigned char	lo = 0x80, hi = 0xBF;
	size_t		need, i;
	uint32_t	v;

	*bad = false;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;	/* overlong below U+0800 */
		else if (c == 0xED)
			hi = 0x9F;	/* surrogates U+D800-DFFF */
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;	/* overlong below U+10000 */
		else if (c == 0xF4)
			hi = 0x8F;	/* above U+10FFFF */
	} else
		goto invalid;

	for (i = 1; i <= need; i++) {
		if (i >= len || s[i] < lo || s[i] > hi) {
			*bad = true;
			*cp = 0xFFFD;
			return i;
		}
		v = (v << 6) | (s[i] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
	*cp = v;
	return need + 1;

invalid:
	*bad = true;
	*cp = 0xFFFD;
	return 1;
}

/* Length of the all-ASCII prefix of s[0..len), eight bytes at a time. */
static size_t
ascii_run(const unsigned char *s, size_t len)
{
	size_t		i = 0;
	uint64_t	w;

	while (len - i >= 8) {
		memcpy(&w, s + i, 8);
		if ((w & HIGH_BITS) != 0)
			break;
		i += 8;
	}
	while (i < len && s[i] < 0x80)
		i++;
	return i;
}

/*
 * Length of the longest valid prefix of s[0..len): stops at the first
 * invalid sequence.
 */
static size_t
valid_run(const unsigned char *s, size_t len)
{
	size_t		i = 0, n;
	uint32_t	cp;
	bool		bad;

	for (;;) {
		i += ascii_run(s + i, len - i);
		if (i == len)
			return i;
		n = decode_one(s + i, len - i, &cp, &bad);
		if (bad)
			return i;
		i += n;
	}
}

bool
utf8_valid(const char *s, size_t len)
{
	if (len == 0)
		return true;
	return valid_run((const unsigned char *)s, len) == len;
}

/*
 * Copy valid runs whole and put one U+FFFD in place of each maximal
 * invalid subpart. Clean input costs one scan and one memcpy.
 */
size_t
utf8_repair(const char *s, size_t len, struct buf *out)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, run, n, count = 0;
	uint32_t		 cp;
	bool			 bad;

	buf_grow(out, len);
	while (i < len) {
		run = valid_run(u + i, len - i);
		if (run > 0) {
			buf_add(out, u + i, run);
			i += run;
		}
		if (i == len)
			break;
		n = decode_one(u + i, len - i, &cp, &bad);
		buf_add(out, UTF8_REPLACEMENT, 3);
		count++;
		i += n;
	}
	if (out->data != NULL)
		out->data[out->len] = '\0';
	return count;
}

size_t
utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	size_t	n;
	bool	bad;

	n = decode_one((const unsigned char *)s, len, cp, &bad);
	return bad ? 1 : n;
}

/*
 * Code points that cannot be encoded (surrogates, above U+10FFFF) are
 * written as U+FFFD, so the output is always valid.
 */
size_t
utf8_encode(uint32_t cp, char *out)
{
	unsigned char	*o = (unsigned char *)out;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/*
 * If the byte at max continues a sequence, step back to that sequence's
 * lead byte and cut before it, unless the sequence is complete before max
 * (then the byte at max is a stray continuation and max is a boundary).
 */
size_t
utf8_cut(const char *s, size_t len, size_t max)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 k, n;
	uint32_t		 cp;
	bool			 bad;

	if (len <= max)
		return len;
	if ((u[max] & 0xC0) != 0x80)
		return max;
	k = max;
	while (k > 0 && max - k < 3 && (u[k] & 0xC0) == 0x80)
		k--;
	if ((u[k] & 0xC0) == 0x80)
		return max;
	n = decode_one(u + k, len - k, &cp, &bad);
	if (k + n > max)
		return k;
	return max;
}
