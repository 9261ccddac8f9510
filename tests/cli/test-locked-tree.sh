#!/bin/sh
# The tests that run the program as an unprivileged user still pass when
# the build tree lies in a folder only root can enter (a `mktemp -d`
# folder, say): they make their own reachable scratch folder.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" -ne 0 ]; then
	echo "note: not root; the tests run as the current user already"
	rm -rf "$T"
	exit 77
fi

current=setup
TMPDIR=/tmp; export TMPDIR
if ! as_user_scratch; then
	rm -rf "$T"
	exit 77
fi
rm -rf "$U"; U=

L="$T/locked"
mkdir -p "$L/tests/tmp"
chmod 700 "$T" "$L"
cp "$CIBSCOPE" "$L/cibscope"

for t in test-basics.sh test-faults-files.sh; do
	begin "locked_tree_$t"
	run env CIB_BUILDDIR="$L" CIBSCOPE="$L/cibscope" \
	    XDG_DATA_HOME="$L/xdg-data" XDG_CONFIG_HOME="$L/xdg-config" \
	    sh "$CIB_SRCDIR/tests/cli/$t"
	expect_status 0
	expect_out "^[0-9]+ passed, 0 failed$"
	expect_no_out "is skipped"
done

finish
