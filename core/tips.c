/*
 * tips.c: a partner's STIX bundle or MISP event read into indicators and
 * a suspected network of the case's own accounts (tips.h).
 *
 * The file is checked by jsoncheck.h and then read with SQLite's JSON
 * functions, one object at a time: each object's text is small, so the
 * repeated json_extract() calls on it stay cheap whatever the bundle's
 * size.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "audit.h"
#include "case.h"
#include "indicators.h"
#include "jsoncheck.h"
#include "normalize.h"
#include "schema.h"
#include "tips.h"
#include "util.h"
#include "ydoc.h"

const char *const tips_kinds[TIPS_NKINDS] = {
	"domain", "url", "ip", "email", "phone", "handle", "hashtag", "text",
	"note", "hash", "native_id", "ip24"
};
#define K_HASH		9
#define K_NATIVE	10
#define K_IP24		11
/* The widest IPv4 block a tip may name: 1024 /24 blocks. */
#define TIPS_MIN_PREFIX	14
/* IPv6: a block of at most 256 addresses is its addresses; /38 to /48 is
 * its /48 blocks (at most 1024), as accounts' ip24 values hold them. */
#define TIPS6_ADDRS_PREFIX	120
#define TIPS6_MIN_PREFIX	38

/* JSON value types as tips reads them. */
#define J_NONE		0	/* absent or null */
#define J_STR		1
#define J_OTHER		2

struct tip_ap {			/* a STIX attack-pattern */
	char	*id;
	char	*ext;
	int	 kc;
};

struct tip_account {		/* an account the tip names */
	int64_t	 idx;
	char	*where;		/* "object 3" */
	char	*platform, *uid, *login;
};

struct tips {
	struct case_db		*c;
	const char		*path;
	const char		*base;
	struct tips_stats	*st;
	sqlite3_stmt		*get, *put;
	const char		*where;		/* current object, for errors */
	int64_t			 idx;

	struct tip_ap		*aps;
	size_t			 naps;
	char			**uses;		/* targets of "uses" */
	size_t			 nuses;
	struct tip_account	*accts;
	size_t			 naccts;
	char			**ttps;
	size_t			 nttps;
	int			 name_rank;	/* of st->name; 0 = none */
	char			*id, *producer;
	char			*galaxy;	/* a DISARM cluster file */
};

static int
fault(struct tips *t, char **cause, const char *what)
{
	if (strcmp(t->where, "event") == 0)
		set_cause(cause, "%s: the event: %s", t->path, what);
	else
		set_cause(cause, "%s: %s %lld: %s", t->path, t->where,
		    (long long)t->idx, what);
	return -1;
}

/*
 * The value at path in json: J_NONE, J_STR (with *out a copy the caller
 * frees) or J_OTHER (with *type its JSON type).
 */
static int
jget(struct tips *t, const char *json, const char *path, char **out,
    const char **type)
{
	static char	 tname[16];
	const char	*ty;
	int		 r = J_NONE;

	*out = NULL;
	sqlite3_bind_text(t->get, 1, json, -1, SQLITE_STATIC);
	sqlite3_bind_text(t->get, 2, path, -1, SQLITE_STATIC);
	if (sqlite3_step(t->get) == SQLITE_ROW &&
	    (ty = (const char *)sqlite3_column_text(t->get, 0)) != NULL &&
	    strcmp(ty, "null") != 0) {
		if (strcmp(ty, "text") == 0) {
			*out = xstrdup((const char *)
			    sqlite3_column_text(t->get, 1));
			r = J_STR;
		} else {
			snprintf(tname, sizeof tname, "%s", ty);
			if (type != NULL)
				*type = tname;
			r = J_OTHER;
		}
	}
	sqlite3_reset(t->get);
	return r;
}

/* A string field, or NULL when absent; -1 (a fault) when not a string. */
static int
jstr(struct tips *t, const char *json, const char *key, char **out,
    char **cause)
{
	const char	*ty = "value";
	char		*path, *msg;
	int		 r;

	path = xasprintf("$.\"%s\"", key);
	r = jget(t, json, path, out, &ty);
	free(path);
	if (r != J_OTHER)
		return 0;
	msg = xasprintf("\"%s\" is %s %s, not a string", key,
	    ty[0] == 'a' || ty[0] == 'o' || ty[0] == 'i' ? "an" : "a", ty);
	fault(t, cause, msg);
	free(msg);
	return -1;
}

/* Iterate an array (or object) at path of json; NULL when it is absent. */
static sqlite3_stmt *
each(struct tips *t, const char *json, const char *path, char **cause)
{
	sqlite3_stmt	*s;
	const char	*ty = "value";
	char		*v = NULL, *msg;
	int		 r;

	if ((r = jget(t, json, path, &v, &ty)) != J_NONE &&
	    (r == J_STR || (strcmp(ty, "array") != 0 &&
	    (strcmp(ty, "object") != 0 || strcmp(path, "$.hashes") != 0)))) {
		free(v);
		msg = xasprintf("\"%s\" is not a list", path + 2);
		fault(t, cause, msg);
		free(msg);
		return NULL;
	}
	if (sqlite3_prepare_v2(t->c->db, "SELECT key, value, type FROM"
	    " json_each(?1, ?2)", -1, &s, NULL) != SQLITE_OK) {
		case_error(t->c, cause, "reading the tip");
		return NULL;
	}
	sqlite3_bind_text(s, 1, json, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, path, -1, SQLITE_STATIC);
	return s;
}

static void
strs_add(char ***v, size_t *n, const char *s)
{
	size_t	i;

	for (i = 0; i < *n; i++) {
		if (strcmp((*v)[i], s) == 0)
			return;
	}
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
}

