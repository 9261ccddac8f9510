/*
 * ingest.c: the write path shared by every importer and the demo
 * generator. One session is one transaction with its statements prepared
 * once; values are cleaned (valid UTF-8, capped length), normalized and
 * expanded into derived kinds here, so every source yields the same
 * attributes for the same signal.
 */
#include "config.h"
#include "ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "case.h"
#include "normalize.h"
#include "schema.h"
#include "utf8.h"
#include "util.h"

enum {
	ST_ACCT_FIND,
	ST_ACCT_INSERT,
	ST_ACCT_UPDATE,
	ST_ATTR_INSERT,
	ST_ATTR_STAGE,
	ST_TOUCH,
	ST_POST_INSERT,
	ST_URL_INSERT,
	ST_TRUTH_INSERT,
	ST_HANDLE_FIND,
	ST_COUNT
};

static const char *const ingest_sql[ST_COUNT] = {
	[ST_ACCT_FIND] =
	    "SELECT id FROM accounts WHERE platform = ?1 AND native_id = ?2",
	[ST_ACCT_INSERT] =
	    "INSERT INTO accounts(platform, native_id, handle, display_name,"
	    " bio, url, created_at, followers, following, posts, country,"
	    " language, status) VALUES"
	    " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
	/* Only fields given replace stored ones; unchanged rows are not
	 * touched, so a re-import changes nothing. */
	[ST_ACCT_UPDATE] =
	    "UPDATE accounts SET handle = coalesce(?3, handle),"
	    " display_name = coalesce(?4, display_name),"
	    " bio = coalesce(?5, bio), url = coalesce(?6, url),"
	    " created_at = coalesce(?7, created_at),"
	    " followers = coalesce(?8, followers),"
	    " following = coalesce(?9, following),"
	    " posts = coalesce(?10, posts), country = coalesce(?11, country),"
	    " language = coalesce(?12, language),"
	    " status = coalesce(?13, status)"
	    " WHERE id = ?1 AND (handle IS NOT coalesce(?3, handle)"
	    " OR display_name IS NOT coalesce(?4, display_name)"
	    " OR bio IS NOT coalesce(?5, bio) OR url IS NOT coalesce(?6, url)"
	    " OR created_at IS NOT coalesce(?7, created_at)"
	    " OR followers IS NOT coalesce(?8, followers)"
	    " OR following IS NOT coalesce(?9, following)"
	    " OR posts IS NOT coalesce(?10, posts)"
	    " OR country IS NOT coalesce(?11, country)"
	    " OR language IS NOT coalesce(?12, language)"
	    " OR status IS NOT coalesce(?13, status))",
	[ST_ATTR_INSERT] =
	    "INSERT INTO attributes(kind, value, account_id, raw, source)"
	    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
	/* Bulk loads append here and sort into attributes at commit: one
	 * sorted insert is many times faster than random B-tree inserts. */
	[ST_ATTR_STAGE] =
	    "INSERT INTO temp.ingest_stage(kind, value, account_id, raw)"
	    " VALUES (?1, ?2, ?3, ?4)",
	[ST_TOUCH] =
	    "INSERT OR IGNORE INTO temp.ingest_touched(kind, value)"
	    " VALUES (?1, ?2)",
	[ST_POST_INSERT] =
	    "INSERT INTO posts(account_id, native_id, posted_at, text,"
	    " text_hash, reply_to, repost_of, hashtags) VALUES"
	    " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING",
	[ST_URL_INSERT] =
	    "INSERT INTO post_urls(post_id, url, domain) VALUES (?1, ?2, ?3)"
	    " ON CONFLICT DO NOTHING",
	[ST_TRUTH_INSERT] =
	    "INSERT INTO planted(account_id, network) VALUES (?1, ?2)"
	    " ON CONFLICT DO NOTHING",
	/* The expression of accounts_by_platform_handle, so it is used. */
	[ST_HANDLE_FIND] =
	    "SELECT id, native_id FROM accounts WHERE platform = ?1"
	    " AND " SCHEMA_HANDLE_KEY " = ?2 ORDER BY id",
};

struct ingest {
	struct case_db		*c;
	char			*source;
	sqlite3_stmt		*st[ST_COUNT];
	bool			 bulk;	/* the case was empty at the start */
	bool			 handle_index;	/* made sure it exists */
	struct ingest_stats	 stats;
	struct buf		 scratch[4];	/* cleaned field copies */
};

