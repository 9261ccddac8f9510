/*
 * digest.c: libcrypto's EVP message digests behind a four-call interface.
 */
#include "config.h"
#include "digest.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>

struct digest {
	EVP_MD_CTX	*ctx;
};

static void
fatal(const char *what)
{
	fprintf(stderr, "cibscope: libcrypto: %s failed\n", what);
	abort();
}

struct digest *
digest_new(enum digest_kind kind)
{
	struct digest	*d;
	const EVP_MD	*md = kind == DIGEST_SHA1 ? EVP_sha1() : EVP_sha256();

	if ((d = malloc(sizeof *d)) == NULL ||
	    (d->ctx = EVP_MD_CTX_new()) == NULL)
		fatal("allocating a digest");
	if (md == NULL || EVP_DigestInit_ex(d->ctx, md, NULL) != 1)
		fatal("starting a digest");
	return d;
}

void
digest_add(struct digest *d, const void *p, size_t len)
{
	if (len > 0 && EVP_DigestUpdate(d->ctx, p, len) != 1)
		fatal("hashing");
}

size_t
digest_done(struct digest *d, unsigned char out[DIGEST_MAX])
{
	unsigned int	n = 0;

	if (EVP_DigestFinal_ex(d->ctx, out, &n) != 1 || n > DIGEST_MAX)
		fatal("finishing a digest");
	EVP_MD_CTX_free(d->ctx);
	free(d);
	return n;
}

void
digest_done_hex(struct digest *d, char *out)
{
	static const char	hex[] = "0123456789abcdef";
	unsigned char		raw[DIGEST_MAX];
	size_t			i, n = digest_done(d, raw);

	for (i = 0; i < n; i++) {
		out[2 * i] = hex[raw[i] >> 4];
		out[2 * i + 1] = hex[raw[i] & 0xf];
	}
	out[2 * n] = '\0';
}
