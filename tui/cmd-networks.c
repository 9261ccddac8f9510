/*
 * cmd-networks.c: `cibscope networks CASE.db ACTION`: detect candidate
 * networks (connected components over shared infrastructure), and list,
 * show, rename, relabel, remove members from, merge, remove the saved
 * ones, or ask why an account is in one. Every change is one transaction
 * with its audit row (network.h).
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "account.h"
#include "case.h"
#include "cmd.h"
#include "detect.h"
#include "network.h"
#include "sanitize.h"

static int
networks_detect(const char *path, int argc, char **argv)
{
	struct detect_opts	 o;
	struct detect_result	*r = NULL;
	struct case_db		*c = NULL;
	const char		**kinds = NULL;
	char			*on = NULL, *tok, *save, *cause = NULL;
	enum detect_format	 format = DETECT_TABLE;
	int			 ch, status = 1;

	memset(&o, 0, sizeof o);
	while ((ch = cmd_getopt(argc, argv, &cmd_networks_entry)) != -1) {
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

/* Case text on one line, made safe to print. */
static void
put_text(FILE *fp, const char *s, size_t width)
{
	struct buf	b = BUF_INIT;

	if (s == NULL)
		s = "-";
	if (width > 0)
		sanitize_fit(s, strlen(s), SANITIZE_ONELINE | SANITIZE_PAD,
		    width, &b);
	else
		sanitize(s, strlen(s), SANITIZE_ONELINE, &b);
	fputs(b.data != NULL ? b.data : "", fp);
	buf_free(&b);
}

/* A JSON string of sanitized case text. */
static void
put_json(FILE *fp, const char *s)
{
	struct buf	b = BUF_INIT, j = BUF_INIT;

	if (s == NULL) {
		fputs("null", fp);
		return;
	}
	sanitize(s, strlen(s), 0, &b);
	buf_add_json(&j, b.data != NULL ? b.data : "");
	fputs(j.data, fp);
	buf_free(&b);
	buf_free(&j);
}

enum nformat {
	NFORMAT_TABLE,
	NFORMAT_JSON,
};

/* Take --format table|json out of argv; -1 on a bad value. */
static int
take_format(int *argc, char **argv, enum nformat *f)
{
	int	i, j;

	*f = NFORMAT_TABLE;
	for (i = 0; i < *argc; i++) {
		const char *v = NULL;
		int skip = 1;

		if (strcmp(argv[i], "--format") == 0 && i + 1 < *argc) {
			v = argv[i + 1];
			skip = 2;
		} else if (strncmp(argv[i], "--format=", 9) == 0)
			v = argv[i] + 9;
		else
			continue;
		if (strcmp(v, "table") == 0)
			*f = NFORMAT_TABLE;
		else if (strcmp(v, "json") == 0)
			*f = NFORMAT_JSON;
		else {
			cmd_error("--format %s: use table or json", v);
			return -1;
		}
		for (j = i; j + skip <= *argc; j++)
			argv[j] = argv[j + skip];
		*argc -= skip;
		i--;
	}
	return 0;
}

static void
json_row(FILE *fp, const struct network_row *r)
{
	fputs("{\"name\":", fp);
	put_json(fp, r->name);
	fputs(",\"label\":", fp);
	put_json(fp, r->label);
	fputs(",\"origin\":", fp);
	put_json(fp, r->origin);
	fputs(",\"target\":", fp);
	put_json(fp, r->target);
	fputs(",\"ttps\":", fp);
	put_json(fp, r->ttps);
	fputs(",\"notes\":", fp);
	put_json(fp, r->notes);
	fputs(",\"created_at\":", fp);
	put_json(fp, r->created_at);
	fputs(",\"created_by\":", fp);
	put_json(fp, r->created_by);
	if (r->updated_at != NULL) {
		fputs(",\"updated_at\":", fp);
		put_json(fp, r->updated_at);
	}
	fprintf(fp, ",\"members\":%lld", (long long)r->members);
}

static int
networks_list(struct case_db *c, enum nformat f)
{
	struct network_row	*v;
	size_t			 n, i;
	char			*cause = NULL;

	if (network_list(c, &v, &n, &cause) != 0) {
		cmd_error("%s", cause);
		free(cause);
		return 1;
	}
	if (f == NFORMAT_JSON) {
		fputc('[', stdout);
		for (i = 0; i < n; i++) {
			if (i > 0)
				fputc(',', stdout);
			json_row(stdout, &v[i]);
			fputc('}', stdout);
		}
		fputs("]\n", stdout);
	} else {
		printf("%-28s %-9s %7s  %-6s %-10s %-16s %s\n", "NETWORK",
		    "LABEL", "MEMBERS", "ORIGIN", "TARGET", "TECHNIQUES",
		    "CREATED");
		for (i = 0; i < n; i++) {
			put_text(stdout, v[i].name, 28);
			printf(" %-9s %7lld  ", v[i].label,
			    (long long)v[i].members);
			put_text(stdout, v[i].origin, 6);
			fputc(' ', stdout);
			put_text(stdout, v[i].target, 10);
			fputc(' ', stdout);
			put_text(stdout, v[i].ttps, 16);
			fputc(' ', stdout);
			put_text(stdout, v[i].created_at, 0);
			fputs(" by ", stdout);
			put_text(stdout, v[i].created_by, 0);
			fputc('\n', stdout);
		}
		printf("%zu network%s\n", n, n == 1 ? "" : "s");
	}
	network_list_free(v, n);
	return 0;
}

