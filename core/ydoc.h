/*
 * ydoc.h: read a YAML file from someone else, strictly, into a small tree.
 *
 * Every YAML file cibscope reads (saved queries, themes, ...) comes from
 * other people, so all of them are read by this one module, with one set
 * of refusals. ydoc_read() checks the raw bytes, then gathers libyaml's
 * events into a tree of maps, lists and scalars, each with the line and
 * column it starts at. A file is refused, at the place of the first
 * offence, when it
 *
 *	- is longer than rules->max_bytes;
 *	- is not valid UTF-8, or holds a NUL, a control character (C0 but
 *	  tab, CR and LF; DEL; C1), U+2028, U+2029, U+FFFE or U+FFFF;
 *	- has a scalar that escapes make hold a NUL or a control character,
 *	  or a tab or line break outside a block scalar (| or >);
 *	- is not YAML (libyaml's message and place);
 *	- uses anchors, aliases, explicit tags or %TAG directives;
 *	- holds a second document, or no document at all;
 *	- nests maps and lists deeper than rules->max_depth;
 *	- has a key that is a map or a list, or a key twice in one map (the
 *	  message names the first one's place).
 *
 * The loader then walks the tree with the getters below, which check a
 * node's type and value and complain in the same words for every file.
 *
 * Call protocol:
 *	doc = ydoc_read(text, len, file, &rules, &cause);
 *	if (doc == NULL) -> *cause says why;
 *	walk doc->root with ydoc_get(), ydoc_string(), ...; each getter
 *	    returns 0, or -1 with *cause set (the same cause pointer given to
 *	    ydoc_read(), which the doc remembers);
 *	ydoc_free(doc);
 * A getter that fails may be followed by others, but the last complaint
 * wins: stop at the first -1, as the loaders do.
 *
 * Memory: the doc owns the tree, every string in it and its copy of the
 * file name; pointers into it (nodes, ydoc_scalar() strings) live until
 * ydoc_free(). ydoc_string() and ydoc_strings() hand out malloc'd copies
 * that the caller owns. Read doc->root and the nodes, never write them.
 *
 * Errors: every complaint is one malloc'd line "FILE:LINE:COL: message",
 * 1-based, columns counted in characters; the message part is cut to
 * YDOC_MAX_MESSAGE bytes (ending "...") since a hostile file can make a
 * key as long as itself. Complaints about what a file holds use "WHAT:"
 * prefixes the loader passes in (what = "pivot.hops"), so one message
 * tells the user where to look in their own words.
 */
#ifndef CIB_YDOC_H
#define CIB_YDOC_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define YDOC_MAX_MESSAGE	400	/* bytes of a message after FILE:L:C: */

struct ydoc_pos {
	int	line;
	int	col;
};

enum ydoc_type {
	YDOC_SCALAR,
	YDOC_LIST,
	YDOC_MAP,
};

struct ydoc_node {
	enum ydoc_type		 type;
	struct ydoc_pos		 pos;
	char			*value;		/* scalars: NUL-terminated */
	bool			 plain;		/* unquoted: may spell null */
	bool			 block;		/* | or > */
	bool			 flow;		/* {...} or [...] */
	size_t			 start, end;	/* bytes [start, end) of the
						 * text; a block collection
						 * ends where the next token
						 * starts */
	struct ydoc_node	**kids;		/* list: items; map: key,
						 * value, key, value, ... */
	size_t			 nkids;		/* a map's is even */
};

/* What one kind of file allows. */
struct ydoc_rules {
	const char	*kind;		/* "query": "query files are text" */
	const char	*expect;	/* what an empty file lacks, for "the
					 * file holds no query (expected
					 * EXPECT)" */
	size_t		 max_bytes;
	size_t		 max_depth;	/* maps and lists, the root is 1 */
};

struct ydoc {
	/* Set by ydoc_read(); do not write these from outside ydoc.c. */
	struct ydoc_node	*root;
	char			*file;
	const char		*kind;
	char			**cause;
};

/*
 * Read text[0..len) (NULs are bytes like any other) under rules. file
 * names the text in messages. Returns the doc, or NULL with *cause set.
 */
struct ydoc	*ydoc_read(const char *text, size_t len, const char *file,
		     const struct ydoc_rules *, char **cause);
void		 ydoc_free(struct ydoc *);

/*
 * Read a whole file for ydoc_read(): a regular file (not a directory, a
 * FIFO or a device; opened without blocking) of at most rules->max_bytes.
 * Returns malloc'd text, NUL-terminated, with *len its length; NULL with
 * *cause "PATH: why" or "PATH:1:1: the file is larger than ...".
 */
