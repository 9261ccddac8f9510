/*
 * cmd-tag.c: `cibscope tag CASE.db NETWORK (--accounts ID... | --query Q
 * [--param k=v]... [--seed ID]... | --from-detection N [--on KINDS]
 * [--max-share N] [--min-size N]) [--label L] [--origin CC] [--target
 * CC]... [--ttp ID]... [--note TEXT]` saves accounts as a network, each
 * with its evidence, in one transaction with its audit row (network.h).
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "case.h"
#include "cmd.h"
#include "detect.h"
#include "network.h"
#include "query.h"
#include "query_path.h"
#include "sanitize.h"

struct strv {
	const char	**v;
	size_t		  n;
};

static void
strv_add(struct strv *s, const char *p)
{
	s->v = xreallocarray(s->v, s->n + 1, sizeof *s->v);
	s->v[s->n++] = p;
}

/* "a, b, c" from a list, or NULL when empty. malloc'd. */
static char *
strv_join(const struct strv *s)
{
	struct buf	b = BUF_INIT;
	size_t		i;

	for (i = 0; i < s->n; i++) {
		if (i > 0)
			buf_adds(&b, ", ");
		buf_adds(&b, s->v[i]);
	}
	return s->n > 0 ? buf_steal(&b) : NULL;
}

static int
parse_count(const char *opt, const char *v, int64_t min, int64_t *out)
{
	if (!parse_int64(v, out) || *out < min) {
		cmd_error("%s %s: a number of at least %lld", opt, v,
		    (long long)min);
		return -1;
	}
	return 0;
}

/* Resolve account references; each failure is reported. */
static int64_t *
resolve_all(struct case_db *c, const struct strv *refs)
{
	int64_t	*ids = xcalloc(refs->n + 1, sizeof *ids);
	char	*cause = NULL;
	size_t	 i;

	for (i = 0; i < refs->n; i++) {
		if (account_resolve(c, refs->v[i], &ids[i], &cause) != 0) {
			cmd_error("%s", cause);
			free(cause);
			free(ids);
			return NULL;
		}
	}
	return ids;
}

static int
cmd_tag_exec(int argc, char **argv)
{
	struct network_info		 ni;
	struct network_tag_report	 rep;
	struct network_row		*row;
	struct detect_opts		 dopts;
	struct query_args		 qa;
	struct strv			 refs = { NULL, 0 }, seeds = { NULL, 0 };
	struct strv			 names = { NULL, 0 }, values = { NULL, 0 };
	struct strv			 dirs = { NULL, 0 }, targets = { NULL, 0 };
	struct strv			 ttps = { NULL, 0 }, kinds = { NULL, 0 };
	struct case_db			*c = NULL;
	struct query			*q = NULL;
	struct buf			 shown = BUF_INIT;
	const char			*query = NULL;
	char				*cause = NULL, *eq, *on = NULL, *tok;
	char				*save, *target = NULL, *ttp = NULL;
	int64_t				*ids = NULL, *seed_ids = NULL;
	int64_t				 rank = 0;
	int				 ch, ways = 0, status = 2, i;

	memset(&ni, 0, sizeof ni);
	memset(&dopts, 0, sizeof dopts);
	while ((ch = cmd_getopt(argc, argv, &cmd_tag_entry)) != -1) {
		switch (ch) {
		case 'a':
			if (refs.n == 0)
				ways++;
			strv_add(&refs, optarg);
			break;
		case 'q':
			query = optarg;
			ways++;
			break;
		case 'p':
			if ((eq = strchr(optarg, '=')) == NULL) {
				cmd_error("--param %s: expected NAME=VALUE",
				    optarg);
				goto out;
			}
			*eq = '\0';
			strv_add(&names, optarg);
			strv_add(&values, eq + 1);
			break;
		case 's':
			strv_add(&seeds, optarg);
			break;
		case 'Q':
			strv_add(&dirs, optarg);
			break;
		case 'd':
			if (parse_count("--from-detection", optarg, 1,
			    &rank) != 0)
				goto out;
			ways++;
			break;
		case 'o':
			free(on);
			on = xstrdup(optarg);
			break;
		case 'm':
			if (parse_count("--max-share", optarg, 2,
			    &dopts.max_share) != 0)
				goto out;
			break;
		case 'z':
			if (parse_count("--min-size", optarg, 2,
			    &dopts.min_size) != 0)
				goto out;
			break;
		case 'l':
			if (!network_label_valid(optarg)) {
				cmd_error("--label %s: use suspected, cib, "
				    "not_cib or cleared", optarg);
				goto out;
			}
			ni.label = optarg;
			break;
		case 'O':
			ni.origin = optarg;
			break;
		case 't':
			strv_add(&targets, optarg);
			break;
		case 'T':
			strv_add(&ttps, optarg);
			break;
		case 'n':
			ni.notes = optarg;
			break;
		default:
			status = cmd_usage(&cmd_tag_entry);
			goto out;
		}
	}
	/* Account references may follow --accounts as more arguments. */
	for (i = optind + 2; i < argc; i++) {
		if (refs.n == 0) {
			status = cmd_usage(&cmd_tag_entry);
			goto out;
		}
		strv_add(&refs, argv[i]);
	}
	if (optind + 2 > argc || ways != 1) {
		if (optind + 2 <= argc)
			cmd_error("tag: choose the members one way: --accounts, "
			    "--query or --from-detection");
		status = cmd_usage(&cmd_tag_entry);
		goto out;
	}
	if ((seeds.n > 0 || names.n > 0) && query == NULL) {
		cmd_error("tag: --seed and --param go with --query");
		goto out;
	}
	if ((on != NULL || dopts.max_share != 0 || dopts.min_size != 0) &&
	    rank == 0) {
		cmd_error("tag: --on, --max-share and --min-size go with "
		    "--from-detection");
		goto out;
	}
	status = 1;
	ni.name = argv[optind + 1];
	ni.target = target = strv_join(&targets);
	ni.ttps = ttp = strv_join(&ttps);
	if ((c = cmd_case_open(argv[optind], 0)) == NULL)
		goto out;

	if (refs.n > 0) {
		if ((ids = resolve_all(c, &refs)) == NULL)
			goto out;
		if (network_tag_accounts(c, &ni, ids, refs.n, &rep,
		    &cause) != 0)
			goto fail;
	} else if (query != NULL) {
		if ((q = query_path_load(query, dirs.v, dirs.n,
		    &cause)) == NULL)
			goto fail;
		if ((seed_ids = resolve_all(c, &seeds)) == NULL)
			goto out;
		memset(&qa, 0, sizeof qa);
		qa.names = names.v;
		qa.values = values.v;
		qa.nparams = names.n;
		qa.seeds = seed_ids;
		qa.nseeds = seeds.n;
		qa.query_dirs = dirs.v;
		qa.nquery_dirs = dirs.n;
		if (network_tag_query(c, &ni, q, &qa, q->pivot != NULL ?
		    "pivot" : "query", &rep, &cause) != 0)
			goto fail;
	} else {
		if (on != NULL) {
			for (tok = strtok_r(on, ",", &save); tok != NULL;
			    tok = strtok_r(NULL, ",", &save))
				strv_add(&kinds, tok);
			dopts.kinds = kinds.v;
			dopts.nkinds = kinds.n;
		}
		if (network_tag_detection(c, &ni, &dopts, (int)rank, &rep,
		    &cause) != 0)
			goto fail;
	}
	if (network_get(c, ni.name, &row, &cause) != 0)
		goto fail;
	sanitize(ni.name, strlen(ni.name), SANITIZE_ONELINE, &shown);
	printf("tagged %lld account%s as network \"%s\" (%s): %lld new, "
	    "%lld members in all", (long long)rep.members,
	    rep.members == 1 ? "" : "s", shown.data, row->label,
	    (long long)rep.added, (long long)row->members);
	network_list_free(row, 1);
	if (rep.count >= 0 && query != NULL)
		printf("; the query found %lld", (long long)rep.count);
	putchar('\n');
	status = 0;
	goto out;
fail:
	cmd_error("%s", cause);
out:
	buf_free(&shown);
	free(cause);
	query_free(q);
	case_close(c);
	free(refs.v);
	free(seeds.v);
	free(names.v);
	free(values.v);
	free(dirs.v);
	free(targets.v);
	free(ttps.v);
	free(kinds.v);
	free(ids);
	free(seed_ids);
	free(on);
	free(target);
	free(ttp);
	return status;
}

