/*
 * import_telegram.c: read the JSON export Telegram Desktop writes for one
 * channel or group (result.json): one document {"name", "type", "id",
 * "messages": [...]}, pretty-printed over many lines.
 *
 * The document is streamed, not loaded: a small scanner walks the top
 * level, keeps the chat's name, type and id, and cuts the messages array
 * into one message object at a time. Each message is checked with
 * json_check() and then read with SQLite's JSON functions on a private
 * in-memory connection, as import_jsonl.c reads a line. Memory is the
 * read buffer and the largest message, whatever the size of the file.
 *
 * Authors become accounts (platform telegram, native id from from_id, the
 * display name from from); messages become posts with their text
 * flattened from the entity array, the URLs of link and text_link
 * entities, the hashtags, reply_to_message_id and forwarded_from. The chat
 * itself becomes an account and every author gets the attribute
 * telegram_chat naming it. Mention entities become the author's
 * attribute mentions; a photo or file the export holds next to
 * result.json is hashed (SHA-256) into image_hash or file_hash, read
 * only from inside the export's folder. A structural fault (the document ends early,
 * a stray byte between messages) fails the import; a message that cannot
 * be read is a bad row: reported with its place and left out.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "digest.h"
#include "import_formats.h"
#include "ingest.h"
#include "jsoncheck.h"
#include "utf8.h"
#include "util.h"

/* The chat's name, type and id are small; a bigger value is not them. */
#define TG_MAX_HEAD	65536
/* A message is a few KiB at most (4096 characters and their entities);
 * one bigger than this is a broken file, not a message. */
#define TG_MAX_MESSAGE	(16 * 1024 * 1024)

/* Slots of the built-in mapping (import.c's builtin_telegram). */
enum {
	TG_ATTR_CHAT,
	TG_ATTR_VIA_BOT,
	TG_ATTR_MENTIONS,
	TG_ATTR_PHOTO,
	TG_ATTR_FILE,
	TG_NATTRS
};

struct tg_scan {
	FILE		*fp;
	const char	*path;
	unsigned char	 rbuf[65536];
	size_t		 rlen, rpos;
	uint64_t	 offset;	/* bytes consumed */
	int64_t		 line, col;	/* place of the next byte */
};

static int
tg_peek(struct tg_scan *s)
{
	if (s->rpos == s->rlen) {
		s->rlen = fread(s->rbuf, 1, sizeof s->rbuf, s->fp);
		s->rpos = 0;
		if (s->rlen == 0)
			return EOF;
	}
	return s->rbuf[s->rpos];
}

static int
tg_get(struct tg_scan *s)
{
	int	c;

	if ((c = tg_peek(s)) == EOF)
		return EOF;
	s->rpos++;
	s->offset++;
	if (c == '\n') {
		s->line++;
		s->col = 1;
	} else if ((c & 0xc0) != 0x80)
		s->col++;
	return c;
}

static int
tg_skip_ws(struct tg_scan *s)
{
	int	c;

	while ((c = tg_peek(s)) == ' ' || c == '\t' || c == '\n' || c == '\r')
		tg_get(s);
	return c;
}

static int	tg_fail(struct tg_scan *, char **, const char *, ...)
		    CIB_PRINTF(3, 4);

/* A fault at the scanner's place: "FILE:LINE:COL: what". */
static int
tg_fail(struct tg_scan *s, char **cause, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (ferror(s->fp))
		set_cause(cause, "%s: read error", s->path);
	else
		set_cause(cause, "%s:%lld:%lld: %s", s->path,
		    (long long)s->line, (long long)s->col, msg);
	free(msg);
	return -1;
}

/*
 * Read one JSON value, lexically: strings, escapes and nesting are
 * followed so the value's end is found; json_check() judges the rest.
 * The bytes go to out (when not NULL, at most max of them). what names
 * the value in messages.
 */
