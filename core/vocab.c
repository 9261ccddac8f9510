/*
 * vocab.c: loading technique vocabularies (DISARM, Meta's kill chain)
 * into a case, and checking and naming technique ids against them.
 */
#include "config.h"
#include "vocab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "case.h"
#include "csv.h"
#include "normalize.h"
#include "util.h"

static const struct {
	enum vocab_framework	 fw;
	const char		*key;
	const char		*title;
} vocab_frameworks[] = {
	{ VOCAB_DISARM, "disarm", "DISARM" },
	{ VOCAB_META, "meta", "Meta kill chain" },
};

const char *
vocab_framework_key(enum vocab_framework fw)
{
	size_t	i;

	for (i = 0; i < nitems(vocab_frameworks); i++) {
		if (vocab_frameworks[i].fw == fw)
			return vocab_frameworks[i].key;
	}
	return NULL;
}

const char *
vocab_framework_title(enum vocab_framework fw)
{
	size_t	i;

	for (i = 0; i < nitems(vocab_frameworks); i++) {
		if (vocab_frameworks[i].fw == fw)
			return vocab_frameworks[i].title;
	}
	return "unknown";
}

/* ^T[0-9]{4}(\.[0-9]{3})?$ */
static bool
form_disarm(const char *s)
{
	size_t	i;

	if (s[0] != 'T')
		return false;
	for (i = 1; i <= 4; i++) {
		if (!ascii_isdigit(s[i]))
			return false;
	}
	if (s[5] == '\0')
		return true;
	if (s[5] != '.')
		return false;
	for (i = 6; i <= 8; i++) {
		if (!ascii_isdigit(s[i]))
			return false;
	}
	return s[9] == '\0';
}

/* ^[0-9]{1,2}(\.[0-9]{1,2}){1,3}$: a technique or procedure, not a
 * bare tactic. */
static bool
form_meta(const char *s)
{
	int	parts = 0, nd;

	for (;;) {
		for (nd = 0; ascii_isdigit(*s); s++)
			nd++;
		if (nd < 1 || nd > 2)
			return false;
		parts++;
		if (*s == '\0')
			break;
		if (*s++ != '.')
			return false;
	}
	return parts >= 2 && parts <= 4;
}

enum vocab_framework
vocab_id_form(const char *id)
{
	if (id == NULL)
		return VOCAB_UNKNOWN;
	if (form_disarm(id))
		return VOCAB_DISARM;
	if (form_meta(id))
		return VOCAB_META;
	return VOCAB_UNKNOWN;
}

/* ------------------------------------------------------------------ */
/* Import                                                              */

enum layout {
	LAYOUT_DISARM,
	LAYOUT_META,
	LAYOUT_GENERIC,
};

struct importer {
	struct case_db		 *c;
	const char		 *path;
	struct csv_reader	 *csv;
	sqlite3_stmt		 *put;
	enum layout		  layout;
	int			  col_id, col_name, col_tactic, col_tactic_id;
	int			  col_technique, col_procedure;
	void			(*warn)(void *, const char *);
	void			 *warn_arg;
	struct vocab_import_stats *st;
};

/* Copy a cell trimmed, with inner white space (line breaks too)
 * collapsed; "" for an absent or blank cell. */
static void
cell(const struct csv_row *row, int col, char *out, size_t outsz)
{
	if (col < 0 || (size_t)col >= row->n ||
	    !norm_text(row->field[col], out, outsz))
		out[0] = '\0';
}

static int
header_find(const struct csv_row *row, const char *name)
{
	char	h[NORM_MAX];
	size_t	i;

	for (i = 0; i < row->n; i++) {
		cell(row, (int)i, h, sizeof h);
		if (ascii_strcasecmp(h, name) == 0)
			return (int)i;
	}
	return -1;
}

static int
header_read(struct importer *im, const struct csv_row *row, char **cause)
{
	im->col_id = header_find(row, "id");
	im->col_name = header_find(row, "name");
	im->col_tactic = header_find(row, "tactic");
	im->col_tactic_id = header_find(row, "tactic_id");
	if (im->col_tactic_id < 0)
		im->col_tactic_id = header_find(row, "tactic id");
	im->col_technique = header_find(row, "technique");
	im->col_procedure = header_find(row, "procedure");

	if (im->col_id >= 0 && im->col_name >= 0) {
		im->layout = im->col_tactic_id >= 0 && im->col_tactic >= 0 ?
		    LAYOUT_DISARM : LAYOUT_GENERIC;
		return 0;
	}
	if (im->col_tactic >= 0 && im->col_technique >= 0) {
		im->layout = LAYOUT_META;
		return 0;
	}
	return set_cause(cause, "%s:%lld: not a vocabulary file: expected "
	    "columns id, name, tactic_id, tactic (DISARM), tactic, technique, "
	    "procedure (Meta kill chain) or id, name", im->path,
	    (long long)row->line);
}

