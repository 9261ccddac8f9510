/*
 * cmd-import.c: `cibscope import CASE.db FILE... [--format F] [--map
 * MAP.yaml] [--platform P] [--strict]` brings files into a case in one
 * transaction, printing the format of each file, a progress line on a
 * terminal and a summary. A FILE of "-" is standard input.
 */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "case.h"
#include "cmd.h"
#include "import.h"
#include "mapping.h"

/* Malformed rows shown before the rest are only counted. */
#define IMPORT_SHOW_BAD	50

struct import_ui {
	bool		tty;		/* stderr is a terminal */
	bool		line;		/* a progress line is showing */
	double		start;
	double		last;		/* when the line was last drawn */
	int		shown;		/* warnings printed */
	int		hidden;		/* warnings not printed */
};

static volatile sig_atomic_t import_cancel;

static void
import_sigint(int sig)
{
	(void)sig;
	import_cancel = 1;
}

static void
ui_clear(struct import_ui *ui)
{
	if (ui->line) {
		fputs("\r\033[K", stderr);
		ui->line = false;
	}
}

static void
ui_format(void *arg, const char *file, const char *format, bool guessed)
{
	(void)arg;
	printf("%s: %s%s\n", file, format, !guessed ? "" :
	    strcmp(file, IMPORT_STDIN) == 0 ? " (guessed from its first byte)" :
	    " (guessed from the header)");
	fflush(stdout);
}

static void
ui_warn(void *arg, const char *msg)
{
	struct import_ui	*ui = arg;

	if (ui->shown >= IMPORT_SHOW_BAD) {
		ui->hidden++;
		return;
	}
	ui_clear(ui);
	/* Messages quote the data (ids, kinds): through the sanitizer. */
	cmd_error("%s", msg);
	ui->shown++;
}

static void
ui_progress(void *arg, const struct import_progress *p)
{
	struct import_ui	*ui = arg;
	double			 now, dt;

	if (!ui->tty)
		return;
	now = clock_now();
	if (now - ui->last < 0.2)
		return;
	ui->last = now;
	dt = now - ui->start;
	fprintf(stderr, "\r\033[Kimporting: %lld rows, %.0f rows/s",
	    (long long)p->rows, dt > 0 ? (double)p->rows / dt : 0.0);
	if (p->total > 0)
		fprintf(stderr, ", %.0f%%", 100.0 * (double)p->bytes /
		    (double)p->total);
	ui->line = true;
	fflush(stderr);
}

static void
print_summary(const struct import_report *r, size_t nfiles)
{
	printf("imported %lld of %lld rows from %zu file%s in %.2f s",
	    (long long)r->imported, (long long)r->rows, nfiles,
	    nfiles == 1 ? "" : "s", r->seconds);
	if (r->seconds > 0 && r->rows > 0)
		printf(" (%.0f rows/s)", (double)r->rows / r->seconds);
	printf("\naccounts: %lld new, %lld updated; attributes: %lld; "
	    "posts: %lld\n", (long long)r->accounts_new,
	    (long long)r->accounts_updated, (long long)r->attributes,
	    (long long)r->posts);
	printf("skipped: %lld, repaired: %lld, truncated: %lld, "
	    "dropped: %lld\n", (long long)r->skipped, (long long)r->repaired,
	    (long long)r->truncated, (long long)r->dropped);
	if (r->bad_hashes > 0)
		printf("perceptual hashes that are not 64-bit hex, dropped: "
		    "%lld\n", (long long)r->bad_hashes);
	if (r->by_handle)
		printf("by handle: %lld matched, %lld ambiguous, %lld "
		    "unmatched\n", (long long)r->matched,
		    (long long)r->ambiguous, (long long)r->unmatched);
	if (r->anon_posts > 0)
		printf("anonymous posts: %lld, %lld known by a tripcode, "
		    "%lld each an account of its own\n",
		    (long long)r->anon_posts, (long long)r->trip_posts,
		    (long long)(r->anon_posts - r->trip_posts));
	if (r->media_hashed + r->media_missing + r->media_refused > 0)
		printf("media: %lld hashed, %lld not in the export, %lld "
		    "refused\n", (long long)r->media_hashed,
		    (long long)r->media_missing, (long long)r->media_refused);
}

