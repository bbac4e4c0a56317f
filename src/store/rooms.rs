//! Rooms the user joined (XEP-0045): a conversation of kind 1 with our nickname there.
//! `joined` is the user's wish, not the connection's state: the session rejoins every joined
//! room at each fresh session.

use rusqlite::{Connection, OptionalExtension, params};

use super::{bare, conversations};
use crate::core::{AccountId, Affiliation, BareJid, ConversationId, Error};

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
    /// Members only with real addresses for anyone: its messages can be encrypted.
    pub private: bool,
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

/// What the room's features say: whether its messages can be encrypted.
pub fn set_private(
    conn: &Connection,
    conversation: ConversationId,
    private: bool,
) -> Result<(), Error> {
    conn.execute(
        "UPDATE rooms SET private = ?2 WHERE conversation = ?1",
        params![conversation.0, private],
    )?;
    Ok(())
}

/// The room's whole list of one affiliation, as it answered: replaces what we had of it.
pub fn set_members(
    conn: &Connection,
    conversation: ConversationId,
    affiliation: Affiliation,
    jids: &[BareJid],
) -> Result<(), Error> {
    conn.execute(
        "DELETE FROM room_members WHERE conversation = ?1 AND affiliation = ?2",
        params![conversation.0, affiliation.as_str()],
    )?;
    for jid in jids {
        note_member(conn, conversation, jid, affiliation)?;
    }
    Ok(())
}

/// One address's affiliation, as a presence showed it: an owner, admin or member is kept,
/// anyone else is no member.
pub fn note_member(
    conn: &Connection,
    conversation: ConversationId,
    jid: &BareJid,
    affiliation: Affiliation,
) -> Result<(), Error> {
    if matches!(
        affiliation,
        Affiliation::Owner | Affiliation::Admin | Affiliation::Member
    ) {
        conn.execute(
            "INSERT INTO room_members (conversation, jid, affiliation) VALUES (?1, ?2, ?3)
             ON CONFLICT (conversation, jid) DO UPDATE SET affiliation = excluded.affiliation",
            params![conversation.0, jid.as_str(), affiliation.as_str()],
        )?;
    } else {
        conn.execute(
            "DELETE FROM room_members WHERE conversation = ?1 AND jid = ?2",
            params![conversation.0, jid.as_str()],
        )?;
    }
    Ok(())
}

/// Everyone the room counts as owner, admin or member, by address.
pub fn members(conn: &Connection, conversation: ConversationId) -> Result<Vec<BareJid>, Error> {
    let mut stmt =
        conn.prepare_cached("SELECT jid FROM room_members WHERE conversation = ?1 ORDER BY jid")?;
    let rows = stmt.query_map([conversation.0], |r| bare(&r.get::<_, String>(0)?))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

const COLUMNS: &str =
    "r.conversation, c.peer, r.nick, r.password, r.joined, r.name, r.subject, r.private";

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<Room> {
    Ok(Room {
        conversation: ConversationId(r.get(0)?),
        jid: bare(&r.get::<_, String>(1)?)?,
        nick: r.get(2)?,
        password: r.get(3)?,
        joined: r.get(4)?,
        name: r.get(5)?,
        subject: r.get(6)?,
        private: r.get(7)?,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn room() -> (Connection, ConversationId) {
        let mut conn = Connection::open_in_memory().unwrap();
        super::super::schema::migrate(&mut conn).unwrap();
        conn.execute(
            "INSERT INTO accounts (jid, password, resource) VALUES ('me@example.org', 'x', 'r')",
            [],
        )
        .unwrap();
        let account = AccountId(conn.last_insert_rowid());
        let jid: BareJid = "team@muc.example.org".parse().unwrap();
        let conversation = join(&conn, account, &jid, "me", None).unwrap();
        (conn, conversation)
    }

    fn names(conn: &Connection, conversation: ConversationId) -> Vec<String> {
        members(conn, conversation)
            .unwrap()
            .iter()
            .map(|j| j.to_string())
            .collect()
    }

    #[test]
    fn members_come_from_the_lists_and_from_presences() {
        let (c, room) = room();
        let jid = |s: &str| s.parse::<BareJid>().unwrap();
        set_members(
            &c,
            room,
            Affiliation::Member,
            &[jid("bob@x.org"), jid("carol@x.org")],
        )
        .unwrap();
        set_members(&c, room, Affiliation::Owner, &[jid("me@example.org")]).unwrap();
        assert_eq!(
            names(&c, room),
            ["bob@x.org", "carol@x.org", "me@example.org"]
        );
        // A newer member list drops who is no longer on it, and no other affiliation.
        set_members(&c, room, Affiliation::Member, &[jid("bob@x.org")]).unwrap();
        assert_eq!(names(&c, room), ["bob@x.org", "me@example.org"]);
        note_member(&c, room, &jid("dave@x.org"), Affiliation::Admin).unwrap();
        note_member(&c, room, &jid("bob@x.org"), Affiliation::Outcast).unwrap();
        assert_eq!(names(&c, room), ["dave@x.org", "me@example.org"]);
        set_private(&c, room, true).unwrap();
        let found: bool = c
            .query_row(
                "SELECT private FROM rooms WHERE conversation = ?1",
                [room.0],
                |r| r.get(0),
            )
            .unwrap();
        assert!(found);
    }
}
