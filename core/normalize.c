/*
 * normalize.c: the canonical form of each signal kind, decided once at
 * import so that a pivot is an exact lookup. Every function here is pure:
 * it reads a C string, writes into the caller's buffer (or nothing, on
 * failure, leaving out as ""), allocates nothing and never consults the
 * locale. Inputs too long for the fixed working buffers are refused
 * rather than cut, since a cut value would falsely match other cut values.
 */
#include "config.h"
#include "normalize.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "hamming.h"
#include "utf8.h"
#include "util.h"

/* Working space for inputs that must be rewritten before parsing. */
#define NORM_WORK	8192

/*
 * A bounded writer into the caller's buffer. Writing past the end sets
 * full; out_done() then empties the buffer and reports failure.
 */
struct norm_out {
	char	*p;
	size_t	 sz;
	size_t	 n;
	bool	 full;
};

static void
out_init(struct norm_out *o, char *p, size_t sz)
{
	o->p = p;
	o->sz = sz;
	o->n = 0;
	o->full = false;
	if (sz > 0)
		p[0] = '\0';
}

static void
out_c(struct norm_out *o, char c)
{
	if (o->n + 1 < o->sz)
		o->p[o->n++] = c;
	else
		o->full = true;
}

static void
out_s(struct norm_out *o, const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++)
		out_c(o, s[i]);
}

static bool
out_done(struct norm_out *o)
{
	if (o->sz == 0)
		return false;
	if (o->full) {
		o->p[0] = '\0';
		return false;
	}
	o->p[o->n] = '\0';
	return true;
}

static bool
fail(char *out, size_t outsz)
{
	if (out != NULL && outsz > 0)
		out[0] = '\0';
	return false;
}

static int
to_upper(int c)
{
	return (c >= 'a' && c <= 'z') ? c - ('a' - 'A') : c;
}

/* True when s[0..len) starts with the lowercase ASCII word w, any case. */
static bool
starts_ci(const char *s, size_t len, const char *w)
{
	size_t	i;

	for (i = 0; w[i] != '\0'; i++) {
		if (i >= len ||
		    ascii_tolower((unsigned char)s[i]) != (unsigned char)w[i])
			return false;
	}
	return true;
}

/* True when s[0..len) is exactly the lowercase ASCII word w, any case. */
static bool
equals_ci(const char *s, size_t len, const char *w)
{
	return strlen(w) == len && starts_ci(s, len, w);
}

/*
 * Trim s to [*b, *e): ASCII white space, no-break spaces (U+00A0) and a
 * byte-order mark (U+FEFF) at either end.
 */