static void
skip_row(struct importer *im, const struct csv_row *row, const char *why,
    const char *what)
{
	char	*msg;

	im->st->skipped++;
	if (im->warn == NULL)
		return;
	msg = xasprintf("%s:%lld: %s%s%s", im->path, (long long)row->line, why,
	    what != NULL ? ": " : "", what != NULL ? what : "");
	im->warn(im->warn_arg, msg);
	free(msg);
}

static int
put(struct importer *im, const char *id, enum vocab_framework fw,
    const char *name, const char *tactic, char **cause)
{
	sqlite3_stmt	*s = im->put;
	int		 rc;

	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, vocab_framework_key(fw), -1, SQLITE_STATIC);
	if (name[0] != '\0')
		sqlite3_bind_text(s, 3, name, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 3);
	if (tactic[0] != '\0')
		sqlite3_bind_text(s, 4, tactic, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 4);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return case_error(im->c, cause, "loading the vocabulary");
	if (im->st->framework == VOCAB_UNKNOWN)
		im->st->framework = fw;
	return 0;
}

/*
 * Split a kill-chain cell "0.3 Acquiring phone" into its id ("0.3"; a
 * trailing '.' as in "2.1." dropped) and name. Returns false when the
 * cell does not start with a number.
 */
static bool
split_numbered(const char *s, char *id, size_t idsz, const char **name)
{
	size_t	n = 0;

	while ((ascii_isdigit(s[n]) || s[n] == '.') && n + 1 < idsz)
		n++;
	if (n == 0 || !ascii_isdigit(s[0]))
		return false;
	memcpy(id, s, n);
	id[n] = '\0';
	while (n > 0 && id[n - 1] == '.')
		id[--n] = '\0';
	s += strspn(s, "0123456789.");
	while (*s == ' ')
		s++;
	*name = s;
	return true;
}

static int
row_meta(struct importer *im, const struct csv_row *row, char **cause)
{
	char		 tactic[NORM_MAX], tech[NORM_MAX], proc[NORM_MAX];
	char		 id[32];
	const char	*name;

	cell(row, im->col_tactic, tactic, sizeof tactic);
	cell(row, im->col_technique, tech, sizeof tech);
	cell(row, im->col_procedure, proc, sizeof proc);
	if (tech[0] == '\0' && proc[0] == '\0') {
		if (tactic[0] != '\0')
			skip_row(im, row, "no technique", NULL);
		return 0;
	}
	im->st->rows++;
	if (tech[0] != '\0') {
		if (!split_numbered(tech, id, sizeof id, &name) ||
		    !form_meta(id)) {
			skip_row(im, row, "not a kill-chain technique", tech);
			return 0;
		}
		if (put(im, id, VOCAB_META, name, tactic, cause) != 0)
			return -1;
	}
	if (proc[0] != '\0') {
		if (!split_numbered(proc, id, sizeof id, &name) ||
		    !form_meta(id)) {
			skip_row(im, row, "not a kill-chain procedure", proc);
			return 0;
		}
		if (put(im, id, VOCAB_META, name, tactic, cause) != 0)
			return -1;
	}
	return 0;
}

static int
row_ids(struct importer *im, const struct csv_row *row, char **cause)
{
	char			id[NORM_MAX], name[NORM_MAX], tactic[NORM_MAX];
	char			tid[NORM_MAX];
	enum vocab_framework	fw;

	cell(row, im->col_id, id, sizeof id);
	cell(row, im->col_name, name, sizeof name);
	cell(row, im->col_tactic, tactic, sizeof tactic);
	if (id[0] == '\0') {
		if (name[0] != '\0')
			skip_row(im, row, "no id", NULL);
		return 0;
	}
	im->st->rows++;
	if ((fw = vocab_id_form(id)) == VOCAB_UNKNOWN) {
		skip_row(im, row, "not a DISARM or kill-chain technique id",
		    id);
		return 0;
	}
	if (im->layout == LAYOUT_DISARM) {
		cell(row, im->col_tactic_id, tid, sizeof tid);
		if (tid[0] != '\0' && tactic[0] != '\0') {
			char *both = xasprintf("%s %s", tid, tactic);

			snprintf(tactic, sizeof tactic, "%s", both);
			free(both);
		} else if (tid[0] != '\0')
			snprintf(tactic, sizeof tactic, "%s", tid);
	}
	return put(im, id, fw, name, tactic, cause);
}

