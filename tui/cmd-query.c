/*
 * cmd-query.c: `cibscope query CASE.db QUERY [--param k=v]... [--seed
 * ID]... [--format F] [--explain [--dialect postgresql [--schema NAME]]]
 * [--queries DIR]...` runs a saved query by name or file, or prints the
 * SQL it compiles to: for the case's SQLite, or for a PostgreSQL warehouse
 * (query_pg.h).
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "case.h"
#include "cmd.h"
#include "query.h"
#include "query_path.h"
#include "query_pg.h"
#include "result.h"

/* The compiled PostgreSQL statement and its parameters, as SQL comments
 * and text a reader can paste into psql after binding. */
static void
explain_pg(const struct query_pg *pg)
{
	const char	*p;
	struct buf	 b = BUF_INIT;
	size_t		 i;

	cmd_printf("-- PostgreSQL%s%s%s\n", pg->schema != NULL ?
	    ", tables in schema \"" : "", pg->schema != NULL ? pg->schema :
	    "", pg->schema != NULL ? "\"" : "");
	cmd_printf("%s;\n", pg->sql);
	cmd_printf("-- %zu parameter%s\n", pg->nparams,
	    pg->nparams == 1 ? "" : "s");
	for (i = 0; i < pg->nparams; i++) {
		buf_clear(&b);
		if (pg->params[i] == NULL)
			buf_adds(&b, "NULL");
		else {
			buf_addc(&b, '\'');
			for (p = pg->params[i]; *p != '\0'; p++) {
				if (*p == '\'')
					buf_addc(&b, '\'');
				buf_addc(&b, *p);
			}
			buf_addc(&b, '\'');
		}
		cmd_printf("-- $%zu = %s\n", i + 1, b.data);
	}
	buf_free(&b);
}

static int
cmd_query_exec(int argc, char **argv)
{
	struct query_args	 a;
	struct case_db		*c = NULL;
	struct query		*q = NULL;
	const char		**names = NULL, **values = NULL, **dirs = NULL;
	const char		**seeds = NULL;
	int64_t			*ids = NULL;
	size_t			 nparams = 0, ndirs = 0, nseeds = 0, i;
	char			*cause = NULL, *eq;
	const char		*schema = NULL;
	int			 ch, format = RESULT_TABLE, status = 1;
	bool			 explain = false, postgresql = false;

	while ((ch = cmd_getopt(argc, argv, &cmd_query_entry)) != -1) {
		switch (ch) {
		case 'p':
			if ((eq = strchr(optarg, '=')) == NULL) {
				cmd_error("--param %s: expected NAME=VALUE",
				    optarg);
				goto out;
			}
			*eq = '\0';
			names = xreallocarray(names, nparams + 1,
			    sizeof *names);
			values = xreallocarray(values, nparams + 1,
			    sizeof *values);
			names[nparams] = optarg;
			values[nparams++] = eq + 1;
			break;
		case 's':
			seeds = xreallocarray(seeds, nseeds + 1,
			    sizeof *seeds);
			seeds[nseeds++] = optarg;
			break;
		case 'f':
			if ((format = result_format_parse(optarg)) < 0) {
				cmd_error("--format %s: use table, csv, json or "
				    "ids", optarg);
				status = 2;
				goto out;
			}
			break;
		case 'e':
			explain = true;
			break;
		case 'd':
			if (strcmp(optarg, "postgresql") == 0)
				postgresql = true;
			else if (strcmp(optarg, "sqlite") == 0)
				postgresql = false;
			else {
				cmd_error("--dialect %s: use sqlite or "
				    "postgresql", optarg);
				status = 2;
				goto out;
			}
			break;
		case CMD_LONG(1):
			if (!query_pg_schema_valid(optarg)) {
				cmd_error("--schema %s: not a schema name "
				    "(letters, digits and _, at most 63)",
				    optarg);
				status = 2;
				goto out;
			}
			schema = optarg;
			break;
		case 'q':
			dirs = xreallocarray(dirs, ndirs + 1, sizeof *dirs);
			dirs[ndirs++] = optarg;
			break;
		default:
			status = cmd_usage(&cmd_query_entry);
			goto out;
		}
	}
	if (optind + 2 != argc) {
		status = cmd_usage(&cmd_query_entry);
		goto out;
	}
	if ((postgresql || schema != NULL) && !explain) {
		cmd_error("--dialect postgresql and --schema go with --explain "
		    "(cibscope extract runs a query on PostgreSQL)");
		status = 2;
		goto out;
	}
	if ((c = cmd_case_open(argv[optind], 0)) == NULL)
		goto out;
	if ((q = query_path_load(argv[optind + 1], dirs, ndirs,
	    &cause)) == NULL) {
		cmd_error("%s", cause);
		goto out;
	}
	ids = xcalloc(nseeds + 1, sizeof *ids);
	for (i = 0; i < nseeds; i++) {
		if (account_resolve(c, seeds[i], &ids[i], &cause) != 0) {
			cmd_error("%s", cause);
			goto out;
		}
	}
	memset(&a, 0, sizeof a);
	a.names = names;
	a.values = values;
	a.nparams = nparams;
	a.seeds = ids;
	a.nseeds = nseeds;
	a.query_dirs = dirs;
	a.nquery_dirs = ndirs;
	if (explain && postgresql) {
		struct query_pg	*pg;

		if (query_pg_compile(q, &a, schema, &pg, &cause) != 0) {
			cmd_error("%s", cause);
			goto out;
		}
		explain_pg(pg);
		query_pg_free(pg);
		status = 0;
	} else if (explain) {
		if (query_explain(stdout, c, q, &a, &cause) != 0) {
			cmd_error("%s", cause);
			goto out;
		}
		status = 0;
	} else
		status = cmd_query_print(c, q, &a, format, "query");
out:
	free(cause);
	query_free(q);
	case_close(c);
	free(names);
	free(values);
	free(dirs);
	free(seeds);
	free(ids);
	return status;
}

static const struct cmd_option cmd_query_options[] = {
	{ "param", 'p', "NAME=VALUE",
	    "Give the query parameter NAME this value; may be repeated." },
	{ "seed", 's', "ID",
	    "Start from this account: a case id, PLATFORM:NATIVE_ID or @handle; "
	    "may be repeated." },
	{ "format", 'f', "table|csv|json|ids",
	    "How to print the result (default table)." },
	{ "explain", 'e', NULL,
	    "Print the SQL of each step and SQLite's plan for it." },
	{ "dialect", 'd', "sqlite|postgresql",
	    "With --explain: the SQL for the case (sqlite, the default) or the "
	    "one statement cibscope extract runs on a PostgreSQL warehouse, "
	    "with its parameter list." },
	{ "schema", CMD_LONG(1), "NAME",
	    "With --dialect postgresql: the warehouse tables are in this "
	    "PostgreSQL schema." },
	{ "queries", 'q', "DIR",
	    "Also search this directory for query files, after the shipped ones "
	    "and CIBSCOPE_QUERY_PATH; may be repeated." },
	{ NULL, 0, NULL, NULL }
};

const struct cmd_entry cmd_query_entry = {
	.name = "query",
	.usage = "CASE.db QUERY-NAME-OR-FILE [--param NAME=VALUE]... "
	    "[--seed ID]... [--format table|csv|json|ids] [--explain "
	    "[--dialect sqlite|postgresql] [--schema NAME]] [--queries DIR]...",
	.summary = "run a saved query",
	.exec = cmd_query_exec,
	.options = cmd_query_options,
	.example = "cibscope query case.db shared-phone --seed @alice --format "
	    "csv",
};
