/*
 * cmd-queries.c: `cibscope queries [--path DIR]...` lists the saved queries
 * on the search path, which file each comes from and which files are
 * overridden; `cibscope queries check DIR|FILE...` validates query files
 * the way a team's CI wants: one "FILE:LINE:COL: message" line per bad
 * file, a summary, and exit status 1 when anything is wrong.
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "query.h"
#include "query_path.h"

static int
cmd_queries_check_file(const char *file, char **cause)
{
	struct query	*x;

	if ((x = query_path_check_file(file, cause)) == NULL)
		return -1;
	query_free(x);
	return 0;
}

static int
cmd_queries_check(int argc, char **argv)
{
	if (argc < 1)
		return cmd_usage(&cmd_queries_entry);
	return cmd_check_files(argc, argv, "query", cmd_queries_check_file);
}

static void
cmd_queries_print_file(const struct query_list *l,
    const struct query_entry *e)
{
	cmd_printf("    %s (%s%s)", e->file,
	    query_dir_origin_names[l->dirs[e->dir].origin],
	    e->overridden ? "; overridden" : "");
	if (e->error != NULL)
		cmd_printf("      does not load: %s", e->error);
}

/* Each name once, with the winning file first and the files it hides. */
static int
cmd_queries_list(const char *const *dirs, size_t ndirs)
{
	struct query_list		*l;
	const struct query_entry	*w;
	size_t				 i, j, first;

	l = query_path_list(dirs, ndirs);
	for (i = 0; i < l->nwarnings; i++)
		cmd_error("warning: %s", l->warnings[i]);
	if (l->nentries == 0) {
		cmd_printf("no saved queries; searched (later wins):");
		for (i = 0; i < l->ndirs; i++)
			cmd_printf("    %s (%s)", l->dirs[i].path,
			    query_dir_origin_names[l->dirs[i].origin]);
	}
	for (first = 0, i = 0; i < l->nentries; i++) {
		if (l->entries[i].overridden)
			continue;
		/* entries[first..i) are what entries[i] overrides. */
		w = &l->entries[i];
		cmd_printf("%-24s %s", w->name, w->title != NULL ? w->title :
		    w->error != NULL ? "(does not load)" : "");
		cmd_queries_print_file(l, w);
		for (j = first; j < i; j++)
			cmd_queries_print_file(l, &l->entries[j]);
		first = i + 1;
	}
	query_list_free(l);
	return 0;
}

static int
cmd_queries_exec(int argc, char **argv)
{
	const char	**dirs = NULL;
	size_t		  ndirs = 0;
	int		  ch, status;

	if (argc >= 2 && strcmp(argv[1], "check") == 0)
		return cmd_queries_check(argc - 2, argv + 2);
	while ((ch = cmd_getopt(argc, argv, &cmd_queries_entry)) != -1) {
		if (ch != 'p') {
			free(dirs);
			return cmd_usage(&cmd_queries_entry);
		}
		dirs = xreallocarray(dirs, ndirs + 1, sizeof *dirs);
		dirs[ndirs++] = optarg;
	}
	if (optind != argc) {
		free(dirs);
		return cmd_usage(&cmd_queries_entry);
	}
	status = cmd_queries_list(dirs, ndirs);
	free(dirs);
	return status;
}

static const struct cmd_option cmd_queries_options[] = {
	{ "path", 'p', "DIR",
	    "Also search this directory for query files; may be repeated." },
	{ "queries", 'p', "DIR",
	    "The same as --path." },
	{ NULL, 0, NULL, NULL }
};

const struct cmd_entry cmd_queries_entry = {
	.name = "queries",
	.usage = "[--path DIR]... | check DIR|FILE...",
	.summary = "list saved queries, or check query files for CI",
	.exec = cmd_queries_exec,
	.options = cmd_queries_options,
	.example = "cibscope queries --path ./team-queries\ncibscope queries "
	    "check ./team-queries",
	.exit_status = "0 on success, 1 when a checked file has errors or on a "
	    "failure, 2 on a usage error.",
};
