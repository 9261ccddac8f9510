/*
 * scr.h: the one place that includes curses.
 *
 * Every tui/ file that draws includes this header rather than a curses
 * header of its own, so the wide-character API is switched on the same
 * way everywhere and a system that keeps ncursesw apart is found.
 */
#ifndef CIB_SCR_H
#define CIB_SCR_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#if defined(__has_include)
# if __has_include(<ncursesw/curses.h>)
#  include <ncursesw/curses.h>
# else
#  include <curses.h>
# endif
#else
# include <curses.h>
#endif

#endif
