/*
 * query_path.c: the directories saved queries come from, what each holds,
 * which file of a name wins, and the symlink rule that keeps a shared
 * folder from pointing cibscope at files outside it.
 */
#include "config.h"
#include "query_path.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "query.h"
#include "util.h"
#include "ydoc.h"

#ifndef CIB_PKGDATADIR
#define CIB_PKGDATADIR "/usr/local/share/cibscope"
#endif

const char *const query_dir_origin_names[] = {
	[QUERY_DIR_SHIPPED] = "shipped",
	[QUERY_DIR_USER] = "user",
	[QUERY_DIR_ENV] = "CIBSCOPE_QUERY_PATH",
	[QUERY_DIR_EXTRA] = "--queries",
};

static void
add_dir(struct query_dir **dirs, size_t *n, const char *path, size_t len,
    enum query_dir_origin origin)
{
	*dirs = xreallocarray(*dirs, *n + 1, sizeof **dirs);
	(*dirs)[*n].path = xstrndup(path, len);
	(*dirs)[*n].origin = origin;
	(*n)++;
}

struct query_dir *
query_path_dirs(const char *const *extra, size_t nextra, size_t *ndirs)
{
	struct query_dir	*dirs = NULL;
	const char		*env, *p, *colon;
	char			*s;
	size_t			 n = 0, i;

	s = xasprintf("%s/queries", CIB_PKGDATADIR);
	add_dir(&dirs, &n, s, strlen(s), QUERY_DIR_SHIPPED);
	free(s);

	/* The XDG spec says to ignore a relative XDG_CONFIG_HOME. */
	env = getenv("XDG_CONFIG_HOME");
	if (env != NULL && env[0] == '/')
		s = xasprintf("%s/cibscope/queries", env);
	else if ((env = getenv("HOME")) != NULL && *env != '\0')
		s = xasprintf("%s/.config/cibscope/queries", env);
	else
		s = NULL;
	if (s != NULL) {
		add_dir(&dirs, &n, s, strlen(s), QUERY_DIR_USER);
		free(s);
	}

	if ((env = getenv("CIBSCOPE_QUERY_PATH")) != NULL) {
		for (p = env; *p != '\0'; p = *colon == '\0' ? colon :
		    colon + 1) {
			if ((colon = strchr(p, ':')) == NULL)
				colon = p + strlen(p);
			if (colon > p)
				add_dir(&dirs, &n, p, (size_t)(colon - p),
				    QUERY_DIR_ENV);
		}
	}

	for (i = 0; i < nextra; i++) {
		if (extra[i] != NULL && *extra[i] != '\0')
			add_dir(&dirs, &n, extra[i], strlen(extra[i]),
			    QUERY_DIR_EXTRA);
	}
	*ndirs = n;
	return dirs;
}

void
query_dirs_free(struct query_dir *dirs, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(dirs[i].path);
	free(dirs);
}

/* Length of the extension (".yaml" 5, ".yml" 4), or 0 for neither. */
static size_t
query_ext(const char *name)
{
	size_t	len = strlen(name);

	if (len > 5 && strcmp(name + len - 5, ".yaml") == 0)
		return 5;
	if (len > 4 && strcmp(name + len - 4, ".yml") == 0)
		return 4;
	return 0;
}

bool
query_path_is_file(const char *s)
{
	return strchr(s, '/') != NULL || query_ext(s) != 0;
}

/* [a-z0-9][a-z0-9_-]{0,63}, as query_yaml.c requires of name:. */
static bool
name_valid(const char *s)
{
	size_t	i;

	if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return false;
	for (i = 1; s[i] != '\0'; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
		    s[i] == '-'))
			return false;
	}
	return i <= 64;
}

/*
 * May path (an entry of dir) be read as a query file? Applies the symlink
 * rule and wants a readable regular file. Returns 1 yes; 0 no, with *why
 * set to a warning; -1 when there is no such file at all.
 */
static int
file_usable(const char *dir, const char *path, char **why)
{
	struct stat	 st;
	char		*rdir, *rfile;
	size_t		 n;
	int		 ok;

	*why = NULL;
	if (lstat(path, &st) == -1)
		return -1;
	if (S_ISLNK(st.st_mode)) {
		if ((rfile = realpath(path, NULL)) == NULL) {
			*why = xasprintf("%s: symlink to nowhere (%s); skipped",
			    path, strerror(errno));
			return 0;
		}
		if ((rdir = realpath(dir, NULL)) == NULL) {
			*why = xasprintf("%s: %s; skipped", dir,
			    strerror(errno));
			free(rfile);
			return 0;
		}
		n = strlen(rdir);
		ok = strncmp(rfile, rdir, n) == 0 && (rfile[n] == '/' ||
		    (n == 1 && rdir[0] == '/'));
		if (!ok)
			*why = xasprintf("%s: symlink leads outside %s (to %s); "
			    "skipped", path, dir, rfile);
		free(rdir);
		free(rfile);
		if (!ok)
			return 0;
		if (stat(path, &st) == -1) {
			*why = xasprintf("%s: %s; skipped", path,
			    strerror(errno));
			return 0;
		}
	}
	if (!S_ISREG(st.st_mode)) {
		*why = xasprintf("%s: not a regular file; skipped", path);
		return 0;
	}
	if (access(path, R_OK) != 0) {
		*why = xasprintf("%s: cannot read (%s); skipped", path,
		    strerror(errno));
		return 0;
	}
	return 1;
}

