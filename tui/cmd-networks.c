/*
 * cmd-networks.c: `cibscope networks CASE.db detect [--on KINDS]
 * [--max-share N] [--min-size N] [--format table|csv|json]`: candidate
 * networks, as connected components over shared infrastructure.
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "cmd.h"
#include "detect.h"

static int
networks_detect(const char *path, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "on", required_argument, NULL, 'o' },
		{ "max-share", required_argument, NULL, 'm' },
		{ "min-size", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	struct detect_opts	 o;
	struct detect_result	*r = NULL;
	struct case_db		*c = NULL;
	const char		**kinds = NULL;
	char			*on = NULL, *tok, *save, *cause = NULL;
	enum detect_format	 format = DETECT_TABLE;
	int			 ch, status = 1;

	memset(&o, 0, sizeof o);
	while ((ch = getopt_long(argc, argv, "o:m:s:f:", opts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			free(on);
			on = xstrdup(optarg);
			break;
		case 'm':
			if (!parse_int64(optarg, &o.max_share) ||
			    o.max_share < 2) {
				cmd_error("--max-share %s: a number of at "
				    "least 2", optarg);
				status = 2;
				goto out;
			}
			break;
		case 's':
			if (!parse_int64(optarg, &o.min_size) ||
			    o.min_size < 2) {
				cmd_error("--min-size %s: a number of at "
				    "least 2", optarg);
				status = 2;
				goto out;
			}
			break;
		case 'f':
			if (strcmp(optarg, "table") == 0)
				format = DETECT_TABLE;
			else if (strcmp(optarg, "csv") == 0)
				format = DETECT_CSV;
			else if (strcmp(optarg, "json") == 0)
				format = DETECT_JSON;
			else {
				cmd_error("--format %s: use table, csv or json",
				    optarg);
				status = 2;
				goto out;
			}
			break;
		default:
			status = cmd_usage(&cmd_networks_entry);
			goto out;
		}
	}
	if (optind != argc) {
		status = cmd_usage(&cmd_networks_entry);
		goto out;
	}
	if (on != NULL) {
		for (tok = strtok_r(on, ",", &save); tok != NULL;
		    tok = strtok_r(NULL, ",", &save)) {
			kinds = xreallocarray(kinds, o.nkinds + 1,
			    sizeof *kinds);
			kinds[o.nkinds++] = tok;
		}
		o.kinds = kinds;
	}
	if ((c = cmd_case_open(path, CASE_OPEN_READONLY)) == NULL)
		goto out;
	if (detect_run(c, &o, &r, &cause) != 0) {
		cmd_error("%s", cause);
		goto out;
	}
	status = detect_print(stdout, r, format) == 0 ? 0 : 1;
out:
	detect_result_free(r);
	case_close(c);
	free(cause);
	free(kinds);
	free(on);
	return status;
}

static int
cmd_networks_exec(int argc, char **argv)
{
	if (argc < 3)
		return cmd_usage(&cmd_networks_entry);
	if (strcmp(argv[2], "detect") == 0)
		return networks_detect(argv[1], argc - 2, argv + 2);
	cmd_error("networks %s: unknown action (use detect)", argv[2]);
	return 2;
}

const struct cmd_entry cmd_networks_entry = {
	.name = "networks",
	.usage = "CASE.db detect [--on KIND[,KIND]...] [--max-share N] "
	    "[--min-size N] [--format table|csv|json]",
	.summary = "find candidate networks tied by shared infrastructure",
	.exec = cmd_networks_exec,
};