/*
 * Make s safe to store: valid UTF-8, at most max bytes. Returns s itself
 * when it already is (the common case), else a copy in the scratch buffer.
 * NULL and "" stay NULL.
 */
static const char *
clean(struct ingest *in, int slot, const char *s, size_t max)
{
	struct buf	*b = &in->scratch[slot];
	size_t		 len, cut;

	if (s == NULL || *s == '\0')
		return NULL;
	len = strlen(s);
	if (len <= max && utf8_valid(s, len))
		return s;
	buf_clear(b);
	in->stats.repaired += (int64_t)utf8_repair(s, len, b);
	if (b->len > max) {
		cut = utf8_cut(b->data, b->len, max);
		b->len = cut;
		b->data[cut] = '\0';
		in->stats.truncated++;
	}
	return b->data;
}

static int
step_done(struct ingest *in, sqlite3_stmt *st, char **cause)
{
	int	rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return case_error(in->c, cause, "import");
	return 0;
}

struct ingest *
ingest_begin(struct case_db *c, const char *source, char **cause)
{
	struct ingest	*in;
	int		 i;

	in = xcalloc(1, sizeof *in);
	in->c = c;
	in->source = xstrdup(source != NULL ? source : "");
	in->bulk = case_count(c, "accounts") == 0 &&
	    case_count(c, "attributes") == 0;
	/*
	 * Every row written refers to an account this session made or
	 * found, so foreign-key checks only cost time in a bulk load. The
	 * pragma has no effect inside a transaction: set it first.
	 */
	if (in->bulk)
		case_exec(c, "PRAGMA foreign_keys = OFF", NULL);
	if (case_begin(c, cause) != 0) {
		case_exec(c, "PRAGMA foreign_keys = ON", NULL);
		free(in->source);
		free(in);
		return NULL;
	}
	/*
	 * Another import may have filled the case while this one waited
	 * for the write lock. Foreign keys may stay off: see above.
	 */
	if (in->bulk)
		in->bulk = case_count(c, "accounts") == 0 &&
		    case_count(c, "attributes") == 0;
	/*
	 * A larger page cache keeps the attribute B-tree hot while loading.
	 * 64 MiB: at a million accounts 256 MiB was no faster and held the
	 * import at 650 MiB of memory against 290 MiB (the sorter's memory
	 * follows the cache size).
	 */
	if (case_exec(c, "PRAGMA cache_size = -65536", cause) != 0)
		goto fail;
	/*
	 * The staging table is scratch: emptying it need not overwrite its
	 * pages. (Letting the sorter use a second thread was tried: at a
	 * million accounts on two shared cores it was slower and doubled
	 * the sorter's memory.)
	 */
	if (case_exec(c, "PRAGMA temp.secure_delete = OFF", cause) != 0)
		goto fail;
	if (in->bulk && case_exec(c, schema_drop_secondary, cause) != 0)
		goto fail;
	if (case_exec(c, "CREATE TEMP TABLE IF NOT EXISTS ingest_touched("
	    "kind TEXT, value TEXT, PRIMARY KEY(kind, value)) WITHOUT ROWID;"
	    "DELETE FROM temp.ingest_touched;"
	    "CREATE TEMP TABLE IF NOT EXISTS ingest_stage(kind TEXT,"
	    " value TEXT, account_id INTEGER, raw TEXT);"
	    "DELETE FROM temp.ingest_stage", cause) != 0)
		goto fail;
	for (i = 0; i < ST_COUNT; i++) {
		if (sqlite3_prepare_v3(c->db, ingest_sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &in->st[i], NULL) != SQLITE_OK) {
			case_error(c, cause, "preparing the import");
			goto fail;
		}
	}
	return in;

fail:
	ingest_abort(in);
	return NULL;
}

static void
bind_opt_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

static void
bind_opt_int(sqlite3_stmt *st, int i, int64_t v)
{
	if (v < 0)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, v);
}

