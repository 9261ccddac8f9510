/*
 * audit.h: the case's append-only journal.
 *
 * Every change to a case (import, tag, label, removal) and every query an
 * investigator runs is appended to the audit table in the same transaction
 * as the change itself, so a case never holds a change without its row,
 * nor a row without its change. The table's triggers refuse UPDATE and
 * DELETE.
 *
 * The actor is decided once per process: audit_set_actor() (from --user),
 * else $CIBSCOPE_USER, else the login name, else "unknown".
 */
#ifndef CIB_AUDIT_H
#define CIB_AUDIT_H

struct case_db;

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

#endif