struct show {
	enum nformat	f;
	int64_t		n;
};

static void
show_member(void *arg, const struct network_member_row *m)
{
	struct show	*s = arg;

	if (s->f == NFORMAT_JSON) {
		printf("%s{\"account_id\":%lld,\"platform\":", s->n++ > 0 ?
		    "," : "", (long long)m->account_id);
		put_json(stdout, m->platform);
		fputs(",\"native_id\":", stdout);
		put_json(stdout, m->native_id);
		fputs(",\"handle\":", stdout);
		put_json(stdout, m->handle);
		fputs(",\"added_at\":", stdout);
		put_json(stdout, m->added_at);
		fputs(",\"added_by\":", stdout);
		put_json(stdout, m->added_by);
		printf(",\"evidence\":%s}", m->evidence != NULL ?
		    m->evidence : "[]");
		return;
	}
	printf("%8lld  ", (long long)m->account_id);
	put_text(stdout, m->platform, 9);
	fputc(' ', stdout);
	put_text(stdout, m->native_id, 20);
	fputc(' ', stdout);
	put_text(stdout, m->handle, 24);
	fputc(' ', stdout);
	put_text(stdout, m->added_at, 0);
	fputc(' ', stdout);
	put_text(stdout, m->added_by, 12);
	fputc(' ', stdout);
	put_text(stdout, m->via, 0);
	fputc('\n', stdout);
}

static int
networks_show(struct case_db *c, const char *name, enum nformat f)
{
	struct network_row	*r;
	struct show		 s = { f, 0 };
	char			*cause = NULL;

	if (network_get(c, name, &r, &cause) != 0) {
		cmd_error("%s", cause);
		free(cause);
		return 1;
	}
	if (f == NFORMAT_JSON) {
		json_row(stdout, r);
		fputs(",\"accounts\":[", stdout);
	} else {
		fputs("network:    ", stdout);
		put_text(stdout, r->name, 0);
		printf("\nlabel:      %s\n", r->label);
		fputs("origin:     ", stdout);
		put_text(stdout, r->origin, 0);
		fputs("\ntarget:     ", stdout);
		put_text(stdout, r->target, 0);
		fputs("\ntechniques: ", stdout);
		put_text(stdout, r->ttps, 0);
		fputs("\nnote:       ", stdout);
		put_text(stdout, r->notes, 0);
		fputs("\ncreated:    ", stdout);
		put_text(stdout, r->created_at, 0);
		fputs(" by ", stdout);
		put_text(stdout, r->created_by, 0);
		fputs("\nupdated:    ", stdout);
		put_text(stdout, r->updated_at, 0);
		printf("\nmembers:    %lld\n\n", (long long)r->members);
		printf("%8s  %-9s %-20s %-24s %-20s %-12s %s\n", "ID",
		    "PLATFORM", "NATIVE ID", "HANDLE", "ADDED", "BY", "VIA");
	}
	if (network_members_each(c, name, show_member, &s, &cause) < 0) {
		if (f == NFORMAT_JSON)
			fputs("]}\n", stdout);
		cmd_error("%s", cause);
		free(cause);
		network_list_free(r, 1);
		return 1;
	}
	if (f == NFORMAT_JSON)
		fputs("]}\n", stdout);
	network_list_free(r, 1);
	return 0;
}

static int
networks_why(struct case_db *c, const char *name, const char *ref,
    enum nformat f)
{
	char	*cause = NULL, *text;
	int64_t	 id;

	if (account_resolve(c, ref, &id, &cause) != 0) {
		cmd_error("%s", cause);
		free(cause);
		return 1;
	}
	text = f == NFORMAT_JSON ? network_evidence(c, name, id, &cause) :
	    network_why(c, name, id, &cause);
	if (text == NULL) {
		cmd_error("%s", cause);
		free(cause);
		return 1;
	}
	fputs(text, stdout);
	if (f == NFORMAT_JSON)
		fputc('\n', stdout);
	free(text);
	return 0;
}

