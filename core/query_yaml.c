/*
 * query_yaml.c: read a saved query file into a struct query.
 *
 * Query files come from other people, so reading is strict and happens in
 * three passes. First the raw bytes are checked: at most QUERY_MAX_FILE of
 * them, valid UTF-8, no NUL or control characters. Then libyaml's events
 * are gathered into a small tree of our own, refusing on the way what a
 * query never needs and what could hurt: anchors and aliases, YAML tags,
 * a second document, nesting deeper than YAML_MAX_DEPTH, keys that are not
 * scalars, duplicate keys, control characters produced by escapes. Last,
 * the tree is walked against tables of the keys each part accepts and the
 * query is filled in; query_check() has the final word.
 *
 * Every complaint reads "FILE:LINE:COL: message" with 1-based positions
 * taken from libyaml's marks (columns count characters, not bytes).
 */
#include "config.h"
#include "query.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "timing.h"
#include "utf8.h"
#include "util.h"

#define YAML_MAX_DEPTH	64
#define YAML_MAX_MESSAGE 400	/* bytes of a complaint, after FILE:L:C: */

enum ytype {
	Y_SCALAR,
	Y_LIST,
	Y_MAP,
};

struct ynode {
	enum ytype		 type;
	struct query_pos	 pos;
	char			*value;		/* scalars: NUL-terminated */
	bool			 plain;		/* unquoted: may spell null */
	bool			 block;		/* | or >: tabs, newlines ok */
	struct ynode		**kids;		/* map: key, value, key, ... */
	size_t			 nkids;
};

/* A "$name" reference met in the file, checked once params are known. */
struct yref {
	const char		*name;		/* after the '$' */
	struct query_pos	 pos;
};

struct yload {
	const char		*file;
	char			**cause;
	struct query		*q;
	struct yref		*refs;
	size_t			 nrefs;
};

static const char *const top_keys[] = {
	"cibscope", "name", "title", "description", "tags", "params", "from",
	"pivot", "where", "group", "coordination", "timing", "order", "limit",
	"sql"
};
static const char *const param_keys[] = { "type", "default", "help" };
static const char *const from_keys[] = { "network", "query" };
static const char *const pivot_keys[] = { "on", "hops", "max_share" };
static const char *const cond_keys[] = {
	"field", "attribute", "equals", "in", "prefix", "regex", "min", "max",
	"since", "until", "exists", "missing", "not"
};
static const char *const group_keys[] = {
	"field", "attribute", "regex", "replace", "min_size"
};
static const char *const coord_keys[] = { "type", "window", "min_weight" };
static const char *const timing_keys[] = {
	"burst", "unit", "tz", "hours", "min_share", "min_posts"
};
static const char *const from_names[] = { "all", "selection" };
static const char *const unit_names[] = { "hour", "day" };

static const char *const param_type_names[] = {
	[QUERY_PARAM_STRING] = "string",
	[QUERY_PARAM_INT] = "int",
	[QUERY_PARAM_FLOAT] = "float",
	[QUERY_PARAM_BOOL] = "bool",
	[QUERY_PARAM_DATE] = "date",
	[QUERY_PARAM_REGEX] = "regex",
	[QUERY_PARAM_KINDS] = "kinds",
};

/* How ylist() treats its node. */
#define YL_SCALAR_OK	0x1	/* a lone scalar is a list of one */
#define YL_REFS		0x2	/* items may be "$name" references */
#define YL_EMPTY_OK	0x4	/* [] is allowed */

/* ---- complaints ------------------------------------------------------ */

static int CIB_PRINTF(3, 4)
yerr(struct yload *yl, struct query_pos pos, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	/* A hostile file can make a key or value as long as the file. */
	if (strlen(msg) > YAML_MAX_MESSAGE)
		strcpy(msg + utf8_cut(msg, strlen(msg), YAML_MAX_MESSAGE - 3),
		    "...");
	set_cause(yl->cause, "%s:%d:%d: %s", yl->file, pos.line, pos.col,
	    msg);
	free(msg);
	return -1;
}

static struct query_pos
ypos(yaml_mark_t m)
{
	struct query_pos	pos;

	pos.line = m.line >= INT_MAX ? INT_MAX : (int)m.line + 1;
	pos.col = m.column >= INT_MAX ? INT_MAX : (int)m.column + 1;
	return pos;
}

/*
 * Optimal string alignment distance (edits, with a swap of two neighbours
 * counting as one), so "pivto" is one step from "pivot".
 */
static size_t
ydistance(const char *a, const char *b)
{
	size_t	 la = strlen(a), lb = strlen(b), i, j, c, v;
	size_t	*d, w = lb + 1;

	d = xreallocarray(NULL, (la + 1) * w, sizeof *d);
	for (i = 0; i <= la; i++)
		d[i * w] = i;
	for (j = 0; j <= lb; j++)
		d[j] = j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			c = a[i - 1] == b[j - 1] ? 0 : 1;
			v = d[(i - 1) * w + j] + 1;
			if (d[i * w + j - 1] + 1 < v)
				v = d[i * w + j - 1] + 1;
			if (d[(i - 1) * w + j - 1] + c < v)
				v = d[(i - 1) * w + j - 1] + c;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] &&
			    d[(i - 2) * w + j - 2] + 1 < v)
				v = d[(i - 2) * w + j - 2] + 1;
			d[i * w + j] = v;
		}
	}
	v = d[la * w + lb];
	free(d);
	return v;
}

/* The word in words[] nearest to s, if it is near enough to suggest. */
static const char *
ynearest(const char *s, const char *const *words, size_t n)
{
	const char	*best = NULL;
	size_t		 i, d, bestd = SIZE_MAX, limit;

	if (strlen(s) > 64)
		return NULL;
	limit = strlen(s) <= 3 ? 1 : 2;
	for (i = 0; i < n; i++) {
		d = ydistance(s, words[i]);
		if (d < bestd) {
			bestd = d;
			best = words[i];
		}
	}
	return bestd <= limit ? best : NULL;
}

/* "unknown WHAT "s"; did you mean "x"?" or the list of what is known. */
static int
yunknown(struct yload *yl, struct query_pos pos, const char *what,
    const char *s, const char *const *words, size_t n)
{
	const char	*near = ynearest(s, words, n);
	struct buf	 b = BUF_INIT;
	size_t		 i;
	int		 rc;

	if (near != NULL)
		return yerr(yl, pos, "unknown %s \"%s\"; did you mean \"%s\"?",
		    what, s, near);
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i == 0 ? "" : ", ", words[i]);
	rc = yerr(yl, pos, "unknown %s \"%s\"; expected one of: %s", what, s,
	    b.data);
	buf_free(&b);
	return rc;
}

