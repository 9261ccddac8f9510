/*
 * import.c: the import driver. It settles each file's format and mapping
 * (given, or guessed from the first line), runs the readers inside one
 * ingest session, and turns each record the readers produce into an
 * account, its attributes and its post. The built-in formats live here as
 * mapping files compiled in.
 */
#include "config.h"
#include "import.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "case.h"
#include "import_formats.h"
#include "ingest.h"
#include "mapping.h"
#include "normalize.h"
#include "util.h"

const char *const import_format_names[] = {
	"csv", "jsonl", "twitter-io", "cnt", "telegram", "4cat", "bluesky",
	"meta-content-library", NULL
};

/*
 * The Twitter/X Information Operations archive. The users file and the
 * tweets file share the account columns; the tweets file adds the post
 * columns, so one mapping reads both.
 */
static const char builtin_twitter_io[] =
	"platform: twitter\n"
	"account:\n"
	"  native_id: userid\n"
	"  handle: user_screen_name\n"
	"  display_name: user_display_name\n"
	"  bio: user_profile_description\n"
	"  url: user_profile_url\n"
	"  created_at: account_creation_date\n"
	"  followers: follower_count\n"
	"  following: following_count\n"
	"  language: account_language\n"
	"attributes:\n"
	"  - {column: user_reported_location, kind: location}\n"
	"  - {column: tweet_client_name, kind: client}\n"
	"posts:\n"
	"  native_id: tweetid\n"
	"  posted_at: tweet_time\n"
	"  text: tweet_text\n"
	"  reply_to: in_reply_to_tweetid\n"
	"  repost_of: retweet_tweetid\n"
	"  hashtags: hashtags\n"
	"  urls: urls\n";

/* The CSV input of the coordination-network-toolkit. */
static const char builtin_cnt[] =
	"account:\n"
	"  native_id: user_id\n"
	"  handle: username\n"
	"posts:\n"
	"  native_id: message_id\n"
	"  posted_at: timestamp\n"
	"  text: message\n"
	"  reply_to: reply_id\n"
	"  repost_of: repost_id\n"
	"  urls: urls\n";

/*
 * Telegram Desktop's chat export (result.json), read by
 * import_telegram.c, which fills these slots itself: the columns name the
 * export's keys. The attributes are in the order that reader expects.
 */
static const char builtin_telegram[] =
	"platform: telegram\n"
	"account:\n"
	"  native_id: from_id\n"
	"  display_name: from\n"
	"attributes:\n"
	"  - {column: chat, kind: telegram_chat}\n"
	"  - {column: via_bot, kind: via_bot}\n"
	"  - {column: text_entities, kind: mentions, split: \" \"}\n"
	"  - {column: photo, kind: image_hash}\n"
	"  - {column: file, kind: file_hash}\n"
	"posts:\n"
	"  native_id: id\n"
	"  posted_at: date_unixtime\n"
	"  text: text\n"
	"  reply_to: reply_to_message_id\n"
	"  repost_of: forwarded_from\n"
	"  hashtags: hashtags\n"
	"  urls: urls\n";

/*
 * 4CAT's exports (CSV, or NDJSON of the same fields). Data sources add
 * their own columns; these are the ones most of them share. An author
 * is known by name only, so the name is the native id, except for the
 * names that are nobody's (import_4cat_record()). The attributes are in
 * the order import_4cat_record() expects.
 */
static const char builtin_4cat[] =
	"account:\n"
	"  native_id: author\n"
	"  handle: author\n"
	"  display_name: author_fullname\n"
	"attributes:\n"
	"  - {column: image_md5, kind: image_hash}\n"
	"  - {column: author_trip, kind: tripcode}\n"
	"posts:\n"
	"  native_id: id\n"
	"  posted_at: timestamp\n"
	"  text: body\n"
	"  reply_to: thread_id\n"
	"  hashtags: hashtags\n"
	"  urls: urls\n";

/*
 * Bluesky Jetstream events, read by import_bluesky.c, which fills these
 * slots by each event's kind and collection. The attributes are in the
 * order that reader expects.
 */
static const char builtin_bluesky[] =
	"platform: bluesky\n"
	"account:\n"
	"  native_id: did\n"
	"  handle: identity.handle\n"
	"  display_name: commit.record.displayName\n"
	"  bio: commit.record.description\n"
	"  status: account.status\n"
	"attributes:\n"
	"  - {column: commit.record.subject, kind: follows}\n"
	"  - {column: commit.record.subject.uri, kind: likes}\n"
	"  - {column: commit.record.facets, kind: mentions, split: \" \"}\n"
	"posts:\n"
	"  native_id: commit.rkey\n"
	"  posted_at: commit.record.createdAt\n"
	"  text: commit.record.text\n"
	"  reply_to: commit.record.reply.parent.uri\n"
	"  repost_of: commit.record.subject.uri\n"
	"  hashtags: commit.record.facets\n"
	"  urls: commit.record.facets\n";

/*
 * Meta Content Library's CSV exports of Facebook and Instagram posts.
 * The platform is not in the file: --platform must say it.
 */
