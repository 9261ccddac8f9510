/*
 * cmd-replay.c: `cibscope replay CASE.db [--tour FILE] [--list] [--step
 * N]` tells an investigation again, step by step, from the case's audit
 * trail or from a trainer's tour file (replay.h): each step's who, when,
 * what and caption, the accounts its query finds now (and whether that
 * differs from what was recorded), and for steps that touch a network the
 * network's membership. On a terminal the screen opens in replay mode
 * (replay-mode.c) instead; --list and --step always print.
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "case.h"
#include "cmd.h"
#include "query.h"
#include "replay.h"
#include "result.h"
#include "sanitize.h"

/* Accounts listed per step; the rest are counted. */
#define REPLAY_SHOW	10

static void
put_clean(const char *s)
{
	struct buf	b = BUF_INIT;

	if (s == NULL)
		s = "-";
	sanitize(s, strlen(s), SANITIZE_ONELINE, &b);
	fputs(b.data != NULL ? b.data : "", stdout);
	buf_free(&b);
}

static void
show_row(void *arg, const struct result_row *r)
{
	(void)arg;
	printf("      %8lld  ", (long long)r->id);
	put_clean(r->platform);
	fputc(':', stdout);
	put_clean(r->native_id);
	if (r->handle != NULL) {
		fputs("  @", stdout);
		put_clean(r->handle);
	}
	fputc('\n', stdout);
}

/* The first accounts of a result, one a line. */
static void
show_result(struct case_db *c, const struct query_result *r)
{
	char	*cause = NULL;

	if (r == NULL || r->count == 0)
		return;
	if (result_page(c, r, 1, REPLAY_SHOW, show_row, NULL, &cause) < 0) {
		cmd_error("%s", cause);
		free(cause);
		return;
	}
	if (r->count > REPLAY_SHOW)
		printf("      ... and %lld more\n",
		    (long long)(r->count - REPLAY_SHOW));
}

/* The first members of a network, through a selection query. */
static void
show_members(struct case_db *c, const int64_t *ids, size_t n)
{
	struct query		*q = query_new();
	struct query_args	 a;
	struct query_result	*r;
	char			*cause = NULL;

	q->name = xstrdup("members");
	q->from = QUERY_FROM_SELECTION;
	memset(&a, 0, sizeof a);
	a.seeds = ids;
	a.nseeds = n < REPLAY_SHOW ? n : REPLAY_SHOW;
	if (query_run(c, q, &a, &r, &cause) == 0) {
		show_result(c, r);
		query_result_free(c, r);
	} else {
		cmd_error("%s", cause);
		free(cause);
	}
	query_free(q);
	if (n > REPLAY_SHOW)
		printf("      ... and %zu more\n", n - REPLAY_SHOW);
}

static void
step_head(const struct replay *rp, const struct replay_step *s)
{
	printf("Step %zu of %zu: %s", s->n, rp->nsteps, s->action);
	if (s->network != NULL) {
		fputs(" \"", stdout);
		put_clean(s->network);
		fputc('"', stdout);
	}
	fputc('\n', stdout);
	fputs("  ", stdout);
	put_clean(s->caption);
	fputc('\n', stdout);
	if (s->actor != NULL) {
		fputs("  by ", stdout);
		put_clean(s->actor);
		fputs(" at ", stdout);
		put_clean(s->at);
		printf(" (audit row %lld)\n", (long long)s->seq);
	}
}

static int
step_print(struct case_db *c, struct replay *rp, size_t n)
{
	struct replay_step	*s = &rp->steps[n - 1];
	struct replay_view	 v;
	char			*cause = NULL;

	step_head(rp, s);
	if (s->query != NULL) {
		fputs("  query: ", stdout);
		put_clean(s->query);
		fputc('\n', stdout);
		if (s->from_selection && s->seq == 0)
			fputs("  seeds: the accounts of the step before\n",
			    stdout);
	}
	if (replay_run(c, rp, n, &v, &cause) != 0) {
		fputs("  cannot replay this step: ", stdout);
		put_clean(cause);
		fputc('\n', stdout);
		free(cause);
		return -1;
	}
	if (v.count >= 0) {
		printf("  result: %lld account%s", (long long)v.count,
		    v.count == 1 ? "" : "s");
		if (s->count >= 0)
			printf(" (recorded: %lld%s)", (long long)s->count,
			    v.drift ? "; the case has changed since" : "");
		fputc('\n', stdout);
		if (v.network == NULL)
			show_result(c, v.result);
	}
	if (v.network != NULL) {
		fputs("  network \"", stdout);
		put_clean(v.network);
		printf("\": %zu member%s", v.nmembers,
		    v.nmembers == 1 ? "" : "s");
		if (v.added > 0)
			printf(" (%lld new in this step)", (long long)v.added);
		fputc('\n', stdout);
		show_members(c, v.members, v.nmembers);
	}
	replay_view_clear(c, &v);
	return 0;
}

