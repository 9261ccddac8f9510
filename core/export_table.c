/*
 * export_table.c: the network as tables: CSV (one row per member and
 * attribute) and JSON (the network, its members with their attributes
 * and evidence, and the values they share).
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>

#include "export_int.h"

static const char *const csv_header[] = {
	"network", "platform", "native_id", "handle", "display_name",
	"created_at", "followers", "following", "posts", "country",
	"language", "status", "added_at", "added_by", "evidence", "kind",
	"value", "shared_in_network", "accounts_in_case",
};

static void
csv_count(FILE *fp, int64_t n)
{
	fputc(',', fp);
	if (n >= 0)
		fprintf(fp, "%" PRId64, n);
}

static void
csv_text(FILE *fp, const char *s)
{
	fputc(',', fp);
	ex_csv(fp, s);
}

static void
csv_member(FILE *fp, const struct ex_network *n, const struct ex_member *m,
    const struct ex_attr *a)
{
	ex_csv(fp, n->name);
	csv_text(fp, m->platform);
	csv_text(fp, m->native_id);
	csv_text(fp, m->handle);
	csv_text(fp, m->display_name);
	csv_text(fp, m->created_at);
	csv_count(fp, m->followers);
	csv_count(fp, m->following);
	csv_count(fp, m->posts);
	csv_text(fp, m->country);
	csv_text(fp, m->language);
	csv_text(fp, m->status);
	csv_text(fp, m->added_at);
	csv_text(fp, m->added_by);
	csv_text(fp, m->evidence_json != NULL ? m->evidence_json :
	    m->evidence);
	if (a != NULL) {
		csv_text(fp, a->kind);
		csv_text(fp, a->value);
		csv_count(fp, a->shared);
		csv_count(fp, a->accounts);
	} else
		fputs(",,,,", fp);
	fputs("\r\n", fp);
}

int
ex_write_csv(FILE *fp, const struct ex_network *n)
{
	size_t	i, j;

	for (i = 0; i < sizeof csv_header / sizeof csv_header[0]; i++)
		fprintf(fp, "%s%s", i > 0 ? "," : "", csv_header[i]);
	fputs("\r\n", fp);
	for (i = 0; i < n->nmembers; i++) {
		const struct ex_member *m = &n->members[i];

		if (m->nattrs == 0)
			csv_member(fp, n, m, NULL);
		for (j = 0; j < m->nattrs; j++)
			csv_member(fp, n, m, &n->attrs[m->first_attr + j]);
	}
	return 0;
}

static void
json_field(FILE *fp, const char *indent, const char *key, const char *s,
    bool comma)
{
	fprintf(fp, "%s\"%s\": ", indent, key);
	ex_json(fp, s);
	fputs(comma ? ",\n" : "\n", fp);
}

static void
json_count(FILE *fp, const char *indent, const char *key, int64_t v,
    bool comma)
{
	fprintf(fp, "%s\"%s\": ", indent, key);
	if (v >= 0)
		fprintf(fp, "%" PRId64, v);
	else
		fputs("null", fp);
	fputs(comma ? ",\n" : "\n", fp);
}

static void
json_member(FILE *fp, const struct ex_network *n, const struct ex_member *m)
{
	const char	*in = "      ";
	size_t		 j;

	fputs("    {\n", fp);
	json_field(fp, in, "platform", m->platform, true);
	json_field(fp, in, "native_id", m->native_id, true);
	json_field(fp, in, "handle", m->handle, true);
	json_field(fp, in, "display_name", m->display_name, true);
	json_field(fp, in, "bio", m->bio, true);
	json_field(fp, in, "url", m->url, true);
	json_field(fp, in, "created_at", m->created_at, true);
	json_count(fp, in, "followers", m->followers, true);
	json_count(fp, in, "following", m->following, true);
	json_count(fp, in, "posts", m->posts, true);
	json_field(fp, in, "country", m->country, true);
	json_field(fp, in, "language", m->language, true);
	json_field(fp, in, "status", m->status, true);
	json_field(fp, in, "added_at", m->added_at, true);
	json_field(fp, in, "added_by", m->added_by, true);
	if (m->evidence_json != NULL)
		fprintf(fp, "%s\"evidence\": %s,\n", in, m->evidence_json);
	else
		json_field(fp, in, "evidence", m->evidence, true);
	fprintf(fp, "%s\"attributes\": [", in);
	for (j = 0; j < m->nattrs; j++) {
		const struct ex_attr *a = &n->attrs[m->first_attr + j];

		fprintf(fp, "%s\n        {\"kind\": ", j > 0 ? "," : "");
		ex_json(fp, a->kind);
		fputs(", \"value\": ", fp);
		ex_json(fp, a->value);
		fprintf(fp, ", \"shared_in_network\": %" PRId64
		    ", \"accounts_in_case\": %" PRId64 "}", a->shared,
		    a->accounts);
	}
	fprintf(fp, "%s]\n    }", m->nattrs > 0 ? "\n      " : "");
}

int
ex_write_json(FILE *fp, const struct ex_network *n)
{
	const char	*in = "    ";
	size_t		 i;

	fputs("{\n  \"network\": {\n", fp);
	json_field(fp, in, "name", n->name, true);
	json_field(fp, in, "label", n->label, true);
	json_field(fp, in, "origin", n->origin, true);
	json_field(fp, in, "target", n->target, true);
	fprintf(fp, "%s\"techniques\": [", in);
	for (i = 0; i < n->nttps; i++) {
		fprintf(fp, "%s\n      {\"id\": ", i > 0 ? "," : "");
		ex_json(fp, n->ttps_list[i].id);
		fputs(", \"framework\": ", fp);
		ex_json(fp, vocab_framework_key(n->ttps_list[i].framework));
		fputs(", \"name\": ", fp);
		ex_json(fp, n->ttps_list[i].name);
		fputc('}', fp);
	}
	fprintf(fp, "%s],\n", n->nttps > 0 ? "\n    " : "");
	json_field(fp, in, "notes", n->notes, true);
	json_field(fp, in, "created_at", n->created_at, true);
	json_field(fp, in, "created_by", n->created_by, true);
	json_field(fp, in, "updated_at", n->updated_at, false);
	fputs("  },\n  \"members\": [", fp);
	for (i = 0; i < n->nmembers; i++) {
		fputs(i > 0 ? ",\n" : "\n", fp);
		json_member(fp, n, &n->members[i]);
	}
	fprintf(fp, "%s],\n  \"shared_values\": [", n->nmembers > 0 ?
	    "\n  " : "");
	for (i = 0; i < n->nvalues; i++) {
		fprintf(fp, "%s\n    {\"kind\": ", i > 0 ? "," : "");
		ex_json(fp, n->values[i].kind);
		fputs(", \"value\": ", fp);
		ex_json(fp, n->values[i].value);
		fprintf(fp, ", \"members\": %" PRId64 "}",
		    n->values[i].members);
	}
	fprintf(fp, "%s]\n}\n", n->nvalues > 0 ? "\n  " : "");
	return 0;
}
