/*
 * indicators.c: reading published indicator lists: undoing their
 * defanging, deciding what each indicator is (a domain, a URL, a handle, a
 * phrase...), normalizing it like the case's own attributes, and storing
 * it with its kill-chain technique.
 */
#include "config.h"
#include "indicators.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "case.h"
#include "csv.h"
#include "normalize.h"
#include "util.h"

static const char *const indicator_kinds[IND_NKINDS] = {
	[IND_DOMAIN] = "domain",
	[IND_URL] = "url",
	[IND_IP] = "ip",
	[IND_EMAIL] = "email",
	[IND_PHONE] = "phone",
	[IND_HANDLE] = "handle",
	[IND_HASHTAG] = "hashtag",
	[IND_TEXT] = "text",
	[IND_NOTE] = "note",
};

const char *
indicator_kind_name(enum indicator_kind k)
{
	return (unsigned)k < IND_NKINDS ? indicator_kinds[k] : "unknown";
}

/* ------------------------------------------------------------------ */
/* Refanging                                                           */

static const struct {
	const char	*from;
	const char	*to;
} refang_rules[] = {
	{ "[://]", "://" }, { "[:]", ":" }, { "[.]", "." }, { "(.)", "." },
	{ "{.}", "." }, { "[dot]", "." }, { "(dot)", "." }, { "[/]", "/" },
	{ "[@]", "@" }, { "(@)", "@" }, { "[at]", "@" },
};

static bool
prefix_ci(const char *s, const char *prefix)
{
	for (; *prefix != '\0'; s++, prefix++) {
		if (ascii_tolower((unsigned char)*s) != *prefix)
			return false;
	}
	return true;
}

void
indicators_refang(const char *s, struct buf *out)
{
	size_t	r;

	buf_adds(out, "");
	if (prefix_ci(s, "hxxps")) {
		buf_adds(out, "https");
		s += 5;
	} else if (prefix_ci(s, "hxxp")) {
		buf_adds(out, "http");
		s += 4;
	}
	while (*s != '\0') {
		for (r = 0; r < nitems(refang_rules); r++) {
			if (prefix_ci(s, refang_rules[r].from))
				break;
		}
		if (r < nitems(refang_rules)) {
			buf_adds(out, refang_rules[r].to);
			s += strlen(refang_rules[r].from);
		} else
			buf_addc(out, *s++);
	}
}

/* ------------------------------------------------------------------ */
/* Classification                                                      */

static bool
is_word(int c)
{
	return ascii_isalpha(c) || ascii_isdigit(c) || c == '_';
}

/* A host name: labels of letters, digits and '-', at least two, the last
 * alphabetic (or punycode). */
static bool
looks_like_host(const char *s, size_t len)
{
	size_t	i, labels = 0, lablen = 0, last = 0;
	bool	alpha_tld = true;

	if (len > 0 && s[len - 1] == '.')
		len--;
	for (i = 0; i <= len; i++) {
		if (i == len || s[i] == '.') {
			if (lablen == 0)
				return false;
			labels++;
			last = i - lablen;
			lablen = 0;
			continue;
		}
		if (!ascii_isalpha((unsigned char)s[i]) &&
		    !ascii_isdigit((unsigned char)s[i]) && s[i] != '-')
			return false;
		lablen++;
	}
	if (labels < 2)
		return false;
	if (strncmp(s + last, "xn--", 4) != 0) {
		for (i = last; i < len; i++) {
			if (!ascii_isalpha((unsigned char)s[i]))
				alpha_tld = false;
		}
	}
	return alpha_tld && len - last >= 2;
}

/* Phone: an optional '+', then digits and separators, 7 to 15 digits. */
static bool
looks_like_phone(const char *s)
{
	size_t	digits = 0;

	if (*s == '+')
		s++;
	if (!ascii_isdigit((unsigned char)*s))
		return false;
	for (; *s != '\0'; s++) {
		if (ascii_isdigit((unsigned char)*s))
			digits++;
		else if (strchr(" -().", *s) == NULL)
			return false;
	}
	return digits >= 7 && digits <= 15;
}