/* Write one normalized attribute row; 1 if new, 0 if already there. */
static int
attr_put(struct ingest *in, int64_t account, const char *kind,
    const char *value, const char *raw, char **cause)
{
	sqlite3_stmt	*st = in->st[in->bulk ? ST_ATTR_STAGE : ST_ATTR_INSERT];
	int		 changed;

	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, account);
	/* Keep the raw form only when normalization changed it. */
	bind_opt_text(st, 4, raw != NULL && strcmp(raw, value) != 0 ? raw :
	    NULL);
	/* Staged rows all have this session's source: it is added when
	 * they land. */
	if (!in->bulk)
		sqlite3_bind_text(st, 5, in->source, -1, SQLITE_STATIC);
	if (step_done(in, st, cause) != 0)
		return -1;
	/* Staged rows are counted when they land, at commit. */
	if (in->bulk)
		return 1;
	changed = sqlite3_changes(in->c->db);
	if (changed == 0)
		return 0;
	in->stats.attributes++;
	{
		st = in->st[ST_TOUCH];
		sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
		if (step_done(in, st, cause) != 0)
			return -1;
	}
	return 1;
}

/*
 * A handle template links accounts named by one scheme ("patriot_#").
 * Handles that are hashes or ids ("a3f9c2e17b", "user8812x90") have many
 * digit runs and few letters; their templates would link nobody
 * meaningfully, so they get none.
 */
static bool
template_worthy(const char *h)
{
	int	runs = 0, letters = 0;
	bool	in_digits = false;

	for (; *h != '\0'; h++) {
		bool digit = *h >= '0' && *h <= '9';

		if (digit && !in_digits)
			runs++;
		in_digits = digit;
		if ((*h >= 'a' && *h <= 'z') || *h == '_' || *h == '.')
			letters++;
	}
	return runs <= 2 && letters >= 3;
}

int64_t
ingest_account(struct ingest *in, const struct account_rec *r, char **cause)
{
	sqlite3_stmt	*st;
	const char	*platform, *native_id, *handle;
	char		 created[21], day[11], tmpl[NORM_MAX], norm[NORM_MAX];
	const char	*created_at = NULL;
	int64_t		 id = 0, epoch;
	int		 rc;

	platform = clean(in, 0, r->platform, INGEST_MAX_FIELD);
	native_id = clean(in, 1, r->native_id, INGEST_MAX_FIELD);
	if (platform == NULL || native_id == NULL ||
	    norm_is_sentinel(native_id)) {
		set_cause(cause, "account has no %s",
		    platform == NULL ? "platform" : "id");
		return -1;
	}
	platform = xstrdup(platform);
	native_id = xstrdup(native_id);
	if (r->created_at != NULL && norm_time(r->created_at, &epoch)) {
		norm_time_iso(epoch, created);
		created_at = created;
	}

	st = in->st[ST_ACCT_FIND];
	sqlite3_bind_text(st, 1, platform, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, native_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		case_error(in->c, cause, "import");
		goto fail;
	}

	st = in->st[id != 0 ? ST_ACCT_UPDATE : ST_ACCT_INSERT];
	if (id != 0)
		sqlite3_bind_int64(st, 1, id);
	else {
		sqlite3_bind_text(st, 1, platform, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, native_id, -1, SQLITE_STATIC);
	}
	handle = clean(in, 0, r->handle, INGEST_MAX_FIELD);
	if (handle != NULL && *handle == '@')
		handle++;
	/* A NULL pointer binds SQL NULL: "not given". */
	sqlite3_bind_text(st, 3, handle, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, clean(in, 2, r->display_name,
	    INGEST_MAX_FIELD), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, clean(in, 2, r->bio, INGEST_MAX_TEXT), -1,
	    SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, clean(in, 2, r->url, INGEST_MAX_FIELD), -1,
	    SQLITE_TRANSIENT);
	bind_opt_text(st, 7, created_at);
	bind_opt_int(st, 8, r->followers);
	bind_opt_int(st, 9, r->following);
	bind_opt_int(st, 10, r->posts);
	sqlite3_bind_text(st, 11, clean(in, 2, r->country, INGEST_MAX_FIELD),
	    -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 12, clean(in, 2, r->language, INGEST_MAX_FIELD),
	    -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 13, clean(in, 2, r->status, INGEST_MAX_FIELD),
	    -1, SQLITE_TRANSIENT);
	if (step_done(in, st, cause) != 0)
		goto fail;
	if (id == 0) {
		id = sqlite3_last_insert_rowid(in->c->db);
		in->stats.accounts_new++;
	} else if (sqlite3_changes(in->c->db) > 0)
		in->stats.accounts_updated++;

	/* Derived kinds: every pivot is the same lookup. */
	handle = clean(in, 0, r->handle, INGEST_MAX_FIELD);
	if (handle != NULL && norm_handle(handle, norm, sizeof norm) &&
	    template_worthy(norm) &&
	    norm_handle_template(norm, tmpl, sizeof tmpl) &&
	    attr_put(in, id, "handle_template", tmpl, NULL, cause) < 0)
		goto fail;
	if (handle != NULL && norm_handle(handle, norm, sizeof norm) &&
	    norm_handle_family(norm, tmpl, sizeof tmpl) &&
	    attr_put(in, id, "handle_family", tmpl, NULL, cause) < 0)
		goto fail;
	if (created_at != NULL) {
		norm_time_day(epoch, day);
		if (attr_put(in, id, "created_day", day, NULL, cause) < 0)
			goto fail;
	}
	if (r->url != NULL &&
	    ingest_attribute(in, id, "url", r->url, cause) < 0)
		goto fail;
	free((char *)platform);
	free((char *)native_id);
	return id;

fail:
	free((char *)platform);
	free((char *)native_id);
	return -1;
}

