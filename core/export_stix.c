/*
 * export_stix.c: the network as a STIX 2.1 bundle.
 *
 * Objects, in this order: the exporting team's identity; an
 * attack-pattern per technique id, with an external reference naming the
 * framework (DISARM: source_name "DISARM", external_id "T0007") and, for
 * a DISARM technique whose tactic the case's vocabulary knows, a kill
 * chain phase (kill_chain_name "disarm", phase_name the tactic's name in
 * lowercase words joined by hyphens: "establish-assets"); an indicator
 * with a STIX pattern per shared domain, URL, IP address and e-mail
 * address; a user-account per member; an observed-data whose object_refs
 * are those accounts; an intrusion-set for the network (its name and
 * notes); relationships: the intrusion-set "uses" each attack-pattern,
 * each indicator "indicates" the intrusion-set, the intrusion-set is
 * "related-to" the observed-data, and each indicator is "related-to"
 * each member account that carries its value; last a grouping (the
 * network's label, origin and target countries, notes) whose object_refs
 * name every object but the identity.
 *
 * Ids are UUIDv5: SDOs and relationships from cibscope's namespace and a
 * natural key ("indicator:domain:example.com"); user-accounts as STIX
 * itself derives SCO ids (the SCO namespace and the canonical JSON of
 * account_login, account_type and user_id). Timestamps are the network's
 * created_at and updated_at.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export_int.h"
#include "util.h"

#define STIX_SCO_NAMESPACE	"00abedb4-aa42-466c-9c01-fed23315a9b7"
#define STIX_EPOCH		"1970-01-01T00:00:00.000Z"

/* One object being written: fields are separated as they come. */
struct obj {
	FILE	*fp;
	int	 n;
};

static void
obj_begin(struct obj *o, FILE *fp, bool first)
{
	o->fp = fp;
	o->n = 0;
	fputs(first ? "\n    {" : ",\n    {", fp);
}

static void
obj_key(struct obj *o, const char *key)
{
	fprintf(o->fp, "%s\n      \"%s\": ", o->n++ > 0 ? "," : "", key);
}

/* A string the program made itself (ids, times, vocabulary words). */
static void
obj_lit(struct obj *o, const char *key, const char *v)
{
	struct buf	b = BUF_INIT;

	obj_key(o, key);
	buf_add_json(&b, v);
	fputs(b.data, o->fp);
	buf_free(&b);
}

/* A string from the case. */
static void
obj_text(struct obj *o, const char *key, const char *v)
{
	obj_key(o, key);
	ex_json(o->fp, v);
}

static void
obj_end(struct obj *o)
{
	fputs("\n    }", o->fp);
}

static void
obj_common(struct obj *o, const char *type, const char *id,
    const char *created, const char *modified, const char *creator)
{
	obj_lit(o, "type", type);
	obj_lit(o, "spec_version", "2.1");
	obj_lit(o, "id", id);
	if (creator != NULL)
		obj_lit(o, "created_by_ref", creator);
	obj_lit(o, "created", created);
	obj_lit(o, "modified", modified);
}

static void
sdo_id(const char *type, const char *key, char *out, size_t outsz)
{
	char	 uuid[EX_UUID_LEN];
	char	*name = xasprintf("%s:%s", type, key);

	ex_uuid(name, uuid);
	snprintf(out, outsz, "%s--%s", type, uuid);
	free(name);
}

/* STIX's own id for a user-account: UUIDv5 of the canonical JSON of its
 * id-contributing properties, in key order. */
static void
account_id(const struct ex_member *m, char *out, size_t outsz)
{
	struct buf	j = BUF_INIT, t = BUF_INIT, lit = BUF_INIT;
	char		uuid[EX_UUID_LEN];
	const char	*sep = "";

	buf_addc(&j, '{');
	if (m->handle != NULL && m->handle[0] != '\0') {
		ex_clean(&t, m->handle);
		buf_adds(&j, "\"account_login\":");
		buf_add_json(&j, t.data);
		sep = ",";
	}
	ex_clean(&t, m->platform);
	buf_printf(&j, "%s\"account_type\":", sep);
	buf_add_json(&j, t.data);
	ex_clean(&t, m->native_id);
	buf_adds(&j, ",\"user_id\":");
	buf_add_json(&j, t.data);
	buf_addc(&j, '}');
	ex_uuid5(STIX_SCO_NAMESPACE, j.data, j.len, uuid);
	snprintf(out, outsz, "user-account--%s", uuid);
	buf_free(&j);
	buf_free(&t);
	buf_free(&lit);
}

