/*
 * account.h: finding an account from what an investigator types.
 *
 * A reference is one of: a case id ("1234"), "PLATFORM:NATIVE_ID"
 * ("chirp:98765"), or "@handle" (any platform; ambiguous when two
 * platforms share the handle, and then the message lists them).
 */
#ifndef CIB_ACCOUNT_H
#define CIB_ACCOUNT_H

#include <stdint.h>

struct case_db;

/* Returns 0 with *id set, or -1 with *cause ("no account ..."). */
int	account_resolve(struct case_db *, const char *ref, int64_t *id,
	    char **cause);

#endif
