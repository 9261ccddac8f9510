/*
 * export_misp.c: the network as a MISP event (the JSON MISP imports with
 * "Add event from JSON"): an Attribute per shared infrastructure value
 * (domain, ip-dst, url, email-src, phone-number; categories as MISP's
 * describeTypes.json allows them), a user-account Object per member (the
 * relations of MISP's user-account template, version 6: user-id,
 * username, account-type, display-name, link, description, created), and
 * Tags: the network's label, and per technique a tag as MISP writes it.
 * A DISARM technique is the galaxy tag misp-galaxy:disarm-techniques=
 * "<cluster value>": the value from MISP's galaxy file when the export
 * was given one, else the name the case's vocabulary gives it (for most
 * techniques the same words). A DISARM technique the galaxy lacks, or
 * that no vocabulary names, is the plain tag disarm:technique="T0145.001
 * - name" instead; a Meta kill chain technique meta-killchain:technique=
 * "0.3.2 - name". Uuids are UUIDv5 of natural keys; the event's date and
 * timestamps are the network's.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export_int.h"
#include "normalize.h"
#include "util.h"

/* MISP's user-account object template (misp-objects). */
#define MISP_USER_ACCOUNT_UUID		"49606b06-22f0-4ac8-8eee-2f12ad46f3d3"
#define MISP_USER_ACCOUNT_VERSION	"6"

static const struct {
	const char	*kind;
	const char	*type;
	const char	*category;
	bool		 to_ids;
} misp_types[] = {
	{ "domain", "domain", "Network activity", true },
	{ "ip", "ip-dst", "Network activity", true },
	{ "url", "url", "Network activity", true },
	{ "email", "email-src", "Social network", false },
	{ "phone", "phone-number", "Person", false },
};

static void
uuid_of(const char *fmt1, const char *a, const char *b,
    char out[EX_UUID_LEN])
{
	char	*key = xasprintf("%s:%s:%s", fmt1, a, b != NULL ? b : "");

	ex_uuid(key, out);
	free(key);
}

static void
obj_attr(FILE *fp, bool *first, const char *owner, const char *relation,
    const char *type, const char *value, const char *ts)
{
	char	uuid[EX_UUID_LEN];
	char	*key;

	if (value == NULL || value[0] == '\0')
		return;
	key = xasprintf("%s:%s", owner, relation);
	uuid_of("misp-object-attribute", key, NULL, uuid);
	free(key);
	fprintf(fp, "%s\n            {\"uuid\": \"%s\", \"object_relation\": "
	    "\"%s\", \"type\": \"%s\", \"value\": ", *first ? "" : ",", uuid,
	    relation, type);
	ex_json(fp, value);
	fprintf(fp, ", \"timestamp\": \"%s\", \"to_ids\": false, "
	    "\"disable_correlation\": false}", ts);
	*first = false;
}

