/*
 * audit.h: the case's append-only journal.
 *
 * Every change to a case (import, tag, label, removal) and every query an
 * investigator runs is appended to the audit table in the same transaction
 * as the change itself, so a case never holds a change without its row,
 * nor a row without its change. The table's triggers refuse UPDATE and
 * DELETE, and an INSERT without a hash.
 *
 * Rows form a hash chain: each row's hash is SHA-256 over the previous
 * row's hash and its own fields (doc/security.md gives the exact bytes).
 * Editing, removing or inserting a row anywhere but at the end breaks
 * the chain from that row on, and audit_verify() names the first row
 * that no longer fits. Someone who rewrites the whole chain after an edit
 * is caught only by comparing the head (the last hash) with one recorded
 * elsewhere, which `cibscope check` prints for that purpose.
 *
 * The actor is decided once per process: audit_set_actor() (from --user),
 * else $CIBSCOPE_USER, else the login name, else "unknown".
 */
#ifndef CIB_AUDIT_H
#define CIB_AUDIT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "digest.h"

struct case_db;

struct audit_chain {
	bool	chained;	/* false: a case older than the chain */
	int64_t	entries;
	int64_t	head_seq;	/* 0 when the trail is empty */
	char	head[DIGEST_HEX_SHA256];
	int64_t	broken_seq;	/* first row that does not fit; 0: intact */
};

void		 audit_set_actor(const char *);
const char	*audit_actor(void);

/* Append a row; detail is JSON text (or NULL). Call inside the caller's
 * transaction. Returns 0, or -1 with *cause. */
int		 audit_append(struct case_db *, const char *action,
		     const char *target, const char *detail, char **cause);
/* The same with a given time (ISO 8601 UTC) and actor: for recorded
 * investigations replayed into a case, such as the demo's. */
int		 audit_append_as(struct case_db *, const char *at,
		     const char *actor, const char *action, const char *target,
		     const char *detail, char **cause);

/* Recompute the chain from the first row: 0 with *out filled (intact
 * or not), -1 with *cause when the case cannot be read. */
int		 audit_verify(struct case_db *, struct audit_chain *out,
		     char **cause);

/* The same for a chain brought in from another case by `cibscope merge`
 * (merge.h): its rows, kept verbatim in merged_audit under chain, must
 * verify exactly as they did in the case they came from. */
int		 audit_verify_merged(struct case_db *, int64_t chain,
		     struct audit_chain *out, char **cause);

/* Give every row its hash, in order of seq: the schema migration that
 * introduced the chain. Call inside the migration's transaction, with
 * the update trigger dropped. */
int		 audit_chain_fill(sqlite3 *, char **cause);

#endif
