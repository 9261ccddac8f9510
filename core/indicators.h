/*
 * indicators.h: published indicator lists (such as those Meta publishes
 * for each CIB network it takes down) loaded into a case, so its accounts
 * can be matched against them.
 *
 * indicators_import() reads a CSV whose header names at least an
 * "indicator" column, and usually "tactic", "technique", "procedure" and a
 * comment column ("comments", "comment", "note" or "notes"); header names
 * are matched case-insensitively after trimming ("Tactic " is "tactic").
 * Each indicator is refanged (indicators_refang()), classified and
 * normalized with normalize.h (indicator_classify()), and stored with the
 * row's tactic, technique, procedure and comment, the network it belongs
 * to (the --network name, else the file's base name without ".csv") and
 * the file's base name as source. A profile URL on a known platform
 * (twitter.com/NAME, t.me/NAME, youtube.com/@NAME, ...) also yields a
 * "handle" indicator. An indicator already stored for the same network is
 * a duplicate and is kept once (the first row wins).
 *
 * The whole file and one audit row ("indicators-import") are one
 * transaction. Blank rows are ignored; a row that cannot be read (bad
 * quoting, no indicator cell) is skipped, counted, and its
 * "FILE:LINE: message" passed to warn (if not NULL).
 *
 * Errors follow util.h (-1 with *cause; nothing is changed).
 */
#ifndef CIB_INDICATORS_H
#define CIB_INDICATORS_H

#include <stdint.h>

struct buf;
struct case_db;

/* Kinds, as stored in indicators.kind. */
enum indicator_kind {
	IND_DOMAIN,	/* norm_domain(): "rrn.world" */
	IND_URL,	/* norm_url(): "http://t.me/+abc" */
	IND_IP,		/* norm_ip() */
	IND_EMAIL,	/* norm_email() */
	IND_PHONE,	/* norm_phone() */
	IND_HANDLE,	/* norm_handle(): "olivn388" */
	IND_HASHTAG,	/* lowercased, without '#' */
	IND_TEXT,	/* a phrase or title, white space collapsed */
	IND_NOTE,	/* a count such as "37 accounts": not matchable */
	IND_NKINDS
};

const char	*indicator_kind_name(enum indicator_kind);

/* Append s with defanging undone: "[.]", "(.)", "{.}", "[dot]", "(dot)"
 * become ".", "[:]" ":", "[://]" "://", "[@]" and "[at]" "@", and a
 * leading "hxxp"/"hxxps" (any case) "http"/"https". */
void		 indicators_refang(const char *s, struct buf *out);

struct indicator_value {
	enum indicator_kind	kind;
	char			value[1100];	/* NORM_MAX */
	/* A profile URL's account name, or "" (kind stays IND_URL). */
	char			handle[1100];
};

/* Classify and normalize one raw (possibly defanged) indicator. Returns
 * 0, or -1 when it is empty. */
int		 indicator_classify(const char *raw, struct indicator_value *);

struct indicators_stats {
	char		 network[256];		/* as stored */
	int64_t		 rows;			/* data rows with an indicator */
	int64_t		 added;			/* new indicators stored */
	int64_t		 duplicates;		/* already stored */
	int64_t		 skipped;		/* bad rows */
	int64_t		 by_kind[IND_NKINDS];	/* of those added */
};

int		 indicators_import(struct case_db *, const char *path,
		     const char *network,
		     void (*warn)(void *, const char *), void *warn_arg,
		     struct indicators_stats *, char **cause);

#endif
