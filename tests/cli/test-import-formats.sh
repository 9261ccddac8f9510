#!/bin/sh
# The built-in formats read by their own readers or mappings: Telegram
# Desktop's chat export, 4CAT's CSV and NDJSON, Bluesky Jetstream
# events, Meta Content Library's CSV. Each sample in tests/formats is imported and
# checked for what an investigator looks at; broken copies of it must
# be reported with their place and leave the case as it was.
. "$(dirname "$0")/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "sqlite3 program absent"; exit 77; }

F="$CIB_SRCDIR/tests/formats"

# counts CASE: accounts/attributes/posts, for "nothing changed" checks.
counts() {
	sql "$1" "SELECT (SELECT count(*) FROM accounts) || '/' ||
	    (SELECT count(*) FROM attributes) || '/' ||
	    (SELECT count(*) FROM posts)"
}

# ---- telegram --------------------------------------------------------

TG="$F/telegram-result.json"
C="$T/tg.db"
run "$CIBSCOPE" new "$C"

begin telegram_is_guessed_and_imported
run "$CIBSCOPE" import "$C" "$TG"
expect_status 0
expect_out "telegram-result.json: telegram \(guessed"
expect_out "imported 9 of 9 rows"
expect_out "accounts: 4 new"
expect_out "posts: 7"
expect_out "repaired: 2,"
expect_err "telegram-result.json: media: 3 files hashed, 1 not in the export \(not downloaded, or missing\), 0 refused"
expect_out "media: 3 hashed, 1 not in the export, 0 refused"

expect_eq "$(sql "$C" "SELECT group_concat(platform || ':' || native_id, ' ')
    FROM (SELECT * FROM accounts ORDER BY native_id)")" \
    "telegram:channel1234567890 telegram:user5550001 telegram:user5550002 telegram:user5550003" \
    "accounts keyed by from_id, the channel among them"
expect_eq "$(sql "$C" "SELECT display_name FROM accounts
    WHERE native_id = 'channel1234567890'")" "Новости 24/7 🔥" \
    "the channel's name"
expect_eq "$(sql "$C" "SELECT display_name FROM accounts
    WHERE native_id = 'user5550001'")" "$(printf 'مريم \342\200\256أحمد')" \
    "an RTL display name, kept as given"
expect_eq "$(sql "$C" "SELECT quote(display_name) FROM accounts
    WHERE native_id = 'user5550003'")" NULL "a deleted account's from: null"

begin telegram_posts_text_time_reply_repost
expect_eq "$(sql "$C" "SELECT text FROM posts WHERE native_id = '1234567890/2'")" \
    "Breaking: election fraud confirmed! Read https://news-example.ru/a/1?utm_source=tg and this #Выборы #fraud" \
    "text flattened from the entity array"
expect_eq "$(sql "$C" "SELECT posted_at FROM posts WHERE native_id = '1234567890/3'")" \
    1709288431 "time from date_unixtime"
expect_eq "$(sql "$C" "SELECT reply_to FROM posts WHERE native_id = '1234567890/3'")" \
    1234567890/2 "reply_to_message_id, in the chat"
expect_eq "$(sql "$C" "SELECT repost_of FROM posts WHERE native_id = '1234567890/4'")" \
    "Patriot Daily" "forwarded_from marks a repost"
expect_eq "$(sql "$C" "SELECT hashtags FROM posts WHERE native_id = '1234567890/2'")" \
    "Выборы fraud" "hashtag entities, ASCII lowercased"
expect_eq "$(sql "$C" "SELECT text FROM posts WHERE native_id = '1234567890/7'")" \
    "$(printf '@maryam_a \357\277\275hidden after a NUL control\033[31m chars #Fraud')" \
    "an escaped NUL is U+FFFD, the rest kept; control characters are kept for the sanitizer"
# Service messages (channel created, message pinned) are no posts.
expect_eq "$(sql "$C" "SELECT count(*) FROM posts WHERE native_id IN
    ('1234567890/1', '1234567890/6')")" 0 "service messages"
expect_eq "$(sql "$C" "SELECT a.native_id FROM posts p JOIN accounts a
    ON a.id = p.account_id WHERE p.native_id = '1234567890/2'")" \
    channel1234567890 "a channel post belongs to the channel"

begin telegram_links_and_attributes
expect_eq "$(sql "$C" "SELECT group_concat(url, ' ') FROM (SELECT u.url
    FROM post_urls u JOIN posts p ON p.id = u.post_id
    WHERE p.native_id = '1234567890/2' ORDER BY u.url)")" \
    "https://mirror.example.com/story https://news-example.ru/a/1" \
    "link and text_link URLs"
