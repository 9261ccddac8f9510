/*
 * pivot_near.h: the near-duplicate parts of a pivot (query.h), done in C
 * because SQL cannot index them.
 *
 * Both read a frontier table (account_id) and add links to a links table
 * (account_id, kind, value, hop, detail) with INSERT OR IGNORE, as the
 * exact pivot does; detail is a JSON object merged into that link's
 * evidence.
 *
 * pivot_near_phash: for a perceptual-hash kind (normalize.h), every
 * account holding a value within `within` bits of a frontier account's
 * value, through a multi-index Hamming index (hamming.h) over the kind's
 * distinct values, never by comparing every pair. The link's value is
 * the hash found; its detail {"distance": D, "from": HASH} names the
 * frontier hash it is near. A frontier hash whose neighbourhood (itself
 * and every hash within reach) is held by more than max_share accounts
 * is a hub, added to *hubs instead (as "KIND~WITHIN", the hash and the
 * count): a popular stock photo says nothing about who runs an account.
 * Values that are not 64-bit hex (stored before schema 4 normalized the
 * kind) are left out.
 *
 * pivot_near_text: every account with a post at least `similarity`
 * similar to a post of a frontier account (neardup.h: stored signatures,
 * LSH, an exact check). The link's kind is "similar_text", its value the
 * other account's post (native id), its detail {"post": THEIRS,
 * "similarity": S} with the frontier account's post.
 *
 * Errors: -1 with *cause; the links table may then hold part of the
 * hop, and the caller drops it.
 */
#ifndef CIB_PIVOT_NEAR_H
#define CIB_PIVOT_NEAR_H

#include <stddef.h>
#include <stdint.h>

struct case_db;
struct query_hub;

int	 pivot_near_phash(struct case_db *, const char *frontier,
	     const char *links, const char *kind, int within,
	     int64_t max_share, int64_t hop, struct query_hub **hubs,
	     size_t *nhubs, char **cause);

int	 pivot_near_text(struct case_db *, const char *frontier,
	     const char *links, double similarity, int64_t hop,
	     char **cause);

#endif
