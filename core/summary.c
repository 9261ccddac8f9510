/*
 * summary.c: a case in numbers. `cibscope check` prints this after the
 * integrity check; so does opening a case without the screen.
 */
#include "config.h"
#include "summary.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "case.h"
#include "sanitize.h"
#include "util.h"

static const char *const summary_tables[] = {
	"accounts", "attributes", "attribute_stats", "posts", "post_urls",
	"networks", "network_members", "audit", "planted"
};

/* Print a value from the case, made safe and cut to cols columns. */
static void
print_safe(FILE *fp, const char *s, size_t cols, int flags)
{
	struct buf	b = BUF_INIT;

	if (s == NULL)
		s = "";
	sanitize_fit(s, strlen(s), SANITIZE_ONELINE | flags, cols, &b);
	fputs(b.data != NULL ? b.data : "", fp);
	buf_free(&b);
}

int
summary_integrity(FILE *fp, struct case_db *c, char **cause)
{
	sqlite3_stmt	*st;
	const char	*msg;
	int		 bad = 0, rc;

	if (sqlite3_prepare_v2(c->db, "PRAGMA integrity_check(20)", -1, &st,
	    NULL) != SQLITE_OK)
		return case_error(c, cause, "integrity check");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		msg = (const char *)sqlite3_column_text(st, 0);
		if (msg != NULL && strcmp(msg, "ok") == 0)
			continue;
		fputs("integrity: ", fp);
		print_safe(fp, msg != NULL ? msg : "?", 200, 0);
		fputc('\n', fp);
		bad++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return case_error(c, cause, "integrity check");
	if (bad == 0)
		fputs("integrity: ok\n", fp);
	return bad == 0 ? 0 : 1;
}

int
summary_audit(FILE *fp, struct case_db *c, char **cause)
{
	struct audit_chain	ch;

	if (audit_verify(c, &ch, cause) != 0)
		return -1;
	fprintf(fp, "audit:     %" PRId64 " entries", ch.entries);
	if (!ch.chained) {
		fprintf(fp, ", no hash chain (case schema %d; the next change "
		    "migrates it)\n", c->version);
		return 0;
	}
	if (ch.broken_seq != 0) {
		fprintf(fp, "; the hash chain breaks at entry %" PRId64 ": it "
		    "or an entry before it was changed, removed or inserted "
		    "outside cibscope\n", ch.broken_seq);
		return 1;
	}
	if (ch.entries == 0)
		fputs(", hash chain empty\n", fp);
	else
		fprintf(fp, ", hash chain intact\naudit head: entry %" PRId64
		    " %s\n", ch.head_seq, ch.head);
	return 0;
}

int
summary_print(FILE *fp, struct case_db *c, int top, char **cause)
{
	sqlite3_stmt	*kinds = NULL, *vals = NULL;
	char		*name, *created;
	size_t		 i;
	int		 rc = -1;

	name = case_info_get(c, "name");
	created = case_info_get(c, "created");
	fputs("case:     ", fp);
	print_safe(fp, name != NULL && *name != '\0' ? name : "(unnamed)",
	    60, 0);
	fprintf(fp, "\nfile:     %s\nschema:   version %d%s\ncreated:  %s\n",
	    c->path, c->version, c->readonly ? " (read-only)" : "",
	    created != NULL ? created : "unknown");
	free(name);
	free(created);

	fputs("\ntable                  rows\n", fp);
	for (i = 0; i < nitems(summary_tables); i++)
		fprintf(fp, "%-18s %10lld\n", summary_tables[i],
		    (long long)case_count(c, summary_tables[i]));

	if (sqlite3_prepare_v2(c->db, "SELECT kind, count(*), sum(accounts),"
	    " sum(accounts > 1) FROM attribute_stats GROUP BY kind"
	    " ORDER BY kind", -1, &kinds, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->db, "SELECT value, accounts FROM"
	    " attribute_stats WHERE kind = ?1 AND accounts > 1"
	    " ORDER BY accounts DESC, value LIMIT ?2", -1, &vals,
	    NULL) != SQLITE_OK) {
		case_error(c, cause, "summary");
		goto out;
	}
	fputs("\nattribute kind       values   accounts     shared\n", fp);
	while (sqlite3_step(kinds) == SQLITE_ROW) {
		print_safe(fp, (const char *)sqlite3_column_text(kinds, 0), 16,
		    SANITIZE_PAD);
		fprintf(fp, " %10lld %10lld %10lld\n",
		    sqlite3_column_int64(kinds, 1),
		    sqlite3_column_int64(kinds, 2),
		    sqlite3_column_int64(kinds, 3));
	}
	sqlite3_reset(kinds);

	if (top > 0) {
		fprintf(fp, "\nmost shared values (top %d per kind)\n", top);
		while (sqlite3_step(kinds) == SQLITE_ROW) {
			const char *kind = (const char *)
			    sqlite3_column_text(kinds, 0);
			bool first = true;

			sqlite3_bind_text(vals, 1, kind, -1, SQLITE_STATIC);
			sqlite3_bind_int(vals, 2, top);
			while (sqlite3_step(vals) == SQLITE_ROW) {
				if (first) {
					fputs("  ", fp);
					print_safe(fp, kind, 32, 0);
					fputs("\n", fp);
					first = false;
				}
				fprintf(fp, "    x%-7lld ",
				    sqlite3_column_int64(vals, 1));
				print_safe(fp, (const char *)
				    sqlite3_column_text(vals, 0), 60, 0);
				fputs("\n", fp);
			}
			sqlite3_reset(vals);
		}
	}
	rc = 0;
out:
	sqlite3_finalize(kinds);
	sqlite3_finalize(vals);
	return rc;
}
