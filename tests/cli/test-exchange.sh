#!/bin/sh
# STIX 2.1 and MISP exports checked against the formats' own definitions:
# every network of a demo case (the recorded one and one per planted
# network, with DISARM and Meta techniques and a hostile shared domain) is
# exported in both formats and read by stix-validate.py (OASIS's JSON
# schemas in $CIB_DATA/stix2/schemas) and misp-validate.py
# (describeTypes.json, object templates and DISARM galaxy clusters in
# $CIB_DATA/misp); broken files must be refused by each validator.
. "$(dirname "$0")/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 program absent"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 absent"; exit 77; }
python3 -c 'import jsonschema' 2>/dev/null ||
    { echo "python3-jsonschema absent"; exit 77; }
SCHEMAS=$CIB_DATA/stix2/schemas
MISP=$CIB_DATA/misp
GALAXY=$MISP/galaxy/clusters_disarm-techniques.json
DISARM=$CIB_DATA/vocab/disarm-red-techniques.csv
META=$CIB_DATA/vocab/meta-killchain-ttps.csv
for f in "$SCHEMAS/sdos" "$MISP/describeTypes.json" "$GALAXY" "$DISARM" \
    "$META"; do
	[ -e "$f" ] || { echo "note: $f is absent; exchange not checked"; exit 77; }
done
STIXV="python3 $CIB_SRCDIR/tests/cli/stix-validate.py --disarm-phases $SCHEMAS"
MISPV="python3 $CIB_SRCDIR/tests/cli/misp-validate.py $MISP"

C=$T/d.db
CIBSCOPE_USER=alice; export CIBSCOPE_USER
"$CIBSCOPE" demo --output "$C" --size 3000 >/dev/null 2>&1
"$CIBSCOPE" vocab import "$C" "$DISARM" >/dev/null
"$CIBSCOPE" vocab import "$C" "$META" >/dev/null

