#!/bin/sh
# Tips from partners: `cibscope tips import` reads a STIX 2.1 bundle or a
# MISP event, stores its indicators under the tip's name, and makes the
# accounts it names seed members of a suspected network with the tip's
# techniques. Exports of a network come back with the same members and
# techniques; the published examples import with the counts they hold;
# hostile files are refused with their place and change nothing.
. "$(dirname "$0")/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 program absent"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 absent"; exit 77; }
TIPS=$CIB_SRCDIR/tests/tips
CIBSCOPE_USER=alice; export CIBSCOPE_USER
CIBSCOPE_QUERY_PATH=$CIB_SRCDIR/queries; export CIBSCOPE_QUERY_PATH

C=$T/home.db
"$CIBSCOPE" demo --output "$C" --size 600 --seed 11 >/dev/null 2>&1
set -- $(sql "$C" "SELECT account_id FROM planted WHERE network =
    'voip-farm' ORDER BY account_id LIMIT 5")
"$CIBSCOPE" tag "$C" relay --accounts "$@" --ttp T0097 --ttp T0049.003 \
    >/dev/null
"$CIBSCOPE" export "$C" relay --format stix -o "$T/relay.stix.json"
"$CIBSCOPE" export "$C" relay --format misp -o "$T/relay.misp.json"
want_members=$(sql "$C" "SELECT group_concat(account_id) FROM (SELECT
    account_id FROM network_members m JOIN networks n ON n.id =
    m.network_id WHERE n.name = 'relay' ORDER BY 1)")

# The partner's case holds the same accounts but not the network.
fresh() {
	"$CIBSCOPE" demo --output "$1" --size 600 --seed 11 >/dev/null 2>&1
	sql "$1" "DELETE FROM networks WHERE name = 'relay'"
}
members() {
	sql "$1" "SELECT group_concat(account_id) FROM (SELECT account_id
	    FROM network_members m JOIN networks n ON n.id = m.network_id
	    WHERE n.name = '$2' ORDER BY 1)"
}
ttps() {
	sql "$1" "SELECT ttps FROM networks WHERE name = '$2'" |
	    tr ',' '\n' | tr -d ' ' | sort | tr '\n' ' '
}

begin stix_export_round_trips_members_and_techniques
P=$T/p1.db; fresh "$P"
run "$CIBSCOPE" tips import "$P" "$T/relay.stix.json"
expect_status 0
expect_out 'STIX tip "relay"'
expect_out '5 accounts named, 5 found in the case, 5 new members'
expect_eq "$(members "$P" relay)" "$want_members" "members"
expect_eq "$(ttps "$P" relay)" "T0049.003 T0097 " "techniques"
expect_eq "$(sql "$P" "SELECT label FROM networks WHERE name = 'relay'")" \
    suspected "label"
ev=$(sql "$P" "SELECT evidence FROM network_members m JOIN networks n ON
    n.id = m.network_id WHERE n.name = 'relay' LIMIT 1")
case $ev in *'tip relay.stix.json: object '*) ;;
*) fail "evidence does not name the tip file: $ev" ;; esac
expect_eq "$(sql "$P" "SELECT count(*) FROM audit WHERE action =
    'tips-import' AND json_extract(detail, '$.matched') = 5")" 1 "audit"

begin misp_export_round_trips_members_and_techniques
P=$T/p2.db; fresh "$P"
run "$CIBSCOPE" tips import "$P" "$T/relay.misp.json" --name relay
expect_status 0
expect_out 'MISP tip "relay"'
expect_eq "$(members "$P" relay)" "$want_members" "members"
expect_eq "$(ttps "$P" relay)" "T0049.003 T0097 " "techniques"

begin misp_galaxy_tags_map_back_through_the_cluster_file
GALAXY=$CIB_DATA/misp/galaxy/clusters_disarm-techniques.json
if [ -e "$GALAXY" ]; then
	"$CIBSCOPE" export "$C" relay --format misp --misp-galaxy "$GALAXY" \
	    -o "$T/relay.galaxy.json"
	grep -q 'misp-galaxy:disarm-techniques=\\"Create Personas\\"' \
	    "$T/relay.galaxy.json" || fail "no galaxy tag in the export"
	P=$T/p4.db; fresh "$P"
	run "$CIBSCOPE" tips import "$P" "$T/relay.galaxy.json" --name relay \
	    --misp-galaxy "$GALAXY"
	expect_status 0
	expect_eq "$(members "$P" relay)" "$want_members" "members"
	expect_eq "$(ttps "$P" relay)" "T0049.003 T0097 " "techniques"
	P=$T/p5.db; fresh "$P"
	run "$CIBSCOPE" tips import "$P" "$T/relay.galaxy.json" --name relay
	expect_status 0
	expect_out '2 technique names not in the case'