expect_eq "$(sql "$C" "SELECT count(*) FROM post_urls u JOIN posts p
    ON p.id = u.post_id WHERE p.native_id = '1234567890/4'")" 1 \
    "the URL of a plain-text message, from text_entities"
expect_eq "$(sql "$C" "SELECT count(*) FROM attributes
    WHERE kind = 'telegram_chat' AND value = 'channel1234567890'")" 4 \
    "every author is seen in the chat"
expect_eq "$(sql "$C" "SELECT a.native_id FROM attributes t JOIN accounts a
    ON a.id = t.account_id WHERE t.kind = 'via_bot'")" user5550003 "via_bot"

# Mentions: "@name" lowercased, a mention_name by its user id, so the
# accounts that mention one account pivot together.
begin telegram_mentions
expect_eq "$(sql "$C" "SELECT group_concat(a.native_id || '>' || t.value, ' ')
    FROM (SELECT * FROM attributes WHERE kind = 'mentions'
    ORDER BY value, account_id) t JOIN accounts a ON a.id = t.account_id")" \
    "user5550002>maryam_a user5550003>maryam_a user5550001>patriot_daily user5550001>user5550002" \
    "mention and mention_name entities, from the text array and from text_entities"
run "$CIBSCOPE" pivot "$C" telegram:user5550003 --on mentions --format csv
expect_status 0
expect_eq "$(cut -d, -f3 "$T/out" | sed 1d | sort | tr '\n' ' ')" \
    "user5550002 user5550003 " "both mention @maryam_a"

# Media next to result.json are hashed: two accounts posting the same
# bytes are linked; a file the export left out is only counted.
begin telegram_media_hashes
PHOTO=$(sha256sum "$F/photos/photo_1@01-03-2024_11-00-00.jpg" | cut -d' ' -f1)
expect_eq "$(sql "$C" "SELECT group_concat(a.native_id, ' ') FROM (SELECT *
    FROM attributes WHERE kind = 'image_hash' AND value = '$PHOTO'
    ORDER BY account_id) t JOIN accounts a ON a.id = t.account_id")" \
    "user5550001 user5550002" "one photo's bytes, posted by two accounts"
expect_eq "$(sql "$C" "SELECT a.native_id FROM attributes t JOIN accounts a
    ON a.id = t.account_id WHERE t.kind = 'file_hash' AND t.value =
    '$(sha256sum "$F/files/leaflet.txt" | cut -d' ' -f1)'")" user5550003 \
    "a document's hash"
run "$CIBSCOPE" pivot "$C" telegram:user5550001 --on image_hash --format csv
expect_status 0
expect_eq "$(cut -d, -f3 "$T/out" | sed 1d | sort | tr '\n' ' ')" \
    "user5550001 user5550002 " "the pivot on the photo"

begin telegram_pivot_on_the_chat
run "$CIBSCOPE" pivot "$C" telegram:user5550002 --on telegram_chat --format csv
expect_status 0
expect_eq "$(cut -d, -f3 "$T/out" | sed 1d | sort | tr '\n' ' ')" \
    "channel1234567890 user5550001 user5550002 user5550003 " \
    "everyone seen in the chat"
expect_out "<U\+202E>"

begin telegram_again_changes_nothing
before=$(counts "$C")
run "$CIBSCOPE" import "$C" "$TG" --format telegram
expect_status 0
expect_eq "$(counts "$C")" "$before" "a second import"

begin telegram_from_standard_input
run "$CIBSCOPE" new "$T/tgin.db"
"$CIBSCOPE" import "$T/tgin.db" - --format telegram <"$TG" >"$T/out" 2>"$T/err"
status=$?
expect_status 0
expect_eq "$(sql "$T/tgin.db" "SELECT (SELECT count(*) FROM accounts) || '/' ||
    (SELECT count(*) FROM posts) || '/' || (SELECT count(*) FROM attributes
    WHERE kind NOT IN ('image_hash', 'file_hash'))")" \
    "$(sql "$C" "SELECT (SELECT count(*) FROM accounts) || '/' ||
    (SELECT count(*) FROM posts) || '/' || (SELECT count(*) FROM attributes
    WHERE kind NOT IN ('image_hash', 'file_hash'))")" \
    "the same rows from a pipe"
expect_err "<stdin>: media: 0 files hashed, 4 not in the export"

