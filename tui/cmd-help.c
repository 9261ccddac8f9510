/*
 * cmd-help.c: `cibscope help [COMMAND]`: the general help, or the same
 * text as `cibscope COMMAND --help`; `cibscope help --man` prints the man
 * page's command reference, made from the same table.
 */
#include "config.h"

#include "cmd.h"

#include <getopt.h>
#include <stdbool.h>

static int
cmd_help_exec(int argc, char **argv)
{
	const struct cmd_entry	*e;
	bool			 man = false;
	int			 ch;

	while ((ch = cmd_getopt(argc, argv, &cmd_help_entry)) != -1) {
		if (ch != CMD_LONG('m'))
			return cmd_usage(&cmd_help_entry);
		man = true;
	}
	argc -= optind;
	argv += optind;
	if (man && argc == 0) {
		cmd_print_man(stdout);
		return 0;
	}
	if (man || argc > 1)
		return cmd_usage(&cmd_help_entry);
	if (argc == 0) {
		cmd_print_help(stdout);
		return 0;
	}
	if ((e = cmd_find(argv[0])) == NULL) {
		cmd_error("help %s: no such command (see cibscope --help)",
		    argv[0]);
		return 2;
	}
	cmd_print_command_help(stdout, e);
	return 0;
}

static const struct cmd_option cmd_help_options[] = {
	{ "man", CMD_LONG('m'), NULL,
	    "Print every command's synopsis, options, example and exit "
	    "status as roff, the command reference of cibscope(1)." },
	{ NULL, 0, NULL, NULL }
};

const struct cmd_entry cmd_help_entry = {
	.name = "help",
	.usage = "[COMMAND | --man]",
	.summary = "the help of one command: options, an example, exit status",
	.exec = cmd_help_exec,
	.options = cmd_help_options,
	.example = "cibscope help pivot\ncibscope help --man",
	.exit_status = "0 when the help is printed, 2 for an unknown command.",
};
