/*
 * cmdline.c: the `:` command line. Each command is one row of a table
 * with its arguments, its help and the completion of its arguments; the
 * same words a saved query or the batch commands use (kinds, query
 * names, labels).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "network.h"
#include "query_path.h"
#include "screen.h"

/* Arguments after the command's name, at most this many. */
#define CMD_MAXARGS	32

enum complete_what {
	COMPLETE_NONE,
	COMPLETE_KINDS,
	COMPLETE_QUERIES,
	COMPLETE_THEMES,
	COMPLETE_LABELS,
};

struct command {
	const char		*name;
	const char		*args;
	const char		*help;
	enum complete_what	 arg1;
	enum complete_what	 arg2;
	int			(*exec)(struct app *, int, char **);
};

static int	cmd_pivot(struct app *, int, char **);
static int	cmd_query(struct app *, int, char **);
static int	cmd_tag(struct app *, int, char **);
static int	cmd_theme(struct app *, int, char **);
static int	cmd_tz(struct app *, int, char **);
static int	cmd_filter(struct app *, int, char **);
static int	cmd_network(struct app *, int, char **);
static int	cmd_view(struct app *, int, char **);
static int	cmd_back(struct app *, int, char **);
static int	cmd_help(struct app *, int, char **);
static int	cmd_quit(struct app *, int, char **);

static const struct command commands[] = {
	{ "pivot", "KIND [VALUE]", "pivot from the account on a kind (or "
	    "one value)", COMPLETE_KINDS, COMPLETE_NONE, cmd_pivot },
	{ "query", "NAME [k=v ...]", "run a saved query on the marks, the "
	    "account or the case", COMPLETE_QUERIES, COMPLETE_NONE, cmd_query },
	{ "tag", "[NAME [LABEL]]", "save the marks (or the list) as a "
	    "network", COMPLETE_NONE, COMPLETE_LABELS, cmd_tag },
	{ "theme", "NAME", "colour scheme: default, 8colour, mono",
	    COMPLETE_THEMES, COMPLETE_NONE, cmd_theme },
	{ "tz", "ZONE", "time zone of the heatmap (UTC, +03:00, "
	    "Europe/Moscow)", COMPLETE_NONE, COMPLETE_NONE, cmd_tz },
	{ "filter", "REGEX", "filter the list as / does", COMPLETE_NONE,
	    COMPLETE_NONE, cmd_filter },
	{ "network", "NAME", "open a saved network's members", COMPLETE_NONE,
	    COMPLETE_NONE, cmd_network },
	{ "accounts", "", "the accounts view", COMPLETE_NONE, COMPLETE_NONE,
	    cmd_view },
	{ "networks", "", "the networks view", COMPLETE_NONE, COMPLETE_NONE,
	    cmd_view },
	{ "timing", "", "the timing view", COMPLETE_NONE, COMPLETE_NONE,
	    cmd_view },
	{ "back", "", "back to the previous list", COMPLETE_NONE,
	    COMPLETE_NONE, cmd_back },
	{ "help", "", "the help screen", COMPLETE_NONE, COMPLETE_NONE,
	    cmd_help },
	{ "quit", "", "leave cibscope", COMPLETE_NONE, COMPLETE_NONE,
	    cmd_quit },
};

static const struct command *
command_find(const char *name)
{
	const struct command	*found = NULL;
	size_t			 i, n = 0, len = strlen(name);

	for (i = 0; i < nitems(commands); i++) {
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
		if (strncmp(commands[i].name, name, len) == 0) {
			found = &commands[i];
			n++;
		}
	}
	return n == 1 ? found : NULL;
}

static int
cmd_pivot(struct app *a, int argc, char **argv)
{
	int64_t		 id = app_cursor_id(a);
	const char	*kind = argc > 1 ? argv[1] : detail_kind(a);

	if (id == 0) {
		app_message(a, true, "No account under the cursor");
		return -1;
	}
	if (kind == NULL) {
		app_message(a, true, "Usage: :pivot KIND [VALUE]");
		return -1;
	}
	app_set_view(a, VIEW_ACCOUNTS);
	return app_pivot(a, id, kind, argc > 2 ? argv[2] : NULL);
}

static int
cmd_query(struct app *a, int argc, char **argv)
{
	const char	*names[CMD_MAXARGS], *values[CMD_MAXARGS];
	size_t		 n = 0;
	int		 i;

	if (argc < 2) {
		palette_open(a);
		return 0;
	}
	for (i = 2; i < argc; i++) {
		char *eq = strchr(argv[i], '=');

		if (eq == NULL || eq == argv[i]) {
			app_message(a, true, "%s: give parameters as "
			    "name=value", argv[i]);
			return -1;
		}
		*eq = '\0';
		names[n] = argv[i];
		values[n++] = eq + 1;
	}
	app_set_view(a, VIEW_ACCOUNTS);
	return palette_run_name(a, argv[1], names, values, n);
}

static int
cmd_tag(struct app *a, int argc, char **argv)
{
	tag_open(a, argc > 1 ? argv[1] : NULL, argc > 2 ? argv[2] : NULL);
	return 0;
}

static int
cmd_theme(struct app *a, int argc, char **argv)
{
	char	*cause = NULL;

	if (argc < 2) {
		app_message(a, false, "Theme: %s (default, 8colour, mono)",
		    screen_theme_current());
		return 0;
	}
	if (screen_theme(argv[1], &cause) != 0) {
		app_message(a, true, "%s", cause);
		free(cause);
		return -1;
	}
	app_message(a, false, "Theme %s", argv[1]);
	return 0;
}

static int
cmd_tz(struct app *a, int argc, char **argv)
{
	if (argc < 2) {
		app_message(a, true, "Usage: :tz ZONE");
		return -1;
	}
	return timing_set_tz(a, argv[1]);
}