int
ex_write_misp(FILE *fp, const struct ex_network *n)
{
	char		 uuid[EX_UUID_LEN], ts[24], date[11] = "1970-01-01";
	char		*key, *info;
	int64_t		 t = 0;
	size_t		 i, k, na = 0;
	bool		 first;

	if (n->updated_at != NULL && norm_time(n->updated_at, &t))
		snprintf(ts, sizeof ts, "%" PRId64, t);
	else
		snprintf(ts, sizeof ts, "0");
	if (n->created_at != NULL && norm_time(n->created_at, &t))
		norm_time_day(t, date);
	uuid_of("misp-event", n->name, NULL, uuid);
	info = xasprintf("CIB network %s (%s)", n->name, n->label);

	fputs("{\n  \"Event\": {\n    \"uuid\": ", fp);
	ex_json(fp, uuid);
	fputs(",\n    \"info\": ", fp);
	ex_json(fp, info);
	free(info);
	fprintf(fp, ",\n    \"date\": \"%s\",\n    \"timestamp\": \"%s\",\n"
	    "    \"threat_level_id\": \"2\",\n    \"analysis\": \"%s\",\n"
	    "    \"distribution\": \"0\",\n    \"published\": false,\n"
	    "    \"Orgc\": {\"name\": ", date, ts,
	    n->label != NULL && strcmp(n->label, "suspected") == 0 ? "1" :
	    "2");
	ex_json(fp, n->team);
	fputs("},\n    \"Tag\": [", fp);
	fputs("\n      {\"name\": ", fp);
	key = xasprintf("cibscope:label=\"%s\"", n->label != NULL ? n->label :
	    "suspected");
	ex_json(fp, key);
	free(key);
	fputc('}', fp);
	for (i = 0; i < n->nttps; i++) {
		const struct ex_ttp	*tp = &n->ttps_list[i];
		const char		*value;

		value = n->galaxy ? tp->galaxy : tp->name;
		if (tp->framework == VOCAB_DISARM && value != NULL)
			key = xasprintf("misp-galaxy:disarm-techniques=\"%s\"",
			    value);
		else
			key = xasprintf("%s:technique=\"%s%s%s\"",
			    tp->framework == VOCAB_DISARM ? "disarm" :
			    "meta-killchain", tp->id, tp->name != NULL ?
			    " - " : "", tp->name != NULL ? tp->name : "");
		fputs(",\n      {\"name\": ", fp);
		ex_json(fp, key);
		fputc('}', fp);
		free(key);
	}
	fputs("\n    ],\n    \"Attribute\": [", fp);
	for (i = 0; i < n->nvalues; i++) {
		const struct ex_value	*v = &n->values[i];
		char			*comment;

		for (k = 0; k < nitems(misp_types); k++) {
			if (strcmp(misp_types[k].kind, v->kind) == 0)
				break;
		}
		if (k == nitems(misp_types))
			continue;
		uuid_of("misp-attribute", v->kind, v->value, uuid);
		fprintf(fp, "%s\n      {\"uuid\": \"%s\", \"type\": \"%s\", "
		    "\"category\": \"%s\", \"value\": ", na++ > 0 ? "," : "",
		    uuid, misp_types[k].type, misp_types[k].category);
		ex_json(fp, v->value);
		comment = xasprintf("shared by %" PRId64 " member accounts",
		    v->members);
		fputs(", \"comment\": ", fp);
		ex_json(fp, comment);
		free(comment);
		fprintf(fp, ", \"to_ids\": %s, \"distribution\": \"5\", "
		    "\"timestamp\": \"%s\"}", misp_types[k].to_ids ? "true" :
		    "false", ts);
	}
	fprintf(fp, "%s],\n    \"Object\": [", na > 0 ? "\n    " : "");
	for (i = 0; i < n->nmembers; i++) {
		const struct ex_member	*m = &n->members[i];
		char			*owner, when[32];

		owner = xasprintf("%s:%s", m->platform, m->native_id);
		uuid_of("misp-object", owner, NULL, uuid);
		fprintf(fp, "%s\n      {\n        \"uuid\": \"%s\",\n"
		    "        \"name\": \"user-account\",\n"
		    "        \"meta-category\": \"misc\",\n"
		    "        \"template_uuid\": \"" MISP_USER_ACCOUNT_UUID "\",\n"
		    "        \"template_version\": \"" MISP_USER_ACCOUNT_VERSION
		    "\",\n"
		    "        \"distribution\": \"5\",\n"
		    "        \"timestamp\": \"%s\",\n"
		    "        \"comment\": ", i > 0 ? "," : "", uuid, ts);
		ex_json(fp, m->platform);
		fputs(",\n        \"Attribute\": [", fp);
		first = true;
		obj_attr(fp, &first, owner, "user-id", "text", m->native_id,
		    ts);
		obj_attr(fp, &first, owner, "username", "text", m->handle, ts);
		obj_attr(fp, &first, owner, "account-type", "text",
		    m->platform, ts);
		obj_attr(fp, &first, owner, "display-name", "text",
		    m->display_name, ts);
		obj_attr(fp, &first, owner, "link", "link", m->url, ts);
		obj_attr(fp, &first, owner, "description", "text", m->bio, ts);
		if (ex_stix_time(m->created_at, when))
			obj_attr(fp, &first, owner, "created", "datetime",
			    when, ts);
		fprintf(fp, "%s]\n      }", first ? "" : "\n        ");
		free(owner);
	}
	fprintf(fp, "%s]\n  }\n}\n", n->nmembers > 0 ? "\n    " : "");
	return 0;
}
