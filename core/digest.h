/*
 * digest.h: cryptographic hashes (SHA-1, SHA-256) from libcrypto, fed in
 * pieces. SHA-1 is only for name-based UUIDs (RFC 4122 version 5), which
 * the standard defines with it; anything that must resist forgery, such
 * as the audit trail's hash chain, uses SHA-256.
 *
 * digest_new() never fails (it aborts when memory runs out, like
 * xmalloc); digest_done() writes the raw hash, returns its length and
 * frees the context.
 */
#ifndef CIB_DIGEST_H
#define CIB_DIGEST_H

#include <stddef.h>

#define DIGEST_MAX		32	/* bytes in the longest hash */
#define DIGEST_HEX_SHA256	65	/* 64 hex digits and a NUL */

enum digest_kind {
	DIGEST_SHA1,
	DIGEST_SHA256
};

struct digest;

struct digest	*digest_new(enum digest_kind);
void		 digest_add(struct digest *, const void *, size_t);
size_t		 digest_done(struct digest *, unsigned char out[DIGEST_MAX]);
/* digest_done() as lowercase hex; out holds 2 * DIGEST_MAX + 1. */
void		 digest_done_hex(struct digest *, char *out);

#endif
