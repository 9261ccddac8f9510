/*
 * network.c: saving accounts as a network, with each member's evidence
 * and an audit row, in one transaction; and listing saved networks.
 */
#include "config.h"
#include "network.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "case.h"
#include "normalize.h"
#include "util.h"

const char *const network_labels[] = {
	"suspected", "cib", "not_cib", "cleared",
};
const size_t network_nlabels = nitems(network_labels);

bool
network_label_valid(const char *s)
{
	size_t	i;

	for (i = 0; s != NULL && i < network_nlabels; i++) {
		if (strcmp(s, network_labels[i]) == 0)
			return true;
	}
	return false;
}

static bool
given(const char *s)
{
	return s != NULL && *s != '\0';
}

static void
bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (given(s))
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* The network's id, creating it or updating the fields given. */
static int
network_upsert(struct case_db *c, const struct network_info *ni,
    const char *now, int64_t *id, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(c->db, "INSERT INTO networks(name, label,"
	    " origin, target, ttps, notes, created_at, created_by,"
	    " updated_at) VALUES (?1, coalesce(?2, 'suspected'), ?3, ?4, ?5,"
	    " ?6, ?7, ?8, ?7) ON CONFLICT(name) DO UPDATE SET"
	    " label = coalesce(?2, label), origin = coalesce(?3, origin),"
	    " target = coalesce(?4, target), ttps = coalesce(?5, ttps),"
	    " notes = coalesce(?6, notes), updated_at = ?7", -1, &st, NULL) !=
	    SQLITE_OK)
		return case_error(c, cause, "saving a network");
	sqlite3_bind_text(st, 1, ni->name, -1, SQLITE_STATIC);
	bind_opt(st, 2, ni->label);
	bind_opt(st, 3, ni->origin);
	bind_opt(st, 4, ni->target);
	bind_opt(st, 5, ni->ttps);
	bind_opt(st, 6, ni->notes);
	sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, audit_actor(), -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return case_error(c, cause, "saving a network");
	if (sqlite3_prepare_v2(c->db, "SELECT id FROM networks WHERE name = ?1",
	    -1, &st, NULL) != SQLITE_OK)
		return case_error(c, cause, "saving a network");
	sqlite3_bind_text(st, 1, ni->name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return case_error(c, cause, "saving a network");
	return 0;
}

static int
network_add_members(struct case_db *c, int64_t id,
    const struct network_member *m, size_t n, const char *now,
    int64_t *added, char **cause)
{
	sqlite3_stmt	*st;
	size_t		 i;
	int		 rc = SQLITE_DONE;

	*added = 0;
	if (sqlite3_prepare_v2(c->db, "INSERT OR IGNORE INTO network_members("
	    "network_id, account_id, added_at, added_by, evidence) SELECT ?1,"
	    " id, ?3, ?4, ?5 FROM accounts WHERE id = ?2", -1, &st, NULL) !=
	    SQLITE_OK)
		return case_error(c, cause, "saving network members");
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, audit_actor(), -1, SQLITE_STATIC);
	for (i = 0; i < n; i++) {
		sqlite3_bind_int64(st, 2, m[i].account_id);
		bind_opt(st, 5, m[i].evidence);
		if ((rc = sqlite3_step(st)) != SQLITE_DONE)
			break;
		*added += sqlite3_changes64(c->db);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return case_error(c, cause, "saving network members");
	return 0;
}

int
network_tag(struct case_db *c, const struct network_info *ni,
    const struct network_member *m, size_t n, int64_t *added,
    char **cause)
{
	struct buf	 d = BUF_INIT;
	char		 now[21];
	int64_t		 id = 0, nadded = 0;

	if (!given(ni->name))
		return set_cause(cause, "a network needs a name");
	if (given(ni->label) && !network_label_valid(ni->label))
		return set_cause(cause, "unknown label \"%s\" (suspected, cib, "
		    "not_cib or cleared)", ni->label);
	if (c->readonly)
		return set_cause(cause, "%s: the case is read-only: cannot tag",
		    c->path);
	norm_time_iso((int64_t)time(NULL), now);
	if (case_begin(c, cause) != 0)
		return -1;
	if (network_upsert(c, ni, now, &id, cause) != 0 ||
	    network_add_members(c, id, m, n, now, &nadded, cause) != 0)
		goto fail;
	buf_adds(&d, "{\"label\":");
	buf_add_json(&d, given(ni->label) ? ni->label : NULL);
	buf_adds(&d, ",\"origin\":");
	buf_add_json(&d, given(ni->origin) ? ni->origin : NULL);
	buf_adds(&d, ",\"target\":");
	buf_add_json(&d, given(ni->target) ? ni->target : NULL);
	buf_adds(&d, ",\"ttps\":");
	buf_add_json(&d, given(ni->ttps) ? ni->ttps : NULL);
	buf_adds(&d, ",\"notes\":");
	buf_add_json(&d, given(ni->notes) ? ni->notes : NULL);
	buf_printf(&d, ",\"members\":%zu,\"added\":%lld}", n,
	    (long long)nadded);
	if (audit_append(c, "tag", ni->name, d.data, cause) != 0)
		goto fail;
	buf_free(&d);
	if (case_commit(c, cause) != 0) {
		case_rollback(c);
		return -1;
	}
	if (added != NULL)
		*added = nadded;
	return 0;

fail:
	buf_free(&d);
	case_rollback(c);
	return -1;
}

static char *
col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char	*s = sqlite3_column_text(st, i);

	return s != NULL ? xstrdup((const char *)s) : NULL;
}

int
network_list(struct case_db *c, struct network_row **out, size_t *n,
    char **cause)
{
	sqlite3_stmt		*st;
	struct network_row	*v = NULL, *r;
	size_t			 k = 0;
	int			 rc;

	if (sqlite3_prepare_v2(c->db, "SELECT n.id, n.name, n.label, n.origin,"
	    " n.target, n.ttps, n.notes, n.created_at, n.created_by, (SELECT"
	    " count(*) FROM network_members m WHERE m.network_id = n.id) FROM"
	    " networks n ORDER BY n.name", -1, &st, NULL) != SQLITE_OK)
		return case_error(c, cause, "reading networks");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = xreallocarray(v, k + 1, sizeof *v);
		r = &v[k++];
		r->id = sqlite3_column_int64(st, 0);
		r->name = col_dup(st, 1);
		r->label = col_dup(st, 2);
		r->origin = col_dup(st, 3);
		r->target = col_dup(st, 4);
		r->ttps = col_dup(st, 5);
		r->notes = col_dup(st, 6);
		r->created_at = col_dup(st, 7);
		r->created_by = col_dup(st, 8);
		r->members = sqlite3_column_int64(st, 9);
		if (r->name == NULL)
			r->name = xstrdup("");
		if (r->label == NULL)
			r->label = xstrdup("suspected");
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		network_list_free(v, k);
		return case_error(c, cause, "reading networks");
	}
	*out = v;
	*n = k;
	return 0;
}

void
network_list_free(struct network_row *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].label);
		free(v[i].origin);
		free(v[i].target);
		free(v[i].ttps);
		free(v[i].notes);
		free(v[i].created_at);
		free(v[i].created_by);
	}
	free(v);
}
