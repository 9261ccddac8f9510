/*
 * cmd-merge.c: `cibscope merge CASE.db OTHER.db [--dry-run]` brings another
 * investigator's networks, with the accounts, evidence, indicators,
 * vocabulary and audit chain behind them, into a case, and lists every
 * point on which the two cases disagree.
 */
#include "config.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "case.h"
#include "cmd.h"
#include "merge.h"

static int
cmd_merge_exec(int argc, char **argv)
{
	struct merge_report	 r;
	struct case_db		*c;
	const char		*other;
	char			*cause = NULL;
	bool			 dry_run = false;
	size_t			 i;
	int			 ch;

	while ((ch = cmd_getopt(argc, argv, &cmd_merge_entry)) != -1) {
		if (ch == 'n')
			dry_run = true;
		else
			return cmd_usage(&cmd_merge_entry);
	}
	if (optind + 2 != argc)
		return cmd_usage(&cmd_merge_entry);
	other = argv[optind + 1];
	if ((c = cmd_case_open(argv[optind], 0)) == NULL)
		return 1;
	if (merge_case(c, other, dry_run, &r, &cause) != 0) {
		cmd_error("%s", cause);
		free(cause);
		case_close(c);
		return 1;
	}
	case_close(c);

	if (!r.changed)
		cmd_printf("%s: nothing to merge; the case already holds "
		    "everything it has\n", other);
	else
		cmd_printf("%s%s (%s): %lld networks added, %lld updated; "
		    "%lld members added, %lld evidence items; %lld accounts "
		    "copied (%lld posts); %lld indicators, %lld vocabulary "
		    "entries; %lld audit entries of its chain\n",
		    dry_run ? "would merge " : "merged ", other,
		    r.other_name != NULL && *r.other_name != '\0' ?
		    r.other_name : "unnamed case",
		    (long long)r.networks_added, (long long)r.networks_updated,
		    (long long)r.members_added, (long long)r.evidence_added,
		    (long long)r.accounts_copied, (long long)r.posts_copied,
		    (long long)r.indicators_added, (long long)r.vocab_added,
		    (long long)r.audit_rows);
	if (r.nconflicts > 0)
		printf("%zu conflict%s:\n", r.nconflicts,
		    r.nconflicts == 1 ? "" : "s");
	for (i = 0; i < r.nconflicts; i++)
		cmd_printf("conflict: %s\n", r.conflicts[i]);
	if (dry_run && r.changed)
		printf("dry run: nothing was changed\n");
	merge_report_free(&r);
	return 0;
}

static const struct cmd_option cmd_merge_options[] = {
	{ "dry-run", 'n', NULL,
	    "Count and list conflicts as a merge would, then change nothing." },
	{ NULL, 0, NULL, NULL }
};

const struct cmd_entry cmd_merge_entry = {
	.name = "merge",
	.usage = "CASE.db OTHER.db [--dry-run]",
	.summary = "bring another case's networks, evidence and audit chain "
	    "into a case",
	.exec = cmd_merge_exec,
	.options = cmd_merge_options,
	.example = "cibscope merge case.db colleague.db --dry-run\n"
	    "cibscope merge case.db colleague.db",
	.exit_status = "0 when the merge is done (conflicts are listed, CASE's "
	    "side kept), 1 when OTHER cannot be merged and CASE is left as it "
	    "was, 2 on a usage error.",
};
