/*
 * test_hamming.c: parsing perceptual hashes, and the multi-index hashing
 * index against a brute-force scan on hand-made and random hashes.
 */
#include "config.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "hamming.h"
#include "util.h"

static uint64_t	rng_state;

static uint64_t
rng(void)
{
	uint64_t	z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* h with d distinct random bits flipped. */
static uint64_t
flip(uint64_t h, int d)
{
	uint64_t	done = 0, bit;

	while (d > 0) {
		bit = (uint64_t)1 << (rng() % 64);
		if (done & bit)
			continue;
		done |= bit;
		h ^= bit;
		d--;
	}
	return h;
}

static int
match_cmp(const void *va, const void *vb)
{
	const struct hamming_match	*a = va, *b = vb;

	if (a->distance != b->distance)
		return a->distance < b->distance ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* The reference: every hash, in the index's order. */
static size_t
brute(const uint64_t *h, size_t n, uint64_t q, int k,
    struct hamming_match **out)
{
	struct hamming_match	*m = xreallocarray(NULL, n + 1, sizeof *m);
	size_t			 i, nm = 0;
	int			 d;

	for (i = 0; i < n; i++) {
		if (k >= 0 && (d = hamming_distance(h[i], q)) <= k) {
			m[nm].index = i;
			m[nm++].distance = d;
		}
	}
	qsort(m, nm, sizeof *m, match_cmp);
	*out = m;
	return nm;
}

static void
check_query(const struct hamming_index *ix, const uint64_t *h, size_t n,
    uint64_t q, int k, struct hamming_matches *res)
{
	struct hamming_match	*want;
	size_t			 nwant, i;

	nwant = brute(h, n, q, k, &want);
	ck_assert_uint_eq(hamming_query(ix, q, k, res), nwant);
	for (i = 0; i < nwant; i++) {
		ck_assert_uint_eq(res->m[i].index, want[i].index);
		ck_assert_int_eq(res->m[i].distance, want[i].distance);
	}
	free(want);
}

static void
parse_ok(const char *s, uint64_t want)
{
	uint64_t	 v = 0;
	char		*cause = NULL;

	ck_assert_msg(hamming_parse(s, &v, &cause), "%s: %s", s, cause);
	ck_assert_msg(v == want, "%s", s);
}

static void
parse_bad(const char *s, const char *why)
{
	uint64_t	 v = 42;
	char		*cause = NULL;

	ck_assert_msg(!hamming_parse(s, &v, &cause), "%s parsed", s);
	ck_assert_ptr_nonnull(cause);
	ck_assert_msg(strstr(cause, why) != NULL, "%s: %s", s, cause);
	ck_assert(v == 42);
	free(cause);
}

START_TEST(test_parse_accepts_the_printed_forms)
{
	parse_ok("0123456789abcdef", 0x0123456789abcdefULL);
	parse_ok("0123456789ABCDEF", 0x0123456789abcdefULL);
	parse_ok("0x0123456789AbCdEf", 0x0123456789abcdefULL);
	parse_ok("0Xffffffffffffffff", UINT64_MAX);
	parse_ok("0000000000000000", 0);
	parse_ok("  8f373714acfcf4d0\n", 0x8f373714acfcf4d0ULL);
}
END_TEST

START_TEST(test_parse_refuses_anything_else)
{
	parse_bad("0123456789abcde", "15 hex digits");
	parse_bad("0123456789abcdef0", "17 hex digits");
	parse_bad("0x0123456789abcdef0", "17 hex digits");
	parse_bad("0123456789abcdeg", "'g' is not a hex digit");
	parse_bad("g123456789abcdef", "'g' is not a hex digit");
	parse_bad("", "empty");
	parse_bad("   ", "empty");
	parse_bad("0x", "empty");
	parse_bad(NULL, "empty");
	parse_bad("0x0x0123456789ab", "'x' is not a hex digit");
	parse_bad("01234567 89abcdef", "byte 0x20");
	parse_bad("-123456789abcdef", "'-' is not a hex digit");
	parse_bad("0123456789abcd\xc3\xa9", "byte 0xc3");
	parse_bad("12", "2 hex digits");
}
END_TEST

START_TEST(test_format_round_trips)
{
	char		out[17];
	uint64_t	v, back;
	int		i;

	rng_state = 1;
	for (i = 0; i < 1000; i++) {
		v = rng();
		hamming_format(v, out);
		ck_assert_uint_eq(strlen(out), 16);
		ck_assert(hamming_parse(out, &back, NULL));
		ck_assert(back == v);
	}
	hamming_format(0xabc, out);
	ck_assert_str_eq(out, "0000000000000abc");
}
END_TEST

START_TEST(test_query_hand_made)
{
	const uint64_t		 h[] = {
		0, 1, 3, 0xff, UINT64_MAX, 1, 0x8000000000000000ULL
	};
	struct hamming_index	*ix;
	struct hamming_matches	 res = HAMMING_MATCHES_INIT;

	ix = hamming_index_new(h, nitems(h), 2, NULL);
	ck_assert_ptr_nonnull(ix);
	ck_assert_uint_eq(hamming_index_count(ix), nitems(h));
	ck_assert_uint_eq(hamming_query(ix, 0, 2, &res), 5);
	ck_assert_uint_eq(res.m[0].index, 0);
	ck_assert_int_eq(res.m[0].distance, 0);
	ck_assert_uint_eq(res.m[1].index, 1);
	ck_assert_int_eq(res.m[1].distance, 1);
	ck_assert_uint_eq(res.m[2].index, 5);
	ck_assert_int_eq(res.m[2].distance, 1);
	ck_assert_uint_eq(res.m[3].index, 6);
	ck_assert_int_eq(res.m[3].distance, 1);
	ck_assert_uint_eq(res.m[4].index, 2);
	ck_assert_int_eq(res.m[4].distance, 2);
	ck_assert_uint_eq(hamming_query(ix, 0, 0, &res), 1);
	ck_assert_uint_eq(hamming_query(ix, 0, -1, &res), 0);
	/* Above max_k: a scan, still exact. */
	ck_assert_uint_eq(hamming_query(ix, 0, 8, &res), 6);
	ck_assert_uint_eq(hamming_query(ix, 0, 64, &res), nitems(h));
	ck_assert_uint_eq(hamming_query(ix, UINT64_MAX, 0, &res), 1);
	ck_assert_uint_eq(res.m[0].index, 4);
	hamming_index_free(ix);
	hamming_matches_free(&res);
}
END_TEST

START_TEST(test_index_refuses_bad_distances)
{
	const uint64_t	 h[] = { 1 };
	char		*cause = NULL;

	ck_assert_ptr_null(hamming_index_new(h, 1, -1, &cause));
	ck_assert_ptr_nonnull(strstr(cause, "between 0 and"));
	free(cause);
	cause = NULL;
	ck_assert_ptr_null(hamming_index_new(h, 1, HAMMING_MAX_K + 1,
	    &cause));
	ck_assert_ptr_nonnull(cause);
	free(cause);
}
END_TEST

START_TEST(test_empty_index_finds_nothing)
{
	struct hamming_index	*ix = hamming_index_new(NULL, 0, 6, NULL);
	struct hamming_matches	 res = HAMMING_MATCHES_INIT;

	ck_assert_ptr_nonnull(ix);
	ck_assert_uint_eq(hamming_query(ix, 0, 6, &res), 0);
	ck_assert_uint_eq(hamming_query(ix, 0, 40, &res), 0);
	hamming_index_free(ix);
	hamming_matches_free(&res);
}
END_TEST

/* Random hashes, many of them near others, and repeats; every max_k and
 * every k around it, compared with the scan. */
START_TEST(test_query_matches_brute_force)
{
	const int		 maxks[] = { 0, 1, 3, 6, 8, 15 };
	struct hamming_matches	 res = HAMMING_MATCHES_INIT;
	struct hamming_index	*ix;
	uint64_t		*h, q;
	size_t			 n = 3000, i, found = 0;
	int			 a, k, t;

	rng_state = 11;
	h = xreallocarray(NULL, n, sizeof *h);
	for (i = 0; i < n; i++) {
		if (i > 0 && rng() % 2 == 0)
			h[i] = flip(h[rng() % i], (int)(rng() % 12));
		else
			h[i] = rng();
	}
	for (a = 0; a < (int)nitems(maxks); a++) {
		ix = hamming_index_new(h, n, maxks[a], NULL);
		ck_assert_ptr_nonnull(ix);
		for (t = 0; t < 60; t++) {
			if (t % 3 == 0)
				q = rng();
			else
				q = flip(h[rng() % n], (int)(rng() % 10));
			for (k = 0; k <= maxks[a] + 2; k++) {
				check_query(ix, h, n, q, k, &res);
				found += res.n;
			}
		}
		hamming_index_free(ix);
	}
	ck_assert_uint_gt(found, 1000);
	free(h);
	hamming_matches_free(&res);
}
END_TEST

/* Hashes that differ only in one substring, or straddle two. */
START_TEST(test_query_clustered_bits)
{
	struct hamming_matches	 res = HAMMING_MATCHES_INIT;
	struct hamming_index	*ix;
	uint64_t		 h[64 * 3], q = 0x0123456789abcdefULL;
	size_t			 n = 0;
	int			 b, k;

	for (b = 0; b < 64; b++) {
		h[n++] = q ^ ((uint64_t)1 << b);
		h[n++] = q ^ ((uint64_t)0xff << (b < 56 ? b : 56));
		h[n++] = q ^ ((uint64_t)0x3f << (b < 58 ? b : 58));
	}
	ix = hamming_index_new(h, n, 8, NULL);
	for (k = 0; k <= 10; k++)
		check_query(ix, h, n, q, k, &res);
	hamming_index_free(ix);
	hamming_matches_free(&res);
}
END_TEST

Suite *
test_suite(void)
{
	const TTest *const tests[] = {
		test_parse_accepts_the_printed_forms,
		test_parse_refuses_anything_else,
		test_format_round_trips,
		test_query_hand_made,
		test_index_refuses_bad_distances,
		test_empty_index_finds_nothing,
		test_query_matches_brute_force,
		test_query_clustered_bits,
	};
	Suite	*s = suite_create("hamming");
	TCase	*tc = tcase_create("hamming");
	size_t	 i;

	for (i = 0; i < nitems(tests); i++)
		tcase_add_test(tc, tests[i]);
	suite_add_tcase(s, tc);
	return s;
}
