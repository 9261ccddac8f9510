/*
 * tag.c: `t` saves the marked accounts, or the whole current list when
 * none is marked, as a network. A short form asks for the name, the
 * label, the origin and target countries, the technique ids and a note;
 * each member is stored with the evidence of the list it came from
 * (network_tag(), one transaction with its audit row).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "case.h"
#include "network.h"
#include "query.h"
#include "result.h"

/* Tagging a whole list larger than this is refused: mark instead. */
#define TAG_LIST_MAX	1000000

enum {
	F_NAME,
	F_LABEL,
	F_ORIGIN,
	F_TARGET,
	F_TTPS,
	F_NOTES,
	NFIELDS
};

static const char *const questions[NFIELDS] = {
	"Network name: ",
	"Label (suspected, cib, not_cib, cleared): ",
	"Origin country: ",
	"Target country: ",
	"Techniques (DISARM ids, comma separated): ",
	"Note: ",
};

struct form {
	char	*v[NFIELDS];
	int	 at;
};

static void
form_free(struct form *f)
{
	int	i;

	for (i = 0; i < NFIELDS; i++)
		free(f->v[i]);
	free(f);
}

struct members {
	struct app		*a;
	struct network_member	*m;
	size_t			 n;
	char			**ev;
};

static void
add_member(void *arg, const struct result_row *row)
{
	struct members	*ms = arg;

	ms->m = xreallocarray(ms->m, ms->n + 1, sizeof *ms->m);
	ms->ev = xreallocarray(ms->ev, ms->n + 1, sizeof *ms->ev);
	ms->ev[ms->n] = app_evidence(ms->a, row->evidence);
	ms->m[ms->n].account_id = row->id;
	ms->m[ms->n].evidence = ms->ev[ms->n];
	ms->n++;
}

static void
tag_now(struct app *a, struct form *f)
{
	struct level		*l = app_level(a);
	struct network_info	 ni;
	struct members		 ms;
	char			*cause = NULL;
	int64_t			 added = 0;
	size_t			 i;
	bool			 from_marks = a->nmarks > 0;

	memset(&ms, 0, sizeof ms);
	ms.a = a;
	if (from_marks) {
		ms.m = xcalloc(a->nmarks, sizeof *ms.m);
		for (i = 0; i < a->nmarks; i++) {
			ms.m[i].account_id = a->marks[i].id;
			ms.m[i].evidence = a->marks[i].evidence;
		}
		ms.n = a->nmarks;
	} else if (l != NULL) {
		if (l->res->count > TAG_LIST_MAX) {
			app_message(a, true, "The list has %lld accounts: mark "
			    "the ones to tag (Space, V)",
			    (long long)l->res->count);
			return;
		}
		if (result_page(a->c, l->res, 1, l->res->count, add_member, &ms,
		    &cause) < 0) {
			app_message(a, true, "%s", cause);
			free(cause);
			goto out;
		}
	}
	if (ms.n == 0) {
		app_message(a, true, "Nothing to tag: the list is empty");
		goto out;
	}
	memset(&ni, 0, sizeof ni);
	ni.name = f->v[F_NAME];
	ni.label = f->v[F_LABEL];
	ni.origin = f->v[F_ORIGIN];
	ni.target = f->v[F_TARGET];
	ni.ttps = f->v[F_TTPS];
	ni.notes = f->v[F_NOTES];
	if (network_tag(a->c, &ni, ms.m, ms.n, &added, &cause) != 0) {
		app_message(a, true, "%s", cause);
		free(cause);
		goto out;
	}
	app_message(a, false, "Tagged %zu accounts as network %s (%s); %lld "
	    "new", ms.n, ni.name, ni.label != NULL && *ni.label != '\0' ?
	    ni.label : "suspected", (long long)added);
	if (from_marks)
		app_marks_clear(a);
	a->generation++;
	networks_refresh(a, false);
out:
	if (ms.ev != NULL) {
		for (i = 0; i < ms.n; i++)
			free(ms.ev[i]);
		free(ms.ev);
	}
	free(ms.m);
}

static void ask(struct app *, struct form *);

static void
answer(struct app *a, const char *text, void *arg)
{
	struct form	*f = arg;

	while (*text == ' ')
		text++;
	if (f->at == F_NAME && *text == '\0') {
		app_message(a, true, "A network needs a name");
		ask(a, f);
		return;
	}
	if (f->at == F_LABEL && *text != '\0' && !network_label_valid(text)) {
		app_message(a, true, "Unknown label \"%s\": suspected, cib, "
		    "not_cib or cleared", text);
		ask(a, f);
		return;
	}
	free(f->v[f->at]);
	f->v[f->at] = xstrdup(text);
	f->at++;
	ask(a, f);
}

static void
cancelled(struct app *a, void *arg)
{
	form_free(arg);
	app_message(a, false, "Not tagged");
}

static char **
complete_label(struct app *a, const char *line, const char *word, int argi)
{
	char	**v = xcalloc(network_nlabels + 1, sizeof *v);
	size_t	  i;

	for (i = 0; i < network_nlabels; i++)
		v[i] = xstrdup(network_labels[i]);
	return v;
}

static void
ask(struct app *a, struct form *f)
{
	struct prompt_spec	spec;
	struct level		*l = app_level(a);
	char			*label;

	if (f->at >= NFIELDS) {
		tag_now(a, f);
		form_free(f);
		return;
	}
	if (f->at == F_NAME)
		label = xasprintf("Tag %s%lld %s as network: ",
		    a->nmarks > 0 ? "" : "all ", a->nmarks > 0 ?
		    (long long)a->nmarks : l != NULL ? (long long)l->res->count :
		    0LL, a->nmarks > 0 ? "marked accounts" : "accounts");
	else
		label = xstrdup(questions[f->at]);
	memset(&spec, 0, sizeof spec);
	spec.label = label;
	spec.initial = f->v[f->at] != NULL ? f->v[f->at] :
	    f->at == F_LABEL ? "suspected" : NULL;
	if (f->at == F_LABEL)
		spec.complete = complete_label;
	spec.done = answer;
	spec.cancelled = cancelled;
	spec.arg = f;
	prompt_open(a, &spec);
	free(label);
}

void
tag_open(struct app *a, const char *name, const char *label)
{
	struct form	*f;

	if (a->c->readonly) {
		app_message(a, true, "The case is read-only: cannot tag");
		return;
	}
	/* Tagging the whole list needs all of it. */
	if (a->nmarks == 0 && app_level_finish(a, app_level(a)) != 0)
		return;
	f = xcalloc(1, sizeof *f);
	if (name != NULL) {
		/* `:tag NAME [LABEL]` tags at once, without the form. */
		if (label != NULL && !network_label_valid(label)) {
			app_message(a, true, "Unknown label \"%s\": suspected, "
			    "cib, not_cib or cleared", label);
			form_free(f);
			return;
		}
		f->v[F_NAME] = xstrdup(name);
		f->v[F_LABEL] = label != NULL ? xstrdup(label) : NULL;
		tag_now(a, f);
		form_free(f);
		return;
	}
	ask(a, f);
}