static void
strs_free(char **v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void
set_name(struct tips *t, int rank, const char *name)
{
	if (name == NULL || name[0] == '\0' || rank <= t->name_rank)
		return;
	t->name_rank = rank;
	snprintf(t->st->name, sizeof t->st->name, "%s", name);
}

/* ------------------------------------------------------------------ */
/* Storing values                                                      */

static int
store(struct tips *t, int kind, const char *value, const char *raw,
    char **cause)
{
	sqlite3_stmt	*s = t->put;
	char		*comment;
	int		 rc;

	t->st->values++;
	comment = xasprintf("%s %lld", t->where, (long long)t->idx);
	sqlite3_bind_text(s, 1, tips_kinds[kind], -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, raw, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, comment, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, t->st->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, t->st->source, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	free(comment);
	if (rc != SQLITE_DONE)
		return case_error(t->c, cause, "storing the tip's indicators");
	if (sqlite3_changes(t->c->db) > 0) {
		t->st->added++;
		t->st->by_kind[kind]++;
	} else
		t->st->duplicates++;
	return 0;
}

/*
 * An IPv4 network block "A.B.C.D/N", as STIX ipv4-addr values and MISP
 * ip-src/ip-dst may hold: its addresses when N >= 24, else its /24 blocks,
 * so that it matches accounts' ip and ip24 values exactly. A block wider
 * than /TIPS_MIN_PREFIX is too wide to mean anything and counted as not
 * usable. Returns 1 when raw was a block (*rc then says how storing
 * went), 0 when it is not one.
 */
static int
store_block(struct tips *t, const char *raw, int *rc, char **cause)
{
	unsigned	 o[4], n, i;
	uint32_t	 base, a, count;
	int		 used = 0;
	char		 v[32];

	*rc = 0;
	if (sscanf(raw, "%3u.%3u.%3u.%3u/%2u%n", &o[0], &o[1], &o[2], &o[3],
	    &n, &used) != 5 || raw[used] != '\0' || o[0] > 255 ||
	    o[1] > 255 || o[2] > 255 || o[3] > 255 || n > 32)
		return 0;
	base = (uint32_t)o[0] << 24 | (uint32_t)o[1] << 16 |
	    (uint32_t)o[2] << 8 | o[3];
	if (n < TIPS_MIN_PREFIX) {
		if (t->st->unusable++ == 0)
			t->st->first_unusable = t->idx;
		return 1;
	}
	base &= n == 0 ? 0 : ~(uint32_t)0 << (32 - n);
	count = n >= 24 ? (uint32_t)1 << (32 - n) : (uint32_t)1 << (24 - n);
	for (i = 0; i < count && *rc == 0; i++) {
		a = n >= 24 ? base + i : base + (i << 8);
		if (n >= 24)
			snprintf(v, sizeof v, "%u.%u.%u.%u", a >> 24,
			    (a >> 16) & 255, (a >> 8) & 255, a & 255);
		else
			snprintf(v, sizeof v, "%u.%u.%u.0/24", a >> 24,
			    (a >> 16) & 255, (a >> 8) & 255);
		*rc = store(t, n >= 24 ? IND_IP : K_IP24, v, raw, cause);
	}
	return 1;
}

static void
unusable(struct tips *t)
{
	if (t->st->unusable++ == 0)
		t->st->first_unusable = t->idx;
}

/*
 * An IPv6 network block "A::B/N": its addresses when N >= 120, its /48
 * blocks (kind ip24, as accounts' ip24 values hold an IPv6 address's /48)
 * when N is 38 to 48. Between /49 and /119 a block can be neither listed
 * nor matched exactly (accounts keep only the address and its /48), and
 * wider than /38 it means nothing: both are counted as not usable.
 * Returns 1 when raw was an IPv6 block, 0 when it is not one.
 */
static int
store_block6(struct tips *t, const char *raw, int *rc, char **cause)
{
	unsigned char	 a[16];
	char		 tmp[64], txt[INET6_ADDRSTRLEN], v[NORM_MAX];
	char		 block[64];
	const char	*slash;
	unsigned	 n, i, count, bit, j;
	int		 used = 0;

	*rc = 0;
	if ((slash = strchr(raw, '/')) == NULL || strchr(raw, ':') == NULL ||
	    (size_t)(slash - raw) >= sizeof tmp)
		return 0;
	memcpy(tmp, raw, (size_t)(slash - raw));
	tmp[slash - raw] = '\0';
	if (inet_pton(AF_INET6, tmp, a) != 1 ||
	    sscanf(slash + 1, "%3u%n", &n, &used) != 1 ||
	    slash[1 + used] != '\0' || n > 128)
		return 0;
	if (n < TIPS6_MIN_PREFIX || (n > 48 && n < TIPS6_ADDRS_PREFIX)) {
		unusable(t);
		return 1;
	}
	for (j = n; j < 128; j++)	/* the network's first address */
		a[j / 8] &= (unsigned char)~(0x80u >> (j % 8));
	count = n >= TIPS6_ADDRS_PREFIX ? 1u << (128 - n) : 1u << (48 - n);
	for (i = 0; i < count && *rc == 0; i++) {
		if (n >= TIPS6_ADDRS_PREFIX)
			a[15] = (unsigned char)((a[15] & ~(count - 1)) | i);
		else {
			/* i is bits n..47: bytes 4 and 5 and above. */
			for (j = n; j < 48; j++) {
				bit = (i >> (47 - j)) & 1;
				if (bit)
					a[j / 8] |= (unsigned char)(0x80u >>
					    (j % 8));
				else
					a[j / 8] &= (unsigned char)~(0x80u >>
					    (j % 8));
			}
		}
		if (inet_ntop(AF_INET6, a, txt, sizeof txt) == NULL ||
		    !norm_ip(txt, v, sizeof v, block, sizeof block))
			continue;
		*rc = n >= TIPS6_ADDRS_PREFIX ?
		    store(t, IND_IP, v, raw, cause) :
		    store(t, K_IP24, block, raw, cause);
	}
	return 1;
}

/* A domain, URL, address, phone, hashtag or phrase, classified. */
static int
store_classified(struct tips *t, const char *raw, char **cause)
{
	struct indicator_value	 v;
	int			 rc;

	if (store_block(t, raw, &rc, cause) ||
	    store_block6(t, raw, &rc, cause))
		return rc;
	if (indicator_classify(raw, &v) != 0)
		return 0;
	if (store(t, (int)v.kind, v.value, raw, cause) != 0)
		return -1;
	if (v.handle[0] != '\0')
		return store(t, IND_HANDLE, v.handle, raw, cause);
	return 0;
}

/*
 * A host name: labels of letters, digits, '-' and '_' (or UTF-8 bytes, for
 * international names) separated by dots, at least two of them. A STIX
 * domain-name or MISP domain that is not one ("domain x.example") names
 * no domain.
 */
static int
is_host_name(const char *s)
{
	const unsigned char	*p;
	int			 dots = 0, label = 0;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '.') {
			if (label == 0)
				return 0;
			dots++;
			label = 0;
		} else if (ascii_isalpha(*p) || ascii_isdigit(*p) || *p == '-' || *p == '_' ||
		    *p >= 0x80)
			label++;
		else
			return 0;
	}
	return dots > 0 && label > 0;
}

/*
 * A value whose kind the tip declares (a STIX object path or SCO type, a
 * MISP attribute type): normalized as that kind, never reclassified by
 * its look, so a MISP url "https://www.example.org" stays a URL. A value
 * that cannot be read as its kind is not stored. A URL on a known
 * platform also yields its handle, as indicators_import() does.
 */
static int
store_kind(struct tips *t, int kind, const char *raw, char **cause)
{
	struct indicator_value	 v;
	char			 out[NORM_MAX], block[64];
	int			 rc, ok;

	switch (kind) {
	case IND_IP:
		if (store_block(t, raw, &rc, cause) ||
		    store_block6(t, raw, &rc, cause))
			return rc;
		ok = norm_ip(raw, out, sizeof out, block, sizeof block);
		break;
	case IND_DOMAIN:
		ok = norm_domain(raw, out, sizeof out) && is_host_name(out);
		break;
	case IND_URL:
		ok = norm_url(raw, out, sizeof out);
		break;
	case IND_EMAIL:
		ok = norm_email(raw, out, sizeof out);
		break;
	case IND_PHONE:
		ok = norm_phone(raw, out, sizeof out);
		break;
	case IND_TEXT:
		ok = norm_text(raw, out, sizeof out);
		break;
	default:
		return store_classified(t, raw, cause);
	}
	if (!ok || out[0] == '\0')
		return 0;
	if (store(t, kind, out, raw, cause) != 0)
		return -1;
	if (kind == IND_URL && indicator_classify(raw, &v) == 0 &&
	    v.kind == IND_URL && v.handle[0] != '\0')
		return store(t, IND_HANDLE, v.handle, raw, cause);
	return 0;
}

static int
store_handle(struct tips *t, const char *raw, char **cause)
{
	char	v[NORM_MAX];

	if (!norm_handle(raw, v, sizeof v) || v[0] == '\0')
		return 0;
	return store(t, IND_HANDLE, v, raw, cause);
}

