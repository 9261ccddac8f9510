/*
 * mapping.c: load a YAML mapping file into a struct mapping.
 *
 * The file is loaded as a libyaml document and walked node by node; every
 * complaint carries the line and column of the node it is about. Key
 * tables below list what each section accepts, so an unknown key can be
 * answered with the keys that would have been understood.
 */
#include "config.h"
#include "mapping.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util.h"

static const char *const account_keys[MAP_NACCOUNT] = {
	"platform", "native_id", "handle", "display_name", "bio", "url",
	"created_at", "followers", "following", "posts", "country",
	"language", "status"
};

static const char *const post_keys[MAP_NPOST] = {
	"native_id", "posted_at", "text", "reply_to", "repost_of", "hashtags",
	"urls"
};

/* The account section: its fields, and match. */
static const char *const account_section_keys[MAP_NACCOUNT + 1] = {
	"platform", "native_id", "handle", "display_name", "bio", "url",
	"created_at", "followers", "following", "posts", "country",
	"language", "status", "match"
};

static const char *const top_keys[] = {
	"cibscope", "format", "delimiter", "platform", "account", "attributes",
	"posts", "match"
};

static const char *const attr_keys[] = {
	"column", "kind", "kind_column", "split", "list"
};

struct mload {
	yaml_document_t	 doc;
	const char	*name;
	char		**cause;
	struct mapping	*map;
	yaml_node_t	*match;		/* the first match: key seen */
	yaml_node_t	*match_item[MAP_NACCOUNT];	/* where each is named */
};

const char *
mapping_account_key(enum map_account f)
{
	return account_keys[f];
}

const char *
mapping_post_key(enum map_post f)
{
	return post_keys[f];
}

bool
mapping_matches_handle(const struct mapping *m)
{
	size_t	i;

	for (i = 0; i < m->nmatch; i++) {
		if (m->match[i] == MAP_HANDLE)
			return true;
	}
	return false;
}

void
mapping_free(struct mapping *m)
{
	size_t	i;

	if (m == NULL)
		return;
	free(m->name);
	free(m->format);
	free(m->platform);
	for (i = 0; i < MAP_NACCOUNT; i++)
		free(m->account[i]);
	for (i = 0; i < MAP_NPOST; i++)
		free(m->post[i]);
	for (i = 0; i < m->nattrs; i++) {
		free(m->attrs[i].column);
		free(m->attrs[i].kind);
		free(m->attrs[i].kind_column);
		free(m->attrs[i].split);
	}
	free(m->attrs);
	free(m);
}

/* Complain about a node: "NAME:LINE:COL: message". Returns -1. */
static int CIB_PRINTF(3, 4)
merr(struct mload *ml, yaml_node_t *n, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	set_cause(ml->cause, "%s:%zu:%zu: %s", ml->name,
	    n->start_mark.line + 1, n->start_mark.column + 1, msg);
	free(msg);
	return -1;
}

static const char *
node_kind(yaml_node_t *n)
{
	switch (n->type) {
	case YAML_SCALAR_NODE:
		return "a scalar";
	case YAML_SEQUENCE_NODE:
		return "a list";
	case YAML_MAPPING_NODE:
		return "a mapping";
	default:
		return "nothing";
	}
}

