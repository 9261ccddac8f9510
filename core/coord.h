/*
 * coord.h: coordination detection, accounts that do the same thing within
 * seconds of each other.
 *
 * Five kinds of "the same thing", each over the posts of a case:
 *   co-post    the same normalized text (posts.text_hash, 0 never matches);
 *              reposts are not posts of text and do not count
 *   co-link    the same URL (post_urls.url, an empty URL never matches);
 *              reposts count only when opts.link_reposts is set
 *   co-repost  reposts of the same message (posts.repost_of); only reposts
 *   co-reply   replies to the same message (posts.reply_to); reposts do not
 *              count
 *   co-similar near-identical text: Jaccard similarity of the texts'
 *              shingles at least opts.threshold (neardup.h: stored MinHash
 *              signatures, LSH, an exact check); reposts do not count.
 *              Here a window of 0 means any time apart, and each edge
 *              names its most similar pair of posts (coord_edge.post...).
 *
 * The rule is the coordination-network-toolkit's, so the two can be
 * compared edge for edge: a match is two posts by different accounts whose
 * times differ by at most opts.window seconds (inclusive). The directed
 * edge A->B has as weight the number of distinct posts of A that have at
 * least one matching post from B; A->B and B->A may differ. Edges lighter
 * than opts.min_weight are dropped; there are no self loops.
 *
 * The work is one streamed read of the matching posts, a sort by (key,
 * time) and a sliding window per key: time and memory grow with the number
 * of posts plus the number of (post, partner account) matches, never with
 * the square of the posts.
 *
 * A key shared by n accounts inside one window yields up to n * (n - 1)
 * edges; opts.max_accounts skips such hubs (a viral post reposted by
 * thousands says little about coordination between any two of them).
 *
 * Restrictions: opts.restrict_table, when not NULL, names a table (usually
 * a temporary one, "temp.NAME" is accepted) with an `account_id` column;
 * only posts by those accounts take part, on both sides of a match.
 * opts.since and opts.until (Unix seconds, 0 = open) keep posts with
 * since <= posted_at < until.
 *
 * Memory: coord_run() returns a result the caller frees with
 * coord_result_free(); every string and array in it belongs to the result.
 * Errors: -1 with *cause set (an SQL failure, a bad table name, a bad
 * option, or "cancelled" when the progress callback asked to stop).
 */
#ifndef CIB_COORD_H
#define CIB_COORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "minhash.h"

struct case_db;

enum coord_kind {
	COORD_POST,
	COORD_LINK,
	COORD_REPOST,
	COORD_REPLY,
	COORD_SIMILAR,
};

struct coord_opts {
	enum coord_kind	 kind;
	int64_t		 window;	/* seconds, >= 0 */
	int64_t		 min_weight;	/* edges below are dropped; 0 = 1 */
	const char	*restrict_table; /* NULL = every account */
	int64_t		 since;		/* 0 = no lower bound */
	int64_t		 until;		/* 0 = no upper bound (exclusive) */
	bool		 link_reposts;	/* co-link: reposts count too */
	/* co-similar: Jaccard threshold (0 = 0.8) and shingles (k 0 =
	 * neardup's default, character 5-grams). */
	double		 threshold;
	struct minhash_opts shingle;
	/* Hub suppression: a key (text, URL, message) acted on by more than
	 * this many distinct accounts is skipped and counted in
	 * result->nhubs. 0 = no limit, the toolkit's behaviour. */
	int64_t		 max_accounts;
	/* Called now and then with posts read so far and the total (0 when
	 * unknown); returning non-zero cancels the run. May be NULL. */
	int		(*progress)(void *arg, uint64_t done, uint64_t total);
	void		*progress_arg;
};

/* An account that appears in some edge. */
struct coord_account {
	int64_t	 id;		/* accounts.id */
	char	*native_id;	/* accounts.native_id */
	char	*handle;	/* accounts.handle, or NULL */
};

struct coord_edge {
	int64_t	 a;		/* accounts.id of the source */
	int64_t	 b;		/* accounts.id of the partner */
	int64_t	 weight;	/* distinct posts of a with a partner from b */
	size_t	 ia;		/* index of a in result->accounts */
	size_t	 ib;		/* index of b in result->accounts */
	/* co-similar only (else 0 and NULL): the most similar pair of posts
	 * behind the edge, a's then b's, with native ids and similarity. */
	int64_t	 post;
	int64_t	 partner_post;
	char	*post_native;
	char	*partner_native;
	double	 similarity;
};

/* A connected component of the edge graph (directions ignored). */
struct coord_group {
	size_t	*member;	/* indexes into result->accounts, by id */
	size_t	 nmember;	/* always >= 2 */
	size_t	 nedges;	/* directed edges inside the group */
	int64_t	 weight;	/* sum of their weights */
};

struct coord_result {
	enum coord_kind		 kind;
	int64_t			 window;
	int64_t			 min_weight;

	uint64_t		 nposts;	/* (post, key) items read */
	uint64_t		 nkeys;		/* distinct keys among them */
	uint64_t		 nhubs;		/* keys skipped by max_accounts;
						   co-similar: LSH buckets too
						   large to expand */
	size_t			 short_texts;	/* co-similar: unsigned texts */

	/* Sorted by weight (heaviest first), then a, then b. */
	struct coord_edge	*edges;
	size_t			 nedges;

	/* Sorted by id. */
	struct coord_account	*accounts;
	size_t			 naccounts;

	/* Sorted by size, then weight (largest first), then first member. */
	struct coord_group	*groups;
	size_t			 ngroups;
};

int	 coord_run(struct case_db *, const struct coord_opts *,
	     struct coord_result **, char **cause);
void	 coord_result_free(struct coord_result *);

/* "co-post", "co-link", "co-repost", "co-reply", "co-similar". */
const char *coord_kind_name(enum coord_kind);
/* Reads those names, with or without the dash or with an underscore, and
 * the toolkit's names (co_tweet, co_retweet). False when unknown. */
bool	 coord_kind_parse(const char *, enum coord_kind *);

enum coord_format {
	COORD_FORMAT_TEXT,	/* aligned columns, control bytes made visible */
	COORD_FORMAT_CSV,	/* user_1,user_2,weight: the toolkit's layout */
	COORD_FORMAT_JSON,
};

/* Print the edges (native ids) or the groups. Return 0, or -1 on a write
 * error. */
int	 coord_print_edges(FILE *, const struct coord_result *,
	     enum coord_format);
int	 coord_print_groups(FILE *, const struct coord_result *,
	     enum coord_format);

#endif