static int
tg_value(struct tg_scan *s, struct buf *out, size_t max, const char *what,
    char **cause)
{
	int	c, depth = 0;
	bool	str = false, esc = false;

	if (out != NULL)
		buf_clear(out);
	c = tg_peek(s);
	if (c == EOF)
		return tg_fail(s, cause, "the document ends before %s "
		    "(a truncated file?)", what);
	if (c == ',' || c == ']' || c == '}')
		return tg_fail(s, cause, "%s is missing", what);
	for (;;) {
		if ((c = tg_peek(s)) == EOF)
			return tg_fail(s, cause, "the document ends inside %s "
			    "(a truncated file?)", what);
		if (!str && depth == 0 && out != NULL && out->len > 0 &&
		    out->data[0] != '"' && out->data[0] != '{' &&
		    out->data[0] != '[' && (c == ',' || c == ']' ||
		    c == '}' || c == ' ' || c == '\t' || c == '\n' ||
		    c == '\r'))
			break;		/* the end of a number or a word */
		tg_get(s);
		if (out != NULL) {
			if (out->len >= max)
				return tg_fail(s, cause, "%s is longer than "
				    "%zu bytes", what, max);
			buf_addc(out, (char)c);
		}
		if (str) {
			if (esc)
				esc = false;
			else if (c == '\\')
				esc = true;
			else if (c == '"') {
				str = false;
				if (depth == 0)
					break;
			}
			continue;
		}
		if (c == '"')
			str = true;
		else if (c == '{' || c == '[')
			depth++;
		else if (c == '}' || c == ']') {
			if (--depth <= 0)
				break;
		} else if (depth == 0 && out == NULL) {
			/* A number or word skipped unseen: read to its end. */
			while ((c = tg_peek(s)) != EOF && c != ',' &&
			    c != ']' && c != '}' && c != ' ' && c != '\t' &&
			    c != '\n' && c != '\r')
				tg_get(s);
			break;
		}
	}
	return 0;
}

/* Expect the byte c after white space. */
static int
tg_expect(struct tg_scan *s, int c, const char *what, char **cause)
{
	int	got = tg_skip_ws(s);

	if (got == c) {
		tg_get(s);
		return 0;
	}
	if (got == EOF)
		return tg_fail(s, cause, "the document ends where %s should "
		    "be (a truncated file?)", what);
	return tg_fail(s, cause, "expected %s", what);
}

/* ---- messages --------------------------------------------------------- */

enum {
	X_ID, X_IDTYPE, X_TYPE, X_UNIX, X_DATE, X_FROM, X_FROM_ID,
	X_ACTOR, X_ACTOR_ID, X_REPLY, X_FWD, X_VIA_BOT, X_TEXTTYPE, X_TEXT,
	X_ENTTYPE, X_PHOTO, X_PHOTOTYPE, X_FILE, X_FILETYPE, X_N
};

static const char tg_extract_sql[] =
    "SELECT json_extract(?1, '$.id'), json_type(?1, '$.id'),"
    " json_extract(?1, '$.type'), json_extract(?1, '$.date_unixtime'),"
    " json_extract(?1, '$.date'), json_extract(?1, '$.from'),"
    " json_extract(?1, '$.from_id'), json_extract(?1, '$.actor'),"
    " json_extract(?1, '$.actor_id'),"
    " json_extract(?1, '$.reply_to_message_id'),"
    " json_extract(?1, '$.forwarded_from'), json_extract(?1, '$.via_bot'),"
    " json_type(?1, '$.text'), json_extract(?1, '$.text'),"
    " json_type(?1, '$.text_entities'),"
    " json_extract(?1, '$.photo'), json_type(?1, '$.photo'),"
    " json_extract(?1, '$.file'), json_type(?1, '$.file')";

/* The pieces of a text array or of text_entities, in order. */
static const char tg_entities_sql[] =
    "SELECT type, atom, o, json_extract(o, '$.type'),"
    " json_extract(o, '$.text'), json_type(o, '$.text'),"
    " json_extract(o, '$.href'), json_extract(o, '$.user_id'),"
    " json_type(o, '$.user_id') FROM (SELECT id, type, atom,"
    " CASE type WHEN 'object' THEN value ELSE '{}' END AS o"
    " FROM json_each(?1, ?2)) ORDER BY id";

