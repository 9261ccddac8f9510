#!/bin/sh
# --trace FILE (or $CIBSCOPE_TRACE) appends the screen's timings: start,
# first-refresh and rss once, then one key line per key read, each with
# the milliseconds from the read to the refresh that shows it.
. "$(dirname "$0")/lib.sh"
demo_case "$T/d.db"
NUM='[0-9]+\.[0-9]+'

begin traces_start_first_refresh_rss_and_each_key
start 80 24 --trace "$T/trace" "$T/d.db"
wait_for 'all \(3000\)'
keys j
wait_for 'row 2 '
keys j
wait_for 'row 3 '
keys Tab
keys Enter
wait_for '> avatar_hash'
keys BSpace
wait_for 'all \(3000\) *$'
quit_ok
f="$T/trace"
[ -s "$f" ] || fail "no trace written"
expect_eq "$(grep -Ec "^start $NUM\$" "$f")" 1 "start line"
expect_eq "$(grep -Ec "^first-refresh $NUM\$" "$f")" 1 "first-refresh line"
expect_eq "$(grep -Ec '^rss [1-9][0-9]*$' "$f")" 1 "rss line"
expect_eq "$(sed -n 1p "$f" | cut -d' ' -f1)" start "start comes first"
expect_eq "$(grep -E "^key [^ ]+ $NUM $NUM $NUM\$" "$f" | cut -d' ' -f2 |
    tr '\n' ' ')" "j j Tab Enter Backspace q " "one key line per key, in order"
# The pivot ran as a job (in a thread of its own): one job line, complete,
# then one shown line, and both after Enter's read.
expect_eq "$(grep -Ec "^job $NUM [0-9]+ [0-9]+ $NUM [1-9][0-9]* complete $NUM\$" \
    "$f")" 1 "the pivot's job line"
expect_eq "$(grep -Ec "^shown $NUM\$" "$f")" 1 "the pivot's shown line"
order=$(awk '$1 == "key" && $2 == "Enter" { k = $5 } $1 == "job" { j = $8 }
    $1 == "shown" { s = $2 }
    END { if (k + 0 <= j + 0 && j + 0 <= s + 0) print "in order"
	else print k, j, s }' "$f")
expect_eq "$order" "in order" "Enter read, then the job's end, then shown"
expect_eq "$(grep -vEc "^(start|first-refresh|rss|key|job|shown) " "$f")" 0 \
    "nothing else"

begin the_environment_turns_it_on_and_runs_append
RUN_ENV="CIBSCOPE_TRACE=$T/trace"
start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
keys j
wait_for 'row 2 '
quit_ok
RUN_ENV=
expect_eq "$(grep -c '^start ' "$T/trace")" 2 "two runs"
expect_eq "$(awk '/^start /{n=0} /^key /{n++} END{print n}' "$T/trace")" \
    2 "keys of the second run"

begin an_unwritable_trace_is_an_error
"$CIBSCOPE" --trace "$T/no/such/dir/trace" "$T/d.db" </dev/null \
    >/dev/null 2>"$T/err"
expect_eq "$?" 1 "exit status"
grep -q -- '--trace .*/no/such/dir/trace: No such file' "$T/err" ||
    fail "message: $(cat "$T/err")"

finish