static void
trim(const char *s, const char **b, const char **e)
{
	const char	*p = s, *q = s + strlen(s);

	for (;;) {
		if (p < q && ascii_isspace((unsigned char)*p))
			p++;
		else if (q - p >= 2 && memcmp(p, "\xC2\xA0", 2) == 0)
			p += 2;
		else if (q - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
			p += 3;
		else
			break;
	}
	for (;;) {
		if (q > p && ascii_isspace((unsigned char)q[-1]))
			q--;
		else if (q - p >= 2 && memcmp(q - 2, "\xC2\xA0", 2) == 0)
			q -= 2;
		else if (q - p >= 3 && memcmp(q - 3, "\xEF\xBB\xBF", 3) == 0)
			q -= 3;
		else
			break;
	}
	*b = p;
	*e = q;
}

/* Values that mean "nothing here", as exported by spreadsheets, pandas,
 * JavaScript, SQL dumps and hand-filled forms. */
static const char *const norm_sentinels[] = {
	"", "na", "n/a", "#n/a", "null", "(null)", "none", "nil", "nan",
	"[]", "{}", "0", "-", "--", "''", "\"\"", "undefined",
};

bool
norm_is_sentinel(const char *s)
{
	const char	*b, *e;
	size_t		 i;

	if (s == NULL)
		return true;
	trim(s, &b, &e);
	for (i = 0; i < nitems(norm_sentinels); i++) {
		if (equals_ci(b, (size_t)(e - b), norm_sentinels[i]))
			return true;
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* Phone numbers                                                       */

/* The value of a decimal digit in ASCII, Arabic-Indic, Persian or
 * full-width form, or -1. */
static int
phone_digit(uint32_t cp)
{
	if (cp >= '0' && cp <= '9')
		return (int)(cp - '0');
	if (cp >= 0x0660 && cp <= 0x0669)
		return (int)(cp - 0x0660);
	if (cp >= 0x06F0 && cp <= 0x06F9)
		return (int)(cp - 0x06F0);
	if (cp >= 0xFF10 && cp <= 0xFF19)
		return (int)(cp - 0xFF10);
	return -1;
}

/* Punctuation people put between the digits of a phone number. */
static bool
phone_separator(uint32_t cp)
{
	switch (cp) {
	case ' ': case '\t': case '-': case '.': case '(': case ')':
	case '/': case '[': case ']': case 0xA0: case 0x2212: case 0x202F:
	case 0x3000: case 0xFF08: case 0xFF09: case 0xFF0D:
		return true;
	}
	return (cp >= 0x2000 && cp <= 0x200A) || (cp >= 0x2010 && cp <= 0x2015);
}

/*
 * Spreadsheets turn a number column into floats: "79123456789.0". When
 * the whole value is [+]digits.0..., return the end without the fraction.
 */
static const char *
phone_drop_float(const char *p, const char *e)
{
	const char	*q = p, *dot;

	if (q < e && *q == '+')
		q++;
	while (q < e && ascii_isdigit((unsigned char)*q))
		q++;
	if (q == p || q >= e || *q != '.' || q + 1 == e)
		return e;
	dot = q++;
	while (q < e && *q == '0')
		q++;
	return q == e ? dot : e;
}

/*
 * Phone numbers become E.164 digits without the '+'. A leading "00" is
 * the international prefix used outside North America, so it is read as
 * '+'. In "+44 (0) 20 ..." the "(0)" is the national trunk prefix and is
 * dropped. Text after the number that marks an extension ("x12", "ext.
 * 12", "#12", ";ext=12", ",12") ends it; any other letter makes the value
 * unreadable. Numbers without a country code keep their digits as
 * written. Fewer than 5 or more than 15 digits, or all zeros, is junk.
 */
bool
norm_phone(const char *raw, char *out, size_t outsz)
{
	struct norm_out	 o;
	char		 digits[20];
	const char	*p, *e, *start;
	size_t		 nd = 0, n, i;
	uint32_t	 cp;
	bool		 plus = false, intl, zeros;
	int		 d;

	if (norm_is_sentinel(raw))
		return fail(out, outsz);
	trim(raw, &p, &e);
	if (starts_ci(p, (size_t)(e - p), "tel:"))
		p += 4;
	e = phone_drop_float(p, e);
	while (p < e) {
		n = utf8_decode(p, (size_t)(e - p), &cp);
		if ((d = phone_digit(cp)) >= 0) {
			if (nd == sizeof digits)
				return fail(out, outsz);
			digits[nd++] = (char)('0' + d);
		} else if (cp == '+' || cp == 0xFF0B) {
			if (nd > 0 || plus)
				return fail(out, outsz);
			plus = true;
		} else if (cp == '(' && e - p >= 3 && p[1] == '0' &&
		    p[2] == ')' && nd > 0 &&
		    (plus || (nd > 2 && digits[0] == '0' && digits[1] == '0'))) {
			n = 3;
		} else if (phone_separator(cp)) {
			/* nothing */
		} else if (nd > 0 && (cp == '#' || cp == ';' || cp == ',' ||
		    cp == 'x' || cp == 'X' ||
		    starts_ci(p, (size_t)(e - p), "ext") ||
		    starts_ci(p, (size_t)(e - p), "\xd0\xb4\xd0\xbe\xd0\xb1") ||
		    starts_ci(p, (size_t)(e - p), "\xd0\x94\xd0\xbe\xd0\xb1"))) {
			/* "x", "ext", "#", ";ext=", Russian "доб." */
			break;
		} else
			return fail(out, outsz);
		p += n;
	}

	start = digits;
	intl = plus;
	if (!plus && nd > 2 && digits[0] == '0' && digits[1] == '0') {
		start += 2;
		nd -= 2;
		intl = true;
	}
	if (intl && (nd == 0 || start[0] == '0'))
		return fail(out, outsz);	/* no country code starts with 0 */
	if (nd < 5 || nd > 15)
		return fail(out, outsz);
	zeros = true;
	for (i = 0; i < nd; i++) {
		if (start[i] != '0')
			zeros = false;
	}
	if (zeros)
		return fail(out, outsz);

	out_init(&o, out, outsz);
	out_s(&o, start, nd);
	return out_done(&o);
}

/* ------------------------------------------------------------------ */
/* Host names and IP addresses                                         */

/* Defanged spellings of '.', ':' and '@' in shared indicators. */
static const struct {
	const char	*from;
	char		 to;
	bool		 at;
} refang_rules[] = {
	{ "[.]", '.', false }, { "(.)", '.', false }, { "{.}", '.', false },
	{ "[dot]", '.', false }, { "(dot)", '.', false }, { "[:]", ':', false },
	{ "[@]", '@', true }, { "(@)", '@', true }, { "[at]", '@', true },
	{ "(at)", '@', true },
};

/*
 * If s[0..len) starts with a defanged form, return the character it
 * stands for and set *used to its length; else return 0.
 */
static char
refang_one(const char *s, size_t len, bool at, size_t *used)
{
	size_t	r;

	if (len == 0 || (s[0] != '[' && s[0] != '(' && s[0] != '{'))
		return 0;
	for (r = 0; r < nitems(refang_rules); r++) {
		if ((at || !refang_rules[r].at) &&
		    starts_ci(s, len, refang_rules[r].from)) {
			*used = strlen(refang_rules[r].from);
			return refang_rules[r].to;
		}
	}
	return 0;
}

/*
 * Copy s[0..len) to dst (dstsz bytes) undoing the defanging of
 * indicators: "[.]", "(.)", "{.}", "[dot]", "(dot)" become ".", "[:]"
 * becomes ":" and, with at, "[@]", "(@)", "[at]", "(at)" become "@".
 * ASCII letters are lowercased. Returns the length, or (size_t)-1 when
 * it does not fit.
 */
static size_t
refang(const char *s, size_t len, char *dst, size_t dstsz, bool at)
{
	size_t	i = 0, n = 0, used;
	char	c;

	while (i < len) {
		if (n + 1 >= dstsz)
			return (size_t)-1;
		if ((c = refang_one(s + i, len - i, at, &used)) != 0) {
			dst[n++] = c;
			i += used;
		} else
			dst[n++] = (char)ascii_tolower((unsigned char)s[i++]);
	}
	if (dstsz == 0)
		return (size_t)-1;
	dst[n] = '\0';
	return n;
}

/* Parse exactly a dotted quad of decimal parts 0-255 (at most 3 digits
 * each; zero-padded parts such as "010" are read as decimal). */
static bool
ipv4_parse(const char *s, size_t len, unsigned char a[4])
{
	size_t		i = 0;
	int		part, nd;
	unsigned	v;

	for (part = 0; part < 4; part++) {
		if (part > 0) {
			if (i >= len || s[i] != '.')
				return false;
			i++;
		}
		v = 0;
		for (nd = 0; i < len && ascii_isdigit((unsigned char)s[i]); nd++) {
			if (nd == 3)
				return false;
			v = v * 10 + (unsigned)(s[i++] - '0');
		}
		if (nd == 0 || v > 255)
			return false;
		a[part] = (unsigned char)v;
	}
	return i == len;
}

/*
 * Format a 16-byte IPv6 address as RFC 5952 text: lowercase hex without
 * leading zeros, the first longest run of two or more zero groups as
 * "::". buf needs 40 bytes.
 */
static void
ipv6_format(const unsigned char a[16], char *buf)
{
	unsigned	w[8];
	int		i, best = -1, bestlen = 0, run, len;
	size_t		n = 0;

	for (i = 0; i < 8; i++)
		w[i] = ((unsigned)a[2 * i] << 8) | a[2 * i + 1];
	for (i = 0; i < 8; i += run > 0 ? run : 1) {
		for (run = 0; i + run < 8 && w[i + run] == 0; run++)
			/* nothing */;
		if (run > bestlen) {
			best = i;
			bestlen = run;
		}
	}
	if (bestlen < 2)
		best = -1;
	for (i = 0; i < 8; i++) {
		if (i == best) {
			buf[n++] = ':';
			buf[n++] = ':';
			i += bestlen - 1;
			continue;
		}
		if (n > 0 && buf[n - 1] != ':')
			buf[n++] = ':';
		len = snprintf(buf + n, 5, "%x", w[i]);
		n += (size_t)len;
	}
	buf[n] = '\0';
}

/*
 * Read an IPv4 or IPv6 address from s[0..len), already refanged. Accepts
 * "[v6]", "[v6]:port", "v4:port" and a "%zone" suffix on v6, none of
 * which is part of the address. IPv4-mapped IPv6 (::ffff:a.b.c.d) is the
 * IPv4 host it maps. Returns 4 or 6 (the family), or 0.
 */
static int
ip_parse(const char *s, size_t len, unsigned char a[16])
{
	char		 tmp[64];
	const char	*p, *colon, *pct;
	size_t		 i;
	static const unsigned char mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};

	if (len == 0 || len >= sizeof tmp)
		return 0;
	if (s[0] == '[') {
		p = memchr(s, ']', len);
		if (p == NULL)
			return 0;
		if ((size_t)(p - s) + 1 < len) {
			/* only ":digits" may follow */
			if (p[1] != ':' || (size_t)(p - s) + 2 == len)
				return 0;
			for (i = (size_t)(p - s) + 2; i < len; i++) {
				if (!ascii_isdigit((unsigned char)s[i]))
					return 0;
			}
		}
		len = (size_t)(p - s) - 1;
		s++;
		if (memchr(s, '.', len) == NULL && memchr(s, ':', len) == NULL)
			return 0;
	}
	colon = memchr(s, ':', len);
	if (colon == NULL || (memchr(s, '.', len) != NULL &&
	    memchr(colon + 1, ':', len - (size_t)(colon - s) - 1) == NULL)) {
		/* IPv4, maybe with ":port" */
		if (colon != NULL) {
			if ((size_t)(colon - s) + 1 == len)
				return 0;
			for (p = colon + 1; p < s + len; p++) {
				if (!ascii_isdigit((unsigned char)*p))
					return 0;
			}
			len = (size_t)(colon - s);
		}
		if (!ipv4_parse(s, len, a))
			return 0;
		return 4;
	}
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	if ((pct = strchr(tmp, '%')) != NULL)
		tmp[pct - tmp] = '\0';
	if (inet_pton(AF_INET6, tmp, a) != 1)
		return 0;
	if (memcmp(a, mapped, sizeof mapped) == 0) {
		memmove(a, a + 12, 4);
		return 4;
	}
	return 6;
}

/* Write the address (and its /24 or /48 block, when block is set). */
static void
ip_write(int family, const unsigned char a[16], struct norm_out *o,
    struct norm_out *block)
{
	char		text[48];
	unsigned char	net[16];
	int		n;

	if (family == 4) {
		n = snprintf(text, sizeof text, "%u.%u.%u.%u", a[0], a[1],
		    a[2], a[3]);
		out_s(o, text, (size_t)n);
		if (block != NULL) {
			n = snprintf(text, sizeof text, "%u.%u.%u.0/24", a[0],
			    a[1], a[2]);
			out_s(block, text, (size_t)n);
		}
		return;
	}
	ipv6_format(a, text);
	out_s(o, text, strlen(text));
	if (block != NULL) {
		memset(net, 0, sizeof net);
		memcpy(net, a, 6);
		ipv6_format(net, text);
		out_s(block, text, strlen(text));
		out_s(block, "/48", 3);
	}
}

static bool
ip_unspecified(int family, const unsigned char a[16])
{
	static const unsigned char zero[16];

	return memcmp(a, zero, family == 4 ? 4 : 16) == 0;
}

/*
 * IPv4 is a plain dotted quad, IPv6 is RFC 5952 text. The unspecified
 * addresses 0.0.0.0 and :: are placeholders, not values. block may be
 * NULL when the caller does not want it.
 */
bool
norm_ip(const char *raw, char *out, size_t outsz, char *block,
    size_t blocksz)
{
	struct norm_out	 o, ob;
	char		 tmp[64];
	unsigned char	 a[16];
	const char	*b, *e;
	size_t		 len;
	int		 family;

	if (block != NULL)
		fail(block, blocksz);
	if (norm_is_sentinel(raw))
		return fail(out, outsz);
	trim(raw, &b, &e);
	len = refang(b, (size_t)(e - b), tmp, sizeof tmp, false);
	if (len == (size_t)-1)
		return fail(out, outsz);
	if ((family = ip_parse(tmp, len, a)) == 0 ||
	    ip_unspecified(family, a))
		return fail(out, outsz);

	out_init(&o, out, outsz);
	if (block != NULL)
		out_init(&ob, block, blocksz);
	ip_write(family, a, &o, block != NULL ? &ob : NULL);
	if (!out_done(&o) || (block != NULL && !out_done(&ob))) {
		if (block != NULL)
			fail(block, blocksz);
		return fail(out, outsz);
	}
	return true;
}

/*
 * The block an address or a network belongs to: "203.0.113.7",
 * "203.0.113.0/24" and "203.0.113.7/32" all give "203.0.113.0/24". A
 * prefix shorter than /24 (/48 for IPv6) does not name one block.
 */
static bool
norm_ip_block(const char *raw, char *out, size_t outsz)
{
	char		 tmp[64], addr[NORM_MAX];
	const char	*b, *e, *slash;
	size_t		 len;
	int64_t		 prefix = -1;
	bool		 v6;

	if (norm_is_sentinel(raw))
		return fail(out, outsz);
	trim(raw, &b, &e);
	len = (size_t)(e - b);
	if (len >= sizeof tmp)
		return fail(out, outsz);
	memcpy(tmp, b, len);
	tmp[len] = '\0';
	if ((slash = strchr(tmp, '/')) != NULL) {
		if (!parse_int64(slash + 1, &prefix) ||
		    !ascii_isdigit((unsigned char)slash[1]))
			return fail(out, outsz);
		tmp[slash - tmp] = '\0';
	}
	if (!norm_ip(tmp, addr, sizeof addr, out, outsz))
		return fail(out, outsz);
	if (prefix >= 0) {
		v6 = strchr(addr, ':') != NULL;
		if (prefix < (v6 ? 48 : 24) || prefix > (v6 ? 128 : 32))
			return fail(out, outsz);
	}
	return true;
}

/*
 * Write a host name: lowercase, no trailing dot, no "www." labels in
 * front (unless that would leave a single label), IP literals canonical. Host
 * names are ASCII letters, digits, '-', '_' and '.', or UTF-8 (IDN, kept
 * as written); anything else, or an empty label, is refused. So are the
 * no-break space and the BOM, which trim() takes for white space: a host
 * kept with one would not normalize to itself.
 */
static bool
host_write(const char *h, size_t len, struct norm_out *o)
{
	unsigned char	 a[16];
	char		 text[48];
	size_t		 i;
	int		 family;

	if (len > 0 && h[0] == '[') {
		if (h[len - 1] != ']' || (family = ip_parse(h, len, a)) == 0)
			return false;
		if (family == 4) {
			/* [::ffff:a.b.c.d] is the IPv4 host */
			ip_write(4, a, o, NULL);
			return true;
		}
		ipv6_format(a, text);
		out_c(o, '[');
		out_s(o, text, strlen(text));
		out_c(o, ']');
		return true;
	}
	if (len > 0 && h[len - 1] == '.')
		len--;
	if (len == 0 || h[0] == '.')
		return false;
	if (ip_parse(h, len, a) == 4) {
		ip_write(4, a, o, NULL);
		return true;
	}
	if (!utf8_valid(h, len))
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)h[i];

		if (c == '.' && (i + 1 == len || h[i + 1] == '.'))
			return false;
		if (!(c >= 0x80 || ascii_isalpha(c) || ascii_isdigit(c) || c == '-' ||
		    c == '_' || c == '.'))
			return false;
		if ((len - i >= 2 && memcmp(h + i, "\xC2\xA0", 2) == 0) ||
		    (len - i >= 3 && memcmp(h + i, "\xEF\xBB\xBF", 3) == 0))
			return false;
	}
	/* Every "www." in front: one left would not normalize to itself. */
	while (starts_ci(h, len, "www.") && memchr(h + 4, '.', len - 4) !=
	    NULL) {
		h += 4;
		len -= 4;
	}
	for (i = 0; i < len; i++)
		out_c(o, (char)ascii_tolower((unsigned char)h[i]));
	return true;
}

