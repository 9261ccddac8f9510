/*
 * ydoc.c: the strict YAML reader every loader shares (see ydoc.h).
 *
 * Reading takes two passes. The raw bytes are checked first, because
 * libyaml's reader gives only a byte offset for what it refuses and we
 * want a line and column for everything. Then libyaml's events, not its
 * document API, build the tree: an alias or a deep nest is refused as the
 * event arrives, before it costs anything.
 */
#include "config.h"
#include "ydoc.h"

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

#include "utf8.h"

/* ---- complaints ------------------------------------------------------ */

int
ydoc_error(struct ydoc *doc, struct ydoc_pos pos, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	ydoc_verror(doc, pos, fmt, ap);
	va_end(ap);
	return -1;
}

int
ydoc_verror(struct ydoc *doc, struct ydoc_pos pos, const char *fmt,
    va_list ap)
{
	char	*msg;

	msg = xvasprintf(fmt, ap);
	if (strlen(msg) > YDOC_MAX_MESSAGE)
		memcpy(msg + utf8_cut(msg, strlen(msg), YDOC_MAX_MESSAGE - 3),
		    "...", sizeof "...");
	set_cause(doc->cause, "%s:%d:%d: %s", doc->file, pos.line, pos.col,
	    msg);
	free(msg);
	return -1;
}

static struct ydoc_pos
ydoc_mark(yaml_mark_t m)
{
	struct ydoc_pos	pos;

	pos.line = m.line >= INT_MAX ? INT_MAX : (int)m.line + 1;
	pos.col = m.column >= INT_MAX ? INT_MAX : (int)m.column + 1;
	return pos;
}

/*
 * Optimal string alignment distance: edits, with a swap of two neighbours
 * counting as one, so "pivto" is one step from "pivot".
 */
static size_t
ydoc_distance(const char *a, const char *b)
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

const char *
ydoc_nearest(const char *s, const char *const *words, size_t nwords)
{
	const char	*best = NULL;
	size_t		 i, d, bestd = SIZE_MAX, limit;

	/* Long words are no typos, and the table would be large. */
	if (strlen(s) > 64)
		return NULL;
	limit = strlen(s) <= 3 ? 1 : 2;
	for (i = 0; i < nwords; i++) {
		d = ydoc_distance(s, words[i]);
		if (d < bestd) {
			bestd = d;
			best = words[i];
		}
	}
	return bestd <= limit ? best : NULL;
}

int
ydoc_unknown(struct ydoc *doc, struct ydoc_pos pos, const char *what,
    const char *s, const char *const *words, size_t nwords)
{
	const char	*near = ydoc_nearest(s, words, nwords);
	struct buf	 b = BUF_INIT;
	size_t		 i;
	int		 rc;

	if (near != NULL)
		return ydoc_error(doc, pos, "unknown %s \"%s\"; did you mean "
		    "\"%s\"?", what, s, near);
	for (i = 0; i < nwords; i++)
		buf_printf(&b, "%s%s", i == 0 ? "" : ", ", words[i]);
	rc = ydoc_error(doc, pos, "unknown %s \"%s\"; expected one of: %s",
	    what, s, nwords == 0 ? "(none)" : b.data);
	buf_free(&b);
	return rc;
}

/* ---- pass 1: the bytes ----------------------------------------------- */

/*
 * Allowed: valid UTF-8 of the characters YAML calls printable, tab, CR
 * and LF. U+2028 and U+2029 are refused: libyaml counts them as line
 * breaks and editors do not, so every place after one would be wrong.
 */
