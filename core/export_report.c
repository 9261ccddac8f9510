/*
 * export_report.c: the network as a Markdown takedown report, in the
 * shape of the CIB reports platforms publish: a summary (who, where, how
 * many, when), the techniques by name, the accounts by platform, a
 * creation timeline by month, the posting hours, the shared
 * infrastructure, and the evidence table saying why each account is in.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export_int.h"
#include "util.h"

#define BAR_WIDTH	30
#define WHY_MAX		200	/* bytes of evidence text in the table */

struct tally {
	char	*key;
	int64_t	 n;
};

static int
tally_cmp(const void *va, const void *vb)
{
	const struct tally *a = va, *b = vb;

	return strcmp(a->key, b->key);
}

static void
tally_add(struct tally **t, size_t *n, const char *key, size_t keylen)
{
	size_t	i;

	for (i = 0; i < *n; i++) {
		if (strlen((*t)[i].key) == keylen &&
		    strncmp((*t)[i].key, key, keylen) == 0) {
			(*t)[i].n++;
			return;
		}
	}
	*t = xreallocarray(*t, *n + 1, sizeof **t);
	(*t)[*n].key = xstrndup(key, keylen);
	(*t)[*n].n = 1;
	(*n)++;
}

static void
tally_free(struct tally *t, size_t n)
{
	size_t	i;

	if (t == NULL)
		return;		/* nothing was tallied: n is 0 */
	for (i = 0; i < n; i++)
		free(t[i].key);
	free(t);
}

static void
bar(FILE *fp, int64_t v, int64_t max)
{
	int64_t	w = max > 0 ? (v * BAR_WIDTH + max - 1) / max : 0;

	while (w-- > 0)
		fputc('=', fp);
}

static void
line(FILE *fp, const char *label, const char *v)
{
	fprintf(fp, "- **%s:** ", label);
	if (v != NULL && v[0] != '\0')
		ex_md(fp, v);
	else
		fputs("not recorded", fp);
	fputc('\n', fp);
}

static void
summary(FILE *fp, const struct ex_network *n, struct tally *plat,
    size_t nplat)
{
	const char	*first = NULL, *last = NULL;
	size_t		 i;

	fputs("## Summary\n\n", fp);
	line(fp, "Network", n->name);
	line(fp, "Label", n->label);
	line(fp, "Origin", n->origin);
	line(fp, "Target", n->target);
	fprintf(fp, "- **Accounts:** %zu", n->nmembers);
	for (i = 0; i < nplat; i++) {
		fputs(i == 0 ? " (" : ", ", fp);
		ex_md(fp, plat[i].key);
		fprintf(fp, " %" PRId64, plat[i].n);
	}
	fputs(nplat > 0 ? ")\n" : "\n", fp);
	for (i = 0; i < n->nmembers; i++) {
		const char *c = n->members[i].created_at;

		if (c == NULL || c[0] == '\0')
			continue;
		if (first == NULL || strcmp(c, first) < 0)
			first = c;
		if (last == NULL || strcmp(c, last) > 0)
			last = c;
	}
	fputs("- **Accounts created:** ", fp);
	if (first != NULL) {
		fprintf(fp, "%.10s", first);
		if (strncmp(first, last, 10) != 0)
			fprintf(fp, " to %.10s", last);
	} else
		fputs("not recorded", fp);
	fputc('\n', fp);
	fprintf(fp, "- **Shared values:** %zu\n", n->nvalues);
	fputs("- **Tagged:** ", fp);
	ex_md(fp, n->created_at);
	fputs(" by ", fp);
	ex_md(fp, n->created_by);
	fputs("; last changed ", fp);
	ex_md(fp, n->updated_at);
	fputc('\n', fp);
	line(fp, "Report by", n->team);
	if (n->notes != NULL && n->notes[0] != '\0') {
		fputs("\n", fp);
		ex_md(fp, n->notes);
		fputc('\n', fp);
	}
}

