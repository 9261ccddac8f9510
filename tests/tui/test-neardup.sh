#!/bin/sh
# Near-duplicates on the screen: near-duplicate-posts, picked from the
# query palette with its defaults, runs co-similar in the background and
# lists what `cibscope query` lists, the echo chorus among it.
. "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 program absent"; exit 77; }
demo_case "$T/d.db"

want=$("$CIBSCOPE" query "$T/d.db" near-duplicate-posts --format ids |
    wc -l | tr -d ' ')
handle=$(sql "$T/d.db" "SELECT a.handle FROM planted p JOIN accounts a ON
    a.id = p.account_id WHERE p.network = 'echo-chorus' ORDER BY a.id
    LIMIT 1")

begin near_duplicate_posts_from_the_palette
[ "$want" -ge 20 ] || fail "the query finds only $want accounts"
start 110 30 "$T/d.db"
wait_for 'all \(3000\)'
keys p
wait_for 'Saved queries'
keys near-dup
wait_for 'near-duplicate-posts +Near-identical posts'
keys Enter
wait_for 'threshold .*: 0\.6'
keys Enter
wait_for 'window .*: 3600'
keys Enter
wait_for 'min_weight .*: 2'
keys Enter
wait_for "> query near-duplicate-posts \\($want\\)" 20
expect_screen "coordination=c"
keys /
keys "$handle" Enter
wait_for "$handle"
quit_ok

finish
