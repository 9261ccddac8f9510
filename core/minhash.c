/*
 * minhash.c: shingles, MinHash signatures, banded LSH and the exact
 * check of its candidates. See minhash.h for the normal form, the hashes
 * and the choice of bands.
 */
#include "config.h"
#include "minhash.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "utf8.h"
#include "util.h"

#define FNV_OFFSET	14695981039346656037ULL
#define FNV_PRIME	1099511628211ULL

#define MINHASH_RECALL		0.99
#define MINHASH_DEFAULT_T	0.8
#define MINHASH_DEFAULT_BUCKET	1000
#define MINHASH_VERSION		1

/* Corpus texts: too short to sign; signed without a shingle set. */
#define DOC_SHORT	0x1
#define DOC_NOSET	0x2

/*
 * The per-row constants: a_i odd, b_i any. They are the first 256 outputs
 * of splitmix64 seeded with "cibscope" (0x63696273636f7065), taken in
 * pairs (a_0, b_0, a_1, b_1, ...), with the low bit of each a_i set.
 * Part of the stored format (minhash.h).
 */
static const uint64_t row_a[MINHASH_ROWS] = {
	0x982ddec345cf87efULL, 0x375f47a512adf84bULL, 0x2b86510bf714b6b3ULL,
	0x6d637312e8d8df47ULL, 0xef96d5ffc5da9f55ULL, 0xdee5998204576ddbULL,
	0x82b02c817330386fULL, 0xa23368f78b229cddULL, 0x14c046e7c6c3f577ULL,
	0xee2a4fff0711cfe5ULL, 0xe8524fca0c3f821fULL, 0xfcf5222c3e86fd59ULL,
	0x97bb717b7ed762efULL, 0x3cd57c17a234c933ULL, 0x080f0661ca950fabULL,
	0x9a26a495e3469257ULL, 0x7e35258ff5e5b9adULL, 0x9e6c2999794d0fa1ULL,
	0x6f4b6ce0885678ffULL, 0xbcfed81f9102918bULL, 0xbce13310bba46539ULL,
	0xdadb5932201e854dULL, 0x0c3ebb746bebf6c7ULL, 0x184f7d6a7e60a52fULL,
	0x6ace36a897f634b7ULL, 0x3febdb2b212340a1ULL, 0xaa5ac16d1a80c813ULL,
	0x333852e1f8d8930fULL, 0xaf49bc3dfc7dd10dULL, 0xc8c935d2661e94d7ULL,
	0xdfa32a263fba44bdULL, 0x57703ddcee2b58bfULL, 0x51d9f57cdc31d811ULL,
	0x7b44035026704467ULL, 0x5037ead626779d05ULL, 0x7ad58ab0191df2abULL,
	0x5a3d2119c89b0c99ULL, 0xc1174774e3a74687ULL, 0x88f464295a4937fbULL,
	0x7fc997bc38836229ULL, 0x05a230678705bbfbULL, 0x0f1e61e9d66bf9cdULL,
	0xf1c6a0c570a4e237ULL, 0xf172c1d2bc807e35ULL, 0xceaaab3862e96411ULL,
	0xd3df10b5291fae37ULL, 0xe479b17a608e46f1ULL, 0x2ac7d6d71a9eae7fULL,
	0x0ee778702bd95871ULL, 0xead1c57ad56a0577ULL, 0x8a82a66dfd236d8dULL,
	0x4debb3f671504df1ULL, 0xc4a4dc329a5efc57ULL, 0xeee6d68347d9f285ULL,
	0xbd63b89d6d527ebdULL, 0xc850788a43f911d9ULL, 0xeebb09e9708653e9ULL,
	0xa839359972c3324fULL, 0x63dfe6a7992ce523ULL, 0x455278b934b4f7b1ULL,
	0xdc07124a9c5c7c03ULL, 0x1fb4edd219425af7ULL, 0x9445e05f0127081bULL,
	0xd7e8c24860cff1d3ULL, 0xaabe41e308a8c5d7ULL, 0x1da6b1ee7435211dULL,
	0xa25523b06d4a4709ULL, 0x73ac1340fced913dULL, 0x633501e897c272d3ULL,
	0x5c68df44cfce604bULL, 0x0f10e299a29edaf9ULL, 0xc5a719edecaa8ba5ULL,
	0x29ffa37b2b6e63f1ULL, 0x84859aa2b6cb5569ULL, 0xb910ce1fd7c0eeafULL,
	0xbf2a4e10c5166cd9ULL, 0x544bc79f9dc749c3ULL, 0xd654ea737b4623afULL,
	0x3946604209da16fbULL, 0xfc74fc90d4c16893ULL, 0x125161960cc83889ULL,
	0xff43f082b371e3a1ULL, 0x38b1b0f303a62b3bULL, 0xf8a2d2ad01c7d079ULL,
	0x35bc15235409ff9dULL, 0x00efcabe4150391fULL, 0x5e1cb95fd7b31583ULL,
	0x18d18480f1af8977ULL, 0x347e1c6a54933ec9ULL, 0xd2c1dde572e78fb7ULL,
	0x5dac4e2b1190fab1ULL, 0x26b86039519c854dULL, 0x07615d147a53205bULL,
	0xd434a6ff574494bfULL, 0xb799c07319484893ULL, 0xeb2e1a19c42ac12bULL,
	0xee0792fcfcc01b13ULL, 0x6d709523119c6fedULL, 0x7cf7e12eb9a25a05ULL,
	0x60f7f3bf5b706ca1ULL, 0xb26ba8becbf9d675ULL, 0x33e5cda91403e849ULL,
	0xafcf21a5d058d1ebULL, 0x2427abbfb9a89e23ULL, 0x82fcc9bac6fc7eedULL,
	0x3d97357bfceb40dfULL, 0xffb946ae1cbd7f23ULL, 0xf422c23ece92242fULL,
	0xd9c757549be7dd6fULL, 0x4b14adba3a3ec187ULL, 0xfec8abb7d1cf8d63ULL,
	0x072b7bf39e1a403fULL, 0xe15e7cc99ced01a9ULL, 0xaf228260e444479fULL,
	0xde46f8696a93fe8dULL, 0x50ecb666b78e8621ULL, 0x7ea963b203718841ULL,
	0x5ff2d93f7e421855ULL, 0x61c21f82dc3ed40bULL, 0x60d1289ba5aefe01ULL,
	0x57051f7e159ee541ULL, 0x43eb2f58da02f3f9ULL, 0xa5089216e665baa9ULL,
	0x3809dc3971f2c7f9ULL, 0xd8bb0d375b358d9fULL, 0xa1dde9f308042fffULL,
	0x4b914ccb57253349ULL, 0xc37f99e426e93297ULL,
};
static const uint64_t row_b[MINHASH_ROWS] = {
	0xf468ddc11524846fULL, 0x3f6f743c7ecd5484ULL, 0xce65ab0bd86ecc91ULL,
	0x787b094c68e4430aULL, 0xd435494265e11733ULL, 0x03b9b00330c7e880ULL,
	0xf7a83817f9ee4c43ULL, 0x139a35da5c50bc9dULL, 0x1665dc642cef60cbULL,
	0x7ee9f1061099be11ULL, 0x8d3464b0b014ef18ULL, 0x0fe0a55e437f2024ULL,
	0xe5899592050111b1ULL, 0xc43e2c02d19e91d0ULL, 0x19f20465fcab96bbULL,
	0xf55c8ab956bc203cULL, 0x55151dfe3f40b4caULL, 0x272460f2df14e395ULL,
	0x1cc83da43025f81cULL, 0x1b3e308641087973ULL, 0x06e28e929e9fb793ULL,
	0x095581e61c712377ULL, 0xd2fc3607c35070baULL, 0xf012c996b9c8cf63ULL,
	0x4ba86074aadee119ULL, 0x791fd59fb69cd2e2ULL, 0x06c429971df1ef7aULL,
	0x017a4779d0f7bc50ULL, 0x7d2d969f705765ddULL, 0xc85cca317d08f0e9ULL,
	0x816bf9d01ba01699ULL, 0xf9984936022181eaULL, 0x2e4e0e50fa20036cULL,
	0xd6e5e8fbd9a0ac3fULL, 0xfc808b2794f59d38ULL, 0x4351bfe5bb668635ULL,
	0x063a5ee08aa8f2caULL, 0x1d57fab3d03c83b4ULL, 0x1ac43e1989097aafULL,
	0x6009a247226db7ecULL, 0x9266e065cbf69de6ULL, 0xaf606419dfbf9847ULL,
	0xc83de49176ddadbcULL, 0xd2563cbf81d86355ULL, 0xa409024175518f9bULL,
	0xc9594db687c2335bULL, 0x0bc16409fb1aa7aaULL, 0x15b8f4aae32afad1ULL,
	0xe5f649c10782c803ULL, 0x104d910918a75d7aULL, 0x8b26edf5356ae3c2ULL,
	0xb0b80adeb7f92125ULL, 0x263a03505a4b3377ULL, 0x63365b771fdbefc2ULL,
	0x78bba28ebdbcc50cULL, 0x797b83af279827e6ULL, 0xc6785643bf23d926ULL,
	0x7c4cba05b393252fULL, 0xb627272cd3fd572fULL, 0x478aa9aa49bf030bULL,
	0x832c2e430d7035edULL, 0x710891741b538f23ULL, 0xa4b7451a17978fcdULL,
	0x2ef3c651133807fbULL, 0x9159ada913e5f5ffULL, 0xc7b93bef4a8dfdd8ULL,
	0x5e6f79b480e109f3ULL, 0x73789ca7c2385b82ULL, 0x0226f5e8dc0abf27ULL,
	0x308f01bc89c017b9ULL, 0x63a50688525919f3ULL, 0x510bdc725888822cULL,
	0x20f11bcbae6c530aULL, 0x3b872ff1035eabddULL, 0x801c72435efb4146ULL,
	0x794fceb254f995eeULL, 0x17ed578652ae8ec5ULL, 0x574b4e50cb3f1c87ULL,
	0x5f755292ce54d0deULL, 0x172a0410b11a31acULL, 0x2a227429fe59bb05ULL,
	0xf101d75442f5f187ULL, 0xde6c92378d717474ULL, 0x3f5237028ef8a331ULL,
	0x9318f0dda78decc1ULL, 0x42a0d07458a9e889ULL, 0x1e0007c3923107ccULL,
	0x9f62691367f5f9abULL, 0xed6ebdb2fe4d2e6fULL, 0xa89d2f39d24d7b03ULL,
	0xc47d0d094bb176d0ULL, 0x37738c97b9cbb65fULL, 0x885904b82c45aabbULL,
	0x00bb94ee8f882398ULL, 0x3260249f66c9435fULL, 0x86cbd66061b5e060ULL,
	0xab8967e1c5c0f2a2ULL, 0x970140915b82ca33ULL, 0xd8854f99b9dabde7ULL,
	0x61452ef973ea5097ULL, 0x9acf9c49f94bd5efULL, 0xfda5c67821ec83b3ULL,
	0x925693c14a7b0894ULL, 0xeedd40b8f156d2e2ULL, 0xd41c7786b419c74bULL,
	0x0391d7dc9798e18aULL, 0x826296745f358673ULL, 0xd270111a3c804194ULL,
	0x9238ae5a93a36d5eULL, 0x25969baf700a38f0ULL, 0x7ab4327e3a955525ULL,
	0x147678d0785ccb6cULL, 0xdf8e85054df36f29ULL, 0xad30955def8ef4e3ULL,
	0x9825a91fdf47fbecULL, 0xbe9bcc1204102a09ULL, 0x69ff49c3799979c4ULL,
	0x788144a993fd64b7ULL, 0xb5d6d49cdcfed73fULL, 0x4482c5c764410321ULL,
	0x48c59aa23c8ee92aULL, 0xb5c42924a088bad8ULL, 0x4d5a9b37272b083bULL,
	0x97676e9953e718f0ULL, 0x5bc8419e1222f186ULL, 0x00f30a387591af3aULL,
	0xc8bae6a09b7f7e64ULL, 0xd256a0399fd59538ULL,
};