static int
cmd_import_exec(int argc, char **argv)
{
	struct import_opts	 opts;
	struct import_report	 report;
	struct import_ui	 ui;
	struct mapping		*map = NULL;
	struct case_db		*c;
	struct sigaction	 sa, old;
	const char		*map_path = NULL;
	char			*cause = NULL;
	int			 ch, rc;

	memset(&opts, 0, sizeof opts);
	while ((ch = cmd_getopt(argc, argv, &cmd_import_entry)) != -1) {
		switch (ch) {
		case 'f':
			opts.format = optarg;
			break;
		case 'm':
			map_path = optarg;
			break;
		case 'p':
			opts.platform = optarg;
			break;
		case 's':
			opts.strict = true;
			break;
		default:
			return cmd_usage(&cmd_import_entry);
		}
	}
	if (argc - optind < 2)
		return cmd_usage(&cmd_import_entry);

	if (map_path != NULL && (map = mapping_load(map_path, &cause)) == NULL)
		goto fail;
	if ((c = case_open(argv[optind], 0, &cause)) == NULL)
		goto fail;

	memset(&ui, 0, sizeof ui);
	ui.tty = isatty(STDERR_FILENO);
	ui.start = clock_now();
	opts.map = map;
	opts.cancel = &import_cancel;
	opts.on_format = ui_format;
	opts.on_warn = ui_warn;
	opts.on_progress = ui_progress;
	opts.arg = &ui;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = import_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old);
	rc = import_files(c, (const char *const *)argv + optind + 1,
	    (size_t)(argc - optind - 1), &opts, &report, &cause);
	sigaction(SIGINT, &old, NULL);
	ui_clear(&ui);
	case_close(c);
	mapping_free(map);
	if (ui.hidden > 0)
		fprintf(stderr, "cibscope: %d more messages not shown\n",
		    ui.hidden);
	if (rc != 0) {
		cmd_error("%s", cause);
		free(cause);
		cmd_error("nothing was imported; the case is unchanged");
		return 1;
	}
	print_summary(&report, (size_t)(argc - optind - 1));
	return 0;

fail:
	cmd_error("%s", cause);
	free(cause);
	mapping_free(map);
	return 1;
}

static const struct cmd_option cmd_import_options[] = {
	{ "format", 'f', "F",
	    "The input format: csv, jsonl, twitter-io, cnt, telegram, 4cat, "
	    "bluesky or meta-content-library; "
	    "without it the format is guessed from the header and the guess "
	    "is printed." },
	{ "map", 'm', "MAP.yaml",
	    "The YAML mapping that says which csv or jsonl column holds what "
	    "(see doc/mapping.md)." },
	{ "platform", 'p', "P",
	    "The platform the accounts come from, when the file does not say." },
	{ "strict", 's', NULL,
	    "Fail the whole import, writing nothing, at the first malformed row "
	    "instead of reporting and skipping it." },
	{ NULL, 0, NULL, NULL }
};

const struct cmd_entry cmd_import_entry = {
	.name = "import",
	.usage = "CASE.db FILE... [--format csv|jsonl|twitter-io|cnt|"
	    "telegram|4cat|bluesky|meta-content-library] "
	    "[--map MAP.yaml] [--platform P] [--strict]",
	.summary = "import accounts, attributes and posts from files",
	.exec = cmd_import_exec,
	.options = cmd_import_options,
	.example = "cibscope import case.db users.csv tweets.csv --format "
	    "twitter-io",
	.exit_status = "0 when the files are imported, 1 on a failure (nothing "
	    "of a failed file is kept), 2 on a usage error.",
};
