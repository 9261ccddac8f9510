/*
 * import_bluesky.c: read Bluesky Jetstream events, one JSON object a
 * line: {"did", "time_us", "kind": "commit" | "identity" | "account",
 * "commit": {"operation", "collection", "rkey", "record", ...}}.
 *
 * A mapping cannot say this: what a line is depends on its kind and its
 * collection (a post, a repost, a follow, a like, a profile, a handle),
 * and a post's id is made of three fields. So this reader settles each
 * line itself and hands import_record() the slots of the built-in
 * bluesky mapping (import.c), as the other readers do. One prepared
 * statement on a private in-memory connection extracts every field of a
 * line at once; lines are checked with json_check() first.
 *
 * Accounts are keyed by DID. Deletes and collections not listed here are
 * passed over and counted in one message at the end of the file.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_formats.h"
#include "ingest.h"
#include "jsoncheck.h"
#include "utf8.h"
#include "util.h"

/* Attributes of the built-in mapping, in its order. */
enum {
	BS_ATTR_FOLLOWS,
	BS_ATTR_LIKES,
	BS_ATTR_MENTIONS,
	BS_NATTRS
};

enum {
	B_DID, B_TIME, B_KIND, B_OP, B_COLL, B_RKEY, B_TEXT, B_TEXTTYPE,
	B_CREATED, B_PARENT, B_SUBJ_URI, B_SUBJ, B_SUBJTYPE, B_EMBED,
	B_HANDLE, B_NAME, B_DESC, B_ACTIVE, B_STATUS, B_LINKS, B_TAGS,
	B_MENTIONS, B_N
};

/* Facet features of one $type, joined by spaces. */
#define BS_FACETS(what, type)						\
    " (SELECT group_concat(json_extract(f.value, '$." what "'), ' ')"	\
    " FROM json_each(?1, '$.commit.record.facets') fa"			\
    " JOIN json_each(CASE fa.type WHEN 'object' THEN fa.value"		\
    "  ELSE '{}' END, '$.features') f"					\
    " WHERE CASE f.type WHEN 'object' THEN"				\
    "  json_extract(f.value, '$.\"$type\"') END ="			\
    " 'app.bsky.richtext.facet#" type "')"

static const char bs_extract_sql[] =
    "SELECT json_extract(?1, '$.did'), json_extract(?1, '$.time_us'),"
    " json_extract(?1, '$.kind'), json_extract(?1, '$.commit.operation'),"
    " json_extract(?1, '$.commit.collection'),"
    " json_extract(?1, '$.commit.rkey'),"
    " json_extract(?1, '$.commit.record.text'),"
    " json_type(?1, '$.commit.record.text'),"
    " json_extract(?1, '$.commit.record.createdAt'),"
    " json_extract(?1, '$.commit.record.reply.parent.uri'),"
    " json_extract(?1, '$.commit.record.subject.uri'),"
    " json_extract(?1, '$.commit.record.subject'),"
    " json_type(?1, '$.commit.record.subject'),"
    " json_extract(?1, '$.commit.record.embed.external.uri'),"
    " json_extract(?1, '$.identity.handle'),"
    " json_extract(?1, '$.commit.record.displayName'),"
    " json_extract(?1, '$.commit.record.description'),"
    " json_type(?1, '$.account.active'),"
    " json_extract(?1, '$.account.status'),"
    BS_FACETS("uri", "link") ","
    BS_FACETS("tag", "tag") ","
    BS_FACETS("did", "mention");

struct bs {
	struct import_run	*run;
	const struct import_file *f;
	sqlite3_stmt		*ext;
	const char		**vals;
	size_t			 nslots;
	struct buf		 uri, urls, when;
	int64_t			 passed;	/* lines passed over */
};

static const char *
col(struct bs *b, int i)
{
	const char	*v = (const char *)sqlite3_column_text(b->ext, i);

	return v != NULL && *v != '\0' ? v : NULL;
}

static bool
is(const char *v, const char *what)
{
	return v != NULL && strcmp(v, what) == 0;
}

/* What json_type() says, for messages. */
static const char *
kind_name(const char *jt)
{
	if (jt == NULL)
		return "missing";
	if (is(jt, "integer") || is(jt, "real"))
		return "a number";
	if (is(jt, "object"))
		return "an object";
	if (is(jt, "array"))
		return "an array";
	if (is(jt, "true") || is(jt, "false"))
		return "a boolean";
	if (is(jt, "null"))
		return "null";
	return "a string";
}