/* The STIX cyber-observable type of an attribute kind with a pattern,
 * or NULL when the kind has none. */
static const char *
pattern_type(const char *kind, const char *value)
{
	if (strcmp(kind, "domain") == 0)
		return "domain-name";
	if (strcmp(kind, "url") == 0)
		return "url";
	if (strcmp(kind, "email") == 0)
		return "email-addr";
	if (strcmp(kind, "ip") == 0)
		return strchr(value, ':') != NULL ? "ipv6-addr" : "ipv4-addr";
	return NULL;
}

/* "[domain-name:value = 'x']", quotes and backslashes escaped. */
static char *
pattern(const char *type, const char *value)
{
	struct buf	 b = BUF_INIT, clean = BUF_INIT;
	const char	*p;

	ex_clean(&clean, value);
	buf_printf(&b, "[%s:value = '", type);
	for (p = clean.data; *p != '\0'; p++) {
		if (*p == '\'' || *p == '\\')
			buf_addc(&b, '\\');
		buf_addc(&b, *p);
	}
	buf_adds(&b, "']");
	buf_free(&clean);
	return buf_steal(&b);
}

static const char *
framework_source(enum vocab_framework fw)
{
	switch (fw) {
	case VOCAB_DISARM:
		return "DISARM";
	case VOCAB_META:
		return "Meta Online Operations Kill Chain";
	default:
		return "unknown";
	}
}

/* A DISARM tactic as a kill-chain phase name: "TA15 Establish Assets" ->
 * "establish-assets"; NULL when nothing is left. */
static char *
phase_name(const char *tactic)
{
	struct buf	 b = BUF_INIT, clean = BUF_INIT;
	const char	*p;
	bool		 gap = false;

	ex_clean(&clean, tactic);
	p = clean.data;
	if (p[0] == 'T' && p[1] == 'A' && p[2] >= '0' && p[2] <= '9') {
		p += 2;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	for (; *p != '\0'; p++) {
		unsigned char	ch = (unsigned char)*p;

		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		    (ch >= 'A' && ch <= 'Z')) {
			if (gap && b.len > 0)
				buf_addc(&b, '-');
			buf_addc(&b, (char)ascii_tolower(ch));
			gap = false;
		} else
			gap = true;
	}
	buf_free(&clean);
	if (b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b);
}

/* A list of country codes or names ("RU, BY") as a JSON array. */
static void
obj_list(struct obj *o, const char *key, const char *list)
{
	const char	*p = list;
	size_t		 len;
	char		*item;
	int		 n = 0;

	obj_key(o, key);
	fputc('[', o->fp);
	while (p != NULL && *(p += strspn(p, ", ;")) != '\0') {
		len = strcspn(p, ",;");
		while (len > 0 && p[len - 1] == ' ')
			len--;
		item = xstrndup(p, len);
		if (n++ > 0)
			fputs(", ", o->fp);
		ex_json(o->fp, item);
		free(item);
		p += len;
	}
	fputc(']', o->fp);
}

struct ids {
	char	**v;
	size_t	  n;
};

static void
ids_add(struct ids *ids, const char *id)
{
	ids->v = xreallocarray(ids->v, ids->n + 1, sizeof *ids->v);
	ids->v[ids->n++] = xstrdup(id);
}

static void
ids_free(struct ids *ids)
{
	size_t	i;

	for (i = 0; i < ids->n; i++)
		free(ids->v[i]);
	free(ids->v);
}

