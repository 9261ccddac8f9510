/*
 * testutil.c: scratch directories, reference data and small case helpers
 * for the unit tests.
 */
#include "config.h"
#include "testutil.h"

#include <errno.h>
#include <stdarg.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "case.h"
#include "util.h"

static char	*tmpdir;
static pid_t	 tmpdir_pid;

static void
mkdir_p(const char *path)
{
	char	*p = xstrdup(path), *s;

	for (s = p + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
	mkdir(p, 0755);
	free(p);
}

static int
remove_one(const char *path, const struct stat *sb, int flag,
    struct FTW *ftw)
{
	remove(path);
	return 0;
}

/* Remove the process's scratch folder at exit (Check runs each test in
 * a child of its own), unless CIB_KEEP_TMP asks to keep it. */
static void
tmpdir_remove(void)
{
	if (tmpdir != NULL && tmpdir_pid == getpid() &&
	    getenv("CIB_KEEP_TMP") == NULL)
		nftw(tmpdir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

const char *
tu_tmpdir(void)
{
	const char	*base = getenv("CIB_BUILDDIR");
	char		*root, *tmpl;

	if (tmpdir != NULL)
		return tmpdir;
	root = xasprintf("%s/tests/tmp", base != NULL ? base : "/tmp");
	mkdir_p(root);
	tmpl = xasprintf("%s/unit.XXXXXX", root);
	free(root);
	if (mkdtemp(tmpl) == NULL) {
		fprintf(stderr, "mkdtemp %s: %s\n", tmpl, strerror(errno));
		exit(99);
	}
	tmpdir = tmpl;
	tmpdir_pid = getpid();
	atexit(tmpdir_remove);
	return tmpdir;
}

char *
tu_path(const char *name)
{
	return xasprintf("%s/%s", tu_tmpdir(), name);
}

char *
tu_write(const char *name, const char *text)
{
	char	*path = tu_path(name);
	FILE	*fp = fopen(path, "wb");

	ck_assert_msg(fp != NULL, "cannot write %s", path);
	fwrite(text, 1, strlen(text), fp);
	fclose(fp);
	return path;
}

char *
tu_data(const char *rel)
{
	const char	*base = getenv("CIB_DATA");
	char		*path;

	path = xasprintf("%s/%s", base != NULL ? base : "../shared/data", rel);
	if (access(path, R_OK) != 0) {
		fprintf(stderr, "note: reference data %s is absent; "
		    "the test that reads it checks nothing\n", path);
		free(path);
		return NULL;
	}
	return path;
}

char *
tu_src(const char *rel)
{
	const char	*base = getenv("CIB_SRCDIR");

	return xasprintf("%s/%s", base != NULL ? base : ".", rel);
}

struct case_db *
tu_case_new(void)
{
	static int	 n;
	char		*name, *path, *cause = NULL;
	struct case_db	*c;

	name = xasprintf("case%d.db", ++n);
	path = tu_path(name);
	c = case_create(path, "test", &cause);
	ck_assert_msg(c != NULL, "case_create: %s", cause);
	free(name);
	free(path);
	return c;
}

void
tu_sql(struct case_db *c, const char *fmt, ...)
{
	va_list	 ap;
	char	*q, *err = NULL;

	va_start(ap, fmt);
	q = xvasprintf(fmt, ap);
	va_end(ap);
	ck_assert_msg(sqlite3_exec(c->db, q, NULL, NULL, &err) == SQLITE_OK,
	    "%s: %s", q, err);
	free(q);
}

long long
tu_int(struct case_db *c, const char *sql)
{
	sqlite3_stmt	*st;
	long long	 v;

	ck_assert_msg(sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) ==
	    SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(c->db));
	ck_assert_msg(sqlite3_step(st) == SQLITE_ROW, "%s: no row", sql);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

char *
tu_slurp(const char *path, size_t *len)
{
	FILE	*fp = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char	 chunk[8192];
	size_t	 n;

	if (fp == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&b, chunk, n);
	fclose(fp);
	if (len != NULL)
		*len = b.len;
	return buf_steal(&b);
}
