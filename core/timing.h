/*
 * timing.h: when accounts were made and when they post.
 *
 * Two views an investigator reads an operation's rhythm from:
 *
 *  - a creation-date histogram: accounts.created_at counted per UTC day or
 *    hour, with bursts flagged. Bins run without gaps from the first
 *    non-empty bin to the last, empty bins included.
 *
 *    The burst rule: let m be the median of all bin counts in that span
 *    (empty bins included) and MAD the median of |count - m|. A bin is a
 *    burst when count >= burst_min and count > m + burst_k * 1.4826 * MAD,
 *    i.e. its modified z-score is above burst_k (Iglewicz and Hoaglin; the
 *    factor makes the MAD comparable to a standard deviation). When most
 *    bins are empty or alike the MAD is 0 and the rule reduces to "more
 *    than the median and at least burst_min". Defaults: burst_k 3.5,
 *    burst_min 5.
 *
 *  - a posting-hour heatmap: posts.posted_at counted per weekday (0 =
 *    Monday .. 6 = Sunday) and hour (0-23) of local time in one time zone:
 *    a fixed offset ("UTC", "Z", "+03:00", "-05", "+0530", "UTC+3") or an
 *    IANA zone name ("Europe/Moscow") read from the system's zoneinfo
 *    (TZDIR or /usr/share/zoneinfo). IANA zones follow their daylight
 *    saving rules post by post; because they are applied through the
 *    process's TZ setting, timing_heatmap() with an IANA zone must not run
 *    while another thread reads local time (it restores TZ before it
 *    returns). Offsets and zone rules are assumed to be whole minutes, and
 *    IANA zones whole quarter hours, which every zone has been since the
 *    1970s.
 *
 * Which accounts: all of them, those listed in a table with an
 * `account_id` column (restrict_table, e.g. "temp.sel"), or the members of
 * a network by name. since/until (Unix seconds, 0 = open) bound the
 * creation time or the posting time: since <= t < until.
 *
 * Memory: results belong to the caller and are freed with the matching
 * *_free(). Errors: -1 with *cause set (SQL failure, unknown network,
 * unknown time zone, bad table name, a span of too many bins).
 */
#ifndef CIB_TIMING_H
#define CIB_TIMING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct case_db;

/* Histograms longer than this many bins are refused (use days, or bound
 * the span with since/until). */
#define TIMING_MAX_BINS		(4 * 1024 * 1024)

enum timing_unit {
	TIMING_DAY,
	TIMING_HOUR,
};

/* Which accounts, and which time span. All fields may be zero. */
struct timing_scope {
	const char	*restrict_table;	/* NULL = no restriction */
	const char	*network;		/* NULL = no restriction */
	int64_t		 since;			/* 0 = open */
	int64_t		 until;			/* 0 = open, exclusive */
};

struct timing_hist_opts {
	enum timing_unit	unit;
	struct timing_scope	scope;
	double			burst_k;	/* 0 = 3.5 */
	int64_t			burst_min;	/* 0 = 5 */
};

struct timing_bin {
	int64_t	start;		/* Unix seconds UTC of the bin's start */
	int64_t	count;
	bool	burst;
};

struct timing_hist {
	enum timing_unit	 unit;
	struct timing_bin	*bins;		/* in time order, no gaps */
	size_t			 nbins;
	int64_t			 total;		/* accounts counted in bins */
	int64_t			 undated;	/* no or unreadable created_at */
	int64_t			 max;		/* largest bin count */
	double			 median;
	double			 mad;		/* raw, not scaled */
	double			 threshold;	/* a burst has count above this */
	int64_t			 burst_min;
	size_t			 nbursts;
};

int	 timing_hist(struct case_db *, const struct timing_hist_opts *,
	     struct timing_hist **, char **cause);
void	 timing_hist_free(struct timing_hist *);

/* "YYYY-MM-DD" or "YYYY-MM-DDTHH" for a bin's start (out: 16 bytes). */
void	 timing_bin_label(enum timing_unit, int64_t start, char out[16]);

/* A time zone for the heatmap. */
struct timing_tz {
	bool	 fixed;		/* a fixed offset, else an IANA zone */
	int	 offset;	/* seconds east of UTC, when fixed */
	char	 name[64];	/* "+03:00", "UTC" or the zone's name */
};

/* Parse a time zone as described above; false with *cause if unknown. */
bool	 timing_tz_parse(const char *, struct timing_tz *, char **cause);

struct timing_heatmap {
	struct timing_tz tz;
	int64_t		 cell[7][24];	/* [weekday, Monday = 0][hour] */
	int64_t		 total;
	int64_t		 max;		/* largest cell */
};

/* Restrictions by account apply to the posts' authors. */
int	 timing_heatmap(struct case_db *, const struct timing_scope *,
	     const struct timing_tz *, struct timing_heatmap **,
	     char **cause);
void	 timing_heatmap_free(struct timing_heatmap *);

enum timing_format {
	TIMING_FORMAT_TEXT,	/* bars or a shaded grid, for a terminal */
	TIMING_FORMAT_CSV,	/* bin,count,burst / weekday,hour,count */
	TIMING_FORMAT_JSON,
};

/* Print a histogram or heatmap. Return 0, or -1 on a write error. */
int	 timing_print_hist(FILE *, const struct timing_hist *,
	     enum timing_format);
int	 timing_print_heatmap(FILE *, const struct timing_heatmap *,
	     enum timing_format);

/* "Mon" .. "Sun" for weekday 0 .. 6. */
const char *timing_weekday_name(int);

#endif
