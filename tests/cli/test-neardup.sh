#!/bin/sh
# Near-duplicates from the command line: co-similar coordination over
# stored signatures, pivots on perceptual hashes within a distance and on
# similar texts, handle families, and what bad input gets.
. "$(dirname "$0")/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 program absent"; exit 77; }

# u1..u3 post one talking point reworded, minutes apart; u4 posts it a
# day later; u5 posts something else; u6 posts only "ok". Avatars: u1's
# photo, u2's 3 bits off, u3's 9 bits off; u7 carries a value that is not
# a 64-bit hash; s1..s60 share one stock photo, a hub.
cat >"$T/accounts.csv" <<'EOF2'
id,username,name,phash
u1,harbour.truth,One,be7ae07fad97cb7d
u2,harrbour_truth2,Two,bc7ae07fad97eb7d
u3,hrbour.truth,Three,41fae07fad97cb7d
u4,someone,Four,0123456789abcdef
u5,other,Five,fedcba9876543210
u6,short,Six,
u7,broken,Seven,zz12
EOF2
i=1
while [ $i -le 60 ]; do
	echo "s$i,stock$i,Stock $i,0x00FF00FF00FF00F$((i % 2))" >>"$T/accounts.csv"
	i=$((i + 1))
done
cat >"$T/posts.csv" <<'EOF2'
post_id,author,text,time
p1,u1,The port deal was signed in secret and Port Calder will pay for it for decades. Ask your representative why.,2024-03-01T10:00:00Z
p2,u2,Wake up. The port deal was approved in secret and Port Calder will pay for it for decades. Ask your representative why.,2024-03-01T10:04:00Z
p3,u3,The port deal was signed behind closed doors and Port Calder will pay for it for decades! Call your representative why.,2024-03-01T10:09:00Z
p4,u4,The port deal was signed in secret and Port Calder will pay for it for decades. Ask your representative why!!,2024-03-02T10:00:00Z
p5,u5,Lovely weather in Vellmore today; the ferry is running again and the market is busy.,2024-03-01T10:05:00Z
p6,u6,ok,2024-03-01T10:06:00Z
p7,u1,Nobody voted for the border checkpoints. We deserve a referendum now not more excuses.,2024-03-03T09:00:00Z
p8,u2,Nobody voted for the border checkpoints. We need a referendum now not more delays.,2024-03-03T09:10:00Z
EOF2
cat >"$T/amap.yaml" <<'EOF2'
platform: forum
account: {native_id: id, handle: username, display_name: name}
attributes: [{column: phash, kind: avatar_phash}]
EOF2
cat >"$T/pmap.yaml" <<'EOF2'
platform: forum
account: {native_id: author}
posts: {native_id: post_id, text: text, posted_at: time}
EOF2

run "$CIBSCOPE" new "$T/c.db"
begin bad_hashes_are_counted_at_import
run "$CIBSCOPE" import "$T/c.db" "$T/accounts.csv" --map "$T/amap.yaml"
expect_status 0
expect_out "perceptual hashes that are not 64-bit hex, dropped: 1"
run "$CIBSCOPE" import "$T/c.db" "$T/posts.csv" --map "$T/pmap.yaml"
expect_status 0

begin co_similar_finds_reworded_posts_co_post_misses
run "$CIBSCOPE" coordination "$T/c.db" --type co-post --window 600 \
    --min-weight 1
expect_status 0
expect_out "0 edges"
run "$CIBSCOPE" coordination "$T/c.db" --type co-similar --window 600 \
    --min-weight 1 --threshold 0.5
expect_status 0
expect_out "co-similar, window 600 s"
expect_out "u1 -> u2  \(post p1 ~ p2, 0\.[6-9][0-9]\)"
expect_out "u2 -> u1"
expect_out "u1 -> u3  \(post p1 ~ p3, 0\.5"
expect_no_out "u2 -> u3"
# The day-late copy is outside the window; the other text is unrelated.
expect_no_out "u4"
expect_no_out "u5"
expect_out "1 texts too short to compare"

begin co_similar_weight_counts_each_post_once
run "$CIBSCOPE" coordination "$T/c.db" --type co-similar --window 3600 \
    --min-weight 2 --threshold 0.6 --format csv
