//! Messages: insert with deduplication, delivery states, corrections, retractions, reactions,
//! history pages and full-text search.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{bare, conversations, from_millis, to_millis};
use crate::core::{
    AccountId, Attachment, BareJid, ConversationId, Delivery, Direction, Error, Message, MessageId,
    Namespaces,
};

/// A message about to be stored.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub account: AccountId,
    pub peer: BareJid,
    pub sender: BareJid,
    pub direction: Direction,
    pub body: String,
    pub timestamp: DateTime<Utc>,
    pub state: Delivery,
    pub encrypted: bool,
    /// Which OMEMO namespaces carried it (see core::Namespaces).
    pub namespaces: Namespaces,
    pub origin_id: Option<String>,
    /// Only a stanza-id our own archive stamped (security.md): others are not unique.
    pub stanza_id: Option<String>,
    pub reply_to: Option<String>,
    /// In a room: the occupant's nickname, and the occupant id the room stamped (XEP-0421).
    pub nick: Option<String>,
    pub occupant_id: Option<String>,
    /// In a private conversation with an occupant of the room `peer`: their nickname.
    pub private: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    Inserted {
        id: MessageId,
        conversation: ConversationId,
    },
    /// We had it already (same archive id, or same sender and origin-id).
    Duplicate {
        id: MessageId,
        conversation: ConversationId,
    },
}

