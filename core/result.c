/*
 * result.c: pages of a query result, and the result written out as a
 * table, CSV, JSON or ids for the command line.
 */
#include "config.h"
#include "result.h"

#include <stdlib.h>
#include <string.h>

#include "case.h"
#include "query.h"
#include "sanitize.h"
#include "util.h"

int64_t
result_page(struct case_db *c, const struct query_result *r, int64_t first,
    int64_t n, void (*fn)(void *, const struct result_row *), void *arg,
    char **cause)
{
	sqlite3_stmt		*st;
	struct result_row	 row;
	char			*sql;
	int64_t			 count = 0;
	int			 rc;

	sql = xasprintf("SELECT r.ord, a.id, a.platform, a.native_id, a.handle,"
	    " a.display_name, a.created_at, a.followers, (SELECT"
	    " group_concat(n.name, ',') FROM network_members m JOIN networks n"
	    " ON n.id = m.network_id WHERE m.account_id = a.id), r.evidence"
	    " FROM %s r JOIN accounts a ON a.id = r.account_id"
	    " WHERE r.ord >= ?1 AND r.ord < ?2 ORDER BY r.ord", r->table);
	rc = sqlite3_prepare_v2(c->db, sql, -1, &st, NULL);
	free(sql);
	if (rc != SQLITE_OK)
		return case_error(c, cause, "reading a result");
	sqlite3_bind_int64(st, 1, first);
	sqlite3_bind_int64(st, 2, first + n);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row.ord = sqlite3_column_int64(st, 0);
		row.id = sqlite3_column_int64(st, 1);
		row.platform = (const char *)sqlite3_column_text(st, 2);
		row.native_id = (const char *)sqlite3_column_text(st, 3);
		row.handle = (const char *)sqlite3_column_text(st, 4);
		row.display_name = (const char *)sqlite3_column_text(st, 5);
		row.created_at = (const char *)sqlite3_column_text(st, 6);
		row.followers = sqlite3_column_type(st, 7) == SQLITE_NULL ?
		    -1 : sqlite3_column_int64(st, 7);
		row.networks = (const char *)sqlite3_column_text(st, 8);
		row.evidence = (const char *)sqlite3_column_text(st, 9);
		fn(arg, &row);
		count++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return case_error(c, cause, "reading a result");
	return count;
}

int
result_format_parse(const char *s)
{
	static const char *const names[] = {
		[RESULT_TABLE] = "table",
		[RESULT_CSV] = "csv",
		[RESULT_JSON] = "json",
		[RESULT_IDS] = "ids",
	};
	size_t	i;

	for (i = 0; i < nitems(names); i++) {
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	}
	return -1;
}

/* Sanitized text, NULL as empty. */
static void
safe(struct buf *b, const char *s, int flags)
{
	buf_clear(b);
	if (s != NULL)
		sanitize(s, strlen(s), flags, b);
	else
		buf_adds(b, "");
}

void
result_csv_cell(FILE *fp, const char *s)
{
	const char	*p;
	bool		 quote = false;

	if (s == NULL)
		return;
	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		fputc('"', fp);
	if (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' ||
	    *s == '\r')
		fputc('\'', fp);
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			fputc('"', fp);
		fputc(*p, fp);
	}
	if (quote)
		fputc('"', fp);
}

struct print_ctx {
	FILE			*fp;
	enum result_format	 format;
	struct buf		 b;
	bool			 first;
};