/* The time of the event: the record's createdAt, else time_us. */
static const char *
bs_time(struct bs *b)
{
	const char	*v;
	int64_t		 us;

	if ((v = col(b, B_CREATED)) != NULL)
		return v;
	if ((v = col(b, B_TIME)) == NULL || !parse_int64(v, &us) || us <= 0)
		return NULL;
	buf_clear(&b->when);
	buf_printf(&b->when, "%" PRId64, us / 1000000);
	return b->when.data;
}

/* One line, its JSON sound and an object: fill the slots and write. */
static int
bs_line(struct bs *b, int64_t lineno, char **cause)
{
	struct import_run	*run = b->run;
	const char		**vals = b->vals;
	const char		*path = b->f->path, *did, *kind, *op, *coll;
	const char		*rkey, *v;
	size_t			 i;

	for (i = 0; i < b->nslots; i++)
		vals[i] = NULL;
	if ((did = col(b, B_DID)) == NULL)
		return import_bad_row(run, path, lineno, cause, "no \"did\"");
	vals[MAP_NATIVE_ID] = did;
	kind = col(b, B_KIND);

	if (is(kind, "identity")) {
		if ((vals[MAP_HANDLE] = col(b, B_HANDLE)) == NULL) {
			b->passed++;
			return 0;
		}
		return import_record(run, b->f->map, vals, path, lineno,
		    cause);
	}
	if (is(kind, "account")) {
		if ((v = col(b, B_STATUS)) == NULL)
			v = is(col(b, B_ACTIVE), "true") ? "active" : NULL;
		if ((vals[MAP_STATUS] = v) == NULL) {
			b->passed++;
			return 0;
		}
		return import_record(run, b->f->map, vals, path, lineno,
		    cause);
	}
	if (!is(kind, "commit"))
		return import_bad_row(run, path, lineno, cause, "kind \"%s\" "
		    "is not commit, identity or account",
		    kind != NULL ? kind : "");

	op = col(b, B_OP);
	coll = col(b, B_COLL);
	rkey = col(b, B_RKEY);
	if (coll == NULL || rkey == NULL)
		return import_bad_row(run, path, lineno, cause, "a commit "
		    "without %s", coll == NULL ? "commit.collection" :
		    "commit.rkey");
	if (is(op, "delete")) {
		/* What was deleted stays in the case as it was seen. */
		b->passed++;
		return 0;
	}
	if (!is(op, "create") && !is(op, "update"))
		return import_bad_row(run, path, lineno, cause, "commit "
		    "operation \"%s\" is not create, update or delete",
		    op != NULL ? op : "");

	buf_clear(&b->uri);
	buf_printf(&b->uri, "at://%s/%s/%s", did, coll, rkey);
	if (is(coll, "app.bsky.feed.post")) {
		v = col(b, B_TEXTTYPE);
		if (v != NULL && !is(v, "text"))
			return import_bad_row(run, path, lineno, cause,
			    "commit.record.text is %s, not a string",
			    kind_name(v));
		buf_clear(&b->urls);
		if ((v = col(b, B_LINKS)) != NULL)
			buf_adds(&b->urls, v);
		if ((v = col(b, B_EMBED)) != NULL)
			buf_printf(&b->urls, "%s%s", b->urls.len > 0 ? " " :
			    "", v);
		vals[IMPORT_SLOT_POST(MAP_POST_NATIVE_ID)] = b->uri.data;
		vals[IMPORT_SLOT_POST(MAP_POST_POSTED_AT)] = bs_time(b);
		vals[IMPORT_SLOT_POST(MAP_POST_TEXT)] = col(b, B_TEXT);
		vals[IMPORT_SLOT_POST(MAP_POST_REPLY_TO)] = col(b, B_PARENT);
		vals[IMPORT_SLOT_POST(MAP_POST_HASHTAGS)] = col(b, B_TAGS);
		vals[IMPORT_SLOT_POST(MAP_POST_URLS)] = b->urls.len > 0 ?
		    b->urls.data : NULL;
		vals[IMPORT_SLOT_ATTR(BS_ATTR_MENTIONS)] = col(b, B_MENTIONS);
	} else if (is(coll, "app.bsky.feed.repost")) {
		if ((v = col(b, B_SUBJ_URI)) == NULL)
			return import_bad_row(run, path, lineno, cause,
			    "a repost without commit.record.subject.uri");
		vals[IMPORT_SLOT_POST(MAP_POST_NATIVE_ID)] = b->uri.data;
		vals[IMPORT_SLOT_POST(MAP_POST_POSTED_AT)] = bs_time(b);
		vals[IMPORT_SLOT_POST(MAP_POST_REPOST_OF)] = v;
	} else if (is(coll, "app.bsky.graph.follow")) {
		v = col(b, B_SUBJTYPE);
		if (!is(v, "text"))
			return import_bad_row(run, path, lineno, cause,
			    "commit.record.subject of a follow is %s, not a "
			    "DID", kind_name(v));
		vals[IMPORT_SLOT_ATTR(BS_ATTR_FOLLOWS)] = col(b, B_SUBJ);
	} else if (is(coll, "app.bsky.feed.like")) {
		if ((v = col(b, B_SUBJ_URI)) == NULL)
			return import_bad_row(run, path, lineno, cause,
			    "a like without commit.record.subject.uri");
		vals[IMPORT_SLOT_ATTR(BS_ATTR_LIKES)] = v;
	} else if (is(coll, "app.bsky.actor.profile")) {
		vals[MAP_DISPLAY_NAME] = col(b, B_NAME);
		vals[MAP_BIO] = col(b, B_DESC);
	} else {
		b->passed++;
		return 0;
	}
	return import_record(run, b->f->map, vals, path, lineno, cause);
}

