/*
 * cmd-coordination.c: `cibscope coordination CASE.db [--type T]
 * [--window S] [--min-weight N] [--threshold J] [--shingle U:K]
 * [--groups] [--format text|csv|json]`: pairs of accounts that post
 * alike within a time window.
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "cmd.h"
#include "coord.h"
#include "minhash.h"

static int
cmd_coordination_exec(int argc, char **argv)
{
	struct coord_opts	 o;
	struct coord_result	*r = NULL;
	struct case_db		*c = NULL;
	enum coord_format	 format = COORD_FORMAT_TEXT;
	char			*cause = NULL;
	bool			 groups = false;
	int			 ch, status = 1, rc;

	memset(&o, 0, sizeof o);
	o.kind = COORD_POST;
	o.window = 60;
	o.min_weight = 2;
	while ((ch = cmd_getopt(argc, argv, &cmd_coordination_entry)) != -1) {
		switch (ch) {
		case 't':
			if (!coord_kind_parse(optarg, &o.kind)) {
				cmd_error("--type %s: use co-post, co-link, "
				    "co-repost, co-reply or co-similar", optarg);
				return 2;
			}
			break;
		case 'w':
			if (!parse_int64(optarg, &o.window) || o.window < 0) {
				cmd_error("--window %s: seconds", optarg);
				return 2;
			}
			break;
		case 'm':
			if (!parse_int64(optarg, &o.min_weight) ||
			    o.min_weight < 1) {
				cmd_error("--min-weight %s: a number of at "
				    "least 1", optarg);
				return 2;
			}
			break;
		case 'g':
			groups = true;
			break;
		case 'j':
			if (!parse_double(optarg, &o.threshold) ||
			    !(o.threshold > 0 && o.threshold <= 1)) {
				cmd_error("--threshold %s: a similarity above 0 "
				    "and at most 1", optarg);
				return 2;
			}
			break;
		case 's':
			if (minhash_opts_parse(optarg, &o.shingle, &cause) !=
			    0) {
				cmd_error("--shingle %s: %s", optarg, cause);
				free(cause);
				return 2;
			}
			break;
		case 'f':
			if (strcmp(optarg, "text") == 0 ||
			    strcmp(optarg, "table") == 0)
				format = COORD_FORMAT_TEXT;
			else if (strcmp(optarg, "csv") == 0)
				format = COORD_FORMAT_CSV;
			else if (strcmp(optarg, "json") == 0)
				format = COORD_FORMAT_JSON;
			else {
				cmd_error("--format %s: use text, csv or json",
				    optarg);
				return 2;
			}
			break;
		default:
			return cmd_usage(&cmd_coordination_entry);
		}
	}
	if (optind + 1 != argc)
		return cmd_usage(&cmd_coordination_entry);
	/* Co-similar stores the signatures it makes, for the next run. */
	if ((c = cmd_case_open(argv[optind], o.kind == COORD_SIMILAR ? 0 :
	    CASE_OPEN_READONLY)) == NULL)
		return 1;
	if (coord_run(c, &o, &r, &cause) != 0) {
		cmd_error("%s", cause);
		free(cause);
	} else {
		rc = groups ? coord_print_groups(stdout, r, format) :
		    coord_print_edges(stdout, r, format);
		status = rc == 0 ? 0 : 1;
	}
	coord_result_free(r);
	case_close(c);
	return status;
}

static const struct cmd_option cmd_coordination_options[] = {
	{ "type", 't', "co-post|co-link|co-repost|co-reply|co-similar",
	    "What counts as posting alike: the same text, link, reposted post, "
	    "replied-to post, or a near-identical text." },
	{ "window", 'w', "SECONDS",
	    "How close in time two posts must be to match, inclusive; for "
	    "co-similar 0 means any time apart." },
	{ "min-weight", 'm', "N",
	    "Drop pairs with fewer than N matching posts (at least 1)." },
	{ "threshold", 'j', "J",
	    "co-similar: the least Jaccard similarity of two texts' shingles "
	    "(default 0.8)." },
	{ "shingle", 's', "chars:K|words:K",
	    "co-similar: compare character K-grams (default chars:5) or runs "
	    "of K words." },
	{ "groups", 'g', NULL,
	    "Print the connected groups of coordinating accounts instead of the "
	    "pairs." },
	{ "format", 'f', "text|csv|json",
	    "How to print the result (default text)." },
	{ NULL, 0, NULL, NULL }
};

const struct cmd_entry cmd_coordination_entry = {
	.name = "coordination",
	.usage = "CASE.db [--type co-post|co-link|co-repost|co-reply|"
	    "co-similar] [--window SECONDS] [--min-weight N] [--threshold J] "
	    "[--shingle chars:K|words:K] [--groups] [--format text|csv|json]",
	.summary = "accounts posting alike within seconds of each other",
	.exec = cmd_coordination_exec,
	.options = cmd_coordination_options,
	.example = "cibscope coordination case.db --type co-link --window 60 "
	    "--min-weight 3",
};
