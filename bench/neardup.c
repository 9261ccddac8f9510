/*
 * neardup.c: near-duplicate posts (core/minhash) and perceptual hashes
 * within k bits (core/hamming) on synthetic data.
 *
 *	neardup [POSTS [HASHES]]	(defaults 100000 and 1000000)
 *
 * Posts: about 40% come in planted families of 2 to 40 variants of one
 * text (each variant up to 4 word edits from it, sometimes an emoji or a
 * tracking link more), the rest are loners; words are drawn with a skew
 * from a 20000-word vocabulary. Timed: signing them all (normal form,
 * word 3-shingles, signature), and the LSH pairs at Jaccard 0.8 and
 * 0.5. Recall: against every pair when POSTS <= 5000, else against every
 * pair inside the planted families (pairs across families are rare and
 * left out of the reference).
 *
 * Hashes: random 64-bit values, 1% of them near copies (0 to 8 bits
 * flipped) of others. Timed: building the index, and 2000 queries (half
 * near an indexed hash, half random) run once to warm up and then again,
 * each timed, at k 6 and 8. The first 100 are checked against a scan.
 *
 * Prints one table; peak RSS is VmHWM from /proc/self/status.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hamming.h"
#include "minhash.h"
#include "util.h"

#define VOCAB		20000
#define NQUERIES	2000
#define NCHECKED	100
#define DASHES		"------------------------------------------------------"

static uint64_t	rng_state = 0x6e656172647570ULL;
/* Keeps the timed scans from being optimized away. */
static volatile size_t sink;
static char	vocab[VOCAB][12];

static uint64_t
rng(void)
{
	uint64_t	z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long
peak_rss_kb(void)
{
	FILE	*f = fopen("/proc/self/status", "r");
	char	 line[256];
	long	 kb = -1;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, "VmHWM:", 6) == 0)
			kb = strtol(line + 6, NULL, 10);
	}
	fclose(f);
	return kb;
}

static void
row(const char *what, const char *value)
{
	printf("| %-50s | %22s |\n", what, value);
}

static void rowf(const char *, const char *, ...) CIB_PRINTF(2, 3);

static void
rowf(const char *what, const char *fmt, ...)
{
	va_list	ap;
	char	buf[64];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	row(what, buf);
}

/* A skewed word: small indices are common. */
static int
word(void)
{
	uint64_t	a = rng() % VOCAB, b = rng() % VOCAB;

	return (int)(a * b / VOCAB);
}

static void
make_vocab(void)
{
	size_t	i, j, len;

	for (i = 0; i < VOCAB; i++) {
		len = 2 + rng() % 9;
		for (j = 0; j < len; j++)
			vocab[i][j] = (char)('a' + rng() % 26);
		vocab[i][len] = '\0';
	}
}

static void
variant(struct buf *b, const int *w, int n, int edits)
{
	int	v[80], nv = 0, i, e, at;

	for (i = 0; i < n; i++)
		v[nv++] = w[i];
	for (e = (int)(rng() % (uint64_t)(edits + 1)); e > 0; e--) {
		at = (int)(rng() % (uint64_t)nv);
		switch (rng() % 3) {
		case 0:
			v[at] = word();
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
				v[at] = word();
				nv++;
			}
			break;
		}
	}
	buf_clear(b);
	for (i = 0; i < nv; i++) {
		if (i > 0)
			buf_addc(b, ' ');
		buf_adds(b, vocab[v[i]]);
	}
	if (rng() % 5 == 0)
		buf_adds(b, " \xf0\x9f\x94\xa5");
	if (rng() % 5 == 0)
		buf_printf(b, " https://t.co/%08llx",
		    (unsigned long long)(rng() & 0xffffffff));
}

struct posts {
	char		**text;
	uint32_t	 *family;	/* 0 = a loner */
	size_t		  n;
	uint32_t	  nfamilies;
};

static void
make_posts(struct posts *p, size_t n)
{
	struct buf	b = BUF_INIT;
	int		w[60], nw, i, size;
	uint32_t	fam;

	p->text = xreallocarray(NULL, n, sizeof *p->text);
	p->family = xreallocarray(NULL, n, sizeof *p->family);
	p->n = 0;
	p->nfamilies = 0;
	while (p->n < n) {
		nw = 8 + (int)(rng() % 40);
		for (i = 0; i < nw; i++)
			w[i] = word();
		if (rng() % 100 < 3) {
			size = 2 + (int)(rng() % 39);
			fam = ++p->nfamilies;
		} else {
			size = 1;
			fam = 0;
		}
		for (i = 0; i < size && p->n < n; i++) {
			variant(&b, w, nw, size > 1 ? 4 : 0);
			p->family[p->n] = fam;
			p->text[p->n++] = xstrdup(b.data);
		}
	}
	buf_free(&b);
}

static int
pair_cmp(const void *va, const void *vb)
{
	const struct minhash_pair	*a = va, *b = vb;

	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return a->b < b->b ? -1 : a->b > b->b;
}

