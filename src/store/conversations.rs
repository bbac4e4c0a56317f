//! One conversation per account and peer.

use rusqlite::{Connection, OptionalExtension, params};

use crate::core::{AccountId, BareJid, ConversationId, Error};

/// The conversation with `peer`, created on first use.
pub fn get_or_create(
    conn: &Connection,
    account: AccountId,
    peer: &BareJid,
) -> Result<ConversationId, Error> {
    if let Some(id) = find(conn, account, peer)? {
        return Ok(id);
    }
    conn.execute(
        "INSERT INTO conversations (account, peer) VALUES (?1, ?2)",
        params![account.0, peer.as_str()],
    )?;
    Ok(ConversationId(conn.last_insert_rowid()))
}

pub fn find(
    conn: &Connection,
    account: AccountId,
    peer: &BareJid,
) -> Result<Option<ConversationId>, Error> {
    Ok(conn
        .query_row(
            "SELECT id FROM conversations WHERE account = ?1 AND peer = ?2",
            params![account.0, peer.as_str()],
            |r| r.get(0),
        )
        .optional()?
        .map(ConversationId))
}

pub fn peer(conn: &Connection, id: ConversationId) -> Result<BareJid, Error> {
    let text: String = conn.query_row(
        "SELECT peer FROM conversations WHERE id = ?1",
        [id.0],
        |r| r.get(0),
    )?;
    Ok(super::bare(&text)?)
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

pub fn unread(conn: &Connection, id: ConversationId) -> Result<i64, Error> {
    Ok(conn.query_row(
        "SELECT unread FROM conversations WHERE id = ?1",
        [id.0],
        |r| r.get(0),
    )?)
}
