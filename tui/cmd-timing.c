/*
 * cmd-timing.c: `cibscope timing CASE.db created|hours [--by day|hour]
 * [--tz ZONE] [--network NAME] [--format text|csv|json]`: when accounts
 * were made, and at which hours of the week they post.
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "cmd.h"
#include "timing.h"

static int
cmd_timing_exec(int argc, char **argv)
{
	struct timing_hist_opts	 o;
	struct timing_tz	 tz;
	struct timing_hist	*h = NULL;
	struct timing_heatmap	*m = NULL;
	struct case_db		*c;
	enum timing_format	 format = TIMING_FORMAT_TEXT;
	const char		*zone = "UTC", *what;
	char			*cause = NULL;
	int			 ch, status = 1;

	memset(&o, 0, sizeof o);
	o.unit = TIMING_DAY;
	while ((ch = cmd_getopt(argc, argv, &cmd_timing_entry)) != -1) {
		switch (ch) {
		case 'b':
			if (strcmp(optarg, "day") == 0)
				o.unit = TIMING_DAY;
			else if (strcmp(optarg, "hour") == 0)
				o.unit = TIMING_HOUR;
			else {
				cmd_error("--by %s: use day or hour", optarg);
				return 2;
			}
			break;
		case 'z':
			zone = optarg;
			break;
		case 'n':
			o.scope.network = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "text") == 0)
				format = TIMING_FORMAT_TEXT;
			else if (strcmp(optarg, "csv") == 0)
				format = TIMING_FORMAT_CSV;
			else if (strcmp(optarg, "json") == 0)
				format = TIMING_FORMAT_JSON;
			else {
				cmd_error("--format %s: use text, csv or json",
				    optarg);
				return 2;
			}
			break;
		default:
			return cmd_usage(&cmd_timing_entry);
		}
	}
	if (optind + 2 != argc)
		return cmd_usage(&cmd_timing_entry);
	what = argv[optind + 1];
	if (strcmp(what, "created") != 0 && strcmp(what, "hours") != 0)
		return cmd_usage(&cmd_timing_entry);
	if (!timing_tz_parse(zone, &tz, &cause)) {
		cmd_error("--tz %s: %s", zone, cause);
		free(cause);
		return 2;
	}
	if ((c = cmd_case_open(argv[optind], CASE_OPEN_READONLY)) == NULL)
		return 1;
	if (strcmp(what, "created") == 0) {
		if (timing_hist(c, &o, &h, &cause) == 0)
			status = timing_print_hist(stdout, h, format) == 0 ?
			    0 : 1;
	} else if (timing_heatmap(c, &o.scope, &tz, &m, &cause) == 0)
		status = timing_print_heatmap(stdout, m, format) == 0 ? 0 : 1;
	if (cause != NULL) {
		cmd_error("%s", cause);
		free(cause);
	}
	timing_hist_free(h);
	timing_heatmap_free(m);
	case_close(c);
	return status;
}

static const struct cmd_option cmd_timing_options[] = {
	{ "by", 'b', "day|hour",
	    "The histogram's bucket, for created." },
	{ "tz", 'z', "ZONE",
	    "The time zone of the hour heatmap, such as Europe/Moscow." },
	{ "network", 'n', "NAME",
	    "Only the members of this saved network." },
	{ "format", 'f', "text|csv|json",
	    "How to print the result (default text)." },
	{ NULL, 0, NULL, NULL }
};

const struct cmd_entry cmd_timing_entry = {
	.name = "timing",
	.usage = "CASE.db created|hours [--by day|hour] [--tz ZONE] "
	    "[--network NAME] [--format text|csv|json]",
	.summary = "creation-date histogram or posting-hour heatmap",
	.exec = cmd_timing_exec,
	.options = cmd_timing_options,
	.example = "cibscope timing case.db hours --tz Asia/Tehran --network "
	    "voip-farm",
};
