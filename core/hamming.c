/*
 * hamming.c: parsing perceptual hashes and the multi-index hashing index
 * over them. See hamming.h.
 */
#include "config.h"
#include "hamming.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* One substring: its bits, and the hashes sorted by them. */
struct hamming_part {
	int		 shift;
	uint64_t	 mask;		/* after the shift */
	uint64_t	*h;		/* sorted by (substring, index) */
	uint32_t	*idx;
};

struct hamming_index {
	uint64_t		*h;	/* as given */
	size_t			 n;
	int			 max_k;
	int			 m;
	struct hamming_part	 part[HAMMING_MAX_K + 1];
};

bool
hamming_parse(const char *s, uint64_t *out, char **cause)
{
	const char	*p, *end;
	uint64_t	 v = 0;
	size_t		 n;
	int		 c;

	if (s == NULL)
		s = "";
	end = s + strlen(s);
	while (s < end && ascii_isspace((unsigned char)*s))
		s++;
	while (end > s && ascii_isspace((unsigned char)end[-1]))
		end--;
	if (end - s >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (s == end) {
		set_cause(cause, "empty hash");
		return false;
	}
	for (p = s; p < end; p++) {
		c = (unsigned char)*p;
		if (ascii_hexval(c) >= 0)
			continue;
		if (c > ' ' && c < 0x7f)
			set_cause(cause, "'%c' is not a hex digit", c);
		else
			set_cause(cause, "byte 0x%02x is not a hex digit", c);
		return false;
	}
	n = (size_t)(end - s);
	if (n != 16) {
		set_cause(cause, "%zu hex digits; a 64-bit hash has 16", n);
		return false;
	}
	for (p = s; p < end; p++)
		v = v << 4 | (uint64_t)ascii_hexval((unsigned char)*p);
	*out = v;
	return true;
}

void
hamming_format(uint64_t v, char out[17])
{
	static const char	 digits[] = "0123456789abcdef";
	int			 i;

	for (i = 15; i >= 0; i--) {
		out[i] = digits[v & 0xf];
		v >>= 4;
	}
	out[16] = '\0';
}

int
hamming_distance(uint64_t a, uint64_t b)
{
#if defined(__GNUC__)
	return __builtin_popcountll(a ^ b);
#else
	uint64_t	x = a ^ b;
	int		n = 0;

	for (; x != 0; x &= x - 1)
		n++;
	return n;
#endif
}

static uint64_t
part_key(const struct hamming_part *pt, uint64_t h)
{
	return (h >> pt->shift) & pt->mask;
}

struct entry {
	uint64_t	key;
	uint64_t	h;
	uint32_t	idx;
};

static int
entry_cmp(const void *va, const void *vb)
{
	const struct entry	*a = va, *b = vb;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

struct hamming_index *
hamming_index_new(const uint64_t *h, size_t n, int max_k, char **cause)
{
	struct hamming_index	*ix;
	struct hamming_part	*pt;
	struct entry		*e;
	size_t			 i;
	int			 j, bits, shift = 64;

	if (max_k < 0 || max_k > HAMMING_MAX_K) {
		set_cause(cause, "distance %d is not between 0 and %d", max_k,
		    HAMMING_MAX_K);
		return NULL;
	}
	if (n > UINT32_MAX) {
		set_cause(cause, "too many hashes (%zu)", n);
		return NULL;
	}
	ix = xcalloc(1, sizeof *ix);
	ix->n = n;
	ix->max_k = max_k;
	ix->m = max_k + 1;
	ix->h = xreallocarray(NULL, n + 1, sizeof *ix->h);
	if (n > 0)
		memcpy(ix->h, h, n * sizeof *h);
	e = xreallocarray(NULL, n + 1, sizeof *e);
	for (j = 0; j < ix->m; j++) {
		pt = &ix->part[j];
		bits = 64 / ix->m + (j < 64 % ix->m);
		shift -= bits;
		pt->shift = shift;
		pt->mask = bits == 64 ? UINT64_MAX : ((uint64_t)1 << bits) - 1;
		for (i = 0; i < n; i++) {
			e[i].key = part_key(pt, h[i]);
			e[i].h = h[i];
			e[i].idx = (uint32_t)i;
		}
		qsort(e, n, sizeof *e, entry_cmp);
		pt->h = xreallocarray(NULL, n + 1, sizeof *pt->h);
		pt->idx = xreallocarray(NULL, n + 1, sizeof *pt->idx);
		for (i = 0; i < n; i++) {
			pt->h[i] = e[i].h;
			pt->idx[i] = e[i].idx;
		}
	}
	free(e);
	return ix;
}

void
hamming_index_free(struct hamming_index *ix)
{
	int	j;

	if (ix == NULL)
		return;
	for (j = 0; j < ix->m; j++) {
		free(ix->part[j].h);
		free(ix->part[j].idx);
	}
	free(ix->h);
	free(ix);
}

size_t
hamming_index_count(const struct hamming_index *ix)
{
	return ix->n;
}

static void
add_match(struct hamming_matches *res, size_t idx, int d)
{
	if (res->n == res->cap) {
		res->cap = res->cap == 0 ? 64 : res->cap * 2;
		res->m = xreallocarray(res->m, res->cap, sizeof *res->m);
	}
	res->m[res->n].index = idx;
	res->m[res->n].distance = d;
	res->n++;
}

static int
match_cmp(const void *va, const void *vb)
{
	const struct hamming_match	*a = va, *b = vb;

	if (a->distance != b->distance)
		return a->distance < b->distance ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* The first position in part whose substring is at least key. */
static size_t
lower_bound(const struct hamming_index *ix, const struct hamming_part *pt,
    uint64_t key)
{
	size_t	lo = 0, hi = ix->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (part_key(pt, pt->h[mid]) < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t
hamming_query(const struct hamming_index *ix, uint64_t q, int k,
    struct hamming_matches *res)
{
	const struct hamming_part	*pt;
	uint64_t			 key, x;
	size_t				 i;
	int				 j, u, d;

	res->n = 0;
	if (k < 0)
		return 0;
	if (k > ix->max_k) {
		for (i = 0; i < ix->n; i++) {
			if ((d = hamming_distance(ix->h[i], q)) <= k)
				add_match(res, i, d);
		}
	} else {
		/* Any k + 1 substrings will do: the first ones. */
		for (j = 0; j <= k; j++) {
			pt = &ix->part[j];
			key = part_key(pt, q);
			for (i = lower_bound(ix, pt, key); i < ix->n &&
			    part_key(pt, pt->h[i]) == key; i++) {
				x = pt->h[i] ^ q;
				if ((d = hamming_distance(pt->h[i], q)) > k)
					continue;
				for (u = 0; u < j; u++) {
					if (part_key(&ix->part[u], x) == 0)
						break;
				}
				if (u == j)
					add_match(res, pt->idx[i], d);
			}
		}
	}
	if (res->n > 1)
		qsort(res->m, res->n, sizeof *res->m, match_cmp);
	return res->n;
}

void
hamming_matches_free(struct hamming_matches *res)
{
	free(res->m);
	memset(res, 0, sizeof *res);
}
