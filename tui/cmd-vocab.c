/*
 * cmd-vocab.c: `cibscope vocab import CASE.db FILE` loads a technique
 * vocabulary (DISARM Red techniques, Meta's kill chain) into a case;
 * `cibscope vocab list CASE.db` prints what is loaded.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "cmd.h"
#include "sanitize.h"
#include "vocab.h"


static void
vocab_warn(void *arg, const char *msg)
{
	(void)arg;
	cmd_error("%s", msg);
}

static int
vocab_cmd_import(const char *path, const char *file)
{
	struct vocab_import_stats	 st;
	struct case_db			*c;
	char				*cause = NULL;

	if ((c = cmd_case_open(path, 0)) == NULL)
		return 1;
	if (vocab_import(c, file, vocab_warn, NULL, &st, &cause) != 0) {
		cmd_error("%s", cause);
		free(cause);
		case_close(c);
		return 1;
	}
	printf("%s: %lld %s technique ids loaded from %lld rows",
	    file, (long long)st.ids, vocab_framework_title(st.framework),
	    (long long)st.rows);
	if (st.skipped > 0)
		printf(", %lld bad rows skipped", (long long)st.skipped);
	putchar('\n');
	case_close(c);
	return 0;
}

static void
print_cell(const char *s, int flags)
{
	struct buf	b = BUF_INIT;

	if (s == NULL)
		return;
	sanitize(s, strlen(s), flags, &b);
	if (b.data != NULL)
		fputs(b.data, stdout);
	buf_free(&b);
}

static void
list_one(void *arg, const struct vocab_entry *e)
{
	(void)arg;
	print_cell(e->framework, SANITIZE_ONELINE);
	putchar('\t');
	print_cell(e->id, SANITIZE_ONELINE);
	putchar('\t');
	print_cell(e->name, SANITIZE_ONELINE);
	putchar('\t');
	print_cell(e->tactic, SANITIZE_ONELINE);
	putchar('\n');
}

static int
vocab_cmd_list(const char *path)
{
	struct case_db	*c;
	char		*cause = NULL;
	int64_t		 n;

	if ((c = cmd_case_open(path, CASE_OPEN_READONLY)) == NULL)
		return 1;
	n = vocab_each(c, list_one, NULL, &cause);
	case_close(c);
	if (n < 0) {
		cmd_error("%s", cause);
		free(cause);
		return 1;
	}
	if (n == 0)
		fprintf(stderr, "cibscope: %s: no vocabulary loaded (use "
		    "`cibscope vocab import`)\n", path);
	return 0;
}

static int
cmd_vocab_exec(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "import") == 0)
		return vocab_cmd_import(argv[2], argv[3]);
	if (argc == 3 && strcmp(argv[1], "list") == 0)
		return vocab_cmd_list(argv[2]);
	return cmd_usage(&cmd_vocab_entry);
}

const struct cmd_entry cmd_vocab_entry = {
	.name = "vocab",
	.usage = "import CASE.db FILE | list CASE.db",
	.summary = "load or list technique vocabularies (DISARM, Meta)",
	.exec = cmd_vocab_exec,
	.example = "cibscope vocab import case.db disarm.yaml\ncibscope vocab "
	    "list case.db",
};