static void
add_string(char ***v, size_t *n, char *s)
{
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = s;
}

static int
cmp_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
query_files_scan(const char *dir, struct query_files *out, char **cause)
{
	DIR		*d;
	struct dirent	*de;
	char		*path, *why;
	int		 saved;

	memset(out, 0, sizeof *out);
	if ((d = opendir(dir)) == NULL) {
		saved = errno;
		set_cause(cause, "%s: %s", dir, strerror(errno));
		errno = saved;
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || query_ext(de->d_name) == 0)
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		switch (file_usable(dir, path, &why)) {
		case 1:
			add_string(&out->files, &out->nfiles, path);
			break;
		case 0:
			add_string(&out->warnings, &out->nwarnings, why);
			free(path);
			break;
		default:
			free(path);
			break;
		}
	}
	closedir(d);
	if (out->nfiles > 1)
		qsort(out->files, out->nfiles, sizeof *out->files,
		    cmp_strings);
	if (out->nwarnings > 1)
		qsort(out->warnings, out->nwarnings, sizeof *out->warnings,
		    cmp_strings);
	return 0;
}

void
query_files_free(struct query_files *f)
{
	size_t	i;

	for (i = 0; i < f->nfiles; i++)
		free(f->files[i]);
	free(f->files);
	for (i = 0; i < f->nwarnings; i++)
		free(f->warnings[i]);
	free(f->warnings);
	memset(f, 0, sizeof *f);
}

/* The file name of path without its directory and extension. */
static char *
file_stem(const char *path)
{
	const char	*base = strrchr(path, '/');

	base = base != NULL ? base + 1 : path;
	return xstrndup(base, strlen(base) - query_ext(base));
}

/*
 * Where the top-level name: value sits, for a mismatch complaint. The file
 * has just loaded as a query, so reading it again finds the place.
 */
static void
name_value_pos(const char *file, int *line, int *col)
{
	static const struct ydoc_rules	 rules = {
		.kind = "query",
		.expect = "a query",
		.max_bytes = QUERY_MAX_FILE,
		.max_depth = 64,
	};
	const struct ydoc_node		*n;
	struct ydoc			*doc = NULL;
	char				*text;
	size_t				 len;

	*line = *col = 1;
	if ((text = ydoc_slurp(file, &rules, &len, NULL)) != NULL)
		doc = ydoc_read(text, len, file, &rules, NULL);
	if (doc != NULL && (n = ydoc_get(doc->root, "name")) != NULL) {
		*line = n->pos.line;
		*col = n->pos.col;
	}
	ydoc_free(doc);
	free(text);
}

struct query *
query_path_check_file(const char *file, char **cause)
{
	struct query	*q;
	char		*stem;
	int		 line, col;

	if ((q = query_load_file(file, cause)) == NULL)
		return NULL;
	if (query_ext(file) == 0)
		return q;
	stem = file_stem(file);
	if (strcmp(stem, q->name) != 0) {
		name_value_pos(file, &line, &col);
		set_cause(cause, "%s:%d:%d: name \"%s\" does not match the file "
		    "name; it would be found as \"%s\"", file, line, col,
		    q->name, stem);
		query_free(q);
		q = NULL;
	}
	free(stem);
	return q;
}

/* Sort order: name, then search order, .yml before .yaml in one dir. */
static int
cmp_entries(const void *a, const void *b)
{
	const struct query_entry	*ea = a, *eb = b;
	int				 c = strcmp(ea->name, eb->name);

	if (c != 0)
		return c;
	if (ea->dir != eb->dir)
		return ea->dir < eb->dir ? -1 : 1;
	return (query_ext(ea->file) == 5) - (query_ext(eb->file) == 5);
}

