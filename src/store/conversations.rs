//! One conversation per account and peer.

use rusqlite::{Connection, OptionalExtension, params};

use crate::core::{AccountId, BareJid, ConversationId, Encryption, Error};

/// conversations.kind of a private conversation with one occupant of a room (XEP-0045 §7.5).
pub const PRIVATE: i64 = 2;

/// The conversation with `peer`, created on first use.
pub fn get_or_create(
    conn: &Connection,
    account: AccountId,
    peer: &BareJid,
) -> Result<ConversationId, Error> {
    get_or_create_with(conn, account, peer, None)
}

pub fn find(
    conn: &Connection,
    account: AccountId,
    peer: &BareJid,
) -> Result<Option<ConversationId>, Error> {
    find_with(conn, account, peer, None)
}

/// The peer column of a conversation: the contact's or room's bare address or, for a private
/// conversation with the occupant `nick` of the room `peer`, the occupant's address
/// (room@service/nick). No contact or room has an address with a resource, so a private
/// conversation is never the room's, nor a one-to-one chat's.
pub fn key(peer: &BareJid, private: Option<&str>) -> Result<String, Error> {
    match private {
        None => Ok(peer.as_str().to_string()),
        Some(nick) => peer
            .with_resource_str(nick)
            .map(|full| full.as_str().to_string())
            .map_err(|e| {
                Error::new(
                    crate::core::ErrorKind::InvalidInput,
                    format!("{nick:?} cannot be written to privately: {e}"),
                )
            }),
    }
}

/// The conversation with `peer`, or with its occupant `private` in private, created on first
/// use.
pub fn get_or_create_with(
    conn: &Connection,
    account: AccountId,
    peer: &BareJid,
    private: Option<&str>,
) -> Result<ConversationId, Error> {
    if let Some(id) = find_with(conn, account, peer, private)? {
        return Ok(id);
    }
    let kind = if private.is_some() { PRIVATE } else { 0 };
    conn.execute(
        "INSERT INTO conversations (account, peer, kind) VALUES (?1, ?2, ?3)",
        params![account.0, key(peer, private)?, kind],
    )?;
    Ok(ConversationId(conn.last_insert_rowid()))
}

pub fn find_with(
    conn: &Connection,
    account: AccountId,
    peer: &BareJid,
    private: Option<&str>,
) -> Result<Option<ConversationId>, Error> {
    Ok(conn
        .query_row(
            "SELECT id FROM conversations WHERE account = ?1 AND peer = ?2",
            params![account.0, key(peer, private)?],
            |r| r.get(0),
        )
        .optional()?
        .map(ConversationId))
}

/// The conversation's contact or room, and the occupant's nickname when it is a private one.
pub fn peer(conn: &Connection, id: ConversationId) -> Result<(BareJid, Option<String>), Error> {
    let text: String = conn.query_row(
        "SELECT peer FROM conversations WHERE id = ?1",
        [id.0],
        |r| r.get(0),
    )?;
    Ok(super::peer(&text)?)
}

pub fn mark_read(conn: &Connection, id: ConversationId) -> Result<(), Error> {
    conn.execute("UPDATE conversations SET unread = 0 WHERE id = ?1", [id.0])?;
    Ok(())
}

/// Read up to this message, maybe on another device (XEP-0490): unread counts only what
/// came in after it. Returns whether the count changed.
pub fn read_up_to(
    conn: &Connection,
    id: ConversationId,
    message: crate::core::MessageId,
) -> Result<bool, Error> {
    let changed = conn.execute(
        "UPDATE conversations SET unread = (
             SELECT count(*) FROM messages m, messages t
             WHERE t.id = ?2 AND m.conversation = ?1 AND m.direction = 0
               AND (m.timestamp, m.id) > (t.timestamp, t.id))
         WHERE id = ?1 AND unread != (
             SELECT count(*) FROM messages m, messages t
             WHERE t.id = ?2 AND m.conversation = ?1 AND m.direction = 0
               AND (m.timestamp, m.id) > (t.timestamp, t.id))",
        params![id.0, message.0],
    )?;
    Ok(changed > 0)
}

/// Pinned conversations stay at the top of the list.
pub fn set_pinned(conn: &Connection, id: ConversationId, pinned: bool) -> Result<(), Error> {
    conn.execute(
        "UPDATE conversations SET pinned = ?2 WHERE id = ?1",
        params![id.0, pinned],
    )?;
    Ok(())
}

