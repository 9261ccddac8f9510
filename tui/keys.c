/*
 * keys.c: the key-binding table, and the help screen made from it.
 */
#include "config.h"
#include "keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scr.h"
#include "util.h"

#define CTRL(c)	((c) & 0x1f)
#define KEY_ESC	27

const char *const action_names[ACTION_COUNT] = {
#define ACTION(e, n) [ACTION_##e] = n,
	ACTIONS
#undef ACTION
};

const char *const keys_context_titles[KEYS_NCONTEXTS] = {
	[KEYS_GLOBAL] = "Everywhere",
	[KEYS_MOVE] = "Moving in a list",
	[KEYS_ACCOUNTS] = "Accounts pane",
	[KEYS_DETAIL] = "Detail pane",
	[KEYS_NETWORKS] = "Networks view",
	[KEYS_TIMING] = "Timing view",
	[KEYS_TIPS] = "Tips view",
	[KEYS_REPLAY] = ("Replay mode (cibscope replay, demo --tour; before "
	    "the keys above)"),
	[KEYS_REPLAY_LIST] = "Replay step list",
};

const struct binding keys_table[] = {
	{ 'k', "k", KEYS_MOVE, ACTION_UP, "move up" },
	{ KEY_UP, "Up", KEYS_MOVE, ACTION_UP, "move up" },
	{ 'j', "j", KEYS_MOVE, ACTION_DOWN, "move down" },
	{ KEY_DOWN, "Down", KEYS_MOVE, ACTION_DOWN, "move down" },
	{ KEY_PPAGE, "PgUp", KEYS_MOVE, ACTION_PAGE_UP, "one page up" },
	{ CTRL('b'), "C-b", KEYS_MOVE, ACTION_PAGE_UP, "one page up" },
	{ KEY_NPAGE, "PgDn", KEYS_MOVE, ACTION_PAGE_DOWN, "one page down" },
	{ CTRL('f'), "C-f", KEYS_MOVE, ACTION_PAGE_DOWN, "one page down" },
	{ 'g', "g", KEYS_MOVE, ACTION_HOME, "go to the first row" },
	{ KEY_HOME, "Home", KEYS_MOVE, ACTION_HOME, "go to the first row" },
	{ 'G', "G", KEYS_MOVE, ACTION_END, "go to the last row" },
	{ KEY_END, "End", KEYS_MOVE, ACTION_END, "go to the last row" },
	{ '\r', "Enter", KEYS_MOVE, ACTION_ENTER, "open the row" },
	{ '\n', "Enter", KEYS_MOVE, ACTION_ENTER, "open the row" },
	{ KEY_ENTER, "Enter", KEYS_MOVE, ACTION_ENTER, "open the row" },

	{ '\r', "Enter", KEYS_ACCOUNTS, ACTION_ENTER,
	    "read the account in the detail pane" },
	{ '\n', "Enter", KEYS_ACCOUNTS, ACTION_ENTER,
	    "read the account in the detail pane" },
	{ KEY_ENTER, "Enter", KEYS_ACCOUNTS, ACTION_ENTER,
	    "read the account in the detail pane" },
	{ ' ', "Space", KEYS_ACCOUNTS, ACTION_MARK,
	    "mark or unmark the account and move down" },
	{ 'V', "V", KEYS_ACCOUNTS, ACTION_MARK_RANGE,
	    "mark every row from the last marked one to here" },
	{ 'U', "U", KEYS_ACCOUNTS, ACTION_UNMARK_ALL, "unmark everything" },
	{ 's', "s", KEYS_ACCOUNTS, ACTION_SORT_NEXT,
	    "sort by the next column (re-runs the list in that order)" },
	{ 'S', "S", KEYS_ACCOUNTS, ACTION_SORT_REVERSE,
	    "reverse the sort order" },
	{ 'l', "l", KEYS_ACCOUNTS, ACTION_RIGHT, "move to the detail pane" },
	{ KEY_RIGHT, "Right", KEYS_ACCOUNTS, ACTION_RIGHT,
	    "move to the detail pane" },

	{ '\r', "Enter", KEYS_DETAIL, ACTION_ENTER,
	    "pivot: every account sharing this value (on a kind: all its "
	    "values)" },
	{ '\n', "Enter", KEYS_DETAIL, ACTION_ENTER,
	    "pivot: every account sharing this value (on a kind: all its "
	    "values)" },
	{ KEY_ENTER, "Enter", KEYS_DETAIL, ACTION_ENTER,
	    "pivot: every account sharing this value (on a kind: all its "
	    "values)" },
	{ 'h', "h", KEYS_DETAIL, ACTION_LEFT, "back to the accounts pane" },
	{ KEY_LEFT, "Left", KEYS_DETAIL, ACTION_LEFT,
	    "back to the accounts pane" },

	{ '\r', "Enter", KEYS_NETWORKS, ACTION_ENTER,
	    "open the network's members in the accounts list" },
	{ '\n', "Enter", KEYS_NETWORKS, ACTION_ENTER,
	    "open the network's members in the accounts list" },
	{ KEY_ENTER, "Enter", KEYS_NETWORKS, ACTION_ENTER,
	    "open the network's members in the accounts list" },
	{ 'r', "r", KEYS_NETWORKS, ACTION_DETECT,
	    "run network detection again" },

	{ '\r', "Enter", KEYS_TIPS, ACTION_ENTER,
	    "open the accounts the tip hits, with the evidence" },
	{ '\n', "Enter", KEYS_TIPS, ACTION_ENTER,
	    "open the accounts the tip hits, with the evidence" },
	{ KEY_ENTER, "Enter", KEYS_TIPS, ACTION_ENTER,
	    "open the accounts the tip hits, with the evidence" },

	{ 'z', "z", KEYS_TIMING, ACTION_TIMEZONE,
	    "change the heatmap's time zone" },
	{ 'u', "u", KEYS_TIMING, ACTION_TIME_UNIT,
	    "histogram by day or by hour" },

	{ '\t', "Tab", KEYS_GLOBAL, ACTION_NEXT_PANE, "next pane" },
	{ KEY_BTAB, "S-Tab", KEYS_GLOBAL, ACTION_PREV_PANE, "previous pane" },
	{ KEY_BACKSPACE, "Backspace", KEYS_GLOBAL, ACTION_BACK,
	    "back to the previous list (cursor kept)" },
	{ 127, "Backspace", KEYS_GLOBAL, ACTION_BACK,
	    "back to the previous list (cursor kept)" },
	{ CTRL('h'), "C-h", KEYS_GLOBAL, ACTION_BACK,
	    "back to the previous list (cursor kept)" },
	{ '1', "1", KEYS_GLOBAL, ACTION_VIEW_ACCOUNTS,
	    "accounts and detail" },
	{ '2', "2", KEYS_GLOBAL, ACTION_VIEW_NETWORKS,
	    "networks: detected candidates and saved networks" },
	{ '3', "3", KEYS_GLOBAL, ACTION_VIEW_TIMING,
	    "timing: creation histogram and posting-hour heatmap" },
	{ '4', "4", KEYS_GLOBAL, ACTION_VIEW_TIPS,
	    "tips: partners' tips with their counts and accounts hit" },
	{ '/', "/", KEYS_GLOBAL, ACTION_FILTER,
	    "filter the list by a regex as you type (handle and name, or "
	    "field:regex)" },
	{ 'n', "n", KEYS_GLOBAL, ACTION_FIND_NEXT,
	    "next row matching the last regex (keys work meanwhile; Esc "
	    "stops it)" },
	{ 'N', "N", KEYS_GLOBAL, ACTION_FIND_PREV,
	    "previous row matching the last regex (keys work meanwhile; "
	    "Esc stops it)" },
	{ 'p', "p", KEYS_GLOBAL, ACTION_PALETTE,
	    "saved-query palette (runs on the marks, the account or the "
	    "case)" },
	{ CTRL('p'), "C-p", KEYS_GLOBAL, ACTION_PALETTE,
	    "saved-query palette (runs on the marks, the account or the "
	    "case)" },
	{ ':', ":", KEYS_GLOBAL, ACTION_COMMAND,
	    "command line (:help lists the commands)" },
	{ 't', "t", KEYS_GLOBAL, ACTION_TAG,
	    "tag the marked accounts (or the whole list) as a network" },
	{ CTRL('l'), "C-l", KEYS_GLOBAL, ACTION_REDRAW, "redraw the screen" },
	{ KEY_ESC, "Esc", KEYS_GLOBAL, ACTION_CANCEL,
	    "cancel long work; clear the message" },
	{ '?', "?", KEYS_GLOBAL, ACTION_HELP, "this help" },
	{ KEY_F(1), "F1", KEYS_GLOBAL, ACTION_HELP, "this help" },
	{ 'q', "q", KEYS_GLOBAL, ACTION_QUIT, "quit" },

	{ 'n', "n", KEYS_REPLAY, ACTION_STEP_NEXT,
	    "next step: its query run again, its caption shown" },
	{ KEY_RIGHT, "Right", KEYS_REPLAY, ACTION_STEP_NEXT,
	    "next step: its query run again, its caption shown" },
	{ 'p', "p", KEYS_REPLAY, ACTION_STEP_PREV, "previous step" },
	{ KEY_LEFT, "Left", KEYS_REPLAY, ACTION_STEP_PREV, "previous step" },
	{ 'l', "l", KEYS_REPLAY, ACTION_STEP_LIST,
	    "the list of steps, to jump to one" },

	{ '\r', "Enter", KEYS_REPLAY_LIST, ACTION_ENTER,
	    "show the step under the cursor" },
	{ '\n', "Enter", KEYS_REPLAY_LIST, ACTION_ENTER,
	    "show the step under the cursor" },
	{ KEY_ENTER, "Enter", KEYS_REPLAY_LIST, ACTION_ENTER,
	    "show the step under the cursor" },
	{ 'l', "l", KEYS_REPLAY_LIST, ACTION_STEP_LIST, "close the list" },
	{ KEY_ESC, "Esc", KEYS_REPLAY_LIST, ACTION_CANCEL, "close the list" },
	{ 'q', "q", KEYS_REPLAY_LIST, ACTION_CANCEL, "close the list" },
};
const size_t keys_count = nitems(keys_table);

