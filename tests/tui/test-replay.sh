#!/bin/sh
# Replay mode: `cibscope replay` and `cibscope demo --tour` open the screen
# on an investigation told step by step. Each step shows its caption and
# the accounts its query finds again; n/p (Right/Left) step, l lists the
# steps to jump, the normal keys still look around, and the last step of
# the demo shows the tagged network's membership.
. "$(dirname "$0")/lib.sh"
export CIBSCOPE_TOURS="$CIB_SRCDIR/share/tours"
TOUR="$CIB_SRCDIR/share/tours/demo.yaml"
demo_case "$T/d.db"

begin tour_shows_the_first_caption
start 80 24 replay "$T/d.db" --tour "$TOUR"
wait_for 'Step 1 of 5: select'
expect_screen 'A partner team sends a tip'
expect_screen 'step 1: select \(1\)'
expect_screen '1 accounts \| row 1 \| step 1/5'
expect_screen 'miranotes'

begin n_advances_with_the_recorded_counts
keys n
wait_for 'Step 2 of 5: pivot'
expect_screen 'Phone numbers cost an operator money'
wait_for '2 accounts \| row 1 \| step 2/5'
keys n
wait_for 'step 3: pivot \(16\)'
keys Right
wait_for 'step 4: pivot \(30\)'
expect_screen 'Finds 30 accounts'

begin the_last_step_shows_the_tagged_network
keys n
wait_for 'Step 5 of 5: tag "voip-farm \(demo\)"'
expect_screen 'Network "voip-farm \(demo\)" after this step: 30 members'
expect_screen 'step 5: network voip-farm \(demo\) \(30\)'
keys n
wait_for 'This is the last step'

begin p_goes_back
keys p
wait_for 'Step 4 of 5: pivot'
expect_screen 'step 4: pivot \(30\)'
keys Left
wait_for 'Step 3 of 5: pivot'
expect_screen 'step 3: pivot \(16\)'

begin looks_around_and_comes_back
# Pivot away from the step with the detail pane, go back with Backspace,
# then step on from where the replay was.
keys Tab Enter
wait_for 'step 3: pivot \(16\) > '
expect_screen 'Step 3 of 5'
keys BSpace
wait_for 'step 3: pivot \(16\) *$'
keys Tab Enter
wait_for 'step 3: pivot \(16\) > '
keys n
wait_for 'step 4: pivot \(30\) *$'

begin the_step_list_is_a_pane_that_jumps
keys l
wait_for 'Steps of The voip-farm takedown'
expect_screen '>  4\. pivot'
expect_screen '   1\. select +A partner team'
keys g Enter
wait_for 'Step 1 of 5: select'
expect_screen 'step 1: select \(1\)'
# The list stays open beside the accounts, its marker on the step shown.
expect_screen 'Steps of'
expect_screen '>  1\. select'
keys G Enter
wait_for 'Step 5 of 5: tag'
expect_screen '>  5\. tag'
# n and p step with the list open, its cursor following.
keys p
wait_for 'Step 4 of 5'
expect_screen '>  4\. pivot'
keys Escape
wait_gone 'Steps of'
expect_screen 'Step 4 of 5'
keys l
wait_for 'Steps of'
keys l
wait_gone 'Steps of'

begin a_click_on_a_step_shows_it
keys l
wait_for 'Steps of'
y=$(screen | grep -n '   2\. ' | head -1 | cut -d: -f1)
[ -n "$y" ] || fail "no row for step 2"
mouse 0 10 $((y - 1))
wait_for 'Step 2 of 5'
expect_screen '>  2\. '
# Esc first stops a step still being run, so let it end.
wait_gone 'Running this step again'
keys Escape
wait_gone 'Steps of'

begin help_lists_the_replay_keys
keys '?'
wait_for 'Help: keys and commands'
keys G k k
wait_for 'Replay step list'
expect_screen 'l +step-list'
keys q
wait_gone 'Help: keys'

begin q_quits_and_restores_the_terminal
quit_ok
expect_no_screen 'Step [0-9]+ of'
[ "$(tm display -p '#{alternate_on}')" = 0 ] ||
    fail "still on the alternate screen"