static const char builtin_meta_content_library[] =
	"account:\n"
	"  native_id: post_owner.id\n"
	"  handle: post_owner.username\n"
	"  display_name: post_owner.name\n"
	"attributes:\n"
	"  - {column: link_attachment.link, kind: url}\n"
	"  - {column: surface.id, kind: posted_in}\n"
	"posts:\n"
	"  native_id: id\n"
	"  posted_at: creation_time\n"
	"  text: text\n"
	"  urls: link_attachment.link\n";

/* The formats that carry their own mapping. */
static const struct builtin {
	const char	*name;
	const char	*text;
} builtins_tab[] = {
	{ "twitter-io", builtin_twitter_io },
	{ "cnt", builtin_cnt },
	{ "telegram", builtin_telegram },
	{ "4cat", builtin_4cat },
	{ "bluesky", builtin_bluesky },
	{ "meta-content-library", builtin_meta_content_library },
};
#define NBUILTINS	nitems(builtins_tab)

/* ---- the account cache ------------------------------------------------ */

/*
 * Rows of one account recur (a tweets file repeats the account on every
 * tweet). The cache remembers each account's id and a hash of the fields
 * last written, so ingest_account() runs again only when something would
 * change. It holds at most ACCT_CACHE_MAX accounts and starts afresh when
 * full, so its memory does not grow with the file: a forgotten account
 * costs one lookup in the case.
 */
#define ACCT_CACHE_MAX	65536
struct acct_entry {
	uint64_t	hash;		/* of platform and native id; 0 = free */
	uint64_t	fields;		/* of the account fields last written */
	int64_t		id;
	size_t		key;		/* offset of "platform\0id" in keys */
	size_t		klen;
};

struct acct_cache {
	struct acct_entry	*tab;
	size_t			 cap, n;
	struct buf		 keys;
};

#define FNV_OFFSET	14695981039346656037ULL
#define FNV_PRIME	1099511628211ULL

static uint64_t
fnv_add(uint64_t h, const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= FNV_PRIME;
	}
	return h;
}

static struct acct_cache *
cache_new(void)
{
	struct acct_cache	*ac = xcalloc(1, sizeof *ac);

	ac->cap = 1024;
	ac->tab = xcalloc(ac->cap, sizeof *ac->tab);
	return ac;
}

static void
cache_free(struct acct_cache *ac)
{
	if (ac == NULL)
		return;
	free(ac->tab);
	buf_free(&ac->keys);
	free(ac);
}

static void
cache_grow(struct acct_cache *ac)
{
	struct acct_entry	*old = ac->tab, *e;
	size_t			 oldcap = ac->cap, i, j;

	ac->cap *= 2;
	ac->tab = xcalloc(ac->cap, sizeof *ac->tab);
	for (i = 0; i < oldcap; i++) {
		if (old[i].hash == 0)
			continue;
		for (j = old[i].hash & (ac->cap - 1); ac->tab[j].hash != 0;
		    j = (j + 1) & (ac->cap - 1))
			;
		e = &ac->tab[j];
		*e = old[i];
	}
	free(old);
}

/* Find the entry for a key, or the free slot where it belongs. */
static struct acct_entry *
cache_find(struct acct_cache *ac, const char *platform, const char *id,
    uint64_t *hashp)
{
	size_t		 plen = strlen(platform), ilen = strlen(id), j;
	uint64_t	 h;
	struct acct_entry *e;

	h = fnv_add(fnv_add(FNV_OFFSET, platform, plen + 1), id, ilen);
	if (h == 0)
		h = 1;
	*hashp = h;
	for (j = h & (ac->cap - 1);; j = (j + 1) & (ac->cap - 1)) {
		e = &ac->tab[j];
		if (e->hash == 0)
			return e;
		if (e->hash == h && e->klen == plen + 1 + ilen &&
		    memcmp(ac->keys.data + e->key, platform, plen + 1) == 0 &&
		    memcmp(ac->keys.data + e->key + plen + 1, id, ilen) == 0)
			return e;
	}
}

static void
cache_put(struct acct_cache *ac, struct acct_entry *e, uint64_t h,
    const char *platform, const char *id, int64_t account, uint64_t fields)
{
	size_t	plen = strlen(platform), ilen = strlen(id);

	if (ac->n >= ACCT_CACHE_MAX) {
		memset(ac->tab, 0, ac->cap * sizeof *ac->tab);
		buf_clear(&ac->keys);
		ac->n = 0;
		e = &ac->tab[h & (ac->cap - 1)];
	}
	e->hash = h;
	e->id = account;
	e->fields = fields;
	e->key = ac->keys.len;
	e->klen = plen + 1 + ilen;
	buf_add(&ac->keys, platform, plen + 1);
	buf_add(&ac->keys, id, ilen);
	if (++ac->n * 2 > ac->cap)
		cache_grow(ac);
}

/* ---- records ---------------------------------------------------------- */