static void
techniques(FILE *fp, const struct ex_network *n)
{
	size_t	i;

	fputs("\n## Techniques\n\n", fp);
	if (n->nttps == 0) {
		fputs("No technique ids recorded for this network.\n", fp);
		return;
	}
	fputs("| Id | Framework | Technique |\n|---|---|---|\n", fp);
	for (i = 0; i < n->nttps; i++) {
		fputs("| ", fp);
		ex_md(fp, n->ttps_list[i].id);
		fprintf(fp, " | %s | ",
		    vocab_framework_title(n->ttps_list[i].framework));
		if (n->ttps_list[i].name != NULL)
			ex_md(fp, n->ttps_list[i].name);
		else
			fputs("(name not in the case's vocabulary)", fp);
		fputs(" |\n", fp);
	}
}

static void
timeline(FILE *fp, const struct ex_network *n)
{
	struct tally	*months = NULL;
	size_t		 nmonths = 0, i, unknown = 0;
	int64_t		 max = 0;

	fputs("\n## Creation timeline\n\n", fp);
	for (i = 0; i < n->nmembers; i++) {
		const char *c = n->members[i].created_at;

		if (c == NULL || strlen(c) < 7)
			unknown++;
		else
			tally_add(&months, &nmonths, c, 7);
	}
	if (nmonths == 0) {
		fputs("No creation dates recorded.\n", fp);
		return;
	}
	qsort(months, nmonths, sizeof *months, tally_cmp);
	for (i = 0; i < nmonths; i++) {
		if (months[i].n > max)
			max = months[i].n;
	}
	fputs("| Month | Accounts created | |\n|---|---:|---|\n", fp);
	for (i = 0; i < nmonths; i++) {
		fputs("| ", fp);
		ex_md(fp, months[i].key);
		fprintf(fp, " | %" PRId64 " | ", months[i].n);
		bar(fp, months[i].n, max);
		fputs(" |\n", fp);
	}
	if (unknown > 0)
		fprintf(fp, "\n%zu account%s no creation date.\n",
		    unknown, unknown == 1 ? " has" : "s have");
	tally_free(months, nmonths);
}

static void
hours(FILE *fp, const struct ex_network *n)
{
	int64_t	max = 0, best = -1, sum;
	int	h, start = 0, k;

	fputs("\n## Posting hours (UTC)\n\n", fp);
	if (n->nposts == 0) {
		fputs("No posts by these accounts in the case.\n", fp);
		return;
	}
	/* The busiest 8-hour window: the shift the operator works. */
	for (h = 0; h < 24; h++) {
		for (sum = 0, k = 0; k < 8; k++)
			sum += n->hours[(h + k) % 24];
		/* On a tie, prefer a window that starts with posts. */
		if (sum > best || (sum == best && n->hours[h] > 0 &&
		    n->hours[start] == 0)) {
			best = sum;
			start = h;
		}
		if (n->hours[h] > max)
			max = n->hours[h];
	}
	fprintf(fp, "%" PRId64 " posts; %" PRId64 "%% of them between "
	    "%02d:00 and %02d:00 UTC.\n\n", n->nposts,
	    best * 100 / n->nposts, start, (start + 8) % 24);
	fputs("| Hour | Posts | |\n|---|---:|---|\n", fp);
	for (h = 0; h < 24; h++) {
		fprintf(fp, "| %02d | %" PRId64 " | ", h, n->hours[h]);
		bar(fp, n->hours[h], max);
		fputs(" |\n", fp);
	}
}

static void
infrastructure(FILE *fp, const struct ex_network *n)
{
	size_t	i;

	fputs("\n## Shared values\n\n", fp);
	if (n->nvalues == 0) {
		fputs("No value is shared by two or more of these accounts.\n",
		    fp);
		return;
	}
	fputs("| Kind | Value | Accounts |\n|---|---|---:|\n", fp);
	for (i = 0; i < n->nvalues; i++) {
		fputs("| ", fp);
		ex_md(fp, n->values[i].kind);
		fputs(" | ", fp);
		ex_md(fp, n->values[i].value);
		fprintf(fp, " | %" PRId64 " |\n", n->values[i].members);
	}
}

