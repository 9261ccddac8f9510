/*
 * cmd-open.c: `cibscope CASE.db` (and `cibscope demo`) opens a case for
 * the investigator: the investigation screen on a terminal, and the
 * case's summary when the output is not one (piped, redirected).
 */
#include "config.h"

#include <stdlib.h>
#include <unistd.h>

#include "app.h"
#include "case.h"
#include "cmd.h"
#include "summary.h"

static int
print_summary(struct case_db *c)
{
	char	*cause = NULL;

	if (summary_print(stdout, c, 5, &cause) != 0) {
		cmd_error("%s", cause);
		free(cause);
		return 1;
	}
	return 0;
}

int
cmd_open_case(const char *path)
{
	struct case_db	*c;
	char		*cause = NULL;
	int		 status;

	if ((c = case_open(path, 0, &cause)) == NULL) {
		cmd_error("%s", cause);
		free(cause);
		return 1;
	}
	if (c->migrated_from != 0)
		cmd_error("%s: migrated from schema version %d to %d", path,
		    c->migrated_from, c->version);
	if (isatty(STDOUT_FILENO) && isatty(STDIN_FILENO))
		status = app_run(c, path);
	else {
		if (c->notice != NULL)
			cmd_error("%s", c->notice);
		status = print_summary(c);
	}
	case_close(c);
	return status;
}