static int
store_hash(struct tips *t, const char *raw, char **cause)
{
	char	v[256];
	size_t	i, n = strlen(raw);

	if (n == 0 || n >= sizeof v)
		return 0;
	for (i = 0; i < n; i++) {
		if (!ascii_isxdigit((unsigned char)raw[i]))
			return 0;
		v[i] = (char)ascii_tolower((unsigned char)raw[i]);
	}
	v[n] = '\0';
	return store(t, K_HASH, v, raw, cause);
}

static int
store_native(struct tips *t, const char *raw, char **cause)
{
	if (raw[0] == '\0')
		return 0;
	return store(t, K_NATIVE, raw, raw, cause);
}

static void
account_add(struct tips *t, const char *platform, const char *uid,
    const char *login)
{
	struct tip_account	*a;

	if ((uid == NULL || uid[0] == '\0') &&
	    (login == NULL || login[0] == '\0'))
		return;
	t->accts = xreallocarray(t->accts, t->naccts + 1, sizeof *t->accts);
	a = &t->accts[t->naccts++];
	a->idx = t->idx;
	a->where = xstrdup(t->where);
	a->platform = platform != NULL && platform[0] != '\0' ?
	    xstrdup(platform) : NULL;
	a->uid = uid != NULL && uid[0] != '\0' ? xstrdup(uid) : NULL;
	a->login = login != NULL && login[0] != '\0' ? xstrdup(login) : NULL;
	t->st->accounts++;
}

static void
ttp_add(struct tips *t, const char *id)
{
	size_t	n = t->nttps;

	strs_add(&t->ttps, &t->nttps, id);
	if (t->nttps > n)
		t->st->techniques++;
}

/* ------------------------------------------------------------------ */
/* STIX patterns                                                       */

static const char *
skip_ws(const char *p)
{
	while (ascii_isspace((unsigned char)*p))
		p++;
	return p;
}

static int
word_at(const char *p, const char *w)
{
	size_t	n = strlen(w);

	return strncmp(p, w, n) == 0 && (p[n] == ' ' || p[n] == '\t' ||
	    p[n] == '[' || p[n] == '\n');
}

struct cmp {
	char	path[128];
	char	value[NORM_MAX];
};

/*
 * Parse "[path = 'v' (AND|OR path = 'v')*] ((AND|OR) [...])*" into at
 * most max comparisons. Returns their number, or -1 for any other form.
 */
static int
pattern_parse(const char *p, struct cmp *v, int max)
{
	size_t	n;
	int	k = 0;

	for (;;) {
		p = skip_ws(p);
		if (*p++ != '[')
			return -1;
		for (;;) {
			p = skip_ws(p);
			n = 0;
			while (*p != '\0' && *p != '=' && *p != ' ' &&
			    *p != '!' && *p != '<' && *p != '>') {
				if (n + 1 >= sizeof v[k].path)
					return -1;
				if (k >= max)
					return -1;
				v[k].path[n++] = *p++;
			}
			if (n == 0 || k >= max)
				return -1;
			v[k].path[n] = '\0';
			p = skip_ws(p);
			if (*p++ != '=')
				return -1;
			p = skip_ws(p);
			if (*p++ != '\'')
				return -1;
			n = 0;
			while (*p != '\'') {
				if (*p == '\0')
					return -1;
				if (*p == '\\' && p[1] != '\0')
					p++;
				if (n + 1 >= sizeof v[k].value)
					return -1;
				v[k].value[n++] = *p++;
			}
			p++;
			v[k].value[n] = '\0';
			k++;
			p = skip_ws(p);
			if (*p == ']')
				break;
			if (word_at(p, "AND"))
				p += 3;
			else if (word_at(p, "OR"))
				p += 2;
			else
				return -1;
		}
		p = skip_ws(p + 1);
		if (*p == '\0')
			return k;
		if (word_at(p, "AND"))
			p += 3;
		else if (word_at(p, "OR"))
			p += 2;
		else
			return -1;
	}
}

/* The kind a pattern's object path gives, or -1. */
static int
pattern_kind(const char *path)
{
	static const struct {
		const char	*path;
		int		 kind;
	} map[] = {
		{ "domain-name:value", IND_DOMAIN },
		{ "url:value", IND_URL },
		{ "email-addr:value", IND_EMAIL },
		{ "email-message:from_ref.value", IND_EMAIL },
		{ "email-message:sender_ref.value", IND_EMAIL },
		{ "ipv4-addr:value", IND_IP },
		{ "ipv6-addr:value", IND_IP },
		{ "user-account:account_login", IND_HANDLE },
		{ "user-account:user_id", K_NATIVE },
	};
	size_t	i;

	for (i = 0; i < nitems(map); i++) {
		if (strcmp(path, map[i].path) == 0)
			return map[i].kind;
	}
	if (strncmp(path, "file:hashes.", 12) == 0 ||
	    strncmp(path, "artifact:hashes.", 16) == 0)
		return K_HASH;
	return -1;
}

static int
stix_pattern(struct tips *t, const char *pattern, char **cause)
{
	struct cmp	*v;
	int		 i, n, rc = 0;

	v = xcalloc(16, sizeof *v);
	n = pattern_parse(pattern, v, 16);
	for (i = 0; i < n; i++) {
		if (pattern_kind(v[i].path) < 0)
			n = -1;
	}
	if (n <= 0) {
		if (t->st->unusable++ == 0)
			t->st->first_unusable = t->idx;
		free(v);
		return 0;
	}
	for (i = 0; i < n && rc == 0; i++) {
		switch (pattern_kind(v[i].path)) {
		case IND_HANDLE:
			rc = store_handle(t, v[i].value, cause);
			break;
		case K_NATIVE:
			rc = store_native(t, v[i].value, cause);
			break;
		case K_HASH:
			rc = store_hash(t, v[i].value, cause);
			break;
		default:
			rc = store_kind(t, pattern_kind(v[i].path),
			    v[i].value, cause);
			break;
		}
	}
	free(v);
	return rc;
}

/* ------------------------------------------------------------------ */
/* STIX objects                                                        */

/* The external_id of an attack-pattern: DISARM's, else the first. */
static char *
stix_external_id(struct tips *t, const char *obj, char **cause)
{
	sqlite3_stmt	*s;
	char		*src, *ext, *best = NULL;
	int		 disarm = 0;

	if ((s = each(t, obj, "$.external_references", cause)) == NULL)
		return NULL;
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *ref = (const char *)sqlite3_column_text(s, 1);

		if (strcmp((const char *)sqlite3_column_text(s, 2),
		    "object") != 0)
			continue;
		if (jget(t, ref, "$.external_id", &ext, NULL) != J_STR) {
			free(ext);
			continue;
		}
		jget(t, ref, "$.source_name", &src, NULL);
		if (best == NULL || (!disarm && src != NULL &&
		    ascii_strcasecmp(src, "disarm") == 0)) {
			free(best);
			best = ext;
			ext = NULL;
			disarm = src != NULL &&
			    ascii_strcasecmp(src, "disarm") == 0;
		}
		free(ext);
		free(src);
	}
	sqlite3_finalize(s);
	return best;
}

