/*
 * cmd-open.c: `cibscope CASE.db` opens a case for the investigator.
 */
#include "config.h"

#include <stdlib.h>

#include "case.h"
#include "cmd.h"
#include "summary.h"

int
cmd_open_case(const char *path)
{
	struct case_db	*c;
	char		*cause = NULL;
	int		 status = 0;

	if ((c = case_open(path, 0, &cause)) == NULL) {
		cmd_error("%s", cause);
		free(cause);
		return 1;
	}
	if (c->notice != NULL)
		cmd_error("%s", c->notice);
	if (c->migrated_from != 0)
		cmd_error("%s: migrated from schema version %d to %d", path,
		    c->migrated_from, c->version);
	if (summary_print(stdout, c, 5, &cause) != 0) {
		cmd_error("%s", cause);
		free(cause);
		status = 1;
	}
	printf("\nThe interactive screen is not built yet; the summary above "
	    "is what the case holds.\n");
	case_close(c);
	return status;
}