/* ------------------------------------------------------------------ */
/* URLs                                                                */

/* The parts of a URL, as pointers into the refanged text. */
struct url_parts {
	const char	*scheme;
	size_t		 schemelen;
	const char	*user;
	size_t		 userlen;
	const char	*host;
	size_t		 hostlen;
	const char	*port;
	size_t		 portlen;
	const char	*path;
	size_t		 pathlen;
	const char	*query;
	size_t		 querylen;
};

static const struct {
	const char	*scheme;
	unsigned	 port;
} url_default_ports[] = {
	{ "http", 80 }, { "https", 443 }, { "ws", 80 }, { "wss", 443 },
	{ "ftp", 21 },
};

/* Query parameters that identify a click, a campaign or a share, not the
 * page: dropping them makes the same page the same URL. Keys starting
 * with "utm_" are dropped too. */
static const char *const url_tracking_params[] = {
	"fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid",
	"yclid", "twclid", "ttclid", "li_fat_id", "igshid", "igsh",
	"mc_cid", "mc_eid", "ref_src", "ref_url", "si", "_ga", "_gl",
	"mkt_tok", "_hsenc", "_hsmi", "oly_anon_id", "oly_enc_id", "vero_id",
	"rb_clickid", "s_cid", "__s",
};

/*
 * Copy a defanged URL into dst: "hxxp"/"hXXp" becomes "http" at the
 * start, "[://]" becomes "://", and the bracket forms of refang() are
 * undone in the scheme and authority only (paths may hold "(.)" for
 * real). Returns the length or (size_t)-1 when too long.
 */