struct minhash_corpus {
	struct minhash_opts	 opts;
	size_t			 n;
	size_t			 cap;
	struct minhash_sig	*sig;
	uint8_t			*flags;
	size_t			*off;		/* n + 1 starts into h */
	uint64_t		*h;
	size_t			 nh;
	size_t			 hcap;
	size_t			 nshort;
	struct minhash_set	 work;
};

static uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int
opts_k(const struct minhash_opts *o)
{
	if (o->k > 0)
		return o->k;
	return o->unit == MINHASH_CHARS ? 5 : 3;
}

int
minhash_opts_check(const struct minhash_opts *o, char **cause)
{
	if (o->unit != MINHASH_WORDS && o->unit != MINHASH_CHARS)
		return set_cause(cause, "unknown shingle unit %d",
		    (int)o->unit);
	if (o->k < 0 || o->k > MINHASH_MAX_K)
		return set_cause(cause, "shingle size %d is not between 1 and"
		    " %d", o->k, MINHASH_MAX_K);
	return 0;
}

int
minhash_opts_parse(const char *s, struct minhash_opts *o, char **cause)
{
	const char	*colon = strchr(s, ':');
	size_t		 n = colon != NULL ? (size_t)(colon - s) : strlen(s);
	int64_t		 k = 0;

	if (n == 5 && strncmp(s, "chars", 5) == 0)
		o->unit = MINHASH_CHARS;
	else if (n == 5 && strncmp(s, "words", 5) == 0)
		o->unit = MINHASH_WORDS;
	else
		return set_cause(cause, "use chars:K or words:K");
	if (colon != NULL && (!parse_int64(colon + 1, &k) || k < 1 ||
	    k > MINHASH_MAX_K))
		return set_cause(cause, "K must be a number from 1 to %d",
		    MINHASH_MAX_K);
	o->k = (int)k;
	if (o->k == 0)
		o->k = opts_k(o);
	return 0;
}

