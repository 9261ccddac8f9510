#!/bin/sh
# core/ never draws: no curses include in it, and the build's guard headers
# make one fail to compile.
. "$(dirname "$0")/lib.sh"
src=${CIB_SRCDIR:?}

begin core_sources_include_no_curses
hits=$(grep -rnE '#[[:space:]]*include[[:space:]]*[<"](n?curses|ncursesw/|term\.h|panel\.h)' \
    "$src/core" --include='*.c' --include='*.h' | grep -v '/core/guard/' || true)
[ -z "$hits" ] || fail "curses in core/: $hits"

begin a_curses_include_in_core_breaks_the_build
for h in curses.h ncurses.h ncursesw/curses.h term.h; do
	printf '#include <%s>\n' "$h" > "$T/probe.c"
	if ${CC:-cc} -I"$src/core/guard" -c "$T/probe.c" -o "$T/probe.o" \
	    2>"$T/err"; then
		fail "<$h> compiled with core's include path"
	fi
	grep -q 'core/ must not include curses' "$T/err" ||
	    fail "<$h>: guard message missing"
done

begin tui_uses_core_only_through_its_headers
hits=$(grep -rn 'sqlite3_\(exec\|prepare\)' "$src/tui" --include='*.c' || true)
[ -z "$hits" ] || fail "tui/ runs SQL itself: $hits"

finish