/* ---- pass 1: the bytes ----------------------------------------------- */

/*
 * Check the raw text before libyaml sees it, so that each refusal has a
 * line and column (libyaml's reader reports only a byte offset). Allowed:
 * valid UTF-8 of the characters YAML calls printable, tab, CR and LF; NEL
 * and the other C1 controls are refused too.
 */
static int
yaml_check_bytes(struct yload *yl, const char *text, size_t len)
{
	struct query_pos	pos = { 1, 1 };
	size_t			i = 0, n;
	uint32_t		cp;

	while (i < len) {
		n = utf8_decode(text + i, len - i, &cp);
		if (n == 1 && cp == 0xFFFD)
			return yerr(yl, pos, "invalid UTF-8 (byte 0x%02X); "
			    "query files are UTF-8 text",
			    (unsigned)(unsigned char)text[i]);
		i += n;
		if (cp == '\n' || cp == 0x2028 || cp == 0x2029 ||
		    (cp == '\r' && (i == len || text[i] != '\n'))) {
			pos.line++;
			pos.col = 1;
			continue;
		}
		if (cp == '\r' || cp == '\t' || cp == 0xFEFF) {
			pos.col++;
			continue;
		}
		if (cp == 0)
			return yerr(yl, pos, "NUL byte; query files are text");
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
			return yerr(yl, pos, "control character U+%04X is not "
			    "allowed", (unsigned)cp);
		if (cp == 0xFFFE || cp == 0xFFFF)
			return yerr(yl, pos, "character U+%04X is not allowed",
			    (unsigned)cp);
		pos.col++;
	}
	return 0;
}

/* ---- pass 2: events into a tree -------------------------------------- */

static void
ynode_free(struct ynode *n)
{
	size_t	i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nkids; i++)
		ynode_free(n->kids[i]);
	free(n->kids);
	free(n->value);
	free(n);
}

static void
ynode_add(struct ynode *parent, struct ynode *kid)
{
	parent->kids = xreallocarray(parent->kids, parent->nkids + 1,
	    sizeof *parent->kids);
	parent->kids[parent->nkids++] = kid;
}

/*
 * Escapes in quoted scalars can make what the byte check could not see. A
 * block scalar (| or >) may hold tabs and line breaks; nothing else may
 * hold a control character.
 */
static int
yscalar_check(struct yload *yl, const struct ynode *n, size_t len)
{
	size_t		i, k;
	uint32_t	cp;

	if (strlen(n->value) != len)
		return yerr(yl, n->pos, "NUL character in a scalar");
	for (i = 0; i < len; i += k) {
		k = utf8_decode(n->value + i, len - i, &cp);
		if (n->block && (cp == '\t' || cp == '\n'))
			continue;
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
			if (cp == '\t' || cp == '\n')
				return yerr(yl, n->pos, "%s in a scalar; "
				    "tabs and line breaks belong in block "
				    "scalars (| or >)",
				    cp == '\t' ? "tab" : "line break");
			return yerr(yl, n->pos, "control character U+%04X in "
			    "a scalar", (unsigned)cp);
		}
	}
	return 0;
}

/* qsort order for keys: by text, then by place in the file. */
static int
ykey_cmp(const void *a, const void *b)
{
	const struct ynode	*ka = *(const struct ynode *const *)a;
	const struct ynode	*kb = *(const struct ynode *const *)b;
	int			 c = strcmp(ka->value, kb->value);

	if (c != 0)
		return c;
	if (ka->pos.line != kb->pos.line)
		return ka->pos.line < kb->pos.line ? -1 : 1;
	return ka->pos.col < kb->pos.col ? -1 : ka->pos.col > kb->pos.col;
}

static bool
ypos_before(struct query_pos a, struct query_pos b)
{
	return a.line < b.line || (a.line == b.line && a.col < b.col);
}

/*
 * Refuse a key given twice in one mapping, pointing at the first repeat
 * in the file. Sorting keeps this quick for a hostile file of many keys.
 */
static int
ymap_check_dups(struct yload *yl, const struct ynode *m)
{
	struct ynode		**keys, *dup = NULL, *first = NULL;
	size_t			  n = m->nkids / 2, i, run;
	int			  rc = 0;

	if (n < 2)
		return 0;
	keys = xreallocarray(NULL, n, sizeof *keys);
	for (i = 0; i < n; i++)
		keys[i] = m->kids[2 * i];
	qsort(keys, n, sizeof *keys, ykey_cmp);
	for (run = 0, i = 1; i < n; i++) {
		if (strcmp(keys[i]->value, keys[run]->value) != 0) {
			run = i;
			continue;
		}
		if (i == run + 1 && (dup == NULL ||
		    ypos_before(keys[i]->pos, dup->pos))) {
			dup = keys[i];
			first = keys[run];
		}
	}
	if (dup != NULL)
		rc = yerr(yl, dup->pos, "duplicate key \"%s\" (first at "
		    "%d:%d)", dup->value, first->pos.line, first->pos.col);
	free(keys);
	return rc;
}

/* Anchors, aliases and tags have no place in a query file. */
static int
yevent_props(struct yload *yl, const yaml_event_t *ev,
    const yaml_char_t *anchor, const yaml_char_t *tag)
{
	if (anchor != NULL)
		return yerr(yl, ypos(ev->start_mark), "anchors and aliases "
		    "are not allowed in query files");
	if (tag != NULL)
		return yerr(yl, ypos(ev->start_mark), "YAML tags (\"%s\") are "
		    "not allowed in query files; every value is read as text",
		    (const char *)tag);
	return 0;
}

static int
yaml_syntax_error(struct yload *yl, const yaml_parser_t *p,
    const char *text, size_t len)
{
	struct query_pos	 pos;
	const char		*problem = p->problem;
	size_t			 i;

	if (problem == NULL)
		problem = p->error == YAML_MEMORY_ERROR ? "out of memory" :
		    "invalid YAML";
	if (p->error == YAML_READER_ERROR) {
		/* Only an offset: count the way to it. */
		pos.line = pos.col = 1;
		for (i = 0; i < p->problem_offset && i < len; i++) {
			if (text[i] == '\n') {
				pos.line++;
				pos.col = 1;
			} else if (((unsigned char)text[i] & 0xC0) != 0x80)
				pos.col++;
		}
		return yerr(yl, pos, "%s", problem);
	}
	pos = ypos(p->problem_mark);
	if (p->context != NULL)
		return yerr(yl, pos, "%s (%s at %d:%d)", problem, p->context,
		    ypos(p->context_mark).line, ypos(p->context_mark).col);
	return yerr(yl, pos, "%s", problem);
}

