/*
 * export_int.h: what the export writers (export_*.c) share: the network
 * as export.c loads it, and the escaping helpers every writer uses. Not
 * for use outside core/export*.c.
 *
 * Every string in these structs is raw case text, unsanitized; writers
 * must print them through the ex_* helpers, which sanitize first. Arrays
 * are sorted: members by platform and native id, attributes by member
 * then kind and value, shared values by kind and value, techniques by id.
 */
#ifndef CIB_EXPORT_INT_H
#define CIB_EXPORT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "vocab.h"

struct buf;

struct ex_member {
	int64_t		 id;
	char		*platform, *native_id, *handle, *display_name;
	char		*bio, *url, *created_at, *country, *language, *status;
	int64_t		 followers, following, posts;	/* -1: unknown */
	char		*added_at, *added_by;
	char		*evidence;	/* as stored, or NULL */
	char		*evidence_json;	/* sanitized valid JSON, or NULL */
	size_t		 first_attr, nattrs;	/* into ex_network.attrs */
};

struct ex_attr {
	size_t		 member;	/* index into members */
	char		*kind, *value;
	int64_t		 accounts;	/* accounts in the case with it */
	int64_t		 shared;	/* members with it */
	int64_t		 value_index;	/* into values, -1 when not shared */
};

/* A value at least two members carry: a node of the graph exports. */
struct ex_value {
	char		*kind, *value;
	int64_t		 members;
};

struct ex_ttp {
	char			*id;
	char			*name;	/* NULL when no vocabulary names it */
	char			*tactic;	/* "TA15 Establish Assets", or NULL */
	char			*galaxy;	/* MISP cluster value, or NULL */
	enum vocab_framework	 framework;
};

struct ex_network {
	char		*name, *label, *origin, *target, *ttps, *notes;
	char		*created_at, *created_by, *updated_at;
	char		*team;
	struct ex_member *members;
	size_t		 nmembers;
	struct ex_attr	*attrs;
	size_t		 nattrs;
	struct ex_value	*values;
	size_t		 nvalues;
	struct ex_ttp	*ttps_list;
	size_t		 nttps;
	bool		 galaxy;	/* a MISP galaxy file was read */
	int64_t		 hours[24];	/* members' posts by UTC hour */
	int64_t		 nposts;
};

/* Sanitize s (NULL as "") into out, replacing its contents; one line. */
void	ex_clean(struct buf *out, const char *s);
/* Write s sanitized as a JSON string literal (NULL as null). */
void	ex_json(FILE *, const char *s);
/* Write s sanitized and escaped for XML text and attribute values. */
void	ex_xml(FILE *, const char *s);
/* Write s sanitized as a CSV cell (formula-prefixed, quoted as needed). */
void	ex_csv(FILE *, const char *s);
/* Write s sanitized and escaped for a Markdown table cell or line. */
void	ex_md(FILE *, const char *s);
/* Write s sanitized and escaped inside a Graphviz "quoted string". */
void	ex_dot(FILE *, const char *s);

/* A case time ("2024-03-01T12:00:00Z", other ISO forms) as STIX wants it
 * ("2024-03-01T12:00:00.000Z"); false when it cannot be read. */
bool	ex_stix_time(const char *s, char out[32]);

/* Deterministic identifiers (export_id.c). */
#define EX_UUID_LEN	37
/* UUIDv5 of name under namespace ns (a textual UUID). */
void	ex_uuid5(const char *ns, const char *name, size_t len,
	    char out[EX_UUID_LEN]);
/* UUIDv5 of name in cibscope's own namespace. */
void	ex_uuid(const char *name, char out[EX_UUID_LEN]);

/* Writers; each returns 0 (the caller checks fp for write errors). */
int	ex_write_csv(FILE *, const struct ex_network *);
int	ex_write_json(FILE *, const struct ex_network *);
int	ex_write_gexf(FILE *, const struct ex_network *);
int	ex_write_graphml(FILE *, const struct ex_network *);
int	ex_write_dot(FILE *, const struct ex_network *);
int	ex_write_stix(FILE *, const struct ex_network *);
int	ex_write_misp(FILE *, const struct ex_network *);
int	ex_write_markdown(FILE *, const struct ex_network *);

#endif
