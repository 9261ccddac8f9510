/*
 * demo.h: the demo case, an invented investigation to learn and test on.
 *
 * demo_generate() fills an empty case with a made-up social-media world on
 * three invented platforms (chirp, facegram, vidtok): an organic background
 * with benign hubs, four planted influence networks modelled on patterns
 * that public takedown reports describe, and a decoy fan community that
 * looks coordinated but is not. Every name, number and address is
 * invented. True membership is written to the `planted` table:
 *
 *   night-burst   one handle template, created in a burst at night in the
 *                 operator's zone (UTC+3), posting in its office hours
 *   voip-farm     phones from one VOIP range, reused avatars, shared /24s
 *                 and emulator devices, a templated bio
 *   spoofed-news  lookalike news domains, identical posts seconds apart
 *   page-network  facegram pages run by a few admin accounts
 *   echo-chorus   talking points handed out and posted by each member in
 *                 its own slightly reworded copy within the hour; handles
 *                 made from a few names with small edits; avatars cut from
 *                 a few photos (perceptual hashes a few bits apart)
 *   decoy:fans    a real fan community: same hashtags, similar but never
 *                 identical texts, no shared infrastructure
 * Ordinary accounts carry avatar_phash too: most their own photo, a few
 * one of four popular stock photos (near-identical hashes shared by many
 * unrelated people, a hub for near-duplicate pivots).
 *
 * The output is a pure function of (accounts, seed): the same options give
 * the same rows in the same order, whatever the machine or the time. Memory
 * stays small at any size; rows are streamed through one ingest session
 * (ingest.h), so a failure leaves the case as it was.
 *
 * The case's case_info gets demo_version, demo_seed and demo_accounts, so a
 * caller can tell whether an existing demo case is the one it wants.
 *
 * The case also ships a recorded investigation of voip-farm, written as
 * real audit rows by DEMO_ANALYST at fixed invented times: from one tipped
 * account (case_info demo_tip, PLATFORM:NATIVE_ID; the lowest planted
 * id), a pivot on phone, one on avatar_hash from what that found, one on
 * ip24 with max_share 45, and a tag of that last result as network
 * DEMO_TAGGED, label cib, with its evidence (network.h). The shipped tour
 * share/tours/demo.yaml walks through the same steps (replay.h).
 */
#ifndef CIB_DEMO_H
#define CIB_DEMO_H

#include <stdint.h>

struct case_db;

/* Bumped whenever the generator's output changes for a given seed. */
#define DEMO_VERSION		3
#define DEMO_DEFAULT_ACCOUNTS	20000
#define DEMO_DEFAULT_SEED	20231101
#define DEMO_MIN_ACCOUNTS	500
#define DEMO_MAX_ACCOUNTS	50000000

/* Names of the planted networks as stored in planted.network. */
#define DEMO_NET_NIGHT		"night-burst"
#define DEMO_NET_VOIP		"voip-farm"
#define DEMO_NET_NEWS		"spoofed-news"
#define DEMO_NET_PAGES		"page-network"
#define DEMO_NET_ECHO		"echo-chorus"
#define DEMO_NET_DECOY		"decoy:fans"

/* The recorded investigation's analyst and the network it tagged. */
#define DEMO_ANALYST		"dana (demo analyst)"
#define DEMO_TAGGED		"voip-farm (demo)"

struct demo_opts {
	int64_t		 accounts;	/* DEMO_MIN..DEMO_MAX_ACCOUNTS */
	uint64_t	 seed;
	/* Called now and then with accounts written so far, last with done ==
	 * total just before the indexes are built; may be NULL. */
	void		(*progress)(void *arg, int64_t done, int64_t total);
	void		*arg;
};

/*
 * Generate the demo world into c, which should be empty (rows already
 * there are kept; accounts with the same ids are updated). Returns 0, or
 * -1 with *cause set and nothing written.
 */
int	 demo_generate(struct case_db *c, const struct demo_opts *,
	     char **cause);

/*
 * Where `cibscope demo` keeps its case: $XDG_DATA_HOME/cibscope/demo.db,
 * else $HOME/.local/share/cibscope/demo.db. The directory is created.
 * Returns a malloc'd path, or NULL with *cause set.
 */
char	*demo_default_path(char **cause);

#endif