# A broken copy: head -c cuts the document inside a message.
begin telegram_truncated_fails_and_writes_nothing
head -c 2000 "$TG" >"$T/cut.json"
run "$CIBSCOPE" new "$T/cut.db"
run "$CIBSCOPE" import "$T/cut.db" "$T/cut.json" --format telegram
expect_status 1
expect_err "cut.json:[0-9]+:[0-9]+: the document ends inside a message \(a truncated file\?\)"
expect_err "nothing was imported"
expect_eq "$(counts "$T/cut.db")" 0/0/0 "nothing half-written"

# Bad messages: text of the wrong type, no id, no from_id, bad JSON.
sed -e '/"id": 3,/,/"text": "نعم/s/"text": "نعم! هذا صحيح 👍"/"text": 42/' \
    -e 's/"id": 4,/"idx": 4,/' \
    -e '/"id": 7,/,/"from_id"/s/"from_id": "user5550002"/"from_idx": 1/' \
    -e 's/"media_type": "animation",/"media_type": animation,/' \
    "$TG" >"$T/bad.json"
begin telegram_bad_messages_are_reported_and_skipped
run "$CIBSCOPE" new "$T/bad.db"
run "$CIBSCOPE" import "$T/bad.db" "$T/bad.json"
expect_status 0
expect_err "bad.json:[0-9]+:[0-9]+: message 3 \(id 3\): text is a number, not a string or an array"
expect_err "bad.json:[0-9]+:[0-9]+: message 4 has no id"
expect_err "bad.json:[0-9]+:[0-9]+: message 7 \(id 7\) has no from_id"
expect_err "bad.json:[0-9]+:[0-9]+: message 5 is not valid JSON"
expect_out "skipped: 4"
expect_eq "$(sql "$T/bad.db" "SELECT group_concat(native_id, ' ') FROM
    (SELECT native_id FROM posts ORDER BY native_id)")" \
    "1234567890/2 1234567890/8 1234567890/9" "only the sound messages"
# The place given is the message's own line.
line=$(sed -n 's/.*bad.json:\([0-9]*\):[0-9]*: message 4 has no id.*/\1/p' "$T/err" |
    head -1)
expect_eq "$(sed -n "$((line + 1))p" "$T/bad.json" | tr -d ' ')" '"idx":4,' \
    "the line of the message"

begin telegram_bad_message_strict_fails_whole
run "$CIBSCOPE" new "$T/strict.db"
run "$CIBSCOPE" import "$T/strict.db" "$TG"
before=$(counts "$T/strict.db")
run "$CIBSCOPE" import "$T/strict.db" "$T/bad.json" --strict
expect_status 1
expect_err "bad.json:[0-9]+:[0-9]+: message 3 \(id 3\): text is a number"
expect_eq "$(counts "$T/strict.db")" "$before" "the case is unchanged"

# Many messages: the reader refills its 64 KiB buffer many times, and
# the place of a fault is still counted right.
begin telegram_a_long_export_streams
awk 'BEGIN {
	print "{\n \"name\": \"Big \\\"chat\\\"\",\n \"type\": \"private_supergroup\",";
	print " \"id\": 77,\n \"messages\": [";
	for (i = 1; i <= 3000; i++) {
		printf "  {\n   \"id\": %d,\n   \"type\": \"message\",\n", i;
		printf "   \"date_unixtime\": \"%d\",\n", 1700000000 + i;
		printf "   \"from\": \"Пользователь %d\",\n", i % 40;
		printf "   \"from_id\": \"user%d\",\n", i % 40;
		printf "   \"text\": [\"message %d, see \", {\"type\": \"link\", \"text\": \"https://s%d.example.org/\"}]\n  },\n", i, i % 7;
	}
	printf "  {\n   \"id\": 3001,\n   \"type\": \"message\",\n   \"from_id\": \"user1\",\n   \"text\": {\"oops\": 1}\n  }\n ]\n}\n";
}' >"$T/long.json"
run "$CIBSCOPE" new "$T/long.db"
run "$CIBSCOPE" import "$T/long.db" "$T/long.json"
expect_status 0
expect_out "long.json: telegram"
expect_out "imported 3000 of 3001 rows"
expect_eq "$(sql "$T/long.db" "SELECT count(*) || ' ' || count(DISTINCT
    account_id) FROM posts")" "3000 40" "posts and authors"
expect_eq "$(sql "$T/long.db" "SELECT display_name FROM accounts
    WHERE native_id = 'channel77'")" 'Big "chat"' "the supergroup, its name unescaped"
expect_eq "$(sql "$T/long.db" "SELECT text FROM posts WHERE native_id = '77/2999'")" \
    "message 2999, see https://s3.example.org/" "a late message"
