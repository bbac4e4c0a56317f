//! Numbered migrations. Never edit a released step: add the next one, and add a fixture of the
//! released version to tests/fixtures/schema so the migration test covers it.

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

use crate::core::{Error, ErrorKind};

/// The schema version this build writes.
pub const SCHEMA_VERSION: usize = 6;

const V1: &str = r#"
CREATE TABLE accounts (
    id          INTEGER PRIMARY KEY,
    jid         TEXT NOT NULL UNIQUE,
    password    TEXT NOT NULL,
    resource    TEXT NOT NULL,
    host        TEXT,
    port        INTEGER,
    direct_tls  INTEGER NOT NULL DEFAULT 0,
    ca_file     TEXT,
    pinned_cert TEXT,
    roster_ver  TEXT,
    auth_failed INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE roster (
    account      INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    jid          TEXT NOT NULL,
    name         TEXT,
    subscription TEXT NOT NULL DEFAULT 'none',
    pending_out  INTEGER NOT NULL DEFAULT 0,
    pending_in   INTEGER NOT NULL DEFAULT 0,
    groups       TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (account, jid)
) WITHOUT ROWID;

CREATE TABLE conversations (
    id            INTEGER PRIMARY KEY,
    account       INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    peer          TEXT NOT NULL,
    encrypted     INTEGER NOT NULL DEFAULT 0,
    last_activity INTEGER NOT NULL DEFAULT 0,
    unread        INTEGER NOT NULL DEFAULT 0,
    muted         INTEGER NOT NULL DEFAULT 0,
    pinned        INTEGER NOT NULL DEFAULT 0,
    UNIQUE (account, peer)
);

CREATE TABLE messages (
    id           INTEGER PRIMARY KEY,
    conversation INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    direction    INTEGER NOT NULL,          -- 0 in, 1 out
    sender       TEXT NOT NULL,
    body         TEXT NOT NULL,
    timestamp    INTEGER NOT NULL,          -- ms since the epoch
    state        INTEGER NOT NULL,          -- core::Delivery code
    encrypted    INTEGER NOT NULL DEFAULT 0,
    origin_id    TEXT,                      -- XEP-0359, as the sender set it
    stanza_id    TEXT,                      -- XEP-0359 by our archive; equals the MAM id
    edited       INTEGER NOT NULL DEFAULT 0,
    retracted    INTEGER NOT NULL DEFAULT 0,
    reply_to     TEXT,
    error        TEXT
);
CREATE UNIQUE INDEX messages_by_stanza_id ON messages (conversation, stanza_id)
    WHERE stanza_id IS NOT NULL;
CREATE UNIQUE INDEX messages_by_origin_id ON messages (conversation, sender, origin_id)
    WHERE origin_id IS NOT NULL;
CREATE INDEX messages_by_time ON messages (conversation, timestamp, id);

CREATE TABLE reactions (
    message INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    sender  TEXT NOT NULL,
    emojis  TEXT NOT NULL,                  -- JSON array
    PRIMARY KEY (message, sender)
) WITHOUT ROWID;

-- Stanzas waiting for our server's acknowledgement, in the order they were written.
-- AUTOINCREMENT: ids never come back after the table empties, so "newer than the last one
-- sent" stays true (the session relies on it).
CREATE TABLE outbox (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    account   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    message   INTEGER REFERENCES messages(id) ON DELETE CASCADE,
    origin_id TEXT NOT NULL,
    stanza    TEXT NOT NULL,
    attempts  INTEGER NOT NULL DEFAULT 0
);

-- The newest archive id we hold, per archive (own bare JID, or a room).
CREATE TABLE mam_cursors (
    account INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    archive TEXT NOT NULL,
    last_id TEXT NOT NULL,
    PRIMARY KEY (account, archive)
) WITHOUT ROWID;

-- A catch-up page that failed: history between these points may be missing.
CREATE TABLE gaps (
    id       INTEGER PRIMARY KEY,
    account  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    archive  TEXT NOT NULL,
    after_id TEXT,
    noted_at INTEGER NOT NULL
);

-- Addresses our server refuses to let through (XEP-0191), as it last told us.
CREATE TABLE blocked (
    account INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    jid     TEXT NOT NULL,
    PRIMARY KEY (account, jid)
) WITHOUT ROWID;

-- What contacts (and we) publish about themselves, and when they were last online.
CREATE TABLE profiles (
    account   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    jid       TEXT NOT NULL,
    nick      TEXT,
    avatar    TEXT,                         -- SHA-1 hex, a key of avatars
    last_seen INTEGER,                      -- ms since the epoch
    PRIMARY KEY (account, jid)
) WITHOUT ROWID;

-- Avatar images by their SHA-1, shared by every account that sees them.
CREATE TABLE avatars (
    hash TEXT PRIMARY KEY,
    mime TEXT NOT NULL,
    data BLOB NOT NULL
) WITHOUT ROWID;

CREATE VIRTUAL TABLE messages_fts USING fts5(
    body, content = 'messages', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
END;
"#;

/// OMEMO (docs/protocol.md, Encryption): our own device per account, the devices others
/// announce, their sessions and the trust the user gave their keys. From V2 on,
/// conversations.encrypted holds a core::Encryption code (0 automatic, 1 on, 2 off); V1 only
/// ever wrote 0. messages.encrypted is 0 for plain text, else bit 0 set with bit 1 for legacy
/// OMEMO and bit 2 for OMEMO 2 (store::messages; rows written before that hold 1).
const V2: &str = r#"
-- Our OMEMO device per account: one identity for both namespaces, with its signed and
-- one-time prekeys, serialised by omemo::OwnDevice (a few KiB).
CREATE TABLE omemo_own (
    account   INTEGER PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
    device_id INTEGER NOT NULL,
    state     BLOB NOT NULL
);

-- Devices from device lists, ours and contacts', per namespace. `active` is false once a
-- device left its owner's list (its sessions are kept: late messages still decrypt).
CREATE TABLE omemo_devices (
    account     INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    jid         TEXT NOT NULL,
    namespace   INTEGER NOT NULL,           -- core::OmemoNamespace code
    device_id   INTEGER NOT NULL,
    label       TEXT,
    active      INTEGER NOT NULL DEFAULT 1,
    fingerprint TEXT,                       -- hex identity key, from its verified bundle
    first_seen  INTEGER NOT NULL,           -- ms since the epoch
    PRIMARY KEY (account, jid, namespace, device_id)
) WITHOUT ROWID;

-- Double Ratchet state per device, serialised by omemo::Session.
CREATE TABLE omemo_sessions (
    account   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    jid       TEXT NOT NULL,
    namespace INTEGER NOT NULL,
    device_id INTEGER NOT NULL,
    state     BLOB NOT NULL,
    PRIMARY KEY (account, jid, namespace, device_id)
) WITHOUT ROWID;

-- What the user decided about an identity key (core::Trust code); keys without a row are
-- decided by Blind Trust Before Verification when first seen.
CREATE TABLE omemo_trust (
    account     INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    jid         TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    trust       INTEGER NOT NULL,
    PRIMARY KEY (account, jid, fingerprint)
) WITHOUT ROWID;
"#;

/// Group chats (XEP-0045): a conversation is one-to-one (kind 0) or a room (kind 1); rooms
/// we are in, with our nickname there; room messages keep the occupant's nickname.
const V3: &str = r#"
ALTER TABLE conversations ADD COLUMN kind INTEGER NOT NULL DEFAULT 0;

-- Rooms the user joined, rejoined at every fresh session while `joined` is 1.
CREATE TABLE rooms (
    conversation INTEGER PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE,
    nick         TEXT NOT NULL,
    password     TEXT,
    joined       INTEGER NOT NULL DEFAULT 1,
    name         TEXT,                      -- from the room's disco#info
    subject      TEXT                       -- the room's topic, as last set
);

-- Who wrote a room message: the occupant's nickname and, where the room gives it, its
-- XEP-0421 occupant id (stable across nickname changes).
ALTER TABLE messages ADD COLUMN nick TEXT;
ALTER TABLE messages ADD COLUMN occupant_id TEXT;
"#;

/// Encrypted private groups (XEP-0384 §5.6): whether a room is private (members only, real
/// addresses for anyone), and its members, to whose devices messages are encrypted whether
/// they are in the room or not. And which devices our newest encrypted message went to.
const V4: &str = r#"
ALTER TABLE rooms ADD COLUMN private INTEGER NOT NULL DEFAULT 0;

CREATE TABLE room_members (
    conversation INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    jid          TEXT NOT NULL,
    affiliation  TEXT NOT NULL,             -- owner, admin or member
    PRIMARY KEY (conversation, jid)
) WITHOUT ROWID;

-- The devices our newest encrypted message in each conversation was encrypted for: the
-- encryption panel names those that will read the next one and did not get that one.
CREATE TABLE encrypted_for (
    conversation INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    jid          TEXT NOT NULL,
    device_id    INTEGER NOT NULL,
    PRIMARY KEY (conversation, jid, device_id)
) WITHOUT ROWID;
"#;

/// Files in messages (XEP-0066, XEP-0454): one per message, its body being the address.
const V5: &str = r#"
CREATE TABLE attachments (
    message    INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
    url        TEXT NOT NULL,               -- as sent; an aesgcm:// fragment is the file's key
    name       TEXT NOT NULL,               -- sanitized
    size       INTEGER,
    media_type TEXT,
    local_path TEXT                         -- its plain text on this computer, once there
);
"#;

/// The window's downloads, sealed in the profile's media folder (media::cache).
const V6: &str = r#"
ALTER TABLE attachments ADD COLUMN cache_file TEXT;  -- its name in <profile>/media
ALTER TABLE attachments ADD COLUMN cache_key TEXT;   -- IV and key in hex
"#;

fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(V1),
        M::up(V2),
        M::up(V3),
        M::up(V4),
        M::up(V5),
        M::up(V6),
    ])
}

pub(crate) fn migrate(conn: &mut Connection) -> Result<(), Error> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > SCHEMA_VERSION as i64 {
        return Err(Error::new(
            ErrorKind::Database,
            format!(
                "this profile was written by a newer Tidings (schema {version}); update Tidings"
            ),
        ));
    }
    migrations()
        .to_latest(conn)
        .map_err(|e| Error::with_source(ErrorKind::Database, format!("migration failed: {e}"), e))
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        super::migrations().validate().unwrap();
    }
}