static size_t
url_refang(const char *s, size_t len, char *dst, size_t dstsz)
{
	size_t	i = 0, n = 0, auth, used;
	char	c;

	if (starts_ci(s, len, "hxxp")) {
		if (dstsz < 5)
			return (size_t)-1;
		memcpy(dst, "http", 4);
		n = 4;
		i = 4;
	}
	/* The authority ends at the first '/', '?' or '#' not part of
	 * the "://" after the scheme or a leading "//". */
	for (auth = i; auth < len; auth++) {
		if (s[auth] == ':' && len - auth >= 3 &&
		    memcmp(s + auth, "://", 3) == 0) {
			auth += 2;
			continue;
		}
		if (starts_ci(s + auth, len - auth, "[://]")) {
			auth += 4;
			continue;
		}
		if (auth == 0 && len >= 2 && memcmp(s, "//", 2) == 0) {
			auth++;
			continue;
		}
		if (s[auth] == '/' || s[auth] == '?' || s[auth] == '#')
			break;
	}
	while (i < auth) {
		if (n + 4 >= dstsz)
			return (size_t)-1;
		if (starts_ci(s + i, auth - i, "[://]")) {
			memcpy(dst + n, "://", 3);
			n += 3;
			i += 5;
		} else if ((c = refang_one(s + i, auth - i, false, &used)) != 0) {
			dst[n++] = c;
			i += used;
		} else
			dst[n++] = s[i++];
	}
	if (n + (len - i) + 1 > dstsz)
		return (size_t)-1;
	memcpy(dst + n, s + i, len - i);
	n += len - i;
	dst[n] = '\0';
	return n;
}

/*
 * Split a URL (refanged, NUL-terminated, no surrounding space) into its
 * parts. A scheme counts only when followed by "://"; without one the
 * text is read as host[:port][/path], and "mailto:", "javascript:" and
 * other scheme-only forms are refused.
 */
static bool
url_split(const char *s, struct url_parts *u)
{
	const char	*p = s, *auth, *end, *at, *hp, *q;

	memset(u, 0, sizeof *u);
	if (ascii_isalpha((unsigned char)*p)) {
		q = p;
		while (ascii_isalpha((unsigned char)*q) || ascii_isdigit((unsigned char)*q) ||
		    *q == '+' || *q == '-' || *q == '.')
			q++;
		if (strncmp(q, "://", 3) == 0) {
			u->scheme = p;
			u->schemelen = (size_t)(q - p);
			p = q + 3;
		}
	}
	if (u->scheme == NULL) {
		if (p[0] == '/' && p[1] == '/')
			p += 2;
		else {
			q = p + strcspn(p, ":/?#");
			if (*q == ':') {
				/* "host:8080/x" is fine, "mailto:x" is not */
				end = q + 1 + strcspn(q + 1, "/?#");
				if (end == q + 1)
					return false;
				for (hp = q + 1; hp < end; hp++) {
					if (!ascii_isdigit((unsigned char)*hp))
						return false;
				}
			}
		}
	}

	/* The authority runs to the first '/', '?' or '#'; its last '@'
	 * ends the user part. */
	auth = p;
	at = NULL;
	for (end = auth; *end != '\0' && *end != '/' && *end != '?' &&
	    *end != '#'; end++) {
		if (*end == '@')
			at = end;
	}
	hp = auth;
	if (at != NULL) {
		u->user = auth;
		u->userlen = (size_t)(at - auth);
		hp = at + 1;
	}
	u->host = hp;
	if (*hp == '[') {
		q = memchr(hp, ']', (size_t)(end - hp));
		if (q == NULL)
			return false;
		q++;
	} else {
		q = memchr(hp, ':', (size_t)(end - hp));
		if (q == NULL)
			q = end;
	}
	u->hostlen = (size_t)(q - hp);
	if (q < end) {
		if (*q != ':')
			return false;
		u->port = q + 1;
		u->portlen = (size_t)(end - q - 1);
	}

	p = end;
	if (*p == '/') {
		u->path = p;
		u->pathlen = strcspn(p, "?#");
		p += u->pathlen;
	}
	if (*p == '?') {
		u->query = p + 1;
		u->querylen = strcspn(p + 1, "#");
	}
	return u->hostlen > 0;
}

/* Copy a path or query part: percent escapes in upper case, spaces
 * escaped (the no-break space and the BOM too: trim() takes them for
 * white space, so one left raw at the end would not normalize to
 * itself), control characters refused. */
static bool
url_write_part(const char *s, size_t len, struct norm_out *o)
{
	size_t		i;
	unsigned char	c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return false;
		if (c == ' ')
			out_s(o, "%20", 3);
		else if (len - i >= 2 && memcmp(s + i, "\xC2\xA0", 2) == 0) {
			out_s(o, "%C2%A0", 6);
			i += 1;
		} else if (len - i >= 3 && memcmp(s + i, "\xEF\xBB\xBF", 3) == 0) {
			out_s(o, "%EF%BB%BF", 9);
			i += 2;
		}
		else if (c == '%' && i + 2 < len && ascii_isxdigit((unsigned char)s[i + 1]) &&
		    ascii_isxdigit((unsigned char)s[i + 2])) {
			out_c(o, '%');
			out_c(o, (char)to_upper((unsigned char)s[i + 1]));
			out_c(o, (char)to_upper((unsigned char)s[i + 2]));
			i += 2;
		} else
			out_c(o, (char)c);
	}
	return true;
}

static bool
url_is_tracking(const char *key, size_t len)
{
	size_t	i;

	if (starts_ci(key, len, "utm_"))
		return true;
	for (i = 0; i < nitems(url_tracking_params); i++) {
		if (equals_ci(key, len, url_tracking_params[i]))
			return true;
	}
	return false;
}

/*
 * Userinfo, path and the kept query parameters are kept as written
 * (their case matters to servers); only percent escapes are upper-cased.
 * Host names are not converted to punycode. Dot segments are not
 * resolved.
 */
