/*
 * export_graph.c: the network as a bipartite graph for Gephi (GEXF,
 * GraphML) and Graphviz (DOT): member accounts and the values two or more
 * of them share are the nodes ("a0", "a1"... and "v0", "v1"... in export
 * order), an edge joins an account to each shared value it carries.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>

#include "export_int.h"

/* What a member is called on the graph: its handle, else its name, else
 * its platform id. */
static const char *
member_label(const struct ex_member *m)
{
	if (m->handle != NULL && m->handle[0] != '\0')
		return m->handle;
	if (m->display_name != NULL && m->display_name[0] != '\0')
		return m->display_name;
	return m->native_id;
}

/* ------------------------------------------------------------------ */
/* GEXF 1.3                                                            */

static void
gexf_att(FILE *fp, int id, const char *v)
{
	if (v == NULL)
		return;
	fprintf(fp, "          <attvalue for=\"%d\" value=\"", id);
	ex_xml(fp, v);
	fputs("\"/>\n", fp);
}

int
ex_write_gexf(FILE *fp, const struct ex_network *n)
{
	size_t	i, e = 0;

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n"
	    "  <meta lastmodifieddate=\"", fp);
	if (n->updated_at != NULL)
		fprintf(fp, "%.10s", n->updated_at);
	fputs("\">\n    <creator>cibscope</creator>\n"
	    "    <description>", fp);
	ex_xml(fp, n->name);
	fputs(" (", fp);
	ex_xml(fp, n->label);
	fputs(")</description>\n  </meta>\n"
	    "  <graph mode=\"static\" defaultedgetype=\"undirected\">\n"
	    "    <attributes class=\"node\">\n"
	    "      <attribute id=\"0\" title=\"type\" type=\"string\"/>\n"
	    "      <attribute id=\"1\" title=\"platform\" type=\"string\"/>\n"
	    "      <attribute id=\"2\" title=\"native_id\" type=\"string\"/>\n"
	    "      <attribute id=\"3\" title=\"created_at\" type=\"string\"/>\n"
	    "      <attribute id=\"4\" title=\"kind\" type=\"string\"/>\n"
	    "      <attribute id=\"5\" title=\"members\" type=\"integer\"/>\n"
	    "      <attribute id=\"6\" title=\"display_name\" "
	    "type=\"string\"/>\n"
	    "    </attributes>\n    <nodes>\n", fp);
	for (i = 0; i < n->nmembers; i++) {
		const struct ex_member *m = &n->members[i];

		fprintf(fp, "      <node id=\"a%zu\" label=\"", i);
		ex_xml(fp, member_label(m));
		fputs("\">\n        <attvalues>\n", fp);
		gexf_att(fp, 0, "account");
		gexf_att(fp, 1, m->platform);
		gexf_att(fp, 2, m->native_id);
		gexf_att(fp, 3, m->created_at);
		gexf_att(fp, 6, m->display_name);
		fputs("        </attvalues>\n      </node>\n", fp);
	}
	for (i = 0; i < n->nvalues; i++) {
		const struct ex_value *v = &n->values[i];

		fprintf(fp, "      <node id=\"v%zu\" label=\"", i);
		ex_xml(fp, v->value);
		fputs("\">\n        <attvalues>\n", fp);
		gexf_att(fp, 0, "value");
		gexf_att(fp, 4, v->kind);
		fprintf(fp, "          <attvalue for=\"5\" value=\"%" PRId64
		    "\"/>\n", v->members);
		fputs("        </attvalues>\n      </node>\n", fp);
	}
	fputs("    </nodes>\n    <edges>\n", fp);
	for (i = 0; i < n->nattrs; i++) {
		if (n->attrs[i].value_index < 0)
			continue;
		fprintf(fp, "      <edge id=\"e%zu\" source=\"a%zu\" "
		    "target=\"v%" PRId64 "\" label=\"", e++,
		    n->attrs[i].member, n->attrs[i].value_index);
		ex_xml(fp, n->attrs[i].kind);
		fputs("\"/>\n", fp);
	}
	fputs("    </edges>\n  </graph>\n</gexf>\n", fp);
	return 0;
}

/* ------------------------------------------------------------------ */
/* GraphML                                                             */

static void
graphml_data(FILE *fp, const char *key, const char *v)
{
	if (v == NULL)
		return;
	fprintf(fp, "      <data key=\"%s\">", key);
	ex_xml(fp, v);
	fputs("</data>\n", fp);
}

