//! The contact list as the server last told us (RFC 6121, with versioning).

use rusqlite::{Connection, params};

use super::bare;
use crate::core::{AccountId, BareJid, Error, RosterItem, Subscription};

pub fn upsert(conn: &Connection, account: AccountId, item: &RosterItem) -> Result<(), Error> {
    let groups = serde_json::to_string(&item.groups).expect("groups serialize");
    conn.execute(
        "INSERT INTO roster (account, jid, name, subscription, pending_out, pending_in, groups)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (account, jid) DO UPDATE SET name = excluded.name,
             subscription = excluded.subscription, pending_out = excluded.pending_out,
             pending_in = max(pending_in, excluded.pending_in), groups = excluded.groups",
        params![
            account.0,
            item.jid.as_str(),
            item.name,
            item.subscription.as_str(),
            item.pending_out,
            item.pending_in,
            groups
        ],
    )?;
    Ok(())
}

pub fn remove(conn: &Connection, account: AccountId, jid: &BareJid) -> Result<(), Error> {
    conn.execute(
        "DELETE FROM roster WHERE account = ?1 AND jid = ?2",
        params![account.0, jid.as_str()],
    )?;
    Ok(())
}

/// Replaces the whole roster (a full roster result, not a push).
pub fn replace_all(
    conn: &Connection,
    account: AccountId,
    items: &[RosterItem],
) -> Result<(), Error> {
    conn.execute(
        "DELETE FROM roster WHERE account = ?1 AND pending_in = 0",
        [account.0],
    )?;
    for item in items {
        upsert(conn, account, item)?;
    }
    Ok(())
}

/// Records an incoming subscription request, keeping any roster entry we already have.
pub fn set_pending_in(
    conn: &Connection,
    account: AccountId,
    jid: &BareJid,
    pending: bool,
) -> Result<(), Error> {
    conn.execute(
        "INSERT INTO roster (account, jid, pending_in) VALUES (?1, ?2, ?3)
         ON CONFLICT (account, jid) DO UPDATE SET pending_in = excluded.pending_in",
        params![account.0, jid.as_str(), pending],
    )?;
    Ok(())
}

pub fn all(conn: &Connection, account: AccountId) -> Result<Vec<RosterItem>, Error> {
    let mut stmt = conn.prepare(
        "SELECT jid, name, subscription, pending_out, pending_in, groups FROM roster
         WHERE account = ?1 ORDER BY coalesce(name, jid) COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([account.0], |r| {
        let groups: String = r.get(5)?;
        Ok(RosterItem {
            jid: bare(&r.get::<_, String>(0)?)?,
            name: r.get(1)?,
            subscription: Subscription::parse(&r.get::<_, String>(2)?),
            pending_out: r.get(3)?,
            pending_in: r.get(4)?,
            groups: serde_json::from_str(&groups).unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Whether `jid` is on the roster with a subscription either way (receipts go only to them).
pub fn is_contact(conn: &Connection, account: AccountId, jid: &BareJid) -> Result<bool, Error> {
    Ok(conn.query_row(
        "SELECT count(*) FROM roster WHERE account = ?1 AND jid = ?2 AND subscription != 'none'",
        params![account.0, jid.as_str()],
        |r| r.get::<_, i64>(0),
    )? > 0)
}
