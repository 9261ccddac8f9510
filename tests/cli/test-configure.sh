#!/bin/sh
# ./configure on a fresh tree says nothing that reads as an error: in
# particular no "rm: cannot remove 'core': Is a directory" from the
# removal of core dumps after each of its tests.
. "$(dirname "$0")/lib.sh"

S="$T/src"
mkdir -p "$S/core"
cp -R "$CIB_SRCDIR/configure" "$CIB_SRCDIR/config.h.in" \
    "$CIB_SRCDIR/Makefile.in" "$CIB_SRCDIR/build-aux" "$S/"
cp "$CIB_SRCDIR/core/case.c" "$S/core/"

begin configure_is_quiet_about_the_core_folder
(cd "$S" && ./configure) >"$T/out" 2>"$T/err"
status=$?
expect_status 0
expect_no_out "cannot remove"
! grep -q "cannot remove" "$T/err" || fail "rm complained"
! grep -q "^rm: " "$T/err" || fail "rm complained"
[ -d "$S/core" ] || fail "the core folder is gone"

finish
