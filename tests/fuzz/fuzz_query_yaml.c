/*
 * fuzz_query_yaml.c: a saved query file from someone else, through the
 * loader, the static checks and the canonical form of the audit trail.
 */
#include "config.h"
#include "fuzz.h"

#include <stdlib.h>

#include "query.h"

void
fuzz_query_yaml(const uint8_t *data, size_t size)
{
	struct query	*q;
	char		*cause = NULL, *canon;

	q = query_load_string((const char *)data, size, "fuzz.yaml", &cause);
	if (q == NULL) {
		if (cause == NULL)
			fuzz_fail("query_load_string failed without a cause");
		free(cause);
		return;
	}
	if (query_check(q, &cause) != 0) {
		if (cause == NULL)
			fuzz_fail("query_check failed without a cause");
		free(cause);
	}
	canon = query_canonical(q, NULL);
	if (canon == NULL)
		fuzz_fail("query_canonical returned NULL");
	free(canon);
	query_free(q);
}
