/*
 * keys.h: the one key-binding table.
 *
 * Every key the screen answers to is one row of keys_table (keys.c): the
 * key, the context it works in, the action it runs and the help text for
 * that action. The main loop looks keys up here, and the help screen (`?`)
 * is generated from the same rows, so the two cannot drift apart.
 *
 * Actions are an X-macro list, ACTION(ENUM, "name"): the name is what the
 * help screen shows and what a future key-map file would bind.
 */
#ifndef CIB_KEYS_H
#define CIB_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#define ACTIONS \
	ACTION(NONE, "none") \
	ACTION(UP, "up") \
	ACTION(DOWN, "down") \
	ACTION(PAGE_UP, "page-up") \
	ACTION(PAGE_DOWN, "page-down") \
	ACTION(HOME, "first") \
	ACTION(END, "last") \
	ACTION(LEFT, "left") \
	ACTION(RIGHT, "right") \
	ACTION(ENTER, "open") \
	ACTION(BACK, "back") \
	ACTION(NEXT_PANE, "next-pane") \
	ACTION(PREV_PANE, "previous-pane") \
	ACTION(VIEW_ACCOUNTS, "view-accounts") \
	ACTION(VIEW_NETWORKS, "view-networks") \
	ACTION(VIEW_TIMING, "view-timing") \
	ACTION(VIEW_TIPS, "view-tips") \
	ACTION(FILTER, "filter") \
	ACTION(FIND_NEXT, "find-next") \
	ACTION(FIND_PREV, "find-previous") \
	ACTION(PALETTE, "query-palette") \
	ACTION(COMMAND, "command-line") \
	ACTION(MARK, "mark") \
	ACTION(MARK_RANGE, "mark-range") \
	ACTION(UNMARK_ALL, "unmark-all") \
	ACTION(TAG, "tag-network") \
	ACTION(SORT_NEXT, "sort-column") \
	ACTION(SORT_REVERSE, "sort-reverse") \
	ACTION(DETECT, "detect-networks") \
	ACTION(TIMEZONE, "time-zone") \
	ACTION(TIME_UNIT, "time-unit") \
	ACTION(REDRAW, "redraw") \
	ACTION(CANCEL, "cancel") \
	ACTION(HELP, "help") \
	ACTION(QUIT, "quit") \
	ACTION(STEP_NEXT, "next-step") \
	ACTION(STEP_PREV, "previous-step") \
	ACTION(STEP_LIST, "step-list")

enum action {
#define ACTION(e, n) ACTION_##e,
	ACTIONS
#undef ACTION
	ACTION_COUNT
};

extern const char *const action_names[ACTION_COUNT];

/* Where a binding works. A pane answers to its own context, then to
 * KEYS_MOVE if it is a list, then everything falls back to KEYS_GLOBAL.
 * In replay mode KEYS_REPLAY comes before all of them, and while the
 * step list is open its keys are KEYS_REPLAY_LIST, then KEYS_MOVE. */
enum keys_context {
	KEYS_GLOBAL,
	KEYS_MOVE,
	KEYS_ACCOUNTS,
	KEYS_DETAIL,
	KEYS_NETWORKS,
	KEYS_TIMING,
	KEYS_TIPS,
	KEYS_REPLAY,
	KEYS_REPLAY_LIST,
	KEYS_NCONTEXTS
};

extern const char *const keys_context_titles[KEYS_NCONTEXTS];

struct binding {
	int			 key;	/* curses key code or character */
	const char		*name;	/* as the help shows it */
	enum keys_context	 context;
	enum action		 action;
	const char		*help;
};

extern const struct binding keys_table[];
extern const size_t keys_count;

/* The action of key in the first context of contexts[0..n) that binds it,
 * or ACTION_NONE. */
enum action	 keys_lookup(int key, const enum keys_context *contexts,
		     size_t n);

/* The help screen as lines of text, one binding per action and context
 * (keys joined: "j Down"), grouped under the contexts' titles. The
 * returned array and its strings are malloc'd; free with keys_help_free. */
char		**keys_help_lines(size_t *n);
void		  keys_help_free(char **, size_t);

/* The name of a key as the help shows it ("j", "Down", "C-l"; a key
 * the table lacks by its character, curses name or code point): one
 * word, for the timing trace. fkey: key is a curses key code. */
void		  keys_name(int key, bool fkey, char *out, size_t outsz);

/* "j/Down" style list of the keys bound to an action in a context. */
void		  keys_for(enum action, enum keys_context, char *out,
		      size_t outsz);

#endif
