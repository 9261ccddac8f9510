#!/bin/sh
# Marked accounts are tagged as a network through the form; the network
# shows in the networks view and is in the case afterwards, each member
# with its evidence, with one audit row.
. "$(dirname "$0")/lib.sh"
demo_case "$T/d.db"

begin tags_marked_accounts_through_the_form
start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
# Pivot first, so the members carry the pivot as their evidence.
keys Tab Enter
wait_for '> avatar_hash .*\(198\)'
keys Space Space Space
wait_for '3 marked'
keys t
wait_for 'Tag 3 marked accounts as network:'
keys op-avatar Enter
wait_for 'Label .*: suspected'
keys C-u cib Enter
wait_for 'Origin country:'
keys RU Enter
wait_for 'Target country:'
keys UA Enter
wait_for 'Techniques'
keys T0007,T0090 Enter
wait_for 'Note:'
keys 'same avatar' Enter
wait_for 'Tagged 3 accounts as network op-avatar \(cib\)'
keys 2
# The demo ships its recorded investigation's network too.
wait_for 'Saved networks \(2\)'
expect_screen 'op-avatar +cib +3 members +RU -> UA'
quit_ok

begin the_network_is_in_the_case
expect_eq "$(sql "$T/d.db" "SELECT name, label, origin, target, ttps, notes FROM networks WHERE name = 'op-avatar'")" \
    "op-avatar|cib|RU|UA|T0007,T0090|same avatar" "network row"
members="network_members m JOIN networks n ON n.id = m.network_id AND n.name = 'op-avatar'"
expect_eq "$(sql "$T/d.db" "SELECT count(*) FROM $members")" 3 \
    "members"
n=$(sql "$T/d.db" "SELECT count(*) FROM $members WHERE m.evidence LIKE '%avatar_hash%'")
expect_eq "$n" 3 "members with the pivot as evidence"
expect_eq "$(sql "$T/d.db" "SELECT count(*) FROM audit WHERE action = 'tag' AND target = 'op-avatar'")" 1 "audit row"

begin the_network_opens_from_the_networks_view
start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
keys 2
wait_for 'op-avatar'
keys Enter
wait_for '> network op-avatar \(3\)'
expect_screen 'op-avatar'
quit_ok

begin tags_the_whole_list_from_the_command_line
start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
keys / '^emma_s' Enter
wait_for '> /\^emma_s \(([0-9]+)\)'
count=$(screen | sed -n '1s/.*(\([0-9]*\)) *$/\1/p')
keys : 'tag emmas suspected' Enter
wait_for 'Tagged [0-9]+ accounts as network emmas'
expect_eq "$(sql "$T/d.db" "SELECT count(*) FROM network_members m JOIN networks n ON n.id = m.network_id WHERE n.name = 'emmas'")" \
    "$count" "whole list tagged"
quit_ok

begin a_bad_label_is_refused
start 80 24 "$T/d.db"
wait_for 'all \(3000\)'
keys : 'tag x maybe' Enter
wait_for 'Unknown label "maybe"'
quit_ok

finish