/*
 * Parse text into a tree. Returns the document's root node, or NULL with
 * *cause set. An empty stream is an error too.
 */
static struct ynode *
yaml_read_tree(struct yload *yl, const char *text, size_t len)
{
	yaml_parser_t		 p;
	yaml_event_t		 ev;
	struct ynode		*stack[YAML_MAX_DEPTH], *root = NULL, *n;
	struct ynode		*parent;
	const yaml_char_t	*anchor, *tag;
	size_t			 depth = 0, ndocs = 0;
	bool			 done = false, failed = false;

	if (!yaml_parser_initialize(&p)) {
		set_cause(yl->cause, "%s: cannot start the YAML parser",
		    yl->file);
		return NULL;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	while (!done && !failed) {
		if (!yaml_parser_parse(&p, &ev)) {
			yaml_syntax_error(yl, &p, text, len);
			failed = true;
			break;
		}
		n = NULL;
		switch (ev.type) {
		case YAML_NO_EVENT:
		case YAML_STREAM_START_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			break;
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (ndocs++ > 0) {
				yerr(yl, ypos(ev.start_mark), "a query file "
				    "holds one YAML document; found a second");
				failed = true;
			} else if (ev.data.document_start.tag_directives.start !=
			    ev.data.document_start.tag_directives.end) {
				yerr(yl, ypos(ev.start_mark), "%%TAG "
				    "directives are not allowed in query files");
				failed = true;
			}
			break;
		case YAML_ALIAS_EVENT:
			yerr(yl, ypos(ev.start_mark), "anchors and aliases are "
			    "not allowed in query files");
			failed = true;
			break;
		case YAML_SCALAR_EVENT:
			if (yevent_props(yl, &ev, ev.data.scalar.anchor,
			    ev.data.scalar.tag) != 0) {
				failed = true;
				break;
			}
			n = xcalloc(1, sizeof *n);
			n->type = Y_SCALAR;
			n->pos = ypos(ev.start_mark);
			n->plain = ev.data.scalar.style ==
			    YAML_PLAIN_SCALAR_STYLE;
			n->block = ev.data.scalar.style ==
			    YAML_LITERAL_SCALAR_STYLE ||
			    ev.data.scalar.style == YAML_FOLDED_SCALAR_STYLE;
			/* Copied whole, NULs and all, for yscalar_check(). */
			n->value = xmalloc(ev.data.scalar.length + 1);
			memcpy(n->value, ev.data.scalar.value,
			    ev.data.scalar.length);
			n->value[ev.data.scalar.length] = '\0';
			if (yscalar_check(yl, n, ev.data.scalar.length) != 0)
				failed = true;
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (ev.type == YAML_SEQUENCE_START_EVENT) {
				anchor = ev.data.sequence_start.anchor;
				tag = ev.data.sequence_start.tag;
			} else {
				anchor = ev.data.mapping_start.anchor;
				tag = ev.data.mapping_start.tag;
			}
			if (yevent_props(yl, &ev, anchor, tag) != 0) {
				failed = true;
				break;
			}
			if (depth == YAML_MAX_DEPTH) {
				yerr(yl, ypos(ev.start_mark), "nesting deeper "
				    "than %d levels", YAML_MAX_DEPTH);
				failed = true;
				break;
			}
			n = xcalloc(1, sizeof *n);
			n->type = ev.type == YAML_SEQUENCE_START_EVENT ?
			    Y_LIST : Y_MAP;
			n->pos = ypos(ev.start_mark);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (depth == 0)
				break;
			depth--;
			if (stack[depth]->type == Y_MAP &&
			    ymap_check_dups(yl, stack[depth]) != 0)
				failed = true;
			break;
		}
		yaml_event_delete(&ev);
		if (failed) {
			ynode_free(n);
			break;
		}
		if (n == NULL)
			continue;

		/* Hang the new node on its parent, or make it the root. */
		if (depth == 0) {
			ynode_free(root);
			root = n;
		} else {
			parent = stack[depth - 1];
			if (parent->type == Y_MAP && parent->nkids % 2 == 0 &&
			    n->type != Y_SCALAR) {
				yerr(yl, n->pos, "a key must be a scalar, not "
				    "%s", n->type == Y_MAP ? "a mapping" :
				    "a list");
				ynode_free(n);
				failed = true;
				break;
			}
			ynode_add(parent, n);
		}
		if (n->type != Y_SCALAR)
			stack[depth++] = n;
	}
	yaml_parser_delete(&p);
	if (failed) {
		ynode_free(root);
		return NULL;
	}
	if (root == NULL) {
		yerr(yl, (struct query_pos){ 1, 1 }, "the file holds no query "
		    "(expected a mapping with cibscope: 1 and name:)");
		return NULL;
	}
	return root;
}

/* ---- pass 3: the tree into a query ----------------------------------- */

static const char *
ytype_name(const struct ynode *n)
{
	switch (n->type) {
	case Y_SCALAR:
		return "a scalar";
	case Y_LIST:
		return "a list";
	case Y_MAP:
		return "a mapping";
	}
	return "something else";
}

/* An unquoted scalar that spells YAML's null. */
static bool
ynull(const struct ynode *n)
{
	const char	*s = n->value;

	if (n->type != Y_SCALAR || !n->plain)
		return false;
	return *s == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
	    strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

static int
ywant_map(struct yload *yl, const char *what, const struct ynode *n)
{
	if (n->type == Y_MAP)
		return 0;
	return yerr(yl, n->pos, "%s: expected a mapping, found %s", what,
	    ynull(n) ? "nothing" : ytype_name(n));
}

static int
ywant_list(struct yload *yl, const char *what, const struct ynode *n)
{
	if (n->type == Y_LIST)
		return 0;
	return yerr(yl, n->pos, "%s: expected a list, found %s", what,
	    ynull(n) ? "nothing" : ytype_name(n));
}

/* The value under key in mapping m, or NULL. Keys are unique by now. */
static const struct ynode *
yget(const struct ynode *m, const char *key)
{
	size_t	i;

	for (i = 0; i + 1 < m->nkids; i += 2) {
		if (strcmp(m->kids[i]->value, key) == 0)
			return m->kids[i + 1];
	}
	return NULL;
}

/* Every key of m is one of keys[]. */
static int
ycheck_keys(struct yload *yl, const struct ynode *m, const char *const *keys,
    size_t nkeys)
{
	size_t	i, j;

	for (i = 0; i < m->nkids; i += 2) {
		for (j = 0; j < nkeys; j++) {
			if (strcmp(m->kids[i]->value, keys[j]) == 0)
				break;
		}
		if (j == nkeys)
			return yunknown(yl, m->kids[i]->pos, "key",
			    m->kids[i]->value, keys, nkeys);
	}
	return 0;
}

static int
yrequire(struct yload *yl, const char *what, const struct ynode *m,
    const char *key, const struct ynode **out)
{
	if ((*out = yget(m, key)) != NULL)
		return 0;
	if (what == NULL)
		return yerr(yl, m->pos, "missing required key \"%s\"", key);
	return yerr(yl, m->pos, "%s: missing required key \"%s\"", what, key);
}

/* A scalar with a value; *out points into the tree. */
static int
yscalar(struct yload *yl, const char *what, const struct ynode *n,
    const char **out)
{
	if (n->type != Y_SCALAR)
		return yerr(yl, n->pos, "%s: expected a scalar, found %s",
		    what, ytype_name(n));
	if (ynull(n))
		return yerr(yl, n->pos, "%s: expected a value, found nothing",
		    what);
	*out = n->value;
	return 0;
}

static int
ystring(struct yload *yl, const char *what, const struct ynode *n,
    char **out)
{
	const char	*s;

	if (yscalar(yl, what, n, &s) != 0)
		return -1;
	free(*out);
	*out = xstrdup(s);
	return 0;
}

/* A non-empty name: a field, an attribute kind, a network. */
static int
yname(struct yload *yl, const char *what, const struct ynode *n, char **out)
{
	const char	*s;

	if (yscalar(yl, what, n, &s) != 0)
		return -1;
	if (*s == '\0')
		return yerr(yl, n->pos, "%s: expected a name, found an empty "
		    "string", what);
	free(*out);
	*out = xstrdup(s);
	return 0;
}

static bool
yident(const char *s)
{
	size_t	i;

	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
	    *s == '_'))
		return false;
	for (i = 1; s[i] != '\0'; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	}
	return i <= 64;
}