char		*ydoc_slurp(const char *path, const struct ydoc_rules *,
		     size_t *len, char **cause);

/* ---- complaints -------------------------------------------------------- */

/* Set the doc's cause to "FILE:LINE:COL: message". Returns -1. */
int		 ydoc_error(struct ydoc *, struct ydoc_pos, const char *, ...)
		     CIB_PRINTF(3, 4);
int		 ydoc_verror(struct ydoc *, struct ydoc_pos, const char *,
		     va_list) CIB_PRINTF(3, 0);

/* The word of words[] within a typo of s (one edit for up to three
 * characters, two for more; a swap of neighbours is one), or NULL. */
const char	*ydoc_nearest(const char *s, const char *const *words,
		     size_t nwords);

/* "unknown WHAT "s"; did you mean "x"?", or "...; expected one of: a, b"
 * when no word is near. Returns -1. */
int		 ydoc_unknown(struct ydoc *, struct ydoc_pos, const char *what,
		     const char *s, const char *const *words, size_t nwords);

/* ---- looking at nodes ------------------------------------------------ */

/* "a scalar", "a list" or "a mapping". */
const char	*ydoc_type_name(const struct ydoc_node *);
/* An unquoted scalar spelling null: "", ~, null, Null or NULL. */
bool		 ydoc_is_null(const struct ydoc_node *);
/* The value under key in map m, or NULL (also when m is not a map). */
const struct ydoc_node *ydoc_get(const struct ydoc_node *m, const char *key);

/* ---- checked getters: 0, or -1 with the doc's cause set ------------- */

/* Every key of map m is one of keys[] (else ydoc_unknown "key"). */
int		 ydoc_check_keys(struct ydoc *, const struct ydoc_node *m,
		     const char *const *keys, size_t nkeys);
/* *out = the value under key; else "WHAT: missing required key "key""
 * (without "WHAT: " when what is NULL) at the map. */
int		 ydoc_require(struct ydoc *, const char *what,
		     const struct ydoc_node *m, const char *key,
		     const struct ydoc_node **out);
/* n is a map or a list: "WHAT: expected a list, found a mapping". */
int		 ydoc_want(struct ydoc *, const char *what,
		     const struct ydoc_node *n, enum ydoc_type);
/* A scalar that is not null; *out points into the tree. */
int		 ydoc_scalar(struct ydoc *, const char *what,
		     const struct ydoc_node *n, const char **out);
/* ydoc_scalar(), copied: frees *out and sets it to a malloc'd string. */
int		 ydoc_string(struct ydoc *, const char *what,
		     const struct ydoc_node *n, char **out);
/* true or false (also True, TRUE, False, FALSE), unquoted. */
int		 ydoc_bool(struct ydoc *, const char *what,
		     const struct ydoc_node *n, bool *out);
/* A whole decimal number from lo to hi ("-" the only sign). */
int		 ydoc_int(struct ydoc *, const char *what,
		     const struct ydoc_node *n, int64_t lo, int64_t hi,
		     int64_t *out);
/* A finite number from lo to hi. */
int		 ydoc_float(struct ydoc *, const char *what,
		     const struct ydoc_node *n, double lo, double hi,
		     double *out);
/* One of words[] exactly; *out is its index. Else ydoc_unknown(what). */
int		 ydoc_choice(struct ydoc *, const char *what,
		     const struct ydoc_node *n, const char *const *words,
		     size_t nwords, size_t *out);

/* How ydoc_list() reads a node. */
#define YDOC_LIST_SCALAR_OK	0x1	/* a lone scalar is a list of one */
#define YDOC_LIST_EMPTY_OK	0x2	/* [] is allowed */

/*
 * n as a list: *count items, each got with ydoc_item(n, i). Refuses what
 * is not a list (under flags) and, without YDOC_LIST_EMPTY_OK, an empty
 * list ("WHAT: expected at least one value"). Items are not checked.
 */
int		 ydoc_list(struct ydoc *, const char *what,
		     const struct ydoc_node *n, int flags, size_t *count);
const struct ydoc_node *ydoc_item(const struct ydoc_node *n, size_t i);
/* ydoc_list() of ydoc_string()s, appended to (*v)[*nv]. */
int		 ydoc_strings(struct ydoc *, const char *what,
		     const struct ydoc_node *n, int flags, char ***v,
		     size_t *nv);

/* ---- plain text checks, for values checked later ---------------------- */

/* A whole decimal number as ydoc_int() reads it. */
bool		 ydoc_int_text(const char *s, int64_t *v);
/* A finite number as ydoc_float() reads it. */
bool		 ydoc_float_text(const char *s, double *v);

#endif