static const struct cmd_option cmd_tag_options[] = {
	{ "accounts", 'a', "ACCOUNT",
	    "Tag this account (case id, PLATFORM:NATIVE_ID or @handle); may be "
	    "repeated." },
	{ "query", 'q', "Q",
	    "Tag the accounts a saved query finds." },
	{ "param", 'p', "NAME=VALUE",
	    "With --query: give the query parameter NAME this value; may be "
	    "repeated." },
	{ "seed", 's', "ACCOUNT",
	    "With --query: start the query from this account; may be repeated." },
	{ "queries", 'Q', "DIR",
	    "With --query: also search this directory for query files; may be "
	    "repeated." },
	{ "from-detection", 'd', "N",
	    "Tag candidate N of network detection, as networks detect ranks it "
	    "with the same options." },
	{ "on", 'o', "KINDS",
	    "With --from-detection: the attribute kinds that tie accounts." },
	{ "max-share", 'm', "N",
	    "With --from-detection: values shared by more than N accounts tie "
	    "nobody." },
	{ "min-size", 'z', "N",
	    "With --from-detection: the fewest accounts a candidate may have." },
	{ "label", 'l', "L",
	    "The network's label: suspected (the default), cib, not_cib or "
	    "cleared." },
	{ "origin", 'O', "CC",
	    "The country the operation comes from, as a two-letter code." },
	{ "target", 't', "CC",
	    "A country the operation targets, as a two-letter code; may be "
	    "repeated." },
	{ "ttp", 'T', "ID",
	    "A technique the operation uses, a DISARM or kill chain id; may be "
	    "repeated." },
	{ "note", 'n', "TEXT",
	    "A note kept with the evidence of this tagging." },
	{ NULL, 0, NULL, NULL }
};

const struct cmd_entry cmd_tag_entry = {
	.name = "tag",
	.usage = "CASE.db NETWORK (--accounts ID... | --query Q "
	    "[--param NAME=VALUE]... [--seed ID]... | --from-detection N "
	    "[--on KINDS] [--max-share N] [--min-size N]) [--label LABEL] "
	    "[--origin CC] [--target CC]... [--ttp ID]... [--note TEXT]",
	.summary = "save accounts as a network, with their evidence",
	.exec = cmd_tag_exec,
	.options = cmd_tag_options,
	.example = "cibscope tag case.db voip-farm --query shared-phone --seed "
	    "@alice --label cib",
};