static int
import_rows(struct importer *im, char **cause)
{
	struct csv_row	 row;
	char		*err = NULL;
	bool		 header = true;
	int		 rc;

	while ((rc = csv_read(im->csv, &row, &err)) != 0) {
		if (rc < 0) {
			im->st->skipped++;
			if (im->warn != NULL)
				im->warn(im->warn_arg, err);
			free(err);
			err = NULL;
			continue;
		}
		if (header) {
			if (header_read(im, &row, cause) != 0)
				return -1;
			header = false;
			continue;
		}
		if (im->layout == LAYOUT_META)
			rc = row_meta(im, &row, cause);
		else
			rc = row_ids(im, &row, cause);
		if (rc != 0)
			return -1;
	}
	if (header)
		return set_cause(cause, "%s: empty file, no header", im->path);
	return 0;
}

static const char *
layout_name(enum layout l)
{
	switch (l) {
	case LAYOUT_DISARM:
		return "disarm";
	case LAYOUT_META:
		return "meta";
	default:
		return "generic";
	}
}

int
vocab_import(struct case_db *c, const char *path,
    void (*warn)(void *, const char *), void *warn_arg,
    struct vocab_import_stats *st, char **cause)
{
	struct importer	 im;
	struct buf	 detail = BUF_INIT;
	sqlite3_stmt	*q;

	memset(st, 0, sizeof *st);
	memset(&im, 0, sizeof im);
	im.c = c;
	im.path = path;
	im.warn = warn;
	im.warn_arg = warn_arg;
	im.st = st;
	if (c->readonly)
		return set_cause(cause, "%s: the case is read-only", c->path);
	if ((im.csv = csv_open(path, ',', cause)) == NULL)
		return -1;
	if (case_begin(c, cause) != 0) {
		csv_close(im.csv);
		return -1;
	}
	if (sqlite3_prepare_v2(c->db, "INSERT INTO vocab(id, framework, name,"
	    " tactic) VALUES (?1, ?2, ?3, ?4) ON CONFLICT(id) DO UPDATE SET"
	    " framework = excluded.framework, name = excluded.name,"
	    " tactic = excluded.tactic", -1, &im.put, NULL) != SQLITE_OK) {
		case_error(c, cause, "loading the vocabulary");
		goto fail;
	}
	if (import_rows(&im, cause) != 0)
		goto fail;
	st->layout = layout_name(im.layout);
	if (st->framework == VOCAB_UNKNOWN) {
		set_cause(cause, "%s: no technique ids found", path);
		goto fail;
	}

	/* Distinct ids this file holds now that it is loaded. */
	if (sqlite3_prepare_v2(c->db, "SELECT count(*) FROM vocab WHERE"
	    " framework = ?1", -1, &q, NULL) != SQLITE_OK) {
		case_error(c, cause, "loading the vocabulary");
		goto fail;
	}
	sqlite3_bind_text(q, 1, vocab_framework_key(st->framework), -1,
	    SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW)
		st->ids = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);

	buf_adds(&detail, "{\"file\":");
	buf_add_json(&detail, path);
	buf_printf(&detail, ",\"framework\":\"%s\",\"rows\":%lld,"
	    "\"ids\":%lld,\"skipped\":%lld}",
	    vocab_framework_key(st->framework), (long long)st->rows,
	    (long long)st->ids, (long long)st->skipped);
	if (audit_append(c, "vocab-import", vocab_framework_key(st->framework),
	    detail.data, cause) != 0)
		goto fail;
	if (case_commit(c, cause) != 0)
		goto fail;
	buf_free(&detail);
	sqlite3_finalize(im.put);
	csv_close(im.csv);
	return 0;

fail:
	buf_free(&detail);
	sqlite3_finalize(im.put);
	case_rollback(c);
	csv_close(im.csv);
	return -1;
}

/* ------------------------------------------------------------------ */
/* Checking and naming                                                 */