expect_eq "$(sql "$T/long.db" "SELECT count(DISTINCT domain) FROM post_urls")" 7 \
    "link domains"
want=$(grep -n '"id": 3001,' "$T/long.json" | cut -d: -f1)
expect_err "long.json:$((want - 1)):3: message 3001 \(id 3001\): text is an object"

# Media paths are the export's word: an absolute path, "..", or a link
# out of the folder must not be read.
begin telegram_media_paths_stay_in_the_export
mkdir -p "$T/export/photos" "$T/export/files"
printf 'outside the export\n' >"$T/secret.jpg"
cp "$F/photos/photo_1@01-03-2024_11-00-00.jpg" "$T/export/photos/ok.jpg"
ln -s "$T/secret.jpg" "$T/export/photos/link.jpg"
mkfifo "$T/export/files/fifo" 2>/dev/null || :
awk -v secret="$T/secret.jpg" 'BEGIN {
	print "{\n \"name\": \"Hostile\",\n \"type\": \"public_channel\",\n \"id\": 99,\n \"messages\": [";
	n = split("photos/ok.jpg|../secret.jpg|" secret "|photos/link.jpg|photos/../../secret.jpg|photos/absent.jpg", p, "|");
	for (i = 1; i <= n; i++)
		printf "  {\"id\": %d, \"type\": \"message\", \"date_unixtime\": \"1700000000\", \"from_id\": \"user%d\", \"photo\": \"%s\", \"text\": \"p\"},\n", i, i, p[i];
	print "  {\"id\": 7, \"type\": \"message\", \"from_id\": \"user7\", \"file\": \"files/fifo\", \"text\": \"f\"}\n ]\n}";
}' >"$T/export/result.json"
run "$CIBSCOPE" new "$T/hostile.db"
run "$CIBSCOPE" import "$T/hostile.db" "$T/export/result.json"
expect_status 0
expect_out "imported 7 of 7 rows"
expect_err "result.json:7:3: message 2: photo \"../secret.jpg\" is a path with \"..\" in it; not read"
expect_err "result.json:8:3: message 3: photo \"$T/secret.jpg\" is an absolute path; not read"
expect_err "result.json:9:3: message 4: photo \"photos/link.jpg\" is a link out of the export's folder; not read"
expect_err "message 5: photo \"photos/../../secret.jpg\" is a path with"
[ -p "$T/export/files/fifo" ] &&
    expect_err "message 7: file \"files/fifo\" is not a regular file"
expect_err "result.json: media: 1 file hashed, 1 not in the export \(not downloaded, or missing\), [45] refused"
expect_out "media: 1 hashed, 1 not in the export, [45] refused"
expect_eq "$(sql "$T/hostile.db" "SELECT count(*) FROM attributes WHERE value =
    '$(sha256sum "$T/secret.jpg" | cut -d' ' -f1)'")" 0 \
    "nothing outside the export was read"
expect_eq "$(sql "$T/hostile.db" "SELECT a.native_id FROM attributes t JOIN
    accounts a ON a.id = t.account_id WHERE t.kind = 'image_hash'")" user1 \
    "the photo inside the export"
expect_eq "$(sql "$T/hostile.db" "SELECT count(*) FROM posts")" 7 \
    "the messages themselves are kept"

begin telegram_not_an_export
printf '{\n "name": "x",\n "chats": {"list": []}\n}\n' >"$T/account.json"
run "$CIBSCOPE" import "$T/tg.db" "$T/account.json" --format telegram
expect_status 1
expect_err "account.json: no \"messages\" array"
printf '{\n "name": "x",\n "messages": [] }\n ]' >"$T/trail.json"
run "$CIBSCOPE" import "$T/tg.db" "$T/trail.json" --format telegram
expect_status 1
expect_err "trail.json:4:2: text after the end of the document"

# ---- 4cat -------------------------------------------------------------

C="$T/4cat.db"
run "$CIBSCOPE" new "$C"

begin fourcat_csv_and_ndjson_are_guessed_and_imported
run "$CIBSCOPE" import "$C" "$F/4cat-4chan.csv" "$F/4cat-telegram.ndjson" \
    --platform 4chan
