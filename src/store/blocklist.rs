//! The block list (XEP-0191) as our server last told us.

use rusqlite::{Connection, params};

use super::bare;
use crate::core::{AccountId, BareJid, Error};

pub fn replace(conn: &Connection, account: AccountId, jids: &[BareJid]) -> Result<(), Error> {
    conn.execute("DELETE FROM blocked WHERE account = ?1", [account.0])?;
    add(conn, account, jids)
}

pub fn add(conn: &Connection, account: AccountId, jids: &[BareJid]) -> Result<(), Error> {
    let mut stmt =
        conn.prepare_cached("INSERT OR IGNORE INTO blocked (account, jid) VALUES (?1, ?2)")?;
    for jid in jids {
        stmt.execute(params![account.0, jid.as_str()])?;
    }
    Ok(())
}

pub fn remove(conn: &Connection, account: AccountId, jids: &[BareJid]) -> Result<(), Error> {
    let mut stmt = conn.prepare_cached("DELETE FROM blocked WHERE account = ?1 AND jid = ?2")?;
    for jid in jids {
        stmt.execute(params![account.0, jid.as_str()])?;
    }
    Ok(())
}

pub fn all(conn: &Connection, account: AccountId) -> Result<Vec<BareJid>, Error> {
    let mut stmt =
        conn.prepare_cached("SELECT jid FROM blocked WHERE account = ?1 ORDER BY jid")?;
    let rows = stmt.query_map([account.0], |r| bare(&r.get::<_, String>(0)?))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
