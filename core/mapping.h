/*
 * mapping.h: how the columns of a CSV file (or the keys of JSON Lines
 * records) become accounts, attributes and posts.
 *
 * A mapping is a small YAML file, documented in doc/mapping.md. The
 * built-in formats (twitter-io, cnt, telegram, 4cat, bluesky,
 * meta-content-library) are mappings too, compiled in as YAML
 * text and loaded with mapping_parse(), so there is one code path.
 *
 * mapping_load() and mapping_parse() return a new mapping that the caller
 * frees with mapping_free(), or NULL with *cause set to a message of the
 * form "FILE:LINE:COL: what is wrong" for YAML syntax errors, unknown keys,
 * values of the wrong type, duplicate keys and missing required keys. The
 * mapping owns all its strings; the struct is read-only outside mapping.c.
 *
 * match lists the account fields that identify an account, in the order
 * they are tried: native_id (the default, alone) and handle. A mapping
 * whose match has handle may leave native_id unmapped; it must map the
 * handle.
 */
#ifndef CIB_MAPPING_H
#define CIB_MAPPING_H

#include <stdbool.h>
#include <stddef.h>

/* Account fields a column can fill, in struct account_rec order. */
enum map_account {
	MAP_PLATFORM,
	MAP_NATIVE_ID,
	MAP_HANDLE,
	MAP_DISPLAY_NAME,
	MAP_BIO,
	MAP_URL,
	MAP_CREATED_AT,
	MAP_FOLLOWERS,
	MAP_FOLLOWING,
	MAP_POSTS,
	MAP_COUNTRY,
	MAP_LANGUAGE,
	MAP_STATUS,
	MAP_NACCOUNT
};

/* Post fields a column can fill, in struct post_rec order. */
enum map_post {
	MAP_POST_NATIVE_ID,
	MAP_POST_POSTED_AT,
	MAP_POST_TEXT,
	MAP_POST_REPLY_TO,
	MAP_POST_REPOST_OF,
	MAP_POST_HASHTAGS,
	MAP_POST_URLS,
	MAP_NPOST
};

/* One source of attribute values. */
struct mapping_attr {
	char	*column;	/* where the values are */
	char	*kind;		/* the attribute kind, or NULL: */
	char	*kind_column;	/* ... the kind is read from this column */
	char	*split;		/* one-character separator, or NULL */
	bool	 list;		/* a bracketed list: ['a', 'b'] or ["a"] */
	int	 line;		/* where it is in the mapping file */
};

/* At most one entry per field that can identify an account. */
#define MAP_MATCH_MAX	2

struct mapping {
	char			*name;		/* file name or built-in name */
	char			*format;	/* "csv", "jsonl" or NULL */
	char			 delimiter;	/* CSV delimiter, ',' default */
	char			*platform;	/* constant platform or NULL */
	char			*account[MAP_NACCOUNT];	/* column or NULL */
	char			*post[MAP_NPOST];	/* column or NULL */
	struct mapping_attr	*attrs;
	size_t			 nattrs;
	enum map_account	 match[MAP_MATCH_MAX];	/* MAP_NATIVE_ID or
							   MAP_HANDLE, in order */
	size_t			 nmatch;	/* >= 1 */
};

/* True when the mapping's match: names handle. */
bool		 mapping_matches_handle(const struct mapping *);

struct mapping	*mapping_load(const char *path, char **cause);
/* Parse YAML text; name is used in messages. */
struct mapping	*mapping_parse(const char *text, size_t len, const char *name,
		     char **cause);
void		 mapping_free(struct mapping *);

/* The YAML key of an account or post field ("native_id", "posted_at"). */
const char	*mapping_account_key(enum map_account);
const char	*mapping_post_key(enum map_post);

#endif
