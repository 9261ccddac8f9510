#!/bin/sh
# A kill -9 in the middle of tagging leaves the case whole: each tag is
# there with all its members and its audit row, or not at all.
. "$(dirname "$0")/lib.sh"

"$CIBSCOPE" demo --output "$T/d.db" --size 20000 >/dev/null 2>&1 ||
	{ echo "cannot make the demo case"; exit 1; }

begin kill_during_tag_leaves_all_or_nothing
i=0
while [ "$i" -lt 50 ]; do
	if [ $((i % 2)) -eq 0 ]; then
		"$CIBSCOPE" tag "$T/d.db" "net-$i" --from-detection 1 \
		    --on phone,avatar_hash,ip24 --max-share 45 \
		    >/dev/null 2>&1 &
	else
		"$CIBSCOPE" tag "$T/d.db" "net-$i" --query co-post-60s \
		    --queries "$CIB_SRCDIR/queries" >/dev/null 2>&1 &
	fi
	pid=$!
	# 0 to 0.15 s: a tag takes about 0.1 s, so some finish and most
	# are cut short somewhere along the way.
	sleep "$(awk -v s="$i" 'BEGIN { srand(s); printf "%.3f", rand() * 0.15 }')"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	i=$((i + 1))
done
expect_eq "$(sql "$T/d.db" "PRAGMA integrity_check")" ok "integrity"
echo "$(sql "$T/d.db" "SELECT count(*) FROM networks WHERE name LIKE 'net-%'")" \
    "of 50 tags finished before the kill"
bad=$(sql "$T/d.db" "SELECT count(*) FROM networks n WHERE n.name LIKE 'net-%'
    AND ((SELECT count(*) FROM network_members m WHERE m.network_id = n.id)
    <> (SELECT json_extract(detail, '\$.members') FROM audit a
        WHERE a.action = 'tag' AND a.target = n.name))")
expect_eq "$bad" 0 "networks whose members disagree with their audit row"
orphans=$(sql "$T/d.db" "SELECT count(*) FROM audit a WHERE a.action = 'tag'
    AND a.target LIKE 'net-%' AND NOT EXISTS (SELECT 1 FROM networks n
    WHERE n.name = a.target)")
expect_eq "$orphans" 0 "audit rows without their network"
lonely=$(sql "$T/d.db" "SELECT count(*) FROM networks n WHERE n.name LIKE
    'net-%' AND NOT EXISTS (SELECT 1 FROM audit a WHERE a.action = 'tag'
    AND a.target = n.name)")
expect_eq "$lonely" 0 "networks without their audit row"

finish
