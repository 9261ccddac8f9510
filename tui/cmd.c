/*
 * cmd.c: the table of batch subcommands, lookup by name, and the help text
 * generated from the table.
 */
#include "config.h"
#include "cmd.h"

#include <ctype.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "audit.h"
#include "case.h"
#include "query.h"
#include "query_path.h"
#include "result.h"
#include "sanitize.h"

static const struct cmd_entry *const cmd_table[] = {
	&cmd_new_entry,
	&cmd_import_entry,
	&cmd_extract_entry,
	&cmd_check_entry,
	&cmd_query_entry,
	&cmd_pivot_entry,
	&cmd_networks_entry,
	&cmd_tag_entry,
	&cmd_log_entry,
	&cmd_replay_entry,
	&cmd_merge_entry,
	&cmd_coordination_entry,
	&cmd_timing_entry,
	&cmd_export_entry,
	&cmd_indicators_entry,
	&cmd_tips_entry,
	&cmd_vocab_entry,
	&cmd_queries_entry,
	&cmd_themes_entry,
	&cmd_demo_entry,
	&cmd_help_entry,
};

const struct cmd_entry *
cmd_find(const char *name)
{
	size_t	i;

	for (i = 0; i < nitems(cmd_table); i++) {
		if (strcmp(cmd_table[i]->name, name) == 0)
			return cmd_table[i];
	}
	return NULL;
}

void
cmd_print_help(FILE *fp)
{
	size_t	i;

	fputs("usage: cibscope [--user NAME] [--theme NAME] CASE.db\n"
	    "       cibscope [--user NAME] COMMAND [ARGS]\n"
	    "       cibscope --help | --version\n\n"
	    "cibscope opens a case database of social-media accounts for the\n"
	    "investigation of coordinated inauthentic behaviour.\n\n"
	    "commands:\n", fp);
	for (i = 0; i < nitems(cmd_table); i++)
		fprintf(fp, "  %-13s %s\n", cmd_table[i]->name,
		    cmd_table[i]->summary);
	fputs("\n", fp);
	for (i = 0; i < nitems(cmd_table); i++)
		fprintf(fp, "  cibscope %s %s\n", cmd_table[i]->name,
		    cmd_table[i]->usage);
	fputs("\noptions:\n"
	    "  --user NAME   who is acting, for the audit trail (default: "
	    "$CIBSCOPE_USER,\n"
	    "                else the login name)\n"
	    "  --theme NAME  the screen's colour theme (default: "
	    "$CIBSCOPE_THEME, else\n"
	    "                default; see cibscope themes)\n"
	    "  --trace FILE  append the screen's timing trace to FILE "
	    "(default:\n"
	    "                $CIBSCOPE_TRACE; format in cibscope(1))\n"
	    "  --sql-timeout SECONDS\n"
	    "                stop a saved query's raw SQL after SECONDS "
	    "(default:\n"
	    "                $CIBSCOPE_SQL_TIMEOUT, else 10)\n"
	    "  --help        this text\n"
	    "  --version     the version\n\n"
	    "See cibscope(1) for the details.\n", fp);
}