static int
networks_remove_members(struct case_db *c, const char *name, int argc,
    char **argv)
{
	int64_t	*ids, removed = 0;
	char	*cause = NULL;
	int	 i;

	ids = xcalloc((size_t)argc + 1, sizeof *ids);
	for (i = 0; i < argc; i++) {
		if (account_resolve(c, argv[i], &ids[i], &cause) != 0)
			goto fail;
	}
	if (network_remove_members(c, name, ids, (size_t)argc, &removed,
	    &cause) != 0)
		goto fail;
	printf("removed %lld of %d account%s from the network\n",
	    (long long)removed, argc, argc == 1 ? "" : "s");
	free(ids);
	return 0;
fail:
	cmd_error("%s", cause);
	free(cause);
	free(ids);
	return 1;
}

/* Actions on saved networks: name, arguments wanted, writes the case. */
static const struct {
	const char	*name;
	int		 min, max;	/* arguments after the action */
	bool		 writes;
} actions[] = {
	{ "list", 0, 0, false },
	{ "show", 1, 1, false },
	{ "why", 2, 2, false },
	{ "rename", 2, 2, true },
	{ "relabel", 2, 2, true },
	{ "remove-members", 2, 1 << 20, true },
	{ "merge", 2, 2, true },
	{ "remove", 1, 1, true },
};

static int
cmd_networks_exec(int argc, char **argv)
{
	struct case_db	*c;
	enum nformat	 f;
	const char	*act;
	char		*cause = NULL;
	size_t		 i;
	int		 n, rc = 1;

	if (argc < 3)
		return cmd_usage(&cmd_networks_entry);
	if (strcmp(argv[2], "detect") == 0)
		return networks_detect(argv[1], argc - 2, argv + 2);
	if (take_format(&argc, argv, &f) != 0)
		return 2;
	act = argv[2];
	n = argc - 3;
	for (i = 0; i < nitems(actions); i++) {
		if (strcmp(actions[i].name, act) == 0)
			break;
	}
	if (i == nitems(actions)) {
		cmd_error("networks %s: unknown action (use detect, list, show, "
		    "why, rename, relabel, remove-members, merge or remove)",
		    act);
		return 2;
	}
	if (n < actions[i].min || n > actions[i].max)
		return cmd_usage(&cmd_networks_entry);
	if ((c = cmd_case_open(argv[1], actions[i].writes ? 0 :
	    CASE_OPEN_READONLY)) == NULL)
		return 1;
	if (strcmp(act, "list") == 0)
		rc = networks_list(c, f);
	else if (strcmp(act, "show") == 0)
		rc = networks_show(c, argv[3], f);
	else if (strcmp(act, "why") == 0)
		rc = networks_why(c, argv[3], argv[4], f);
	else if (strcmp(act, "remove-members") == 0)
		rc = networks_remove_members(c, argv[3], n - 1, argv + 4);
	else {
		if (strcmp(act, "rename") == 0)
			rc = network_rename(c, argv[3], argv[4], &cause);
		else if (strcmp(act, "relabel") == 0)
			rc = network_relabel(c, argv[3], argv[4], &cause);
		else if (strcmp(act, "merge") == 0)
			rc = network_merge(c, argv[3], argv[4], &cause);
		else
			rc = network_remove(c, argv[3], &cause);
		if (rc != 0) {
			cmd_error("%s", cause);
			free(cause);
			rc = 1;
		} else if (strcmp(act, "merge") == 0) {
			fputs("merged \"", stdout);
			put_text(stdout, argv[3], 0);
			fputs("\" into \"", stdout);
			put_text(stdout, argv[4], 0);
			fputs("\"\n", stdout);
		}
	}
	case_close(c);
	return rc;
}

static const struct cmd_option cmd_networks_options[] = {
	{ "on", 'o', "KIND[,KIND]...",
	    "detect: the attribute kinds that tie accounts (default: the "
	    "infrastructure kinds); KIND~N ties perceptual hashes up to N bits "
	    "apart, co-similar[:J] accounts posting near-identical texts." },
	{ "max-share", 'm', "N",
	    "detect: values shared by more than N accounts are hubs and tie "
	    "nobody (default 50)." },
	{ "min-size", 's', "N",
	    "detect: the fewest accounts a candidate network may have (default "
	    "3)." },
	{ "format", 'f', "F",
	    "How to print: table, csv or json for detect; table or json for "
	    "list, show and why." },
	{ NULL, 0, NULL, NULL }
};

const struct cmd_entry cmd_networks_entry = {
	.name = "networks",
	.usage = "CASE.db detect [--on KIND[,KIND]...] [--max-share N] "
	    "[--min-size N] [--format table|csv|json] | list | show NAME | "
	    "why NAME ACCOUNT | rename OLD NEW | relabel NAME LABEL | "
	    "remove-members NAME ACCOUNT... | merge FROM INTO | remove NAME "
	    "[--format table|json]",
	.summary = "find candidate networks; list, show, change saved ones",
	.exec = cmd_networks_exec,
	.options = cmd_networks_options,
	.example = "cibscope networks case.db detect --on phone,avatar "
	    "--min-size 5\ncibscope networks case.db why voip-farm @alice",
};
