/*
 * cmd-check.c: `cibscope check CASE.db [--top N]`: is the file a sound
 * case, does its audit trail hold together, and what does it hold.
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>

#include "case.h"
#include "cmd.h"
#include "summary.h"

/* 0 for a sound result; 1 for a damaged one or an error, said. */
static int
verdict(int rc, char **cause)
{
	if (rc >= 0)
		return rc;
	cmd_error("%s", *cause);
	free(*cause);
	*cause = NULL;
	return 1;
}

static int
cmd_check_exec(int argc, char **argv)
{
	struct case_db	*c;
	char		*cause = NULL;
	int		 ch, top = 5, status;

	while ((ch = cmd_getopt(argc, argv, &cmd_check_entry)) != -1) {
		if (ch == 't')
			top = atoi(optarg);
		else
			return cmd_usage(&cmd_check_entry);
	}
	if (optind + 1 != argc)
		return cmd_usage(&cmd_check_entry);
	if ((c = case_open(argv[optind], CASE_OPEN_READONLY, &cause)) ==
	    NULL) {
		cmd_error("%s", cause);
		free(cause);
		return 1;
	}
	if (c->notice != NULL)
		cmd_error("%s", c->notice);
	status = verdict(summary_integrity(stdout, c, &cause), &cause);
	if (verdict(summary_audit(stdout, c, &cause), &cause) != 0)
		status = 1;
	if (summary_print(stdout, c, top, &cause) != 0) {
		cmd_error("%s", cause);
		free(cause);
		status = 1;
	}
	case_close(c);
	return status;
}

static const struct cmd_option cmd_check_options[] = {
	{ "top", 't', "N",
	    "How many of the most shared values of each attribute kind to print "
	    "(default 5)." },
	{ NULL, 0, NULL, NULL }
};

const struct cmd_entry cmd_check_entry = {
	.name = "check",
	.usage = "CASE.db [--top N]",
	.summary = "check a case's integrity and audit chain, count what "
	    "it holds",
	.exec = cmd_check_exec,
	.options = cmd_check_options,
	.example = "cibscope check case.db --top 10",
	.exit_status = "0 when the case is sound, 1 when it is damaged or its "
	    "audit chain breaks (the message names the first entry that does "
	    "not fit), 2 on a usage error.",
};