/// Whether the conversation is end-to-end encrypted (the `encrypted` column holds the code).
pub fn encryption(conn: &Connection, id: ConversationId) -> Result<Encryption, Error> {
    let code: i64 = conn.query_row(
        "SELECT encrypted FROM conversations WHERE id = ?1",
        [id.0],
        |r| r.get(0),
    )?;
    Ok(Encryption::from_code(code))
}

pub fn set_encryption(
    conn: &Connection,
    id: ConversationId,
    encryption: Encryption,
) -> Result<(), Error> {
    conn.execute(
        "UPDATE conversations SET encrypted = ?2 WHERE id = ?1",
        params![id.0, encryption.code()],
    )?;
    Ok(())
}

/// The first encrypted message in either direction makes an automatic conversation encrypted
/// for good; an explicit choice stays.
pub fn note_encrypted(conn: &Connection, id: ConversationId) -> Result<(), Error> {
    conn.execute(
        "UPDATE conversations SET encrypted = ?2 WHERE id = ?1 AND encrypted = ?3",
        params![id.0, Encryption::On.code(), Encryption::Automatic.code()],
    )?;
    Ok(())
}

/// Muted conversations neither notify nor count in the window title.
pub fn set_muted(conn: &Connection, id: ConversationId, muted: bool) -> Result<(), Error> {
    conn.execute(
        "UPDATE conversations SET muted = ?2 WHERE id = ?1",
        params![id.0, muted],
    )?;
    Ok(())
}

pub fn unread(conn: &Connection, id: ConversationId) -> Result<i64, Error> {
    Ok(conn.query_row(
        "SELECT unread FROM conversations WHERE id = ?1",
        [id.0],
        |r| r.get(0),
    )?)
}

/// One row of the conversation list: who, the newest message, and counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub id: ConversationId,
    pub account: AccountId,
    pub peer: BareJid,
    /// The roster name we gave them, else the nickname they chose; a room's own name.
    pub name: Option<String>,
    pub avatar: Option<String>,
    /// The newest message's text; for a file, a paper clip and the file's name.
    pub last_body: Option<String>,
    pub last_time: Option<chrono::DateTime<chrono::Utc>>,
    pub last_outgoing: bool,
    /// The newest message was deleted (by its writer, or a room's moderator).
    pub last_retracted: bool,
    pub unread: i64,
    pub pinned: bool,
    pub muted: bool,
    /// A group chat (XEP-0045) rather than a person.
    pub room: bool,
    /// In a room: the nickname of whoever wrote the last message.
    pub last_nick: Option<String>,
    /// In a room: its topic.
    pub subject: Option<String>,
    /// A private conversation with this occupant of the room `peer`, not with the room.
    pub private: Option<String>,
}

impl Summary {
    /// What to call the conversation: a name, else the address.
    pub fn title(&self) -> &str {
        match &self.private {
            Some(nick) => nick,
            None => self.name.as_deref().unwrap_or(self.peer.as_str()),
        }
    }
}

/// Every conversation of every account, pinned first, then by latest activity.
pub fn list(conn: &Connection) -> Result<Vec<Summary>, Error> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.account, c.peer, COALESCE(rm.name, r.name, p.nick), p.avatar,
                COALESCE('📎 ' || a.name, m.body),
                m.timestamp, m.direction, c.unread, c.pinned, c.muted, c.kind, m.nick, rm.subject,
                m.retracted
         FROM conversations c
         LEFT JOIN rooms rm ON rm.conversation = c.id
         LEFT JOIN roster r ON r.account = c.account AND r.jid = c.peer
         LEFT JOIN profiles p ON p.account = c.account AND p.jid = c.peer
         LEFT JOIN messages m ON m.id = (
             SELECT id FROM messages WHERE conversation = c.id
             ORDER BY timestamp DESC, id DESC LIMIT 1)
         LEFT JOIN attachments a ON a.message = m.id
         ORDER BY c.pinned DESC, c.last_activity DESC, c.id DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        let (peer, private) = super::peer(&r.get::<_, String>(2)?)?;
        Ok(Summary {
            id: ConversationId(r.get(0)?),
            account: AccountId(r.get(1)?),
            peer,
            private,
            name: r.get(3)?,
            avatar: r.get(4)?,
            last_body: r.get(5)?,
            last_time: r
                .get::<_, Option<i64>>(6)?
                .and_then(chrono::DateTime::from_timestamp_millis),
            last_outgoing: r.get::<_, Option<i64>>(7)? == Some(1),
            last_retracted: r.get::<_, Option<bool>>(14)? == Some(true),
            unread: r.get(8)?,
            pinned: r.get(9)?,
            muted: r.get(10)?,
            room: r.get::<_, i64>(11)? == super::rooms::ROOM,
            last_nick: r.get(12)?,
            subject: r.get(13)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