/* Print text wrapped at 76 columns, each line indented by indent. */
static void
print_wrapped(FILE *fp, const char *text, int indent)
{
	const char	*p = text, *end;
	int		 col = indent, len;

	fprintf(fp, "%*s", indent, "");
	while (*p != '\0') {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		end = strchr(p, ' ');
		len = end != NULL ? (int)(end - p) : (int)strlen(p);
		if (col > indent && col + 1 + len > 76) {
			fprintf(fp, "\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', fp);
			col++;
		}
		fprintf(fp, "%.*s", len, p);
		col += len;
		p += len;
	}
	fputc('\n', fp);
}

void
cmd_print_command_help(FILE *fp, const struct cmd_entry *e)
{
	const struct cmd_option	*o;
	const char		*p, *nl;

	fprintf(fp, "usage: cibscope %s %s\n\n", e->name, e->usage);
	print_wrapped(fp, e->summary, 0);
	fputs("\noptions:\n", fp);
	for (o = e->options; o != NULL && o->name != NULL; o++) {
		fputs("  ", fp);
		if (o->val < 0x80 && isalpha(o->val))
			fprintf(fp, "-%c, ", o->val);
		fprintf(fp, "--%s", o->name);
		if (o->arg != NULL)
			fprintf(fp, " %s", o->arg);
		fputc('\n', fp);
		print_wrapped(fp, o->help, 8);
	}
	fputs("  --help\n", fp);
	print_wrapped(fp, "Print this text and exit.", 8);
	if (e->example != NULL) {
		fputs("\nexample:\n", fp);
		for (p = e->example; *p != '\0'; p = nl + (*nl != '\0')) {
			if ((nl = strchr(p, '\n')) == NULL)
				nl = p + strlen(p);
			fprintf(fp, "  %.*s\n", (int)(nl - p), p);
		}
	}
	fputs("\nexit status:\n", fp);
	print_wrapped(fp, e->exit_status != NULL ? e->exit_status :
	    CMD_EXIT_STATUS, 2);
}

/*
 * len bytes of s as roff text: backslashes and dashes escaped (roff
 * prints a bare dash as a hyphen), and no control character at the start.
 */
static void
man_text(FILE *fp, const char *s, size_t len)
{
	size_t	i;

	if (len > 0 && (*s == '.' || *s == '\''))
		fputs("\\&", fp);
	for (i = 0; i < len; i++) {
		if (s[i] == '\\')
			fputs("\\e", fp);
		else if (s[i] == '-')
			fputs("\\-", fp);
		else
			fputc(s[i], fp);
	}
}

static void
man_line(FILE *fp, const char *before, const char *s, const char *after)
{
	fputs(before, fp);
	man_text(fp, s, strlen(s));
	fputs(after, fp);
}

void
cmd_print_man(FILE *fp)
{
	const struct cmd_entry	*e;
	const struct cmd_option	*o;
	const char		*p, *nl;
	size_t			 i;

	for (i = 0; i < nitems(cmd_table); i++) {
		e = cmd_table[i];
		man_line(fp, ".SS ", e->name, "\n");
		man_line(fp, ".B cibscope ", e->name, "\n");
		man_line(fp, "", e->usage, "\n.br\n");
		man_line(fp, "", e->summary, ".\n");
		for (o = e->options; o != NULL && o->name != NULL; o++) {
			fputs(".TP\n.B ", fp);
			if (o->val < 0x80 && isalpha(o->val))
				fprintf(fp, "\\-%c, ", o->val);
			man_line(fp, "\\-\\-", o->name, "");
			if (o->arg != NULL)
				man_line(fp, " \\fI", o->arg, "\\fR");
			man_line(fp, "\n", o->help, "\n");
		}
		if (e->example != NULL) {
			fputs(".PP\nExample:\n.RS 4\n.nf\n", fp);
			for (p = e->example; *p != '\0'; p = nl + (*nl != '\0')) {
				if ((nl = strchr(p, '\n')) == NULL)
					nl = p + strlen(p);
				man_text(fp, p, (size_t)(nl - p));
				fputc('\n', fp);
			}
			fputs(".fi\n.RE\n", fp);
		}
		man_line(fp, ".PP\nExit status: ", e->exit_status != NULL ?
		    e->exit_status : CMD_EXIT_STATUS, "\n");
	}
}

bool
cmd_wants_help(int argc, char **argv)
{
	int	i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0)
			return true;
	}
	return false;
}

int
cmd_getopt(int argc, char **argv, const struct cmd_entry *e)
{
	static const struct cmd_entry	*built;
	static struct option		*longopts;
	static char			*shortopts;
	const struct cmd_option		*o;
	size_t				 n = 0, i, s = 0;

	if (e == NULL)
		return -1;
	if (built != e || shortopts == NULL || longopts == NULL) {
		for (o = e->options; o != NULL && o->name != NULL; o++)
			n++;
		free(longopts);
		free(shortopts);
		longopts = xcalloc(n + 1, sizeof *longopts);
		shortopts = xcalloc(2 * n + 1, 1);
		for (i = 0; i < n; i++) {
			o = &e->options[i];
			longopts[i].name = o->name;
			longopts[i].has_arg = o->arg != NULL ?
			    required_argument : no_argument;
			longopts[i].val = o->val;
			if (o->val < 0x80 && isalpha(o->val) &&
			    strchr(shortopts, o->val) == NULL) {
				shortopts[s++] = (char)o->val;
				if (o->arg != NULL)
					shortopts[s++] = ':';
			}
		}
		built = e;
	}
	return getopt_long(argc, argv, shortopts, longopts, NULL);
}

