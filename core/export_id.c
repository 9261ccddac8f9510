/*
 * export_id.c: deterministic identifiers for exports: name-based UUIDs
 * (RFC 4122 version 5, SHA-1), so that exporting the same network twice
 * gives the same STIX and MISP ids and partners can deduplicate.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "digest.h"
#include "export_int.h"
#include "util.h"

/* cibscope's namespace for the natural keys of exported objects. */
#define EX_NAMESPACE	"63fae81d-270c-452a-ab9a-a1b1a7cc3711"

void
ex_uuid5(const char *ns, const char *name, size_t len, char out[EX_UUID_LEN])
{
	unsigned char	 bin[16], hash[DIGEST_MAX];
	struct digest	*d;
	size_t		 i = 0;
	const char	*p;
	int		 n;

	memset(bin, 0, sizeof bin);
	for (p = ns; *p != '\0' && i < 16; p++) {
		if (*p == '-' || ascii_hexval(p[0]) < 0 ||
		    ascii_hexval(p[1]) < 0)
			continue;
		bin[i++] = (unsigned char)(ascii_hexval(p[0]) << 4 |
		    ascii_hexval(p[1]));
		p++;
	}
	d = digest_new(DIGEST_SHA1);
	digest_add(d, bin, sizeof bin);
	digest_add(d, name, len);
	digest_done(d, hash);
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