enum action
keys_lookup(int key, const enum keys_context *contexts, size_t n)
{
	size_t	i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < keys_count; k++) {
			if (keys_table[k].key == key &&
			    keys_table[k].context == contexts[i])
				return keys_table[k].action;
		}
	}
	return ACTION_NONE;
}

void
keys_name(int key, bool fkey, char *out, size_t outsz)
{
	const char	*kn;
	size_t		 k;

	for (k = 0; k < keys_count; k++) {
		if (keys_table[k].key == key &&
		    (fkey ? key > 0xff : key <= 0xff)) {
			snprintf(out, outsz, "%s", keys_table[k].name);
			return;
		}
	}
	if (fkey && key == KEY_MOUSE)
		snprintf(out, outsz, "Mouse");
	else if (fkey && (kn = keyname(key)) != NULL &&
	    strchr(kn, ' ') == NULL)
		snprintf(out, outsz, "%s", kn);
	else if (fkey)
		snprintf(out, outsz, "key-%d", key);
	else if (key == ' ')
		snprintf(out, outsz, "Space");
	else if (key > ' ' && key < 127)
		snprintf(out, outsz, "%c", key);
	else if (key >= 1 && key <= 26)
		snprintf(out, outsz, "C-%c", 'a' + key - 1);
	else
		snprintf(out, outsz, "U+%04X", (unsigned)key);
}