static int
stix_object(struct tips *t, const char *obj, int naming, char **cause)
{
	static const char *const sco[] = { "domain-name", "url", "email-addr",
	    "ipv4-addr", "ipv6-addr" };
	static const int sco_kind[] = { IND_DOMAIN, IND_URL, IND_EMAIL,
	    IND_IP, IND_IP };
	static const char *const other[] = { "identity", "observed-data",
	    "grouping", "marking-definition", "note", "opinion",
	    "location", "sighting", "extension-definition",
	    "language-content" };
	char		*type = NULL, *s = NULL, *a = NULL, *b = NULL;
	const char	*ty;
	size_t		 i;
	int		 rc = -1;

	if (jget(t, obj, "$.type", &type, &ty) != J_STR) {
		if (type == NULL && strcmp(obj, "{}") != 0 &&
		    jget(t, obj, "$", &s, &ty) == J_OTHER &&
		    strcmp(ty, "object") != 0) {
			free(s);
			return fault(t, cause, "not an object");
		}
		free(s);
		return fault(t, cause, "no \"type\" string");
	}
	if (naming != (strcmp(type, "intrusion-set") == 0 ||
	    strcmp(type, "campaign") == 0 || strcmp(type, "report") == 0 ||
	    strcmp(type, "identity") == 0)) {
		free(type);
		return 0;
	}
	if (strcmp(type, "indicator") == 0) {
		if (jstr(t, obj, "pattern_type", &a, cause) != 0 ||
		    jstr(t, obj, "pattern", &s, cause) != 0)
			goto out;
		if (s == NULL)
			rc = fault(t, cause, "an indicator without a pattern");
		else if (a != NULL && strcmp(a, "stix") != 0) {
			if (t->st->unusable++ == 0)
				t->st->first_unusable = t->idx;
			rc = 0;
		} else
			rc = stix_pattern(t, s, cause);
		goto out;
	}
	for (i = 0; i < nitems(sco); i++) {
		if (strcmp(type, sco[i]) != 0)
			continue;
		if (jstr(t, obj, "value", &s, cause) != 0)
			goto out;
		rc = s != NULL ? store_kind(t, sco_kind[i], s, cause) : 0;
		goto out;
	}
	if (strcmp(type, "user-account") == 0) {
		char *platform = NULL;

		if (jstr(t, obj, "account_type", &platform, cause) != 0 ||
		    jstr(t, obj, "user_id", &a, cause) != 0 ||
		    jstr(t, obj, "account_login", &b, cause) != 0) {
			free(platform);
			goto out;
		}
		account_add(t, platform, a, b);
		free(platform);
		rc = 0;
		if (a != NULL)
			rc = store_native(t, a, cause);
		if (rc == 0 && b != NULL)
			rc = store_handle(t, b, cause);
		goto out;
	}
	if (strcmp(type, "file") == 0) {
		sqlite3_stmt *e;

		if ((e = each(t, obj, "$.hashes", cause)) == NULL)
			goto out;
		rc = 0;
		while (rc == 0 && sqlite3_step(e) == SQLITE_ROW) {
			if (sqlite3_column_type(e, 1) != SQLITE_TEXT ||
			    strcmp((const char *)sqlite3_column_text(e, 2),
			    "text") != 0) {
				rc = fault(t, cause, "a hash is not a string");
				break;
			}
			rc = store_hash(t, (const char *)
			    sqlite3_column_text(e, 1), cause);
		}
		sqlite3_finalize(e);
		goto out;
	}
	if (strcmp(type, "attack-pattern") == 0) {
		struct tip_ap	*ap;
		char		*ext;

		if (jstr(t, obj, "id", &s, cause) != 0)
			goto out;
		ext = stix_external_id(t, obj, cause);
		if (s != NULL && ext != NULL) {
			t->aps = xreallocarray(t->aps, t->naps + 1,
			    sizeof *t->aps);
			ap = &t->aps[t->naps++];
			ap->id = s;
			s = NULL;
			ap->ext = ext;
			ap->kc = jget(t, obj, "$.kill_chain_phases[0]", &a,
			    NULL) != J_NONE;
		} else
			free(ext);
		rc = 0;
		goto out;
	}
	if (strcmp(type, "relationship") == 0) {
		if (jstr(t, obj, "relationship_type", &a, cause) != 0 ||
		    jstr(t, obj, "target_ref", &b, cause) != 0)
			goto out;
		if (a != NULL && b != NULL && strcmp(a, "uses") == 0)
			strs_add(&t->uses, &t->nuses, b);
		rc = 0;
		goto out;
	}
	if (strcmp(type, "intrusion-set") == 0 ||
	    strcmp(type, "campaign") == 0 || strcmp(type, "report") == 0) {
		if (jstr(t, obj, "name", &s, cause) != 0)
			goto out;
		set_name(t, type[0] == 'i' ? 3 : type[0] == 'c' ? 2 : 1, s);
		rc = 0;
		goto out;
	}
	if (strcmp(type, "identity") == 0) {
		if (t->producer != NULL) {
			rc = 0;
			goto out;
		}
		if (jstr(t, obj, "name", &s, cause) != 0)
			goto out;
		t->producer = s;
		s = NULL;
		rc = 0;
		goto out;
	}
	for (i = 0; i < nitems(other); i++) {
		if (strcmp(type, other[i]) == 0)
			break;
	}
	if (i == nitems(other))
		t->st->ignored++;
	rc = 0;
out:
	free(type);
	free(s);
	free(a);
	free(b);
	return rc;
}

static int
stix_read(struct tips *t, const char *doc, int naming, char **cause)
{
	sqlite3_stmt	*s;
	char		*v = NULL;
	const char	*ty = "value";
	int		 rc = 0;

	t->where = "object";
	if (jget(t, doc, "$.objects", &v, &ty) != J_OTHER ||
	    strcmp(ty, "array") != 0) {
		free(v);
		return set_cause(cause, "%s: a bundle without an \"objects\""
		    " array", t->path);
	}
	if ((s = each(t, doc, "$.objects", cause)) == NULL)
		return -1;
	while (rc == 0 && sqlite3_step(s) == SQLITE_ROW) {
		t->idx = sqlite3_column_int64(s, 0);
		if (!naming)
			t->st->objects++;
		if (strcmp((const char *)sqlite3_column_text(s, 2),
		    "object") != 0)
			rc = fault(t, cause, "not an object");
		else
			rc = stix_object(t, (const char *)
			    sqlite3_column_text(s, 1), naming, cause);
	}
	sqlite3_finalize(s);
	return rc;
}

/* Techniques: attack-patterns that are used or sit in a kill chain. */
static void
stix_techniques(struct tips *t)
{
	size_t	i, k;
	int	used;

	for (i = 0; i < t->naps; i++) {
		used = t->aps[i].kc;
		for (k = 0; k < t->nuses && !used; k++)
			used = strcmp(t->uses[k], t->aps[i].id) == 0;
		if (used)
			ttp_add(t, t->aps[i].ext);
	}
}

/* ------------------------------------------------------------------ */
/* MISP                                                                */

enum misp_how { M_KIND, M_HANDLE, M_HASH, M_LEFT, M_RIGHT, M_BOTH };

/* Each MISP type cibscope reads, how, and the kind of its value (of the
 * left part for "|" types; domain|ip's right part is an address). */
