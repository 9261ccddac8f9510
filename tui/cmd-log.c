/*
 * cmd-log.c: `cibscope log CASE.db [--since DATE] [--action A] [--format
 * table|json]` prints the case's audit trail: who did what, when, to
 * which target, with the detail (the canonical query, counts). Every text
 * read from the case goes through the display sanitizer.
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "cmd.h"
#include "merge.h"
#include "replay.h"
#include "sanitize.h"

/* Width of the detail column in the table. */
#define LOG_DETAIL_COLS	100

struct log_out {
	bool	json;
	int64_t	n;
};

static void
put_clean(const char *s, int flags, size_t cols)
{
	struct buf	b = BUF_INIT;

	if (s == NULL)
		s = "-";
	if (cols > 0)
		sanitize_fit(s, strlen(s), flags, cols, &b);
	else
		sanitize(s, strlen(s), flags, &b);
	fputs(b.data != NULL ? b.data : "", stdout);
	buf_free(&b);
}

static void
put_json_string(const char *s)
{
	struct buf	b = BUF_INIT, j = BUF_INIT;

	if (s == NULL) {
		fputs("null", stdout);
		return;
	}
	sanitize(s, strlen(s), 0, &b);
	buf_add_json(&j, b.data != NULL ? b.data : "");
	fputs(j.data, stdout);
	buf_free(&b);
	buf_free(&j);
}

static void
log_row(void *arg, const struct replay_log_row *r)
{
	struct log_out	*lo = arg;

	if (lo->json) {
		printf("%s{\"seq\":%lld,\"at\":", lo->n++ > 0 ? ",\n" : "",
		    (long long)r->seq);
		put_json_string(r->at);
		fputs(",\"actor\":", stdout);
		put_json_string(r->actor);
		fputs(",\"action\":", stdout);
		put_json_string(r->action);
		fputs(",\"target\":", stdout);
		put_json_string(r->target);
		fputs(",\"detail\":", stdout);
		if (r->detail != NULL && r->detail_json)
			put_clean(r->detail, SANITIZE_ONELINE, 0);
		else
			put_json_string(r->detail);
		fputc('}', stdout);
		return;
	}
	printf("%6lld  ", (long long)r->seq);
	put_clean(r->at, SANITIZE_ONELINE | SANITIZE_PAD, 20);
	fputs("  ", stdout);
	put_clean(r->actor, SANITIZE_ONELINE | SANITIZE_PAD, 20);
	fputs("  ", stdout);
	put_clean(r->action, SANITIZE_ONELINE | SANITIZE_PAD, 16);
	fputs("  ", stdout);
	put_clean(r->target, SANITIZE_ONELINE | SANITIZE_PAD, 24);
	fputs("  ", stdout);
	put_clean(r->detail, SANITIZE_ONELINE, LOG_DETAIL_COLS);
	fputc('\n', stdout);
	lo->n++;
}

/* A row of a chain merged from another case: which case, then the row. */
static void
log_merged_row(void *arg, int64_t chain, const char *case_name,
    const struct replay_log_row *r)
{
	struct log_out	*lo = arg;

	if (lo->json) {
		printf("%s{\"chain\":%lld,\"case\":", lo->n++ > 0 ? ",\n" : "",
		    (long long)chain);
		put_json_string(case_name);
		fputs(",\"row\":", stdout);
		lo->n = 0;
		log_row(lo, r);
		fputc('}', stdout);
		return;
	}
	printf("%5lld ", (long long)chain);
	put_clean(case_name, SANITIZE_ONELINE | SANITIZE_PAD, 16);
	fputs("  ", stdout);
	log_row(lo, r);
}

static int
cmd_log_exec(int argc, char **argv)
{
	struct log_out	 lo = { false, 0 };
	struct case_db	*c;
	const char	*since = NULL, *action = NULL;
	char		*cause = NULL;
	int64_t		 n;
	bool		 merged = false;
	int		 ch;

	while ((ch = cmd_getopt(argc, argv, &cmd_log_entry)) != -1) {
		switch (ch) {
		case 's':
			since = optarg;
			break;
		case 'a':
			action = optarg;
			break;
		case 'm':
			merged = true;
			break;
		case 'f':
			if (strcmp(optarg, "json") == 0)
				lo.json = true;
			else if (strcmp(optarg, "table") == 0)
				lo.json = false;
			else {
				cmd_error("--format %s: use table or json",
				    optarg);
				return 2;
			}
			break;
		default:
			return cmd_usage(&cmd_log_entry);
		}
	}
	if (optind + 1 != argc)
		return cmd_usage(&cmd_log_entry);
	if ((c = cmd_case_open(argv[optind], CASE_OPEN_READONLY)) == NULL)
		return 1;
	if (lo.json)
		fputc('[', stdout);
	else
		printf("%s%6s  %-20s  %-20s  %-16s  %-24s  %s\n", merged ?
		    "CHAIN CASE              " : "", "SEQ", "AT", "ACTOR",
		    "ACTION", "TARGET", "DETAIL");
	if (merged)
		n = merge_log_each(c, since, action, log_merged_row, &lo,
		    &cause);
	else
		n = replay_log_each(c, since, action, log_row, &lo, &cause);
	if (lo.json)
		fputs("]\n", stdout);
	case_close(c);
	if (n < 0) {
		cmd_error("%s", cause);
		free(cause);
		return 1;
	}
	return 0;
}

static const struct cmd_option cmd_log_options[] = {
	{ "since", 's', "DATE",
	    "Only entries from this date on." },
	{ "action", 'a', "ACTION",
	    "Only entries of this action, such as import, query or tag." },
	{ "format", 'f', "table|json",
	    "How to print the trail (default table)." },
	{ "from-merged", 'm', NULL,
	    "Print the audit chains merged from other cases (cibscope merge) "
	    "instead, each row with its chain and case name." },
	{ NULL, 0, NULL, NULL }
};

const struct cmd_entry cmd_log_entry = {
	.name = "log",
	.usage = "CASE.db [--since DATE] [--action ACTION] "
	    "[--format table|json] [--from-merged]",
	.summary = "the audit trail: who did what, and when",
	.exec = cmd_log_exec,
	.options = cmd_log_options,
	.example = "cibscope log case.db --action tag --since 2024-05-01",
};