expect_status 0
expect_out "4cat-4chan.csv: 4cat \(guessed"
expect_out "4cat-telegram.ndjson: 4cat \(guessed"
expect_out "imported 13 of 14 rows"
expect_out "skipped: 1"
expect_out "anonymous posts: 7, 2 known by a tripcode, 5 each an account of its own"
expect_err "4cat-4chan.csv:13: a post by an anonymous author without an id in column \"id\""
expect_eq "$(sql "$C" "SELECT group_concat(native_id || '=' || handle || '='
    || coalesce(display_name, ''), ' ') FROM (SELECT * FROM accounts
    WHERE platform = '4chan' AND handle IS NOT NULL ORDER BY native_id)")" \
    "!!Xy7tRip=patriot_bot_17=Patriot Bot user7001=user7001=Правда 🇷🇺 user7002=user7002=مريم صقر_الحق=صقر_الحق=" \
    "authors by name (or tripcode), full names as display names"

# Anonymous is nobody's name: its posts are not one operator's.
begin fourcat_anonymous_posts_are_not_one_account
expect_eq "$(sql "$C" "SELECT count(*) || ' ' || count(DISTINCT account_id)
    FROM posts WHERE native_id IN ('450001', '450005', '450006', '450009',
    'newschan-994')")" "5 5" "five anonymous posts, five accounts"
expect_eq "$(sql "$C" "SELECT count(*) FROM accounts WHERE native_id IN
    ('Anonymous', 'REDACTED', '') OR handle IN ('Anonymous', 'REDACTED')")" 0 \
    "no account named Anonymous or REDACTED"
expect_eq "$(sql "$C" "SELECT a.native_id FROM posts p JOIN accounts a
    ON a.id = p.account_id WHERE p.native_id = '450006'")" anon:450006 \
    "an anonymous post's account is its own"
expect_eq "$(sql "$C" "SELECT group_concat(DISTINCT a.native_id) || ' ' ||
    quote(max(a.handle)) FROM posts p JOIN accounts a ON a.id = p.account_id
    WHERE p.native_id IN ('450007', '450008')")" "!Ep8pui8Vw2 NULL" \
    "an Anonymous with a tripcode is one poster, known by the tripcode"
expect_eq "$(sql "$C" "SELECT group_concat(DISTINCT a.native_id) FROM posts p
    JOIN accounts a ON a.id = p.account_id WHERE p.native_id IN
    ('450002', '450004')")" "!!Xy7tRip" "a named poster's tripcode"
expect_eq "$(sql "$C" "SELECT count(*) FROM attribute_stats
    WHERE kind = 'handle_family' AND accounts > 1")" 0 \
    "no handle links the anonymous posts"
expect_err "4cat-4chan.csv: 6 posts by anonymous authors \(Anonymous, REDACTED, \[deleted\] or no name\): 2 known by a tripcode, 4 each an account of its own"
expect_err "4cat-telegram.ndjson: 1 post by anonymous authors"
run "$CIBSCOPE" pivot "$C" 4chan:anon:450001 --on image_hash --format csv
expect_status 0
expect_eq "$(cut -d, -f3 "$T/out" | sed 1d | sort | tr '\n' ' ')" \
    "!!Xy7tRip anon:450001 anon:450006 " \
    "the posts of one image are linked by the image, not by a name"

begin fourcat_posts_times_threads_links
expect_eq "$(sql "$C" "SELECT posted_at FROM posts WHERE native_id = '450002'")" \
    1707589872 "timestamp, UTC"
expect_eq "$(sql "$C" "SELECT quote(posted_at) FROM posts WHERE native_id = '450004'")" \
    NULL "a post without a time is kept"
expect_eq "$(sql "$C" "SELECT text FROM posts WHERE native_id = '450001'")" \
    "$(printf 'They are rigging it again.\nProof: https://rig-proof.example.net/doc?id=7')" \
    "a body over two lines"
expect_eq "$(sql "$C" "SELECT quote(reply_to) || ' ' || (SELECT reply_to FROM
    posts WHERE native_id = '450003') FROM posts WHERE native_id = '450001'")" \
    "NULL 450001" "replies point at the thread; the opening post at nothing"
expect_eq "$(sql "$C" "SELECT reply_to FROM posts WHERE native_id = 'newschan-992'")" \
    newschan-991 "a thread in the NDJSON form"
expect_eq "$(sql "$C" "SELECT hashtags FROM posts WHERE native_id = '450002'")" \
    "rigged,election2024" "hashtags"
expect_eq "$(sql "$C" "SELECT group_concat(url, ' ') FROM (SELECT u.url FROM
    post_urls u JOIN posts p ON p.id = u.post_id WHERE p.native_id = '450004'
    ORDER BY u.url)")" "https://a.example.com/x https://b.example.com/y" \
    "comma-separated urls are two URLs"