void
minhash_opts_format(const struct minhash_opts *o, char *out, size_t outsz)
{
	snprintf(out, outsz, "%s:%d", o->unit == MINHASH_CHARS ? "chars" :
	    "words", opts_k(o));
}

/* ------------------------------------------------------------------ */
/* The normal form                                                     */

/* Lowercase for ASCII, Latin-1, Greek and Cyrillic capitals. */
static uint32_t
fold(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c < 0xc0)
		return c;
	if (c <= 0xde && c != 0xd7)
		return c + 32;
	if (c >= 0x391 && c <= 0x3a9 && c != 0x3a2)
		return c + 32;
	if (c >= 0x410 && c <= 0x42f)
		return c + 32;
	if (c >= 0x400 && c <= 0x40f)
		return c + 80;
	return c;
}

static bool
is_space(uint32_t c)
{
	return c == ' ' || (c >= 0x09 && c <= 0x0d) || c == 0x85 ||
	    c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
	    c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f ||
	    c == 0x3000;
}

/* Zero-width spaces and the byte order mark: dropped. */
static bool
is_invisible(uint32_t c)
{
	return c == 0x200b || c == 0x2060 || c == 0xfeff;
}

static bool
starts_url(const char *s, size_t len)
{
	static const char *const schemes[] = { "http://", "https://" };
	size_t	i, j, n;

	for (i = 0; i < nitems(schemes); i++) {
		n = strlen(schemes[i]);
		if (len < n)
			continue;
		for (j = 0; j < n; j++) {
			if (ascii_tolower((unsigned char)s[j]) != schemes[i][j])
				break;
		}
		if (j == n)
			return true;
	}
	return false;
}