expect_status 0
# u1 and u2 repeat two talking points; u3 only one.
expect_eq "$( grep -c '^u[12],u[12],2$' "$T/out")" 2 \
    "u1<->u2 edges of weight 2"
expect_no_out "u3"

begin co_similar_window_0_means_any_time
run "$CIBSCOPE" coordination "$T/c.db" --type co-similar --window 0 \
    --min-weight 1 --threshold 0.6
expect_status 0
expect_out "any time apart"
expect_out "u1 -> u4  \\(post p1 ~ p4, 0\\.9"

begin co_similar_evidence_in_json_and_a_threshold_that_is_too_high
run "$CIBSCOPE" coordination "$T/c.db" --type co-similar --window 600 \
    --min-weight 1 --threshold 0.6 --format json
expect_status 0
expect_out '"post_1":"p1","post_2":"p2","similarity":0\.[6-9]'
run "$CIBSCOPE" coordination "$T/c.db" --type co-similar --window 600 \
    --min-weight 1 --threshold 0.99
expect_status 0
expect_out "0 edges"

begin signatures_are_stored_once_and_made_again_when_a_text_changes
# Eight posts with text: eight rows, one of them a NULL "too short".
expect_eq "$(sql "$T/c.db" 'SELECT count(*), count(sig) FROM post_sigs')" \
    "8|7" "stored signatures"
before=$(sql "$T/c.db" "SELECT hex(sig) FROM post_sigs s JOIN posts p ON p.id = s.post_id WHERE p.native_id = 'p1'")
run "$CIBSCOPE" coordination "$T/c.db" --type co-similar --window 600 \
    --min-weight 1 --threshold 0.6
expect_eq "$(sql "$T/c.db" 'SELECT count(*) FROM post_sigs')" 8 \
    "no signature made twice"
sql "$T/c.db" "UPDATE posts SET text = 'something else entirely, nothing like the others at all' WHERE native_id = 'p2'"
expect_eq "$(sql "$T/c.db" 'SELECT count(*) FROM post_sigs')" 7 \
    "the changed text lost its signature"
run "$CIBSCOPE" coordination "$T/c.db" --type co-similar --window 600 \
    --min-weight 1 --threshold 0.6
expect_no_out "p1 ~ p2"
expect_eq "$(sql "$T/c.db" 'SELECT count(*) FROM post_sigs')" 8 \
    "made again on next use"
expect_eq "$(sql "$T/c.db" "SELECT hex(sig) FROM post_sigs s JOIN posts p ON p.id = s.post_id WHERE p.native_id = 'p1'")" \
    "$before" "an unchanged text keeps its signature"
# Shingles of another shape are stored beside the first.
run "$CIBSCOPE" coordination "$T/c.db" --type co-similar --window 600 \
    --min-weight 1 --threshold 0.3 --shingle words:2
expect_status 0
expect_eq "$(sql "$T/c.db" 'SELECT count(DISTINCT shape) FROM post_sigs')" 2 \
    "two shapes"
sql "$T/c.db" "UPDATE posts SET text = 'Wake up. The port deal was approved in secret and Port Calder will pay for it for decades. Ask your representative why.' WHERE native_id = 'p2'"

begin phash_values_are_normalized_and_bad_ones_dropped
expect_eq "$(sql "$T/c.db" "SELECT value FROM attributes a JOIN accounts c ON c.id = a.account_id WHERE c.native_id = 's1' AND kind = 'avatar_phash'")" \
    "00ff00ff00ff00f1" "0x and capitals read"
expect_eq "$(sql "$T/c.db" "SELECT count(*) FROM attributes a JOIN accounts c ON c.id = a.account_id WHERE c.native_id = 'u7' AND kind = 'avatar_phash'")" \
    0 "not a 64-bit hash"

begin pivot_within_finds_the_recompressed_avatar_and_says_how_far
run "$CIBSCOPE" pivot "$T/c.db" forum:u1 --on avatar_phash --within 6 \
    --format csv