static int
ydoc_check_bytes(struct ydoc *doc, const char *text, size_t len)
{
	struct ydoc_pos	pos = { 1, 1 };
	size_t		i = 0, n;
	uint32_t	cp;

	while (i < len) {
		n = utf8_decode(text + i, len - i, &cp);
		if (n == 1 && cp == 0xFFFD)
			return ydoc_error(doc, pos, "invalid UTF-8 (byte "
			    "0x%02X); %s files are UTF-8 text",
			    (unsigned)(unsigned char)text[i], doc->kind);
		i += n;
		if (cp == '\n' ||
		    (cp == '\r' && (i == len || text[i] != '\n'))) {
			pos.line++;
			pos.col = 1;
			continue;
		}
		if (cp == 0)
			return ydoc_error(doc, pos, "NUL byte; %s files are "
			    "text", doc->kind);
		if ((cp < 0x20 && cp != '\t' && cp != '\r') ||
		    (cp >= 0x7F && cp < 0xA0))
			return ydoc_error(doc, pos, "control character U+%04X "
			    "is not allowed", (unsigned)cp);
		if (cp == 0x2028 || cp == 0x2029 || cp == 0xFFFE ||
		    cp == 0xFFFF)
			return ydoc_error(doc, pos, "character U+%04X is not "
			    "allowed", (unsigned)cp);
		pos.col++;
	}
	return 0;
}

/* ---- pass 2: events into a tree -------------------------------------- */

static void
ydoc_node_free(struct ydoc_node *n)
{
	size_t	i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nkids; i++)
		ydoc_node_free(n->kids[i]);
	free(n->kids);
	free(n->value);
	free(n);
}

/*
 * Escapes in quoted scalars can make what the byte check could not see. A
 * block scalar may hold tabs and line breaks; nothing may hold another
 * control character.
 */
static int
ydoc_check_scalar(struct ydoc *doc, const struct ydoc_node *n, size_t len)
{
	size_t		i, k;
	uint32_t	cp;

	if (strlen(n->value) != len)
		return ydoc_error(doc, n->pos, "NUL character in a scalar");
	for (i = 0; i < len; i += k) {
		k = utf8_decode(n->value + i, len - i, &cp);
		if (n->block && (cp == '\t' || cp == '\n'))
			continue;
		if (cp == '\t' || cp == '\n')
			return ydoc_error(doc, n->pos, "%s in a scalar; tabs "
			    "and line breaks belong in block scalars (| or >)",
			    cp == '\t' ? "tab" : "line break");
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
			return ydoc_error(doc, n->pos, "control character "
			    "U+%04X in a scalar", (unsigned)cp);
	}
	return 0;
}

/* qsort order for keys: by text, then by place in the file. */
static int
ydoc_key_cmp(const void *a, const void *b)
{
	const struct ydoc_node	*ka = *(const struct ydoc_node *const *)a;
	const struct ydoc_node	*kb = *(const struct ydoc_node *const *)b;
	int			 c = strcmp(ka->value, kb->value);

	if (c != 0)
		return c;
	if (ka->pos.line != kb->pos.line)
		return ka->pos.line < kb->pos.line ? -1 : 1;
	return (ka->pos.col > kb->pos.col) - (ka->pos.col < kb->pos.col);
}

static bool
ydoc_before(struct ydoc_pos a, struct ydoc_pos b)
{
	return a.line < b.line || (a.line == b.line && a.col < b.col);
}

/*
 * Refuse a key given twice in one mapping, at the repeat nearest the top
 * of the file. Sorting keeps this quick for a hostile file of many keys.
 */
static int
ydoc_check_dups(struct ydoc *doc, const struct ydoc_node *m)
{
	struct ydoc_node	**keys, *dup = NULL, *first = NULL;
	size_t			  n = m->nkids / 2, i, run;
	int			  rc = 0;

	if (n < 2)
		return 0;
	keys = xreallocarray(NULL, n, sizeof *keys);
	for (i = 0; i < n; i++)
		keys[i] = m->kids[2 * i];
	qsort(keys, n, sizeof *keys, ydoc_key_cmp);
	for (run = 0, i = 1; i < n; i++) {
		if (strcmp(keys[i]->value, keys[run]->value) != 0) {
			run = i;
			continue;
		}
		if (i == run + 1 && (dup == NULL ||
		    ydoc_before(keys[i]->pos, dup->pos))) {
			dup = keys[i];
			first = keys[run];
		}
	}
	if (dup != NULL)
		rc = ydoc_error(doc, dup->pos, "duplicate key \"%s\" (first "
		    "at %d:%d)", dup->value, first->pos.line, first->pos.col);
	free(keys);
	return rc;
}