struct tg {
	struct import_run	*run;
	const struct import_file *f;
	sqlite3			*db;
	sqlite3_stmt		*ext, *ent, *dec;
	struct buf		 name, type, id; /* the chat's, decoded */
	struct buf		 chat;		/* its account's native id */
	struct buf		 msg;		/* the message being read */
	struct buf		 fix;		/* msg with UTF-8 repaired */
	struct buf		 text, urls, tags, post, reply, mentions;
	struct buf		 media[2];	/* hashes of photo and file */
	const char		**vals;
	size_t			 nslots;
	int64_t			 n;		/* messages so far */
	bool			 chat_done;

	char			*root;		/* the export's folder, resolved;
						   NULL: media are not read */
	int64_t			 hashed;	/* media files hashed */
	int64_t			 missing;	/* named, but not in the export */
	int64_t			 refused;	/* paths out of the export */
};

static const char *
col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* Append a text column, leaving out the NUL bytes a "\u0000" gives. */
static void
add_column(struct buf *b, sqlite3_stmt *st, int i)
{
	const char	*v = col_text(st, i), *nul;
	size_t		 n;

	if (v == NULL)
		return;
	n = (size_t)sqlite3_column_bytes(st, i);
	while (n > 0 && (nul = memchr(v, '\0', n)) != NULL) {
		buf_add(b, v, (size_t)(nul - v));
		n -= (size_t)(nul - v) + 1;
		v = nul + 1;
	}
	buf_add(b, v, n);
}

/* Decode a JSON scalar into out (strings unquoted). */
static int
tg_decode(struct tg *t, const char *json, size_t len, struct buf *out,
    char **cause)
{
	const char	*v;

	buf_clear(out);
	sqlite3_bind_text(t->dec, 1, json, (int)len, SQLITE_STATIC);
	if (sqlite3_step(t->dec) != SQLITE_ROW) {
		set_cause(cause, "%s: %s", t->f->path, sqlite3_errmsg(t->db));
		sqlite3_reset(t->dec);
		return -1;
	}
	if ((v = col_text(t->dec, 0)) != NULL)
		buf_adds(out, v);
	else
		buf_adds(out, "");
	sqlite3_reset(t->dec);
	return 0;
}

/* The chat as an account of its own, once its id is known. */
static int
tg_chat(struct tg *t, char **cause)
{
	struct account_rec	 a = ACCOUNT_REC_INIT;
	const char		*ty = t->type.data != NULL ? t->type.data : "";

	t->chat_done = true;
	if (t->id.len == 0)
		return 0;
	buf_clear(&t->chat);
	if (strstr(ty, "channel") != NULL || strstr(ty, "supergroup") != NULL)
		buf_printf(&t->chat, "channel%s", t->id.data);
	else if (strcmp(ty, "personal_chat") == 0 ||
	    strcmp(ty, "bot_chat") == 0)
		buf_printf(&t->chat, "user%s", t->id.data);
	else
		buf_printf(&t->chat, "chat%s", t->id.data);
	a.platform = t->run->platform != NULL ? t->run->platform :
	    t->f->map->platform;
	a.native_id = t->chat.data;
	a.display_name = t->name.len > 0 ? t->name.data : NULL;
	return ingest_account(t->run->ing, &a, cause) < 0 ? -1 : 0;
}

/* A JSON value's kind as SQLite's json_type() names it, for messages. */
static const char *
kind_name(const char *jt)
{
	if (jt == NULL)
		return "missing";
	if (strcmp(jt, "integer") == 0 || strcmp(jt, "real") == 0)
		return "a number";
	if (strcmp(jt, "object") == 0)
		return "an object";
	if (strcmp(jt, "true") == 0 || strcmp(jt, "false") == 0)
		return "a boolean";
	if (strcmp(jt, "null") == 0)
		return "null";
	if (strcmp(jt, "array") == 0)
		return "an array";
	return "a string";
}

/*
 * A mention entity: "@Name" becomes "name". Telegram user names are
 * letters, digits and _; anything else is not a mention.
 */