/*
 * Write a formatted message line by line through the sanitizer: messages
 * quote names, values and file names that come from cases and files
 * written by others, and a terminal must never receive their escapes.
 */
static void cmd_vprint(FILE *, const char *, const char *, va_list)
    CIB_PRINTF(3, 0);

static void
cmd_vprint(FILE *fp, const char *prefix, const char *fmt, va_list ap)
{
	struct buf	 b = BUF_INIT;
	char		*msg = xvasprintf(fmt, ap);
	size_t		 len = strlen(msg), at = 0, end, next;

	fputs(prefix, fp);
	do {
		end = at + sanitize_line(msg + at, len - at, &next);
		buf_clear(&b);
		sanitize(msg + at, end - at, 0, &b);
		fputs(b.data != NULL ? b.data : "", fp);
		fputc('\n', fp);
		at += next;
	} while (at < len);
	buf_free(&b);
	free(msg);
}

int
cmd_error(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	cmd_vprint(stderr, "cibscope: ", fmt, ap);
	va_end(ap);
	return 1;
}

void
cmd_printf(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	cmd_vprint(stdout, "", fmt, ap);
	va_end(ap);
}

int
cmd_usage(const struct cmd_entry *e)
{
	fprintf(stderr, "usage: cibscope %s %s\n", e->name, e->usage);
	return 2;
}

struct case_db *
cmd_case_open(const char *path, int flags)
{
	struct case_db	*c;
	char		*cause = NULL;

	if ((c = case_open(path, flags, &cause)) == NULL) {
		cmd_error("%s", cause);
		free(cause);
		return NULL;
	}
	if (c->notice != NULL)
		cmd_error("%s", c->notice);
	if (c->migrated_from != 0)
		cmd_error("%s: migrated from schema version %d to %d", path,
		    c->migrated_from, c->version);
	return c;
}

int
cmd_query_print(struct case_db *c, const struct query *q,
    const struct query_args *a, int format, const char *action)
{
	struct query_result	*r;
	char			*cause = NULL, *detail;
	int			 status = 0;

	if (query_run(c, q, a, &r, &cause) != 0) {
		cmd_error("%s", cause);
		free(cause);
		return 1;
	}
	if (result_print(stdout, c, r, (enum result_format)format,
	    &cause) != 0) {
		cmd_error("%s", cause);
		free(cause);
		status = 1;
	}
	if (!c->readonly) {
		detail = xasprintf("{\"query\":%s,\"count\":%lld}",
		    r->canonical, (long long)r->count);
		if (audit_append(c, action, q->name != NULL ? q->name :
		    q->file, detail, &cause) != 0) {
			cmd_error("%s", cause);
			free(cause);
			status = 1;
		}
		free(detail);
	}
	query_result_free(c, r);
	return status;
}

/* Check one file; print its error. 0 when sound. */
static int
check_one(const char *file, int (*check)(const char *, char **))
{
	char	*cause = NULL;

	if (check(file, &cause) == 0)
		return 0;
	cmd_printf("%s", cause);
	free(cause);
	return -1;
}

int
cmd_check_files(int argc, char **argv, const char *what,
    int (*check)(const char *, char **))
{
	struct query_files	 f;
	struct stat		 st;
	char			*cause;
	size_t			 nfiles = 0, nbad = 0, j;
	int			 i;

	for (i = 0; i < argc; i++) {
		if (stat(argv[i], &st) == -1 || !S_ISDIR(st.st_mode)) {
			nfiles++;
			if (check_one(argv[i], check) != 0)
				nbad++;
			continue;
		}
		cause = NULL;
		if (query_files_scan(argv[i], &f, &cause) != 0) {
			cmd_printf("%s", cause);
			free(cause);
			nbad++;
			continue;
		}
		/* A file the search path would skip is a mistake here. */
		for (j = 0; j < f.nwarnings; j++) {
			cmd_printf("%s", f.warnings[j]);
			nfiles++;
			nbad++;
		}
		for (j = 0; j < f.nfiles; j++) {
			nfiles++;
			if (check_one(f.files[j], check) != 0)
				nbad++;
		}
		query_files_free(&f);
	}
	printf("checked %zu %s file%s: %zu ok, %zu with errors\n", nfiles,
	    what, nfiles == 1 ? "" : "s", nfiles - nbad, nbad);
	return nbad == 0 ? 0 : 1;
}
