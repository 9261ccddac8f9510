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
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*name = NULL;
	struct case_db	*c;
	char		*cause = NULL;
	int		 ch;

	while ((ch = getopt_long(argc, argv, "n:", opts, NULL)) != -1) {
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

const struct cmd_entry cmd_new_entry = {
	.name = "new",
	.usage = "CASE.db [--name NAME]",
	.summary = "create an empty case",
	.exec = cmd_new_exec,
};