static void
tg_mention(struct tg *t, const char *tx)
{
	size_t	i, n;

	if (tx == NULL)
		return;
	if (*tx == '@')
		tx++;
	n = strlen(tx);
	if (n == 0 || n > 64)
		return;
	for (i = 0; i < n; i++) {
		if (!((tx[i] >= 'a' && tx[i] <= 'z') ||
		    (tx[i] >= 'A' && tx[i] <= 'Z') ||
		    (tx[i] >= '0' && tx[i] <= '9') || tx[i] == '_'))
			return;
	}
	if (t->mentions.len > 0)
		buf_addc(&t->mentions, ' ');
	for (i = 0; i < n; i++)
		buf_addc(&t->mentions, (char)ascii_tolower((unsigned char)tx[i]));
}

/* A mention_name entity names its user by id: "user<id>", the form of
 * from_id, so the mention and the user's own account pivot together. */
static void
tg_mention_id(struct tg *t, sqlite3_stmt *st)
{
	const char	*ty = col_text(st, 8), *id = col_text(st, 7);
	int64_t		 v;

	if (ty == NULL || id == NULL ||
	    (strcmp(ty, "integer") != 0 && strcmp(ty, "text") != 0) ||
	    !parse_int64(id, &v) || v <= 0)
		return;
	if (t->mentions.len > 0)
		buf_addc(&t->mentions, ' ');
	buf_printf(&t->mentions, "user%s", id);
}

/*
 * Walk the text array (or text_entities) at path: the text is the
 * pieces joined, the URLs those of link and text_link entities, the
 * hashtags those of hashtag entities. Returns 1, 0 when a piece is not
 * text (*bad says which), -1 on failure.
 */
