/*
 * merge.h: bringing another investigator's case into this one.
 *
 * merge_case() reads OTHER read-only (attached to the case's connection
 * with a "mode=ro" URI) and brings into the case, in one transaction:
 *
 *   - every network of OTHER, by name. A network CASE lacks is added as
 *     it is. A network both hold keeps CASE's label, origin, target,
 *     ttps and notes; a field CASE leaves unset is filled from OTHER's,
 *     and a field set differently in both is kept as CASE has it and
 *     reported as a conflict. Members are the union: a member only OTHER
 *     holds comes in with its evidence, and a member both hold gets
 *     OTHER's evidence items that its own array lacks.
 *   - the accounts of OTHER's networks, matched by (platform, native_id).
 *     An account CASE lacks is copied with its attributes (attribute_stats
 *     recounted for the values they carry), posts and post URLs. An
 *     account both hold keeps CASE's fields; a differing handle is a
 *     conflict.
 *   - indicators (by kind, value and network) and vocabulary entries (by
 *     id) CASE lacks; one both hold with different fields is a conflict.
 *   - OTHER's audit trail, verbatim with its hashes, as a merged chain
 *     (tables merged_chains and merged_audit, schema 3). A chain that
 *     continues one already merged is extended with the new rows only.
 *
 * Then one row "merge-case" in CASE's own audit trail names OTHER's file,
 * its case name, the merged chain, OTHER's audit head and the counts. A
 * merge that would change nothing writes nothing (merging the same OTHER
 * twice is idempotent), and a dry run rolls everything back after the
 * counting. OTHER must be a sound case whose audit chain verifies; any
 * error leaves CASE as it was and the report empty (nothing to free).
 *
 * Memory: the report's strings belong to it; merge_report_free() frees
 * them. Conflict lines are raw case text: print them sanitized. Errors
 * follow util.h (-1 with a malloc'd *cause naming the file).
 */
#ifndef CIB_MERGE_H
#define CIB_MERGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "audit.h"

struct case_db;
struct replay_log_row;

struct merge_report {
	char	*other_name;		/* OTHER's case name, or NULL */
	int64_t	 networks_added;
	int64_t	 networks_updated;	/* already here, and changed */
	int64_t	 members_added;
	int64_t	 evidence_added;	/* evidence items for members both
					   cases hold */
	int64_t	 accounts_copied;
	int64_t	 posts_copied;
	int64_t	 indicators_added;
	int64_t	 vocab_added;
	int64_t	 audit_rows;		/* of OTHER's chain, new here */
	int64_t	 chain;			/* merged chain id; 0: OTHER has none */
	int64_t	 other_head_seq;
	char	 other_head[DIGEST_HEX_SHA256];
	char	**conflicts;		/* one line each */
	size_t	 nconflicts;
	bool	 changed;		/* false: nothing new (nothing written) */
};

int	merge_case(struct case_db *, const char *other, bool dry_run,
	    struct merge_report *, char **cause);
void	merge_report_free(struct merge_report *);

/* What `cibscope check` says of one merged chain. */
struct merge_chain_status {
	int64_t			 chain;
	const char		*case_name;	/* may be NULL */
	const char		*file;
	const char		*merged_at;
	struct audit_chain	 audit;		/* its own verification */
	/* First head recorded by a "merge-case" row of CASE's own chain
	 * that the merged rows no longer hold; 0 when all agree. */
	int64_t			 head_mismatch_seq;
};

/* Verify every merged chain, calling fn for each. Returns the number of
 * chains that do not verify (0: all sound), or -1 with *cause. A case
 * older than schema 3 has none. */
int	merge_chains_verify(struct case_db *,
	    void (*fn)(void *, const struct merge_chain_status *), void *arg,
	    char **cause);

/* Rows of the merged chains, chain by chain in order of seq, filtered as
 * replay_log_each() filters the case's own rows. case_name may be NULL.
 * Returns the number of rows, or -1 with *cause. */
int64_t	merge_log_each(struct case_db *, const char *since, const char *action,
	    void (*fn)(void *, int64_t chain, const char *case_name,
	    const struct replay_log_row *), void *arg, char **cause);

#endif