void
keys_for(enum action a, enum keys_context ctx, char *out, size_t outsz)
{
	size_t	k, len = 0;

	if (outsz == 0)
		return;
	out[0] = '\0';
	for (k = 0; k < keys_count; k++) {
		const struct binding	*b = &keys_table[k];
		size_t			 j;
		bool			 dup = false;

		if (b->action != a || b->context != ctx)
			continue;
		for (j = 0; j < k; j++) {
			if (keys_table[j].action == a &&
			    keys_table[j].context == ctx &&
			    strcmp(keys_table[j].name, b->name) == 0)
				dup = true;
		}
		if (dup)
			continue;
		len += (size_t)snprintf(out + len, len < outsz ? outsz - len : 0,
		    "%s%s", len > 0 ? " " : "", b->name);
		if (len >= outsz)
			break;
	}
}

char **
keys_help_lines(size_t *n)
{
	char		**v = NULL;
	size_t		  nv = 0, k, j;
	int		  ctx;
	char		  keys[64];

	for (ctx = 0; ctx < KEYS_NCONTEXTS; ctx++) {
		v = xreallocarray(v, nv + 2, sizeof *v);
		if (nv > 0)
			v[nv++] = xstrdup("");
		v[nv++] = xstrdup(keys_context_titles[ctx]);
		for (k = 0; k < keys_count; k++) {
			const struct binding	*b = &keys_table[k];
			bool			 seen = false;

			if ((int)b->context != ctx)
				continue;
			for (j = 0; j < k; j++) {
				if (keys_table[j].context == b->context &&
				    keys_table[j].action == b->action)
					seen = true;
			}
			if (seen)
				continue;
			keys_for(b->action, b->context, keys, sizeof keys);
			v = xreallocarray(v, nv + 1, sizeof *v);
			v[nv++] = xasprintf("  %-16s %-18s %s", keys,
			    action_names[b->action], b->help);
		}
	}
	*n = nv;
	return v;
}

void
keys_help_free(char **v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}
