/*
 * query_path.h: where saved queries live, and finding one by name.
 *
 * The search path, later directories winning over earlier ones:
 *
 *	1. CIB_PKGDATADIR "/queries"		the queries cibscope ships
 *	2. $XDG_CONFIG_HOME/cibscope/queries	(else ~/.config/...)
 *	3. each directory in $CIBSCOPE_QUERY_PATH, colon separated, in order
 *	4. the caller's extra directories (--queries DIR), in order
 *
 * A directory that does not exist is skipped quietly. In a directory, a
 * query file is a regular file whose name ends in ".yaml" or ".yml" and
 * does not start with '.'; the query's name is the file name without the
 * extension, and NAME.yaml wins over NAME.yml in the same directory.
 * Subdirectories are not searched.
 *
 * Symlinks: a query file may be a symlink only when its target, fully
 * resolved, lies inside the same directory (itself resolved) or below
 * it. A symlink whose target leaves the directory, or dangles, is skipped
 * with a warning, so that a shared folder cannot make cibscope read files
 * elsewhere on the investigator's machine. The directories themselves may
 * be symlinks.
 *
 * Memory: everything returned is malloc'd and owned by the caller; free a
 * listing with query_list_free() and a file set with query_files_free().
 * Errors follow util.h: NULL or -1 with a malloc'd *cause.
 */
#ifndef CIB_QUERY_PATH_H
#define CIB_QUERY_PATH_H

#include <stdbool.h>
#include <stddef.h>

struct query;

enum query_dir_origin {
	QUERY_DIR_SHIPPED,	/* CIB_PKGDATADIR/queries */
	QUERY_DIR_USER,		/* $XDG_CONFIG_HOME/cibscope/queries */
	QUERY_DIR_ENV,		/* from $CIBSCOPE_QUERY_PATH */
	QUERY_DIR_EXTRA,	/* from the caller (--queries DIR) */
};

/* "shipped", "user", "CIBSCOPE_QUERY_PATH", "--queries", by origin. */
extern const char *const query_dir_origin_names[];

struct query_dir {
	char			*path;
	enum query_dir_origin	 origin;
};

/* The search path, earliest first (existing or not). */
struct query_dir	*query_path_dirs(const char *const *extra,
			     size_t nextra, size_t *ndirs);
void			 query_dirs_free(struct query_dir *, size_t);

/* The query files of one directory, sorted by file name. */
struct query_files {
	char		**files;	/* "DIR/NAME.yaml" */
	size_t		  nfiles;
	char		**warnings;	/* "FILE: why it was skipped" */
	size_t		  nwarnings;
};

/* Scan dir by the rules above. -1 with *cause when dir cannot be read. */
int	 query_files_scan(const char *dir, struct query_files *,
	     char **cause);
void	 query_files_free(struct query_files *);

/* One query file found on the search path. */
struct query_entry {
	char		*name;		/* file name without extension */
	char		*file;		/* its path */
	size_t		 dir;		/* index into query_list.dirs */
	char		*title;		/* from the file; NULL if none */
	char		*description;
	char		*error;		/* why it does not load, or NULL */
	bool		 overridden;	/* another file of this name wins */
	size_t		 winner;	/* when overridden: the entry that wins */
};

struct query_list {
	struct query_dir	*dirs;
	size_t			 ndirs;
	/* Sorted by name; for one name the losing files come first, in
	 * search order, and the winner last. */
	struct query_entry	*entries;
	size_t			 nentries;
	char			**warnings;	/* skipped files and dirs */
	size_t			 nwarnings;
};

/* Every query on the search path, each file loaded to read its title and
 * to note whether it loads at all. Never fails; problems become warnings
 * or entry errors. */
struct query_list	*query_path_list(const char *const *extra,
			     size_t nextra);
void			 query_list_free(struct query_list *);

/* True when s is to be taken as a file path rather than a query name: it
 * holds a '/' or ends in ".yaml" or ".yml". */
bool	 query_path_is_file(const char *s);

/* The file of the winning query called name. A name holding '/' or ".."
 * is refused ("not a query name"), as is one that does not match
 * [a-z0-9][a-z0-9_-]{0,63}. Returns a malloc'd path or NULL. */
char	*query_path_find_name(const char *name, const char *const *extra,
	     size_t nextra, char **cause);

/* A path (see query_path_is_file) as is, else query_path_find_name(). */
char	*query_path_find(const char *name_or_file, const char *const *extra,
	     size_t nextra, char **cause);

/* Find and load (query_load_file, which runs query_check). */
struct query	*query_path_load(const char *name_or_file,
		     const char *const *extra, size_t nextra, char **cause);

/* Load one file as `queries check` does: query_load_file(), and, for a
 * file named *.yaml or *.yml, its name: must match the file name, since
 * that is the name it is found by. */
struct query	*query_path_check_file(const char *file, char **cause);

#endif