/* A count in a list's prose: "37 accounts", "7,704 Facebook accounts". */
static bool
looks_like_count(const char *s)
{
	int	words = 1;

	if (!ascii_isdigit((unsigned char)*s))
		return false;
	s += strspn(s, "0123456789,.");
	if (*s != ' ')
		return false;
	for (; *s != '\0'; s++) {
		if (*s == ' ')
			words++;
		else if (!ascii_isalpha((unsigned char)*s) && *s != '/' &&
		    *s != '-')
			return false;
	}
	return words <= 4;
}

static const char *const social_hosts[] = {
	"twitter.com", "x.com", "t.me", "telegram.me", "youtube.com",
	"tiktok.com", "instagram.com", "facebook.com", "medium.com",
	"pinterest.com", "threads.net", "vk.com", "ok.ru", "quora.com",
	"flickr.com", "reddit.com", "linkedin.com", "truthsocial.com",
	"gettr.com", "substack.com",
};

/* First path segments that are not account names. */
static const char *const social_reserved[] = {
	"pin", "p", "status", "watch", "hashtag", "share", "groups",
	"intent", "i", "search", "explore", "home", "events", "pages",
	"story.php", "permalink.php", "joinchat", "s", "r", "shorts", "embed",
};

/* First path segments followed by the account name. */
static const char *const social_prefixes[] = {
	"profile", "user", "photos", "people", "c", "u", "channel", "in",
};

static bool
in_list(const char *s, size_t len, const char *const *list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strlen(list[i]) == len && strncmp(list[i], s, len) == 0)
			return true;
	}
	return false;
}

/*
 * From a normalized URL on a known platform, the account name it points
 * to: the first path segment (or the second after "profile/", "user/",
 * ...), without a leading '@'. Invite links ("t.me/+abc") and posts are
 * not accounts.
 */
static void
social_handle(const char *url, char *out, size_t outsz)
{
	const char	*host, *path, *seg;
	char		 h[256], raw[256];
	size_t		 hostlen, seglen, i;
	bool		 known = false;

	out[0] = '\0';
	if ((host = strstr(url, "://")) == NULL)
		return;
	host += 3;
	hostlen = strcspn(host, "/?#");
	if (hostlen == 0 || hostlen >= sizeof h)
		return;
	memcpy(h, host, hostlen);
	h[hostlen] = '\0';
	for (i = 0; i < nitems(social_hosts) && !known; i++) {
		size_t n = strlen(social_hosts[i]);

		if (strcmp(h, social_hosts[i]) == 0 ||
		    (hostlen > n && h[hostlen - n - 1] == '.' &&
		    strcmp(h + hostlen - n, social_hosts[i]) == 0))
			known = true;
	}
	if (!known || host[hostlen] != '/')
		return;
	path = host + hostlen + 1;
	seg = path;
	seglen = strcspn(seg, "/?#");
	if (in_list(seg, seglen, social_prefixes, nitems(social_prefixes)) &&
	    seg[seglen] == '/') {
		seg += seglen + 1;
		seglen = strcspn(seg, "/?#");
	} else if (in_list(seg, seglen, social_reserved,
	    nitems(social_reserved)))
		return;
	if (seglen > 0 && seg[0] == '@') {
		seg++;
		seglen--;
	}
	if (seglen == 0 || seglen >= sizeof raw || seg[0] == '+')
		return;
	memcpy(raw, seg, seglen);
	raw[seglen] = '\0';
	if (!norm_handle(raw, out, outsz))
		out[0] = '\0';
}

