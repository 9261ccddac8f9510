/*
 * cmd-new.c: `cibscope new CASE.db [--name NAME]` creates an empty case.
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>

#include "case.h"
#include "cmd.h"

static int
cmd_new_exec(int argc, char **argv)
{
	const char	*name = NULL;
	struct case_db	*c;
	char		*cause = NULL;
	int		 ch;

	while ((ch = cmd_getopt(argc, argv, &cmd_new_entry)) != -1) {
		if (ch == 'n')
			name = optarg;
		else
			return cmd_usage(&cmd_new_entry);
	}
	if (optind + 1 != argc)
		return cmd_usage(&cmd_new_entry);
	if ((c = case_create(argv[optind], name, &cause)) == NULL) {
		cmd_error("%s", cause);
		free(cause);
		return 1;
	}
	printf("created case %s (schema version %d)\n", c->path, c->version);
	case_close(c);
	return 0;
}

static const struct cmd_option cmd_new_options[] = {
	{ "name", 'n', "NAME",
	    "The case's name, shown on the screen and in exports (default: the "
	    "file name)." },
	{ NULL, 0, NULL, NULL }
};

const struct cmd_entry cmd_new_entry = {
	.name = "new",
	.usage = "CASE.db [--name NAME]",
	.summary = "create an empty case",
	.exec = cmd_new_exec,
	.options = cmd_new_options,
	.example = "cibscope new case.db --name \"election-2024\"",
};
