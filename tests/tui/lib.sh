# lib.sh: what the screen tests share. Source it; it gives a scratch
# directory $T, a private tmux server to run cibscope in, keys to send,
# and waits that poll the screen as a person would read it.
set -u
: "${CIBSCOPE:?run through make check}"
: "${CIB_BUILDDIR:=.}"
: "${CIB_SRCDIR:=.}"
if ! command -v tmux >/dev/null 2>&1; then
	echo "tmux not found: skipping the screen tests"
	exit 77
fi
mkdir -p "$CIB_BUILDDIR/tests/tmp"
T=$(mktemp -d "$CIB_BUILDDIR/tests/tmp/tui.XXXXXX")
# Each start gets a server of its own: a server that is still shutting
# down must not meet the next one on the same socket.
nstart=0
SOCK=cibtest$$
export LC_ALL=C.UTF-8
export CIBSCOPE_QUERY_PATH="$CIB_SRCDIR/queries"
export CIBSCOPE_THEME_PATH="$CIB_SRCDIR/themes"
export CIBSCOPE_USER=tester
failures=0
tests=0
current=setup

cleanup() {
	tmux -L "$SOCK" kill-server >/dev/null 2>&1
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

tm() {
	tmux -L "$SOCK" "$@"
}

# start W H ARGS...: run cibscope ARGS in a fresh W x H tmux window. The
# window stays after the program ends and shows CIBSCOPE-EXIT=status.
# RUN_ENV, when set, is given to env(1) first ("-u TERM", "NO_COLOR=1").
start() {
	w=$1 h=$2
	shift 2
	tm kill-server >/dev/null 2>&1
	nstart=$((nstart + 1))
	SOCK=cibtest$$-$nstart
	cat >"$T/run.sh" <<RUN
#!/bin/sh
env ${RUN_ENV:-} "$CIBSCOPE" "\$@"
echo "CIBSCOPE-EXIT=\$?"
sleep 600
RUN
	tm -f /dev/null new-session -d -x "$w" -y "$h" \
	    "sh '$T/run.sh' $(for a in "$@"; do printf "'%s' " "$a"; done)"
}

# keys KEY...: type, as tmux send-keys names them.
keys() {
	tm send-keys "$@" 2>/dev/null
	sleep 0.05
}

# mouse BUTTON X Y: a mouse event at column X, line Y (from 0) as an
# xterm sends it in the X10 encoding the program asks for: BUTTON 0 is a
# press of the left button (sent with its release), 64 and 65 are the
# wheel turned up and down.
mouse() {
	set -- "$1" "$(printf %x $((33 + $2)))" "$(printf %x $((33 + $3)))"
	tm send-keys -H 1b 5b 4d "$(printf %x $((32 + $1)))" "$2" "$3" \
	    2>/dev/null
	[ "$1" -ne 0 ] ||
	    tm send-keys -H 1b 5b 4d 23 "$2" "$3" 2>/dev/null
	sleep 0.05
}

screen() {
	tm capture-pane -p 2>/dev/null
}

alive() {
	tm has-session >/dev/null 2>&1
}

# wait_for PATTERN [SECONDS]: until the screen matches (grep -E).
wait_for() {
	n=$(( ${2:-10} * 10 ))
	while [ "$n" -gt 0 ]; do
		if screen | grep -Eq -- "$1"; then
			return 0
		fi
		alive || break
		sleep 0.1
		n=$((n - 1))
	done
	fail "the screen never showed /$1/"
	return 1
}

# wait_gone PATTERN [SECONDS]: until the screen no longer matches.
wait_gone() {
	n=$(( ${2:-10} * 10 ))
	while [ "$n" -gt 0 ]; do
		if ! screen | grep -Eq -- "$1"; then
			return 0
		fi
		alive || break
		sleep 0.1
		n=$((n - 1))
	done
	fail "the screen kept showing /$1/"
	return 1
}

# expect_screen / expect_no_screen PATTERN: the screen now.
expect_screen() {
	screen | grep -Eq -- "$1" || fail "the screen lacks /$1/"
}
expect_no_screen() {
	! screen | grep -Eq -- "$1" || fail "the screen shows /$1/"
}

fail() {
	echo "FAIL: $current: $*"
	echo "--- screen"
	screen 2>/dev/null | sed 's/^/| /'
	failures=$((failures + 1))
}

# first_shot TEXT: the first screen whose status or prompt line shows
# TEXT (a fixed string), in $shot.
first_shot() {
	n=0
	while shot=$(screen); ! echo "$shot" | tail -2 | grep -qF -- "$1"; do
		n=$((n + 1))
		[ "$n" -lt 500 ] || { fail "the screen never showed \"$1\""; \
		    return 1; }
		sleep 0.01
	done
}

begin() {
	current=$1
	tests=$((tests + 1))
}

sql() {
	sqlite3 -batch -noheader "$1" "$2"
}

expect_eq() {
	[ "$1" = "$2" ] || fail "got '$1', expected '$2' ($3)"
}

# demo_case FILE: the demo case, 3000 accounts (deterministic).
demo_case() {
	"$CIBSCOPE" demo --output "$1" --size 3000 >/dev/null 2>&1 </dev/null ||
	    { echo "FAIL: cannot make the demo case"; exit 1; }
}

# quit_ok: q ends the program with status 0.
quit_ok() {
	keys q
	wait_for 'CIBSCOPE-EXIT=0' 5
}

# program_pid: the pid of cibscope in the window (a child of its shell).
program_pid() {
	shpid=$(tm display -p '#{pane_pid}')
	for st in /proc/[0-9]*/stat; do
		set -- $(cat "$st" 2>/dev/null)
		if [ "${4:-}" = "$shpid" ]; then
			echo "$1"
			return 0
		fi
	done
	return 1
}

finish() {
	echo "$((tests - failures)) passed, $failures failed"
	[ "$failures" -eq 0 ]
}
