/*
 * cmd-indicators.c: `cibscope indicators import CASE.db FILE [--network
 * NAME]` loads a published indicator list into a case and reports what it
 * found, kind by kind.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "cmd.h"
#include "indicators.h"


static void
indicators_warn(void *arg, const char *msg)
{
	(void)arg;
	cmd_error("%s", msg);
}

static int
cmd_indicators_exec(int argc, char **argv)
{
	struct indicators_stats	 st;
	struct case_db		*c;
	const char		*network = NULL, *file;
	char			*cause = NULL;
	int			 ch, i, n;

	while ((ch = cmd_getopt(argc, argv, &cmd_indicators_entry)) != -1) {
		switch (ch) {
		case 'n':
			network = optarg;
			break;
		default:
			return cmd_usage(&cmd_indicators_entry);
		}
	}
	if (optind + 3 != argc || strcmp(argv[optind], "import") != 0)
		return cmd_usage(&cmd_indicators_entry);
	file = argv[optind + 2];
	if ((c = cmd_case_open(argv[optind + 1], 0)) == NULL)
		return 1;
	if (indicators_import(c, file, network, indicators_warn, NULL, &st,
	    &cause) != 0) {
		cmd_error("%s", cause);
		free(cause);
		case_close(c);
		return 1;
	}
	case_close(c);

	printf("%s: %lld indicators added to network \"%s\"", file,
	    (long long)st.added, st.network);
	for (i = 0, n = 0; i < IND_NKINDS; i++) {
		if (st.by_kind[i] == 0)
			continue;
		printf("%s%s %lld", n++ == 0 ? " (" : ", ",
		    indicator_kind_name((enum indicator_kind)i),
		    (long long)st.by_kind[i]);
	}
	if (n > 0)
		putchar(')');
	if (st.duplicates > 0)
		printf(", %lld duplicates", (long long)st.duplicates);
	if (st.skipped > 0)
		printf(", %lld bad rows skipped", (long long)st.skipped);
	putchar('\n');
	return 0;
}

static const struct cmd_option cmd_indicators_options[] = {
	{ "network", 'n', "NAME",
	    "Tie the loaded indicators to this saved network." },
	{ NULL, 0, NULL, NULL }
};

const struct cmd_entry cmd_indicators_entry = {
	.name = "indicators",
	.usage = "import CASE.db FILE [--network NAME]",
	.summary = "load a published indicator list (Meta's CIB reports)",
	.exec = cmd_indicators_exec,
	.options = cmd_indicators_options,
	.example = "cibscope indicators import case.db meta-q1-2024.csv "
	    "--network voip-farm",
};
