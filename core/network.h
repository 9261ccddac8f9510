/*
 * network.h: saved networks, the investigator's conclusions in a case.
 *
 * A network is a name, a label (exactly network_labels[]: suspected, cib,
 * not_cib, cleared), origin and target countries, technique ids (DISARM or
 * Meta kill chain, checked with vocab_check()) and a note, and its members.
 * Each member carries its evidence: a JSON array of items, one per time
 * the member was tagged, each saying who added it, when, and why:
 *
 *   {"via": "accounts" | "query" | "pivot" | "detection" | ...,
 *    "by": ACTOR, "at": "2024-01-02T03:04:05Z",
 *    "query": {canonical query},             for query and pivot
 *    "detection": {"rank", "on", "max_share", "min_size"},
 *    "seed": true,                           a seed of the pivot
 *    "hop": N,
 *    "shared": [{"kind", "value", "accounts", "hop"}],
 *    "coordination": "co-post", "window": S, "weight": W,
 *    "partners": [{"account", "native_id", "weight",
 *                  "pairs": [{"at", "partner_at"}]}]}
 *
 * "accounts" in "shared" is how many accounts held the value when it was
 * tagged. Evidence given by a caller as an object (the screen's
 * {"list": ..., "why": ...}) is kept as one item with "by" and "at" added.
 * Tagging an account already in the network appends the new items to its
 * array; merging two networks appends the one's items to the other's.
 *
 * Every change (tag, relabel, rename, remove-members, merge, remove) is
 * one transaction with its audit row (audit.h), so a case never holds a
 * change without its row nor a row without its change. A failure rolls
 * back everything.
 *
 * Memory: strings and arrays returned belong to the caller and are freed
 * with the matching *_free() or free(). Errors follow util.h: -1 (or NULL)
 * with a malloc'd *cause. A read-only case refuses every change, saying so.
 * Text read from the case is attacker-controlled: network_why() returns it
 * already sanitized (sanitize.h); everything else returns it raw.
 */
#ifndef CIB_NETWORK_H
#define CIB_NETWORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct case_db;
struct detect_opts;
struct query;
struct query_args;

extern const char *const network_labels[];
extern const size_t network_nlabels;

bool	network_label_valid(const char *);

/* What a network says about itself. NULL or "" fields are left unset
 * (or, for an existing network, unchanged). label NULL: "suspected" for
 * a new network, unchanged for an existing one. ttps is a list of ids
 * separated by commas and/or spaces; each is checked with vocab_check().
 * at and actor stamp the change (for a recorded investigation such as the
 * demo's); NULL means now and audit_actor(). */
struct network_info {
	const char	*name;		/* required */
	const char	*label;
	const char	*origin;	/* country codes, free text */
	const char	*target;
	const char	*ttps;		/* DISARM / Meta technique ids */
	const char	*notes;
	const char	*at;		/* ISO 8601 UTC, or NULL */
	const char	*actor;		/* or NULL */
};

struct network_member {
	int64_t		 account_id;
	const char	*evidence;	/* JSON text, or NULL */
};

/* What a tag did. */
struct network_tag_report {
	int64_t		 members;	/* accounts chosen */
	int64_t		 added;		/* of which new to the network */
	int64_t		 count;		/* query result size, or -1 */
};

/* Tag accounts with the evidence given (an array of items, an object, or
 * NULL for {"via": "accounts"}). Accounts not in the case are skipped.
 * Returns 0 with *added set to the members that were not in it before
 * (added may be NULL); -1 with *cause. */
int	network_tag(struct case_db *, const struct network_info *,
	    const struct network_member *, size_t n, int64_t *added,
	    char **cause);

/* Tag accounts named by id; the audit row lists them. */
int	network_tag_accounts(struct case_db *, const struct network_info *,
	    const int64_t *ids, size_t n, struct network_tag_report *,
	    char **cause);

/* Run a query and tag every account of its result, each with the row's
 * evidence (shared values with their counts, coordination partners with
 * their message pairs). via is "query" or "pivot" (NULL: "query"). The
 * run, the tag and the audit row (with the canonical query and the result
 * count) are one transaction. An empty result tags nothing and fails. */
int	network_tag_query(struct case_db *, const struct network_info *,
	    const struct query *, const struct query_args *, const char *via,
	    struct network_tag_report *, char **cause);

/* Run network detection and tag candidate number rank (1 is the
 * strongest), each member with the tying values it holds. */
int	network_tag_detection(struct case_db *, const struct network_info *,
	    const struct detect_opts *, int rank,
	    struct network_tag_report *, char **cause);

/* Change a network's label; audit "relabel". */
int	network_relabel(struct case_db *, const char *name, const char *label,
	    char **cause);
/* Give a network a new name (not already taken); audit "rename". */
int	network_rename(struct case_db *, const char *name,
	    const char *new_name, char **cause);
/* Take accounts out of a network; *removed (may be NULL) counts those
 * that were in it. audit "remove-members" with the ids. */
int	network_remove_members(struct case_db *, const char *name,
	    const int64_t *ids, size_t n, int64_t *removed, char **cause);
/* Move every member of from into into (evidence combined), fill into's
 * unset fields from from's, and remove from; audit "merge". */
int	network_merge(struct case_db *, const char *from, const char *into,
	    char **cause);
/* Remove a network and its membership; audit "remove". */
int	network_remove(struct case_db *, const char *name, char **cause);

struct network_row {
	int64_t		 id;
	char		*name;
	char		*label;
	char		*origin;	/* NULL when unset */
	char		*target;
	char		*ttps;
	char		*notes;
	char		*created_at;
	char		*created_by;
	int64_t		 members;
	char		*updated_at;	/* network_get() only, else NULL */
};

/* Saved networks by name. */
int	network_list(struct case_db *, struct network_row **, size_t *n,
	    char **cause);
void	network_list_free(struct network_row *, size_t n);

/* One network by name: 0 with *out filled (free with network_list_free(
 * out, 1)), -1 with *cause "no network named ..." or an SQL error. */
int	network_get(struct case_db *, const char *name, struct network_row **,
	    char **cause);

struct network_member_row {
	int64_t		 account_id;
	const char	*platform;
	const char	*native_id;
	const char	*handle;	/* may be NULL */
	const char	*added_at;
	const char	*added_by;
	const char	*evidence;	/* JSON array text, may be NULL */
	const char	*via;		/* its evidence's sources: "pivot, "
					   "detection" */
};

/* Call fn for each member in account id order; strings are valid during
 * the call only. Returns the number of members, or -1 with *cause. */
int64_t	network_members_each(struct case_db *, const char *name,
	    void (*fn)(void *, const struct network_member_row *), void *arg,
	    char **cause);

/* The member's evidence array as JSON text (malloc'd), or NULL with
 * *cause when the account is not in the network. */
char	*network_evidence(struct case_db *, const char *name,
	    int64_t account_id, char **cause);

/* "Why is this account in the network?": plain text, one paragraph per
 * evidence item (who, when, via what, the shared values with how many
 * accounts hold each, or the partners with weights and message times),
 * lines ending in "\n", case text sanitized. NULL with *cause when the
 * account is not in the network. */
char	*network_why(struct case_db *, const char *name, int64_t account_id,
	    char **cause);

#endif
