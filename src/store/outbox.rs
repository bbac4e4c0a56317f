//! Stanzas written but not yet acknowledged by our server. A row is added in the same
//! transaction as its message and leaves only on a stream-management ack or a definitive
//! error. The stanza text is opaque here: the session serializes and parses it.

use rusqlite::{Connection, params};

use crate::core::{AccountId, Error, MessageId};

#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    pub id: i64,
    pub message: Option<MessageId>,
    pub origin_id: String,
    pub stanza: String,
}

pub fn enqueue(
    conn: &Connection,
    account: AccountId,
    message: Option<MessageId>,
    origin_id: &str,
    stanza: &str,
) -> Result<i64, Error> {
    conn.execute(
        "INSERT INTO outbox (account, message, origin_id, stanza) VALUES (?1, ?2, ?3, ?4)",
        params![account.0, message.map(|m| m.0), origin_id, stanza],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn pending(conn: &Connection, account: AccountId) -> Result<Vec<Pending>, Error> {
    let mut stmt = conn.prepare(
        "SELECT id, message, origin_id, stanza FROM outbox WHERE account = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([account.0], |r| {
        Ok(Pending {
            id: r.get(0)?,
            message: r.get::<_, Option<i64>>(1)?.map(MessageId),
            origin_id: r.get(2)?,
            stanza: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Removes an entry; returns its message, if it had one and the entry was still there.
pub fn remove(conn: &Connection, id: i64) -> Result<Option<Option<MessageId>>, Error> {
    let message = conn
        .query_row(
            "DELETE FROM outbox WHERE id = ?1 RETURNING message",
            [id],
            |r| r.get::<_, Option<i64>>(0),
        )
        .map(|m| m.map(MessageId));
    match message {
        Ok(m) => Ok(Some(m)),
        Err(rusqlite::Error::QueryReturnedNoRows) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Replaces an entry's stanza with its encrypted form, written before the first send so that
/// a resend carries the same ciphertext (a message key is never used twice).
pub fn replace_stanza(conn: &Connection, id: i64, stanza: &str) -> Result<(), Error> {
    conn.execute(
        "UPDATE outbox SET stanza = ?2 WHERE id = ?1",
        params![id, stanza],
    )?;
    Ok(())
}

pub fn count(conn: &Connection, account: AccountId) -> Result<i64, Error> {
    Ok(conn.query_row(
        "SELECT count(*) FROM outbox WHERE account = ?1",
        [account.0],
        |r| r.get(0),
    )?)
}

/// Removes the entry sent with `origin_id` (after a definitive error from the server).
pub fn remove_by_origin(
    conn: &Connection,
    account: AccountId,
    origin_id: &str,
) -> Result<usize, Error> {
    Ok(conn.execute(
        "DELETE FROM outbox WHERE account = ?1 AND origin_id = ?2",
        params![account.0, origin_id],
    )?)
}
