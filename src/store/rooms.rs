//! Rooms the user joined (XEP-0045): a conversation of kind 1 with our nickname there.
//! `joined` is the user's wish, not the connection's state: the session rejoins every joined
//! room at each fresh session.

use rusqlite::{Connection, OptionalExtension, params};

use super::{bare, conversations};
use crate::core::{AccountId, BareJid, ConversationId, Error};

/// conversations.kind of a room.
pub const ROOM: i64 = 1;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Room {
    pub conversation: ConversationId,
    pub jid: BareJid,
    pub nick: String,
    pub password: Option<String>,
    pub joined: bool,
    pub name: Option<String>,
    pub subject: Option<String>,
}

/// Records that the user joins `jid` as `nick`; returns the room's conversation.
pub fn join(
    conn: &Connection,
    account: AccountId,
    jid: &BareJid,
    nick: &str,
    password: Option<&str>,
) -> Result<ConversationId, Error> {
    let conversation = conversations::get_or_create(conn, account, jid)?;
    conn.execute(
        "UPDATE conversations SET kind = ?2 WHERE id = ?1",
        params![conversation.0, ROOM],
    )?;
    conn.execute(
        "INSERT INTO rooms (conversation, nick, password, joined) VALUES (?1, ?2, ?3, 1)
         ON CONFLICT (conversation) DO UPDATE
           SET nick = excluded.nick, password = excluded.password, joined = 1",
        params![conversation.0, nick, password],
    )?;
    Ok(conversation)
}

/// The user left `jid` (or was removed for good): not rejoined any more. Returns whether
/// it was joined.
pub fn leave(conn: &Connection, account: AccountId, jid: &BareJid) -> Result<bool, Error> {
    let Some(conversation) = conversations::find(conn, account, jid)? else {
        return Ok(false);
    };
    let changed = conn.execute(
        "UPDATE rooms SET joined = 0 WHERE conversation = ?1 AND joined = 1",
        [conversation.0],
    )?;
    Ok(changed > 0)
}

/// The room's name (disco#info) and topic, as the room last said; None leaves one as it is.
pub fn set_about(
    conn: &Connection,
    conversation: ConversationId,
    name: Option<&str>,
    subject: Option<&str>,
) -> Result<(), Error> {
    conn.execute(
        "UPDATE rooms SET name = COALESCE(?2, name), subject = COALESCE(?3, subject)
         WHERE conversation = ?1",
        params![conversation.0, name, subject],
    )?;
    Ok(())
}

/// The nickname the room gave us (it may differ from the one we asked for).
pub fn set_nick(conn: &Connection, conversation: ConversationId, nick: &str) -> Result<(), Error> {
    conn.execute(
        "UPDATE rooms SET nick = ?2 WHERE conversation = ?1",
        params![conversation.0, nick],
    )?;
    Ok(())
}

const COLUMNS: &str = "r.conversation, c.peer, r.nick, r.password, r.joined, r.name, r.subject";

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<Room> {
    Ok(Room {
        conversation: ConversationId(r.get(0)?),
        jid: bare(&r.get::<_, String>(1)?)?,
        nick: r.get(2)?,
        password: r.get(3)?,
        joined: r.get(4)?,
        name: r.get(5)?,
        subject: r.get(6)?,
    })
}

/// The rooms to be in, oldest first.
pub fn joined(conn: &Connection, account: AccountId) -> Result<Vec<Room>, Error> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM rooms r JOIN conversations c ON c.id = r.conversation
         WHERE c.account = ?1 AND r.joined = 1 ORDER BY r.conversation"
    ))?;
    let rows = stmt.query_map([account.0], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn find(conn: &Connection, account: AccountId, jid: &BareJid) -> Result<Option<Room>, Error> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM rooms r JOIN conversations c ON c.id = r.conversation
                 WHERE c.account = ?1 AND c.peer = ?2"
            ),
            params![account.0, jid.as_str()],
            from_row,
        )
        .optional()?)
}
