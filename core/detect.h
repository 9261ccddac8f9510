/*
 * detect.h: network detection, the search for candidate networks among
 * accounts that share infrastructure.
 *
 * Two accounts are linked when they carry the same value of one of the
 * chosen attribute kinds (the same phone number, the same avatar hash, ...).
 * A candidate network is a connected component of these links with at
 * least min_size accounts. A value carried by more than max_share accounts
 * is a hub (a carrier NAT address, the default avatar): it links nobody and
 * is reported in the result's hub list with its count instead.
 *
 * Default kinds (when opts->nkinds is 0), in detect_default_kinds: the
 * infrastructure an operator has to buy, rent or reuse and an unrelated
 * person rarely shares: phone, email, ip, device, avatar_hash, payment,
 * page_admin, and url (the account's own profile link, normalized: an
 * operator's site or spoofed outlet; the links everybody uses become
 * hubs). Weaker kinds are left for the caller to ask for:
 *   ip24, ip48       whole address blocks; residential and mobile
 *                    carriers put strangers in one block.
 *   handle_template  naming habits collide across unrelated people.
 *   email_domain, domain, user_agent, created_day
 *                    shared by whole populations; near-certain hubs,
 *                    and chance links below the hub line.
 * Near-duplicate kinds, never defaults, are named in opts->kinds as:
 *   KIND~N           a perceptual-hash kind (normalize.h: avatar_phash,
 *                    *_phash, *_dhash) matched within N bits (0..15): each
 *                    distinct hash with every account holding a hash
 *                    within N bits of it is one tying value (named by the
 *                    hash), hub rule included; found through hamming.h's
 *                    index, never by comparing every pair.
 *   co-similar[:J]   accounts tied by near-identical posts, as the shipped
 *                    near-duplicate-posts query ties them (coord.h
 *                    co-similar: similarity J, default 0.6, within an hour,
 *                    at least two posts each way); each pair is one tying
 *                    value, named by its most similar pair of posts. This
 *                    may store post signatures (neardup.h) when the case
 *                    is writable: a cache of the posts, never their data.
 * A malformed near kind fails the run with a message naming it.
 * Default max_share is 50: an operator's phone, avatar or proxy serves a
 * few dozen accounts, a carrier NAT address or default avatar hundreds.
 * It is an absolute count, as for pivots; on a case of a few hundred
 * accounts the benign hubs fall below it, so lower it there. Default
 * min_size is 3: a pair is too common by chance (a household, one person
 * on two platforms) to call a network.
 *
 * Each candidate network carries:
 *   members     account ids in ascending order, with platform and handle
 *               as stored (attacker-controlled text: sanitize to display).
 *   kinds       every kind that ties it, with how many tying values of
 *               that kind and how many members carry one of them.
 *   families    the number of independent kinds: kinds derived from one
 *               another count once (ip, ip24 and ip48 are one family;
 *               email and email_domain; url and domain).
 *   values      the top_values tying values, most shared first (a tying
 *               value is one shared by 2..max_share accounts; every such
 *               account is a member, so its count is also its count
 *               inside the network).
 *   density     linked_pairs / (size * (size - 1) / 2), where a linked
 *               pair is two members that share at least one tying value
 *               directly: 1.0 when one value ties everyone, about
 *               2 / size for a chain. Counting costs the sum of k*k
 *               over the network's values; once a run has spent
 *               DETECT_DENSITY_BUDGET on it, later networks get
 *               density_exact false, linked_pairs -1 and the upper
 *               bound min(1, sum over values of C(k,2) / C(size,2)).
 * Networks are ranked (rank 1 first, the array is in rank order) by more
 * independent kinds first, then larger size, then higher density, then
 * lower first member id, so the order is deterministic.
 *
 * Cost: one streamed scan per kind over the attributes primary key, in
 * value order, with union-find over arrays indexed by account id. Memory
 * is proportional to max(accounts.id) plus the shared (non-singleton,
 * non-hub) rows; nothing is allocated per row.
 *
 * detect_run() reads the case inside one read transaction (unless the
 * caller already holds one) and never writes it (but for co-similar's
 * signatures). On error it returns -1 with *cause set and *result
 * untouched; the caller frees a result with
 * detect_result_free(). Every string in a result is owned by the result.
 */
#ifndef CIB_DETECT_H
#define CIB_DETECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct case_db;

#define DETECT_DEFAULT_MAX_SHARE	50
#define DETECT_DEFAULT_MIN_SIZE		3
#define DETECT_DEFAULT_TOP_VALUES	10
/* Steps of exact pair counting allowed over one run before density falls
 * back to the upper bound. */
