/*
 * cmd-themes.c: `cibscope themes` lists the colour themes on the search
 * path, where each comes from and which files are overridden; `cibscope
 * themes check DIR|FILE...` validates theme files for a team's CI: one
 * "FILE:LINE:COL: message" line per bad file, a summary, and exit status
 * 1 when anything is wrong.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "query_path.h"
#include "theme.h"

static int
cmd_themes_check_file(const char *file, char **cause)
{
	struct theme	*x;

	if ((x = theme_load_file(file, cause)) == NULL)
		return -1;
	theme_free(x);
	return 0;
}

static int
cmd_themes_check(int argc, char **argv)
{
	if (argc < 1)
		return cmd_usage(&cmd_themes_entry);
	return cmd_check_files(argc, argv, "theme", cmd_themes_check_file);
}

static void
cmd_themes_print_source(const struct theme_entry *e)
{
	cmd_printf("    %s (%s%s)", e->file != NULL ? e->file : "compiled in",
	    theme_origin_names[e->origin], e->overridden ? "; overridden" :
	    "");
	if (e->error != NULL)
		cmd_printf("      does not load: %s", e->error);
}

/* Each name once, the winning source first, then the ones it hides. */
static int
cmd_themes_list(void)
{
	struct theme_list		*l;
	const struct theme_entry	*w;
	size_t				 i, j, first;

	l = theme_list();
	for (i = 0; i < l->nwarnings; i++)
		cmd_error("warning: %s", l->warnings[i]);
	for (first = 0, i = 0; i < l->nentries; i++) {
		if (l->entries[i].overridden)
			continue;
		w = &l->entries[i];
		cmd_printf("%-16s %s", w->name, w->error != NULL ?
		    "(does not load; the screen falls back to default)" :
		    w->description != NULL ? w->description : "");
		cmd_themes_print_source(w);
		for (j = first; j < i; j++)
			cmd_themes_print_source(&l->entries[j]);
		first = i + 1;
	}
	theme_list_free(l);
	return 0;
}

static int
cmd_themes_exec(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "check") == 0)
		return cmd_themes_check(argc - 2, argv + 2);
	if (argc != 1)
		return cmd_usage(&cmd_themes_entry);
	return cmd_themes_list();
}

const struct cmd_entry cmd_themes_entry = {
	.name = "themes",
	.usage = "[check DIR|FILE...]",
	.summary = "list colour themes, or check theme files",
	.exec = cmd_themes_exec,
	.example = "cibscope themes check ~/.config/cibscope/themes/*.yaml",
	.exit_status = "0 on success, 1 when a checked file has errors, 2 on a "
	    "usage error.",
};