static const struct {
	const char	*type;
	enum misp_how	 how;
	int		 kind;
} misp_types[] = {
	{ "domain", M_KIND, IND_DOMAIN }, { "hostname", M_KIND, IND_DOMAIN },
	{ "url", M_KIND, IND_URL }, { "link", M_KIND, IND_URL },
	{ "uri", M_KIND, IND_URL },
	{ "email", M_KIND, IND_EMAIL }, { "email-src", M_KIND, IND_EMAIL },
	{ "email-dst", M_KIND, IND_EMAIL },
	{ "email-reply-to", M_KIND, IND_EMAIL },
	{ "target-email", M_KIND, IND_EMAIL },
	{ "whois-registrant-email", M_KIND, IND_EMAIL },
	{ "dns-soa-email", M_KIND, IND_EMAIL },
	{ "jabber-id", M_KIND, IND_EMAIL },
	{ "phone-number", M_KIND, IND_PHONE },
	{ "whois-registrant-phone", M_KIND, IND_PHONE },
	{ "ip-src", M_KIND, IND_IP }, { "ip-dst", M_KIND, IND_IP },
	{ "text", M_KIND, IND_TEXT },
	{ "whois-registrant-name", M_KIND, IND_TEXT },
	{ "ip-src|port", M_LEFT, IND_IP }, { "ip-dst|port", M_LEFT, IND_IP },
	{ "hostname|port", M_LEFT, IND_DOMAIN },
	{ "domain|ip", M_BOTH, IND_DOMAIN },
	{ "md5", M_HASH, K_HASH }, { "sha1", M_HASH, K_HASH },
	{ "sha224", M_HASH, K_HASH }, { "sha256", M_HASH, K_HASH },
	{ "sha384", M_HASH, K_HASH }, { "sha512", M_HASH, K_HASH },
	{ "sha512/224", M_HASH, K_HASH }, { "sha512/256", M_HASH, K_HASH },
	{ "sha3-224", M_HASH, K_HASH }, { "sha3-256", M_HASH, K_HASH },
	{ "sha3-384", M_HASH, K_HASH }, { "sha3-512", M_HASH, K_HASH },
	{ "imphash", M_HASH, K_HASH }, { "authentihash", M_HASH, K_HASH },
	{ "pehash", M_HASH, K_HASH },
	{ "filename|md5", M_RIGHT, K_HASH },
	{ "filename|sha1", M_RIGHT, K_HASH },
	{ "filename|sha224", M_RIGHT, K_HASH },
	{ "filename|sha256", M_RIGHT, K_HASH },
	{ "filename|sha384", M_RIGHT, K_HASH },
	{ "filename|sha512", M_RIGHT, K_HASH },
	{ "filename|sha512/224", M_RIGHT, K_HASH },
	{ "filename|sha512/256", M_RIGHT, K_HASH },
	{ "filename|sha3-224", M_RIGHT, K_HASH },
	{ "filename|sha3-256", M_RIGHT, K_HASH },
	{ "filename|sha3-384", M_RIGHT, K_HASH },
	{ "filename|sha3-512", M_RIGHT, K_HASH },
	{ "filename|imphash", M_RIGHT, K_HASH },
	{ "filename|authentihash", M_RIGHT, K_HASH },
	{ "filename|pehash", M_RIGHT, K_HASH },
	{ "twitter-id", M_HANDLE, IND_HANDLE },
	{ "github-username", M_HANDLE, IND_HANDLE },
};

/* Object templates that name one account, and their relations. */
static const char *const misp_account_objects[] = {
	"user-account", "twitter-account", "facebook-account",
	"instagram-account", "telegram-account", "tiktok-account",
	"reddit-account", "youtube-channel", "github-user",
	"microblog", "social-media-account"
};

static int
misp_value(struct tips *t, const char *type, const char *value,
    char **cause)
{
	const char	*bar;
	char		*left;
	size_t		 i;
	int		 rc;

	if (type == NULL || value == NULL)
		return fault(t, cause, "no \"type\" or \"value\"");
	for (i = 0; i < nitems(misp_types); i++) {
		if (strcmp(type, misp_types[i].type) == 0)
			break;
	}
	if (i == nitems(misp_types)) {
		t->st->ignored++;
		return 0;
	}
	bar = strchr(value, '|');
	switch (misp_types[i].how) {
	case M_HANDLE:
		return store_handle(t, value, cause);
	case M_HASH:
		return store_hash(t, value, cause);
	case M_RIGHT:
		return bar != NULL ? store_hash(t, bar + 1, cause) : 0;
	case M_LEFT:
	case M_BOTH:
		if (bar == NULL)
			return store_kind(t, misp_types[i].kind, value, cause);
		left = xstrndup(value, (size_t)(bar - value));
		rc = store_kind(t, misp_types[i].kind, left, cause);
		free(left);
		if (rc == 0 && misp_types[i].how == M_BOTH)
			rc = store_kind(t, IND_IP, bar + 1, cause);
		return rc;
	default:
		return store_kind(t, misp_types[i].kind, value, cause);
	}
}

/* One attribute: type and value must be strings. */
static int
misp_attribute(struct tips *t, const char *attr, char **type, char **value,
    char **relation, char **cause)
{
	const char	*ty = "value";
	char		*tmp = NULL;
	int		 r;

	*type = *value = NULL;
	if (relation != NULL)
		*relation = NULL;
	if (jget(t, attr, "$", &tmp, &ty) != J_OTHER ||
	    strcmp(ty, "object") != 0) {
		free(tmp);
		return fault(t, cause, "not an object");
	}
	if (jstr(t, attr, "type", type, cause) != 0)
		return -1;
	if (*type == NULL)
		return fault(t, cause, "no \"type\" string");
	r = jget(t, attr, "$.value", value, &ty);
	if (r == J_OTHER && (strcmp(ty, "integer") == 0 ||
	    strcmp(ty, "real") == 0)) {
		sqlite3_bind_text(t->get, 1, attr, -1, SQLITE_STATIC);
		sqlite3_bind_text(t->get, 2, "$.value", -1, SQLITE_STATIC);
		if (sqlite3_step(t->get) == SQLITE_ROW)
			*value = xstrdup((const char *)
			    sqlite3_column_text(t->get, 1));
		sqlite3_reset(t->get);
	} else if (r != J_STR) {
		free(*type);
		*type = NULL;
		return fault(t, cause, r == J_NONE ? "no \"value\"" :
		    "\"value\" is not a string");
	}
	if (*value == NULL) {
		free(*type);
		*type = NULL;
		return fault(t, cause, "\"value\" is not a string");
	}
	if (relation != NULL && jstr(t, attr, "object_relation", relation,
	    cause) != 0) {
		free(*type);
		free(*value);
		*type = *value = NULL;
		return -1;
	}
	return 0;
}

static int
misp_attributes(struct tips *t, const char *event, char **cause)
{
	sqlite3_stmt	*s;
	char		*type, *value;
	int		 rc = 0;

	t->where = "event";
	if ((s = each(t, event, "$.Attribute", cause)) == NULL)
		return -1;
	t->where = "object";
	while (rc == 0 && sqlite3_step(s) == SQLITE_ROW) {
		t->idx = sqlite3_column_int64(s, 0);
		t->st->objects++;
		rc = misp_attribute(t, (const char *)sqlite3_column_text(s, 1),
		    &type, &value, NULL, cause);
		if (rc == 0)
			rc = misp_value(t, type, value, cause);
		free(type);
		free(value);
	}
	sqlite3_finalize(s);
	return rc;
}