int
cmd_replay_print(struct case_db *c, struct replay *rp, size_t only,
    bool list)
{
	size_t	i;
	int	status = 0;

	fputs("== ", stdout);
	put_clean(rp->title);
	printf(" (%zu step%s, from ", rp->nsteps, rp->nsteps == 1 ? "" : "s");
	put_clean(rp->source);
	fputs(")\n", stdout);
	if (list) {
		for (i = 0; i < rp->nsteps; i++) {
			printf("%3zu. %-14s ", i + 1, rp->steps[i].action);
			put_clean(rp->steps[i].caption);
			fputc('\n', stdout);
		}
		return 0;
	}
	if (only > 0) {
		if (only > rp->nsteps)
			return cmd_error("replay: there is no step %zu (1 to "
			    "%zu)", only, rp->nsteps);
		return step_print(c, rp, only) == 0 ? 0 : 1;
	}
	for (i = 1; i <= rp->nsteps; i++) {
		fputc('\n', stdout);
		if (step_print(c, rp, i) != 0)
			status = 1;
	}
	return status;
}

int
cmd_replay_play(struct case_db *c, const char *path, struct replay *rp)
{
	if (isatty(STDOUT_FILENO) && isatty(STDIN_FILENO))
		return app_replay(c, path, rp);
	return cmd_replay_print(c, rp, 0, false);
}

static int
cmd_replay_exec(int argc, char **argv)
{
	struct case_db	*c;
	struct replay	*rp = NULL;
	const char	*tour = NULL, **dirs = NULL;
	char		*cause = NULL;
	size_t		 ndirs = 0;
	int64_t		 step = 0;
	bool		 list = false;
	int		 ch, status;

	while ((ch = cmd_getopt(argc, argv, &cmd_replay_entry)) != -1) {
		switch (ch) {
		case 't':
			tour = optarg;
			break;
		case 'l':
			list = true;
			break;
		case 's':
			if (!parse_int64(optarg, &step) || step < 1) {
				cmd_error("--step %s: a step number from 1",
				    optarg);
				free(dirs);
				return 2;
			}
			break;
		case 'q':
			dirs = xreallocarray(dirs, ndirs + 1, sizeof *dirs);
			dirs[ndirs++] = optarg;
			break;
		default:
			free(dirs);
			return cmd_usage(&cmd_replay_entry);
		}
	}
	if (optind + 1 != argc) {
		free(dirs);
		return cmd_usage(&cmd_replay_entry);
	}
	if ((c = cmd_case_open(argv[optind], CASE_OPEN_READONLY)) == NULL) {
		free(dirs);
		return 1;
	}
	if ((tour != NULL ? replay_load_tour(c, tour, dirs, ndirs, &rp,
	    &cause) : replay_from_audit(c, &rp, &cause)) != 0) {
		cmd_error("%s", cause);
		free(cause);
		status = 1;
	} else if (rp->nsteps == 0) {
		cmd_error("%s: the audit trail holds no queries or tags to "
		    "replay", argv[optind]);
		status = 1;
	} else if (list || step > 0)
		status = cmd_replay_print(c, rp, (size_t)step, list);
	else
		status = cmd_replay_play(c, argv[optind], rp);
	replay_free(rp);
	case_close(c);
	free(dirs);
	return status;
}

static const struct cmd_option cmd_replay_options[] = {
	{ "tour", 't', "FILE",
	    "Replay this tour file instead of the case's audit trail (see "
	    "doc/tours.md)." },
	{ "list", 'l', NULL,
	    "Print the list of steps only." },
	{ "step", 's', "N",
	    "Print step N only, counting from 1." },
	{ "queries", 'q', "DIR",
	    "Also search this directory for the query files the steps name; may "
	    "be repeated." },
	{ NULL, 0, NULL, NULL }
};

const struct cmd_entry cmd_replay_entry = {
	.name = "replay",
	.usage = "CASE.db [--tour FILE] [--list] [--step N] [--queries DIR]...",
	.summary = "replay an investigation step by step, or a tour",
	.exec = cmd_replay_exec,
	.options = cmd_replay_options,
	.example = "cibscope replay case.db --list\ncibscope replay case.db "
	    "--step 3",
};