const char *
import_slot_column(const struct mapping *m, size_t slot)
{
	size_t	a;

	if (slot < MAP_NACCOUNT)
		return m->account[slot];
	if (slot < MAP_NACCOUNT + MAP_NPOST)
		return m->post[slot - MAP_NACCOUNT];
	a = (slot - MAP_NACCOUNT - MAP_NPOST) / 2;
	if (a >= m->nattrs)
		return NULL;
	if (slot == IMPORT_SLOT_ATTR(a))
		return m->attrs[a].column;
	return m->attrs[a].kind_column;
}

void
import_warn(struct import_run *run, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	if (run->opts->on_warn == NULL)
		return;
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	run->opts->on_warn(run->opts->arg, msg);
	free(msg);
}

/*
 * Report a record left out at file:line (and :col when col > 0), counted
 * in *count; in strict mode fail with the message instead.
 */
static int	bad(struct import_run *, int64_t *, const char *, int64_t,
		    int64_t, char **, const char *, va_list) CIB_PRINTF(7, 0);

static int
bad(struct import_run *run, int64_t *count, const char *file, int64_t line,
    int64_t col, char **cause, const char *fmt, va_list ap)
{
	char	*msg = xvasprintf(fmt, ap), at[48] = "";

	if (col > 0)
		snprintf(at, sizeof at, ":%lld", (long long)col);
	if (run->opts->strict)
		set_cause(cause, "%s:%lld%s: %s", file, (long long)line, at,
		    msg);
	else {
		(*count)++;
		import_warn(run, "%s:%lld%s: %s", file, (long long)line, at,
		    msg);
	}
	free(msg);
	return run->opts->strict ? -1 : 0;
}

int
import_bad_row(struct import_run *run, const char *file, int64_t line,
    char **cause, const char *fmt, ...)
{
	va_list	ap;
	int	rc;

	va_start(ap, fmt);
	rc = bad(run, &run->report->skipped, file, line, 0, cause, fmt, ap);
	va_end(ap);
	return rc;
}

int
import_bad_at(struct import_run *run, const char *file, int64_t line,
    int64_t col, char **cause, const char *fmt, ...)
{
	va_list	ap;
	int	rc;

	va_start(ap, fmt);
	rc = bad(run, &run->report->skipped, file, line, col, cause, fmt, ap);
	va_end(ap);
	return rc;
}

/* A sound row whose account cannot be settled, counted in *count. */
static int	left_out(struct import_run *, int64_t *, const char *,
		    int64_t, char **, const char *, ...) CIB_PRINTF(6, 7);

static int
left_out(struct import_run *run, int64_t *count, const char *file,
    int64_t line, char **cause, const char *fmt, ...)
{
	va_list	ap;
	int	rc;

	va_start(ap, fmt);
	rc = bad(run, count, file, line, 0, cause, fmt, ap);
	va_end(ap);
	return rc;
}

int
import_tick(struct import_run *run, const char *file, uint64_t bytes,
    char **cause)
{
	struct import_progress	p;

	if (run->opts->cancel != NULL && *run->opts->cancel)
		return set_cause(cause, "import interrupted");
	if (run->opts->on_progress != NULL) {
		p.file = file;
		p.rows = run->report->rows;
		p.bytes = run->done_bytes + bytes;
		p.total = run->total_bytes;
		run->opts->on_progress(run->opts->arg, &p);
	}
	return 0;
}

static bool
empty(const char *s)
{
	return s == NULL || *s == '\0';
}

/* A count: a whole number, also when written "12.0". -1 if not one. */
static int64_t
parse_count(const char *s)
{
	int64_t	 v;
	double	 d;
	char	*end;

	if (empty(s))
		return -1;
	if (parse_int64(s, &v))
		return v >= 0 ? v : -1;
	errno = 0;
	d = strtod(s, &end);
	if (errno != 0 || *end != '\0' || d < 0 || d > 9e18 ||
	    d != (double)(int64_t)d)
		return -1;
	return (int64_t)d;
}

/* Lowercase a kind read from a column into run->kind; false if it is not
 * a name ingest accepts. */
static bool
kind_from_column(struct import_run *run, const char *s)
{
	size_t	i;
	char	c;

	buf_clear(&run->kind);
	for (i = 0; s[i] != '\0'; i++) {
		c = (char)ascii_tolower((unsigned char)s[i]);
		if (c == ' ' || c == '-')
			c = '_';
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '_'))
			return false;
		buf_addc(&run->kind, c);
	}
	return i > 0 && i <= 32;
}

/*
 * Settle the account of a row when the mapping matches by handle: try
 * each field of match: in order (doc/mapping.md). Returns 1 with
 * a->native_id set to the account to write (a found one, or the row's
 * own id for a new account), 0 when the row is left out and reported,
 * -1 on failure.
 */