expect_eq "$(sql "$C" "SELECT accounts FROM attribute_stats
    WHERE kind = 'image_hash'")" 3 "the same image links three posters"

begin fourcat_has_no_platform_of_its_own
run "$CIBSCOPE" new "$T/4np.db"
run "$CIBSCOPE" import "$T/4np.db" "$F/4cat-telegram.ndjson"
expect_status 0
expect_err "the data names no platform"
expect_eq "$(sql "$T/4np.db" "SELECT DISTINCT platform FROM accounts")" \
    unknown "platform"

begin fourcat_from_standard_input_either_form
run "$CIBSCOPE" new "$T/4in.db"
"$CIBSCOPE" import "$T/4in.db" - --format 4cat --platform 4chan \
    <"$F/4cat-telegram.ndjson" >"$T/out" 2>"$T/err"
status=$?
expect_status 0
expect_out "imported 4 of 4 rows"
"$CIBSCOPE" import "$T/4in.db" - --format 4cat --platform 4chan \
    <"$F/4cat-4chan.csv" >"$T/out" 2>"$T/err"
status=$?
expect_status 0
expect_out "imported 9 of 10 rows"
expect_eq "$(counts "$T/4in.db")" "$(counts "$C")" "the same rows from pipes"

begin fourcat_bad_ndjson_line_is_placed
{ head -1 "$F/4cat-telegram.ndjson"; printf '{"id": "x1", "author": "a", "body": "cut'; } \
    >"$T/4bad.ndjson"
run "$CIBSCOPE" new "$T/4bad.db"
run "$CIBSCOPE" import "$T/4bad.db" "$T/4bad.ndjson" --platform 4chan --strict
expect_status 1
expect_err "4bad.ndjson:2:[0-9]+: not valid JSON"
expect_eq "$(counts "$T/4bad.db")" 0/0/0 "nothing half-written"

# ---- bluesky ----------------------------------------------------------

BS="$F/bluesky-jetstream.jsonl"
C="$T/bs.db"
run "$CIBSCOPE" new "$C"
P=at://did:plc:aaaa1111bbbb2222cccc3333/app.bsky.feed.post/3l3qo3post1

begin bluesky_is_guessed_and_imported
run "$CIBSCOPE" import "$C" "$BS"
expect_status 0
expect_out "bluesky-jetstream.jsonl: bluesky \(guessed"
expect_out "imported 13 of 15 rows"
expect_out "posts: 5"
expect_err "bluesky-jetstream.jsonl: 2 events passed over"
expect_eq "$(sql "$C" "SELECT group_concat(native_id || '=' ||
    coalesce(handle, '') || '=' || coalesce(status, ''), ' ') FROM
    (SELECT * FROM accounts WHERE platform = 'bluesky' ORDER BY native_id)")" \
    "did:plc:aaaa1111bbbb2222cccc3333=truth-news.bsky.social= did:plc:dddd4444eeee5555ffff6666== did:plc:gggg7777hhhh8888iiii9999=patriot4471.bsky.social= did:plc:jjjj0000kkkk1111llll2222==takendown" \
    "accounts by DID, handles from identity events, status from account events"
expect_eq "$(sql "$C" "SELECT display_name || '|' || bio FROM accounts
    WHERE native_id = 'did:plc:aaaa1111bbbb2222cccc3333'")" \
    "$(printf 'Truth News 🗞️|Independent news. No censorship.\nDM for promo')" \
    "the profile record"
expect_eq "$(sql "$C" "SELECT display_name FROM accounts
    WHERE native_id = 'did:plc:gggg7777hhhh8888iiii9999'")" "Patriot #4471" \
    "a profile update"

begin bluesky_posts_replies_reposts
expect_eq "$(sql "$C" "SELECT posted_at || ' ' || text FROM posts
    WHERE native_id = '$P'")" \
    "1725911200 They lied about the vote 🧵 read https://vote-truth.example.net/x #Election2024" \
    "a post: createdAt, text"
expect_eq "$(sql "$C" "SELECT hashtags FROM posts WHERE native_id = '$P'")" \
    election2024 "tag facets"
expect_eq "$(sql "$C" "SELECT reply_to FROM posts WHERE native_id LIKE
    '%/3l3qo4reply'")" "$P" "reply.parent.uri"
expect_eq "$(sql "$C" "SELECT p.repost_of || ' ' || quote(p.text) FROM posts p
    WHERE p.native_id = 'at://did:plc:gggg7777hhhh8888iiii9999/app.bsky.feed.repost/3l3qo5rp'")" \
    "$P NULL" "a repost record is a repost of its subject"
