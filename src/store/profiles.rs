//! Nicknames, avatars and last-seen times of contacts and of ourselves.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::bare;
use crate::core::{AccountId, AvatarImage, BareJid, Error, Profile};

fn ensure(conn: &Connection, account: AccountId, jid: &BareJid) -> Result<(), Error> {
    conn.execute(
        "INSERT OR IGNORE INTO profiles (account, jid) VALUES (?1, ?2)",
        params![account.0, jid.as_str()],
    )?;
    Ok(())
}

/// Returns whether anything changed.
pub fn set_nick(
    conn: &Connection,
    account: AccountId,
    jid: &BareJid,
    nick: Option<&str>,
) -> Result<bool, Error> {
    ensure(conn, account, jid)?;
    let n = conn.execute(
        "UPDATE profiles SET nick = ?3 WHERE account = ?1 AND jid = ?2 AND nick IS NOT ?3",
        params![account.0, jid.as_str(), nick],
    )?;
    Ok(n > 0)
}

/// Returns whether anything changed.
pub fn set_avatar(
    conn: &Connection,
    account: AccountId,
    jid: &BareJid,
    hash: Option<&str>,
) -> Result<bool, Error> {
    ensure(conn, account, jid)?;
    let n = conn.execute(
        "UPDATE profiles SET avatar = ?3 WHERE account = ?1 AND jid = ?2 AND avatar IS NOT ?3",
        params![account.0, jid.as_str(), hash],
    )?;
    Ok(n > 0)
}

pub fn set_last_seen(
    conn: &Connection,
    account: AccountId,
    jid: &BareJid,
    at: DateTime<Utc>,
) -> Result<(), Error> {
    ensure(conn, account, jid)?;
    conn.execute(
        "UPDATE profiles SET last_seen = ?3 WHERE account = ?1 AND jid = ?2",
        params![account.0, jid.as_str(), at.timestamp_millis()],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, account: AccountId, jid: &BareJid) -> Result<Profile, Error> {
    let found = conn
        .query_row(
            "SELECT nick, avatar, last_seen FROM profiles WHERE account = ?1 AND jid = ?2",
            params![account.0, jid.as_str()],
            |r| {
                Ok(Profile {
                    jid: Some(jid.clone()),
                    nick: r.get(0)?,
                    avatar: r.get(1)?,
                    last_seen: r
                        .get::<_, Option<i64>>(2)?
                        .and_then(DateTime::from_timestamp_millis),
                })
            },
        )
        .optional()?;
    Ok(found.unwrap_or(Profile {
        jid: Some(jid.clone()),
        ..Profile::default()
    }))
}

pub fn all(conn: &Connection, account: AccountId) -> Result<Vec<Profile>, Error> {
    let mut stmt = conn.prepare_cached(
        "SELECT jid, nick, avatar, last_seen FROM profiles WHERE account = ?1 ORDER BY jid",
    )?;
    let rows = stmt.query_map([account.0], |r| {
        Ok(Profile {
            jid: Some(bare(&r.get::<_, String>(0)?)?),
            nick: r.get(1)?,
            avatar: r.get(2)?,
            last_seen: r
                .get::<_, Option<i64>>(3)?
                .and_then(DateTime::from_timestamp_millis),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn has_avatar(conn: &Connection, hash: &str) -> Result<bool, Error> {
    Ok(conn
        .query_row("SELECT 1 FROM avatars WHERE hash = ?1", [hash], |_| Ok(()))
        .optional()?
        .is_some())
}

pub fn put_avatar(conn: &Connection, hash: &str, image: &AvatarImage) -> Result<(), Error> {
    conn.execute(
        "INSERT OR IGNORE INTO avatars (hash, mime, data) VALUES (?1, ?2, ?3)",
        params![hash, image.mime, image.data],
    )?;
    Ok(())
}

pub fn avatar(conn: &Connection, hash: &str) -> Result<Option<AvatarImage>, Error> {
    Ok(conn
        .query_row(
            "SELECT mime, data FROM avatars WHERE hash = ?1",
            [hash],
            |r| {
                Ok(AvatarImage {
                    mime: r.get(0)?,
                    data: r.get(1)?,
                })
            },
        )
        .optional()?)
}