static int
tg_entities(struct tg *t, const char *json, size_t len, const char *path,
    bool keep_text, int64_t *bad, char **cause)
{
	sqlite3_stmt	*st = t->ent;
	const char	*ty, *et, *tx, *tt, *href;
	int64_t		 i = 0;
	int		 rc;

	sqlite3_bind_text(st, 1, json, (int)len, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		i++;
		ty = col_text(st, 0);
		if (ty != NULL && strcmp(ty, "text") == 0) {
			if (keep_text)
				add_column(&t->text, st, 1);
			continue;
		}
		if (ty == NULL || strcmp(ty, "object") != 0 ||
		    (tt = col_text(st, 5)) == NULL || strcmp(tt, "text") != 0) {
			*bad = i;
			sqlite3_reset(st);
			return 0;
		}
		et = col_text(st, 3);
		tx = col_text(st, 4);
		if (keep_text)
			add_column(&t->text, st, 4);
		if (et == NULL)
			continue;
		if (strcmp(et, "link") == 0)
			href = tx;
		else if (strcmp(et, "text_link") == 0)
			href = col_text(st, 6);
		else
			href = NULL;
		if (href != NULL && *href != '\0' &&
		    strpbrk(href, " \t\r\n") == NULL) {
			if (t->urls.len > 0)
				buf_addc(&t->urls, ' ');
			buf_adds(&t->urls, href);
		}
		if (strcmp(et, "hashtag") == 0 && tx != NULL && tx[0] != '\0') {
			if (t->tags.len > 0)
				buf_addc(&t->tags, ' ');
			buf_adds(&t->tags, tx[0] == '#' ? tx + 1 : tx);
		}
		if (strcmp(et, "mention") == 0)
			tg_mention(t, tx);
		else if (strcmp(et, "mention_name") == 0)
			tg_mention_id(t, st);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return set_cause(cause, "%s: %s", t->f->path,
		    sqlite3_errmsg(t->db));
	return 1;
}

/* Why a media path may not be read, or NULL when it may. */
static const char *
tg_media_unsafe(const char *rel)
{
	const char	*p, *q;

	if (*rel == '/' || *rel == '\\')
		return "an absolute path";
	for (p = rel;; p = q + 1) {
		q = p + strcspn(p, "/\\");
		if (q - p == 2 && p[0] == '.' && p[1] == '.')
			return "a path with \"..\" in it";
		if (*q == '\0')
			return NULL;
	}
}

/*
 * The photo or file (what) of message t->n, named by rel relative to
 * result.json: its SHA-256 in hex, in out, or NULL when it is not read.
 * The note the export writes for a file it left out ("(File not
 * included. ...)"), a file that is not there and a file that cannot be
 * read count as missing; a path that leaves the export's folder (an
 * absolute one, "..", a link pointing out) is refused and reported.
 */
static const char *
tg_media(struct tg *t, const char *what, const char *rel, struct buf *out,
    int64_t line, int64_t col)
{
	struct digest	*d;
	struct stat	 sb;
	unsigned char	 chunk[65536];
	char		 hex[2 * DIGEST_MAX + 1], *full, *real;
	const char	*why = NULL;
	size_t		 rl;
	ssize_t		 n;
	int		 fd;

	if (rel == NULL || *rel == '\0')
		return NULL;
	if (*rel == '(') {
		t->missing++;
		return NULL;
	}
	if ((why = tg_media_unsafe(rel)) != NULL)
		goto refuse;
	if (t->root == NULL) {
		t->missing++;
		return NULL;
	}
	full = xasprintf("%s/%s", t->root, rel);
	real = realpath(full, NULL);
	free(full);
	if (real == NULL) {
		t->missing++;
		return NULL;
	}
	rl = strlen(t->root);
	if (strncmp(real, t->root, rl) != 0 ||
	    (rl > 0 && t->root[rl - 1] != '/' && real[rl] != '/')) {
		free(real);
		why = "a link out of the export's folder";
		goto refuse;
	}
	fd = open(real, O_RDONLY | O_NONBLOCK | O_NOCTTY);
	free(real);
	if (fd == -1) {
		t->missing++;
		return NULL;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		why = "not a regular file";
		goto refuse;
	}
	d = digest_new(DIGEST_SHA256);
	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		digest_add(d, chunk, (size_t)n);
	digest_done_hex(d, hex);
	close(fd);
	if (n < 0) {
		t->missing++;
		return NULL;
	}
	buf_clear(out);
	buf_adds(out, hex);
	t->hashed++;
	return out->data;

refuse:
	t->refused++;
	import_warn(t->run, "%s:%lld:%lld: message %lld: %s \"%s\" is %s; "
	    "not read", t->f->path, (long long)line, (long long)col,
	    (long long)t->n, what, rel, why);
	return NULL;
}

static int
tg_message(struct tg *t, int64_t line, int64_t col, char **cause)
{
	struct import_run	*run = t->run;
	const char		*path = t->f->path, *what;
	char			*p = t->msg.data;
	const char		*author, *name, *ty, *tt, *et, *v;
	const char		**vals = t->vals;
	size_t			 len = t->msg.len, at, i;
	int64_t			 l, c, bad = 0;
	int			 rc;

	t->n++;
	run->report->rows++;
	if (!utf8_valid(p, len)) {
		buf_clear(&t->fix);
		ingest_count_repaired(run->ing,
		    (int64_t)utf8_repair(p, len, &t->fix));
		p = t->fix.data;
		len = t->fix.len;
	}
	if (!json_check(p, len, &at, &what)) {
		for (l = line, c = col, i = 0; i < at; i++) {
			if (p[i] == '\n') {
				l++;
				c = 1;
			} else if (((unsigned char)p[i] & 0xc0) != 0x80)
				c++;
		}
		return import_bad_at(run, path, l, c, cause, "message %lld is "
		    "not valid JSON: %s", (long long)t->n, what);
	}
	if (*p != '{')
		return import_bad_at(run, path, line, col, cause, "message "
		    "%lld is not an object", (long long)t->n);
	ingest_count_repaired(run->ing, (int64_t)import_json_nul(p, len));

	sqlite3_bind_text(t->ext, 1, p, (int)len, SQLITE_STATIC);
	if (sqlite3_step(t->ext) != SQLITE_ROW) {
		rc = set_cause(cause, "%s:%lld: %s", path, (long long)line,
		    sqlite3_errmsg(t->db));
		sqlite3_reset(t->ext);
		return rc;
	}
	rc = 0;
	v = col_text(t->ext, X_IDTYPE);
	if (v == NULL || (strcmp(v, "integer") != 0 &&
	    strcmp(v, "text") != 0)) {
		rc = import_bad_at(run, path, line, col, cause, "message %lld "
		    "has no id", (long long)t->n);
		goto out;
	}
	ty = col_text(t->ext, X_TYPE);
	if (ty != NULL && strcmp(ty, "service") == 0) {
		author = col_text(t->ext, X_ACTOR_ID);
		name = col_text(t->ext, X_ACTOR);
	} else {
		author = col_text(t->ext, X_FROM_ID);
		name = col_text(t->ext, X_FROM);
	}
	if (author == NULL || *author == '\0') {
		if (ty != NULL && strcmp(ty, "service") == 0)
			goto out;	/* a chat event nobody did */
		rc = import_bad_at(run, path, line, col, cause, "message %lld "
		    "(id %s) has no from_id", (long long)t->n,
		    col_text(t->ext, X_ID));
		goto out;
	}

	buf_clear(&t->text);
	buf_clear(&t->urls);
	buf_clear(&t->tags);
	buf_clear(&t->mentions);
	tt = col_text(t->ext, X_TEXTTYPE);
	et = col_text(t->ext, X_ENTTYPE);
	if (tt != NULL && strcmp(tt, "text") == 0)
		add_column(&t->text, t->ext, X_TEXT);
	else if (tt != NULL && strcmp(tt, "array") == 0) {
		if ((rc = tg_entities(t, p, len, "$.text", true, &bad,
		    cause)) < 0)
			goto out;
		if (rc == 0) {
			rc = import_bad_at(run, path, line, col, cause,
			    "message %lld (id %s): piece %lld of text is "
			    "neither a string nor an entity with text",
			    (long long)t->n, col_text(t->ext, X_ID),
			    (long long)bad);
			goto out;
		}
	} else if (tt != NULL) {
		rc = import_bad_at(run, path, line, col, cause, "message %lld "
		    "(id %s): text is %s, not a string or an array",
		    (long long)t->n, col_text(t->ext, X_ID), kind_name(tt));
		goto out;
	}
	/* A plain text string: its links are in text_entities. */
	if ((tt == NULL || strcmp(tt, "text") == 0) && et != NULL &&
	    strcmp(et, "array") == 0) {
		if ((rc = tg_entities(t, p, len, "$.text_entities", false,
		    &bad, cause)) < 0)
			goto out;
	}

	for (i = 0; i < t->nslots; i++)
		vals[i] = NULL;
	vals[MAP_NATIVE_ID] = author;
	vals[MAP_DISPLAY_NAME] = name;
	vals[IMPORT_SLOT_ATTR(TG_ATTR_CHAT)] = t->chat.len > 0 ?
	    t->chat.data : NULL;
	vals[IMPORT_SLOT_ATTR(TG_ATTR_VIA_BOT)] = col_text(t->ext, X_VIA_BOT);
	vals[IMPORT_SLOT_ATTR(TG_ATTR_MENTIONS)] = t->mentions.len > 0 ?
	    t->mentions.data : NULL;
	if (ty == NULL || strcmp(ty, "service") != 0) {
		v = col_text(t->ext, X_PHOTOTYPE);
		if (v != NULL && strcmp(v, "text") == 0)
			vals[IMPORT_SLOT_ATTR(TG_ATTR_PHOTO)] = tg_media(t,
			    "photo", col_text(t->ext, X_PHOTO), &t->media[0],
			    line, col);
		v = col_text(t->ext, X_FILETYPE);
		if (v != NULL && strcmp(v, "text") == 0)
			vals[IMPORT_SLOT_ATTR(TG_ATTR_FILE)] = tg_media(t,
			    "file", col_text(t->ext, X_FILE), &t->media[1],
			    line, col);
		buf_clear(&t->post);
		buf_clear(&t->reply);
		if (t->id.len > 0)
			buf_printf(&t->post, "%s/", t->id.data);
		buf_adds(&t->post, col_text(t->ext, X_ID));
		if ((v = col_text(t->ext, X_REPLY)) != NULL) {
			if (t->id.len > 0)
				buf_printf(&t->reply, "%s/", t->id.data);
			buf_adds(&t->reply, v);
		}
		vals[IMPORT_SLOT_POST(MAP_POST_NATIVE_ID)] = t->post.data;
		v = col_text(t->ext, X_UNIX);
		vals[IMPORT_SLOT_POST(MAP_POST_POSTED_AT)] = v != NULL ? v :
		    col_text(t->ext, X_DATE);
		vals[IMPORT_SLOT_POST(MAP_POST_TEXT)] = t->text.data;
		vals[IMPORT_SLOT_POST(MAP_POST_REPLY_TO)] = t->reply.len > 0 ?
		    t->reply.data : NULL;
		vals[IMPORT_SLOT_POST(MAP_POST_REPOST_OF)] =
		    col_text(t->ext, X_FWD);
		vals[IMPORT_SLOT_POST(MAP_POST_HASHTAGS)] = t->tags.len > 0 ?
		    t->tags.data : NULL;
		vals[IMPORT_SLOT_POST(MAP_POST_URLS)] = t->urls.len > 0 ?
		    t->urls.data : NULL;
	}
	rc = import_record(run, t->f->map, vals, path, line, cause);
out:
	sqlite3_reset(t->ext);
	return rc;
}

/* ---- the document ----------------------------------------------------- */

static int
tg_messages(struct tg *t, struct tg_scan *s, char **cause)
{
	int64_t	line, col;
	int	c;

	if (tg_expect(s, '[', "the messages array", cause) != 0)
		return -1;
	if (tg_skip_ws(s) == ']') {
		tg_get(s);
		return 0;
	}
	for (;;) {
		tg_skip_ws(s);
		line = s->line;
		col = s->col;
		if (tg_value(s, &t->msg, TG_MAX_MESSAGE, "a message",
		    cause) != 0)
			return -1;
		if (tg_message(t, line, col, cause) != 0)
			return -1;
		if (t->n % IMPORT_TICK == 0 &&
		    import_tick(t->run, t->f->path, s->offset, cause) != 0)
			return -1;
		c = tg_skip_ws(s);
		if (c == ']') {
			tg_get(s);
			return 0;
		}
		if (tg_expect(s, ',', "\",\" or \"]\" after a message",
		    cause) != 0)
			return -1;
	}
}

static int
tg_document(struct tg *t, struct tg_scan *s, char **cause)
{
	struct buf	 key = BUF_INIT, val = BUF_INIT;
	struct buf	*into;
	const char	*what;
	size_t		 at;
	bool		 messages = false;
	int		 c, rc = -1;

	if (tg_peek(s) == 0xef) {
		tg_get(s);
		if (tg_get(s) != 0xbb || tg_get(s) != 0xbf) {
			tg_fail(s, cause, "not a Telegram export: a stray "
			    "byte");
			goto out;
		}
		s->col = 1;
	}
	if (tg_expect(s, '{', "\"{\": a Telegram export is one JSON object",
	    cause) != 0)
		goto out;
	if (tg_skip_ws(s) == '}') {
		tg_get(s);
		goto end;
	}
	for (;;) {
		if (tg_skip_ws(s) != '"') {
			tg_fail(s, cause, "expected a key in quotes");
			goto out;
		}
		if (tg_value(s, &key, TG_MAX_HEAD, "a key", cause) != 0 ||
		    tg_expect(s, ':', "\":\" after a key", cause) != 0)
			goto out;
		tg_skip_ws(s);
		if (strcmp(key.data, "\"messages\"") == 0) {
			if (!t->chat_done && tg_chat(t, cause) != 0)
				goto out;
			if (tg_messages(t, s, cause) != 0)
				goto out;
			messages = true;
		} else {
			into = NULL;
			if (strcmp(key.data, "\"name\"") == 0)
				into = &t->name;
			else if (strcmp(key.data, "\"type\"") == 0)
				into = &t->type;
			else if (strcmp(key.data, "\"id\"") == 0)
				into = &t->id;
			if (into != NULL && t->chat_done) {
				tg_fail(s, cause, "the chat's %s comes after "
				    "its messages", key.data);
				goto out;
			}
			if (tg_value(s, into != NULL ? &val : NULL,
			    TG_MAX_HEAD, into != NULL ? key.data : "a value",
			    cause) != 0)
				goto out;
			if (into != NULL) {
				if (!json_check(val.data, val.len, &at,
				    &what)) {
					tg_fail(s, cause, "the chat's %s is "
					    "not valid JSON: %s", key.data,
					    what);
					goto out;
				}
				if (tg_decode(t, val.data, val.len, into,
				    cause) != 0)
					goto out;
			}
		}
		c = tg_skip_ws(s);
		if (c == '}') {
			tg_get(s);
			break;
		}
		if (tg_expect(s, ',', "\",\" or \"}\"", cause) != 0)
			goto out;
	}
end:
	if (tg_skip_ws(s) != EOF) {
		tg_fail(s, cause, "text after the end of the document");
		goto out;
	}
	if (ferror(s->fp)) {
		set_cause(cause, "%s: read error", s->path);
		goto out;
	}
	if (!messages) {
		set_cause(cause, "%s: no \"messages\" array: not a Telegram "
		    "chat export (a full account export holds chats in "
		    "\"chats\": export one chat)", s->path);
		goto out;
	}
	rc = import_tick(t->run, t->f->path, s->offset, cause);
out:
	buf_free(&key);
	buf_free(&val);
	return rc;
}

int
import_telegram_file(struct import_run *run, const struct import_file *f,
    char **cause)
{
	struct tg	 t;
	struct tg_scan	*s;
	int		 rc = -1;

	memset(&t, 0, sizeof t);
	t.run = run;
	t.f = f;
	if (f->map->nattrs != TG_NATTRS)
		return set_cause(cause, "%s: the telegram mapping is not the "
		    "built-in one", f->path);
	s = xcalloc(1, sizeof *s);
	s->path = f->path;
	s->line = s->col = 1;
	if (f->is_stdin)
		s->fp = stdin;
	else if ((s->fp = fopen(f->path, "rb")) == NULL) {
		set_cause(cause, "%s: %s", f->path, strerror(errno));
		free(s);
		return -1;
	}
	t.nslots = IMPORT_NSLOTS(f->map);
	t.vals = xcalloc(t.nslots, sizeof *t.vals);
	if (sqlite3_open_v2(":memory:", &t.db, SQLITE_OPEN_READWRITE,
	    NULL) != SQLITE_OK) {
		set_cause(cause, "cannot open a JSON parser: %s",
		    t.db != NULL ? sqlite3_errmsg(t.db) : "out of memory");
		goto out;
	}
	if (sqlite3_prepare_v2(t.db, tg_extract_sql, -1, &t.ext,
	    NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(t.db, tg_entities_sql, -1, &t.ent,
	    NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(t.db, "SELECT json_extract(?1, '$')", -1,
	    &t.dec, NULL) != SQLITE_OK) {
		set_cause(cause, "cannot prepare the JSON reader: %s",
		    sqlite3_errmsg(t.db));
		goto out;
	}
	if (!f->is_stdin) {
		/* Media are named relative to result.json's folder. */
		char	*dir = xstrdup(f->path), *slash = strrchr(dir, '/');

		if (slash == dir)
			dir[1] = '\0';
		else if (slash != NULL)
			*slash = '\0';
		t.root = realpath(slash != NULL ? dir : ".", NULL);
		free(dir);
	}
	rc = tg_document(&t, s, cause);
	run->report->media_hashed += t.hashed;
	run->report->media_missing += t.missing;
	run->report->media_refused += t.refused;
	if (rc == 0 && t.hashed + t.missing + t.refused > 0)
		import_warn(run, "%s: media: %lld file%s hashed, %lld not in "
		    "the export (not downloaded, or missing), %lld refused "
		    "(outside the export's folder, or not a file)", f->path,
		    (long long)t.hashed, t.hashed == 1 ? "" : "s",
		    (long long)t.missing, (long long)t.refused);
out:
	sqlite3_finalize(t.ext);
	sqlite3_finalize(t.ent);
	sqlite3_finalize(t.dec);
	sqlite3_close(t.db);
	buf_free(&t.name);
	buf_free(&t.type);
	buf_free(&t.id);
	buf_free(&t.chat);
	buf_free(&t.msg);
	buf_free(&t.fix);
	buf_free(&t.text);
	buf_free(&t.urls);
	buf_free(&t.tags);
	buf_free(&t.post);
	buf_free(&t.reply);
	buf_free(&t.mentions);
	buf_free(&t.media[0]);
	buf_free(&t.media[1]);
	free(t.root);
	free(t.vals);
	if (s->fp != stdin)
		fclose(s->fp);
	free(s);
	return rc;
}
