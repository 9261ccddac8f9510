/*
 * ingest.h: the one way rows get into a case.
 *
 * Importers and the demo generator feed accounts, attributes and posts
 * through an ingest session. A session is one write transaction: nothing is
 * visible to others until ingest_commit(), and ingest_abort() (or a crash,
 * or a kill) leaves the case exactly as it was.
 *
 * Accounts are keyed on (platform, native_id): ingesting a known account
 * updates the fields given and returns the same id, so importing the same
 * rows twice changes nothing. Attribute values are normalized here (see
 * normalize.h), derived kinds are added here (ip -> ip24, email ->
 * email_domain, url -> domain, handle -> handle_template and
 * handle_family, created_at -> created_day), and empty or sentinel values
 * are dropped, never stored. A value of a perceptual-hash kind
 * (norm_kind_is_phash) that is not 64-bit hex is dropped and counted in
 * bad_hashes as well.
 *
 * On an empty case the session drops the secondary indexes and rebuilds
 * them at commit; attribute_stats is recomputed exactly at commit.
 *
 * Strings passed in are copied or consumed before the call returns.
 */
#ifndef CIB_INGEST_H
#define CIB_INGEST_H

#include <stdbool.h>
#include <stdint.h>

#include "util.h"

struct case_db;
struct ingest;

/* Caps on stored text, in bytes; longer values are cut at a UTF-8
 * boundary and counted in ingest_stats.truncated. */
#define INGEST_MAX_FIELD	1024	/* handles, names, ids, urls, values */
#define INGEST_MAX_TEXT		8192	/* bios and post texts */

/* An account row. NULL strings and negative counts mean "not given". */
struct account_rec {
	const char	*platform;	/* required */
	const char	*native_id;	/* required */
	const char	*handle;
	const char	*display_name;
	const char	*bio;
	const char	*url;
	const char	*created_at;	/* any format norm_time() reads */
	const char	*country;
	const char	*language;
	const char	*status;
	int64_t		 followers;
	int64_t		 following;
	int64_t		 posts;
};
#define ACCOUNT_REC_INIT { .followers = -1, .following = -1, .posts = -1 }

struct post_rec {
	const char	*native_id;	/* required */
	const char	*posted_at;	/* any format norm_time() reads */
	const char	*text;
	const char	*reply_to;	/* native id of the message replied to */
	const char	*repost_of;	/* native id of the message reposted */
	const char	*hashtags;	/* as given; stored lowercased */
	const char	*urls;		/* one or more, space/comma separated or
					   a bracketed list */
};

struct ingest_stats {
	int64_t	accounts_new;
	int64_t	accounts_updated;
	int64_t	attributes;	/* attribute rows written (incl. derived) */
	int64_t	posts;
	int64_t	truncated;	/* fields cut to a cap */
	int64_t	repaired;	/* invalid UTF-8 sequences replaced by U+FFFD */
	int64_t	dropped;	/* empty/sentinel/unparseable values */
	int64_t	bad_hashes;	/* of them, perceptual hashes not 64-bit hex */
};

/* Start a session. source names where the rows come from (a file name,
 * "demo"); it is stored with each attribute. */
struct ingest	*ingest_begin(struct case_db *, const char *source,
		     char **cause);

/* Add or update an account; returns its id (> 0) or -1 with *cause. */
int64_t		 ingest_account(struct ingest *, const struct account_rec *,
		     char **cause);

/* The id of the account (platform, native_id): > 0, 0 when there is
 * none, -1 with *cause. */
int64_t		 ingest_find_account(struct ingest *, const char *platform,
		     const char *native_id, char **cause);

/* The accounts of a platform with a handle, as ingest_find_handle()
 * fills it in. The caller starts it with INGEST_MATCH_INIT and frees it
 * with ingest_match_free(). */
#define INGEST_MATCH_SHOW	5	/* native ids listed in list */
struct ingest_match {
	int64_t		n;		/* accounts with the handle */
	int64_t		id;		/* the first of them (lowest id) */
	struct buf	native_id;	/* its native id */
	struct buf	list;		/* "101, 102": the first few native
					   ids, for messages */
};
#define INGEST_MATCH_INIT { 0, 0, BUF_INIT, BUF_INIT }

/*
 * Find the accounts of a platform whose stored handle, lowercased with
 * leading @ dropped, is handle (give it as norm_handle() makes it). The
 * lookup goes through an index, made on the first call when the case has
 * none. Returns 0, or -1 with *cause.
 */
int		 ingest_find_handle(struct ingest *, const char *platform,
		     const char *handle, struct ingest_match *, char **cause);
void		 ingest_match_free(struct ingest_match *);

/* Add one attribute value of a kind (raw, as found); normalized and
 * expanded to derived kinds. Returns the number of rows written (0 when
 * the value was empty or a sentinel), or -1 with *cause. */
int		 ingest_attribute(struct ingest *, int64_t account,
		     const char *kind, const char *raw, char **cause);

/* Add every value of a list cell: a bracketed list ("['a', 'b']",
 * '["a","b"]'), or values separated by sep (0: the cell is one value).
 * Returns rows written, or -1 with *cause. */
int		 ingest_values(struct ingest *, int64_t account,
		     const char *kind, const char *cell, char sep,
		     char **cause);

/* Call fn for each item of a list cell, as ingest_values splits it. */
void		 ingest_split(const char *cell, char sep,
		     void (*fn)(void *arg, const char *item), void *arg);

/* Add a post (idempotent on account + native_id). 1 written, 0 skipped as
 * a duplicate or empty, -1 with *cause. */
int		 ingest_post(struct ingest *, int64_t account,
		     const struct post_rec *, char **cause);

/* Record a planted-network membership (demo and training cases only). */
int		 ingest_truth(struct ingest *, int64_t account,
		     const char *network, char **cause);

const struct ingest_stats *ingest_get_stats(struct ingest *);

/* Note that a field was repaired or truncated by the reader. */
void		 ingest_count_repaired(struct ingest *, int64_t n);

/* Finish: rebuild indexes and attribute_stats, write the audit row,
 * commit. On failure everything is rolled back. Frees the session.
 * ingest_commit_stats also copies the final counts to *out (a bulk
 * load counts its attribute rows only when they land, here). */
int		 ingest_commit(struct ingest *, char **cause);
int		 ingest_commit_stats(struct ingest *, struct ingest_stats *out,
		     char **cause);

/* Roll back and free. */
void		 ingest_abort(struct ingest *);

#endif
