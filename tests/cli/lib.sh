# lib.sh: what the command-line tests share. Source it; it gives a scratch
# directory $T, the program $CIBSCOPE, and small assertions that say what
# was expected and what came instead.
set -u
: "${CIBSCOPE:?run through make check}"
: "${CIB_BUILDDIR:=.}"
mkdir -p "$CIB_BUILDDIR/tests/tmp"
T=$(mktemp -d "$CIB_BUILDDIR/tests/tmp/cli.XXXXXX")
export LC_ALL=C.UTF-8
failures=0
tests=0

# run CMD...: run a command, keeping stdout, stderr and status.
run() {
	"$@" >"$T/out" 2>"$T/err"
	status=$?
	return 0
}

fail() {
	echo "FAIL: $current: $*"
	echo "--- stdout"; cat "$T/out"
	echo "--- stderr"; cat "$T/err"
	failures=$((failures + 1))
}

# begin NAME: start one test.
begin() {
	current=$1
	tests=$((tests + 1))
}

expect_status() {
	[ "$status" -eq "$1" ] || fail "exit status $status, expected $1"
}

# expect_out / expect_err PATTERN: grep -E on stdout / stderr.
expect_out() {
	grep -Eq -- "$1" "$T/out" || fail "stdout lacks /$1/"
}
expect_err() {
	grep -Eq -- "$1" "$T/err" || fail "stderr lacks /$1/"
}
expect_no_out() {
	! grep -Eq -- "$1" "$T/out" || fail "stdout has /$1/"
}

# sql CASE QUERY: one value from a case, through the sqlite3 program.
sql() {
	sqlite3 -batch -noheader "$1" "$2"
}

expect_eq() {
	[ "$1" = "$2" ] || fail "got '$1', expected '$2' ($3)"
}

# as_user_scratch: root may write anything, so a test of what a user sees
# runs the program as user nobody. Sets $as_user to the command prefix,
# $U to a scratch folder that user can enter and $UCIBSCOPE to a program
# it can run (a copy in $U: the build tree may lie in a folder only root
# can enter). Returns 1 after a note when there is no such place; the
# caller then skips. For any other user: no prefix, $T and $CIBSCOPE.
as_user= U=
as_user_scratch() {
	if [ "$(id -u)" -ne 0 ]; then
		as_user= U=$T UCIBSCOPE=$CIBSCOPE
		return 0
	fi
	as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
	U=$(mktemp -d "${TMPDIR:-/tmp}/cibscope-user.XXXXXX") &&
	    chmod 755 "$U" && cp "$CIBSCOPE" "$U/cibscope" || U=
	UCIBSCOPE=$U/cibscope
	if [ -z "$U" ] || ! $as_user "$UCIBSCOPE" --version >/dev/null 2>&1
	then
		echo "note: user nobody cannot run a copy of cibscope in" \
		    "${TMPDIR:-/tmp}; $current is skipped"
		return 1
	fi
}

finish() {
	rm -rf "$T"
	[ -z "$U" ] || [ "$U" = "$T" ] || rm -rf "$U"
	echo "$((tests - failures)) passed, $failures failed"
	[ "$failures" -eq 0 ]
}