/*
 * Write the normal form of s into set->norm, and into set->off the start
 * of each word (words) or code point (chars), then one sentinel: for
 * words normlen + 1 (so word i ends at off[i + 1] - 1), for chars
 * normlen.
 */
static void
normalize(const char *s, size_t len, enum minhash_unit unit,
    struct minhash_set *set)
{
	size_t		i = 0, used;
	uint32_t	c;
	bool		space = false, start = true, url = false;

	/* Each input byte gives at most 3 output bytes (U+FFFD). */
	if (set->normcap < 3 * len + 2) {
		set->normcap = 3 * len + 2;
		set->norm = xrealloc(set->norm, set->normcap);
	}
	if (set->offcap < len + 2) {
		set->offcap = len + 2;
		set->off = xreallocarray(set->off, set->offcap,
		    sizeof *set->off);
	}
	set->normlen = 0;
	set->noff = 0;
	while (i < len) {
		used = utf8_decode(s + i, len - i, &c);
		if (is_space(c)) {
			space = set->normlen > 0;
			start = true;
			url = false;
			i += used;
			continue;
		}
		if (url || is_invisible(c)) {
			i += used;
			continue;
		}
		if (start && starts_url(s + i, len - i)) {
			url = true;
			i += used;
			continue;
		}
		start = false;
		if (space) {
			if (unit == MINHASH_CHARS)
				set->off[set->noff++] = set->normlen;
			set->norm[set->normlen++] = ' ';
			space = false;
		}
		if (unit == MINHASH_CHARS || set->normlen == 0 ||
		    set->norm[set->normlen - 1] == ' ')
			set->off[set->noff++] = set->normlen;
		set->normlen += utf8_encode(fold(c), set->norm + set->normlen);
		i += used;
	}
	set->norm[set->normlen] = '\0';
	set->off[set->noff] = set->normlen + (unit == MINHASH_WORDS);
}

/* ------------------------------------------------------------------ */
/* Shingles and signatures                                             */

static uint64_t
hash_bytes(const char *p, size_t n)
{
	uint64_t	h = FNV_OFFSET;

	while (n-- > 0) {
		h ^= (unsigned char)*p++;
		h *= FNV_PRIME;
	}
	return mix64(h);
}

static int
u64_cmp(const void *va, const void *vb)
{
	uint64_t	a = *(const uint64_t *)va, b = *(const uint64_t *)vb;

	return a < b ? -1 : a > b;
}

/* Sort and drop repeats; returns the new count. */
static size_t
sort_unique(uint64_t *h, size_t n)
{
	size_t		i, j;
	uint64_t	x;

	if (n < 48) {
		for (i = 1; i < n; i++) {
			x = h[i];
			for (j = i; j > 0 && h[j - 1] > x; j--)
				h[j] = h[j - 1];
			h[j] = x;
		}
	} else
		qsort(h, n, sizeof *h, u64_cmp);
	for (i = j = 0; i < n; i++) {
		if (j == 0 || h[j - 1] != h[i])
			h[j++] = h[i];
	}
	return j;
}