static bool
found(const struct minhash_pair *p, size_t np, uint32_t a, uint32_t b)
{
	struct minhash_pair	key;

	key.a = a;
	key.b = b;
	return bsearch(&key, p, np, sizeof *p, pair_cmp) != NULL;
}

/* Shingle sets of every post, for the exact reference. */
static uint64_t **
all_sets(const struct posts *p, const struct minhash_opts *o, size_t **nh)
{
	struct minhash_set	  set = MINHASH_SET_INIT;
	uint64_t		**h = xreallocarray(NULL, p->n, sizeof *h);
	size_t			  i;

	*nh = xreallocarray(NULL, p->n, sizeof **nh);
	for (i = 0; i < p->n; i++) {
		(*nh)[i] = minhash_shingles(p->text[i], strlen(p->text[i]), o,
		    &set);
		h[i] = xreallocarray(NULL, (*nh)[i] + 1, sizeof **h);
		memcpy(h[i], set.h, (*nh)[i] * sizeof **h);
	}
	minhash_set_free(&set);
	return h;
}

/* Recall of np pairs at t: every pair, or every pair in a family. */
static void
recall(const struct posts *p, const struct minhash_opts *o, double t,
    const struct minhash_pair *pairs, size_t np)
{
	uint64_t	**h;
	size_t		 *nh, i, j, truth = 0, hit = 0, start;
	char		  what[96], buf[64];
	bool		  every = p->n <= 5000;

	h = all_sets(p, o, &nh);
	for (i = 0; i < p->n; i = start) {
		start = i + 1;
		if (!every) {
			if (p->family[i] == 0)
				continue;
			while (start < p->n && p->family[start] ==
			    p->family[i])
				start++;
		} else
			start = p->n;
		for (; i < start; i++) {
			for (j = i + 1; j < start; j++) {
				if (nh[i] == 0 || nh[j] == 0 ||
				    minhash_jaccard(h[i], nh[i], h[j],
				    nh[j]) < t)
					continue;
				truth++;
				hit += found(pairs, np, (uint32_t)i,
				    (uint32_t)j);
			}
		}
	}
	snprintf(what, sizeof what, "recall at %.1f (%s)", t, every ?
	    "every pair" : "pairs inside families");
	snprintf(buf, sizeof buf, "%zu / %zu = %.4f", hit, truth,
	    truth > 0 ? (double)hit / (double)truth : 1.0);
	row(what, buf);
	for (i = 0; i < p->n; i++)
		free(h[i]);
	free(h);
	free(nh);
}

static void
bench_minhash(size_t n)
{
	const struct minhash_opts	 o = { MINHASH_WORDS, 3 };
	const double			 ts[] = { 0.8, 0.5 };
	struct minhash_corpus		*c;
	struct minhash_pair_opts	 po = { .threshold = 0, .max_bucket = 0 };
	struct minhash_pair		*pairs;
	struct minhash_stats		 st;
	struct posts			 p;
	size_t				 i, np, bytes = 0;
	double				 t0, t1, sign;
	char				 what[96], buf[64];
	char				*cause = NULL;

	make_vocab();
	make_posts(&p, n);
	for (i = 0; i < n; i++)
		bytes += strlen(p.text[i]);

	rowf("posts", "%.0f", (double)n);
	rowf("planted families", "%.0f", (double)p.nfamilies);
	rowf("text (MB)", "%.1f", (double)bytes / 1e6);
	c = minhash_corpus_new(&o);
	t0 = now();
	for (i = 0; i < n; i++)
		minhash_corpus_add(c, p.text[i], strlen(p.text[i]));
	t1 = now();
	sign = t1 - t0;
	rowf("sign: normal form, word 3-shingles, 128 rows (s)", "%.2f",
	    sign);
	rowf("sign: posts per second", "%.0f", (double)n / (t1 - t0));
	rowf("too short to sign", "%.0f", (double)minhash_corpus_short(c));

	for (i = 0; i < nitems(ts); i++) {
		po.threshold = ts[i];
		t0 = now();
		if (minhash_pairs(c, &po, &pairs, &np, &st, &cause) != 0) {
			fprintf(stderr, "neardup: %s\n", cause);
			exit(1);
		}
		t1 = now();
		snprintf(what, sizeof what,
		    "pairs at %.1f: LSH + exact check (s)", ts[i]);
		rowf(what, "%.2f", t1 - t0);
		snprintf(what, sizeof what, "pairs at %.1f: bands x rows, P(t)",
		    ts[i]);
		snprintf(buf, sizeof buf, "%d x %d, %.4f", st.bands, st.rows,
		    st.recall_at_t);
		row(what, buf);
		snprintf(what, sizeof what, "pairs at %.1f: candidates, pairs",
		    ts[i]);
		snprintf(buf, sizeof buf, "%llu, %zu",
		    (unsigned long long)st.candidates, np);
		row(what, buf);
		snprintf(what, sizeof what,
		    "pairs at %.1f: buckets > 1000 skipped", ts[i]);
		snprintf(buf, sizeof buf, "%zu (largest %zu)", st.huge_buckets,
		    st.largest_bucket);
		row(what, buf);
		snprintf(what, sizeof what, "sign + pairs at %.1f (s)", ts[i]);
		rowf(what, "%.2f", sign + t1 - t0);
		recall(&p, &o, ts[i], pairs, np);
		free(pairs);
	}
	minhash_corpus_free(c);
	for (i = 0; i < n; i++)
		free(p.text[i]);
	free(p.text);
	free(p.family);
}

