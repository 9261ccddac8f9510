/*
 * cmd-demo.c: `cibscope demo` makes the generated demo case (core/demo.c)
 * and opens it, or writes one of any size to a file for benchmarks.
 *
 * A case is always written under a temporary name beside its target and
 * renamed into place once complete, so an interrupted run never leaves a
 * half-written case where a good one is expected.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "case.h"
#include "cmd.h"
#include "demo.h"
#include "replay.h"

struct demo_progress {
	double	 started;
	bool	 shown;
};

static void
demo_progress_show(void *arg, int64_t done, int64_t total)
{
	struct demo_progress	*dp = arg;
	double			 secs = clock_now() - dp->started;

	fprintf(stderr, "\rcibscope: demo: %" PRId64 "/%" PRId64
	    " accounts (%d%%, %.0f/s)%s", done, total,
	    (int)(total > 0 ? done * 100 / total : 100),
	    secs > 0 ? (double)done / secs : 0.0,
	    done == total ? ", building indexes... " : "");
	fflush(stderr);
	dp->shown = true;
}

static void
unlink_case(const char *path)
{
	char	*side;

	unlink(path);
	side = xasprintf("%s-wal", path);
	unlink(side);
	free(side);
	side = xasprintf("%s-shm", path);
	unlink(side);
	free(side);
}

/*
 * Write a demo case of o->accounts accounts to path, through a temporary
 * file renamed into place. Prints the progress line when stderr is a
 * terminal. counts (if not NULL) receives the numbers of accounts,
 * attributes and posts written. Returns 0 or 1 (message printed).
 */
static int
demo_write(const char *path, struct demo_opts *o, int64_t *counts)
{
	struct demo_progress	 dp = { clock_now(), false };
	struct case_db		*c;
	char			*tmp, *cause = NULL;
	int			 rc;

	tmp = xasprintf("%s.partial-%ld", path, (long)getpid());
	unlink_case(tmp);
	if ((c = case_create(tmp, "cibscope demo", &cause)) == NULL) {
		cmd_error("%s", cause);
		free(cause);
		free(tmp);
		return 1;
	}
	if (isatty(STDERR_FILENO)) {
		o->progress = demo_progress_show;
		o->arg = &dp;
	}
	/* The partial file is renamed into place only when whole, so it
	 * needs no journal while it is written. */
	rc = case_set_scratch(c, true, &cause);
	if (rc == 0)
		rc = demo_generate(c, o, &cause);
	if (rc == 0)
		rc = case_set_scratch(c, false, &cause);
	/* dp ends with this call: leave no pointer to it in the caller's o. */
	o->progress = NULL;
	o->arg = NULL;
	if (dp.shown)
		fputc('\n', stderr);
	if (rc == 0 && counts != NULL) {
		counts[0] = case_count(c, "accounts");
		counts[1] = case_count(c, "attributes");
		counts[2] = case_count(c, "posts");
	}
	case_close(c);
	if (rc != 0) {
		cmd_error("%s: %s", path, cause);
		free(cause);
		unlink_case(tmp);
		free(tmp);
		return 1;
	}
	unlink_case(path);
	if (rename(tmp, path) != 0) {
		cmd_error("%s: %s", path, strerror(errno));
		unlink_case(tmp);
		free(tmp);
		return 1;
	}
	free(tmp);
	return 0;
}

/*
 * Is the case at path a complete demo case made with these options
 * (want_size or want_seed < 0: any)? A missing, foreign, broken or older
 * file is not.
 */
static bool
demo_reusable(const char *path, int64_t want_size, int64_t want_seed)
{
	struct case_db	*c;
	char		*v, *s, *n;
	int64_t		 version, seed, size;
	bool		 ok;

	if (access(path, F_OK) != 0)
		return false;
	if ((c = case_open(path, CASE_OPEN_READONLY, NULL)) == NULL)
		return false;
	v = case_info_get(c, "demo_version");
	s = case_info_get(c, "demo_seed");
	n = case_info_get(c, "demo_accounts");
	ok = v != NULL && s != NULL && n != NULL &&
	    parse_int64(v, &version) && version == DEMO_VERSION &&
	    parse_int64(s, &seed) && (want_seed < 0 || seed == want_seed) &&
	    parse_int64(n, &size) && (want_size < 0 || size == want_size) &&
	    case_count(c, "accounts") == size && case_count(c, "planted") > 0;
	free(v);
	free(s);
	free(n);
	case_close(c);
	return ok;
}

/*
 * Play the demo's tour (share/tours/demo.yaml, installed in
 * $(pkgdatadir)/tours) on a demo case; without the file, replay the
 * investigation recorded in the case's audit trail. On a terminal the
 * screen plays it in replay mode, else it is printed.
 */