/* Why an account is in: the values it shares with other members, then
 * the evidence recorded when it was tagged (cut to WHY_MAX bytes). */
static void
why(FILE *fp, const struct ex_network *n, const struct ex_member *m)
{
	struct buf	 b = BUF_INIT;
	const char	*ev;
	size_t		 j, len, shown = 0;

	for (j = 0; j < m->nattrs; j++) {
		const struct ex_attr *a = &n->attrs[m->first_attr + j];

		if (a->value_index < 0)
			continue;
		buf_printf(&b, "%s%s %s (%" PRId64 ")", shown++ > 0 ? ", " :
		    "shares ", a->kind, a->value, a->shared);
	}
	ev = m->evidence_json != NULL ? m->evidence_json : m->evidence;
	if (ev != NULL && ev[0] != '\0') {
		len = strlen(ev);
		if (len > WHY_MAX) {
			len = WHY_MAX;
			while (len > 0 && ((unsigned char)ev[len] & 0xc0) ==
			    0x80)
				len--;
		}
		buf_printf(&b, "%sevidence: %.*s%s", shown > 0 ? "; " : "",
		    (int)len, ev, len < strlen(ev) ? "..." : "");
	}
	if (b.len == 0)
		fputs("(no evidence recorded)", fp);
	else
		ex_md(fp, b.data);
	buf_free(&b);
}

static void
evidence(FILE *fp, const struct ex_network *n)
{
	size_t	i;

	fputs("\n## Evidence\n\n", fp);
	if (n->nmembers == 0) {
		fputs("The network has no members.\n", fp);
		return;
	}
	fputs("| Platform | Id | Handle | Name | Created | Added | Why |\n"
	    "|---|---|---|---|---|---|---|\n", fp);
	for (i = 0; i < n->nmembers; i++) {
		const struct ex_member *m = &n->members[i];

		fputs("| ", fp);
		ex_md(fp, m->platform);
		fputs(" | ", fp);
		ex_md(fp, m->native_id);
		fputs(" | ", fp);
		ex_md(fp, m->handle);
		fputs(" | ", fp);
		ex_md(fp, m->display_name);
		fputs(" | ", fp);
		if (m->created_at != NULL)
			ex_md(fp, m->created_at);
		fputs(" | ", fp);
		ex_md(fp, m->added_at);
		fputs(" by ", fp);
		ex_md(fp, m->added_by);
		fputs(" | ", fp);
		why(fp, n, m);
		fputs(" |\n", fp);
	}
}

int
ex_write_markdown(FILE *fp, const struct ex_network *n)
{
	struct tally	*plat = NULL;
	size_t		 nplat = 0, i;

	for (i = 0; i < n->nmembers; i++) {
		const char *p = n->members[i].platform;

		tally_add(&plat, &nplat, p, strlen(p));
	}
	if (nplat > 1)
		qsort(plat, nplat, sizeof *plat, tally_cmp);

	fputs("# Takedown report: ", fp);
	ex_md(fp, n->name);
	fputs("\n\n", fp);
	summary(fp, n, plat, nplat);
	techniques(fp, n);
	if (nplat > 0) {
		fputs("\n## Accounts by platform\n\n"
		    "| Platform | Accounts |\n|---|---:|\n", fp);
		for (i = 0; i < nplat; i++) {
			fputs("| ", fp);
			ex_md(fp, plat[i].key);
			fprintf(fp, " | %" PRId64 " |\n", plat[i].n);
		}
	}
	timeline(fp, n);
	hours(fp, n);
	infrastructure(fp, n);
	evidence(fp, n);
	tally_free(plat, nplat);
	return 0;
}