static int
double_cmp(const void *va, const void *vb)
{
	double	a = *(const double *)va, b = *(const double *)vb;

	return (a > b) - (a < b);
}

static void
bench_hamming(size_t n)
{
	struct hamming_matches	 res = HAMMING_MATCHES_INIT;
	struct hamming_index	*ix;
	uint64_t		*h, q[NQUERIES];
	double			 lat[NQUERIES], t0, t1, sum;
	size_t			 i, j, nfound, want;
	int			 maxk, k, b, pass;
	char			 what[96], buf[64];

	h = xreallocarray(NULL, n, sizeof *h);
	for (i = 0; i < n; i++) {
		h[i] = rng();
		if (i > 0 && rng() % 100 == 0) {
			h[i] = h[rng() % i];
			for (b = (int)(rng() % 9); b > 0; b--)
				h[i] ^= (uint64_t)1 << (rng() % 64);
		}
	}
	for (i = 0; i < NQUERIES; i++) {
		if (i % 2 == 0) {
			q[i] = rng();
			continue;
		}
		q[i] = h[rng() % n];
		for (b = (int)(rng() % 7); b > 0; b--)
			q[i] ^= (uint64_t)1 << (rng() % 64);
	}
	rowf("hashes", "%.0f", (double)n);
	for (maxk = 6; maxk <= 8; maxk += 2) {
		t0 = now();
		ix = hamming_index_new(h, n, maxk, NULL);
		t1 = now();
		snprintf(what, sizeof what, "index for k <= %d: build (s)",
		    maxk);
		rowf(what, "%.2f", t1 - t0);
		for (k = 6; k <= maxk; k += 2) {
			nfound = 0;
			for (pass = 0; pass < 2; pass++) {
				for (i = 0; i < NQUERIES; i++) {
					t0 = now();
					hamming_query(ix, q[i], k, &res);
					lat[i] = now() - t0;
					nfound += pass == 1 ? res.n : 0;
				}
			}
			/* Exactness, against a scan. */
			for (i = 0; i < NCHECKED; i++) {
				hamming_query(ix, q[i], k, &res);
				for (want = j = 0; j < n; j++)
					want += hamming_distance(h[j], q[i]) <=
					    k;
				if (want != res.n) {
					fprintf(stderr, "neardup: query %zu:"
					    " %zu found, %zu in a scan\n", i,
					    res.n, want);
					exit(1);
				}
			}
			t0 = now();
			for (i = 0; i < NCHECKED; i++) {
				for (want = j = 0; j < n; j++)
					want += hamming_distance(h[j], q[i]) <=
					    k;
				sink += want;
			}
			t1 = now();
			for (sum = 0, i = 0; i < NQUERIES; i++)
				sum += lat[i];
			qsort(lat, NQUERIES, sizeof *lat, double_cmp);
			snprintf(what, sizeof what,
			    "index k <= %d, query k %d: warm median / p99 (ms)",
			    maxk, k);
			snprintf(buf, sizeof buf, "%.3f / %.3f",
			    lat[NQUERIES / 2] * 1e3,
			    lat[NQUERIES * 99 / 100] * 1e3);
			row(what, buf);
			snprintf(what, sizeof what,
			    "index k <= %d, query k %d: mean / max (ms)", maxk,
			    k);
			snprintf(buf, sizeof buf, "%.3f / %.3f",
			    sum / NQUERIES * 1e3, lat[NQUERIES - 1] * 1e3);
			row(what, buf);
			snprintf(what, sizeof what,
			    "index k <= %d, query k %d: matches per query",
			    maxk, k);
			rowf(what, "%.2f", (double)nfound / NQUERIES);
			snprintf(what, sizeof what,
			    "scan of every hash, k %d (ms)", k);
			rowf(what, "%.2f", (t1 - t0) / NCHECKED * 1e3);
		}
		hamming_index_free(ix);
	}
	hamming_matches_free(&res);
	free(h);
}

int
main(int argc, char **argv)
{
	size_t	posts = 100000, hashes = 1000000;

	if (argc > 1)
		posts = strtoul(argv[1], NULL, 10);
	if (argc > 2)
		hashes = strtoul(argv[2], NULL, 10);
	if (posts < 2 || hashes < 1) {
		fprintf(stderr, "usage: neardup [POSTS [HASHES]]\n");
		return 1;
	}
	printf("| %-50s | %22s |\n", "measure", "value");
	printf("|%.52s|%.23s:|\n", DASHES, DASHES);
	bench_minhash(posts);
	bench_hamming(hashes);
	rowf("peak RSS (MB)", "%.0f", (double)peak_rss_kb() / 1024);
	return 0;
}
