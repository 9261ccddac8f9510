/*
 * export.h: a saved network, written in the formats partner teams use.
 *
 * export_network() reads one network of the case (its fields, its member
 * accounts with their attributes and evidence, the values members share,
 * its technique ids with the names the case's vocabulary gives them) and
 * writes it to fp in one format:
 *
 *   csv       one row per member and attribute, with the member's fields
 *             and evidence; cells a spreadsheet would run as a formula are
 *             prefixed (result_csv_cell());
 *   json      the network with its members, their attributes and evidence;
 *   gexf      GEXF 1.3 and
 *   graphml   GraphML, for Gephi: accounts and the values two or more
 *             members share are nodes, account-value edges;
 *   dot       the same graph for Graphviz;
 *   stix      a STIX 2.1 bundle: an identity for the exporting team, a
 *             grouping for the network (label, origin, target countries),
 *             user-account objects for members, indicators with STIX
 *             patterns for shared domains, URLs, IPs and e-mail addresses,
 *             attack-patterns for the technique ids, and relationships;
 *   misp      a MISP event: attributes for the shared infrastructure,
 *             user-account objects for members, DISARM galaxy tags;
 *   markdown  a takedown report in the shape of public CIB reports.
 *
 * Output is deterministic: the same case gives the same bytes. Objects are
 * ordered by stable keys, STIX and MISP ids are UUIDv5 of natural keys,
 * and every timestamp comes from the network (created_at, updated_at) or
 * its members, never from the clock. Every text from the case passes
 * through sanitize() before the format's own escaping, so no control or
 * bidi character written by an account leaves the program raw.
 *
 * When the case is writable, the export appends an audit row (action
 * "export", target the network, detail {"format":...}) in its own
 * transaction after the output is written; a read-only case is exported
 * without one.
 *
 * Errors follow util.h: -1 with *cause ("no network named X", a write
 * error on fp, a database error).
 */
#ifndef CIB_EXPORT_H
#define CIB_EXPORT_H

#include <stdio.h>

struct case_db;

enum export_format {
	EXPORT_CSV,
	EXPORT_JSON,
	EXPORT_GEXF,
	EXPORT_GRAPHML,
	EXPORT_DOT,
	EXPORT_STIX,
	EXPORT_MISP,
	EXPORT_MARKDOWN,
};

/* Parse a format name (also "stix2", "md"); -1 when unknown. */
int		 export_format_parse(const char *);
const char	*export_format_name(enum export_format);
/* The names, comma separated, for messages. */
const char	*export_format_list(void);

struct export_opts {
	/* The exporting team, for STIX identity and MISP Orgc; NULL: the
	 * case_info key "team", else "cibscope user". */
	const char	*team;
	/* MISP's DISARM techniques cluster file (clusters_disarm-techniques
	 * .json), so that MISP galaxy tags carry its cluster values; NULL:
	 * the case's vocabulary names stand in for them. */
	const char	*misp_galaxy;
};

int	export_network(struct case_db *, const char *network,
	    enum export_format, const struct export_opts *, FILE *fp,
	    char **cause);

#endif
