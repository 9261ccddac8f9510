#!/bin/sh
# Queries, pivots, detection and coordination from the command line, on a
# small case imported as a user would, and on the shared co-retweet data.
. "$(dirname "$0")/lib.sh"

cat > "$T/users.csv" <<'CSV'
id,handle,name,phone,avatar,ip
1,anna_petrova1987,Anna,+7 912 000-11-22,a91f00,100.64.0.1
2,ivan_sokolov1990,Ivan,79120001122,A91F00,100.64.0.1
3,maria_k,"Maria, K",+44 20 7946 0000,b00b00,100.64.0.1
4,x_or_1,"x' OR '1'='1",,c0ffee,203.0.113.9
5,lone,Lone,,,100.64.0.1
CSV
cat > "$T/map.yaml" <<'YAML'
platform: chirp
account:
  native_id: id
  handle: handle
  display_name: name
attributes:
  - {column: phone, kind: phone}
  - {column: avatar, kind: avatar_hash}
  - {column: ip, kind: ip}
YAML
"$CIBSCOPE" new "$T/c.db" >/dev/null
"$CIBSCOPE" import "$T/c.db" "$T/users.csv" --map "$T/map.yaml" >/dev/null 2>&1

begin pivot_lists_sharers_with_evidence
run "$CIBSCOPE" pivot "$T/c.db" @anna_petrova1987 --on phone --format csv
expect_status 0
expect_out '^2,chirp,2,ivan_sokolov1990,'
expect_out '79120001122'
expect_no_out '^3,'

begin pivot_reports_hubs
run "$CIBSCOPE" pivot "$T/c.db" chirp:1 --on ip --max-share 3
expect_status 0
expect_out 'hub skipped: ip 100.64.0.1 \(x4\)'
expect_out '^1 accounts$'

begin pivot_on_two_kinds_two_hops
run "$CIBSCOPE" pivot "$T/c.db" 1 --on phone,avatar_hash --hops 2 --format ids
expect_status 0
expect_eq "$(tr '\n' ' ' < "$T/out")" "1 2 " "members"

begin pivot_names_an_unknown_account
run "$CIBSCOPE" pivot "$T/c.db" @nobody --on phone
expect_status 1
expect_err '@nobody: no such account'

begin query_file_with_params_and_json
cat > "$T/q.yaml" <<'YAML'
cibscope: 1
name: q
params:
  pat: {type: regex, default: '^[a-z]+_[a-z]+[0-9]{4}$'}
where:
  - {field: handle, regex: $pat}
YAML
run "$CIBSCOPE" query "$T/c.db" "$T/q.yaml" --format json
expect_status 0
expect_out '"count":2'
run "$CIBSCOPE" query "$T/c.db" "$T/q.yaml" --param 'pat=^lone$' --format ids
expect_eq "$(cat "$T/out")" "5" "param override"

begin query_is_audited_in_canonical_form
n=$(sql "$T/c.db" "SELECT count(*) FROM audit WHERE action = 'query' AND detail LIKE '%\"pat\"%' OR detail LIKE '%lone%'")
[ "$n" -ge 1 ] || fail "no audit row for the query"

begin query_explain_shows_sql_and_plan
run "$CIBSCOPE" query "$T/c.db" "$T/q.yaml" --explain
expect_status 0
expect_out 'regexp\(\?'
expect_out 'plan:'

begin query_bad_regex_names_the_pattern
printf 'cibscope: 1\nname: bad\nwhere:\n  - {field: handle, regex: "(ab["}\n' > "$T/bad.yaml"
run "$CIBSCOPE" query "$T/c.db" "$T/bad.yaml"
expect_status 1
expect_err 'missing terminating \] |missing closing parenthesis|regex'

begin hostile_display_name_is_neutralized
run "$CIBSCOPE" query "$T/c.db" "$T/q.yaml" --param 'pat=^x_or' --format csv
expect_out "x' OR '1'='1"
run "$CIBSCOPE" pivot "$T/c.db" 4 --on avatar_hash --format ids
expect_eq "$(cat "$T/out")" "4" "injection-looking value matches itself"

begin networks_detect_finds_the_phone_pair
run "$CIBSCOPE" networks "$T/c.db" detect --min-size 2 --max-share 3 --format csv
expect_status 0
expect_out 'anna_petrova1987'
expect_out 'ivan_sokolov1990'
expect_no_out 'maria_k'

begin coordination_reproduces_the_coretweet_reference
data=${CIB_DATA:-}/coordination
if [ -r "$data/ru-coretweet.cnt.csv" ]; then
	"$CIBSCOPE" new "$T/ru.db" >/dev/null
	"$CIBSCOPE" import "$T/ru.db" "$data/ru-coretweet.cnt.csv" \
	    --platform twitter >/dev/null 2>&1
	run "$CIBSCOPE" coordination "$T/ru.db" --type co-repost --window 60 \
	    --min-weight 2 --format csv
	expect_status 0
	tail -n +2 "$T/out" | sort > "$T/got"
	tail -n +2 "$data/ru-coretweet.cnt-co_retweet-60s-w2.edges.csv" |
	    tr -d '\r' | sort > "$T/want"
	cmp -s "$T/got" "$T/want" || fail "edges differ: $(diff "$T/got" "$T/want" | head -5)"
	expect_eq "$(wc -l < "$T/got")" 95 "edge count"
else
	echo "note: $data absent; the reference comparison checks nothing"
fi

begin careless_raw_sql_is_stopped_at_the_default_limit
# Five copies of the accounts table, 10^15 rows: stopped at 10 s, and the
# message says which limit stopped it and how to change it.
"$CIBSCOPE" demo --output "$T/k.db" --size 1000 >/dev/null 2>&1
cat >"$T/cross.yaml" <<'YAML'
cibscope: 1
name: cross
sql: >-
  SELECT a1.id FROM accounts a1, accounts a2, accounts a3, accounts a4,
  accounts a5 WHERE a1.id + a2.id + a3.id + a4.id + a5.id < 0
YAML
run "$CIBSCOPE" query "$T/k.db" "$T/cross.yaml"
expect_status 1
expect_err 'cross.yaml:3:1: sql: stopped at the time limit for raw SQL, 10 s '
expect_err 'sets the limit'

begin sql_timeout_sets_the_limit_for_one_run
run "$CIBSCOPE" --sql-timeout 0.5 query "$T/k.db" "$T/cross.yaml"
expect_status 1
expect_err 'stopped at the time limit for raw SQL, 0.5 s'
run env CIBSCOPE_SQL_TIMEOUT=0.25 "$CIBSCOPE" query "$T/k.db" "$T/cross.yaml"
expect_status 1
expect_err 'stopped at the time limit for raw SQL, 0.25 s'
run "$CIBSCOPE" --sql-timeout=soon query "$T/k.db" "$T/cross.yaml"
expect_status 2
expect_err '^cibscope: --sql-timeout soon: expected seconds, more than 0'
run "$CIBSCOPE" --sql-timeout 0 query "$T/k.db" "$T/cross.yaml"
expect_status 2

finish