fi

begin misp_tip_is_named_after_the_event_info
P=$T/p3.db; fresh "$P"
run "$CIBSCOPE" tips import "$P" "$T/relay.misp.json"
expect_status 0
info=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["Event"]["info"])' "$T/relay.misp.json")
expect_eq "$(members "$P" "$info")" "$want_members" "members"
expect_eq "$(sql "$P" "SELECT count(DISTINCT source) FROM indicators
    WHERE network = '$info' AND source LIKE 'tip relay.misp.json; %'")" 1 \
    "source"

begin reimport_adds_nothing_twice
run "$CIBSCOPE" tips import "$P" "$T/relay.misp.json"
expect_status 0
expect_out '0 added.*duplicates'
expect_out '0 new members'

# A partner's workflow, as doc/exchange.md tells it: a received bundle
# names a domain and one account; the hits are listed, tagged through the
# saved query, and sent back as a reply bundle.
begin partner_tip_hits_are_listed_tagged_and_sent_back
P=$T/w.db; fresh "$P"
dom=$(sql "$P" "SELECT value FROM attribute_stats WHERE kind = 'domain' AND
    accounts BETWEEN 2 AND 6 ORDER BY value LIMIT 1")
want=$(sql "$P" "SELECT count(*) FROM (SELECT account_id FROM attributes
    WHERE kind = 'domain' AND (value = '$dom' OR value LIKE '%.$dom') UNION
    SELECT p.account_id FROM post_urls u JOIN posts p ON p.id = u.post_id
    WHERE u.domain = '$dom')")
acct=$(sql "$P" "SELECT platform || ' ' || native_id || ' ' || handle FROM
    accounts WHERE id NOT IN (SELECT account_id FROM attributes WHERE kind =
    'domain' AND value = '$dom') ORDER BY id LIMIT 1")
set -- $acct
cat >"$T/received.json" <<JSON
{"type": "bundle", "id": "bundle--7d1c6a52-0c55-4c43-9a55-0f1d1e8b1a10",
 "objects": [
  {"type": "identity", "spec_version": "2.1", "id": "identity--1",
   "name": "Partner Lab", "identity_class": "organization"},
  {"type": "campaign", "spec_version": "2.1", "id": "campaign--1",
   "name": "Operation Mirror"},
  {"type": "indicator", "spec_version": "2.1", "id": "indicator--1",
   "pattern_type": "stix", "pattern": "[domain-name:value = '$dom']"},
  {"type": "user-account", "spec_version": "2.1", "id": "user-account--1",
   "account_type": "$1", "user_id": "$2", "account_login": "$3"}
 ]}
JSON
run "$CIBSCOPE" tips import "$P" "$T/received.json"
expect_status 0
expect_out 'STIX tip "Operation Mirror" \(tip received.json; bundle--7d1c6a52-0c55-4c43-9a55-0f1d1e8b1a10; Partner Lab\)'
expect_out '1 accounts named, 1 found in the case, 1 new members'
run "$CIBSCOPE" tips match "$P" --tip "Operation Mirror" --format csv
expect_status 0
expect_out "domain [^,]*$dom = domain $dom \[tip Operation Mirror\]"
expect_out "handle $3 = handle"
hits=$(grep -c "tip Operation Mirror" "$T/out")
expect_eq "$hits" "$((want + 1))" "one row per account hit"
expect_eq "$(sql "$P" "SELECT count(*) FROM audit WHERE action =
    'tips-match'")" 1 "audit row"
run "$CIBSCOPE" tips match "$P" --tip "no such tip"
expect_status 0
expect_out '^0 accounts'
run "$CIBSCOPE" tag "$P" "Operation Mirror" --query matches-tip \
    --param "tip=Operation Mirror" --label cib
expect_status 0
expect_eq "$(members "$P" "Operation Mirror" | tr ',' '\n' | wc -l | tr -d ' ')" \
    "$((want + 1))" "members after tagging the hits"
run "$CIBSCOPE" export "$P" "Operation Mirror" --format stix \
    -o "$T/reply.json"
expect_status 0
n=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
print(sum(1 for o in d["objects"] if o["type"] == "user-account"))' \
    "$T/reply.json")
expect_eq "$n" "$((want + 1))" "accounts in the reply bundle"

# Counts as each file holds them, counted here by python's json module.
count_stix() {
	python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
objs = d["objects"] if d.get("type") == "bundle" else [d]
print(len(objs))
PY
}
count_misp() {
	python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
e = d.get("Event", d)
if "response" in d:
    e = d["response"][0]["Event"]
n = len(e.get("Attribute", []))
for o in e.get("Object", []):
    n += len(o.get("Attribute", []))
print(n)
PY
}

begin published_examples_import_with_their_counts
E=$T/examples.db
"$CIBSCOPE" new "$E" >/dev/null 2>&1 || fresh "$E"
n=0
for f in "$CIB_DATA"/stix2/examples/*.json \
    "$CIB_DATA"/stix2/examples/threat-reports/*.json; do
	[ -e "$f" ] || continue
	run "$CIBSCOPE" tips import "$E" "$f"
	expect_status 0
	expect_out "^  $(count_stix "$f") objects read"
	n=$((n + 1))
done
for f in "$CIB_DATA"/misp/events/*.json; do
	[ -e "$f" ] || continue
	run "$CIBSCOPE" tips import "$E" "$f"
	expect_status 0
	expect_out "^  $(count_misp "$f") objects read"
	n=$((n + 1))
done
[ "$n" -ge 10 ] || fail "only $n example files"
expect_eq "$(sql "$E" "SELECT count(*) FROM audit WHERE action =
    'tips-import'")" "$n" "one audit row per file"

# Every published example against tests/cli/tips-ref.py, a reference
# written from the STIX 2.1 and MISP definitions: the same number of
# distinct values of each kind in a fresh case, and for a few files the
# same values.
REF="python3 $CIB_SRCDIR/tests/cli/tips-ref.py"
TYPES=$CIB_DATA/misp/describeTypes.json
[ -e "$TYPES" ] && REF="$REF --types $TYPES"
begin every_example_yields_the_reference_counts_by_kind
n=0
for f in "$CIB_DATA"/stix2/examples/*.json \
    "$CIB_DATA"/stix2/examples/threat-reports/*.json \
    "$CIB_DATA"/misp/events/*.json; do
	[ -e "$f" ] || continue
	K=$T/kinds.db; rm -f "$K"
	"$CIBSCOPE" new "$K" >/dev/null 2>&1
	run "$CIBSCOPE" tips import "$K" "$f"
	expect_status 0
	$REF "$f" | grep -v '^unusable ' | sort >"$T/want" ||
	    fail "$(basename "$f"): the reference failed"
	sql "$K" "SELECT kind || ' ' || count(*) FROM indicators GROUP BY
	    kind" | sort >"$T/got"
	for k in $(cut -d' ' -f1 "$T/want" "$T/got" | sort -u); do
		w=$(awk -v k="$k" '$1 == k { print $2 }' "$T/want")
		g=$(awk -v k="$k" '$1 == k { print $2 }' "$T/got")
		[ "${w:-0}" = "${g:-0}" ] || fail "$(basename "$f"): kind $k: expected ${w:-0}, got ${g:-0}"
	done
	u=$($REF "$f" | awk '$1 == "unusable" { print $2 }')
	if [ "$u" -gt 0 ]; then
		expect_out "$u patterns not usable"
	elif grep -q 'patterns not usable' "$T/out"; then
		fail "$(basename "$f"): patterns not usable, expected none"
	fi
	case $(basename "$f") in
	poisonivy.json|existing_event.json|event_obj_attr_tag.json|\
	57c4445b-c548-4654-af0b-4be3950d210f.json|infrastructure.json)
		$REF --values "$f" >"$T/want.v"
		sql "$K" "SELECT kind || char(9) || value FROM indicators" |
		    LC_ALL=C sort >"$T/got.v"
		LC_ALL=C sort -o "$T/want.v" "$T/want.v"
		cmp -s "$T/want.v" "$T/got.v" || fail "$(basename "$f"): values differ: $(diff "$T/want.v" "$T/got.v" | grep '^[<>]' | head -3 | tr '\n\t' '  ')"
		;;
	esac
	n=$((n + 1))
done
[ "$n" -ge 10 ] || fail "only $n example files"

# A value is read as the kind its type declares, not by its look.
begin declared_kinds_are_kept
P=$T/k.db; "$CIBSCOPE" new "$P" >/dev/null 2>&1
run "$CIBSCOPE" tips import "$P" "$TIPS/declared-kinds.json"
expect_status 0
got=$(sql "$P" "SELECT group_concat(kind || '=' || value, ' ') FROM (SELECT
    kind, value FROM indicators WHERE network = 'declared-kinds' ORDER BY
    kind, value)")
expect_eq "$got" "$($REF --values "$TIPS/declared-kinds.json" | LC_ALL=C sort | tr '\t' '=' | tr '\n' ' ' | sed 's/ $//')" "the reference's values"
expect_eq "$got" "domain=relay-farm.example ip=192.0.2.9 text=relay-mirror.example url=https://relay-farm.example/" \
    "values by their declared kinds"

# A subdomain at any depth of a tip's domain is a hit; a name that only
# ends like it is not.
begin a_deep_subdomain_hits_the_tip
P=$T/sub.db; fresh "$P"
set -- $(sql "$P" "SELECT id FROM accounts ORDER BY id LIMIT 3")
sql "$P" "INSERT INTO attributes(kind, value, account_id) VALUES
    ('domain', 'cdn.eu.relay-farm.example', $1),
    ('domain', 'notrelay-farm.example', $2),
    ('domain', 'relay-farm.example.net', $3)"
run "$CIBSCOPE" tips import "$P" "$TIPS/declared-kinds.json"
expect_status 0
run "$CIBSCOPE" tips match "$P" --tip declared-kinds --format csv
expect_status 0
expect_out "domain cdn.eu.relay-farm.example = domain relay-farm.example"
expect_eq "$(grep -c 'notrelay-farm\|relay-farm.example.net' "$T/out")" 0 \
    "names that only end like the tip's"
run "$CIBSCOPE" query "$P" matches-indicators --format csv
expect_status 0
expect_out "cdn.eu.relay-farm.example|^$1,"

begin a_network_block_becomes_its_24_blocks
# apt1.json names four /15 networks: 512 /24 blocks each, matched against
# the ip24 attributes accounts carry.
B=$T/block.db
"$CIBSCOPE" new "$B" >/dev/null 2>&1
run "$CIBSCOPE" tips import "$B" "$CIB_DATA/stix2/examples/threat-reports/apt1.json"
expect_status 0
expect_out "ip24 2048"
expect_eq "$(sql "$B" "SELECT count(*) FROM indicators WHERE kind = 'ip24'
    AND value IN ('223.166.0.0/24', '223.167.255.0/24', '58.247.99.0/24')")" \
    3 "blocks inside the /15s"
expect_eq "$(sql "$B" "SELECT count(*) FROM indicators WHERE kind = 'ip24'
    AND value = '223.168.0.0/24'")" 0 "no block outside"
# A /30 is its four addresses; a /8 is too wide to mean anything.
cat >"$T/blocks.json" <<'JSON'
{"type": "bundle", "id": "bundle--5d0f6b1e-3c2a-4f7d-9b8e-1a2b3c4d5e6f",
 "objects": [
  {"type": "indicator", "id": "indicator--1", "pattern_type": "stix",
   "pattern": "[ipv4-addr:value = '198.51.100.6/30']"},
  {"type": "indicator", "id": "indicator--2", "pattern_type": "stix",
   "pattern": "[ipv4-addr:value = '10.0.0.0/8']"}
 ]}
JSON
run "$CIBSCOPE" tips import "$B" "$T/blocks.json" --name blocks
expect_status 0
expect_out "1 patterns not usable \(first: object 1\)"
expect_eq "$(sql "$B" "SELECT group_concat(value, ' ') FROM (SELECT value
    FROM indicators WHERE network = 'blocks' ORDER BY value)")" \
    "198.51.100.4 198.51.100.5 198.51.100.6 198.51.100.7" "the /30"

# An IPv6 block of at most 256 addresses is its addresses, /38 to /48
# its /48 blocks (matched against accounts' ip24 values); between, or
# wider, it is not usable.
begin an_ipv6_block_becomes_its_addresses_or_48_blocks
P=$T/b6.db; fresh "$P"
acct=$(sql "$P" "SELECT id FROM accounts ORDER BY id LIMIT 1")
sql "$P" "INSERT INTO attributes(kind, value, account_id) VALUES
    ('ip', '2001:db8:aa02::5', $acct), ('ip24', '2001:db8:aa02::/48', $acct)"
run "$CIBSCOPE" tips import "$P" "$TIPS/ipv6-blocks.json" --name b6
expect_status 0
expect_out "2 patterns not usable \(first: object 2\)"
got=$(sql "$P" "SELECT group_concat(kind || '=' || value, ' ') FROM (SELECT
    kind, value FROM indicators WHERE network = 'b6' ORDER BY kind, value)")
expect_eq "$got" "ip=2001:db8:0:1:: ip=2001:db8:0:1::1 ip=2001:db8:0:1::2 ip=2001:db8:0:1::3 ip=2001:db8:88::1 ip24=2001:db8:77::/48 ip24=2001:db8:aa00::/48 ip24=2001:db8:aa01::/48 ip24=2001:db8:aa02::/48 ip24=2001:db8:aa03::/48" \
    "addresses and /48 blocks"
expect_eq "$got" "$($REF --values "$TIPS/ipv6-blocks.json" | LC_ALL=C sort | tr '\t' '=' | tr '\n' ' ' | sed 's/ $//')" "the reference's values"
expect_eq "$($REF "$TIPS/ipv6-blocks.json" | grep unusable)" "unusable 2" \
    "the reference's unusable count"
run "$CIBSCOPE" tips match "$P" --tip b6 --format csv
expect_status 0
expect_out "ip24 2001:db8:aa02::/48 = ip24 2001:db8:aa02::/48 \[tip b6\]"

# Only simple comparisons are read: a qualifier, FOLLOWEDBY, parentheses
# around brackets or "!=" make a pattern not usable; an e-mail message's
# sender is an address.
begin pattern_forms_outside_the_simple_ones_are_not_usable
P=$T/forms.db; "$CIBSCOPE" new "$P" >/dev/null 2>&1
run "$CIBSCOPE" tips import "$P" "$TIPS/pattern-forms.json" --name forms
expect_status 0
expect_out "4 patterns not usable \(first: object 0\)"
expect_eq "$(sql "$P" "SELECT group_concat(kind || '=' || value, ' ') FROM
    indicators WHERE network = 'forms'")" "email=x@y.example" "values"
expect_eq "$($REF "$TIPS/pattern-forms.json" | tr '\n' ' ')" \
    "email 1 unusable 4 " "the reference"

begin stix_indicator_pattern_value_is_stored
f=$CIB_DATA/stix2/examples/indicator-for-c2-ip-address.json
ip=$(python3 -c 'import json,sys,re; d=json.load(open(sys.argv[1]))
p=[o["pattern"] for o in d["objects"] if o["type"]=="indicator"][0]
print(re.search(r"'"'"'([^'"'"']+)'"'"'", p).group(1))' "$f")
expect_eq "$(sql "$E" "SELECT count(*) FROM indicators WHERE kind = 'ip'
    AND value = '$ip' AND network = 'indicator-for-c2-ip-address'")" 1 \
    "the pattern's address"

begin misp_event_values_are_stored_by_kind
f=$CIB_DATA/misp/events/existing_event.json
want=$(python3 - "$f" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
e = d.get("Event", d)
attrs = list(e.get("Attribute", []))
for o in e.get("Object", []):
    attrs += o.get("Attribute", [])
hashes = ("md5", "sha1", "sha224", "sha256", "sha384", "sha512", "imphash")
vals = set()
for a in attrs:
    t, v = a["type"], a["value"]
    if t in hashes:
        vals.add(v.lower())
    elif t.startswith("filename|") and t[9:] in hashes:
        vals.add(v.split("|", 1)[1].lower())
print(len(vals))
PY
)
got=$(sql "$E" "SELECT count(*) FROM indicators WHERE kind = 'hash' AND
    source GLOB 'tip existing_event.json;*'")
[ "$want" -gt 0 ] || fail "the event holds no hashes"
expect_eq "$got" "$want" "hashes in the event's attributes and objects"

begin unknown_types_and_bad_patterns_are_counted_not_fatal
P=$T/u.db; fresh "$P"
run "$CIBSCOPE" tips import "$P" "$TIPS/unknown-types.json"
expect_status 0
expect_out '2 patterns not usable \(first: object 2\)'
expect_out '2 objects of other types ignored'
expect_out '3 added \(domain 1, url 1, handle 1\)|added \(domain 1, url 1'
expect_eq "$(sql "$P" "SELECT count(*) FROM indicators WHERE network =
    'unknown-types' AND kind = 'domain' AND value = 'rrn-clone.example'")" \
    1 "domain from the OR pattern"

begin stix_hash_email_ip6_and_handle_patterns_are_read
P=$T/pat.db; fresh "$P"
run "$CIBSCOPE" tips import "$P" "$TIPS/stix-patterns.json"
expect_status 0
expect_out '1 patterns not usable \(first: object 2\)'
got=$(sql "$P" "SELECT group_concat(kind || '=' || value, ' ') FROM (SELECT
    kind, value FROM indicators WHERE network = 'stix-patterns' ORDER BY
    kind, value)")
expect_eq "$got" "email=press.desk@relay-farm.example handle=relay_news hash=8d777f385d3dfec8815d20f7496026dc hash=aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f ip=2001:db8::1" \
    "values of the patterns"

begin misp_response_wrapper_and_pipe_types_are_read
run "$CIBSCOPE" tips import "$P" "$TIPS/response-event.json"
expect_status 0
expect_out 'MISP tip "Relay farm follow-up" \(tip response-event.json; 6a1d3f00-1b2c-4d5e-8f90-a1b2c3d4e5f6; Partner CERT\)'
expect_out '1 objects of other types ignored'
expect_out '1 techniques: T0086'
got=$(sql "$P" "SELECT group_concat(kind || '=' || value, ' ') FROM (SELECT
    kind, value FROM indicators WHERE network = 'Relay farm follow-up'
    ORDER BY kind, value)")
expect_eq "$got" "domain=relay-farm.example hash=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 ip=192.0.2.7 phone=442079460958" \
    "values of the attributes"

# hostile FILE PATTERN: refused with PATTERN on stderr, the case unchanged.
hostile() {
	before=$(sqlite3 "$P" .dump | cksum)
	run "$CIBSCOPE" tips import "$P" "$1"
	expect_status 1
	expect_err "$2"
	after=$(sqlite3 "$P" .dump | cksum)
	expect_eq "$after" "$before" "case unchanged by $(basename "$1")"
}

begin malformed_json_is_refused_with_its_place
hostile "$TIPS/bad-json.json" 'bad-json.json:3:[0-9]+: not JSON'

begin wrong_type_is_refused_with_its_object
hostile "$TIPS/wrong-type.json" \
    'wrong-type.json: object 1: "pattern" is an object, not a string'

begin non_object_is_refused_with_its_index
hostile "$TIPS/not-object.json" 'not-object.json: object 2: not an object'

begin misp_wrong_value_is_refused_with_its_attribute
hostile "$TIPS/misp-bad-value.json" \
    'misp-bad-value.json: object 2: "value" is not a string'

begin misp_attribute_list_of_the_wrong_type_is_refused
echo '{"Event": {"info": "x", "Attribute": {"type": "domain"}}}' >"$T/attr.json"
hostile "$T/attr.json" 'attr.json: the event: "Attribute" is not a list'

begin misp_object_attribute_of_the_wrong_type_is_refused
echo '{"Event": {"info": "x", "Object": [{"name": "url", "Attribute": [
  {"type": "url", "value": "http://a.example/"}]}, {"name": "user-account",
  "Attribute": [{"type": "text", "object_relation": "username",
  "value": ["a", "b"]}]}]}}' >"$T/obj.json"
hostile "$T/obj.json" 'obj.json: Object 1: "value" is not a string'

begin deep_nesting_is_refused
python3 -c 'print("{\"type\":\"bundle\",\"objects\":[" + "[" * 5000 + "]" * 5000 + "]}")' >"$T/deep.json"
hostile "$T/deep.json" 'deep.json:1:[0-9]+: not JSON'

begin huge_array_imports_or_fails_cleanly
python3 -c '
import json
objs = [{"type": "domain-name", "value": "d%d.example" % i} for i in range(20000)]
objs.append({"type": "indicator", "pattern": ["not", "a", "string"]})
print(json.dumps({"type": "bundle", "objects": objs}))' >"$T/huge.json"
hostile "$T/huge.json" 'huge.json: object 20000: "pattern" is an array'

begin not_a_tip_is_refused
echo '[1, 2, 3]' >"$T/list.json"
hostile "$T/list.json" 'list.json: not a JSON object'

begin a_fifo_or_a_folder_is_refused_without_waiting
mkfifo "$T/pipe.json"
hostile "$T/pipe.json" 'pipe.json: not a regular file'
hostile "$T" 'is a directory'

finish
