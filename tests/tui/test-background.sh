#!/bin/sh
# Saved queries, pivots and networks opened run in a thread of their own,
# on a second read connection: their list shows at once, keys go on
# working while they run, Esc or Backspace stops them, and a run that
# ends is audited with its rows. The query here is slow on purpose: a
# count over a recursive CTE of :n rows (about 1.5 s for 10 million).
. "$(dirname "$0")/lib.sh"
demo_case "$T/d.db"
mkdir "$T/q"
cat >"$T/q/slow-count.yaml" <<'YAML'
cibscope: 1
name: slow-count
title: Five accounts, after counting for a while
params:
  n:
    type: int
    default: 20000000
    help: rows to count first
from: all
sql: |
  WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c
                          WHERE x < :n)
  SELECT a.id AS id, 'counted' AS evidence FROM accounts a
  WHERE a.id <= 5 AND (SELECT count(*) FROM c) > 0
YAML
RUN_ENV="CIBSCOPE_QUERY_PATH=$T/q CIBSCOPE_SQL_TIMEOUT=600"
audited() {
	sql "$T/d.db" "SELECT count(*) FROM audit WHERE action = 'query'
	    AND target = 'query slow-count'"
}

begin keys_are_answered_while_a_query_runs
start 100 24 "$T/d.db"
wait_for 'all \(3000\)'
keys : 'query slow-count' Enter
wait_for 'query running [0-9.]+s'
expect_screen 'all \(3000\) > query slow-count'
# The networks view and back, while the query is still running.
keys 2
wait_for 'Saved networks'
expect_screen 'query running'
keys 1
wait_for 'query running'
expect_eq "$(audited)" 0 "nothing audited before the run ends"
wait_for '> query slow-count \(5\)' 60
expect_no_screen 'query running'
expect_screen 'cibscope demo \| 5 accounts'
quit_ok
expect_eq "$(audited)" 1 "the run is audited once it ends"

begin esc_stops_a_running_query
start 100 24 "$T/d.db"
wait_for 'all \(3000\)'
keys : 'query slow-count n=2000000000' Enter
wait_for 'query running'
keys Escape
wait_for 'Cancelled'
wait_gone 'query slow-count'
expect_screen 'all \(3000\)'
keys j
wait_for 'row 2 '
quit_ok
expect_eq "$(audited)" 1 "a stopped run is not audited"

begin backspace_leaves_a_running_query_and_stops_it
start 100 24 "$T/d.db"
wait_for 'all \(3000\)'
keys : 'query slow-count n=2000000000' Enter
wait_for 'query running'
keys BSpace
wait_gone 'query slow-count'
keys j j
wait_for 'row 3 '
# The program ends at once: the stopped thread does not hold it up.
quit_ok
expect_eq "$(audited)" 1 "a left run is not audited"

begin a_failing_query_says_why_and_leaves_no_list
# Wide enough for the whole message, whatever the scratch folder's path.
start 250 24 "$T/d.db"
wait_for 'all \(3000\)'
keys : 'query slow-count n=abc' Enter
wait_for 'Query: .*slow-count.yaml:10:1: sql: parameter :n: "abc" is not a'
expect_no_screen 'query slow-count'
expect_screen 'all \(3000\) *$'
quit_ok

begin detection_runs_in_its_thread_and_shows_its_candidates
start 100 30 "$T/d.db"
wait_for 'all \(3000\)'
keys 2
wait_for 'Detected candidates \([1-9][0-9]*; kinds [0-9]+'
expect_no_screen 'detection running'
# r runs it again; leaving the view and coming back shows it again.
keys r
wait_for 'Detected candidates \([1-9][0-9]*; kinds'
keys 1 2
wait_for 'Detected candidates \([1-9][0-9]*; kinds'
keys j
expect_screen 'Saved networks'
quit_ok

finish