expect_eq "$(sql "$C" "SELECT posted_at FROM posts WHERE native_id LIKE
    '%/3l3qoanotime'")" 1725912100 "no createdAt: time_us"
# A deleted post stays as it was seen.
expect_eq "$(sql "$C" "SELECT count(*) FROM posts WHERE native_id LIKE
    '%/3l3qo6ext'")" 1 "a delete removes nothing"

begin bluesky_links_follows_likes_mentions
expect_eq "$(sql "$C" "SELECT group_concat(u.url, ' ') FROM post_urls u
    JOIN posts p ON p.id = u.post_id WHERE p.native_id = '$P'")" \
    "https://vote-truth.example.net/x" "a link facet's uri, normalized"
expect_eq "$(sql "$C" "SELECT u.url FROM post_urls u JOIN posts p
    ON p.id = u.post_id WHERE p.native_id LIKE '%/3l3qo6ext'")" \
    "https://mirror.example.org/story" "an external embed"
expect_eq "$(sql "$C" "SELECT accounts FROM attribute_stats WHERE
    kind = 'follows' AND value = 'did:plc:aaaa1111bbbb2222cccc3333'")" 2 \
    "two accounts follow one DID: a pivot"
expect_eq "$(sql "$C" "SELECT a.native_id FROM attributes t JOIN accounts a
    ON a.id = t.account_id WHERE t.kind = 'likes' AND t.value = '$P'")" \
    did:plc:dddd4444eeee5555ffff6666 "a like"
expect_eq "$(sql "$C" "SELECT a.native_id FROM attributes t JOIN accounts a
    ON a.id = t.account_id WHERE t.kind = 'mentions'")" \
    did:plc:dddd4444eeee5555ffff6666 "a mention facet"

begin bluesky_pivot_on_a_shared_follow
run "$CIBSCOPE" pivot "$C" @patriot4471.bsky.social --on follows --format csv
expect_status 0
expect_eq "$(cut -d, -f3 "$T/out" | sed 1d | sort | tr '\n' ' ')" \
    "did:plc:dddd4444eeee5555ffff6666 did:plc:gggg7777hhhh8888iiii9999 " \
    "the other follower of the same DID"

begin bluesky_again_changes_nothing
before=$(counts "$C")
run "$CIBSCOPE" import "$C" "$BS" --format bluesky
expect_status 0
expect_eq "$(counts "$C")" "$before" "a second import"

begin bluesky_bad_events_are_reported_and_skipped
{
	head -3 "$BS"
	echo '{"did":"did:plc:x1","time_us":1,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.post","rkey":"r1","record":{"text":["not","text"]}}}'
	echo '{"time_us":1,"kind":"identity","identity":{"handle":"nobody.bsky.social"}}'
	echo '{"did":"did:plc:x2","time_us":1,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.graph.follow","rkey":"f1","record":{"subject":{"did":"x"}}}}'
	printf '%s\n' '{"did":"did:plc:nul1","time_us":1725912200000000,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.post","rkey":"n1","record":{"text":"before\u0000after \\u0000 literal"}}}'
	echo '{"did":"did:plc:x4","kind":"\u001b]0;pwned\u0007"}'
	echo '{"did":"did:plc:x3","time_us":1,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.post","rkey":"r2","record":{"text":"cut'
} >"$T/bsbad.jsonl"
run "$CIBSCOPE" new "$T/bsbad.db"
run "$CIBSCOPE" import "$T/bsbad.db" "$T/bsbad.jsonl" --format bluesky
expect_status 0
expect_err "bsbad.jsonl:4: commit.record.text is an array, not a string"
expect_err "bsbad.jsonl:5: no \"did\""
expect_err "bsbad.jsonl:6: commit.record.subject of a follow is an object, not a DID"
expect_err "bsbad.jsonl:8: kind \"\^\[\]0;pwned\^G\" is not commit"
expect_err "bsbad.jsonl:9:[0-9]+: not valid JSON"
expect_out "skipped: 5"
expect_eq "$(sql "$T/bsbad.db" "SELECT text FROM posts WHERE native_id LIKE
    'at://did:plc:nul1/%'")" "$(printf 'before\357\277\275after \\u0000 literal')" \
    "an escaped NUL is U+FFFD; an escaped backslash before u0000 is text"
# A control character in the data reaches no terminal.
! grep -q "$(printf '\033')" "$T/err" || fail "an escape in a message"
expect_eq "$(sql "$T/bsbad.db" "SELECT count(*) FROM accounts
    WHERE native_id LIKE 'did:plc:x%'")" 0 "no account of a bad event"