static int
misp_object(struct tips *t, const char *obj, char **cause)
{
	sqlite3_stmt	*s;
	char		*name = NULL, *type, *value, *rel;
	char		*platform = NULL, *uid = NULL, *login = NULL;
	size_t		 i;
	int		 account = 0, rc;

	if (jstr(t, obj, "name", &name, cause) != 0)
		return -1;
	for (i = 0; name != NULL && i < nitems(misp_account_objects); i++) {
		if (strcmp(name, misp_account_objects[i]) == 0)
			account = 1;
	}
	if ((s = each(t, obj, "$.Attribute", cause)) == NULL) {
		free(name);
		return -1;
	}
	rc = 0;
	while (rc == 0 && sqlite3_step(s) == SQLITE_ROW) {
		t->st->objects++;
		rc = misp_attribute(t, (const char *)sqlite3_column_text(s, 1),
		    &type, &value, &rel, cause);
		if (rc != 0)
			break;
		if (account && rel != NULL && (strcmp(rel, "user-id") == 0 ||
		    strcmp(rel, "id") == 0)) {
			free(uid);
			uid = xstrdup(value);
			rc = store_native(t, value, cause);
		} else if (account && rel != NULL &&
		    (strcmp(rel, "username") == 0 ||
		    strcmp(rel, "account-name") == 0 ||
		    strcmp(rel, "name") == 0)) {
			free(login);
			login = xstrdup(value);
			rc = store_handle(t, value, cause);
		} else if (account && rel != NULL &&
		    (strcmp(rel, "account-type") == 0 ||
		    strcmp(rel, "platform") == 0)) {
			free(platform);
			platform = xstrdup(value);
		} else if (account && strcmp(type, "text") == 0)
			;	/* display names and bios: no indicators */
		else
			rc = misp_value(t, type, value, cause);
		free(type);
		free(value);
		free(rel);
	}
	sqlite3_finalize(s);
	if (rc == 0 && account)
		account_add(t, platform, uid, login);
	free(name);
	free(platform);
	free(uid);
	free(login);
	return rc;
}

static int
misp_objects(struct tips *t, const char *event, char **cause)
{
	sqlite3_stmt	*s;
	const char	*obj;
	int		 rc = 0;

	t->where = "event";
	if ((s = each(t, event, "$.Object", cause)) == NULL)
		return -1;
	t->where = "Object";
	while (rc == 0 && sqlite3_step(s) == SQLITE_ROW) {
		t->idx = sqlite3_column_int64(s, 0);
		obj = (const char *)sqlite3_column_text(s, 1);
		if (strcmp((const char *)sqlite3_column_text(s, 2),
		    "object") != 0)
			rc = fault(t, cause, "not an object");
		else
			rc = misp_object(t, obj, cause);
	}
	sqlite3_finalize(s);
	return rc;
}

/* A technique tag: disarm:technique="T0097" or the galaxy's cluster. */
static void
misp_tag(struct tips *t, const char *tag)
{
	static const char *const id_tags[] = { "disarm:technique=\"",
	    "misp-galaxy:disarm-techniques=\"" };
	sqlite3_stmt	*s;
	const char	*v;
	char		*val;
	size_t		 i, n;

	for (i = 0; i < nitems(id_tags); i++) {
		n = strlen(id_tags[i]);
		if (strncmp(tag, id_tags[i], n) == 0)
			break;
	}
	if (i == nitems(id_tags))
		return;
	v = tag + n;
	n = strlen(v);
	if (n == 0 || v[n - 1] != '"')
		return;
	val = xstrndup(v, n - 1);
	if (val[0] == 'T' && ascii_isdigit((unsigned char)val[1]) &&
	    strspn(val + 1, "0123456789.") == strlen(val + 1)) {
		ttp_add(t, val);
		free(val);
		return;
	}
	/* "T0097 - Create Personas" carries its id; a bare name needs the
	 * case's vocabulary. */
	n = strcspn(val, " ");
	if (val[0] == 'T' && n > 1 && strspn(val + 1, "0123456789.") ==
	    n - 1) {
		val[n] = '\0';
		ttp_add(t, val);
		free(val);
		return;
	}
	if (t->galaxy != NULL && sqlite3_prepare_v2(t->c->db, "SELECT"
	    " json_extract(value, '$.meta.external_id') FROM json_each(?1,"
	    " '$.values') WHERE json_extract(value, '$.value') = ?2 AND"
	    " json_type(value, '$.meta.external_id') = 'text' LIMIT 1", -1,
	    &s, NULL) == SQLITE_OK) {
		sqlite3_bind_text(s, 1, t->galaxy, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, val, -1, SQLITE_STATIC);
		n = 0;
		if (sqlite3_step(s) == SQLITE_ROW) {
			ttp_add(t, (const char *)sqlite3_column_text(s, 0));
			n = 1;
		}
		sqlite3_finalize(s);
		if (n == 1) {
			free(val);
			return;
		}
	}
	if (sqlite3_prepare_v2(t->c->db, "SELECT id FROM vocab WHERE"
	    " lower(name) = lower(?1) ORDER BY id LIMIT 1", -1, &s,
	    NULL) == SQLITE_OK) {
		sqlite3_bind_text(s, 1, val, -1, SQLITE_STATIC);
		if (sqlite3_step(s) == SQLITE_ROW)
			ttp_add(t, (const char *)sqlite3_column_text(s, 0));
		else
			t->st->unmapped++;
		sqlite3_finalize(s);
	}
	free(val);
}

static int
misp_tags(struct tips *t, const char *json, const char *path, char **cause)
{
	sqlite3_stmt	*s;
	char		*name;

	if ((s = each(t, json, path, cause)) == NULL)
		return -1;
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (jget(t, (const char *)sqlite3_column_text(s, 1), "$.name",
		    &name, NULL) == J_STR)
			misp_tag(t, name);
		free(name);
	}
	sqlite3_finalize(s);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Accounts and the network                                            */

static int64_t
account_lookup(struct tips *t, const struct tip_account *a)
{
	static const char *const q[] = {
		"SELECT id FROM accounts WHERE platform = ?1 AND"
		" native_id = ?2",
		"SELECT id FROM accounts WHERE platform = ?1 AND "
		SCHEMA_HANDLE_KEY " = lower(ltrim(rtrim(?2), '@ '))",
		"SELECT id FROM accounts WHERE native_id = ?2 LIMIT 2",
		"SELECT id FROM accounts WHERE " SCHEMA_HANDLE_KEY
		" = lower(ltrim(rtrim(?2), '@ ')) LIMIT 2",
	};
	sqlite3_stmt	*s;
	int64_t		 id = 0;
	size_t		 i;
	int		 n;

	for (i = a->platform != NULL ? 0 : 2; i < nitems(q) && id == 0; i++) {
		const char *key = i % 2 == 0 ? a->uid : a->login;

		if (key == NULL || (a->platform != NULL && i >= 2))
			continue;
		if (sqlite3_prepare_v2(t->c->db, q[i], -1, &s, NULL) !=
		    SQLITE_OK)
			return 0;
		if (a->platform != NULL)
			sqlite3_bind_text(s, 1, a->platform, -1,
			    SQLITE_STATIC);
		sqlite3_bind_text(s, 2, key, -1, SQLITE_STATIC);
		n = 0;
		while (sqlite3_step(s) == SQLITE_ROW) {
			id = sqlite3_column_int64(s, 0);
			n++;
		}
		if (n != 1)
			id = 0;
		sqlite3_finalize(s);
	}
	return id;
}