static int
ydoc_syntax_error(struct ydoc *doc, const yaml_parser_t *p, const char *text,
    size_t len)
{
	struct ydoc_pos	 pos;
	const char	*problem = p->problem;
	size_t		 i;

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
		return ydoc_error(doc, pos, "%s", problem);
	}
	pos = ydoc_mark(p->problem_mark);
	if (p->context != NULL)
		return ydoc_error(doc, pos, "%s (%s at %d:%d)", problem,
		    p->context, ydoc_mark(p->context_mark).line,
		    ydoc_mark(p->context_mark).col);
	return ydoc_error(doc, pos, "%s", problem);
}

/* Anchors, aliases and tags have no place in our files. */
static int
ydoc_check_props(struct ydoc *doc, const yaml_event_t *ev,
    const yaml_char_t *anchor, const yaml_char_t *tag)
{
	if (anchor != NULL || ev->type == YAML_ALIAS_EVENT)
		return ydoc_error(doc, ydoc_mark(ev->start_mark), "anchors and "
		    "aliases are not allowed in %s files", doc->kind);
	if (tag != NULL)
		return ydoc_error(doc, ydoc_mark(ev->start_mark), "YAML tags "
		    "(\"%s\") are not allowed in %s files; every value is read "
		    "as text", (const char *)tag, doc->kind);
	return 0;
}

/* A scalar event as a node, or NULL with the doc's cause set. */
static struct ydoc_node *
ydoc_scalar_node(struct ydoc *doc, const yaml_event_t *ev)
{
	struct ydoc_node	*n;
	size_t			 len = ev->data.scalar.length;

	if (ydoc_check_props(doc, ev, ev->data.scalar.anchor,
	    ev->data.scalar.tag) != 0)
		return NULL;
	n = xcalloc(1, sizeof *n);
	n->type = YDOC_SCALAR;
	n->pos = ydoc_mark(ev->start_mark);
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	n->block = ev->data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
	    ev->data.scalar.style == YAML_FOLDED_SCALAR_STYLE;
	n->start = ev->start_mark.index;
	n->end = ev->end_mark.index;
	/* Copied whole, NULs and all, for ydoc_check_scalar(). */
	n->value = xmalloc(len + 1);
	memcpy(n->value, ev->data.scalar.value, len);
	n->value[len] = '\0';
	if (ydoc_check_scalar(doc, n, len) != 0) {
		ydoc_node_free(n);
		return NULL;
	}
	return n;
}

/* A sequence or mapping start as a node, or NULL with the cause set. */
static struct ydoc_node *
ydoc_nest_node(struct ydoc *doc, const yaml_event_t *ev, size_t depth,
    size_t max_depth)
{
	struct ydoc_node	*n;
	bool			 list = ev->type == YAML_SEQUENCE_START_EVENT;

	if (ydoc_check_props(doc, ev, list ? ev->data.sequence_start.anchor :
	    ev->data.mapping_start.anchor, list ?
	    ev->data.sequence_start.tag : ev->data.mapping_start.tag) != 0)
		return NULL;
	if (depth == max_depth) {
		ydoc_error(doc, ydoc_mark(ev->start_mark), "nesting deeper "
		    "than %zu levels", max_depth);
		return NULL;
	}
	n = xcalloc(1, sizeof *n);
	n->type = list ? YDOC_LIST : YDOC_MAP;
	n->pos = ydoc_mark(ev->start_mark);
	n->flow = list ? ev->data.sequence_start.style ==
	    YAML_FLOW_SEQUENCE_STYLE : ev->data.mapping_start.style ==
	    YAML_FLOW_MAPPING_STYLE;
	n->start = ev->start_mark.index;
	return n;
}

/* Hang n on the innermost open node, or make it the root. */
static int
ydoc_attach(struct ydoc *doc, struct ydoc_node **stack, size_t depth,
    struct ydoc_node *n)
{
	struct ydoc_node	*parent;

	if (depth == 0) {
		ydoc_node_free(doc->root);
		doc->root = n;
		return 0;
	}
	parent = stack[depth - 1];
	if (parent->type == YDOC_MAP && parent->nkids % 2 == 0 &&
	    n->type != YDOC_SCALAR) {
		ydoc_error(doc, n->pos, "a key must be a scalar, not %s",
		    ydoc_type_name(n));
		ydoc_node_free(n);
		return -1;
	}
	parent->kids = xreallocarray(parent->kids, parent->nkids + 1,
	    sizeof *parent->kids);
	parent->kids[parent->nkids++] = n;
	return 0;
}

