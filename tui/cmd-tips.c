/*
 * cmd-tips.c: `cibscope tips import CASE.db FILE [--name NAME]` loads a
 * partner's STIX bundle or MISP event (tips.h) and reports what it held;
 * `cibscope tips match CASE.db [--tip NAME]` lists the case's accounts
 * that hit a tip's indicators, through the shipped saved query
 * matches-tip.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "cmd.h"
#include "query.h"
#include "query_path.h"
#include "result.h"
#include "tips.h"

static int
tips_import_print(const char *file, const struct tips_stats *st)
{
	struct buf	b = BUF_INIT;
	int		i, n;

	cmd_printf("%s: %s tip \"%s\" (%s)\n", file,
	    st->format == TIPS_STIX ? "STIX" : "MISP", st->name, st->source);
	buf_printf(&b, "  %lld objects read, %lld indicator values, %lld"
	    " added", (long long)st->objects, (long long)st->values,
	    (long long)st->added);
	for (i = 0, n = 0; i < TIPS_NKINDS; i++) {
		if (st->by_kind[i] == 0)
			continue;
		buf_printf(&b, "%s%s %lld", n++ == 0 ? " (" : ", ",
		    tips_kinds[i], (long long)st->by_kind[i]);
	}
	if (n > 0)
		buf_addc(&b, ')');
	if (st->duplicates > 0)
		buf_printf(&b, ", %lld duplicates", (long long)st->duplicates);
	printf("%s\n", b.data);
	buf_free(&b);
	if (st->unusable > 0)
		printf("  %lld patterns not usable (first: object %lld)\n",
		    (long long)st->unusable, (long long)st->first_unusable);
	if (st->ignored > 0)
		printf("  %lld objects of other types ignored\n",
		    (long long)st->ignored);
	printf("  %lld accounts named, %lld found in the case, %lld new"
	    " members of network \"", (long long)st->accounts,
	    (long long)st->matched, (long long)st->members);
	cmd_printf("%s\"\n", st->name);
	cmd_printf("  %lld techniques%s%s\n", (long long)st->techniques,
	    st->ttps[0] != '\0' ? ": " : "", st->ttps);
	if (st->unmapped > 0)
		printf("  %lld technique names not in the case's vocabulary\n",
		    (long long)st->unmapped);
	return 0;
}

/*
 * `tips match`: the shipped query matches-tip, so that what the command
 * prints is what the screen's query picker and `tag --query` give.
 */
static int
tips_match(const char *path, const char *tip, int format)
{
	static const char *const names[] = { "tip" };
	const char		*values[1];
	struct query_args	 a;
	struct case_db		*c;
	struct query		*q;
	char			*cause = NULL;
	int			 status;

	if ((c = cmd_case_open(path, 0)) == NULL)
		return 1;
	if ((q = query_path_load("matches-tip", NULL, 0, &cause)) == NULL) {
		cmd_error("%s", cause);
		free(cause);
		case_close(c);
		return 1;
	}
	values[0] = tip != NULL ? tip : "";
	memset(&a, 0, sizeof a);
	a.names = names;
	a.values = values;
	a.nparams = 1;
	status = cmd_query_print(c, q, &a, format, "tips-match");
	query_free(q);
	case_close(c);
	return status;
}

static int
cmd_tips_exec(int argc, char **argv)
{
	struct tips_stats	 st;
	struct case_db		*c;
	const char		*name = NULL, *tip = NULL, *galaxy = NULL;
	char			*cause = NULL;
	int			 ch, format = RESULT_TABLE;

	while ((ch = cmd_getopt(argc, argv, &cmd_tips_entry)) != -1) {
		switch (ch) {
		case 'n':
			name = optarg;
			break;
		case 't':
			tip = optarg;
			break;
		case 'g':
			galaxy = optarg;
			break;
		case 'f':
			if ((format = result_format_parse(optarg)) < 0) {
				cmd_error("--format %s: use table, csv or json",
				    optarg);
				return 2;
			}
			break;
		default:
			return cmd_usage(&cmd_tips_entry);
		}
	}
	if (optind + 2 == argc && strcmp(argv[optind], "match") == 0 &&
	    name == NULL && galaxy == NULL)
		return tips_match(argv[optind + 1], tip, format);
	if (optind + 3 != argc || strcmp(argv[optind], "import") != 0 ||
	    tip != NULL)
		return cmd_usage(&cmd_tips_entry);
	if ((c = cmd_case_open(argv[optind + 1], 0)) == NULL)
		return 1;
	if (tips_import(c, argv[optind + 2], name, galaxy, &st,
	    &cause) != 0) {
		cmd_error("%s", cause);
		free(cause);
		case_close(c);
		return 1;
	}
	case_close(c);
	return tips_import_print(argv[optind + 2], &st);
}

static const struct cmd_option cmd_tips_options[] = {
	{ "name", 'n', "NAME",
	    "Name the tip (and its network) NAME instead of the name the "
	    "file gives (import)." },
	{ "misp-galaxy", 'g', "FILE",
	    "MISP's DISARM techniques cluster file "
	    "(clusters_disarm-techniques.json): map MISP galaxy tags to "
	    "technique ids with it (import)." },
	{ "tip", 't', "NAME",
	    "Only the hits of this tip (match); all tips by default." },
	{ "format", 'f', "F",
	    "The format of the hits: table, csv or json (match)." },
	{ NULL, 0, NULL, NULL }
};

const struct cmd_entry cmd_tips_entry = {
	.name = "tips",
	.usage = "import CASE.db FILE [--name NAME] [--misp-galaxy FILE] | "
	    "match CASE.db "
	    "[--tip NAME] [--format table|csv|json]",
	.summary = "load a partner's tip (STIX 2.1 bundle or MISP event) and "
	    "match it",
	.exec = cmd_tips_exec,
	.options = cmd_tips_options,
	.example = "cibscope tips import case.db partner-bundle.json\n"
	    "cibscope tips match case.db --tip \"Operation Omega\"",
};
