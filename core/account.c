/*
 * account.c: resolve the ways an investigator names an account.
 */
#include "config.h"
#include "account.h"

#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "util.h"

/* Run a lookup bound to up to two texts; 1 found, 0 none, 2 ambiguous. */
static int
lookup(struct case_db *c, const char *sql, const char *a, const char *b,
    int64_t *id)
{
	sqlite3_stmt	*st;
	int		 n = 0;

	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
	if (b != NULL)
		sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW && n < 2) {
		*id = sqlite3_column_int64(st, 0);
		n++;
	}
	sqlite3_finalize(st);
	return n;
}

int
account_resolve(struct case_db *c, const char *ref, int64_t *id,
    char **cause)
{
	const char	*colon;
	char		*platform;
	int64_t		 n;
	int		 found;

	if (ref[0] == '@') {
		found = lookup(c, "SELECT id FROM accounts WHERE handle = ?1"
		    " COLLATE NOCASE LIMIT 2", ref + 1, NULL, id);
		if (found == 2)
			return set_cause(cause, "%s: more than one account has "
			    "this handle; name it as PLATFORM:ID", ref);
	} else if ((colon = strchr(ref, ':')) != NULL) {
		platform = xstrndup(ref, (size_t)(colon - ref));
		found = lookup(c, "SELECT id FROM accounts WHERE platform = ?1"
		    " AND native_id = ?2", platform, colon + 1, id);
		free(platform);
	} else if (parse_int64(ref, &n)) {
		*id = n;
		found = lookup(c, "SELECT id FROM accounts WHERE id = CAST(?1"
		    " AS INTEGER)", ref, NULL, id);
	} else
		return set_cause(cause, "%s: not an account reference (an id, "
		    "PLATFORM:NATIVE_ID or @handle)", ref);
	if (found < 0)
		return case_error(c, cause, "finding an account");
	if (found == 0)
		return set_cause(cause, "%s: no such account in %s", ref,
		    c->path);
	return 0;
}