/* One event into the tree. 1 at the end of the stream, -1 on a refusal. */
static int
ydoc_event(struct ydoc *doc, const yaml_event_t *ev,
    struct ydoc_node **stack, size_t *depth, size_t max_depth,
    size_t *ndocs)
{
	struct ydoc_node	*n = NULL;

	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		return 1;
	case YAML_DOCUMENT_START_EVENT:
		if ((*ndocs)++ > 0)
			return ydoc_error(doc, ydoc_mark(ev->start_mark), "a %s "
			    "file holds one YAML document; found a second",
			    doc->kind);
		if (ev->data.document_start.tag_directives.start !=
		    ev->data.document_start.tag_directives.end)
			return ydoc_error(doc, ydoc_mark(ev->start_mark), "%%TAG "
			    "directives are not allowed in %s files",
			    doc->kind);
		return 0;
	case YAML_ALIAS_EVENT:
		return ydoc_check_props(doc, ev, NULL, NULL);
	case YAML_SCALAR_EVENT:
		if ((n = ydoc_scalar_node(doc, ev)) == NULL)
			return -1;
		break;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if ((n = ydoc_nest_node(doc, ev, *depth, max_depth)) == NULL)
			return -1;
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (*depth == 0)
			return 0;
		(*depth)--;
		stack[*depth]->end = ev->end_mark.index;
		if (stack[*depth]->type == YDOC_MAP)
			return ydoc_check_dups(doc, stack[*depth]);
		return 0;
	default:
		return 0;
	}
	if (ydoc_attach(doc, stack, *depth, n) != 0)
		return -1;
	if (n->type != YDOC_SCALAR)
		stack[(*depth)++] = n;
	return 0;
}

