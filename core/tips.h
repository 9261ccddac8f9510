/*
 * tips.h: tips from partners, received as a STIX 2.1 bundle or a MISP
 * event, loaded into a case as indicators and a suspected network.
 *
 * tips_import() reads one JSON file (at most TIPS_MAX_FILE bytes), checks
 * it with jsoncheck.h, and recognizes it by its shape: an object with
 * "type": "bundle" is STIX; {"Event": {...}}, {"response": [one event]}
 * or a bare event (an object with "Attribute", "Object" or "info") is
 * MISP. What it holds becomes rows of the indicators table (kind as in
 * indicators.h, plus "hash" for file hashes, lowercased, and "native_id"
 * for a platform's account id), each with network = the tip's name and
 * source = "tip FILE; ID; PRODUCER" (the bundle's or event's id and the
 * producing organisation, when the file names them). The tip's name is
 * the name argument, else the bundle's intrusion-set, campaign or report
 * name (in that order) or the event's info, else the file's base name
 * without ".json".
 *
 * STIX: indicator patterns of the simple comparison forms
 * ("[domain-name:value = 'x'] OR [url:value = 'y']", ipv4/ipv6-addr,
 * email-addr, email-message:from_ref.value and sender_ref.value,
 * user-account:account_login/user_id, file:hashes.'SHA-256' and other
 * hashes, artifact:hashes, joined by OR or AND inside one bracket and
 * between brackets; no qualifier, FOLLOWEDBY or parentheses around
 * brackets) and the SCOs domain-name, url,
 * email-addr, ipv4-addr, ipv6-addr, file (hashes) and user-account. A
 * pattern outside those forms is counted as not usable, with the object
 * index of the first one, and is no error. Techniques: the external_id of
 * each attack-pattern that a "uses" relationship points to or that has
 * kill_chain_phases (a DISARM reference first, else any other).
 *
 * A value is normalized as the kind its path, SCO type or MISP type
 * declares, never reclassified by its look (a MISP url
 * "https://www.example.org" stays a URL, a text that looks like a domain
 * stays text); a value that cannot be read as that kind, such as a
 * domain-name that is no host name, is not stored.
 *
 * MISP: each Attribute by its type (domain, hostname, url, link, uri,
 * email, email-src/-dst/-reply-to, target-email, whois-registrant-email,
 * dns-soa-email and jabber-id as email, phone-number and
 * whois-registrant-phone, ip-src/ip-dst and their "|port" forms,
 * hostname|port, domain|ip, the hex digests md5, sha1, sha2 and sha3
 * forms, imphash, authentihash, pehash and their filename| forms, text
 * and whois-registrant-name as text, twitter-id and github-username as
 * handles); each Object's
 * attributes the same way, except that an account object (user-account,
 * twitter-account, ...) names an account by its object_relations
 * (user-id, username, account-type or platform). Techniques: tags
 * disarm:technique="T0097" and misp-galaxy:disarm-techniques="NAME", the
 * name mapped to an id through the galaxy cluster file when one is given
 * (its values[].value to meta.external_id), else through the case's vocab
 * table; a name neither knows is counted as unmapped.
 *
 * Every account the tip names (platform and user id and/or login) is
 * looked up in the case: by platform and native id, else by platform and
 * handle (without a platform, a native id or handle that only one
 * account has). Matched accounts become seed members of the network
 * named after the tip (created with label "suspected" when new), with
 * evidence naming the file and object; the techniques are added to its
 * ttps. Types that cibscope does not read are counted as ignored.
 *
 * The whole import and one audit row ("tips-import", with the counts) are
 * one transaction. A real fault (malformed JSON, a value of the wrong
 * type, an object that is no object) is an error
 * "FILE: object N: what is wrong" (N the index in the bundle's objects
 * or in the event's Attribute list; "Object N" for the event's objects)
 * and nothing is changed. Errors follow util.h (-1 with *cause).
 */
#ifndef CIB_TIPS_H
#define CIB_TIPS_H

#include <stdint.h>

struct case_db;

#define TIPS_MAX_FILE	(64 * 1024 * 1024)

enum tips_format { TIPS_STIX, TIPS_MISP };

/* Kinds counted, in this order: the indicators.h kinds that a tip can
 * carry, then "hash", "native_id" and "ip24" (the /24 blocks of a wider
 * IPv4 network block, as attributes hold them; for IPv6, the /48 blocks).
 * An IPv4 block /24 or narrower is its addresses, /23 to /14 its /24
 * blocks; an IPv6 block /120 or narrower is its addresses, /48 to /38 its
 * /48 blocks; any other block is counted as not usable. */
#define TIPS_NKINDS	12
extern const char *const tips_kinds[TIPS_NKINDS];

struct tips_stats {
	enum tips_format format;
	char		 name[256];	/* the tip, = the network's name */
	char		 source[768];	/* as stored in indicators.source */
	int64_t		 objects;	/* STIX objects, MISP attributes
					   and object attributes read */
	int64_t		 values;	/* indicator values found */
	int64_t		 added;		/* new indicator rows */
	int64_t		 duplicates;	/* already stored for this tip */
	int64_t		 by_kind[TIPS_NKINDS];	/* of those added */
	int64_t		 unusable;	/* patterns not usable */
	int64_t		 first_unusable; /* object index of the first, or -1 */
	int64_t		 ignored;	/* objects or attributes of other types */
	int64_t		 accounts;	/* accounts named */
	int64_t		 matched;	/* of those, found in the case */
	int64_t		 members;	/* new members of the network */
	int64_t		 techniques;	/* technique ids found */
	int64_t		 unmapped;	/* technique names with no id */
	char		 ttps[1024];	/* the techniques found, ", " */
};

/* galaxy: MISP's DISARM techniques cluster file
 * (clusters_disarm-techniques.json), or NULL. */
int	tips_import(struct case_db *, const char *path, const char *name,
	    const char *galaxy, struct tips_stats *, char **cause);

#endif
