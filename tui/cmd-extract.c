/*
 * cmd-extract.c: `cibscope extract CASE.db --from postgresql://...
 * --query Q [--param NAME=VALUE]... [--seed ID]... [--schema NAME]
 * [--batch N]` runs a saved query on a PostgreSQL warehouse and brings
 * the accounts it finds, with their attributes and posts, into the case.
 * On a terminal a progress line counts what has come; Ctrl-C cancels,
 * also while the server is still running the query, and leaves the case
 * as it was.
 */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "case.h"
#include "cmd.h"
#include "extract.h"
#include "query.h"
#include "query_path.h"
#include "query_pg.h"
#include "util.h"

static volatile sig_atomic_t extract_cancel;

static void
extract_sigint(int sig)
{
	(void)sig;
	extract_cancel = 1;
}

struct extract_ui {
	bool		tty;		/* stderr is a terminal */
	bool		line;		/* a progress line is showing */
	double		start;
	double		last;		/* when the line was last drawn */
};

static void
ui_progress(void *arg, const struct extract_stats *st)
{
	struct extract_ui	*ui = arg;
	double			 now = clock_now();

	if (!ui->tty || now - ui->last < 0.2)
		return;
	ui->last = now;
	fprintf(stderr, "\r\033[Kextracting: %lld accounts, %lld attributes,"
	    " %lld posts, %.0f s", (long long)st->accounts,
	    (long long)st->attributes, (long long)st->posts, now - ui->start);
	ui->line = true;
	fflush(stderr);
}

static int
cmd_extract_exec(int argc, char **argv)
{
	struct extract_opts	 o;
	struct extract_stats	 st;
	struct extract_ui	 ui;
	struct sigaction	 sa, old;
	struct query_args	 a;
	struct case_db		*c = NULL;
	struct query		*q = NULL;
	const char		**names = NULL, **values = NULL, **dirs = NULL;
	const char		**seeds = NULL, *from = NULL, *qname = NULL;
	const char		*schema = NULL;
	size_t			 nparams = 0, ndirs = 0, nseeds = 0;
	char			*cause = NULL, *eq;
	int64_t			 batch = 0;
	int			 ch, rc, status = 1;

	while ((ch = cmd_getopt(argc, argv, &cmd_extract_entry)) != -1) {
		switch (ch) {
		case 'F':
			from = optarg;
			break;
		case 'Q':
			qname = optarg;
			break;
		case 'p':
			if ((eq = strchr(optarg, '=')) == NULL) {
				cmd_error("--param %s: expected NAME=VALUE",
				    optarg);
				status = 2;
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
		case CMD_LONG(2):
			if (!parse_int64(optarg, &batch) || batch < 1 ||
			    batch > EXTRACT_MAX_BATCH) {
				cmd_error("--batch %s: give a whole number from "
				    "1 to %d", optarg, EXTRACT_MAX_BATCH);
				status = 2;
				goto out;
			}
			break;
		case 'q':
			dirs = xreallocarray(dirs, ndirs + 1, sizeof *dirs);
			dirs[ndirs++] = optarg;
			break;
		default:
			status = cmd_usage(&cmd_extract_entry);
			goto out;
		}
	}
	if (optind + 1 != argc || from == NULL || qname == NULL) {
		if (optind + 1 == argc)
			cmd_error("extract needs --from CONNINFO and --query "
			    "QUERY");
		status = cmd_usage(&cmd_extract_entry);
		goto out;
	}
	if ((q = query_path_load(qname, dirs, ndirs, &cause)) == NULL) {
		cmd_error("extract: %s", cause);
		goto out;
	}
	if ((c = cmd_case_open(argv[optind], 0)) == NULL)
		goto out;

	memset(&a, 0, sizeof a);
	a.names = names;
	a.values = values;
	a.nparams = nparams;
	a.query_dirs = dirs;
	a.nquery_dirs = ndirs;
	memset(&o, 0, sizeof o);
	o.conninfo = from;
	o.schema = schema;
	o.query = q;
	o.args = &a;
	o.seed_refs = seeds;
	o.nseed_refs = nseeds;
	o.batch = batch;
	memset(&ui, 0, sizeof ui);
	ui.tty = isatty(STDERR_FILENO);
	ui.start = clock_now();
	o.cancel = &extract_cancel;
	o.on_progress = ui_progress;
	o.arg = &ui;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = extract_sigint;
	sigemptyset(&sa.sa_mask);
	extract_cancel = 0;
	sigaction(SIGINT, &sa, &old);
	rc = extract_run(c, &o, &st, &cause);
	sigaction(SIGINT, &old, NULL);
	if (ui.line)
		fputs("\r\033[K", stderr);
	if (rc != 0) {
		cmd_error("extract: %s", cause);
		goto out;
	}
	cmd_printf("%s: %lld accounts (%lld new), %lld attributes, %lld "
	    "posts extracted with %s\n", argv[optind], (long long)st.accounts,
	    (long long)st.accounts_new, (long long)st.attributes,
	    (long long)st.posts, q->name != NULL ? q->name : qname);
	status = 0;
out:
	free(cause);
	query_free(q);
	case_close(c);
	free(names);
	free(values);
	free(dirs);
	free(seeds);
	return status;
}

static const struct cmd_option cmd_extract_options[] = {
	{ "from", 'F', "CONNINFO",
	    "The warehouse: a libpq connection string, postgresql://USER@HOST"
	    "/DB or \"host=... dbname=...\" (a password in it is never shown "
	    "or recorded)." },
	{ "query", 'Q', "QUERY",
	    "The saved query to run there, by name or file: from, pivot, "
	    "where, group, posting-hours timing, order and limit compile; raw "
	    "sql:, coordination and creation bursts do not." },
	{ "param", 'p', "NAME=VALUE",
	    "Give the query parameter NAME this value; may be repeated." },
	{ "seed", 's', "ID",
	    "Start from this warehouse account: its id, PLATFORM:NATIVE_ID or "
	    "@handle; may be repeated." },
	{ "schema", CMD_LONG(1), "NAME",
	    "The warehouse tables are in this PostgreSQL schema (default: the "
	    "connection's search path)." },
	{ "batch", CMD_LONG(2), "N",
	    "Rows fetched from the server at a time (default 1000)." },
	{ "queries", 'q', "DIR",
	    "Also search this directory for query files; may be repeated." },
	{ NULL, 0, NULL, NULL }
};

const struct cmd_entry cmd_extract_entry = {
	.name = "extract",
	.usage = "CASE.db --from CONNINFO --query QUERY [--param NAME=VALUE]... "
	    "[--seed ID]... [--schema NAME] [--batch N] [--queries DIR]...",
	.summary = "bring the accounts a query finds in PostgreSQL into a case",
	.exec = cmd_extract_exec,
	.options = cmd_extract_options,
	.exit_status = "0 when the accounts are in the case, 1 on a failure "
	    "or after Ctrl-C, which also cancels the statement running on the "
	    "server (the case is left as it was), 2 on a usage error.",
	.example = "cibscope extract case.db --from postgresql://analyst@wh/cib "
	    "--query shared-phone --seed twitter:1234",
};