size_t
minhash_shingles(const char *text, size_t len,
    const struct minhash_opts *o, struct minhash_set *set)
{
	size_t	k = (size_t)opts_k(o), units, n, i, end;

	normalize(text, len, o->unit, set);
	units = set->noff;
	set->n = 0;
	if (units < k)
		return 0;
	n = units - k + 1;
	if (set->hcap < n) {
		set->hcap = n;
		set->h = xreallocarray(set->h, n, sizeof *set->h);
	}
	for (i = 0; i < n; i++) {
		end = set->off[i + k];
		if (o->unit == MINHASH_WORDS)
			end--;
		set->h[i] = hash_bytes(set->norm + set->off[i],
		    end - set->off[i]);
	}
	set->n = sort_unique(set->h, n);
	return set->n;
}

void
minhash_set_free(struct minhash_set *set)
{
	free(set->h);
	free(set->norm);
	free(set->off);
	memset(set, 0, sizeof *set);
}

void
minhash_sig_of(const uint64_t *h, size_t n, struct minhash_sig *sig)
{
	uint32_t	m[MINHASH_ROWS], v;
	size_t		i, j;

	for (i = 0; i < MINHASH_ROWS; i++)
		m[i] = UINT32_MAX;
	for (j = 0; j < n; j++) {
		for (i = 0; i < MINHASH_ROWS; i++) {
			v = (uint32_t)((row_a[i] * h[j] + row_b[i]) >> 32);
			m[i] = v < m[i] ? v : m[i];
		}
	}
	memcpy(sig->v, m, sizeof m);
}

int
minhash_sign(const char *text, size_t len, const struct minhash_opts *o,
    struct minhash_sig *sig)
{
	struct minhash_set	set = MINHASH_SET_INIT;
	size_t			n;

	n = minhash_shingles(text, len, o, &set);
	minhash_sig_of(set.h, n, sig);
	minhash_set_free(&set);
	return n == 0 ? MINHASH_SHORT : 0;
}

double
minhash_jaccard(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
	size_t	i = 0, j = 0, both = 0;

	if (na == 0 && nb == 0)
		return 0;
	while (i < na && j < nb) {
		if (a[i] < b[j])
			i++;
		else if (a[i] > b[j])
			j++;
		else {
			both++;
			i++;
			j++;
		}
	}
	return (double)both / (double)(na + nb - both);
}

double
minhash_estimate(const struct minhash_sig *a, const struct minhash_sig *b)
{
	size_t	i, same = 0;

	for (i = 0; i < MINHASH_ROWS; i++)
		same += a->v[i] == b->v[i];
	return (double)same / MINHASH_ROWS;
}

void
minhash_sig_to_blob(const struct minhash_sig *sig,
    const struct minhash_opts *o, unsigned char out[MINHASH_BLOB_SIZE])
{
	unsigned char	*p = out + 8;
	size_t		 i;

	memset(out, 0, 8);
	out[0] = 'M';
	out[1] = 'H';
	out[2] = MINHASH_VERSION;
	out[3] = (unsigned char)o->unit;
	out[4] = (unsigned char)opts_k(o);
	for (i = 0; i < MINHASH_ROWS; i++) {
		*p++ = (unsigned char)(sig->v[i] & 0xff);
		*p++ = (unsigned char)((sig->v[i] >> 8) & 0xff);
		*p++ = (unsigned char)((sig->v[i] >> 16) & 0xff);
		*p++ = (unsigned char)(sig->v[i] >> 24);
	}
}

int
minhash_sig_from_blob(const void *blob, size_t len, struct minhash_sig *sig,
    struct minhash_opts *o, char **cause)
{
	const unsigned char	*p = blob;
	size_t			 i;

