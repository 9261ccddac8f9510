/*
 * cmd-pivot.c: `cibscope pivot CASE.db ACCOUNT --on KIND[,KIND] [--within N]
 * [--similar-text J] [--hops N] [--max-share N] [--format F]`: every
 * account that shares a value of those kinds with ACCOUNT (or a
 * perceptual hash within N bits, or a post at least J similar), with the
 * values that link it.
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "case.h"
#include "cmd.h"
#include "query.h"
#include "result.h"

static int
cmd_pivot_exec(int argc, char **argv)
{
	struct query_args	 a;
	struct case_db		*c = NULL;
	struct query		*q;
	char			*cause = NULL, *on = NULL, *tok, *save;
	int64_t			 seed;
	int			 ch, format = RESULT_TABLE, status = 1;

	q = query_new();
	q->name = xstrdup("pivot");
	q->from = QUERY_FROM_SELECTION;
	q->pivot = xcalloc(1, sizeof *q->pivot);
	while ((ch = cmd_getopt(argc, argv, &cmd_pivot_entry)) != -1) {
		switch (ch) {
		case 'o':
			free(on);
			on = xstrdup(optarg);
			break;
		case 'h':
			free(q->pivot->hops);
			q->pivot->hops = xstrdup(optarg);
			break;
		case 'm':
			free(q->pivot->max_share);
			q->pivot->max_share = xstrdup(optarg);
			break;
		case 'w':
			free(q->pivot->within);
			q->pivot->within = xstrdup(optarg);
			break;
		case 's':
			free(q->pivot->similar_text);
			q->pivot->similar_text = xstrdup(optarg);
			break;
		case 'f':
			if ((format = result_format_parse(optarg)) < 0) {
				cmd_error("--format %s: use table, csv, json or "
				    "ids", optarg);
				status = 2;
				goto out;
			}
			break;
		default:
			status = cmd_usage(&cmd_pivot_entry);
			goto out;
		}
	}
	if (optind + 2 != argc || (on == NULL &&
	    q->pivot->similar_text == NULL)) {
		status = cmd_usage(&cmd_pivot_entry);
		goto out;
	}
	for (tok = on != NULL ? strtok_r(on, ",", &save) : NULL; tok != NULL;
	    tok = strtok_r(NULL, ",", &save)) {
		q->pivot->kinds = xreallocarray(q->pivot->kinds,
		    q->pivot->nkinds + 1, sizeof *q->pivot->kinds);
		q->pivot->kinds[q->pivot->nkinds++] = xstrdup(tok);
	}
	if ((c = cmd_case_open(argv[optind], 0)) == NULL)
		goto out;
	if (account_resolve(c, argv[optind + 1], &seed, &cause) != 0) {
		cmd_error("%s", cause);
		goto out;
	}
	memset(&a, 0, sizeof a);
	a.seeds = &seed;
	a.nseeds = 1;
	status = cmd_query_print(c, q, &a, format, "pivot");
out:
	free(cause);
	free(on);
	query_free(q);
	case_close(c);
	return status;
}

static const struct cmd_option cmd_pivot_options[] = {
	{ "on", 'o', "KIND[,KIND]...",
	    "The attribute kinds to follow, such as phone,email; required "
	    "unless --similar-text is given." },
	{ "within", 'w', "BITS",
	    "Match perceptual-hash kinds (avatar_phash, *_phash, *_dhash) "
	    "within this many differing bits, 0 to 15, not only exactly." },
	{ "similar-text", 's', "J",
	    "Also follow posts whose text is at least J similar (Jaccard of "
	    "character 5-grams, 0 to 1) to one of the account's; --on may "
	    "then be left out." },
	{ "hops", 'h', "N",
	    "How many steps of shared values to follow from the account." },
	{ "max-share", 'm', "N",
	    "Skip and list values shared by more than N accounts, as hubs "
	    "(default 50)." },
	{ "format", 'f', "table|csv|json|ids",
	    "How to print the result (default table)." },
	{ NULL, 0, NULL, NULL }
};

const struct cmd_entry cmd_pivot_entry = {
	.name = "pivot",
	.usage = "CASE.db ACCOUNT --on KIND[,KIND]... [--within BITS] "
	    "[--similar-text J] [--hops N] [--max-share N] "
	    "[--format table|csv|json|ids]",
	.summary = "accounts sharing attributes with one account",
	.exec = cmd_pivot_exec,
	.options = cmd_pivot_options,
	.example = "cibscope pivot case.db @alice --on phone,email --hops 2",
};
