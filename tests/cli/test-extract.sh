#!/bin/sh
# Extraction from a PostgreSQL warehouse. A real server is started in a
# scratch folder, listening only on a Unix socket there; the demo case is
# copied into it table by table; then saved queries run both ways, on the
# case and through `cibscope extract`, and must find the same accounts in
# the same order. Bad servers and bad warehouses must leave the case as
# it was.
. "$(dirname "$0")/lib.sh"

PGBIN=
for d in /usr/lib/postgresql/*/bin; do
	[ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && PGBIN=$d
done
if [ -z "$PGBIN" ] && command -v initdb >/dev/null 2>&1; then
	PGBIN=$(dirname "$(command -v initdb)")
fi
if [ -z "$PGBIN" ] || ! command -v psql >/dev/null 2>&1; then
	echo "note: no PostgreSQL server (initdb, pg_ctl, psql); test-extract is skipped"
	rm -rf "$T"
	exit 77
fi

# initdb and postgres refuse to run as root: run them as nobody, in a
# folder nobody owns. The socket path must stay short: keep it in /tmp.
P=$(mktemp -d /tmp/cibscope-pg.XXXXXX)
pg_as=
if [ "$(id -u)" -eq 0 ]; then
	pg_as="setpriv --reuid=65534 --regid=65534 --clear-groups"
	chown 65534:65534 "$P"
fi
chmod 755 "$P"
stop_pg() {
	[ -d "$P/data" ] && $pg_as "$PGBIN/pg_ctl" -D "$P/data" -m immediate \
	    stop >/dev/null 2>&1
	rm -rf "$P"
}
trap 'stop_pg' EXIT
trap 'exit 1' INT TERM HUP

if ! $pg_as "$PGBIN/initdb" -D "$P/data" -U cib --auth=trust -E UTF8 \
    --locale=C.UTF-8 >"$P/initdb.log" 2>&1 ||
    ! $pg_as "$PGBIN/pg_ctl" -D "$P/data" -l "$P/server.log" -w -t 60 \
    -o "-c listen_addresses='' -k $P -c fsync=off" start >/dev/null 2>&1
then
	echo "FAIL: cannot start a PostgreSQL server"
	cat "$P/initdb.log" "$P/server.log" 2>/dev/null
	exit 1
fi

psql_wh() {
	psql -X -q -v ON_ERROR_STOP=1 -h "$P" -U cib -d wh "$@"
}
psql -X -q -h "$P" -U cib -d postgres -c 'CREATE DATABASE wh' || exit 1
URL="postgresql://cib@/wh?host=$P"
Q="--queries $CIB_SRCDIR/queries --queries $T/q"

# The warehouse: the case's tables, with PostgreSQL types.
"$CIBSCOPE" demo --output "$T/demo.db" >/dev/null 2>&1 || exit 1
psql_wh <<'SQL' || exit 1
CREATE TABLE accounts(id bigint PRIMARY KEY, platform text NOT NULL,
  native_id text NOT NULL, handle text, display_name text, bio text,
  url text, created_at text, followers bigint, following bigint,
  posts bigint, country text, language text, status text);
CREATE TABLE attributes(kind text NOT NULL, value text NOT NULL,
  account_id bigint NOT NULL, raw text, first_seen text, last_seen text,
  source text, PRIMARY KEY(kind, value, account_id));
CREATE INDEX ON attributes(account_id, kind, value);
CREATE TABLE attribute_stats(kind text, value text, accounts bigint,
  PRIMARY KEY(kind, value));
CREATE TABLE posts(id bigint PRIMARY KEY, account_id bigint NOT NULL,
  native_id text NOT NULL, posted_at bigint, text text, text_hash bigint,
  reply_to text, repost_of text, hashtags text);
CREATE INDEX ON posts(account_id);
CREATE TABLE post_urls(post_id bigint, url text, domain text,
  PRIMARY KEY(post_id, url));
SQL
for t in accounts attributes attribute_stats posts post_urls; do
	sqlite3 -csv -nullvalue '\N' "$T/demo.db" "SELECT * FROM $t" |
	    psql_wh -c "COPY $t FROM STDIN (FORMAT csv, NULL '\\N')" || exit 1
done

# Queries of our own, on top of the structured ones cibscope ships.
mkdir "$T/q"
cat > "$T/q/all.yaml" <<'YAML'
cibscope: 1
name: all
from: all
YAML
cat > "$T/q/wide-hops.yaml" <<'YAML'
cibscope: 1
name: wide-hops
params:
  hops: {type: int, default: 3}
  max_share: {type: int, default: 30}
from: selection
pivot:
  on: [phone, ip24, device, email_domain, user_agent, avatar_hash, page_admin]
  hops: $hops
  max_share: $max_share
order: [rank, -followers]
YAML
cat > "$T/q/conditions.yaml" <<'YAML'
cibscope: 1
name: conditions
params:
  since: {type: date, default: '2022-01-01'}
from: all
where:
  - {field: created_at, since: $since, until: '2024-06-30'}
  - {field: language, in: [en, ru, de, ""]}
  - {field: handle, regex: '(?i)^[a-z]+[_.]?[a-z]*\d{2,}$'}
  - {attribute: email_domain, exists: true}
  - {attribute: phone, prefix: '7', not: true}
  - {field: bio, missing: true, not: true}
order: [created_at, -handle]
limit: 500
YAML
cat > "$T/q/bio-groups.yaml" <<'YAML'
cibscope: 1
name: bio-groups
group:
  field: bio
  regex: '[0-9]+|\s+$'
  replace: '#'
  min_size: 4
  max_span: 400
order: [rank, -created_at]
YAML
cat > "$T/q/from-names.yaml" <<'YAML'
cibscope: 1
name: from-names
from: {query: name-plus-digits}
pivot: {on: [email, phone], hops: 2, max_share: 5}
where:
  - {field: display_name, regex: '\b[A-Z][a-z]+\b'}
order: [-posts, handle]
limit: 300
YAML
cat > "$T/q/handle-is.yaml" <<'YAML'
cibscope: 1
name: handle-is
params:
  h: {type: string}
where:
  - {field: handle, equals: $h}
YAML

# Seeds: the first member of each network the demo plants.
seeds=$(sql "$T/demo.db" "SELECT min(account_id) FROM planted
    GROUP BY network ORDER BY network" | tr '\n' ' ')

# ids_to_keys DB < IDS: the platform:native_id of each id, in order.
ids_to_keys() {
	ids=$(paste -sd, -)
	sqlite3 -batch -noheader "$1" "SELECT a.platform || ':' ||
	    a.native_id FROM json_each('[$ids]') j JOIN accounts a
	    ON a.id = j.value ORDER BY j.key"
}

# both NAME QUERY ARGS...: the query on the case and extracted from the
# warehouse into a new case must give the same accounts, in order.
# $extract_args go to the extraction only.
n=0
both() {
	name=$1 query=$2
	shift 2
	n=$((n + 1))
	begin "extract_matches_local_$name"
	"$CIBSCOPE" query "$T/demo.db" "$query" $Q "$@" --format ids \
	    >"$T/ids" 2>"$T/err" || { fail "query failed"; return; }
	ids_to_keys "$T/demo.db" <"$T/ids" >"$T/want"
	"$CIBSCOPE" new "$T/e$n.db" >/dev/null
	run "$CIBSCOPE" extract "$T/e$n.db" --from "$URL" --query "$query" $Q \
	    ${extract_args:-} "$@"
	expect_status 0
	sql "$T/e$n.db" "SELECT platform || ':' || native_id FROM accounts
	    ORDER BY id" >"$T/got"
	cmp -s "$T/want" "$T/got" || fail "extracted $(wc -l <"$T/got")" \
	    "accounts, the case query finds $(wc -l <"$T/want") (or in" \
	    "another order)"
	[ -s "$T/want" ] || [ "${allow_empty:-}" = yes ] ||
	    fail "the query finds nothing: the comparison proves little"
	expect_out "$(wc -l <"$T/want" | tr -d ' ') accounts"
}

for s in $seeds; do
	both "shared_device_$s" shared-device --seed "$s"
	both "shared_avatar_$s" shared-avatar --seed "$s"
	both "wide_hops_$s" wide-hops --seed "$s" --param max_share=60
done
allow_empty=yes
for q in shared-phone shared-email shared-ip24 shared-payment; do
	both "$q" "$q" $(for s in $seeds; do printf -- '--seed %s ' "$s"; done)
done
allow_empty=
both wide_hops_five wide-hops $(for s in $seeds; do printf -- '--seed %s ' \
    "$s"; done) --param hops=5 --param max_share=60
both name_plus_digits name-plus-digits
both new_high_activity new-high-activity --param since=2020-01-01 \
    --param min_posts=3
both same_handle_template same-handle-template
both shared_page_admins shared-page-admins
both conditions conditions
both bio_groups bio-groups
both night_shift_posting night-shift-posting
both office_hours_elsewhere night-shift-posting --param tz=+03:00 \
    --param hours=09-18 --param min_share=0.5
both from_names from-names
extract_args='--batch 7' both all_in_small_batches all

begin extract_copies_attributes_posts_and_links_exactly
# e<n> of all: every row of the demo case came across unchanged.
for t in "a.platform || a.native_id || '|' || kind || '|' || value || '|' ||
	coalesce(raw, '') FROM attributes t JOIN accounts a ON a.id = t.account_id" \
    "kind || '|' || value || '|' || accounts FROM attribute_stats" \
    "a.native_id || '|' || p.native_id || '|' || coalesce(posted_at, '') ||
	coalesce(text, '') || text_hash || coalesce(hashtags, '') FROM posts p
	JOIN accounts a ON a.id = p.account_id" \
    "p.native_id || '|' || url || '|' || coalesce(domain, '') FROM post_urls u
	JOIN posts p ON p.id = u.post_id"; do
	sql "$T/demo.db" "SELECT $t" | sort >"$T/a"
	sql "$T/e$n.db" "SELECT $t" | sort >"$T/b"
	cmp -s "$T/a" "$T/b" || fail "rows differ: SELECT $t"
done

begin extract_writes_an_audit_row_with_sql_params_and_counts
detail=$(sql "$T/e1.db" "SELECT detail FROM audit WHERE action = 'extract'")
echo "$detail" | grep -q '"sql":"WITH ' || fail "no SQL in $detail"
echo "$detail" | grep -q '"params":\["{' || fail "no parameters in $detail"
echo "$detail" | grep -q "\"server\":\"postgresql://cib@$P/wh\"" ||
    fail "no server in $detail"
echo "$detail" | grep -Eq '"accounts":[1-9]' || fail "no counts in $detail"

begin extract_into_a_case_keeps_attribute_stats_exact
"$CIBSCOPE" new "$T/inc.db" >/dev/null
first=$(sql "$T/demo.db" "SELECT min(account_id) FROM planted
    WHERE network = 'voip-farm'")
for s in $seeds; do
	"$CIBSCOPE" extract "$T/inc.db" --from "$URL" --query wide-hops $Q \
	    --seed "$s" --param max_share=60 >/dev/null 2>"$T/err" ||
	    fail "extract --seed $s: $(cat "$T/err")"
done
bad=$(sql "$T/inc.db" "SELECT count(*) FROM (SELECT kind, value, count(*) AS n
    FROM attributes GROUP BY kind, value) t FULL JOIN attribute_stats s
    USING (kind, value) WHERE s.accounts IS NOT t.n")
expect_eq "$bad" 0 "attribute_stats rows that disagree with attributes"

begin extract_seeds_by_native_id_and_handle
ref=$(sql "$T/demo.db" "SELECT platform || ':' || native_id FROM accounts
    WHERE id = $first")
"$CIBSCOPE" new "$T/s.db" >/dev/null
run "$CIBSCOPE" extract "$T/s.db" --from "$URL" --query wide-hops $Q \
    --seed "$ref" --param max_share=60
expect_status 0
got=$(sql "$T/s.db" "SELECT count(*) FROM accounts")
want=$("$CIBSCOPE" query "$T/demo.db" wide-hops $Q --seed "$first" \
    --param max_share=60 --format ids | wc -l | tr -d ' ')
expect_eq "$got" "$want" "accounts from --seed $ref"
[ "$got" -gt 10 ] || fail "only $got accounts: the seed proves little"
run "$CIBSCOPE" extract "$T/s.db" --from "$URL" --query shared-device $Q \
    --seed @no_such_handle_here
expect_status 1
expect_err "^cibscope: extract: postgresql://cib@$P/wh: --seed @no_such_handle_here: no such account"

begin explain_postgresql_binds_every_value
run "$CIBSCOPE" query "$T/demo.db" new-high-activity $Q --explain \
    --dialect postgresql --param since=2021-03-04 --param min_posts=7
expect_status 0
expect_out '^-- PostgreSQL$'
expect_out '^WITH '
expect_out "^-- \\\$1 = '2021-03-04T00:00:00Z'$"
expect_out "^-- \\\$2 = '7'$"
grep -v '^--' "$T/out" | grep -q '2021-03-04' &&
    fail "a parameter value is pasted into the SQL"
run "$CIBSCOPE" query "$T/demo.db" shared-phone $Q --explain \
    --dialect postgresql --schema wh_2 --seed "$first"
expect_status 0
expect_out 'FROM "wh_2".accounts a'
expect_out "^-- \\\$1 = '\\{\"$first\"\\}'$"

begin dialect_goes_with_explain_only
run "$CIBSCOPE" query "$T/demo.db" all $Q --dialect postgresql
expect_status 2
expect_err 'go with --explain'
run "$CIBSCOPE" query "$T/demo.db" all $Q --explain --dialect oracle
expect_status 2
expect_err 'use sqlite or postgresql'

begin hostile_parameter_is_data_not_sql
"$CIBSCOPE" new "$T/h.db" >/dev/null
run "$CIBSCOPE" extract "$T/h.db" --from "$URL" --query handle-is $Q \
    --param "h=x'; DROP TABLE accounts; --"
expect_status 0
expect_out ' 0 accounts'
expect_eq "$(psql_wh -Atc 'SELECT count(*) FROM accounts')" \
    "$(sql "$T/demo.db" 'SELECT count(*) FROM accounts')" "warehouse accounts"

begin regexes_translate_to_are
cat > "$T/q/re.yaml" <<'YAML'
cibscope: 1
name: re
params:
  p: {type: regex}
where:
  - {field: bio, regex: $p}
YAML
for pair in '\bnews$|\ynews(?=\n?$)' 'a.b|a[^\n]b' '\x{263A}x{2,3}|\U0000263ax{2,3}' \
    '[\d\]-]+(?:ab)?|[\d\]-]+(?:ab)?' 'a{,3}|a\{,3\}'; do
	pat=${pair%%|*} are=${pair#*|}
	run "$CIBSCOPE" query "$T/demo.db" re $Q --explain --dialect postgresql \
	    --param "p=$pat"
	expect_status 0
	grep -qxF -- "-- \$1 = '$are'" "$T/out" || fail "$pat should be $are"
done
for pat in '(?<n>a)' '\p{L}+' 'a++' '(?>a)' '(?m)^a' 'x{300}' '\Qa\E'; do
	run "$CIBSCOPE" query "$T/demo.db" re $Q --explain --dialect postgresql \
	    --param "p=$pat"
	expect_status 1
	expect_err 're.yaml:[0-9]+:[0-9]+: regex .* has no PostgreSQL equivalent'
done

begin refused_queries_say_why_and_leave_the_case_alone
"$CIBSCOPE" new "$T/r.db" >/dev/null
sqlite3 "$T/r.db" .dump >"$T/before"
for q in matches-indicators:'raw sql' co-post-60s:coordination \
    creation-burst:'burst is computed' templated-bios:'Unicode property'; do
	run "$CIBSCOPE" extract "$T/r.db" --from "$URL" --query "${q%%:*}" $Q
	expect_status 1
	expect_err "${q%%:*}.yaml:[0-9]+:[0-9]+: .*${q#*:}"
done
sqlite3 "$T/r.db" .dump >"$T/after"
cmp -s "$T/before" "$T/after" || fail "the case changed"

begin a_table_lacking_a_column_is_named
psql_wh <<'SQL' || exit 1
CREATE SCHEMA lacking;
CREATE VIEW lacking.accounts AS SELECT id, platform, native_id, handle,
  display_name, url, created_at, followers, following, posts, country,
  language, status FROM public.accounts;
CREATE VIEW lacking.attributes AS SELECT * FROM public.attributes;
CREATE VIEW lacking.attribute_stats AS SELECT * FROM public.attribute_stats;
CREATE VIEW lacking.posts AS SELECT * FROM public.posts;
CREATE VIEW lacking.post_urls AS SELECT * FROM public.post_urls;
SQL
run "$CIBSCOPE" extract "$T/r.db" --from "$URL" --schema lacking --query all $Q
expect_status 1
expect_err "^cibscope: extract: postgresql://cib@$P/wh: table \"lacking\".accounts has no column bio$"
run "$CIBSCOPE" extract "$T/r.db" --from "$URL" --schema nowhere --query all $Q
expect_status 1
expect_err 'no table "nowhere".accounts'
sqlite3 "$T/r.db" .dump >"$T/after"
cmp -s "$T/before" "$T/after" || fail "the case changed"

begin server_lost_mid_extraction_leaves_the_case_alone
# The warehouse's attributes view ends its own connection once the
# extraction has gone past 3000 accounts: dozens of batches are in.
psql_wh <<'SQL' || exit 1
CREATE SCHEMA flaky;
CREATE FUNCTION flaky.gone(id bigint) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF id > 3000 THEN
    PERFORM pg_terminate_backend(pg_backend_pid());
    PERFORM pg_sleep(5);
  END IF;
  RETURN true;
END $$;
CREATE VIEW flaky.accounts AS SELECT * FROM public.accounts;
CREATE VIEW flaky.attributes AS SELECT * FROM public.attributes
  WHERE flaky.gone(account_id);
CREATE VIEW flaky.attribute_stats AS SELECT * FROM public.attribute_stats;
CREATE VIEW flaky.posts AS SELECT * FROM public.posts;
CREATE VIEW flaky.post_urls AS SELECT * FROM public.post_urls;
SQL
cp "$T/e1.db" "$T/busy.db"
sqlite3 "$T/busy.db" .dump >"$T/before"
run "$CIBSCOPE" extract "$T/busy.db" --from "$URL" --schema flaky --batch 100 \
    --query all $Q
expect_status 1
expect_err "^cibscope: extract: postgresql://cib@$P/wh: the connection was lost while reading attributes, after 3100 accounts"
sqlite3 "$T/busy.db" .dump >"$T/after"
cmp -s "$T/before" "$T/after" || fail "the case changed"

begin ctrl_c_cancels_the_query_on_the_server_and_leaves_the_case_alone
# The warehouse's accounts view takes 30 s a row: the first FETCH runs
# until the server is asked to stop it.
psql_wh <<'SQL' || exit 1
CREATE SCHEMA slow;
CREATE FUNCTION slow.crawl() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_sleep(30);
  RETURN true;
END $$;
CREATE VIEW slow.accounts AS SELECT * FROM public.accounts WHERE slow.crawl();
CREATE VIEW slow.attributes AS SELECT * FROM public.attributes;
CREATE VIEW slow.attribute_stats AS SELECT * FROM public.attribute_stats;
CREATE VIEW slow.posts AS SELECT * FROM public.posts;
CREATE VIEW slow.post_urls AS SELECT * FROM public.post_urls;
SQL
# fetching: how many FETCHes the server is running.
fetching() {
	psql_wh -Atc "SELECT count(*) FROM pg_stat_activity WHERE
	    query LIKE 'FETCH%' AND state = 'active'"
}
cp "$T/e1.db" "$T/slow.db"
sqlite3 "$T/slow.db" .dump >"$T/before"
timeout 25 "$CIBSCOPE" extract "$T/slow.db" --from "$URL" --schema slow \
    --query all $Q >"$T/out" 2>"$T/err" &
pid=$!
n=0
until [ "$(fetching)" = 1 ]; do
	n=$((n + 1))
	[ "$n" -lt 200 ] || { fail "the query never started on the server"; break; }
	sleep 0.05
done
kill -INT "$pid"
wait "$pid"
status=$?
expect_eq "$status" 1 "exit status after Ctrl-C"
expect_err "^cibscope: extract: postgresql://cib@$P/wh: cancelled while running the query, after 0 accounts; nothing was written to the case$"
expect_eq "$(fetching)" 0 "the server stopped the query"
sqlite3 "$T/slow.db" .dump >"$T/after"
cmp -s "$T/before" "$T/after" || fail "the case changed"

begin password_is_never_shown_or_recorded
"$CIBSCOPE" new "$T/pw.db" >/dev/null
run "$CIBSCOPE" extract "$T/pw.db" --from "postgresql://cib:s3cretpw@/wh?host=$P" \
    --query same-handle-template $Q
expect_status 0
expect_no_out s3cretpw
grep -q s3cretpw "$T/err" && fail "the password is on stderr"
sqlite3 "$T/pw.db" .dump | grep -q s3cretpw && fail "the password is in the case"
run "$CIBSCOPE" extract "$T/pw.db" --from "postgresql://cib:s3cretpw@[oops" \
    --query all $Q
expect_status 1
expect_err 'connection string does not parse'
grep -q s3cretpw "$T/err" && fail "the password is on stderr"

begin unreachable_server_leaves_the_case_alone
sqlite3 "$T/e1.db" .dump >"$T/before"
$pg_as "$PGBIN/pg_ctl" -D "$P/data" -m fast stop >/dev/null 2>&1
run "$CIBSCOPE" extract "$T/e1.db" --from "$URL" --query all $Q
expect_status 1
expect_err "^cibscope: extract: postgresql://cib@$P/wh: cannot connect: "
sqlite3 "$T/e1.db" .dump >"$T/after"
cmp -s "$T/before" "$T/after" || fail "the case changed"

finish