before=$(counts "$T/bsbad.db")
run "$CIBSCOPE" import "$T/bsbad.db" "$T/bsbad.jsonl" --format bluesky --strict
expect_status 1
expect_err "bsbad.jsonl:4: commit.record.text is an array"
expect_eq "$(counts "$T/bsbad.db")" "$before" "strict: the case is unchanged"

# ---- meta-content-library ---------------------------------------------

MCL="$F/meta-content-library.csv"
C="$T/mcl.db"
run "$CIBSCOPE" new "$C"

begin mcl_is_guessed_and_imported
run "$CIBSCOPE" import "$C" "$MCL" --platform facebook
expect_status 0
expect_out "meta-content-library.csv: meta-content-library \(guessed"
expect_out "imported 4 of 5 rows"
expect_out "skipped: 1"
expect_err "meta-content-library.csv:6: no account id in column \"post_owner.id\""
expect_eq "$(sql "$C" "SELECT group_concat(platform || ':' || native_id || '='
    || coalesce(handle, '') || '=' || display_name, ' ') FROM (SELECT * FROM
    accounts ORDER BY native_id)")" \
    "facebook:1029384756102938=patriotsunited=Patriots United facebook:2233445566778899==الحقيقة اليوم facebook:5566778899001122=patriots_united_2=Patriots United Backup" \
    "post owners become accounts"

# The export does not say Facebook or Instagram; a guess would split
# one page into two accounts, so --platform is required.
begin mcl_needs_a_platform
run "$CIBSCOPE" new "$T/mclnp.db"
run "$CIBSCOPE" import "$T/mclnp.db" "$MCL"
expect_status 1
expect_err "meta-content-library.csv: a Meta Content Library export does not say whether it is from Facebook or Instagram: give --platform facebook or --platform instagram"
expect_err "nothing was imported"
expect_eq "$(counts "$T/mclnp.db")" 0/0/0 "nothing written"
run "$CIBSCOPE" import "$T/mclnp.db" - --format meta-content-library <"$MCL"
expect_status 1
expect_err "<stdin>: a Meta Content Library export does not say"
run "$CIBSCOPE" import "$T/mclnp.db" "$F/4cat-telegram.ndjson" "$MCL" \
    --platform instagram
expect_status 0
expect_eq "$(sql "$T/mclnp.db" "SELECT group_concat(DISTINCT platform)
    FROM accounts")" instagram "--platform names it, for every file"

begin mcl_posts_links_and_pivots
expect_eq "$(sql "$C" "SELECT posted_at FROM posts
    WHERE native_id = '1029384756102938_4455667788990011'")" 1705314600 \
    "creation_time with a +0000 offset"
expect_eq "$(sql "$C" "SELECT count(DISTINCT account_id) FROM posts WHERE
    text = 'Share before they delete it!!! 🇺🇸 https://bit.ly/3xYz #StopTheSteal'")" \
    2 "one text from two pages"
expect_eq "$(sql "$C" "SELECT count(*) FROM post_urls
    WHERE url = 'https://vote-truth.example.net/report'")" 3 \
    "link_attachment.link, tracking parameter dropped"
expect_eq "$(sql "$C" "SELECT accounts FROM attribute_stats WHERE kind = 'url'
    AND value = 'https://vote-truth.example.net/report'")" 3 \
    "the shared link links three pages"
expect_eq "$(sql "$C" "SELECT a.native_id FROM attributes t JOIN accounts a
    ON a.id = t.account_id WHERE t.kind = 'posted_in'
    AND t.value = '7788990011223344'")" 5566778899001122 "surface.id: a group"

begin mcl_bad_row_strict_changes_nothing
sed '3s/^\([^,]*\),/\1,extra,/' "$MCL" >"$T/mclbad.csv"
before=$(counts "$C")
run "$CIBSCOPE" import "$C" "$T/mclbad.csv" --platform facebook --strict
expect_status 1
expect_err "mclbad.csv:3: 22 fields where the header has 21"
expect_eq "$(counts "$C")" "$before" "the case is unchanged"

begin formats_are_listed_in_the_error
run "$CIBSCOPE" import "$C" "$MCL" --format meta
expect_status 1
expect_err "unknown format \"meta\" \(known: .*telegram, 4cat, bluesky, meta-content-library\)"
run "$CIBSCOPE" import "$C" "$MCL" --format telegram
expect_status 1
expect_err "meta-content-library.csv:1:1: expected \"\{\""
expect_eq "$(counts "$C")" "$before" "the case is unchanged"

finish