static int
match_account(struct import_run *run, const struct mapping *m,
    const char *const *vals, struct account_rec *a, const char *file,
    int64_t line, char **cause)
{
	struct ingest_match	*mt = &run->match;
	const char		*nid = vals[MAP_NATIVE_ID];
	char			 h[NORM_MAX];
	struct acct_entry	*e;
	uint64_t		 hash;
	bool			 has_nid, has_h;
	int64_t			 id;
	size_t			 i;

	has_nid = !empty(nid) && !norm_is_sentinel(nid);
	has_h = !empty(vals[MAP_HANDLE]) &&
	    norm_handle(vals[MAP_HANDLE], h, sizeof h);
	if (!has_nid && !has_h)
		return import_bad_row(run, file, line, cause, "no account "
		    "handle in column \"%s\"%s%s%s", m->account[MAP_HANDLE],
		    m->account[MAP_NATIVE_ID] != NULL ? " and no id in column "
		    "\"" : "", m->account[MAP_NATIVE_ID] != NULL ?
		    m->account[MAP_NATIVE_ID] : "",
		    m->account[MAP_NATIVE_ID] != NULL ? "\"" : "");

	for (i = 0; i < m->nmatch; i++) {
		if (m->match[i] == MAP_NATIVE_ID) {
			if (!has_nid)
				continue;
			e = cache_find(run->cache, a->platform, nid, &hash);
			if (e->hash != 0)
				id = e->id;
			else if ((id = ingest_find_account(run->ing,
			    a->platform, nid, cause)) < 0)
				return -1;
			if (id > 0) {
				a->native_id = nid;
				return 1;
			}
			continue;
		}
		if (!has_h)
			continue;
		if (ingest_find_handle(run->ing, a->platform, h, mt,
		    cause) != 0)
			return -1;
		if (mt->n == 0)
			continue;
		if (mt->n > 1)
			return left_out(run, &run->report->ambiguous, file,
			    line, cause, "handle @%s matches %lld accounts on "
			    "%s (ids %s); row skipped", h, (long long)mt->n,
			    a->platform, mt->list.data);
		if (has_nid && strcmp(nid, mt->native_id.data) != 0)
			return left_out(run, &run->report->ambiguous, file,
			    line, cause, "handle @%s is the account with id "
			    "%s on %s, but the row gives id %s; row skipped", h,
			    mt->native_id.data, a->platform, nid);
		a->native_id = mt->native_id.data;
		/* Equal as handles: the stored spelling stays. */
		a->handle = NULL;
		run->report->matched++;
		return 1;
	}
	if (has_nid) {
		a->native_id = nid;
		return 1;
	}
	return left_out(run, &run->report->unmatched, file, line, cause,
	    "handle @%s matches no account on %s; row skipped", h,
	    a->platform);
}

int
import_record(struct import_run *run, const struct mapping *m,
    const char *const *vals, const char *file, int64_t line, char **cause)
{
	struct account_rec	 a = ACCOUNT_REC_INIT;
	struct post_rec		 p;
	const struct mapping_attr *ma;
	struct acct_entry	*e;
	const char		*v, *kind;
	uint64_t		 h, fields;
	int64_t			 id;
	size_t			 i;
	int			 n;
	bool			 by_handle = mapping_matches_handle(m);

	a.platform = vals[MAP_PLATFORM];
	if (empty(a.platform))
		a.platform = run->platform != NULL ? run->platform :
		    m->platform != NULL ? m->platform : "unknown";
	a.native_id = vals[MAP_NATIVE_ID];
	if (!by_handle && (empty(a.native_id) ||
	    norm_is_sentinel(a.native_id)))
		return import_bad_row(run, file, line, cause,
		    "no account id in column \"%s\"", m->account[MAP_NATIVE_ID]);
	for (i = 0; i < m->nattrs; i++) {
		ma = &m->attrs[i];
		if (ma->kind_column == NULL || empty(vals[IMPORT_SLOT_ATTR(i)]))
			continue;
		v = vals[IMPORT_SLOT_KIND(i)];
		if (empty(v))
			return import_bad_row(run, file, line, cause,
			    "a value in column \"%s\" has no kind in column "
			    "\"%s\"", ma->column, ma->kind_column);
		if (!kind_from_column(run, v))
			return import_bad_row(run, file, line, cause,
			    "attribute kind \"%s\" is not a name (letters, "
			    "digits and _, at most 32)", v);
	}

	a.handle = vals[MAP_HANDLE];
	a.display_name = vals[MAP_DISPLAY_NAME];
	a.bio = vals[MAP_BIO];
	a.url = vals[MAP_URL];
	a.created_at = vals[MAP_CREATED_AT];
	a.country = vals[MAP_COUNTRY];
	a.language = vals[MAP_LANGUAGE];
	a.status = vals[MAP_STATUS];
	a.followers = parse_count(vals[MAP_FOLLOWERS]);
	a.following = parse_count(vals[MAP_FOLLOWING]);
	a.posts = parse_count(vals[MAP_POSTS]);
	if (by_handle &&
	    (n = match_account(run, m, vals, &a, file, line, cause)) <= 0)
		return n;

	/* Skip the account write when this run already wrote these fields. */
	fields = FNV_OFFSET;
	for (i = MAP_HANDLE; i < MAP_NACCOUNT; i++) {
		v = vals[i] != NULL ? vals[i] : "";
		fields = fnv_add(fields, v, strlen(v) + 1);
	}
	e = cache_find(run->cache, a.platform, a.native_id, &h);
	if (e->hash != 0 && e->fields == fields)
		id = e->id;
	else {
		if ((id = ingest_account(run->ing, &a, cause)) < 0)
			return -1;
		if (e->hash != 0)
			e->fields = fields;
		else
			cache_put(run->cache, e, h, a.platform, a.native_id,
			    id, fields);
	}

	for (i = 0; i < m->nattrs; i++) {
		ma = &m->attrs[i];
		v = vals[IMPORT_SLOT_ATTR(i)];
		if (empty(v))
			continue;
		kind = ma->kind;
		if (kind == NULL) {
			kind_from_column(run, vals[IMPORT_SLOT_KIND(i)]);
			kind = run->kind.data;
		}
		if (ma->list)
			n = ingest_values(run->ing, id, kind, v, 0, cause);
		else if (ma->split != NULL)
			n = ingest_values(run->ing, id, kind, v, ma->split[0],
			    cause);
		else
			n = ingest_attribute(run->ing, id, kind, v, cause);
		if (n < 0)
			return -1;
	}

	v = vals[IMPORT_SLOT_POST(MAP_POST_NATIVE_ID)];
	if (!empty(v) && !norm_is_sentinel(v)) {
		p.native_id = v;
		p.posted_at = vals[IMPORT_SLOT_POST(MAP_POST_POSTED_AT)];
		p.text = vals[IMPORT_SLOT_POST(MAP_POST_TEXT)];
		p.reply_to = vals[IMPORT_SLOT_POST(MAP_POST_REPLY_TO)];
		/* A thread's opening post names itself as its thread. */
		if (p.reply_to != NULL && strcmp(p.reply_to, v) == 0)
			p.reply_to = NULL;
		p.repost_of = vals[IMPORT_SLOT_POST(MAP_POST_REPOST_OF)];
		p.hashtags = vals[IMPORT_SLOT_POST(MAP_POST_HASHTAGS)];
		p.urls = vals[IMPORT_SLOT_POST(MAP_POST_URLS)];
		if (ingest_post(run->ing, id, &p, cause) < 0)
			return -1;
	}
	run->report->imported++;
	return 0;
}