/// Stores a message unless it is a copy of one we have. A copy may teach us the archive id
/// of a message we sent ourselves; that is recorded.
pub fn insert(conn: &Connection, m: &NewMessage) -> Result<Stored, Error> {
    let conversation =
        conversations::get_or_create_with(conn, m.account, &m.peer, m.private.as_deref())?;
    if let Some(stanza_id) = &m.stanza_id {
        let known: Option<i64> = conn
            .query_row(
                "SELECT id FROM messages WHERE conversation = ?1 AND stanza_id = ?2",
                params![conversation.0, stanza_id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = known {
            return Ok(Stored::Duplicate {
                id: MessageId(id),
                conversation,
            });
        }
    }
    if let Some(origin_id) = &m.origin_id {
        let known: Option<i64> = conn
            .query_row(
                "SELECT id FROM messages WHERE conversation = ?1 AND sender = ?2 AND origin_id = ?3",
                params![conversation.0, m.sender.as_str(), origin_id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = known {
            if let Some(stanza_id) = &m.stanza_id {
                conn.execute(
                    "UPDATE messages SET stanza_id = ?2 WHERE id = ?1 AND stanza_id IS NULL",
                    params![id, stanza_id],
                )?;
            }
            return Ok(Stored::Duplicate {
                id: MessageId(id),
                conversation,
            });
        }
    }
    conn.execute(
        "INSERT INTO messages (conversation, direction, sender, body, timestamp, state, encrypted,
             origin_id, stanza_id, reply_to, nick, occupant_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            conversation.0,
            (m.direction == Direction::Out) as i64,
            m.sender.as_str(),
            m.body,
            to_millis(m.timestamp),
            m.state.to_code(),
            encrypted_code(m.encrypted, m.namespaces),
            m.origin_id,
            m.stanza_id,
            m.reply_to,
            m.nick,
            m.occupant_id,
        ],
    )?;
    let id = MessageId(conn.last_insert_rowid());
    conn.execute(
        "UPDATE conversations SET last_activity = max(last_activity, ?2),
             unread = unread + ?3 WHERE id = ?1",
        params![
            conversation.0,
            to_millis(m.timestamp),
            (m.direction == Direction::In) as i64
        ],
    )?;
    Ok(Stored::Inserted { id, conversation })
}

/// messages.encrypted: 0 plain text; otherwise bit 0 set, bit 1 for legacy OMEMO and bit 2
/// for OMEMO 2 (rows of schema v2 and before hold 1: encrypted, namespace not kept).
fn encrypted_code(encrypted: bool, namespaces: Namespaces) -> i64 {
    if !encrypted {
        return 0;
    }
    1 | (namespaces.legacy as i64) << 1 | (namespaces.v2 as i64) << 2
}

fn namespaces_of(code: i64) -> Namespaces {
    Namespaces {
        legacy: code & 0b11 == 0b11,
        v2: code & 0b101 == 0b101,
    }
}

const COLUMNS: &str = "m.id, c.account, m.conversation, c.peer, m.sender, m.direction, m.body,
    m.timestamp, m.state, m.encrypted, m.origin_id, m.stanza_id, m.edited, m.retracted,
    m.reply_to, m.error, m.nick, a.url, a.name, a.size, a.media_type, a.local_path,
    a.cache_file, a.cache_key";

/// A message with its conversation and the file it carries, if any.
const TABLES: &str = "messages m JOIN conversations c ON c.id = m.conversation
    LEFT JOIN attachments a ON a.message = m.id";

fn from_row(r: &Row) -> rusqlite::Result<Message> {
    let (peer, private) = super::peer(&r.get::<_, String>(3)?)?;
    Ok(Message {
        id: MessageId(r.get(0)?),
        account: AccountId(r.get(1)?),
        conversation: ConversationId(r.get(2)?),
        peer,
        private,
        sender: bare(&r.get::<_, String>(4)?)?,
        direction: if r.get::<_, i64>(5)? == 1 {
            Direction::Out
        } else {
            Direction::In
        },
        body: r.get(6)?,
        timestamp: from_millis(r.get(7)?),
        state: Delivery::from_code(r.get(8)?),
        encrypted: r.get::<_, i64>(9)? != 0,
        namespaces: namespaces_of(r.get(9)?),
        origin_id: r.get(10)?,
        stanza_id: r.get(11)?,
        edited: r.get(12)?,
        retracted: r.get(13)?,
        reply_to: r.get(14)?,
        error: r.get(15)?,
        nick: r.get(16)?,
        attachment: match r.get::<_, Option<String>>(17)? {
            None => None,
            Some(url) => Some(Attachment {
                url,
                name: r.get(18)?,
                size: r.get::<_, Option<i64>>(19)?.map(|n| n.max(0) as u64),
                media_type: r.get(20)?,
                local_path: r
                    .get::<_, Option<String>>(21)?
                    .map(std::path::PathBuf::from),
                cached: crate::store::media::cached(r.get(22)?, r.get(23)?),
            }),
        },
    })
}

pub fn get(conn: &Connection, id: MessageId) -> Result<Message, Error> {
    Ok(conn.query_row(
        &format!(
            "SELECT {COLUMNS} FROM {TABLES}
             WHERE m.id = ?1"
        ),
        [id.0],
        from_row,
    )?)
}

/// The newest `limit` messages before `before` (all when None), oldest first.
pub fn page(
    conn: &Connection,
    conversation: ConversationId,
    before: Option<MessageId>,
    limit: usize,
) -> Result<Vec<Message>, Error> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM {TABLES}
         WHERE m.conversation = ?1 AND (?2 IS NULL OR (m.timestamp, m.id) <
             (SELECT timestamp, id FROM messages WHERE id = ?2))
         ORDER BY m.timestamp DESC, m.id DESC LIMIT ?3"
    ))?;
    let rows = stmt.query_map(
        params![conversation.0, before.map(|b| b.0), limit as i64],
        from_row,
    )?;
    let mut page: Vec<Message> = rows.collect::<Result<_, _>>()?;
    page.reverse();
    Ok(page)
}