static void
print_row(void *arg, const struct result_row *r)
{
	struct print_ctx	*p = arg;
	FILE			*fp = p->fp;

	switch (p->format) {
	case RESULT_IDS:
		fprintf(fp, "%lld\n", (long long)r->id);
		break;
	case RESULT_TABLE:
		fprintf(fp, "%7lld  %-8.8s ", (long long)r->id,
		    r->platform != NULL ? r->platform : "");
		buf_clear(&p->b);
		sanitize_fit(r->handle != NULL ? r->handle : "",
		    r->handle != NULL ? strlen(r->handle) : 0,
		    SANITIZE_ONELINE | SANITIZE_PAD, 22, &p->b);
		fprintf(fp, "%s ", p->b.data);
		buf_clear(&p->b);
		sanitize_fit(r->display_name != NULL ? r->display_name : "",
		    r->display_name != NULL ? strlen(r->display_name) : 0,
		    SANITIZE_ONELINE | SANITIZE_PAD, 24, &p->b);
		fprintf(fp, "%s %-20s", p->b.data,
		    r->created_at != NULL ? r->created_at : "");
		if (r->evidence != NULL) {
			buf_clear(&p->b);
			sanitize_fit(r->evidence, strlen(r->evidence),
			    SANITIZE_ONELINE, 80, &p->b);
			fprintf(fp, " %s", p->b.data);
		}
		fputc('\n', fp);
		break;
	case RESULT_CSV:
		fprintf(fp, "%lld,", (long long)r->id);
		safe(&p->b, r->platform, SANITIZE_ONELINE);
		result_csv_cell(fp, p->b.data);
		fputc(',', fp);
		safe(&p->b, r->native_id, SANITIZE_ONELINE);
		result_csv_cell(fp, p->b.data);
		fputc(',', fp);
		safe(&p->b, r->handle, SANITIZE_ONELINE);
		result_csv_cell(fp, p->b.data);
		fputc(',', fp);
		safe(&p->b, r->display_name, SANITIZE_ONELINE);
		result_csv_cell(fp, p->b.data);
		fprintf(fp, ",%s,", r->created_at != NULL ? r->created_at : "");
		if (r->followers >= 0)
			fprintf(fp, "%lld", (long long)r->followers);
		fputc(',', fp);
		safe(&p->b, r->networks, SANITIZE_ONELINE);
		result_csv_cell(fp, p->b.data);
		fputc(',', fp);
		safe(&p->b, r->evidence, SANITIZE_ONELINE);
		result_csv_cell(fp, p->b.data);
		fputc('\n', fp);
		break;
	case RESULT_JSON: {
		struct buf j = BUF_INIT;

		buf_printf(&j, "%s{\"id\":%lld,\"platform\":", p->first ? "" :
		    ",\n", (long long)r->id);
		p->first = false;
		safe(&p->b, r->platform, 0);
		buf_add_json(&j, p->b.data);
		buf_adds(&j, ",\"native_id\":");
		safe(&p->b, r->native_id, 0);
		buf_add_json(&j, p->b.data);
		buf_adds(&j, ",\"handle\":");
		safe(&p->b, r->handle, 0);
		buf_add_json(&j, r->handle != NULL ? p->b.data : NULL);
		buf_adds(&j, ",\"display_name\":");
		safe(&p->b, r->display_name, 0);
		buf_add_json(&j, r->display_name != NULL ? p->b.data : NULL);
		buf_adds(&j, ",\"created_at\":");
		buf_add_json(&j, r->created_at);
		if (r->followers >= 0)
			buf_printf(&j, ",\"followers\":%lld",
			    (long long)r->followers);
		else
			buf_adds(&j, ",\"followers\":null");
		buf_adds(&j, ",\"networks\":");
		buf_add_json(&j, r->networks);
		/* Evidence is JSON text the engine wrote; sanitizing keeps it
		 * JSON (controls are already escaped) and makes bidi and
		 * invisible characters visible. */
		safe(&p->b, r->evidence, 0);
		buf_printf(&j, ",\"evidence\":%s}", r->evidence != NULL ?
		    p->b.data : "null");
		fputs(j.data, fp);
		buf_free(&j);
		break;
	}
	}
}

int
result_print(FILE *fp, struct case_db *c, const struct query_result *r,
    enum result_format format, char **cause)
{
	struct print_ctx	p = { fp, format, BUF_INIT, true };
	const int64_t		chunk = 4096;
	int64_t			first, n;
	size_t			i;

	if (format == RESULT_CSV)
		fputs("id,platform,native_id,handle,display_name,created_at,"
		    "followers,networks,evidence\n", fp);
	else if (format == RESULT_JSON)
		fputs("{\"accounts\":[\n", fp);
	else if (format == RESULT_TABLE)
		fprintf(fp, "%7s  %-8s %-22s %-24s %-20s %s\n", "id",
		    "platform", "handle", "display name", "created", "evidence");
	for (first = 1; first <= r->count; first += chunk) {
		n = result_page(c, r, first, chunk, print_row, &p, cause);
		if (n < 0) {
			buf_free(&p.b);
			return -1;
		}
	}
	if (format == RESULT_JSON) {
		fprintf(fp, "\n],\"count\":%lld,\"hubs\":[", (long long)r->count);
		for (i = 0; i < r->nhubs; i++) {
			struct buf j = BUF_INIT;

			buf_printf(&j, "%s{\"kind\":", i > 0 ? "," : "");
			buf_add_json(&j, r->hubs[i].kind);
			buf_adds(&j, ",\"value\":");
			safe(&p.b, r->hubs[i].value, 0);
			buf_add_json(&j, p.b.data);
			buf_printf(&j, ",\"accounts\":%lld}",
			    (long long)r->hubs[i].accounts);
			fputs(j.data, fp);
			buf_free(&j);
		}
		fputs("]}\n", fp);
	} else if (format == RESULT_TABLE) {
		fprintf(fp, "%lld accounts\n", (long long)r->count);
		for (i = 0; i < r->nhubs; i++) {
			safe(&p.b, r->hubs[i].value, SANITIZE_ONELINE);
			fprintf(fp, "hub skipped: %s %s (x%lld)\n",
			    r->hubs[i].kind, p.b.data,
			    (long long)r->hubs[i].accounts);
		}
	}
	buf_free(&p.b);
	return 0;
}