static int
cmd_filter(struct app *a, int argc, char **argv)
{
	struct buf	b = BUF_INIT;
	int		i;

	for (i = 1; i < argc; i++)
		buf_printf(&b, "%s%s", i > 1 ? " " : "", argv[i]);
	if (b.len == 0)
		filter_open(a);
	else {
		app_set_view(a, VIEW_ACCOUNTS);
		filter_apply(a, b.data);
	}
	buf_free(&b);
	return 0;
}

static int
cmd_network(struct app *a, int argc, char **argv)
{
	if (argc < 2) {
		app_message(a, true, "Usage: :network NAME");
		return -1;
	}
	app_set_view(a, VIEW_ACCOUNTS);
	return app_open_network(a, argv[1]);
}

static int
cmd_view(struct app *a, int argc, char **argv)
{
	if (strcmp(argv[0], "networks") == 0) {
		app_set_view(a, VIEW_NETWORKS);
		networks_refresh(a, false);
	} else if (strcmp(argv[0], "timing") == 0)
		app_set_view(a, VIEW_TIMING);
	else
		app_set_view(a, VIEW_ACCOUNTS);
	return 0;
}

static int
cmd_back(struct app *a, int argc, char **argv)
{
	app_pop(a);
	return 0;
}

static int
cmd_help(struct app *a, int argc, char **argv)
{
	a->help = true;
	a->help_top = 0;
	return 0;
}

static int
cmd_quit(struct app *a, int argc, char **argv)
{
	a->quit = true;
	return 0;
}

/* Split a line into words; "double quotes" keep spaces. In place. */
static int
split_words(char *s, char **argv, int max)
{
	int	argc = 0;
	char	*out;

	while (*s != '\0' && argc < max) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0')
			break;
		argv[argc++] = out = s;
		while (*s != '\0' && *s != ' ' && *s != '\t') {
			if (*s == '"') {
				s++;
				while (*s != '\0' && *s != '"')
					*out++ = *s++;
				if (*s == '"')
					s++;
				continue;
			}
			*out++ = *s++;
		}
		if (*s != '\0')
			s++;
		*out = '\0';
	}
	return argc;
}

int
cmdline_exec(struct app *a, const char *line)
{
	char			*copy = xstrdup(line), *argv[CMD_MAXARGS + 1];
	const struct command	*c;
	int			 argc, rc;

	argc = split_words(copy, argv, CMD_MAXARGS);
	if (argc == 0) {
		free(copy);
		return 0;
	}
	if ((c = command_find(argv[0])) == NULL) {
		app_message(a, true, "Not a command: %s (:help lists them)",
		    argv[0]);
		free(copy);
		return -1;
	}
	argv[0] = (char *)c->name;
	rc = c->exec(a, argc, argv);
	free(copy);
	return rc;
}

static char **
strv_add(char **v, size_t *n, const char *s)
{
	v = xreallocarray(v, *n + 2, sizeof *v);
	v[(*n)++] = xstrdup(s);
	v[*n] = NULL;
	return v;
}

static char **
complete_what(struct app *a, enum complete_what w)
{
	char			**v = NULL;
	size_t			  n = 0, i;
	struct query_list	 *ql;

	switch (w) {
	case COMPLETE_NONE:
		break;
	case COMPLETE_KINDS:
		for (i = 0; i < a->nkinds; i++)
			v = strv_add(v, &n, a->kinds[i]);
		break;
	case COMPLETE_QUERIES:
		ql = query_path_list((const char *const *)a->query_dirs,
		    a->nquery_dirs);
		for (i = 0; i < ql->nentries; i++) {
			if (!ql->entries[i].overridden)
				v = strv_add(v, &n, ql->entries[i].name);
		}
		query_list_free(ql);
		break;
	case COMPLETE_THEMES:
		for (i = 0; screen_theme_names[i] != NULL; i++)
			v = strv_add(v, &n, screen_theme_names[i]);
		break;
	case COMPLETE_LABELS:
		for (i = 0; i < network_nlabels; i++)
			v = strv_add(v, &n, network_labels[i]);
		break;
	}
	return v;
}

static char **
cmdline_complete(struct app *a, const char *line, const char *word, int argi)
{
	const struct command	*c;
	char			 name[32];
	size_t			 i, n = 0, len;
	char			**v = NULL;

	if (argi == 0) {
		for (i = 0; i < nitems(commands); i++)
			v = strv_add(v, &n, commands[i].name);
		return v;
	}
	while (*line == ' ')
		line++;
	len = strcspn(line, " ");
	if (len >= sizeof name)
		return NULL;
	memcpy(name, line, len);
	name[len] = '\0';
	if ((c = command_find(name)) == NULL)
		return NULL;
	return complete_what(a, argi == 1 ? c->arg1 : argi == 2 ? c->arg2 :
	    COMPLETE_NONE);
}

static void
cmdline_done(struct app *a, const char *line, void *arg)
{
	cmdline_exec(a, line);
}

void
cmdline_open(struct app *a)
{
	struct prompt_spec	spec;

	memset(&spec, 0, sizeof spec);
	spec.label = ":";
	spec.history = &a->history;
	spec.nhistory = &a->nhistory;
	spec.complete = cmdline_complete;
	spec.done = cmdline_done;
	prompt_open(a, &spec);
}

/* The commands, for the help screen. */
size_t
cmdline_help_lines(char ***out)
{
	char	**v = NULL;
	size_t	  n = 0, i;

	for (i = 0; i < nitems(commands); i++) {
		v = xreallocarray(v, n + 1, sizeof *v);
		v[n++] = xasprintf("  :%-8s %-16s %s", commands[i].name,
		    commands[i].args, commands[i].help);
	}
	*out = v;
	return n;
}