struct query_list *
query_path_list(const char *const *extra, size_t nextra)
{
	struct query_list	*l;
	struct query_files	 f;
	struct query_entry	*e;
	struct query		*q;
	char			*cause;
	size_t			 i, j, first;

	l = xcalloc(1, sizeof *l);
	l->dirs = query_path_dirs(extra, nextra, &l->ndirs);
	for (i = 0; i < l->ndirs; i++) {
		cause = NULL;
		if (query_files_scan(l->dirs[i].path, &f, &cause) != 0) {
			/* Missing search dirs are normal; a missing
			 * --queries DIR is probably a typo. */
			if ((errno != ENOENT && errno != ENOTDIR) ||
			    l->dirs[i].origin == QUERY_DIR_EXTRA)
				add_string(&l->warnings, &l->nwarnings, cause);
			else
				free(cause);
			continue;
		}
		for (j = 0; j < f.nwarnings; j++) {
			add_string(&l->warnings, &l->nwarnings,
			    f.warnings[j]);
			f.warnings[j] = NULL;
		}
		for (j = 0; j < f.nfiles; j++) {
			l->entries = xreallocarray(l->entries, l->nentries + 1,
			    sizeof *l->entries);
			e = &l->entries[l->nentries++];
			memset(e, 0, sizeof *e);
			e->file = f.files[j];
			f.files[j] = NULL;
			e->name = file_stem(e->file);
			e->dir = i;
			cause = NULL;
			if ((q = query_path_check_file(e->file, &cause)) ==
			    NULL) {
				e->error = cause;
				continue;
			}
			if (q->title != NULL)
				e->title = xstrdup(q->title);
			if (q->description != NULL)
				e->description = xstrdup(q->description);
			query_free(q);
		}
		query_files_free(&f);
	}
	if (l->nentries > 1)
		qsort(l->entries, l->nentries, sizeof *l->entries,
		    cmp_entries);
	for (first = 0, i = 1; i <= l->nentries; i++) {
		if (i < l->nentries &&
		    strcmp(l->entries[i].name, l->entries[first].name) == 0)
			continue;
		for (j = first; j + 1 < i; j++) {
			l->entries[j].overridden = true;
			l->entries[j].winner = i - 1;
		}
		first = i;
	}
	return l;
}

void
query_list_free(struct query_list *l)
{
	size_t	i;

	if (l == NULL)
		return;
	query_dirs_free(l->dirs, l->ndirs);
	for (i = 0; i < l->nentries; i++) {
		free(l->entries[i].name);
		free(l->entries[i].file);
		free(l->entries[i].title);
		free(l->entries[i].description);
		free(l->entries[i].error);
	}
	free(l->entries);
	for (i = 0; i < l->nwarnings; i++)
		free(l->warnings[i]);
	free(l->warnings);
	free(l);
}

char *
query_path_find_name(const char *name, const char *const *extra,
    size_t nextra, char **cause)
{
	static const char *const exts[] = { ".yaml", ".yml" };
	struct query_dir	*dirs;
	struct buf		 searched = BUF_INIT;
	char			*path, *why, *found = NULL;
	size_t			 ndirs, i, j;

	if (strchr(name, '/') != NULL || strstr(name, "..") != NULL)
		return set_cause(cause, "\"%s\" is not a query name (a name "
		    "cannot hold '/' or '..')", name), NULL;
	if (!name_valid(name))
		return set_cause(cause, "\"%s\" is not a query name (use "
		    "lower-case letters, digits, '_' and '-')", name), NULL;

	dirs = query_path_dirs(extra, nextra, &ndirs);
	for (i = ndirs; i-- > 0 && found == NULL;) {
		for (j = 0; j < nitems(exts) && found == NULL; j++) {
			path = xasprintf("%s/%s%s", dirs[i].path, name,
			    exts[j]);
			if (file_usable(dirs[i].path, path, &why) == 1)
				found = path;
			else
				free(path);
			free(why);
		}
	}
	if (found == NULL) {
		for (i = 0; i < ndirs; i++)
			buf_printf(&searched, "%s%s", i == 0 ? "" : ", ",
			    dirs[i].path);
		set_cause(cause, "no saved query named \"%s\" (searched %s)",
		    name, searched.data != NULL ? searched.data : "nothing");
		buf_free(&searched);
	}
	query_dirs_free(dirs, ndirs);
	return found;
}

char *
query_path_find(const char *name_or_file, const char *const *extra,
    size_t nextra, char **cause)
{
	if (query_path_is_file(name_or_file))
		return xstrdup(name_or_file);
	return query_path_find_name(name_or_file, extra, nextra, cause);
}

struct query *
query_path_load(const char *name_or_file, const char *const *extra,
    size_t nextra, char **cause)
{
	struct query	*q;
	char		*file;

	if (query_path_is_file(name_or_file))
		return query_load_file(name_or_file, cause);
	if ((file = query_path_find_name(name_or_file, extra, nextra,
	    cause)) == NULL)
		return NULL;
	q = query_path_check_file(file, cause);
	free(file);
	return q;
}