#define DETECT_DENSITY_BUDGET		200000000

extern const char *const detect_default_kinds[];
extern const size_t detect_ndefault_kinds;

struct detect_opts {
	const char	**kinds;	/* NULL or nkinds == 0: the defaults */
	size_t		  nkinds;
	int64_t		  max_share;	/* 0: default; otherwise >= 2 */
	int64_t		  min_size;	/* 0: default; otherwise >= 2 */
	size_t		  top_values;	/* 0: default; values kept per network */
	/*
	 * Called now and then during the scan with the rows read so far; a
	 * non-zero return cancels the run (-1, cause "cancelled"). May be
	 * NULL.
	 */
	int		(*progress)(void *arg, int64_t rows);
	void		 *progress_arg;
	/*
	 * Which members get their platform and handle: every one (false,
	 * for printing whole networks), or only each network's first (true,
	 * for a list of networks; the others stay NULL). At a million
	 * accounts reading every member's handle costs a quarter of the run.
	 */
	bool		  first_handles_only;
};

struct detect_member {
	int64_t		 id;
	const char	*platform;	/* NULL if absent; owned by the result */
	const char	*handle;	/* NULL if absent; owned by the result */
};

struct detect_kind {
	const char	*kind;		/* points into detect_result.kinds */
	int64_t		 values;	/* tying values of this kind */
	int64_t		 accounts;	/* members carrying one of them */
};

struct detect_value {
	const char	*kind;		/* points into detect_result.kinds */
	char		*value;
	int64_t		 accounts;
};

struct detect_network {
	int			 rank;		/* 1 is the strongest */
	size_t			 size;
	struct detect_member	*members;	/* size entries, id order */
	size_t			 nkinds;
	struct detect_kind	*kinds;		/* in the run's kind order */
	size_t			 families;	/* independent kinds */
	size_t			 nvalues;
	struct detect_value	*values;	/* top values, most shared first */
	int64_t			 values_total;	/* all tying values */
	int64_t			 linked_pairs;	/* -1 when not counted */
	double			 density;
	bool			 density_exact;
};

struct detect_hub {
	const char	*kind;		/* points into detect_result.kinds */
	char		*value;
	int64_t		 accounts;
};

struct detect_block {
	struct detect_block	*next;
	size_t			 used;
	size_t			 cap;
	char			 data[];
};

struct detect_result {
	/* The parameters in effect, defaults filled in. */
	char			**kinds;
	size_t			  nkinds;
	int64_t			  max_share;
	int64_t			  min_size;

	size_t			  nnetworks;
	struct detect_network	 *networks;	/* rank order */
	size_t			  nhubs;
	struct detect_hub	 *hubs;		/* most shared first */

	int64_t			  rows;		/* attribute rows scanned */
	int64_t			  shared_values; /* values tying 2+ accounts */
	int64_t			  linked_accounts; /* in any component of 2+ */
	double			  seconds;	/* wall time of detect_run */

	struct detect_block	 *blocks;	/* private: member text */
};

int	detect_run(struct case_db *, const struct detect_opts *,
	    struct detect_result **, char **cause);
void	detect_result_free(struct detect_result *);

enum detect_format {
	DETECT_TABLE,
	DETECT_CSV,
	DETECT_JSON,
};

/*
 * Write a result. TABLE is for people: every network with its evidence
 * and its first members, then the hubs. CSV is one row per member:
 * rank,size,families,density,tied_by,account_id,platform,handle. JSON is
 * the whole result as one object. Text from the case has control
 * characters and bidi overrides replaced (TABLE, CSV) or escaped (JSON).
 * Returns 0, or -1 if the stream reports a write error.
 */
int	detect_print(FILE *, const struct detect_result *, enum detect_format);

/*
 * How well a result finds the truth in planted(account_id, network): for
 * each planted network (in name order) the candidate with the highest F1
 * score against it (ties to the better rank). precision is the share of
 * that candidate's members that are planted in the network, recall the
 * share of the planted network inside that candidate; both 0 and best -1
 * when no candidate overlaps it.
 */
struct detect_score {
	char		*network;	/* the planted name */
	int64_t		 planted;	/* its true size */
	int		 best;		/* index in result->networks, or -1 */
	int64_t		 overlap;
	double		 precision;
	double		 recall;
};

int	detect_score(struct case_db *, const struct detect_result *,
	    struct detect_score **, size_t *nscores, char **cause);
void	detect_score_free(struct detect_score *, size_t);

#endif