/*
 * A scalar that may be a "$name" reference; references are remembered and
 * checked against params once the whole file is read. *ref says which it
 * was, so the caller checks the type of literal values only.
 */
static int
yvalue(struct yload *yl, const char *what, const struct ynode *n,
    char **out, bool *ref)
{
	const char	*s;

	if (yscalar(yl, what, n, &s) != 0)
		return -1;
	*ref = s[0] == '$';
	if (*ref) {
		if (!yident(s + 1))
			return yerr(yl, n->pos, "%s: \"%s\" is not a parameter "
			    "reference ($ and a name of letters, digits and "
			    "_)", what, s);
		yl->refs = xreallocarray(yl->refs, yl->nrefs + 1,
		    sizeof *yl->refs);
		yl->refs[yl->nrefs].name = s + 1;
		yl->refs[yl->nrefs].pos = n->pos;
		yl->nrefs++;
	}
	free(*out);
	*out = xstrdup(s);
	return 0;
}

/* A whole decimal number, no sign but '-', no spaces. */
static bool
yint_valid(const char *s, int64_t *v)
{
	const char	*p = s;

	if (*p == '-')
		p++;
	if (*p < '0' || *p > '9')
		return false;
	for (; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return false;
	}
	return parse_int64(s, v);
}

static bool
yfloat_valid(const char *s, double *v)
{
	char	*end;

	if (*s == '\0' || ascii_isspace((unsigned char)*s))
		return false;
	errno = 0;
	*v = strtod(s, &end);
	return *end == '\0' && errno == 0 && isfinite(*v);
}

