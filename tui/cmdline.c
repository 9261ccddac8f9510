/*
 * cmdline.c: the `:` command line. Each command is one row of a table
 * with its arguments, its help and the completion of its arguments; the
 * same words a saved query or the batch commands use (kinds, query
 * names, labels).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "export.h"
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
	COMPLETE_FORMATS,
	COMPLETE_EXPORT,	/* a format, or a saved network's name */
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
static int	cmd_export(struct app *, int, char **);
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
	{ "theme", "NAME", "switch the colour theme (cibscope themes lists "
	    "them)", COMPLETE_THEMES, COMPLETE_NONE, cmd_theme },
	{ "export", "[NET] FMT [FILE]", "write the selected (or named) "
	    "network to FILE, else NET.EXT here (never over a file)",
	    COMPLETE_EXPORT, COMPLETE_FORMATS, cmd_export },
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
	{ "tips", "", "the tips view: partners' tips and the accounts they "
	    "hit", COMPLETE_NONE, COMPLETE_NONE, cmd_view },
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

static const char *
colour_level_name(void)
{
	switch (screen_colours()) {
	case 256:
		return "256 colours";
	case 16:
		return "16 colours";
	case 8:
		return "8 colours";
	default:
		return "no colour";
	}
}

static int
cmd_theme(struct app *a, int argc, char **argv)
{
	char		*cause = NULL, **names;
	struct buf	 b = BUF_INIT;
	size_t		 i;

	if (argc < 2) {
		names = screen_theme_names();
		for (i = 0; names[i] != NULL; i++) {
			buf_printf(&b, "%s%s", i > 0 ? ", " : "", names[i]);
			free(names[i]);
		}
		free(names);
		app_message(a, false, "Theme %s (%s); :theme NAME switches: %s",
		    screen_theme_current(), colour_level_name(),
		    b.data != NULL ? b.data : "");
		buf_free(&b);
		return 0;
	}
	if (screen_theme(argv[1], &cause) != 0) {
		app_message(a, true, "%s", cause);
		free(cause);
		return -1;
	}
	app_message(a, false, "Theme %s (%s)", screen_theme_current(),
	    colour_level_name());
	return 0;
}

/* What export file names end in, by format. */
static const char *const export_exts[] = {
	[EXPORT_CSV] = "csv",
	[EXPORT_JSON] = "json",
	[EXPORT_GEXF] = "gexf",
	[EXPORT_GRAPHML] = "graphml",
	[EXPORT_DOT] = "dot",
	[EXPORT_STIX] = "stix.json",
	[EXPORT_MISP] = "misp.json",
	[EXPORT_MARKDOWN] = "md",
};

/* NETWORK.EXT in the current directory: a network's name may hold any
 * text, so what would not be safe in a file name becomes "_". */
static char *
export_default_file(const char *network, enum export_format f)
{
	char	*stem = xstrdup(*network != '\0' ? network : "network"), *p;
	char	*file;

	for (p = stem; *p != '\0'; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
		    (*p == '.' && p != stem)))
			*p = '_';
	}
	file = xasprintf("%s.%s", stem, export_exts[f]);
	free(stem);
	return file;
}

/*
 * Write network in format f to file, which must not exist yet: it is
 * created exclusively, so nothing is ever overwritten, and removed again
 * when the export fails or is cancelled. Says on the status line where
 * it wrote, or why not.
 */
static int
export_to_file(struct app *a, const char *network, enum export_format f,
    const char *file)
{
	struct export_opts	 o;
	FILE			*fp;
	char			*cause = NULL, *where;
	int			 fd, rc;

	if ((fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0666)) == -1) {
		if (errno == EEXIST)
			app_message(a, true, "File %s exists: not overwritten; "
			    "give another FILE (:export %s %s FILE)", file,
			    network, export_format_name(f));
		else
			app_message(a, true, "File %s: %s", file,
			    strerror(errno));
		return -1;
	}
	if ((fp = fdopen(fd, "w")) == NULL) {
		app_message(a, true, "%s: %s", file, strerror(errno));
		close(fd);
		unlink(file);
		return -1;
	}
	memset(&o, 0, sizeof o);
	app_busy_begin(a, "export", false);
	rc = export_network(a->c, network, f, &o, fp, &cause);
	app_busy_end(a);
	if (fclose(fp) != 0 && rc == 0) {
		cause = xasprintf("%s: %s", file, strerror(errno));
		rc = -1;
	}
	if (rc != 0) {
		unlink(file);
		if (a->busy_cancelled)
			app_message(a, true, "Export cancelled; nothing written");
		else
			app_message(a, true, "%s", cause);
		free(cause);
		return -1;
	}
	where = realpath(file, NULL);
	app_message(a, false, "Wrote network %s as %s to %s", network,
	    export_format_name(f), where != NULL ? where : file);
	free(where);
	return 0;
}

/* :export FORMAT [FILE] exports the saved network selected in the
 * networks view; :export NETWORK FORMAT [FILE] names one. */
static int
cmd_export(struct app *a, int argc, char **argv)
{
	const char	*selected, *file;
	char		*network, *path;
	int		 f, rc;

	if (argc >= 3 && argc <= 4 && (f = export_format_parse(argv[2])) >= 0) {
		network = xstrdup(argv[1]);
		file = argc > 3 ? argv[3] : NULL;
	} else if (argc >= 2 && argc <= 3 &&
	    (f = export_format_parse(argv[1])) >= 0) {
		if ((selected = networks_selected(a)) == NULL) {
			app_message(a, true, "No saved network selected: choose "
			    "one in the networks view (2), or :export NETWORK "
			    "FORMAT [FILE]");
			return -1;
		}
		network = xstrdup(selected);
		file = argc > 2 ? argv[2] : NULL;
	} else {
		app_message(a, true, "Usage: :export [NETWORK] FORMAT [FILE] "
		    "(formats: %s)", export_format_list());
		return -1;
	}
	path = file != NULL ? xstrdup(file) :
	    export_default_file(network, (enum export_format)f);
	rc = export_to_file(a, network, (enum export_format)f, path);
	free(path);
	free(network);
	return rc;
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
	else if (strcmp(argv[0], "tips") == 0) {
		app_set_view(a, VIEW_TIPS);
		tips_refresh(a);
	}
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
	char			**v = NULL, **names, *cause = NULL;
	size_t			  n = 0, i, nnets;
	struct query_list	 *ql;
	struct network_row	 *nets;

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
		names = screen_theme_names();
		for (i = 0; names[i] != NULL; i++) {
			v = strv_add(v, &n, names[i]);
			free(names[i]);
		}
		free(names);
		break;
	case COMPLETE_LABELS:
		for (i = 0; i < network_nlabels; i++)
			v = strv_add(v, &n, network_labels[i]);
		break;
	case COMPLETE_EXPORT:
		if (network_list(a->c, &nets, &nnets, &cause) == 0) {
			/* Quoted when split_words() would cut it. */
			for (i = 0; i < nnets; i++) {
				char *q = xasprintf("\"%s\"", nets[i].name);

				v = strv_add(v, &n, strpbrk(nets[i].name,
				    " \t\"") != NULL ? q : nets[i].name);
				free(q);
			}
			network_list_free(nets, nnets);
		}
		free(cause);
		/* FALLTHROUGH */
	case COMPLETE_FORMATS:
		for (i = 0; i <= EXPORT_MARKDOWN; i++)
			v = strv_add(v, &n, export_format_name(
			    (enum export_format)i));
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