int
import_bluesky_file(struct import_run *run, const struct import_file *f,
    char **cause)
{
	struct bs	 b;
	sqlite3		*db = NULL;
	FILE		*fp;
	char		*line = NULL, *p;
	size_t		 cap = 0, len;
	ssize_t		 got;
	struct buf	 fix = BUF_INIT;
	uint64_t	 offset = 0;
	int64_t		 lineno = 0;
	int		 rc = -1;

	memset(&b, 0, sizeof b);
	b.run = run;
	b.f = f;
	if (f->map->nattrs != BS_NATTRS)
		return set_cause(cause, "%s: the bluesky mapping is not the "
		    "built-in one", f->path);
	if (f->is_stdin)
		fp = stdin;
	else if ((fp = fopen(f->path, "rb")) == NULL)
		return set_cause(cause, "%s: %s", f->path, strerror(errno));
	b.nslots = IMPORT_NSLOTS(f->map);
	b.vals = xcalloc(b.nslots, sizeof *b.vals);
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE,
	    NULL) != SQLITE_OK) {
		set_cause(cause, "cannot open a JSON parser: %s",
		    db != NULL ? sqlite3_errmsg(db) : "out of memory");
		goto out;
	}
	if (sqlite3_prepare_v2(db, bs_extract_sql, -1, &b.ext,
	    NULL) != SQLITE_OK) {
		set_cause(cause, "cannot prepare the Jetstream reader: %s",
		    sqlite3_errmsg(db));
		goto out;
	}

	rc = 0;
	while ((got = getline(&line, &cap, fp)) > 0) {
		lineno++;
		offset += (uint64_t)got;
		if (lineno % IMPORT_TICK == 0 &&
		    (rc = import_tick(run, f->path, offset, cause)) != 0)
			break;
		if ((rc = import_json_line(run, f->path, lineno, line,
		    (size_t)got, &fix, &p, &len, cause)) <= 0) {
			if (rc < 0)
				break;
			continue;
		}
		ingest_count_repaired(run->ing,
		    (int64_t)import_json_nul(p, len));
		sqlite3_bind_text(b.ext, 1, p, (int)len, SQLITE_STATIC);
		if (sqlite3_step(b.ext) != SQLITE_ROW) {
			rc = set_cause(cause, "%s:%lld: %s", f->path,
			    (long long)lineno, sqlite3_errmsg(db));
			break;
		}
		rc = bs_line(&b, lineno, cause);
		sqlite3_reset(b.ext);
		if (rc != 0)
			break;
	}
	if (rc == 0 && ferror(fp))
		rc = set_cause(cause, "%s: read error", f->path);
	if (rc == 0 && b.passed > 0)
		import_warn(run, "%s: %lld events passed over (deletes, "
		    "collections not read, identity events without a "
		    "handle)", f->path, (long long)b.passed);
	if (rc == 0)
		rc = import_tick(run, f->path, offset, cause);

out:
	sqlite3_finalize(b.ext);
	sqlite3_close(db);
	buf_free(&b.uri);
	buf_free(&b.urls);
	buf_free(&b.when);
	buf_free(&fix);
	free(line);
	free(b.vals);
	if (fp != stdin)
		fclose(fp);
	return rc;
}