static void
relationship(FILE *fp, struct ids *refs, const char *type, const char *src,
    const char *dst, const char *created, const char *modified,
    const char *creator)
{
	struct obj	 o;
	char		 id[128];
	char		*key = xasprintf("%s:%s:%s", src, type, dst);

	sdo_id("relationship", key, id, sizeof id);
	free(key);
	obj_begin(&o, fp, false);
	obj_common(&o, "relationship", id, created, modified, creator);
	obj_lit(&o, "relationship_type", type);
	obj_lit(&o, "source_ref", src);
	obj_lit(&o, "target_ref", dst);
	obj_end(&o);
	ids_add(refs, id);
}

int
ex_write_stix(FILE *fp, const struct ex_network *n)
{
	struct obj	 o;
	struct ids	 refs = { NULL, 0 }, patterns = { NULL, 0 };
	struct ids	 indicators = { NULL, 0 }, accounts = { NULL, 0 };
	char		 created[32], modified[32], when[32];
	char		 identity[128], grouping[128], actor[128];
	char		 observed[128], id[128];
	char		*key, *pat, *phase;
	int64_t		*ind_of_value;
	size_t		 i;

	if (!ex_stix_time(n->created_at, created))
		snprintf(created, sizeof created, "%s", STIX_EPOCH);
	if (!ex_stix_time(n->updated_at, modified))
		snprintf(modified, sizeof modified, "%s", created);
	sdo_id("identity", n->team, identity, sizeof identity);
	sdo_id("grouping", n->name, grouping, sizeof grouping);
	sdo_id("intrusion-set", n->name, actor, sizeof actor);
	sdo_id("observed-data", n->name, observed, sizeof observed);
	key = xasprintf("bundle:%s:%s", n->name, modified);
	sdo_id("bundle", key, id, sizeof id);
	free(key);

	fputs("{\n  \"type\": \"bundle\",\n  \"id\": ", fp);
	ex_json(fp, id);
	fputs(",\n  \"objects\": [", fp);

	obj_begin(&o, fp, true);
	obj_common(&o, "identity", identity, created, modified, NULL);
	obj_text(&o, "name", n->team);
	obj_lit(&o, "identity_class", "organization");
	obj_end(&o);

	for (i = 0; i < n->nttps; i++) {
		const struct ex_ttp *t = &n->ttps_list[i];

		sdo_id("attack-pattern", t->id, id, sizeof id);
		obj_begin(&o, fp, false);
		obj_common(&o, "attack-pattern", id, created, modified,
		    identity);
		obj_text(&o, "name", t->name != NULL ? t->name : t->id);
		obj_key(&o, "external_references");
		fputs("[\n        {\"source_name\": ", fp);
		ex_json(fp, framework_source(t->framework));
		fputs(", \"external_id\": ", fp);
		ex_json(fp, t->id);
		fputs("}\n      ]", fp);
		if (t->framework == VOCAB_DISARM && t->tactic != NULL &&
		    (phase = phase_name(t->tactic)) != NULL) {
			obj_key(&o, "kill_chain_phases");
			fputs("[\n        {\"kill_chain_name\": \"disarm\", "
			    "\"phase_name\": ", fp);
			ex_json(fp, phase);
			fputs("}\n      ]", fp);
			free(phase);
		}
		obj_end(&o);
		ids_add(&patterns, id);
		ids_add(&refs, id);
	}

	ind_of_value = xcalloc(n->nvalues + 1, sizeof *ind_of_value);
	for (i = 0; i < n->nvalues; i++) {
		const struct ex_value	*v = &n->values[i];
		const char		*type = pattern_type(v->kind, v->value);
		char			*desc;

		ind_of_value[i] = -1;
		if (type == NULL)
			continue;
		key = xasprintf("%s:%s", v->kind, v->value);
		sdo_id("indicator", key, id, sizeof id);
		free(key);
		obj_begin(&o, fp, false);
		obj_common(&o, "indicator", id, created, modified, identity);
		key = xasprintf("%s %s", v->kind, v->value);
		obj_text(&o, "name", key);
		free(key);
		desc = xasprintf("Shared by %lld member accounts of the "
		    "network %s", (long long)v->members, n->name);
		obj_text(&o, "description", desc);
		free(desc);
		obj_key(&o, "indicator_types");
		fputs("[\"malicious-activity\"]", fp);
		pat = pattern(type, v->value);
		obj_lit(&o, "pattern", pat);
		free(pat);
		obj_lit(&o, "pattern_type", "stix");
		obj_lit(&o, "valid_from", created);
		obj_end(&o);
		ind_of_value[i] = (int64_t)indicators.n;
		ids_add(&indicators, id);
		ids_add(&refs, id);
	}

	for (i = 0; i < n->nmembers; i++) {
		const struct ex_member *m = &n->members[i];

		account_id(m, id, sizeof id);
		obj_begin(&o, fp, false);
		obj_lit(&o, "type", "user-account");
		obj_lit(&o, "spec_version", "2.1");
		obj_lit(&o, "id", id);
		obj_text(&o, "user_id", m->native_id);
		if (m->handle != NULL && m->handle[0] != '\0')
			obj_text(&o, "account_login", m->handle);
		obj_text(&o, "account_type", m->platform);
		if (m->display_name != NULL)
			obj_text(&o, "display_name", m->display_name);
		if (ex_stix_time(m->created_at, when))
			obj_lit(&o, "account_created", when);
		obj_end(&o);
		ids_add(&accounts, id);
		ids_add(&refs, id);
	}

	/* The accounts as what was observed of the network. */
	if (accounts.n > 0) {
		obj_begin(&o, fp, false);
		obj_common(&o, "observed-data", observed, created, modified,
		    identity);
		obj_lit(&o, "first_observed", created);
		obj_lit(&o, "last_observed", modified);
		obj_key(&o, "number_observed");
		fputs("1", fp);
		obj_key(&o, "object_refs");
		fputc('[', fp);
		for (i = 0; i < accounts.n; i++) {
			fputs(i > 0 ? ",\n        " : "\n        ", fp);
			ex_json(fp, accounts.v[i]);
		}
		fputs("\n      ]", fp);
		obj_end(&o);
		ids_add(&refs, observed);
	}

	obj_begin(&o, fp, false);
	obj_common(&o, "intrusion-set", actor, created, modified, identity);
	obj_text(&o, "name", n->name);
	if (n->notes != NULL)
		obj_text(&o, "description", n->notes);
	obj_end(&o);
	ids_add(&refs, actor);

	for (i = 0; i < patterns.n; i++)
		relationship(fp, &refs, "uses", actor, patterns.v[i], created,
		    modified, identity);
	for (i = 0; i < indicators.n; i++)
		relationship(fp, &refs, "indicates", indicators.v[i], actor,
		    created, modified, identity);
	if (accounts.n > 0)
		relationship(fp, &refs, "related-to", actor, observed, created,
		    modified, identity);
	for (i = 0; i < n->nattrs; i++) {
		const struct ex_attr	*a = &n->attrs[i];
		int64_t			 ind;

		if (a->value_index < 0 || ind_of_value[a->value_index] < 0)
			continue;
		ind = ind_of_value[a->value_index];
		/* Each attribute is a member's, each indicator written above. */
		if (a->member >= accounts.n || (size_t)ind >= indicators.n)
			continue;
		relationship(fp, &refs, "related-to", indicators.v[ind],
		    accounts.v[a->member], created, modified, identity);
	}
	free(ind_of_value);

	obj_begin(&o, fp, false);
	obj_common(&o, "grouping", grouping, created, modified, identity);
	obj_text(&o, "name", n->name);
	if (n->notes != NULL)
		obj_text(&o, "description", n->notes);
	obj_lit(&o, "context", "suspicious-activity");
	obj_key(&o, "labels");
	fputc('[', fp);
	ex_json(fp, n->label);
	fputc(']', fp);
	obj_text(&o, "x_cibscope_label", n->label);
	obj_list(&o, "x_cibscope_origin", n->origin);
	obj_list(&o, "x_cibscope_target", n->target);
	obj_key(&o, "object_refs");
	fputc('[', fp);
	for (i = 0; i < refs.n; i++) {
		fputs(i > 0 ? ",\n        " : "\n        ", fp);
		ex_json(fp, refs.v[i]);
	}
	fputs("\n      ]", fp);
	obj_end(&o);
	fputs("\n  ]\n}\n", fp);

	ids_free(&refs);
	ids_free(&patterns);
	ids_free(&indicators);
	ids_free(&accounts);
	return 0;
}