begin planted_networks_are_tagged
# T0097's DISARM name ("Present Persona") differs from its MISP cluster
# ("Create Personas"); T0145.001 has no cluster at all.
ttps="T0049.003 T0097 T0145.001 0.3.2"
for net in $(sql "$C" "SELECT DISTINCT network FROM planted ORDER BY 1"); do
	set -- $(sql "$C" "SELECT account_id FROM planted WHERE network =
	    '$net' ORDER BY account_id")
	ttp=$(echo $ttps | cut -d' ' -f$(( ${#net} % 4 + 1 )))
	run "$CIBSCOPE" tag "$C" "planted $net" --accounts "$@" --label cib \
	    --origin XE --target GB --target "F'R" --ttp "$ttp" --ttp T0049.003 \
	    --note "planted; \"quoted\" \\ note"
	expect_status 0
done
# A shared domain and URL with a quote and a backslash in them.
sql "$C" "INSERT INTO attributes(kind, value, account_id) SELECT k, v,
    account_id FROM (SELECT account_id FROM planted WHERE network =
    'spoofed-news' ORDER BY account_id LIMIT 3), (SELECT 'domain' k,
    'it''s\\bad.example' v UNION ALL SELECT 'url',
    'https://x.example/?q=''1''\\') "
nets=$(sql "$C" "SELECT count(*) FROM networks")
expect_eq "$nets" 7 "networks"

begin every_network_exports_in_stix_and_misp
i=0
sql "$C" "SELECT name FROM networks ORDER BY name" >"$T/names"
while IFS= read -r name; do
	i=$((i + 1))
	run "$CIBSCOPE" export "$C" "$name" --format stix -o "$T/n$i.stix.json"
	expect_status 0
	run "$CIBSCOPE" export "$C" "$name" --format misp \
	    --misp-galaxy "$GALAXY" -o "$T/n$i.misp.json"
	expect_status 0
done <"$T/names"
expect_eq "$i" "$nets" "exports"

begin stix_bundles_validate_against_the_oasis_schemas
run $STIXV "$T"/n*.stix.json
expect_status 0
expect_out 'n1.stix.json: [0-9]+ objects'
expect_no_out 'object [0-9]'
grep -h objects "$T/out" | awk '{ n += $2 } END { print "STIX objects validated:", n }'

begin stix_bundles_carry_what_partners_use
for f in "$T"/n*.stix.json; do
	grep -q '"type": "intrusion-set"' "$f" || fail "$f: no intrusion-set"
	grep -q '"relationship_type": "uses"' "$f" || fail "$f: no uses"
	grep -q '"kill_chain_name": "disarm"' "$f" || fail "$f: no DISARM phase"
	grep -q '"type": "observed-data"' "$f" || fail "$f: no observed-data"
done
grep -q '"phase_name": "maximise-exposure"' "$T"/n*.stix.json ||
    fail "no maximise-exposure phase"
grep -qF "[domain-name:value = 'it\\\\'s\\\\\\\\bad.example']" "$T"/n*.stix.json ||
    fail "the hostile domain's pattern is not escaped"

begin misp_events_validate_against_misp_definitions
run $MISPV "$T"/n*.misp.json
expect_status 0
expect_out 'n1.misp.json: [0-9]+ attributes, [0-9]+ objects'
grep -h attributes "$T/out" | awk '{ a += $2; o += $4 }
    END { print "MISP attributes and objects validated:", a, o }'

begin misp_galaxy_tags_are_cluster_values
grep -qF '"misp-galaxy:disarm-techniques=\"Bots Amplify via Automated Forwarding and Reposting\""' \
    "$T"/n*.misp.json || fail "no T0049.003 galaxy tag"
grep -qF '"misp-galaxy:disarm-techniques=\"Create Personas\""' \
    "$T"/n*.misp.json || fail "T0097 not tagged by its cluster value"
! grep -qF 'disarm-techniques=\"T0' "$T"/n*.misp.json ||
    fail "a galaxy tag names a technique id"
grep -qF 'T0145.001' "$T"/n*.misp.json || fail "T0145.001 dropped"

begin golden_exports_validate_too
# The unit tests' fixture: T0097.101 has no tactic there, so no phase.
run python3 "$CIB_SRCDIR/tests/cli/stix-validate.py" "$SCHEMAS" \
    "$CIB_SRCDIR/tests/golden/export/network.stix.json"
expect_status 0
run $MISPV "$CIB_SRCDIR/tests/golden/export/network.misp.json"
expect_status 0

begin exports_are_deterministic
sed -n 1p "$T/names" >"$T/first"
IFS= read -r name <"$T/first"
run "$CIBSCOPE" export "$C" "$name" --format stix -o "$T/again.stix.json"
cmp -s "$T/n1.stix.json" "$T/again.stix.json" || fail "STIX differs"
run "$CIBSCOPE" export "$C" "$name" --format misp --misp-galaxy "$GALAXY" \
    -o "$T/again.misp.json"
cmp -s "$T/n1.misp.json" "$T/again.misp.json" || fail "MISP differs"

begin misp_galaxy_must_be_the_cluster_file
run "$CIBSCOPE" export "$C" "$name" --format misp --misp-galaxy "$T/nope"
expect_status 1
expect_err 'nope: No such file'
run "$CIBSCOPE" export "$C" "$name" --format misp --misp-galaxy \
    "$MISP/galaxy/galaxies_disarm-techniques.json"
expect_status 1
expect_err "not MISP's disarm-techniques cluster file"

# refused EDIT: the validator named a fault, and did not crash.
refused() {
	grep -v ': [0-9]* objects$' "$T/out" | grep -v ': [0-9]* attributes, ' |
	    grep -q 'bad.json: ' || fail "no fault named after $1"
	! grep -q Traceback "$T/err" || fail "the validator crashed after $1"
}

# The broken files start from the richest export: spoofed-news, with
# shared domains, URLs and addresses.
rich=$(grep -n '^planted spoofed-news$' "$T/names" | cut -d: -f1)
[ -n "$rich" ] || rich=1

begin stix_validator_refuses_broken_bundles
# Each edit breaks one rule; the validator must name it.
for edit in \
    's/"spec_version": "2.1"/"spec_version": "2.0"/' \
    "s/\"pattern\": \"\\[/\"pattern\": \"[nope:value = 1 /" \
    's/"relationship_type": "uses"/"relationship_type": "indicates"/' \
    's/"source_ref": "indicator--/"source_ref": "indicator--0/' \
    's/"kill_chain_name": "disarm"/"kill_chain_name": "other"/' \
    's/"type": "intrusion-set"/"type": "intrusion_set"/' \
    's/"created": "[^"]*"/"created": "yesterday"/' \
    '1s/^{/[/'; do
	sed "$edit" "$T/n$rich.stix.json" >"$T/bad.json"
	cmp -s "$T/n$rich.stix.json" "$T/bad.json" && fail "edit $edit changed nothing"
	run $STIXV "$T/bad.json"
	[ "$status" -eq 1 ] || fail "accepted after $edit"
	refused "$edit"
done

begin misp_validator_refuses_broken_events
for edit in \
    's/"category": "Network activity"/"category": "Person"/' \
    's/"type": "ip-dst"/"type": "ip-destination"/' \
    's/"object_relation": "username"/"object_relation": "user-name"/' \
    's/"object_relation": "created", "type": "datetime"/"object_relation": "created", "type": "text"/' \
    's/"name": "user-account"/"name": "user-accounts"/' \
    's/"meta-category": "misc"/"meta-category": "network"/' \
    's/disarm-techniques=\\"Bots Amplify via Automated Forwarding and Reposting/disarm-techniques=\\"T0049.003/' \
    's/"date": "[^"]*"/"date": "20231120"/'; do
	sed "$edit" "$T/n$rich.misp.json" >"$T/bad.json"
	cmp -s "$T/n$rich.misp.json" "$T/bad.json" && fail "edit $edit changed nothing"
	run $MISPV "$T/bad.json"
	[ "$status" -eq 1 ] || fail "accepted after $edit"
	refused "$edit"
done
# An object with none of user-account's requiredOneOf relations.
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
o = d["Event"]["Object"][0]
o["Attribute"] = [a for a in o["Attribute"] if a["object_relation"] not in
    ("user-id", "username", "password")]
json.dump(d, open(sys.argv[2], "w"))' "$T/n$rich.misp.json" "$T/bad.json"
run $MISPV "$T/bad.json"
expect_status 1
expect_out 'none of password, username, user-id'

finish