bool
norm_url(const char *raw, char *out, size_t outsz)
{
	struct norm_out		 o;
	struct url_parts	 u;
	char			 work[NORM_WORK];
	const char		*b, *e, *q, *qe, *amp, *eq;
	size_t			 i, len;
	unsigned		 port = 0;
	bool			 first;

	if (norm_is_sentinel(raw))
		return fail(out, outsz);
	trim(raw, &b, &e);
	len = url_refang(b, (size_t)(e - b), work, sizeof work);
	if (len == (size_t)-1 || !url_split(work, &u))
		return fail(out, outsz);

	out_init(&o, out, outsz);
	if (u.scheme != NULL) {
		for (i = 0; i < u.schemelen; i++)
			out_c(&o, (char)ascii_tolower((unsigned char)u.scheme[i]));
	} else
		out_s(&o, "http", 4);
	out_s(&o, "://", 3);
	if (u.user != NULL) {
		if (!url_write_part(u.user, u.userlen, &o))
			return fail(out, outsz);
		out_c(&o, '@');
	}
	if (!host_write(u.host, u.hostlen, &o))
		return fail(out, outsz);
	if (u.scheme == NULL && u.host[0] != '[' &&
	    memchr(u.host, '.', u.hostlen) == NULL)
		return fail(out, outsz);	/* a bare word is not a link */
	if (u.port != NULL && u.portlen > 0) {
		for (i = 0; i < u.portlen; i++) {
			if (!ascii_isdigit((unsigned char)u.port[i]))
				return fail(out, outsz);
			port = port * 10 + (unsigned)(u.port[i] - '0');
			if (port > 65535)
				return fail(out, outsz);
		}
		for (i = 0; i < nitems(url_default_ports); i++) {
			if (url_default_ports[i].port == port &&
			    (u.scheme == NULL ? i == 0 :
			    equals_ci(u.scheme, u.schemelen,
			    url_default_ports[i].scheme)))
				break;
		}
		if (i == nitems(url_default_ports)) {
			char	num[8];
			int	n = snprintf(num, sizeof num, ":%u", port);

			out_s(&o, num, (size_t)n);
		}
	}
	if (u.path != NULL && u.pathlen > 0) {
		if (!url_write_part(u.path, u.pathlen, &o))
			return fail(out, outsz);
	} else
		out_c(&o, '/');

	if (u.query != NULL) {
		first = true;
		q = u.query;
		qe = u.query + u.querylen;
		while (q < qe) {
			amp = memchr(q, '&', (size_t)(qe - q));
			if (amp == NULL)
				amp = qe;
			eq = memchr(q, '=', (size_t)(amp - q));
			if (eq == NULL)
				eq = amp;
			if (amp > q && !url_is_tracking(q, (size_t)(eq - q))) {
				out_c(&o, first ? '?' : '&');
				first = false;
				if (!url_write_part(q, (size_t)(amp - q), &o))
					return fail(out, outsz);
			}
			q = amp + 1;
		}
	}
	return out_done(&o);
}

/*
 * A domain is the host of a URL or of a bare name ("Example.COM.",
 * "www.example.com:8080", "example[.]com/path", "user@example.com"); it
 * must have at least two labels or be an IP address.
 */
bool
norm_domain(const char *raw, char *out, size_t outsz)
{
	struct norm_out		 o;
	struct url_parts	 u;
	char			 work[NORM_WORK], ip[64];
	const char		*b, *e;
	size_t			 len;

	if (norm_is_sentinel(raw))
		return fail(out, outsz);
	trim(raw, &b, &e);
	len = url_refang(b, (size_t)(e - b), work, sizeof work);
	if (len == (size_t)-1 || !url_split(work, &u))
		return fail(out, outsz);
	if (u.host[0] == '[') {
		/* an IPv6 literal: the address, without brackets */
		if (u.hostlen >= 64)
			return fail(out, outsz);
		memcpy(ip, u.host, u.hostlen);
		ip[u.hostlen] = '\0';
		return norm_ip(ip, out, outsz, NULL, 0);
	}
	out_init(&o, out, outsz);
	if (!host_write(u.host, u.hostlen, &o) || !out_done(&o))
		return fail(out, outsz);
	if (strchr(out, '.') == NULL)
		return fail(out, outsz);
	return true;
}

/* ------------------------------------------------------------------ */
/* E-mail                                                              */

#define EMAIL_DOTS	0x1	/* dots in the local part are ignored */
#define EMAIL_PLUS	0x2	/* "+tag" suffixes are ignored */

/*
 * Providers whose documented delivery rules make different spellings
 * one mailbox. Deliberately absent: Yahoo (no '+' addressing; its "-"
 * disposable addresses need a per-account base name), iCloud and Yandex
 * (rules not stable enough to merge accounts on), and Proton's dot
 * handling (not documented for delivery).
 */
static const struct {
	const char	*domain;
	const char	*canonical;
	int		 flags;
} email_providers[] = {
	{ "gmail.com", "gmail.com", EMAIL_DOTS|EMAIL_PLUS },
	{ "googlemail.com", "gmail.com", EMAIL_DOTS|EMAIL_PLUS },
	{ "outlook.com", NULL, EMAIL_PLUS },
	{ "hotmail.com", NULL, EMAIL_PLUS },
	{ "live.com", NULL, EMAIL_PLUS },
	{ "msn.com", NULL, EMAIL_PLUS },
	{ "hotmail.co.uk", NULL, EMAIL_PLUS },
	{ "hotmail.fr", NULL, EMAIL_PLUS },
	{ "hotmail.de", NULL, EMAIL_PLUS },
	{ "hotmail.it", NULL, EMAIL_PLUS },
	{ "hotmail.es", NULL, EMAIL_PLUS },
	{ "outlook.fr", NULL, EMAIL_PLUS },
	{ "outlook.de", NULL, EMAIL_PLUS },
	{ "live.co.uk", NULL, EMAIL_PLUS },
	{ "live.fr", NULL, EMAIL_PLUS },
	{ "protonmail.com", NULL, EMAIL_PLUS },
	{ "protonmail.ch", NULL, EMAIL_PLUS },
	{ "proton.me", NULL, EMAIL_PLUS },
	{ "pm.me", NULL, EMAIL_PLUS },
	{ "fastmail.com", NULL, EMAIL_PLUS },
	{ "fastmail.fm", NULL, EMAIL_PLUS },
};

/*
 * "Name <user@host>" and "mailto:user@host?subject=..." are read as the
 * address inside. Defanged "user[at]example[.]com" is refanged. Quotes,
 * white space and control characters make the value unreadable.
 */