/* ---- 4CAT's anonymous authors ---------------------------------------- */

/* The attributes of builtin_4cat, in order. */
enum {
	FOURCAT_ATTR_IMAGE,
	FOURCAT_ATTR_TRIP,
	FOURCAT_NATTRS
};

/*
 * Author names that are nobody's: 4chan's and 8kun's default name, what
 * 4CAT's "anonymise" processor writes over author columns, and Reddit's
 * marks of a deleted or removed author (doc/mapping.md, "4CAT").
 */
static const char *const fourcat_nobody[] = {
	"anonymous", "redacted", "[deleted]", "[removed]"
};

static bool
fourcat_is_nobody(const char *s)
{
	char	 t[32];
	size_t	 len, i;

	if (s == NULL)
		return true;
	while (ascii_isspace((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len > 0 && ascii_isspace((unsigned char)s[len - 1]))
		len--;
	if (len == 0)
		return true;
	if (len >= sizeof t)
		return false;
	memcpy(t, s, len);
	t[len] = '\0';
	if (norm_is_sentinel(t))
		return true;
	for (i = 0; i < nitems(fourcat_nobody); i++) {
		if (ascii_strcasecmp(t, fourcat_nobody[i]) == 0)
			return true;
	}
	return false;
}

int
import_4cat_record(struct import_run *run, const struct mapping *m,
    const char **vals, const char *file, int64_t line, char **cause)
{
	const char	*author = vals[MAP_NATIVE_ID];
	const char	*trip = vals[IMPORT_SLOT_ATTR(FOURCAT_ATTR_TRIP)];
	const char	*post = vals[IMPORT_SLOT_POST(MAP_POST_NATIVE_ID)];
	int64_t		 before = run->report->imported;
	bool		 has_trip;
	int		 rc;

	if (m->nattrs != FOURCAT_NATTRS)
		return set_cause(cause, "%s: the 4cat mapping is not the "
		    "built-in one", file);
	has_trip = !fourcat_is_nobody(trip);
	if (!has_trip)
		vals[IMPORT_SLOT_ATTR(FOURCAT_ATTR_TRIP)] = NULL;
	if (!fourcat_is_nobody(author)) {
		/* A name anyone may type; a tripcode proves the poster. */
		if (has_trip)
			vals[MAP_NATIVE_ID] = trip;
		return import_record(run, m, vals, file, line, cause);
	}

	/* Nobody's name: no handle, which would link every such post. */
	vals[MAP_HANDLE] = NULL;
	if (vals[MAP_DISPLAY_NAME] == NULL && author != NULL &&
	    *author != '\0')
		vals[MAP_DISPLAY_NAME] = author;
	if (has_trip)
		vals[MAP_NATIVE_ID] = trip;
	else {
		if (post == NULL || *post == '\0' || norm_is_sentinel(post))
			return import_bad_row(run, file, line, cause, "a post "
			    "by an anonymous author without an id in column "
			    "\"%s\": nothing tells whose it is",
			    m->post[MAP_POST_NATIVE_ID]);
		buf_clear(&run->anon);
		buf_printf(&run->anon, "anon:%s", post);
		vals[MAP_NATIVE_ID] = run->anon.data;
	}
	rc = import_record(run, m, vals, file, line, cause);
	if (rc == 0 && run->report->imported > before) {
		run->anon_posts++;
		if (has_trip)
			run->trip_posts++;
	}
	return rc;
}

size_t
import_json_nul(char *p, size_t len)
{
	char	*q, *end = p + len;
	size_t	 n = 0;
	bool	 str = false;

	if (strstr(p, "\\u0000") == NULL)
		return 0;
	for (q = p; q < end; q++) {
		if (*q == '"') {
			str = !str;
			continue;
		}
		if (!str || *q != '\\')
			continue;
		if (end - q >= 6 && memcmp(q + 1, "u0000", 5) == 0) {
			memcpy(q + 1, "ufffd", 5);
			n++;
			q += 5;
		} else
			q++;	/* the escaped character */
	}
	return n;
}

/* ---- formats ---------------------------------------------------------- */

static bool
header_has(char *const *names, size_t n, const char *name)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strcmp(names[i], name) == 0)
			return true;
	}
	return false;
}

