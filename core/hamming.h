/*
 * hamming.h: 64-bit perceptual hashes within k bits of a given one.
 *
 * Hashes are read as pHash and dHash tools print them: 16 hex digits,
 * either case, with an optional "0x" and surrounding white space; any
 * other form is refused with the reason.
 *
 * The index answers "every hash within Hamming distance k of q" without
 * comparing q with every hash, by multi-index hashing: the 64 bits are
 * cut into m = max_k + 1 substrings (of 64 / m bits, the first 64 % m one
 * bit longer). Two hashes within k <= max_k bits differ in at most k
 * substrings, so they agree exactly on at least one of any k + 1 of them
 * (pigeonhole). For each substring the index keeps the hashes sorted by
 * that substring; a query binary-searches the first k + 1 of them for
 * q's substring, checks each hash found with a popcount, and reports
 * each match once (in the first substring it agrees on). Queries with
 * k > max_k are answered by comparing every hash: still exact, not fast.
 *
 * Memory: 12 bytes per hash per substring, plus 8 per hash (for k = 6,
 * 92 bytes per hash). With random hashes each probe finds about
 * n / 2^(64/m) hashes to check.
 */
#ifndef CIB_HAMMING_H
#define CIB_HAMMING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest max_k an index can be built for (substrings of 4 bits). */
#define HAMMING_MAX_K	15

/* Parse a hash; false with *cause (may be NULL) saying why not. */
bool	 hamming_parse(const char *, uint64_t *, char **cause);
/* 16 lowercase hex digits and a NUL. */
void	 hamming_format(uint64_t, char out[17]);
int	 hamming_distance(uint64_t, uint64_t);

struct hamming_index;

/* Index n hashes (copied) for queries up to max_k bits; NULL with
 * *cause when max_k is not between 0 and HAMMING_MAX_K or n is above
 * UINT32_MAX. */
struct hamming_index *hamming_index_new(const uint64_t *, size_t n,
	     int max_k, char **cause);
void	 hamming_index_free(struct hamming_index *);
size_t	 hamming_index_count(const struct hamming_index *);

struct hamming_match {
	size_t	index;		/* position in the indexed array */
	int	distance;
};

/* Matches of a query: reusable, grown as needed. */
struct hamming_matches {
	struct hamming_match	*m;
	size_t			 n;
	size_t			 cap;
};
#define HAMMING_MATCHES_INIT { NULL, 0, 0 }

/* Every indexed hash within k bits of q into res (replacing what it
 * held), ordered by distance and then index; returns res->n. A negative
 * k finds nothing. */
size_t	 hamming_query(const struct hamming_index *, uint64_t q, int k,
	     struct hamming_matches *res);
void	 hamming_matches_free(struct hamming_matches *);

#endif