bool
norm_email(const char *raw, char *out, size_t outsz)
{
	struct norm_out	 o;
	char		 work[NORM_MAX];
	const char	*b, *e, *lt, *domain, *at, *dom;
	size_t		 len, i, locallen, domlen;
	int		 flags = 0;
	unsigned char	 c;

	if (norm_is_sentinel(raw))
		return fail(out, outsz);
	trim(raw, &b, &e);
	if (e > b && e[-1] == '>') {
		for (lt = e - 1; lt > b && lt[-1] != '<'; lt--)
			/* nothing */;
		if (lt == b)
			return fail(out, outsz);
		b = lt;
		e--;
	}
	if (starts_ci(b, (size_t)(e - b), "mailto:")) {
		b += 7;
		if ((lt = memchr(b, '?', (size_t)(e - b))) != NULL)
			e = lt;
	}
	len = refang(b, (size_t)(e - b), work, sizeof work, true);
	if (len == (size_t)-1 || len == 0)
		return fail(out, outsz);
	at = NULL;
	for (i = 0; i < len; i++) {
		c = (unsigned char)work[i];
		if (c <= ' ' || c == 0x7f || c == '"' || c == '<' ||
		    c == '>' || c == ',' || c == ';' || c == '(' || c == ')' ||
		    c == '[' || c == ']' || c == '\\')
			return fail(out, outsz);
		if (c == '@') {
			if (at != NULL)
				return fail(out, outsz);
			at = work + i;
		}
	}
	if (at == NULL || at == work)
		return fail(out, outsz);
	locallen = (size_t)(at - work);
	domain = at + 1;
	domlen = len - locallen - 1;
	if (domlen > 0 && domain[domlen - 1] == '.')
		domlen--;
	if (domlen == 0 || domain[0] == '.' ||
	    memchr(domain, '.', domlen) == NULL)
		return fail(out, outsz);
	if (!utf8_valid(domain, domlen))
		return fail(out, outsz);
	for (i = 0; i < domlen; i++) {
		c = (unsigned char)domain[i];
		if (c == '.' && domain[i + 1] == '.')
			return fail(out, outsz);
		if (!(c >= 0x80 || ascii_isalpha(c) || ascii_isdigit(c) || c == '-' ||
		    c == '_' || c == '.'))
			return fail(out, outsz);
	}

	dom = domain;
	for (i = 0; i < nitems(email_providers); i++) {
		if (equals_ci(domain, domlen, email_providers[i].domain)) {
			flags = email_providers[i].flags;
			if (email_providers[i].canonical != NULL) {
				dom = email_providers[i].canonical;
				domlen = strlen(dom);
			}
			break;
		}
	}
	if ((flags & EMAIL_PLUS) &&
	    (lt = memchr(work, '+', locallen)) != NULL)
		locallen = (size_t)(lt - work);

	out_init(&o, out, outsz);
	for (i = 0; i < locallen; i++) {
		if ((flags & EMAIL_DOTS) && work[i] == '.')
			continue;
		out_c(&o, work[i]);
	}
	if (o.n == 0)
		return fail(out, outsz);
	out_c(&o, '@');
	out_s(&o, dom, domlen);
	return out_done(&o);
}

/*
 * The domain of an e-mail address, after norm_email() (so
 * "x@googlemail.com" gives "gmail.com"). A value without '@' is taken to
 * be the domain already and read with norm_domain().
 */
bool
norm_email_domain(const char *email, char *out, size_t outsz)
{
	struct norm_out	 o;
	char		 tmp[NORM_MAX];
	const char	*at;

	if (norm_is_sentinel(email))
		return fail(out, outsz);
	if (strchr(email, '@') == NULL && strstr(email, "[at]") == NULL &&
	    strstr(email, "(at)") == NULL)
		return norm_domain(email, out, outsz);
	if (!norm_email(email, tmp, sizeof tmp))
		return fail(out, outsz);
	at = strchr(tmp, '@');
	out_init(&o, out, outsz);
	out_s(&o, at + 1, strlen(at + 1));
	return out_done(&o);
}

/* ------------------------------------------------------------------ */
/* Handles, tokens and text                                            */

/*
 * A handle is one word: white space or control characters inside it mean
 * the value is something else (a display name in the wrong column).
 * Only ASCII letters are lowercased. Every leading '@' goes (with white
 * space after it), and what is left must not be a sentinel, so a
 * normalized handle normalizes to itself ("@@anna", "@ anna" and "@anna"
 * are all "anna"; "@null" is no handle).
 */
bool
norm_handle(const char *raw, char *out, size_t outsz)
{
	struct norm_out	 o;
	const char	*b, *e;
	unsigned char	 c;

	if (norm_is_sentinel(raw))
		return fail(out, outsz);
	trim(raw, &b, &e);
	while (b < e && *b == '@')
		trim(b + 1, &b, &e);
	if (b == e || norm_is_sentinel(b))
		return fail(out, outsz);
	out_init(&o, out, outsz);
	for (; b < e; b++) {
		c = (unsigned char)*b;
		if (c <= ' ' || c == 0x7f)
			return fail(out, outsz);
		out_c(&o, (char)ascii_tolower(c));
	}
	return out_done(&o);
}

/*
 * '#' counts as a digit run too, so a template given again (a query for
 * "anna_petrova#") is returned unchanged rather than refused.
 */
bool
norm_handle_template(const char *handle, char *out, size_t outsz)
{
	struct norm_out	 o;
	char		 h[NORM_MAX];
	size_t		 i;
	bool		 run = false, any = false;

	if (!norm_handle(handle, h, sizeof h))
		return fail(out, outsz);
	out_init(&o, out, outsz);
	for (i = 0; h[i] != '\0'; i++) {
		if (ascii_isdigit((unsigned char)h[i]) || h[i] == '#') {
			if (!run)
				out_c(&o, '#');
			run = any = true;
		} else {
			out_c(&o, h[i]);
			run = false;
		}
	}
	if (!any)
		return fail(out, outsz);
	return out_done(&o);
}

bool
norm_handle_family(const char *handle, char *out, size_t outsz)
{
	struct norm_out	 o;
	char		 h[NORM_MAX];
	size_t		 i, n = 0;
	char		 last = '\0', c;

	if (!norm_handle(handle, h, sizeof h))
		return fail(out, outsz);
	out_init(&o, out, outsz);
	for (i = 0; h[i] != '\0'; i++) {
		c = h[i];
		if (ascii_isdigit((unsigned char)c) || strchr("#._-", c))
			continue;
		if (n > 0 && strchr("aeiouy", c) != NULL)
			continue;
		if (c == last)
			continue;
		out_c(&o, c);
		last = c;
		n++;
	}
	if (n < NORM_FAMILY_MIN)
		return fail(out, outsz);
	return out_done(&o);
}

bool
norm_kind_is_phash(const char *kind)
{
	size_t	n = strlen(kind);

	return n > 6 && (strcmp(kind + n - 6, "_phash") == 0 ||
	    strcmp(kind + n - 6, "_dhash") == 0);
}

bool
norm_phash(const char *raw, char *out, size_t outsz)
{
	uint64_t	h;

	if (outsz < 17 || !hamming_parse(raw, &h, NULL))
		return fail(out, outsz);
	hamming_format(h, out);
	return true;
}

bool
norm_token(const char *raw, char *out, size_t outsz)
{
	struct norm_out	 o;
	const char	*b, *e;

	if (norm_is_sentinel(raw))
		return fail(out, outsz);
	trim(raw, &b, &e);
	out_init(&o, out, outsz);
	for (; b < e; b++)
		out_c(&o, (char)ascii_tolower((unsigned char)*b));
	return out_done(&o);
}