/* Collapse white space and cut at a UTF-8 boundary to fit. */
static void
copy_text(const char *s, char *out, size_t outsz)
{
	size_t	n = 0;
	bool	space = false;

	while (ascii_isspace((unsigned char)*s))
		s++;
	for (; *s != '\0'; s++) {
		if (ascii_isspace((unsigned char)*s)) {
			space = true;
			continue;
		}
		if (n + (space ? 2 : 1) >= outsz)
			break;
		if (space)
			out[n++] = ' ';
		space = false;
		out[n++] = *s;
	}
	if (*s != '\0') {
		/* Cut: drop the last character, which may be partial. */
		while (n > 0 && ((unsigned char)out[n - 1] & 0xc0) == 0x80)
			n--;
		if (n > 0 && ((unsigned char)out[n - 1] & 0x80) != 0)
			n--;
	}
	out[n] = '\0';
}

static bool
url_has_path(const char *url)
{
	const char *p = strstr(url, "://");

	if (p == NULL)
		return true;
	p += 3;
	p += strcspn(p, "/?#");
	return strcmp(p, "/") != 0 && *p != '\0';
}

int
indicator_classify(const char *raw, struct indicator_value *v)
{
	struct buf	 b = BUF_INIT;
	char		*s;
	const char	*at;
	char		 block[64];
	size_t		 len;
	int		 rc = 0;

	memset(v, 0, sizeof *v);
	indicators_refang(raw, &b);
	s = b.data;
	while (ascii_isspace((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len > 0 && ascii_isspace((unsigned char)s[len - 1]))
		len--;
	if (len == 0) {
		buf_free(&b);
		return -1;
	}
	s[len] = '\0';

	if (strpbrk(s, " \t\r\n") == NULL) {
		if (s[0] == '#' && len > 1 && strspn(s + 1,
		    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789_") == len - 1) {
			v->kind = IND_HASHTAG;
			for (len = 1; s[len] != '\0'; len++)
				v->value[len - 1] = (char)ascii_tolower(
				    (unsigned char)s[len]);
			goto done;
		}
		if (s[0] == '@' && len > 1 && is_word((unsigned char)s[1]) &&
		    strchr(s + 1, '@') == NULL && strchr(s, '/') == NULL &&
		    norm_handle(s, v->value, sizeof v->value)) {
			v->kind = IND_HANDLE;
			goto done;
		}
		if (norm_ip(s, v->value, sizeof v->value, block,
		    sizeof block) && strspn(s, "0123456789abcdefABCDEF.:[]") ==
		    len) {
			v->kind = IND_IP;
			goto done;
		}
		if (strstr(s, "://") == NULL && (at = strchr(s, '@')) != NULL &&
		    at > s && strchr(s, '/') == NULL &&
		    looks_like_host(at + 1, strlen(at + 1)) &&
		    norm_email(s, v->value, sizeof v->value)) {
			v->kind = IND_EMAIL;
			goto done;
		}
		if (looks_like_host(s, len) &&
		    norm_domain(s, v->value, sizeof v->value)) {
			v->kind = IND_DOMAIN;
			goto done;
		}
		if ((strstr(s, "://") != NULL || (strchr(s, '/') != NULL &&
		    looks_like_host(s, strcspn(s, "/:")))) &&
		    norm_url(s, v->value, sizeof v->value)) {
			if (!url_has_path(v->value) &&
			    norm_domain(v->value, v->value, sizeof v->value)) {
				v->kind = IND_DOMAIN;
				goto done;
			}
			v->kind = IND_URL;
			social_handle(v->value, v->handle, sizeof v->handle);
			goto done;
		}
	}
	/* "jiraboom[.]pro (Hosted a spoof of Der Spiegel)": the host is the
	 * indicator, the remark a comment. */
	if ((at = strstr(s, " (")) != NULL && looks_like_host(s,
	    (size_t)(at - s)) && s[len - 1] == ')') {
		*(char *)at = '\0';
		if (norm_domain(s, v->value, sizeof v->value)) {
			v->kind = IND_DOMAIN;
			goto done;
		}
		*(char *)at = ' ';
	}
	if (looks_like_phone(s) && norm_phone(s, v->value, sizeof v->value)) {
		v->kind = IND_PHONE;
		goto done;
	}
	copy_text(s, v->value, sizeof v->value);
	v->kind = looks_like_count(v->value) ? IND_NOTE : IND_TEXT;
done:
	if (v->value[0] == '\0')
		rc = -1;
	buf_free(&b);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Import                                                              */

struct importer {
	struct case_db		 *c;
	const char		 *path;
	const char		 *source;
	struct csv_reader	 *csv;
	sqlite3_stmt		 *put;
	int			  col_tactic, col_technique, col_procedure;
	int			  col_indicator, col_comment;
	void			(*warn)(void *, const char *);
	void			 *warn_arg;
	struct indicators_stats	 *st;
};

static void
cell(const struct csv_row *row, int col, struct buf *out)
{
	const char	*s;
	size_t		 len;

	buf_clear(out);
	buf_adds(out, "");
	if (col < 0 || (size_t)col >= row->n)
		return;
	s = row->field[col];
	while (ascii_isspace((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len > 0 && ascii_isspace((unsigned char)s[len - 1]))
		len--;
	buf_add(out, s, len);
}

static int
header_find(const struct csv_row *row, const char *const *names)
{
	struct buf	h = BUF_INIT;
	size_t		i, k;
	int		found = -1;

	for (k = 0; names[k] != NULL && found < 0; k++) {
		for (i = 0; i < row->n && found < 0; i++) {
			cell(row, (int)i, &h);
			if (ascii_strcasecmp(h.data, names[k]) == 0)
				found = (int)i;
		}
	}
	buf_free(&h);
	return found;
}

static int
header_read(struct importer *im, const struct csv_row *row, char **cause)
{
	static const char *const tactic[] = { "tactic", NULL };
	static const char *const technique[] = { "technique", NULL };
	static const char *const procedure[] = { "procedure", NULL };
	static const char *const indicator[] = { "indicator", "indicators",
	    "value", NULL };
	static const char *const comment[] = { "comments", "comment", "note",
	    "notes", NULL };

	im->col_tactic = header_find(row, tactic);
	im->col_technique = header_find(row, technique);
	im->col_procedure = header_find(row, procedure);
	im->col_indicator = header_find(row, indicator);
	im->col_comment = header_find(row, comment);
	if (im->col_indicator < 0)
		return set_cause(cause, "%s:%lld: not an indicator list: no "
		    "\"indicator\" column in the header", im->path,
		    (long long)row->line);
	return 0;
}

static void
skip_row(struct importer *im, int64_t line, const char *why)
{
	char	*msg;

	im->st->skipped++;
	if (im->warn == NULL)
		return;
	msg = xasprintf("%s:%lld: %s", im->path, (long long)line, why);
	im->warn(im->warn_arg, msg);
	free(msg);
}

static void
bind_opt(sqlite3_stmt *st, int i, const struct buf *b)
{
	if (b->len > 0)
		sqlite3_bind_text(st, i, b->data, (int)b->len, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static int
store(struct importer *im, enum indicator_kind kind, const char *value,
    const char *raw, struct buf *cells, char **cause)
{
	sqlite3_stmt	*s = im->put;
	int		 rc;

	sqlite3_bind_text(s, 1, indicator_kind_name(kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, raw, -1, SQLITE_STATIC);
	bind_opt(s, 4, &cells[0]);
	bind_opt(s, 5, &cells[1]);
	bind_opt(s, 6, &cells[2]);
	bind_opt(s, 7, &cells[3]);
	sqlite3_bind_text(s, 8, im->st->network, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, im->source, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return case_error(im->c, cause, "storing indicators");
	if (sqlite3_changes(im->c->db) > 0) {
		im->st->added++;
		im->st->by_kind[kind]++;
	} else
		im->st->duplicates++;
	return 0;
}

static int
import_row(struct importer *im, const struct csv_row *row, char **cause)
{
	struct indicator_value	 v;
	struct buf		 cells[4] = { BUF_INIT, BUF_INIT, BUF_INIT,
				     BUF_INIT };
	struct buf		 ind = BUF_INIT;
	size_t			 i;
	bool			 blank = true;
	int			 rc = 0;

	for (i = 0; i < row->n && blank; i++) {
		if (row->field[i][strspn(row->field[i], " \t\r\n")] != '\0')
			blank = false;
	}
	if (blank)
		return 0;
	cell(row, im->col_tactic, &cells[0]);
	cell(row, im->col_technique, &cells[1]);
	cell(row, im->col_procedure, &cells[2]);
	cell(row, im->col_comment, &cells[3]);
	cell(row, im->col_indicator, &ind);
	for (i = 0; i < 3; i++) {
		/* "2.2.1 Monitoring breaking news\n": one line. */
		char tmp[NORM_MAX];

		if (cells[i].len > 0 && norm_text(cells[i].data, tmp,
		    sizeof tmp)) {
			buf_clear(&cells[i]);
			buf_adds(&cells[i], tmp);
		}
	}
	if (ind.len == 0)
		skip_row(im, row->line, "no indicator in this row");
	else if (indicator_classify(ind.data, &v) != 0)
		skip_row(im, row->line, "unreadable indicator");
	else {
		im->st->rows++;
		rc = store(im, v.kind, v.value, ind.data, cells, cause);
		if (rc == 0 && v.handle[0] != '\0')
			rc = store(im, IND_HANDLE, v.handle, ind.data, cells,
			    cause);
	}
	for (i = 0; i < nitems(cells); i++)
		buf_free(&cells[i]);
	buf_free(&ind);
	return rc;
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
		if (import_row(im, &row, cause) != 0)
			return -1;
	}
	if (header)
		return set_cause(cause, "%s: empty file, no header", im->path);
	return 0;
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

int
indicators_import(struct case_db *c, const char *path, const char *network,
    void (*warn)(void *, const char *), void *warn_arg,
    struct indicators_stats *st, char **cause)
{
	struct importer	 im;
	struct buf	 detail = BUF_INIT;
	size_t		 i, n;

	memset(st, 0, sizeof *st);
	memset(&im, 0, sizeof im);
	im.c = c;
	im.path = path;
	im.source = base_name(path);
	im.warn = warn;
	im.warn_arg = warn_arg;
	im.st = st;
	if (network != NULL && network[0] != '\0')
		snprintf(st->network, sizeof st->network, "%s", network);
	else {
		snprintf(st->network, sizeof st->network, "%s", im.source);
		n = strlen(st->network);
		if (n > 4 && ascii_strcasecmp(st->network + n - 4, ".csv") == 0)
			st->network[n - 4] = '\0';
	}
	if (c->readonly)
		return set_cause(cause, "%s: the case is read-only", c->path);
	if ((im.csv = csv_open(path, ',', cause)) == NULL)
		return -1;
	if (case_begin(c, cause) != 0) {
		csv_close(im.csv);
		return -1;
	}
	if (sqlite3_prepare_v2(c->db, "INSERT OR IGNORE INTO indicators(kind,"
	    " value, raw, tactic, technique, procedure, comment, network,"
	    " source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", -1,
	    &im.put, NULL) != SQLITE_OK) {
		case_error(c, cause, "storing indicators");
		goto fail;
	}
	if (import_rows(&im, cause) != 0)
		goto fail;

	buf_adds(&detail, "{\"file\":");
	buf_add_json(&detail, path);
	buf_printf(&detail, ",\"rows\":%lld,\"added\":%lld,"
	    "\"duplicates\":%lld,\"skipped\":%lld,\"kinds\":{",
	    (long long)st->rows, (long long)st->added,
	    (long long)st->duplicates, (long long)st->skipped);
	for (i = 0, n = 0; i < IND_NKINDS; i++) {
		if (st->by_kind[i] == 0)
			continue;
		buf_printf(&detail, "%s\"%s\":%lld", n++ > 0 ? "," : "",
		    indicator_kinds[i], (long long)st->by_kind[i]);
	}
	buf_adds(&detail, "}}");
	if (audit_append(c, "indicators-import", st->network, detail.data,
	    cause) != 0)
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