int64_t
ingest_find_account(struct ingest *in, const char *platform,
    const char *native_id, char **cause)
{
	sqlite3_stmt	*st = in->st[ST_ACCT_FIND];
	int64_t		 id = 0;
	int		 rc;

	/* Cleaned as ingest_account() stores them. */
	platform = clean(in, 0, platform, INGEST_MAX_FIELD);
	native_id = clean(in, 1, native_id, INGEST_MAX_FIELD);
	if (platform == NULL || native_id == NULL)
		return 0;
	sqlite3_bind_text(st, 1, platform, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, native_id, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return case_error(in->c, cause, "import");
	return id;
}

int
ingest_find_handle(struct ingest *in, const char *platform,
    const char *handle, struct ingest_match *m, char **cause)
{
	sqlite3_stmt	*st = in->st[ST_HANDLE_FIND];
	const char	*nid;
	int		 rc;

	m->n = 0;
	m->id = 0;
	buf_clear(&m->native_id);
	buf_clear(&m->list);
	if (!in->handle_index) {
		if (case_exec(in->c, schema_handle_index, cause) != 0)
			return -1;
		in->handle_index = true;
	}
	platform = clean(in, 0, platform, INGEST_MAX_FIELD);
	if (platform == NULL)
		return 0;
	sqlite3_bind_text(st, 1, platform, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, handle, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		nid = (const char *)sqlite3_column_text(st, 1);
		if (nid == NULL)
			nid = "";
		if (m->n == 0) {
			m->id = sqlite3_column_int64(st, 0);
			buf_adds(&m->native_id, nid);
		}
		if (m->n < INGEST_MATCH_SHOW)
			buf_printf(&m->list, "%s%s", m->n == 0 ? "" : ", ",
			    nid);
		else if (m->n == INGEST_MATCH_SHOW)
			buf_adds(&m->list, ", ...");
		m->n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return case_error(in->c, cause, "import");
	return 0;
}

void
ingest_match_free(struct ingest_match *m)
{
	buf_free(&m->native_id);
	buf_free(&m->list);
}

/* Kind names are short identifiers: they appear in queries and menus. */
static bool
kind_valid(const char *kind)
{
	size_t	n = 0;

	for (; *kind != '\0'; kind++, n++) {
		if (!((*kind >= 'a' && *kind <= 'z') ||
		    (*kind >= '0' && *kind <= '9') || *kind == '_'))
			return false;
	}
	return n > 0 && n <= 32;
}

int
ingest_attribute(struct ingest *in, int64_t account, const char *kind,
    const char *raw, char **cause)
{
	char		 value[NORM_MAX], extra[NORM_MAX];
	const char	*extra_kind = NULL;
	int		 n, m = 0;

	if (!kind_valid(kind))
		return set_cause(cause, "attribute kind \"%s\" is not a name "
		    "(lowercase letters, digits and _, at most 32)", kind);
	raw = clean(in, 3, raw, INGEST_MAX_FIELD);
	if (raw == NULL || norm_is_sentinel(raw)) {
		in->stats.dropped++;
		return 0;
	}
	if (strcmp(kind, "ip") == 0) {
		if (!norm_ip(raw, value, sizeof value, extra, sizeof extra))
			goto drop;
		extra_kind = "ip24";
	} else if (strcmp(kind, "email") == 0) {
		if (!norm_email(raw, value, sizeof value))
			goto drop;
		if (norm_email_domain(value, extra, sizeof extra))
			extra_kind = "email_domain";
	} else if (strcmp(kind, "url") == 0) {
		if (!norm_url(raw, value, sizeof value))
			goto drop;
		if (norm_domain(value, extra, sizeof extra))
			extra_kind = "domain";
	} else if (!norm_value(kind, raw, value, sizeof value))
		goto drop;

	if ((n = attr_put(in, account, kind, value, raw, cause)) < 0)
		return -1;
	if (extra_kind != NULL &&
	    (m = attr_put(in, account, extra_kind, extra, NULL, cause)) < 0)
		return -1;
	return n + m;

drop:
	in->stats.dropped++;
	if (norm_kind_is_phash(kind))
		in->stats.bad_hashes++;
	return 0;
}

/*
 * Split a list cell. A bracketed list holds items quoted with ' or " (or
 * bare), separated by commas; otherwise sep separates items. Items are
 * trimmed; empty ones are skipped.
 */
void
ingest_split(const char *cell, char sep, void (*fn)(void *, const char *),
    void *arg)
{
	struct buf	 item = BUF_INIT;
	const char	*p, *end;
	char		 quote;

	if (cell == NULL)
		return;
	while (ascii_isspace((unsigned char)*cell))
		cell++;
	end = cell + strlen(cell);
	while (end > cell && ascii_isspace((unsigned char)end[-1]))
		end--;
	if (end - cell >= 2 && *cell == '[' && end[-1] == ']') {
		cell++;
		end--;
		sep = ',';
	} else if (sep == 0) {
		buf_add(&item, cell, (size_t)(end - cell));
		if (item.len > 0)
			fn(arg, item.data);
		buf_free(&item);
		return;
	}
	for (p = cell; p < end;) {
		buf_clear(&item);
		while (p < end && ascii_isspace((unsigned char)*p))
			p++;
		if (p < end && (*p == '\'' || *p == '"')) {
			quote = *p++;
			while (p < end && *p != quote) {
				if (*p == '\\' && p + 1 < end)
					p++;
				buf_addc(&item, *p++);
			}
			if (p < end)
				p++;
			while (p < end && *p != sep)
				p++;
		} else {
			while (p < end && *p != sep)
				buf_addc(&item, *p++);
			while (item.len > 0 &&
			    ascii_isspace((unsigned char)item.data[item.len - 1]))
				item.data[--item.len] = '\0';
		}
		if (p < end)
			p++;	/* the separator */
		if (item.len > 0)
			fn(arg, item.data);
	}
	buf_free(&item);
}

struct values_ctx {
	struct ingest	*in;
	int64_t		 account;
	const char	*kind;
	char		**cause;
	int		 written;
	bool		 failed;
};

static void
values_one(void *arg, const char *item)
{
	struct values_ctx	*v = arg;
	int			 n;

	if (v->failed)
		return;
	if ((n = ingest_attribute(v->in, v->account, v->kind, item,
	    v->cause)) < 0)
		v->failed = true;
	else
		v->written += n;
}

int
ingest_values(struct ingest *in, int64_t account, const char *kind,
    const char *cell, char sep, char **cause)
{
	struct values_ctx	v = { in, account, kind, cause, 0, false };

	ingest_split(cell, sep, values_one, &v);
	return v.failed ? -1 : v.written;
}

struct urls_ctx {
	struct ingest	*in;
	int64_t		 post;
	char		**cause;
	bool		 failed;
};

static void	urls_one(void *, const char *);

/*
 * A comma ends a URL when a scheme follows it or nothing does:
 * "https://a,https://b" and "https://a, https://b" are two URLs.
 * Returns false when item holds no such comma.
 */
static bool
urls_commas(struct urls_ctx *u, const char *item)
{
	const char	*p = item, *c;
	char		*one;
	bool		 found = false;

	while ((c = strchr(p, ',')) != NULL) {
		if (c[1] != '\0' && strncmp(c + 1, "http://", 7) != 0 &&
		    strncmp(c + 1, "https://", 8) != 0) {
			p = c + 1;
			continue;
		}
		if (!found && c[1] == '\0' && c == item)
			return false;
		found = true;
		if (c > item) {
			one = xstrndup(item, (size_t)(c - item));
			urls_one(u, one);
			free(one);
		}
		item = p = c + 1;
	}
	if (found && *item != '\0')
		urls_one(u, item);
	return found;
}

static void
urls_one(void *arg, const char *item)
{
	struct urls_ctx	*u = arg;
	sqlite3_stmt	*st = u->in->st[ST_URL_INSERT];
	char		 url[NORM_MAX], domain[NORM_MAX];

	if (strchr(item, ',') != NULL && urls_commas(u, item))
		return;
	if (u->failed || norm_is_sentinel(item) ||
	    !norm_url(item, url, sizeof url))
		return;
	sqlite3_bind_int64(st, 1, u->post);
	sqlite3_bind_text(st, 2, url, -1, SQLITE_STATIC);
	if (norm_domain(url, domain, sizeof domain))
		sqlite3_bind_text(st, 3, domain, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 3);
	if (step_done(u->in, st, u->cause) != 0)
		u->failed = true;
}

int
ingest_post(struct ingest *in, int64_t account, const struct post_rec *r,
    char **cause)
{
	sqlite3_stmt	*st = in->st[ST_POST_INSERT];
	const char	*native_id, *text, *tags;
	struct buf	 lower = BUF_INIT;
	struct urls_ctx	 u;
	int64_t		 epoch;
	uint64_t	 hash = 0;
	size_t		 i;

	native_id = clean(in, 0, r->native_id, INGEST_MAX_FIELD);
	if (native_id == NULL || norm_is_sentinel(native_id))
		return set_cause(cause, "post has no id");
	sqlite3_bind_int64(st, 1, account);
	sqlite3_bind_text(st, 2, native_id, -1, SQLITE_TRANSIENT);
	if (r->posted_at != NULL && norm_time(r->posted_at, &epoch))
		sqlite3_bind_int64(st, 3, epoch);
	else
		sqlite3_bind_null(st, 3);
	text = clean(in, 1, r->text, INGEST_MAX_TEXT);
	if (text != NULL)
		hash = norm_text_hash(text);
	bind_opt_text(st, 4, text);
	sqlite3_bind_int64(st, 5, (int64_t)hash);
	sqlite3_bind_text(st, 6, clean(in, 2, r->reply_to, INGEST_MAX_FIELD),
	    -1, SQLITE_TRANSIENT);
	if (r->reply_to == NULL || norm_is_sentinel(r->reply_to))
		sqlite3_bind_null(st, 6);
	sqlite3_bind_text(st, 7, clean(in, 2, r->repost_of, INGEST_MAX_FIELD),
	    -1, SQLITE_TRANSIENT);
	if (r->repost_of == NULL || norm_is_sentinel(r->repost_of))
		sqlite3_bind_null(st, 7);
	tags = clean(in, 2, r->hashtags, INGEST_MAX_FIELD);
	if (tags != NULL && !norm_is_sentinel(tags)) {
		for (i = 0; tags[i] != '\0'; i++)
			buf_addc(&lower, (char)ascii_tolower(
			    (unsigned char)tags[i]));
		sqlite3_bind_text(st, 8, lower.data, (int)lower.len,
		    SQLITE_TRANSIENT);
	} else
		sqlite3_bind_null(st, 8);
	buf_free(&lower);
	if (step_done(in, st, cause) != 0)
		return -1;
	if (sqlite3_changes(in->c->db) == 0)
		return 0;
	in->stats.posts++;

	u.in = in;
	u.post = sqlite3_last_insert_rowid(in->c->db);
	u.cause = cause;
	u.failed = false;
	ingest_split(r->urls, ' ', urls_one, &u);
	return u.failed ? -1 : 1;
}

int
ingest_truth(struct ingest *in, int64_t account, const char *network,
    char **cause)
{
	sqlite3_stmt	*st = in->st[ST_TRUTH_INSERT];

	sqlite3_bind_int64(st, 1, account);
	sqlite3_bind_text(st, 2, network, -1, SQLITE_STATIC);
	return step_done(in, st, cause);
}

const struct ingest_stats *
ingest_get_stats(struct ingest *in)
{
	return &in->stats;
}

void
ingest_count_repaired(struct ingest *in, int64_t n)
{
	in->stats.repaired += n;
}

static void
ingest_free(struct ingest *in)
{
	int	i;

	for (i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(in->st[i]);
	for (i = 0; i < (int)nitems(in->scratch); i++)
		buf_free(&in->scratch[i]);
	free(in->source);
	free(in);
}

/* Put the connection back as case_open() left it, and free. */
static void
ingest_end(struct ingest *in)
{
	case_exec(in->c, "DELETE FROM temp.ingest_stage", NULL);
	case_exec(in->c, "PRAGMA foreign_keys = ON", NULL);
	case_exec(in->c, "PRAGMA cache_size = -16384", NULL);
	ingest_free(in);
}

/*
 * Bring attribute_stats up to date after a load into a case that had
 * rows: recount the values this session touched. (A bulk load counts
 * them as it lands: ingest_land().)
 */
static int
ingest_stats_update(struct ingest *in, char **cause)
{
	return case_exec(in->c,
	    "INSERT OR REPLACE INTO attribute_stats(kind, value, accounts)"
	    " SELECT t.kind, t.value, (SELECT count(*) FROM attributes a"
	    "  WHERE a.kind = t.kind AND a.value = t.value)"
	    " FROM temp.ingest_touched t", cause);
}

/*
 * Land the staged rows of a bulk load: one insert in key order (many
 * times faster than random B-tree inserts), the first staged of equal
 * rows winning as ON CONFLICT DO NOTHING would; then count every value.
 */
static int
ingest_land(struct ingest *in, char **cause)
{
	sqlite3		*db = in->c->db;
	sqlite3_stmt	*st = NULL;

	if (sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO attributes(kind,"
	    " value, account_id, raw, source) SELECT kind, value, account_id,"
	    " raw, ?1 FROM temp.ingest_stage"
	    " ORDER BY kind, value, account_id, rowid", -1, &st, NULL) !=
	    SQLITE_OK)
		return case_error(in->c, cause, "import");
	sqlite3_bind_text(st, 1, in->source, -1, SQLITE_STATIC);
	if (step_done(in, st, cause) != 0) {
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	in->stats.attributes = sqlite3_changes64(db);
	return case_exec(in->c,
	    "DELETE FROM attribute_stats;"
	    "INSERT INTO attribute_stats(kind, value, accounts)"
	    " SELECT kind, value, count(*) FROM attributes"
	    " GROUP BY kind, value", cause);
}

int
ingest_commit(struct ingest *in, char **cause)
{
	return ingest_commit_stats(in, NULL, cause);
}

int
ingest_commit_stats(struct ingest *in, struct ingest_stats *out,
    char **cause)
{
	struct case_db	*c = in->c;
	char		*detail;
	int		 rc = -1;

	if (in->bulk) {
		if (ingest_land(in, cause) != 0 ||
		    case_exec(c, schema_create_secondary, cause) != 0)
			goto out;
	} else if (case_exec(c, schema_create_secondary, cause) != 0 ||
	    ingest_stats_update(in, cause) != 0)
		goto out;
	detail = xasprintf("{\"accounts_new\":%lld,\"accounts_updated\":%lld,"
	    "\"attributes\":%lld,\"posts\":%lld,\"repaired\":%lld,"
	    "\"truncated\":%lld}", (long long)in->stats.accounts_new,
	    (long long)in->stats.accounts_updated,
	    (long long)in->stats.attributes, (long long)in->stats.posts,
	    (long long)in->stats.repaired, (long long)in->stats.truncated);
	rc = audit_append(c, "import", in->source, detail, cause);
	free(detail);
	if (rc != 0)
		goto out;
	/* Statements must be finalized before COMMIT can release locks. */
	for (int i = 0; i < ST_COUNT; i++) {
		sqlite3_finalize(in->st[i]);
		in->st[i] = NULL;
	}
	rc = case_commit(c, cause);
	if (rc == 0 && out != NULL)
		*out = in->stats;
out:
	if (rc != 0)
		case_rollback(c);
	ingest_end(in);
	return rc;
}

void
ingest_abort(struct ingest *in)
{
	if (in == NULL)
		return;
	for (int i = 0; i < ST_COUNT; i++) {
		sqlite3_finalize(in->st[i]);
		in->st[i] = NULL;
	}
	case_rollback(in->c);
	ingest_end(in);
}
