/*
 * cmd.h: the batch subcommands of cibscope.
 *
 * Each subcommand is a `const struct cmd_entry` in its own tui/cmd-NAME.c,
 * filled with designated initialisers; cmd.c holds the table, finds a
 * command by name and generates `cibscope --help` from the table.
 *
 * exec() receives argv with argv[0] the command's name and returns the
 * exit status: 0 success, 1 failure (the message already printed), 2 a
 * usage error. Messages go to stderr as "cibscope: what: why" through
 * cmd_error().
 */
#ifndef CIB_CMD_H
#define CIB_CMD_H

#include <stdio.h>

#include "util.h"

/*
 * One option of a command: its parser (cmd_getopt) and its help are both
 * made from this, so what --help lists is what the command accepts.
 */
struct cmd_option {
	const char	*name;		/* long name, without the dashes */
	int		 val;		/* what cmd_getopt returns for it */
	const char	*arg;		/* the argument's name; NULL: a flag */
	const char	*help;		/* one sentence */
};

/* A val that is no letter: the option has a long form only. */
#define CMD_LONG(n)	(0x100 + (n))

struct cmd_entry {
	const char	*name;
	const char	*usage;		/* arguments, after the name */
	const char	*summary;	/* one line for --help */
	int		(*exec)(int argc, char **argv);

	/* Optional: for `cibscope NAME --help` and `cibscope help NAME`. */
	const struct cmd_option *options; /* ends with a NULL name */
	const char	*example;	/* one or more command lines */
	const char	*exit_status;	/* NULL: 0 success, 1 failure, 2 usage */
};

extern const struct cmd_entry cmd_new_entry;
extern const struct cmd_entry cmd_check_entry;
extern const struct cmd_entry cmd_import_entry;
extern const struct cmd_entry cmd_extract_entry;
extern const struct cmd_entry cmd_demo_entry;
extern const struct cmd_entry cmd_queries_entry;
extern const struct cmd_entry cmd_query_entry;
extern const struct cmd_entry cmd_pivot_entry;
extern const struct cmd_entry cmd_networks_entry;
extern const struct cmd_entry cmd_timing_entry;
extern const struct cmd_entry cmd_coordination_entry;
extern const struct cmd_entry cmd_themes_entry;
extern const struct cmd_entry cmd_vocab_entry;
extern const struct cmd_entry cmd_indicators_entry;
extern const struct cmd_entry cmd_tips_entry;
extern const struct cmd_entry cmd_export_entry;
extern const struct cmd_entry cmd_tag_entry;
extern const struct cmd_entry cmd_log_entry;
extern const struct cmd_entry cmd_replay_entry;
extern const struct cmd_entry cmd_merge_entry;

extern const struct cmd_entry cmd_help_entry;

const struct cmd_entry	*cmd_find(const char *name);
void			 cmd_print_help(FILE *);
/* The help of one command: synopsis, summary, each option with its
 * sentence, the example and the exit status. */
void			 cmd_print_command_help(FILE *, const struct cmd_entry *);
/* The command reference in roff, for the man page's COMMAND REFERENCE. */
void			 cmd_print_man(FILE *);
/* The exit status of a command whose entry names none. */
#define CMD_EXIT_STATUS	"0 on success, 1 on a failure (the message says " \
	"why), 2 on a usage error."
/* True when argv (argv[0] the command) asks for --help before any "--". */
bool			 cmd_wants_help(int argc, char **argv);

/*
 * getopt_long over the entry's options: each option by its long name, and
 * by -LETTER when its val is an ASCII letter. Returns as getopt_long does
 * (the option's val, '?' for an unknown option, -1 at the end).
 */
int	 cmd_getopt(int argc, char **argv, const struct cmd_entry *);

/* "cibscope: " + message + newline on stderr. Returns 1. */
int	 cmd_error(const char *fmt, ...) CIB_PRINTF(1, 2);
/* printf to stdout for text that may hold names or file names from
 * other people: every line goes through the display sanitizer. */
void	 cmd_printf(const char *fmt, ...) CIB_PRINTF(1, 2);
/* Print "usage: cibscope NAME USAGE" on stderr. Returns 2. */
int	 cmd_usage(const struct cmd_entry *);

struct case_db;
struct query;
struct query_args;

/* Open a case, printing any notice; NULL after printing the error. */
struct case_db	*cmd_case_open(const char *path, int flags);

/* Run a query, print its result in format (result.h), and append the run
 * to the audit trail when the case is writable. Returns the exit status. */
int	 cmd_query_print(struct case_db *, const struct query *,
	     const struct query_args *, int format, const char *action);

/*
 * `... check DIR|FILE...` for query and theme files: check each file
 * named and each file a directory holds (as the search path would read
 * it), print every error and a summary line "checked N WHAT files: ...".
 * check() returns 0, or -1 with *cause. Returns the exit status.
 */
int	 cmd_check_files(int argc, char **argv, const char *what,
	     int (*check)(const char *file, char **cause));

struct replay;

/* Print a replay in batch form (cmd-replay.c): every step, or only step
 * only (> 0), or the step list. Returns the exit status. */
int	 cmd_replay_print(struct case_db *, struct replay *, size_t only,
	     bool list);
/* Play a replay: the screen in replay mode on a terminal, else the batch
 * form of every step. path names the case. Returns the exit status. */
int	 cmd_replay_play(struct case_db *, const char *path, struct replay *);

/* Open the TUI (or, until it exists, print the summary) on a case path. */
int	 cmd_open_case(const char *path);


#endif
