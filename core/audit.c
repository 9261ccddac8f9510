/*
 * audit.c: who did what to a case, and when, appended in the same
 * transaction as the change.
 */
#include "config.h"
#include "audit.h"

#include <pwd.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "case.h"
#include "normalize.h"
#include "util.h"

static char	*actor;

void
audit_set_actor(const char *name)
{
	free(actor);
	actor = name != NULL && *name != '\0' ? xstrdup(name) : NULL;
}

const char *
audit_actor(void)
{
	const char	*s;
	struct passwd	*pw;

	if (actor != NULL)
		return actor;
	if ((s = getenv("CIBSCOPE_USER")) != NULL && *s != '\0')
		actor = xstrdup(s);
	else if ((s = getlogin()) != NULL && *s != '\0')
		actor = xstrdup(s);
	else if ((pw = getpwuid(getuid())) != NULL)
		actor = xstrdup(pw->pw_name);
	else
		actor = xstrdup("unknown");
	return actor;
}

int
audit_append(struct case_db *c, const char *action, const char *target,
    const char *detail, char **cause)
{
	char	at[21];

	norm_time_iso((int64_t)time(NULL), at);
	return audit_append_as(c, at, audit_actor(), action, target, detail,
	    cause);
}

int
audit_append_as(struct case_db *c, const char *at, const char *who,
    const char *action, const char *target, const char *detail,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(c->db, "INSERT INTO audit(at, actor, action, "
	    "target, detail) VALUES (?1, ?2, ?3, ?4, ?5)", -1, &st, NULL) !=
	    SQLITE_OK)
		return case_error(c, cause, "writing the audit trail");
	sqlite3_bind_text(st, 1, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, who, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, target, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, detail, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return case_error(c, cause, "writing the audit trail");
	return 0;
}