/* The first line of s holds each of the JSON keys given (quoted). */
static bool
line_has_keys(const char *s, const char *const *keys, size_t n)
{
	size_t		 len = strcspn(s, "\r\n"), i, k;
	const char	*hit;

	for (i = 0; i < n; i++) {
		k = strlen(keys[i]);
		hit = s;
		while ((hit = strstr(hit, keys[i])) != NULL &&
		    hit < s + len && hit[k] != ':' && hit[k] != ' ')
			hit++;
		if (hit == NULL || hit >= s + len)
			return false;
	}
	return true;
}

/*
 * Guess a file's format from its head; *json says whether it starts
 * with "{" (a format read as JSON).
 */
static const char *
guess_format(const char *path, bool *json, char **cause)
{
	static const char *const fourcat_json[] = {
		"\"thread_id\"", "\"body\"", "\"author\"", "\"timestamp\""
	};
	static const char *const bluesky_json[] = {
		"\"did\"", "\"time_us\"", "\"kind\""
	};

	FILE		*fp;
	char		 head[65536], *p, *end, *names[256];
	size_t		 len, n = 0;
	const char	*fmt = "csv";

	*json = false;
	if ((fp = fopen(path, "rb")) == NULL) {
		set_cause(cause, "%s: %s", path, strerror(errno));
		return NULL;
	}
	len = fread(head, 1, sizeof head - 1, fp);
	if (ferror(fp)) {
		set_cause(cause, "%s: read error", path);
		fclose(fp);
		return NULL;
	}
	fclose(fp);
	head[len] = '\0';
	p = head;
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (ascii_isspace((unsigned char)*p))
		p++;
	if (*p == '{') {
		*json = true;
		if (line_has_keys(p, fourcat_json, nitems(fourcat_json)))
			return "4cat";
		if (line_has_keys(p, bluesky_json, nitems(bluesky_json)))
			return "bluesky";
		/* Telegram's export is one pretty-printed object: "{" alone
		 * on its line, and its messages carry date_unixtime. */
		if (p[1 + strspn(p + 1, " \t\r")] == '\n' &&
		    strstr(p, "\"messages\"") != NULL &&
		    (strstr(p, "\"date_unixtime\"") != NULL ||
		    strstr(p, "\"from_id\"") != NULL))
			return "telegram";
		return "jsonl";
	}

	/* The header's names, unquoted and trimmed. */
	end = p + strcspn(p, "\r\n");
	*end = '\0';
	while (p < end && n < nitems(names)) {
		char *q = p + strcspn(p, ",;\t"), *s = p, *t;

		*q = '\0';
		while (ascii_isspace((unsigned char)*s) || *s == '"')
			s++;
		for (t = q; t > s && (ascii_isspace((unsigned char)t[-1]) ||
		    t[-1] == '"'); t--)
			;
		*t = '\0';
		names[n++] = s;
		p = q + 1;
	}
	if (header_has(names, n, "userid") &&
	    (header_has(names, n, "user_screen_name") ||
	    header_has(names, n, "tweetid")))
		fmt = "twitter-io";
	else if (header_has(names, n, "message_id") &&
	    header_has(names, n, "user_id") &&
	    (header_has(names, n, "repost_id") ||
	    header_has(names, n, "timestamp")))
		fmt = "cnt";
	else if (header_has(names, n, "id") &&
	    header_has(names, n, "thread_id") &&
	    header_has(names, n, "author") && header_has(names, n, "body") &&
	    header_has(names, n, "timestamp"))
		fmt = "4cat";
	else if (header_has(names, n, "post_owner.id") &&
	    header_has(names, n, "creation_time"))
		fmt = "meta-content-library";
	return fmt;
}

const char *
import_guess_format(const char *path, char **cause)
{
	bool	json;

	return guess_format(path, &json, cause);
}

static bool
format_known(const char *f)
{
	size_t	i;

	for (i = 0; import_format_names[i] != NULL; i++) {
		if (strcmp(import_format_names[i], f) == 0)
			return true;
	}
	return false;
}

