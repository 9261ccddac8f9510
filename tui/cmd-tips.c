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

static int
cmd_tips_exec(int argc, char **argv)
{
	struct tips_stats	 st;
	struct case_db		*c;
	const char		*name = NULL;
	char			*cause = NULL;
	int			 ch;

	while ((ch = cmd_getopt(argc, argv, &cmd_tips_entry)) != -1) {
		switch (ch) {
		case 'n':
			name = optarg;
			break;
		default:
			return cmd_usage(&cmd_tips_entry);
		}
	}
	if (optind + 3 != argc || strcmp(argv[optind], "import") != 0)
		return cmd_usage(&cmd_tips_entry);
	if ((c = cmd_case_open(argv[optind + 1], 0)) == NULL)
		return 1;
	if (tips_import(c, argv[optind + 2], name, &st, &cause) != 0) {
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
	    "file gives." },
	{ NULL, 0, NULL, NULL }
};

const struct cmd_entry cmd_tips_entry = {
	.name = "tips",
	.usage = "import CASE.db FILE [--name NAME]",
	.summary = "load a partner's tip (STIX 2.1 bundle or MISP event)",
	.exec = cmd_tips_exec,
	.options = cmd_tips_options,
	.example = "cibscope tips import case.db partner-bundle.json",
};
