/*
 * schema.h: the case database's tables, and how older cases move forward.
 *
 * schema_create() writes the current schema into an empty database;
 * schema_migrate() moves a case from its user_version to
 * CASE_SCHEMA_VERSION. Both run inside the caller's transaction and leave
 * user_version set; on error they return -1 with *cause set and the caller
 * rolls back.
 *
 * Tables (all STRICT):
 *   case_info(key, value)
 *   accounts(id, platform, native_id, handle, display_name, bio, url,
 *            created_at [ISO 8601 UTC text], followers, following, posts,
 *            country, language, status)       UNIQUE(platform, native_id)
 *   attributes(kind, value, account_id, raw, first_seen, last_seen, source)
 *            PRIMARY KEY(kind, value, account_id) WITHOUT ROWID, and the
 *            index attributes_by_account(account_id, kind, value)
 *   attribute_stats(kind, value, accounts)  exact count of accounts
 *   posts(id, account_id, native_id, posted_at [Unix seconds UTC], text,
 *         text_hash [64-bit hash of the normalized text, 0 = none],
 *         reply_to, repost_of, hashtags)      UNIQUE(account_id, native_id)
 *   post_urls(post_id, url, domain)           PRIMARY KEY(post_id, url)
 *   networks(id, name, label, origin, target, ttps, notes, created_at,
 *            created_by, updated_at)
 *   network_members(network_id, account_id, added_at, added_by, evidence)
 *   audit(seq, at, actor, action, target, detail, hash)   append-only;
 *            hash chains each row to the one before (version 2, audit.h)
 *   vocab(id, framework, name, tactic)   technique ids (DISARM, Meta's
 *            kill chain) loaded by `cibscope vocab import`
 *   indicators(id, kind, value, raw, tactic, technique, procedure,
 *            comment, network, source)  published indicators, normalized
 *   planted(account_id, network)   true membership of generated networks
 */
#ifndef CIB_SCHEMA_H
#define CIB_SCHEMA_H

#include <sqlite3.h>

int	schema_create(sqlite3 *, char **cause);
int	schema_migrate(sqlite3 *, int from, char **cause);

/* Secondary indexes, dropped for a bulk load into an empty case and
 * rebuilt afterwards. */
extern const char schema_drop_secondary[];
extern const char schema_create_secondary[];

/*
 * The index of accounts by platform and handle as handles are compared
 * (lowercased, leading @ and spaces dropped): made by the first import
 * that matches accounts by handle, so other cases and bulk loads do not
 * pay for it. SCHEMA_HANDLE_KEY is its expression, for queries that
 * must use it.
 */
extern const char schema_handle_index[];
#define SCHEMA_HANDLE_KEY	"lower(ltrim(rtrim(handle), '@ '))"

#endif