/* Parse text into doc->root. 0, or -1 with the cause set. */
static int
ydoc_read_tree(struct ydoc *doc, const char *text, size_t len,
    size_t max_depth)
{
	yaml_parser_t		 p;
	yaml_event_t		 ev;
	struct ydoc_node	**stack;
	size_t			 depth = 0, ndocs = 0;
	int			 rc = 0;

	if (!yaml_parser_initialize(&p)) {
		set_cause(doc->cause, "%s: cannot start the YAML parser",
		    doc->file);
		return -1;
	}
	stack = xreallocarray(NULL, max_depth + 1, sizeof *stack);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	while (rc == 0) {
		if (!yaml_parser_parse(&p, &ev)) {
			rc = ydoc_syntax_error(doc, &p, text, len);
			break;
		}
		rc = ydoc_event(doc, &ev, stack, &depth, max_depth, &ndocs);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	free(stack);
	return rc < 0 ? -1 : 0;
}

struct ydoc *
ydoc_read(const char *text, size_t len, const char *file,
    const struct ydoc_rules *rules, char **cause)
{
	struct ydoc	*doc;

	doc = xcalloc(1, sizeof *doc);
	doc->file = xstrdup(file);
	doc->kind = rules->kind;
	doc->cause = cause;
	if (len > rules->max_bytes)
		ydoc_error(doc, (struct ydoc_pos){ 1, 1 }, "the file is larger "
		    "than %zu bytes, the limit for %s files", rules->max_bytes,
		    rules->kind);
	else if (ydoc_check_bytes(doc, text, len) == 0 &&
	    ydoc_read_tree(doc, text, len, rules->max_depth) == 0) {
		if (doc->root != NULL)
			return doc;
		ydoc_error(doc, (struct ydoc_pos){ 1, 1 }, "the file holds no "
		    "%s (expected %s)", rules->kind, rules->expect);
	}
	ydoc_free(doc);
	return NULL;
}

void
ydoc_free(struct ydoc *doc)
{
	if (doc == NULL)
		return;
	ydoc_node_free(doc->root);
	free(doc->file);
	free(doc);
}

char *
ydoc_slurp(const char *path, const struct ydoc_rules *rules, size_t *len,
    char **cause)
{
	struct stat	 st;
	char		*text;
	ssize_t		 n;
	int		 fd;

	*len = 0;
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
	if (!S_ISREG(st.st_mode)) {
		set_cause(cause, "%s: %s", path, S_ISDIR(st.st_mode) ?
		    "is a directory" : "not a regular file");
		close(fd);
		return NULL;
	}
	if ((uintmax_t)st.st_size > rules->max_bytes) {
		set_cause(cause, "%s:1:1: the file is larger than %zu bytes, "
		    "the limit for %s files", path, rules->max_bytes,
		    rules->kind);
		close(fd);
		return NULL;
	}
	/* One byte past the cap in case the file grew since fstat(). */
	text = xmalloc(rules->max_bytes + 2);
	for (;;) {
		n = read(fd, text + *len, rules->max_bytes + 1 - *len);
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
		*len += (size_t)n;
		if (*len == rules->max_bytes + 1)
			break;
	}
	close(fd);
	text[*len] = '\0';
	return text;
}

/* ---- looking at nodes ------------------------------------------------ */

const char *
ydoc_type_name(const struct ydoc_node *n)
{
	switch (n->type) {
	case YDOC_SCALAR:
		return "a scalar";
	case YDOC_LIST:
		return "a list";
	case YDOC_MAP:
		return "a mapping";
	}
	return "something else";
}

bool
ydoc_is_null(const struct ydoc_node *n)
{
	const char	*s = n->value;

	if (n->type != YDOC_SCALAR || !n->plain)
		return false;
	return *s == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
	    strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

const struct ydoc_node *
ydoc_get(const struct ydoc_node *m, const char *key)
{
	size_t	i;

	if (m->type != YDOC_MAP)
		return NULL;
	for (i = 0; i + 1 < m->nkids; i += 2) {
		if (strcmp(m->kids[i]->value, key) == 0)
			return m->kids[i + 1];
	}
	return NULL;
}

/* ---- checked getters ------------------------------------------------- */

int
ydoc_check_keys(struct ydoc *doc, const struct ydoc_node *m,
    const char *const *keys, size_t nkeys)
{
	size_t	i, j;

	for (i = 0; i + 1 < m->nkids; i += 2) {
		for (j = 0; j < nkeys; j++) {
			if (strcmp(m->kids[i]->value, keys[j]) == 0)
				break;
		}
		if (j == nkeys)
			return ydoc_unknown(doc, m->kids[i]->pos, "key",
			    m->kids[i]->value, keys, nkeys);
	}
	return 0;
}

int
ydoc_require(struct ydoc *doc, const char *what, const struct ydoc_node *m,
    const char *key, const struct ydoc_node **out)
{
	if ((*out = ydoc_get(m, key)) != NULL)
		return 0;
	if (what == NULL)
		return ydoc_error(doc, m->pos, "missing required key \"%s\"",
		    key);
	return ydoc_error(doc, m->pos, "%s: missing required key \"%s\"",
	    what, key);
}

int
ydoc_want(struct ydoc *doc, const char *what, const struct ydoc_node *n,
    enum ydoc_type type)
{
	static const char *const names[] = {
		[YDOC_SCALAR] = "a scalar",
		[YDOC_LIST] = "a list",
		[YDOC_MAP] = "a mapping",
	};

	if (n->type == type)
		return 0;
	return ydoc_error(doc, n->pos, "%s: expected %s, found %s", what,
	    names[type], ydoc_is_null(n) ? "nothing" : ydoc_type_name(n));
}

int
ydoc_scalar(struct ydoc *doc, const char *what, const struct ydoc_node *n,
    const char **out)
{
	/* Both complaints fail: *out is written exactly when 0 is returned. */
	if (n->type != YDOC_SCALAR) {
		ydoc_error(doc, n->pos, "%s: expected a scalar, found %s",
		    what, ydoc_type_name(n));
		return -1;
	}
	if (ydoc_is_null(n)) {
		ydoc_error(doc, n->pos, "%s: expected a value, found nothing",
		    what);
		return -1;
	}
	*out = n->value;
	return 0;
}

int
ydoc_string(struct ydoc *doc, const char *what, const struct ydoc_node *n,
    char **out)
{
	const char	*s;

	if (ydoc_scalar(doc, what, n, &s) != 0)
		return -1;
	free(*out);
	*out = xstrdup(s);
	return 0;
}

int
ydoc_bool(struct ydoc *doc, const char *what, const struct ydoc_node *n,
    bool *out)
{
	static const char *const yes[] = { "true", "True", "TRUE" };
	static const char *const no[] = { "false", "False", "FALSE" };
	size_t			 i;

	if (n->type == YDOC_SCALAR && n->plain) {
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
	if (n->type != YDOC_SCALAR)
		return ydoc_error(doc, n->pos, "%s: expected true or false, "
		    "found %s", what, ydoc_type_name(n));
	return ydoc_error(doc, n->pos, "%s: expected true or false, found "
	    "\"%s\"", what, n->value);
}

bool
ydoc_int_text(const char *s, int64_t *v)
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

bool
ydoc_float_text(const char *s, double *v)
{
	char	*end;

	if (*s == '\0' || ascii_isspace((unsigned char)*s))
		return false;
	errno = 0;
	*v = strtod(s, &end);
	return *end == '\0' && errno == 0 && isfinite(*v);
}

int
ydoc_int(struct ydoc *doc, const char *what, const struct ydoc_node *n,
    int64_t lo, int64_t hi, int64_t *out)
{
	const char	*s;

	if (ydoc_scalar(doc, what, n, &s) != 0)
		return -1;
	if (ydoc_int_text(s, out) && *out >= lo && *out <= hi)
		return 0;
	if (hi == INT64_MAX)
		return ydoc_error(doc, n->pos, "%s: expected a whole number of "
		    "at least %lld, found \"%s\"", what, (long long)lo, s);
	return ydoc_error(doc, n->pos, "%s: expected a whole number from %lld "
	    "to %lld, found \"%s\"", what, (long long)lo, (long long)hi, s);
}

int
ydoc_float(struct ydoc *doc, const char *what, const struct ydoc_node *n,
    double lo, double hi, double *out)
{
	const char	*s;

	if (ydoc_scalar(doc, what, n, &s) != 0)
		return -1;
	if (ydoc_float_text(s, out) && *out >= lo && *out <= hi)
		return 0;
	return ydoc_error(doc, n->pos, "%s: expected a number from %g to %g, "
	    "found \"%s\"", what, lo, hi, s);
}

int
ydoc_choice(struct ydoc *doc, const char *what, const struct ydoc_node *n,
    const char *const *words, size_t nwords, size_t *out)
{
	const char	*s;
	size_t		 i;

	*out = 0;
	if (ydoc_scalar(doc, what, n, &s) != 0)
		return -1;
	for (i = 0; i < nwords; i++) {
		if (strcmp(s, words[i]) == 0) {
			*out = i;
			return 0;
		}
	}
	return ydoc_unknown(doc, n->pos, what, s, words, nwords);
}

int
ydoc_list(struct ydoc *doc, const char *what, const struct ydoc_node *n,
    int flags, size_t *count)
{
	*count = 0;
	if (n->type == YDOC_SCALAR && (flags & YDOC_LIST_SCALAR_OK) &&
	    !ydoc_is_null(n))
		*count = 1;
	else if (ydoc_want(doc, what, n, YDOC_LIST) != 0)
		return -1;
	else
		*count = n->nkids;
	if (*count == 0 && !(flags & YDOC_LIST_EMPTY_OK))
		return ydoc_error(doc, n->pos, "%s: expected at least one "
		    "value", what);
	return 0;
}

const struct ydoc_node *
ydoc_item(const struct ydoc_node *n, size_t i)
{
	return n->type == YDOC_SCALAR ? n : n->kids[i];
}

int
ydoc_strings(struct ydoc *doc, const char *what, const struct ydoc_node *n,
    int flags, char ***v, size_t *nv)
{
	size_t	count, i;
	char	*s;

	if (ydoc_list(doc, what, n, flags, &count) != 0)
		return -1;
	for (i = 0; i < count; i++) {
		s = NULL;
		if (ydoc_string(doc, what, ydoc_item(n, i), &s) != 0)
			return -1;
		*v = xreallocarray(*v, *nv + 1, sizeof **v);
		(*v)[(*nv)++] = s;
	}
	return 0;
}
