/*
 * network.h: saved networks, the investigator's conclusions in a case.
 *
 * network_tag() saves accounts as a network: it creates the network, or
 * adds to one of the same name (then the label and any other field given
 * replace the saved ones), and stores each member with its evidence, the
 * reason the account is in (which pivot, query or shared values brought
 * it). All of it, with one audit row ("tag"), is one transaction: the case
 * never holds half a tag nor a tag without its audit row.
 *
 * network_list() reads the saved networks with their member counts.
 *
 * Labels are exactly network_labels[]: suspected, cib, not_cib, cleared.
 * Memory: network_list() results belong to the caller
 * (network_list_free()). Errors follow util.h: -1 with a malloc'd *cause;
 * a read-only case refuses to tag, saying so.
 */
#ifndef CIB_NETWORK_H
#define CIB_NETWORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct case_db;

extern const char *const network_labels[];
extern const size_t network_nlabels;

bool	network_label_valid(const char *);

/* What a network says about itself. NULL or "" fields are left unset
 * (or, for an existing network, unchanged). label NULL: "suspected" for
 * a new network, unchanged for an existing one. */
struct network_info {
	const char	*name;		/* required */
	const char	*label;
	const char	*origin;	/* country codes, free text */
	const char	*target;
	const char	*ttps;		/* DISARM technique ids */
	const char	*notes;
};

struct network_member {
	int64_t		 account_id;
	const char	*evidence;	/* JSON text, or NULL */
};

/* Returns 0 with *added set to the members that were not in it before
 * (added may be NULL); -1 with *cause. */
int	network_tag(struct case_db *, const struct network_info *,
	    const struct network_member *, size_t n, int64_t *added,
	    char **cause);

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
};

/* Saved networks by name. */
int	network_list(struct case_db *, struct network_row **, size_t *n,
	    char **cause);
void	network_list_free(struct network_row *, size_t n);

#endif
