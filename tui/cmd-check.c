/*
 * cmd-check.c: `cibscope check CASE.db [--top N]`: is the file a sound
 * case, does its audit trail hold together, and what does it hold.
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>

#include "case.h"
#include "cmd.h"
#include "merge.h"
#include "summary.h"

/* One merged chain: its own verification, and the heads CASE's merge rows
 * recorded for it. */
static void
check_merged(void *arg, const struct merge_chain_status *s)
{
	char	*state;

	(void)arg;
	if (s->audit.broken_seq != 0)
		state = xasprintf("; the hash chain breaks at entry %lld: it or "
		    "an entry before it was changed, removed or inserted "
		    "outside cibscope", (long long)s->audit.broken_seq);
	else if (s->head_mismatch_seq != 0)
		state = xasprintf("; entry %lld no longer holds the head this "
		    "case's merge recorded: the chain was rewritten",
		    (long long)s->head_mismatch_seq);
	else
		state = xasprintf(", hash chain intact, head entry %lld %s",
		    (long long)s->audit.head_seq, s->audit.head);
	cmd_printf("merged:    chain %lld from \"%s\" (%s): %lld entries%s\n",
	    (long long)s->chain, s->case_name != NULL ? s->case_name : "",
	    s->file != NULL ? s->file : "?", (long long)s->audit.entries,
	    state);
	free(state);
}

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
	if (verdict(merge_chains_verify(c, check_merged, NULL, &cause),
	    &cause) != 0)
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
	.summary = "check a case's integrity and audit chain (and the chains "
	    "merged from other cases), count what it holds",
	.exec = cmd_check_exec,
	.options = cmd_check_options,
	.example = "cibscope check case.db --top 10",
	.exit_status = "0 when the case is sound, 1 when it is damaged or its "
	    "audit chain breaks (the message names the first entry that does "
	    "not fit), 2 on a usage error.",
};
