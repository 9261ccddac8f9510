/*
 * minhash.h: near-duplicate texts, found without comparing every pair.
 *
 * A text becomes a set of shingles, the set a MinHash signature, and
 * banded locality-sensitive hashing over the signatures names candidate
 * pairs; each candidate is then checked exactly, so that the pairs
 * returned are exactly the candidates whose Jaccard similarity is at
 * least the threshold.
 *
 * Normal form. Text is read as UTF-8 (invalid bytes read as U+FFFD),
 * lowercased (ASCII, Latin-1, Greek and Cyrillic capitals; other scripts
 * are kept as they are), URLs (tokens starting http:// or https://) are
 * dropped, as in co-post matching, and every run of white space (ASCII
 * and the Unicode spaces) becomes one space, with none at either end.
 * Punctuation and emoji stay part of their words.
 *
 * Shingles. Either word k-shingles (k consecutive space-separated words;
 * default k 3) or character n-grams (k consecutive code points of the
 * normal form, spaces included; default k 5). A text with fewer than k
 * words (or code points) has no shingle: it is "too short", never
 * signed, never paired, and counted in the corpus.
 *
 * Hashes. Each shingle is hashed once to 64 bits: FNV-1a over its bytes,
 * then the splitmix64 finalizer. Row i of the signature is the minimum
 * over the shingles of the high 32 bits of (a_i * h + b_i) mod 2^64, with
 * a_i (odd) and b_i fixed 64-bit constants (multiply-add-shift hashing,
 * one pass and two operations per row). Two sets agree on a row with a
 * probability close to their Jaccard similarity. The constants, the
 * hash and the normal form are part of the stored format: changing any
 * of them makes old signatures meaningless, so the blob carries a
 * version.
 *
 * Bands. For a threshold t the signature's MINHASH_ROWS rows are cut into
 * b bands of r rows (b = floor(MINHASH_ROWS / r)). Two texts of
 * similarity s share at least one band with probability
 * P(s) = 1 - (1 - s^r)^b; r is the largest for which P(t) >= 0.99, which
 * keeps false candidates few while missing at most 1% of the pairs at
 * the threshold (and fewer above it). When no r reaches 0.99 (t below
 * about 0.04), r = 1. Texts are bucketed by a 64-bit hash of each band
 * (an array of (band hash, text) sorted per band, then walked run by
 * run); a pair is checked in the first band it shares, so once. Buckets
 * larger than max_bucket texts are not expanded into pairs: they are
 * counted in the stats (a bucket that big is usually one text posted
 * thousands of times, better read as exact duplicates).
 *
 * Memory: per text the signature (MINHASH_ROWS * 4 bytes) and its
 * shingle hashes (8 bytes each); while pairing, 16 bytes per text for one
 * band at a time and the pairs found. Nothing is allocated per shingle.
 */
#ifndef CIB_MINHASH_H
#define CIB_MINHASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MINHASH_ROWS		128
#define MINHASH_MAX_K		32
/* A serialized signature: an 8-byte header and the rows, little-endian. */
#define MINHASH_BLOB_SIZE	(8 + 4 * MINHASH_ROWS)
/* minhash_sign() and minhash_corpus_add() for a text with no shingle. */
#define MINHASH_SHORT		1

enum minhash_unit {
	MINHASH_WORDS,
	MINHASH_CHARS,
};

/* Zero fields take the defaults (words, k 3; chars, k 5). */
struct minhash_opts {
	enum minhash_unit	unit;
	int			k;
};

struct minhash_sig {
	uint32_t	v[MINHASH_ROWS];
};

/* Check opts (unit known, 0 <= k <= MINHASH_MAX_K); -1 with *cause. */
int	 minhash_opts_check(const struct minhash_opts *, char **cause);
/* Read "chars:K" or "words:K" (or "chars", "words": the default k);
 * -1 with *cause. */
int	 minhash_opts_parse(const char *, struct minhash_opts *, char **cause);
/* The inverse, into out: "chars:5". */
void	 minhash_opts_format(const struct minhash_opts *, char *out,
	     size_t outsz);

/*
 * The sorted, distinct shingle hashes of a text, in a reusable set: a
 * set can be passed again and again without freeing; its arrays grow to
 * the longest text seen.
 */
struct minhash_set {
	uint64_t	*h;		/* sorted, distinct */
	size_t		 n;
	size_t		 hcap;
	char		*norm;		/* the normal form, NUL-terminated */
	size_t		 normlen;
	size_t		 normcap;
	size_t		*off;		/* word or code point starts */
	size_t		 noff;
	size_t		 offcap;
};
#define MINHASH_SET_INIT { NULL, 0, 0, NULL, 0, 0, NULL, 0, 0 }

/* Fill set from text[0..len); returns the number of shingles (0 = too
 * short). opts must pass minhash_opts_check(). */
size_t	 minhash_shingles(const char *text, size_t len,
	     const struct minhash_opts *, struct minhash_set *);
void	 minhash_set_free(struct minhash_set *);

/* The signature of n sorted shingle hashes (all rows UINT32_MAX when
 * n is 0). */
