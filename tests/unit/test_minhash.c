/*
 * test_minhash.c: the normal form, shingles, signatures and their blobs,
 * the choice of bands, and the pairs banded LSH finds, against the exact
 * Jaccard similarity of every pair of a few thousand synthetic texts.
 */
#include "config.h"
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "minhash.h"
#include "util.h"

static const struct minhash_opts words3 = { MINHASH_WORDS, 3 };
static const struct minhash_opts chars5 = { MINHASH_CHARS, 5 };

static uint64_t	rng_state;

static uint64_t
rng(void)
{
	uint64_t	z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static size_t
nshingles(const char *text, const struct minhash_opts *o)
{
	struct minhash_set	set = MINHASH_SET_INIT;
	size_t			n;

	n = minhash_shingles(text, strlen(text), o, &set);
	minhash_set_free(&set);
	return n;
}

static const char *
norm(const char *text, const struct minhash_opts *o)
{
	static char		out[1024];
	struct minhash_set	set = MINHASH_SET_INIT;

	minhash_shingles(text, strlen(text), o, &set);
	snprintf(out, sizeof out, "%s", set.norm);
	minhash_set_free(&set);
	return out;
}

static double
jaccard(const char *a, const char *b, const struct minhash_opts *o)
{
	struct minhash_set	sa = MINHASH_SET_INIT, sb = MINHASH_SET_INIT;
	double			j;

	minhash_shingles(a, strlen(a), o, &sa);
	minhash_shingles(b, strlen(b), o, &sb);
	j = minhash_jaccard(sa.h, sa.n, sb.h, sb.n);
	minhash_set_free(&sa);
	minhash_set_free(&sb);
	return j;
}

/* The pairs at least t among texts, by comparing every pair. */
static size_t
brute_count(const char *const *texts, size_t n, const struct minhash_opts *o,
    double t)
{
	size_t	i, j, count = 0;

	for (i = 0; i < n; i++) {
		for (j = i + 1; j < n; j++) {
			if (nshingles(texts[i], o) > 0 &&
			    nshingles(texts[j], o) > 0 &&
			    jaccard(texts[i], texts[j], o) >= t)
				count++;
		}
	}
	return count;
}

/* Pairs of a corpus of the given texts. */
static size_t
pairs_of(const char *const *texts, size_t n, const struct minhash_opts *o,
    double t, struct minhash_pair **p, struct minhash_stats *st)
{
	struct minhash_corpus		*c = minhash_corpus_new(o);
	struct minhash_pair_opts	 po = { .threshold = t, .max_bucket = 0 };
	size_t				 i, np;
	char				*cause = NULL;

	for (i = 0; i < n; i++)
		minhash_corpus_add(c, texts[i], strlen(texts[i]));
	ck_assert_msg(minhash_pairs(c, &po, p, &np, st, &cause) == 0, "%s",
	    cause);
	minhash_corpus_free(c);
	return np;
}

START_TEST(test_normal_form)
{
	ck_assert_str_eq(norm("  Hello,\t\tWORLD \n again ", &words3),
	    "hello, world again");
	/* No-break and ideographic spaces are spaces; zero-width ones go. */
	ck_assert_str_eq(norm("a\xc2\xa0" "b\xe3\x80\x80" "c d\xe2\x80\x8b" "e",
	    &words3), "a b c de");
	ck_assert_str_eq(norm("ПРИВЕТ Мир ΑΘΗΝΑ Ÿes ÉCOLE",
	    &words3),
	    "привет мир αθηνα Ÿes école");
	ck_assert_str_eq(norm("Read https://t.co/AbC now HTTP://X.Y/z",
	    &words3),
	    "read now");
	ck_assert_str_eq(norm("bad \xff byte", &words3),
	    "bad \xef\xbf\xbd byte");
	ck_assert_str_eq(norm("", &words3), "");
}
END_TEST

START_TEST(test_too_short_texts)
{
	struct minhash_sig	 sig;
	struct minhash_corpus	*c;
	struct minhash_pair_opts po = { .threshold = 0.5, .max_bucket = 0 };
	struct minhash_pair	*p;
	struct minhash_stats	 st;
	size_t			 np, i;

	ck_assert_int_eq(minhash_sign("", 0, &words3, &sig), MINHASH_SHORT);
	for (i = 0; i < MINHASH_ROWS; i++)
		ck_assert_uint_eq(sig.v[i], UINT32_MAX);
	ck_assert_int_eq(minhash_sign(NULL, 0, &words3, &sig), MINHASH_SHORT);
	ck_assert_int_eq(minhash_sign("one", 3, &words3, &sig), MINHASH_SHORT);
	ck_assert_int_eq(minhash_sign("two words", 9, &words3, &sig),
	    MINHASH_SHORT);
	ck_assert_int_eq(minhash_sign("  \t\n ", 5, &words3, &sig),
	    MINHASH_SHORT);
	ck_assert_int_eq(minhash_sign("https://a.b/c http://d", 22, &words3,
	    &sig), MINHASH_SHORT);
	ck_assert_int_eq(minhash_sign("three words here", 16, &words3, &sig),
	    0);
	ck_assert_int_eq(minhash_sign("word", 4, &chars5, &sig),
	    MINHASH_SHORT);
	ck_assert_int_eq(minhash_sign("words", 5, &chars5, &sig), 0);
	/* A word of 5 code points in 10 bytes is one 5-gram. */
	ck_assert_uint_eq(nshingles("слово", &chars5), 1);
	ck_assert_uint_eq(nshingles("сло", &chars5), 0);

	/* Too-short texts keep their number and never pair. */
	c = minhash_corpus_new(&words3);
	ck_assert_int_eq(minhash_corpus_add(c, "", 0), MINHASH_SHORT);
	ck_assert_int_eq(minhash_corpus_add(c, "one", 3), MINHASH_SHORT);
	ck_assert_int_eq(minhash_corpus_add(c, "a b c d", 7), 0);
	ck_assert_int_eq(minhash_corpus_add(c, "one", 3), MINHASH_SHORT);
	ck_assert_int_eq(minhash_corpus_add(c, "A  B c d", 8), 0);
	ck_assert_uint_eq(minhash_corpus_count(c), 5);
	ck_assert_uint_eq(minhash_corpus_short(c), 3);
	ck_assert_int_eq(minhash_pairs(c, &po, &p, &np, &st, NULL), 0);
	ck_assert_uint_eq(np, 1);
	ck_assert_uint_eq(p[0].a, 2);
	ck_assert_uint_eq(p[0].b, 4);
	ck_assert(p[0].exact);
	ck_assert(p[0].sim == 1.0);
	ck_assert_uint_eq(st.texts, 5);
	ck_assert_uint_eq(st.short_texts, 3);
	free(p);
	minhash_corpus_free(c);
}
END_TEST

START_TEST(test_identical_texts)
{
	const char *const	 t[] = {
		"Stop the lies! Share before they delete this",
		"stop   the LIES! share before they delete this",
		"Stop the lies! Share before they delete this",
		"Something else entirely, about the weather today",
	};
	struct minhash_sig	 a, b;
	struct minhash_pair	*p;
	size_t			 np;

	ck_assert_int_eq(minhash_sign(t[0], strlen(t[0]), &words3, &a), 0);
	ck_assert_int_eq(minhash_sign(t[1], strlen(t[1]), &words3, &b), 0);
	ck_assert(memcmp(&a, &b, sizeof a) == 0);
	ck_assert(minhash_estimate(&a, &b) == 1.0);
	np = pairs_of(t, nitems(t), &words3, 1.0, &p, NULL);
	ck_assert_uint_eq(np, 3);
	ck_assert_uint_eq(p[0].a, 0);
	ck_assert_uint_eq(p[0].b, 1);
	ck_assert_uint_eq(p[1].a, 0);
	ck_assert_uint_eq(p[1].b, 2);
	ck_assert_uint_eq(p[2].a, 1);
	ck_assert_uint_eq(p[2].b, 2);
	free(p);
}
END_TEST

START_TEST(test_unicode_and_emoji)
{
	const char *const	 t[] = {
		"Все на митинг сегодня в центре города 🔥🔥",
		"Все на митинг сегодня в центре города 🎉",
		"ВСЕ НА МИТИНГ СЕГОДНЯ В ЦЕНТРЕ ГОРОДА 🔥🔥",
		"今天下午三点在市中心广场集合，请转发",
		"今天下午三点在市中心广场集合，请转发！",
		"\xf0\x9f\x94\xa5 \xf0\x9f\x94\xa5 \xf0\x9f\x94\xa5",
	};
	struct minhash_pair	*p;
	size_t			 np, i;
	double			 j;

	/* The emoji is a word of its own: 1 of 6 word 3-shingles differs. */
	j = jaccard(t[0], t[1], &words3);
	ck_assert(fabs(j - 5.0 / 7.0) < 1e-12);
	ck_assert(jaccard(t[0], t[2], &words3) == 1.0);
	/* Characters: the emoji changes only the last few 5-grams. */
	ck_assert(jaccard(t[0], t[1], &chars5) > 0.8);
	ck_assert(jaccard(t[3], t[4], &chars5) > 0.9);
	ck_assert(jaccard(t[3], t[4], &chars5) < 1.0);
	ck_assert_uint_eq(nshingles(t[5], &words3), 1);
	ck_assert_uint_eq(nshingles(t[5], &chars5), 1);

	np = pairs_of(t, nitems(t), &chars5, 0.8, &p, NULL);
	for (i = 0; i < np; i++)
		ck_assert(fabs(p[i].sim - jaccard(t[p[i].a], t[p[i].b],
		    &chars5)) < 1e-12);
	ck_assert_uint_eq(np, brute_count(t, nitems(t), &chars5, 0.8));
	ck_assert_uint_eq(p[np - 1].a, 3);
	ck_assert_uint_eq(p[np - 1].b, 4);
	free(p);
	np = pairs_of(t, nitems(t), &words3, 0.7, &p, NULL);
	ck_assert_uint_eq(np, 3);	/* 0-1, 0-2, 1-2 */
	ck_assert_uint_eq(np, brute_count(t, nitems(t), &words3, 0.7));
	free(p);
}
END_TEST

START_TEST(test_invalid_utf8_does_not_crash)
{
	struct minhash_sig	sig;
	char			buf[512];
	size_t			i, j;

	rng_state = 5;
	for (i = 0; i < 200; i++) {
		for (j = 0; j < sizeof buf; j++)
			buf[j] = (char)(rng() & 0xff);
		minhash_sign(buf, rng() % sizeof buf, &words3, &sig);
		minhash_sign(buf, rng() % sizeof buf, &chars5, &sig);
	}
}
END_TEST

START_TEST(test_blob_round_trip)
{
	const char		*t = "a blob keeps every row of the signature";
	struct minhash_opts	 o = { MINHASH_CHARS, 4 }, back;
	struct minhash_sig	 sig, sig2;
	unsigned char		 blob[MINHASH_BLOB_SIZE];
	unsigned char		 bad[MINHASH_BLOB_SIZE];
	char			*cause = NULL;

	ck_assert_int_eq(minhash_sign(t, strlen(t), &o, &sig), 0);
	minhash_sig_to_blob(&sig, &o, blob);
	ck_assert(blob[0] == 'M' && blob[1] == 'H' && blob[2] == 1);
	ck_assert(blob[3] == MINHASH_CHARS && blob[4] == 4);
	/* Little-endian whatever the host. */
	ck_assert_uint_eq(blob[8], sig.v[0] & 0xff);
	ck_assert_uint_eq(blob[11], sig.v[0] >> 24);
	ck_assert_int_eq(minhash_sig_from_blob(blob, sizeof blob, &sig2, &back,
	    &cause), 0);
	ck_assert(memcmp(&sig, &sig2, sizeof sig) == 0);
	ck_assert_int_eq(back.unit, MINHASH_CHARS);
	ck_assert_int_eq(back.k, 4);

	/* The default k is written as the k used. */
	minhash_sig_to_blob(&sig, &words3, blob);
	ck_assert_int_eq(blob[4], 3);
	o.unit = MINHASH_WORDS;
	o.k = 0;
	minhash_sig_to_blob(&sig, &o, blob);
	ck_assert_int_eq(blob[4], 3);

	ck_assert_int_eq(minhash_sig_from_blob(blob, sizeof blob - 1, &sig2,
	    NULL, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "bytes"));
	free(cause);
	memcpy(bad, blob, sizeof bad);
	bad[0] = 'X';
	ck_assert_int_eq(minhash_sig_from_blob(bad, sizeof bad, &sig2, NULL,
	    NULL), -1);
	memcpy(bad, blob, sizeof bad);
	bad[2] = 2;
	ck_assert_int_eq(minhash_sig_from_blob(bad, sizeof bad, &sig2, NULL,
	    &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "version 2"));
	free(cause);
	memcpy(bad, blob, sizeof bad);
	bad[4] = 0;
	ck_assert_int_eq(minhash_sig_from_blob(bad, sizeof bad, &sig2, NULL,
	    NULL), -1);
	memcpy(bad, blob, sizeof bad);
	bad[3] = 9;
	ck_assert_int_eq(minhash_sig_from_blob(bad, sizeof bad, &sig2, NULL,
	    NULL), -1);
}
END_TEST

START_TEST(test_signatures_are_stable)
{
	struct minhash_sig	sig;

	/* The stored format: these rows must never change. */
	ck_assert_int_eq(minhash_sign("the quick brown fox", 19, &words3,
	    &sig), 0);
	ck_assert_uint_eq(sig.v[0], 2347584857U);
	ck_assert_uint_eq(sig.v[1], 1813051978U);
	ck_assert_uint_eq(sig.v[2], 3140844599U);
	ck_assert_uint_eq(sig.v[127], 256902384U);
	{
		struct minhash_set	set = MINHASH_SET_INIT;
		struct minhash_sig	again;

		ck_assert_uint_eq(minhash_shingles("the quick brown fox", 19,
		    &words3, &set), 2);
		minhash_sig_of(set.h, set.n, &again);
		ck_assert(memcmp(&sig, &again, sizeof sig) == 0);
		minhash_set_free(&set);
	}
}
END_TEST

START_TEST(test_bands_reach_the_recall)
{
	double	t, p;
	int	b, r;

	for (t = 0.05; t <= 1.0001; t += 0.05) {
		p = minhash_bands(t, &b, &r);
		ck_assert_msg(p >= 0.99, "t %g: b %d r %d p %g", t, b, r, p);
		ck_assert_int_le(b * r, MINHASH_ROWS);
		ck_assert(fabs(p - (1 - pow(1 - pow(t, r), b))) < 1e-9);
		/* r is the largest that reaches 0.99. */
		if (r < MINHASH_ROWS)
			ck_assert(1 - pow(1 - pow(t, r + 1),
			    MINHASH_ROWS / (r + 1)) < 0.99);
	}
	minhash_bands(0.8, &b, &r);
	ck_assert_int_eq(r, 6);
	ck_assert_int_eq(b, 21);
	minhash_bands(0.5, &b, &r);
	ck_assert_int_eq(r, 3);
	ck_assert_int_eq(b, 42);
	minhash_bands(1.0, &b, &r);
	ck_assert_int_eq(r, 128);
	ck_assert_int_eq(b, 1);
	/* Too low for 0.99: the best there is. */
	p = minhash_bands(0.01, &b, &r);
	ck_assert_int_eq(r, 1);
	ck_assert(p < 0.99);
}
END_TEST

START_TEST(test_bad_options)
{
	struct minhash_opts		 o = { MINHASH_WORDS, -1 };
	struct minhash_corpus		*c = minhash_corpus_new(&words3);
	struct minhash_pair_opts	 po = { .threshold = -0.1, .max_bucket = 0 };
	struct minhash_pair		*p;
	size_t				 np;
	char				*cause = NULL;

	ck_assert_int_eq(minhash_opts_check(&o, &cause), -1);
	free(cause);
	o.k = MINHASH_MAX_K + 1;
	ck_assert_int_eq(minhash_opts_check(&o, NULL), -1);
	o.k = 0;
	ck_assert_int_eq(minhash_opts_check(&o, NULL), 0);
	o.unit = (enum minhash_unit)7;
	ck_assert_int_eq(minhash_opts_check(&o, NULL), -1);

	minhash_corpus_add(c, "a b c", 5);
	ck_assert_int_eq(minhash_pairs(c, &po, &p, &np, NULL, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "threshold"));
	free(cause);
	po.threshold = 1.5;
	ck_assert_int_eq(minhash_pairs(c, &po, &p, &np, NULL, NULL), -1);
	po.threshold = NAN;
	ck_assert_int_eq(minhash_pairs(c, &po, &p, &np, NULL, NULL), -1);
	ck_assert_ptr_null(p);
	ck_assert_uint_eq(np, 0);
	minhash_corpus_free(c);
}
END_TEST

START_TEST(test_huge_buckets_are_reported)
{
	const char		*t = "the same text posted by many at once";
	struct minhash_corpus	*c = minhash_corpus_new(&words3);
	struct minhash_pair_opts po = { .threshold = 0.8, .max_bucket = 10 };
	struct minhash_pair	*p;
	struct minhash_stats	 st;
	size_t			 np, i;

	for (i = 0; i < 20; i++)
		minhash_corpus_add(c, t, strlen(t));
	minhash_corpus_add(c, "and one other text that stands alone", 36);
	ck_assert_int_eq(minhash_pairs(c, &po, &p, &np, &st, NULL), 0);
	ck_assert_uint_eq(np, 0);
	ck_assert_uint_eq(st.huge_buckets, (size_t)st.bands);
	ck_assert_uint_eq(st.largest_bucket, 20);
	ck_assert_uint_eq(st.huge_texts, 20 * (size_t)st.bands);
	free(p);
	po.max_bucket = 20;
	ck_assert_int_eq(minhash_pairs(c, &po, &p, &np, &st, NULL), 0);
	ck_assert_uint_eq(np, 20 * 19 / 2);
	ck_assert_uint_eq(st.candidates, 20 * 19 / 2);
	ck_assert_uint_eq(st.huge_buckets, 0);
	free(p);
	minhash_corpus_free(c);
}
END_TEST

START_TEST(test_stored_signatures_pair_by_estimate)
{
	const char		*t[] = {
		"a text that was signed at import and stored as a blob",
		"a text that was signed at import and stored as a blob too",
		"nothing like the others",
	};
	struct minhash_corpus	*c = minhash_corpus_new(&words3);
	struct minhash_pair_opts po = { .threshold = 0.5, .max_bucket = 0 };
	struct minhash_sig	 sig;
	struct minhash_pair	*p;
	size_t			 np, i;

	for (i = 0; i < nitems(t); i++) {
		ck_assert_int_eq(minhash_sign(t[i], strlen(t[i]), &words3,
		    &sig), 0);
		minhash_corpus_add_sig(c, &sig);
	}
	ck_assert_int_eq(minhash_pairs(c, &po, &p, &np, NULL, NULL), 0);
	ck_assert_uint_eq(np, 1);
	ck_assert(!p[0].exact);
	ck_assert_uint_eq(p[0].a, 0);
	ck_assert_uint_eq(p[0].b, 1);
	ck_assert(fabs(p[0].sim - jaccard(t[0], t[1], &words3)) < 0.15);
	free(p);
	minhash_corpus_free(c);
}
END_TEST

/* ---- synthetic near-duplicates, against every pair ----------------- */

#define VOCAB	3000

static char	 vocab[VOCAB][12];

static void
make_vocab(void)
{
	size_t	i, j, len;

	for (i = 0; i < VOCAB; i++) {
		len = 3 + rng() % 8;
		for (j = 0; j < len; j++)
			vocab[i][j] = (char)('a' + rng() % 26);
		vocab[i][len] = '\0';
	}
}

/* A text of the words w[0..n) with up to `edits` random edits. */
static char *
variant(const int *w, int n, int edits)
{
	struct buf	b = BUF_INIT;
	int		v[80], nv = 0, i, e, at;

	for (i = 0; i < n; i++)
		v[nv++] = w[i];
	for (e = (int)(rng() % (uint64_t)(edits + 1)); e > 0; e--) {
		at = (int)(rng() % (uint64_t)nv);
		switch (rng() % 3) {
		case 0:
			v[at] = (int)(rng() % VOCAB);
			break;
		case 1:
			if (nv > 5) {
				memmove(v + at, v + at + 1,
				    (size_t)(nv - at - 1) * sizeof *v);
				nv--;
			}
			break;
		default:
			if (nv < 80) {
				memmove(v + at + 1, v + at,
				    (size_t)(nv - at) * sizeof *v);
				v[at] = (int)(rng() % VOCAB);
				nv++;
			}
			break;
		}
	}
	for (i = 0; i < nv; i++) {
		if (i > 0)
			buf_addc(&b, rng() % 20 == 0 ? '\t' : ' ');
		buf_adds(&b, vocab[v[i]]);
	}
	if (rng() % 4 == 0)
		buf_adds(&b, rng() % 2 ? " \xf0\x9f\x94\xa5" :
		    " \xf0\x9f\x8e\x89");
	return buf_steal(&b);
}

/* n texts: families of 2 to 10 variants of one text, and loners. */
static char **
synthetic(size_t n, int edits)
{
	char	**t = xreallocarray(NULL, n, sizeof *t);
	int	 w[60], nw, i, fam;
	size_t	 d = 0;

	while (d < n) {
		nw = 12 + (int)(rng() % 40);
		for (i = 0; i < nw; i++)
			w[i] = (int)(rng() % VOCAB);
		fam = rng() % 3 == 0 ? 1 : 2 + (int)(rng() % 9);
		for (i = 0; i < fam && d < n; i++)
			t[d++] = variant(w, nw, edits);
	}
	return t;
}

/*
 * LSH against every pair: each pair reported is exact and at least t,
 * and the share of the true pairs found is at least 0.99.
 */
static void
check_recall(const struct minhash_opts *o, size_t n, int edits,
    const double *ts, size_t nts)
{
	struct minhash_corpus		*c = minhash_corpus_new(o);
	struct minhash_set		 set = MINHASH_SET_INIT;
	struct minhash_pair_opts	 po = { .threshold = 0, .max_bucket = 0 };
	struct minhash_pair		*p;
	struct minhash_stats		 st;
	uint64_t			**h;
	size_t				*nh, i, j, np, truth, x;
	size_t				 nsims = 0, simcap = 0;
	double				 recall, sim, tmin = 1, *sims = NULL;
	char				**t;

	t = synthetic(n, edits);
	h = xreallocarray(NULL, n, sizeof *h);
	nh = xreallocarray(NULL, n, sizeof *nh);
	for (i = 0; i < n; i++) {
		minhash_corpus_add(c, t[i], strlen(t[i]));
		nh[i] = minhash_shingles(t[i], strlen(t[i]), o, &set);
		h[i] = xreallocarray(NULL, nh[i] + 1, sizeof **h);
		memcpy(h[i], set.h, nh[i] * sizeof **h);
	}
	/* Every pair, once: the similarities at least the lowest t. */
	for (x = 0; x < nts; x++)
		tmin = ts[x] < tmin ? ts[x] : tmin;
	for (i = 0; i < n; i++) {
		for (j = i + 1; j < n; j++) {
			if (nh[i] == 0 || nh[j] == 0 || (sim =
			    minhash_jaccard(h[i], nh[i], h[j], nh[j])) < tmin)
				continue;
			if (nsims == simcap) {
				simcap = simcap == 0 ? 1024 : simcap * 2;
				sims = xreallocarray(sims, simcap,
				    sizeof *sims);
			}
			sims[nsims++] = sim;
		}
	}
	for (x = 0; x < nts; x++) {
		po.threshold = ts[x];
		ck_assert_int_eq(minhash_pairs(c, &po, &p, &np, &st, NULL), 0);
		for (i = 0; i < np; i++) {
			ck_assert_uint_lt(p[i].a, p[i].b);
			if (i > 0)
				ck_assert(p[i - 1].a < p[i].a ||
				    (p[i - 1].a == p[i].a &&
				    p[i - 1].b < p[i].b));
			ck_assert(p[i].exact);
			sim = minhash_jaccard(h[p[i].a], nh[p[i].a],
			    h[p[i].b], nh[p[i].b]);
			ck_assert(p[i].sim == sim);
			ck_assert(sim >= ts[x]);
		}
		truth = 0;
		for (i = 0; i < nsims; i++)
			truth += sims[i] >= ts[x];
		ck_assert_uint_gt(truth, 200);
		recall = (double)np / (double)truth;
		fprintf(stderr, "minhash recall: %s k %d, %zu texts, t %.2f:"
		    " %zu of %zu pairs (%.4f), %d bands x %d rows,"
		    " %llu candidates\n", o->unit == MINHASH_WORDS ? "words" :
		    "chars", o->k, n, ts[x], np, truth, recall, st.bands,
		    st.rows, (unsigned long long)st.candidates);
		ck_assert_msg(recall >= 0.99, "recall %.4f at t %.2f", recall,
		    ts[x]);
		free(p);
	}
	for (i = 0; i < n; i++) {
		free(h[i]);
		free(t[i]);
	}
	free(h);
	free(nh);
	free(t);
	free(sims);
	minhash_set_free(&set);
	minhash_corpus_free(c);
}

/*
 * Pairs built to sit just above the threshold (word 1-shingles: texts of
 * 40 distinct words, sharing s of them, so J = s / (80 - s)), where LSH
 * misses the most: recall must still be at least 0.99.
 */
START_TEST(test_recall_at_the_threshold)
{
	const struct minhash_opts	 words1 = { MINHASH_WORDS, 1 };
	const double			 ts[] = { 0.5, 0.8, 0.9 };
	const int			 npairs = 2000, len = 40;
	struct minhash_corpus		*c;
	struct minhash_pair_opts	 po = { .threshold = 0, .max_bucket = 0 };
	struct minhash_pair		*p;
	struct minhash_stats		 st;
	struct buf			 a = BUF_INIT, b = BUF_INIT;
	size_t				 np;
	double				 recall;
	int				 x, i, k, shared;

	for (x = 0; x < (int)nitems(ts); x++) {
		for (shared = 1; shared < len; shared++) {
			if ((double)shared / (2 * len - shared) >= ts[x])
				break;
		}
		c = minhash_corpus_new(&words1);
		for (i = 0; i < npairs; i++) {
			buf_clear(&a);
			buf_clear(&b);
			for (k = 0; k < len; k++) {
				buf_printf(&a, "w%d_%d ", i, k);
				if (k < shared)
					buf_printf(&b, "w%d_%d ", i, k);
				else
					buf_printf(&b, "v%d_%d ", i, k);
			}
			minhash_corpus_add(c, a.data, a.len);
			minhash_corpus_add(c, b.data, b.len);
		}
		po.threshold = ts[x];
		ck_assert_int_eq(minhash_pairs(c, &po, &p, &np, &st, NULL), 0);
		recall = (double)np / npairs;
		fprintf(stderr, "minhash recall at J %.3f, t %.2f: %zu of %d"
		    " (%.4f), expected %.4f\n", (double)shared /
		    (2 * len - shared), ts[x], np, npairs, recall,
		    1 - pow(1 - pow((double)shared / (2 * len - shared),
		    st.rows), st.bands));
		ck_assert_msg(recall >= 0.99, "recall %.4f at t %.2f", recall,
		    ts[x]);
		free(p);
		minhash_corpus_free(c);
	}
	buf_free(&a);
	buf_free(&b);
}
END_TEST

START_TEST(test_recall_words)
{
	const double	ts[] = { 0.5, 0.7, 0.8, 0.9 };

	rng_state = 2024;
	make_vocab();
	check_recall(&words3, 3000, 4, ts, nitems(ts));
}
END_TEST

START_TEST(test_recall_chars)
{
	const double	ts[] = { 0.6, 0.85 };

	rng_state = 77;
	make_vocab();
	check_recall(&chars5, 1500, 6, ts, nitems(ts));
}
END_TEST

Suite *
test_suite(void)
{
	const TTest *const tests[] = {
		test_normal_form,
		test_too_short_texts,
		test_identical_texts,
		test_unicode_and_emoji,
		test_invalid_utf8_does_not_crash,
		test_blob_round_trip,
		test_signatures_are_stable,
		test_bands_reach_the_recall,
		test_bad_options,
		test_huge_buckets_are_reported,
		test_stored_signatures_pair_by_estimate,
		test_recall_at_the_threshold,
		test_recall_words,
		test_recall_chars,
	};
	Suite	*s = suite_create("minhash");
	TCase	*tc = tcase_create("minhash");
	size_t	 i;

	for (i = 0; i < nitems(tests); i++)
		tcase_add_test(tc, tests[i]);
	suite_add_tcase(s, tc);
	return s;
}
