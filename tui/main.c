/*
 * main.c: the cibscope program. Global options, then either a batch
 * subcommand from the table in cmd.c or a case to open. The clock is read
 * first, for the timing trace's start.
 */
#include "config.h"

#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "cmd.h"
#include "screen.h"
#include "trace.h"
#include "util.h"

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

int
main(int argc, char **argv)
{
	double			 started = clock_now();
	const struct cmd_entry	*e;
	const char		*trace = getenv("CIBSCOPE_TRACE");
	int			 i, rc;

	setlocale(LC_ALL, "");
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
		if (strcmp(argv[i], "--user") == 0 && i + 1 < argc) {
			audit_set_actor(argv[++i]);
			continue;
		}
		if (strncmp(argv[i], "--user=", 7) == 0) {
			audit_set_actor(argv[i] + 7);
			continue;
		}
		if (strcmp(argv[i], "--theme") == 0 && i + 1 < argc) {
			screen_theme_choose(argv[++i]);
			continue;
		}
		if (strncmp(argv[i], "--theme=", 8) == 0) {
			screen_theme_choose(argv[i] + 8);
			continue;
		}
		if (strcmp(argv[i], "--trace") == 0 && i + 1 < argc) {
			trace = argv[++i];
			continue;
		}
		if (strncmp(argv[i], "--trace=", 8) == 0) {
			trace = argv[i] + 8;
			continue;
		}
		fprintf(stderr, "cibscope: unknown option %s (see cibscope "
		    "--help)\n", argv[i]);
		return 2;
	}
	if (i == argc) {
		cmd_print_help(stderr);
		return 2;
	}
	if ((rc = trace_start(trace, started)) != 0)
		return rc;
	if ((e = cmd_find(argv[i])) != NULL) {
		optind = 1;
		return e->exec(argc - i, argv + i);
	}
	if (i + 1 == argc && strchr(argv[i], '.') != NULL)
		return cmd_open_case(argv[i]);
	fprintf(stderr, "cibscope: %s: no such command (see cibscope "
	    "--help)\n", argv[i]);
	return 2;
}