	if (len != MINHASH_BLOB_SIZE)
		return set_cause(cause, "signature of %zu bytes, not %d", len,
		    MINHASH_BLOB_SIZE);
	if (p[0] != 'M' || p[1] != 'H')
		return set_cause(cause, "not a signature");
	if (p[2] != MINHASH_VERSION)
		return set_cause(cause, "signature version %d, not %d", p[2],
		    MINHASH_VERSION);
	if (p[3] > MINHASH_CHARS || p[4] < 1 || p[4] > MINHASH_MAX_K ||
	    p[5] != 0 || p[6] != 0 || p[7] != 0)
		return set_cause(cause, "bad signature header");
	if (o != NULL) {
		o->unit = p[3] == MINHASH_CHARS ? MINHASH_CHARS : MINHASH_WORDS;
		o->k = p[4];
	}
	for (p += 8, i = 0; i < MINHASH_ROWS; i++, p += 4)
		sig->v[i] = (uint32_t)p[0] | (uint32_t)p[1] << 8 |
		    (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The corpus                                                          */

struct minhash_corpus *
minhash_corpus_new(const struct minhash_opts *o)
{
	struct minhash_corpus	*c = xcalloc(1, sizeof *c);

	c->opts = *o;
	c->off = xmalloc(sizeof *c->off);
	c->off[0] = 0;
	return c;
}

void
minhash_corpus_free(struct minhash_corpus *c)
{
	if (c == NULL)
		return;
	free(c->sig);
	free(c->flags);
	free(c->off);
	free(c->h);
	minhash_set_free(&c->work);
	free(c);
}

static size_t
corpus_grow(struct minhash_corpus *c)
{
	if (c->n == c->cap) {
		c->cap = c->cap == 0 ? 1024 : c->cap * 2;
		c->sig = xreallocarray(c->sig, c->cap, sizeof *c->sig);
		c->flags = xreallocarray(c->flags, c->cap, 1);
		c->off = xreallocarray(c->off, c->cap + 1, sizeof *c->off);
	}
	return c->n++;
}

int
minhash_corpus_add(struct minhash_corpus *c, const char *text, size_t len)
{
	size_t	d, n;

	n = minhash_shingles(text, len, &c->opts, &c->work);
	d = corpus_grow(c);
	if (c->hcap - c->nh < n) {
		while (c->hcap - c->nh < n)
			c->hcap = c->hcap == 0 ? 65536 : c->hcap * 2;
		c->h = xreallocarray(c->h, c->hcap, sizeof *c->h);
	}
	if (n > 0)
		memcpy(c->h + c->nh, c->work.h, n * sizeof *c->h);
	c->nh += n;
	c->off[d + 1] = c->nh;
	minhash_sig_of(c->work.h, n, &c->sig[d]);
	c->flags[d] = n == 0 ? DOC_SHORT : 0;
	if (n == 0) {
		c->nshort++;
		return MINHASH_SHORT;
	}
	return 0;
}

void
minhash_corpus_add_sig(struct minhash_corpus *c, const struct minhash_sig *sig)
{
	size_t	d = corpus_grow(c);

	c->sig[d] = *sig;
	c->off[d + 1] = c->nh;
	c->flags[d] = DOC_NOSET;
}

size_t
minhash_corpus_count(const struct minhash_corpus *c)
{
	return c->n;
}

size_t
minhash_corpus_short(const struct minhash_corpus *c)
{
	return c->nshort;
}

const struct minhash_sig *
minhash_corpus_sig(const struct minhash_corpus *c, size_t d)
{
	return d < c->n ? &c->sig[d] : NULL;
}

/* ------------------------------------------------------------------ */
/* Bands and pairs                                                     */

double
minhash_bands(double t, int *bands, int *rows)
{
	int	r, best = 1;
	double	p, bestp;

	bestp = 1 - pow(1 - t, MINHASH_ROWS);
	for (r = 2; r <= MINHASH_ROWS; r++) {
		p = 1 - pow(1 - pow(t, r), MINHASH_ROWS / r);
		if (p >= MINHASH_RECALL) {
			best = r;
			bestp = p;
		}
	}
	*rows = best;
	*bands = MINHASH_ROWS / best;
	return bestp;
}

struct band_entry {
	uint64_t	h;
	int64_t		t;	/* the text's time, or 0 */
	uint32_t	doc;
};

static int
band_entry_cmp(const void *va, const void *vb)
{
	const struct band_entry	*a = va, *b = vb;

	if (a->h != b->h)
		return a->h < b->h ? -1 : 1;
	if (a->t != b->t)
		return a->t < b->t ? -1 : 1;
	return a->doc < b->doc ? -1 : a->doc > b->doc;
}

static int
pair_cmp(const void *va, const void *vb)
{
	const struct minhash_pair	*a = va, *b = vb;

	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return a->b < b->b ? -1 : a->b > b->b;
}

static uint64_t
band_hash(const uint32_t *v, int r)
{
	uint64_t	h = FNV_OFFSET;
	int		i;

	for (i = 0; i < r; i++)
		h = (h ^ v[i]) * 0x9e3779b97f4a7c15ULL;
	return mix64(h);
}

/* The state of one minhash_pairs() call. */
struct pairing {
	const struct minhash_corpus	*c;
	double				 t;
	double				 accept;	/* for estimates */
	int				(*keep)(void *, uint32_t, uint32_t);
	void				*keep_arg;
	int				 bands;
	int				 rows;
	/* Per band, the texts that were in a skipped bucket (or NULL). */
	uint64_t			**huge;
	struct minhash_pair		*pairs;
	size_t				 npairs;
	size_t				 cap;
	uint64_t			 candidates;
};

static bool
in_huge(const struct pairing *pg, int band, uint32_t d)
{
	const uint64_t	*bits = pg->huge[band];

	return bits != NULL && (bits[d / 64] >> (d % 64) & 1) != 0;
}

static void
mark_huge(struct pairing *pg, int band, uint32_t d)
{
	if (pg->huge[band] == NULL)
		pg->huge[band] = xcalloc(pg->c->n / 64 + 1, sizeof (uint64_t));
	pg->huge[band][d / 64] |= (uint64_t)1 << (d % 64);
}

/*
 * Texts a < b share a bucket in band: check them, unless they already
 * shared an earlier band whose bucket was expanded (checked there).
 */
static void
check_pair(struct pairing *pg, int band, uint32_t a, uint32_t b)
{
	const struct minhash_corpus	*c = pg->c;
	const uint32_t			*va = c->sig[a].v, *vb = c->sig[b].v;
	size_t				 bytes = (size_t)pg->rows * 4;
	struct minhash_pair		*p;
	double				 sim;
	bool				 exact;
	int				 u;

	if (memcmp(va + band * pg->rows, vb + band * pg->rows, bytes) != 0)
		return;		/* the band hashes collided */
	if (pg->keep != NULL && !pg->keep(pg->keep_arg, a, b))
		return;
	for (u = 0; u < band; u++) {
		if (memcmp(va + u * pg->rows, vb + u * pg->rows, bytes) == 0 &&
		    !in_huge(pg, u, a))
			return;
	}
	pg->candidates++;
	exact = ((c->flags[a] | c->flags[b]) & DOC_NOSET) == 0;
	if (exact)
		sim = minhash_jaccard(c->h + c->off[a], c->off[a + 1] -
		    c->off[a], c->h + c->off[b], c->off[b + 1] - c->off[b]);
	else
		sim = minhash_estimate(&c->sig[a], &c->sig[b]);
	if (sim < (exact ? pg->t : pg->accept))
		return;
	if (pg->npairs == pg->cap) {
		pg->cap = pg->cap == 0 ? 1024 : pg->cap * 2;
		pg->pairs = xreallocarray(pg->pairs, pg->cap,
		    sizeof *pg->pairs);
	}
	p = &pg->pairs[pg->npairs++];
	p->a = a;
	p->b = b;
	p->exact = exact;
	p->sim = sim;
}

static int
pairing_init(struct pairing *pg, struct minhash_stats *s,
    const struct minhash_corpus *c, const struct minhash_pair_opts *po,
    struct minhash_pair **pairs, size_t *npairs, char **cause)
{
	*pairs = NULL;
	*npairs = 0;
	memset(pg, 0, sizeof *pg);
	memset(s, 0, sizeof *s);
	pg->c = c;
	pg->t = po->threshold == 0 ? MINHASH_DEFAULT_T : po->threshold;
	if (!(pg->t > 0 && pg->t <= 1))
		return set_cause(cause, "similarity threshold %g is not above"
		    " 0 and at most 1", po->threshold);
	pg->accept = po->accept == 0 ? pg->t : po->accept;
	pg->keep = po->keep;
	pg->keep_arg = po->keep_arg;
	if (!(pg->accept > 0 && pg->accept <= pg->t))
		return set_cause(cause, "estimate bound %g is not above 0 and"
		    " at most the threshold", po->accept);
	if (c->n > UINT32_MAX)
		return set_cause(cause, "too many texts (%zu)", c->n);
	s->recall_at_t = minhash_bands(pg->t, &pg->bands, &pg->rows);
	s->bands = pg->bands;
	s->rows = pg->rows;
	s->texts = c->n;
	s->short_texts = c->nshort;
	pg->huge = xcalloc((size_t)pg->bands, sizeof *pg->huge);
	return 0;
}

static void
pairing_done(struct pairing *pg, struct minhash_stats *s,
    struct minhash_pair **pairs, size_t *npairs, struct minhash_stats *st)
{
	int	band;

	for (band = 0; band < pg->bands; band++)
		free(pg->huge[band]);
	free(pg->huge);
	if (pg->npairs > 1)
		qsort(pg->pairs, pg->npairs, sizeof *pg->pairs, pair_cmp);
	s->candidates = pg->candidates;
	s->pairs = pg->npairs;
	*pairs = pg->pairs;
	*npairs = pg->npairs;
	if (st != NULL)
		*st = *s;
}

/* The first entry of q[0..n) (sorted) with a hash not below key's. */
static struct band_entry *
lower_bound(struct band_entry *q, size_t n, const struct band_entry *key)
{
	size_t	lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (q[mid].h < key->h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return q + lo;
}

int
minhash_pairs(const struct minhash_corpus *c,
    const struct minhash_pair_opts *po, struct minhash_pair **pairs,
    size_t *npairs, struct minhash_stats *st, char **cause)
{
	struct pairing		 pg;
	struct minhash_stats	 s;
	struct band_entry	*e;
	size_t			 ne, i, j, x, y, d, maxb;
	int64_t			 win;
	int			 band;

	if (pairing_init(&pg, &s, c, po, pairs, npairs, cause) != 0)
		return -1;
	maxb = po->max_bucket == 0 ? MINHASH_DEFAULT_BUCKET : po->max_bucket;
	win = po->times != NULL ? po->window : 0;

	e = xreallocarray(NULL, c->n + 1, sizeof *e);
	for (band = 0; band < pg.bands; band++) {
		for (ne = d = 0; d < c->n; d++) {
			if (c->flags[d] & DOC_SHORT)
				continue;
			e[ne].h = band_hash(c->sig[d].v + band * pg.rows,
			    pg.rows);
			e[ne].t = win > 0 ? po->times[d] : 0;
			e[ne++].doc = (uint32_t)d;
		}
		qsort(e, ne, sizeof *e, band_entry_cmp);
		for (i = 0; i < ne; i = j) {
			for (j = i + 1; j < ne && e[j].h == e[i].h; j++)
				;
			if (j - i < 2)
				continue;
			if (j - i > s.largest_bucket)
				s.largest_bucket = j - i;
			if (j - i > maxb) {
				s.huge_buckets++;
				s.huge_texts += j - i;
				for (x = i; x < j; x++)
					mark_huge(&pg, band, e[x].doc);
				continue;
			}
			for (x = i; x < j; x++) {
				for (y = x + 1; y < j; y++) {
					if (win > 0 && e[y].t - e[x].t > win)
						break;
					if (e[x].doc < e[y].doc)
						check_pair(&pg, band, e[x].doc,
						    e[y].doc);
					else
						check_pair(&pg, band, e[y].doc,
						    e[x].doc);
				}
			}
		}
	}
	free(e);
	pairing_done(&pg, &s, pairs, npairs, st);
	return 0;
}

int
minhash_pairs_of(const struct minhash_corpus *c,
    const struct minhash_pair_opts *po, const uint32_t *queries, size_t nq,
    struct minhash_pair **pairs, size_t *npairs, struct minhash_stats *st,
    char **cause)
{
	struct pairing		 pg;
	struct minhash_stats	 s;
	struct band_entry	*q, key, *hit;
	uint64_t		*isq;
	size_t			 nqe, i, d, bucket;
	int			 band;

	if (pairing_init(&pg, &s, c, po, pairs, npairs, cause) != 0)
		return -1;
	isq = xcalloc(c->n / 64 + 1, sizeof *isq);
	for (i = 0; i < nq; i++) {
		if (queries[i] >= c->n)
			continue;
		isq[queries[i] / 64] |= (uint64_t)1 << (queries[i] % 64);
	}
	q = xreallocarray(NULL, nq + 1, sizeof *q);
	for (band = 0; band < pg.bands; band++) {
		for (nqe = i = 0; i < nq; i++) {
			d = queries[i];
			if (d >= c->n || (c->flags[d] & DOC_SHORT))
				continue;
			q[nqe].h = band_hash(c->sig[d].v + band * pg.rows,
			    pg.rows);
			q[nqe].t = 0;
			q[nqe++].doc = (uint32_t)d;
		}
		if (nqe == 0)
			break;
		qsort(q, nqe, sizeof *q, band_entry_cmp);
		for (d = 0; d < c->n; d++) {
			if (c->flags[d] & DOC_SHORT)
				continue;
			key.h = band_hash(c->sig[d].v + band * pg.rows,
			    pg.rows);
			key.t = 0;
			key.doc = 0;
			hit = lower_bound(q, nqe, &key);
			for (bucket = 0; hit < q + nqe && hit->h == key.h;
			    hit++, bucket++) {
				if (hit->doc == d)
					continue;
				/* Two queries: taken once, from the larger. */
				if ((isq[d / 64] >> (d % 64) & 1) != 0 &&
				    d < hit->doc)
					continue;
				if (d < hit->doc)
					check_pair(&pg, band, (uint32_t)d,
					    hit->doc);
				else
					check_pair(&pg, band, hit->doc,
					    (uint32_t)d);
			}
			if (bucket + 1 > s.largest_bucket)
				s.largest_bucket = bucket + 1;
		}
	}
	free(q);
	free(isq);
	pairing_done(&pg, &s, pairs, npairs, st);
	return 0;
}
