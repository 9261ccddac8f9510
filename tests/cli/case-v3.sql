-- A case of schema version 3, as a schema 3 cibscope makes it: case-v2.sql
-- migrated by that cibscope, as `sqlite3 CASE .dump` wrote it, with the two
-- pragmas .dump leaves out. Migration tests start here.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE case_info(
  key TEXT PRIMARY KEY, value TEXT) STRICT;
INSERT INTO case_info VALUES('name','v1 fixture');
INSERT INTO case_info VALUES('created','2026-11-29T03:28:25Z');
INSERT INTO case_info VALUES('tool_version','0.1.0');
INSERT INTO case_info VALUES('writer','pid 25098 on vm since 2026-11-29T03:28:26Z');
CREATE TABLE accounts(
  id INTEGER PRIMARY KEY,
  platform TEXT NOT NULL,
  native_id TEXT NOT NULL,
  handle TEXT, display_name TEXT, bio TEXT, url TEXT,
  created_at TEXT,
  followers INTEGER, following INTEGER, posts INTEGER,
  country TEXT, language TEXT, status TEXT,
  UNIQUE(platform, native_id)) STRICT;
INSERT INTO accounts VALUES(1,'forum','f1','anna1987',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO accounts VALUES(2,'forum','f2','anna1988',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO accounts VALUES(3,'forum','f3','ivan_k',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
CREATE TABLE attributes(
  kind TEXT NOT NULL, value TEXT NOT NULL,
  account_id INTEGER NOT NULL REFERENCES accounts(id)
    ON DELETE CASCADE,
  raw TEXT, first_seen TEXT, last_seen TEXT, source TEXT,
  PRIMARY KEY(kind, value, account_id)) STRICT, WITHOUT ROWID;
INSERT INTO attributes VALUES('handle_template','anna#',1,NULL,NULL,NULL,'v1.csv');
INSERT INTO attributes VALUES('handle_template','anna#',2,NULL,NULL,NULL,'v1.csv');
INSERT INTO attributes VALUES('phone','49301234567',3,'+49 30 1234567',NULL,NULL,'v1.csv');
INSERT INTO attributes VALUES('phone','79123456789',1,'+7 912 345 67 89',NULL,NULL,'v1.csv');
INSERT INTO attributes VALUES('phone','79123456789',2,'+79123456789',NULL,NULL,'v1.csv');
CREATE TABLE attribute_stats(
  kind TEXT NOT NULL, value TEXT NOT NULL,
  accounts INTEGER NOT NULL,
  PRIMARY KEY(kind, value)) STRICT, WITHOUT ROWID;
INSERT INTO attribute_stats VALUES('handle_template','anna#',2);
INSERT INTO attribute_stats VALUES('phone','49301234567',1);
INSERT INTO attribute_stats VALUES('phone','79123456789',2);
CREATE TABLE posts(
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id)
    ON DELETE CASCADE,
  native_id TEXT NOT NULL,
  posted_at INTEGER,
  text TEXT,
  text_hash INTEGER NOT NULL DEFAULT 0,
  reply_to TEXT, repost_of TEXT, hashtags TEXT,
  UNIQUE(account_id, native_id)) STRICT;
CREATE TABLE post_urls(
  post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  url TEXT NOT NULL, domain TEXT,
  PRIMARY KEY(post_id, url)) STRICT, WITHOUT ROWID;
CREATE TABLE networks(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL DEFAULT 'suspected' CHECK(label IN
    ('suspected', 'cib', 'not_cib', 'cleared')),
  origin TEXT, target TEXT, ttps TEXT, notes TEXT,
  created_at TEXT NOT NULL, created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL) STRICT;
INSERT INTO networks VALUES(1,'shared-phone','suspected',NULL,NULL,NULL,'same phone','2026-11-29T03:28:26Z','fixture','2026-11-29T03:28:26Z');
INSERT INTO networks VALUES(2,'fixture v3','suspected',NULL,NULL,NULL,NULL,'2026-12-07T05:36:17Z','root','2026-12-07T05:36:17Z');
CREATE TABLE network_members(
  network_id INTEGER NOT NULL REFERENCES networks(id)
    ON DELETE CASCADE,
  account_id INTEGER NOT NULL REFERENCES accounts(id)
    ON DELETE CASCADE,
  added_at TEXT NOT NULL, added_by TEXT NOT NULL,
  evidence TEXT,
  PRIMARY KEY(network_id, account_id)) STRICT, WITHOUT ROWID;
INSERT INTO network_members VALUES(1,1,'2026-11-29T03:28:26Z','fixture','[{"via":"accounts","by":"fixture","at":"2026-11-29T03:28:26Z"}]');
INSERT INTO network_members VALUES(1,2,'2026-11-29T03:28:26Z','fixture','[{"via":"accounts","by":"fixture","at":"2026-11-29T03:28:26Z"}]');
INSERT INTO network_members VALUES(2,1,'2026-12-07T05:36:17Z','root','[{"via":"accounts","by":"root","at":"2026-12-07T05:36:17Z"}]');
INSERT INTO network_members VALUES(2,2,'2026-12-07T05:36:17Z','root','[{"via":"accounts","by":"root","at":"2026-12-07T05:36:17Z"}]');
CREATE TABLE audit(
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
  target TEXT, detail TEXT, hash TEXT) STRICT;
INSERT INTO audit VALUES(1,'2026-11-29T03:28:25Z','fixture','import','v1.csv','{"accounts_new":3,"accounts_updated":0,"attributes":5,"posts":0,"repaired":0,"truncated":0}','7ed348e10a934ced04fc184711e8b66d90c13300de781e1a96172598c8b291d9');
INSERT INTO audit VALUES(2,'2026-11-29T03:28:26Z','fixture','tag','shared-phone','{"label":null,"origin":null,"target":null,"ttps":null,"notes":"same phone","via":"accounts","accounts":[1,2],"members":2,"added":2}','9b8739e5e8df2f6d06caafa59222d778dbfce2cda8c71c1f2056db9f4b35a8b1');
INSERT INTO audit VALUES(3,'2026-12-07T05:36:17Z','root','migrate','schema','{"from":2,"to":3}','2d4bff3c6af971a2d09da63dded8e7063bf5a6b84d16f40b3af038a596bb3cfa');
INSERT INTO audit VALUES(4,'2026-12-07T05:36:17Z','root','tag','fixture v3','{"label":"suspected","origin":null,"target":null,"ttps":null,"notes":null,"via":"accounts","accounts":[1,2],"members":2,"added":2}','eb74cf7a68db93b8d63576cf9c41a3f52ac020e88bd325f798751300fe626404');
CREATE TABLE vocab(
  id TEXT PRIMARY KEY,
  framework TEXT NOT NULL,
  name TEXT, tactic TEXT) STRICT;
CREATE TABLE indicators(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL, value TEXT NOT NULL, raw TEXT,
  tactic TEXT, technique TEXT, procedure TEXT, comment TEXT,
  network TEXT, source TEXT,
  UNIQUE(kind, value, network)) STRICT;
CREATE TABLE planted(
  account_id INTEGER NOT NULL REFERENCES accounts(id)
    ON DELETE CASCADE,
  network TEXT NOT NULL,
  PRIMARY KEY(network, account_id)) STRICT, WITHOUT ROWID;
CREATE TABLE merged_chains(
  id INTEGER PRIMARY KEY,
  case_name TEXT, file TEXT,
  merged_at TEXT NOT NULL, merged_by TEXT NOT NULL) STRICT;
CREATE TABLE merged_audit(
  chain INTEGER NOT NULL REFERENCES merged_chains(id),
  seq INTEGER NOT NULL,
  at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
  target TEXT, detail TEXT, hash TEXT NOT NULL,
  PRIMARY KEY(chain, seq)) STRICT, WITHOUT ROWID;
CREATE INDEX network_members_by_account
  ON network_members(account_id, network_id);
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE INDEX attributes_by_account
  ON attributes(account_id, kind, value);
CREATE INDEX posts_by_time ON posts(posted_at);
CREATE INDEX accounts_by_handle ON accounts(handle);
CREATE INDEX accounts_by_created
  ON accounts(created_at);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_needs_hash BEFORE INSERT ON audit
  WHEN NEW.hash IS NULL OR length(NEW.hash) <> 64
  BEGIN SELECT RAISE(ABORT, 'audit rows are written by cibscope, with their hash'); END;
CREATE TRIGGER merged_audit_no_update BEFORE UPDATE ON merged_audit
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER merged_audit_no_delete BEFORE DELETE ON merged_audit
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
COMMIT;
PRAGMA application_id = 1128874579;
PRAGMA user_version = 3;