/// The `limit` messages after `after`, oldest first (the way back down from a search hit).
pub fn page_after(
    conn: &Connection,
    conversation: ConversationId,
    after: MessageId,
    limit: usize,
) -> Result<Vec<Message>, Error> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM {TABLES}
         WHERE m.conversation = ?1 AND (m.timestamp, m.id) >
             (SELECT timestamp, id FROM messages WHERE id = ?2)
         ORDER BY m.timestamp, m.id LIMIT ?3"
    ))?;
    let rows = stmt.query_map(params![conversation.0, after.0, limit as i64], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every message of every conversation of an account, in order (for tests and export).
pub fn all(conn: &Connection, account: AccountId) -> Result<Vec<Message>, Error> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM {TABLES}
         WHERE c.account = ?1 ORDER BY m.timestamp, m.id"
    ))?;
    let rows = stmt.query_map([account.0], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Full-text search, newest hits first. `text` is taken as words, each matched as a prefix.
pub fn search(conn: &Connection, text: &str, limit: usize) -> Result<Vec<Message>, Error> {
    let query = fts_query(text);
    if query.is_empty() {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare_cached(&format!(
        // Newest hits straight from the index (rowid order), then join only those: joining
        // first makes SQLite sort every match. Retracted messages have an empty body, so
        // the index no longer holds their words.
        "SELECT {COLUMNS} FROM {TABLES}
         WHERE m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?1
                        ORDER BY rowid DESC LIMIT ?2)
         ORDER BY m.id DESC"
    ))?;
    let rows = stmt.query_map(params![query, limit as i64], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Quotes each word so user input can never be read as FTS5 syntax.
fn fts_query(text: &str) -> String {
    text.split_whitespace()
        .map(|w| format!("\"{}\"*", w.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Finds a message in a conversation by the id its sender gave it (origin-id or stanza id
/// attribute, which we always set equal), restricted to that sender.
pub fn find_by_sender_id(
    conn: &Connection,
    conversation: ConversationId,
    sender: &BareJid,
    id: &str,
) -> Result<Option<MessageId>, Error> {
    Ok(conn
        .query_row(
            "SELECT id FROM messages WHERE conversation = ?1 AND sender = ?2
                 AND (origin_id = ?3 OR stanza_id = ?3)",
            params![conversation.0, sender.as_str(), id],
            |r| r.get(0),
        )
        .optional()?
        .map(MessageId))
}

/// Finds a room message by either id among those the occupant with `occupant_id` wrote: a
/// correction or retraction in a room counts only from the writer of the original.
pub fn find_by_occupant(
    conn: &Connection,
    conversation: ConversationId,
    occupant_id: &str,
    id: &str,
) -> Result<Option<MessageId>, Error> {
    Ok(conn
        .query_row(
            "SELECT id FROM messages WHERE conversation = ?1 AND occupant_id = ?2
                 AND direction = 0 AND (origin_id = ?3 OR stanza_id = ?3)",
            params![conversation.0, occupant_id, id],
            |r| r.get(0),
        )
        .optional()?
        .map(MessageId))
}

/// The id a room gave our message, learnt from its reflection.
pub fn note_stanza_id(conn: &Connection, id: MessageId, stanza_id: &str) -> Result<(), Error> {
    conn.execute(
        "UPDATE messages SET stanza_id = ?2 WHERE id = ?1 AND stanza_id IS NULL",
        params![id.0, stanza_id],
    )?;
    Ok(())
}

/// Finds a message in a conversation by either id, whoever sent it (reactions may point at
/// either side's messages).
/// The message of `conversation` its room (or our archive) stamped with `stanza_id`.
pub fn find_by_stanza_id(
    conn: &Connection,
    conversation: ConversationId,
    stanza_id: &str,
) -> Result<Option<MessageId>, Error> {
    Ok(conn
        .query_row(
            "SELECT id FROM messages WHERE conversation = ?1 AND stanza_id = ?2",
            params![conversation.0, stanza_id],
            |r| r.get(0),
        )
        .optional()?
        .map(MessageId))
}

pub fn find_by_any_id(
    conn: &Connection,
    conversation: ConversationId,
    id: &str,
) -> Result<Option<MessageId>, Error> {
    Ok(conn
        .query_row(
            "SELECT id FROM messages WHERE conversation = ?1 AND (origin_id = ?2 OR stanza_id = ?2)
             ORDER BY id DESC LIMIT 1",
            params![conversation.0, id],
            |r| r.get(0),
        )
        .optional()?
        .map(MessageId))
}

/// Raises the delivery state of an outgoing message; states never go backwards.
pub fn raise_state(conn: &Connection, id: MessageId, state: Delivery) -> Result<bool, Error> {
    let changed = conn.execute(
        "UPDATE messages SET state = ?2, error = NULL
         WHERE id = ?1 AND direction = 1 AND state < ?2 AND state != 4",
        params![id.0, state.to_code()],
    )?;
    Ok(changed > 0)
}

/// Marks every outgoing message up to and including `id` as read (XEP-0333 semantics).
pub fn mark_read_up_to(conn: &Connection, id: MessageId) -> Result<usize, Error> {
    Ok(conn.execute(
        "UPDATE messages SET state = ?2 WHERE conversation = (SELECT conversation FROM messages WHERE id = ?1)
             AND direction = 1 AND state IN (1, 2) AND id <= ?1",
        params![id.0, Delivery::Read.to_code()],
    )?)
}

pub fn fail(conn: &Connection, id: MessageId, reason: &str) -> Result<(), Error> {
    conn.execute(
        "UPDATE messages SET state = ?2, error = ?3 WHERE id = ?1",
        params![id.0, Delivery::Failed.to_code(), reason],
    )?;
    Ok(())
}

/// Why a message is not what it should be, for the person to see: an incoming one that could
/// not be decrypted, or an outgoing one waiting because it cannot be encrypted yet (None once
/// it can).
pub fn set_error(conn: &Connection, id: MessageId, reason: Option<&str>) -> Result<(), Error> {
    conn.execute(
        "UPDATE messages SET error = ?2 WHERE id = ?1",
        params![id.0, reason],
    )?;
    Ok(())
}

/// An outgoing message stored as sent end-to-end encrypted, in these namespaces.
pub fn set_encrypted(
    conn: &Connection,
    id: MessageId,
    namespaces: Namespaces,
) -> Result<(), Error> {
    conn.execute(
        "UPDATE messages SET encrypted = ?2 WHERE id = ?1",
        params![id.0, encrypted_code(true, namespaces)],
    )?;
    Ok(())
}

pub fn correct(conn: &Connection, id: MessageId, body: &str) -> Result<(), Error> {
    conn.execute(
        "UPDATE messages SET body = ?2, edited = 1 WHERE id = ?1 AND retracted = 0",
        params![id.0, body],
    )?;
    Ok(())
}

/// A retracted message keeps its row (so late corrections and reactions find it) but loses
/// its text.
pub fn retract(conn: &Connection, id: MessageId) -> Result<(), Error> {
    conn.execute(
        "UPDATE messages SET body = '', retracted = 1 WHERE id = ?1",
        [id.0],
    )?;
    conn.execute("DELETE FROM reactions WHERE message = ?1", [id.0])?;
    Ok(())
}

pub fn set_reactions(
    conn: &Connection,
    id: MessageId,
    sender: &BareJid,
    emojis: &[String],
) -> Result<(), Error> {
    if emojis.is_empty() {
        conn.execute(
            "DELETE FROM reactions WHERE message = ?1 AND sender = ?2",
            params![id.0, sender.as_str()],
        )?;
    } else {
        let json = serde_json::to_string(emojis).expect("emojis serialize");
        conn.execute(
            "INSERT INTO reactions (message, sender, emojis) VALUES (?1, ?2, ?3)
             ON CONFLICT (message, sender) DO UPDATE SET emojis = excluded.emojis",
            params![id.0, sender.as_str(), json],
        )?;
    }
    Ok(())
}

/// Reactions to a message: (sender, emojis) pairs.
pub fn reactions(conn: &Connection, id: MessageId) -> Result<Vec<(BareJid, Vec<String>)>, Error> {
    let mut stmt = conn.prepare_cached(
        "SELECT sender, emojis FROM reactions WHERE message = ?1 ORDER BY sender",
    )?;
    let rows = stmt.query_map([id.0], |r| {
        let json: String = r.get(1)?;
        Ok((
            bare(&r.get::<_, String>(0)?)?,
            serde_json::from_str(&json).unwrap_or_default(),
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The newest incoming message of a conversation: what a displayed marker points at.
pub fn newest_incoming(
    conn: &Connection,
    conversation: ConversationId,
) -> Result<Option<Message>, Error> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM {TABLES}
                 WHERE m.conversation = ?1 AND m.direction = 0
                 ORDER BY m.timestamp DESC, m.id DESC LIMIT 1"
            ),
            [conversation.0],
            from_row,
        )
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A private conversation with an occupant is neither the room's nor a one-to-one chat,
    /// and every occupant has their own.
    #[test]
    fn private_conversations_have_their_own_key() {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::store::schema::migrate(&mut conn).unwrap();
        conn.execute(
            "INSERT INTO accounts (jid, password, resource) VALUES ('me@example.org', 'x', 'r')",
            [],
        )
        .unwrap();
        let account = AccountId(conn.last_insert_rowid());
        let room: BareJid = "team@muc.example.org".parse().unwrap();
        let new = |private: Option<&str>, body: &str| NewMessage {
            account,
            peer: room.clone(),
            sender: room.clone(),
            direction: Direction::In,
            body: body.into(),
            timestamp: Utc::now(),
            state: Delivery::Received,
            encrypted: false,
            namespaces: Default::default(),
            origin_id: Some(body.into()),
            stanza_id: None,
            reply_to: None,
            nick: None,
            occupant_id: None,
            private: private.map(str::to_string),
        };
        let mut conversations = Vec::new();
        for (private, body) in [
            (None, "to all"),
            (Some("bob"), "to me"),
            (Some("carol"), "hi"),
        ] {
            let Stored::Inserted { id, conversation } = insert(&conn, &new(private, body)).unwrap()
            else {
                panic!("stored twice");
            };
            let m = get(&conn, id).unwrap();
            assert_eq!(
                (m.peer.as_str(), m.private.as_deref()),
                (room.as_str(), private)
            );
            conversations.push(conversation);
        }
        conversations.dedup();
        assert_eq!(conversations.len(), 3);
        assert_eq!(
            conversations::peer(&conn, conversations[1]).unwrap(),
            (room.clone(), Some("bob".to_string()))
        );
        let listed = conversations::list(&conn).unwrap();
        let bob = listed.iter().find(|s| s.id == conversations[1]).unwrap();
        assert_eq!((bob.title(), bob.room), ("bob", false));
        // A nickname that is no resource cannot be written to, rather than be mistaken.
        assert!(conversations::key(&room, Some("")).is_err());
    }

    #[test]
    fn fts_query_quotes_user_input() {
        assert_eq!(
            super::fts_query("hello wor\"ld"),
            "\"hello\"* \"wor\"\"ld\"*"
        );
        assert_eq!(super::fts_query("   "), "");
        assert_eq!(super::fts_query("NEAR( a OR"), "\"NEAR(\"* \"a\"* \"OR\"*");
    }

    #[test]
    fn the_encrypted_column_keeps_the_namespaces() {
        use super::{Namespaces, encrypted_code, namespaces_of};
        let all = [(false, false), (true, false), (false, true), (true, true)];
        for (legacy, v2) in all {
            let ns = Namespaces { legacy, v2 };
            let code = encrypted_code(true, ns);
            assert_ne!(code, 0);
            assert_eq!(namespaces_of(code), ns);
            assert_eq!(encrypted_code(false, ns), 0);
        }
        // Rows from before the namespace was kept: encrypted, namespace unknown.
        assert!(namespaces_of(1).is_empty());
        assert!(namespaces_of(0).is_empty());
    }
}