bool
norm_text(const char *raw, char *out, size_t outsz)
{
	struct norm_out	 o;
	const char	*b, *e;
	bool		 space = false;

	if (norm_is_sentinel(raw))
		return fail(out, outsz);
	trim(raw, &b, &e);
	out_init(&o, out, outsz);
	for (; b < e; b++) {
		if (ascii_isspace((unsigned char)*b)) {
			space = true;
			continue;
		}
		if (space)
			out_c(&o, ' ');
		space = false;
		out_c(&o, *b);
	}
	return out_done(&o);
}

/* ------------------------------------------------------------------ */
/* Time                                                                */

/* Read exactly n digits. */
static bool
read_digits(const char **pp, const char *e, int n, int *v)
{
	const char	*p = *pp;
	int		 i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (p >= e || !ascii_isdigit((unsigned char)*p))
			return false;
		*v = *v * 10 + (*p++ - '0');
	}
	*pp = p;
	return true;
}

static bool
leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
	static const int days[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && leap_year(y) ? 29 : days[m - 1];
}

/* Epoch seconds of a validated UTC calendar time. */
static bool
civil_to_epoch(int y, int mo, int d, int h, int mi, int s, int64_t *epoch)
{
	struct tm	tm;

	if (y < 1000 || y > 9999 || mo < 1 || mo > 12 || d < 1 ||
	    d > days_in_month(y, mo) || h > 23 || mi > 59 || s > 60)
		return false;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	*epoch = (int64_t)timegm(&tm);
	return true;
}

/*
 * A zone suffix: "Z", "UTC", "GMT", "+hh", "+hhmm", "+hh:mm" (or '-').
 * Sets *off to seconds east of UTC.
 */
static bool
read_zone(const char **pp, const char *e, int *off)
{
	const char	*p = *pp;
	int		 sign, h, m = 0;

	*off = 0;
	if (p < e && *p == ' ')
		p++;
	if (p < e && (*p == 'Z' || *p == 'z')) {
		*pp = p + 1;
		return true;
	}
	if (starts_ci(p, (size_t)(e - p), "utc") ||
	    starts_ci(p, (size_t)(e - p), "gmt")) {
		*pp = p + 3;
		return true;
	}
	if (p >= e || (*p != '+' && *p != '-' && *p != '\xe2'))
		return false;
	if (*p == '\xe2') {
		/* U+2212 MINUS SIGN */
		if (e - p < 3 || memcmp(p, "\xe2\x88\x92", 3) != 0)
			return false;
		sign = -1;
		p += 3;
	} else
		sign = *p++ == '-' ? -1 : 1;
	if (!read_digits(&p, e, 2, &h))
		return false;
	if (p < e && *p == ':')
		p++;
	if (p < e && ascii_isdigit((unsigned char)*p) && !read_digits(&p, e, 2, &m))
		return false;
	if (h > 23 || m > 59)
		return false;
	*off = sign * (h * 3600 + m * 60);
	*pp = p;
	return true;
}

/* ISO 8601: date, optional time (with optional seconds and fraction),
 * optional zone; no zone means UTC. Also the basic "YYYYMMDD". */
static bool
time_iso(const char *p, const char *e, int64_t *epoch)
{
	int	y, mo, d, h = 0, mi = 0, s = 0, off = 0;
	bool	basic;

	if (!read_digits(&p, e, 4, &y))
		return false;
	basic = p < e ? *p != '-' : true;
	if (basic) {
		if (!read_digits(&p, e, 2, &mo) || !read_digits(&p, e, 2, &d) ||
		    p != e)
			return false;
		return civil_to_epoch(y, mo, d, 0, 0, 0, epoch);
	}
	p++;
	if (!read_digits(&p, e, 2, &mo) || p >= e || *p++ != '-' ||
	    !read_digits(&p, e, 2, &d))
		return false;
	if (p < e && (*p == 'T' || *p == 't' || *p == ' ') && e - p > 1 &&
	    ascii_isdigit((unsigned char)p[1])) {
		p++;
		if (!read_digits(&p, e, 2, &h) || p >= e || *p++ != ':' ||
		    !read_digits(&p, e, 2, &mi))
			return false;
		if (p < e && *p == ':') {
			p++;
			if (!read_digits(&p, e, 2, &s))
				return false;
			if (p < e && (*p == '.' || *p == ',')) {
				p++;
				if (p >= e || !ascii_isdigit((unsigned char)*p))
					return false;
				while (p < e && ascii_isdigit((unsigned char)*p))
					p++;
			}
		}
	}
	if (p < e && !read_zone(&p, e, &off))
		return false;
	if (p != e || !civil_to_epoch(y, mo, d, h, mi, s, epoch))
		return false;
	*epoch -= off;
	return true;
}

static const char *const time_months[] = {
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
	"nov", "dec",
};
static const char *const time_weekdays[] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun",
};

static int
name_index(const char *p, const char *e, const char *const *names,
    size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (starts_ci(p, (size_t)(e - p), names[i]))
			return (int)i;
	}
	return -1;
}

/* Twitter's created_at: "Wed Oct 10 20:19:24 +0000 2018". */
static bool
time_twitter(const char *p, const char *e, int64_t *epoch)
{
	int	mo, d, h, mi, s, off, y;

	if (e - p < 4 || name_index(p, e, time_weekdays, 7) < 0 || p[3] != ' ')
		return false;
	p += 4;
	if (e - p < 4 || (mo = name_index(p, e, time_months, 12)) < 0 ||
	    p[3] != ' ')
		return false;
	p += 4;
	if (!read_digits(&p, e, 2, &d) && !read_digits(&p, e, 1, &d))
		return false;
	if (p >= e || *p++ != ' ' || !read_digits(&p, e, 2, &h) ||
	    p >= e || *p++ != ':' || !read_digits(&p, e, 2, &mi) ||
	    p >= e || *p++ != ':' || !read_digits(&p, e, 2, &s) ||
	    p >= e || *p != ' ' || !read_zone(&p, e, &off) ||
	    p >= e || *p++ != ' ' || !read_digits(&p, e, 4, &y) || p != e)
		return false;
	if (!civil_to_epoch(y, mo + 1, d, h, mi, s, epoch))
		return false;
	*epoch -= off;
	return true;
}

/* RFC 2822 (e-mail, RSS): "[Wed, ]10 Oct 2018 20:19:24 +0000", seconds
 * optional. */
static bool
time_rfc2822(const char *p, const char *e, int64_t *epoch)
{
	int	mo, d, h, mi, s = 0, off, y;

	if (e - p >= 5 && name_index(p, e, time_weekdays, 7) >= 0 &&
	    p[3] == ',') {
		p += 4;
		while (p < e && *p == ' ')
			p++;
	}
	if (!read_digits(&p, e, 2, &d) && !read_digits(&p, e, 1, &d))
		return false;
	if (p >= e || *p++ != ' ' || e - p < 4 ||
	    (mo = name_index(p, e, time_months, 12)) < 0 || p[3] != ' ')
		return false;
	p += 4;
	if (!read_digits(&p, e, 4, &y) || p >= e || *p++ != ' ' ||
	    !read_digits(&p, e, 2, &h) || p >= e || *p++ != ':' ||
	    !read_digits(&p, e, 2, &mi))
		return false;
	if (p < e && *p == ':') {
		p++;
		if (!read_digits(&p, e, 2, &s))
			return false;
	}
	if (p >= e || *p != ' ' || !read_zone(&p, e, &off) || p != e)
		return false;
	if (!civil_to_epoch(y, mo + 1, d, h, mi, s, epoch))
		return false;
	*epoch -= off;
	return true;
}

