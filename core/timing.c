/*
 * timing.c: creation-date histograms with burst flags and posting-hour
 * heatmaps in a chosen time zone, and their text, CSV and JSON forms. The
 * calendar arithmetic is done here in proleptic Gregorian days so that
 * bins never depend on the process's locale or time zone; only IANA zones
 * go through the C library. See timing.h for the rules.
 */
#include "config.h"
#include "timing.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "case.h"
#include "util.h"

#define TIMING_DEFAULT_K	3.5
#define TIMING_DEFAULT_MIN	5
#define TIMING_MAD_SCALE	1.4826
/* IANA offsets are looked up once per quarter hour of UTC. */
#define TIMING_ZONE_STEP	900

static const char *const weekday_names[7] = {
	"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"
};

const char *
timing_weekday_name(int d)
{
	return d >= 0 && d < 7 ? weekday_names[d] : "?";
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t		era;
	unsigned	yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (unsigned)((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1);
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *py, int *pm, int *pd)
{
	int64_t		era;
	unsigned	doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*pd = (int)(doy - (153 * mp + 2) / 5 + 1);
	*pm = (int)(mp < 10 ? mp + 3 : mp - 9);
	*py = (int64_t)yoe + era * 400 + (*pm <= 2);
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t	q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int64_t
floor_mod(int64_t a, int64_t b)
{
	return a - floor_div(a, b) * b;
}

static void
iso_time(int64_t t, char out[32])
{
	int64_t	y, s = floor_mod(t, 86400);
	int	m, d;

	civil_from_days(floor_div(t, 86400), &y, &m, &d);
	snprintf(out, 32, "%04" PRId64 "-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
	    (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
}

void
timing_bin_label(enum timing_unit unit, int64_t start, char out[16])
{
	int64_t	y;
	int	m, d;

	civil_from_days(floor_div(start, 86400), &y, &m, &d);
	if (y < 0 || y > 9999)
		y = 0;
	if (unit == TIMING_HOUR)
		snprintf(out, 16, "%04d-%02d-%02dT%02d", (int)y, m, d,
		    (int)(floor_mod(start, 86400) / 3600));
	else
		snprintf(out, 16, "%04d-%02d-%02d", (int)y, m, d);
}

static int
digits(const char *s, int n)
{
	int	v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/*
 * Read the start of a bin from the leading "YYYY-MM-DD" (and, for hours,
 * "THH" or " HH") of a created_at value. False for anything else, or an
 * impossible date.
 */
static bool
parse_bin(const char *s, size_t len, enum timing_unit unit, int64_t *start)
{
	int	y, m, d, h = 0, m2, d2;
	int64_t	days, y2;

	if (len < 10 || s[4] != '-' || s[7] != '-')
		return false;
	if ((y = digits(s, 4)) < 0 || (m = digits(s + 5, 2)) < 1 || m > 12 ||
	    (d = digits(s + 8, 2)) < 1 || d > 31)
		return false;
	days = days_from_civil(y, m, d);
	civil_from_days(days, &y2, &m2, &d2);
	if (y2 != y || m2 != m || d2 != d)
		return false;
	if (unit == TIMING_HOUR) {
		if (len < 13 || (s[10] != 'T' && s[10] != ' ') ||
		    (h = digits(s + 11, 2)) < 0 || h > 23)
			return false;
	}
	*start = days * 86400 + h * 3600;
	return true;
}

/*
 * Check a scope and find its network. Appends the account conditions on
 * column `col` to sql; the caller binds ?3 to *netid when it is >= 0.
 */
static int
scope_sql(struct case_db *c, const struct timing_scope *sc, const char *col,
    struct buf *sql, int64_t *netid, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	*netid = -1;
	if (sc->restrict_table != NULL) {
		if (!case_table_name_ok(sc->restrict_table))
			return set_cause(cause, "bad table name: %s",
			    sc->restrict_table);
		buf_printf(sql, " AND %s IN (SELECT account_id FROM %s)", col,
		    sc->restrict_table);
	}
	if (sc->network == NULL)
		return 0;
	if (sqlite3_prepare_v2(c->db, "SELECT id FROM networks WHERE name = ?1",
	    -1, &st, NULL) != SQLITE_OK)
		return case_error(c, cause, "timing");
	sqlite3_bind_text(st, 1, sc->network, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*netid = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return case_error(c, cause, "timing");
	if (rc == SQLITE_DONE)
		return set_cause(cause, "no network named %s", sc->network);
	buf_printf(sql, " AND %s IN (SELECT account_id FROM network_members"
	    " WHERE network_id = ?3)", col);
	return 0;
}

static int
int64_cmp(const void *va, const void *vb)
{
	int64_t	a = *(const int64_t *)va, b = *(const int64_t *)vb;

	return a < b ? -1 : a > b;
}

static int
double_cmp(const void *va, const void *vb)
{
	double	a = *(const double *)va, b = *(const double *)vb;

	return a < b ? -1 : a > b;
}

/* Median of v[0..n), which is reordered. n > 0. */
static double
median_int64(int64_t *v, size_t n)
{
	qsort(v, n, sizeof *v, int64_cmp);
	if (n % 2 == 1)
		return (double)v[n / 2];
	return ((double)v[n / 2 - 1] + (double)v[n / 2]) / 2;
}

static double
median_double(double *v, size_t n)
{
	qsort(v, n, sizeof *v, double_cmp);
	if (n % 2 == 1)
		return v[n / 2];
	return (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Median, MAD, threshold and burst flags of a filled histogram. */
static void
flag_bursts(struct timing_hist *h, double k)
{
	int64_t	*counts;
	double	*dev;
	size_t	 i;

	if (h->nbins == 0)
		return;
	counts = xreallocarray(NULL, h->nbins, sizeof *counts);
	dev = xreallocarray(NULL, h->nbins, sizeof *dev);
	for (i = 0; i < h->nbins; i++)
		counts[i] = h->bins[i].count;
	h->median = median_int64(counts, h->nbins);
	for (i = 0; i < h->nbins; i++)
		dev[i] = fabs((double)h->bins[i].count - h->median);
	h->mad = median_double(dev, h->nbins);
	h->threshold = h->median + k * TIMING_MAD_SCALE * h->mad;
	for (i = 0; i < h->nbins; i++) {
		struct timing_bin *b = &h->bins[i];

		b->burst = b->count >= h->burst_min &&
		    (double)b->count > h->threshold;
		if (b->burst)
			h->nbursts++;
	}
	free(counts);
	free(dev);
}

struct rawbin {
	int64_t	start;
	int64_t	count;
};

/*
 * Count accounts per creation bin. The case groups created_at by its
 * leading "YYYY-MM-DD" or "YYYY-MM-DDTHH" text (an index scan on
 * accounts_by_created when nothing restricts it); the bins are then laid
 * out without gaps here.
 */
int
timing_hist(struct case_db *c, const struct timing_hist_opts *o,
    struct timing_hist **out, char **cause)
{
	struct buf		 sql = BUF_INIT;
	sqlite3_stmt		*st = NULL;
	struct timing_hist	*h;
	struct rawbin		*raw = NULL;
	size_t			 nraw = 0, rawcap = 0, i;
	int64_t			 netid, step, start, lo = 0, hi = 0;
	char			 iso[32];
	int			 rc;

	step = o->unit == TIMING_HOUR ? 3600 : 86400;
	buf_printf(&sql, "SELECT substr(a.created_at, 1, %d), count(*)"
	    " FROM accounts a WHERE 1", o->unit == TIMING_HOUR ? 13 : 10);
	if (o->scope.since != 0)
		buf_adds(&sql, " AND a.created_at >= ?1");
	if (o->scope.until != 0)
		buf_adds(&sql, " AND a.created_at < ?2");
	if (scope_sql(c, &o->scope, "a.id", &sql, &netid, cause) != 0) {
		buf_free(&sql);
		return -1;
	}
	buf_adds(&sql, " GROUP BY 1");
	rc = sqlite3_prepare_v2(c->db, sql.data, -1, &st, NULL);
	buf_free(&sql);
	if (rc != SQLITE_OK)
		return case_error(c, cause, "timing");
	if (o->scope.since != 0) {
		iso_time(o->scope.since, iso);
		sqlite3_bind_text(st, 1, iso, -1, SQLITE_TRANSIENT);
	}
	if (o->scope.until != 0) {
		iso_time(o->scope.until, iso);
		sqlite3_bind_text(st, 2, iso, -1, SQLITE_TRANSIENT);
	}
	if (netid >= 0)
		sqlite3_bind_int64(st, 3, netid);

	h = xcalloc(1, sizeof *h);
	h->unit = o->unit;
	h->burst_min = o->burst_min > 0 ? o->burst_min : TIMING_DEFAULT_MIN;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char	*s = (const char *)sqlite3_column_text(st, 0);
		int64_t		 n = sqlite3_column_int64(st, 1);

		if (s == NULL || !parse_bin(s,
		    (size_t)sqlite3_column_bytes(st, 0), o->unit, &start)) {
			h->undated += n;
			continue;
		}
		if (nraw == rawcap) {
			rawcap = rawcap ? rawcap * 2 : 256;
			raw = xreallocarray(raw, rawcap, sizeof *raw);
		}
		raw[nraw].start = start;
		raw[nraw++].count = n;
		if (nraw == 1 || start < lo)
			lo = start;
		if (nraw == 1 || start > hi)
			hi = start;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(raw);
		timing_hist_free(h);
		return case_error(c, cause, "timing");
	}

	if (nraw > 0) {
		if ((hi - lo) / step + 1 > TIMING_MAX_BINS) {
			free(raw);
			timing_hist_free(h);
			return set_cause(cause, "creation dates span %" PRId64
			    " %s, more than %d bins; bound the span or count"
			    " by day", (hi - lo) / step + 1,
			    o->unit == TIMING_HOUR ? "hours" : "days",
			    TIMING_MAX_BINS);
		}
		h->nbins = (size_t)((hi - lo) / step + 1);
		h->bins = xcalloc(h->nbins, sizeof *h->bins);
		for (i = 0; i < h->nbins; i++)
			h->bins[i].start = lo + (int64_t)i * step;
		for (i = 0; i < nraw; i++) {
			struct timing_bin *b = &h->bins[(raw[i].start - lo) /
			    step];

			b->count += raw[i].count;
			h->total += raw[i].count;
			if (b->count > h->max)
				h->max = b->count;
		}
	}
	free(raw);
	flag_bursts(h, o->burst_k > 0 ? o->burst_k : TIMING_DEFAULT_K);
	*out = h;
	return 0;
}

void
timing_hist_free(struct timing_hist *h)
{
	if (h == NULL)
		return;
	free(h->bins);
	free(h);
}

/* "+HH:MM" for an offset in seconds. */
static void
offset_name(int off, char *out, size_t outsz)
{
	int	a = off < 0 ? -off : off;

	if (off == 0)
		snprintf(out, outsz, "UTC");
	else
		snprintf(out, outsz, "%c%02d:%02d", off < 0 ? '-' : '+',
		    a / 3600, a / 60 % 60);
}

/* "+3", "-05", "+03:00", "+0530"; false for anything else. */
static bool
parse_offset(const char *s, int *off)
{
	int	sign, h, m = 0;
	size_t	len;

	if (*s != '+' && *s != '-')
		return false;
	sign = *s++ == '-' ? -1 : 1;
	len = strlen(s);
	if (len == 1 || len == 2)
		h = digits(s, (int)len);
	else if (len == 4 && s[1] == ':') {
		h = digits(s, 1);
		m = digits(s + 2, 2);
	} else if (len == 4) {
		h = digits(s, 2);
		m = digits(s + 2, 2);
	} else if (len == 5 && s[2] == ':') {
		h = digits(s, 2);
		m = digits(s + 3, 2);
	} else
		return false;
	if (h < 0 || m < 0 || m > 59 || h * 60 + m > 18 * 60)
		return false;
	*off = sign * (h * 3600 + m * 60);
	return true;
}

static bool
zone_exists(const char *name)
{
	const char	*dir = getenv("TZDIR");
	const char	*p;
	char		*path;
	bool		 ok;

	if (*name == '\0' || *name == '/' || strlen(name) >= 64 ||
	    strstr(name, "..") != NULL)
		return false;
	for (p = name; *p != '\0'; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' ||
		    *p == '+' || *p == '/'))
			return false;
	}
	if (dir == NULL || *dir == '\0')
		dir = "/usr/share/zoneinfo";
	path = xasprintf("%s/%s", dir, name);
	ok = access(path, R_OK) == 0;
	free(path);
	return ok;
}

bool
timing_tz_parse(const char *s, struct timing_tz *tz, char **cause)
{
	const char	*rest = s;
	int		 off = 0;

	memset(tz, 0, sizeof *tz);
	if (ascii_strcasecmp(s, "Z") == 0 || ascii_strcasecmp(s, "UTC") == 0 ||
	    ascii_strcasecmp(s, "GMT") == 0) {
		tz->fixed = true;
		offset_name(0, tz->name, sizeof tz->name);
		return true;
	}
	if (strlen(s) > 3 && (strncmp(s, "UTC", 3) == 0 ||
	    strncmp(s, "GMT", 3) == 0) && (s[3] == '+' || s[3] == '-'))
		rest = s + 3;
	if (parse_offset(rest, &off)) {
		tz->fixed = true;
		tz->offset = off;
		offset_name(off, tz->name, sizeof tz->name);
		return true;
	}
	if (rest == s && zone_exists(s)) {
		tz->fixed = false;
		snprintf(tz->name, sizeof tz->name, "%s", s);
		return true;
	}
	set_cause(cause, "unknown time zone: %s (use an offset like +03:00 "
	    "or a zone name like Europe/Moscow)", s);
	return false;
}

/* The process's TZ while a zone is applied, to put back afterwards. */
struct tzsave {
	char	*old;
	bool	 had;
};

static void
zone_enter(const char *name, struct tzsave *sv)
{
	const char	*old = getenv("TZ");

	sv->had = old != NULL;
	sv->old = old != NULL ? xstrdup(old) : NULL;
	setenv("TZ", name, 1);
	tzset();
}

static void
zone_leave(struct tzsave *sv)
{
	if (sv->had)
		setenv("TZ", sv->old, 1);
	else
		unsetenv("TZ");
	tzset();
	free(sv->old);
}

/* A small map from a quarter hour of UTC to the zone's offset then. */
struct offcache {
	int64_t	*key;
	int	*off;
	size_t	 cap;
	size_t	 n;
};

static int
zone_offset_at(int64_t t)
{
	time_t		tt = (time_t)t;
	struct tm	tm;
	int64_t		local;

	if (localtime_r(&tt, &tm) == NULL)
		return 0;
	local = days_from_civil((int64_t)tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday) * 86400 + tm.tm_hour * 3600 + tm.tm_min * 60 +
	    tm.tm_sec;
	return (int)(local - t);
}

static int
offcache_get(struct offcache *oc, int64_t q)
{
	size_t	i, j, cap;
	int64_t	*okey;
	int	*ooff;

	if ((oc->n + 1) * 2 > oc->cap) {
		okey = oc->key;
		ooff = oc->off;
		cap = oc->cap;
		oc->cap = cap ? cap * 2 : 1024;
		oc->key = xreallocarray(NULL, oc->cap, sizeof *oc->key);
		oc->off = xreallocarray(NULL, oc->cap, sizeof *oc->off);
		for (i = 0; i < oc->cap; i++)
			oc->key[i] = INT64_MIN;
		for (i = 0; i < cap; i++) {
			if (okey[i] == INT64_MIN)
				continue;
			j = (size_t)((uint64_t)okey[i] * 0x9e3779b97f4a7c15ULL
			    >> 20) & (oc->cap - 1);
			while (oc->key[j] != INT64_MIN)
				j = (j + 1) & (oc->cap - 1);
			oc->key[j] = okey[i];
			oc->off[j] = ooff[i];
		}
		free(okey);
		free(ooff);
	}
	j = (size_t)((uint64_t)q * 0x9e3779b97f4a7c15ULL >> 20) &
	    (oc->cap - 1);
	while (oc->key[j] != INT64_MIN && oc->key[j] != q)
		j = (j + 1) & (oc->cap - 1);
	if (oc->key[j] == INT64_MIN) {
		oc->key[j] = q;
		oc->off[j] = zone_offset_at(q * TIMING_ZONE_STEP);
		oc->n++;
	}
	return oc->off[j];
}

/*
 * Count posts per local weekday and hour. Posts are streamed (no sort);
 * a fixed offset is plain arithmetic, an IANA zone's offset is asked of
 * the C library once per quarter hour of UTC that holds a post.
 */
int
timing_heatmap(struct case_db *c, const struct timing_scope *sc,
    const struct timing_tz *tz, struct timing_heatmap **out, char **cause)
{
	struct buf		 sql = BUF_INIT;
	sqlite3_stmt		*st = NULL;
	struct timing_heatmap	*hm;
	struct offcache		 oc;
	struct tzsave		 sv = { NULL, false };
	int64_t			 netid, t, local, day;
	int			 rc, off, wd, hr;

	buf_adds(&sql, "SELECT p.posted_at FROM posts p"
	    " WHERE p.posted_at IS NOT NULL");
	if (sc->since != 0)
		buf_adds(&sql, " AND p.posted_at >= ?1");
	if (sc->until != 0)
		buf_adds(&sql, " AND p.posted_at < ?2");
	if (scope_sql(c, sc, "p.account_id", &sql, &netid, cause) != 0) {
		buf_free(&sql);
		return -1;
	}
	rc = sqlite3_prepare_v2(c->db, sql.data, -1, &st, NULL);
	buf_free(&sql);
	if (rc != SQLITE_OK)
		return case_error(c, cause, "timing");
	if (sc->since != 0)
		sqlite3_bind_int64(st, 1, sc->since);
	if (sc->until != 0)
		sqlite3_bind_int64(st, 2, sc->until);
	if (netid >= 0)
		sqlite3_bind_int64(st, 3, netid);

	hm = xcalloc(1, sizeof *hm);
	hm->tz = *tz;
	memset(&oc, 0, sizeof oc);
	if (!tz->fixed)
		zone_enter(tz->name, &sv);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		t = sqlite3_column_int64(st, 0);
		if (tz->fixed)
			off = tz->offset;
		else
			off = offcache_get(&oc, floor_div(t,
			    TIMING_ZONE_STEP));
		local = t + off;
		day = floor_div(local, 86400);
		wd = (int)floor_mod(day + 3, 7);	/* 1970-01-01: Thu */
		hr = (int)(floor_mod(local, 86400) / 3600);
		hm->cell[wd][hr]++;
		hm->total++;
	}
	if (!tz->fixed)
		zone_leave(&sv);
	free(oc.key);
	free(oc.off);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		timing_heatmap_free(hm);
		return case_error(c, cause, "timing");
	}
	for (wd = 0; wd < 7; wd++) {
		for (hr = 0; hr < 24; hr++) {
			if (hm->cell[wd][hr] > hm->max)
				hm->max = hm->cell[wd][hr];
		}
	}
	*out = hm;
	return 0;
}

void
timing_heatmap_free(struct timing_heatmap *hm)
{
	free(hm);
}

static const char *
unit_name(enum timing_unit unit)
{
	return unit == TIMING_HOUR ? "hour" : "day";
}

static void
print_bar(FILE *fp, int64_t count, int64_t max, int width)
{
	int	n, i;

	n = max > 0 ? (int)((count * width + max - 1) / max) : 0;
	for (i = 0; i < n; i++)
		fputc('#', fp);
}

/* Text: one line per non-empty bin; runs of empty bins are one line. */
static void
print_hist_text(FILE *fp, const struct timing_hist *h)
{
	char	label[16];
	size_t	i, j;
	int	w;

	fprintf(fp, "accounts by creation %s: %" PRId64 " dated, %" PRId64
	    " undated, %zu bins, %zu bursts (median %.1f, MAD %.1f, a burst"
	    " has more than %.1f and at least %" PRId64 ")\n",
	    unit_name(h->unit), h->total, h->undated, h->nbins, h->nbursts,
	    h->median, h->mad, h->threshold, h->burst_min);
	w = snprintf(NULL, 0, "%" PRId64, h->max);
	for (i = 0; i < h->nbins; i = j) {
		if (h->bins[i].count == 0) {
			for (j = i; j < h->nbins && h->bins[j].count == 0; j++)
				/* nothing */;
			fprintf(fp, "%*s  (%zu empty %s%s)\n",
			    h->unit == TIMING_HOUR ? 13 : 10, "...", j - i,
			    unit_name(h->unit), j - i == 1 ? "" : "s");
			continue;
		}
		j = i + 1;
		timing_bin_label(h->unit, h->bins[i].start, label);
		fprintf(fp, "%s  %*" PRId64 "  ", label, w, h->bins[i].count);
		print_bar(fp, h->bins[i].count, h->max, 50);
		fputs(h->bins[i].burst ? "  BURST\n" : "\n", fp);
	}
}

int
timing_print_hist(FILE *fp, const struct timing_hist *h,
    enum timing_format fmt)
{
	char	label[16];
	size_t	i;

	switch (fmt) {
	case TIMING_FORMAT_TEXT:
		print_hist_text(fp, h);
		break;
	case TIMING_FORMAT_CSV:
		fputs("bin,count,burst\n", fp);
		for (i = 0; i < h->nbins; i++) {
			timing_bin_label(h->unit, h->bins[i].start, label);
			fprintf(fp, "%s,%" PRId64 ",%d\n", label,
			    h->bins[i].count, h->bins[i].burst ? 1 : 0);
		}
		break;
	case TIMING_FORMAT_JSON:
		fprintf(fp, "{\"unit\":\"%s\",\"total\":%" PRId64 ","
		    "\"undated\":%" PRId64 ",\"median\":%.6g,\"mad\":%.6g,"
		    "\"threshold\":%.6g,\"burst_min\":%" PRId64 ","
		    "\"bursts\":%zu,\"bins\":[", unit_name(h->unit), h->total,
		    h->undated, h->median, h->mad, h->threshold, h->burst_min,
		    h->nbursts);
		for (i = 0; i < h->nbins; i++) {
			timing_bin_label(h->unit, h->bins[i].start, label);
			fprintf(fp, "%s\n{\"bin\":\"%s\",\"start\":%" PRId64
			    ",\"count\":%" PRId64 ",\"burst\":%s}",
			    i > 0 ? "," : "", label, h->bins[i].start,
			    h->bins[i].count,
			    h->bins[i].burst ? "true" : "false");
		}
		fputs("]}\n", fp);
		break;
	}
	return ferror(fp) ? -1 : 0;
}

static void
print_heatmap_text(FILE *fp, const struct timing_heatmap *hm)
{
	int	w, d, hr;
	int64_t	sum, col[24];

	w = snprintf(NULL, 0, "%" PRId64, hm->max) + 1;
	if (w < 3)
		w = 3;
	fprintf(fp, "posts by weekday and hour, time zone %s: %" PRId64
	    " posts\n", hm->tz.name, hm->total);
	fputs("   ", fp);
	for (hr = 0; hr < 24; hr++)
		fprintf(fp, "%*d", w, hr);
	fputs("  total\n", fp);
	memset(col, 0, sizeof col);
	for (d = 0; d < 7; d++) {
		sum = 0;
		fputs(weekday_names[d], fp);
		for (hr = 0; hr < 24; hr++) {
			fprintf(fp, "%*" PRId64, w, hm->cell[d][hr]);
			sum += hm->cell[d][hr];
			col[hr] += hm->cell[d][hr];
		}
		fprintf(fp, "  %" PRId64 "\n", sum);
	}
	fputs("all", fp);
	for (hr = 0; hr < 24; hr++)
		fprintf(fp, "%*" PRId64, w, col[hr]);
	fprintf(fp, "  %" PRId64 "\n", hm->total);
}

int
timing_print_heatmap(FILE *fp, const struct timing_heatmap *hm,
    enum timing_format fmt)
{
	int	d, hr;

	switch (fmt) {
	case TIMING_FORMAT_TEXT:
		print_heatmap_text(fp, hm);
		break;
	case TIMING_FORMAT_CSV:
		fputs("weekday,hour,count\n", fp);
		for (d = 0; d < 7; d++) {
			for (hr = 0; hr < 24; hr++)
				fprintf(fp, "%s,%d,%" PRId64 "\n",
				    weekday_names[d], hr, hm->cell[d][hr]);
		}
		break;
	case TIMING_FORMAT_JSON:
		fprintf(fp, "{\"tz\":\"%s\",\"total\":%" PRId64 ",\"max\":%"
		    PRId64 ",\"weekdays\":[", hm->tz.name, hm->total, hm->max);
		for (d = 0; d < 7; d++)
			fprintf(fp, "%s\"%s\"", d > 0 ? "," : "",
			    weekday_names[d]);
		fputs("],\"cells\":[", fp);
		for (d = 0; d < 7; d++) {
			fputs(d > 0 ? ",\n[" : "\n[", fp);
			for (hr = 0; hr < 24; hr++)
				fprintf(fp, "%s%" PRId64, hr > 0 ? "," : "",
				    hm->cell[d][hr]);
			fputc(']', fp);
		}
		fputs("]}\n", fp);
		break;
	}
	return ferror(fp) ? -1 : 0;
}