static int
tips_network(struct tips *t, char **cause)
{
	sqlite3_stmt	*s = NULL;
	struct buf	 ev = BUF_INIT, ttps = BUF_INIT;
	char		*old = NULL;
	int64_t		 id;
	size_t		 i, k;
	int		 found;

	for (i = 0; i < t->nttps; i++) {
		if (i > 0)
			buf_adds(&ttps, ", ");
		buf_adds(&ttps, t->ttps[i]);
	}
	snprintf(t->st->ttps, sizeof t->st->ttps, "%s",
	    ttps.len > 0 ? ttps.data : "");
	for (i = 0; i < t->naccts; i++) {
		if (account_lookup(t, &t->accts[i]) != 0)
			t->st->matched++;
	}
	if (t->st->matched == 0 && t->nttps == 0) {
		buf_free(&ttps);
		return 0;
	}

	/* Merge the techniques into what the network already has. */
	if (sqlite3_prepare_v2(t->c->db, "SELECT ttps FROM networks WHERE"
	    " name = ?1", -1, &s, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(s, 1, t->st->name, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0) != NULL)
		old = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	s = NULL;
	if (old != NULL && old[0] != '\0') {
		buf_clear(&ttps);
		buf_adds(&ttps, old);
		for (i = 0; i < t->nttps; i++) {
			char *dup = xstrdup(old), *p, *save = NULL;

			found = 0;
			for (p = strtok_r(dup, ", ", &save); p != NULL;
			    p = strtok_r(NULL, ", ", &save))
				found |= strcmp(p, t->ttps[i]) == 0;
			free(dup);
			if (!found)
				buf_printf(&ttps, ", %s", t->ttps[i]);
		}
	}
	if (sqlite3_prepare_v2(t->c->db, "INSERT INTO networks(name, label,"
	    " ttps, notes, created_at, created_by, updated_at) VALUES (?1,"
	    " 'suspected', ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?4,"
	    " strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) ON CONFLICT(name) DO"
	    " UPDATE SET ttps = ?2, updated_at = excluded.updated_at", -1,
	    &s, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(s, 1, t->st->name, -1, SQLITE_STATIC);
	if (ttps.len > 0)
		sqlite3_bind_text(s, 2, ttps.data, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 2);
	buf_printf(&ev, "from %s", t->st->source);
	sqlite3_bind_text(s, 3, ev.data, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, audit_actor(), -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(s);
	s = NULL;

	if (sqlite3_prepare_v2(t->c->db, "INSERT OR IGNORE INTO"
	    " network_members(network_id, account_id, added_at, added_by,"
	    " evidence) SELECT id, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),"
	    " ?3, json_array(json_object('via', 'tip', 'by', ?3, 'at',"
	    " strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'tip', ?4, 'seed',"
	    " json('true'))) FROM networks WHERE name = ?1", -1, &s, NULL) !=
	    SQLITE_OK)
		goto fail;
	for (i = 0; i < t->naccts; i++) {
		const struct tip_account *a = &t->accts[i];

		if ((id = account_lookup(t, a)) == 0)
			continue;
		/* The same account named twice is one member. */
		for (k = 0, found = 0; k < i && !found; k++)
			found = account_lookup(t, &t->accts[k]) == id;
		if (found)
			continue;
		buf_clear(&ev);
		buf_printf(&ev, "tip %s: %s %lld: %s%s%s%s%s", t->base,
		    a->where, (long long)a->idx,
		    a->platform != NULL ? a->platform : "",
		    a->platform != NULL ? " " : "",
		    a->uid != NULL ? a->uid : "",
		    a->uid != NULL && a->login != NULL ? " " : "",
		    a->login != NULL ? a->login : "");
		sqlite3_bind_text(s, 1, t->st->name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, id);
		sqlite3_bind_text(s, 3, audit_actor(), -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, ev.data, -1, SQLITE_STATIC);
		if (sqlite3_step(s) != SQLITE_DONE)
			goto fail;
		t->st->members += sqlite3_changes(t->c->db);
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	buf_free(&ev);
	buf_free(&ttps);
	free(old);
	return 0;

fail:
	case_error(t->c, cause, "storing the tip's network");
	sqlite3_finalize(s);
	buf_free(&ev);
	buf_free(&ttps);
	free(old);
	return -1;
}

/* ------------------------------------------------------------------ */
/* The file                                                            */

/* Line and column of a byte offset, for a JSON fault. */
static void
line_col(const char *s, size_t at, size_t *line, size_t *col)
{
	size_t	i;

	*line = 1;
	*col = 1;
	for (i = 0; i < at && s[i] != '\0'; i++) {
		if (s[i] == '\n') {
			(*line)++;
			*col = 1;
		} else
			(*col)++;
	}
}

/* A whole JSON file (a tip or a galaxy cluster file), checked; NULL with
 * *cause "PATH: why" or "PATH:LINE:COL: not JSON: ...". */
static char *
json_file_read(const char *path, char **cause)
{
	static const struct ydoc_rules rules = {
		.kind = "tip", .max_bytes = TIPS_MAX_FILE
	};
	const char	*what;
	char		*doc;
	size_t		 len, at, line, col;

	if ((doc = ydoc_slurp(path, &rules, &len, cause)) == NULL)
		return NULL;
	if (!json_check(doc, len, &at, &what)) {
		line_col(doc, at, &line, &col);
		set_cause(cause, "%s:%zu:%zu: not JSON: %s", path, line, col,
		    what);
		free(doc);
		return NULL;
	}
	return doc;
}

static void
tips_free(struct tips *t)
{
	size_t	i;

	for (i = 0; i < t->naps; i++) {
		free(t->aps[i].id);
		free(t->aps[i].ext);
	}
	free(t->aps);
	for (i = 0; i < t->naccts; i++) {
		free(t->accts[i].where);
		free(t->accts[i].platform);
		free(t->accts[i].uid);
		free(t->accts[i].login);
	}
	free(t->accts);
	strs_free(t->uses, t->nuses);
	strs_free(t->ttps, t->nttps);
	free(t->id);
	free(t->producer);
	free(t->galaxy);
	sqlite3_finalize(t->get);
	sqlite3_finalize(t->put);
}

/* The event of a MISP file, as JSON text the caller frees, or NULL. */
static char *
misp_event(struct tips *t, const char *doc, char **cause)
{
	char		*v = NULL, *n = NULL;
	const char	*ty = "value";

	if (jget(t, doc, "$.Event", &v, &ty) == J_OTHER &&
	    strcmp(ty, "object") == 0) {
		sqlite3_bind_text(t->get, 1, doc, -1, SQLITE_STATIC);
		sqlite3_bind_text(t->get, 2, "$.Event", -1, SQLITE_STATIC);
		if (sqlite3_step(t->get) == SQLITE_ROW)
			v = xstrdup((const char *)
			    sqlite3_column_text(t->get, 1));
		sqlite3_reset(t->get);
		return v;
	}
	if (jget(t, doc, "$.response", &v, &ty) == J_OTHER &&
	    strcmp(ty, "array") == 0) {
		if (jget(t, doc, "$.response[1]", &n, NULL) != J_NONE) {
			free(n);
			set_cause(cause, "%s: a response with more than one"
			    " event: import them one at a time", t->path);
			return NULL;
		}
		sqlite3_bind_text(t->get, 1, doc, -1, SQLITE_STATIC);
		sqlite3_bind_text(t->get, 2, "$.response[0].Event", -1,
		    SQLITE_STATIC);
		if (sqlite3_step(t->get) == SQLITE_ROW &&
		    sqlite3_column_type(t->get, 1) == SQLITE_TEXT &&
		    strcmp((const char *)sqlite3_column_text(t->get, 0),
		    "object") == 0)
			v = xstrdup((const char *)
			    sqlite3_column_text(t->get, 1));
		sqlite3_reset(t->get);
		if (v == NULL)
			set_cause(cause, "%s: a response without an Event",
			    t->path);
		return v;
	}
	if (jget(t, doc, "$.Attribute", &v, NULL) != J_NONE ||
	    jget(t, doc, "$.Object", &n, NULL) != J_NONE ||
	    jget(t, doc, "$.info", &n, NULL) != J_NONE) {
		free(n);
		return xstrdup(doc);
	}
	set_cause(cause, "%s: neither a STIX bundle nor a MISP event",
	    t->path);
	return NULL;
}

static void
make_source(struct tips *t)
{
	snprintf(t->st->source, sizeof t->st->source, "tip %s%s%s%s%s",
	    t->base, t->id != NULL ? "; " : "", t->id != NULL ? t->id : "",
	    t->producer != NULL ? "; " : "",
	    t->producer != NULL ? t->producer : "");
}

static int
tips_read(struct tips *t, const char *doc, const char *name, char **cause)
{
	char		*type = NULL, *event = NULL, *info = NULL;
	const char	*ty = "value";
	int		 rc = -1;

	if (jget(t, doc, "$", &type, &ty) != J_OTHER ||
	    strcmp(ty, "object") != 0) {
		free(type);
		return set_cause(cause, "%s: not a JSON object", t->path);
	}
	set_name(t, 100, name);
	if (jget(t, doc, "$.type", &type, NULL) == J_STR &&
	    strcmp(type, "bundle") == 0) {
		free(type);
		t->st->format = TIPS_STIX;
		if (jget(t, doc, "$.id", &t->id, NULL) != J_STR)
			t->id = NULL;
		if (stix_read(t, doc, 1, cause) != 0)
			return -1;
		make_source(t);
		if (stix_read(t, doc, 0, cause) != 0)
			return -1;
		stix_techniques(t);
		return 0;
	}
	/* One STIX object on its own is a bundle of one. */
	if (type != NULL && jget(t, doc, "$.spec_version", &info, NULL) ==
	    J_STR) {
		free(type);
		free(info);
		event = xasprintf("{\"type\":\"bundle\",\"objects\":[%s]}",
		    doc);
		t->st->format = TIPS_STIX;
		make_source(t);
		rc = stix_read(t, event, 1, cause) == 0 ? 0 : -1;
		if (rc == 0) {
			make_source(t);
			rc = stix_read(t, event, 0, cause);
		}
		if (rc == 0)
			stix_techniques(t);
		free(event);
		return rc;
	}
	free(info);
	info = NULL;
	free(type);
	type = NULL;
	t->st->format = TIPS_MISP;
	if ((event = misp_event(t, doc, cause)) == NULL)
		return -1;
	t->where = "event";
	t->idx = 0;
	if (jstr(t, event, "info", &info, cause) != 0)
		goto out;
	set_name(t, 1, info);
	if (jget(t, event, "$.uuid", &t->id, NULL) != J_STR)
		t->id = NULL;
	if (jget(t, event, "$.Orgc.name", &t->producer, NULL) != J_STR &&
	    jget(t, event, "$.Org.name", &t->producer, NULL) != J_STR)
		t->producer = NULL;
	make_source(t);
	if (misp_attributes(t, event, cause) != 0 ||
	    misp_objects(t, event, cause) != 0)
		goto out;
	t->where = "event";
	if (misp_tags(t, event, "$.Tag", cause) != 0)
		goto out;
	rc = 0;
out:
	free(type);
	free(info);
	free(event);
	return rc;
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

int
tips_import(struct case_db *c, const char *path, const char *name,
    const char *galaxy, struct tips_stats *st, char **cause)
{
	struct tips	 t;
	struct buf	 detail = BUF_INIT;
	char		*doc;
	size_t		 i, n;

	memset(st, 0, sizeof *st);
	st->first_unusable = -1;
	memset(&t, 0, sizeof t);
	t.c = c;
	t.path = path;
	t.base = base_name(path);
	t.st = st;
	snprintf(st->name, sizeof st->name, "%s", t.base);
	n = strlen(st->name);
	if (n > 5 && ascii_strcasecmp(st->name + n - 5, ".json") == 0)
		st->name[n - 5] = '\0';
	if (c->readonly)
		return set_cause(cause, "%s: the case is read-only", c->path);
	if (galaxy != NULL &&
	    (t.galaxy = json_file_read(galaxy, cause)) == NULL)
		return -1;
	if ((doc = json_file_read(path, cause)) == NULL) {
		free(t.galaxy);
		return -1;
	}
	if (sqlite3_prepare_v2(c->db, "SELECT json_type(?1, ?2),"
	    " json_extract(?1, ?2)", -1, &t.get, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->db, "INSERT OR IGNORE INTO indicators(kind,"
	    " value, raw, comment, network, source) VALUES (?1, ?2, ?3, ?4,"
	    " ?5, ?6)", -1, &t.put, NULL) != SQLITE_OK) {
		case_error(c, cause, "reading the tip");
		tips_free(&t);
		free(doc);
		return -1;
	}
	if (case_begin(c, cause) != 0) {
		tips_free(&t);
		free(doc);
		return -1;
	}
	if (tips_read(&t, doc, name, cause) != 0 ||
	    tips_network(&t, cause) != 0)
		goto fail;

	buf_adds(&detail, "{\"file\":");
	buf_add_json(&detail, path);
	buf_printf(&detail, ",\"format\":\"%s\",\"source\":",
	    st->format == TIPS_STIX ? "stix" : "misp");
	buf_add_json(&detail, st->source);
	buf_printf(&detail, ",\"objects\":%lld,\"values\":%lld,"
	    "\"added\":%lld,\"duplicates\":%lld,\"unusable_patterns\":%lld,"
	    "\"ignored\":%lld,\"accounts\":%lld,\"matched\":%lld,"
	    "\"members\":%lld,\"techniques\":",
	    (long long)st->objects, (long long)st->values,
	    (long long)st->added, (long long)st->duplicates,
	    (long long)st->unusable, (long long)st->ignored,
	    (long long)st->accounts, (long long)st->matched,
	    (long long)st->members);
	buf_add_json(&detail, st->ttps);
	buf_adds(&detail, ",\"kinds\":{");
	for (i = 0, n = 0; i < TIPS_NKINDS; i++) {
		if (st->by_kind[i] == 0)
			continue;
		buf_printf(&detail, "%s\"%s\":%lld", n++ > 0 ? "," : "",
		    tips_kinds[i], (long long)st->by_kind[i]);
	}
	buf_adds(&detail, "}}");
	if (audit_append(c, "tips-import", st->name, detail.data, cause) != 0)
		goto fail;
	if (case_commit(c, cause) != 0)
		goto fail;
	buf_free(&detail);
	tips_free(&t);
	free(doc);
	return 0;

fail:
	buf_free(&detail);
	case_rollback(c);
	tips_free(&t);
	free(doc);
	return -1;
}