/*
 * Unix time: nine or more digits (shorter numbers are years, counts or
 * junk, not times since 1973), with an optional fraction. Values above
 * 10^11 are milliseconds, above 10^14 microseconds, above 10^17
 * nanoseconds.
 */
static bool
time_unix(const char *p, const char *e, int64_t *epoch)
{
	const char	*q;
	int64_t		 v = 0;
	size_t		 nd;

	for (q = p; q < e && ascii_isdigit((unsigned char)*q); q++) {
		if (v > (INT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (*q - '0');
	}
	nd = (size_t)(q - p);
	if (nd < 9)
		return false;
	if (q < e) {
		if (*q != '.' || q + 1 == e)
			return false;
		for (q++; q < e; q++) {
			if (!ascii_isdigit((unsigned char)*q))
				return false;
		}
	}
	if (v > 100000000000000000LL)
		v /= 1000000000;
	else if (v > 100000000000000LL)
		v /= 1000000;
	else if (v > 100000000000LL)
		v /= 1000;
	*epoch = v;
	return true;
}

bool
norm_time(const char *raw, int64_t *epoch)
{
	const char	*b, *e, *q;

	if (norm_is_sentinel(raw))
		return false;
	trim(raw, &b, &e);
	for (q = b; q < e && ascii_isdigit((unsigned char)*q); q++)
		/* nothing */;
	if (q - b == 8 && q == e)
		return time_iso(b, e, epoch);
	if (q - b >= 9)
		return time_unix(b, e, epoch);
	if (q - b == 4)
		return time_iso(b, e, epoch);
	return time_twitter(b, e, epoch) || time_rfc2822(b, e, epoch);
}

/* Earliest and latest times that print as four-digit years. */
#define TIME_MIN	(-62135596800LL)	/* 0001-01-01T00:00:00Z */
#define TIME_MAX	253402300799LL		/* 9999-12-31T23:59:59Z */

static void
time_split(int64_t epoch, struct tm *tm)
{
	time_t	t;

	if (epoch < TIME_MIN)
		epoch = TIME_MIN;
	if (epoch > TIME_MAX)
		epoch = TIME_MAX;
	t = (time_t)epoch;
	memset(tm, 0, sizeof *tm);
	gmtime_r(&t, tm);
}

/* Write v as exactly width decimal digits. */
static void
put_digits(char *out, int v, int width)
{
	while (width-- > 0) {
		out[width] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* Out-of-range times are clamped to years 1-9999 so the form is fixed. */
void
norm_time_iso(int64_t epoch, char out[21])
{
	struct tm	tm;

	time_split(epoch, &tm);
	memcpy(out, "0000-00-00T00:00:00Z", 21);
	put_digits(out, tm.tm_year + 1900, 4);
	put_digits(out + 5, tm.tm_mon + 1, 2);
	put_digits(out + 8, tm.tm_mday, 2);
	put_digits(out + 11, tm.tm_hour, 2);
	put_digits(out + 14, tm.tm_min, 2);
	put_digits(out + 17, tm.tm_sec, 2);
}

void
norm_time_day(int64_t epoch, char out[11])
{
	struct tm	tm;

	time_split(epoch, &tm);
	memcpy(out, "0000-00-00", 11);
	put_digits(out, tm.tm_year + 1900, 4);
	put_digits(out + 5, tm.tm_mon + 1, 2);
	put_digits(out + 8, tm.tm_mday, 2);
}

/* The created_day kind: any time norm_time() reads, as its UTC day. */
static bool
norm_day(const char *raw, char *out, size_t outsz)
{
	int64_t	epoch;
	char	day[11];

	if (outsz < sizeof day || !norm_time(raw, &epoch))
		return fail(out, outsz);
	norm_time_day(epoch, day);
	memcpy(out, day, sizeof day);
	return true;
}

/* ------------------------------------------------------------------ */
/* Post text                                                           */

#define FNV_OFFSET	14695981039346656037ULL
#define FNV_PRIME	1099511628211ULL

/*
 * Hash the text as if rewritten: ASCII lowercased, every "http://" or
 * "https://" URL up to the next white space removed (it counts as white
 * space), white space runs as one space, no space at either end. Link
 * shorteners give each copy of a post its own URL, so URLs must go for
 * copies to match.
 */
uint64_t
norm_text_hash(const char *text)
{
	const unsigned char	*p = (const unsigned char *)text;
	uint64_t		 h = FNV_OFFSET;
	bool			 any = false, space = false;
	size_t			 rest;

	if (text == NULL)
		return 0;
	rest = strlen(text);
	while (*p != '\0') {
		if (ascii_isspace(*p)) {
			space = true;
			p++;
			continue;
		}
		if ((*p == 'h' || *p == 'H') &&
		    (starts_ci((const char *)p, rest - (size_t)(p -
		    (const unsigned char *)text), "http://") ||
		    starts_ci((const char *)p, rest - (size_t)(p -
		    (const unsigned char *)text), "https://"))) {
			while (*p != '\0' && !ascii_isspace(*p))
				p++;
			space = true;
			continue;
		}
		if (space && any) {
			h ^= ' ';
			h *= FNV_PRIME;
		}
		space = false;
		any = true;
		h ^= (unsigned char)ascii_tolower(*p);
		h *= FNV_PRIME;
		p++;
	}
	if (!any)
		return 0;
	return h == 0 ? 1 : h;
}

/* ------------------------------------------------------------------ */
/* Dispatch                                                            */

static bool
norm_ip_only(const char *raw, char *out, size_t outsz)
{
	return norm_ip(raw, out, outsz, NULL, 0);
}

static const struct {
	const char	*kind;
	bool		(*fn)(const char *, char *, size_t);
} norm_kinds[] = {
	{ "phone", norm_phone },
	{ "email", norm_email },
	{ "email_domain", norm_email_domain },
	{ "url", norm_url },
	{ "domain", norm_domain },
	{ "ip", norm_ip_only },
	{ "ip24", norm_ip_block },
	{ "ip48", norm_ip_block },
	{ "handle", norm_handle },
	{ "handle_template", norm_handle_template },
	{ "handle_family", norm_handle_family },
	{ "avatar_hash", norm_token },
	{ "device", norm_token },
	{ "user_agent", norm_text },
	{ "created_day", norm_day },
};

bool
norm_value(const char *kind, const char *raw, char *out, size_t outsz)
{
	size_t	i;

	if (kind == NULL || raw == NULL)
		return fail(out, outsz);
	if (norm_kind_is_phash(kind))
		return norm_phash(raw, out, outsz);
	for (i = 0; i < nitems(norm_kinds); i++) {
		if (ascii_strcasecmp(kind, norm_kinds[i].kind) == 0)
			return norm_kinds[i].fn(raw, out, outsz);
	}
	return norm_text(raw, out, outsz);
}