void	 minhash_sig_of(const uint64_t *h, size_t n, struct minhash_sig *);

/* Sign a text: 0, or MINHASH_SHORT when it has no shingle (sig then all
 * UINT32_MAX). */
int	 minhash_sign(const char *text, size_t len,
	     const struct minhash_opts *, struct minhash_sig *);

/* Exact Jaccard similarity of two sorted, distinct hash arrays (0 when
 * both are empty). */
double	 minhash_jaccard(const uint64_t *, size_t, const uint64_t *, size_t);
/* The fraction of rows two signatures agree on: an estimate of it. */
double	 minhash_estimate(const struct minhash_sig *,
	     const struct minhash_sig *);

/* Serialize: "MH", version 1, unit, k, three zero bytes, then each row as
 * 4 bytes little-endian. */
void	 minhash_sig_to_blob(const struct minhash_sig *,
	     const struct minhash_opts *, unsigned char out[MINHASH_BLOB_SIZE]);
/* Read a blob back; -1 with *cause for a wrong size, header or version.
 * opts (may be NULL) receives the options it was made with. */
int	 minhash_sig_from_blob(const void *, size_t, struct minhash_sig *,
	     struct minhash_opts *, char **cause);

/* Bands for a threshold as described above; returns P(t). */
double	 minhash_bands(double threshold, int *bands, int *rows);

/*
 * A corpus: the texts to pair, numbered 0, 1, ... in the order they were
 * added, too-short texts included (they keep their number but never
 * pair).
 */
struct minhash_corpus;

struct minhash_corpus *minhash_corpus_new(const struct minhash_opts *);
void	 minhash_corpus_free(struct minhash_corpus *);
/* Add a text: 0, or MINHASH_SHORT. */
int	 minhash_corpus_add(struct minhash_corpus *, const char *text,
	     size_t len);
/* Add a stored signature without its shingles: pairs involving it are
 * judged by minhash_estimate() instead of the exact Jaccard. */
void	 minhash_corpus_add_sig(struct minhash_corpus *,
	     const struct minhash_sig *);
size_t	 minhash_corpus_count(const struct minhash_corpus *);
size_t	 minhash_corpus_short(const struct minhash_corpus *);
const struct minhash_sig *minhash_corpus_sig(const struct minhash_corpus *,
	     size_t);

struct minhash_pair_opts {
	double	threshold;	/* Jaccard, 0 < t <= 1; 0 = 0.8 */
	size_t	max_bucket;	/* 0 = 1000 */
	/* A pair judged by its estimate (a stored signature on either side)
	 * is kept when the estimate is at least accept; 0 = the threshold.
	 * A caller that checks such pairs exactly afterwards sets it a few
	 * standard errors lower, so that the estimate's noise loses none. */
	double	accept;
	/* When not NULL, a candidate pair is checked only if keep(arg, a, b)
	 * returns non-zero (a time window, other accounts only): pairs the
	 * caller would drop cost no similarity check. */
	int	(*keep)(void *arg, uint32_t a, uint32_t b);
	void	*keep_arg;
	/* When times is not NULL (a time per text, in seconds) and window is
	 * above 0, only texts at most window apart are paired: each bucket
	 * is walked in time order and a text meets only its neighbours in
	 * time, so a text posted thousands of times costs no more than its
	 * copies inside the window. */
	const int64_t *times;
	int64_t	 window;
};

struct minhash_pair {
	uint32_t	a;		/* a < b, text numbers */
	uint32_t	b;
	bool		exact;		/* sim is the exact Jaccard */
	double		sim;
};

struct minhash_stats {
	size_t		texts;		/* in the corpus */
	size_t		short_texts;	/* too short to sign */
	int		bands;
	int		rows;		/* per band */
	double		recall_at_t;	/* P(t) of the banding */
	uint64_t	candidates;	/* distinct pairs checked */
	size_t		pairs;		/* returned */
	size_t		huge_buckets;	/* larger than max_bucket, skipped */
	size_t		huge_texts;	/* texts in them, counted per band */
	size_t		largest_bucket;
};

/*
 * All pairs (a < b) sharing a band whose similarity is at least the
 * threshold, sorted by (a, b). *pairs (malloc'd, the caller frees it)
 * and *npairs; stats may be NULL. -1 with *cause for a bad threshold.
 */
int	 minhash_pairs(const struct minhash_corpus *,
	     const struct minhash_pair_opts *, struct minhash_pair **pairs,
	     size_t *npairs, struct minhash_stats *, char **cause);

/*
 * The same, but only pairs with at least one side among the nq query
 * texts (a pivot from a few posts): per band, every text's band is looked
 * up among the queries' bands, so the cost is one pass over the corpus
 * per band, whatever its size, and max_bucket does not apply. Pairs are
 * (a < b) as above, each once.
 */
int	 minhash_pairs_of(const struct minhash_corpus *,
	     const struct minhash_pair_opts *, const uint32_t *queries,
	     size_t nq, struct minhash_pair **pairs, size_t *npairs,
	     struct minhash_stats *, char **cause);

#endif