expect_status 0
expect_out "^[0-9]*,forum,u2,"
expect_out '""distance"":2,""from"":""be7ae07fad97cb7d""'
# Nine bits off is too far; without --within only exact values match.
expect_no_out ",u3,"
run "$CIBSCOPE" pivot "$T/c.db" forum:u1 --on avatar_phash --format ids
expect_eq "$( wc -l <"$T/out")" 1 "exact: the seed alone"
run "$CIBSCOPE" pivot "$T/c.db" forum:u1 --on avatar_phash --within 12 \
    --format csv
expect_out ",u3,"

begin pivot_within_skips_a_stock_photo_hub
run "$CIBSCOPE" pivot "$T/c.db" forum:s1 --on avatar_phash --within 2 \
    --format ids
expect_status 0
expect_eq "$( wc -l <"$T/out")" 1 "the seed alone"
run "$CIBSCOPE" pivot "$T/c.db" forum:s1 --on avatar_phash --within 2 \
    --max-share 100 --format ids
expect_eq "$( wc -l <"$T/out")" 60 "all sixty below the raised line"

begin pivot_similar_text_names_both_posts
run "$CIBSCOPE" pivot "$T/c.db" forum:u4 --similar-text 0.6 --format csv
expect_status 0
expect_out ",u1,"
expect_out ",u2,"
expect_out '""kind"":""similar_text"",""value"":""p1"",""hop"":1,""post"":""p4"",""similarity"":0\.[6-9]'
expect_no_out ",u5,"

begin handle_family_ties_edited_handles
expect_eq "$(sql "$T/c.db" "SELECT count(*) FROM attributes WHERE kind = 'handle_family' AND value = 'hrbrtrth'")" \
    3 "one family"
run "$CIBSCOPE" pivot "$T/c.db" forum:u1 --on handle_family --format csv
expect_out ",u2,"
expect_out ",u3,"

begin bad_options_and_query_files_are_refused_with_the_place
run "$CIBSCOPE" coordination "$T/c.db" --type co-similar --threshold 2
expect_status 2
expect_err "--threshold 2: a similarity above 0 and at most 1"
run "$CIBSCOPE" coordination "$T/c.db" --type co-similar --shingle bytes:4
expect_status 2
expect_err "--shingle bytes:4: use chars:K or words:K"
run "$CIBSCOPE" pivot "$T/c.db" forum:u1 --on avatar_phash --within 40
expect_status 1
expect_err "is not a whole number from 0 to 15"
cat >"$T/q1.yaml" <<'EOF2'
cibscope: 1
name: q1
coordination: {type: co-post, threshold: 0.8}
EOF2
run "$CIBSCOPE" query "$T/c.db" "$T/q1.yaml"
expect_status 1
expect_err "q1.yaml:3:.*: coordination.threshold is for co-similar only"
cat >"$T/q2.yaml" <<'EOF2'
cibscope: 1
name: q2
from: selection
pivot: {similar_text: 1.5}
EOF2
run "$CIBSCOPE" query "$T/c.db" "$T/q2.yaml" --seed forum:u1
expect_status 1
expect_err "q2.yaml:4:"

begin an_older_case_gains_stored_signatures_and_handle_families
sqlite3 -batch "$T/old.db" <"$(dirname "$0")/case-v3.sql"
sql "$T/old.db" "INSERT INTO accounts(platform, native_id, handle) VALUES
    ('forum', 'f8', 'harbour.truth'), ('forum', 'f9', 'harrbour_truth2')"
run "$CIBSCOPE" query "$T/old.db" similar-handles
expect_eq "$(sql "$T/old.db" 'PRAGMA user_version')" 4 "migrated"
expect_eq "$(sql "$T/old.db" "SELECT count(*) FROM sqlite_master WHERE name = 'post_sigs'")" \
    1 "post_sigs made"
# anna1987 and ivan_k are too short to be a family; the two edited
# handles are one, with its count in attribute_stats.
expect_eq "$(sql "$T/old.db" "SELECT group_concat(value) FROM attributes WHERE kind = 'handle_family'")" \
    "hrbrtrth,hrbrtrth" "families derived by the migration"
expect_eq "$(sql "$T/old.db" "SELECT accounts FROM attribute_stats WHERE kind = 'handle_family' AND value = 'hrbrtrth'")" \
    2 "its count"

finish