/* Check the constant kinds of a mapping before anything is written. */
static int
check_kinds(const struct mapping *m, char **cause)
{
	const char	*k;
	size_t		 i, n;

	for (i = 0; i < m->nattrs; i++) {
		if ((k = m->attrs[i].kind) == NULL)
			continue;
		for (n = 0; k[n] != '\0'; n++) {
			if (!((k[n] >= 'a' && k[n] <= 'z') ||
			    (k[n] >= '0' && k[n] <= '9') || k[n] == '_'))
				break;
		}
		if (k[n] != '\0' || n == 0 || n > 32)
			return set_cause(cause, "%s:%d: attribute kind \"%s\" "
			    "is not a name (lowercase letters, digits and _, "
			    "at most 32)", m->name, m->attrs[i].line, k);
	}
	return 0;
}

/*
 * Settle a file's format and mapping. builtins[] holds the parsed
 * built-in mappings, made on first use.
 */
static int
resolve_file(const char *path, const struct import_opts *opts,
    struct mapping **builtins, struct import_file *f, bool *guessed,
    char **cause)
{
	const char	*fmt = opts->format, *g;
	const char	*text;
	size_t		 bi;
	int		 ch = EOF;
	bool		 json = false;

	f->path = path;
	*guessed = false;
	if (strcmp(path, "-") == 0) {
		/*
		 * A stream is read once: no header to guess from. A mapping
		 * without format: looks at the first byte only, pushed back.
		 */
		f->path = IMPORT_STDIN;
		f->is_stdin = true;
		if (fmt == NULL && opts->map == NULL)
			return set_cause(cause, "%s: the format of standard "
			    "input is not guessed: give --format or --map",
			    f->path);
		if (fmt == NULL)
			fmt = opts->map->format;
		if (fmt == NULL || strcmp(fmt, "4cat") == 0) {
			ch = getc(stdin);
			if (ch != EOF)
				ungetc(ch, stdin);
			else if (ferror(stdin))
				return set_cause(cause, "%s: %s", f->path,
				    strerror(errno));
			json = ch == '{';
		}
		if (fmt == NULL) {
			fmt = json ? "jsonl" : "csv";
			*guessed = true;
		}
	} else {
		if ((g = guess_format(path, &json, cause)) == NULL)
			return -1;
		if (fmt == NULL && opts->map != NULL) {
			fmt = opts->map->format;
			if (fmt == NULL) {
				fmt = json ? "jsonl" : "csv";
				*guessed = true;
			}
		} else if (fmt == NULL) {
			fmt = g;
			*guessed = true;
		}
	}
	f->format = fmt;
	/* The formats with a CSV and a JSON Lines form go by the file. */
	f->json_lines = strcmp(fmt, "jsonl") == 0 ||
	    (strcmp(fmt, "4cat") == 0 && json);
	f->fourcat = strcmp(fmt, "4cat") == 0;

	if (strcmp(fmt, "csv") == 0 || strcmp(fmt, "jsonl") == 0) {
		if (opts->map == NULL) {
			if (*guessed && strcmp(fmt, "csv") == 0)
				return set_cause(cause, "%s: the format cannot "
				    "be told from its header (not twitter-io "
				    "or cnt): give a mapping file with --map "
				    "(see doc/mapping.md)", path);
			return set_cause(cause, "%s: format %s needs a mapping "
			    "file (--map)", path, fmt);
		}
		f->map = opts->map;
		f->builtin = false;
		return 0;
	}
	if (opts->map != NULL)
		return set_cause(cause, "%s: format %s has its own mapping; "
		    "--map goes with csv or jsonl", path, fmt);
	for (bi = 0; bi < NBUILTINS; bi++) {
		if (strcmp(fmt, builtins_tab[bi].name) == 0)
			break;
	}
	if (bi == NBUILTINS)
		return set_cause(cause, "%s: unknown format \"%s\"", path,
		    fmt);
	text = builtins_tab[bi].text;
	if (builtins[bi] == NULL &&
	    (builtins[bi] = mapping_parse(text, strlen(text), fmt,
	    cause)) == NULL)
		return -1;
	f->map = builtins[bi];
	f->builtin = true;
	return 0;
}

/* The source stored with each attribute: the files' base names. */
static char *
source_name(const char *const *files, size_t n)
{
	struct buf	 b = BUF_INIT;
	const char	*s;
	size_t		 i;

	for (i = 0; i < n; i++) {
		s = strrchr(files[i], '/');
		s = s != NULL ? s + 1 : files[i];
		if (strcmp(files[i], "-") == 0)
			s = IMPORT_STDIN;
		if (b.len + strlen(s) > 200) {
			buf_printf(&b, " and %zu more", n - i);
			break;
		}
		buf_printf(&b, "%s%s", i == 0 ? "" : ", ", s);
	}
	return buf_steal(&b);
}

static void
report_stats(struct import_report *rep, const struct ingest_stats *st)
{
	rep->repaired = st->repaired;
	rep->truncated = st->truncated;
	rep->dropped = st->dropped;
	rep->bad_hashes = st->bad_hashes;
	rep->accounts_new = st->accounts_new;
	rep->accounts_updated = st->accounts_updated;
	rep->attributes = st->attributes;
	rep->posts = st->posts;
}

