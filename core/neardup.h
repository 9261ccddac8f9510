/*
 * neardup.h: near-duplicate posts over a case.
 *
 * The posts taken are those with text that are not reposts, optionally
 * only those of the accounts in a restricting table and inside a time
 * range (as coord.h). Each text's MinHash signature (minhash.h) is read
 * from the case's post_sigs table; a post without one is signed from its
 * text and, when the connection may write, the signature is stored in one
 * transaction at the end of the read, so the next search does not rescan
 * the text. A text too short to shingle is stored as such (a NULL
 * signature), counted in the result and never paired.
 *
 * Candidate pairs come from banded LSH over the signatures. Because the
 * signatures were stored, the candidates are first judged by their
 * estimate with a margin (NEARDUP_MARGIN below the threshold), then each
 * surviving pair is checked exactly: both texts are read back and
 * shingled, and the pair is kept when their Jaccard similarity is at
 * least the threshold. The pairs returned are thus exact; what LSH can
 * miss is bounded by the banding (at most 1% at the threshold, minhash.h)
 * and by the margin (an estimate more than four standard errors low).
 *
 * Memory: per post taken, its signature (512 bytes) and 32 bytes; the
 * shingles only of the posts in candidate pairs.
 *
 * Errors: -1 with *cause (an SQL error, bad options, "cancelled").
 */
#ifndef CIB_NEARDUP_H
#define CIB_NEARDUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "minhash.h"

struct case_db;

/* How far below the threshold an estimate may be and still be checked. */
#define NEARDUP_MARGIN		0.15
/* Default shingles: character 5-grams, which survive small rewordings. */
#define NEARDUP_DEFAULT_UNIT	MINHASH_CHARS
#define NEARDUP_DEFAULT_K	5
#define NEARDUP_DEFAULT_T	0.8

struct neardup_opts {
	struct minhash_opts	 shingle;	/* k 0: the defaults above */
	double			 threshold;	/* 0 = NEARDUP_DEFAULT_T */
	size_t			 max_bucket;	/* 0 = minhash's default */
	const char		*restrict_table; /* accounts, or NULL */
	int64_t			 since;		/* 0 = open */
	int64_t			 until;		/* 0 = open, exclusive */
	/* Only pairs with one side a post of these accounts (a table with
	 * an account_id column), or NULL for all pairs. */
	const char		*query_table;
	/* Pairs the caller keeps (others are never checked): posts at most
	 * window seconds apart (0 = any time; a post without a time then
	 * pairs only when window is 0), by different accounts when
	 * other_accounts is set. */
	int64_t			 window;
	bool			 other_accounts;
	int		(*progress)(void *arg, uint64_t done, uint64_t total);
	void		*progress_arg;
};

struct neardup_post {
	int64_t		 id;		/* posts.id */
	int64_t		 account;	/* posts.account_id */
	int64_t		 t;		/* posts.posted_at */
	bool		 has_t;		/* posted_at was not NULL */
	bool		 query;		/* by an account of query_table */
};

struct neardup_pair {
	uint32_t	 a;		/* indexes into posts, a < b */
	uint32_t	 b;
	double		 sim;		/* exact Jaccard */
};

struct neardup_result {
	struct neardup_post	*posts;		/* signed posts, by id */
	size_t			 nposts;
	struct neardup_pair	*pairs;		/* by (a, b) */
	size_t			 npairs;

	size_t			 short_texts;	/* too short to shingle */
	size_t			 damaged;	/* stored signatures unreadable,
						   left out */
	size_t			 signed_now;	/* signed during this run */
	size_t			 stored_now;	/* ... and stored */
	struct minhash_stats	 lsh;
};

/* o->shingle, or the defaults above when its k is 0, checked; -1 with
 * *cause. */
int	 neardup_opts_shingle(const struct neardup_opts *,
	     struct minhash_opts *out, char **cause);

int	 neardup_run(struct case_db *, const struct neardup_opts *,
	     struct neardup_result **, char **cause);
void	 neardup_result_free(struct neardup_result *);

#endif
