/*
 * vocab.h: technique vocabularies, so that a network's TTPs are real ids
 * with names.
 *
 * Two frameworks are known. DISARM Red techniques have ids of the form
 * T0007 or T0097.101 (^T[0-9]{4}(\.[0-9]{3})?$). Meta's Online Operations
 * Kill Chain numbers its techniques and procedures with dotted digits:
 * "0.3" (technique), "0.3.2" (procedure), and a few longer ones such as
 * "0.9.10.0" in the published file; a bare tactic number ("0") is not a
 * technique.
 *
 * vocab_import() loads a vocabulary CSV into the case's vocab table,
 * recognizing the file by its header (case-insensitive, trimmed):
 *   id, name, tactic_id, tactic       the DISARM Red techniques export;
 *   tactic, technique, procedure      Meta's kill chain: ids are the
 *                                     leading number of the technique and
 *                                     procedure cells ("0.3 Acquiring
 *                                     phone" -> "0.3"), names the rest;
 *   id, name[, tactic]                any list of ids of either form.
 * A re-import replaces the names of ids already loaded. The whole file
 * and one audit row ("vocab-import") are one transaction. A row that
 * cannot be read is skipped with a "FILE:LINE: message" passed to the
 * caller's warn function (if any) and counted; blank rows are ignored.
 *
 * vocab_check() validates one id: its form must be one of the two, and
 * when the case holds a vocabulary of that framework the id must be in it
 * ("unknown technique T9999 (not in the loaded DISARM vocabulary)");
 * otherwise the form alone decides.
 *
 * Memory: strings returned are malloc'd and belong to the caller. Errors
 * follow util.h (-1 with *cause).
 */
#ifndef CIB_VOCAB_H
#define CIB_VOCAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct case_db;

enum vocab_framework {
	VOCAB_UNKNOWN = 0,
	VOCAB_DISARM,
	VOCAB_META,
};

/* "disarm" and "meta" (as stored in vocab.framework), NULL for unknown. */
const char		*vocab_framework_key(enum vocab_framework);
/* "DISARM" and "Meta kill chain", for messages and reports. */
const char		*vocab_framework_title(enum vocab_framework);
/* Which framework an id's form belongs to (VOCAB_UNKNOWN: neither). */
enum vocab_framework	 vocab_id_form(const char *id);

struct vocab_import_stats {
	enum vocab_framework	framework;	/* of the file's first id */
	const char		*layout;	/* "disarm", "meta", "generic" */
	int64_t			rows;		/* data rows read */
	int64_t			ids;		/* distinct ids loaded */
	int64_t			skipped;	/* bad rows */
};

/* Load a vocabulary file; warn (may be NULL) receives each skipped row's
 * message. Returns 0, or -1 with *cause (nothing is changed). */
int	vocab_import(struct case_db *, const char *path,
	    void (*warn)(void *, const char *), void *warn_arg,
	    struct vocab_import_stats *, char **cause);

/* 0 when id is acceptable, else -1 with *cause saying why. */
int	vocab_check(struct case_db *, const char *id, char **cause);

/* Order technique ids as people read them: digit runs compare as numbers
 * (T0097.101 after T0097.9, 1.10 after 1.9). */
int	vocab_id_cmp(const char *, const char *);

/* Check each id of a list separated by commas and/or white space
 * ("T0007, 0.3.2"). An empty list is fine. */
int	vocab_check_list(struct case_db *, const char *list, char **cause);

/* The loaded name of an id, or NULL when none is loaded. */
char	*vocab_name(struct case_db *, const char *id);

struct vocab_entry {
	const char	*id;
	const char	*framework;
	const char	*name;		/* may be NULL */
	const char	*tactic;	/* may be NULL */
};

/* Call fn for each loaded id, by framework and then in id order (numeric
 * parts compared as numbers: 0.9.2 before 0.9.10). The entry's strings
 * are valid during the call only. Returns the count, or -1 with *cause. */
int64_t	vocab_each(struct case_db *,
	    void (*fn)(void *, const struct vocab_entry *), void *arg,
	    char **cause);

#endif