static const char *
scalar(yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

/* A scalar that is not quoted and spells YAML's null. */
static bool
is_null(yaml_node_t *n)
{
	const char *s;

	if (n->type != YAML_SCALAR_NODE ||
	    n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	s = scalar(n);
	return *s == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
	    strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

/* Read a string value; a YAML null leaves *out NULL. */
static int
get_string(struct mload *ml, yaml_node_t *key, yaml_node_t *v, char **out)
{
	if (is_null(v))
		return 0;
	if (v->type != YAML_SCALAR_NODE)
		return merr(ml, v, "%s must be a string, not %s", scalar(key),
		    node_kind(v));
	if (*scalar(v) == '\0')
		return merr(ml, v, "%s must not be empty", scalar(key));
	free(*out);
	*out = xstrdup(scalar(v));
	return 0;
}

static int
get_bool(struct mload *ml, yaml_node_t *key, yaml_node_t *v, bool *out)
{
	const char *s;

	if (v->type == YAML_SCALAR_NODE &&
	    v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
		s = scalar(v);
		if (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0) {
			*out = true;
			return 0;
		}
		if (strcmp(s, "false") == 0 || strcmp(s, "no") == 0) {
			*out = false;
			return 0;
		}
	}
	return merr(ml, v, "%s must be true or false", scalar(key));
}

/*
 * Check a mapping node's keys: each is a scalar from the allowed list and
 * appears once. Returns -1 with the complaint at the offending key.
 */
static int
check_keys(struct mload *ml, yaml_node_t *n, const char *section,
    const char *const *allowed, size_t nallowed)
{
	yaml_node_pair_t	*p, *q;
	yaml_node_t		*k, *k2;
	struct buf		 b = BUF_INIT;
	size_t			 i;
	int			 rc;

	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	    p++) {
		k = yaml_document_get_node(&ml->doc, p->key);
		if (k->type != YAML_SCALAR_NODE)
			return merr(ml, k, "a key in %s must be a name, not "
			    "%s", section, node_kind(k));
		for (q = n->data.mapping.pairs.start; q < p; q++) {
			k2 = yaml_document_get_node(&ml->doc, q->key);
			if (strcmp(scalar(k), scalar(k2)) == 0)
				return merr(ml, k, "duplicate key \"%s\" "
				    "(first at line %zu)", scalar(k),
				    k2->start_mark.line + 1);
		}
		for (i = 0; i < nallowed; i++) {
			if (strcmp(scalar(k), allowed[i]) == 0)
				break;
		}
		if (i < nallowed)
			continue;
		for (i = 0; i < nallowed; i++)
			buf_printf(&b, "%s%s", i == 0 ? "" : ", ", allowed[i]);
		rc = merr(ml, k, "unknown key \"%s\" in %s (known: %s)",
		    scalar(k), section, b.data);
		buf_free(&b);
		return rc;
	}
	return 0;
}

static int
want_mapping(struct mload *ml, yaml_node_t *key, yaml_node_t *v)
{
	if (v->type != YAML_MAPPING_NODE)
		return merr(ml, v, "%s must be a mapping, not %s", scalar(key),
		    node_kind(v));
	return 0;
}

/*
 * match: the account fields that identify an account, tried in order.
 * It may stand at the top level or in account:, once.
 */
static int
load_match(struct mload *ml, yaml_node_t *key, yaml_node_t *v)
{
	struct mapping		*m = ml->map;
	yaml_node_item_t	*it;
	yaml_node_t		*item;
	enum map_account	 f;
	size_t			 i;

	if (ml->match != NULL)
		return merr(ml, key, "match is given twice (first at line "
		    "%zu)", ml->match->start_mark.line + 1);
	ml->match = key;
	if (v->type != YAML_SEQUENCE_NODE)
		return merr(ml, v, "match must be a list of account fields, "
		    "like [handle], not %s", node_kind(v));
	if (v->data.sequence.items.start == v->data.sequence.items.top)
		return merr(ml, v, "match must name at least one account "
		    "field: native_id or handle");
	for (it = v->data.sequence.items.start;
	    it < v->data.sequence.items.top; it++) {
		item = yaml_document_get_node(&ml->doc, *it);
		if (item->type != YAML_SCALAR_NODE)
			return merr(ml, item, "a field in match must be a "
			    "name, not %s", node_kind(item));
		if (strcmp(scalar(item), "native_id") == 0)
			f = MAP_NATIVE_ID;
		else if (strcmp(scalar(item), "handle") == 0)
			f = MAP_HANDLE;
		else
			return merr(ml, item, "unknown field \"%s\" in match "
			    "(known: native_id, handle)", scalar(item));
		for (i = 0; i < m->nmatch; i++) {
			if (m->match[i] == f)
				return merr(ml, item, "match names %s twice",
				    scalar(item));
		}
		m->match[m->nmatch++] = f;
		ml->match_item[f] = item;
	}
	return 0;
}

/* account: and posts: map field names to columns; account: may also
 * hold match:. */
static int
load_fields(struct mload *ml, yaml_node_t *key, yaml_node_t *n,
    const char *const *keys, size_t nkeys, char **out)
{
	yaml_node_pair_t	*p;
	yaml_node_t		*k, *v;
	size_t			 i;
	bool			 account = keys == account_keys;

	if (want_mapping(ml, key, n) != 0 ||
	    check_keys(ml, n, scalar(key), account ? account_section_keys :
	    keys, account ? nitems(account_section_keys) : nkeys) != 0)
		return -1;
	for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	    p++) {
		k = yaml_document_get_node(&ml->doc, p->key);
		v = yaml_document_get_node(&ml->doc, p->value);
		if (account && strcmp(scalar(k), "match") == 0) {
			if (load_match(ml, k, v) != 0)
				return -1;
			continue;
		}
		for (i = 0; i < nkeys; i++) {
			if (strcmp(scalar(k), keys[i]) == 0)
				break;
		}
		if (get_string(ml, k, v, &out[i]) != 0)
			return -1;
	}
	return 0;
}

static int
load_attr(struct mload *ml, yaml_node_t *n, struct mapping_attr *a)
{
	yaml_node_pair_t	*p;
	yaml_node_t		*k, *v;
	const char		*name;
	int			 rc = 0;

	a->line = (int)n->start_mark.line + 1;
	if (n->type != YAML_MAPPING_NODE)
		return merr(ml, n, "an attribute must be a mapping like "
		    "{column: phone, kind: phone}, not %s", node_kind(n));
	if (check_keys(ml, n, "an attribute", attr_keys,
	    nitems(attr_keys)) != 0)
		return -1;
	for (p = n->data.mapping.pairs.start; rc == 0 &&
	    p < n->data.mapping.pairs.top; p++) {
		k = yaml_document_get_node(&ml->doc, p->key);
		v = yaml_document_get_node(&ml->doc, p->value);
		name = scalar(k);
		if (strcmp(name, "column") == 0)
			rc = get_string(ml, k, v, &a->column);
		else if (strcmp(name, "kind") == 0)
			rc = get_string(ml, k, v, &a->kind);
		else if (strcmp(name, "kind_column") == 0)
			rc = get_string(ml, k, v, &a->kind_column);
		else if (strcmp(name, "split") == 0) {
			/* A separator may be a space: no trimming. */
			if (v->type != YAML_SCALAR_NODE ||
			    strlen(scalar(v)) != 1)
				rc = merr(ml, v, "split must be one character");
			else
				a->split = xstrdup(scalar(v));
		} else if (strcmp(name, "list") == 0)
			rc = get_bool(ml, k, v, &a->list);
	}
	if (rc != 0)
		return -1;
	if (a->column == NULL)
		return merr(ml, n, "an attribute needs a column");
	if (a->kind != NULL && a->kind_column != NULL)
		return merr(ml, n, "an attribute has a kind or a kind_column, "
		    "not both");
	if (a->kind == NULL && a->kind_column == NULL)
		a->kind = xstrdup(a->column);
	if (a->split != NULL && a->list)
		return merr(ml, n, "an attribute has split or list, not both");
	return 0;
}

static int
load_attrs(struct mload *ml, yaml_node_t *key, yaml_node_t *n)
{
	struct mapping	*m = ml->map;
	yaml_node_item_t *it;
	size_t		 count;

	if (n->type != YAML_SEQUENCE_NODE)
		return merr(ml, n, "%s must be a list, not %s", scalar(key),
		    node_kind(n));
	count = (size_t)(n->data.sequence.items.top -
	    n->data.sequence.items.start);
	m->attrs = xcalloc(count, sizeof *m->attrs);
	for (it = n->data.sequence.items.start; it < n->data.sequence.items.top;
	    it++) {
		if (load_attr(ml, yaml_document_get_node(&ml->doc, *it),
		    &m->attrs[m->nattrs++]) != 0)
			return -1;
	}
	return 0;
}

/* Read a delimiter: one byte, with "\t" and "tab" spelled out. */
static int
load_delimiter(struct mload *ml, yaml_node_t *v)
{
	const char	*s;

	if (v->type != YAML_SCALAR_NODE)
		return merr(ml, v, "delimiter must be one character");
	s = scalar(v);
	if (strcmp(s, "\\t") == 0 || strcmp(s, "tab") == 0)
		s = "\t";
	if (strlen(s) != 1 || *s == '"' || *s == '\r' || *s == '\n')
		return merr(ml, v, "delimiter must be one character other "
		    "than a quote or a line break");
	ml->map->delimiter = *s;
	return 0;
}

static int
load_top(struct mload *ml, yaml_node_t *root)
{
	struct mapping		*m = ml->map;
	yaml_node_pair_t	*p;
	yaml_node_t		*k, *v, *account = NULL;
	const char		*name;
	int			 rc = 0;

	if (root->type != YAML_MAPPING_NODE)
		return merr(ml, root, "a mapping file must be a YAML mapping "
		    "with account:, attributes: and posts:, not %s",
		    node_kind(root));
	if (check_keys(ml, root, "the mapping", top_keys,
	    nitems(top_keys)) != 0)
		return -1;
	for (p = root->data.mapping.pairs.start; rc == 0 &&
	    p < root->data.mapping.pairs.top; p++) {
		k = yaml_document_get_node(&ml->doc, p->key);
		v = yaml_document_get_node(&ml->doc, p->value);
		name = scalar(k);
		if (strcmp(name, "cibscope") == 0) {
			if (v->type != YAML_SCALAR_NODE ||
			    strcmp(scalar(v), "1") != 0)
				rc = merr(ml, v, "this cibscope reads mapping "
				    "files of version 1 only");
		} else if (strcmp(name, "format") == 0) {
			rc = get_string(ml, k, v, &m->format);
			if (rc == 0 && m->format != NULL &&
			    strcmp(m->format, "csv") != 0 &&
			    strcmp(m->format, "jsonl") != 0)
				rc = merr(ml, v, "format must be csv or jsonl");
		} else if (strcmp(name, "delimiter") == 0)
			rc = load_delimiter(ml, v);
		else if (strcmp(name, "platform") == 0)
			rc = get_string(ml, k, v, &m->platform);
		else if (strcmp(name, "account") == 0) {
			account = v;
			rc = load_fields(ml, k, v, account_keys,
			    MAP_NACCOUNT, m->account);
		} else if (strcmp(name, "posts") == 0)
			rc = load_fields(ml, k, v, post_keys, MAP_NPOST,
			    m->post);
		else if (strcmp(name, "attributes") == 0)
			rc = load_attrs(ml, k, v);
		else if (strcmp(name, "match") == 0)
			rc = load_match(ml, k, v);
	}
	if (rc != 0)
		return -1;
	if (account == NULL)
		return merr(ml, root, "the mapping has no account: section "
		    "(account: {native_id: COLUMN} at least)");
	if (m->nmatch == 0) {
		m->match[0] = MAP_NATIVE_ID;
		m->nmatch = 1;
	}
	if (ml->match_item[MAP_HANDLE] != NULL &&
	    m->account[MAP_HANDLE] == NULL)
		return merr(ml, ml->match_item[MAP_HANDLE], "match: handle "
		    "needs account.handle: the column of handles");
	if (ml->match_item[MAP_NATIVE_ID] != NULL &&
	    m->account[MAP_NATIVE_ID] == NULL)
		return merr(ml, ml->match_item[MAP_NATIVE_ID], "match: "
		    "native_id needs account.native_id: the column of ids");
	if (m->account[MAP_NATIVE_ID] == NULL && !mapping_matches_handle(m))
		return merr(ml, account, "account: needs native_id: the "
		    "column that identifies an account (or match: [handle] "
		    "and a handle column)");
	return 0;
}

struct mapping *
mapping_parse(const char *text, size_t len, const char *name, char **cause)
{
	yaml_parser_t	 parser;
	struct mload	 ml;
	yaml_node_t	*root;
	int		 rc = -1;

	memset(&ml, 0, sizeof ml);
	ml.name = name;
	ml.cause = cause;
	ml.map = xcalloc(1, sizeof *ml.map);
	ml.map->name = xstrdup(name);
	ml.map->delimiter = ',';

	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text,
	    len);
	if (!yaml_parser_load(&parser, &ml.doc)) {
		set_cause(cause, "%s:%zu:%zu: %s%s%s", name,
		    parser.problem_mark.line + 1,
		    parser.problem_mark.column + 1,
		    parser.problem != NULL ? parser.problem : "bad YAML",
		    parser.context != NULL ? " " : "",
		    parser.context != NULL ? parser.context : "");
		yaml_parser_delete(&parser);
		mapping_free(ml.map);
		return NULL;
	}
	root = yaml_document_get_root_node(&ml.doc);
	if (root == NULL)
		set_cause(cause, "%s: the mapping file is empty", name);
	else
		rc = load_top(&ml, root);
	yaml_document_delete(&ml.doc);
	yaml_parser_delete(&parser);
	if (rc != 0) {
		mapping_free(ml.map);
		return NULL;
	}
	return ml.map;
}

struct mapping *
mapping_load(const char *path, char **cause)
{
	FILE		*fp;
	struct buf	 b = BUF_INIT;
	char		 chunk[8192];
	size_t		 n;
	struct mapping	*m;

	if ((fp = fopen(path, "rb")) == NULL) {
		set_cause(cause, "%s: %s", path, strerror(errno));
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&b, chunk, n);
	if (ferror(fp)) {
		set_cause(cause, "%s: read error", path);
		fclose(fp);
		buf_free(&b);
		return NULL;
	}
	fclose(fp);
	m = mapping_parse(b.data != NULL ? b.data : "", b.len, path, cause);
	buf_free(&b);
	return m;
}
