/*
 * cmd-export.c: `cibscope export CASE.db NETWORK --format F [-o FILE]
 * [--team NAME] [--misp-galaxy FILE]` writes a saved network for partner
 * teams: csv, json, gexf, graphml, dot, stix, misp or markdown.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "case.h"
#include "cmd.h"
#include "export.h"

static int
cmd_export_exec(int argc, char **argv)
{
	struct export_opts	 o;
	struct case_db		*c;
	const char		*out = NULL;
	char			*cause = NULL, *tmp = NULL;
	FILE			*fp = stdout;
	int			 ch, format = -1, status = 0;

	memset(&o, 0, sizeof o);
	while ((ch = cmd_getopt(argc, argv, &cmd_export_entry)) != -1) {
		switch (ch) {
		case 'f':
			if ((format = export_format_parse(optarg)) < 0) {
				cmd_error("--format %s: use one of %s", optarg,
				    export_format_list());
				return 2;
			}
			break;
		case 'o':
			out = optarg;
			break;
		case 't':
			o.team = optarg;
			break;
		case 'g':
			o.misp_galaxy = optarg;
			break;
		default:
			return cmd_usage(&cmd_export_entry);
		}
	}
	if (optind + 2 != argc || format < 0)
		return cmd_usage(&cmd_export_entry);
	if ((c = cmd_case_open(argv[optind], 0)) == NULL)
		return 1;
	if (out != NULL && strcmp(out, "-") != 0) {
		/* Write beside the target and rename: never half a file. */
		tmp = xasprintf("%s.tmp.%ld", out, (long)getpid());
		if ((fp = fopen(tmp, "w")) == NULL) {
			cmd_error("%s: %s", out, strerror(errno));
			free(tmp);
			case_close(c);
			return 1;
		}
	}
	if (export_network(c, argv[optind + 1], (enum export_format)format,
	    &o, fp, &cause) != 0) {
		cmd_error("%s", cause);
		free(cause);
		status = 1;
	}
	if (tmp != NULL) {
		if (fclose(fp) != 0 && status == 0) {
			cmd_error("%s: %s", out, strerror(errno));
			status = 1;
		}
		if (status == 0 && rename(tmp, out) != 0) {
			cmd_error("%s: %s", out, strerror(errno));
			status = 1;
		}
		if (status != 0)
			unlink(tmp);
		free(tmp);
	}
	case_close(c);
	return status;
}

static const struct cmd_option cmd_export_options[] = {
	{ "format", 'f', "F",
	    "The format: csv, json, gexf, graphml, dot, stix, misp or markdown; "
	    "required." },
	{ "output", 'o', "FILE",
	    "Write to FILE instead of standard output." },
	{ "team", 't', "NAME",
	    "The team named as the author in STIX, MISP and report exports." },
	{ "misp-galaxy", 'g', "FILE",
	    "MISP's DISARM techniques cluster file "
	    "(clusters_disarm-techniques.json): "
	    "MISP tags then carry each technique's cluster value, as MISP "
	    "writes them." },
	{ NULL, 0, NULL, NULL }
};

const struct cmd_entry cmd_export_entry = {
	.name = "export",
	.usage = "CASE.db NETWORK --format csv|json|gexf|graphml|dot|stix|"
	    "misp|markdown [-o FILE] [--team NAME] [--misp-galaxy FILE]",
	.summary = "write a network for partners (STIX, MISP, Gephi, report)",
	.exec = cmd_export_exec,
	.options = cmd_export_options,
	.example = "cibscope export case.db voip-farm --format stix -o "
	    "voip-farm.json",
};