begin audit_trail_replay_compares_counts
start 100 30 replay "$T/d.db"
wait_for 'Step 1 of 4: pivot \| dana \(demo analyst\) \| 2023-11-20T09:02:00Z'
expect_screen 'Finds 2 accounts, as recorded'
keys n
wait_for 'Step 2 of 4'
expect_screen 'Finds 16 accounts, as recorded'
keys n n
wait_for 'Network "voip-farm \(demo\)" after this step: 30 members'
quit_ok

begin warns_when_the_case_has_changed
cp "$T/d.db" "$T/changed.db"
sql "$T/changed.db" "DELETE FROM attributes WHERE kind = 'phone' AND account_id = 1342"
start 100 30 replay "$T/changed.db"
wait_for 'Step 1 of 4'
wait_for 'Warning: the case has changed since: 1 account now, 2 recorded'
quit_ok

begin demo_tour_opens_the_screen
start 80 24 demo --output "$T/t.db" --size 3000 --tour
wait_for 'Step 1 of 5: select' 30
keys n n n n
wait_for 'Network "voip-farm \(demo\)" after this step: 30 members'
quit_ok

# A step whose query takes seconds runs again while keys are answered:
# (.?){16} backtracks at every place of every handle, and
# (*NO_START_OPT) keeps pcre2 from skipping any.
cat >"$T/slow.yaml" <<'EOF'
cibscope: 1
title: A slow step
steps:
  - caption: The tip.
    select: [$demo_tip]
  - caption: A query that takes its time.
    query:
      from: all
      where:
        - {field: handle, regex: '(*NO_START_OPT)(.?){16}^zzzz_never$'}
EOF

begin keys_are_answered_while_a_step_runs
start 100 30 replay "$T/d.db" --tour "$T/slow.yaml"
wait_for 'Step 1 of 2: select'
wait_for 'Finds 1 account'
keys n
wait_for 'Running this step again \([0-9.]+s; Esc stops it\)'
expect_screen 'Step 2 of 2: query'
keys :
keys -l 'tz UTC'
first_shot ':tz UTC' &&
    { echo "$shot" | grep -q 'Running this step again' ||
    fail "the typing showed only after the step ended"; }
keys Escape
wait_gone '^:tz UTC'
wait_for 'Finds 0 accounts' 60
expect_no_screen 'Running this step'
quit_ok

begin esc_stops_a_step_and_n_p_run_another
start 100 30 replay "$T/d.db" --tour "$T/slow.yaml"
wait_for 'Finds 1 account'
keys n
wait_for 'Running this step again'
keys Escape
wait_for 'Cannot replay this step: stopped \(n, p or l to try again\)'
expect_screen 'Step stopped'
# The accounts of the step before stay on the screen.
expect_screen 'step 1: select \(1\)'
# p while a step runs drops it and shows the one asked for.
keys l
wait_for 'Steps of A slow step'
keys G Enter
wait_for 'Running this step again'
keys p
wait_for 'Step 1 of 2: select'
wait_for 'Finds 1 account'
expect_no_screen 'Running this step'
keys l
wait_gone 'Steps of'
quit_ok

begin a_step_clicked_shows_its_result_with_no_key_after
# The click's release reaches the program too: if curses dropped it, the
# program would sleep in its read until a key came, the result waiting.
start 100 30 replay "$T/d.db" --tour "$T/slow.yaml"
wait_for 'Finds 1 account'
keys l
wait_for 'Steps of A slow step'
# Beside the accounts, each caption follows its step in the list.
expect_screen '>  1\. select +The tip\.'
expect_screen '   2\. query +A query that take'
row=$(screen | grep -n '   2\. query' | head -1)
y=${row%%:*}
col=$(printf '%s\n' "${row#*:}" | awk '{ print index($0, "2. query") }')
[ -n "$y" ] && [ "$col" -gt 0 ] || fail "no row for step 2"
mouse 0 $((col - 1)) $((y - 1))
wait_for 'Running this step again'
wait_for 'Finds 0 accounts' 60
keys Escape
wait_gone 'Steps of'
quit_ok

begin demo_tour_prints_when_not_on_a_terminal
out=$("$CIBSCOPE" replay "$T/d.db" --tour "$TOUR" </dev/null | grep -c '^Step ')
expect_eq "$out" 5 "steps printed"

finish