int
import_files(struct case_db *c, const char *const *files, size_t nfiles,
    const struct import_opts *opts, struct import_report *report,
    char **cause)
{
	struct import_run	 run;
	struct import_file	*fv;
	struct mapping		*builtins[NBUILTINS];
	uint64_t		*sizes;
	struct stat		 sb;
	bool			 guessed;
	char			*source;
	double			 t0 = clock_now();
	size_t			 i, nstdin = 0;
	int			 rc = -1;

	memset(report, 0, sizeof *report);
	memset(&run, 0, sizeof run);
	memset(builtins, 0, sizeof builtins);
	if (nfiles == 0)
		return set_cause(cause, "no files to import");
	if (opts->format != NULL && !format_known(opts->format))
		return set_cause(cause, "unknown format \"%s\" (known: csv, "
		    "jsonl, twitter-io, cnt, telegram, 4cat, bluesky, "
		    "meta-content-library)", opts->format);
	if (opts->map != NULL && check_kinds(opts->map, cause) != 0)
		return -1;
	if (c->readonly)
		return set_cause(cause, "%s: the case is read-only", c->path);

	run.c = c;
	run.opts = opts;
	run.report = report;
	run.platform = empty(opts->platform) ? NULL : opts->platform;

	fv = xcalloc(nfiles, sizeof *fv);
	sizes = xcalloc(nfiles, sizeof *sizes);
	for (i = 0; i < nfiles; i++) {
		if (strcmp(files[i], "-") == 0 && nstdin++ > 0) {
			set_cause(cause, "standard input (-) is given more "
			    "than once; it can be read once");
			goto out;
		}
		if (resolve_file(files[i], opts, builtins, &fv[i], &guessed,
		    cause) != 0)
			goto out;
		if (!fv[i].is_stdin && stat(files[i], &sb) == 0 &&
		    S_ISREG(sb.st_mode))
			sizes[i] = (uint64_t)sb.st_size;
		run.total_bytes += sizes[i];
		if (mapping_matches_handle(fv[i].map))
			report->by_handle = true;
		if (opts->on_format != NULL)
			opts->on_format(opts->arg, fv[i].path, fv[i].format,
			    guessed);
		if (run.platform == NULL &&
		    strcmp(fv[i].format, "meta-content-library") == 0) {
			/* Nothing in the export tells Facebook from
			 * Instagram reliably (doc/mapping.md). */
			set_cause(cause, "%s: a Meta Content Library export "
			    "does not say whether it is from Facebook or "
			    "Instagram: give --platform facebook or --platform "
			    "instagram (accounts under a wrong platform, or "
			    "under \"unknown\", are other accounts than the "
			    "same pages imported right)", fv[i].path);
			goto out;
		}
		if (run.platform == NULL && fv[i].map->platform == NULL &&
		    fv[i].map->account[MAP_PLATFORM] == NULL)
			import_warn(&run, "%s: the data names no platform; its "
			    "accounts get the platform \"unknown\" (give "
			    "--platform)", fv[i].path);
	}

	source = source_name(files, nfiles);
	run.ing = ingest_begin(c, source, cause);
	free(source);
	if (run.ing == NULL)
		goto out;
	run.cache = cache_new();
	for (i = 0; i < nfiles; i++) {
		if (strcmp(fv[i].format, "telegram") == 0)
			rc = import_telegram_file(&run, &fv[i], cause);
		else if (strcmp(fv[i].format, "bluesky") == 0)
			rc = import_bluesky_file(&run, &fv[i], cause);
		else if (fv[i].json_lines)
			rc = import_jsonl_file(&run, &fv[i], cause);
		else
			rc = import_csv_file(&run, &fv[i], cause);
		if (rc != 0)
			break;
		if (run.anon_posts > 0)
			import_warn(&run, "%s: %lld post%s by anonymous authors "
			    "(Anonymous, REDACTED, [deleted] or no name): %lld "
			    "known by a tripcode, %lld each an account of its "
			    "own (anon:POST_ID)", fv[i].path,
			    (long long)run.anon_posts,
			    run.anon_posts == 1 ? "" : "s",
			    (long long)run.trip_posts,
			    (long long)(run.anon_posts - run.trip_posts));
		report->anon_posts += run.anon_posts;
		report->trip_posts += run.trip_posts;
		run.anon_posts = run.trip_posts = 0;
		run.done_bytes += sizes[i];
	}
	if (rc == 0)
		rc = import_tick(&run, fv[nfiles - 1].path, 0, cause);
	report_stats(report, ingest_get_stats(run.ing));
	if (rc != 0)
		ingest_abort(run.ing);
	else {
		struct ingest_stats final;

		if ((rc = ingest_commit_stats(run.ing, &final, cause)) == 0)
			report_stats(report, &final);
	}

out:
	report->seconds = clock_now() - t0;
	cache_free(run.cache);
	buf_free(&run.kind);
	buf_free(&run.anon);
	ingest_match_free(&run.match);
	for (i = 0; i < NBUILTINS; i++)
		mapping_free(builtins[i]);
	free(sizes);
	free(fv);
	return rc;
}