/* YYYY-MM-DD, optionally followed by T or a space and HH:MM[:SS][Z]. */
static bool
ydate_valid(const char *s)
{
	static const char	date[] = "dddd-dd-dd", tm[] = "dd:dd";
	size_t			i;
	int			month, day;

	for (i = 0; i < sizeof date - 1; i++) {
		if (date[i] == 'd' ? (s[i] < '0' || s[i] > '9') :
		    s[i] != date[i])
			return false;
	}
	month = (s[5] - '0') * 10 + (s[6] - '0');
	day = (s[8] - '0') * 10 + (s[9] - '0');
	if (month < 1 || month > 12 || day < 1 || day > 31)
		return false;
	s += sizeof date - 1;
	if (*s == '\0')
		return true;
	if (*s != 'T' && *s != ' ')
		return false;
	s++;
	for (i = 0; i < sizeof tm - 1; i++) {
		if (tm[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != tm[i])
			return false;
	}
	s += sizeof tm - 1;
	if (s[0] == ':' && s[1] >= '0' && s[1] <= '9' && s[2] >= '0' &&
	    s[2] <= '9')
		s += 3;
	if (*s == 'Z')
		s++;
	return *s == '\0';
}

static int
yint(struct yload *yl, const char *what, const struct ynode *n, int64_t lo,
    int64_t hi, char **out)
{
	int64_t	v;
	bool	ref;

	if (yvalue(yl, what, n, out, &ref) != 0)
		return -1;
	if (!ref && (!yint_valid(*out, &v) || v < lo || v > hi)) {
		if (hi == INT64_MAX)
			return yerr(yl, n->pos, "%s: expected a whole number "
			    "of at least %lld, found \"%s\"", what,
			    (long long)lo, *out);
		return yerr(yl, n->pos, "%s: expected a whole number from "
		    "%lld to %lld, found \"%s\"", what, (long long)lo,
		    (long long)hi, *out);
	}
	return 0;
}

static int
yfraction(struct yload *yl, const char *what, const struct ynode *n,
    char **out)
{
	double	v;
	bool	ref;

	if (yvalue(yl, what, n, out, &ref) != 0)
		return -1;
	if (!ref && (!yfloat_valid(*out, &v) || v < 0 || v > 1))
		return yerr(yl, n->pos, "%s: expected a number from 0 to 1, "
		    "found \"%s\"", what, *out);
	return 0;
}

static int
ybool(struct yload *yl, const char *what, const struct ynode *n, bool *out)
{
	static const char *const yes[] = { "true", "True", "TRUE" };
	static const char *const no[] = { "false", "False", "FALSE" };
	size_t			 i;

	if (n->type == Y_SCALAR && n->plain) {
		for (i = 0; i < nitems(yes); i++) {
			if (strcmp(n->value, yes[i]) == 0) {
				*out = true;
				return 0;
			}
			if (strcmp(n->value, no[i]) == 0) {
				*out = false;
				return 0;
			}
		}
	}
	if (n->type != Y_SCALAR)
		return yerr(yl, n->pos, "%s: expected true or false, found %s",
		    what, ytype_name(n));
	return yerr(yl, n->pos, "%s: expected true or false, found \"%s\"",
	    what, n->value);
}

/* A list of scalars (see YL_*) appended to *v. */
static int
ylist(struct yload *yl, const char *what, const struct ynode *n, int flags,
    char ***v, size_t *nv)
{
	const struct ynode	*one[1], *const *items;
	size_t			 nitem, i;
	char			*s;
	bool			 ref;

	if (n->type == Y_SCALAR && (flags & YL_SCALAR_OK) && !ynull(n)) {
		one[0] = n;
		items = one;
		nitem = 1;
	} else {
		if (ywant_list(yl, what, n) != 0)
			return -1;
		items = (const struct ynode *const *)n->kids;
		nitem = n->nkids;
	}
	if (nitem == 0 && !(flags & YL_EMPTY_OK))
		return yerr(yl, n->pos, "%s: expected at least one value",
		    what);
	for (i = 0; i < nitem; i++) {
		s = NULL;
		if (flags & YL_REFS) {
			if (yvalue(yl, what, items[i], &s, &ref) != 0)
				return -1;
		} else if (ystring(yl, what, items[i], &s) != 0)
			return -1;
		*v = xreallocarray(*v, *nv + 1, sizeof **v);
		(*v)[(*nv)++] = s;
	}
	return 0;
}

/* Pick one of words[] by exact match; *out is its index. */
static int
ychoice(struct yload *yl, const char *what, const struct ynode *n,
    const char *const *words, size_t nwords, size_t *out)
{
	const char	*s;
	size_t		 i;
	char		*label;
	int		 rc;

	*out = 0;
	if (yscalar(yl, what, n, &s) != 0)
		return -1;
	for (i = 0; i < nwords; i++) {
		if (strcmp(s, words[i]) == 0) {
			*out = i;
			return 0;
		}
	}
	label = xasprintf("%s", what);
	rc = yunknown(yl, n->pos, label, s, words, nwords);
	free(label);
	return rc;
}

/* [a-z0-9][a-z0-9_-]{0,63} */
static bool
yquery_name_valid(const char *s)
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

static int
yload_version(struct yload *yl, const struct ynode *key,
    const struct ynode *v)
{
	const char	*s;

	(void)key;
	if (yscalar(yl, "cibscope", v, &s) != 0)
		return -1;
	if (!v->plain || strcmp(s, "1") != 0)
		return yerr(yl, v->pos, "unsupported format version \"%s\"; "
		    "this cibscope reads cibscope: 1", s);
	return 0;
}

static int
yload_name(struct yload *yl, const struct ynode *key, const struct ynode *v)
{
	(void)key;
	if (ystring(yl, "name", v, &yl->q->name) != 0)
		return -1;
	if (!yquery_name_valid(yl->q->name))
		return yerr(yl, v->pos, "name \"%s\" is not valid: use "
		    "lower-case letters, digits, '_' and '-', starting with a "
		    "letter or digit, at most 64 characters", yl->q->name);
	return 0;
}

static int
yload_title(struct yload *yl, const struct ynode *key, const struct ynode *v)
{
	(void)key;
	return ystring(yl, "title", v, &yl->q->title);
}

static int
yload_description(struct yload *yl, const struct ynode *key,
    const struct ynode *v)
{
	(void)key;
	return ystring(yl, "description", v, &yl->q->description);
}

static int
yload_tags(struct yload *yl, const struct ynode *key, const struct ynode *v)
{
	size_t	i;

	(void)key;
	if (ylist(yl, "tags", v, YL_EMPTY_OK, &yl->q->tags,
	    &yl->q->ntags) != 0)
		return -1;
	for (i = 0; i < yl->q->ntags; i++) {
		if (*yl->q->tags[i] == '\0')
			return yerr(yl, v->kids[i]->pos, "tags: a tag cannot "
			    "be empty");
	}
	return 0;
}

/* One entry under params: NAME: {type: T, default: V, help: H}. */
static int
yload_param(struct yload *yl, const struct ynode *key, const struct ynode *v)
{
	struct query_param	*p;
	const struct ynode	*t, *d, *h;
	char			*what, **kinds = NULL;
	size_t			 type, nkinds = 0, i;
	int64_t			 iv;
	double			 fv;
	bool			 bv;
	int			 rc = -1;

	what = xasprintf("params.%s", key->value);
	if (!yident(key->value)) {
		yerr(yl, key->pos, "parameter name \"%s\" is not valid: use "
		    "letters, digits and _, not starting with a digit",
		    key->value);
		goto out;
	}
	if (ywant_map(yl, what, v) != 0 ||
	    ycheck_keys(yl, v, param_keys, nitems(param_keys)) != 0 ||
	    yrequire(yl, what, v, "type", &t) != 0 ||
	    ychoice(yl, "parameter type", t, param_type_names,
	    nitems(param_type_names), &type) != 0)
		goto out;

	yl->q->params = xreallocarray(yl->q->params, yl->q->nparams + 1,
	    sizeof *yl->q->params);
	p = &yl->q->params[yl->q->nparams++];
	memset(p, 0, sizeof *p);
	p->name = xstrdup(key->value);
	p->type = (enum query_param_type)type;
	p->pos = key->pos;

	if ((h = yget(v, "help")) != NULL && ystring(yl, what, h,
	    &p->help) != 0)
		goto out;
	if ((d = yget(v, "default")) == NULL) {
		rc = 0;
		goto out;
	}
	if (p->type == QUERY_PARAM_KINDS && d->type == Y_LIST) {
		struct buf b = BUF_INIT;

		if (ylist(yl, what, d, 0, &kinds, &nkinds) != 0)
			goto out;
		for (i = 0; i < nkinds; i++)
			buf_printf(&b, "%s%s", i == 0 ? "" : ",", kinds[i]);
		p->def = buf_steal(&b);
	} else if (ystring(yl, what, d, &p->def) != 0)
		goto out;

	switch (p->type) {
	case QUERY_PARAM_INT:
		if (!yint_valid(p->def, &iv)) {
			yerr(yl, d->pos, "%s: the default \"%s\" is not a whole "
			    "number", what, p->def);
			goto out;
		}
		break;
	case QUERY_PARAM_FLOAT:
		if (!yfloat_valid(p->def, &fv)) {
			yerr(yl, d->pos, "%s: the default \"%s\" is not a "
			    "number", what, p->def);
			goto out;
		}
		break;
	case QUERY_PARAM_BOOL:
		if (ybool(yl, what, d, &bv) != 0)
			goto out;
		break;
	case QUERY_PARAM_DATE:
		if (!ydate_valid(p->def)) {
			yerr(yl, d->pos, "%s: the default \"%s\" is not a date "
			    "(YYYY-MM-DD)", what, p->def);
			goto out;
		}
		break;
	case QUERY_PARAM_KINDS:
		if (*p->def == '\0') {
			yerr(yl, d->pos, "%s: the default names no kinds",
			    what);
			goto out;
		}
		break;
	case QUERY_PARAM_STRING:
	case QUERY_PARAM_REGEX:
		break;
	}
	rc = 0;
out:
	for (i = 0; i < nkinds; i++)
		free(kinds[i]);
	free(kinds);
	free(what);
	return rc;
}

static int
yload_params(struct yload *yl, const struct ynode *key,
    const struct ynode *v)
{
	size_t	i;

	(void)key;
	if (ywant_map(yl, "params", v) != 0)
		return -1;
	for (i = 0; i + 1 < v->nkids; i += 2) {
		if (yload_param(yl, v->kids[i], v->kids[i + 1]) != 0)
			return -1;
	}
	return 0;
}

static int
yload_from(struct yload *yl, const struct ynode *key, const struct ynode *v)
{
	struct query	*q = yl->q;
	size_t		 i;

	q->from_pos = key->pos;
	if (v->type == Y_SCALAR) {
		if (ychoice(yl, "from", v, from_names, nitems(from_names),
		    &i) != 0)
			return -1;
		q->from = i == 0 ? QUERY_FROM_ALL : QUERY_FROM_SELECTION;
		return 0;
	}
	if (v->type != Y_MAP)
		return yerr(yl, v->pos, "from: expected all, selection, "
		    "{network: NAME} or {query: NAME}, found %s",
		    ytype_name(v));
	if (ycheck_keys(yl, v, from_keys, nitems(from_keys)) != 0)
		return -1;
	if (v->nkids != 2)
		return yerr(yl, v->pos, "from: give exactly one of "
		    "network: or query:");
	q->from = strcmp(v->kids[0]->value, "network") == 0 ?
	    QUERY_FROM_NETWORK : QUERY_FROM_QUERY;
	if (yname(yl, q->from == QUERY_FROM_NETWORK ? "from.network" :
	    "from.query", v->kids[1], &q->from_arg) != 0)
		return -1;
	if (q->from == QUERY_FROM_QUERY && !yquery_name_valid(q->from_arg))
		return yerr(yl, v->kids[1]->pos, "from.query: \"%s\" is not a "
		    "query name", q->from_arg);
	return 0;
}

static int
yload_pivot(struct yload *yl, const struct ynode *key,
    const struct ynode *v)
{
	struct query_pivot	*p;
	const struct ynode	*n;
	size_t			 i;

	if (ywant_map(yl, "pivot", v) != 0 ||
	    ycheck_keys(yl, v, pivot_keys, nitems(pivot_keys)) != 0)
		return -1;
	p = yl->q->pivot = xcalloc(1, sizeof *p);
	p->pos = key->pos;
	if (yrequire(yl, "pivot", v, "on", &n) != 0 ||
	    ylist(yl, "pivot.on", n, YL_SCALAR_OK | YL_REFS, &p->kinds,
	    &p->nkinds) != 0)
		return -1;
	for (i = 0; i < p->nkinds; i++) {
		if (*p->kinds[i] == '\0')
			return yerr(yl, n->pos, "pivot.on: a kind cannot be "
			    "empty");
	}
	if ((n = yget(v, "hops")) != NULL &&
	    yint(yl, "pivot.hops", n, 1, 5, &p->hops) != 0)
		return -1;
	if ((n = yget(v, "max_share")) != NULL &&
	    yint(yl, "pivot.max_share", n, 1, INT64_MAX, &p->max_share) != 0)
		return -1;
	return 0;
}

/* A condition's test: all but field, attribute and not. */
static int
ycond_op(struct yload *yl, struct query_cond *w, const struct ynode **opkey,
    const struct ynode *key, enum query_op op)
{
	if (*opkey != NULL && !(op == QUERY_OP_RANGE &&
	    w->op == QUERY_OP_RANGE))
		return yerr(yl, key->pos, "where: a condition takes one test; "
		    "found \"%s\" and \"%s\"", (*opkey)->value, key->value);
	if (*opkey == NULL)
		*opkey = key;
	w->op = op;
	return 0;
}

/* min/max (numbers for numeric fields) or since/until (dates). */
static int
ycond_bound(struct yload *yl, struct query_cond *w, const struct ynode *key,
    const struct ynode *v, bool numeric)
{
	const char	*k = key->value;
	bool		 date = k[0] == 's' || k[0] == 'u', lower, ref;
	char		**slot, *what;
	int64_t		 iv;
	double		 fv;
	int		 rc = 0;

	lower = strcmp(k, "min") == 0 || strcmp(k, "since") == 0;
	slot = lower ? &w->min : &w->max;
	if (*slot != NULL)
		return yerr(yl, key->pos, "where: use %s, not both min/max "
		    "and since/until", lower ? "min or since" :
		    "max or until");
	what = xasprintf("where.%s", k);
	if (yvalue(yl, what, v, slot, &ref) != 0)
		rc = -1;
	else if (!ref && date && !ydate_valid(*slot))
		rc = yerr(yl, v->pos, "%s: expected a date (YYYY-MM-DD), "
		    "found \"%s\"", what, *slot);
	else if (!ref && !date && numeric && !yint_valid(*slot, &iv) &&
	    !yfloat_valid(*slot, &fv))
		rc = yerr(yl, v->pos, "%s: expected a number for field \"%s\", "
		    "found \"%s\"", what, w->field, *slot);
	free(what);
	return rc;
}

static int
yload_cond(struct yload *yl, const struct ynode *m)
{
	struct query_cond	*w;
	const struct ynode	*key, *v, *opkey = NULL;
	size_t			 i;
	bool			 numeric = false, b, ref;
	char			*s, *what;
	int			 rc;

	if (ywant_map(yl, "where: a condition", m) != 0 ||
	    ycheck_keys(yl, m, cond_keys, nitems(cond_keys)) != 0)
		return -1;
	yl->q->where = xreallocarray(yl->q->where, yl->q->nwhere + 1,
	    sizeof *yl->q->where);
	w = &yl->q->where[yl->q->nwhere++];
	memset(w, 0, sizeof *w);
	w->pos = m->pos;

	if ((v = yget(m, "field")) != NULL) {
		if (yname(yl, "where.field", v, &w->field) != 0)
			return -1;
		query_field_known(w->field, &numeric);
	}
	for (i = 0; i + 1 < m->nkids; i += 2) {
		key = m->kids[i];
		v = m->kids[i + 1];
		s = NULL;
		if (strcmp(key->value, "field") == 0)
			continue;
		if (strcmp(key->value, "attribute") == 0) {
			if (yname(yl, "where.attribute", v, &w->kind) != 0)
				return -1;
		} else if (strcmp(key->value, "not") == 0) {
			if (ybool(yl, "where.not", v, &w->negate) != 0)
				return -1;
		} else if (strcmp(key->value, "exists") == 0 ||
		    strcmp(key->value, "missing") == 0) {
			if (ybool(yl, key->value[0] == 'e' ? "where.exists" :
			    "where.missing", v, &b) != 0)
				return -1;
			if (key->value[0] == 'm')
				b = !b;
			if (ycond_op(yl, w, &opkey, key, b ? QUERY_OP_EXISTS :
			    QUERY_OP_MISSING) != 0)
				return -1;
		} else if (strcmp(key->value, "in") == 0) {
			if (ycond_op(yl, w, &opkey, key, QUERY_OP_IN) != 0 ||
			    ylist(yl, "where.in", v, YL_REFS, &w->values,
			    &w->nvalues) != 0)
				return -1;
		} else if (strcmp(key->value, "equals") == 0 ||
		    strcmp(key->value, "prefix") == 0 ||
		    strcmp(key->value, "regex") == 0) {
			if (ycond_op(yl, w, &opkey, key,
			    key->value[0] == 'e' ? QUERY_OP_EQUALS :
			    key->value[0] == 'p' ? QUERY_OP_PREFIX :
			    QUERY_OP_REGEX) != 0)
				return -1;
			what = xasprintf("where.%s", key->value);
			rc = yvalue(yl, what, v, &s, &ref);
			free(what);
			if (rc != 0) {
				free(s);
				return -1;
			}
			w->values = xreallocarray(w->values, 1,
			    sizeof *w->values);
			w->values[0] = s;
			w->nvalues = 1;
		} else {
			if (ycond_op(yl, w, &opkey, key, QUERY_OP_RANGE) != 0 ||
			    ycond_bound(yl, w, key, v, numeric) != 0)
				return -1;
		}
	}
	if (opkey == NULL)
		return yerr(yl, m->pos, "where: a condition needs a test: "
		    "equals, in, prefix, regex, min, max, since, until, exists "
		    "or missing");
	return 0;
}

static int
yload_where(struct yload *yl, const struct ynode *key,
    const struct ynode *v)
{
	size_t	i;

	(void)key;
	if (ywant_list(yl, "where", v) != 0)
		return -1;
	for (i = 0; i < v->nkids; i++) {
		if (yload_cond(yl, v->kids[i]) != 0)
			return -1;
	}
	return 0;
}

static int
yload_group(struct yload *yl, const struct ynode *key,
    const struct ynode *v)
{
	struct query_group	*g;
	const struct ynode	*n;
	bool			 ref;

	if (ywant_map(yl, "group", v) != 0 ||
	    ycheck_keys(yl, v, group_keys, nitems(group_keys)) != 0)
		return -1;
	g = yl->q->group = xcalloc(1, sizeof *g);
	g->pos = key->pos;
	if ((n = yget(v, "field")) != NULL &&
	    yname(yl, "group.field", n, &g->field) != 0)
		return -1;
	if ((n = yget(v, "attribute")) != NULL &&
	    yname(yl, "group.attribute", n, &g->kind) != 0)
		return -1;
	if ((n = yget(v, "regex")) != NULL &&
	    yvalue(yl, "group.regex", n, &g->regex, &ref) != 0)
		return -1;
	/* A replacement is text: "$1" there names a capture group. */
	if ((n = yget(v, "replace")) != NULL &&
	    ystring(yl, "group.replace", n, &g->replace) != 0)
		return -1;
	if ((n = yget(v, "min_size")) != NULL &&
	    yint(yl, "group.min_size", n, 1, INT64_MAX, &g->min_size) != 0)
		return -1;
	return 0;
}

static int
yload_coord(struct yload *yl, const struct ynode *key,
    const struct ynode *v)
{
	struct query_coord	*c;
	const struct ynode	*n;
	size_t			 kind;

	if (ywant_map(yl, "coordination", v) != 0 ||
	    ycheck_keys(yl, v, coord_keys, nitems(coord_keys)) != 0)
		return -1;
	c = yl->q->coord = xcalloc(1, sizeof *c);
	c->pos = key->pos;
	if (yrequire(yl, "coordination", v, "type", &n) != 0 ||
	    ychoice(yl, "coordination type", n, query_coord_names,
	    QUERY_COORD_REPLY + 1, &kind) != 0)
		return -1;
	c->kind = (enum query_coord_kind)kind;
	if ((n = yget(v, "window")) != NULL &&
	    yint(yl, "coordination.window", n, 0, 86400 * 365,
	    &c->window) != 0)
		return -1;
	if ((n = yget(v, "min_weight")) != NULL &&
	    yint(yl, "coordination.min_weight", n, 1, INT64_MAX,
	    &c->min_weight) != 0)
		return -1;
	return 0;
}

/* "22-06": two hours of the day, 0 to 23. */
static bool
yhours_valid(const char *s)
{
	int	h0, h1, n = 0;

	if (sscanf(s, "%2d-%2d%n", &h0, &h1, &n) != 2 || s[n] != '\0')
		return false;
	if (s[0] < '0' || s[0] > '9')
		return false;
	return h0 >= 0 && h0 <= 23 && h1 >= 0 && h1 <= 23;
}

static int
yload_timing(struct yload *yl, const struct ynode *key,
    const struct ynode *v)
{
	struct query_timing	*t;
	struct timing_tz	 zone;
	const struct ynode	*n;
	size_t			 unit;
	bool			 ref;

	if (ywant_map(yl, "timing", v) != 0 ||
	    ycheck_keys(yl, v, timing_keys, nitems(timing_keys)) != 0)
		return -1;
	t = yl->q->timing = xcalloc(1, sizeof *t);
	t->pos = key->pos;
	if ((n = yget(v, "burst")) != NULL &&
	    ybool(yl, "timing.burst", n, &t->burst) != 0)
		return -1;
	if ((n = yget(v, "unit")) != NULL) {
		if (yvalue(yl, "timing.unit", n, &t->unit, &ref) != 0)
			return -1;
		if (!ref && ychoice(yl, "timing unit", n, unit_names,
		    nitems(unit_names), &unit) != 0)
			return -1;
	}
	if ((n = yget(v, "tz")) != NULL) {
		if (yvalue(yl, "timing.tz", n, &t->tz, &ref) != 0)
			return -1;
		if (!ref && (!timing_tz_parse(t->tz, &zone, NULL) ||
		    !zone.fixed))
			return yerr(yl, n->pos, "timing.tz: expected an offset "
			    "like +03:00 or UTC, found \"%s\"", t->tz);
	}
	if ((n = yget(v, "hours")) != NULL) {
		if (yvalue(yl, "timing.hours", n, &t->hours, &ref) != 0)
			return -1;
		if (!ref && !yhours_valid(t->hours))
			return yerr(yl, n->pos, "timing.hours: expected a span "
			    "of hours like 22-06, found \"%s\"", t->hours);
	}
	if ((n = yget(v, "min_share")) != NULL &&
	    yfraction(yl, "timing.min_share", n, &t->min_share) != 0)
		return -1;
	if ((n = yget(v, "min_posts")) != NULL &&
	    yint(yl, "timing.min_posts", n, 1, INT64_MAX, &t->min_posts) != 0)
		return -1;
	return 0;
}

static int
yload_order(struct yload *yl, const struct ynode *key,
    const struct ynode *v)
{
	struct query_order	*o;
	const struct ynode	*n;
	const char		*s;
	size_t			 i;

	(void)key;
	if (ywant_list(yl, "order", v) != 0)
		return -1;
	for (i = 0; i < v->nkids; i++) {
		n = v->kids[i];
		if (yscalar(yl, "order", n, &s) != 0)
			return -1;
		yl->q->order = xreallocarray(yl->q->order, yl->q->norder + 1,
		    sizeof *yl->q->order);
		o = &yl->q->order[yl->q->norder++];
		o->desc = s[0] == '-';
		o->field = xstrdup(o->desc ? s + 1 : s);
		if (strcmp(o->field, "evidence") != 0 &&
		    strcmp(o->field, "rank") != 0 &&
		    !query_field_known(o->field, NULL))
			return yerr(yl, n->pos, "order: unknown field \"%s\"",
			    o->field);
	}
	return 0;
}

static int
yload_limit(struct yload *yl, const struct ynode *key,
    const struct ynode *v)
{
	(void)key;
	return yint(yl, "limit", v, 1, INT64_MAX, &yl->q->limit);
}

static int
yload_sql(struct yload *yl, const struct ynode *key, const struct ynode *v)
{
	yl->q->sql_pos = key->pos;
	if (ystring(yl, "sql", v, &yl->q->sql) != 0)
		return -1;
	if (*yl->q->sql == '\0')
		return yerr(yl, v->pos, "sql: the statement is empty");
	return 0;
}

/* The top level, in the order of top_keys[]. */
static const struct {
	const char	*key;
	int		(*load)(struct yload *, const struct ynode *,
			    const struct ynode *);
	bool		 required;
} top_parts[] = {
	{ "cibscope", yload_version, true },
	{ "name", yload_name, true },
	{ "title", yload_title, false },
	{ "description", yload_description, false },
	{ "tags", yload_tags, false },
	{ "params", yload_params, false },
	{ "from", yload_from, false },
	{ "pivot", yload_pivot, false },
	{ "where", yload_where, false },
	{ "group", yload_group, false },
	{ "coordination", yload_coord, false },
	{ "timing", yload_timing, false },
	{ "order", yload_order, false },
	{ "limit", yload_limit, false },
	{ "sql", yload_sql, false },
};

static int
yload_query(struct yload *yl, const struct ynode *root)
{
	const struct ynode	*v;
	size_t			 i, j;

	if (root->type != Y_MAP)
		return yerr(yl, root->pos, "expected a mapping at the top of "
		    "the file, found %s", ynull(root) ? "nothing" :
		    ytype_name(root));
	if (ycheck_keys(yl, root, top_keys, nitems(top_keys)) != 0)
		return -1;
	for (i = 0; i < nitems(top_parts); i++) {
		if (top_parts[i].required &&
		    yrequire(yl, NULL, root, top_parts[i].key, &v) != 0)
			return -1;
	}
	/* In file order, so the first mistake in the file is the one told. */
	for (i = 0; i + 1 < root->nkids; i += 2) {
		for (j = 0; j < nitems(top_parts); j++) {
			if (strcmp(root->kids[i]->value, top_parts[j].key) == 0)
				break;
		}
		if (top_parts[j].load(yl, root->kids[i],
		    root->kids[i + 1]) != 0)
			return -1;
	}
	for (i = 0; i < yl->nrefs; i++) {
		for (j = 0; j < yl->q->nparams; j++) {
			if (strcmp(yl->q->params[j].name,
			    yl->refs[i].name) == 0)
				break;
		}
		if (j == yl->q->nparams)
			return yerr(yl, yl->refs[i].pos, "$%s names no "
			    "parameter declared under params",
			    yl->refs[i].name);
	}
	return 0;
}

/* ---- entry points ---------------------------------------------------- */

struct query *
query_load_string(const char *text, size_t len, const char *name,
    char **cause)
{
	struct yload	 yl;
	struct ynode	*root;
	struct query	*q;

	memset(&yl, 0, sizeof yl);
	yl.file = name != NULL ? name : "query";
	yl.cause = cause;
	if (len > QUERY_MAX_FILE) {
		yerr(&yl, (struct query_pos){ 1, 1 }, "the file is larger "
		    "than %d bytes, the limit for query files",
		    QUERY_MAX_FILE);
		return NULL;
	}
	if (yaml_check_bytes(&yl, text, len) != 0)
		return NULL;
	if ((root = yaml_read_tree(&yl, text, len)) == NULL)
		return NULL;
	q = yl.q = query_new();
	q->file = xstrdup(yl.file);
	if (yload_query(&yl, root) != 0 || query_check(q, cause) != 0) {
		query_free(q);
		q = NULL;
	}
	free(yl.refs);
	ynode_free(root);
	return q;
}

struct query *
query_load_file(const char *path, char **cause)
{
	struct query	*q;
	struct stat	 st;
	char		*text;
	size_t		 len = 0;
	ssize_t		 n;
	int		 fd;

	/* Non-blocking, so that a FIFO cannot hold us at open(). */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY)) == -1) {
		set_cause(cause, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == -1) {
		set_cause(cause, "%s: %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		set_cause(cause, "%s: is a directory", path);
		close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		set_cause(cause, "%s: not a regular file", path);
		close(fd);
		return NULL;
	}
	if (st.st_size > QUERY_MAX_FILE) {
		set_cause(cause, "%s:1:1: the file is larger than %d bytes, "
		    "the limit for query files", path, QUERY_MAX_FILE);
		close(fd);
		return NULL;
	}
	/* Read one byte past the cap in case the file grew since fstat. */
	text = xmalloc(QUERY_MAX_FILE + 2);
	for (;;) {
		n = read(fd, text + len, QUERY_MAX_FILE + 1 - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			set_cause(cause, "%s: %s", path, strerror(errno));
			free(text);
			close(fd);
			return NULL;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len == QUERY_MAX_FILE + 1)
			break;
	}
	close(fd);
	text[len] = '\0';
	q = query_load_string(text, len, path, cause);
	free(text);
	return q;
}