int
ex_write_graphml(FILE *fp, const struct ex_network *n)
{
	size_t	i, e = 0;

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
	    "  <key id=\"type\" for=\"node\" attr.name=\"type\" "
	    "attr.type=\"string\"/>\n"
	    "  <key id=\"label\" for=\"node\" attr.name=\"label\" "
	    "attr.type=\"string\"/>\n"
	    "  <key id=\"platform\" for=\"node\" attr.name=\"platform\" "
	    "attr.type=\"string\"/>\n"
	    "  <key id=\"native_id\" for=\"node\" attr.name=\"native_id\" "
	    "attr.type=\"string\"/>\n"
	    "  <key id=\"created_at\" for=\"node\" attr.name=\"created_at\" "
	    "attr.type=\"string\"/>\n"
	    "  <key id=\"display_name\" for=\"node\" "
	    "attr.name=\"display_name\" attr.type=\"string\"/>\n"
	    "  <key id=\"kind\" for=\"all\" attr.name=\"kind\" "
	    "attr.type=\"string\"/>\n"
	    "  <key id=\"members\" for=\"node\" attr.name=\"members\" "
	    "attr.type=\"long\"/>\n"
	    "  <graph id=\"", fp);
	ex_xml(fp, n->name);
	fputs("\" edgedefault=\"undirected\">\n", fp);
	for (i = 0; i < n->nmembers; i++) {
		const struct ex_member *m = &n->members[i];

		fprintf(fp, "    <node id=\"a%zu\">\n", i);
		graphml_data(fp, "type", "account");
		graphml_data(fp, "label", member_label(m));
		graphml_data(fp, "platform", m->platform);
		graphml_data(fp, "native_id", m->native_id);
		graphml_data(fp, "created_at", m->created_at);
		graphml_data(fp, "display_name", m->display_name);
		fputs("    </node>\n", fp);
	}
	for (i = 0; i < n->nvalues; i++) {
		fprintf(fp, "    <node id=\"v%zu\">\n", i);
		graphml_data(fp, "type", "value");
		graphml_data(fp, "label", n->values[i].value);
		graphml_data(fp, "kind", n->values[i].kind);
		fprintf(fp, "      <data key=\"members\">%" PRId64 "</data>\n",
		    n->values[i].members);
		fputs("    </node>\n", fp);
	}
	for (i = 0; i < n->nattrs; i++) {
		if (n->attrs[i].value_index < 0)
			continue;
		fprintf(fp, "    <edge id=\"e%zu\" source=\"a%zu\" "
		    "target=\"v%" PRId64 "\">\n", e++, n->attrs[i].member,
		    n->attrs[i].value_index);
		graphml_data(fp, "kind", n->attrs[i].kind);
		fputs("    </edge>\n", fp);
	}
	fputs("  </graph>\n</graphml>\n", fp);
	return 0;
}

/* ------------------------------------------------------------------ */
/* DOT                                                                 */

int
ex_write_dot(FILE *fp, const struct ex_network *n)
{
	size_t	i;

	fputs("graph \"", fp);
	ex_dot(fp, n->name);
	fputs("\" {\n  graph [label=\"", fp);
	ex_dot(fp, n->name);
	fputs(" (", fp);
	ex_dot(fp, n->label);
	fputs(")\", overlap=false];\n"
	    "  node [fontname=\"Helvetica\"];\n", fp);
	for (i = 0; i < n->nmembers; i++) {
		const struct ex_member *m = &n->members[i];

		fprintf(fp, "  a%zu [shape=box, label=\"", i);
		ex_dot(fp, member_label(m));
		fputs("\\n", fp);
		ex_dot(fp, m->platform);
		fputs("\", tooltip=\"", fp);
		ex_dot(fp, m->display_name);
		fputs("\"];\n", fp);
	}
	for (i = 0; i < n->nvalues; i++) {
		fprintf(fp, "  v%zu [shape=ellipse, label=\"", i);
		ex_dot(fp, n->values[i].kind);
		fputs(": ", fp);
		ex_dot(fp, n->values[i].value);
		fprintf(fp, "\\n(%" PRId64 " members)\"];\n",
		    n->values[i].members);
	}
	for (i = 0; i < n->nattrs; i++) {
		if (n->attrs[i].value_index < 0)
			continue;
		fprintf(fp, "  a%zu -- v%" PRId64 ";\n", n->attrs[i].member,
		    n->attrs[i].value_index);
	}
	fputs("}\n", fp);
	return 0;
}
