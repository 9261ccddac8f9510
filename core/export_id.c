/*
 * export_id.c: deterministic identifiers for exports: name-based UUIDs
 * (RFC 4122 version 5, SHA-1), so that exporting the same network twice
 * gives the same STIX and MISP ids and partners can deduplicate.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "export_int.h"

/* cibscope's namespace for the natural keys of exported objects. */
#define EX_NAMESPACE	"63fae81d-270c-452a-ab9a-a1b1a7cc3711"

struct sha1 {
	uint32_t	h[5];
	uint64_t	len;
	unsigned char	block[64];
	size_t		used;
};

static uint32_t
rol(uint32_t x, int n)
{
	return (x << n) | (x >> (32 - n));
}

static void
sha1_block(struct sha1 *s, const unsigned char *p)
{
	uint32_t	w[80], a, b, c, d, e, f, k, t;
	int		i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		    (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (i = 16; i < 80; i++)
		w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	a = s->h[0];
	b = s->h[1];
	c = s->h[2];
	d = s->h[3];
	e = s->h[4];
	for (i = 0; i < 80; i++) {
		if (i < 20) {
			f = (b & c) | (~b & d);
			k = 0x5a827999;
		} else if (i < 40) {
			f = b ^ c ^ d;
			k = 0x6ed9eba1;
		} else if (i < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8f1bbcdc;
		} else {
			f = b ^ c ^ d;
			k = 0xca62c1d6;
		}
		t = rol(a, 5) + f + e + k + w[i];
		e = d;
		d = c;
		c = rol(b, 30);
		b = a;
		a = t;
	}
	s->h[0] += a;
	s->h[1] += b;
	s->h[2] += c;
	s->h[3] += d;
	s->h[4] += e;
}

static void
sha1_init(struct sha1 *s)
{
	static const uint32_t h0[5] = {
		0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0
	};

	memcpy(s->h, h0, sizeof h0);
	s->len = 0;
	s->used = 0;
}

static void
sha1_add(struct sha1 *s, const void *data, size_t len)
{
	const unsigned char	*p = data;

	s->len += len;
	while (len > 0) {
		size_t n = 64 - s->used < len ? 64 - s->used : len;

		memcpy(s->block + s->used, p, n);
		s->used += n;
		p += n;
		len -= n;
		if (s->used == 64) {
			sha1_block(s, s->block);
			s->used = 0;
		}
	}
}

static void
sha1_done(struct sha1 *s, unsigned char out[20])
{
	uint64_t	bits = s->len * 8;
	unsigned char	pad = 0x80, zero = 0, len[8];
	int		i;

	sha1_add(s, &pad, 1);
	while (s->used != 56)
		sha1_add(s, &zero, 1);
	for (i = 0; i < 8; i++)
		len[i] = (unsigned char)(bits >> (56 - 8 * i));
	sha1_add(s, len, 8);
	for (i = 0; i < 20; i++)
		out[i] = (unsigned char)(s->h[i / 4] >> (24 - 8 * (i % 4)));
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

void
ex_uuid5(const char *ns, const char *name, size_t len, char out[EX_UUID_LEN])
{
	unsigned char	 bin[16], hash[20];
	struct sha1	 s;
	size_t		 i = 0;
	const char	*p;
	int		 n;

	memset(bin, 0, sizeof bin);
	for (p = ns; *p != '\0' && i < 16; p++) {
		if (*p == '-' || hexval(p[0]) < 0 || hexval(p[1]) < 0)
			continue;
		bin[i++] = (unsigned char)(hexval(p[0]) << 4 | hexval(p[1]));
		p++;
	}
	sha1_init(&s);
	sha1_add(&s, bin, sizeof bin);
	sha1_add(&s, name, len);
	sha1_done(&s, hash);
	hash[6] = (unsigned char)((hash[6] & 0x0f) | 0x50);
	hash[8] = (unsigned char)((hash[8] & 0x3f) | 0x80);
	for (i = 0, n = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[n++] = '-';
		snprintf(out + n, 3, "%02x", hash[i]);
		n += 2;
	}
	out[n] = '\0';
}

void
ex_uuid(const char *name, char out[EX_UUID_LEN])
{
	ex_uuid5(EX_NAMESPACE, name, strlen(name), out);
}