/* 1 when the framework has any id loaded, 0 when not, -1 on error. */
static int
framework_loaded(struct case_db *c, enum vocab_framework fw)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(c->db, "SELECT 1 FROM vocab WHERE framework ="
	    " ?1 LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, vocab_framework_key(fw), -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
id_loaded(struct case_db *c, const char *id, enum vocab_framework fw)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(c->db, "SELECT 1 FROM vocab WHERE id = ?1 AND"
	    " framework = ?2", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, vocab_framework_key(fw), -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : -1;
}

int
vocab_check(struct case_db *c, const char *id, char **cause)
{
	enum vocab_framework	fw = vocab_id_form(id);
	int			loaded, found;

	if (fw == VOCAB_UNKNOWN)
		return set_cause(cause, "\"%s\" is not a technique id (DISARM"
		    " T0007 or T0097.101, Meta kill chain 0.3 or 0.3.2)",
		    id != NULL ? id : "");
	if ((loaded = framework_loaded(c, fw)) < 0)
		return case_error(c, cause, "reading the vocabulary");
	if (loaded == 0)
		return 0;
	if ((found = id_loaded(c, id, fw)) < 0)
		return case_error(c, cause, "reading the vocabulary");
	if (found == 0)
		return set_cause(cause, "unknown technique %s (not in the "
		    "loaded %s vocabulary)", id, vocab_framework_title(fw));
	return 0;
}

int
vocab_check_list(struct case_db *c, const char *list, char **cause)
{
	const char	*p = list;
	size_t		 n;
	char		*id;
	int		 rc;

	if (list == NULL)
		return 0;
	for (;;) {
		p += strspn(p, ", \t\r\n");
		if (*p == '\0')
			return 0;
		n = strcspn(p, ", \t\r\n");
		id = xstrndup(p, n);
		rc = vocab_check(c, id, cause);
		free(id);
		if (rc != 0)
			return -1;
		p += n;
	}
}

char *
vocab_name(struct case_db *c, const char *id)
{
	sqlite3_stmt	*st;
	char		*name = NULL;

	if (id == NULL || sqlite3_prepare_v2(c->db, "SELECT name FROM vocab"
	    " WHERE id = ?1", -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) == SQLITE_TEXT)
		name = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return name;
}

/* ------------------------------------------------------------------ */
/* Listing                                                             */

struct entry_copy {
	char	*id, *framework, *name, *tactic;
};

static char *
col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s != NULL ? xstrdup((const char *)s) : NULL;
}

int
vocab_id_cmp(const char *a, const char *b)
{
	while (*a != '\0' && *b != '\0') {
		if (ascii_isdigit(*a) && ascii_isdigit(*b)) {
			unsigned long x = strtoul(a, (char **)&a, 10);
			unsigned long y = strtoul(b, (char **)&b, 10);

			if (x != y)
				return x < y ? -1 : 1;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return (*a != '\0') - (*b != '\0');
}

static int
entry_cmp(const void *va, const void *vb)
{
	const struct entry_copy	*a = va, *b = vb;
	int			 r;

	if ((r = strcmp(a->framework, b->framework)) != 0)
		return r;
	return vocab_id_cmp(a->id, b->id);
}

int64_t
vocab_each(struct case_db *c, void (*fn)(void *, const struct vocab_entry *),
    void *arg, char **cause)
{
	sqlite3_stmt		*st;
	struct entry_copy	*v = NULL;
	struct vocab_entry	 e;
	size_t			 n = 0, cap = 0, i;
	int			 rc;

	if (sqlite3_prepare_v2(c->db, "SELECT id, framework, name, tactic"
	    " FROM vocab", -1, &st, NULL) != SQLITE_OK)
		return case_error(c, cause, "reading the vocabulary");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			v = xreallocarray(v, cap, sizeof *v);
		}
		v[n].id = col_dup(st, 0);
		v[n].framework = col_dup(st, 1);
		v[n].name = col_dup(st, 2);
		v[n].tactic = col_dup(st, 3);
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		for (i = 0; i < n; i++) {
			free(v[i].id);
			free(v[i].framework);
			free(v[i].name);
			free(v[i].tactic);
		}
		free(v);
		return case_error(c, cause, "reading the vocabulary");
	}
	if (n > 0)
		qsort(v, n, sizeof *v, entry_cmp);
	for (i = 0; i < n; i++) {
		e.id = v[i].id;
		e.framework = v[i].framework;
		e.name = v[i].name;
		e.tactic = v[i].tactic;
		fn(arg, &e);
		free(v[i].id);
		free(v[i].framework);
		free(v[i].name);
		free(v[i].tactic);
	}
	free(v);
	return (int64_t)n;
}