static int
demo_tour(const char *path)
{
	struct case_db	*c;
	struct replay	*rp = NULL;
	char		*file, *cause = NULL;
	int		 rc;

	if ((c = cmd_case_open(path, CASE_OPEN_READONLY)) == NULL)
		return 1;
	file = replay_tour_path("demo.yaml");
	if (access(file, R_OK) == 0)
		rc = replay_load_tour(c, file, NULL, 0, &rp, &cause);
	else {
		fprintf(stderr, "cibscope: demo: %s: no tour file; replaying "
		    "the investigation recorded in the case\n", file);
		rc = replay_from_audit(c, &rp, &cause);
	}
	if (rc == 0)
		rc = cmd_replay_play(c, path, rp);
	else {
		cmd_error("%s", cause);
		free(cause);
		rc = 1;
	}
	replay_free(rp);
	free(file);
	case_close(c);
	return rc;
}

/* "20000", "20k", "1M". */
static bool
parse_size(const char *s, int64_t *out)
{
	char		*end;
	long long	 v;
	int64_t		 mul = 1;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || v < 0)
		return false;
	if (*end == 'k' || *end == 'K')
		mul = 1000, end++;
	else if (*end == 'm' || *end == 'M')
		mul = 1000000, end++;
	if (*end != '\0' || v > INT64_MAX / mul)
		return false;
	*out = v * mul;
	return true;
}

static bool
parse_seed(const char *s, int64_t *out)
{
	return parse_int64(s, out) && *out >= 0;
}

static int
cmd_demo_exec(int argc, char **argv)
{
	struct demo_opts	 o;
	const char		*output = NULL;
	char			*path, *cause = NULL;
	int64_t			 size = -1, seed = -1;
	bool			 force = false, tour = false;
	double			 started;
	int			 ch, rc;

	while ((ch = cmd_getopt(argc, argv, &cmd_demo_entry)) != -1) {
		switch (ch) {
		case 'n':
			if (!parse_size(optarg, &size) ||
			    size < DEMO_MIN_ACCOUNTS ||
			    size > DEMO_MAX_ACCOUNTS) {
				cmd_error("--size: expected %d to %d accounts, "
				    "not \"%s\"", DEMO_MIN_ACCOUNTS,
				    DEMO_MAX_ACCOUNTS, optarg);
				return 2;
			}
			break;
		case 'o':
			output = optarg;
			break;
		case 's':
			if (!parse_seed(optarg, &seed)) {
				cmd_error("--seed: expected a number, not "
				    "\"%s\"", optarg);
				return 2;
			}
			break;
		case 'f':
			force = true;
			break;
		case CMD_LONG('t'):
			tour = true;
			break;
		default:
			return cmd_usage(&cmd_demo_entry);
		}
	}
	if (optind != argc)
		return cmd_usage(&cmd_demo_entry);

	memset(&o, 0, sizeof o);
	o.accounts = size >= 0 ? size : DEMO_DEFAULT_ACCOUNTS;
	o.seed = seed >= 0 ? (uint64_t)seed : DEMO_DEFAULT_SEED;

	if (output != NULL) {
		int64_t	counts[3];

		if (!force && access(output, F_OK) == 0)
			return cmd_error("%s: already exists (use --force to "
			    "replace it)", output);
		started = clock_now();
		if (demo_write(output, &o, counts) != 0)
			return 1;
		printf("wrote %s: %" PRId64 " accounts, %" PRId64
		    " attributes, %" PRId64 " posts, seed %" PRIu64
		    ", %.1f s\n", output, counts[0], counts[1], counts[2],
		    o.seed, clock_now() - started);
		return tour ? demo_tour(output) : 0;
	}

	if ((path = demo_default_path(&cause)) == NULL) {
		cmd_error("demo: %s", cause);
		free(cause);
		return 1;
	}
	if (force || !demo_reusable(path, size, seed)) {
		fprintf(stderr, "cibscope: demo: creating the demo case in "
		    "%s\n", path);
		if (demo_write(path, &o, NULL) != 0) {
			free(path);
			return 1;
		}
	}
	rc = tour ? demo_tour(path) : cmd_open_case(path);
	free(path);
	return rc;
}

static const struct cmd_option cmd_demo_options[] = {
	{ "size", 'n', "N",
	    "Write a case of N accounts (500 to 50,000,000) to the --output file." },
	{ "output", 'o', "FILE",
	    "Write the generated case to FILE instead of creating and opening "
	    "the shared demo case." },
	{ "seed", 's', "S",
	    "The random seed, so the same seed makes the same case." },
	{ "force", 'f', NULL,
	    "Overwrite FILE when it exists." },
	{ "tour", CMD_LONG('t'), NULL,
	    "Open the demo case with its guided tour." },
	{ NULL, 0, NULL, NULL }
};

const struct cmd_entry cmd_demo_entry = {
	.name = "demo",
	.usage = "[--size N] [--seed S] [--output FILE] [--force] [--tour]",
	.summary = "create and open the demo case, or write one to FILE; "
	    "--tour plays its recorded takedown",
	.exec = cmd_demo_exec,
	.options = cmd_demo_options,
	.example = "cibscope demo\ncibscope demo --size 200000 --output big.db",
};
