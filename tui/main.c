/*
 * main.c: the cibscope program. Global options, then either a batch
 * subcommand from the table in cmd.c or a case to open. The clock is read
 * first, for the timing trace's start.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "case.h"
#include "cmd.h"
#include "screen.h"
#include "sqlguard.h"
#include "trace.h"
#include "util.h"

/* The longest raw-SQL time limit --sql-timeout accepts, in seconds. */
#define SQL_TIMEOUT_MAX	86400

/* Start the timing trace (trace.h) on path; an exit status, or 0. */
static int
trace_start(const char *path, double started)
{
	char	*cause = NULL;

	if (path == NULL || *path == '\0' || trace_open(path, started,
	    &cause) == 0)
		return 0;
	fprintf(stderr, "cibscope: %s\n", cause);
	free(cause);
	return 1;
}

/*
 * The value of global option name at argv[*i], as "--name VALUE" or
 * "--name=VALUE", moving *i past it; NULL when argv[*i] is not name.
 */
static const char *
global_value(int argc, char **argv, int *i, const char *name)
{
	size_t	len = strlen(name);

	if (strcmp(argv[*i], name) == 0 && *i + 1 < argc &&
	    argv[*i + 1] != NULL)
		return argv[++*i];
	if (strncmp(argv[*i], name, len) == 0 && argv[*i][len] == '=')
		return argv[*i] + len + 1;
	return NULL;
}

/* Set the raw-SQL time limit from text; an exit status, or 0. */
static int
sql_timeout_set(const char *text, const char *what)
{
	char	*end;
	double	 seconds;

	if (text == NULL || *text == '\0')
		return 0;
	errno = 0;
	seconds = strtod(text, &end);
	if (errno != 0 || end == text || *end != '\0' || !(seconds > 0) ||
	    seconds > SQL_TIMEOUT_MAX) {
		fprintf(stderr, "cibscope: %s %s: expected seconds, more than 0 "
		    "and at most %d\n", what, text, SQL_TIMEOUT_MAX);
		return 2;
	}
	sqlguard_set_deadline(seconds);
	return 0;
}

int
main(int argc, char **argv)
{
	double			 started = clock_now();
	const struct cmd_entry	*e;
	const char		*trace = getenv("CIBSCOPE_TRACE"), *v;
	int			 i, rc;

	setlocale(LC_ALL, "");
	case_library_init();
	if ((rc = sql_timeout_set(getenv("CIBSCOPE_SQL_TIMEOUT"),
	    "CIBSCOPE_SQL_TIMEOUT")) != 0)
		return rc;
	/* Global options come before the command or case. */
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			cmd_print_help(stdout);
			return 0;
		}
		if (strcmp(argv[i], "--version") == 0 ||
		    strcmp(argv[i], "-V") == 0) {
			printf("cibscope %s\n", PACKAGE_VERSION);
			return 0;
		}
		if ((v = global_value(argc, argv, &i, "--user")) != NULL)
			audit_set_actor(v);
		else if ((v = global_value(argc, argv, &i, "--theme")) != NULL)
			screen_theme_choose(v);
		else if ((v = global_value(argc, argv, &i, "--trace")) != NULL)
			trace = v;
		else if ((v = global_value(argc, argv, &i, "--sql-timeout")) !=
		    NULL) {
			if ((rc = sql_timeout_set(v, "--sql-timeout")) != 0)
				return rc;
		} else {
			fprintf(stderr, "cibscope: unknown option %s (see "
			    "cibscope --help)\n", argv[i]);
			return 2;
		}
	}
	if (i == argc) {
		cmd_print_help(stderr);
		return 2;
	}
	if ((rc = trace_start(trace, started)) != 0)
		return rc;
	if ((e = cmd_find(argv[i])) != NULL) {
		if (cmd_wants_help(argc - i, argv + i)) {
			cmd_print_command_help(stdout, e);
			return 0;
		}
		optind = 1;
		return e->exec(argc - i, argv + i);
	}
	if (i + 1 == argc && strchr(argv[i], '.') != NULL)
		return cmd_open_case(argv[i]);
	fprintf(stderr, "cibscope: %s: no such command (see cibscope "
	    "--help)\n", argv[i]);
	return 2;
}
